"""The floor of a Python app on an engine: one empty stack, no provider.

``python -m benchmarks.empty_app`` on cdktf, with ``CDKTF_BATCH_ENGINE=cdktn`` on CDK Terrain;
``--fast`` imports cdktf_batch first, so the app starts the way the example app does (jsii's
kernel reached without its relay, the engine's assembly loaded while Python imports). What that
costs (starting Python, importing jsii and the engine, booting the Node kernel, synthesizing) is
paid by every app that uses cdktf_batch before it builds anything. The benchmark measures it
beside the plain bindings (variants ``floor`` and ``tn-floor``): what a ratio target leaves above
it is all the example app's resources may cost.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING


def main() -> None:
    if "--fast" in sys.argv[1:]:
        import cdktf_batch  # noqa: F401  (the fast path: must come before the engine)
    if TYPE_CHECKING or os.environ.get("CDKTF_BATCH_ENGINE", "").strip().lower() != "cdktn":
        from cdktf import App, TerraformStack
    else:
        from cdktn import App, TerraformStack
    app = App()
    TerraformStack(app, "empty")
    app.synth()


if __name__ == "__main__":
    main()
