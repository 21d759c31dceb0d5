"""Property-based tests: arguments from the whole space a user can type (valid, nonsense and
Terraform tokens). Every case either raises ValidationError or synthesizes, and what it
synthesizes passes the Batch model (conftest.register) and `terraform validate` (at the end of
the session, with every other stack)."""

from __future__ import annotations

import json
from typing import Any

from cdktf import Fn, TerraformStack
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cdktf_batch as batch
from tests.conftest import new_stack, register

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VPC = batch.Vpc.from_attributes(vpc_id="vpc-1", private_subnet_ids=["subnet-1", "subnet-2"])

# Tokens not tied to a stack: they render as Terraform function calls in any stack.
number_tokens = st.sampled_from([Fn.abs(4), Fn.max([1, 8])])
string_tokens = st.sampled_from([Fn.lower("ABC"), Fn.trimspace(" x ")])
nonsense = st.one_of(
    st.none(), st.booleans(), st.text(max_size=5), st.floats(allow_nan=True), st.lists(st.integers(), max_size=2)
)
numbers = st.one_of(
    st.integers(min_value=-10, max_value=2000), st.floats(min_value=-1, max_value=300), number_tokens, nonsense
)
names = st.one_of(
    st.from_regex(r"[0-9A-Za-z][0-9A-Za-z_-]{0,20}", fullmatch=True), st.text(max_size=130), string_tokens
)


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.just(None), strategy)


def attempt(build: Any) -> dict[str, Any] | None:
    """Build in a fresh stack: ValidationError is an answer; anything else escaping is a bug."""
    stack = new_stack()
    try:
        build(stack)
    except batch.ValidationError:
        return None
    from cdktf import Testing

    doc: dict[str, Any] = json.loads(Testing.synth(stack))
    register(doc)
    return doc


compute_resources = st.fixed_dictionaries(
    {},
    optional={
        "type": st.one_of(st.sampled_from(list(batch.ComputeResourceType)), nonsense),
        "allocation_strategy": st.one_of(st.sampled_from(list(batch.AllocationStrategy)), nonsense),
        "bid_percentage": numbers,
        "minv_cpus": numbers,
        "maxv_cpus": numbers,
        "desiredv_cpus": numbers,
        "instance_types": st.one_of(st.lists(st.sampled_from(["optimal", "m5.large", "c5", ""]), max_size=3), nonsense),
        "ec2_key_pair": maybe(names),
        "placement_group": maybe(names),
        "compute_resources_tags": maybe(
            st.dictionaries(st.text(max_size=3), st.one_of(st.text(max_size=3), st.integers()), max_size=2)
        ),
        "launch_template": maybe(
            st.builds(
                dict,
                launch_template_name=maybe(names),
                launch_template_id=maybe(st.sampled_from(["lt-0123456789abcdef0", "x"])),
                version=maybe(st.sampled_from(["$Latest", "1", "v2"])),
            )
        ),
    },
)


@SETTINGS
@given(arguments=compute_resources, name=maybe(names), enabled=st.one_of(st.booleans(), nonsense))
def test_compute_environments(arguments: dict[str, Any], name: Any, enabled: Any) -> None:
    def build(stack: TerraformStack) -> None:
        template = arguments.pop("launch_template", None)
        if template is not None:
            arguments["launch_template"] = batch.LaunchTemplateSpecification(**template)
        batch.ComputeEnvironment(
            stack,
            "Env",
            compute_resources=batch.ComputeResources(vpc=VPC, **arguments),
            compute_environment_name=name,
            enabled=enabled,
        )

    doc = attempt(build)
    if doc is not None:
        (environment,) = doc["resource"]["aws_batch_compute_environment"].values()
        block = environment["compute_resources"]
        assert block["type"] in {"EC2", "SPOT", "FARGATE", "FARGATE_SPOT"}
        if block["type"].startswith("FARGATE"):
            assert not {"allocation_strategy", "instance_type", "min_vcpus", "instance_role"} & set(block)


@SETTINGS
@given(
    orders=st.lists(st.one_of(st.integers(min_value=-1, max_value=4), number_tokens), min_size=0, max_size=4),
    kinds=st.lists(st.sampled_from(list(batch.ComputeResourceType)), min_size=4, max_size=4),
    priority=numbers,
    name=maybe(names),
    max_minutes=maybe(st.integers(min_value=0, max_value=2000)),
)
def test_job_queues(orders: list[Any], kinds: list[Any], priority: Any, name: Any, max_minutes: Any) -> None:
    import datetime

    def build(stack: TerraformStack) -> None:
        environments = [
            batch.JobQueueComputeEnvironment(
                compute_environment=batch.ComputeEnvironment(
                    stack, f"Env{i}", compute_resources=batch.ComputeResources(vpc=VPC, type=kinds[i])
                ),
                order=order,
            )
            for i, order in enumerate(orders)
        ]
        actions = []
        if max_minutes is not None:
            actions.append(
                batch.JobStateTimeLimitAction(reason="stuck", max_time=datetime.timedelta(minutes=max_minutes))
            )
        batch.JobQueue(
            stack,
            "Queue",
            compute_environments=environments,
            priority=priority,
            job_queue_name=name,
            job_state_time_limit_actions=actions,
        )

    doc = attempt(build)
    if doc is not None:
        (queue,) = doc["resource"]["aws_batch_job_queue"].values()
        assert 1 <= len(queue["compute_environment_order"]) <= 3


containers = st.fixed_dictionaries(
    {},
    optional={
        "vcpus": numbers,
        "memory_limit_mib": numbers,
        "gpu_count": maybe(numbers),
        "command": st.one_of(st.lists(st.one_of(st.text(max_size=4), string_tokens), max_size=3), nonsense),
        "environment": maybe(
            st.dictionaries(st.sampled_from(["A", "B_1", "1x", "AWS_BATCH_Q"]), st.text(max_size=3), max_size=2)
        ),
        "privileged": st.one_of(st.booleans(), nonsense),
        "user": maybe(st.one_of(st.text(max_size=4), string_tokens)),
        "assign_public_ip": maybe(st.booleans()),
        "ephemeral_storage_size_gib": maybe(numbers),
        "instance_type": maybe(st.sampled_from(["c5.large", "large"])),
        "linux_params": maybe(
            st.builds(dict, max_swap=maybe(numbers), swappiness=maybe(numbers), shared_memory_size=maybe(numbers))
        ),
    },
)


@SETTINGS
@given(container=containers, fargate=st.booleans(), retry=maybe(numbers), priority=maybe(numbers))
def test_job_definitions(container: dict[str, Any], fargate: bool, retry: Any, priority: Any) -> None:
    def build(stack: TerraformStack) -> None:
        linux = container.pop("linux_params", None)
        if linux is not None:
            container["linux_params"] = batch.LinuxParameters(**linux)
        batch.JobDefinition(
            stack,
            "Job",
            container=batch.JobDefinitionContainer(image=batch.ContainerImage.from_registry("busybox"), **container),
            platform_capabilities=[batch.PlatformCapabilities.FARGATE if fargate else batch.PlatformCapabilities.EC2],
            retry_attempts=retry,
            scheduling_priority=priority,
        )

    doc = attempt(build)
    if doc is not None:
        (definition,) = doc["resource"]["aws_batch_job_definition"].values()
        assert definition["type"] == "container"
