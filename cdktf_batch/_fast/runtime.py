"""The direct runtime: jsii's own kernel program, run without its relay process, kept in the cache.

jsii's stock runtime (``jsii-runtime.js``) only spawns a second Node process, the kernel
(``program.js``), and copies lines between it and Python. The direct runtime runs the kernel in
the one process Python starts: jsii's ``program.js`` with its API channel moved from file
descriptor 3 (the relay's socket) to stdin and stdout, behind ``entry.js`` (beside this module),
which keeps stdout for the protocol by framing everything else written to stdout or stderr the
way the relay does. ``lazy-archiver.js`` defers cdktf's ``archiver`` dependency to its first use.

In the cache, one folder per content::

    <cache>/jsii-runtime/<sha256 of the four files>-v<ENTRY_VERSION>/
        lib/program.js  lib/runtime-index-worker.js  lib/entry.js  lib/lazy-archiver.js  lib/spin-policy.js
        checked         written once the runtime has greeted and exited when asked to

Any number of environments with the same jsii share a folder. Before use its files are compared
with what they must hold; a folder that differs (a truncated or missing file) is built again.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import subprocess
from pathlib import Path

from cdktf_batch._fast import cache

ENTRY_VERSION = 3  # bump when the folder's layout changes
SPIN_SECONDS = 0.002  # how long a side polls for a reply before it blocks (when a CPU is free)

# The one place jsii's program.js names its API channel; the relay gives it descriptor 3.
_CHANNEL = b"readFD:3,writeFD:3"
_DIRECT_CHANNEL = b"readFD:0,writeFD:1"
_CHECK_TIMEOUT = 60.0
_HERE = Path(__file__).parent

# For the kernel process: Node preserves symbolic links (entry.js tells the kernel, and drops
# the variable for the kernel's children); how long entry.js polls for a request.
KERNEL_ENVIRONMENT = {"NODE_PRESERVE_SYMLINKS": "1", "CDKTF_BATCH_KERNEL_SPIN_US": str(int(SPIN_SECONDS * 1e6))}


class ChannelError(Exception):
    """The direct runtime cannot be used; jsii's usual one is."""


def _jsii_directory() -> Path:
    spec = importlib.util.find_spec("jsii")  # without importing jsii (and starting nothing)
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if len(locations) != 1:
        raise ChannelError("jsii's runtime files are not where expected")
    return Path(locations[0])


def embedded_sources() -> tuple[bytes, bytes]:
    """jsii's ``program.js`` and ``runtime-index-worker.js``, read without importing jsii."""
    embedded = _jsii_directory() / "_embedded" / "jsii"
    try:
        return (embedded / "lib__program.js").read_bytes(), (embedded / "lib__runtime-index-worker.js").read_bytes()
    except OSError as error:
        raise ChannelError(f"jsii's runtime files cannot be read: {error}") from error


def runtime_version() -> str:
    """The version the jsii kernel greets with, read without importing jsii."""
    try:
        metadata = json.loads((_jsii_directory() / "_metadata.json").read_text(encoding="utf-8"))
        return str(metadata["jsii-runtime"]["version"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ChannelError(f"jsii's runtime version is not where expected: {error}") from error


def patch_program(program: bytes) -> bytes:
    """``program.js`` with its API channel on stdin and stdout instead of descriptor 3."""
    if program.count(_CHANNEL) != 1:
        raise ChannelError(f"jsii's program.js names its channel {program.count(_CHANNEL)} times (expected once)")
    return program.replace(_CHANNEL, _DIRECT_CHANNEL)


def expected_files() -> dict[str, bytes]:
    """What the runtime folder's ``lib/`` must hold, by file name."""
    program, worker = embedded_sources()
    try:
        ours = {name: (_HERE / name).read_bytes() for name in ("entry.js", "lazy-archiver.js", "spin-policy.js")}
    except OSError as error:
        raise ChannelError(f"cdktf_batch's runtime files cannot be read: {error}") from error
    return {"program.js": patch_program(program), "runtime-index-worker.js": worker, **ours}


def runtime_directory(root: Path, files: dict[str, bytes]) -> Path:
    digest = hashlib.sha256(b"\0".join(files[name] for name in sorted(files))).hexdigest()[:16]
    return root / "jsii-runtime" / f"{digest}-v{ENTRY_VERSION}"


def find_ready(root: Path) -> Path | None:
    """The entry script of a checked, intact runtime in ``root``; None if there is none."""
    try:
        files = expected_files()
    except ChannelError:
        return None
    directory = runtime_directory(root, files)
    return directory / "lib" / "entry.js" if _intact(directory, files) else None


def _intact(directory: Path, files: dict[str, bytes]) -> bool:
    try:
        if not (directory / "checked").is_file():
            return False
        return all((directory / "lib" / name).read_bytes() == content for name, content in files.items())
    except OSError:
        return False


def ready(root: Path) -> Path:
    """The entry script of the checked runtime in ``root``, (re)built first if need be."""
    files = expected_files()
    directory = runtime_directory(root, files)
    if _intact(directory, files):
        return directory / "lib" / "entry.js"
    version = runtime_version()
    try:
        directory.parent.mkdir(parents=True, exist_ok=True)
        cache.remove_leftovers(directory.parent)
        if directory.exists():  # damaged: moved aside first, as another process may be reading it
            damaged = cache.temporary_path(directory)
            os.rename(directory, damaged)
            cache.remove(damaged)
        _build(directory, files, version)
    except OSError as error:
        raise ChannelError(f"cannot write {directory}: {error}") from error
    if not _intact(directory, files):
        raise ChannelError(f"{directory} is incomplete")
    return directory / "lib" / "entry.js"


def _build(directory: Path, files: dict[str, bytes], version: str) -> None:
    staging = cache.temporary_path(directory)
    try:
        (staging / "lib").mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            (staging / "lib" / name).write_bytes(content)
        check(staging / "lib" / "entry.js", version)
        (staging / "checked").write_text(json.dumps({"jsii_runtime": version}) + "\n", encoding="utf-8")
        os.rename(staging, directory)
    except OSError:
        cache.remove(staging)
        if not directory.is_dir():  # else another process won the race with the same files
            raise
    except ChannelError:
        cache.remove(staging)
        raise


def check(entry: Path, version: str) -> None:
    """Start the runtime once: it must greet on stdout and exit when asked to."""
    node = os.environ.get("JSII_NODE", "node")
    environment = {**os.environ, **KERNEL_ENVIRONMENT, "CDKTF_BATCH_KERNEL_SPIN_US": "0"}  # no polling
    try:
        completed = subprocess.run(
            [node, str(entry)],
            input=b'{"exit":0}\n',
            capture_output=True,
            env=environment,
            timeout=_CHECK_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise ChannelError(f"the direct runtime did not start: {error}") from error
    expected = json.dumps({"hello": f"@jsii/runtime@{version}"}, separators=(",", ":")).encode()
    if completed.returncode != 0 or completed.stdout.strip() != expected:
        detail = (completed.stderr or completed.stdout).decode(errors="replace").strip()[:400]
        raise ChannelError(f"the direct runtime failed its check (exit {completed.returncode}): {detail}")
