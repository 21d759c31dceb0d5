"""Checks the survivors that equivalent.toml says a test kills outside the run:
``python -m tests.mutation.confirm``.

Some mutants survive the run only because of how it runs, not for want of a test:
- the tests that need cdktf and cdktn in one virtualenv are skipped in the run's ``.venv``;
- a mutant of code that runs once per process (at import, or behind a cache filled by the first
  test) is active only from that point on in the run's long-lived workers, and the line-level
  test selection cannot name a test for a line run at import.

Such an entry of equivalent.toml has ``killed_by`` (pytest node ids) and optionally ``python``
(the interpreter to run them with, relative to the repository; default ``.venv/bin/python``).
For each, this runs those tests in mutants/ in a fresh process with the mutant active from the
start (``MUTANT_UNDER_TEST``, which a subprocess the test starts inherits): they must fail.
Each set of tests must first pass with no mutant active, so a test that fails for another reason
does not count as a kill. Needs mutants/ (``run.py`` or ``run.py --resume`` makes it); exits
non-zero when a claimed kill does not happen.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomllib

from tests.mutation import report, session

ROOT = Path(__file__).resolve().parents[2]
MUTANTS = ROOT / "mutants"
DEFAULT_PYTHON = ".venv/bin/python"
# pytest's exit codes that say nothing about the mutant: a usage error, no tests collected (a
# wrong node id). Any other failure, collection errors included, is the mutant's: the same tests
# passed with none active.
NOT_A_FAILURE = (4, 5)


@dataclass(frozen=True, kw_only=True)
class Claim:
    file: str
    original: str
    mutated: str
    killed_by: tuple[str, ...]
    python: str


def claims() -> list[Claim]:
    entries = tomllib.loads(report.EQUIVALENT.read_text(encoding="utf-8")).get("equivalent", [])
    return [
        Claim(
            file=entry["file"],
            original=entry["original"].strip(),
            mutated=entry["mutated"].strip(),
            killed_by=tuple(entry["killed_by"]),
            python=entry.get("python", DEFAULT_PYTHON),
        )
        for entry in entries
        if "killed_by" in entry
    ]


def mutant_names(claim: Claim, results: dict[str, Any]) -> list[str]:
    """The surviving mutants of results.json the claim is about (matched as report.py does)."""
    survivors = results["modules"].get(claim.file, {}).get("survivors", [])
    return [
        survivor["name"]
        for survivor in survivors
        if (survivor["original"].strip(), survivor["mutated"].strip()) == (claim.original, claim.mutated)
    ]


def run_tests(python: str, tests: tuple[str, ...], mutant: str | None) -> int:
    env = {key: value for key, value in os.environ.items() if key != "MUTANT_UNDER_TEST"}
    env["CDKTF_BATCH_MUTATION_LINES"] = "0"  # every test named runs (no line-level selection)
    if mutant is not None:
        env["MUTANT_UNDER_TEST"] = mutant
    command = [str(ROOT / python), "-m", "pytest", "-x", "-q", "-p", "tests.mutation.plugin", "-p", "no:cacheprovider"]
    done = subprocess.run([*command, *tests], cwd=MUTANTS, env=env, capture_output=True, text=True, check=False)
    return done.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", help="only the claims about these modules (cdktf_batch/....py)")
    parser.add_argument("--jobs", type=int, default=1, help="test runs side by side (default 1)")
    args = parser.parse_args(argv)
    session.yield_to_other_sessions()
    if not (MUTANTS / "cdktf_batch").is_dir():
        print("no mutants/: run `python -m tests.mutation.run --resume` first", file=sys.stderr)
        return 2
    # The tests as they are now (mutmut copied them when it generated the mutants).
    shutil.copytree(ROOT / "tests", MUTANTS / "tests", dirs_exist_ok=True)
    results = json.loads(report.RESULTS_JSON.read_text(encoding="utf-8"))
    # A claim about a mutant the run has killed since (or about a changed line) is not shown by
    # report.py: nothing to check.
    jobs = [
        (claim, name)
        for claim in claims()
        if not args.files or claim.file in args.files
        for name in mutant_names(claim, results)
    ]
    started = time.monotonic()
    failures: list[str] = []
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        keys = sorted({(claim.python, claim.killed_by) for claim, _ in jobs})
        baseline = dict(zip(keys, pool.map(lambda key: run_tests(*key, None), keys), strict=True))
        for (python, tests), code in baseline.items():
            if code != 0:
                failures.append(f"{' '.join(tests)} fails with no mutant ({python}, exit {code})")
        jobs = [(claim, name) for claim, name in jobs if baseline[(claim.python, claim.killed_by)] == 0]
        codes = pool.map(lambda job: run_tests(job[0].python, job[0].killed_by, job[1]), jobs)
        for (claim, name), code in zip(jobs, codes, strict=True):
            killed = code not in (0, *NOT_A_FAILURE)
            verdict = "killed" if killed else f"NOT killed (pytest exit {code})"
            print(f"{name}: {verdict} by {' '.join(claim.killed_by)}", flush=True)
            if not killed:
                failures.append(f"{name} ({claim.file}: {claim.mutated}) survives {' '.join(claim.killed_by)}")
    print(f"{len(jobs)} mutant(s) checked against the tests claimed to kill them in {time.monotonic() - started:.0f} s")
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
