"""Networks for compute environments: a new VPC ready for Batch, an existing one looked up
with data sources or described by its ids, subnet selection, and the egress-only security
group an environment gets when it is given none."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from cdktf_batch._context import place, placed
from cdktf_batch._engine import Construct, Fn, engine_of
from cdktf_batch._naming import attribute, generated_name, remember_parent
from cdktf_batch._validation import (
    check_choice,
    check_exclusive,
    check_integer,
    check_list,
    check_string,
    check_string_list,
    check_string_map,
    fail,
    is_unresolved,
)

if TYPE_CHECKING:
    from cdktf_cdktf_provider_aws.data_aws_subnets import DataAwsSubnets
    from cdktf_cdktf_provider_aws.provider import AwsProvider
    from cdktf_cdktf_provider_aws.security_group import SecurityGroup
    from cdktf_cdktf_provider_aws.subnet import Subnet

__all__ = ["IVpc", "ImportedVpc", "SecurityGroupLike", "SubnetSelection", "SubnetType", "Vpc", "VpcAttributes"]


class SubnetType(str, Enum):
    """Which subnets of a VPC to place compute resources in."""

    PRIVATE = "PRIVATE"
    """Subnets without public IPs that reach the internet through a NAT gateway."""
    PUBLIC = "PUBLIC"
    """Subnets routed to an internet gateway."""


@dataclass(frozen=True, kw_only=True, slots=True)
class SubnetSelection:
    """The subnets to use: a type of the VPC's subnets, or explicit subnet ids.

    Default: the VPC's private subnets.

    Raises:
        ValidationError: neither or both of ``subnet_type`` and ``subnet_ids``; ``subnet_type`` not a
            ``SubnetType``; ``subnet_ids`` empty or holding an empty id.
    """

    subnet_type: SubnetType | None = None
    subnet_ids: Sequence[str] | None = None

    def __post_init__(self) -> None:
        check_exclusive(("subnet_type", "subnet_ids"), (self.subnet_type, self.subnet_ids), required=True)
        if self.subnet_type is not None:
            object.__setattr__(self, "subnet_type", check_choice("subnet_type", self.subnet_type, SubnetType))
        if self.subnet_ids is not None:
            object.__setattr__(self, "subnet_ids", check_string_list("subnet_ids", self.subnet_ids, min_items=1))


@runtime_checkable
class IVpc(Protocol):
    """A VPC that compute environments can use, owned or imported."""

    @property
    def vpc_id(self) -> str: ...

    def select_subnets(self, selection: SubnetSelection | None = None) -> list[str]:
        """The subnet ids for ``selection`` (default: the private subnets)."""
        ...


@runtime_checkable
class _HasId(Protocol):
    @property
    def id(self) -> str: ...


SecurityGroupLike = _HasId | str
"""A security group: the provider's ``SecurityGroup`` resource or data source, or its id."""


class _SubnetsByType:
    """Subnet selection shared by owned and imported VPCs."""

    _private_subnet_ids: list[str]
    _public_subnet_ids: list[str]
    _private_known_empty: bool = False

    @property
    def private_subnet_ids(self) -> list[str]:
        return list(self._private_subnet_ids)

    @property
    def public_subnet_ids(self) -> list[str]:
        return list(self._public_subnet_ids)

    def select_subnets(self, selection: SubnetSelection | None = None) -> list[str]:
        if selection is None:
            selection = SubnetSelection(subnet_type=SubnetType.PRIVATE)
        if not isinstance(selection, SubnetSelection):
            raise fail("vpc_subnets", "must be a SubnetSelection", type(selection).__name__)
        if selection.subnet_ids is not None:
            return list(selection.subnet_ids)
        ids = self._private_subnet_ids if selection.subnet_type is SubnetType.PRIVATE else self._public_subnet_ids
        if not ids or (selection.subnet_type is SubnetType.PRIVATE and self._private_known_empty):
            kind = "private" if selection.subnet_type is SubnetType.PRIVATE else "public"
            raise fail(
                "vpc_subnets",
                f"this VPC has no {kind} subnets; select SubnetSelection(subnet_type=SubnetType."
                f"{'PUBLIC' if kind == 'private' else 'PRIVATE'}) or give subnet_ids",
                selection,
                show_value=False,
            )
        return list(ids)


