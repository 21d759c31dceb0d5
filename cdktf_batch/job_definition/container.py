"""The container of a job definition and its parts, as typed values, with the rules that
depend on where the container runs. ``_properties`` renders them."""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import partial
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
    check_type,
    fail,
    is_unresolved,
)
from cdktf_batch.iam import RoleLike
from cdktf_batch.images import ContainerImage, ImageConfig
from cdktf_batch.logging import FARGATE_LOG_DRIVERS, LogConfiguration
from cdktf_batch.secrets import Secret

__all__ = [
    "AuthorizationConfig",
    "CpuArchitecture",
    "Device",
    "DevicePermission",
    "EfsVolumeConfiguration",
    "FargatePlatformVersion",
    "Host",
    "JobDefinitionContainer",
    "LinuxParameters",
    "MountPoint",
    "OperatingSystemFamily",
    "Tmpfs",
    "TmpfsMountOption",
    "Ulimit",
    "UlimitName",
    "Volume",
]


class FargatePlatformVersion(str, Enum):
    """The Fargate platform version a job runs on (EFS volumes and ephemeral storage need 1.4.0)."""

    LATEST = "LATEST"
    VERSION1_4 = "1.4.0"
    VERSION1_3 = "1.3.0"


class CpuArchitecture(str, Enum):
    """Fargate CPU architecture."""

    X86_64 = "X86_64"
    ARM64 = "ARM64"


class OperatingSystemFamily(str, Enum):
    """Fargate operating system family."""

    LINUX = "LINUX"
    WINDOWS_SERVER_2019_CORE = "WINDOWS_SERVER_2019_CORE"
    WINDOWS_SERVER_2019_FULL = "WINDOWS_SERVER_2019_FULL"
    WINDOWS_SERVER_2022_CORE = "WINDOWS_SERVER_2022_CORE"
    WINDOWS_SERVER_2022_FULL = "WINDOWS_SERVER_2022_FULL"


class UlimitName(str, Enum):
    """A resource limit of the container (``ulimit`` names as Docker takes them)."""

    CORE = "core"
    CPU = "cpu"
    DATA = "data"
    FSIZE = "fsize"
    LOCKS = "locks"
    MEMLOCK = "memlock"
    MSGQUEUE = "msgqueue"
    NICE = "nice"
    NOFILE = "nofile"
    NPROC = "nproc"
    RSS = "rss"
    RTPRIO = "rtprio"
    RTTIME = "rttime"
    SIGPENDING = "sigpending"
    STACK = "stack"


class DevicePermission(str, Enum):
    """What a container may do with a host device it is given."""

    READ = "READ"
    WRITE = "WRITE"
    MKNOD = "MKNOD"


class TmpfsMountOption(str, Enum):
    """Mount options for tmpfs (any of the API's strings is accepted too)."""

    DEFAULTS = "defaults"
    RO = "ro"
    RW = "rw"
    SUID = "suid"
    NOSUID = "nosuid"
    DEV = "dev"
    NODEV = "nodev"
    EXEC = "exec"
    NOEXEC = "noexec"
    SYNC = "sync"
    ASYNC = "async"
    DIRSYNC = "dirsync"
    REMOUNT = "remount"
    MAND = "mand"
    NOMAND = "nomand"
    ATIME = "atime"
    NOATIME = "noatime"
    DIRATIME = "diratime"
    NODIRATIME = "nodiratime"
    BIND = "bind"
    RBIND = "rbind"
    UNBINDABLE = "unbindable"
    RUNBINDABLE = "runbindable"
    PRIVATE = "private"
    RPRIVATE = "rprivate"
    SHARED = "shared"
    RSHARED = "rshared"
    SLAVE = "slave"
    RSLAVE = "rslave"
    RELATIME = "relatime"
    NORELATIME = "norelatime"
    STRICTATIME = "strictatime"
    NOSTRICTATIME = "nostrictatime"
    MODE = "mode"
    UID = "uid"
    GID = "gid"
    NR_INODES = "nr_inodes"
    NR_BLOCKS = "nr_blocks"
    MPOL = "mpol"


_TMPFS_OPTION = re.compile(r"(" + "|".join(option.value for option in TmpfsMountOption) + r")(=.+)?")

