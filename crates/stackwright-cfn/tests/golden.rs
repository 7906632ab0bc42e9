//! Golden tests of a handful of generated types: names (snake_case fields render their exact
//! CloudFormation names, acronyms included), nested property types, attributes, tag formats
//! and the facts.
// Without its features this file would compile to zero tests and pass in silence: fail instead.
#[cfg(not(all(
    feature = "s3",
    feature = "dynamodb",
    feature = "sqs",
    feature = "ssm",
    feature = "iam",
    feature = "glue"
)))]
compile_error!(
    "tests/golden.rs needs the features s3, dynamodb, sqs, ssm, iam, glue of stackwright-cfn (the default features): run it with them"
);

use serde_json::json;
use stackwright_cfn::{dynamodb, glue, iam, s3, sqs, ssm};
use stackwright_core::{
    App, AppProps, Fn, ResourceProps, Stack, StackProps, Synthesizer, TagFormat, Val,
};

fn stack() -> (App, Stack) {
    let app = App::with_props(AppProps::default());
    let stack = Stack::new(
        &app,
        "S",
        StackProps::default().synthesizer(Synthesizer::Bootstrapless),
    );
    (app, stack)
}

fn resources(app: &App) -> serde_json::Value {
    let assembly = app.assemble().expect("synthesis succeeds");
    assembly.stack("S").expect("stack S").template["Resources"].clone()
}

#[test]
fn acronym_fields_render_their_exact_cloudformation_names() {
    let (app, stack) = stack();
    // KeySchema is typed although its schema is a union with a JSON document.
    let key = dynamodb::table::KeySchema::new("pk", "HASH");
    let props = dynamodb::CfnTableProps::new(vec![key])
        .billing_mode("PAY_PER_REQUEST")
        .sse_specification(dynamodb::table::SseSpecification::new(true).sse_type("KMS"));
    dynamodb::CfnTable::new(&stack, "Table", props);
    assert_eq!(
        resources(&app)["Table"],
        json!({
            "Type": "AWS::DynamoDB::Table",
            "Properties": {
                "BillingMode": "PAY_PER_REQUEST",
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                "SSESpecification": {"SSEEnabled": true, "SSEType": "KMS"}
            }
        })
    );
}

#[test]
fn nested_property_types_render_in_cloudformation_name_order_and_omit_absent_options() {
    let (app, stack) = stack();
    let rule = s3::bucket::ServerSideEncryptionRule::new()
        .server_side_encryption_by_default(s3::bucket::ServerSideEncryptionByDefault::new(
            "aws:kms",
        ))
        .bucket_key_enabled(true);
    let bucket = s3::CfnBucket::new(
        &stack,
        "Bucket",
        s3::CfnBucketProps::new()
            .versioning_configuration(s3::bucket::VersioningConfiguration::new("Enabled"))
            .bucket_encryption(s3::bucket::BucketEncryption::new(vec![rule]))
            .bucket_name("my-bucket"),
    );
    assert_eq!(s3::CfnBucket::TYPE_NAME, "AWS::S3::Bucket");
    let rendered = resources(&app)["Bucket"]["Properties"].clone();
    assert_eq!(
        serde_json::to_string(&rendered).unwrap(),
        r#"{"BucketEncryption":{"ServerSideEncryptionConfiguration":[{"BucketKeyEnabled":true,"ServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms"}}]},"BucketName":"my-bucket","VersioningConfiguration":{"Status":"Enabled"}}"#
    );
    // update() changes the typed props in place.
    bucket.update(|p| p.bucket_name = None);
    assert!(resources(&app)["Bucket"]["Properties"]
        .get("BucketName")
        .is_none());
}

