//! `Vpc`: a VPC with subnets in several availability zones, route tables, an internet gateway
//! and NAT gateways, laid out at synthesis exactly as aws-cdk-lib's `Vpc` lays them out (same
//! construct ids, logical ids, CIDR blocks, tags and dependencies); imports from attributes.

use std::rc::Rc;

use serde_json::{json, Value as Json};
use stackwright_cfn::ec2::subnet::Tag as SubnetTag;
use stackwright_cfn::ec2::{
    CfnEip, CfnEipProps, CfnInternetGateway, CfnInternetGatewayProps, CfnNatGateway,
    CfnNatGatewayProps, CfnRouteTable, CfnRouteTableProps, CfnSubnet, CfnSubnetProps,
    CfnSubnetRouteTableAssociation, CfnSubnetRouteTableAssociationProps, CfnVpc,
    CfnVpcGatewayAttachment, CfnVpcGatewayAttachmentProps, CfnVpcProps,
};
use stackwright_core::{
    Construct, ContextProvider, ContextQuery, Fn, Node, Scope, Stack, Tags, Val,
};

use super::cidr::{allocate, Ipv4Cidr, SubnetRequest, MAX_MASK, MIN_MASK};
use super::gateway_vpc_endpoint::{
    GatewayVpcEndpoint, GatewayVpcEndpointOptions, GatewayVpcEndpointProps,
};
use super::interface_vpc_endpoint::{
    InterfaceVpcEndpoint, InterfaceVpcEndpointOptions, InterfaceVpcEndpointProps,
};
use super::subnet::{
    SelectedSubnets, Subnet, SubnetAttributes, SubnetConfiguration, SubnetParts, SubnetSelection,
    SubnetType,
};
use crate::arn::{concat, ArnParts};

const DEFAULT_CIDR: &str = "10.0.0.0/16";
const DEFAULT_MAX_AZS: usize = 3;
/// The zones aws-cdk-lib uses for a stack of a known environment until the CDK CLI has looked
/// them up (context `availability-zones:account=<account>:region=<region>`; the dummy value of
/// the missing-context entry).
const DUMMY_AZS: [&str; 3] = ["dummy1a", "dummy1b", "dummy1c"];
/// Context giving the zones of environment-agnostic stacks.
const AGNOSTIC_AZS_CONTEXT: &str = "aws:cdk:availability-zones:fallback";

/// Tenancy of the instances launched into a VPC.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DefaultInstanceTenancy {
    /// Shared hardware (the default).
    #[default]
    Default,
    /// Dedicated hardware.
    Dedicated,
    /// Dedicated hosts.
    Host,
}

impl DefaultInstanceTenancy {
    fn as_str(self) -> &'static str {
        match self {
            DefaultInstanceTenancy::Default => "default",
            DefaultInstanceTenancy::Dedicated => "dedicated",
            DefaultInstanceTenancy::Host => "host",
        }
    }
}

/// Options of a [`Vpc`]. The defaults are aws-cdk-lib's: `10.0.0.0/16`, three availability
/// zones, one public and one private subnet group sharing the block equally, a NAT gateway per
/// zone, DNS support and host names on.
#[derive(Debug, Clone)]
#[must_use]
pub struct VpcProps {
    cidr: String,
    max_azs: Option<usize>,
    availability_zones: Option<Vec<String>>,
    subnet_configuration: Option<Vec<SubnetConfiguration>>,
    nat_gateways: Option<usize>,
    nat_gateway_subnets: Option<SubnetSelection>,
    create_internet_gateway: bool,
    enable_dns_hostnames: bool,
    enable_dns_support: bool,
    default_instance_tenancy: DefaultInstanceTenancy,
    vpc_name: Option<String>,
}

impl Default for VpcProps {
    fn default() -> Self {
        VpcProps {
            cidr: DEFAULT_CIDR.to_owned(),
            max_azs: None,
            availability_zones: None,
            subnet_configuration: None,
            nat_gateways: None,
            nat_gateway_subnets: None,
            create_internet_gateway: true,
            enable_dns_hostnames: true,
            enable_dns_support: true,
            default_instance_tenancy: DefaultInstanceTenancy::Default,
            vpc_name: None,
        }
    }
}

impl VpcProps {
    /// The CDK's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// The VPC's IPv4 block, `/16` to `/28` (default `10.0.0.0/16`). Subnet blocks are
    /// computed from it at synthesis.
    pub fn cidr(mut self, cidr: impl Into<String>) -> Self {
        self.cidr = cidr.into();
        self
    }

    /// Uses at most this many of the stack's availability zones (default 3).
    pub fn max_azs(mut self, count: usize) -> Self {
        self.max_azs = Some(count);
        self
    }

