"""Check JSON-encoded job definition payloads against the AWS Batch model in botocore.

The provider decodes ``container_properties`` and ``node_properties`` leniently (unknown keys
are dropped without a word), so every payload the tests produce is validated here against
``RegisterJobDefinitionRequest``: unknown members, wrong types and missing required members
all fail. Terraform references are replaced by placeholders first: a string reference by a
string, a bare ``${...}`` number by ``1`` and a bare ``${jsonencode(...)}`` list by a list."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from botocore.session import get_session
from botocore.validate import ParamValidator


@cache
def _request_shape() -> Any:
    return get_session().get_service_model("batch").operation_model("RegisterJobDefinition").input_shape


def decode(text: str) -> Any:
    """The payload with references replaced by placeholders, as Python values."""
    return json.loads(_without_references(text))


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
                out.append("placeholder")
            else:
                out.append('["placeholder"]' if expression.startswith("${jsonencode(") else "1")
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


def problems(definition: dict[str, Any]) -> list[str]:
    """Why AWS would refuse the payloads of one synthesized ``aws_batch_job_definition``."""
    request: dict[str, Any] = {"jobDefinitionName": "placeholder", "type": definition["type"]}
    if "container_properties" in definition:
        request["containerProperties"] = decode(definition["container_properties"])
    if "node_properties" in definition:
        request["nodeProperties"] = decode(definition["node_properties"])
    report = ParamValidator().validate(request, _request_shape())
    return [report.generate_report()] if report.has_errors() else []


def assert_valid(doc: dict[str, Any]) -> None:
    """Every job definition of a synthesized document passes the Batch model."""
    for name, definition in doc.get("resource", {}).get("aws_batch_job_definition", {}).items():
        found = problems(definition)
        assert not found, f"{name}: {found}"
