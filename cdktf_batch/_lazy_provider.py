"""Load the provider bindings lazily, on both sides of jsii.

Importing ``cdktf_cdktf_provider_aws`` runs its ``__init__.py``, which imports all 2,212
resource modules (Python side), and loads its jsii assembly, whose ``lib/index.js`` requires
all 2,212 JavaScript modules (JavaScript side): 20 s and 700 MB before an app does anything.

:func:`install` (called when ``cdktf_batch`` is imported) puts a finder in front of the
provider packages that are not imported yet. When one is imported:

- Python: its ``__init__.py`` runs without the trailing ``from . import <module>`` lines; the
  package gets a module ``__getattr__`` and ``__dir__`` that import a submodule on first use, and
  jsii's FQN-to-module map learns every submodule, so an object of a type whose module was never
  imported still resolves to its Python class (jsii imports the module on demand).
- JavaScript: the kernel is given the derived package of :mod:`cdktf_batch._lazy_package`
  (same name and version, lazy ``lib/index.js``) before the provider's own load call, which the
  kernel then treats as already done.

Anything unexpected (unknown layout, no writable cache, a failed check) falls back to the normal
load with one :class:`~cdktf_batch.errors.LazyLoadingWarning`. ``CDKTF_BATCH_LAZY_PROVIDER=0``
turns all of it off; a provider imported before ``cdktf_batch`` is left alone.
"""

from __future__ import annotations

import atexit
import functools
import gc
import importlib
import importlib.abc
import importlib.machinery
import importlib.metadata
import json
import os
import re
import sys
import types
import typing
import warnings
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from cdktf_batch import _kernel_channel, _lazy_package
from cdktf_batch.errors import LazyLoadingWarning

SWITCH = "CDKTF_BATCH_LAZY_PROVIDER"
CACHE_DIR = "CDKTF_BATCH_CACHE_DIR"
PACKAGES = ("cdktf_cdktf_provider_aws", "cdktf_cdktf_provider_docker")

_OFF = {"0", "false", "no", "off"}
_VERIFY_TIMEOUT = 300.0


def enabled() -> bool:
    return os.environ.get(SWITCH, "1").strip().lower() not in _OFF


def install() -> None:
    """Make the provider packages not imported yet load lazily (idempotent)."""
    if not enabled() or any(isinstance(finder, _LazyProviderFinder) for finder in sys.meta_path):
        return
    _kernel_channel.spawn(cache_root())
    _kernel_channel.install(cache_root, warn)
    _kernel_channel.start_early()
    pending = frozenset(package for package in PACKAGES if package not in sys.modules)
    if pending:
        sys.meta_path.insert(0, _LazyProviderFinder(pending))
        # Registered before jsii's own exit handler, so it runs after it (atexit is last in,
        # first out): the interpreter's final garbage collection then skips the provider's
        # tens of thousands of objects, about a tenth of a second of every synth. Only what is
        # still alive at exit is concerned, which the operating system frees anyway.
        atexit.register(gc.freeze)


class _LazyProviderFinder(importlib.abc.MetaPathFinder):
    def __init__(self, packages: frozenset[str]) -> None:
        self._packages = packages

    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        package, _, submodule = fullname.partition(".")
        if package not in self._packages or "." in submodule or submodule.startswith("_"):
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or not isinstance(spec.loader, importlib.machinery.SourceFileLoader):
            return None
        spec.loader = _SubmoduleLoader(spec.loader) if submodule else _LazyPackageLoader(spec.loader)
        return spec


class _LazyPackageLoader(importlib.abc.Loader):
    def __init__(self, original: importlib.machinery.SourceFileLoader) -> None:
        self._original = original

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return None  # the default module object

    def exec_module(self, module: ModuleType) -> None:
        name = module.__name__
        source = self._original.get_source(name) or ""
        package_dir = Path(self._original.path).parent
        try:
            head, submodules = split_package_source(source)
            provider = _lazy_package.read_provider(package_dir)
            if not type_resolution_supported():
                raise _lazy_package.LayoutError("this jsii cannot import a type's module on demand")
        except _lazy_package.LayoutError as error:
            warn(f"{name} is imported as usual (all of it): {error}")
            exec(compile(source, self._original.path, "exec"), module.__dict__)
            return
        _load_javascript(name, package_dir, provider)
        exec(compile(head, self._original.path, "exec"), module.__dict__)
        public = sys.modules[name]  # publication.publish() swaps in the public module
        if set(getattr(public, "__all__", ())) != set(submodules):
            warn(f"{name} is imported as usual (all of it): its __all__ differs from its imports")
            for submodule in submodules:
                importlib.import_module(f"{name}.{submodule}")
            return
        _make_lazy(public, submodules)
        _register_type_modules(name, provider.assembly, submodules)


