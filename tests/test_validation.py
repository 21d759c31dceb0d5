"""Every rule: bad input raises ValidationError naming the argument and what is allowed."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest

import cdktf_batch as batch
from tests.conftest import VPC, new_stack, synth_stack
from tests.engine import Fn, TerraformStack, Token

FARGATE = batch.ComputeResourceType.FARGATE
SPOT = batch.ComputeResourceType.SPOT


def resources(**kwargs: Any) -> Callable[[TerraformStack], Any]:
    return lambda stack: batch.ComputeResources(vpc=VPC, **kwargs)


def environment(**kwargs: Any) -> Callable[[TerraformStack], Any]:
    return lambda stack: batch.ComputeEnvironment(stack, "Env", **kwargs)


FARGATE_EXCLUSIONS = [
    ("allocation_strategy", batch.AllocationStrategy.BEST_FIT),
    ("bid_percentage", 50),
    ("launch_template", batch.LaunchTemplateSpecification(launch_template_name="lt-name")),
    ("image", batch.EcsOptimizedAmi()),
    ("instance_types", ["m5.large"]),
    ("minv_cpus", 0),
    ("desiredv_cpus", 1),
    ("instance_role", "arn:aws:iam::123456789012:instance-profile/p"),
    ("spot_fleet_role", "arn:aws:iam::123456789012:role/r"),
    ("ec2_key_pair", "key"),
    ("placement_group", "group"),
    ("compute_resources_tags", {"a": "b"}),
]


def env(
    stack: TerraformStack, name: str = "Env", kind: batch.ComputeResourceType = batch.ComputeResourceType.ON_DEMAND
) -> Any:
    return batch.ComputeEnvironment(stack, name, compute_resources=batch.ComputeResources(vpc=VPC, type=kind))


def entry(
    stack: TerraformStack,
    order: int = 1,
    name: str = "Env",
    kind: batch.ComputeResourceType = batch.ComputeResourceType.ON_DEMAND,
) -> Any:
    return batch.JobQueueComputeEnvironment(compute_environment=env(stack, name, kind), order=order)


def queue(**kwargs: Any) -> Callable[[TerraformStack], Any]:
    def build(stack: TerraformStack) -> Any:
        if "compute_environments" not in kwargs:
            kwargs["compute_environments"] = [entry(stack)]
        return batch.JobQueue(stack, "Queue", **kwargs)

    return build


def grant(
    role: Any, job_definition: Any = "arn:aws:batch:us-east-1:555555555555:job-definition/j:1", **kwargs: Any
) -> Callable[[TerraformStack], Any]:
    return lambda stack: queue()(stack).grant_submit_job(role, job_definition, **kwargs)


HOUR = datetime.timedelta(hours=1)
IMAGE = batch.ContainerImage.from_registry("busybox")


def C(**kwargs: Any) -> batch.JobDefinitionContainer:  # noqa: N802 - reads like the class it builds
    kwargs.setdefault("image", IMAGE)
    return batch.JobDefinitionContainer(**kwargs)


def efs_volume(**kwargs: Any) -> batch.Volume:
    return batch.Volume(name="efs", efs_volume_configuration=batch.EfsVolumeConfiguration(**kwargs))


def jd(**kwargs: Any) -> Callable[[TerraformStack], Any]:
    container_args = {k: kwargs.pop(k) for k in list(kwargs) if k in batch.JobDefinitionContainer.__dataclass_fields__}
    return lambda stack: batch.JobDefinition(stack, "J", container=C(**container_args), **kwargs)


def fargate(**kwargs: Any) -> Callable[[TerraformStack], Any]:
    return jd(platform_capabilities=[batch.PlatformCapabilities.FARGATE], **kwargs)


# fmt: off
CASES: list[tuple[str, Callable[[TerraformStack], Any], str, str]] = [
    # (case id, what to build, argument named, words of the message)
    *[
        (
            f"fargate-{name}",
            resources(type=FARGATE, **{name: value}),
            f"compute_resources.{name}",
            "not allowed for FARGATE",
        )
        for name, value in FARGATE_EXCLUSIONS
    ],
    (
        "fargate-spot-key",
        resources(type=batch.ComputeResourceType.FARGATE_SPOT, ec2_key_pair="k"),
        "compute_resources.ec2_key_pair",
        "FARGATE_SPOT",
    ),
    ("bid-too-high", resources(type=SPOT, bid_percentage=101), "compute_resources.bid_percentage", "from 0 to 100"),
    ("bid-negative", resources(type=SPOT, bid_percentage=-1), "compute_resources.bid_percentage", "from 0 to 100"),
    ("bid-not-int", resources(type=SPOT, bid_percentage=50.5), "compute_resources.bid_percentage", "integer"),
    ("bid-on-demand", resources(bid_percentage=50), "compute_resources.bid_percentage", "only allowed for SPOT"),
    (
        "spot-strategy-on-demand",
        resources(allocation_strategy=batch.AllocationStrategy.SPOT_CAPACITY_OPTIMIZED),
        "compute_resources.allocation_strategy",
        "need type SPOT",
    ),
    (
        "spot-price-strategy-on-demand",
        resources(allocation_strategy=batch.AllocationStrategy.SPOT_PRICE_CAPACITY_OPTIMIZED),
        "compute_resources.allocation_strategy",
        "need type SPOT",
    ),
    (
        "unknown-strategy",
        resources(allocation_strategy="CHEAPEST"),
        "compute_resources.allocation_strategy",
        "must be one of BEST_FIT",
    ),
    ("unknown-type", resources(type="GPU"), "compute_resources.type", "must be one of EC2, FARGATE"),
    (
        "fleet-role-on-demand",
        resources(spot_fleet_role="arn:aws:iam::123456789012:role/r"),
        "compute_resources.spot_fleet_role",
        "only allowed for SPOT",
    ),
    (
        "fleet-role-not-best-fit",
        resources(type=SPOT, spot_fleet_role="arn:aws:iam::123456789012:role/r"),
        "compute_resources.spot_fleet_role",
        "BEST_FIT",
    ),
    ("min-negative", resources(minv_cpus=-1), "compute_resources.minv_cpus", "at least 0"),
    ("max-negative", resources(maxv_cpus=-1), "compute_resources.maxv_cpus", "at least 0"),
    (
        "min-over-max",
        resources(minv_cpus=10, maxv_cpus=4),
        "compute_resources.minv_cpus",
        "must not exceed compute_resources.maxv_cpus",
    ),
    (
        "min-over-desired",
        resources(minv_cpus=4, desiredv_cpus=2),
        "compute_resources.minv_cpus",
        "must not exceed compute_resources.desiredv_cpus",
    ),
    (
        "desired-over-max",
        resources(desiredv_cpus=300),
        "compute_resources.desiredv_cpus",
        "must not exceed compute_resources.maxv_cpus",
    ),
    ("desired-over-default-max", resources(desiredv_cpus=257), "compute_resources.desiredv_cpus", "(256)"),
    ("desired-negative", resources(desiredv_cpus=-1), "compute_resources.desiredv_cpus", "at least 0"),
    ("key-pair-256", resources(ec2_key_pair="k" * 256), "compute_resources.ec2_key_pair", "must have at most 255 characters"),
    ("max-not-number", resources(maxv_cpus="many"), "compute_resources.maxv_cpus", "integer"),
    (
        "instance-types-string",
        resources(instance_types="m5.large"),
        "compute_resources.instance_types",
        "list of strings",
    ),
    ("instance-types-empty", resources(instance_types=[]), "compute_resources.instance_types", "at least 1"),
    ("instance-type-blank", resources(instance_types=[""]), "compute_resources.instance_types[0]", "not be empty"),
    (
        "tags-not-strings",
        resources(compute_resources_tags={"a": 1}),
        "compute_resources.compute_resources_tags['a']",
        "string",
    ),
    ("vpc-not-vpc", lambda stack: batch.ComputeResources(vpc="vpc-1"), "compute_resources.vpc", "must be a Vpc"),
    ("subnets-not-selection", resources(vpc_subnets=["subnet-1"]), "compute_resources.vpc_subnets", "SubnetSelection"),
    ("image-not-image", resources(image="ami-1"), "compute_resources.image", "machine image"),
    (
        "launch-template-dict",
        resources(launch_template={"launch_template_name": "x"}),
        "compute_resources.launch_template",
        "LaunchTemplateSpecification",
    ),
    ("placement-group-number", resources(placement_group=3), "compute_resources.placement_group", "placement group"),
    (
        "lt-both",
        lambda stack: batch.LaunchTemplateSpecification(
            launch_template_id="lt-0123456789abcdef0", launch_template_name="n"
        ),
        "launch_template_name",
        "not both",
    ),
    ("lt-neither", lambda stack: batch.LaunchTemplateSpecification(version="1"), "launch_template_id", "give one of"),
    (
        "lt-bad-id",
        lambda stack: batch.LaunchTemplateSpecification(launch_template_id="template"),
        "launch_template.launch_template_id",
        "lt-",
    ),
    (
        "lt-bad-name",
        lambda stack: batch.LaunchTemplateSpecification(launch_template_name="a b"),
        "launch_template.launch_template_name",
        "3-128",
    ),
    (
        "lt-bad-version",
        lambda stack: batch.LaunchTemplateSpecification(launch_template_name="abc", version="latest"),
        "launch_template.version",
        "$Default, $Latest",
    ),
    ("managed-without-resources", environment(), "compute_resources", "required for a managed"),
    (
        "unmanaged-with-resources",
        environment(managed=False, compute_resources=batch.ComputeResources(vpc=VPC)),
        "compute_resources",
        "must not be given for an unmanaged",
    ),
    ("resources-dict", environment(compute_resources={"vpc": VPC}), "compute_resources", "must be ComputeResources"),
    (
        "name-bad-chars",
        environment(managed=False, compute_environment_name="my env"),
        "compute_environment_name",
        "letters, digits, hyphens or underscores",
    ),
    (
        "name-leading-dash",
        environment(managed=False, compute_environment_name="-env"),
        "compute_environment_name",
        "starting with a letter or digit",
    ),
    (
        "name-too-long",
        environment(managed=False, compute_environment_name="a" * 129),
        "compute_environment_name",
        "1-128",
    ),
    ("name-empty", environment(managed=False, compute_environment_name=""), "compute_environment_name", "1-128"),
    ("managed-not-bool", environment(managed="yes"), "managed", "True or False"),
    ("enabled-not-bool", environment(managed=False, enabled=1), "enabled", "True or False"),
    ("service-role-name", environment(managed=False, service_role="MyRole"), "service_role", "IAM role ARN"),
    ("service-role-object", environment(managed=False, service_role=42), "service_role", "IamRole"),
    (
        "instance-role-bad",
        lambda stack: batch.ComputeEnvironment(
            stack, "Env", compute_resources=batch.ComputeResources(vpc=VPC, instance_role="not a profile!")
        ),
        "compute_resources.instance_role",
        "instance profile ARN or name",
    ),
    (
        "fleet-role-bad",
        lambda stack: batch.ComputeEnvironment(
            stack,
            "Env",
            compute_resources=batch.ComputeResources(
                vpc=VPC, type=SPOT, allocation_strategy=batch.AllocationStrategy.BEST_FIT, spot_fleet_role="fleet"
            ),
        ),
        "compute_resources.spot_fleet_role",
        "IAM role ARN",
    ),
    (
        "update-timeout-zero",
        environment(compute_resources=batch.ComputeResources(vpc=VPC), update_timeout=datetime.timedelta(0)),
        "update_timeout",
        "from 1 to 360 minutes",
    ),
    (
        "update-timeout-long",
        environment(compute_resources=batch.ComputeResources(vpc=VPC), update_timeout=datetime.timedelta(hours=7)),
        "update_timeout",
        "from 1 to 360 minutes",
    ),
    (
        "update-timeout-seconds",
        environment(compute_resources=batch.ComputeResources(vpc=VPC), update_timeout=datetime.timedelta(seconds=90)),
        "update_timeout",
        "whole number of minutes",
    ),
    (
        "update-timeout-int",
        environment(compute_resources=batch.ComputeResources(vpc=VPC), update_timeout=30),
        "update_timeout",
        "timedelta",
    ),
    (
        "update-policy-unmanaged",
        environment(managed=False, terminate_on_update=True),
        "terminate_on_update",
        "managed compute environments only",
    ),
    (
        "terminate-not-bool",
        environment(compute_resources=batch.ComputeResources(vpc=VPC), terminate_on_update="no"),
        "terminate_on_update",
        "True or False",
    ),
    ("tags-not-map", environment(managed=False, tags=["a"]), "tags", "mapping"),
    (
        "security-groups-empty",
        lambda stack: batch.ComputeEnvironment(
            stack, "Env", compute_resources=batch.ComputeResources(vpc=VPC, security_groups=[])
        ),
        "compute_resources.security_groups",
        "at least one",
    ),
    (
        "security-group-bad",
        lambda stack: batch.ComputeEnvironment(
            stack, "Env", compute_resources=batch.ComputeResources(vpc=VPC, security_groups=[3])
        ),
        "compute_resources.security_groups[0]",
        "SecurityGroup",
    ),
    (
        "fargate-too-many-subnets",
        lambda stack: batch.ComputeEnvironment(
            stack,
            "Env",
            compute_resources=batch.ComputeResources(
                vpc=VPC, type=FARGATE, vpc_subnets=batch.SubnetSelection(subnet_ids=[f"subnet-{i}" for i in range(17)])
            ),
        ),
        "compute_resources.vpc_subnets",
        "at most 16",
    ),
    (
        "import-wrong-service",
        lambda stack: batch.ComputeEnvironment.from_compute_environment_arn(
            stack, "I", "arn:aws:ecs:us-east-1:555555555555:compute-environment/x"
        ),
        "compute_environment_arn",
        "arn:<partition>:batch",
    ),
    (
        "import-wrong-kind",
        lambda stack: batch.ComputeEnvironment.from_compute_environment_arn(
            stack, "I", "arn:aws:batch:us-east-1:555555555555:job-queue/x"
        ),
        "compute_environment_arn",
        "ARN of a compute-environment",
    ),
    (
        "import-not-arn",
        lambda stack: batch.ComputeEnvironment.from_compute_environment_arn(stack, "I", "My-Compute-Env"),
        "compute_environment_arn",
        "must be an ARN",
    ),
    (
        "import-bad-name",
        lambda stack: batch.ComputeEnvironment.from_compute_environment_arn(
            stack, "I", "arn:aws:batch:us-east-1:555555555555:compute-environment/a b"
        ),
        "compute_environment_arn",
        "letters, digits",
    ),
    (
        "selection-both",
        lambda stack: batch.SubnetSelection(subnet_type=batch.SubnetType.PUBLIC, subnet_ids=["subnet-1"]),
        "subnet_ids",
        "not both",
    ),
    ("selection-neither", lambda stack: batch.SubnetSelection(), "subnet_type", "give one of"),
    (
        "selection-bad-type",
        lambda stack: batch.SubnetSelection(subnet_type="ISOLATED"),
        "subnet_type",
        "PRIVATE, PUBLIC",
    ),
    (
        "vpc-no-private",
        lambda stack: batch.Vpc.from_attributes(vpc_id="vpc-1", public_subnet_ids=["s"]).select_subnets(),
        "vpc_subnets",
        "no private subnets",
    ),
    (
        "vpc-attributes-empty",
        lambda stack: batch.Vpc.from_attributes(vpc_id="vpc-1"),
        "private_subnet_ids",
        "give private_subnet_ids or public_subnet_ids",
    ),
    (
        "vpc-default-private",
        lambda stack: batch.Vpc.from_lookup(stack, "L", is_default=True).select_subnets(),
        "vpc_subnets",
        "no private subnets",
    ),
    (
        "vpc-lookup-nothing",
        lambda stack: batch.Vpc.from_lookup(stack, "L"),
        "vpc_id",
        "give vpc_id, is_default=True or tags",
    ),
    ("vpc-cidr-bad", lambda stack: batch.Vpc(stack, "V", cidr="10.0.0.0/33"), "cidr", "CIDR notation"),
    ("vpc-cidr-not-network", lambda stack: batch.Vpc(stack, "V", cidr="10.0.0.1/16"), "cidr", "CIDR notation"),
    ("vpc-cidr-small", lambda stack: batch.Vpc(stack, "V", cidr="10.0.0.0/26"), "cidr", "/16 to /24"),
    ("vpc-azs", lambda stack: batch.Vpc(stack, "V", max_azs=0), "max_azs", "from 1 to 6"),
    ("vpc-nats", lambda stack: batch.Vpc(stack, "V", max_azs=2, nat_gateways=3), "nat_gateways", "from 1 to 2"),
    ("ami-map-empty", lambda stack: batch.MachineImage.generic_linux({}), "ami_map", "at least one region"),
    (
        "ami-map-region-missing",
        lambda stack: batch.ComputeEnvironment(
            stack,
            "Env",
            compute_resources=batch.ComputeResources(
                vpc=VPC, image=batch.MachineImage.generic_linux({"eu-west-1": "ami-1"})
            ),
        ),
        "compute_resources.image",
        "no AMI for the region us-east-1",
    ),
    (
        "ami-image-type",
        lambda stack: batch.MachineImage.generic_linux({"us-east-1": "ami-1"}, image_type="AL1"),
        "image_type",
        "ECS_AL2",
    ),
    (
        "ecs-ami-generation",
        lambda stack: batch.EcsOptimizedAmi(generation="amazon-linux-1"),
        "generation",
        "amazon-linux-2",
    ),
    # job queues
    ("queue-no-environments", queue(compute_environments=[]), "compute_environments", "at least one"),
    ("queue-environments-not-list", lambda stack: batch.JobQueue(stack, "Q", compute_environments=entry(stack)), "compute_environments", "list of JobQueueComputeEnvironment"),
    ("queue-environment-not-entry", lambda stack: batch.JobQueue(stack, "Q", compute_environments=[env(stack)]), "compute_environments[0]", "JobQueueComputeEnvironment"),
    ("queue-four-environments", lambda stack: batch.JobQueue(stack, "Q", compute_environments=[entry(stack, i, f"E{i}") for i in range(4)]), "compute_environments[3]", "at most 3"),
    ("queue-add-fourth", lambda stack: batch.JobQueue(stack, "Q", compute_environments=[entry(stack, i, f"E{i}") for i in range(3)]).add_compute_environment(env(stack, "E3"), 3), "compute_environment", "at most 3"),
    ("queue-duplicate-order", lambda stack: batch.JobQueue(stack, "Q", compute_environments=[entry(stack, 1, "A"), entry(stack, 1, "B")]), "compute_environments[1].order", "must differ"),
    ("queue-add-duplicate-order", lambda stack: queue()(stack).add_compute_environment(env(stack, "B"), 1), "compute_environment.order", "must differ"),
    ("queue-mixed-families", lambda stack: batch.JobQueue(stack, "Q", compute_environments=[entry(stack, 1, "A"), entry(stack, 2, "B", FARGATE)]), "compute_environments[1].compute_environment", "cannot mix EC2 or SPOT"),
    ("queue-add-mixed", lambda stack: batch.JobQueue(stack, "Q", compute_environments=[entry(stack, 1, "A", FARGATE)]).add_compute_environment(env(stack, "B", SPOT), 2), "compute_environment.compute_environment", "cannot mix"),
    ("queue-entry-not-environment", lambda stack: batch.JobQueue(stack, "Q", compute_environments=[batch.JobQueueComputeEnvironment(compute_environment="arn:aws:batch:us-east-1:1:compute-environment/x", order=1)]), "compute_environments[0].compute_environment", "must be a ComputeEnvironment"),
    ("queue-entry-order-negative", lambda stack: batch.JobQueue(stack, "Q", compute_environments=[entry(stack, -1)]), "compute_environments[0].order", "at least 0"),
    ("queue-entry-order-float", lambda stack: batch.JobQueue(stack, "Q", compute_environments=[entry(stack, 1, "A"), entry(stack, 1.5, "B")]), "compute_environments[1].order", "integer"),
    ("queue-priority-high", queue(priority=1001), "priority", "from 0 to 1000"),
    ("queue-priority-negative", queue(priority=-1), "priority", "from 0 to 1000"),
    ("queue-enabled", queue(enabled="no"), "enabled", "True or False"),
    ("queue-name", queue(job_queue_name="my queue"), "job_queue_name", "letters, digits"),
    ("queue-policy-not-policy", queue(scheduling_policy="arn:aws:batch:us-east-1:1:scheduling-policy/x"), "scheduling_policy", "FairshareSchedulingPolicy"),
    ("queue-actions-not-list", queue(job_state_time_limit_actions=batch.JobStateTimeLimitAction(reason="r", max_time=HOUR)), "job_state_time_limit_actions", "list of JobStateTimeLimitAction"),
    ("queue-action-not-action", queue(job_state_time_limit_actions=[{"reason": "r"}]), "job_state_time_limit_actions[0]", "JobStateTimeLimitAction"),
    ("queue-tags", queue(tags={"a": None}), "tags['a']", "string"),
    ("time-limit-short", queue(job_state_time_limit_actions=[batch.JobStateTimeLimitAction(reason="r", max_time=datetime.timedelta(minutes=9))]), "job_state_time_limit_actions[0].max_time", "from 600 to 86400 seconds"),
    ("time-limit-long", queue(job_state_time_limit_actions=[batch.JobStateTimeLimitAction(reason="r", max_time=HOUR), batch.JobStateTimeLimitAction(reason="r", max_time=datetime.timedelta(hours=25))]), "job_state_time_limit_actions[1].max_time", "from 600 to 86400 seconds"),
    ("time-limit-fraction", queue(job_state_time_limit_actions=[batch.JobStateTimeLimitAction(reason="r", max_time=datetime.timedelta(seconds=600.5))]), "job_state_time_limit_actions[0].max_time", "whole number of seconds"),
    ("time-limit-int", queue(job_state_time_limit_actions=[batch.JobStateTimeLimitAction(reason="r", max_time=600)]), "job_state_time_limit_actions[0].max_time", "timedelta"),
    ("time-limit-reason", queue(job_state_time_limit_actions=[batch.JobStateTimeLimitAction(reason="", max_time=HOUR)]), "job_state_time_limit_actions[0].reason", "must not be empty"),
    ("time-limit-action", queue(job_state_time_limit_actions=[batch.JobStateTimeLimitAction(reason="r", max_time=HOUR, action="RETRY")]), "job_state_time_limit_actions[0].action", "CANCEL, TERMINATE"),
    ("time-limit-state", queue(job_state_time_limit_actions=[batch.JobStateTimeLimitAction(reason="r", max_time=HOUR, state="RUNNING")]), "job_state_time_limit_actions[0].state", "RUNNABLE"),
    ("queue-import-kind", lambda stack: batch.JobQueue.from_job_queue_arn(stack, "I", "arn:aws:batch:us-east-1:555555555555:compute-environment/x"), "job_queue_arn", "ARN of a job-queue"),
    ("queue-import-not-arn", lambda stack: batch.JobQueue.from_job_queue_arn(stack, "I", "High-Prio-Queue"), "job_queue_arn", "must be an ARN"),
    # grants
    ("grant-role-bad", grant("not a role!"), "role", "IAM role, role ARN or role name"),
    ("grant-role-object", grant(3), "role", "IamRole"),
    ("grant-job-bad-arn", grant("scheduler", "arn:aws:batch:us-east-1:555555555555:job-queue/q"), "job_definition", "ARN of a job-definition"),
    ("grant-job-bad-revision", grant("scheduler", "arn:aws:batch:us-east-1:555555555555:job-definition/j:latest"), "job_definition", "revision number"),
    ("grant-job-object", grant("scheduler", 3), "job_definition", "JobDefinition"),
    ("grant-any-revision", grant("scheduler", any_revision="yes"), "any_revision", "True or False"),
    # fair share
    ("share-identifier-bad", lambda stack: batch.Share(share_identifier="team-a"), "share.share_identifier", "letters or digits"),
    ("share-identifier-inner-star", lambda stack: batch.Share(share_identifier="a*b"), "share.share_identifier", "ending with *"),
    ("share-identifier-long", lambda stack: batch.Share(share_identifier="a" * 256), "share.share_identifier", "up to 255"),
    ("share-weight-low", lambda stack: batch.Share(share_identifier="a", weight_factor=0), "share.weight_factor", "from 0.0001 to 999.9999"),
    ("share-weight-high", lambda stack: batch.Share(share_identifier="a", weight_factor=1000), "share.weight_factor", "from 0.0001 to 999.9999"),
    ("share-weight-nan", lambda stack: batch.Share(share_identifier="a", weight_factor=float("nan")), "share.weight_factor", "number"),
    ("policy-shares-not-list", lambda stack: batch.FairshareSchedulingPolicy(stack, "P", shares=batch.Share(share_identifier="a")), "shares", "list of Share"),
    ("policy-share-not-share", lambda stack: batch.FairshareSchedulingPolicy(stack, "P", shares=[{"share_identifier": "a"}]), "shares[0]", "a Share"),
    ("policy-duplicate-share", lambda stack: batch.FairshareSchedulingPolicy(stack, "P", shares=[batch.Share(share_identifier="a")] * 2), "shares[1].share_identifier", "unique"),
    ("policy-add-duplicate", lambda stack: batch.FairshareSchedulingPolicy(stack, "P", shares=[batch.Share(share_identifier="a")]).add_share(batch.Share(share_identifier="a")), "share.share_identifier", "unique"),
    ("policy-501-shares", lambda stack: batch.FairshareSchedulingPolicy(stack, "P", shares=[batch.Share(share_identifier=f"s{i}") for i in range(501)]), "shares[500]", "at most 500"),
    ("policy-decay-long", lambda stack: batch.FairshareSchedulingPolicy(stack, "P", share_decay=datetime.timedelta(days=8)), "share_decay", "from 0 to 604800 seconds"),
    ("policy-decay-negative", lambda stack: batch.FairshareSchedulingPolicy(stack, "P", share_decay=datetime.timedelta(seconds=-1)), "share_decay", "from 0 to 604800 seconds"),
    ("policy-reservation", lambda stack: batch.FairshareSchedulingPolicy(stack, "P", compute_reservation=100), "compute_reservation", "from 0 to 99"),
    ("policy-name", lambda stack: batch.FairshareSchedulingPolicy(stack, "P", scheduling_policy_name="fair share"), "scheduling_policy_name", "letters, digits"),
    ("policy-import-kind", lambda stack: batch.FairshareSchedulingPolicy.from_scheduling_policy_arn(stack, "I", "arn:aws:batch:us-east-1:555555555555:job-queue/x"), "scheduling_policy_arn", "ARN of a scheduling-policy"),
    # job definitions
    ("jd-neither", lambda stack: batch.JobDefinition(stack, "J"), "container", "give one of"),
    ("jd-both", lambda stack: batch.JobDefinition(stack, "J", container=C(), node_props=batch.NodeProps(count=1, range_props=[batch.NodeRangeProps(container=C())])), "node_props", "give one of container, ecs_properties, node_props, eks_properties"),
    ("jd-container-dict", lambda stack: batch.JobDefinition(stack, "J", container={"image": "x"}), "container", "JobDefinitionContainer"),
    ("jd-name", jd(job_definition_name="my job"), "job_definition_name", "letters, digits"),
    ("jd-retry-zero", jd(retry_attempts=0), "retry_attempts", "from 1 to 10"),
    ("jd-retry-eleven", jd(retry_attempts=11), "retry_attempts", "from 1 to 10"),
    ("jd-strategies-without-attempts", jd(retry_strategies=[batch.RetryStrategy(action=batch.Action.RETRY, on_exit_code="1")]), "retry_attempts", "required with retry_strategies"),
    ("jd-six-strategies", jd(retry_attempts=2, retry_strategies=[batch.RetryStrategy(action=batch.Action.EXIT, on_exit_code=str(i)) for i in range(6)]), "retry_strategies", "at most 5"),
    ("jd-strategy-not-strategy", jd(retry_attempts=2, retry_strategies=[{"action": "EXIT"}]), "retry_strategies[0]", "RetryStrategy"),
    ("retry-action", jd(retry_attempts=2, retry_strategies=[batch.RetryStrategy(action="RESTART")]), "retry_strategies[0].action", "EXIT, RETRY"),
    ("retry-exit-code", jd(retry_attempts=2, retry_strategies=[batch.RetryStrategy(action=batch.Action.EXIT, on_exit_code="1"), batch.RetryStrategy(action=batch.Action.EXIT, on_exit_code="1-2")]), "retry_strategies[1].on_exit_code", "digits"),
    ("retry-reason-chars", jd(retry_attempts=2, retry_strategies=[batch.RetryStrategy(action=batch.Action.EXIT, on_reason="Task failed-to-start")]), "retry_strategies[0].on_reason", "letters, digits"),
    ("retry-status-reason-long", jd(retry_attempts=2, retry_strategies=[batch.RetryStrategy(action=batch.Action.EXIT, on_status_reason="a" * 513)]), "retry_strategies[0].on_status_reason", "512"),
    ("jd-timeout-short", jd(timeout=datetime.timedelta(seconds=59)), "timeout", "at least 60"),
    ("jd-timeout-int", jd(timeout=60), "timeout", "timedelta"),
    ("jd-priority", jd(scheduling_priority=10000), "scheduling_priority", "from 0 to 9999"),
    ("jd-platforms-two", jd(platform_capabilities=[batch.PlatformCapabilities.EC2, batch.PlatformCapabilities.FARGATE]), "platform_capabilities", "exactly one"),
    ("jd-platform-bad", jd(platform_capabilities=["LAMBDA"]), "platform_capabilities[0]", "EC2, FARGATE"),
    ("jd-platform-string", jd(platform_capabilities="FARGATE"), "platform_capabilities", "must be a list"),
    ("jd-propagate", jd(propagate_tags="yes"), "propagate_tags", "True or False"),
    ("jd-multinode-fargate", lambda stack: batch.JobDefinition(stack, "J", platform_capabilities=[batch.PlatformCapabilities.FARGATE], node_props=batch.NodeProps(count=1, range_props=[batch.NodeRangeProps(container=C())])), "platform_capabilities", "EC2 only"),
    ("jd-import-both", lambda stack: batch.ImportedJobDefinition(stack, "I", job_definition_arn="arn:aws:batch:us-east-1:555555555555:job-definition/a:1", job_definition_name="a"), "job_definition_name", "not both"),
    ("jd-import-kind", lambda stack: batch.JobDefinition.from_job_definition_arn(stack, "I", "arn:aws:batch:us-east-1:555555555555:job-queue/a"), "job_definition_arn", "ARN of a job-definition"),
    ("jd-import-revision", lambda stack: batch.JobDefinition.from_job_definition_name(stack, "I", "a:0"), "job_definition_name", "revision of at least 1"),
    ("jd-import-name", lambda stack: batch.JobDefinition.from_job_definition_name(stack, "I", "a b"), "job_definition_name", "letters, digits"),
    # multi-node
    ("mnp-count", lambda stack: batch.NodeProps(count=0, range_props=[batch.NodeRangeProps(container=C())]), "node_props.count", "from 1 to 1000"),
    ("mnp-main-outside", lambda stack: batch.NodeProps(count=2, main_node=2, range_props=[batch.NodeRangeProps(container=C())]), "node_props.main_node", "from 0 to 1"),
    ("mnp-no-ranges", lambda stack: batch.NodeProps(count=2), "node_props.range_props", "at least one NodeRangeProps"),
    ("mnp-overlap", lambda stack: batch.NodeProps(count=4, range_props=[batch.NodeRangeProps(container=C(), to_node_index=2), batch.NodeRangeProps(container=C(), from_node_index=2)]), "node_props.range_props[1]", "overlaps range 0 at node 2"),
    ("mnp-gap", lambda stack: batch.NodeProps(count=4, range_props=[batch.NodeRangeProps(container=C(), to_node_index=0), batch.NodeRangeProps(container=C(), from_node_index=2)]), "node_props.range_props", "nodes [1] have no container"),
    ("mnp-beyond", lambda stack: batch.NodeProps(count=2, range_props=[batch.NodeRangeProps(container=C(), to_node_index=2)]), "node_props.range_props[0]", "from 0 to 1"),
    ("mnp-range-backwards", lambda stack: batch.NodeProps(count=4, range_props=[batch.NodeRangeProps(container=C(), from_node_index=3, to_node_index=1)]), "node_props.range_props[0].to_node_index", "at least from_node_index"),
    ("mnp-range-container", lambda stack: batch.NodeProps(count=2, range_props=[batch.NodeRangeProps(container=C(), to_node_index=0), batch.NodeRangeProps(container="image")]), "node_props.range_props[1].container", "JobDefinitionContainer"),
    # containers
    ("c-image-string", lambda stack: C(image="busybox"), "container.image", "ContainerImage"),
    ("c-image-name", lambda stack: batch.ContainerImage.from_registry("bad image"), "image", "image name"),
    ("c-command-string", lambda stack: C(command="echo hi"), "container.command", "list of strings"),
    ("c-env-empty", lambda stack: C(environment={"A": ""}), "container.environment['A']", "non-empty"),
    ("c-env-name", lambda stack: C(environment={"1A": "x"}), "container.environment", "letters, digits and _"),
    ("c-env-reserved", lambda stack: C(environment={"AWS_BATCH_X": "x"}), "container.environment['AWS_BATCH_X']", "reserved"),
    ("c-vcpus-low", lambda stack: C(vcpus=0.1), "container.vcpus", "at least 0.25"),
    ("c-memory-low", lambda stack: C(memory_limit_mib=3), "container.memory_limit_mib", "at least 4"),
    ("c-gpu-zero", lambda stack: C(gpu_count=0), "container.gpu_count", "at least 1"),
    ("c-ec2-fraction", jd(vcpus=0.5), "container.vcpus", "integer"),
    ("c-secret-plain", lambda stack: C(secrets={"A": "value"}), "container.secrets['A']", "must be a Secret"),
    ("c-secret-also-env", lambda stack: C(environment={"A": "1"}, secrets={"A": batch.Secret.from_ssm_parameter("arn:aws:ssm:us-east-1:123456789012:parameter/a")}), "container.secrets['A']", "also in environment"),
    ("c-mount-unknown-volume", lambda stack: C(mount_points=[batch.MountPoint(container_path="/d", source_volume="data")]), "container.mount_points[0].source_volume", "must name one of"),
    ("c-volumes-duplicate", lambda stack: C(volumes=[batch.Volume(name="a"), batch.Volume(name="a")]), "container.volumes[1].name", "must differ from the names of the other volumes"),
    ("c-ulimit-duplicate", lambda stack: C(ulimits=[batch.Ulimit(name="nofile", soft_limit=1, hard_limit=1)] * 2), "container.ulimits[1].name", "once"),
    ("c-instance-type", lambda stack: C(instance_type="large"), "container.instance_type", "instance type"),
    ("c-ephemeral-small", lambda stack: C(ephemeral_storage_size_gib=20), "container.ephemeral_storage_size_gib", "from 21 to 200"),
    ("c-platform-version", lambda stack: C(platform_version="1.2.0"), "container.platform_version", "1.3.0"),
    ("c-windows-arm", lambda stack: C(operating_system_family=batch.OperatingSystemFamily.WINDOWS_SERVER_2022_CORE, cpu_architecture=batch.CpuArchitecture.ARM64), "container.cpu_architecture", "X86_64 for Windows"),
    ("c-windows-user", lambda stack: C(operating_system_family=batch.OperatingSystemFamily.WINDOWS_SERVER_2019_FULL, user="app"), "container.user", "not supported on Windows"),
    ("c-log-dict", lambda stack: C(log_configuration={"log_driver": "awslogs"}), "container.log_configuration", "LogConfiguration"),
    ("ulimit-soft-over-hard", lambda stack: C(ulimits=[batch.Ulimit(name=batch.UlimitName.NOFILE, soft_limit=10, hard_limit=1)]), "container.ulimits[0].soft_limit", "must not exceed hard_limit"),
    ("ulimit-name", lambda stack: C(ulimits=[batch.Ulimit(name="files", soft_limit=1, hard_limit=1)]), "container.ulimits[0].name", "nofile"),
    ("linux-swappiness-alone", lambda stack: batch.LinuxParameters(swappiness=10), "linux_params.swappiness", "without max_swap"),
    ("linux-swappiness-range", lambda stack: batch.LinuxParameters(max_swap=1, swappiness=101), "linux_params.swappiness", "from 0 to 100"),
    ("tmpfs-option", lambda stack: batch.LinuxParameters(tmpfs=[batch.Tmpfs(container_path="/t", size=1, mount_options=["noexec", "fast"])]), "linux_params.tmpfs[0].mount_options[1]", "mount option"),
    ("tmpfs-size", lambda stack: batch.LinuxParameters(tmpfs=[batch.Tmpfs(container_path="/t", size=0)]), "linux_params.tmpfs[0].size", "at least 1"),
    ("device-permission", lambda stack: batch.LinuxParameters(devices=[batch.Device(host_path="/dev/x", permissions=["EXECUTE"])]), "linux_params.devices[0].permissions[0]", "MKNOD"),
    ("volume-name", lambda stack: C(volumes=[batch.Volume(name="my volume")]), "container.volumes[0].name", "letters, digits"),
    ("volume-both", lambda stack: C(volumes=[batch.Volume(name="v", host=batch.Host(), efs_volume_configuration=batch.EfsVolumeConfiguration(file_system_id="fs-12345678"))]), "container.volumes[0].efs_volume_configuration", "not both"),
    ("efs-id", lambda stack: C(volumes=[efs_volume(file_system_id="efs-1")]), "container.volumes[0].efs_volume_configuration.file_system_id", "fs-"),
    ("efs-access-point-no-tls", lambda stack: C(volumes=[efs_volume(file_system_id="fs-12345678", authorization_config=batch.AuthorizationConfig(access_point_id="fsap-12345678"))]), "container.volumes[0].efs_volume_configuration.transit_encryption", "must be True"),
    ("efs-access-point-root", lambda stack: C(volumes=[efs_volume(file_system_id="fs-12345678", root_directory="/data", transit_encryption=True, authorization_config=batch.AuthorizationConfig(access_point_id="fsap-12345678"))]), "container.volumes[0].efs_volume_configuration.root_directory", "omitted or '/'"),
    ("efs-port-without-tls", lambda stack: C(volumes=[efs_volume(file_system_id="fs-12345678", transit_encryption=False, transit_encryption_port=2049)]), "container.volumes[0].efs_volume_configuration.transit_encryption_port", "needs transit_encryption"),
    ("efs-access-point-id", lambda stack: C(volumes=[batch.Volume(name="a"), efs_volume(file_system_id="fs-12345678", transit_encryption=True, authorization_config=batch.AuthorizationConfig(access_point_id="ap-1"))]), "container.volumes[1].efs_volume_configuration.authorization_config.access_point_id", "fsap-"),
    # where the container runs
    ("fargate-gpu", fargate(gpu_count=1), "container.gpu_count", "not supported on Fargate"),
    ("fargate-privileged", fargate(privileged=True), "container.privileged", "not supported on Fargate"),
    ("fargate-instance-type", fargate(instance_type="c5.large"), "container.instance_type", "not supported on Fargate"),
    ("fargate-ulimits", fargate(ulimits=[batch.Ulimit(name="nofile", soft_limit=1, hard_limit=1)]), "container.ulimits", "not supported on Fargate"),
    ("fargate-devices", fargate(linux_params=batch.LinuxParameters(devices=[batch.Device(host_path="/dev/x")])), "container.linux_params.devices", "not supported on Fargate"),
    ("fargate-shm", fargate(linux_params=batch.LinuxParameters(shared_memory_size=64)), "container.linux_params.shared_memory_size", "not supported on Fargate"),
    ("fargate-host-path", fargate(volumes=[batch.Volume(name="v", host=batch.Host(source_path="/data"))]), "container.volumes[0].host", "not supported on Fargate"),
    ("fargate-log-driver", fargate(log_configuration=batch.LogConfiguration(log_driver=batch.LogDriver.SYSLOG)), "container.log_configuration.log_driver", "awslogs, splunk or awsfirelens"),
    ("fargate-vcpus", fargate(vcpus=3), "container.vcpus", "0.25, 0.5, 1, 2, 4, 8, 16 or 32"),
    ("fargate-memory", fargate(vcpus=1, memory_limit_mib=1024), "container.memory_limit_mib", "with 1 vCPU Fargate takes 2048-8192 MiB in steps of 1024"),
    ("fargate-default-memory", fargate(memory_limit_mib=4096), "container.memory_limit_mib", "with 0.25 vCPU"),
    ("fargate-2-vcpus-3072", fargate(vcpus=2, memory_limit_mib=3072), "container.memory_limit_mib", "with 2 vCPU Fargate takes 4096-16384 MiB in steps of 1024, got 3072"),
    *[
        (f"fargate-{vcpus}-vcpus-{memory}", fargate(vcpus=vcpus, memory_limit_mib=memory), "container.memory_limit_mib", f"with {vcpus} vCPU Fargate takes {sizes}, got {memory}")
        for vcpus, lowest, highest, sizes in [
            (0.25, 512, 2048, "512, 1024 or 2048 MiB"),
            (0.5, 1024, 4096, "1024-4096 MiB in steps of 1024"),
            (1, 2048, 8192, "2048-8192 MiB in steps of 1024"),
            (2, 4096, 16384, "4096-16384 MiB in steps of 1024"),
            (4, 8192, 30720, "8192-30720 MiB in steps of 1024"),
            (8, 16384, 61440, "16384-61440 MiB in steps of 4096"),
            (16, 32768, 122880, "32768-122880 MiB in steps of 8192"),
            (32, 61440, 249856, "61440, 122880 or 249856 MiB"),
        ]
        for memory in (lowest - 1, highest + 1)
    ],
    ("ec2-os-family", jd(operating_system_family=batch.OperatingSystemFamily.LINUX), "container.operating_system_family", "Fargate only"),
    ("ec2-cpu-architecture", jd(cpu_architecture=batch.CpuArchitecture.ARM64), "container.cpu_architecture", "Fargate only"),
    ("ec2-public-ip", jd(assign_public_ip=True), "container.assign_public_ip", "Fargate only"),
    ("ec2-platform-version", jd(platform_version=batch.FargatePlatformVersion.LATEST), "container.platform_version", "Fargate only"),
    ("ec2-ephemeral", jd(ephemeral_storage_size_gib=30), "container.ephemeral_storage_size_gib", "Fargate only"),
    ("mnp-fargate-only-in-range", lambda stack: batch.JobDefinition(stack, "J", node_props=batch.NodeProps(count=1, range_props=[batch.NodeRangeProps(container=C(assign_public_ip=True))])), "node_props.range_props[0].container.assign_public_ip", "Fargate only"),
    # logging and secrets
    ("log-driver", lambda stack: batch.LogConfiguration(log_driver="cloudwatch"), "log_configuration.log_driver", "awslogs"),
    ("log-secret-twice", lambda stack: batch.LogConfiguration(log_driver=batch.LogDriver.SPLUNK, options={"splunk-token": "x"}, secret_options=[batch.ExposedSecret.from_parameters_store("splunk-token", "arn:aws:ssm:us-east-1:123456789012:parameter/t")]), "log_configuration.secret_options[0]", "given twice"),
    ("log-secret-not-secret", lambda stack: batch.LogConfiguration(log_driver=batch.LogDriver.AWSLOGS, secret_options=["x"]), "log_configuration.secret_options[0]", "ExposedSecret"),
    ("secret-ssm-bad", lambda stack: batch.Secret.from_ssm_parameter("xyz"), "secrets.parameter", "SSM parameter ARN"),
    ("secret-sm-bad", lambda stack: batch.Secret.from_secrets_manager("db-password"), "secrets.secret", "Secrets Manager secret ARN"),
    ("secret-sm-both-versions", lambda stack: batch.Secret.from_secrets_manager("arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf", version_stage="AWSCURRENT", version_id="1"), "secrets.secret.version_id", "not both"),
    ("secret-field-colon", lambda stack: batch.Secret.from_secrets_manager("arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf", "a:b"), "secrets.secret.field", "without ':'"),
    ("exposed-option-name", lambda stack: batch.ExposedSecret.from_parameters_store("bad name", "arn:aws:ssm:us-east-1:123456789012:parameter/t"), "secret_options.option_name", "option name"),
    ("parameter-name", lambda stack: batch.StringParameter.from_string_parameter_name(stack, "P", "bad name"), "parameter_name", "SSM parameter name"),
    ("ecr-repository-name", lambda stack: batch.EcrRepository.from_repository_name(stack, "R", "Todo List"), "repository_name", "ECR repository name"),
    ("ecr-image-repository", lambda stack: batch.EcrImage("todo-list"), "image.repository", "EcrRepository"),
    ("ecr-image-tag", lambda stack: batch.EcrImage(batch.EcrRepository.from_repository_name(stack, "R", "todo"), "bad tag"), "image.tag", "image tag"),
    ("asset-no-dockerfile", lambda stack: batch.ContainerImage.from_asset("/tmp"), "image.directory", "holding a Dockerfile"),
    ("asset-arguments", lambda stack: batch.ContainerImage.from_asset(stack, "x"), "from_asset", "(directory) or (scope, id, directory)"),
]
# fmt: on


@pytest.mark.parametrize(("build", "argument", "words"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_rule(build: Callable[[TerraformStack], Any], argument: str, words: str) -> None:
    stack = new_stack()
    with pytest.raises(batch.ValidationError) as caught:
        build(stack)
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.argument == argument
    assert str(error).startswith(f"{argument}: ")
    assert words in str(error)


def test_case_ids_are_unique() -> None:
    ids = [case[0] for case in CASES]
    assert len(ids) == len(set(ids))


def test_message_says_what_was_given() -> None:
    with pytest.raises(
        batch.ValidationError, match=r"compute_resources.bid_percentage: must be an integer from 0 to 100, got 120"
    ):
        batch.ComputeResources(vpc=VPC, type=SPOT, bid_percentage=120)


# Nested values are checked where their list is taken, so the path keeps the index, as AWS
# CDK reports them.
# fmt: off
NESTED_MESSAGES: list[tuple[str, Callable[[TerraformStack], Any], str]] = [
    (
        "time-limit-action-index",
        queue(job_state_time_limit_actions=[
            batch.JobStateTimeLimitAction(reason="r", max_time=HOUR),
            batch.JobStateTimeLimitAction(reason="r", max_time=datetime.timedelta(minutes=5)),
        ]),
        "job_state_time_limit_actions[1].max_time: must be from 600 to 86400 seconds, got datetime.timedelta(seconds=300)",
    ),
    (
        "security-group-index",
        resources(security_groups=["sg-1", 7]),
        "compute_resources.security_groups[1]: must be a SecurityGroup (resource or data source) or security group id, got 7",
    ),
    (
        "volume-index",
        lambda stack: C(volumes=[batch.Volume(name="a"), batch.Volume(name="b"), batch.Volume(name="my volume")]),
        "container.volumes[2].name: must be 1-255 letters, digits, hyphens or underscores, got 'my volume'",
    ),
    (
        "range-index",
        lambda stack: batch.NodeProps(count=4, range_props=[
            batch.NodeRangeProps(container=C(), to_node_index=1),
            batch.NodeRangeProps(container=C(), from_node_index=3, to_node_index=2),
        ]),
        "node_props.range_props[1].to_node_index: must be at least from_node_index (3), got 2",
    ),
    (
        "tmpfs-option-index",
        lambda stack: C(linux_params=batch.LinuxParameters(tmpfs=[
            batch.Tmpfs(container_path="/a", size=1),
            batch.Tmpfs(container_path="/b", size=1, mount_options=["noexec", "fast"]),
        ])),
        "linux_params.tmpfs[1].mount_options[1]: must be a tmpfs mount option such as noexec or mode=1777, got 'fast'",
    ),
]
# fmt: on


@pytest.mark.parametrize(
    ("build", "message"), [case[1:] for case in NESTED_MESSAGES], ids=[case[0] for case in NESTED_MESSAGES]
)
def test_nested_path_keeps_index(build: Callable[[TerraformStack], Any], message: str) -> None:
    with pytest.raises(batch.ValidationError) as caught:
        build(new_stack())
    assert str(caught.value) == message


def test_check_list_refuses_a_string_and_checks_each_item_at_its_index() -> None:
    from cdktf_batch._validation import check_list

    seen: list[str] = []
    assert check_list("xs", [1, 2], int, check=lambda item, path: seen.append(path)) == (1, 2)
    assert seen == ["xs[0]", "xs[1]"]
    with pytest.raises(batch.ValidationError, match=r"^xs: must be a list of int, got 'ab'$"):
        check_list("xs", "ab", int)
    with pytest.raises(batch.ValidationError, match=r"^xs\[1\]: must be an int, got 'b'$"):
        check_list("xs", [1, "b"], int)
    with pytest.raises(batch.ValidationError, match=r"^xs: takes at most 1 int, got 2$"):
        check_list("xs", [1, 2], int, max_items=1)
    assert check_list("xs", (), int, min_items=0) == ()


# Rules the API documents that the provider does not check (issue 14): each bad input, and
# beside it the closest input AWS accepts.
def efs_iam_volume() -> batch.Volume:
    return efs_volume(
        file_system_id="fs-12345678",
        transit_encryption=True,
        authorization_config=batch.AuthorizationConfig(iam=True),
    )


def ranges(*instance_types: str | None) -> batch.NodeProps:
    return batch.NodeProps(
        count=len(instance_types),
        range_props=[
            batch.NodeRangeProps(container=C(instance_type=kind), from_node_index=i, to_node_index=i)
            for i, kind in enumerate(instance_types)
        ],
    )


ROLE = "arn:aws:iam::123456789012:role/job"
AL2 = batch.EcsOptimizedAmi(generation=batch.AmazonLinuxGeneration.AMAZON_LINUX_2)
V13 = batch.FargatePlatformVersion.VERSION1_3
V14 = batch.FargatePlatformVersion.VERSION1_4

# fmt: off
API_RULES: list[tuple[str, Callable[[TerraformStack], Any], str]] = [
    ("al2023-a1-default-image", resources(instance_types=["m5", "a1.large"]), "compute_resources.instance_types[1]: A1 instances do not run Amazon Linux 2023 (the image given, or Batch's default); give image=EcsOptimizedAmi(generation=AmazonLinuxGeneration.AMAZON_LINUX_2) or another type, got 'a1.large'"),
    ("al2023-a1-family", resources(instance_types=["a1"], image=batch.EcsOptimizedAmi(hardware_type=batch.AmiHardwareType.ARM)), "compute_resources.instance_types[0]: A1 instances do not run Amazon Linux 2023 (the image given, or Batch's default); give image=EcsOptimizedAmi(generation=AmazonLinuxGeneration.AMAZON_LINUX_2) or another type, got 'a1'"),
    ("mnp-two-instance-types", lambda stack: ranges("c5.large", None, "c5.xlarge"), "node_props.range_props[2].container.instance_type: must be the instance type of the other node ranges (c5.large in range 0): AWS runs every node group of a multi-node parallel job on one instance type, got 'c5.xlarge'"),
    ("fargate-1.3-efs", lambda stack: C(platform_version=V13, volumes=[efs_volume(file_system_id="fs-12345678")]), "container.volumes[0].efs_volume_configuration: needs Fargate platform version 1.4.0 or later (platform_version is 1.3.0), got 'efs'"),
    ("fargate-1.3-ephemeral", lambda stack: C(platform_version=V13, ephemeral_storage_size_gib=30), "container.ephemeral_storage_size_gib: needs Fargate platform version 1.4.0 or later (platform_version is 1.3.0), got 30"),
    ("efs-iam-without-job-role", lambda stack: C(volumes=[batch.Volume(name="a"), efs_iam_volume()]), "container.volumes[1].efs_volume_configuration.authorization_config.iam: needs a job_role: EFS IAM authorization mounts as the job role, got True"),
    ("mnp-six-ranges", lambda stack: ranges(*["c5.large"] * 6), "node_props.range_props: takes at most 5 NodeRangeProps, got 6"),
    ("mnp-two-instance-types-per-range", lambda stack: batch.NodeRangeProps(container=C(), instance_types=["c5.large", "c5.xlarge"])._check_at("node_props.range_props[0]"), "node_props.range_props[0].instance_types: takes one instance type (the API's limit), got ['c5.large', 'c5.xlarge']"),
    ("fargate-ecs-1.3-efs", lambda stack: batch.EcsProperties(containers=[batch.EcsTaskContainer(name="a", image=C().image, vcpus=1, memory_limit_mib=2048)], platform_version=V13, volumes=[efs_volume(file_system_id="fs-12345678")])._check_at("ecs_properties"), "ecs_properties.volumes[0].efs_volume_configuration: needs Fargate platform version 1.4.0 or later (platform_version is 1.3.0), got 'efs'"),
]

API_ACCEPTS: list[tuple[str, Callable[[TerraformStack], Any]]] = [
    ("al2-a1", resources(instance_types=["a1.large"], image=AL2)),
    ("al2023-a1-own-template", resources(instance_types=["a1.large"], launch_template=batch.LaunchTemplateSpecification(launch_template_name="al2-ami"))),
    ("al2023-a10g", resources(instance_types=["g5g.xlarge", "a10.large"])),
    ("mnp-one-instance-type", lambda stack: ranges("c5.large", None, "c5.large")),
    ("mnp-five-ranges", lambda stack: ranges(*["c5.large"] * 5)),
    ("fargate-1.4-efs-ephemeral", lambda stack: C(platform_version=V14, ephemeral_storage_size_gib=30, volumes=[efs_volume(file_system_id="fs-12345678")])),
    ("fargate-1.3-plain", lambda stack: C(platform_version=V13)),
    ("exec-with-job-role", lambda stack: C(enable_execute_command=True, job_role=ROLE)),
    ("exec-off-without-job-role", lambda stack: C(enable_execute_command=False)),
    ("exec-without-job-role-creates-one", lambda stack: batch.JobDefinition(stack, "J", container=C(enable_execute_command=True))),
    ("efs-iam-with-job-role", lambda stack: C(job_role=ROLE, volumes=[efs_iam_volume()])),
]
# fmt: on


@pytest.mark.parametrize(("build", "message"), [case[1:] for case in API_RULES], ids=[case[0] for case in API_RULES])
def test_api_rule(build: Callable[[TerraformStack], Any], message: str) -> None:
    with pytest.raises(batch.ValidationError) as caught:
        build(new_stack())
    assert str(caught.value) == message


@pytest.mark.parametrize("build", [case[1] for case in API_ACCEPTS], ids=[case[0] for case in API_ACCEPTS])
def test_api_rule_accepts(build: Callable[[TerraformStack], Any]) -> None:
    build(new_stack())


# Non-finite numbers are plain values, never Terraform tokens: each numeric argument of the
# public API refuses them with its own name, and jsii never sees them (JSON cannot carry them;
# sending one once killed the kernel and every later call in the process).
NON_FINITE = [float("-inf"), float("inf"), float("nan")]
EFS = "fs-12345678"

# fmt: off
NUMERIC_ARGUMENTS: list[tuple[str, Callable[[TerraformStack, Any], Any]]] = [
    # (argument named in the error, build with the value)
    ("compute_resources.bid_percentage", lambda stack, v: batch.ComputeResources(vpc=VPC, type=SPOT, bid_percentage=v)),
    ("compute_resources.minv_cpus", lambda stack, v: batch.ComputeResources(vpc=VPC, minv_cpus=v)),
    ("compute_resources.maxv_cpus", lambda stack, v: batch.ComputeResources(vpc=VPC, maxv_cpus=v)),
    ("compute_resources.desiredv_cpus", lambda stack, v: batch.ComputeResources(vpc=VPC, desiredv_cpus=v)),
    ("update_timeout", lambda stack, v: environment(compute_resources=batch.ComputeResources(vpc=VPC), update_timeout=v)(stack)),
    ("priority", lambda stack, v: queue(priority=v)(stack)),
    ("compute_environments[0].order", lambda stack, v: queue(compute_environments=[entry(stack, v)])(stack)),
    ("compute_environment.order", lambda stack, v: queue()(stack).add_compute_environment(env(stack, "B"), v)),
    ("job_state_time_limit_actions[0].max_time", lambda stack, v: queue(job_state_time_limit_actions=[batch.JobStateTimeLimitAction(reason="r", max_time=v)])(stack)),
    ("max_azs", lambda stack, v: batch.Vpc(stack, "V", max_azs=v)),
    ("nat_gateways", lambda stack, v: batch.Vpc(stack, "V", nat_gateways=v)),
    ("share.weight_factor", lambda stack, v: batch.Share(share_identifier="a", weight_factor=v)),
    ("share_decay", lambda stack, v: batch.FairshareSchedulingPolicy(stack, "P", share_decay=v)),
    ("compute_reservation", lambda stack, v: batch.FairshareSchedulingPolicy(stack, "P", compute_reservation=v)),
    ("retry_attempts", lambda stack, v: jd(retry_attempts=v)(stack)),
    ("scheduling_priority", lambda stack, v: jd(scheduling_priority=v)(stack)),
    ("timeout", lambda stack, v: jd(timeout=v)(stack)),
    ("container.vcpus", lambda stack, v: C(vcpus=v)),
    ("container.memory_limit_mib", lambda stack, v: C(memory_limit_mib=v)),
    ("container.gpu_count", lambda stack, v: C(gpu_count=v)),
    ("container.ephemeral_storage_size_gib", lambda stack, v: C(ephemeral_storage_size_gib=v)),
    ("linux_params.shared_memory_size", lambda stack, v: C(linux_params=batch.LinuxParameters(shared_memory_size=v))),
    ("linux_params.max_swap", lambda stack, v: C(linux_params=batch.LinuxParameters(max_swap=v))),
    ("linux_params.swappiness", lambda stack, v: C(linux_params=batch.LinuxParameters(max_swap=0, swappiness=v))),
    ("linux_params.tmpfs[0].size", lambda stack, v: C(linux_params=batch.LinuxParameters(tmpfs=[batch.Tmpfs(container_path="/t", size=v)]))),
    ("container.ulimits[0].soft_limit", lambda stack, v: C(ulimits=[batch.Ulimit(name=batch.UlimitName.NOFILE, soft_limit=v, hard_limit=1)])),
    ("container.ulimits[0].hard_limit", lambda stack, v: C(ulimits=[batch.Ulimit(name=batch.UlimitName.NOFILE, soft_limit=1, hard_limit=v)])),
    ("container.volumes[0].efs_volume_configuration.transit_encryption_port", lambda stack, v: C(volumes=[batch.Volume(name="v", efs_volume_configuration=batch.EfsVolumeConfiguration(file_system_id=EFS, transit_encryption=True, transit_encryption_port=v))])),
    ("node_props.count", lambda stack, v: batch.NodeProps(count=v, range_props=[batch.NodeRangeProps(container=C())])),
    ("node_props.main_node", lambda stack, v: batch.NodeProps(count=2, main_node=v, range_props=[batch.NodeRangeProps(container=C())])),
    ("node_props.range_props[0].from_node_index", lambda stack, v: batch.NodeProps(count=2, range_props=[batch.NodeRangeProps(container=C(), from_node_index=v)])),
    ("node_props.range_props[0].to_node_index", lambda stack, v: batch.NodeProps(count=2, range_props=[batch.NodeRangeProps(container=C(), to_node_index=v)])),
]
# fmt: on


@pytest.mark.parametrize("value", NON_FINITE, ids=["-inf", "inf", "nan"])
@pytest.mark.parametrize(
    ("argument", "build"), NUMERIC_ARGUMENTS, ids=[f"{index}-{case[0]}" for index, case in enumerate(NUMERIC_ARGUMENTS)]
)
def test_non_finite_numbers_are_refused(
    argument: str, build: Callable[[TerraformStack, Any], Any], value: float
) -> None:
    stack = new_stack()
    with pytest.raises(batch.ValidationError) as caught:
        build(stack, value)
    assert caught.value.argument == argument
    assert str(caught.value).startswith(f"{argument}: must be ")
    assert str(caught.value).endswith(f", got {value!r}") or "timedelta" in str(caught.value)
    # jsii still answers: the value never reached the kernel.
    assert Token.is_unresolved(Fn.abs(4)) is True


def test_non_finite_numbers_are_never_tokens() -> None:
    from cdktf_batch._validation import is_unresolved

    assert [is_unresolved(value) for value in NON_FINITE] == [False, False, False]
    assert is_unresolved(Token.as_number(Fn.abs(4))) is True
    assert is_unresolved(-1e300) is False  # a number token is a particular double, not any huge one


# The valid side of each rule: the last accepted value next to the first refused one (in CASES
# above). Each synthesizes, and where the value shows in the output, the output holds it.
# (update_timeout is given with terminate_on_update: alone, it synthesizes an update_policy
# without terminate_jobs_on_update, which the provider requires; a library bug, reported.)
def ce(**kwargs: Any) -> Callable[[TerraformStack], Any]:
    return environment(compute_resources=batch.ComputeResources(vpc=VPC, **kwargs))


def policy(**kwargs: Any) -> Callable[[TerraformStack], Any]:
    return lambda stack: batch.FairshareSchedulingPolicy(stack, "P", **kwargs)


def single(**range_kwargs: Any) -> list[batch.NodeRangeProps]:
    return [batch.NodeRangeProps(container=C(), **range_kwargs)]


def multinode(count: int, main_node: int = 0, **range_kwargs: Any) -> Callable[[TerraformStack], Any]:
    props = batch.NodeProps(count=count, main_node=main_node, range_props=single(**range_kwargs))
    return lambda stack: batch.JobDefinition(stack, "J", node_props=props)


def one_resource(doc: dict[str, Any], type_name: str) -> dict[str, Any]:
    (body,) = doc["resource"][type_name].values()
    return body  # type: ignore[no-any-return]


def compute(doc: dict[str, Any]) -> dict[str, Any]:
    return one_resource(doc, "aws_batch_compute_environment")["compute_resources"]  # type: ignore[no-any-return]


def container(doc: dict[str, Any]) -> dict[str, Any]:
    return json.loads(one_resource(doc, "aws_batch_job_definition")["container_properties"])  # type: ignore[no-any-return]


def nodes(doc: dict[str, Any]) -> dict[str, Any]:
    return json.loads(one_resource(doc, "aws_batch_job_definition")["node_properties"])  # type: ignore[no-any-return]


def requirements(doc: dict[str, Any]) -> list[str]:
    return [item["value"] for item in container(doc)["resourceRequirements"]]


def time_limit(seconds: int) -> Callable[[TerraformStack], Any]:
    action = batch.JobStateTimeLimitAction(reason="r", max_time=datetime.timedelta(seconds=seconds))
    return queue(job_state_time_limit_actions=[action])


# Fargate's vCPU/memory table as the AWS Batch user guide gives it: (vCPU, lowest MiB, highest MiB).
FARGATE_RANGES = [
    (0.25, 512, 2048),
    (0.5, 1024, 4096),
    (1, 2048, 8192),
    (2, 4096, 16384),
    (4, 8192, 30720),
    (8, 16384, 61440),
    (16, 32768, 122880),
    (32, 61440, 249856),
]
NAME_128 = "a" + "b_-9" * 31 + "xyz"

# fmt: off
BOUNDARIES: list[tuple[str, Callable[[TerraformStack], Any], Callable[[dict[str, Any]], Any], Any]] = [
    # (case, what to build, what to read from the synthesized document, what it must be)
    ("bid-0", ce(type=SPOT, bid_percentage=0), lambda d: compute(d)["bid_percentage"], 0),
    ("bid-100", ce(type=SPOT, bid_percentage=100), lambda d: compute(d)["bid_percentage"], 100),
    ("min-0-max-0", ce(minv_cpus=0, maxv_cpus=0), lambda d: (compute(d)["min_vcpus"], compute(d)["max_vcpus"]), (0, 0)),
    ("min-equals-max", ce(minv_cpus=4, maxv_cpus=4), lambda d: (compute(d)["min_vcpus"], compute(d)["max_vcpus"]), (4, 4)),
    ("min-desired-max-equal", ce(minv_cpus=8, desiredv_cpus=8, maxv_cpus=8), lambda d: (compute(d)["min_vcpus"], compute(d)["desired_vcpus"], compute(d)["max_vcpus"]), (8, 8, 8)),
    ("desired-0", ce(desiredv_cpus=0), lambda d: (compute(d)["min_vcpus"], compute(d)["desired_vcpus"]), (0, 0)),
    ("key-pair-255", ce(ec2_key_pair="k" * 255), lambda d: compute(d)["ec2_key_pair"], "k" * 255),
    ("desired-default-max", ce(desiredv_cpus=256), lambda d: (compute(d)["desired_vcpus"], compute(d)["max_vcpus"]), (256, 256)),
    ("one-instance-type", ce(instance_types=["m5.large"]), lambda d: compute(d)["instance_type"], ["m5.large"]),
    ("fargate-16-subnets", ce(type=FARGATE, vpc_subnets=batch.SubnetSelection(subnet_ids=[f"subnet-{i}" for i in range(16)])), lambda d: len(compute(d)["subnets"]), 16),
    ("name-128", environment(managed=False, compute_environment_name=NAME_128), lambda d: one_resource(d, "aws_batch_compute_environment")["name"], NAME_128),
    ("name-one-digit", environment(managed=False, compute_environment_name="0"), lambda d: one_resource(d, "aws_batch_compute_environment")["name"], "0"),
    ("update-policy-absent-by-default", ce(), lambda d: "update_policy" in one_resource(d, "aws_batch_compute_environment"), False),
    ("update-timeout-1-minute", environment(compute_resources=batch.ComputeResources(vpc=VPC), update_timeout=datetime.timedelta(minutes=1), terminate_on_update=False), lambda d: one_resource(d, "aws_batch_compute_environment")["update_policy"], {"job_execution_timeout_minutes": 1, "terminate_jobs_on_update": False}),
    ("update-timeout-360-minutes", environment(compute_resources=batch.ComputeResources(vpc=VPC), update_timeout=datetime.timedelta(hours=6), terminate_on_update=False), lambda d: one_resource(d, "aws_batch_compute_environment")["update_policy"], {"job_execution_timeout_minutes": 360, "terminate_jobs_on_update": False}),
    ("vpc-cidr-16", lambda stack: batch.Vpc(stack, "V", cidr="10.0.0.0/16"), lambda d: one_resource(d, "aws_vpc")["cidr_block"], "10.0.0.0/16"),
    ("vpc-cidr-24", lambda stack: batch.Vpc(stack, "V", cidr="10.0.0.0/24"), lambda d: one_resource(d, "aws_vpc")["cidr_block"], "10.0.0.0/24"),
    ("vpc-1-az", lambda stack: batch.Vpc(stack, "V", max_azs=1), lambda d: len(d["resource"]["aws_subnet"]), 2),
    ("vpc-6-azs-6-nats", lambda stack: batch.Vpc(stack, "V", max_azs=6, nat_gateways=6), lambda d: (len(d["resource"]["aws_subnet"]), len(d["resource"]["aws_nat_gateway"])), (12, 6)),
    ("queue-priority-0", queue(priority=0), lambda d: one_resource(d, "aws_batch_job_queue")["priority"], 0),
    ("queue-priority-1000", queue(priority=1000), lambda d: one_resource(d, "aws_batch_job_queue")["priority"], 1000),
    ("queue-order-0", lambda stack: batch.JobQueue(stack, "Q", compute_environments=[entry(stack, 0)]), lambda d: one_resource(d, "aws_batch_job_queue")["compute_environment_order"][0]["order"], 0),
    ("queue-three-environments", lambda stack: batch.JobQueue(stack, "Q", compute_environments=[entry(stack, i, f"E{i}") for i in range(3)]), lambda d: [o["order"] for o in one_resource(d, "aws_batch_job_queue")["compute_environment_order"]], [0, 1, 2]),
    ("queue-name-128", queue(job_queue_name=NAME_128), lambda d: one_resource(d, "aws_batch_job_queue")["name"], NAME_128),
    ("time-limit-10-minutes", time_limit(600), lambda d: one_resource(d, "aws_batch_job_queue")["job_state_time_limit_action"][0]["max_time_seconds"], 600),
    ("time-limit-24-hours", time_limit(86400), lambda d: one_resource(d, "aws_batch_job_queue")["job_state_time_limit_action"][0]["max_time_seconds"], 86400),
    ("share-weight-lowest", policy(shares=[batch.Share(share_identifier="a", weight_factor=0.0001)]), lambda d: one_resource(d, "aws_batch_scheduling_policy")["fair_share_policy"]["share_distribution"][0]["weight_factor"], 0.0001),
    ("share-weight-highest", policy(shares=[batch.Share(share_identifier="a", weight_factor=999.9999)]), lambda d: one_resource(d, "aws_batch_scheduling_policy")["fair_share_policy"]["share_distribution"][0]["weight_factor"], 999.9999),
    ("share-identifier-255", policy(shares=[batch.Share(share_identifier="a" * 255)]), lambda d: one_resource(d, "aws_batch_scheduling_policy")["fair_share_policy"]["share_distribution"][0]["share_identifier"], "a" * 255),
    ("share-identifier-prefix", policy(shares=[batch.Share(share_identifier="team*")]), lambda d: one_resource(d, "aws_batch_scheduling_policy")["fair_share_policy"]["share_distribution"][0]["share_identifier"], "team*"),
    ("policy-500-shares", policy(shares=[batch.Share(share_identifier=f"s{i}") for i in range(500)]), lambda d: len(one_resource(d, "aws_batch_scheduling_policy")["fair_share_policy"]["share_distribution"]), 500),
    ("policy-decay-0", policy(share_decay=datetime.timedelta(0)), lambda d: one_resource(d, "aws_batch_scheduling_policy")["fair_share_policy"]["share_decay_seconds"], 0),
    ("policy-decay-7-days", policy(share_decay=datetime.timedelta(days=7)), lambda d: one_resource(d, "aws_batch_scheduling_policy")["fair_share_policy"]["share_decay_seconds"], 604800),
    ("policy-reservation-0", policy(compute_reservation=0), lambda d: one_resource(d, "aws_batch_scheduling_policy")["fair_share_policy"]["compute_reservation"], 0),
    ("policy-reservation-99", policy(compute_reservation=99), lambda d: one_resource(d, "aws_batch_scheduling_policy")["fair_share_policy"]["compute_reservation"], 99),
    ("jd-retry-1", jd(retry_attempts=1), lambda d: one_resource(d, "aws_batch_job_definition")["retry_strategy"]["attempts"], 1),
    ("jd-retry-10", jd(retry_attempts=10), lambda d: one_resource(d, "aws_batch_job_definition")["retry_strategy"]["attempts"], 10),
    ("jd-five-strategies", jd(retry_attempts=2, retry_strategies=[batch.RetryStrategy(action=batch.Action.EXIT, on_exit_code=str(i)) for i in range(5)]), lambda d: len(one_resource(d, "aws_batch_job_definition")["retry_strategy"]["evaluate_on_exit"]), 5),
    ("retry-status-reason-512", jd(retry_attempts=2, retry_strategies=[batch.RetryStrategy(action=batch.Action.EXIT, on_status_reason="a" * 512)]), lambda d: one_resource(d, "aws_batch_job_definition")["retry_strategy"]["evaluate_on_exit"][0]["on_status_reason"], "a" * 512),
    ("jd-timeout-60", jd(timeout=datetime.timedelta(seconds=60)), lambda d: one_resource(d, "aws_batch_job_definition")["timeout"], {"attempt_duration_seconds": 60}),
    ("jd-priority-0", jd(scheduling_priority=0), lambda d: one_resource(d, "aws_batch_job_definition")["scheduling_priority"], 0),
    ("jd-priority-9999", jd(scheduling_priority=9999), lambda d: one_resource(d, "aws_batch_job_definition")["scheduling_priority"], 9999),
    ("jd-name-128", jd(job_definition_name=NAME_128), lambda d: one_resource(d, "aws_batch_job_definition")["name"], NAME_128),
    ("mnp-count-1", multinode(1), lambda d: (nodes(d)["numNodes"], nodes(d)["mainNode"]), (1, 0)),
    ("mnp-count-1000", multinode(1000, main_node=999, to_node_index=999), lambda d: (nodes(d)["numNodes"], nodes(d)["mainNode"], nodes(d)["nodeRangeProperties"][0]["targetNodes"]), (1000, 999, "0:999")),
    ("c-ec2-vcpus-1-memory-4", jd(vcpus=1, memory_limit_mib=4), requirements, ["1", "4"]),
    ("c-gpu-1", jd(gpu_count=1), requirements, ["1", "4", "1"]),
    ("c-fargate-vcpus-quarter", fargate(vcpus=0.25), requirements, ["0.25", "512"]),
    ("c-ephemeral-21", fargate(ephemeral_storage_size_gib=21), lambda d: container(d)["ephemeralStorage"], {"sizeInGiB": 21}),
    ("c-ephemeral-200", fargate(ephemeral_storage_size_gib=200), lambda d: container(d)["ephemeralStorage"], {"sizeInGiB": 200}),
    ("linux-swappiness-0", jd(linux_params=batch.LinuxParameters(max_swap=0, swappiness=0)), lambda d: container(d)["linuxParameters"], {"maxSwap": 0, "swappiness": 0}),
    ("linux-swappiness-100", jd(linux_params=batch.LinuxParameters(max_swap=1, swappiness=100)), lambda d: container(d)["linuxParameters"], {"maxSwap": 1, "swappiness": 100}),
    ("tmpfs-size-1", jd(linux_params=batch.LinuxParameters(tmpfs=[batch.Tmpfs(container_path="/t", size=1)])), lambda d: container(d)["linuxParameters"]["tmpfs"], [{"containerPath": "/t", "size": 1}]),
    ("ulimit-soft-equals-hard", jd(ulimits=[batch.Ulimit(name=batch.UlimitName.NOFILE, soft_limit=7, hard_limit=7)]), lambda d: container(d)["ulimits"], [{"hardLimit": 7, "name": "nofile", "softLimit": 7}]),
    ("efs-port-1", jd(volumes=[batch.Volume(name="v", efs_volume_configuration=batch.EfsVolumeConfiguration(file_system_id=EFS, transit_encryption=True, transit_encryption_port=1))]), lambda d: container(d)["volumes"][0]["efsVolumeConfiguration"]["transitEncryptionPort"], 1),
    ("efs-port-65535", jd(volumes=[batch.Volume(name="v", efs_volume_configuration=batch.EfsVolumeConfiguration(file_system_id=EFS, transit_encryption=True, transit_encryption_port=65535))]), lambda d: container(d)["volumes"][0]["efsVolumeConfiguration"]["transitEncryptionPort"], 65535),
    *[
        (f"fargate-{vcpus}-vcpus-{memory}", fargate(vcpus=vcpus, memory_limit_mib=memory), requirements, [f"{vcpus:g}", str(memory)])
        for vcpus, lowest, highest in FARGATE_RANGES
        for memory in (lowest, highest)
    ],
    *[
        (f"fargate-{vcpus}-vcpus-default-memory", fargate(vcpus=vcpus), requirements, [f"{vcpus:g}", str(lowest)])
        for vcpus, lowest, _ in FARGATE_RANGES
    ],
]
# fmt: on


@pytest.mark.parametrize(
    ("build", "read", "expected"), [case[1:] for case in BOUNDARIES], ids=[case[0] for case in BOUNDARIES]
)
def test_boundary_is_accepted(
    build: Callable[[TerraformStack], Any], read: Callable[[dict[str, Any]], Any], expected: Any
) -> None:
    stack = new_stack()
    build(stack)
    assert read(synth_stack(stack)) == expected


def test_boundary_ids_are_unique() -> None:
    ids = [case[0] for case in BOUNDARIES]
    assert len(ids) == len(set(ids))
