"""Secrets for containers: environment variables (``Secret``) and log driver options
(``ExposedSecret``), from SSM parameters or Secrets Manager secrets.

A secret reaches the container at start through the job's execution role, which
cdktf_batch lets read exactly the parameters and secrets named here; the value itself is
never in the job definition or in Terraform state."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cdktf_batch._validation import check_string, fail, is_unresolved

__all__ = ["ExposedSecret", "Secret", "SecretSource"]

_SECRET_ARN = re.compile(r"arn:[a-z0-9-]+:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+")
_PARAMETER_ARN = re.compile(r"arn:[a-z0-9-]+:ssm:[a-z0-9-]+:\d{12}:parameter/.+")
_OPTION_NAME = re.compile(r"[A-Za-z0-9_.-]{1,255}")
_KEY_ARN = re.compile(r"arn:[a-z0-9-]+:kms:[a-z0-9-]+:\d{12}:key/[A-Za-z0-9-]+")


@dataclass(frozen=True, kw_only=True, slots=True)
class SecretSource:
    """Where a secret's value comes from: ``value_from`` for the job definition, and what the
    execution role must be allowed to read (``kind``: ``ssm`` or ``secretsmanager``)."""

    value_from: str
    kind: str
    resource_arn: str
    key: Any = None
    """What identifies the resource (the ARN text, or the object it came from): each access
    to a resource's ``arn`` gives a new token, so tokens cannot be compared."""
    kms_key_arn: str | None = None
    """The customer managed KMS key the value is encrypted with: the execution role is
    allowed to decrypt with it."""
    kms_key_ref: Any = None
    """What identifies the key (as ``key`` does the resource)."""


def ssm_source(argument: str, parameter: Any, *, encryption_key: Any = None) -> SecretSource:
    """An SSM parameter: the provider's ``SsmParameter`` (resource or data source), a
    ``StringParameter``, or the parameter's ARN; ``encryption_key`` the customer managed KMS
    key of a SecureString."""
    arn = _arn_of(argument, parameter, _PARAMETER_ARN, "an SSM parameter ARN, SsmParameter or StringParameter")
    return SecretSource(
        value_from=arn, kind="ssm", resource_arn=arn, key=_key(parameter), **_kms(argument, encryption_key)
    )


def _kms(argument: str, encryption_key: Any) -> dict[str, Any]:
    if encryption_key is None:
        return {}
    arn = _arn_of(
        f"{argument.rsplit('.', 1)[0]}.encryption_key",
        encryption_key,
        _KEY_ARN,
        "a KMS key ARN (arn:...:kms:region:account:key/id) or KmsKey",
    )
    return {"kms_key_arn": arn, "kms_key_ref": _key(encryption_key)}


def secrets_manager_source(
    argument: str,
    secret: Any,
    *,
    field: str | None = None,
    version_stage: str | None = None,
    version_id: str | None = None,
    encryption_key: Any = None,
) -> SecretSource:
    """A Secrets Manager secret (the provider's ``SecretsmanagerSecret``, resource or data
    source, or its ARN), optionally one JSON key (``field``) of one version; ``encryption_key``
    the customer managed KMS key it is encrypted with."""
    arn = _arn_of(argument, secret, _SECRET_ARN, "a Secrets Manager secret ARN or SecretsmanagerSecret")
    if version_stage is not None and version_id is not None:
        raise fail(f"{argument}.version_id", "give version_stage or version_id, not both", version_id)
    for name, value in (("field", field), ("version_stage", version_stage), ("version_id", version_id)):
        if value is not None:
            check_string(
                f"{argument}.{name}", value, pattern=re.compile(r"[^:]+"), rule="must be a non-empty string without ':'"
            )
    value_from = arn
    if field is not None or version_stage is not None or version_id is not None:
        # arn:...:secret:name-AbCdEf:json-key:version-stage:version-id
        value_from = f"{arn}:{field or ''}:{version_stage or ''}:{version_id or ''}"
    return SecretSource(
        value_from=value_from,
        kind="secretsmanager",
        resource_arn=arn,
        key=_key(secret),
        **_kms(argument, encryption_key),
    )


