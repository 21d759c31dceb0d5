"""The user's path: ``cdktf deploy`` and ``cdktf destroy`` with the pinned CLI on a stack of
the example app, against the emulator (see ``emulator_app`` for the one rewrite). On cdktn
(``CDKTF_BATCH_ENGINE=cdktn``) the same with ``cdktn deploy`` / ``cdktn destroy``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import engine
from tests.conftest import ROOT, VALIDATOR
from tests.lifecycle import SERVICE_LINKED_ROLE, Emulator
from tests.terraform_check import missing_tools, require

CLI = engine.CLI[engine.NAME]

pytestmark = pytest.mark.lifecycle


@pytest.fixture(scope="module", autouse=True)
def _tools() -> None:
    require(missing_tools(), f"The {engine.NAME} CLI lifecycle test")
    require(
        None if CLI.exists() else f"the {engine.NAME} CLI is not installed (make test installs it)",
        f"The {engine.NAME} CLI lifecycle test",
    )


STACK = "compute-environments"


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    emulator = Emulator()
    yield emulator
    emulator.stop()


def cdktf(project: Path, emulator: Emulator, *args: str) -> str:
    VALIDATOR._ensure_init()  # writes the CLI configuration with the provider mirror
    env = {
        **VALIDATOR.env,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{CLI.parent}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(ROOT),
        "CDKTF_BATCH_EMULATOR": emulator.endpoint,
        "CDKTF_BATCH_LOCKFILE": str(VALIDATOR.workdir / ".terraform.lock.hcl"),
        "CI": "1",
        "FORCE_COLOR": "0",
    }
    result = subprocess.run(
        [str(CLI), *args], cwd=project, env=env, capture_output=True, text=True, timeout=900, stdin=subprocess.DEVNULL
    )
    assert result.returncode == 0, (
        f"{engine.NAME} {' '.join(args)} failed:\n{result.stdout[-6000:]}\n{result.stderr[-3000:]}"
    )
    return result.stdout


def test_cdktf_deploy_and_destroy(emulator: Emulator, tmp_path: Path) -> None:
    emulator.reset()
    batch = emulator.client("batch")
    batch.create_compute_environment(
        computeEnvironmentName="My-Compute-Env", type="UNMANAGED", serviceRole=SERVICE_LINKED_ROLE
    )
    project = tmp_path / "project"
    project.mkdir()
    config = json.loads((ROOT / "cdktf.json").read_text())
    config["app"] = f"{sys.executable} -m tests.emulator_app"
    config["output"] = str(project / "cdktf.out")
    (project / "cdktf.json").write_text(json.dumps(config))

    output = cdktf(project, emulator, "deploy", STACK, "--auto-approve")
    assert "Apply complete" in output or "apply complete" in output.lower(), output[-2000:]
    names = {e["computeEnvironmentName"] for e in batch.describe_compute_environments()["computeEnvironments"]}
    assert "MyStorageCapableComputeEnvironment" in names and len(names) >= 8

    cdktf(project, emulator, "destroy", STACK, "--auto-approve")
    left = [e["computeEnvironmentName"] for e in batch.describe_compute_environments()["computeEnvironments"]]
    assert left == ["My-Compute-Env"]
