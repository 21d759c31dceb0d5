"""The stack's partition, region and account, each from one shared data source, for ARNs
that cdktf_batch builds (managed policies, log groups, SSM parameters)."""

from __future__ import annotations

from cdktf_batch._cdktf import Construct
from cdktf_batch._naming import attribute, stack_singleton


def partition(scope: Construct) -> str:
    """aws, aws-cn or aws-us-gov."""
    from cdktf_cdktf_provider_aws.data_aws_partition import DataAwsPartition

    value: str = attribute(
        stack_singleton(scope, "cdktf-batch-partition", lambda stack, cid: DataAwsPartition(stack, cid)), "partition"
    )
    return value


def region(scope: Construct) -> str:
    """The region of the stack's default provider, as Terraform knows it at plan time."""
    from cdktf_cdktf_provider_aws.data_aws_region import DataAwsRegion

    value: str = attribute(
        stack_singleton(scope, "cdktf-batch-region", lambda stack, cid: DataAwsRegion(stack, cid)), "name"
    )
    return value


def account_id(scope: Construct) -> str:
    from cdktf_cdktf_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity

    value: str = attribute(
        stack_singleton(scope, "cdktf-batch-caller", lambda stack, cid: DataAwsCallerIdentity(stack, cid)), "account_id"
    )
    return value
