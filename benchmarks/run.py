"""Cold-start benchmark of cdktf_batch against the plain provider bindings and JavaScript (issue #8).

    .venv/bin/python -m benchmarks.run [--repeat K] [--quick] [--only a,b,c,clib,d,e]

Every measurement is one fresh process tree: wall time, and the peak of the summed RSS of the
process and its descendants (see ``measure.py``). Variants run round-robin, one of each per round,
after one unmeasured run of each that also checks that the programs being compared synthesize
the same Terraform configuration (``compare.py``). Results are printed and written to
``benchmarks/results.md`` and ``benchmarks/results.json``. See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks import cdktn
from benchmarks.assembly import UnsupportedError, load_index
from benchmarks.compare import compare_outputs
from benchmarks.generate import Generated, generate
from benchmarks.measure import Measurement, RunError, measure

REPO = Path(__file__).resolve().parent.parent
BIN = REPO / ".venv" / "bin"
PYTHON = BIN / "python"
NODE = BIN / "node"
CDKTF_CLI = REPO / "node_modules" / ".bin" / "cdktf"
CACHE = REPO / ".cache" / "benchmarks"
RESULTS = Path(__file__).resolve().parent

GROUPS = ("a", "b", "c", "clib", "d", "e", "tn")
SCALE_N = (10, 100, 1000)
QUICK_N = (10, 100)

# Targets of issue #8 (cdktf), and of issue #18 for cdktn: about 0.1x the plain bindings' time,
# within 3x of JavaScript.
TN_OVER_B_WALL = 0.1
A_OVER_B_WALL = 0.08
A_OVER_B_PEAK = 0.3
A_OVER_C = 3.0
BATCH_OVER_JS_AT_1000 = 3.0
# Linear in N: the cost per added job definition from N=100 to N=1000 is at most this times the
# cost per added job definition from N=10 to N=100. A quadratic term that mattered would make
# the second slope many times the first (for c*N^2 alone, 10 times).
LINEAR_SLOPE_RATIO = 1.5

# Settings that would change what the apps synthesize or how, removed for every variant.
DROPPED_ENV = (
    "CDKTF_BATCH_LAZY_PROVIDER",
    "CDKTF_OUTDIR",
    "CDKTF_CONTEXT_JSON",
    "TFC_ORGANIZATION",
    "TFC_WORKSPACE_PREFIX",
    "TFC_WORKSPACE_TAGS",
    "TFC_HOSTNAME",
    "PYTHONPATH",
    "NODE_OPTIONS",
    # Python programs run as users run them: bytecode cached after the first (unmeasured) run,
    # which matters most for the large generated programs.
    "PYTHONDONTWRITEBYTECODE",
)


class BenchmarkError(Exception):
    """The benchmark cannot run, or the variants are not equivalent."""


@dataclass
class Variant:
    key: str
    group: str  # what --only selects
    label: str
    family: str  # "batch", "python", "js", "js-lib", "cli-lazy", "cli-eager"
    n: int | None  # job definitions, for the scaling runs
    repeat: int
    reference: str  # the output every run of it must match (a reference key)
    command: list[str]
    env: dict[str, str] = field(default_factory=dict)
    cli: bool = False  # the cdktf CLI, told the output directory by --output, not CDKTF_OUTDIR
    runs: list[Measurement] = field(default_factory=list)

    def median(self, attribute: str) -> float:
        return float(statistics.median(float(getattr(run, attribute)) for run in self.runs))


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in DROPPED_ENV}
    # The same Node for every variant (jsii's and the JavaScript programs'), the pinned CLI,
    # and the Makefile's settings for it.
    env["JSII_NODE"] = str(NODE)
    env["PATH"] = f"{BIN}:{REPO / 'node_modules' / '.bin'}:{env.get('PATH', '')}"
    env["CHECKPOINT_DISABLE"] = "1"
    env["CDKTF_DISABLE_PLUGIN_CACHE_ENV"] = "1"
    if not Path(env.get("TF_CLI_CONFIG_FILE", "/nonexistent")).is_file():
        empty = REPO / ".cache" / "terraform-empty.rc"
        empty.parent.mkdir(parents=True, exist_ok=True)
        empty.touch()
        env["TF_CLI_CONFIG_FILE"] = str(empty)
    return env


def check_prerequisites(groups: set[str]) -> None:
    missing = [str(p) for p in (PYTHON, NODE, CDKTF_CLI) if not p.exists()]
    if missing:
        raise BenchmarkError(f"missing {', '.join(missing)}: run `make synth` first (it installs both)")
    if "tn" in groups and not cdktn.installed():
        raise BenchmarkError(f"missing {cdktn.PYTHON}: run `make .venv-cdktn/.installed` (or leave out tn)")
    pins = {
        "cdktf": "cdktf",
        "constructs": "constructs",
        "@cdktf/provider-aws": "cdktf-cdktf-provider-aws",
        "@cdktf/provider-docker": "cdktf-cdktf-provider-docker",
    }
    for npm, python in pins.items():
        package = REPO / "node_modules" / npm / "package.json"
        if not package.is_file():
            raise BenchmarkError(f"node_modules has no {npm}: run `.venv/bin/npm ci` (or `make synth`)")
        js_version = json.loads(package.read_text())["version"]
        if js_version != metadata.version(python):
            raise BenchmarkError(
                f"{npm} {js_version} in node_modules but {python} {metadata.version(python)} in .venv: "
                "the JavaScript variants must run the same versions (package.json pins them)"
            )


QUICK_FAMILIES = ("batch", "js-lib")  # (d) variants that take about a second per run


@dataclass(frozen=True)
class TnApp:
    """What the cdktn variants run: the example app itself once it runs on cdktn, else the same
    resources on the plain cdktn bindings with cdktf_batch's fast path started first."""

    example: bool
    generated: Generated

    @property
    def label(self) -> str:
        return "example app" if self.example else "example's resources, direct provider classes"


