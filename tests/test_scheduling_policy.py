"""FairshareSchedulingPolicy: shares, decay, reservation, additions and imports."""

from __future__ import annotations

import datetime

from cdktf import TerraformStack

import cdktf_batch as batch
from tests.conftest import one, resources, synth


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
