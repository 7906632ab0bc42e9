//! IAM and KMS constructs: the CloudFormation they write, grants within and across accounts, and
//! their validation errors.

use crate::support;
use support::{app, stack};

use serde_json::json;
use stackwright_aws::iam::{ManagedPolicy, PolicyStatement, Principal, Role, RoleProps};
use stackwright_aws::kms::{Key, KeyProps};

#[test]
fn a_role_gets_its_default_policy_on_the_first_statement_with_cdk_logical_ids() {
    let app = app();
    let b = stack(&app, "B");
    let role = Role::new(
        &b,
        "Worker",
        RoleProps::new(Principal::service("glue.amazonaws.com")).managed_policy(
            ManagedPolicy::from_aws_managed_policy_name("service-role/AWSGlueServiceRole"),
        ),
    );
    assert!(role.default_policy().is_none());
    role.add_to_policy(
        PolicyStatement::allow()
            .action("ssm:GetParameter")
            .all_resources(),
    );
    let assembly = app.assemble().unwrap();
    let template = &assembly.stack("B").unwrap().template;
    assert_eq!(
        template["Resources"]["Worker11F36D0F"]["Properties"],
        json!({
            "AssumeRolePolicyDocument": {
                "Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "glue.amazonaws.com"}}],
                "Version": "2012-10-17"
            },
            "ManagedPolicyArns": [{"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::aws:policy/service-role/AWSGlueServiceRole"]]}]
        })
    );
    assert_eq!(
        template["Resources"]["WorkerDefaultPolicyD9676315"]["Properties"],
        json!({
            "PolicyDocument": {
                "Statement": [{"Action": "ssm:GetParameter", "Effect": "Allow", "Resource": "*"}],
                "Version": "2012-10-17"
            },
            "PolicyName": "WorkerDefaultPolicyD9676315",
            "Roles": [{"Ref": "Worker11F36D0F"}]
        })
    );
}

