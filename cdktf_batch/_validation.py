"""The checks. Every rule in cdktf_batch goes through these helpers, and every helper
skips values that are unresolved Terraform tokens (variables, references): we never
reject a value for what it might hold once Terraform knows it.

Value objects check themselves when built, except the items of a list: those are checked
by whatever takes the list (``check_list``), so their errors carry the index
(``container.volumes[2].name``), as AWS CDK reports them."""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import Enum
from typing import Any, TypeVar, overload

from cdktf_batch._engine import Token, check_engine, engine_of
from cdktf_batch._naming import construct_path, stack_of
from cdktf_batch.errors import ValidationError

E = TypeVar("E", bound=Enum)
T = TypeVar("T")

# AWS Batch names: compute environments, queues, job definitions, scheduling policies.
NAME_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_-]{0,127}$")
NAME_RULE = "must be 1-128 letters, digits, hyphens or underscores, starting with a letter or digit"

# cdktf encodes tokens in strings as "${TfToken[...]}" and in lists as "#{TfToken[...]}";
# numbers as huge negative doubles. The cheap test below avoids a jsii round trip for the
# ordinary literal values that make up almost every argument.
_TOKEN_NUMBER_CEILING = -1e288


def is_unresolved(value: object) -> bool:
    """True when ``value`` is (or contains) a Terraform token cdktf resolves at synth."""
    if value is None or isinstance(value, bool):
        return False
    if isinstance(value, str):
        if "${" not in value and "#{" not in value:
            return False
    elif isinstance(value, (int, float)):
        # inf, -inf and NaN are plain values, never tokens (JSON cannot even carry them to jsii).
        if (isinstance(value, float) and not math.isfinite(value)) or not value <= _TOKEN_NUMBER_CEILING:
            return False
    elif isinstance(value, (list, tuple)):
        if len(value) == 1 and isinstance(value[0], str) and "#{" in value[0]:
            return bool(Token.is_unresolved(list(value)))  # a list token: only the whole list resolves
        return any(is_unresolved(item) for item in value)
    elif not hasattr(type(value), "__jsii_type__") and not hasattr(value, "__jsii_ref__"):
        # A plain Python object (timedelta, a value object...) is never a token; a jsii object
        # is, even without a type of its own (a boolean variable's value is such an IResolvable).
        return False
    return bool(Token.is_unresolved(value))


def check_type(argument: str, value: Any, expected: type | tuple[type, ...], what: str) -> None:
    """``value`` must be an instance of ``expected`` (described to users as ``what``)."""
    if not isinstance(value, expected):
        raise ValidationError(argument, f"must be {what}", _type_name(value), show_value=True)


def check_bool(argument: str, value: Any) -> None:
    if is_unresolved(value):
        return
    if not isinstance(value, bool):
        raise ValidationError(argument, "must be True or False", value)


def check_integer(argument: str, value: Any, *, minimum: int | None = None, maximum: int | None = None) -> None:
    """A whole number within [minimum, maximum] (bounds inclusive)."""
    if is_unresolved(value):
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValidationError(argument, f"must be an integer{_bounds(minimum, maximum)}", value)
    if isinstance(value, float) and (not math.isfinite(value) or not value.is_integer()):
        raise ValidationError(argument, f"must be an integer{_bounds(minimum, maximum)}", value)
    _check_bounds(argument, value, minimum, maximum, "an integer")


def check_number(argument: str, value: Any, *, minimum: float | None = None, maximum: float | None = None) -> None:
    """A finite number within [minimum, maximum] (bounds inclusive)."""
    if is_unresolved(value):
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValidationError(argument, f"must be a number{_bounds(minimum, maximum)}", value)
    _check_bounds(argument, value, minimum, maximum, "a number")


