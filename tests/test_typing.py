"""Calls from cdktf_batch into the provider bindings are type-checked by mypy.

The bindings' own run-time checks (typeguard) are skipped for those calls on the fast path, so
mypy must see the bindings' signatures: pyproject.toml tells it to follow exactly the provider
submodules cdktf_batch imports (the packages' roots, which import every submodule, stay skipped).
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import tomllib

from tests.conftest import ROOT

PROVIDER_PACKAGES = ("cdktf_cdktf_provider_aws", "cdktf_cdktf_provider_docker")


def _followed_modules() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    followed: set[str] = set()
    for override in config["tool"]["mypy"]["overrides"]:
        if override.get("follow_imports") == "silent":
            followed.update(override["module"])
    return followed


def _provider_modules_imported_by(folder: Path) -> set[str]:
    imported: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            if isinstance(node, ast.ImportFrom) and node.module in PROVIDER_PACKAGES:
                # `from cdktf_cdktf_provider_aws import batch_job_queue` (cdktf_batch/_engine.py)
                names = [f"{node.module}.{alias.name}" for alias in node.names]
            imported.update(name for name in names if name.startswith(PROVIDER_PACKAGES) and "." in name)
    return imported


def test_mypy_follows_every_provider_module_the_library_imports() -> None:
    imported = _provider_modules_imported_by(ROOT / "cdktf_batch") | _provider_modules_imported_by(ROOT / "examples")
    followed = _followed_modules()
    jsii_modules = {f"{package}._jsii" for package in PROVIDER_PACKAGES}
    assert imported, "the scan found no provider imports"
    assert imported - followed == set(), "add these to the mypy override in pyproject.toml"
    assert followed - imported - jsii_modules == set(), "no longer imported: remove them from the override"


def _mypy(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    scratch = tmp_path / "scratch_calls.py"
    scratch.write_text(textwrap.dedent(source), encoding="utf-8")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(ROOT / ".mypy_cache"),  # `make typecheck` has just filled it: cdktf's stubs are read once
            str(scratch),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )


SCRATCH_HEADER = """
    from cdktf import TerraformStack
    from cdktf_cdktf_provider_aws.batch_job_queue import (
        BatchJobQueue,
        BatchJobQueueComputeEnvironmentOrder,
    )


    def build(scope: TerraformStack) -> None:
"""


def test_a_wrong_call_into_the_provider_fails_mypy(tmp_path: Path) -> None:
    result = _mypy(
        tmp_path,
        SCRATCH_HEADER
        + '        BatchJobQueue(scope, "Q", name=1, priority="high", state="ENABLED", no_such_argument=True)\n',
    )
    assert result.returncode == 1, result.stdout
    assert 'Argument "name" to "BatchJobQueue" has incompatible type "int"; expected "str"' in result.stdout
    assert 'Argument "priority" to "BatchJobQueue" has incompatible type "str"' in result.stdout
    assert 'Unexpected keyword argument "no_such_argument" for "BatchJobQueue"' in result.stdout


def test_a_right_call_into_the_provider_passes_mypy(tmp_path: Path) -> None:
    result = _mypy(
        tmp_path,
        SCRATCH_HEADER
        + '        BatchJobQueue(scope, "Q", name="q", priority=1, state="ENABLED", compute_environment_order=[\n'
        + '            BatchJobQueueComputeEnvironmentOrder(compute_environment="arn", order=1)])\n',
    )
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("package", PROVIDER_PACKAGES)
def test_provider_package_roots_stay_skipped(package: str) -> None:
    # Following a root would make mypy read all of its ~2,200 submodules on every run.
    assert package not in _followed_modules()
