"""ComputeEnvironment(eks_configuration=...): Batch on an EKS cluster, its images, node role and
security group, the rules AWS applies, and queues that cannot mix EKS and ECS environments."""

from __future__ import annotations

import importlib
import json
from typing import Any

import pytest

import cdktf_batch as batch
from cdktf_batch._engine import engine_of
from tests.conftest import VPC, data_sources, new_stack, one, resources, synth

CLUSTER_ARN = "arn:aws:eks:us-east-1:123456789012:cluster/prod"
PARTITION = "${data.aws_partition.cdktf-batch-partition.partition}"


def on_eks(cluster: Any = CLUSTER_ARN, namespace: str = "batch", **resources_args: Any) -> Any:
    def build(stack: Any) -> Any:
        given = cluster(stack) if callable(cluster) else cluster
        return batch.ComputeEnvironment(
            stack,
            "Eks",
            eks_configuration=batch.EksConfiguration(eks_cluster=given, kubernetes_namespace=namespace),
            compute_resources=batch.ComputeResources(vpc=VPC, **resources_args),
        )

    return build


def environment(doc: dict[str, Any]) -> dict[str, Any]:
    return one(resources(doc, "aws_batch_compute_environment"))


def test_cluster_access_has_no_entries_until_they_are_added() -> None:
    stack = new_stack()
    configuration = batch.EksConfiguration(eks_cluster=CLUSTER_ARN, kubernetes_namespace="batch")
    access = batch.ClusterAccess(stack, "Access", configuration=configuration)
    assert (access.node_entry, access.namespace_policy) == (None, None)
    # given an instance profile, the environment's nodes' role is unknown: no node entry
    profile = "arn:aws:iam::123456789012:instance-profile/eks-nodes"
    environment = on_eks(instance_role=profile)(stack)
    assert environment.cluster_access.node_entry is None
    assert environment.cluster_access.namespace_policy is not None


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda stack: batch.EksCluster.from_cluster_name(stack, "Cluster", "-prod"),
            "cluster_name: must be an EKS cluster name: 1-100 letters, digits, '-' and '_', starting with a letter or"
            " digit, got '-prod'",
        ),
        (
            lambda stack: batch.ComputeEnvironment(
                stack, "Env", compute_resources=batch.ComputeResources(vpc=VPC), eks_configuration="x"
            ),
            "eks_configuration: must be EksConfiguration, got 'x'",
        ),
    ],
    ids=["cluster-name", "configuration-type"],
)
def test_cluster_lookup_and_configuration_refused(build: Any, message: str) -> None:
    with pytest.raises(batch.ValidationError) as raised:
        synth(build, validate=False)
    assert str(raised.value) == message


def test_a_cluster_looked_up_in_a_region() -> None:
    doc = synth(lambda stack: batch.EksCluster.from_cluster_name(stack, "Cluster", "prod", region="eu-west-1"))
    assert data_sources(doc, "aws_eks_cluster") == {"Cluster_EB0386A7": {"name": "prod", "region": "eu-west-1"}}


def test_an_environment_on_a_cluster_looked_up_by_name() -> None:
    doc = synth(on_eks(lambda stack: batch.EksCluster.from_cluster_name(stack, "Cluster", "prod")))
    assert data_sources(doc, "aws_eks_cluster") == {"Cluster_EB0386A7": {"name": "prod"}}
    rendered = environment(doc)
    assert rendered["eks_configuration"] == {
        "eks_cluster_arn": "${data.aws_eks_cluster.Cluster_EB0386A7.arn}",
        "kubernetes_namespace": "batch",
    }
    assert "service_role" not in rendered  # EKS takes the service-linked role only
    resources_block = rendered["compute_resources"]
    # Batch's own default on EKS (EKS_AL2) has reached its end of support: AL2023 is rendered.
    assert resources_block["ec2_configuration"] == [{"image_type": "EKS_AL2023"}]
    # The cluster's own security group: nodes reach the control plane and each other.
    assert resources_block["security_group_ids"] == [
        "${data.aws_eks_cluster.Cluster_EB0386A7.vpc_config[0].cluster_security_group_id}"
    ]
    assert resources(doc, "aws_security_group") == {}
    assert resources_block["allocation_strategy"] == "BEST_FIT_PROGRESSIVE"


