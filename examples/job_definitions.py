"""The seed's "Job Definition" section, as cdktf_batch code, plus a Fargate job, a
multi-node job, a container with every setting and a job of several containers."""

from __future__ import annotations

import datetime
import os

from constructs import Construct

import cdktf_batch as batch
from examples.engine import AwsProvider, IamRole, SecretsmanagerSecret, TerraformOutput, TerraformStack

TODO_LIST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "todo-list")


class JobDefinitionsStack(TerraformStack):
    """Images from ECR, a registry and a local directory; logging with secrets; imports;
    Fargate and multi-node jobs."""

    def __init__(self, scope: Construct, construct_id: str, *, region: str) -> None:
        super().__init__(scope, construct_id)
        AwsProvider(self, "aws", region=region)

        # An image from an existing ECR repository.
        repo = batch.EcrRepository.from_repository_name(self, "batch-job-repo", "todo-list")
        from_ecr = batch.JobDefinition(
            self,
            "batch-job-def-from-ecr",
            container=batch.JobDefinitionContainer(image=batch.EcrImage(repo, "latest")),
        )

        # A local Docker project, built and pushed to a new ECR repository at apply.
        batch.JobDefinition(
            self,
            "batch-job-def-from-local",
            container=batch.JobDefinitionContainer(
                # todo-list is a directory containing a Dockerfile to build the application
                image=batch.ContainerImage.from_asset(TODO_LIST)
            ),
        )

        # A custom log configuration, with a secret option from SSM.
        batch.JobDefinition(
            self,
            "job-def",
            container=batch.JobDefinitionContainer(
                image=batch.EcrImage.from_registry("docker/whalesay"),
                log_configuration=batch.LogConfiguration(
                    log_driver=batch.LogDriver.AWSLOGS,
                    options={"awslogs-region": "us-east-1"},
                    secret_options=[
                        batch.ExposedSecret.from_parameters_store(
                            "xyz", batch.StringParameter.from_string_parameter_name(self, "parameter", "xyz")
                        )
                    ],
                ),
            ),
        )

        # Importing existing job definitions: by ARN, by name (latest), by name and revision.
        job = batch.JobDefinition.from_job_definition_arn(
            self, "imported-job-definition", "arn:aws:batch:us-east-1:555555555555:job-definition/my-job-definition"
        )
        job1 = batch.JobDefinition.from_job_definition_name(self, "imported-job-definition-latest", "my-job-definition")
        job2 = batch.JobDefinition.from_job_definition_name(self, "imported-job-definition-3", "my-job-definition:3")

        # A Fargate job: an execution role is created, allowed to write its logs and read
        # its database password (one JSON key of a Secrets Manager secret), and nothing else.
        database = SecretsmanagerSecret(self, "Database", name_prefix="batch-example-db-")
        job_role = IamRole(
            self,
            "JobRole",
            name_prefix="batch-job-",
            assume_role_policy=batch.iam.trust_policy("ecs-tasks.amazonaws.com"),
        )
        fargate = batch.JobDefinition(
            self,
            "FargateJob",
            platform_capabilities=[batch.PlatformCapabilities.FARGATE],
            container=batch.JobDefinitionContainer(
                image=batch.ContainerImage.from_registry("public.ecr.aws/amazonlinux/amazonlinux:2023"),
                command=["python3", "-c", "print('Ref::greeting')"],
                vcpus=0.5,
                memory_limit_mib=2048,
                job_role=job_role,
                environment={"STAGE": "prod"},
                secrets={"DB_PASSWORD": batch.Secret.from_secrets_manager(database, "password")},
                assign_public_ip=False,
                platform_version=batch.FargatePlatformVersion.LATEST,
                ephemeral_storage_size_gib=50,
                cpu_architecture=batch.CpuArchitecture.ARM64,
            ),
            parameters={"greeting": "hello"},
            retry_attempts=3,
            retry_strategies=[
                batch.RetryStrategy(action=batch.Action.RETRY, on_status_reason="Host EC2*"),
                batch.RetryStrategy(action=batch.Action.EXIT, on_exit_code="1"),
            ],
            timeout=datetime.timedelta(minutes=30),
            propagate_tags=True,
            scheduling_priority=10,
            tags={"team": "data"},
        )

        # A multi-node parallel job: a main node and workers, every node group on one instance
        # type (AWS requires it).
        worker = batch.JobDefinitionContainer(
            image=batch.ContainerImage.from_registry("public.ecr.aws/amazonlinux/amazonlinux:2023"),
            command=["/opt/mpi/run.sh"],
            vcpus=8,
            memory_limit_mib=30000,
            instance_type="c5.2xlarge",
        )
        batch.JobDefinition(
            self,
            "MultiNodeJob",
            node_props=batch.NodeProps(
                count=4,
                main_node=0,
                range_props=[
                    batch.NodeRangeProps(
                        container=batch.JobDefinitionContainer(
                            image=worker.image,
                            command=["/opt/mpi/main.sh"],
                            vcpus=2,
                            memory_limit_mib=4096,
                            instance_type="c5.2xlarge",
                        ),
                        from_node_index=0,
                        to_node_index=0,
                    ),
                    batch.NodeRangeProps(container=worker, from_node_index=1),  # nodes 1 to the last
                ],
            ),
        )

        # Everything a container can say on EC2.
        batch.JobDefinition(
            self,
            "EverythingJob",
            container=batch.JobDefinitionContainer(
                image=batch.ContainerImage.from_registry("public.ecr.aws/amazonlinux/amazonlinux:2023"),
                command=["sleep", "60"],
                vcpus=2,
                memory_limit_mib=2048,
                job_role=job_role,  # EFS IAM authorization below mounts as the job role
                gpu_count=1,
                user="1000:1000",
                read_only=True,
                privileged=False,
                ulimits=[batch.Ulimit(name=batch.UlimitName.NOFILE, soft_limit=1024, hard_limit=4096)],
                volumes=[
                    batch.Volume(name="scratch", host=batch.Host(source_path="/scratch")),
                    batch.Volume(
                        name="shared",
                        efs_volume_configuration=batch.EfsVolumeConfiguration(
                            file_system_id="fs-0123456789abcdef0",
                            transit_encryption=True,
                            authorization_config=batch.AuthorizationConfig(
                                access_point_id="fsap-0123456789abcdef0", iam=True
                            ),
                        ),
                    ),
                ],
                mount_points=[
                    batch.MountPoint(container_path="/scratch", source_volume="scratch"),
                    batch.MountPoint(container_path="/shared", source_volume="shared", read_only=True),
                ],
                linux_params=batch.LinuxParameters(
                    init_process_enabled=True,
                    shared_memory_size=256,
                    max_swap=1024,
                    swappiness=10,
                    devices=[batch.Device(host_path="/dev/fuse", permissions=[batch.DevicePermission.READ])],
                    tmpfs=[batch.Tmpfs(container_path="/tmp", size=128, mount_options=[batch.TmpfsMountOption.NOEXEC])],
                ),
            ),
            deregister_on_new_revision=False,
        )

        # A job of three containers in one Fargate task: a stage-in step the job waits for, the
        # job, and a monitoring sidecar that sees the job's processes (pid_mode TASK). ECS Exec
        # creates a job role allowed the SSM channel; Fargate's execution role is created and
        # allowed the log writes of every container (Batch's default log group here).
        image = batch.ContainerImage.from_registry("public.ecr.aws/amazonlinux/amazonlinux:2023")
        sidecars = batch.JobDefinition(
            self,
            "SidecarJob",
            platform_capabilities=[batch.PlatformCapabilities.FARGATE],
            ecs_properties=batch.EcsProperties(
                containers=[
                    batch.EcsTaskContainer(
                        name="stage-in",
                        image=image,
                        essential=False,
                        command=["sh", "-c", "echo staged > /data/input"],
                        mount_points=[batch.MountPoint(container_path="/data", source_volume="data")],
                    ),
                    batch.EcsTaskContainer(
                        name="main",
                        image=image,
                        command=["sh", "-c", "cat /data/input && sleep 30"],
                        vcpus=1,
                        memory_limit_mib=1536,
                        depends_on=[
                            batch.ContainerDependency(
                                container_name="stage-in", condition=batch.ContainerDependencyCondition.SUCCESS
                            )
                        ],
                        mount_points=[batch.MountPoint(container_path="/data", source_volume="data", read_only=True)],
                        stop_timeout=datetime.timedelta(seconds=30),
                    ),
                    batch.EcsTaskContainer(
                        name="monitor",
                        image=image,
                        essential=False,
                        command=["sh", "-c", "while sleep 5; do ps -e | wc -l; done"],
                        memory_limit_mib=512,
                    ),
                ],
                volumes=[batch.Volume(name="data")],
                pid_mode=batch.PidMode.TASK,
                enable_execute_command=True,
            ),
        )
        TerraformOutput(self, "sidecar_arn", value=sidecars.job_definition_arn)

        for name, definition in (
            ("from_ecr_arn", from_ecr),
            ("fargate_arn", fargate),
            ("imported_by_arn", job),
            ("imported_latest", job1),
            ("imported_revision_3", job2),
        ):
            TerraformOutput(self, name, value=definition.job_definition_arn)
