"""MkDocs hooks (mkdocs.yml `hooks:`): pages generated at build time, never by hand.

- ``reference/<module>.md`` for each module of ``cdktf_batch`` that exports public names, with
  a mkdocstrings block listing exactly the names of ``cdktf_batch.__all__`` it defines, and
  ``reference/index.md`` naming every one of them (read with ``ast``: the build imports nothing
  from the package, so it starts no jsii kernel).
- ``stacks.md``: the example app synthesized in a subprocess, each stack drawn by
  ``cdktf_batch.diagram`` (what ``python -m cdktf_batch.diagram`` prints) as a Mermaid graph.
- ``img/scaling.svg`` / ``.png``: the benchmark plot that ``make bench`` wrote.
- ``js/mermaid.min.js``: Mermaid's browser build from ``node_modules`` (``mermaid`` pinned in
  package.json), so the pictures render with no network: Material for MkDocs fetches Mermaid
  from unpkg.com only when no ``mermaid`` is loaded already (mkdocs.yml ``extra_javascript``).
"""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "cdktf_batch"
MERMAID = ROOT / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"


def exported_names() -> list[str]:
    """``cdktf_batch.__all__``, read from the source."""
    return _all_of(PACKAGE / "__init__.py")


def modules_of_names() -> dict[str, list[str]]:
    """``{module: [names]}``: each name of the package's ``__all__`` under the module whose own
    ``__all__`` declares it (the first such module, in path order)."""
    wanted = set(exported_names())
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(ROOT).with_suffix("")
        if any(part.startswith("_") for part in relative.parts[1:]) and path.name != "__init__.py":
            continue
        module = ".".join(relative.parts[:-1] if path.name == "__init__.py" else relative.parts)
        if module == "cdktf_batch":
            continue
        names = [name for name in _all_of(path) if name in wanted]
        if names:
            found[module] = names
            wanted -= set(names)
    if wanted:
        raise RuntimeError(f"names of cdktf_batch.__all__ that no module declares: {sorted(wanted)}")
    return found


def _all_of(path: Path) -> list[str]:
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            return [str(ast.literal_eval(item)) for item in node.value.elts]  # type: ignore[attr-defined]
    return []


# What every constructor, factory and method of the reference raises (the docstrings say the rules).
ERRORS = (
    '!!! note "Errors"\n    Arguments are checked when your program runs: a value outside what AWS or the provider '
    "accepts raises [`ValidationError`](errors.md#cdktf_batch.errors.ValidationError) (a `ValueError`) whose "
    "message names the argument path, what is allowed and what was given; an argument the provider cannot "
    "express raises its subclass `UnsupportedByProviderError`, and an object of the other engine's app "
    "`EngineMismatchError`. Unresolved Terraform tokens are never rejected for what they might hold. "
    "Defaults are in the signatures, or in an argument's description when AWS or the library computes them."
)


def _reference_pages() -> dict[str, str]:
    pages: dict[str, str] = {}
    rows = []
    for module, names in modules_of_names().items():
        page = _page_of(module)
        members = "\n".join(f"        - {name}" for name in names)
        pages[page] = (
            f"# `{module}`\n\nEvery name below is importable from the package root: `import cdktf_batch as batch`.\n\n"
            f"{ERRORS}\n\n"
            f"::: {module}\n    options:\n      show_root_heading: false\n      show_root_toc_entry: false\n"
            f"      members:\n{members}\n"
        )
        for name in names:
            rows.append(f"| [`batch.{name}`]({page.removeprefix('reference/')}#{module}.{name}) | `{module}` |")
    pages["reference/index.md"] = (
        "# API reference\n\nGenerated from the docstrings at build time: every public name of "
        "`cdktf_batch.__all__`, with its arguments, defaults and attributes. Invalid input raises "
        "[`ValidationError`](errors.md#cdktf_batch.errors.ValidationError) (a `ValueError`) naming the "
        "argument, what is allowed and what was given.\n\n| name | module |\n|---|---|\n"
        + "\n".join(sorted(rows))
        + "\n"
    )
    return pages


def _stacks_page() -> str:
    """The example app's stacks, synthesized now and drawn by the diagram tool."""
    with tempfile.TemporaryDirectory(prefix="cdktf-batch-docs-") as out:
        environment = {**os.environ, "CDKTF_OUTDIR": out, "CDKTF_BATCH_ENGINE": "cdktf"}
        subprocess.run([sys.executable, "-m", "examples.main"], cwd=ROOT, env=environment, check=True)
        stacks = sorted(path for path in (Path(out) / "stacks").iterdir() if (path / "cdk.tf.json").exists())
        parts = [
            "# The example stacks\n\nWhat each stack of the example app (`examples/`) builds, drawn from its "
            "synthesized `cdk.tf.json` during this site's build by `python -m cdktf_batch.diagram` (see "
            "[Pictures of a stack](guides/deploy.md#pictures-of-a-stack)). An arrow is a Terraform reference: "
            "a queue's compute environments in their order, a job definition's roles, who may submit, what a "
            "schedule or rule submits.\n"
        ]
        draw = _diagram_module()
        for stack in stacks:
            graph = draw.read_stack(stack)
            parts.append(f"## {stack.name}\n\n```mermaid\n{draw.to_mermaid(graph)}```\n")
    return "\n".join(parts)


def _diagram_module() -> Any:
    """``cdktf_batch/diagram.py`` alone (it needs only the standard library): importing the
    package would prepare jsii in this process for nothing."""
    spec = importlib.util.spec_from_file_location("_cdktf_batch_diagram", PACKAGE / "diagram.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def on_config(config: Any) -> Any:
    """The API reference section of the navigation: the index, then one page per module."""
    for index, entry in enumerate(config["nav"]):
        if isinstance(entry, dict) and entry.get("API reference") == "reference/index.md":
            pages: list[Any] = ["reference/index.md"]
            pages += [{module: _page_of(module)} for module in modules_of_names()]
            config["nav"][index] = {"API reference": pages}
    return config


def _page_of(module: str) -> str:
    return f"reference/{module.removeprefix('cdktf_batch.').replace('.', '_')}.md"


def on_files(files: Files, config: Any) -> Files:
    for page, content in _reference_pages().items():
        files.append(File.generated(config, page, content=content))
    files.append(File.generated(config, "stacks.md", content=_stacks_page()))
    for name in ("scaling.svg", "scaling.png"):
        plot = ROOT / "benchmarks" / name
        if plot.exists():
            files.append(File.generated(config, f"img/{name}", content=plot.read_bytes()))
    if not MERMAID.exists():  # without it the theme would load Mermaid from the web
        raise RuntimeError(f"{MERMAID.relative_to(ROOT)} is missing: make node_modules/.installed (npm ci)")
    files.append(File.generated(config, "js/mermaid.min.js", abs_src_path=str(MERMAID)))
    return files
