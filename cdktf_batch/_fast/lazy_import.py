"""Load the provider bindings lazily, on both sides of jsii.

Importing ``cdktf_cdktf_provider_aws`` runs its ``__init__.py``, which imports all 2,212
resource modules (Python side), and loads its jsii assembly, whose ``lib/index.js`` requires
all 2,212 JavaScript modules (JavaScript side): 20 s and 700 MB before an app does anything.
CDK Terrain's ``cdktn_provider_aws`` is already lazy in Python (a module ``__getattr__``), but
its ``lib/index.js`` still requires all 2,433 modules: 6 s and 800 MB.

:func:`install` puts a finder in front of the provider packages that are not imported yet.
When one is imported:

- Python (a package that imports all its submodules; one that is already lazy runs as it
  is): its ``__init__.py`` runs without the trailing ``from . import <module>`` lines; the
  package gets a module ``__getattr__`` and ``__dir__`` that import a submodule on first use, and
  jsii's FQN-to-module map learns every submodule, so an object of a type whose module was never
  imported still resolves to its Python class (jsii imports the module on demand).
- JavaScript: the kernel is given the derived package (:mod:`cdktf_batch._fast.derived_package`,
  same name and version, lazy ``lib/index.js``) before the provider's own load call, which the
  kernel then treats as already done.
- Each submodule is loaded with type checks that cost less (see :class:`_SubmoduleLoader`).

Anything unexpected (a provider version not tested, an unknown layout, no writable cache, a
failed check) falls back to the normal load with one warning.
"""

from __future__ import annotations

import atexit
import functools
import gc
import importlib
import importlib.abc
import importlib.machinery
import importlib.metadata
import re
import sys
import types
import typing
import zlib
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from cdktf_batch._fast import cache as cache_files
from cdktf_batch._fast import derived_cache, derived_package, settings, versions
from cdktf_batch._fast.derived_package import LayoutError


def install(packages: Sequence[str]) -> None:
    """Make those of ``packages`` not imported yet load lazily (idempotent)."""
    if any(isinstance(finder, _LazyProviderFinder) for finder in sys.meta_path):
        return
    pending = frozenset(package for package in packages if package not in sys.modules)
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
        # The packages that passed their checks -> whether their submodules are compiled again
        # (pacmak's older output, whose annotations are evaluated when a module runs).
        self._lazy: dict[str, bool] = {}

    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        package, _, submodule = fullname.partition(".")
        if package not in self._packages or "." in submodule or submodule.startswith("_"):
            return None
        if submodule and package not in self._lazy:
            return None  # its package is imported as usual: so is the submodule
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or not isinstance(spec.loader, importlib.machinery.SourceFileLoader):
            return None
        spec.loader = (
            _SubmoduleLoader(spec.loader, recompile=self._lazy[package])
            if submodule
            else _LazyPackageLoader(spec.loader, self._lazy)
        )
        return spec


