"""Apply, re-plan and destroy synthesized stacks with the real Terraform and AWS provider,
against the ``moto`` AWS emulator running in this process on a loopback port.

The emulator is not AWS. Where it differs in a way that matters here, ``Emulator`` bridges
the gap in the emulator (never in the library), each bridge with the reason:

- moto refuses a compute environment without ``serviceRole``; AWS then uses the Batch
  service-linked role (the only one it takes for an EKS environment). The bridge creates that
  role and fills it in, as AWS does.
- moto drops a compute environment's ``eksConfiguration``; the bridge stores it and returns it
  with the ``containerOrchestrationType`` (``EKS``) AWS reports.
- moto's EKS clusters lack what EKS reports of a cluster it creates: the VPC id, the cluster
  security group and the access configuration (authentication mode). ``create_eks_cluster``
  adds them, making the security group in the emulated EC2 as EKS does.
- moto has no EKS access entries and no access policy associations; the bridge keeps them per
  cluster (create, describe, list, delete; associate, list, disassociate).
- moto keeps a bucket's EventBridge notifications (``EventBridgeConfiguration``) but leaves
  them out of ``GetBucketNotificationConfiguration``; the bridge returns them.
- moto ignores ``updatePolicy`` and in-place ``computeResources`` changes of
  ``UpdateComputeEnvironment``; the bridge stores them and returns the policy once one is set.
- moto drops a queue's ``jobStateTimeLimitActions``; the bridge stores and returns them.
- moto drops a job definition's ``schedulingPriority`` and never returns its
  ``nodeProperties``; the bridge stores and returns both.
- moto does not know ``ecsProperties`` (multi-container jobs): it refuses a container job
  without ``containerProperties`` or ``eksProperties``. The bridge lets such a job register
  and stores and returns its ``ecsProperties``, as AWS does.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from tests.terraform_check import TerraformValidator, translate_for_provider_5

ACCOUNT = "123456789012"
REGION = "us-east-1"
SERVICES = (
    "batch",
    "ec2",
    "iam",
    "ssm",
    "sts",
    "ecs",
    "ecr",
    "logs",
    "secretsmanager",
    "eks",
    "scheduler",
    "events",
    "sqs",
    "sns",
    "s3",
    "kms",
)
SERVICE_LINKED_ROLE = f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/batch.amazonaws.com/AWSServiceRoleForBatch"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _one_at_a_time(app: Any) -> Any:
    lock = threading.Lock()

    def serialized(environ: Any, start_response: Any) -> Any:
        with lock:
            return app(environ, start_response)

    return serialized


class Emulator:
    """moto's server in a thread of this process, with the bridges above."""

    def __init__(self) -> None:
        os.environ["MOTO_IAM_LOAD_MANAGED_POLICIES"] = "true"  # AWS managed policies exist
        from moto.server import ThreadedMotoServer

        _install_bridges()
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self._server.start()
        # The scenarios apply side by side, and moto's backends are not thread-safe (requests
        # iterate dicts that other requests add to). Once, on a clean clone, a changed job
        # definition came out as revision 3 where 2 was due, most likely a registration the
        # provider retried after such a failure. One request at a time rules that out.
        wsgi = self._server._server
        assert wsgi is not None
        wsgi.app = _one_at_a_time(wsgi.app)
        self.reset()

    def client(self, service: str) -> Any:
        import boto3

        return boto3.client(
            service,
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def reset(self) -> None:
        request = urllib.request.Request(f"{self.endpoint}/moto-api/reset", method="POST")
        with urllib.request.urlopen(request, timeout=30):
            pass
        # The Batch service-linked role, as AWS creates it on first use.
        self.client("iam").create_role(
            RoleName="AWSServiceRoleForBatch",
            Path="/aws-service-role/batch.amazonaws.com/",
            AssumeRolePolicyDocument=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {"Effect": "Allow", "Principal": {"Service": "batch.amazonaws.com"}, "Action": "sts:AssumeRole"}
                    ],
                }
            ),
        )

    def create_eks_cluster(self, name: str) -> dict[str, Any]:
        """An EKS cluster in the default VPC's subnets, as its owners would have made it, with
        what moto leaves out of a cluster (bridged): its VPC id, the cluster security group EKS
        creates, and the access configuration (authentication mode ``API``: access entries only)."""
        from moto.eks.models import eks_backends

        ec2 = self.client("ec2")
        (vpc,) = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"]
        subnets = [
            s["SubnetId"]
            for s in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc["VpcId"]]}])["Subnets"]
        ]
        group = ec2.create_security_group(
            GroupName=f"eks-cluster-sg-{name}",
            Description="EKS created security group applied to ENI that is attached to EKS Control Plane master nodes",
            VpcId=vpc["VpcId"],
        )["GroupId"]
        self.client("eks").create_cluster(
            name=name,
            roleArn=f"arn:aws:iam::{ACCOUNT}:role/{name}-cluster",
            resourcesVpcConfig={"subnetIds": subnets},
        )
        cluster = eks_backends[ACCOUNT][REGION].clusters[name]
        cluster.resources_vpc_config = {
            **cluster.resources_vpc_config,
            "vpcId": vpc["VpcId"],
            "clusterSecurityGroupId": group,
        }
        cluster.access_config = {"authenticationMode": "API", "bootstrapClusterCreatorAdminPermissions": True}
        return {"arn": cluster.arn, "security_group_id": group, "subnet_ids": subnets, "vpc_id": vpc["VpcId"]}

    def access_entries(self, cluster_name: str) -> dict[str, dict[str, Any]]:
        """The bridged access entries of a cluster, by principal ARN."""
        return dict(_eks_cluster(cluster_name).bridged_access_entries)

    def access_policies(self, cluster_name: str) -> dict[tuple[str, str], dict[str, Any]]:
        """The bridged access policy associations of a cluster, by (principal ARN, policy ARN)."""
        return dict(_eks_cluster(cluster_name).bridged_access_policies)

    def stop(self) -> None:
        self._server.stop()

    def provider(self) -> dict[str, Any]:
        return emulator_provider(self.endpoint)


