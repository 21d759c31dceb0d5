"""Generated names: stable, valid for Batch and IAM, distinct per construct path."""

from __future__ import annotations

import pytest
from constructs import Construct

import cdktf_batch as batch
from cdktf_batch._naming import (
    IAM_ROLE_DESCRIPTION,
    SECURITY_GROUP_DESCRIPTION,
    DescriptionRule,
    generated_description,
    generated_name,
)
from tests.conftest import TerraformStack, new_stack, synth


def named(*path: str, max_length: int = 128) -> str:
    scope: Construct = new_stack(name=path[0], provider=False)
    for part in path[1:]:
        scope = Construct(scope, part)
    return generated_name(scope, max_length=max_length)


def test_readable_and_hashed() -> None:
    name = named("stack", "Env")
    assert name.startswith("stack-Env-") and len(name) == len("stack-Env-") + 8


def test_same_path_same_name() -> None:
    assert named("stack", "a", "b") == named("stack", "a", "b")


def test_paths_that_sanitise_alike_differ() -> None:
    assert named("stack", "my env") != named("stack", "my_env")


@pytest.mark.parametrize(
    ("max_length", "expected"),
    [
        (20, "a-ver-ct-Id-2416436e"),
        (38, "a-very-long-st-d-Construct-Id-2416436e"),
        (64, "a-very-long-stack-name-Nest-ruct-Id-Nested-Construct-Id-2416436e"),
        (
            102,
            "a-very-long-stack-name-Nested-Construct-Id-Nes-uct-Id-Nested-Construct-Id-Nested-Construct-Id-2416436e",
        ),
        (
            128,
            "a-very-long-stack-name-Nested-Construct-Id-Nested-Construct-"
            "Nested-Construct-Id-Nested-Construct-Id-Nested-Construct-Id-2416436e",
        ),
    ],
)
def test_long_paths_fit_and_stay_valid(max_length: int, expected: str) -> None:
    name = named("a-very-long-stack-name", *(["Nested-Construct-Id"] * 10), max_length=max_length)
    assert name == expected
    assert len(name) <= max_length


def test_characters_batch_refuses_are_replaced() -> None:
    name = named("stack", "_odd id.with/dots")
    assert name == "stack-odd-id-with--dots-662bbaae"


def test_remembered_paths_and_stacks_match_the_construct_tree() -> None:
    # construct_path and stack_of answer from what our constructs remember, without asking jsii.
    import cdktf_batch as batch
    from cdktf_batch._naming import construct_path, stack_of

    stack = new_stack(name="tree")
    group = Construct(stack, "Group")
    vpc = batch.Vpc(group, "Net/work")
    environment = batch.ComputeEnvironment(group, "Env", compute_resources=batch.ComputeResources(vpc=vpc))
    for construct in (vpc, environment, environment.security_group, environment.instance_role):
        assert construct is not None
        assert construct_path(construct) == construct.node.path
        assert stack_of(construct) is stack
    assert construct_path(vpc) == "tree/Group/Net--work"


def test_separators_at_the_ends_of_a_part_are_dropped_and_letters_kept() -> None:
    # Each part loses leading and trailing - and _ (never letters: "Xray" keeps its X), so a
    # name never has doubled separators between parts.
    assert named("stack", "-Xray_", "_Box-X") == "stack-Xray-Box-X-e2855edf"


def test_a_leading_letter_of_the_stack_is_kept() -> None:
    assert named("Xstack", "Env") == "Xstack-Env-4b9fa785"


def test_a_path_with_nothing_readable_is_named_batch() -> None:
    # Every part of "-/__" is a separator only: the readable part falls back to "batch".
    assert named("-", "__") == "batch-d55967f1"


def test_a_singleton_reuses_a_construct_already_at_the_stack_root() -> None:
    from cdktf_batch._naming import stack_singleton

    stack = new_stack(provider=False)
    existing = Construct(stack, "shared")

    def factory(scope: Construct, construct_id: str) -> Construct:
        raise AssertionError("the existing construct should have been reused")

    assert stack_singleton(Construct(stack, "User"), "shared", factory) is existing


@pytest.mark.parametrize(
    ("max_length", "expected"),
    [
        (18, "stack-Env-7efd5e71"),  # the readable part exactly fills its room: kept whole
        (17, "stac-Env-7efd5e71"),  # one less: cut in the middle
        (12, "s-v-7efd5e71"),  # room for 3: one character each side of the cut
        (11, "st-7efd5e71"),  # room for 2: no room for a cut, the start kept
        (10, "s-7efd5e71"),  # room for 1: the first character
    ],
)
def test_short_maximums_keep_the_start_of_the_readable_part(max_length: int, expected: str) -> None:
    assert named("stack", "Env", max_length=max_length) == expected


