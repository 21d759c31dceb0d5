"""Files in cdktf_batch's cache directory: written whole or not at all, and what a killed build left.

Every file or folder is first written under a temporary name that carries the writer's process
id (``.<name>.<pid>.tmp``) and then renamed into place, so a reader sees a complete entry or
none. A build that is killed leaves its temporary behind; the next build in the same directory
removes those whose process is gone (or that are older than :data:`STALE_SECONDS`, in case the
id was reused).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
from pathlib import Path
from typing import Any

STALE_SECONDS = 3600.0

_TEMPORARY = re.compile(r"^\..+\.(?P<pid>\d+)\.tmp$")


def temporary_path(path: Path) -> Path:
    """Where this process writes ``path`` before renaming it into place."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def write_bytes(path: Path, data: bytes) -> None:
    temporary = temporary_path(path)
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_json(path: Path, record: dict[str, Any]) -> None:
    write_bytes(path, (json.dumps(record, indent=2, sort_keys=True) + "\n").encode("utf-8"))


def read_json(path: Path) -> dict[str, Any] | None:
    """The JSON object in ``path``; None if it is missing or is not one."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def sha256_file(path: Path, *, then: bytes = b"") -> tuple[str, str]:
    """sha256 of the file, and of the file followed by ``then`` (one read for both)."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    plain = digest.hexdigest()
    digest.update(then)
    return plain, digest.hexdigest()


def remove(path: Path) -> None:
    """Remove a file or a folder, whichever ``path`` is, if it exists."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def remove_leftovers(directory: Path) -> list[Path]:
    """Remove the temporaries in ``directory`` that a killed writer left; returns what went."""
    removed: list[Path] = []
    try:
        children = list(directory.iterdir())
    except OSError:
        return removed
    now = time.time()
    for child in children:
        match = _TEMPORARY.match(child.name)
        if match is None or int(match["pid"]) == os.getpid():
            continue
        try:
            age = now - child.lstat().st_mtime
        except OSError:
            continue
        if age > STALE_SECONDS or not _alive(int(match["pid"])):
            remove(child)
            removed.append(child)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, as someone else's
    return True
