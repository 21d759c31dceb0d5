"""The versions the fast path has been tested with: the one list to extend when a version is tested.

The fast path relies on how jsii's Python runtime and kernel work inside (its ``program.js``,
its type map, its package cache) and on how pacmak lays out cdktf and provider packages. Each
of those is also checked by behaviour before use, but a version nobody has run it with gets the
usual path (and one :class:`~cdktf_batch.errors.LazyLoadingWarning` naming the version), never
a failure.
"""

from __future__ import annotations

import importlib.metadata

# Distribution name -> the versions tested; "1.142.*" is any 1.142 release (pyproject.toml
# admits jsii 1.142 only, for that reason).
TESTED: dict[str, tuple[str, ...]] = {
    "jsii": ("1.142.*",),
    "cdktf": ("0.21.0",),
    "cdktf-cdktf-provider-aws": ("21.22.1",),
    "cdktf-cdktf-provider-docker": ("12.0.3",),
}

# The Python packages of the providers, and their distributions.
PROVIDERS: dict[str, str] = {
    "cdktf_cdktf_provider_aws": "cdktf-cdktf-provider-aws",
    "cdktf_cdktf_provider_docker": "cdktf-cdktf-provider-docker",
}


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