def test_the_node_role_has_what_an_eks_worker_needs_and_no_ecs_policy() -> None:
    doc = synth(on_eks())
    attached = sorted(
        attachment["policy_arn"] for attachment in resources(doc, "aws_iam_role_policy_attachment").values()
    )
    assert attached == [
        f"arn:{PARTITION}:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
        f"arn:{PARTITION}:iam::aws:policy/AmazonEKSWorkerNodePolicy",
        f"arn:{PARTITION}:iam::aws:policy/AmazonEKS_CNI_Policy",
    ]
    role = one(resources(doc, "aws_iam_role"))
    assert '"Service":"ec2.amazonaws.com"' in role["assume_role_policy"]
    assert resources(doc, "aws_iam_role_policy") == {}  # no inline policy
    # the role's construct id, name and description say what it is for
    assert list(resources(doc, "aws_iam_role")) == ["Eks_InstanceRole_4B5FA5A0"]
    assert role["name_prefix"] == "test-Eks-InstanceRole-d995cb35-"
    assert role["description"] == "EKS nodes of AWS Batch compute environment test/Eks"


def test_a_cluster_arn_gets_a_new_egress_only_group() -> None:
    rendered = synth(on_eks())
    assert environment(rendered)["eks_configuration"] == {
        "eks_cluster_arn": CLUSTER_ARN,
        "kubernetes_namespace": "batch",
    }
    group_id, group = next(iter(resources(rendered, "aws_security_group").items()))
    assert environment(rendered)["compute_resources"]["security_group_ids"] == [
        f"${{aws_security_group.{group_id}.id}}"
    ]
    assert group["vpc_id"] == "vpc-1"


def test_the_provider_cluster_resource_gives_its_security_group() -> None:
    def cluster(stack: Any) -> Any:
        eks_cluster = importlib.import_module(f"{engine_of(stack).aws_package}.eks_cluster")
        return eks_cluster.EksCluster(
            stack,
            "Cluster",
            name="prod",
            role_arn="arn:aws:iam::123456789012:role/eks",
            vpc_config={"subnet_ids": ["subnet-1"]},
        )

    doc = synth(on_eks(cluster))
    rendered = environment(doc)
    assert rendered["eks_configuration"]["eks_cluster_arn"] == "${aws_eks_cluster.Cluster.arn}"
    assert rendered["compute_resources"]["security_group_ids"] == [
        "${aws_eks_cluster.Cluster.vpc_config[0].cluster_security_group_id}"
    ]


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        (batch.EksOptimizedAmi(), {"image_type": "EKS_AL2023"}),
        (
            batch.EksOptimizedAmi(kubernetes_version="1.31"),
            {"image_type": "EKS_AL2023", "image_kubernetes_version": "1.31"},
        ),
        (batch.EksOptimizedAmi(hardware_type=batch.AmiHardwareType.GPU), {"image_type": "EKS_AL2023_NVIDIA"}),
        (batch.EksOptimizedAmi(hardware_type=batch.AmiHardwareType.ARM), {"image_type": "EKS_AL2023"}),
        (
            batch.EksOptimizedAmi(
                generation=batch.AmazonLinuxGeneration.AMAZON_LINUX_2, hardware_type=batch.AmiHardwareType.GPU
            ),
            {"image_type": "EKS_AL2_NVIDIA"},
        ),
        (
            batch.MachineImage.generic_linux({"us-east-1": "ami-0123456789abcdef0"}, image_type="EKS_AL2023"),
            {"image_type": "EKS_AL2023", "image_id_override": "ami-0123456789abcdef0"},
        ),
    ],
    ids=["default", "kubernetes-version", "gpu", "arm", "al2-gpu", "custom-ami"],
)
def test_images(image: Any, expected: dict[str, str]) -> None:
    doc = synth(on_eks(image=image))
    assert environment(doc)["compute_resources"]["ec2_configuration"] == [expected]


def test_spot_on_eks() -> None:
    doc = synth(on_eks(type=batch.ComputeResourceType.SPOT))
    block = environment(doc)["compute_resources"]
    assert (block["type"], block["allocation_strategy"]) == ("SPOT", "SPOT_PRICE_CAPACITY_OPTIMIZED")


def refused(build: Any, message: str) -> None:
    with pytest.raises(batch.ValidationError) as raised:
        synth(build, validate=False)
    assert str(raised.value) == message


