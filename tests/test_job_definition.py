"""JobDefinition: the seed's examples, the container payload, roles, Fargate, multi-node,
imports and grants. Every payload is also checked against botocore's Batch model (conftest)."""

from __future__ import annotations

import datetime
import json
import os
import types
from collections.abc import Callable
from typing import Any

import pytest

import cdktf_batch as batch
from tests.conftest import VPC, data_sources, new_stack, one, resources, synth, synth_stack
from tests.engine import NAME as ENGINE_NAME
from tests.engine import TerraformOutput, TerraformStack, TerraformVariable, aws, docker

REGISTRY = batch.ContainerImage.from_registry("public.ecr.aws/amazonlinux/amazonlinux:2023")
JOB_DEFINITION_ARN = "arn:aws:batch:us-east-1:555555555555:job-definition/a"
TODO_LIST = os.path.join(os.path.dirname(__file__), "..", "examples", "todo-list")


def definitions(doc: dict[str, Any]) -> dict[str, Any]:
    return resources(doc, "aws_batch_job_definition")


def props(doc: dict[str, Any]) -> dict[str, Any]:
    return json.loads(one(definitions(doc))["container_properties"])  # type: ignore[no-any-return]


def job(**kwargs: Any) -> Any:
    container_args = {k: kwargs.pop(k) for k in list(kwargs) if k in batch.JobDefinitionContainer.__dataclass_fields__}
    container_args.setdefault("image", REGISTRY)

    def build(stack: TerraformStack) -> None:
        batch.JobDefinition(stack, "Job", container=batch.JobDefinitionContainer(**container_args), **kwargs)

    return build


def policy_of(doc: dict[str, Any]) -> dict[str, Any]:
    return json.loads(one(resources(doc, "aws_iam_role_policy"))["policy"])  # type: ignore[no-any-return]


class TestSeedExamples:
    def test_image_from_ecr(self) -> None:
        def build(stack: TerraformStack) -> None:
            repo = batch.EcrRepository.from_repository_name(stack, "batch-job-repo", "todo-list")
            batch.JobDefinition(
                stack,
                "batch-job-def-from-ecr",
                container=batch.JobDefinitionContainer(image=batch.EcrImage(repo, "latest")),
            )

        doc = synth(build)
        repo_id, repo = next(iter(data_sources(doc, "aws_ecr_repository").items()))
        assert repo == {"name": "todo-list"}
        definition = one(definitions(doc))
        assert definition["type"] == "container"
        assert definition["platform_capabilities"] == ["EC2"]
        assert json.loads(definition["container_properties"]) == {
            "image": f"${{data.aws_ecr_repository.{repo_id}.repository_url}}:latest",
            # AWS CDK v1's defaults for EC2: 1 vCPU, 4 MiB
            "resourceRequirements": [{"type": "VCPU", "value": "1"}, {"type": "MEMORY", "value": "4"}],
        }
        # on EC2 the instance role pulls from ECR: no execution role
        assert not resources(doc, "aws_iam_role")

    def test_image_from_local_directory(self) -> None:
        doc = synth(job(image=batch.ContainerImage.from_asset(TODO_LIST)))
        repository_id, repository = next(iter(resources(doc, "aws_ecr_repository").items()))
        assert repository["image_tag_mutability"] == "IMMUTABLE"
        assert repository["name"] == repository["name"].lower()
        image_id, image = next(iter(resources(doc, "docker_image").items()))
        assert image["build"]["context"].startswith("assets/")
        assert image["name"].startswith(f"${{aws_ecr_repository.{repository_id}.repository_url}}:")
        push_id, push = next(iter(resources(doc, "docker_registry_image").items()))
        assert push["name"] == f"${{docker_image.{image_id}.name}}"
        assert props(doc)["image"] == f"${{docker_registry_image.{push_id}.name}}"
        docker = doc["provider"]["docker"][0]
        token_id = next(iter(data_sources(doc, "aws_ecr_authorization_token")))
        assert (
            docker["registry_auth"][0]["address"] == f"${{data.aws_ecr_authorization_token.{token_id}.proxy_endpoint}}"
        )

    def test_asset_tag_follows_the_content(self, tmp_path: Any) -> None:
        (tmp_path / "Dockerfile").write_text("FROM busybox\n")

        def tag() -> str:
            doc = synth(job(image=batch.ContainerImage.from_asset(str(tmp_path))), validate=False)
            return str(one(resources(doc, "docker_image"))["name"]).rsplit(":", 1)[1]

        first, same = tag(), tag()
        (tmp_path / "Dockerfile").write_text("FROM busybox:1.36\n")
        assert first == same != tag()

    def test_asset_with_scope(self) -> None:
        def build(stack: TerraformStack) -> None:
            image = batch.ContainerImage.from_asset(stack, "TodoImage", TODO_LIST)
            for name in ("A", "B"):
                batch.JobDefinition(stack, name, container=batch.JobDefinitionContainer(image=image))

        doc = synth(build)
        assert len(resources(doc, "docker_image")) == 1  # one build shared by both

    def test_asset_keyword_forms(self) -> None:
        def build(stack: TerraformStack) -> None:
            alone = batch.ContainerImage.from_asset(directory=TODO_LIST)
            scoped = batch.ContainerImage.from_asset(scope=stack, id="TodoImage", directory=TODO_LIST)
            assert isinstance(alone, batch.AssetImage) and alone.build is None
            assert isinstance(scoped.build, batch.AssetImageBuild)
            with pytest.raises(batch.ValidationError, match=r"^from_asset: takes \(directory\) or"):
                batch.ContainerImage.from_asset(TODO_LIST, directory=TODO_LIST)  # type: ignore[call-overload]
            batch.JobDefinition(stack, "J", container=batch.JobDefinitionContainer(image=scoped))

        assert len(resources(synth(build, validate=False), "docker_image")) == 1

    def test_custom_log_configuration_with_ssm_secret_option(self) -> None:
        def build(stack: TerraformStack) -> None:
            batch.JobDefinition(
                stack,
                "job-def",
                container=batch.JobDefinitionContainer(
                    image=batch.EcrImage.from_registry("docker/whalesay"),
                    log_configuration=batch.LogConfiguration(
                        log_driver=batch.LogDriver.AWSLOGS,
                        options={"awslogs-region": "us-east-1"},
                        secret_options=[
                            batch.ExposedSecret.from_parameters_store(
                                "xyz", batch.StringParameter.from_string_parameter_name(stack, "parameter", "xyz")
                            )
                        ],
                    ),
                ),
            )

        doc = synth(build)
        container = props(doc)
        parameter_arn = (
            "arn:${data.aws_partition.cdktf-batch-partition.partition}:ssm:${data.aws_region.cdktf-batch-region.region}:"
            "${data.aws_caller_identity.cdktf-batch-caller.account_id}:parameter/xyz"
        )
        assert container["image"] == "docker/whalesay"
        assert container["logConfiguration"] == {
            "logDriver": "awslogs",
            "options": {"awslogs-region": "us-east-1"},
            "secretOptions": [{"name": "xyz", "valueFrom": parameter_arn}],
        }
        role_id = next(iter(resources(doc, "aws_iam_role")))
        assert container["executionRoleArn"] == f"${{aws_iam_role.{role_id}.arn}}"
        statements = {s["Sid"]: s for s in policy_of(doc)["Statement"]}
        assert statements["Parameters"] == {
            "Sid": "Parameters",
            "Effect": "Allow",
            "Action": "ssm:GetParameters",
            "Resource": [parameter_arn],
        }
        assert statements["Logs"]["Resource"][0].endswith(":log-group:/aws/batch/job:*")
        assert ":logs:us-east-1:" in statements["Logs"]["Resource"][0]
        # the parameter is never read: no aws_ssm_parameter data source, so no value in state
        assert not data_sources(doc, "aws_ssm_parameter")

    @pytest.mark.parametrize(
        ("how", "value", "lookup"),
        [
            (
                "arn",
                "arn:aws:batch:us-east-1:555555555555:job-definition/my-job-definition",
                {"name": "my-job-definition", "status": "ACTIVE"},
            ),
            (
                "arn",
                "arn:aws:batch:us-east-1:555555555555:job-definition/my-job-definition:4",
                {"arn": "arn:aws:batch:us-east-1:555555555555:job-definition/my-job-definition:4"},
            ),
            ("name", "my-job-definition", {"name": "my-job-definition", "status": "ACTIVE"}),
            ("name", "my-job-definition:3", {"name": "my-job-definition", "revision": 3}),
        ],
    )
    def test_imports(self, how: str, value: str, lookup: dict[str, Any]) -> None:
        imported: list[Any] = []

        def build(stack: TerraformStack) -> None:
            factory = (
                batch.JobDefinition.from_job_definition_arn
                if how == "arn"
                else batch.JobDefinition.from_job_definition_name
            )
            definition = factory(stack, "imported-job-definition", value)
            imported.append(definition)
            TerraformOutput(stack, "arn", value=definition.job_definition_arn)

        doc = synth(build)
        lookup_id, found = next(iter(data_sources(doc, "aws_batch_job_definition").items()))
        assert found == lookup
        assert doc["output"]["arn"]["value"] == f"${{data.aws_batch_job_definition.{lookup_id}.arn}}"
        assert isinstance(imported[0], batch.IJobDefinition)
        assert imported[0].job_definition_name == "my-job-definition"

    @pytest.mark.parametrize(
        ("factory", "value", "lookup"),
        [
            ("from_job_definition_name", "nightly:2", {"name": "nightly", "revision": 2}),
            (
                "from_job_definition_arn",
                "arn:aws:batch:eu-west-1:555555555555:job-definition/nightly:2",
                {"arn": "arn:aws:batch:eu-west-1:555555555555:job-definition/nightly:2"},
            ),
        ],
        ids=["name", "arn"],
    )
    def test_import_in_a_region(self, factory: str, value: str, lookup: dict[str, Any]) -> None:
        doc = synth(lambda stack: getattr(batch.JobDefinition, factory)(stack, "I", value, region="eu-west-1"))
        assert data_sources(doc, "aws_batch_job_definition") == {"I_BB9E02C4": {**lookup, "region": "eu-west-1"}}

    @pytest.mark.parametrize(
        ("make", "message"),
        [
            (
                lambda stack: batch.ImportedJobDefinition(stack, "I"),
                "job_definition_arn: give one of job_definition_arn or job_definition_name",
            ),
            (
                lambda stack: batch.ImportedJobDefinition(
                    stack, "I", job_definition_arn=f"{JOB_DEFINITION_ARN}:1", job_definition_name="a"
                ),
                "job_definition_name: give job_definition_arn or job_definition_name, not both, got"
                f" {{'job_definition_arn': '{JOB_DEFINITION_ARN}:1', 'job_definition_name': 'a'}}",
            ),
            (
                lambda stack: batch.JobDefinition.from_job_definition_name(stack, "I", 5),
                "job_definition_name: must be a string, got 5",
            ),
            (
                lambda stack: batch.JobDefinition.from_job_definition_name(stack, "I", "a:0"),
                "job_definition_name: must be a name or name:revision with a revision of at least 1, got 'a:0'",
            ),
            (
                lambda stack: batch.JobDefinition.from_job_definition_name(stack, "I", "a:1:2"),
                "job_definition_name: must be a name or name:revision with a revision of at least 1, got 'a:1:2'",
            ),
            (
                lambda stack: batch.JobDefinition.from_job_definition_name(
                    stack, "I", "a", provider=aws.provider.AwsProvider(new_stack(name="other"), "Elsewhere")
                ),
                "provider: must be an AwsProvider of the same stack as 'test/I' (Terraform providers are per stack),"
                " got 'other/Elsewhere'",
            ),
        ],
        ids=["neither", "both", "name-type", "revision-0", "two-revisions", "provider-of-another-stack"],
    )
    def test_imports_refused(self, make: Any, message: str) -> None:
        with pytest.raises(batch.ValidationError) as caught:
            make(new_stack())
        assert str(caught.value) == message

    def test_import_of_revision_1_and_by_a_token_arn(self) -> None:
        def build(stack: TerraformStack) -> None:
            batch.JobDefinition.from_job_definition_name(stack, "First", "nightly:1")
            arn = TerraformVariable(stack, "arn", type="string").string_value
            imported = batch.JobDefinition.from_job_definition_arn(stack, "Token", arn)
            TerraformOutput(stack, "name", value=imported.job_definition_name)

        doc = synth(build)
        assert data_sources(doc, "aws_batch_job_definition") == {
            "First_8D4707F1": {"name": "nightly", "revision": 1},
            "Token_CB33349F": {"arn": "${var.arn}"},
        }
        # Terraform takes the name out of the ARN: job-definition/<name>[:<revision>]
        assert doc["output"]["name"]["value"] == '${element(split(":", element(split("/", var.arn), 1)), 0)}'

    def test_import_by_a_name_holding_a_token(self) -> None:
        def build(stack: TerraformStack) -> None:
            team = TerraformVariable(stack, "team", type="string").string_value
            batch.JobDefinition.from_job_definition_name(stack, "Latest", team)
            batch.JobDefinition.from_job_definition_name(stack, "Third", f"{team}-nightly:3")
            revision = TerraformVariable(stack, "revision", type="string").string_value
            batch.JobDefinition.from_job_definition_name(stack, "Pinned", f"nightly:{revision}")

        assert data_sources(synth(build), "aws_batch_job_definition") == {
            "Latest_FCBCD667": {"name": "${var.team}", "status": "ACTIVE"},
            # the revision after the token is still a revision, not part of the name
            "Third_1125870F": {"name": "${var.team}-nightly", "revision": 3},
            # a token revision too: not in the name (Batch names have no ':'), a number for Terraform
            "Pinned_A72699A1": {"name": "nightly", "revision": "${tonumber(var.revision)}"},
        }


