"""Vpc: a new VPC ready for Batch, lookups, attributes, and subnet selection."""

from __future__ import annotations

from typing import Any

import pytest

import cdktf_batch as batch
from tests.conftest import VPC, data_sources, new_stack, one, resources, synth, synth_stack
from tests.engine import TerraformStack, TerraformVariable


def subnets_by_kind(doc: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    subnets = resources(doc, "aws_subnet")
    public = {k: v for k, v in subnets.items() if "PublicSubnet" in k}
    private = {k: v for k, v in subnets.items() if "PrivateSubnet" in k}
    return public, private


class TestNewVpc:
    def test_two_zones_public_private_nat(self) -> None:
        doc = synth(lambda stack: batch.Vpc(stack, "VPC"))
        vpc = one(resources(doc, "aws_vpc"))
        assert vpc["cidr_block"] == "10.0.0.0/16"
        assert vpc["enable_dns_hostnames"] is True and vpc["enable_dns_support"] is True
        public, private = subnets_by_kind(doc)
        assert sorted(s["cidr_block"] for s in public.values()) == ["10.0.0.0/18", "10.0.64.0/18"]
        assert sorted(s["cidr_block"] for s in private.values()) == ["10.0.128.0/18", "10.0.192.0/18"]
        assert all(s["map_public_ip_on_launch"] is True for s in public.values())
        assert all(s["map_public_ip_on_launch"] is False for s in private.values())
        zones_id = next(iter(data_sources(doc, "aws_availability_zones")))
        assert {s["availability_zone"] for s in private.values()} == {
            f"${{element(data.aws_availability_zones.{zones_id}.names, {i})}}" for i in range(2)
        }
        igw_id = next(iter(resources(doc, "aws_internet_gateway")))
        nat_id, nat = next(iter(resources(doc, "aws_nat_gateway").items()))
        assert len(resources(doc, "aws_nat_gateway")) == 1
        assert nat["subnet_id"].startswith("${aws_subnet.VPC_PublicSubnet1")
        assert nat["depends_on"] == [f"aws_internet_gateway.{igw_id}"]
        routes = resources(doc, "aws_route")
        assert sum(1 for r in routes.values() if r.get("gateway_id") == f"${{aws_internet_gateway.{igw_id}.id}}") == 1
        assert sum(1 for r in routes.values() if r.get("nat_gateway_id") == f"${{aws_nat_gateway.{nat_id}.id}}") == 2
        assert len(resources(doc, "aws_route_table_association")) == 4
        # the default security group keeps no rules
        default_group = one(resources(doc, "aws_default_security_group"))
        assert "ingress" not in default_group and "egress" not in default_group

    def test_zones_nat_per_zone_and_tags(self) -> None:
        doc = synth(
            lambda stack: batch.Vpc(
                stack,
                "VPC",
                cidr="10.1.0.0/20",
                availability_zones=["us-east-1a", "us-east-1b", "us-east-1c"],
                nat_gateways=3,
                vpc_name="batch",
                tags={"env": "prod"},
            )
        )
        public, private = subnets_by_kind(doc)
        assert len(public) == len(private) == 3
        assert sorted(s["availability_zone"] for s in private.values()) == ["us-east-1a", "us-east-1b", "us-east-1c"]
        assert all(s["cidr_block"].endswith("/23") for s in [*public.values(), *private.values()])
        assert len(resources(doc, "aws_nat_gateway")) == 3
        assert one(resources(doc, "aws_vpc"))["tags"] == {"env": "prod", "Name": "batch"}
        assert "aws_availability_zones" not in doc.get("data", {})

    def test_token_cidr_is_split_by_terraform(self) -> None:
        def build(stack: TerraformStack) -> None:
            batch.Vpc(stack, "VPC", cidr=TerraformVariable(stack, "cidr", type="string").string_value)

        public, _ = subnets_by_kind(synth(build))
        assert sorted(s["cidr_block"] for s in public.values()) == [
            "${cidrsubnet(var.cidr, 2, 0)}",
            "${cidrsubnet(var.cidr, 2, 1)}",
        ]

    def test_selection(self) -> None:
        stack_vpcs: list[batch.Vpc] = []
        synth(lambda stack: stack_vpcs.append(batch.Vpc(stack, "VPC")), validate=False)
        vpc = stack_vpcs[0]
        assert vpc.select_subnets() == vpc.private_subnet_ids
        assert vpc.select_subnets(batch.SubnetSelection(subnet_type=batch.SubnetType.PUBLIC)) == vpc.public_subnet_ids
        assert vpc.select_subnets(batch.SubnetSelection(subnet_ids=["subnet-9"])) == ["subnet-9"]
        assert isinstance(vpc, batch.IVpc)


class TestExistingVpc:
    def test_from_lookup_by_id(self) -> None:
        def build(stack: TerraformStack) -> None:
            vpc = batch.Vpc.from_lookup(stack, "Existing", vpc_id="vpc-0123")
            batch.ComputeEnvironment(stack, "Env", compute_resources=batch.ComputeResources(vpc=vpc))

        doc = synth(build)
        vpc_id, vpc = next(iter(data_sources(doc, "aws_vpc").items()))
        assert vpc == {"id": "vpc-0123"}
        subnets = data_sources(doc, "aws_subnets")
        private_id = next(k for k in subnets if "Private" in k)
        assert subnets[private_id]["filter"] == [
            {"name": "vpc-id", "values": [f"${{data.aws_vpc.{vpc_id}.id}}"]},
            {"name": "map-public-ip-on-launch", "values": ["false"]},
        ]
        env = one(resources(doc, "aws_batch_compute_environment"))
        assert env["compute_resources"]["subnets"] == f"${{data.aws_subnets.{private_id}.ids}}"
        assert one(resources(doc, "aws_security_group"))["vpc_id"] == f"${{data.aws_vpc.{vpc_id}.id}}"

    def test_default_vpc_with_public_subnets(self) -> None:
        def build(stack: TerraformStack) -> None:
            vpc = batch.Vpc.from_lookup(stack, "Default", is_default=True)
            batch.ComputeEnvironment(
                stack,
                "Env",
                compute_resources=batch.ComputeResources(
                    vpc=vpc,
                    type=batch.ComputeResourceType.FARGATE,
                    vpc_subnets=batch.SubnetSelection(subnet_type=batch.SubnetType.PUBLIC),
                ),
            )

        doc = synth(build)
        assert one(data_sources(doc, "aws_vpc")) == {"default": True}
        public_id = next(k for k in data_sources(doc, "aws_subnets") if "Public" in k)
        assert one(resources(doc, "aws_batch_compute_environment"))["compute_resources"]["subnets"] == (
            f"${{data.aws_subnets.{public_id}.ids}}"
        )

    def test_from_lookup_by_tags(self) -> None:
        doc = synth(lambda stack: batch.Vpc.from_lookup(stack, "Tagged", tags={"Name": "shared"}))
        assert one(data_sources(doc, "aws_vpc")) == {"tags": {"Name": "shared"}}

    def test_from_lookup_by_tags_in_a_region(self) -> None:
        """Both subnet lookups in the given region; private subnets are selected by default, the
        construct is a scope like any other."""
        from tests.engine import aws

        looked_up: list[Any] = []

        def build(stack: TerraformStack) -> None:
            vpc = batch.Vpc.from_lookup(stack, "Tagged", tags={"Name": "shared"}, region="eu-west-1")
            looked_up.append(vpc)
            batch.ComputeEnvironment(stack, "Env", compute_resources=batch.ComputeResources(vpc=vpc))
            batch.LogGroup(vpc, "Logs")

        doc = synth(build)
        vpc_id = "${data.aws_vpc.Tagged_Vpc_59A192E5.id}"
        assert data_sources(doc, "aws_vpc") == {
            "Tagged_Vpc_59A192E5": {"region": "eu-west-1", "tags": {"Name": "shared"}}
        }
        assert data_sources(doc, "aws_subnets") == {
            f"Tagged_{kind}Subnets_{suffix}": {
                "filter": [
                    {"name": "vpc-id", "values": [vpc_id]},
                    {"name": "map-public-ip-on-launch", "values": [public]},
                ],
                "region": "eu-west-1",
            }
            for kind, suffix, public in (("Private", "F5ABC766", "false"), ("Public", "B82F2DC5", "true"))
        }
        assert one(resources(doc, "aws_batch_compute_environment"))["compute_resources"]["subnets"] == (
            "${data.aws_subnets.Tagged_PrivateSubnets_F5ABC766.ids}"
        )
        assert one(resources(doc, "aws_cloudwatch_log_group"))["name"] == "/aws/batch/test-Tagged-Logs-2db6ef91"
        (vpc,) = looked_up
        lookups = (vpc.private_subnets_lookup, vpc.public_subnets_lookup)
        assert all(isinstance(lookup, aws.data_aws_subnets.DataAwsSubnets) for lookup in lookups)
        assert [lookup.node.id for lookup in lookups] == ["PrivateSubnets", "PublicSubnets"]

    @pytest.mark.parametrize(
        ("build", "message"),
        [
            (
                lambda stack: batch.Vpc.from_lookup(stack, "Vpc"),
                "vpc_id: give vpc_id, is_default=True or tags to find the VPC",
            ),
            (
                lambda stack: batch.Vpc.from_lookup(stack, "Vpc", vpc_id=""),
                "vpc_id: must not be empty, got ''",
            ),
            (lambda stack: batch.Vpc.from_lookup(stack, "Vpc", tags={"a": 1}), "tags['a']: must be a string, got 1"),
            (
                lambda stack: batch.ComputeEnvironment(
                    stack, "Env", compute_resources=batch.ComputeResources(vpc=VPC, security_groups=[])
                ),
                "compute_resources.security_groups: must have at least one security group (omit it to get a new one),"
                " got []",
            ),
            (
                lambda stack: batch.ComputeEnvironment(
                    stack, "Env", compute_resources=batch.ComputeResources(vpc=VPC, security_groups=["sg-1", ""])
                ),
                "compute_resources.security_groups[1]: must not be empty, got ''",
            ),
            (
                lambda stack: batch.Vpc.from_attributes(vpc_id="", private_subnet_ids=["subnet-1"]),
                "vpc_id: must not be empty, got ''",
            ),
            (
                lambda stack: batch.Vpc.from_attributes(vpc_id="vpc-1", private_subnet_ids="subnet-1"),
                "private_subnet_ids: must be a list of strings, got 'subnet-1'",
            ),
            (
                lambda stack: batch.Vpc.from_attributes(vpc_id="vpc-1", public_subnet_ids=[""]),
                "public_subnet_ids[0]: must not be empty, got ''",
            ),
            (
                lambda stack: batch.Vpc.from_attributes(vpc_id="vpc-1"),
                "private_subnet_ids: give private_subnet_ids or public_subnet_ids",
            ),
        ],
        ids=[
            "nothing-to-find",
            "empty-id",
            "tags-not-strings",
            "no-security-groups",
            "empty-security-group-id",
            "attributes-empty-vpc-id",
            "attributes-private-not-list",
            "attributes-public-empty-id",
            "attributes-no-subnets",
        ],
    )
    def test_refused(self, build: Any, message: str) -> None:
        with pytest.raises(batch.ValidationError) as raised:
            synth(build, validate=False)
        assert str(raised.value) == message

    def test_from_attributes(self) -> None:
        vpc = batch.Vpc.from_attributes(vpc_id="vpc-1", private_subnet_ids=["subnet-a", "subnet-b"])
        doc = synth(
            lambda stack: batch.ComputeEnvironment(stack, "Env", compute_resources=batch.ComputeResources(vpc=vpc))
        )
        assert not data_sources(doc, "aws_vpc")
        assert one(resources(doc, "aws_batch_compute_environment"))["compute_resources"]["subnets"] == [
            "subnet-a",
            "subnet-b",
        ]
        assert one(resources(doc, "aws_security_group"))["vpc_id"] == "vpc-1"

    @pytest.mark.parametrize("kind", ["PRIVATE", "PUBLIC"])
    def test_subnet_type_from_string(self, kind: str) -> None:
        assert batch.SubnetSelection(subnet_type=kind).subnet_type is batch.SubnetType(kind)  # type: ignore[arg-type]


def test_availability_zones_from_a_list_variable() -> None:
    # A list token is one "#{TfToken[...]}" string in Python: the VPC must not take it for a
    # list of one zone named after the token (synth failed: a list token in a string).
    def build(stack: TerraformStack) -> None:
        zones = TerraformVariable(stack, "zones", type="list(string)").list_value
        batch.Vpc(stack, "Vpc", availability_zones=zones, max_azs=3)

    subnets = resources(synth(build), "aws_subnet")
    assert sorted(subnet["availability_zone"] for subnet in subnets.values()) == [
        f"${{element(var.zones, {i})}}" for i in (0, 0, 1, 1, 2, 2)
    ]


def test_the_whole_of_a_named_and_tagged_vpc() -> None:
    """Two zones (found with a data source), one NAT gateway the private route tables share,
    every resource named after the VPC."""
    doc = synth(lambda stack: batch.Vpc(stack, "VPC", vpc_name="batch", tags={"env": "prod"}))
    assert {"resource": doc["resource"], "data": doc["data"]} == {
        "data": {"aws_availability_zones": {"VPC_AvailabilityZones_DA21C839": {"state": "available"}}},
        "resource": {
            "aws_default_security_group": {
                "VPC_DefaultSecurityGroup_F4667041": {
                    "tags": {"Name": "batch-default", "env": "prod"},
                    "vpc_id": "${aws_vpc.VPC_Vpc_8A2C8653.id}",
                }
            },
            "aws_eip": {"VPC_NatEip1_E6C2CDD8": {"domain": "vpc", "tags": {"Name": "batch-nat-a", "env": "prod"}}},
            "aws_internet_gateway": {
                "VPC_InternetGateway_7BBD05FD": {
                    "tags": {"Name": "batch", "env": "prod"},
                    "vpc_id": "${aws_vpc.VPC_Vpc_8A2C8653.id}",
                }
            },
            "aws_nat_gateway": {
                "VPC_NatGateway1_C0257F87": {
                    "allocation_id": "${aws_eip.VPC_NatEip1_E6C2CDD8.id}",
                    "depends_on": ["aws_internet_gateway.VPC_InternetGateway_7BBD05FD"],
                    "subnet_id": "${aws_subnet.VPC_PublicSubnet1_323716A7.id}",
                    "tags": {"Name": "batch-a", "env": "prod"},
                }
            },
            "aws_route": {
                "VPC_PrivateRouteTable1DefaultRoute_8A6F9316": {
                    "destination_cidr_block": "0.0.0.0/0",
                    "nat_gateway_id": "${aws_nat_gateway.VPC_NatGateway1_C0257F87.id}",
                    "route_table_id": "${aws_route_table.VPC_PrivateRouteTable1_6FFBE8D6.id}",
                },
                "VPC_PrivateRouteTable2DefaultRoute_A73DF228": {
                    "destination_cidr_block": "0.0.0.0/0",
                    "nat_gateway_id": "${aws_nat_gateway.VPC_NatGateway1_C0257F87.id}",
                    "route_table_id": "${aws_route_table.VPC_PrivateRouteTable2_C04C3859.id}",
                },
                "VPC_PublicDefaultRoute_A74C6E06": {
                    "destination_cidr_block": "0.0.0.0/0",
                    "gateway_id": "${aws_internet_gateway.VPC_InternetGateway_7BBD05FD.id}",
                    "route_table_id": "${aws_route_table.VPC_PublicRouteTable_41C1CF24.id}",
                },
            },
            "aws_route_table": {
                "VPC_PrivateRouteTable1_6FFBE8D6": {
                    "tags": {"Name": "batch-private-a", "env": "prod"},
                    "vpc_id": "${aws_vpc.VPC_Vpc_8A2C8653.id}",
                },
                "VPC_PrivateRouteTable2_C04C3859": {
                    "tags": {"Name": "batch-private-b", "env": "prod"},
                    "vpc_id": "${aws_vpc.VPC_Vpc_8A2C8653.id}",
                },
                "VPC_PublicRouteTable_41C1CF24": {
                    "tags": {"Name": "batch-public", "env": "prod"},
                    "vpc_id": "${aws_vpc.VPC_Vpc_8A2C8653.id}",
                },
            },
            "aws_route_table_association": {
                "VPC_PrivateSubnet1RouteTableAssociation_78AD92E4": {
                    "route_table_id": "${aws_route_table.VPC_PrivateRouteTable1_6FFBE8D6.id}",
                    "subnet_id": "${aws_subnet.VPC_PrivateSubnet1_C4A9B6CC.id}",
                },
                "VPC_PrivateSubnet2RouteTableAssociation_958617C7": {
                    "route_table_id": "${aws_route_table.VPC_PrivateRouteTable2_C04C3859.id}",
                    "subnet_id": "${aws_subnet.VPC_PrivateSubnet2_C141814F.id}",
                },
                "VPC_PublicSubnet1RouteTableAssociation_D8246431": {
                    "route_table_id": "${aws_route_table.VPC_PublicRouteTable_41C1CF24.id}",
                    "subnet_id": "${aws_subnet.VPC_PublicSubnet1_323716A7.id}",
                },
                "VPC_PublicSubnet2RouteTableAssociation_6DBDD78F": {
                    "route_table_id": "${aws_route_table.VPC_PublicRouteTable_41C1CF24.id}",
                    "subnet_id": "${aws_subnet.VPC_PublicSubnet2_0F3CA6DA.id}",
                },
            },
            "aws_subnet": {
                "VPC_PrivateSubnet1_C4A9B6CC": {
                    "availability_zone": "${element(data.aws_availability_zones.VPC_AvailabilityZones_DA21C839.names, 0)}",
                    "cidr_block": "10.0.128.0/18",
                    "map_public_ip_on_launch": False,
                    "tags": {"Name": "batch-private-a", "env": "prod"},
                    "vpc_id": "${aws_vpc.VPC_Vpc_8A2C8653.id}",
                },
                "VPC_PrivateSubnet2_C141814F": {
                    "availability_zone": "${element(data.aws_availability_zones.VPC_AvailabilityZones_DA21C839.names, 1)}",
                    "cidr_block": "10.0.192.0/18",
                    "map_public_ip_on_launch": False,
                    "tags": {"Name": "batch-private-b", "env": "prod"},
                    "vpc_id": "${aws_vpc.VPC_Vpc_8A2C8653.id}",
                },
                "VPC_PublicSubnet1_323716A7": {
                    "availability_zone": "${element(data.aws_availability_zones.VPC_AvailabilityZones_DA21C839.names, 0)}",
                    "cidr_block": "10.0.0.0/18",
                    "map_public_ip_on_launch": True,
                    "tags": {"Name": "batch-public-a", "env": "prod"},
                    "vpc_id": "${aws_vpc.VPC_Vpc_8A2C8653.id}",
                },
                "VPC_PublicSubnet2_0F3CA6DA": {
                    "availability_zone": "${element(data.aws_availability_zones.VPC_AvailabilityZones_DA21C839.names, 1)}",
                    "cidr_block": "10.0.64.0/18",
                    "map_public_ip_on_launch": True,
                    "tags": {"Name": "batch-public-b", "env": "prod"},
                    "vpc_id": "${aws_vpc.VPC_Vpc_8A2C8653.id}",
                },
            },
            "aws_vpc": {
                "VPC_Vpc_8A2C8653": {
                    "cidr_block": "10.0.0.0/16",
                    "enable_dns_hostnames": True,
                    "enable_dns_support": True,
                    "tags": {"Name": "batch", "env": "prod"},
                }
            },
        },
    }


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda stack: batch.Vpc(stack, "V", max_azs=7), "max_azs: must be an integer from 1 to 6, got 7"),
        (
            lambda stack: batch.Vpc(stack, "V", availability_zones=[]),
            "availability_zones: must have at least 1 item(s), got []",
        ),
        (
            lambda stack: batch.Vpc(stack, "V", availability_zones=["us-east-1a", ""]),
            "availability_zones[1]: must not be empty, got ''",
        ),
        (
            lambda stack: batch.Vpc(stack, "V", availability_zones=["us-east-1a"], nat_gateways=2),
            "nat_gateways: must be an integer from 1 to 1, got 2",
        ),
        (lambda stack: batch.Vpc(stack, "V", nat_gateways=0), "nat_gateways: must be an integer from 1 to 2, got 0"),
        (lambda stack: batch.Vpc(stack, "V", vpc_name=""), "vpc_name: must not be empty, got ''"),
        (
            lambda stack: batch.Vpc(stack, "V", vpc_name="n" * 256),
            "vpc_name: must have at most 255 characters, got '" + "n" * 196 + "...",
        ),
        (lambda stack: batch.Vpc(stack, "V", tags={"a": 1}), "tags['a']: must be a string, got 1"),
        (lambda stack: batch.Vpc(stack, "V", cidr=10), "cidr: must be a string, got 10"),
        (
            lambda stack: batch.Vpc(stack, "V", cidr="10.0.0.0/15"),
            "cidr: must have a prefix length from /16 to /24 (AWS allows /16-/28 per VPC), got '10.0.0.0/15'",
        ),
        (
            lambda stack: batch.Vpc(stack, "V", cidr="10.0.0.0/25"),
            "cidr: must have a prefix length from /16 to /24 (AWS allows /16-/28 per VPC), got '10.0.0.0/25'",
        ),
        (
            lambda stack: batch.SubnetSelection(subnet_type=batch.SubnetType.PUBLIC, subnet_ids=["subnet-1"]),
            "subnet_ids: give subnet_type or subnet_ids, not both, got ['subnet_type', 'subnet_ids']",
        ),
        (lambda stack: batch.SubnetSelection(), "subnet_type: give one of subnet_type or subnet_ids"),
        (
            lambda stack: batch.SubnetSelection(subnet_type="DMZ"),
            "subnet_type: must be one of PRIVATE, PUBLIC, got 'DMZ'",
        ),
        (lambda stack: batch.SubnetSelection(subnet_ids=[]), "subnet_ids: must have at least 1 item(s), got []"),
        (lambda stack: batch.SubnetSelection(subnet_ids=[""]), "subnet_ids[0]: must not be empty, got ''"),
        (
            lambda stack: batch.Vpc.from_attributes(vpc_id="vpc-1", private_subnet_ids=["subnet-1"]).select_subnets(
                "PUBLIC"
            ),
            "vpc_subnets: must be a SubnetSelection, got 'str'",
        ),
        (
            lambda stack: batch.Vpc.from_attributes(vpc_id="vpc-1", private_subnet_ids=["subnet-1"]).select_subnets(
                batch.SubnetSelection(subnet_type=batch.SubnetType.PUBLIC)
            ),
            "vpc_subnets: this VPC has no public subnets; select SubnetSelection(subnet_type=SubnetType.PRIVATE) or"
            " give subnet_ids",
        ),
        (
            lambda stack: batch.Vpc.from_attributes(vpc_id="vpc-1", public_subnet_ids=["subnet-2"]).select_subnets(),
            "vpc_subnets: this VPC has no private subnets; select SubnetSelection(subnet_type=SubnetType.PUBLIC) or"
            " give subnet_ids",
        ),
    ],
    ids=[
        "max-azs",
        "zones-empty",
        "zone-blank",
        "nats-over-given-zones",
        "nats-zero",
        "name-empty",
        "name-long",
        "tags",
        "cidr-not-string",
        "cidr-large",
        "cidr-small",
        "selection-both",
        "selection-neither",
        "selection-type",
        "selection-ids-empty",
        "selection-id-blank",
        "select-not-a-selection",
        "select-no-public",
        "select-no-private",
    ],
)
def test_vpc_and_selection_refused(build: Any, message: str) -> None:
    with pytest.raises(batch.ValidationError) as raised:
        build(new_stack())
    assert str(raised.value) == message


