//! Secrets Manager secrets and `SecretValue`: the CloudFormation written (with aws-cdk-lib's
//! logical ids and key-policy statements), grants within a stack, across stacks and across
//! accounts, dynamic references, and the validation errors.

use crate::support;
use support::{app, stack};

use serde_json::json;
use stackwright_aws::iam::{Principal, Role, RoleProps};
use stackwright_aws::kms::{Key, KeyProps};
use stackwright_aws::secretsmanager::{
    Secret, SecretAttributes, SecretProps, SecretStringGenerator,
};
use stackwright_aws::{SecretValue, SecretsManagerSecretOptions};
use stackwright_core::{
    CfnOutput, CfnResource, OutputProps, ParameterProps, Scope, Stack, WARNING_METADATA,
};

fn lambda_role(stack: &Stack, id: &str) -> Role {
    Role::new(
        stack,
        id,
        RoleProps::new(Principal::service("lambda.amazonaws.com")),
    )
}

fn account_root() -> serde_json::Value {
    json!({"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::111111111111:root"]]})
}

fn via_secrets_manager() -> serde_json::Value {
    json!({"StringEquals": {"kms:ViaService": "secretsmanager.us-east-2.amazonaws.com"}})
}

/// A resource that takes a secret, as an L1 user would write it.
fn consume(stack: &Stack, id: &str, secret: &SecretValue) {
    CfnResource::new(
        stack,
        id,
        "AWS::CodeBuild::SourceCredential",
        json!({"AuthType": "PERSONAL_ACCESS_TOKEN", "ServerType": "GITHUB"}),
    )
    .add_property_override("Token", secret.to_val(stack).into_value());
}

#[test]
fn a_generated_secret_with_a_key_is_written_as_the_cdk_writes_it() {
    let app = app();
    let s = stack(&app, "S");
    let key = Key::new(&s, "Key", KeyProps::new());
    let secret = Secret::new(
        &s,
        "Gen",
        SecretProps::new()
            .secret_name("prod/db")
            .description("db creds")
            .encryption_key(&key)
            .generate_secret_string(
                SecretStringGenerator::new()
                    .password_length(40)
                    .exclude_characters("\"@/")
                    .exclude_punctuation(true)
                    .include_space(false)
                    .require_each_included_type(true)
                    .secret_string_template(json!({"username": "admin"}), "password"),
            ),
    );
    let plain = Secret::new(&s, "Plain", SecretProps::new());
    assert_eq!(secret.secret_name().as_value().as_str(), Some("prod/db"));
    CfnOutput::new(&s, "PlainName", OutputProps::new(plain.secret_name()));
    let assembly = app.assemble().unwrap();
    let template = &assembly.stack("S").unwrap().template;
    // A generated name, from the ARN `...:secret:<logical id>-<random>-<suffix>`, as the CDK
    // computes it.
    let segment = |i: u32| json!({"Fn::Select": [i, {"Fn::Split": ["-", {"Fn::Select": [6, {"Fn::Split": [":", {"Ref": "Plain295EB121"}]}]}]}]});
    assert_eq!(
        template["Outputs"]["PlainName"]["Value"],
        json!({"Fn::Join": ["-", [segment(0), segment(1)]]})
    );
    assert_eq!(
        template["Resources"]["Gen8625934A"],
        json!({
            "Type": "AWS::SecretsManager::Secret",
            "Properties": {
                "Description": "db creds",
                "GenerateSecretString": {
                    "ExcludeCharacters": "\"@/",
                    "ExcludePunctuation": true,
                    "GenerateStringKey": "password",
                    "IncludeSpace": false,
                    "PasswordLength": 40,
                    "RequireEachIncludedType": true,
                    "SecretStringTemplate": "{\"username\":\"admin\"}"
                },
                "KmsKeyId": {"Fn::GetAtt": ["Key961B73FD", "Arn"]},
                "Name": "prod/db"
            },
            "UpdateReplacePolicy": "Delete",
            "DeletionPolicy": "Delete"
        })
    );
    assert_eq!(
        template["Resources"]["Plain295EB121"]["Properties"],
        json!({"GenerateSecretString": {}})
    );
    // Secrets Manager may use the key for the account, only through Secrets Manager.
    assert_eq!(
        template["Resources"]["Key961B73FD"]["Properties"]["KeyPolicy"]["Statement"],
        json!([
            {"Action": "kms:*", "Effect": "Allow", "Principal": {"AWS": account_root()}, "Resource": "*"},
            {"Action": ["kms:Decrypt", "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"],
             "Condition": via_secrets_manager(), "Effect": "Allow",
             "Principal": {"AWS": account_root()}, "Resource": "*"},
            {"Action": ["kms:CreateGrant", "kms:DescribeKey"],
             "Condition": via_secrets_manager(), "Effect": "Allow",
             "Principal": {"AWS": account_root()}, "Resource": "*"}
        ])
    );
}