class TestContainer:
    def test_payload_types_and_names(self) -> None:
        doc = synth(
            job(
                command=["echo", "Ref::message"],
                environment={"A": "1"},
                vcpus=4,
                memory_limit_mib=8192,
                gpu_count=2,
                user="app",
                read_only=True,
                privileged=True,
                instance_type="p3.2xlarge",
                ulimits=[batch.Ulimit(name=batch.UlimitName.NOFILE, soft_limit=1, hard_limit=2)],
                parameters={"message": "hi"},
            )
        )
        container = props(doc)
        assert container["resourceRequirements"] == [
            {"type": "VCPU", "value": "4"},
            {"type": "MEMORY", "value": "8192"},
            {"type": "GPU", "value": "2"},
        ]
        assert container["environment"] == [{"name": "A", "value": "1"}]
        assert container["ulimits"] == [{"hardLimit": 2, "name": "nofile", "softLimit": 1}]
        assert (container["readonlyRootFilesystem"], container["privileged"], container["user"]) == (True, True, "app")
        assert container["instanceType"] == "p3.2xlarge"
        assert one(definitions(doc))["parameters"] == {"message": "hi"}

    def test_whole_floats_are_written_as_integers(self) -> None:
        """resourceRequirements values are strings; 2.0 vCPUs is "2", as AWS shows it, and 0.5 stays."""
        container = props(synth(job(vcpus=2.0, memory_limit_mib=4096.0)))
        assert container["resourceRequirements"] == [
            {"type": "VCPU", "value": "2"},
            {"type": "MEMORY", "value": "4096"},
        ]
        fargate = props(synth(job(platform_capabilities=["FARGATE"], vcpus=0.5, memory_limit_mib=1024)))
        assert fargate["resourceRequirements"] == [
            {"type": "VCPU", "value": "0.5"},
            {"type": "MEMORY", "value": "1024"},
        ]

    def test_volumes_mounts_linux(self) -> None:
        doc = synth(
            job(
                volumes=[
                    batch.Volume(name="tmp", host=batch.Host()),
                    batch.Volume(
                        name="efs",
                        efs_volume_configuration=batch.EfsVolumeConfiguration(
                            file_system_id="fs-12345678",
                            root_directory="/data",
                            transit_encryption=True,
                            transit_encryption_port=2049,
                        ),
                    ),
                ],
                mount_points=[batch.MountPoint(container_path="/efs", source_volume="efs", read_only=True)],
                linux_params=batch.LinuxParameters(
                    init_process_enabled=True,
                    tmpfs=[batch.Tmpfs(container_path="/run", size=64, mount_options=["rw", "mode=1777"])],
                ),
            )
        )
        container = props(doc)
        assert container["volumes"] == [
            {"name": "tmp"},
            {
                "name": "efs",
                "efsVolumeConfiguration": {
                    "fileSystemId": "fs-12345678",
                    "rootDirectory": "/data",
                    "transitEncryption": "ENABLED",
                    "transitEncryptionPort": 2049,
                },
            },
        ]
        assert container["mountPoints"] == [{"containerPath": "/efs", "readOnly": True, "sourceVolume": "efs"}]
        assert container["linuxParameters"] == {
            "initProcessEnabled": True,
            "tmpfs": [{"containerPath": "/run", "size": 64, "mountOptions": ["rw", "mode=1777"]}],
        }

    @pytest.mark.parametrize(
        ("efs", "expected"),
        [
            (
                {"transit_encryption": False},
                {"fileSystemId": "fs-12345678", "transitEncryption": "DISABLED"},
            ),
            (
                {"transit_encryption": True, "authorization_config": batch.AuthorizationConfig(iam=True)},
                {
                    "fileSystemId": "fs-12345678",
                    "transitEncryption": "ENABLED",
                    "authorizationConfig": {"iam": "ENABLED"},
                },
            ),
            (
                {
                    "transit_encryption": True,
                    "authorization_config": batch.AuthorizationConfig(
                        access_point_id="fsap-0123456789abcdef0", iam=False
                    ),
                },
                {
                    "fileSystemId": "fs-12345678",
                    "transitEncryption": "ENABLED",
                    "authorizationConfig": {"accessPointId": "fsap-0123456789abcdef0", "iam": "DISABLED"},
                },
            ),
            (
                {
                    "transit_encryption": True,
                    "authorization_config": batch.AuthorizationConfig(access_point_id="fsap-0123456789abcdef0"),
                },
                {
                    "fileSystemId": "fs-12345678",
                    "transitEncryption": "ENABLED",
                    "authorizationConfig": {"accessPointId": "fsap-0123456789abcdef0"},
                },
            ),
        ],
        ids=["unencrypted", "iam-only", "access-point-without-iam", "access-point-only"],
    )
    def test_efs_encryption_and_authorization(self, efs: dict[str, Any], expected: dict[str, Any]) -> None:
        configuration = batch.EfsVolumeConfiguration(file_system_id="fs-12345678", **efs)
        doc = synth(
            job(
                volumes=[batch.Volume(name="efs", efs_volume_configuration=configuration)],
                job_role="arn:aws:iam::123456789012:role/job",  # IAM authorization mounts as the job role
            )
        )
        assert props(doc)["volumes"] == [{"name": "efs", "efsVolumeConfiguration": expected}]

    def test_devices(self) -> None:
        doc = synth(
            job(
                linux_params=batch.LinuxParameters(
                    devices=[
                        batch.Device(host_path="/dev/fuse"),
                        batch.Device(
                            host_path="/dev/nvidia0",
                            container_path="/dev/gpu0",
                            permissions=[batch.DevicePermission.READ, batch.DevicePermission.WRITE],
                        ),
                    ]
                )
            )
        )
        assert props(doc)["linuxParameters"] == {
            "devices": [
                {"hostPath": "/dev/fuse"},
                {"hostPath": "/dev/nvidia0", "containerPath": "/dev/gpu0", "permissions": ["READ", "WRITE"]},
            ]
        }

    def test_secrets_from_ssm_and_secrets_manager(self) -> None:
        def build(stack: TerraformStack) -> None:
            token = aws.ssm_parameter.SsmParameter(stack, "Token", name="/app/token", type="SecureString", value="x")
            database = aws.secretsmanager_secret.SecretsmanagerSecret(stack, "Db", name="db")
            batch.JobDefinition(
                stack,
                "Job",
                container=batch.JobDefinitionContainer(
                    image=REGISTRY,
                    secrets={
                        "TOKEN": batch.Secret.from_ssm_parameter(token),
                        "DB_USER": batch.Secret.from_secrets_manager(database, "username"),
                        "DB_ALL": batch.Secret.from_secrets_manager(database),
                        "DB_PREVIOUS": batch.Secret.from_secrets_manager(
                            database, "password", version_stage="AWSPREVIOUS"
                        ),
                    },
                ),
            )

        doc = synth(build)
        assert props(doc)["secrets"] == [
            {"name": "TOKEN", "valueFrom": "${aws_ssm_parameter.Token.arn}"},
            {"name": "DB_USER", "valueFrom": "${aws_secretsmanager_secret.Db.arn}:username::"},
            {"name": "DB_ALL", "valueFrom": "${aws_secretsmanager_secret.Db.arn}"},
            {"name": "DB_PREVIOUS", "valueFrom": "${aws_secretsmanager_secret.Db.arn}:password:AWSPREVIOUS:"},
        ]
        statements = {s["Sid"]: s for s in policy_of(doc)["Statement"]}
        assert statements["Parameters"]["Resource"] == ["${aws_ssm_parameter.Token.arn}"]
        assert statements["Secrets"]["Resource"] == ["${aws_secretsmanager_secret.Db.arn}"]
        # secrets are not environment variables, and their values never appear in the job definition
        assert "environment" not in props(doc)
        assert '"x"' not in one(definitions(doc))["container_properties"]

    def test_given_roles_are_used_as_they_are(self) -> None:
        execution = "arn:aws:iam::123456789012:role/exec"
        doc = synth(
            job(
                job_role="arn:aws:iam::123456789012:role/job",
                execution_role=execution,
                secrets={"T": batch.Secret.from_ssm_parameter("arn:aws:ssm:us-east-1:123456789012:parameter/t")},
            )
        )
        assert props(doc)["executionRoleArn"] == execution
        assert props(doc)["jobRoleArn"] == "arn:aws:iam::123456789012:role/job"
        assert not resources(doc, "aws_iam_role")

    def test_private_registry_credentials(self) -> None:
        secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dockerhub-AbCdEf"
        doc = synth(job(image=batch.ContainerImage.from_registry("me/private", credentials=secret)))
        assert props(doc)["repositoryCredentials"] == {"credentialsParameter": secret}
        assert {s["Sid"]: s for s in policy_of(doc)["Statement"]}["Secrets"]["Resource"] == [secret]

    def test_token_numbers_stay_numbers(self) -> None:
        def build(stack: TerraformStack) -> None:
            size = TerraformVariable(stack, "size", type="number").number_value
            command = TerraformVariable(stack, "command", type="list(string)").list_value
            batch.JobDefinition(
                stack,
                "Job",
                container=batch.JobDefinitionContainer(
                    image=REGISTRY,
                    command=command,
                    memory_limit_mib=size,
                    linux_params=batch.LinuxParameters(shared_memory_size=size),
                    ulimits=[batch.Ulimit(name=batch.UlimitName.NOFILE, soft_limit=1024, hard_limit=size)],
                ),
            )

        text = one(definitions(synth(build)))["container_properties"]
        assert '"sharedMemorySize":${var.size}' in text
        # a token hard limit is not compared with the soft limit
        assert '"ulimits":[{"hardLimit":${var.size},"name":"nofile","softLimit":1024}]' in text
        assert '"command":${jsonencode(var.command)}' in text
        assert '{"type":"MEMORY","value":"${var.size}"}' in text