def emulator_provider(endpoint: str) -> dict[str, Any]:
    """The ``provider.aws`` block that points the provider at the emulator."""
    return {
        "region": REGION,
        "access_key": "testing",
        "secret_key": "testing",
        "skip_credentials_validation": True,
        "skip_requesting_account_id": True,
        "skip_metadata_api_check": True,
        # The emulator serves buckets on its path (there is no bucket.127.0.0.1 host).
        "s3_use_path_style": True,
        "endpoints": [{service: endpoint for service in SERVICES}],
    }


_BRIDGED = False


# Set while a RegisterJobDefinition request with ecsProperties is handled (the emulator
# serves one request at a time).
_ECS_PROPERTIES_PENDING = [False]


def _install_bridges() -> None:
    global _BRIDGED
    if _BRIDGED:
        return
    from moto.batch import models, responses

    backend = models.BatchBackend
    create = backend.create_compute_environment

    def create_compute_environment(
        self: Any,
        compute_environment_name: str,
        _type: str,
        state: str,
        compute_resources: Any,
        service_role: str,
        tags: Any = None,
    ) -> Any:
        # AWS: no serviceRole means the Batch service-linked role.
        return create(
            self, compute_environment_name, _type, state, compute_resources, service_role or SERVICE_LINKED_ROLE, tags
        )

    # moto drops eksConfiguration: keep it on the environment and return it (describe below).
    create_environment_handler = responses.BatchResponse.createcomputeenvironment

    def createcomputeenvironment(self: Any) -> str:
        result = create_environment_handler(self)
        eks = self._get_param("eksConfiguration")
        if eks:
            environment = self.batch_backend.get_compute_environment(json.loads(result)["computeEnvironmentArn"])
            environment.bridged_eks_configuration = eks
        return result  # type: ignore[no-any-return]

    describe = backend.describe_compute_environments

    def describe_compute_environments(self: Any, environments: Any = None) -> list[dict[str, Any]]:
        result = describe(self, environments)
        for item in result:
            environment = self._compute_environments.get(item["computeEnvironmentArn"])
            # Return the update policy that was set (moto drops it).
            policy = getattr(environment, "bridged_update_policy", None)
            if policy is not None:
                item["updatePolicy"] = policy
            eks = getattr(environment, "bridged_eks_configuration", None)
            if eks is not None:
                item["eksConfiguration"] = eks
                item["containerOrchestrationType"] = "EKS"
        return result

    handler = responses.BatchResponse.updatecomputeenvironment

    def updatecomputeenvironment(self: Any) -> str:
        environment = self.batch_backend.get_compute_environment(self._get_param("computeEnvironment"))
        if environment is not None:
            policy = self._get_param("updatePolicy")
            if policy:
                current = getattr(
                    environment,
                    "bridged_update_policy",
                    {"terminateJobsOnUpdate": False, "jobExecutionTimeoutMinutes": 30},
                )
                environment.bridged_update_policy = {**current, **policy}
            changes = self._get_param("computeResources")
            if changes and environment.compute_resources is not None:
                environment.compute_resources = {**environment.compute_resources, **changes}
        return handler(self)  # type: ignore[no-any-return]

    # moto drops jobStateTimeLimitActions; keep them on the queue and return them.
    create_queue_handler = responses.BatchResponse.createjobqueue
    update_queue_handler = responses.BatchResponse.updatejobqueue

    def keep_time_limit_actions(self: Any, queue_name: str) -> None:
        actions = self._get_param("jobStateTimeLimitActions")
        queue = self.batch_backend.get_job_queue(queue_name)
        if queue is not None and actions is not None:
            queue.bridged_time_limit_actions = actions

    def createjobqueue(self: Any) -> str:
        result = create_queue_handler(self)
        keep_time_limit_actions(self, self._get_param("jobQueueName"))
        return result  # type: ignore[no-any-return]

    def updatejobqueue(self: Any) -> str:
        result = update_queue_handler(self)
        keep_time_limit_actions(self, self._get_param("jobQueue"))
        return result  # type: ignore[no-any-return]

    describe_queue = models.JobQueue.describe

    def describe_job_queue(self: Any) -> dict[str, Any]:
        result = describe_queue(self)
        result["jobStateTimeLimitActions"] = getattr(self, "bridged_time_limit_actions", [])
        return result  # type: ignore[no-any-return]

    # moto drops a job definition's schedulingPriority and never returns nodeProperties.
    register_handler = responses.BatchResponse.registerjobdefinition

    def registerjobdefinition(self: Any) -> str:
        ecs_properties = self._get_param("ecsProperties")
        _ECS_PROPERTIES_PENDING[0] = ecs_properties is not None
        try:
            result = register_handler(self)
        finally:
            _ECS_PROPERTIES_PENDING[0] = False
        definition = self.batch_backend.get_job_definition_by_arn(json.loads(result)["jobDefinitionArn"])
        if definition is not None:
            definition.bridged_scheduling_priority = self._get_param("schedulingPriority")
            definition.bridged_ecs_properties = ecs_properties
        return result  # type: ignore[no-any-return]

    # moto does not know ecsProperties: let a container job that has them register.
    validate_definition = models.JobDefinition._validate

    def validate_job_definition(self: Any) -> None:
        if self.type == "container" and self.container_properties is None and _ECS_PROPERTIES_PENDING[0]:
            return
        validate_definition(self)

    describe_definition = models.JobDefinition.describe

    def describe_job_definition(self: Any) -> dict[str, Any]:
        result = describe_definition(self)
        if self.node_properties is not None:
            result["nodeProperties"] = self.node_properties
        priority = getattr(self, "bridged_scheduling_priority", None)
        if priority is not None:
            result["schedulingPriority"] = priority
        ecs_properties = getattr(self, "bridged_ecs_properties", None)
        if ecs_properties is not None:
            result["ecsProperties"] = ecs_properties
        return result  # type: ignore[no-any-return]

    responses.BatchResponse.registerjobdefinition = registerjobdefinition
    models.JobDefinition._validate = validate_job_definition
    models.JobDefinition.describe = describe_job_definition
    responses.BatchResponse.createjobqueue = createjobqueue
    responses.BatchResponse.updatejobqueue = updatejobqueue
    models.JobQueue.describe = describe_job_queue
    backend.create_compute_environment = create_compute_environment
    backend.describe_compute_environments = describe_compute_environments
    responses.BatchResponse.createcomputeenvironment = createcomputeenvironment
    _bridge_access_entries()
    _bridge_bucket_event_bridge()
    responses.BatchResponse.updatecomputeenvironment = updatecomputeenvironment
    _BRIDGED = True


