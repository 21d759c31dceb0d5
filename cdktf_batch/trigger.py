"""Jobs submitted per event: ``JobTrigger``, an EventBridge rule whose target is a job queue.

The rule's Batch target names the job definition, a job name, an array size and attempts; the
target's input (fixed, or built from the event by an input transformer) is read by Batch as
overrides of the submission: ``Parameters`` fill the job definition's ``Ref::`` placeholders.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from enum import Enum
from typing import TYPE_CHECKING, Any

from cdktf_batch import _json
from cdktf_batch._context import place, placed
from cdktf_batch._engine import Construct, check_engine
from cdktf_batch._naming import (
    EVENT_RULE_DESCRIPTION,
    attribute,
    generated_description,
    generated_name,
    remember_parent,
)
from cdktf_batch._submitter import check_delivery, check_target, dead_letter_arn, submitter
from cdktf_batch._submitter import job_name as submitted_job_name
from cdktf_batch._validation import (
    check_bool,
    check_choice,
    check_integer,
    check_string,
    check_string_map,
    fail,
    is_unresolved,
)
from cdktf_batch.guardrails import RoleOptions, use_role_options
from cdktf_batch.iam import RoleLike, ServiceRole, role_arn

if TYPE_CHECKING:
    from cdktf_cdktf_provider_aws.cloudwatch_event_rule import CloudwatchEventRule
    from cdktf_cdktf_provider_aws.cloudwatch_event_target import CloudwatchEventTarget
    from cdktf_cdktf_provider_aws.provider import AwsProvider

    from cdktf_batch.job_definition import IJobDefinition
    from cdktf_batch.job_queue import IJobQueue

__all__ = ["JobStateChangeRule", "JobStatus", "JobTrigger"]

_RULE_NAME = re.compile(r"[.\-_A-Za-z0-9]{1,64}")
_INPUT_PATH_KEY = re.compile(r"[A-Za-z0-9_-]{1,256}")
_MAX_PATTERN = 4096


class JobTrigger(Construct):
    """A job submitted for every event that matches a pattern (``aws_cloudwatch_event_rule``
    with an ``aws_cloudwatch_event_target`` on the job queue).

    Attributes:
        rule: the provider's ``CloudwatchEventRule``; ``target`` its ``CloudwatchEventTarget``.
        role: the role EventBridge assumes (a ``ServiceRole``), when created here.
        rule_arn: the rule's ARN.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        job_queue: IJobQueue,
        job_definition: IJobDefinition,
        event_pattern: Mapping[str, Any],
        event_bus: str | None = None,
        rule_name: str | None = None,
        description: str | None = None,
        enabled: bool = True,
        job_name: str | None = None,
        array_size: int | None = None,
        job_attempts: int | None = None,
        parameters: Mapping[str, str] | None = None,
        input_paths: Mapping[str, str] | None = None,
        maximum_event_age: datetime.timedelta | None = None,
        maximum_retry_attempts: int | None = None,
        dead_letter_queue: Any | None = None,
        role: RoleLike | None = None,
        role_options: RoleOptions | None = None,
        provider: AwsProvider | None = None,
        region: str | None = None,
    ) -> None:
        """
        Args:
            job_queue: where jobs are submitted (owned or imported). A fair-share queue is refused:
                a rule's Batch target cannot give the share identifier such queues require.
            job_definition: what is submitted (owned or imported).
            event_pattern: the EventBridge event pattern (each leaf a list of values or
                matchers, e.g. ``{"source": ["aws.s3"], "detail": {"object": {"key": [{"prefix": "in/"}]}}}``).
            event_bus: the bus's name or ARN. Default: - the account's default bus.
            rule_name: Default: - a stable name generated from the construct path.
            job_name: the submitted jobs' name. Default: - the rule's name.
            array_size: an array job of 2-10,000 children.
            job_attempts: attempts in all, 1-10. Default: - the job definition's.
            parameters: values for the job definition's ``Ref::`` placeholders; with
                ``input_paths``, a value may hold ``<name>`` of an input path, replaced by the
                event's value there.
            input_paths: names for JSON paths of the event (``{"key": "$.detail.object.key"}``).
            maximum_event_age: how long EventBridge retries a failed submission (1 minute to
                24 hours). Default: - 24 hours.
            maximum_retry_attempts: 0-185. Default: - 185.
            dead_letter_queue: an SQS queue (the provider's ``SqsQueue`` or a standard queue's ARN;
                not FIFO) for events that failed every retry.
                EventBridge sends with the queue's own policy, which must allow
                ``events.amazonaws.com`` ``sqs:SendMessage`` from this rule
                (``dead_letter_statement`` is that statement).
            role: the role EventBridge assumes; it is granted ``batch:SubmitJob`` on exactly this
                queue and job definition. Default: - a new role trusting ``events.amazonaws.com``
                for this account only.
            role_options: the permissions boundary and path of the role it creates. Default: -
                the scope's (``RoleOptions.apply``), else the app's context.
            provider: the ``AwsProvider`` (usually aliased) of everything it creates and reads (see
                ``ComputeEnvironment``). Default: - the enclosing construct's, else the stack's default provider.
            region: the region of its regional resources (provider 6's ``region`` argument).
                Default: - the enclosing construct's, else the provider's region.

        Raises:
            ValidationError: ``job_queue`` or ``job_definition`` of the wrong kind, or a fair-share queue (a
                rule cannot give a share identifier); ``event_pattern`` that is not a non-empty EventBridge
                pattern; ``rule_name`` not 1-64 letters, digits, ``.-_``; ``input_paths`` keys starting with
                ``AWS`` or without ``parameters`` that use them; ``array_size`` outside 2-10000,
                ``job_attempts`` outside 1-10, ``maximum_event_age`` or ``maximum_retry_attempts`` out of
                range; ``dead_letter_queue`` that is not an SQS queue or ARN; ``provider`` that is not an
                ``AwsProvider`` of the same stack, or ``region`` that is not a region code; ``role_options``
                or the context's role settings with a boundary that is not a managed policy ARN or a path that
                is not ``/`` or ``/.../``.
            EngineMismatchError: an object of the other engine's app given as ``job_queue``,
                ``job_definition``, ``role``, or ``scope`` in an app whose engine is not the one
                ``CDKTF_BATCH_ENGINE`` names.
        """
        super().__init__(scope, construct_id)
        remember_parent(self, scope, construct_id)
        place(self, provider=provider, region=region)
        use_role_options(self, role_options)
        from cdktf_batch.job_queue import JobQueue

        check_target(self, job_queue, job_definition)
        if isinstance(job_queue, JobQueue) and job_queue.scheduling_policy is not None:
            raise fail(
                "job_queue",
                "must not be a fair-share queue: an EventBridge rule's Batch target cannot give the share identifier"
                " it requires (submit with a JobSchedule, or use a queue without a scheduling policy)",
                job_queue.node.path,
            )
        pattern = _check_pattern("event_pattern", event_pattern)
        if event_bus is not None:
            check_string("event_bus", event_bus, max_length=1600)
        if rule_name is not None:
            check_string(
                "rule_name", rule_name, pattern=_RULE_NAME, rule="must be 1-64 letters, digits, '.', '-' and '_'"
            )
        if description is not None:
            check_string("description", description, min_length=0, max_length=512)
        check_bool("enabled", enabled)
        self.rule_name: str = rule_name or generated_name(self, max_length=64)
        name = submitted_job_name(job_name, self.rule_name)
        if array_size is not None:
            check_integer("array_size", array_size, minimum=2, maximum=10000)
        if job_attempts is not None:
            check_integer("job_attempts", job_attempts, minimum=1, maximum=10)
        values = check_string_map("parameters", parameters) if parameters is not None else None
        paths = check_string_map("input_paths", input_paths) if input_paths is not None else None
        for key in paths or {}:
            check_string(
                "input_paths", key, pattern=_INPUT_PATH_KEY, rule="keys must be 1-256 letters, digits, '_' and '-'"
            )
            if key.startswith("AWS"):
                raise fail("input_paths", "keys must not start with AWS (reserved by EventBridge)", key)
        if paths and not values:
            raise fail("input_paths", "needs parameters that use them (<name> in a parameter's value)", paths)
        event_age = check_delivery(maximum_event_age, maximum_retry_attempts)
        dlq_arn = dead_letter_arn(self, dead_letter_queue) if dead_letter_queue is not None else None

        who = submitter(
            self,
            service="events.amazonaws.com",
            what="EventBridge rule",
            role=role,
            job_queue=job_queue,
            job_definition=job_definition,
        )
        self.role: ServiceRole | None = who.role
        self.rule: CloudwatchEventRule = _render_rule(
            self,
            name=self.rule_name,
            pattern=pattern,
            event_bus=event_bus,
            description=description,
            enabled=enabled,
        )
        self.target: CloudwatchEventTarget = _render_target(
            self,
            rule=attribute(self.rule, "name"),
            event_bus=event_bus,
            queue_arn=job_queue.job_queue_arn,
            role_arn=who.role_arn,
            job_definition_arn=job_definition.job_definition_arn,
            job_name=name,
            array_size=array_size,
            job_attempts=job_attempts,
            parameters=values,
            input_paths=paths,
            event_age=event_age,
            retry_attempts=maximum_retry_attempts,
            dead_letter_arn=dlq_arn,
            depends_on=who.depends_on,
        )

    @property
    def rule_arn(self) -> str:
        value: str = attribute(self.rule, "arn")
        return value

    def dead_letter_statement(self, queue_arn: str) -> dict[str, Any]:
        """The statement the dead-letter queue's policy needs: EventBridge may send from this rule."""
        return {
            "Sid": "EventBridgeDeadLetters",
            "Effect": "Allow",
            "Principal": {"Service": "events.amazonaws.com"},
            "Action": "sqs:SendMessage",
            "Resource": queue_arn,
            "Condition": {"ArnEquals": {"aws:SourceArn": self.rule_arn}},
        }

    @staticmethod
    def for_s3_objects(
        scope: Construct,
        construct_id: str,
        *,
        bucket_name: str,
        job_queue: IJobQueue,
        job_definition: IJobDefinition,
        prefix: str | None = None,
        suffix: str | None = None,
        bucket_parameter: str = "bucket",
        key_parameter: str = "key",
        **options: Any,
    ) -> JobTrigger:
        """A job per object created in ``bucket_name`` (under ``prefix``, ending with ``suffix``),
        with the bucket and key as the parameters ``bucket_parameter`` and ``key_parameter``
        (``Ref::bucket``, ``Ref::key`` in the job's command).

        The bucket must send its events to EventBridge (``aws_s3_bucket_notification`` with
        ``eventbridge = true``, one such resource per bucket: it owns all of the bucket's
        notifications); cdktf-batch does not turn it on. Other ``JobTrigger`` arguments pass
        through ``options``.

        Raises:
            ValidationError: ``bucket_name`` not 3-63 characters; an empty ``prefix`` or ``suffix``; anything
                ``JobTrigger`` refuses.
            EngineMismatchError: an object of the other engine's app given as ``job_queue``,
                ``job_definition``, ``role``, or ``scope`` in an app whose engine is not the one
                ``CDKTF_BATCH_ENGINE`` names.
        """
        check_string("bucket_name", bucket_name, min_length=3, max_length=63)
        key_filter: dict[str, str] = {}
        for name, value in (("prefix", prefix), ("suffix", suffix)):
            if value is not None:
                check_string(name, value)
                key_filter[name] = value
        detail: dict[str, Any] = {"bucket": {"name": [bucket_name]}}
        if key_filter:
            # One matcher per condition: a list of matchers would match either (OR).
            detail["object"] = {
                "key": [key_filter] if len(key_filter) == 1 else [{"wildcard": _wildcard(prefix, suffix)}]
            }
        parameters = dict(options.pop("parameters", None) or {})
        parameters.setdefault(bucket_parameter, "<bucket>")
        parameters.setdefault(key_parameter, "<key>")
        paths = dict(options.pop("input_paths", None) or {})
        paths.setdefault("bucket", "$.detail.bucket.name")
        paths.setdefault("key", "$.detail.object.key")
        return JobTrigger(
            scope,
            construct_id,
            job_queue=job_queue,
            job_definition=job_definition,
            event_pattern={"source": ["aws.s3"], "detail-type": ["Object Created"], "detail": detail},
            parameters=parameters,
            input_paths=paths,
            **options,
        )