def test_the_largest_vpc_and_the_longest_names() -> None:
    stack = new_stack()
    # six zones, a NAT gateway in each, and a generated name cut to 64 characters
    wide = batch.Vpc(stack, "V" + "v" * 80, max_azs=6, nat_gateways=6)
    assert (wide.vpc_name, wide.max_azs) == ("test-Vvvvvvvvvvvvvvvvvvvvvv-vvvvvvvvvvvvvvvvvvvvvvvvvvv-07a2d611", 6)
    narrow = batch.Vpc(stack, "Narrow", max_azs=1, vpc_name="n" * 255)
    doc = synth_stack(stack)
    assert len(resources(doc, "aws_nat_gateway")) == 7
    assert len(resources(doc, "aws_subnet")) == 14
    assert (narrow.vpc_name, narrow.max_azs) == ("n" * 255, 1)


def test_each_zone_routes_through_its_own_nat_gateway() -> None:
    doc = synth(lambda stack: batch.Vpc(stack, "VPC", availability_zones=["us-east-1a", "us-east-1b"], nat_gateways=2))
    assert {name: route.get("nat_gateway_id") for name, route in resources(doc, "aws_route").items()} == {
        "VPC_PrivateRouteTable1DefaultRoute_8A6F9316": "${aws_nat_gateway.VPC_NatGateway1_C0257F87.id}",
        "VPC_PrivateRouteTable2DefaultRoute_A73DF228": "${aws_nat_gateway.VPC_NatGateway2_BFD52A05.id}",
        "VPC_PublicDefaultRoute_A74C6E06": None,
    }


