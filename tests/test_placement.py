"""Provider placement: every construct and factory takes ``provider=`` (an aliased AwsProvider)
and ``region=``, and everything it creates or reads, the implicit roles, groups and lookups
included, goes there; ARNs it builds use that provider's partition, region and account."""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Callable
from typing import Any

import pytest

import cdktf_batch as batch
from cdktf_batch import _context, _engine
from tests.conftest import VPC, data_sources, new_stack, resources, synth_stack
from tests.engine import TerraformOutput, TerraformStack, TerraformVariable, aws

QUEUE_ARN = "arn:aws:batch:us-east-1:123456789012:job-queue/shared"
DEFINITION_ARN = "arn:aws:batch:us-east-1:123456789012:job-definition/nightly:3"
ENVIRONMENT_ARN = "arn:aws:batch:us-east-1:123456789012:compute-environment/shared"
POLICY_ARN = "arn:aws:batch:us-east-1:123456789012:scheduling-policy/fair"
CLUSTER_ARN = "arn:aws:eks:us-east-1:123456789012:cluster/prod"
IMAGE = batch.ContainerImage.from_registry("busybox")
TODO_LIST = os.path.join(os.path.dirname(__file__), "..", "examples", "todo-list")


def west(stack: TerraformStack) -> Any:
    """A second AWS provider of the stack (the first, un-aliased, is in us-east-1)."""
    return aws.provider.AwsProvider(stack, "West", region="us-west-2", alias="west")


def queue_and_definition(stack: TerraformStack, provider: Any) -> tuple[Any, Any]:
    queue = batch.JobQueue.from_job_queue_arn(stack, "Queue", QUEUE_ARN, provider=provider)
    definition = batch.JobDefinition.from_job_definition_arn(stack, "Definition", DEFINITION_ARN, provider=provider)
    return queue, definition


def ec2_environment(stack: TerraformStack, provider: Any, **resources_args: Any) -> Any:
    return batch.ComputeEnvironment(
        stack,
        "Env",
        compute_resources=batch.ComputeResources(vpc=VPC, image=batch.EcsOptimizedAmi(), **resources_args),
        provider=provider,
    )


def job_with_execution_role(stack: TerraformStack, provider: Any) -> Any:
    parameter = batch.StringParameter.from_string_parameter_name(stack, "Token", "/app/token", provider=provider)
    repository = batch.EcrRepository.from_repository_name(stack, "Repo", "jobs", provider=provider)
    return batch.JobDefinition(
        stack,
        "Job",
        container=batch.JobDefinitionContainer(
            image=batch.ContainerImage.from_ecr_repository(repository),
            secrets={"TOKEN": batch.Secret.from_ssm_parameter(parameter)},
        ),
        platform_capabilities=[batch.PlatformCapabilities.FARGATE],
        provider=provider,
    )


def eks_environment(stack: TerraformStack, provider: Any) -> Any:
    cluster = batch.EksCluster.from_cluster_name(stack, "Cluster", "prod", provider=provider)
    return batch.ComputeEnvironment(
        stack,
        "Env",
        compute_resources=batch.ComputeResources(vpc=VPC),
        eks_configuration=batch.EksConfiguration(eks_cluster=cluster, kubernetes_namespace="batch"),
        provider=provider,
    )


def queue_with_policy(stack: TerraformStack, provider: Any) -> Any:
    policy = batch.FairshareSchedulingPolicy(
        stack, "Policy", shares=[batch.Share(share_identifier="a")], provider=provider
    )
    environment = batch.ComputeEnvironment.from_compute_environment_arn(
        stack, "Env", ENVIRONMENT_ARN, provider=provider
    )
    return batch.JobQueue(
        stack,
        "Queue",
        compute_environments=[batch.JobQueueComputeEnvironment(compute_environment=environment, order=1)],
        scheduling_policy=policy,
        provider=provider,
    )


def schedule(stack: TerraformStack, provider: Any) -> Any:
    queue, definition = queue_and_definition(stack, provider)
    return batch.JobSchedule(
        stack,
        "Nightly",
        job_queue=queue,
        job_definition=definition,
        schedule=batch.Schedule.rate(datetime.timedelta(days=1)),
        job_tags={"team": "data"},
        provider=provider,
    )


def trigger(stack: TerraformStack, provider: Any) -> Any:
    queue, definition = queue_and_definition(stack, provider)
    return batch.JobTrigger.for_s3_objects(
        stack, "OnUpload", bucket_name="uploads", job_queue=queue, job_definition=definition, provider=provider
    )


