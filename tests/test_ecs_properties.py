"""JobDefinition(ecs_properties=...): several containers in one ECS task (the API's
``ecsProperties``), on EC2 and Fargate, alone or per node range of a multi-node job. Every
payload is also checked against botocore's ``RegisterJobDefinition`` shape and every stack with
``terraform validate`` (conftest)."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest

import cdktf_batch as batch
from tests.conftest import new_stack, one, resources, synth, synth_stack, trust_policy
from tests.engine import TerraformVariable, aws

IMAGE = batch.ContainerImage.from_registry("public.ecr.aws/docker/library/python:3.12")
ROUTER_IMAGE = batch.ContainerImage.from_registry("public.ecr.aws/aws-observability/aws-for-fluent-bit:stable")
ROLE = "arn:aws:iam::123456789012:role/job"
PARAMETER = "arn:aws:ssm:us-east-1:123456789012:parameter/db/password"
SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:api-key-AbCdEf"
KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
FARGATE = [batch.PlatformCapabilities.FARGATE]
START = batch.ContainerDependencyCondition.START
COMPLETE = batch.ContainerDependencyCondition.COMPLETE
SUCCESS = batch.ContainerDependencyCondition.SUCCESS


def main(**kwargs: Any) -> batch.EcsTaskContainer:
    kwargs.setdefault("name", "main")
    kwargs.setdefault("image", IMAGE)
    kwargs.setdefault("vcpus", 1)
    kwargs.setdefault("memory_limit_mib", 2048)
    return batch.EcsTaskContainer(**kwargs)


def sidecar(**kwargs: Any) -> batch.EcsTaskContainer:
    kwargs.setdefault("name", "sidecar")
    kwargs.setdefault("image", IMAGE)
    kwargs.setdefault("essential", False)
    return batch.EcsTaskContainer(**kwargs)


def task(*containers: batch.EcsTaskContainer, **kwargs: Any) -> batch.EcsProperties:
    return batch.EcsProperties(containers=list(containers) or [main(), sidecar()], **kwargs)


def job(**kwargs: Any) -> Callable[[Any], None]:
    def build(stack: Any) -> None:
        batch.JobDefinition(stack, "Job", **kwargs)

    return build


def definition(doc: dict[str, Any]) -> dict[str, Any]:
    return one(resources(doc, "aws_batch_job_definition"))


def payload(doc: dict[str, Any]) -> dict[str, Any]:
    """The one task of the job definition's ``ecs_properties``."""
    decoded = json.loads(definition(doc)["ecs_properties"])
    assert list(decoded) == ["taskProperties"]
    return one({str(i): t for i, t in enumerate(decoded["taskProperties"])})


def policies(doc: dict[str, Any]) -> dict[str, Any]:
    return {key: json.loads(block["policy"]) for key, block in resources(doc, "aws_iam_role_policy").items()}


# -- what is rendered --------------------------------------------------------------------------


def test_a_main_container_with_a_sidecar_on_ec2() -> None:
    doc = synth(job(ecs_properties=task()))
    rendered = definition(doc)
    assert rendered["type"] == "container"
    assert rendered["platform_capabilities"] == ["EC2"]
    for absent in ("container_properties", "node_properties", "eks_properties"):
        assert absent not in rendered
    assert payload(doc) == {
        "containers": [
            {
                "name": "main",
                "image": "public.ecr.aws/docker/library/python:3.12",
                "essential": True,
                "resourceRequirements": [{"type": "VCPU", "value": "1"}, {"type": "MEMORY", "value": "2048"}],
            },
            {"name": "sidecar", "image": "public.ecr.aws/docker/library/python:3.12", "essential": False},
        ]
    }
    # On EC2 with public images, no secrets and the default logs, ECS needs no execution role.
    assert resources(doc, "aws_iam_role") == {}


def test_every_member_of_a_task_container_and_of_the_task_on_ec2() -> None:
    volume = batch.Volume(name="scratch", host=batch.Host(source_path="/mnt/scratch"))
    router = batch.EcsTaskContainer(
        name="log-router",
        image=ROUTER_IMAGE,
        essential=True,
        memory_limit_mib=256,
        firelens_configuration=batch.FirelensConfiguration(
            type=batch.FirelensLogRouterType.FLUENTBIT,
            options={
                "enable-ecs-log-metadata": "true",
                "config-file-type": "s3",
                "config-file-value": "arn:aws:s3:::conf/fluent.conf",
            },
        ),
        user="0",
    )
    stage = sidecar(
        name="stage-in",
        command=["aws", "s3", "sync", "s3://input", "/scratch"],
        mount_points=[batch.MountPoint(container_path="/scratch", source_volume="scratch")],
        stop_timeout=datetime.timedelta(seconds=10),
    )
    worker = main(
        name="worker",
        command=["python", "-m", "job", "Ref::day"],
        environment={"MODE": "full"},
        secrets={"DB_PASSWORD": batch.Secret.from_ssm_parameter(PARAMETER)},
        vcpus=4,
        memory_limit_mib=8192,
        gpu_count=1,
        depends_on=[
            batch.ContainerDependency(container_name="stage-in", condition=SUCCESS),
            batch.ContainerDependency(container_name="log-router", condition=START),
        ],
        log_configuration=batch.LogConfiguration(
            log_driver=batch.LogDriver.AWSFIRELENS, options={"Name": "cloudwatch"}
        ),
        mount_points=[batch.MountPoint(container_path="/scratch", source_volume="scratch", read_only=True)],
        linux_params=batch.LinuxParameters(init_process_enabled=True, shared_memory_size=64),
        privileged=False,
        read_only=True,
        ulimits=[batch.Ulimit(name=batch.UlimitName.NOFILE, soft_limit=4096, hard_limit=8192)],
        user="1000:1000",
        start_timeout=datetime.timedelta(minutes=5),
        stop_timeout=datetime.timedelta(seconds=60),
    )
    doc = synth(
        job(
            ecs_properties=batch.EcsProperties(
                containers=[router, stage, worker],
                job_role=ROLE,
                volumes=[volume],
                ipc_mode=batch.IpcMode.TASK,
                pid_mode=batch.PidMode.TASK,
                enable_execute_command=True,
            )
        )
    )
    rendered = payload(doc)
    execution_role = next(iter(resources(doc, "aws_iam_role")))
    assert rendered == {
        "containers": [
            {
                "name": "log-router",
                "image": "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable",
                "user": "0",
                "essential": True,
                "resourceRequirements": [{"type": "MEMORY", "value": "256"}],
                "firelensConfiguration": {
                    "type": "fluentbit",
                    "options": {
                        "config-file-type": "s3",
                        "config-file-value": "arn:aws:s3:::conf/fluent.conf",
                        "enable-ecs-log-metadata": "true",
                    },
                },
            },
            {
                "name": "stage-in",
                "image": "public.ecr.aws/docker/library/python:3.12",
                "command": ["aws", "s3", "sync", "s3://input", "/scratch"],
                "mountPoints": [{"containerPath": "/scratch", "readOnly": False, "sourceVolume": "scratch"}],
                "essential": False,
                "stopTimeout": 10,
            },
            {
                "name": "worker",
                "image": "public.ecr.aws/docker/library/python:3.12",
                "command": ["python", "-m", "job", "Ref::day"],
                "environment": [{"name": "MODE", "value": "full"}],
                "mountPoints": [{"containerPath": "/scratch", "readOnly": True, "sourceVolume": "scratch"}],
                "readonlyRootFilesystem": True,
                "privileged": False,
                "ulimits": [{"hardLimit": 8192, "name": "nofile", "softLimit": 4096}],
                "user": "1000:1000",
                "linuxParameters": {"initProcessEnabled": True, "sharedMemorySize": 64},
                "logConfiguration": {"logDriver": "awsfirelens", "options": {"Name": "cloudwatch"}},
                "secrets": [{"name": "DB_PASSWORD", "valueFrom": PARAMETER}],
                "essential": True,
                "resourceRequirements": [
                    {"type": "VCPU", "value": "4"},
                    {"type": "MEMORY", "value": "8192"},
                    {"type": "GPU", "value": "1"},
                ],
                "dependsOn": [
                    {"containerName": "stage-in", "condition": "SUCCESS"},
                    {"containerName": "log-router", "condition": "START"},
                ],
                "startTimeout": 300,
                "stopTimeout": 60,
            },
        ],
        "taskRoleArn": ROLE,
        "executionRoleArn": f"${{aws_iam_role.{execution_role}.arn}}",
        "volumes": [{"name": "scratch", "host": {"sourcePath": "/mnt/scratch"}}],
        "enableExecuteCommand": True,
        "ipcMode": "task",
        "pidMode": "task",
    }


