//! Subnets: the kinds a VPC creates (`SubnetType`, `SubnetConfiguration`), the `Subnet` handle
//! (created by a [`Vpc`](super::Vpc) or imported), and subnet selection for the constructs that
//! take a VPC.

use std::cell::RefCell;
use std::rc::Rc;

use stackwright_cfn::ec2::{
    CfnRoute, CfnRouteProps, CfnRouteTable, CfnSubnet, CfnSubnetRouteTableAssociation,
};
use stackwright_core::{CfnResource, Construct, Node, Scope, Val};

/// What a subnet can reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SubnetType {
    /// A route to the internet gateway; instances can have public addresses. NAT gateways live
    /// here.
    Public,
    /// No inbound route from the internet; outbound traffic through a NAT gateway (when the
    /// VPC has any).
    PrivateWithEgress,
    /// No route out of the VPC at all (only VPC endpoints).
    PrivateIsolated,
}

impl SubnetType {
    /// The value of the `aws-cdk:subnet-type` tag and the default group name: `Public`,
    /// `Private` or `Isolated`.
    pub fn label(self) -> &'static str {
        match self {
            SubnetType::Public => "Public",
            SubnetType::PrivateWithEgress => "Private",
            SubnetType::PrivateIsolated => "Isolated",
        }
    }
}

/// One group of subnets of a VPC: a subnet of this kind in every availability zone, named
/// `<name>Subnet1`, `<name>Subnet2`, ... (the CDK's construct ids).
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct SubnetConfiguration {
    pub(crate) name: String,
    pub(crate) subnet_type: SubnetType,
    pub(crate) cidr_mask: Option<u8>,
    pub(crate) reserved: bool,
    pub(crate) map_public_ip_on_launch: Option<bool>,
}

impl SubnetConfiguration {
    /// A group named `name` of `subnet_type`.
    pub fn new(name: impl Into<String>, subnet_type: SubnetType) -> Self {
        SubnetConfiguration {
            name: name.into(),
            subnet_type,
            cidr_mask: None,
            reserved: false,
            map_public_ip_on_launch: None,
        }
    }

    /// A group of public subnets.
    pub fn public(name: impl Into<String>) -> Self {
        Self::new(name, SubnetType::Public)
    }

    /// A group of private subnets with egress through NAT gateways.
    pub fn private_with_egress(name: impl Into<String>) -> Self {
        Self::new(name, SubnetType::PrivateWithEgress)
    }

    /// A group of isolated subnets.
    pub fn private_isolated(name: impl Into<String>) -> Self {
        Self::new(name, SubnetType::PrivateIsolated)
    }

    /// The prefix length of each subnet, /16 to /28 (default: the groups without a mask share
    /// what the groups with one leave, equally).
    pub fn cidr_mask(mut self, mask: u8) -> Self {
        self.cidr_mask = Some(mask);
        self
    }

    /// Reserves the group's address space without creating its subnets (to add them later
    /// without moving the others).
    pub fn reserved(mut self, reserved: bool) -> Self {
        self.reserved = reserved;
        self
    }

    /// Whether instances get a public address at launch (public subnets only; default true).
    pub fn map_public_ip_on_launch(mut self, on: bool) -> Self {
        self.map_public_ip_on_launch = Some(on);
        self
    }

    /// The group's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The group's kind.
    pub fn subnet_type(&self) -> SubnetType {
        self.subnet_type
    }
}

/// What is known of a subnet that exists outside the app.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct SubnetAttributes {
    subnet_id: Val<String>,
    availability_zone: Option<Val<String>>,
    route_table_id: Option<Val<String>>,
    ipv4_cidr_block: Option<Val<String>>,
}

impl SubnetAttributes {
    /// A subnet by id (a literal `subnet-...` or a value such as `Fn::ImportValue`).
    pub fn new(subnet_id: impl Into<Val<String>>) -> Self {
        SubnetAttributes {
            subnet_id: subnet_id.into(),
            availability_zone: None,
            route_table_id: None,
            ipv4_cidr_block: None,
        }
    }

