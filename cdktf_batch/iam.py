"""IAM helpers: accepting roles and instance profiles in the forms users have, and the
least-privilege roles cdktf_batch creates when none is given.

A role argument is the provider's ``IamRole`` resource, its ``DataAwsIamRole`` data source,
or a role ARN. An instance profile argument is the provider's ``IamInstanceProfile``
resource or data source, or the profile's ARN or name (a name is looked up)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from cdktf_batch import _json, guardrails
from cdktf_batch._context import partition, place, placed
from cdktf_batch._engine import Construct, Fn, check_engine
from cdktf_batch._naming import attribute, generated_name, node_of, remember_parent
from cdktf_batch._validation import fail, is_unresolved
from cdktf_batch.guardrails import RoleOptions

if TYPE_CHECKING:
    from cdktf_cdktf_provider_aws.iam_role import IamRole
    from cdktf_cdktf_provider_aws.iam_role_policy import IamRolePolicy
    from cdktf_cdktf_provider_aws.iam_role_policy_attachment import IamRolePolicyAttachment
    from cdktf_cdktf_provider_aws.provider import AwsProvider

__all__ = ["IRole", "InstanceProfileLike", "RoleLike", "ServiceRole", "grant_submit_job"]


@runtime_checkable
class IRole(Protocol):
    """Anything with a role ARN and name: the provider's ``IamRole`` or ``DataAwsIamRole``."""

    @property
    def arn(self) -> str: ...

    @property
    def name(self) -> str: ...


@runtime_checkable
class _HasArn(Protocol):
    @property
    def arn(self) -> str: ...


RoleLike = IRole | str
"""A role: the provider's ``IamRole`` resource or data source, or a role ARN."""

InstanceProfileLike = _HasArn | str
"""An instance profile: the provider's ``IamInstanceProfile`` (resource or data source),
or the profile's ARN or name."""

_ROLE_ARN = re.compile(r"arn:[a-z0-9-]+:iam::\d{12}:role/[\w+=,.@/-]{1,512}")
_PROFILE_ARN = re.compile(r"arn:[a-z0-9-]+:iam::\d{12}:instance-profile/[\w+=,.@/-]{1,512}")
_PROFILE_NAME = re.compile(r"[\w+=,.@-]{1,128}")


def role_arn(argument: str, role: Any) -> str:
    """The ARN of a role argument."""
    if isinstance(role, str):
        if is_unresolved(role) or _ROLE_ARN.fullmatch(role):
            return role
        raise fail(argument, "must be an IAM role ARN (arn:<partition>:iam::<account>:role/<name>)", role)
    if isinstance(role, IRole):
        return attribute(role, "arn")  # type: ignore[no-any-return]
    raise fail(argument, "must be an IamRole resource or data source, or a role ARN", type(role).__name__)


def instance_profile_arn(scope: Construct, argument: str, profile: Any) -> str:
    """The ARN of an instance profile argument; a plain name is looked up with a data source."""
    if isinstance(profile, str):
        if is_unresolved(profile) or _PROFILE_ARN.fullmatch(profile):
            return profile
        if _PROFILE_NAME.fullmatch(profile):
            return _render_instance_profile_lookup(scope, profile)
        raise fail(argument, "must be an instance profile ARN or name", profile)
    if isinstance(profile, _HasArn):
        return attribute(profile, "arn")  # type: ignore[no-any-return]
    raise fail(
        argument,
        "must be an IamInstanceProfile resource or data source, or an instance profile ARN or name",
        type(profile).__name__,
    )


def managed_policy_arn(scope: Construct, path_and_name: str) -> str:
    """The ARN of an AWS managed policy, e.g. ``service-role/AWSBatchServiceRole``."""
    return f"arn:{partition(scope)}:iam::aws:policy/{path_and_name}"


def trust_policy(service: str, *, source_account: str | None = None) -> str:
    """A trust policy that lets exactly one AWS service assume the role; with
    ``source_account``, only on behalf of that account (against the confused deputy)."""
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"Service": service},
        "Action": "sts:AssumeRole",
    }
    if source_account is not None:
        statement["Condition"] = {"StringEquals": {"aws:SourceAccount": source_account}}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]}, separators=(",", ":"))


