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
from tests.conftest import ROOT, data_sources, one, register, resources
from tests.test_schedule import submit_job_problems


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


def test_eks_example(stacks: dict[str, dict[str, Any]]) -> None:
    doc = stacks["eks"]
    assert data_sources(doc, "aws_eks_cluster") == {"Cluster_EB0386A7": {"name": "prod"}}
    cluster = "data.aws_eks_cluster.Cluster_EB0386A7"
    environment = one(resources(doc, "aws_batch_compute_environment"))
    assert environment["eks_configuration"] == {
        "eks_cluster_arn": f"${{{cluster}.arn}}",
        "kubernetes_namespace": "batch",
    }
    compute = environment["compute_resources"]
    # The nodes in the cluster's subnets, with its security group, on the EKS-optimized AL2023 AMI.
    assert compute["subnets"] == f"${{tolist({cluster}.vpc_config[0].subnet_ids)}}"
    assert compute["security_group_ids"] == [f"${{{cluster}.vpc_config[0].cluster_security_group_id}}"]
    assert compute["ec2_configuration"] == [{"image_type": "EKS_AL2023", "image_kubernetes_version": "1.31"}]
    # Access to the cluster: the nodes' entry and Batch's namespace policy, by authentication mode.
    (entry,) = resources(doc, "aws_eks_access_entry").values()
    assert entry["type"] == "EC2_LINUX" and entry["principal_arn"].startswith("${aws_iam_role.")
    (association,) = resources(doc, "aws_eks_access_policy_association").values()
    assert association["access_scope"] == {"namespaces": ["batch"], "type": "namespace"}
    queue = one(resources(doc, "aws_batch_job_queue"))
    assert queue["compute_environment_order"][0]["compute_environment"].startswith("${aws_batch_compute_environment.")
    definition = one(resources(doc, "aws_batch_job_definition"))
    pod = definition["eks_properties"]["pod_properties"]
    assert [c["name"] for c in pod["init_containers"]] == ["fetch"]
    (main,) = pod["containers"]
    assert main["resources"] == {
        "limits": {"cpu": "2", "memory": "2048Mi"},
        "requests": {"cpu": "1", "memory": "2048Mi"},
    }
    assert [m["name"] for m in main["volume_mounts"]] == ["scratch", "credentials"]
    assert [v["name"] for v in pod["volumes"]] == ["scratch", "credentials"]
    assert definition["retry_strategy"] == {"attempts": 2}
    manifest = json.loads(doc["output"]["rbac_manifest"]["value"])
    assert [item["kind"] for item in manifest["items"]] == [
        "Namespace",
        "ClusterRole",
        "ClusterRoleBinding",
        "Role",
        "RoleBinding",
    ]


def test_schedules_example(stacks: dict[str, dict[str, Any]]) -> None:
    doc = stacks["schedules"]
    schedule = one(resources(doc, "aws_scheduler_schedule"))
    assert schedule["schedule_expression"] == "cron(0 2 * * ? *)"
    assert schedule["schedule_expression_timezone"] == "Europe/Paris"
    assert schedule["flexible_time_window"] == {"maximum_window_in_minutes": 15, "mode": "FLEXIBLE"}
    target = schedule["target"]
    assert target["retry_policy"] == {"maximum_event_age_in_seconds": 21600, "maximum_retry_attempts": 20}
    assert target["dead_letter_config"]["arn"].startswith("${aws_sqs_queue.FailedSubmissions")
    request = json.loads(target["input"])
    assert submit_job_problems(request) == ""
    assert request["Parameters"] == {"day": "yesterday"}
    assert request["RetryStrategy"] == {"Attempts": 2}
    assert request["ContainerOverrides"] == {"Environment": [{"Name": "REPORT_FORMAT", "Value": "pdf"}]}

    def named(type_name: str, part: str) -> dict[str, Any]:
        return one({key: value for key, value in resources(doc, type_name).items() if part in key})

    rules = {part: named("aws_cloudwatch_event_rule", part) for part in ("OnUpload", "NotifyFailures")}
    pattern = json.loads(rules["OnUpload"]["event_pattern"])
    assert pattern["detail"] == {
        "bucket": {"name": ["incoming-data"]},
        "object": {"key": [{"wildcard": "uploads/*.csv"}]},
    }
    targets = {part: named("aws_cloudwatch_event_target", part) for part in ("OnUpload", "NotifyFailures")}
    transformer = targets["OnUpload"]["input_transformer"]
    assert transformer["input_paths"] == {
        "bucket": "$.detail.bucket.name",
        "key": "$.detail.object.key",
        "size": "$.detail.object.size",
    }
    assert json.loads(transformer["input_template"]) == {
        "Parameters": {"bucket": "<bucket>", "key": "<key>", "size": "<size>"}
    }
    assert targets["OnUpload"]["retry_policy"] == {"maximum_retry_attempts": 3}
    assert one(resources(doc, "aws_s3_bucket_notification")) == {"bucket": "incoming-data", "eventbridge": True}
    dead_letters = json.loads(one(resources(doc, "aws_sqs_queue_policy"))["policy"])
    assert dead_letters["Statement"][0]["Condition"]["ArnEquals"]["aws:SourceArn"].startswith(
        "${aws_cloudwatch_event_rule.OnUpload"
    )

    failures = json.loads(rules["NotifyFailures"]["event_pattern"])
    assert failures["detail"]["status"] == ["FAILED"]
    assert targets["NotifyFailures"]["arn"].startswith("${aws_sns_topic.JobFailures")
    topic_policy = json.loads(one(resources(doc, "aws_sns_topic_policy"))["policy"])
    assert topic_policy["Statement"][0]["Principal"] == {"Service": "events.amazonaws.com"}


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
