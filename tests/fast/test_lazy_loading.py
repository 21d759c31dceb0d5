"""Lazy provider loading (cdktf_batch._fast.lazy_import, derived_package and derived_cache).

The example app must synthesize byte-identical output whether the provider loads lazily or not:
lazy (the default), switched off by CDKTF_BATCH_LAZY_PROVIDER=0, the provider imported before
cdktf_batch (left alone), a cache directory that cannot be written, and a provider version not
tested (one warning each, then the normal load). Those five run as concurrent subprocesses,
since the point is a fresh import.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cdktf_batch._fast import derived_cache, derived_package, lazy_import, settings
from tests import engine
from tests.fast.test_versions import fake_versions

ROOT = Path(__file__).resolve().parents[2]
AWS = "cdktf_cdktf_provider_aws"


def _package_dir(package: str) -> Path:
    import importlib.util

    spec = importlib.util.find_spec(package)
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent


def _environment(**changes: str | None) -> dict[str, str]:
    # These are cdktf's guarantees (tests/fast/test_cdktn.py has cdktn's), in either virtualenv.
    environment = dict(os.environ, CDKTF_BATCH_ENGINE="cdktf")
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


_DIAGNOSTICS = """
import json, sys
import jsii
from cdktf_batch import _fast
channel = _fast.channel()
pkg = sys.modules.get("cdktf_cdktf_provider_aws")
kernel = jsii.kernel.provider._process
loaded = [n for n in sys.modules if n.count(".") == 1 and n.startswith("cdktf_cdktf_provider_aws.") and "._" not in n]
print("DIAGNOSTICS " + json.dumps({
    "lazy": pkg is not None and "__getattr__" in vars(pkg),
    "submodules_loaded": len(loaded),
    "kernel_runtime": kernel._process.args[-1].rsplit("/", 1)[-1],
    "kernel_spawned_early": bool(channel and channel.session(kernel) and channel.session(kernel).spawned_early),
}))
"""


@pytest.fixture(scope="module")
def example_runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The example app synthesized five ways, side by side: {variant: {tree, stderr, diagnostics}}."""
    if engine.NAME != "cdktf":
        # The same cdktf, jsii and provider in both virtualenvs: these guarantees are checked
        # once, in the cdktf run (two of the five load the whole provider: minutes under load);
        # tests/fast/test_cdktn.py checks cdktn's in this run.
        pytest.skip("cdktf's lazy loading of the example app: checked in the cdktf run")
    base = tmp_path_factory.mktemp("lazy-equivalence")
    not_a_directory = base / "a-file"
    not_a_directory.write_text("the cache directory cannot be created under a file\n")
    run_example = "import runpy; runpy.run_module('examples.main', run_name='__main__')\n"
    variants: dict[str, tuple[str, dict[str, str]]] = {
        "lazy": ("import cdktf_batch\n" + run_example, _environment()),
        "switched_off": ("import cdktf_batch\n" + run_example, _environment(**{settings.SWITCH: "0"})),
        "provider_first": (f"import {AWS}, cdktf_batch\n" + run_example, _environment()),
        "unwritable_cache": (
            "import cdktf_batch\n" + run_example,
            _environment(**{settings.CACHE_DIR: str(not_a_directory / "cache")}),
        ),
        "untested_provider": (
            fake_versions(cdktf_cdktf_provider_docker="12.1.0") + "import cdktf_batch\n" + run_example,
            _environment(),
        ),
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


def test_example_app_is_byte_identical_with_and_without_lazy_loading(example_runs: dict[str, Any]) -> None:
    reference = example_runs["switched_off"]["tree"]
    assert any(name.endswith("cdk.tf.json") for name in reference)
    for variant in ("lazy", "provider_first", "unwritable_cache", "untested_provider"):
        tree = example_runs[variant]["tree"]
        assert sorted(tree) == sorted(reference), variant
        different = [name for name in tree if tree[name] != reference[name]]
        assert different == [], f"{variant}: {different}"


def test_lazy_by_default_loads_only_what_is_used(example_runs: dict[str, Any]) -> None:
    lazy = example_runs["lazy"]
    assert lazy["diagnostics"]["lazy"] is True
    assert 0 < lazy["diagnostics"]["submodules_loaded"] < 50
    assert "Warning" not in lazy["stderr"]


@pytest.mark.parametrize("variant", ["switched_off", "provider_first"])
def test_nothing_changes_when_switched_off_or_provider_imported_first(
    example_runs: dict[str, Any], variant: str
) -> None:
    run = example_runs[variant]
    assert run["diagnostics"] == {
        "lazy": False,
        "submodules_loaded": 2212,
        "kernel_runtime": "jsii-runtime.js",
        "kernel_spawned_early": False,
    }
    assert "Warning" not in run["stderr"]


def test_unwritable_cache_falls_back_with_one_warning(example_runs: dict[str, Any]) -> None:
    stderr = example_runs["unwritable_cache"]["stderr"]
    # The first thing to need the cache is the kernel's direct channel: its warning is the one.
    assert stderr.count("LazyLoadingWarning") == 1, stderr
    assert "the jsii kernel is reached through its usual relay process (cannot write" in stderr
    assert f"{settings.SWITCH}=0" in stderr
    diagnostics = example_runs["unwritable_cache"]["diagnostics"]
    assert diagnostics["kernel_runtime"] == "jsii-runtime.js"
    # The Python side needs no cache: it stays lazy.
    assert diagnostics["lazy"] is True


def test_untested_provider_version_loads_that_provider_as_usual_with_one_warning(example_runs: dict[str, Any]) -> None:
    stderr = example_runs["untested_provider"]["stderr"]
    assert stderr.count("LazyLoadingWarning") == 1, stderr
    assert "cdktf_cdktf_provider_docker is imported as usual (all of it): cdktf-cdktf-provider-docker 12.1.0" in stderr
    diagnostics = example_runs["untested_provider"]["diagnostics"]
    assert diagnostics["lazy"] is True  # the AWS provider, tested, stays lazy
    assert diagnostics["kernel_runtime"] == "entry.js"


def test_kernel_runs_without_relay_by_default(example_runs: dict[str, Any]) -> None:
    assert example_runs["lazy"]["diagnostics"]["kernel_runtime"] == "entry.js"
    # This test process prepared the runtime: the example's kernel started before jsii's import.
    assert example_runs["lazy"]["diagnostics"]["kernel_spawned_early"] is True
    assert "Warning" not in example_runs["lazy"]["stderr"]


_PROBE = """
import json, sys, jsii
import cdktf_batch
import cdktf_cdktf_provider_aws as aws
from cdktf import App, TerraformStack
from jsii._kernel import _make_reference_for_native
from jsii._kernel.types import CreateRequest

def submodules():
    return sorted(n for n in sys.modules if n.count(".") == 1 and n.startswith("cdktf_cdktf_provider_aws.") and "._" not in n)

report = {"before": submodules()}
from cdktf_cdktf_provider_aws import s3_bucket                      # from-import of a submodule
report["from_import"] = s3_bucket.S3Bucket.__module__
report["attribute"] = aws.iam_role.IamRole.__module__                 # attribute access
report["dir_has_all"] = set(aws.__all__) <= set(dir(aws))
report["all"] = len(aws.__all__)
report["unknown"] = hasattr(aws, "no_such_module")

# An object made on the JavaScript side, of a type whose Python module was never imported:
# jsii must import batch_job_queue to give it its Python class.
stack = TerraformStack(App(), "probe")
assert "cdktf_cdktf_provider_aws.batch_job_queue" not in sys.modules
jsii.kernel.provider.create(CreateRequest(
    fqn="@cdktf/provider-aws.batchJobQueue.BatchJobQueue",
    args=_make_reference_for_native(jsii.kernel, [stack, "Queue", {"name": "q", "priority": 1, "state": "ENABLED"}]),
))
child = stack.node.find_child("Queue")
report["js_object"] = [type(child).__module__, type(child).__name__, child.terraform_resource_type]
report["after"] = submodules()
print("REPORT " + json.dumps(report))
"""


def test_provider_package_behaves_as_usual_when_lazy() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", _PROBE],
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
    assert report["all"] == 2212
    assert report["unknown"] is False
    assert report["js_object"] == [f"{AWS}.batch_job_queue", "BatchJobQueue", "aws_batch_job_queue"]
    assert report["after"] == [f"{AWS}.{name}" for name in ("batch_job_queue", "iam_role", "s3_bucket")]
    # The kernel got the derived package first; the provider's own load call was then a no-op.
    loads = [line for line in completed.stderr.splitlines() if line.startswith("> ") and '"api":"load"' in line]
    aws_loads = [json.loads(line[2:])["tarball"] for line in loads if '"@cdktf/provider-aws"' in line]
    assert len(aws_loads) == 2
    assert ".lazy-v" in aws_loads[0] and str(settings.cache_root()) in aws_loads[0]
    assert aws_loads[1].endswith("provider-aws@21.22.1.jsii.tgz")
    assert "look up already-loaded assembly @cdktf/provider-aws" in completed.stderr


def test_this_session_loads_the_provider_lazily() -> None:
    # conftest imports cdktf_batch before anything imports a provider (of the suite's engine);
    # one submodule of it, as any test would, also when this test runs alone.
    assert engine.aws.iam_role.__name__ == f"{engine.AWS_PACKAGE[engine.NAME]}.iam_role"
    imported = [package for package in ("cdktf_cdktf_provider_aws", "cdktn_provider_aws") if package in sys.modules]
    assert imported
    for package in imported:
        assert "__getattr__" in vars(sys.modules[package])
        assert len([name for name in sys.modules if name.startswith(f"{package}.")]) < 200


@pytest.mark.parametrize("package", ["cdktf_cdktf_provider_aws", "cdktf_cdktf_provider_docker"])
def test_real_index_becomes_lazy_and_matches_python_submodules(package: str) -> None:
    provider = derived_package.read_provider(_package_dir(package))
    with tarfile.open(provider.tarball, "r:gz") as archive:
        member = archive.extractfile(derived_package.INDEX_MEMBER)
        assert member is not None
        source = member.read().decode("utf-8")
    text, exports = derived_package.lazy_index(source)
    _head, submodules = lazy_import.split_package_source((_package_dir(package) / "__init__.py").read_text())
    # jsii resolves a type's module through these names: they must be exactly the JS exports.
    assert {lazy_import.camel_case(name) for name in submodules} == set(exports)
    assert text.count("\nlazy(") == len(exports) == len(submodules)
    assert "require(" not in text.replace("require(path)", "")


def test_runtime_index_of_the_derived_package_is_complete() -> None:
    provider = derived_package.read_provider(_package_dir(AWS))
    directory = settings.cache_root() / "lazy-providers" / "cdktf+provider-aws" / provider.version
    (folder,) = [path for path in directory.glob(f"*-v{derived_package.TRANSFORM_VERSION}") if path.is_dir()]
    record = json.loads((folder / "record.json").read_text())
    derived = next(folder.glob("*.lazy-v*.jsii.tgz"))
    assert record["sha256"] == hashlib.sha256(derived.read_bytes()).hexdigest()
    entry = derived_cache.jsii_cache_entry(provider, record["jsii_digest"])
    assert entry is not None and entry.is_dir()
    assert (entry / derived_cache.RUNTIME_INDEX_MANIFEST).is_file()
    assert record["runtime_index"] == {
        name: (entry / name).stat().st_size for name in derived_cache.RUNTIME_INDEX_FILES
    }
    assert record["exports"] == 2212


# --- the transformation, on a small package made here ---------------------------------------

_INDEX = """"use strict";
/**
 * Copyright
 */
Object.defineProperty(exports, "__esModule", { value: true });
exports.beta = exports.alpha = void 0;
exports.alpha = require("./alpha");
exports.beta = require("./beta-module");
//# sourceMappingURL=data:application/json;base64,e30=
"""


def _write_package(path: Path, index: str, modules: dict[str, str], extra: dict[str, str] | None = None) -> None:
    files = {"package/package.json": '{"name": "demo", "version": "1.0.0", "main": "lib/index.js"}'}
    files["package/lib/index.js"] = index
    files.update({f"package/lib/{name}.js": body for name, body in modules.items()})
    files.update(extra or {})
    with tarfile.open(path, "w:gz") as archive:
        for name, body in files.items():
            data = body.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


_MODULES = {"alpha": "exports.value = 'a';", "beta-module": "exports.value = 'b';"}


def test_derived_tarball_is_reproducible_and_changes_only_what_the_runtime_never_reads(tmp_path: Path) -> None:
    modules = {
        **_MODULES,
        "alpha": "exports.value = 'a';\n//# sourceMappingURL=data:application/json;base64,e30=\n",
    }
    _write_package(
        tmp_path / "demo.tgz", _INDEX, modules, extra={"package/lib/alpha.d.ts": "export declare const value: string;"}
    )
    exports = derived_package.derive_tarball(tmp_path / "demo.tgz", tmp_path / "one.tgz")
    derived_package.derive_tarball(tmp_path / "demo.tgz", tmp_path / "two.tgz")
    assert exports == {"alpha": "./alpha", "beta": "./beta-module"}
    assert (tmp_path / "one.tgz").read_bytes() == (tmp_path / "two.tgz").read_bytes()

    def contents(path: Path) -> dict[str, bytes]:
        with tarfile.open(path) as archive:
            return {name: archive.extractfile(name).read() for name in archive.getnames()}  # type: ignore[union-attr]

    before, after = contents(tmp_path / "demo.tgz"), contents(tmp_path / "one.tgz")
    assert sorted(after) == sorted(name for name in before if not name.endswith(".d.ts"))
    assert after["package/lib/alpha.js"] == b"exports.value = 'a';\n"  # inline source map cut
    assert after["package/lib/beta-module.js"] == before["package/lib/beta-module.js"]
    assert after["package/package.json"] == before["package/package.json"]
    assert after[derived_package.INDEX_MEMBER] != before[derived_package.INDEX_MEMBER]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["demo.tgz", "one.tgz", "two.tgz"]


# The layout of cdktn's providers: TypeScript's interop helpers, then each module through one.
_HELPERS = """var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    Object.defineProperty(o, k2, { enumerable: true, get: function() { return m[k]; } });
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || function (mod) {
    if (mod && mod.__esModule) return mod;
    var result = {};
    if (mod != null) for (var k in mod) if (k !== "default" && Object.prototype.hasOwnProperty.call(mod, k)) __createBinding(result, mod, k);
    __setModuleDefault(result, mod);
    return result;
};
"""
_IMPORT_STAR = "var __importStar" + _HELPERS.split("var __importStar")[1]
_STAR_INDEX = (
    _INDEX.replace(
        'Object.defineProperty(exports, "__esModule"', _HELPERS + 'Object.defineProperty(exports, "__esModule"'
    )
    .replace('require("./alpha")', '__importStar(require("./alpha/index"))')
    .replace('require("./beta-module")', '__importStar(require("./beta-module/index"))')
)
_STAR_MODULES = {
    "alpha/index": 'Object.defineProperty(exports, "__esModule", { value: true });\nexports.value = "a";',
    "beta-module/index": "exports.value = 'b';",  # not an ES module: the helper wraps it
}


@pytest.mark.parametrize(("index", "modules"), [(_INDEX, _MODULES), (_STAR_INDEX, _STAR_MODULES)])
def test_lazy_index_requires_a_module_on_first_access_only(tmp_path: Path, index: str, modules: dict[str, str]) -> None:
    _write_package(tmp_path / "demo.tgz", index, modules)
    derived_package.derive_tarball(tmp_path / "demo.tgz", tmp_path / "lazy.tgz")
    with tarfile.open(tmp_path / "lazy.tgz") as archive:
        archive.extractall(tmp_path / "out", filter="data")
    script = """
const index = require(process.argv[1]);
const loaded = () => Object.keys(require.cache).filter((p) => p !== require.resolve(process.argv[1])).length;
const report = { keys: Object.keys(index), before: loaded() };
report.alpha = index.alpha.value;
report.afterAlpha = loaded();
report.same = index.alpha === index.alpha;
report.beta = index.beta.value;
report.afterBeta = loaded();
report.betaDefault = index.beta.default === undefined ? "none" : index.beta.default.value;
console.log(JSON.stringify(report));
"""
    node = os.environ.get("JSII_NODE", "node")
    completed = subprocess.run(
        [node, "-e", script, str(tmp_path / "out" / "package" / "lib" / "index.js")],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert json.loads(completed.stdout) == {
        "keys": ["alpha", "beta"],
        "before": 0,
        "alpha": "a",
        "afterAlpha": 1,
        "same": True,
        "beta": "b",
        "afterBeta": 2,
        # What the original index gives: a module that is not an ES module, wrapped by the helper.
        "betaDefault": "b" if index is _STAR_INDEX else "none",
    }


@pytest.mark.parametrize(
    ("index", "modules", "message"),
    [
        (_INDEX.replace('exports.alpha = require("./alpha");', "exports.alpha = 1;"), _MODULES, "unexpected line"),
        (_INDEX.replace("exports.beta = exports.alpha", "exports.alpha"), _MODULES, "declares other names"),
        (_INDEX, {"alpha": "exports.value = 'a';"}, "requires modules the package lacks: ./beta-module"),
        ('"use strict";\n', _MODULES, "exports nothing"),
        # cdktn's layout: a helper not known, one used but not defined, one after the exports.
        (_STAR_INDEX.replace("var __importStar", "var __importAll"), _STAR_MODULES, "unexpected line"),
        (_STAR_INDEX.replace(_IMPORT_STAR, ""), _STAR_MODULES, "uses a helper it does not define"),
        (
            _STAR_INDEX.replace(_IMPORT_STAR, "").replace(
                "//# sourceMappingURL", _IMPORT_STAR + "//# sourceMappingURL"
            ),
            _STAR_MODULES,
            "helper __importStar out of place",
        ),
    ],
)
def test_unexpected_index_layout_is_refused(tmp_path: Path, index: str, modules: dict[str, str], message: str) -> None:
    _write_package(tmp_path / "demo.tgz", index, modules)
    with pytest.raises(derived_package.LayoutError, match=message):
        derived_package.derive_tarball(tmp_path / "demo.tgz", tmp_path / "lazy.tgz")
    assert not (tmp_path / "lazy.tgz").exists()
    assert [path.name for path in tmp_path.iterdir()] == ["demo.tgz"]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("import x\n", "no publication.publish"),
        ("publication.publish()\n", "no submodule imports"),
        ("publication.publish()\nfrom . import a\nprint('side effect')\n", "unexpected line"),
    ],
)
def test_unexpected_package_layout_is_refused(source: str, message: str) -> None:
    with pytest.raises(derived_package.LayoutError, match=message):
        lazy_import.split_package_source(source)


