"""Machine images: the ECS-optimized AMI parameters and per-region custom AMIs."""

from __future__ import annotations

from typing import Any

import pytest

import cdktf_batch as batch
from tests.conftest import VPC, data_sources, new_stack, one, resources, synth
from tests.engine import TerraformStack, TerraformVariable, aws

G = batch.AmazonLinuxGeneration
H = batch.AmiHardwareType


@pytest.mark.parametrize(
    ("generation", "hardware", "path", "image_type"),
    [
        (G.AMAZON_LINUX_2, H.STANDARD, "amazon-linux-2/recommended", "ECS_AL2"),
        (G.AMAZON_LINUX_2, H.GPU, "amazon-linux-2/gpu/recommended", "ECS_AL2_NVIDIA"),
        (G.AMAZON_LINUX_2, H.ARM, "amazon-linux-2/arm64/recommended", "ECS_AL2"),
        (G.AMAZON_LINUX_2023, H.STANDARD, "amazon-linux-2023/recommended", "ECS_AL2023"),
        (G.AMAZON_LINUX_2023, H.GPU, "amazon-linux-2023/gpu/recommended", "ECS_AL2023_NVIDIA"),
        (G.AMAZON_LINUX_2023, H.ARM, "amazon-linux-2023/arm64/recommended", "ECS_AL2023"),
    ],
)
def test_ecs_optimized_ami(generation: G, hardware: H, path: str, image_type: str) -> None:
    image = batch.EcsOptimizedAmi(generation=generation, hardware_type=hardware)
    assert image.parameter_name == f"/aws/service/ecs/optimized-ami/{path}/image_id"
    doc = synth(
        lambda stack: batch.ComputeEnvironment(
            stack, "Env", compute_resources=batch.ComputeResources(vpc=VPC, image=image)
        )
    )
    parameter_id, parameter = next(iter(data_sources(doc, "aws_ssm_parameter").items()))
    assert parameter == {"name": image.parameter_name}
    assert one(resources(doc, "aws_batch_compute_environment"))["compute_resources"]["ec2_configuration"] == [
        {"image_type": image_type, "image_id_override": f"${{data.aws_ssm_parameter.{parameter_id}.insecure_value}}"}
    ]


def test_default_generation_is_amazon_linux_2023() -> None:
    assert batch.EcsOptimizedAmi().generation is G.AMAZON_LINUX_2023
    assert batch.MachineImage.ecs_optimized().parameter_name.endswith("amazon-linux-2023/recommended/image_id")


def test_environments_share_one_parameter_lookup() -> None:

    def build(stack: TerraformStack) -> None:
        for name in ("A", "B"):
            batch.ComputeEnvironment(
                stack, name, compute_resources=batch.ComputeResources(vpc=VPC, image=batch.EcsOptimizedAmi())
            )

    assert len(data_sources(synth(build), "aws_ssm_parameter")) == 1


def test_generic_linux_in_a_stack_without_a_provider_uses_terraform_lookup() -> None:
    image = batch.MachineImage.generic_linux({"us-east-1": "ami-1"})

    def build(stack: TerraformStack) -> None:
        batch.ComputeEnvironment(stack, "Env", compute_resources=batch.ComputeResources(vpc=VPC, image=image))

    # no AwsProvider at all: Terraform's implicit default provider, whose region only Terraform knows
    doc = synth(build, provider=False)
    assert "provider" not in doc
    region_id = next(iter(data_sources(doc, "aws_region")))
    assert one(resources(doc, "aws_batch_compute_environment"))["compute_resources"]["ec2_configuration"] == [
        {
            "image_type": "ECS_AL2023",
            "image_id_override": f'${{{{"us-east-1" = "ami-1"}}[data.aws_region.{region_id}.region]}}',
        }
    ]


def test_generic_linux_with_unknown_region_uses_terraform_lookup() -> None:
    image = batch.MachineImage.generic_linux(
        {"us-east-1": "ami-1", "eu-west-1": "ami-2"}, image_type=batch.EcsMachineImageType.ECS_AL2
    )

    def build(stack: TerraformStack) -> None:
        region = TerraformVariable(stack, "region", type="string").string_value
        aws.provider.AwsProvider(stack, "aws", region=region)
        batch.ComputeEnvironment(stack, "Env", compute_resources=batch.ComputeResources(vpc=VPC, image=image))

    doc = synth(build, provider=False)
    region_id = next(iter(data_sources(doc, "aws_region")))
    assert one(resources(doc, "aws_batch_compute_environment"))["compute_resources"]["ec2_configuration"] == [
        {
            "image_type": "ECS_AL2",
            "image_id_override": (
                # Fn.lookup without a default: an index, which fails at plan for a missing region
                f'${{{{"eu-west-1" = "ami-2", "us-east-1" = "ami-1"}}[data.aws_region.{region_id}.region]}}'
            ),
        }
    ]


