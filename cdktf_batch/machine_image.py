"""Machine images for EC2 compute environments.

An image gives a compute environment an AMI id and the Batch image type it fills in; the
environment renders both as ``compute_resources.ec2_configuration`` (``image_type`` with
``image_id_override``), which the provider prefers to the deprecated ``image_id``."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Protocol, runtime_checkable

from cdktf_batch import _context
from cdktf_batch._engine import Construct, Fn
from cdktf_batch._naming import stack_singleton
from cdktf_batch._validation import check_choice, check_string, check_string_map, fail, is_unresolved

__all__ = [
    "AmazonLinuxGeneration",
    "AmiHardwareType",
    "EcsMachineImageType",
    "EcsOptimizedAmi",
    "EksMachineImageType",
    "EksOptimizedAmi",
    "GenericLinuxImage",
    "IMachineImage",
    "MachineImage",
    "MachineImageConfig",
]


class EcsMachineImageType(str, Enum):
    """The Batch image type (``ec2_configuration.image_type``) an AMI serves."""

    ECS_AL2 = "ECS_AL2"
    ECS_AL2_NVIDIA = "ECS_AL2_NVIDIA"
    ECS_AL2023 = "ECS_AL2023"
    ECS_AL2023_NVIDIA = "ECS_AL2023_NVIDIA"


class EksMachineImageType(str, Enum):
    """The Batch image type of an EKS compute environment's nodes. The Amazon Linux 2 EKS AMIs
    reached their end of support on 2025-11-26: prefer the AL2023 types."""

    EKS_AL2 = "EKS_AL2"
    EKS_AL2_NVIDIA = "EKS_AL2_NVIDIA"
    EKS_AL2023 = "EKS_AL2023"
    EKS_AL2023_NVIDIA = "EKS_AL2023_NVIDIA"


class AmazonLinuxGeneration(str, Enum):
    """Generations of the ECS-optimized Amazon Linux AMI."""

    AMAZON_LINUX_2 = "amazon-linux-2"
    AMAZON_LINUX_2023 = "amazon-linux-2023"


class AmiHardwareType(str, Enum):
    """Hardware flavours of the ECS-optimized AMI."""

    STANDARD = "STANDARD"
    GPU = "GPU"
    """NVIDIA drivers and the container toolkit, for GPU instance types."""
    ARM = "ARM"
    """arm64, for Graviton instance types."""


@dataclass(frozen=True, kw_only=True, slots=True)
class MachineImageConfig:
    """What an image gives a compute environment."""

    image_type: EcsMachineImageType | EksMachineImageType
    image_id: str | None = None
    """An AMI id that overrides the image type's own. Default: - Batch's AMI for the type."""
    image_kubernetes_version: str | None = None
    """EKS only: the Kubernetes version of the nodes. Default: - the latest Batch supports."""

    @property
    def is_eks(self) -> bool:
        return isinstance(self.image_type, EksMachineImageType)


@runtime_checkable
class IMachineImage(Protocol):
    """An AMI for EC2 compute resources."""

    def get_image(self, scope: Construct) -> MachineImageConfig: ...


_SSM_PATHS = {
    (AmazonLinuxGeneration.AMAZON_LINUX_2, AmiHardwareType.STANDARD): "amazon-linux-2/recommended",
    (AmazonLinuxGeneration.AMAZON_LINUX_2, AmiHardwareType.GPU): "amazon-linux-2/gpu/recommended",
    (AmazonLinuxGeneration.AMAZON_LINUX_2, AmiHardwareType.ARM): "amazon-linux-2/arm64/recommended",
    (AmazonLinuxGeneration.AMAZON_LINUX_2023, AmiHardwareType.STANDARD): "amazon-linux-2023/recommended",
    (AmazonLinuxGeneration.AMAZON_LINUX_2023, AmiHardwareType.GPU): "amazon-linux-2023/gpu/recommended",
    (AmazonLinuxGeneration.AMAZON_LINUX_2023, AmiHardwareType.ARM): "amazon-linux-2023/arm64/recommended",
}

_IMAGE_TYPES = {
    (AmazonLinuxGeneration.AMAZON_LINUX_2, False): EcsMachineImageType.ECS_AL2,
    (AmazonLinuxGeneration.AMAZON_LINUX_2, True): EcsMachineImageType.ECS_AL2_NVIDIA,
    (AmazonLinuxGeneration.AMAZON_LINUX_2023, False): EcsMachineImageType.ECS_AL2023,
    (AmazonLinuxGeneration.AMAZON_LINUX_2023, True): EcsMachineImageType.ECS_AL2023_NVIDIA,
}


class EcsOptimizedAmi:
    """The latest ECS-optimized Amazon Linux AMI, read at plan time from the public SSM
    parameter ``/aws/service/ecs/optimized-ami/<generation>/[gpu|arm64/]recommended/image_id``.

    A new AMI release changes the environment's image on the next apply.

    Raises:
        ValidationError: ``generation`` or ``hardware_type`` not one of their enums.
    """

    def __init__(
        self,
        *,
        generation: AmazonLinuxGeneration = AmazonLinuxGeneration.AMAZON_LINUX_2023,
        hardware_type: AmiHardwareType = AmiHardwareType.STANDARD,
    ) -> None:
        self.generation = check_choice("generation", generation, AmazonLinuxGeneration)
        self.hardware_type = check_choice("hardware_type", hardware_type, AmiHardwareType)

    @property
    def parameter_name(self) -> str:
        path = _SSM_PATHS[(self.generation, self.hardware_type)]
        return f"/aws/service/ecs/optimized-ami/{path}/image_id"

    @property
    def image_type(self) -> EcsMachineImageType:
        """The Batch image type the AMI serves."""
        return _IMAGE_TYPES[(self.generation, self.hardware_type is AmiHardwareType.GPU)]

    def get_image(self, scope: Construct) -> MachineImageConfig:
        """The AMI, read from its public SSM parameter by a data source in ``scope``.

        Raises:
            EngineMismatchError: ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
        """
        return MachineImageConfig(
            image_id=_render_public_parameter(scope, self.parameter_name), image_type=self.image_type
        )


_EKS_IMAGE_TYPES = {
    (AmazonLinuxGeneration.AMAZON_LINUX_2, False): EksMachineImageType.EKS_AL2,
    (AmazonLinuxGeneration.AMAZON_LINUX_2, True): EksMachineImageType.EKS_AL2_NVIDIA,
    (AmazonLinuxGeneration.AMAZON_LINUX_2023, False): EksMachineImageType.EKS_AL2023,
    (AmazonLinuxGeneration.AMAZON_LINUX_2023, True): EksMachineImageType.EKS_AL2023_NVIDIA,
}
_KUBERNETES_VERSION = re.compile(r"[1-9][0-9]*\.[0-9]+")


class EksOptimizedAmi:
    """The EKS-optimized Amazon Linux AMI Batch chooses for an EKS compute environment's nodes
    (``ec2_configuration`` ``image_type`` ``EKS_*`` with ``image_kubernetes_version``).

    Batch picks the AMI for the instance type's architecture; ``GPU`` gives the NVIDIA variant.
    Batch does not move the nodes to a newer AMI or Kubernetes version by itself: a new
    ``kubernetes_version`` replaces the environment (the provider forces it)."""

    def __init__(
        self,
        *,
        kubernetes_version: str | None = None,
        generation: AmazonLinuxGeneration = AmazonLinuxGeneration.AMAZON_LINUX_2023,
        hardware_type: AmiHardwareType = AmiHardwareType.STANDARD,
    ) -> None:
        """
        Args:
            kubernetes_version: ``major.minor`` of the cluster, e.g. ``"1.31"``. Default: - the
                latest version Batch supports (which may be newer than the cluster's).
            generation: Amazon Linux 2023 (default) or 2 (end of support 2025-11-26).
            hardware_type: STANDARD, GPU (NVIDIA) or ARM (Graviton; the same image types).

        Raises:
            ValidationError: ``kubernetes_version`` empty; ``generation`` or ``hardware_type`` not one of
                their enums.
        """
        if kubernetes_version is not None:
            check_string(
                "kubernetes_version",
                kubernetes_version,
                pattern=_KUBERNETES_VERSION,
                rule="must be a Kubernetes version major.minor, such as 1.31",
            )
        self.kubernetes_version = kubernetes_version
        self.generation = check_choice("generation", generation, AmazonLinuxGeneration)
        self.hardware_type = check_choice("hardware_type", hardware_type, AmiHardwareType)

    @property
    def image_type(self) -> EksMachineImageType:
        return _EKS_IMAGE_TYPES[(self.generation, self.hardware_type is AmiHardwareType.GPU)]

    def get_image(self, scope: Construct) -> MachineImageConfig:
        return MachineImageConfig(image_type=self.image_type, image_kubernetes_version=self.kubernetes_version)


class GenericLinuxImage:
    """A different AMI per region (see ``MachineImage.generic_linux``).

    Raises:
        ValidationError: ``ami_map`` empty or not a mapping of regions to AMI ids; ``image_type`` not one of
            the image types.
    """

    def __init__(
        self,
        ami_map: Mapping[str, str],
        *,
        image_type: EcsMachineImageType | EksMachineImageType = EcsMachineImageType.ECS_AL2023,
    ) -> None:
        self.ami_map = check_string_map("ami_map", ami_map)
        if not self.ami_map:
            raise fail("ami_map", "must map at least one region to an AMI id", {})
        for region, ami in self.ami_map.items():
            check_string(f"ami_map[{region!r}]", ami)
        self.image_type = _image_type(image_type)

    def get_image(self, scope: Construct) -> MachineImageConfig:
        """The AMI of ``scope``'s region: from ``ami_map`` when the region is known at synth, else looked up by Terraform at plan time.

        Raises:
            ValidationError: the stack's region is known and ``ami_map`` has no AMI for it.
            EngineMismatchError: ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
        """
        known = _context.provider_region(scope)
        if known is not None:
            if known not in self.ami_map:
                raise fail(
                    "compute_resources.image",
                    f"has no AMI for the region {known}; it has {', '.join(self.ami_map)}",
                    self.ami_map,
                )
            image_id = self.ami_map[known]
        else:
            # Terraform: the region is only known at plan time; lookup() fails there if missing.
            image_id = Fn.lookup(self.ami_map, _context.region(scope))
        return MachineImageConfig(image_id=image_id, image_type=self.image_type)


def _image_type(value: object) -> EcsMachineImageType | EksMachineImageType:
    """An ECS or EKS image type (a member, or the API's string)."""
    for kind in (EcsMachineImageType, EksMachineImageType):
        if isinstance(value, kind):
            return value
        if isinstance(value, str) and value in {member.value for member in kind}:
            return kind(value)
    if is_unresolved(value):
        return value  # type: ignore[return-value]
    allowed = ", ".join(member.value for kind in (EcsMachineImageType, EksMachineImageType) for member in kind)
    raise fail("image_type", f"must be one of {allowed}", value)


class MachineImage:
    """Factories for machine images."""

    @staticmethod
    def generic_linux(
        ami_map: Mapping[str, str],
        *,
        image_type: EcsMachineImageType | EksMachineImageType = EcsMachineImageType.ECS_AL2023,
    ) -> GenericLinuxImage:
        """A custom AMI per region, e.g. ``{"us-east-1": "ami-0123456789abcdef0"}``.

        Resolved against the region the environment is placed in (its ``region``, else its
        provider's, else the stack's default provider's) when it is a literal; otherwise with Terraform's ``lookup()`` on the region at plan time. ``image_type`` is
        the Batch image type the AMI serves (default ``ECS_AL2023``; an ``EksMachineImageType``
        for an EKS compute environment).

        Raises:
            ValidationError: ``ami_map`` empty or not a mapping of regions to AMI ids; ``image_type`` not one
                of the image types.
        """
        return GenericLinuxImage(ami_map, image_type=image_type)

    @staticmethod
    def ecs_optimized(
        *,
        generation: AmazonLinuxGeneration = AmazonLinuxGeneration.AMAZON_LINUX_2023,
        hardware_type: AmiHardwareType = AmiHardwareType.STANDARD,
    ) -> EcsOptimizedAmi:
        """The latest ECS-optimized Amazon Linux AMI (see ``EcsOptimizedAmi``).

        Raises:
            ValidationError: ``generation`` or ``hardware_type`` not one of their enums.
        """
        return EcsOptimizedAmi(generation=generation, hardware_type=hardware_type)


def _render_public_parameter(scope: Construct, name: str) -> str:
    aws = _context.placed(scope)

    # Public parameters differ by region: one lookup per placement.
    construct_id = "cdktf-batch-ami-" + name.strip("/").replace("/", "-") + _context.placement(scope).key
    parameter = stack_singleton(scope, construct_id, lambda stack, cid: aws.DataAwsSsmParameter(stack, cid, name=name))
    # A public AMI id is not a secret; insecure_value keeps the environment's plan readable.
    value: str = parameter.insecure_value
    return value
