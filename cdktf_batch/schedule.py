"""Jobs submitted on a schedule: ``JobSchedule`` on EventBridge Scheduler, and ``Schedule``, its
expressions (rate, cron, one time), checked when the program runs.

The schedule calls Batch's ``SubmitJob`` through Scheduler's universal target
(``arn:<partition>:scheduler:::aws-sdk:batch:submitJob``) with the request as literal JSON, and
assumes a role that may submit exactly this job definition to exactly this queue.
"""

from __future__ import annotations

import datetime
import json
import re
import zoneinfo
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from cdktf_batch import _context, _json
from cdktf_batch._context import place, placed
from cdktf_batch._engine import Construct
from cdktf_batch._naming import attribute, generated_name, remember_parent
from cdktf_batch._submitter import check_delivery, check_target, dead_letter_arn, submitter
from cdktf_batch._submitter import job_name as submitted_job_name
from cdktf_batch._validation import (
    check_bool,
    check_duration,
    check_environment_name,
    check_integer,
    check_number,
    check_string,
    check_string_list,
    check_string_map,
    check_type,
    fail,
    is_unresolved,
)
from cdktf_batch.guardrails import RoleOptions, kms_key_arn, use_role_options
from cdktf_batch.iam import RoleLike, ServiceRole

if TYPE_CHECKING:
    from cdktf_cdktf_provider_aws.provider import AwsProvider
    from cdktf_cdktf_provider_aws.scheduler_schedule import SchedulerSchedule

    from cdktf_batch.job_definition import IJobDefinition
    from cdktf_batch.job_queue import IJobQueue

__all__ = ["ContainerOverrides", "JobSchedule", "Schedule"]

# (field, lowest, highest, names, special characters) of a cron expression, in order.
_CRON_FIELDS = (
    ("minute", 0, 59, (), ",-*/"),
    ("hour", 0, 23, (), ",-*/"),
    ("day", 1, 31, (), ",-*?/LW"),
    ("month", 1, 12, ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), ",-*/"),
    ("week_day", 1, 7, ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"), ",-*?L#"),
    ("year", 1970, 2199, (), ",-*/"),
)
_EXPRESSION = re.compile(r"(at\([^()]+\)|rate\([^()]+\)|cron\([^()]+\))")
_SCHEDULE_NAME = re.compile(r"[0-9A-Za-z_.-]{1,64}")


@dataclass(frozen=True, slots=True)
class Schedule:
    """When a ``JobSchedule`` submits its job: make one with :meth:`rate`, :meth:`cron`,
    :meth:`at` or :meth:`expression`."""

    expression_string: str
    """The Scheduler expression: ``rate(...)``, ``cron(...)`` or ``at(...)``."""

    @staticmethod
    def rate(interval: datetime.timedelta) -> Schedule:
        """Every ``interval``: whole minutes, at least one (Scheduler's precision). Starts at
        the schedule's ``start`` (default: when it is created).

        Raises:
            ValidationError: ``interval`` that is not a whole number of minutes, at least one.
        """
        minutes = check_duration("schedule", interval, unit="minutes", minimum=1)
        for size, unit in ((1440, "day"), (60, "hour"), (1, "minute")):
            if minutes % size == 0:
                count = minutes // size
                return Schedule(f"rate({count} {unit}{'' if count == 1 else 's'})")
        raise AssertionError("a whole number of minutes is a whole number of some unit")

    @staticmethod
    def cron(
        *,
        minute: str = "*",
        hour: str = "*",
        day: str | None = None,
        month: str = "*",
        week_day: str | None = None,
        year: str = "*",
    ) -> Schedule:
        """A cron expression, in the schedule's ``time_zone`` (default UTC). Give ``day`` (of the
        month) or ``week_day``, not both: the other becomes ``?``. Fields take numbers or names
        (``JAN``, ``MON``), lists ``,``, ranges ``-``, steps ``/`` and ``*``; ``day`` also ``L``
        and ``W``, ``week_day`` also ``L`` and ``#`` (EventBridge's cron syntax).

        ``Schedule.cron(minute="0", hour="2")`` is every night at 02:00.

        Raises:
            ValidationError: a field outside EventBridge's ranges, names or wildcards (``, - * / ? L W #``
                where allowed), or both ``day`` and ``week_day``.
        """
        if day is not None and week_day is not None and "?" not in (day, week_day):
            raise fail("schedule.week_day", "give day or week_day, not both (the other is ?)", week_day)
        fields = {
            "minute": minute,
            "hour": hour,
            "day": day if day is not None else ("?" if week_day is not None else "*"),
            "month": month,
            "week_day": week_day if week_day is not None else "?",
            "year": year,
        }
        for name, low, high, names, special in _CRON_FIELDS:
            _check_cron_field(f"schedule.{name}", fields[name], low, high, names, special)
        return Schedule(f"cron({' '.join(fields[name] for name, *_ in _CRON_FIELDS)})")

    @staticmethod
    def at(moment: datetime.datetime) -> Schedule:
        """Once, at ``moment``: a naive datetime is read in the schedule's ``time_zone``, an
        aware one is converted to UTC (give ``time_zone="UTC"`` with it). A moment in the past
        is accepted (Scheduler never runs it).

        Raises:
            ValidationError: ``moment`` that is not a ``datetime.datetime``.
        """
        check_type("schedule", moment, datetime.datetime, "a datetime.datetime")
        if moment.tzinfo is not None:
            moment = moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return Schedule(f"at({moment.replace(microsecond=0).isoformat()})")

    @staticmethod
    def expression(expression: str) -> Schedule:
        """A Scheduler expression as it is: ``rate(...)``, ``cron(...)`` or ``at(...)``.

        Raises:
            ValidationError: ``expression`` that is not ``at(...)``, ``rate(...)`` or ``cron(...)``, or longer
                than 256 characters.
        """
        check_string(
            "schedule",
            expression,
            pattern=_EXPRESSION,
            max_length=256,
            rule="must be a Scheduler expression: at(...), rate(...) or cron(...)",
        )
        return Schedule(expression)

    @property
    def is_one_time(self) -> bool:
        return self.expression_string.startswith("at(")


