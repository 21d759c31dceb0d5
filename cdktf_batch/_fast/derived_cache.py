"""Derived provider packages in the cache: keyed by what they are made from, checked before use.

Layout, under the cache directory (never site-packages, never jsii's own cache)::

    lazy-providers/<assembly>/<version>/
        sources.json        each installed copy of the provider's tarball seen so far (path, size,
                            times) and its sha256, so a copy's content is hashed once
        <sha256 of the provider's tarball, 16 digits>-v<TRANSFORM_VERSION>/
            <name>@<version>.lazy-v<TRANSFORM_VERSION>.jsii.tgz
            record.json     what was built: the derived tarball's sha256, size and times,
                            jsii's digest of it, and the sizes of jsii's runtime index files

An entry is named by the content it is derived from, so any number of environments with the
same provider share it. Before each use:

- the derived tarball must have the size and times recorded when its sha256 was last checked;
  if they changed, its sha256 is checked again, and an entry that no longer matches is built
  again (a damaged tarball would otherwise fail every run inside the kernel);
- jsii's runtime index of it (three files the kernel writes into its package cache entry, on a
  background thread, after a first load; without them every load parses the whole 124 MB
  assembly) must have the sizes recorded. A missing or damaged index is rebuilt by loading the
  package once more in a separate process that waits for it (its manifest, which the kernel
  writes last, is removed first so that the kernel rewrites all three).

Building writes the derived tarball under a temporary name, verifies it in a separate process
(:mod:`cdktf_batch._fast.verify`: loads it through the kernel, reads a class through the lazy
exports, waits for the runtime index) and writes the record last: only a verified package is
ever used. A killed build's temporaries (a partial tarball, the check's scratch folder) are
removed by the next build.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from cdktf_batch._fast import cache
from cdktf_batch._fast.derived_package import TRANSFORM_VERSION, LayoutError, Provider, derive_tarball

VERIFY_TIMEOUT = 300.0

# jsii's runtime index of a package in its cache (format version 1), the manifest written last.
RUNTIME_INDEX_MANIFEST = ".jsii.runtime.v1.json"
RUNTIME_INDEX_FILES = (".jsii.runtime-index.v1", ".jsii.runtime-defs.v1.jsonl", RUNTIME_INDEX_MANIFEST)


def ready(provider: Provider, package_dir: Path, root: Path) -> Path:
    """The verified derived tarball for ``provider``, built, checked or repaired first if need be."""
    versions = root / "lazy-providers" / provider.assembly.lstrip("@").replace("/", "+") / provider.version
    source = _source_digest(provider.tarball, versions / "sources.json")
    folder = versions / f"{source[:16]}-v{TRANSFORM_VERSION}"
    derived = folder / f"{provider.tarball.name.removesuffix('.jsii.tgz')}.lazy-v{TRANSFORM_VERSION}.jsii.tgz"
    record_path = folder / "record.json"
    record = cache.read_json(record_path)
    if record is None or record.get("source_sha256") != source or not _tarball_intact(derived, record, record_path):
        return _build(provider, package_dir, derived, source)
    entry = jsii_cache_entry(provider, record.get("jsii_digest"))
    if entry is not None and not _runtime_index_intact(entry, record.get("runtime_index")):
        _say(f"rebuilding jsii's runtime index of the lazily loading copy of {provider.assembly} {provider.version}")
        (entry / RUNTIME_INDEX_MANIFEST).unlink(missing_ok=True)
        cache.remove_leftovers(folder)
        verify_in_subprocess(provider, derived, provider_probe(package_dir))
        cache.write_json(record_path, {**record, "runtime_index": _runtime_index_sizes(entry)})
    return derived


def _source_digest(tarball: Path, sources_path: Path) -> str:
    """sha256 of the provider's tarball: from ``sources.json`` if this copy was seen unchanged."""
    signature = _signature(tarball)
    sources = cache.read_json(sources_path) or {}
    seen = sources.get(str(tarball))
    if isinstance(seen, dict) and all(seen.get(key) == value for key, value in signature.items()):
        digest = seen.get("sha256")
        if isinstance(digest, str):
            return digest
    digest, _ = cache.sha256_file(tarball)
    with contextlib.suppress(OSError):  # else hashed again next time
        sources_path.parent.mkdir(parents=True, exist_ok=True)
        cache.write_json(sources_path, {**sources, str(tarball): {**signature, "sha256": digest}})
    return digest


def _signature(path: Path) -> dict[str, int]:
    """What changes when a file is written: size, modification and status-change times."""
    stat = path.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "ctime_ns": stat.st_ctime_ns}


def _tarball_intact(derived: Path, record: dict[str, Any], record_path: Path) -> bool:
    try:
        signature = _signature(derived)
    except OSError:
        return False
    if record.get("signature") == signature:
        return True  # unchanged since its content was checked
    if signature["size"] != record.get("size") or cache.sha256_file(derived)[0] != record.get("sha256"):
        return False
    with contextlib.suppress(OSError):  # else checked again next time
        cache.write_json(record_path, {**record, "signature": signature})
    return True


