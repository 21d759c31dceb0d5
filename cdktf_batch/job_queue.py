"""Job queues (``aws_batch_job_queue``): where jobs are submitted, and which compute
environments run them, in order."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from cdktf_batch._arn import name_from_arn
from cdktf_batch._context import place, placed
from cdktf_batch._engine import Aws, Construct, Fn, check_engine, engine_of
from cdktf_batch._naming import attribute, generated_name, remember_parent
from cdktf_batch._validation import (
    check_bool,
    check_choice,
    check_duration,
    check_integer,
    check_list,
    check_name,
    check_string,
    check_string_map,
    fail,
    is_unresolved,
)
from cdktf_batch.compute_environment import ComputeResourceType, IComputeEnvironment
from cdktf_batch.iam import RoleLike, grant_submit_job
from cdktf_batch.scheduling_policy import ISchedulingPolicy

if TYPE_CHECKING:
    from cdktf_cdktf_provider_aws.batch_job_queue import BatchJobQueue
    from cdktf_cdktf_provider_aws.data_aws_batch_job_queue import DataAwsBatchJobQueue
    from cdktf_cdktf_provider_aws.provider import AwsProvider

    from cdktf_batch.job_definition import IJobDefinition
    from cdktf_batch.trigger import JobStateChangeRule, JobStatus

__all__ = [
    "IJobQueue",
    "ImportedJobQueue",
    "JobQueue",
    "JobQueueComputeEnvironment",
    "JobStateTimeLimitAction",
    "JobStateTimeLimitActionsAction",
    "JobStateTimeLimitActionsReason",
    "JobStateTimeLimitActionsState",
]

MAX_COMPUTE_ENVIRONMENTS = 3


class JobStateTimeLimitActionsAction(str, Enum):
    """What Batch does with a job stuck at the head of the queue."""

    CANCEL = "CANCEL"
    TERMINATE = "TERMINATE"


class JobStateTimeLimitActionsState(str, Enum):
    """The job state a time limit watches (AWS supports only RUNNABLE)."""

    RUNNABLE = "RUNNABLE"


class JobStateTimeLimitActionsReason(str, Enum):
    """Reasons AWS documents for jobs stuck in RUNNABLE; any string is accepted too."""

    INSUFFICIENT_INSTANCE_CAPACITY = "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY"
    COMPUTE_ENVIRONMENT_MAX_RESOURCE = "MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE"
    JOB_RESOURCE_REQUIREMENT = "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT"


@dataclass(frozen=True, kw_only=True, slots=True)
class JobQueueComputeEnvironment:
    """A compute environment of a queue; lower ``order`` is tried first. Checked by the
    queue, at its index."""

    compute_environment: IComputeEnvironment
    order: int

    def _check_at(self, path: str) -> None:
        if not isinstance(self.compute_environment, IComputeEnvironment):
            raise fail(
                f"{path}.compute_environment",
                "must be a ComputeEnvironment (owned or imported)",
                type(self.compute_environment).__name__,
            )
        check_integer(f"{path}.order", self.order, minimum=0)


@dataclass(frozen=True, kw_only=True, slots=True)
class JobStateTimeLimitAction:
    """Cancel or terminate a job that stays at the head of the queue in ``state`` for longer
    than ``max_time`` (10 minutes to 24 hours), logging ``reason``. Checked by the queue, at
    its index (``job_state_time_limit_actions[1].max_time``)."""

    reason: str
    max_time: datetime.timedelta
    action: JobStateTimeLimitActionsAction = JobStateTimeLimitActionsAction.CANCEL
    state: JobStateTimeLimitActionsState = JobStateTimeLimitActionsState.RUNNABLE

    def _check_at(self, path: str) -> None:
        check_string(f"{path}.reason", self.reason)
        if isinstance(self.reason, JobStateTimeLimitActionsReason):
            object.__setattr__(self, "reason", self.reason.value)
        check_duration(f"{path}.max_time", self.max_time, minimum=600, maximum=86400)
        object.__setattr__(self, "action", check_choice(f"{path}.action", self.action, JobStateTimeLimitActionsAction))
        object.__setattr__(self, "state", check_choice(f"{path}.state", self.state, JobStateTimeLimitActionsState))

    @property
    def max_time_seconds(self) -> int:
        if is_unresolved(self.max_time):
            return self.max_time  # type: ignore[return-value]
        return int(self.max_time.total_seconds())


@runtime_checkable
class IJobQueue(Protocol):
    """A job queue, owned or imported."""

    @property
    def job_queue_arn(self) -> str: ...

    @property
    def job_queue_name(self) -> str: ...


class _JobQueueBase(Construct):
    """What owned and imported queues share: the ARN and the submit grant."""

    resource: Any

    @property
    def job_queue_arn(self) -> str:
        value: str = attribute(self.resource, "arn")
        return value

    def grant_submit_job(
        self, role: RoleLike, job_definition: IJobDefinition | str, *, any_revision: bool = False
    ) -> Any:
        """Let ``role`` submit ``job_definition`` to this queue, and nothing else.

        ``role`` is an ``IamRole`` (resource or data source), a role ARN or a role name; the
        grant is an inline policy on it (``aws_iam_role_policy``) allowing ``batch:SubmitJob``
        on this queue's ARN and the job definition's ARN (with ``any_revision``, every revision
        of it). Returns the policy resource."""
        return _grant(self, role, self, job_definition, any_revision=any_revision)

    def on_job_state_change(
        self,
        construct_id: str,
        *,
        target_arn: str,
        statuses: Sequence[JobStatus] = (),
        role: RoleLike | None = None,
    ) -> JobStateChangeRule:
        """Send Batch's "Batch Job State Change" events of this queue's jobs (only ``statuses``,
        e.g. ``[JobStatus.FAILED]``; default: every change) to ``target_arn``: an SNS topic, an SQS
        queue, a Lambda function, a log group, an event bus... whose own policy must let
        ``events.amazonaws.com`` deliver (``role``: for targets EventBridge reaches with a role,
        such as another bus or a state machine). Returns the rule's construct."""
        from cdktf_batch.trigger import JobStateChangeRule

        return JobStateChangeRule(
            self, construct_id, job_queue=self, target_arn=target_arn, statuses=statuses, role=role
        )


