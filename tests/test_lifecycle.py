"""The example app's stacks, applied with the real Terraform and AWS provider against the
moto emulator: apply, a clean re-plan, imports of resources made outside Terraform, the
replacement of an environment a queue uses, and a destroy that leaves nothing behind.

The provider waits on AWS between steps (environments and queues becoming VALID, being
deleted), so the scenarios run side by side, all against one emulator: the example app's stacks
as modules of one root configuration (Terraform then starts the provider once per walk, not
once per stack: ``as_modules``), the replacement and the revision each in a working directory of
its own; the tests below then read what each scenario saw.
Run this tier alone with ``pytest -m lifecycle``."""

from __future__ import annotations

import functools
import json
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import pytest

import cdktf_batch as batch_lib
from examples.main import build
from tests import engine
from tests.conftest import VALIDATOR, register
from tests.engine import aws
from tests.lifecycle import SERVICE_LINKED_ROLE, Emulator, Workspace, as_modules, for_emulator, split_outputs
from tests.terraform_check import missing_tools, require

pytestmark = pytest.mark.lifecycle


@pytest.fixture(scope="module", autouse=True)
def _terraform() -> None:
    require(missing_tools(), "The lifecycle tier")


IMPORTED_ENVIRONMENT = "My-Compute-Env"
IMPORTED_QUEUE = "High-Prio-Queue"
IMPORTED_DEFINITION = "my-job-definition"
CLUSTER = "prod"  # the cluster the EKS stack looks up
BUCKET = "incoming-data"  # the bucket whose uploads the schedules stack's trigger submits jobs for
BATCH_ROLE = "arn:aws:iam::123456789012:role/aws-service-role/batch.amazonaws.com/AWSServiceRoleForBatch"


@dataclass
class Scenario:
    """What one scenario saw: plans after apply, outputs, and the workspace to destroy."""

    workspace: Workspace
    plans: list[str] = field(default_factory=list)
    outputs: list[dict[str, Any]] = field(default_factory=list)
    error: str = ""

    def check(self) -> None:
        if self.error:
            pytest.fail(self.error, pytrace=False)


@dataclass
class Run:
    emulator: Emulator
    imported: dict[str, str]
    scenarios: dict[str, Scenario]


def create_imported_resources(emulator: Emulator) -> dict[str, str]:
    """What the examples import, made directly in the emulator as another team would."""
    batch = emulator.client("batch")
    environment = batch.create_compute_environment(
        computeEnvironmentName=IMPORTED_ENVIRONMENT, type="UNMANAGED", serviceRole=SERVICE_LINKED_ROLE
    )
    queue = batch.create_job_queue(
        jobQueueName=IMPORTED_QUEUE,
        priority=10,
        state="ENABLED",
        computeEnvironmentOrder=[{"order": 1, "computeEnvironment": environment["computeEnvironmentArn"]}],
    )
    emulator.client("ecr").create_repository(repositoryName="todo-list")
    cluster = emulator.create_eks_cluster(CLUSTER)
    emulator.client("s3").create_bucket(Bucket=BUCKET)
    revisions = [
        batch.register_job_definition(
            jobDefinitionName=IMPORTED_DEFINITION,
            type="container",
            containerProperties={"image": f"busybox:{number}", "vcpus": 1, "memory": 4},
        )["jobDefinitionArn"]
        for number in range(1, 5)
    ]
    return {
        "environment_arn": environment["computeEnvironmentArn"],
        "queue_arn": queue["jobQueueArn"],
        "definition_revision_3": revisions[2],
        "definition_latest": revisions[3],
        "cluster_arn": cluster["arn"],
        "cluster_security_group_id": cluster["security_group_id"],
        "cluster_subnet_ids": cluster["subnet_ids"],
    }


def replacement_stack(placement_group: str) -> dict[str, Any]:
    """An environment a queue uses; changing ``placement_group`` forces its replacement."""
    app = engine.Testing.app()
    stack = engine.TerraformStack(app, "replacement")
    aws.provider.AwsProvider(stack, "aws", region="us-east-1")
    environment = batch_lib.ComputeEnvironment(
        stack,
        "Environment",
        compute_resources=batch_lib.ComputeResources(
            vpc=batch_lib.Vpc.from_lookup(stack, "Default", is_default=True),
            vpc_subnets=batch_lib.SubnetSelection(subnet_type=batch_lib.SubnetType.PUBLIC),
            placement_group=placement_group,
            maxv_cpus=16,
        ),
    )
    queue = batch_lib.JobQueue(
        stack,
        "Queue",
        compute_environments=[batch_lib.JobQueueComputeEnvironment(compute_environment=environment, order=1)],
    )
    engine.TerraformOutput(stack, "environment_arn", value=environment.compute_environment_arn)
    engine.TerraformOutput(stack, "queue_arn", value=queue.job_queue_arn)
    doc: dict[str, Any] = json.loads(engine.Testing.synth(stack))
    register(doc, "lifecycle/replacement")
    return doc


