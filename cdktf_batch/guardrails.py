"""Guard-rails large organisations require of what cdktf_batch creates: a permissions boundary
and a path on every IAM role, a retention and a KMS key on every log group.

Each is set, from the weakest to the strongest:

1. for the whole app, with context keys (``cdktf.json``'s ``context``, or ``App(context=...)``):
   ``ROLE_PERMISSIONS_BOUNDARY``, ``ROLE_PATH``, ``LOG_GROUP_RETENTION_DAYS``, ``LOG_GROUP_KMS_KEY``;
2. for a stack or any construct and everything created inside it afterwards, with
   ``RoleOptions(...).apply(scope)`` and ``LogGroupOptions(...).apply(scope)``;
3. for one construct, with its ``role_options=`` argument (``LogGroup``: its own arguments).

A field left None takes the next weaker setting; all None leaves AWS's default (no boundary,
path ``/``, logs kept forever, encrypted with a key CloudWatch Logs owns).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from cdktf_batch._context import context_of_new, nearest_field, record
from cdktf_batch._engine import Construct
from cdktf_batch._validation import (
    check_arn,
    check_iam_path,
    check_integer,
    check_log_retention,
    check_type,
    fail,
)

__all__ = ["LogGroupOptions", "RoleOptions"]

ROLE_PERMISSIONS_BOUNDARY = "cdktf-batch:role-permissions-boundary"
"""Context key: the managed policy ARN every created role gets as its permissions boundary."""
ROLE_PATH = "cdktf-batch:role-path"
"""Context key: the IAM path of every created role, e.g. ``/batch/``."""
LOG_GROUP_RETENTION_DAYS = "cdktf-batch:log-group-retention-days"
"""Context key: the retention of every created log group, in days (one of CloudWatch's periods)."""
LOG_GROUP_KMS_KEY = "cdktf-batch:log-group-kms-key"
"""Context key: the ARN of the KMS key every created log group is encrypted with."""


@dataclass(frozen=True, kw_only=True, slots=True)
class RoleOptions:
    """What every IAM role cdktf_batch creates carries (service, instance, Spot Fleet, EKS node,
    execution, schedule and trigger roles).

    Raises:
        ValidationError: ``permissions_boundary`` that is not a managed policy ARN; ``path`` that is not ``/``
            or ``/.../`` (printable ASCII, no spaces, at most 512 characters).
    """

    permissions_boundary: str | None = None
    """A managed policy ARN (or the ``arn`` of the provider's ``IamPolicy``) capping the role's
    permissions. Default: - the scope's, else the ``ROLE_PERMISSIONS_BOUNDARY`` context, else none."""
    path: str | None = None
    """The role's IAM path, ``/`` or ``/a/b/``. Default: - the scope's, else the ``ROLE_PATH``
    context, else ``/``. Changing it replaces the role."""

    def __post_init__(self) -> None:
        if self.permissions_boundary is not None:
            check_arn("role_options.permissions_boundary", self.permissions_boundary, "managed policy")
        if self.path is not None:
            check_iam_path("role_options.path", self.path)

    def apply(self, scope: Construct) -> None:
        """Use these options for the roles created inside ``scope`` from now on (a field left
        None keeps the enclosing setting)."""
        record(scope, "role_options", self)


@dataclass(frozen=True, kw_only=True, slots=True)
class LogGroupOptions:
    """What every log group cdktf_batch creates (``LogGroup``) carries.

    Raises:
        ValidationError: ``retention`` that is not one of CloudWatch Logs' retention periods (1 to 3653 days).
    """

    retention: datetime.timedelta | None = None
    """How long CloudWatch Logs keeps events: one of its periods (1, 3, 5, 7, 14, 30, 60, 90,
    120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653 days).
    Default: - the scope's, else the ``LOG_GROUP_RETENTION_DAYS`` context, else forever."""
    kms_key: Any | None = None
    """A KMS key ARN, or the provider's ``KmsKey`` (its ``arn``); the key policy must let
    ``logs.<region>.amazonaws.com`` use it. Default: - the scope's, else the
    ``LOG_GROUP_KMS_KEY`` context, else a key CloudWatch Logs owns."""

    def __post_init__(self) -> None:
        if self.retention is not None:
            check_log_retention("log_group_options.retention", self.retention)
        if self.kms_key is not None:
            object.__setattr__(self, "kms_key", kms_key_arn("log_group_options.kms_key", self.kms_key))

    def apply(self, scope: Construct) -> None:
        """Use these options for the log groups created inside ``scope`` from now on."""
        record(scope, "log_group_options", self)


def kms_key_arn(argument: str, key: Any) -> str:
    """The ARN of a KMS key argument: an ARN, or an object with an ``arn`` (``KmsKey``)."""
    if not isinstance(key, str):
        if not hasattr(key, "arn"):
            raise fail(argument, "must be a KMS key ARN or a KmsKey", type(key).__name__)
        key = key.arn
    check_arn(argument, key, "KMS key")
    return key  # type: ignore[no-any-return]


def use_role_options(construct: Construct, given: RoleOptions | None) -> None:
    """Record a construct's ``role_options`` argument for the roles it creates."""
    if given is not None:
        check_type("role_options", given, RoleOptions, "RoleOptions")
        given.apply(construct)


def role_options(scope: Construct, given: RoleOptions | None = None) -> RoleOptions:
    """The options of the role that ``scope`` creates, from ``scope``'s constructor: ``given``,
    then the scope's, then the context."""
    if given is not None:
        check_type("role_options", given, RoleOptions, "RoleOptions")
    boundary = _field(scope, given, "role_options", "permissions_boundary")
    if boundary is None:
        boundary = context_of_new(scope, ROLE_PERMISSIONS_BOUNDARY)
        if boundary is not None:
            check_arn(f"context {ROLE_PERMISSIONS_BOUNDARY}", boundary, "managed policy")
    path = _field(scope, given, "role_options", "path")
    if path is None:
        path = context_of_new(scope, ROLE_PATH)
        if path is not None:
            check_iam_path(f"context {ROLE_PATH}", path)
    return RoleOptions(permissions_boundary=boundary, path=path)


def log_group_options(scope: Construct, given: LogGroupOptions) -> tuple[int | None, str | None]:
    """The retention in days and the KMS key ARN of the log group that ``scope`` creates, from
    ``scope``'s constructor."""
    retention = _field(scope, given, "log_group_options", "retention")
    days = check_log_retention("retention", retention) if retention is not None else None
    if days is None:
        days = context_of_new(scope, LOG_GROUP_RETENTION_DAYS)
        if days is not None:
            check_integer(f"context {LOG_GROUP_RETENTION_DAYS}", days)
            check_log_retention(f"context {LOG_GROUP_RETENTION_DAYS}", datetime.timedelta(days=days))
    key = _field(scope, given, "log_group_options", "kms_key")
    if key is None:
        key = context_of_new(scope, LOG_GROUP_KMS_KEY)
        if key is not None:
            check_arn(f"context {LOG_GROUP_KMS_KEY}", key, "KMS key")
    return days, key


def _field(scope: Construct, given: Any, key: str, name: str) -> Any:
    if given is not None and getattr(given, name) is not None:
        return getattr(given, name)
    return nearest_field(scope, key, name)
