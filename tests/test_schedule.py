"""JobSchedule and Schedule: a job submitted by EventBridge Scheduler, its expressions, its role
and its SubmitJob request (validated against botocore's SubmitJobRequest)."""

from __future__ import annotations

import datetime
import json
import time
from collections.abc import Iterator
from typing import Any

import botocore.session
import pytest
from botocore.validate import ParamValidator

import cdktf_batch as batch
from tests.conftest import VPC, one, resources, synth

QUEUE_ARN = "arn:aws:batch:us-east-1:123456789012:job-queue/nightly"
IMAGE = batch.ContainerImage.from_registry("busybox")
PARTITION = "${data.aws_partition.cdktf-batch-partition.partition}"
ACCOUNT = "${data.aws_caller_identity.cdktf-batch-caller.account_id}"


def submit_job_problems(request: dict[str, Any]) -> str:
    """botocore's report on ``request`` (Scheduler's PascalCase keys, as the API's camelCase)."""

    def camel(value: Any) -> Any:
        if isinstance(value, dict):
            return {key[0].lower() + key[1:]: camel(item) for key, item in value.items()}
        if isinstance(value, list):
            return [camel(item) for item in value]
        return value

    model = botocore.session.get_session().get_service_model("batch")
    report = ParamValidator().validate(camel(request), model.operation_model("SubmitJob").input_shape)
    return report.generate_report()  # type: ignore[no-any-return]


