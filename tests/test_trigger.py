"""JobTrigger: a job per matching event, on an EventBridge rule whose target is the job queue."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest

import cdktf_batch as batch
from tests.conftest import VPC, new_stack, one, resources, synth
from tests.engine import TerraformVariable, aws

QUEUE_ARN = "arn:aws:batch:us-east-1:123456789012:job-queue/uploads"
IMAGE = batch.ContainerImage.from_registry("busybox")
TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:batch-failures"
ACCOUNT = "${data.aws_caller_identity.cdktf-batch-caller.account_id}"


def trigger(s3: bool = False, **kwargs: Any) -> Any:
    def build(stack: Any) -> Any:
        queue = kwargs.pop("job_queue", None)
        queue = queue(stack) if callable(queue) else batch.JobQueue.from_job_queue_arn(stack, "Queue", QUEUE_ARN)
        job = batch.JobDefinition(
            stack,
            "Job",
            container=batch.JobDefinitionContainer(image=IMAGE, command=["process", "Ref::bucket", "Ref::key"]),
        )
        if s3:
            return batch.JobTrigger.for_s3_objects(stack, "OnUpload", job_queue=queue, job_definition=job, **kwargs)
        kwargs.setdefault("event_pattern", {"source": ["my.app"], "detail-type": ["Report Requested"]})
        return batch.JobTrigger(stack, "OnEvent", job_queue=queue, job_definition=job, **kwargs)

    return build


def test_a_job_per_object_created_under_a_prefix() -> None:
    doc = synth(trigger(s3=True, bucket_name="uploads-bucket", prefix="incoming/", job_attempts=2, array_size=None))
    rule = dict(one(resources(doc, "aws_cloudwatch_event_rule")))  # copies: the stack is validated later
    assert json.loads(rule.pop("event_pattern")) == {
        "source": ["aws.s3"],
        "detail-type": ["Object Created"],
        "detail": {"bucket": {"name": ["uploads-bucket"]}, "object": {"key": [{"prefix": "incoming/"}]}},
    }
    assert rule == {"name": "test-OnUpload-22ce485d", "state": "ENABLED"}
    target = dict(one(resources(doc, "aws_cloudwatch_event_target")))
    target["input_transformer"] = dict(target["input_transformer"])
    (role_id,) = resources(doc, "aws_iam_role")
    job_id = next(iter(resources(doc, "aws_batch_job_definition")))
    (grant_id,) = resources(doc, "aws_iam_role_policy")
    template = json.loads(target["input_transformer"].pop("input_template"))
    assert template == {"Parameters": {"bucket": "<bucket>", "key": "<key>"}}
    assert target == {
        "rule": "${aws_cloudwatch_event_rule.OnUpload_Rule_EE6FE3D4.name}",
        "arn": "${data.aws_batch_job_queue.Queue_4A7E3555.arn}",
        "role_arn": f"${{aws_iam_role.{role_id}.arn}}",
        "batch_target": {
            "job_definition": f"${{aws_batch_job_definition.{job_id}.arn}}",
            "job_name": "test-OnUpload-22ce485d",
            "job_attempts": 2,
        },
        "input_transformer": {"input_paths": {"bucket": "$.detail.bucket.name", "key": "$.detail.object.key"}},
        "depends_on": [f"aws_iam_role_policy.{grant_id}"],
    }


def test_prefix_and_suffix_make_one_wildcard() -> None:
    doc = synth(trigger(s3=True, bucket_name="uploads-bucket", prefix="in*coming/", suffix=".csv"))
    pattern = json.loads(one(resources(doc, "aws_cloudwatch_event_rule"))["event_pattern"])
    assert pattern["detail"]["object"] == {"key": [{"wildcard": "in\\*coming/*.csv"}]}


@pytest.mark.parametrize("bucket_name", ["abc", "b" * 63])
def test_a_suffix_alone_and_the_shortest_and_longest_bucket_names(bucket_name: str) -> None:
    doc = synth(trigger(s3=True, bucket_name=bucket_name, suffix=".csv"))
    assert json.loads(one(resources(doc, "aws_cloudwatch_event_rule"))["event_pattern"])["detail"] == {
        "bucket": {"name": [bucket_name]},
        "object": {"key": [{"suffix": ".csv"}]},
    }


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"bucket_name": "ab"}, "bucket_name: must have at least 3 characters, got 'ab'"),
        ({"bucket_name": "a" * 64}, f"bucket_name: must have at most 63 characters, got '{'a' * 64}'"),
        ({"bucket_name": "abc", "prefix": ""}, "prefix: must not be empty, got ''"),
        ({"bucket_name": "abc", "suffix": ""}, "suffix: must not be empty, got ''"),
    ],
    ids=["bucket-too-short", "bucket-too-long", "empty-prefix", "empty-suffix"],
)
def test_s3_objects_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(batch.ValidationError) as raised:
        synth(trigger(s3=True, **kwargs), validate=False)
    assert str(raised.value) == message


def test_a_backslash_in_a_wildcard_is_escaped() -> None:
    doc = synth(trigger(s3=True, bucket_name="uploads-bucket", prefix="in\\coming/", suffix=".c\\sv"))
    pattern = json.loads(one(resources(doc, "aws_cloudwatch_event_rule"))["event_pattern"])
    assert pattern["detail"]["object"] == {"key": [{"wildcard": "in\\\\coming/*.c\\\\sv"}]}


def test_the_role_trusts_eventbridge_of_this_account_and_may_submit_only_this_job() -> None:
    doc = synth(trigger(parameters={"report": "daily"}))
    role = one(resources(doc, "aws_iam_role"))
    assert (role["name_prefix"], role["description"]) == (
        "test-OnEvent-Role-4b608dee-",
        "EventBridge rule submitting the AWS Batch job of test/OnEvent",
    )
    assert json.loads(role["assume_role_policy"])["Statement"] == [
        {
            "Effect": "Allow",
            "Principal": {"Service": "events.amazonaws.com"},
            "Action": "sts:AssumeRole",
            "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}},
        }
    ]
    job_id = next(iter(resources(doc, "aws_batch_job_definition")))
    assert json.loads(one(resources(doc, "aws_iam_role_policy"))["policy"])["Statement"] == [
        {
            "Sid": "SubmitJob",
            "Effect": "Allow",
            "Action": "batch:SubmitJob",
            "Resource": [
                "${data.aws_batch_job_queue.Queue_4A7E3555.arn}",
                f"${{aws_batch_job_definition.{job_id}.arn}}",
            ],
        }
    ]
    target = one(resources(doc, "aws_cloudwatch_event_target"))
    assert json.loads(target["input"]) == {"Parameters": {"report": "daily"}}
    assert "input_transformer" not in target


def test_delivery_options_and_a_given_role() -> None:
    doc = synth(
        trigger(
            role="arn:aws:iam::123456789012:role/events",
            maximum_event_age=datetime.timedelta(minutes=10),
            maximum_retry_attempts=4,
            dead_letter_queue="arn:aws:sqs:us-east-1:123456789012:dead-events",
            event_bus="orders",
            enabled=False,
            array_size=2,
        )
    )
    assert resources(doc, "aws_iam_role") == {}
    assert one(resources(doc, "aws_iam_role_policy"))["role"] == "events"
    rule = one(resources(doc, "aws_cloudwatch_event_rule"))
    assert (rule["event_bus_name"], rule["state"]) == ("orders", "DISABLED")
    target = one(resources(doc, "aws_cloudwatch_event_target"))
    assert target["role_arn"] == "arn:aws:iam::123456789012:role/events"
    assert target["event_bus_name"] == "orders"
    assert target["retry_policy"] == {"maximum_event_age_in_seconds": 600, "maximum_retry_attempts": 4}
    assert target["dead_letter_config"] == {"arn": "arn:aws:sqs:us-east-1:123456789012:dead-events"}
    assert target["batch_target"]["array_size"] == 2


def test_the_dead_letter_statement() -> None:
    captured: dict[str, Any] = {}

    def build(stack: Any) -> None:
        captured["trigger"] = trigger()(stack)

    synth(build)
    statement = captured["trigger"].dead_letter_statement("arn:aws:sqs:us-east-1:123456789012:dead-events")
    assert statement == {
        "Sid": "EventBridgeDeadLetters",
        "Effect": "Allow",
        "Principal": {"Service": "events.amazonaws.com"},
        "Action": "sqs:SendMessage",
        "Resource": "arn:aws:sqs:us-east-1:123456789012:dead-events",
        "Condition": {"ArnEquals": {"aws:SourceArn": captured["trigger"].rule_arn}},
    }


def fair_share_queue(stack: Any) -> batch.JobQueue:
    environment = batch.ComputeEnvironment(stack, "Environment", compute_resources=batch.ComputeResources(vpc=VPC))
    policy = batch.FairshareSchedulingPolicy(stack, "Policy")
    return batch.JobQueue(
        stack,
        "FairQueue",
        scheduling_policy=policy,
        compute_environments=[batch.JobQueueComputeEnvironment(compute_environment=environment, order=1)],
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"job_queue": fair_share_queue},
            "job_queue: must not be a fair-share queue: an EventBridge rule's Batch target cannot give the share"
            " identifier it requires (submit with a JobSchedule, or use a queue without a scheduling policy), got"
            " 'test/FairQueue'",
        ),
        ({"event_pattern": {}}, "event_pattern: must be a non-empty mapping (an EventBridge event pattern), got {}"),
        (
            {"event_pattern": {"source": "my.app"}},
            "event_pattern['source']: must be a list of values or matchers, or a nested mapping, got 'my.app'",
        ),
        ({"event_pattern": {"source": []}}, "event_pattern['source']: must list at least one value or matcher, got []"),
        ({"event_pattern": {"detail": {}}}, "event_pattern['detail']: must not be empty, got {}"),
        ({"event_pattern": {1: ["a"]}}, "event_pattern: keys must be strings, got 1"),
        ({"event_bus": ""}, "event_bus: must not be empty, got ''"),
        ({"event_bus": "b" * 1601}, "event_bus: must have at most 1600 characters, got '" + "b" * 196 + "..."),
        ({"description": "d" * 513}, "description: must have at most 512 characters, got '" + "d" * 196 + "..."),
        ({"description": 5}, "description: must be a string, got 5"),
        ({"enabled": "yes"}, "enabled: must be True or False, got 'yes'"),
        ({"parameters": {"a": 1}}, "parameters['a']: must be a string, got 1"),
        ({"parameters": {"x": "<a>"}, "input_paths": {"a": 1}}, "input_paths['a']: must be a string, got 1"),
        (
            {"parameters": {"x": "y"}, "input_paths": {"bad key": "$.x"}},
            "input_paths: keys must be 1-256 letters, digits, '_' and '-', got 'bad key'",
        ),
        ({"event_pattern": {"detail": {2: ["x"]}}}, "event_pattern['detail']: keys must be strings, got 2"),
        (
            {"event_pattern": {"source": ["a" * 4096]}},  # 4111 characters as JSON
            "event_pattern: must be at most 4096 characters as JSON, got 4111",
        ),
        (
            {"parameters": {"key": "<AWSKey>"}, "input_paths": {"AWSKey": "$.detail"}},
            "input_paths: keys must not start with AWS (reserved by EventBridge), got 'AWSKey'",
        ),
        (
            {"input_paths": {"key": "$.detail.key"}},
            "input_paths: needs parameters that use them (<name> in a parameter's value), got {'key': '$.detail.key'}",
        ),
        ({"job_attempts": 11}, "job_attempts: must be an integer from 1 to 10, got 11"),
        ({"array_size": 1}, "array_size: must be an integer from 2 to 10000, got 1"),
        ({"maximum_retry_attempts": 186}, "maximum_retry_attempts: must be an integer from 0 to 185, got 186"),
        (
            {"dead_letter_queue": "arn:aws:sns:us-east-1:123456789012:topic"},
            "dead_letter_queue: must be a standard SQS queue's ARN (arn:<partition>:sqs:<region>:<account>:<name>) or"
            " SqsQueue, got 'arn:aws:sns:us-east-1:123456789012:topic'",
        ),
        (
            {"dead_letter_queue": "arn:aws:sqs:us-east-1:123456789012:dead.fifo"},
            "dead_letter_queue: must be a standard SQS queue's ARN (arn:<partition>:sqs:<region>:<account>:<name>) or"
            " SqsQueue, got 'arn:aws:sqs:us-east-1:123456789012:dead.fifo'",
        ),
        (
            {"job_name": "_upload"},
            "job_name: must be 1-128 letters, digits, '-' and '_', starting with a letter or digit, got '_upload'",
        ),
        ({"rule_name": "on upload"}, "rule_name: must be 1-64 letters, digits, '.', '-' and '_', got 'on upload'"),
    ],
    ids=lambda value: None,
)
def test_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(batch.ValidationError) as raised:
        synth(trigger(**kwargs), validate=False)
    assert str(raised.value) == message


def test_job_state_changes_of_a_queue() -> None:
    def build(stack: Any) -> None:
        queue = batch.JobQueue.from_job_queue_arn(stack, "Queue", QUEUE_ARN)
        queue.on_job_state_change(
            "Failures",
            target_arn="arn:aws:sns:us-east-1:123456789012:batch-failures",
            statuses=[batch.JobStatus.FAILED, "SUCCEEDED"],
        )
        queue.on_job_state_change("Everything", target_arn="arn:aws:sqs:us-east-1:123456789012:batch-events")

    doc = synth(build)
    rules = {
        name: json.loads(rule["event_pattern"]) for name, rule in resources(doc, "aws_cloudwatch_event_rule").items()
    }
    queue_arn = "${data.aws_batch_job_queue.Queue_4A7E3555.arn}"
    assert sorted(rules.values(), key=lambda pattern: len(pattern["detail"])) == [
        {"source": ["aws.batch"], "detail-type": ["Batch Job State Change"], "detail": {"jobQueue": [queue_arn]}},
        {
            "source": ["aws.batch"],
            "detail-type": ["Batch Job State Change"],
            "detail": {"jobQueue": [queue_arn], "status": ["FAILED", "SUCCEEDED"]},
        },
    ]
    targets = sorted(target["arn"] for target in resources(doc, "aws_cloudwatch_event_target").values())
    assert targets == [
        "arn:aws:sns:us-east-1:123456789012:batch-failures",
        "arn:aws:sqs:us-east-1:123456789012:batch-events",
    ]
    with pytest.raises(batch.ValidationError) as raised:
        synth(
            lambda stack: batch.JobQueue.from_job_queue_arn(stack, "Queue", QUEUE_ARN).on_job_state_change(
                "Bad", target_arn="arn:aws:sns:us-east-1:123456789012:t", statuses=["DONE"]
            ),
            validate=False,
        )
    assert str(raised.value) == (
        "statuses[0]: must be one of FAILED, PENDING, RUNNABLE, RUNNING, STARTING, SUCCEEDED, got 'DONE'"
    )


def test_job_state_changes_sent_with_a_role() -> None:
    role = "arn:aws:iam::123456789012:role/events"

    def build(stack: Any) -> None:
        queue = batch.JobQueue.from_job_queue_arn(stack, "Queue", QUEUE_ARN)
        queue.on_job_state_change(
            "ToBus", target_arn="arn:aws:events:us-east-1:123456789012:event-bus/central", role=role
        )

    target = one(resources(synth(build), "aws_cloudwatch_event_target"))
    assert (target["arn"], target["role_arn"]) == ("arn:aws:events:us-east-1:123456789012:event-bus/central", role)


def trust(service: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": service},
                    "Action": "sts:AssumeRole",
                    "Condition": {
                        "StringEquals": {
                            "aws:SourceAccount": "${data.aws_caller_identity.cdktf-batch-caller.account_id}"
                        }
                    },
                }
            ],
        },
        separators=(",", ":"),
    )


@pytest.mark.parametrize(
    ("kind", "role"),
    [
        (
            "trigger",
            {
                "OnEvent_Role_53C74BE3": {
                    "assume_role_policy": trust("events.amazonaws.com"),
                    "description": "EventBridge rule submitting the AWS Batch job of test/OnEvent",
                    "name_prefix": "test-OnEvent-Role-4b608dee-",
                }
            },
        ),
        (
            "schedule",
            {
                "Nightly_Role_CEE1FD61": {
                    "assume_role_policy": trust("scheduler.amazonaws.com"),
                    "description": "EventBridge Scheduler submitting the AWS Batch job of test/Nightly",
                    "name_prefix": "test-Nightly-Role-f325bbc1-",
                }
            },
        ),
    ],
)
def test_the_role_a_submitter_creates(kind: str, role: dict[str, Any]) -> None:
    from tests.test_schedule import schedule

    assert resources(synth(trigger() if kind == "trigger" else schedule()), "aws_iam_role") == role


@pytest.mark.parametrize("kind", ["trigger", "schedule"])
@pytest.mark.parametrize(
    ("targets", "message"),
    [
        ({"job_queue": "queue"}, "job_queue: must be a JobQueue (owned or imported), got 'str'"),
        ({"job_definition": 5}, "job_definition: must be a JobDefinition (owned or imported), got 'int'"),
    ],
    ids=["job_queue", "job_definition"],
)
def test_a_submitters_targets_must_be_a_queue_and_a_definition(
    kind: str, targets: dict[str, Any], message: str
) -> None:
    stack = new_stack()
    kwargs: dict[str, Any] = {
        "job_queue": batch.JobQueue.from_job_queue_arn(stack, "Queue", QUEUE_ARN),
        "job_definition": batch.JobDefinition.from_job_definition_arn(
            stack, "Job", "arn:aws:batch:us-east-1:123456789012:job-definition/nightly:3"
        ),
        **targets,
    }
    with pytest.raises(batch.ValidationError) as raised:
        if kind == "trigger":
            batch.JobTrigger(stack, "OnEvent", event_pattern={"source": ["my.app"]}, **kwargs)
        else:
            batch.JobSchedule(stack, "Nightly", schedule=batch.Schedule.cron(minute="0", hour="2"), **kwargs)
    assert str(raised.value) == message


def submitted_job_name(kind: str, name: Any) -> str:
    """The name of the jobs a trigger or schedule named ``name`` (or ``name(stack)``) submits."""
    from tests.test_schedule import schedule

    def build(stack: Any) -> None:
        given = name(stack) if callable(name) else name
        (trigger(rule_name=given) if kind == "trigger" else schedule(schedule_name=given))(stack)

    doc = synth(build)
    if kind == "trigger":
        return str(one(resources(doc, "aws_cloudwatch_event_target"))["batch_target"]["job_name"])
    text = one(resources(doc, "aws_scheduler_schedule"))["target"]["input"]
    # The input is JSON once Terraform has filled in its template: read the name off the text.
    return str(text.split('"JobName":"', 1)[1].split('","JobQueue"', 1)[0])


@pytest.mark.parametrize("kind", ["trigger", "schedule"])
def test_the_job_name_is_the_rule_or_schedule_name_with_dashes_for_dots(kind: str) -> None:
    assert submitted_job_name(kind, "nightly.report") == "nightly-report"
    assert submitted_job_name(kind, "n" * 64) == "n" * 64
    variable = submitted_job_name(kind, lambda stack: TerraformVariable(stack, "name", type="string").string_value)
    assert variable == '${replace(var.name, ".", "-")}'


@pytest.mark.parametrize("kind", ["trigger", "schedule"])
def test_a_submitters_role_must_be_a_role(kind: str) -> None:
    from tests.test_schedule import schedule

    with pytest.raises(batch.ValidationError) as raised:
        synth((trigger if kind == "trigger" else schedule)(role="MyRole"), validate=False)
    assert (
        str(raised.value) == "role: must be an IAM role ARN (arn:<partition>:iam::<account>:role/<name>), got 'MyRole'"
    )


@pytest.mark.parametrize("kind", ["trigger", "schedule"])
@pytest.mark.parametrize(
    ("queue", "message"),
    [
        (lambda stack: 5, "dead_letter_queue: must be an SqsQueue or a standard SQS queue's ARN, got 'int'"),
        (
            lambda stack: aws.sns_topic.SnsTopic(stack, "Topic", name="dead"),
            "dead_letter_queue: must be an SqsQueue or a standard SQS queue's ARN, got 'SnsTopic'",
        ),
    ],
    ids=["int", "SnsTopic"],
)
def test_a_dead_letter_queue_object_must_be_a_queue(kind: str, queue: Any, message: str) -> None:
    from tests.test_schedule import schedule

    def build(stack: Any) -> None:
        (trigger if kind == "trigger" else schedule)(dead_letter_queue=queue(stack))(stack)

    with pytest.raises(batch.ValidationError) as raised:
        synth(build, validate=False)
    assert str(raised.value) == message


@pytest.mark.parametrize("kind", ["trigger", "schedule"])
def test_a_dead_letter_queue_object_must_be_a_standard_queue(kind: str) -> None:
    """Neither EventBridge rules nor Scheduler take a FIFO queue as their dead-letter queue."""
    from tests.engine import aws
    from tests.test_schedule import schedule

    def build(fifo: bool) -> Any:
        def inner(stack: Any) -> None:
            queue = aws.sqs_queue.SqsQueue(stack, "Dead", name="dead.fifo" if fifo else "dead", fifo_queue=fifo or None)
            (trigger if kind == "trigger" else schedule)(dead_letter_queue=queue)(stack)

        return inner

    doc = synth(build(False))
    assert "aws_sqs_queue" in doc["resource"]
    with pytest.raises(batch.ValidationError) as raised:
        synth(build(True), validate=False)
    assert str(raised.value).startswith(
        "dead_letter_queue: must be a standard queue: FIFO queues are not taken as dead-letter queues, got '${TfToken["
    )


def test_a_state_change_rule_with_its_own_provider_region_and_role() -> None:
    from tests.engine import aws

    def build(stack: Any) -> None:
        west = aws.provider.AwsProvider(stack, "West", region="us-west-2", alias="west")
        role = aws.iam_role.IamRole(stack, "Role", assume_role_policy="{}")
        queue = batch.JobQueue.from_job_queue_arn(stack, "Queue", QUEUE_ARN)
        # a construct id long enough for the rule's name to be cut to EventBridge's 64 characters
        batch.JobStateChangeRule(
            stack, "Changes" + "x" * 70, job_queue=queue, target_arn=TOPIC_ARN, role=role, provider=west
        )
        batch.JobStateChangeRule(
            stack,
            "Regional",
            job_queue=queue,
            target_arn=TOPIC_ARN,
            role="arn:aws:iam::123456789012:role/events",
            region="eu-west-1",
        )

    doc = synth(build)
    pattern = json.dumps(
        {
            "source": ["aws.batch"],
            "detail-type": ["Batch Job State Change"],
            "detail": {"jobQueue": ["${data.aws_batch_job_queue.Queue_4A7E3555.arn}"]},
        },
        separators=(",", ":"),
    )
    long_id = "Changes" + "x" * 70
    assert resources(doc, "aws_cloudwatch_event_rule") == {
        f"{long_id}_Rule_26C7DC8D": {
            "description": "AWS Batch job state changes of test",
            "event_pattern": pattern,
            "name": "test-Changesxxxxxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxxxxx-ac04352a",
            "provider": "aws.west",
            "state": "ENABLED",
        },
        "Regional_Rule_92863B5C": {
            "description": "AWS Batch job state changes of test",
            "event_pattern": pattern,
            "name": "test-Regional-2b8f8e10",
            "region": "eu-west-1",
            "state": "ENABLED",
        },
    }
    assert resources(doc, "aws_cloudwatch_event_target") == {
        f"{long_id}_Target_5EB6B8C2": {
            "arn": TOPIC_ARN,
            "provider": "aws.west",
            "role_arn": "${aws_iam_role.Role.arn}",
            "rule": f"${{aws_cloudwatch_event_rule.{long_id}_Rule_26C7DC8D.name}}",
        },
        "Regional_Target_11102136": {
            "arn": TOPIC_ARN,
            "region": "eu-west-1",
            "role_arn": "arn:aws:iam::123456789012:role/events",
            "rule": "${aws_cloudwatch_event_rule.Regional_Rule_92863B5C.name}",
        },
    }


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"target_arn": "not-an-arn"}, "target_arn: must be an ARN, got 'not-an-arn'"),
        (
            {"role": "not-a-role"},
            "role: must be an IAM role ARN (arn:<partition>:iam::<account>:role/<name>), got 'not-a-role'",
        ),
        ({"role": 5}, "role: must be an IamRole resource or data source, or a role ARN, got 'int'"),
    ],
    ids=lambda value: None,
)
def test_a_state_change_rule_refuses(kwargs: dict[str, Any], message: str) -> None:
    def build(stack: Any) -> None:
        queue = batch.JobQueue.from_job_queue_arn(stack, "Queue", QUEUE_ARN)
        batch.JobStateChangeRule(stack, "Changes", job_queue=queue, **{"target_arn": TOPIC_ARN, **kwargs})

    with pytest.raises(batch.ValidationError) as raised:
        synth(build, validate=False)
    assert str(raised.value) == message


def test_a_pattern_of_4096_characters_and_only_retry_attempts() -> None:
    pattern = {"source": ["a" * (4096 - 15)]}  # 4096 characters as JSON
    doc = synth(trigger(event_pattern=pattern, maximum_retry_attempts=2))
    assert one(resources(doc, "aws_cloudwatch_event_rule"))["event_pattern"] == '{"source":["' + "a" * 4081 + '"]}'
    assert resources(doc, "aws_cloudwatch_event_target") == {
        "OnEvent_Target_CB220D71": {
            "arn": "${data.aws_batch_job_queue.Queue_4A7E3555.arn}",
            "batch_target": {
                "job_definition": "${aws_batch_job_definition.Job_B9D00F9F.arn}",
                "job_name": "test-OnEvent-c74a0c79",
            },
            "depends_on": ["aws_iam_role_policy.OnEvent_SubmitJobGrant0_FD5DD7A0"],
            "retry_policy": {"maximum_retry_attempts": 2},
            "role_arn": "${aws_iam_role.OnEvent_Role_53C74BE3.arn}",
            "rule": "${aws_cloudwatch_event_rule.OnEvent_Rule_46E22693.name}",
        }
    }


def test_a_pattern_with_a_token_is_not_measured() -> None:
    """Its length is known only at plan: a token value passes, however long the rest."""
    from tests.engine import TerraformVariable

    def build(stack: Any) -> None:
        sources = TerraformVariable(stack, "sources", type="list(string)").list_value
        trigger(event_pattern={"source": sources, "detail-type": ["d" * 4096]})(stack)

    rule = one(resources(synth(build), "aws_cloudwatch_event_rule"))
    assert rule["event_pattern"] == '{"source":${jsonencode(var.sources)},"detail-type":["' + "d" * 4096 + '"]}'


def test_a_pattern_leaf_given_as_a_token_object_is_written_unquoted() -> None:
    """A leaf that is not a list but a token (here an IResolvable of JSON text) is known only at
    plan: it is let through, and Terraform writes the list it holds."""
    from tests.engine import Fn, Token

    def build(stack: Any) -> None:
        sources = TerraformVariable(stack, "sources", type="list(string)").list_value
        trigger(event_pattern={"source": Token.as_any(Fn.jsonencode(sources)), "detail-type": ["d"]})(stack)

    rule = one(resources(synth(build), "aws_cloudwatch_event_rule"))
    assert rule["event_pattern"] == '{"source":${jsonencode(var.sources)},"detail-type":["d"]}'


def test_the_longest_bus_name_an_empty_description_and_a_region() -> None:
    doc = synth(trigger(event_bus="b" * 1600, description="", region="eu-west-1"))
    assert resources(doc, "aws_cloudwatch_event_rule") == {
        "OnEvent_Rule_46E22693": {
            "description": "",
            "event_bus_name": "b" * 1600,
            "event_pattern": '{"source":["my.app"],"detail-type":["Report Requested"]}',
            "name": "test-OnEvent-c74a0c79",
            "region": "eu-west-1",
            "state": "ENABLED",
        }
    }
    target = one(resources(doc, "aws_cloudwatch_event_target"))
    assert (target["event_bus_name"], target["region"]) == ("b" * 1600, "eu-west-1")
    doc = synth(trigger(description="d" * 512))
    assert one(resources(doc, "aws_cloudwatch_event_rule"))["description"] == "d" * 512


def test_a_long_construct_id_makes_a_rule_name_of_64_characters() -> None:
    def build(stack: Any) -> None:
        batch.JobTrigger(
            stack,
            "OnEvent" + "e" * 80,
            job_queue=batch.JobQueue.from_job_queue_arn(stack, "Queue", QUEUE_ARN),
            job_definition=batch.JobDefinition.from_job_definition_name(stack, "Job", "job:1"),
            event_pattern={"source": ["x"]},
        )

    rule = one(resources(synth(build), "aws_cloudwatch_event_rule"))
    assert rule["name"] == "test-OnEventeeeeeeeeeeeeeee-eeeeeeeeeeeeeeeeeeeeeeeeeee-c064743f"
    assert len(rule["name"]) == 64
