"""JobDefinition(eks_properties=...): the pod of a job on an EKS compute environment, rendered
as the provider's typed ``eks_properties`` block. Every pod is also checked against botocore's
``EksProperties`` shape (conftest), and every stack with ``terraform validate``."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

import cdktf_batch as batch
from cdktf_batch._engine import engine_of
from tests.conftest import one, resources, synth

IMAGE = batch.ContainerImage.from_registry("public.ecr.aws/amazonlinux/amazonlinux:2023")


def eks_job(**kwargs: Any) -> Any:
    def build(stack: Any) -> None:
        batch.JobDefinition(stack, "Job", **kwargs)

    return build


def definition(doc: dict[str, Any]) -> dict[str, Any]:
    return one(resources(doc, "aws_batch_job_definition"))


def pod(**kwargs: Any) -> batch.EksProperties:
    kwargs.setdefault("containers", [batch.EksContainer(image=IMAGE)])
    return batch.EksProperties(**kwargs)


def test_the_smallest_pod_renders_the_image_only() -> None:
    doc = synth(eks_job(eks_properties=pod()))
    rendered = definition(doc)
    assert rendered["eks_properties"] == {
        "pod_properties": {"containers": [{"image": "public.ecr.aws/amazonlinux/amazonlinux:2023"}]}
    }
    assert rendered["type"] == "container"
    # AWS refuses platformCapabilities, containerProperties and nodeProperties on EKS definitions.
    for absent in ("platform_capabilities", "container_properties", "node_properties", "propagate_tags"):
        assert absent not in rendered
    # Nothing to run ECS tasks with: no execution role.
    assert resources(doc, "aws_iam_role") == {}


def test_every_member_of_the_pod() -> None:
    scratch = batch.EksVolume.empty_dir(
        name="scratch", mount_path="/scratch", size_limit_mib=2048, medium=batch.EmptyDirMediumType.MEMORY
    )
    main = batch.EksContainer(
        image=IMAGE,
        name="main",
        command=["python3", "-m", "job"],
        args=["--input", "s3://bucket/key"],
        env={"MODE": "fast", "LEVEL": "3"},
        cpu_limit=2,
        cpu_reservation=0.5,
        memory_limit_mib=4096,
        memory_reservation_mib=4096,
        gpu_limit=1,
        gpu_reservation=1,
        image_pull_policy=batch.ImagePullPolicy.ALWAYS,
        privileged=False,
        read_only_root_filesystem=True,
        run_as_user=1000,
        run_as_group=1000,
        run_as_non_root=True,
        volumes=[
            scratch,
            batch.EksVolume.host_path(
                name="docker-socket", mount_path="/var/run/docker.sock", path="/var/run/docker.sock"
            ),
            batch.EksVolume.secret(
                name="credentials",
                mount_path="/etc/credentials",
                secret_name="job-credentials",
                optional=True,
                read_only=True,
            ),
        ],
    )
    sidecar = batch.EksContainer(
        image=IMAGE, name="sidecar", cpu_reservation=0.25, memory_reservation_mib=4, volumes=[scratch]
    )
    setup = batch.EksContainer(
        image=IMAGE, name="setup", command=["sh", "-c", "echo ready > /scratch/ready"], volumes=[scratch]
    )
    doc = synth(
        eks_job(
            eks_properties=batch.EksProperties(
                containers=[main, sidecar],
                init_containers=[setup],
                service_account_name="batch-jobs",
                host_network=False,
                dns_policy=batch.DnsPolicy.CLUSTER_FIRST,
                labels={"app.kubernetes.io/name": "job", "team": "data"},
                share_process_namespace=True,
                image_pull_secrets=["registry-credentials"],
            ),
            retry_attempts=3,
            tags={"team": "data"},
        )
    )
    rendered = definition(doc)
    image = "public.ecr.aws/amazonlinux/amazonlinux:2023"
    scratch_mount = {"mount_path": "/scratch", "name": "scratch"}
    assert rendered["eks_properties"] == {
        "pod_properties": {
            "containers": [
                {
                    "image": image,
                    "name": "main",
                    "image_pull_policy": "Always",
                    "command": ["python3", "-m", "job"],
                    "args": ["--input", "s3://bucket/key"],
                    "env": [{"name": "LEVEL", "value": "3"}, {"name": "MODE", "value": "fast"}],
                    "resources": {
                        "limits": {"cpu": "2", "memory": "4096Mi", "nvidia.com/gpu": "1"},
                        "requests": {"cpu": "0.5", "memory": "4096Mi", "nvidia.com/gpu": "1"},
                    },
                    "security_context": {
                        "privileged": False,
                        "read_only_root_file_system": True,
                        "run_as_group": 1000,
                        "run_as_non_root": True,
                        "run_as_user": 1000,
                    },
                    "volume_mounts": [
                        scratch_mount,
                        {"mount_path": "/var/run/docker.sock", "name": "docker-socket"},
                        {"mount_path": "/etc/credentials", "name": "credentials", "read_only": True},
                    ],
                },
                {
                    "image": image,
                    "name": "sidecar",
                    "resources": {"requests": {"cpu": "0.25", "memory": "4Mi"}},
                    "volume_mounts": [scratch_mount],
                },
            ],
            "init_containers": [
                {
                    "image": image,
                    "name": "setup",
                    "command": ["sh", "-c", "echo ready > /scratch/ready"],
                    "volume_mounts": [scratch_mount],
                }
            ],
            "dns_policy": "ClusterFirst",
            "host_network": False,
            "image_pull_secret": [{"name": "registry-credentials"}],
            "metadata": {"labels": {"app.kubernetes.io/name": "job", "team": "data"}},
            "service_account_name": "batch-jobs",
            "share_process_namespace": True,
            # Each volume once, though three containers mount "scratch".
            "volumes": [
                {"name": "scratch", "empty_dir": {"medium": "Memory", "size_limit": "2048Mi"}},
                {"name": "docker-socket", "host_path": {"path": "/var/run/docker.sock"}},
                {"name": "credentials", "secret": {"secret_name": "job-credentials", "optional": True}},
            ],
        }
    }
    assert rendered["retry_strategy"] == {"attempts": 3}
    assert rendered["tags"] == {"team": "data"}


def test_volumes_mounted_read_only() -> None:
    volumes = [
        batch.EksVolume.host_path(name="certs", mount_path="/etc/ssl/certs", path="/etc/pki", read_only=True),
        batch.EksVolume.empty_dir(name="seed", mount_path="/seed", size_limit_mib=16, read_only=True),
    ]
    doc = synth(eks_job(eks_properties=pod(containers=[batch.EksContainer(image=IMAGE, volumes=volumes)])))
    properties = definition(doc)["eks_properties"]["pod_properties"]
    assert properties["containers"][0]["volume_mounts"] == [
        {"mount_path": "/etc/ssl/certs", "name": "certs", "read_only": True},
        {"mount_path": "/seed", "name": "seed", "read_only": True},
    ]
    assert properties["volumes"] == [
        {"name": "certs", "host_path": {"path": "/etc/pki"}},
        {"name": "seed", "empty_dir": {"size_limit": "16Mi"}},
    ]


def test_the_apis_strings_are_taken_for_choices() -> None:
    """medium, image_pull_policy and dns_policy take the API's string as well as the enum member."""
    scratch = batch.EksVolume.empty_dir(name="scratch", mount_path="/scratch", size_limit_mib=64, medium="Memory")  # type: ignore[arg-type]
    container = batch.EksContainer(image=IMAGE, image_pull_policy="IfNotPresent", volumes=[scratch])  # type: ignore[arg-type]
    doc = synth(eks_job(eks_properties=pod(containers=[container], dns_policy="Default")))  # type: ignore[arg-type]
    properties = definition(doc)["eks_properties"]["pod_properties"]
    assert properties["containers"][0]["image_pull_policy"] == "IfNotPresent"
    assert properties["dns_policy"] == "Default"
    assert properties["volumes"] == [{"name": "scratch", "empty_dir": {"medium": "Memory", "size_limit": "64Mi"}}]


