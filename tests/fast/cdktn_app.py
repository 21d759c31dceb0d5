"""A small CDK Terrain app on the plain ``cdktn_provider_aws`` batch_* classes (and the Docker
provider), for tests/fast/test_cdktn.py: ``python -m tests.fast.cdktn_app`` writes its stack to
``$CDKTF_OUTDIR``. Only the provider classes: the fast path is what is under test.
"""

from __future__ import annotations

import json
import os

from cdktn import App, TerraformOutput, TerraformStack
from cdktn_provider_aws.batch_compute_environment import (
    BatchComputeEnvironment,
    BatchComputeEnvironmentComputeResources,
)
from cdktn_provider_aws.batch_job_definition import BatchJobDefinition, BatchJobDefinitionRetryStrategy
from cdktn_provider_aws.batch_job_queue import BatchJobQueue, BatchJobQueueComputeEnvironmentOrder
from cdktn_provider_aws.batch_scheduling_policy import (
    BatchSchedulingPolicy,
    BatchSchedulingPolicyFairSharePolicy,
    BatchSchedulingPolicyFairSharePolicyShareDistribution,
)
from cdktn_provider_aws.provider import AwsProvider
from cdktn_provider_docker.provider import DockerProvider


def build(app: App) -> TerraformStack:
    stack = TerraformStack(app, "batch")
    AwsProvider(stack, "aws", region="eu-west-1")
    DockerProvider(stack, "docker")
    environment = BatchComputeEnvironment(
        stack,
        "Environment",
        name="fargate",
        type="MANAGED",
        compute_resources=BatchComputeEnvironmentComputeResources(
            type="FARGATE_SPOT", max_vcpus=16, subnets=["subnet-1"], security_group_ids=["sg-1"]
        ),
    )
    policy = BatchSchedulingPolicy(
        stack,
        "Policy",
        name="fair",
        fair_share_policy=BatchSchedulingPolicyFairSharePolicy(
            compute_reservation=1,
            share_decay_seconds=3600,
            share_distribution=[
                BatchSchedulingPolicyFairSharePolicyShareDistribution(share_identifier="A*", weight_factor=0.5)
            ],
        ),
    )
    queue = BatchJobQueue(
        stack,
        "Queue",
        name="queue",
        priority=1,
        state="ENABLED",
        scheduling_policy_arn=policy.arn,
        compute_environment_order=[BatchJobQueueComputeEnvironmentOrder(order=1, compute_environment=environment.arn)],
    )
    definition = BatchJobDefinition(
        stack,
        "Job",
        name="job",
        type="container",
        platform_capabilities=["FARGATE"],
        retry_strategy=BatchJobDefinitionRetryStrategy(attempts=3),
        container_properties=json.dumps(
            {
                "image": "public.ecr.aws/docker/library/busybox:latest",
                "command": ["echo", "hello"],
                "resourceRequirements": [{"type": "VCPU", "value": "0.25"}, {"type": "MEMORY", "value": "512"}],
            }
        ),
    )
    TerraformOutput(stack, "queue_arn", value=queue.arn)
    TerraformOutput(stack, "job_definition_arn", value=definition.arn)
    return stack


def main() -> None:
    app = App(outdir=os.environ.get("CDKTF_OUTDIR", "cdktf.out"))
    build(app)
    app.synth()


if __name__ == "__main__":
    main()
