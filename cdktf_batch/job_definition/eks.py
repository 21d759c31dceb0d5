"""The pod of an EKS job definition (``eks_properties``): its containers, init containers and
volumes, as typed values, with the rules AWS Batch and Kubernetes apply to them.

The provider 6.25 has a typed ``eks_properties`` block (not JSON); ``_render_eks_properties``
in ``job_definition.py`` renders it. A volume is declared where it is mounted, as in AWS CDK v2:
each container lists the volumes it mounts, and the pod gets each volume once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from cdktf_batch._validation import (
    check_bool,
    check_choice,
    check_environment_name,
    check_integer,
    check_list,
    check_number,
    check_string,
    check_string_list,
    check_string_map,
    check_type,
    fail,
    is_unresolved,
)
from cdktf_batch.images import ContainerImage

__all__ = [
    "DnsPolicy",
    "EksContainer",
    "EksProperties",
    "EksVolume",
    "EmptyDirMediumType",
    "EmptyDirVolume",
    "HostPathVolume",
    "ImagePullPolicy",
    "SecretPathVolume",
]

MAX_CONTAINERS = 10
MAX_ID = 2147483647  # run_as_user / run_as_group

# A container name: what the Batch console accepts (Batch's own default name is "Default").
_CONTAINER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,62}")
# Kubernetes names: a DNS subdomain (volumes, secrets, service accounts) and a label value.
_DNS_SUBDOMAIN = re.compile(r"(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
_LABEL_NAME = r"[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?"
_LABEL_KEY = re.compile(rf"({_DNS_SUBDOMAIN.pattern}/)?{_LABEL_NAME}")
_LABEL_VALUE = re.compile(rf"({_LABEL_NAME})?")
_DNS_SUBDOMAIN_RULE = (
    "must be a Kubernetes DNS subdomain: at most 253 lowercase letters, digits, '-' and '.',"
    " starting and ending with a letter or digit"
)


class ImagePullPolicy(str, Enum):
    """When the kubelet pulls the image. Default (Kubernetes): ``IfNotPresent``, but ``Always``
    for the ``latest`` tag."""

    ALWAYS = "Always"
    IF_NOT_PRESENT = "IfNotPresent"
    NEVER = "Never"


class DnsPolicy(str, Enum):
    """The pod's DNS policy. Default (AWS Batch): ``ClusterFirstWithHostNet`` with the host's
    network (the default), ``ClusterFirst`` without it."""

    DEFAULT = "Default"
    CLUSTER_FIRST = "ClusterFirst"
    CLUSTER_FIRST_WITH_HOST_NET = "ClusterFirstWithHostNet"


class EmptyDirMediumType(str, Enum):
    """Where an ``emptyDir`` volume lives: the node's disk, or memory (tmpfs, which counts
    against the container's memory limit)."""

    DISK = ""
    MEMORY = "Memory"


@dataclass(frozen=True, kw_only=True, slots=True)
class EksVolume:
    """A pod volume and where a container mounts it: make one with :meth:`empty_dir`,
    :meth:`host_path` or :meth:`secret`. Checked by the container, at its index."""

    name: str
    """The volume's name: a Kubernetes DNS subdomain, unique in the pod."""
    mount_path: str
    """Where the container sees it."""
    read_only: bool | None = None
    """Default (Kubernetes): - read and write."""

    @staticmethod
    def empty_dir(
        *,
        name: str,
        mount_path: str,
        size_limit_mib: int,
        medium: EmptyDirMediumType | None = None,
        read_only: bool | None = None,
    ) -> EmptyDirVolume:
        """Scratch space for the pod's lifetime, on the node's disk or in memory.

        ``size_limit_mib`` is required: AWS would take "unlimited", but the provider (6.25)
        requires a limit."""
        return EmptyDirVolume(
            name=name, mount_path=mount_path, size_limit_mib=size_limit_mib, medium=medium, read_only=read_only
        )

    @staticmethod
    def host_path(*, name: str, mount_path: str, path: str, read_only: bool | None = None) -> HostPathVolume:
        """A file or directory of the node."""
        return HostPathVolume(name=name, mount_path=mount_path, path=path, read_only=read_only)

    @staticmethod
    def secret(
        *, name: str, mount_path: str, secret_name: str, optional: bool | None = None, read_only: bool | None = None
    ) -> SecretPathVolume:
        """A Kubernetes secret of the job's namespace, one file per key. ``optional``: the pod
        starts even if the secret (or a key) is missing. Default (Kubernetes): - not optional."""
        return SecretPathVolume(
            name=name, mount_path=mount_path, secret_name=secret_name, optional=optional, read_only=read_only
        )

    def _check_at(self, path: str) -> None:
        if type(self) is EksVolume:
            raise fail(path, "must be made with EksVolume.empty_dir, EksVolume.host_path or EksVolume.secret", self)
        check_string(f"{path}.name", self.name, pattern=_DNS_SUBDOMAIN, rule=_DNS_SUBDOMAIN_RULE)
        check_string(f"{path}.mount_path", self.mount_path)
        if self.read_only is not None:
            check_bool(f"{path}.read_only", self.read_only)

    def volume_key(self) -> tuple[Any, ...]:
        """What the pod's volume is, apart from where it is mounted (each kind adds its own)."""
        return (type(self).__name__,)


