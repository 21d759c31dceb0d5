"""What the fast path shares: its switch, its cache directory and its one warning."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from cdktf_batch.errors import LazyLoadingWarning

SWITCH = "CDKTF_BATCH_LAZY_PROVIDER"
CACHE_DIR = "CDKTF_BATCH_CACHE_DIR"

_OFF = {"0", "false", "no", "off"}


def enabled() -> bool:
    return os.environ.get(SWITCH, "1").strip().lower() not in _OFF


def cache_root() -> Path:
    """``$CDKTF_BATCH_CACHE_DIR``, else ``$XDG_CACHE_HOME/cdktf-batch``, else ``~/.cache/cdktf-batch``."""
    configured = os.environ.get(CACHE_DIR)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cdktf-batch"


_warned = False


def warn(message: str) -> None:
    """One warning per process: the first reason the fast path was not (fully) used."""
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