#[test]
fn reads_are_granted_to_roles_and_key_use_through_secrets_manager_in_the_key_policy() {
    let app = app();
    let s = stack(&app, "S");
    let key = Key::new(&s, "Key", KeyProps::new());
    let secret = Secret::new(&s, "Gen", SecretProps::new().encryption_key(&key));
    let role = lambda_role(&s, "Role");
    let grant = secret.grant_read(&role);
    assert!(grant.principal_statement().is_some());
    assert!(grant.resource_statement().is_none());
    let _ = secret.grant_write(&role);
    let ext = Role::from_role_arn(&s, "Ext", "arn:aws:iam::444444444444:role/ext");
    let cross = secret.grant_read(&ext);
    assert!(cross.resource_statement().is_some());
    let assembly = app.assemble().unwrap();
    let template = &assembly.stack("S").unwrap().template;
    assert_eq!(
        template["Resources"]["RoleDefaultPolicy5FFB7DAB"]["Properties"]["PolicyDocument"]
            ["Statement"],
        json!([
            {"Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
             "Effect": "Allow", "Resource": {"Ref": "Gen8625934A"}},
            {"Action": ["secretsmanager:PutSecretValue", "secretsmanager:UpdateSecret",
                        "secretsmanager:UpdateSecretVersionStage"],
             "Effect": "Allow", "Resource": {"Ref": "Gen8625934A"}}
        ])
    );
    let statements = &template["Resources"]["Key961B73FD"]["Properties"]["KeyPolicy"]["Statement"];
    assert_eq!(
        statements[3],
        json!({"Action": "kms:Decrypt", "Condition": via_secrets_manager(), "Effect": "Allow",
               "Principal": {"AWS": {"Fn::GetAtt": ["Role1ABCC5F0", "Arn"]}}, "Resource": "*"})
    );
    assert_eq!(
        statements[4],
        json!({"Action": ["kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"],
               "Condition": via_secrets_manager(), "Effect": "Allow",
               "Principal": {"AWS": {"Fn::GetAtt": ["Role1ABCC5F0", "Arn"]}}, "Resource": "*"})
    );
    assert_eq!(
        statements[5],
        json!({"Action": "kms:Decrypt", "Condition": via_secrets_manager(), "Effect": "Allow",
               "Principal": {"AWS": "arn:aws:iam::444444444444:role/ext"}, "Resource": "*"})
    );
    // The other account reads through the secret's resource policy, the child `Policy`.
    assert_eq!(
        template["Resources"]["GenPolicy4A8AB16E"],
        json!({
            "Type": "AWS::SecretsManager::ResourcePolicy",
            "Properties": {
                "ResourcePolicy": {
                    "Statement": [{
                        "Action": ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                        "Effect": "Allow",
                        "Principal": {"AWS": "arn:aws:iam::444444444444:role/ext"},
                        "Resource": {"Ref": "Gen8625934A"}
                    }],
                    "Version": "2012-10-17"
                },
                "SecretId": {"Ref": "Gen8625934A"}
            }
        })
    );
}

