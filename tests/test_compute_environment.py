"""ComputeEnvironment: every seed example, the implicit resources, and the rules."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from typing import Any

import pytest

import cdktf_batch as batch
from tests.conftest import VPC, data_sources, new_stack, one, resources, synth
from tests.engine import TerraformOutput, TerraformStack, TerraformVariable, aws

ARN = "arn:aws:batch:us-east-1:555555555555:compute-environment/My-Compute-Env"


def environments(doc: dict[str, Any]) -> dict[str, Any]:
    return resources(doc, "aws_batch_compute_environment")


def build_env(**compute_resources: Any) -> Any:
    def build(stack: TerraformStack) -> None:
        vpc = batch.Vpc(stack, "VPC")
        batch.ComputeEnvironment(stack, "Env", compute_resources=batch.ComputeResources(vpc=vpc, **compute_resources))

    return build


class TestSeedExamples:
    def test_managed_environment_defaults(self) -> None:
        # given / when
        doc = synth(build_env())
        env = one(environments(doc))
        # then: a managed, enabled EC2 environment on the VPC's private subnets
        assert env["type"] == "MANAGED"
        assert env["state"] == "ENABLED"
        resources_block = env["compute_resources"]
        assert resources_block["type"] == "EC2"
        assert resources_block["allocation_strategy"] == "BEST_FIT_PROGRESSIVE"
        assert resources_block["instance_type"] == ["optimal"]
        assert resources_block["max_vcpus"] == 256
        assert resources_block["min_vcpus"] == 0
        assert "desired_vcpus" not in resources_block
        private = {f"${{aws_subnet.{name}.id}}" for name in resources(doc, "aws_subnet") if "PrivateSubnet" in name}
        assert set(resources_block["subnets"]) == private and len(private) == 2
        # the service-linked role: no service_role argument at all
        assert "service_role" not in env
        # a generated prefix and create_before_destroy, so replacement does not wedge queues
        assert env["name_prefix"].startswith("test-Env-") and env["name_prefix"].endswith("-")
        assert "name" not in env
        assert env["lifecycle"] == {"create_before_destroy": True}

    def test_unmanaged_environment(self) -> None:
        doc = synth(lambda stack: batch.ComputeEnvironment(stack, "Customer-Managed-Compute-Env", managed=False))
        env = one(environments(doc))
        assert env["type"] == "UNMANAGED"
        assert "compute_resources" not in env
        assert "aws_iam_role" not in doc.get("resource", {})

    def test_spot_environment_with_bid(self) -> None:
        doc = synth(build_env(type=batch.ComputeResourceType.SPOT, bid_percentage=75))
        block = one(environments(doc))["compute_resources"]
        assert block["type"] == "SPOT"
        assert block["bid_percentage"] == 75
        assert block["allocation_strategy"] == "SPOT_PRICE_CAPACITY_OPTIMIZED"
        # no Spot Fleet role outside BEST_FIT
        assert "spot_iam_fleet_role" not in block
        assert len(resources(doc, "aws_iam_role")) == 1

    @pytest.mark.parametrize("kind", [batch.ComputeResourceType.FARGATE, batch.ComputeResourceType.FARGATE_SPOT])
    def test_fargate_environment(self, kind: batch.ComputeResourceType) -> None:
        doc = synth(build_env(type=kind))
        block = one(environments(doc))["compute_resources"]
        assert block["type"] == kind.value
        assert set(block) == {"type", "max_vcpus", "subnets", "security_group_ids"}
        # no instance role or profile for Fargate
        assert not resources(doc, "aws_iam_role")
        assert not resources(doc, "aws_iam_instance_profile")

    def test_launch_template_by_name(self) -> None:
        def build(stack: TerraformStack) -> None:
            template = aws.launch_template.LaunchTemplate(stack, "LaunchTemplate", name="extra-storage-template")
            batch.ComputeEnvironment(
                stack,
                "ComputeEnv",
                compute_resources=batch.ComputeResources(
                    launch_template=batch.LaunchTemplateSpecification(launch_template_name=template.name),
                    vpc=batch.Vpc(stack, "VPC"),
                ),
                compute_environment_name="MyStorageCapableComputeEnvironment",
            )

        doc = synth(build)
        env = one(environments(doc))
        assert env["name"] == "MyStorageCapableComputeEnvironment"
        assert "name_prefix" not in env
        # an explicit name cannot coexist with its replacement
        assert "lifecycle" not in env
        template_id = one(resources(doc, "aws_launch_template")) and next(iter(resources(doc, "aws_launch_template")))
        assert env["compute_resources"]["launch_template"] == {
            "launch_template_name": f"${{aws_launch_template.{template_id}.name}}"
        }

    def test_launch_template_by_id_with_version(self) -> None:
        doc = synth(
            build_env(
                launch_template=batch.LaunchTemplateSpecification(
                    launch_template_id="lt-0123456789abcdef0", version="$Latest"
                )
            )
        )
        assert one(environments(doc))["compute_resources"]["launch_template"] == {
            "launch_template_id": "lt-0123456789abcdef0",
            "version": "$Latest",
        }

    def test_import_by_arn(self) -> None:
        imported: list[Any] = []

        def build(stack: TerraformStack) -> None:
            imported.append(batch.ComputeEnvironment.from_compute_environment_arn(stack, "imported-compute-env", ARN))

        doc = synth(build)
        lookup = one(data_sources(doc, "aws_batch_compute_environment"))
        assert lookup == {"name": "My-Compute-Env"}
        environment = imported[0]
        assert isinstance(environment, batch.IComputeEnvironment)
        assert environment.compute_environment_arn.startswith("${TfToken[")
        assert environment.compute_resource_type is None
        assert not environments(doc)

    def test_import_by_arn_in_a_region(self) -> None:
        """The lookup goes to the given region; the imported environment is a scope like any other."""

        def build(stack: TerraformStack) -> None:
            imported = batch.ComputeEnvironment.from_compute_environment_arn(stack, "Imported", ARN, region="eu-west-1")
            batch.LogGroup(imported, "Logs")

        doc = synth(build)
        assert data_sources(doc, "aws_batch_compute_environment") == {
            "Imported_4F5B38B1": {"name": "My-Compute-Env", "region": "eu-west-1"}
        }
        assert one(resources(doc, "aws_cloudwatch_log_group"))["name"] == "/aws/batch/test-Imported-Logs-8bb19c17"

    def test_import_by_token_arn_splits_with_terraform(self) -> None:
        def build(stack: TerraformStack) -> None:
            arn = TerraformVariable(stack, "environment_arn", type="string")
            batch.ComputeEnvironment.from_compute_environment_arn(stack, "Imported", arn.string_value)

        doc = synth(build)
        assert one(data_sources(doc, "aws_batch_compute_environment")) == {
            "name": '${element(split("/", var.environment_arn), 1)}'
        }

    def test_ecs_optimized_amazon_linux_2(self) -> None:
        doc = synth(build_env(image=batch.EcsOptimizedAmi(generation=batch.AmazonLinuxGeneration.AMAZON_LINUX_2)))
        parameter_id, parameter = next(iter(data_sources(doc, "aws_ssm_parameter").items()))
        assert parameter == {"name": "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id"}
        assert one(environments(doc))["compute_resources"]["ec2_configuration"] == [
            {
                "image_type": "ECS_AL2",
                "image_id_override": f"${{data.aws_ssm_parameter.{parameter_id}.insecure_value}}",
            }
        ]

    def test_custom_ami_resolved_against_stack_region(self) -> None:
        doc = synth(
            build_env(image=batch.MachineImage.generic_linux({"eu-west-1": "ami-1", "us-east-1": "ami-2"})),
            region="us-east-1",
        )
        assert one(environments(doc))["compute_resources"]["ec2_configuration"] == [
            {"image_type": "ECS_AL2023", "image_id_override": "ami-2"}
        ]


class TestImplicitResources:
    def test_security_group_is_egress_only_in_the_vpc(self) -> None:
        doc = synth(build_env())
        group_id, group = next(iter(resources(doc, "aws_security_group").items()))
        vpc_id = next(iter(resources(doc, "aws_vpc")))
        assert group == {
            "description": "AWS Batch compute environment test/Env",
            # a generated name: the replacement group exists before the old one goes
            "lifecycle": {"create_before_destroy": True},
            "name_prefix": "test-Env-af86bcfe-",
            "vpc_id": f"${{aws_vpc.{vpc_id}.id}}",
        }
        assert not resources(doc, "aws_vpc_security_group_ingress_rule")
        assert one(resources(doc, "aws_vpc_security_group_egress_rule")) == {
            "cidr_ipv4": "0.0.0.0/0",
            "description": "Jobs reach AWS APIs, container registries and the internet",
            "ip_protocol": "-1",
            "security_group_id": f"${{aws_security_group.{group_id}.id}}",
        }
        assert one(environments(doc))["compute_resources"]["security_group_ids"] == [
            f"${{aws_security_group.{group_id}.id}}"
        ]

    def test_given_security_groups_are_used(self) -> None:
        def build(stack: TerraformStack) -> None:
            vpc = batch.Vpc(stack, "VPC")
            group = aws.security_group.SecurityGroup(stack, "Mine", vpc_id=vpc.vpc_id, description="mine")
            batch.ComputeEnvironment(
                stack,
                "Env",
                compute_resources=batch.ComputeResources(vpc=vpc, security_groups=[group, "sg-0123456789abcdef0"]),
            )

        doc = synth(build)
        assert one(environments(doc))["compute_resources"]["security_group_ids"] == [
            "${aws_security_group.Mine.id}",
            "sg-0123456789abcdef0",
        ]
        assert len(resources(doc, "aws_security_group")) == 1

    def test_instance_role_profile_and_dependency(self) -> None:
        doc = synth(build_env())
        role_id, role = next(iter(resources(doc, "aws_iam_role").items()))
        trust = json.loads(role["assume_role_policy"])
        assert trust["Statement"] == [
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ]
        attachment_id, attachment = next(iter(resources(doc, "aws_iam_role_policy_attachment").items()))
        assert attachment["role"] == f"${{aws_iam_role.{role_id}.name}}"
        partition = next(iter(data_sources(doc, "aws_partition")))
        assert attachment["policy_arn"] == (
            f"arn:${{data.aws_partition.{partition}.partition}}:iam::aws:policy/service-role/"
            "AmazonEC2ContainerServiceforEC2Role"
        )
        profile_id, profile = next(iter(resources(doc, "aws_iam_instance_profile").items()))
        assert profile["role"] == f"${{aws_iam_role.{role_id}.name}}"
        env = one(environments(doc))
        assert env["compute_resources"]["instance_role"] == f"${{aws_iam_instance_profile.{profile_id}.arn}}"
        assert env["depends_on"] == [f"aws_iam_role_policy_attachment.{attachment_id}"]

    def test_roles_are_exposed(self) -> None:
        created: list[batch.ComputeEnvironment] = []

        def build(stack: TerraformStack) -> None:
            created.append(
                batch.ComputeEnvironment(
                    stack,
                    "Env",
                    compute_resources=batch.ComputeResources(
                        vpc=batch.Vpc(stack, "VPC"),
                        type=batch.ComputeResourceType.SPOT,
                        allocation_strategy=batch.AllocationStrategy.BEST_FIT,
                    ),
                )
            )

        synth(build)
        environment = created[0]
        assert environment.instance_role is not None and environment.instance_profile is not None
        assert environment.spot_fleet_role is not None and environment.security_group is not None
        assert environment.instance_role.role_arn.startswith("${TfToken[")

    def test_spot_best_fit_gets_a_spot_fleet_role(self) -> None:
        doc = synth(
            build_env(type=batch.ComputeResourceType.SPOT, allocation_strategy=batch.AllocationStrategy.BEST_FIT)
        )
        roles = resources(doc, "aws_iam_role")
        spot = {name: role for name, role in roles.items() if "spotfleet.amazonaws.com" in role["assume_role_policy"]}
        spot_id = one(spot) and next(iter(spot))
        env = one(environments(doc))
        assert env["compute_resources"]["spot_iam_fleet_role"] == f"${{aws_iam_role.{spot_id}.arn}}"
        policies = [a["policy_arn"] for a in resources(doc, "aws_iam_role_policy_attachment").values()]
        assert any(p.endswith("service-role/AmazonEC2SpotFleetTaggingRole") for p in policies)
        assert len(env["depends_on"]) == 2

    def test_given_instance_profile_and_spot_fleet_role_are_used(self) -> None:
        profile = "arn:aws:iam::123456789012:instance-profile/batch"
        fleet = "arn:aws:iam::123456789012:role/fleet"
        doc = synth(
            build_env(
                type=batch.ComputeResourceType.SPOT,
                allocation_strategy=batch.AllocationStrategy.BEST_FIT,
                instance_role=profile,
                spot_fleet_role=fleet,
            )
        )
        block = one(environments(doc))["compute_resources"]
        assert block["instance_role"] == profile
        assert block["spot_iam_fleet_role"] == fleet
        assert not resources(doc, "aws_iam_role")
        assert "depends_on" not in one(environments(doc))

    def test_instance_profile_by_name_is_looked_up(self) -> None:
        doc = synth(build_env(instance_role="my-profile"))
        lookup_id, lookup = next(iter(data_sources(doc, "aws_iam_instance_profile").items()))
        assert lookup == {"name": "my-profile"}
        assert one(environments(doc))["compute_resources"]["instance_role"] == (
            f"${{data.aws_iam_instance_profile.{lookup_id}.arn}}"
        )

    def test_custom_service_role(self) -> None:
        def build(stack: TerraformStack) -> None:
            role = aws.iam_role.IamRole(
                stack, "ServiceRole", assume_role_policy=batch.iam.trust_policy("batch.amazonaws.com")
            )
            batch.ComputeEnvironment(stack, "Env", managed=False, service_role=role)

        doc = synth(build)
        assert one(environments(doc))["service_role"] == "${aws_iam_role.ServiceRole.arn}"

    def test_roles_and_group_carry_the_environment_tags(self) -> None:
        def build(stack: TerraformStack) -> None:
            batch.ComputeEnvironment(
                stack,
                "Env",
                compute_resources=batch.ComputeResources(vpc=batch.Vpc(stack, "VPC")),
                tags={"team": "a"},
            )

        doc = synth(build)
        assert one(environments(doc))["tags"] == {"team": "a"}
        assert one(resources(doc, "aws_iam_role"))["tags"] == {"team": "a"}
        assert one(resources(doc, "aws_security_group"))["tags"] == {"team": "a"}


class TestArguments:
    def test_everything_for_ec2(self) -> None:
        doc = synth(
            build_env(
                allocation_strategy=batch.AllocationStrategy.BEST_FIT,
                instance_types=["m5.large", "c5"],
                minv_cpus=2,
                desiredv_cpus=4,
                maxv_cpus=32,
                ec2_key_pair="ops",
                placement_group="cluster-1",
                compute_resources_tags={"Name": "batch-worker"},
            )
        )
        env = one(environments(doc))
        block = env["compute_resources"]
        assert block["allocation_strategy"] == "BEST_FIT"
        assert block["instance_type"] == ["m5.large", "c5"]
        assert (block["min_vcpus"], block["desired_vcpus"], block["max_vcpus"]) == (2, 4, 32)
        assert block["ec2_key_pair"] == "ops"
        assert block["placement_group"] == "cluster-1"
        assert block["tags"] == {"Name": "batch-worker"}
        # Batch scales desired vCPUs itself; the given value is only the initial one
        assert env["lifecycle"]["ignore_changes"] == ["compute_resources[0].desired_vcpus"]

    def test_disabled_and_update_policy(self) -> None:
        def build(stack: TerraformStack) -> None:
            batch.ComputeEnvironment(
                stack,
                "Env",
                compute_resources=batch.ComputeResources(vpc=batch.Vpc(stack, "VPC")),
                enabled=False,
                terminate_on_update=True,
                update_timeout=datetime.timedelta(hours=2),
            )

        env = one(environments(synth(build)))
        assert env["state"] == "DISABLED"
        assert env["update_policy"] == {"terminate_jobs_on_update": True, "job_execution_timeout_minutes": 120}

    def test_update_policy_given_in_part_gets_aws_defaults_for_the_rest(self) -> None:
        # Provider 5.x requires both members of update_policy (terraform validate refused the
        # block with only the timeout); AWS's defaults are 30 minutes and no termination.
        def build(**kwargs: Any) -> Callable[[TerraformStack], None]:
            return lambda stack: batch.ComputeEnvironment(
                stack, "Env", compute_resources=batch.ComputeResources(vpc=VPC), **kwargs
            )

        timeout_only = one(environments(synth(build(update_timeout=datetime.timedelta(minutes=45)))))
        assert timeout_only["update_policy"] == {"terminate_jobs_on_update": False, "job_execution_timeout_minutes": 45}
        terminate_only = one(environments(synth(build(terminate_on_update=True))))
        assert terminate_only["update_policy"] == {
            "terminate_jobs_on_update": True,
            "job_execution_timeout_minutes": 30,
        }
        neither = one(environments(synth(build())))
        assert "update_policy" not in neither

    def test_ec2_is_an_alias_of_on_demand(self) -> None:
        assert batch.ComputeResourceType.EC2 is batch.ComputeResourceType.ON_DEMAND
        assert batch.ComputeResourceType.ON_DEMAND.value == "EC2"

    def test_strings_are_accepted_for_enums(self) -> None:
        resources_ = batch.ComputeResources(
            vpc=VPC,
            type="SPOT",  # type: ignore[arg-type]
            allocation_strategy="SPOT_CAPACITY_OPTIMIZED",  # type: ignore[arg-type]
        )
        assert resources_.type is batch.ComputeResourceType.SPOT
        assert resources_.allocation_strategy is batch.AllocationStrategy.SPOT_CAPACITY_OPTIMIZED

    def test_tokens_are_never_rejected(self) -> None:
        def build(stack: TerraformStack) -> None:
            number = TerraformVariable(stack, "n", type="number").number_value
            text = TerraformVariable(stack, "s", type="string").string_value
            batch.ComputeEnvironment(
                stack,
                "Env",
                compute_resources=batch.ComputeResources(
                    vpc=batch.Vpc(stack, "VPC"),
                    type=batch.ComputeResourceType.SPOT,
                    bid_percentage=number,
                    minv_cpus=number,
                    maxv_cpus=number,
                    desiredv_cpus=number,
                    ec2_key_pair=text,
                    launch_template=batch.LaunchTemplateSpecification(launch_template_id=text, version=text),
                ),
                compute_environment_name=text,
            )

        env = one(environments(synth(build)))
        assert env["name"] == "${var.s}"
        assert env["compute_resources"]["bid_percentage"] == "${var.n}"
        assert env["compute_resources"]["launch_template"] == {"launch_template_id": "${var.s}", "version": "${var.s}"}

    def test_attributes(self) -> None:
        created: list[batch.ComputeEnvironment] = []

        def build(stack: TerraformStack) -> None:
            environment = batch.ComputeEnvironment(
                stack, "Env", compute_resources=batch.ComputeResources(vpc=batch.Vpc(stack, "VPC"))
            )
            created.append(environment)
            TerraformOutput(stack, "arn", value=environment.compute_environment_arn)
            TerraformOutput(stack, "name", value=environment.compute_environment_name)

        doc = synth(build)
        environment = created[0]
        assert isinstance(environment.resource, aws.batch_compute_environment.BatchComputeEnvironment)
        assert isinstance(environment, batch.IComputeEnvironment)
        assert environment.compute_resource_type is batch.ComputeResourceType.ON_DEMAND
        env_id = next(iter(environments(doc)))
        assert doc["output"]["arn"]["value"] == f"${{aws_batch_compute_environment.{env_id}.arn}}"
        assert doc["output"]["name"]["value"] == f"${{aws_batch_compute_environment.{env_id}.name}}"

    def test_generated_names_are_stable_and_valid(self) -> None:
        docs = [synth(build_env(), validate=False) for _ in range(2)]
        names = [one(environments(doc))["name_prefix"] for doc in docs]
        assert names[0] == names[1]
        assert names[0] == "test-Env-af86bcfe-"  # Terraform appends 26 characters

    def test_generated_names_of_a_long_id_fit_what_aws_allows(self) -> None:
        # Terraform appends 26 characters to a name_prefix: the environment's name takes 128
        # characters, the instance profile's (Batch) 64 and the security group's 255.
        doc = synth(
            lambda stack: batch.ComputeEnvironment(
                stack, "Env" + "a" * 247, compute_resources=batch.ComputeResources(vpc=VPC)
            )
        )
        environment = one(environments(doc))["name_prefix"]
        profile = one(resources(doc, "aws_iam_instance_profile"))["name_prefix"]
        group = one(resources(doc, "aws_security_group"))["name_prefix"]
        assert environment == "test-Env" + "a" * 38 + "-" + "a" * 45 + "-4df639a4-"
        assert profile == "test-Env" + "a" * 6 + "-" + "a" * 13 + "-4df639a4-"
        assert group == "test-Env" + "a" * 87 + "-" + "a" * 95 + "-4df639a4-"
        assert (len(environment), len(profile), len(group)) == (102, 38, 201)
        # A security group's description takes 255 characters: the path loses its middle
        description = one(resources(doc, "aws_security_group"))["description"]
        assert description == "AWS Batch compute environment test/Env" + "a" * 103 + "..." + "a" * 111

    def test_a_given_name_with_desired_vcpus_only_ignores_their_changes(self) -> None:
        # create_before_destroy comes with a generated name only: a given name cannot exist twice
        doc = synth(
            lambda stack: batch.ComputeEnvironment(
                stack,
                "Env",
                compute_environment_name="named",
                compute_resources=batch.ComputeResources(vpc=VPC, desiredv_cpus=4),
            )
        )
        env = one(environments(doc))
        assert env["name"] == "named"
        assert env["lifecycle"] == {"ignore_changes": ["compute_resources[0].desired_vcpus"]}

    def test_fargate_subnets_are_counted_when_some_are_tokens(self) -> None:
        def build(ids: Callable[[TerraformStack], list[str]]) -> Callable[[TerraformStack], None]:
            return lambda stack: batch.ComputeEnvironment(
                stack,
                "Env",
                compute_resources=batch.ComputeResources(
                    vpc=VPC,
                    type=batch.ComputeResourceType.FARGATE,
                    vpc_subnets=batch.SubnetSelection(subnet_ids=ids(stack)),
                ),
            )

        def seventeen(stack: TerraformStack) -> list[str]:
            last = TerraformVariable(stack, "last", type="string").string_value
            return [f"subnet-{i}" for i in range(16)] + [last]

        with pytest.raises(batch.ValidationError) as raised:
            build(seventeen)(new_stack())
        assert str(raised.value) == (
            "compute_resources.vpc_subnets: Fargate environments take at most 16 subnets, got 17"
        )
        # a list token's length is known only at plan: it passes
        as_variable = build(lambda stack: TerraformVariable(stack, "subnets", type="list(string)").list_value)
        assert one(environments(synth(as_variable)))["compute_resources"]["subnets"] == "${var.subnets}"
        # the limit is Fargate's: an EC2 environment takes more
        ec2 = synth(
            lambda stack: batch.ComputeEnvironment(
                stack,
                "Env",
                compute_resources=batch.ComputeResources(
                    vpc=VPC, vpc_subnets=batch.SubnetSelection(subnet_ids=[f"subnet-{i}" for i in range(17)])
                ),
            )
        )
        assert len(one(environments(ec2))["compute_resources"]["subnets"]) == 17

    def test_a_placement_group_resource_gives_its_name(self) -> None:
        def build(stack: TerraformStack) -> None:
            group = aws.placement_group.PlacementGroup(stack, "Group", name="cluster-1", strategy="cluster")
            batch.ComputeEnvironment(
                stack, "Env", compute_resources=batch.ComputeResources(vpc=VPC, placement_group=group)
            )

        block = one(environments(synth(build)))["compute_resources"]
        assert block["placement_group"] == "${aws_placement_group.Group.name}"

    def test_update_timeout_alone_on_an_unmanaged_environment_is_refused(self) -> None:
        with pytest.raises(batch.ValidationError) as raised:
            batch.ComputeEnvironment(new_stack(), "Env", managed=False, update_timeout=datetime.timedelta(minutes=5))
        assert str(raised.value) == (
            "update_timeout: applies to managed compute environments only, got datetime.timedelta(seconds=300)"
        )

    def test_flags_and_what_was_not_created_are_exposed(self) -> None:
        stack = new_stack()
        fargate = batch.ComputeEnvironment(
            stack,
            "Fargate",
            enabled=False,
            compute_resources=batch.ComputeResources(
                vpc=VPC, type=batch.ComputeResourceType.FARGATE, security_groups=["sg-1"]
            ),
        )
        assert (fargate.managed, fargate.enabled) == (True, False)
        # given security groups, and Fargate: no group, roles or instance profile of its own
        assert fargate.security_group is None
        assert fargate.instance_role is None
        assert fargate.instance_profile is None
        assert fargate.spot_fleet_role is None
        ec2 = batch.ComputeEnvironment(stack, "Ec2", compute_resources=batch.ComputeResources(vpc=VPC))
        assert ec2.spot_fleet_role is None  # on-demand: no Spot Fleet role
        unmanaged = batch.ComputeEnvironment(stack, "Unmanaged", managed=False)
        assert (unmanaged.managed, unmanaged.enabled) == (False, True)


# Every ComputeResources field, and the key of the provider's compute_resources block it
# reaches. A new field fails this test until it is rendered and listed here.
FIELD_KEYS = {
    "vpc": "subnets",
    "type": "type",
    "vpc_subnets": "subnets",
    "security_groups": "security_group_ids",
    "allocation_strategy": "allocation_strategy",
    "bid_percentage": "bid_percentage",
    "launch_template": "launch_template",
    "image": "ec2_configuration",
    "images": "ec2_configuration",  # instead of image (tests/test_compute_images.py)
    "instance_types": "instance_type",
    "minv_cpus": "min_vcpus",
    "maxv_cpus": "max_vcpus",
    "desiredv_cpus": "desired_vcpus",
    "instance_role": "instance_role",
    "spot_fleet_role": "spot_iam_fleet_role",
    "ec2_key_pair": "ec2_key_pair",
    "placement_group": "placement_group",
    "compute_resources_tags": "tags",
}


def test_every_compute_resources_field_is_rendered() -> None:
    import dataclasses

    assert {field.name for field in dataclasses.fields(batch.ComputeResources)} == set(FIELD_KEYS)
    vpc = batch.Vpc.from_attributes(vpc_id="vpc-1", private_subnet_ids=["subnet-1"], public_subnet_ids=["subnet-2"])
    given = batch.ComputeResources(
        vpc=vpc,
        type=batch.ComputeResourceType.SPOT,
        vpc_subnets=batch.SubnetSelection(subnet_type=batch.SubnetType.PUBLIC),
        security_groups=["sg-1"],
        allocation_strategy=batch.AllocationStrategy.BEST_FIT,
        bid_percentage=60,
        launch_template=batch.LaunchTemplateSpecification(launch_template_name="lt-name", version="2"),
        image=batch.MachineImage.generic_linux({"us-east-1": "ami-12345678"}),
        instance_types=["m5.large"],
        minv_cpus=1,
        maxv_cpus=8,
        desiredv_cpus=2,
        instance_role="arn:aws:iam::123456789012:instance-profile/p",
        spot_fleet_role="arn:aws:iam::123456789012:role/fleet",
        ec2_key_pair="key",
        placement_group="group",
        compute_resources_tags={"team": "a"},
    )
    doc = synth(lambda stack: batch.ComputeEnvironment(stack, "Env", compute_resources=given), validate=False)
    block = one(environments(doc))["compute_resources"]
    assert set(block) == set(FIELD_KEYS.values())
    assert block["subnets"] == ["subnet-2"]
    assert block["security_group_ids"] == ["sg-1"]
    assert block["launch_template"] == {"launch_template_name": "lt-name", "version": "2"}
    assert block["spot_iam_fleet_role"] == "arn:aws:iam::123456789012:role/fleet"
    assert block["tags"] == {"team": "a"}


def test_a_launch_template_version_number_may_be_an_int() -> None:
    spec = batch.LaunchTemplateSpecification(launch_template_name="abc", version=2)  # type: ignore[arg-type]
    assert spec.version == "2"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"launch_template_id": "template"},
            "launch_template.launch_template_id: must be a launch template id such as lt-0123456789abcdef0,"
            " got 'template'",
        ),
        (
            {"launch_template_name": "ab"},
            "launch_template.launch_template_name: must be 3-128 letters, digits or ( ) . - / _, got 'ab'",
        ),
        (
            {"launch_template_name": "abc", "version": "latest"},
            "launch_template.version: must be $Default, $Latest or a version number, got 'latest'",
        ),
        ({"launch_template_name": "abc", "version": True}, "launch_template.version: must be a string, got True"),
        (
            {"launch_template_name": "abc", "version": 0},
            "launch_template.version: must be $Default, $Latest or a version number, got '0'",
        ),
    ],
    ids=["id", "name", "version", "version-bool", "version-zero"],
)
def test_launch_template_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(batch.ValidationError) as raised:
        batch.LaunchTemplateSpecification(**kwargs)
    assert str(raised.value) == message


# Exact messages of tests/test_validation.py's compute environment and VPC cases (by case id).
EXACT_MESSAGES: dict[str, str | re.Pattern[str]] = {
    "fargate-allocation_strategy": "compute_resources.allocation_strategy: is not allowed for FARGATE compute resources; remove it or use type EC2 or SPOT, got 'BEST_FIT'",
    "fargate-bid_percentage": "compute_resources.bid_percentage: is not allowed for FARGATE compute resources; remove it or use type EC2 or SPOT, got 50",
    "fargate-launch_template": "compute_resources.launch_template: is not allowed for FARGATE compute resources; remove it or use type EC2 or SPOT, got LaunchTemplateSpecification(launch_template_id=None, launch_template_name='lt-name', version=None)",
    "fargate-image": re.compile(
        r"compute_resources\.image: is not allowed for FARGATE compute resources; remove it or use type EC2 or SPOT,"
        r" got <cdktf_batch\.machine_image\.EcsOptimizedAmi object at 0x[0-9a-f]+>"
    ),
    "fargate-instance_types": "compute_resources.instance_types: is not allowed for FARGATE compute resources; remove it or use type EC2 or SPOT, got ('m5.large',)",
    "fargate-minv_cpus": "compute_resources.minv_cpus: is not allowed for FARGATE compute resources; remove it or use type EC2 or SPOT, got 0",
    "fargate-desiredv_cpus": "compute_resources.desiredv_cpus: is not allowed for FARGATE compute resources; remove it or use type EC2 or SPOT, got 1",
    "fargate-instance_role": "compute_resources.instance_role: is not allowed for FARGATE compute resources; remove it or use type EC2 or SPOT, got 'arn:aws:iam::123456789012:instance-profile/p'",
    "fargate-spot_fleet_role": "compute_resources.spot_fleet_role: is not allowed for FARGATE compute resources; remove it or use type EC2 or SPOT, got 'arn:aws:iam::123456789012:role/r'",
    "fargate-ec2_key_pair": "compute_resources.ec2_key_pair: is not allowed for FARGATE compute resources; remove it or use type EC2 or SPOT, got 'key'",
    "fargate-placement_group": "compute_resources.placement_group: is not allowed for FARGATE compute resources; remove it or use type EC2 or SPOT, got 'group'",
    "fargate-compute_resources_tags": "compute_resources.compute_resources_tags: is not allowed for FARGATE compute resources; remove it or use type EC2 or SPOT, got {'a': 'b'}",
    "fargate-spot-key": "compute_resources.ec2_key_pair: is not allowed for FARGATE_SPOT compute resources; remove it or use type EC2 or SPOT, got 'k'",
    "bid-too-high": "compute_resources.bid_percentage: must be an integer from 0 to 100, got 101",
    "bid-negative": "compute_resources.bid_percentage: must be an integer from 0 to 100, got -1",
    "bid-not-int": "compute_resources.bid_percentage: must be an integer from 0 to 100, got 50.5",
    "bid-on-demand": "compute_resources.bid_percentage: is only allowed for SPOT compute resources, got 50",
    "spot-strategy-on-demand": "compute_resources.allocation_strategy: SPOT_CAPACITY_OPTIMIZED and SPOT_PRICE_CAPACITY_OPTIMIZED need type SPOT, got 'SPOT_CAPACITY_OPTIMIZED'",
    "spot-price-strategy-on-demand": "compute_resources.allocation_strategy: SPOT_CAPACITY_OPTIMIZED and SPOT_PRICE_CAPACITY_OPTIMIZED need type SPOT, got 'SPOT_PRICE_CAPACITY_OPTIMIZED'",
    "unknown-strategy": "compute_resources.allocation_strategy: must be one of BEST_FIT, BEST_FIT_PROGRESSIVE, SPOT_CAPACITY_OPTIMIZED, SPOT_PRICE_CAPACITY_OPTIMIZED, got 'CHEAPEST'",
    "unknown-type": "compute_resources.type: must be one of EC2, FARGATE, FARGATE_SPOT, SPOT, got 'GPU'",
    "fleet-role-on-demand": "compute_resources.spot_fleet_role: is only allowed for SPOT compute resources, got 'arn:aws:iam::123456789012:role/r'",
    "fleet-role-not-best-fit": "compute_resources.spot_fleet_role: is only used with allocation_strategy BEST_FIT, got 'SPOT_PRICE_CAPACITY_OPTIMIZED'",
    "min-negative": "compute_resources.minv_cpus: must be an integer of at least 0, got -1",
    "max-negative": "compute_resources.maxv_cpus: must be an integer of at least 0, got -1",
    "min-over-max": "compute_resources.minv_cpus: must not exceed compute_resources.maxv_cpus (4), got 10",
    "min-over-desired": "compute_resources.minv_cpus: must not exceed compute_resources.desiredv_cpus (2), got 4",
    "desired-over-max": "compute_resources.desiredv_cpus: must not exceed compute_resources.maxv_cpus (256), got 300",
    "desired-over-default-max": "compute_resources.desiredv_cpus: must not exceed compute_resources.maxv_cpus (256), got 257",
    "max-not-number": "compute_resources.maxv_cpus: must be an integer of at least 0, got 'many'",
    "instance-types-string": "compute_resources.instance_types: must be a list of strings, got 'm5.large'",
    "instance-types-empty": "compute_resources.instance_types: must have at least 1 item(s), got []",
    "instance-type-blank": "compute_resources.instance_types[0]: must not be empty, got ''",
    "tags-not-strings": "compute_resources.compute_resources_tags['a']: must be a string, got 1",
    "vpc-not-vpc": "compute_resources.vpc: must be a Vpc (Vpc, Vpc.from_lookup or Vpc.from_attributes), got 'str'",
    "subnets-not-selection": "compute_resources.vpc_subnets: must be a SubnetSelection, got 'list'",
    "image-not-image": "compute_resources.image: must be a machine image (EcsOptimizedAmi or MachineImage.generic_linux), got 'str'",
    "launch-template-dict": "compute_resources.launch_template: must be a LaunchTemplateSpecification, got 'dict'",
    "placement-group-number": "compute_resources.placement_group: must be a placement group name or PlacementGroup, got 'int'",
    "lt-both": "launch_template_name: give launch_template_id or launch_template_name, not both, got {'launch_template_id': 'lt-0123456789abcdef0', 'launch_template_name': 'n'}",
    "lt-neither": "launch_template_id: give one of launch_template_id or launch_template_name",
    "lt-bad-id": "launch_template.launch_template_id: must be a launch template id such as lt-0123456789abcdef0, got 'template'",
    "lt-bad-name": "launch_template.launch_template_name: must be 3-128 letters, digits or ( ) . - / _, got 'a b'",
    "lt-bad-version": "launch_template.version: must be $Default, $Latest or a version number, got 'latest'",
    "managed-without-resources": "compute_resources: is required for a managed compute environment, got None",
    "unmanaged-with-resources": re.compile(
        r"compute_resources: must not be given for an unmanaged compute environment \(managed=False\), got"
        r" ComputeResources\(vpc=<cdktf_batch\.network\.VpcAttributes object at 0x[0-9a-f]+>,"
        r" type=<ComputeResourceType\.ON_DEMAND: 'EC2'>, vpc_subnets=None, security_groups=None,"
        r" allocation_strategy=None, bid\.\.\."
    ),
    "resources-dict": "compute_resources: must be ComputeResources, got 'dict'",
    "name-bad-chars": "compute_environment_name: must be 1-128 letters, digits, hyphens or underscores, starting with a letter or digit, got 'my env'",
    "name-leading-dash": "compute_environment_name: must be 1-128 letters, digits, hyphens or underscores, starting with a letter or digit, got '-env'",
    "name-too-long": "compute_environment_name: must be 1-128 letters, digits, hyphens or underscores, starting with a letter or digit, got 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'",
    "name-empty": "compute_environment_name: must be 1-128 letters, digits, hyphens or underscores, starting with a letter or digit, got ''",
    "managed-not-bool": "managed: must be True or False, got 'yes'",
    "enabled-not-bool": "enabled: must be True or False, got 1",
    "service-role-name": "service_role: must be an IAM role ARN (arn:<partition>:iam::<account>:role/<name>), got 'MyRole'",
    "service-role-object": "service_role: must be an IamRole resource or data source, or a role ARN, got 'int'",
    "instance-role-bad": "compute_resources.instance_role: must be an instance profile ARN or name, got 'not a profile!'",
    "fleet-role-bad": "compute_resources.spot_fleet_role: must be an IAM role ARN (arn:<partition>:iam::<account>:role/<name>), got 'fleet'",
    "update-timeout-zero": "update_timeout: must be from 1 to 360 minutes, got datetime.timedelta(0)",
    "update-timeout-long": "update_timeout: must be from 1 to 360 minutes, got datetime.timedelta(seconds=25200)",
    "update-timeout-seconds": "update_timeout: must be a whole number of minutes, got datetime.timedelta(seconds=90)",
    "update-timeout-int": "update_timeout: must be a datetime.timedelta, got 30",
    "update-policy-unmanaged": "terminate_on_update: applies to managed compute environments only, got True",
    "terminate-not-bool": "terminate_on_update: must be True or False, got 'no'",
    "tags-not-map": "tags: must be a mapping of strings to strings, got ['a']",
    "security-groups-empty": "compute_resources.security_groups: must have at least one security group (omit it to get a new one), got []",
    "security-group-bad": "compute_resources.security_groups[0]: must be a SecurityGroup (resource or data source) or security group id, got 3",
    "fargate-too-many-subnets": "compute_resources.vpc_subnets: Fargate environments take at most 16 subnets, got 17",
    "import-wrong-service": "compute_environment_arn: must be an ARN like arn:<partition>:batch:<region>:<account>:compute-environment/<name>, got 'arn:aws:ecs:us-east-1:555555555555:compute-environment/x'",
    "import-wrong-kind": "compute_environment_arn: must be the ARN of a compute-environment, like arn:<partition>:batch:<region>:<account>:compute-environment/<name>, got 'arn:aws:batch:us-east-1:555555555555:job-queue/x'",
    "import-not-arn": "compute_environment_arn: must be an ARN like arn:<partition>:batch:<region>:<account>:compute-environment/<name>, got 'My-Compute-Env'",
    "import-bad-name": "compute_environment_arn: must be 1-128 letters, digits, hyphens or underscores, starting with a letter or digit, got 'a b'",
    "selection-both": "subnet_ids: give subnet_type or subnet_ids, not both, got ['subnet_type', 'subnet_ids']",
    "selection-neither": "subnet_type: give one of subnet_type or subnet_ids",
    "selection-bad-type": "subnet_type: must be one of PRIVATE, PUBLIC, got 'ISOLATED'",
    "vpc-no-private": "vpc_subnets: this VPC has no private subnets; select SubnetSelection(subnet_type=SubnetType.PUBLIC) or give subnet_ids",
    "vpc-attributes-empty": "private_subnet_ids: give private_subnet_ids or public_subnet_ids",
    "vpc-default-private": "vpc_subnets: this VPC has no private subnets; select SubnetSelection(subnet_type=SubnetType.PUBLIC) or give subnet_ids",
    "vpc-lookup-nothing": "vpc_id: give vpc_id, is_default=True or tags to find the VPC",
    "vpc-cidr-bad": "cidr: must be an IPv4 network in CIDR notation such as 10.0.0.0/16, got '10.0.0.0/33'",
    "vpc-cidr-not-network": "cidr: must be an IPv4 network in CIDR notation such as 10.0.0.0/16, got '10.0.0.1/16'",
    "vpc-cidr-small": "cidr: must have a prefix length from /16 to /24 (AWS allows /16-/28 per VPC), got '10.0.0.0/26'",
    "vpc-azs": "max_azs: must be an integer from 1 to 6, got 0",
    "vpc-nats": "nat_gateways: must be an integer from 1 to 2, got 3",
    "ami-map-region-missing": "compute_resources.image: has no AMI for the region us-east-1; it has eu-west-1, got {'eu-west-1': 'ami-1'}",
}


@pytest.mark.parametrize("case_id", sorted(EXACT_MESSAGES))
def test_refusal_messages_in_full(case_id: str) -> None:
    """The whole message of each of these rules (tests/test_validation.py checks their words)."""
    from tests.test_validation import CASES

    (build,) = [case[1] for case in CASES if case[0] == case_id]
    with pytest.raises(batch.ValidationError) as raised:
        build(new_stack())
    expected = EXACT_MESSAGES[case_id]
    if isinstance(expected, re.Pattern):  # the value shown holds an object's address
        assert expected.fullmatch(str(raised.value)), str(raised.value)
    else:
        assert str(raised.value) == expected


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        pytest.param(
            lambda stack: batch.ComputeEnvironment(stack, "Env", compute_resources=batch.ComputeResources(vpc=VPC)),
            {
                "data": {"aws_partition": {"cdktf-batch-partition": {}}},
                "resource": {
                    "aws_batch_compute_environment": {
                        "Env_C33A5BD9": {
                            "compute_resources": {
                                "allocation_strategy": "BEST_FIT_PROGRESSIVE",
                                "instance_role": "${aws_iam_instance_profile.Env_InstanceProfile_508439AF.arn}",
                                "instance_type": ["optimal"],
                                "max_vcpus": 256,
                                "min_vcpus": 0,
                                "security_group_ids": ["${aws_security_group.Env_SecurityGroup_5444CA27.id}"],
                                "subnets": ["subnet-1"],
                                "type": "EC2",
                            },
                            "depends_on": ["aws_iam_role_policy_attachment.Env_InstanceRole_Policy0_551E7F93"],
                            "lifecycle": {"create_before_destroy": True},
                            "name_prefix": "test-Env-af86bcfe-",
                            "state": "ENABLED",
                            "type": "MANAGED",
                        }
                    },
                    "aws_iam_instance_profile": {
                        "Env_InstanceProfile_508439AF": {
                            "name_prefix": "test-Env-af86bcfe-",
                            "role": "${aws_iam_role.Env_InstanceRole_03A3ECAD.name}",
                        }
                    },
                    "aws_iam_role": {
                        "Env_InstanceRole_03A3ECAD": {
                            "assume_role_policy": '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
                            "description": "ECS container instances of AWS Batch compute environment test/Env",
                            "name_prefix": "test-Env-InstanceRole-09457e59-",
                        }
                    },
                    "aws_iam_role_policy_attachment": {
                        "Env_InstanceRole_Policy0_551E7F93": {
                            "policy_arn": "arn:${data.aws_partition.cdktf-batch-partition.partition}:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
                            "role": "${aws_iam_role.Env_InstanceRole_03A3ECAD.name}",
                        }
                    },
                    "aws_security_group": {
                        "Env_SecurityGroup_5444CA27": {
                            "description": "AWS Batch compute environment test/Env",
                            "lifecycle": {"create_before_destroy": True},
                            "name_prefix": "test-Env-af86bcfe-",
                            "vpc_id": "vpc-1",
                        }
                    },
                    "aws_vpc_security_group_egress_rule": {
                        "Env_SecurityGroupEgressIpv4_E2B1AB10": {
                            "cidr_ipv4": "0.0.0.0/0",
                            "description": "Jobs reach AWS APIs, container registries and the internet",
                            "ip_protocol": "-1",
                            "security_group_id": "${aws_security_group.Env_SecurityGroup_5444CA27.id}",
                        }
                    },
                },
            },
            id="ec2-defaults",
        ),
        pytest.param(
            lambda stack: batch.ComputeEnvironment(
                stack,
                "Spot",
                compute_resources=batch.ComputeResources(
                    vpc=VPC, type=batch.ComputeResourceType.SPOT, allocation_strategy=batch.AllocationStrategy.BEST_FIT
                ),
                tags={"team": "data"},
            ),
            {
                "data": {"aws_partition": {"cdktf-batch-partition": {}}},
                "resource": {
                    "aws_batch_compute_environment": {
                        "Spot_CDFFAAD7": {
                            "compute_resources": {
                                "allocation_strategy": "BEST_FIT",
                                "instance_role": "${aws_iam_instance_profile.Spot_InstanceProfile_9EFA7480.arn}",
                                "instance_type": ["optimal"],
                                "max_vcpus": 256,
                                "min_vcpus": 0,
                                "security_group_ids": ["${aws_security_group.Spot_SecurityGroup_A68AE5A5.id}"],
                                "spot_iam_fleet_role": "${aws_iam_role.Spot_SpotFleetRole_6D17ECFB.arn}",
                                "subnets": ["subnet-1"],
                                "type": "SPOT",
                            },
                            "depends_on": [
                                "aws_iam_role_policy_attachment.Spot_InstanceRole_Policy0_E4CCCF54",
                                "aws_iam_role_policy_attachment.Spot_SpotFleetRole_Policy0_C4D6896A",
                            ],
                            "lifecycle": {"create_before_destroy": True},
                            "name_prefix": "test-Spot-88debbab-",
                            "state": "ENABLED",
                            "tags": {"team": "data"},
                            "type": "MANAGED",
                        }
                    },
                    "aws_iam_instance_profile": {
                        "Spot_InstanceProfile_9EFA7480": {
                            "name_prefix": "test-Spot-88debbab-",
                            "role": "${aws_iam_role.Spot_InstanceRole_8E7069D6.name}",
                            "tags": {"team": "data"},
                        }
                    },
                    "aws_iam_role": {
                        "Spot_InstanceRole_8E7069D6": {
                            "assume_role_policy": '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
                            "description": "ECS container instances of AWS Batch compute environment test/Spot",
                            "name_prefix": "test-Spot-InstanceRole-9fd6abcd-",
                            "tags": {"team": "data"},
                        },
                        "Spot_SpotFleetRole_6D17ECFB": {
                            "assume_role_policy": '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"spotfleet.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
                            "description": "Spot Fleet requests of AWS Batch compute environment test/Spot",
                            "name_prefix": "test-Spot-SpotFleetRole-263fd22c-",
                            "tags": {"team": "data"},
                        },
                    },
                    "aws_iam_role_policy_attachment": {
                        "Spot_InstanceRole_Policy0_E4CCCF54": {
                            "policy_arn": "arn:${data.aws_partition.cdktf-batch-partition.partition}:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role",
                            "role": "${aws_iam_role.Spot_InstanceRole_8E7069D6.name}",
                        },
                        "Spot_SpotFleetRole_Policy0_C4D6896A": {
                            "policy_arn": "arn:${data.aws_partition.cdktf-batch-partition.partition}:iam::aws:policy/service-role/AmazonEC2SpotFleetTaggingRole",
                            "role": "${aws_iam_role.Spot_SpotFleetRole_6D17ECFB.name}",
                        },
                    },
                    "aws_security_group": {
                        "Spot_SecurityGroup_A68AE5A5": {
                            "description": "AWS Batch compute environment test/Spot",
                            "lifecycle": {"create_before_destroy": True},
                            "name_prefix": "test-Spot-88debbab-",
                            "tags": {"team": "data"},
                            "vpc_id": "vpc-1",
                        }
                    },
                    "aws_vpc_security_group_egress_rule": {
                        "Spot_SecurityGroupEgressIpv4_2FC64961": {
                            "cidr_ipv4": "0.0.0.0/0",
                            "description": "Jobs reach AWS APIs, container registries and the internet",
                            "ip_protocol": "-1",
                            "security_group_id": "${aws_security_group.Spot_SecurityGroup_A68AE5A5.id}",
                        }
                    },
                },
            },
            id="spot-best-fit-tagged",
        ),
    ],
)
def test_the_whole_document_of_an_environment(build: Callable[[TerraformStack], Any], expected: dict[str, Any]) -> None:
    """Everything an environment creates, written out: its roles, profile, group and rule."""
    doc = synth(build)
    assert {"resource": doc["resource"], "data": doc["data"]} == expected


@pytest.mark.parametrize("on_eks", [False, True], ids=["ecs", "eks"])
def test_a_token_image_type_is_written_as_it_is(on_eks: bool) -> None:
    """generic_linux takes an unresolved image type: it is neither checked against the
    orchestration nor read as an enum member (rendering it failed with AttributeError)."""

    def build(stack: TerraformStack) -> None:
        image_type = TerraformVariable(stack, "image_type", type="string").string_value
        batch.ComputeEnvironment(
            stack,
            "Env",
            compute_resources=batch.ComputeResources(
                vpc=VPC, image=batch.MachineImage.generic_linux({"us-east-1": "ami-1"}, image_type=image_type)
            ),
            eks_configuration=batch.EksConfiguration(
                eks_cluster="arn:aws:eks:us-east-1:123456789012:cluster/prod", kubernetes_namespace="batch"
            )
            if on_eks
            else None,
        )

    assert one(environments(synth(build)))["compute_resources"]["ec2_configuration"] == [
        {"image_id_override": "ami-1", "image_type": "${var.image_type}"}
    ]


def test_roles_and_instance_profiles_given_as_variables_or_resources() -> None:
    def build(stack: TerraformStack) -> None:
        profile = TerraformVariable(stack, "profile", type="string").string_value
        role = TerraformVariable(stack, "role", type="string").string_value
        batch.ComputeEnvironment(stack, "Unmanaged", managed=False, service_role=role)
        batch.ComputeEnvironment(
            stack, "ByVariable", compute_resources=batch.ComputeResources(vpc=VPC, instance_role=profile)
        )
        resource = aws.iam_instance_profile.IamInstanceProfile(stack, "Profile", name="batch")
        batch.ComputeEnvironment(
            stack, "ByResource", compute_resources=batch.ComputeResources(vpc=VPC, instance_role=resource)
        )

    doc = synth(build)
    envs = environments(doc)
    assert one({k: v for k, v in envs.items() if k.startswith("Unmanaged")})["service_role"] == "${var.role}"
    assert one({k: v for k, v in envs.items() if k.startswith("ByVariable")})["compute_resources"]["instance_role"] == (
        "${var.profile}"
    )
    assert one({k: v for k, v in envs.items() if k.startswith("ByResource")})["compute_resources"]["instance_role"] == (
        "${aws_iam_instance_profile.Profile.arn}"
    )


ROLE_RULES: list[tuple[str, dict[str, Any], str]] = [
    ("profile-name", {"compute_resources": batch.ComputeResources(vpc=VPC, instance_role="not a profile!")}, "compute_resources.instance_role: must be an instance profile ARN or name, got 'not a profile!'"),
    ("profile-type", {"compute_resources": batch.ComputeResources(vpc=VPC, instance_role=5)}, "compute_resources.instance_role: must be an IamInstanceProfile resource or data source, or an instance profile ARN or name, got 'int'"),
    ("role-name", {"managed": False, "service_role": "MyRole"}, "service_role: must be an IAM role ARN (arn:<partition>:iam::<account>:role/<name>), got 'MyRole'"),
    ("role-type", {"managed": False, "service_role": 5}, "service_role: must be an IamRole resource or data source, or a role ARN, got 'int'"),
]  # fmt: skip


@pytest.mark.parametrize(("kwargs", "message"), [r[1:] for r in ROLE_RULES], ids=[r[0] for r in ROLE_RULES])
def test_roles_and_instance_profiles_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(batch.ValidationError) as raised:
        batch.ComputeEnvironment(new_stack(), "Env", **kwargs)
    assert str(raised.value) == message
