"""The engine a construct tree is built with: CDK for Terraform (``cdktf``) or CDK Terrain (``cdktn``).

Both have the same Python API under other package names, and their provider bindings have the
same submodules, classes and keyword arguments; but one tree must use one engine throughout
(``cdktn.App.synth()`` fails on a ``cdktf`` resource). So cdktf_batch never imports an engine by
name: every provider class and every core class that goes into a tree comes from
:func:`engine_of` the scope, which is the engine of the scope's stack (and of its app). An app
therefore gets the engine it was written with, in a virtualenv that has one engine or both, and
cdktf_batch never imports the other one (importing a provider's bindings costs seconds).

Where there is no tree (``Token.is_unresolved`` on a value, ``Fn`` in a scope-less helper),
:func:`default_engine` is used: tokens are shared by both engines (one token map in the jsii
kernel), so this only has to be an engine that is installed.

``CDKTF_BATCH_ENGINE=cdktf|cdktn`` is the explicit switch: the default engine, and an assertion
(a tree of the other engine raises :class:`~cdktf_batch.errors.EngineMismatchError`).

For the type checker the classes are ``cdktf``'s: the two engines' signatures are the same.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from constructs import Construct

from cdktf_batch.errors import EngineMismatchError

if TYPE_CHECKING:
    import cdktf
    from cdktf_cdktf_provider_aws import (
        batch_compute_environment,
        batch_job_definition,
        batch_job_queue,
        batch_scheduling_policy,
        cloudwatch_event_rule,
        cloudwatch_event_target,
        cloudwatch_log_group,
        data_aws_availability_zones,
        data_aws_batch_compute_environment,
        data_aws_batch_job_definition,
        data_aws_batch_job_queue,
        data_aws_batch_scheduling_policy,
        data_aws_caller_identity,
        data_aws_ecr_authorization_token,
        data_aws_ecr_repository,
        data_aws_eks_cluster,
        data_aws_iam_instance_profile,
        data_aws_partition,
        data_aws_region,
        data_aws_ssm_parameter,
        data_aws_subnets,
        data_aws_vpc,
        default_security_group,
        ecr_repository,
        eip,
        eks_access_entry,
        eks_access_policy_association,
        iam_instance_profile,
        iam_role,
        iam_role_policy,
        iam_role_policy_attachment,
        internet_gateway,
        nat_gateway,
        provider,
        route,
        route_table,
        route_table_association,
        scheduler_schedule,
        security_group,
        subnet,
        vpc,
        vpc_security_group_egress_rule,
    )
    from cdktf_cdktf_provider_docker import image as docker_image
    from cdktf_cdktf_provider_docker import provider as docker_provider
    from cdktf_cdktf_provider_docker import registry_image

__all__ = [
    "CDKTF",
    "CDKTN",
    "ENGINES",
    "SWITCH",
    "Construct",
    "Engine",
    "Fn",
    "Token",
    "check_engine",
    "default_engine",
    "engine_of",
]

SWITCH = "CDKTF_BATCH_ENGINE"

# The provider classes cdktf_batch uses, by provider submodule: the one list, read at run time.
# The classes under TYPE_CHECKING below are the same list for the type checker (a test keeps
# the two equal, and pyproject.toml's mypy overrides equal to the submodules).
AWS_CLASSES: dict[str, tuple[str, ...]] = {
    "batch_compute_environment": (
        "BatchComputeEnvironment",
        "BatchComputeEnvironmentComputeResources",
        "BatchComputeEnvironmentComputeResourcesEc2Configuration",
        "BatchComputeEnvironmentComputeResourcesLaunchTemplate",
        "BatchComputeEnvironmentEksConfiguration",
        "BatchComputeEnvironmentUpdatePolicy",
    ),
    "batch_job_definition": (
        "BatchJobDefinition",
        "BatchJobDefinitionEksProperties",
        "BatchJobDefinitionEksPropertiesPodProperties",
        "BatchJobDefinitionEksPropertiesPodPropertiesContainers",
        "BatchJobDefinitionEksPropertiesPodPropertiesContainersEnv",
        "BatchJobDefinitionEksPropertiesPodPropertiesContainersResources",
        "BatchJobDefinitionEksPropertiesPodPropertiesContainersSecurityContext",
        "BatchJobDefinitionEksPropertiesPodPropertiesContainersVolumeMounts",
        "BatchJobDefinitionEksPropertiesPodPropertiesImagePullSecret",
        "BatchJobDefinitionEksPropertiesPodPropertiesInitContainers",
        "BatchJobDefinitionEksPropertiesPodPropertiesInitContainersEnv",
        "BatchJobDefinitionEksPropertiesPodPropertiesInitContainersResources",
        "BatchJobDefinitionEksPropertiesPodPropertiesInitContainersSecurityContext",
        "BatchJobDefinitionEksPropertiesPodPropertiesInitContainersVolumeMounts",
        "BatchJobDefinitionEksPropertiesPodPropertiesMetadata",
        "BatchJobDefinitionEksPropertiesPodPropertiesVolumes",
        "BatchJobDefinitionEksPropertiesPodPropertiesVolumesEmptyDir",
        "BatchJobDefinitionEksPropertiesPodPropertiesVolumesHostPath",
        "BatchJobDefinitionEksPropertiesPodPropertiesVolumesSecret",
        "BatchJobDefinitionRetryStrategy",
        "BatchJobDefinitionRetryStrategyEvaluateOnExit",
        "BatchJobDefinitionTimeout",
    ),
    "batch_job_queue": (
        "BatchJobQueue",
        "BatchJobQueueComputeEnvironmentOrder",
        "BatchJobQueueJobStateTimeLimitAction",
    ),
    "batch_scheduling_policy": (
        "BatchSchedulingPolicy",
        "BatchSchedulingPolicyFairSharePolicy",
        "BatchSchedulingPolicyFairSharePolicyShareDistribution",
    ),
    "cloudwatch_event_rule": ("CloudwatchEventRule",),
    "cloudwatch_event_target": (
        "CloudwatchEventTarget",
        "CloudwatchEventTargetBatchTarget",
        "CloudwatchEventTargetDeadLetterConfig",
        "CloudwatchEventTargetInputTransformer",
        "CloudwatchEventTargetRetryPolicy",
    ),
    "cloudwatch_log_group": ("CloudwatchLogGroup",),
    "data_aws_availability_zones": ("DataAwsAvailabilityZones",),
    "data_aws_batch_compute_environment": ("DataAwsBatchComputeEnvironment",),
    "data_aws_batch_job_definition": ("DataAwsBatchJobDefinition",),
    "data_aws_batch_job_queue": ("DataAwsBatchJobQueue",),
    "data_aws_batch_scheduling_policy": ("DataAwsBatchSchedulingPolicy",),
    "data_aws_caller_identity": ("DataAwsCallerIdentity",),
    "data_aws_ecr_authorization_token": ("DataAwsEcrAuthorizationToken",),
    "data_aws_ecr_repository": ("DataAwsEcrRepository",),
    "data_aws_eks_cluster": ("DataAwsEksCluster",),
    "data_aws_iam_instance_profile": ("DataAwsIamInstanceProfile",),
    "data_aws_partition": ("DataAwsPartition",),
    "data_aws_region": ("DataAwsRegion",),
    "data_aws_ssm_parameter": ("DataAwsSsmParameter",),
    "data_aws_subnets": ("DataAwsSubnets", "DataAwsSubnetsFilter"),
    "data_aws_vpc": ("DataAwsVpc",),
    "default_security_group": ("DefaultSecurityGroup",),
    "ecr_repository": (
        "EcrRepository",
        "EcrRepositoryEncryptionConfiguration",
        "EcrRepositoryImageScanningConfiguration",
    ),
    "eip": ("Eip",),
    "eks_access_entry": ("EksAccessEntry",),
    "eks_access_policy_association": ("EksAccessPolicyAssociation", "EksAccessPolicyAssociationAccessScope"),
    "iam_instance_profile": ("IamInstanceProfile",),
    "iam_role": ("IamRole",),
    "iam_role_policy": ("IamRolePolicy",),
    "iam_role_policy_attachment": ("IamRolePolicyAttachment",),
    "internet_gateway": ("InternetGateway",),
    "nat_gateway": ("NatGateway",),
    "provider": ("AwsProvider",),
    "route": ("Route",),
    "route_table": ("RouteTable",),
    "route_table_association": ("RouteTableAssociation",),
    "scheduler_schedule": (
        "SchedulerSchedule",
        "SchedulerScheduleFlexibleTimeWindow",
        "SchedulerScheduleTarget",
        "SchedulerScheduleTargetDeadLetterConfig",
        "SchedulerScheduleTargetRetryPolicy",
    ),
    "security_group": ("SecurityGroup",),
    "subnet": ("Subnet",),
    "vpc": ("Vpc",),
    "vpc_security_group_egress_rule": ("VpcSecurityGroupEgressRule",),
}
DOCKER_CLASSES: dict[str, tuple[str, ...]] = {
    "image": ("Image", "ImageBuild"),
    "provider": ("DockerProvider", "DockerProviderRegistryAuth"),
    "registry_image": ("RegistryImage",),
}
CORE_CLASSES = (
    "Annotations",
    "App",
    "AssetType",
    "Fn",
    "Op",
    "TerraformAsset",
    "TerraformResourceLifecycle",
    "TerraformStack",
    "Token",
)


if TYPE_CHECKING:

    class Core:
        Annotations = cdktf.Annotations
        App = cdktf.App
        AssetType = cdktf.AssetType
        Fn = cdktf.Fn
        Op = cdktf.Op
        TerraformAsset = cdktf.TerraformAsset
        TerraformResourceLifecycle = cdktf.TerraformResourceLifecycle
        TerraformStack = cdktf.TerraformStack
        Token = cdktf.Token

    class Aws:
        BatchComputeEnvironment = batch_compute_environment.BatchComputeEnvironment
        BatchComputeEnvironmentComputeResources = batch_compute_environment.BatchComputeEnvironmentComputeResources
        BatchComputeEnvironmentComputeResourcesEc2Configuration = (
            batch_compute_environment.BatchComputeEnvironmentComputeResourcesEc2Configuration
        )
        BatchComputeEnvironmentComputeResourcesLaunchTemplate = (
            batch_compute_environment.BatchComputeEnvironmentComputeResourcesLaunchTemplate
        )
        BatchComputeEnvironmentEksConfiguration = batch_compute_environment.BatchComputeEnvironmentEksConfiguration
        BatchComputeEnvironmentUpdatePolicy = batch_compute_environment.BatchComputeEnvironmentUpdatePolicy
        BatchJobDefinition = batch_job_definition.BatchJobDefinition
        BatchJobDefinitionEksProperties = batch_job_definition.BatchJobDefinitionEksProperties
        BatchJobDefinitionEksPropertiesPodProperties = batch_job_definition.BatchJobDefinitionEksPropertiesPodProperties
        BatchJobDefinitionEksPropertiesPodPropertiesContainers = (
            batch_job_definition.BatchJobDefinitionEksPropertiesPodPropertiesContainers
        )
        BatchJobDefinitionEksPropertiesPodPropertiesContainersEnv = (
            batch_job_definition.BatchJobDefinitionEksPropertiesPodPropertiesContainersEnv
        )
        BatchJobDefinitionEksPropertiesPodPropertiesContainersResources = (
            batch_job_definition.BatchJobDefinitionEksPropertiesPodPropertiesContainersResources
        )
        BatchJobDefinitionEksPropertiesPodPropertiesContainersSecurityContext = (
            batch_job_definition.BatchJobDefinitionEksPropertiesPodPropertiesContainersSecurityContext
        )
        BatchJobDefinitionEksPropertiesPodPropertiesContainersVolumeMounts = (
            batch_job_definition.BatchJobDefinitionEksPropertiesPodPropertiesContainersVolumeMounts
        )
        BatchJobDefinitionEksPropertiesPodPropertiesImagePullSecret = (
            batch_job_definition.BatchJobDefinitionEksPropertiesPodPropertiesImagePullSecret
        )
        BatchJobDefinitionEksPropertiesPodPropertiesInitContainers = (
            batch_job_definition.BatchJobDefinitionEksPropertiesPodPropertiesInitContainers
        )
        BatchJobDefinitionEksPropertiesPodPropertiesInitContainersEnv = (
            batch_job_definition.BatchJobDefinitionEksPropertiesPodPropertiesInitContainersEnv
        )
        BatchJobDefinitionEksPropertiesPodPropertiesInitContainersResources = (
            batch_job_definition.BatchJobDefinitionEksPropertiesPodPropertiesInitContainersResources
        )
        BatchJobDefinitionEksPropertiesPodPropertiesInitContainersSecurityContext = (
            batch_job_definition.BatchJobDefinitionEksPropertiesPodPropertiesInitContainersSecurityContext
        )
        BatchJobDefinitionEksPropertiesPodPropertiesInitContainersVolumeMounts = (
            batch_job_definition.BatchJobDefinitionEksPropertiesPodPropertiesInitContainersVolumeMounts
        )
        BatchJobDefinitionEksPropertiesPodPropertiesMetadata = (
            batch_job_definition.BatchJobDefinitionEksPropertiesPodPropertiesMetadata
        )
        BatchJobDefinitionEksPropertiesPodPropertiesVolumes = (
            batch_job_definition.BatchJobDefinitionEksPropertiesPodPropertiesVolumes
        )
        BatchJobDefinitionEksPropertiesPodPropertiesVolumesEmptyDir = (
            batch_job_definition.BatchJobDefinitionEksPropertiesPodPropertiesVolumesEmptyDir
        )
        BatchJobDefinitionEksPropertiesPodPropertiesVolumesHostPath = (
            batch_job_definition.BatchJobDefinitionEksPropertiesPodPropertiesVolumesHostPath
        )
        BatchJobDefinitionEksPropertiesPodPropertiesVolumesSecret = (
            batch_job_definition.BatchJobDefinitionEksPropertiesPodPropertiesVolumesSecret
        )
        BatchJobDefinitionRetryStrategy = batch_job_definition.BatchJobDefinitionRetryStrategy
        BatchJobDefinitionRetryStrategyEvaluateOnExit = (
            batch_job_definition.BatchJobDefinitionRetryStrategyEvaluateOnExit
        )
        BatchJobDefinitionTimeout = batch_job_definition.BatchJobDefinitionTimeout
        BatchJobQueue = batch_job_queue.BatchJobQueue
        BatchJobQueueComputeEnvironmentOrder = batch_job_queue.BatchJobQueueComputeEnvironmentOrder
        BatchJobQueueJobStateTimeLimitAction = batch_job_queue.BatchJobQueueJobStateTimeLimitAction
        BatchSchedulingPolicy = batch_scheduling_policy.BatchSchedulingPolicy
        BatchSchedulingPolicyFairSharePolicy = batch_scheduling_policy.BatchSchedulingPolicyFairSharePolicy
        BatchSchedulingPolicyFairSharePolicyShareDistribution = (
            batch_scheduling_policy.BatchSchedulingPolicyFairSharePolicyShareDistribution
        )
        CloudwatchEventRule = cloudwatch_event_rule.CloudwatchEventRule
        CloudwatchEventTarget = cloudwatch_event_target.CloudwatchEventTarget
        CloudwatchEventTargetBatchTarget = cloudwatch_event_target.CloudwatchEventTargetBatchTarget
        CloudwatchEventTargetDeadLetterConfig = cloudwatch_event_target.CloudwatchEventTargetDeadLetterConfig
        CloudwatchEventTargetInputTransformer = cloudwatch_event_target.CloudwatchEventTargetInputTransformer
        CloudwatchEventTargetRetryPolicy = cloudwatch_event_target.CloudwatchEventTargetRetryPolicy
        CloudwatchLogGroup = cloudwatch_log_group.CloudwatchLogGroup
        DataAwsAvailabilityZones = data_aws_availability_zones.DataAwsAvailabilityZones
        DataAwsBatchComputeEnvironment = data_aws_batch_compute_environment.DataAwsBatchComputeEnvironment
        DataAwsBatchJobDefinition = data_aws_batch_job_definition.DataAwsBatchJobDefinition
        DataAwsBatchJobQueue = data_aws_batch_job_queue.DataAwsBatchJobQueue
        DataAwsBatchSchedulingPolicy = data_aws_batch_scheduling_policy.DataAwsBatchSchedulingPolicy
        DataAwsCallerIdentity = data_aws_caller_identity.DataAwsCallerIdentity
        DataAwsEcrAuthorizationToken = data_aws_ecr_authorization_token.DataAwsEcrAuthorizationToken
        DataAwsEcrRepository = data_aws_ecr_repository.DataAwsEcrRepository
        DataAwsEksCluster = data_aws_eks_cluster.DataAwsEksCluster
        DataAwsIamInstanceProfile = data_aws_iam_instance_profile.DataAwsIamInstanceProfile
        DataAwsPartition = data_aws_partition.DataAwsPartition
        DataAwsRegion = data_aws_region.DataAwsRegion
        DataAwsSsmParameter = data_aws_ssm_parameter.DataAwsSsmParameter
        DataAwsSubnets = data_aws_subnets.DataAwsSubnets
        DataAwsSubnetsFilter = data_aws_subnets.DataAwsSubnetsFilter
        DataAwsVpc = data_aws_vpc.DataAwsVpc
        DefaultSecurityGroup = default_security_group.DefaultSecurityGroup
        EcrRepository = ecr_repository.EcrRepository
        EcrRepositoryEncryptionConfiguration = ecr_repository.EcrRepositoryEncryptionConfiguration
        EcrRepositoryImageScanningConfiguration = ecr_repository.EcrRepositoryImageScanningConfiguration
        Eip = eip.Eip
        EksAccessEntry = eks_access_entry.EksAccessEntry
        EksAccessPolicyAssociation = eks_access_policy_association.EksAccessPolicyAssociation
        EksAccessPolicyAssociationAccessScope = eks_access_policy_association.EksAccessPolicyAssociationAccessScope
        IamInstanceProfile = iam_instance_profile.IamInstanceProfile
        IamRole = iam_role.IamRole
        IamRolePolicy = iam_role_policy.IamRolePolicy
        IamRolePolicyAttachment = iam_role_policy_attachment.IamRolePolicyAttachment
        InternetGateway = internet_gateway.InternetGateway
        NatGateway = nat_gateway.NatGateway
        AwsProvider = provider.AwsProvider
        Route = route.Route
        RouteTable = route_table.RouteTable
        RouteTableAssociation = route_table_association.RouteTableAssociation
        SchedulerSchedule = scheduler_schedule.SchedulerSchedule
        SchedulerScheduleFlexibleTimeWindow = scheduler_schedule.SchedulerScheduleFlexibleTimeWindow
        SchedulerScheduleTarget = scheduler_schedule.SchedulerScheduleTarget
        SchedulerScheduleTargetDeadLetterConfig = scheduler_schedule.SchedulerScheduleTargetDeadLetterConfig
        SchedulerScheduleTargetRetryPolicy = scheduler_schedule.SchedulerScheduleTargetRetryPolicy
        SecurityGroup = security_group.SecurityGroup
        Subnet = subnet.Subnet
        Vpc = vpc.Vpc
        VpcSecurityGroupEgressRule = vpc_security_group_egress_rule.VpcSecurityGroupEgressRule

    class Docker:
        Image = docker_image.Image
        ImageBuild = docker_image.ImageBuild
        DockerProvider = docker_provider.DockerProvider
        DockerProviderRegistryAuth = docker_provider.DockerProviderRegistryAuth
        RegistryImage = registry_image.RegistryImage

else:
    Core = Aws = Docker = Any


class _Classes:
    """Provider classes by name, each imported from its submodule on first use."""

    def __init__(self, package: str, classes: dict[str, tuple[str, ...]]) -> None:
        self._package = package
        self._modules = {name: module for module, names in classes.items() for name in names}

    def __getattr__(self, name: str) -> Any:
        module = self._modules.get(name)
        if module is None:
            raise AttributeError(name)
        value = getattr(importlib.import_module(f"{self._package}.{module}"), name)
        setattr(self, name, value)  # later reads skip __getattr__
        return value


class _DefaultEngineClass:
    """``Fn`` or ``Token`` of :func:`default_engine`, for code that has no scope."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(getattr(default_engine().core, self._name), attribute)