def test_package_source_split_keeps_everything_before_the_submodule_imports() -> None:
    head, names = lazy_import.split_package_source(
        "__all__ = ['a', 'b']\npublication.publish()\n\n# Loading modules\nfrom . import a\nfrom . import b\n"
    )
    assert head == "__all__ = ['a', 'b']\npublication.publish()\n"
    assert names == ["a", "b"]


@pytest.mark.parametrize(
    ("value", "expected"), [(None, True), ("1", True), ("0", False), ("off", False), (" False ", False)]
)
def test_switch(monkeypatch: pytest.MonkeyPatch, value: str | None, expected: bool) -> None:
    if value is None:
        monkeypatch.delenv(settings.SWITCH, raising=False)
    else:
        monkeypatch.setenv(settings.SWITCH, value)
    assert settings.enabled() is expected


def test_cache_root_follows_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(settings.CACHE_DIR, str(tmp_path / "mine"))
    assert settings.cache_root() == tmp_path / "mine"
    monkeypatch.delenv(settings.CACHE_DIR)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert settings.cache_root() == tmp_path / "xdg" / "cdktf-batch"


def _cdktf_stack() -> Any:
    # cdktf's own (the suite's conftest builds on the engine CDKTF_BATCH_ENGINE names).
    from cdktf import App, TerraformStack

    return TerraformStack(App(), "test")


