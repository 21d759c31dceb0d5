"""The seed's "Compute Environment" section, as cdktf_batch code.

Each block below is one example of the AWS CDK v1 aws-batch README, written for Terraform.
"""

from __future__ import annotations

import datetime

from constructs import Construct

import cdktf_batch as batch
from examples.engine import (
    AwsProvider,
    LaunchTemplate,
    LaunchTemplateBlockDeviceMappings,
    LaunchTemplateBlockDeviceMappingsEbs,
    LaunchTemplateMetadataOptions,
    TerraformOutput,
    TerraformStack,
)


class ComputeEnvironmentsStack(TerraformStack):
    """Managed and unmanaged, Spot, Fargate, launch templates, imports and AMIs."""

    def __init__(self, scope: Construct, construct_id: str, *, region: str) -> None:
        super().__init__(scope, construct_id)
        AwsProvider(self, "aws", region=region)
        vpc = batch.Vpc(self, "VPC")

        # Managed (the default) and unmanaged environments.
        aws_managed_environment = batch.ComputeEnvironment(
            self,
            "AWS-Managed-Compute-Env",
            compute_resources=batch.ComputeResources(vpc=vpc),
        )
        customer_managed_environment = batch.ComputeEnvironment(self, "Customer-Managed-Compute-Env", managed=False)

        # Spot-based compute environment: bid up to 75% of the On-Demand price.
        spot_environment = batch.ComputeEnvironment(
            self,
            "MySpotEnvironment",
            compute_resources=batch.ComputeResources(
                type=batch.ComputeResourceType.SPOT,
                bid_percentage=75,
                vpc=vpc,
            ),
        )

        # Fargate compute environment (Fargate Spot).
        fargate_spot_environment = batch.ComputeEnvironment(
            self,
            "MyFargateEnvironment",
            compute_resources=batch.ComputeResources(
                type=batch.ComputeResourceType.FARGATE_SPOT,
                vpc=vpc,
            ),
        )

        # Progressive allocation: jobs may go to larger listed instance types when the
        # best fitting one is short.
        batch.ComputeEnvironment(
            self,
            "ProgressiveComputeEnv",
            compute_resources=batch.ComputeResources(
                vpc=vpc,
                allocation_strategy=batch.AllocationStrategy.BEST_FIT_PROGRESSIVE,
                instance_types=["m5.xlarge", "m5.2xlarge"],
                maxv_cpus=64,
            ),
            terminate_on_update=False,
            update_timeout=datetime.timedelta(minutes=30),
        )

        # Launch template support: more storage on every instance (and IMDSv2 only).
        my_launch_template = LaunchTemplate(
            self,
            "LaunchTemplate",
            name="extra-storage-template",
            block_device_mappings=[
                LaunchTemplateBlockDeviceMappings(
                    device_name="/dev/xvdcz",
                    ebs=LaunchTemplateBlockDeviceMappingsEbs(encrypted="true", volume_size=100, volume_type="gp3"),
                )
            ],
            metadata_options=LaunchTemplateMetadataOptions(http_endpoint="enabled", http_tokens="required"),
        )
        my_compute_env = batch.ComputeEnvironment(
            self,
            "ComputeEnv",
            compute_resources=batch.ComputeResources(
                launch_template=batch.LaunchTemplateSpecification(
                    launch_template_name=my_launch_template.name,
                ),
                vpc=vpc,
            ),
            compute_environment_name="MyStorageCapableComputeEnvironment",
        )

        # Importing an existing compute environment.
        compute_env = batch.ComputeEnvironment.from_compute_environment_arn(
            self,
            "imported-compute-env",
            "arn:aws:batch:us-east-1:555555555555:compute-environment/My-Compute-Env",
        )

        # The ECS-optimized Amazon Linux 2 AMI instead of Batch's default.
        batch.ComputeEnvironment(
            self,
            "EcsOptimizedAmiComputeEnv",
            compute_resources=batch.ComputeResources(
                image=batch.EcsOptimizedAmi(generation=batch.AmazonLinuxGeneration.AMAZON_LINUX_2),
                vpc=vpc,
            ),
        )

        # A custom AMI per region.
        batch.ComputeEnvironment(
            self,
            "CustomAmiComputeEnv",
            compute_resources=batch.ComputeResources(
                image=batch.MachineImage.generic_linux({region: "ami-0123456789abcdef0"}),
                vpc=vpc,
            ),
        )

        # Spot with BEST_FIT: AWS needs a Spot Fleet role, which is created here.
        batch.ComputeEnvironment(
            self,
            "SpotBestFitComputeEnv",
            compute_resources=batch.ComputeResources(
                type=batch.ComputeResourceType.SPOT,
                allocation_strategy=batch.AllocationStrategy.BEST_FIT,
                vpc=vpc,
                compute_resources_tags={"team": "research"},
            ),
            tags={"cost-center": "batch"},
        )

        for name, environment in (
            ("aws_managed_environment_arn", aws_managed_environment),
            ("customer_managed_environment_arn", customer_managed_environment),
            ("spot_environment_arn", spot_environment),
            ("fargate_spot_environment_arn", fargate_spot_environment),
            ("storage_capable_environment_arn", my_compute_env),
            ("imported_environment_arn", compute_env),
        ):
            TerraformOutput(self, name, value=environment.compute_environment_arn)
