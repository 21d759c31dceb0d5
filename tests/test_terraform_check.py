"""The harness that runs `terraform validate`: its 5.x translation, its merge, and that it
really catches what the provider refuses."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.conftest import VALIDATOR, resources
from tests.terraform_check import PROVIDER_5_RENAMES, merge, missing_tools, translate_for_provider_5

DOC: dict[str, Any] = {
    "terraform": {"required_providers": {"aws": {"source": "aws", "version": "6.25.0"}}},
    "provider": {"aws": [{"region": "us-east-1"}]},
    "resource": {
        "aws_batch_compute_environment": {
            "ce": {"name_prefix": "x-", "type": "UNMANAGED"},
        },
        "aws_batch_job_queue": {
            "q": {
                "name": "q",
                "priority": 1,
                "state": "ENABLED",
                "compute_environment_order": [
                    {"compute_environment": "${aws_batch_compute_environment.ce.arn}", "order": 1}
                ],
                "depends_on": ["aws_batch_compute_environment.ce"],
            }
        },
    },
    "data": {"aws_batch_compute_environment": {"d": {"name": "existing"}}},
    "output": {"n": {"value": "${aws_batch_compute_environment.ce.name} ${data.aws_batch_compute_environment.d.name}"}},
    "variable": {"v": {"type": "string"}},
}


def test_translation_renames_only_the_table() -> None:
    translated = translate_for_provider_5(DOC)
    assert translated["terraform"]["required_providers"]["aws"] == {"source": "hashicorp/aws", "version": "5.100.0"}
    assert resources(translated, "aws_batch_compute_environment")["ce"] == {
        "compute_environment_name_prefix": "x-",
        "type": "UNMANAGED",
    }
    assert translated["data"]["aws_batch_compute_environment"]["d"] == {"compute_environment_name": "existing"}
    assert translated["output"]["n"]["value"] == (
        "${aws_batch_compute_environment.ce.compute_environment_name} "
        "${data.aws_batch_compute_environment.d.compute_environment_name}"
    )
    # the queue's name is not in the table
    assert resources(translated, "aws_batch_job_queue")["q"]["name"] == "q"
    assert DOC["resource"]["aws_batch_compute_environment"]["ce"] == {"name_prefix": "x-", "type": "UNMANAGED"}
    assert set(PROVIDER_5_RENAMES) == {
        ("resource", "aws_batch_compute_environment"),
        ("data", "aws_batch_compute_environment"),
    }


def test_translation_maps_values_newer_than_provider_5() -> None:
    doc = copy.deepcopy(DOC)
    queue = doc["resource"]["aws_batch_job_queue"]["q"]
    queue["job_state_time_limit_action"] = [
        {"action": "TERMINATE", "max_time_seconds": 600, "reason": "r", "state": "RUNNABLE"},
        {"action": "CANCEL", "max_time_seconds": 600, "reason": "r", "state": "RUNNABLE"},
    ]
    translated = translate_for_provider_5(doc)
    actions = [a["action"] for a in resources(translated, "aws_batch_job_queue")["q"]["job_state_time_limit_action"]]
    assert actions == ["CANCEL", "CANCEL"]
    assert queue["job_state_time_limit_action"][0]["action"] == "TERMINATE"


def test_merge_prefixes_names_and_references() -> None:
    merged = merge([DOC, copy.deepcopy(DOC)])
    assert set(resources(merged, "aws_batch_job_queue")) == {"d0_q", "d1_q"}
    queue = resources(merged, "aws_batch_job_queue")["d1_q"]
    assert queue["compute_environment_order"][0]["compute_environment"] == "${aws_batch_compute_environment.d1_ce.arn}"
    assert queue["depends_on"] == ["aws_batch_compute_environment.d1_ce"]
    assert merged["output"]["d0_n"]["value"].endswith("${data.aws_batch_compute_environment.d0_d.name}")
    assert set(merged["variable"]) == {"d0_v", "d1_v"}


@pytest.mark.skipif(missing_tools() is not None, reason=f"Terraform checks skipped: {missing_tools()}")
def test_validate_catches_what_the_provider_refuses() -> None:
    bad = copy.deepcopy(DOC)
    bad["resource"]["aws_batch_compute_environment"]["ce"]["no_such_argument"] = 1
    bad["resource"]["aws_batch_job_queue"]["q"]["state"] = "ON"
    problems = VALIDATOR.check({"good": DOC, "bad": bad})
    assert set(problems) == {"bad"}
    text = "\n".join(problems["bad"])
    assert "no_such_argument" in text
