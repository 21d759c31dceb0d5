"""The fast path on CDK Terrain (cdktn): the guarantees of test_lazy_loading.py and
test_versions.py, for ``cdktn_provider_aws`` / ``cdktn_provider_docker``.

Their Python packages are already lazy (a module ``__getattr__``), their JavaScript side is not
(``lib/index.js`` requires all 2,433 modules through TypeScript's ``__importStar``): the fast
path derives the lazy JavaScript package and leaves the Python package's own ``__getattr__``
alone. Skipped where cdktn is not installed (the default ``.venv`` has cdktf only).

The apps, synthesized in fresh processes side by side: ``tests/fast/cdktn_app.py`` (plain
provider classes) with the fast path started as ``cdktf_batch/__init__.py`` starts it, alone (so
that the checks are about the fast path, whatever the library imports), and the example app
through the library with ``CDKTF_BATCH_ENGINE=cdktn``.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("cdktn")
pytest.importorskip("cdktn_provider_aws")  # (through the fast path: its derived package is built here)
pytest.importorskip("cdktn_provider_docker")

from cdktf_batch._fast import derived_cache, derived_package, lazy_import, settings, versions
from tests.fast.test_versions import fake_versions

ROOT = Path(__file__).resolve().parents[2]
AWS = "cdktn_provider_aws"
DOCKER = "cdktn_provider_docker"

# The fast path alone, as cdktf_batch/__init__.py starts it (without the library's modules).
ACTIVATE = (
    "import sys, types\n"
    "_package = types.ModuleType('cdktf_batch')\n"
    f"_package.__path__ = [{str(ROOT / 'cdktf_batch')!r}]\n"
    "sys.modules['cdktf_batch'] = _package\n"
    "from cdktf_batch import _fast\n"
    "_fast.activate()\n"
)
RUN_APP = "import runpy; runpy.run_module('tests.fast.cdktn_app', run_name='__main__')\n"
RUN_EXAMPLE = "import cdktf_batch, runpy; runpy.run_module('examples.main', run_name='__main__')\n"

_DIAGNOSTICS = """
import json, sys
import jsii
from cdktf_batch import _fast
channel = _fast.channel()
pkg = sys.modules.get("cdktn_provider_aws")
kernel = jsii.kernel.provider._process
loaded = [n for n in sys.modules if n.count(".") == 1 and n.startswith("cdktn_provider_aws.") and "._" not in n]
getattr_ = vars(pkg).get("__getattr__") if pkg is not None else None
print("DIAGNOSTICS " + json.dumps({
    "own_getattr": getattr(getattr_, "__module__", None) == "cdktn_provider_aws",
    "submodules_loaded": len(loaded),
    "kernel_runtime": kernel._process.args[-1].rsplit("/", 1)[-1],
    "kernel_spawned_early": bool(channel and channel.session(kernel) and channel.session(kernel).spawned_early),
    "other_engine": sorted(n for n in sys.modules if n.split(".")[0] in ("cdktf", "cdktf_cdktf_provider_aws")),
}))
"""


def _package_dir(package: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(package)
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent


def _environment(**changes: str | None) -> dict[str, str]:
    environment = dict(os.environ, CDKTF_BATCH_ENGINE="cdktn")
    environment.pop(settings.SWITCH, None)
    for key, value in changes.items():
        if value is None:
            environment.pop(key, None)
        else:
            environment[key] = value
    return environment


def _tree(directory: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(directory)): path.read_bytes() for path in sorted(directory.rglob("*")) if path.is_file()
    }


@pytest.fixture(scope="module")
def app_runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The cdktn app synthesized several ways, side by side: {variant: {tree, stderr, diagnostics}}."""
    base = tmp_path_factory.mktemp("cdktn-equivalence")
    variants: dict[str, tuple[str, dict[str, str]]] = {
        "lazy": (ACTIVATE + RUN_APP, _environment()),
        # Without the variable (and cdktf installed too): the kernel may load cdktf's assembly
        # ahead for nothing, but Python imports nothing of cdktf.
        "engine_unset": (ACTIVATE + RUN_APP, _environment(CDKTF_BATCH_ENGINE=None)),
        "switched_off": (ACTIVATE + RUN_APP, _environment(**{settings.SWITCH: "0"})),
        "provider_first": (f"import {AWS}\n" + ACTIVATE + RUN_APP, _environment()),
        "untested_provider": (fake_versions(cdktn_provider_docker="16.2.0") + ACTIVATE + RUN_APP, _environment()),
        "untested_engine": (fake_versions(cdktn="0.25.0") + ACTIVATE + RUN_APP, _environment()),
        # The example app through the library, on cdktn.
        "example": (RUN_EXAMPLE, _environment()),
        "example_switched_off": (RUN_EXAMPLE, _environment(**{settings.SWITCH: "0"})),
    }
    processes = {}
    for name, (code, environment) in variants.items():
        environment["CDKTF_OUTDIR"] = str(base / name)
        processes[name] = subprocess.Popen(
            [sys.executable, "-c", code + _DIAGNOSTICS],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    results: dict[str, Any] = {}
    for name, process in processes.items():
        stdout, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, f"{name}: {stderr[-3000:]}"
        line = next(line for line in stdout.splitlines() if line.startswith("DIAGNOSTICS "))
        results[name] = {
            "tree": _tree(base / name),
            "stderr": stderr,
            "diagnostics": json.loads(line.removeprefix("DIAGNOSTICS ")),
        }
    yield results


def test_example_app_on_cdktn_is_byte_identical_with_and_without_the_fast_path(app_runs: dict[str, Any]) -> None:
    reference, tree = app_runs["example_switched_off"]["tree"], app_runs["example"]["tree"]
    assert any(name.endswith("cdk.tf.json") for name in reference)
    assert sorted(tree) == sorted(reference)
    assert [name for name in tree if tree[name] != reference[name]] == []
    stack = json.loads(next(body for name, body in tree.items() if name.endswith("cdk.tf.json")))
    assert stack["//"]["metadata"]["version"] == "0.24.0"  # synthesized by cdktn
    diagnostics = app_runs["example"]["diagnostics"]
    assert diagnostics["own_getattr"] is True
    assert 0 < diagnostics["submodules_loaded"] < 50
    assert diagnostics["kernel_runtime"] == "entry.js"
    assert diagnostics["other_engine"] == []  # the library imported nothing of cdktf either
    assert "Warning" not in app_runs["example"]["stderr"]


def test_app_is_byte_identical_with_and_without_the_fast_path(app_runs: dict[str, Any]) -> None:
    reference = app_runs["switched_off"]["tree"]
    document = json.loads(next(body for name, body in reference.items() if name.endswith("cdk.tf.json")))
    assert sorted(document["resource"]) == [
        "aws_batch_compute_environment",
        "aws_batch_job_definition",
        "aws_batch_job_queue",
        "aws_batch_scheduling_policy",
    ]
    for variant in ("lazy", "engine_unset", "provider_first", "untested_provider", "untested_engine"):
        tree = app_runs[variant]["tree"]
        assert sorted(tree) == sorted(reference), variant
        different = [name for name in tree if tree[name] != reference[name]]
        assert different == [], f"{variant}: {different}"


@pytest.mark.parametrize("variant", ["lazy", "engine_unset"])
def test_fast_by_default_and_the_packages_own_getattr_kept(app_runs: dict[str, Any], variant: str) -> None:
    run = app_runs[variant]
    assert run["diagnostics"] == {
        "own_getattr": True,
        "submodules_loaded": 5,  # provider and the four batch_* modules
        "kernel_runtime": "entry.js",
        "kernel_spawned_early": True,
        "other_engine": [],  # nothing of cdktf imported
    }
    assert "Warning" not in run["stderr"]


@pytest.mark.parametrize("variant", ["switched_off", "provider_first"])
def test_nothing_changes_when_switched_off_or_provider_imported_first(app_runs: dict[str, Any], variant: str) -> None:
    run = app_runs[variant]
    assert run["diagnostics"]["kernel_runtime"] == "jsii-runtime.js"
    assert run["diagnostics"]["own_getattr"] is True
    assert run["diagnostics"]["other_engine"] == []
    assert "Warning" not in run["stderr"]


def test_untested_provider_version_loads_that_provider_as_usual_with_one_warning(app_runs: dict[str, Any]) -> None:
    run = app_runs["untested_provider"]
    assert run["stderr"].count("LazyLoadingWarning") == 1, run["stderr"]
    assert (
        f"{DOCKER} is imported as usual (all of it): cdktn-provider-docker 16.2.0 has not been tested" in run["stderr"]
    )
    assert run["diagnostics"]["kernel_runtime"] == "entry.js"  # the rest is as fast as ever


def test_untested_engine_version_gets_the_usual_path_with_one_warning(app_runs: dict[str, Any]) -> None:
    run = app_runs["untested_engine"]
    assert run["stderr"].count("LazyLoadingWarning") == 1, run["stderr"]
    assert "the provider bindings load as usual: cdktn 0.25.0 has not been tested with it" in run["stderr"]
    assert run["diagnostics"]["kernel_runtime"] == "jsii-runtime.js"
    assert run["diagnostics"]["other_engine"] == []


_PROBE = """
import json, sys, jsii
import cdktn_provider_aws as aws
from cdktn import App, TerraformStack
from jsii._kernel import _make_reference_for_native
from jsii._kernel.types import CreateRequest

def submodules():
    return sorted(n for n in sys.modules if n.count(".") == 1 and n.startswith("cdktn_provider_aws.") and "._" not in n)

report = {"before": submodules()}
from cdktn_provider_aws import s3_bucket                      # from-import of a submodule
report["from_import"] = s3_bucket.S3Bucket.__module__
report["attribute"] = aws.iam_role.IamRole.__module__          # attribute access
report["dir_has_all"] = set(aws.__all__) <= set(dir(aws))
report["all"] = len(aws.__all__)
report["unknown"] = hasattr(aws, "no_such_module")

# An object made on the JavaScript side, of a type whose Python module was never imported.
stack = TerraformStack(App(), "probe")
assert "cdktn_provider_aws.batch_job_queue" not in sys.modules
jsii.kernel.provider.create(CreateRequest(
    fqn="@cdktn/provider-aws.batchJobQueue.BatchJobQueue",
    args=_make_reference_for_native(jsii.kernel, [stack, "Queue", {"name": "q", "priority": 1, "state": "ENABLED"}]),
))
child = stack.node.find_child("Queue")
report["js_object"] = [type(child).__module__, type(child).__name__, child.terraform_resource_type]
report["after"] = submodules()

# The type checks: jsii's own, with a shortcut for None and cdktf_batch's calls exempted; a wrong
# value from the app is still refused.
private = sys.modules["cdktn_provider_aws.batch_job_queue._private"]
report["checks"] = [private.cached_type_hints.__name__, private.check_type.__name__]
try:
    type(child)(stack, "Wrong", name="q", priority="high", state="ENABLED")
    report["refused"] = None
except TypeError as error:
    report["refused"] = "priority" in str(error)
# The same kind of mistake made by cdktf_batch's code skips typeguard and is refused by the kernel.
namespace = {"__name__": "cdktf_batch._probe", "Queue": type(child), "stack": stack}
try:
    exec("Queue(stack, 'Trusted', name=123, priority=1, state='ENABLED')", namespace)
    report["trusted"] = None
except TypeError:
    report["trusted"] = "typeguard"
except Exception as error:
    report["trusted"] = "kernel" if "name" in str(error) else str(error)[:200]
print("REPORT " + json.dumps(report))
"""


def test_provider_package_behaves_as_usual_with_the_lazy_javascript_side() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", ACTIVATE + _PROBE],
        cwd=ROOT,
        env=_environment(JSII_DEBUG="1"),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    line = next(line for line in completed.stdout.splitlines() if line.startswith("REPORT "))
    report = json.loads(line.removeprefix("REPORT "))
    assert report["before"] == []
    assert report["from_import"] == f"{AWS}.s3_bucket"
    assert report["attribute"] == f"{AWS}.iam_role"
    assert report["dir_has_all"] is True
    assert report["all"] == 2433
    assert report["unknown"] is False
    assert report["js_object"] == [f"{AWS}.batch_job_queue", "BatchJobQueue", "aws_batch_job_queue"]
    assert report["after"] == [f"{AWS}.{name}" for name in ("batch_job_queue", "iam_role", "s3_bucket")]
    assert report["checks"] == ["type_hints", "quick_check_type"]
    assert report["refused"] is True
    assert report["trusted"] == "kernel"
    # The kernel got the derived package first; the provider's own load call was then a no-op.
    loads = [line for line in completed.stderr.splitlines() if line.startswith("> ") and '"api":"load"' in line]
    aws_loads = [json.loads(line[2:])["tarball"] for line in loads if '"@cdktn/provider-aws"' in line]
    assert len(aws_loads) == 2
    assert ".lazy-v" in aws_loads[0] and str(settings.cache_root()) in aws_loads[0]
    assert aws_loads[1].endswith("provider-aws@25.8.1.jsii.tgz")
    assert "look up already-loaded assembly @cdktn/provider-aws" in completed.stderr


@pytest.mark.parametrize("package", [AWS, DOCKER])
def test_real_index_becomes_lazy_and_matches_the_python_namespaces(package: str) -> None:
    provider = derived_package.read_provider(_package_dir(package))
    with tarfile.open(provider.tarball, "r:gz") as archive:
        member = archive.extractfile(derived_package.INDEX_MEMBER)
        assert member is not None
        source = member.read().decode("utf-8")
    text, exports = derived_package.lazy_index(source)
    # The Python package is already lazy: it runs as it is.
    assert lazy_import.package_layout((_package_dir(package) / "__init__.py").read_text()) is None
    # jsii resolves a type's module through the package's own FQN map: the same namespaces.
    fqn_map = (_package_dir(package) / "_jsii" / "__init__.py").read_text()
    namespaces = {
        line.split('"')[1].removeprefix(f"{provider.assembly}.")
        for line in fqn_map.splitlines()
        if line.startswith(f'    "{provider.assembly}.')
    }
    assert namespaces == set(exports)
    assert text.count("\nlazy(") == len(exports)
    assert text.count(", __importStar);\n") == len(exports)  # each module through TypeScript's helper
    assert "require(" not in text.replace("require(path)", "")


def test_derived_package_is_built_verified_and_its_runtime_index_complete() -> None:
    provider = derived_package.read_provider(_package_dir(AWS))
    assert provider.assembly == "@cdktn/provider-aws"
    assert provider.dependencies == ("cdktn", "constructs")
    directory = settings.cache_root() / "lazy-providers" / "cdktn+provider-aws" / provider.version
    (folder,) = [path for path in directory.glob(f"*-v{derived_package.TRANSFORM_VERSION}") if path.is_dir()]
    record = json.loads((folder / "record.json").read_text())
    derived = next(folder.glob("*.lazy-v*.jsii.tgz"))
    assert record["sha256"] == hashlib.sha256(derived.read_bytes()).hexdigest()
    entry = derived_cache.jsii_cache_entry(provider, record["jsii_digest"])
    assert entry is not None and entry.is_dir()
    assert record["runtime_index"] == {
        name: (entry / name).stat().st_size for name in derived_cache.RUNTIME_INDEX_FILES
    }
    assert record["exports"] == 2433


def test_the_cdktn_versions_are_tested() -> None:
    for distribution in ("cdktn", "cdktn-provider-aws", "cdktn-provider-docker"):
        assert versions.untested(distribution) is None, distribution
    assert versions.engine_of(AWS).name == versions.engine_of(DOCKER).name == "cdktn"
