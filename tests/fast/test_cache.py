"""A cache that heals itself (cdktf_batch._fast.cache, derived_cache, runtime).

Each case that was reproduced by hand: two environments sharing one cache, a derived tarball
damaged in place at the same size, a damaged jsii runtime index, a truncated entry.js or a
missing program.js in the kernel runtime, a killed build's leftovers, and the fallback's
warning under -W error. Every test works in a cache directory of its own (the derived package
of the small docker provider, built once for the module, then copied).
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, NoReturn

import pytest

from cdktf_batch._fast import cache, derived_cache, derived_package, runtime, settings

ROOT = Path(__file__).resolve().parents[2]


def _package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent


DOCKER_DIR = _package_dir("cdktf_cdktf_provider_docker")
DOCKER = derived_package.read_provider(DOCKER_DIR)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache directory holding the docker provider's derived package, built once."""
    root = tmp_path_factory.mktemp("built") / "cache"
    derived_cache.ready(DOCKER, DOCKER_DIR, root)
    return root


@pytest.fixture
def root(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "cache"
    shutil.copytree(built, copy)
    return copy


def _must_not_build(*args: Any, **kwargs: Any) -> NoReturn:
    raise AssertionError("built again")


def _record(derived: Path) -> dict[str, Any]:
    return json.loads((derived.parent / "record.json").read_text())  # type: ignore[no-any-return]


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", ""])
    process.wait()
    return process.pid


def test_two_environments_share_one_entry(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Another virtualenv: the same provider tarball at another path.
    elsewhere = tmp_path / "other-venv" / "cdktf_cdktf_provider_docker" / "_jsii" / DOCKER.tarball.name
    elsewhere.parent.mkdir(parents=True)
    shutil.copyfile(DOCKER.tarball, elsewhere)
    other = dataclasses.replace(DOCKER, tarball=elsewhere)
    monkeypatch.setattr(derived_cache, "derive_tarball", _must_not_build)
    monkeypatch.setattr(derived_cache, "verify_in_subprocess", _must_not_build)
    first = derived_cache.ready(DOCKER, DOCKER_DIR, root)
    second = derived_cache.ready(other, DOCKER_DIR, root)
    again = derived_cache.ready(DOCKER, DOCKER_DIR, root)
    assert first == second == again
    assert first.parent.parent.parent == root / "lazy-providers" / "cdktf+provider-docker"
    sources = json.loads((first.parent.parent / "sources.json").read_text())
    assert sorted(sources) == sorted([str(DOCKER.tarball), str(elsewhere)])
    assert (
        sources[str(elsewhere)]["sha256"] == sources[str(DOCKER.tarball)]["sha256"] == _record(first)["source_sha256"]
    )
    assert "Warning" not in json.dumps(sources)
    assert capsys.readouterr().err == ""  # no "preparing" message: nothing was built


def test_other_content_gets_its_own_entry(root: Path, tmp_path: Path) -> None:
    # The check above can fail: a tarball with other bytes under the same name and version is
    # not taken for the one in the cache.
    changed = tmp_path / "changed" / DOCKER.tarball.name
    changed.parent.mkdir()
    changed.write_bytes(DOCKER.tarball.read_bytes() + b"\0")
    sources = root / "lazy-providers" / "cdktf+provider-docker" / DOCKER.version / "sources.json"
    digest = derived_cache._source_digest(changed, sources)
    assert digest != derived_cache._source_digest(DOCKER.tarball, sources)


def test_a_tarball_damaged_in_place_is_built_again(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    derived = derived_cache.ready(DOCKER, DOCKER_DIR, root)
    good = derived.read_bytes()
    with derived.open("r+b") as stream:  # same size, other bytes
        stream.seek(len(good) // 2)
        stream.write(bytes(byte ^ 0xFF for byte in good[len(good) // 2 : len(good) // 2 + 64]))
    assert derived.stat().st_size == len(good) and derived.read_bytes() != good
    # And what a build killed midway left in the same folder.
    leftover = derived.with_name(f".{derived.name}.{_dead_pid()}.tmp")
    leftover.write_bytes(good[:1000])
    capsys.readouterr()
    assert derived_cache.ready(DOCKER, DOCKER_DIR, root) == derived
    assert derived.read_bytes() == good
    assert "preparing a lazily loading copy of @cdktf/provider-docker" in capsys.readouterr().err
    assert not leftover.exists()
    assert _record(derived)["sha256"] == cache.sha256_file(derived)[0]


def test_a_touched_but_intact_tarball_is_used_as_it_is(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    derived = derived_cache.ready(DOCKER, DOCKER_DIR, root)
    os.utime(derived, ns=(0, 0))
    monkeypatch.setattr(derived_cache, "derive_tarball", _must_not_build)
    assert derived_cache.ready(DOCKER, DOCKER_DIR, root) == derived
    assert _record(derived)["signature"]["mtime_ns"] == 0  # checked once, then trusted again


def test_a_missing_record_means_built_again(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    derived = derived_cache.ready(DOCKER, DOCKER_DIR, root)
    (derived.parent / "record.json").write_text("{")
    capsys.readouterr()
    assert derived_cache.ready(DOCKER, DOCKER_DIR, root) == derived
    assert "preparing" in capsys.readouterr().err
    assert _record(derived)["exports"] > 0


@pytest.mark.parametrize("damaged", derived_cache.RUNTIME_INDEX_FILES)
def test_a_damaged_runtime_index_is_rebuilt(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], damaged: str
) -> None:
    # A jsii package cache of its own: the first use finds no index there, and has it built.
    monkeypatch.setenv("JSII_RUNTIME_PACKAGE_CACHE_ROOT", str(tmp_path / "jsii"))
    derived = derived_cache.ready(DOCKER, DOCKER_DIR, root)
    assert "rebuilding jsii's runtime index" in capsys.readouterr().err
    record = _record(derived)
    entry = derived_cache.jsii_cache_entry(DOCKER, record["jsii_digest"])
    assert entry is not None and entry.is_relative_to(tmp_path / "jsii")
    sizes = {name: (entry / name).stat().st_size for name in derived_cache.RUNTIME_INDEX_FILES}
    assert sizes == record["runtime_index"]
    with (entry / damaged).open("r+b") as stream:
        stream.truncate(sizes[damaged] // 2)
    monkeypatch.setattr(derived_cache, "derive_tarball", _must_not_build)  # the package itself is fine
    assert derived_cache.ready(DOCKER, DOCKER_DIR, root) == derived
    assert "rebuilding jsii's runtime index" in capsys.readouterr().err
    assert {name: (entry / name).stat().st_size for name in derived_cache.RUNTIME_INDEX_FILES} == sizes
    derived_cache.ready(DOCKER, DOCKER_DIR, root)
    assert capsys.readouterr().err == ""  # intact now: nothing more to do


def _run(code: str, *options: str, **environment: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop(settings.SWITCH, None)
    env.update(environment)
    return subprocess.run(
        [sys.executable, *options, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


_REPORT_START = (
    "import cdktf_batch, cdktf, jsii\n"
    "assert cdktf.Token.is_unresolved(cdktf.Fn.upper('x'))\n"
    "process = jsii.kernel.provider._process\n"
    "print(process._process.args[-1].rsplit('/', 1)[-1], cdktf_batch._fast.channel().session(process).spawned_early)\n"
)


@pytest.mark.parametrize(
    ("name", "damage"),
    [
        ("entry.js", lambda path: path.write_bytes(path.read_bytes()[:100])),
        ("program.js", lambda path: path.unlink()),
        ("lazy-archiver.js", lambda path: path.write_bytes(b"")),
    ],
)
def test_a_damaged_kernel_runtime_is_built_again(tmp_path: Path, name: str, damage: Any) -> None:
    entry = runtime.ready(tmp_path)
    assert runtime.find_ready(tmp_path) == entry
    damage(entry.parent / name)
    assert runtime.find_ready(tmp_path) is None  # so it is not started before jsii is imported
    result = _run(_REPORT_START, CDKTF_BATCH_CACHE_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == ["entry.js", "False"]
    assert "Warning" not in result.stderr and "Error" not in result.stderr
    assert runtime.find_ready(tmp_path) == entry
    assert [path.name for path in entry.parents[2].iterdir()] == [entry.parents[1].name]  # no leftovers


_BUILD = """
import sys
from pathlib import Path
from cdktf_batch._fast import derived_cache, derived_package
package_dir = Path(sys.argv[1])
derived_cache.ready(derived_package.read_provider(package_dir), package_dir, Path(sys.argv[2]))
"""


def test_a_build_killed_midway_is_cleaned_up_and_done_again(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    folder = root / "lazy-providers" / "cdktf+provider-docker" / DOCKER.version
    builder = subprocess.Popen(
        [sys.executable, "-c", _BUILD, str(DOCKER_DIR), str(root)],
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its check and the check's Node go with it
    )
    try:
        # Killed while its check runs: the check's kernel has put its files in the scratch folder.
        deadline = time.monotonic() + 240
        while not list(folder.glob("*/.verify.*.tmp/*")):
            assert builder.poll() is None, "the build ended before it could be killed"
            assert time.monotonic() < deadline, "the check never started"
            time.sleep(0.02)
    finally:
        os.killpg(builder.pid, 9)
        builder.wait()
    (entry_folder,) = folder.glob("*-v*")
    assert not (entry_folder / "record.json").exists()
    assert [path for path in entry_folder.iterdir() if path.name.endswith(".tmp")]
    derived = derived_cache.ready(DOCKER, DOCKER_DIR, root)
    assert sorted(path.name for path in entry_folder.iterdir()) == sorted([derived.name, "record.json"])
    assert _record(derived)["sha256"] == cache.sha256_file(derived)[0]


def test_a_killed_builds_leftovers_are_removed(tmp_path: Path) -> None:
    folder = tmp_path / "jsii-runtime"
    folder.mkdir()
    dead = _dead_pid()
    staging = folder / f".0123456789abcdef-v{runtime.ENTRY_VERSION}.{dead}.tmp"
    (staging / "lib").mkdir(parents=True)
    (staging / "lib" / "program.js").write_bytes(b"half of it")
    partial = folder / f".record.json.{dead}.tmp"
    partial.write_text("{")
    # A live process's temporary is another build in progress, unless it is hours old.
    live = os.getppid()
    in_progress = folder / f".other-v{runtime.ENTRY_VERSION}.{live}.tmp"
    in_progress.mkdir()
    abandoned = folder / f".older-v{runtime.ENTRY_VERSION}.{live}.tmp"
    abandoned.mkdir()
    hours_ago = time.time() - 2 * cache.STALE_SECONDS
    os.utime(abandoned, (hours_ago, hours_ago))
    unrelated = folder / "notes.txt"
    unrelated.write_text("not ours to remove\n")
    entry = runtime.ready(tmp_path)
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        [entry.parents[1].name, in_progress.name, unrelated.name]
    )


def test_remove_leftovers_keeps_its_own_and_live_ones(tmp_path: Path) -> None:
    own = cache.temporary_path(tmp_path / "mine.json")
    own.write_text("{}")
    dead = tmp_path / f".theirs.json.{_dead_pid()}.tmp"
    dead.write_text("{}")
    assert cache.remove_leftovers(tmp_path) == [dead]
    assert [path.name for path in tmp_path.iterdir()] == [own.name]


def test_unwritable_cache_under_warnings_as_errors_leaves_no_noise(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("the cache directory cannot be created under a file\n")
    result = _run("import cdktf_batch, cdktf", "-W", "error", CDKTF_BATCH_CACHE_DIR=str(blocker / "cache"))
    assert result.returncode != 0
    assert (
        "LazyLoadingWarning: cdktf_batch: the jsii kernel is reached through its usual relay process" in result.stderr
    )
    assert "Exception ignored" not in result.stderr, result.stderr
    # Without -W error: the same warning, once, and everything works.
    result = _run(
        "import cdktf_batch, cdktf; assert not cdktf.Token.is_unresolved('x')",
        CDKTF_BATCH_CACHE_DIR=str(blocker / "cache"),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stderr.count("LazyLoadingWarning") == 1
    assert "Exception ignored" not in result.stderr


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:100] + bytes([data[100] ^ 0x01]) + data[101:],  # one bit flipped
        lambda data: b"",
    ],
    ids=["truncated", "bit-flipped", "empty"],
)
def test_damaged_compiled_code_is_compiled_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: Any) -> None:
    import importlib.machinery
    import marshal

    from cdktf_batch._fast import lazy_import

    monkeypatch.setenv(settings.CACHE_DIR, str(tmp_path))
    name = "cdktf_cdktf_provider_docker.provider"
    loader = importlib.machinery.SourceFileLoader(name, str(DOCKER_DIR / "provider" / "__init__.py"))
    first = lazy_import._postponed_annotations_code(loader, name)
    (cached,) = (tmp_path / "bytecode").rglob("*.bin")
    assert lazy_import._read_code(cached) is not None
    cached.write_bytes(damage(cached.read_bytes()))
    assert lazy_import._read_code(cached) is None
    again = lazy_import._postponed_annotations_code(loader, name)
    assert marshal.dumps(again) == marshal.dumps(first)
    assert lazy_import._read_code(cached) is not None  # written again
