"""The AWS API's JSON payloads of a job definition: ``ContainerProperties``,
``EcsProperties`` and ``NodeProperties``, from the typed models (exact member names, integers
as JSON integers, ``resourceRequirements`` values as strings), the only shape the provider's
lenient JSON decoding is sure to read. What a single container and a task container share is
rendered by one function (``_container_members``), the task members by another."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cdktf_batch._validation import is_unresolved
from cdktf_batch.images import ImageConfig
from cdktf_batch.job_definition.container import (
    FARGATE_MEMORY,
    JobDefinitionContainer,
    _ContainerMembers,
    _TaskMembers,
)
from cdktf_batch.job_definition.ecs import EcsProperties, EcsTaskContainer

if TYPE_CHECKING:
    from cdktf_batch.job_definition.job_definition import NodeProps


def render_node_properties(node_props: NodeProps, payloads: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The API's ``NodeProperties``: ``payloads`` are the rendered ranges' members
    (``{"container": ...}`` or ``{"ecsProperties": ...}``), in the order of the ranges."""
    ranges = []
    for node_range, payload in zip(node_props.range_props, payloads, strict=True):
        rendered: dict[str, Any] = {"targetNodes": node_range.target_nodes, **payload}
        if node_range.instance_types:
            rendered["instanceTypes"] = list(node_range.instance_types)
        ranges.append(rendered)
    return {"numNodes": node_props.count, "mainNode": node_props.main_node, "nodeRangeProperties": ranges}


def render_container(
    container: JobDefinitionContainer,
    *,
    fargate: bool,
    image: ImageConfig,
    job_role_arn: str | None,
    execution_role_arn: str | None,
) -> dict[str, Any]:
    """The API's ``ContainerProperties`` for ``container``."""
    props = _container_members(container, image)
    props["resourceRequirements"] = _resource_requirements(container, fargate=fargate)
    if job_role_arn is not None:
        props["jobRoleArn"] = job_role_arn
    if container.instance_type is not None:
        props["instanceType"] = container.instance_type
    props.update(_task_members(container, execution_role_arn=execution_role_arn))
    if container.platform_version is not None:
        props["fargatePlatformConfiguration"] = {"platformVersion": container.platform_version.value}
    return props


def render_ecs_properties(
    properties: EcsProperties,
    *,
    images: Sequence[ImageConfig],
    job_role_arn: str | None,
    execution_role_arn: str | None,
) -> dict[str, Any]:
    """The API's ``EcsProperties`` (one task) for ``properties``; ``images`` are the bound
    images of its containers, in order."""
    task: dict[str, Any] = {
        "containers": [
            _task_container(container, image) for container, image in zip(properties.containers, images, strict=True)
        ]
    }
    if job_role_arn is not None:
        task["taskRoleArn"] = job_role_arn
    task.update(_task_members(properties, execution_role_arn=execution_role_arn))
    if properties.platform_version is not None:
        task["platformVersion"] = properties.platform_version.value
    if properties.ipc_mode is not None:
        task["ipcMode"] = properties.ipc_mode.value
    if properties.pid_mode is not None:
        task["pidMode"] = properties.pid_mode.value
    return {"taskProperties": [task]}


def _task_container(container: EcsTaskContainer, image: ImageConfig) -> dict[str, Any]:
    props: dict[str, Any] = {"name": container.name, **_container_members(container, image)}
    props["essential"] = container.essential
    requirements = _requirements(container.vcpus, container.memory_limit_mib, container.gpu_count)
    if requirements:
        props["resourceRequirements"] = requirements
    if container.depends_on:
        props["dependsOn"] = [
            {"containerName": dependency.container_name, "condition": dependency.condition.value}
            for dependency in container.depends_on
        ]
    if container.firelens_configuration is not None:
        props["firelensConfiguration"] = container.firelens_configuration.render()
    for name, member in (("start_timeout", "startTimeout"), ("stop_timeout", "stopTimeout")):
        seconds = container.timeout_seconds(name)
        if seconds is not None:
            props[member] = seconds
    return props