    /// Uses exactly these availability zones (instead of `max_azs`).
    pub fn availability_zones<S: Into<String>>(
        mut self,
        zones: impl IntoIterator<Item = S>,
    ) -> Self {
        self.availability_zones = Some(zones.into_iter().map(Into::into).collect());
        self
    }

    /// The subnet groups, in order (default: `Public` and `Private`, or `Public` and
    /// `Isolated` when there are no NAT gateways).
    pub fn subnet_configuration(
        mut self,
        groups: impl IntoIterator<Item = SubnetConfiguration>,
    ) -> Self {
        self.subnet_configuration = Some(groups.into_iter().collect());
        self
    }

    /// How many NAT gateways (default: one per zone when there are private subnets; at most
    /// one per zone). Private subnets route through the gateway of their zone, or else share
    /// the others in turn.
    pub fn nat_gateways(mut self, count: usize) -> Self {
        self.nat_gateways = Some(count);
        self
    }

    /// The public subnets to put the NAT gateways in (default: all public subnets, in order).
    pub fn nat_gateway_subnets(mut self, selection: SubnetSelection) -> Self {
        self.nat_gateway_subnets = Some(selection);
        self
    }

    /// Whether to create an internet gateway when there are public or private subnets
    /// (default true).
    pub fn create_internet_gateway(mut self, on: bool) -> Self {
        self.create_internet_gateway = on;
        self
    }

    /// Whether instances get DNS host names (default true; needs DNS support).
    pub fn enable_dns_hostnames(mut self, on: bool) -> Self {
        self.enable_dns_hostnames = on;
        self
    }

    /// Whether the Amazon DNS server answers in the VPC (default true).
    pub fn enable_dns_support(mut self, on: bool) -> Self {
        self.enable_dns_support = on;
        self
    }

    /// The tenancy of instances launched into the VPC (default shared).
    pub fn default_instance_tenancy(mut self, tenancy: DefaultInstanceTenancy) -> Self {
        self.default_instance_tenancy = tenancy;
        self
    }

    /// The `Name` tag of the VPC and everything in it (default: the construct path).
    pub fn vpc_name(mut self, name: impl Into<String>) -> Self {
        self.vpc_name = Some(name.into());
        self
    }
}

/// What is known of a VPC that exists outside the app, for [`Vpc::from_attributes`]. The
/// subnets of each kind are given as ids in zone order (`publicSubnetIds` and so on in the
/// CDK): their count must be a multiple of the number of zones, one group after the other.
#[derive(Debug, Clone)]
#[must_use]
pub struct VpcAttributes {
    vpc_id: Val<String>,
    availability_zones: Vec<Val<String>>,
    vpc_cidr_block: Option<Val<String>>,
    groups: Vec<ImportedGroup>,
}

#[derive(Debug, Clone)]
struct ImportedGroup {
    subnet_type: SubnetType,
    ids: Vec<Val<String>>,
    names: Option<Vec<String>>,
    route_table_ids: Option<Vec<Val<String>>>,
    cidr_blocks: Option<Vec<Val<String>>>,
}

impl VpcAttributes {
    /// A VPC by id (a literal `vpc-...` or a value such as `Fn::ImportValue`) and its zones.
    pub fn new<V: Into<Val<String>>>(
        vpc_id: impl Into<Val<String>>,
        availability_zones: impl IntoIterator<Item = V>,
    ) -> Self {
        VpcAttributes {
            vpc_id: vpc_id.into(),
            availability_zones: availability_zones.into_iter().map(Into::into).collect(),
            vpc_cidr_block: None,
            groups: [
                SubnetType::Public,
                SubnetType::PrivateWithEgress,
                SubnetType::PrivateIsolated,
            ]
            .into_iter()
            .map(|subnet_type| ImportedGroup {
                subnet_type,
                ids: Vec::new(),
                names: None,
                route_table_ids: None,
                cidr_blocks: None,
            })
            .collect(),
        }
    }

    /// The VPC's IPv4 block (needed by interface endpoints, which open their port to it).
    pub fn vpc_cidr_block(mut self, cidr: impl Into<Val<String>>) -> Self {
        self.vpc_cidr_block = Some(cidr.into());
        self
    }

    fn group(&mut self, subnet_type: SubnetType) -> &mut ImportedGroup {
        let index = match subnet_type {
            SubnetType::Public => 0,
            SubnetType::PrivateWithEgress => 1,
            SubnetType::PrivateIsolated => 2,
        };
        &mut self.groups[index]
    }

    /// The ids of the subnets of a kind, zone by zone, group after group.
    pub fn subnet_ids<V: Into<Val<String>>>(
        mut self,
        subnet_type: SubnetType,
        ids: impl IntoIterator<Item = V>,
    ) -> Self {
        self.group(subnet_type).ids = ids.into_iter().map(Into::into).collect();
        self
    }

