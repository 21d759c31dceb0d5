"""What a construct inherits from the constructs around it, and the partition, region and
account its ARNs are built from.

A construct given ``provider=`` (an aliased ``AwsProvider``) or ``region=`` records that
placement on itself; everything created inside it (its resources, the roles and security
groups it makes for itself, the data sources it reads) takes the placement of the nearest
enclosing construct that has one, so an explicit argument wins over the enclosing one. The
same walk finds scope-wide settings (``RoleOptions.apply``, ``LogGroupOptions.apply``) before
the app's context keys.

The partition, region and account come from one data source per provider (per placement),
created once per stack, so an ARN built for an aliased provider uses that provider's account
and region, never the default provider's."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from cdktf_batch._engine import AWS_CLASSES, Aws, Construct, engine_of
from cdktf_batch._naming import _memo, attribute, construct_path, node_of, stack_of, stack_singleton
from cdktf_batch._validation import check_provider, check_region, is_unresolved

if TYPE_CHECKING:
    from cdktf_cdktf_provider_aws.provider import AwsProvider

# Resource and data source classes are the ones named after their submodule (``iam_role`` ->
# ``IamRole``); the other classes are their nested blocks, which take no provider.
_PLACEABLE = frozenset(
    name
    for module, names in AWS_CLASSES.items()
    for name in names
    if name == "".join(part.capitalize() for part in module.split("_"))
)
# Provider 6's per-resource ``region`` exists on regional types only; IAM and these lookups are global.
GLOBAL_CLASSES = frozenset(
    {
        "DataAwsCallerIdentity",
        "DataAwsIamInstanceProfile",
        "DataAwsPartition",
        "IamInstanceProfile",
        "IamRole",
        "IamRolePolicy",
        "IamRolePolicyAttachment",
    }
)


# -- settings found on the nearest enclosing construct ---------------------------------------


def record(construct: Construct, key: str, value: Any) -> None:
    """Keep ``value`` on ``construct`` for what is created inside it (see :func:`nearest`)."""
    _memo(construct).setdefault("scoped", {})[key] = value


def nearest(scope: Construct, key: str) -> Any:
    """The value recorded under ``key`` on ``scope`` or the nearest construct above it, or None."""
    node: Any = scope
    while node is not None:
        scoped = _memo(node).get("scoped")
        if scoped is not None and key in scoped:
            return scoped[key]
        node = _parent(node)
    return None


def nearest_field(scope: Construct, key: str, name: str) -> Any:
    """Field ``name`` of the nearest value recorded under ``key`` that sets it, or None."""
    node: Any = scope
    while node is not None:
        value = (_memo(node).get("scoped") or {}).get(key)
        if value is not None and getattr(value, name) is not None:
            return getattr(value, name)
        node = _parent(node)
    return None


def context_of_new(construct: Construct, key: str) -> Any:
    """The context value ``key`` (``node.try_get_context``) seen from ``construct``, which its own
    constructor has just created.

    No code but that constructor has run since, so nothing set context on ``construct``: it sees
    what its parent sees. constructs refuses ``set_context`` on a construct that has children, and
    the parent has one, so that value is final: read once per parent and key (each read is two
    jsii calls; the roles of one construct share them)."""
    parent = _parent(construct)
    if parent is None:
        return node_of(construct).try_get_context(key)
    seen: dict[str, Any] = _memo(parent).setdefault("context", {})
    if key not in seen:
        seen[key] = node_of(parent).try_get_context(key)
    return seen[key]


def _parent(construct: Any) -> Any:
    memo = _memo(construct)
    if "parent" in memo:
        return memo["parent"][0]
    if "up" not in memo:
        memo["up"] = node_of(construct).scope  # a jsii call: read once
    return memo["up"]


# -- placement: the provider and region of what a construct creates --------------------------


@dataclass(frozen=True, slots=True)
class Placement:
    """Where resources go: an AWS provider (None: the stack's default one) and a region (None:
    the provider's own)."""

    provider: Any = None
    region: str | None = None

    @property
    def key(self) -> str:
        """A suffix for per-placement singletons: empty for the default placement."""
        parts = []
        # The default provider given explicitly (no alias) shares the default placement's lookups.
        alias = self.provider.alias if self.provider is not None else None
        if alias is not None:
            literal = isinstance(alias, str) and not is_unresolved(alias)
            parts.append(alias if literal else _digest(construct_path(self.provider)))
        if self.region is not None:
            parts.append(self.region if not is_unresolved(self.region) else _digest(self.region))
        return "".join(f"-{part}" for part in parts)


_DEFAULT = Placement()


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def place(construct: Construct, *, provider: AwsProvider | None, region: str | None) -> None:
    """Record ``construct``'s placement, called first in its constructor: a given ``provider``
    replaces the enclosing one (with its own region), a given ``region`` the enclosing region."""
    if provider is None and region is None:
        return
    check_provider(construct, "provider", provider)
    check_region("region", region)
    enclosing = placement(construct)
    record(
        construct,
        "placement",
        Placement(
            provider=provider if provider is not None else enclosing.provider,
            region=region if region is not None else (enclosing.region if provider is None else None),
        ),
    )


def placement(scope: Construct) -> Placement:
    """The placement of what is created in ``scope``."""
    found: Placement | None = nearest(scope, "placement")
    return found if found is not None else _DEFAULT


def placed(scope: Construct) -> Aws:
    """``engine_of(scope).aws`` with its resource and data source classes bound to ``scope``'s
    placement: each is called with ``provider=`` and, where the type has it, ``region=``."""
    aws = engine_of(scope).aws
    where = placement(scope)
    if where is _DEFAULT:
        return aws
    return cast("Aws", _Placed(aws, where))


class _Placed:
    def __init__(self, aws: Any, where: Placement) -> None:
        self._aws = aws
        self._where = where

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._aws, name)
        if name in _PLACEABLE:
            arguments: dict[str, Any] = {}
            if self._where.provider is not None:
                arguments["provider"] = self._where.provider
            if self._where.region is not None and name not in GLOBAL_CLASSES:
                arguments["region"] = self._where.region
            value = functools.partial(value, **arguments)
        setattr(self, name, value)
        return value


