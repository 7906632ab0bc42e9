//! DynamoDB tables (keys, indexes, encryption, streams, time to live, capacity), their grants
//! within the stack, across stacks and across accounts, and imported tables: the same tree as
//! `apps/dynamodb.js`.
//!
//! Deliberate differences from aws-cdk-lib's defaults, made explicit on the JavaScript side so
//! the templates are equal:
//! - billing mode: stackwright defaults to on-demand (`BillingMode: PAY_PER_REQUEST`),
//!   aws-cdk-lib to provisioned capacity of 5 and 5 units;
//! - point-in-time recovery: on by default here (`PointInTimeRecoveryEnabled: true`), absent
//!   in aws-cdk-lib unless asked for.

use stackwright::dynamodb::{
    Attribute, BillingMode, GlobalSecondaryIndexProps, Projection, StreamViewType, Table,
    TableAttributes, TableClass, TableEncryption, TableProps,
};
use stackwright::iam::{Principal, Role, RoleProps};
use stackwright::kms::{Key, KeyProps};
use stackwright::prelude::*;

use crate::Ignore;

/// No accepted differences.
pub const IGNORED: &[Ignore] = &[];

/// Builds the app.
pub fn build(app: &App) {
    let env = Environment::new("111111111111", "us-east-2");
    let data = Stack::new(app, "Data", StackProps::default().env(env.clone()));
    let orders = Table::new(
        &data,
        "Orders",
        TableProps::new(Attribute::string("customer"))
            .table_name("orders")
            .sort_key(Attribute::number("created"))
            .encryption(TableEncryption::CustomerManaged)
            .time_to_live_attribute("expires")
            .stream(StreamViewType::NewAndOldImages)
            .removal_policy(RemovalPolicy::Destroy),
    );
    orders.add_global_secondary_index(
        GlobalSecondaryIndexProps::new("by-status", Attribute::string("status"))
            .sort_key(Attribute::number("created")),
    );
    orders.add_global_secondary_index(
        GlobalSecondaryIndexProps::new("by-sku", Attribute::binary("sku"))
            .projection(Projection::include(["qty", "price"])),
    );

    let sessions = Table::new(
        &data,
        "Sessions",
        TableProps::new(Attribute::string("id"))
            .encryption(TableEncryption::AwsManaged)
            .deletion_protection(true)
            .table_class(TableClass::StandardInfrequentAccess),
    );

    let lake_key = Key::new(&data, "LakeKey", KeyProps::new());
    let events = Table::new(
        &data,
        "Events",
        TableProps::new(Attribute::string("source"))
            .sort_key(Attribute::number("at"))
            .billing_mode(BillingMode::Provisioned {
                read_capacity: 10,
                write_capacity: 3,
            })
            .recovery_period_days(7)
            .encryption_key(&lake_key),
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

    let worker = Role::new(
        &data,
        "Worker",
        RoleProps::new(Principal::service("lambda.amazonaws.com")),
    );
    let _ = orders.grant_read_write_data(&worker);
    let _ = orders.grant_stream_read(&worker);
    let _ = sessions.grant_read_data(&worker);
    let _ = events.grant_write_data(&worker);
    let _ = events.grant_full_access(&worker);

    let legacy = Table::from_table_name(&data, "Legacy", "legacy");
    let _ = legacy.grant_read_data(&worker);
    let other = Table::from_table_arn(
        &data,
        "Other",
        "arn:aws:dynamodb:us-east-2:111111111111:table/other",
    );
    let _ = other.grant_write_data(&worker);
    let archive_key = Key::from_key_arn(
        &data,
        "ArchiveKey",
        "arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    );
    let archive = Table::from_table_attributes(
        &data,
        "Archive",
        TableAttributes::from_name("archive")
            .stream_arn(
                "arn:aws:dynamodb:us-east-2:111111111111:table/archive/stream/2024-01-01T00:00:00.000",
            )
            .encryption_key(&archive_key)
            .grant_index_permissions(true),
    );
    let _ = archive.grant_read_data(&worker);
    let _ = archive.grant_stream_read(&worker);

    let auditor = Role::from_role_arn(&data, "Auditor", "arn:aws:iam::444444444444:role/auditor");
    let _ = sessions.grant_read_data(&auditor);

    let compute = Stack::new(app, "Compute", StackProps::default().env(env));
    let function_role = Role::new(
        &compute,
        "Fn",
        RoleProps::new(Principal::service("lambda.amazonaws.com")),
    );
    let _ = orders.grant_read_data(&function_role);
    let _ = events.grant_read_write_data(&function_role);
}