    /// The names of the groups of a kind, one per group (default: `Public`, `Private` or
    /// `Isolated`).
    pub fn subnet_names<S: Into<String>>(
        mut self,
        subnet_type: SubnetType,
        names: impl IntoIterator<Item = S>,
    ) -> Self {
        self.group(subnet_type).names = Some(names.into_iter().map(Into::into).collect());
        self
    }

    /// The route table ids of the subnets of a kind, one per subnet.
    pub fn subnet_route_table_ids<V: Into<Val<String>>>(
        mut self,
        subnet_type: SubnetType,
        ids: impl IntoIterator<Item = V>,
    ) -> Self {
        self.group(subnet_type).route_table_ids = Some(ids.into_iter().map(Into::into).collect());
        self
    }

    /// The IPv4 blocks of the subnets of a kind, one per subnet.
    pub fn subnet_ipv4_cidr_blocks<V: Into<Val<String>>>(
        mut self,
        subnet_type: SubnetType,
        cidrs: impl IntoIterator<Item = V>,
    ) -> Self {
        self.group(subnet_type).cidr_blocks = Some(cidrs.into_iter().map(Into::into).collect());
        self
    }
}

/// A VPC: created with its subnets, route tables and gateways, or imported.
///
/// The subnet blocks are computed at synthesis from the VPC's block, as aws-cdk-lib computes
/// them, and every resource gets the construct id the CDK gives it (`PublicSubnet1/Subnet`,
/// `PublicSubnet1/NATGateway`, `IGW`, `VPCGW`...), so the logical ids match. Problems (a
/// malformed block, a mask that does not fit, more subnets than the block holds) are errors at
/// synthesis naming the VPC's path.
///
/// Availability zones: an environment-agnostic stack uses the first two of `Fn::GetAZs`; a
/// stack of a known account and region uses the zones of the context key
/// `availability-zones:account=<account>:region=<region>` (what the CDK CLI stores in
/// `cdk.context.json`). Without it the VPC uses the CDK's placeholders `dummy1a`..`dummy1c`
/// and the lookup goes to the manifest as missing context, as aws-cdk-lib does: the CDK CLI,
/// running the app (`cdk synth --app "cargo run"`), looks the zones up with your credentials,
/// stores them in `cdk.context.json` and runs the app again with them.
///
/// ```
/// use stackwright_aws::ec2::{SubnetConfiguration, Vpc, VpcProps};
/// use stackwright_core::{App, Environment, Stack, StackProps};
/// let app = App::with_props(Default::default());
/// let env = Environment::new("111111111111", "us-east-2");
/// let stack = Stack::new(&app, "Network", StackProps::default().env(env));
/// let vpc = Vpc::new(
///     &stack,
///     "Vpc",
///     VpcProps::new()
///         .cidr("10.20.0.0/24")
///         .max_azs(3)
///         .subnet_configuration([
///             SubnetConfiguration::public("Public").cidr_mask(27),
///             SubnetConfiguration::private_with_egress("Private").cidr_mask(27),
///         ]),
/// );
/// assert_eq!(vpc.private_subnets().len(), 3);
/// let _first_zone = vpc.private_subnets()[0].availability_zone();
/// ```
#[derive(Debug, Clone)]
pub struct Vpc {
    inner: Rc<VpcInner>,
}

#[derive(Debug)]
struct VpcInner {
    construct: Construct,
    resource: Option<CfnVpc>,
    vpc_id: Val<String>,
    cidr_block: Option<Val<String>>,
    availability_zones: Vec<Val<String>>,
    subnets: SubnetLists,
    internet_gateway_id: Option<Val<String>>,
    nat_gateways: Vec<CfnNatGateway>,
}

/// A VPC's subnets by kind.
#[derive(Debug, Default)]
struct SubnetLists {
    public: Vec<Subnet>,
    private: Vec<Subnet>,
    isolated: Vec<Subnet>,
}

impl SubnetLists {
    fn of_type(&self, subnet_type: SubnetType) -> &[Subnet] {
        match subnet_type {
            SubnetType::Public => &self.public,
            SubnetType::PrivateWithEgress => &self.private,
            SubnetType::PrivateIsolated => &self.isolated,
        }
    }

    fn push(&mut self, subnet_type: SubnetType, subnet: Subnet) {
        match subnet_type {
            SubnetType::Public => self.public.push(subnet),
            SubnetType::PrivateWithEgress => self.private.push(subnet),
            SubnetType::PrivateIsolated => self.isolated.push(subnet),
        }
    }

    fn all(&self) -> impl Iterator<Item = &Subnet> {
        self.public
            .iter()
            .chain(&self.private)
            .chain(&self.isolated)
    }

