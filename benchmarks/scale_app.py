"""A cdktf_batch app of N job definitions, for the benchmark's scaling runs.

One stack: a VPC and, per group of ten job definitions, one managed EC2 compute environment
and one job queue on it. Every job definition is a container job with its own command,
parameters, environment, retries and timeout, as an application with many jobs would have.

    CDKTF_OUTDIR=/tmp/out python -m benchmarks.scale_app 100
"""

from __future__ import annotations

import datetime
import sys

import cdktf_batch as batch  # before cdktf: points jsii at the virtualenv's Node

# isort: split
from cdktf import App, TerraformStack
from cdktf_cdktf_provider_aws.provider import AwsProvider
from constructs import Construct

GROUP = 10  # job definitions per compute environment and job queue


class ScaleStack(TerraformStack):
    def __init__(self, scope: Construct, construct_id: str, *, job_definitions: int) -> None:
        super().__init__(scope, construct_id)
        AwsProvider(self, "aws", region="us-east-1")
        vpc = batch.Vpc(self, "VPC")
        image = batch.ContainerImage.from_registry("public.ecr.aws/amazonlinux/amazonlinux:2023")
        for group in range((job_definitions + GROUP - 1) // GROUP):
            environment = batch.ComputeEnvironment(
                self,
                f"Environment{group}",
                compute_resources=batch.ComputeResources(vpc=vpc, maxv_cpus=64),
            )
            batch.JobQueue(
                self,
                f"Queue{group}",
                compute_environments=[batch.JobQueueComputeEnvironment(compute_environment=environment, order=1)],
            )
            for job in range(group * GROUP, min((group + 1) * GROUP, job_definitions)):
                batch.JobDefinition(
                    self,
                    f"Job{job}",
                    container=batch.JobDefinitionContainer(
                        image=image,
                        command=["sh", "-c", f"echo job {job}: Ref::message"],
                        vcpus=1,
                        memory_limit_mib=2048,
                        environment={"JOB_INDEX": str(job)},
                    ),
                    parameters={"message": "hello"},
                    retry_attempts=2,
                    timeout=datetime.timedelta(hours=1),
                )


def main(argv: list[str]) -> None:
    if len(argv) != 1 or not argv[0].isdigit() or int(argv[0]) < 1:
        raise SystemExit("usage: python -m benchmarks.scale_app N  (N >= 1 job definitions)")
    app = App()
    ScaleStack(app, "scale", job_definitions=int(argv[0]))
    app.synth()


if __name__ == "__main__":
    main(sys.argv[1:])