#[test]
fn references_and_typed_attributes() {
    let (app, stack) = stack();
    let queue = sqs::CfnQueue::new(&stack, "Queue", sqs::CfnQueueProps::new());
    let arn: Val<String> = queue.attr_arn();
    let url: Val<String> = queue.attr_queue_url();
    let role = iam::CfnRole::new(
        &stack,
        "Role",
        iam::CfnRoleProps::new(json!({"Version": "2012-10-17", "Statement": []}))
            .role_name(Fn::join("-", [queue.ref_value(), "role".into()])),
    );
    glue::CfnJob::new(
        &stack,
        "Job",
        glue::CfnJobProps::new(
            glue::job::JobCommand::new().name("glueetl"),
            role.attr_arn(),
        )
        .default_arguments(json!({"--queue": "x"}))
        .description(url),
    );
    ssm::CfnParameter::new(&stack, "Param", ssm::CfnParameterProps::new("String", arn));
    let r = resources(&app);
    assert_eq!(
        r["Param"]["Properties"]["Value"],
        json!({"Fn::GetAtt": ["Queue", "Arn"]})
    );
    assert_eq!(
        r["Job"]["Properties"]["Role"],
        json!({"Fn::GetAtt": ["Role", "Arn"]})
    );
    assert_eq!(
        r["Job"]["Properties"]["Description"],
        json!({"Fn::GetAtt": ["Queue", "QueueUrl"]})
    );
    assert_eq!(
        r["Job"]["Properties"]["Command"],
        json!({"Name": "glueetl"})
    );
    assert_eq!(
        r["Role"]["Properties"]["RoleName"],
        json!({"Fn::Join": ["-", [{"Ref": "Queue"}, "role"]]})
    );
    // Escape hatches through Deref to the untyped resource.
    role.add_property_override("Path", "/service/");
    assert_eq!(resources(&app)["Role"]["Properties"]["Path"], "/service/");
}

#[test]
fn nested_attributes_are_dotted_and_typed() {
    let spec = dynamodb::CfnTableProps::SPEC;
    assert!(spec.attributes.contains(&"StreamArn"));
    let spec = <s3::CfnBucketProps as ResourceProps>::SPEC;
    assert!(spec
        .attributes
        .contains(&"MetadataTableConfiguration.S3TablesDestination.TableArn"));
    let (_app, stack) = stack();
    let bucket = s3::CfnBucket::new(&stack, "B", s3::CfnBucketProps::new());
    let v: Val<String> = bucket.attr_metadata_table_configuration_s3_tables_destination_table_arn();
    assert_eq!(
        format!("{v:?}"),
        format!(
            "{:?}",
            bucket.get_att("MetadataTableConfiguration.S3TablesDestination.TableArn")
        )
    );
}

#[test]
fn facts_tag_formats_and_documentation() {
    assert_eq!(s3::bucket::SPEC.tag_format, TagFormat::KeyValueList("Tags"));
    assert_eq!(ssm::parameter::SPEC.tag_format, TagFormat::Map("Tags"));
    assert_eq!(s3::bucket_policy::SPEC.tag_format, TagFormat::NotTaggable);
    assert_eq!(s3::bucket::SPEC.primary_identifier, ["BucketName"]);
    assert!(s3::bucket::SPEC
        .create_only_properties
        .contains(&"BucketName"));
    assert_eq!(
        s3::bucket::SPEC.documentation,
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucket.html"
    );
    assert_eq!(glue::job::SPEC.type_name, "AWS::Glue::Job");
}

#[test]
fn the_type_lists_cover_all_types_and_the_enabled_features() {
    assert_eq!(stackwright_cfn::ALL_RESOURCE_TYPES.len(), 1898);
    assert!(
        stackwright_cfn::ALL_RESOURCE_TYPES
            .windows(2)
            .all(|w| w[0] < w[1]),
        "sorted and unique"
    );
    let enabled = stackwright_cfn::enabled_resource_specs();
    assert!(enabled.iter().any(|s| s.type_name == "AWS::S3::Bucket"));
    assert!(enabled
        .iter()
        .all(|s| stackwright_cfn::ALL_RESOURCE_TYPES.contains(&s.type_name)));
    #[cfg(not(feature = "full"))]
    assert!(
        !enabled.iter().any(|s| s.type_name == "AWS::RDS::DBCluster"),
        "rds is not a default feature"
    );
}

#[test]
fn extra_traits_compare_and_print_field_by_field() {
    // `Debug` and `PartialEq` exist with the feature `extra-traits` (the tests enable it).
    let props = s3::CfnBucketProps::new()
        .bucket_name("logs")
        .versioning_configuration(s3::bucket::VersioningConfiguration::new("Enabled"));
    assert_eq!(props.clone(), props);
    assert_ne!(props, s3::CfnBucketProps::new().bucket_name("logs"));
    let debug = format!("{props:?}");
    assert!(debug.contains(r#"bucket_name: Some("logs")"#), "{debug}");
    assert_eq!(
        s3::bucket::VersioningConfiguration::new("Enabled"),
        s3::bucket::VersioningConfiguration::new("Enabled")
    );
}
