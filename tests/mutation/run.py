"""Mutation testing of cdktf_batch with mutmut: ``python -m tests.mutation.run [MODULE ...]``.

Runs mutmut (configured in ``[tool.mutmut]`` of pyproject.toml) over the given modules (paths
such as ``cdktf_batch/_validation.py``; default: every module in scope) with one worker, then
records each module's counts and surviving mutants in ``tests/mutation/results.json`` (a
module's entry is replaced, the others kept) and writes ``tests/mutation/results.md`` from it.

mutants/ is rebuilt from scratch unless ``--keep`` is given: mutmut copies the tests there once
and would otherwise run new mutants against old tests.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tests.mutation import report, session

ROOT = Path(__file__).resolve().parents[2]
RESULTS_JSON = Path(__file__).resolve().parent / "results.json"


def in_scope() -> list[str]:
    """The modules mutmut mutates: source_paths less do_not_mutate (pyproject.toml)."""
    from mutmut.utils.file_utils import walk_mutatable_files

    return sorted(str(path) for path in walk_mutatable_files())


def statuses(path: str) -> dict[str, str]:
    """mutmut's status of each mutant of ``path`` after the last run ("not checked" if none)."""
    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.stats import status_by_exit_code

    data = SourceFileMutationData(path=path)
    data.load()
    return {name: status_by_exit_code[code] for name, code in data.exit_code_by_key.items()}


def module_glob(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".") + ".*"


def _function_start(source: str, function: str, class_name: str | None) -> int | None:
    """First line (decorators included) of ``class_name.function`` or a module-level function."""
    tree = ast.parse(source)
    body = tree.body
    if class_name is not None:
        classes = [node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == class_name]
        if not classes:
            return None
        body = classes[0].body
    # The last definition: the implementation follows its @overload stubs.
    found = [n for n in body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == function]
    if not found:
        return None
    return min([found[-1].lineno, *(d.lineno for d in found[-1].decorator_list)])


def describe_survivor(path: str, name: str, status: str) -> dict[str, Any]:
    """Where a surviving mutant is and what it changes, from mutmut's diff of the function."""
    from mutmut.mutation.diff_apply import get_diff_for_mutant
    from mutmut.utils.format_utils import orig_function_and_class_names_from_key

    diff = get_diff_for_mutant(name, path=path).splitlines()
    function, class_name = orig_function_and_class_names_from_key(name)
    removed = [line[1:] for line in diff if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")]
    # Line of the first removed line: the hunk's start in the function's text, counted from
    # the function's first line in the file (the function's text starts at its decorators).
    line: int | None = None
    source = (ROOT / path).read_text(encoding="utf-8")
    start = _function_start(source, function, class_name)
    hunk = next((h for h in diff if h.startswith("@@")), None)
    if start is not None and hunk is not None and removed:
        match = re.match(r"@@ -(\d+)", hunk)
        assert match is not None
        offset = int(match.group(1))
        body = diff[diff.index(hunk) + 1 :]
        for entry in body:
            if entry.startswith("-"):
                break
            offset += 1
        lines = source.splitlines()
        candidate = start + offset - 1
        # The function's text may begin with comment lines above it: find the removed line
        # at or after the computed position.
        for number in range(candidate, min(candidate + 20, len(lines) + 1)):
            if lines[number - 1].strip() == removed[0].strip():  # a method's copy is dedented
                line = number
                break
    return {
        "name": name,
        "status": status,
        "function": f"{class_name}.{function}" if class_name else function,
        "line": line,
        "original": "\n".join(text.strip() for text in removed),
        "mutated": "\n".join(text.strip() for text in added),
    }


def collect(modules: list[str], seconds: float | None, rate: float | None, sample: int | None) -> dict[str, Any]:
    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.stats import status_by_exit_code

    run = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": run_commit(),
        "seconds": round(seconds) if seconds is not None else None,
        "mutants_per_minute": round(rate * 60, 1) if rate else None,
        "sample": sample,
    }
    entries: dict[str, Any] = {}
    for path in modules:
        data = SourceFileMutationData(path=path)
        data.load()
        counts: dict[str, int] = {}
        survivors = []
        for name, code in sorted(data.exit_code_by_key.items(), key=lambda item: _natural(item[0])):
            status = status_by_exit_code[code]
            counts[status] = counts.get(status, 0) + 1
            if status in report.SURVIVING:
                try:
                    survivors.append(describe_survivor(path, name, status))
                except FileNotFoundError:  # mutants/ holds another version of the module
                    survivors.append(
                        {
                            "name": name,
                            "status": status,
                            "function": "",
                            "line": None,
                            "original": "(not in this version of mutants/)",
                            "mutated": "",
                        }
                    )
        entries[path] = {"run": run, "counts": counts, "survivors": survivors}
    return entries


