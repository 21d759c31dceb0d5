"""Multi-container ECS jobs (the API's ``ecsProperties``): the containers of one ECS task, how
they wait for each other, and the task they share, as typed values with the rules AWS Batch
applies to them. ``_properties`` renders them.

A container here has the members of a single container (``JobDefinitionContainer``), declared
once in ``container._ContainerMembers``; the task has the task members a single container
carries for its implied task (``container._TaskMembers``): roles, volumes, the Fargate
settings and ECS Exec."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from cdktf_batch._validation import (
    check_bool,
    check_choice,
    check_duration,
    check_list,
    check_string,
    check_string_map,
    check_type,
    fail,
    is_unresolved,
)
from cdktf_batch.job_definition.container import (
    _ContainerMembers,
    _TaskMembers,
    check_container_placement,
    check_fargate_size,
    check_mount_points,
    check_task_placement,
    check_windows_container,
)
from cdktf_batch.logging import LogDriver

__all__ = [
    "ContainerDependency",
    "ContainerDependencyCondition",
    "EcsProperties",
    "EcsTaskContainer",
    "FirelensConfiguration",
    "FirelensLogRouterType",
    "IpcMode",
    "PidMode",
]

MAX_CONTAINERS = 10
FARGATE_MAX_TIMEOUT = 120  # seconds, start_timeout and stop_timeout
# ECS container names: letters, digits, '_' and '-'.
_CONTAINER_NAME = re.compile(r"[A-Za-z0-9_-]{1,255}")


class ContainerDependencyCondition(str, Enum):
    """What a container waits for in the container it depends on."""

    START = "START"
    """It has started."""
    COMPLETE = "COMPLETE"
    """It has exited (with any status). Only on a non-essential container."""
    SUCCESS = "SUCCESS"
    """It has exited with status 0. Only on a non-essential container."""


class FirelensLogRouterType(str, Enum):
    """The log router of a FireLens container."""

    FLUENTD = "fluentd"
    FLUENTBIT = "fluentbit"


class IpcMode(str, Enum):
    """The IPC namespace of the task's containers (EC2 only)."""

    HOST = "host"
    TASK = "task"
    NONE = "none"


class PidMode(str, Enum):
    """The process namespace of the task's containers. Default: - one per container."""

    HOST = "host"
    TASK = "task"


@dataclass(frozen=True, kw_only=True, slots=True)
class ContainerDependency:
    """Start a container only once ``container_name`` (a container of the same task) has
    reached ``condition``. Checked by ``EcsProperties``."""

    container_name: str
    condition: ContainerDependencyCondition

    def _check_at(self, path: str) -> None:
        check_string(f"{path}.container_name", self.container_name)
        object.__setattr__(
            self, "condition", check_choice(f"{path}.condition", self.condition, ContainerDependencyCondition)
        )


_FIRELENS_OPTIONS = {
    "enable-ecs-log-metadata": ("true", "false"),
    "config-file-type": ("s3", "file"),
    "config-file-value": None,
}


@dataclass(frozen=True, kw_only=True, slots=True)
class FirelensConfiguration:
    """Makes its container the task's FireLens log router: containers logging with
    ``LogDriver.AWSFIRELENS`` send their logs to it.

    ``options``: ``enable-ecs-log-metadata`` (``"true"``/``"false"``), and a custom
    configuration as ``config-file-type`` (``"file"``, or ``"s3"`` on EC2) with
    ``config-file-value`` (a path in the image, or an S3 object ARN)."""

    type: FirelensLogRouterType
    options: Mapping[str, str] | None = None

    def _check_at(self, path: str) -> None:
        object.__setattr__(self, "type", check_choice(f"{path}.type", self.type, FirelensLogRouterType))
        if self.options is None:
            return
        options = check_string_map(f"{path}.options", self.options)
        for name, value in options.items():
            if name not in _FIRELENS_OPTIONS:
                raise fail(f"{path}.options", f"takes the keys {', '.join(_FIRELENS_OPTIONS)}", name)
            allowed = _FIRELENS_OPTIONS[name]
            if allowed is not None and not is_unresolved(value) and value not in allowed:
                raise fail(f"{path}.options[{name!r}]", f"must be {' or '.join(allowed)}", value)
        if ("config-file-type" in options) != ("config-file-value" in options):
            raise fail(
                f"{path}.options",
                "needs config-file-type and config-file-value together",
                sorted(options),
            )
        object.__setattr__(self, "options", options)

    @property
    def config_from_s3(self) -> bool:
        return (self.options or {}).get("config-file-type") == "s3"

    def render(self) -> dict[str, Any]:
        rendered: dict[str, Any] = {"type": self.type.value}
        if self.options:
            rendered["options"] = dict(self.options)
        return rendered


