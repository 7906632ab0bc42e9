//! DynamoDB tables: the CloudFormation they write (checked against aws-cdk-lib 2.276's output
//! for the same props), grants within a stack, across stacks and across accounts, imports, the
//! validation errors, and cfn-lint over a table of every kind.

use crate::support;
use support::{app, stack};

use serde_json::{json, Value as Json};
use stackwright_assertions::tools::Tools;
use stackwright_aws::dynamodb::{
    Attribute, BillingMode, GlobalSecondaryIndexProps, Projection, StreamViewType, Table,
    TableAttributes, TableClass, TableEncryption, TableProps,
};
use stackwright_aws::iam::{Principal, Role, RoleProps};
use stackwright_aws::kms::{Key, KeyProps};
use stackwright_core::{App, AppProps, RemovalPolicy, Stack};

fn worker(stack: &Stack, id: &str) -> Role {
    Role::new(
        stack,
        id,
        RoleProps::new(Principal::service("lambda.amazonaws.com")),
    )
}

fn template(app: &App, stack: &str) -> Json {
    let assembly = app.assemble().unwrap_or_else(|e| panic!("{e}"));
    assembly.stack(stack).unwrap().template.clone()
}

fn statements(template: &Json, policy: &str) -> Json {
    template["Resources"][policy]["Properties"]["PolicyDocument"]["Statement"].clone()
}

fn get_att(logical_id: &str, attribute: &str) -> Json {
    json!({"Fn::GetAtt": [logical_id, attribute]})
}

/// The resources of a table grant: the ARN, and `<ARN>/index/*` when the table has an index.
fn table_resources(arn: Json, with_index: bool) -> Json {
    let mut resources = vec![arn.clone()];
    if with_index {
        resources.push(json!({"Fn::Join": ["", [arn, "/index/*"]]}));
    }
    Json::Array(resources)
}

const READ: [&str; 6] = [
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:GetItem",
    "dynamodb:Scan",
    "dynamodb:ConditionCheckItem",
    "dynamodb:DescribeTable",
];
const WRITE: [&str; 5] = [
    "dynamodb:BatchWriteItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:DescribeTable",
];
const READ_WRITE: [&str; 10] = [
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:GetItem",
    "dynamodb:Scan",
    "dynamodb:ConditionCheckItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:DescribeTable",
];
const KEY_READ_WRITE: [&str; 5] = [
    "kms:Decrypt",
    "kms:DescribeKey",
    "kms:Encrypt",
    "kms:ReEncrypt*",
    "kms:GenerateDataKey*",
];

#[test]
fn a_table_is_on_demand_with_recovery_on_and_retained_by_default() {
    let app = app();
    let s = stack(&app, "Data");
    let table = Table::new(&s, "Minimal", TableProps::new(Attribute::string("pk")));
    assert!(table.table_stream_arn().is_none());
    assert!(table.encryption_key().is_none());
    let t = template(&app, "Data");
    let resource = &t["Resources"]["Minimal107EFE55"];
    assert_eq!(resource["Type"], "AWS::DynamoDB::Table");
    assert_eq!(
        resource["Properties"],
        json!({
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true}
        })
    );
    assert_eq!(resource["DeletionPolicy"], "Retain");
    assert_eq!(resource["UpdateReplacePolicy"], "Retain");
}

