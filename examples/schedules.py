"""Jobs that nobody submits by hand: a nightly report on an EventBridge Scheduler schedule, a
job per file landing in S3 (an EventBridge rule), and a notification when a job fails."""

from __future__ import annotations

import datetime
import json

from constructs import Construct

import cdktf_batch as batch
from examples.engine import (
    AwsProvider,
    DataAwsCallerIdentity,
    DataAwsPartition,
    KmsKey,
    S3BucketNotification,
    SnsTopic,
    SnsTopicPolicy,
    SqsQueue,
    SqsQueuePolicy,
    TerraformOutput,
    TerraformStack,
)

IMAGE = batch.ContainerImage.from_registry("public.ecr.aws/amazonlinux/amazonlinux:2023")


class SchedulesStack(TerraformStack):
    """JobSchedule, JobTrigger.for_s3_objects and on_job_state_change on one Fargate queue."""

    def __init__(self, scope: Construct, construct_id: str, *, region: str, bucket_name: str = "incoming-data") -> None:
        super().__init__(scope, construct_id)
        AwsProvider(self, "aws", region=region)

        # A Fargate queue in the default VPC's (public) subnets.
        vpc = batch.Vpc.from_lookup(self, "DefaultVpc", is_default=True)
        fargate = batch.ComputeEnvironment(
            self,
            "Fargate",
            compute_resources=batch.ComputeResources(
                type=batch.ComputeResourceType.FARGATE,
                vpc=vpc,
                vpc_subnets=batch.SubnetSelection(subnet_type=batch.SubnetType.PUBLIC),
                maxv_cpus=16,
            ),
        )
        queue = batch.JobQueue(
            self,
            "Queue",
            compute_environments=[batch.JobQueueComputeEnvironment(compute_environment=fargate, order=1)],
        )

        def fargate_job(construct_id: str, command: list[str], parameters: dict[str, str]) -> batch.JobDefinition:
            return batch.JobDefinition(
                self,
                construct_id,
                platform_capabilities=[batch.PlatformCapabilities.FARGATE],
                container=batch.JobDefinitionContainer(image=IMAGE, command=command, assign_public_ip=True),
                parameters=parameters,
            )

        report = fargate_job("ReportJob", ["echo", "report for", "Ref::day"], {"day": "today"})
        ingest = fargate_job("IngestJob", ["echo", "Ref::bucket", "Ref::key", "Ref::size"], {"size": "unknown"})

        # Submissions that failed every retry land here (encrypted at rest by SQS).
        failed_submissions = SqsQueue(
            self, "FailedSubmissions", name_prefix="batch-failed-submissions-", sqs_managed_sse_enabled=True
        )

        # Scheduler keeps the submission (queue, definition, parameters, overrides) encrypted
        # with this key rather than an AWS owned one. Its policy (AWS's default, written out)
        # lets the account's IAM policies grant its use, as the schedule's role gets.
        account = DataAwsCallerIdentity(self, "Account").account_id
        partition = DataAwsPartition(self, "Partition").partition
        schedule_key = KmsKey(
            self,
            "ScheduleKey",
            description="EventBridge Scheduler: the nightly report's submission",
            enable_key_rotation=True,
            deletion_window_in_days=7,
            policy=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Sid": "AccountIamPolicies",
                            "Effect": "Allow",
                            "Principal": {"AWS": f"arn:{partition}:iam::{account}:root"},
                            "Action": "kms:*",
                            "Resource": "*",
                        }
                    ],
                }
            ),
        )

        # Every night at 02:00 Paris time, within 15 minutes: the schedule's role may submit
        # exactly this job definition to exactly this queue, send to the dead-letter queue and
        # decrypt with exactly this key.
        nightly = batch.JobSchedule(
            self,
            "NightlyReport",
            job_queue=queue,
            job_definition=report,
            schedule=batch.Schedule.cron(minute="0", hour="2"),
            time_zone="Europe/Paris",
            flexible_window=datetime.timedelta(minutes=15),
            parameters={"day": "yesterday"},
            container_overrides=batch.ContainerOverrides(environment={"REPORT_FORMAT": "pdf"}),
            retry_attempts=2,
            maximum_event_age=datetime.timedelta(hours=6),
            maximum_retry_attempts=20,
            dead_letter_queue=failed_submissions,
            kms_key=schedule_key,
        )

        # A job per CSV file created under uploads/: the bucket and key become the job's
        # parameters, and an input transformer adds the object's size from the event.
        # The bucket (not created here) must send its events to EventBridge.
        S3BucketNotification(self, "IncomingToEventBridge", bucket=bucket_name, eventbridge=True)
        uploads = batch.JobTrigger.for_s3_objects(
            self,
            "OnUpload",
            bucket_name=bucket_name,
            prefix="uploads/",
            suffix=".csv",
            job_queue=queue,
            job_definition=ingest,
            parameters={"size": "<size>"},
            input_paths={"size": "$.detail.object.size"},
            maximum_retry_attempts=3,
            dead_letter_queue=failed_submissions.arn,
        )
        # EventBridge sends a rule's dead letters with the queue's own policy.
        SqsQueuePolicy(
            self,
            "FailedSubmissionsPolicy",
            queue_url=failed_submissions.url,
            policy=json.dumps(
                {"Version": "2012-10-17", "Statement": [uploads.dead_letter_statement(failed_submissions.arn)]}
            ),
        )

        # Failed jobs of the queue, to an SNS topic that lets this rule publish.
        job_failures = SnsTopic(self, "JobFailures", name_prefix="batch-job-failures-")
        failures = queue.on_job_state_change(
            "NotifyFailures", target_arn=job_failures.arn, statuses=[batch.JobStatus.FAILED]
        )
        SnsTopicPolicy(
            self,
            "JobFailuresPolicy",
            arn=job_failures.arn,
            policy=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "events.amazonaws.com"},
                            "Action": "sns:Publish",
                            "Resource": job_failures.arn,
                            "Condition": {"ArnEquals": {"aws:SourceArn": failures.rule.arn}},
                        }
                    ],
                }
            ),
        )

        TerraformOutput(self, "queue_arn", value=queue.job_queue_arn)
        TerraformOutput(self, "schedule_arn", value=nightly.schedule_arn)
        TerraformOutput(self, "upload_rule_arn", value=uploads.rule_arn)
        TerraformOutput(self, "failure_rule_arn", value=failures.rule.arn)
        TerraformOutput(self, "failed_submissions_url", value=failed_submissions.url)
        TerraformOutput(self, "job_failures_topic_arn", value=job_failures.arn)