# EKS access entries (moto has none): /clusters/<name>/access-entries[/<principal ARN>
# [/access-policies[/<policy ARN>]]], the ARNs percent-encoded in the request's path.
_ACCESS_ENTRY_PATH = re.compile(
    r"/clusters/(?P<cluster>[^/]+)/access-entries(?:/(?P<principal>.+?))?"
    r"(?P<policies>/access-policies(?:/(?P<policy>.+))?)?$"
)


def _eks_cluster(name: str) -> Any:
    from moto.eks.models import eks_backends

    cluster = eks_backends[ACCOUNT][REGION].clusters.get(name)
    if cluster is not None and not hasattr(cluster, "bridged_access_entries"):
        cluster.bridged_access_entries = {}
        cluster.bridged_access_policies = {}
    return cluster


def _eks_error(status: int, code: str, message: str) -> tuple[int, dict[str, str], str]:
    return status, {"x-amzn-ErrorType": code, "Content-Type": "application/json"}, json.dumps({"message": message})


def _access_entries(request: Any, full_url: str, headers: Any) -> tuple[int, dict[str, str], str]:
    """The access entry and access policy operations of the EKS API, kept on moto's cluster."""
    match = _ACCESS_ENTRY_PATH.search(unquote(urlsplit(full_url).path))
    assert match is not None, full_url
    cluster = _eks_cluster(match["cluster"])
    if cluster is None:
        return _eks_error(404, "ResourceNotFoundException", f"No cluster found for name: {match['cluster']}.")
    entries: dict[str, dict[str, Any]] = cluster.bridged_access_entries
    policies: dict[tuple[str, str], dict[str, Any]] = cluster.bridged_access_policies
    body = json.loads(getattr(request, "data", None) or getattr(request, "body", None) or b"{}")
    method, principal, policy = request.method, match["principal"], match["policy"]
    now = time.time()
    ok = {"Content-Type": "application/json"}
    if principal is None and method == "POST":  # CreateAccessEntry
        principal = body["principalArn"]
        if principal in entries:
            return _eks_error(
                409, "ResourceInUseException", "The specified access entry resource is already in use on this cluster."
            )
        kind = body.get("type", "STANDARD")
        entries[principal] = {
            "clusterName": cluster.name,
            "principalArn": principal,
            "kubernetesGroups": body.get("kubernetesGroups", []),
            "accessEntryArn": f"arn:aws:eks:{REGION}:{ACCOUNT}:access-entry/{cluster.name}/{uuid.uuid4()}",
            "createdAt": now,
            "modifiedAt": now,
            "tags": body.get("tags", {}),
            "username": body.get("username")
            or ("system:node:{{EC2PrivateDNSName}}" if kind == "EC2_LINUX" else principal),
            "type": kind,
        }
        return 200, ok, json.dumps({"accessEntry": entries[principal]})
    if principal is None:  # ListAccessEntries
        return 200, ok, json.dumps({"accessEntries": sorted(entries)})
    if match["policies"] is None:
        if principal not in entries:
            return _eks_error(404, "ResourceNotFoundException", "The specified principalArn could not be found.")
        if method == "DELETE":  # DeleteAccessEntry (with its policy associations)
            del entries[principal]
            for key in [key for key in policies if key[0] == principal]:
                del policies[key]
            return 200, ok, "{}"
        return 200, ok, json.dumps({"accessEntry": entries[principal]})  # DescribeAccessEntry
    # AWS associates a policy with an existing access entry only. On an API cluster, Batch
    # creates its own entry (for its service-linked role) when the environment is created; the
    # emulator has no such link between Batch and EKS, so a missing entry is accepted here.
    if policy is None and method == "POST":  # AssociateAccessPolicy
        association = {
            "policyArn": body["policyArn"],
            "accessScope": body["accessScope"],
            "associatedAt": now,
            "modifiedAt": now,
        }
        policies[(principal, body["policyArn"])] = association
        return (
            200,
            ok,
            json.dumps({"clusterName": cluster.name, "principalArn": principal, "associatedAccessPolicy": association}),
        )
    if policy is None:  # ListAssociatedAccessPolicies
        associated = [value for (who, _), value in sorted(policies.items()) if who == principal]
        return (
            200,
            ok,
            json.dumps(
                {"clusterName": cluster.name, "principalArn": principal, "associatedAccessPolicies": associated}
            ),
        )
    if policies.pop((principal, policy), None) is None:  # DisassociateAccessPolicy
        return _eks_error(404, "ResourceNotFoundException", "The specified policy association could not be found.")
    return 200, ok, "{}"