def revision_stack(command: str) -> dict[str, Any]:
    """A job definition whose command changes: a new revision each time."""
    app = engine.Testing.app()
    stack = engine.TerraformStack(app, "revision")
    aws.provider.AwsProvider(stack, "aws", region="us-east-1")
    definition = batch_lib.JobDefinition(
        stack,
        "Job",
        container=batch_lib.JobDefinitionContainer(
            image=batch_lib.ContainerImage.from_registry("busybox"), command=["echo", command]
        ),
    )
    engine.TerraformOutput(stack, "arn", value=definition.job_definition_arn)
    engine.TerraformOutput(stack, "name", value=definition.job_definition_name)
    doc: dict[str, Any] = json.loads(engine.Testing.synth(stack))
    register(doc, "lifecycle/revision")
    return doc


def deploy(scenario: Scenario, emulator: Emulator, docs: list[dict[str, Any]]) -> None:
    """Apply each document in turn, recording the plan after each apply and the outputs."""
    steps = [functools.partial(scenario.workspace.write, for_emulator(doc, emulator)) for doc in docs]
    apply_in_turn(scenario, steps)


def apply_in_turn(scenario: Scenario, steps: Sequence[Callable[[], None]]) -> None:
    """Run each step (it writes the configuration), apply, and record the plan after and the outputs."""
    try:
        for write in steps:
            write()
            if scenario.outputs:  # a change to what is deployed: keep the plan that does it
                scenario.plans.append(scenario.workspace.pending_changes())
            scenario.workspace.apply()
            scenario.plans.append(scenario.workspace.pending_changes())
            scenario.outputs.append(scenario.workspace.outputs())
    except Exception:
        scenario.error = traceback.format_exc() + "\n".join(scenario.workspace.log[-3:])


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    emulator = Emulator()
    try:
        imported = create_imported_resources(emulator)
        app = build(engine.Testing.app())
        stacks = {stack.node.id: json.loads(engine.Testing.synth(stack)) for stack in app.node.children}
        plans = {
            "replacement": [replacement_stack("group-a"), replacement_stack("group-b")],
            "revision": [revision_stack("one"), revision_stack("two")],
        }
        root = tmp_path_factory.mktemp("lifecycle")
        # The example app's stacks as modules of one root (see as_modules): one provider start
        # per walk instead of one per stack.
        example = Scenario(Workspace(root / "example-app", VALIDATOR, parallelism=100))
        scenarios = {name: Scenario(Workspace(root / name, VALIDATOR)) for name in plans}
        write_example = functools.partial(example.workspace.write_files, as_modules(stacks, emulator))
        with ThreadPoolExecutor(max_workers=len(scenarios) + 1) as pool:
            futures = [pool.submit(apply_in_turn, example, [write_example])]
            futures += [pool.submit(deploy, scenarios[name], emulator, docs) for name, docs in plans.items()]
            for future in futures:
                future.result()
        for name in stacks:  # what each stack's tests read: its own outputs
            own = [split_outputs(outputs).get(name, {}) for outputs in example.outputs]
            scenarios[name] = Scenario(example.workspace, example.plans, own, example.error)
        yield Run(emulator, imported, scenarios)
    finally:
        emulator.stop()


def clean(scenario: Scenario) -> None:
    """After every apply, a plan with nothing to do."""
    scenario.check()
    for plan in scenario.plans[-1:]:
        assert not plan, plan


