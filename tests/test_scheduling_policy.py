"""FairshareSchedulingPolicy: shares, decay, reservation, additions and imports."""

from __future__ import annotations

import datetime

import pytest

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
        team = TerraformVariable(stack, "team", type="string")
        batch.FairshareSchedulingPolicy(
            stack,
            "Policy",
            shares=[batch.Share(share_identifier=team.string_value), batch.Share(share_identifier=team.string_value)],
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


def test_add_share_refuses_what_is_not_a_share() -> None:
    policy = batch.FairshareSchedulingPolicy(new_stack(), "Policy")
    with pytest.raises(batch.ValidationError) as caught:
        policy.add_share("a")  # type: ignore[arg-type]
    assert str(caught.value) == "share: must be a Share, got 'a'"