def state_change_rule(stack: TerraformStack, provider: Any) -> Any:
    queue, _ = queue_and_definition(stack, provider)
    # Created inside the queue: it follows the queue's placement.
    return queue.on_job_state_change("Failures", target_arn="arn:aws:sns:us-east-1:123456789012:alerts")


def asset_image(stack: TerraformStack, provider: Any) -> Any:
    image = batch.ContainerImage.from_asset(stack, "Image", TODO_LIST, provider=provider)
    return batch.JobDefinition(stack, "Job", container=batch.JobDefinitionContainer(image=image), provider=provider)


# Every construct and factory, each building everything it makes with ``provider``.
BUILDERS: dict[str, Callable[[TerraformStack, Any], Any]] = {
    "ComputeEnvironment EC2 (security group, instance role and profile, AMI lookup)": ec2_environment,
    "ComputeEnvironment SPOT BEST_FIT (Spot Fleet role), instance profile by name": lambda s, p: ec2_environment(
        s,
        p,
        type=batch.ComputeResourceType.SPOT,
        allocation_strategy=batch.AllocationStrategy.BEST_FIT,
        instance_role="ecsInstanceRole",
    ),
    "ComputeEnvironment on EKS (EksCluster.from_cluster_name, node role, access entries)": eks_environment,
    "ComputeEnvironment on EKS, cluster by ARN": lambda s, p: batch.ComputeEnvironment(
        s,
        "Env",
        compute_resources=batch.ComputeResources(vpc=VPC),
        eks_configuration=batch.EksConfiguration(eks_cluster=CLUSTER_ARN, kubernetes_namespace="batch"),
        provider=p,
    ),
    "ComputeEnvironment.from_compute_environment_arn": lambda s, p: (
        batch.ComputeEnvironment.from_compute_environment_arn(s, "Env", ENVIRONMENT_ARN, provider=p)
    ),
    "JobQueue, FairshareSchedulingPolicy": queue_with_policy,
    "JobQueue.from_job_queue_arn, JobDefinition.from_job_definition_arn": queue_and_definition,
    "JobDefinition.from_job_definition_name": lambda s, p: batch.JobDefinition.from_job_definition_name(
        s, "Definition", "nightly:2", provider=p
    ),
    "FairshareSchedulingPolicy.from_scheduling_policy_arn": lambda s, p: (
        batch.FairshareSchedulingPolicy.from_scheduling_policy_arn(s, "Policy", POLICY_ARN, provider=p)
    ),
    "JobDefinition (execution role), StringParameter, EcrRepository": job_with_execution_role,
    "JobDefinition on EKS": lambda s, p: batch.JobDefinition(
        s, "Job", eks_properties=batch.EksProperties(containers=[batch.EksContainer(image=IMAGE)]), provider=p
    ),
    "JobDefinition with ecs_properties and ECS Exec (job role, execution role)": lambda s, p: batch.JobDefinition(
        s,
        "Job",
        ecs_properties=batch.EcsProperties(
            containers=[batch.EcsTaskContainer(name="main", image=IMAGE, vcpus=0.25, memory_limit_mib=512)],
            enable_execute_command=True,
        ),
        platform_capabilities=[batch.PlatformCapabilities.FARGATE],
        provider=p,
    ),
    "ContainerImage.from_asset (repository, ECR login)": asset_image,
    "JobDefinition grant_submit_job": lambda s, p: batch.JobDefinition(
        s, "Job", container=batch.JobDefinitionContainer(image=IMAGE), provider=p
    ).grant_submit_job(
        "arn:aws:iam::123456789012:role/submitter", batch.JobQueue.from_job_queue_arn(s, "Queue", QUEUE_ARN, provider=p)
    ),
    "JobSchedule (role, tag ARN)": schedule,
    "JobTrigger.for_s3_objects (role)": trigger,
    "JobQueue.on_job_state_change": state_change_rule,
    "Vpc": lambda s, p: batch.Vpc(s, "Vpc", provider=p),
    "Vpc.from_lookup": lambda s, p: batch.Vpc.from_lookup(s, "Vpc", vpc_id="vpc-1", provider=p),
    "ServiceRole": lambda s, p: batch.ServiceRole(
        s,
        "Role",
        service="ecs-tasks.amazonaws.com",
        managed_policies=["AmazonECS_FullAccess"],
        description="d",
        provider=p,
    ),
    "LogGroup": lambda s, p: batch.LogGroup(s, "Logs", provider=p),
}


def placed_blocks(doc: dict[str, Any]) -> dict[str, Any]:
    """The ``provider`` of every resource and data source, by address."""
    return {
        f"{kind}.{type_name}.{name}": body.get("provider")
        for kind in ("resource", "data")
        for type_name, bodies in doc.get(kind, {}).items()
        for name, body in bodies.items()
    }


