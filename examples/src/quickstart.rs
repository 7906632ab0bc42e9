//! The quickstart app: a stage `Prod` with a `Storage` stack (bucket, topic) and a `Compute`
//! stack that uses them across stacks, plus an app-level stack with a parameter, a condition,
//! a mapping and an output. Resources are typed L1 resources: a missing required property or a
//! value of the wrong type does not compile.

use stackwright::cfn::{iam, logs, s3, sns, sqs};
use stackwright::prelude::*;

/// Builds the quickstart app into `app`.
pub fn build(app: &App) {
    let prod = Stage::new(
        app,
        "Prod",
        StageProps::default().env(Environment::new("111111111111", "us-east-2")),
    );

    let storage = Stack::new(
        &prod,
        "Storage",
        StackProps::default().description("Data storage"),
    );
    let bucket = s3::CfnBucket::new(
        &storage,
        "DataBucket",
        s3::CfnBucketProps::new()
            .versioning_configuration(s3::bucket::VersioningConfiguration::new("Enabled")),
    );
    bucket.apply_removal_policy(RemovalPolicy::Retain);
    let topic = sns::CfnTopic::new(&storage, "Alerts", sns::CfnTopicProps::new());

    let compute = Stack::new(&prod, "Compute", StackProps::default());
    let queue = sqs::CfnQueue::new(
        &compute,
        "Jobs",
        sqs::CfnQueueProps::new().visibility_timeout(300),
    );
    // The topic and the bucket live in Storage: these references become exports there,
    // imports here, and a dependency of Compute on Storage.
    sns::CfnSubscription::new(
        &compute,
        "JobsSubscription",
        sns::CfnSubscriptionProps::new("sqs", topic.ref_value()).endpoint(queue.attr_arn()),
    );
    let objects = Fn::join("", [bucket.attr_arn(), Val::from("/*")]);
    iam::CfnManagedPolicy::new(
        &compute,
        "ReadData",
        iam::CfnManagedPolicyProps::new(Value::map_of([
            ("Version", Value::from("2012-10-17")),
            (
                "Statement",
                Value::list_of([Value::map_of([
                    ("Effect", Value::from("Allow")),
                    ("Action", Value::from("s3:GetObject")),
                    ("Resource", objects.into()),
                ])]),
            ),
        ])),
    );

    let shared = Stack::new(app, "Shared", StackProps::default());
    let env = CfnParameter::new(
        &shared,
        "Environment",
        ParameterProps::of_type("String")
            .default_value("dev")
            .allowed_values(["dev", "prod"]),
    );
    let is_prod = CfnCondition::new(&shared, "IsProd", Fn::equals(env.value_as_string(), "prod"));
    let retention = CfnMapping::new(
        &shared,
        "RetentionDays",
        [("dev", vec![("Days", 7)]), ("prod", vec![("Days", 365)])],
    );
    let logs = logs::CfnLogGroup::new(
        &shared,
        "Logs",
        logs::CfnLogGroupProps::new()
            .retention_in_days(retention.find_in_map_as::<i64>(env.value_as_string(), "Days"))
            .log_group_class(Fn::if_::<String>(&is_prod, "STANDARD", "INFREQUENT_ACCESS")),
    );
    let archive = s3::CfnBucket::new(&shared, "Archive", s3::CfnBucketProps::new());
    archive.set_condition(&is_prod);
    CfnOutput::new(
        &shared,
        "LogGroupName",
        OutputProps::new(logs.ref_value()).description("Where the logs go"),
    );
    CfnOutput::new(
        &shared,
        "ArchiveBucket",
        OutputProps::new(archive.ref_value()).condition(&is_prod),
    );
}
