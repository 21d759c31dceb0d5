"""`terraform validate` with the real AWS provider, for everything the tests synthesize.

The provider is read from a local filesystem mirror (no network): ``CDKTF_BATCH_TF_MIRROR``
when set, else the first of Terraform's usual mirror folders (and a shallow search of a few
roots) that holds hashicorp/aws ``PROVIDER_VERSION``. Without Terraform or a mirror the checks
are skipped, except under CI, where the run fails (``require``). Our bindings target
provider 6.25 and the mirror holds 5.100, so documents are translated first by
``PROVIDER_5_RENAMES`` (arguments that provider 6.0 renamed) and nothing else: whatever
5.100 still refuses is our bug.

Validating costs ~3 s a run (the provider's schema load), so documents are merged into one
configuration (every block's name prefixed) and validated together; when that fails, each
document is validated alone to say which test produced the bad one.
"""

from __future__ import annotations

import contextlib
import copy
import fcntl
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest

PROVIDER_VERSION = "5.100.0"
PROVIDER = "registry.terraform.io/hashicorp/aws"
# Terraform's implied mirror folders on Unix (CLI configuration docs, "Implied Local Mirror
# Directories"), and where this project's machines keep one.
MIRROR_CANDIDATES = (
    "/opt/tf-plugins",
    "~/.terraform.d/plugins",
    "~/.local/share/terraform/plugins",
    "/usr/local/share/terraform/plugins",
    "/usr/share/terraform/plugins",
)
# Searched a few levels deep when no candidate holds the provider.
MIRROR_SEARCH_ROOTS = ("/opt", "~", "/usr/local/share", "/srv")
MIRROR_SEARCH_DEPTH = 3

# Provider 6.0 renames (website/docs/guides/version-6-upgrade.html.markdown):
# "aws_batch_compute_environment: compute_environment_name -> name,
#  compute_environment_name_prefix -> name_prefix" (resource and data source).
# (block kind, type) -> {6.x argument: 5.x argument}
PROVIDER_5_RENAMES: dict[tuple[str, str], dict[str, str]] = {
    ("resource", "aws_batch_compute_environment"): {
        "name": "compute_environment_name",
        "name_prefix": "compute_environment_name_prefix",
    },
    ("data", "aws_batch_compute_environment"): {"name": "compute_environment_name"},
    # "aws_region (data source): name is deprecated, use region" (6.0: the attribute is now
    # `region`); 5.100 has `name` only. The library reads `region` (its argument and attribute).
    ("data", "aws_region"): {"region": "name"},
}

# Values newer than provider 5.100, which checks enums against the AWS SDK compiled into it.
# (block kind, type, nested block, argument) -> {6.x value: a value 5.100 accepts}
PROVIDER_5_VALUES: dict[tuple[str, str, str, str], dict[str, str]] = {
    # AWS added TERMINATE to JobStateTimeLimitActionsAction (botocore's Batch model lists
    # CANCEL|TERMINATE; provider 6.25 validates with the newer SDK); 5.100's SDK has CANCEL only.
    ("resource", "aws_batch_job_queue", "job_state_time_limit_action", "action"): {"TERMINATE": "CANCEL"},
}

# Arguments provider 6.x added that 5.100 does not know: left out of the checked copy (their
# values are asserted on the JSON). (block kind, type, path of nested blocks, argument)
PROVIDER_5_MISSING: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    # ec2_configuration.image_kubernetes_version (EKS compute environments): provider 6.x.
    (
        "resource",
        "aws_batch_compute_environment",
        ("compute_resources", "ec2_configuration"),
        "image_kubernetes_version",
    ),
)

# Provider 6.0's "enhanced region support" gave every regional resource and data source a
# top-level `region` argument (placement: `region=` on the constructs); 5.100 has none, so it is
# left out of the checked copy (its value is asserted on the JSON). Global types never had one
# in 6.x either: a `region` on them stays in, and 5.100 refuses it as 6.x would.
PROVIDER_5_GLOBAL_TYPES = ("aws_iam_", "aws_partition", "aws_caller_identity")