class _SubmoduleLoader(importlib.abc.Loader):
    """Loads a provider submodule as usual, then gives it type hints that are computed once.

    Every generated constructor and setter runs ``typing.get_type_hints(<stub>)`` before its
    typeguard checks, on every call: about half a millisecond each, twice per resource. The
    stubs never change, so the module's ``typing`` is swapped (after it ran) for a copy of
    ``typing`` whose ``get_type_hints`` remembers its answer per stub. And each argument of a
    resource's config struct is checked, most of them ``None`` for an optional argument: the
    module's ``check_type`` answers those without typeguard. Every check still gives the same
    verdict as before.

    The module's code is also compiled with postponed evaluation of annotations (PEP 563):
    Python then no longer builds the ``typing`` objects of every signature while the module
    runs (half of its import time); the type checks evaluate the few they use, once. Its
    lookup of typeguard's version (a scan of the installed distributions, per module) is
    answered once per process. That code is kept in cdktf_batch's cache directory, never in
    the package's ``__pycache__``.

    Calls that come from cdktf_batch's own modules skip the checks: that code is checked
    statically (``mypy --strict``) against these same signatures, and the kernel still checks
    every value it receives. Calls from anywhere else (the user's code) are checked as before.
    """

    def __init__(self, original: importlib.machinery.SourceFileLoader) -> None:
        self._original = original

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._original.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        code = _postponed_annotations_code(self._original, module.__name__)
        if code is None:
            self._original.exec_module(module)
        else:
            exec(code, module.__dict__)
        if vars(module).get("typing") is typing:
            module.typing = _TYPING  # type: ignore[attr-defined]
        check = vars(module).get("check_type")
        if callable(check):
            module.check_type = _none_passes_quickly(check)  # type: ignore[attr-defined]


_CODE_VERSION = 2  # bump when the compiled form changes

# Each generated module asks importlib.metadata for typeguard's version when it runs.
_VERSION_IMPORT = b"from importlib.metadata import version as _metadata_package_version"
_REMEMBERED_VERSION_IMPORT = b"from cdktf_batch._lazy_provider import package_version as _metadata_package_version"


@functools.cache
def package_version(distribution: str) -> str:
    """``importlib.metadata.version``, looked up once per distribution and process."""
    return importlib.metadata.version(distribution)


def _postponed_annotations_code(loader: importlib.machinery.SourceFileLoader, name: str) -> Any:
    """The module's code compiled with ``from __future__ import annotations``, from the cache.

    None when the cache cannot be used: the module is then loaded as usual.
    """
    import __future__

    import marshal

    path = Path(loader.path)
    try:
        stat = path.stat()
        cache = (
            cache_root()
            / "bytecode"
            / f"{sys.implementation.cache_tag}-v{_CODE_VERSION}"
            / f"{name}.{stat.st_size}.{stat.st_mtime_ns}.bin"
        )
        try:
            return marshal.loads(cache.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            pass
        source = path.read_bytes().replace(_VERSION_IMPORT, _REMEMBERED_VERSION_IMPORT)
        code = compile(source, str(path), "exec", flags=__future__.annotations.compiler_flag, dont_inherit=True)
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps(code))
        os.replace(temporary, cache)
        return code
    except (OSError, SyntaxError, ValueError):
        return None


def _typing_with_remembered_hints() -> ModuleType:
    remembered: dict[Any, dict[str, Any]] = {}

    def get_type_hints(
        obj: Any, globalns: Any = None, localns: Any = None, include_extras: bool = False
    ) -> dict[str, Any]:
        if globalns is not None or localns is not None or include_extras:
            return typing.get_type_hints(obj, globalns, localns, include_extras)
        if _called_from_cdktf_batch():
            return _UNCHECKED
        hints = remembered.get(obj)
        if hints is None:
            hints = remembered[obj] = typing.get_type_hints(obj)
        return hints

    shim = ModuleType("typing", typing.__doc__)
    shim.__dict__.update({key: value for key, value in vars(typing).items() if not key.startswith("__")})
    shim.get_type_hints = get_type_hints  # type: ignore[attr-defined]
    return shim