class TestExpressions:
    @pytest.mark.parametrize(
        ("interval", "expression"),
        [
            (datetime.timedelta(minutes=1), "rate(1 minute)"),
            (datetime.timedelta(minutes=90), "rate(90 minutes)"),
            (datetime.timedelta(hours=1), "rate(1 hour)"),
            (datetime.timedelta(hours=36), "rate(36 hours)"),
            (datetime.timedelta(days=1), "rate(1 day)"),
            (datetime.timedelta(days=14), "rate(14 days)"),
        ],
    )
    def test_rates(self, interval: datetime.timedelta, expression: str) -> None:
        assert batch.Schedule.rate(interval).expression_string == expression

    @pytest.mark.parametrize(
        ("interval", "message"),
        [
            (
                datetime.timedelta(seconds=59),
                "schedule: must be a whole number of minutes, got datetime.timedelta(seconds=59)",
            ),
            (
                datetime.timedelta(seconds=90),
                "schedule: must be a whole number of minutes, got datetime.timedelta(seconds=90)",
            ),
            (datetime.timedelta(0), "schedule: must be of at least 1 minutes, got datetime.timedelta(0)"),
        ],
    )
    def test_rates_refused(self, interval: datetime.timedelta, message: str) -> None:
        with pytest.raises(batch.ValidationError) as raised:
            batch.Schedule.rate(interval)
        assert str(raised.value) == message

    @pytest.mark.parametrize(
        ("kwargs", "expression"),
        [
            ({}, "cron(* * * * ? *)"),
            ({"minute": "0", "hour": "2"}, "cron(0 2 * * ? *)"),
            ({"minute": "30", "hour": "8", "week_day": "MON-FRI"}, "cron(30 8 ? * MON-FRI *)"),
            ({"minute": "0", "hour": "0", "day": "L"}, "cron(0 0 L * ? *)"),
            ({"minute": "0/15", "hour": "9-17", "day": "15W", "month": "JAN,JUL"}, "cron(0/15 9-17 15W JAN,JUL ? *)"),
            ({"minute": "0", "hour": "12", "week_day": "2#3", "year": "2027-2030"}, "cron(0 12 ? * 2#3 2027-2030)"),
            ({"minute": "59", "hour": "23", "week_day": "6L"}, "cron(59 23 ? * 6L *)"),
            ({"minute": "0", "hour": "0", "day": "1", "month": "12", "year": "2199"}, "cron(0 0 1 12 ? 2199)"),
            ({"day": "?", "week_day": "MON"}, "cron(* * ? * MON *)"),  # both given, one of them ?
            ({"day": "1", "week_day": "?"}, "cron(* * 1 * ? *)"),
        ],
    )
    def test_crons(self, kwargs: dict[str, str], expression: str) -> None:
        assert batch.Schedule.cron(**kwargs).expression_string == expression

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"minute": "60"}, "schedule.minute: must be within 0-59, got '60'"),
            ({"hour": "24"}, "schedule.hour: must be within 0-23, got '24'"),
            ({"day": "32"}, "schedule.day: must be within 1-31, got '32'"),
            ({"day": "0"}, "schedule.day: must be within 1-31, got '0'"),
            ({"month": "13"}, "schedule.month: must be within 1-12, got '13'"),
            ({"year": "2200"}, "schedule.year: must be within 1970-2199, got '2200'"),
            ({"week_day": "8"}, "schedule.week_day: must be within 1-7, got '8'"),
            ({"minute": ""}, "schedule.minute: must not be empty, got ''"),
            ({"hour": 5}, "schedule.hour: must be a string, got 5"),
            ({"minute": "L"}, "schedule.minute: must be a cron field of numbers 0-59 with , - * /, got 'L'"),
            ({"hour": "5W"}, "schedule.hour: must be a cron field of numbers 0-23 with , - * /, got '5W'"),
            (
                {"month": "JANUARY"},
                "schedule.month: must be a cron field of numbers 1-12 or JAN-DEC with , - * /, got 'JANUARY'",
            ),
            (
                {"day": "1", "week_day": "MON"},
                "schedule.week_day: give day or week_day, not both (the other is ?), got 'MON'",
            ),
        ],
    )
    def test_crons_refused(self, kwargs: dict[str, str], message: str) -> None:
        with pytest.raises(batch.ValidationError) as raised:
            batch.Schedule.cron(**kwargs)
        assert str(raised.value) == message

    def test_one_time_and_written_out(self) -> None:
        assert (
            batch.Schedule.at(datetime.datetime(2027, 1, 1, 3, 0, 0, 999)).expression_string
            == "at(2027-01-01T03:00:00)"
        )
        paris = datetime.timezone(datetime.timedelta(hours=1))
        aware = datetime.datetime(2027, 1, 1, 3, 0, tzinfo=paris)
        assert batch.Schedule.at(aware).expression_string == "at(2027-01-01T02:00:00)"
        assert batch.Schedule.expression("cron(0 2 * * ? *)").expression_string == "cron(0 2 * * ? *)"
        with pytest.raises(batch.ValidationError) as raised:
            batch.Schedule.expression("every night")
        assert (
            str(raised.value)
            == "schedule: must be a Scheduler expression: at(...), rate(...) or cron(...), got 'every night'"
        )

    def test_an_expression_of_up_to_256_characters(self) -> None:
        longest = "rate(" + "1" * 250 + ")"
        assert batch.Schedule.expression(longest).expression_string == longest
        with pytest.raises(batch.ValidationError) as raised:
            batch.Schedule.expression("rate(" + "1" * 251 + ")")
        assert str(raised.value) == (
            "schedule: must be a Scheduler expression: at(...), rate(...) or cron(...), got 'rate(" + "1" * 191 + "..."
        )

    @pytest.mark.parametrize(
        ("moment", "message"),
        [
            ("2027-01-01", "schedule: must be a datetime.datetime, got '2027-01-01'"),
            (None, "schedule: must be a datetime.datetime, got None"),
        ],
    )
    def test_a_one_time_schedule_needs_a_datetime(self, moment: Any, message: str) -> None:
        with pytest.raises(batch.ValidationError) as raised:
            batch.Schedule.at(moment)
        assert str(raised.value) == message


def schedule(**kwargs: Any) -> Any:
    def build(stack: Any) -> Any:
        queue = kwargs.pop("job_queue", None) or batch.JobQueue.from_job_queue_arn(stack, "Queue", QUEUE_ARN)
        job = batch.JobDefinition(stack, "Job", container=batch.JobDefinitionContainer(image=IMAGE))
        kwargs.setdefault("schedule", batch.Schedule.cron(minute="0", hour="2"))
        return batch.JobSchedule(
            stack, "Nightly", job_queue=queue(stack) if callable(queue) else queue, job_definition=job, **kwargs
        )

    return build