def _bridge_access_entries() -> None:
    from moto.eks import urls

    urls.url_paths["{0}/clusters/(?P<name>[^/]+)/access-entries(?P<rest>.*)$"] = _access_entries


def _bridge_bucket_event_bridge() -> None:
    """moto stores EventBridgeConfiguration and leaves it out of what it returns: add it."""
    from moto.s3.responses import S3Response

    get_notification = S3Response.get_bucket_notification

    def get_bucket_notification(self: Any) -> Any:
        configuration = self.backend.get_bucket_notification_configuration(self.bucket_name)
        if configuration is None or configuration.event_bridge is None:
            return get_notification(self)
        serialized = self.serialized

        def with_event_bridge(result: Any) -> Any:
            result.result["EventBridgeConfiguration"] = {}
            return serialized(result)

        self.serialized = with_event_bridge
        try:
            return get_notification(self)
        finally:
            del self.serialized

    S3Response.get_bucket_notification = get_bucket_notification


def for_emulator(doc: dict[str, Any], emulator: Emulator | str) -> dict[str, Any]:
    """``doc`` as provider 5.100 reads it, pointed at the emulator (or its endpoint), with local state."""
    doc = translate_for_provider_5(doc)
    terraform = doc.setdefault("terraform", {})
    terraform.pop("backend", None)
    terraform.pop("cloud", None)
    doc["provider"] = {"aws": [emulator_provider(emulator if isinstance(emulator, str) else emulator.endpoint)]}
    return doc


