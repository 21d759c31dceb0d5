"""Wall time and peak memory of a whole process tree, read from /proc (Linux only).

A thread samples the summed RSS of the started process and all its descendants (the Python
program and its jsii Node child, or the cdktf CLI, its shell, Python and Node) every few
milliseconds and keeps the peak. Summed RSS counts pages shared between the processes once
per process, as ``ps`` would; that is what the machine has to hold for separate processes
that share little more than libc.

This kernel has no ``/proc/<pid>/task/<tid>/children``, so finding descendants means reading
every ``/proc/<pid>/stat``, which costs about 2 ms. The sampler rescans only when the last
allocated PID (``/proc/loadavg``) has changed, i.e. when some process was started; between
rescans a sample is one small read per process of the tree.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
MIB = 1024 * 1024


@dataclass(frozen=True)
class Measurement:
    wall_s: float
    peak_tree_mb: float  # MiB: sampled peak of the summed RSS of the whole tree
    peak_single_mb: float  # MiB: the kernel's max RSS of the largest single process (wait4)
    cpu_s: float  # user + system CPU time of the process and the descendants it waited for
    other_load: float  # CPUs kept busy meanwhile by everything else on the machine (noise)
    samples: int
    returncode: int


class RunError(RuntimeError):
    """A measured command exited with an error or timed out."""


def _read(path: str) -> bytes | None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        return os.read(fd, 4096)
    except OSError:
        return None
    finally:
        os.close(fd)


def _parents() -> dict[int, int]:
    """pid -> parent pid for every process on the machine."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        stat = _read(f"/proc/{entry.name}/stat")
        if not stat:
            continue
        # The command name (2nd field) may hold spaces and parentheses: split after the last ')'.
        rest = stat[stat.rindex(b")") + 2 :].split(b" ", 2)
        parents[int(entry.name)] = int(rest[1])
    return parents


def _busy_cpu_s() -> float:
    """CPU time spent by the whole machine so far, all CPUs, idle and iowait excluded."""
    fields = (_read("/proc/stat") or b"cpu 0").split(b"\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in (fields + [b"0"] * 8)[:8])
    return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS


def _last_pid() -> bytes | None:
    loadavg = _read("/proc/loadavg")
    return loadavg.rsplit(b" ", 1)[-1] if loadavg else None


class TreeSampler(threading.Thread):
    """Samples the summed RSS of ``root`` and its descendants until stopped."""

    def __init__(self, root: int, interval_s: float) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.interval_s = interval_s
        self.peak_bytes = 0
        self.samples = 0
        self._tree: set[int] = {root}
        self._last_pid: bytes | None = None
        self._done = threading.Event()

    def _rescan(self) -> None:
        children: dict[int, list[int]] = {}
        for pid, parent in _parents().items():
            children.setdefault(parent, []).append(pid)
        # Keep processes already seen even if their parent has exited (re-parented).
        todo = list(self._tree)
        while todo:
            pid = todo.pop()
            for child in children.get(pid, ()):
                if child not in self._tree:
                    self._tree.add(child)
                    todo.append(child)

    def sample(self) -> None:
        last_pid = _last_pid()
        if last_pid != self._last_pid:
            self._last_pid = last_pid
            self._rescan()
        total = 0
        for pid in list(self._tree):
            statm = _read(f"/proc/{pid}/statm")
            if statm is None:
                self._tree.discard(pid)
                continue
            total += int(statm.split(b" ", 2)[1]) * PAGE_SIZE
        self.samples += 1
        self.peak_bytes = max(self.peak_bytes, total)

    def run(self) -> None:
        while not self._done.is_set():
            self.sample()
            self._done.wait(self.interval_s)

    def stop(self) -> None:
        self._done.set()
        self.join()


def measure(
    command: Sequence[str],
    *,
    env: Mapping[str, str],
    cwd: Path,
    log: Path,
    interval_s: float = 0.005,
    timeout_s: float = 1800.0,
) -> Measurement:
    """Run ``command`` to completion and measure it; output goes to ``log``."""
    with log.open("wb") as out:
        busy_before = _busy_cpu_s()
        start = time.perf_counter()
        process = subprocess.Popen(
            list(command),
            env=dict(env),
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a process group of its own, to kill it whole on timeout
        )
        sampler = TreeSampler(process.pid, interval_s)
        sampler.start()
        timer = threading.Timer(timeout_s, _kill_group, (process.pid,))
        timer.start()
        try:
            # wait4, not Popen.wait: its rusage carries the largest max RSS among the process
            # and the descendants it reaped, a kernel-side check on the sampled figure.
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - start
        sampler.stop()
        busy = _busy_cpu_s() - busy_before
    # A descendant (jsii's Node) may still be exiting: let it go before anything else runs, so
    # its teardown is not charged to the next measurement.
    _wait_for_group_exit(process.pid)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = log.read_text(errors="replace")[-4000:]
        raise RunError(f"{' '.join(command)} exited with {process.returncode} (log {log}):\n{tail}")
    return Measurement(
        wall_s=wall,
        peak_tree_mb=sampler.peak_bytes / MIB,
        peak_single_mb=usage.ru_maxrss * 1024 / MIB,  # ru_maxrss is in KiB on Linux
        cpu_s=usage.ru_utime + usage.ru_stime,
        # The sampler's own few percent of a CPU counts as "other" too.
        other_load=max(0.0, busy - usage.ru_utime - usage.ru_stime) / wall,
        samples=sampler.samples,
        returncode=process.returncode,
    )


def _wait_for_group_exit(pid: int, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            os.killpg(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.01)
    _kill_group(pid)


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, 9)
