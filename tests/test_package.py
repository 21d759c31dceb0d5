"""The release artifacts, as a user gets them: the sdist and the wheel build, carry every module
and data file of the package, pass the metadata check, and the wheel installed (not editable)
into a fresh virtualenv outside the repository synthesizes the example app byte for byte as
the editable install does, with the fast path on.

No network: the artifacts are built without build isolation (setuptools from the dev extra), and
the fresh virtualenv sees the project virtualenv's installed dependencies (every distribution
but cdktf-batch itself) through a folder of links, so pip resolves the wheel's requirements
against them with ``--no-index``: a requirement the dependencies cannot meet fails the install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

# What a user's app synthesizes must not depend on how cdktf_batch was installed.
_CHILD_ENV_DROP = ("PYTHONPATH", "CDKTF_OUTDIR", "TFC_ORGANIZATION", "JSII_RUNTIME", "CDKTF_BATCH_LAZY_PROVIDER")


@dataclass(frozen=True)
class Artifacts:
    sdist: Path
    wheel: Path


def _package_files() -> set[str]:
    """Every file of the package in the source tree (what the wheel must carry)."""
    package = ROOT / "cdktf_batch"
    return {
        path.relative_to(ROOT).as_posix()
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Artifacts:
    out = tmp_path_factory.mktemp("dist")
    # The default build makes the sdist first and the wheel from the unpacked sdist, so a file
    # the sdist leaves out is missing from the wheel too.
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        text=True,
    )
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return Artifacts(sdist=sdist, wheel=wheel)


def test_wheel_carries_every_file_of_the_package(artifacts: Artifacts) -> None:
    with zipfile.ZipFile(artifacts.wheel) as archive:
        names = set(archive.namelist())
    missing = _package_files() - names
    assert not missing, f"the wheel leaves out {sorted(missing)}"
    assert "cdktf_batch/job_definition/__init__.py" in names
    assert "cdktf_batch/py.typed" in names
    # Nothing from outside the package: tests, examples and benchmarks are not installed.
    from cdktf_batch import __version__

    assert {name.split("/", 1)[0] for name in names} == {"cdktf_batch", f"cdktf_batch-{__version__}.dist-info"}


def test_sdist_carries_the_package_and_its_tests(artifacts: Artifacts) -> None:
    with tarfile.open(artifacts.sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    missing = _package_files() - names
    assert not missing, f"the sdist leaves out {sorted(missing)}"
    assert {"pyproject.toml", "README.md"} <= names


def test_metadata_is_complete_and_passes_twine_check(artifacts: Artifacts) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", str(artifacts.sdist), str(artifacts.wheel)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    with zipfile.ZipFile(artifacts.wheel) as archive:
        (metadata_name,) = [name for name in archive.namelist() if name.endswith(".dist-info/METADATA")]
        metadata = archive.read(metadata_name).decode()
    from cdktf_batch import __version__

    assert f"\nVersion: {__version__}\n" in metadata  # single-sourced from cdktf_batch/_version.py
    assert "\nRequires-Python: >=3.10\n" in metadata
    assert "\nLicense-Expression: Apache-2.0\n" in metadata
    assert "\nDescription-Content-Type: text/markdown\n" in metadata
    assert "\nClassifier: Typing :: Typed\n" in metadata
    assert "\nRequires-Dist: cdktf==0.21.0\n" in metadata
    assert "\nRequires-Dist: cdktf-cdktf-provider-aws==21.22.1\n" in metadata
    # CDK Terrain is an extra: `pip install "cdktf-batch[cdktn]"` (README, Install; docs/guides/cdk-terrain.md).
    assert "\nProvides-Extra: cdktn\n" in metadata
    for requirement in ("cdktn==0.24.0", "cdktn-provider-aws==25.8.1", "cdktn-provider-docker==16.1.0"):
        assert f'\nRequires-Dist: {requirement}; extra == "cdktn"\n' in metadata
    # The test tools stay in the extra.
    assert '\nRequires-Dist: pytest==9.2.0; extra == "dev"\n' in metadata
    assert "\nRequires-Dist: pytest==9.2.0\n" not in metadata


def _dependency_links(target: Path) -> Path:
    """A folder linking every distribution of this virtualenv but cdktf-batch itself."""
    target.mkdir()
    site_packages = Path(sysconfig.get_paths()["purelib"])
    for entry in site_packages.iterdir():
        lowered = entry.name.lower()
        if lowered.startswith(("cdktf_batch", "__editable__", "_cdktf_batch")) or entry.suffix == ".pth":
            continue
        (target / entry.name).symlink_to(entry)
    return target


@pytest.fixture(scope="module")
def fresh_python(artifacts: Artifacts, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The interpreter of a new virtualenv, outside the repository, with the wheel installed."""
    base = tmp_path_factory.mktemp("fresh")
    home = base / "venv"
    venv.EnvBuilder(with_pip=False, symlinks=True).create(home)
    python = home / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    links = _dependency_links(base / "dependencies")
    Path(purelib, "project-dependencies.pth").write_text(f"{links}\n", encoding="utf-8")
    install = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-index",
            "--quiet",
            str(artifacts.wheel),
        ],
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    yield python


def _run_example_app(python: Path, app_dir: Path) -> tuple[dict[str, bytes], str, str]:
    env = {key: value for key, value in os.environ.items() if key not in _CHILD_ENV_DROP}
    env["PYTHONWARNINGS"] = "always"
    result = subprocess.run(
        [
            str(python),
            "-c",
            "import sys, cdktf_batch; print(cdktf_batch.__file__, file=sys.stderr); "
            "import runpy; runpy.run_module('examples.main', run_name='__main__')",
        ],
        cwd=app_dir,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    out = app_dir / "cdktf.out"
    files = {path.relative_to(out).as_posix(): path.read_bytes() for path in sorted(out.rglob("*")) if path.is_file()}
    shutil.rmtree(out)
    origin = result.stderr.splitlines()[0]
    return files, origin, result.stderr


def _example_app_copy(target: Path) -> Path:
    """The example app, outside the repository (so `cdktf_batch` cannot come from the checkout)."""
    shutil.copytree(ROOT / "examples", target / "examples", ignore=shutil.ignore_patterns("__pycache__"))
    return target


def test_installed_wheel_synthesizes_the_example_app_like_the_editable_install(
    fresh_python: Path, tmp_path: Path
) -> None:
    # One folder for both runs: the local backend's state path is absolute.
    app = _example_app_copy(tmp_path / "app")
    wheel_files, wheel_origin, wheel_stderr = _run_example_app(fresh_python, app)
    editable_files, editable_origin, _ = _run_example_app(Path(sys.executable), app)

    assert wheel_origin.startswith(str(fresh_python.parent.parent)), wheel_origin  # the wheel's copy
    assert editable_origin.startswith(str(ROOT)), editable_origin
    assert "LazyLoadingWarning" not in wheel_stderr  # the fast path works from the wheel too
    assert sorted(wheel_files) == sorted(editable_files)
    assert {name for name in wheel_files if name.endswith("cdk.tf.json")} == {
        "stacks/compute-environments/cdk.tf.json",
        "stacks/job-queues/cdk.tf.json",
        "stacks/job-definitions/cdk.tf.json",
        "stacks/eks/cdk.tf.json",
        "stacks/schedules/cdk.tf.json",
    }
    different = [name for name in wheel_files if wheel_files[name] != editable_files[name]]
    assert not different, f"the wheel's output differs in {different}"
