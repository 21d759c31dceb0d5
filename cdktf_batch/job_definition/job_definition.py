"""Job definitions (``aws_batch_job_definition``): single-container and multi-node jobs,
retries, timeouts, and the execution role their containers need."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable

from cdktf_batch import _context, _json
from cdktf_batch._arn import name_from_arn
from cdktf_batch._context import place, placed
from cdktf_batch._engine import CDKTF, Aws, Construct, Fn, check_engine, engine_of
from cdktf_batch._naming import IAM_ROLE_DESCRIPTION, attribute, generated_description, generated_name, remember_parent
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
from cdktf_batch.errors import ValidationError
from cdktf_batch.guardrails import RoleOptions, use_role_options
from cdktf_batch.iam import (
    RoleLike,
    ServiceRole,
    execution_role_policy,
    grant_execute_command,
    grant_execution_role,
    role_arn,
    role_name,
)
from cdktf_batch.images import ImageConfig
from cdktf_batch.job_definition._properties import render_container, render_ecs_properties, render_node_properties
from cdktf_batch.job_definition.container import (
    INSTANCE_TYPE,
    JobDefinitionContainer,
    Ulimit,
    Volume,
    check_container,
    needs_execution_role,
)
from cdktf_batch.job_definition.ecs import EcsProperties, EcsTaskContainer, check_ecs_placement
from cdktf_batch.job_definition.eks import (
    EksContainer,
    EksProperties,
    EksVolume,
    EmptyDirVolume,
    HostPathVolume,
    SecretPathVolume,
)
from cdktf_batch.logging import DEFAULT_LOG_GROUP, LogDriver
from cdktf_batch.secrets import SecretSource

if TYPE_CHECKING:
    from cdktf_cdktf_provider_aws.batch_job_definition import BatchJobDefinition, BatchJobDefinitionEksProperties
    from cdktf_cdktf_provider_aws.data_aws_batch_job_definition import DataAwsBatchJobDefinition
    from cdktf_cdktf_provider_aws.provider import AwsProvider

    from cdktf_batch.job_queue import IJobQueue

__all__ = [
    "Action",
    "IJobDefinition",
    "ImportedJobDefinition",
    "JobDefinition",
    "NodeProps",
    "NodeRangeProps",
    "PlatformCapabilities",
    "Reason",
    "RetryStrategy",
]

# What runs as one ECS task: a single container (its task implied), or several in one task.
Task = JobDefinitionContainer | EcsProperties

MAX_RETRY_STRATEGIES = 5
MAX_NODE_RANGES = 5
_EXIT_CODE = re.compile(r"[0-9]*\*?")
_REASON = re.compile(r"[0-9A-Za-z.:\s]*\*?")


class PlatformCapabilities(str, Enum):
    """Where jobs of a definition run."""

    EC2 = "EC2"
    FARGATE = "FARGATE"


class Action(str, Enum):
    """What a retry strategy does when its conditions match."""

    EXIT = "EXIT"
    RETRY = "RETRY"


@dataclass(frozen=True, kw_only=True, slots=True)
class Reason:
    """Conditions of a retry strategy, with AWS CDK v2's presets: give one as
    ``RetryStrategy(action=..., on_reason=Reason.CANNOT_PULL_CONTAINER)``; its conditions (which
    may be an exit code or a status reason) become the strategy's."""

    on_exit_code: str | None = None
    on_reason: str | None = None
    on_status_reason: str | None = None

    NON_ZERO_EXIT_CODE: ClassVar[Reason]
    """Any exit code (``*``)."""
    CANNOT_PULL_CONTAINER: ClassVar[Reason]
    """The image could not be pulled (``CannotPullContainerError:*``)."""
    SPOT_INSTANCE_RECLAIMED: ClassVar[Reason]
    """The Spot instance was taken back (status reason ``Host EC2*``)."""

    @staticmethod
    def custom(
        *, on_exit_code: str | None = None, on_reason: str | None = None, on_status_reason: str | None = None
    ) -> Reason:
        """Conditions of your own (at least one).

        Raises:
            ValidationError: none of ``on_exit_code``, ``on_reason`` and ``on_status_reason`` given, or one
                that is not a pattern the API accepts.
        """
        if on_exit_code is None and on_reason is None and on_status_reason is None:
            raise fail("reason", "give on_exit_code, on_reason or on_status_reason", None, show_value=False)
        return Reason(on_exit_code=on_exit_code, on_reason=on_reason, on_status_reason=on_status_reason)


Reason.NON_ZERO_EXIT_CODE = Reason(on_exit_code="*")
Reason.CANNOT_PULL_CONTAINER = Reason(on_reason="CannotPullContainerError:*")
Reason.SPOT_INSTANCE_RECLAIMED = Reason(on_status_reason="Host EC2*")


