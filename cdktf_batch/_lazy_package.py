"""The JavaScript half of lazy provider loading: a derived provider package for the jsii kernel.

When jsii loads a provider assembly, the kernel ``require``s the package's ``lib/index.js``,
which ``require``s every one of the provider's modules (2,212 for AWS: seconds and most of the
memory). This module derives, from the installed provider's own tarball, the same package with
one change: ``lib/index.js`` defines each export as a getter that ``require``s its module on
first access. The kernel finds types by walking those exports, so it loads only what is used.

The derived package also leaves out what only TypeScript compilers and debuggers read (the
``.d.ts`` files and each module's inline source map, 70% of its JavaScript): the kernel hashes
the whole tarball on every load, and requires each module's file, so smaller is faster.

The derived tarball is built once per provider tarball, in a per-user cache directory (never in
site-packages, never in jsii's own cache), written atomically and verified in a separate process
that loads it through the kernel and waits until the kernel's runtime index for it is complete
(the kernel builds that index on a background thread; a process that exits first leaves none,
and then every load parses the whole 130 MB assembly). Only a verified tarball is ever used.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    import tarfile

# Bump when the derived package's content changes: old cache entries are then ignored.
TRANSFORM_VERSION = 2

INDEX_MEMBER = "package/lib/index.js"

# The lines of a jsii-compiled index.js that re-exports submodules (TypeScript's output for
# `export * as name from './path'`); anything else means a layout this code does not know.
_STRICT = re.compile(r'^"use strict";$')
_ES_MODULE = re.compile(r'^Object\.defineProperty\(exports, "__esModule", \{ value: true \}\);$')
_VOID = re.compile(r"^exports\.[A-Za-z_$][\w$]*( = exports\.[A-Za-z_$][\w$]*)* = void 0;$")
_EXPORT = re.compile(r'^exports\.([A-Za-z_$][\w$]*) = require\("(\./[\w./-]+)"\);$')
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=")
_COMMENT = re.compile(r"^(/\*\*?| \*.*| \*/|//.*)?$")


class LayoutError(Exception):
    """The installed provider package is not laid out as this code expects."""


@dataclass(frozen=True, kw_only=True)
class Provider:
    """One installed provider package, as its ``_jsii/__init__.py`` loads it."""

    assembly: str  # "@cdktf/provider-aws"
    version: str  # "21.22.1"
    tarball: Path  # the installed .jsii.tgz
    dependencies: tuple[str, ...]  # Python modules whose assemblies must load first


_LOAD_CALL = re.compile(
    r'jsii\.JSIIAssembly\.load\(\s*"(?P<assembly>[^"]+)",\s*"(?P<version>[^"]+)",\s*'
    r'__name__\[0:-6\],\s*"(?P<tarball>[^"/]+)",?\s*\)'
)
_DEPENDENCY = re.compile(r"^import ([\w.]+)\._jsii$", re.MULTILINE)


def read_provider(package_dir: Path) -> Provider:
    """What the provider's ``_jsii/__init__.py`` would load, read without running it."""
    source = (package_dir / "_jsii" / "__init__.py").read_text(encoding="utf-8")
    match = _LOAD_CALL.search(source)
    if match is None:
        raise LayoutError(f"no JSIIAssembly.load call in {package_dir / '_jsii' / '__init__.py'}")
    tarball = package_dir / "_jsii" / match["tarball"]
    if not tarball.is_file():
        raise LayoutError(f"{tarball} is missing")
    return Provider(
        assembly=match["assembly"],
        version=match["version"],
        tarball=tarball,
        dependencies=tuple(_DEPENDENCY.findall(source)),
    )


