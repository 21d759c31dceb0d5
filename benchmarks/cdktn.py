"""What the benchmark needs for CDK Terrain (cdktn): its virtualenv and its JavaScript packages.

The cdktn variants run in ``.venv-cdktn`` (``pip install -e '.[dev,cdktn]'``; cdktf is installed
there too). Their JavaScript runs on the very packages the Python bindings wrap: the jsii
tarballs inside the wheels (``<package>/_jsii/*.jsii.tgz``: constructs, cdktn,
@cdktn/provider-aws, @cdktn/provider-docker), unpacked into a node_modules of their own under
``.cache/benchmarks/``. (npm has @cdktn/provider-aws 25.7.0 only, the wheel is 25.8.1.)
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tarfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = REPO / ".venv-cdktn" / "bin" / "python"
# Python package -> npm package, in the order they depend on each other.
JS_PACKAGES = {
    "constructs": "constructs",
    "cdktn": "cdktn",
    "cdktn_provider_aws": "@cdktn/provider-aws",
    "cdktn_provider_docker": "@cdktn/provider-docker",
}
DISTRIBUTIONS = ("cdktn", "cdktn-provider-aws", "cdktn-provider-docker", "constructs", "jsii")


def installed() -> bool:
    return PYTHON.exists()


def versions() -> dict[str, str]:
    """The cdktn virtualenv's distribution versions."""
    code = (
        "import importlib.metadata as m, json\n"
        f"print(json.dumps({{d: m.version(d) for d in {list(DISTRIBUTIONS)!r}}}))\n"
    )
    found: dict[str, str] = json.loads(
        subprocess.run([str(PYTHON), "-c", code], capture_output=True, text=True, check=True).stdout
    )
    return found


def _tarballs() -> dict[str, Path]:
    code = (
        "import importlib.util, json, pathlib\n"
        f"packages = {list(JS_PACKAGES)!r}\n"
        "found = {}\n"
        "for p in packages:\n"
        "    spec = importlib.util.find_spec(p)\n"
        "    folder = pathlib.Path(next(iter(spec.submodule_search_locations))) / '_jsii'\n"
        "    (found[p],) = [str(t) for t in folder.glob('*.jsii.tgz')]\n"
        "print(json.dumps(found))\n"
    )
    listed = subprocess.run([str(PYTHON), "-c", code], capture_output=True, text=True, check=True).stdout
    return {package: Path(path) for package, path in json.loads(listed).items()}


def node_root(cache: Path) -> Path:
    """A directory with a package.json and a node_modules of the wheels' JavaScript packages."""
    tarballs = _tarballs()
    key = hashlib.sha256(
        json.dumps([(str(t), t.stat().st_size, t.stat().st_mtime_ns) for t in tarballs.values()]).encode()
    ).hexdigest()[:16]
    root = cache / f"cdktn-js-{key}"
    if (root / "package.json").is_file():
        return root
    partial = root.with_name(root.name + ".tmp")
    shutil.rmtree(partial, ignore_errors=True)
    for package, tarball in tarballs.items():
        target = partial / "node_modules" / JS_PACKAGES[package]
        with tarfile.open(tarball) as archive:
            members = [m for m in archive.getmembers() if m.name.startswith("package/")]
            for member in members:
                member.name = member.name.removeprefix("package/")
            archive.extractall(target, members=members, filter="data")
    manifest = {"name": "cdktf-batch-bench-cdktn", "private": True}
    (partial / "package.json").write_text(json.dumps(manifest) + "\n")
    partial.replace(root)
    return root
