"""A mutation worker: one pytest session that tests many mutants in turn.

Started by ``session.SessionRunner`` (``python -m tests.mutation.worker``, in mutmut's folder
``mutants/``, which has a copy of pyproject.toml with mutmut's configuration). It imports mutmut's copy of the library and
collects the fast tests once; then, for each mutant it is sent, it activates the mutant (mutmut's
trampolines read the active mutant at every call), runs the tests that reach the mutated
statement, fastest first, until one fails, and answers with mutmut's exit code. Forking a fresh
process per mutant, as mutmut does, costs the import of the library, the start of its jsii
kernel and the collection of the tests, seconds each time; here it is paid once per worker.

What one process shares between mutants, and how a verdict stays that of a fresh process:

- Module state: after each mutant, the globals of the library's and the tests' modules are put
  back as they were before the first mutant (rebound names, and the contents of dicts, lists and
  sets), and ``functools`` caches are emptied: a value computed under one mutant never answers
  for the next.
- A kill counts only if the failing test then passes with no mutant active, in the same
  process. If it does not (the mutant left the process broken: a dead kernel, leftover state),
  the worker reports "polluted" and exits; the runner starts a fresh worker and tries the mutant
  once more, and a mutant that breaks a fresh worker too is recorded as killed.
- Code that runs at import (the library's module level, a test module's constants) ran once,
  with no mutant: a mutant of a function called then may be visible only there. The worker
  reports those functions, and the runner has their survivors checked again in mutmut's own
  fresh processes (``run.py``).

Commands come on stdin, one JSON object a line (``{"mutant": ..., "tests": [...]}``); answers
go to the file descriptor named by ``CDKTF_BATCH_MUTATION_WORKER_FD``, one JSON object a line.
pytest's own output goes to stdout, which the runner discards.
"""

from __future__ import annotations

import functools
import json
import os
import sys
import types
from pathlib import Path
from typing import IO, Any

import pytest

from tests.mutation.session import KILLED, NO_TESTS, SURVIVED, WORKER_FD, WORKER_FLAG, yield_to_other_sessions


class _SessionOnly:
    """A stand-in for "the next test" that keeps only the session's fixtures set up."""

    def __init__(self, session: pytest.Session) -> None:
        self._chain = [session]

    def listchain(self) -> list[Any]:
        return self._chain


class _ModuleState:
    """The globals of the library's and the tests' modules, to put back after each mutant."""

    PREFIXES = ("cdktf_batch", "tests")

    def __init__(self) -> None:
        self._saved: list[tuple[types.ModuleType, dict[str, Any], dict[str, Any]]] = []

    def _modules(self) -> list[types.ModuleType]:
        return [
            module
            for name, module in list(sys.modules.items())
            if name.split(".")[0] in self.PREFIXES and isinstance(module, types.ModuleType)
        ]

    def save(self) -> None:
        self._saved = []
        for module in self._modules():
            names = dict(vars(module))
            contents = {
                name: value.copy()
                for name, value in names.items()
                if type(value) in (dict, list, set) and not name.startswith("__")
            }
            self._saved.append((module, names, contents))

    def restore(self) -> None:
        for module, names, contents in self._saved:
            current = vars(module)
            for name in [name for name in current if name not in names]:
                del current[name]
            for name, value in names.items():
                if current.get(name) is not value:
                    current[name] = value
            for name, copy in contents.items():
                value = names[name]
                if value != copy:
                    value.clear()
                    value.update(copy) if isinstance(value, (dict, set)) else value.extend(copy)
            for value in names.values():
                # isinstance, not getattr: a lazy provider package imports a submodule per name.
                if isinstance(value, functools._lru_cache_wrapper):
                    value.cache_clear()


def _function_of(mutant: str) -> str:
    return mutant.rpartition("__mutmut_")[0]


