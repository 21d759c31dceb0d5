"""The package root: a sorted, complete __all__, and every name of the API map."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

import cdktf_batch as batch

API_MAP = Path(__file__).resolve().parents[2] / "shared" / "api-map.md"


def test_all_is_sorted_and_unique() -> None:
    assert list(batch.__all__) == sorted(set(batch.__all__))


def test_all_names_exist() -> None:
    missing = [name for name in batch.__all__ if not hasattr(batch, name)]
    assert not missing


def test_every_public_class_of_the_modules_is_exported() -> None:
    exported = set(batch.__all__)
    import importlib

    modules = (
        "compute_environment", "errors", "iam", "machine_image", "network", "job_queue", "scheduling_policy",
        "images", "logging", "secrets", "ssm", "job_definition.container", "job_definition.job_definition",
        "guardrails", "log_group",
    )  # fmt: skip
    for module_name in modules:
        module = importlib.import_module(f"cdktf_batch.{module_name}")
        declared = set(getattr(module, "__all__", []))
        assert declared <= exported, f"{module_name}: {sorted(declared - exported)} not re-exported"
        for name, value in vars(module).items():
            if inspect.isclass(value) and value.__module__ == module.__name__ and not name.startswith("_"):
                assert name in declared, f"{module_name}.{name} is public but not in its __all__"


def test_validation_error_is_a_value_error() -> None:
    assert issubclass(batch.ValidationError, ValueError)
    assert issubclass(batch.UnsupportedByProviderError, batch.ValidationError)


@pytest.mark.skipif(not API_MAP.exists(), reason="the API map is not beside the repository")
def test_names_of_the_api_map_that_exist_so_far() -> None:
    """Names of the API map that the compute-environment part of the map fixes."""
    text = API_MAP.read_text()
    wanted = {
        "ComputeEnvironment", "ComputeResources", "ComputeResourceType", "AllocationStrategy",
        "LaunchTemplateSpecification", "Vpc", "EcsOptimizedAmi", "AmazonLinuxGeneration",
        "MachineImage", "SubnetSelection", "SubnetType", "ValidationError",
    }  # fmt: skip
    for name in wanted:
        assert re.search(rf"batch\.{name}\b", text), name
        assert hasattr(batch, name), name
    for member in ("ON_DEMAND", "SPOT", "FARGATE", "FARGATE_SPOT", "EC2"):
        assert hasattr(batch.ComputeResourceType, member)
    for member in ("BEST_FIT", "BEST_FIT_PROGRESSIVE", "SPOT_CAPACITY_OPTIMIZED", "SPOT_PRICE_CAPACITY_OPTIMIZED"):
        assert hasattr(batch.AllocationStrategy, member)
    assert hasattr(batch.Vpc, "from_lookup") and hasattr(batch.Vpc, "from_attributes")
    assert hasattr(batch.ComputeEnvironment, "from_compute_environment_arn")
    assert hasattr(batch.MachineImage, "generic_linux")
