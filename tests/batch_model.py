"""Check JSON-encoded job definition payloads against the AWS Batch model in botocore.

The provider decodes ``container_properties`` and ``node_properties`` leniently (unknown keys
are dropped without a word), so every payload the tests produce is validated here against
``RegisterJobDefinitionRequest``: unknown members, wrong types and missing required members
all fail. Terraform references are replaced by placeholders first: a string reference by a
string, a bare ``${...}`` number by ``1`` and a bare ``${jsonencode(...)}`` list by a list."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from botocore.session import get_session
from botocore.validate import ParamValidator

_BARE_REFERENCE = re.compile(r'(?<=[:\[,])\$\{[^"]*?\}(?=[,\]}])')
_QUOTED_REFERENCE = re.compile(r"\$\{[^}]*\}")


@cache
def _request_shape() -> Any:
    return get_session().get_service_model("batch").operation_model("RegisterJobDefinition").input_shape


def decode(text: str) -> Any:
    """The payload with references replaced by placeholders, as Python values."""
    text = _BARE_REFERENCE.sub(lambda m: '["placeholder"]' if m.group(0).startswith("${jsonencode(") else "1", text)
    return _replace_references(json.loads(text))


def _replace_references(value: Any) -> Any:
    if isinstance(value, str):
        return _QUOTED_REFERENCE.sub("placeholder", value)
    if isinstance(value, list):
        return [_replace_references(item) for item in value]
    if isinstance(value, dict):
        return {key: _replace_references(item) for key, item in value.items()}
    return value


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