#[test]
fn keys_indexes_a_created_key_time_to_live_and_a_stream_are_written_as_the_cdk_does() {
    let app = app();
    let s = stack(&app, "Data");
    let orders = Table::new(
        &s,
        "Orders",
        TableProps::new(Attribute::string("customer"))
            .table_name("orders")
            .sort_key(Attribute::number("ts"))
            .encryption(TableEncryption::CustomerManaged)
            .time_to_live_attribute("expires")
            .stream(StreamViewType::NewAndOldImages)
            .removal_policy(RemovalPolicy::Destroy)
            .global_secondary_index(
                GlobalSecondaryIndexProps::new("by-status", Attribute::string("status"))
                    .sort_key(Attribute::number("ts")),
            ),
    );
    orders.add_global_secondary_index(
        GlobalSecondaryIndexProps::new("by-sku", Attribute::binary("sku"))
            .projection(Projection::include(["qty", "price"])),
    );
    orders.add_global_secondary_index(
        GlobalSecondaryIndexProps::new("keys", Attribute::string("status"))
            .projection(Projection::KeysOnly),
    );
    assert!(orders.encryption_key().is_some());
    assert_eq!(
        orders.table_stream_arn().unwrap().as_value(),
        orders.resource().unwrap().attr_stream_arn().as_value()
    );
    let t = template(&app, "Data");
    let ids: Vec<&String> = t["Resources"].as_object().unwrap().keys().collect();
    assert_eq!(
        ids,
        ["OrdersKey6C690DD2", "OrdersA9B65338"],
        "the key comes first, as in the CDK"
    );
    assert_eq!(
        t["Resources"]["OrdersKey6C690DD2"]["Properties"],
        json!({
            "Description": "Customer-managed key auto-created for encrypting DynamoDB table at Data/Orders",
            "EnableKeyRotation": true,
            "KeyPolicy": {
                "Statement": [{
                    "Action": "kms:*",
                    "Effect": "Allow",
                    "Principal": {"AWS": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::111111111111:root"]]}},
                    "Resource": "*"
                }],
                "Version": "2012-10-17"
            }
        })
    );
    assert_eq!(
        t["Resources"]["OrdersKey6C690DD2"]["DeletionPolicy"],
        "Retain"
    );
    let table = &t["Resources"]["OrdersA9B65338"];
    assert_eq!(
        table["Properties"],
        json!({
            "AttributeDefinitions": [
                {"AttributeName": "customer", "AttributeType": "S"},
                {"AttributeName": "ts", "AttributeType": "N"},
                {"AttributeName": "status", "AttributeType": "S"},
                {"AttributeName": "sku", "AttributeType": "B"}
            ],
            "BillingMode": "PAY_PER_REQUEST",
            "GlobalSecondaryIndexes": [
                {"IndexName": "by-status",
                 "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}, {"AttributeName": "ts", "KeyType": "RANGE"}],
                 "Projection": {"ProjectionType": "ALL"}},
                {"IndexName": "by-sku",
                 "KeySchema": [{"AttributeName": "sku", "KeyType": "HASH"}],
                 "Projection": {"NonKeyAttributes": ["qty", "price"], "ProjectionType": "INCLUDE"}},
                {"IndexName": "keys",
                 "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
                 "Projection": {"ProjectionType": "KEYS_ONLY"}}
            ],
            "KeySchema": [{"AttributeName": "customer", "KeyType": "HASH"}, {"AttributeName": "ts", "KeyType": "RANGE"}],
            "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true},
            "SSESpecification": {"KMSMasterKeyId": get_att("OrdersKey6C690DD2", "Arn"), "SSEEnabled": true, "SSEType": "KMS"},
            "StreamSpecification": {"StreamViewType": "NEW_AND_OLD_IMAGES"},
            "TableName": "orders",
            "TimeToLiveSpecification": {"AttributeName": "expires", "Enabled": true}
        })
    );
    assert_eq!(table["DeletionPolicy"], "Delete");
    assert_eq!(table["UpdateReplacePolicy"], "Delete");
}

#[test]
fn provisioned_tables_give_every_index_capacity_and_other_settings_are_written() {
    let app = app();
    let s = stack(&app, "Data");
    let key = Key::new(&s, "LakeKey", KeyProps::new());
    let events = Table::new(
        &s,
        "Events",
        TableProps::new(Attribute::string("source"))
            .sort_key(Attribute::number("at"))
            .billing_mode(BillingMode::Provisioned {
                read_capacity: 10,
                write_capacity: 3,
            })
            .recovery_period_days(7)
            .encryption_key(&key),
    );
    events.add_global_secondary_index(
        GlobalSecondaryIndexProps::new("by-type", Attribute::string("type"))
            .projection(Projection::KeysOnly)
            .capacity(2, 1),
    );
    events.add_global_secondary_index(
        GlobalSecondaryIndexProps::new("by-day", Attribute::string("day"))
            .sort_key(Attribute::number("at")),
    );
    Table::new(
        &s,
        "Sessions",
        TableProps::new(Attribute::string("id"))
            .encryption(TableEncryption::AwsManaged)
            .point_in_time_recovery(false)
            .deletion_protection(true)
            .table_class(TableClass::StandardInfrequentAccess),
    );
    let t = template(&app, "Data");
    assert_eq!(
        t["Resources"]["EventsD32975C2"]["Properties"],
        json!({
            "AttributeDefinitions": [
                {"AttributeName": "source", "AttributeType": "S"},
                {"AttributeName": "at", "AttributeType": "N"},
                {"AttributeName": "type", "AttributeType": "S"},
                {"AttributeName": "day", "AttributeType": "S"}
            ],
            "GlobalSecondaryIndexes": [
                {"IndexName": "by-type",
                 "KeySchema": [{"AttributeName": "type", "KeyType": "HASH"}],
                 "Projection": {"ProjectionType": "KEYS_ONLY"},
                 "ProvisionedThroughput": {"ReadCapacityUnits": 2, "WriteCapacityUnits": 1}},
                {"IndexName": "by-day",
                 "KeySchema": [{"AttributeName": "day", "KeyType": "HASH"}, {"AttributeName": "at", "KeyType": "RANGE"}],
                 "Projection": {"ProjectionType": "ALL"},
                 "ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}}
            ],
            "KeySchema": [{"AttributeName": "source", "KeyType": "HASH"}, {"AttributeName": "at", "KeyType": "RANGE"}],
            "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": true, "RecoveryPeriodInDays": 7},
            "ProvisionedThroughput": {"ReadCapacityUnits": 10, "WriteCapacityUnits": 3},
            "SSESpecification": {"KMSMasterKeyId": get_att("LakeKey09476F72", "Arn"), "SSEEnabled": true, "SSEType": "KMS"}
        })
    );
    assert_eq!(
        t["Resources"]["Sessions8896A56D"]["Properties"],
        json!({
            "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
            "BillingMode": "PAY_PER_REQUEST",
            "DeletionProtectionEnabled": true,
            "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
            "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": false},
            "SSESpecification": {"SSEEnabled": true},
            "TableClass": "STANDARD_INFREQUENT_ACCESS"
        })
    );
}