    /// The subnets a selection names; problems are recorded on `node` (the VPC).
    fn select(&self, node: &Node, selection: &SubnetSelection) -> SelectedSubnets {
        let chosen = [
            selection.subnets.is_some(),
            selection.subnet_type.is_some(),
            selection.subnet_group_name.is_some(),
        ];
        if chosen.iter().filter(|c| **c).count() > 1 {
            node.add_error(
                "a subnet selection may name only one of: subnets, a subnet type, a subnet group name",
            );
            return SelectedSubnets::default();
        }
        let mut subnets: Vec<Subnet> = if let Some(explicit) = &selection.subnets {
            explicit.clone()
        } else if let Some(group) = &selection.subnet_group_name {
            let found: Vec<Subnet> = self
                .all()
                .filter(|s| s.group_name() == group)
                .cloned()
                .collect();
            if found.is_empty() {
                let mut names: Vec<&str> = Vec::new();
                for s in self.all() {
                    if !names.contains(&s.group_name()) {
                        names.push(s.group_name());
                    }
                }
                node.add_error(format!(
                    "there is no subnet group named {group:?} in this VPC (groups: {})",
                    names.join(", ")
                ));
            }
            found
        } else {
            let subnet_type = selection
                .subnet_type
                .unwrap_or(if !self.private.is_empty() {
                    SubnetType::PrivateWithEgress
                } else if !self.isolated.is_empty() {
                    SubnetType::PrivateIsolated
                } else {
                    SubnetType::Public
                });
            let found = self.of_type(subnet_type).to_vec();
            if found.is_empty() {
                let kinds: Vec<&str> = [
                    SubnetType::Public,
                    SubnetType::PrivateWithEgress,
                    SubnetType::PrivateIsolated,
                ]
                .into_iter()
                .filter(|t| !self.of_type(*t).is_empty())
                .map(SubnetType::label)
                .collect();
                node.add_error(format!(
                    "there are no {} subnets in this VPC (it has: {})",
                    subnet_type.label(),
                    if kinds.is_empty() {
                        "none".to_owned()
                    } else {
                        kinds.join(", ")
                    }
                ));
            }
            found
        };
        if selection.subnets.is_none() {
            if let Some(zones) = &selection.availability_zones {
                subnets.retain(|s| {
                    s.known_availability_zone()
                        .is_some_and(|az| zones.contains(az))
                });
            }
            if selection.one_per_az {
                let mut seen: Vec<Option<Val<String>>> = Vec::new();
                subnets.retain(|s| {
                    let az = s.known_availability_zone().cloned();
                    if seen.contains(&az) {
                        false
                    } else {
                        seen.push(az);
                        true
                    }
                });
            }
        }
        let has_public = subnets.iter().any(|s| self.public.contains(s));
        SelectedSubnets {
            subnets,
            has_public,
        }
    }
}

impl Scope for Vpc {
    fn node(&self) -> &Node {
        self.inner.construct.node()
    }
}

impl Vpc {
    /// Creates a VPC.
    pub fn new(scope: &impl Scope, id: &str, props: VpcProps) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.ec2.Vpc");
        let node = construct.node().clone();
        if props.enable_dns_hostnames && !props.enable_dns_support {
            node.add_error("DNS host names need DNS support: enable_dns_support was turned off");
        }
        if props.availability_zones.is_some() && props.max_azs.is_some() {
            node.add_error("give either availability_zones or max_azs, not both");
        }
        let network = parse_vpc_cidr(&node, &props.cidr);
        let cidr_text = network.map_or_else(|| props.cidr.clone(), |n| n.network().to_string());
        let resource = CfnVpc::new(
            &construct,
            "Resource",
            CfnVpcProps::new()
                .cidr_block(cidr_text)
                .enable_dns_hostnames(props.enable_dns_hostnames)
                .enable_dns_support(props.enable_dns_support)
                .instance_tenancy(props.default_instance_tenancy.as_str()),
        );
        let vpc_id = resource.ref_value();
        Tags::of(&construct).add(
            "Name",
            props.vpc_name.clone().unwrap_or_else(|| node.path()),
        );
        let availability_zones = choose_zones(&construct, &props);
        let groups = props.subnet_configuration.clone().unwrap_or_else(|| {
            let second = if props.nat_gateways == Some(0) {
                SubnetConfiguration::private_isolated("Isolated")
            } else {
                SubnetConfiguration::private_with_egress("Private")
            };
            vec![SubnetConfiguration::public("Public"), second]
        });
        let groups = check_groups(&node, groups);
        let nat_count =
            nat_gateway_count(&node, props.nat_gateways, &groups, availability_zones.len());
        let subnets = create_subnets(&construct, &vpc_id, network, &groups, &availability_zones);