class JobStatus(str, Enum):
    """The statuses of a Batch job's state-change events (none is sent for SUBMITTED)."""

    PENDING = "PENDING"
    RUNNABLE = "RUNNABLE"
    STARTING = "STARTING"
    RUNNING = "RUNNING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


class JobStateChangeRule(Construct):
    """An EventBridge rule routing the "Batch Job State Change" events of one queue's jobs to a
    target (``job_queue.on_job_state_change``).

    Attributes:
        rule: the provider's ``CloudwatchEventRule``; ``target`` its ``CloudwatchEventTarget``.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        job_queue: Any,
        target_arn: str,
        statuses: Sequence[JobStatus] = (),
        role: RoleLike | None = None,
        provider: AwsProvider | None = None,
        region: str | None = None,
    ) -> None:
        """The rule goes where ``provider`` and ``region`` say, by default where its scope's
        resources go: ``job_queue.on_job_state_change`` creates it inside the queue, in the
        queue's region, where Batch sends the queue's events.

        Raises:
            ValidationError: ``target_arn`` empty; ``statuses`` that are not ``JobStatus``es; ``provider``
                that is not an ``AwsProvider`` of the same stack, or ``region`` that is not a region code.
            EngineMismatchError: an object of the other engine's app given as ``role``, or ``scope`` in an app
                whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
        """
        super().__init__(scope, construct_id)
        remember_parent(self, scope, construct_id)
        place(self, provider=provider, region=region)
        check_string(
            "target_arn", target_arn, pattern=re.compile(r"arn:[a-z0-9-]+:[a-z0-9-]+:.+"), rule="must be an ARN"
        )
        chosen = [check_choice(f"statuses[{i}]", status, JobStatus) for i, status in enumerate(statuses)]
        check_engine(self, "role", role)
        detail: dict[str, Any] = {"jobQueue": [job_queue.job_queue_arn]}  # a JobQueue, owned or imported
        if chosen:
            detail["status"] = sorted({status.value for status in chosen})
        pattern = {"source": ["aws.batch"], "detail-type": ["Batch Job State Change"], "detail": detail}
        self.rule: CloudwatchEventRule = _render_rule(
            self,
            name=generated_name(self, max_length=64),
            pattern=_json.dumps(pattern),
            event_bus=None,
            description=generated_description("AWS Batch job state changes of", scope, EVENT_RULE_DESCRIPTION),
            enabled=True,
        )
        aws = placed(self)
        self.target: CloudwatchEventTarget = aws.CloudwatchEventTarget(
            self,
            "Target",
            rule=attribute(self.rule, "name"),
            arn=target_arn,
            role_arn=role_arn("role", role) if role is not None else None,
        )


def _wildcard(prefix: str | None, suffix: str | None) -> str:
    escaped = [(part or "").replace("\\", "\\\\").replace("*", "\\*") for part in (prefix, suffix)]
    return f"{escaped[0]}*{escaped[1]}"


def _check_pattern(argument: str, pattern: Any) -> str:
    """An event pattern: objects whose leaves are non-empty lists; returned as JSON."""
    if not isinstance(pattern, Mapping) or not pattern:
        raise fail(argument, "must be a non-empty mapping (an EventBridge event pattern)", pattern)

    def walk(value: Any, path: str) -> None:
        if isinstance(value, Mapping):
            if not value:
                raise fail(path, "must not be empty", {})
            for key, item in value.items():
                if not isinstance(key, str):
                    raise fail(path, "keys must be strings", key)
                walk(item, f"{path}[{key!r}]")
        elif isinstance(value, list):
            if not value:
                raise fail(path, "must list at least one value or matcher", [])
        elif not is_unresolved(value):
            raise fail(path, "must be a list of values or matchers, or a nested mapping", value)

    walk(pattern, argument)
    text = _json.dumps(dict(pattern))
    if not is_unresolved(text) and len(text) > _MAX_PATTERN:
        raise fail(argument, f"must be at most {_MAX_PATTERN} characters as JSON", len(text))
    return text


def _render_rule(
    scope: Construct, *, name: str, pattern: str, event_bus: str | None, description: str | None, enabled: bool
) -> CloudwatchEventRule:
    aws = placed(scope)
    return aws.CloudwatchEventRule(
        scope,
        "Rule",
        name=name,
        event_pattern=pattern,
        event_bus_name=event_bus,
        description=description,
        state="ENABLED" if enabled else "DISABLED",
    )


def _render_target(
    scope: Construct,
    *,
    rule: str,
    event_bus: str | None,
    queue_arn: str,
    role_arn: str,
    job_definition_arn: str,
    job_name: str,
    array_size: int | None,
    job_attempts: int | None,
    parameters: dict[str, str] | None,
    input_paths: dict[str, str] | None,
    event_age: int | None,
    retry_attempts: int | None,
    dead_letter_arn: str | None,
    depends_on: list[Any],
) -> CloudwatchEventTarget:
    aws = placed(scope)
    fixed_input = None
    transformer = None
    if input_paths:
        transformer = aws.CloudwatchEventTargetInputTransformer(
            input_paths=input_paths, input_template=_json.dumps({"Parameters": parameters})
        )
    elif parameters:
        fixed_input = _json.dumps({"Parameters": parameters})
    return aws.CloudwatchEventTarget(
        scope,
        "Target",
        rule=rule,
        event_bus_name=event_bus,
        arn=queue_arn,
        role_arn=role_arn,
        batch_target=aws.CloudwatchEventTargetBatchTarget(
            job_definition=job_definition_arn, job_name=job_name, array_size=array_size, job_attempts=job_attempts
        ),
        input=fixed_input,
        input_transformer=transformer,
        retry_policy=aws.CloudwatchEventTargetRetryPolicy(
            maximum_event_age_in_seconds=event_age, maximum_retry_attempts=retry_attempts
        )
        if event_age is not None or retry_attempts is not None
        else None,
        dead_letter_config=aws.CloudwatchEventTargetDeadLetterConfig(arn=dead_letter_arn)
        if dead_letter_arn is not None
        else None,
        depends_on=depends_on,
    )