@dataclass(frozen=True, kw_only=True, slots=True)
class EcsTaskContainer(_ContainerMembers):
    """One container of a multi-container job (the API's ``TaskContainerProperties``).

    Its other arguments are a single container's (``JobDefinitionContainer``); what belongs
    to the task (roles, volumes, Fargate settings, ECS Exec) is given to ``EcsProperties``.
    Resources: unlike a single container, no default; at least one container of the task
    gives ``vcpus`` and one gives ``memory_limit_mib`` (AWS needs both for the task). On
    Fargate, the task's size is the sum of its containers'.
    """

    name: str
    """Unique in the task: what ``depends_on`` and submit-time overrides name."""
    essential: bool = True
    """If it stops, the whole task stops; the job succeeds only if every essential
    container exits 0. At least one container is essential."""
    depends_on: Sequence[ContainerDependency] = field(default_factory=tuple)
    firelens_configuration: FirelensConfiguration | None = None
    start_timeout: datetime.timedelta | None = None
    """How long to wait for ``depends_on`` before giving up: at least 2 seconds (at most 120
    on Fargate)."""
    stop_timeout: datetime.timedelta | None = None
    """How long the container has to exit after SIGTERM before it is killed: at least 2
    seconds (at most 120 on Fargate). Default: - 30 seconds (Fargate), the ECS agent's
    setting (EC2)."""

    def _check_at(self, path: str) -> None:
        self._check_container_members(path)
        check_string(
            f"{path}.name",
            self.name,
            pattern=_CONTAINER_NAME,
            rule="must be 1-255 letters, digits, hyphens or underscores",
        )
        check_bool(f"{path}.essential", self.essential)
        object.__setattr__(
            self,
            "depends_on",
            check_list(f"{path}.depends_on", self.depends_on, ContainerDependency, check=ContainerDependency._check_at),
        )
        if self.firelens_configuration is not None:
            check_type(
                f"{path}.firelens_configuration",
                self.firelens_configuration,
                FirelensConfiguration,
                "a FirelensConfiguration",
            )
            self.firelens_configuration._check_at(f"{path}.firelens_configuration")
        for name in ("start_timeout", "stop_timeout"):
            value = getattr(self, name)
            if value is not None:
                check_duration(f"{path}.{name}", value, minimum=2)

    def timeout_seconds(self, name: str) -> Any:
        """``start_timeout`` or ``stop_timeout`` in seconds (None if not given).

        Raises:
            ValidationError: ``start_timeout`` or ``stop_timeout`` that is not a ``timedelta`` of whole
                seconds in range.
        """
        value = getattr(self, name)
        return None if value is None else check_duration(name, value)