_REFERENCE = re.compile(r"(?<![\w.-])(data\.)?(aws_[a-z0-9_]+)\.([A-Za-z0-9_-]+)((?:\.[A-Za-z0-9_]+)?)")
_NAMED = re.compile(r"(?<![\w.-])(var|local)\.([A-Za-z0-9_-]+)")


def in_ci() -> bool:
    """Whether this is a CI run (``CI`` set, as CI services do and .ci/run does)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def require(reason: str | None, what: str) -> None:
    """Skip the calling test when ``reason`` says a tool is missing; under CI, fail it."""
    if reason is None:
        return
    if in_ci():
        pytest.fail(f"{what} cannot run under CI: {reason}", pytrace=False)
    pytest.skip(f"{what} skipped: {reason}")


def holds_provider(folder: Path) -> bool:
    """Whether ``folder`` is a filesystem mirror with hashicorp/aws PROVIDER_VERSION, unpacked
    (``<version>/<os_arch>/``) or packed (``terraform-provider-aws_<version>_<os_arch>.zip``)."""
    provider = folder / PROVIDER
    return (provider / PROVIDER_VERSION).is_dir() or any(
        provider.glob(f"terraform-provider-aws_{PROVIDER_VERSION}_*.zip")
    )


def find_mirror() -> Path | None:
    """The mirror folder: ``CDKTF_BATCH_TF_MIRROR`` (only it, when set), else a usual place."""
    configured = os.environ.get("CDKTF_BATCH_TF_MIRROR")
    if configured:
        path = Path(configured).expanduser()
        return path if holds_provider(path) else None
    return _discovered_mirror()


@cache
def _discovered_mirror() -> Path | None:
    for candidate in MIRROR_CANDIDATES:
        path = Path(candidate).expanduser()
        if holds_provider(path):
            return path
    for root in MIRROR_SEARCH_ROOTS:
        found = _search(Path(root).expanduser(), MIRROR_SEARCH_DEPTH)
        if found is not None:
            return found
    return None


def _search(folder: Path, depth: int) -> Path | None:
    """The first folder at most ``depth`` levels under ``folder`` that holds the provider."""
    if holds_provider(folder):
        return folder
    if depth == 0:
        return None
    try:
        children = sorted(child for child in folder.iterdir() if child.is_dir() and not child.name.startswith("."))
    except OSError:
        return None
    for child in children:
        found = _search(child, depth - 1)
        if found is not None:
            return found
    return None


def missing_tools() -> str | None:
    """Why the Terraform checks cannot run here, or None when they can."""
    if shutil.which("terraform") is None:
        return "terraform is not on the PATH"
    if find_mirror() is None:
        where = os.environ.get("CDKTF_BATCH_TF_MIRROR") or ", ".join(MIRROR_CANDIDATES)
        return f"no filesystem mirror with hashicorp/aws {PROVIDER_VERSION} in {where} (set CDKTF_BATCH_TF_MIRROR)"
    return None


def _rewrite_strings(value: Any, rewrite: Any) -> Any:
    if isinstance(value, str):
        return rewrite(value)
    if isinstance(value, list):
        return [_rewrite_strings(item, rewrite) for item in value]
    if isinstance(value, dict):
        return {key: _rewrite_strings(item, rewrite) for key, item in value.items()}
    return value


def without_docker(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` without the kreuzwerker/docker provider and its resources, which the local
    mirror does not hold: references to them become placeholder strings. (The image build
    itself is checked by the tests of ``ContainerImage.from_asset`` on the JSON.)"""
    if "docker" not in doc.get("provider", {}) and not any(t.startswith("docker_") for t in doc.get("resource", {})):
        return doc
    doc = copy.deepcopy(doc)
    doc.get("provider", {}).pop("docker", None)
    doc.get("terraform", {}).get("required_providers", {}).pop("docker", None)
    for kind in ("resource", "data"):
        for type_name in [t for t in doc.get(kind, {}) if t.startswith("docker_")]:
            del doc[kind][type_name]
    pattern = re.compile(r"\$\{docker_[a-z_]+\.[A-Za-z0-9_-]+\.[a-z_]+\}")
    return _rewrite_strings(doc, lambda text: pattern.sub("docker-image-placeholder:latest", text))  # type: ignore[no-any-return]


