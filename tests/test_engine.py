"""One library, two engines: cdktf_batch follows the engine of each app (cdktf_batch/_engine.py).

The suite runs once per engine (``CDKTF_BATCH_ENGINE``); the tests that need both engines in
one virtualenv (mixing, never importing the other one) run where both are installed.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import cdktf_batch as batch
from cdktf_batch import _engine
from tests.conftest import ROOT

ENGINE = _engine.CDKTN if os.environ.get(_engine.SWITCH, "cdktf") == "cdktn" else _engine.CDKTF
OTHER = _engine.CDKTF if ENGINE is _engine.CDKTN else _engine.CDKTN
BOTH_INSTALLED = all(importlib.util.find_spec(engine.name) is not None for engine in _engine.ENGINES)
needs_both = pytest.mark.skipif(not BOTH_INSTALLED, reason="needs cdktf and cdktn in one virtualenv (.venv-cdktn)")

# What each engine writes for the provider (its bindings' pinned provider version).
REQUIRED_PROVIDER = {
    "cdktf": {"source": "aws", "version": "6.25.0"},
    "cdktn": {"source": "hashicorp/aws", "version": "6.69.1"},
}


def _type_checking_classes(class_name: str) -> set[str]:
    """The attribute names of ``class_name`` in _engine.py's TYPE_CHECKING block."""
    tree = ast.parse((ROOT / "cdktf_batch" / "_engine.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            return {
                target.id
                for statement in node.body
                if isinstance(statement, ast.Assign)
                for target in statement.targets
                if isinstance(target, ast.Name)
            }
    raise AssertionError(f"no class {class_name} in _engine.py")


@pytest.mark.parametrize(
    ("class_name", "table"),
    [
        ("Aws", _engine.AWS_CLASSES),
        ("Docker", _engine.DOCKER_CLASSES),
        ("Core", {"": _engine.CORE_CLASSES}),
    ],
)
def test_the_type_checker_sees_the_classes_the_library_loads(
    class_name: str, table: dict[str, tuple[str, ...]]
) -> None:
    loaded = {name for names in table.values() for name in names}
    assert _type_checking_classes(class_name) == loaded


@pytest.mark.parametrize("engine", _engine.ENGINES, ids=lambda engine: engine.name)
def test_every_class_the_library_uses_exists_in_each_installed_engine(engine: _engine.Engine) -> None:
    if engine is not ENGINE:
        pytest.skip("checked in the run of that engine (importing a second provider costs seconds)")
    for module, names in _engine.AWS_CLASSES.items():
        for name in names:
            assert isinstance(getattr(engine.aws, name), type), f"{engine.aws_package}.{module}.{name}"
    for name in _engine.CORE_CLASSES:
        assert isinstance(getattr(engine.core, name), type), f"{engine.name}.{name}"


def test_a_tree_gets_the_engine_of_its_app() -> None:
    core = importlib.import_module(ENGINE.name)
    stack = core.TerraformStack(core.Testing.app(), "stack")
    importlib.import_module(f"{ENGINE.aws_package}.provider").AwsProvider(stack, "aws", region="us-east-1")
    queue = batch.JobQueue(
        stack,
        "Queue",
        compute_environments=[
            batch.JobQueueComputeEnvironment(
                compute_environment=batch.ComputeEnvironment.from_compute_environment_arn(
                    stack, "Imported", "arn:aws:batch:us-east-1:123456789012:compute-environment/shared"
                ),
                order=1,
            )
        ],
    )
    assert _engine.engine_of(queue) is ENGINE
    assert type(queue.resource).__module__ == f"{ENGINE.aws_package}.batch_job_queue"
    synthesized = json.loads(core.Testing.synth(stack))
    assert synthesized["terraform"]["required_providers"]["aws"] == REQUIRED_PROVIDER[ENGINE.name]
    assert synthesized["resource"]["aws_batch_job_queue"]["Queue_4A7E3555"]["compute_environment_order"] == [
        {"compute_environment": "${data.aws_batch_compute_environment.Imported_4F5B38B1.arn}", "order": 1}
    ]


def test_the_switch_must_name_an_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(_engine.SWITCH, "terraform")
    with pytest.raises(batch.EngineMismatchError) as raised:
        _engine.default_engine()
    assert str(raised.value) == "CDKTF_BATCH_ENGINE: must be cdktf or cdktn, got 'terraform'"
    monkeypatch.setenv(_engine.SWITCH, " CDKTN ")
    assert _engine.default_engine() is _engine.CDKTN
    monkeypatch.setenv(_engine.SWITCH, "cdktf")
    assert _engine.default_engine() is _engine.CDKTF


def test_without_a_tree_or_a_loaded_engine_the_installed_one_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a process that imported no engine yet gets: the first engine installed."""
    monkeypatch.delenv(_engine.SWITCH, raising=False)
    monkeypatch.setattr(_engine, "_last", None)
    monkeypatch.setattr(_engine.Engine, "is_loaded", lambda self: False)
    installed = {engine.name for engine in _engine.ENGINES if importlib.util.find_spec(engine.name) is not None}
    assert _engine.default_engine() is (_engine.CDKTF if "cdktf" in installed else _engine.CDKTN)
    # A loaded engine comes before an engine that is only installed, even the first one.
    real_is_installed = _engine.Engine.is_installed
    monkeypatch.setattr(_engine.Engine, "is_loaded", lambda self: self is _engine.CDKTN)
    monkeypatch.setattr(_engine.Engine, "is_installed", lambda self: True)
    assert _engine.default_engine() is _engine.CDKTN
    monkeypatch.setattr(_engine.Engine, "is_loaded", lambda self: False)
    monkeypatch.setattr(_engine.Engine, "is_installed", real_is_installed)
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *rest: None if name == "cdktf" else real_find_spec(name, *rest)
    )
    if "cdktn" in installed:
        assert _engine.default_engine() is _engine.CDKTN
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *rest: None)
    with pytest.raises(ModuleNotFoundError) as missing:
        _engine.default_engine()
    assert str(missing.value) == (
        'cdktf_batch needs an engine: pip install cdktf-batch, or pip install "cdktf-batch[cdktn]"'
    )


def _run(script: str, **environment: str) -> object:
    """Run ``script`` (which prints one JSON line last) in a new process of this virtualenv,
    with ``CDKTF_BATCH_ENGINE`` only when ``environment`` sets it (the suite's run sets it)."""
    env = {**{key: value for key, value in os.environ.items() if key != _engine.SWITCH}, **environment}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: object = json.loads(done.stdout.strip().splitlines()[-1])
    return result


APP = """
    import importlib, json, sys
    import cdktf_batch as batch

    core = importlib.import_module("{engine}")
    provider = importlib.import_module("{aws}.provider")
    app = core.App(outdir="{outdir}")
    stack = core.TerraformStack(app, "stack")
    provider.AwsProvider(stack, "aws", region="us-east-1")
    vpc = batch.Vpc(stack, "Vpc")
    environment = batch.ComputeEnvironment(stack, "Environment", compute_resources=batch.ComputeResources(vpc=vpc))
    batch.JobQueue(stack, "Queue", compute_environments=[batch.JobQueueComputeEnvironment(compute_environment=environment, order=1)])
    batch.JobDefinition(stack, "Job", container=batch.JobDefinitionContainer(image=batch.ContainerImage.from_registry("busybox")))
    app.synth()
    print(json.dumps(sorted(name for name in sys.modules if name.partition(".")[0] in {packages})))
"""


@needs_both
@pytest.mark.parametrize("engine", _engine.ENGINES, ids=lambda engine: engine.name)
def test_an_app_never_imports_the_other_engine(engine: _engine.Engine, tmp_path: object) -> None:
    other = _engine.CDKTF if engine is _engine.CDKTN else _engine.CDKTN
    script = APP.format(engine=engine.name, aws=engine.aws_package, outdir=tmp_path, packages=set(other.packages))
    env = {key: value for key, value in os.environ.items() if key != _engine.SWITCH}
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


MIXED = """
    import json
    import cdktf, cdktn
    from cdktf_cdktf_provider_aws.ecr_repository import EcrRepository
    from cdktf_cdktf_provider_aws.iam_role import IamRole
    from cdktf_cdktf_provider_aws.provider import AwsProvider as TfAwsProvider
    from cdktf_cdktf_provider_aws.security_group import SecurityGroup as TfSecurityGroup
    from cdktf_cdktf_provider_aws.sqs_queue import SqsQueue
    from cdktn_provider_aws.provider import AwsProvider
    import cdktf_batch as batch

    results = {}

    def attempt(name, build):
        try:
            build()
            results[name] = "built"
        except batch.EngineMismatchError as error:
            results[name] = str(error)

    tn_stack = cdktn.TerraformStack(cdktn.Testing.app(), "tn")
    AwsProvider(tn_stack, "aws", region="us-east-1")
    tf_stack = cdktf.TerraformStack(cdktf.Testing.app(), "tf")
    tf_role = IamRole(tf_stack, "Role", assume_role_policy="{}")
    tf_repository = EcrRepository(tf_stack, "Repository", name="jobs")
    tf_provider = TfAwsProvider(tf_stack, "West", region="us-west-2", alias="west")
    image = batch.ContainerImage.from_registry("busybox")

    attempt("cdktf role in a cdktn app", lambda: batch.JobDefinition(
        tn_stack, "Job", container=batch.JobDefinitionContainer(image=image, job_role=tf_role)))
    attempt("cdktf queue environment in a cdktn app", lambda: batch.JobQueue(
        tn_stack, "Queue", compute_environments=[batch.JobQueueComputeEnvironment(
            compute_environment=batch.ComputeEnvironment.from_compute_environment_arn(
                tf_stack, "Imported", "arn:aws:batch:us-east-1:123456789012:compute-environment/shared"), order=1)]))
    attempt("cdktn stack in a cdktf app", lambda: batch.JobDefinition(
        cdktn.TerraformStack(cdktf.Testing.app(), "odd"), "Job", container=batch.JobDefinitionContainer(image=image)))
    attempt("cdktf repository in a cdktn app", lambda: batch.JobDefinition(
        tn_stack, "FromEcr", container=batch.JobDefinitionContainer(
            image=batch.ContainerImage.from_ecr_repository(tf_repository))))
    attempt("grant to a cdktf role in a cdktn app", lambda: batch.grant_submit_job(
        tn_stack, tf_role, job_queue_arn="arn:aws:batch:us-east-1:123456789012:job-queue/q",
        job_definition_arn="arn:aws:batch:us-east-1:123456789012:job-definition/d"))
    attempt("cdktf provider in a cdktn app", lambda: batch.LogGroup(tn_stack, "Logs", provider=tf_provider))
    attempt("cdktf role for a state change rule in a cdktn app", lambda: batch.JobQueue.from_job_queue_arn(
        tn_stack, "StateQueue", "arn:aws:batch:us-east-1:123456789012:job-queue/q").on_job_state_change(
            "Changes", target_arn="arn:aws:sns:us-east-1:123456789012:t", role=tf_role))
    attempt("cdktf dead-letter queue in a cdktn app", lambda: batch.JobTrigger(
        tn_stack, "OnEvent", event_pattern={"source": ["my.app"]},
        job_queue=batch.JobQueue.from_job_queue_arn(tn_stack, "Q", "arn:aws:batch:us-east-1:123456789012:job-queue/q"),
        job_definition=batch.JobDefinition.from_job_definition_arn(
            tn_stack, "D", "arn:aws:batch:us-east-1:123456789012:job-definition/d:1"),
        dead_letter_queue=SqsQueue(tf_stack, "Dead", name="dead")))
    tf_queue = batch.JobQueue.from_job_queue_arn(tf_stack, "Q", "arn:aws:batch:us-east-1:123456789012:job-queue/q")
    tf_definition = batch.JobDefinition.from_job_definition_arn(
        tf_stack, "D", "arn:aws:batch:us-east-1:123456789012:job-definition/d:1")
    attempt("cdktf queue for a trigger in a cdktn app", lambda: batch.JobTrigger(
        tn_stack, "ToTfQueue", event_pattern={"source": ["my.app"]}, job_queue=tf_queue,
        job_definition=batch.JobDefinition.from_job_definition_arn(
            tn_stack, "D3", "arn:aws:batch:us-east-1:123456789012:job-definition/d:1")))
    attempt("cdktf definition for a schedule in a cdktn app", lambda: batch.JobSchedule(
        tn_stack, "OfTfDefinition", schedule=batch.Schedule.cron(minute="0", hour="2"),
        job_queue=batch.JobQueue.from_job_queue_arn(tn_stack, "Q3", "arn:aws:batch:us-east-1:123456789012:job-queue/q"),
        job_definition=tf_definition))
    attempt("cdktf role for a trigger in a cdktn app", lambda: batch.JobTrigger(
        tn_stack, "WithRole", event_pattern={"source": ["my.app"]},
        job_queue=batch.JobQueue.from_job_queue_arn(tn_stack, "Q2", "arn:aws:batch:us-east-1:123456789012:job-queue/q"),
        job_definition=batch.JobDefinition.from_job_definition_arn(
            tn_stack, "D2", "arn:aws:batch:us-east-1:123456789012:job-definition/d:1"),
        role=tf_role))
    attempt("cdktf fair-share policy for a cdktn queue", lambda: batch.JobQueue(
        tn_stack, "FairQueue", scheduling_policy=batch.FairshareSchedulingPolicy(tf_stack, "Fair"),
        compute_environments=[batch.JobQueueComputeEnvironment(
            compute_environment=batch.ComputeEnvironment.from_compute_environment_arn(
                tn_stack, "Shared", "arn:aws:batch:us-east-1:123456789012:compute-environment/shared"), order=1)]))
    attempt("cdktf security group among a cdktn environment's", lambda: batch.ComputeEnvironment(
        tn_stack, "Environment", compute_resources=batch.ComputeResources(
            vpc=batch.Vpc.from_attributes(vpc_id="vpc-1", private_subnet_ids=["subnet-1"]),
            security_groups=["sg-1", TfSecurityGroup(tf_stack, "Group", vpc_id="vpc-1")])))
    tn_vpc = batch.Vpc.from_attributes(vpc_id="vpc-1", private_subnet_ids=["subnet-1"])
    attempt("cdktf cluster for a cdktn environment", lambda: batch.ComputeEnvironment(
        tn_stack, "OnTfCluster", compute_resources=batch.ComputeResources(vpc=tn_vpc),
        eks_configuration=batch.EksConfiguration(
            eks_cluster=batch.EksCluster.from_cluster_name(tf_stack, "TfCluster", "prod"),
            kubernetes_namespace="batch")))
    attempt("cdktf service role for a cdktn environment", lambda: batch.ComputeEnvironment(
        tn_stack, "WithTfServiceRole", managed=False, service_role=tf_role))
    attempt("cdktf Spot Fleet role for a cdktn environment", lambda: batch.ComputeEnvironment(
        tn_stack, "WithTfFleetRole", compute_resources=batch.ComputeResources(
            vpc=tn_vpc, type=batch.ComputeResourceType.SPOT, allocation_strategy=batch.AllocationStrategy.BEST_FIT,
            spot_fleet_role=tf_role)))
    attempt("same engine", lambda: batch.JobDefinition(
        tf_stack, "Job", container=batch.JobDefinitionContainer(image=image, job_role=tf_role)))
    print(json.dumps(results))
"""


@needs_both
def test_one_app_cannot_mix_engines() -> None:
    results = _run(MIXED)
    assert results == {
        "cdktf role in a cdktn app": (
            "container.job_role: must be a cdktn object, like the app it is used in: one app cannot mix cdktf and"
            " cdktn, got 'IamRole from cdktf'"
        ),
        "cdktf queue environment in a cdktn app": (
            "compute_environments[0].compute_environment: must be a cdktn object, like the app it is used in: one"
            " app cannot mix cdktf and cdktn, got 'ImportedComputeEnvironment from cdktf'"
        ),
        "cdktn stack in a cdktf app": (
            "scope: must be in an app of the stack's engine (cdktn.App): one app cannot mix cdktf and cdktn,"
            " got \"cdktn.TerraformStack 'odd' in a cdktf.App\""
        ),
        "cdktf repository in a cdktn app": (
            "image.repository: must be a cdktn object, like the app it is used in: one app cannot mix cdktf and"
            " cdktn, got 'EcrRepository from cdktf'"
        ),
        "grant to a cdktf role in a cdktn app": (
            "role: must be a cdktn object, like the app it is used in: one app cannot mix cdktf and cdktn,"
            " got 'IamRole from cdktf'"
        ),
        "cdktf provider in a cdktn app": (
            "provider: must be a cdktn object, like the app it is used in: one app cannot mix cdktf and cdktn,"
            " got 'AwsProvider from cdktf'"
        ),
        "cdktf role for a state change rule in a cdktn app": (
            "role: must be a cdktn object, like the app it is used in: one app cannot mix cdktf and cdktn,"
            " got 'IamRole from cdktf'"
        ),
        "cdktf dead-letter queue in a cdktn app": (
            "dead_letter_queue: must be a cdktn object, like the app it is used in: one app cannot mix cdktf and"
            " cdktn, got 'SqsQueue from cdktf'"
        ),
        "cdktf queue for a trigger in a cdktn app": (
            "job_queue: must be a cdktn object, like the app it is used in: one app cannot mix cdktf and cdktn,"
            " got 'ImportedJobQueue from cdktf'"
        ),
        "cdktf definition for a schedule in a cdktn app": (
            "job_definition: must be a cdktn object, like the app it is used in: one app cannot mix cdktf and cdktn,"
            " got 'ImportedJobDefinition from cdktf'"
        ),
        "cdktf role for a trigger in a cdktn app": (
            "role: must be a cdktn object, like the app it is used in: one app cannot mix cdktf and cdktn,"
            " got 'IamRole from cdktf'"
        ),
        "cdktf fair-share policy for a cdktn queue": (
            "scheduling_policy: must be a cdktn object, like the app it is used in: one app cannot mix cdktf and"
            " cdktn, got 'FairshareSchedulingPolicy from cdktf'"
        ),
        "cdktf security group among a cdktn environment's": (
            "compute_resources.security_groups[1]: must be a cdktn object, like the app it is used in: one app"
            " cannot mix cdktf and cdktn, got 'SecurityGroup from cdktf'"
        ),
        "cdktf cluster for a cdktn environment": (
            "eks_configuration.eks_cluster: must be a cdktn object, like the app it is used in: one app cannot mix"
            " cdktf and cdktn, got 'ImportedEksCluster from cdktf'"
        ),
        "cdktf service role for a cdktn environment": (
            "service_role: must be a cdktn object, like the app it is used in: one app cannot mix cdktf and cdktn,"
            " got 'IamRole from cdktf'"
        ),
        "cdktf Spot Fleet role for a cdktn environment": (
            "compute_resources.spot_fleet_role: must be a cdktn object, like the app it is used in: one app cannot"
            " mix cdktf and cdktn, got 'IamRole from cdktf'"
        ),
        "same engine": "built",
    }


@needs_both
def test_the_switch_refuses_an_app_of_the_other_engine() -> None:
    """In a process that loaded only the app's engine: ``test_the_switch_refuses_a_tree_it_does_not_name``."""
    script = """
        import json
        import cdktn
        import cdktf_batch as batch

        stack = cdktn.TerraformStack(cdktn.Testing.app(), "tn")
        try:
            batch.JobDefinition(stack, "Job", container=batch.JobDefinitionContainer(
                image=batch.ContainerImage.from_registry("busybox")))
            print(json.dumps("built"))
        except batch.EngineMismatchError as error:
            print(json.dumps(str(error)))
    """
    assert _run(script, CDKTF_BATCH_ENGINE="cdktf") == (
        "scope: must be in a cdktf app (CDKTF_BATCH_ENGINE=cdktf); unset CDKTF_BATCH_ENGINE to follow each app's"
        " engine, got \"cdktn.TerraformStack 'tn'\""
    )


def test_an_item_of_a_list_from_the_other_engine_is_named_by_its_index() -> None:
    """In one engine's virtualenv: an object counts as the other engine's by its class's package."""
    core = importlib.import_module(ENGINE.name)
    stack = core.TerraformStack(core.Testing.app(), "listed")
    group = type("SecurityGroup", (), {"__module__": f"{OTHER.aws_package}.security_group", "id": "sg-2"})()
    with pytest.raises(batch.EngineMismatchError) as raised:
        batch.ComputeEnvironment(
            stack,
            "Environment",
            compute_resources=batch.ComputeResources(
                vpc=batch.Vpc.from_attributes(vpc_id="vpc-1", private_subnet_ids=["subnet-1"]),
                security_groups=["sg-1", group],
            ),
        )
    assert str(raised.value) == (
        f"compute_resources.security_groups[1]: must be a {ENGINE.name} object, like the app it is used in: one app"
        f" cannot mix cdktf and cdktn, got 'SecurityGroup from {OTHER.name}'"
    )


def test_the_switch_refuses_a_tree_it_does_not_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """The switch naming the other engine (installed or not) refuses a tree of this one."""
    core = importlib.import_module(ENGINE.name)
    stack = core.TerraformStack(core.Testing.app(), "switched")
    monkeypatch.setenv(_engine.SWITCH, OTHER.name)
    with pytest.raises(batch.EngineMismatchError) as raised:
        batch.JobDefinition(
            stack, "Job", container=batch.JobDefinitionContainer(image=batch.ContainerImage.from_registry("busybox"))
        )
    assert str(raised.value) == (
        f"scope: must be in a {OTHER.name} app (CDKTF_BATCH_ENGINE={OTHER.name}); unset CDKTF_BATCH_ENGINE to"
        f" follow each app's engine, got \"{ENGINE.name}.TerraformStack 'switched'\""
    )
    monkeypatch.setenv(_engine.SWITCH, ENGINE.name)
    named = batch.JobDefinition(
        stack, "Named", container=batch.JobDefinitionContainer(image=batch.ContainerImage.from_registry("busybox"))
    )
    assert _engine.engine_of(named) is ENGINE


def _synth_example(engine: _engine.Engine, outdir: object) -> dict[str, object]:
    env = {**os.environ, _engine.SWITCH: engine.name, "CDKTF_OUTDIR": str(outdir)}
    done = subprocess.run(
        [sys.executable, "-m", "examples.main"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    stacks = sorted(path.parent.name for path in Path(str(outdir)).glob("stacks/*/cdk.tf.json"))
    return {stack: json.loads((Path(str(outdir)) / "stacks" / stack / "cdk.tf.json").read_text()) for stack in stacks}


# What each engine writes of its own in every stack; everything else must be the same.
ENGINE_VERSION = {"cdktf": "0.21.0", "cdktn": "0.24.0"}
DOCKER_PROVIDER = {"cdktf": "3.6.2", "cdktn": "4.6.0"}


def _without_engine_strings(name: str, stack: dict[str, Any], *, metadata: bool = True) -> dict[str, Any]:
    """``stack`` with what engine ``name`` writes of its own checked, then replaced by "engine".

    ``metadata``: the stack carries the engine's ``//`` metadata (``cdktf synth`` writes it,
    ``Testing.synth`` does not)."""
    if metadata:
        assert stack["//"]["metadata"]["version"] == ENGINE_VERSION[name]
        stack["//"]["metadata"]["version"] = "engine"
    else:
        assert "//" not in stack
    providers = stack["terraform"]["required_providers"]
    assert providers["aws"] == REQUIRED_PROVIDER[name]
    if "docker" in providers:
        assert providers["docker"] == {"source": "kreuzwerker/docker", "version": DOCKER_PROVIDER[name]}
    providers["aws"] = "engine"
    if "docker" in providers:
        providers["docker"] = "engine"
    return stack


@needs_both
def test_the_example_app_is_the_same_on_both_engines(tmp_path: Path) -> None:
    outputs = {engine.name: _synth_example(engine, tmp_path / engine.name) for engine in _engine.ENGINES}
    assert list(outputs["cdktf"]) == ["compute-environments", "eks", "job-definitions", "job-queues", "schedules"]
    normalized = {
        name: {stack_name: _without_engine_strings(name, stack) for stack_name, stack in stacks.items()}
        for name, stacks in outputs.items()
    }
    assert normalized["cdktn"] == normalized["cdktf"]


@needs_both
def test_the_lifecycle_scenarios_are_the_same_on_both_engines() -> None:
    # make test applies the lifecycle tier (tests/test_lifecycle.py) in the cdktn run only: what
    # it applies besides the example app must be what cdktf writes too.
    script = (
        "import json\n"
        "from tests.test_lifecycle import replacement_stack, revision_stack\n"
        "docs = [replacement_stack('group-a'), replacement_stack('group-b'), revision_stack('one'), revision_stack('two')]\n"
        "print(json.dumps(docs))\n"
    )
    outputs = {}
    for engine in _engine.ENGINES:
        env = {**os.environ, _engine.SWITCH: engine.name}
        done = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, done.stderr[-3000:]
        docs = json.loads(done.stdout.splitlines()[-1])
        outputs[engine.name] = [_without_engine_strings(engine.name, doc, metadata=False) for doc in docs]
    assert sorted(outputs["cdktf"][0]["resource"]) == [
        "aws_batch_compute_environment",
        "aws_batch_job_queue",
        "aws_iam_instance_profile",
        "aws_iam_role",
        "aws_iam_role_policy_attachment",
        "aws_security_group",
        "aws_vpc_security_group_egress_rule",
    ]
    assert outputs["cdktn"] == outputs["cdktf"]
