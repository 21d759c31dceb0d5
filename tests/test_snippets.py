"""Every Python block of README.md and docs/ runs, and what it claims holds.

Each ```python block is extracted from the Markdown and run:

- a block that builds its own ``App()`` runs as it is, with the app's output directory moved to a
  temporary folder; the stacks it wrote are read back;
- any other block is a fragment of a stack's ``__init__``: it runs, dedented, after ``PRELUDE``
  (``self`` a stack with its AWS provider, and the names fragments use without defining them), and
  the stack is synthesized;
- a block that imports ``cdktn`` runs only where CDK Terrain is installed; on the cdktn engine the
  other blocks' ``cdktf`` imports are read as ``cdktn``'s (the same API);
- ``<!-- snippet: skip REASON -->`` on the line before a block skips it, and
  ``<!-- snippet: continues -->`` runs it after the block above it on the same page.

Every stack is checked like any test's (botocore's Batch model, ``terraform validate``), the
``assert`` statements inside blocks run, and ``CLAIMS`` asserts what the text around a block says
it builds.
"""

from __future__ import annotations

import datetime
import importlib.util
import json
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import cdktf_batch as batch
from tests import engine
from tests.conftest import ROOT, VPC, new_stack, register, synth_stack

DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
FENCE = re.compile(r"^```python\s*$")
MARKER = re.compile(r"^<!--\s*snippet:\s*(.*?)\s*-->\s*$")
IMAGE = "public.ecr.aws/docker/library/busybox:latest"


@dataclass(frozen=True)
class Snippet:
    document: str  # relative to the repository
    heading: str  # the nearest heading above
    line: int  # of the fence
    code: str
    skip: str | None = None

    @property
    def standalone(self) -> bool:
        return re.search(r"\bApp\(\)", self.code) is not None

    @property
    def needs_cdktn(self) -> bool:
        return re.search(r"^\s*(from|import) cdktn\b", self.code, re.MULTILINE) is not None


def snippets(path: Path) -> list[Snippet]:
    found: list[Snippet] = []
    lines = path.read_text().splitlines()
    heading, marker, index = "", "", 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("```"):
            end = next(i for i in range(index + 1, len(lines)) if lines[i].strip() == "```")
            if FENCE.match(line):
                code = "\n".join(lines[index + 1 : end])
                skip = marker.removeprefix("skip").strip() or "marked skip" if marker.startswith("skip") else None
                if marker == "continues":  # runs after the block above it on the page
                    code = f"{found[-1].code}\n{textwrap.dedent(code)}"
                found.append(Snippet(str(path.relative_to(ROOT)), heading, index + 1, code, skip))
            marker, index = "", end + 1
            continue
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        match = MARKER.match(line)
        if match:
            marker = match.group(1).strip()
        elif line.strip():
            marker = ""
        index += 1
    return found


ALL = [snippet for path in DOCUMENTS for snippet in snippets(path)]

# What fragments use without defining it (the README's fragments continue its quick start).
PRELUDE = f"""
import datetime
from datetime import timedelta

import cdktf_batch as batch

vpc = batch.Vpc.from_attributes(vpc_id="vpc-1", private_subnet_ids=["subnet-1", "subnet-2"], public_subnet_ids=["subnet-3"])
image = batch.ContainerImage.from_registry("{IMAGE}")
fluent_bit = batch.ContainerImage.from_registry("public.ecr.aws/aws-observability/aws-for-fluent-bit:stable")
aws_cli = batch.ContainerImage.from_registry("public.ecr.aws/aws-cli/aws-cli:latest")
proxy = batch.ContainerImage.from_registry("public.ecr.aws/nginx/nginx:latest")
spot = batch.ComputeEnvironment(self, "PreludeSpot", compute_resources=batch.ComputeResources(
    vpc=vpc, type=batch.ComputeResourceType.SPOT))
on_demand = batch.ComputeEnvironment(self, "PreludeOnDemand", compute_resources=batch.ComputeResources(vpc=vpc))
third = batch.ComputeEnvironment(self, "PreludeThird", compute_resources=batch.ComputeResources(vpc=vpc))
queue = batch.JobQueue(self, "PreludeQueue", compute_environments=[
    batch.JobQueueComputeEnvironment(compute_environment=spot, order=1)])
job = batch.JobDefinition(self, "PreludeJob", container=batch.JobDefinitionContainer(image=image))
scheduler_role = "scheduler"
dead_letters = "arn:aws:sqs:us-east-1:123456789012:dead-letters"
"""


