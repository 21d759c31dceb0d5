"""Talk to the jsii kernel directly, without its relay process, and without sleeping on replies.

Every call from Python into the JavaScript side (creating a resource, reading an attribute) is a
round trip through pipes. jsii's stock runtime puts a relay in the middle (see
:mod:`cdktf_batch._fast.runtime`), so every round trip wakes three processes; on a virtual
machine each wake-up of an idle process costs a tenth of a millisecond or more, and a trivial
call took about 0.5 ms, most of it waiting for the scheduler.

:class:`KernelChannel` changes how a kernel that has not started yet is started and read:

- The kernel is the direct runtime, in the one process Python starts.
- Each side briefly spins on a non-blocking read before it blocks (2 ms at most), so a reply that
  comes quickly is picked up without a wake-up; only while a CPU is free (:class:`SpinPolicy`):
  on a busy machine the spin takes the CPU the other side needs.
- Node works while Python imports: once the runtime is in the cache, :meth:`~KernelChannel.spawn`
  starts the kernel before jsii is imported (jsii's start adopts that process) and has it load
  the constructs assembly and the expected engine's (cdktf or cdktn) straight away; jsii's own
  ``load`` requests (whose replies jsii ignores) are sent without waiting, their replies read,
  and a failure raised, before the next request that waits for its reply.

A trivial call then takes about a third of the time, and Python finds the kernel ready when it
first needs it. jsii's ``_NodeProcess`` gets three methods replaced (``start``, ``send``,
``_next_message``) that hand over to the channel; what the channel knows about a kernel it
started lives in the channel, never on jsii's objects. Anything unexpected (not Linux, a user's
own ``JSII_RUNTIME``, a jsii whose runtime looks different, no writable cache, a failed check)
leaves jsii's usual channel in place, with one warning where something was meant to work and
did not.

Limit: JavaScript code that writes to file descriptor 1 itself (``fs.writeSync(1, ...)``, or a
child process inheriting it) would write into the protocol; ``console`` and
``process.stdout``/``process.stderr`` are framed.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import importlib.util
import json
import os
import platform
import select
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cdktf_batch._fast import runtime
from cdktf_batch._fast.runtime import KERNEL_ENVIRONMENT, SPIN_SECONDS, ChannelError

PRELOADED = ("constructs", "cdktf")  # in dependency order; the default of KernelChannel


def preload_requests(packages: tuple[str, ...] = PRELOADED) -> list[dict[str, str]]:
    """Kernel ``load`` requests for the assemblies of ``packages`` not imported yet.

    Found without importing the Python packages; jsii's own load of each then gets the
    kernel's "already loaded" answer. Stops at the first package that looks different.
    """
    requests: list[dict[str, str]] = []
    for package in packages:
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


def _line(message: Any) -> bytes:
    return json.dumps(message, separators=(",", ":")).encode() + b"\n"


def _later() -> None:
    """Stands in for jsii's handshake while the kernel starts; the greeting is read later."""


@dataclass
class Session:
    """What the channel knows about one kernel process it reads."""

    # Replies still to read, in order: True where a failure is to be raised (jsii's own loads),
    # False where it is left to jsii's own load of the same package (preloads).
    pending: list[bool]
    spawned_early: bool
    greeted: bool = False
    reader: _Reader | None = field(default=None, repr=False)


@dataclass(frozen=True)
class _Jsii:
    """The parts of jsii's process provider the channel uses, and its original methods."""

    node_process: Any
    start: Callable[[Any], None]
    send: Callable[[Any, Any, Any], Any]
    next_message: Callable[[Any], Any]
    ohook: Callable[[Any], Any]
    stderr_sink: Callable[[Any], None]
    load_request: Any
    load_response: Any
    javascript_error: Any


def _jsii_parts() -> _Jsii | None:
    """jsii's process provider as this channel knows it; None if anything looks different."""
    try:
        from jsii._kernel import types as jsii_types
        from jsii._kernel.providers import process as jsii_process
        from jsii.errors import JavaScriptError
    except ImportError:
        return None
    node_process = getattr(jsii_process, "_NodeProcess", None)
    if node_process is None:
        return None
    methods = [getattr(node_process, name, None) for name in ("start", "send", "_next_message")]
    helpers = [getattr(jsii_process, name, None) for name in ("ohook", "stderr_sink")]
    if not all(callable(function) for function in methods + helpers):
        return None
    start, send, next_message = (_KernelMethod.original(method) for method in methods)
    return _Jsii(
        node_process=node_process,
        start=start,
        send=send,
        next_message=next_message,
        ohook=helpers[0],  # type: ignore[arg-type]
        stderr_sink=helpers[1],  # type: ignore[arg-type]
        load_request=jsii_types.LoadRequest,
        load_response=jsii_types.LoadResponse,
        javascript_error=JavaScriptError,
    )