def test_every_member_of_an_init_container() -> None:
    """Init containers are rendered by classes of their own: each member once more."""
    seed = batch.EksVolume.empty_dir(name="seed", mount_path="/seed", size_limit_mib=16, read_only=True)
    limited = named(
        "fetch",
        env={"URL": "s3://bucket/seed", "RETRIES": "3"},
        cpu_limit=1,
        memory_limit_mib=64,
        run_as_user=1000,
        run_as_non_root=True,
        volumes=[seed],
    )
    requested = named(
        "warm",
        cpu_reservation=0.5,
        gpu_reservation=1,
        privileged=True,
        read_only_root_filesystem=False,
        run_as_group=100,
    )
    doc = synth(eks_job(eks_properties=pod(containers=[named("main")], init_containers=[limited, requested])))
    properties = definition(doc)["eks_properties"]["pod_properties"]
    image = "public.ecr.aws/amazonlinux/amazonlinux:2023"
    assert properties["init_containers"] == [
        {
            "image": image,
            "name": "fetch",
            "env": [{"name": "RETRIES", "value": "3"}, {"name": "URL", "value": "s3://bucket/seed"}],
            "resources": {"limits": {"cpu": "1", "memory": "64Mi"}},
            "security_context": {"run_as_non_root": True, "run_as_user": 1000},
            "volume_mounts": [{"mount_path": "/seed", "name": "seed", "read_only": True}],
        },
        {
            "image": image,
            "name": "warm",
            "resources": {"requests": {"cpu": "0.5", "nvidia.com/gpu": "1"}},
            "security_context": {"privileged": True, "read_only_root_file_system": False, "run_as_group": 100},
        },
    ]
    assert properties["volumes"] == [{"name": "seed", "empty_dir": {"size_limit": "16Mi"}}]


