"""Talk to the jsii kernel directly, without its relay process, and without sleeping on replies.

Every call from Python into the JavaScript side (creating a resource, reading an attribute)
is a round trip through pipes. jsii's stock runtime puts a relay in the middle: the Node
process Python starts only spawns a second Node process (the kernel) and copies lines between
the two, so every round trip wakes three processes. On a virtual machine each wake-up of an
idle process costs a tenth of a millisecond or more: a trivial call took about 0.5 ms here,
most of it spent waiting for the scheduler.

:func:`install` (called when ``cdktf_batch`` is imported) changes how a kernel that has not
started yet is started and read:

- The kernel runs in the one process Python starts: the jsii runtime's own ``program.js``,
  with its API channel moved from file descriptor 3 (the relay's socket) to stdin and stdout,
  behind a small entry script (``entry.js``) that keeps stdout for the protocol by framing
  everything else written to stdout or stderr the way the relay does (base64 lines that
  jsii's Python side already decodes). The files are written once per jsii runtime into
  cdktf_batch's cache directory and checked by starting them once.
- Each side briefly spins on a non-blocking read before it blocks (2 ms at most), so a reply
  that comes quickly is picked up without a wake-up.
- Node works while Python imports: once the runtime is in the cache, :func:`spawn` starts the
  kernel before jsii is imported (jsii's start adopts that process), and has it load the
  constructs and cdktf assemblies straight away; jsii's own ``load`` requests (whose replies
  jsii ignores) are sent without waiting, their replies read, and a failure raised, before the
  next request that waits for its reply.

- In that process cdktf's ``archiver`` dependency (a fifth of a second of ``require`` calls at
  load, used only by cdktf's separate zip process) is loaded on first use.

A trivial call then takes about a third of the time, and Python finds the kernel ready when it
first needs it. Anything unexpected (not Linux, a user's
own ``JSII_RUNTIME``, a jsii whose runtime looks different, no writable cache, a failed
check) leaves jsii's usual channel in place, with one
:class:`~cdktf_batch.errors.LazyLoadingWarning` where something was meant to work and did not.
``CDKTF_BATCH_LAZY_PROVIDER=0`` turns this off together with lazy loading.

Limit: JavaScript code that writes to file descriptor 1 itself (``fs.writeSync(1, ...)``, or a
child process inheriting it) would write into the protocol; ``console`` and
``process.stdout``/``process.stderr`` are framed.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import hashlib
import importlib.util
import json
import os
import platform
import select
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ENTRY_VERSION = 2  # bump when entry.js or the program patch changes
SPIN_SECONDS = 0.002  # how long a side polls for a reply before it blocks

# The one place jsii's program.js names its API channel; the relay gives it descriptor 3.
_CHANNEL = b"readFD:3,writeFD:3"
_DIRECT_CHANNEL = b"readFD:0,writeFD:1"
_CHECK_TIMEOUT = 60.0
# For the kernel process: Node preserves symbolic links (entry.js tells the kernel, and drops
# the variable for the kernel's children); how long entry.js polls for a request.
_KERNEL_ENVIRONMENT = {"NODE_PRESERVE_SYMLINKS": "1", "CDKTF_BATCH_KERNEL_SPIN_US": str(int(SPIN_SECONDS * 1e6))}

_ENTRY = r"""'use strict';
// cdktf_batch: runs the jsii kernel (program.js, patched to read stdin and write stdout)
// without jsii's relay process. Generated; see cdktf_batch/_kernel_channel.py.
const fs = require('fs');

const rawWriteSync = fs.writeSync;
const NEWLINE = Buffer.from('\n');

function writeAll(fd, bytes) {
  let written = 0;
  let pause = 0;
  while (written < bytes.length) {
    try {
      written += rawWriteSync(fd, bytes, written, bytes.length - written);
      pause = 0;
    } catch (error) {
      if (error.code !== 'EAGAIN') throw error;
      pause = Math.min(Math.max(2 * pause, 1), 10);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pause);
    }
  }
}

// Everything but the protocol goes to stderr as the relay frames it: {"stdout"|"stderr": base64}.
function frame(key, bytes) {
  writeAll(2, Buffer.concat([Buffer.from(JSON.stringify({ [key]: bytes.toString('base64') })), NEWLINE]));
}