@dataclass(frozen=True, kw_only=True, slots=True)
class RetryStrategy:
    """Retry or give up when a failed attempt matches every condition given.

    ``on_exit_code``: digits, optionally ending with ``*``. ``on_reason`` / ``on_status_reason``:
    letters, digits, ``.``, ``:`` and spaces, optionally ending with ``*`` (the provider's
    rule). Up to 512 characters each. Checked by the job definition, at its index."""

    action: Action
    on_exit_code: str | None = None
    on_reason: str | Reason | None = None
    """A reason text, or a ``Reason`` (preset or custom) whose conditions are taken."""
    on_status_reason: str | None = None

    def _check_at(self, path: str) -> None:
        object.__setattr__(self, "action", check_choice(f"{path}.action", self.action, Action))
        if isinstance(self.on_reason, Reason):
            preset = self.on_reason
            object.__setattr__(self, "on_reason", None)
            for name in ("on_exit_code", "on_reason", "on_status_reason"):
                value = getattr(preset, name)
                if value is not None:
                    if getattr(self, name) is not None:
                        raise fail(
                            f"{path}.{name}", "is given twice (by the Reason in on_reason too)", getattr(self, name)
                        )
                    object.__setattr__(self, name, value)
        rule = "must be letters, digits, '.', ':' and spaces, optionally ending with '*', up to 512 characters"
        if isinstance(self.on_exit_code, int) and not isinstance(self.on_exit_code, bool):
            object.__setattr__(self, "on_exit_code", str(self.on_exit_code))
        checks = (
            ("on_exit_code", _EXIT_CODE, "must be digits, optionally ending with '*', up to 512 characters"),
            ("on_reason", _REASON, rule),
            ("on_status_reason", _REASON, rule),
        )
        for name, pattern, message in checks:
            value = getattr(self, name)
            if value is not None:
                check_string(f"{path}.{name}", value, pattern=pattern, rule=message, max_length=512)

    def render(self) -> dict[str, Any]:
        rendered: dict[str, Any] = {"action": self.action.value}
        for name in ("on_exit_code", "on_reason", "on_status_reason"):
            if getattr(self, name) is not None:
                rendered[name] = getattr(self, name)
        return rendered


@dataclass(frozen=True, kw_only=True, slots=True)
class NodeRangeProps:
    """What nodes ``from_node_index`` to ``to_node_index`` (inclusive; default: to the last
    node) of a multi-node job run: one ``container``, or several containers in one task
    (``ecs_properties``). Checked by ``NodeProps``, at its index."""

    container: JobDefinitionContainer | None = None
    ecs_properties: EcsProperties | None = None
    from_node_index: int = 0
    to_node_index: int | None = None
    instance_types: Sequence[str] = field(default_factory=tuple)
    """The instance type of these nodes (the API takes one); the same for every range.
    With ``container``, its ``instance_type`` does the same."""

    def _check_at(self, path: str) -> None:
        check_exclusive(
            (f"{path}.container", f"{path}.ecs_properties"), (self.container, self.ecs_properties), required=True
        )
        for name in ("container", "ecs_properties"):
            if isinstance(getattr(self, name), EksProperties):
                # The API takes eksProperties per node range; cdktf_batch does not render them yet.
                raise fail(
                    f"{path}.{name}",
                    "takes an ECS container or task: multi-node EKS jobs (eksProperties per node range) are not"
                    " supported by cdktf_batch yet; run the pod as a single-node job (JobDefinition(eks_properties=...))",
                    "EksProperties",
                )
        if self.container is not None:
            check_type(f"{path}.container", self.container, JobDefinitionContainer, "a JobDefinitionContainer")
        if self.ecs_properties is not None:
            check_type(f"{path}.ecs_properties", self.ecs_properties, EcsProperties, "EcsProperties")
            self.ecs_properties._check_at(f"{path}.ecs_properties")
        check_integer(f"{path}.from_node_index", self.from_node_index, minimum=0)
        if self.to_node_index is not None:
            check_integer(f"{path}.to_node_index", self.to_node_index, minimum=0)
            if self.to_node_index < self.from_node_index:
                raise fail(
                    f"{path}.to_node_index",
                    f"must be at least from_node_index ({self.from_node_index})",
                    self.to_node_index,
                )
        types = check_string_list(f"{path}.instance_types", self.instance_types)
        if len(types) > 1:
            raise fail(f"{path}.instance_types", "takes one instance type (the API's limit)", list(types))
        for index, instance_type in enumerate(types):
            check_string(
                f"{path}.instance_types[{index}]",
                instance_type,
                pattern=INSTANCE_TYPE,
                rule="must be an EC2 instance type such as c5.large",
            )
        if types and self.container is not None and self.container.instance_type is not None:
            raise fail(
                f"{path}.instance_types",
                "give the instance type once: here or as container.instance_type",
                list(types),
            )
        object.__setattr__(self, "instance_types", types)

    @property
    def target_nodes(self) -> str:
        end = "" if self.to_node_index is None else str(self.to_node_index)
        return f"{self.from_node_index}:{end}"

    @property
    def instance_type(self) -> str | None:
        """The range's instance type, however given."""
        if self.instance_types:
            return str(self.instance_types[0])
        return self.container.instance_type if self.container is not None else None


@dataclass(frozen=True, kw_only=True, slots=True)
class NodeProps:
    """A multi-node parallel job: ``count`` nodes, node ``main_node`` coordinating, and up to
    5 node ranges (which must cover every node once).

    Raises:
        ValidationError: ``count`` outside 1-1000 or ``main_node`` outside the nodes; ``range_props`` empty,
            more than five, overlapping, leaving nodes without a container, past the last node, or with
            different instance types; a range with an EKS pod.
    """

    count: int
    main_node: int = 0
    range_props: Sequence[NodeRangeProps] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        check_integer("node_props.count", self.count, minimum=1, maximum=1000)
        check_integer("node_props.main_node", self.main_node, minimum=0, maximum=self.count - 1)
        ranges = check_list(
            "node_props.range_props",
            self.range_props,
            NodeRangeProps,
            check=NodeRangeProps._check_at,
            min_items=1,
            max_items=MAX_NODE_RANGES,
        )
        covered: dict[int, int] = {}
        for index, node_range in enumerate(ranges):
            last = self.count - 1 if node_range.to_node_index is None else node_range.to_node_index
            if last >= self.count or node_range.from_node_index >= self.count:
                raise fail(
                    f"node_props.range_props[{index}]", f"nodes run from 0 to {self.count - 1}", node_range.target_nodes
                )
            for node in range(node_range.from_node_index, last + 1):
                if node in covered:
                    raise fail(
                        f"node_props.range_props[{index}]",
                        f"overlaps range {covered[node]} at node {node}",
                        node_range.target_nodes,
                    )
                covered[node] = index
        missing = [node for node in range(self.count) if node not in covered]
        if missing:
            raise fail(
                "node_props.range_props",
                f"must cover every node; nodes {missing} have no container",
                None,
                show_value=False,
            )
        _check_one_instance_type(ranges)
        object.__setattr__(self, "range_props", ranges)