class ServiceRole(Construct):
    """A role for one AWS service with AWS managed policies attached.

    Created by the constructs that need one; exposed so users can attach more policies.
    ``attachments`` are what a resource using the role should depend on, so that
    ``terraform destroy`` does not strip the role's permissions before that resource is gone.
    The role's permissions boundary and path are ``role_options``, else the scope's (see
    ``RoleOptions``).

    Raises:
        ValidationError: ``provider`` that is not an ``AwsProvider`` of the same stack, or ``region`` that is
            not a region code; ``role_options`` or the context's role settings with a boundary that is not a
            managed policy ARN or a path that is not ``/`` or ``/.../``.
        EngineMismatchError: ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        service: str,
        managed_policies: Sequence[str],
        description: str,
        tags: Mapping[str, str] | None = None,
        source_account: str | None = None,
        role_options: RoleOptions | None = None,
        provider: AwsProvider | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        remember_parent(self, scope, construct_id)
        place(self, provider=provider, region=None)
        self.role: IamRole = _render_role(
            self,
            trust=trust_policy(service, source_account=source_account),
            description=description,
            tags=tags,
            options=guardrails.role_options(self, role_options),
        )
        self.attachments: list[IamRolePolicyAttachment] = [
            _render_attachment(self, f"Policy{index}", self.role, managed_policy_arn(self, policy))
            for index, policy in enumerate(managed_policies)
        ]

    @property
    def role_arn(self) -> str:
        value: str = attribute(self.role, "arn")
        return value

    @property
    def role_name(self) -> str:
        value: str = attribute(self.role, "name")
        return value


def execution_role_policy(
    *,
    repositories: Sequence[str],
    log_groups: Sequence[str],
    parameters: Sequence[str],
    secrets: Sequence[str],
    kms_keys: Sequence[str] = (),
) -> str | None:
    """The least-privilege policy of an ECS execution role: pull images from ``repositories``
    (ECR), write to ``log_groups`` (log group ARNs), read ``parameters`` (SSM) and ``secrets``
    (Secrets Manager), and decrypt them with ``kms_keys`` (customer managed keys; AWS managed
    keys need no grant). None when the role needs none of these."""
    statements: list[dict[str, Any]] = []
    if repositories:
        # GetAuthorizationToken is not scoped to a repository: AWS allows only "*".
        statements.append(
            {"Sid": "EcrToken", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"}
        )
        statements.append(
            {
                "Sid": "EcrPull",
                "Effect": "Allow",
                "Action": ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
                "Resource": list(repositories),
            }
        )
    if log_groups:
        statements.append(
            {
                "Sid": "Logs",
                "Effect": "Allow",
                "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                "Resource": list(log_groups),
            }
        )
    if parameters:
        statements.append(
            {"Sid": "Parameters", "Effect": "Allow", "Action": "ssm:GetParameters", "Resource": list(parameters)}
        )
    if secrets:
        statements.append(
            {"Sid": "Secrets", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": list(secrets)}
        )
    if kms_keys:
        statements.append(
            {"Sid": "DecryptSecrets", "Effect": "Allow", "Action": "kms:Decrypt", "Resource": list(kms_keys)}
        )
    if not statements:
        return None
    # Token-safe: the ARNs are often references.
    return _json.dumps({"Version": "2012-10-17", "Statement": statements})


def grant_execution_role(
    role: ServiceRole,
    *,
    repositories: Sequence[str],
    log_groups: Sequence[str],
    parameters: Sequence[str],
    secrets: Sequence[str],
    kms_keys: Sequence[str] = (),
) -> IamRolePolicy | None:
    """Allow an execution role exactly these resources (see ``execution_role_policy``), as an
    inline policy; None when it needs nothing."""
    policy = execution_role_policy(
        repositories=repositories, log_groups=log_groups, parameters=parameters, secrets=secrets, kms_keys=kms_keys
    )
    if policy is None:
        return None
    return _render_execution_policy(role, policy)


def _render_execution_policy(role: ServiceRole, policy: str) -> IamRolePolicy:
    aws = placed(role)

    return aws.IamRolePolicy(role, "Policy", name="least-privilege", role=role.role_name, policy=policy)


def _render_role(
    scope: Construct, *, trust: str, description: str, tags: Mapping[str, str] | None, options: RoleOptions
) -> IamRole:
    aws = placed(scope)

    return aws.IamRole(
        scope,
        "Role",
        name_prefix=generated_name(scope, max_length=37) + "-",
        description=description,
        assume_role_policy=trust,
        path=options.path,
        permissions_boundary=options.permissions_boundary,
        tags=dict(tags) if tags else None,
    )


def _render_attachment(scope: Construct, construct_id: str, role: IamRole, policy_arn: str) -> IamRolePolicyAttachment:
    aws = placed(scope)

    return aws.IamRolePolicyAttachment(scope, construct_id, role=attribute(role, "name"), policy_arn=policy_arn)


def _render_instance_profile_lookup(scope: Construct, name: str) -> str:
    aws = placed(scope)

    construct_id = f"InstanceProfileLookup-{name}"
    profile: Any = node_of(scope).try_find_child(construct_id) or aws.DataAwsIamInstanceProfile(
        scope, construct_id, name=name
    )
    arn: str = attribute(profile, "arn")
    return arn


_ROLE_NAME = re.compile(r"[\w+=,.@-]{1,64}")


def role_name(argument: str, role: Any) -> str:
    """The name of a role argument given as a role, a role ARN or a role name."""
    if isinstance(role, str):
        if is_unresolved(role):
            # Terraform: the last path segment, which is the name of an ARN (roles may have
            # paths) and a name itself (names have no "/").
            return Fn.element(Fn.reverse(Fn.split("/", role)), 0)  # type: ignore[no-any-return]
        if _ROLE_ARN.fullmatch(role):
            return role.rsplit("/", 1)[1]
        if _ROLE_NAME.fullmatch(role):
            return role
        raise fail(argument, "must be an IAM role, role ARN or role name", role)
    if isinstance(role, IRole):
        return attribute(role, "name")  # type: ignore[no-any-return]
    raise fail(argument, "must be an IamRole resource or data source, or a role ARN or name", type(role).__name__)


def submit_job_policy(resources: Sequence[str]) -> str:
    """A policy allowing ``batch:SubmitJob`` on exactly ``resources``."""
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "SubmitJob",
                    "Effect": "Allow",
                    "Action": "batch:SubmitJob",
                    "Resource": list(resources),
                }
            ],
        },
        separators=(",", ":"),
    )


def grant_submit_job(scope: Construct, role: RoleLike, *, job_queue_arn: str, job_definition_arn: str) -> Any:
    """An inline policy on ``role`` allowing it to submit ``job_definition_arn`` to ``job_queue_arn``.

    Raises:
        EngineMismatchError: ``role`` of the other engine's app than ``scope``.
    """
    check_engine(scope, "role", role)
    name = role_name("role", role)
    index = sum(1 for child in node_of(scope).children if child.node.id.startswith("SubmitJobGrant"))
    return _render_role_policy(
        scope,
        f"SubmitJobGrant{index}",
        role=name,
        policy=submit_job_policy([job_queue_arn, job_definition_arn]),
    )


# ECS Exec's channel (what AWS documents for the task role). These actions have no resource
# type: AWS allows only "*" for them.
EXECUTE_COMMAND_POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "ExecuteCommand",
                "Effect": "Allow",
                "Action": [
                    "ssmmessages:CreateControlChannel",
                    "ssmmessages:CreateDataChannel",
                    "ssmmessages:OpenControlChannel",
                    "ssmmessages:OpenDataChannel",
                ],
                "Resource": "*",
            }
        ],
    },
    separators=(",", ":"),
)


def grant_execute_command(scope: Construct, construct_id: str, *, role: str) -> Any:
    """An inline policy on the role named ``role`` (a job role) allowing ECS Exec."""
    return _render_role_policy(scope, construct_id, role=role, policy=EXECUTE_COMMAND_POLICY)


def _render_role_policy(scope: Construct, construct_id: str, *, role: str, policy: str) -> Any:
    aws = placed(scope)

    return aws.IamRolePolicy(
        scope,
        construct_id,
        name_prefix=generated_name(scope, max_length=100) + "-",
        role=role,
        policy=policy,
    )