def test_a_nightly_job() -> None:
    doc = synth(
        schedule(
            time_zone="Europe/Paris",
            flexible_window=datetime.timedelta(minutes=15),
            parameters={"day": "today"},
            array_size=10,
            retry_attempts=2,
            timeout=datetime.timedelta(hours=1),
            container_overrides=batch.ContainerOverrides(
                command=["report", "--day", "Ref::day"],
                environment={"MODE": "nightly"},
                vcpus=0.5,
                memory_limit_mib=2048,
            ),
            job_tags={"team": "data"},
            maximum_event_age=datetime.timedelta(hours=2),
            maximum_retry_attempts=3,
            dead_letter_queue="arn:aws:sqs:us-east-1:123456789012:batch-dead-letters",
            description="The nightly report",
        )
    )
    rendered = dict(one(resources(doc, "aws_scheduler_schedule")))  # a copy: the stack is validated later
    target = dict(rendered.pop("target"))
    request = json.loads(target.pop("input"))
    (role_id,) = resources(doc, "aws_iam_role")
    grants = resources(doc, "aws_iam_role_policy")
    assert rendered == {
        "name": "test-Nightly-a55d5589",
        "schedule_expression": "cron(0 2 * * ? *)",
        "schedule_expression_timezone": "Europe/Paris",
        "flexible_time_window": {"mode": "FLEXIBLE", "maximum_window_in_minutes": 15},
        "state": "ENABLED",
        "description": "The nightly report",
        # Created after its permissions, destroyed before them.
        "depends_on": [
            "aws_iam_role_policy.Nightly_SubmitJobGrant0_1E9FE2DF",
            "aws_iam_role_policy.Nightly_DeliveryGrant_2C1D4173",
        ],
    }
    assert target == {
        "arn": f"arn:{PARTITION}:scheduler:::aws-sdk:batch:submitJob",
        "role_arn": f"${{aws_iam_role.{role_id}.arn}}",
        "retry_policy": {"maximum_event_age_in_seconds": 7200, "maximum_retry_attempts": 3},
        "dead_letter_config": {"arn": "arn:aws:sqs:us-east-1:123456789012:batch-dead-letters"},
    }
    job_id = next(iter(resources(doc, "aws_batch_job_definition")))
    assert request == {
        "JobName": "test-Nightly-a55d5589",
        "JobQueue": "${data.aws_batch_job_queue.Queue_4A7E3555.arn}",
        "JobDefinition": f"${{aws_batch_job_definition.{job_id}.arn}}",
        "Parameters": {"day": "today"},
        "ArrayProperties": {"Size": 10},
        "RetryStrategy": {"Attempts": 2},
        "Timeout": {"AttemptDurationSeconds": 3600},
        "ContainerOverrides": {
            "Command": ["report", "--day", "Ref::day"],
            "Environment": [{"Name": "MODE", "Value": "nightly"}],
            "ResourceRequirements": [{"Type": "VCPU", "Value": "0.5"}, {"Type": "MEMORY", "Value": "2048"}],
        },
        "Tags": {"team": "data"},
    }
    assert submit_job_problems(request) == ""
    delivery = json.loads(grants["Nightly_DeliveryGrant_2C1D4173"]["policy"])["Statement"]
    assert delivery == [
        {
            "Sid": "DeadLetters",
            "Effect": "Allow",
            "Action": "sqs:SendMessage",
            "Resource": "arn:aws:sqs:us-east-1:123456789012:batch-dead-letters",
        },
        {
            # Tags at submission: Batch tags the job on the caller's behalf.
            "Sid": "TagSubmittedJobs",
            "Effect": "Allow",
            "Action": "batch:TagResource",
            "Resource": f"arn:{PARTITION}:batch:${{data.aws_region.cdktf-batch-region.region}}:{ACCOUNT}:job/*",
        },
    ]