def environment_with(**kwargs: Any) -> Any:
    def build(stack: Any) -> None:
        kwargs.setdefault(
            "eks_configuration", batch.EksConfiguration(eks_cluster=CLUSTER_ARN, kubernetes_namespace="batch")
        )
        kwargs.setdefault("compute_resources", batch.ComputeResources(vpc=VPC))
        batch.ComputeEnvironment(stack, "Eks", **kwargs)

    return build


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"compute_resources": batch.ComputeResources(vpc=VPC, type=batch.ComputeResourceType.FARGATE)},
            "compute_resources.type: must be EC2 or SPOT on EKS (Batch runs EKS jobs on EC2 nodes only), got 'FARGATE'",
        ),
        (
            {"managed": False, "compute_resources": None},
            "eks_configuration: needs a managed compute environment (managed=True), got"
            " EksConfiguration(eks_cluster='arn:aws:eks:us-east-1:123456789012:cluster/prod', kubernetes_namespace='batch', cluster_access=True)",
        ),
        (
            {"service_role": "arn:aws:iam::123456789012:role/batch"},
            "service_role: is not allowed on EKS: Batch uses its service-linked role AWSServiceRoleForBatch there,"
            " got 'arn:aws:iam::123456789012:role/batch'",
        ),
        (
            {
                "compute_resources": batch.ComputeResources(
                    vpc=VPC, allocation_strategy=batch.AllocationStrategy.BEST_FIT
                )
            },
            "compute_resources.allocation_strategy: must not be BEST_FIT on EKS (use BEST_FIT_PROGRESSIVE, or a SPOT_*"
            " strategy for Spot), got 'BEST_FIT'",
        ),
        (
            {"compute_resources": batch.ComputeResources(vpc=VPC, image=batch.EcsOptimizedAmi())},
            "compute_resources.image: must be an EKS image type (EksOptimizedAmi, or generic_linux with an"
            " EksMachineImageType) on an EKS compute environment, got 'ECS_AL2023'",
        ),
        (
            {
                "eks_configuration": None,
                "compute_resources": batch.ComputeResources(vpc=VPC, image=batch.EksOptimizedAmi()),
            },
            "compute_resources.image: must be an ECS image type on an ECS compute environment (EKS images need"
            " eks_configuration), got 'EKS_AL2023'",
        ),
    ],
    ids=["fargate", "unmanaged", "service-role", "best-fit", "ecs-image-on-eks", "eks-image-on-ecs"],
)
def test_refused_environments(kwargs: dict[str, Any], message: str) -> None:
    refused(environment_with(**kwargs), message)


NAMESPACE_RULE = (
    "eks_configuration.kubernetes_namespace: must be a Kubernetes namespace name: 1-63 lowercase letters, digits and"
    " '-', starting and ending with a letter or digit"
)


@pytest.mark.parametrize(
    ("namespace", "message"),
    [
        (
            "default",
            "eks_configuration.kubernetes_namespace: must not be default or start with kube- (AWS Batch refuses them), got 'default'",
        ),
        (
            "kube-system",
            "eks_configuration.kubernetes_namespace: must not be default or start with kube- (AWS Batch refuses them), got 'kube-system'",
        ),
        ("Batch", f"{NAMESPACE_RULE}, got 'Batch'"),
        ("batch-", f"{NAMESPACE_RULE}, got 'batch-'"),
        ("b" * 64, f"{NAMESPACE_RULE}, got '{'b' * 64}'"),
        ("", f"{NAMESPACE_RULE}, got ''"),
    ],
)
def test_namespaces_refused(namespace: str, message: str) -> None:
    with pytest.raises(batch.ValidationError) as raised:
        batch.EksConfiguration(eks_cluster=CLUSTER_ARN, kubernetes_namespace=namespace)
    assert str(raised.value) == message


@pytest.mark.parametrize("namespace", ["b" * 63, "kube", "a", "0-batch", "defaults"])
def test_namespaces_accepted(namespace: str) -> None:
    assert (
        batch.EksConfiguration(eks_cluster=CLUSTER_ARN, kubernetes_namespace=namespace).kubernetes_namespace
        == namespace
    )