def translate_for_provider_5(doc: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``doc`` that provider 5.100 reads as provider 6.25 reads ``doc``."""
    doc = copy.deepcopy(without_docker(doc))
    doc.setdefault("terraform", {}).setdefault("required_providers", {})["aws"] = {
        "source": "hashicorp/aws",
        "version": PROVIDER_VERSION,
    }
    for (kind, type_name), renames in PROVIDER_5_RENAMES.items():
        for body in doc.get(kind, {}).get(type_name, {}).values():
            for new, old in renames.items():
                if new in body:
                    body[old] = body.pop(new)

    for (kind, type_name, block, argument), values in PROVIDER_5_VALUES.items():
        for body in doc.get(kind, {}).get(type_name, {}).values():
            items = body.get(block) or []
            for item in items if isinstance(items, list) else [items]:
                if item.get(argument) in values:
                    item[argument] = values[item[argument]]

    for kind, type_name, path, argument in PROVIDER_5_MISSING:
        for body in doc.get(kind, {}).get(type_name, {}).values():
            for item in _nested(body, path):
                item.pop(argument, None)

    for kind in ("resource", "data"):
        for type_name, bodies in doc.get(kind, {}).items():
            if not type_name.startswith(PROVIDER_5_GLOBAL_TYPES):
                for body in bodies.values():
                    body.pop("region", None)

    def rewrite(text: str) -> str:
        def replace(match: re.Match[str]) -> str:
            kind = "data" if match.group(1) else "resource"
            renames = PROVIDER_5_RENAMES.get((kind, match.group(2)), {})
            attribute = match.group(4)[1:]
            if attribute in renames:
                return f"{match.group(1) or ''}{match.group(2)}.{match.group(3)}.{renames[attribute]}"
            return match.group(0)

        return _REFERENCE.sub(replace, text)

    return _rewrite_strings(doc, rewrite)  # type: ignore[no-any-return]


def _nested(body: dict[str, Any], path: tuple[str, ...]) -> list[dict[str, Any]]:
    """The blocks at ``path`` below ``body`` (a block is an object or a list of objects)."""
    blocks = [body]
    for name in path:
        found: list[dict[str, Any]] = []
        for block in blocks:
            value = block.get(name) or []
            found.extend(value if isinstance(value, list) else [value])
        blocks = [block for block in found if isinstance(block, dict)]
    return blocks


def merge(docs: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """One configuration holding every document, each block's name prefixed ``d<n>_``; so are
    the aliases of its AWS providers (blocks naming one keep naming it; the default provider
    is the merged configuration's own)."""
    merged: dict[str, Any] = {
        "terraform": {"required_providers": {"aws": {"source": "hashicorp/aws", "version": PROVIDER_VERSION}}},
        "provider": {"aws": [{"region": "us-east-1"}]},
    }
    for number, doc in enumerate(docs):
        prefix = f"d{number}_"
        addresses = {
            (kind, type_name, name)
            for kind in ("resource", "data")
            for type_name, bodies in doc.get(kind, {}).items()
            for name in bodies
        }

        def rewrite(text: str, prefix: str = prefix, addresses: set[tuple[str, str, str]] = addresses) -> str:
            def reference(match: re.Match[str]) -> str:
                kind = "data" if match.group(1) else "resource"
                if (kind, match.group(2), match.group(3)) in addresses:
                    return f"{match.group(1) or ''}{match.group(2)}.{prefix}{match.group(3)}{match.group(4)}"
                return match.group(0)

            text = _REFERENCE.sub(reference, text)
            return _NAMED.sub(lambda m: f"{m.group(1)}.{prefix}{m.group(2)}", text)

        for provider in doc.get("provider", {}).get("aws", []):
            if "alias" in provider:
                merged["provider"]["aws"].append({**provider, "alias": prefix + provider["alias"]})
        for kind in ("resource", "data"):
            for type_name, bodies in doc.get(kind, {}).items():
                target = merged.setdefault(kind, {}).setdefault(type_name, {})
                for name, body in bodies.items():
                    body = _rewrite_strings(body, rewrite)
                    aliased = body.pop("provider", "").partition("aws.")[2]
                    if aliased:
                        body["provider"] = f"aws.{prefix}{aliased}"
                    target[prefix + name] = body
        for kind in ("variable", "output", "locals"):
            for name, body in doc.get(kind, {}).items():
                merged.setdefault(kind, {})[prefix + name] = _rewrite_strings(body, rewrite)
    return merged


@dataclass
class TerraformValidator:
    """`terraform init` once into ``workdir``, then `terraform validate` on demand.

    Two test processes may share ``workdir`` (`make test` runs the lifecycle tier beside the
    rest of the same engine's suite): each init and validate holds a lock on it."""

    workdir: Path
    env: dict[str, str] = field(default_factory=dict)
    _initialised: bool = False

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.workdir.mkdir(parents=True, exist_ok=True)
        with open(self.workdir / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def _ensure_init(self) -> None:
        if self._initialised:
            return
        with self._locked():
            self._init()
        self._initialised = True

    def _init(self) -> None:
        mirror = find_mirror()
        assert mirror is not None, missing_tools()
        rc = self.workdir / "terraform.rc"
        rc.write_text(
            "provider_installation {\n"
            f'  filesystem_mirror {{\n    path    = "{mirror}"\n'
            '    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n'
            '  direct {\n    exclude = ["registry.terraform.io/hashicorp/aws"]\n  }\n}\n'
        )
        self.env = {
            **os.environ,
            "TF_CLI_CONFIG_FILE": str(rc),
            "CHECKPOINT_DISABLE": "1",
            "TF_IN_AUTOMATION": "1",
        }
        self.env.pop("TF_PLUGIN_CACHE_DIR", None)
        (self.workdir / "main.tf.json").write_text(json.dumps(merge([])))
        if not (self.workdir / ".terraform.lock.hcl").exists() or not (self.workdir / ".terraform").is_dir():
            self._run("init", "-input=false", "-backend=false", "-no-color")

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            ["terraform", *args], cwd=self.workdir, env=self.env, capture_output=True, text=True, timeout=600
        )
        if args[0] == "init" and result.returncode != 0:
            raise RuntimeError(f"terraform init failed:\n{result.stdout}\n{result.stderr}")
        return result

    def diagnostics(self, doc: dict[str, Any]) -> list[dict[str, Any]]:
        """Errors and warnings of `terraform validate` for one (already merged) configuration."""
        self._ensure_init()
        with self._locked():
            (self.workdir / "main.tf.json").write_text(json.dumps(doc, indent=1, sort_keys=True))
            result = self._run("validate", "-json", "-no-color")
        try:
            report = json.loads(result.stdout)
        except json.JSONDecodeError:
            raise RuntimeError(f"terraform validate gave no JSON:\n{result.stdout}\n{result.stderr}") from None
        return list(report.get("diagnostics", []))

    def check(self, docs: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
        """Problems by label, for documents validated together (and alone when together fails)."""
        translated = {label: translate_for_provider_5(doc) for label, doc in docs.items()}
        if not translated:
            return {}
        problems = self.diagnostics(merge(translated.values()))
        if not problems:
            return {}
        found: dict[str, list[str]] = {}
        for label, doc in translated.items():
            alone = self.diagnostics(merge([doc]))
            if alone:
                found[label] = [_describe(item) for item in alone]
        if not found:  # only the merge itself failed: report it whole
            found["(merged configuration)"] = [_describe(item) for item in problems]
        return found


def _describe(diagnostic: dict[str, Any]) -> str:
    where = diagnostic.get("address") or diagnostic.get("range", {}).get("filename", "")
    snippet = diagnostic.get("snippet", {}).get("context") or ""
    summary = f"{diagnostic.get('severity')}: {diagnostic.get('summary')} {where} {snippet}"
    return f"{summary}: {diagnostic.get('detail', '')}".strip()