def check_string(
    argument: str,
    value: Any,
    *,
    pattern: re.Pattern[str] | None = None,
    rule: str | None = None,
    min_length: int = 1,
    max_length: int | None = None,
) -> None:
    """A string, optionally matching ``pattern`` (explained to users by ``rule``)."""
    if is_unresolved(value):
        return
    if not isinstance(value, str):
        raise ValidationError(argument, "must be a string", _type_name(value))
    if len(value) < min_length:
        least = "must not be empty" if min_length == 1 else f"must have at least {min_length} characters"
        raise ValidationError(argument, rule or least, value)
    if max_length is not None and len(value) > max_length:
        raise ValidationError(argument, rule or f"must have at most {max_length} characters", value)
    if pattern is not None and not pattern.fullmatch(value):
        raise ValidationError(argument, rule or f"must match {pattern.pattern}", value)


def check_name(argument: str, value: Any) -> None:
    """An AWS Batch resource name."""
    check_string(argument, value, pattern=NAME_PATTERN, rule=NAME_RULE)


def check_choice(argument: str, value: Any, enum: type[E]) -> E:
    """Coerce ``value`` (a member or the API's string) to a member of ``enum``.

    Unresolved tokens are returned as they are (typed as the enum for the caller's sake)."""
    if isinstance(value, enum):
        return value
    if is_unresolved(value):
        return value  # type: ignore[no-any-return]
    try:
        return enum(value)
    except ValueError:
        # An empty value (EmptyDirMediumType's disk, "") is shown quoted, or it would not show.
        allowed = ", ".join(sorted({str(member.value) or '""' for member in enum}))
        raise ValidationError(argument, f"must be one of {allowed}", value) from None


def check_string_list(argument: str, value: Any, *, min_items: int = 0) -> tuple[Any, ...]:
    """A list or tuple of strings (or a list token); returns it as a tuple.

    A single string is refused: iterating it would give its characters. A list token
    (what cdktf returns for a list attribute) is a one-item list and passes through."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ValidationError(argument, "must be a list of strings", value)
    items = tuple(value)
    for index, item in enumerate(items):
        if not is_unresolved(item) and not isinstance(item, str):
            raise ValidationError(f"{argument}[{index}]", "must be a string", item)
        if isinstance(item, str) and not item:
            raise ValidationError(f"{argument}[{index}]", "must not be empty", item)
    if len(items) < min_items:
        raise ValidationError(argument, f"must have at least {min_items} item(s)", list(items))
    return items


@overload
def check_list(
    argument: str,
    value: Any,
    kind: type[T],
    *,
    name: str | None = None,
    check: Callable[[T, str], None] | None = None,
    min_items: int = 0,
    max_items: int | None = None,
) -> tuple[T, ...]: ...


@overload
def check_list(
    argument: str,
    value: Any,
    kind: tuple[type[Any], ...],
    *,
    name: str,
    check: Callable[[Any, str], None] | None = None,
    min_items: int = 0,
    max_items: int | None = None,
) -> tuple[Any, ...]: ...


def check_list(
    argument: str,
    value: Any,
    kind: Any,
    *,
    name: str | None = None,
    check: Callable[[Any, str], None] | None = None,
    min_items: int = 0,
    max_items: int | None = None,
) -> tuple[Any, ...]:
    """A list or tuple of ``kind`` (named ``name`` to users); returns it as a tuple.

    ``check(item, path)`` checks each item in place, with a path that keeps its index
    (``container.volumes[2]``), as AWS CDK reports nested values. A string or a mapping
    is refused: iterating it would give its characters or keys."""
    name = name or kind.__name__
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        raise ValidationError(argument, f"must be a list of {name}", value)
    items = tuple(value)
    for index, item in enumerate(items):
        path = f"{argument}[{index}]"
        if not isinstance(item, kind):
            raise ValidationError(path, f"must be {_article(name)} {name}", _type_name(item))
        if check is not None:
            check(item, path)
    if len(items) < min_items:
        count = "one" if min_items == 1 else str(min_items)
        raise ValidationError(argument, f"must have at least {count} {name}", list(items))
    if max_items is not None and len(items) > max_items:
        raise ValidationError(argument, f"takes at most {max_items} {name}", len(items))
    return items


def check_string_map(argument: str, value: Any) -> dict[str, str]:
    """A mapping of strings to strings; returns a sorted copy for stable output."""
    if is_unresolved(value):
        return value  # type: ignore[no-any-return]
    if not isinstance(value, Mapping):
        raise ValidationError(argument, "must be a mapping of strings to strings", value)
    for key, item in value.items():
        if not isinstance(key, str) or not key:
            raise ValidationError(argument, "keys must be non-empty strings", key)
        if not isinstance(item, str):
            raise ValidationError(f"{argument}[{key!r}]", "must be a string", item)
    return {key: value[key] for key in sorted(value)}


def check_environment_name(argument: str, name: Any) -> None:
    """An environment variable's name that AWS Batch does not keep for itself (``AWS_BATCH*``)."""
    if not is_unresolved(name) and isinstance(name, str) and name.startswith("AWS_BATCH"):
        raise ValidationError(f"{argument}[{name!r}]", "names starting with AWS_BATCH are reserved by AWS Batch", name)


