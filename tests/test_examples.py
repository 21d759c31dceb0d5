"""The example app: every stack synthesizes, passes `terraform validate`, holds the seed's
examples, and comes out the same every time, in this process and in a fresh one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from examples.main import build
from tests import engine
from tests.conftest import ROOT, one, register, resources


@pytest.fixture(scope="module")
def stacks() -> dict[str, dict[str, Any]]:
    app = build(engine.Testing.app())
    docs = {}
    for stack in app.node.children:
        doc = json.loads(engine.Testing.synth(stack))
        register(doc, f"examples/{stack.node.id}")
        docs[stack.node.id] = doc
    return docs


def test_compute_environment_examples(stacks: dict[str, dict[str, Any]]) -> None:
    doc = stacks["compute-environments"]
    environments = resources(doc, "aws_batch_compute_environment")
    by_id = {key.rsplit("_", 1)[0]: value for key, value in environments.items()}
    assert by_id["AWS-Managed-Compute-Env"]["compute_resources"]["type"] == "EC2"
    assert by_id["Customer-Managed-Compute-Env"]["type"] == "UNMANAGED"
    assert by_id["MySpotEnvironment"]["compute_resources"]["bid_percentage"] == 75
    assert by_id["MyFargateEnvironment"]["compute_resources"]["type"] == "FARGATE_SPOT"
    assert by_id["ComputeEnv"]["name"] == "MyStorageCapableComputeEnvironment"
    assert "launch_template_name" in by_id["ComputeEnv"]["compute_resources"]["launch_template"]
    assert by_id["EcsOptimizedAmiComputeEnv"]["compute_resources"]["ec2_configuration"][0]["image_type"] == "ECS_AL2"
    assert by_id["CustomAmiComputeEnv"]["compute_resources"]["ec2_configuration"][0]["image_id_override"].startswith(
        "ami-"
    )
    assert "spot_iam_fleet_role" in by_id["SpotBestFitComputeEnv"]["compute_resources"]
    assert list(doc["data"]["aws_batch_compute_environment"].values()) == [{"name": "My-Compute-Env"}]


def test_job_queue_examples(stacks: dict[str, dict[str, Any]]) -> None:
    doc = stacks["job-queues"]
    queues = {key.rsplit("_", 1)[0]: value for key, value in resources(doc, "aws_batch_job_queue").items()}
    environments = {key.rsplit("_", 1)[0]: key for key in resources(doc, "aws_batch_compute_environment")}

    def arn(name: str) -> str:
        return f"${{aws_batch_compute_environment.{environments[name]}.arn}}"

    assert queues["JobQueue"]["compute_environment_order"] == [
        {"compute_environment": arn("ComputeEnvironment"), "order": 1}
    ]
    assert queues["HighPrioQueue"]["priority"] == 2 and queues["LowPrioQueue"]["priority"] == 1
    assert queues["HighPrioQueue"]["compute_environment_order"][0]["compute_environment"] == arn("SharedSpot")
    assert queues["LowPrioQueue"]["compute_environment_order"] == [
        {"compute_environment": arn("SharedSpot"), "order": 1},
        {"compute_environment": arn("ComputeEnvironment"), "order": 2},
    ]
    assert all(queue["state"] == "ENABLED" for queue in queues.values())
    assert list(doc["data"]["aws_batch_job_queue"].values()) == [{"name": "High-Prio-Queue"}]
    assert queues["FairShareQueue"]["scheduling_policy_arn"].startswith("${aws_batch_scheduling_policy.")
    assert queues["FairShareQueue"]["job_state_time_limit_action"][0]["max_time_seconds"] == 3600
    grant = json.loads(one(resources(doc, "aws_iam_role_policy"))["policy"])
    assert grant["Statement"][0]["Action"] == "batch:SubmitJob"
    assert len(grant["Statement"][0]["Resource"]) == 2


def test_job_definition_examples(stacks: dict[str, dict[str, Any]]) -> None:
    doc = stacks["job-definitions"]
    definitions = {key.rsplit("_", 1)[0]: value for key, value in resources(doc, "aws_batch_job_definition").items()}
    from_ecr = json.loads(definitions["batch-job-def-from-ecr"]["container_properties"])
    assert from_ecr["image"].startswith("${data.aws_ecr_repository.") and from_ecr["image"].endswith(":latest")
    from_local = json.loads(definitions["batch-job-def-from-local"]["container_properties"])
    assert from_local["image"].startswith("${docker_registry_image.")
    logged = json.loads(definitions["job-def"]["container_properties"])
    assert logged["image"] == "docker/whalesay"
    assert logged["logConfiguration"]["secretOptions"][0]["valueFrom"].endswith(":parameter/xyz")
    assert json.loads(definitions["FargateJob"]["container_properties"])["executionRoleArn"].startswith(
        "${aws_iam_role."
    )
    assert definitions["MultiNodeJob"]["type"] == "multinode"
    lookups = list(doc["data"]["aws_batch_job_definition"].values())
    assert {"name": "my-job-definition", "revision": 3} in lookups
    assert lookups.count({"name": "my-job-definition", "status": "ACTIVE"}) == 2


def test_launch_template_requires_imdsv2(stacks: dict[str, dict[str, Any]]) -> None:
    for template in resources(stacks["compute-environments"], "aws_launch_template").values():
        assert template["metadata_options"]["http_tokens"] == "required"


def test_synth_is_deterministic_across_processes(tmp_path: Path) -> None:
    """The app run as `cdktf synth` runs it: writes to CDKTF_OUTDIR, prints no jsii banner,
    and gives byte-identical output to the same app synthesized in this process."""
    here = tmp_path / "in-process"
    build(engine.App(outdir=str(here))).synth()
    there = tmp_path / "subprocess"
    env = {**os.environ, "CDKTF_OUTDIR": str(there)}
    env.pop("JSII_NODE", None)  # the app must find the venv's Node by itself
    result = subprocess.run(
        [sys.executable, "-m", "examples.main"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "jsii" not in output.lower() and "node" not in output.lower(), output
    files = sorted(p.relative_to(there) for p in there.rglob("*.json"))
    assert Path("stacks/compute-environments/cdk.tf.json") in files
    for relative in files:
        assert (there / relative).read_bytes() == (here / relative).read_bytes(), relative


def test_required_providers_are_the_engines(stacks: dict[str, dict[str, Any]]) -> None:
    """The provider versions the engine's bindings target, exactly (they differ by engine)."""
    for doc in stacks.values():
        assert doc["terraform"]["required_providers"]["aws"] == engine.REQUIRED_AWS[engine.NAME]
    required = stacks["job-definitions"]["terraform"]["required_providers"]
    assert required["docker"] == engine.REQUIRED_DOCKER[engine.NAME]  # ContainerImage.from_asset