def test_tokens_pass_unchecked() -> None:
    def build(stack: Any) -> None:
        core = importlib.import_module(engine_of(stack).name)  # the stack's engine, as the suite runs it
        cpu = core.TerraformVariable(stack, "cpu", type="number").number_value
        memory = core.TerraformVariable(stack, "memory", type="number").number_value
        quantity = core.TerraformVariable(stack, "quantity", type="string").string_value  # e.g. "500m"
        name = core.TerraformVariable(stack, "name", type="string").string_value
        batch.JobDefinition(
            stack,
            "Job",
            eks_properties=pod(
                containers=[
                    # a token limit is not compared with the request beside it
                    batch.EksContainer(
                        image=IMAGE,
                        name=name,
                        cpu_limit=cpu,
                        cpu_reservation=0.5,
                        memory_limit_mib=memory,
                        memory_reservation_mib=64,
                    ),
                    batch.EksContainer(image=IMAGE, name="sidecar", cpu_limit=quantity),
                ]
            ),
        )

    doc = synth(build)
    containers = definition(doc)["eks_properties"]["pod_properties"]["containers"]
    assert [(c["name"], c["resources"]) for c in containers] == [
        (
            "${var.name}",
            {
                "limits": {"cpu": "${var.cpu}", "memory": "${var.memory}Mi"},
                "requests": {"cpu": "0.5", "memory": "64Mi"},
            },
        ),
        ("sidecar", {"limits": {"cpu": "${var.quantity}"}}),
    ]


def test_names_after_a_token_are_still_checked_for_duplicates() -> None:
    def build(stack: Any) -> None:
        core = importlib.import_module(engine_of(stack).name)
        name = core.TerraformVariable(stack, "name", type="string").string_value
        batch.JobDefinition(
            stack, "Job", eks_properties=pod(containers=[named(name), named("a")], init_containers=[named("a")])
        )

    with pytest.raises(batch.ValidationError) as raised:
        synth(build, validate=False)
    assert str(raised.value) == "eks_properties.containers: each name may appear once, got 'a'"


def test_the_same_token_twice_is_a_duplicate() -> None:
    """Two different tokens may hold the same value (left to AWS); the same token twice does."""
    tokens: list[str] = []

    def build(stack: Any) -> None:
        core = importlib.import_module(engine_of(stack).name)
        path = core.TerraformVariable(stack, "path", type="string").string_value
        other = core.TerraformVariable(stack, "other", type="string").string_value
        tokens.append(path)
        volumes = [
            batch.EksVolume.host_path(name="a", mount_path=path, path="/a"),
            batch.EksVolume.host_path(name="b", mount_path=other, path="/b"),
        ]
        if len(tokens) == 2:
            volumes.append(batch.EksVolume.host_path(name="c", mount_path=path, path="/c"))
        batch.JobDefinition(stack, "Job", eks_properties=pod(containers=[C(image=IMAGE, volumes=volumes)]))

    synth(build, validate=False)  # two different tokens
    with pytest.raises(batch.ValidationError) as raised:
        synth(build, validate=False)
    assert str(raised.value) == (
        f"eks_properties.containers[0].volumes: each mount_path may appear once, got {tokens[1]!r}"
    )