SSM_SECRET = "arn:aws:ssm:us-east-1:123456789012:parameter/s"
LOG_WRITING = {
    "Sid": "Logs",
    "Effect": "Allow",
    "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
    "Resource": [
        "arn:${data.aws_partition.cdktf-batch-partition.partition}:logs:${data.aws_region.cdktf-batch-region.region}:"
        "${data.aws_caller_identity.cdktf-batch-caller.account_id}:log-group:/aws/batch/job:*"
    ],
}
READ_SECRET = {"Sid": "Parameters", "Effect": "Allow", "Action": "ssm:GetParameters", "Resource": [SSM_SECRET]}
FARGATE_DRIVERS = [None, batch.LogDriver.AWSLOGS, batch.LogDriver.SPLUNK, batch.LogDriver.AWSFIRELENS]
DRIVER_CASES = [(driver, False) for driver in [None, *batch.LogDriver]] + [(driver, True) for driver in FARGATE_DRIVERS]


@pytest.mark.parametrize(
    ("driver", "fargate"),
    DRIVER_CASES,
    ids=[f"{getattr(d, 'value', 'default')}-{'fargate' if f else 'ec2'}" for d, f in DRIVER_CASES],
)
def test_execution_role_writes_logs_for_awslogs_only(driver: batch.LogDriver | None, fargate: bool) -> None:
    """The default driver is awslogs: ECS writes the log streams with the execution role. Other
    drivers send logs elsewhere and get no CloudWatch Logs permissions."""
    logging = None if driver is None else batch.LogConfiguration(log_driver=driver)
    platform = batch.PlatformCapabilities.FARGATE if fargate else batch.PlatformCapabilities.EC2
    doc = synth(
        job(
            log_configuration=logging,
            secrets={"S": batch.Secret.from_ssm_parameter(SSM_SECRET)},  # an execution role on EC2 too
            platform_capabilities=[platform],
        )
    )
    writes_logs = driver in (None, batch.LogDriver.AWSLOGS)
    assert policy_of(doc)["Statement"] == ([LOG_WRITING] if writes_logs else []) + [READ_SECRET]