@pytest.mark.parametrize("build", BUILDERS.values(), ids=BUILDERS.keys())
def test_everything_a_construct_makes_uses_its_provider(build: Callable[[TerraformStack, Any], Any]) -> None:
    stack = new_stack()
    build(stack, west(stack))
    doc = synth_stack(stack)
    blocks = placed_blocks(doc)
    assert blocks
    expected = {
        address: "docker.cdktf_batch_ecr_west" if address.split(".")[1].startswith("docker_") else "aws.west"
        for address in blocks
    }
    assert blocks == expected
    # Each lookup is the aliased provider's own, never the default provider's shared one.
    for type_name in ("aws_partition", "aws_region", "aws_caller_identity", "aws_ssm_parameter"):
        assert all(name.endswith("-west") for name in data_sources(doc, type_name)), type_name


def test_the_docker_provider_of_a_placement_logs_in_to_its_registry() -> None:
    stack = new_stack()
    asset_image(stack, west(stack))
    doc = synth_stack(stack)
    (provider,) = doc["provider"]["docker"]
    token = "data.aws_ecr_authorization_token.cdktf-batch-ecr-token-west"
    assert provider == {
        "alias": "cdktf_batch_ecr_west",
        "registry_auth": [
            {
                "address": f"${{{token}.proxy_endpoint}}",
                "password": f"${{{token}.password}}",
                "username": f"${{{token}.user_name}}",
            }
        ],
    }


WEST_PARTITION = "${data.aws_partition.cdktf-batch-partition-west.partition}"
WEST_REGION = "${data.aws_region.cdktf-batch-region-west.region}"
WEST_ACCOUNT = "${data.aws_caller_identity.cdktf-batch-caller-west.account_id}"


def test_arns_use_the_aliased_providers_partition_region_and_account() -> None:
    stack = new_stack()
    provider = west(stack)
    schedule(stack, provider)
    job_with_execution_role(stack, provider)
    doc = synth_stack(stack)
    policies = {name: json.loads(body["policy"]) for name, body in resources(doc, "aws_iam_role_policy").items()}
    tagging = next(p for p in policies.values() if p["Statement"][0]["Sid"] == "TagSubmittedJobs")
    assert tagging["Statement"][0]["Resource"] == f"arn:{WEST_PARTITION}:batch:{WEST_REGION}:{WEST_ACCOUNT}:job/*"
    execution = next(p for p in policies.values() if p["Statement"][0]["Sid"] == "EcrToken")
    statements = {statement["Sid"]: statement for statement in execution["Statement"]}
    assert statements["Parameters"]["Resource"] == [
        f"arn:{WEST_PARTITION}:ssm:{WEST_REGION}:{WEST_ACCOUNT}:parameter/app/token"
    ]
    assert statements["Logs"]["Resource"] == [
        f"arn:{WEST_PARTITION}:logs:{WEST_REGION}:{WEST_ACCOUNT}:log-group:/aws/batch/job:*"
    ]
    # The schedule's role trusts Scheduler for the aliased provider's account only.
    trust = [json.loads(role["assume_role_policy"]) for role in resources(doc, "aws_iam_role").values()]
    scheduler = next(t for t in trust if t["Statement"][0]["Principal"]["Service"] == "scheduler.amazonaws.com")
    assert scheduler["Statement"][0]["Condition"] == {"StringEquals": {"aws:SourceAccount": WEST_ACCOUNT}}
    assert data_sources(doc, "aws_region") == {"cdktf-batch-region-west": {"provider": "aws.west"}}


def test_two_providers_in_one_stack_have_lookups_of_their_own() -> None:
    stack = new_stack()
    east = aws.provider.AwsProvider(stack, "East", region="eu-west-1", alias="europe")
    batch.StringParameter(stack, "InWest", parameter_name="/p", provider=west(stack))
    batch.StringParameter(stack, "Europe", parameter_name="/p", provider=east)
    batch.StringParameter(stack, "Default", parameter_name="/p")
    doc = synth_stack(stack)
    assert data_sources(doc, "aws_partition") == {
        "cdktf-batch-partition-west": {"provider": "aws.west"},
        "cdktf-batch-partition-europe": {"provider": "aws.europe"},
        "cdktf-batch-partition": {},
    }
    assert set(data_sources(doc, "aws_caller_identity")) == {
        "cdktf-batch-caller-west",
        "cdktf-batch-caller-europe",
        "cdktf-batch-caller",
    }
    assert data_sources(doc, "aws_region") == {
        "cdktf-batch-region-west": {"provider": "aws.west"},
        "cdktf-batch-region-europe": {"provider": "aws.europe"},
        "cdktf-batch-region": {},
    }