def test_the_role_trusts_the_scheduler_of_this_account_and_may_submit_only_this_job() -> None:
    doc = synth(schedule(dead_letter_queue="arn:aws:sqs:us-east-1:123456789012:batch-dead-letters"))
    role = one(resources(doc, "aws_iam_role"))
    assert (role["name_prefix"], role["description"]) == (
        "test-Nightly-Role-f325bbc1-",
        "EventBridge Scheduler submitting the AWS Batch job of test/Nightly",
    )
    assert json.loads(role["assume_role_policy"]) == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "scheduler.amazonaws.com"},
                "Action": "sts:AssumeRole",
                "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
            }
        ],
    }
    assert resources(doc, "aws_iam_role_policy_attachment") == {}  # no managed policy
    job_id = next(iter(resources(doc, "aws_batch_job_definition")))
    statements = sorted(
        (
            statement
            for grant in resources(doc, "aws_iam_role_policy").values()
            for statement in json.loads(grant["policy"])["Statement"]
        ),
        key=lambda statement: statement["Sid"],
    )
    assert statements == [
        {
            "Sid": "DeadLetters",
            "Effect": "Allow",
            "Action": "sqs:SendMessage",
            "Resource": "arn:aws:sqs:us-east-1:123456789012:batch-dead-letters",
        },
        {
            "Sid": "SubmitJob",
            "Effect": "Allow",
            "Action": "batch:SubmitJob",
            "Resource": [
                "${data.aws_batch_job_queue.Queue_4A7E3555.arn}",
                f"${{aws_batch_job_definition.{job_id}.arn}}",
            ],
        },
    ]


def test_a_given_role_is_granted_and_used() -> None:
    doc = synth(schedule(role="arn:aws:iam::123456789012:role/scheduler"))
    assert resources(doc, "aws_iam_role") == {}
    assert (
        one(resources(doc, "aws_scheduler_schedule"))["target"]["role_arn"]
        == "arn:aws:iam::123456789012:role/scheduler"
    )
    assert one(resources(doc, "aws_iam_role_policy"))["role"] == "scheduler"


def test_the_smallest_schedule_renders_only_what_is_given() -> None:
    doc = synth(schedule(schedule=batch.Schedule.rate(datetime.timedelta(hours=1))))
    rendered = one(resources(doc, "aws_scheduler_schedule"))
    assert rendered["flexible_time_window"] == {"mode": "OFF"}
    assert "schedule_expression_timezone" not in rendered  # the provider's default: UTC
    assert set(rendered["target"]) == {"arn", "role_arn", "input"}
    assert set(json.loads(rendered["target"]["input"])) == {"JobName", "JobQueue", "JobDefinition"}


def fair_share_queue(stack: Any) -> batch.JobQueue:
    environment = batch.ComputeEnvironment(stack, "Environment", compute_resources=batch.ComputeResources(vpc=VPC))
    policy = batch.FairshareSchedulingPolicy(
        stack, "Policy", shares=[batch.Share(share_identifier="reports", weight_factor=1)]
    )
    return batch.JobQueue(
        stack,
        "FairQueue",
        scheduling_policy=policy,
        compute_environments=[batch.JobQueueComputeEnvironment(compute_environment=environment, order=1)],
    )


def fifo_queue(stack: Any) -> batch.JobQueue:
    environment = batch.ComputeEnvironment(stack, "Environment", compute_resources=batch.ComputeResources(vpc=VPC))
    return batch.JobQueue(
        stack,
        "FifoQueue",
        compute_environments=[batch.JobQueueComputeEnvironment(compute_environment=environment, order=1)],
    )


def test_fair_share_queues() -> None:
    doc = synth(schedule(job_queue=fair_share_queue, share_identifier="reports", scheduling_priority_override=5))
    request = json.loads(one(resources(doc, "aws_scheduler_schedule"))["target"]["input"])
    assert (request["ShareIdentifier"], request["SchedulingPriorityOverride"]) == ("reports", 5)
    assert submit_job_problems(request) == ""