def as_modules(docs: dict[str, dict[str, Any]], emulator: Emulator | str) -> dict[str, dict[str, Any]]:
    """One root configuration that applies each of ``docs`` as a module, by file path.

    Terraform starts the AWS provider (a 700 MB program, seconds of CPU) for every provider
    configuration in every walk of every command: stacks applied one workspace each cost five
    times the starts of the same stacks as modules of one root, which share the root's provider.
    The modules are the stacks as ``for_emulator`` writes them, less their provider block; the
    root re-exports each module's outputs as ``<stack>__<output>`` (see ``split_outputs``).
    """
    files: dict[str, dict[str, Any]] = {}
    root: dict[str, Any] = {"provider": {}, "module": {}, "output": {}}
    for name, doc in docs.items():
        module = for_emulator(doc, emulator)
        root["provider"] = module.pop("provider")
        root.setdefault("terraform", {})["required_providers"] = module["terraform"]["required_providers"]
        files[f"{name}/main.tf.json"] = module
        root["module"][name] = {"source": f"./{name}"}
        for output, body in module.get("output", {}).items():
            root["output"][f"{name}__{output}"] = {
                "value": f"${{module.{name}.{output}}}",
                **({"sensitive": True} if body.get("sensitive") else {}),
            }
    files["main.tf.json"] = root
    return files


