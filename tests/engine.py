"""The test suite's one seam to the CDK engine: ``cdktf`` (CDK for Terraform, the default) or
``cdktn`` (CDK Terrain), chosen by ``CDKTF_BATCH_ENGINE`` as for the library's scope-less code
and the example app. Tests take the engine's core classes and provider bindings from here and
never import ``cdktf``, ``cdktn`` or a provider package by name, so the same files run on either
engine (`make test` runs them on both).

The two engines write the same stack identically apart from the fields in ``SPECIFIC`` (the
AWS provider each one's bindings target, and its own version): tests assert those with the
engine's exact values (``REQUIRED_AWS``, ``VERSION``), and comparisons across engines
normalise only them (``normalise``).
"""

from __future__ import annotations

import copy
import importlib
import os
from pathlib import Path
from types import ModuleType
from typing import Any

import cdktf_batch  # noqa: F401  (before the engine: jsii then uses the virtualenv's Node)

ENGINES = ("cdktf", "cdktn")
NAME = os.environ.get("CDKTF_BATCH_ENGINE") or "cdktf"
if NAME not in ENGINES:
    raise RuntimeError(f"CDKTF_BATCH_ENGINE must be one of {', '.join(ENGINES)}; got {NAME!r}")

# Python packages of each engine: the core, and the bindings of the providers the library uses.
CORE = {"cdktf": "cdktf", "cdktn": "cdktn"}
AWS_PACKAGE = {"cdktf": "cdktf_cdktf_provider_aws", "cdktn": "cdktn_provider_aws"}
DOCKER_PACKAGE = {"cdktf": "cdktf_cdktf_provider_docker", "cdktn": "cdktn_provider_docker"}

# What each engine writes into `terraform.required_providers` and `//.metadata.version`
# (the provider versions its bindings were generated from, and its own version).
REQUIRED_AWS = {
    "cdktf": {"source": "aws", "version": "6.25.0"},
    "cdktn": {"source": "hashicorp/aws", "version": "6.69.1"},
}
REQUIRED_DOCKER = {
    "cdktf": {"source": "kreuzwerker/docker", "version": "3.6.2"},
    "cdktn": {"source": "kreuzwerker/docker", "version": "4.6.0"},
}
VERSION = {"cdktf": "0.21.0", "cdktn": "0.24.0"}

# Each engine's pinned CLI: cdktf-cli in the root package.json, cdktn-cli in tools/cdktn (apart,
# for its constructs <10.8). Both need the virtualenv's Node first on PATH.
_ROOT = Path(__file__).resolve().parent.parent
CLI = {
    "cdktf": _ROOT / "node_modules" / ".bin" / "cdktf",
    "cdktn": _ROOT / "tools" / "cdktn" / "node_modules" / ".bin" / "cdktn",
}

core: ModuleType = importlib.import_module(CORE[NAME])

# The core classes the tests use (the same names and signatures in both engines).
App: Any = core.App
Aspects: Any = core.Aspects
CloudBackend: Any = core.CloudBackend
Fn: Any = core.Fn
Lazy: Any = core.Lazy
NamedCloudWorkspace: Any = core.NamedCloudWorkspace
TerraformOutput: Any = core.TerraformOutput
TerraformStack: Any = core.TerraformStack
TerraformVariable: Any = core.TerraformVariable
Testing: Any = core.Testing
Token: Any = core.Token


class Bindings:
    """A provider's bindings by submodule, imported on first use: ``aws.iam_role.IamRole``
    (the same submodules, classes and keyword arguments in both engines)."""

    def __init__(self, package: str) -> None:
        self.package = package

    def __getattr__(self, module: str) -> ModuleType:
        if module.startswith("_"):
            raise AttributeError(module)
        return importlib.import_module(f"{self.package}.{module}")


aws = Bindings(AWS_PACKAGE[NAME])
docker = Bindings(DOCKER_PACKAGE[NAME])

PLACEHOLDER = "<engine-specific>"


def normalise(doc: dict[str, Any], name: str = NAME) -> dict[str, Any]:
    """A copy of a stack that engine ``name`` synthesized, with only what the engines write
    differently replaced by ``PLACEHOLDER``: ``//.metadata.version`` and the source and version
    of the AWS and Docker providers in ``terraform.required_providers``. Each must hold engine
    ``name``'s exact value (an AssertionError says which does not)."""
    doc = copy.deepcopy(doc)
    metadata = doc.get("//", {}).get("metadata", {})
    if "version" in metadata:
        assert metadata["version"] == VERSION[name], f"//.metadata.version: {metadata['version']!r} on {name}"
        metadata["version"] = PLACEHOLDER
    required = doc.get("terraform", {}).get("required_providers", {})
    for provider, expected in (("aws", REQUIRED_AWS[name]), ("docker", REQUIRED_DOCKER[name])):
        if provider in required:
            assert required[provider] == expected, f"required_providers.{provider}: {required[provider]} on {name}"
            required[provider] = {key: PLACEHOLDER for key in expected}
    return doc