class _Unchecked(dict[str, Any]):
    """Type hints that declare every argument ``Any``: the checks then pass at once."""

    def __missing__(self, key: str) -> Any:
        return typing.Any


_UNCHECKED = _Unchecked()


def _called_from_cdktf_batch() -> bool:
    """Whether the provider code running now was called by cdktf_batch's own code.

    Walks out of the provider bindings' frames (a resource's constructor builds its config
    struct, whose constructor checks it) and jsii's (its metaclass calls ``__init__``) to the
    first frame of anything else.
    """
    frame = sys._getframe(2)  # 0: here, 1: get_type_hints, 2: the generated code
    while frame is not None:
        module = str(frame.f_globals.get("__name__", ""))
        package = module.partition(".")[0]
        if package != "jsii" and not package.startswith("cdktf_cdktf_provider_"):
            return package == "cdktf_batch"
        frame = frame.f_back  # type: ignore[assignment]
    return False


_TYPING = _typing_with_remembered_hints()


def _none_passes_quickly(check_type: Any) -> Any:
    """``check_type`` that lets ``None`` through at once where the expected type is optional."""

    def quick_check_type(argname: str, value: object, expected_type: Any) -> Any:
        if expected_type is typing.Any or (value is None and _allows_none(expected_type)):
            return None
        return check_type(argname=argname, value=value, expected_type=expected_type)

    return quick_check_type


def _allows_none(expected_type: Any) -> bool:
    # Optional[X] is Union[X, None]; typeguard accepts None for it and for Any, and for nothing
    # else that the generated code declares.
    if expected_type is typing.Any:
        return True
    origin = typing.get_origin(expected_type)
    return (origin is typing.Union or origin is types.UnionType) and type(None) in typing.get_args(expected_type)


_PUBLISH = "publication.publish()"
_IMPORT_SUBMODULE = re.compile(r"^from \. import (\w+)$")


def split_package_source(source: str) -> tuple[str, list[str]]:
    """The package source up to its ``publication.publish()``, and the submodules it then imports."""
    lines = source.splitlines(keepends=True)
    ends = [index for index, line in enumerate(lines) if line.strip() == _PUBLISH]
    if not ends:
        raise _lazy_package.LayoutError("no publication.publish() call")
    submodules: list[str] = []
    for line in lines[ends[-1] + 1 :]:
        text = line.strip()
        if match := _IMPORT_SUBMODULE.match(text):
            submodules.append(match[1])
        elif text and not text.startswith("#"):
            raise _lazy_package.LayoutError(f"unexpected line after publish(): {text[:80]!r}")
    if not submodules:
        raise _lazy_package.LayoutError("no submodule imports after publish()")
    return "".join(lines[: ends[-1] + 1]), submodules


def _make_lazy(package: ModuleType, submodules: Sequence[str]) -> None:
    name = package.__name__
    known = frozenset(submodules)

    def import_submodule(attribute: str) -> Any:  # PEP 562: called for names the module lacks
        if attribute in known:
            return importlib.import_module(f"{name}.{attribute}")
        raise AttributeError(f"module {name!r} has no attribute {attribute!r}")

    def list_names() -> list[str]:
        return sorted(set(vars(package)) | known)

    package.__getattr__ = import_submodule  # type: ignore[method-assign]
    package.__dir__ = list_names  # type: ignore[method-assign]


def camel_case(submodule: str) -> str:
    """The JavaScript namespace of a Python submodule (``batch_job_queue`` -> ``batchJobQueue``)."""
    first, *rest = submodule.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


def _register_type_modules(package: str, assembly: str, submodules: Sequence[str]) -> None:
    # jsii resolves a type it has not seen by importing the module this map names for the
    # type's namespace (jsii._reference_map._try_import_type_module).
    from jsii import _reference_map

    _reference_map._submodule_fqn_map.update(
        {f"{assembly}.{camel_case(submodule)}": f"{package}.{submodule}" for submodule in submodules}
    )