def test_an_explicit_provider_wins_over_the_enclosing_one() -> None:
    stack = new_stack()
    europe = aws.provider.AwsProvider(stack, "Europe", region="eu-west-1", alias="europe")
    job = batch.JobDefinition(stack, "Job", container=batch.JobDefinitionContainer(image=IMAGE), provider=west(stack))
    batch.LogGroup(job, "Inherited")
    batch.LogGroup(job, "Own", provider=europe)
    batch.LogGroup(job, "OwnRegion", region="us-west-1")
    doc = synth_stack(stack)
    # generated names end with "-<construct id>-<hash>"
    groups = {body["name"].split("-")[-2]: body for body in resources(doc, "aws_cloudwatch_log_group").values()}
    assert groups["Inherited"]["provider"] == "aws.west"
    assert groups["Own"]["provider"] == "aws.europe"
    # A region alone keeps the enclosing provider.
    assert (groups["OwnRegion"]["provider"], groups["OwnRegion"]["region"]) == ("aws.west", "us-west-1")
    assert "region" not in groups["Own"]


def test_a_given_provider_brings_its_own_region_not_the_enclosing_one() -> None:
    stack = new_stack()
    outer = batch.LogGroup(stack, "Outer", region="eu-west-1")
    batch.LogGroup(outer, "Inherited")
    batch.LogGroup(outer, "Own", provider=west(stack))
    doc = synth_stack(stack)
    groups = {body["name"].split("-")[-2]: body for body in resources(doc, "aws_cloudwatch_log_group").values()}
    assert ("provider" in groups["Inherited"], groups["Inherited"]["region"]) == (False, "eu-west-1")
    # the West provider's region (us-west-2) is its own: no region argument, not eu-west-1
    assert groups["Own"]["provider"] == "aws.west"
    assert "region" not in groups["Own"]


def test_a_placement_reaches_through_constructs_of_the_users_own() -> None:
    from constructs import Construct

    stack = new_stack()
    job = batch.JobDefinition(stack, "Job", container=batch.JobDefinitionContainer(image=IMAGE), provider=west(stack))
    inner = Construct(Construct(job, "Group"), "Subgroup")
    batch.LogGroup(inner, "Logs", region="us-west-1")
    batch.LogGroup(inner, "Plain")
    doc = synth_stack(stack)
    groups = {body["name"].split("-")[-2]: body for body in resources(doc, "aws_cloudwatch_log_group").values()}
    assert (groups["Logs"]["provider"], groups["Logs"]["region"]) == ("aws.west", "us-west-1")
    assert groups["Plain"]["provider"] == "aws.west"
    assert "region" not in groups["Plain"]


def test_a_region_goes_to_regional_resources_and_into_arns() -> None:
    stack = new_stack()
    environment = batch.ComputeEnvironment(
        stack,
        "Env",
        compute_resources=batch.ComputeResources(
            vpc=VPC, image=batch.MachineImage.generic_linux({"eu-west-1": "ami-1", "us-east-1": "ami-2"})
        ),
        region="eu-west-1",
    )
    batch.StringParameter(environment, "Token", parameter_name="/app/token")
    doc = synth_stack(stack)
    env = next(iter(resources(doc, "aws_batch_compute_environment").values()))
    assert env["region"] == "eu-west-1"
    assert "provider" not in env
    # the custom AMI is the environment's region's, not the stack's
    assert env["compute_resources"]["ec2_configuration"] == [{"image_id_override": "ami-1", "image_type": "ECS_AL2023"}]
    assert next(iter(resources(doc, "aws_security_group").values()))["region"] == "eu-west-1"
    # IAM is global: no region on roles, profiles, attachments.
    for type_name in ("aws_iam_role", "aws_iam_instance_profile", "aws_iam_role_policy_attachment"):
        assert all("region" not in body for body in resources(doc, type_name).values()), type_name
    assert "aws_region" not in doc.get("data", {})  # the region is known: no lookup


def test_a_custom_ami_follows_the_given_providers_region() -> None:
    stack = new_stack()
    batch.ComputeEnvironment(
        stack,
        "Env",
        compute_resources=batch.ComputeResources(
            vpc=VPC, image=batch.MachineImage.generic_linux({"us-east-1": "ami-east", "us-west-2": "ami-west"})
        ),
        provider=west(stack),
    )
    doc = synth_stack(stack)
    env = next(iter(resources(doc, "aws_batch_compute_environment").values()))
    assert env["provider"] == "aws.west"
    # us-west-2 is the given provider's region, not the stack's default provider's (us-east-1)
    assert env["compute_resources"]["ec2_configuration"] == [
        {"image_id_override": "ami-west", "image_type": "ECS_AL2023"}
    ]
    assert "aws_region" not in doc.get("data", {})