START = datetime.datetime(2027, 1, 1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"job_queue": fair_share_queue},
            "share_identifier: is required: the queue has a fair-share scheduling policy",
        ),
        (
            {"job_queue": fifo_queue, "share_identifier": "reports"},
            "share_identifier: applies to fair-share queues only (this queue has no scheduling policy), got 'reports'",
        ),
        (
            {"job_queue": fifo_queue, "scheduling_priority_override": 1},
            "scheduling_priority_override: applies to fair-share queues only (this queue has no scheduling policy), got 1",
        ),
        ({"time_zone": "Paris"}, "time_zone: must be an IANA time zone name, such as Europe/Paris or UTC, got 'Paris'"),
        (
            {"flexible_window": datetime.timedelta(0)},
            "flexible_window: must be from 1 to 1440 minutes, got datetime.timedelta(0)",
        ),
        (
            {"flexible_window": datetime.timedelta(minutes=1441)},
            "flexible_window: must be from 1 to 1440 minutes, got datetime.timedelta(days=1, seconds=60)",
        ),
        ({"start": START, "end": START}, "end: must be after start (2027-01-01T00:00:00Z), got '2027-01-01T00:00:00Z'"),
        (
            {"schedule": batch.Schedule.at(START), "start": START},
            "start: does not apply to a one-time (at) schedule, got datetime.datetime(2027, 1, 1, 0, 0)",
        ),
        (
            {"job_name": "-nightly"},
            "job_name: must be 1-128 letters, digits, '-' and '_', starting with a letter or digit, got '-nightly'",
        ),
        (
            {"job_name": "n" * 129},
            f"job_name: must be 1-128 letters, digits, '-' and '_', starting with a letter or digit, got '{'n' * 129}'",
        ),
        ({"array_size": 1}, "array_size: must be an integer from 2 to 10000, got 1"),
        ({"array_size": 10001}, "array_size: must be an integer from 2 to 10000, got 10001"),
        ({"retry_attempts": 11}, "retry_attempts: must be an integer from 1 to 10, got 11"),
        (
            {"timeout": datetime.timedelta(seconds=59)},
            "timeout: must be of at least 60 seconds, got datetime.timedelta(seconds=59)",
        ),
        ({"maximum_retry_attempts": 186}, "maximum_retry_attempts: must be an integer from 0 to 185, got 186"),
        (
            {"maximum_event_age": datetime.timedelta(seconds=59)},
            "maximum_event_age: must be from 60 to 86400 seconds, got datetime.timedelta(seconds=59)",
        ),
        (
            {"dead_letter_queue": "arn:aws:sqs:us-east-1:123456789012:dead.fifo"},
            "dead_letter_queue: must be a standard SQS queue's ARN (arn:<partition>:sqs:<region>:<account>:<name>) or"
            " SqsQueue, got 'arn:aws:sqs:us-east-1:123456789012:dead.fifo'",
        ),
        (
            {"dead_letter_queue": "arn:aws:sns:us-east-1:123456789012:topic"},
            "dead_letter_queue: must be a standard SQS queue's ARN (arn:<partition>:sqs:<region>:<account>:<name>) or"
            " SqsQueue, got 'arn:aws:sns:us-east-1:123456789012:topic'",
        ),
        ({"job_tags": {f"k{i}": "v" for i in range(51)}}, "job_tags: takes at most 50 tags, got 51"),
        ({"time_zone": "A" * 51}, f"time_zone: must have at most 50 characters, got '{'A' * 51}'"),
        ({"time_zone": ""}, "time_zone: must not be empty, got ''"),
        ({"start": "2027-01-01"}, "start: must be a datetime.datetime, got '2027-01-01'"),
        ({"end": 5}, "end: must be a datetime.datetime, got 5"),
        ({"enabled": "yes"}, "enabled: must be True or False, got 'yes'"),
        (
            {"schedule_name": "bad name"},
            "schedule_name: must be 1-64 letters, digits, '_', '.' and '-', got 'bad name'",
        ),
        ({"group_name": "bad name"}, "group_name: must be 1-64 letters, digits, '_', '.' and '-', got 'bad name'"),
        ({"group_name": "g" * 65}, f"group_name: must be 1-64 letters, digits, '_', '.' and '-', got '{'g' * 65}'"),
        ({"description": "d" * 513}, "description: must have at most 512 characters, got '" + "d" * 196 + "..."),
        ({"description": 5}, "description: must be a string, got 5"),
        ({"parameters": {"a": 1}}, "parameters['a']: must be a string, got 1"),
        (
            {"share_identifier": "bad id"},
            "share_identifier: must be up to 255 letters and digits, optionally ending with *, got 'bad id'",
        ),
        (
            {"scheduling_priority_override": -1},
            "scheduling_priority_override: must be an integer from 0 to 9999, got -1",
        ),
        (
            {"scheduling_priority_override": 10000},
            "scheduling_priority_override: must be an integer from 0 to 9999, got 10000",
        ),
        ({"job_tags": {"a": 1}}, "job_tags['a']: must be a string, got 1"),
        ({"container_overrides": "x"}, "container_overrides: must be ContainerOverrides, got 'x'"),
        ({"retry_attempts": 0}, "retry_attempts: must be an integer from 1 to 10, got 0"),
        ({"timeout": 5}, "timeout: must be a datetime.timedelta, got 5"),
        (
            {"container_overrides": batch.ContainerOverrides(environment={"AWS_BATCH_JOB_ID": "x"})},
            "container_overrides.environment['AWS_BATCH_JOB_ID']: names starting with AWS_BATCH are reserved by AWS Batch,"
            " got 'AWS_BATCH_JOB_ID'",
        ),
        (
            {"schedule": "rate(1 hour)"},
            "schedule: must be a Schedule (Schedule.rate, .cron, .at or .expression), got 'rate(1 hour)'",
        ),
        (
            {"container_overrides": batch.ContainerOverrides(command="run")},
            "container_overrides.command: must be a list of strings, got 'run'",
        ),
        (
            {"container_overrides": batch.ContainerOverrides(environment=["A"])},  # type: ignore[arg-type]
            "container_overrides.environment: must be a mapping of strings to strings, got ['A']",
        ),
        (
            {"container_overrides": batch.ContainerOverrides(vcpus=0.2)},
            "container_overrides.vcpus: must be a number of at least 0.25, got 0.2",
        ),
        (
            {"container_overrides": batch.ContainerOverrides(memory_limit_mib=3)},
            "container_overrides.memory_limit_mib: must be an integer of at least 4, got 3",
        ),
    ],
    ids=lambda value: None,
)
def test_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(batch.ValidationError) as raised:
        synth(schedule(**kwargs), validate=False)
    assert str(raised.value) == message