def test_local_state_by_default(stacks: dict[str, dict[str, Any]]) -> None:
    for doc in stacks.values():
        assert "cloud" not in doc["terraform"] and "backend" not in doc["terraform"]


@pytest.mark.parametrize(
    ("env", "workspaces"),
    [
        ({"TFC_ORGANIZATION": "acme"}, {"name": "cdktf-batch-job-queues"}),
        ({"TFC_ORGANIZATION": "acme", "TFC_WORKSPACE_PREFIX": "prod-"}, {"name": "prod-job-queues"}),
        ({"TFC_ORGANIZATION": "acme", "TFC_WORKSPACE_TAGS": "batch, prod"}, {"tags": ["batch", "prod"]}),
    ],
)
def test_terraform_cloud_workspaces(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], workspaces: dict[str, Any]
) -> None:
    for name in ("TFC_ORGANIZATION", "TFC_WORKSPACE_PREFIX", "TFC_WORKSPACE_TAGS", "TFC_HOSTNAME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    app = build(engine.Testing.app())
    stack = next(s for s in app.node.children if s.node.id == "job-queues")
    doc = json.loads(engine.Testing.synth(stack))
    assert doc["terraform"]["cloud"] == {
        "hostname": "app.terraform.io",
        "organization": "acme",
        "workspaces": workspaces,
    }


def test_terraform_cloud_from_context(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TFC_ORGANIZATION", raising=False)
    app = build(engine.Testing.app(context={"tfcOrganization": "acme", "tfcHostname": "tfe.example.com"}))
    stack = next(s for s in app.node.children if s.node.id == "compute-environments")
    cloud = json.loads(engine.Testing.synth(stack))["terraform"]["cloud"]
    assert cloud == {
        "hostname": "tfe.example.com",
        "organization": "acme",
        "workspaces": {"name": "cdktf-batch-compute-environments"},
    }
