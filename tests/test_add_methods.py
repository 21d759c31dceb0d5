"""Growing constructs after construction, as AWS CDK v2 lets you: ``add_retry_strategy``,
``add_volume``, ``add_ulimit``, ``add_container`` on job definitions and ``add_instance_type`` on
compute environments. What is added is checked as at construction and the synthesized output is
the one the grown arguments give."""

from __future__ import annotations

import json
from typing import Any

import pytest

import cdktf_batch as batch
from tests.conftest import new_stack, one, resources, synth_stack

IMAGE = batch.ContainerImage.from_registry("public.ecr.aws/docker/library/python:3.12")
SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:api-key-AbCdEf"
NOFILE = batch.Ulimit(name=batch.UlimitName.NOFILE, soft_limit=4096, hard_limit=8192)


def definition(doc: dict[str, Any]) -> dict[str, Any]:
    return one(resources(doc, "aws_batch_job_definition"))


def task(**kwargs: Any) -> batch.EcsProperties:
    return batch.EcsProperties(
        containers=[
            batch.EcsTaskContainer(name="main", image=IMAGE, vcpus=1, memory_limit_mib=2048),
            batch.EcsTaskContainer(name="sidecar", image=IMAGE, essential=False),
        ],
        **kwargs,
    )


def test_add_retry_strategy_renders_what_the_constructor_would() -> None:
    grown_stack, built_stack = new_stack(name="grown"), new_stack(name="built")
    first = batch.RetryStrategy(action=batch.Action.EXIT, on_exit_code="1")
    second = batch.RetryStrategy(action=batch.Action.RETRY, on_reason=batch.Reason.SPOT_INSTANCE_RECLAIMED)
    container = batch.JobDefinitionContainer(image=IMAGE)
    job = batch.JobDefinition(grown_stack, "Job", container=container, retry_attempts=3, retry_strategies=[first])
    job.add_retry_strategy(second)
    batch.JobDefinition(
        built_stack,
        "Job",
        container=container,
        retry_attempts=3,
        retry_strategies=[
            first,
            batch.RetryStrategy(action=batch.Action.RETRY, on_reason=batch.Reason.SPOT_INSTANCE_RECLAIMED),
        ],
    )
    grown, built = definition(synth_stack(grown_stack)), definition(synth_stack(built_stack))
    assert (
        grown["retry_strategy"]
        == built["retry_strategy"]
        == {
            "attempts": 3,
            "evaluate_on_exit": [
                {"action": "EXIT", "on_exit_code": "1"},
                {"action": "RETRY", "on_status_reason": "Host EC2*"},
            ],
        }
    )
    assert [s.action for s in job.retry_strategies] == [batch.Action.EXIT, batch.Action.RETRY]


def test_add_retry_strategy_keeps_the_rules() -> None:
    stack = new_stack()
    job = batch.JobDefinition(stack, "Job", container=batch.JobDefinitionContainer(image=IMAGE))
    with pytest.raises(batch.ValidationError, match=r"^retry_attempts: is required with retry_strategies"):
        job.add_retry_strategy(batch.RetryStrategy(action=batch.Action.EXIT, on_exit_code="1"))
    capped = batch.JobDefinition(
        stack,
        "Capped",
        container=batch.JobDefinitionContainer(image=IMAGE),
        retry_attempts=2,
        retry_strategies=[batch.RetryStrategy(action=batch.Action.EXIT, on_exit_code=str(i)) for i in range(5)],
    )
    with pytest.raises(batch.ValidationError, match=r"^retry_strategies: takes at most 5 RetryStrategy, got 6$"):
        capped.add_retry_strategy(batch.RetryStrategy(action=batch.Action.EXIT, on_exit_code="9"))
    assert len(capped.retry_strategies) == 5
    with pytest.raises(batch.ValidationError, match=r"^retry_strategies\[0\].on_exit_code"):
        batch.JobDefinition(
            stack, "Other", container=batch.JobDefinitionContainer(image=IMAGE), retry_attempts=2
        ).add_retry_strategy(batch.RetryStrategy(action=batch.Action.EXIT, on_exit_code="x"))


def test_add_volume_and_ulimit_to_a_single_container() -> None:
    stack = new_stack()
    container = batch.JobDefinitionContainer(
        image=IMAGE,
        mount_points=[batch.MountPoint(container_path="/data", source_volume="data")],
        volumes=[batch.Volume(name="data")],
    )
    job = batch.JobDefinition(stack, "Job", container=container)
    job.add_volume(batch.Volume(name="scratch", host=batch.Host(source_path="/mnt/scratch")))
    job.add_ulimit(NOFILE)
    rendered = json.loads(definition(synth_stack(stack))["container_properties"])
    assert rendered["volumes"] == [{"name": "data"}, {"name": "scratch", "host": {"sourcePath": "/mnt/scratch"}}]
    assert rendered["ulimits"] == [{"hardLimit": 8192, "name": "nofile", "softLimit": 4096}]
    assert job.container is not None and [v.name for v in job.container.volumes] == ["data", "scratch"]


