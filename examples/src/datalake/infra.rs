//! The infrastructure app, per environment: the VPC stack and the S3 zones stack. Everything
//! the ETL app needs from them is exported under a name derived from the environment
//! ([`Exports`]), which the ETL app imports by name: the two apps deploy separately.

use stackwright::ec2::{
    GatewayVpcEndpointAwsService, GatewayVpcEndpointOptions, InterfaceVpcEndpointOptions,
    InterfaceVpcEndpointService, Peer, Port, SecurityGroup, SecurityGroupProps,
    SubnetConfiguration, SubnetSelection, SubnetType, Vpc, VpcProps,
};
use stackwright::iam::{PolicyStatement, Principal};
use stackwright::kms::{Key, KeyProps};
use stackwright::prelude::*;
use stackwright::s3::{
    Bucket, BucketEncryption, BucketProps, LifecycleRule, StorageClass, Transition,
};

use super::config::{Config, Env, AZ_COUNT, SUBNET_MASK, ZONES};
use super::{new_stack, skip_checks, untag_key};

/// The names under which the infrastructure exports what the ETL app uses.
#[derive(Debug, Clone)]
pub struct Exports {
    /// The VPC's id.
    pub vpc_id: String,
    /// The availability zones, in order.
    pub availability_zones: Vec<String>,
    /// The private subnets' ids, zone by zone.
    pub private_subnets: Vec<String>,
    /// The private subnets' route tables, zone by zone.
    pub private_route_tables: Vec<String>,
    /// The shared security group's id.
    pub security_group: String,
    /// The zones' KMS key ARN.
    pub kms_key_arn: String,
    /// The access-log bucket's name.
    pub access_log_bucket: String,
    /// The zone buckets' names: raw, conformed, purpose-built.
    pub zone_buckets: Vec<String>,
}

impl Exports {
    /// The export names of an environment (`<env>-<prefix>-vpc-id`...).
    pub fn of(config: &Config, env: Env) -> Exports {
        let name = |n: &str| config.export_name(env, n);
        let numbered = |n: &str| (1..=AZ_COUNT).map(|i| name(&format!("{n}-{i}"))).collect();
        Exports {
            vpc_id: name("vpc-id"),
            availability_zones: numbered("availability-zone"),
            private_subnets: numbered("private-subnet"),
            private_route_tables: numbered("private-route-table"),
            security_group: name("shared-security-group"),
            kms_key_arn: name("kms-key-arn"),
            access_log_bucket: name("access-log-bucket"),
            zone_buckets: ZONES.iter().map(|z| name(&format!("{z}-bucket"))).collect(),
        }
    }
}

/// Builds the infrastructure app's stacks of `env` into `stage`.
pub fn build(stage: &Stage, config: &Config, env: Env) {
    let exports = Exports::of(config, env);
    vpc_stack(stage, config, env, &exports);
    zones_stack(stage, config, env, &exports);
}

/// Exports `value` from the stack under the export name `name` (output id `id`).
fn export(stack: &Stack, id: &str, name: &str, value: impl Into<Value>) {
    CfnOutput::new(
        stack,
        id,
        OutputProps::new(value).export_name(Value::from(name)),
    );
}

