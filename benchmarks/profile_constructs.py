"""What each cdktf_batch construct costs, and where: jsii round trips, the bindings, our own code.

    .venv/bin/python -m benchmarks.profile_constructs [--count 50]

For each kind of construct, one instance is built first (its modules imported, its types
loaded on both sides), then ``--count`` more in one stack. Reported per instance: wall time,
the jsii kernel calls it makes by kind (every one a round trip to Node), the time spent waiting
for them, and the Python time under cProfile split between cdktf_batch's own modules
(validation, JSON building, naming) and the provider bindings' type checks. Writes
``benchmarks/profile.md``.
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import datetime
import pstats
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cdktf_batch as batch  # before cdktf: lazy provider loading, the virtualenv's Node

# isort: split
import jsii
from cdktf import App, TerraformStack
from cdktf_cdktf_provider_aws.provider import AwsProvider
from constructs import Construct

OUT = Path(__file__).resolve().parent / "profile.md"
CALLS = ("create", "get", "set", "invoke", "sget", "sinvoke")


@dataclass
class Calls:
    count: collections.Counter[str]
    seconds: float = 0.0


@contextmanager
def counting_calls() -> Iterator[Calls]:
    """Count the kernel calls (and the time waiting for them) made inside the block."""
    provider_class = type(jsii.kernel.provider)
    calls = Calls(collections.Counter())
    originals = {name: getattr(provider_class, name) for name in CALLS}

    def wrap(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def counted(self: Any, request: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(self, request)
            finally:
                calls.seconds += time.perf_counter() - start
                calls.count[name] += 1

        return counted

    for name, original in originals.items():
        setattr(provider_class, name, wrap(name, original))
    try:
        yield calls
    finally:
        for name, original in originals.items():
            setattr(provider_class, name, original)


IMAGE = batch.ContainerImage.from_registry("public.ecr.aws/amazonlinux/amazonlinux:2023")


def kinds(vpc: batch.IVpc, queue_environment: batch.IComputeEnvironment) -> dict[str, Callable[[Construct, str], Any]]:
    return {
        "ComputeEnvironment (EC2, implicit SG, roles, profile)": lambda scope, cid: batch.ComputeEnvironment(
            scope, cid, compute_resources=batch.ComputeResources(vpc=vpc)
        ),
        "ComputeEnvironment (Fargate)": lambda scope, cid: batch.ComputeEnvironment(
            scope,
            cid,
            compute_resources=batch.ComputeResources(vpc=vpc, type=batch.ComputeResourceType.FARGATE),
        ),
        "JobQueue": lambda scope, cid: batch.JobQueue(
            scope,
            cid,
            compute_environments=[batch.JobQueueComputeEnvironment(compute_environment=queue_environment, order=1)],
        ),
        "JobDefinition (EC2 container)": lambda scope, cid: batch.JobDefinition(
            scope,
            cid,
            container=batch.JobDefinitionContainer(
                image=IMAGE, command=["echo", "Ref::message"], vcpus=1, memory_limit_mib=2048
            ),
            parameters={"message": "hello"},
            retry_attempts=2,
            timeout=datetime.timedelta(hours=1),
        ),
        "JobDefinition (Fargate, execution role)": lambda scope, cid: batch.JobDefinition(
            scope,
            cid,
            platform_capabilities=[batch.PlatformCapabilities.FARGATE],
            container=batch.JobDefinitionContainer(image=IMAGE, command=["echo", "hi"]),
        ),
        "FairshareSchedulingPolicy": lambda scope, cid: batch.FairshareSchedulingPolicy(
            scope, cid, shares=[batch.Share(share_identifier="a", weight_factor=1)]
        ),
    }


@dataclass
class Row:
    kind: str
    wall_ms: float
    calls: dict[str, float]
    waiting_ms: float
    ours_ms: float
    bindings_checks_ms: float


def profile(count: int) -> list[Row]:
    app = App()
    stack = TerraformStack(app, "profile")
    AwsProvider(stack, "aws", region="us-east-1")
    vpc = batch.Vpc.from_attributes(vpc_id="vpc-1", private_subnet_ids=["subnet-1", "subnet-2"])
    queue_environment = batch.ComputeEnvironment(
        stack, "QueueEnvironment", compute_resources=batch.ComputeResources(vpc=vpc)
    )
    rows = []
    for index, (kind, build) in enumerate(kinds(vpc, queue_environment).items()):
        build(stack, f"Warm{index}")
        with counting_calls() as calls:
            start = time.perf_counter()
            for number in range(count):
                build(stack, f"K{index}N{number}")
            wall = time.perf_counter() - start
        profiler = cProfile.Profile()
        profiler.enable()
        for number in range(count):
            build(stack, f"P{index}N{number}")
        profiler.disable()
        ours, checks = _split(pstats.Stats(profiler))
        rows.append(
            Row(
                kind=kind,
                wall_ms=wall / count * 1000,
                calls={name: calls.count[name] / count for name in CALLS if calls.count[name]},
                waiting_ms=calls.seconds / count * 1000,
                # cProfile slows Python down; scale its shares to the unprofiled wall time.
                ours_ms=ours / count * 1000,
                bindings_checks_ms=checks / count * 1000,
            )
        )
    return rows


def _split(stats: pstats.Stats) -> tuple[float, float]:
    """Own time in cdktf_batch's modules, and in the bindings' type checks (typeguard, typing)."""
    ours = checks = 0.0
    for (filename, _line, _name), (_cc, _nc, own, _cum, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if filename.endswith("/cdktf_batch/_fast/kernel_channel.py"):
            continue  # reading the kernel's replies: the time waiting on jsii, counted there
        if filename.endswith("/cdktf_batch/_fast/lazy_import.py"):
            checks += own  # the type checks' shortcuts (trusted callers, None, remembered hints)
        elif "/cdktf_batch/" in filename:
            ours += own
        elif "/typeguard/" in filename or filename.endswith("typing.py"):
            checks += own
    return ours, checks


def report(rows: Sequence[Row], count: int) -> str:
    lines = [
        "# What each construct costs",
        "",
        f"Generated by `python -m benchmarks.profile_constructs --count {count}` on "
        f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, after one warm-up instance of "
        "each kind. Per instance: wall time; jsii kernel calls (each a round trip to Node) and the "
        "time waiting for them; Python self time under cProfile (which inflates it) in cdktf_batch's "
        "own code and in the bindings' type checks (typeguard, typing).",
        "",
        "| construct | wall ms | jsii calls | waiting on jsii ms | cdktf_batch ms (profiled) | type checks ms (profiled) |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        calls = ", ".join(f"{value:g} {name}" for name, value in row.calls.items())
        lines.append(
            f"| {row.kind} | {row.wall_ms:.2f} | {calls} | {row.waiting_ms:.2f} | {row.ours_ms:.2f} | "
            f"{row.bindings_checks_ms:.2f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--count", type=int, default=50, help="instances measured per kind (default 50)")
    args = parser.parse_args(argv)
    text = report(profile(args.count), args.count)
    print(text)
    OUT.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