    /// Its availability zone.
    pub fn availability_zone(mut self, az: impl Into<Val<String>>) -> Self {
        self.availability_zone = Some(az.into());
        self
    }

    /// The id of its route table (needed by gateway endpoints).
    pub fn route_table_id(mut self, id: impl Into<Val<String>>) -> Self {
        self.route_table_id = Some(id.into());
        self
    }

    /// Its IPv4 CIDR block.
    pub fn ipv4_cidr_block(mut self, cidr: impl Into<Val<String>>) -> Self {
        self.ipv4_cidr_block = Some(cidr.into());
        self
    }
}

/// A subnet: created by a [`Vpc`](super::Vpc) (an `AWS::EC2::Subnet` with its route table and
/// association), or imported by id.
#[derive(Debug, Clone)]
pub struct Subnet {
    inner: Rc<SubnetInner>,
}

#[derive(Debug)]
struct SubnetInner {
    construct: Construct,
    subnet_type: Option<SubnetType>,
    group_name: String,
    subnet_id: Val<String>,
    availability_zone: Option<Val<String>>,
    route_table_id: Option<Val<String>>,
    ipv4_cidr_block: Option<Val<String>>,
    created: Option<CreatedSubnet>,
    /// The resources after which the subnet reaches the internet (association, default route).
    connectivity: RefCell<Vec<CfnResource>>,
}

#[derive(Debug)]
struct CreatedSubnet {
    resource: CfnSubnet,
    route_table: CfnRouteTable,
}

impl PartialEq for Subnet {
    fn eq(&self, other: &Self) -> bool {
        self.node() == other.node()
    }
}

impl Scope for Subnet {
    fn node(&self) -> &Node {
        self.inner.construct.node()
    }
}

/// The parts of a subnet the VPC creates.
pub(crate) struct SubnetParts {
    pub(crate) construct: Construct,
    pub(crate) subnet_type: SubnetType,
    pub(crate) group_name: String,
    pub(crate) availability_zone: Val<String>,
    pub(crate) cidr_block: String,
    pub(crate) resource: CfnSubnet,
    pub(crate) route_table: CfnRouteTable,
    pub(crate) association: CfnSubnetRouteTableAssociation,
}

impl Subnet {
    pub(crate) fn created(parts: SubnetParts) -> Self {
        Subnet {
            inner: Rc::new(SubnetInner {
                subnet_id: parts.resource.ref_value(),
                route_table_id: Some(parts.route_table.ref_value()),
                availability_zone: Some(parts.availability_zone),
                ipv4_cidr_block: Some(Val::from(parts.cidr_block)),
                construct: parts.construct,
                subnet_type: Some(parts.subnet_type),
                group_name: parts.group_name,
                connectivity: RefCell::new(vec![(*parts.association).clone()]),
                created: Some(CreatedSubnet {
                    resource: parts.resource,
                    route_table: parts.route_table,
                }),
            }),
        }
    }

    pub(crate) fn imported(
        construct: Construct,
        subnet_type: Option<SubnetType>,
        group_name: String,
        attributes: SubnetAttributes,
    ) -> Self {
        if attributes.route_table_id.is_none() {
            construct.node().add_warning(
                "no route table id was given for this subnet: gateway endpoints cannot use it",
            );
        }
        Subnet {
            inner: Rc::new(SubnetInner {
                construct,
                subnet_type,
                group_name,
                subnet_id: attributes.subnet_id,
                availability_zone: attributes.availability_zone,
                route_table_id: attributes.route_table_id,
                ipv4_cidr_block: attributes.ipv4_cidr_block,
                created: None,
                connectivity: RefCell::default(),
            }),
        }
    }