# Fargate's vCPU -> memory (MiB) combinations (the API's ResourceRequirement documentation).
FARGATE_MEMORY: dict[float, tuple[int, ...]] = {
    0.25: (512, 1024, 2048),
    0.5: tuple(range(1024, 4097, 1024)),
    1: tuple(range(2048, 8193, 1024)),
    2: tuple(range(4096, 16385, 1024)),
    4: tuple(range(8192, 30721, 1024)),
    8: tuple(range(16384, 61441, 4096)),
    16: tuple(range(32768, 122881, 8192)),
    32: (61440, 122880, 249856),
}


@dataclass(frozen=True, kw_only=True, slots=True)
class MountPoint:
    """A volume mounted into the container. Checked by the container, at its index."""

    container_path: str
    source_volume: str
    """The ``name`` of a ``Volume`` of the same container."""
    read_only: bool = False

    def _check_at(self, path: str) -> None:
        check_string(f"{path}.container_path", self.container_path)
        check_string(f"{path}.source_volume", self.source_volume)
        check_bool(f"{path}.read_only", self.read_only)

    def render(self) -> dict[str, Any]:
        return {"containerPath": self.container_path, "readOnly": self.read_only, "sourceVolume": self.source_volume}


@dataclass(frozen=True, kw_only=True, slots=True)
class Host:
    """A host path volume. Default: - a path Docker chooses, removed with the container.
    Checked with its volume."""

    source_path: str | None = None

    def _check_at(self, path: str) -> None:
        if self.source_path is not None:
            check_string(f"{path}.source_path", self.source_path)


@dataclass(frozen=True, kw_only=True, slots=True)
class AuthorizationConfig:
    """EFS authorization: an access point, and/or the job's IAM role. Checked with its volume."""

    access_point_id: str | None = None
    iam: bool | None = None
    """Use the job role to mount (EFS IAM authorization)."""

    def _check_at(self, path: str) -> None:
        if self.access_point_id is not None:
            check_string(
                f"{path}.access_point_id",
                self.access_point_id,
                pattern=re.compile(r"fsap-[0-9a-f]{8,40}"),
                rule="must be an EFS access point id such as fsap-0123456789abcdef0",
            )
        if self.iam is not None:
            check_bool(f"{path}.iam", self.iam)


@dataclass(frozen=True, kw_only=True, slots=True)
class EfsVolumeConfiguration:
    """An Amazon EFS file system as a volume. Checked with its volume."""

    file_system_id: str
    root_directory: str | None = None
    """Default: - the file system's root (must be omitted or "/" with an access point)."""
    transit_encryption: bool | None = None
    """Encrypt in transit. Required with an access point or IAM authorization."""
    transit_encryption_port: int | None = None
    authorization_config: AuthorizationConfig | None = None

    def _check_at(self, prefix: str) -> None:
        check_string(
            f"{prefix}.file_system_id",
            self.file_system_id,
            pattern=re.compile(r"fs-[0-9a-f]{8,40}"),
            rule="must be an EFS file system id such as fs-0123456789abcdef0",
        )
        if self.root_directory is not None:
            check_string(f"{prefix}.root_directory", self.root_directory, max_length=4096)
        if self.transit_encryption is not None:
            check_bool(f"{prefix}.transit_encryption", self.transit_encryption)
        if self.transit_encryption_port is not None:
            check_integer(f"{prefix}.transit_encryption_port", self.transit_encryption_port, minimum=1, maximum=65535)
            if self.transit_encryption is False:
                raise fail(
                    f"{prefix}.transit_encryption_port", "needs transit_encryption=True", self.transit_encryption_port
                )
        if self.authorization_config is not None:
            check_type(
                f"{prefix}.authorization_config",
                self.authorization_config,
                AuthorizationConfig,
                "an AuthorizationConfig",
            )
            auth = self.authorization_config
            auth._check_at(f"{prefix}.authorization_config")
            # The API refuses these combinations.
            if (auth.access_point_id is not None or auth.iam) and self.transit_encryption is not True:
                raise fail(
                    f"{prefix}.transit_encryption",
                    "must be True with an access point or IAM authorization",
                    self.transit_encryption,
                )
            if auth.access_point_id is not None and self.root_directory not in (None, "/"):
                raise fail(
                    f"{prefix}.root_directory",
                    "must be omitted or '/' with an access point (the access point sets the directory)",
                    self.root_directory,
                )

    def render(self) -> dict[str, Any]:
        rendered: dict[str, Any] = {"fileSystemId": self.file_system_id}
        if self.root_directory is not None:
            rendered["rootDirectory"] = self.root_directory
        if self.transit_encryption is not None:
            rendered["transitEncryption"] = "ENABLED" if self.transit_encryption else "DISABLED"
        if self.transit_encryption_port is not None:
            rendered["transitEncryptionPort"] = self.transit_encryption_port
        if self.authorization_config is not None:
            auth: dict[str, Any] = {}
            if self.authorization_config.access_point_id is not None:
                auth["accessPointId"] = self.authorization_config.access_point_id
            if self.authorization_config.iam is not None:
                auth["iam"] = "ENABLED" if self.authorization_config.iam else "DISABLED"
            if auth:
                rendered["authorizationConfig"] = auth
        return rendered