def build_variants(
    groups: set[str],
    ns: Sequence[int],
    repeat: int,
    scale_repeat: int,
    gen: dict[str, Generated],
    tn: TnApp | None = None,
) -> list[Variant]:
    """The measured variants, in round-robin order."""
    py = str(PYTHON)
    node = str(NODE)
    variants: list[Variant] = []

    def add(key: str, group: str, label: str, family: str, command: list[str], **more: Any) -> None:
        n = more.pop("n", None)
        reference = more.pop("reference", None) or (f"scale{n}" if n else "tn" if group == "tn" else "example")
        count = scale_repeat if group in ("d", "e") else repeat
        if group == "d" and family in QUICK_FAMILIES and count > 1:
            # About a second each, and the linearity check rests on the difference between
            # N=10 and N=100 (a few tenths of a second): more runs for a steadier median.
            count = 2 * count + 1
        variants.append(Variant(key, group, label, family, n, count, reference, command, **more))

    if "example" in gen:
        example = gen["example"]
        if "a" in groups:
            add("a", "a", "example app, cdktf_batch", "batch", [py, "-m", "examples.main"])
        if "b" in groups:
            add(
                "floor",
                "b",
                "empty app (one stack, no provider), cdktf_batch imported: the floor",
                "floor",
                [py, "-m", "benchmarks.empty_app", "--fast"],
                reference="empty",
            )
            add(
                "b",
                "b",
                "example app, plain Python bindings",
                "python",
                [py, "-m", example.python_module],
                env={"PYTHONPATH": str(example.python_dir)},
            )
        if "c" in groups:
            add("c", "c", "example app, JavaScript (require package root)", "js", [node, str(example.js_root)])
        if "clib" in groups:
            add(
                "clib",
                "clib",
                "example app, JavaScript (require each lib/ module)",
                "js-lib",
                [node, str(example.js_lib)],
            )
    if "d" in groups:
        for n in ns:
            scale = gen[f"scale{n}"]
            add(f"d-batch-{n}", "d", f"N={n}, cdktf_batch", "batch", [py, "-m", "benchmarks.scale_app", str(n)], n=n)
            add(
                f"d-python-{n}",
                "d",
                f"N={n}, plain Python bindings",
                "python",
                [py, "-m", scale.python_module],
                n=n,
                env={"PYTHONPATH": str(scale.python_dir)},
            )
            add(f"d-js-{n}", "d", f"N={n}, JavaScript (require package root)", "js", [node, str(scale.js_root)], n=n)
            add(
                f"d-jslib-{n}",
                "d",
                f"N={n}, JavaScript (require each lib/ module)",
                "js-lib",
                [node, str(scale.js_lib)],
                n=n,
            )
    if tn is not None:
        engine = {"CDKTF_BATCH_ENGINE": "cdktn"}
        plain = {**engine, "PYTHONPATH": str(tn.generated.python_dir)}
        tpy = str(cdktn.PYTHON)
        if tn.example:
            fast = [tpy, "-m", "examples.main"]
            add("tn-a", "tn", "cdktn: example app, cdktf_batch", "tn-batch", fast, env=engine)
        else:
            fast = [tpy, "-m", "benchmarks.fast_path", tn.generated.python_module]
            add("tn-a", "tn", f"cdktn: {tn.label}, fast path on", "tn-batch", fast, env=plain)
        add(
            "tn-b",
            "tn",
            f"cdktn: {tn.label}, plain Python bindings",
            "tn-python",
            [tpy, "-m", tn.generated.python_module],
            env=plain,
        )
        add(
            "tn-floor",
            "tn",
            "cdktn: empty app (one stack, no provider), cdktf_batch imported: the floor",
            "tn-floor",
            [tpy, "-m", "benchmarks.empty_app", "--fast"],
            env=engine,
            reference="tn-empty",
        )
        add("tn-c", "tn", "cdktn: JavaScript (require package root)", "tn-js", [node, str(tn.generated.js_root)])
        add(
            "tn-clib",
            "tn",
            "cdktn: JavaScript (require each lib/ module)",
            "tn-js-lib",
            [node, str(tn.generated.js_lib)],
        )
    if "e" in groups:
        for key, label, env in (
            ("e-lazy", "cdktf synth (CLI), lazy provider on", {}),
            ("e-eager", "cdktf synth (CLI), lazy provider off", {"CDKTF_BATCH_LAZY_PROVIDER": "0"}),
        ):
            add(key, "e", label, f"cli-{key[2:]}", [str(CDKTF_CLI), "synth"], env=env, cli=True)
    return variants