def lazy_index(source: str) -> tuple[str, dict[str, str]]:
    """``lib/index.js`` with every ``exports.x = require(...)`` turned into a lazy getter.

    Returns the new source and the exports it defines (name -> relative module path).
    Raises LayoutError on any line this transformation does not understand.
    """
    exports: dict[str, str] = {}
    declared: set[str] = set()
    for number, line in enumerate(source.splitlines(), start=1):
        if match := _EXPORT.match(line):
            name, path = match.groups()
            if name in exports:
                raise LayoutError(f"lib/index.js:{number}: {name} exported twice")
            exports[name] = path
        elif _VOID.match(line):
            declared.update(part.strip()[len("exports.") :] for part in line[: -len(" = void 0;")].split("="))
        elif not (_STRICT.match(line) or _ES_MODULE.match(line) or _SOURCE_MAP.match(line) or _COMMENT.match(line)):
            raise LayoutError(f"lib/index.js:{number}: unexpected line {line[:80]!r}")
    if not exports:
        raise LayoutError("lib/index.js exports nothing")
    if declared != set(exports):
        raise LayoutError("lib/index.js declares other names than it exports")
    lines = [
        '"use strict";',
        "// Derived by cdktf_batch from this package's own lib/index.js: the same exports, each",
        "// module required on first access instead of all of them at load time.",
        'Object.defineProperty(exports, "__esModule", { value: true });',
        "function lazy(name, path) {",
        "    Object.defineProperty(exports, name, {",
        "        configurable: true,",
        "        enumerable: true,",
        "        get() {",
        "            const value = require(path);",
        "            Object.defineProperty(exports, name, { configurable: true, enumerable: true, writable: true, value });",
        "            return value;",
        "        },",
        "    });",
        "}",
    ]
    lines += [f"lazy({json.dumps(name)}, {json.dumps(path)});" for name, path in exports.items()]
    return "\n".join(lines) + "\n", exports


def derive_tarball(original: Path, destination: Path) -> dict[str, str]:
    """Write the derived package of ``original`` to ``destination`` (atomically, reproducibly).

    ``lib/index.js`` becomes lazy, ``.d.ts`` files are left out and inline source maps are cut
    from JavaScript files; everything else is copied unchanged. Each module the new index
    requires must exist in the package. Returns the exports of the new index.
    """
    import tempfile

    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=destination.parent, prefix=destination.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as raw:
            exports = _copy_with_lazy_index(original, raw)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temporary, destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return exports


_INLINE_SOURCE_MAP = b"\n//# sourceMappingURL=data:"


def _without_inline_source_map(body: bytes) -> bytes:
    # Only a source map on the last line is cut, so nothing a module runs can change.
    cut = body.rfind(_INLINE_SOURCE_MAP)
    if cut < 0 or b"\n" in body[cut + 1 :].rstrip(b"\n"):
        return body
    return body[: cut + 1]


def _copy_with_lazy_index(original: Path, out: IO[bytes]) -> dict[str, str]:
    import gzip
    import io
    import tarfile

    exports: dict[str, str] = {}
    members: set[str] = set()
    # mtime=0 and a fixed member order: the same input always gives the same bytes, so
    # concurrent builders agree and jsii's cache (keyed by the tarball's digest) is shared.
    with (
        tarfile.open(original, "r:gz") as source,
        gzip.GzipFile(fileobj=out, mode="wb", compresslevel=6, mtime=0) as zipped,
        tarfile.open(fileobj=zipped, mode="w", format=tarfile.PAX_FORMAT) as target,
    ):
        for member in source:
            if member.name.endswith(".d.ts"):
                continue
            members.add(member.name)
            data: IO[bytes] | None = source.extractfile(member) if member.isfile() else None
            if member.name == INDEX_MEMBER:
                if data is None:
                    raise LayoutError(f"{INDEX_MEMBER} is not a file")
                text, exports = lazy_index(data.read().decode("utf-8"))
                body = text.encode("utf-8")
                member = _copy_info(member, size=len(body))
                data = io.BytesIO(body)
            elif data is not None and member.name.startswith("package/lib/") and member.name.endswith(".js"):
                body = _without_inline_source_map(data.read())
                member = _copy_info(member, size=len(body))
                data = io.BytesIO(body)
            target.addfile(member, data)
    if not exports:
        raise LayoutError(f"{original} has no {INDEX_MEMBER}")
    missing = sorted(
        path
        for path in exports.values()
        if not {f"package/lib/{path[2:]}.js", f"package/lib/{path[2:]}/index.js"} & members
    )
    if missing:
        raise LayoutError(f"lib/index.js requires modules the package lacks: {', '.join(missing[:5])}")
    return exports


def _copy_info(member: tarfile.TarInfo, *, size: int) -> tarfile.TarInfo:
    import tarfile

    info = tarfile.TarInfo(member.name)
    info.size = size
    info.mode = member.mode
    info.mtime = member.mtime
    info.type = member.type
    return info