#[test]
fn a_role_in_another_stack_reads_through_an_import_and_imported_secrets_use_wildcards() {
    let app = app();
    let a = stack(&app, "A");
    let secret = Secret::new(&a, "Token", SecretProps::new());
    let b = stack(&app, "B");
    let role = lambda_role(&b, "Role");
    let _ = secret.grant_read(&role);
    let by_name = Secret::from_secret_name(&b, "ByName", "shared/token");
    let _ = by_name.grant_read(&role);
    let by_arn = Secret::from_secret_complete_arn(
        &b,
        "ByArn",
        "arn:aws:secretsmanager:us-east-2:111111111111:secret:x-AbCdEf",
    );
    assert_eq!(by_arn.secret_name().as_value().as_str(), Some("x"));
    let _ = by_arn.grant_read(&role);
    let imported_key = Key::from_key_arn(
        &b,
        "ImportedKey",
        "arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    );
    let partial = Secret::from_secret_attributes(
        &b,
        "Partial",
        SecretAttributes::partial_arn("arn:aws:secretsmanager:us-east-2:111111111111:secret:y")
            .encryption_key(&imported_key),
    );
    let _ = partial.grant_read(&role);
    let assembly = app.assemble().unwrap();
    let template = &assembly.stack("B").unwrap().template;
    let read = json!([
        "secretsmanager:GetSecretValue",
        "secretsmanager:DescribeSecret"
    ]);
    assert_eq!(
        template["Resources"]["RoleDefaultPolicy5FFB7DAB"]["Properties"]["PolicyDocument"]
            ["Statement"],
        json!([
            {"Action": read, "Effect": "Allow",
             "Resource": {"Fn::ImportValue": "A:ExportsOutputRefTokenCB33349F735D7432"}},
            {"Action": read, "Effect": "Allow",
             "Resource": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"},
                 ":secretsmanager:us-east-2:111111111111:secret:shared/token-??????"]]}},
            {"Action": read, "Effect": "Allow",
             "Resource": "arn:aws:secretsmanager:us-east-2:111111111111:secret:x-AbCdEf"},
            {"Action": read, "Effect": "Allow",
             "Resource": "arn:aws:secretsmanager:us-east-2:111111111111:secret:y-??????"},
            // An imported key's policy cannot change: the role's own policy allows decrypting,
            // through Secrets Manager only.
            {"Action": "kms:Decrypt", "Condition": via_secrets_manager(), "Effect": "Allow",
             "Resource": "arn:aws:kms:us-east-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"}
        ])
    );
}

