"""Secrets, log configurations and imports by ARN: each refusal with its exact message (the
argument, what is allowed, what was given), the closest accepted values, and what an ARN's
name becomes in the synthesized data source."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

import cdktf_batch as batch
from tests.conftest import new_stack, one, resources, synth
from tests.engine import TerraformStack, aws

SM = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"
PARAMETER = "arn:aws:ssm:us-east-1:123456789012:parameter/a"
QUEUE = "arn:aws:batch:us-east-1:123456789012:job-queue/"
DEFINITION = "arn:aws:batch:us-east-1:123456789012:job-definition/"
SSM_RULE = "must be an SSM parameter ARN, SsmParameter or StringParameter"
SM_RULE = "must be a Secrets Manager secret ARN or SecretsmanagerSecret"
PART_RULE = "must be a non-empty string without ':'"
NAME_RULE = "must be 1-128 letters, digits, hyphens or underscores, starting with a letter or digit"
QUEUE_LIKE = "arn:<partition>:batch:<region>:<account>:job-queue/<name>"
DEFINITION_LIKE = "arn:<partition>:batch:<region>:<account>:job-definition/<name>"
Secret, Exposed, Log = batch.Secret, batch.ExposedSecret, batch.LogConfiguration


def queue(arn: Any) -> Callable[[], Any]:
    return lambda: batch.JobQueue.from_job_queue_arn(new_stack(), "Q", arn)


def definition(arn: Any) -> Callable[[], Any]:
    return lambda: batch.JobDefinition.from_job_definition_arn(new_stack(), "D", arn)


# fmt: off
REFUSED: list[tuple[str, Callable[[], Any], str]] = [
    ("ssm-text", lambda: Secret.from_ssm_parameter("parameter/a"), f"secrets.parameter: {SSM_RULE}, got 'parameter/a'"),
    ("ssm-object", lambda: Secret.from_ssm_parameter(5), f"secrets.parameter: {SSM_RULE}, got 'int'"),
    ("ssm-other-service", lambda: Secret.from_ssm_parameter(SM), f"secrets.parameter: {SSM_RULE}, got '{SM}'"),
    ("sm-text", lambda: Secret.from_secrets_manager("db"), f"secrets.secret: {SM_RULE}, got 'db'"),
    ("sm-object", lambda: Secret.from_secrets_manager(object()), f"secrets.secret: {SM_RULE}, got 'object'"),
    ("sm-both-versions", lambda: Secret.from_secrets_manager(SM, version_stage="AWSCURRENT", version_id="1"), "secrets.secret.version_id: give version_stage or version_id, not both, got '1'"),
    ("sm-field-empty", lambda: Secret.from_secrets_manager(SM, ""), f"secrets.secret.field: {PART_RULE}, got ''"),
    ("sm-stage-colon", lambda: Secret.from_secrets_manager(SM, "k", version_stage="a:b"), f"secrets.secret.version_stage: {PART_RULE}, got 'a:b'"),
    ("sm-id-colon", lambda: Secret.from_secrets_manager(SM, version_id=":"), f"secrets.secret.version_id: {PART_RULE}, got ':'"),
    ("option-name", lambda: Exposed.from_parameters_store("bad name", PARAMETER), "secret_options.option_name: must be a log driver option name (letters, digits, _ . -), got 'bad name'"),
    ("option-ssm", lambda: Exposed.from_parameters_store("a", "x"), f"secret_options.parameter: {SSM_RULE}, got 'x'"),
    ("option-sm", lambda: Exposed.from_secrets_manager("a", "x"), f"secret_options.secret: {SM_RULE}, got 'x'"),
    ("option-sm-field", lambda: Exposed.from_secrets_manager("a", SM, "a:b"), f"secret_options.secret.field: {PART_RULE}, got 'a:b'"),
    ("log-driver", lambda: Log(log_driver="cloudwatch"), "log_configuration.log_driver: must be one of awsfirelens, awslogs, fluentd, gelf, journald, json-file, splunk, syslog, got 'cloudwatch'"),
    ("log-option", lambda: Log(log_driver="awslogs", options={"a": 1}), "log_configuration.options['a']: must be a string, got 1"),
    ("log-secret-option-type", lambda: Log(log_driver="awslogs", secret_options=["x"]), "log_configuration.secret_options[0]: must be an ExposedSecret, got 'x'"),
    ("log-secret-option-in-options", lambda: Log(log_driver="splunk", options={"splunk-token": "x"}, secret_options=[Exposed.from_parameters_store("splunk-token", PARAMETER)]), "log_configuration.secret_options[0]: names an option given twice (in options or another secret option), got 'splunk-token'"),
    ("log-secret-option-twice", lambda: Log(log_driver="splunk", secret_options=[Exposed.from_parameters_store(n, PARAMETER) for n in ("a", "b", "a")]), "log_configuration.secret_options[2]: names an option given twice (in options or another secret option), got 'a'"),
    ("arn-type", queue(5), "job_queue_arn: must be a string, got 5"),
    ("arn-service", queue("arn:aws:ecs:us-east-1:123456789012:job-queue/q"), f"job_queue_arn: must be an ARN like {QUEUE_LIKE}, got 'arn:aws:ecs:us-east-1:123456789012:job-queue/q'"),
    ("arn-account", queue("arn:aws:batch:us-east-1:12345678901:job-queue/q"), f"job_queue_arn: must be an ARN like {QUEUE_LIKE}, got 'arn:aws:batch:us-east-1:12345678901:job-queue/q'"),
    ("arn-not-an-arn", queue("q"), f"job_queue_arn: must be an ARN like {QUEUE_LIKE}, got 'q'"),
    ("arn-resource-type", queue(f"{DEFINITION}q"), f"job_queue_arn: must be the ARN of a job-queue, like {QUEUE_LIKE}, got '{DEFINITION}q'"),
    ("arn-no-name", queue(QUEUE), f"job_queue_arn: must be the ARN of a job-queue, like {QUEUE_LIKE}, got '{QUEUE}'"),
    ("arn-revision-not-taken", queue(f"{QUEUE}q:1"), f"job_queue_arn: {NAME_RULE}, got 'q:1'"),
    ("arn-bad-name", queue(f"{QUEUE}-q"), f"job_queue_arn: {NAME_RULE}, got '-q'"),
    ("arn-name-with-slash", queue(f"{QUEUE}a/b"), f"job_queue_arn: {NAME_RULE}, got 'a/b'"),  # the type ends at the first /
    ("arn-revision-0", definition(f"{DEFINITION}d:0"), f"job_definition_arn: must end with a revision number of at least 1 after ':', got '{DEFINITION}d:0'"),
    ("arn-revision-text", definition(f"{DEFINITION}d:x"), f"job_definition_arn: must end with a revision number of at least 1 after ':', got '{DEFINITION}d:x'"),
    ("arn-revision-empty", definition(f"{DEFINITION}d:"), f"job_definition_arn: must end with a revision number of at least 1 after ':', got '{DEFINITION}d:'"),
    ("arn-revision-bad-name", definition(f"{DEFINITION}-d:1"), f"job_definition_arn: {NAME_RULE}, got '-d'"),
    ("arn-two-revisions", definition(f"{DEFINITION}d:1:2"), f"job_definition_arn: must end with a revision number of at least 1 after ':', got '{DEFINITION}d:1:2'"),  # the name ends at the first :
    ("arn-definition-of-a-queue", definition(f"{QUEUE}d:1"), f"job_definition_arn: must be the ARN of a job-definition, like {DEFINITION_LIKE}, got '{QUEUE}d:1'"),
]
# fmt: on


@pytest.mark.parametrize(("call", "message"), [case[1:] for case in REFUSED], ids=[case[0] for case in REFUSED])
def test_refused_with_the_exact_message(call: Callable[[], Any], message: str) -> None:
    with pytest.raises(batch.ValidationError) as caught:
        call()
    assert str(caught.value) == message


def test_case_ids_are_unique() -> None:
    ids = [case[0] for case in REFUSED]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("kwargs", "value_from"),
    [
        ({}, SM),
        ({"field": "k"}, f"{SM}:k::"),
        ({"version_stage": "AWSCURRENT"}, f"{SM}::AWSCURRENT:"),
        ({"version_id": "v1"}, f"{SM}:::v1"),
        ({"field": "k", "version_id": "v1"}, f"{SM}:k::v1"),
    ],
)
def test_secrets_manager_value_from(kwargs: dict[str, str], value_from: str) -> None:
    # arn:...:secret:name-AbCdEf:json-key:version-stage:version-id, each part empty when not given.
    assert Secret.from_secrets_manager(SM, **kwargs).source.value_from == value_from


def test_log_group_is_awslogs_only() -> None:
    assert Log(log_driver="awslogs").log_group() == "/aws/batch/job"
    assert Log(log_driver="awslogs", options={"awslogs-group": "/etl"}).log_group() == "/etl"
    assert Log(log_driver="splunk", options={"awslogs-group": "/etl"}).log_group() is None


@pytest.mark.parametrize(
    ("arn", "name"),
    [
        (f"{QUEUE}q", "q"),
        ("arn:aws-cn:batch:cn-north-1:123456789012:job-queue/Q_1-a", "Q_1-a"),
        ("arn:aws:batch::123456789012:job-queue/q", "q"),
        (f"{QUEUE}{'q' * 128}", "q" * 128),
    ],
)
def test_imported_queue_is_read_by_the_name_in_its_arn(arn: str, name: str) -> None:
    def build(stack: TerraformStack) -> None:
        batch.JobQueue.from_job_queue_arn(stack, "Q", arn)

    (source,) = synth(build)["data"]["aws_batch_job_queue"].values()
    assert source == {"name": name}


@pytest.mark.parametrize("arn", [f"{DEFINITION}d:1", f"{DEFINITION}d:12", f"{DEFINITION}d"])
def test_job_definition_arn_with_or_without_revision_is_accepted(arn: str) -> None:
    assert definition(arn)() is not None


def test_the_execution_role_reads_each_secret_resource_once() -> None:
    # Two fields of one secret, one secret object used twice, a parameter used by an environment
    # variable and a log option: each resource is granted once, parameters and secrets apart.
    other = "arn:aws:secretsmanager:us-east-1:123456789012:secret:other-AbCdEf"

    def build(stack: TerraformStack) -> None:
        shared = aws.secretsmanager_secret.SecretsmanagerSecret(stack, "Shared", name="shared")
        batch.JobDefinition(
            stack,
            "J",
            container=batch.JobDefinitionContainer(
                image=batch.ContainerImage.from_registry("public.ecr.aws/docker/library/busybox"),
                secrets={
                    "A": Secret.from_secrets_manager(SM, "a"),
                    "B": Secret.from_secrets_manager(SM, "b"),
                    "C": Secret.from_secrets_manager(other),
                    "D": Secret.from_secrets_manager(shared),
                    "E": Secret.from_secrets_manager(shared, "e"),
                    "F": Secret.from_ssm_parameter(PARAMETER),
                    "G": Secret.from_ssm_parameter(f"{PARAMETER}/b"),
                },
                log_configuration=Log(
                    log_driver="splunk", secret_options=[Exposed.from_parameters_store("splunk-token", PARAMETER)]
                ),
            ),
        )

    doc = synth(build)
    policy = json.loads(one(resources(doc, "aws_iam_role_policy"))["policy"])
    statements = {statement["Sid"]: statement["Resource"] for statement in policy["Statement"]}
    assert statements == {
        "Parameters": [PARAMETER, f"{PARAMETER}/b"],
        "Secrets": [SM, other, "${aws_secretsmanager_secret.Shared.arn}"],
    }
