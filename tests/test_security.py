"""Secure defaults, checked on what we synthesize, and a checkov scan of every example stack.

A checkov finding we decide not to follow is listed in ``ACCEPTED`` for that one construct,
with the reason; nothing is skipped globally."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from examples.main import build
from tests import engine
from tests.conftest import ROOT
from tests.terraform_check import require

CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"

# (check id, logical id pattern) -> why we accept the finding for that construct alone.
ACCEPTED: dict[tuple[str, str], str] = {
    ("CKV_AWS_130", r"VPC_PublicSubnet\d+_.*"): (
        "Vpc's public subnets hold the NAT gateways and, when a user selects them, instances that "
        "must reach ECS and ECR; they map public IPs by design. Compute environments use the "
        "private subnets by default."
    ),
    ("CKV2_AWS_11", r"VPC_Vpc_.*"): (
        "Vpc creates no flow logs: where they go (CloudWatch, S3, retention, KMS key) is an "
        "organisation's choice; attach an aws_flow_log to vpc.resource."
    ),
    ("CKV_AWS_394", r"VPC_AvailabilityZones_.*"): (
        "Vpc takes the first max_azs zones by position; a new zone is appended to the list "
        "and does not move the subnets. Give availability_zones to pin them."
    ),
    ("CKV_AWS_149", r"Database"): "An example secret in the example app, not created by cdktf_batch.",
    ("CKV2_AWS_57", r"Database"): "An example secret in the example app, not created by cdktf_batch.",
    ("CKV_AWS_26", r"JobFailures"): (
        "The example app's notification topic: EventBridge cannot publish to a topic encrypted with the AWS "
        "managed key (alias/aws/sns), and a customer managed key for job names and statuses is left to users "
        "(docs/guides/schedules-and-triggers.md, Notifications); not created by cdktf_batch."
    ),
}


@pytest.fixture(scope="module")
def docs() -> dict[str, dict[str, Any]]:
    app = build(engine.Testing.app())
    return {stack.node.id: json.loads(engine.Testing.synth(stack)) for stack in app.node.children}


def accepted(check_id: str, resource: str) -> bool:
    logical_id = resource.rsplit(".", 1)[-1]
    return any(check == check_id and re.fullmatch(pattern, logical_id) for check, pattern in ACCEPTED)


def test_checkov_finds_nothing_we_have_not_accepted(docs: dict[str, dict[str, Any]], tmp_path: Path) -> None:
    installed = CHECKOV.exists() or shutil.which("checkov") is not None
    require(None if installed else "checkov is not installed (make test installs it)", "The checkov scan")
    for name, doc in docs.items():
        (tmp_path / f"{name}.tf.json").write_text(json.dumps(doc, indent=1))
    executable = str(CHECKOV) if CHECKOV.exists() else "checkov"
    result = subprocess.run(
        [executable, "-d", str(tmp_path), "--framework", "terraform_json", "-o", "json", "--quiet", "--skip-download"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    reports = json.loads(result.stdout)
    reports = reports if isinstance(reports, list) else [reports]
    failed = [check for report in reports for check in report.get("results", {}).get("failed_checks", [])]
    passed = sum(report.get("summary", {}).get("passed", 0) for report in reports)
    assert passed > 100, "checkov checked almost nothing"
    unaccepted = [
        f"{c['check_id']} {c['resource']}: {c['check_name']}"
        for c in failed
        if not accepted(c["check_id"], c["resource"])
    ]
    assert not unaccepted, "\n".join(unaccepted)


def policy_documents(doc: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every IAM permission policy in a document (inline role policies)."""
    return [
        (name, json.loads(body["policy"]))
        for name, body in doc.get("resource", {}).get("aws_iam_role_policy", {}).items()
    ]


# AWS allows only "*" for these actions: they act on no resource (the Service Authorization
# Reference lists no resource type for them). The ssmmessages channel is what ECS Exec needs.
RESOURCE_LESS_ACTIONS = {
    "ecr:GetAuthorizationToken",
    "ssmmessages:CreateControlChannel",
    "ssmmessages:CreateDataChannel",
    "ssmmessages:OpenControlChannel",
    "ssmmessages:OpenDataChannel",
}


