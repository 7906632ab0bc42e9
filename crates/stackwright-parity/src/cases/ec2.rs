//! EC2 networking (twin of `apps/ec2.js`): the reference data lake's VPC stack (a /24 over
//! three zones, public and private /27 subnets, three NAT gateways, a shared security group
//! with a self-referencing rule, S3 and DynamoDB gateway endpoints, five interface endpoints,
//! eleven exports), then shapes of subnet allocation and NAT placement, security-group rules,
//! an imported VPC and less common options.
//!
//! Deliberate differences from aws-cdk-lib: none in the templates (checked by hand against
//! aws-cdk-lib 2.276: every stack is equal, logical ids, order and properties). Both use the
//! dummy zones `dummy1a`..`dummy1c` until the context `availability-zones:account=..:region=..`
//! is given, and both list that lookup as `missing` context in the manifest (so the CDK CLI
//! looks the zones up and synthesizes again); the suite does not compare `missing` sections,
//! `crates/stackwright-aws/tests/l2/context.rs` does.

use stackwright::ec2::{
    DefaultInstanceTenancy, GatewayVpcEndpointAwsService as Gateway, GatewayVpcEndpointOptions,
    InterfaceVpcEndpointOptions, InterfaceVpcEndpointService as Interface, Peer, Port,
    SecurityGroup, SecurityGroupImportOptions, SecurityGroupProps, SubnetConfiguration,
    SubnetSelection, SubnetType, Vpc, VpcAttributes, VpcProps,
};
use stackwright::prelude::*;

use crate::Ignore;

/// Nothing is accepted: manifests and templates must be equal.
pub const IGNORED: &[Ignore] = &[];

fn stack(app: &App, id: &str) -> Stack {
    let env = Environment::new("111111111111", "us-east-2");
    Stack::new(app, id, StackProps::default().env(env))
}

fn private() -> SubnetSelection {
    SubnetSelection::of_type(SubnetType::PrivateWithEgress)
}

/// Builds the app (twin of `apps/ec2.js`).
pub fn build(app: &App) {
    data_lake_vpc(&stack(app, "DataLakeVpc"));

    Vpc::new(&stack(app, "DefaultVpc"), "Vpc", VpcProps::new());

    let agnostic = Stack::new(app, "AgnosticVpc", StackProps::default());
    Vpc::new(&agnostic, "Vpc", VpcProps::new())
        .add_interface_endpoint("Sts", InterfaceVpcEndpointOptions::new(Interface::sts()));

    Vpc::new(
        &stack(app, "MixedVpc"),
        "Vpc",
        VpcProps::new()
            .cidr("10.1.0.0/20")
            .nat_gateways(1)
            .subnet_configuration([
                SubnetConfiguration::public("Ingress").cidr_mask(24),
                SubnetConfiguration::private_with_egress("App"),
                SubnetConfiguration::private_isolated("Db").cidr_mask(28),
            ]),
    );

    Vpc::new(
        &stack(app, "NoNatVpc"),
        "Vpc",
        VpcProps::new().nat_gateways(0).max_azs(2).vpc_name("my-vpc"),
    );

    let isolated = Vpc::new(
        &stack(app, "IsolatedVpc"),
        "Vpc",
        VpcProps::new()
            .cidr("192.168.0.0/22")
            .max_azs(2)
            .subnet_configuration([
                SubnetConfiguration::private_isolated("A").cidr_mask(26),
                SubnetConfiguration::private_isolated("B"),
            ]),
    );
    isolated.add_gateway_endpoint("S3", GatewayVpcEndpointOptions::new(Gateway::s3()));
    isolated.add_interface_endpoint(
        "Logs",
        InterfaceVpcEndpointOptions::new(Interface::cloudwatch_logs())
            .subnets(SubnetSelection::group("B")),
    );

    let explicit = Vpc::new(
        &stack(app, "ExplicitVpc"),
        "Vpc",
        VpcProps::new()
            .cidr("10.9.0.0/16")
            .availability_zones(["us-east-2a", "us-east-2b", "us-east-2c"])
            .nat_gateways(2)
            .subnet_configuration([
                SubnetConfiguration::public("Pub").cidr_mask(28),
                SubnetConfiguration::private_with_egress("Reserved")
                    .cidr_mask(22)
                    .reserved(true),
                SubnetConfiguration::private_with_egress("Priv").cidr_mask(20),
                SubnetConfiguration::private_isolated("Rest"),
            ]),
    );
    explicit.add_interface_endpoint(
        "Ecr",
        InterfaceVpcEndpointOptions::new(Interface::ecr())
            .subnets(private().availability_zones(["us-east-2a", "us-east-2c"]))
            .open(false),
    );

    security_groups(&stack(app, "SecurityGroups"));
    imported_vpc(&stack(app, "ImportedVpc"));
    options(&stack(app, "OptionsVpc"));
}

