"""The versions the fast path has been tested with: the one list to extend when a version is tested.

The fast path relies on how jsii's Python runtime and kernel work inside (its ``program.js``,
its type map, its package cache) and on how pacmak lays out the engine's and the providers'
packages. Each of those is also checked by behaviour before use, but a version nobody has run it
with gets the usual path (and one :class:`~cdktf_batch.errors.LazyLoadingWarning` naming the
version), never a failure.

Two engines: CDK for Terraform (``cdktf``, its providers ``cdktf-cdktf-provider-*``) and CDK
Terrain (``cdktn``, its providers ``cdktn-provider-*``). Either may be installed alone, or both
side by side; each provider is checked against its own engine's version. Nothing here imports
an engine: versions come from the installed distributions' metadata.
"""

from __future__ import annotations

import importlib.metadata
import os
import sys
from dataclasses import dataclass

# Distribution name -> the versions tested; "1.142.*" is any 1.142 release (pyproject.toml
# admits jsii 1.142 only, for that reason).
TESTED: dict[str, tuple[str, ...]] = {
    "jsii": ("1.142.*",),
    "cdktf": ("0.21.0",),
    "cdktf-cdktf-provider-aws": ("21.22.1",),
    "cdktf-cdktf-provider-docker": ("12.0.3",),
    "cdktn": ("0.24.0",),
    "cdktn-provider-aws": ("25.8.1",),
    "cdktn-provider-docker": ("16.1.0",),
}


@dataclass(frozen=True)
class Engine:
    """One CDK engine: its core package (also its distribution's name) and its providers."""

    name: str  # "cdktf": the Python package and the distribution
    providers: dict[str, str]  # Python package -> distribution


ENGINES: dict[str, Engine] = {
    "cdktf": Engine(
        "cdktf",
        {
            "cdktf_cdktf_provider_aws": "cdktf-cdktf-provider-aws",
            "cdktf_cdktf_provider_docker": "cdktf-cdktf-provider-docker",
        },
    ),
    "cdktn": Engine(
        "cdktn",
        {
            "cdktn_provider_aws": "cdktn-provider-aws",
            "cdktn_provider_docker": "cdktn-provider-docker",
        },
    ),
}

# The Python packages of the providers of both engines, and their distributions.
PROVIDERS: dict[str, str] = {package: dist for engine in ENGINES.values() for package, dist in engine.providers.items()}

# The engine an app runs on where nothing else says (the library's own switch, read here too
# because the fast path starts before anything imports an engine).
ENGINE_VARIABLE = "CDKTF_BATCH_ENGINE"
DEFAULT_ENGINE = "cdktf"


def engine_of(provider_package: str) -> Engine:
    """The engine whose provider ``provider_package`` is."""
    return next(engine for engine in ENGINES.values() if provider_package in engine.providers)


def expected_engine() -> Engine:
    """The engine this process most likely runs on, found without importing one.

    The one already imported, else ``$CDKTF_BATCH_ENGINE`` if installed, else the only one
    installed, else cdktf. It only decides what the jsii kernel loads ahead of time and which engine's version
    must be tested for the kernel channel; each provider is still checked against its own engine.
    """
    imported = [engine for engine in ENGINES.values() if engine.name in sys.modules]
    if len(imported) == 1:
        return imported[0]
    installed = [engine for engine in ENGINES.values() if installed_version(engine.name) is not None]
    chosen = os.environ.get(ENGINE_VARIABLE, "").strip().lower()
    if chosen in {engine.name for engine in installed}:
        return ENGINES[chosen]
    if len(installed) == 1:
        return installed[0]
    return ENGINES[DEFAULT_ENGINE]


def installed_version(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def is_tested(distribution: str, version: str) -> bool:
    return any(
        version == tested or (tested.endswith(".*") and version.startswith(tested[:-1]))
        for tested in TESTED[distribution]
    )


def untested(*distributions: str) -> str | None:
    """Why the installed versions of ``distributions`` are not trusted (None: all tested)."""
    for distribution in distributions:
        version = installed_version(distribution)
        if version is None:
            return f"{distribution} is not installed as a distribution"
        if not is_tested(distribution, version):
            tested = ", ".join(TESTED[distribution])
            return f"{distribution} {version} has not been tested with it (tested: {tested})"
    return None