@pytest.mark.parametrize(("assign", "expected"), [(None, None), (False, "DISABLED"), (True, "ENABLED")])
def test_public_ip_only_when_asked(assign: bool | None, expected: str | None) -> None:
    container = props(synth(job(platform_capabilities=[batch.PlatformCapabilities.FARGATE], assign_public_ip=assign)))
    # left out, AWS's default applies: DISABLED
    assert container.get("networkConfiguration") == (None if expected is None else {"assignPublicIp": expected})


class TestFargate:
    def test_fargate_job(self) -> None:
        doc = synth(
            job(
                platform_capabilities=[batch.PlatformCapabilities.FARGATE],
                vcpus=1,
                memory_limit_mib=4096,
                assign_public_ip=True,
                platform_version=batch.FargatePlatformVersion.VERSION1_4,
                ephemeral_storage_size_gib=21,
                operating_system_family=batch.OperatingSystemFamily.LINUX,
            )
        )
        container = props(doc)
        assert one(definitions(doc))["platform_capabilities"] == ["FARGATE"]
        assert container["resourceRequirements"] == [
            {"type": "VCPU", "value": "1"},
            {"type": "MEMORY", "value": "4096"},
        ]
        assert container["networkConfiguration"] == {"assignPublicIp": "ENABLED"}
        assert container["fargatePlatformConfiguration"] == {"platformVersion": "1.4.0"}
        assert container["ephemeralStorage"] == {"sizeInGiB": 21}
        assert container["runtimePlatform"] == {"operatingSystemFamily": "LINUX"}
        role_id, role = next(iter(resources(doc, "aws_iam_role").items()))
        assert json.loads(role["assume_role_policy"])["Statement"][0]["Principal"] == {
            "Service": "ecs-tasks.amazonaws.com"
        }
        assert container["executionRoleArn"] == f"${{aws_iam_role.{role_id}.arn}}"
        assert [s["Sid"] for s in policy_of(doc)["Statement"]] == ["Logs"]

    def test_fargate_defaults(self) -> None:
        doc = synth(job(platform_capabilities=[batch.PlatformCapabilities.FARGATE]))
        assert props(doc)["resourceRequirements"] == [
            {"type": "VCPU", "value": "0.25"},
            {"type": "MEMORY", "value": "512"},
        ]

    def test_fargate_memory_follows_vcpus(self) -> None:
        doc = synth(job(platform_capabilities=[batch.PlatformCapabilities.FARGATE], vcpus=4))
        assert props(doc)["resourceRequirements"][1] == {"type": "MEMORY", "value": "8192"}

    def test_fargate_memory_without_a_known_vcpus_is_the_smallest(self) -> None:
        def build(stack: TerraformStack) -> None:
            vcpus = TerraformVariable(stack, "vcpus", type="number").number_value
            job(platform_capabilities=[batch.PlatformCapabilities.FARGATE], vcpus=vcpus)(stack)

        assert props(synth(build))["resourceRequirements"] == [
            {"type": "VCPU", "value": "${var.vcpus}"},
            {"type": "MEMORY", "value": "512"},
        ]

    def test_fargate_memory_from_a_variable_is_left_to_terraform(self) -> None:
        def build(stack: TerraformStack) -> None:
            memory = TerraformVariable(stack, "memory", type="number").number_value
            job(platform_capabilities=[batch.PlatformCapabilities.FARGATE], vcpus=1, memory_limit_mib=memory)(stack)

        assert props(synth(build))["resourceRequirements"] == [
            {"type": "VCPU", "value": "1"},
            {"type": "MEMORY", "value": "${var.memory}"},
        ]

    def test_fargate_ecr_image_gets_pull_permissions(self) -> None:
        def build(stack: TerraformStack) -> None:
            repository = aws.ecr_repository.EcrRepository(stack, "Repo", name="app")
            batch.JobDefinition(
                stack,
                "Job",
                platform_capabilities=[batch.PlatformCapabilities.FARGATE],
                container=batch.JobDefinitionContainer(image=batch.EcrImage(repository, "v1")),
            )

        doc = synth(build)
        statements = {s["Sid"]: s for s in policy_of(doc)["Statement"]}
        assert statements["EcrPull"]["Resource"] == ["${aws_ecr_repository.Repo.arn}"]
        assert statements["EcrToken"] == {
            "Sid": "EcrToken",
            "Effect": "Allow",
            "Action": "ecr:GetAuthorizationToken",
            "Resource": "*",
        }
        assert props(doc)["image"] == "${aws_ecr_repository.Repo.repository_url}:v1"


class TestJobDefinition:
    def test_retries_timeout_and_more(self) -> None:
        doc = synth(
            job(
                retry_attempts=5,
                retry_strategies=[
                    batch.RetryStrategy(action=batch.Action.RETRY, on_reason="CannotPullContainerError*"),
                    batch.RetryStrategy(action="EXIT", on_exit_code=137),
                ],
                timeout=datetime.timedelta(hours=1),
                propagate_tags=False,
                scheduling_priority=9999,
                deregister_on_new_revision=False,
                job_definition_name="nightly",
                tags={"a": "b"},
            )
        )
        definition = one(definitions(doc))
        assert definition["retry_strategy"] == {
            "attempts": 5,
            "evaluate_on_exit": [
                {"action": "RETRY", "on_reason": "CannotPullContainerError*"},
                {"action": "EXIT", "on_exit_code": "137"},
            ],
        }
        assert definition["timeout"] == {"attempt_duration_seconds": 3600}
        assert (
            definition["propagate_tags"],
            definition["scheduling_priority"],
            definition["deregister_on_new_revision"],
        ) == (False, 9999, False)
        assert (definition["name"], definition["tags"]) == ("nightly", {"a": "b"})

    def test_defaults_leave_provider_defaults_alone(self) -> None:
        definition = one(definitions(synth(job())))
        assert set(definition) == {"name", "type", "container_properties", "platform_capabilities"}
        assert definition["name"] == "test-Job-edda6525"

    def test_multi_node(self) -> None:
        main = batch.JobDefinitionContainer(image=REGISTRY, instance_type="c5.xlarge")
        workers = batch.JobDefinitionContainer(
            image=REGISTRY, vcpus=4, memory_limit_mib=8000, instance_type="c5.xlarge"
        )
        doc = synth(
            lambda stack: batch.JobDefinition(
                stack,
                "Mnp",
                node_props=batch.NodeProps(
                    count=10,
                    main_node=0,
                    range_props=[
                        batch.NodeRangeProps(container=main, to_node_index=0),
                        batch.NodeRangeProps(container=workers, from_node_index=1, to_node_index=5),
                        batch.NodeRangeProps(container=workers, from_node_index=6),
                    ],
                ),
            )
        )
        definition = one(definitions(doc))
        assert definition["type"] == "multinode" and "container_properties" not in definition
        nodes = json.loads(definition["node_properties"])
        assert (nodes["numNodes"], nodes["mainNode"]) == (10, 0)
        assert [r["targetNodes"] for r in nodes["nodeRangeProperties"]] == ["0:0", "1:5", "6:"]
        assert nodes["nodeRangeProperties"][1]["container"]["instanceType"] == "c5.xlarge"

    def test_attributes_and_grant(self) -> None:
        created: list[batch.JobDefinition] = []

        def build(stack: TerraformStack) -> None:
            definition = batch.JobDefinition(
                stack, "Job", container=batch.JobDefinitionContainer(image=REGISTRY), scheduling_priority=1
            )
            created.append(definition)
            queue = batch.JobQueue.from_job_queue_arn(
                stack, "Queue", "arn:aws:batch:us-east-1:555555555555:job-queue/q"
            )
            definition.grant_submit_job("arn:aws:iam::123456789012:role/scheduler", queue, any_revision=True)
            TerraformOutput(stack, "arn", value=definition.job_definition_arn)
            TerraformOutput(stack, "prefix", value=definition.job_definition_arn_without_revision)

        doc = synth(build)
        job_id = next(iter(definitions(doc)))
        assert doc["output"]["arn"]["value"] == f"${{aws_batch_job_definition.{job_id}.arn}}"
        assert doc["output"]["prefix"]["value"] == f"${{aws_batch_job_definition.{job_id}.arn_prefix}}"
        statement = policy_of(doc)["Statement"][0]
        assert statement["Resource"][1] == f"${{aws_batch_job_definition.{job_id}.arn_prefix}}:*"
        assert one(resources(doc, "aws_iam_role_policy"))["role"] == "scheduler"
        assert created[0].job_definition_name == one(definitions(doc))["name"]

    def test_grant_is_for_the_current_revision_by_default(self) -> None:
        def build(stack: TerraformStack) -> None:
            definition = batch.JobDefinition(stack, "Job", container=batch.JobDefinitionContainer(image=REGISTRY))
            queue = batch.JobQueue.from_job_queue_arn(
                stack, "Queue", "arn:aws:batch:us-east-1:555555555555:job-queue/q"
            )
            definition.grant_submit_job("scheduler", queue)

        statement = policy_of(synth(build))["Statement"][0]
        assert statement["Resource"] == [
            "${data.aws_batch_job_queue.Queue_4A7E3555.arn}",
            "${aws_batch_job_definition.Job_B9D00F9F.arn}",
        ]

    def test_fair_share_queue_needs_a_scheduling_priority(self) -> None:
        def build(stack: TerraformStack) -> None:
            environment = batch.ComputeEnvironment(stack, "Env", compute_resources=batch.ComputeResources(vpc=VPC))
            queue = batch.JobQueue(
                stack,
                "Queue",
                compute_environments=[batch.JobQueueComputeEnvironment(compute_environment=environment, order=1)],
                scheduling_policy=batch.FairshareSchedulingPolicy(stack, "Policy"),
            )
            definition = batch.JobDefinition(stack, "Job", container=batch.JobDefinitionContainer(image=REGISTRY))
            definition.grant_submit_job("scheduler", queue)

        with pytest.raises(batch.ValidationError) as raised:
            synth(build)
        assert str(raised.value) == (
            "job_definition: needs a scheduling_priority to be submitted to a fair-share queue"
            " (or every submission must set schedulingPriorityOverride)"
        )

    def test_fair_share_queue_takes_a_definition_that_does_not_say_its_priority(self) -> None:
        """Any IJobDefinition: one without a scheduling_priority attribute may have one in AWS."""

        class Definition:
            job_definition_arn = "arn:aws:batch:us-east-1:123456789012:job-definition/nightly:3"
            job_definition_arn_without_revision = "arn:aws:batch:us-east-1:123456789012:job-definition/nightly"
            job_definition_name = "nightly"

        def build(stack: TerraformStack) -> None:
            environment = batch.ComputeEnvironment(stack, "Env", compute_resources=batch.ComputeResources(vpc=VPC))
            queue = batch.JobQueue(
                stack,
                "Queue",
                compute_environments=[batch.JobQueueComputeEnvironment(compute_environment=environment, order=1)],
                scheduling_policy=batch.FairshareSchedulingPolicy(stack, "Policy"),
            )
            queue.grant_submit_job("scheduler", Definition())

        statement = policy_of(synth(build))["Statement"][0]
        assert statement["Resource"][1] == "arn:aws:batch:us-east-1:123456789012:job-definition/nightly:3"

    @pytest.mark.parametrize(
        ("grant", "message"),
        [
            (
                lambda stack, queue, definition: queue.grant_submit_job("scheduler", 5),
                "job_definition: must be a JobDefinition (owned or imported) or a job definition ARN, got 'int'",
            ),
            (
                lambda stack, queue, definition: definition.grant_submit_job("scheduler", "queue"),
                "job_queue: must be a JobQueue (owned or imported), got 'str'",
            ),
        ],
        ids=["job-definition", "job-queue"],
    )
    def test_grant_arguments_refused(self, grant: Any, message: str) -> None:
        stack = new_stack()
        queue = batch.JobQueue.from_job_queue_arn(stack, "Queue", "arn:aws:batch:us-east-1:123456789012:job-queue/q")
        definition = batch.JobDefinition(stack, "Job", container=batch.JobDefinitionContainer(image=REGISTRY))
        with pytest.raises(batch.ValidationError) as raised:
            grant(stack, queue, definition)
        assert str(raised.value) == message