    /// A subnet that exists outside the app.
    pub fn from_subnet_attributes(
        scope: &impl Scope,
        id: &str,
        attributes: SubnetAttributes,
    ) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.ec2.ImportedSubnet");
        let group = group_name_of_id(id);
        Self::imported(construct, None, group, attributes)
    }

    /// A subnet that exists outside the app, by id only.
    pub fn from_subnet_id(scope: &impl Scope, id: &str, subnet_id: impl Into<Val<String>>) -> Self {
        Self::from_subnet_attributes(scope, id, SubnetAttributes::new(subnet_id))
    }

    /// The subnet's id (`Ref` of the subnet).
    pub fn subnet_id(&self) -> Val<String> {
        self.inner.subnet_id.clone()
    }

    /// The subnet's availability zone. For an imported subnet whose zone was not given this is
    /// an error at synthesis, reported at the subnet's path.
    pub fn availability_zone(&self) -> Val<String> {
        match &self.inner.availability_zone {
            Some(az) => az.clone(),
            None => {
                self.node().add_error(
                    "the availability zone of this subnet is needed but was not given when it was imported",
                );
                Val::from("")
            }
        }
    }

    /// The id of the subnet's route table. For an imported subnet whose route table was not
    /// given this is an error at synthesis, reported at the subnet's path.
    pub fn route_table_id(&self) -> Val<String> {
        match &self.inner.route_table_id {
            Some(id) => id.clone(),
            None => {
                self.node().add_error(
                    "the route table id of this subnet is needed but was not given when it was imported",
                );
                Val::from("")
            }
        }
    }

    /// The subnet's IPv4 CIDR block: the block allocated at synthesis for a created subnet,
    /// what was given for an imported one.
    pub fn ipv4_cidr_block(&self) -> Option<Val<String>> {
        self.inner.ipv4_cidr_block.clone()
    }

    /// The kind of the subnet (unknown for a subnet imported on its own).
    pub fn subnet_type(&self) -> Option<SubnetType> {
        self.inner.subnet_type
    }

    /// The name of the subnet's group (`Public` for `PublicSubnet1`).
    pub fn group_name(&self) -> &str {
        &self.inner.group_name
    }

    /// The L1 subnet, for a created subnet (escape hatch).
    pub fn resource(&self) -> Option<&CfnSubnet> {
        self.inner.created.as_ref().map(|c| &c.resource)
    }

    /// The L1 route table, for a created subnet.
    pub fn route_table(&self) -> Option<&CfnRouteTable> {
        self.inner.created.as_ref().map(|c| &c.route_table)
    }

    pub(crate) fn known_availability_zone(&self) -> Option<&Val<String>> {
        self.inner.availability_zone.as_ref()
    }

    pub(crate) fn known_route_table_id(&self) -> Option<&Val<String>> {
        self.inner.route_table_id.as_ref()
    }

    /// The resources a NAT gateway (or anything needing the internet) must wait for.
    pub(crate) fn internet_connectivity(&self) -> Vec<CfnResource> {
        self.inner.connectivity.borrow().clone()
    }

    /// Adds the default route `DefaultRoute` (0.0.0.0/0) of a created subnet; `set` chooses
    /// the target. Returns the route, or `None` for an imported subnet.
    pub(crate) fn add_default_route(
        &self,
        set: impl FnOnce(CfnRouteProps) -> CfnRouteProps,
    ) -> Option<CfnRoute> {
        let created = self.inner.created.as_ref()?;
        let props =
            set(CfnRouteProps::new(created.route_table.ref_value())
                .destination_cidr_block("0.0.0.0/0"));
        let route = CfnRoute::new(self, "DefaultRoute", props);
        self.inner.connectivity.borrow_mut().push((*route).clone());
        Some(route)
    }
}

/// The group name in a subnet construct id: `Private` in `PrivateSubnet2`.
pub(crate) fn group_name_of_id(id: &str) -> String {
    let trimmed = id.trim_end_matches(|c: char| c.is_ascii_digit());
    match trimmed.strip_suffix("Subnet") {
        Some(group) if trimmed.len() < id.len() => group.to_owned(),
        _ => id.to_owned(),
    }
}

