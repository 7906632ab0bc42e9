//! CloudWatch Logs log groups: the CloudFormation written (aws-cdk-lib's defaults and logical
//! ids), the key policy of an encrypted group, grants, imports and the validation errors.

use crate::support;
use support::{app, stack};

use serde_json::json;
use stackwright_aws::iam::{Principal, Role, RoleProps};
use stackwright_aws::kms::{Key, KeyProps};
use stackwright_aws::logs::{LogGroup, LogGroupProps, RetentionDays};
use stackwright_core::{RemovalPolicy, Stack};

fn role(stack: &Stack) -> Role {
    Role::new(
        stack,
        "Role",
        RoleProps::new(Principal::service("lambda.amazonaws.com")),
    )
}

#[test]
fn log_groups_keep_two_years_and_are_retained_by_default() {
    let app = app();
    let s = stack(&app, "S");
    LogGroup::new(&s, "Logs", LogGroupProps::new());
    let key = Key::new(&s, "Key", KeyProps::new());
    LogGroup::new(
        &s,
        "Logs2",
        LogGroupProps::new()
            .log_group_name("/app/logs")
            .retention(RetentionDays::OneWeek)
            .encryption_key(&key)
            .removal_policy(RemovalPolicy::Destroy),
    );
    LogGroup::new(
        &s,
        "Logs3",
        LogGroupProps::new().retention(RetentionDays::Infinite),
    );
    LogGroup::new(&s, "Raw", LogGroupProps::new().retention_in_days(400));
    let assembly = app.assemble().unwrap();
    let resources = &assembly.stack("S").unwrap().template["Resources"];
    assert_eq!(
        resources["Logs6819BB44"],
        json!({"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 731},
               "UpdateReplacePolicy": "Retain", "DeletionPolicy": "Retain"})
    );
    assert_eq!(
        resources["Logs263DDA136"],
        json!({"Type": "AWS::Logs::LogGroup",
               "Properties": {"KmsKeyId": {"Fn::GetAtt": ["Key961B73FD", "Arn"]},
                              "LogGroupName": "/app/logs", "RetentionInDays": 7},
               "UpdateReplacePolicy": "Delete", "DeletionPolicy": "Delete"})
    );
    assert_eq!(
        resources["Logs337DAB83A"],
        json!({"Type": "AWS::Logs::LogGroup",
               "UpdateReplacePolicy": "Retain", "DeletionPolicy": "Retain"})
    );
    assert_eq!(
        resources["Raw72517081"]["Properties"]["RetentionInDays"],
        json!(400)
    );
    // CloudWatch Logs may use the key for this log group (AWS's documented statement).
    assert_eq!(
        resources["Key961B73FD"]["Properties"]["KeyPolicy"]["Statement"][1],
        json!({
            "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
            "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": {"Fn::Join": ["", [
                "arn:", {"Ref": "AWS::Partition"}, ":logs:us-east-2:111111111111:log-group:/app/logs"]]}}},
            "Effect": "Allow",
            "Principal": {"Service": "logs.us-east-2.amazonaws.com"},
            "Resource": "*"
        })
    );
}

