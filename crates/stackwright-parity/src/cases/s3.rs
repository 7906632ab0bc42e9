//! S3 buckets and bucket policies (twin of `apps/s3.js`): a bucket with the defaults, a logs
//! bucket, a KMS bucket with a created key, lifecycle and CORS rules, server access logs and a
//! minimum TLS version, a bucket with a given key, grants in the same stack, to another
//! account (bucket and key policies) and from another stack (imports), imported buckets by name
//! and ARN, and an explicit bucket policy. Logical ids, types and every other property match
//! aws-cdk-lib 2.276 with no feature flags.
//!
//! `Defaults` is a bucket with no options: our secure defaults (SSE-S3, every public access
//! block, the TLS-only bucket policy) are spelled out on the CDK side, whose defaults are off.
//!
//! Where we differ on purpose (stack `Storage`):
//! - `Raw72517081.Properties.LifecycleConfiguration.Rules[3].ObjectSizeGreaterThan`: we write
//!   the string `"1048576"` (the CloudFormation schema's type, cfn-lint clean), the CDK the
//!   number (cfn-lint W9003). CloudFormation treats both alike.
//!
//! Not in this case: `event_bridge_enabled`, which we write in the bucket's
//! `NotificationConfiguration` where the CDK deploys a custom resource with a Lambda function
//! (`Custom::S3BucketNotifications`).

use stackwright::iam::{PolicyStatement, Principal, Role, RoleProps};
use stackwright::kms::{Key, KeyProps};
use stackwright::prelude::*;
use stackwright::s3::{
    Bucket, BucketAccess, BucketEncryption, BucketPolicy, BucketPolicyProps, BucketProps, CorsRule,
    HttpMethod, LifecycleRule, NoncurrentVersionTransition, StorageClass, TlsVersion, Transition,
};

use crate::Ignore;

/// The differences listed above, each with its reason.
pub const IGNORED: &[Ignore] = &[
    Ignore {
        stack: "Storage",
        path: "template.Resources.Raw72517081.Properties.LifecycleConfiguration.Rules[3].ObjectSizeGreaterThan",
        reason: "written as the schema's string type; the CDK writes a number (cfn-lint W9003)",
    },
];

/// Builds the app (twin of `apps/s3.js`).
pub fn build(app: &App) {
    let env = Environment::new("111111111111", "us-east-2");
    let storage = Stack::new(app, "Storage", StackProps::default().env(env.clone()));
    Bucket::new(&storage, "Defaults", BucketProps::new());
    let logs = Bucket::new(
        &storage,
        "AccessLogs",
        BucketProps::new().encryption(BucketEncryption::S3Managed),
    );
    let raw = Bucket::new(
        &storage,
        "Raw",
        BucketProps::new()
            .bucket_name("dev-lake-111111111111-us-east-2-raw")
            .encryption(BucketEncryption::Kms)
            .bucket_key_enabled(true)
            .versioned(true)
            .minimum_tls_version(TlsVersion::V1_2)
            .server_access_logs_bucket(&logs)
            .server_access_logs_prefix("raw/")
            .cors_rule(
                CorsRule::new([HttpMethod::Get, HttpMethod::Put], ["https://example.com"])
                    .id("web")
                    .allowed_headers(["*"])
                    .exposed_headers(["ETag"])
                    .max_age_seconds(3000),
            )
            .lifecycle_rule(
                LifecycleRule::new()
                    .id("archive")
                    .prefix("landing/")
                    .tag_filter("team", "data")
                    .transition(Transition::after_days(StorageClass::InfrequentAccess, 30))
                    .transition(Transition::after_days(StorageClass::Glacier, 365))
                    .expiration_days(2555)
                    .noncurrent_version_expiration_days(90)
                    .noncurrent_versions_to_retain(3)
                    .noncurrent_version_transition(
                        NoncurrentVersionTransition::new(StorageClass::GlacierInstantRetrieval, 30)
                            .noncurrent_versions_to_retain(2),
                    ),
            )
            .lifecycle_rule(
                LifecycleRule::new()
                    .id("uploads")
                    .abort_incomplete_multipart_upload_days(7),
            )
            .lifecycle_rule(
                LifecycleRule::new()
                    .id("markers")
                    .enabled(false)
                    .expired_object_delete_marker(true),
            )
            .lifecycle_rule(
                LifecycleRule::new()
                    .id("big")
                    .object_size_greater_than(1_048_576)
                    .transition(Transition::on_date(
                        StorageClass::DeepArchive,
                        "2030-01-01T00:00:00Z",
                    )),
            )
            .removal_policy(RemovalPolicy::Destroy),
    );
    let zone_key = Key::new(&storage, "ZoneKey", KeyProps::new());
    let curated = Bucket::new(
        &storage,
        "Curated",
        BucketProps::new()
            .encryption_key(&zone_key)
            .server_access_logs_bucket(&logs)
            .server_access_logs_prefix("curated/"),
    );

    let etl = Role::new(
        &storage,
        "Etl",
        RoleProps::new(Principal::service("glue.amazonaws.com")),
    );
    let _ = raw.grant_read_write(&etl);
    let _ = curated.grant_read(&etl);
    let _ = curated.grant_access(&etl, BucketAccess::Put, "incoming/*");
    let _ = raw.grant_access(&etl, BucketAccess::Delete, "tmp/*");
    let _ = curated.grant_write(&etl);

    let partner = Role::from_role_arn(
        &storage,
        "Partner",
        "arn:aws:iam::444444444444:role/partner",
    );
    let _ = raw.grant_read(&partner);

    let shared = Bucket::from_bucket_name(&storage, "Shared", "shared-reference-data");
    let _ = shared.grant_read(&etl);
    let shared_policy =
        BucketPolicy::new(&storage, "SharedPolicy", BucketPolicyProps::new(&shared));
    shared_policy.add_statement(
        PolicyStatement::allow()
            .action("s3:GetObject")
            .resource(shared.arn_for_objects("*"))
            .principal(Principal::account("222222222222")),
    );
    let archive = Bucket::from_bucket_arn(&storage, "Archive", "arn:aws:s3:::company-archive");
    let _ = archive.grant_write(&etl);

    let compute = Stack::new(app, "Compute", StackProps::default().env(env));
    let worker = Role::new(
        &compute,
        "Worker",
        RoleProps::new(Principal::service("lambda.amazonaws.com")),
    );
    let _ = raw.grant_read(&worker);
}