def test_compute_environments(run: Run) -> None:
    scenario = run.scenarios["compute-environments"]
    clean(scenario)
    outputs = scenario.outputs[-1]
    assert outputs["imported_environment_arn"] == run.imported["environment_arn"]
    batch = run.emulator.client("batch")
    environments = {e["computeEnvironmentArn"]: e for e in batch.describe_compute_environments()["computeEnvironments"]}
    assert any(e["computeEnvironmentName"] == "MyStorageCapableComputeEnvironment" for e in environments.values())
    spot = environments[outputs["spot_environment_arn"]]
    assert spot["computeResources"]["bidPercentage"] == 75
    assert spot["computeResources"]["instanceRole"].startswith("arn:aws:iam::123456789012:instance-profile/")
    assert spot["serviceRole"] == SERVICE_LINKED_ROLE  # no service role given: the service-linked role
    assert environments[outputs["customer_managed_environment_arn"]]["type"] == "UNMANAGED"


def test_job_queues(run: Run) -> None:
    scenario = run.scenarios["job-queues"]
    clean(scenario)
    outputs = scenario.outputs[-1]
    assert outputs["imported_queue_arn"] == run.imported["queue_arn"]
    batch = run.emulator.client("batch")
    queues = {q["jobQueueArn"]: q for q in batch.describe_job_queues()["jobQueues"]}
    low = queues[outputs["low_prio_queue_arn"]]
    assert sorted(o["order"] for o in low["computeEnvironmentOrder"]) == [1, 2]
    assert queues[outputs["high_prio_queue_arn"]]["priority"] == 2
    fair_share = queues[outputs["fair_share_queue_arn"]]
    assert fair_share["schedulingPolicyArn"].startswith("arn:aws:batch:us-east-1:123456789012:scheduling-policy/")
    assert fair_share["jobStateTimeLimitActions"][0]["maxTimeSeconds"] == 3600
    iam = run.emulator.client("iam")
    submitter = next(r["RoleName"] for r in iam.list_roles()["Roles"] if r["RoleName"].startswith("batch-submitter-"))
    (policy_name,) = iam.list_role_policies(RoleName=submitter)["PolicyNames"]
    statement = iam.get_role_policy(RoleName=submitter, PolicyName=policy_name)["PolicyDocument"]["Statement"][0]
    assert statement["Action"] == "batch:SubmitJob"
    assert statement["Resource"][0] == outputs["job_queue_arn"]


def test_job_definitions(run: Run) -> None:
    scenario = run.scenarios["job-definitions"]
    clean(scenario)
    outputs = scenario.outputs[-1]
    # imports: by ARN without revision and by name give the latest ACTIVE revision
    assert outputs["imported_by_arn"] == run.imported["definition_latest"]
    assert outputs["imported_latest"] == run.imported["definition_latest"]
    assert outputs["imported_revision_3"] == run.imported["definition_revision_3"]
    batch = run.emulator.client("batch")
    (fargate,) = batch.describe_job_definitions(jobDefinitions=[outputs["fargate_arn"]])["jobDefinitions"]
    assert fargate["platformCapabilities"] == ["FARGATE"]
    assert fargate["containerProperties"]["executionRoleArn"].startswith("arn:aws:iam::123456789012:role/")
    assert {"type": "VCPU", "value": "0.5"} in fargate["containerProperties"]["resourceRequirements"]
    # Several containers in one task: registered as given, and re-planned clean above.
    (sidecars,) = batch.describe_job_definitions(jobDefinitions=[outputs["sidecar_arn"]])["jobDefinitions"]
    (task,) = sidecars["ecsProperties"]["taskProperties"]
    assert [c["name"] for c in task["containers"]] == ["stage-in", "main", "monitor"]
    assert task["containers"][1]["dependsOn"] == [{"containerName": "stage-in", "condition": "SUCCESS"}]
    assert task["executionRoleArn"].startswith("arn:aws:iam::123456789012:role/")
    assert task["taskRoleArn"].startswith("arn:aws:iam::123456789012:role/")  # created for ECS Exec
    assert task["enableExecuteCommand"] is True and task["pidMode"] == "task"


