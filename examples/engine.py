"""The example app's engine: CDK for Terraform by default, CDK Terrain with ``CDKTF_BATCH_ENGINE=cdktn``.

A real app imports its engine directly (``from cdktn import App``, ``from cdktn_provider_aws.iam_role
import IamRole``) and cdktf_batch follows it; the example app imports its engine's classes from
here only so that one app shows both. The names are the same in both engines.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import cdktf_batch  # noqa: F401  (before the engine: points jsii at the virtualenv's Node)

ENGINE = os.environ.get("CDKTF_BATCH_ENGINE", "").strip().lower() or "cdktf"

# isort: off
if TYPE_CHECKING or ENGINE != "cdktn":
    from cdktf import App, CloudBackend, NamedCloudWorkspace, TaggedCloudWorkspaces, TerraformOutput, TerraformStack
    from cdktf_cdktf_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity
    from cdktf_cdktf_provider_aws.data_aws_partition import DataAwsPartition
    from cdktf_cdktf_provider_aws.iam_role import IamRole
    from cdktf_cdktf_provider_aws.kms_key import KmsKey
    from cdktf_cdktf_provider_aws.launch_template import (
        LaunchTemplate,
        LaunchTemplateBlockDeviceMappings,
        LaunchTemplateBlockDeviceMappingsEbs,
        LaunchTemplateMetadataOptions,
    )
    from cdktf_cdktf_provider_aws.provider import AwsProvider
    from cdktf_cdktf_provider_aws.s3_bucket_notification import S3BucketNotification
    from cdktf_cdktf_provider_aws.secretsmanager_secret import SecretsmanagerSecret
    from cdktf_cdktf_provider_aws.sns_topic import SnsTopic
    from cdktf_cdktf_provider_aws.sns_topic_policy import SnsTopicPolicy
    from cdktf_cdktf_provider_aws.sqs_queue import SqsQueue
    from cdktf_cdktf_provider_aws.sqs_queue_policy import SqsQueuePolicy
else:
    from cdktn import App, CloudBackend, NamedCloudWorkspace, TaggedCloudWorkspaces, TerraformOutput, TerraformStack
    from cdktn_provider_aws.data_aws_caller_identity import DataAwsCallerIdentity
    from cdktn_provider_aws.data_aws_partition import DataAwsPartition
    from cdktn_provider_aws.iam_role import IamRole
    from cdktn_provider_aws.kms_key import KmsKey
    from cdktn_provider_aws.launch_template import (
        LaunchTemplate,
        LaunchTemplateBlockDeviceMappings,
        LaunchTemplateBlockDeviceMappingsEbs,
        LaunchTemplateMetadataOptions,
    )
    from cdktn_provider_aws.provider import AwsProvider
    from cdktn_provider_aws.s3_bucket_notification import S3BucketNotification
    from cdktn_provider_aws.secretsmanager_secret import SecretsmanagerSecret
    from cdktn_provider_aws.sns_topic import SnsTopic
    from cdktn_provider_aws.sns_topic_policy import SnsTopicPolicy
    from cdktn_provider_aws.sqs_queue import SqsQueue
    from cdktn_provider_aws.sqs_queue_policy import SqsQueuePolicy
# isort: on

__all__ = [
    "ENGINE",
    "App",
    "AwsProvider",
    "CloudBackend",
    "DataAwsCallerIdentity",
    "DataAwsPartition",
    "IamRole",
    "KmsKey",
    "LaunchTemplate",
    "LaunchTemplateBlockDeviceMappings",
    "LaunchTemplateBlockDeviceMappingsEbs",
    "LaunchTemplateMetadataOptions",
    "NamedCloudWorkspace",
    "S3BucketNotification",
    "SecretsmanagerSecret",
    "SnsTopic",
    "SnsTopicPolicy",
    "SqsQueue",
    "SqsQueuePolicy",
    "TaggedCloudWorkspaces",
    "TerraformOutput",
    "TerraformStack",
]