        let reaches_internet = groups
            .iter()
            .any(|g| g.subnet_type != SubnetType::PrivateIsolated && !g.reserved);
        let (internet_gateway_id, nat_gateways) = if reaches_internet
            && props.create_internet_gateway
        {
            let placement = props
                .nat_gateway_subnets
                .clone()
                .unwrap_or_else(|| SubnetSelection::of_type(SubnetType::Public));
            let (igw, nats) = create_gateways(&construct, &vpc_id, &subnets, &placement, nat_count);
            (Some(igw), nats)
        } else {
            (None, Vec::new())
        };
        Vpc {
            inner: Rc::new(VpcInner {
                cidr_block: Some(resource.get_att("CidrBlock")),
                resource: Some(resource),
                construct,
                vpc_id,
                availability_zones,
                subnets,
                internet_gateway_id,
                nat_gateways,
            }),
        }
    }

    /// A VPC that exists outside the app. Its subnets are imported as children named as in the
    /// CDK (`PrivateSubnet1`, ...); the counts given must agree (errors at synthesis).
    pub fn from_attributes(scope: &impl Scope, id: &str, attributes: VpcAttributes) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.ec2.ImportedVpc");
        let node = construct.node().clone();
        let zones = attributes.availability_zones;
        let mut subnets = SubnetLists::default();
        for group in attributes.groups {
            let subnet_type = group.subnet_type;
            for subnet in import_group(&construct, &node, &zones, group) {
                subnets.push(subnet_type, subnet);
            }
        }
        Vpc {
            inner: Rc::new(VpcInner {
                construct,
                resource: None,
                vpc_id: attributes.vpc_id,
                cidr_block: attributes.vpc_cidr_block,
                availability_zones: zones,
                subnets,
                internet_gateway_id: None,
                nat_gateways: Vec::new(),
            }),
        }
    }

    /// The VPC's id (`Ref` of the VPC, or the id given).
    pub fn vpc_id(&self) -> Val<String> {
        self.inner.vpc_id.clone()
    }

    /// The VPC's ARN.
    pub fn vpc_arn(&self) -> Val<String> {
        ArnParts::new("ec2", concat([Val::from("vpc/"), self.vpc_id()])).format(self)
    }

    /// The VPC's IPv4 block (`Fn::GetAtt CidrBlock`). For an import without one this is an
    /// error at synthesis, at the VPC's path.
    pub fn vpc_cidr_block(&self) -> Val<String> {
        match &self.inner.cidr_block {
            Some(cidr) => cidr.clone(),
            None => {
                self.node().add_error(
                    "the VPC's CIDR block is needed but was not given to Vpc::from_attributes",
                );
                Val::from("")
            }
        }
    }

    /// The availability zones the VPC spans.
    pub fn availability_zones(&self) -> Vec<Val<String>> {
        self.inner.availability_zones.clone()
    }

    /// The public subnets, zone by zone, group after group.
    pub fn public_subnets(&self) -> Vec<Subnet> {
        self.inner.subnets.public.clone()
    }

    /// The private subnets (with egress), zone by zone, group after group.
    pub fn private_subnets(&self) -> Vec<Subnet> {
        self.inner.subnets.private.clone()
    }

    /// The isolated subnets, zone by zone, group after group.
    pub fn isolated_subnets(&self) -> Vec<Subnet> {
        self.inner.subnets.isolated.clone()
    }

    /// The internet gateway's id, when the VPC created one.
    pub fn internet_gateway_id(&self) -> Option<Val<String>> {
        self.inner.internet_gateway_id.clone()
    }

    /// The NAT gateways the VPC created, in order.
    pub fn nat_gateways(&self) -> &[CfnNatGateway] {
        &self.inner.nat_gateways
    }

    /// The L1 resource of a created VPC (escape hatch).
    pub fn resource(&self) -> Option<&CfnVpc> {
        self.inner.resource.as_ref()
    }

    /// The subnets a selection names, for the constructs that take a VPC. An impossible
    /// selection is an error at synthesis at the VPC's path, and selects nothing.
    pub fn select_subnets(&self, selection: &SubnetSelection) -> SelectedSubnets {
        self.inner.subnets.select(self.node(), selection)
    }

    /// The subnets of all kinds: private, then public, then isolated (the order of gateway
    /// endpoints' route tables in the CDK).
    pub(crate) fn subnets_for_gateway_endpoints(&self) -> Vec<Subnet> {
        let lists = &self.inner.subnets;
        lists
            .private
            .iter()
            .chain(&lists.public)
            .chain(&lists.isolated)
            .cloned()
            .collect()
    }

    /// Adds a gateway endpoint (S3, DynamoDB) as a child of the VPC.
    pub fn add_gateway_endpoint(
        &self,
        id: &str,
        options: GatewayVpcEndpointOptions,
    ) -> GatewayVpcEndpoint {
        GatewayVpcEndpoint::new(self, id, GatewayVpcEndpointProps::new(self, options))
    }

    /// Adds an interface endpoint as a child of the VPC.
    pub fn add_interface_endpoint(
        &self,
        id: &str,
        options: InterfaceVpcEndpointOptions,
    ) -> InterfaceVpcEndpoint {
        InterfaceVpcEndpoint::new(self, id, InterfaceVpcEndpointProps::new(self, options))
    }
}