#[test]
fn data_and_stream_grants_write_the_cdk_statements_in_order_and_grant_on_the_key() {
    let app = app();
    let s = stack(&app, "Data");
    let plain = Table::new(&s, "Minimal", TableProps::new(Attribute::string("pk")));
    let orders = Table::new(
        &s,
        "Orders",
        TableProps::new(Attribute::string("customer"))
            .encryption(TableEncryption::CustomerManaged)
            .stream(StreamViewType::NewImage),
    );
    let role = worker(&s, "Worker");
    let read = plain.grant_read_data(&role);
    assert!(read.principal_statement().is_some());
    assert!(read.resource_statement().is_none());
    let _ = orders.grant_read_write_data(&role);
    let stream = orders.grant_stream_read(&role);
    assert!(stream.success());
    let _ = orders.grant_write_data(&role);
    // An index added after the grants still widens them (the resources are lazy, as in the CDK).
    orders.add_global_secondary_index(GlobalSecondaryIndexProps::new(
        "late",
        Attribute::string("x"),
    ));
    let t = template(&app, "Data");
    let plain_arn = table_resources(get_att("Minimal107EFE55", "Arn"), false);
    let orders_arns = table_resources(get_att("OrdersA9B65338", "Arn"), true);
    let key = get_att("OrdersKey6C690DD2", "Arn");
    assert_eq!(
        statements(&t, "WorkerDefaultPolicyD9676315"),
        json!([
            {"Action": READ, "Effect": "Allow", "Resource": plain_arn},
            {"Action": ["dynamodb:GetRecords", "dynamodb:GetShardIterator"], "Effect": "Allow", "Resource": plain_arn},
            {"Action": READ_WRITE, "Effect": "Allow", "Resource": orders_arns},
            {"Action": KEY_READ_WRITE, "Effect": "Allow", "Resource": key},
            {"Action": ["dynamodb:GetRecords", "dynamodb:GetShardIterator"], "Effect": "Allow", "Resource": orders_arns},
            {"Action": "dynamodb:ListStreams", "Effect": "Allow", "Resource": "*"},
            {"Action": ["kms:Decrypt", "kms:DescribeKey"], "Effect": "Allow", "Resource": key},
            {"Action": ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
             "Effect": "Allow", "Resource": get_att("OrdersA9B65338", "StreamArn")},
            {"Action": WRITE, "Effect": "Allow", "Resource": orders_arns}
        ])
    );
}