def test_cluster_arguments_refused() -> None:
    with pytest.raises(batch.ValidationError) as raised:
        batch.EksConfiguration(eks_cluster="prod", kubernetes_namespace="batch")
    assert str(raised.value) == (
        "eks_configuration.eks_cluster: must be an EKS cluster ARN (arn:<partition>:eks:<region>:<account>:cluster/<name>),"
        " an EksCluster or EksCluster.from_cluster_name, got 'prod'"
    )
    with pytest.raises(batch.ValidationError) as raised:
        batch.EksConfiguration(eks_cluster=42, kubernetes_namespace="batch")
    assert str(raised.value) == (
        "eks_configuration.eks_cluster: must be an EKS cluster ARN, an EksCluster or EksCluster.from_cluster_name, got 'int'"
    )
    with pytest.raises(batch.ValidationError) as raised:
        batch.EksOptimizedAmi(kubernetes_version="1")
    assert str(raised.value) == "kubernetes_version: must be a Kubernetes version major.minor, such as 1.31, got '1'"


def test_a_queue_cannot_mix_eks_and_ecs_environments() -> None:
    def build(stack: Any) -> None:
        eks = on_eks()(stack)
        ecs = batch.ComputeEnvironment(stack, "Ecs", compute_resources=batch.ComputeResources(vpc=VPC))
        queue = batch.JobQueue(
            stack, "Queue", compute_environments=[batch.JobQueueComputeEnvironment(compute_environment=eks, order=1)]
        )
        # An imported environment's kind is unknown at synth: never refused.
        imported = batch.ComputeEnvironment.from_compute_environment_arn(
            stack, "Imported", "arn:aws:batch:us-east-1:123456789012:compute-environment/other"
        )
        queue.add_compute_environment(imported, 2)
        queue.add_compute_environment(ecs, 3)

    refused(
        build,
        "compute_environment.compute_environment: cannot mix EKS and ECS environments in one queue, got 'an ECS environment after EKS ones'",
    )

    def in_constructor(stack: Any) -> None:
        eks = on_eks()(stack)
        ecs = batch.ComputeEnvironment(stack, "Ecs", compute_resources=batch.ComputeResources(vpc=VPC))
        batch.JobQueue(
            stack,
            "Queue",
            compute_environments=[
                batch.JobQueueComputeEnvironment(compute_environment=ecs, order=1),
                batch.JobQueueComputeEnvironment(compute_environment=eks, order=2),
            ],
        )

    refused(
        in_constructor,
        "compute_environments[1].compute_environment: cannot mix EKS and ECS environments in one queue, got 'an EKS"
        " environment after ECS ones'",
    )


def test_a_queue_of_eks_environments_and_an_eks_job() -> None:
    def build(stack: Any) -> None:
        eks = on_eks()(stack)
        spot = batch.ComputeEnvironment(
            stack,
            "Spot",
            eks_configuration=batch.EksConfiguration(eks_cluster=CLUSTER_ARN, kubernetes_namespace="batch"),
            compute_resources=batch.ComputeResources(vpc=VPC, type=batch.ComputeResourceType.SPOT),
        )
        queue = batch.JobQueue(
            stack,
            "Queue",
            compute_environments=[
                batch.JobQueueComputeEnvironment(compute_environment=spot, order=1),
                batch.JobQueueComputeEnvironment(compute_environment=eks, order=2),
            ],
        )
        job = batch.JobDefinition(
            stack,
            "Job",
            eks_properties=batch.EksProperties(
                containers=[
                    batch.EksContainer(
                        image=batch.ContainerImage.from_registry("busybox"),
                        cpu_reservation=1,
                        memory_reservation_mib=512,
                    )
                ]
            ),
        )
        role = importlib.import_module(f"{engine_of(stack).aws_package}.iam_role").IamRole(
            stack, "Submitter", assume_role_policy='{"Version":"2012-10-17","Statement":[]}'
        )
        job.grant_submit_job(role, queue)

    doc = synth(build)
    assert len(resources(doc, "aws_batch_compute_environment")) == 2
    policy = one(resources(doc, "aws_iam_role_policy"))
    assert '"Action":"batch:SubmitJob"' in policy["policy"]


MODE = 'try(data.aws_eks_cluster.Eks_ClusterAccess_Cluster_984DADC4.access_config[0].authentication_mode, "CONFIG_MAP")'
BATCH_ROLE = (
    f"arn:{PARTITION}:iam::${{data.aws_caller_identity.cdktf-batch-caller.account_id}}"
    ":role/aws-service-role/batch.amazonaws.com/AWSServiceRoleForBatch"
)