/// Parses the VPC block; problems are recorded on the VPC.
fn parse_vpc_cidr(node: &Node, cidr: &str) -> Option<Ipv4Cidr> {
    match Ipv4Cidr::parse(cidr) {
        Err(e) => {
            node.add_error(format!("invalid VPC CIDR block: {e}"));
            None
        }
        Ok(block) if !(MIN_MASK..=MAX_MASK).contains(&block.mask()) => {
            node.add_error(format!(
                "invalid VPC CIDR block {cidr:?}: a VPC's block must be between /{MIN_MASK} and /{MAX_MASK}"
            ));
            None
        }
        Ok(block) => {
            if block.has_host_bits() {
                node.add_warning(format!(
                    "the VPC CIDR block {cidr:?} has host bits set; {} is used",
                    block.network()
                ));
            }
            Some(block)
        }
    }
}

/// The zones the VPC uses: those given (which must be among the stack's, when those are
/// known), or the first `max_azs` of the stack's.
fn choose_zones(construct: &Construct, props: &VpcProps) -> Vec<Val<String>> {
    let stack_zones = stack_availability_zones(construct);
    match &props.availability_zones {
        Some(given) => {
            let known: Vec<&str> = stack_zones
                .iter()
                .filter_map(|z| z.as_value().as_str())
                .filter(|z| !DUMMY_AZS.contains(z))
                .collect();
            let unknown: Vec<&str> = given
                .iter()
                .map(String::as_str)
                .filter(|z| !known.is_empty() && !known.contains(z))
                .collect();
            if !unknown.is_empty() {
                construct.node().add_error(format!(
                    "availability zones {} are not among the stack's ({})",
                    unknown.join(", "),
                    known.join(", ")
                ));
            }
            if given.is_empty() {
                construct
                    .node()
                    .add_warning("the VPC has no availability zones, so no subnets are created");
            }
            given.iter().map(Val::from).collect()
        }
        None => {
            let max = props.max_azs.unwrap_or(DEFAULT_MAX_AZS);
            stack_zones.into_iter().take(max).collect()
        }
    }
}

/// The stack's availability zones, as aws-cdk-lib's `Stack.availabilityZones` gives them: for
/// a stack of a known account and region, the zones the CDK CLI looked up (context
/// `availability-zones:account=..:region=..`), or else `dummy1a`..`dummy1c` with the lookup
/// recorded as missing context (so the CLI looks the zones up and runs the app again); for an
/// environment-agnostic stack, the first two of `Fn::GetAZs` (or the fallback context).
pub(crate) fn stack_availability_zones(scope: &impl Scope) -> Vec<Val<String>> {
    let node = scope.node();
    let env = Stack::of(scope)
        .map(|s| s.environment())
        .unwrap_or_default();
    let names = |value: &Json| -> Option<Vec<Val<String>>> {
        value
            .as_array()?
            .iter()
            .map(|z| z.as_str().map(Val::from))
            .collect()
    };
    if env.account.is_some() && env.region.is_some() {
        let query = ContextQuery::new(ContextProvider::AvailabilityZones);
        let found = query.lookup(scope, json!(DUMMY_AZS));
        return names(&found.value).unwrap_or_else(|| {
            node.add_error(format!(
                "the context value {:?} must be a list of availability zone names, not {}",
                query.key(scope).unwrap_or_default(),
                found.value
            ));
            DUMMY_AZS.iter().map(|z| Val::from(*z)).collect()
        });
    }
    node.try_get_context(AGNOSTIC_AZS_CONTEXT)
        .and_then(|value| names(&value))
        .unwrap_or_else(|| (0..2).map(|i| Fn::select(i, Fn::get_azs(""))).collect())
}

/// Group names must be unique (they name constructs; a repeated group is dropped after the
/// error); `map_public_ip_on_launch` is for public groups only.
fn check_groups(node: &Node, groups: Vec<SubnetConfiguration>) -> Vec<SubnetConfiguration> {
    let mut kept: Vec<SubnetConfiguration> = Vec::new();
    for group in groups {
        if group.name.is_empty() {
            node.add_error("a subnet group has an empty name");
        }
        if group.map_public_ip_on_launch.is_some() && group.subnet_type != SubnetType::Public {
            node.add_error(format!(
                "subnet group {:?} is {}: map_public_ip_on_launch is for public subnets only",
                group.name,
                group.subnet_type.label()
            ));
        }
        if kept.iter().any(|g| g.name == group.name) {
            node.add_error(format!(
                "the subnet group name {:?} is used twice",
                group.name
            ));
        } else {
            kept.push(group);
        }
    }
    kept
}

