"""Stable generated names, and per-stack singletons.

A generated name comes from the construct's path (stack included, so two stacks in one
account do not collide) and a short hash of that path (so paths that sanitise to the same
text stay distinct). Nothing depends on process state: the same program gives the same names.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import TypeVar, cast

from cdktf_batch._cdktf import Construct, TerraformStack

T = TypeVar("T")

_HASH_LENGTH = 8
_NOT_ALLOWED = re.compile(r"[^0-9A-Za-z_-]+")


def generated_name(construct: Construct, *, max_length: int, separator: str = "-", salt: str = "") -> str:
    """A name of letters, digits, ``-`` and ``_`` that starts with a letter or digit.

    ``max_length`` includes the hash; anything longer in the path is cut from the middle
    of the readable part, keeping its start (the stack) and its end (the construct id).
    ``salt`` changes the hash (and so the name) without changing the readable part."""
    path = construct.node.path
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


def stack_singleton(scope: Construct, construct_id: str, factory: Callable[[Construct, str], T]) -> T:
    """The construct ``construct_id`` at the root of ``scope``'s stack, created once."""
    stack = TerraformStack.of(scope)
    existing = stack.node.try_find_child(construct_id)
    if existing is not None:
        return cast(T, existing)
    return factory(stack, construct_id)
