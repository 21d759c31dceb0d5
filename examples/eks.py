"""AWS Batch on Amazon EKS: a compute environment on an existing cluster, its queue and a job
definition whose pod has an init container and volumes.

Batch runs each job as a pod in a namespace of the cluster, on EC2 nodes it launches and joins
to the cluster. What the cluster needs besides is in the README ("AWS Batch on EKS").
"""

from __future__ import annotations

import datetime

from constructs import Construct

import cdktf_batch as batch
from examples.engine import AwsProvider, TerraformOutput, TerraformStack

IMAGE = batch.ContainerImage.from_registry("public.ecr.aws/amazonlinux/amazonlinux:2023")


class EksStack(TerraformStack):
    """An EKS compute environment, queue and job definition on a cluster looked up by name."""

    def __init__(self, scope: Construct, construct_id: str, *, region: str, cluster_name: str = "prod") -> None:
        super().__init__(scope, construct_id)
        AwsProvider(self, "aws", region=region)

        # The cluster most users already have, looked up by name (the aws_eks_cluster data
        # source). The nodes go into its subnets and get its security group (the default for a
        # cluster given as an object), so they reach the control plane and the other nodes.
        cluster = batch.EksCluster.from_cluster_name(self, "Cluster", cluster_name)
        cluster_network = cluster.resource.vpc_config.get(0)
        vpc = batch.Vpc.from_attributes(vpc_id=cluster_network.vpc_id, private_subnet_ids=cluster_network.subnet_ids)

        # Jobs run as pods in the namespace "batch". cluster_access (the default) lets the nodes
        # and Batch into clusters that use access entries (environment.cluster_access).
        environment = batch.ComputeEnvironment(
            self,
            "OnEks",
            eks_configuration=batch.EksConfiguration(eks_cluster=cluster, kubernetes_namespace="batch"),
            compute_resources=batch.ComputeResources(
                vpc=vpc,
                image=batch.EksOptimizedAmi(kubernetes_version="1.31"),
                maxv_cpus=64,
            ),
        )
        queue = batch.JobQueue(
            self,
            "EksQueue",
            compute_environments=[batch.JobQueueComputeEnvironment(compute_environment=environment, order=1)],
        )

        # The pod: an init container fetches the input into a scratch volume that the main
        # container then reads; a Kubernetes secret of the namespace is mounted read-only.
        scratch = batch.EksVolume.empty_dir(name="scratch", mount_path="/scratch", size_limit_mib=4096)
        job = batch.JobDefinition(
            self,
            "EksJob",
            eks_properties=batch.EksProperties(
                init_containers=[
                    batch.EksContainer(
                        name="fetch",
                        image=IMAGE,
                        command=["sh", "-c", "echo input > /scratch/input"],
                        cpu_reservation=0.25,
                        memory_reservation_mib=256,
                        volumes=[scratch],
                    )
                ],
                containers=[
                    batch.EksContainer(
                        name="main",
                        image=IMAGE,
                        command=["sh", "-c"],
                        args=["wc -c /scratch/input"],
                        env={"STAGE": "prod"},
                        cpu_reservation=1,
                        cpu_limit=2,
                        memory_reservation_mib=2048,
                        memory_limit_mib=2048,
                        run_as_user=1000,
                        run_as_non_root=True,
                        read_only_root_filesystem=True,
                        volumes=[
                            scratch,
                            batch.EksVolume.secret(
                                name="credentials",
                                mount_path="/etc/credentials",
                                secret_name="job-credentials",
                                read_only=True,
                            ),
                        ],
                    )
                ],
                service_account_name="batch-jobs",
                labels={"team": "data"},
            ),
            retry_attempts=2,
            timeout=datetime.timedelta(hours=1),
        )

        TerraformOutput(self, "eks_environment_arn", value=environment.compute_environment_arn)
        TerraformOutput(self, "eks_queue_arn", value=queue.job_queue_arn)
        TerraformOutput(self, "eks_job_definition_arn", value=job.job_definition_arn)
        # What a cluster that authenticates with aws-auth needs besides: the namespace and
        # Batch's RBAC objects (`terraform output -raw rbac_manifest | kubectl apply -f -`).
        TerraformOutput(self, "rbac_manifest", value=batch.rbac_manifest("batch"))
