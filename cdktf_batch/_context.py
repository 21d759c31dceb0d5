"""The stack's partition, region and account, each from one shared data source, for ARNs
that cdktf_batch builds (managed policies, log groups, SSM parameters)."""

from __future__ import annotations

from cdktf_batch._engine import Construct, engine_of
from cdktf_batch._naming import attribute, stack_singleton


def partition(scope: Construct) -> str:
    """aws, aws-cn or aws-us-gov."""
    aws = engine_of(scope).aws

    value: str = attribute(
        stack_singleton(scope, "cdktf-batch-partition", lambda stack, cid: aws.DataAwsPartition(stack, cid)),
        "partition",
    )
    return value


def region(scope: Construct) -> str:
    """The region of the stack's default provider, as Terraform knows it at plan time."""
    aws = engine_of(scope).aws

    value: str = attribute(
        stack_singleton(scope, "cdktf-batch-region", lambda stack, cid: aws.DataAwsRegion(stack, cid)), "name"
    )
    return value


def account_id(scope: Construct) -> str:
    aws = engine_of(scope).aws

    value: str = attribute(
        stack_singleton(scope, "cdktf-batch-caller", lambda stack, cid: aws.DataAwsCallerIdentity(stack, cid)),
        "account_id",
    )
    return value
