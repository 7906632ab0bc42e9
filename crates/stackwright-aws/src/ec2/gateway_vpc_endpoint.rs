//! `GatewayVpcEndpoint`: S3 and DynamoDB reached through the VPC's route tables.

use std::cell::RefCell;
use std::rc::Rc;

use stackwright_cfn::ec2::{CfnVpcEndpoint, CfnVpcEndpointProps};
use stackwright_core::{Aws, Construct, Lazy, Node, Scope, Val};

use super::subnet::{Subnet, SubnetSelection};
use super::vpc::Vpc;
use crate::arn::concat;
use crate::iam::{PolicyDocument, PolicyStatement};

/// An AWS service reached through a gateway endpoint. Its name is
/// `com.amazonaws.<AWS::Region>.<service>`, with the region as the pseudo parameter (as the
/// CDK writes it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayVpcEndpointAwsService {
    name: String,
    prefix: String,
}

impl GatewayVpcEndpointAwsService {
    /// A service by its short name and prefix (default `com.amazonaws`).
    pub fn new(name: impl Into<String>, prefix: Option<&str>) -> Self {
        GatewayVpcEndpointAwsService {
            name: name.into(),
            prefix: prefix.unwrap_or("com.amazonaws").to_owned(),
        }
    }

    /// Amazon S3.
    pub fn s3() -> Self {
        Self::new("s3", None)
    }

    /// Amazon DynamoDB.
    pub fn dynamodb() -> Self {
        Self::new("dynamodb", None)
    }

    /// S3 Express One Zone.
    pub fn s3_express() -> Self {
        Self::new("s3express", None)
    }

    /// The service name, `<prefix>.<region>.<name>`.
    pub fn service_name(&self) -> Val<String> {
        concat([
            Val::from(format!("{}.", self.prefix)),
            Aws::region(),
            Val::from(format!(".{}", self.name)),
        ])
    }
}

/// Options of a gateway endpoint added with [`Vpc::add_gateway_endpoint`].
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct GatewayVpcEndpointOptions {
    service: GatewayVpcEndpointAwsService,
    subnets: Option<Vec<SubnetSelection>>,
}

impl GatewayVpcEndpointOptions {
    /// An endpoint for `service` on the route tables of every subnet of the VPC.
    pub fn new(service: GatewayVpcEndpointAwsService) -> Self {
        GatewayVpcEndpointOptions {
            service,
            subnets: None,
        }
    }

    /// Routes only the subnets these selections name (default: every subnet: private, public,
    /// isolated).
    pub fn subnets(mut self, selections: impl IntoIterator<Item = SubnetSelection>) -> Self {
        self.subnets = Some(selections.into_iter().collect());
        self
    }
}

/// Options of a [`GatewayVpcEndpoint`]: the VPC and the endpoint's options.
#[derive(Debug, Clone)]
#[must_use]
pub struct GatewayVpcEndpointProps {
    vpc: Vpc,
    options: GatewayVpcEndpointOptions,
}

impl GatewayVpcEndpointProps {
    /// An endpoint in `vpc`.
    pub fn new(vpc: &Vpc, options: GatewayVpcEndpointOptions) -> Self {
        GatewayVpcEndpointProps {
            vpc: vpc.clone(),
            options,
        }
    }
}

/// A gateway VPC endpoint (`AWS::EC2::VPCEndpoint` of type `Gateway`), with an optional
/// endpoint policy.
///
/// ```
/// use stackwright_aws::ec2::{GatewayVpcEndpointAwsService, GatewayVpcEndpointOptions, Vpc, VpcProps};
/// use stackwright_core::{App, Stack, StackProps};
/// let app = App::with_props(Default::default());
/// let stack = Stack::new(&app, "Network", StackProps::default());
/// let vpc = Vpc::new(&stack, "Vpc", VpcProps::new());
/// let s3 = vpc.add_gateway_endpoint("S3", GatewayVpcEndpointOptions::new(GatewayVpcEndpointAwsService::s3()));
/// let _id = s3.vpc_endpoint_id();
/// ```
#[derive(Debug, Clone)]
pub struct GatewayVpcEndpoint {
    construct: Construct,
    resource: CfnVpcEndpoint,
    policy: EndpointPolicy,
}

impl Scope for GatewayVpcEndpoint {
    fn node(&self) -> &Node {
        self.construct.node()
    }
}

impl GatewayVpcEndpoint {
    /// Creates the endpoint; a VPC without route tables to use is an error at synthesis.
    pub fn new(scope: &impl Scope, id: &str, props: GatewayVpcEndpointProps) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.ec2.GatewayVpcEndpoint");
        let subnets: Vec<Subnet> = match &props.options.subnets {
            Some(selections) => selections
                .iter()
                .flat_map(|s| props.vpc.select_subnets(s).subnets)
                .collect(),
            None => props.vpc.subnets_for_gateway_endpoints(),
        };
        let mut route_table_ids: Vec<Val<String>> = Vec::new();
        for id in subnets.iter().filter_map(Subnet::known_route_table_id) {
            if !route_table_ids.contains(id) {
                route_table_ids.push(id.clone());
            }
        }
        if route_table_ids.is_empty() {
            construct.node().add_error(
                "a gateway endpoint needs route tables, and the selected subnets have none",
            );
        }
        let resource = CfnVpcEndpoint::new(
            &construct,
            "Resource",
            CfnVpcEndpointProps::new(props.vpc.vpc_id())
                .route_table_ids(route_table_ids)
                .service_name(props.options.service.service_name())
                .vpc_endpoint_type("Gateway"),
        );
        GatewayVpcEndpoint {
            construct,
            resource,
            policy: EndpointPolicy::default(),
        }
    }

    /// The endpoint's id.
    pub fn vpc_endpoint_id(&self) -> Val<String> {
        self.resource.ref_value()
    }

    /// The L1 resource (escape hatch).
    pub fn resource(&self) -> &CfnVpcEndpoint {
        &self.resource
    }

    /// Adds a statement to the endpoint policy (created on the first one; without a policy the
    /// endpoint allows everything). Statements must name a principal.
    pub fn add_to_policy(&self, statement: PolicyStatement) {
        self.policy.add(self.node(), &self.resource, statement);
    }
}

/// The policy document of an endpoint, written into the resource on its first statement.
#[derive(Debug, Clone, Default)]
pub(crate) struct EndpointPolicy {
    document: Rc<RefCell<Option<PolicyDocument>>>,
}

impl EndpointPolicy {
    pub(crate) fn add(&self, node: &Node, resource: &CfnVpcEndpoint, statement: PolicyStatement) {
        for problem in statement.validate_for_resource_policy() {
            node.add_error(format!("endpoint policy: {problem}"));
        }
        let mut document = self.document.borrow_mut();
        if document.is_none() {
            let rendered = Rc::clone(&self.document);
            resource.update(|p| {
                p.policy_document = Some(Val::unchecked(Lazy::new(move || {
                    rendered
                        .borrow()
                        .as_ref()
                        .map(PolicyDocument::to_value)
                        .unwrap_or_default()
                })));
            });
        }
        document
            .get_or_insert_with(PolicyDocument::new)
            .add_statement(statement);
    }
}
