"""Load a derived provider package through the jsii kernel, in a process of its own.

Run by :func:`cdktf_batch._fast.derived_cache.verify_in_subprocess` (as ``python -m
cdktf_batch._fast.verify <request as JSON>`` would, but without importing the library, and so
no engine but the provider's own dependencies) with lazy loading off, so that nothing but the
kernel sees the tarball. Exits non-zero, with the reason last on stderr, when
the package does not load, the probe reads nothing, or the kernel's runtime index of the
package is not written in time.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
import types
from pathlib import Path

from cdktf_batch._fast import cache
from cdktf_batch._fast.derived_cache import RUNTIME_INDEX_MANIFEST, jsii_cache_entry, jsii_digest_suffix
from cdktf_batch._fast.derived_package import Provider


def wait_for(path: Path, *, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not path.is_file():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def main(argv: list[str]) -> None:
    request = json.loads(argv[0])
    for module in request["dependencies"]:
        importlib.import_module(module + "._jsii")
    import jsii

    tarball = Path(request["tarball"])
    jsii.kernel.load(request["assembly"], request["version"], str(tarball))
    fqn, prop = request["probe"]
    value = jsii.kernel.sget(types.SimpleNamespace(__jsii_type__=fqn), prop)
    if not isinstance(value, str) or not value:
        sys.exit(f"{fqn}.{prop} read {value!r}")
    provider = Provider(assembly=request["assembly"], version=request["version"], tarball=tarball, dependencies=())
    entry = jsii_cache_entry(provider, cache.sha256_file(tarball, then=jsii_digest_suffix(provider))[1])
    if entry is not None and not wait_for(entry / RUNTIME_INDEX_MANIFEST, timeout=request["timeout"]):
        sys.exit(f"the jsii runtime index of {entry} was not written in time")


if __name__ == "__main__":
    main(sys.argv[1:])