@dataclass(frozen=True, kw_only=True, slots=True)
class EmptyDirVolume(EksVolume):
    size_limit_mib: int
    medium: EmptyDirMediumType | None = None

    def _check_at(self, path: str) -> None:
        EksVolume._check_at(self, path)
        check_integer(f"{path}.size_limit_mib", self.size_limit_mib, minimum=1)
        if self.medium is not None:
            object.__setattr__(self, "medium", check_choice(f"{path}.medium", self.medium, EmptyDirMediumType))

    def volume_key(self) -> tuple[Any, ...]:
        return ("empty_dir", self.size_limit_mib, self.medium)


@dataclass(frozen=True, kw_only=True, slots=True)
class HostPathVolume(EksVolume):
    path: str

    def _check_at(self, path: str) -> None:
        EksVolume._check_at(self, path)
        check_string(f"{path}.path", self.path)

    def volume_key(self) -> tuple[Any, ...]:
        return ("host_path", self.path)


@dataclass(frozen=True, kw_only=True, slots=True)
class SecretPathVolume(EksVolume):
    secret_name: str
    optional: bool | None = None

    def _check_at(self, path: str) -> None:
        EksVolume._check_at(self, path)
        check_string(f"{path}.secret_name", self.secret_name, pattern=_DNS_SUBDOMAIN, rule=_DNS_SUBDOMAIN_RULE)
        if self.optional is not None:
            check_bool(f"{path}.optional", self.optional)

    def volume_key(self) -> tuple[Any, ...]:
        return ("secret", self.secret_name, self.optional)