#[test]
fn key_grants_go_to_the_role_in_the_account_and_to_the_key_policy_across_accounts() {
    let app = app();
    let a = stack(&app, "A");
    let key = Key::new(&a, "Key", KeyProps::new().alias("alias/my-key"));
    let b = stack(&app, "B");
    let role = Role::new(
        &b,
        "Worker",
        RoleProps::new(Principal::service("glue.amazonaws.com")),
    );
    assert!(key
        .grant_encrypt_decrypt(&role)
        .principal_statement()
        .is_some());
    let external = Role::from_role_arn(&a, "Ext", "arn:aws:iam::444444444444:role/ext");
    let grant = key.grant_decrypt(&external);
    assert!(grant.principal_statement().is_none());
    assert!(grant.resource_statement().is_some());
    let assembly = app.assemble().unwrap();
    let a_template = &assembly.stack("A").unwrap().template;
    assert_eq!(
        a_template["Resources"]["Key961B73FD"]["Properties"]["KeyPolicy"]["Statement"],
        json!([
            {"Action": "kms:*", "Effect": "Allow",
             "Principal": {"AWS": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::111111111111:root"]]}},
             "Resource": "*"},
            {"Action": "kms:Decrypt", "Effect": "Allow",
             "Principal": {"AWS": "arn:aws:iam::444444444444:role/ext"}, "Resource": "*"}
        ])
    );
    assert_eq!(
        a_template["Resources"]["Key961B73FD"]["DeletionPolicy"],
        "Retain"
    );
    assert_eq!(
        a_template["Resources"]["KeyAlias910D852D"]["Properties"],
        json!({"AliasName": "alias/my-key", "TargetKeyId": {"Fn::GetAtt": ["Key961B73FD", "Arn"]}})
    );
    let b_template = &assembly.stack("B").unwrap().template;
    assert_eq!(
        b_template["Resources"]["WorkerDefaultPolicyD9676315"]["Properties"]["PolicyDocument"]
            ["Statement"],
        json!([{
            "Action": ["kms:Decrypt", "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"],
            "Effect": "Allow",
            "Resource": {"Fn::ImportValue": "A:ExportsOutputFnGetAttKey961B73FDArn5A860C43"}
        }])
    );
}

#[test]
fn invalid_iam_input_is_reported_with_the_construct_path() {
    let app = app();
    let s = stack(&app, "S");
    let role = Role::new(
        &s,
        "Bad",
        RoleProps::new(Principal::service("lambda.amazonaws.com"))
            .role_name("bad name!")
            .max_session_duration_seconds(60),
    );
    role.add_to_policy(
        PolicyStatement::allow()
            .action("s3 GetObject")
            .resource("bucket"),
    );
    Role::from_role_arn(&s, "NotARole", "arn:aws:s3:::bucket");
    Key::new(
        &s,
        "Key",
        KeyProps::new()
            .pending_window_days(3)
            .alias("alias/aws/mine"),
    );
    let errors = app.assemble().unwrap_err();
    for (path, message) in [
        ("S/Bad", "role name \"bad name!\" contains ' '"),
        (
            "S/Bad",
            "maximum session duration (seconds) must be between 3600 and 43200, not 60",
        ),
        (
            "S/Bad/DefaultPolicy",
            "action \"s3 GetObject\" is not of the form",
        ),
        ("S/Bad/DefaultPolicy", "\"bucket\" is not an ARN"),
        ("S/NotARole", "is not the ARN of an IAM role"),
        (
            "S/Key",
            "pending window (days) must be between 7 and 30, not 3",
        ),
        ("S/Key/Alias", "cannot start with \"alias/aws/\""),
    ] {
        assert!(
            errors.contains(path, message),
            "missing {path}: {message} in\n{errors}"
        );
    }
    assert_eq!(errors.errors().len(), 7, "{errors}");
}

#[test]
fn an_empty_or_unattached_policy_is_an_error_at_synthesis() {
    use stackwright_aws::iam::{ManagedPolicyProps, Policy, PolicyProps};
    let app = app();
    let s = stack(&app, "S");
    Policy::new(&s, "Empty", PolicyProps::new());
    ManagedPolicy::new(&s, "EmptyManaged", ManagedPolicyProps::new());
    let errors = app.assemble().unwrap_err();
    assert!(
        errors.contains("S/Empty", "the policy has no statement"),
        "{errors}"
    );
    assert!(
        errors.contains("S/Empty", "not attached to any role"),
        "{errors}"
    );
    assert!(
        errors.contains("S/EmptyManaged", "the managed policy has no statement"),
        "{errors}"
    );
}

#[test]
fn a_construct_default_removal_policy_yields_to_a_scope_and_an_explicit_one_wins() {
    use stackwright_core::{RemovalPolicies, RemovalPolicy};
    let app = app();
    let kept = stack(&app, "Kept");
    Key::new(&kept, "Key", KeyProps::new());
    let dev = stack(&app, "Dev");
    RemovalPolicies::of(&dev).apply(RemovalPolicy::Destroy);
    Key::new(&dev, "Key", KeyProps::new());
    Key::new(
        &dev,
        "Pinned",
        KeyProps::new().removal_policy(RemovalPolicy::Retain),
    );
    let assembly = app.assemble().unwrap();
    let policy = |stack: &str, id: &str| {
        assembly.stack(stack).unwrap().template["Resources"][id]["DeletionPolicy"].clone()
    };
    assert_eq!(
        policy("Kept", "Key961B73FD"),
        "Retain",
        "the construct's default"
    );
    assert_eq!(
        policy("Dev", "Key961B73FD"),
        "Delete",
        "the scope's policy beats the default"
    );
    assert_eq!(
        policy("Dev", "PinnedA72699A1"),
        "Retain",
        "an explicit policy beats the scope"
    );
}