def test_what_is_added_is_checked_and_a_refusal_changes_nothing() -> None:
    stack = new_stack()
    job = batch.JobDefinition(
        stack, "Job", container=batch.JobDefinitionContainer(image=IMAGE, volumes=[batch.Volume(name="data")])
    )
    with pytest.raises(
        batch.ValidationError,
        match=r"^container.volumes\[1\].name: must differ from the names of the other volumes, got 'data'$",
    ):
        job.add_volume(batch.Volume(name="data"))
    job.add_ulimit(NOFILE)
    with pytest.raises(batch.ValidationError, match=r"^container.ulimits\[1\].name: each ulimit name may appear once"):
        job.add_ulimit(NOFILE)
    assert job.container is not None and len(job.container.volumes) == 1 and len(job.container.ulimits) == 1
    fargate = batch.JobDefinition(
        stack,
        "Fargate",
        platform_capabilities=[batch.PlatformCapabilities.FARGATE],
        container=batch.JobDefinitionContainer(image=IMAGE),
    )
    with pytest.raises(batch.ValidationError, match=r"^container.ulimits: is not supported on Fargate \(EC2 only\)"):
        fargate.add_ulimit(NOFILE)
    with pytest.raises(batch.ValidationError) as caught:
        job.add_ulimit(NOFILE, container_name="main")
    assert str(caught.value) == "container_name: applies to ecs_properties jobs only (give none), got 'main'"
    rendered = {
        d["name"].split("-")[1]: json.loads(d["container_properties"])
        for d in resources(synth_stack(stack), "aws_batch_job_definition").values()
    }
    assert {path: (len(r.get("volumes", [])), len(r.get("ulimits", []))) for path, r in rendered.items()} == {
        "Job": (1, 1),
        "Fargate": (0, 0),
    }


def test_add_container_and_ulimit_to_a_task_grants_what_the_new_container_needs() -> None:
    stack = new_stack()
    job = batch.JobDefinition(stack, "Job", ecs_properties=task())
    # Nothing needed an execution role yet.
    job.add_container(
        batch.EcsTaskContainer(
            name="uploader",
            image=IMAGE,
            essential=False,
            secrets={"TOKEN": batch.Secret.from_secrets_manager(SECRET)},
            depends_on=[
                batch.ContainerDependency(container_name="main", condition=batch.ContainerDependencyCondition.START)
            ],
        )
    )
    job.add_ulimit(NOFILE, container_name="sidecar")
    job.add_volume(batch.Volume(name="scratch"))
    doc = synth_stack(stack)
    rendered = json.loads(definition(doc)["ecs_properties"])["taskProperties"][0]
    assert [c["name"] for c in rendered["containers"]] == ["main", "sidecar", "uploader"]
    # only the named container gets the ulimit
    assert [c.get("ulimits") for c in rendered["containers"]] == [
        None,
        [{"hardLimit": 8192, "name": "nofile", "softLimit": 4096}],
        None,
    ]
    assert rendered["volumes"] == [{"name": "scratch"}]
    role_key = one({k: k for k in resources(doc, "aws_iam_role")})
    assert rendered["executionRoleArn"] == f"${{aws_iam_role.{role_key}.arn}}"
    policy = json.loads(one(resources(doc, "aws_iam_role_policy"))["policy"])
    granted = {s["Sid"]: s["Resource"] for s in policy["Statement"]}
    assert sorted(granted) == ["Logs", "Secrets"]
    assert granted["Secrets"] == [SECRET]
    assert [arn.split(":log-group:")[1] for arn in granted["Logs"]] == ["/aws/batch/job:*"]


def test_a_grown_task_updates_the_execution_role_it_already_has() -> None:
    stack = new_stack()
    job = batch.JobDefinition(
        stack,
        "Job",
        ecs_properties=task(),
        platform_capabilities=[batch.PlatformCapabilities.FARGATE],
    )
    job.add_container(
        batch.EcsTaskContainer(
            name="logs",
            image=IMAGE,
            essential=False,
            log_configuration=batch.LogConfiguration(
                log_driver=batch.LogDriver.AWSLOGS, options={"awslogs-group": "/jobs/logs"}
            ),
        )
    )
    doc = synth_stack(stack)
    assert len(resources(doc, "aws_iam_role")) == 1
    (policy,) = resources(doc, "aws_iam_role_policy").values()
    logs = next(s for s in json.loads(policy["policy"])["Statement"] if s["Sid"] == "Logs")["Resource"]
    assert [arn.split(":log-group:")[1] for arn in logs] == ["/aws/batch/job:*", "/jobs/logs:*"]