def _container_members(container: _ContainerMembers, image: ImageConfig) -> dict[str, Any]:
    """The members a single container and a task container share (not resources: a single
    container has defaults, a task container only what it gives)."""
    props: dict[str, Any] = {"image": image.image_name}
    if container.command:
        props["command"] = list(container.command)
    if container.environment:
        props["environment"] = [{"name": name, "value": value} for name, value in container.environment.items()]
    if container.mount_points:
        props["mountPoints"] = [mount.render() for mount in container.mount_points]
    if container.read_only is not None:
        props["readonlyRootFilesystem"] = container.read_only
    if container.privileged is not None:
        props["privileged"] = container.privileged
    if container.ulimits:
        props["ulimits"] = [ulimit.render() for ulimit in container.ulimits]
    if container.user is not None:
        props["user"] = container.user
    if container.linux_params is not None:
        linux = container.linux_params.render()
        if linux:
            props["linuxParameters"] = linux
    if container.log_configuration is not None:
        props["logConfiguration"] = container.log_configuration.render()
    if container.secrets:
        props["secrets"] = [
            {"name": name, "valueFrom": secret.source.value_from} for name, secret in container.secrets.items()
        ]
    if image.credentials is not None:
        props["repositoryCredentials"] = {"credentialsParameter": image.credentials.value_from}
    return props


def _task_members(task: _TaskMembers, *, execution_role_arn: str | None) -> dict[str, Any]:
    """The task members ``ContainerProperties`` and ``EcsTaskProperties`` name alike (the
    job role and the platform version are named differently: their callers add them)."""
    props: dict[str, Any] = {}
    if execution_role_arn is not None:
        props["executionRoleArn"] = execution_role_arn
    if task.volumes:
        props["volumes"] = [volume.render() for volume in task.volumes]
    if task.assign_public_ip is not None:
        props["networkConfiguration"] = {"assignPublicIp": "ENABLED" if task.assign_public_ip else "DISABLED"}
    if task.enable_execute_command is not None:
        props["enableExecuteCommand"] = task.enable_execute_command
    if task.ephemeral_storage_size_gib is not None:
        props["ephemeralStorage"] = {"sizeInGiB": task.ephemeral_storage_size_gib}
    if task.cpu_architecture is not None or task.operating_system_family is not None:
        platform: dict[str, Any] = {}
        if task.operating_system_family is not None:
            platform["operatingSystemFamily"] = task.operating_system_family.value
        if task.cpu_architecture is not None:
            platform["cpuArchitecture"] = task.cpu_architecture.value
        props["runtimePlatform"] = platform
    return props


def _resource_requirements(container: JobDefinitionContainer, *, fargate: bool) -> list[dict[str, str]]:
    """A single container's resources, with the defaults where none are given."""
    vcpus: Any = container.vcpus if container.vcpus is not None else (0.25 if fargate else 1)
    memory: Any = container.memory_limit_mib
    if memory is None:
        memory = FARGATE_MEMORY[float(vcpus)][0] if fargate and not is_unresolved(vcpus) else (512 if fargate else 4)
    return _requirements(vcpus, memory, container.gpu_count)


def _requirements(vcpus: Any, memory: Any, gpus: Any) -> list[dict[str, str]]:
    """The API's ``resourceRequirements``: the amounts given, as strings."""
    given = (("VCPU", vcpus), ("MEMORY", memory), ("GPU", gpus))
    return [{"type": kind, "value": _number_text(value)} for kind, value in given if value is not None]


def _number_text(value: Any) -> str:
    """The API's resourceRequirements values are strings: "1", "0.25", "2048"."""
    if is_unresolved(value):
        from cdktf_batch._engine import Token

        return str(Token.as_string(value))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)
