"""The AWS API's JSON payloads of a job definition: ``ContainerProperties`` and
``NodeProperties``, from the typed containers (exact member names, integers as JSON
integers, ``resourceRequirements`` values as strings), the only shape the provider's
lenient JSON decoding is sure to read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cdktf_batch._validation import is_unresolved
from cdktf_batch.images import ImageConfig
from cdktf_batch.job_definition.container import FARGATE_MEMORY, JobDefinitionContainer

if TYPE_CHECKING:
    from cdktf_batch.job_definition.job_definition import NodeProps


def render_node_properties(node_props: NodeProps, containers: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The API's ``NodeProperties``: ``containers`` are the rendered containers of the ranges."""
    return {
        "numNodes": node_props.count,
        "mainNode": node_props.main_node,
        "nodeRangeProperties": [
            {"targetNodes": node_range.target_nodes, "container": container}
            for node_range, container in zip(node_props.range_props, containers, strict=True)
        ],
    }


def render_container(
    container: JobDefinitionContainer,
    *,
    fargate: bool,
    image: ImageConfig,
    job_role_arn: str | None,
    execution_role_arn: str | None,
) -> dict[str, Any]:
    """The API's ``ContainerProperties`` for ``container``."""
    props: dict[str, Any] = {"image": image.image_name}
    if container.command:
        props["command"] = list(container.command)
    if job_role_arn is not None:
        props["jobRoleArn"] = job_role_arn
    if execution_role_arn is not None:
        props["executionRoleArn"] = execution_role_arn
    if container.volumes:
        props["volumes"] = [volume.render() for volume in container.volumes]
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
    if container.instance_type is not None:
        props["instanceType"] = container.instance_type
    props["resourceRequirements"] = _resource_requirements(container, fargate=fargate)
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
    if container.assign_public_ip is not None:
        props["networkConfiguration"] = {"assignPublicIp": "ENABLED" if container.assign_public_ip else "DISABLED"}
    if container.platform_version is not None:
        props["fargatePlatformConfiguration"] = {"platformVersion": container.platform_version.value}
    if container.enable_execute_command is not None:
        props["enableExecuteCommand"] = container.enable_execute_command
    if container.ephemeral_storage_size_gib is not None:
        props["ephemeralStorage"] = {"sizeInGiB": container.ephemeral_storage_size_gib}
    if container.cpu_architecture is not None or container.operating_system_family is not None:
        platform: dict[str, Any] = {}
        if container.operating_system_family is not None:
            platform["operatingSystemFamily"] = container.operating_system_family.value
        if container.cpu_architecture is not None:
            platform["cpuArchitecture"] = container.cpu_architecture.value
        props["runtimePlatform"] = platform
    if image.credentials is not None:
        props["repositoryCredentials"] = {"credentialsParameter": image.credentials.value_from}
    return props


def _resource_requirements(container: JobDefinitionContainer, *, fargate: bool) -> list[dict[str, str]]:
    vcpus: Any = container.vcpus if container.vcpus is not None else (0.25 if fargate else 1)
    memory: Any = container.memory_limit_mib
    if memory is None:
        memory = FARGATE_MEMORY[float(vcpus)][0] if fargate and not is_unresolved(vcpus) else (512 if fargate else 4)
    requirements = [
        {"type": "VCPU", "value": _number_text(vcpus)},
        {"type": "MEMORY", "value": _number_text(memory)},
    ]
    if container.gpu_count is not None:
        requirements.append({"type": "GPU", "value": _number_text(container.gpu_count)})
    return requirements


def _number_text(value: Any) -> str:
    """The API's resourceRequirements values are strings: "1", "0.25", "2048"."""
    if is_unresolved(value):
        from cdktf_batch._engine import Token

        return str(Token.as_string(value))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)
