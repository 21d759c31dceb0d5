"""The JavaScript half of lazy provider loading: a derived provider package for the jsii kernel.

When jsii loads a provider assembly, the kernel ``require``s the package's ``lib/index.js``,
which ``require``s every one of the provider's modules (2,212 for cdktf's AWS provider, 2,433 for
cdktn's: seconds and most of the memory). This module derives, from the installed provider's own tarball, the same package with
one change: ``lib/index.js`` defines each export as a getter that ``require``s its module on
first access (``lazy-index.js`` beside this module, then TypeScript's interop helpers if the
original defines them, then one ``lazy(name, path[, helper])`` line per export). The kernel finds types by walking those exports, so it loads only what is used.

The derived package also leaves out what only TypeScript compilers and debuggers read (the
``.d.ts`` files and each module's inline source map, 70% of its JavaScript; 37.8 MB down to
9.7 MB): the kernel hashes the whole tarball on every load, and requires each module's file, so
smaller is faster. The same input always gives the same bytes.

Where it is kept, and how it is checked before use: :mod:`cdktf_batch._fast.derived_cache`.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from cdktf_batch._fast import cache

if TYPE_CHECKING:
    import tarfile

# Bump when the derived package's content changes: old cache entries are then ignored.
TRANSFORM_VERSION = 3

_LAZY_INDEX_HEAD = Path(__file__).with_name("lazy-index.js")

INDEX_MEMBER = "package/lib/index.js"

# The lines of a jsii-compiled index.js that re-exports submodules (TypeScript's output for
# `export * as name from './path'`); anything else means a layout this code does not know. Two
# layouts are known: `exports.x = require("./x")` (the cdktf providers) and, with TypeScript's
# interop helpers defined first, `exports.x = __importStar(require("./x/index"))` (the cdktn ones).
_STRICT = re.compile(r'^"use strict";$')
_ES_MODULE = re.compile(r'^Object\.defineProperty\(exports, "__esModule", \{ value: true \}\);$')
_VOID = re.compile(r"^exports\.[A-Za-z_$][\w$]*( = exports\.[A-Za-z_$][\w$]*)* = void 0;$")
_EXPORT = re.compile(
    r"^exports\.(?P<name>[A-Za-z_$][\w$]*) = "
    r'(?:(?P<wrap>__importStar)\(require\("(?P<wrapped>\./[\w./-]+)"\)\)|require\("(?P<path>\./[\w./-]+)"\));$'
)
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=")
_COMMENT = re.compile(r"^(/\*\*?| \*.*| \*/|//.*)?$")
# TypeScript's interop helpers, each `var __x = (this && this.__x) || ...` over several lines,
# their inner lines indented or closing brackets; kept verbatim in the derived index.
_HELPER = re.compile(
    r"^var (?P<name>__(?:createBinding|setModuleDefault|importStar)) = \(this && this\.(?P=name)\) \|\| "
)
_HELPER_CONTINUED = re.compile(r"^(\s+\S|[})])")


class LayoutError(Exception):
    """The installed provider package is not laid out as this code expects."""


@dataclass(frozen=True, kw_only=True)
class Provider:
    """One installed provider package, as its ``_jsii/__init__.py`` loads it."""

    assembly: str  # "@cdktf/provider-aws", "@cdktn/provider-aws"
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
    wrapped: dict[str, str] = {}  # name -> the helper its module goes through
    declared: set[str] = set()
    helpers: dict[str, list[str]] = {}
    helper: list[str] | None = None  # the helper whose lines are being read
    for number, line in enumerate(source.splitlines(), start=1):
        if helper is not None and _HELPER_CONTINUED.match(line):
            helper.append(line)
            continue
        helper = None
        if match := _EXPORT.match(line):
            name = match["name"]
            if name in exports:
                raise LayoutError(f"lib/index.js:{number}: {name} exported twice")
            exports[name] = match["path"] or match["wrapped"]
            if match["wrap"]:
                wrapped[name] = match["wrap"]
        elif match := _HELPER.match(line):
            if exports or match["name"] in helpers:
                raise LayoutError(f"lib/index.js:{number}: helper {match['name']} out of place")
            helper = helpers[match["name"]] = [line]
        elif _VOID.match(line):
            declared.update(part.strip()[len("exports.") :] for part in line[: -len(" = void 0;")].split("="))
        elif not (_STRICT.match(line) or _ES_MODULE.match(line) or _SOURCE_MAP.match(line) or _COMMENT.match(line)):
            raise LayoutError(f"lib/index.js:{number}: unexpected line {line[:80]!r}")
    if not exports:
        raise LayoutError("lib/index.js exports nothing")
    if declared != set(exports):
        raise LayoutError("lib/index.js declares other names than it exports")
    if set(wrapped.values()) - set(helpers):
        raise LayoutError("lib/index.js uses a helper it does not define")
    head = _LAZY_INDEX_HEAD.read_text(encoding="utf-8")
    kept = "".join(line + "\n" for lines in helpers.values() for line in lines)
    calls = "".join(
        f"lazy({json.dumps(name)}, {json.dumps(path)}{', ' + wrapped[name] if name in wrapped else ''});\n"
        for name, path in exports.items()
    )
    return head + kept + calls, exports


def derive_tarball(original: Path, destination: Path) -> dict[str, str]:
    """Write the derived package of ``original`` to ``destination`` (atomically, reproducibly).

    ``lib/index.js`` becomes lazy, ``.d.ts`` files are left out and inline source maps are cut
    from JavaScript files; everything else is copied unchanged. Each module the new index
    requires must exist in the package. Returns the exports of the new index.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    temporary = cache.temporary_path(destination)
    try:
        with temporary.open("wb") as raw:
            exports = _copy_with_lazy_index(original, raw)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temporary, destination)
    except BaseException:
        temporary.unlink(missing_ok=True)
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
    # No file name, mtime=0 and a fixed member order: the same input always gives the same bytes, so
    # concurrent builders agree and jsii's cache (keyed by the tarball's digest) is shared.
    with (
        tarfile.open(original, "r:gz") as source,
        gzip.GzipFile(filename="", fileobj=out, mode="wb", compresslevel=6, mtime=0) as zipped,
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