#[test]
fn writes_and_reads_are_granted_on_created_and_imported_log_groups() {
    let app = app();
    let s = stack(&app, "S");
    let role = role(&s);
    let logs = LogGroup::new(&s, "Logs", LogGroupProps::new());
    let _ = logs.grant_write(&role);
    let _ = logs.grant_read(&role);
    let _ = LogGroup::from_log_group_name(&s, "ImpLg", "other").grant_write(&role);
    let by_arn = LogGroup::from_log_group_arn(
        &s,
        "ImpLg2",
        "arn:aws:logs:us-east-2:111111111111:log-group:foo:*",
    );
    assert_eq!(by_arn.log_group_name().as_value().as_str(), Some("foo"));
    let _ = by_arn.grant_write(&role);
    let without_star = LogGroup::from_log_group_arn(
        &s,
        "ImpLg3",
        "arn:aws:logs:us-east-2:111111111111:log-group:/aws/lambda/fn",
    );
    assert_eq!(
        without_star.log_group_arn().as_value().as_str(),
        Some("arn:aws:logs:us-east-2:111111111111:log-group:/aws/lambda/fn:*")
    );
    let assembly = app.assemble().unwrap();
    let template = &assembly.stack("S").unwrap().template;
    let write = json!(["logs:CreateLogStream", "logs:PutLogEvents"]);
    assert_eq!(
        template["Resources"]["RoleDefaultPolicy5FFB7DAB"]["Properties"]["PolicyDocument"]
            ["Statement"],
        json!([
            {"Action": write, "Effect": "Allow", "Resource": {"Fn::GetAtt": ["Logs6819BB44", "Arn"]}},
            {"Action": ["logs:FilterLogEvents", "logs:GetLogEvents", "logs:GetLogGroupFields",
                        "logs:DescribeLogGroups", "logs:DescribeLogStreams"],
             "Effect": "Allow",
             "Resource": [
                {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"},
                    ":logs:us-east-2:111111111111:log-group:", {"Ref": "Logs6819BB44"}]]},
                {"Fn::GetAtt": ["Logs6819BB44", "Arn"]}
             ]},
            {"Action": write, "Effect": "Allow",
             "Resource": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"},
                 ":logs:us-east-2:111111111111:log-group:other:*"]]}},
            {"Action": write, "Effect": "Allow",
             "Resource": "arn:aws:logs:us-east-2:111111111111:log-group:foo:*"}
        ])
    );
}

#[test]
fn a_log_group_in_another_stack_is_written_through_an_import() {
    let app = app();
    let a = stack(&app, "A");
    let logs = LogGroup::new(&a, "Logs", LogGroupProps::new());
    let b = stack(&app, "B");
    let _ = logs.grant_write(&role(&b));
    let assembly = app.assemble().unwrap();
    let statement = &assembly.stack("B").unwrap().template["Resources"]
        ["RoleDefaultPolicy5FFB7DAB"]["Properties"]["PolicyDocument"]["Statement"][0];
    assert_eq!(
        statement["Resource"],
        json!({"Fn::ImportValue": "A:ExportsOutputFnGetAttLogs6819BB44Arn28BC796A"})
    );
}

#[test]
fn invalid_log_groups_are_reported_with_the_construct_path() {
    let app = app();
    let s = stack(&app, "S");
    LogGroup::new(&s, "BadDays", LogGroupProps::new().retention_in_days(10));
    LogGroup::new(
        &s,
        "BadName",
        LogGroupProps::new().log_group_name("app logs"),
    );
    LogGroup::new(
        &s,
        "Reserved",
        LogGroupProps::new().log_group_name("aws/mine"),
    );
    // `/aws/lambda/...` (with the slash) is how Lambda names its groups: allowed.
    LogGroup::new(
        &s,
        "LambdaStyle",
        LogGroupProps::new().log_group_name("/aws/lambda/fn"),
    );
    LogGroup::from_log_group_arn(&s, "NotLogs", "arn:aws:s3:::bucket");
    LogGroup::from_log_group_arn(
        &s,
        "NoGroup",
        "arn:aws:logs:us-east-2:111111111111:destination:d",
    );
    let errors = app.assemble().unwrap_err();
    for (path, message) in [
        (
            "S/BadDays",
            "a retention of 10 days is not accepted by CloudWatch Logs; use one of 1, 3, 5, 7, 14,",
        ),
        ("S/BadName", "log group name \"app logs\" contains ' '"),
        ("S/Reserved", "cannot start with \"aws/\""),
        ("S/NotLogs", "is not the ARN of a log group"),
        ("S/NoGroup", "is not the ARN of a log group"),
    ] {
        assert!(
            errors.contains(path, message),
            "missing {path}: {message} in\n{errors}"
        );
    }
    assert_eq!(errors.errors().len(), 5, "{errors}");
}
