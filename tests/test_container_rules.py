"""Every rule of a job definition's container (cdktf_batch/job_definition/container.py), with its
exact message: the argument's path, what is allowed and the value given; and beside the refused
values, the closest ones accepted. tests/test_validation.py checks the same rules by their
words across the whole API; this table pins the container's wording and values."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import cdktf_batch as batch
from tests.conftest import new_stack
from tests.engine import TerraformStack, TerraformVariable

IMAGE = batch.ContainerImage.from_registry("busybox")
EFS = "fs-12345678"
ROLE = "arn:aws:iam::123456789012:role/job"
PARAMETER = "arn:aws:ssm:us-east-1:123456789012:parameter/a"
FARGATE = [batch.PlatformCapabilities.FARGATE]
WINDOWS = batch.OperatingSystemFamily.WINDOWS_SERVER_2022_CORE
NOFILE = batch.UlimitName.NOFILE


def C(**kwargs: Any) -> batch.JobDefinitionContainer:  # noqa: N802 - reads like the class it builds
    kwargs.setdefault("image", IMAGE)
    return batch.JobDefinitionContainer(**kwargs)


def ec2(**kwargs: Any) -> Callable[[TerraformStack], Any]:
    return lambda stack: batch.JobDefinition(stack, "J", container=C(**kwargs))


def fargate(**kwargs: Any) -> Callable[[TerraformStack], Any]:
    return lambda stack: batch.JobDefinition(stack, "J", container=C(**kwargs), platform_capabilities=FARGATE)


def efs(**kwargs: Any) -> batch.Volume:
    kwargs.setdefault("file_system_id", EFS)
    return batch.Volume(name="v", efs_volume_configuration=batch.EfsVolumeConfiguration(**kwargs))


def linux(**kwargs: Any) -> Callable[[TerraformStack], Any]:
    return lambda stack: batch.LinuxParameters(**kwargs)


def built(make: Callable[[], Any]) -> Callable[[TerraformStack], Any]:
    return lambda stack: make()


VOLUME = "container.volumes[0]"
EFS_PATH = f"{VOLUME}.efs_volume_configuration"
AUTH = batch.AuthorizationConfig
ANY = object()  # a value not compared (no equality of its own)
SHM = batch.LinuxParameters(shared_memory_size=64)
ULIMIT = batch.Ulimit(name=NOFILE, soft_limit=1, hard_limit=1)

# fmt: off
REFUSED: list[tuple[str, Callable[[TerraformStack], Any], str, str, Any]] = [
    # (case id, what to build, argument, what is allowed, value given)
    ("image", built(lambda: C(image="busybox")), "container.image", "must be a ContainerImage (ContainerImage.from_registry, EcrImage, ContainerImage.from_asset)", "str"),
    ("command-empty", built(lambda: C(command=[])), "container.command", "must have at least 1 item(s)", []),
    ("environment-type", built(lambda: C(environment=["A"])), "container.environment", "must be a mapping of names to strings", ["A"]),
    ("environment-name", built(lambda: C(environment={"1A": "x"})), "container.environment", "names must be letters, digits and _, not starting with a digit", "1A"),
    ("environment-reserved", built(lambda: C(environment={"AWS_BATCH_X": "x"})), "container.environment['AWS_BATCH_X']", "names starting with AWS_BATCH are reserved by AWS Batch", "AWS_BATCH_X"),
    ("environment-empty", built(lambda: C(environment={"A": ""})), "container.environment['A']", "must be a non-empty string (Batch drops empty values)", ""),
    ("vcpus", built(lambda: C(vcpus=0.24)), "container.vcpus", "must be a number of at least 0.25", 0.24),
    ("memory", built(lambda: C(memory_limit_mib=3)), "container.memory_limit_mib", "must be an integer of at least 4", 3),
    ("gpu", built(lambda: C(gpu_count=0)), "container.gpu_count", "must be an integer of at least 1", 0),
    ("log-configuration", built(lambda: C(log_configuration="awslogs")), "container.log_configuration", "must be a LogConfiguration", "awslogs"),
    ("mount-points-type", built(lambda: C(mount_points=[1])), "container.mount_points[0]", "must be a MountPoint", 1),
    ("mount-container-path", built(lambda: C(mount_points=[batch.MountPoint(container_path=1, source_volume="v")])), "container.mount_points[0].container_path", "must be a string", 1),  # type: ignore[arg-type]
    ("mount-source-volume", built(lambda: C(mount_points=[batch.MountPoint(container_path="/d", source_volume="")])), "container.mount_points[0].source_volume", "must not be empty", ""),
    ("mount-read-only", built(lambda: C(mount_points=[batch.MountPoint(container_path="/d", source_volume="v", read_only="yes")])), "container.mount_points[0].read_only", "must be True or False", "yes"),  # type: ignore[arg-type]
    ("mount-unknown-volume", built(lambda: C(volumes=[batch.Volume(name="a"), batch.Volume(name="b")], mount_points=[batch.MountPoint(container_path="/d", source_volume="a"), batch.MountPoint(container_path="/e", source_volume="c")])), "container.mount_points[1].source_volume", "must name one of the container's volumes (a, b)", "c"),
    ("mount-no-volume", built(lambda: C(mount_points=[batch.MountPoint(container_path="/d", source_volume="a")])), "container.mount_points[0].source_volume", "must name one of the container's volumes (none given)", "a"),
    ("volumes-type", built(lambda: C(volumes=["v"])), "container.volumes[0]", "must be a Volume", "v"),
    ("volume-name", built(lambda: C(volumes=[batch.Volume(name="a" * 256)])), "container.volumes[0].name", "must be 1-255 letters, digits, hyphens or underscores", "a" * 256),
    ("volume-duplicate", built(lambda: C(volumes=[batch.Volume(name="a"), batch.Volume(name="b"), batch.Volume(name="a")])), "container.volumes[2].name", "must differ from the names of the other volumes", "a"),
    ("volume-both", built(lambda: C(volumes=[batch.Volume(name="v", host=batch.Host(), efs_volume_configuration=batch.EfsVolumeConfiguration(file_system_id=EFS))])), f"{EFS_PATH}", "give host or efs_volume_configuration, not both", "v"),
    ("volume-host-type", built(lambda: C(volumes=[batch.Volume(name="v", host="/data")])), f"{VOLUME}.host", "must be a Host", "/data"),  # type: ignore[arg-type]
    ("host-source-path", built(lambda: C(volumes=[batch.Volume(name="v", host=batch.Host(source_path=""))])), f"{VOLUME}.host.source_path", "must not be empty", ""),
    ("volume-efs-type", built(lambda: C(volumes=[batch.Volume(name="v", efs_volume_configuration=EFS)])), EFS_PATH, "must be an EfsVolumeConfiguration", EFS),  # type: ignore[arg-type]
    ("efs-id", built(lambda: C(volumes=[efs(file_system_id="fs-1234567")])), f"{EFS_PATH}.file_system_id", "must be an EFS file system id such as fs-0123456789abcdef0", "fs-1234567"),
    ("efs-root-directory", built(lambda: C(volumes=[efs(root_directory="/" * 4097)])), f"{EFS_PATH}.root_directory", "must have at most 4096 characters", "/" * 4097),
    ("efs-transit-encryption", built(lambda: C(volumes=[efs(transit_encryption="yes")])), f"{EFS_PATH}.transit_encryption", "must be True or False", "yes"),
    ("efs-port-range", built(lambda: C(volumes=[efs(transit_encryption=True, transit_encryption_port=65536)])), f"{EFS_PATH}.transit_encryption_port", "must be an integer from 1 to 65535", 65536),
    ("efs-port-without-tls", built(lambda: C(volumes=[efs(transit_encryption=False, transit_encryption_port=2049)])), f"{EFS_PATH}.transit_encryption_port", "needs transit_encryption=True", 2049),
    ("efs-authorization-type", built(lambda: C(volumes=[efs(authorization_config={"iam": True})])), f"{EFS_PATH}.authorization_config", "must be an AuthorizationConfig", "dict"),
    ("efs-access-point-id", built(lambda: C(volumes=[efs(transit_encryption=True, authorization_config=AUTH(access_point_id="fsap-1234567"))])), f"{EFS_PATH}.authorization_config.access_point_id", "must be an EFS access point id such as fsap-0123456789abcdef0", "fsap-1234567"),
    ("efs-iam-type", built(lambda: C(volumes=[efs(transit_encryption=True, authorization_config=AUTH(iam="yes"))])), f"{EFS_PATH}.authorization_config.iam", "must be True or False", "yes"),  # type: ignore[arg-type]
    ("efs-access-point-without-tls", built(lambda: C(volumes=[efs(transit_encryption=False, authorization_config=AUTH(access_point_id="fsap-12345678"))])), f"{EFS_PATH}.transit_encryption", "must be True with an access point or IAM authorization", False),
    ("efs-iam-without-tls", built(lambda: C(job_role=ROLE, volumes=[efs(authorization_config=AUTH(iam=True))])), f"{EFS_PATH}.transit_encryption", "must be True with an access point or IAM authorization", None),
    ("efs-access-point-root", built(lambda: C(volumes=[efs(root_directory="/data", transit_encryption=True, authorization_config=AUTH(access_point_id="fsap-12345678"))])), f"{EFS_PATH}.root_directory", "must be omitted or '/' with an access point (the access point sets the directory)", "/data"),
    ("ulimits-type", built(lambda: C(ulimits=[{"name": "nofile"}])), "container.ulimits[0]", "must be a Ulimit", "dict"),
    ("ulimit-name", built(lambda: C(ulimits=[batch.Ulimit(name="files", soft_limit=1, hard_limit=1)])), "container.ulimits[0].name", "must be one of core, cpu, data, fsize, locks, memlock, msgqueue, nice, nofile, nproc, rss, rtprio, rttime, sigpending, stack", "files"),  # type: ignore[arg-type]
    ("ulimit-soft", built(lambda: C(ulimits=[batch.Ulimit(name=NOFILE, soft_limit=-1, hard_limit=1)])), "container.ulimits[0].soft_limit", "must be an integer of at least 0", -1),
    ("ulimit-hard", built(lambda: C(ulimits=[batch.Ulimit(name=NOFILE, soft_limit=0, hard_limit=-1)])), "container.ulimits[0].hard_limit", "must be an integer of at least 0", -1),
    ("ulimit-soft-over-hard", built(lambda: C(ulimits=[batch.Ulimit(name=NOFILE, soft_limit=8, hard_limit=7)])), "container.ulimits[0].soft_limit", "must not exceed hard_limit (7)", 8),
    ("ulimit-duplicate", built(lambda: C(ulimits=[batch.Ulimit(name="core", soft_limit=1, hard_limit=1), batch.Ulimit(name=NOFILE, soft_limit=1, hard_limit=1), batch.Ulimit(name="nofile", soft_limit=2, hard_limit=2)])), "container.ulimits[2].name", "each ulimit name may appear once", NOFILE),
    ("linux-params-type", built(lambda: C(linux_params={"max_swap": 0})), "container.linux_params", "must be LinuxParameters", "dict"),
    ("privileged", built(lambda: C(privileged="yes")), "container.privileged", "must be True or False", "yes"),
    ("read-only", built(lambda: C(read_only=1)), "container.read_only", "must be True or False", 1),
    ("assign-public-ip", built(lambda: C(assign_public_ip="ENABLED")), "container.assign_public_ip", "must be True or False", "ENABLED"),
    ("enable-execute-command", built(lambda: C(enable_execute_command="yes")), "container.enable_execute_command", "must be True or False", "yes"),
    ("user", built(lambda: C(user="")), "container.user", "must not be empty", ""),
    ("instance-type", built(lambda: C(instance_type="C5.large")), "container.instance_type", "must be an EC2 instance type such as c5.large", "C5.large"),
    ("secrets-type", built(lambda: C(secrets=[batch.Secret.from_ssm_parameter(PARAMETER)])), "container.secrets", "must be a mapping of names to Secret", ANY),
    ("secrets-list", built(lambda: C(secrets=["TOKEN"])), "container.secrets", "must be a mapping of names to Secret", ["TOKEN"]),  # type: ignore[arg-type]
    ("secret-name", built(lambda: C(secrets={"A-B": batch.Secret.from_ssm_parameter(PARAMETER)})), "container.secrets", "names must be letters, digits and _, not starting with a digit", "A-B"),
    ("secret-plain", built(lambda: C(secrets={"A": "value"})), "container.secrets['A']", "must be a Secret (Secret.from_ssm_parameter or Secret.from_secrets_manager); plain values belong in environment", "str"),
    ("secret-also-environment", built(lambda: C(environment={"B": "1", "A": "2"}, secrets={"A": batch.Secret.from_ssm_parameter(PARAMETER)})), "container.secrets['A']", "is also in environment; give it once", "A"),
    ("platform-version", built(lambda: C(platform_version="1.2.0")), "container.platform_version", "must be one of 1.3.0, 1.4.0, LATEST", "1.2.0"),
    ("ephemeral-small", built(lambda: C(ephemeral_storage_size_gib=20)), "container.ephemeral_storage_size_gib", "must be an integer from 21 to 200", 20),
    ("ephemeral-large", built(lambda: C(ephemeral_storage_size_gib=201)), "container.ephemeral_storage_size_gib", "must be an integer from 21 to 200", 201),
    ("cpu-architecture", built(lambda: C(cpu_architecture="X86")), "container.cpu_architecture", "must be one of ARM64, X86_64", "X86"),
    ("operating-system-family", built(lambda: C(operating_system_family="WINDOWS")), "container.operating_system_family", "must be one of LINUX, WINDOWS_SERVER_2019_CORE, WINDOWS_SERVER_2019_FULL, WINDOWS_SERVER_2022_CORE, WINDOWS_SERVER_2022_FULL", "WINDOWS"),
    ("windows-arm", built(lambda: C(operating_system_family=WINDOWS, cpu_architecture="ARM64")), "container.cpu_architecture", "must be X86_64 for Windows", batch.CpuArchitecture.ARM64),
    ("windows-linux-params", built(lambda: C(operating_system_family=WINDOWS, linux_params=batch.LinuxParameters())), "container.linux_params", "is not supported on Windows", batch.LinuxParameters()),
    ("windows-privileged", built(lambda: C(operating_system_family=WINDOWS, privileged=False)), "container.privileged", "is not supported on Windows", False),
    ("windows-user", built(lambda: C(operating_system_family="WINDOWS_SERVER_2019_FULL", user="app")), "container.user", "is not supported on Windows", "app"),
    ("windows-read-only", built(lambda: C(operating_system_family=WINDOWS, read_only=True)), "container.read_only", "is not supported on Windows", True),
    ("windows-ulimits", built(lambda: C(operating_system_family=WINDOWS, ulimits=[ULIMIT])), "container.ulimits", "are not supported on Windows", [ULIMIT]),
    ("platform-1.3-efs", built(lambda: C(platform_version="1.3.0", volumes=[batch.Volume(name="a"), efs()])), "container.volumes[1].efs_volume_configuration", "needs Fargate platform version 1.4.0 or later (platform_version is 1.3.0)", "v"),
    ("platform-1.3-ephemeral", built(lambda: C(platform_version="1.3.0", ephemeral_storage_size_gib=21)), "container.ephemeral_storage_size_gib", "needs Fargate platform version 1.4.0 or later (platform_version is 1.3.0)", 21),
    ("efs-iam-without-job-role", built(lambda: C(volumes=[batch.Volume(name="a"), efs(transit_encryption=True, authorization_config=AUTH(iam=True))])), "container.volumes[1].efs_volume_configuration.authorization_config.iam", "needs a job_role: EFS IAM authorization mounts as the job role", True),
    # LinuxParameters checks itself when built; its items at their index.
    ("init-process", linux(init_process_enabled="yes"), "linux_params.init_process_enabled", "must be True or False", "yes"),
    ("shared-memory", linux(shared_memory_size=0), "linux_params.shared_memory_size", "must be an integer of at least 1", 0),
    ("max-swap", linux(max_swap=-1), "linux_params.max_swap", "must be an integer of at least 0", -1),
    ("swappiness-range", linux(max_swap=0, swappiness=-1), "linux_params.swappiness", "must be an integer from 0 to 100", -1),
    ("swappiness-alone", linux(swappiness=10), "linux_params.swappiness", "has no effect without max_swap; give max_swap too", 10),
    ("devices-type", linux(devices=["/dev/x"]), "linux_params.devices[0]", "must be a Device", "/dev/x"),
    ("device-host-path", linux(devices=[batch.Device(host_path="/dev/a"), batch.Device(host_path="")]), "linux_params.devices[1].host_path", "must not be empty", ""),
    ("device-container-path", linux(devices=[batch.Device(host_path="/dev/a", container_path="")]), "linux_params.devices[0].container_path", "must not be empty", ""),
    ("device-permissions-type", linux(devices=[batch.Device(host_path="/dev/a", permissions="READ")]), "linux_params.devices[0].permissions", "must be a list of DevicePermission", "READ"),  # type: ignore[arg-type]
    ("device-permission", linux(devices=[batch.Device(host_path="/dev/a", permissions=["READ", "EXECUTE"])]), "linux_params.devices[0].permissions[1]", "must be one of MKNOD, READ, WRITE", "EXECUTE"),  # type: ignore[list-item]
    ("tmpfs-type", linux(tmpfs=["/t"]), "linux_params.tmpfs[0]", "must be a Tmpfs", "/t"),
    ("tmpfs-path", linux(tmpfs=[batch.Tmpfs(container_path="", size=1)]), "linux_params.tmpfs[0].container_path", "must not be empty", ""),
    ("tmpfs-size", linux(tmpfs=[batch.Tmpfs(container_path="/t", size=0)]), "linux_params.tmpfs[0].size", "must be an integer of at least 1", 0),
    ("tmpfs-options-type", linux(tmpfs=[batch.Tmpfs(container_path="/t", size=1, mount_options="noexec")]), "linux_params.tmpfs[0].mount_options", "must be a list of mount option", "noexec"),
    ("tmpfs-option", linux(tmpfs=[batch.Tmpfs(container_path="/t", size=1, mount_options=["mode=1777", "modex"])]), "linux_params.tmpfs[0].mount_options[1]", "must be a tmpfs mount option such as noexec or mode=1777", "modex"),
    ("tmpfs-option-empty-value", linux(tmpfs=[batch.Tmpfs(container_path="/t", size=1, mount_options=["mode="])]), "linux_params.tmpfs[0].mount_options[0]", "must be a tmpfs mount option such as noexec or mode=1777", "mode="),
    # Where the container runs: Fargate.
    ("fargate-gpu", fargate(gpu_count=1, privileged=True), "container.gpu_count", "is not supported on Fargate (EC2 only)", 1),
    ("fargate-gpu-before-linux-params", fargate(gpu_count=1, linux_params=SHM), "container.gpu_count", "is not supported on Fargate (EC2 only)", 1),
    ("fargate-privileged", fargate(privileged=False), "container.privileged", "is not supported on Fargate (EC2 only)", False),
    ("fargate-instance-type", fargate(instance_type="c5.large"), "container.instance_type", "is not supported on Fargate (EC2 only)", "c5.large"),
    ("fargate-ulimits", fargate(ulimits=[ULIMIT]), "container.ulimits", "is not supported on Fargate (EC2 only)", (ULIMIT,)),
    ("fargate-shared-memory", fargate(linux_params=SHM), "container.linux_params.shared_memory_size", "is not supported on Fargate (EC2 only)", SHM.shared_memory_size),
    ("fargate-max-swap", fargate(linux_params=batch.LinuxParameters(max_swap=0)), "container.linux_params.max_swap", "is not supported on Fargate (EC2 only)", 0),
    ("fargate-tmpfs", fargate(linux_params=batch.LinuxParameters(tmpfs=[batch.Tmpfs(container_path="/t", size=1)])), "container.linux_params.tmpfs", "is not supported on Fargate (EC2 only)", (batch.Tmpfs(container_path="/t", size=1),)),
    ("fargate-host-path", fargate(volumes=[batch.Volume(name="a"), batch.Volume(name="b", host=batch.Host(source_path="/data"))]), "container.volumes[1].host", "host paths are not supported on Fargate", "/data"),
    ("fargate-log-driver", fargate(log_configuration=batch.LogConfiguration(log_driver="json-file")), "container.log_configuration.log_driver", "must be awslogs, splunk or awsfirelens on Fargate", batch.LogDriver.JSON_FILE),
    ("fargate-vcpus", fargate(vcpus=0.75), "container.vcpus", "must be 0.25, 0.5, 1, 2, 4, 8, 16 or 32 on Fargate", 0.75),
    ("fargate-memory", fargate(vcpus=8, memory_limit_mib=20000), "container.memory_limit_mib", "with 8 vCPU Fargate takes 16384-61440 MiB in steps of 4096", 20000),
    ("fargate-default-vcpus-memory", fargate(memory_limit_mib=1536), "container.memory_limit_mib", "with 0.25 vCPU Fargate takes 512, 1024 or 2048 MiB", 1536),
    # EC2.
    ("ec2-public-ip", ec2(assign_public_ip=False), "container.assign_public_ip", "applies to Fargate only (platform_capabilities=[FARGATE])", False),
    ("ec2-platform-version", ec2(platform_version="LATEST"), "container.platform_version", "applies to Fargate only (platform_capabilities=[FARGATE])", batch.FargatePlatformVersion.LATEST),
    ("ec2-ephemeral", ec2(ephemeral_storage_size_gib=21), "container.ephemeral_storage_size_gib", "applies to Fargate only (platform_capabilities=[FARGATE])", 21),
    ("ec2-cpu-architecture", ec2(cpu_architecture="X86_64"), "container.cpu_architecture", "applies to Fargate only (platform_capabilities=[FARGATE])", batch.CpuArchitecture.X86_64),
    ("ec2-os-family", ec2(operating_system_family="LINUX"), "container.operating_system_family", "applies to Fargate only (platform_capabilities=[FARGATE])", batch.OperatingSystemFamily.LINUX),
    ("ec2-vcpus-fraction", ec2(vcpus=1.5), "container.vcpus", "must be an integer of at least 1", 1.5),
    ("ec2-vcpus-quarter", ec2(vcpus=0.25), "container.vcpus", "must be an integer of at least 1", 0.25),
]

ACCEPTED: list[tuple[str, Callable[[TerraformStack], Any]]] = [
    ("vcpus-quarter", built(lambda: C(vcpus=0.25))),
    ("memory-4", built(lambda: C(memory_limit_mib=4))),
    ("mount-token-source-volume", lambda stack: C(volumes=[batch.Volume(name="a")], mount_points=[batch.MountPoint(container_path="/d", source_volume=TerraformVariable(stack, "volume", type="string").string_value)])),
    ("volume-name-every-kind-of-character", built(lambda: C(volumes=[batch.Volume(name="Scratch_Data-1")]))),
    ("gpu-1", ec2(gpu_count=1)),
    ("ephemeral-21-200", lambda stack: (fargate(ephemeral_storage_size_gib=21)(stack), batch.JobDefinition(stack, "K", container=C(ephemeral_storage_size_gib=200), platform_capabilities=FARGATE))),
    ("efs-root-4096", built(lambda: C(volumes=[efs(root_directory="/" * 4096)]))),
    ("efs-access-point-root-slash", built(lambda: C(volumes=[efs(root_directory="/", transit_encryption=True, authorization_config=AUTH(access_point_id="fsap-12345678"))]))),
    ("efs-iam-off-without-tls", built(lambda: C(volumes=[efs(authorization_config=AUTH(iam=False))]))),
    ("efs-port-with-tls-unset", built(lambda: C(volumes=[efs(transit_encryption_port=2049)]))),
    ("ulimit-zero", built(lambda: C(ulimits=[batch.Ulimit(name=NOFILE, soft_limit=0, hard_limit=0)]))),
    ("shared-memory-1", linux(shared_memory_size=1)),
    ("linux-on-windows-none", built(lambda: C(operating_system_family=WINDOWS, cpu_architecture="X86_64"))),
    ("linux-family-arm", built(lambda: C(operating_system_family="LINUX", cpu_architecture="ARM64", user="app", read_only=True))),
    ("platform-1.4-efs", built(lambda: C(platform_version="1.4.0", ephemeral_storage_size_gib=21, volumes=[efs()]))),
    ("fargate-init-process", fargate(linux_params=batch.LinuxParameters(init_process_enabled=True))),
    ("fargate-host-without-path", fargate(volumes=[batch.Volume(name="v", host=batch.Host())])),
    ("fargate-splunk", fargate(log_configuration=batch.LogConfiguration(log_driver="splunk"))),
    ("fargate-firelens", fargate(log_configuration=batch.LogConfiguration(log_driver="awsfirelens"))),
    ("fargate-16-vcpus-highest", fargate(vcpus=16, memory_limit_mib=122880)),
    ("fargate-default-vcpus-2048", fargate(memory_limit_mib=2048)),
    ("ec2-vcpus-whole-float", ec2(vcpus=2.0)),
    ("tmpfs-option-value", linux(tmpfs=[batch.Tmpfs(container_path="/t", size=1, mount_options=[batch.TmpfsMountOption.NOEXEC, "mode=1777", "nr_inodes=10"])])),
]
# fmt: on


@pytest.mark.parametrize(
    ("build", "argument", "allowed", "value"), [case[1:] for case in REFUSED], ids=[case[0] for case in REFUSED]
)
def test_refused(build: Callable[[TerraformStack], Any], argument: str, allowed: str, value: Any) -> None:
    with pytest.raises(batch.ValidationError) as caught:
        build(new_stack())
    error = caught.value
    assert (error.argument, error.allowed) == (argument, allowed)
    if value is not ANY:
        assert error.value == value
    assert str(error).startswith(f"{argument}: {allowed}, got ")


@pytest.mark.parametrize("build", [case[1] for case in ACCEPTED], ids=[case[0] for case in ACCEPTED])
def test_accepted(build: Callable[[TerraformStack], Any]) -> None:
    build(new_stack())


def test_tmpfs_mount_options_are_kept_as_the_apis_strings() -> None:
    """An option given as a TmpfsMountOption is kept as its string: the model and messages show the API's words."""
    tmpfs = batch.Tmpfs(container_path="/run", size=64, mount_options=[batch.TmpfsMountOption.NOEXEC, "mode=1777"])
    with pytest.raises(batch.ValidationError) as caught:
        fargate(linux_params=batch.LinuxParameters(tmpfs=[tmpfs]))(new_stack())
    assert str(caught.value) == (
        "container.linux_params.tmpfs: is not supported on Fargate (EC2 only),"
        " got (Tmpfs(container_path='/run', size=64, mount_options=('noexec', 'mode=1777')),)"
    )


def test_checked_members_are_kept_as_checked() -> None:
    """A container keeps the members it checked, normalized: lists as tuples, mappings as its own
    copies (what the caller changes in its dict later does not reach the job), choices as members."""
    environment = {"A": "1"}
    secret = batch.Secret.from_ssm_parameter(PARAMETER)
    secrets = {"S": secret}
    mount = batch.MountPoint(container_path="/d", source_volume="v")
    volume = batch.Volume(name="v")
    container = C(
        command=["echo", "hi"],
        environment=environment,
        secrets=secrets,
        mount_points=[mount],
        volumes=[volume],
        operating_system_family="LINUX",
    )
    environment["B"] = "2"
    secrets["T"] = secret
    assert container.command == ("echo", "hi")
    assert container.environment == {"A": "1"}
    assert container.secrets == {"S": secret}
    assert container.mount_points == (mount,)
    assert container.volumes == (volume,)
    assert container.operating_system_family is batch.OperatingSystemFamily.LINUX


def test_case_ids_are_unique() -> None:
    ids = [case[0] for case in REFUSED] + [case[0] for case in ACCEPTED]
    assert len(ids) == len(set(ids))