class Worker:
    """The pytest plugin that replaces the test loop with the loop over mutants."""

    def __init__(self, commands: IO[str], answers: IO[str]) -> None:
        self._commands = commands
        self._answers = answers
        self._failed: str | None = None
        self._state = _ModuleState()
        # Tests that killed a mutant, by function and by module, the most recent first.
        self._killers: dict[str, list[str]] = {}

    def _answer(self, **fields: Any) -> None:
        self._answers.write(json.dumps(fields) + "\n")
        self._answers.flush()

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed and self._failed is None:
            self._failed = report.nodeid

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> bool:
        from mutmut.mutation.trampoline import set_mutant_under_test
        from mutmut.state import state

        from tests.mutation import plugin

        # What ran at import and collection, with "stats" active since the worker started.
        at_import = sorted(state()._stats)
        set_mutant_under_test("")
        by_id = {item.nodeid: item for item in session.items}
        durations = plugin.test_durations()
        self._state.save()
        self._answer(ready=True, at_import=at_import, tests=len(by_id))
        for line in self._commands:
            command = json.loads(line)
            mutant: str = command["mutant"]
            reaching = plugin.tests_reaching(mutant)
            wanted = [test for test in command["tests"] if reaching is None or test in reaching]
            items = self._order([by_id[test] for test in wanted if test in by_id], mutant, durations)
            if not items:
                self._answer(mutant=mutant, exit_code=NO_TESTS)
                continue
            set_mutant_under_test(mutant)
            try:
                failed = self._run(session, items)
            finally:
                set_mutant_under_test("")
                self._state.restore()
            if failed is None:
                self._answer(mutant=mutant, exit_code=SURVIVED)
                continue
            # The same test without the mutant, in this process as it is now.
            if self._run(session, [by_id[failed]]) is not None:
                self._state.restore()
                self._answer(mutant=mutant, polluted=True, test=failed)
                return True
            self._state.restore()
            self._learn(mutant, failed)
            self._answer(mutant=mutant, exit_code=KILLED, test=failed)
        return True

    def _order(self, items: list[pytest.Item], mutant: str, durations: dict[str, float]) -> list[pytest.Item]:
        """The tests that killed other mutants of the same function first, then of the same
        module (the most recent first), then the quickest: the verdict does not depend on the
        order, but a killed mutant costs the tests run before the one that fails."""
        function, module = _function_of(mutant), mutant.split(".x")[0]
        known = {
            test: rank for rank, test in enumerate([*self._killers.get(function, ()), *self._killers.get(module, ())])
        }
        return sorted(
            items, key=lambda item: (known.get(item.nodeid, len(known)), durations.get(item.nodeid, float("inf")))
        )

    def _learn(self, mutant: str, test: str) -> None:
        for key in (_function_of(mutant), mutant.split(".x")[0]):
            killers = self._killers.setdefault(key, [])
            if test in killers:
                killers.remove(test)
            killers.insert(0, test)
            del killers[20:]

    def _run(self, session: pytest.Session, items: list[pytest.Item]) -> str | None:
        """Run ``items`` in order until one fails; the failing test's id, or None."""
        self._failed = None
        last = _SessionOnly(session)
        for index, item in enumerate(items):
            following = items[index + 1] if index + 1 < len(items) else last
            item.ihook.pytest_runtest_protocol(item=item, nextitem=following)
            if self._failed is not None:
                if following is not last:
                    session._setupstate.teardown_exact(last)  # type: ignore[arg-type,unused-ignore]
                return self._failed
        return None


def main() -> int:
    from mutmut.configuration import config
    from mutmut.mutation.trampoline import set_mutant_under_test

    yield_to_other_sessions()  # a session of its own: under nice, a scheduling group of its own too
    answers = os.fdopen(int(os.environ[WORKER_FD]), "w", encoding="utf-8")
    # pytest's capture points descriptor 0 at /dev/null: read the commands from a copy.
    commands = os.fdopen(os.dup(0), "r", encoding="utf-8")
    os.environ[WORKER_FLAG] = "1"
    # Started in mutants/ (so that ``tests`` is mutmut's copy, as conftest.py's path requires):
    # the library's copy there comes first, before the editable install of the original.
    sys.path.insert(0, str(Path.cwd()))
    set_mutant_under_test("stats")
    arguments = ["--rootdir=.", "--tb=native", "-q", "-p", "no:randomly"]
    arguments += [*config().pytest_add_cli_args, *config().pytest_add_cli_args_test_selection]
    return int(pytest.main(arguments, plugins=[Worker(commands, answers)]))


if __name__ == "__main__":
    sys.exit(main())