class Runner:
    def __init__(self, work: Path, interval_s: float) -> None:
        self.work = work
        self.interval_s = interval_s
        self.env = base_env()
        self.count = 0

    def run(
        self,
        command: list[str],
        extra_env: dict[str, str],
        *,
        cli: bool = False,
        keep: Path | None = None,
    ) -> Measurement:
        """One measured run; its output goes to ``keep`` or to a directory removed afterwards."""
        self.count += 1
        out = keep or self.work / f"out-{self.count}"
        env = {**self.env, **extra_env}
        argv = list(command)
        if cli:
            argv += ["--output", str(out)]
        else:
            env["CDKTF_OUTDIR"] = str(out)
        try:
            return measure(argv, env=env, cwd=REPO, log=self.work / f"run-{self.count}.log", interval_s=self.interval_s)
        finally:
            if keep is None:
                shutil.rmtree(out, ignore_errors=True)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def describe(m: Measurement) -> str:
    return f"{m.wall_s:6.2f} s {m.peak_tree_mb:7.0f} MiB"


def prepare(runner: Runner, groups: set[str], ns: Sequence[int]) -> tuple[dict[str, Path], dict[str, Generated]]:
    """Synthesize the cdktf_batch apps once (unmeasured) and generate the plain programs from them."""
    references: dict[str, tuple[str, list[str]]] = {}
    if groups & {"a", "b", "c", "clib", "e"}:
        references["example"] = ("the example app", [str(PYTHON), "-m", "examples.main"])
    if "b" in groups:
        references["empty"] = ("the empty app", [str(PYTHON), "-m", "benchmarks.empty_app"])
    if "d" in groups:
        for n in ns:
            references[f"scale{n}"] = (f"the scale app, N={n}", [str(PYTHON), "-m", "benchmarks.scale_app", str(n)])
    index = load_index(CACHE)
    outputs: dict[str, Path] = {}
    generated: dict[str, Generated] = {}
    for name, (description, command) in references.items():
        out = runner.work / f"reference-{name}"
        m = runner.run(command, {}, keep=out)
        progress(f"reference {name:10} {describe(m)}  (warm-up, not counted)")
        outputs[name] = out
        if name == "empty":
            continue  # run as it is: nothing to write on the plain bindings
        try:
            generated[name] = generate(out, runner.work / "generated", name, description, index)
        except UnsupportedError as error:
            raise BenchmarkError(f"cannot write {description} on the plain bindings: {error}") from error
    return outputs, generated