fn data_lake_vpc(stack: &Stack) {
    let vpc = Vpc::new(
        stack,
        "DevDataLakeVpc",
        VpcProps::new()
            .cidr("10.20.0.0/24")
            .max_azs(3)
            .nat_gateways(3)
            .subnet_configuration([
                SubnetConfiguration::public("Public").cidr_mask(27),
                SubnetConfiguration::private_with_egress("Private").cidr_mask(27),
            ]),
    );
    let shared = SecurityGroup::new(
        stack,
        "SharedIngressSecurityGroup",
        SecurityGroupProps::new(&vpc)
            .description(
                "Shared Security Group for Data Lake resources with self-referencing ingress rule.",
            )
            .security_group_name("dev-datalake-shared-ingress"),
    );
    shared.add_ingress_rule(
        &shared,
        Port::all_traffic(),
        Some("Self-referencing ingress rule"),
    );
    shared.add_ingress_rule(
        Peer::ipv4(vpc.vpc_cidr_block()),
        Port::tcp(443),
        Some("HTTPS from the VPC"),
    );
    for (id, service) in [
        ("S3Endpoint", Gateway::s3()),
        ("DynamoDbEndpoint", Gateway::dynamodb()),
    ] {
        vpc.add_gateway_endpoint(
            id,
            GatewayVpcEndpointOptions::new(service).subnets([private()]),
        );
    }
    for (id, service) in [
        ("GlueEndpoint", Interface::glue()),
        ("KmsEndpoint", Interface::kms()),
        ("SsmEndpoint", Interface::ssm()),
        ("SecretsManagerEndpoint", Interface::secrets_manager()),
        ("StepFunctionsEndpoint", Interface::step_functions()),
    ] {
        vpc.add_interface_endpoint(
            id,
            InterfaceVpcEndpointOptions::new(service)
                .subnets(private())
                .private_dns_enabled(true)
                .security_groups([shared.clone()]),
        );
    }
    let export = |id: &str, value: Val<String>| {
        CfnOutput::new(
            stack,
            id,
            OutputProps::new(value).export_name(format!("Dev-{id}")),
        );
    };
    export("VpcId", vpc.vpc_id());
    for (i, az) in vpc.availability_zones().into_iter().enumerate() {
        export(&format!("AvailabilityZone{}", i + 1), az);
    }
    for (i, subnet) in vpc.private_subnets().iter().enumerate() {
        export(&format!("PrivateSubnet{}", i + 1), subnet.subnet_id());
    }
    for (i, subnet) in vpc.private_subnets().iter().enumerate() {
        export(&format!("PrivateRouteTable{}", i + 1), subnet.route_table_id());
    }
    export("SharedSecurityGroup", shared.security_group_id());
}

fn security_groups(stack: &Stack) {
    let vpc = Vpc::new(
        stack,
        "Vpc",
        VpcProps::new()
            .nat_gateways(0)
            .max_azs(1)
            .subnet_configuration([SubnetConfiguration::public("P")]),
    );
    let web = SecurityGroup::new(stack, "Web", SecurityGroupProps::new(&vpc));
    let locked = SecurityGroup::new(
        stack,
        "Locked",
        SecurityGroupProps::new(&vpc).allow_all_outbound(false),
    );
    let db = SecurityGroup::new(
        stack,
        "Db",
        SecurityGroupProps::new(&vpc)
            .allow_all_outbound(false)
            .description("database"),
    );
    db.add_egress_rule(Peer::ipv4("10.0.0.0/8"), Port::tcp_range(1000, 2000), None);
    db.add_egress_rule(&web, Port::tcp(5432), Some("to web"));
    db.add_egress_rule(Peer::prefix_list("pl-12345678"), Port::udp(53), None);
    web.add_ingress_rule(Peer::any_ipv4(), Port::https(), None);
    web.add_ingress_rule(
        Peer::any_ipv4(),
        Port::https(),
        Some("a duplicate is dropped"),
    );
    web.add_ingress_rule(Peer::any_ipv6(), Port::icmp_ping(), None);
    web.add_ingress_rule(&locked, Port::all_tcp(), None);
    web.add_ingress_rule(
        Peer::security_group_id("sg-0123456789abcdef0", Some("222222222222")),
        Port::udp_range(60000, 61000),
        None,
    );
    web.add_egress_rule(Peer::any_ipv4(), Port::tcp(80), None);
    let imported = SecurityGroup::from_security_group_id(
        stack,
        "Imported",
        "sg-0aaaabbbbccccdddd",
        SecurityGroupImportOptions::new(),
    );
    web.add_ingress_rule(&imported, Port::tcp(22), None);
    imported.add_ingress_rule(&web, Port::tcp(22), None);
    imported.add_egress_rule(&web, Port::tcp(22), None);
    let immutable = SecurityGroup::from_security_group_id(
        stack,
        "Immutable",
        "sg-0aaaabbbbccccddde",
        SecurityGroupImportOptions::new().mutable(false),
    );
    immutable.add_ingress_rule(&web, Port::tcp(22), None);
    vpc.add_interface_endpoint(
        "Ecr",
        InterfaceVpcEndpointOptions::new(Interface::ecr())
            .subnets(SubnetSelection::of_type(SubnetType::Public)),
    );
}

