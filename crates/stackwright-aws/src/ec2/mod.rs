//! EC2 networking: VPCs with their subnets, route tables, internet and NAT gateways (laid out
//! as aws-cdk-lib lays them out, CIDR blocks computed at synthesis), gateway and interface VPC
//! endpoints, security groups with their rules, subnet selection, and imports.
//!
//! ```
//! use stackwright_aws::ec2::{
//!     GatewayVpcEndpointAwsService, GatewayVpcEndpointOptions, InterfaceVpcEndpointOptions,
//!     InterfaceVpcEndpointService, Peer, Port, SecurityGroup, SecurityGroupProps,
//!     SubnetConfiguration, SubnetSelection, SubnetType, Vpc, VpcProps,
//! };
//! use stackwright_core::{App, Environment, Stack, StackProps};
//!
//! let app = App::with_props(Default::default());
//! let env = Environment::new("111111111111", "us-east-2");
//! let stack = Stack::new(&app, "Network", StackProps::default().env(env));
//! let vpc = Vpc::new(
//!     &stack,
//!     "Vpc",
//!     VpcProps::new().cidr("10.20.0.0/24").max_azs(3).nat_gateways(3).subnet_configuration([
//!         SubnetConfiguration::public("Public").cidr_mask(27),
//!         SubnetConfiguration::private_with_egress("Private").cidr_mask(27),
//!     ]),
//! );
//! let shared = SecurityGroup::new(&stack, "Shared", SecurityGroupProps::new(&vpc));
//! shared.add_ingress_rule(&shared, Port::all_traffic(), Some("Self-referencing ingress rule"));
//! let private = SubnetSelection::of_type(SubnetType::PrivateWithEgress);
//! vpc.add_gateway_endpoint(
//!     "S3",
//!     GatewayVpcEndpointOptions::new(GatewayVpcEndpointAwsService::s3()).subnets([private.clone()]),
//! );
//! vpc.add_interface_endpoint(
//!     "Glue",
//!     InterfaceVpcEndpointOptions::new(InterfaceVpcEndpointService::glue())
//!         .subnets(private)
//!         .security_groups([shared.clone()]),
//! );
//! let ids = vpc.select_subnets(&SubnetSelection::default()).subnet_ids();
//! assert_eq!(ids.len(), 3);
//! # let _ = Peer::any_ipv4();
//! ```

mod cidr;
mod gateway_vpc_endpoint;
mod interface_vpc_endpoint;
mod peer;
mod port;
mod security_group;
mod subnet;
mod vpc;

pub use gateway_vpc_endpoint::{
    GatewayVpcEndpoint, GatewayVpcEndpointAwsService, GatewayVpcEndpointOptions,
    GatewayVpcEndpointProps,
};
pub use interface_vpc_endpoint::{
    InterfaceVpcEndpoint, InterfaceVpcEndpointOptions, InterfaceVpcEndpointProps,
    InterfaceVpcEndpointService,
};
pub use peer::Peer;
pub use port::Port;
pub use security_group::{SecurityGroup, SecurityGroupImportOptions, SecurityGroupProps};
pub use subnet::{
    SelectedSubnets, Subnet, SubnetAttributes, SubnetConfiguration, SubnetSelection, SubnetType,
};
pub use vpc::{DefaultInstanceTenancy, Vpc, VpcAttributes, VpcProps};