def test_eks(run: Run) -> None:
    """An environment on the cluster looked up by name, with the nodes' and Batch's access to it."""
    scenario = run.scenarios["eks"]
    clean(scenario)
    outputs = scenario.outputs[-1]
    batch = run.emulator.client("batch")
    (environment,) = batch.describe_compute_environments(computeEnvironments=[outputs["eks_environment_arn"]])[
        "computeEnvironments"
    ]
    assert environment["eksConfiguration"] == {
        "eksClusterArn": run.imported["cluster_arn"],
        "kubernetesNamespace": "batch",
    }
    resources = environment["computeResources"]
    assert resources["securityGroupIds"] == [run.imported["cluster_security_group_id"]]
    assert sorted(resources["subnets"]) == sorted(run.imported["cluster_subnet_ids"])
    assert resources["ec2Configuration"] == [{"imageType": "EKS_AL2023"}]  # the version: provider 6.x only
    # The nodes' role may join the cluster; Batch may manage pods in the namespace.
    (node,) = run.emulator.access_entries(CLUSTER).values()
    assert node["type"] == "EC2_LINUX"
    profile = resources["instanceRole"].rsplit("/", 1)[-1]
    (role,) = run.emulator.client("iam").get_instance_profile(InstanceProfileName=profile)["InstanceProfile"]["Roles"]
    assert node["principalArn"] == role["Arn"]
    ((principal, policy), association), *more = run.emulator.access_policies(CLUSTER).items()
    assert not more
    assert (principal, policy) == (BATCH_ROLE, "arn:aws:eks::aws:cluster-access-policy/AWSBatchNamespacePolicy")
    assert association["accessScope"] == {"type": "namespace", "namespaces": ["batch"]}
    (queue,) = batch.describe_job_queues(jobQueues=[outputs["eks_queue_arn"]])["jobQueues"]
    assert [o["computeEnvironment"] for o in queue["computeEnvironmentOrder"]] == [outputs["eks_environment_arn"]]
    (definition,) = batch.describe_job_definitions(jobDefinitions=[outputs["eks_job_definition_arn"]])["jobDefinitions"]
    pod = definition["eksProperties"]["podProperties"]
    assert [c["name"] for c in pod["initContainers"]] == ["fetch"]
    assert [c["name"] for c in pod["containers"]] == ["main"]
    assert {v["name"] for v in pod["volumes"]} == {"scratch", "credentials"}
    assert pod["serviceAccountName"] == "batch-jobs"