@dataclass(frozen=True, kw_only=True, slots=True)
class Volume:
    """A volume for the container: a host path or an EFS file system. Checked by the
    container, at its index (``container.volumes[2].name``), with what it holds."""

    name: str
    host: Host | None = None
    efs_volume_configuration: EfsVolumeConfiguration | None = None

    def _check_at(self, path: str) -> None:
        check_string(
            f"{path}.name",
            self.name,
            pattern=re.compile(r"[A-Za-z0-9_-]{1,255}"),
            rule="must be 1-255 letters, digits, hyphens or underscores",
        )
        if self.host is not None and self.efs_volume_configuration is not None:
            raise fail(f"{path}.efs_volume_configuration", "give host or efs_volume_configuration, not both", self.name)
        if self.host is not None:
            check_type(f"{path}.host", self.host, Host, "a Host")
            self.host._check_at(f"{path}.host")
        if self.efs_volume_configuration is not None:
            check_type(
                f"{path}.efs_volume_configuration",
                self.efs_volume_configuration,
                EfsVolumeConfiguration,
                "an EfsVolumeConfiguration",
            )
            self.efs_volume_configuration._check_at(f"{path}.efs_volume_configuration")

    def render(self) -> dict[str, Any]:
        rendered: dict[str, Any] = {"name": self.name}
        if self.efs_volume_configuration is not None:
            rendered["efsVolumeConfiguration"] = self.efs_volume_configuration.render()
        elif self.host is not None and self.host.source_path is not None:
            rendered["host"] = {"sourcePath": self.host.source_path}
        return rendered


@dataclass(frozen=True, kw_only=True, slots=True)
class Device:
    """A host device exposed to the container (EC2 only). Checked by ``LinuxParameters``,
    at its index."""

    host_path: str
    container_path: str | None = None
    """Default: - the same path as on the host."""
    permissions: Sequence[DevicePermission] = field(default_factory=tuple)

    def _check_at(self, path: str) -> None:
        check_string(f"{path}.host_path", self.host_path)
        if self.container_path is not None:
            check_string(f"{path}.container_path", self.container_path)
        permissions = check_list(
            f"{path}.permissions", self.permissions, (DevicePermission, str), name="DevicePermission"
        )
        object.__setattr__(
            self,
            "permissions",
            tuple(check_choice(f"{path}.permissions[{i}]", p, DevicePermission) for i, p in enumerate(permissions)),
        )

    def render(self) -> dict[str, Any]:
        rendered: dict[str, Any] = {"hostPath": self.host_path}
        if self.container_path is not None:
            rendered["containerPath"] = self.container_path
        if self.permissions:
            rendered["permissions"] = [permission.value for permission in self.permissions]
        return rendered


@dataclass(frozen=True, kw_only=True, slots=True)
class Tmpfs:
    """A tmpfs mount (EC2 only); ``size`` in MiB. Checked by ``LinuxParameters``, at its index."""

    container_path: str
    size: int
    mount_options: Sequence[TmpfsMountOption | str] = field(default_factory=tuple)

    def _check_at(self, path: str) -> None:
        check_string(f"{path}.container_path", self.container_path)
        check_integer(f"{path}.size", self.size, minimum=1)
        options = []
        given = check_list(f"{path}.mount_options", self.mount_options, (TmpfsMountOption, str), name="mount option")
        for index, option in enumerate(given):
            value = option.value if isinstance(option, TmpfsMountOption) else option
            check_string(
                f"{path}.mount_options[{index}]",
                value,
                pattern=_TMPFS_OPTION,
                rule="must be a tmpfs mount option such as noexec or mode=1777",
            )
            options.append(value)
        object.__setattr__(self, "mount_options", tuple(options))

    def render(self) -> dict[str, Any]:
        rendered: dict[str, Any] = {"containerPath": self.container_path, "size": self.size}
        if self.mount_options:
            rendered["mountOptions"] = list(self.mount_options)
        return rendered


