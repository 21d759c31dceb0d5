"""The documentation site (mkdocs.yml, docs/): it builds in strict mode (a broken link, a missing
page or a reference that does not resolve fails), documents every public name and the errors of
every public callable that can raise ``ValidationError``, shows a picture of each example stack
(Mermaid, rendered with no network) and the benchmark plot, and renders in a browser.

Runs on the cdktf run only (the Makefile leaves it out on cdktn: the docs extra is installed in
.venv alone). Without the docs extra the build is skipped, saying so; under CI it fails instead.
"""

from __future__ import annotations

import ast
import html
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
from typing import Any

import pytest

import cdktf_batch as batch
from tests import raises_check
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


CALLABLES = raises_check.public_callables(batch.__all__)
RAISING = [c for c in CALLABLES if c.raises]


@pytest.mark.parametrize("callable_", RAISING, ids=[c.name for c in RAISING])
def test_a_public_callable_that_can_raise_documents_it(callable_: raises_check.Callable) -> None:
    """The rule of ``tests/raises_check.py``: a public function, constructor, method, class method
    or static method of ``cdktf_batch.__all__`` whose code reaches a ``raise`` of
    ``ValidationError`` (or a subclass), through the package's own functions, methods and
    constructors, has a Google-style ``Raises:`` section naming that error (for a class, in its
    docstring or its ``__init__``'s, which the site shows together)."""
    assert raises_check.documents_raises(callable_.docstring), (
        f"cdktf_batch.{callable_.name} ({callable_.module}) can raise ValidationError but its docstring has no "
        "'Raises:' section naming it: say which argument and what condition"
    )


def test_the_raises_rule_finds_the_public_api() -> None:
    raising = {c.name for c in RAISING}
    assert {
        "ComputeEnvironment",  # a construct: its checks and its placement's
        "ComputeResources",  # a value object checking itself (__post_init__)
        "JobQueue.add_compute_environment",  # a mutator
        "JobDefinition.from_job_definition_name",  # a factory, through the class it builds
        "Schedule.cron",  # a static method raising fail(...) itself
        "grant_submit_job",  # a function, through the engine check
        "rbac_manifest",  # a function, through a value object it builds
    } <= raising
    # Checked by the construct that takes it, with the construct's argument path: not on its own.
    assert "JobQueueComputeEnvironment" not in raising and "JobQueueComputeEnvironment" in {c.name for c in CALLABLES}
    assert len(raising) >= 80


SCRATCH_VALIDATION = """
class ValidationError(ValueError):
    pass

def fail(argument, allowed):
    return ValidationError(f"{argument}: {allowed}")

def check_positive(argument, value):
    if value < 0:
        raise fail(argument, "must be positive")
"""
SCRATCH_API = """
from cdktf_batch._validation import check_positive

__all__ = ["Thing", "checked"]

def _inner(value):
    check_positive("x", value)

class Thing:
    '''A thing.'''

    def __init__(self, x):
        _inner(x)

    def grow(self, y):
        '''Grows.'''
        self._grow(y)

    def _grow(self, y):
        check_positive("y", y)

    def name(self):
        '''Checks nothing.'''
        return "thing"

def checked(x):
    '''Checks x.

    Raises:
        ValidationError: ``x`` below 0.
    '''
    check_positive("x", x)
"""


def test_the_raises_rule_notices_a_missing_section(tmp_path: Path) -> None:
    """On a scratch package: a constructor and a method that reach a check through helpers
    lack the section; a method that checks nothing needs none; a documented function passes."""
    package = tmp_path / "cdktf_batch"
    package.mkdir()
    (package / "_validation.py").write_text(SCRATCH_VALIDATION)
    (package / "api.py").write_text(SCRATCH_API)
    found = {c.name: c for c in raises_check.public_callables(["Thing", "checked"], package)}
    assert {name: c.raises for name, c in found.items()} == {
        "Thing": True,
        "Thing.grow": True,
        "Thing.name": False,
        "checked": True,
    }
    missing = [name for name, c in found.items() if c.raises and not raises_check.documents_raises(c.docstring)]
    assert missing == ["Thing", "Thing.grow"]


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


