"""The fast path turns on only for the versions it has been tested with (cdktf_batch._fast.versions).

Any other version of jsii, cdktf or a provider gets the usual path and exactly one
LazyLoadingWarning naming the version; nothing fails. The version lookup is faked: in this
process by patching it, in fresh processes by patching importlib.metadata before cdktf_batch
is imported. (The example app with an untested provider version is one of the variants of
test_lazy_loading.py's byte-identical runs.)
"""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cdktf_batch._fast import settings, versions

ROOT = Path(__file__).resolve().parents[2]


def fake_versions(**faked: str) -> str:
    """Code that makes importlib.metadata report other versions for some distributions."""
    table = {name.replace("_", "-"): version for name, version in faked.items()}
    return (
        "import importlib.metadata as _metadata\n"
        "_real_version = _metadata.version\n"
        f"_metadata.version = lambda name: {table!r}.get(name) or _real_version(name)\n"
    )


def test_the_installed_versions_are_the_tested_ones() -> None:
    # Each engine's distributions where that engine is installed (the default .venv: cdktf only).
    installed = [engine for engine in versions.ENGINES.values() if versions.installed_version(engine.name)]
    assert "cdktf" in [engine.name for engine in installed]
    for distribution in ["jsii", *(d for engine in installed for d in (engine.name, *engine.providers.values()))]:
        assert versions.untested(distribution) is None, distribution
    assert set(versions.PROVIDERS.values()) | {engine.name for engine in versions.ENGINES.values()} <= set(
        versions.TESTED
    )


def test_each_provider_belongs_to_its_engine() -> None:
    assert versions.engine_of("cdktf_cdktf_provider_aws").name == "cdktf"
    assert versions.engine_of("cdktn_provider_docker").name == "cdktn"
    assert versions.PROVIDERS["cdktn_provider_aws"] == "cdktn-provider-aws"


@pytest.mark.parametrize(
    ("imported", "variable", "installed", "expected"),
    [
        ([], None, ["cdktf", "cdktn"], "cdktf"),  # the default
        ([], None, ["cdktn"], "cdktn"),  # the only one installed
        ([], "cdktn", ["cdktf", "cdktn"], "cdktn"),
        ([], " CDKTN ", ["cdktf", "cdktn"], "cdktn"),
        ([], "cdktn", ["cdktf"], "cdktf"),  # named but not installed
        ([], "other", ["cdktn"], "cdktn"),
        (["cdktn"], "cdktf", ["cdktf", "cdktn"], "cdktn"),  # what the app imported comes first
        (["cdktf", "cdktn"], "cdktn", ["cdktf", "cdktn"], "cdktn"),
    ],
)
def test_expected_engine(
    monkeypatch: pytest.MonkeyPatch, imported: list[str], variable: str | None, installed: list[str], expected: str
) -> None:
    for name in ("cdktf", "cdktn"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    for name in imported:
        monkeypatch.setitem(sys.modules, name, sys)
    if variable is None:
        monkeypatch.delenv(versions.ENGINE_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(versions.ENGINE_VARIABLE, variable)
    monkeypatch.setattr(versions, "installed_version", lambda name: "1.0" if name in installed else None)
    assert versions.expected_engine().name == expected


@pytest.mark.parametrize(
    ("distribution", "version", "tested"),
    [
        ("jsii", "1.142.0", True),
        ("jsii", "1.142.3", True),
        ("jsii", "1.143.0", False),
        ("jsii", "1.14.0", False),
        ("jsii", "1.1420.0", False),
        ("cdktf", "0.21.0", True),
        ("cdktf", "0.21.1", False),
        ("cdktf-cdktf-provider-aws", "21.22.1", True),
        ("cdktf-cdktf-provider-aws", "21.22.10", False),
        ("cdktf-cdktf-provider-docker", "12.0.3", True),
        ("cdktf-cdktf-provider-docker", "12.0.4", False),
        ("cdktn", "0.24.0", True),
        ("cdktn", "0.24.1", False),
        ("cdktn-provider-aws", "25.8.1", True),
        ("cdktn-provider-aws", "25.7.0", False),
        ("cdktn-provider-docker", "16.1.0", True),
        ("cdktn-provider-docker", "16.1.1", False),
    ],
)
def test_allow_list(distribution: str, version: str, tested: bool) -> None:
    assert versions.is_tested(distribution, version) is tested


def test_untested_names_the_version(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "0.22.0" if name == "cdktf" else real(name))
    assert versions.untested("jsii", "cdktf") == "cdktf 0.22.0 has not been tested with it (tested: 0.21.0)"

    def missing(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", missing)
    assert versions.untested("jsii") == "jsii is not installed as a distribution"


def _run(code: str, *options: str) -> subprocess.CompletedProcess[str]:
    # cdktf's guarantees, in either virtualenv (tests/fast/test_cdktn.py has cdktn's).
    environment = dict(os.environ, CDKTF_BATCH_ENGINE="cdktf")
    environment.pop(settings.SWITCH, None)
    return subprocess.run(
        [sys.executable, *options, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


_REPORT = (
    "import cdktf_batch\n"
    "import sys, cdktf, jsii\n"
    "assert cdktf.Token.is_unresolved(cdktf.Fn.upper('x'))\n"
    "from cdktf_cdktf_provider_docker.provider import DockerProvider\n"
    "import typing\n"
    "docker = sys.modules['cdktf_cdktf_provider_docker']\n"
    "checks = sys.modules['cdktf_cdktf_provider_docker.provider._private'].typing is typing\n"
    "runtime = jsii.kernel.provider._process._process.args[-1].rsplit('/', 1)[-1]\n"
    "print(runtime, 'lazy' if '__getattr__' in vars(docker) else 'eager', 'usual' if checks else 'remembered')\n"
)


@pytest.mark.parametrize(
    ("faked", "expected", "named"),
    [
        # jsii or cdktf untested: nothing of the fast path, for anything.
        ({"jsii": "1.143.0"}, ["jsii-runtime.js", "eager", "usual"], "jsii 1.143.0 has not been tested"),
        ({"cdktf": "0.22.0"}, ["jsii-runtime.js", "eager", "usual"], "cdktf 0.22.0 has not been tested"),
        # A provider untested: that provider loads as usual, the rest is as fast as ever.
        (
            {"cdktf_cdktf_provider_docker": "12.1.0"},
            ["entry.js", "eager", "usual"],
            "cdktf-cdktf-provider-docker 12.1.0 has not been tested",
        ),
    ],
)
def test_an_untested_version_gets_the_usual_path_and_one_warning(
    faked: dict[str, str], expected: list[str], named: str
) -> None:
    result = _run(fake_versions(**faked) + _REPORT)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == expected
    assert result.stderr.count("LazyLoadingWarning") == 1, result.stderr
    assert named in result.stderr


def test_the_tested_versions_get_the_fast_path() -> None:
    # The same report without faking: the check above can fail.
    result = _run(_REPORT)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == ["entry.js", "lazy", "remembered"]
    assert "Warning" not in result.stderr


@pytest.mark.parametrize("faked", [{"jsii": "1.143.0"}, {"cdktf_cdktf_provider_docker": "12.1.0"}])
def test_under_warnings_as_errors_the_warning_raises_without_noise(faked: dict[str, str]) -> None:
    result = _run(fake_versions(**faked) + _REPORT, "-W", "error")
    assert result.returncode != 0
    assert "LazyLoadingWarning" in result.stderr
    assert "Exception ignored" not in result.stderr, result.stderr