function streamWrite(key) {
  return function write(chunk, encoding, callback) {
    if (typeof encoding === 'function') {
      callback = encoding;
      encoding = undefined;
    }
    frame(key, Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), encoding || 'utf8'));
    if (typeof callback === 'function') process.nextTick(callback);
    return true;
  };
}
process.stdout.write = streamWrite('stdout');
process.stderr.write = streamWrite('stderr');

// The kernel's own diagnostics are written straight to descriptor 2.
fs.writeSync = function writeSync(fd, data, ...rest) {
  if (fd !== 2) return rawWriteSync.call(fs, fd, data, ...rest);
  let bytes;
  if (typeof data === 'string') {
    bytes = Buffer.from(data, typeof rest[1] === 'string' ? rest[1] : 'utf8');
  } else {
    const view = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const offset = typeof rest[0] === 'number' ? rest[0] : 0;
    const length = typeof rest[1] === 'number' ? rest[1] : view.length - offset;
    bytes = view.subarray(offset, offset + length);
  }
  frame('stderr', bytes);
  return bytes.length;
};

// Requests: poll a non-blocking descriptor of the same pipe for a moment, then block.
const SPIN_NS = BigInt(Math.round(Number(process.env.CDKTF_BATCH_KERNEL_SPIN_US || '0') * 1000));
let polled = -1;
if (SPIN_NS > 0n) {
  try {
    polled = fs.openSync('/proc/self/fd/0', fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch {
    polled = -1;
  }
}
if (polled >= 0) {
  const rawReadSync = fs.readSync;
  fs.readSync = function readSync(fd, buffer, offset, length, position) {
    if (fd !== 0) return rawReadSync.apply(fs, arguments);
    const deadline = process.hrtime.bigint() + SPIN_NS;
    for (;;) {
      try {
        return rawReadSync(polled, buffer, offset, length, null);
      } catch (error) {
        if (error.code !== 'EAGAIN') throw error;
      }
      if (process.hrtime.bigint() > deadline) return rawReadSync(0, buffer, offset, length, null);
    }
  };
}

require('./lazy-archiver.js');

// The kernel links cached packages as symbolic links only when it sees this flag; Node itself
// preserves them because NODE_PRESERVE_SYMLINKS is set for this process (and not passed on).
if (!process.execArgv.includes('--preserve-symlinks')) process.execArgv.push('--preserve-symlinks');
delete process.env.NODE_PRESERVE_SYMLINKS;
delete process.env.CDKTF_BATCH_KERNEL_SPIN_US;

require('./program.js');
"""

_LAZY_ARCHIVER = r"""'use strict';
// cdktf_batch: generated; see cdktf_batch/_kernel_channel.py.
// cdktf's private/fs.js requires archiver (and its dependencies: a fifth of a second) at load;
// only its command-line mode, run as a separate process, ever zips with it. Loaded on first use.
const Module = require('module');
const moduleLoad = Module._load;
const CDKTF_FS = /[\\/]cdktf[\\/]lib[\\/]private[\\/]fs\.js$/;
Module._load = function load(request, parent, isMain) {
  if (request !== 'archiver' || parent == null || !CDKTF_FS.test(parent.filename || '')) {
    return moduleLoad.apply(this, arguments);
  }
  const args = arguments;
  let loaded;
  const real = () => (loaded === undefined ? (loaded = moduleLoad.apply(this, args)) : loaded);
  return new Proxy(function archiver() {}, {
    apply: (target, self, callArgs) => Reflect.apply(real(), self, callArgs),
    construct: (target, callArgs) => Reflect.construct(real(), callArgs),
    get: (target, property) => Reflect.get(real(), property),
    has: (target, property) => Reflect.has(real(), property),
  });
};
"""


def _line(message: Any) -> bytes:
    return json.dumps(message, separators=(",", ":")).encode() + b"\n"


def _later() -> None:
    """Stands in for jsii's handshake while the kernel starts; the greeting is read later."""


PRELOADED = ("constructs", "cdktf")  # in dependency order


def preload_requests() -> list[dict[str, str]]:
    """Kernel ``load`` requests for the assemblies of :data:`PRELOADED` not imported yet.

    Found without importing the Python packages; jsii's own load of each then gets the
    kernel's "already loaded" answer. Stops at the first package that looks different.
    """
    requests: list[dict[str, str]] = []
    for package in PRELOADED:
        if f"{package}._jsii" in sys.modules:
            continue
        spec = importlib.util.find_spec(package)
        locations = list(spec.submodule_search_locations or []) if spec is not None else []
        tarballs = sorted(Path(locations[0]).glob("_jsii/*.jsii.tgz")) if len(locations) == 1 else []
        if len(tarballs) != 1:
            break
        name, _, version = tarballs[0].name.removesuffix(".jsii.tgz").rpartition("@")
        if name != package or not version:
            break
        requests.append({"name": name, "version": version, "tarball": str(tarballs[0]), "api": "load"})
    return requests


def start_early() -> None:
    """Start the kernel now (it would start at cdktf's import), if it goes through this channel."""
    try:
        import jsii
        from jsii._kernel.providers import process as jsii_process
    except ImportError:
        return
    if getattr(jsii_process._NodeProcess, "_cdktf_batch_channel", False) and isinstance(
        jsii.kernel.provider, jsii_process.ProcessProvider
    ):
        jsii.kernel.provider._process  # noqa: B018  (the property starts the process)


class _Spawned:
    """A kernel process started before jsii was imported, waiting for jsii to adopt it."""

    def __init__(self, process: subprocess.Popen[bytes], preloads: int) -> None:
        self.process = process
        self.preloads = preloads


_spawned: _Spawned | None = None


def spawn(cache: Path) -> None:
    """Start the kernel before jsii is even imported (a tenth of a second of Python imports).

    Only when the checked runtime for the installed jsii is already in the cache (found without
    importing jsii) and jsii is not imported yet; the preloads go out at once. jsii's start
    then adopts this process instead of starting one.
    """
    global _spawned
    if _spawned is not None or "jsii" in sys.modules or os.environ.get("JSII_RUNTIME"):
        return
    if not sys.platform.startswith("linux"):
        return
    try:
        program, worker = embedded_sources()
        directory = runtime_directory(cache, patch_program(program), worker)
    except ChannelError:
        return  # jsii's start finds out why, and says so
    if not (directory / "checked").is_file():
        return
    environment = dict(os.environ, JSII_AGENT=f"Python/{platform.python_version()}", **_KERNEL_ENVIRONMENT)
    node = os.environ.get("JSII_NODE", "node")
    try:
        process = subprocess.Popen(
            [node, "--max-old-space-size=4069", str(directory / "lib" / "entry.js")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment,
        )
    except OSError:
        return  # jsii's start finds out why, and says so
    _spawned = _Spawned(process, 0)
    atexit.register(_discard_spawned)
    preloads = preload_requests()
    try:
        assert process.stdin is not None
        process.stdin.write(b"".join(_line(request) for request in preloads))
        process.stdin.flush()
    except OSError:
        _discard_spawned()  # it died at once: jsii starts its own
        return
    _spawned.preloads = len(preloads)


def _adopt_spawned() -> _Spawned | None:
    global _spawned
    spawned, _spawned = _spawned, None
    if spawned is not None and spawned.process.poll() is not None:
        return None  # it died: jsii starts its own
    return spawned


def _discard_spawned() -> None:
    """At exit: a spawned kernel that jsii never adopted is stopped."""
    spawned = _adopt_spawned()
    if spawned is not None:
        spawned.process.kill()
        spawned.process.communicate()  # reaps it and closes the pipes


class ChannelError(Exception):
    """The direct channel cannot be prepared; jsii's usual one is used."""


def install(cache_root: Callable[[], Path], warn: Callable[[str], None]) -> None:
    """Start kernels that are not running yet through the direct channel (idempotent)."""
    if not _install(cache_root, warn):
        _discard_spawned()  # nothing would adopt it


def _install(cache_root: Callable[[], Path], warn: Callable[[str], None]) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        from jsii._kernel.providers import process as jsii_process
    except ImportError:
        return False
    node_process = getattr(jsii_process, "_NodeProcess", None)
    if node_process is None:
        return False
    if getattr(node_process, "_cdktf_batch_channel", False):
        return True
    if not all(callable(getattr(node_process, name, None)) for name in ("start", "send", "_next_message")):
        return False
    if not all(callable(getattr(jsii_process, name, None)) for name in ("ohook", "stderr_sink")):
        return False
    original_start = node_process.start
    original_send = node_process.send
    original_next_message = node_process._next_message
    try:
        from jsii._kernel import types as jsii_types
        from jsii.errors import JavaScriptError as _JavaScriptError
    except ImportError:
        return False
    javascript_error: Any = _JavaScriptError  # untyped in jsii

    def start(self: Any) -> None:
        spawned = _adopt_spawned()
        if spawned is not None:
            # What jsii's own start does once its process runs: drain stderr, stop at exit.
            self._process = spawned.process
            self.sink_thread = threading.Thread(
                name="process.stderr_sink", target=jsii_process.stderr_sink, args=(spawned.process.stderr,), daemon=True
            )
            self.sink_thread.start()
            atexit.register(self.stop)
            begin(self, spawned.preloads)
            self._cdktf_batch_spawned_early = True
            return
        if os.environ.get("JSII_RUNTIME"):
            original_start(self)  # the user's own runtime
            return
        try:
            entry = ready_runtime(cache_root())
        except ChannelError as error:
            warn(f"the jsii kernel is reached through its usual relay process ({error})")
            original_start(self)
            return
        # The greeting is read before the first request that waits for a reply (catch_up), so
        # that Node boots, and loads the assemblies every app needs, while Python imports.
        self.handshake = _later
        try:
            with _environment(JSII_RUNTIME=str(entry), **_KERNEL_ENVIRONMENT):
                original_start(self)
        finally:
            del self.handshake
        preloads = preload_requests()
        self._process.stdin.write(b"".join(_line(request) for request in preloads))
        self._process.stdin.flush()
        begin(self, len(preloads))

    def begin(self: Any, preloads: int) -> None:
        """From here on, this process is read through the channel."""
        self._cdktf_batch_reader = None
        # Replies still to read, in order: True where a failure is to be raised (jsii's own
        # loads), False where it is left to jsii's own load of the same package (preloads).
        self._cdktf_batch_pending = [False] * preloads
        self._cdktf_batch_greeted = False

    def send(self: Any, request: Any, response_type: Any) -> Any:
        if "_cdktf_batch_reader" not in vars(self):
            return original_send(self, request, response_type)
        if isinstance(request, jsii_types.LoadRequest):
            # jsii ignores what a load returns: its reply is read (and a failure raised) before
            # the next request that waits for one, and the kernel loads while Python imports.
            self._process.stdin.write(_line(self._serializer.unstructure(request)))
            self._process.stdin.flush()
            self._cdktf_batch_pending.append(True)
            return jsii_types.LoadResponse(assembly=request.name, types=0)
        catch_up(self)
        return original_send(self, request, response_type)

    def catch_up(self: Any) -> None:
        """Read the greeting and the replies not read yet, before a request is written."""
        if not vars(self).get("_cdktf_batch_greeted", True):
            self._cdktf_batch_greeted = True
            type(self).handshake(self)
        pending = self._cdktf_batch_pending
        while pending:
            raise_error = pending.pop(0)
            reply = json.loads(next_line(self))
            if raise_error and isinstance(reply, dict) and "error" in reply:
                raise RuntimeError(f"loading a jsii assembly failed: {reply['error']}") from (
                    javascript_error(reply.get("stack", ""))
                )

    def next_line(self: Any) -> bytes:
        reader: _Reader | None = self._cdktf_batch_reader
        if reader is None:
            reader = self._cdktf_batch_reader = _Reader(self._process.stdout.fileno())
        return reader.readline()

    def next_message(self: Any) -> Any:
        if "_cdktf_batch_reader" not in vars(self):
            return original_next_message(self)
        return json.loads(next_line(self), object_hook=jsii_process.ohook)

    node_process.start = start
    node_process.send = send
    node_process._next_message = next_message
    node_process._cdktf_batch_channel = True
    return True


@contextlib.contextmanager
def _environment(**values: str) -> Iterator[None]:
    """Environment variables set for the duration of a ``with`` block (the kernel's start)."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


class _Reader:
    """Reads the kernel's reply lines: polls a non-blocking pipe for a moment, then blocks."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._buffer = bytearray()
        os.set_blocking(fd, False)
        self._poll = select.poll()  # not select(): descriptors above 1023 are fine
        self._poll.register(fd, select.POLLIN)

    def readline(self) -> bytes:
        while True:
            end = self._buffer.find(b"\n")
            if end >= 0:
                line = bytes(self._buffer[: end + 1])
                del self._buffer[: end + 1]
                return line
            chunk = self._read()
            if not chunk:  # the kernel is gone: what a blocking readline returns at the end
                line = bytes(self._buffer)
                self._buffer.clear()
                return line
            self._buffer += chunk

    def _read(self) -> bytes:
        deadline = time.perf_counter() + SPIN_SECONDS
        while True:
            try:
                return os.read(self._fd, 1 << 20)
            except BlockingIOError:
                pass
            if time.perf_counter() > deadline:
                with contextlib.suppress(InterruptedError):
                    self._poll.poll()
                deadline = time.perf_counter() + SPIN_SECONDS


# --- the runtime files ----------------------------------------------------------------------


def embedded_sources() -> tuple[bytes, bytes]:
    """jsii's ``program.js`` and ``runtime-index-worker.js``, read without importing jsii."""
    spec = importlib.util.find_spec("jsii")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if len(locations) != 1:
        raise ChannelError("jsii's runtime files are not where expected")
    embedded = Path(locations[0]) / "_embedded" / "jsii"
    try:
        return (embedded / "lib__program.js").read_bytes(), (embedded / "lib__runtime-index-worker.js").read_bytes()
    except OSError as error:
        raise ChannelError(f"jsii's runtime files cannot be read: {error}") from error


def jsii_runtime_files() -> tuple[str, bytes, bytes]:
    """jsii's runtime version, its ``program.js`` and its ``runtime-index-worker.js``."""
    try:
        from jsii.__meta__ import __jsii_runtime_version__
    except ImportError as error:
        raise ChannelError(f"jsii's runtime version is not where expected: {error}") from error
    return (str(__jsii_runtime_version__), *embedded_sources())


def patch_program(program: bytes) -> bytes:
    """``program.js`` with its API channel on stdin and stdout instead of descriptor 3."""
    if program.count(_CHANNEL) != 1:
        raise ChannelError(f"jsii's program.js names its channel {program.count(_CHANNEL)} times (expected once)")
    return program.replace(_CHANNEL, _DIRECT_CHANNEL)


def runtime_directory(cache: Path, patched: bytes, worker: bytes) -> Path:
    digest = hashlib.sha256(b"\0".join((patched, worker, _ENTRY.encode(), _LAZY_ARCHIVER.encode()))).hexdigest()[:16]
    return cache / "jsii-runtime" / f"{digest}-v{ENTRY_VERSION}"


def ready_runtime(cache: Path) -> Path:
    """The checked entry script of the direct runtime in ``cache``, written first if need be."""
    version, program, worker = jsii_runtime_files()
    patched = patch_program(program)
    directory = runtime_directory(cache, patched, worker)
    entry = directory / "lib" / "entry.js"
    marker = directory / "checked"
    if marker.is_file():
        return entry
    try:
        directory.parent.mkdir(parents=True, exist_ok=True)
        staging = directory.parent / f".{directory.name}.{os.getpid()}.tmp"
        try:
            (staging / "lib").mkdir(parents=True, exist_ok=True)
            (staging / "lib" / "program.js").write_bytes(patched)
            (staging / "lib" / "runtime-index-worker.js").write_bytes(worker)
            (staging / "lib" / "entry.js").write_text(_ENTRY, encoding="utf-8")
            (staging / "lib" / "lazy-archiver.js").write_text(_LAZY_ARCHIVER, encoding="utf-8")
            check_runtime(staging / "lib" / "entry.js", version)
            (staging / "checked").write_text(json.dumps({"jsii_runtime": version}) + "\n", encoding="utf-8")
            os.rename(staging, directory)
        except OSError as error:
            # EEXIST/ENOTEMPTY: another process won the race with the same files.
            _remove_tree(staging)
            if error.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise
        except ChannelError:
            _remove_tree(staging)
            raise
    except OSError as error:
        raise ChannelError(f"cannot write {directory}: {error}") from error
    if not marker.is_file():
        raise ChannelError(f"{directory} is incomplete")
    return entry


def check_runtime(entry: Path, version: str) -> None:
    """Start the runtime once: it must greet on stdout and exit when asked to."""
    node = os.environ.get("JSII_NODE", "node")
    environment = {**os.environ, **_KERNEL_ENVIRONMENT, "CDKTF_BATCH_KERNEL_SPIN_US": "0"}  # no polling
    try:
        completed = subprocess.run(
            [node, str(entry)],
            input=b'{"exit":0}\n',
            capture_output=True,
            env=environment,
            timeout=_CHECK_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise ChannelError(f"the direct runtime did not start: {error}") from error
    expected = json.dumps({"hello": f"@jsii/runtime@{version}"}, separators=(",", ":")).encode()
    if completed.returncode != 0 or completed.stdout.strip() != expected:
        detail = (completed.stderr or completed.stdout).decode(errors="replace").strip()[:400]
        raise ChannelError(f"the direct runtime failed its check (exit {completed.returncode}): {detail}")


def _remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
