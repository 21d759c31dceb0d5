"""The example app that `cdktf synth` runs (see cdktf.json): one stack per seed section, one for
Batch on EKS and one for scheduled and event-driven jobs.

On CDK for Terraform by default; `CDKTF_BATCH_ENGINE=cdktn` runs the same app on CDK Terrain.

Run from the repository root; output goes where cdktf says (CDKTF_OUTDIR), as in any cdktf app.
"""

from __future__ import annotations

import os

from examples.backend import configure_backend
from examples.compute_environments import ComputeEnvironmentsStack
from examples.eks import EksStack
from examples.engine import App
from examples.job_definitions import JobDefinitionsStack
from examples.job_queues import JobQueuesStack
from examples.schedules import SchedulesStack

REGION = os.environ.get("AWS_REGION", "us-east-1")


def build(app: App, *, region: str = REGION) -> App:
    """Add every example stack to ``app``, each with the configured state backend."""
    for stack in (
        ComputeEnvironmentsStack(app, "compute-environments", region=region),
        JobQueuesStack(app, "job-queues", region=region),
        JobDefinitionsStack(app, "job-definitions", region=region),
        EksStack(app, "eks", region=region),
        SchedulesStack(app, "schedules", region=region),
    ):
        configure_backend(stack)
    return app


def main() -> None:
    app = build(App())
    app.synth()


if __name__ == "__main__":
    main()