def type_resolution_supported() -> bool:
    from jsii import _reference_map

    return hasattr(_reference_map, "_submodule_fqn_map") and hasattr(_reference_map, "_try_import_type_module")


# --- JavaScript side ---------------------------------------------------------------------


def _load_javascript(package: str, package_dir: Path, provider: _lazy_package.Provider) -> None:
    """Load the derived package into the kernel; on any failure warn and leave the normal load."""
    try:
        derived = _ready_derived_package(provider, package_dir)
        for dependency in provider.dependencies:
            importlib.import_module(f"{dependency}._jsii")
    except (_lazy_package.LayoutError, OSError, RuntimeError, ValueError) as error:
        warn(f"the jsii kernel loads all of {package} (the lazily loading package is unavailable: {error})")
        return
    import jsii

    jsii.kernel.load(provider.assembly, provider.version, str(derived))


def cache_root() -> Path:
    configured = os.environ.get(CACHE_DIR)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cdktf-batch"


def _ready_derived_package(provider: _lazy_package.Provider, package_dir: Path) -> Path:
    """The verified derived tarball for ``provider``, built and checked first if need be."""
    directory = cache_root() / "lazy-providers" / provider.assembly.lstrip("@").replace("/", "+") / provider.version
    derived = (
        directory
        / f"{provider.tarball.name.removesuffix('.jsii.tgz')}.lazy-v{_lazy_package.TRANSFORM_VERSION}.jsii.tgz"
    )
    record_path = derived.with_suffix(".json")
    stat = provider.tarball.stat()
    expected = {
        "original": str(provider.tarball),
        "original_size": stat.st_size,
        "original_mtime_ns": stat.st_mtime_ns,
        "jsii_cache_root": os.environ.get("JSII_RUNTIME_PACKAGE_CACHE_ROOT", ""),
    }
    record = _read_record(record_path)
    if (
        record is not None
        and all(record.get(key) == value for key, value in expected.items())
        and derived.is_file()
        and derived.stat().st_size == record.get("size")
        and _runtime_index_present(record.get("jsii_cache_entry"))
    ):
        return derived
    directory.mkdir(parents=True, exist_ok=True)
    if not os.access(directory, os.W_OK):
        raise OSError(f"{directory} is not writable")
    print(  # once per provider version and machine: tell why this run is slower
        f"cdktf_batch: preparing a lazily loading copy of {provider.assembly} {provider.version} "
        f"in {directory} (once per provider version)",
        file=sys.stderr,
    )
    exports = _lazy_package.derive_tarball(provider.tarball, derived)
    _lazy_package.verify_in_subprocess(
        provider, derived, _lazy_package.provider_probe(package_dir), timeout=_VERIFY_TIMEOUT
    )
    entry = _lazy_package.jsii_cache_entry(provider.assembly, provider.version, derived)
    for stale in directory.glob("*.lazy-v*.jsii.*"):  # what an older cdktf_batch derived
        if not stale.name.startswith(derived.name.removesuffix(".tgz")):
            stale.unlink(missing_ok=True)
    _write_record(
        record_path,
        {
            **expected,
            "size": derived.stat().st_size,
            "exports": len(exports),
            "jsii_cache_entry": None if entry is None else str(entry),
        },
    )
    return derived


def _read_record(path: Path) -> dict[str, Any] | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def _write_record(path: Path, record: dict[str, Any]) -> None:
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(temporary, path)


def _runtime_index_present(entry: object) -> bool:
    if entry is None:
        # jsii's package cache is off: there is no index to have.
        return not _lazy_package.jsii_package_cache_enabled()
    return isinstance(entry, str) and (Path(entry) / _lazy_package.RUNTIME_INDEX_MANIFEST).is_file()


_warned = False


def warn(message: str) -> None:
    """One warning per process: the first reason lazy loading was not (fully) used."""
    global _warned
    if _warned:
        return
    _warned = True
    warnings.warn(
        f"cdktf_batch: {message}. Synth works as without cdktf_batch, only slower; "
        f"set {SWITCH}=0 to skip lazy loading.",
        LazyLoadingWarning,
        stacklevel=3,
    )