def test_a_fargate_task_is_sized_by_the_sum_of_its_containers() -> None:
    doc = synth(
        job(
            platform_capabilities=FARGATE,
            ecs_properties=task(
                main(vcpus=2, memory_limit_mib=4096),
                sidecar(vcpus=0.5, memory_limit_mib=1024),
                sidecar(name="proxy", vcpus=1.5, memory_limit_mib=3072),
                assign_public_ip=False,
                platform_version=batch.FargatePlatformVersion.VERSION1_4,
                ephemeral_storage_size_gib=50,
                cpu_architecture=batch.CpuArchitecture.ARM64,
                operating_system_family=batch.OperatingSystemFamily.LINUX,
            ),
        )
    )
    rendered = payload(doc)
    assert [c["resourceRequirements"] for c in rendered["containers"]] == [
        [{"type": "VCPU", "value": "2"}, {"type": "MEMORY", "value": "4096"}],
        [{"type": "VCPU", "value": "0.5"}, {"type": "MEMORY", "value": "1024"}],
        [{"type": "VCPU", "value": "1.5"}, {"type": "MEMORY", "value": "3072"}],
    ]
    assert rendered["networkConfiguration"] == {"assignPublicIp": "DISABLED"}
    assert rendered["platformVersion"] == "1.4.0"
    assert rendered["ephemeralStorage"] == {"sizeInGiB": 50}
    assert rendered["runtimePlatform"] == {"operatingSystemFamily": "LINUX", "cpuArchitecture": "ARM64"}
    assert "fargatePlatformConfiguration" not in rendered  # the single container's name for it
    # Fargate always needs an execution role: created, and allowed to write the default logs.
    role_key = one(resources(doc, "aws_iam_role")) and next(iter(resources(doc, "aws_iam_role")))
    assert rendered["executionRoleArn"] == f"${{aws_iam_role.{role_key}.arn}}"
    assert definition(doc)["platform_capabilities"] == ["FARGATE"]


def test_the_execution_role_is_allowed_what_every_container_needs_and_no_more() -> None:
    def build(stack: Any) -> None:
        registry_credentials = batch.ContainerImage.from_registry(
            "registry.example.com/team/tool:1", credentials=SECRET
        )
        batch.JobDefinition(
            stack,
            "Job",
            ecs_properties=task(
                main(
                    secrets={"TOKEN": batch.Secret.from_secrets_manager(SECRET, "token", encryption_key=KEY)},
                    log_configuration=batch.LogConfiguration(
                        log_driver=batch.LogDriver.AWSLOGS, options={"awslogs-group": "/jobs/main"}
                    ),
                ),
                sidecar(
                    image=registry_credentials,
                    secrets={"DB_PASSWORD": batch.Secret.from_ssm_parameter(PARAMETER, encryption_key=KEY)},
                    log_configuration=batch.LogConfiguration(
                        log_driver=batch.LogDriver.AWSLOGS, options={"awslogs-group": "/jobs/sidecar"}
                    ),
                ),
                sidecar(name="quiet", log_configuration=batch.LogConfiguration(log_driver=batch.LogDriver.SYSLOG)),
            ),
        )

    doc = synth(build)
    policy = one(policies(doc))
    statements = {statement["Sid"]: statement for statement in policy["Statement"]}
    assert sorted(statements) == ["DecryptSecrets", "Logs", "Parameters", "Secrets"]
    assert statements["Secrets"]["Resource"] == [SECRET]  # the credentials and the secret: one resource
    assert statements["Parameters"]["Resource"] == [PARAMETER]
    assert statements["DecryptSecrets"] == {
        "Sid": "DecryptSecrets",
        "Effect": "Allow",
        "Action": "kms:Decrypt",
        "Resource": [KEY],
    }
    logs = statements["Logs"]["Resource"]
    assert len(logs) == 2  # the two awslogs groups; the syslog container needs nothing
    assert [group.split(":log-group:")[1] for group in logs] == ["/jobs/main:*", "/jobs/sidecar:*"]
    rendered = payload(doc)
    assert rendered["containers"][1]["repositoryCredentials"] == {"credentialsParameter": SECRET}


def test_a_given_execution_role_is_used_and_nothing_is_created() -> None:
    doc = synth(
        job(
            platform_capabilities=FARGATE,
            ecs_properties=task(main(vcpus=1, memory_limit_mib=2048), execution_role=ROLE),
        )
    )
    assert payload(doc)["executionRoleArn"] == ROLE
    assert resources(doc, "aws_iam_role") == {}
    assert resources(doc, "aws_iam_role_policy") == {}


EXECUTE_COMMAND = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ExecuteCommand",
            "Effect": "Allow",
            "Action": [
                "ssmmessages:CreateControlChannel",
                "ssmmessages:CreateDataChannel",
                "ssmmessages:OpenControlChannel",
                "ssmmessages:OpenDataChannel",
            ],
            "Resource": "*",
        }
    ],
}


