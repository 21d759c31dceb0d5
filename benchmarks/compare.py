"""Whether two synthesized outputs hold the same Terraform configuration.

Compared: the set of stacks in ``manifest.json`` and, per stack, the whole ``cdk.tf.json``
(``resource``, ``data``, ``provider``, ``terraform`` with its backend and required providers, and
``output``) after dropping every ``//`` key. Those hold cdktf's metadata: construct paths, which
differ by construction (``job-definitions/FargateJob/Resource`` against ``FargateJob_476F333C``),
and the version and stack name, which do not. Nothing else is excluded; the plain programs write
asset paths as the same strings (see ``generate.py``), so they compare equal too.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def without_metadata(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: without_metadata(v) for k, v in value.items() if k != "//"}
    if isinstance(value, list):
        return [without_metadata(v) for v in value]
    return value


def load(outdir: Path) -> dict[str, Any]:
    """Stack name -> its configuration without metadata."""
    manifest = json.loads((outdir / "manifest.json").read_text())
    return {
        name: without_metadata(json.loads((outdir / entry["synthesizedStackPath"]).read_text()))
        for name, entry in manifest["stacks"].items()
    }


def differences(expected: Any, actual: Any, path: str = "", limit: int = 12) -> list[str]:
    """Paths where ``actual`` differs from ``expected``, at most ``limit`` of them."""
    found: list[str] = []

    def walk(a: Any, b: Any, at: str) -> None:
        if len(found) >= limit:
            return
        if isinstance(a, dict) and isinstance(b, dict):
            for key in sorted(a.keys() | b.keys()):
                if key not in b:
                    found.append(f"{at}/{key}: missing")
                elif key not in a:
                    found.append(f"{at}/{key}: unexpected {_short(b[key])}")
                else:
                    walk(a[key], b[key], f"{at}/{key}")
        elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
            for i, (x, y) in enumerate(zip(a, b, strict=True)):
                walk(x, y, f"{at}[{i}]")
        elif a != b or type(a) is not type(b):
            found.append(f"{at}: expected {_short(a)}, got {_short(b)}")

    walk(expected, actual, path)
    return found


def _short(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 160 else text[:157] + "..."


def compare_outputs(expected: Path, actual: Path) -> list[str]:
    return differences(load(expected), load(actual))
