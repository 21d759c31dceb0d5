"""Property-based tests over the space a user can type.

Each property draws from two generators: valid arguments (every Fargate vCPU/memory pair,
range boundaries, Terraform tokens), which must synthesize and show each argument in the
output, and anything at all (nonsense, non-finite numbers, out-of-range values), which must
either raise ValidationError or synthesize with the same relation between input and output.
A library that refused everything fails the share-synthesized assertion of each property.
What synthesizes also passes the Batch model (conftest.register) and `terraform validate` (at
the end of the session, with every other stack).

Hypothesis runs derandomized when CI is set (the "ci" profile, tests/conftest.py).
"""

from __future__ import annotations

import datetime
import json
from collections import Counter
from collections.abc import Callable
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

import cdktf_batch as batch
from tests import batch_model, engine
from tests.conftest import VPC, new_stack, register
from tests.engine import Fn, TerraformStack

# The share of examples that must synthesize: three in four are drawn valid by construction.
MIN_SYNTHESIZED = 0.5

# Fargate's vCPU/memory table, from the AWS Batch user guide (not from the library).
FARGATE_SIZES: dict[float, list[int]] = {
    0.25: [512, 1024, 2048],
    0.5: [1024, 2048, 3072, 4096],
    1: list(range(2048, 8193, 1024)),
    2: list(range(4096, 16385, 1024)),
    4: list(range(8192, 30721, 1024)),
    8: list(range(16384, 61441, 4096)),
    16: list(range(32768, 122881, 8192)),
}
FARGATE_PAIRS = [(vcpus, memory) for vcpus, sizes in FARGATE_SIZES.items() for memory in sizes]

# Tokens not tied to a stack: they render as Terraform function calls in any stack.
number_tokens = st.sampled_from([Fn.abs(4), Fn.max([1, 8])])
string_tokens = st.sampled_from([Fn.lower("ABC"), Fn.trimspace(" x ")])
nonsense = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=5),
    st.floats(allow_nan=True, allow_infinity=True),
    st.lists(st.integers(), max_size=2),
)
numbers = st.one_of(
    st.integers(min_value=-10, max_value=2000),
    st.integers(min_value=2000, max_value=130_000),
    st.floats(min_value=-1, max_value=300),
    number_tokens,
    nonsense,
)
names = st.one_of(
    st.from_regex(r"[0-9A-Za-z][0-9A-Za-z_-]{0,127}", fullmatch=True), st.text(max_size=130), string_tokens
)
valid_names = st.one_of(
    st.from_regex(r"[0-9A-Za-z][0-9A-Za-z_-]{0,20}", fullmatch=True),
    st.sampled_from(["a", "0", "a" * 128, "A-_9" * 32]),
)


@st.composite
def cases(draw: st.DrawFn, valid: st.SearchStrategy[Any], anything: st.SearchStrategy[Any]) -> tuple[Any, bool]:
    """(arguments, valid by construction), valid three times in four."""
    if draw(st.integers(min_value=0, max_value=99)) < 75:
        return draw(valid), True
    return draw(anything), False


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.just(None), strategy)


def bounded(low: int, high: int) -> st.SearchStrategy[int]:
    """Integers in [low, high], the bounds themselves often."""
    return st.one_of(st.sampled_from([low, high]), st.integers(min_value=low, max_value=high))


def is_token(value: Any) -> bool:
    """A Terraform token: cdktf's number encoding, or a string holding ``${``."""
    if isinstance(value, str):
        return "${" in value
    return isinstance(value, float) and value < -1e288


def rendered(value: Any) -> Any:
    """What ``value`` looks like in the Terraform JSON: tokens as ``${...}`` expressions."""
    return "${" if is_token(value) else value


def same(output: Any, value: Any) -> bool:
    expected = rendered(value)
    return output.startswith(expected) if expected == "${" else bool(output == expected)