@dataclass(frozen=True, kw_only=True, slots=True)
class EksContainer:
    """A container of the job's pod. Checked by ``EksProperties``, at its index.

    Resources are Kubernetes requests (``*_reservation``) and limits: CPU in vCPUs (steps of
    0.25), memory in MiB (rendered ``<n>Mi``), GPUs whole. Batch schedules on the requests and
    copies the limits into them when none are given; memory and GPU limits must equal their
    requests when both are given."""

    image: ContainerImage
    name: str | None = None
    """Unique in the pod; required when the pod has more than one container. Default (AWS
    Batch): ``Default``."""
    command: Sequence[str] | None = None
    """The entrypoint. Default: - the image's ENTRYPOINT."""
    args: Sequence[str] | None = None
    """Arguments to the entrypoint. Default: - the image's CMD."""
    env: Mapping[str, str] | None = None
    """Environment variables (names must not start with ``AWS_BATCH``)."""
    cpu_limit: float | None = None
    cpu_reservation: float | None = None
    memory_limit_mib: int | None = None
    memory_reservation_mib: int | None = None
    gpu_limit: int | None = None
    gpu_reservation: int | None = None
    image_pull_policy: ImagePullPolicy | None = None
    privileged: bool | None = None
    """Root on the node. Default (Kubernetes): - no."""
    read_only_root_filesystem: bool | None = None
    run_as_user: int | None = None
    run_as_group: int | None = None
    run_as_non_root: bool | None = None
    """Refuse to start as root (uid 0)."""
    volumes: Sequence[EksVolume] = field(default_factory=tuple)
    """The volumes this container mounts, each declared once for the pod."""

    def _check_at(self, path: str) -> None:
        check_type(f"{path}.image", self.image, ContainerImage, "a ContainerImage")
        if self.name is not None:
            check_string(
                f"{path}.name",
                self.name,
                pattern=_CONTAINER_NAME,
                rule="must be 1-63 letters, digits and hyphens, starting with a letter or digit",
            )
        for name in ("command", "args"):
            if getattr(self, name) is not None:
                check_string_list(f"{path}.{name}", getattr(self, name))
        if self.env is not None:
            for key in check_string_map(f"{path}.env", self.env):
                check_environment_name(f"{path}.env", key)
        self._check_resources(path)
        if self.image_pull_policy is not None:
            object.__setattr__(
                self,
                "image_pull_policy",
                check_choice(f"{path}.image_pull_policy", self.image_pull_policy, ImagePullPolicy),
            )
        for name in ("privileged", "read_only_root_filesystem", "run_as_non_root"):
            if getattr(self, name) is not None:
                check_bool(f"{path}.{name}", getattr(self, name))
        for name in ("run_as_user", "run_as_group"):
            if getattr(self, name) is not None:
                check_integer(f"{path}.{name}", getattr(self, name), minimum=0, maximum=MAX_ID)
        # Each kind checks its own members (check=EksVolume._check_at would check the base's only).
        volumes = check_list(f"{path}.volumes", self.volumes, EksVolume, check=lambda volume, at: volume._check_at(at))
        _check_unique(f"{path}.volumes", [(volume.name, "name") for volume in volumes])
        _check_unique(f"{path}.volumes", [(volume.mount_path, "mount_path") for volume in volumes])

    def _check_resources(self, path: str) -> None:
        for name in ("cpu_limit", "cpu_reservation"):
            value = getattr(self, name)
            if value is None:
                continue
            check_number(f"{path}.{name}", value, minimum=0.25)
            if not is_unresolved(value) and (value * 4) % 1:
                raise fail(f"{path}.{name}", "must be a multiple of 0.25 vCPU", value)
        for name in ("memory_limit_mib", "memory_reservation_mib"):
            if getattr(self, name) is not None:
                check_integer(f"{path}.{name}", getattr(self, name), minimum=4)
        for name in ("gpu_limit", "gpu_reservation"):
            if getattr(self, name) is not None:
                check_integer(f"{path}.{name}", getattr(self, name), minimum=0)
        limit, request = self.cpu_limit, self.cpu_reservation
        if _known(limit, request) and limit < request:  # type: ignore[operator]
            raise fail(f"{path}.cpu_limit", f"must not be below cpu_reservation ({request})", limit)
        for kind in ("memory", "gpu"):
            suffix = "_mib" if kind == "memory" else ""
            limit, request = getattr(self, f"{kind}_limit{suffix}"), getattr(self, f"{kind}_reservation{suffix}")
            if _known(limit, request) and limit != request:
                raise fail(
                    f"{path}.{kind}_limit{suffix}",
                    f"must equal {kind}_reservation{suffix} ({request}) when both are given",
                    limit,
                )

    def resources(self) -> tuple[dict[str, str], dict[str, str]]:
        """The Kubernetes limits and requests, in quantity syntax."""
        limits: dict[str, str] = {}
        requests: dict[str, str] = {}
        for target, cpu, memory, gpu in (
            (limits, self.cpu_limit, self.memory_limit_mib, self.gpu_limit),
            (requests, self.cpu_reservation, self.memory_reservation_mib, self.gpu_reservation),
        ):
            if cpu is not None:
                target["cpu"] = _quantity(cpu)
            if memory is not None:
                target["memory"] = f"{_quantity(memory)}Mi"
            if gpu is not None:
                target["nvidia.com/gpu"] = _quantity(gpu)
        return limits, requests


