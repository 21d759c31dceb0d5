"""Shared test helpers.

``synth(build)`` builds a stack with an AWS provider, synthesizes it with the engine's
``Testing.synth`` (``tests.engine``: cdktf or cdktn) and returns the Terraform JSON as a dict.
Every document it returns is also checked with `terraform validate` and the real AWS provider
at the end of the session (see ``terraform_check``), so every test that synthesizes also tests
what Terraform makes of it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import cdktf_batch as batch
from tests import batch_model, engine
from tests.engine import App, TerraformStack, Testing, aws
from tests.terraform_check import PROVIDER_VERSION, TerraformValidator, in_ci, missing_tools, require

ROOT = Path(__file__).resolve().parent.parent

# Hypothesis: the same examples on every CI run (a failure there is a bug, not bad luck);
# random ones elsewhere, to keep finding new cases. HYPOTHESIS_PROFILE picks either.
settings.register_profile("dev", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", settings.get_profile("dev"), derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if in_ci() else "dev"))

# The VPC most tests build on: existing subnets, nothing created.
VPC = batch.Vpc.from_attributes(vpc_id="vpc-1", private_subnet_ids=["subnet-1"], public_subnet_ids=["subnet-2"])
# One working directory per engine: `make test` runs the two engines' suites side by side.
VALIDATOR = TerraformValidator(
    workdir=ROOT / ".cache" / ("terraform-validate" if engine.NAME == "cdktf" else f"terraform-validate-{engine.NAME}")
)
SYNTHESIZED: dict[str, dict[str, Any]] = {}


def register(doc: dict[str, Any], label: str | None = None) -> None:
    """Check ``doc``'s job definition payloads against the Batch model now, and queue it for
    `terraform validate` at the end of the session."""
    batch_model.assert_valid(doc)
    label = label or os.environ.get("PYTEST_CURRENT_TEST", "unknown").rsplit(" ", 1)[0]
    SYNTHESIZED[f"{label} #{len(SYNTHESIZED)}"] = doc


def synth_stack(stack: TerraformStack, *, validate: bool = True) -> dict[str, Any]:
    """The Terraform JSON of ``stack``, queued for `terraform validate`."""
    doc: dict[str, Any] = json.loads(Testing.synth(stack))
    if validate:
        register(doc)
    return doc


def synth(
    build: Callable[[TerraformStack], Any],
    *,
    region: str | None = "us-east-1",
    provider: bool = True,
    validate: bool = True,
) -> dict[str, Any]:
    """Build a stack with ``build(stack)`` (after an AWS provider for ``region``, unless
    ``provider`` is false) and synthesize it."""
    stack = new_stack(region=region, provider=provider)
    build(stack)
    return synth_stack(stack, validate=validate)


def new_stack(*, region: str | None = "us-east-1", provider: bool = True, name: str = "test") -> TerraformStack:
    app: App = Testing.app()
    stack = TerraformStack(app, name)
    if provider:
        aws.provider.AwsProvider(stack, "aws", region=region)
    return stack


def resources(doc: dict[str, Any], type_name: str) -> dict[str, Any]:
    """The resources of one type, by logical id."""
    return dict(doc.get("resource", {}).get(type_name, {}))


def trust_policy(service: str) -> str:
    """A role's assume-role policy for one service, as the library writes it (compact JSON)."""
    statement = {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]}, separators=(",", ":"))


def data_sources(doc: dict[str, Any], type_name: str) -> dict[str, Any]:
    return dict(doc.get("data", {}).get(type_name, {}))


def one(blocks: dict[str, Any]) -> dict[str, Any]:
    """The only block of a mapping, failing the test when there are more or none."""
    assert len(blocks) == 1, f"expected one block, got {sorted(blocks)}"
    return next(iter(blocks.values()))  # type: ignore[no-any-return]


def assert_terraform_valid(doc: dict[str, Any]) -> None:
    """Validate ``doc`` now (rather than at the end of the session)."""
    require(missing_tools(), "terraform validate")
    problems = VALIDATOR.check({"doc": doc})
    assert not problems, json.dumps(problems, indent=1)


@pytest.fixture
def stack() -> Iterator[TerraformStack]:
    yield new_stack()


def pytest_report_header(config: pytest.Config) -> str:
    return f"engine: {engine.NAME} (CDKTF_BATCH_ENGINE; {engine.CORE[engine.NAME]}, {engine.AWS_PACKAGE[engine.NAME]})"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if not SYNTHESIZED or os.environ.get("CDKTF_BATCH_TERRAFORM_VALIDATE") == "0":  # 0: mutation runs
        return
    reason = missing_tools()
    if reason:
        # Under CI a missing Terraform fails the run: every synthesized stack goes unchecked.
        if reporter:
            reporter.write_line(f"terraform validate {'FAILED' if in_ci() else 'skipped'}: {reason}", red=in_ci())
        if in_ci():
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
        return
    problems = VALIDATOR.check(SYNTHESIZED)
    if reporter:
        reporter.write_line(
            f"terraform validate (hashicorp/aws {PROVIDER_VERSION}): {len(SYNTHESIZED)} synthesized "
            f"stack(s) on {engine.NAME}, {len(problems)} invalid"
        )
        for label, messages in problems.items():
            reporter.write_line(f"INVALID {label}", red=True)
            for message in messages:
                reporter.write_line(f"    {message}", red=True)
    if problems:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