def test_the_last_accepted_values() -> None:
    doc = synth(
        schedule(
            flexible_window=datetime.timedelta(minutes=1440),
            array_size=10000,
            retry_attempts=10,
            timeout=datetime.timedelta(seconds=60),
            maximum_retry_attempts=0,
            maximum_event_age=datetime.timedelta(seconds=86400),
            job_name="n" * 128,
            job_tags={f"k{i}": "v" for i in range(50)},
            start=START,
            end=START + datetime.timedelta(seconds=1),
        )
    )
    rendered = one(resources(doc, "aws_scheduler_schedule"))
    assert (rendered["start_date"], rendered["end_date"]) == ("2027-01-01T00:00:00Z", "2027-01-01T00:00:01Z")
    assert rendered["target"]["retry_policy"] == {"maximum_event_age_in_seconds": 86400, "maximum_retry_attempts": 0}
    request = json.loads(rendered["target"]["input"])
    assert (request["JobName"], request["ArrayProperties"]["Size"]) == ("n" * 128, 10000)
    assert submit_job_problems(request) == ""


def test_tokens_pass_unchecked() -> None:
    import importlib

    from cdktf_batch._engine import engine_of

    def build(stack: Any) -> None:
        core = importlib.import_module(engine_of(stack).name)
        hour = core.TerraformVariable(stack, "hour", type="string").string_value
        zone = core.TerraformVariable(stack, "zone", type="string").string_value
        schedule(schedule=batch.Schedule.cron(minute="0", hour=hour), time_zone=zone)(stack)

    doc = synth(build)
    rendered = one(resources(doc, "aws_scheduler_schedule"))
    assert rendered["schedule_expression"] == "cron(0 ${var.hour} * * ? *)"
    assert rendered["schedule_expression_timezone"] == "${var.zone}"


KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


