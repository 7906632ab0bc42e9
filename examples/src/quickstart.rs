//! The quickstart app: a stage `Prod` with a `Storage` stack (bucket, topic) and a `Compute`
//! stack that uses them across stacks, plus an app-level stack with a parameter, a condition,
//! a mapping and an output.

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
    let bucket = CfnResource::new(
        &storage,
        "DataBucket",
        "AWS::S3::Bucket",
        Value::map_of([(
            "VersioningConfiguration",
            Value::map_of([("Status", "Enabled")]),
        )]),
    );
    bucket.apply_removal_policy(RemovalPolicy::Retain);
    let topic = CfnResource::new(&storage, "Alerts", "AWS::SNS::Topic", Value::Null);

    let compute = Stack::new(&prod, "Compute", StackProps::default());
    let queue = CfnResource::new(
        &compute,
        "Jobs",
        "AWS::SQS::Queue",
        Value::map_of([("VisibilityTimeout", 300)]),
    );
    CfnResource::new(
        &compute,
        "JobsSubscription",
        "AWS::SNS::Subscription",
        Value::map_of([
            ("Protocol", Value::from("sqs")),
            ("TopicArn", topic.ref_value().into()),
            ("Endpoint", queue.get_att("Arn").into()),
        ]),
    );
    CfnResource::new(
        &compute,
        "ReadData",
        "AWS::IAM::ManagedPolicy",
        Value::map_of([(
            "PolicyDocument",
            Value::map_of([
                ("Version", Value::from("2012-10-17")),
                (
                    "Statement",
                    Value::list_of([Value::map_of([
                        ("Effect", Value::from("Allow")),
                        ("Action", Value::from("s3:GetObject")),
                        (
                            "Resource",
                            Fn::join("", [bucket.get_att("Arn"), Val::from("/*")]).into(),
                        ),
                    ])]),
                ),
            ]),
        )]),
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
    let sizes = CfnMapping::new(
        &shared,
        "RetentionDays",
        [("dev", vec![("Days", 7)]), ("prod", vec![("Days", 365)])],
    );
    let logs = CfnResource::new(
        &shared,
        "Logs",
        "AWS::Logs::LogGroup",
        Value::map_of([
            (
                "RetentionInDays",
                Value::from(sizes.find_in_map(env.value_as_string(), "Days")),
            ),
            (
                "LogGroupClass",
                Fn::if_::<String>(&is_prod, "STANDARD", "INFREQUENT_ACCESS").into(),
            ),
        ]),
    );
    let archive = CfnResource::new(&shared, "Archive", "AWS::S3::Bucket", Value::Null);
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
