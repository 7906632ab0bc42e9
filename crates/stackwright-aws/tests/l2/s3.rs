//! S3 constructs: the CloudFormation they write (compared with what aws-cdk-lib 2.276 writes for
//! the same tree, logical ids included), grants within a stack, across stacks and across
//! accounts, lifecycle rules, the key a KMS bucket creates, every validation error, and
//! cfn-lint over an app using every feature.

use crate::support;
use support::{app, stack};

use serde_json::{json, Value as Json};
use stackwright_assertions::tools::{files_ending, Tools};
use stackwright_aws::iam::{PolicyStatement, Principal, Role, RoleProps};
use stackwright_aws::kms::{Key, KeyProps};
use stackwright_aws::s3::{
    BlockPublicAccess, Bucket, BucketAccess, BucketEncryption, BucketPolicy, BucketPolicyProps,
    BucketProps, CorsRule, HttpMethod, LifecycleRule, NoncurrentVersionTransition, StorageClass,
    TlsVersion, Transition,
};
use stackwright_core::{
    App, AppProps, CfnParameter, ParameterProps, RemovalPolicy, Scope, Stack, WARNING_METADATA,
};

fn template(app: &App, stack: &str) -> Json {
    let assembly = app.assemble().unwrap_or_else(|e| panic!("{e}"));
    assembly.stack(stack).unwrap().template.clone()
}

fn resource<'a>(template: &'a Json, logical_id: &str) -> &'a Json {
    let found = &template["Resources"][logical_id];
    assert!(
        !found.is_null(),
        "no resource {logical_id} in {:?}",
        template["Resources"]
            .as_object()
            .map(|r| r.keys().collect::<Vec<_>>())
    );
    found
}

fn get_att(logical_id: &str) -> Json {
    json!({"Fn::GetAtt": [logical_id, "Arn"]})
}

fn objects(arn: Json, pattern: &str) -> Json {
    json!({"Fn::Join": ["", [arn, format!("/{pattern}")]]})
}