class Outcomes:
    """Counts what each example gave; the share that synthesized must reach MIN_SYNTHESIZED."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.valid: Counter[bool] = Counter()

    def attempt(self, build: Callable[[TerraformStack], Any], *, must_synthesize: bool) -> dict[str, Any] | None:
        """Build in a fresh stack: ValidationError is an answer (unless the arguments were
        valid by construction); anything else escaping is a bug."""
        stack = new_stack()
        try:
            build(stack)
        except batch.ValidationError:
            assert not must_synthesize, "valid arguments were refused"
            self.counts["refused"] += 1
            return None
        doc: dict[str, Any] = json.loads(engine.Testing.synth(stack))
        register(doc)
        self.counts["synthesized"] += 1
        return doc

    def assert_enough_synthesized(self) -> None:
        total = sum(self.counts.values())
        share = self.counts["synthesized"] / total
        print(f"synthesized {self.counts['synthesized']} of {total} examples ({share:.0%}) {self.valid}")
        assert share >= MIN_SYNTHESIZED, dict(self.counts)


# --- compute environments ---------------------------------------------------------------------

any_compute_resources = st.fixed_dictionaries(
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
    },
)


@st.composite
def valid_compute_resources(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(list(batch.ComputeResourceType)))
    arguments: dict[str, Any] = {"type": kind}
    if draw(st.booleans()):
        arguments["maxv_cpus"] = draw(st.one_of(bounded(0, 10_000), number_tokens))
    if kind.is_fargate:
        return arguments
    maximum = arguments.get("maxv_cpus", 256)
    top = 10_000 if is_token(maximum) else maximum
    minimum = draw(maybe(bounded(0, top)))
    if minimum is not None:
        arguments["minv_cpus"] = minimum
    if draw(st.booleans()):
        arguments["desiredv_cpus"] = draw(bounded(minimum or 0, top))
    if kind is batch.ComputeResourceType.SPOT:
        arguments["bid_percentage"] = draw(maybe(bounded(0, 100)))
        strategies = list(batch.AllocationStrategy)
    else:
        strategies = [batch.AllocationStrategy.BEST_FIT, batch.AllocationStrategy.BEST_FIT_PROGRESSIVE]
    arguments["allocation_strategy"] = draw(maybe(st.sampled_from(strategies)))
    arguments["instance_types"] = draw(maybe(st.lists(st.sampled_from(["optimal", "m5.large", "c5"]), min_size=1)))
    return arguments


def check_compute_environment(doc: dict[str, Any], arguments: dict[str, Any], name: Any, enabled: Any) -> None:
    """What the output must hold for the arguments."""
    (environment,) = doc["resource"]["aws_batch_compute_environment"].values()
    block = environment["compute_resources"]
    kind = batch.ComputeResourceType(arguments.get("type", batch.ComputeResourceType.ON_DEMAND))
    assert block["type"] == kind.value
    assert same(block["max_vcpus"], arguments.get("maxv_cpus", 256))
    assert environment["state"] == ("DISABLED" if enabled is False else "ENABLED")
    if name is None:
        assert "name" not in environment and environment["lifecycle"]["create_before_destroy"] is True
    else:
        assert same(environment["name"], name) and "name_prefix" not in environment
    if kind.is_fargate:
        assert not {"allocation_strategy", "instance_type", "min_vcpus", "desired_vcpus", "bid_percentage"} & set(block)
        return
    minimum = arguments.get("minv_cpus")
    assert same(block["min_vcpus"], 0 if minimum is None else minimum)
    if arguments.get("desiredv_cpus") is None:
        assert "desired_vcpus" not in block
    else:
        assert same(block["desired_vcpus"], arguments["desiredv_cpus"])
    if arguments.get("bid_percentage") is None:
        assert "bid_percentage" not in block
    else:
        assert same(block["bid_percentage"], arguments["bid_percentage"])
    strategy = arguments.get("allocation_strategy")
    if strategy is None:
        spot = kind is batch.ComputeResourceType.SPOT
        strategy = "SPOT_PRICE_CAPACITY_OPTIMIZED" if spot else "BEST_FIT_PROGRESSIVE"
    assert block["allocation_strategy"] == batch.AllocationStrategy(strategy).value
    assert block["instance_type"] == list(arguments.get("instance_types") or ["optimal"])


def test_compute_environments() -> None:
    outcomes = Outcomes()

    @given(
        case=cases(
            st.tuples(valid_compute_resources(), maybe(valid_names), st.booleans()),
            st.tuples(any_compute_resources, maybe(names), st.one_of(st.booleans(), nonsense)),
        )
    )
    @example(case=(({"maxv_cpus": float("-inf")}, None, True), False))
    @example(case=(({"minv_cpus": 4, "maxv_cpus": 4, "desiredv_cpus": 4}, "a" * 128, True), True))
    def run(case: tuple[tuple[dict[str, Any], Any, Any], bool]) -> None:
        (arguments, name, enabled), valid = case

        def build(stack: TerraformStack) -> None:
            batch.ComputeEnvironment(
                stack,
                "Env",
                compute_resources=batch.ComputeResources(vpc=VPC, **arguments),
                compute_environment_name=name,
                enabled=enabled,
            )

        outcomes.valid[valid] += 1
        doc = outcomes.attempt(build, must_synthesize=valid)
        if doc is not None:
            check_compute_environment(doc, arguments, name, enabled)

    run()
    outcomes.assert_enough_synthesized()


# --- job queues ---------------------------------------------------------------------------------

EC2_KINDS = [batch.ComputeResourceType.ON_DEMAND, batch.ComputeResourceType.SPOT]
FARGATE_KINDS = [batch.ComputeResourceType.FARGATE, batch.ComputeResourceType.FARGATE_SPOT]


@st.composite
def valid_queue(draw: st.DrawFn) -> dict[str, Any]:
    family = draw(st.sampled_from([EC2_KINDS, FARGATE_KINDS]))
    count = draw(st.integers(min_value=1, max_value=3))
    first, gap = draw(bounded(0, 1000)), draw(st.integers(min_value=1, max_value=100))  # distinct, no filter
    return {
        "orders": draw(st.permutations([first + index * gap for index in range(count)])),
        "kinds": draw(st.lists(st.sampled_from(family), min_size=count, max_size=count)),
        "priority": draw(st.one_of(bounded(0, 1000), number_tokens)),
        "name": draw(maybe(valid_names)),
        "max_seconds": draw(maybe(bounded(600, 86_400))),
    }


any_queue = st.fixed_dictionaries(
    {
        "orders": st.lists(st.one_of(st.integers(min_value=-1, max_value=4), number_tokens), max_size=4),
        "kinds": st.lists(st.sampled_from(list(batch.ComputeResourceType)), min_size=4, max_size=4),
        "priority": numbers,
        "name": maybe(names),
        "max_seconds": maybe(st.integers(min_value=0, max_value=100_000)),
    }
)


def test_job_queues() -> None:
    outcomes = Outcomes()

    @given(case=cases(valid_queue(), any_queue))
    @example(case=({"orders": [0], "kinds": EC2_KINDS, "priority": 1000, "name": None, "max_seconds": 86_400}, True))
    @example(
        case=({"orders": [0], "kinds": EC2_KINDS, "priority": float("-inf"), "name": None, "max_seconds": None}, False)
    )
    def run(case: tuple[dict[str, Any], bool]) -> None:
        arguments, valid = case

        def build(stack: TerraformStack) -> None:
            environments = [
                batch.JobQueueComputeEnvironment(
                    compute_environment=batch.ComputeEnvironment(
                        stack, f"Env{i}", compute_resources=batch.ComputeResources(vpc=VPC, type=arguments["kinds"][i])
                    ),
                    order=order,
                )
                for i, order in enumerate(arguments["orders"])
            ]
            actions = []
            if arguments["max_seconds"] is not None:
                actions.append(
                    batch.JobStateTimeLimitAction(
                        reason="stuck", max_time=datetime.timedelta(seconds=arguments["max_seconds"])
                    )
                )
            batch.JobQueue(
                stack,
                "Queue",
                compute_environments=environments,
                priority=arguments["priority"],
                job_queue_name=arguments["name"],
                job_state_time_limit_actions=actions,
            )

        outcomes.valid[valid] += 1
        doc = outcomes.attempt(build, must_synthesize=valid)
        if doc is None:
            return
        (queue,) = doc["resource"]["aws_batch_job_queue"].values()
        expected = [(f"${{aws_batch_compute_environment.Env{i}_", order) for i, order in enumerate(arguments["orders"])]
        assert len(queue["compute_environment_order"]) == len(expected)
        for block, (arn_start, order) in zip(queue["compute_environment_order"], expected, strict=True):
            assert block["compute_environment"].startswith(arn_start) and block["compute_environment"].endswith(".arn}")
            assert same(block["order"], order)
        assert same(queue["priority"], arguments["priority"])
        if arguments["name"] is not None:
            assert same(queue["name"], arguments["name"])
        if arguments["max_seconds"] is None:
            assert "job_state_time_limit_action" not in queue
        else:
            assert queue["job_state_time_limit_action"] == [
                {
                    "action": "CANCEL",
                    "max_time_seconds": arguments["max_seconds"],
                    "reason": "stuck",
                    "state": "RUNNABLE",
                }
            ]

    run()
    outcomes.assert_enough_synthesized()


# --- job definitions ----------------------------------------------------------------------------

any_container = st.fixed_dictionaries(
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
            st.fixed_dictionaries(
                {}, optional={"max_swap": numbers, "swappiness": numbers, "shared_memory_size": numbers}
            )
        ),
    },
)


@st.composite
def valid_container(draw: st.DrawFn, *, fargate: bool) -> dict[str, Any]:
    container: dict[str, Any] = {}
    if fargate:
        vcpus, memory = draw(st.sampled_from(FARGATE_PAIRS))
        if draw(st.integers(0, 3)):  # mostly given: the defaults are a pair too
            container["vcpus"] = vcpus
            container["memory_limit_mib"] = draw(
                st.sampled_from([memory, FARGATE_SIZES[vcpus][0], FARGATE_SIZES[vcpus][-1]])
            )
        container["assign_public_ip"] = draw(maybe(st.booleans()))
        container["ephemeral_storage_size_gib"] = draw(maybe(bounded(21, 200)))
    else:
        container["vcpus"] = draw(maybe(st.one_of(bounded(1, 256), number_tokens)))
        container["memory_limit_mib"] = draw(maybe(st.one_of(bounded(4, 500_000), number_tokens)))
        container["gpu_count"] = draw(maybe(bounded(1, 16)))
        if draw(st.booleans()):
            swap = draw(bounded(0, 10_000))
            container["linux_params"] = {"max_swap": swap, "swappiness": draw(maybe(bounded(0, 100)))}
    container["command"] = draw(maybe(st.lists(st.one_of(st.text(min_size=1, max_size=4), string_tokens), min_size=1)))
    return {key: value for key, value in container.items() if value is not None}


@st.composite
def valid_job_definition(draw: st.DrawFn) -> dict[str, Any]:
    fargate = draw(st.booleans())
    return {
        "container": draw(valid_container(fargate=fargate)),
        "fargate": fargate,
        "retry": draw(maybe(bounded(1, 10))),
        "priority": draw(maybe(bounded(0, 9999))),
    }


any_job_definition = st.fixed_dictionaries(
    {"container": any_container, "fargate": st.booleans(), "retry": maybe(numbers), "priority": maybe(numbers)}
)


def text(value: Any) -> str:
    """A resourceRequirements value: the API takes strings ("1", "0.25", "2048")."""
    if is_token(value):
        return batch_model.PLACEHOLDER  # batch_model.decode's stand-in for a reference
    return str(int(value)) if float(value).is_integer() else str(value)


def check_job_definition(doc: dict[str, Any], arguments: dict[str, Any]) -> None:
    (definition,) = doc["resource"]["aws_batch_job_definition"].values()
    container = arguments["container"]
    fargate = arguments["fargate"]
    assert definition["type"] == "container"
    assert definition["platform_capabilities"] == ["FARGATE" if fargate else "EC2"]
    properties = batch_model.decode(definition["container_properties"])
    requirements = {item["type"]: item["value"] for item in properties["resourceRequirements"]}
    vcpus = container.get("vcpus")
    if vcpus is None:
        vcpus = 0.25 if fargate else 1
    memory = container.get("memory_limit_mib")
    if memory is None:
        memory = (512 if is_token(vcpus) else FARGATE_SIZES[float(vcpus)][0]) if fargate else 4
    assert (requirements["VCPU"], requirements["MEMORY"]) == (text(vcpus), text(memory))
    if fargate and not is_token(vcpus) and not is_token(memory):
        assert (float(requirements["VCPU"]), int(requirements["MEMORY"])) in FARGATE_PAIRS
    if container.get("gpu_count") is not None:
        assert requirements["GPU"] == text(container["gpu_count"])
    else:
        assert "GPU" not in requirements
    public_ip = container.get("assign_public_ip")
    if public_ip is None:
        assert "networkConfiguration" not in properties
    else:
        assert properties["networkConfiguration"] == {"assignPublicIp": "ENABLED" if public_ip else "DISABLED"}
    storage = container.get("ephemeral_storage_size_gib")
    assert properties.get("ephemeralStorage") == (None if storage is None else {"sizeInGiB": storage})
    if arguments["retry"] is None:
        assert "retry_strategy" not in definition
    else:
        assert same(definition["retry_strategy"]["attempts"], arguments["retry"])
    if arguments["priority"] is None:
        assert "scheduling_priority" not in definition
    else:
        assert same(definition["scheduling_priority"], arguments["priority"])


def test_job_definitions() -> None:
    outcomes = Outcomes()

    @given(case=cases(valid_job_definition(), any_job_definition))
    @example(case=({"container": {"vcpus": float("-inf")}, "fargate": False, "retry": None, "priority": None}, False))
    @example(
        case=(
            {"container": {"vcpus": 16, "memory_limit_mib": 122_880}, "fargate": True, "retry": 10, "priority": 0},
            True,
        )
    )
    def run(case: tuple[dict[str, Any], bool]) -> None:
        arguments, valid = case

        def build(stack: TerraformStack) -> None:
            container = dict(arguments["container"])
            linux = container.pop("linux_params", None)
            if linux is not None:
                container["linux_params"] = batch.LinuxParameters(**linux)
            platform = batch.PlatformCapabilities.FARGATE if arguments["fargate"] else batch.PlatformCapabilities.EC2
            batch.JobDefinition(
                stack,
                "Job",
                container=batch.JobDefinitionContainer(
                    image=batch.ContainerImage.from_registry("busybox"), **container
                ),
                platform_capabilities=[platform],
                retry_attempts=arguments["retry"],
                scheduling_priority=arguments["priority"],
            )

        outcomes.valid[valid] += 1
        doc = outcomes.attempt(build, must_synthesize=valid)
        if doc is not None:
            check_job_definition(doc, arguments)

    run()
    outcomes.assert_enough_synthesized()