def test_add_methods_name_the_container_and_the_kind_of_job() -> None:
    stack = new_stack()
    job = batch.JobDefinition(stack, "Job", ecs_properties=task())
    with pytest.raises(
        batch.ValidationError, match=r"^container_name: must name a container of the task \(main, sidecar\), got 'db'$"
    ):
        job.add_ulimit(NOFILE, container_name="db")
    with pytest.raises(
        batch.ValidationError,
        match=r"^ecs_properties.containers\[2\].name: must differ from the other containers' names, got 'main'$",
    ):
        job.add_container(batch.EcsTaskContainer(name="main", image=IMAGE))
    assert job.ecs_properties is not None and len(job.ecs_properties.containers) == 2
    nodes = batch.JobDefinition(
        stack,
        "Nodes",
        node_props=batch.NodeProps(
            count=2, range_props=[batch.NodeRangeProps(container=batch.JobDefinitionContainer(image=IMAGE))]
        ),
    )
    with pytest.raises(
        batch.ValidationError,
        match=r"^add_container: applies to job definitions built with container or ecs_properties",
    ):
        nodes.add_container(batch.EcsTaskContainer(name="x", image=IMAGE))
    with pytest.raises(
        batch.ValidationError, match=r"^add_volume: applies to job definitions built with container or ecs_properties"
    ):
        nodes.add_volume(batch.Volume(name="x"))
    single = batch.JobDefinition(stack, "Single", container=batch.JobDefinitionContainer(image=IMAGE))
    with pytest.raises(
        batch.ValidationError,
        match=r"^add_container: applies to job definitions built with container or ecs_properties.*got 'container'",
    ):
        single.add_container(batch.EcsTaskContainer(name="x", image=IMAGE))


NODES = batch.NodeProps(
    count=2, range_props=[batch.NodeRangeProps(container=batch.JobDefinitionContainer(image=IMAGE))]
)
POD = batch.EksProperties(containers=[batch.EksContainer(image=IMAGE)])


@pytest.mark.parametrize(
    ("kind", "method", "add"),
    [
        ({"node_props": NODES}, "add_ulimit", lambda job: job.add_ulimit(NOFILE)),
        ({"node_props": NODES}, "add_volume", lambda job: job.add_volume(batch.Volume(name="x"))),
        ({"eks_properties": POD}, "add_ulimit", lambda job: job.add_ulimit(NOFILE, container_name="main")),
        ({"eks_properties": POD}, "add_volume", lambda job: job.add_volume(batch.Volume(name="x"))),
        (
            {"eks_properties": POD},
            "add_container",
            lambda job: job.add_container(batch.EcsTaskContainer(name="x", image=IMAGE)),
        ),
    ],
    ids=["nodes-ulimit", "nodes-volume", "eks-ulimit", "eks-volume", "eks-container"],
)
def test_add_methods_refuse_node_and_eks_jobs(kind: dict[str, Any], method: str, add: Any) -> None:
    job = batch.JobDefinition(new_stack(), "Job", **kind)
    with pytest.raises(batch.ValidationError) as caught:
        add(job)
    assert str(caught.value) == (
        f"{method}: applies to job definitions built with container or ecs_properties: give the value in the model"
        f" before building the job definition, got {next(iter(kind))!r}"
    )


def test_add_instance_type_appends_to_the_types_the_environment_has() -> None:
    stack = new_stack()
    vpc = batch.Vpc(stack, "Vpc")
    default = batch.ComputeEnvironment(stack, "Default", compute_resources=batch.ComputeResources(vpc=vpc))
    default.add_instance_type("c6i")
    given = batch.ComputeEnvironment(
        stack, "Given", compute_resources=batch.ComputeResources(vpc=vpc, instance_types=["m6i.large"])
    )
    given.add_instance_type("r6i.large")
    environments = resources(synth_stack(stack), "aws_batch_compute_environment")
    types = {
        env["name_prefix"].split("-")[1]: env["compute_resources"]["instance_type"] for env in environments.values()
    }
    assert types == {"Default": ["optimal", "c6i"], "Given": ["m6i.large", "r6i.large"]}
    with pytest.raises(batch.ValidationError) as raised:
        given.add_instance_type("a1.large")
    assert str(raised.value) == (
        "compute_resources.instance_types[2]: A1 instances do not run Amazon Linux 2023 (the image given, or Batch's"
        " default); give image=EcsOptimizedAmi(generation=AmazonLinuxGeneration.AMAZON_LINUX_2) or another type,"
        " got 'a1.large'"
    )
    fargate = batch.ComputeEnvironment(
        stack, "Fargate", compute_resources=batch.ComputeResources(vpc=vpc, type=batch.ComputeResourceType.FARGATE)
    )
    with pytest.raises(batch.ValidationError) as raised:
        fargate.add_instance_type("c6i")
    assert str(raised.value) == (
        "add_instance_type: applies to managed EC2 and SPOT compute environments (Fargate has no instance types),"
        " got 'c6i'"
    )