def test_the_parameter_lookup_is_named_after_the_parameter() -> None:
    doc = synth(
        lambda stack: batch.ComputeEnvironment(
            stack, "Env", compute_resources=batch.ComputeResources(vpc=VPC, image=batch.MachineImage.ecs_optimized())
        )
    )
    assert data_sources(doc, "aws_ssm_parameter") == {
        "cdktf-batch-ami-aws-service-ecs-optimized-ami-amazon-linux-2023-recommended-image_id": {
            "name": "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
        }
    }


def test_ecs_optimized_passes_generation_and_hardware_type() -> None:
    image = batch.MachineImage.ecs_optimized(generation=G.AMAZON_LINUX_2, hardware_type=H.GPU)
    assert image.parameter_name == "/aws/service/ecs/optimized-ami/amazon-linux-2/gpu/recommended/image_id"


@pytest.mark.parametrize(
    ("image_type", "expected"),
    [
        ("EKS_AL2", batch.EksMachineImageType.EKS_AL2),
        ("ECS_AL2_NVIDIA", batch.EcsMachineImageType.ECS_AL2_NVIDIA),
        (batch.EksMachineImageType.EKS_AL2023, batch.EksMachineImageType.EKS_AL2023),
    ],
)
def test_generic_linux_image_type_from_the_apis_string_or_a_member(image_type: str, expected: object) -> None:
    assert batch.MachineImage.generic_linux({"us-east-1": "ami-1"}, image_type=image_type).image_type is expected


def test_generic_linux_image_type_from_a_variable() -> None:
    def build(stack: TerraformStack) -> None:
        image_type = TerraformVariable(stack, "image_type", type="string").string_value
        image = batch.MachineImage.generic_linux({"us-east-1": "ami-1"}, image_type=image_type)
        batch.ComputeEnvironment(stack, "Env", compute_resources=batch.ComputeResources(vpc=VPC, image=image))

    assert one(resources(synth(build), "aws_batch_compute_environment"))["compute_resources"]["ec2_configuration"] == [
        {"image_type": "${var.image_type}", "image_id_override": "ami-1"}
    ]


ALL_IMAGE_TYPES = (
    "ECS_AL2, ECS_AL2_NVIDIA, ECS_AL2023, ECS_AL2023_NVIDIA, EKS_AL2, EKS_AL2_NVIDIA, EKS_AL2023, EKS_AL2023_NVIDIA"
)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: batch.MachineImage.generic_linux({}), "ami_map: must map at least one region to an AMI id, got {}"),
        (lambda: batch.MachineImage.generic_linux("x"), "ami_map: must be a mapping of strings to strings, got 'x'"),
        (
            lambda: batch.MachineImage.generic_linux({"us-east-1": ""}),
            "ami_map['us-east-1']: must not be empty, got ''",
        ),
        (
            lambda: batch.MachineImage.generic_linux({"us-east-1": "ami-1"}, image_type="AL1"),
            f"image_type: must be one of {ALL_IMAGE_TYPES}, got 'AL1'",
        ),
        (
            lambda: batch.ComputeEnvironment(
                new_stack(),
                "Env",
                compute_resources=batch.ComputeResources(
                    vpc=VPC, image=batch.MachineImage.generic_linux({"eu-west-2": "ami-2", "eu-west-1": "ami-1"})
                ),
            ),
            "compute_resources.image: has no AMI for the region us-east-1; it has eu-west-1, eu-west-2,"
            " got {'eu-west-1': 'ami-1', 'eu-west-2': 'ami-2'}",
        ),
        (
            lambda: batch.EcsOptimizedAmi(hardware_type="TPU"),
            "hardware_type: must be one of ARM, GPU, STANDARD, got 'TPU'",
        ),
        (
            lambda: batch.EksOptimizedAmi(generation="AL1"),
            "generation: must be one of amazon-linux-2, amazon-linux-2023, got 'AL1'",
        ),
        (
            lambda: batch.EksOptimizedAmi(hardware_type="TPU"),
            "hardware_type: must be one of ARM, GPU, STANDARD, got 'TPU'",
        ),
    ],
    ids=[
        "empty",
        "not-a-map",
        "empty-ami",
        "image-type",
        "no-ami-for-the-region",
        "ecs-hardware-type",
        "eks-generation",
        "eks-hardware-type",
    ],
)
def test_machine_images_refused(build: Any, message: str) -> None:
    with pytest.raises(batch.ValidationError) as raised:
        build()
    assert str(raised.value) == message