class Secret:
    """A secret exposed to the container as an environment variable."""

    def __init__(self, source: SecretSource) -> None:
        self.source = source

    @staticmethod
    def from_ssm_parameter(parameter: Any, *, encryption_key: Any = None) -> Secret:
        """From an SSM parameter (``SsmParameter``, ``StringParameter`` or its ARN).

        ``encryption_key``: the customer managed KMS key of a SecureString (a ``KmsKey``
        resource or data source, or its ARN); the execution role may then decrypt with it.
        Default: - the AWS managed key, which needs no grant.

        Raises:
            ValidationError: ``parameter`` that is not a ``StringParameter``, the provider's ``SsmParameter``
                (or its data source) or an ARN.
        """
        return Secret(ssm_source("secrets.parameter", parameter, encryption_key=encryption_key))

    @staticmethod
    def from_secrets_manager(
        secret: Any,
        field: str | None = None,
        *,
        version_stage: str | None = None,
        version_id: str | None = None,
        encryption_key: Any = None,
    ) -> Secret:
        """From a Secrets Manager secret, or one JSON key of it (``field``).

        ``encryption_key``: the customer managed KMS key the secret is encrypted with (a
        ``KmsKey`` resource or data source, or its ARN); the execution role may then decrypt
        with it. Default: - the AWS managed key, which needs no grant.

        Raises:
            ValidationError: ``secret`` that is not the provider's secret, its data source or an ARN; a
                ``field``, ``version_stage`` or ``version_id`` that is not a string; both ``version_stage``
                and ``version_id``.
        """
        return Secret(
            secrets_manager_source(
                "secrets.secret",
                secret,
                field=field,
                version_stage=version_stage,
                version_id=version_id,
                encryption_key=encryption_key,
            )
        )


class ExposedSecret:
    """A secret passed to the log driver as the option ``option_name``.

    Raises:
        ValidationError: ``option_name`` not an option name (letters, digits, ``_ . -``).
    """

    def __init__(self, option_name: str, source: SecretSource) -> None:
        check_string(
            "secret_options.option_name",
            option_name,
            pattern=_OPTION_NAME,
            rule="must be a log driver option name (letters, digits, _ . -)",
        )
        self.option_name = option_name
        self.source = source

    @staticmethod
    def from_parameters_store(option_name: str, parameter: Any, *, encryption_key: Any = None) -> ExposedSecret:
        """From an SSM parameter (``SsmParameter``, ``StringParameter`` or its ARN);
        ``encryption_key`` as for ``Secret.from_ssm_parameter``.

        Raises:
            ValidationError: ``option_name`` not an option name (letters, digits, ``_ . -``); ``parameter`` as
                ``Secret.from_ssm_parameter`` refuses it.
        """
        return ExposedSecret(
            option_name, ssm_source("secret_options.parameter", parameter, encryption_key=encryption_key)
        )

    @staticmethod
    def from_secrets_manager(
        option_name: str, secret: Any, field: str | None = None, *, encryption_key: Any = None
    ) -> ExposedSecret:
        """From a Secrets Manager secret, or one JSON key of it (``field``); ``encryption_key``
        as for ``Secret.from_secrets_manager``.

        Raises:
            ValidationError: ``option_name`` not an option name (letters, digits, ``_ . -``); ``secret`` as
                ``Secret.from_secrets_manager`` refuses it.
        """
        return ExposedSecret(
            option_name,
            secrets_manager_source("secret_options.secret", secret, field=field, encryption_key=encryption_key),
        )


def _arn_of(argument: str, value: Any, pattern: re.Pattern[str], what: str) -> str:
    if isinstance(value, str):
        if is_unresolved(value) or pattern.fullmatch(value):
            return value
        raise fail(argument, f"must be {what}", value)
    arn = getattr(value, "arn", None)
    if isinstance(arn, str):
        return arn
    raise fail(argument, f"must be {what}", type(value).__name__)


def _key(value: Any) -> Any:
    return value if isinstance(value, str) else ("object", id(value))
