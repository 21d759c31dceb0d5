"""The example app's stacks, applied with the real Terraform and AWS provider against the
moto emulator: apply, a clean re-plan, imports of resources made outside Terraform, and a
destroy that leaves nothing behind. Run alone with ``pytest -m lifecycle``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cdktf
import pytest

from examples.main import build
from tests.conftest import VALIDATOR
from tests.lifecycle import SERVICE_LINKED_ROLE, Emulator, Workspace, for_emulator
from tests.terraform_check import missing_tools

pytestmark = [
    pytest.mark.lifecycle,
    pytest.mark.skipif(missing_tools() is not None, reason=f"Terraform checks skipped: {missing_tools()}"),
]

IMPORTED_ENVIRONMENT = "My-Compute-Env"


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    emulator = Emulator()
    yield emulator
    emulator.stop()


@pytest.fixture(scope="module")
def example_docs() -> dict[str, dict[str, Any]]:
    app = build(cdktf.Testing.app())
    return {stack.node.id: json.loads(cdktf.Testing.synth(stack)) for stack in app.node.children}


def create_imported_resources(emulator: Emulator) -> dict[str, str]:
    """What the examples import, made directly in the emulator as another team would."""
    batch = emulator.client("batch")
    environment = batch.create_compute_environment(
        computeEnvironmentName=IMPORTED_ENVIRONMENT, type="UNMANAGED", serviceRole=SERVICE_LINKED_ROLE
    )
    return {"environment_arn": environment["computeEnvironmentArn"]}


def test_compute_environments_apply_replan_destroy(
    emulator: Emulator, example_docs: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    emulator.reset()
    imported = create_imported_resources(emulator)
    workspace = Workspace(tmp_path / "compute-environments", VALIDATOR)
    workspace.write(for_emulator(example_docs["compute-environments"], emulator))

    # apply, then nothing left to change
    workspace.apply()
    changes = workspace.pending_changes()
    assert not changes, changes

    batch = emulator.client("batch")
    environments = {
        e["computeEnvironmentName"]: e for e in batch.describe_compute_environments()["computeEnvironments"]
    }
    outputs = workspace.outputs()
    assert outputs["imported_environment_arn"] == imported["environment_arn"]
    assert "MyStorageCapableComputeEnvironment" in environments
    spot = next(e for e in environments.values() if e["computeEnvironmentArn"] == outputs["spot_environment_arn"])
    assert spot["computeResources"]["bidPercentage"] == 75
    assert spot["computeResources"]["instanceRole"].startswith("arn:aws:iam::123456789012:instance-profile/")
    assert spot["serviceRole"] == SERVICE_LINKED_ROLE  # no service role given: the service-linked role

    # destroy leaves only what existed before
    workspace.destroy()
    left = [e["computeEnvironmentName"] for e in batch.describe_compute_environments()["computeEnvironments"]]
    assert left == [IMPORTED_ENVIRONMENT]
    roles = [r["RoleName"] for r in emulator.client("iam").list_roles()["Roles"]]
    assert roles == ["AWSServiceRoleForBatch"]
    assert not emulator.client("iam").list_instance_profiles()["InstanceProfiles"]
    vpcs = emulator.client("ec2").describe_vpcs()["Vpcs"]
    assert all(vpc["IsDefault"] for vpc in vpcs)