def test_access_entries_where_the_cluster_uses_them() -> None:
    doc = synth(on_eks())
    # The cluster ARN is looked up by name, for its name and authentication mode at plan time.
    assert data_sources(doc, "aws_eks_cluster") == {"Eks_ClusterAccess_Cluster_984DADC4": {"name": "prod"}}
    (role_id,) = resources(doc, "aws_iam_role")
    entries = resources(doc, "aws_eks_access_entry")
    assert entries == {
        "Eks_ClusterAccess_NodeAccessEntry_7F8B5DB9": {
            "cluster_name": "${data.aws_eks_cluster.Eks_ClusterAccess_Cluster_984DADC4.name}",
            "count": f'${{({MODE} == "CONFIG_MAP") ? 0 : 1}}',
            "principal_arn": f"${{aws_iam_role.{role_id}.arn}}",
            "type": "EC2_LINUX",
        }
    }
    assert resources(doc, "aws_eks_access_policy_association") == {
        "Eks_ClusterAccess_BatchNamespacePolicy_45E16138": {
            "access_scope": {"namespaces": ["batch"], "type": "namespace"},
            "cluster_name": "${data.aws_eks_cluster.Eks_ClusterAccess_Cluster_984DADC4.name}",
            "count": f'${{({MODE} == "API") ? 1 : 0}}',
            # Batch creates its own entry when the environment is created: the association follows.
            "depends_on": ["aws_batch_compute_environment.Eks_3DB0AF90"],
            "policy_arn": f"arn:{PARTITION}:eks::aws:cluster-access-policy/AWSBatchNamespacePolicy",
            "principal_arn": BATCH_ROLE,
        }
    }
    # The nodes join only with their entry: the environment waits for it.
    assert "aws_eks_access_entry.Eks_ClusterAccess_NodeAccessEntry_7F8B5DB9" in environment(doc)["depends_on"]


def test_access_entries_read_an_imported_or_owned_cluster() -> None:
    doc = synth(on_eks(lambda stack: batch.EksCluster.from_cluster_name(stack, "Cluster", "prod")))
    assert list(data_sources(doc, "aws_eks_cluster")) == ["Cluster_EB0386A7"]  # no second lookup
    entry = one(resources(doc, "aws_eks_access_entry"))
    assert entry["cluster_name"] == "${data.aws_eks_cluster.Cluster_EB0386A7.name}"
    assert entry["count"] == (
        '${(try(data.aws_eks_cluster.Cluster_EB0386A7.access_config[0].authentication_mode, "CONFIG_MAP")'
        ' == "CONFIG_MAP") ? 0 : 1}'
    )

    def owned(stack: Any) -> Any:
        eks_cluster = importlib.import_module(f"{engine_of(stack).aws_package}.eks_cluster")
        return eks_cluster.EksCluster(
            stack,
            "Cluster",
            name="prod",
            role_arn="arn:aws:iam::123456789012:role/eks",
            vpc_config={"subnet_ids": ["subnet-1"]},
            access_config={"authentication_mode": "API"},
        )

    doc = synth(on_eks(owned))
    entry = one(resources(doc, "aws_eks_access_entry"))
    assert entry["cluster_name"] == "${aws_eks_cluster.Cluster.name}"
    assert entry["count"] == (
        '${(try(aws_eks_cluster.Cluster.access_config[0].authentication_mode, "CONFIG_MAP") == "CONFIG_MAP") ? 0 : 1}'
    )


def test_without_cluster_access_or_with_a_given_profile() -> None:
    def build(stack: Any) -> None:
        batch.ComputeEnvironment(
            stack,
            "Eks",
            eks_configuration=batch.EksConfiguration(
                eks_cluster=CLUSTER_ARN, kubernetes_namespace="batch", cluster_access=False
            ),
            compute_resources=batch.ComputeResources(vpc=VPC),
        )

    doc = synth(build)
    assert resources(doc, "aws_eks_access_entry") == {}
    assert resources(doc, "aws_eks_access_policy_association") == {}
    assert data_sources(doc, "aws_eks_cluster") == {}

    profile = "arn:aws:iam::123456789012:instance-profile/eks-nodes"
    doc = synth(on_eks(instance_role=profile))
    # The profile's role is not known here: no node entry, only Batch's namespace policy.
    assert resources(doc, "aws_eks_access_entry") == {}
    assert len(resources(doc, "aws_eks_access_policy_association")) == 1
    assert environment(doc)["compute_resources"]["instance_role"] == profile

    with pytest.raises(batch.ValidationError) as raised:
        batch.EksConfiguration(eks_cluster=CLUSTER_ARN, kubernetes_namespace="batch", cluster_access="yes")  # type: ignore[arg-type]
    assert str(raised.value) == "eks_configuration.cluster_access: must be True or False, got 'yes'"


