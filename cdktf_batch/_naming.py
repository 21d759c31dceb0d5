"""Stable generated names, and per-stack singletons.

A generated name comes from the construct's path (stack included, so two stacks in one
account do not collide) and a short hash of that path (so paths that sanitise to the same
text stay distinct). Nothing depends on process state: the same program gives the same names.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

from cdktf_batch._engine import Construct, default_engine, stack_types

if TYPE_CHECKING:
    from cdktf import TerraformStack

T = TypeVar("T")

_HASH_LENGTH = 8
_NOT_ALLOWED = re.compile(r"[^0-9A-Za-z_-]+")


def generated_name(construct: Construct, *, max_length: int, separator: str = "-", salt: str = "") -> str:
    """A name of letters, digits, ``-`` and ``_`` that starts with a letter or digit.

    ``max_length`` includes the hash; anything longer in the path is cut from the middle
    of the readable part, keeping its start (the stack) and its end (the construct id).
    ``salt`` changes the hash (and so the name) without changing the readable part."""
    path = construct_path(construct)
    digest = hashlib.sha256((path + salt).encode("utf-8")).hexdigest()[:_HASH_LENGTH]
    readable = separator.join(
        part for part in (_NOT_ALLOWED.sub(separator, p).strip("-_") for p in path.split("/")) if part
    )
    readable = readable.lstrip("-_") or "batch"
    room = max_length - _HASH_LENGTH - 1
    if room <= 0:
        raise ValueError(f"max_length {max_length} leaves no room for a readable name")
    if len(readable) > room:
        head = room // 2
        tail = room - head - 1
        readable = f"{readable[:head]}{separator}{readable[-tail:]}" if tail > 0 else readable[:room]
    name = f"{readable}{separator}{digest}"
    if not name[0].isalnum():
        name = f"b{name[1:]}"
    return name


@dataclass(frozen=True, kw_only=True)
class DescriptionRule:
    """What AWS takes in one kind of description: at most ``max_length`` UTF-8 bytes (the
    provider counts bytes), none of the characters ``refused`` matches."""

    max_length: int
    refused: re.Pattern[str] | None = None


# EC2 CreateSecurityGroup: letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*
SECURITY_GROUP_DESCRIPTION = DescriptionRule(
    max_length=255, refused=re.compile(r"[^0-9A-Za-z ._\-:/()#,@\[\]+=&;{}!$*]")
)
# IAM CreateRole: tab, newlines and printable Latin-1
IAM_ROLE_DESCRIPTION = DescriptionRule(max_length=1000, refused=re.compile(r"[^\t\n\r\x20-\x7e\xa1-\xff]"))
EVENT_RULE_DESCRIPTION = DescriptionRule(max_length=512)


def generated_description(text: str, construct: Construct, rule: DescriptionRule, *, after: str = "") -> str:
    """``text``, ``construct``'s path and ``after``, for a description the library writes:
    characters ``rule`` refuses become ``_``, and a path too long loses its middle to ``...``
    (the stack and the construct id stay), so that the description fits ``rule``."""
    path = construct_path(construct)
    if rule.refused is not None:
        path = rule.refused.sub("_", path)
    room = rule.max_length - _size(text) - 1 - _size(after)
    if _size(path) > room:
        head = _within(path, (room - 3) // 2)
        tail = _within(path[::-1], room - 3 - _size(head))[::-1]
        path = f"{head}...{tail}"
    return f"{text} {path}{after}"


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _within(text: str, size: int) -> str:
    """The longest start of ``text`` of at most ``size`` UTF-8 bytes."""
    taken = 0
    for index, character in enumerate(text):
        taken += _size(character)
        if taken > size:
            return text[:index]
    return text


def stack_singleton(scope: Construct, construct_id: str, factory: Callable[[Construct, str], T]) -> T:
    """The construct ``construct_id`` at the root of ``scope``'s stack, created once."""
    stack = stack_of(scope)
    singletons: dict[str, Any] = _memo(stack).setdefault("singletons", {})
    if construct_id not in singletons:
        existing = node_of(stack).try_find_child(construct_id)
        singletons[construct_id] = existing if existing is not None else factory(stack, construct_id)
    return cast(T, singletons[construct_id])


# Each read below is a round trip to the jsii kernel (about a millisecond); what cannot change
# once read (a construct's path and stack, a resource attribute's token) is read once per object
# and kept on the Python object itself, which jsii keeps alive as long as the JavaScript one.


def _memo(construct: Any) -> dict[str, Any]:
    memo: dict[str, Any] = construct.__dict__.setdefault("_cdktf_batch_memo", {})
    return memo


def node_of(construct: Any) -> Any:
    """``construct.node``: the same Node object for the construct's whole life."""
    memo = _memo(construct)
    if "node" not in memo:
        memo["node"] = construct.node
    return memo["node"]


def remember_parent(construct: Construct, scope: Construct, construct_id: str) -> None:
    """Record where ``construct`` sits, so its path and stack need no jsii call."""
    _memo(construct)["parent"] = (scope, construct_id.replace("/", "--"))  # constructs' own sanitizing


def construct_path(construct: Construct) -> str:
    memo = _memo(construct)
    if "path" not in memo:
        if "parent" in memo:
            scope, construct_id = memo["parent"]
            parent = construct_path(scope)
            memo["path"] = f"{parent}/{construct_id}" if parent else construct_id
        else:
            memo["path"] = node_of(construct).path
    return cast(str, memo["path"])


def stack_of(construct: Construct) -> TerraformStack:
    memo = _memo(construct)
    if "stack" not in memo:
        scope = memo["parent"][0] if "parent" in memo else None
        if scope is not None and isinstance(scope, stack_types()):
            memo["stack"] = scope
        elif scope is not None:
            memo["stack"] = stack_of(scope)
        else:
            # Either engine finds the stack of any tree: both brand stacks the same way.
            memo["stack"] = default_engine().core.TerraformStack.of(construct)
    return cast("TerraformStack", memo["stack"])


def attribute(resource: Any, name: str) -> Any:
    """``resource.<name>``: a resource attribute is a token that stays the same."""
    memo = _memo(resource)
    key = f"attribute:{name}"
    if key not in memo:
        memo[key] = getattr(resource, name)
    return memo[key]