def split_outputs(outputs: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The root's ``<stack>__<output>`` outputs, by stack."""
    by_stack: dict[str, dict[str, Any]] = {}
    for key, value in outputs.items():
        stack, output = key.split("__", 1)
        by_stack.setdefault(stack, {})[output] = value
    return by_stack


@dataclass
class Workspace:
    """A Terraform working directory that shares the validator's CLI configuration."""

    directory: Path
    validator: TerraformValidator
    log: list[str] = field(default_factory=list)
    # Operations at once (Terraform's default is 10): the provider mostly waits, on the
    # emulator's one-at-a-time requests and between its polls of what it changed.
    parallelism: int = 20

    def __post_init__(self) -> None:
        self.validator._ensure_init()
        self.directory.mkdir(parents=True, exist_ok=True)
        # The validator's init already unpacked the provider: reuse it rather than init again.
        shutil.copy(self.validator.workdir / ".terraform.lock.hcl", self.directory)
        target = self.directory / ".terraform"
        if not target.exists():
            shutil.copytree(self.validator.workdir / ".terraform", target, symlinks=True)

    def write(self, doc: dict[str, Any]) -> None:
        (self.directory / "main.tf.json").write_text(json.dumps(doc, indent=1, sort_keys=True))

    def write_files(self, files: dict[str, dict[str, Any]]) -> None:
        """A root configuration and its local modules (``as_modules``), the modules installed."""
        for path, doc in files.items():
            (self.directory / path).parent.mkdir(parents=True, exist_ok=True)
            (self.directory / path).write_text(json.dumps(doc, indent=1, sort_keys=True))
        self.run("get")  # records the local modules; the provider is in .terraform already

    def run(self, *args: str, check: bool = True, timeout: int = 900) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            ["terraform", *args, "-no-color"],
            cwd=self.directory,
            env=self.validator.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        self.log.append(
            f"$ terraform {' '.join(args)} -> {result.returncode}\n{result.stdout[-4000:]}\n{result.stderr}"
        )
        if check and result.returncode != 0:
            raise AssertionError(f"terraform {' '.join(args)} failed:\n{result.stdout[-6000:]}\n{result.stderr}")
        return result

    def apply(self) -> None:
        self.run("apply", "-auto-approve", "-input=false", f"-parallelism={self.parallelism}")

    def pending_changes(self) -> str:
        """The plan's text when it has changes, '' when there are none."""
        result = self.run("plan", "-detailed-exitcode", "-input=false", f"-parallelism={self.parallelism}", check=False)
        if result.returncode == 0:
            return ""
        if result.returncode == 2:
            text = result.stdout
            return text[text.find("Terraform used the selected providers") :] if "Terraform used" in text else text
        raise AssertionError(f"terraform plan failed:\n{result.stdout[-6000:]}\n{result.stderr}")

    def destroy(self) -> None:
        self.run("destroy", "-auto-approve", "-input=false", f"-parallelism={self.parallelism}")

    def outputs(self) -> dict[str, Any]:
        result = self.run("output", "-json")
        return {name: value["value"] for name, value in json.loads(result.stdout).items()}
