"""Names parsed out of ARNs, for imports by ARN."""

from __future__ import annotations

import re

from cdktf_batch._engine import Fn
from cdktf_batch._validation import check_name, check_string, fail, is_unresolved

_ARN = re.compile(
    r"arn:(?P<partition>[a-z0-9-]+):(?P<service>[a-z0-9-]+):(?P<region>[a-z0-9-]*):(?P<account>\d{12}):(?P<resource>.+)"
)


def name_from_arn(argument: str, arn: str, *, service: str, resource_type: str, revision: bool = False) -> str:
    """The resource name in ``arn:<partition>:<service>:<region>:<account>:<type>/<name>``
    (with ``revision``, ``<name>`` may end with ``:<revision>``, which is kept).

    For a token, Terraform splits the ARN at plan time."""
    check_string(argument, arn)
    if is_unresolved(arn):
        return Fn.element(Fn.split("/", arn), 1)  # type: ignore[no-any-return]
    match = _ARN.fullmatch(arn)
    expected = f"arn:<partition>:{service}:<region>:<account>:{resource_type}/<name>"
    if match is None or match["service"] != service:
        raise fail(argument, f"must be an ARN like {expected}", arn)
    kind, _, name = match["resource"].partition("/")
    if kind != resource_type or not name:
        raise fail(argument, f"must be the ARN of a {resource_type}, like {expected}", arn)
    base, colon, number = name.partition(":")
    if revision and colon:
        if not number.isdigit() or int(number) < 1:
            raise fail(argument, "must end with a revision number of at least 1 after ':'", arn)
        check_name(argument, base)
    else:
        check_name(argument, name)
    return name