def check_exclusive(argument_names: Sequence[str], values: Sequence[Any], *, required: bool) -> None:
    """At most one (exactly one if ``required``) of the arguments is given."""
    given = {name: value for name, value in zip(argument_names, values, strict=True) if value is not None}
    names = " or ".join(argument_names)
    if len(given) > 1:
        plain = all(isinstance(value, (str, int, float, bool)) for value in given.values())
        raise ValidationError(
            list(given)[1],
            f"give {names}, not both" if len(argument_names) == 2 else f"give one of {', '.join(argument_names)}",
            # Models would print at length: name them instead.
            given if plain else list(given),
        )
    if required and not given:
        raise ValidationError(argument_names[0], f"give one of {names}", None, show_value=False)


def check_duration(
    argument: str,
    value: Any,
    *,
    unit: str = "seconds",
    minimum: int | None = None,
    maximum: int | None = None,
) -> int | Any:
    """A ``datetime.timedelta`` of a whole number of ``unit`` (seconds or minutes) within bounds.

    Returns the count of units; unresolved numbers (tokens) pass through."""
    if is_unresolved(value):
        return value
    if not isinstance(value, datetime.timedelta):
        raise ValidationError(argument, "must be a datetime.timedelta", _type_name(value))
    per_unit = {"seconds": 1, "minutes": 60}[unit]
    seconds = value.total_seconds()
    if seconds % per_unit != 0:
        raise ValidationError(argument, f"must be a whole number of {unit}", value)
    count = int(seconds // per_unit)
    if (minimum is not None and count < minimum) or (maximum is not None and count > maximum):
        raise ValidationError(argument, f"must be {_span(minimum, maximum)} {unit}", value)
    return count


# Regions: "us-east-1", "us-gov-west-1", "cn-north-1", "eusc-de-east-1" (European Sovereign Cloud)...
_REGION = re.compile(r"[a-z]{2,4}(-[a-z]+)+-\d{1,2}")


def check_region(argument: str, value: Any) -> None:
    """An AWS region code, or None."""
    if value is not None:
        check_string(argument, value, pattern=_REGION, rule="must be an AWS region code such as us-east-1")


def check_provider(scope: Any, argument: str, provider: Any) -> None:
    """An ``AwsProvider`` of ``scope``'s engine and stack, or None."""
    if provider is None:
        return
    check_engine(scope, argument, provider)
    if not isinstance(provider, engine_of(scope).aws.AwsProvider):
        raise ValidationError(
            argument,
            "must be an AwsProvider (the AWS provider's own class, usually with an alias)",
            _type_name(provider),
        )
    if stack_of(provider) is not stack_of(scope):
        raise ValidationError(
            argument,
            f"must be an AwsProvider of the same stack as {construct_path(scope)!r} (Terraform providers are per stack)",
            construct_path(provider),
        )


# IAM's Path: "/" or "/" + printable ASCII + "/", 1-512 characters (IAM API reference, Role).
_IAM_PATH = re.compile(r"/|/[\x21-\x7e]{1,510}/")
_POLICY_ARN = re.compile(r"arn:[a-z0-9-]+:iam::(\d{12}|aws):policy/([\w+=,.@-]+/)*[\w+=,.@-]{1,128}")


def check_iam_path(argument: str, value: Any) -> None:
    """An IAM path: starts and ends with ``/``, at most 512 printable ASCII characters."""
    check_string(
        argument,
        value,
        pattern=_IAM_PATH,
        rule="must be an IAM path: '/' or '/' + printable ASCII characters without spaces + '/', at most 512 in all",
    )


_KMS_KEY_ARN = re.compile(r"arn:[a-z0-9-]+:kms:[a-z0-9-]+:\d{12}:key/[A-Za-z0-9-]{1,128}")
# What an ARN argument must be: its pattern, and its shape as told to users.
_ARNS = {
    "managed policy": (_POLICY_ARN, "arn:<partition>:iam::<account id or aws>:policy/<name>"),
    "KMS key": (_KMS_KEY_ARN, "arn:<partition>:kms:<region>:<account>:key/<key id>"),
}


def check_arn(argument: str, value: Any, kind: str) -> None:
    """The ARN of a ``kind`` of resource (a key of ``_ARNS``)."""
    pattern, shape = _ARNS[kind]
    check_string(argument, value, pattern=pattern, rule=f"must be {_article(kind)} {kind} ARN, {shape}")


# CloudWatch Logs' PutRetentionPolicy retentionInDays values.
LOG_RETENTION_DAYS = (
    1,
    3,
    5,
    7,
    14,
    30,
    60,
    90,
    120,
    150,
    180,
    365,
    400,
    545,
    731,
    1096,
    1827,
    2192,
    2557,
    2922,
    3288,
    3653,
)


def check_log_retention(argument: str, value: Any) -> int | Any:
    """A ``datetime.timedelta`` of one of CloudWatch Logs' retention periods; returns its days."""
    if is_unresolved(value):
        return value
    if not isinstance(value, datetime.timedelta):
        raise ValidationError(argument, "must be a datetime.timedelta", _type_name(value))
    days = value.total_seconds() / 86400
    if days not in LOG_RETENTION_DAYS:
        allowed = ", ".join(str(day) for day in LOG_RETENTION_DAYS)
        raise ValidationError(argument, f"must be one of CloudWatch Logs' retention periods in days: {allowed}", value)
    return int(days)


def fail(argument: str, allowed: str, value: Any = None, *, show_value: bool = True) -> ValidationError:
    """An error to raise for a rule that does not fit the helpers above."""
    return ValidationError(argument, allowed, value, show_value=show_value)


def _check_bounds(argument: str, value: float, minimum: float | None, maximum: float | None, what: str) -> None:
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ValidationError(argument, f"must be {what}{_bounds(minimum, maximum)}", value)


def _bounds(minimum: float | None, maximum: float | None) -> str:
    if minimum is None and maximum is None:
        return ""
    return " " + _span(minimum, maximum)


def _span(minimum: float | None, maximum: float | None) -> str:
    if minimum is not None and maximum is not None:
        return f"from {minimum} to {maximum}"
    if minimum is not None:
        return f"of at least {minimum}"
    return f"of at most {maximum}"


def _article(name: str) -> str:
    # "an EcsTaskContainer", "a Ulimit" (a "you" sound), "an UnknownThing".
    vowel = name[:1].upper() in "AEIO" or name[:2].upper() == "UN"
    return "an" if vowel else "a"


def _type_name(value: Any) -> Any:
    return value if isinstance(value, (str, int, float, bool)) or value is None else type(value).__name__