@pytest.mark.parametrize("kind", ["container", "ecs_properties"])
def test_ecs_exec_without_a_job_role_creates_one_allowed_the_ssm_channel(kind: str) -> None:
    if kind == "container":
        build = job(container=batch.JobDefinitionContainer(image=IMAGE, enable_execute_command=True))
    else:
        build = job(ecs_properties=task(enable_execute_command=True))
    doc = synth(build)
    roles = resources(doc, "aws_iam_role")
    (key, role) = one({k: (k, v) for k, v in roles.items()})
    assert json.loads(role["assume_role_policy"])["Statement"][0]["Principal"] == {"Service": "ecs-tasks.amazonaws.com"}
    assert role["description"].endswith("(ECS Exec)")
    (grant,) = resources(doc, "aws_iam_role_policy").values()
    assert grant["role"] == f"${{aws_iam_role.{key}.name}}"
    assert json.loads(grant["policy"]) == EXECUTE_COMMAND
    members = json.loads(definition(doc)["container_properties" if kind == "container" else "ecs_properties"])
    arn = members["jobRoleArn"] if kind == "container" else members["taskProperties"][0]["taskRoleArn"]
    assert arn == f"${{aws_iam_role.{key}.arn}}"


def test_the_created_job_role_is_named_for_the_job_and_tagged_like_it() -> None:
    doc = synth(
        job(container=batch.JobDefinitionContainer(image=IMAGE, enable_execute_command=True), tags={"team": "data"})
    )
    assert resources(doc, "aws_iam_role") == {
        "Job_JobRole_E80494B2": {
            "assume_role_policy": trust_policy("ecs-tasks.amazonaws.com"),
            "description": "Job role of AWS Batch job definition test/Job (ECS Exec)",
            "name_prefix": "test-Job-JobRole-857f16a6-",
            "tags": {"team": "data"},
        }
    }


def test_the_created_execution_role_is_named_for_the_job_and_tagged_like_it() -> None:
    doc = synth(
        job(
            container=batch.JobDefinitionContainer(image=IMAGE),
            platform_capabilities=FARGATE,
            tags={"team": "data"},
        )
    )
    assert resources(doc, "aws_iam_role") == {
        "Job_ExecutionRole_37FD15CB": {
            "assume_role_policy": trust_policy("ecs-tasks.amazonaws.com"),
            "description": "ECS execution role of AWS Batch job definition test/Job",
            "name_prefix": "test-Job-ExecutionRole-17bae6e5-",
            "tags": {"team": "data"},
        }
    }


def test_ecs_exec_grants_each_role_once_across_node_ranges() -> None:
    """One grant per role, numbered in the order the ranges first use it: a range without ECS
    Exec is skipped, the same role ARN again (an equal string, not the same object) is granted
    once, the created job role and another role each get their own."""

    def exec_range(first: int, last: int | None, **kwargs: Any) -> batch.NodeRangeProps:
        container = batch.JobDefinitionContainer(image=IMAGE, **kwargs)
        return batch.NodeRangeProps(from_node_index=first, to_node_index=last, container=container)

    same_role = "".join(list(ROLE))
    assert same_role == ROLE and same_role is not ROLE
    doc = synth(
        job(
            node_props=batch.NodeProps(
                count=5,
                range_props=[
                    exec_range(0, 0),
                    exec_range(1, 1, enable_execute_command=True, job_role=ROLE),
                    exec_range(2, 2, enable_execute_command=True, job_role=same_role),
                    exec_range(3, 3, enable_execute_command=True),
                    exec_range(4, None, enable_execute_command=True, job_role="arn:aws:iam::123456789012:role/other"),
                ],
            )
        )
    )
    assert {key: grant["role"] for key, grant in resources(doc, "aws_iam_role_policy").items()} == {
        "Job_ExecuteCommandGrant0_1D086A64": "job",
        "Job_ExecuteCommandGrant1_7D225BAE": "${aws_iam_role.Job_JobRole_E80494B2.name}",
        "Job_ExecuteCommandGrant2_EE47ACCD": "other",
    }
    assert list(resources(doc, "aws_iam_role")) == ["Job_JobRole_E80494B2"]


def test_ecs_exec_with_a_given_job_role_grants_that_role() -> None:
    doc = synth(job(ecs_properties=task(enable_execute_command=True, job_role=ROLE)))
    assert resources(doc, "aws_iam_role") == {}
    (grant,) = resources(doc, "aws_iam_role_policy").values()
    assert grant["role"] == "job"
    assert json.loads(grant["policy"]) == EXECUTE_COMMAND


def test_ecs_exec_off_grants_nothing() -> None:
    doc = synth(job(ecs_properties=task(enable_execute_command=False)))
    assert resources(doc, "aws_iam_role") == {}
    assert resources(doc, "aws_iam_role_policy") == {}
    assert payload(doc)["enableExecuteCommand"] is False


def test_node_ranges_run_multi_container_tasks_with_an_instance_type() -> None:
    doc = synth(
        job(
            node_props=batch.NodeProps(
                count=4,
                main_node=0,
                range_props=[
                    batch.NodeRangeProps(
                        from_node_index=0, to_node_index=0, ecs_properties=task(), instance_types=["c6i.2xlarge"]
                    ),
                    batch.NodeRangeProps(
                        from_node_index=1,
                        container=batch.JobDefinitionContainer(
                            image=IMAGE, vcpus=2, memory_limit_mib=4096, instance_type="c6i.2xlarge"
                        ),
                    ),
                ],
            )
        )
    )
    rendered = definition(doc)
    assert rendered["type"] == "multinode"
    nodes = json.loads(rendered["node_properties"])
    assert nodes["numNodes"] == 4
    first, second = nodes["nodeRangeProperties"]
    assert first["targetNodes"] == "0:0"
    assert first["instanceTypes"] == ["c6i.2xlarge"]
    assert [c["name"] for c in first["ecsProperties"]["taskProperties"][0]["containers"]] == ["main", "sidecar"]
    assert "container" not in first
    assert second["targetNodes"] == "1:"
    assert second["container"]["instanceType"] == "c6i.2xlarge"
    assert "instanceTypes" not in second


