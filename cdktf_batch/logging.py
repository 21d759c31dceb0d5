"""Log configuration for job containers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from cdktf_batch._validation import check_choice, check_list, check_string_map, fail
from cdktf_batch.secrets import ExposedSecret

__all__ = ["LogConfiguration", "LogDriver"]

DEFAULT_LOG_GROUP = "/aws/batch/job"


class LogDriver(str, Enum):
    """The log drivers the AWS Batch API accepts (Fargate takes AWSLOGS, SPLUNK and AWSFIRELENS)."""

    AWSLOGS = "awslogs"
    AWSFIRELENS = "awsfirelens"
    FLUENTD = "fluentd"
    GELF = "gelf"
    JOURNALD = "journald"
    JSON_FILE = "json-file"
    SPLUNK = "splunk"
    SYSLOG = "syslog"


FARGATE_LOG_DRIVERS = (LogDriver.AWSLOGS, LogDriver.SPLUNK, LogDriver.AWSFIRELENS)


@dataclass(frozen=True, kw_only=True, slots=True)
class LogConfiguration:
    """Where a container's output goes. Default for Batch: ``awslogs`` into ``/aws/batch/job``.

    Raises:
        ValidationError: ``log_driver`` that is not a ``LogDriver``; ``options`` that is not a mapping of
            strings; ``secret_options`` that are not ``ExposedSecret``s.
    """

    log_driver: LogDriver
    options: Mapping[str, str] | None = None
    """Driver options, e.g. ``{"awslogs-group": "/batch/etl", "awslogs-stream-prefix": "etl"}``."""
    secret_options: Sequence[ExposedSecret] = field(default_factory=tuple)
    """Options whose values are secrets (``ExposedSecret.from_parameters_store`` / ``from_secrets_manager``)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "log_driver", check_choice("log_configuration.log_driver", self.log_driver, LogDriver))
        if self.options is not None:
            object.__setattr__(self, "options", check_string_map("log_configuration.options", self.options))
        secret_options = check_list("log_configuration.secret_options", self.secret_options, ExposedSecret)
        names = set()
        for index, secret in enumerate(secret_options):
            if secret.option_name in names or secret.option_name in (self.options or {}):
                raise fail(
                    f"log_configuration.secret_options[{index}]",
                    "names an option given twice (in options or another secret option)",
                    secret.option_name,
                )
            names.add(secret.option_name)
        object.__setattr__(self, "secret_options", secret_options)

    def log_group(self) -> str | None:
        """The CloudWatch Logs group written to, for awslogs."""
        if self.log_driver is not LogDriver.AWSLOGS:
            return None
        return (self.options or {}).get("awslogs-group", DEFAULT_LOG_GROUP)

    def render(self) -> dict[str, Any]:
        """The API's ``LogConfiguration``."""
        rendered: dict[str, Any] = {"logDriver": self.log_driver.value}
        if self.options:
            rendered["options"] = dict(self.options)
        if self.secret_options:
            rendered["secretOptions"] = [
                {"name": secret.option_name, "valueFrom": secret.source.value_from} for secret in self.secret_options
            ]
        return rendered
