"""JobQueue: the seed's examples, imports, time limits, grants and the queue rules."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest

import cdktf_batch as batch
from tests.conftest import VPC, data_sources, one, resources, synth
from tests.engine import TerraformOutput, TerraformStack, TerraformVariable, aws

QUEUE_ARN = "arn:aws:batch:us-east-1:555555555555:job-queue/High-Prio-Queue"
JOB_ARN = "arn:aws:batch:us-east-1:555555555555:job-definition/report:3"


def environment(
    stack: TerraformStack, name: str, kind: batch.ComputeResourceType = batch.ComputeResourceType.ON_DEMAND
) -> batch.ComputeEnvironment:
    return batch.ComputeEnvironment(stack, name, compute_resources=batch.ComputeResources(vpc=VPC, type=kind))


def queues(doc: dict[str, Any]) -> dict[str, Any]:
    return resources(doc, "aws_batch_job_queue")


def env_arn(doc: dict[str, Any], construct_id: str) -> str:
    key = next(k for k in resources(doc, "aws_batch_compute_environment") if k.startswith(f"{construct_id}_"))
    return f"${{aws_batch_compute_environment.{key}.arn}}"


class TestSeedExamples:
    def test_queue_on_one_environment(self) -> None:
        created: list[batch.JobQueue] = []

        def build(stack: TerraformStack) -> None:
            queue = batch.JobQueue(
                stack,
                "JobQueue",
                compute_environments=[
                    batch.JobQueueComputeEnvironment(compute_environment=environment(stack, "Env"), order=1)
                ],
            )
            created.append(queue)
            TerraformOutput(stack, "arn", value=queue.job_queue_arn)

        doc = synth(build)
        queue = one(queues(doc))
        assert queue["compute_environment_order"] == [{"compute_environment": env_arn(doc, "Env"), "order": 1}]
        assert queue["priority"] == 1
        assert queue["state"] == "ENABLED"
        assert queue["name"] == created[0].job_queue_name
        assert queue["name"] == "test-JobQueue-c2625587"
        assert "scheduling_policy_arn" not in queue and "job_state_time_limit_action" not in queue
        queue_id = next(iter(queues(doc)))
        assert doc["output"]["arn"]["value"] == f"${{aws_batch_job_queue.{queue_id}.arn}}"
        assert isinstance(created[0].resource, aws.batch_job_queue.BatchJobQueue)
        assert isinstance(created[0], batch.IJobQueue)

    def test_priority_queues_share_environments(self) -> None:
        def build(stack: TerraformStack) -> None:
            shared = environment(stack, "Shared")
            for name, priority in (("HighPrioQueue", 2), ("LowPrioQueue", 1)):
                batch.JobQueue(
                    stack,
                    name,
                    compute_environments=[batch.JobQueueComputeEnvironment(compute_environment=shared, order=1)],
                    priority=priority,
                )

        doc = synth(build)
        by_name = {key.split("_")[0]: value for key, value in queues(doc).items()}
        assert by_name["HighPrioQueue"]["priority"] == 2
        assert by_name["LowPrioQueue"]["priority"] == 1
        shared = env_arn(doc, "Shared")
        assert all(
            q["compute_environment_order"] == [{"compute_environment": shared, "order": 1}] for q in by_name.values()
        )
        assert by_name["HighPrioQueue"]["name"] != by_name["LowPrioQueue"]["name"]

    def test_import_by_arn(self) -> None:
        imported: list[Any] = []
        doc = synth(
            lambda stack: imported.append(batch.JobQueue.from_job_queue_arn(stack, "imported-job-queue", QUEUE_ARN))
        )
        assert one(data_sources(doc, "aws_batch_job_queue")) == {"name": "High-Prio-Queue"}
        assert isinstance(imported[0], batch.IJobQueue)

    def test_import_by_token(self) -> None:
        def build(stack: TerraformStack) -> None:
            arn = TerraformVariable(stack, "queue_arn", type="string").string_value
            batch.JobQueue.from_job_queue_arn(stack, "Imported", arn)

        doc = synth(build)
        assert one(data_sources(doc, "aws_batch_job_queue")) == {"name": '${element(split("/", var.queue_arn), 1)}'}

    def test_imported_environment_in_a_queue(self) -> None:
        def build(stack: TerraformStack) -> None:
            imported = batch.ComputeEnvironment.from_compute_environment_arn(
                stack, "Imported", "arn:aws:batch:us-east-1:555555555555:compute-environment/shared"
            )
            batch.JobQueue(
                stack,
                "Queue",
                compute_environments=[
                    batch.JobQueueComputeEnvironment(
                        compute_environment=environment(stack, "Own", batch.ComputeResourceType.FARGATE), order=1
                    ),
                    batch.JobQueueComputeEnvironment(compute_environment=imported, order=2),
                ],
            )

        doc = synth(build)
        lookup_id = next(iter(data_sources(doc, "aws_batch_compute_environment")))
        assert one(queues(doc))["compute_environment_order"][1] == {
            "compute_environment": f"${{data.aws_batch_compute_environment.{lookup_id}.arn}}",
            "order": 2,
        }


class TestArguments:
    def test_disabled_named_tagged(self) -> None:
        created: list[batch.JobQueue] = []

        def build(stack: TerraformStack) -> None:
            created.append(
                batch.JobQueue(
                    stack,
                    "Queue",
                    compute_environments=[
                        batch.JobQueueComputeEnvironment(compute_environment=environment(stack, "Env"), order=0)
                    ],
                    enabled=False,
                    priority=1000,
                    job_queue_name="nightly",
                    tags={"team": "data"},
                )
            )

        queue = one(queues(synth(build)))
        assert (created[0].priority, created[0].enabled, created[0].job_queue_name) == (1000, False, "nightly")
        assert (queue["state"], queue["priority"], queue["name"], queue["tags"]) == (
            "DISABLED",
            1000,
            "nightly",
            {"team": "data"},
        )

    def test_add_compute_environment(self) -> None:
        def build(stack: TerraformStack) -> None:
            queue = batch.JobQueue(
                stack,
                "Queue",
                compute_environments=[
                    batch.JobQueueComputeEnvironment(
                        compute_environment=environment(stack, "Spot", batch.ComputeResourceType.SPOT), order=1
                    )
                ],
            )
            queue.add_compute_environment(environment(stack, "OnDemand"), 2)
            assert [e.order for e in queue.compute_environments] == [1, 2]

        doc = synth(build)
        assert one(queues(doc))["compute_environment_order"] == [
            {"compute_environment": env_arn(doc, "Spot"), "order": 1},
            {"compute_environment": env_arn(doc, "OnDemand"), "order": 2},
        ]

    def test_job_state_time_limit_actions(self) -> None:
        def build(stack: TerraformStack) -> None:
            batch.JobQueue(
                stack,
                "Queue",
                compute_environments=[
                    batch.JobQueueComputeEnvironment(compute_environment=environment(stack, "Env"), order=1)
                ],
                job_state_time_limit_actions=[
                    batch.JobStateTimeLimitAction(reason="stuck", max_time=datetime.timedelta(minutes=10)),
                    batch.JobStateTimeLimitAction(
                        action=batch.JobStateTimeLimitActionsAction.TERMINATE,
                        max_time=datetime.timedelta(hours=24),
                        reason=batch.JobStateTimeLimitActionsReason.JOB_RESOURCE_REQUIREMENT,
                    ),
                ],
            )

        assert one(queues(synth(build)))["job_state_time_limit_action"] == [
            {"action": "CANCEL", "max_time_seconds": 600, "reason": "stuck", "state": "RUNNABLE"},
            {
                "action": "TERMINATE",
                "max_time_seconds": 86400,
                "reason": "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT",
                "state": "RUNNABLE",
            },
        ]

    def test_tokens_are_never_rejected(self) -> None:
        def build(stack: TerraformStack) -> None:
            number = TerraformVariable(stack, "n", type="number").number_value
            text = TerraformVariable(stack, "s", type="string").string_value
            queue = batch.JobQueue(
                stack,
                "Queue",
                compute_environments=[
                    batch.JobQueueComputeEnvironment(compute_environment=environment(stack, "Env"), order=number)
                ],
                priority=number,
                job_queue_name=text,
            )
            queue.add_compute_environment(environment(stack, "Other"), number)

        queue = one(queues(synth(build)))
        assert queue["priority"] == "${var.n}" and queue["name"] == "${var.s}"

    def test_a_long_path_makes_a_name_of_128_characters(self) -> None:
        def build(stack: TerraformStack) -> None:
            entry = batch.JobQueueComputeEnvironment(compute_environment=environment(stack, "Env"), order=1)
            batch.JobQueue(stack, "Q" * 200, compute_environments=[entry])

        name = one(queues(synth(build)))["name"]
        assert name == "test-" + "Q" * 54 + "-" + "Q" * 59 + "-f0d2e988"
        assert len(name) == 128

    def test_a_queue_and_an_import_in_another_region(self) -> None:
        def build(stack: TerraformStack) -> None:
            entry = batch.JobQueueComputeEnvironment(compute_environment=environment(stack, "Env"), order=1)
            batch.JobQueue(stack, "West", compute_environments=[entry], region="us-west-2")
            batch.JobQueue.from_job_queue_arn(
                stack, "Imported", "arn:aws:batch:us-west-2:123456789012:job-queue/q", region="us-west-2"
            )

        doc = synth(build)
        assert one(queues(doc))["region"] == "us-west-2"
        assert data_sources(doc, "aws_batch_job_queue") == {"Imported_4F5B38B1": {"name": "q", "region": "us-west-2"}}

    def test_an_environment_of_the_users_own_class_without_a_string_orchestration_type(self) -> None:
        # What runs its jobs is unknown (orchestration_type is not "EKS" or "ECS"): it may join
        # a queue of ECS environments, like an imported environment.
        class OwnEnvironment:
            compute_environment_arn = "arn:aws:batch:us-east-1:555555555555:compute-environment/own"
            compute_environment_name = "own"
            compute_resource_type = None
            orchestration_type = object()

        def build(stack: TerraformStack) -> None:
            batch.JobQueue(
                stack,
                "Queue",
                compute_environments=[
                    batch.JobQueueComputeEnvironment(compute_environment=environment(stack, "Ecs"), order=1),
                    batch.JobQueueComputeEnvironment(compute_environment=OwnEnvironment(), order=2),
                ],
            )

        doc = synth(build)
        assert one(queues(doc))["compute_environment_order"] == [
            {"compute_environment": env_arn(doc, "Ecs"), "order": 1},
            {"compute_environment": "arn:aws:batch:us-east-1:555555555555:compute-environment/own", "order": 2},
        ]


class TestFairShare:
    def test_queue_with_policy(self) -> None:
        def build(stack: TerraformStack) -> None:
            policy = batch.FairshareSchedulingPolicy(
                stack, "Policy", shares=[batch.Share(share_identifier="a", weight_factor=2)]
            )
            batch.JobQueue(
                stack,
                "Queue",
                compute_environments=[
                    batch.JobQueueComputeEnvironment(compute_environment=environment(stack, "Env"), order=1)
                ],
                scheduling_policy=policy,
            )

        doc = synth(build)
        policy_id = next(iter(resources(doc, "aws_batch_scheduling_policy")))
        assert one(queues(doc))["scheduling_policy_arn"] == f"${{aws_batch_scheduling_policy.{policy_id}.arn}}"

    def test_switching_to_fair_share_changes_the_generated_name(self) -> None:
        names = []
        for with_policy in (False, True):

            def build(stack: TerraformStack, with_policy: bool = with_policy) -> None:
                policy = batch.FairshareSchedulingPolicy(stack, "Policy") if with_policy else None
                batch.JobQueue(
                    stack,
                    "Queue",
                    compute_environments=[
                        batch.JobQueueComputeEnvironment(compute_environment=environment(stack, "Env"), order=1)
                    ],
                    scheduling_policy=policy,
                )

            names.append(one(queues(synth(build)))["name"])
        # AWS cannot add a policy to a FIFO queue: a new name makes Terraform replace it instead
        assert names == ["test-Queue-7cbf3949", "test-Queue-b0e18024"]

    def test_imported_policy(self) -> None:
        arn = "arn:aws:batch:us-east-1:555555555555:scheduling-policy/shared"

        def build(stack: TerraformStack) -> None:
            policy = batch.FairshareSchedulingPolicy.from_scheduling_policy_arn(stack, "Policy", arn)
            assert isinstance(policy, batch.ISchedulingPolicy)
            batch.JobQueue(
                stack,
                "Queue",
                compute_environments=[
                    batch.JobQueueComputeEnvironment(compute_environment=environment(stack, "Env"), order=1)
                ],
                scheduling_policy=policy,
            )

        doc = synth(build)
        lookup_id, lookup = next(iter(data_sources(doc, "aws_batch_scheduling_policy").items()))
        assert lookup == {"arn": arn}
        assert one(queues(doc))["scheduling_policy_arn"] == f"${{data.aws_batch_scheduling_policy.{lookup_id}.arn}}"


class TestGrants:
    def grant(self, role: Any, job_definition: Any = JOB_ARN, **kwargs: Any) -> dict[str, Any]:
        def build(stack: TerraformStack) -> None:
            queue = batch.JobQueue(
                stack,
                "Queue",
                compute_environments=[
                    batch.JobQueueComputeEnvironment(compute_environment=environment(stack, "Env"), order=1)
                ],
            )
            queue.grant_submit_job(
                role(stack) if callable(role) else role,
                job_definition(stack) if callable(job_definition) else job_definition,
                **kwargs,
            )

        return synth(build)

    def test_grant_names_only_the_queue_and_definition(self) -> None:
        doc = self.grant(
            lambda stack: aws.iam_role.IamRole(
                stack, "Submitter", assume_role_policy=batch.iam.trust_policy("lambda.amazonaws.com")
            )
        )
        policy = one(resources(doc, "aws_iam_role_policy"))
        assert policy["role"] == "${aws_iam_role.Submitter.name}"
        queue_id = next(iter(queues(doc)))
        assert json.loads(policy["policy"]) == {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "SubmitJob",
                    "Effect": "Allow",
                    "Action": "batch:SubmitJob",
                    "Resource": [f"${{aws_batch_job_queue.{queue_id}.arn}}", JOB_ARN],
                }
            ],
        }

    @pytest.mark.parametrize(
        ("role", "name"),
        [
            ("arn:aws:iam::123456789012:role/service/scheduler", "scheduler"),
            ("scheduler", "scheduler"),
        ],
    )
    def test_role_as_arn_or_name(self, role: str, name: str) -> None:
        assert one(resources(self.grant(role), "aws_iam_role_policy"))["role"] == name

    @pytest.mark.parametrize(
        ("role", "message"),
        [
            ("bad role!", "role: must be an IAM role, role ARN or role name, got 'bad role!'"),
            (5, "role: must be an IamRole resource or data source, or a role ARN or name, got 'int'"),
        ],
    )
    def test_role_refused(self, role: Any, message: str) -> None:
        with pytest.raises(batch.ValidationError) as raised:
            self.grant(role)
        assert str(raised.value) == message

    def test_role_as_token(self) -> None:
        doc = self.grant(lambda stack: TerraformVariable(stack, "role", type="string").string_value)
        assert one(resources(doc, "aws_iam_role_policy"))["role"] == '${element(reverse(split("/", var.role)), 0)}'

    def test_any_revision(self) -> None:
        doc = self.grant("scheduler", any_revision=True)
        statement = json.loads(one(resources(doc, "aws_iam_role_policy"))["policy"])["Statement"][0]
        assert statement["Resource"][1] == "arn:aws:batch:us-east-1:555555555555:job-definition/report:*"

    def test_any_revision_of_a_definition_arn_given_as_a_variable(self) -> None:
        doc = self.grant(
            "scheduler",
            lambda stack: TerraformVariable(stack, "definition", type="string").string_value,
            any_revision=True,
        )
        # The policy is JSON text once Terraform has filled in the template (not before: the
        # expression's own quotes sit inside a JSON string).
        queue_id = next(iter(queues(doc)))
        assert one(resources(doc, "aws_iam_role_policy"))["policy"] == (
            '{"Version":"2012-10-17","Statement":[{"Sid":"SubmitJob","Effect":"Allow","Action":"batch:SubmitJob",'
            f'"Resource":["${{aws_batch_job_queue.{queue_id}.arn}}",'
            '"${replace(var.definition, "/:[0-9]+$/", "")}:*"]}]}'
        )

    def test_two_grants_on_one_queue(self) -> None:
        def build(stack: TerraformStack) -> None:
            entry = batch.JobQueueComputeEnvironment(compute_environment=environment(stack, "Env"), order=1)
            queue = batch.JobQueue(stack, "Queue", compute_environments=[entry])
            queue.grant_submit_job("alpha", JOB_ARN)
            queue.grant_submit_job("beta", JOB_ARN)

        policy = json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "SubmitJob",
                        "Effect": "Allow",
                        "Action": "batch:SubmitJob",
                        "Resource": ["${aws_batch_job_queue.Queue_4A7E3555.arn}", JOB_ARN],
                    }
                ],
            },
            separators=(",", ":"),
        )
        assert resources(synth(build), "aws_iam_role_policy") == {
            "Queue_SubmitJobGrant0_BD793714": {
                "name_prefix": "test-Queue-7cbf3949-",
                "role": "alpha",
                "policy": policy,
            },
            "Queue_SubmitJobGrant1_E434979C": {"name_prefix": "test-Queue-7cbf3949-", "role": "beta", "policy": policy},
        }

    def test_a_long_path_makes_a_grant_name_prefix_of_101_characters(self) -> None:
        def build(stack: TerraformStack) -> None:
            entry = batch.JobQueueComputeEnvironment(compute_environment=environment(stack, "Env"), order=1)
            batch.JobQueue(stack, "Q" * 150, compute_environments=[entry]).grant_submit_job("alpha", JOB_ARN)

        prefix = one(resources(synth(build), "aws_iam_role_policy"))["name_prefix"]
        assert prefix == "test-" + "Q" * 40 + "-" + "Q" * 45 + "-6329404b-"
        assert len(prefix) == 101

    def test_imported_queue_grant(self) -> None:
        def build(stack: TerraformStack) -> None:
            queue = batch.JobQueue.from_job_queue_arn(stack, "Imported", QUEUE_ARN)
            queue.grant_submit_job("scheduler", JOB_ARN)  # type: ignore[attr-defined]

        doc = synth(build)
        lookup_id = next(iter(data_sources(doc, "aws_batch_job_queue")))
        statement = json.loads(one(resources(doc, "aws_iam_role_policy"))["policy"])["Statement"][0]
        assert statement["Resource"] == [f"${{data.aws_batch_job_queue.{lookup_id}.arn}}", JOB_ARN]


# The whole message of each job queue rule in tests/test_validation.py's CASES (which checks
# the argument and a few words), by case id.
QUEUE_MESSAGES: dict[str, str] = {
    'queue-no-environments': 'compute_environments: must have at least one JobQueueComputeEnvironment, got []',
    'queue-environment-not-entry': "compute_environments[0]: must be a JobQueueComputeEnvironment, got 'ComputeEnvironment'",
    'queue-four-environments': 'compute_environments[3]: a queue takes at most 3 compute environments, got 4',
    'queue-add-fourth': 'compute_environment: a queue takes at most 3 compute environments, got 4',
    'queue-duplicate-order': "compute_environments[1].order: must differ from the order of the queue's other environments, got 1",
    'queue-add-duplicate-order': "compute_environment.order: must differ from the order of the queue's other environments, got 1",
    'queue-mixed-families': "compute_environments[1].compute_environment: cannot mix EC2 or SPOT environments with FARGATE or FARGATE_SPOT ones in one queue, got 'FARGATE'",
    'queue-add-mixed': "compute_environment.compute_environment: cannot mix EC2 or SPOT environments with FARGATE or FARGATE_SPOT ones in one queue, got 'SPOT'",
    'queue-entry-not-environment': "compute_environments[0].compute_environment: must be a ComputeEnvironment (owned or imported), got 'str'",
    'queue-entry-order-negative': 'compute_environments[0].order: must be an integer of at least 0, got -1',
    'queue-entry-order-float': 'compute_environments[1].order: must be an integer of at least 0, got 1.5',
    'queue-priority-high': 'priority: must be an integer from 0 to 1000, got 1001',
    'queue-priority-negative': 'priority: must be an integer from 0 to 1000, got -1',
    'queue-enabled': "enabled: must be True or False, got 'no'",
    'queue-name': "job_queue_name: must be 1-128 letters, digits, hyphens or underscores, starting with a letter or digit, got 'my queue'",
    'queue-policy-not-policy': "scheduling_policy: must be a FairshareSchedulingPolicy (owned or imported), got 'str'",
    'queue-actions-not-list': "job_state_time_limit_actions: must be a list of JobStateTimeLimitAction, got JobStateTimeLimitAction(reason='r', max_time=datetime.timedelta(seconds=3600), action=<JobStateTimeLimitActionsAction.CANCEL: 'CANCEL'>, state=<JobStateTimeLimitActionsState.RUNNABLE: 'RUNNABLE'>)",
    'queue-action-not-action': "job_state_time_limit_actions[0]: must be a JobStateTimeLimitAction, got 'dict'",
    'queue-tags': "tags['a']: must be a string, got None",
    'time-limit-short': 'job_state_time_limit_actions[0].max_time: must be from 600 to 86400 seconds, got datetime.timedelta(seconds=540)',
    'time-limit-long': 'job_state_time_limit_actions[1].max_time: must be from 600 to 86400 seconds, got datetime.timedelta(days=1, seconds=3600)',
    'time-limit-fraction': 'job_state_time_limit_actions[0].max_time: must be a whole number of seconds, got datetime.timedelta(seconds=600, microseconds=500000)',
    'time-limit-int': 'job_state_time_limit_actions[0].max_time: must be a datetime.timedelta, got 600',
    'time-limit-reason': "job_state_time_limit_actions[0].reason: must not be empty, got ''",
    'time-limit-action': "job_state_time_limit_actions[0].action: must be one of CANCEL, TERMINATE, got 'RETRY'",
    'time-limit-state': "job_state_time_limit_actions[0].state: must be one of RUNNABLE, got 'RUNNING'",
    'queue-import-kind': "job_queue_arn: must be the ARN of a job-queue, like arn:<partition>:batch:<region>:<account>:job-queue/<name>, got 'arn:aws:batch:us-east-1:555555555555:compute-environment/x'",
    'queue-import-not-arn': "job_queue_arn: must be an ARN like arn:<partition>:batch:<region>:<account>:job-queue/<name>, got 'High-Prio-Queue'",
    'grant-role-bad': "role: must be an IAM role, role ARN or role name, got 'not a role!'",
    'grant-role-object': "role: must be an IamRole resource or data source, or a role ARN or name, got 'int'",
    'grant-job-bad-arn': "job_definition: must be the ARN of a job-definition, like arn:<partition>:batch:<region>:<account>:job-definition/<name>, got 'arn:aws:batch:us-east-1:555555555555:job-queue/q'",
    'grant-job-bad-revision': "job_definition: must end with a revision number of at least 1 after ':', got 'arn:aws:batch:us-east-1:555555555555:job-definition/j:latest'",
    'grant-job-object': "job_definition: must be a JobDefinition (owned or imported) or a job definition ARN, got 'int'",
    'grant-any-revision': "any_revision: must be True or False, got 'yes'",
}  # fmt: skip


@pytest.mark.parametrize("case_id", QUEUE_MESSAGES)
def test_queue_rules_whole_messages(case_id: str) -> None:
    from tests.conftest import new_stack
    from tests.test_validation import CASES

    (build,) = [case[1] for case in CASES if case[0] == case_id]
    with pytest.raises(batch.ValidationError) as raised:
        build(new_stack())
    assert str(raised.value) == QUEUE_MESSAGES[case_id]