/// The number of NAT gateways: as asked (at most one per zone), else one per zone when there
/// are private subnets. They need public subnets.
fn nat_gateway_count(
    node: &Node,
    requested: Option<usize>,
    groups: &[SubnetConfiguration],
    zones: usize,
) -> usize {
    let has = |t: SubnetType| groups.iter().any(|g| g.subnet_type == t && !g.reserved);
    let count = match requested {
        Some(n) => n.min(zones),
        None if has(SubnetType::PrivateWithEgress) => zones,
        None => 0,
    };
    if count > 0 && !has(SubnetType::Public) {
        node.add_error(format!(
            "{count} NAT gateway(s) need public subnets to live in: add a public subnet group or set nat_gateways(0)"
        ));
        return 0;
    }
    count
}

/// Allocates the blocks and creates each group's subnet in each zone (reserved groups get
/// blocks but no subnets).
fn create_subnets(
    vpc: &Construct,
    vpc_id: &Val<String>,
    network: Option<Ipv4Cidr>,
    groups: &[SubnetConfiguration],
    zones: &[Val<String>],
) -> SubnetLists {
    let requests: Vec<(usize, usize, SubnetRequest)> = groups
        .iter()
        .enumerate()
        .flat_map(|(g, group)| {
            (0..zones.len()).map(move |z| {
                let request = SubnetRequest {
                    mask: group.cidr_mask,
                    name: format!("{}Subnet{}", group.name, z + 1),
                };
                (g, z, request)
            })
        })
        .collect();
    let blocks: Vec<String> = match network {
        Some(network) => {
            let asked: Vec<SubnetRequest> = requests.iter().map(|r| r.2.clone()).collect();
            match allocate(network, &asked) {
                Ok(blocks) => blocks.iter().map(ToString::to_string).collect(),
                Err(problems) => {
                    for problem in problems {
                        vpc.node().add_error(problem);
                    }
                    vec![String::new(); requests.len()]
                }
            }
        }
        None => vec![String::new(); requests.len()],
    };
    let mut lists = SubnetLists::default();
    for ((g, z, request), block) in requests.into_iter().zip(blocks) {
        let group = &groups[g];
        if group.reserved {
            continue;
        }
        let fqn = if group.subnet_type == SubnetType::Public {
            "stackwright.ec2.PublicSubnet"
        } else {
            "stackwright.ec2.PrivateSubnet"
        };
        let construct = Construct::with_type(vpc, &request.name, fqn);
        Tags::of(&construct).add("Name", construct.node().path());
        let public_ip = group.subnet_type == SubnetType::Public
            && group.map_public_ip_on_launch.unwrap_or(true);
        let resource = CfnSubnet::new(
            &construct,
            "Subnet",
            CfnSubnetProps::new(vpc_id.clone())
                .availability_zone(zones[z].clone())
                .cidr_block(block.as_str())
                .map_public_ip_on_launch(public_ip)
                .tags(vec![
                    SubnetTag::new("aws-cdk:subnet-name", group.name.as_str()),
                    SubnetTag::new("aws-cdk:subnet-type", group.subnet_type.label()),
                ]),
        );
        let route_table = CfnRouteTable::new(
            &construct,
            "RouteTable",
            CfnRouteTableProps::new(vpc_id.clone()),
        );
        let association = CfnSubnetRouteTableAssociation::new(
            &construct,
            "RouteTableAssociation",
            CfnSubnetRouteTableAssociationProps::new(route_table.ref_value(), resource.ref_value()),
        );
        let subnet = Subnet::created(SubnetParts {
            construct,
            subnet_type: group.subnet_type,
            group_name: group.name.clone(),
            availability_zone: zones[z].clone(),
            cidr_block: block,
            resource,
            route_table,
            association,
        });
        lists.push(group.subnet_type, subnet);
    }
    lists
}

/// Creates the internet gateway `IGW` and its attachment `VPCGW`, routes the public subnets
/// to it, and adds the NAT gateways. Returns the internet gateway's id and the NAT gateways.
fn create_gateways(
    vpc: &Construct,
    vpc_id: &Val<String>,
    subnets: &SubnetLists,
    nat_placement: &SubnetSelection,
    nat_count: usize,
) -> (Val<String>, Vec<CfnNatGateway>) {
    let igw = CfnInternetGateway::new(vpc, "IGW", CfnInternetGatewayProps::new());
    let attachment = CfnVpcGatewayAttachment::new(
        vpc,
        "VPCGW",
        CfnVpcGatewayAttachmentProps::new(vpc_id.clone()).internet_gateway_id(igw.ref_value()),
    );
    for subnet in &subnets.public {
        if let Some(route) = subnet.add_default_route(|r| r.gateway_id(igw.ref_value())) {
            route.add_depends_on(&attachment);
        }
    }
    let nat_gateways = if nat_count > 0 {
        create_nat_gateways(vpc.node(), subnets, nat_placement, nat_count)
    } else {
        Vec::new()
    };
    (igw.ref_value(), nat_gateways)
}

