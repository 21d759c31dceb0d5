"""What ``JobSchedule`` and ``JobTrigger`` share: the queue and job definition they submit, the
submitted job's name, the delivery retries, and the role their service assumes to submit."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from cdktf_batch import _context
from cdktf_batch._engine import Construct, Fn, check_engine
from cdktf_batch._naming import IAM_ROLE_DESCRIPTION, generated_description
from cdktf_batch._validation import check_duration, check_integer, check_string, fail, is_unresolved
from cdktf_batch.iam import RoleLike, ServiceRole, grant_submit_job, role_arn

_JOB_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}")


def check_target(scope: Construct, job_queue: Any, job_definition: Any) -> None:
    """A queue and a job definition (owned or imported) of the scope's engine."""
    from cdktf_batch.job_definition import IJobDefinition
    from cdktf_batch.job_queue import IJobQueue

    if not isinstance(job_queue, IJobQueue):
        raise fail("job_queue", "must be a JobQueue (owned or imported)", type(job_queue).__name__)
    if not isinstance(job_definition, IJobDefinition):
        raise fail("job_definition", "must be a JobDefinition (owned or imported)", type(job_definition).__name__)
    check_engine(scope, "job_queue", job_queue)
    check_engine(scope, "job_definition", job_definition)


def job_name(given: str | None, default: str) -> str:
    """The submitted jobs' name: ``given`` (Batch's rule), else ``default`` made one."""
    if given is not None:
        check_string(
            "job_name",
            given,
            pattern=_JOB_NAME,
            rule="must be 1-128 letters, digits, '-' and '_', starting with a letter or digit",
        )
        return given
    if is_unresolved(default):
        # A rule or schedule name from a variable: Terraform makes the same replacement.
        return Fn.replace(default, ".", "-")
    return default.replace(".", "-")[:128]


def check_delivery(maximum_event_age: datetime.timedelta | None, maximum_retry_attempts: int | None) -> int | None:
    """The retry policy's limits, as both services take them; returns the age in seconds."""
    if maximum_retry_attempts is not None:
        check_integer("maximum_retry_attempts", maximum_retry_attempts, minimum=0, maximum=185)
    if maximum_event_age is None:
        return None
    return check_duration("maximum_event_age", maximum_event_age, minimum=60, maximum=86400)


@dataclass(frozen=True, kw_only=True, slots=True)
class Submitter:
    role_arn: str
    """The role the service assumes."""
    grantee: Any
    """What more grants go to (the role, or the ``role`` the user gave)."""
    role: ServiceRole | None
    """The role created here, if any."""
    depends_on: list[Any]
    """What the service's resource waits for: the grant and the role's attachments."""


def submitter(
    scope: Construct, *, service: str, what: str, role: RoleLike | None, job_queue: Any, job_definition: Any
) -> Submitter:
    """``role`` (granted), or a new role trusting only ``service`` for this account; either may
    submit exactly ``job_definition`` to exactly ``job_queue``."""
    check_engine(scope, "role", role)
    created = None
    if role is None:
        created = ServiceRole(
            scope,
            "Role",
            service=service,
            managed_policies=(),
            description=generated_description(f"{what} submitting the AWS Batch job of", scope, IAM_ROLE_DESCRIPTION),
            source_account=_context.account_id(scope),
        )
        grantee: Any = created.role
        assumed = created.role_arn
    else:
        grantee = role
        assumed = role_arn("role", role)
    grant = grant_submit_job(
        scope, grantee, job_queue_arn=job_queue.job_queue_arn, job_definition_arn=job_definition.job_definition_arn
    )
    return Submitter(
        role_arn=assumed,
        grantee=grantee,
        role=created,
        depends_on=[grant, *(created.attachments if created is not None else [])],
    )


# A standard queue's ARN: no ".", so FIFO queues (name.fifo), which neither EventBridge rules nor
# Scheduler take as dead-letter queues, fail it.
_STANDARD_QUEUE_ARN = re.compile(r"arn:[a-z0-9-]+:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}")


def dead_letter_arn(scope: Construct, queue: Any) -> str:
    """The ARN of a dead-letter queue given as the provider's ``SqsQueue`` (resource or data
    source) or a standard queue's ARN."""
    check_engine(scope, "dead_letter_queue", queue)
    if isinstance(queue, str):
        check_string(
            "dead_letter_queue",
            queue,
            pattern=_STANDARD_QUEUE_ARN,
            rule="must be a standard SQS queue's ARN (arn:<partition>:sqs:<region>:<account>:<name>) or SqsQueue",
        )
        return queue
    arn = getattr(queue, "arn", None)
    if not isinstance(arn, str) or not hasattr(queue, "fifo_queue"):
        raise fail("dead_letter_queue", "must be an SqsQueue or a standard SQS queue's ARN", type(queue).__name__)
    if getattr(queue, "fifo_queue_input", None) is True:
        raise fail(
            "dead_letter_queue", "must be a standard queue: FIFO queues are not taken as dead-letter queues", arn
        )
    return arn
