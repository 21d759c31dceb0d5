"""AWS Batch on Amazon EKS: the cluster a compute environment places its jobs in.

Batch runs EKS jobs as pods in a namespace of an existing cluster, on EC2 nodes it launches
and joins to the cluster. What the cluster needs besides the environment (the namespace, and
Batch's access to it) is listed in ``EksConfiguration``'s docstring and the README.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from cdktf_batch import _context
from cdktf_batch._arn import name_from_arn
from cdktf_batch._context import place, placed
from cdktf_batch._engine import Construct, engine_of
from cdktf_batch._naming import attribute, remember_parent
from cdktf_batch._validation import check_bool, check_string, fail, is_unresolved

if TYPE_CHECKING:
    from cdktf_cdktf_provider_aws.data_aws_eks_cluster import DataAwsEksCluster
    from cdktf_cdktf_provider_aws.eks_access_entry import EksAccessEntry
    from cdktf_cdktf_provider_aws.eks_access_policy_association import EksAccessPolicyAssociation
    from cdktf_cdktf_provider_aws.provider import AwsProvider

__all__ = ["ClusterAccess", "EksCluster", "EksConfiguration", "IEksCluster", "ImportedEksCluster", "rbac_manifest"]

_CLUSTER_ARN = re.compile(r"arn:[a-z0-9-]+:eks:[a-z0-9-]+:\d{12}:cluster/[0-9A-Za-z][A-Za-z0-9\-_]{0,99}")
_CLUSTER_NAME = re.compile(r"[0-9A-Za-z][A-Za-z0-9\-_]{0,99}")
_NAMESPACE = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")


@runtime_checkable
class IEksCluster(Protocol):
    """An EKS cluster: the provider's ``EksCluster`` resource or ``DataAwsEksCluster`` data
    source, or ``EksCluster.from_cluster_name``."""

    @property
    def arn(self) -> str: ...

    @property
    def name(self) -> str: ...


@dataclass(frozen=True, kw_only=True, slots=True)
class EksConfiguration:
    """The EKS cluster and namespace of a compute environment
    (``ComputeEnvironment(eks_configuration=...)``).

    The cluster needs, before the environment is created (Batch does not create them):

    - the namespace itself;
    - access for Batch: on a cluster whose authentication mode includes ``API``, Batch manages
      its own access entry, and the ``AWSBatchNamespacePolicy`` access policy must be associated
      with the namespace for the role ``AWSServiceRoleForBatch``; on a ``CONFIG_MAP`` cluster,
      the ``aws-auth`` mapping of that role to the user ``aws-batch`` and the RBAC cluster role,
      role and bindings of AWS's "Prepare your EKS cluster for AWS Batch";
    - access for the nodes: an access entry of type ``EC2_LINUX`` for the environment's
      instance role (or its ``aws-auth`` mapping).

    Changing either member replaces the environment (the provider forces it).

    Raises:
        ValidationError: ``eks_cluster`` that is not an EKS cluster ARN, an ``EksCluster`` or the provider's
            cluster; ``kubernetes_namespace`` empty, ``default`` or starting with ``kube-``;
            ``cluster_access`` not a bool.
    """

    eks_cluster: Any
    """The cluster: an ``IEksCluster`` or a cluster ARN. Give an object rather than an ARN to
    let the environment's nodes use the cluster's security group by default."""
    kubernetes_namespace: str
    """Where the job pods run: a Kubernetes namespace name (not ``default``, not ``kube-*``)."""
    cluster_access: bool = True
    """Let the nodes and Batch into the cluster where it uses access entries (authentication mode
    ``API`` or ``API_AND_CONFIG_MAP``, read at plan time): an ``EC2_LINUX`` access entry for the
    instance role the environment creates, and on ``API`` clusters the ``AWSBatchNamespacePolicy``
    association for Batch's own entry. A cluster created in the same stack must set its
    ``access_config.authentication_mode`` (Terraform needs the value at plan time)."""

    def __post_init__(self) -> None:
        cluster = self.eks_cluster
        if isinstance(cluster, str):
            check_string(
                "eks_configuration.eks_cluster",
                cluster,
                pattern=_CLUSTER_ARN,
                rule="must be an EKS cluster ARN (arn:<partition>:eks:<region>:<account>:cluster/<name>),"
                " an EksCluster or EksCluster.from_cluster_name",
            )
        elif not isinstance(cluster, IEksCluster):
            raise fail(
                "eks_configuration.eks_cluster",
                "must be an EKS cluster ARN, an EksCluster or EksCluster.from_cluster_name",
                type(cluster).__name__,
            )
        namespace = self.kubernetes_namespace
        check_string(
            "eks_configuration.kubernetes_namespace",
            namespace,
            pattern=_NAMESPACE,
            max_length=63,
            rule="must be a Kubernetes namespace name: 1-63 lowercase letters, digits and '-', starting and"
            " ending with a letter or digit",
        )
        if not is_unresolved(namespace) and (namespace == "default" or namespace.startswith("kube-")):
            raise fail(
                "eks_configuration.kubernetes_namespace",
                "must not be default or start with kube- (AWS Batch refuses them)",
                namespace,
            )
        check_bool("eks_configuration.cluster_access", self.cluster_access)

    @property
    def eks_cluster_arn(self) -> str:
        if isinstance(self.eks_cluster, str):
            return self.eks_cluster
        arn: str = attribute(self.eks_cluster, "arn")
        return arn

    @property
    def cluster_security_group_id(self) -> str | None:
        """The security group EKS made for the cluster (its nodes' default), when the cluster
        is an object that knows it; None for a cluster ARN."""
        cluster = self.eks_cluster
        if isinstance(cluster, ImportedEksCluster):
            return cluster.cluster_security_group_id
        vpc_config = None if isinstance(cluster, str) else getattr(cluster, "vpc_config", None)
        if vpc_config is None:
            return None
        if hasattr(vpc_config, "get"):  # DataAwsEksCluster: a list of one block
            vpc_config = vpc_config.get(0)
        value: str = vpc_config.cluster_security_group_id
        return value

    @property
    def eks_cluster_name(self) -> str:
        if isinstance(self.eks_cluster, str):
            return name_from_arn(
                "eks_configuration.eks_cluster", self.eks_cluster, service="eks", resource_type="cluster"
            )
        name: str = attribute(self.eks_cluster, "name")
        return name


class ClusterAccess(Construct):
    """The access entries of a compute environment on EKS (``EksConfiguration.cluster_access``).

    Each is created only where the cluster's authentication mode uses access entries (a
    ``count`` on the mode Terraform reads at plan time), so one program serves clusters of
    every mode.

    Attributes:
        node_entry: the ``EC2_LINUX`` access entry of the nodes' role (None when the
            environment was given an instance profile: its role is not known here).
        namespace_policy: the ``AWSBatchNamespacePolicy`` association for Batch's
            service-linked role (``API`` clusters, where Batch creates its own entry).

    Raises:
        ValidationError: ``cluster_name`` empty; ``provider`` that is not an ``AwsProvider`` of the same
            stack, or ``region`` that is not a region code.
        EngineMismatchError: ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
    """

    def __init__(self, scope: Construct, construct_id: str, *, configuration: EksConfiguration) -> None:
        super().__init__(scope, construct_id)
        remember_parent(self, scope, construct_id)
        self.configuration = configuration
        self.cluster_name, self.authentication_mode = _cluster_facts(self, configuration)
        self.node_entry: Any = None
        self.namespace_policy: Any = None

    def add_node_role(self, role_arn: str) -> Any:
        """The nodes' access entry (where the mode is not ``CONFIG_MAP``).

        Raises:
            EngineMismatchError: an object of the other engine's app than the cluster access's.
        """
        self.node_entry = _render_node_entry(self, self.cluster_name, self.authentication_mode, role_arn)
        return self.node_entry

    def add_batch_policy(self, depends_on: Any) -> Any:
        """The namespace policy of Batch's own entry (``API`` mode), after ``depends_on`` (the
        environment, whose creation makes Batch create its entry).

        Raises:
            EngineMismatchError: an object of the other engine's app than the cluster access's.
        """
        self.namespace_policy = _render_namespace_policy(
            self,
            self.cluster_name,
            self.authentication_mode,
            self.configuration.kubernetes_namespace,
            depends_on,
        )
        return self.namespace_policy


# AWS's "Prepare your Amazon EKS cluster for AWS Batch": what the user aws-batch may do, on the
# cluster and in the namespace. (apiGroups, resources, verbs)
_CLUSTER_RULES = (
    ([""], ["namespaces"], ["get"]),
    ([""], ["nodes"], ["get", "list", "watch"]),
    ([""], ["pods"], ["get", "list", "watch"]),
    ([""], ["events"], ["list"]),
    ([""], ["configmaps"], ["get", "list", "watch"]),
    (["apps"], ["daemonsets", "deployments", "statefulsets", "replicasets"], ["get", "list", "watch"]),
    (["rbac.authorization.k8s.io"], ["clusterroles", "clusterrolebindings"], ["get", "list"]),
)
_NAMESPACE_RULES = (
    ([""], ["pods"], ["create", "get", "list", "watch", "delete", "patch"]),
    ([""], ["serviceaccounts"], ["get", "list"]),
    (["rbac.authorization.k8s.io"], ["roles", "rolebindings"], ["get", "list"]),
)


def rbac_manifest(kubernetes_namespace: str) -> str:
    """The Kubernetes objects Batch needs on a cluster that does not give it an access policy
    (``CONFIG_MAP`` and ``API_AND_CONFIG_MAP`` authentication modes): the namespace, the cluster
    role and role of the user ``aws-batch`` and their bindings, as one ``kubectl apply -f``
    document (JSON). Batch's role must also be mapped to ``aws-batch`` in ``aws-auth``.

    Raises:
        ValidationError: ``kubernetes_namespace`` empty, ``default`` or starting with ``kube-``.
    """
    EksConfiguration(
        eks_cluster="arn:aws:eks:us-east-1:000000000000:cluster/check", kubernetes_namespace=kubernetes_namespace
    )
    user = [{"kind": "User", "name": "aws-batch", "apiGroup": "rbac.authorization.k8s.io"}]

    def rules(table: tuple[tuple[list[str], list[str], list[str]], ...]) -> list[dict[str, list[str]]]:
        return [{"apiGroups": groups, "resources": kinds, "verbs": verbs} for groups, kinds, verbs in table]

    def reference(kind: str, name: str) -> dict[str, str]:
        return {"apiGroup": "rbac.authorization.k8s.io", "kind": kind, "name": name}

    namespaced = {"namespace": kubernetes_namespace}
    items = [
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": kubernetes_namespace}},
        {
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "ClusterRole",
            "metadata": {"name": "aws-batch-cluster-role"},
            "rules": rules(_CLUSTER_RULES),
        },
        {
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "ClusterRoleBinding",
            "metadata": {"name": "aws-batch-cluster-role-binding"},
            "subjects": user,
            "roleRef": reference("ClusterRole", "aws-batch-cluster-role"),
        },
        {
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "Role",
            "metadata": {"name": "aws-batch-compute-environment-role", **namespaced},
            "rules": rules(_NAMESPACE_RULES),
        },
        {
            "apiVersion": "rbac.authorization.k8s.io/v1",
            "kind": "RoleBinding",
            "metadata": {"name": "aws-batch-compute-environment-role-binding", **namespaced},
            "subjects": user,
            "roleRef": reference("Role", "aws-batch-compute-environment-role"),
        },
    ]
    return json.dumps({"apiVersion": "v1", "kind": "List", "items": items}, indent=2) + "\n"


def _cluster_facts(scope: Construct, configuration: EksConfiguration) -> tuple[str, str]:
    """The cluster's name and authentication mode (tokens Terraform resolves at plan time)."""
    cluster = configuration.eks_cluster
    if isinstance(cluster, str):
        cluster = ImportedEksCluster(scope, "Cluster", cluster_name=configuration.eks_cluster_name)
    if isinstance(cluster, ImportedEksCluster):
        cluster = cluster.resource
    access_config = cluster.access_config
    if hasattr(access_config, "get"):  # a data source: a list of one block
        access_config = access_config.get(0)
    # A cluster that reports no access configuration (made before access entries existed, or
    # an emulator's) authenticates with aws-auth only.
    mode: str = engine_of(scope).core.Fn.try_([access_config.authentication_mode, "CONFIG_MAP"])
    return attribute(cluster, "name"), mode