def test_a_customer_managed_key_encrypts_the_input_and_only_it_may_be_used_to_decrypt() -> None:
    doc = synth(schedule(kms_key=KEY_ARN))
    assert one(resources(doc, "aws_scheduler_schedule"))["kms_key_arn"] == KEY_ARN
    grants = {
        name: json.loads(policy["policy"])["Statement"]
        for name, policy in resources(doc, "aws_iam_role_policy").items()
        if "kms:" in policy["policy"]
    }
    (grant_id, statements), *others = grants.items()
    assert others == []
    assert statements == [{"Sid": "DecryptInput", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": KEY_ARN}]
    # The schedule is created after the grant (and deleted before it).
    assert f"aws_iam_role_policy.{grant_id}" in one(resources(doc, "aws_scheduler_schedule"))["depends_on"]


def test_a_key_resource_and_a_given_role() -> None:
    from tests.engine import aws

    def build(stack: Any) -> None:
        key = aws.kms_key.KmsKey(stack, "Key", enable_key_rotation=True)
        schedule(kms_key=key, role="arn:aws:iam::123456789012:role/scheduler")(stack)

    doc = synth(build)
    key_id = next(iter(resources(doc, "aws_kms_key")))
    assert one(resources(doc, "aws_scheduler_schedule"))["kms_key_arn"] == f"${{aws_kms_key.{key_id}.arn}}"
    decrypt = {
        "Sid": "DecryptInput",
        "Effect": "Allow",
        "Action": "kms:Decrypt",
        "Resource": f"${{aws_kms_key.{key_id}.arn}}",
    }
    granted = [
        (policy["role"], statement)
        for policy in resources(doc, "aws_iam_role_policy").values()
        for statement in json.loads(policy["policy"])["Statement"]
        if statement["Action"] == "kms:Decrypt"
    ]
    assert granted == [("scheduler", decrypt)]


def test_no_key_no_kms() -> None:
    doc = synth(schedule())
    assert "kms_key_arn" not in one(resources(doc, "aws_scheduler_schedule"))
    assert all("kms:" not in policy["policy"] for policy in resources(doc, "aws_iam_role_policy").values())


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (
            "alias/reports",
            "kms_key: must be a KMS key ARN, arn:<partition>:kms:<region>:<account>:key/<key id>, got 'alias/reports'",
        ),
        (
            "arn:aws:sqs:us-east-1:123456789012:queue",
            "kms_key: must be a KMS key ARN, arn:<partition>:kms:<region>:<account>:key/<key id>,"
            " got 'arn:aws:sqs:us-east-1:123456789012:queue'",
        ),
        (42, "kms_key: must be a KMS key ARN or a KmsKey, got 'int'"),
    ],
)
def test_kms_key_refused(key: Any, message: str) -> None:
    with pytest.raises(batch.ValidationError) as raised:
        synth(schedule(kms_key=key), validate=False)
    assert str(raised.value) == message


@pytest.fixture
def new_york_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process's local time zone is New York's (neither UTC nor the zone of the moments given)."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("new_york_local_time")
def test_moments_are_utc_whatever_the_local_time_zone() -> None:
    """A naive moment is UTC, an aware one converted to UTC: the machine's zone plays no part."""
    paris = datetime.timezone(datetime.timedelta(hours=1))
    assert batch.Schedule.at(datetime.datetime(2027, 1, 1, 3, 0, tzinfo=paris)).expression_string == (
        "at(2027-01-01T02:00:00)"
    )
    # a naive start and an aware end compare
    doc = synth(
        schedule(start=datetime.datetime(2027, 1, 1, 3, 0), end=datetime.datetime(2027, 1, 1, 4, 30, tzinfo=paris))
    )
    rendered = one(resources(doc, "aws_scheduler_schedule"))
    assert (rendered["start_date"], rendered["end_date"]) == ("2027-01-01T03:00:00Z", "2027-01-01T03:30:00Z")


def test_override_numbers_are_written_as_numbers_and_tokens_as_they_are() -> None:
    from tests.engine import Fn, Token

    requests = [
        json.loads(
            one(resources(synth(schedule(container_overrides=overrides)), "aws_scheduler_schedule"))["target"]["input"]
        )["ContainerOverrides"]
        for overrides in (
            batch.ContainerOverrides(vcpus=2.0, memory_limit_mib=2048),
            batch.ContainerOverrides(vcpus=Token.as_number(Fn.abs(4))),
            batch.ContainerOverrides(vcpus=0.25, memory_limit_mib=4),  # the smallest accepted
        )
    ]
    assert requests == [
        {"ResourceRequirements": [{"Type": "VCPU", "Value": "2"}, {"Type": "MEMORY", "Value": "2048"}]},
        {"ResourceRequirements": [{"Type": "VCPU", "Value": "${abs(4)}"}]},
        {"ResourceRequirements": [{"Type": "VCPU", "Value": "0.25"}, {"Type": "MEMORY", "Value": "4"}]},
    ]


