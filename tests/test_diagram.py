"""python -m cdktf_batch.diagram: the Mermaid picture of a synthesized stack. Every Batch
resource of the example app's stacks appears, and every edge is a reference in the JSON."""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import cdktf_batch as batch
from cdktf_batch import diagram
from examples.main import build
from tests import engine
from tests.conftest import ROOT, VPC, synth

IMAGE = batch.ContainerImage.from_registry("busybox")


@pytest.fixture(scope="module")
def stacks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """The example app as `cdktf synth` writes it (with the construct paths in the metadata)."""
    out = tmp_path_factory.mktemp("cdktf.out")
    build(engine.App(outdir=str(out))).synth()
    return {path.parent.name: json.loads(path.read_text()) for path in sorted(out.glob("stacks/*/cdk.tf.json"))}


def blocks(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = {f"{kind}.{name}": body for kind, named in doc.get("resource", {}).items() for name, body in named.items()}
    found |= {
        f"data.{kind}.{name}": body for kind, named in doc.get("data", {}).items() for name, body in named.items()
    }
    return found


def refers(text: str, address: str) -> bool:
    """Whether JSON text holds a reference to ``address`` (also escaped inside a JSON string)."""
    return f"${{{address}." in text


def assert_edges_follow_references(doc: dict[str, Any], graph: diagram.StackGraph) -> None:
    """An edge source -> target holds when the source's block, or a block that belongs to the
    source (a rule's target, a role's inline policy), refers to the target."""
    everything = blocks(doc)
    for edge in graph.edges:
        source = everything.get(edge.source)
        texts = [json.dumps(source)] if source is not None else []
        texts += [json.dumps(body) for body in everything.values() if refers(json.dumps(body), edge.source)]
        if source is None:  # a role outside the stack, given by name to a policy
            name = graph.nodes[edge.source].label
            texts += [json.dumps(body) for body in everything.values() if body.get("role") == name]
        assert any(refers(text, edge.target) for text in texts), edge


def test_every_batch_resource_of_the_example_stacks_appears(stacks: dict[str, dict[str, Any]]) -> None:
    for name, doc in stacks.items():
        graph = diagram.graph_of(doc)
        text = diagram.to_mermaid(graph)
        batch_blocks = [address for address in blocks(doc) if re.match(r"(data\.)?aws_batch_", address)]
        assert batch_blocks, name
        for address in batch_blocks:
            assert address in graph.nodes, f"{name}: {address}"
            assert re.sub(r"[^A-Za-z0-9_]", "_", address) in text, f"{name}: {address}"
        assert_edges_follow_references(doc, graph)


def test_queues_show_their_environments_in_order(stacks: dict[str, dict[str, Any]]) -> None:
    graph = diagram.graph_of(stacks["job-queues"])
    low = next(address for address in graph.nodes if address.startswith("aws_batch_job_queue.LowPrioQueue_"))
    orders = {graph.nodes[e.target].label: e.label for e in graph.edges if e.source == low}
    assert orders == {"SharedSpot": "order 1", "ComputeEnvironment": "order 2"}
    submitter = [e for e in graph.edges if e.source == "aws_iam_role.Submitter"]
    assert [(graph.nodes[e.target].label.split(" ")[0], e.label) for e in submitter] == [("JobQueue", "may submit to")]


def test_job_definitions_show_their_roles(stacks: dict[str, dict[str, Any]]) -> None:
    graph = diagram.graph_of(stacks["job-definitions"])
    fargate = next(address for address in graph.nodes if address.startswith("aws_batch_job_definition.FargateJob_"))
    labels = sorted(e.label for e in graph.edges if e.source == fargate)
    assert labels == ["execution role", "job role"]


def test_schedules_triggers_grants_and_eks() -> None:
    def build_stack(stack: Any) -> None:
        cluster = batch.EksCluster.from_cluster_name(stack, "Cluster", "prod")
        env = batch.ComputeEnvironment(
            stack, "OnEks",
            eks_configuration=batch.EksConfiguration(eks_cluster=cluster, kubernetes_namespace="batch"),
            compute_resources=batch.ComputeResources(vpc=VPC, image=batch.EksOptimizedAmi(kubernetes_version="1.31")),
        )  # fmt: skip
        queue = batch.JobQueue(
            stack, "Queue", compute_environments=[batch.JobQueueComputeEnvironment(compute_environment=env, order=1)]
        )
        job = batch.JobDefinition(
            stack, "Job", eks_properties=batch.EksProperties(containers=[batch.EksContainer(image=IMAGE)])
        )
        batch.JobSchedule(
            stack,
            "Nightly",
            job_queue=queue,
            job_definition=job,
            schedule=batch.Schedule.rate(datetime.timedelta(hours=1)),
        )
        batch.JobTrigger.for_s3_objects(stack, "OnUpload", bucket_name="incoming", job_queue=queue, job_definition=job)
        queue.grant_submit_job("operator", job)

    doc = synth(build_stack)
    graph = diagram.graph_of(doc)
    assert_edges_follow_references(doc, graph)

    def edges(prefix: str) -> list[tuple[str, str]]:
        return sorted(
            (e.label, graph.nodes[e.target].kind) for e in graph.edges if e.source.split(".")[-2].startswith(prefix)
        )

    assert ("on cluster", "aws_eks_cluster") in edges("aws_batch_compute_environment")
    assert edges("aws_scheduler_schedule") == [
        ("runs as", "aws_iam_role"),
        ("submits", "aws_batch_job_definition"),
        ("submits to", "aws_batch_job_queue"),
    ]
    assert edges("aws_cloudwatch_event_rule") == [
        ("runs as", "aws_iam_role"),
        ("submits", "aws_batch_job_definition"),
        ("submits to", "aws_batch_job_queue"),
    ]
    operator = [e for e in graph.edges if graph.nodes[e.source].label == "operator"]
    assert sorted((e.label, graph.nodes[e.target].kind) for e in operator) == [
        ("may submit", "aws_batch_job_definition"),
        ("may submit to", "aws_batch_job_queue"),
    ]


def test_the_command_line(tmp_path: Path, stacks: dict[str, dict[str, Any]]) -> None:
    folder = tmp_path / "job-queues"
    folder.mkdir()
    (folder / "cdk.tf.json").write_text(json.dumps(stacks["job-queues"]))
    result = subprocess.run(
        [sys.executable, "-m", "cdktf_batch.diagram", "--title", str(folder)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert result.stdout.startswith("---\ntitle: job-queues\n---\nflowchart LR\n")
    assert '-->|"order 2"|' in result.stdout
    missing = subprocess.run(
        [sys.executable, "-m", "cdktf_batch.diagram", str(tmp_path / "nowhere")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 1 and "nowhere" in missing.stderr


def test_a_file_that_is_not_terraform_json(tmp_path: Path) -> None:
    path = tmp_path / "cdk.tf.json"
    path.write_text('{"resource": []}')
    with pytest.raises(ValueError, match="not a Terraform JSON configuration"):
        diagram.read_stack(tmp_path)


def test_the_readme_shows_the_job_queues_stack_as_drawn(stacks: dict[str, dict[str, Any]]) -> None:
    """The README's picture is the tool's output for the example app's job-queues stack, not a
    drawing: regenerate it with `python -m cdktf_batch.diagram cdktf.out/stacks/job-queues`."""
    readme = (ROOT / "README.md").read_text()
    pictures = re.findall(r"```mermaid\n(.*?)```", readme, re.DOTALL)
    assert pictures == [diagram.to_mermaid(diagram.graph_of(stacks["job-queues"]))]