def test_schedules_and_triggers(run: Run) -> None:
    scenario = run.scenarios["schedules"]
    clean(scenario)
    outputs = scenario.outputs[-1]
    scheduler = run.emulator.client("scheduler")
    (summary,) = scheduler.list_schedules()["Schedules"]
    schedule = scheduler.get_schedule(Name=summary["Name"])
    assert schedule["Arn"] == outputs["schedule_arn"]
    assert (schedule["ScheduleExpression"], schedule["ScheduleExpressionTimezone"]) == (
        "cron(0 2 * * ? *)",
        "Europe/Paris",
    )
    assert schedule["FlexibleTimeWindow"] == {"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 15}
    target = schedule["Target"]
    assert target["Arn"] == "arn:aws:scheduler:::aws-sdk:batch:submitJob"
    request = json.loads(target["Input"])
    assert request["JobQueue"] == outputs["queue_arn"]
    assert request["Parameters"] == {"day": "yesterday"}
    assert target["RetryPolicy"] == {"MaximumEventAgeInSeconds": 21600, "MaximumRetryAttempts": 20}
    sqs = run.emulator.client("sqs")
    dead_letters = sqs.get_queue_attributes(QueueUrl=outputs["failed_submissions_url"], AttributeNames=["All"])[
        "Attributes"
    ]
    assert target["DeadLetterConfig"] == {"Arn": dead_letters["QueueArn"]}
    # The trigger's rule, its Batch target with the input transformer, and the failure notification.
    events = run.emulator.client("events")
    rules = {rule["Arn"]: rule for rule in events.list_rules()["Rules"]}
    upload_rule = rules[outputs["upload_rule_arn"]]
    assert json.loads(upload_rule["EventPattern"])["detail"]["bucket"] == {"name": [BUCKET]}
    (upload_target,) = events.list_targets_by_rule(Rule=upload_rule["Name"])["Targets"]
    assert upload_target["Arn"] == outputs["queue_arn"]
    assert upload_target["BatchParameters"]["JobDefinition"].startswith("arn:aws:batch:us-east-1:123456789012:")
    assert upload_target["InputTransformer"]["InputPathsMap"] == {
        "bucket": "$.detail.bucket.name",
        "key": "$.detail.object.key",
        "size": "$.detail.object.size",
    }
    assert json.loads(dead_letters["Policy"])["Statement"][0]["Condition"] == {
        "ArnEquals": {"aws:SourceArn": outputs["upload_rule_arn"]}
    }
    failure_rule = rules[outputs["failure_rule_arn"]]
    assert json.loads(failure_rule["EventPattern"])["detail"] == {
        "jobQueue": [outputs["queue_arn"]],
        "status": ["FAILED"],
    }
    (notify,) = events.list_targets_by_rule(Rule=failure_rule["Name"])["Targets"]
    assert notify["Arn"] == outputs["job_failures_topic_arn"]
    notification = run.emulator.client("s3").get_bucket_notification_configuration(Bucket=BUCKET)
    assert notification["EventBridgeConfiguration"] == {}


def test_replacing_an_environment_a_queue_uses(run: Run) -> None:
    """Create the new environment, move the queue to it, then delete the old one."""
    scenario = run.scenarios["replacement"]
    clean(scenario)
    before, after = scenario.outputs
    change = scenario.plans[1]
    assert "must be replaced" in change and "create replacement and then destroy" in change
    assert after["environment_arn"] != before["environment_arn"]
    assert after["queue_arn"] == before["queue_arn"]  # the same queue, moved
    batch = run.emulator.client("batch")
    (queue,) = batch.describe_job_queues(jobQueues=[after["queue_arn"]])["jobQueues"]
    assert [o["computeEnvironment"] for o in queue["computeEnvironmentOrder"]] == [after["environment_arn"]]
    arns = {e["computeEnvironmentArn"] for e in batch.describe_compute_environments()["computeEnvironments"]}
    assert after["environment_arn"] in arns and before["environment_arn"] not in arns


def test_a_changed_job_definition_is_a_new_revision(run: Run) -> None:
    scenario = run.scenarios["revision"]
    clean(scenario)
    before, after = scenario.outputs
    change = scenario.plans[1]
    assert "updated in-place" in change and "must be replaced" not in change
    assert before["arn"].endswith(":1") and after["arn"].endswith(":2")
    batch = run.emulator.client("batch")
    revisions = batch.describe_job_definitions(jobDefinitionName=after["name"])["jobDefinitions"]
    status = {d["revision"]: d["status"] for d in revisions}
    assert status == {1: "INACTIVE", 2: "ACTIVE"}  # deregister_on_new_revision (the default)
    (current,) = [d for d in revisions if d["revision"] == 2]
    assert current["containerProperties"]["command"] == ["echo", "two"]


def test_destroy_leaves_nothing_behind(run: Run) -> None:
    """Runs last: destroys every scenario, side by side, and looks at what is left."""
    failures: list[str] = []

    def destroy(scenario: Scenario) -> Callable[[], None]:
        def go() -> None:
            try:
                scenario.workspace.destroy()
            except AssertionError as error:
                failures.append(str(error))

        return go

    workspaces = {scenario.workspace.directory: scenario for scenario in run.scenarios.values()}  # one each
    with ThreadPoolExecutor(max_workers=len(workspaces)) as pool:
        for future in [pool.submit(destroy(scenario)) for scenario in workspaces.values()]:
            future.result()
    assert not failures, "\n".join(failures)

    batch = run.emulator.client("batch")
    assert [q["jobQueueName"] for q in batch.describe_job_queues()["jobQueues"]] == [IMPORTED_QUEUE]
    assert [e["computeEnvironmentName"] for e in batch.describe_compute_environments()["computeEnvironments"]] == [
        IMPORTED_ENVIRONMENT
    ]
    assert not batch.list_scheduling_policies()["schedulingPolicies"]
    active = batch.describe_job_definitions(status="ACTIVE")["jobDefinitions"]
    assert {d["jobDefinitionName"] for d in active} == {IMPORTED_DEFINITION}
    iam = run.emulator.client("iam")
    assert [r["RoleName"] for r in iam.list_roles()["Roles"]] == ["AWSServiceRoleForBatch"]
    assert not iam.list_instance_profiles()["InstanceProfiles"]
    ec2 = run.emulator.client("ec2")
    assert all(vpc["IsDefault"] for vpc in ec2.describe_vpcs()["Vpcs"])
    assert not ec2.describe_nat_gateways(Filters=[{"Name": "state", "Values": ["available", "pending"]}])["NatGateways"]
    assert not run.emulator.access_entries(CLUSTER) and not run.emulator.access_policies(CLUSTER)
    assert not run.emulator.client("scheduler").list_schedules()["Schedules"]
    assert not run.emulator.client("events").list_rules()["Rules"]
    assert not run.emulator.client("sqs").list_queues().get("QueueUrls")
    assert not run.emulator.client("sns").list_topics()["Topics"]
    assert "EventBridgeConfiguration" not in run.emulator.client("s3").get_bucket_notification_configuration(
        Bucket=BUCKET
    )
