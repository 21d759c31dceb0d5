"""A picture of what a synthesized stack builds, as a Mermaid flowchart.

    python -m cdktf_batch.diagram cdktf.out/stacks/<stack>          # or .../cdk.tf.json

reads the Terraform JSON that ``cdktf synth`` (or ``cdktn synth``) wrote and prints a Mermaid
``flowchart`` (which GitHub and the documentation site render): compute environments, job queues
with the order of their environments, scheduling policies, job definitions, the roles they run
as and the roles allowed to submit, schedules and EventBridge rules, and EKS clusters. Each edge
is a Terraform reference (``${type.name.attribute}``) found in the source's configuration,
including references inside JSON strings such as ``container_properties`` or an IAM policy.
Nothing is looked up in AWS; the module reads JSON only and needs neither cdktf nor jsii.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Edge", "Node", "StackGraph", "read_stack", "to_mermaid"]

# The Terraform types the picture shows, with the word used in labels and a Mermaid shape.
KINDS: dict[str, tuple[str, str]] = {
    "aws_batch_compute_environment": ("compute environment", "[{}]"),
    "aws_batch_job_queue": ("job queue", "[/{}/]"),
    "aws_batch_scheduling_policy": ("fair-share policy", "[({})]"),
    "aws_batch_job_definition": ("job definition", "[[{}]]"),
    "aws_iam_role": ("role", "({})"),
    "aws_scheduler_schedule": ("schedule", "{{{{{}}}}}"),
    "aws_cloudwatch_event_rule": ("EventBridge rule", "{{{{{}}}}}"),
    "aws_eks_cluster": ("EKS cluster", "[({})]"),
}
# Roles shown only when something shown refers to them (an environment's instance role is left
# out: it is not who submits or what a job runs as).
_ONLY_WHEN_REFERENCED = {"aws_iam_role"}
# Edge labels for the arguments and JSON members that name a reference (others keep their key).
LABELS = {
    "jobRoleArn": "job role",
    "taskRoleArn": "job role",
    "executionRoleArn": "execution role",
    "scheduling_policy_arn": "fair share",
    "spot_iam_fleet_role": "Spot Fleet role",
    "service_role": "service role",
    "eks_cluster_arn": "on cluster",
    "role_arn": "runs as",
    "JobQueue": "submits to",
    "JobDefinition": "submits",
    "arn": "submits to",
    "job_definition": "submits",
    "jobQueue": "watches",
}
_REFERENCE = re.compile(r"\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_.\[\]]+")


@dataclass(frozen=True, slots=True)
class Node:
    """One resource or data source of the stack."""

    address: str
    """Terraform address, ``aws_batch_job_queue.JobQueue_EE3AD499`` or ``data.aws_eks_cluster.X``."""
    kind: str
    """The Terraform type, ``aws_batch_job_queue``."""
    label: str
    """The construct path without the stack (or the Terraform name), and the literal name if any."""
    imported: bool = False
    """A data source: read from AWS, not created by the stack."""


@dataclass(frozen=True, slots=True)
class Edge:
    """``source`` refers to ``target`` (both addresses); ``label`` says how."""

    source: str
    target: str
    label: str


@dataclass(slots=True)
class StackGraph:
    """The nodes and edges of one stack, in a stable order."""

    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)


def read_stack(path: str | Path) -> StackGraph:
    """Read ``cdk.tf.json`` (or the stack folder holding it) into a graph.

    Raises ``FileNotFoundError`` when there is no such file and ``ValueError`` when it is not a
    Terraform JSON configuration."""
    file = Path(path)
    if file.is_dir():
        file = file / "cdk.tf.json"
    document = json.loads(file.read_text())
    if not isinstance(document, dict) or not isinstance(document.get("resource", {}), dict):
        raise ValueError(f"{file}: not a Terraform JSON configuration")
    return graph_of(document)


def graph_of(document: dict[str, Any]) -> StackGraph:
    """The graph of a parsed Terraform JSON configuration."""
    blocks = dict(_blocks(document))
    graph = StackGraph()
    for address, (kind, config) in blocks.items():
        if kind in KINDS and kind not in _ONLY_WHEN_REFERENCED:
            graph.nodes[address] = _node(address, kind, config)
    # Targets of EventBridge rules: their references are the rule's.
    owners = {
        address: _rule_of(config) for address, (kind, config) in blocks.items() if kind == "aws_cloudwatch_event_target"
    }
    sources = [(address, config) for address, (_, config) in blocks.items() if address in graph.nodes]
    sources += [(rule, blocks[target][1]) for target, rule in owners.items() if rule in graph.nodes]
    sources += [
        (address, config)
        for address, (kind, config) in blocks.items()
        if kind == "aws_iam_role_policy" and "batch:SubmitJob" in json.dumps(config)
    ]
    seen: set[tuple[str, str, str]] = set()
    for address, config in sources:
        policy = blocks[address][0] == "aws_iam_role_policy"
        grantee = _grantee(config, graph, blocks) if policy else None
        for key, target in _references(config):
            if target == address or target not in blocks:
                continue
            kind = blocks[target][0]
            if kind not in KINDS:
                continue
            if policy:
                if grantee is None or kind == "aws_iam_role":
                    continue
                source, label = grantee, "may submit to" if kind == "aws_batch_job_queue" else "may submit"
            else:
                source, label = address, LABELS.get(key, key)
            if target not in graph.nodes:
                graph.nodes[target] = _node(target, kind, blocks[target][1])
            edge = (source, target, _order_label(config, target) or label)
            if edge not in seen:
                seen.add(edge)
                graph.edges.append(Edge(*edge))
    return graph


def to_mermaid(graph: StackGraph, *, title: str | None = None) -> str:
    """The graph as a Mermaid ``flowchart LR`` (ids derived from the addresses, labels quoted)."""
    ids = {address: re.sub(r"[^A-Za-z0-9_]", "_", address) for address in graph.nodes}
    lines = [f"---\ntitle: {title}\n---"] if title else []
    lines.append("flowchart LR")
    for address, node in graph.nodes.items():
        word = KINDS[node.kind][0] + (", imported" if node.imported else "")
        text = f'"{_escape(node.label)}<br/><small>{word}</small>"'
        lines.append(f"  {ids[address]}{KINDS[node.kind][1].format(text)}")
    for edge in graph.edges:
        lines.append(f'  {ids[edge.source]} -->|"{_escape(edge.label)}"| {ids[edge.target]}')
    return "\n".join(lines) + "\n"


def _blocks(document: dict[str, Any]) -> Iterator[tuple[str, tuple[str, dict[str, Any]]]]:
    for kind, named in sorted(document.get("resource", {}).items()):
        for name, config in sorted(named.items()):
            yield f"{kind}.{name}", (kind, config)
    for kind, named in sorted(document.get("data", {}).items()):
        for name, config in sorted(named.items()):
            yield f"data.{kind}.{name}", (kind, config)


def _node(address: str, kind: str, config: dict[str, Any]) -> Node:
    # The construct path when the JSON has metadata (cdktf synth writes it), else the Terraform
    # name without the hash cdktf appends to it.
    fallback = "/" + re.sub(r"_[0-9A-F]{8}$", "", address.rsplit(".", 1)[-1])
    path = str(config.get("//", {}).get("metadata", {}).get("path", fallback))
    stack, _, rest = path.partition("/")
    parts = rest.split("/") if rest else [path]
    if len(parts) > 1 and parts[-1] in ("Resource", "Default", "Role"):
        parts = parts[:-1]
    label = "/".join(parts)
    name = config.get("name")
    # A name the user gave (or an imported one); generated names start with the stack's.
    if isinstance(name, str) and "${" not in name and name != label and not name.startswith(f"{stack}-"):
        label += f" ({name})"
    return Node(address=address, kind=kind, label=label, imported=address.startswith("data."))


def _references(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    """``(key, address)`` for each reference in a block, inside JSON strings too; ``key`` is the
    innermost argument or JSON member that holds it."""
    if isinstance(value, dict):
        for name, item in value.items():
            if name not in ("//", "depends_on", "lifecycle", "provider"):
                yield from _references(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from _references(item, key)
    elif isinstance(value, str):
        stripped = value.strip()
        if stripped[:1] in ("{", "[") and "${" in stripped:
            try:
                yield from _references(json.loads(stripped), key)
                return
            except ValueError:
                pass  # a Terraform expression that only looks like JSON
        for match in _REFERENCE.finditer(value):
            data, kind, name = match.groups()
            yield key, f"{'data.' if data else ''}{kind}.{name}"


def _order_label(config: dict[str, Any], target: str) -> str | None:
    """``order N`` for a queue's reference to one of its compute environments."""
    for entry in config.get("compute_environment_order", []) or []:
        if isinstance(entry, dict) and f"${{{target}." in str(entry.get("compute_environment", "")):
            return f"order {entry.get('order')}"
    return None