def policy_problems(policy: dict[str, Any]) -> list[str]:
    """What makes a permission policy broader than least privilege."""
    problems = []
    for statement in policy["Statement"]:
        actions = statement["Action"] if isinstance(statement["Action"], list) else [statement["Action"]]
        resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
        problems += [f"wildcard action {a}" for a in actions if "*" in a]
        if "*" in resources and not set(actions) <= RESOURCE_LESS_ACTIONS:
            problems.append(f"{actions} on every resource")
        if statement.get("Effect") != "Allow" or "NotAction" in statement or "NotResource" in statement:
            problems.append("unexpected statement shape")
    return problems


def test_policies_name_their_actions_and_resources(docs: dict[str, dict[str, Any]]) -> None:
    found = [(stack, name, policy) for stack, doc in docs.items() for name, policy in policy_documents(doc)]
    assert len(found) >= 3
    for stack, name, policy in found:
        assert not policy_problems(policy), (stack, name, policy_problems(policy))


def test_a_wildcard_action_is_caught() -> None:
    """The check above fails on a deliberately insecure policy."""
    insecure = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "batch:*", "Resource": ["arn:x"]}]}
    assert policy_problems(insecure) == ["wildcard action batch:*"]
    everything = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "ssm:GetParameters", "Resource": "*"}],
    }
    assert policy_problems(everything) == ["['ssm:GetParameters'] on every resource"]


def test_trust_policies_name_one_service(docs: dict[str, dict[str, Any]]) -> None:
    for doc in docs.values():
        for role in doc.get("resource", {}).get("aws_iam_role", {}).values():
            (statement,) = json.loads(role["assume_role_policy"])["Statement"]
            assert statement["Action"] == "sts:AssumeRole"
            assert list(statement["Principal"]) == ["Service"]
            assert isinstance(statement["Principal"]["Service"], str)


def test_no_administrator_access(docs: dict[str, dict[str, Any]]) -> None:
    for doc in docs.values():
        for attachment in doc.get("resource", {}).get("aws_iam_role_policy_attachment", {}).values():
            assert "AdministratorAccess" not in attachment["policy_arn"]
            assert attachment["policy_arn"].endswith(
                (
                    "AmazonEC2ContainerServiceforEC2Role",
                    "AmazonEC2SpotFleetTaggingRole",
                    # the nodes of an EKS compute environment
                    "AmazonEKSWorkerNodePolicy",
                    "AmazonEKS_CNI_Policy",
                    "AmazonEC2ContainerRegistryPullOnly",
                )
            )


def test_security_groups_open_no_ingress(docs: dict[str, dict[str, Any]]) -> None:
    for doc in docs.values():
        resources = doc.get("resource", {})
        assert "aws_vpc_security_group_ingress_rule" not in resources
        assert "aws_security_group_rule" not in resources
        for group in resources.get("aws_security_group", {}).values():
            assert "ingress" not in group
        for group in resources.get("aws_default_security_group", {}).values():
            assert "ingress" not in group and "egress" not in group


def test_launch_templates_require_imdsv2(docs: dict[str, dict[str, Any]]) -> None:
    templates = [t for doc in docs.values() for t in doc.get("resource", {}).get("aws_launch_template", {}).values()]
    assert templates
    assert all(t["metadata_options"]["http_tokens"] == "required" for t in templates)


def test_secrets_never_appear_as_plain_environment_values(docs: dict[str, dict[str, Any]]) -> None:
    for doc in docs.values():
        for definition in doc.get("resource", {}).get("aws_batch_job_definition", {}).values():
            container = json.loads(definition.get("container_properties", "{}"))
            names = {e["name"] for e in container.get("environment", [])}
            secrets = {s["name"] for s in container.get("secrets", [])}
            assert not names & secrets
            assert not any(re.search(r"(?i)password|secret|token", name) for name in names)