const BLOCK_ALL: fn() -> Json = || json!({"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true});

fn tls_only(bucket: &str) -> Json {
    json!({
        "Action": "s3:*",
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
        "Effect": "Deny",
        "Principal": {"AWS": "*"},
        "Resource": [get_att(bucket), objects(get_att(bucket), "*")]
    })
}

/// The zone buckets of a data lake: the tree of `crates/stackwright-parity/apps/s3.js`.
struct Lake {
    raw: Bucket,
    curated: Bucket,
    etl: Role,
}

fn lake(app: &App) -> Lake {
    let storage = stack(app, "Storage");
    let logs = Bucket::new(&storage, "AccessLogs", BucketProps::new());
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
            .removal_policy(RemovalPolicy::Destroy),
    );
    raw.add_lifecycle_rule(
        LifecycleRule::new()
            .id("uploads")
            .abort_incomplete_multipart_upload_days(7),
    );
    raw.add_lifecycle_rule(
        LifecycleRule::new()
            .id("markers")
            .enabled(false)
            .expired_object_delete_marker(true),
    );
    raw.add_lifecycle_rule(
        LifecycleRule::new()
            .id("big")
            .object_size_greater_than(1_048_576)
            .transition(Transition::on_date(
                StorageClass::DeepArchive,
                "2030-01-01T00:00:00Z",
            )),
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
    Lake { raw, curated, etl }
}

#[test]
fn a_bucket_has_secure_defaults_and_is_retained() {
    let app = app();
    let s = stack(&app, "Storage");
    let bucket = Bucket::new(&s, "Defaults", BucketProps::new());
    assert!(bucket.encryption_key().is_none());
    let t = template(&app, "Storage");
    let written = resource(&t, "Defaults49BDE8FF");
    assert_eq!(
        written["Properties"],
        json!({
            "BucketEncryption": {"ServerSideEncryptionConfiguration": [
                {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}
            ]},
            "PublicAccessBlockConfiguration": BLOCK_ALL()
        })
    );
    assert_eq!(written["DeletionPolicy"], "Retain");
    assert_eq!(written["UpdateReplacePolicy"], "Retain");
    assert_eq!(
        resource(&t, "DefaultsPolicy0F8091FD")["Properties"],
        json!({
            "Bucket": {"Ref": "Defaults49BDE8FF"},
            "PolicyDocument": {"Statement": [tls_only("Defaults49BDE8FF")], "Version": "2012-10-17"}
        })
    );
}

#[test]
fn without_the_tls_policy_no_policy_is_created() {
    let app = app();
    let s = stack(&app, "S");
    let bucket = Bucket::new(
        &s,
        "Open",
        BucketProps::new()
            .enforce_ssl(false)
            .block_public_access(BlockPublicAccess::BLOCK_ACLS),
    );
    assert!(bucket.policy().is_none());
    let t = template(&app, "S");
    let resources = t["Resources"].as_object().unwrap();
    assert_eq!(resources.len(), 1);
    let written = &resources["Open2F4367FD"]["Properties"];
    assert_eq!(
        written["PublicAccessBlockConfiguration"],
        json!({"BlockPublicAcls": true, "BlockPublicPolicy": false, "IgnorePublicAcls": true, "RestrictPublicBuckets": false})
    );
}

#[test]
fn every_property_is_written_as_the_cdk_writes_it() {
    let app = app();
    lake(&app);
    let t = template(&app, "Storage");
    let raw = resource(&t, "Raw72517081");
    assert_eq!(
        raw["Properties"],
        json!({
            "BucketEncryption": {"ServerSideEncryptionConfiguration": [{
                "BucketKeyEnabled": true,
                "ServerSideEncryptionByDefault": {"KMSMasterKeyID": get_att("RawKey9F610D0B"), "SSEAlgorithm": "aws:kms"}
            }]},
            "BucketName": "dev-lake-111111111111-us-east-2-raw",
            "CorsConfiguration": {"CorsRules": [{
                "AllowedHeaders": ["*"], "AllowedMethods": ["GET", "PUT"],
                "AllowedOrigins": ["https://example.com"], "ExposedHeaders": ["ETag"],
                "Id": "web", "MaxAge": 3000
            }]},
            "LifecycleConfiguration": raw["Properties"]["LifecycleConfiguration"].clone(),
            "LoggingConfiguration": {"DestinationBucketName": {"Ref": "AccessLogs8B620ECA"}, "LogFilePrefix": "raw/"},
            "PublicAccessBlockConfiguration": BLOCK_ALL(),
            "VersioningConfiguration": {"Status": "Enabled"}
        })
    );
    assert_eq!(raw["DeletionPolicy"], "Delete");
    assert_eq!(
        resource(&t, "RawPolicyD5BAF6E0")["Properties"]["PolicyDocument"]["Statement"],
        json!([
            tls_only("Raw72517081"),
            {
                "Action": "s3:*",
                "Condition": {"NumericLessThan": {"s3:TlsVersion": 1.2}},
                "Effect": "Deny",
                "Principal": {"AWS": "*"},
                "Resource": [get_att("Raw72517081"), objects(get_att("Raw72517081"), "*")]
            }
        ])
    );
    assert_eq!(
        resource(&t, "CuratedF137945A")["Properties"]["BucketEncryption"],
        json!({"ServerSideEncryptionConfiguration": [{
            "ServerSideEncryptionByDefault": {"KMSMasterKeyID": get_att("ZoneKeyA9416B2E"), "SSEAlgorithm": "aws:kms"}
        }]})
    );
}

#[test]
fn lifecycle_rules_are_rendered_in_order_with_their_typed_actions() {
    let app = app();
    lake(&app);
    let t = template(&app, "Storage");
    assert_eq!(
        resource(&t, "Raw72517081")["Properties"]["LifecycleConfiguration"],
        json!({"Rules": [
            {
                "ExpirationInDays": 2555,
                "Id": "archive",
                "NoncurrentVersionExpiration": {"NewerNoncurrentVersions": 3, "NoncurrentDays": 90},
                "NoncurrentVersionTransitions": [{"NewerNoncurrentVersions": 2, "StorageClass": "GLACIER_IR", "TransitionInDays": 30}],
                "Prefix": "landing/",
                "Status": "Enabled",
                "TagFilters": [{"Key": "team", "Value": "data"}],
                "Transitions": [
                    {"StorageClass": "STANDARD_IA", "TransitionInDays": 30},
                    {"StorageClass": "GLACIER", "TransitionInDays": 365}
                ]
            },
            {"AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}, "Id": "uploads", "Status": "Enabled"},
            {"ExpiredObjectDeleteMarker": true, "Id": "markers", "Status": "Disabled"},
            {
                "Id": "big",
                "ObjectSizeGreaterThan": "1048576",
                "Status": "Enabled",
                "Transitions": [{"StorageClass": "DEEP_ARCHIVE", "TransitionDate": "2030-01-01T00:00:00Z"}]
            }
        ]})
    );
}

#[test]
fn a_kms_bucket_without_a_key_creates_one_as_the_cdk_does() {
    let app = app();
    let lake = lake(&app);
    let key = lake.raw.encryption_key().expect("a created key");
    assert_eq!(key.node().path(), "Storage/Raw/Key");
    let t = template(&app, "Storage");
    let written = resource(&t, "RawKey9F610D0B");
    assert_eq!(
        written["Properties"]["Description"],
        "Created by Storage/Raw"
    );
    assert_eq!(written["Properties"]["EnableKeyRotation"], true);
    // The key outlives a destroyed bucket, as in the CDK: objects may still need it.
    assert_eq!(written["DeletionPolicy"], "Retain");
    let ids: Vec<&String> = t["Resources"].as_object().unwrap().keys().collect();
    let position = |id: &str| ids.iter().position(|i| *i == id).unwrap();
    assert!(position("RawKey9F610D0B") < position("Raw72517081"));
}

#[test]
fn grants_in_the_same_stack_cover_the_bucket_and_its_key() {
    let app = app();
    let lake = lake(&app);
    let grant = lake.raw.grant_read_write(&lake.etl);
    assert!(grant.principal_statement().is_some() && grant.resource_statement().is_none());
    let _ = lake.curated.grant_read(&lake.etl);
    let _ = lake
        .curated
        .grant_access(&lake.etl, BucketAccess::Put, "incoming/*");
    let _ = lake
        .raw
        .grant_access(&lake.etl, BucketAccess::Delete, "tmp/*");
    let _ = lake.curated.grant_write(&lake.etl);
    let t = template(&app, "Storage");
    let put = [
        "s3:PutObject",
        "s3:PutObjectLegalHold",
        "s3:PutObjectRetention",
        "s3:PutObjectTagging",
        "s3:PutObjectVersionTagging",
        "s3:Abort*",
    ];
    let write: Vec<&str> = ["s3:DeleteObject*"].into_iter().chain(put).collect();
    let read_write: Vec<&str> = ["s3:GetObject*", "s3:GetBucket*", "s3:List*"]
        .into_iter()
        .chain(write.iter().copied())
        .collect();
    let (raw, curated) = (get_att("Raw72517081"), get_att("CuratedF137945A"));
    assert_eq!(
        resource(&t, "EtlDefaultPolicy8F9C16AA")["Properties"]["PolicyDocument"]["Statement"],
        json!([
            {"Action": read_write, "Effect": "Allow", "Resource": [raw, objects(raw.clone(), "*")]},
            {"Action": ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"],
             "Effect": "Allow", "Resource": get_att("RawKey9F610D0B")},
            {"Action": ["s3:GetObject*", "s3:GetBucket*", "s3:List*"], "Effect": "Allow",
             "Resource": [curated, objects(curated.clone(), "*")]},
            {"Action": ["kms:Decrypt", "kms:DescribeKey"], "Effect": "Allow", "Resource": get_att("ZoneKeyA9416B2E")},
            {"Action": put, "Effect": "Allow", "Resource": objects(curated.clone(), "incoming/*")},
            {"Action": ["kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Decrypt"],
             "Effect": "Allow", "Resource": get_att("ZoneKeyA9416B2E")},
            {"Action": "s3:DeleteObject*", "Effect": "Allow", "Resource": objects(raw.clone(), "tmp/*")},
            {"Action": write, "Effect": "Allow", "Resource": [curated, objects(curated.clone(), "*")]}
        ])
    );
}

#[test]
fn a_grant_from_another_stack_imports_the_bucket_and_key_arns() {
    let app = app();
    let lake = lake(&app);
    let compute = stack(&app, "Compute");
    let worker = Role::new(
        &compute,
        "Worker",
        RoleProps::new(Principal::service("lambda.amazonaws.com")),
    );
    let _ = lake.raw.grant_read(&worker);
    let assembly = app.assemble().unwrap();
    let compute = assembly.stack("Compute").unwrap();
    assert_eq!(compute.dependencies, ["Storage"]);
    let bucket_arn =
        json!({"Fn::ImportValue": "Storage:ExportsOutputFnGetAttRaw72517081Arn8AABA17C"});
    assert_eq!(
        compute.template["Resources"]["WorkerDefaultPolicyD9676315"]["Properties"]
            ["PolicyDocument"]["Statement"],
        json!([
            {"Action": ["s3:GetObject*", "s3:GetBucket*", "s3:List*"], "Effect": "Allow",
             "Resource": [bucket_arn, objects(bucket_arn.clone(), "*")]},
            {"Action": ["kms:Decrypt", "kms:DescribeKey"], "Effect": "Allow",
             "Resource": {"Fn::ImportValue": "Storage:ExportsOutputFnGetAttRawKey9F610D0BArn0A79DEFE"}}
        ])
    );
}

#[test]
fn a_grant_to_another_account_goes_to_the_bucket_policy_and_the_key_policy() {
    let app = app();
    let lake = lake(&app);
    let s = Stack::of(&lake.raw).unwrap();
    let partner = Role::from_role_arn(&s, "Partner", "arn:aws:iam::444444444444:role/partner");
    let grant = lake.raw.grant_read(&partner);
    assert!(grant.principal_statement().is_none());
    assert!(grant.resource_statement().is_some());
    let t = template(&app, "Storage");
    let raw = get_att("Raw72517081");
    let statements =
        &resource(&t, "RawPolicyD5BAF6E0")["Properties"]["PolicyDocument"]["Statement"];
    assert_eq!(
        statements[2],
        json!({"Action": ["s3:GetObject*", "s3:GetBucket*", "s3:List*"], "Effect": "Allow",
               "Principal": {"AWS": "arn:aws:iam::444444444444:role/partner"},
               "Resource": [raw, objects(raw.clone(), "*")]})
    );
    assert_eq!(
        resource(&t, "RawKey9F610D0B")["Properties"]["KeyPolicy"]["Statement"][1],
        json!({"Action": ["kms:Decrypt", "kms:DescribeKey"], "Effect": "Allow",
               "Principal": {"AWS": "arn:aws:iam::444444444444:role/partner"}, "Resource": "*"})
    );
}

#[test]
fn server_access_logs_get_the_log_delivery_acl_and_key_access() {
    let app = app();
    let s = stack(&app, "S");
    let logs = Bucket::new(
        &s,
        "Logs",
        BucketProps::new().encryption(BucketEncryption::Kms),
    );
    Bucket::new(
        &s,
        "Src",
        BucketProps::new().server_access_logs_bucket(&logs),
    );
    Bucket::new(
        &s,
        "Again",
        BucketProps::new().server_access_logs_bucket(&logs),
    );
    Bucket::new(
        &s,
        "Own",
        BucketProps::new().server_access_logs_prefix("self/"),
    );
    let external = Bucket::from_bucket_name(&s, "External", "central-logs");
    let to_external = Bucket::new(
        &s,
        "ToExternal",
        BucketProps::new().server_access_logs_bucket(&external),
    );
    let t = template(&app, "S");
    let acl = |id: &str| {
        let p = &resource(&t, id)["Properties"];
        (p["AccessControl"].clone(), p["OwnershipControls"].clone())
    };
    let log_delivery = (
        json!("LogDeliveryWrite"),
        json!({"Rules": [{"ObjectOwnership": "ObjectWriter"}]}),
    );
    assert_eq!(acl("Logs6819BB44"), log_delivery);
    assert_eq!(acl("Own30425842"), log_delivery);
    assert_eq!(
        resource(&t, "SrcEFF73705")["Properties"]["LoggingConfiguration"],
        json!({"DestinationBucketName": {"Ref": "Logs6819BB44"}})
    );
    assert_eq!(
        resource(&t, "Own30425842")["Properties"]["LoggingConfiguration"],
        json!({"LogFilePrefix": "self/"})
    );
    let key_statements = &resource(&t, "LogsKeyB5D1D597")["Properties"]["KeyPolicy"]["Statement"];
    let log_statement = json!({
        "Action": ["kms:Decrypt", "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"],
        "Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"}, "Resource": "*"
    });
    assert_eq!(key_statements[1], log_statement);
    assert_eq!(key_statements.as_array().unwrap().len(), 2, "written once");
    let warned = to_external.node().metadata().into_iter().any(|m| {
        m.kind == WARNING_METADATA
            && m.data
                .as_str()
                .is_some_and(|w| w.contains("imported bucket S/External"))
    });
    assert!(warned, "a log target this app cannot change is a warning");
}

#[test]
fn event_bridge_notifications_are_written_on_the_bucket() {
    let app = app();
    let s = stack(&app, "S");
    Bucket::new(&s, "Raw", BucketProps::new().event_bridge_enabled(true));
    let later = Bucket::new(&s, "Later", BucketProps::new());
    later.enable_event_bridge_notification();
    later.enable_event_bridge_notification();
    let t = template(&app, "S");
    for id in ["Raw72517081", "LaterC575820C"] {
        assert_eq!(
            resource(&t, id)["Properties"]["NotificationConfiguration"],
            json!({"EventBridgeConfiguration": {"EventBridgeEnabled": true}})
        );
    }
}

#[test]
fn imported_buckets_by_name_and_arn() {
    let app = app();
    let s = stack(&app, "S");
    let role = Role::new(
        &s,
        "Reader",
        RoleProps::new(Principal::service("glue.amazonaws.com")),
    );
    let shared = Bucket::from_bucket_name(&s, "Shared", "shared-reference-data");
    assert_eq!(
        shared.bucket_regional_domain_name().as_value().as_str(),
        Some("shared-reference-data.s3.us-east-2.amazonaws.com")
    );
    let archive = Bucket::from_bucket_arn(&s, "Archive", "arn:aws:s3:::company-archive");
    assert_eq!(
        archive.bucket_name().as_value().as_str(),
        Some("company-archive")
    );
    let parameter = CfnParameter::new(&s, "ArchiveArn", ParameterProps::of_type("String"));
    let by_token = Bucket::from_bucket_arn(&s, "ByToken", parameter.value_as_string());
    let _ = shared.grant_read(&role);
    let grant = archive.grant_write(&role);
    assert!(grant.principal_statement().is_some());
    let _ = by_token.grant_delete(&role);
    let partner = Role::from_role_arn(&s, "Partner", "arn:aws:iam::444444444444:role/partner");
    assert!(
        !shared.grant_read(&partner).success(),
        "no bucket policy to add to, and the partner's role is not ours"
    );
    let t = template(&app, "S");
    let shared_arn = |suffix: &str| json!({"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, format!(":s3:::shared-reference-data{suffix}")]]});
    assert_eq!(
        resource(&t, "ReaderDefaultPolicy151F3818")["Properties"]["PolicyDocument"]["Statement"],
        json!([
            {"Action": ["s3:GetObject*", "s3:GetBucket*", "s3:List*"], "Effect": "Allow",
             "Resource": [shared_arn(""), shared_arn("/*")]},
            {"Action": ["s3:DeleteObject*", "s3:PutObject", "s3:PutObjectLegalHold", "s3:PutObjectRetention",
                        "s3:PutObjectTagging", "s3:PutObjectVersionTagging", "s3:Abort*"],
             "Effect": "Allow", "Resource": ["arn:aws:s3:::company-archive", "arn:aws:s3:::company-archive/*"]},
            {"Action": "s3:DeleteObject*", "Effect": "Allow",
             "Resource": {"Fn::Join": ["", [{"Ref": "ArchiveArn"}, "/*"]]}}
        ])
    );
    assert_eq!(
        t["Resources"].as_object().unwrap().len(),
        2,
        "imports write nothing"
    );
}

#[test]
fn an_explicit_bucket_policy_manages_an_imported_bucket() {
    let app = app();
    let s = stack(&app, "S");
    let shared = Bucket::from_bucket_name(&s, "Shared", "shared-reference-data");
    let policy = BucketPolicy::new(&s, "SharedPolicy", BucketPolicyProps::new(&shared));
    policy.add_statement(
        PolicyStatement::allow()
            .action("s3:GetObject")
            .resource(shared.arn_for_objects("*"))
            .principal(Principal::account("222222222222")),
    );
    let partner = Role::from_role_arn(&s, "Partner", "arn:aws:iam::444444444444:role/partner");
    assert!(shared.grant_read(&partner).resource_statement().is_some());
    let t = template(&app, "S");
    let shared_arn = |suffix: &str| json!({"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, format!(":s3:::shared-reference-data{suffix}")]]});
    assert_eq!(
        resource(&t, "SharedPolicyCFE81473")["Properties"],
        json!({
            "Bucket": "shared-reference-data",
            "PolicyDocument": {"Statement": [
                {"Action": "s3:GetObject", "Effect": "Allow",
                 "Principal": {"AWS": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::222222222222:root"]]}},
                 "Resource": shared_arn("/*")},
                {"Action": ["s3:GetObject*", "s3:GetBucket*", "s3:List*"], "Effect": "Allow",
                 "Principal": {"AWS": "arn:aws:iam::444444444444:role/partner"},
                 "Resource": [shared_arn(""), shared_arn("/*")]}
            ], "Version": "2012-10-17"}
        })
    );
}

#[test]
fn invalid_input_is_reported_with_the_construct_path() {
    let app = app();
    let s = stack(&app, "S");
    Bucket::new(
        &s,
        "BadName",
        BucketProps::new().bucket_name("My_Bucket..-s3alias"),
    );
    Bucket::new(&s, "IpName", BucketProps::new().bucket_name("192.168.1.1"));
    Bucket::new(&s, "Short", BucketProps::new().bucket_name("xn"));
    let key = Key::new(&s, "Key", KeyProps::new());
    Bucket::new(
        &s,
        "KeyConflict",
        BucketProps::new()
            .encryption(BucketEncryption::S3Managed)
            .encryption_key(&key),
    );
    Bucket::new(
        &s,
        "Tls",
        BucketProps::new()
            .enforce_ssl(false)
            .minimum_tls_version(TlsVersion::V1_3),
    );
    Bucket::new(
        &s,
        "SelfLogs",
        BucketProps::new()
            .encryption(BucketEncryption::KmsManaged)
            .server_access_logs_prefix("logs/"),
    );
    let rules = Bucket::new(
        &s,
        "Rules",
        BucketProps::new()
            .lifecycle_rule(LifecycleRule::new().id("empty"))
            .lifecycle_rule(
                LifecycleRule::new()
                    .id("early")
                    .transition(Transition::after_days(
                        StorageClass::OneZoneInfrequentAccess,
                        7,
                    ))
                    .expiration_days(5),
            ),
    );
    rules.add_lifecycle_rule(
        LifecycleRule::new()
            .id("early")
            .abort_incomplete_multipart_upload_days(0)
            .tag_filter("team", "data"),
    );
    rules.add_lifecycle_rule(
        LifecycleRule::new()
            .expired_object_delete_marker(true)
            .expiration_date("next week")
            .noncurrent_versions_to_retain(101),
    );
    rules.add_cors_rule(CorsRule::new([HttpMethod::Get], Vec::<String>::new()));
    rules.add_cors_rule(CorsRule::new(
        [HttpMethod::Get],
        ["https://*.*.example.com"],
    ));
    Bucket::from_bucket_arn(&s, "NotABucket", "arn:aws:sqs:us-east-2:111111111111:queue");
    Bucket::from_bucket_arn(&s, "NotAnArn", "company-archive");
    let imported = Bucket::from_bucket_name(&s, "Imported", "a/b");
    imported.add_lifecycle_rule(LifecycleRule::new().expiration_days(1));
    imported.enable_event_bridge_notification();
    let policed = Bucket::new(&s, "Policed", BucketProps::new());
    BucketPolicy::new(
        &s,
        "Second",
        BucketPolicyProps::new(&policed).statement(
            PolicyStatement::allow()
                .action("s3:GetObject")
                .resource(policed.arn_for_objects("*"))
                .principal(Principal::account("222222222222")),
        ),
    );
    let empty = Bucket::from_bucket_name(&s, "Empty", "empty-policy");
    let policy = BucketPolicy::new(&s, "EmptyPolicy", BucketPolicyProps::new(&empty));
    let no_principal = Bucket::from_bucket_name(&s, "NoPrincipal", "no-principal");
    BucketPolicy::new(
        &s,
        "NoPrincipalPolicy",
        BucketPolicyProps::new(&no_principal).statement(
            PolicyStatement::allow()
                .action("s3:GetObject")
                .all_resources(),
        ),
    );
    assert!(policy.document().is_empty());

    let errors = app.assemble().unwrap_err();
    let expected = [
        ("S/BadName", "bucket name \"My_Bucket..-s3alias\" contains 'M'; only lowercase letters, digits, '.' and '-' are allowed"),
        ("S/BadName", "bucket name \"My_Bucket..-s3alias\" must start with a lowercase letter or a digit"),
        ("S/BadName", "must not contain two adjacent periods"),
        ("S/BadName", "must not have a period next to a hyphen"),
        ("S/BadName", "must not end with \"-s3alias\" (reserved)"),
        ("S/IpName", "bucket name \"192.168.1.1\" must not be formatted as an IP address"),
        ("S/Short", "bucket name \"xn\" must be 3 to 63 characters long (it has 2)"),
        ("S/KeyConflict", "an encryption key is given, so the encryption must be BucketEncryption::Kms (not S3Managed)"),
        ("S/Tls", "a minimum TLS version needs enforce_ssl"),
        ("S/SelfLogs", "(KmsManaged) cannot receive its own server access logs"),
        ("S/Rules", "lifecycle rule \"empty\" has no action"),
        ("S/Rules", "lifecycle rule \"early\" has a transition to ONEZONE_IA after 7 days; it must be at least 30"),
        ("S/Rules", "lifecycle rule \"early\" expires objects after 5 days, which must be later than its transition to ONEZONE_IA (after 7 days)"),
        ("S/Rules", "lifecycle rule \"early\" is not unique"),
        ("S/Rules", "lifecycle rule \"early\" cannot abort incomplete multipart uploads in a rule filtered by tags or object size"),
        ("S/Rules", "lifecycle rule \"early\" has an abort of incomplete multipart uploads after 0 days; it must be at least 1"),
        ("S/Rules", "lifecycle rule #4 cannot combine expired-object-delete-marker with an expiration or tag filters"),
        ("S/Rules", "lifecycle rule #4 has the date \"next week\"; dates are YYYY-MM-DD (midnight UTC)"),
        ("S/Rules", "lifecycle rule #4 keeps noncurrent versions but has no noncurrent-version expiration"),
        ("S/Rules", "lifecycle rule #4 keeps 101 noncurrent versions; it must be between 1 and 100"),
        ("S/Rules", "CORS rule #1 allows no origin"),
        ("S/Rules", "CORS rule #2 allows the origin \"https://*.*.example.com\", which has more than one '*' wildcard"),
        ("S/NotABucket", "is not the ARN of a bucket"),
        ("S/NotAnArn", "\"company-archive\" is not an ARN"),
        ("S/Imported", "bucket name \"a/b\" contains '/'"),
        ("S/Imported", "cannot add a lifecycle rule to an imported bucket"),
        ("S/Imported", "cannot enable EventBridge notifications on an imported bucket"),
        ("S/Second", "the bucket already has a policy (S/Policed/Policy)"),
        ("S/EmptyPolicy", "the bucket policy has no statement"),
        ("S/NoPrincipalPolicy", "must name at least one principal"),
    ];
    for (path, message) in expected {
        assert!(
            errors.contains(path, message),
            "missing {path}: {message} in\n{errors}"
        );
    }
    assert_eq!(errors.errors().len(), expected.len(), "{errors}");
}

/// An app using every feature of the module, for the real validators.
fn every_feature(app: &App) {
    let lake = lake(app);
    let s = Stack::of(&lake.raw).unwrap();
    lake.raw.enable_event_bridge_notification();
    let _ = lake.raw.grant_read_write(&lake.etl);
    let _ = lake.curated.grant_put(&lake.etl);
    let _ = lake.curated.grant_delete(&lake.etl);
    let partner = Role::from_role_arn(&s, "Partner", "arn:aws:iam::444444444444:role/partner");
    let _ = lake.raw.grant_read(&partner);
    Bucket::new(
        &s,
        "Managed",
        BucketProps::new()
            .encryption(BucketEncryption::KmsManaged)
            .block_public_access(BlockPublicAccess::BLOCK_ACLS)
            .enforce_ssl(false),
    );
    let shared = Bucket::from_bucket_name(&s, "Shared", "shared-reference-data");
    let _ = shared.grant_read(&lake.etl);
    BucketPolicy::new(
        &s,
        "SharedPolicy",
        BucketPolicyProps::new(&shared).statement(
            PolicyStatement::allow()
                .action("s3:GetObject")
                .resource(shared.arn_for_objects("*"))
                .principal(Principal::account("222222222222")),
        ),
    );
    let archive = Bucket::from_bucket_arn(&s, "Archive", "arn:aws:s3:::company-archive");
    let _ = archive.grant_write(&lake.etl);
    let compute = stack(app, "Compute");
    let worker = Role::new(
        &compute,
        "Worker",
        RoleProps::new(Principal::service("lambda.amazonaws.com")),
    );
    let _ = lake.raw.grant_read(&worker);
}

#[test]
fn cfn_lint_accepts_every_feature() {
    let tools = Tools::discover().unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cdk.out");
    let app = App::with_props(AppProps::default().outdir(&out));
    every_feature(&app);
    app.synth().unwrap_or_else(|e| panic!("{e}"));
    let templates = files_ending(&out, ".template.json");
    assert_eq!(templates.len(), 2);
    // W3045 ("AccessControl is a legacy property"): the log delivery ACL is what aws-cdk-lib
    // writes for server access logs without feature flags, and what we match.
    let result = tools
        .cfn_lint_command()
        .args(["--format", "parseable", "--ignore-checks", "W3045", "--"])
        .args(&templates)
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "cfn-lint found problems:\n{}{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    let with_acl = tools
        .cfn_lint_command()
        .args(["--format", "parseable", "--"])
        .args(&templates)
        .output()
        .unwrap();
    let findings = String::from_utf8_lossy(&with_acl.stdout);
    assert!(
        findings.lines().all(|l| l.contains(":W3045:")),
        "only the legacy-ACL warning is left out:\n{findings}"
    );
}