def test_a_maximum_with_no_room_beside_the_hash_is_refused() -> None:
    with pytest.raises(ValueError) as raised:
        named("stack", "Env", max_length=9)
    assert str(raised.value) == "max_length 9 leaves no room for a readable name"


def test_a_description_keeps_the_path_when_it_fits() -> None:
    job = Construct(new_stack(), "Job")
    assert generated_description("Role of", job, DescriptionRule(max_length=16)) == "Role of test/Job"  # exactly
    assert generated_description("Role of", job, DescriptionRule(max_length=19)) == "Role of test/Job"
    assert (
        generated_description("Role of", job, DescriptionRule(max_length=30), after=" (ECS Exec)")
        == "Role of test/Job (ECS Exec)"
    )


def test_a_long_path_loses_its_middle_to_fit_the_description() -> None:
    job = Construct(new_stack(), "Job" + "x" * 40 + "0123456789")  # path: test/Jobxxx...0123456789
    fitted = generated_description("Role of", job, DescriptionRule(max_length=30), after=" (x)")
    assert fitted == "Role of test/Jo...23456789 (x)"
    assert len(fitted) == 30
    assert (
        generated_description("Role of", job, DescriptionRule(max_length=31), after=" (x)")
        == "Role of test/Job...23456789 (x)"
    )


def test_a_description_replaces_what_aws_refuses_in_it() -> None:
    job = Construct(new_stack(), "Café's job?")
    assert generated_description("Group of", job, SECURITY_GROUP_DESCRIPTION) == "Group of test/Caf__s job_"
    assert generated_description("Role of", job, IAM_ROLE_DESCRIPTION) == "Role of test/Café's job?"
    tabbed = Construct(new_stack(), "tab\tand\u2013dash")
    assert generated_description("Role of", tabbed, IAM_ROLE_DESCRIPTION) == "Role of test/tab\tand_dash"


def test_every_description_the_library_writes_fits_and_keeps_to_what_aws_takes() -> None:
    doc = synth(_everything_with_a_description)
    found = sorted(
        (kind, len(body["description"].encode()), "\u2013" in body["description"], body["description"][:40])
        for kind in ("aws_iam_role", "aws_security_group", "aws_cloudwatch_event_rule")
        for body in doc["resource"][kind].values()
        if "description" in body
    )
    assert found == [
        ("aws_cloudwatch_event_rule", 512, True, "AWS Batch job state changes of test/Team"),
        ("aws_iam_role", 1000, False, "ECS container instances of AWS Batch com"),
        ("aws_iam_role", 1000, False, "ECS execution role of AWS Batch job defi"),
        ("aws_iam_role", 1000, False, "EventBridge rule submitting the AWS Batc"),
        ("aws_iam_role", 1000, False, "Job role of AWS Batch job definition tes"),
        ("aws_security_group", 255, False, "AWS Batch compute environment test/Team_"),
    ]


def _everything_with_a_description(stack: TerraformStack) -> None:
    # An en dash, which neither EC2 nor IAM takes in a description (3 of the UTF-8 bytes the provider
    # counts in the rule's), and a path of 1,100 characters.
    deep = Construct(stack, "Team\u2013" + "x" * 1100)
    vpc = batch.Vpc.from_attributes(vpc_id="vpc-1", private_subnet_ids=["subnet-1"])
    batch.ComputeEnvironment(deep, "Env", compute_resources=batch.ComputeResources(vpc=vpc))
    job = batch.JobDefinition(
        deep,
        "Job",
        platform_capabilities=[batch.PlatformCapabilities.FARGATE],
        container=batch.JobDefinitionContainer(
            image=batch.ContainerImage.from_registry("busybox"), enable_execute_command=True
        ),
    )
    queue = batch.JobQueue.from_job_queue_arn(deep, "Queue", "arn:aws:batch:us-east-1:123456789012:job-queue/q")
    queue.on_job_state_change("Changes", target_arn="arn:aws:sns:us-east-1:123456789012:changes")
    batch.JobTrigger(deep, "OnEvent", job_queue=queue, job_definition=job, event_pattern={"source": ["my.app"]})