def provider_region(scope: Construct) -> str | None:
    """The literal region resources in ``scope`` go to, when it is known before plan: the
    placement's region, else the region of its provider (the stack's default provider when
    none is given)."""
    where = placement(scope)
    region: Any = where.region
    if region is None:
        provider = where.provider if where.provider is not None else _default_provider(scope)
        region = provider.region if provider is not None else None
    return region if isinstance(region, str) and not is_unresolved(region) else None


def _default_provider(scope: Construct) -> Any:
    aws = engine_of(scope).aws
    for child in node_of(stack_of(scope)).children:
        if isinstance(child, aws.AwsProvider) and child.alias is None:
            return child
    return None


# -- the partition, region and account of a placement -----------------------------------------


def partition(scope: Construct) -> str:
    """aws, aws-cn or aws-us-gov."""
    aws = placed(scope)
    value: str = attribute(
        stack_singleton(
            scope, "cdktf-batch-partition" + placement(scope).key, lambda stack, cid: aws.DataAwsPartition(stack, cid)
        ),
        "partition",
    )
    return value


def region(scope: Construct) -> str:
    """The region of ``scope``'s placement: the one given, else its provider's, as Terraform
    knows it at plan time."""
    where = placement(scope)
    if where.region is not None:
        return where.region
    aws = placed(scope)
    value: str = attribute(
        stack_singleton(scope, "cdktf-batch-region" + where.key, lambda stack, cid: aws.DataAwsRegion(stack, cid)),
        # Provider 6's attribute; its ``name`` is deprecated.
        "region",
    )
    return value


def account_id(scope: Construct) -> str:
    aws = placed(scope)
    value: str = attribute(
        stack_singleton(
            scope, "cdktf-batch-caller" + placement(scope).key, lambda stack, cid: aws.DataAwsCallerIdentity(stack, cid)
        ),
        "account_id",
    )
    return value
