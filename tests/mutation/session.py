"""mutmut with long-lived test workers: ``python tests/mutation/session.py run [mutmut's arguments]``.

mutmut 3.8.1 as it is (mutant generation, its stats and clean runs, its results files), but with
a runner of our own for the mutants: ``SessionRunner`` keeps ``--max-children`` worker
processes (``tests.mutation.worker``), each one pytest session with the library imported, its
kernel started and the fast tests collected once, and sends them one mutant at a time. mutmut's
fork server would fork a process per mutant that imports the library, starts a kernel and
collects its tests again: about three seconds of CPU before the first test, where a killed
mutant's own test takes a tenth of that.

The runner also:

- gives each mutant a wall-clock limit (mutmut's estimate of its tests' time, plus
  ``timeout_constant``, times ``timeout_multiplier``), then kills the worker (and its kernel)
  and records a timeout, as mutmut does;
- starts a fresh worker when one exits or reports itself polluted, and tries that mutant once
  more there (twice in a row: recorded as killed, with the crash as the failure);
- writes ``mutants/recheck.json``: the mutants that survived here (or that no test reached) but
  change a function that ran while the workers imported the library and collected the tests
  (before any mutant was active), which ``run.py`` then tests again in mutmut's fresh processes,
  with every test of the function (a line run only at import has no test of its own).

mutmut is tied to its version here (``runner`` is chosen by ``get_mutant_runner``, imported by name
into ``mutmut.__main__``): ``run.py --executor fork`` runs plain mutmut, and its results for the
modules run so far agree with this runner's (``tests/mutation/README.md``).
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty
from typing import IO, Any

from mutmut.configuration import config
from mutmut.runners.harness import PytestRunner
from mutmut.utils.format_utils import mangled_name_from_mutant_name
from mutmut.workers.isolation import ForkServerRunner, MutantResult

# Exit codes, as mutmut reads them (mutmut.stats.status_by_exit_code).
SURVIVED = 0
KILLED = 1
NO_TESTS = 5
TIMEOUT = 36
CRASHED = -11  # mutmut's "segfault": the process died under the mutant (detected)
RECHECK_FILE = Path("mutants") / "recheck.json"
# The descriptor a worker answers on; and, set in the worker, what tells tests.mutation.plugin to
# leave coverage off ("stats" is active there only to see what runs at import and collection).
WORKER_FD = "CDKTF_BATCH_MUTATION_WORKER_FD"
WORKER_FLAG = "CDKTF_BATCH_MUTATION_WORKER"
# A worker's kernel keeps every object its tests made: start a fresh one now and then.
MUTANTS_PER_WORKER = 400


@dataclass
class _Job:
    mutant: str
    tests: list[str]
    timeout: float
    tries: int = 0


@dataclass
class _Worker:
    process: subprocess.Popen[str]
    answers: IO[str]
    buffer: str = ""
    ready: bool = False
    job: _Job | None = None
    started: float = 0.0
    done: int = 0
    log: Path = field(default_factory=Path)


def yield_to_other_sessions() -> None:
    """Under ``nice``, lower this session's scheduling group as well.

    With autogroups (``/proc/sys/kernel/sched_autogroup_enabled``, on by default in most Linux
    distributions) niceness orders processes only within their session; between sessions the
    CPU is shared evenly, so ``nice -n 19`` alone still took half the machine from a benchmark
    started in another shell. Writing the niceness to ``/proc/self/autogroup`` gives the whole
    session that weight. The run calls it, and so does each worker: a worker has a session of
    its own (killed with its kernel), hence an autogroup of its own, at niceness 0 until then.
    No autogroups: nothing to do.
    """
    niceness = os.nice(0)
    if niceness > 0:
        with contextlib.suppress(OSError):
            Path("/proc/self/autogroup").write_text(f"{niceness}\n", encoding="ascii")


class SessionRunner(ForkServerRunner):
    """mutmut's runner interface over long-lived pytest workers (stats, clean and forced-fail
    runs stay mutmut's own, in forked processes)."""

    def __init__(self, max_workers: int = 1) -> None:
        super().__init__(max_workers=max_workers, test_runner_class=PytestRunner, test_runner_args={})
        self._workers: list[_Worker] = []
        self._queue: deque[_Job] = deque()
        self._results: deque[MutantResult] = deque()
        self._count = 0
        self.at_import: set[str] = set()
        self.recheck: set[str] = set()

    # mutmut's interface --------------------------------------------------------------------

    def startup(self) -> None:
        self._workers = [self._start() for _ in range(self.max_workers)]

    def submit(self, mutant_name: str, tests: list[str], cpu_time_limit: int, estimated_time: float) -> None:
        if not tests:
            self._results.append(MutantResult(mutant_name=mutant_name, exit_code=33, duration=0.0))
            return
        limit = (estimated_time + config().timeout_constant) * config().timeout_multiplier
        self._queue.append(_Job(mutant_name, list(tests), limit))
        self._dispatch()

    def has_capacity(self) -> bool:
        return len(self._queue) + sum(worker.job is not None for worker in self._workers) < self.max_workers

    def pending_count(self) -> int:
        return len(self._queue) + sum(worker.job is not None for worker in self._workers) + len(self._results)

    def wait_for_result(self, timeout: float | None = None) -> MutantResult:
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self._results:
            self._poll(1.0 if deadline is None else max(0.0, min(1.0, deadline - time.monotonic())))
            if deadline is not None and time.monotonic() >= deadline and not self._results:
                raise Empty()
        return self._results.popleft()

    def signal_work_complete(self) -> None:
        pass

    def stop_all_workers(self) -> None:
        for worker in self._workers:
            self._kill(worker)
        self._queue.clear()

    def shutdown(self) -> None:
        for worker in self._workers:
            self._kill(worker)
        self._workers = []
        RECHECK_FILE.write_text(json.dumps(sorted(self.recheck), indent=1) + "\n", encoding="utf-8")

    # workers -------------------------------------------------------------------------------

    def _start(self) -> _Worker:
        read, write = os.pipe()
        self._count += 1
        log = Path("mutants") / f"worker-{self._count % (2 * self.max_workers)}.log"
        with log.open("w", encoding="utf-8") as errors:
            process = subprocess.Popen(
                [sys.executable, "-m", "tests.mutation.worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=errors,
                env={**os.environ, WORKER_FD: str(write)},
                cwd="mutants",
                pass_fds=(write,),
                text=True,
                start_new_session=True,  # the worker and its Node kernel, killed together
            )
        os.close(write)
        os.set_blocking(read, False)
        return _Worker(process=process, answers=os.fdopen(read, "r", encoding="utf-8"), log=log)

    def _kill(self, worker: _Worker) -> None:
        if worker.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(worker.process.pid, signal.SIGKILL)
        worker.process.wait()
        worker.answers.close()

    def _replace(self, worker: _Worker) -> None:
        self._kill(worker)
        self._workers[self._workers.index(worker)] = self._start()

    def _dispatch(self) -> None:
        for worker in self._workers:
            if not self._queue:
                return
            if worker.ready and worker.job is None:
                job = self._queue.popleft()
                worker.job, worker.started = job, time.monotonic()
                assert worker.process.stdin is not None
                try:
                    worker.process.stdin.write(json.dumps({"mutant": job.mutant, "tests": job.tests}) + "\n")
                    worker.process.stdin.flush()
                except BrokenPipeError:
                    self._lost(worker)

    def _poll(self, seconds: float) -> None:
        by_fd = {worker.answers.fileno(): worker for worker in self._workers}
        readable, _, _ = select.select(list(by_fd), [], [], seconds)
        for fd in readable:
            worker = by_fd[fd]
            chunk = os.read(fd, 1 << 16).decode("utf-8")
            if not chunk:
                self._lost(worker)
                continue
            worker.buffer += chunk
            while "\n" in worker.buffer:
                line, worker.buffer = worker.buffer.split("\n", 1)
                self._answer(worker, json.loads(line))
        now = time.monotonic()
        for worker in list(self._workers):
            if worker.job is not None and now - worker.started > worker.job.timeout:
                self._finish(worker, TIMEOUT)
                self._replace(worker)
        self._dispatch()

    def _answer(self, worker: _Worker, answer: dict[str, Any]) -> None:
        if answer.get("ready"):
            worker.ready = True
            self.at_import.update(answer["at_import"])
            return
        job = worker.job
        assert job is not None and answer["mutant"] == job.mutant, (answer, job)
        if answer.get("polluted"):
            self._retry(worker, job)
            return
        self._finish(worker, int(answer["exit_code"]))
        worker.done += 1
        if worker.done >= MUTANTS_PER_WORKER:
            self._replace(worker)

    def _lost(self, worker: _Worker) -> None:
        """The worker exited: its mutant (if any) is tried once more in a fresh worker."""
        if worker.job is None and not worker.ready:
            worker.process.wait()
            raise RuntimeError(f"a mutation worker failed to start: see {worker.log}")
        if worker.job is not None:
            self._retry(worker, worker.job)
        else:
            self._replace(worker)

    def _retry(self, worker: _Worker, job: _Job) -> None:
        worker.job = None
        if job.tries >= 1:
            self._results.append(MutantResult(mutant_name=job.mutant, exit_code=KILLED, duration=0.0))
        else:
            job.tries += 1
            self._queue.appendleft(job)
        self._replace(worker)

    def _finish(self, worker: _Worker, exit_code: int) -> None:
        job = worker.job
        assert job is not None
        worker.job = None
        if exit_code in (SURVIVED, NO_TESTS) and mangled_name_from_mutant_name(job.mutant) in self.at_import:
            self.recheck.add(job.mutant)
        duration = time.monotonic() - worker.started
        self._results.append(MutantResult(mutant_name=job.mutant, exit_code=exit_code, duration=duration))


def main(argv: list[str]) -> None:
    import mutmut.__main__ as mutmut_main

    vars(mutmut_main)["get_mutant_runner"] = SessionRunner
    sys.argv = ["mutmut", *argv]
    mutmut_main.cli()


if __name__ == "__main__":
    main(sys.argv[1:])