/// Puts NAT gateways (with their elastic IPs) in the first `count` selected public subnets and
/// routes each private subnet through the gateway of its zone, or else through the others in
/// turn.
fn create_nat_gateways(
    node: &Node,
    subnets: &SubnetLists,
    placement: &SubnetSelection,
    count: usize,
) -> Vec<CfnNatGateway> {
    let selected = subnets.select(node, placement);
    if let Some(other) = selected
        .subnets
        .iter()
        .find(|s| !subnets.public.contains(s))
    {
        node.add_error(format!(
            "NAT gateways must be in public subnets, but the selection includes {}",
            other.node().path()
        ));
        return Vec::new();
    }
    let mut by_zone: Vec<(Val<String>, Val<String>)> = Vec::new();
    let mut gateways = Vec::new();
    for subnet in selected.subnets.iter().take(count) {
        let eip = CfnEip::new(subnet, "EIP", CfnEipProps::new().domain("vpc"));
        let gateway = CfnNatGateway::new(
            subnet,
            "NATGateway",
            CfnNatGatewayProps::new()
                .subnet_id(subnet.subnet_id())
                .allocation_id(eip.attr_allocation_id()),
        );
        for dependency in subnet.internet_connectivity() {
            gateway.add_depends_on(&dependency);
        }
        let zone = subnet
            .known_availability_zone()
            .cloned()
            .unwrap_or_else(|| Val::from(""));
        match by_zone.iter_mut().find(|(z, _)| *z == zone) {
            Some(entry) => entry.1 = gateway.ref_value(),
            None => by_zone.push((zone, gateway.ref_value())),
        }
        gateways.push(gateway);
    }
    let all: Vec<Val<String>> = gateways.iter().map(|g| g.ref_value()).collect();
    let mut next = 0;
    for subnet in &subnets.private {
        let own = subnet
            .known_availability_zone()
            .and_then(|az| by_zone.iter().find(|(z, _)| z == az))
            .map(|(_, id)| id.clone());
        let target = own.or_else(|| {
            let picked = all.get(next % all.len().max(1)).cloned();
            next += 1;
            picked
        });
        if let Some(target) = target {
            subnet.add_default_route(|r| r.nat_gateway_id(target));
        }
    }
    gateways
}

/// Imports the subnets of one kind: ids are zone by zone, group after group; construct ids
/// `<group name>Subnet<n>` with `n` counting over the kind, as in the CDK.
fn import_group(
    scope: &Construct,
    node: &Node,
    zones: &[Val<String>],
    group: ImportedGroup,
) -> Vec<Subnet> {
    if group.ids.is_empty() {
        return Vec::new();
    }
    let kind = group.subnet_type.label();
    if zones.is_empty() || group.ids.len() % zones.len() != 0 {
        node.add_error(format!(
            "{} {kind} subnet ids were given for {} availability zones: the count must be a multiple of the number of zones",
            group.ids.len(),
            zones.len()
        ));
        return Vec::new();
    }
    let groups = group.ids.len() / zones.len();
    for (what, count) in [
        (
            "route table ids",
            group.route_table_ids.as_ref().map(Vec::len),
        ),
        ("IPv4 CIDR blocks", group.cidr_blocks.as_ref().map(Vec::len)),
    ] {
        if let Some(count) = count.filter(|c| *c != group.ids.len()) {
            node.add_error(format!(
                "{count} {kind} subnet {what} were given for {} subnets: give one per subnet",
                group.ids.len()
            ));
            return Vec::new();
        }
    }
    let names = match group.names {
        Some(names) if !names.is_empty() => {
            if names.len() != groups {
                node.add_error(format!(
                    "{} {kind} subnet group names were given for {groups} groups: give one per group",
                    names.len()
                ));
                return Vec::new();
            }
            names
        }
        _ => vec![kind.to_owned(); groups],
    };
    group
        .ids
        .iter()
        .enumerate()
        .map(|(i, subnet_id)| {
            let name = &names[i / zones.len()];
            let id = format!("{name}Subnet{}", i + 1);
            let construct = Construct::with_type(scope, &id, "stackwright.ec2.ImportedSubnet");
            let mut attributes = SubnetAttributes::new(subnet_id.clone())
                .availability_zone(zones[i % zones.len()].clone());
            if let Some(ids) = &group.route_table_ids {
                attributes = attributes.route_table_id(ids[i].clone());
            }
            if let Some(cidrs) = &group.cidr_blocks {
                attributes = attributes.ipv4_cidr_block(cidrs[i].clone());
            }
            Subnet::imported(construct, Some(group.subnet_type), name.clone(), attributes)
        })
        .collect()
}
