"""FairshareSchedulingPolicy: shares, decay, reservation, additions and imports."""

from __future__ import annotations

import datetime

import pytest
from constructs import Construct

import cdktf_batch as batch
from cdktf_batch._naming import construct_path
from tests.conftest import new_stack, one, resources, synth
from tests.engine import TerraformStack, TerraformVariable


def test_full_policy() -> None:
    def build(stack: TerraformStack) -> None:
        policy = batch.FairshareSchedulingPolicy(
            stack,
            "Policy",
            shares=[batch.Share(share_identifier="research", weight_factor=0.5)],
            share_decay=datetime.timedelta(hours=1),
            compute_reservation=10,
            scheduling_policy_name="fair",
            tags={"team": "a"},
        )
        policy.add_share(batch.Share(share_identifier="etl*"))
        assert [s.share_identifier for s in policy.shares] == ["research", "etl*"]

    policy = one(resources(synth(build), "aws_batch_scheduling_policy"))
    assert policy == {
        "name": "fair",
        "tags": {"team": "a"},
        "fair_share_policy": {
            "compute_reservation": 10,
            "share_decay_seconds": 3600,
            "share_distribution": [
                {"share_identifier": "research", "weight_factor": 0.5},
                # the weight is always written out: the provider would send 0 otherwise
                {"share_identifier": "etl*", "weight_factor": 1},
            ],
        },
    }


def test_empty_policy_has_no_empty_block() -> None:
    policy = one(
        resources(synth(lambda stack: batch.FairshareSchedulingPolicy(stack, "Policy")), "aws_batch_scheduling_policy")
    )
    assert set(policy) == {"name"}
    assert policy["name"] == "test-Policy-7c29e1e4"


def test_policy_resource_logical_id_is_stable() -> None:
    # The Terraform address of the resource: changing it would replace the policy.
    doc = synth(lambda stack: batch.FairshareSchedulingPolicy(stack, "Policy"))
    assert list(doc["resource"]["aws_batch_scheduling_policy"]) == ["Policy_23B91518"]


def test_generated_name_of_a_deep_policy_is_cut_to_128_characters() -> None:
    def build(stack: TerraformStack) -> None:
        scope: Construct = stack
        for _ in range(12):
            scope = Construct(scope, "Nested-Construct-Id")
        batch.FairshareSchedulingPolicy(scope, "Policy")

    policy = one(resources(synth(build), "aws_batch_scheduling_policy"))
    assert policy["name"] == (
        "test-Nested-Construct-Id-Nested-Construct-Id-Nested-Constru-"
        "Construct-Id-Nested-Construct-Id-Nested-Construct-Id-Policy-1ca290a3"
    )
    assert len(policy["name"]) == 128


@pytest.mark.parametrize(
    ("tags", "message"),
    [
        ({"a": 1}, "tags['a']: must be a string, got 1"),
        ("x", "tags: must be a mapping of strings to strings, got 'x'"),
    ],
)
def test_bad_tags_are_named_in_the_error(tags: object, message: str) -> None:
    with pytest.raises(batch.ValidationError) as caught:
        batch.FairshareSchedulingPolicy(new_stack(), "Policy", tags=tags)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_first_share_added_later_creates_the_block() -> None:
    def build(stack: TerraformStack) -> None:
        batch.FairshareSchedulingPolicy(stack, "Policy").add_share(batch.Share(share_identifier="a", weight_factor=3))

    policy = one(resources(synth(build), "aws_batch_scheduling_policy"))
    assert policy["fair_share_policy"] == {"share_distribution": [{"share_identifier": "a", "weight_factor": 3}]}


def test_five_hundred_shares() -> None:
    def build(stack: TerraformStack) -> None:
        batch.FairshareSchedulingPolicy(
            stack, "Policy", shares=[batch.Share(share_identifier=f"s{i}") for i in range(500)]
        )

    policy = one(resources(synth(build), "aws_batch_scheduling_policy"))
    assert len(policy["fair_share_policy"]["share_distribution"]) == 500