class ImportedEksCluster(Construct):
    """An existing EKS cluster, read by name with the ``aws_eks_cluster`` data source.

    Attributes:
        resource: the provider's ``DataAwsEksCluster``.

    Raises:
        ValidationError: ``cluster_name`` empty; ``provider`` that is not an ``AwsProvider`` of the same
            stack, or ``region`` that is not a region code.
        EngineMismatchError: ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        cluster_name: str,
        provider: AwsProvider | None = None,
        region: str | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        remember_parent(self, scope, construct_id)
        place(self, provider=provider, region=region)
        check_string(
            "cluster_name",
            cluster_name,
            pattern=_CLUSTER_NAME,
            rule="must be an EKS cluster name: 1-100 letters, digits, '-' and '_', starting with a letter or digit",
        )
        self.resource: DataAwsEksCluster = _render_lookup(self, cluster_name)

    @property
    def arn(self) -> str:
        value: str = attribute(self.resource, "arn")
        return value

    @property
    def name(self) -> str:
        value: str = attribute(self.resource, "name")
        return value

    @property
    def cluster_security_group_id(self) -> str:
        """The security group EKS made for the cluster: give it to the environment's
        ``security_groups`` to let its nodes talk to the control plane and other nodes."""
        value: str = self.resource.vpc_config.get(0).cluster_security_group_id
        return value


class EksCluster:
    """Factories for EKS clusters Batch runs jobs on."""

    @staticmethod
    def from_cluster_name(
        scope: Construct,
        construct_id: str,
        cluster_name: str,
        *,
        provider: AwsProvider | None = None,
        region: str | None = None,
    ) -> ImportedEksCluster:
        """An existing cluster by name (the ``aws_eks_cluster`` data source, of ``provider`` in
        ``region``).

        Raises:
            ValidationError: ``cluster_name`` empty; ``provider`` that is not an ``AwsProvider`` of the same
                stack, or ``region`` that is not a region code.
            EngineMismatchError: ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
        """
        return ImportedEksCluster(scope, construct_id, cluster_name=cluster_name, provider=provider, region=region)


# Batch's identity in EKS: its service-linked role, with its path (access entries take it).
_BATCH_ROLE = "role/aws-service-role/batch.amazonaws.com/AWSServiceRoleForBatch"


def _render_node_entry(scope: Construct, cluster_name: str, mode: str, role_arn: str) -> EksAccessEntry:
    core = engine_of(scope).core
    return placed(scope).EksAccessEntry(
        scope,
        "NodeAccessEntry",
        cluster_name=cluster_name,
        principal_arn=role_arn,
        type="EC2_LINUX",
        count=core.Token.as_number(core.Fn.conditional(core.Op.eq(mode, "CONFIG_MAP"), 0, 1)),
    )


def _render_namespace_policy(
    scope: Construct, cluster_name: str, mode: str, namespace: str, depends_on: Any
) -> EksAccessPolicyAssociation:
    core = engine_of(scope).core
    aws = placed(scope)
    return aws.EksAccessPolicyAssociation(
        scope,
        "BatchNamespacePolicy",
        cluster_name=cluster_name,
        principal_arn=f"arn:{_context.partition(scope)}:iam::{_context.account_id(scope)}:{_BATCH_ROLE}",
        policy_arn=f"arn:{_context.partition(scope)}:eks::aws:cluster-access-policy/AWSBatchNamespacePolicy",
        access_scope=aws.EksAccessPolicyAssociationAccessScope(type="namespace", namespaces=[namespace]),
        count=core.Token.as_number(core.Fn.conditional(core.Op.eq(mode, "API"), 1, 0)),
        depends_on=[depends_on],
    )


def _render_lookup(scope: Construct, name: str) -> DataAwsEksCluster:
    aws = placed(scope)
    return aws.DataAwsEksCluster(scope, "Resource", name=name)