# A role of the other engine's provider (what object_engine goes by: the package of its class).
OTHER_ENGINE_ROLE = type(
    "IamRole", (), {"__module__": {"cdktf": "cdktn_provider_aws", "cdktn": "cdktf_cdktf_provider_aws"}[ENGINE_NAME]}
)()
OTHER_ENGINE = {"cdktf": "cdktn", "cdktn": "cdktf"}[ENGINE_NAME]
NODES = batch.NodeProps(
    count=1, range_props=[batch.NodeRangeProps(container=batch.JobDefinitionContainer(image=REGISTRY))]
)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda stack: batch.JobDefinition(stack, "Job", container="busybox"),
            "container: must be a JobDefinitionContainer, got 'busybox'",
        ),
        (
            lambda stack: batch.JobDefinition(stack, "Job", node_props={"count": 2}),
            "node_props: must be NodeProps, got 'dict'",
        ),
        (
            lambda stack: batch.JobDefinition(stack, "Job", eks_properties={"containers": []}),
            "eks_properties: must be EksProperties, got 'dict'",
        ),
        (
            job(platform_capabilities="FARGATE"),
            "platform_capabilities: must be a list: [PlatformCapabilities.EC2] or [PlatformCapabilities.FARGATE],"
            " got 'FARGATE'",
        ),
        (
            job(platform_capabilities=[batch.PlatformCapabilities.EC2, "FARGATE"]),
            "platform_capabilities: must hold exactly one of EC2 and FARGATE, got ['EC2', 'FARGATE']",
        ),
        (
            lambda stack: batch.JobDefinition(stack, "Job", node_props=NODES, platform_capabilities=["FARGATE"]),
            "platform_capabilities: multi-node parallel jobs run on EC2 only, got ['FARGATE']",
        ),
        (
            job(retry_strategies=[batch.RetryStrategy(action=batch.Action.EXIT, on_exit_code=1)]),
            "retry_attempts: is required with retry_strategies (AWS needs both), got None",
        ),
        (
            job(deregister_on_new_revision="yes"),
            "deregister_on_new_revision: must be True or False, got 'yes'",
        ),
        (job(tags={"team": 1}), "tags['team']: must be a string, got 1"),
        (job(parameters={"message": 1}), "parameters['message']: must be a string, got 1"),
        (
            job(execution_role="ecsTaskExecutionRole"),
            "container.execution_role: must be an IAM role ARN (arn:<partition>:iam::<account>:role/<name>),"
            " got 'ecsTaskExecutionRole'",
        ),
        (
            job(job_role="jobRole"),
            "container.job_role: must be an IAM role ARN (arn:<partition>:iam::<account>:role/<name>), got 'jobRole'",
        ),
        (
            job(job_role=OTHER_ENGINE_ROLE),
            f"container.job_role: must be a {ENGINE_NAME} object, like the app it is used in: one app cannot mix"
            f" cdktf and cdktn, got 'IamRole from {OTHER_ENGINE}'",
        ),
        (
            job(execution_role=OTHER_ENGINE_ROLE),
            f"container.execution_role: must be a {ENGINE_NAME} object, like the app it is used in: one app cannot"
            f" mix cdktf and cdktn, got 'IamRole from {OTHER_ENGINE}'",
        ),
    ],
    ids=[
        "container-type",
        "node-props-type",
        "eks-properties-type",
        "platforms-not-a-list",
        "platforms-two",
        "multi-node-on-fargate",
        "retry-strategies-without-attempts",
        "deregister-on-new-revision",
        "tags",
        "parameters",
        "execution-role",
        "job-role",
        "job-role-of-the-other-engine",
        "execution-role-of-the-other-engine",
    ],
)
def test_job_definition_arguments_refused(build: Callable[[TerraformStack], Any], message: str) -> None:
    """The exact message of each rule JobDefinition itself checks: the argument, what is allowed, what was given."""
    with pytest.raises(batch.ValidationError) as raised:
        build(new_stack())
    assert str(raised.value) == message


def test_platforms_refused_with_a_token_show_the_token() -> None:
    stack = new_stack()
    platform = TerraformVariable(stack, "platform", type="string").string_value
    with pytest.raises(batch.ValidationError) as raised:
        job(platform_capabilities=[batch.PlatformCapabilities.EC2, platform])(stack)
    assert (raised.value.argument, raised.value.allowed) == (
        "platform_capabilities",
        "must hold exactly one of EC2 and FARGATE",
    )
    assert raised.value.value == ["EC2", platform]


