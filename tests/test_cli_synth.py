"""The user's synth on either engine: `cdktn synth` through the pinned cdktn-cli (tools/cdktn)
writes the same stacks as `cdktf synth` through the pinned cdktf-cli (package.json), for the
example app run on each engine (``CDKTF_BATCH_ENGINE``). The stacks may differ only where the
engines themselves write differently (``engine.normalise``: each engine's exact values are
checked first) and in the local backend's absolute path (each CLI runs in its own folder).

Both engines must be installed in one virtualenv, so this runs in the cdktn run of `make test`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests import engine
from tests.conftest import ROOT
from tests.terraform_check import require

CLIS = engine.CLI
PROJECT = "<project>"

pytestmark = pytest.mark.skipif(
    engine.NAME != "cdktn", reason="runs in the cdktn run of make test (it needs both engines in one virtualenv)"
)


def synth(name: str, project: Path) -> dict[str, Any]:
    """Run ``<name> synth`` on the example app with engine ``name`` in ``project``: the manifest
    and each stack's JSON, ``project``'s path replaced by a placeholder."""
    project.mkdir()
    config = json.loads((ROOT / "cdktf.json").read_text())
    config["app"] = f"{sys.executable} -m examples.main"
    (project / "cdktf.json").write_text(json.dumps(config))
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("TFC_")  # local state
        and key not in ("CDKTF_OUTDIR", "CDKTF_CONTEXT_JSON", "JSII_NODE", "PYTEST_CURRENT_TEST")
    }
    env.update(
        CDKTF_BATCH_ENGINE=name,
        PYTHONPATH=str(ROOT),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}",  # the venv's Node 24 (cdktn-cli needs 22+)
        CI="1",
        FORCE_COLOR="0",
        CHECKPOINT_DISABLE="1",
    )
    result = subprocess.run(
        [str(CLIS[name]), "synth"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, f"{name} synth failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    out = project / "cdktf.out"
    texts = {"manifest": (out / "manifest.json").read_text()}
    for path in sorted(out.glob("stacks/*/cdk.tf.json")):
        texts[path.parent.name] = path.read_text()
    return {key: json.loads(text.replace(str(project), PROJECT)) for key, text in texts.items()}


def test_cdktn_synth_writes_the_stacks_cdktf_synth_writes(tmp_path: Path) -> None:
    for name, cli in CLIS.items():
        require(
            None if cli.exists() else f"{cli.relative_to(ROOT)} is missing (make test installs it)", f"{name} synth"
        )
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {name: pool.submit(synth, name, tmp_path / name) for name in CLIS}
        outputs = {name: future.result() for name, future in futures.items()}
    cdktf, cdktn = outputs["cdktf"], outputs["cdktn"]

    stacks = sorted(set(cdktf) - {"manifest"})
    assert stacks == ["compute-environments", "eks", "job-definitions", "job-queues", "schedules"]
    assert sorted(set(cdktn) - {"manifest"}) == stacks
    for stack in stacks:
        assert cdktf[stack]["terraform"]["backend"] == {"local": {"path": f"{PROJECT}/terraform.{stack}.tfstate"}}
        assert engine.normalise(cdktn[stack], "cdktn") == engine.normalise(cdktf[stack], "cdktf"), stack
    # The manifest lists the same stacks in the same places; only its own version differs.
    assert cdktn["manifest"]["version"] == engine.VERSION["cdktn"]
    assert cdktf["manifest"]["version"] == engine.VERSION["cdktf"]
    assert cdktn["manifest"]["stacks"] == cdktf["manifest"]["stacks"]