def prepare_tn(runner: Runner, outputs: dict[str, Path]) -> TnApp:
    """The cdktn programs, and their reference output (``outputs["tn"]``).

    The example app is run on cdktn (``CDKTF_BATCH_ENGINE=cdktn``); if it does not run, or runs
    on cdktf all the same (the library's engine seam not there yet), the cdktn variants measure
    the example's resources written on the plain cdktn bindings, which the fast path speeds up
    alike (``benchmarks/fast_path.py``).
    """
    node_root = cdktn.node_root(CACHE)
    env = {"CDKTF_BATCH_ENGINE": "cdktn"}
    out = runner.work / "reference-tn"
    example = False
    try:
        m = runner.run([str(cdktn.PYTHON), "-m", "examples.main"], env, keep=out)
        example = _engine_version(out) == cdktn.versions()["cdktn"]
        progress(f"reference tn         {describe(m)}  (warm-up, not counted; on cdktn: {example})")
    except RunError as error:
        progress(f"the example app does not run on cdktn yet ({str(error).splitlines()[0]})")
    if not example and "example" not in outputs:
        outputs["example"] = runner.work / "reference-example"
        m = runner.run([str(PYTHON), "-m", "examples.main"], {}, keep=outputs["example"])
        progress(f"reference example    {describe(m)}  (warm-up, not counted)")
    source = out if example else outputs["example"]
    description = f"the example app's resources ({'on cdktn' if example else 'from its cdktf output'})"
    listed = subprocess.run(
        [str(cdktn.PYTHON), "-m", "benchmarks.generate", str(source), str(runner.work / "generated-tn"),
         "--engine", "cdktn", "--node-root", str(node_root), "--name", "tn", "--description", description, "--json"],
        cwd=REPO, env=runner.env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if listed.returncode != 0:
        raise BenchmarkError(f"cannot write the example app on the plain cdktn bindings:\n{listed.stderr[-2000:]}")
    paths = json.loads(listed.stdout.strip().splitlines()[-1])
    generated = Generated(
        python_dir=Path(paths["python_dir"]),
        python_module=paths["python_module"],
        js_root=Path(paths["js_root"]),
        js_lib=Path(paths["js_lib"]),
    )
    if not example:
        # The plain cdktn program is the reference: the same resources as the cdktf app (but for
        # the providers' versions and sources in required_providers, which the engines write).
        shutil.rmtree(out, ignore_errors=True)
        plain = {**env, "PYTHONPATH": str(generated.python_dir)}
        m = runner.run([str(cdktn.PYTHON), "-m", generated.python_module], plain, keep=out)
        progress(f"reference tn         {describe(m)}  (warm-up, not counted; plain cdktn bindings)")
    outputs["tn"] = out
    outputs["tn-empty"] = runner.work / "reference-tn-empty"
    m = runner.run([str(cdktn.PYTHON), "-m", "benchmarks.empty_app"], env, keep=outputs["tn-empty"])
    progress(f"reference tn-empty   {describe(m)}  (warm-up, not counted)")
    return TnApp(example=example, generated=generated)


def tn_description(tn: TnApp) -> str:
    if tn.example:
        return "the example app with CDKTF_BATCH_ENGINE=cdktn, cdktf_batch's fast path on"
    return (
        "the example app does not run on cdktn yet: its resources (the same Terraform configuration "
        "but for required_providers) written on the plain cdktn bindings, run with cdktf_batch's fast "
        "path started first (python -m benchmarks.fast_path) and without (tn-b)"
    )


def _engine_version(outdir: Path) -> str | None:
    """The engine version a synthesized output names in its metadata."""
    try:
        manifest = json.loads((outdir / "manifest.json").read_text())
        stack = next(iter(manifest["stacks"].values()))
        document = json.loads((outdir / stack["synthesizedStackPath"]).read_text())
        return str(document["//"]["metadata"]["version"])
    except (OSError, ValueError, KeyError, StopIteration):
        return None


def check_equivalence(runner: Runner, variants: list[Variant], references: dict[str, Path]) -> None:
    """One unmeasured run of every variant (a warm-up too), its output compared with its reference."""
    for variant in variants:
        out = runner.work / f"check-{variant.key}"
        m = runner.run(variant.command, variant.env, cli=variant.cli, keep=out)
        diff = compare_outputs(references[variant.reference], out)
        if diff:
            lines = "\n  ".join(diff)
            raise BenchmarkError(
                f"{variant.key} ({variant.label}) does not synthesize the same configuration as "
                f"{references[variant.reference]}; the comparison would not be fair:\n  {lines}"
            )
        progress(f"check {variant.key:14} {describe(m)}  same configuration as the cdktf_batch app")
        shutil.rmtree(out, ignore_errors=True)


def measure_rounds(runner: Runner, variants: list[Variant], settle_s: float) -> None:
    rounds = max(v.repeat for v in variants)
    for round_ in range(rounds):
        for variant in variants:
            if round_ < variant.repeat:
                # The previous process (a plain-bindings run frees 1.3 GB) leaves the machine
                # busy for a moment: each measurement starts from a settled machine.
                time.sleep(settle_s)
                m = runner.run(variant.command, variant.env, cli=variant.cli)
                variant.runs.append(m)
                progress(f"round {round_ + 1}/{rounds} {variant.key:14} {describe(m)}")


# --- analysis and report ----------------------------------------------------------------------


@dataclass
class Target:
    name: str
    passed: bool | None  # None: not measured in this run
    detail: str


def ratio(a: float, b: float) -> float:
    return a / b if b else float("inf")


def analyse(variants: list[Variant], ns: Sequence[int]) -> dict[str, Any]:
    by_key = {v.key: v for v in variants}
    wall = {k: v.median("wall_s") for k, v in by_key.items()}
    peak = {k: v.median("peak_tree_mb") for k, v in by_key.items()}
    ratios: dict[str, float] = {}
    for other in ("b", "c", "clib"):
        if "a" in by_key and other in by_key:
            ratios[f"a/{other} wall"] = ratio(wall["a"], wall[other])
            ratios[f"a/{other} peak"] = ratio(peak["a"], peak[other])
    for floor, plain in (("floor", "b"), ("tn-floor", "tn-b")):
        if floor in by_key and plain in by_key:
            ratios[f"{floor}/{plain} wall"] = ratio(wall[floor], wall[plain])
    for other in ("tn-b", "tn-c", "tn-clib"):
        if "tn-a" in by_key and other in by_key:
            ratios[f"tn-a/{other} wall"] = ratio(wall["tn-a"], wall[other])
            ratios[f"tn-a/{other} peak"] = ratio(peak["tn-a"], peak[other])
    if "e-lazy" in by_key and "e-eager" in by_key:
        ratios["e lazy/eager wall"] = ratio(wall["e-lazy"], wall["e-eager"])
        ratios["e lazy/eager peak"] = ratio(peak["e-lazy"], peak["e-eager"])
    for n in ns:
        for other in ("python", "js", "jslib"):
            if f"d-batch-{n}" in by_key and f"d-{other}-{n}" in by_key:
                ratios[f"N={n} batch/{other} wall"] = ratio(wall[f"d-batch-{n}"], wall[f"d-{other}-{n}"])
                ratios[f"N={n} batch/{other} peak"] = ratio(peak[f"d-batch-{n}"], peak[f"d-{other}-{n}"])

    scaling: dict[str, dict[str, float]] = {}
    for family in ("batch", "python", "js", "jslib"):
        keys = [f"d-{family}-{n}" for n in ns]
        if not all(k in by_key for k in keys):
            continue
        row: dict[str, float] = {}
        for n in ns:
            row[f"wall/N ms N={n}"] = wall[f"d-{family}-{n}"] / n * 1000
        if len(ns) >= 2:
            n1, n2 = ns[0], ns[1]
            row[f"slope ms/job {n1}-{n2}"] = (wall[f"d-{family}-{n2}"] - wall[f"d-{family}-{n1}"]) / (n2 - n1) * 1000
        if len(ns) >= 3:
            n2, n3 = ns[1], ns[2]
            groups = (n3 - n2) / 10
            row[f"slope ms/job {n2}-{n3}"] = (wall[f"d-{family}-{n3}"] - wall[f"d-{family}-{n2}"]) / (n3 - n2) * 1000
            row[f"ms/group {n2}-{n3}"] = (wall[f"d-{family}-{n3}"] - wall[f"d-{family}-{n2}"]) / groups * 1000
            row[f"MiB/group {n2}-{n3}"] = (peak[f"d-{family}-{n3}"] - peak[f"d-{family}-{n2}"]) / groups
            first = row[f"slope ms/job {ns[0]}-{n2}"]
            row["slope ratio"] = ratio(row[f"slope ms/job {n2}-{n3}"], first) if first > 0 else float("inf")
        scaling[family] = row

    targets: list[Target] = []
    if "a/b wall" in ratios:
        ok = ratios["a/b wall"] <= A_OVER_B_WALL and ratios["a/b peak"] <= A_OVER_B_PEAK
        detail = (
            f"(a)/(b) wall {ratios['a/b wall']:.3f} (<= {A_OVER_B_WALL}), "
            f"peak memory {ratios['a/b peak']:.3f} (<= {A_OVER_B_PEAK})"
        )
        targets.append(Target("cdktf_batch vs plain Python bindings", ok, detail))
    else:
        targets.append(Target("cdktf_batch vs plain Python bindings", None, "needs a and b"))
    # JavaScript two ways: requiring the package root loads all 2,212 modules (what
    # `import * as aws from "@cdktf/provider-aws"` does); requiring each lib/ module loads only
    # those used (the issue's 0.4 s anchor). Both are judged; the second is the harder one.
    for other, form in (("c", "package root"), ("clib", "each lib/ module")):
        if f"a/{other} wall" in ratios:
            ok = ratios[f"a/{other} wall"] <= A_OVER_C and ratios[f"a/{other} peak"] <= A_OVER_C
            detail = (
                f"(a)/({other}) wall {ratios[f'a/{other} wall']:.2f}, "
                f"peak memory {ratios[f'a/{other} peak']:.2f} (each <= {A_OVER_C})"
            )
            targets.append(Target(f"cdktf_batch vs JavaScript requiring {form}", ok, detail))
        else:
            targets.append(Target(f"cdktf_batch vs JavaScript requiring {form}", None, f"needs a and {other}"))
    for other, form in (("js", "package root"), ("jslib", "each lib/ module")):
        key = f"N=1000 batch/{other} wall"
        if key in ratios:
            peak_key = f"N=1000 batch/{other} peak"
            ok = ratios[key] <= BATCH_OVER_JS_AT_1000 and ratios[peak_key] <= BATCH_OVER_JS_AT_1000
            detail = (
                f"N=1000 cdktf_batch/JavaScript wall {ratios[key]:.2f}, "
                f"peak memory {ratios[peak_key]:.2f} (each <= {BATCH_OVER_JS_AT_1000})"
            )
            targets.append(Target(f"N=1000: cdktf_batch vs JavaScript requiring {form}", ok, detail))
        else:
            targets.append(Target(f"N=1000: cdktf_batch vs JavaScript requiring {form}", None, "needs d with N=1000"))
    if "tn-a/tn-b wall" in ratios:
        ok = ratios["tn-a/tn-b wall"] <= TN_OVER_B_WALL and ratios["tn-a/tn-b peak"] <= A_OVER_B_PEAK
        detail = (
            f"(tn-a)/(tn-b) wall {ratios['tn-a/tn-b wall']:.3f} (<= {TN_OVER_B_WALL}), "
            f"peak memory {ratios['tn-a/tn-b peak']:.3f} (<= {A_OVER_B_PEAK})"
        )
        floor_ratio = ratios.get("tn-floor/tn-b wall")
        if not ok and floor_ratio is not None and "tn-clib" in wall:
            detail += (
                f"; an empty cdktn app started the same way takes (tn-floor)/(tn-b) {floor_ratio:.3f}, "
                f"leaving {max(TN_OVER_B_WALL - floor_ratio, 0) * wall['tn-b']:.2f} s for the whole example app "
                f"(JavaScript alone, tn-clib, takes {wall['tn-clib']:.2f} s)"
            )
        targets.append(Target("cdktn: fast path vs plain cdktn bindings", ok, detail))
    else:
        targets.append(Target("cdktn: fast path vs plain cdktn bindings", None, "needs tn"))
    for other, form in (("tn-c", "package root"), ("tn-clib", "each lib/ module")):
        if f"tn-a/{other} wall" in ratios:
            ok = ratios[f"tn-a/{other} wall"] <= A_OVER_C and ratios[f"tn-a/{other} peak"] <= A_OVER_C
            detail = (
                f"(tn-a)/({other}) wall {ratios[f'tn-a/{other} wall']:.2f}, "
                f"peak memory {ratios[f'tn-a/{other} peak']:.2f} (each <= {A_OVER_C})"
            )
            targets.append(Target(f"cdktn: fast path vs JavaScript requiring {form}", ok, detail))
        else:
            targets.append(Target(f"cdktn: fast path vs JavaScript requiring {form}", None, "needs tn"))
    batch = scaling.get("batch", {})
    if "slope ratio" in batch:
        ok = batch["slope ratio"] <= LINEAR_SLOPE_RATIO
        detail = (
            f"cdktf_batch: {batch['slope ms/job 100-1000']:.1f} ms per job definition from N=100 to 1000, "
            f"{batch['slope ms/job 10-100']:.1f} from N=10 to 100: ratio {batch['slope ratio']:.2f} "
            f"(<= {LINEAR_SLOPE_RATIO})"
        )
        targets.append(Target("time linear in N up to 1000", ok, detail))
    else:
        targets.append(Target("time linear in N up to 1000", None, "needs d with N=10, 100 and 1000"))
    return {"ratios": ratios, "scaling": scaling, "targets": targets}


def machine() -> dict[str, str]:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = "unknown"
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    return {
        "nproc": str(len(os.sched_getaffinity(0))),
        "cpu": cpu,
        "memory": memory,
        "kernel": platform.release(),
    }


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    found["node"] = subprocess.run([str(NODE), "--version"], capture_output=True, text=True, check=True).stdout.strip()
    for dist in ("cdktf", "cdktf-cdktf-provider-aws", "cdktf-cdktf-provider-docker", "constructs", "jsii"):
        found[dist] = metadata.version(dist)
    for npm in ("cdktf", "cdktf-cli", "constructs", "@cdktf/provider-aws", "@cdktf/provider-docker"):
        package = REPO / "node_modules" / npm / "package.json"
        found[f"npm {npm}"] = json.loads(package.read_text())["version"] if package.is_file() else "missing"
    if cdktn.installed():
        found.update({f"{dist} (.venv-cdktn)": version for dist, version in cdktn.versions().items()})
    git = ["git", "-C", str(REPO)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(
        [*git, "status", "--porcelain", "--", "cdktf_batch", "examples"], capture_output=True, text=True
    ).stdout.strip()
    found["git"] = head + (" + uncommitted changes in cdktf_batch/ or examples/" if dirty else "")
    return found


def fmt_row(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(
        cell.ljust(width) if i == 0 else cell.rjust(width)
        for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
    )


def tables(variants: list[Variant], analysis: dict[str, Any]) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, rows) of every table in the report."""
    out: list[tuple[str, list[str], list[list[str]]]] = []
    rows = []
    for v in variants:
        walls = [r.wall_s for r in v.runs]
        rows.append(
            [
                f"{v.key}: {v.label}",
                str(len(v.runs)),
                f"{v.median('wall_s'):.2f}",
                f"{min(walls):.2f}-{max(walls):.2f}",
                f"{v.median('cpu_s'):.2f}",
                f"{v.median('peak_tree_mb'):.0f}",
                f"{v.median('peak_single_mb'):.0f}",
                f"{v.median('other_load'):.2f}",
            ]
        )
    out.append(
        (
            "Medians per variant",
            [
                "variant",
                "runs",
                "wall s",
                "min-max s",
                "CPU s",
                "peak MiB (tree)",
                "largest process MiB",
                "other load",
            ],
            rows,
        )
    )
    ratios: dict[str, float] = analysis["ratios"]
    if ratios:
        out.append(("Ratios of medians", ["ratio", "value"], [[k, f"{v:.3f}"] for k, v in ratios.items()]))
    scaling: dict[str, dict[str, float]] = analysis["scaling"]
    if scaling:
        columns = list(next(iter(scaling.values())).keys())
        out.append(
            (
                "Scaling (d): per job definition and per group (10 job definitions + 1 environment + 1 queue)",
                ["variant", *columns],
                # n/a: the first slope is not positive, i.e. lost in run-to-run noise.
                [
                    [family, *(f"{row[c]:.2f}" if math.isfinite(row[c]) else "n/a" for c in columns)]
                    for family, row in scaling.items()
                ],
            )
        )
    return out


def print_report(variants: list[Variant], analysis: dict[str, Any]) -> None:
    for title, header, rows in tables(variants, analysis):
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        print(f"\n{title}")
        print(fmt_row(header, widths))
        print(fmt_row(["-" * w for w in widths], widths))
        for row in rows:
            print(fmt_row(row, widths))
    print("\nTargets")
    for target in analysis["targets"]:
        verdict = {True: "PASS", False: "FAIL", None: "N/A "}[target.passed]
        print(f"{verdict}  {target.name}: {target.detail}")


def write_results(
    directory: Path, variants: list[Variant], analysis: dict[str, Any], settings: dict[str, Any], info: dict[str, Any]
) -> None:
    targets: list[Target] = analysis["targets"]
    data = {
        **info,
        "settings": settings,
        "variants": {
            v.key: {
                "label": v.label,
                "family": v.family,
                "n": v.n,
                "median": {
                    attribute: v.median(attribute)
                    for attribute in ("wall_s", "cpu_s", "peak_tree_mb", "peak_single_mb", "other_load")
                },
                "runs": [asdict(r) for r in v.runs],
            }
            for v in variants
        },
        "ratios": analysis["ratios"],
        "scaling": analysis["scaling"],
        "targets": [asdict(t) for t in targets],
    }
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "results.json").write_text(json.dumps(_finite(data), indent=2) + "\n")

    md = [
        "# Benchmark results",
        "",
        f"Generated by `{settings['command']}` on {info['date']} ({settings['mode']} run).",
        "",
        f"- Machine: {info['machine']['nproc']} CPUs ({info['machine']['cpu']}), {info['machine']['memory']} memory, "
        f"Linux {info['machine']['kernel']}",
        "- Versions: " + ", ".join(f"{k} {v}" for k, v in info["versions"].items()),
        f"- Repetitions: {settings['repeat']} for (a)-(c), {settings['scale_repeat']} for (d) and (e) "
        f"({2 * settings['scale_repeat'] + 1 if settings['scale_repeat'] > 1 else 1} for d's cdktf_batch and "
        "JavaScript-per-module variants, which take about a second), "
        "round-robin, after one unmeasured run of each variant (warm-up and equivalence check); "
        f"each run starts {settings['settle_s']} s after the previous one's whole process tree has exited",
        f"- Memory: peak of the summed RSS of the process tree, sampled every {settings['interval_ms']} ms; "
        "'largest process' is the kernel's max RSS of the biggest single process (wait4)",
        "- CPU s: user + system time of the tree. Other load: CPUs kept busy by everything else "
        "on the machine during the run (the memory sampler included); well above 0.1 means the "
        "numbers were disturbed. Load average before the run: " + info["load_average_before"],
        "- Every variant of the same app synthesized the same Terraform configuration "
        "(all of cdk.tf.json but `//` metadata) before it was timed",
    ]
    if info.get("tn_app"):
        md.append(
            f"- CDK Terrain (tn-*, in .venv-cdktn; JavaScript on the jsii packages inside its wheels): {info['tn_app']}"
        )
    for title, header, rows in tables(variants, analysis):
        md += ["", f"## {title}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        md += ["| " + " | ".join(row) + " |" for row in rows]
    md += ["", "## Targets", ""]
    for target in targets:
        verdict = {True: "PASS", False: "FAIL", None: "N/A"}[target.passed]
        md.append(f"- **{verdict}** {target.name}: {target.detail}")
    md += [
        "",
        f"Linearity: the cost per added job definition from N=100 to N=1000 must be at most "
        f"{LINEAR_SLOPE_RATIO}x the cost per added job definition from N=10 to N=100 "
        "(a quadratic term alone would make it 10x).",
        "",
    ]
    (directory / "results.md").write_text("\n".join(md))


def _finite(value: Any) -> Any:
    """``value`` with infinite ratios (a zero denominator) as null, which JSON can hold."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0] if __doc__ else None
    )
    parser.add_argument("--repeat", type=int, help="measured runs per variant for (a)-(c) (default 5; 1 with --quick)")
    parser.add_argument(
        "--scale-repeat", type=int, help="measured runs per variant for (d) and (e) (default 3; 1 with --quick)"
    )
    parser.add_argument("--quick", action="store_true", help="smoke run: one repetition, N=10 and 100 only")
    parser.add_argument("--only", default=",".join(GROUPS), help=f"comma-separated variants out of {','.join(GROUPS)}")
    parser.add_argument("--interval-ms", type=float, default=5.0, help="memory sampling interval (default 5)")
    parser.add_argument(
        "--settle-s", type=float, default=1.0, help="pause before each measured run, machine settling (default 1)"
    )
    parser.add_argument("--results-dir", type=Path, default=RESULTS, help="where results.md/json go")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (generated programs, logs)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    groups = {g.strip() for g in args.only.split(",") if g.strip()}
    unknown = groups - set(GROUPS)
    if unknown or not groups:
        print(f"--only: unknown {sorted(unknown)}; choose from {','.join(GROUPS)}", file=sys.stderr)
        return 2
    repeat = args.repeat or (1 if args.quick else 5)
    scale_repeat = args.scale_repeat or (1 if args.quick else 3)
    ns = QUICK_N if args.quick else SCALE_N
    work = Path(tempfile.mkdtemp(prefix="cdktf-batch-bench-"))
    started = datetime.datetime.now(datetime.timezone.utc)
    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    try:
        check_prerequisites(groups)
        runner = Runner(work, args.interval_ms / 1000)
        references, generated = prepare(runner, groups, ns)
        tn = prepare_tn(runner, references) if "tn" in groups else None
        variants = build_variants(groups, ns, repeat, scale_repeat, generated, tn)
        check_equivalence(runner, variants, references)
        measure_rounds(runner, variants, args.settle_s)
    except (BenchmarkError, RunError) as error:
        print(f"\nbenchmark aborted: {error}", file=sys.stderr)
        print(f"(work directory kept: {work})", file=sys.stderr)
        return 1
    analysis = analyse(variants, ns)
    print_report(variants, analysis)
    info = {
        "tn_app": None if tn is None else tn_description(tn),
        "date": started.strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "versions": versions(),
        "load_average_before": load_before,
    }
    settings = {
        "command": " ".join(["python -m benchmarks.run", *(sys.argv[1:] if argv is None else argv)]),
        "mode": "quick" if args.quick else "full",
        "repeat": repeat,
        "scale_repeat": scale_repeat,
        "scale_n": list(ns),
        "only": sorted(groups),
        "interval_ms": args.interval_ms,
        "settle_s": args.settle_s,
        "duration_s": round((datetime.datetime.now(datetime.timezone.utc) - started).total_seconds()),
    }
    write_results(args.results_dir, variants, analysis, settings, info)
    print(
        f"\nwritten: {args.results_dir / 'results.md'}, {args.results_dir / 'results.json'} ({settings['duration_s']} s)"
    )
    if args.keep:
        print(f"work directory: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
