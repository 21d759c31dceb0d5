"""Guard-rails: a permissions boundary and a path on every IAM role cdktf_batch creates, a
retention and a KMS key on every log group, set by context, by scope or per construct."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest

import cdktf_batch as batch
from tests import engine
from tests.conftest import VPC, resources, synth_stack, trust_policy
from tests.engine import App, TerraformStack, TerraformVariable, aws

BOUNDARY = "arn:aws:iam::123456789012:policy/batch-boundary"
OTHER_BOUNDARY = "arn:aws-us-gov:iam::aws:policy/team/PowerUserAccess"
KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
QUEUE_ARN = "arn:aws:batch:us-east-1:123456789012:job-queue/shared"
DEFINITION_ARN = "arn:aws:batch:us-east-1:123456789012:job-definition/nightly:3"
CLUSTER_ARN = "arn:aws:eks:us-east-1:123456789012:cluster/prod"
IMAGE = batch.ContainerImage.from_registry("busybox")


def stack_with(context: dict[str, Any] | None = None) -> TerraformStack:
    app: App = engine.Testing.app(context=context) if context else engine.Testing.app()
    stack = TerraformStack(app, "test")
    aws.provider.AwsProvider(stack, "aws", region="us-east-1")
    return stack


def targets(stack: TerraformStack) -> dict[str, Any]:
    return {
        "job_queue": batch.JobQueue.from_job_queue_arn(stack, "Queue", QUEUE_ARN),
        "job_definition": batch.JobDefinition.from_job_definition_arn(stack, "Definition", DEFINITION_ARN),
    }


# Every construct that creates roles, with the number it creates; each passes ``options``
# (None, or a RoleOptions) as its own ``role_options``.
ROLE_MAKERS: dict[str, tuple[int, Callable[[TerraformStack, Any], Any]]] = {
    "ComputeEnvironment EC2: instance role": (
        1,
        lambda s, o: batch.ComputeEnvironment(
            s, "Env", compute_resources=batch.ComputeResources(vpc=VPC), role_options=o
        ),
    ),
    "ComputeEnvironment SPOT BEST_FIT: instance and Spot Fleet roles": (
        2,
        lambda s, o: batch.ComputeEnvironment(
            s,
            "Env",
            compute_resources=batch.ComputeResources(
                vpc=VPC, type=batch.ComputeResourceType.SPOT, allocation_strategy=batch.AllocationStrategy.BEST_FIT
            ),
            role_options=o,
        ),
    ),
    "ComputeEnvironment on EKS: node role": (
        1,
        lambda s, o: batch.ComputeEnvironment(
            s,
            "Env",
            compute_resources=batch.ComputeResources(vpc=VPC),
            eks_configuration=batch.EksConfiguration(eks_cluster=CLUSTER_ARN, kubernetes_namespace="batch"),
            role_options=o,
        ),
    ),
    "JobDefinition: execution role": (
        1,
        lambda s, o: batch.JobDefinition(
            s,
            "Job",
            container=batch.JobDefinitionContainer(image=IMAGE),
            platform_capabilities=[batch.PlatformCapabilities.FARGATE],
            role_options=o,
        ),
    ),
    "JobDefinition with ecs_properties and ECS Exec: job and execution roles": (
        2,
        lambda s, o: batch.JobDefinition(
            s,
            "Job",
            ecs_properties=batch.EcsProperties(
                containers=[batch.EcsTaskContainer(name="main", image=IMAGE, vcpus=0.25, memory_limit_mib=512)],
                enable_execute_command=True,
            ),
            platform_capabilities=[batch.PlatformCapabilities.FARGATE],
            role_options=o,
        ),
    ),
    "JobSchedule: Scheduler's role": (
        1,
        lambda s, o: batch.JobSchedule(
            s,
            "Nightly",
            **targets(s),
            schedule=batch.Schedule.rate(datetime.timedelta(days=1)),
            role_options=o,
        ),
    ),
    "JobTrigger: EventBridge's role": (
        1,
        lambda s, o: batch.JobTrigger(
            s,
            "OnEvent",
            **targets(s),
            event_pattern={"source": ["my.app"]},
            role_options=o,
        ),
    ),
    "ServiceRole": (
        1,
        lambda s, o: batch.ServiceRole(
            s, "Role", service="ecs-tasks.amazonaws.com", managed_policies=[], description="d", role_options=o
        ),
    ),
}


def roles(stack: TerraformStack) -> list[dict[str, Any]]:
    return list(resources(synth_stack(stack), "aws_iam_role").values())


@pytest.mark.parametrize(("count", "build"), ROLE_MAKERS.values(), ids=ROLE_MAKERS.keys())
class TestEveryRole:
    def test_by_default_no_boundary_and_no_path(self, count: int, build: Callable[[TerraformStack, Any], Any]) -> None:
        stack = stack_with()
        build(stack, None)
        made = roles(stack)
        assert len(made) == count
        assert all("permissions_boundary" not in role and "path" not in role for role in made)

    def test_from_the_apps_context(self, count: int, build: Callable[[TerraformStack, Any], Any]) -> None:
        stack = stack_with({"cdktf-batch:role-permissions-boundary": BOUNDARY, "cdktf-batch:role-path": "/batch/"})
        build(stack, None)
        made = roles(stack)
        assert len(made) == count
        assert [(role["permissions_boundary"], role["path"]) for role in made] == [(BOUNDARY, "/batch/")] * count

    def test_from_the_scope_over_the_context(self, count: int, build: Callable[[TerraformStack, Any], Any]) -> None:
        stack = stack_with({"cdktf-batch:role-permissions-boundary": OTHER_BOUNDARY, "cdktf-batch:role-path": "/ctx/"})
        batch.RoleOptions(permissions_boundary=BOUNDARY).apply(stack)
        build(stack, None)
        made = roles(stack)
        # the scope sets the boundary only: the path still comes from the context
        assert [(role["permissions_boundary"], role["path"]) for role in made] == [(BOUNDARY, "/ctx/")] * count

    def test_per_construct_over_the_scope(self, count: int, build: Callable[[TerraformStack, Any], Any]) -> None:
        stack = stack_with()
        batch.RoleOptions(permissions_boundary=OTHER_BOUNDARY, path="/scope/").apply(stack)
        build(stack, batch.RoleOptions(path="/mine/"))
        made = roles(stack)
        assert [(role["permissions_boundary"], role["path"]) for role in made] == [(OTHER_BOUNDARY, "/mine/")] * count


def test_a_scope_applies_to_the_constructs_inside_it_only() -> None:
    from constructs import Construct

    stack = stack_with()
    inside = Construct(stack, "Team")
    batch.RoleOptions(path="/team/").apply(inside)
    ROLE_MAKERS["ServiceRole"][1](inside, None)
    batch.ServiceRole(stack, "Outside", service="ecs-tasks.amazonaws.com", managed_policies=[], description="d")
    paths = sorted(role.get("path", "(none)") for role in roles(stack))
    assert paths == ["(none)", "/team/"]


def test_context_set_on_a_scope_reaches_the_roles_inside_it_only() -> None:
    """Context is read once per parent construct and key (constructs freezes a scope's context
    once it has children): each role still sees the context of its own place in the tree."""
    from constructs import Construct

    stack = stack_with({"cdktf-batch:role-path": "/app/"})
    team = Construct(stack, "Team")
    team.node.set_context("cdktf-batch:role-path", "/team/")
    spot = batch.ComputeResources(
        vpc=VPC, type=batch.ComputeResourceType.SPOT, allocation_strategy=batch.AllocationStrategy.BEST_FIT
    )
    batch.ComputeEnvironment(team, "Inside", compute_resources=spot)  # two roles under one parent
    batch.ComputeEnvironment(stack, "Outside", compute_resources=spot)
    batch.ServiceRole(team, "Direct", service="ecs-tasks.amazonaws.com", managed_policies=[], description="d")
    assert sorted(role["path"] for role in roles(stack)) == ["/app/", "/app/", "/team/", "/team/", "/team/"]


def test_a_service_role_whole() -> None:
    stack = stack_with()
    batch.ServiceRole(
        stack,
        "Svc",
        service="ecs-tasks.amazonaws.com",
        managed_policies=["service-role/AWSBatchServiceRole", "AmazonS3ReadOnlyAccess"],
        description="mine",
        tags={"team": "etl"},
    )
    doc = synth_stack(stack)
    assert resources(doc, "aws_iam_role") == {
        "Svc_Role_C4AA76C6": {
            "assume_role_policy": trust_policy("ecs-tasks.amazonaws.com"),
            "description": "mine",
            "name_prefix": "test-Svc-c0afc360-",
            "tags": {"team": "etl"},
        }
    }
    partition = "${data.aws_partition.cdktf-batch-partition.partition}"
    assert resources(doc, "aws_iam_role_policy_attachment") == {
        "Svc_Policy0_1B9E0D05": {
            "policy_arn": f"arn:{partition}:iam::aws:policy/service-role/AWSBatchServiceRole",
            "role": "${aws_iam_role.Svc_Role_C4AA76C6.name}",
        },
        "Svc_Policy1_9F9F8AC5": {
            "policy_arn": f"arn:{partition}:iam::aws:policy/AmazonS3ReadOnlyAccess",
            "role": "${aws_iam_role.Svc_Role_C4AA76C6.name}",
        },
    }


def test_a_long_path_makes_a_role_name_prefix_of_38_characters() -> None:
    stack = stack_with()
    batch.ServiceRole(stack, "R" * 60, service="ecs-tasks.amazonaws.com", managed_policies=[], description="d")
    (role,) = roles(stack)
    # IAM takes a name_prefix of at most 38 characters: a generated name of 37 and a "-".
    assert role["name_prefix"] == "test-RRRRRRRRR-RRRRRRRRRRRRR-4ac29168-"


def test_a_token_boundary_and_path_pass() -> None:
    stack = stack_with()
    boundary = aws.iam_policy.IamPolicy(stack, "Boundary", policy="{}")
    path = TerraformVariable(stack, "path", type="string").string_value
    batch.ServiceRole(
        stack,
        "Role",
        service="ecs-tasks.amazonaws.com",
        managed_policies=[],
        description="d",
        role_options=batch.RoleOptions(permissions_boundary=boundary.arn, path=path),
    )
    (role,) = roles(stack)
    assert (role["permissions_boundary"], role["path"]) == ("${aws_iam_policy.Boundary.arn}", "${var.path}")


OPTION_RULES: list[tuple[Any, dict[str, Any], str]] = [
    (batch.RoleOptions, {"path": "batch/"}, "role_options.path: must be an IAM path: '/' or '/' + printable ASCII characters without spaces + '/', at most 512 in all, got 'batch/'"),
    (batch.RoleOptions, {"path": "/batch"}, "role_options.path: must be an IAM path: '/' or '/' + printable ASCII characters without spaces + '/', at most 512 in all, got '/batch'"),
    (batch.RoleOptions, {"path": "/a b/"}, "role_options.path: must be an IAM path: '/' or '/' + printable ASCII characters without spaces + '/', at most 512 in all, got '/a b/'"),
    (batch.RoleOptions, {"path": "/" + "a" * 511 + "/"}, "role_options.path: must be an IAM path: '/' or '/' + printable ASCII characters without spaces + '/', at most 512 in all, got '/" + "a" * 195 + "..."),
    (batch.RoleOptions, {"path": 7}, "role_options.path: must be a string, got 7"),
    (batch.RoleOptions, {"permissions_boundary": "arn:aws:iam::123456789012:role/boundary"}, "role_options.permissions_boundary: must be a managed policy ARN, arn:<partition>:iam::<account id or aws>:policy/<name>, got 'arn:aws:iam::123456789012:role/boundary'"),
    (batch.RoleOptions, {"permissions_boundary": "batch-boundary"}, "role_options.permissions_boundary: must be a managed policy ARN, arn:<partition>:iam::<account id or aws>:policy/<name>, got 'batch-boundary'"),
    (batch.RoleOptions, {"permissions_boundary": "arn:aws:iam::12345:policy/b"}, "role_options.permissions_boundary: must be a managed policy ARN, arn:<partition>:iam::<account id or aws>:policy/<name>, got 'arn:aws:iam::12345:policy/b'"),
]  # fmt: skip


@pytest.mark.parametrize(
    "kwargs",
    [
        {"path": "/"},
        {"path": "/" + "a" * 510 + "/"},  # 512 characters: the longest IAM takes
        {"path": "/a/b~!@#$%^&*()_+-=[]{};':,.<>?/"},
        {"permissions_boundary": OTHER_BOUNDARY},
        {"permissions_boundary": "arn:aws-cn:iam::123456789012:policy/" + "b" * 128},
    ],
)
def test_role_options_accepted(kwargs: dict[str, Any]) -> None:
    assert batch.RoleOptions(**kwargs)


CONTEXT_RULES: list[tuple[dict[str, Any], str]] = [
    ({"cdktf-batch:role-path": "batch"}, "context cdktf-batch:role-path: must be an IAM path: '/' or '/' + printable ASCII characters without spaces + '/', at most 512 in all, got 'batch'"),
    ({"cdktf-batch:role-permissions-boundary": "x"}, "context cdktf-batch:role-permissions-boundary: must be a managed policy ARN, arn:<partition>:iam::<account id or aws>:policy/<name>, got 'x'"),
    ({"cdktf-batch:log-group-retention-days": 2}, "context cdktf-batch:log-group-retention-days: must be one of CloudWatch Logs' retention periods in days: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got datetime.timedelta(days=2)"),
    ({"cdktf-batch:log-group-kms-key": "alias/x"}, "context cdktf-batch:log-group-kms-key: must be a KMS key ARN, arn:<partition>:kms:<region>:<account>:key/<key id>, got 'alias/x'"),
]  # fmt: skip


@pytest.mark.parametrize(("context", "message"), CONTEXT_RULES)
def test_bad_context_values_name_the_key(context: dict[str, Any], message: str) -> None:
    stack = stack_with(context)
    with pytest.raises(batch.ValidationError) as raised:
        batch.ServiceRole(stack, "R", service="ecs-tasks.amazonaws.com", managed_policies=[], description="d")
        batch.LogGroup(stack, "L")
    assert str(raised.value) == message


@pytest.mark.parametrize("build", [build for _, build in ROLE_MAKERS.values()], ids=ROLE_MAKERS.keys())
def test_role_options_must_be_role_options(build: Callable[[TerraformStack, Any], Any]) -> None:
    stack = stack_with()
    with pytest.raises(batch.ValidationError) as raised:
        build(stack, {"path": "/x/"})
    assert str(raised.value) == "role_options: must be RoleOptions, got 'dict'"


# -- log groups ------------------------------------------------------------------------------


def log_group(stack: TerraformStack) -> dict[str, Any]:
    (group,) = resources(synth_stack(stack), "aws_cloudwatch_log_group").values()
    return group  # type: ignore[no-any-return]


def test_a_log_group_by_default() -> None:
    stack = stack_with()
    logs = batch.LogGroup(stack, "Logs")
    group = log_group(stack)
    assert group["name"].startswith("/aws/batch/test-Logs-")
    assert "retention_in_days" not in group and "kms_key_id" not in group
    assert (logs.retention_days, logs.kms_key_arn) == (None, None)


def test_log_group_settings_from_context_scope_and_construct() -> None:
    stack = stack_with({"cdktf-batch:log-group-retention-days": 30, "cdktf-batch:log-group-kms-key": KEY})
    batch.LogGroup(stack, "Logs")
    group = log_group(stack)
    assert (group["retention_in_days"], group["kms_key_id"]) == (30, KEY)

    stack = stack_with({"cdktf-batch:log-group-retention-days": 30})
    batch.LogGroupOptions(retention=datetime.timedelta(days=365), kms_key=KEY).apply(stack)
    batch.LogGroup(stack, "Logs")
    group = log_group(stack)
    assert (group["retention_in_days"], group["kms_key_id"]) == (365, KEY)

    stack = stack_with()
    batch.LogGroupOptions(retention=datetime.timedelta(days=365), kms_key=KEY).apply(stack)
    key = aws.kms_key.KmsKey(stack, "Key")
    batch.LogGroup(stack, "Logs", log_group_name="/jobs/etl", retention=datetime.timedelta(days=3653), kms_key=key)
    group = log_group(stack)
    assert (group["name"], group["retention_in_days"], group["kms_key_id"]) == (
        "/jobs/etl",
        3653,
        "${aws_kms_key.Key.arn}",
    )


def test_a_log_group_feeds_a_containers_log_configuration() -> None:
    stack = stack_with()
    logs = batch.LogGroup(stack, "Logs", log_group_name="/jobs/etl")
    configuration = logs.log_configuration(stream_prefix="etl")
    assert configuration.log_driver is batch.LogDriver.AWSLOGS
    assert configuration.render()["options"]["awslogs-stream-prefix"] == "etl"
    batch.JobDefinition(
        stack,
        "Job",
        container=batch.JobDefinitionContainer(image=IMAGE, log_configuration=configuration),
        platform_capabilities=[batch.PlatformCapabilities.FARGATE],
    )
    doc = synth_stack(stack)
    (group_id,) = resources(doc, "aws_cloudwatch_log_group")
    (definition,) = resources(doc, "aws_batch_job_definition").values()
    assert json.loads(definition["container_properties"])["logConfiguration"] == {
        "logDriver": "awslogs",
        "options": {"awslogs-group": f"${{aws_cloudwatch_log_group.{group_id}.name}}", "awslogs-stream-prefix": "etl"},
    }
    (policy,) = resources(doc, "aws_iam_role_policy").values()
    (logs_statement,) = [s for s in json.loads(policy["policy"])["Statement"] if s["Sid"] == "Logs"]
    assert logs_statement["Resource"] == [
        "arn:${data.aws_partition.cdktf-batch-partition.partition}:logs:${data.aws_region.cdktf-batch-region.region}:"
        f"${{data.aws_caller_identity.cdktf-batch-caller.account_id}}:log-group:${{aws_cloudwatch_log_group.{group_id}.name}}:*"
    ]


LOG_GROUP_RULES: list[tuple[Any, dict[str, Any], str]] = [
    (batch.LogGroupOptions, {"retention": datetime.timedelta(days=2)}, "log_group_options.retention: must be one of CloudWatch Logs' retention periods in days: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got datetime.timedelta(days=2)"),
    (batch.LogGroupOptions, {"retention": datetime.timedelta(days=3654)}, "log_group_options.retention: must be one of CloudWatch Logs' retention periods in days: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got datetime.timedelta(days=3654)"),
    (batch.LogGroupOptions, {"retention": datetime.timedelta(days=7, hours=1)}, "log_group_options.retention: must be one of CloudWatch Logs' retention periods in days: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got datetime.timedelta(days=7, seconds=3600)"),
    (batch.LogGroupOptions, {"retention": 7}, "log_group_options.retention: must be a datetime.timedelta, got 7"),
    (batch.LogGroupOptions, {"kms_key": "alias/logs"}, "log_group_options.kms_key: must be a KMS key ARN, arn:<partition>:kms:<region>:<account>:key/<key id>, got 'alias/logs'"),
    (batch.LogGroupOptions, {"kms_key": 5}, "log_group_options.kms_key: must be a KMS key ARN or a KmsKey, got 'int'"),
]  # fmt: skip


@pytest.mark.parametrize(("options", "kwargs", "message"), OPTION_RULES + LOG_GROUP_RULES)
def test_options_refused(options: Any, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(batch.ValidationError) as raised:
        options(**kwargs)
    assert str(raised.value) == message


@pytest.mark.parametrize("days", [1, 3653])
def test_log_group_retention_bounds_accepted(days: int) -> None:
    assert batch.LogGroupOptions(retention=datetime.timedelta(days=days)).retention == datetime.timedelta(days=days)


def test_log_group_arguments_refused_on_the_construct() -> None:
    stack = stack_with()
    with pytest.raises(batch.ValidationError) as raised:
        batch.LogGroup(stack, "Logs", retention=datetime.timedelta(days=2))
    assert str(raised.value).startswith("retention: must be one of")
    with pytest.raises(batch.ValidationError) as raised:
        batch.LogGroup(stack, "Keyed", kms_key="arn:aws:kms:us-east-1:123456789012:alias/logs")
    assert str(raised.value).startswith("kms_key: must be a KMS key ARN")
    with pytest.raises(batch.ValidationError) as raised:
        batch.LogGroup(stack, "Named", log_group_name="has space")
    assert (
        str(raised.value)
        == "log_group_name: must be 1-512 letters, digits, '_', '-', '/', '.' and '#', got 'has space'"
    )


def test_a_log_groups_logical_id_and_tags() -> None:
    stack = stack_with()
    batch.LogGroup(stack, "Logs", tags={"team": "etl", "app": "x"})
    batch.LogGroup(stack, "Untagged", tags={})
    assert resources(synth_stack(stack), "aws_cloudwatch_log_group") == {
        "Logs_6819BB44": {"name": "/aws/batch/test-Logs-9175dfe1", "tags": {"app": "x", "team": "etl"}},
        "Untagged_20FDDAA7": {"name": "/aws/batch/test-Untagged-41cbaf46"},
    }


def test_a_long_path_makes_a_log_group_name_of_511_characters() -> None:
    stack = stack_with()
    batch.LogGroup(stack, "L" * 600)
    (group,) = resources(synth_stack(stack), "aws_cloudwatch_log_group").values()
    # "/aws/batch/" and 500 characters: the start of the path, "-", its end, "-" and the hash.
    assert group["name"] == "/aws/batch/test-" + "L" * 240 + "-" + "L" * 245 + "-9acb6132"
    assert len(group["name"]) == 511


@pytest.mark.parametrize(
    ("tags", "message"),
    [
        ({"team": 5}, "tags['team']: must be a string, got 5"),
        ("team", "tags: must be a mapping of strings to strings, got 'team'"),
    ],
)
def test_log_group_tags_refused(tags: Any, message: str) -> None:
    with pytest.raises(batch.ValidationError) as raised:
        batch.LogGroup(stack_with(), "Logs", tags=tags)
    assert str(raised.value) == message


def test_a_log_group_placed_in_another_region_names_it_in_its_log_configuration() -> None:
    stack = stack_with()
    logs = batch.LogGroup(stack, "Logs", region="us-west-2")
    assert logs.log_configuration(stream_prefix="etl").render() == {
        "logDriver": "awslogs",
        "options": {
            "awslogs-group": logs.log_group_name,
            "awslogs-region": "us-west-2",
            "awslogs-stream-prefix": "etl",
        },
    }
    home = batch.LogGroup(stack, "Home")
    assert home.log_configuration().render() == {
        "logDriver": "awslogs",
        "options": {"awslogs-group": home.log_group_name},
    }


def test_an_empty_stream_prefix_refused() -> None:
    logs = batch.LogGroup(stack_with(), "Logs")
    with pytest.raises(batch.ValidationError) as raised:
        logs.log_configuration(stream_prefix="")
    assert str(raised.value) == "stream_prefix: must not be empty, got ''"


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ("30", "context cdktf-batch:log-group-retention-days: must be an integer, got '30'"),
        (7.5, "context cdktf-batch:log-group-retention-days: must be an integer, got 7.5"),
        (True, "context cdktf-batch:log-group-retention-days: must be an integer, got True"),
    ],
)
def test_a_retention_context_that_is_not_an_integer_refused(days: Any, message: str) -> None:
    with pytest.raises(batch.ValidationError) as raised:
        batch.LogGroup(stack_with({"cdktf-batch:log-group-retention-days": days}), "Logs")
    assert str(raised.value) == message
