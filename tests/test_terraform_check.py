"""The harness that runs `terraform validate`: its 5.x translation, its merge, and that it
really catches what the provider refuses."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests import terraform_check
from tests.conftest import VALIDATOR, resources
from tests.terraform_check import PROVIDER_5_RENAMES, merge, missing_tools, require, translate_for_provider_5

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
        ("data", "aws_region"),
    }


def test_translation_reads_the_region_data_source_by_its_provider_5_name() -> None:
    doc = copy.deepcopy(DOC)
    doc["data"]["aws_region"] = {"r": {"region": "eu-west-1"}, "here": {}}
    doc["output"]["r"] = {"value": "${data.aws_region.r.region}/${data.aws_region.here.region}"}
    translated = translate_for_provider_5(doc)
    assert translated["data"]["aws_region"] == {"r": {"name": "eu-west-1"}, "here": {}}
    assert translated["output"]["r"]["value"] == "${data.aws_region.r.name}/${data.aws_region.here.name}"


def test_translation_leaves_out_the_region_of_regional_types_only() -> None:
    doc = copy.deepcopy(DOC)
    doc["resource"]["aws_batch_job_queue"]["q"]["region"] = "eu-west-1"
    doc["data"]["aws_batch_compute_environment"]["d"]["region"] = "eu-west-1"
    doc["resource"]["aws_iam_role"] = {"r": {"assume_role_policy": "{}", "region": "eu-west-1"}}
    translated = translate_for_provider_5(doc)
    assert "region" not in resources(translated, "aws_batch_job_queue")["q"]
    assert "region" not in translated["data"]["aws_batch_compute_environment"]["d"]
    # IAM is global in provider 6 too: a region there is our bug, left for 5.100 to refuse.
    assert resources(translated, "aws_iam_role")["r"]["region"] == "eu-west-1"
    assert doc["resource"]["aws_batch_job_queue"]["q"]["region"] == "eu-west-1"  # a copy


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


def test_translation_leaves_out_arguments_provider_5_does_not_know() -> None:
    doc = copy.deepcopy(DOC)
    environment = doc["resource"]["aws_batch_compute_environment"]["ce"]
    environment["compute_resources"] = {
        "ec2_configuration": [
            {"image_type": "EKS_AL2023", "image_kubernetes_version": "1.31"},
            {"image_type": "EKS_AL2"},
        ]
    }
    translated = translate_for_provider_5(doc)
    checked = resources(translated, "aws_batch_compute_environment")["ce"]["compute_resources"]["ec2_configuration"]
    assert checked == [{"image_type": "EKS_AL2023"}, {"image_type": "EKS_AL2"}]
    assert environment["compute_resources"]["ec2_configuration"][0]["image_kubernetes_version"] == "1.31"  # a copy


def test_merge_prefixes_names_and_references() -> None:
    merged = merge([DOC, copy.deepcopy(DOC)])
    assert set(resources(merged, "aws_batch_job_queue")) == {"d0_q", "d1_q"}
    queue = resources(merged, "aws_batch_job_queue")["d1_q"]
    assert queue["compute_environment_order"][0]["compute_environment"] == "${aws_batch_compute_environment.d1_ce.arn}"
    assert queue["depends_on"] == ["aws_batch_compute_environment.d1_ce"]
    assert merged["output"]["d0_n"]["value"].endswith("${data.aws_batch_compute_environment.d0_d.name}")
    assert set(merged["variable"]) == {"d0_v", "d1_v"}


def test_merge_keeps_aliased_providers_apart() -> None:
    doc = copy.deepcopy(DOC)
    doc["provider"]["aws"].append({"alias": "west", "region": "us-west-2"})
    doc["resource"]["aws_batch_job_queue"]["q"]["provider"] = "aws.west"
    doc["resource"]["aws_batch_compute_environment"]["ce"]["provider"] = "aws"
    merged = merge([DOC, doc])
    assert merged["provider"]["aws"] == [{"region": "us-east-1"}, {"alias": "d1_west", "region": "us-west-2"}]
    assert resources(merged, "aws_batch_job_queue")["d1_q"]["provider"] == "aws.d1_west"
    assert "provider" not in resources(merged, "aws_batch_job_queue")["d0_q"]
    assert "provider" not in resources(merged, "aws_batch_compute_environment")["d1_ce"]


def test_validate_catches_what_the_provider_refuses() -> None:
    require(missing_tools(), "terraform validate")
    bad = copy.deepcopy(DOC)
    bad["resource"]["aws_batch_compute_environment"]["ce"]["no_such_argument"] = 1
    bad["resource"]["aws_batch_job_queue"]["q"]["state"] = "ON"
    problems = VALIDATOR.check({"good": DOC, "bad": bad})
    assert set(problems) == {"bad"}
    text = "\n".join(problems["bad"])
    assert "no_such_argument" in text


def test_validate_catches_a_provider_alias_never_declared() -> None:
    require(missing_tools(), "terraform validate")
    bad = copy.deepcopy(DOC)
    bad["resource"]["aws_batch_job_queue"]["q"]["provider"] = "aws.nowhere"
    good = copy.deepcopy(DOC)
    good["provider"]["aws"].append({"alias": "nowhere", "region": "us-west-2"})
    good["resource"]["aws_batch_job_queue"]["q"]["provider"] = "aws.nowhere"
    problems = VALIDATOR.check({"good": good, "bad": bad})
    assert set(problems) == {"bad"}
    assert "nowhere" in "\n".join(problems["bad"])


def fake_mirror(root: Path, *, packed: bool = False) -> Path:
    provider = root / "registry.terraform.io" / "hashicorp" / "aws"
    if packed:
        provider.mkdir(parents=True)
        (provider / f"terraform-provider-aws_{terraform_check.PROVIDER_VERSION}_linux_amd64.zip").touch()
    else:
        (provider / terraform_check.PROVIDER_VERSION / "linux_amd64").mkdir(parents=True)
    return root


def test_the_configured_mirror_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CDKTF_BATCH_TF_MIRROR", str(fake_mirror(tmp_path / "unpacked")))
    assert terraform_check.find_mirror() == tmp_path / "unpacked"
    monkeypatch.setenv("CDKTF_BATCH_TF_MIRROR", str(fake_mirror(tmp_path / "packed", packed=True)))
    assert terraform_check.find_mirror() == tmp_path / "packed"


def test_a_configured_mirror_without_the_provider_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "registry.terraform.io" / "hashicorp" / "aws" / "5.99.0").mkdir(parents=True)
    monkeypatch.setenv("CDKTF_BATCH_TF_MIRROR", str(tmp_path))
    assert terraform_check.find_mirror() is None
    if shutil.which("terraform"):
        assert f"hashicorp/aws {terraform_check.PROVIDER_VERSION} in {tmp_path}" in (
            terraform_check.missing_tools() or ""
        )


def test_the_search_looks_a_few_levels_down(tmp_path: Path) -> None:
    mirror = fake_mirror(tmp_path / "a" / "b" / "plugins")
    (tmp_path / "0-empty").mkdir()
    assert terraform_check._search(tmp_path, 3) == mirror
    assert terraform_check._search(tmp_path, 2) is None


def test_missing_tools_skip_locally_and_fail_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    terraform_check.require(None, "anything")  # nothing missing: nothing happens
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"^Terraform checks skipped: no terraform$"):
        terraform_check.require("no terraform", "Terraform checks")
    for value in ("1", "true"):
        monkeypatch.setenv("CI", value)
        with pytest.raises(pytest.fail.Exception, match=r"^Terraform checks cannot run under CI: no terraform$"):
            terraform_check.require("no terraform", "Terraform checks")
    monkeypatch.setenv("CI", "false")
    assert not terraform_check.in_ci()