def test_the_rbac_manifest_for_config_map_clusters() -> None:
    text = batch.rbac_manifest("batch")
    # one kubectl document, indented by two, ending with a newline
    assert text.startswith(
        '{\n  "apiVersion": "v1",\n  "kind": "List",\n  "items": [\n    {\n      "apiVersion": "v1",\n'
        '      "kind": "Namespace",\n      "metadata": {\n        "name": "batch"\n      }\n    },\n'
    )
    assert text.endswith('"name": "aws-batch-compute-environment-role"\n      }\n    }\n  ]\n}\n')
    user = [{"kind": "User", "name": "aws-batch", "apiGroup": "rbac.authorization.k8s.io"}]
    read = ["get", "list", "watch"]
    assert json.loads(text) == {
        "apiVersion": "v1",
        "kind": "List",
        "items": [
            {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "batch"}},
            {
                "apiVersion": "rbac.authorization.k8s.io/v1",
                "kind": "ClusterRole",
                "metadata": {"name": "aws-batch-cluster-role"},
                "rules": [
                    {"apiGroups": [""], "resources": ["namespaces"], "verbs": ["get"]},
                    {"apiGroups": [""], "resources": ["nodes"], "verbs": read},
                    {"apiGroups": [""], "resources": ["pods"], "verbs": read},
                    {"apiGroups": [""], "resources": ["events"], "verbs": ["list"]},
                    {"apiGroups": [""], "resources": ["configmaps"], "verbs": read},
                    {
                        "apiGroups": ["apps"],
                        "resources": ["daemonsets", "deployments", "statefulsets", "replicasets"],
                        "verbs": read,
                    },
                    {
                        "apiGroups": ["rbac.authorization.k8s.io"],
                        "resources": ["clusterroles", "clusterrolebindings"],
                        "verbs": ["get", "list"],
                    },
                ],
            },
            {
                "apiVersion": "rbac.authorization.k8s.io/v1",
                "kind": "ClusterRoleBinding",
                "metadata": {"name": "aws-batch-cluster-role-binding"},
                "subjects": user,
                "roleRef": {
                    "apiGroup": "rbac.authorization.k8s.io",
                    "kind": "ClusterRole",
                    "name": "aws-batch-cluster-role",
                },
            },
            {
                "apiVersion": "rbac.authorization.k8s.io/v1",
                "kind": "Role",
                "metadata": {"name": "aws-batch-compute-environment-role", "namespace": "batch"},
                "rules": [
                    {
                        "apiGroups": [""],
                        "resources": ["pods"],
                        "verbs": ["create", "get", "list", "watch", "delete", "patch"],
                    },
                    {"apiGroups": [""], "resources": ["serviceaccounts"], "verbs": ["get", "list"]},
                    {
                        "apiGroups": ["rbac.authorization.k8s.io"],
                        "resources": ["roles", "rolebindings"],
                        "verbs": ["get", "list"],
                    },
                ],
            },
            {
                "apiVersion": "rbac.authorization.k8s.io/v1",
                "kind": "RoleBinding",
                "metadata": {"name": "aws-batch-compute-environment-role-binding", "namespace": "batch"},
                "subjects": user,
                "roleRef": {
                    "apiGroup": "rbac.authorization.k8s.io",
                    "kind": "Role",
                    "name": "aws-batch-compute-environment-role",
                },
            },
        ],
    }
    with pytest.raises(batch.ValidationError) as raised:
        batch.rbac_manifest("kube-batch")
    assert str(raised.value) == (
        "eks_configuration.kubernetes_namespace: must not be default or start with kube- (AWS Batch refuses them),"
        " got 'kube-batch'"
    )
