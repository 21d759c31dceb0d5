"""ComputeResources(images=[...]): two images in one environment (ec2_configuration twice)."""

from __future__ import annotations

from typing import Any

import pytest

import cdktf_batch as batch
from tests.conftest import VPC, one, resources, synth

GPU = batch.AmiHardwareType.GPU


def environment(**resources_args: Any) -> Any:
    def build(stack: Any) -> None:
        batch.ComputeEnvironment(stack, "Env", compute_resources=batch.ComputeResources(vpc=VPC, **resources_args))

    return build


def ec2_configuration(doc: dict[str, Any]) -> Any:
    return one(resources(doc, "aws_batch_compute_environment"))["compute_resources"]["ec2_configuration"]


def test_standard_and_gpu_images_in_one_environment() -> None:
    doc = synth(environment(images=[batch.EcsOptimizedAmi(), batch.EcsOptimizedAmi(hardware_type=GPU)]))
    parameters = {name: body["name"] for name, body in doc["data"]["aws_ssm_parameter"].items()}
    standard, gpu = ec2_configuration(doc)
    assert (standard["image_type"], gpu["image_type"]) == ("ECS_AL2023", "ECS_AL2023_NVIDIA")
    ids = {standard["image_id_override"], gpu["image_id_override"]}
    assert ids == {f"${{data.aws_ssm_parameter.{name}.insecure_value}}" for name in parameters}
    assert sorted(parameters.values()) == [
        "/aws/service/ecs/optimized-ami/amazon-linux-2023/gpu/recommended/image_id",
        "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id",
    ]


def test_two_images_on_eks() -> None:
    def build(stack: Any) -> None:
        batch.ComputeEnvironment(
            stack,
            "Env",
            eks_configuration=batch.EksConfiguration(
                eks_cluster="arn:aws:eks:us-east-1:123456789012:cluster/prod", kubernetes_namespace="batch"
            ),
            compute_resources=batch.ComputeResources(
                vpc=VPC,
                images=[
                    batch.EksOptimizedAmi(kubernetes_version="1.31"),
                    batch.EksOptimizedAmi(kubernetes_version="1.31", hardware_type=GPU),
                ],
            ),
        )

    assert ec2_configuration(synth(build)) == [
        {"image_type": "EKS_AL2023", "image_kubernetes_version": "1.31"},
        {"image_type": "EKS_AL2023_NVIDIA", "image_kubernetes_version": "1.31"},
    ]


def test_a1_needs_an_image_that_is_not_al2023() -> None:
    al2 = batch.EcsOptimizedAmi(generation=batch.AmazonLinuxGeneration.AMAZON_LINUX_2)
    doc = synth(environment(images=[al2, batch.EcsOptimizedAmi(hardware_type=GPU)], instance_types=["a1.large", "g5"]))
    assert [item["image_type"] for item in ec2_configuration(doc)] == ["ECS_AL2", "ECS_AL2023_NVIDIA"]
    with pytest.raises(batch.ValidationError) as raised:
        batch.ComputeResources(
            vpc=VPC, images=[batch.EcsOptimizedAmi(), batch.EcsOptimizedAmi(hardware_type=GPU)], instance_types=["a1"]
        )
    assert str(raised.value).startswith(
        "compute_resources.instance_types[0]: A1 instances do not run Amazon Linux 2023"
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"image": batch.EcsOptimizedAmi(), "images": [batch.EcsOptimizedAmi(hardware_type=GPU)]},
            "compute_resources.images: give compute_resources.image or compute_resources.images, not both",
        ),
        ({"images": []}, "compute_resources.images: must have at least one machine image, got []"),
        (
            {"images": [batch.EcsOptimizedAmi(), batch.EcsOptimizedAmi(hardware_type=GPU), batch.EcsOptimizedAmi()]},
            "compute_resources.images: takes at most 2 machine image, got 3",
        ),
        (
            {"images": [batch.EcsOptimizedAmi(), batch.EcsOptimizedAmi()]},
            "compute_resources.images[1]: must have another image type than images[0], got 'ECS_AL2023'",
        ),
        (
            {"images": ["ami-0123456789abcdef0"]},
            "compute_resources.images[0]: must be a machine image, got 'ami-0123456789abcdef0'",
        ),
        (
            {"type": batch.ComputeResourceType.FARGATE, "images": [batch.EcsOptimizedAmi()]},
            "compute_resources.images: is not allowed for FARGATE compute resources; remove it or use type EC2 or SPOT",
        ),
    ],
    ids=["both", "none", "three", "same-type", "not-an-image", "fargate"],
)
def test_refused(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(batch.ValidationError) as raised:
        batch.ComputeResources(vpc=VPC, **kwargs)
    assert str(raised.value).startswith(message)


def test_an_ecs_image_among_eks_images_is_refused() -> None:
    def build(stack: Any) -> None:
        batch.ComputeEnvironment(
            stack,
            "Env",
            eks_configuration=batch.EksConfiguration(
                eks_cluster="arn:aws:eks:us-east-1:123456789012:cluster/prod", kubernetes_namespace="batch"
            ),
            compute_resources=batch.ComputeResources(
                vpc=VPC, images=[batch.EksOptimizedAmi(), batch.EcsOptimizedAmi()]
            ),
        )

    with pytest.raises(batch.ValidationError) as raised:
        synth(build, validate=False)
    assert str(raised.value).startswith("compute_resources.images[1]: must be an EKS image type")


class CustomImage:
    """An IMachineImage of the user's own: it has no ``image_type`` attribute to read before rendering."""

    def get_image(self, scope: Any) -> batch.MachineImageConfig:
        return batch.MachineImageConfig(image_id="ami-0123456789abcdef0", image_type=batch.EcsMachineImageType.ECS_AL2)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"image": CustomImage()}, [{"image_id_override": "ami-0123456789abcdef0", "image_type": "ECS_AL2"}]),
        (
            {"images": [CustomImage(), batch.EcsOptimizedAmi(hardware_type=GPU)]},
            [
                {"image_id_override": "ami-0123456789abcdef0", "image_type": "ECS_AL2"},
                {
                    "image_id_override": "${data.aws_ssm_parameter.cdktf-batch-ami-aws-service-ecs-optimized-ami-amazon-linux-2023-gpu-recommended-image_id.insecure_value}",
                    "image_type": "ECS_AL2023_NVIDIA",
                },
            ],
        ),
    ],
    ids=["image", "images"],
)
def test_an_image_of_the_users_own_class_is_rendered_with_a1_instances(
    kwargs: dict[str, Any], expected: list[dict[str, str]]
) -> None:
    # Its image type is known only from get_image: the A1 rule and the two-images rule let it be.
    doc = synth(environment(instance_types=["a1.large"], **kwargs))
    assert ec2_configuration(doc) == expected