class JobQueue(_JobQueueBase):
    """An AWS Batch job queue (``aws_batch_job_queue``).

    Attributes:
        resource: the provider's ``BatchJobQueue``.
        job_queue_arn, job_queue_name: its identifiers.
        compute_environments: its environments, in the order given.
        scheduling_policy: its fair-share policy, if any.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        compute_environments: Sequence[JobQueueComputeEnvironment],
        priority: int = 1,
        enabled: bool = True,
        job_queue_name: str | None = None,
        scheduling_policy: ISchedulingPolicy | None = None,
        job_state_time_limit_actions: Sequence[JobStateTimeLimitAction] = (),
        tags: Mapping[str, str] | None = None,
        provider: AwsProvider | None = None,
        region: str | None = None,
    ) -> None:
        """
        Args:
            compute_environments: one to three environments, all EC2/Spot or all Fargate,
                each with a distinct ``order``.
            priority: 0-1000; queues sharing environments are scheduled highest first.
            enabled: ENABLED (takes jobs) or DISABLED (finishes the jobs it has).
            job_queue_name: Default: - a stable name generated from the construct path.
            scheduling_policy: a fair-share policy. Decide at creation: AWS cannot add a policy
                to a queue created without one, nor remove one. (Without ``job_queue_name`` the
                generated name differs between the two kinds, so switching replaces the queue
                instead of failing at apply.)
            job_state_time_limit_actions: what to do with jobs stuck at the head of the queue.
            tags: tags for the queue.
            provider: the ``AwsProvider`` (usually aliased) of everything it creates and reads (see
                ``ComputeEnvironment``). Default: - the enclosing construct's, else the stack's default provider.
            region: the region of its regional resources (provider 6's ``region`` argument).
                Default: - the enclosing construct's, else the provider's region.

        Raises:
            ValidationError: ``priority`` outside 0-1000; ``compute_environments`` empty, more than three,
                with repeated orders, mixing EC2/Spot with Fargate or ECS with EKS; a
                ``job_state_time_limit_actions`` entry outside its rules (``max_time`` 10 minutes to 24 hours,
                ``action`` and ``state`` of their enums); ``job_queue_name`` not a Batch name;
                ``scheduling_policy`` that is not a fair-share policy; ``provider`` that is not an
                ``AwsProvider`` of the same stack, or ``region`` that is not a region code.
            EngineMismatchError: an object of the other engine's app given as ``compute_environments``,
                ``scheduling_policy``, or ``scope`` in an app whose engine is not the one
                ``CDKTF_BATCH_ENGINE`` names.
        """
        super().__init__(scope, construct_id)
        remember_parent(self, scope, construct_id)
        place(self, provider=provider, region=region)
        check_integer("priority", priority, minimum=0, maximum=1000)
        check_bool("enabled", enabled)
        if job_queue_name is not None:
            check_name("job_queue_name", job_queue_name)
        if scheduling_policy is not None and not isinstance(scheduling_policy, ISchedulingPolicy):
            raise fail(
                "scheduling_policy",
                "must be a FairshareSchedulingPolicy (owned or imported)",
                type(scheduling_policy).__name__,
            )
        self._environments: list[JobQueueComputeEnvironment] = []
        check_list(
            "compute_environments", compute_environments, JobQueueComputeEnvironment, check=self._add, min_items=1
        )
        actions = check_list(
            "job_state_time_limit_actions",
            job_state_time_limit_actions,
            JobStateTimeLimitAction,
            check=JobStateTimeLimitAction._check_at,
        )
        self.priority = priority
        self.enabled = enabled
        if scheduling_policy is not None:
            check_engine(self, "scheduling_policy", scheduling_policy)
        self.scheduling_policy = scheduling_policy
        self.job_queue_name: str = job_queue_name or generated_name(
            self, max_length=128, salt="#fair-share" if scheduling_policy is not None else ""
        )
        self.resource: BatchJobQueue = _render_queue(
            self,
            name=self.job_queue_name,
            priority=priority,
            state="ENABLED" if enabled else "DISABLED",
            order=_order(self._environments),
            scheduling_policy_arn=scheduling_policy.scheduling_policy_arn if scheduling_policy is not None else None,
            time_limit_actions=actions,
            tags=check_string_map("tags", tags) if tags is not None else None,
        )

    @property
    def compute_environments(self) -> tuple[JobQueueComputeEnvironment, ...]:
        return tuple(self._environments)

    def add_compute_environment(self, compute_environment: IComputeEnvironment, order: int) -> None:
        """Add an environment (at most three in all, each ``order`` distinct).

        Raises:
            ValidationError: a fourth environment, an ``order`` already used or below 0, or an environment of
                the other kind (EC2/Spot against Fargate, ECS against EKS).
            EngineMismatchError: an object of the other engine's app given as ``compute_environment``, or
                ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
        """
        self._add(
            JobQueueComputeEnvironment(compute_environment=compute_environment, order=order), "compute_environment"
        )
        _render_order(self.resource, _order(self._environments))

    def _add(self, entry: JobQueueComputeEnvironment, argument: str) -> None:
        entry._check_at(argument)
        check_engine(self, f"{argument}.compute_environment", entry.compute_environment)
        if len(self._environments) >= MAX_COMPUTE_ENVIRONMENTS:
            raise fail(
                argument,
                f"a queue takes at most {MAX_COMPUTE_ENVIRONMENTS} compute environments",
                len(self._environments) + 1,
            )
        if not is_unresolved(entry.order) and any(existing.order == entry.order for existing in self._environments):
            raise fail(f"{argument}.order", "must differ from the order of the queue's other environments", entry.order)
        family = _family(entry.compute_environment.compute_resource_type)
        others = {_family(e.compute_environment.compute_resource_type) for e in self._environments} - {None}
        if family is not None and others and family not in others:
            raise fail(
                f"{argument}.compute_environment",
                "cannot mix EC2 or SPOT environments with FARGATE or FARGATE_SPOT ones in one queue",
                entry.compute_environment.compute_resource_type,
            )
        kind = _orchestration(entry.compute_environment)
        known = {o for e in self._environments if (o := _orchestration(e.compute_environment)) is not None}
        if kind is not None and known and kind not in known:
            raise fail(
                f"{argument}.compute_environment",
                "cannot mix EKS and ECS environments in one queue",
                f"an {kind} environment after {', '.join(sorted(known))} ones",
            )
        self._environments.append(entry)

    @staticmethod
    def from_job_queue_arn(
        scope: Construct,
        construct_id: str,
        job_queue_arn: str,
        *,
        provider: AwsProvider | None = None,
        region: str | None = None,
    ) -> IJobQueue:
        """An existing queue, read by the name in its ARN with the ``aws_batch_job_queue`` data
        source (of ``provider`` in ``region``).

        Raises:
            ValidationError: ``job_queue_arn`` that is not a Batch job queue ARN; ``provider`` that is not an
                ``AwsProvider`` of the same stack, or ``region`` that is not a region code.
            EngineMismatchError: ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
        """
        return ImportedJobQueue(scope, construct_id, job_queue_arn=job_queue_arn, provider=provider, region=region)


class ImportedJobQueue(_JobQueueBase):
    """An existing job queue, read with the ``aws_batch_job_queue`` data source.

    Raises:
        ValidationError: ``job_queue_arn`` that is not a Batch job queue ARN; ``provider`` that is not an
            ``AwsProvider`` of the same stack, or ``region`` that is not a region code.
        EngineMismatchError: ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        job_queue_arn: str,
        provider: AwsProvider | None = None,
        region: str | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        remember_parent(self, scope, construct_id)
        place(self, provider=provider, region=region)
        name = name_from_arn("job_queue_arn", job_queue_arn, service="batch", resource_type="job-queue")
        self.resource: DataAwsBatchJobQueue = _render_lookup(self, name)

    @property
    def job_queue_name(self) -> str:
        value: str = self.resource.name
        return value


def _grant(scope: Construct, role: RoleLike, queue: Any, job_definition: Any, *, any_revision: bool) -> Any:
    """The one grant behind ``JobQueue.grant_submit_job`` and ``JobDefinition.grant_submit_job``."""
    check_bool("any_revision", any_revision)
    if not isinstance(queue, IJobQueue):
        raise fail("job_queue", "must be a JobQueue (owned or imported)", type(queue).__name__)
    if isinstance(job_definition, str):
        name_from_arn("job_definition", job_definition, service="batch", resource_type="job-definition", revision=True)
        definition_arn = _any_revision(job_definition) if any_revision else job_definition
    elif hasattr(job_definition, "job_definition_arn"):
        definition_arn = (
            f"{job_definition.job_definition_arn_without_revision}:*"
            if any_revision
            else job_definition.job_definition_arn
        )
        # Terraform can't see this: fair-share queues refuse jobs without a scheduling priority.
        if (
            isinstance(queue, JobQueue)
            and queue.scheduling_policy is not None
            and getattr(job_definition, "scheduling_priority", "unknown") is None
        ):
            raise fail(
                "job_definition",
                "needs a scheduling_priority to be submitted to a fair-share queue "
                "(or every submission must set schedulingPriorityOverride)",
                None,
                show_value=False,
            )
    else:
        raise fail(
            "job_definition",
            "must be a JobDefinition (owned or imported) or a job definition ARN",
            type(job_definition).__name__,
        )
    return grant_submit_job(scope, role, job_queue_arn=queue.job_queue_arn, job_definition_arn=definition_arn)


def _any_revision(arn: str) -> str:
    """``arn:...:job-definition/name[:revision]`` as ``arn:...:job-definition/name:*``."""
    if is_unresolved(arn):
        # Terraform: drop a trailing ":<revision>" if there is one.
        return f"{Fn.replace(arn, '/:[0-9]+$/', '')}:*"
    head, _, name = arn.rpartition("/")
    return f"{head}/{name.split(':', 1)[0]}:*"


def _orchestration(environment: IComputeEnvironment) -> str | None:
    """EKS or ECS; None for an imported environment (its kind is not known at synth)."""
    kind = getattr(environment, "orchestration_type", None)
    return kind if isinstance(kind, str) else None


def _family(kind: ComputeResourceType | None) -> str | None:
    if kind is None:
        return None
    return "FARGATE" if kind.is_fargate else "EC2"


def _order(environments: Sequence[JobQueueComputeEnvironment]) -> list[tuple[str, int]]:
    return [(entry.compute_environment.compute_environment_arn, entry.order) for entry in environments]


def _order_structs(aws: Aws, order: list[tuple[str, int]]) -> list[Any]:
    return [aws.BatchJobQueueComputeEnvironmentOrder(compute_environment=arn, order=number) for arn, number in order]


def _render_queue(
    scope: Construct,
    *,
    name: str,
    priority: int,
    state: str,
    order: list[tuple[str, int]],
    scheduling_policy_arn: str | None,
    time_limit_actions: Sequence[JobStateTimeLimitAction],
    tags: Mapping[str, str] | None,
) -> BatchJobQueue:
    aws = placed(scope)

    return aws.BatchJobQueue(
        scope,
        "Resource",
        name=name,
        priority=priority,
        state=state,
        compute_environment_order=_order_structs(aws, order),
        scheduling_policy_arn=scheduling_policy_arn,
        job_state_time_limit_action=[
            aws.BatchJobQueueJobStateTimeLimitAction(
                action=action.action.value,
                max_time_seconds=action.max_time_seconds,
                reason=action.reason,
                state=action.state.value,
            )
            for action in time_limit_actions
        ]
        or None,
        tags=dict(tags) if tags else None,
    )


def _render_order(resource: BatchJobQueue, order: list[tuple[str, int]]) -> None:
    resource.put_compute_environment_order(_order_structs(engine_of(resource).aws, order))


def _render_lookup(scope: Construct, name: str) -> DataAwsBatchJobQueue:
    aws = placed(scope)

    return aws.DataAwsBatchJobQueue(scope, "Resource", name=name)