/// The VPC over three zones, its shared security group and its endpoints.
fn vpc_stack(stage: &Stage, config: &Config, env: Env, exports: &Exports) {
    let settings = config.env(env);
    let stack = new_stack(
        stage,
        config,
        env,
        "Vpc",
        "The data lake's VPC: 3 public and 3 private subnets, NAT gateways, endpoints",
    );
    let vpc = Vpc::new(
        &stack,
        "Vpc",
        VpcProps::new()
            .cidr(settings.vpc_cidr.clone())
            .availability_zones(config.availability_zones(env))
            .nat_gateways(AZ_COUNT)
            .subnet_configuration([
                SubnetConfiguration::public("Public").cidr_mask(SUBNET_MASK),
                SubnetConfiguration::private_with_egress("Private").cidr_mask(SUBNET_MASK),
            ])
            .vpc_name(config.resource_name(env, "vpc")),
    );
    for subnet in vpc.public_subnets() {
        if let Some(resource) = subnet.resource() {
            skip_checks(
                resource,
                &[(
                    "CKV_AWS_130",
                    "public subnets hold only the NAT gateways, which need public addresses",
                )],
            );
        }
    }
    if let Some(resource) = vpc.resource() {
        skip_checks(
            resource,
            &[
                (
                    "CKV2_AWS_11",
                    "flow logs are left to the organization's central network logging",
                ),
                (
                    "CKV2_AWS_12",
                    "the default security group is unused: every resource uses the shared group",
                ),
            ],
        );
    }

    let shared = SecurityGroup::new(
        &stack,
        "SharedSecurityGroup",
        SecurityGroupProps::new(&vpc)
            .description("Shared by the Glue connection, the functions and the endpoints")
            .security_group_name(config.resource_name(env, "shared-sg")),
    );
    shared.add_ingress_rule(
        Peer::security_group(&shared),
        Port::all_traffic(),
        Some("Members of the group reach each other (Glue workers talk to each other)"),
    );
    shared.add_ingress_rule(
        Peer::ipv4(vpc.vpc_cidr_block()),
        Port::https(),
        Some("HTTPS from the VPC, to the interface endpoints"),
    );

    for (id, service) in [
        ("S3Endpoint", GatewayVpcEndpointAwsService::s3()),
        ("DynamoDbEndpoint", GatewayVpcEndpointAwsService::dynamodb()),
    ] {
        vpc.add_gateway_endpoint(
            id,
            GatewayVpcEndpointOptions::new(service)
                .subnets([SubnetSelection::of_type(SubnetType::PrivateWithEgress)]),
        );
    }
    for (id, service) in [
        ("GlueEndpoint", InterfaceVpcEndpointService::glue()),
        ("KmsEndpoint", InterfaceVpcEndpointService::kms()),
        ("SsmEndpoint", InterfaceVpcEndpointService::ssm()),
        (
            "SecretsManagerEndpoint",
            InterfaceVpcEndpointService::secrets_manager(),
        ),
        (
            "StepFunctionsEndpoint",
            InterfaceVpcEndpointService::step_functions(),
        ),
    ] {
        vpc.add_interface_endpoint(
            id,
            InterfaceVpcEndpointOptions::new(service)
                .subnets(SubnetSelection::of_type(SubnetType::PrivateWithEgress))
                .private_dns_enabled(true)
                .security_groups([shared.clone()])
                .open(false),
        );
    }

    export(&stack, "VpcId", &exports.vpc_id, vpc.vpc_id());
    let private = vpc.private_subnets();
    for (i, subnet) in private.iter().enumerate() {
        let n = i + 1;
        export(
            &stack,
            &format!("AvailabilityZone{n}"),
            &exports.availability_zones[i],
            subnet.availability_zone(),
        );
        export(
            &stack,
            &format!("PrivateSubnet{n}"),
            &exports.private_subnets[i],
            subnet.subnet_id(),
        );
        export(
            &stack,
            &format!("PrivateRouteTable{n}"),
            &exports.private_route_tables[i],
            subnet.route_table_id(),
        );
    }
    export(
        &stack,
        "SharedSecurityGroupId",
        &exports.security_group,
        shared.security_group_id(),
    );
}

/// The lifecycle of the objects of an environment's buckets: Dev and Test keep objects 60
/// days (old versions 30); Prod keeps them 7 years, in Glacier after a year (old versions 90
/// days).
pub fn lifecycle(env: Env) -> LifecycleRule {
    let rule = LifecycleRule::new()
        .id(format!("{}-retention", env.key()))
        .abort_incomplete_multipart_upload_days(7);
    match env {
        Env::Dev | Env::Test => rule
            .expiration_days(60)
            .noncurrent_version_expiration_days(30),
        Env::Prod => rule
            .expiration_days(2555)
            .transition(Transition::after_days(StorageClass::Glacier, 365))
            .noncurrent_version_expiration_days(90),
    }
}

/// What happens to the buckets and the key when their stack is deleted: Dev's go with it,
/// Test's and Prod's stay.
pub fn removal_policy(env: Env) -> RemovalPolicy {
    match env {
        Env::Dev => RemovalPolicy::Destroy,
        Env::Test | Env::Prod => RemovalPolicy::Retain,
    }
}