def test_terraform_variables_are_taken_where_numbers_and_names_go() -> None:
    def build(stack: Any) -> None:
        vcpus = TerraformVariable(stack, "vcpus", type="number").number_value
        memory = TerraformVariable(stack, "memory", type="number").number_value
        router = TerraformVariable(stack, "router", type="string").string_value
        batch.JobDefinition(
            stack,
            "Job",
            platform_capabilities=FARGATE,
            ecs_properties=task(
                main(
                    vcpus=vcpus,
                    memory_limit_mib=memory,
                    depends_on=[batch.ContainerDependency(container_name=router, condition=START)],
                ),
                sidecar(name="proxy", vcpus=1, memory_limit_mib=2048),
            ),
        )

    rendered = payload(synth(build))
    assert rendered["containers"][0]["resourceRequirements"] == [
        {"type": "VCPU", "value": "${var.vcpus}"},
        {"type": "MEMORY", "value": "${var.memory}"},
    ]
    assert rendered["containers"][0]["dependsOn"] == [{"containerName": "${var.router}", "condition": "START"}]


def test_firelens_option_values_from_terraform_variables_pass_unchecked() -> None:
    def build(stack: Any) -> None:
        metadata = TerraformVariable(stack, "metadata", type="string").string_value
        router = batch.FirelensConfiguration(
            type=batch.FirelensLogRouterType.FLUENTBIT, options={"enable-ecs-log-metadata": metadata}
        )
        batch.JobDefinition(stack, "Job", ecs_properties=task(main(firelens_configuration=router)))

    rendered = payload(synth(build))
    assert rendered["containers"][0]["firelensConfiguration"] == {
        "type": "fluentbit",
        "options": {"enable-ecs-log-metadata": "${var.metadata}"},
    }


def test_terraform_variables_are_left_to_terraform_in_task_sums_and_instance_types() -> None:
    """Two containers' token sizes are not summed (a sum of tokens is no token), and a token
    instance type is not compared with the other ranges'."""
    tasks: list[batch.EcsProperties] = []

    def build(stack: Any) -> None:
        def number(name: str) -> Any:
            return TerraformVariable(stack, name, type="number").number_value

        properties = task(
            main(vcpus=number("main_vcpus"), memory_limit_mib=number("main_memory")),
            sidecar(vcpus=number("sidecar_vcpus"), memory_limit_mib=number("sidecar_memory")),
        )
        tasks.append(properties)
        batch.JobDefinition(stack, "Job", platform_capabilities=FARGATE, ecs_properties=properties)
        instance_type = TerraformVariable(stack, "instance_type", type="string").string_value
        batch.JobDefinition(
            stack,
            "Nodes",
            node_props=batch.NodeProps(
                count=2,
                range_props=[
                    batch.NodeRangeProps(to_node_index=0, ecs_properties=task(), instance_types=[instance_type]),
                    batch.NodeRangeProps(
                        from_node_index=1,
                        container=batch.JobDefinitionContainer(image=IMAGE, instance_type="c6i.2xlarge"),
                    ),
                ],
            ),
        )

    doc = synth(build)
    assert tasks[0].totals() == (None, None)
    rendered = {key.split("_")[0]: body for key, body in resources(doc, "aws_batch_job_definition").items()}
    containers = json.loads(rendered["Job"]["ecs_properties"])["taskProperties"][0]["containers"]
    assert [c["resourceRequirements"] for c in containers] == [
        [{"type": "VCPU", "value": "${var.main_vcpus}"}, {"type": "MEMORY", "value": "${var.main_memory}"}],
        [{"type": "VCPU", "value": "${var.sidecar_vcpus}"}, {"type": "MEMORY", "value": "${var.sidecar_memory}"}],
    ]
    ranges = json.loads(rendered["Nodes"]["node_properties"])["nodeRangeProperties"]
    assert [r.get("instanceTypes") for r in ranges] == [["${var.instance_type}"], None]
    assert ranges[1]["container"]["instanceType"] == "c6i.2xlarge"


def test_timeout_seconds_of_a_task_container() -> None:
    container = main(start_timeout=datetime.timedelta(seconds=1.5), stop_timeout=datetime.timedelta(minutes=2))
    assert container.timeout_seconds("stop_timeout") == 120
    assert sidecar().timeout_seconds("start_timeout") is None
    with pytest.raises(batch.ValidationError) as raised:
        container.timeout_seconds("start_timeout")
    assert str(raised.value) == (
        "start_timeout: must be a whole number of seconds, got datetime.timedelta(seconds=1, microseconds=500000)"
    )


def test_dependencies_after_a_token_are_still_checked() -> None:
    """A dependency on a container named by a token is left to AWS; the ones after it are checked."""

    def build(dependencies: Callable[[Any], list[batch.ContainerDependency]], sidecar_waits: bool) -> Any:
        def make(stack: Any) -> None:
            token = TerraformVariable(stack, "container", type="string").string_value
            waits = [batch.ContainerDependency(container_name="main", condition=START)] if sidecar_waits else []
            batch.JobDefinition(
                stack, "Job", ecs_properties=task(main(depends_on=dependencies(token)), sidecar(depends_on=waits))
            )

        return make

    with pytest.raises(batch.ValidationError) as raised:
        synth(
            build(
                lambda token: [
                    batch.ContainerDependency(container_name=token, condition=START),
                    batch.ContainerDependency(container_name="db", condition=START),
                ],
                sidecar_waits=False,
            ),
            validate=False,
        )
    assert str(raised.value) == (
        f"{EP}.containers[0].depends_on[1].container_name: must name a container of the task (sidecar), got 'db'"
    )
    with pytest.raises(batch.ValidationError) as raised:
        synth(
            build(
                lambda token: [
                    batch.ContainerDependency(container_name=token, condition=START),
                    batch.ContainerDependency(container_name="sidecar", condition=START),
                ],
                sidecar_waits=True,
            ),
            validate=False,
        )
    assert str(raised.value) == (
        f"{EP}.containers[0].depends_on: must not make containers wait for each other in a cycle,"
        " got 'main -> sidecar -> main'"
    )


def test_a_cycle_through_a_container_named_by_a_token_is_refused() -> None:
    """The same token names a container and is waited for: the same value, a certain cycle."""
    names: list[str] = []

    def build(stack: Any) -> None:
        token = TerraformVariable(stack, "container", type="string").string_value
        names.append(token)
        batch.JobDefinition(
            stack,
            "Job",
            ecs_properties=task(
                main(depends_on=[batch.ContainerDependency(container_name=token, condition=START)]),
                sidecar(name=token, depends_on=[batch.ContainerDependency(container_name="main", condition=START)]),
            ),
        )

    with pytest.raises(batch.ValidationError) as raised:
        synth(build, validate=False)
    assert str(raised.value) == (
        f"{EP}.containers[0].depends_on: must not make containers wait for each other in a cycle,"
        f" got 'main -> {names[0]} -> main'"
    )


def test_an_essential_flag_from_a_variable_counts_as_essential() -> None:
    def build(stack: Any) -> None:
        essential = TerraformVariable(stack, "essential", type="bool").boolean_value
        batch.JobDefinition(stack, "Job", ecs_properties=task(main(essential=essential), sidecar()))

    text = definition(synth(build))["ecs_properties"]
    assert '"name":"main","image":"public.ecr.aws/docker/library/python:3.12","essential":${var.essential},' in text


