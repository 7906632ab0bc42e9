//! `InterfaceVpcEndpoint`: an AWS (or private) service reached through network interfaces in
//! the VPC's subnets, behind security groups.

use stackwright_cfn::ec2::{CfnVpcEndpoint, CfnVpcEndpointProps};
use stackwright_core::{Construct, Node, Scope, Stack, Val};

use super::gateway_vpc_endpoint::EndpointPolicy;
use super::peer::Peer;
use super::port::Port;
use super::security_group::{SecurityGroup, SecurityGroupProps};
use super::subnet::SubnetSelection;
use super::vpc::Vpc;
use crate::arn::concat;
use crate::iam::PolicyStatement;

/// A service reached through an interface endpoint: an AWS service by its short name
/// (`com.amazonaws.<region>.<name>`, private DNS on by default) or any endpoint service by its
/// full name (private DNS off by default).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterfaceVpcEndpointService {
    name: ServiceName,
    port: u16,
    private_dns_default: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum ServiceName {
    Aws {
        short_name: String,
        prefix: String,
        global: bool,
    },
    Full(String),
}

impl InterfaceVpcEndpointService {
    /// An AWS service by its short name (`glue`, `ecr.api`...), on port 443. The name is
    /// `com.amazonaws.<region>.<name>`, the region being the stack's (literal when known).
    pub fn aws(short_name: impl Into<String>) -> Self {
        InterfaceVpcEndpointService {
            name: ServiceName::Aws {
                short_name: short_name.into(),
                prefix: "com.amazonaws".into(),
                global: false,
            },
            port: 443,
            private_dns_default: true,
        }
    }

    /// An endpoint service by its full name (`com.amazonaws.vpce.us-east-2.vpce-svc-...`).
    pub fn custom(name: impl Into<String>, port: u16) -> Self {
        InterfaceVpcEndpointService {
            name: ServiceName::Full(name.into()),
            port,
            private_dns_default: false,
        }
    }

    /// Replaces the `com.amazonaws` prefix of an AWS service (other partitions, e.g.
    /// `cn.com.amazonaws`).
    pub fn with_prefix(mut self, prefix: impl Into<String>) -> Self {
        if let ServiceName::Aws { prefix: p, .. } = &mut self.name {
            *p = prefix.into();
        }
        self
    }

    /// Drops the region from an AWS service's name (global services).
    pub fn global(mut self) -> Self {
        if let ServiceName::Aws { global, .. } = &mut self.name {
            *global = true;
        }
        self
    }

    /// Sets the port the endpoint's security groups open (default 443).
    pub fn with_port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// AWS Glue.
    pub fn glue() -> Self {
        Self::aws("glue")
    }

    /// AWS KMS.
    pub fn kms() -> Self {
        Self::aws("kms")
    }

    /// AWS Systems Manager.
    pub fn ssm() -> Self {
        Self::aws("ssm")
    }

    /// Systems Manager Session Manager messages.
    pub fn ssm_messages() -> Self {
        Self::aws("ssmmessages")
    }

    /// EC2 messages (Systems Manager agent).
    pub fn ec2_messages() -> Self {
        Self::aws("ec2messages")
    }

    /// AWS Secrets Manager.
    pub fn secrets_manager() -> Self {
        Self::aws("secretsmanager")
    }

    /// AWS Step Functions.
    pub fn step_functions() -> Self {
        Self::aws("states")
    }

    /// AWS STS.
    pub fn sts() -> Self {
        Self::aws("sts")
    }

    /// AWS Lambda.
    pub fn lambda() -> Self {
        Self::aws("lambda")
    }

    /// Amazon CloudWatch Logs.
    pub fn cloudwatch_logs() -> Self {
        Self::aws("logs")
    }

    /// Amazon CloudWatch (metrics).
    pub fn cloudwatch_monitoring() -> Self {
        Self::aws("monitoring")
    }

    /// Amazon EventBridge.
    pub fn eventbridge() -> Self {
        Self::aws("events")
    }

    /// Amazon SNS.
    pub fn sns() -> Self {
        Self::aws("sns")
    }

    /// Amazon SQS.
    pub fn sqs() -> Self {
        Self::aws("sqs")
    }

    /// Amazon ECR API.
    pub fn ecr() -> Self {
        Self::aws("ecr.api")
    }

    /// Amazon ECR Docker registry.
    pub fn ecr_docker() -> Self {
        Self::aws("ecr.dkr")
    }

    /// Amazon EC2 API.
    pub fn ec2() -> Self {
        Self::aws("ec2")
    }

    /// Amazon Athena.
    pub fn athena() -> Self {
        Self::aws("athena")
    }

    /// AWS CloudFormation.
    pub fn cloudformation() -> Self {
        Self::aws("cloudformation")
    }

    /// AWS CodeBuild.
    pub fn codebuild() -> Self {
        Self::aws("codebuild")
    }

    /// AWS CodePipeline.
    pub fn codepipeline() -> Self {
        Self::aws("codepipeline")
    }

    /// Amazon API Gateway (private APIs).
    pub fn apigateway() -> Self {
        Self::aws("execute-api")
    }

    /// The port the endpoint listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The service name for an endpoint in `scope`'s stack.
    pub fn service_name(&self, scope: &impl Scope) -> Val<String> {
        match &self.name {
            ServiceName::Full(name) => Val::from(name.as_str()),
            ServiceName::Aws {
                short_name,
                prefix,
                global,
            } => {
                let mut parts = vec![Val::from(format!("{prefix}."))];
                if !global {
                    let region =
                        Stack::of(scope).map_or_else(stackwright_core::Aws::region, |s| s.region());
                    parts.push(region);
                    parts.push(Val::from("."));
                }
                parts.push(Val::from(short_name.as_str()));
                concat(parts)
            }
        }
    }
}