@dataclass(frozen=True, kw_only=True, slots=True)
class EksProperties:
    """The pod of an EKS job definition (``JobDefinition(eks_properties=...)``).

    EKS jobs run on EC2 (or Spot) EKS compute environments only, as single-node jobs; the
    namespace is the compute environment's."""

    containers: Sequence[EksContainer]
    """1-10 containers; the job succeeds when all exit 0."""
    init_containers: Sequence[EksContainer] = field(default_factory=tuple)
    """Up to 10, run to completion in order before the containers start."""
    service_account_name: str | None = None
    """The Kubernetes service account the pod runs as (for IAM roles for service accounts)."""
    host_network: bool | None = None
    """Use the node's network. Default (AWS Batch): - yes."""
    dns_policy: DnsPolicy | None = None
    labels: Mapping[str, str] | None = None
    """Kubernetes labels of the pod."""
    share_process_namespace: bool | None = None
    """One process namespace for all containers of the pod. Default: - no."""
    image_pull_secrets: Sequence[str] = field(default_factory=tuple)
    """Kubernetes secrets of the namespace with registry credentials."""

    def _check_at(self, path: str) -> None:
        containers = check_list(
            f"{path}.containers",
            self.containers,
            EksContainer,
            check=EksContainer._check_at,
            min_items=1,
            max_items=MAX_CONTAINERS,
        )
        init = check_list(
            f"{path}.init_containers",
            self.init_containers,
            EksContainer,
            check=EksContainer._check_at,
            max_items=MAX_CONTAINERS,
        )
        everyone = [(f"{path}.containers[{i}]", c) for i, c in enumerate(containers)] + [
            (f"{path}.init_containers[{i}]", c) for i, c in enumerate(init)
        ]
        if len(everyone) > 1:
            for where, container in everyone:
                if container.name is None:
                    raise fail(f"{where}.name", "is required when the pod has more than one container", None)
        _check_unique(f"{path}.containers", [(container.name, "name") for _, container in everyone])
        self.pod_volumes(path)  # one definition per volume name
        if self.service_account_name is not None:
            check_string(
                f"{path}.service_account_name",
                self.service_account_name,
                pattern=_DNS_SUBDOMAIN,
                rule=_DNS_SUBDOMAIN_RULE,
            )
        for name in ("host_network", "share_process_namespace"):
            if getattr(self, name) is not None:
                check_bool(f"{path}.{name}", getattr(self, name))
        if self.dns_policy is not None:
            policy = check_choice(f"{path}.dns_policy", self.dns_policy, DnsPolicy)
            object.__setattr__(self, "dns_policy", policy)
            if policy is DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET and self.host_network is False:
                raise fail(f"{path}.dns_policy", "ClusterFirstWithHostNet needs host_network", policy)
        if self.labels is not None:
            for key, value in check_string_map(f"{path}.labels", self.labels).items():
                check_string(
                    f"{path}.labels",
                    key,
                    pattern=_LABEL_KEY,
                    rule="keys must be Kubernetes label keys: an optional DNS subdomain and '/', then 1-63"
                    " letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
                )
                check_string(
                    f"{path}.labels[{key!r}]",
                    value,
                    pattern=_LABEL_VALUE,
                    min_length=0,
                    rule="must be a Kubernetes label value: at most 63 letters, digits, '-', '_' and '.',"
                    " starting and ending with a letter or digit",
                )
        for index, secret in enumerate(check_string_list(f"{path}.image_pull_secrets", self.image_pull_secrets)):
            check_string(
                f"{path}.image_pull_secrets[{index}]", secret, pattern=_DNS_SUBDOMAIN, rule=_DNS_SUBDOMAIN_RULE
            )

    def pod_volumes(self, path: str = "eks_properties") -> list[EksVolume]:
        """Each volume the containers mount, once, in the order first mounted.

        Raises:
            ValidationError: two containers of the pod declaring a volume of one name differently.
        """
        volumes: dict[str, EksVolume] = {}
        for kind, containers in (("containers", self.containers), ("init_containers", self.init_containers)):
            for index, container in enumerate(containers):
                for number, volume in enumerate(container.volumes):
                    known = volumes.setdefault(volume.name, volume)
                    if known.volume_key() != volume.volume_key():
                        raise fail(
                            f"{path}.{kind}[{index}].volumes[{number}]",
                            f"declares volume {volume.name!r} differently from another container of the pod",
                            volume,
                        )
        return list(volumes.values())


def _known(*values: Any) -> bool:
    return all(value is not None and not is_unresolved(value) for value in values)


def _check_unique(argument: str, values: list[tuple[Any, str]]) -> None:
    # A token is compared by its text: the same token twice holds the same value (two different
    # tokens may still hold the same one, which is left to AWS).
    seen: set[Any] = set()
    for value, member in values:
        if value is None:
            continue
        if value in seen:
            raise fail(argument, f"each {member} may appear once", value)
        seen.add(value)


def _quantity(value: float) -> str:
    """A Kubernetes quantity: ``1``, ``0.25``; a token passes through."""
    if is_unresolved(value):
        return str(value)
    return str(int(value)) if float(value).is_integer() else repr(float(value))