@dataclass(frozen=True, kw_only=True, slots=True)
class LinuxParameters:
    """Linux-specific settings. Only ``init_process_enabled`` applies on Fargate.

    Raises:
        ValidationError: ``init_process_enabled`` not a bool; ``shared_memory_size`` below 1, ``max_swap``
            below 0, ``swappiness`` outside 0-100 or given without ``max_swap``; ``devices`` or ``tmpfs`` that
            are not lists of valid ``Device`` / ``Tmpfs``.
    """

    init_process_enabled: bool | None = None
    shared_memory_size: int | None = None
    """/dev/shm size in MiB."""
    max_swap: int | None = None
    """Swap in MiB the container may use (0: none)."""
    swappiness: int | None = None
    """0-100, with max_swap only. Default: - 60."""
    devices: Sequence[Device] = field(default_factory=tuple)
    tmpfs: Sequence[Tmpfs] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.init_process_enabled is not None:
            check_bool("linux_params.init_process_enabled", self.init_process_enabled)
        if self.shared_memory_size is not None:
            check_integer("linux_params.shared_memory_size", self.shared_memory_size, minimum=1)
        if self.max_swap is not None:
            check_integer("linux_params.max_swap", self.max_swap, minimum=0)
        if self.swappiness is not None:
            check_integer("linux_params.swappiness", self.swappiness, minimum=0, maximum=100)
            if self.max_swap is None:
                raise fail(
                    "linux_params.swappiness", "has no effect without max_swap; give max_swap too", self.swappiness
                )
        object.__setattr__(
            self, "devices", check_list("linux_params.devices", self.devices, Device, check=Device._check_at)
        )
        object.__setattr__(self, "tmpfs", check_list("linux_params.tmpfs", self.tmpfs, Tmpfs, check=Tmpfs._check_at))

    @property
    def ec2_only_settings(self) -> list[str]:
        """The settings given here that Fargate does not take."""
        names = [n for n in ("shared_memory_size", "max_swap", "swappiness") if getattr(self, n) is not None]
        return names + [n for n in ("devices", "tmpfs") if getattr(self, n)]

    def render(self) -> dict[str, Any]:
        rendered: dict[str, Any] = {}
        if self.init_process_enabled is not None:
            rendered["initProcessEnabled"] = self.init_process_enabled
        if self.shared_memory_size is not None:
            rendered["sharedMemorySize"] = self.shared_memory_size
        if self.max_swap is not None:
            rendered["maxSwap"] = self.max_swap
        if self.swappiness is not None:
            rendered["swappiness"] = self.swappiness
        if self.devices:
            rendered["devices"] = [device.render() for device in self.devices]
        if self.tmpfs:
            rendered["tmpfs"] = [mount.render() for mount in self.tmpfs]
        return rendered


@dataclass(frozen=True, kw_only=True, slots=True)
class Ulimit:
    """A ulimit for the container (EC2 only). Checked by the container, at its index."""

    name: UlimitName
    soft_limit: int
    hard_limit: int

    def _check_at(self, path: str) -> None:
        object.__setattr__(self, "name", check_choice(f"{path}.name", self.name, UlimitName))
        check_integer(f"{path}.soft_limit", self.soft_limit, minimum=0)
        check_integer(f"{path}.hard_limit", self.hard_limit, minimum=0)
        if (
            not is_unresolved(self.soft_limit)
            and not is_unresolved(self.hard_limit)
            and self.soft_limit > self.hard_limit
        ):
            raise fail(f"{path}.soft_limit", f"must not exceed hard_limit ({self.hard_limit})", self.soft_limit)

    def render(self) -> dict[str, Any]:
        return {"hardLimit": self.hard_limit, "name": self.name.value, "softLimit": self.soft_limit}


