"""StringParameter: an SSM parameter known by name, its ARN built without reading the parameter."""

from __future__ import annotations

from typing import Any

import pytest

import cdktf_batch as batch
from tests.conftest import new_stack, synth
from tests.engine import TerraformOutput, TerraformStack, TerraformVariable

ARN_START = (
    "arn:${data.aws_partition.cdktf-batch-partition.partition}:ssm:${data.aws_region.cdktf-batch-region.region}:"
    "${data.aws_caller_identity.cdktf-batch-caller.account_id}:parameter/"
)


def arn_output(name: Any) -> tuple[Any, batch.StringParameter]:
    made: list[batch.StringParameter] = []

    def build(stack: TerraformStack) -> None:
        given = TerraformVariable(stack, "name", type="string").string_value if name is None else name
        made.append(batch.StringParameter.from_string_parameter_name(stack, "Parameter", given))
        TerraformOutput(stack, "arn", value=made[0].parameter_arn)

    return synth(build)["output"]["arn"]["value"], made[0]


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("xyz", "xyz"),
        ("/batch/db/password", "batch/db/password"),
        ("a.b-c_d/e", "a.b-c_d/e"),
        # only the slash goes, not the characters after it
        ("/XRay/key", "XRay/key"),
    ],
)
def test_the_arn_holds_the_path_without_its_leading_slash(name: str, path: str) -> None:
    arn, parameter = arn_output(name)
    assert arn == ARN_START + path
    assert (parameter.parameter_name, parameter.name) == (name, name)
    assert parameter.arn == parameter.parameter_arn


def test_a_name_from_a_variable_loses_its_leading_slash_in_terraform() -> None:
    arn, _ = arn_output(None)
    assert arn == ARN_START + '${trimprefix(var.name, "/")}'


RULE = "parameter_name: must be an SSM parameter name (letters, digits, . - _ and / for a path), got "


@pytest.mark.parametrize("name", ["bad name", "", "a:b", "a" * 2049])
def test_a_name_ssm_refuses_is_refused_with_the_rule(name: str) -> None:
    with pytest.raises(batch.ValidationError) as raised:
        batch.StringParameter(new_stack(), "P", parameter_name=name)
    assert str(raised.value).startswith(RULE + repr(name)[:197])


@pytest.mark.parametrize("name", ["a" * 2048, "/" + "a" * 2048])
def test_the_longest_name_is_accepted(name: str) -> None:
    assert batch.StringParameter(new_stack(), "P", parameter_name=name).name == name


def test_the_factory_passes_its_region_into_the_arn() -> None:
    def build(stack: TerraformStack) -> None:
        parameter = batch.StringParameter.from_string_parameter_name(stack, "P", "/a/b", region="eu-west-1")
        TerraformOutput(stack, "arn", value=parameter.parameter_arn)

    assert synth(build)["output"]["arn"]["value"] == (
        "arn:${data.aws_partition.cdktf-batch-partition-eu-west-1.partition}:ssm:eu-west-1:"
        "${data.aws_caller_identity.cdktf-batch-caller-eu-west-1.account_id}:parameter/a/b"
    )