/// Which subnets of a VPC to use: by kind, by group name, or an explicit list, optionally
/// narrowed to some availability zones and to one subnet per zone. The default is the private
/// subnets, else the isolated ones, else the public ones.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct SubnetSelection {
    pub(crate) subnet_type: Option<SubnetType>,
    pub(crate) subnet_group_name: Option<String>,
    pub(crate) subnets: Option<Vec<Subnet>>,
    pub(crate) availability_zones: Option<Vec<Val<String>>>,
    pub(crate) one_per_az: bool,
}

impl SubnetSelection {
    /// The default selection.
    pub fn new() -> Self {
        Self::default()
    }

    /// Every subnet of a kind.
    pub fn of_type(subnet_type: SubnetType) -> Self {
        SubnetSelection {
            subnet_type: Some(subnet_type),
            ..Self::default()
        }
    }

    /// Every subnet of the group named `name`.
    pub fn group(name: impl Into<String>) -> Self {
        SubnetSelection {
            subnet_group_name: Some(name.into()),
            ..Self::default()
        }
    }

    /// Exactly these subnets.
    pub fn subnets(subnets: impl IntoIterator<Item = Subnet>) -> Self {
        SubnetSelection {
            subnets: Some(subnets.into_iter().collect()),
            ..Self::default()
        }
    }

    /// Sets the kind (choosing more than one of kind, group and list is an error).
    pub fn subnet_type(mut self, subnet_type: SubnetType) -> Self {
        self.subnet_type = Some(subnet_type);
        self
    }

    /// Sets the group name (choosing more than one of kind, group and list is an error).
    pub fn subnet_group_name(mut self, name: impl Into<String>) -> Self {
        self.subnet_group_name = Some(name.into());
        self
    }

    /// Keeps only the subnets in these availability zones.
    pub fn availability_zones<V: Into<Val<String>>>(
        mut self,
        zones: impl IntoIterator<Item = V>,
    ) -> Self {
        self.availability_zones = Some(zones.into_iter().map(Into::into).collect());
        self
    }

    /// Keeps only the first subnet of each availability zone.
    pub fn one_per_az(mut self, on: bool) -> Self {
        self.one_per_az = on;
        self
    }
}

/// The subnets a [`SubnetSelection`] chose.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SelectedSubnets {
    pub(crate) subnets: Vec<Subnet>,
    pub(crate) has_public: bool,
}

impl SelectedSubnets {
    /// The subnets.
    pub fn subnets(&self) -> &[Subnet] {
        &self.subnets
    }

    /// Their ids.
    pub fn subnet_ids(&self) -> Vec<Val<String>> {
        self.subnets.iter().map(Subnet::subnet_id).collect()
    }

    /// Their availability zones.
    pub fn availability_zones(&self) -> Vec<Val<String>> {
        self.subnets.iter().map(Subnet::availability_zone).collect()
    }

    /// The ids of their route tables, once each; subnets imported without one are skipped.
    pub fn route_table_ids(&self) -> Vec<Val<String>> {
        let mut ids: Vec<Val<String>> = Vec::new();
        for id in self.subnets.iter().filter_map(Subnet::known_route_table_id) {
            if !ids.contains(id) {
                ids.push(id.clone());
            }
        }
        ids
    }

    /// True when a public subnet is among them.
    pub fn has_public(&self) -> bool {
        self.has_public
    }

    /// True when nothing was selected.
    pub fn is_empty(&self) -> bool {
        self.subnets.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_names_come_from_construct_ids() {
        assert_eq!(group_name_of_id("PrivateSubnet2"), "Private");
        assert_eq!(group_name_of_id("AppSubnet12"), "App");
        assert_eq!(group_name_of_id("Subnet"), "Subnet");
        assert_eq!(group_name_of_id("Mine"), "Mine");
    }
}
