"""High-level AWS Batch constructs for CDK for Terraform.

import cdktf_batch as batch

vpc = batch.Vpc(self, "Vpc")
environment = batch.ComputeEnvironment(
    self, "Environment", compute_resources=batch.ComputeResources(vpc=vpc)
)
"""

from cdktf_batch._node import use_bundled_node

use_bundled_node()  # before anything imports cdktf (and so starts jsii)

from cdktf_batch.compute_environment import (
    AllocationStrategy,
    ComputeEnvironment,
    ComputeResources,
    ComputeResourceType,
    IComputeEnvironment,
    ImportedComputeEnvironment,
    LaunchTemplateSpecification,
)
from cdktf_batch.errors import UnsupportedByProviderError, ValidationError
from cdktf_batch.iam import InstanceProfileLike, IRole, RoleLike, ServiceRole, grant_submit_job
from cdktf_batch.job_queue import (
    IJobQueue,
    ImportedJobQueue,
    JobQueue,
    JobQueueComputeEnvironment,
    JobStateTimeLimitAction,
    JobStateTimeLimitActionsAction,
    JobStateTimeLimitActionsReason,
    JobStateTimeLimitActionsState,
)
from cdktf_batch.machine_image import (
    AmazonLinuxGeneration,
    AmiHardwareType,
    EcsMachineImageType,
    EcsOptimizedAmi,
    GenericLinuxImage,
    IMachineImage,
    MachineImage,
    MachineImageConfig,
)
from cdktf_batch.network import (
    ImportedVpc,
    IVpc,
    SecurityGroupLike,
    SubnetSelection,
    SubnetType,
    Vpc,
    VpcAttributes,
)
from cdktf_batch.scheduling_policy import (
    FairshareSchedulingPolicy,
    ImportedSchedulingPolicy,
    ISchedulingPolicy,
    Share,
)

__all__ = [
    "AllocationStrategy",
    "AmazonLinuxGeneration",
    "AmiHardwareType",
    "ComputeEnvironment",
    "ComputeResourceType",
    "ComputeResources",
    "EcsMachineImageType",
    "EcsOptimizedAmi",
    "FairshareSchedulingPolicy",
    "GenericLinuxImage",
    "IComputeEnvironment",
    "IJobQueue",
    "IMachineImage",
    "IRole",
    "ISchedulingPolicy",
    "IVpc",
    "ImportedComputeEnvironment",
    "ImportedJobQueue",
    "ImportedSchedulingPolicy",
    "ImportedVpc",
    "InstanceProfileLike",
    "JobQueue",
    "JobQueueComputeEnvironment",
    "JobStateTimeLimitAction",
    "JobStateTimeLimitActionsAction",
    "JobStateTimeLimitActionsReason",
    "JobStateTimeLimitActionsState",
    "LaunchTemplateSpecification",
    "MachineImage",
    "MachineImageConfig",
    "RoleLike",
    "SecurityGroupLike",
    "ServiceRole",
    "Share",
    "SubnetSelection",
    "SubnetType",
    "UnsupportedByProviderError",
    "ValidationError",
    "Vpc",
    "VpcAttributes",
    "grant_submit_job",
]