def test_the_checked_arguments_are_kept_as_attributes() -> None:
    stack = new_stack()
    definition = batch.JobDefinition(
        stack,
        "J" * 200,
        container=batch.JobDefinitionContainer(image=REGISTRY),
        platform_capabilities=["FARGATE"],
        scheduling_priority=7,
    )
    assert definition.platform_capabilities == (batch.PlatformCapabilities.FARGATE,)
    assert definition.scheduling_priority == 7
    # a generated name is cut to Batch's 128 characters, the hash of the whole path kept
    assert definition.job_definition_name == "test-" + "J" * 54 + "-" + "J" * 59 + "-e892a6ae"
    assert len(definition.job_definition_name) == 128


def test_the_execution_policy_whole() -> None:
    def build(stack: TerraformStack) -> None:
        repository = aws.ecr_repository.EcrRepository(stack, "Repo", name="app")
        key = aws.kms_key.KmsKey(stack, "Key")
        secrets = {
            "P": batch.Secret.from_ssm_parameter("arn:aws:ssm:us-east-1:123456789012:parameter/p", encryption_key=key),
            "S": batch.Secret.from_secrets_manager("arn:aws:secretsmanager:us-east-1:123456789012:secret:s-AbCdEf"),
        }
        batch.JobDefinition(
            stack,
            "Job",
            platform_capabilities=[batch.PlatformCapabilities.FARGATE],
            container=batch.JobDefinitionContainer(image=batch.EcrImage(repository, "v1"), secrets=secrets),
        )

    doc = synth(build)
    account = "${data.aws_caller_identity.cdktf-batch-caller.account_id}"
    region = "${data.aws_region.cdktf-batch-region.region}"
    partition = "${data.aws_partition.cdktf-batch-partition.partition}"
    assert resources(doc, "aws_iam_role_policy") == {
        "Job_ExecutionRole_Policy_862DCA31": {
            "name": "least-privilege",
            "role": "${aws_iam_role.Job_ExecutionRole_37FD15CB.name}",
            "policy": json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {"Sid": "EcrToken", "Effect": "Allow", "Action": "ecr:GetAuthorizationToken", "Resource": "*"},
                        {
                            "Sid": "EcrPull",
                            "Effect": "Allow",
                            "Action": [
                                "ecr:BatchCheckLayerAvailability",
                                "ecr:BatchGetImage",
                                "ecr:GetDownloadUrlForLayer",
                            ],
                            "Resource": ["${aws_ecr_repository.Repo.arn}"],
                        },
                        {
                            "Sid": "Logs",
                            "Effect": "Allow",
                            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                            "Resource": [f"arn:{partition}:logs:{region}:{account}:log-group:/aws/batch/job:*"],
                        },
                        {
                            "Sid": "Parameters",
                            "Effect": "Allow",
                            "Action": "ssm:GetParameters",
                            "Resource": ["arn:aws:ssm:us-east-1:123456789012:parameter/p"],
                        },
                        {
                            "Sid": "Secrets",
                            "Effect": "Allow",
                            "Action": "secretsmanager:GetSecretValue",
                            "Resource": ["arn:aws:secretsmanager:us-east-1:123456789012:secret:s-AbCdEf"],
                        },
                        {
                            "Sid": "DecryptSecrets",
                            "Effect": "Allow",
                            "Action": "kms:Decrypt",
                            "Resource": ["${aws_kms_key.Key.arn}"],
                        },
                    ],
                },
                separators=(",", ":"),
            ),
        }
    }


def node_range(**kwargs: Any) -> batch.NodeRangeProps:
    kwargs.setdefault("container", batch.JobDefinitionContainer(image=REGISTRY))
    return batch.NodeRangeProps(**kwargs)


# (id, count, ranges, the exact message)
NODE_PROPS_REFUSED = [
    (
        "past-the-last-node",
        2,
        [node_range(to_node_index=2)],
        "node_props.range_props[0]: nodes run from 0 to 1, got '0:2'",
    ),
    (
        "starting-past-the-last-node",
        2,
        [node_range(to_node_index=1), node_range(from_node_index=2)],
        "node_props.range_props[1]: nodes run from 0 to 1, got '2:'",
    ),
    (
        "overlap",
        4,
        [node_range(to_node_index=2), node_range(from_node_index=2)],
        "node_props.range_props[1]: overlaps range 0 at node 2, got '2:'",
    ),
    (
        "gap",
        4,
        [node_range(to_node_index=0), node_range(from_node_index=2)],
        "node_props.range_props: must cover every node; nodes [1] have no container",
    ),
    (
        "instance-type-twice",
        1,
        [
            node_range(
                container=batch.JobDefinitionContainer(image=REGISTRY, instance_type="c5.large"),
                instance_types=["c5.large"],
            )
        ],
        "node_props.range_props[0].instance_types: give the instance type once: here or as container.instance_type,"
        " got ['c5.large']",
    ),
    (
        "instance-types-string",
        1,
        [node_range(instance_types="c5.large")],
        "node_props.range_props[0].instance_types: must be a list of strings, got 'c5.large'",
    ),
    (
        "container-type",
        1,
        [node_range(container="busybox")],
        "node_props.range_props[0].container: must be a JobDefinitionContainer, got 'busybox'",
    ),
    (
        "ecs-properties-type",
        1,
        [batch.NodeRangeProps(ecs_properties="busybox")],
        "node_props.range_props[0].ecs_properties: must be EcsProperties, got 'busybox'",
    ),
    (
        "ecs-properties-checked-at-the-range",
        1,
        [batch.NodeRangeProps(ecs_properties=batch.EcsProperties(containers=[]))],
        "node_props.range_props[0].ecs_properties.containers: must have at least one EcsTaskContainer, got []",
    ),
    (
        "from-negative",
        1,
        [node_range(from_node_index=-1)],
        "node_props.range_props[0].from_node_index: must be an integer of at least 0, got -1",
    ),
    (
        "to-negative",
        1,
        [node_range(to_node_index=-1)],
        "node_props.range_props[0].to_node_index: must be an integer of at least 0, got -1",
    ),
]


@pytest.mark.parametrize(
    ("count", "ranges", "message"),
    [case[1:] for case in NODE_PROPS_REFUSED],
    ids=[case[0] for case in NODE_PROPS_REFUSED],
)
def test_node_props_refused(count: int, ranges: list[batch.NodeRangeProps], message: str) -> None:
    with pytest.raises(batch.ValidationError) as raised:
        batch.NodeProps(count=count, range_props=ranges)
    assert str(raised.value) == message


def test_one_statement_resource_per_log_group() -> None:
    """Containers writing to the same log group give the execution role that group once."""
    secret = batch.Secret.from_ssm_parameter("arn:aws:ssm:us-east-1:123456789012:parameter/t")
    container = batch.JobDefinitionContainer(image=REGISTRY, secrets={"T": secret})
    doc = synth(
        lambda stack: batch.JobDefinition(
            stack,
            "Mnp",
            node_props=batch.NodeProps(
                count=2,
                range_props=[
                    batch.NodeRangeProps(container=container, to_node_index=0),
                    batch.NodeRangeProps(container=container, from_node_index=1),
                ],
            ),
        )
    )
    statements = {s["Sid"]: s for s in policy_of(doc)["Statement"]}
    assert len(statements["Logs"]["Resource"]) == 1
    assert statements["Parameters"]["Resource"] == ["arn:aws:ssm:us-east-1:123456789012:parameter/t"]