C = batch.EksContainer


def named(name: str, **kwargs: Any) -> batch.EksContainer:
    return batch.EksContainer(image=IMAGE, name=name, **kwargs)


# (id, JobDefinition arguments, the exact message)
REFUSED = [
    (
        "fargate",
        {"eks_properties": pod(), "platform_capabilities": [batch.PlatformCapabilities.FARGATE]},
        "platform_capabilities: EKS jobs run on EC2 only, got ['FARGATE']",
    ),
    (
        "propagate-tags",
        {"eks_properties": pod(), "propagate_tags": True},
        "propagate_tags: applies to ECS jobs only (AWS refuses it with eks_properties), got True",
    ),
    (
        "no-containers",
        {"eks_properties": pod(containers=[])},
        "eks_properties.containers: must have at least one EksContainer, got []",
    ),
    (
        "eleven-containers",
        {"eks_properties": pod(containers=[named(f"c{i}") for i in range(11)])},
        "eks_properties.containers: takes at most 10 EksContainer, got 11",
    ),
    (
        "unnamed-of-two",
        {"eks_properties": pod(containers=[named("a"), C(image=IMAGE)])},
        "eks_properties.containers[1].name: is required when the pod has more than one container, got None",
    ),
    (
        "same-names",
        {"eks_properties": pod(containers=[named("a")], init_containers=[named("a")])},
        "eks_properties.containers: each name may appear once, got 'a'",
    ),
    (
        "bad-name",
        {"eks_properties": pod(containers=[named("-a")])},
        "eks_properties.containers[0].name: must be 1-63 letters, digits and hyphens, starting with a letter or digit, got '-a'",
    ),
    (
        "cpu-step",
        {"eks_properties": pod(containers=[C(image=IMAGE, cpu_limit=0.3)])},
        "eks_properties.containers[0].cpu_limit: must be a multiple of 0.25 vCPU, got 0.3",
    ),
    (
        "cpu-too-small",
        {"eks_properties": pod(containers=[C(image=IMAGE, cpu_reservation=0.2)])},
        "eks_properties.containers[0].cpu_reservation: must be a number of at least 0.25, got 0.2",
    ),
    (
        "cpu-limit-below-request",
        {"eks_properties": pod(containers=[C(image=IMAGE, cpu_limit=1, cpu_reservation=1.25)])},
        "eks_properties.containers[0].cpu_limit: must not be below cpu_reservation (1.25), got 1",
    ),
    (
        "memory-too-small",
        {"eks_properties": pod(containers=[C(image=IMAGE, memory_limit_mib=3)])},
        "eks_properties.containers[0].memory_limit_mib: must be an integer of at least 4, got 3",
    ),
    (
        "memory-not-whole",
        {"eks_properties": pod(containers=[C(image=IMAGE, memory_limit_mib=4.5)])},
        "eks_properties.containers[0].memory_limit_mib: must be an integer of at least 4, got 4.5",
    ),
    (
        "memory-limit-not-request",
        {"eks_properties": pod(containers=[C(image=IMAGE, memory_limit_mib=8, memory_reservation_mib=4)])},
        "eks_properties.containers[0].memory_limit_mib: must equal memory_reservation_mib (4) when both are given, got 8",
    ),
    (
        "gpu-limit-not-request",
        {"eks_properties": pod(containers=[C(image=IMAGE, gpu_limit=2, gpu_reservation=1)])},
        "eks_properties.containers[0].gpu_limit: must equal gpu_reservation (1) when both are given, got 2",
    ),
    (
        "env-reserved",
        {"eks_properties": pod(containers=[C(image=IMAGE, env={"AWS_BATCH_X": "1"})])},
        "eks_properties.containers[0].env['AWS_BATCH_X']: names starting with AWS_BATCH are reserved by AWS Batch, got 'AWS_BATCH_X'",
    ),
    (
        "run-as-user-negative",
        {"eks_properties": pod(containers=[C(image=IMAGE, run_as_user=-1)])},
        "eks_properties.containers[0].run_as_user: must be an integer from 0 to 2147483647, got -1",
    ),
    (
        "run-as-group-too-big",
        {"eks_properties": pod(containers=[C(image=IMAGE, run_as_group=2147483648)])},
        "eks_properties.containers[0].run_as_group: must be an integer from 0 to 2147483647, got 2147483648",
    ),
    (
        "volume-name",
        {
            "eks_properties": pod(
                containers=[
                    C(image=IMAGE, volumes=[batch.EksVolume.host_path(name="Data", mount_path="/d", path="/d")])
                ]
            )
        },
        "eks_properties.containers[0].volumes[0].name: must be a Kubernetes DNS subdomain: at most 253 lowercase letters,"
        " digits, '-' and '.', starting and ending with a letter or digit, got 'Data'",
    ),
    (
        "plain-volume",
        {"eks_properties": pod(containers=[C(image=IMAGE, volumes=[batch.EksVolume(name="d", mount_path="/d")])])},
        "eks_properties.containers[0].volumes[0]: must be made with EksVolume.empty_dir, EksVolume.host_path or"
        " EksVolume.secret, got EksVolume(name='d', mount_path='/d', read_only=None)",
    ),
    (
        "same-mount-path",
        {
            "eks_properties": pod(
                containers=[
                    C(
                        image=IMAGE,
                        volumes=[
                            batch.EksVolume.host_path(name="a", mount_path="/d", path="/a"),
                            batch.EksVolume.host_path(name="b", mount_path="/d", path="/b"),
                        ],
                    )
                ]
            )
        },
        "eks_properties.containers[0].volumes: each mount_path may appear once, got '/d'",
    ),
    (
        "volume-declared-twice-differently",
        {
            "eks_properties": pod(
                containers=[
                    named("a", volumes=[batch.EksVolume.host_path(name="data", mount_path="/d", path="/a")]),
                    named("b", volumes=[batch.EksVolume.host_path(name="data", mount_path="/d", path="/b")]),
                ]
            )
        },
        "eks_properties.containers[1].volumes[0]: declares volume 'data' differently from another container of the pod,"
        " got HostPathVolume(name='data', mount_path='/d', read_only=None, path='/b')",
    ),
    (
        "same-volume-name",
        {
            "eks_properties": pod(
                containers=[
                    C(
                        image=IMAGE,
                        volumes=[
                            batch.EksVolume.host_path(name="a", mount_path="/a", path="/a"),
                            batch.EksVolume.host_path(name="a", mount_path="/b", path="/a"),
                        ],
                    )
                ]
            )
        },
        "eks_properties.containers[0].volumes: each name may appear once, got 'a'",
    ),
    (
        "command-string",
        {"eks_properties": pod(containers=[C(image=IMAGE, command="echo")])},
        "eks_properties.containers[0].command: must be a list of strings, got 'echo'",
    ),
    (
        "env-list",
        {"eks_properties": pod(containers=[C(image=IMAGE, env=["A"])])},
        "eks_properties.containers[0].env: must be a mapping of strings to strings, got ['A']",
    ),
    (
        "image-pull-policy",
        {"eks_properties": pod(containers=[C(image=IMAGE, image_pull_policy="Sometimes")])},
        "eks_properties.containers[0].image_pull_policy: must be one of Always, IfNotPresent, Never, got 'Sometimes'",
    ),
    (
        "privileged-string",
        {"eks_properties": pod(containers=[C(image=IMAGE, privileged="yes")])},
        "eks_properties.containers[0].privileged: must be True or False, got 'yes'",
    ),
    (
        "init-containers-string",
        {"eks_properties": pod(init_containers="setup")},
        "eks_properties.init_containers: must be a list of EksContainer, got 'setup'",
    ),
    (
        "init-container-checked",
        {"eks_properties": pod(containers=[named("main")], init_containers=[named("setup", cpu_limit=0.3)])},
        "eks_properties.init_containers[0].cpu_limit: must be a multiple of 0.25 vCPU, got 0.3",
    ),
    (
        "eleven-init-containers",
        {"eks_properties": pod(containers=[named("main")], init_containers=[named(f"i{i}") for i in range(11)])},
        "eks_properties.init_containers: takes at most 10 EksContainer, got 11",
    ),
    (
        "labels-list",
        {"eks_properties": pod(labels=["team"])},
        "eks_properties.labels: must be a mapping of strings to strings, got ['team']",
    ),
    (
        "pull-secrets-string",
        {"eks_properties": pod(image_pull_secrets="registry")},
        "eks_properties.image_pull_secrets: must be a list of strings, got 'registry'",
    ),
    (
        "host-network-string",
        {"eks_properties": pod(host_network="yes")},
        "eks_properties.host_network: must be True or False, got 'yes'",
    ),
    (
        "init-volume-declared-twice-differently",
        {
            "eks_properties": pod(
                containers=[named("a", volumes=[batch.EksVolume.host_path(name="data", mount_path="/d", path="/a")])],
                init_containers=[
                    named("b", volumes=[batch.EksVolume.empty_dir(name="data", mount_path="/d", size_limit_mib=1)])
                ],
            )
        },
        "eks_properties.init_containers[0].volumes[0]: declares volume 'data' differently from another container of"
        " the pod, got EmptyDirVolume(name='data', mount_path='/d', read_only=None, size_limit_mib=1, medium=None)",
    ),
    (
        "gpu-negative",
        {"eks_properties": pod(containers=[C(image=IMAGE, gpu_limit=-1)])},
        "eks_properties.containers[0].gpu_limit: must be an integer of at least 0, got -1",
    ),
    (
        "empty-dir-size",
        {
            "eks_properties": pod(
                containers=[
                    C(image=IMAGE, volumes=[batch.EksVolume.empty_dir(name="s", mount_path="/s", size_limit_mib=0)])
                ]
            )
        },
        "eks_properties.containers[0].volumes[0].size_limit_mib: must be an integer of at least 1, got 0",
    ),
    (
        "mount-path-empty",
        {
            "eks_properties": pod(
                containers=[C(image=IMAGE, volumes=[batch.EksVolume.host_path(name="h", mount_path="", path="/h")])]
            )
        },
        "eks_properties.containers[0].volumes[0].mount_path: must not be empty, got ''",
    ),
    (
        "read-only-type",
        {
            "eks_properties": pod(
                containers=[
                    C(
                        image=IMAGE,
                        volumes=[batch.EksVolume.host_path(name="h", mount_path="/h", path="/h", read_only="yes")],  # type: ignore[arg-type]
                    )
                ]
            )
        },
        "eks_properties.containers[0].volumes[0].read_only: must be True or False, got 'yes'",
    ),
    (
        "empty-dir-name",
        {
            "eks_properties": pod(
                containers=[
                    C(image=IMAGE, volumes=[batch.EksVolume.empty_dir(name="S", mount_path="/s", size_limit_mib=1)])
                ]
            )
        },
        "eks_properties.containers[0].volumes[0].name: must be a Kubernetes DNS subdomain: at most 253 lowercase"
        " letters, digits, '-' and '.', starting and ending with a letter or digit, got 'S'",
    ),
    (
        "empty-dir-medium",
        {
            "eks_properties": pod(
                containers=[
                    C(
                        image=IMAGE,
                        volumes=[
                            batch.EksVolume.empty_dir(name="s", mount_path="/s", size_limit_mib=1, medium="Disk")  # type: ignore[arg-type]
                        ],
                    )
                ]
            )
        },
        "eks_properties.containers[0].volumes[0].medium: must be one of \"\", Memory, got 'Disk'",
    ),
    (
        "host-path-empty",
        {
            "eks_properties": pod(
                containers=[C(image=IMAGE, volumes=[batch.EksVolume.host_path(name="h", mount_path="/h", path="")])]
            )
        },
        "eks_properties.containers[0].volumes[0].path: must not be empty, got ''",
    ),
    (
        "secret-volume-name",
        {
            "eks_properties": pod(
                containers=[
                    C(image=IMAGE, volumes=[batch.EksVolume.secret(name="S", mount_path="/s", secret_name="s")])
                ]
            )
        },
        "eks_properties.containers[0].volumes[0].name: must be a Kubernetes DNS subdomain: at most 253 lowercase"
        " letters, digits, '-' and '.', starting and ending with a letter or digit, got 'S'",
    ),
    (
        "secret-optional",
        {
            "eks_properties": pod(
                containers=[
                    C(
                        image=IMAGE,
                        volumes=[batch.EksVolume.secret(name="s", mount_path="/s", secret_name="s", optional="yes")],  # type: ignore[arg-type]
                    )
                ]
            )
        },
        "eks_properties.containers[0].volumes[0].optional: must be True or False, got 'yes'",
    ),
    (
        "secret-name",
        {
            "eks_properties": pod(
                containers=[
                    C(image=IMAGE, volumes=[batch.EksVolume.secret(name="s", mount_path="/s", secret_name="My_Secret")])
                ]
            )
        },
        "eks_properties.containers[0].volumes[0].secret_name: must be a Kubernetes DNS subdomain: at most 253 lowercase"
        " letters, digits, '-' and '.', starting and ending with a letter or digit, got 'My_Secret'",
    ),
    (
        "dns-needs-host-network",
        {"eks_properties": pod(host_network=False, dns_policy=batch.DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET)},
        "eks_properties.dns_policy: ClusterFirstWithHostNet needs host_network, got 'ClusterFirstWithHostNet'",
    ),
    (
        "dns-policy-string",
        {"eks_properties": pod(dns_policy="None")},
        "eks_properties.dns_policy: must be one of ClusterFirst, ClusterFirstWithHostNet, Default, got 'None'",
    ),
    (
        "label-value",
        {"eks_properties": pod(labels={"team": "data science"})},
        "eks_properties.labels['team']: must be a Kubernetes label value: at most 63 letters, digits, '-', '_' and '.',"
        " starting and ending with a letter or digit, got 'data science'",
    ),
    (
        "label-key",
        {"eks_properties": pod(labels={"-team": "data"})},
        "eks_properties.labels: keys must be Kubernetes label keys: an optional DNS subdomain and '/', then 1-63 letters,"
        " digits, '-', '_' and '.', starting and ending with a letter or digit, got '-team'",
    ),
    (
        "service-account",
        {"eks_properties": pod(service_account_name="Batch")},
        "eks_properties.service_account_name: must be a Kubernetes DNS subdomain: at most 253 lowercase letters, digits,"
        " '-' and '.', starting and ending with a letter or digit, got 'Batch'",
    ),
    (
        "pull-secret",
        {"eks_properties": pod(image_pull_secrets=["Registry"])},
        "eks_properties.image_pull_secrets[0]: must be a Kubernetes DNS subdomain: at most 253 lowercase letters, digits,"
        " '-' and '.', starting and ending with a letter or digit, got 'Registry'",
    ),
    (
        "image-type",
        {"eks_properties": pod(containers=[C(image="busybox")])},  # type: ignore[arg-type]
        "eks_properties.containers[0].image: must be a ContainerImage, got 'busybox'",
    ),
]


