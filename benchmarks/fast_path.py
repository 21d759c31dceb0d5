"""Run a module with cdktf_batch's fast path on, and nothing else of the library.

    python -m benchmarks.fast_path MODULE

What ``cdktf_batch/__init__.py`` does first (``_fast.activate()``), without importing the
library's own modules, which import cdktf. The cdktn benchmark measures a plain-provider program
this way until the example app itself runs on cdktn (see ``benchmarks/README.md``).
"""

from __future__ import annotations

import runpy
import sys
import types
from pathlib import Path

if __name__ == "__main__":
    package = types.ModuleType("cdktf_batch")
    package.__path__ = [str(Path(__file__).resolve().parent.parent / "cdktf_batch")]
    sys.modules["cdktf_batch"] = package

    from cdktf_batch import _fast

    _fast.activate()
    runpy.run_module(sys.argv[1], run_name="__main__", alter_sys=True)
