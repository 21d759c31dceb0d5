"""Errors raised by cdktf_batch.

Hierarchy::

    ValueError
     └── ValidationError            an argument AWS Batch or the provider would refuse
          ├── UnsupportedByProviderError
          │                         valid for AWS, but the pinned provider cannot express it
          └── EngineMismatchError   a cdktf object in a cdktn app, or the reverse

Every error names the argument (snake_case, dotted for nested values), what is
allowed and what was given, and is raised where the bad value is received.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

__all__ = ["EngineMismatchError", "LazyLoadingWarning", "UnsupportedByProviderError", "ValidationError"]


class ValidationError(ValueError):
    """An argument that AWS Batch or the Terraform AWS provider would refuse.

    Attributes:
        argument: the argument's path, e.g. ``compute_resources.bid_percentage``.
        allowed: what the argument accepts.
        value: what was given.
    """

    def __init__(self, argument: str, allowed: str, value: Any = None, *, show_value: bool = True):
        self.argument = argument
        self.allowed = allowed
        self.value = value
        message = f"{argument}: {allowed}"
        if show_value:
            message += f", got {_short_repr(value)}"
        super().__init__(message)


class UnsupportedByProviderError(ValidationError):
    """Valid for AWS Batch, but the pinned Terraform AWS provider has no way to say it."""


class EngineMismatchError(ValidationError):
    """An object of one engine (CDK for Terraform, ``cdktf``; CDK Terrain, ``cdktn``) given to
    a construct tree of the other, or a tree of the engine ``CDKTF_BATCH_ENGINE`` does not name.

    One app must use one engine throughout: ``cdktn`` cannot synthesize a ``cdktf`` resource."""


class LazyLoadingWarning(UserWarning):
    """The provider bindings could not be loaded lazily: synth works, at the usual speed.

    Raised at most once per process, with the reason; ``CDKTF_BATCH_LAZY_PROVIDER=0`` turns
    lazy loading (and so this warning) off.
    """


def _short_repr(value: Any) -> str:
    if isinstance(value, Enum):
        value = value.value
    text = repr(value)
    return text if len(text) <= 200 else text[:197] + "..."
