"""pytest plugin for mutation runs (``-p tests.mutation.plugin``, set in ``[tool.mutmut]``).

- Terraform's end-of-session `terraform validate` is off (``CDKTF_BATCH_TERRAFORM_VALIDATE=0``):
  mutation testing measures the fast tests.
- Hypothesis is derandomized and keeps no example database, so a mutant is killed or not the
  same way on every run (and an example found for one mutant is not replayed for the next).
- Line-level test selection. mutmut picks a mutant's tests by function: every test that called
  the mutated function (for ``generated_name`` or ``check_choice``, most of the suite). During
  mutmut's stats run this plugin also records, with coverage.py, which test ran which line of
  mutmut's unmutated copy of each function (``mutants/<module>.py.lines.json``); in a mutant's
  run it keeps only the tests that ran the mutated statement (a test that does not run it
  cannot tell the mutant from the original). No such test: no test runs, and mutmut reports
  "no tests". A mutated signature (default values) keeps every test of the function. When
  mutmut measures only the tests added since (a run with ``--keep``), their lines are merged
  into what the first stats run recorded.
- A mutant's tests run fastest first (durations from mutmut's stats run): mutmut stops at the
  first failure, so a killed mutant costs its quickest killing test.
- The package under test must be mutmut's copy (``mutants/cdktf_batch``): a run that imported
  the original would report every mutant as surviving.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from tests.mutation.session import WORKER_FLAG

os.environ["CDKTF_BATCH_TERRAFORM_VALIDATE"] = "0"

settings.register_profile(
    "mutation",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow],
)


def _load_profile() -> None:
    settings.load_profile("mutation")


def pytest_configure(config: pytest.Config) -> None:
    _load_profile()


def pytest_collectstart(collector: pytest.Collector) -> None:
    # Again before each test module is imported: a conftest may load a profile of its own, and
    # a module's settings(...) objects inherit from the profile loaded when they are created.
    _load_profile()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    if "__mutmut_" not in mutant:
        return  # mutmut's stats, clean and forced-fail runs: keep pytest's order
    import cdktf_batch

    package = Path(cdktf_batch.__file__).resolve().parent
    if package.parent.name != "mutants":
        raise pytest.UsageError(f"mutation run imported cdktf_batch from {package}, not mutmut's copy")
    # CDKTF_BATCH_MUTATION_LINES=0: every test mutmut chose (to check the line selection).
    reaching = tests_reaching(mutant) if os.environ.get("CDKTF_BATCH_MUTATION_LINES") != "0" else None
    if reaching is not None:
        config.hook.pytest_deselected(items=[item for item in items if item.nodeid not in reaching])
        items[:] = [item for item in items if item.nodeid in reaching]
    durations = test_durations()
    items.sort(key=lambda item: durations.get(item.nodeid, float("inf")))


def test_durations() -> dict[str, float]:
    """Each test's time in mutmut's stats run (none before it)."""
    stats = Path("mutmut-stats.json")
    if not stats.exists():
        return {}
    durations: dict[str, float] = json.loads(stats.read_text(encoding="utf-8"))["duration_by_test"]
    return durations


# Line coverage of the stats run, by test (cwd is mutants/ in every mutmut run).
_coverage: Any = None


def _lines_file(module: Path) -> Path:
    return module.with_name(module.name + ".lines.json")


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    global _coverage
    # A worker (tests.mutation.worker) has "stats" active only to see what runs at import.
    if os.environ.get("MUTANT_UNDER_TEST") != "stats" or os.environ.get(WORKER_FLAG):
        return
    import coverage

    _coverage = coverage.Coverage(data_file=None, config_file=False, include=[str(Path("cdktf_batch").resolve() / "*")])
    _coverage.start()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, object, object]:
    if _coverage is not None:
        _coverage.switch_context(item.nodeid)
    try:
        return (yield)
    finally:
        if _coverage is not None:
            _coverage.switch_context("")


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    if _coverage is None:
        return
    _coverage.stop()
    data = _coverage.get_data()
    root = Path.cwd()
    ran = {item.nodeid for item in session.items}
    for filename in data.measured_files():
        module = Path(filename).resolve().relative_to(root)
        # mutmut's stats run after new tests were added (a run with --keep) runs only the new
        # tests: keep what the earlier stats run measured for the other tests.
        by_line: dict[str, set[str]] = {}
        source = _digest(module)
        if _lines_file(module).exists():
            earlier = json.loads(_lines_file(module).read_text(encoding="utf-8"))
            # mutmut mutated the module again since (its source changed): the earlier lines no
            # longer fit it, and nor will the merge; the file keeps the earlier digest, which no
            # longer matches, so tests_reaching selects by function for this module.
            source = earlier.get("source", "")
            for line, indexes in earlier["lines"].items():
                kept = {earlier["tests"][index] for index in indexes} - ran
                if kept:
                    by_line[line] = kept
        for line, contexts in data.contexts_by_lineno(filename).items():
            named = {context for context in contexts if context}
            if named:
                by_line.setdefault(str(line), set()).update(named)
        tests: dict[str, int] = {}
        lines = {
            line: [tests.setdefault(test, len(tests)) for test in sorted(names)]
            for line, names in sorted(by_line.items(), key=lambda item: int(item[0]))
        }
        record = {"source": source, "tests": list(tests), "lines": lines}
        _lines_file(module).write_text(json.dumps(record), encoding="utf-8")


def _digest(module: Path) -> str:
    """Of mutmut's mutated module: its lines move when mutmut mutates it again."""
    return hashlib.sha256(module.read_bytes()).hexdigest()


