"""Check the job definitions the tests synthesize against the AWS Batch model in botocore.

The provider decodes ``container_properties``, ``node_properties`` and ``ecs_properties``
leniently (unknown keys are dropped without a word), so every synthesized
``aws_batch_job_definition`` is turned back into a ``RegisterJobDefinition`` request and
checked against the model: botocore's ``ParamValidator`` reports unknown members, wrong types,
missing required members and values under a minimum; it ignores enums and maximums, which
``_constraint_problems`` adds, with the ranges the API reference documents but the model
leaves out (``DOCUMENTED_RANGES``). The resource's other arguments (``eks_properties``,
``retry_strategy``, ``timeout``, ...) are Terraform blocks, mapped to the API's members by
name (``_from_block``).

Terraform references are replaced by placeholders first: a reference inside a string by
``placeholder``, a bare ``${...}`` number by ``1`` and a bare ``${jsonencode(...)}`` list by a
list; strings holding a placeholder skip the enum and length checks."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from botocore.session import get_session
from botocore.validate import ParamValidator


@cache
def _request_shape() -> Any:
    return get_session().get_service_model("batch").operation_model("RegisterJobDefinition").input_shape


def decode(text: str) -> Any:
    """The payload with references replaced by placeholders, as Python values."""
    try:
        return json.loads(_without_references(text))
    except ValueError:
        raise AssertionError(f"not JSON once references are replaced: {text}") from None


PLACEHOLDER = "placeholder"


def _without_references(text: str) -> str:
    """``text`` with each ``${...}`` (quotes and braces inside it included) made plain JSON.

    A reference inside a JSON string becomes ``placeholder``; a bare one becomes ``1`` (a
    number) or ``["placeholder"]`` (a ``jsonencode`` list), as Terraform would give a value."""
    out: list[str] = []
    index = 0
    in_string = False
    while index < len(text):
        if text.startswith("${", index):
            end = _reference_end(text, index + 2)
            expression = text[index:end]
            if in_string:
                out.append(PLACEHOLDER)
            else:
                out.append(f'["{PLACEHOLDER}"]' if expression.startswith("${jsonencode(") else "1")
            index = end
            continue
        char = text[index]
        if in_string and char == "\\":
            out.append(text[index : index + 2])
            index += 2
            continue
        if char == '"':
            in_string = not in_string
        out.append(char)
        index += 1
    return "".join(out)


def _reference_end(text: str, index: int) -> int:
    """The index just past the ``}`` that closes the reference whose body starts at ``index``."""
    depth = 1
    quote = False
    while depth:
        char = text[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == '"':
                quote = False
        elif char == '"':
            quote = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        index += 1
    return index


# (structure shape, member) -> (minimum, maximum): limits the API reference states and the
# model does not carry (botocore has no bounds on these members).
DOCUMENTED_RANGES: dict[tuple[str, str], tuple[float, float]] = {
    ("EphemeralStorage", "sizeInGiB"): (21, 200),
    ("LinuxParameters", "swappiness"): (0, 100),
    ("EFSVolumeConfiguration", "transitEncryptionPort"): (0, 65535),
    ("RetryStrategy", "attempts"): (1, 10),
    ("JobTimeout", "attemptDurationSeconds"): (60, 2**31 - 1),
    ("RegisterJobDefinitionRequest", "schedulingPriority"): (0, 9999),
    ("NodeProperties", "numNodes"): (1, 1000),
}

# Terraform block names (after snake_case -> camelCase) that differ from the API's member names.
BLOCK_RENAMES = {"imagePullSecret": "imagePullSecrets", "readOnlyRootFileSystem": "readOnlyRootFilesystem"}

# The resource's JSON-string arguments and plain/block arguments, by API member.
JSON_ARGUMENTS = {
    "container_properties": "containerProperties",
    "node_properties": "nodeProperties",
    "ecs_properties": "ecsProperties",
    "eks_properties": "eksProperties",
}
BLOCK_ARGUMENTS = {
    "eks_properties": "eksProperties",
    "retry_strategy": "retryStrategy",
    "timeout": "timeout",
    "scheduling_priority": "schedulingPriority",
    "propagate_tags": "propagateTags",
    "platform_capabilities": "platformCapabilities",
    "parameters": "parameters",
    "tags": "tags",
}


def request_of(definition: dict[str, Any]) -> dict[str, Any]:
    """The ``RegisterJobDefinition`` request a synthesized ``aws_batch_job_definition`` makes."""
    shape = _request_shape()
    request: dict[str, Any] = {"jobDefinitionName": PLACEHOLDER, "type": definition["type"]}
    for argument, member in JSON_ARGUMENTS.items():
        if isinstance(definition.get(argument), str):
            request[member] = decode(definition[argument])
    for argument, member in BLOCK_ARGUMENTS.items():
        if argument in definition and member not in request:
            request[member] = _from_block(definition[argument], shape.members[member])
    return request


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    camel = head + "".join(part[:1].upper() + part[1:] for part in rest)
    return BLOCK_RENAMES.get(camel, camel)


def _from_block(value: Any, shape: Any) -> Any:
    """A Terraform value (blocks as one-item lists, snake_case names, references as strings)
    as the API value of ``shape``."""
    if isinstance(value, str) and value.startswith("${") and shape.type_name != "string":
        return _placeholder_for(shape)
    if isinstance(value, str) and "${" in value:
        return re.sub(r"\$\{[^}]*\}", PLACEHOLDER, value)
    if shape.type_name == "structure":
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if not isinstance(value, dict):
            return value
        converted = {}
        for key, item in value.items():
            name = _camel(key)
            member = shape.members.get(name)
            converted[name] = item if member is None else _from_block(item, member)
        return converted
    if shape.type_name == "list" and isinstance(value, list):
        return [_from_block(item, shape.member) for item in value]
    if shape.type_name == "map" and isinstance(value, dict):
        return {key: _from_block(item, shape.value) for key, item in value.items()}
    return value


def _placeholder_for(shape: Any) -> Any:
    return {"integer": 1, "long": 1, "float": 1.0, "double": 1.0, "boolean": True, "list": [], "map": {}}.get(
        shape.type_name, {}
    )


def _constraint_problems(value: Any, shape: Any, path: str) -> list[str]:
    """Enum values, maximums (which ParamValidator ignores) and ``DOCUMENTED_RANGES``."""
    found: list[str] = []
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        for key, item in value.items():
            member = shape.members.get(key)
            if member is None:
                continue  # ParamValidator reports unknown members
            found += _constraint_problems(item, member, f"{path}.{key}")
            documented = DOCUMENTED_RANGES.get((shape.name, key))
            if documented and _is_number(item) and not documented[0] <= item <= documented[1]:
                found.append(f"{path}.{key}: {item} is outside {documented[0]}-{documented[1]} (API reference)")
    elif kind == "list" and isinstance(value, list):
        found += _length_problems(len(value), shape, path)
        for index, item in enumerate(value):
            found += _constraint_problems(item, shape.member, f"{path}[{index}]")
    elif kind == "map" and isinstance(value, dict):
        found += _length_problems(len(value), shape, path)
        for key, item in value.items():
            found += _constraint_problems(key, shape.key, f"{path} key {key!r}")
            found += _constraint_problems(item, shape.value, f"{path}[{key!r}]")
    elif kind == "string" and isinstance(value, str) and PLACEHOLDER not in value:
        enum = getattr(shape, "enum", None) or []
        if enum and value not in enum:
            found.append(f"{path}: {value!r} is not one of {', '.join(enum)}")
        found += _length_problems(len(value), shape, path)
    elif kind in ("integer", "long", "float", "double") and _is_number(value):
        maximum = shape.metadata.get("max")
        if maximum is not None and value > maximum:
            found.append(f"{path}: {value} is above the maximum {maximum}")
    return found


def _length_problems(length: int, shape: Any, path: str) -> list[str]:
    maximum = shape.metadata.get("max")
    return (
        [f"{path}: length {length} is above the maximum {maximum}"] if maximum is not None and length > maximum else []
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def problems(definition: dict[str, Any]) -> list[str]:
    """Why AWS would refuse one synthesized ``aws_batch_job_definition``."""
    request = request_of(definition)
    shape = _request_shape()
    report = ParamValidator().validate(request, shape)
    found = [report.generate_report()] if report.has_errors() else []
    return found + _constraint_problems(request, shape, "")


def assert_valid(doc: dict[str, Any]) -> None:
    """Every job definition of a synthesized document passes the Batch model."""
    for name, definition in doc.get("resource", {}).get("aws_batch_job_definition", {}).items():
        found = problems(definition)
        assert not found, f"{name}: {found}"