class TestReasonPresets:
    """AWS CDK v2's Reason presets, as RetryStrategy(on_reason=...), rendering what v2 renders."""

    @pytest.mark.parametrize(
        ("reason", "expected"),
        [
            (batch.Reason.NON_ZERO_EXIT_CODE, {"action": "EXIT", "on_exit_code": "*"}),
            (batch.Reason.CANNOT_PULL_CONTAINER, {"action": "EXIT", "on_reason": "CannotPullContainerError:*"}),
            (batch.Reason.SPOT_INSTANCE_RECLAIMED, {"action": "EXIT", "on_status_reason": "Host EC2*"}),
            (
                batch.Reason.custom(on_exit_code="137", on_status_reason="Essential container*"),
                {"action": "EXIT", "on_exit_code": "137", "on_status_reason": "Essential container*"},
            ),
        ],
        ids=["non-zero-exit", "cannot-pull", "spot-reclaimed", "custom"],
    )
    def test_presets(self, reason: Any, expected: dict[str, str]) -> None:
        doc = synth(
            job(retry_attempts=3, retry_strategies=[batch.RetryStrategy(action=batch.Action.EXIT, on_reason=reason)])
        )
        assert one(definitions(doc))["retry_strategy"] == {"attempts": 3, "evaluate_on_exit": [expected]}

    def test_a_condition_given_twice_is_refused(self) -> None:
        strategy = batch.RetryStrategy(
            action=batch.Action.RETRY, on_exit_code="1", on_reason=batch.Reason.NON_ZERO_EXIT_CODE
        )
        with pytest.raises(batch.ValidationError) as raised:
            synth(job(retry_attempts=2, retry_strategies=[strategy]), validate=False)
        assert (
            str(raised.value)
            == "retry_strategies[0].on_exit_code: is given twice (by the Reason in on_reason too), got '1'"
        )
        with pytest.raises(batch.ValidationError) as raised:
            batch.Reason.custom()
        assert str(raised.value) == "reason: give on_exit_code, on_reason or on_status_reason"

    @pytest.mark.parametrize(
        ("strategy", "message"),
        [
            (
                {"on_exit_code": "1-2"},
                "retry_strategies[0].on_exit_code: must be digits, optionally ending with '*', up to 512 characters,"
                " got '1-2'",
            ),
            (
                {"on_reason": "Task failed-to-start"},
                "retry_strategies[0].on_reason: must be letters, digits, '.', ':' and spaces, optionally ending with"
                " '*', up to 512 characters, got 'Task failed-to-start'",
            ),
            (
                {"on_status_reason": "Host_EC2"},
                "retry_strategies[0].on_status_reason: must be letters, digits, '.', ':' and spaces, optionally"
                " ending with '*', up to 512 characters, got 'Host_EC2'",
            ),
        ],
        ids=["exit-code", "reason", "status-reason"],
    )
    def test_condition_patterns_are_refused_with_the_rule(self, strategy: dict[str, str], message: str) -> None:
        retry = batch.RetryStrategy(action=batch.Action.RETRY, **strategy)
        with pytest.raises(batch.ValidationError) as raised:
            synth(job(retry_attempts=2, retry_strategies=[retry]), validate=False)
        assert str(raised.value) == message

    @pytest.mark.parametrize(
        "conditions",
        [
            {"on_exit_code": "137"},
            {"on_reason": "OutOfMemoryError*"},
            {"on_status_reason": "Essential container*"},
            {"on_exit_code": "1", "on_reason": "Task failed*", "on_status_reason": "Host EC2*"},
        ],
        ids=["exit-code", "reason", "status-reason", "all-three"],
    )
    def test_custom_takes_any_one_condition(self, conditions: dict[str, str]) -> None:
        reason = batch.Reason.custom(**conditions)
        assert (reason.on_exit_code, reason.on_reason, reason.on_status_reason) == (
            conditions.get("on_exit_code"),
            conditions.get("on_reason"),
            conditions.get("on_status_reason"),
        )


# -- container images: what an asset build creates, ECR images, and what is refused ---------------

# The content hash of a directory holding only DOCKERFILE: each engine hashes its own way.
ASSET_HASH = {"cdktf": "B901D5B3B5A391CC6DE9A2B20B1C38E6", "cdktn": "2BD48C5D6473EE0B1195C30C4AD0D3BE"}[ENGINE_NAME]
DOCKERFILE = "FROM busybox\n"
ECR_REPOSITORY = {
    "encryption_configuration": [{"encryption_type": "KMS"}],
    "force_delete": True,
    "image_scanning_configuration": {"scan_on_push": True},
    "image_tag_mutability": "IMMUTABLE",
}
ECR_LOGIN = {
    "address": "${data.aws_ecr_authorization_token.cdktf-batch-ecr-token.proxy_endpoint}",
    "password": "${data.aws_ecr_authorization_token.cdktf-batch-ecr-token.password}",
    "username": "${data.aws_ecr_authorization_token.cdktf-batch-ecr-token.user_name}",
}


@pytest.fixture
def context(tmp_path: Any) -> str:
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    return str(tmp_path)


def build_resources(doc: dict[str, Any]) -> dict[str, Any]:
    return {kind: resources(doc, kind) for kind in ("aws_ecr_repository", "docker_image", "docker_registry_image")}