def for_engine(code: str) -> str:
    """The block for the engine under test: cdktf's imports become cdktn's on cdktn."""
    if engine.NAME == "cdktn":
        code = re.sub(r"\bfrom cdktf import\b", "from cdktn import", code)
        code = code.replace("cdktf_cdktf_provider_aws", "cdktn_provider_aws")
    return code


def run(snippet: Snippet, tmp_path: Path) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """Run a block; returns ``({stack: its Terraform JSON}, the names it left)``."""
    if snippet.standalone:
        out = tmp_path / "cdktf.out"
        # The jsii kernel's environment is fixed when it starts: give the app its outdir instead.
        code = re.sub(r"\bApp\(\)", f"App(outdir={str(out)!r})", for_engine(snippet.code))
        names: dict[str, Any] = {"__name__": "snippet"}
        exec(compile(code, f"{snippet.document}:{snippet.line}", "exec"), names)
        docs = {path.parent.name: json.loads(path.read_text()) for path in sorted(out.glob("stacks/*/cdk.tf.json"))}
        for name, doc in docs.items():
            if "resource" in doc:
                register(doc, f"{snippet.document}:{snippet.line} {name}")
        return docs, names
    stack = new_stack()
    names = {"__name__": "snippet", "self": stack}
    exec(compile(PRELUDE, "prelude", "exec"), names)
    code = textwrap.dedent(for_engine(snippet.code))
    exec(compile(code, f"{snippet.document}:{snippet.line}", "exec"), names)
    return {"test": synth_stack(stack)}, names


def blocks(doc: dict[str, Any], kind: str, construct: str | None = None) -> list[dict[str, Any]]:
    """The blocks of one resource type, optionally those whose Terraform name starts with
    ``construct`` (the construct's id)."""
    named = doc.get("resource", {}).get(kind, {})
    return [body for name, body in named.items() if construct is None or name.startswith(f"{construct}_")]


def container(doc: dict[str, Any], construct: str) -> dict[str, Any]:
    (definition,) = blocks(doc, "aws_batch_job_definition", construct)
    return json.loads(definition["container_properties"])  # type: ignore[no-any-return]


def _quick_start(docs: dict[str, dict[str, Any]], names: dict[str, Any]) -> None:
    environments = {
        body["compute_resources"]["type"]: body for body in blocks(docs["batch"], "aws_batch_compute_environment")
    }
    assert environments["SPOT"]["compute_resources"]["bid_percentage"] == 75
    assert environments["SPOT"]["compute_resources"]["max_vcpus"] == 64
    assert "FARGATE" in environments


def _quick_start_queue_and_job(docs: dict[str, dict[str, Any]], names: dict[str, Any]) -> None:
    doc = docs["test"]
    (definition,) = blocks(doc, "aws_batch_job_definition", "Job")
    assert definition["parameters"] == {"message": "hello"}
    assert definition["retry_strategy"] == {"attempts": 3}
    assert definition["timeout"] == {"attempt_duration_seconds": 3600}
    properties = json.loads(definition["container_properties"])
    assert properties["command"] == ["echo", "Ref::message"]
    assert {r["type"]: r["value"] for r in properties["resourceRequirements"]} == {"VCPU": "2", "MEMORY": "4096"}
    assert [s["name"] for s in properties["secrets"]] == ["TOKEN"]
    (grant,) = blocks(doc, "aws_iam_role_policy", "Queue")
    assert grant["role"] == "scheduler"
    (statement,) = json.loads(grant["policy"])["Statement"]
    assert statement["Action"] == "batch:SubmitJob"
    queue = next(name for name in doc["resource"]["aws_batch_job_queue"] if name.startswith("Queue_"))
    job = next(name for name in doc["resource"]["aws_batch_job_definition"] if name.startswith("Job_"))
    assert sorted(statement["Resource"]) == [
        f"${{aws_batch_job_definition.{job}.arn}}",
        f"${{aws_batch_job_queue.{queue}.arn}}",
    ]


