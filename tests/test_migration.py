"""The migration guide (docs/migration.md): every name, argument and enum member written in the
cdktf_batch column exists in the package."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path
from typing import Any

import pytest

import cdktf_batch as batch

PAGE = Path(__file__).resolve().parent.parent / "docs" / "migration.md"
CODE = re.compile(r"`([^`]+)`")


def our_column() -> list[tuple[int, str]]:
    """``(line number, code span)`` of the third cell of every table row (header rows aside)."""
    spans = []
    for number, line in enumerate(PAGE.read_text().splitlines(), start=1):
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 4 or cells[2] in ("cdktf_batch", "---"):
            continue
        found = CODE.findall(cells[2])
        assert found or cells[2] == "—", f"line {number}: the cdktf_batch column names nothing: {cells[2]!r}"
        spans += [(number, span) for span in found]
    return spans


def resolve(node: ast.expr) -> Any:
    """The object a ``batch.A.B`` chain names, or ``None`` when it does not start at ``batch``."""
    if isinstance(node, ast.Name):
        return batch if node.id == "batch" else None
    if isinstance(node, ast.Attribute):
        owner = resolve(node.value)
        if owner is None:
            return None
        if hasattr(owner, node.attr):
            return getattr(owner, node.attr)
        # An attribute a construct sets on itself (``environment.security_group``).
        assert inspect.isclass(owner) and re.search(rf"self\.{node.attr}\b", inspect.getsource(owner)), (
            f"{ast.unparse(node)}: no such name"
        )
        return owner
    return None


def check_span(span: str) -> int:
    """Check the names and keyword arguments in one code span; returns how many were checked."""
    tree = ast.parse(span.replace("...", "None"), mode="eval")
    checked = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            if resolve(node) is not None:
                checked += 1
        elif isinstance(node, ast.Call):
            target = resolve(node.func)
            if target is None:
                continue
            parameters = inspect.signature(target).parameters
            if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values()):
                continue
            for keyword in node.keywords:
                assert keyword.arg in parameters, f"{ast.unparse(node.func)} has no argument {keyword.arg!r}"
                checked += 1
    return checked


def test_the_page_has_rows() -> None:
    assert len(our_column()) > 100


@pytest.mark.parametrize(("line", "span"), our_column(), ids=lambda value: str(value)[:60])
def test_name_exists(line: int, span: str) -> None:
    assert check_span(span) > 0, f"line {line}: {span!r} names nothing of cdktf_batch"


def test_the_check_fails_on_a_wrong_name_or_argument() -> None:
    with pytest.raises(AssertionError, match="no such name"):
        check_span("batch.ComputeResourceType.SPOTTY")
    with pytest.raises(AssertionError, match="no argument 'cpu'"):
        check_span("batch.JobDefinitionContainer(cpu=2)")
    assert check_span("batch.JobDefinitionContainer(vcpus=2)") == 2


def test_every_public_construct_and_enum_is_in_the_guide() -> None:
    """The guide covers the API: each class of __all__ that users construct (constructs, value
    objects, enums) appears in the cdktf_batch column, but for the few listed here."""
    text = " ".join(span for _, span in our_column())
    not_in_guide = {
        # Interfaces, base classes and helpers that AWS CDK users never name when migrating.
        "IComputeEnvironment", "IEcrRepository", "IEksCluster", "IJobDefinition", "IJobQueue", "IMachineImage",
        "IRole", "ISchedulingPolicy", "IVpc", "ImageConfig", "ImportedComputeEnvironment", "ImportedEksCluster",
        "ImportedJobDefinition", "ImportedJobQueue", "ImportedSchedulingPolicy", "ImportedVpc", "InstanceProfileLike",
        "RoleLike", "SecurityGroupLike", "SecretSource", "MachineImageConfig", "GenericLinuxImage", "RegistryImage",
        "AssetImage", "AssetImageBuild", "ServiceRole", "ClusterAccess", "VpcAttributes", "EmptyDirVolume",
        "HostPathVolume", "SecretPathVolume", "JobStateChangeRule", "LazyLoadingWarning", "EngineMismatchError",
        "UnsupportedByProviderError", "ValidationError", "rbac_manifest", "grant_submit_job",
        "ContainerDependency", "ContainerDependencyCondition", "FirelensConfiguration", "FirelensLogRouterType",
        "IpcMode", "PidMode", "ContainerOverrides",
    }  # fmt: skip
    missing = [name for name in batch.__all__ if name not in not_in_guide and not re.search(rf"batch\.{name}\b", text)]
    assert not missing, f"not in docs/migration.md: {missing}"