_ENVIRONMENT_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _set(model: Any, name: str, value: Any) -> None:
    """Store a checked (normalized) value on a frozen model."""
    object.__setattr__(model, name, value)


@dataclass(frozen=True, kw_only=True)
class _ContainerMembers:
    """The members of one container that the API's ``ContainerProperties`` (a single
    container) and ``TaskContainerProperties`` (a container of a multi-container task) share:
    declared, checked and rendered once for both."""

    image: ContainerImage
    command: Sequence[str] | None = None
    """Default: - the image's CMD. ``Ref::name`` placeholders take job parameters."""
    environment: Mapping[str, str] | None = None
    vcpus: float | None = None
    """EC2: whole vCPUs, at least 1. Fargate: 0.25, 0.5, 1, 2, 4, 8, 16 or 32."""
    memory_limit_mib: int | None = None
    """EC2: at least 4. Fargate: a size that fits the vCPUs."""
    gpu_count: int | None = None
    """GPUs reserved for the container (EC2 only)."""
    log_configuration: LogConfiguration | None = None
    mount_points: Sequence[MountPoint] = field(default_factory=tuple)
    linux_params: LinuxParameters | None = None
    privileged: bool | None = None
    read_only: bool | None = None
    """Read-only root filesystem."""
    ulimits: Sequence[Ulimit] = field(default_factory=tuple)
    user: str | None = None
    secrets: Mapping[str, Secret] | None = None
    """Environment variables whose values come from SSM or Secrets Manager at start."""

    def _check_container_members(self, path: str) -> None:
        set_ = partial(_set, self)
        if not isinstance(self.image, ContainerImage):
            raise fail(
                f"{path}.image",
                "must be a ContainerImage (ContainerImage.from_registry, EcrImage, ContainerImage.from_asset)",
                type(self.image).__name__,
            )
        if self.command is not None:
            set_("command", check_string_list(f"{path}.command", self.command, min_items=1))
        if self.environment is not None:
            set_("environment", _check_environment(f"{path}.environment", self.environment))
        if self.vcpus is not None:
            check_number(f"{path}.vcpus", self.vcpus, minimum=0.25)
        if self.memory_limit_mib is not None:
            check_integer(f"{path}.memory_limit_mib", self.memory_limit_mib, minimum=4)
        if self.gpu_count is not None:
            check_integer(f"{path}.gpu_count", self.gpu_count, minimum=1)
        if self.log_configuration is not None:
            check_type(f"{path}.log_configuration", self.log_configuration, LogConfiguration, "a LogConfiguration")
        set_(
            "mount_points",
            check_list(f"{path}.mount_points", self.mount_points, MountPoint, check=MountPoint._check_at),
        )
        set_("ulimits", check_list(f"{path}.ulimits", self.ulimits, Ulimit, check=Ulimit._check_at))
        limits = [ulimit.name for ulimit in self.ulimits]
        for index, limit in enumerate(limits):
            if limit in limits[:index]:
                raise fail(f"{path}.ulimits[{index}].name", "each ulimit name may appear once", limit)
        if self.linux_params is not None:
            check_type(f"{path}.linux_params", self.linux_params, LinuxParameters, "LinuxParameters")
        for name in ("privileged", "read_only"):
            if getattr(self, name) is not None:
                check_bool(f"{path}.{name}", getattr(self, name))
        if self.user is not None:
            check_string(f"{path}.user", self.user)
        if self.secrets is not None:
            set_("secrets", _check_secrets(f"{path}.secrets", self.secrets, self.environment or {}))

    @property
    def uses_secrets(self) -> bool:
        return bool(self.secrets) or bool(self.log_configuration and self.log_configuration.secret_options)