def _rule_of(target: dict[str, Any]) -> str:
    match = _REFERENCE.search(str(target.get("rule", "")))
    return f"{match.group(2)}.{match.group(3)}" if match else ""


def _grantee(policy: dict[str, Any], graph: StackGraph, blocks: dict[str, tuple[str, dict[str, Any]]]) -> str | None:
    """The role an inline policy belongs to: a role of the stack, or one named by a literal."""
    role = policy.get("role")
    match = _REFERENCE.search(str(role))
    if match:
        address = f"{match.group(2)}.{match.group(3)}"
        if address in blocks and address not in graph.nodes:
            graph.nodes[address] = _node(address, blocks[address][0], blocks[address][1])
        return address if address in blocks else None
    if isinstance(role, str):  # a role outside the stack, given by name
        address = f"aws_iam_role.external_{role}"
        graph.nodes.setdefault(address, Node(address=address, kind="aws_iam_role", label=role, imported=True))
        return address
    return None


def _escape(text: str) -> str:
    return text.replace('"', "#quot;")


def main(argv: Sequence[str] | None = None) -> int:
    """Print the Mermaid graph of each stack given (a stack folder or its ``cdk.tf.json``)."""
    parser = argparse.ArgumentParser(prog="python -m cdktf_batch.diagram", description=__doc__.splitlines()[0])
    parser.add_argument("stacks", nargs="+", type=Path, help="cdktf.out/stacks/<stack> or its cdk.tf.json")
    parser.add_argument("--title", action="store_true", help="put each stack's folder name above its graph")
    args = parser.parse_args(argv)
    for path in args.stacks:
        try:
            graph = read_stack(path)
        except (OSError, ValueError) as error:
            print(f"{path}: {error}", file=sys.stderr)
            return 1
        title = (path if path.is_dir() else path.parent).name if args.title else None
        sys.stdout.write(to_mermaid(graph, title=title))
    return 0


if __name__ == "__main__":
    sys.exit(main())