def jsii_package_cache_enabled() -> bool:
    return os.environ.get("JSII_RUNTIME_PACKAGE_CACHE", "enabled").lower() == "enabled"


def jsii_cache_entry(assembly: str, version: str, tarball: Path) -> Path | None:
    """Where the jsii kernel keeps its extraction of ``tarball`` (None: package cache disabled).

    Mirrors @jsii/kernel's tar cache: root (``JSII_RUNTIME_PACKAGE_CACHE_ROOT`` or the per-user
    default), then the sanitized name and version, then sha256 of the tarball followed by NUL
    and each of name and version. Only read, never written.
    """
    if not jsii_package_cache_enabled():
        return None
    root = os.environ.get("JSII_RUNTIME_PACKAGE_CACHE_ROOT") or ""
    if not root:
        home = Path.home()
        root = str(home / ".cache" / "aws" / "jsii" / "package-cache")
    digest = hashlib.sha256()
    with tarball.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    for comment in (assembly, version):
        digest.update(b"\0" + comment.encode("utf-8"))
    parts = [
        segment
        for key in (assembly, version, digest.hexdigest())
        for segment in re.split(r"[\\/]+", re.sub(r"[^@a-z0-9_.\\/-]+", "_", key))
    ]
    return Path(root).joinpath(*parts)


RUNTIME_INDEX_MANIFEST = ".jsii.runtime.v1.json"


def wait_for_runtime_index(entry: Path, *, timeout: float) -> bool:
    """Wait until the kernel's worker has written the runtime index of ``entry``."""
    deadline = time.monotonic() + timeout
    manifest = entry / RUNTIME_INDEX_MANIFEST
    while not manifest.is_file():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


_PROVIDER_CLASS = re.compile(r'jsii_type="([^"]+\.provider\.\w+Provider)"')


def provider_probe(package_dir: Path) -> tuple[str, str]:
    """A type and static property to read through the kernel: the provider class's resource type."""
    source = (package_dir / "provider" / "__init__.py").read_text(encoding="utf-8")
    match = _PROVIDER_CLASS.search(source)
    if match is None:
        raise LayoutError(f"no provider class in {package_dir / 'provider' / '__init__.py'}")
    return match[1], "tfResourceType"


def verify_in_subprocess(provider: Provider, derived: Path, probe: tuple[str, str], *, timeout: float) -> None:
    """Load ``derived`` through the jsii kernel in a fresh process and wait for its runtime index.

    ``probe`` is a (type FQN, static property) read through the kernel: it requires one of
    the provider's modules through the new lazy index. Raises RuntimeError on any failure.
    """
    request = {
        "assembly": provider.assembly,
        "version": provider.version,
        "tarball": str(derived),
        "dependencies": list(provider.dependencies),
        "probe": list(probe),
        "timeout": timeout,
    }
    import subprocess

    environment = dict(os.environ, CDKTF_BATCH_LAZY_PROVIDER="0")
    try:
        completed = subprocess.run(
            [sys.executable, "-c", _VERIFIER, json.dumps(request)],
            env=environment,
            capture_output=True,
            text=True,
            timeout=timeout + 60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise RuntimeError(f"the check of {derived} did not finish: {error}") from error
    if completed.returncode != 0:
        detail = (completed.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise RuntimeError(f"the check of {derived} failed: {detail}")


# Runs in a fresh interpreter with lazy loading off, so nothing but the kernel sees the tarball.
_VERIFIER = """
import importlib, json, sys, types
request = json.loads(sys.argv[1])
for module in request["dependencies"]:
    importlib.import_module(module + "._jsii")
import jsii
from cdktf_batch._lazy_package import jsii_cache_entry, wait_for_runtime_index
from pathlib import Path
jsii.kernel.load(request["assembly"], request["version"], request["tarball"])
fqn, prop = request["probe"]
value = jsii.kernel.sget(types.SimpleNamespace(__jsii_type__=fqn), prop)
if not isinstance(value, str) or not value:
    sys.exit(f"{fqn}.{prop} read {value!r}")
entry = jsii_cache_entry(request["assembly"], request["version"], Path(request["tarball"]))
if entry is not None and not wait_for_runtime_index(entry, timeout=request["timeout"]):
    sys.exit(f"the jsii runtime index of {entry} was not written in time")
"""