def _check_cron_field(argument: str, value: Any, low: int, high: int, names: tuple[str, ...], special: str) -> None:
    check_string(argument, value)
    if is_unresolved(value):
        return
    allowed = f"numbers {low}-{high}" + (f" or {names[0]}-{names[-1]}" if names else "")
    rule = f"must be a cron field of {allowed} with {' '.join(special)}"
    text = value.upper()
    number = "|".join([r"\d+", *names])
    token = re.compile(rf"(\*|\?|L|LW|(?:{number})(?:-(?:{number}))?(?:/\d+)?|\*/\d+|\d+(?:W|L|#[1-5]))")
    for item in text.split(","):
        match = token.fullmatch(item)
        if match is None or not _uses_only(re.sub("|".join(names), "", item) if names else item, special):
            raise fail(argument, rule, value)
        for part in re.findall(rf"(?<![/#])\b({number})\b", item):
            if part.isdigit() and not low <= int(part) <= high:
                raise fail(argument, f"must be within {low}-{high}", value)


def _uses_only(item: str, special: str) -> bool:
    used = {character for character in item if not character.isalnum()} | ({"L"} if "L" in item else set())
    used |= {"W"} if re.search(r"\dW|LW", item) else set()
    return all(character in special for character in used)


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@dataclass(frozen=True, kw_only=True, slots=True)
class ContainerOverrides:
    """What a scheduled job changes of its job definition's container."""

    command: Sequence[str] | None = None
    environment: Mapping[str, str] | None = None
    vcpus: float | None = None
    memory_limit_mib: int | None = None

    def _check_at(self, path: str) -> None:
        if self.command is not None:
            check_string_list(f"{path}.command", self.command)
        if self.environment is not None:
            for key in check_string_map(f"{path}.environment", self.environment):
                check_environment_name(f"{path}.environment", key)
        if self.vcpus is not None:
            check_number(f"{path}.vcpus", self.vcpus, minimum=0.25)
        if self.memory_limit_mib is not None:
            check_integer(f"{path}.memory_limit_mib", self.memory_limit_mib, minimum=4)

    def render(self) -> dict[str, Any]:
        rendered: dict[str, Any] = {}
        if self.command is not None:
            rendered["Command"] = list(self.command)
        if self.environment:
            rendered["Environment"] = [{"Name": k, "Value": v} for k, v in sorted(self.environment.items())]
        requirements = []
        if self.vcpus is not None:
            requirements.append({"Type": "VCPU", "Value": _number(self.vcpus)})
        if self.memory_limit_mib is not None:
            requirements.append({"Type": "MEMORY", "Value": _number(self.memory_limit_mib)})
        if requirements:
            rendered["ResourceRequirements"] = requirements
        return rendered