def test_one_zone_of_a_slash_24_in_a_region() -> None:
    """Two subnets halve the range; everything goes to the given region."""
    doc = synth(lambda stack: batch.Vpc(stack, "V", max_azs=1, cidr="10.0.0.0/24", region="eu-west-1"))
    assert sorted((subnet["cidr_block"], subnet["region"]) for subnet in resources(doc, "aws_subnet").values()) == [
        ("10.0.0.0/25", "eu-west-1"),
        ("10.0.0.128/25", "eu-west-1"),
    ]
    assert one(resources(doc, "aws_vpc"))["region"] == "eu-west-1"


@pytest.mark.parametrize(
    ("subnets", "selection", "value"),
    [
        (
            {"private_subnet_ids": ["subnet-1"]},
            batch.SubnetSelection(subnet_type=batch.SubnetType.PUBLIC),
            batch.SubnetSelection(subnet_type=batch.SubnetType.PUBLIC),
        ),
        ({"public_subnet_ids": ["subnet-2"]}, None, batch.SubnetSelection(subnet_type=batch.SubnetType.PRIVATE)),
    ],
    ids=["public-asked", "private-by-default"],
)
def test_a_selection_of_no_subnets_is_the_errors_value(
    subnets: dict[str, list[str]], selection: Any, value: batch.SubnetSelection
) -> None:
    # ValidationError.value is what was given (the selection), though the message leaves it out
    vpc = batch.Vpc.from_attributes(vpc_id="vpc-1", **subnets)
    with pytest.raises(batch.ValidationError) as raised:
        vpc.select_subnets(selection)
    assert (raised.value.argument, raised.value.value) == ("vpc_subnets", value)