def _check_one_instance_type(ranges: Sequence[NodeRangeProps]) -> None:
    """AWS: all node groups of a multi-node parallel job use the same instance type."""
    given = [
        (index, node_range)
        for index, node_range in enumerate(ranges)
        if node_range.instance_type is not None and not is_unresolved(node_range.instance_type)
    ]
    for index, node_range in given[1:]:
        first_index, first = given[0]
        if node_range.instance_type != first.instance_type:
            where = "instance_types" if node_range.instance_types else "container.instance_type"
            raise fail(
                f"node_props.range_props[{index}].{where}",
                f"must be the instance type of the other node ranges ({first.instance_type} in range {first_index}): "
                "AWS runs every node group of a multi-node parallel job on one instance type",
                node_range.instance_type,
            )


@runtime_checkable
class IJobDefinition(Protocol):
    """A job definition, owned or imported."""

    @property
    def job_definition_arn(self) -> str:
        """With the revision."""
        ...

    @property
    def job_definition_arn_without_revision(self) -> str: ...

    @property
    def job_definition_name(self) -> str: ...


class _JobDefinitionBase(Construct):
    """What owned and imported job definitions share: their ARNs and the submit grant."""

    resource: Any

    @property
    def job_definition_arn(self) -> str:
        value: str = attribute(self.resource, "arn")
        return value

    @property
    def job_definition_arn_without_revision(self) -> str:
        value: str = self.resource.arn_prefix
        return value

    def grant_submit_job(self, role: RoleLike, job_queue: IJobQueue, *, any_revision: bool = False) -> Any:
        """Let ``role`` submit this job definition to ``job_queue``, and nothing else (see
        ``JobQueue.grant_submit_job``). Returns the policy resource."""
        from cdktf_batch.job_queue import _grant

        return _grant(self, role, job_queue, self, any_revision=any_revision)