def test_the_task_keeps_the_containers_and_dependencies_it_was_given() -> None:
    """The checked task holds its own copies: later changes to the caller's lists change nothing."""
    stack = new_stack()
    dependencies = [batch.ContainerDependency(container_name="sidecar", condition=START)]
    containers = [main(depends_on=dependencies), sidecar()]
    job = batch.JobDefinition(stack, "Job", ecs_properties=batch.EcsProperties(containers=containers))
    dependencies.append(batch.ContainerDependency(container_name="sidecar", condition=COMPLETE))
    containers.append(sidecar(name="late"))
    job.add_volume(batch.Volume(name="scratch"))  # renders the task again
    rendered = json.loads(definition(synth_stack(stack))["ecs_properties"])["taskProperties"][0]["containers"]
    assert [c["name"] for c in rendered] == ["main", "sidecar"]
    assert rendered[0]["dependsOn"] == [{"containerName": "sidecar", "condition": "START"}]


def test_ipc_and_pid_modes_take_the_apis_strings() -> None:
    doc = synth(ecs(ipc_mode="host", pid_mode="task"))  # type: ignore[arg-type]
    assert (payload(doc)["ipcMode"], payload(doc)["pidMode"]) == ("host", "task")


def test_the_largest_task_and_the_boundaries_it_may_reach() -> None:
    """Ten containers, the timeouts at Fargate's bounds, COMPLETE on a non-essential container."""
    containers = [main(vcpus=2, memory_limit_mib=8192, start_timeout=datetime.timedelta(seconds=120))] + [
        sidecar(
            name=f"side{i}",
            stop_timeout=datetime.timedelta(seconds=2),
            depends_on=[batch.ContainerDependency(container_name=f"side{i + 1}", condition=COMPLETE)] if i < 8 else [],
        )
        for i in range(9)
    ]
    doc = synth(job(platform_capabilities=FARGATE, ecs_properties=batch.EcsProperties(containers=containers)))
    rendered = payload(doc)
    assert len(rendered["containers"]) == 10
    assert rendered["containers"][0]["startTimeout"] == 120
    assert rendered["containers"][1]["stopTimeout"] == 2


# -- what is refused ---------------------------------------------------------------------------

EP = "ecs_properties"


def ecs(*containers: batch.EcsTaskContainer, fargate: bool = False, **kwargs: Any) -> Callable[[Any], None]:
    extra: dict[str, Any] = {"platform_capabilities": FARGATE} if fargate else {}
    return job(ecs_properties=task(*containers, **kwargs), **extra)


DEPENDS_COMPLETE = [batch.ContainerDependency(container_name="main", condition=COMPLETE)]
FIRELENS = batch.FirelensConfiguration(type=batch.FirelensLogRouterType.FLUENTBIT)
FIRELENS_LOGS = batch.LogConfiguration(log_driver=batch.LogDriver.AWSFIRELENS)
EFS = batch.Volume(name="data", efs_volume_configuration=batch.EfsVolumeConfiguration(file_system_id="fs-12345678"))

