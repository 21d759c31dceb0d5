"""A CloudWatch Logs group for job output, with the retention and KMS key the scope asks for.

Without one, the ``awslogs`` driver writes to ``/aws/batch/job``, which AWS creates on first
use with no retention and no key of yours; a ``LogGroup`` is created (and destroyed) with the
stack, and ``log_configuration()`` points a container at it."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from cdktf_batch import _context
from cdktf_batch._context import place, placed
from cdktf_batch._engine import Construct
from cdktf_batch._naming import attribute, generated_name, remember_parent
from cdktf_batch._validation import check_log_retention, check_string, check_string_map
from cdktf_batch.guardrails import LogGroupOptions, kms_key_arn, log_group_options
from cdktf_batch.logging import LogConfiguration, LogDriver

if TYPE_CHECKING:
    from cdktf_cdktf_provider_aws.cloudwatch_log_group import CloudwatchLogGroup
    from cdktf_cdktf_provider_aws.provider import AwsProvider

__all__ = ["LogGroup"]

_LOG_GROUP_NAME = re.compile(r"[\w\-/.#]{1,512}")


class LogGroup(Construct):
    """A CloudWatch Logs group (``aws_cloudwatch_log_group``).

    Attributes:
        resource: the provider's ``CloudwatchLogGroup``.
        log_group_name, log_group_arn: its identifiers.
        retention_days, kms_key_arn: what it was given (or took from its scope), or None.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        log_group_name: str | None = None,
        retention: datetime.timedelta | None = None,
        kms_key: Any | None = None,
        tags: Mapping[str, str] | None = None,
        provider: AwsProvider | None = None,
        region: str | None = None,
    ) -> None:
        """
        Args:
            log_group_name: Default: - ``/aws/batch/`` and a stable name generated from the
                construct path.
            retention: how long events are kept, one of CloudWatch Logs' periods (1 day to
                3653 days). Default: - the scope's (``LogGroupOptions.apply``), else the
                ``LOG_GROUP_RETENTION_DAYS`` context, else forever.
            kms_key: a KMS key ARN or the provider's ``KmsKey``, whose key policy lets
                ``logs.<region>.amazonaws.com`` use it. Default: - the scope's, else the
                ``LOG_GROUP_KMS_KEY`` context, else a key CloudWatch Logs owns.
            tags: tags for the group.
            provider: the ``AwsProvider`` (usually aliased) of everything it creates and reads (see
                ``ComputeEnvironment``). Default: - the enclosing construct's, else the stack's default provider.
            region: the region of its regional resources (provider 6's ``region`` argument).
                Default: - the enclosing construct's, else the provider's region.

        Raises:
            ValidationError: ``retention`` that is not one of CloudWatch Logs' retention periods; ``kms_key``
                that is not a KMS key ARN; ``log_group_name`` empty; a bad context value (the key is named);
                ``provider`` that is not an ``AwsProvider`` of the same stack, or ``region`` that is not a
                region code.
            EngineMismatchError: ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
        """
        super().__init__(scope, construct_id)
        remember_parent(self, scope, construct_id)
        place(self, provider=provider, region=region)
        if log_group_name is not None:
            check_string(
                "log_group_name",
                log_group_name,
                pattern=_LOG_GROUP_NAME,
                rule="must be 1-512 letters, digits, '_', '-', '/', '.' and '#'",
            )
        if retention is not None:
            check_log_retention("retention", retention)
        if kms_key is not None:
            kms_key = kms_key_arn("kms_key", kms_key)
        given = LogGroupOptions(retention=retention, kms_key=kms_key)
        self.retention_days, self.kms_key_arn = log_group_options(self, given)
        self.resource: CloudwatchLogGroup = _render_log_group(
            self,
            name=log_group_name or "/aws/batch/" + generated_name(self, max_length=500),
            retention_days=self.retention_days,
            kms_key_arn=self.kms_key_arn,
            tags=check_string_map("tags", tags) if tags is not None else None,
        )

    @property
    def log_group_name(self) -> str:
        value: str = attribute(self.resource, "name")
        return value

    @property
    def log_group_arn(self) -> str:
        value: str = attribute(self.resource, "arn")
        return value

    def log_configuration(self, *, stream_prefix: str | None = None) -> LogConfiguration:
        """``awslogs`` into this group (a job definition's execution role may write to it); with
        the group's region when it was placed apart from the stack's default.

        Raises:
            ValidationError: ``stream_prefix`` empty; ``options`` or ``secret_options`` as
                ``LogConfiguration`` refuses them.
        """
        options = {"awslogs-group": self.log_group_name}
        if _context.placement(self).key:
            options["awslogs-region"] = _context.region(self)
        if stream_prefix is not None:
            check_string("stream_prefix", stream_prefix)
            options["awslogs-stream-prefix"] = stream_prefix
        return LogConfiguration(log_driver=LogDriver.AWSLOGS, options=options)


def _render_log_group(
    scope: Construct, *, name: str, retention_days: int | None, kms_key_arn: str | None, tags: Mapping[str, str] | None
) -> CloudwatchLogGroup:
    aws = placed(scope)

    return aws.CloudwatchLogGroup(
        scope,
        "Resource",
        name=name,
        retention_in_days=retention_days,
        kms_key_id=kms_key_arn,
        tags=dict(tags) if tags else None,
    )