def _home(docs: dict[str, dict[str, Any]], names: dict[str, Any]) -> None:
    doc = docs["batch"]
    (environment,) = blocks(doc, "aws_batch_compute_environment")
    assert environment["compute_resources"]["type"] == "SPOT"
    (definition,) = blocks(doc, "aws_batch_job_definition")
    assert definition["timeout"] == {"attempt_duration_seconds": 3600}
    (grant,) = blocks(doc, "aws_iam_role_policy")
    assert grant["role"] == "scheduler" and "batch:SubmitJob" in grant["policy"]


def _eks(docs: dict[str, dict[str, Any]], names: dict[str, Any]) -> None:
    doc = docs["test"]
    (environment,) = [b for b in blocks(doc, "aws_batch_compute_environment") if "eks_configuration" in b]
    assert environment["eks_configuration"]["kubernetes_namespace"] == "batch"
    assert environment["compute_resources"]["ec2_configuration"][0]["image_kubernetes_version"] == "1.31"


def _containers(construct: str, expected: list[str]) -> Callable[[dict[str, dict[str, Any]], dict[str, Any]], None]:
    def check(docs: dict[str, dict[str, Any]], names: dict[str, Any]) -> None:
        (definition,) = blocks(docs["test"], "aws_batch_job_definition", construct)
        (task,) = json.loads(definition["ecs_properties"])["taskProperties"]
        assert [c["name"] for c in task["containers"]] == expected

    return check


def _schedule(docs: dict[str, dict[str, Any]], names: dict[str, Any]) -> None:
    (schedule,) = blocks(docs["test"], "aws_scheduler_schedule")
    assert schedule["schedule_expression"] == "cron(0 2 * * ? *)"
    assert schedule["schedule_expression_timezone"] == "Europe/Paris"
    assert schedule["flexible_time_window"] == {"maximum_window_in_minutes": 15, "mode": "FLEXIBLE"}
    rules = blocks(docs["test"], "aws_cloudwatch_event_rule")
    assert any('"Object Created"' in rule["event_pattern"] for rule in rules)


def _compute_environments(docs: dict[str, dict[str, Any]], names: dict[str, Any]) -> None:
    (spot,) = blocks(docs["test"], "aws_batch_compute_environment", "Cheap")
    assert spot["compute_resources"]["bid_percentage"] == 60
    assert [c["image_type"] for c in spot["compute_resources"]["ec2_configuration"]] == [
        "ECS_AL2023",
        "ECS_AL2023_NVIDIA",
    ]
    (on_demand,) = blocks(docs["test"], "aws_batch_compute_environment", "OnDemand")
    assert on_demand["compute_resources"]["instance_type"] == ["c6i", "m6i"]


def _queues(docs: dict[str, dict[str, Any]], names: dict[str, Any]) -> None:
    (queue,) = blocks(docs["test"], "aws_batch_job_queue", "Queue")
    assert [entry["order"] for entry in queue["compute_environment_order"]] == [1, 2, 3]
    assert queue["job_state_time_limit_action"][0]["max_time_seconds"] == 1800


def _render(docs: dict[str, dict[str, Any]], names: dict[str, Any]) -> None:
    properties = container(docs["test"], "Render")
    assert properties["ulimits"] == [
        {"name": "nofile", "softLimit": 4096, "hardLimit": 8192},
        {"name": "nproc", "softLimit": 1024, "hardLimit": 2048},
    ]


def _secrets(docs: dict[str, dict[str, Any]], names: dict[str, Any]) -> None:
    properties = container(docs["test"], "WithSecrets")
    assert sorted(s["name"] for s in properties["secrets"]) == ["DB_PASSWORD", "TOKEN"]
    assert "environment" not in properties or all(
        e["name"] not in ("TOKEN", "DB_PASSWORD") for e in properties["environment"]
    )


def _placement(docs: dict[str, dict[str, Any]], names: dict[str, Any]) -> None:
    doc = docs["test"]
    (environment,) = blocks(doc, "aws_batch_compute_environment", "Env")
    assert environment["provider"] == "aws.west"
    (shared,) = doc["data"]["aws_batch_job_queue"].values()
    assert shared["provider"] == "aws.west" and shared["name"] == "shared"
    (logs,) = blocks(doc, "aws_cloudwatch_log_group", "Logs")
    assert logs["region"] == "eu-west-1" and "provider" not in logs