def test_provider_type_checks_still_run_with_remembered_hints() -> None:
    import typing

    from cdktf_cdktf_provider_aws.batch_job_queue import BatchJobQueue

    module = sys.modules[f"{AWS}.batch_job_queue._private"]
    assert module.typing is not typing
    stub = next(value for name, value in vars(module).items() if name.startswith("_typecheckingstub__"))
    # Compiled with postponed annotations: evaluated by the type checks, not at import.
    assert all(isinstance(annotation, str) for annotation in stub.__annotations__.values())
    assert module.typing.get_type_hints(stub) == typing.get_type_hints(stub)
    assert module.typing.get_type_hints(stub) is module.typing.get_type_hints(stub)
    with pytest.raises(TypeError, match="priority"):
        BatchJobQueue(_cdktf_stack(), "Queue", name="q", priority="high", state="ENABLED")


def test_quick_none_check_gives_typeguards_verdict() -> None:
    import typing

    from cdktf_cdktf_provider_aws.batch_job_queue import BatchJobQueue

    module = sys.modules[f"{AWS}.batch_job_queue._private"]
    assert module.check_type.__name__ == "quick_check_type"
    # None for a required argument is still refused, by typeguard itself.
    with pytest.raises(TypeError, match="name"):
        BatchJobQueue(_cdktf_stack(), "Queue", name=None, priority=1, state="ENABLED")  # type: ignore[arg-type]
    # The generated code spells these with typing (the forms tested), not with |.
    assert lazy_import._allows_none(typing.Optional[str])  # noqa: UP045
    assert lazy_import._allows_none(typing.Union[int, str, None])  # noqa: UP007
    assert lazy_import._allows_none(str | None)
    assert lazy_import._allows_none(typing.Any)
    assert not lazy_import._allows_none(str)
    assert not lazy_import._allows_none(typing.Union[int, str])  # noqa: UP007
    assert not lazy_import._allows_none(typing.Sequence[str | None])