REFUSED: list[tuple[str, Callable[[Any], None], str]] = [
    (
        "no-containers",
        job(ecs_properties=batch.EcsProperties(containers=[])),
        f"{EP}.containers: must have at least one EcsTaskContainer, got []",
    ),
    (
        "eleven-containers",
        job(ecs_properties=batch.EcsProperties(containers=[main()] + [sidecar(name=f"s{i}") for i in range(10)])),
        f"{EP}.containers: takes at most 10 EcsTaskContainer, got 11",
    ),
    (
        "not-a-container",
        job(ecs_properties=batch.EcsProperties(containers=[batch.JobDefinitionContainer(image=IMAGE)])),
        f"{EP}.containers[0]: must be an EcsTaskContainer, got 'JobDefinitionContainer'",
    ),  # type: ignore[list-item]
    (
        "name",
        ecs(main(name="web app")),
        f"{EP}.containers[0].name: must be 1-255 letters, digits, hyphens or underscores, got 'web app'",
    ),
    (
        "duplicate-name",
        ecs(main(), sidecar(name="main")),
        f"{EP}.containers[1].name: must differ from the other containers' names, got 'main'",
    ),
    (
        "no-essential",
        ecs(main(essential=False), sidecar()),
        f"{EP}.containers: must have at least one essential container (essential=True, the default), got ['main', 'sidecar']",
    ),
    ("essential-type", ecs(main(essential="yes")), f"{EP}.containers[0].essential: must be True or False, got 'yes'"),
    (
        "depends-unknown",
        ecs(main(depends_on=[batch.ContainerDependency(container_name="db", condition=START)]), sidecar()),
        f"{EP}.containers[0].depends_on[0].container_name: must name a container of the task (sidecar), got 'db'",
    ),
    (
        "depends-self",
        ecs(main(depends_on=[batch.ContainerDependency(container_name="main", condition=START)])),
        f"{EP}.containers[0].depends_on[0].container_name: must name another container, not the container itself, got 'main'",
    ),
    (
        "dependency-names-the-other-containers",
        ecs(
            main(depends_on=[batch.ContainerDependency(container_name="db", condition=START)]),
            sidecar(),
            sidecar(name="uploader"),
        ),
        f"{EP}.containers[0].depends_on[0].container_name: must name a container of the task (sidecar, uploader), got 'db'",
    ),
    (
        "ec2-vcpus-of-a-later-container",
        ecs(main(), sidecar(vcpus=0.5)),
        f"{EP}.containers[1].vcpus: must be an integer of at least 1, got 0.5",
    ),
    (
        "firelens-configuration-type",
        ecs(main(firelens_configuration="fluentbit")),
        f"{EP}.containers[0].firelens_configuration: must be a FirelensConfiguration, got 'fluentbit'",
    ),  # type: ignore[arg-type]
    (
        "environment-name",
        ecs(main(environment={"1A": "x"})),
        f"{EP}.containers[0].environment: names must be letters, digits and _, not starting with a digit, got '1A'",
    ),
    (
        "dependency-name-type",
        ecs(main(depends_on=[batch.ContainerDependency(container_name=5, condition=START)]), sidecar()),
        f"{EP}.containers[0].depends_on[0].container_name: must be a string, got 5",
    ),  # type: ignore[arg-type]
    (
        "depends-condition",
        ecs(main(depends_on=[batch.ContainerDependency(container_name="sidecar", condition="HEALTHY")]), sidecar()),
        f"{EP}.containers[0].depends_on[0].condition: must be one of COMPLETE, START, SUCCESS, got 'HEALTHY'",
    ),  # type: ignore[arg-type]
    (
        "complete-on-essential",
        ecs(main(), sidecar(essential=True, depends_on=DEPENDS_COMPLETE)),
        f"{EP}.containers[1].depends_on[0].condition: COMPLETE needs a non-essential container (main is essential); use START, or give it essential=False, got 'COMPLETE'",
    ),
    (
        "success-on-essential",
        ecs(main(), sidecar(depends_on=[batch.ContainerDependency(container_name="main", condition=SUCCESS)])),
        f"{EP}.containers[1].depends_on[0].condition: SUCCESS needs a non-essential container (main is essential); use START, or give it essential=False, got 'SUCCESS'",
    ),
    (
        "cycle",
        ecs(
            main(depends_on=[batch.ContainerDependency(container_name="a", condition=START)]),
            sidecar(name="a", depends_on=[batch.ContainerDependency(container_name="b", condition=START)]),
            sidecar(name="b", depends_on=[batch.ContainerDependency(container_name="a", condition=START)]),
        ),
        f"{EP}.containers[1].depends_on: must not make containers wait for each other in a cycle, got 'a -> b -> a'",
    ),
    (
        "no-vcpus",
        ecs(main(vcpus=None), sidecar()),
        f"{EP}.containers: must give vcpus on at least one container (AWS needs the task's VCPU), got ['main', 'sidecar']",
    ),
    (
        "no-memory",
        ecs(main(memory_limit_mib=None), sidecar()),
        f"{EP}.containers: must give memory_limit_mib on at least one container (AWS needs the task's MEMORY), got ['main', 'sidecar']",
    ),
    (
        "ec2-fractional-vcpus",
        ecs(main(vcpus=0.5)),
        f"{EP}.containers[0].vcpus: must be an integer of at least 1, got 0.5",
    ),
    (
        "mount-unknown-volume",
        ecs(main(mount_points=[batch.MountPoint(container_path="/d", source_volume="data")])),
        f"{EP}.containers[0].mount_points[0].source_volume: must name one of the task's volumes (none given), got 'data'",
    ),
    (
        "two-routers",
        ecs(main(firelens_configuration=FIRELENS), sidecar(firelens_configuration=FIRELENS)),
        f"{EP}.containers[1].firelens_configuration: may be given on one container of the task (containers[0] has one), got 'sidecar'",
    ),
    (
        "firelens-without-router",
        ecs(main(log_configuration=FIRELENS_LOGS)),
        f"{EP}.containers[0].log_configuration.log_driver: awsfirelens needs a FireLens container in the task (a container with firelens_configuration), got 'awsfirelens'",
    ),
    (
        "firelens-option",
        ecs(main(firelens_configuration=batch.FirelensConfiguration(type="fluentbit", options={"config-file": "x"}))),
        f"{EP}.containers[0].firelens_configuration.options: takes the keys enable-ecs-log-metadata, config-file-type, config-file-value, got 'config-file'",
    ),  # type: ignore[arg-type]
    (
        "firelens-option-value",
        ecs(
            main(
                firelens_configuration=batch.FirelensConfiguration(
                    type="fluentbit", options={"enable-ecs-log-metadata": "yes"}
                )
            )
        ),
        f"{EP}.containers[0].firelens_configuration.options['enable-ecs-log-metadata']: must be true or false, got 'yes'",
    ),  # type: ignore[arg-type]
    (
        "firelens-option-not-a-string",
        ecs(
            main(
                firelens_configuration=batch.FirelensConfiguration(
                    type="fluentbit", options={"enable-ecs-log-metadata": True}
                )
            )
        ),
        f"{EP}.containers[0].firelens_configuration.options['enable-ecs-log-metadata']: must be a string, got True",
    ),  # type: ignore[arg-type, dict-item]
    (
        "firelens-config-alone",
        ecs(
            main(
                firelens_configuration=batch.FirelensConfiguration(type="fluentd", options={"config-file-type": "file"})
            )
        ),
        f"{EP}.containers[0].firelens_configuration.options: needs config-file-type and config-file-value together, got ['config-file-type']",
    ),  # type: ignore[arg-type]
    (
        "firelens-type",
        ecs(main(firelens_configuration=batch.FirelensConfiguration(type="logstash"))),
        f"{EP}.containers[0].firelens_configuration.type: must be one of fluentbit, fluentd, got 'logstash'",
    ),  # type: ignore[arg-type]
    (
        "timeout-short",
        ecs(main(start_timeout=datetime.timedelta(seconds=1))),
        f"{EP}.containers[0].start_timeout: must be of at least 2 seconds, got datetime.timedelta(seconds=1)",
    ),
    ("ipc-mode", ecs(ipc_mode="shareable"), f"{EP}.ipc_mode: must be one of host, none, task, got 'shareable'"),
    ("pid-mode", ecs(pid_mode="shared"), f"{EP}.pid_mode: must be one of host, task, got 'shared'"),
    (
        "windows-privileged",
        ecs(
            main(privileged=True),
            fargate=True,
            operating_system_family=batch.OperatingSystemFamily.WINDOWS_SERVER_2022_CORE,
        ),
        f"{EP}.containers[0].privileged: is not supported on Windows, got True",
    ),
    (
        "windows-efs",
        ecs(fargate=True, volumes=[EFS], operating_system_family=batch.OperatingSystemFamily.WINDOWS_SERVER_2022_CORE),
        f"{EP}.volumes[0].efs_volume_configuration: is not supported on Windows, got 'data'",
    ),
    (
        "platform-1.3-efs",
        ecs(fargate=True, volumes=[EFS], platform_version="1.3.0"),
        f"{EP}.volumes[0].efs_volume_configuration: needs Fargate platform version 1.4.0 or later (platform_version is 1.3.0), got 'data'",
    ),
    (
        "efs-iam-without-job-role",
        ecs(
            volumes=[
                batch.Volume(
                    name="d",
                    efs_volume_configuration=batch.EfsVolumeConfiguration(
                        file_system_id="fs-12345678",
                        transit_encryption=True,
                        authorization_config=batch.AuthorizationConfig(iam=True),
                    ),
                )
            ]
        ),
        f"{EP}.volumes[0].efs_volume_configuration.authorization_config.iam: needs a job_role: EFS IAM authorization mounts as the job role, got True",
    ),
    # Where the task runs.
    (
        "fargate-sum",
        ecs(main(vcpus=2, memory_limit_mib=4096), sidecar(vcpus=1, memory_limit_mib=1024), fargate=True),
        f"{EP}.containers (sum of vcpus): must be 0.25, 0.5, 1, 2, 4, 8, 16 or 32 on Fargate, got 3",
    ),
    (
        "fargate-sum-memory",
        ecs(main(vcpus=1, memory_limit_mib=1024), sidecar(memory_limit_mib=512), fargate=True),
        f"{EP}.containers (sum of memory_limit_mib): with 1 vCPU Fargate takes 2048-8192 MiB in steps of 1024, got 1536",
    ),
    (
        "fargate-gpu",
        ecs(main(gpu_count=1), fargate=True),
        f"{EP}.containers[0].gpu_count: is not supported on Fargate (EC2 only), got 1",
    ),
    (
        "fargate-ipc",
        ecs(main(vcpus=1, memory_limit_mib=2048), fargate=True, ipc_mode=batch.IpcMode.TASK),
        f"{EP}.ipc_mode: is not supported on Fargate (EC2 only), got 'task'",
    ),
    (
        "fargate-pid-host",
        ecs(main(vcpus=1, memory_limit_mib=2048), fargate=True, pid_mode=batch.PidMode.HOST),
        f"{EP}.pid_mode: must be TASK on Fargate (HOST is EC2 only), got 'host'",
    ),
    (
        "fargate-timeout",
        ecs(main(vcpus=1, memory_limit_mib=2048, stop_timeout=datetime.timedelta(seconds=121)), fargate=True),
        f"{EP}.containers[0].stop_timeout: must be at most 120 seconds on Fargate, got datetime.timedelta(seconds=121)",
    ),
    (
        "fargate-firelens-s3",
        ecs(
            main(
                vcpus=1,
                memory_limit_mib=2048,
                firelens_configuration=batch.FirelensConfiguration(
                    type=batch.FirelensLogRouterType.FLUENTBIT,
                    options={"config-file-type": "s3", "config-file-value": "arn:aws:s3:::b/k"},
                ),
            ),
            fargate=True,
        ),
        f"{EP}.containers[0].firelens_configuration.options['config-file-type']: must be file on Fargate (s3 is EC2 only), got 's3'",
    ),
    (
        "fargate-host-volume",
        ecs(fargate=True, volumes=[batch.Volume(name="h", host=batch.Host(source_path="/data"))]),
        f"{EP}.volumes[0].host: host paths are not supported on Fargate, got '/data'",
    ),
    (
        "fargate-syslog",
        ecs(
            main(
                vcpus=1,
                memory_limit_mib=2048,
                log_configuration=batch.LogConfiguration(log_driver=batch.LogDriver.SYSLOG),
            ),
            fargate=True,
        ),
        f"{EP}.containers[0].log_configuration.log_driver: must be awslogs, splunk or awsfirelens on Fargate, got 'syslog'",
    ),
    (
        "ec2-public-ip",
        ecs(assign_public_ip=True),
        f"{EP}.assign_public_ip: applies to Fargate only (platform_capabilities=[FARGATE]), got True",
    ),
    # The job definition.
    (
        "container-and-ecs",
        job(container=batch.JobDefinitionContainer(image=IMAGE), ecs_properties=task()),
        "ecs_properties: give one of container, ecs_properties, node_props, eks_properties, got ['container', 'ecs_properties']",
    ),
    ("ecs-type", job(ecs_properties=[main()]), "ecs_properties: must be EcsProperties, got 'list'"),
]