#[test]
fn secret_values_are_dynamic_references_never_plain_text() {
    let app = app();
    let s = stack(&app, "S");
    let secret = Secret::new(&s, "Gen", SecretProps::new());
    let by_name = Secret::from_secret_name(&s, "ByName", "shared/token");
    consume(&s, "Whole", &secret.secret_value());
    consume(&s, "Field", &secret.secret_value_from_json("password"));
    consume(&s, "Named", &by_name.secret_value());
    consume(
        &s,
        "Staged",
        &SecretValue::secrets_manager(
            "foo",
            SecretsManagerSecretOptions::new()
                .json_field("a")
                .version_stage("AWSCURRENT"),
        ),
    );
    consume(&s, "Secure", &SecretValue::ssm_secure("/my/param", Some(3)));
    consume(
        &s,
        "Prompted",
        &SecretValue::no_echo_parameter(&s, "GitHubToken", ParameterProps::of_type("String")),
    );
    let assembly = app.assemble().unwrap();
    let template = &assembly.stack("S").unwrap().template;
    let token = |id: &str| template["Resources"][id]["Properties"]["Token"].clone();
    assert_eq!(
        token("Whole"),
        json!({"Fn::Join": ["", ["{{resolve:secretsmanager:", {"Ref": "Gen8625934A"}, ":SecretString:::}}"]]})
    );
    assert_eq!(
        token("Field"),
        json!({"Fn::Join": ["", ["{{resolve:secretsmanager:", {"Ref": "Gen8625934A"}, ":SecretString:password::}}"]]})
    );
    assert_eq!(
        token("Named"),
        json!({"Fn::Join": ["", ["{{resolve:secretsmanager:arn:", {"Ref": "AWS::Partition"},
            ":secretsmanager:us-east-2:111111111111:secret:shared/token:SecretString:::}}"]]})
    );
    assert_eq!(
        token("Staged"),
        json!("{{resolve:secretsmanager:foo:SecretString:a:AWSCURRENT:}}")
    );
    assert_eq!(token("Secure"), json!("{{resolve:ssm-secure:/my/param:3}}"));
    assert_eq!(token("Prompted"), json!({"Ref": "GitHubToken"}));
    assert_eq!(
        template["Parameters"]["GitHubToken"],
        json!({"Type": "String", "NoEcho": true})
    );
    let warnings: Vec<_> = s
        .node()
        .find_all()
        .iter()
        .flat_map(|n| n.metadata())
        .filter(|m| m.kind == WARNING_METADATA)
        .collect();
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn a_plain_text_secret_warns_where_it_is_used() {
    let app = app();
    let s = stack(&app, "S");
    let secret = SecretValue::unsafe_plain_text("hunter2");
    assert!(!format!("{secret:?}").contains("hunter2"));
    consume(&s, "Leaky", &secret);
    let warnings: Vec<String> = s
        .node()
        .metadata()
        .into_iter()
        .filter(|m| m.kind == WARNING_METADATA)
        .map(|m| m.data.as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].contains("plain text"), "{warnings:?}");
    assert!(warnings[0].contains("unsafe_plain_text"), "{warnings:?}");
    // It synthesizes (the user asked for it), with the warning in the assembly's metadata.
    let assembly = app.assemble().unwrap();
    let template = &assembly.stack("S").unwrap().template;
    assert_eq!(
        template["Resources"]["Leaky"]["Properties"]["Token"],
        json!("hunter2")
    );
}

#[test]
fn invalid_secrets_are_reported_with_the_construct_path() {
    let app = app();
    let s = stack(&app, "S");
    Secret::new(&s, "BadName", SecretProps::new().secret_name("bad name!"));
    Secret::new(
        &s,
        "BadGenerator",
        SecretProps::new().generate_secret_string(
            SecretStringGenerator::new()
                .password_length(0)
                .exclude_punctuation(true)
                .exclude_uppercase(true)
                .exclude_lowercase(true)
                .exclude_numbers(true)
                .secret_string_template(json!(["not", "an", "object"]), "password"),
        ),
    );
    Secret::from_secret_complete_arn(
        &s,
        "NoSuffix",
        "arn:aws:secretsmanager:us-east-2:111111111111:secret:plain",
    );
    Secret::from_secret_complete_arn(&s, "NotASecret", "arn:aws:sns:us-east-2:111111111111:t");
    let unencrypted = Secret::new(&s, "Unencrypted", SecretProps::new());
    let ext = Role::from_role_arn(&s, "Ext", "arn:aws:iam::444444444444:role/ext");
    let _ = unencrypted.grant_read(&ext);
    consume(
        &s,
        "Empty",
        &SecretValue::secrets_manager("", SecretsManagerSecretOptions::new()),
    );
    let errors = app.assemble().unwrap_err();
    for (path, message) in [
        ("S/BadName", "secret name \"bad name!\" contains ' '"),
        (
            "S/BadGenerator",
            "the password length must be between 1 and 4096, not 0",
        ),
        ("S/BadGenerator", "has no characters to use"),
        (
            "S/BadGenerator",
            "the secret string template must be a JSON object",
        ),
        ("S/NoSuffix", "is not a complete secret ARN"),
        ("S/NotASecret", "is not the ARN of a secret"),
        (
            "S/Unencrypted",
            "a grant to another account needs the secret to be encrypted with a customer-managed key",
        ),
        ("S", "the secret id of a Secrets Manager reference is empty"),
    ] {
        assert!(
            errors.contains(path, message),
            "missing {path}: {message} in\n{errors}"
        );
    }
    assert_eq!(errors.errors().len(), 8, "{errors}");
}