def test_the_global_types_are_those_without_a_region_argument() -> None:
    """_context.GLOBAL_CLASSES against the bindings: every placed class takes ``region`` unless listed."""
    import inspect

    engine = _engine.CDKTN if os.environ.get(_engine.SWITCH) == "cdktn" else _engine.CDKTF
    regional = set()
    for name in _context._PLACEABLE:
        parameters = inspect.signature(getattr(engine.aws, name).__init__).parameters
        assert "provider" in parameters, name
        if "region" in parameters:
            regional.add(name)
    assert _context._PLACEABLE - regional == _context.GLOBAL_CLASSES


def test_placement_refuses_what_is_not_an_aws_provider_of_the_stack() -> None:
    stack = new_stack()
    other = new_stack(name="other")
    elsewhere = aws.provider.AwsProvider(other, "Elsewhere", region="us-west-2", alias="elsewhere")
    cases: list[tuple[Callable[[], Any], str]] = [
        (
            lambda: batch.LogGroup(stack, "A", provider="aws.west"),
            "provider: must be an AwsProvider (the AWS provider's own class, usually with an alias), got 'aws.west'",
        ),
        (
            lambda: batch.LogGroup(stack, "B", provider=aws.iam_role.IamRole(stack, "R", assume_role_policy="{}")),
            "provider: must be an AwsProvider (the AWS provider's own class, usually with an alias), got 'IamRole'",
        ),
        (
            lambda: batch.JobQueue.from_job_queue_arn(stack, "C", QUEUE_ARN, provider=elsewhere),
            "provider: must be an AwsProvider of the same stack as 'test/C' (Terraform providers are per stack),"
            " got 'other/Elsewhere'",
        ),
        (
            lambda: batch.LogGroup(stack, "D", region="mars-1"),
            "region: must be an AWS region code such as us-east-1, got 'mars-1'",
        ),
        (
            lambda: batch.LogGroup(stack, "E", region="US-EAST-1"),
            "region: must be an AWS region code such as us-east-1, got 'US-EAST-1'",
        ),
        (
            lambda: batch.ContainerImage.from_asset(TODO_LIST, provider=elsewhere),
            "from_asset: takes provider and region only with a scope: (scope, id, directory), got {'provider':",
        ),
    ]
    for build, message in cases:
        with pytest.raises(batch.ValidationError) as raised:
            build()
        assert str(raised.value).startswith(message)
    # the last regions each rule accepts
    for index, region in enumerate(("us-gov-west-1", "ap-southeast-5", "eu-central-2", "cn-north-1", "eusc-de-east-1")):
        batch.LogGroup(stack, f"Ok{index}", region=region)


def test_a_region_token_is_accepted() -> None:
    from tests.engine import TerraformVariable

    stack = new_stack()
    region = TerraformVariable(stack, "region", type="string").string_value
    batch.LogGroup(stack, "Logs", region=region)
    doc = synth_stack(stack)
    assert next(iter(resources(doc, "aws_cloudwatch_log_group").values()))["region"] == "${var.region}"


def test_the_default_provider_given_explicitly_shares_the_default_lookups() -> None:
    stack = new_stack()
    default = next(child for child in stack.node.children if isinstance(child, aws.provider.AwsProvider))
    batch.StringParameter(stack, "Given", parameter_name="/p", provider=default)
    batch.StringParameter(stack, "Implied", parameter_name="/p")
    doc = synth_stack(stack)
    assert set(data_sources(doc, "aws_partition")) == {"cdktf-batch-partition"}


def test_a_region_from_a_variable_gets_lookups_keyed_by_a_short_digest() -> None:
    """An unresolved region cannot be part of a construct id: its lookups are named by 8 hex digits."""
    import re

    stack = new_stack()
    region = TerraformVariable(stack, "region", type="string").string_value
    parameter = batch.StringParameter(stack, "P", parameter_name="/a", region=region)
    TerraformOutput(stack, "arn", value=parameter.parameter_arn)
    arn = synth_stack(stack)["output"]["arn"]["value"]
    assert re.fullmatch(
        r"arn:\$\{data\.aws_partition\.cdktf-batch-partition-(?P<key>[0-9a-f]{8})\.partition\}:ssm:\$\{var\.region\}:"
        r"\$\{data\.aws_caller_identity\.cdktf-batch-caller-(?P=key)\.account_id\}:parameter/a",
        arn,
    ), arn