#[test]
fn identical_grants_are_written_once() {
    let app = app();
    let s = stack(&app, "Data");
    let table = Table::new(&s, "T", TableProps::new(Attribute::string("pk")));
    let role = worker(&s, "Worker");
    let _ = table.grant_read_data(&role);
    let _ = table.grant_read_data(&role);
    let t = template(&app, "Data");
    assert_eq!(
        statements(&t, "WorkerDefaultPolicyD9676315")
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn a_grant_to_another_stack_imports_the_table_and_key_arns() {
    let app = app();
    let data = stack(&app, "Data");
    let orders = Table::new(
        &data,
        "Orders",
        TableProps::new(Attribute::string("customer"))
            .encryption(TableEncryption::CustomerManaged)
            .global_secondary_index(GlobalSecondaryIndexProps::new(
                "by-status",
                Attribute::string("status"),
            )),
    );
    let compute = stack(&app, "Compute");
    let function = worker(&compute, "Fn");
    let _ = orders.grant_read_data(&function);
    let t = template(&app, "Compute");
    let table = json!({"Fn::ImportValue": "Data:ExportsOutputFnGetAttOrdersA9B65338Arn17F87B9C"});
    assert_eq!(
        statements(&t, "FnDefaultPolicy1F61ADF2"),
        json!([
            {"Action": ["kms:Decrypt", "kms:DescribeKey"], "Effect": "Allow",
             "Resource": {"Fn::ImportValue": "Data:ExportsOutputFnGetAttOrdersKey6C690DD2ArnEF1A183C"}},
            {"Action": READ, "Effect": "Allow", "Resource": table_resources(table.clone(), true)},
            {"Action": ["dynamodb:GetRecords", "dynamodb:GetShardIterator"], "Effect": "Allow",
             "Resource": table_resources(table, true)}
        ])
    );
    let data_template = template(&app, "Data");
    assert_eq!(
        data_template["Outputs"]["ExportsOutputFnGetAttOrdersA9B65338Arn17F87B9C"]["Export"]
            ["Name"],
        "Data:ExportsOutputFnGetAttOrdersA9B65338Arn17F87B9C"
    );
    let assembly = app.assemble().unwrap();
    let compute_artifact = assembly.stack("Compute").unwrap();
    let data_artifact = assembly.stack("Data").unwrap();
    assert_eq!(
        compute_artifact.dependencies,
        vec![data_artifact.artifact_id.clone()]
    );
}

#[test]
fn a_grant_to_another_account_goes_to_the_table_resource_policy() {
    let app = app();
    let s = stack(&app, "Data");
    let table = Table::new(&s, "Minimal", TableProps::new(Attribute::string("pk")));
    let auditor = Role::from_role_arn(&s, "Auditor", "arn:aws:iam::444444444444:role/auditor");
    let grant = table.grant_read_data(&auditor);
    assert!(grant.principal_statement().is_none());
    assert!(grant.resource_statement().is_some());
    let t = template(&app, "Data");
    assert_eq!(
        t["Resources"]["Minimal107EFE55"]["Properties"]["ResourcePolicy"],
        json!({
            "PolicyDocument": {
                "Statement": [{
                    "Action": READ,
                    "Effect": "Allow",
                    "Principal": {"AWS": "arn:aws:iam::444444444444:role/auditor"},
                    "Resource": "*"
                }],
                "Version": "2012-10-17"
            }
        })
    );
    assert!(
        t["Resources"].get("AuditorPolicy").is_none(),
        "a role of another account gets no policy"
    );
}

#[test]
fn imported_tables_are_granted_by_name_arn_and_attributes() {
    let app = app();
    let s = stack(&app, "Data");
    let role = worker(&s, "Worker");
    let legacy = Table::from_table_name(&s, "Legacy", "legacy");
    assert_eq!(legacy.table_name().as_value().as_str(), Some("legacy"));
    assert!(legacy.resource().is_none());
    let _ = legacy.grant_read_data(&role);
    let other = Table::from_table_arn(
        &s,
        "Other",
        "arn:aws:dynamodb:us-east-2:111111111111:table/other",
    );
    assert_eq!(other.table_name().as_value().as_str(), Some("other"));
    let _ = other.grant_write_data(&role);
    let key = Key::from_key_arn(
        &s,
        "ArchiveKey",
        "arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    );
    let stream =
        "arn:aws:dynamodb:us-east-2:111111111111:table/archive/stream/2024-01-01T00:00:00.000";
    let archive = Table::from_table_attributes(
        &s,
        "Archive",
        TableAttributes::from_name("archive")
            .stream_arn(stream)
            .encryption_key(&key)
            .grant_index_permissions(true),
    );
    let _ = archive.grant_stream_read(&role);
    let _ = archive.grant_read_write_data(&role);
    let t = template(&app, "Data");
    let arn_of = |name: &str| json!({"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, format!(":dynamodb:us-east-2:111111111111:table/{name}")]]});
    let legacy_arn = table_resources(arn_of("legacy"), false);
    let archive_arns = json!([
        arn_of("archive"),
        {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":dynamodb:us-east-2:111111111111:table/archive/index/*"]]}
    ]);
    let key_arn = "arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    assert_eq!(
        statements(&t, "WorkerDefaultPolicyD9676315"),
        json!([
            {"Action": READ, "Effect": "Allow", "Resource": legacy_arn},
            {"Action": ["dynamodb:GetRecords", "dynamodb:GetShardIterator"], "Effect": "Allow", "Resource": legacy_arn},
            {"Action": WRITE, "Effect": "Allow", "Resource": ["arn:aws:dynamodb:us-east-2:111111111111:table/other"]},
            {"Action": "dynamodb:ListStreams", "Effect": "Allow", "Resource": "*"},
            {"Action": ["kms:Decrypt", "kms:DescribeKey"], "Effect": "Allow", "Resource": key_arn},
            {"Action": ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
             "Effect": "Allow", "Resource": stream},
            {"Action": READ_WRITE, "Effect": "Allow", "Resource": archive_arns},
            {"Action": KEY_READ_WRITE, "Effect": "Allow", "Resource": key_arn},
            {"Action": ["dynamodb:GetRecords", "dynamodb:GetShardIterator"], "Effect": "Allow", "Resource": archive_arns}
        ])
    );
    let resources = t["Resources"].as_object().unwrap();
    assert_eq!(
        resources.len(),
        2,
        "imports write nothing: {:?}",
        resources.keys()
    );
}

#[test]
fn invalid_tables_and_indexes_are_reported_with_the_construct_path() {
    let app = app();
    let s = stack(&app, "S");
    let table = Table::new(
        &s,
        "Bad",
        TableProps::new(Attribute::string("id"))
            .table_name("no")
            .sort_key(Attribute::number("id"))
            .recovery_period_days(40)
            .time_to_live_attribute("")
            .removal_policy(RemovalPolicy::Snapshot),
    );
    table.add_global_secondary_index(
        GlobalSecondaryIndexProps::new("by/type", Attribute::string("t"))
            .sort_key(Attribute::string("t")),
    );
    table.add_global_secondary_index(
        GlobalSecondaryIndexProps::new("conflict", Attribute::number("t")).capacity(5, 5),
    );
    table.add_global_secondary_index(
        GlobalSecondaryIndexProps::new("conflict", Attribute::string("u"))
            .projection(Projection::Include(Vec::new())),
    );
    Table::new(
        &s,
        "Capacity",
        TableProps::new(Attribute::string(""))
            .point_in_time_recovery(false)
            .recovery_period_days(7)
            .billing_mode(BillingMode::Provisioned {
                read_capacity: 0,
                write_capacity: 1,
            }),
    );
    let many = Table::new(&s, "Many", TableProps::new(Attribute::string("pk")));
    for i in 0..21 {
        let attributes: Vec<String> = (0..5).map(|a| format!("a{i}x{a}")).collect();
        many.add_global_secondary_index(
            GlobalSecondaryIndexProps::new(format!("index{i}"), Attribute::string("g"))
                .projection(Projection::Include(attributes)),
        );
    }
    Table::from_table_arn(&s, "NotATable", "arn:aws:s3:::bucket");
    Table::from_table_attributes(
        &s,
        "BadStream",
        TableAttributes::from_name("archive")
            .stream_arn("arn:aws:dynamodb:us-east-2:111111111111:table/archive"),
    );
    let imported = Table::from_table_name(&s, "Imported", "x");
    imported.add_global_secondary_index(GlobalSecondaryIndexProps::new(
        "idx",
        Attribute::string("a"),
    ));
    let no_stream = Table::new(&s, "NoStream", TableProps::new(Attribute::string("pk")));
    let role = worker(&s, "Worker");
    let grant = no_stream.grant_stream_read(&role);
    assert!(!grant.success());

    let errors = app.assemble().unwrap_err();
    let expected = [
        ("S/Bad", "table name \"no\" must be 3 to 255 characters long (it has 2)"),
        ("S/Bad", "the partition key and the sort key are both \"id\""),
        ("S/Bad", "the recovery period (days) must be between 1 and 35, not 40"),
        ("S/Bad", "time-to-live attribute name \"\" must be 1 to 255 characters long"),
        ("S/Bad", "cannot have the Snapshot removal policy"),
        ("S/Bad", "index name \"by/type\" contains '/'"),
        ("S/Bad", "index \"by/type\": the partition key and the sort key are both \"t\""),
        ("S/Bad", "index \"conflict\": attribute \"t\" is a number (N) here but was already defined as a string (S)"),
        ("S/Bad", "index \"conflict\": capacity can only be set on a table in provisioned mode"),
        ("S/Bad", "the table already has an index named \"conflict\""),
        ("S/Bad", "index \"conflict\": an INCLUDE projection must name at least one non-key attribute"),
        ("S/Capacity", "attribute name \"\" must be 1 to 255 characters long (it has 0)"),
        ("S/Capacity", "read capacity must be at least 1 unit, not 0"),
        ("S/Capacity", "a recovery period needs point-in-time recovery"),
        ("S/Many", "the table has 21 global secondary indexes; DynamoDB allows at most 20"),
        ("S/Many", "the indexes project 105 non-key attributes in all; DynamoDB allows at most 100"),
        ("S/NotATable", "\"arn:aws:s3:::bucket\" is not the ARN of a DynamoDB table"),
        ("S/BadStream", "is not the ARN of a DynamoDB stream"),
        ("S/Imported", "table name \"x\" must be 3 to 255 characters long"),
        ("S/Imported", "cannot add the index \"idx\" to an imported table"),
        ("S/NoStream", "grant_stream_read: DynamoDB Streams are not enabled on this table"),
    ];
    for (path, message) in expected {
        assert!(
            errors.contains(path, message),
            "missing {path}: {message} in\n{errors}"
        );
    }
    assert_eq!(errors.errors().len(), expected.len(), "{errors}");
}

#[test]
fn cfn_lint_accepts_tables_of_every_kind() {
    let tools = Tools::discover().unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cdk.out");
    let app = App::with_props(AppProps::default().outdir(&out));
    let data = stack(&app, "Data");
    let orders = Table::new(
        &data,
        "Orders",
        TableProps::new(Attribute::string("customer"))
            .table_name("orders")
            .sort_key(Attribute::number("created"))
            .encryption(TableEncryption::CustomerManaged)
            .time_to_live_attribute("expires")
            .stream(StreamViewType::NewAndOldImages)
            .global_secondary_index(
                GlobalSecondaryIndexProps::new("by-sku", Attribute::binary("sku"))
                    .projection(Projection::include(["qty"])),
            ),
    );
    let sessions = Table::new(
        &data,
        "Sessions",
        TableProps::new(Attribute::string("id"))
            .encryption(TableEncryption::AwsManaged)
            .deletion_protection(true)
            .table_class(TableClass::StandardInfrequentAccess)
            .point_in_time_recovery(false),
    );
    let key = Key::new(&data, "LakeKey", KeyProps::new());
    let events = Table::new(
        &data,
        "Events",
        TableProps::new(Attribute::string("source"))
            .billing_mode(BillingMode::Provisioned {
                read_capacity: 10,
                write_capacity: 3,
            })
            .recovery_period_days(7)
            .encryption_key(&key)
            .global_secondary_index(
                GlobalSecondaryIndexProps::new("by-type", Attribute::string("type"))
                    .projection(Projection::KeysOnly)
                    .capacity(2, 1),
            ),
    );
    let role = worker(&data, "Worker");
    let _ = orders.grant_read_write_data(&role);
    let _ = orders.grant_stream_read(&role);
    let _ = events.grant_full_access(&role);
    let auditor = Role::from_role_arn(&data, "Auditor", "arn:aws:iam::444444444444:role/auditor");
    let _ = sessions.grant_read_data(&auditor);
    let imported = Table::from_table_name(&data, "Legacy", "legacy");
    let _ = imported.grant_write_data(&role);
    let compute = stack(&app, "Compute");
    let _ = orders.grant_read_data(&worker(&compute, "Fn"));
    app.synth().unwrap_or_else(|e| panic!("{e}"));
    let linted = tools.cfn_lint(&out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(linted, 2);
}
