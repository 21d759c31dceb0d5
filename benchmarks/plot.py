"""Plot of synth time and memory against the number of job definitions (``make bench``).

Reads ``benchmarks/results.json`` (the ``d-<family>-<N>`` variants of ``benchmarks.run``) and
writes ``scaling.png`` and ``scaling.svg`` beside it: wall time and peak memory (Python and Node
together) of ``cdktf_batch``, the plain Python bindings and JavaScript, medians of cold runs.

    python -m benchmarks.plot [results.json] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"
NAMES = ("scaling.png", "scaling.svg")

# The families that the scaling variants (d-<family>-<N>) measure, in the legend's order.
FAMILIES = {
    "batch": "cdktf_batch",
    "python": "plain Python bindings",
    "js": "JavaScript (package root)",
    "jslib": "JavaScript (modules used)",
}


def series(results: dict[str, Any]) -> dict[str, list[tuple[int, float, float]]]:
    """``{family: [(N, wall seconds, peak MiB), ...]}`` sorted by N, from the ``d-*`` variants."""
    found: dict[str, list[tuple[int, float, float]]] = {}
    for key, variant in results["variants"].items():
        parts = key.split("-")
        if len(parts) != 3 or parts[0] != "d" or parts[1] not in FAMILIES:
            continue
        median = variant["median"]
        if median.get("wall_s") is None or median.get("peak_tree_mb") is None:
            continue  # a variant that failed has no numbers
        found.setdefault(parts[1], []).append((int(parts[2]), float(median["wall_s"]), float(median["peak_tree_mb"])))
    return {family: sorted(found[family]) for family in FAMILIES if family in found}


def plot(results: dict[str, Any], out: Path) -> list[Path]:
    """Write the PNG and the SVG into ``out``; returns their paths."""
    import matplotlib

    matplotlib.use("Agg")  # no display; must precede pyplot
    import matplotlib.pyplot as plt

    # Reproducible SVG: no random ids, no date in the metadata.
    plt.rcParams["svg.hashsalt"] = "cdktf-batch"
    data = series(results)
    if not data:
        raise SystemExit("no scaling variants (d-<family>-<N>) in the results: run `make bench` without --only")
    figure, (time_axis, memory_axis) = plt.subplots(1, 2, figsize=(10, 4))
    for family, points in data.items():
        ns = [n for n, _, _ in points]
        time_axis.plot(ns, [wall for _, wall, _ in points], marker="o", label=FAMILIES[family])
        memory_axis.plot(ns, [mib for _, _, mib in points], marker="o", label=FAMILIES[family])
    for axis, label in ((time_axis, "synth wall time (s)"), (memory_axis, "peak memory, Python + Node (MiB)")):
        axis.set_xscale("log")
        axis.set_xlabel("job definitions in the stack (N)")
        axis.set_ylabel(label)
        axis.set_ylim(bottom=0)
        axis.grid(True, which="both", alpha=0.3)
    time_axis.legend(fontsize="small")
    figure.suptitle(f"Cold synth against stack size (medians, {results.get('date', '')})", fontsize="medium")
    figure.tight_layout()
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / name for name in NAMES]
    figure.savefig(paths[0], dpi=110, metadata={"Software": None})
    figure.savefig(paths[1], metadata={"Date": None, "Creator": None})
    plt.close(figure)
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="?", type=Path, default=RESULTS)
    parser.add_argument("--out", type=Path, default=None, help="folder for scaling.png/.svg (default: beside results)")
    args = parser.parse_args(argv)
    results = json.loads(args.results.read_text())
    for path in plot(results, args.out or args.results.parent):
        print(f"written: {path}")


if __name__ == "__main__":
    main()
