"""The payload oracle checks itself: each kind of mistake AWS would refuse is reported, and
what AWS accepts (references included) is not."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests import batch_model


def container(**properties: Any) -> dict[str, Any]:
    """A synthesized container job definition whose container_properties hold ``properties``."""
    body = {"image": "busybox", "resourceRequirements": [{"type": "VCPU", "value": "1"}], **properties}
    return {"type": "container", "container_properties": json.dumps(body)}


def ecs(**task: Any) -> dict[str, Any]:
    body = {"taskProperties": [{"containers": [{"image": "busybox"}], **task}]}
    return {"type": "container", "platform_capabilities": ["FARGATE"], "ecs_properties": json.dumps(body)}


def eks(**pod: Any) -> dict[str, Any]:
    block = {"pod_properties": [{"containers": [{"image": "busybox"}], **pod}]}
    return {"type": "container", "eks_properties": [block]}


VALID: list[tuple[str, dict[str, Any]]] = [
    ("container", container()),
    (
        "container-references",
        {
            "type": "container",
            "container_properties": (
                '{"image":"${aws_ecr_repository.R.repository_url}:latest","vcpus":${var.cpus},'
                '"command":${jsonencode(var.command)},"jobRoleArn":"${aws_iam_role.Job.arn}",'
                '"logConfiguration":{"logDriver":"${var.driver}"}}'
            ),
        },
    ),
    (
        "container-enums",
        container(logConfiguration={"logDriver": "awslogs"}, networkConfiguration={"assignPublicIp": "DISABLED"}),
    ),
    ("container-largest-storage", container(ephemeralStorage={"sizeInGiB": 200})),
    ("container-smallest-storage", container(ephemeralStorage={"sizeInGiB": 21})),
    (
        "arguments",
        {
            **container(),
            "retry_strategy": [{"attempts": 10, "evaluate_on_exit": [{"action": "RETRY", "on_exit_code": "1"}]}],
            "timeout": [{"attempt_duration_seconds": 60}],
            "scheduling_priority": 9999,
            "propagate_tags": True,
            "platform_capabilities": ["EC2"],
            "parameters": {"a": "b"},
            "tags": {"k": "v" * 256},
        },
    ),
    ("argument-references", {**container(), "scheduling_priority": "${var.priority}", "tags": {"k": "${var.v}"}}),
    (
        "multinode",
        {
            "type": "multinode",
            "node_properties": json.dumps(
                {
                    "numNodes": 1000,
                    "mainNode": 0,
                    "nodeRangeProperties": [{"targetNodes": "0:", "container": {"image": "x"}}],
                }
            ),
        },
    ),
    ("ecs", ecs(ephemeralStorage={"sizeInGiB": 21}, networkConfiguration={"assignPublicIp": "ENABLED"})),
    ("eks", eks(image_pull_secret=[{"name": "registry"}], host_network=True, metadata=[{"labels": {"a": "b"}}])),
]


@pytest.mark.parametrize("definition", [case[1] for case in VALID], ids=[case[0] for case in VALID])
def test_what_aws_accepts_is_not_reported(definition: dict[str, Any]) -> None:
    assert batch_model.problems(definition) == []


INVALID: list[tuple[str, dict[str, Any], str]] = [
    # (case, synthesized definition, words of the one report)
    ("unknown-key", container(imag="busybox"), 'Unknown parameter in containerProperties: "imag"'),
    ("wrong-type", container(vcpus="1"), "Invalid type for parameter containerProperties.vcpus, value: 1"),
    (
        "missing-member",
        container(resourceRequirements=[{"type": "VCPU"}]),
        'Missing required parameter in containerProperties.resourceRequirements[0]: "value"',
    ),
    (
        "bad-enum",
        container(logConfiguration={"logDriver": "cloudwatch"}),
        ".containerProperties.logConfiguration.logDriver: 'cloudwatch' is not one of json-file, syslog",
    ),
    (
        "bad-enum-public-ip",
        container(networkConfiguration={"assignPublicIp": "YES"}),
        ".containerProperties.networkConfiguration.assignPublicIp: 'YES' is not one of ENABLED, DISABLED",
    ),
    (
        "bad-enum-resource-type",
        container(resourceRequirements=[{"type": "CPU", "value": "1"}]),
        ".containerProperties.resourceRequirements[0].type: 'CPU' is not one of GPU, VCPU, MEMORY",
    ),
    (
        "storage-too-large",
        container(ephemeralStorage={"sizeInGiB": 100000}),
        ".containerProperties.ephemeralStorage.sizeInGiB: 100000 is outside 21-200 (API reference)",
    ),
    (
        "storage-too-small",
        container(ephemeralStorage={"sizeInGiB": 20}),
        ".containerProperties.ephemeralStorage.sizeInGiB: 20 is outside 21-200 (API reference)",
    ),
    (
        "swappiness",
        container(linuxParameters={"maxSwap": 1, "swappiness": 101}),
        ".containerProperties.linuxParameters.swappiness: 101 is outside 0-100 (API reference)",
    ),
    (
        "tag-value-too-long",
        {**container(), "tags": {"k": "v" * 257}},
        ".tags['k']: length 257 is above the maximum 256",
    ),
    (
        "retry-attempts",
        {**container(), "retry_strategy": [{"attempts": 11}]},
        ".retryStrategy.attempts: 11 is outside 1-10",
    ),
    (
        "retry-action",
        {**container(), "retry_strategy": [{"attempts": 2, "evaluate_on_exit": [{"action": "RESTART"}]}]},
        ".retryStrategy.evaluateOnExit[0].action: 'RESTART' is not one of RETRY, EXIT",
    ),
    (
        "timeout-short",
        {**container(), "timeout": [{"attempt_duration_seconds": 59}]},
        ".timeout.attemptDurationSeconds: 59 is outside 60-",
    ),
    ("priority-high", {**container(), "scheduling_priority": 10000}, ".schedulingPriority: 10000 is outside 0-9999"),
    (
        "platform",
        {**container(), "platform_capabilities": ["LAMBDA"]},
        ".platformCapabilities[0]: 'LAMBDA' is not one of",
    ),
    ("type", {**container(), "type": "single"}, ".type: 'single' is not one of container, multinode"),
    (
        "multinode-too-many",
        {
            "type": "multinode",
            "node_properties": json.dumps(
                {"numNodes": 1001, "mainNode": 0, "nodeRangeProperties": [{"targetNodes": "0:"}]}
            ),
        },
        ".nodeProperties.numNodes: 1001 is outside 1-1000",
    ),
    ("ecs-unknown-key", ecs(cpu="1"), 'Unknown parameter in ecsProperties.taskProperties[0]: "cpu"'),
    (
        "ecs-wrong-type",
        ecs(containers=[{"image": "x", "essential": "yes"}]),
        "Invalid type for parameter ecsProperties.taskProperties[0].containers[0].essential",
    ),
    (
        "ecs-bad-enum",
        ecs(networkConfiguration={"assignPublicIp": "YES"}),
        ".ecsProperties.taskProperties[0].networkConfiguration.assignPublicIp: 'YES' is not one of",
    ),
    (
        "ecs-storage",
        ecs(ephemeralStorage={"sizeInGiB": 201}),
        ".ecsProperties.taskProperties[0].ephemeralStorage.sizeInGiB: 201",
    ),
    (
        "ecs-missing-image",
        ecs(containers=[{"name": "x"}]),
        'Missing required parameter in ecsProperties.taskProperties[0].containers[0]: "image"',
    ),
    ("eks-unknown-key", eks(containres=[]), 'Unknown parameter in eksProperties.podProperties: "containres"'),
    ("eks-wrong-type", eks(host_network="yes"), "Invalid type for parameter eksProperties.podProperties.hostNetwork"),
    (
        "eks-missing-image",
        eks(containers=[{"name": "c"}]),
        'Missing required parameter in eksProperties.podProperties.containers[0]: "image"',
    ),
]


@pytest.mark.parametrize(("definition", "words"), [case[1:] for case in INVALID], ids=[case[0] for case in INVALID])
def test_each_mistake_is_reported(definition: dict[str, Any], words: str) -> None:
    found = batch_model.problems(definition)
    assert len(found) == 1, found
    assert words in found[0]


def test_assert_valid_names_the_resource() -> None:
    doc = {"resource": {"aws_batch_job_definition": {"Good": container(), "Bad": container(imag="x")}}}
    with pytest.raises(AssertionError, match=r'^Bad: \[.Unknown parameter in containerProperties: "imag"'):
        batch_model.assert_valid(doc)


def test_references_become_values_of_the_right_kind() -> None:
    text = '{"a":"${x.y}-z","b":${var.n},"c":${jsonencode(["p"])},"d":"${f("}")}"}'
    bare = batch_model.BARE_REFERENCE
    assert batch_model.decode(text) == {"a": "placeholder-z", "b": bare, "c": ["placeholder"], "d": "placeholder"}


def test_a_bare_reference_takes_its_members_type() -> None:
    """A number variable and a boolean variable, written unquoted, check as a number and a boolean."""
    properties = (
        '{"image":"i","privileged":${var.flag},"resourceRequirements":[{"type":"VCPU","value":"1"}],"user":"u"}'
    )
    definition = {"type": "container", "container_properties": properties}
    request = batch_model.request_of(definition)
    assert request["containerProperties"]["privileged"] is True
    assert batch_model.problems(definition) == []
    # The stand-in is not a way around the check: a literal of the wrong type is still reported.
    wrong = {"type": "container", "container_properties": properties.replace("${var.flag}", '"yes"')}
    assert batch_model.problems(wrong) != []