@dataclass(frozen=True, kw_only=True)
class _TaskMembers:
    """The members of the ECS task a job runs, which the API's ``ContainerProperties`` (one
    container, the task implied) and ``EcsTaskProperties`` (several containers) share."""

    job_role: RoleLike | None = None
    """The role the job's code runs as (``IamRole`` or ARN). Default: - none (created when
    ECS Exec is enabled)."""
    execution_role: RoleLike | None = None
    """The role ECS uses to start the containers: pull the images, read the secrets, write
    logs. Default: - created when needed (Fargate, secrets, private registries), allowed
    exactly what the containers need."""
    volumes: Sequence[Volume] = field(default_factory=tuple)
    assign_public_ip: bool | None = None
    """Fargate: give the task a public IP (needed in public subnets without NAT). Default: - no."""
    platform_version: FargatePlatformVersion | None = None
    """Fargate platform version. Default: - LATEST."""
    ephemeral_storage_size_gib: int | None = None
    """Fargate: task storage, 21-200 GiB. Default: - 20 GiB."""
    cpu_architecture: CpuArchitecture | None = None
    """Fargate: X86_64 or ARM64. Default: - X86_64."""
    operating_system_family: OperatingSystemFamily | None = None
    """Fargate: Linux or Windows Server. Default: - LINUX."""
    enable_execute_command: bool | None = None
    """ECS Exec into the running containers. The job role is allowed the SSM messages channel
    it needs (a job role is created if none is given)."""

    def _check_task_members(self, path: str) -> None:
        set_ = partial(_set, self)
        set_("volumes", check_list(f"{path}.volumes", self.volumes, Volume, check=Volume._check_at))
        names = [volume.name for volume in self.volumes]
        for index, name in enumerate(names):
            if name in names[:index]:
                raise fail(f"{path}.volumes[{index}].name", "must differ from the names of the other volumes", name)
        for name in ("assign_public_ip", "enable_execute_command"):
            if getattr(self, name) is not None:
                check_bool(f"{path}.{name}", getattr(self, name))
        if self.platform_version is not None:
            set_(
                "platform_version",
                check_choice(f"{path}.platform_version", self.platform_version, FargatePlatformVersion),
            )
        if self.ephemeral_storage_size_gib is not None:
            check_integer(
                f"{path}.ephemeral_storage_size_gib", self.ephemeral_storage_size_gib, minimum=21, maximum=200
            )
        self._check_platform_version(path)
        self._check_job_role(path)
        if self.cpu_architecture is not None:
            set_("cpu_architecture", check_choice(f"{path}.cpu_architecture", self.cpu_architecture, CpuArchitecture))
        if self.operating_system_family is not None:
            set_(
                "operating_system_family",
                check_choice(f"{path}.operating_system_family", self.operating_system_family, OperatingSystemFamily),
            )
        if self.is_windows and self.cpu_architecture is CpuArchitecture.ARM64:
            raise fail(f"{path}.cpu_architecture", "must be X86_64 for Windows", self.cpu_architecture)
        if self.is_windows:
            for index, volume in enumerate(self.volumes):
                if volume.efs_volume_configuration is not None:
                    raise fail(
                        f"{path}.volumes[{index}].efs_volume_configuration",
                        "is not supported on Windows",
                        volume.name,
                    )

    def _check_platform_version(self, path: str) -> None:
        """AWS: EFS volumes and ephemeral storage need Fargate platform version 1.4.0 or later."""
        if self.platform_version is not FargatePlatformVersion.VERSION1_3:
            return
        needs = "needs Fargate platform version 1.4.0 or later (platform_version is 1.3.0)"
        for index, volume in enumerate(self.volumes):
            if volume.efs_volume_configuration is not None:
                raise fail(f"{path}.volumes[{index}].efs_volume_configuration", needs, volume.name)
        if self.ephemeral_storage_size_gib is not None:
            raise fail(f"{path}.ephemeral_storage_size_gib", needs, self.ephemeral_storage_size_gib)

    def _check_job_role(self, path: str) -> None:
        """EFS IAM authorization mounts as the job role: the API requires one with it (ECS
        Exec gets a created role instead; see ``JobDefinition``)."""
        if self.job_role is not None:
            return
        for index, volume in enumerate(self.volumes):
            efs = volume.efs_volume_configuration
            if efs is not None and efs.authorization_config is not None and efs.authorization_config.iam is True:
                raise fail(
                    f"{path}.volumes[{index}].efs_volume_configuration.authorization_config.iam",
                    "needs a job_role: EFS IAM authorization mounts as the job role",
                    True,
                )

    @property
    def is_windows(self) -> bool:
        return self.operating_system_family not in (None, OperatingSystemFamily.LINUX) and not is_unresolved(
            self.operating_system_family
        )

    @property
    def fargate_settings(self) -> dict[str, Any]:
        """The Fargate-only settings given (name: value)."""
        names = (
            "assign_public_ip",
            "platform_version",
            "ephemeral_storage_size_gib",
            "cpu_architecture",
            "operating_system_family",
        )
        return {name: getattr(self, name) for name in names if getattr(self, name) is not None}


