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
    """`python -m cdktf_batch.diagram` runs main(): its exit status and output."""
    folder = tmp_path / "job-queues"
    folder.mkdir()
    (folder / "cdk.tf.json").write_text(json.dumps(stacks["job-queues"]))
    result = subprocess.run(
        [sys.executable, "-m", "cdktf_batch.diagram", "--title", str(folder)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert result.stdout == diagram.to_mermaid(diagram.graph_of(stacks["job-queues"]), title="job-queues")
    missing = subprocess.run(
        [sys.executable, "-m", "cdktf_batch.diagram", str(tmp_path / "nowhere")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 1 and "nowhere" in missing.stderr


def test_main_draws_each_stack_given(
    tmp_path: Path, stacks: dict[str, dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    """main() itself: a stack folder or its cdk.tf.json, titled by folder with --title."""
    for name in ("job-queues", "job-definitions"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "cdk.tf.json").write_text(json.dumps(stacks[name]))
    paths = [tmp_path / "job-queues", tmp_path / "job-definitions" / "cdk.tf.json"]
    drawn = [diagram.graph_of(stacks["job-queues"]), diagram.graph_of(stacks["job-definitions"])]

    assert diagram.main([str(path) for path in paths]) == 0
    assert capsys.readouterr() == (diagram.to_mermaid(drawn[0]) + diagram.to_mermaid(drawn[1]), "")

    assert diagram.main(["--title", *map(str, paths)]) == 0
    titled = diagram.to_mermaid(drawn[0], title="job-queues") + diagram.to_mermaid(drawn[1], title="job-definitions")
    assert capsys.readouterr().out == titled
    assert titled.startswith("---\ntitle: job-queues\n---\nflowchart LR\n")


def test_main_stops_at_the_first_stack_it_cannot_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "cdk.tf.json").write_text('{"resource": []}')
    assert diagram.main([str(tmp_path / "nowhere"), str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith(f"{tmp_path / 'nowhere'}: ") and err.count("\n") == 1
    assert diagram.main([str(tmp_path)]) == 1
    assert "not a Terraform JSON configuration" in capsys.readouterr().err


def test_main_needs_a_stack(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")  # argparse wraps its help to the terminal's width
    with pytest.raises(SystemExit) as exited:
        diagram.main([])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: python -m cdktf_batch.diagram [-h] [--title] stacks [stacks ...]")
    with pytest.raises(SystemExit):
        diagram.main(["--help"])
    help_text = capsys.readouterr().out
    assert diagram.__doc__ is not None and diagram.__doc__.splitlines()[0] in help_text
    # each argument's line, whole: its name, then its help text and nothing else
    lines = {" ".join(line.split()) for line in help_text.splitlines()}
    assert "stacks cdktf.out/stacks/<stack> or its cdk.tf.json" in lines
    assert "--title put each stack's folder name above its graph" in lines


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


# Hand-written documents: each shape the example app does not have, with the graph expected.
QUEUE = "aws_batch_job_queue.Queue_0A1B2C3D"


def queue_block(**extra: Any) -> dict[str, Any]:
    return {"name": "${var.name}", "state": "ENABLED", **extra}


def test_labels_without_metadata_are_the_terraform_names_less_the_hash() -> None:
    graph = diagram.graph_of(
        {
            "resource": {
                "aws_batch_job_queue": {"Queue_0A1B2C3D": queue_block(), "plain": queue_block(), "low_0a1b2c3d": {}},
            },
            "data": {"aws_eks_cluster": {"Cluster_89ABCDEF": {"name": "${var.cluster}"}}},
        }
    )
    assert graph.nodes == {
        "aws_batch_job_queue.Queue_0A1B2C3D": diagram.Node(QUEUE, "aws_batch_job_queue", "Queue"),
        # cdktf's hash is upper-case hexadecimal: anything else is part of the name
        "aws_batch_job_queue.low_0a1b2c3d": diagram.Node(
            "aws_batch_job_queue.low_0a1b2c3d", "aws_batch_job_queue", "low_0a1b2c3d"
        ),
        "aws_batch_job_queue.plain": diagram.Node("aws_batch_job_queue.plain", "aws_batch_job_queue", "plain"),
        "data.aws_eks_cluster.Cluster_89ABCDEF": diagram.Node(
            "data.aws_eks_cluster.Cluster_89ABCDEF", "aws_eks_cluster", "Cluster", imported=True
        ),
    }
    assert graph.edges == []


def test_a_document_with_data_only_or_resources_only() -> None:
    assert list(diagram.graph_of({"data": {"aws_eks_cluster": {"c": {}}}}).nodes) == ["data.aws_eks_cluster.c"]
    assert list(diagram.graph_of({"resource": {"aws_batch_job_queue": {"q": {}}}}).nodes) == ["aws_batch_job_queue.q"]
    assert diagram.graph_of({}).nodes == {}


def test_labels_from_metadata_paths_and_given_names() -> None:
    def labelled(path: str, name: Any) -> str:
        block = {"//": {"metadata": {"path": path}}, "name": name}
        return (
            diagram.graph_of({"resource": {"aws_batch_job_queue": {"q": block}}}).nodes["aws_batch_job_queue.q"].label
        )

    assert labelled("stack/Queues/High/Resource", "${var.n}") == "Queues/High"
    assert labelled("stack/Queues/High/Default", "stack-generated") == "Queues/High"
    assert labelled("stack/Role", "mine") == "Role (mine)"  # one part left: kept
    assert labelled("stack/Queue", "Queue") == "Queue"  # the name is the label
    assert labelled("single", 5) == "single"  # no stack part: the path itself


def test_quotes_in_labels_are_escaped_for_mermaid() -> None:
    block = {"//": {"metadata": {"path": "stack/Queue"}}, "name": 'say "hi"'}
    graph = diagram.graph_of({"resource": {"aws_batch_job_queue": {"q": block}}})
    assert diagram.to_mermaid(graph) == (
        'flowchart LR\n  aws_batch_job_queue_q[/"Queue (say #quot;hi#quot;)<br/><small>job queue</small>"/]\n'
    )


def test_edges_skip_what_the_picture_does_not_show_and_keep_the_rest() -> None:
    definition = {
        # before the references drawn: itself, a resource not in the document, a kind not drawn
        "comment": "${aws_batch_job_definition.d.arn}",
        "a": "${aws_batch_job_queue.missing.arn}",
        "b": "${aws_security_group.sg.id}",
        "c": "${aws_batch_job_queue.q.arn} ${aws_batch_job_queue.q.arn}",  # twice: one edge
        "d": "${aws_batch_job_queue.q.arn}",  # another key: another edge
    }
    graph = diagram.graph_of(
        {
            "resource": {
                "aws_batch_job_definition": {"d": definition},
                "aws_batch_job_queue": {"q": {}},
                "aws_security_group": {"sg": {}},
            }
        }
    )
    assert graph.edges == [
        diagram.Edge("aws_batch_job_definition.d", "aws_batch_job_queue.q", "c"),
        diagram.Edge("aws_batch_job_definition.d", "aws_batch_job_queue.q", "d"),
    ]


def submit_policy(role: Any) -> dict[str, Any]:
    statement = {
        "Effect": "Allow",
        "Action": "batch:SubmitJob",
        # a role first (not drawn as submitted to), then what may be submitted
        "Resource": ["${aws_iam_role.r.arn}", "${aws_batch_job_queue.q.arn}", "${aws_batch_job_definition.d.arn}"],
    }
    return {"role": role, "policy": json.dumps({"Version": "2012-10-17", "Statement": [statement]})}


def submitters(role: Any, **other_policies: dict[str, Any]) -> diagram.StackGraph:
    return diagram.graph_of(
        {
            "resource": {
                "aws_iam_role": {"r": {"name": "${var.role}"}},
                "aws_iam_role_policy": {"p": submit_policy(role), **other_policies},
                "aws_batch_job_queue": {"q": {}, "o": {}},
                "aws_batch_job_definition": {"d": {}},
            }
        }
    )


def test_a_role_of_the_stack_that_may_submit() -> None:
    # a policy that does not submit (a describe-only one) draws nothing
    reading = {
        "role": "${aws_iam_role.r.name}",
        "policy": '{"Statement": [{"Resource": "${aws_batch_job_queue.o.arn}"}]}',
    }
    graph = submitters("${aws_iam_role.r.name}", reader=reading)
    assert graph.nodes["aws_iam_role.r"] == diagram.Node("aws_iam_role.r", "aws_iam_role", "r")
    assert graph.edges == [
        diagram.Edge("aws_iam_role.r", "aws_batch_job_queue.q", "may submit to"),
        diagram.Edge("aws_iam_role.r", "aws_batch_job_definition.d", "may submit"),
    ]


def test_a_role_outside_the_stack_that_may_submit() -> None:
    graph = submitters("team-role")
    outside = "aws_iam_role.external_team-role"
    assert graph.nodes[outside] == diagram.Node(outside, "aws_iam_role", "team-role", imported=True)
    assert "aws_iam_role.r" not in graph.nodes  # referred to by the policy only as a resource
    assert [(edge.source, edge.label) for edge in graph.edges] == [(outside, "may submit to"), (outside, "may submit")]


def test_a_policy_of_a_role_not_in_the_document_or_of_no_role_draws_nothing() -> None:
    for role in ("${aws_iam_role.elsewhere.name}", None):
        graph = submitters(role)
        assert graph.edges == []
        assert not [address for address in graph.nodes if address.startswith("aws_iam_role.")]


def test_an_eventbridge_target_is_drawn_as_its_rule() -> None:
    target = {
        "rule": "${aws_cloudwatch_event_rule.rule.name}",
        "arn": "${aws_batch_job_queue.q.arn}",
        "role_arn": "${aws_iam_role.r.arn}",
        "batch_target": {"job_definition": "${aws_batch_job_definition.d.arn}"},
    }
    graph = diagram.graph_of(
        {
            "resource": {
                "aws_cloudwatch_event_rule": {"rule": {}},
                "aws_cloudwatch_event_target": {"t": target, "orphan": {"arn": "${aws_batch_job_queue.q.arn}"}},
                "aws_iam_role": {"r": {}},
                "aws_batch_job_queue": {"q": {}},
                "aws_batch_job_definition": {"d": {}},
            }
        }
    )
    rule = "aws_cloudwatch_event_rule.rule"
    assert graph.edges == [
        diagram.Edge(rule, "aws_batch_job_queue.q", "submits to"),
        diagram.Edge(rule, "aws_iam_role.r", "runs as"),
        diagram.Edge(rule, "aws_batch_job_definition.d", "submits"),
    ]


def test_references_in_meta_arguments_are_not_edges() -> None:
    """Metadata, depends_on, lifecycle and provider say nothing about what a resource uses."""
    reference = "${aws_batch_job_queue.q.arn}"
    meta = {
        "//": {"metadata": {"note": reference}},
        "depends_on": [reference],
        "lifecycle": {"replace_triggered_by": [reference]},
        "provider": reference,
    }
    graph = diagram.graph_of(
        {"resource": {"aws_batch_job_definition": {"d": {**meta, "uses": reference}}, "aws_batch_job_queue": {"q": {}}}}
    )
    assert graph.edges == [diagram.Edge("aws_batch_job_definition.d", "aws_batch_job_queue.q", "uses")]


def test_the_label_of_a_reference_is_its_innermost_key() -> None:
    """In a list, the list's key; in a JSON string, the key inside the JSON (a JSON list of
    references: the string's own key; JSON text encoded twice is a string, not opened)."""
    definition = {
        "listed": ["${aws_batch_job_queue.a.arn}"],
        "json_list": json.dumps(["${aws_batch_job_queue.b.arn}"]),
        "json_objects": json.dumps([{"jobQueue": "${aws_batch_job_queue.c.arn}"}]),
        "expression": "[for q in ${aws_batch_job_queue.d.arn} : q]",  # looks like JSON, is not
        "twice": json.dumps(json.dumps({"jobQueue": "${aws_batch_job_queue.e.arn}"})),
    }
    graph = diagram.graph_of(
        {
            "resource": {
                "aws_batch_job_definition": {"x": definition},
                "aws_batch_job_queue": {name: {} for name in "abcde"},
            }
        }
    )
    assert [(edge.target, edge.label) for edge in graph.edges] == [
        ("aws_batch_job_queue.a", "listed"),
        ("aws_batch_job_queue.b", "json_list"),
        ("aws_batch_job_queue.c", "watches"),
        ("aws_batch_job_queue.d", "expression"),
        ("aws_batch_job_queue.e", "twice"),
    ]


def test_a_role_construct_under_its_owner_is_labelled_by_the_owner() -> None:
    block = {"//": {"metadata": {"path": "stack/Definition/Role"}}, "name": "${var.n}"}
    graph = diagram.graph_of(
        {
            "resource": {
                "aws_iam_role": {"r": block},
                "aws_batch_job_definition": {"d": {"job_role": "${aws_iam_role.r.arn}"}},
            }
        }
    )
    assert graph.nodes["aws_iam_role.r"].label == "Definition"
