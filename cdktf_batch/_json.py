"""Token-safe JSON text for the provider's JSON-string attributes (``container_properties``,
``node_properties``).

Strings that hold Terraform references stay strings (``"${aws_iam_role.r.arn}"`` inside the
JSON text is interpolated by Terraform). A number or list that *is* a token cannot be written
as a JSON string without changing its type, so it is written unquoted as ``${...}`` (a number)
or ``${jsonencode(...)}`` (a list or map), which Terraform's template interpolation turns into
the right JSON. The output is literal JSON text, never a ``jsonencode(...)`` expression, so
people and JSON tools can read it.
"""

from __future__ import annotations

import json
from typing import Any

from cdktf_batch._engine import Fn, Token
from cdktf_batch._validation import is_unresolved

_MARKER = "__cdktf_batch_raw_{}__"


def dumps(value: Any) -> str:
    """``value`` (dicts, lists, str, int, float, bool) as compact JSON text, tokens kept."""
    raw: list[str] = []

    def prepare(item: Any) -> Any:
        if isinstance(item, dict):
            return {key: prepare(inner) for key, inner in item.items()}
        if isinstance(item, (list, tuple)):
            # cdktf hands a list token to Python as a list holding one "#{TfToken[...]}" string.
            if any(isinstance(inner, str) and inner.startswith("#{") for inner in item):
                return mark(Fn.jsonencode(list(item)))
            return [prepare(inner) for inner in item]
        if isinstance(item, (int, float)) and not isinstance(item, bool) and is_unresolved(item):
            return mark(Token.as_string(item))
        return item

    def mark(text: str) -> str:
        raw.append(text)
        return _MARKER.format(len(raw) - 1)

    text = json.dumps(prepare(value), separators=(",", ":"))
    for index, replacement in enumerate(raw):
        text = text.replace(json.dumps(_MARKER.format(index)), replacement)
    return text
