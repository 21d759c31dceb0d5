"""High-level AWS Batch constructs for CDK for Terraform.

import cdktf_batch as batch

vpc = batch.Vpc(self, "Vpc")
environment = batch.ComputeEnvironment(
    self, "Environment", compute_resources=batch.ComputeResources(vpc=vpc)
)
"""

from cdktf_batch._fast import activate as _activate_fast_path

_activate_fast_path()  # before anything imports cdktf (and so starts jsii) or the provider bindings

from cdktf_batch._version import __version__ as __version__
from cdktf_batch.compute_environment import (
    AllocationStrategy,
    ComputeEnvironment,
    ComputeResources,
    ComputeResourceType,
    IComputeEnvironment,
    ImportedComputeEnvironment,
    LaunchTemplateSpecification,
)
from cdktf_batch.errors import EngineMismatchError, LazyLoadingWarning, UnsupportedByProviderError, ValidationError
from cdktf_batch.iam import InstanceProfileLike, IRole, RoleLike, ServiceRole, grant_submit_job
from cdktf_batch.images import (
    AssetImage,
    AssetImageBuild,
    ContainerImage,
    EcrImage,
    EcrRepository,
    IEcrRepository,
    ImageConfig,
    RegistryImage,
)
from cdktf_batch.job_definition import (
    Action,
    AuthorizationConfig,
    CpuArchitecture,
    Device,
    DevicePermission,
    EfsVolumeConfiguration,
    FargatePlatformVersion,
    Host,
    IJobDefinition,
    ImportedJobDefinition,
    JobDefinition,
    JobDefinitionContainer,
    LinuxParameters,
    MountPoint,
    NodeProps,
    NodeRangeProps,
    OperatingSystemFamily,
    PlatformCapabilities,
    RetryStrategy,
    Tmpfs,
    TmpfsMountOption,
    Ulimit,
    UlimitName,
    Volume,
)
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
from cdktf_batch.logging import LogConfiguration, LogDriver
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
from cdktf_batch.secrets import ExposedSecret, Secret, SecretSource
from cdktf_batch.ssm import StringParameter

__all__ = [
    "Action",
    "AllocationStrategy",
    "AmazonLinuxGeneration",
    "AmiHardwareType",
    "AssetImage",
    "AssetImageBuild",
    "AuthorizationConfig",
    "ComputeEnvironment",
    "ComputeResourceType",
    "ComputeResources",
    "ContainerImage",
    "CpuArchitecture",
    "Device",
    "DevicePermission",
    "EcrImage",
    "EcrRepository",
    "EcsMachineImageType",
    "EcsOptimizedAmi",
    "EfsVolumeConfiguration",
    "EngineMismatchError",
    "ExposedSecret",
    "FairshareSchedulingPolicy",
    "FargatePlatformVersion",
    "GenericLinuxImage",
    "Host",
    "IComputeEnvironment",
    "IEcrRepository",
    "IJobDefinition",
    "IJobQueue",
    "IMachineImage",
    "IRole",
    "ISchedulingPolicy",
    "IVpc",
    "ImageConfig",
    "ImportedComputeEnvironment",
    "ImportedJobDefinition",
    "ImportedJobQueue",
    "ImportedSchedulingPolicy",
    "ImportedVpc",
    "InstanceProfileLike",
    "JobDefinition",
    "JobDefinitionContainer",
    "JobQueue",
    "JobQueueComputeEnvironment",
    "JobStateTimeLimitAction",
    "JobStateTimeLimitActionsAction",
    "JobStateTimeLimitActionsReason",
    "JobStateTimeLimitActionsState",
    "LaunchTemplateSpecification",
    "LazyLoadingWarning",
    "LinuxParameters",
    "LogConfiguration",
    "LogDriver",
    "MachineImage",
    "MachineImageConfig",
    "MountPoint",
    "NodeProps",
    "NodeRangeProps",
    "OperatingSystemFamily",
    "PlatformCapabilities",
    "RegistryImage",
    "RetryStrategy",
    "RoleLike",
    "Secret",
    "SecretSource",
    "SecurityGroupLike",
    "ServiceRole",
    "Share",
    "StringParameter",
    "SubnetSelection",
    "SubnetType",
    "Tmpfs",
    "TmpfsMountOption",
    "Ulimit",
    "UlimitName",
    "UnsupportedByProviderError",
    "ValidationError",
    "Volume",
    "Vpc",
    "VpcAttributes",
    "grant_submit_job",
]