def test_policy_without_shares_keeps_its_decay_and_reservation() -> None:
    def build(stack: TerraformStack) -> None:
        batch.FairshareSchedulingPolicy(
            stack, "Policy", share_decay=datetime.timedelta(minutes=5), compute_reservation=25
        )

    policy = one(resources(synth(build), "aws_batch_scheduling_policy"))
    assert policy["fair_share_policy"] == {"share_decay_seconds": 300, "compute_reservation": 25}


def test_messages_of_the_share_rules() -> None:
    stack = new_stack()
    with pytest.raises(batch.ValidationError) as caught:
        batch.FairshareSchedulingPolicy(stack, "A", shares=[{"share_identifier": "a"}])  # type: ignore[list-item]
    assert str(caught.value) == "shares[0]: must be a Share, got 'dict'"

    with pytest.raises(batch.ValidationError) as caught:
        batch.FairshareSchedulingPolicy(
            stack, "B", shares=[batch.Share(share_identifier="a"), batch.Share(share_identifier="a", weight_factor=2)]
        )
    assert str(caught.value) == "shares[1].share_identifier: must be unique within the policy, got 'a'"

    full = batch.FairshareSchedulingPolicy(
        stack, "C", shares=[batch.Share(share_identifier=f"s{i}") for i in range(500)]
    )
    with pytest.raises(batch.ValidationError) as caught:
        full.add_share(batch.Share(share_identifier="extra"))
    assert str(caught.value) == "share: a policy takes at most 500 shares, got 501"

    with pytest.raises(batch.ValidationError) as caught:
        batch.Share(share_identifier="a b")
    assert str(caught.value) == (
        "share.share_identifier: must be up to 255 letters or digits, optionally ending with * (a prefix), got 'a b'"
    )


def test_shares_with_the_same_unresolved_identifier_are_not_refused() -> None:
    # Two tokens may hold different values: only Terraform knows.
    def build(stack: TerraformStack) -> None:
        team = TerraformVariable(stack, "team", type="string").string_value  # one token text, twice
        batch.FairshareSchedulingPolicy(
            stack,
            "Policy",
            shares=[batch.Share(share_identifier=team), batch.Share(share_identifier=team)],
        )

    policy = one(resources(synth(build), "aws_batch_scheduling_policy"))
    assert policy["fair_share_policy"]["share_distribution"] == [
        {"share_identifier": "${var.team}", "weight_factor": 1},
        {"share_identifier": "${var.team}", "weight_factor": 1},
    ]


def test_imported_policy_reads_the_data_source_under_its_construct() -> None:
    arn = "arn:aws:batch:us-east-1:123456789012:scheduling-policy/shared"

    def build(stack: TerraformStack) -> None:
        imported = batch.FairshareSchedulingPolicy.from_scheduling_policy_arn(stack, "Shared", arn)
        assert construct_path(imported) == imported.node.path == "test/Shared"

    doc = synth(build)
    assert doc["data"]["aws_batch_scheduling_policy"] == {"Shared_DACC02AA": {"arn": arn}}


def test_a_policy_in_another_region() -> None:
    policy = one(
        resources(
            synth(lambda stack: batch.FairshareSchedulingPolicy(stack, "Policy", region="eu-west-1")),
            "aws_batch_scheduling_policy",
        )
    )
    assert policy["region"] == "eu-west-1"


def test_imported_policy_in_another_region() -> None:
    arn = "arn:aws:batch:eu-west-1:123456789012:scheduling-policy/shared"

    def build(stack: TerraformStack) -> None:
        batch.FairshareSchedulingPolicy.from_scheduling_policy_arn(stack, "Shared", arn, region="eu-west-1")

    assert synth(build)["data"]["aws_batch_scheduling_policy"] == {
        "Shared_DACC02AA": {"arn": arn, "region": "eu-west-1"}
    }


def test_add_share_refuses_what_is_not_a_share() -> None:
    policy = batch.FairshareSchedulingPolicy(new_stack(), "Policy")
    with pytest.raises(batch.ValidationError) as caught:
        policy.add_share("a")  # type: ignore[arg-type]
    assert str(caught.value) == "share: must be a Share, got 'a'"