def _cloud(docs: dict[str, dict[str, Any]], names: dict[str, Any]) -> None:
    assert docs["batch"]["terraform"]["cloud"] == {"organization": "acme", "workspaces": {"name": "prod-batch"}}


# (document, heading) -> checks of its blocks, in order (None: the block's own asserts suffice).
CLAIMS: dict[tuple[str, str], list[Any]] = {
    ("README.md", "Quick start"): [_quick_start, _quick_start_queue_and_job],
    ("docs/index.md", "cdktf-batch"): [_home],
    ("docs/guides/compute-environments.md", "Compute environments"): [_compute_environments],
    ("docs/guides/job-queues.md", "Job queues and fair share"): [_queues],
    ("docs/guides/job-definitions.md", "Job definitions"): [None],
    ("docs/guides/job-definitions.md", "Volumes, Linux parameters, retries"): [_render],
    ("docs/guides/multi-container.md", "Several containers in one job"): [
        _containers("Pipeline", ["fetch", "work", "monitor"])
    ],
    ("docs/guides/secrets.md", "Secrets"): [_secrets],
    ("docs/guides/multi-container.md", "Sidecars: a log router, a staging step, a proxy"): [
        _containers("Report", ["log-router", "stage-in", "report", "proxy"])
    ],
    ("docs/guides/eks.md", "AWS Batch on EKS"): [_eks],
    ("docs/guides/eks.md", "The nodes in the cluster's own subnets"): [_eks],
    ("docs/guides/schedules-and-triggers.md", "Schedules and triggers"): [_schedule],
    ("docs/guides/schedules-and-triggers.md", "A dead-letter queue, and the example app"): [_schedule],
    ("docs/guides/providers.md", "Providers, regions and accounts"): [_placement],
    ("docs/guides/deploy.md", "Terraform Cloud / Terraform Enterprise"): [_cloud],
}


def claims_of(snippet: Snippet) -> Any:
    same = [s for s in ALL if (s.document, s.heading) == (snippet.document, snippet.heading)]
    checks = CLAIMS.get((snippet.document, snippet.heading), [])
    index = same.index(snippet)
    return checks[index] if index < len(checks) else None


def test_blocks_are_found() -> None:
    by_document = {document: sum(1 for s in ALL if s.document == document) for document in {s.document for s in ALL}}
    assert by_document["README.md"] >= 2  # the quick start; the rest of the text is in docs/
    assert "docs/migration.md" not in by_document and by_document["docs/guides/grants.md"] == 1
    for document, heading in CLAIMS:
        assert any((s.document, s.heading) == (document, heading) for s in ALL), (document, heading)


@pytest.mark.parametrize("snippet", ALL, ids=[f"{s.document}:{s.line}" for s in ALL])
def test_snippet(snippet: Snippet, tmp_path: Path) -> None:
    if snippet.skip:
        pytest.skip(snippet.skip)
    if snippet.needs_cdktn and importlib.util.find_spec("cdktn") is None:
        pytest.skip("imports cdktn, which is not installed here (the cdktn extra; .venv-cdktn runs it)")
    if snippet.needs_cdktn and engine.NAME != "cdktn":
        pytest.skip("a CDK Terrain app: runs on the cdktn engine (CDKTF_BATCH_ENGINE=cdktn)")
    docs, names = run(snippet, tmp_path)
    assert docs, "the block synthesized no stack"
    check = claims_of(snippet)
    if check is not None:
        check(docs, names)


def test_a_failing_block_fails() -> None:
    """The harness runs what it is given: a block with a bad argument raises."""
    bad = Snippet("x.md", "x", 1, "batch.JobQueue(self, 'Q', compute_environments=[], priority=1001)")
    assert not bad.standalone
    with pytest.raises(batch.ValidationError, match="priority: must be an integer from 0 to 1000, got 1001"):
        run(bad, Path("/nonexistent"))
    assert VPC.vpc_id == "vpc-1" and datetime.timedelta(hours=1).total_seconds() == 3600