@pytest.mark.parametrize(("arguments", "message"), [case[1:] for case in REFUSED], ids=[case[0] for case in REFUSED])
def test_refused(arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(batch.ValidationError) as raised:
        synth(eks_job(**arguments), validate=False)
    assert str(raised.value) == message


class ConfigMapVolume(batch.EksVolume):
    """A kind of volume without a key of its own (the base class's)."""


class ProjectedVolume(batch.EksVolume):
    """Another."""


def test_volume_kinds_without_a_key_of_their_own_differ_by_class() -> None:
    same = batch.EksProperties(
        containers=[
            named("a", volumes=[ConfigMapVolume(name="v", mount_path="/v")]),
            named("b", volumes=[ConfigMapVolume(name="v", mount_path="/w")]),
        ]
    )
    assert same.pod_volumes() == [ConfigMapVolume(name="v", mount_path="/v")]
    different = batch.EksProperties(
        containers=[
            named("a", volumes=[ConfigMapVolume(name="v", mount_path="/v")]),
            named("b", volumes=[ProjectedVolume(name="v", mount_path="/v")]),
        ]
    )
    with pytest.raises(batch.ValidationError) as raised:
        different.pod_volumes()
    assert str(raised.value) == (
        "eks_properties.containers[1].volumes[0]: declares volume 'v' differently from another container of the pod,"
        " got ProjectedVolume(name='v', mount_path='/v', read_only=None)"
    )


def test_one_kind_of_job() -> None:
    with pytest.raises(batch.ValidationError) as raised:
        synth(eks_job(eks_properties=pod(), container=batch.JobDefinitionContainer(image=IMAGE)), validate=False)
    assert raised.value.argument == "eks_properties"
    assert raised.value.allowed == "give one of container, ecs_properties, node_props, eks_properties"
    assert sorted(raised.value.value) == ["container", "eks_properties"]
    with pytest.raises(batch.ValidationError) as raised:
        synth(eks_job(), validate=False)
    assert str(raised.value) == "container: give one of container or ecs_properties or node_props or eks_properties"


@pytest.mark.parametrize("kind", ["containers", "init_containers"])
def test_registry_credentials_are_refused_on_eks(kind: str) -> None:
    secret = "arn:aws:secretsmanager:us-east-1:123456789012:secret:registry-AbCdEf"
    image = batch.ContainerImage.from_registry("registry.example.com/job:1", credentials=secret)
    containers = {"containers": [named("main")], kind: [named("a"), C(image=image, name="b")]}
    with pytest.raises(batch.ValidationError) as raised:
        synth(eks_job(eks_properties=pod(**containers)), validate=False)
    assert str(raised.value) == (
        f"eks_properties.{kind}[1].image: cannot take registry credentials on EKS: give the Kubernetes secret in"
        " eks_properties.image_pull_secrets, got 'registry.example.com/job:1'"
    )


def test_an_ecr_image_is_bound_in_the_job_definition() -> None:
    def build(stack: Any) -> None:
        repository = batch.EcrRepository.from_repository_name(stack, "Repo", "jobs")
        image = batch.ContainerImage.from_ecr_repository(repository, "v1")
        batch.JobDefinition(stack, "Job", eks_properties=pod(containers=[C(image=image)]))

    doc = synth(build)
    containers = definition(doc)["eks_properties"]["pod_properties"]["containers"]
    assert containers == [{"image": "${data.aws_ecr_repository.Repo_02AC86CF.repository_url}:v1"}]


def test_the_last_accepted_values() -> None:
    """Beside each refused boundary above: the value just inside it synthesizes."""
    doc = synth(
        eks_job(
            eks_properties=pod(
                containers=[
                    named(
                        f"c{i}",
                        cpu_reservation=0.25,
                        cpu_limit=0.25,
                        memory_limit_mib=4,
                        memory_reservation_mib=4,
                        gpu_limit=0,
                        gpu_reservation=0,
                        run_as_user=0 if i % 2 else 2147483647,
                        run_as_group=2147483647 if i % 2 else 0,
                    )
                    for i in range(10)
                ],
                init_containers=[named(f"init{i}") for i in range(10)],
                labels={"example.com/" + "k" * 63: "v" * 63, "empty": ""},
                host_network=True,
                dns_policy=batch.DnsPolicy.CLUSTER_FIRST_WITH_HOST_NET,
            )
        )
    )
    properties = definition(doc)["eks_properties"]["pod_properties"]
    assert len(properties["containers"]) == 10
    assert len(properties["init_containers"]) == 10
    assert properties["containers"][0]["resources"] == {
        "limits": {"cpu": "0.25", "memory": "4Mi", "nvidia.com/gpu": "0"},
        "requests": {"cpu": "0.25", "memory": "4Mi", "nvidia.com/gpu": "0"},
    }
    assert properties["containers"][0]["security_context"] == {"run_as_group": 0, "run_as_user": 2147483647}
    assert properties["metadata"] == {"labels": {"empty": "", "example.com/" + "k" * 63: "v" * 63}}


@pytest.mark.parametrize("argument", ["container", "ecs_properties"])
def test_a_node_range_refuses_a_pod_with_a_clear_message(argument: str) -> None:
    with pytest.raises(batch.ValidationError) as raised:
        batch.NodeProps(count=2, range_props=[batch.NodeRangeProps(**{argument: pod()})])
    assert str(raised.value) == (
        f"node_props.range_props[0].{argument}: takes an ECS container or task: multi-node EKS jobs (eksProperties"
        " per node range) are not supported by cdktf_batch yet; run the pod as a single-node job"
        " (JobDefinition(eks_properties=...)), got 'EksProperties'"
    )