fn imported_vpc(stack: &Stack) {
    let import = |name: &str| Fn::import_value(format!("Dev-{name}"));
    let vpc = Vpc::from_attributes(
        stack,
        "Vpc",
        VpcAttributes::new(import("VpcId"), ["us-east-2a", "us-east-2b"])
            .vpc_cidr_block("10.20.0.0/24")
            .subnet_ids(
                SubnetType::PrivateWithEgress,
                [import("PrivateSubnet1"), import("PrivateSubnet2")],
            )
            .subnet_route_table_ids(
                SubnetType::PrivateWithEgress,
                [import("PrivateRouteTable1"), import("PrivateRouteTable2")],
            )
            .subnet_ids(
                SubnetType::PrivateIsolated,
                ["subnet-0aaa", "subnet-0bbb", "subnet-0ccc", "subnet-0ddd"],
            )
            .subnet_names(SubnetType::PrivateIsolated, ["Db", "Cache"])
            .subnet_route_table_ids(
                SubnetType::PrivateIsolated,
                ["rtb-0aaa", "rtb-0bbb", "rtb-0ccc", "rtb-0ddd"],
            ),
    );
    vpc.add_gateway_endpoint("S3", GatewayVpcEndpointOptions::new(Gateway::s3()));
    vpc.add_interface_endpoint(
        "Sqs",
        InterfaceVpcEndpointOptions::new(Interface::sqs()).subnets(SubnetSelection::group("Cache")),
    );
    let app_group = SecurityGroup::new(
        stack,
        "App",
        SecurityGroupProps::new(&vpc).allow_all_outbound(false),
    );
    app_group.add_egress_rule(Peer::ipv4(vpc.vpc_cidr_block()), Port::tcp(443), None);
}

fn options(stack: &Stack) {
    let vpc = Vpc::new(
        stack,
        "Vpc",
        VpcProps::new()
            .cidr("172.16.0.0/16")
            .max_azs(2)
            .nat_gateways(1)
            .nat_gateway_subnets(SubnetSelection::group("Egress"))
            .default_instance_tenancy(DefaultInstanceTenancy::Dedicated)
            .subnet_configuration([
                SubnetConfiguration::public("Ingress")
                    .cidr_mask(24)
                    .map_public_ip_on_launch(false),
                SubnetConfiguration::public("Egress").cidr_mask(28),
                SubnetConfiguration::private_with_egress("App").cidr_mask(20),
            ]),
    );
    let both = SecurityGroup::new(
        stack,
        "DualStack",
        SecurityGroupProps::new(&vpc)
            .allow_all_ipv6_outbound(true)
            .security_group_name("dual"),
    );
    both.add_egress_rule(Peer::ipv6("2001:db8::/32"), Port::tcp(443), None);
    both.add_ingress_rule(Peer::ipv6("2001:db8::/32"), Port::all_icmp_v6(), None);
    vpc.add_interface_endpoint(
        "Custom",
        InterfaceVpcEndpointOptions::new(Interface::custom(
            "com.amazonaws.vpce.us-east-2.vpce-svc-0123456789abcdef0",
            8443,
        ))
        .security_groups([both]),
    );
    vpc.add_interface_endpoint(
        "NoDns",
        InterfaceVpcEndpointOptions::new(Interface::lambda())
            .private_dns_enabled(false)
            .subnets(SubnetSelection::group("App")),
    );
    Vpc::new(
        stack,
        "NoIgw",
        VpcProps::new()
            .max_azs(1)
            .create_internet_gateway(false)
            .subnet_configuration([
                SubnetConfiguration::public("Public"),
                SubnetConfiguration::private_with_egress("Private"),
            ]),
    );
}