def _build(provider: Provider, package_dir: Path, derived: Path, source: str) -> Path:
    folder = derived.parent
    folder.mkdir(parents=True, exist_ok=True)
    if not os.access(folder, os.W_OK):
        raise OSError(f"{folder} is not writable")
    cache.remove_leftovers(folder)
    cache.remove_leftovers(folder.parent)
    _say(
        f"preparing a lazily loading copy of {provider.assembly} {provider.version} "
        f"in {folder} (once per provider version)"
    )
    (folder / "record.json").unlink(missing_ok=True)
    exports = derive_tarball(provider.tarball, derived)
    verify_in_subprocess(provider, derived, provider_probe(package_dir))
    sha256, jsii_digest = cache.sha256_file(derived, then=jsii_digest_suffix(provider))
    entry = jsii_cache_entry(provider, jsii_digest)
    record = {
        "source_sha256": source,
        "sha256": sha256,
        "size": derived.stat().st_size,
        "signature": _signature(derived),
        "jsii_digest": jsii_digest,
        "exports": len(exports),
        "runtime_index": None if entry is None else _runtime_index_sizes(entry),
    }
    cache.write_json(folder / "record.json", record)
    return derived


def _say(message: str) -> None:
    # Not a warning: the run works and is as fast as ever from the next one on; it only tells
    # why this one is slower.
    print(f"cdktf_batch: {message}", file=sys.stderr)


# --- jsii's package cache ----------------------------------------------------------------


def jsii_package_cache_enabled() -> bool:
    return os.environ.get("JSII_RUNTIME_PACKAGE_CACHE", "enabled").lower() == "enabled"


def jsii_digest_suffix(provider: Provider) -> bytes:
    """What jsii hashes after a tarball's bytes for its cache key: NUL, name, NUL, version."""
    return b"".join(b"\0" + comment.encode("utf-8") for comment in (provider.assembly, provider.version))


def jsii_cache_entry(provider: Provider, jsii_digest: object) -> Path | None:
    """Where the jsii kernel keeps its extraction of a tarball (None: package cache disabled).

    Mirrors @jsii/kernel's tar cache: root (``JSII_RUNTIME_PACKAGE_CACHE_ROOT`` or the per-user
    default), then the sanitized name and version, then ``jsii_digest`` (sha256 of the tarball
    followed by NUL and each of name and version). Only read, never written, but for a damaged
    runtime index's manifest.
    """
    if not jsii_package_cache_enabled() or not isinstance(jsii_digest, str):
        return None
    root = os.environ.get("JSII_RUNTIME_PACKAGE_CACHE_ROOT") or str(
        Path.home() / ".cache" / "aws" / "jsii" / "package-cache"
    )
    parts = [
        segment
        for key in (provider.assembly, provider.version, jsii_digest)
        for segment in re.split(r"[\\/]+", re.sub(r"[^@a-z0-9_.\\/-]+", "_", key))
    ]
    return Path(root).joinpath(*parts)


def _runtime_index_sizes(entry: Path) -> dict[str, int] | None:
    try:
        return {name: (entry / name).stat().st_size for name in RUNTIME_INDEX_FILES}
    except OSError:
        return None


def _runtime_index_intact(entry: Path, recorded: object) -> bool:
    sizes = _runtime_index_sizes(entry)
    return sizes is not None and sizes == recorded


# --- the check in a separate process ---------------------------------------------------------

_PROVIDER_CLASS = re.compile(r'jsii_type="([^"]+\.provider\.\w+Provider)"')


def provider_probe(package_dir: Path) -> tuple[str, str]:
    """A type and static property to read through the kernel: the provider class's resource type."""
    source = (package_dir / "provider" / "__init__.py").read_text(encoding="utf-8")
    match = _PROVIDER_CLASS.search(source)
    if match is None:
        raise LayoutError(f"no provider class in {package_dir / 'provider' / '__init__.py'}")
    return match[1], "tfResourceType"


# `python -m cdktf_batch._fast.verify` without running cdktf_batch/__init__.py, which imports the
# library and with it an engine: the check loads only the provider's own dependencies.
_VERIFY = (
    "import sys, types\n"
    "package = types.ModuleType('cdktf_batch')\n"
    f"package.__path__ = [{str(Path(__file__).resolve().parent.parent)!r}]\n"
    "sys.modules['cdktf_batch'] = package\n"
    "from cdktf_batch._fast import verify\n"
    "verify.main(sys.argv[1:])\n"
)


def verify_in_subprocess(
    provider: Provider, derived: Path, probe: tuple[str, str], *, timeout: float = VERIFY_TIMEOUT
) -> None:
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
    # Lazy loading off, so that nothing but the kernel sees the tarball. Its temporary files
    # (jsii's runtime, the kernel's module folder) go to a folder beside the tarball, removed
    # afterwards, or by the next build if this process is killed meanwhile.
    scratch = cache.temporary_path(derived.with_name("verify"))
    scratch.mkdir(parents=True, exist_ok=True)
    temporary = {name: str(scratch) for name in ("TMPDIR", "TEMP", "TMP")}
    environment = dict(os.environ, CDKTF_BATCH_LAZY_PROVIDER="0", **temporary)
    try:
        completed = subprocess.run(
            [sys.executable, "-c", _VERIFY, json.dumps(request)],
            env=environment,
            capture_output=True,
            text=True,
            timeout=timeout + 60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise RuntimeError(f"the check of {derived} did not finish: {error}") from error
    finally:
        cache.remove(scratch)
    if completed.returncode != 0:
        detail = (completed.stderr.strip().splitlines() or ["(no output)"])[-1]
        raise RuntimeError(f"the check of {derived} failed: {detail}")