/// Options of an interface endpoint added with [`Vpc::add_interface_endpoint`].
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct InterfaceVpcEndpointOptions {
    service: InterfaceVpcEndpointService,
    subnets: SubnetSelection,
    private_dns_enabled: Option<bool>,
    security_groups: Vec<SecurityGroup>,
    open: bool,
}

impl InterfaceVpcEndpointOptions {
    /// An endpoint for `service` in one subnet per zone of the default selection (private
    /// subnets first), with a new security group open to the VPC's block on the service port.
    pub fn new(service: InterfaceVpcEndpointService) -> Self {
        InterfaceVpcEndpointOptions {
            service,
            subnets: SubnetSelection::default(),
            private_dns_enabled: None,
            security_groups: Vec::new(),
            open: true,
        }
    }

    /// The subnets to place the endpoint in (one per zone is kept).
    pub fn subnets(mut self, selection: SubnetSelection) -> Self {
        self.subnets = selection;
        self
    }

    /// Whether the service's public DNS name resolves to the endpoint in the VPC (default: on
    /// for AWS services).
    pub fn private_dns_enabled(mut self, on: bool) -> Self {
        self.private_dns_enabled = Some(on);
        self
    }

    /// Uses these security groups instead of creating one.
    pub fn security_groups(mut self, groups: impl IntoIterator<Item = SecurityGroup>) -> Self {
        self.security_groups = groups.into_iter().collect();
        self
    }

    /// Whether the security groups admit the VPC's block on the service port (default true).
    pub fn open(mut self, on: bool) -> Self {
        self.open = on;
        self
    }
}

/// Options of an [`InterfaceVpcEndpoint`]: the VPC and the endpoint's options.
#[derive(Debug, Clone)]
#[must_use]
pub struct InterfaceVpcEndpointProps {
    vpc: Vpc,
    options: InterfaceVpcEndpointOptions,
}

impl InterfaceVpcEndpointProps {
    /// An endpoint in `vpc`.
    pub fn new(vpc: &Vpc, options: InterfaceVpcEndpointOptions) -> Self {
        InterfaceVpcEndpointProps {
            vpc: vpc.clone(),
            options,
        }
    }
}

/// An interface VPC endpoint (`AWS::EC2::VPCEndpoint` of type `Interface`).
///
/// ```
/// use stackwright_aws::ec2::{InterfaceVpcEndpointOptions, InterfaceVpcEndpointService, Vpc, VpcProps};
/// use stackwright_core::{App, Stack, StackProps};
/// let app = App::with_props(Default::default());
/// let stack = Stack::new(&app, "Network", StackProps::default());
/// let vpc = Vpc::new(&stack, "Vpc", VpcProps::new());
/// let glue = vpc.add_interface_endpoint("Glue", InterfaceVpcEndpointOptions::new(InterfaceVpcEndpointService::glue()));
/// assert_eq!(glue.security_groups().len(), 1);
/// ```
#[derive(Debug, Clone)]
pub struct InterfaceVpcEndpoint {
    construct: Construct,
    resource: CfnVpcEndpoint,
    security_groups: Vec<SecurityGroup>,
    policy: EndpointPolicy,
}

impl Scope for InterfaceVpcEndpoint {
    fn node(&self) -> &Node {
        self.construct.node()
    }
}

impl InterfaceVpcEndpoint {
    /// Creates the endpoint; a selection with no subnet is an error at synthesis.
    pub fn new(scope: &impl Scope, id: &str, props: InterfaceVpcEndpointProps) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.ec2.InterfaceVpcEndpoint");
        let InterfaceVpcEndpointOptions {
            service,
            subnets,
            private_dns_enabled,
            security_groups,
            open,
        } = props.options;
        let security_groups = if security_groups.is_empty() {
            vec![SecurityGroup::new(
                &construct,
                "SecurityGroup",
                SecurityGroupProps::new(&props.vpc),
            )]
        } else {
            security_groups
        };
        if open {
            let vpc_block = Peer::ipv4(props.vpc.vpc_cidr_block());
            for group in &security_groups {
                group.add_ingress_rule(vpc_block.clone(), Port::tcp(service.port), None);
            }
        }
        let selected = props.vpc.select_subnets(&subnets.one_per_az(true));
        if selected.is_empty() {
            construct.node().add_error(
                "an interface endpoint needs at least one subnet, and the selection has none",
            );
        }
        let resource = CfnVpcEndpoint::new(
            &construct,
            "Resource",
            CfnVpcEndpointProps::new(props.vpc.vpc_id())
                .private_dns_enabled(private_dns_enabled.unwrap_or(service.private_dns_default))
                .security_group_ids(
                    security_groups
                        .iter()
                        .map(SecurityGroup::security_group_id)
                        .collect::<Vec<_>>(),
                )
                .service_name(service.service_name(&construct))
                .subnet_ids(selected.subnet_ids())
                .vpc_endpoint_type("Interface"),
        );
        InterfaceVpcEndpoint {
            construct,
            resource,
            security_groups,
            policy: EndpointPolicy::default(),
        }
    }

    /// The endpoint's id.
    pub fn vpc_endpoint_id(&self) -> Val<String> {
        self.resource.ref_value()
    }

    /// The security groups of the endpoint's network interfaces.
    pub fn security_groups(&self) -> &[SecurityGroup] {
        &self.security_groups
    }

    /// The L1 resource (escape hatch).
    pub fn resource(&self) -> &CfnVpcEndpoint {
        &self.resource
    }

    /// Adds a statement to the endpoint policy (created on the first one). Statements must
    /// name a principal.
    pub fn add_to_policy(&self, statement: PolicyStatement) {
        self.policy.add(self.node(), &self.resource, statement);
    }
}