@dataclass(frozen=True, kw_only=True, slots=True)
class JobDefinitionContainer(_ContainerMembers, _TaskMembers):
    """The container a job runs (the API's ``ContainerProperties``: one container, and the
    ECS task it runs in). For several containers in one task, see ``EcsProperties``.

    Defaults (AWS CDK v1's): 1 vCPU and 4 MiB on EC2; 0.25 vCPU and 512 MiB on Fargate.

    Raises:
        ValidationError: an argument of the wrong type or out of range (paths ``container.<argument>``:
            ``vcpus``, ``memory_limit_mib``, ``gpu_count``, ...); environment names starting with
            ``AWS_BATCH``; two volumes of one name, or a mount point naming none of them; a ulimit name twice
            or a soft limit above its hard limit; ``instance_type`` that is not an EC2 instance type; settings
            a Windows container cannot take. What depends on the job (Fargate's vCPU/memory pairs, EFS needing
            platform 1.4.0) is checked by ``JobDefinition``.
    """

    instance_type: str | None = None
    """For multi-node ranges: the instance type of the nodes."""

    def __post_init__(self) -> None:
        self._check_container_members("container")
        self._check_task_members("container")
        check_mount_points("container", self.mount_points, self.volumes, owner="container")
        if self.instance_type is not None:
            check_string(
                "container.instance_type",
                self.instance_type,
                pattern=INSTANCE_TYPE,
                rule="must be an EC2 instance type such as c5.large",
            )
        if self.is_windows:
            check_windows_container("container", self)


INSTANCE_TYPE = re.compile(r"[a-z][a-z0-9-]*\.[a-z0-9]+")


def check_mount_points(path: str, mounts: Sequence[MountPoint], volumes: Sequence[Volume], *, owner: str) -> None:
    """Each mount point names a volume of the container (or of its task)."""
    names = [volume.name for volume in volumes]
    for index, mount in enumerate(mounts):
        if not is_unresolved(mount.source_volume) and mount.source_volume not in names:
            raise fail(
                f"{path}.mount_points[{index}].source_volume",
                f"must name one of the {owner}'s volumes ({', '.join(names) or 'none given'})",
                mount.source_volume,
            )


def check_windows_container(path: str, container: _ContainerMembers) -> None:
    """What Windows containers cannot have (the API's TaskContainerProperties)."""
    for name in ("linux_params", "privileged", "user", "read_only"):
        if getattr(container, name) is not None:
            raise fail(f"{path}.{name}", "is not supported on Windows", getattr(container, name))
    if container.ulimits:
        raise fail(f"{path}.ulimits", "are not supported on Windows", list(container.ulimits))


def _check_environment(argument: str, environment: Any) -> dict[str, str]:
    if not isinstance(environment, Mapping):
        raise fail(argument, "must be a mapping of names to strings", environment)
    for name, value in environment.items():
        check_string(
            argument,
            name,
            pattern=_ENVIRONMENT_NAME,
            rule="names must be letters, digits and _, not starting with a digit",
        )
        check_environment_name(argument, name)
        check_string(f"{argument}[{name!r}]", value, rule="must be a non-empty string (Batch drops empty values)")
    return dict(environment)


def _check_secrets(argument: str, secrets: Any, environment: Mapping[str, str]) -> dict[str, Secret]:
    if not isinstance(secrets, Mapping):
        raise fail(argument, "must be a mapping of names to Secret", secrets)
    for name, secret in secrets.items():
        check_string(
            argument,
            name,
            pattern=_ENVIRONMENT_NAME,
            rule="names must be letters, digits and _, not starting with a digit",
        )
        if not isinstance(secret, Secret):
            raise fail(
                f"{argument}[{name!r}]",
                "must be a Secret (Secret.from_ssm_parameter or Secret.from_secrets_manager); plain values belong in environment",
                type(secret).__name__,
            )
        if name in environment:
            raise fail(f"{argument}[{name!r}]", "is also in environment; give it once", name)
    return dict(secrets)


