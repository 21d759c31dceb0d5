"""AWS Batch on Amazon EKS: the cluster a compute environment places its jobs in.

Batch runs EKS jobs as pods in a namespace of an existing cluster, on EC2 nodes it launches
and joins to the cluster. What the cluster needs besides the environment (the namespace, and
Batch's access to it) is listed in ``EksConfiguration``'s docstring and the README.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from cdktf_batch._arn import name_from_arn
from cdktf_batch._engine import Construct, engine_of
from cdktf_batch._naming import attribute, remember_parent
from cdktf_batch._validation import check_string, fail, is_unresolved

if TYPE_CHECKING:
    from cdktf_cdktf_provider_aws.data_aws_eks_cluster import DataAwsEksCluster

__all__ = ["EksCluster", "EksConfiguration", "IEksCluster", "ImportedEksCluster"]

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
    """

    eks_cluster: Any
    """The cluster: an ``IEksCluster`` or a cluster ARN. Give an object rather than an ARN to
    let the environment's nodes use the cluster's security group by default."""
    kubernetes_namespace: str
    """Where the job pods run: a Kubernetes namespace name (not ``default``, not ``kube-*``)."""

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


class ImportedEksCluster(Construct):
    """An existing EKS cluster, read by name with the ``aws_eks_cluster`` data source.

    Attributes:
        resource: the provider's ``DataAwsEksCluster``.
    """

    def __init__(self, scope: Construct, construct_id: str, *, cluster_name: str) -> None:
        super().__init__(scope, construct_id)
        remember_parent(self, scope, construct_id)
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
    def from_cluster_name(scope: Construct, construct_id: str, cluster_name: str) -> ImportedEksCluster:
        """An existing cluster by name (the ``aws_eks_cluster`` data source)."""
        return ImportedEksCluster(scope, construct_id, cluster_name=cluster_name)


def _render_lookup(scope: Construct, name: str) -> DataAwsEksCluster:
    aws = engine_of(scope).aws
    return aws.DataAwsEksCluster(scope, "Resource", name=name)
