"""Generated names: stable, valid for Batch and IAM, distinct per construct path."""

from __future__ import annotations

import pytest
from constructs import Construct

from cdktf_batch._naming import generated_name
from cdktf_batch._validation import NAME_PATTERN
from tests.conftest import new_stack


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


@pytest.mark.parametrize("max_length", [20, 38, 64, 102, 128])
def test_long_paths_fit_and_stay_valid(max_length: int) -> None:
    name = named("a-very-long-stack-name", *(["Nested-Construct-Id"] * 10), max_length=max_length)
    assert len(name) <= max_length
    assert NAME_PATTERN.fullmatch(name)
    assert name.startswith("a-ve")


def test_characters_batch_refuses_are_replaced() -> None:
    name = named("stack", "_odd id.with/dots")
    assert NAME_PATTERN.fullmatch(name)
    assert " " not in name and "." not in name


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