def check_container_placement(argument: str, container: _ContainerMembers, *, fargate: bool) -> None:
    """The rules of one container's own members that depend on where its task runs."""
    if fargate:
        ec2_only = [n for n in ("gpu_count", "privileged") if getattr(container, n) is not None]
        if container.ulimits:
            ec2_only.append("ulimits")
        if container.linux_params is not None:
            ec2_only += [f"linux_params.{n}" for n in container.linux_params.ec2_only_settings]
        if ec2_only:
            value: Any = container
            for part in ec2_only[0].split("."):  # the setting itself, not all of linux_params
                value = getattr(value, part)
            raise fail(f"{argument}.{ec2_only[0]}", "is not supported on Fargate (EC2 only)", value)
        if (
            container.log_configuration is not None
            and container.log_configuration.log_driver not in FARGATE_LOG_DRIVERS
        ):
            raise fail(
                f"{argument}.log_configuration.log_driver",
                "must be awslogs, splunk or awsfirelens on Fargate",
                container.log_configuration.log_driver,
            )
    elif container.vcpus is not None and not is_unresolved(container.vcpus):
        check_integer(f"{argument}.vcpus", container.vcpus, minimum=1)


def check_task_placement(argument: str, task: _TaskMembers, *, fargate: bool) -> None:
    """The rules of the task's members that depend on where it runs."""
    if fargate:
        for index, volume in enumerate(task.volumes):
            if volume.host is not None and volume.host.source_path is not None:
                raise fail(
                    f"{argument}.volumes[{index}].host",
                    "host paths are not supported on Fargate",
                    volume.host.source_path,
                )
        return
    fargate_only = task.fargate_settings
    if fargate_only:
        name, value = next(iter(fargate_only.items()))
        raise fail(f"{argument}.{name}", "applies to Fargate only (platform_capabilities=[FARGATE])", value)


def check_fargate_size(argument: str, vcpus: Any, memory: Any, *, vcpus_argument: str, memory_argument: str) -> None:
    """A Fargate task size: ``vcpus`` one of Fargate's sizes, ``memory`` one that fits it."""
    if is_unresolved(vcpus) or vcpus is None:
        return
    if float(vcpus) not in FARGATE_MEMORY:
        raise fail(f"{argument}.{vcpus_argument}", "must be 0.25, 0.5, 1, 2, 4, 8, 16 or 32 on Fargate", vcpus)
    if memory is None or is_unresolved(memory):
        return
    sizes = FARGATE_MEMORY[float(vcpus)]
    if memory not in sizes:
        raise fail(f"{argument}.{memory_argument}", f"with {vcpus} vCPU Fargate takes {_sizes(sizes)}", memory)


def _sizes(sizes: Sequence[int]) -> str:
    """``4096-16384 MiB in steps of 1024``, or the sizes one by one where the steps differ."""
    steps = {b - a for a, b in itertools.pairwise(sizes)}
    if len(steps) == 1 and len(sizes) > 3:
        return f"{sizes[0]}-{sizes[-1]} MiB in steps of {steps.pop()}"
    return ", ".join(str(size) for size in sizes[:-1]) + f" or {sizes[-1]} MiB"


def check_container(argument: str, container: JobDefinitionContainer, *, fargate: bool) -> None:
    """The rules of a single container that depend on where it runs."""
    check_container_placement(argument, container, fargate=fargate)
    check_task_placement(argument, container, fargate=fargate)
    if fargate:
        if container.instance_type is not None:
            raise fail(f"{argument}.instance_type", "is not supported on Fargate (EC2 only)", container.instance_type)
        cpu = 0.25 if container.vcpus is None else container.vcpus
        check_fargate_size(
            argument, cpu, container.memory_limit_mib, vcpus_argument="vcpus", memory_argument="memory_limit_mib"
        )


def needs_execution_role(
    containers: Sequence[_ContainerMembers], images: Sequence[ImageConfig], *, fargate: bool
) -> bool:
    """Whether ECS needs an execution role to start these containers (one task): Fargate
    always does (to pull and to log); on EC2 the instance role pulls and logs, so only
    secrets and private registry credentials need one."""
    return (
        fargate
        or any(container.uses_secrets for container in containers)
        or any(image.credentials is not None for image in images)
    )