class TestContainerImages:
    def test_an_asset_builds_in_the_first_construct_that_uses_it(self, context: str) -> None:
        stack = new_stack()
        batch.JobDefinition(
            stack, "Job", container=batch.JobDefinitionContainer(image=batch.ContainerImage.from_asset(context))
        )
        doc = synth_stack(stack)
        assert build_resources(doc) == {
            "aws_ecr_repository": {
                "Job_AssetImage_Repository_9947BAC3": {**ECR_REPOSITORY, "name": "test-job-assetimage-1e9a0c78"}
            },
            "docker_image": {
                "Job_AssetImage_080B35CA": {
                    "build": {"context": f"assets/Job_AssetImage_Context_3FB21BF0/{ASSET_HASH}"},
                    "keep_locally": False,
                    "name": f"${{aws_ecr_repository.Job_AssetImage_Repository_9947BAC3.repository_url}}:{ASSET_HASH}",
                    "provider": "docker",
                }
            },
            "docker_registry_image": {
                "Job_AssetImage_Push_54352DE5": {
                    "keep_remotely": True,
                    "name": "${docker_image.Job_AssetImage_080B35CA.name}",
                    "provider": "docker",
                }
            },
        }
        # One docker provider per stack, without an alias for the default placement.
        assert doc["provider"]["docker"] == [{"registry_auth": [ECR_LOGIN]}]
        assert data_sources(doc, "aws_ecr_authorization_token") == {"cdktf-batch-ecr-token": {}}
        assert isinstance(stack.node.find_child("cdktf-batch-docker"), docker.provider.DockerProvider)

    def test_an_asset_with_a_scope_an_id_and_a_region(self, context: str) -> None:
        stack = new_stack()
        batch.ContainerImage.from_asset(stack, "Todo", context, region="eu-west-1")
        batch.AssetImage(context, scope=stack)  # without an id: "AssetImage"
        doc = synth_stack(stack)
        assert build_resources(doc) == {
            "aws_ecr_repository": {
                "AssetImage_Repository_34564236": {**ECR_REPOSITORY, "name": "test-assetimage-ce43be40"},
                "Todo_Repository_942A12B5": {**ECR_REPOSITORY, "name": "test-todo-2e1c93a7", "region": "eu-west-1"},
            },
            "docker_image": {
                "AssetImage_55D010CD": {
                    "build": {"context": f"assets/AssetImage_Context_E788B2FF/{ASSET_HASH}"},
                    "keep_locally": False,
                    "name": f"${{aws_ecr_repository.AssetImage_Repository_34564236.repository_url}}:{ASSET_HASH}",
                    "provider": "docker",
                },
                "Todo_Image_73046130": {
                    "build": {"context": f"assets/Todo_Context_EBFE4BA8/{ASSET_HASH}"},
                    "keep_locally": False,
                    "name": f"${{aws_ecr_repository.Todo_Repository_942A12B5.repository_url}}:{ASSET_HASH}",
                    "provider": "docker.cdktf_batch_ecr_eu_west_1",
                },
            },
            "docker_registry_image": {
                "AssetImage_Push_59ACCFAF": {
                    "keep_remotely": True,
                    "name": "${docker_image.AssetImage_55D010CD.name}",
                    "provider": "docker",
                },
                "Todo_Push_7D64B7E7": {
                    "keep_remotely": True,
                    "name": "${docker_image.Todo_Image_73046130.name}",
                    "provider": "docker.cdktf_batch_ecr_eu_west_1",
                },
            },
        }
        eu_login = {key: value.replace("-token.", "-token-eu-west-1.") for key, value in ECR_LOGIN.items()}
        assert doc["provider"]["docker"] == [
            {"alias": "cdktf_batch_ecr_eu_west_1", "registry_auth": [eu_login]},
            {"registry_auth": [ECR_LOGIN]},
        ]

    def test_a_long_path_makes_a_repository_name_of_200_characters(self, context: str) -> None:
        stack = new_stack()
        batch.ContainerImage.from_asset(stack, "A" * 300, context)
        (repository,) = resources(synth_stack(stack), "aws_ecr_repository").values()
        assert repository["name"] == "test-" + "a" * 90 + "-" + "a" * 95 + "-96e58fc0"
        assert len(repository["name"]) == 200

    def test_repositories_an_execution_role_pulls_from_once_each(self, context: str) -> None:
        def build(stack: TerraformStack) -> None:
            built = batch.ContainerImage.from_asset(stack, "Built", context)
            assert built.build is not None
            named = batch.EcrRepository.from_repository_name(stack, "Named", "jobs")
            own = aws.ecr_repository.EcrRepository(stack, "Own", name="own")
            images = [
                built,
                batch.EcrImage(built.build.repository, "v1"),
                batch.ContainerImage.from_ecr_repository(named),
                batch.EcrImage(named, "v2"),
                batch.EcrImage(own, "v3"),
            ]
            containers = [batch.EcsTaskContainer(name="c0", image=images[0], vcpus=1, memory_limit_mib=2048)] + [
                batch.EcsTaskContainer(name=f"c{i}", image=image, essential=False)
                for i, image in enumerate(images[1:], start=1)
            ]
            batch.JobDefinition(
                stack,
                "Job",
                platform_capabilities=[batch.PlatformCapabilities.FARGATE],
                ecs_properties=batch.EcsProperties(containers=containers),
            )

        doc = synth(build)
        statements = {s["Sid"]: s for s in policy_of(doc)["Statement"]}
        assert statements["EcrPull"]["Resource"] == [
            "${aws_ecr_repository.Built_Repository_AAF8E060.arn}",
            "${data.aws_ecr_repository.Named_D2F31604.arn}",
            "${aws_ecr_repository.Own.arn}",
        ]

    def test_a_fargate_asset_image_gets_pull_permissions(self, context: str) -> None:
        image = batch.ContainerImage.from_asset(context)
        doc = synth(job(image=image, platform_capabilities=[batch.PlatformCapabilities.FARGATE]))
        statements = {s["Sid"]: s for s in policy_of(doc)["Statement"]}
        assert statements["EcrPull"]["Resource"] == ["${aws_ecr_repository.Job_AssetImage_Repository_9947BAC3.arn}"]

    def test_registry_images(self) -> None:
        longest = "a" * 255
        secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:dockerhub-AbCdEf"
        for image, name, credentials in (
            (batch.ContainerImage.from_registry("busybox"), "busybox", None),
            (batch.ContainerImage.from_registry(longest), longest, None),
            (batch.RegistryImage("me/private:1", credentials=secret), "me/private:1", secret),
        ):
            assert image.name == name
            bound = image.bind(new_stack())
            assert (bound.image_name, bound.repository_arn, bound.repository_key) == (name, None, None)
            assert (None if bound.credentials is None else bound.credentials.value_from) == credentials
            assert bound.credentials == image.credentials

    def test_ecr_images_tags_and_digests(self) -> None:
        url = "123456789012.dkr.ecr.us-east-1.amazonaws.com/jobs"
        repository = types.SimpleNamespace(repository_url=url, arn="arn:aws:ecr:us-east-1:123456789012:repository/jobs")
        digest = "sha256:" + "0123456789abcdef" * 4
        for image, tag, name in (
            (batch.ContainerImage.from_ecr_repository(repository), "latest", f"{url}:latest"),
            (batch.EcrImage(repository), "latest", f"{url}:latest"),
            (batch.ContainerImage.from_ecr_repository(repository, "v1"), "v1", f"{url}:v1"),
            (batch.EcrImage(repository, "v1"), "v1", f"{url}:v1"),
            (batch.EcrImage(repository, digest), digest, f"{url}@{digest}"),
        ):
            assert image.repository is repository
            assert (image.tag, image.image_name, image.repository_arn) == (tag, name, repository.arn)

    def test_a_digest_or_tag_from_a_variable(self) -> None:
        def build(stack: TerraformStack) -> None:
            repository = types.SimpleNamespace(
                repository_url="123456789012.dkr.ecr.us-east-1.amazonaws.com/jobs",
                arn="arn:aws:ecr:us-east-1:123456789012:repository/jobs",
            )
            digest = TerraformVariable(stack, "digest", type="string").string_value
            tag = TerraformVariable(stack, "tag", type="string").string_value
            for name, image in (
                ("Digest", batch.EcrImage(repository, "sha256:" + digest)),
                ("Tag", batch.EcrImage(repository, tag)),
            ):
                batch.JobDefinition(stack, name, container=batch.JobDefinitionContainer(image=image))

        doc = synth(build)
        assert {
            name: json.loads(definition["container_properties"])["image"]
            for name, definition in definitions(doc).items()
        } == {
            "Digest_81A2F27A": "123456789012.dkr.ecr.us-east-1.amazonaws.com/jobs@sha256:${var.digest}",
            "Tag_94437B57": "123456789012.dkr.ecr.us-east-1.amazonaws.com/jobs:${var.tag}",
        }

    def test_a_repository_looked_up_in_another_region(self) -> None:
        stack = new_stack()
        repository = batch.EcrRepository.from_repository_name(stack, "Repo", "jobs", region="eu-west-2")
        assert repository.repository_name == "jobs"
        # Inside a construct placed in a region: the lookup is made there too.
        job = batch.JobDefinition(
            stack, "Job", container=batch.JobDefinitionContainer(image=REGISTRY), region="eu-west-1"
        )
        batch.EcrRepository.from_repository_name(job, "Repo", "jobs")
        assert data_sources(synth_stack(stack), "aws_ecr_repository") == {
            "Repo_02AC86CF": {"name": "jobs", "region": "eu-west-2"},
            "Job_Repo_1D3C6E10": {"name": "jobs", "region": "eu-west-1"},
        }


IMAGE_RULES: list[tuple[str, Callable[[Any, Any], Any], str]] = [
    ("empty-directory", lambda stack, tmp: batch.ContainerImage.from_asset(""), "image.directory: must not be empty, got ''"),
    ("directory-not-a-string", lambda stack, tmp: batch.ContainerImage.from_asset(5), "image.directory: must be a string, got 5"),
    ("no-dockerfile", lambda stack, tmp: batch.ContainerImage.from_asset("/"), "image.directory: must be a directory holding a Dockerfile, got '/'"),
    ("unknown-keyword", lambda stack, tmp: batch.ContainerImage.from_asset(folder=tmp), "from_asset: takes (directory) or (scope, id, directory)"),
    ("scope-twice", lambda stack, tmp: batch.ContainerImage.from_asset(stack, "x", scope=stack), "from_asset: takes (directory) or (scope, id, directory)"),
    ("two-arguments", lambda stack, tmp: batch.ContainerImage.from_asset(stack, "x"), "from_asset: takes (directory) or (scope, id, directory)"),
    ("region-without-scope", lambda stack, tmp: batch.ContainerImage.from_asset(tmp, region="eu-west-1"), "from_asset: takes provider and region only with a scope: (scope, id, directory), got {'region': 'eu-west-1'}"),
    ("empty-image-name", lambda stack, tmp: batch.ContainerImage.from_registry(""), "image: must be an image name of up to 255 characters, got ''"),
    ("image-name", lambda stack, tmp: batch.ContainerImage.from_registry("bad image"), "image: must be an image name of up to 255 characters, got 'bad image'"),
    ("image-name-too-long", lambda stack, tmp: batch.ContainerImage.from_registry("a" * 256), "image: must be an image name of up to 255 characters, got '" + "a" * 196 + "..."),
    ("credentials-arn", lambda stack, tmp: batch.ContainerImage.from_registry("busybox", credentials="arn:aws:ssm:us-east-1:123456789012:parameter/x"), "image.credentials: must be a Secrets Manager secret ARN or SecretsmanagerSecret, got 'arn:aws:ssm:us-east-1:123456789012:parameter/x'"),
    ("credentials-type", lambda stack, tmp: batch.ContainerImage.from_registry("busybox", credentials=5), "image.credentials: must be a Secrets Manager secret ARN or SecretsmanagerSecret, got 'int'"),
    ("not-a-repository", lambda stack, tmp: batch.EcrImage("todo"), "image.repository: must be an EcrRepository (EcrRepository.from_repository_name or the provider's EcrRepository), got 'str'"),
    ("repository-without-arn", lambda stack, tmp: batch.EcrImage(types.SimpleNamespace(repository_url="todo")), "image.repository: must be an EcrRepository (EcrRepository.from_repository_name or the provider's EcrRepository), got 'SimpleNamespace'"),
    ("bad-tag", lambda stack, tmp: batch.EcrImage(batch.EcrRepository.from_repository_name(stack, "R", "todo"), "bad tag"), "image.tag: must be an image tag or a sha256 digest, got 'bad tag'"),
    ("repository-name", lambda stack, tmp: batch.EcrRepository.from_repository_name(stack, "R", "Todo List"), "repository_name: must be an ECR repository name (lower-case letters, digits, . _ - and /), got 'Todo List'"),
]  # fmt: skip


@pytest.mark.parametrize(("build", "message"), [r[1:] for r in IMAGE_RULES], ids=[r[0] for r in IMAGE_RULES])
def test_image_arguments_refused(build: Callable[[Any, Any], Any], message: str, tmp_path: Any) -> None:
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    with pytest.raises(batch.ValidationError) as raised:
        build(new_stack(), str(tmp_path))
    assert str(raised.value) == message