/// Where a bucket's access logs go and how it is encrypted: the settings every bucket of the
/// data lake shares (the zone buckets and the ETL app's Glue temporary bucket).
pub fn lake_bucket_props(
    env: Env,
    name: &str,
    key: Option<&Key>,
    access_logs: &Bucket,
) -> BucketProps {
    let mut props = BucketProps::new()
        .bucket_name(name.to_owned())
        .versioned(true)
        .enforce_ssl(true)
        .server_access_logs_bucket(access_logs)
        .server_access_logs_prefix(format!("{name}/"))
        .lifecycle_rule(lifecycle(env))
        .removal_policy(removal_policy(env));
    if let Some(key) = key {
        props = props
            .encryption(BucketEncryption::Kms)
            .encryption_key(key)
            .bucket_key_enabled(true);
    }
    props
}

/// In Test and Prod, nobody may delete the bucket, whatever their IAM permissions.
pub fn protect_from_deletion(bucket: &Bucket, env: Env) {
    if env != Env::Dev {
        bucket.add_to_resource_policy(
            PolicyStatement::deny()
                .sid("DenyDeleteBucket")
                .action("s3:DeleteBucket")
                .principal(Principal::any())
                .resource(bucket.bucket_arn()),
        );
    }
}

/// The zones' key and buckets.
fn zones_stack(stage: &Stage, config: &Config, env: Env, exports: &Exports) {
    let stack = new_stack(
        stage,
        config,
        env,
        "S3Zones",
        "The data lake's S3 zones (raw, conformed, purpose-built), their key and access logs",
    );
    let mut key_props = KeyProps::new()
        .description(format!(
            "Encrypts the {env} data lake's zone buckets and job data"
        ))
        .alias(format!("alias/{}", config.resource_name(env, "kms-key")))
        .enable_key_rotation(true)
        .removal_policy(removal_policy(env));
    if env == Env::Dev {
        key_props = key_props.pending_window_days(7);
    }
    let key = Key::new(&stack, "ZonesKey", key_props);
    untag_key(&key, config);
    // The target account administers and uses the key (the default key policy); the
    // deployment account's pipelines may use it too.
    let _ = key.grant_encrypt_decrypt(&Principal::account(config.deployment.account.clone()));
    // The Glue jobs' security configuration encrypts their CloudWatch logs with this key.
    let _ = key.grant_encrypt_decrypt(&Principal::service(format!(
        "logs.{}.amazonaws.com",
        config.env(env).region
    )));

    let access_log_name = config.bucket_name(env, "access-logs");
    // S3 server access logs can only be delivered to a bucket encrypted with S3-managed keys.
    let access_logs = Bucket::new(
        &stack,
        "AccessLogsBucket",
        BucketProps::new()
            .bucket_name(access_log_name.clone())
            .encryption(BucketEncryption::S3Managed)
            .versioned(true)
            .enforce_ssl(true)
            .lifecycle_rule(lifecycle(env))
            .removal_policy(removal_policy(env)),
    );
    protect_from_deletion(&access_logs, env);
    if let Some(resource) = access_logs.resource() {
        skip_checks(
            resource,
            &[
                (
                    "CKV_AWS_18",
                    "this is the access-log bucket: it does not log itself",
                ),
                (
                    "CKV_AWS_145",
                    "S3 delivers server access logs only to buckets with S3-managed encryption",
                ),
            ],
        );
    }

    let mut zone_names = Vec::new();
    for zone in ZONES {
        let name = config.bucket_name(env, zone);
        let mut props = lake_bucket_props(env, &name, Some(&key), &access_logs);
        if zone == "raw" {
            // New raw objects start the ETL app's state machine (through its trigger function).
            props = props.event_bridge_enabled(true);
        }
        let bucket = Bucket::new(&stack, &format!("{}Bucket", pascal(zone)), props);
        protect_from_deletion(&bucket, env);
        zone_names.push(bucket.bucket_name());
    }

    export(&stack, "KmsKeyArn", &exports.kms_key_arn, key.key_arn());
    export(
        &stack,
        "AccessLogBucketName",
        &exports.access_log_bucket,
        access_logs.bucket_name(),
    );
    for ((zone, export_name), value) in ZONES.iter().zip(&exports.zone_buckets).zip(zone_names) {
        export(
            &stack,
            &format!("{}BucketName", pascal(zone)),
            export_name,
            value,
        );
    }
}

/// `purpose-built` → `PurposeBuilt`.
pub fn pascal(name: &str) -> String {
    name.split(['-', '_'])
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}