if TYPE_CHECKING:
    from cdktf import Fn, Token
else:
    Fn = _DefaultEngineClass("Fn")
    Token = _DefaultEngineClass("Token")


@dataclass(frozen=True)
class Engine:
    """One engine: its core package, its provider packages, how to install it."""

    name: str  # also the core package
    aws_package: str
    docker_package: str
    install: str
    _aws: Any = field(init=False, repr=False, compare=False)
    _docker: Any = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_aws", _Classes(self.aws_package, AWS_CLASSES))
        object.__setattr__(self, "_docker", _Classes(self.docker_package, DOCKER_CLASSES))

    @property
    def core(self) -> Core:
        return cast("Core", importlib.import_module(self.name))

    @property
    def aws(self) -> Aws:
        return cast("Aws", self._aws)

    @property
    def docker(self) -> Docker:
        return cast("Docker", self._docker)

    @property
    def packages(self) -> tuple[str, ...]:
        return (self.name, self.aws_package, self.docker_package)

    def is_loaded(self) -> bool:
        return self.name in sys.modules

    def is_installed(self) -> bool:
        return self.is_loaded() or importlib.util.find_spec(self.name) is not None


CDKTF = Engine("cdktf", "cdktf_cdktf_provider_aws", "cdktf_cdktf_provider_docker", "pip install cdktf-batch")
CDKTN = Engine("cdktn", "cdktn_provider_aws", "cdktn_provider_docker", 'pip install "cdktf-batch[cdktn]"')
ENGINES = (CDKTF, CDKTN)

_by_name = {engine.name: engine for engine in ENGINES}
_last: Engine | None = None  # the engine of the tree cdktf_batch last worked in


def switch() -> Engine | None:
    """The engine ``CDKTF_BATCH_ENGINE`` names, if it is set."""
    value = os.environ.get(SWITCH, "").strip()
    if not value:
        return None
    engine = _by_name.get(value.lower())
    if engine is None:
        raise EngineMismatchError(SWITCH, "must be cdktf or cdktn", value)
    return engine


def default_engine() -> Engine:
    """The engine for what has no tree: the switch, else the last tree's, else the one loaded."""
    chosen = switch() or _last
    if chosen is not None:
        return chosen
    loaded = [engine for engine in ENGINES if engine.is_loaded()]
    for engine in loaded or [engine for engine in ENGINES if engine.is_installed()]:
        return engine
    raise ModuleNotFoundError(f"cdktf_batch needs an engine: {CDKTF.install}, or {CDKTN.install}")


def stack_types() -> tuple[type, ...]:
    """``TerraformStack`` of every engine this process has imported (an app imports its own)."""
    return tuple(sys.modules[engine.name].TerraformStack for engine in ENGINES if engine.is_loaded())


def engine_of(scope: Construct) -> Engine:
    """The engine of ``scope``'s tree (its stack's, checked once per stack against its app)."""
    global _last
    from cdktf_batch._naming import _memo, stack_of  # _naming needs stack_types() from here

    stack = stack_of(scope)
    stack_memo = _memo(stack)
    engine: Engine | None = stack_memo.get("engine")
    if engine is None:
        engine = _engine_of_stack(stack)
        stack_memo["engine"] = engine
    _last = engine
    return engine


def _engine_of_stack(stack: Construct) -> Engine:
    engine = next(engine for engine in ENGINES if engine.is_loaded() and isinstance(stack, engine.core.TerraformStack))
    node = stack.node  # read once per stack (engine_of remembers the answer)
    root = node.root
    if not isinstance(root, engine.core.App):
        raise EngineMismatchError(
            "scope",
            f"must be in an app of the stack's engine ({engine.name}.App): one app cannot mix cdktf and cdktn",
            f"{engine.name}.TerraformStack {node.path!r} in a {_described(root)}",
            show_value=True,
        )
    chosen = switch()
    if chosen is not None and chosen is not engine:
        raise EngineMismatchError(
            "scope",
            f"must be in a {chosen.name} app ({SWITCH}={chosen.name}); unset {SWITCH} to follow each app's engine",
            f"{engine.name}.TerraformStack {node.path!r}",
            show_value=True,
        )
    return engine


def object_engine(value: object) -> Engine | None:
    """The engine ``value`` belongs to: a core or provider object by its class, a construct by its
    stack; None for anything else (a string, a value object)."""
    for klass in type(value).__mro__:
        package = klass.__module__.partition(".")[0]
        for engine in ENGINES:
            if package in engine.packages:
                return engine
    if isinstance(value, Construct) and stack_types():
        try:
            return engine_of(value)
        except (StopIteration, EngineMismatchError):
            return None  # not in a stack (yet): nothing to compare
    return None


def check_engine(scope: Construct, argument: str, value: object) -> None:
    """``value`` (a resource, data source or construct given by the user) must belong to the
    engine of ``scope``'s tree: a tree of one engine fails to synthesize with the other's objects.
    A list is checked item by item."""
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            check_engine(scope, f"{argument}[{index}]", item)
        return
    theirs = object_engine(value)
    if theirs is None:
        return
    ours = engine_of(scope)
    if theirs is not ours:
        raise EngineMismatchError(
            argument,
            f"must be a {ours.name} object, like the app it is used in: one app cannot mix cdktf and cdktn",
            f"{type(value).__name__} from {theirs.name}",
            show_value=True,
        )


def _described(root: object) -> str:
    engine = object_engine(root)
    kind = type(root).__name__
    return f"{engine.name}.{kind}" if engine is not None else kind