class JobDefinition(_JobDefinitionBase):
    """An AWS Batch job definition (``aws_batch_job_definition``).

    Every change but tags registers a new revision (and, by default, deregisters the old one).

    Attributes:
        resource: the provider's ``BatchJobDefinition``.
        job_definition_arn: the ARN with the current revision.
        job_definition_arn_without_revision: the ARN that always means the latest revision.
        job_definition_name: the name.
        execution_role: the execution role created for the containers (a ``ServiceRole``), if any.
        job_role: the job role created for ECS Exec (a ``ServiceRole``), if any.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        container: JobDefinitionContainer | None = None,
        ecs_properties: EcsProperties | None = None,
        node_props: NodeProps | None = None,
        eks_properties: EksProperties | None = None,
        job_definition_name: str | None = None,
        parameters: Mapping[str, str] | None = None,
        retry_attempts: int | None = None,
        retry_strategies: Sequence[RetryStrategy] = (),
        timeout: datetime.timedelta | None = None,
        platform_capabilities: Sequence[PlatformCapabilities] = (PlatformCapabilities.EC2,),
        propagate_tags: bool | None = None,
        scheduling_priority: int | None = None,
        deregister_on_new_revision: bool = True,
        tags: Mapping[str, str] | None = None,
        role_options: RoleOptions | None = None,
        provider: AwsProvider | None = None,
        region: str | None = None,
    ) -> None:
        """
        Args:
            container: the container of a single-node job (``type`` container).
            ecs_properties: the containers (up to 10) of a single-node job that runs several
                in one ECS task, on EC2 or Fargate (``type`` container).
            node_props: the nodes of a multi-node parallel job (``type`` multinode); each node
                range runs a container or an ``EcsProperties`` task.
            eks_properties: the pod of a job on an EKS compute environment (EC2 only; not
                multi-node). Give one of ``container``, ``ecs_properties``, ``node_props`` and
                ``eks_properties``.
            job_definition_name: Default: - a stable name generated from the construct path.
            parameters: defaults for ``Ref::name`` placeholders in the command.
            retry_attempts: attempts in all, 1-10. Default: - 1 (no retry).
            retry_strategies: up to 5 conditions to retry or exit on (needs retry_attempts).
            timeout: per attempt, at least 60 seconds. Default: - none.
            platform_capabilities: ``[EC2]`` or ``[FARGATE]``.
            propagate_tags: copy the job's tags to its ECS task. Default: - no.
            scheduling_priority: 0-9999, for fair-share queues (higher runs first); jobs in a
                fair-share queue need one here or at submission.
            deregister_on_new_revision: deregister the previous revision on change.
            tags: tags for the job definition.
            role_options: the permissions boundary and path of the execution role it creates.
                Default: - the scope's (``RoleOptions.apply``), else the app's context.
            provider: the ``AwsProvider`` (usually aliased) of everything it creates and reads (see
                ``ComputeEnvironment``). Default: - the enclosing construct's, else the stack's default provider.
            region: the region of its regional resources (provider 6's ``region`` argument).
                Default: - the enclosing construct's, else the provider's region.

        Raises:
            ValidationError: not exactly one of ``container``, ``ecs_properties``, ``node_props`` and
                ``eks_properties``; ``job_definition_name`` not a Batch name; ``retry_attempts`` outside 1-10,
                or missing with ``retry_strategies``; more than five ``retry_strategies``; ``timeout`` under
                60 seconds; ``platform_capabilities`` that the job cannot run on (multi-node and EKS jobs run
                on EC2 only); ``propagate_tags`` on an EKS job; ``scheduling_priority`` outside 0-9999; a rule
                of the container, task, node ranges or pod it is given (the path names it, e.g.
                ``container.vcpus``, ``ecs_properties.containers[1].depends_on``); ``provider`` that is not an
                ``AwsProvider`` of the same stack, or ``region`` that is not a region code; ``role_options``
                or the context's role settings with a boundary that is not a managed policy ARN or a path that
                is not ``/`` or ``/.../``.
            EngineMismatchError: an object of the other engine's app given as ``job_role``,
                ``execution_role``, or ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE``
                names.
        """
        super().__init__(scope, construct_id)
        remember_parent(self, scope, construct_id)
        place(self, provider=provider, region=region)
        use_role_options(self, role_options)
        check_exclusive(
            ("container", "ecs_properties", "node_props", "eks_properties"),
            (container, ecs_properties, node_props, eks_properties),
            required=True,
        )
        if container is not None:
            check_type("container", container, JobDefinitionContainer, "a JobDefinitionContainer")
        if ecs_properties is not None:
            check_type("ecs_properties", ecs_properties, EcsProperties, "EcsProperties")
            ecs_properties._check_at("ecs_properties")
        if node_props is not None:
            check_type("node_props", node_props, NodeProps, "NodeProps")
        if eks_properties is not None:
            check_type("eks_properties", eks_properties, EksProperties, "EksProperties")
            eks_properties._check_at("eks_properties")
        if job_definition_name is not None:
            check_name("job_definition_name", job_definition_name)
        platforms = _check_platforms(platform_capabilities)
        fargate = platforms == [PlatformCapabilities.FARGATE]
        if node_props is not None and fargate:
            raise fail(
                "platform_capabilities", "multi-node parallel jobs run on EC2 only", [p.value for p in platforms]
            )
        if eks_properties is not None and fargate:
            raise fail("platform_capabilities", "EKS jobs run on EC2 only", [p.value for p in platforms])
        if retry_attempts is not None:
            check_integer("retry_attempts", retry_attempts, minimum=1, maximum=10)
        strategies = _check_retry_strategies(retry_strategies, retry_attempts)
        timeout_seconds = check_duration("timeout", timeout, minimum=60) if timeout is not None else None
        if propagate_tags is not None:
            check_bool("propagate_tags", propagate_tags)
            if eks_properties is not None:
                raise fail(
                    "propagate_tags", "applies to ECS jobs only (AWS refuses it with eks_properties)", propagate_tags
                )
        if scheduling_priority is not None:
            check_integer("scheduling_priority", scheduling_priority, minimum=0, maximum=9999)
        check_bool("deregister_on_new_revision", deregister_on_new_revision)
        self._tags = check_string_map("tags", tags) if tags is not None else {}

        self.container = container
        self.ecs_properties = ecs_properties
        self.node_props = node_props
        self.eks_properties = eks_properties
        self.platform_capabilities = tuple(platforms)
        self.scheduling_priority = scheduling_priority
        self.job_definition_name: str = job_definition_name or generated_name(self, max_length=128)
        self.execution_role: ServiceRole | None = None
        self.job_role: ServiceRole | None = None
        self.retry_attempts = retry_attempts
        self.retry_strategies: tuple[RetryStrategy, ...] = tuple(strategies)
        self._fargate = fargate
        self._execution_policy: Any = None
        self._execute_command_roles: list[Any] = []

        if node_props is not None and engine_of(self) is CDKTF:
            _warn_of_update_crash(self, node_props)
        self.resource: BatchJobDefinition = _render_job_definition(
            self,
            name=self.job_definition_name,
            type_="multinode" if node_props is not None else "container",
            **self._payloads(),
            eks_properties=self._eks_images(eks_properties) if eks_properties is not None else None,
            parameters=check_string_map("parameters", parameters) if parameters else None,
            retry_attempts=retry_attempts,
            retry_strategies=strategies,
            timeout_seconds=timeout_seconds,
            # AWS refuses platformCapabilities on EKS job definitions (they run on EC2).
            platform_capabilities=[p.value for p in platforms] if eks_properties is None else None,
            propagate_tags=propagate_tags,
            scheduling_priority=scheduling_priority,
            deregister_on_new_revision=deregister_on_new_revision,
            tags=self._tags,
        )

    @property
    def revision(self) -> float:
        value: float = self.resource.revision
        return value

    @staticmethod
    def from_job_definition_arn(
        scope: Construct,
        construct_id: str,
        job_definition_arn: str,
        *,
        provider: AwsProvider | None = None,
        region: str | None = None,
    ) -> IJobDefinition:
        """An existing job definition by ARN (with a revision: that revision; without: the
        latest ACTIVE one), read with the ``aws_batch_job_definition`` data source (of
        ``provider`` in ``region``).

        Raises:
            ValidationError: ``job_definition_arn`` that is not a Batch job definition ARN; ``provider`` that
                is not an ``AwsProvider`` of the same stack, or ``region`` that is not a region code.
            EngineMismatchError: ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
        """
        return ImportedJobDefinition(
            scope, construct_id, job_definition_arn=job_definition_arn, provider=provider, region=region
        )

    @staticmethod
    def from_job_definition_name(
        scope: Construct,
        construct_id: str,
        job_definition_name: str,
        *,
        provider: AwsProvider | None = None,
        region: str | None = None,
    ) -> IJobDefinition:
        """An existing job definition by name: ``name`` (the latest ACTIVE revision) or
        ``name:3`` (revision 3), read with the ``aws_batch_job_definition`` data source (of
        ``provider`` in ``region``).

        Raises:
            ValidationError: ``job_definition_name`` that is not ``name`` or ``name:revision``; ``provider``
                that is not an ``AwsProvider`` of the same stack, or ``region`` that is not a region code.
            EngineMismatchError: ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
        """
        return ImportedJobDefinition(
            scope, construct_id, job_definition_name=job_definition_name, provider=provider, region=region
        )

    # -- growing after construction (as AWS CDK v2 lets you) -------------------------------

    def add_retry_strategy(self, strategy: RetryStrategy) -> None:
        """Add a condition to retry or exit on (up to 5 in all; needs ``retry_attempts``).

        Raises:
            ValidationError: ``strategy`` that is not a valid ``RetryStrategy``, or a sixth one; a job
                definition without ``retry_attempts``.
        """
        strategies = _check_retry_strategies([*self.retry_strategies, strategy], self.retry_attempts)
        self.retry_strategies = tuple(strategies)
        self.resource.put_retry_strategy(
            attempts=self.retry_attempts, evaluate_on_exit=_render_evaluate_on_exit(self, strategies)
        )

    def add_volume(self, volume: Volume) -> None:
        """Add a volume to the container (or to the task, with ``ecs_properties``); mount it
        with a container's ``mount_points``.

        Raises:
            ValidationError: a job built with ``node_props`` or ``eks_properties`` (give the volume in the
                model); ``volume`` refused as the constructor would refuse it in ``volumes``.
        """
        if self.container is not None:
            self._grow(container=replace(self.container, volumes=[*self.container.volumes, volume]))
        else:
            properties = self._grown_task("add_volume")
            self._grow(ecs_properties=replace(properties, volumes=[*properties.volumes, volume]))

    def add_ulimit(self, ulimit: Ulimit, *, container_name: str | None = None) -> None:
        """Add a ulimit to the container, or (with ``ecs_properties``) to the container named
        ``container_name``.

        Raises:
            ValidationError: a job built with ``node_props`` or ``eks_properties``; ``ulimit`` refused as the
                constructor would refuse it; ``container_name`` given for a single container, or naming no
                container of the task.
        """
        if self.container is not None:
            if container_name is not None:
                raise fail("container_name", "applies to ecs_properties jobs only (give none)", container_name)
            self._grow(container=replace(self.container, ulimits=[*self.container.ulimits, ulimit]))
            return
        properties = self._grown_task("add_ulimit")
        names = [container.name for container in properties.containers]
        if container_name not in names:
            raise fail("container_name", f"must name a container of the task ({', '.join(names)})", container_name)
        containers = [
            replace(item, ulimits=[*item.ulimits, ulimit]) if item.name == container_name else item
            for item in properties.containers
        ]
        self._grow(ecs_properties=replace(properties, containers=containers))

    def add_container(self, container: EcsTaskContainer) -> None:
        """Add a container to the task of an ``ecs_properties`` job (up to 10 in all).

        Raises:
            ValidationError: a job that is not an ``ecs_properties`` job; a container that breaks a rule of
                the task (names, dependencies, essential containers, FireLens, Fargate sizes; the path names
                it).
        """
        properties = self._grown_task("add_container")
        self._grow(ecs_properties=replace(properties, containers=[*properties.containers, container]))

    def _grown_task(self, method: str) -> EcsProperties:
        if self.ecs_properties is None:
            given = next(
                name for name in ("container", "node_props", "eks_properties") if getattr(self, name) is not None
            )
            raise fail(
                method,
                "applies to job definitions built with container or ecs_properties: give the"
                " value in the model before building the job definition",
                given,
            )
        return self.ecs_properties

    def _grow(self, **models: Any) -> None:
        """Take the grown ``container`` or ``ecs_properties``, checked as at construction, and
        render the job definition again (roles and grants follow)."""
        before = (self.container, self.ecs_properties)
        try:
            for name, model in models.items():
                if isinstance(model, EcsProperties):
                    model._check_at("ecs_properties")
                setattr(self, name, model)
            payloads = self._payloads()
        except ValidationError:
            self.container, self.ecs_properties = before
            raise
        for name, payload in payloads.items():
            if payload is not None:
                setattr(self.resource, name, payload)

    # -- containers and their roles ------------------------------------------------------

    def _payloads(self) -> dict[str, str | None]:
        """The JSON payloads of the ECS tasks, with the roles they need created and granted."""
        tasks = _tasks(self.container, self.ecs_properties, self.node_props)
        rendered = [self._render_task(argument, task, fargate=self._fargate) for argument, task in tasks]
        self._grant_execution_role([task for _, task in tasks])
        self._grant_execute_command(tasks)
        return {
            "container_properties": _json.dumps(rendered[0]["container"]) if self.container is not None else None,
            "ecs_properties": _json.dumps(rendered[0]["ecsProperties"]) if self.ecs_properties is not None else None,
            "node_properties": _json.dumps(render_node_properties(self.node_props, rendered))
            if self.node_props is not None
            else None,
        }

    def _eks_images(self, properties: EksProperties) -> tuple[EksProperties, dict[int, str]]:
        """The pod, with each container's image name (bound here: an asset image builds in this scope)."""
        images: dict[int, str] = {}
        for kind, containers in (
            ("containers", properties.containers),
            ("init_containers", properties.init_containers),
        ):
            for index, container in enumerate(containers):
                image = container.image.bind(self)
                if image.credentials is not None:
                    raise fail(
                        f"eks_properties.{kind}[{index}].image",
                        "cannot take registry credentials on EKS: give the Kubernetes secret in"
                        " eks_properties.image_pull_secrets",
                        image.image_name,
                    )
                images[id(container)] = image.image_name
        return properties, images

    def _render_task(self, argument: str, task: Task, *, fargate: bool) -> dict[str, Any]:
        """The payload of one ECS task (``{"container": ...}`` or ``{"ecsProperties": ...}``),
        with the roles it runs with."""
        containers: list[JobDefinitionContainer] | list[EcsTaskContainer]
        if isinstance(task, JobDefinitionContainer):
            check_container(argument, task, fargate=fargate)
            containers = [task]
        else:
            check_ecs_placement(argument, task, fargate=fargate)
            containers = list(task.containers)
        check_engine(self, f"{argument}.job_role", task.job_role)
        check_engine(self, f"{argument}.execution_role", task.execution_role)
        images = [container.image.bind(self) for container in containers]
        execution_role_arn = None
        if task.execution_role is not None:
            execution_role_arn = role_arn(f"{argument}.execution_role", task.execution_role)
        elif needs_execution_role(containers, images, fargate=fargate):
            execution_role_arn = self._execution_role().role_arn
        job_role_arn = None
        if task.job_role is not None:
            job_role_arn = role_arn(f"{argument}.job_role", task.job_role)
        elif task.enable_execute_command is True:
            job_role_arn = self._job_role().role_arn
        if isinstance(task, JobDefinitionContainer):
            return {
                "container": render_container(
                    task,
                    fargate=fargate,
                    image=images[0],
                    job_role_arn=job_role_arn,
                    execution_role_arn=execution_role_arn,
                )
            }
        return {
            "ecsProperties": render_ecs_properties(
                task, images=images, job_role_arn=job_role_arn, execution_role_arn=execution_role_arn
            )
        }

    def _execution_role(self) -> ServiceRole:
        if self.execution_role is None:
            self.execution_role = ServiceRole(
                self,
                "ExecutionRole",
                service="ecs-tasks.amazonaws.com",
                managed_policies=[],
                description=generated_description(
                    "ECS execution role of AWS Batch job definition", self, IAM_ROLE_DESCRIPTION
                ),
                tags=self._tags,
            )
        return self.execution_role

    def _job_role(self) -> ServiceRole:
        """The job role created for ECS Exec where none is given (it needs one to connect)."""
        if self.job_role is None:
            self.job_role = ServiceRole(
                self,
                "JobRole",
                service="ecs-tasks.amazonaws.com",
                managed_policies=[],
                description=generated_description(
                    "Job role of AWS Batch job definition", self, IAM_ROLE_DESCRIPTION, after=" (ECS Exec)"
                ),
                tags=self._tags,
            )
        return self.job_role

    def _grant_execute_command(self, tasks: list[tuple[str, Task]]) -> None:
        """ECS Exec connects through the job role: allow it the SSM messages channel, once
        per role (the created one, or each given one)."""
        granted = self._execute_command_roles
        for argument, task in tasks:
            if task.enable_execute_command is not True:
                continue
            role: Any = task.job_role if task.job_role is not None else self._job_role()
            if any(role is other or (isinstance(role, str) and role == other) for other in granted):
                continue
            granted.append(role)
            name = role.role_name if isinstance(role, ServiceRole) else role_name(f"{argument}.job_role", role)
            grant_execute_command(self, f"ExecuteCommandGrant{len(granted) - 1}", role=name)

    def _grant_execution_role(self, tasks: list[Task]) -> None:
        """Allow the created execution role exactly what the containers of the tasks that use
        it need."""
        if self.execution_role is None:
            return
        repositories: dict[Any, str] = {}
        secrets: list[SecretSource] = []
        log_groups: dict[tuple[str, str | None], str] = {}  # (group, region): ARN
        containers = [
            container
            for task in tasks
            if task.execution_role is None
            for container in ([task] if isinstance(task, JobDefinitionContainer) else task.containers)
        ]
        for container in containers:
            image: ImageConfig = container.image.bind(self)
            if image.repository_arn is not None:
                repositories.setdefault(image.repository_key, image.repository_arn)
            if image.credentials is not None:
                secrets.append(image.credentials)
            secrets += [secret.source for secret in (container.secrets or {}).values()]
            logging = container.log_configuration
            if logging is not None:
                secrets += [secret.source for secret in logging.secret_options]
            if logging is None or logging.log_driver is LogDriver.AWSLOGS:
                group = logging.log_group() if logging is not None else DEFAULT_LOG_GROUP
                region = (logging.options or {}).get("awslogs-region") if logging is not None else None
                key = (group or DEFAULT_LOG_GROUP, region)
                if key not in log_groups:
                    log_groups[key] = self._log_group_arn(*key)
        allowed = {
            "repositories": list(repositories.values()),
            "log_groups": list(log_groups.values()),
            "parameters": _unique_resources(secrets, "ssm"),
            "secrets": _unique_resources(secrets, "secretsmanager"),
            "kms_keys": _unique_keys(secrets),
        }
        if self._execution_policy is None:
            self._execution_policy = grant_execution_role(self.execution_role, **allowed)
        else:  # grown after construction: the same policy, allowing what the tasks need now
            self._execution_policy.policy = execution_role_policy(**allowed)

    def _log_group_arn(self, group: str, region: str | None) -> str:
        return (
            f"arn:{_context.partition(self)}:logs:{region or _context.region(self)}:{_context.account_id(self)}:"
            f"log-group:{group}:*"
        )


class ImportedJobDefinition(_JobDefinitionBase):
    """An existing job definition, read with the ``aws_batch_job_definition`` data source.

    Raises:
        ValidationError: a job definition ARN or name that is not one (``name`` or ``name:revision``);
            ``provider`` that is not an ``AwsProvider`` of the same stack, or ``region`` that is not a region
            code.
        EngineMismatchError: ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        job_definition_arn: str | None = None,
        job_definition_name: str | None = None,
        provider: AwsProvider | None = None,
        region: str | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        remember_parent(self, scope, construct_id)
        place(self, provider=provider, region=region)
        check_exclusive(
            ("job_definition_arn", "job_definition_name"), (job_definition_arn, job_definition_name), required=True
        )
        revision: float | None = None  # an int, or a number token
        if job_definition_arn is not None:
            named = name_from_arn(
                "job_definition_arn", job_definition_arn, service="batch", resource_type="job-definition", revision=True
            )
            if is_unresolved(job_definition_arn):
                name, arn = Fn.element(Fn.split(":", named), 0), job_definition_arn
            elif ":" in named:
                name, arn = named.split(":", 1)[0], job_definition_arn
            else:
                name, arn = named, None  # no revision: the latest ACTIVE one, by name
        else:
            assert job_definition_name is not None
            check_string("job_definition_name", job_definition_name)
            name, arn = job_definition_name, None
            # A token in the name part ("${var.team}-nightly:3") still has a literal revision.
            head, colon, number = job_definition_name.partition(":")
            if colon and not is_unresolved(number):
                if not number.isdigit() or int(number) < 1:
                    raise fail(
                        "job_definition_name",
                        "must be a name or name:revision with a revision of at least 1",
                        job_definition_name,
                    )
                name, revision = head, int(number)
            elif colon:
                # A token revision ("nightly:${var.revision}"): a revision all the same, which
                # Terraform turns into the number the data source takes.
                name, revision = head, Fn.tonumber(number)
            check_name("job_definition_name", name)
        self.job_definition_name: str = name
        self.resource: DataAwsBatchJobDefinition = _render_lookup(
            self, arn=arn, name=None if arn else name, revision=revision
        )

    @property
    def scheduling_priority(self) -> float:
        value: float = self.resource.scheduling_priority
        return value


def _unique_resources(sources: list[SecretSource], kind: str) -> list[str]:
    """The ARNs of one kind of secret source, each resource once."""
    unique: dict[Any, str] = {}
    for source in sources:
        if source.kind == kind:
            unique.setdefault(source.key, source.resource_arn)
    return list(unique.values())


def _warn_of_update_crash(scope: Construct, node_props: NodeProps) -> None:
    """The AWS provider 6.25 (what cdktf's bindings pin) crashes when it updates a multi-node
    definition whose ranges use ecsProperties (hashicorp/terraform-provider-aws#45676, fixed
    after 6.27; creating works). Said at synth, where the user can still choose."""
    ranges = [i for i, r in enumerate(node_props.range_props) if r.ecs_properties is not None]
    if ranges:
        engine_of(scope).core.Annotations.of(scope).add_warning(
            f"node_props.range_props{ranges} use ecs_properties: the AWS provider 6.25 that cdktf pins crashes"
            " when it updates such a job definition in place (terraform-provider-aws#45676, fixed after 6.27)."
            " Replace it instead (terraform apply -replace=...), or use CDK Terrain (provider 6.69)."
        )


def _unique_keys(sources: list[SecretSource]) -> list[str]:
    """The ARNs of the KMS keys the secrets are encrypted with, each key once."""
    unique: dict[Any, str] = {}
    for source in sources:
        if source.kms_key_arn is not None:
            unique.setdefault(source.kms_key_ref, source.kms_key_arn)
    return list(unique.values())


def _tasks(
    container: JobDefinitionContainer | None, ecs_properties: EcsProperties | None, node_props: NodeProps | None
) -> list[tuple[str, Task]]:
    """The ECS tasks of a job definition, each with the argument it was given as."""
    if container is not None:
        return [("container", container)]
    if ecs_properties is not None:
        return [("ecs_properties", ecs_properties)]
    if node_props is None:
        return []
    tasks: list[tuple[str, Task]] = []
    for index, node_range in enumerate(node_props.range_props):
        if node_range.container is not None:
            tasks.append((f"node_props.range_props[{index}].container", node_range.container))
        elif node_range.ecs_properties is not None:
            tasks.append((f"node_props.range_props[{index}].ecs_properties", node_range.ecs_properties))
    return tasks


def _check_platforms(platforms: Any) -> list[PlatformCapabilities]:
    if isinstance(platforms, (str, Mapping)) or not isinstance(platforms, Sequence):
        raise fail(
            "platform_capabilities",
            "must be a list: [PlatformCapabilities.EC2] or [PlatformCapabilities.FARGATE]",
            platforms,
        )
    checked = [check_choice(f"platform_capabilities[{i}]", p, PlatformCapabilities) for i, p in enumerate(platforms)]
    if len(checked) != 1:
        raise fail(
            "platform_capabilities",
            "must hold exactly one of EC2 and FARGATE",
            [getattr(p, "value", p) for p in checked],
        )
    return checked


def _check_retry_strategies(given: Any, attempts: int | None) -> list[RetryStrategy]:
    strategies = check_list(
        "retry_strategies", given, RetryStrategy, check=RetryStrategy._check_at, max_items=MAX_RETRY_STRATEGIES
    )
    if strategies and attempts is None:
        raise fail("retry_attempts", "is required with retry_strategies (AWS needs both)", None)
    return list(strategies)


def _render_job_definition(
    scope: Construct,
    *,
    name: str,
    type_: str,
    container_properties: str | None,
    ecs_properties: str | None,
    node_properties: str | None,
    eks_properties: tuple[EksProperties, dict[int, str]] | None,
    parameters: Mapping[str, str] | None,
    retry_attempts: int | None,
    retry_strategies: list[RetryStrategy],
    timeout_seconds: Any,
    platform_capabilities: list[str] | None,
    propagate_tags: bool | None,
    scheduling_priority: int | None,
    deregister_on_new_revision: bool,
    tags: Mapping[str, str],
) -> BatchJobDefinition:
    aws = placed(scope)

    retry = None
    if retry_attempts is not None:
        retry = aws.BatchJobDefinitionRetryStrategy(
            attempts=retry_attempts, evaluate_on_exit=_render_evaluate_on_exit(scope, retry_strategies)
        )
    return aws.BatchJobDefinition(
        scope,
        "Resource",
        name=name,
        type=type_,
        container_properties=container_properties,
        ecs_properties=ecs_properties,
        node_properties=node_properties,
        eks_properties=_render_eks_properties(aws, *eks_properties) if eks_properties is not None else None,
        parameters=dict(parameters) if parameters else None,
        retry_strategy=retry,
        timeout=aws.BatchJobDefinitionTimeout(attempt_duration_seconds=timeout_seconds)
        if timeout_seconds is not None
        else None,
        platform_capabilities=platform_capabilities,
        propagate_tags=propagate_tags,
        scheduling_priority=scheduling_priority,
        deregister_on_new_revision=False if not deregister_on_new_revision else None,
        tags=dict(tags) if tags else None,
    )


def _render_evaluate_on_exit(scope: Construct, strategies: Sequence[RetryStrategy]) -> Any:
    aws = engine_of(scope).aws

    return [aws.BatchJobDefinitionRetryStrategyEvaluateOnExit(**s.render()) for s in strategies] or None


def _render_eks_properties(aws: Aws, pod: EksProperties, images: dict[int, str]) -> BatchJobDefinitionEksProperties:
    """The provider's typed ``eks_properties`` block. Containers and init containers have
    classes of their own with the same members: each is called by name, so mypy checks every
    call (the bindings' run-time type checks are skipped on the fast path)."""

    def container(item: EksContainer, *, init: bool) -> Any:
        limits, requests = item.resources()
        security: dict[str, Any] = {
            "privileged": item.privileged,
            "read_only_root_file_system": item.read_only_root_filesystem,
            "run_as_group": item.run_as_group,
            "run_as_non_root": item.run_as_non_root,
            "run_as_user": item.run_as_user,
        }
        members: dict[str, Any] = {
            "image": images[id(item)],
            "name": item.name,
            "image_pull_policy": item.image_pull_policy.value if item.image_pull_policy is not None else None,
            "command": list(item.command) if item.command is not None else None,
            "args": list(item.args) if item.args is not None else None,
        }
        if init:
            return aws.BatchJobDefinitionEksPropertiesPodPropertiesInitContainers(
                **members,
                env=[
                    aws.BatchJobDefinitionEksPropertiesPodPropertiesInitContainersEnv(name=key, value=value)
                    for key, value in sorted((item.env or {}).items())
                ]
                or None,
                resources=aws.BatchJobDefinitionEksPropertiesPodPropertiesInitContainersResources(
                    limits=limits or None, requests=requests or None
                )
                if limits or requests
                else None,
                security_context=aws.BatchJobDefinitionEksPropertiesPodPropertiesInitContainersSecurityContext(
                    **security
                )
                if any(value is not None for value in security.values())
                else None,
                volume_mounts=[
                    aws.BatchJobDefinitionEksPropertiesPodPropertiesInitContainersVolumeMounts(
                        name=volume.name, mount_path=volume.mount_path, read_only=volume.read_only
                    )
                    for volume in item.volumes
                ]
                or None,
            )
        return aws.BatchJobDefinitionEksPropertiesPodPropertiesContainers(
            **members,
            env=[
                aws.BatchJobDefinitionEksPropertiesPodPropertiesContainersEnv(name=key, value=value)
                for key, value in sorted((item.env or {}).items())
            ]
            or None,
            resources=aws.BatchJobDefinitionEksPropertiesPodPropertiesContainersResources(
                limits=limits or None, requests=requests or None
            )
            if limits or requests
            else None,
            security_context=aws.BatchJobDefinitionEksPropertiesPodPropertiesContainersSecurityContext(**security)
            if any(value is not None for value in security.values())
            else None,
            volume_mounts=[
                aws.BatchJobDefinitionEksPropertiesPodPropertiesContainersVolumeMounts(
                    name=volume.name, mount_path=volume.mount_path, read_only=volume.read_only
                )
                for volume in item.volumes
            ]
            or None,
        )

    def volume(item: EksVolume) -> Any:
        empty_dir = host_path = secret = None
        if isinstance(item, EmptyDirVolume):
            empty_dir = aws.BatchJobDefinitionEksPropertiesPodPropertiesVolumesEmptyDir(
                size_limit=f"{item.size_limit_mib}Mi", medium=item.medium.value if item.medium is not None else None
            )
        elif isinstance(item, HostPathVolume):
            host_path = aws.BatchJobDefinitionEksPropertiesPodPropertiesVolumesHostPath(path=item.path)
        elif isinstance(item, SecretPathVolume):
            secret = aws.BatchJobDefinitionEksPropertiesPodPropertiesVolumesSecret(
                secret_name=item.secret_name, optional=item.optional
            )
        return aws.BatchJobDefinitionEksPropertiesPodPropertiesVolumes(
            name=item.name, empty_dir=empty_dir, host_path=host_path, secret=secret
        )

    return aws.BatchJobDefinitionEksProperties(
        pod_properties=aws.BatchJobDefinitionEksPropertiesPodProperties(
            containers=[container(item, init=False) for item in pod.containers],
            init_containers=[container(item, init=True) for item in pod.init_containers] or None,
            dns_policy=pod.dns_policy.value if pod.dns_policy is not None else None,
            host_network=pod.host_network,
            image_pull_secret=[
                aws.BatchJobDefinitionEksPropertiesPodPropertiesImagePullSecret(name=name)
                for name in pod.image_pull_secrets
            ]
            or None,
            metadata=aws.BatchJobDefinitionEksPropertiesPodPropertiesMetadata(labels=dict(pod.labels))
            if pod.labels
            else None,
            service_account_name=pod.service_account_name,
            share_process_namespace=pod.share_process_namespace,
            volumes=[volume(item) for item in pod.pod_volumes()] or None,
        )
    )


def _render_lookup(
    scope: Construct, *, arn: str | None, name: str | None, revision: float | None
) -> DataAwsBatchJobDefinition:
    aws = placed(scope)

    return aws.DataAwsBatchJobDefinition(
        scope,
        "Resource",
        arn=arn,
        name=name,
        revision=revision,
        status="ACTIVE" if name is not None and revision is None else None,
    )
