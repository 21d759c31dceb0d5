"""The seed's "Job Queue" section, as cdktf_batch code, plus fair-share scheduling, job
state time limits and a submit grant."""

from __future__ import annotations

import datetime

from constructs import Construct

import cdktf_batch as batch
from examples.engine import AwsProvider, IamRole, TerraformOutput, TerraformStack


class JobQueuesStack(TerraformStack):
    """Queues on shared environments, priorities, imports and fair share."""

    def __init__(self, scope: Construct, construct_id: str, *, region: str) -> None:
        super().__init__(scope, construct_id)
        AwsProvider(self, "aws", region=region)
        vpc = batch.Vpc(self, "VPC")
        compute_environment = batch.ComputeEnvironment(
            self, "ComputeEnvironment", compute_resources=batch.ComputeResources(vpc=vpc, maxv_cpus=32)
        )

        # A queue on one environment.
        job_queue = batch.JobQueue(
            self,
            "JobQueue",
            compute_environments=[
                batch.JobQueueComputeEnvironment(
                    # Defines a collection of compute resources to handle assigned batch jobs
                    compute_environment=compute_environment,
                    # Lower order means higher preference for job assignment
                    order=1,
                )
            ],
        )

        # Priority-based queues sharing environments: the high priority queue is served first.
        shared_compute_envs = batch.ComputeEnvironment(
            self,
            "SharedSpot",
            compute_resources=batch.ComputeResources(vpc=vpc, type=batch.ComputeResourceType.SPOT, maxv_cpus=64),
        )
        high_prio_queue = batch.JobQueue(
            self,
            "HighPrioQueue",
            compute_environments=[batch.JobQueueComputeEnvironment(compute_environment=shared_compute_envs, order=1)],
            priority=2,
        )
        low_prio_queue = batch.JobQueue(
            self,
            "LowPrioQueue",
            compute_environments=[batch.JobQueueComputeEnvironment(compute_environment=shared_compute_envs, order=1)],
            priority=1,
        )
        # Spill over to On-Demand when Spot is short.
        low_prio_queue.add_compute_environment(compute_environment, 2)

        # Importing an existing job queue.
        imported_queue = batch.JobQueue.from_job_queue_arn(
            self, "imported-job-queue", "arn:aws:batch:us-east-1:555555555555:job-queue/High-Prio-Queue"
        )

        # Fair share: teams get compute by weight, and jobs stuck behind missing capacity are
        # cancelled after an hour.
        fargate = batch.ComputeEnvironment(
            self,
            "Fargate",
            compute_resources=batch.ComputeResources(vpc=vpc, type=batch.ComputeResourceType.FARGATE, maxv_cpus=16),
        )
        policy = batch.FairshareSchedulingPolicy(
            self,
            "FairShare",
            shares=[batch.Share(share_identifier="research", weight_factor=0.5)],
            share_decay=datetime.timedelta(hours=1),
            compute_reservation=10,
        )
        policy.add_share(batch.Share(share_identifier="etl*", weight_factor=1.0))
        fair_share_queue = batch.JobQueue(
            self,
            "FairShareQueue",
            compute_environments=[batch.JobQueueComputeEnvironment(compute_environment=fargate, order=1)],
            scheduling_policy=policy,
            job_state_time_limit_actions=[
                batch.JobStateTimeLimitAction(
                    action=batch.JobStateTimeLimitActionsAction.CANCEL,
                    max_time=datetime.timedelta(hours=1),
                    reason=batch.JobStateTimeLimitActionsReason.INSUFFICIENT_INSTANCE_CAPACITY,
                    state=batch.JobStateTimeLimitActionsState.RUNNABLE,
                )
            ],
        )

        # A role (say, a scheduler's) that may submit one job definition to one queue.
        submitter = IamRole(
            self,
            "Submitter",
            name_prefix="batch-submitter-",
            assume_role_policy=batch.iam.trust_policy("lambda.amazonaws.com"),
        )
        job_queue.grant_submit_job(submitter, "arn:aws:batch:us-east-1:555555555555:job-definition/nightly-report:1")

        for name, queue in (
            ("job_queue_arn", job_queue),
            ("high_prio_queue_arn", high_prio_queue),
            ("low_prio_queue_arn", low_prio_queue),
            ("imported_queue_arn", imported_queue),
            ("fair_share_queue_arn", fair_share_queue),
        ):
            TerraformOutput(self, name, value=queue.job_queue_arn)
