"""Apply, re-plan and destroy synthesized stacks with the real Terraform and AWS provider,
against the ``moto`` AWS emulator running in this process on a loopback port.

The emulator is not AWS. Where it differs in a way that matters here, ``Emulator`` bridges
the gap in the emulator (never in the library), each bridge with the reason:

- moto refuses a compute environment without ``serviceRole``; AWS then uses the Batch
  service-linked role. The bridge creates that role and fills it in, as AWS does.
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
import shutil
import socket
import subprocess
import threading
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.terraform_check import TerraformValidator, translate_for_provider_5

ACCOUNT = "123456789012"
REGION = "us-east-1"
SERVICES = ("batch", "ec2", "iam", "ssm", "sts", "ecs", "ecr", "logs", "secretsmanager")
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

    describe = backend.describe_compute_environments

    def describe_compute_environments(self: Any, environments: Any = None) -> list[dict[str, Any]]:
        result = describe(self, environments)
        for item in result:
            environment = self._compute_environments.get(item["computeEnvironmentArn"])
            # Return the update policy that was set (moto drops it).
            policy = getattr(environment, "bridged_update_policy", None)
            if policy is not None:
                item["updatePolicy"] = policy
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
    responses.BatchResponse.updatecomputeenvironment = updatecomputeenvironment
    _BRIDGED = True


def for_emulator(doc: dict[str, Any], emulator: Emulator | str) -> dict[str, Any]:
    """``doc`` as provider 5.100 reads it, pointed at the emulator (or its endpoint), with local state."""
    doc = translate_for_provider_5(doc)
    terraform = doc.setdefault("terraform", {})
    terraform.pop("backend", None)
    terraform.pop("cloud", None)
    doc["provider"] = {"aws": [emulator_provider(emulator if isinstance(emulator, str) else emulator.endpoint)]}
    return doc


@dataclass
class Workspace:
    """A Terraform working directory that shares the validator's CLI configuration."""

    directory: Path
    validator: TerraformValidator
    log: list[str] = field(default_factory=list)

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
        self.run("apply", "-auto-approve", "-input=false", "-parallelism=20")

    def pending_changes(self) -> str:
        """The plan's text when it has changes, '' when there are none."""
        result = self.run("plan", "-detailed-exitcode", "-input=false", "-parallelism=20", check=False)
        if result.returncode == 0:
            return ""
        if result.returncode == 2:
            text = result.stdout
            return text[text.find("Terraform used the selected providers") :] if "Terraform used" in text else text
        raise AssertionError(f"terraform plan failed:\n{result.stdout[-6000:]}\n{result.stderr}")

    def destroy(self) -> None:
        self.run("destroy", "-auto-approve", "-input=false", "-parallelism=20")

    def outputs(self) -> dict[str, Any]:
        result = self.run("output", "-json")
        return {name: value["value"] for name, value in json.loads(result.stdout).items()}