@pytest.mark.parametrize(("build", "message"), [case[1:] for case in REFUSED], ids=[case[0] for case in REFUSED])
def test_refused(build: Callable[[Any], None], message: str) -> None:
    with pytest.raises(batch.ValidationError) as caught:
        synth(build)
    assert str(caught.value) == message


def test_node_ranges_refused() -> None:
    def nodes(*ranges: batch.NodeRangeProps, count: int = 10) -> None:
        batch.NodeProps(count=count, range_props=list(ranges))

    one_range = batch.NodeRangeProps(ecs_properties=task())
    with pytest.raises(batch.ValidationError, match=r"^node_props.range_props: takes at most 5 NodeRangeProps, got 6$"):
        nodes(
            *[batch.NodeRangeProps(from_node_index=i, to_node_index=i, ecs_properties=task()) for i in range(6)],
            count=6,
        )
    with pytest.raises(
        batch.ValidationError,
        match=r"^node_props.range_props\[0\].instance_types: takes one instance type \(the API's limit\), got \['c5.large', 'c5.xlarge'\]$",
    ):
        nodes(batch.NodeRangeProps(ecs_properties=task(), instance_types=["c5.large", "c5.xlarge"]))
    with pytest.raises(
        batch.ValidationError,
        match=r"^node_props.range_props\[0\].instance_types\[0\]: must be an EC2 instance type such as c5.large, got 'C5'$",
    ):
        nodes(batch.NodeRangeProps(ecs_properties=task(), instance_types=["C5"]))
    with pytest.raises(
        batch.ValidationError,
        match=r"^node_props.range_props\[0\].container: give one of node_props.range_props\[0\].container or node_props.range_props\[0\].ecs_properties$",
    ):
        nodes(batch.NodeRangeProps())
    with pytest.raises(
        batch.ValidationError,
        match=r"^node_props.range_props\[0\].instance_types: give the instance type once: here or as container.instance_type",
    ):
        nodes(
            batch.NodeRangeProps(
                container=batch.JobDefinitionContainer(image=IMAGE, instance_type="c5.large"),
                instance_types=["c5.large"],
            )
        )
    with pytest.raises(
        batch.ValidationError,
        match=r"^node_props.range_props\[1\].instance_types: must be the instance type of the other node ranges \(c5.large in range 0\)",
    ):
        nodes(
            batch.NodeRangeProps(
                to_node_index=4, container=batch.JobDefinitionContainer(image=IMAGE, instance_type="c5.large")
            ),
            batch.NodeRangeProps(from_node_index=5, ecs_properties=task(), instance_types=["c5.xlarge"]),
        )
    # Five ranges are allowed; a range of one multi-container task over all nodes too.
    nodes(*[batch.NodeRangeProps(from_node_index=i, to_node_index=i, ecs_properties=task()) for i in range(5)], count=5)
    nodes(one_range)


def test_each_rule_lets_the_last_allowed_value_through() -> None:
    """Valid neighbours of the refusals above: each must synthesize."""
    allowed = [
        ecs(main(vcpus=1, memory_limit_mib=1024), sidecar(memory_limit_mib=1024), fargate=True),  # 1 vCPU / 2048 MiB
        ecs(main(vcpus=16, memory_limit_mib=122880), fargate=True),
        ecs(main(vcpus=32, memory_limit_mib=249856), fargate=True),
        ecs(
            main(vcpus=1, memory_limit_mib=2048, stop_timeout=datetime.timedelta(seconds=120)),
            fargate=True,
            pid_mode=batch.PidMode.TASK,
        ),
        ecs(main(firelens_configuration=FIRELENS), sidecar(log_configuration=FIRELENS_LOGS)),
        ecs(
            main(),
            sidecar(essential=True, depends_on=[batch.ContainerDependency(container_name="main", condition=START)]),
        ),
        ecs(main(depends_on=[batch.ContainerDependency(container_name="sidecar", condition=SUCCESS)]), sidecar()),
        ecs(main(vcpus=1), sidecar(vcpus=1, gpu_count=1), ipc_mode=batch.IpcMode.HOST, pid_mode=batch.PidMode.HOST),
    ]
    for build in allowed:
        assert payload(synth(build))["containers"]


