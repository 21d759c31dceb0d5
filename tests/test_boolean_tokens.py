"""A boolean variable (an IResolvable jsii proxy, not a string or a number) is a token: never
refused, and written unquoted into the JSON payloads so Terraform gives JSON a boolean."""

from __future__ import annotations

import importlib
import json
from typing import Any

import cdktf_batch as batch
from cdktf_batch._engine import engine_of
from cdktf_batch._validation import is_unresolved
from tests.conftest import one, resources, synth


def test_a_boolean_variable_in_a_container() -> None:
    captured: dict[str, Any] = {}

    def build(stack: Any) -> None:
        core = importlib.import_module(engine_of(stack).name)
        flag = core.TerraformVariable(stack, "privileged", type="bool").boolean_value
        captured["flag"] = flag
        batch.JobDefinition(
            stack,
            "Job",
            container=batch.JobDefinitionContainer(
                image=batch.ContainerImage.from_registry("busybox"), privileged=flag, read_only=flag
            ),
        )

    doc = synth(build)  # the payload is checked against botocore's model as a boolean
    assert is_unresolved(captured["flag"])
    text = one(resources(doc, "aws_batch_job_definition"))["container_properties"]
    assert '"privileged":${var.privileged}' in text
    assert '"readonlyRootFilesystem":${var.privileged}' in text
    # Terraform's value is true or false there: JSON once the reference is replaced.
    assert json.loads(text.replace("${var.privileged}", "true"))["privileged"] is True