COMMIT_FILE = ROOT / "mutants" / "commit.txt"


def current_commit() -> str:
    """HEAD, with "+changes" when the library or the tests differ from it."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--", "cdktf_batch", "tests"], cwd=ROOT, capture_output=True, text=True
    )
    return commit.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")


def run_commit() -> str:
    """The commit the mutants and tests in mutants/ were copied from (noted when the run
    started: the work tree may have moved on by the time the results are recorded)."""
    return COMMIT_FILE.read_text(encoding="utf-8").strip() if COMMIT_FILE.exists() else current_commit()


def _natural(name: str) -> tuple[str, int]:
    base, _, number = name.rpartition("__mutmut_")
    return base, int(number) if number.isdigit() else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="paths of modules to mutate (default: all in scope)")
    parser.add_argument("--workers", type=int, default=1, help="mutants tested side by side (default 1)")
    parser.add_argument(
        "--executor",
        choices=("session", "fork"),
        default="session",
        help="session: long-lived test workers (tests/mutation/session.py; default); fork: mutmut's own, a process per mutant",
    )
    parser.add_argument("--keep", action="store_true", help="reuse mutants/ (and mutmut's stats) from the last run")
    parser.add_argument(
        "--sample",
        type=int,
        metavar="N",
        help="with --keep: only every Nth mutant of each module (a quick estimate of the score)",
    )
    parser.add_argument(
        "--survivors",
        action="store_true",
        help="with --keep: only the mutants of the modules that survived the last run (after adding tests)",
    )
    parser.add_argument(
        "--unchecked",
        action="store_true",
        help="with --keep: only the mutants a stopped run did not reach (with --survivors: those too)",
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="MUTANT",
        help="with --keep: only this mutant (mutmut's name, as in results.json; repeatable), say after a test for it",
    )
    parser.add_argument(
        "--resume",
        action="store_true",
        help="on a checkout without mutants/: generate them, take back the verdicts of verdicts.json for"
        " unchanged functions, then run the rest (as --keep --unchecked)",
    )
    parser.add_argument(
        "--no-run", action="store_true", help="only record the results in mutants/ (say, of a run stopped with Ctrl-C)"
    )
    args = parser.parse_args(argv)

    os.chdir(ROOT)
    session.yield_to_other_sessions()
    scope = in_scope()
    modules = [str(Path(module)) for module in args.modules] or scope
    outside = [module for module in modules if module not in scope]
    if outside:
        parser.error(f"not in the mutation scope ([tool.mutmut] in pyproject.toml): {', '.join(outside)}")
    if args.no_run:
        log = ROOT / "mutants" / "run.log"
        output = log.read_text(encoding="utf-8") if log.exists() else ""
        return record(modules, None, output, None)
    if args.resume:
        if not (ROOT / "mutants").exists():
            # In a process of its own: mutmut's generation changes sys.path and forks workers.
            subprocess.run(
                [sys.executable, "-c", f"from tests.mutation.run import generate; generate({args.workers})"],
                cwd=ROOT,
                check=True,
            )
        print(f"{seed_verdicts()} verdicts taken back from {VERDICTS_JSON.name}")
        args.keep = args.unchecked = True  # with --survivors: those too
    if not args.keep:
        shutil.rmtree(ROOT / "mutants", ignore_errors=True)

    env = {**os.environ, "CDKTF_BATCH_TERRAFORM_VALIDATE": "0"}
    # mutants/ holds every mutant of a module in one file (the whole scope is about 300,000
    # lines): compiled once and cached, not again in each mutant's process.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    selection = list(map(module_glob, modules))
    if args.sample or args.survivors or args.unchecked or args.only:
        if not args.keep:
            parser.error("--sample, --survivors, --unchecked and --only need --keep (the mutants of an earlier run)")
        if args.unchecked and not (args.survivors or args.only or args.sample):
            # Given no names, mutmut runs exactly the mutants that have no result, after it has
            # mutated again the functions that changed since (a list made here, from the
            # mutants/ of before, would miss those). Other modules' unchecked mutants run too.
            selection = []
        else:
            wanted = {
                *(report.SURVIVING if args.survivors else ()),
                *(("not checked",) if args.unchecked else ()),
            }
            selection = [
                name
                for module in modules
                for name, state in sorted(statuses(module).items(), key=lambda item: _natural(item[0]))[
                    :: args.sample or 1
                ]
                if (not wanted or state in wanted) and (not args.only or name in args.only)
            ]
            if not selection:
                print("no mutant to run")
                return record(modules, None, "", args.sample)
    # With --keep, the results of mutants not run again come from the earlier run's commit
    # (mutmut copies the tests again, and mutates again only the functions that changed).
    (ROOT / "mutants").mkdir(exist_ok=True)
    previous = COMMIT_FILE.read_text(encoding="utf-8") if args.keep and COMMIT_FILE.exists() else ""
    first, commit = previous.split(",")[0].strip(), current_commit()
    changed = (
        first not in ("", commit)
        and subprocess.run(
            ["git", "diff", "--quiet", first.removesuffix("+changes"), "--", "cdktf_batch"], cwd=ROOT
        ).returncode
    )
    if changed or first.endswith("+changes"):
        # mutmut mutates the changed modules again, which moves their lines: the line coverage
        # of the first run no longer fits them (tests.mutation.plugin sees it by the module's
        # digest) and their tests are selected by function (slower, never wrong).
        print("the library changed since the first run: tests of the changed modules selected by function")
    COMMIT_FILE.write_text(commit if first in ("", commit) else f"{first}, then {commit} (--keep)", encoding="utf-8")
    # session.py as a script: a `tests` package imported in mutmut's main process would be the
    # repository's, and its forked pytest runs in mutants/ could not import mutmut's copy.
    runner = [str(Path(session.__file__))] if args.executor == "session" else ["-m", "mutmut"]
    started = time.monotonic()
    code, output = _mutmut([*runner, "run", "--max-children", str(args.workers), *selection], env, "run.log")
    seconds = time.monotonic() - started
    if code == 0 and args.executor == "session":
        # Survivors whose function also ran at import, before any mutant was active: again in
        # mutmut's fresh processes, where the mutant is active from the start.
        recheck = json.loads(session.RECHECK_FILE.read_text(encoding="utf-8")) if session.RECHECK_FILE.exists() else []
        if recheck:
            print(f"{len(recheck)} survivor(s) of functions that run at import: again in fresh processes")
            recheck_env = {**env, "CDKTF_BATCH_MUTATION_LINES": "0"}  # lines run at import have no test
            command = ["-m", "mutmut", "run", "--max-children", str(args.workers), *recheck]
            code, _ = _mutmut(command, recheck_env, "recheck.log")
    if code != 0:
        print(f"mutmut failed (exit {code}); full output in mutants/run.log", file=sys.stderr)
        return code
    return record(modules, seconds, output, args.sample)


def _mutmut(command: list[str], env: dict[str, str], log: str) -> tuple[int, str]:
    """Run ``python <command>``; its exit status and output (also kept in mutants/<log>)."""
    command = [sys.executable, *command]
    print("$", " ".join(command[:8]), "..." if len(command) > 8 else "", flush=True)
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    output = result.stdout + result.stderr
    (ROOT / "mutants").mkdir(exist_ok=True)
    (ROOT / "mutants" / log).write_text(output, encoding="utf-8")
    # mutmut redraws its progress line with carriage returns: print the last state of each line.
    print("\n".join(line.rsplit("\r", 1)[-1] for line in output.splitlines()[-15:]))
    return result.returncode, output


VERDICTS_JSON = Path(__file__).resolve().parent / "verdicts.json"


def save_verdicts() -> None:
    """Every mutant's exit code, by module and function, with the hash mutmut gave the function:
    a later run on a fresh checkout (``--resume``) takes them back for the functions unchanged
    since, and tests only the rest. One line per module."""
    from mutmut.mutation.data import SourceFileMutationData

    saved = json.loads(VERDICTS_JSON.read_text(encoding="utf-8")) if VERDICTS_JSON.exists() else {}
    for path in in_scope():
        data = SourceFileMutationData(path=path)
        data.load()
        if not data.hash_by_function_name:
            continue  # not generated in this mutants/: keep what was saved
        prefix = path.removesuffix(".py").replace("/", ".") + "."
        functions: dict[str, list[Any]] = {}
        for function, digest in sorted(data.hash_by_function_name.items()):
            codes: dict[int, int | None] = {}
            for name, code in data.exit_code_by_key.items():
                base, _, number = name.rpartition("__mutmut_")
                if base == prefix + function and number.isdigit():
                    codes[int(number)] = code
            functions[function] = [digest, [codes.get(number) for number in range(1, max(codes, default=0) + 1)]]
        saved[path] = functions
    lines = [
        f" {json.dumps(path)}: {json.dumps(saved[path], ensure_ascii=False, separators=(',', ':'))}"
        for path in sorted(saved)
    ]
    VERDICTS_JSON.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")


def seed_verdicts() -> int:
    """Put the saved exit codes back into mutants/ for every function whose hash is unchanged;
    the number of mutants taken back."""
    from mutmut.mutation.data import SourceFileMutationData

    saved = json.loads(VERDICTS_JSON.read_text(encoding="utf-8")) if VERDICTS_JSON.exists() else {}
    taken = 0
    for path, functions in saved.items():
        data = SourceFileMutationData(path=path)
        data.load()
        prefix = path.removesuffix(".py").replace("/", ".") + "."
        for function, (digest, codes) in functions.items():
            if data.hash_by_function_name.get(function) != digest:
                continue  # changed since: its mutants are tested again
            for number, code in enumerate(codes, start=1):
                name = f"{prefix}{function}__mutmut_{number}"
                if name in data.exit_code_by_key and code is not None:
                    data.exit_code_by_key[name] = code
                    taken += 1
        data.save()
    return taken


def generate(workers: int) -> None:
    """Only mutmut's first step: copy the sources and write every mutant (no test runs)."""
    from mutmut.__main__ import create_mutants, store_lines_covered_by_tests
    from mutmut.mutation.trampoline import set_mutant_under_test
    from mutmut.utils.file_utils import copy_also_copy_files, copy_src_dir, setup_source_paths

    set_mutant_under_test("mutant_generation")
    (ROOT / "mutants").mkdir(exist_ok=True)
    copy_src_dir()
    copy_also_copy_files()
    setup_source_paths()
    store_lines_covered_by_tests()
    create_mutants(workers)


def record(modules: list[str], seconds: float | None, output: str, sample: int | None) -> int:
    """Store the modules' results in results.json and write results.md."""
    rate_match = re.search(r"([\d.]+) mutations/second", output)
    rate = float(rate_match.group(1)) if rate_match else None
    results = json.loads(RESULTS_JSON.read_text(encoding="utf-8")) if RESULTS_JSON.exists() else {"modules": {}}
    save_verdicts()  # first: the part that a later run takes back
    results["modules"].update(collect(modules, seconds, rate, sample))
    results["modules"] = dict(sorted(results["modules"].items()))
    RESULTS_JSON.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    report.write()
    took = f" in {seconds / 60:.1f} min" if seconds is not None else ""
    print(f"{len(modules)} module(s){took}; see {report.RESULTS_MD.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