def test_the_single_container_fargate_message_lists_the_sizes_that_exist() -> None:
    with pytest.raises(batch.ValidationError) as caught:
        batch.JobDefinition(
            _stack(),
            "Job",
            platform_capabilities=FARGATE,
            container=batch.JobDefinitionContainer(image=IMAGE, memory_limit_mib=1536),
        )
    assert (
        str(caught.value) == "container.memory_limit_mib: with 0.25 vCPU Fargate takes 512, 1024 or 2048 MiB, got 1536"
    )


def _stack() -> Any:
    from tests.conftest import new_stack

    return new_stack()


def test_multi_node_ranges_with_ecs_properties_warn_of_the_pinned_providers_update_crash() -> None:
    from tests.engine import NAME

    stack = _stack()
    nodes = batch.JobDefinition(
        stack,
        "Nodes",
        node_props=batch.NodeProps(count=2, range_props=[batch.NodeRangeProps(ecs_properties=task())]),
    )
    containers_only = batch.JobDefinition(
        stack,
        "Plain",
        node_props=batch.NodeProps(
            count=2, range_props=[batch.NodeRangeProps(container=batch.JobDefinitionContainer(image=IMAGE))]
        ),
    )
    warnings = [entry.data for entry in nodes.node.metadata if "warn" in entry.type]
    if NAME == "cdktf":  # the provider 6.25 that cdktf's bindings pin
        assert warnings == [
            "node_props.range_props[0] use ecs_properties: the AWS provider 6.25 that cdktf pins crashes when it"
            " updates such a job definition in place (terraform-provider-aws#45676, fixed after 6.27). Replace it"
            " instead (terraform apply -replace=...), or use CDK Terrain (provider 6.69)."
        ]
    else:  # cdktn's bindings pin 6.69, which has the fix
        assert warnings == []
    assert [entry for entry in containers_only.node.metadata if "warn" in entry.type] == []


def test_log_driver_secrets_carry_their_key_too() -> None:
    def build(stack: Any) -> None:
        batch.JobDefinition(
            stack,
            "Job",
            container=batch.JobDefinitionContainer(
                image=IMAGE,
                log_configuration=batch.LogConfiguration(
                    log_driver=batch.LogDriver.SPLUNK,
                    options={"splunk-url": "https://splunk.example.com"},
                    secret_options=[
                        batch.ExposedSecret.from_secrets_manager("splunk-token", SECRET, encryption_key=KEY)
                    ],
                ),
            ),
        )

    policy = one(policies(synth(build)))
    statements = {statement["Sid"]: statement["Resource"] for statement in policy["Statement"]}
    assert statements == {"Secrets": [SECRET], "DecryptSecrets": [KEY]}


# The secrets are made in the test, not at collection: the mutation run's workers import this
# module before any mutant is active.
@pytest.mark.parametrize(
    ("secrets", "secret_options"),
    [
        (lambda: {"DB_PASSWORD": batch.Secret.from_ssm_parameter(PARAMETER, encryption_key=KEY)}, list),
        (dict, lambda: [batch.ExposedSecret.from_parameters_store("splunk-token", PARAMETER, encryption_key=KEY)]),
    ],
    ids=["Secret.from_ssm_parameter", "ExposedSecret.from_parameters_store"],
)
def test_ssm_parameter_secrets_carry_their_key_too(
    secrets: Callable[[], dict[str, Any]], secret_options: Callable[[], list[Any]]
) -> None:
    def build(stack: Any) -> None:
        batch.JobDefinition(
            stack,
            "Job",
            container=batch.JobDefinitionContainer(
                image=IMAGE,
                secrets=secrets(),
                log_configuration=batch.LogConfiguration(
                    log_driver=batch.LogDriver.SPLUNK,
                    options={"splunk-url": "https://splunk.example.com"},
                    secret_options=secret_options(),
                ),
            ),
        )

    policy = one(policies(synth(build)))
    statements = {statement["Sid"]: statement["Resource"] for statement in policy["Statement"]}
    assert statements == {"Parameters": [PARAMETER], "DecryptSecrets": [KEY]}


def test_each_parameter_and_each_key_once() -> None:
    """The same ARN given twice (equal strings, not the same object) counts once; two objects,
    or an object and a variable, count apart."""
    other_key = "arn:aws:kms:us-east-1:123456789012:key/abcd1234-ab12-cd34-ef56-abcdef123456"

    def build(stack: Any) -> None:
        first = aws.ssm_parameter.SsmParameter(stack, "First", name="/db/first", type="SecureString", value="x")
        second = aws.ssm_parameter.SsmParameter(stack, "Second", name="/db/second", type="SecureString", value="x")
        key = aws.kms_key.KmsKey(stack, "Key")
        variable = TerraformVariable(stack, "parameter", type="string").string_value
        batch.JobDefinition(
            stack,
            "Job",
            container=batch.JobDefinitionContainer(
                image=IMAGE,
                secrets={
                    "A": batch.Secret.from_ssm_parameter(PARAMETER, encryption_key=KEY),
                    "B": batch.Secret.from_ssm_parameter(
                        PARAMETER[:-1] + PARAMETER[-1:], encryption_key=KEY[:-1] + KEY[-1:]
                    ),
                    "C": batch.Secret.from_ssm_parameter(first, encryption_key=key),
                    "D": batch.Secret.from_ssm_parameter(second, encryption_key=other_key),
                    "E": batch.Secret.from_ssm_parameter(variable),
                },
            ),
        )

    policy = one(policies(synth(build)))
    statements = {statement["Sid"]: statement["Resource"] for statement in policy["Statement"]}
    assert statements["Parameters"] == [
        PARAMETER,
        "${aws_ssm_parameter.First.arn}",
        "${aws_ssm_parameter.Second.arn}",
        "${var.parameter}",
    ]
    assert statements["DecryptSecrets"] == [KEY, "${aws_kms_key.Key.arn}", other_key]


def test_an_encryption_key_must_be_a_key() -> None:
    with pytest.raises(batch.ValidationError) as caught:
        batch.Secret.from_secrets_manager(SECRET, encryption_key="alias/my-key")
    assert str(caught.value) == (
        "secrets.encryption_key: must be a KMS key ARN (arn:...:kms:region:account:key/id) or KmsKey, got 'alias/my-key'"
    )
