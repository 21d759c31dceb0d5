"""Fair-share scheduling policies (``aws_batch_scheduling_policy``).

A queue with a fair-share policy shares its compute between share identifiers by weight,
instead of running jobs first in, first out. Jobs submitted to it need a share identifier,
and their job definitions a scheduling priority (or the submission an override)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from cdktf_batch._arn import name_from_arn
from cdktf_batch._context import place, placed
from cdktf_batch._engine import Aws, Construct, engine_of
from cdktf_batch._naming import generated_name, remember_parent
from cdktf_batch._validation import (
    check_duration,
    check_integer,
    check_list,
    check_name,
    check_number,
    check_string,
    check_string_map,
    check_type,
    fail,
    is_unresolved,
)

if TYPE_CHECKING:
    from cdktf_cdktf_provider_aws.batch_scheduling_policy import BatchSchedulingPolicy
    from cdktf_cdktf_provider_aws.data_aws_batch_scheduling_policy import DataAwsBatchSchedulingPolicy
    from cdktf_cdktf_provider_aws.provider import AwsProvider

__all__ = [
    "FairshareSchedulingPolicy",
    "ISchedulingPolicy",
    "ImportedSchedulingPolicy",
    "Share",
]

MAX_SHARES = 500
_SHARE_IDENTIFIER = re.compile(r"[0-9A-Za-z]{0,254}[0-9A-Za-z*]?")


@dataclass(frozen=True, kw_only=True, slots=True)
class Share:
    """A share of a fair-share policy: jobs submitted with ``share_identifier`` (or, when it
    ends with ``*``, any identifier starting with what comes before) get compute in inverse
    proportion to ``weight_factor`` (lower weight, more compute).

    Raises:
        ValidationError: ``share_identifier`` that is not an identifier AWS accepts; ``weight_factor`` outside
            0.0001-999.9999.
    """

    share_identifier: str
    weight_factor: float = 1.0
    """0.0001 to 999.9999; default 1.0 (AWS's default, always written out)."""

    def __post_init__(self) -> None:
        check_string(
            "share.share_identifier",
            self.share_identifier,
            pattern=_SHARE_IDENTIFIER,
            rule="must be up to 255 letters or digits, optionally ending with * (a prefix)",
        )
        check_number("share.weight_factor", self.weight_factor, minimum=0.0001, maximum=999.9999)


@runtime_checkable
class ISchedulingPolicy(Protocol):
    """A scheduling policy, owned or imported."""

    @property
    def scheduling_policy_arn(self) -> str: ...

    @property
    def scheduling_policy_name(self) -> str: ...


class FairshareSchedulingPolicy(Construct):
    """A fair-share scheduling policy for job queues.

    A queue created without a scheduling policy cannot get one later, and a queue's policy
    can be replaced but never removed: give queues their policy when you create them.

    Attributes:
        resource: the provider's ``BatchSchedulingPolicy``.
        scheduling_policy_arn, scheduling_policy_name: its identifiers.
        shares: the shares so far.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        shares: Sequence[Share] = (),
        share_decay: datetime.timedelta | None = None,
        compute_reservation: int | None = None,
        scheduling_policy_name: str | None = None,
        tags: Mapping[str, str] | None = None,
        provider: AwsProvider | None = None,
        region: str | None = None,
    ) -> None:
        """
        Args:
            shares: the shares; more can be added with ``add_share``. At most 500.
            share_decay: the window over which usage counts, 0-604800 whole seconds.
                Default: - AWS's (0, meaning only current usage).
            compute_reservation: 0-99; reserves (compute_reservation/100)^active_share_ids of
                the maximum vCPUs for share identifiers not yet in use. Default: - none.
            scheduling_policy_name: Default: - a stable name generated from the construct path.
            tags: tags for the policy.
            provider: the ``AwsProvider`` (usually aliased) of everything it creates and reads (see
                ``ComputeEnvironment``). Default: - the enclosing construct's, else the stack's default provider.
            region: the region of its regional resources (provider 6's ``region`` argument).
                Default: - the enclosing construct's, else the provider's region.

        Raises:
            ValidationError: ``shares`` that are not ``Share``s, more than 500, or with a repeated identifier;
                ``scheduling_policy_name`` not a Batch name; ``share_decay`` outside 0-604800 seconds;
                ``compute_reservation`` outside 0-99; ``provider`` that is not an ``AwsProvider`` of the same
                stack, or ``region`` that is not a region code.
            EngineMismatchError: ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
        """
        super().__init__(scope, construct_id)
        remember_parent(self, scope, construct_id)
        place(self, provider=provider, region=region)
        if scheduling_policy_name is not None:
            check_name("scheduling_policy_name", scheduling_policy_name)
        self._decay_seconds = None
        if share_decay is not None:
            self._decay_seconds = check_duration("share_decay", share_decay, minimum=0, maximum=604800)
        if compute_reservation is not None:
            check_integer("compute_reservation", compute_reservation, minimum=0, maximum=99)
        self._compute_reservation = compute_reservation
        self._shares: list[Share] = []
        check_list("shares", shares, Share, check=self._add_share)
        self.scheduling_policy_name = scheduling_policy_name or generated_name(self, max_length=128)
        self.resource: BatchSchedulingPolicy = _render_policy(
            self,
            name=self.scheduling_policy_name,
            tags=check_string_map("tags", tags) if tags is not None else None,
            fair_share_policy=self._fair_share_policy(),
        )

    @property
    def shares(self) -> tuple[Share, ...]:
        return tuple(self._shares)

    @property
    def scheduling_policy_arn(self) -> str:
        value: str = self.resource.arn
        return value

    def add_share(self, share: Share) -> None:
        """Add a share.

        Raises:
            ValidationError: ``share`` that is not a ``Share``, repeats an identifier, or is one too many.
        """
        check_type("share", share, Share, "a Share")  # the constructor's list is checked by check_list
        self._add_share(share, "share")
        _render_fair_share_policy(self.resource, self._fair_share_policy())

    def _add_share(self, share: Share, argument: str) -> None:
        if len(self._shares) >= MAX_SHARES:
            raise fail(argument, f"a policy takes at most {MAX_SHARES} shares", len(self._shares) + 1)
        if not is_unresolved(share.share_identifier) and any(
            existing.share_identifier == share.share_identifier for existing in self._shares
        ):
            raise fail(f"{argument}.share_identifier", "must be unique within the policy", share.share_identifier)
        self._shares.append(share)

    def _fair_share_policy(self) -> dict[str, Any] | None:
        policy: dict[str, Any] = {}
        if self._decay_seconds is not None:
            policy["share_decay_seconds"] = self._decay_seconds
        if self._compute_reservation is not None:
            policy["compute_reservation"] = self._compute_reservation
        if self._shares:
            policy["share_distribution"] = [
                {"share_identifier": share.share_identifier, "weight_factor": share.weight_factor}
                for share in self._shares
            ]
        return policy or None

    @staticmethod
    def from_scheduling_policy_arn(
        scope: Construct,
        construct_id: str,
        scheduling_policy_arn: str,
        *,
        provider: AwsProvider | None = None,
        region: str | None = None,
    ) -> ISchedulingPolicy:
        """An existing policy, read with the ``aws_batch_scheduling_policy`` data source (of
        ``provider`` in ``region``).

        Raises:
            ValidationError: ``scheduling_policy_arn`` that is not a Batch scheduling policy ARN; ``provider``
                that is not an ``AwsProvider`` of the same stack, or ``region`` that is not a region code.
            EngineMismatchError: ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
        """
        return ImportedSchedulingPolicy(
            scope, construct_id, scheduling_policy_arn=scheduling_policy_arn, provider=provider, region=region
        )


class ImportedSchedulingPolicy(Construct):
    """An existing scheduling policy, read with the ``aws_batch_scheduling_policy`` data source.

    Raises:
        ValidationError: ``scheduling_policy_arn`` that is not a Batch scheduling policy ARN; ``provider``
            that is not an ``AwsProvider`` of the same stack, or ``region`` that is not a region code.
        EngineMismatchError: ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        scheduling_policy_arn: str,
        provider: AwsProvider | None = None,
        region: str | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        remember_parent(self, scope, construct_id)
        place(self, provider=provider, region=region)
        # Parsed for its checks; the data source itself is looked up by ARN.
        name_from_arn(
            "scheduling_policy_arn", scheduling_policy_arn, service="batch", resource_type="scheduling-policy"
        )
        self.resource: DataAwsBatchSchedulingPolicy = _render_lookup(self, scheduling_policy_arn)

    @property
    def scheduling_policy_arn(self) -> str:
        value: str = self.resource.arn
        return value

    @property
    def scheduling_policy_name(self) -> str:
        value: str = self.resource.name
        return value


def _fair_share_arguments(aws: Aws, policy: dict[str, Any]) -> dict[str, Any]:
    shares = [
        aws.BatchSchedulingPolicyFairSharePolicyShareDistribution(**share)
        for share in policy.get("share_distribution", [])
    ]
    return {
        "share_decay_seconds": policy.get("share_decay_seconds"),
        "compute_reservation": policy.get("compute_reservation"),
        "share_distribution": shares or None,
    }


def _fair_share_struct(aws: Aws, policy: dict[str, Any]) -> Any:
    return aws.BatchSchedulingPolicyFairSharePolicy(**_fair_share_arguments(aws, policy))


def _render_policy(
    scope: Construct, *, name: str, tags: Mapping[str, str] | None, fair_share_policy: dict[str, Any] | None
) -> BatchSchedulingPolicy:
    aws = placed(scope)

    return aws.BatchSchedulingPolicy(
        scope,
        "Resource",
        name=name,
        tags=dict(tags) if tags else None,
        fair_share_policy=_fair_share_struct(aws, fair_share_policy) if fair_share_policy else None,
    )


def _render_fair_share_policy(resource: BatchSchedulingPolicy, fair_share_policy: dict[str, Any] | None) -> None:
    if fair_share_policy:
        resource.put_fair_share_policy(**_fair_share_arguments(engine_of(resource).aws, fair_share_policy))
    else:
        resource.reset_fair_share_policy()


def _render_lookup(scope: Construct, arn: str) -> DataAwsBatchSchedulingPolicy:
    aws = placed(scope)

    return aws.DataAwsBatchSchedulingPolicy(scope, "Resource", arn=arn)