def tests_reaching(mutant: str) -> set[str] | None:
    """The tests that ran the statement ``mutant`` changes, or None to keep them all."""
    module_name, _, function = mutant.rpartition(".")
    module = Path(*module_name.split(".")).with_suffix(".py")
    if not module.exists():
        module = module.with_suffix("") / "__init__.py"
    spans_file = module.with_name(module.name + ".spans")
    if not spans_file.exists() or not _lines_file(module).exists():
        return None
    spans = json.loads(spans_file.read_text(encoding="utf-8"))["spans"]
    original_name = function.rpartition("__mutmut_")[0] + "__mutmut_orig"
    if function not in spans or original_name not in spans:
        return None
    source = module.read_text(encoding="utf-8").splitlines()
    first = spans[original_name][0]
    original = source[first - 1 : spans[original_name][1]]
    mutated = [line.replace(function, original_name) for line in source[spans[function][0] - 1 : spans[function][1]]]
    changed = _changed_statement(original, mutated)
    if changed is None:
        return None
    coverage = json.loads(_lines_file(module).read_text(encoding="utf-8"))
    if coverage.get("source") != _digest(module):
        return None  # measured on an earlier mutation of the module: select by function
    names: list[str] = coverage["tests"]
    return {
        names[index]
        for line in range(first + changed[0], first + changed[1] + 1)
        for index in coverage["lines"].get(str(line), ())
    }


def _changed_statement(original: list[str], mutated: list[str]) -> tuple[int, int] | None:
    """Offsets (first, last) in ``original`` of the lines of the innermost statement holding
    the change (only its header for a compound statement), or None when the change is not
    inside the function's body."""
    start = next(
        (i for i, (a, b) in enumerate(zip(original, mutated, strict=False)) if a != b), min(len(original), len(mutated))
    )
    end_a, end_b = len(original) - 1, len(mutated) - 1
    while end_a > start and end_b > start and original[end_a] == mutated[end_b]:
        end_a, end_b = end_a - 1, end_b - 1
    if start >= len(original):
        return None
    definition = next(i for i, line in enumerate(original) if line.strip())
    indent = len(original[definition]) - len(original[definition].lstrip())
    text = "\n".join(line[indent:] if line[:indent].isspace() else line for line in original)
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    function = next((node for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))), None)
    if function is None or not function.body or start + 1 < function.body[0].lineno:
        return None  # the signature changed (a default value): every test of the function
    first, last = start + 1, end_a + 1  # ast lines are 1-based
    innermost: tuple[int, int] | None = None
    for node in ast.walk(function):
        if not isinstance(node, ast.stmt) or node is function or node.end_lineno is None:
            continue
        if node.lineno <= first and last <= node.end_lineno:
            bodies = [getattr(node, name, None) for name in ("body", "orelse", "finalbody", "handlers")]
            inner = [child for body in bodies if isinstance(body, list) for child in body if isinstance(child, ast.AST)]
            header_end = (
                min((getattr(child, "lineno", node.end_lineno + 1) for child in inner), default=node.end_lineno + 1) - 1
            )
            span = (node.lineno, max(header_end, node.lineno) if last <= header_end else node.end_lineno)
            if innermost is None or span[1] - span[0] < innermost[1] - innermost[0]:
                innermost = span
    if innermost is None:
        return None
    return innermost[0] - 1, innermost[1] - 1