class _KernelMethod:
    """A method put on jsii's ``_NodeProcess`` that hands the call to a channel."""

    def __init__(self, channel: KernelChannel, name: str, original: Callable[..., Any]) -> None:
        self.channel = channel
        self._handler = getattr(channel, name)
        self._original = original

    def __get__(self, process: Any, owner: type | None = None) -> Any:
        if process is None:
            return self
        return functools.partial(self._handler, process)

    @staticmethod
    def original(method: Any) -> Callable[..., Any]:
        return method._original if isinstance(method, _KernelMethod) else method


class KernelChannel:
    """The direct channel to the jsii kernel, for the kernels of this process not started yet."""

    def __init__(
        self,
        cache_root: Callable[[], Path],
        warn: Callable[[str], None],
        *,
        preloaded: tuple[str, ...] = PRELOADED,
    ) -> None:
        self._cache_root = cache_root
        self._warn = warn
        self._preloaded = preloaded
        self._jsii: _Jsii | None = None
        self._spawned: subprocess.Popen[bytes] | None = None
        self._spawned_preloads = 0
        self._sessions: weakref.WeakKeyDictionary[Any, Session] = weakref.WeakKeyDictionary()

    # --- set-up -----------------------------------------------------------------------------

    def spawn(self) -> None:
        """Start the kernel before jsii is even imported (a tenth of a second of Python imports).

        Only when an intact, checked runtime for the installed jsii is already in the cache
        (found without importing jsii) and jsii is not imported yet; the preloads go out at
        once. jsii's start then adopts this process instead of starting one.
        """
        if self._spawned is not None or "jsii" in sys.modules or os.environ.get("JSII_RUNTIME"):
            return
        if not sys.platform.startswith("linux"):
            return
        entry = runtime.find_ready(self._cache_root())
        if entry is None:
            return  # jsii's start builds it, or finds out why not and says so
        environment = dict(os.environ, JSII_AGENT=f"Python/{platform.python_version()}", **KERNEL_ENVIRONMENT)
        try:
            process = subprocess.Popen(
                [os.environ.get("JSII_NODE", "node"), "--max-old-space-size=4069", str(entry)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=environment,
            )
        except OSError:
            return  # jsii's start finds out why, and says so
        self._spawned = process
        atexit.register(self._discard_spawned)
        preloads = preload_requests(self._preloaded)
        try:
            _write(process, preloads)
        except OSError:
            self._discard_spawned()  # it died at once: jsii starts its own
            return
        self._spawned_preloads = len(preloads)

    def install(self) -> bool:
        """Have kernels not running yet start through this channel (False: jsii's usual one)."""
        installed = sys.platform.startswith("linux") and self._install()
        if not installed:
            self._discard_spawned()  # nothing would adopt it
        return installed

    def _install(self) -> bool:
        jsii = _jsii_parts()
        if jsii is None:
            return False
        current = vars(jsii.node_process).get("start")
        if isinstance(current, _KernelMethod):
            return current.channel is self
        self._jsii = jsii
        jsii.node_process.start = _KernelMethod(self, "start", jsii.start)
        jsii.node_process.send = _KernelMethod(self, "send", jsii.send)
        jsii.node_process._next_message = _KernelMethod(self, "next_message", jsii.next_message)
        return True

    def start_early(self) -> None:
        """Start the kernel now (it would start at the engine's import), if it goes through this channel."""
        if self._jsii is None:
            return
        import jsii
        from jsii._kernel.providers import process as jsii_process

        if isinstance(jsii.kernel.provider, jsii_process.ProcessProvider):
            jsii.kernel.provider._process  # noqa: B018  (the property starts the process)

    def session(self, process: Any) -> Session | None:
        """How ``process`` (jsii's ``_NodeProcess``) is read; None when not through this channel."""
        return self._sessions.get(process)

    # --- jsii's _NodeProcess methods, as replaced ---------------------------------------------

    def start(self, process: Any) -> None:
        jsii = self._jsii
        assert jsii is not None
        spawned, preloads = self._adopt_spawned()
        if spawned is not None:
            self._adopt(process, spawned, preloads)
            return
        if os.environ.get("JSII_RUNTIME"):
            jsii.start(process)  # the user's own runtime
            return
        try:
            entry = runtime.ready(self._cache_root())
        except ChannelError as error:
            # Started before the warning: under -W error the warning raises, and a kernel
            # object left half-started would complain when it is collected.
            jsii.start(process)
            self._warn(f"the jsii kernel is reached through its usual relay process ({error})")
            return
        self._start_direct(process, entry)

    def send(self, process: Any, request: Any, response_type: Any) -> Any:
        jsii = self._jsii
        assert jsii is not None
        session = self._sessions.get(process)
        if session is None:
            return jsii.send(process, request, response_type)
        if isinstance(request, jsii.load_request):
            # jsii ignores what a load returns: its reply is read (and a failure raised) before
            # the next request that waits for one, and the kernel loads while Python imports.
            _write(process._process, [process._serializer.unstructure(request)])
            session.pending.append(True)
            return jsii.load_response(assembly=request.name, types=0)
        self._catch_up(process, session)
        return jsii.send(process, request, response_type)

    def next_message(self, process: Any) -> Any:
        jsii = self._jsii
        assert jsii is not None
        session = self._sessions.get(process)
        if session is None:
            return jsii.next_message(process)
        return json.loads(_next_line(process, session), object_hook=jsii.ohook)

    # --- helpers ------------------------------------------------------------------------------

    def _start_direct(self, process: Any, entry: Path) -> None:
        assert self._jsii is not None
        # The greeting is read before the first request that waits for a reply (_catch_up), so
        # that Node boots, and loads the assemblies every app needs, while Python imports.
        process.handshake = _later
        try:
            with _environment(JSII_RUNTIME=str(entry), **KERNEL_ENVIRONMENT):
                self._jsii.start(process)
        finally:
            del process.handshake
        preloads = preload_requests(self._preloaded)
        _write(process._process, preloads)
        self._sessions[process] = Session(pending=[False] * len(preloads), spawned_early=False)

    def _adopt(self, process: Any, spawned: subprocess.Popen[bytes], preloads: int) -> None:
        """What jsii's own start does once its process runs: drain stderr, stop at exit."""
        assert self._jsii is not None
        process._process = spawned
        process.sink_thread = threading.Thread(
            name="process.stderr_sink", target=self._jsii.stderr_sink, args=(spawned.stderr,), daemon=True
        )
        process.sink_thread.start()
        atexit.register(process.stop)
        self._sessions[process] = Session(pending=[False] * preloads, spawned_early=True)

    def _catch_up(self, process: Any, session: Session) -> None:
        """Read the greeting and the replies not read yet, before a request is written."""
        assert self._jsii is not None
        if not session.greeted:
            session.greeted = True
            type(process).handshake(process)
        while session.pending:
            raise_error = session.pending.pop(0)
            reply = json.loads(_next_line(process, session))
            if raise_error and isinstance(reply, dict) and "error" in reply:
                raise RuntimeError(f"loading a jsii assembly failed: {reply['error']}") from (
                    self._jsii.javascript_error(reply.get("stack", ""))
                )

    def _adopt_spawned(self) -> tuple[subprocess.Popen[bytes] | None, int]:
        spawned, self._spawned = self._spawned, None
        if spawned is not None and spawned.poll() is not None:
            return None, 0  # it died: jsii starts its own
        return spawned, self._spawned_preloads

    def _discard_spawned(self) -> None:
        """At exit: a spawned kernel that jsii never adopted is stopped."""
        spawned, _ = self._adopt_spawned()
        if spawned is not None:
            spawned.kill()
            spawned.communicate()  # reaps it and closes the pipes


def _write(process: subprocess.Popen[bytes], messages: list[Any]) -> None:
    assert process.stdin is not None
    process.stdin.write(b"".join(_line(message) for message in messages))
    process.stdin.flush()


def _next_line(process: Any, session: Session) -> bytes:
    if session.reader is None:
        session.reader = _Reader(process._process.stdout.fileno())
    return session.reader.readline()


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

    def __init__(self, fd: int, spin: SpinPolicy | None = None) -> None:
        self._fd = fd
        self._spin = spin or _SPIN
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
        spin = SPIN_SECONDS if self._spin.allowed() else 0.0
        deadline = time.perf_counter() + spin
        while True:
            try:
                return os.read(self._fd, 1 << 20)
            except BlockingIOError:
                pass
            if time.perf_counter() > deadline:
                with contextlib.suppress(InterruptedError):
                    self._poll.poll()
                deadline = time.perf_counter() + spin


class SpinPolicy:
    """Whether a side may spin now: only while the runnable tasks are no more than the CPUs.

    Spinning saves a wake-up when the machine has a CPU to spare and takes one from the work it
    waits for when it has not: two test suites side by side on two CPUs, each with a spinning
    Python and a spinning kernel, ran about three times slower than without spinning. The count
    is the fourth field of ``/proc/loadavg`` (this process included), read at most every
    ``recheck`` seconds, and after a busy reading not again for ``backoff`` seconds. Unreadable
    or malformed: never spin. The kernel's side (``spin-policy.js``) follows the same rule.
    """

    def __init__(
        self, *, cpus: int, loadavg: str = "/proc/loadavg", recheck: float = 0.05, backoff: float = 1.0
    ) -> None:
        self._cpus = cpus
        self._loadavg = loadavg
        self._recheck = recheck
        self._backoff = backoff
        self._allowed = False
        self._until = 0.0

    def allowed(self) -> bool:
        now = time.perf_counter()
        if now >= self._until:
            running = _runnable(self._loadavg)
            self._allowed = running is not None and running <= self._cpus
            self._until = now + (self._recheck if self._allowed else self._backoff)
        return self._allowed


def _runnable(loadavg: str) -> int | None:
    try:
        with open(loadavg, "rb") as file:
            field = file.read().split(b" ")[3]
        return int(field.split(b"/")[0])
    except (OSError, IndexError, ValueError):
        return None


_SPIN = SpinPolicy(cpus=len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