class Vpc(Construct, _SubnetsByType):
    """A new VPC ready for AWS Batch.

    Public subnets (routed to an internet gateway) and private subnets (routed through NAT)
    in ``max_azs`` availability zones. Compute environments use the private subnets unless
    told otherwise. The VPC's default security group is emptied of rules, so nothing uses
    it by accident.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        cidr: str = "10.0.0.0/16",
        max_azs: int = 2,
        nat_gateways: int = 1,
        availability_zones: Sequence[str] | None = None,
        vpc_name: str | None = None,
        tags: Mapping[str, str] | None = None,
        provider: AwsProvider | None = None,
        region: str | None = None,
    ) -> None:
        """
        Args:
            cidr: the VPC's IPv4 range, /16 to /24. Split evenly between the subnets.
            max_azs: how many availability zones to use (1-6); default 2.
            nat_gateways: NAT gateways (1 to ``max_azs``); default 1 to keep cost down. Private
                subnets in zones without their own NAT gateway use the first one.
            availability_zones: zone names to use. Default: the region's first ``max_azs``
                available zones, from the ``aws_availability_zones`` data source.
            vpc_name: the ``Name`` tag. Default: generated from the construct path.
            tags: tags for every resource the VPC creates.
            provider: the ``AwsProvider`` (usually aliased) of everything it creates and reads (see
                ``ComputeEnvironment``). Default: - the enclosing construct's, else the stack's default provider.
            region: the region of its regional resources (provider 6's ``region`` argument).
                Default: - the enclosing construct's, else the provider's region.

        Raises:
            ValidationError: ``cidr`` that is not an IPv4 network from /16 to /24; ``max_azs`` or
                ``nat_gateways`` out of range; an empty ``vpc_name`` or availability zone; ``tags`` that are
                not strings; ``provider`` that is not an ``AwsProvider`` of the same stack, or ``region`` that
                is not a region code.
            EngineMismatchError: ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
        """
        super().__init__(scope, construct_id)
        remember_parent(self, scope, construct_id)
        place(self, provider=provider, region=region)
        check_integer("max_azs", max_azs, minimum=1, maximum=6)
        if availability_zones is not None:
            availability_zones = check_string_list("availability_zones", availability_zones, min_items=1)
            if not is_unresolved(list(availability_zones)):
                max_azs = len(availability_zones)
        check_integer("nat_gateways", nat_gateways, minimum=1, maximum=max_azs)
        subnet_cidrs = _subnet_cidrs(cidr, 2 * max_azs)
        if vpc_name is not None:
            check_string("vpc_name", vpc_name, max_length=255)
        self._tags = check_string_map("tags", tags) if tags is not None else {}
        self.vpc_name = vpc_name or generated_name(self, max_length=64)
        self.max_azs = max_azs

        model = _VpcModel(
            name=self.vpc_name,
            cidr=cidr,
            zone_count=max_azs,
            zones=availability_zones,
            subnet_cidrs=subnet_cidrs,
            nat_gateways=nat_gateways,
            tags=self._tags,
        )
        rendered = _render_vpc(self, model)
        self.resource = rendered["vpc"]
        self.public_subnets: list[Subnet] = rendered["public"]
        self.private_subnets: list[Subnet] = rendered["private"]
        self._public_subnet_ids = [attribute(subnet, "id") for subnet in self.public_subnets]
        self._private_subnet_ids = [attribute(subnet, "id") for subnet in self.private_subnets]

    @property
    def vpc_id(self) -> str:
        return attribute(self.resource, "id")  # type: ignore[no-any-return]

    @staticmethod
    def from_lookup(
        scope: Construct,
        construct_id: str,
        *,
        vpc_id: str | None = None,
        is_default: bool = False,
        tags: Mapping[str, str] | None = None,
        provider: AwsProvider | None = None,
        region: str | None = None,
    ) -> IVpc:
        """An existing VPC found at plan time with the ``aws_vpc`` and ``aws_subnets`` data sources.

        Give ``vpc_id``, or ``is_default=True`` for the region's default VPC, or ``tags`` to
        match. Private subnets are those that do not map public IPs on launch; public subnets
        are those that do. (A default VPC has only public subnets.) The data sources use
        ``provider`` and ``region`` when given.

        Raises:
            ValidationError: none of ``vpc_id``, ``is_default=True`` and ``tags``; an empty ``vpc_id``;
                ``provider`` that is not an ``AwsProvider`` of the same stack, or ``region`` that is not a
                region code.
            EngineMismatchError: ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
        """
        return ImportedVpc(
            scope, construct_id, vpc_id=vpc_id, is_default=is_default, tags=tags, provider=provider, region=region
        )

    @staticmethod
    def from_attributes(
        *,
        vpc_id: str,
        private_subnet_ids: Sequence[str] = (),
        public_subnet_ids: Sequence[str] = (),
    ) -> IVpc:
        """An existing VPC described by its ids; nothing is looked up.

        Raises:
            ValidationError: ``vpc_id`` empty; neither ``private_subnet_ids`` nor ``public_subnet_ids``, or an
                empty id.
        """
        return VpcAttributes(vpc_id=vpc_id, private_subnet_ids=private_subnet_ids, public_subnet_ids=public_subnet_ids)


class VpcAttributes(_SubnetsByType):
    """A VPC given by its ids (see ``Vpc.from_attributes``).

    Raises:
        ValidationError: ``vpc_id`` empty; neither ``private_subnet_ids`` nor ``public_subnet_ids``, or an
            empty id.
    """

    def __init__(
        self, *, vpc_id: str, private_subnet_ids: Sequence[str] = (), public_subnet_ids: Sequence[str] = ()
    ) -> None:
        check_string("vpc_id", vpc_id)
        self._vpc_id = vpc_id
        self._private_subnet_ids = list(check_string_list("private_subnet_ids", private_subnet_ids))
        self._public_subnet_ids = list(check_string_list("public_subnet_ids", public_subnet_ids))
        if not self._private_subnet_ids and not self._public_subnet_ids:
            raise fail("private_subnet_ids", "give private_subnet_ids or public_subnet_ids", None, show_value=False)

    @property
    def vpc_id(self) -> str:
        return self._vpc_id


class ImportedVpc(Construct, _SubnetsByType):
    """A VPC looked up with data sources (see ``Vpc.from_lookup``).

    Raises:
        ValidationError: none of ``vpc_id``, ``is_default=True`` and ``tags``; an empty ``vpc_id``;
            ``provider`` that is not an ``AwsProvider`` of the same stack, or ``region`` that is not a region
            code.
        EngineMismatchError: ``scope`` in an app whose engine is not the one ``CDKTF_BATCH_ENGINE`` names.
    """

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        vpc_id: str | None,
        is_default: bool,
        tags: Mapping[str, str] | None,
        provider: AwsProvider | None = None,
        region: str | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        remember_parent(self, scope, construct_id)
        place(self, provider=provider, region=region)
        if vpc_id is not None:
            check_string("vpc_id", vpc_id)
        if vpc_id is None and not is_default and not tags:
            raise fail("vpc_id", "give vpc_id, is_default=True or tags to find the VPC", None, show_value=False)
        tags = check_string_map("tags", tags) if tags else None
        self.resource, private, public = _render_vpc_lookup(self, vpc_id=vpc_id, is_default=is_default, tags=tags)
        self._private_subnet_ids = private.ids
        self._public_subnet_ids = public.ids
        self.private_subnets_lookup = private
        self.public_subnets_lookup = public
        # Every subnet of a default VPC maps public IPs: selecting private ones would give an
        # empty list that AWS refuses at apply, so say so now.
        self._private_known_empty = is_default and vpc_id is None

    @property
    def vpc_id(self) -> str:
        return attribute(self.resource, "id")  # type: ignore[no-any-return]


def check_security_groups(argument: str, groups: Any) -> tuple[SecurityGroupLike, ...]:
    """Security group arguments: the provider's ``SecurityGroup`` (resource or data source)
    or a security group id, at least one."""
    checked = check_list(
        argument,
        groups,
        (str, _HasId),
        name="SecurityGroup (resource or data source) or security group id",
        check=_check_group,
    )
    if not checked:
        raise fail(argument, "must have at least one security group (omit it to get a new one)", [])
    return checked


def _check_group(group: SecurityGroupLike, path: str) -> None:
    if isinstance(group, str):
        check_string(path, group)


def security_group_id(group: SecurityGroupLike) -> str:
    """The id of a checked security group argument."""
    return group if isinstance(group, str) else attribute(group, "id")


def egress_only_security_group(
    scope: Construct, construct_id: str, *, vpc_id: str, description: str, tags: Mapping[str, str]
) -> SecurityGroup:
    """A security group with no ingress and all outbound IPv4 traffic allowed."""
    return _render_security_group(scope, construct_id, vpc_id=vpc_id, description=description, tags=tags)


@dataclass(frozen=True, kw_only=True, slots=True)
class _VpcModel:
    name: str
    cidr: str
    zone_count: int
    zones: Sequence[str] | None
    subnet_cidrs: list[str]
    nat_gateways: int
    tags: Mapping[str, str]


def _subnet_cidrs(cidr: str, count: int) -> list[str]:
    """``count`` equal subnets of ``cidr`` (a power of two at least ``count``)."""
    newbits = max(1, (count - 1).bit_length())
    if is_unresolved(cidr):
        return [Fn.cidrsubnet(cidr, newbits, index) for index in range(count)]
    check_string("cidr", cidr)
    try:
        network = ipaddress.IPv4Network(cidr, strict=True)
    except ValueError:
        raise fail("cidr", "must be an IPv4 network in CIDR notation such as 10.0.0.0/16", cidr) from None
    if not 16 <= network.prefixlen <= 24:
        raise fail("cidr", "must have a prefix length from /16 to /24 (AWS allows /16-/28 per VPC)", cidr)
    return [str(subnet) for subnet in list(network.subnets(new_prefix=network.prefixlen + newbits))[:count]]


def _render_vpc(scope: Construct, model: _VpcModel) -> dict[str, Any]:
    aws = placed(scope)

    def tags(name: str) -> dict[str, str]:
        return {**model.tags, "Name": name}

    vpc = aws.Vpc(
        scope,
        "Vpc",
        cidr_block=model.cidr,
        enable_dns_hostnames=True,
        enable_dns_support=True,
        tags=tags(model.name),
    )
    # No rules: instances get the groups we create, never the default one by accident.
    aws.DefaultSecurityGroup(
        scope, "DefaultSecurityGroup", vpc_id=attribute(vpc, "id"), tags=tags(f"{model.name}-default")
    )
    if model.zones is not None:
        zones = list(model.zones)
        if is_unresolved(zones):
            zones = [Fn.element(zones, index) for index in range(model.zone_count)]
    else:
        available = aws.DataAwsAvailabilityZones(scope, "AvailabilityZones", state="available")
        zones = [Fn.element(available.names, index) for index in range(model.zone_count)]

    igw = aws.InternetGateway(scope, "InternetGateway", vpc_id=attribute(vpc, "id"), tags=tags(model.name))
    public_table = aws.RouteTable(
        scope, "PublicRouteTable", vpc_id=attribute(vpc, "id"), tags=tags(f"{model.name}-public")
    )
    aws.Route(
        scope,
        "PublicDefaultRoute",
        route_table_id=attribute(public_table, "id"),
        destination_cidr_block="0.0.0.0/0",
        gateway_id=attribute(igw, "id"),
    )
    public: list[Any] = []
    private: list[Any] = []
    nats: list[Any] = []
    for index in range(model.zone_count):
        suffix = chr(ord("a") + index)
        subnet = aws.Subnet(
            scope,
            f"PublicSubnet{index + 1}",
            vpc_id=attribute(vpc, "id"),
            cidr_block=model.subnet_cidrs[index],
            availability_zone=zones[index],
            # Instances placed in public subnets need a public IP to reach ECS and ECR.
            map_public_ip_on_launch=True,
            tags=tags(f"{model.name}-public-{suffix}"),
        )
        aws.RouteTableAssociation(
            scope,
            f"PublicSubnet{index + 1}RouteTableAssociation",
            subnet_id=attribute(subnet, "id"),
            route_table_id=attribute(public_table, "id"),
        )
        public.append(subnet)
        if index < model.nat_gateways:
            eip = aws.Eip(scope, f"NatEip{index + 1}", domain="vpc", tags=tags(f"{model.name}-nat-{suffix}"))
            nats.append(
                aws.NatGateway(
                    scope,
                    f"NatGateway{index + 1}",
                    allocation_id=eip.id,
                    subnet_id=attribute(subnet, "id"),
                    tags=tags(f"{model.name}-{suffix}"),
                    depends_on=[igw],
                )
            )
    for index in range(model.zone_count):
        suffix = chr(ord("a") + index)
        subnet = aws.Subnet(
            scope,
            f"PrivateSubnet{index + 1}",
            vpc_id=attribute(vpc, "id"),
            cidr_block=model.subnet_cidrs[model.zone_count + index],
            availability_zone=zones[index],
            map_public_ip_on_launch=False,
            tags=tags(f"{model.name}-private-{suffix}"),
        )
        table = aws.RouteTable(
            scope,
            f"PrivateRouteTable{index + 1}",
            vpc_id=attribute(vpc, "id"),
            tags=tags(f"{model.name}-private-{suffix}"),
        )
        nat = nats[index] if index < len(nats) else nats[0]
        aws.Route(
            scope,
            f"PrivateRouteTable{index + 1}DefaultRoute",
            route_table_id=attribute(table, "id"),
            destination_cidr_block="0.0.0.0/0",
            nat_gateway_id=attribute(nat, "id"),
        )
        aws.RouteTableAssociation(
            scope,
            f"PrivateSubnet{index + 1}RouteTableAssociation",
            subnet_id=attribute(subnet, "id"),
            route_table_id=attribute(table, "id"),
        )
        private.append(subnet)
    return {"vpc": vpc, "public": public, "private": private}


def _render_vpc_lookup(
    scope: Construct, *, vpc_id: str | None, is_default: bool, tags: Mapping[str, str] | None
) -> tuple[Any, Any, Any]:
    aws = placed(scope)

    vpc = aws.DataAwsVpc(
        scope,
        "Vpc",
        id=vpc_id,
        default=True if is_default else None,
        tags=dict(tags) if tags else None,
    )

    def subnets(construct_id: str, public: bool) -> DataAwsSubnets:
        return aws.DataAwsSubnets(
            scope,
            construct_id,
            filter=[
                aws.DataAwsSubnetsFilter(name="vpc-id", values=[vpc.id]),
                aws.DataAwsSubnetsFilter(name="map-public-ip-on-launch", values=["true" if public else "false"]),
            ],
        )

    return vpc, subnets("PrivateSubnets", False), subnets("PublicSubnets", True)


def _render_security_group(
    scope: Construct, construct_id: str, *, vpc_id: str, description: str, tags: Mapping[str, str]
) -> SecurityGroup:
    engine = engine_of(scope)
    aws = placed(scope)
    group = aws.SecurityGroup(
        scope,
        construct_id,
        name_prefix=generated_name(scope, max_length=200) + "-",
        description=description,
        vpc_id=vpc_id,
        tags=dict(tags) if tags else None,
        # A replacement group must exist before the environment moves to it.
        lifecycle=engine.core.TerraformResourceLifecycle(create_before_destroy=True),
    )
    aws.VpcSecurityGroupEgressRule(
        scope,
        f"{construct_id}EgressIpv4",
        security_group_id=attribute(group, "id"),
        ip_protocol="-1",
        cidr_ipv4="0.0.0.0/0",
        description="Jobs reach AWS APIs, container registries and the internet",
    )
    return group