def chromium() -> str:
    """Debian's ``chromium`` package; the browser tests skip where none is installed (it is not a
    Python dependency)."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("no chromium on PATH (apt-get install chromium)")
    return browser


def test_a_page_renders_in_a_browser(site: Path, tmp_path: Path) -> None:
    """A screenshot of a guide with headless Chromium: the page is drawn, not blank."""
    browser = chromium()
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


# Put before the theme's scripts: records the shadow roots Material draws Mermaid's SVG into
# (closed ones, which the page's DOM does not show) and writes what they hold into the page.
PROBE = """<script>
(function () {
  const roots = [];
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    roots.push(root);
    return root;
  };
  function report() {
    const svgs = roots.map((root) => root.querySelector("svg")).filter(Boolean);
    let out = document.getElementById("probe");
    if (!out) {
      out = document.createElement("pre");
      out.id = "probe";
      document.body.appendChild(out);
    }
    out.textContent = JSON.stringify({svgs: svgs.length, text: svgs.map((svg) => svg.textContent).join(" ")});
  }
  window.addEventListener("load", () => setInterval(report, 250));
})();
</script>"""


def rendered_diagrams(browser: str, site: Path, home: Path) -> dict[str, Any]:
    """What headless Chromium drew of the stacks page of ``site``, with every request off the
    machine failing (no proxy answers, no name resolves)."""
    page = site / "stacks" / "index.html"
    probe = page.with_name("probe.html")
    probe.write_text(page.read_text().replace("<head>", f"<head>{PROBE}", 1))
    result = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=30000",
         "--proxy-server=http://127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
         "--dump-dom", probe.as_uri()],
        capture_output=True, text=True, timeout=180, check=True, env={**os.environ, "HOME": str(home)},
    )  # fmt: skip
    match = re.search(r'<pre id="probe">(.*?)</pre>', result.stdout, re.DOTALL)
    assert match, result.stdout[-2000:] + result.stderr[-2000:]
    return json.loads(html.unescape(match.group(1)))  # type: ignore[no-any-return]


def test_the_stack_pictures_render_with_no_network(site: Path, tmp_path: Path) -> None:
    """Mermaid comes with the site (docs/hooks.py copies it from node_modules): every diagram of
    the stacks page becomes an SVG in a browser that can reach nothing but the files. Without the
    copied file the same page draws nothing (the theme would fetch Mermaid from unpkg.com), which
    shows that the browser really is cut off."""
    browser = chromium()
    for path in site.rglob("*.html"):
        assert not re.search(r'<script[^>]+src="(https?:)?//', path.read_text()), f"{path} loads a script from the web"
    assert (site / "js" / "mermaid.min.js").stat().st_size > 1_000_000
    diagrams = (site / "stacks" / "index.html").read_text().count('class="mermaid"')
    assert diagrams >= 3
    drawn = rendered_diagrams(browser, site, tmp_path)
    assert drawn["svgs"] == diagrams
    assert "order 1" in drawn["text"] and "FairShareQueue" in drawn["text"]

    cut = tmp_path / "site-without-mermaid"
    shutil.copytree(site, cut)
    (cut / "js" / "mermaid.min.js").unlink()
    assert rendered_diagrams(browser, cut, tmp_path)["svgs"] == 0


def test_the_readme_shows_the_plot_and_links_into_the_docs() -> None:
    """The README keeps what a new user needs first and points into docs/ for the rest: its
    relative links name files of the repository (and headings of them), and it shows the
    benchmark plot (the stack picture: tests/test_diagram.py)."""
    readme = (ROOT / "README.md").read_text()
    assert "![Synth time and peak memory against the number of job definitions](benchmarks/scaling.svg)" in readme
    links = re.findall(r"\]\(([^)#\s]+)(?:#([^)\s]+))?\)", readme)
    local = [(target, anchor) for target, anchor in links if not re.match(r"[a-z]+:", target)]
    assert len([target for target, _ in local if target.startswith("docs/")]) >= 15
    for target, anchor in local:
        path = ROOT / target
        assert path.exists(), f"README links to {target}, which does not exist"
        if anchor:
            headings = re.findall(r"^#+ (.+)$", path.read_text(), re.MULTILINE)
            slugs = {re.sub(r"\s+", "-", re.sub(r"[^\w\s-]", "", heading).strip().lower()) for heading in headings}
            assert anchor in slugs, f"README links to {target}#{anchor}: no such heading"


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
