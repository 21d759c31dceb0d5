"""The example app as the cdktf CLI runs it in the lifecycle tier: synthesized as usual, then
each stack's JSON rewritten for the emulator (``lifecycle.for_emulator``: provider 5.100, the
emulator's endpoint from ``CDKTF_BATCH_EMULATOR``, local state) and given the mirror's lock
file. Everything else is the user's
path: ``cdktf deploy`` / ``cdktf destroy`` read these files and run Terraform on them."""

from __future__ import annotations

import json
import os
from pathlib import Path

from examples.main import build
from tests.engine import App
from tests.lifecycle import for_emulator


def main() -> None:
    app = build(App())
    app.synth()
    endpoint = os.environ["CDKTF_BATCH_EMULATOR"]
    lock = Path(os.environ["CDKTF_BATCH_LOCKFILE"]).read_text()
    for path in Path(app.outdir, "stacks").glob("*/cdk.tf.json"):
        path.write_text(json.dumps(for_emulator(json.loads(path.read_text()), endpoint), indent=2))
        # The mirror's lock file: without one the CLI asks the registry for every platform's
        # checksums (`terraform providers lock`), which this offline machine cannot reach.
        (path.parent / ".terraform.lock.hcl").write_text(lock)


if __name__ == "__main__":
    main()
