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
from cdktf_batch.iam import InstanceProfileLike, IRole, RoleLike, ServiceRole
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

__all__ = [
    "AllocationStrategy",
    "AmazonLinuxGeneration",
    "AmiHardwareType",
    "ComputeEnvironment",
    "ComputeResourceType",
    "ComputeResources",
    "EcsMachineImageType",
    "EcsOptimizedAmi",
    "GenericLinuxImage",
    "IComputeEnvironment",
    "IMachineImage",
    "IRole",
    "IVpc",
    "ImportedComputeEnvironment",
    "ImportedVpc",
    "InstanceProfileLike",
    "LaunchTemplateSpecification",
    "MachineImage",
    "MachineImageConfig",
    "RoleLike",
    "SecurityGroupLike",
    "ServiceRole",
    "SubnetSelection",
    "SubnetType",
    "UnsupportedByProviderError",
    "ValidationError",
    "Vpc",
    "VpcAttributes",
]
