"""The documentation site (mkdocs.yml, docs/): it builds in strict mode (a broken link, a missing
page or a reference that does not resolve fails), documents every public name, shows a picture
of each example stack and the benchmark plot, and renders in a browser.

Runs on the cdktf run only (the Makefile leaves it out on cdktn: the docs extra is installed in
.venv alone). Without the docs extra the build is skipped, saying so; under CI it fails instead.
"""

from __future__ import annotations

import ast
import importlib.util
import inspect
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cdktf_batch as batch
from tests.conftest import ROOT
from tests.terraform_check import in_ci

DOCS_EXTRA = ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers.python", "matplotlib")


def missing_docs_extra() -> list[str]:
    return [name for name in DOCS_EXTRA if importlib.util.find_spec(name.split(".")[0]) is None]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    missing = missing_docs_extra()
    if missing:
        message = f"the docs extra is not installed ({', '.join(missing)} missing): make .venv/.docs-installed"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out


def alias_docstring(name: str) -> str | None:
    """The docstring under ``Name = ...`` in the module that assigns it (type aliases)."""
    for path in sorted((ROOT / "cdktf_batch").rglob("*.py")):
        body = ast.parse(path.read_text()).body
        for statement, following in itertools.pairwise(body):
            targets = statement.targets if isinstance(statement, ast.Assign) else []
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                if isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant):
                    return str(following.value.value)
                return None
    return None


def docstring(name: str) -> str | None:
    value = getattr(batch, name)
    if inspect.isclass(value):
        return value.__dict__.get("__doc__")  # its own, not a base class's
    if inspect.isfunction(value):
        return value.__doc__
    return alias_docstring(name)


@pytest.mark.parametrize("name", batch.__all__)
def test_every_public_name_has_a_docstring(name: str) -> None:
    text = docstring(name)
    assert text and text.strip(), f"cdktf_batch.{name} has no docstring"


def test_the_docstring_check_notices_a_missing_one() -> None:
    assert alias_docstring("RoleLike")
    assert alias_docstring("MAX_COMPUTE_ENVIRONMENTS") is None


def test_every_public_name_is_in_the_reference(site: Path) -> None:
    pages = "".join(path.read_text() for path in (site / "reference").rglob("index.html"))
    missing = [name for name in batch.__all__ if not re.search(rf'id="cdktf_batch(\.\w+)*\.{name}"', pages)]
    assert not missing, f"not in the API reference: {missing}"
    assert 'id="cdktf_batch.job_queue.JobQueue"' in pages


def test_the_stack_pictures_and_the_plot(site: Path) -> None:
    stacks = (site / "stacks" / "index.html").read_text()
    for stack in ("compute-environments", "job-queues", "job-definitions"):
        assert f'id="{stack}"' in stacks, stack
    assert stacks.count('class="mermaid"') >= 3
    assert "aws_batch_job_queue_" in stacks and "order 1" in stacks
    assert (site / "img" / "scaling.svg").read_bytes().startswith(b"<?xml")
    assert 'src="../img/scaling.svg"' in (site / "benchmarks" / "index.html").read_text()


def test_a_page_renders_in_a_browser(site: Path, tmp_path: Path) -> None:
    """A screenshot of a guide with headless Chromium (Debian's `chromium` package): the page is
    drawn, not blank. Skipped where no Chromium is installed (it is not a Python dependency)."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("no chromium on PATH (apt-get install chromium)")
    shot = tmp_path / "page.png"
    page = site / "guides" / "job-queues" / "index.html"
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1200,900",
         f"--screenshot={shot}", page.as_uri()],
        capture_output=True, timeout=120, check=True, env={**os.environ, "HOME": str(tmp_path)},
    )  # fmt: skip
    import matplotlib.image

    pixels = matplotlib.image.imread(shot)
    assert pixels.shape[:2] == (900, 1200)
    # A blank page is one colour; a rendered one has the header, text and code in several.
    colours = {tuple(pixel) for pixel in pixels.reshape(-1, pixels.shape[2])[::97]}
    assert len(colours) > 20
    # The header bar (the theme's indigo) is drawn at the top.
    red, green, blue = pixels[10, 600][:3]
    assert blue > red and blue > green


def test_the_plot_is_drawn_from_the_results(tmp_path: Path) -> None:
    """`python -m benchmarks.plot` reads the scaling variants of results.json; the committed
    plot is the one the committed results give (make bench redraws both)."""
    if importlib.util.find_spec("matplotlib") is None:
        message = "matplotlib (the docs extra) is not installed: make .venv/.docs-installed"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    from benchmarks import plot

    results = json.loads(plot.RESULTS.read_text())
    series = plot.series(results)
    assert list(series) == ["batch", "python", "js", "jslib"]
    assert [n for n, _, _ in series["batch"]] == [10, 100, 1000]
    assert series["batch"][0][1] == results["variants"]["d-batch-10"]["median"]["wall_s"]
    paths = plot.plot(results, tmp_path)
    assert [path.name for path in paths] == ["scaling.png", "scaling.svg"]
    assert paths[0].read_bytes().startswith(b"\x89PNG")
    assert paths[1].read_bytes() == (ROOT / "benchmarks" / "scaling.svg").read_bytes()
    with pytest.raises(SystemExit, match="no scaling variants"):
        plot.plot({"variants": {}}, tmp_path)