class _LazyPackageLoader(importlib.abc.Loader):
    def __init__(self, original: importlib.machinery.SourceFileLoader, lazy: dict[str, bool]) -> None:
        self._original = original
        self._lazy = lazy

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return None  # the default module object

    def exec_module(self, module: ModuleType) -> None:
        name = module.__name__
        source = self._original.get_source(name) or ""
        package_dir = Path(self._original.path).parent
        engine = versions.engine_of(name)
        try:
            layout = package_layout(source)
            provider = derived_package.read_provider(package_dir)
            untested = versions.untested(engine.name, versions.PROVIDERS[name])
            if untested is not None:
                raise LayoutError(untested)
            if not type_resolution_supported():
                raise LayoutError("this jsii cannot import a type's module on demand")
        except LayoutError as error:
            exec(compile(source, self._original.path, "exec"), module.__dict__)
            settings.warn(f"{name} is imported as usual (all of it): {error}")
            return
        self._lazy[name] = layout is not None
        _load_javascript(name, package_dir, provider)
        if layout is None:
            # Already lazy in Python (a module __getattr__ over its submodules, which jsii's own
            # load registers for type resolution): it runs as it is, from its cached bytecode.
            self._original.exec_module(module)
            return
        head, submodules = layout
        exec(compile(head, self._original.path, "exec"), module.__dict__)
        public = sys.modules[name]  # publication.publish() swaps in the public module
        if set(getattr(public, "__all__", ())) != set(submodules):
            del self._lazy[name]
            for submodule in submodules:
                importlib.import_module(f"{name}.{submodule}")
            settings.warn(f"{name} is imported as usual (all of it): its __all__ differs from its imports")
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

    Newer pacmak output (cdktn's providers) already does all that itself (postponed annotations,
    jsii's ``cached_type_hints`` and ``check_type``): such a module runs as it is, and only gets
    the ``None`` shortcut and the exemption below.

    Calls that come from cdktf_batch's own modules skip the checks (the kernel still checks
    every value it receives, and a wrong one fails there). Calls from anywhere else (the
    user's code) are checked as before.
    """

    def __init__(self, original: importlib.machinery.SourceFileLoader, *, recompile: bool) -> None:
        self._original = original
        self._recompile = recompile

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._original.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        code = _postponed_annotations_code(self._original, module.__name__) if self._recompile else None
        if code is None:
            self._original.exec_module(module)
        else:
            exec(code, module.__dict__)
        if vars(module).get("typing") is typing:
            module.typing = _TYPING  # type: ignore[attr-defined]
        hints = vars(module).get("cached_type_hints")
        if callable(hints):
            module.cached_type_hints = _unchecked_for_cdktf_batch(hints)  # type: ignore[attr-defined]
        check = vars(module).get("check_type")
        if callable(check):
            module.check_type = _none_passes_quickly(check)  # type: ignore[attr-defined]


_CODE_VERSION = 4  # bump when the compiled form changes

# Each generated module asks importlib.metadata for typeguard's version when it runs.
_VERSION_IMPORT = b"from importlib.metadata import version as _metadata_package_version"
_REMEMBERED_VERSION_IMPORT = b"from cdktf_batch._fast.lazy_import import package_version as _metadata_package_version"


@functools.cache
def package_version(distribution: str) -> str:
    """``importlib.metadata.version``, looked up once per distribution and process."""
    return importlib.metadata.version(distribution)


def _postponed_annotations_code(loader: importlib.machinery.SourceFileLoader, name: str) -> Any:
    """The module's code compiled with ``from __future__ import annotations``, from the cache.

    Kept under the source's name, size and modification time, with a checksum: a damaged file
    is compiled again. None when the cache cannot be used: the module is then loaded as usual.
    """
    import __future__

    import marshal

    path = Path(loader.path)
    try:
        stat = path.stat()
        cache = (
            settings.cache_root()
            / "bytecode"
            / f"{sys.implementation.cache_tag}-v{_CODE_VERSION}"
            / f"{name}.{stat.st_size}.{stat.st_mtime_ns}.bin"
        )
        code = _read_code(cache)
        if code is not None:
            return code
        source = path.read_bytes().replace(_VERSION_IMPORT, _REMEMBERED_VERSION_IMPORT)
        code = compile(source, str(path), "exec", flags=__future__.annotations.compiler_flag, dont_inherit=True)
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache_files.remove_leftovers(cache.parent)  # a miss is rare: what a killed run left goes
        payload = marshal.dumps(code)
        cache_files.write_bytes(cache, zlib.crc32(payload).to_bytes(4, "big") + payload)
        return code
    except (OSError, SyntaxError, ValueError):
        return None


def _read_code(cache: Path) -> types.CodeType | None:
    import marshal

    try:
        data = cache.read_bytes()
    except OSError:
        return None
    checksum, payload = data[:4], data[4:]
    if len(checksum) != 4 or zlib.crc32(payload).to_bytes(4, "big") != checksum:
        return None
    try:
        code = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    return code if isinstance(code, types.CodeType) else None


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


def _unchecked_for_cdktf_batch(cached_type_hints: Any) -> Any:
    """jsii's ``cached_type_hints`` (newer pacmak output), with cdktf_batch's calls unchecked."""

    def type_hints(stub: Any) -> Any:
        if _called_from_cdktf_batch():
            return _UNCHECKED
        return cached_type_hints(stub)

    return type_hints


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
        if package != "jsii" and package not in versions.PROVIDERS:
            return package == _OWNER
        frame = frame.f_back  # type: ignore[assignment]
    return False


_OWNER = __name__.partition(".")[0]  # cdktf_batch
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
# An already lazy package (cdktn's providers): its submodules imported only for type checkers,
# the rest on first use through a module __getattr__ (PEP 562).
_TYPE_CHECKING_IMPORTS = re.compile(
    r"^if typing\.TYPE_CHECKING:\n(    pass\n)?(    from \. import (\w+) as \3\n)+", re.MULTILINE
)
_MODULE_GETATTR = re.compile(r"^def __getattr__\(name: str\)", re.MULTILINE)
_EAGER_IMPORT = re.compile(r"^(from \. import|import \.)", re.MULTILINE)


def package_layout(source: str) -> tuple[str, list[str]] | None:
    """How a provider package's ``__init__.py`` imports its submodules.

    None: already lazily (imports only for type checkers, a module ``__getattr__``, no other
    submodule import). Else the source up to its ``publication.publish()`` and the submodules it
    imports after it (see :func:`split_package_source`). Raises LayoutError for anything else.
    """
    if _TYPE_CHECKING_IMPORTS.search(source) and _MODULE_GETATTR.search(source):
        if _EAGER_IMPORT.search(source):
            raise LayoutError("submodules imported both lazily and at once")
        return None
    return split_package_source(source)


def split_package_source(source: str) -> tuple[str, list[str]]:
    """The package source up to its ``publication.publish()``, and the submodules it then imports."""
    lines = source.splitlines(keepends=True)
    ends = [index for index, line in enumerate(lines) if line.strip() == _PUBLISH]
    if not ends:
        raise LayoutError("no publication.publish() call")
    submodules: list[str] = []
    for line in lines[ends[-1] + 1 :]:
        text = line.strip()
        if match := _IMPORT_SUBMODULE.match(text):
            submodules.append(match[1])
        elif text and not text.startswith("#"):
            raise LayoutError(f"unexpected line after publish(): {text[:80]!r}")
    if not submodules:
        raise LayoutError("no submodule imports after publish()")
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


def _load_javascript(package: str, package_dir: Path, provider: derived_package.Provider) -> None:
    """Load the derived package into the kernel; on any failure warn and leave the normal load."""
    try:
        derived = derived_cache.ready(provider, package_dir, settings.cache_root())
        for dependency in provider.dependencies:
            importlib.import_module(f"{dependency}._jsii")
    except (LayoutError, OSError, RuntimeError, ValueError) as error:
        settings.warn(f"the jsii kernel loads all of {package} (the lazily loading package is unavailable: {error})")
        return
    import jsii

    jsii.kernel.load(provider.assembly, provider.version, str(derived))