class JobSchedule(Construct):
    """A job submitted on a schedule by EventBridge Scheduler (``aws_scheduler_schedule``).

    Attributes:
        resource: the provider's ``SchedulerSchedule``.
        role: the role the schedule assumes (a ``ServiceRole``), when created here.
        schedule_arn: the schedule's ARN.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        job_queue: IJobQueue,
        job_definition: IJobDefinition,
        schedule: Schedule,
        time_zone: str | None = None,
        flexible_window: datetime.timedelta | None = None,
        start: datetime.datetime | None = None,
        end: datetime.datetime | None = None,
        enabled: bool = True,
        schedule_name: str | None = None,
        group_name: str | None = None,
        description: str | None = None,
        job_name: str | None = None,
        parameters: Mapping[str, str] | None = None,
        array_size: int | None = None,
        retry_attempts: int | None = None,
        timeout: datetime.timedelta | None = None,
        container_overrides: ContainerOverrides | None = None,
        share_identifier: str | None = None,
        scheduling_priority_override: int | None = None,
        job_tags: Mapping[str, str] | None = None,
        maximum_event_age: datetime.timedelta | None = None,
        maximum_retry_attempts: int | None = None,
        dead_letter_queue: Any | None = None,
        kms_key: Any | None = None,
        role: RoleLike | None = None,
        role_options: RoleOptions | None = None,
        provider: AwsProvider | None = None,
        region: str | None = None,
    ) -> None:
        """
        Args:
            job_queue: where jobs are submitted (owned or imported).
            job_definition: what is submitted (owned or imported).
            schedule: when (``Schedule.rate``, ``.cron``, ``.at``, ``.expression``).
            time_zone: an IANA time zone for cron and at schedules. Default: - UTC.
            flexible_window: run at a random moment up to this long after the scheduled time
                (1 minute to 24 hours, whole minutes). Default: - exactly on time.
            start: the schedule runs only from this moment (not for ``at``).
            end: the schedule runs only until this moment (not for ``at``).
            enabled: ENABLED or DISABLED.
            schedule_name: Default: - a stable name generated from the construct path.
            group_name: the schedule group (changing it replaces the schedule). Default: - ``default``.
            job_name: the submitted job's name. Default: - the schedule's name, cut to 128.
            parameters: values for the job definition's ``Ref::`` placeholders.
            array_size: an array job of 2-10,000 children.
            retry_attempts: attempts in all, 1-10. Default: - the job definition's.
            timeout: per attempt, at least 60 seconds. Default: - the job definition's.
            container_overrides: command, environment, vCPUs or memory of this submission.
            share_identifier: for fair-share queues, which require it (the others refuse it).
            scheduling_priority_override: for fair-share queues (the others refuse it).
            job_tags: tags of each submitted job.
            maximum_event_age: how long Scheduler keeps retrying a failed submission (1 minute
                to 24 hours). Default: - 24 hours.
            maximum_retry_attempts: 0-185. Default: - 185.
            dead_letter_queue: an SQS queue (the provider's ``SqsQueue`` or a standard queue's
                ARN) for submissions that failed every retry; the role may send to it.
            kms_key: a customer managed, symmetric KMS key (its ARN, or the provider's
                ``KmsKey``) with which Scheduler encrypts the submission it keeps (the target
                input); the role may decrypt with exactly this key, and the key policy must
                allow the account's IAM policies. Default: - an AWS owned key.
            role: the role Scheduler assumes; it is granted ``batch:SubmitJob`` on exactly this
                queue and job definition. Default: - a new role trusting ``scheduler.amazonaws.com``
                for this account only.
            role_options: the permissions boundary and path of the role it creates. Default: -
                the scope's (``RoleOptions.apply``), else the app's context.
            provider: the ``AwsProvider`` (usually aliased) of everything it creates and reads (see
                ``ComputeEnvironment``). Default: - the enclosing construct's, else the stack's default provider.
            region: the region of its regional resources (provider 6's ``region`` argument).
                Default: - the enclosing construct's, else the provider's region.

        Raises:
            ValidationError: ``job_queue`` or ``job_definition`` of the wrong kind; ``schedule`` that is not a
                ``Schedule``; a fair-share queue without ``share_identifier``, or ``share_identifier`` /
                ``scheduling_priority_override`` on a FIFO queue; ``time_zone`` that is not an IANA zone;
                ``flexible_window`` outside 1-1440 minutes; ``end`` before ``start``, or either on a one-time
                schedule; ``array_size`` outside 2-10000, ``retry_attempts`` outside 1-10, ``timeout`` under
                60 seconds, ``maximum_event_age`` outside 1 minute-24 hours, ``maximum_retry_attempts``
                outside 0-185; more than 50 ``job_tags``; ``dead_letter_queue`` that is not an SQS queue or a
                standard queue's ARN; ``kms_key`` that is not a KMS key ARN or ``KmsKey``; ``provider``
                that is not an ``AwsProvider`` of the same stack, or ``region`` that is not a region code;
                ``role_options`` or the context's role settings with a boundary that is not a managed
                policy ARN or a path that is not ``/`` or ``/.../``.
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
        check_type("schedule", schedule, Schedule, "a Schedule (Schedule.rate, .cron, .at or .expression)")
        if time_zone is not None:
            check_string("time_zone", time_zone, max_length=50)
            if not is_unresolved(time_zone) and _time_zones() and time_zone not in _time_zones():
                raise fail("time_zone", "must be an IANA time zone name, such as Europe/Paris or UTC", time_zone)
        window = None
        if flexible_window is not None:
            window = check_duration("flexible_window", flexible_window, unit="minutes", minimum=1, maximum=1440)
        for name, moment in (("start", start), ("end", end)):
            if moment is not None:
                check_type(name, moment, datetime.datetime, "a datetime.datetime")
                if schedule.is_one_time:
                    raise fail(name, "does not apply to a one-time (at) schedule", moment)
        if start is not None and end is not None and _utc(start) >= _utc(end):
            raise fail("end", f"must be after start ({_rfc3339(start)})", _rfc3339(end))
        check_bool("enabled", enabled)
        if schedule_name is not None:
            check_string(
                "schedule_name",
                schedule_name,
                pattern=_SCHEDULE_NAME,
                rule="must be 1-64 letters, digits, '_', '.' and '-'",
            )
        if group_name is not None:
            check_string(
                "group_name", group_name, pattern=_SCHEDULE_NAME, rule="must be 1-64 letters, digits, '_', '.' and '-'"
            )
        if description is not None:
            check_string("description", description, min_length=0, max_length=512)
        self.schedule_name: str = schedule_name or generated_name(self, max_length=64)
        request: dict[str, Any] = {
            "JobName": submitted_job_name(job_name, self.schedule_name),
            "JobQueue": job_queue.job_queue_arn,
            "JobDefinition": job_definition.job_definition_arn,
        }
        if parameters is not None:
            request["Parameters"] = check_string_map("parameters", parameters)
        if array_size is not None:
            check_integer("array_size", array_size, minimum=2, maximum=10000)
            request["ArrayProperties"] = {"Size": array_size}
        if retry_attempts is not None:
            check_integer("retry_attempts", retry_attempts, minimum=1, maximum=10)
            request["RetryStrategy"] = {"Attempts": retry_attempts}
        if timeout is not None:
            request["Timeout"] = {"AttemptDurationSeconds": check_duration("timeout", timeout, minimum=60)}
        if container_overrides is not None:
            check_type("container_overrides", container_overrides, ContainerOverrides, "ContainerOverrides")
            container_overrides._check_at("container_overrides")
            if container_overrides.render():
                request["ContainerOverrides"] = container_overrides.render()
        fair_share = (
            getattr(job_queue, "scheduling_policy", "unknown") if isinstance(job_queue, JobQueue) else "unknown"
        )
        if share_identifier is not None:
            check_string(
                "share_identifier",
                share_identifier,
                pattern=re.compile(r"[A-Za-z0-9]{1,254}[A-Za-z0-9*]?"),
                rule="must be up to 255 letters and digits, optionally ending with *",
            )
            if fair_share is None:
                raise fail(
                    "share_identifier",
                    "applies to fair-share queues only (this queue has no scheduling policy)",
                    share_identifier,
                )
            request["ShareIdentifier"] = share_identifier
        elif fair_share not in (None, "unknown"):
            raise fail(
                "share_identifier", "is required: the queue has a fair-share scheduling policy", None, show_value=False
            )
        if scheduling_priority_override is not None:
            check_integer("scheduling_priority_override", scheduling_priority_override, minimum=0, maximum=9999)
            if fair_share is None:
                raise fail(
                    "scheduling_priority_override",
                    "applies to fair-share queues only (this queue has no scheduling policy)",
                    scheduling_priority_override,
                )
            request["SchedulingPriorityOverride"] = scheduling_priority_override
        if job_tags is not None:
            tags = check_string_map("job_tags", job_tags)
            if len(tags) > 50:
                raise fail("job_tags", "takes at most 50 tags", len(tags))
            request["Tags"] = tags
        event_age = check_delivery(maximum_event_age, maximum_retry_attempts)
        dlq_arn = dead_letter_arn(self, dead_letter_queue) if dead_letter_queue is not None else None
        key_arn = kms_key_arn("kms_key", kms_key) if kms_key is not None else None

        who = submitter(
            self,
            service="scheduler.amazonaws.com",
            what="EventBridge Scheduler",
            role=role,
            job_queue=job_queue,
            job_definition=job_definition,
        )
        self.role: ServiceRole | None = who.role
        # The schedule waits for its permissions (and is gone before they are).
        grants = list(who.depends_on)
        extra = []
        if dlq_arn is not None:
            extra.append(_statement("DeadLetters", "sqs:SendMessage", dlq_arn))
        if key_arn is not None:
            # Scheduler decrypts the stored target input as the role when it submits.
            extra.append(_statement("DecryptInput", "kms:Decrypt", key_arn))
        if job_tags is not None:
            # Tags given at submission are applied by Batch on the caller's behalf ("tag on create").
            jobs = f"arn:{_context.partition(self)}:batch:{_context.region(self)}:{_context.account_id(self)}:job/*"
            extra.append(_statement("TagSubmittedJobs", "batch:TagResource", jobs))
        if extra:
            grants.append(_render_role_policy_statements(self, who.grantee, extra))
        self.resource: SchedulerSchedule = _render_schedule(
            self,
            name=self.schedule_name,
            group_name=group_name,
            expression=schedule.expression_string,
            time_zone=time_zone,
            window_minutes=window,
            start=_rfc3339(start) if start is not None else None,
            end=_rfc3339(end) if end is not None else None,
            enabled=enabled,
            description=description,
            role_arn=who.role_arn,
            request=request,
            event_age=event_age,
            retry_attempts=maximum_retry_attempts,
            dead_letter_arn=dlq_arn,
            kms_key_arn=key_arn,
            depends_on=grants,
        )

    @property
    def schedule_arn(self) -> str:
        value: str = attribute(self.resource, "arn")
        return value


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.timezone.utc) if moment.tzinfo else moment.replace(tzinfo=datetime.timezone.utc)