@dataclass(frozen=True, kw_only=True, slots=True)
class EcsProperties(_TaskMembers):
    """A job of up to 10 containers in one ECS task (the API's ``ecsProperties``), on EC2 or
    Fargate: a main container with sidecars (log routers, proxies, data staging).

    The task's other arguments (``job_role``, ``execution_role``, ``volumes``, the Fargate
    settings, ``enable_execute_command``) are named and checked as a single container's.
    The execution role is created when needed (Fargate, secrets, private registries) and
    allowed exactly what every container needs. Checked by the job definition.
    """

    containers: Sequence[EcsTaskContainer]
    ipc_mode: IpcMode | None = None
    """EC2 only. Default: - the Docker daemon's setting."""
    pid_mode: PidMode | None = None
    """``TASK`` lets a monitoring sidecar see the other containers' processes (on Fargate:
    platform version 1.4.0 or later, Linux). Default: - one namespace per container."""

    def _check_at(self, path: str) -> None:
        containers = check_list(
            f"{path}.containers",
            self.containers,
            EcsTaskContainer,
            check=EcsTaskContainer._check_at,
            min_items=1,
            max_items=MAX_CONTAINERS,
        )
        object.__setattr__(self, "containers", containers)
        self._check_task_members(path)
        if self.ipc_mode is not None:
            object.__setattr__(self, "ipc_mode", check_choice(f"{path}.ipc_mode", self.ipc_mode, IpcMode))
        if self.pid_mode is not None:
            object.__setattr__(self, "pid_mode", check_choice(f"{path}.pid_mode", self.pid_mode, PidMode))
        names = [container.name for container in containers]
        for index, name in enumerate(names):
            if name in names[:index]:
                raise fail(f"{path}.containers[{index}].name", "must differ from the other containers' names", name)
        for index, container in enumerate(containers):
            at = f"{path}.containers[{index}]"
            check_mount_points(at, container.mount_points, self.volumes, owner="task")
            if self.is_windows:
                check_windows_container(at, container)
        self._check_essential(path)
        self._check_dependencies(path)
        self._check_resources(path)
        self._check_firelens(path)

    def _check_essential(self, path: str) -> None:
        if not any(container.essential is True or is_unresolved(container.essential) for container in self.containers):
            raise fail(
                f"{path}.containers",
                "must have at least one essential container (essential=True, the default)",
                [container.name for container in self.containers],
            )

    def _check_dependencies(self, path: str) -> None:
        """Each dependency names another container of the task; COMPLETE and SUCCESS only a
        non-essential one (an essential container that exits stops the task); no cycles."""
        by_name = {container.name: container for container in self.containers}
        for index, container in enumerate(self.containers):
            for number, dependency in enumerate(container.depends_on):
                at = f"{path}.containers[{index}].depends_on[{number}]"
                target = dependency.container_name
                if is_unresolved(target):
                    continue
                if target == container.name:
                    raise fail(f"{at}.container_name", "must name another container, not the container itself", target)
                if target not in by_name:
                    raise fail(
                        f"{at}.container_name",
                        f"must name a container of the task ({', '.join(n for n in by_name if n != container.name)})",
                        target,
                    )
                if dependency.condition is not ContainerDependencyCondition.START and by_name[target].essential is True:
                    raise fail(
                        f"{at}.condition",
                        f"{dependency.condition.value} needs a non-essential container ({target} is essential);"
                        " use START, or give it essential=False",
                        dependency.condition,
                    )
        cycle = _find_cycle({c.name: [d.container_name for d in c.depends_on] for c in self.containers})
        if cycle:
            index = next(i for i, c in enumerate(self.containers) if c.name == cycle[0])
            raise fail(
                f"{path}.containers[{index}].depends_on",
                "must not make containers wait for each other in a cycle",
                " -> ".join(cycle),
            )

    def _check_resources(self, path: str) -> None:
        for name, what in (("vcpus", "VCPU"), ("memory_limit_mib", "MEMORY")):
            if all(getattr(container, name) is None for container in self.containers):
                raise fail(
                    f"{path}.containers",
                    f"must give {name} on at least one container (AWS needs the task's {what})",
                    [container.name for container in self.containers],
                )

    def _check_firelens(self, path: str) -> None:
        routers = [i for i, c in enumerate(self.containers) if c.firelens_configuration is not None]
        if len(routers) > 1:
            raise fail(
                f"{path}.containers[{routers[1]}].firelens_configuration",
                f"may be given on one container of the task (containers[{routers[0]}] has one)",
                self.containers[routers[1]].name,
            )
        for index, container in enumerate(self.containers):
            logging = container.log_configuration
            if logging is not None and logging.log_driver is LogDriver.AWSFIRELENS and not routers:
                raise fail(
                    f"{path}.containers[{index}].log_configuration.log_driver",
                    "awsfirelens needs a FireLens container in the task (a container with firelens_configuration)",
                    logging.log_driver,
                )

    def totals(self) -> tuple[Any, Any]:
        """The task's vCPUs and memory (MiB): the sums of what its containers give (None if
        any is a token)."""
        sums: list[Any] = []
        for name in ("vcpus", "memory_limit_mib"):
            given = [getattr(c, name) for c in self.containers if getattr(c, name) is not None]
            sums.append(None if any(is_unresolved(v) for v in given) else sum(given))
        return sums[0], sums[1]


def check_ecs_placement(path: str, properties: EcsProperties, *, fargate: bool) -> None:
    """The rules of a multi-container task that depend on where it runs."""
    for index, container in enumerate(properties.containers):
        at = f"{path}.containers[{index}]"
        check_container_placement(at, container, fargate=fargate)
        if not fargate:
            continue
        for name in ("start_timeout", "stop_timeout"):
            seconds = container.timeout_seconds(name)
            if seconds is not None and not is_unresolved(seconds) and seconds > FARGATE_MAX_TIMEOUT:
                raise fail(
                    f"{at}.{name}",
                    f"must be at most {FARGATE_MAX_TIMEOUT} seconds on Fargate",
                    getattr(container, name),
                )
        firelens = container.firelens_configuration
        if firelens is not None and firelens.config_from_s3:
            raise fail(
                f"{at}.firelens_configuration.options['config-file-type']",
                "must be file on Fargate (s3 is EC2 only)",
                "s3",
            )
    check_task_placement(path, properties, fargate=fargate)
    if fargate:
        if properties.ipc_mode is not None:
            raise fail(f"{path}.ipc_mode", "is not supported on Fargate (EC2 only)", properties.ipc_mode)
        if properties.pid_mode is PidMode.HOST:
            raise fail(f"{path}.pid_mode", "must be TASK on Fargate (HOST is EC2 only)", properties.pid_mode)
        vcpus, memory = properties.totals()
        check_fargate_size(
            path,
            vcpus,
            memory,
            vcpus_argument="containers (sum of vcpus)",
            memory_argument="containers (sum of memory_limit_mib)",
        )


def _find_cycle(graph: Mapping[str, Sequence[str]]) -> list[str]:
    """A cycle of ``graph`` (name -> names it waits for) as ``[a, b, a]``, or ``[]``."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for target in graph.get(node, ()):
            # A container named by a token is waited for by that same token (its text).
            if target not in graph:
                continue
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return []

    for node in graph:
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []
