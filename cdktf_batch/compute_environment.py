"""Compute environments: where AWS Batch runs jobs.

``ComputeEnvironment`` wraps the provider's ``BatchComputeEnvironment`` and creates what a
managed environment needs and was not given: an egress-only security group, an instance role
and profile for EC2 and Spot, and a Spot Fleet role for Spot with ``BEST_FIT``. Imported
environments (``from_compute_environment_arn``) are read with the ``aws_batch_compute_environment``
data source and can be used wherever an owned one can.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from cdktf_batch._arn import name_from_arn
from cdktf_batch._context import place, placed
from cdktf_batch._engine import Aws, Construct, check_engine, engine_of
from cdktf_batch._naming import (
    IAM_ROLE_DESCRIPTION,
    SECURITY_GROUP_DESCRIPTION,
    attribute,
    generated_description,
    generated_name,
    remember_parent,
)
from cdktf_batch._validation import (
    check_bool,
    check_choice,
    check_duration,
    check_exclusive,
    check_integer,
    check_list,
    check_name,
    check_string,
    check_string_list,
    check_string_map,
    check_type,
    fail,
    is_unresolved,
)
from cdktf_batch.eks import ClusterAccess, EksConfiguration
from cdktf_batch.guardrails import RoleOptions, use_role_options
from cdktf_batch.iam import InstanceProfileLike, RoleLike, ServiceRole, instance_profile_arn, role_arn
from cdktf_batch.machine_image import (
    EcsMachineImageType,
    EcsOptimizedAmi,
    EksMachineImageType,
    EksOptimizedAmi,
    GenericLinuxImage,
    IMachineImage,
    MachineImageConfig,
)
from cdktf_batch.network import (
    IVpc,
    SecurityGroupLike,
    SubnetSelection,
    check_security_groups,
    egress_only_security_group,
    security_group_id,
)

if TYPE_CHECKING:
    from cdktf_cdktf_provider_aws.batch_compute_environment import (
        BatchComputeEnvironment,
        BatchComputeEnvironmentComputeResources,
        BatchComputeEnvironmentComputeResourcesEc2Configuration,
        BatchComputeEnvironmentComputeResourcesLaunchTemplate,
    )
    from cdktf_cdktf_provider_aws.data_aws_batch_compute_environment import DataAwsBatchComputeEnvironment
    from cdktf_cdktf_provider_aws.iam_instance_profile import IamInstanceProfile
    from cdktf_cdktf_provider_aws.provider import AwsProvider
    from cdktf_cdktf_provider_aws.security_group import SecurityGroup

__all__ = [
    "AllocationStrategy",
    "ComputeEnvironment",
    "ComputeResourceType",
    "ComputeResources",
    "IComputeEnvironment",
    "ImportedComputeEnvironment",
    "LaunchTemplateSpecification",
]


class ComputeResourceType(str, Enum):
    """What a managed environment runs jobs on."""

    ON_DEMAND = "EC2"
    """On-Demand EC2 instances (the API's ``EC2``)."""
    EC2 = "EC2"
    """Alias of ``ON_DEMAND``, the API's own word."""
    SPOT = "SPOT"
    """EC2 Spot instances."""
    FARGATE = "FARGATE"
    FARGATE_SPOT = "FARGATE_SPOT"

    @property
    def is_fargate(self) -> bool:
        return self in (ComputeResourceType.FARGATE, ComputeResourceType.FARGATE_SPOT)


class AllocationStrategy(str, Enum):
    """How Batch picks instance types when the best fitting one is short."""

    BEST_FIT = "BEST_FIT"
    """The cheapest fitting type; jobs wait when it is short. Spot needs a Spot Fleet role."""
    BEST_FIT_PROGRESSIVE = "BEST_FIT_PROGRESSIVE"
    """Falls back to larger or other listed types. Updatable in place."""
    SPOT_CAPACITY_OPTIMIZED = "SPOT_CAPACITY_OPTIMIZED"
    """Spot pools least likely to be interrupted. Spot only."""
    SPOT_PRICE_CAPACITY_OPTIMIZED = "SPOT_PRICE_CAPACITY_OPTIMIZED"
    """Spot pools least likely to be interrupted, then the cheapest. Spot only."""


_SPOT_ONLY = (AllocationStrategy.SPOT_CAPACITY_OPTIMIZED, AllocationStrategy.SPOT_PRICE_CAPACITY_OPTIMIZED)
_LAUNCH_TEMPLATE_ID = re.compile(r"lt-[0-9a-f]{8,17}")
_LAUNCH_TEMPLATE_NAME = re.compile(r"[a-zA-Z0-9().\-/_]{3,128}")
_LAUNCH_TEMPLATE_VERSION = re.compile(r"\$Default|\$Latest|[1-9][0-9]*")


@dataclass(frozen=True, kw_only=True, slots=True)
class LaunchTemplateSpecification:
    """An EC2 launch template for the environment's instances: by id or by name, not both.

    A change of template or version replaces the environment (the provider forces it).

    Raises:
        ValidationError: neither or both of ``launch_template_name`` and ``launch_template_id``; an empty
            name, id or ``version``.
    """

    launch_template_id: str | None = None
    launch_template_name: str | None = None
    version: str | None = None
    """``$Default``, ``$Latest`` or a version number. Default: - the template's default version."""

    def __post_init__(self) -> None:
        check_exclusive(
            ("launch_template_id", "launch_template_name"),
            (self.launch_template_id, self.launch_template_name),
            required=True,
        )
        if self.launch_template_id is not None:
            check_string(
                "launch_template.launch_template_id",
                self.launch_template_id,
                pattern=_LAUNCH_TEMPLATE_ID,
                rule="must be a launch template id such as lt-0123456789abcdef0",
            )
        if self.launch_template_name is not None:
            check_string(
                "launch_template.launch_template_name",
                self.launch_template_name,
                pattern=_LAUNCH_TEMPLATE_NAME,
                rule="must be 3-128 letters, digits or ( ) . - / _",
            )
        if self.version is not None:
            if isinstance(self.version, int) and not isinstance(self.version, bool):
                object.__setattr__(self, "version", str(self.version))
            check_string(
                "launch_template.version",
                self.version,
                pattern=_LAUNCH_TEMPLATE_VERSION,
                rule="must be $Default, $Latest or a version number",
            )


@dataclass(frozen=True, kw_only=True, slots=True)
class ComputeResources:
    """What a managed compute environment launches, and where.

    Arguments that do not apply to Fargate (instance types, images, roles, vCPU floors,
    allocation strategy, bid, key pair, launch template, placement group, instance tags) are
    refused for ``FARGATE`` and ``FARGATE_SPOT``.

    Raises:
        ValidationError: ``type`` or ``allocation_strategy`` not one of their enums; ``bid_percentage``
            outside 0-100 or given without ``SPOT``; vCPUs below 0 or ``minv_cpus`` > ``desiredv_cpus`` >
            ``maxv_cpus``; ``instance_types`` empty; ``image`` and ``images`` both given, or two images of one
            type; an ``a1.*`` type with an Amazon Linux 2023 image; for ``FARGATE`` / ``FARGATE_SPOT``: any of
            instance types, images, roles, vCPU floors, allocation strategy, bid, key pair, launch template,
            placement group or instance tags.
    """

    vpc: IVpc
    """The VPC to launch in."""
    type: ComputeResourceType = ComputeResourceType.ON_DEMAND
    """EC2 (On-Demand), SPOT, FARGATE or FARGATE_SPOT."""
    vpc_subnets: SubnetSelection | None = None
    """Default: - the VPC's private subnets."""
    security_groups: Sequence[SecurityGroupLike] | None = None
    """Default: - on EKS, the cluster's security group (when the cluster is given as an object);
    otherwise a new security group with no ingress and all egress."""
    allocation_strategy: AllocationStrategy | None = None
    """Default: - BEST_FIT_PROGRESSIVE for EC2, SPOT_PRICE_CAPACITY_OPTIMIZED for Spot (both can
    be updated in place; BEST_FIT cannot); none for Fargate."""
    bid_percentage: int | None = None
    """Spot only: the highest share (0-100) of the On-Demand price to pay. Default: - 100."""
    launch_template: LaunchTemplateSpecification | None = None
    image: IMachineImage | None = None
    images: Sequence[IMachineImage] | None = None
    """Instead of ``image``: two images, one per kind of instance (for example
    ``EcsOptimizedAmi()`` and ``EcsOptimizedAmi(hardware_type=AmiHardwareType.GPU)``: Batch
    starts GPU instance types from the NVIDIA one). Each image type at most once."""
    """Default: - Batch's current ECS-optimized AMI (Amazon Linux 2023)."""
    instance_types: Sequence[str] | None = None
    """Instance types or families, or ``optimal`` / ``default_x86_64`` / ``default_arm64``.
    Default: - ``optimal`` for EC2 and Spot."""
    minv_cpus: int | None = None
    """Default: - 0 for EC2 and Spot (instances are stopped when idle)."""
    maxv_cpus: int = 256
    desiredv_cpus: int | None = None
    """The initial desired vCPUs. Batch scales it afterwards, so later changes are ignored.
    Default: - Batch decides."""
    instance_role: InstanceProfileLike | None = None
    """An instance profile (``IamInstanceProfile``, its ARN or name). Default: - a new role
    with ``AmazonEC2ContainerServiceforEC2Role`` and its instance profile."""
    spot_fleet_role: RoleLike | None = None
    """Spot with BEST_FIT only. Default: - a new role with ``AmazonEC2SpotFleetTaggingRole``."""
    ec2_key_pair: str | None = None
    placement_group: Any | None = None
    """A placement group name or the provider's ``PlacementGroup``."""
    compute_resources_tags: Mapping[str, str] | None = None
    """Tags for the instances. Changing them replaces the environment."""

    def __post_init__(self) -> None:
        set_ = self._set
        if not isinstance(self.vpc, IVpc):
            raise fail(
                "compute_resources.vpc",
                "must be a Vpc (Vpc, Vpc.from_lookup or Vpc.from_attributes)",
                type(self.vpc).__name__,
            )
        set_("type", check_choice("compute_resources.type", self.type, ComputeResourceType))
        if self.vpc_subnets is not None:
            check_type("compute_resources.vpc_subnets", self.vpc_subnets, SubnetSelection, "a SubnetSelection")
        if self.allocation_strategy is not None:
            set_(
                "allocation_strategy",
                check_choice("compute_resources.allocation_strategy", self.allocation_strategy, AllocationStrategy),
            )
        if self.launch_template is not None:
            check_type(
                "compute_resources.launch_template",
                self.launch_template,
                LaunchTemplateSpecification,
                "a LaunchTemplateSpecification",
            )
        if self.image is not None and not isinstance(self.image, IMachineImage):
            raise fail(
                "compute_resources.image",
                "must be a machine image (EcsOptimizedAmi or MachineImage.generic_linux)",
                type(self.image).__name__,
            )
        if self.images is not None:
            check_exclusive(
                ("compute_resources.image", "compute_resources.images"), (self.image, self.images), required=False
            )
            images = check_list(
                "compute_resources.images",
                self.images,
                (EcsOptimizedAmi, EksOptimizedAmi, GenericLinuxImage, IMachineImage),
                name="machine image",
                min_items=1,
                max_items=2,
            )
            known = [getattr(image, "image_type", None) for image in images]
            if len(images) == 2 and known[0] is not None and known[0] == known[1]:
                raise fail("compute_resources.images[1]", "must have another image type than images[0]", known[1])
            set_("images", images)
        if self.instance_types is not None:
            set_(
                "instance_types",
                check_string_list("compute_resources.instance_types", self.instance_types, min_items=1),
            )
        if self.security_groups is not None:
            set_("security_groups", check_security_groups("compute_resources.security_groups", self.security_groups))
        if self.compute_resources_tags is not None:
            set_(
                "compute_resources_tags",
                check_string_map("compute_resources.compute_resources_tags", self.compute_resources_tags),
            )
        if self.ec2_key_pair is not None:
            check_string("compute_resources.ec2_key_pair", self.ec2_key_pair, max_length=255)
        if (
            self.placement_group is not None
            and not isinstance(self.placement_group, str)
            and not hasattr(self.placement_group, "name")
        ):
            raise fail(
                "compute_resources.placement_group",
                "must be a placement group name or PlacementGroup",
                type(self.placement_group).__name__,
            )
        check_integer("compute_resources.maxv_cpus", self.maxv_cpus, minimum=0)
        if self.type.is_fargate:
            _check_fargate(self)
        else:
            _check_ec2(self)

    def _set(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)

    @property
    def effective_allocation_strategy(self) -> AllocationStrategy | None:
        """The strategy rendered: the one given, or our default for the type."""
        if self.type.is_fargate:
            return None
        if self.allocation_strategy is not None:
            return self.allocation_strategy
        if self.type is ComputeResourceType.SPOT:
            return AllocationStrategy.SPOT_PRICE_CAPACITY_OPTIMIZED
        return AllocationStrategy.BEST_FIT_PROGRESSIVE


# What the Batch API refuses (or ignores) for Fargate; the provider does not check it.
_FARGATE_EXCLUDED = (
    "allocation_strategy",
    "bid_percentage",
    "launch_template",
    "image",
    "images",
    "instance_types",
    "minv_cpus",
    "desiredv_cpus",
    "instance_role",
    "spot_fleet_role",
    "ec2_key_pair",
    "placement_group",
    "compute_resources_tags",
)


def _check_fargate(resources: ComputeResources) -> None:
    for name in _FARGATE_EXCLUDED:
        value = getattr(resources, name)
        if value is not None:
            raise fail(
                f"compute_resources.{name}",
                f"is not allowed for {resources.type.value} compute resources; remove it or use type EC2 or SPOT",
                value,
            )


def _check_ec2(resources: ComputeResources) -> None:
    kind = resources.type
    if resources.bid_percentage is not None:
        if kind is not ComputeResourceType.SPOT:
            raise fail(
                "compute_resources.bid_percentage",
                "is only allowed for SPOT compute resources",
                resources.bid_percentage,
            )
        check_integer("compute_resources.bid_percentage", resources.bid_percentage, minimum=0, maximum=100)
    if resources.allocation_strategy in _SPOT_ONLY and kind is not ComputeResourceType.SPOT:
        raise fail(
            "compute_resources.allocation_strategy",
            "SPOT_CAPACITY_OPTIMIZED and SPOT_PRICE_CAPACITY_OPTIMIZED need type SPOT",
            resources.allocation_strategy,
        )
    if resources.spot_fleet_role is not None:
        if kind is not ComputeResourceType.SPOT:
            raise fail(
                "compute_resources.spot_fleet_role",
                "is only allowed for SPOT compute resources",
                resources.spot_fleet_role,
            )
        if resources.effective_allocation_strategy is not AllocationStrategy.BEST_FIT:
            # AWS ignores the role for the other strategies; the provider would still replace
            # the environment whenever it changes. Refuse rather than drop it silently.
            raise fail(
                "compute_resources.spot_fleet_role",
                "is only used with allocation_strategy BEST_FIT",
                resources.effective_allocation_strategy,
            )
    _check_image_fits_instances(resources)
    if resources.minv_cpus is not None:
        check_integer("compute_resources.minv_cpus", resources.minv_cpus, minimum=0)
    if resources.desiredv_cpus is not None:
        check_integer("compute_resources.desiredv_cpus", resources.desiredv_cpus, minimum=0)
    minimum = 0 if resources.minv_cpus is None else resources.minv_cpus
    _check_order("compute_resources.minv_cpus", minimum, "compute_resources.maxv_cpus", resources.maxv_cpus)
    if resources.desiredv_cpus is not None:
        _check_order("compute_resources.minv_cpus", minimum, "compute_resources.desiredv_cpus", resources.desiredv_cpus)
        _check_order(
            "compute_resources.desiredv_cpus",
            resources.desiredv_cpus,
            "compute_resources.maxv_cpus",
            resources.maxv_cpus,
        )


_AL2023 = (EcsMachineImageType.ECS_AL2023, EcsMachineImageType.ECS_AL2023_NVIDIA)


def _check_image_fits_instances(resources: ComputeResources) -> None:
    """AWS: Amazon Linux 2023 does not support A1 instances (Ec2Configuration.imageType)."""
    given = [resources.image] if resources.image is not None else list(resources.images or ())
    if given:
        # Unknown for a custom IMachineImage; with two images, A1 needs one that is not AL2023.
        image_types = [getattr(image, "image_type", None) for image in given]
    elif resources.launch_template is None:
        image_types = [EcsMachineImageType.ECS_AL2023]  # Batch's default image
    else:
        return  # the launch template may name its own AMI
    if not all(image_type in _AL2023 for image_type in image_types):
        return
    for index, name in enumerate(resources.instance_types or ()):
        if not is_unresolved(name) and (name == "a1" or name.startswith("a1.")):
            raise fail(
                f"compute_resources.instance_types[{index}]",
                "A1 instances do not run Amazon Linux 2023 (the image given, or Batch's default); "
                "give image=EcsOptimizedAmi(generation=AmazonLinuxGeneration.AMAZON_LINUX_2) or another type",
                name,
            )


def _check_order(low_name: str, low: Any, high_name: str, high: Any) -> None:
    if is_unresolved(low) or is_unresolved(high):
        return
    if low > high:
        raise fail(low_name, f"must not exceed {high_name} ({high})", low)


@runtime_checkable
class IComputeEnvironment(Protocol):
    """A compute environment, owned or imported."""

    @property
    def compute_environment_arn(self) -> str: ...

    @property
    def compute_environment_name(self) -> str: ...

    @property
    def compute_resource_type(self) -> ComputeResourceType | None:
        """EC2, SPOT, FARGATE or FARGATE_SPOT; None when unknown (imported or unmanaged)."""
        ...


class _ComputeEnvironmentBase(Construct):
    """What owned and imported compute environments share: their identifiers."""

    resource: Any

    @property
    def compute_environment_arn(self) -> str:
        return attribute(self.resource, "arn")  # type: ignore[no-any-return]

    @property
    def compute_environment_name(self) -> str:
        return attribute(self.resource, "name")  # type: ignore[no-any-return]


class ComputeEnvironment(_ComputeEnvironmentBase):
    """An AWS Batch compute environment (``aws_batch_compute_environment``).

    Attributes:
        resource: the provider's ``BatchComputeEnvironment``.
        compute_environment_arn, compute_environment_name: its identifiers.
        security_group: the security group created for it, if any.
        instance_role: the instance role (a ``ServiceRole``) created for it, if any;
            ``instance_profile`` its profile.
        spot_fleet_role: the Spot Fleet role (a ``ServiceRole``) created for it, if any.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        compute_resources: ComputeResources | None = None,
        managed: bool = True,
        enabled: bool = True,
        compute_environment_name: str | None = None,
        service_role: RoleLike | None = None,
        eks_configuration: EksConfiguration | None = None,
        terminate_on_update: bool | None = None,
        update_timeout: datetime.timedelta | None = None,
        tags: Mapping[str, str] | None = None,
        role_options: RoleOptions | None = None,
        provider: AwsProvider | None = None,
        region: str | None = None,
    ) -> None:
        """
        Args:
            compute_resources: required when managed, refused when unmanaged.
            managed: MANAGED (Batch scales the resources) or UNMANAGED (you run the instances).
            enabled: ENABLED (takes jobs and scales) or DISABLED.
            compute_environment_name: Default: - a stable generated ``name_prefix`` that lets
                Terraform create a replacement before destroying the old environment.
            service_role: a role for Batch (``IamRole`` or ARN). Default: - the Batch
                service-linked role ``AWSServiceRoleForBatch``. An environment cannot switch
                between the two later. Not on EKS, which takes the service-linked role only.
            eks_configuration: run the jobs as pods in a namespace of an EKS cluster, on EC2 or
                Spot nodes (not Fargate) joined to it; see ``EksConfiguration`` for what the
                cluster needs besides. Default: - ECS.
            terminate_on_update: end running jobs when the infrastructure is updated.
                Default: - false (AWS).
            update_timeout: how long jobs may run on during an infrastructure update, 1-360
                whole minutes. Default: - 30 minutes (AWS).
            tags: tags for the environment (and the roles and security group it creates).
            role_options: the permissions boundary and path of the roles it creates.
                Default: - the scope's (``RoleOptions.apply``), else the app's context.
            provider: the ``AwsProvider`` (usually aliased) of everything it creates and reads.
                Default: - the enclosing construct's, else the stack's default provider.
            region: the region of its regional resources (provider 6's ``region`` argument).
                Default: - the enclosing construct's, else the provider's region.

        Raises:
            ValidationError: a flag that is not a bool; ``compute_environment_name`` not a Batch name;
                ``compute_resources`` missing on a managed environment; ``update_timeout`` outside 1-360
                minutes; an ``eks_configuration`` on an unmanaged environment, with a ``service_role``,
                Fargate or ``BEST_FIT``; Fargate with more than 16 subnets; ``provider`` that is not an
                ``AwsProvider`` of the same stack, or ``region`` that is not a region code; ``role_options``
                or the context's role settings with a boundary that is not a managed policy ARN or a path that
                is not ``/`` or ``/.../``.
            EngineMismatchError: an object of the other engine's app given as ``service_role``,
                ``eks_configuration.eks_cluster`` or a role of ``compute_resources``, or ``scope`` in an app
                whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
        """
        super().__init__(scope, construct_id)
        remember_parent(self, scope, construct_id)
        place(self, provider=provider, region=region)
        use_role_options(self, role_options)
        check_bool("managed", managed)
        check_bool("enabled", enabled)
        if compute_environment_name is not None:
            check_name("compute_environment_name", compute_environment_name)
        if compute_resources is not None:
            check_type("compute_resources", compute_resources, ComputeResources, "ComputeResources")
        if managed and compute_resources is None:
            raise fail("compute_resources", "is required for a managed compute environment", None)
        if not managed and compute_resources is not None:
            raise fail(
                "compute_resources",
                "must not be given for an unmanaged compute environment (managed=False)",
                compute_resources,
            )
        if terminate_on_update is not None:
            check_bool("terminate_on_update", terminate_on_update)
        timeout_minutes = None
        if update_timeout is not None:
            timeout_minutes = check_duration("update_timeout", update_timeout, unit="minutes", minimum=1, maximum=360)
        if not managed and (terminate_on_update is not None or update_timeout is not None):
            raise fail(
                "terminate_on_update" if terminate_on_update is not None else "update_timeout",
                "applies to managed compute environments only",
                terminate_on_update if terminate_on_update is not None else update_timeout,
            )
        if eks_configuration is not None:
            _check_eks(
                eks_configuration, managed=managed, compute_resources=compute_resources, service_role=service_role
            )
            check_engine(self, "eks_configuration.eks_cluster", eks_configuration.eks_cluster)
        self._tags = check_string_map("tags", tags) if tags is not None else {}
        check_engine(self, "service_role", service_role)
        service_role_arn = role_arn("service_role", service_role) if service_role is not None else None

        self.managed = managed
        self.enabled = enabled
        self.compute_resources = compute_resources
        self.eks_configuration = eks_configuration
        self.cluster_access: ClusterAccess | None = None
        self.security_group: SecurityGroup | None = None
        self.instance_role: ServiceRole | None = None
        self.instance_profile: IamInstanceProfile | None = None
        self.spot_fleet_role: ServiceRole | None = None
        self._depends_on: list[Any] = []
        if eks_configuration is not None and eks_configuration.cluster_access:
            self.cluster_access = ClusterAccess(self, "ClusterAccess", configuration=eks_configuration)
        resolved = self._resolve(compute_resources) if compute_resources is not None else None

        self.resource: BatchComputeEnvironment = _render_compute_environment(
            self,
            _Model(
                name=compute_environment_name,
                name_prefix=None if compute_environment_name else generated_name(self, max_length=101) + "-",
                managed=managed,
                enabled=enabled,
                service_role_arn=service_role_arn,
                eks_configuration=eks_configuration,
                compute_resources=compute_resources,
                resolved=resolved,
                ignore_desired_vcpus=compute_resources is not None and compute_resources.desiredv_cpus is not None,
                terminate_on_update=terminate_on_update,
                update_timeout_minutes=timeout_minutes,
                tags=self._tags,
                depends_on=self._depends_on,
            ),
        )
        if self.cluster_access is not None:
            self.cluster_access.add_batch_policy(self.resource)

    @property
    def compute_resource_type(self) -> ComputeResourceType | None:
        return self.compute_resources.type if self.compute_resources is not None else None

    @property
    def orchestration_type(self) -> str:
        """``EKS`` or ``ECS``: what runs the jobs (a queue takes one of them)."""
        return "EKS" if self.eks_configuration is not None else "ECS"

    def add_instance_type(self, instance_type: str) -> None:
        """Let the environment launch ``instance_type`` too (a type such as ``c6i.large``, a
        family such as ``c6i``, or ``optimal``), after the types it has (``optimal`` when none
        were given). EC2 and Spot only: Fargate has no instance types.

        Raises:
            ValidationError: the environment is unmanaged or Fargate (which have no instance types), or
                ``instance_type`` is refused as in ``ComputeResources.instance_types``.
        """
        resources = self.compute_resources
        if resources is None or resources.type.is_fargate:
            raise fail(
                "add_instance_type",
                "applies to managed EC2 and SPOT compute environments (Fargate has no instance types)",
                instance_type,
            )
        # Checked as at construction (the name, and A1 against Amazon Linux 2023).
        grown = replace(resources, instance_types=[*(resources.instance_types or ("optimal",)), instance_type])
        self.compute_resources = grown
        self.resource.compute_resources.instance_type = list(grown.instance_types or ())

    @staticmethod
    def from_compute_environment_arn(
        scope: Construct,
        construct_id: str,
        compute_environment_arn: str,
        *,
        provider: AwsProvider | None = None,
        region: str | None = None,
    ) -> IComputeEnvironment:
        """An existing environment, read by the name in its ARN with the
        ``aws_batch_compute_environment`` data source (of ``provider`` in ``region``).

        Raises:
            ValidationError: ``compute_environment_arn`` that is not a Batch compute environment ARN;
                ``provider`` that is not an ``AwsProvider`` of the same stack, or ``region`` that is not a
                region code.
            EngineMismatchError: ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
        """
        return ImportedComputeEnvironment(
            scope, construct_id, compute_environment_arn=compute_environment_arn, provider=provider, region=region
        )

    # -- what the environment creates when it is not given -------------------------------

    def _resolve(self, resources: ComputeResources) -> _Resolved:
        """The subnets, groups, roles and image of ``resources``, created where not given
        (in this order, which fixes the output's order)."""
        for name in ("vpc", "security_groups", "instance_role", "spot_fleet_role", "placement_group"):
            check_engine(self, f"compute_resources.{name}", getattr(resources, name))
        subnets = resources.vpc.select_subnets(resources.vpc_subnets)
        _check_subnets(resources, subnets)
        group_ids = self._security_group_ids(resources)
        if resources.type.is_fargate:
            return _Resolved(subnets=subnets, security_group_ids=group_ids)
        return _Resolved(
            subnets=subnets,
            security_group_ids=group_ids,
            instance_role_arn=self._instance_profile_arn(resources),
            spot_fleet_role_arn=self._spot_fleet_role_arn(resources),
            images=self._images(resources),
        )

    def _images(self, resources: ComputeResources) -> list[MachineImageConfig]:
        """The images, checked against the orchestration; on EKS, Batch's AL2023 image by default
        (Batch's own default there, EKS_AL2, reached its end of support)."""
        eks = self.eks_configuration is not None
        given = [("compute_resources.image", resources.image)] if resources.image is not None else []
        given += [(f"compute_resources.images[{i}]", image) for i, image in enumerate(resources.images or ())]
        if not given:
            return [MachineImageConfig(image_type=EksMachineImageType.EKS_AL2023)] if eks else []
        return [self._image(argument, image, eks=eks) for argument, image in given]

    def _image(self, argument: str, given: IMachineImage, *, eks: bool) -> MachineImageConfig:
        image = given.get_image(self)
        if not is_unresolved(image.image_type) and image.is_eks != eks:
            raise fail(
                argument,
                "must be an EKS image type (EksOptimizedAmi, or generic_linux with an EksMachineImageType) on an"
                " EKS compute environment"
                if eks
                else "must be an ECS image type on an ECS compute environment (EKS images need eks_configuration)",
                image.image_type,
            )
        return image

    def _security_group_ids(self, resources: ComputeResources) -> list[str]:
        if resources.security_groups is not None:
            return [security_group_id(group) for group in resources.security_groups]
        cluster_group = self.eks_configuration.cluster_security_group_id if self.eks_configuration else None
        if cluster_group is not None:
            # The group EKS made for the cluster lets nodes reach the control plane and each other.
            return [cluster_group]
        self.security_group = egress_only_security_group(
            self,
            "SecurityGroup",
            vpc_id=resources.vpc.vpc_id,
            description=generated_description("AWS Batch compute environment", self, SECURITY_GROUP_DESCRIPTION),
            tags=self._tags,
        )
        return [attribute(self.security_group, "id")]

    def _instance_profile_arn(self, resources: ComputeResources) -> str:
        if resources.instance_role is not None:
            return instance_profile_arn(self, "compute_resources.instance_role", resources.instance_role)
        if self.eks_configuration is not None:
            # What an EKS worker node needs (EKS's node IAM role), not the ECS agent's policy.
            self.instance_role = self._implicit_role(
                "InstanceRole", "ec2.amazonaws.com", _EKS_NODE_POLICIES, "EKS nodes"
            )
            if self.cluster_access is not None:
                # Nodes join only with an entry: the environment waits for it (and outlives it).
                self._depends_on.append(self.cluster_access.add_node_role(self.instance_role.role_arn))
        else:
            self.instance_role = self._implicit_role(
                "InstanceRole",
                "ec2.amazonaws.com",
                ("service-role/AmazonEC2ContainerServiceforEC2Role",),
                "ECS container instances",
            )
        self.instance_profile = _render_instance_profile(self, self.instance_role, self._tags)
        arn: str = self.instance_profile.arn
        return arn

    def _spot_fleet_role_arn(self, resources: ComputeResources) -> str | None:
        """Spot with BEST_FIT only: the other strategies do not use a Spot Fleet role."""
        if resources.type is not ComputeResourceType.SPOT:
            return None
        if resources.effective_allocation_strategy is not AllocationStrategy.BEST_FIT:
            return None
        if resources.spot_fleet_role is not None:
            return role_arn("compute_resources.spot_fleet_role", resources.spot_fleet_role)
        self.spot_fleet_role = self._implicit_role(
            "SpotFleetRole",
            "spotfleet.amazonaws.com",
            ("service-role/AmazonEC2SpotFleetTaggingRole",),
            "Spot Fleet requests",
        )
        return self.spot_fleet_role.role_arn

    def _implicit_role(
        self, construct_id: str, service: str, managed_policies: tuple[str, ...], what: str
    ) -> ServiceRole:
        """A role for ``service`` with AWS's managed policies (paths under ``policy/``); the
        environment depends on their attachments, so destroy never strips permissions first."""
        role = ServiceRole(
            self,
            construct_id,
            service=service,
            managed_policies=list(managed_policies),
            description=generated_description(f"{what} of AWS Batch compute environment", self, IAM_ROLE_DESCRIPTION),
            tags=self._tags,
        )
        self._depends_on.extend(role.attachments)
        return role


# EKS's node IAM role: join the cluster and describe EC2 (kubelet), pull images from ECR, and
# let the VPC CNI plugin (which runs with the node's role unless given one of its own) assign
# pod addresses.
_EKS_NODE_POLICIES = ("AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly", "AmazonEKS_CNI_Policy")


def _check_eks(
    configuration: Any, *, managed: bool, compute_resources: ComputeResources | None, service_role: Any
) -> None:
    """What AWS Batch refuses on EKS: unmanaged environments, Fargate, a service role, BEST_FIT."""
    check_type("eks_configuration", configuration, EksConfiguration, "EksConfiguration")
    if not managed:
        raise fail("eks_configuration", "needs a managed compute environment (managed=True)", configuration)
    if service_role is not None:
        raise fail(
            "service_role",
            "is not allowed on EKS: Batch uses its service-linked role AWSServiceRoleForBatch there",
            service_role,
        )
    if compute_resources is None:
        return
    if compute_resources.type.is_fargate:
        raise fail(
            "compute_resources.type",
            "must be EC2 or SPOT on EKS (Batch runs EKS jobs on EC2 nodes only)",
            compute_resources.type,
        )
    if compute_resources.allocation_strategy is AllocationStrategy.BEST_FIT:
        raise fail(
            "compute_resources.allocation_strategy",
            "must not be BEST_FIT on EKS (use BEST_FIT_PROGRESSIVE, or a SPOT_* strategy for Spot)",
            compute_resources.allocation_strategy,
        )


def _check_subnets(resources: ComputeResources, subnets: list[str]) -> None:
    # A list token is one item here (at most 16 then); a list with token items has its length.
    if resources.type.is_fargate and len(subnets) > 16:
        raise fail("compute_resources.vpc_subnets", "Fargate environments take at most 16 subnets", len(subnets))


class ImportedComputeEnvironment(_ComputeEnvironmentBase):
    """An existing compute environment, read with the ``aws_batch_compute_environment`` data source.

    Raises:
        ValidationError: ``compute_environment_arn`` that is not a Batch compute environment ARN; ``provider``
            that is not an ``AwsProvider`` of the same stack, or ``region`` that is not a region code.
        EngineMismatchError: ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        compute_environment_arn: str,
        provider: AwsProvider | None = None,
        region: str | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        remember_parent(self, scope, construct_id)
        place(self, provider=provider, region=region)
        name = name_from_arn(
            "compute_environment_arn", compute_environment_arn, service="batch", resource_type="compute-environment"
        )
        self.resource: DataAwsBatchComputeEnvironment = _render_lookup(self, name)

    @property
    def compute_resource_type(self) -> ComputeResourceType | None:
        return None


@dataclass(frozen=True, kw_only=True, slots=True)
class _Resolved:
    """What the environment adds to its ``ComputeResources``: the ids and ARNs of what it
    was given or created."""

    subnets: list[str]
    security_group_ids: list[str]
    instance_role_arn: str | None = None
    spot_fleet_role_arn: str | None = None
    images: list[MachineImageConfig] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True, slots=True)
class _Model:
    name: str | None
    name_prefix: str | None
    managed: bool
    enabled: bool
    service_role_arn: str | None
    eks_configuration: EksConfiguration | None
    compute_resources: ComputeResources | None
    resolved: _Resolved | None
    ignore_desired_vcpus: bool
    terminate_on_update: bool | None
    update_timeout_minutes: int | None
    tags: Mapping[str, str]
    depends_on: list[Any]


def _render_compute_environment(scope: Construct, model: _Model) -> BatchComputeEnvironment:
    engine = engine_of(scope)
    aws = placed(scope)
    compute_resources = None
    if model.compute_resources is not None and model.resolved is not None:
        compute_resources = _render_compute_resources(aws, model.compute_resources, model.resolved)
    update_policy = None
    if model.terminate_on_update is not None or model.update_timeout_minutes is not None:
        # Both, with AWS's defaults for the one not given: provider 5.x requires both members
        # of the block (6.x fills the same defaults in).
        update_policy = aws.BatchComputeEnvironmentUpdatePolicy(
            terminate_jobs_on_update=False if model.terminate_on_update is None else model.terminate_on_update,
            job_execution_timeout_minutes=30 if model.update_timeout_minutes is None else model.update_timeout_minutes,
        )
    lifecycle = None
    if model.name_prefix is not None or model.ignore_desired_vcpus:
        lifecycle = engine.core.TerraformResourceLifecycle(
            # Terraform: with a generated name the replacement can exist beside the old
            # environment, so queues move to it before the old one is deleted.
            create_before_destroy=True if model.name_prefix is not None else None,
            # Batch moves desired_vcpus between min and max; the given value is the initial one.
            ignore_changes=["compute_resources[0].desired_vcpus"] if model.ignore_desired_vcpus else None,
        )
    eks = model.eks_configuration
    return aws.BatchComputeEnvironment(
        scope,
        "Resource",
        name=model.name,
        name_prefix=model.name_prefix,
        type="MANAGED" if model.managed else "UNMANAGED",
        state="ENABLED" if model.enabled else "DISABLED",
        service_role=model.service_role_arn,
        eks_configuration=aws.BatchComputeEnvironmentEksConfiguration(
            eks_cluster_arn=eks.eks_cluster_arn, kubernetes_namespace=eks.kubernetes_namespace
        )
        if eks is not None
        else None,
        compute_resources=compute_resources,
        update_policy=update_policy,
        tags=dict(model.tags) if model.tags else None,
        depends_on=model.depends_on or None,
        lifecycle=lifecycle,
    )


def _render_compute_resources(
    aws: Aws, resources: ComputeResources, resolved: _Resolved
) -> BatchComputeEnvironmentComputeResources:
    """The provider's ``compute_resources`` block; fields that do not apply (Fargate) are
    None, which the provider leaves out."""
    ec2 = not resources.type.is_fargate
    strategy = resources.effective_allocation_strategy
    return aws.BatchComputeEnvironmentComputeResources(
        type=resources.type.value,
        max_vcpus=resources.maxv_cpus,
        subnets=resolved.subnets,
        security_group_ids=resolved.security_group_ids,
        allocation_strategy=strategy.value if strategy is not None else None,
        min_vcpus=(0 if resources.minv_cpus is None else resources.minv_cpus) if ec2 else None,
        instance_type=list(resources.instance_types or ("optimal",)) if ec2 else None,
        desired_vcpus=resources.desiredv_cpus,
        bid_percentage=resources.bid_percentage,
        instance_role=resolved.instance_role_arn,
        spot_iam_fleet_role=resolved.spot_fleet_role_arn,
        ec2_configuration=[_render_ec2_configuration(aws, image) for image in resolved.images] or None,
        launch_template=_render_launch_template(aws, resources.launch_template) if resources.launch_template else None,
        ec2_key_pair=resources.ec2_key_pair,
        placement_group=_placement_group_name(resources.placement_group),
        tags=dict(resources.compute_resources_tags) if resources.compute_resources_tags else None,
    )


def _render_ec2_configuration(
    aws: Aws, image: MachineImageConfig
) -> BatchComputeEnvironmentComputeResourcesEc2Configuration:
    return aws.BatchComputeEnvironmentComputeResourcesEc2Configuration(
        # A token image type (generic_linux takes one) is written as it is.
        image_type=image.image_type if is_unresolved(image.image_type) else image.image_type.value,
        image_id_override=image.image_id,
        image_kubernetes_version=image.image_kubernetes_version,
    )


def _render_launch_template(
    aws: Aws,
    template: LaunchTemplateSpecification,
) -> BatchComputeEnvironmentComputeResourcesLaunchTemplate:
    return aws.BatchComputeEnvironmentComputeResourcesLaunchTemplate(
        launch_template_id=template.launch_template_id,
        launch_template_name=template.launch_template_name,
        version=template.version,
    )


def _placement_group_name(group: Any) -> str | None:
    """A placement group name, or the name of the provider's ``PlacementGroup``."""
    if group is None or isinstance(group, str):
        return group
    name: str = group.name
    return name


def _render_instance_profile(scope: Construct, role: ServiceRole, tags: Mapping[str, str]) -> IamInstanceProfile:
    aws = placed(scope)

    return aws.IamInstanceProfile(
        scope,
        "InstanceProfile",
        name_prefix=generated_name(scope, max_length=37) + "-",
        role=role.role_name,
        tags=dict(tags) if tags else None,
    )


def _render_lookup(scope: Construct, name: str) -> DataAwsBatchComputeEnvironment:
    aws = placed(scope)

    return aws.DataAwsBatchComputeEnvironment(scope, "Resource", name=name)