def _rfc3339(moment: datetime.datetime) -> str:
    """RFC 3339 in UTC (a naive moment is UTC), as the provider takes start and end dates."""
    return _utc(moment).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _number(value: float) -> str:
    return str(value) if is_unresolved(value) else (str(int(value)) if float(value).is_integer() else str(value))


def _statement(sid: str, action: str, resource: str) -> dict[str, str]:
    return {"Sid": sid, "Effect": "Allow", "Action": action, "Resource": resource}


def _render_role_policy_statements(scope: Construct, role: Any, statements: list[dict[str, str]]) -> Any:
    from cdktf_batch.iam import role_name

    aws = placed(scope)
    return aws.IamRolePolicy(
        scope,
        "DeliveryGrant",
        name_prefix=generated_name(scope, max_length=100) + "-",
        role=role_name("role", role),
        policy=json.dumps({"Version": "2012-10-17", "Statement": statements}, separators=(",", ":")),
    )


def _render_schedule(
    scope: Construct,
    *,
    name: str,
    group_name: str | None,
    expression: str,
    time_zone: str | None,
    window_minutes: int | None,
    start: str | None,
    end: str | None,
    enabled: bool,
    description: str | None,
    role_arn: str,
    request: dict[str, Any],
    event_age: int | None,
    retry_attempts: int | None,
    dead_letter_arn: str | None,
    kms_key_arn: str | None,
    depends_on: list[Any],
) -> SchedulerSchedule:
    aws = placed(scope)
    retry = None
    if event_age is not None or retry_attempts is not None:
        retry = aws.SchedulerScheduleTargetRetryPolicy(
            maximum_event_age_in_seconds=event_age, maximum_retry_attempts=retry_attempts
        )
    return aws.SchedulerSchedule(
        scope,
        "Resource",
        name=name,
        group_name=group_name,
        schedule_expression=expression,
        schedule_expression_timezone=time_zone,
        flexible_time_window=aws.SchedulerScheduleFlexibleTimeWindow(
            mode="FLEXIBLE" if window_minutes is not None else "OFF", maximum_window_in_minutes=window_minutes
        ),
        start_date=start,
        end_date=end,
        state="ENABLED" if enabled else "DISABLED",
        description=description,
        kms_key_arn=kms_key_arn,
        depends_on=depends_on,
        target=aws.SchedulerScheduleTarget(
            arn=f"arn:{_context.partition(scope)}:scheduler:::aws-sdk:batch:submitJob",
            role_arn=role_arn,
            input=_json.dumps(request),
            retry_policy=retry,
            dead_letter_config=aws.SchedulerScheduleTargetDeadLetterConfig(arn=dead_letter_arn)
            if dead_letter_arn is not None
            else None,
        ),
    )