def test_the_delivery_grant_of_a_long_named_schedule() -> None:
    """The grant's name prefix is cut to 100 characters before its "-"; its policy is compact JSON."""
    long_id = "Nightly" + "n" * 120

    def build(stack: Any) -> None:
        batch.JobSchedule(
            stack,
            long_id,
            job_queue=batch.JobQueue.from_job_queue_arn(stack, "Queue", QUEUE_ARN),
            job_definition=batch.JobDefinition(stack, "Job", container=batch.JobDefinitionContainer(image=IMAGE)),
            schedule=batch.Schedule.cron(minute="0", hour="2"),
            dead_letter_queue="arn:aws:sqs:us-east-1:123456789012:dead",
        )

    doc = synth(build)
    # the schedule's name is cut to Scheduler's 64 characters
    assert one(resources(doc, "aws_scheduler_schedule"))["name"] == (
        "test-Nightlynnnnnnnnnnnnnnn-nnnnnnnnnnnnnnnnnnnnnnnnnnn-ec6b4502"
    )
    grant = resources(doc, "aws_iam_role_policy")[f"{long_id}_DeliveryGrant_B33DE5BB"]
    assert grant == {
        "name_prefix": "test-Nightlynnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn-nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn-ec6b4502-",
        "policy": '{"Version":"2012-10-17","Statement":[{"Sid":"DeadLetters","Effect":"Allow","Action":"sqs:SendMessage",'
        '"Resource":"arn:aws:sqs:us-east-1:123456789012:dead"}]}',
        "role": f"${{aws_iam_role.{long_id}_Role_89E27B93.name}}",
    }
    assert len(grant["name_prefix"]) == 101


def test_a_disabled_schedule_in_a_group_with_the_longest_names_and_an_empty_description() -> None:
    doc = synth(schedule(group_name="g" * 64, description="", enabled=False, schedule_name="s" * 64))
    rendered = dict(one(resources(doc, "aws_scheduler_schedule")))
    del rendered["target"]
    assert rendered == {
        "depends_on": ["aws_iam_role_policy.Nightly_SubmitJobGrant0_1E9FE2DF"],
        "description": "",
        "flexible_time_window": {"mode": "OFF"},
        "group_name": "g" * 64,
        "name": "s" * 64,
        "schedule_expression": "cron(0 2 * * ? *)",
        "state": "DISABLED",
    }


def test_only_retry_attempts_make_a_retry_policy() -> None:
    doc = synth(schedule(maximum_retry_attempts=3))
    # the schedule is its construct's "Resource": the logical id is the construct's
    (logical_id,) = resources(doc, "aws_scheduler_schedule")
    assert logical_id == "Nightly_C44EE0A7"
    assert resources(doc, "aws_scheduler_schedule")[logical_id]["target"]["retry_policy"] == {
        "maximum_retry_attempts": 3
    }


def test_a_queue_of_unknown_policy_takes_a_share_identifier_in_a_region() -> None:
    """Only an owned JobQueue's scheduling policy is known: another IJobQueue, even one with a
    ``scheduling_policy`` attribute, may take a share identifier and a priority override."""

    class QueueLike:
        job_queue_arn = QUEUE_ARN
        job_queue_name = "nightly"
        scheduling_policy = None

    doc = synth(
        schedule(job_queue=QueueLike(), share_identifier="Reports*", scheduling_priority_override=0, region="eu-west-1")
    )
    rendered = one(resources(doc, "aws_scheduler_schedule"))
    assert rendered["region"] == "eu-west-1"
    request = json.loads(rendered["target"]["input"])
    assert (request["ShareIdentifier"], request["SchedulingPriorityOverride"]) == ("Reports*", 0)
