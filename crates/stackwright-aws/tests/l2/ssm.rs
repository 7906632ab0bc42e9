//! SSM string parameters: the CloudFormation written (aws-cdk-lib's logical ids and ARNs),
//! grants, values read at deployment, imports and the validation errors.

use crate::support;
use support::{app, stack};

use serde_json::json;
use stackwright_aws::iam::{Principal, Role, RoleProps};
use stackwright_aws::ssm::{ParameterTier, StringParameter, StringParameterProps};
use stackwright_core::{CfnOutput, OutputProps};

fn arn(parts: serde_json::Value) -> serde_json::Value {
    let mut items = vec![json!("arn:"), json!({"Ref": "AWS::Partition"})];
    items.extend(parts.as_array().unwrap().iter().cloned());
    json!({"Fn::Join": ["", items]})
}

#[test]
fn parameters_are_written_as_the_cdk_writes_them_and_grants_name_their_arns() {
    let app = app();
    let s = stack(&app, "S");
    let named = StringParameter::new(
        &s,
        "Param",
        StringParameterProps::new("https://x")
            .parameter_name("/app/url")
            .description("d")
            .tier(ParameterTier::Advanced)
            .allowed_pattern("^https://.*"),
    );
    let generated = StringParameter::new(&s, "Param2", StringParameterProps::new("v"));
    let role = Role::new(
        &s,
        "Role",
        RoleProps::new(Principal::service("lambda.amazonaws.com")),
    );
    let _ = named.grant_read(&role);
    let _ = named.grant_write(&role);
    let _ = generated.grant_read(&role);
    assert_eq!(named.string_value().as_value().as_str(), Some("https://x"));
    let assembly = app.assemble().unwrap();
    let template = &assembly.stack("S").unwrap().template;
    assert_eq!(
        template["Resources"]["Param165332EC"]["Properties"],
        json!({"AllowedPattern": "^https://.*", "Description": "d", "Name": "/app/url",
               "Tier": "Advanced", "Type": "String", "Value": "https://x"})
    );
    assert_eq!(
        template["Resources"]["Param2FC00BF95"]["Properties"],
        json!({"Type": "String", "Value": "v"})
    );
    let read = json!([
        "ssm:DescribeParameters",
        "ssm:GetParameters",
        "ssm:GetParameter",
        "ssm:GetParameterHistory"
    ]);
    let named_arn = arn(json!([":ssm:us-east-2:111111111111:parameter", {"Ref": "Param165332EC"}]));
    assert_eq!(
        template["Resources"]["RoleDefaultPolicy5FFB7DAB"]["Properties"]["PolicyDocument"]
            ["Statement"],
        json!([
            {"Action": read, "Effect": "Allow", "Resource": named_arn},
            {"Action": "ssm:PutParameter", "Effect": "Allow", "Resource": named_arn},
            {"Action": read, "Effect": "Allow",
             "Resource": arn(json!([":ssm:us-east-2:111111111111:parameter/", {"Ref": "Param2FC00BF95"}]))}
        ])
    );
}

#[test]
fn existing_parameters_are_read_at_deployment_with_the_cdk_ids() {
    let app = app();
    let s = stack(&app, "S");
    let first = StringParameter::value_for_string_parameter(&s, "/shared/vpc-id");
    let again = StringParameter::value_for_string_parameter(&s, "/shared/vpc-id");
    assert_eq!(first, again);
    let pinned = StringParameter::value_for_string_parameter_version(&s, "plain-name", 2);
    let imported = StringParameter::from_string_parameter_name(&s, "Imp", "/imported/x");
    assert_eq!(imported.string_value(), imported.string_value());
    let role = Role::new(
        &s,
        "Role",
        RoleProps::new(Principal::service("lambda.amazonaws.com")),
    );
    let _ = imported.grant_read(&role);
    let _ = StringParameter::from_string_parameter_name(&s, "Imp2", "noslash").grant_read(&role);
    CfnOutput::new(&s, "V", OutputProps::new(first));
    CfnOutput::new(&s, "V3", OutputProps::new(pinned));
    CfnOutput::new(&s, "IV", OutputProps::new(imported.string_value()));
    let assembly = app.assemble().unwrap();
    let template = &assembly.stack("S").unwrap().template;
    let parameter =
        json!({"Type": "AWS::SSM::Parameter::Value<String>", "Default": "/shared/vpc-id"});
    assert_eq!(
        template["Parameters"]
            ["SsmParameterValuesharedvpcidC96584B6F00A464EAD1953AFF4B05118Parameter"],
        parameter
    );
    assert_eq!(
        template["Parameters"]["ImpParameter"],
        json!({"Type": "AWS::SSM::Parameter::Value<String>", "Default": "/imported/x"})
    );
    // One parameter per name, plus the bootstrap version; none for Imp2, whose value is unused.
    assert_eq!(template["Parameters"].as_object().unwrap().len(), 3);
    assert_eq!(
        template["Outputs"],
        json!({
            "V": {"Value": {"Ref": "SsmParameterValuesharedvpcidC96584B6F00A464EAD1953AFF4B05118Parameter"}},
            "V3": {"Value": "{{resolve:ssm:plain-name:2}}"},
            "IV": {"Value": {"Ref": "ImpParameter"}}
        })
    );
    let read = json!([
        "ssm:DescribeParameters",
        "ssm:GetParameters",
        "ssm:GetParameter",
        "ssm:GetParameterHistory"
    ]);
    assert_eq!(
        template["Resources"]["RoleDefaultPolicy5FFB7DAB"]["Properties"]["PolicyDocument"]
            ["Statement"],
        json!([
            {"Action": read, "Effect": "Allow",
             "Resource": arn(json!([":ssm:us-east-2:111111111111:parameter/imported/x"]))},
            {"Action": read, "Effect": "Allow",
             "Resource": arn(json!([":ssm:us-east-2:111111111111:parameter/noslash"]))}
        ])
    );
}

#[test]
fn invalid_parameters_are_reported_with_the_construct_path() {
    let app = app();
    let s = stack(&app, "S");
    StringParameter::new(
        &s,
        "BadChars",
        StringParameterProps::new("v").parameter_name("/app/bad name"),
    );
    StringParameter::new(
        &s,
        "NotQualified",
        StringParameterProps::new("v").parameter_name("app/url"),
    );
    StringParameter::new(
        &s,
        "Reserved",
        StringParameterProps::new("v").parameter_name("/aws/mine"),
    );
    StringParameter::new(
        &s,
        "Mismatch",
        StringParameterProps::new("http://x").allowed_pattern("^https://"),
    );
    StringParameter::new(&s, "Empty", StringParameterProps::new(""));
    StringParameter::new(&s, "TooLong", StringParameterProps::new("x".repeat(5000)));
    // Fits the advanced tier; public AWS parameters can be read.
    StringParameter::new(
        &s,
        "Advanced",
        StringParameterProps::new("x".repeat(5000)).tier(ParameterTier::Advanced),
    );
    StringParameter::value_for_string_parameter(
        &s,
        "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
    );
    StringParameter::value_for_string_parameter(&s, "not/qualified");
    StringParameter::from_string_parameter_name(&s, "ImportedBad", "a b");
    let errors = app.assemble().unwrap_err();
    for (path, message) in [
        (
            "S/BadChars",
            "SSM parameter name \"/app/bad name\" contains ' '",
        ),
        ("S/NotQualified", "must be fully qualified"),
        ("S/Reserved", "cannot start with \"aws\" or \"ssm\""),
        (
            "S/Mismatch",
            "the parameter value \"http://x\" does not match the allowed pattern \"^https://\"",
        ),
        ("S/Empty", "the parameter value cannot be empty"),
        (
            "S/TooLong",
            "the parameter value has 5000 characters; the Standard tier stores at most 4096",
        ),
        (
            "S/SsmParameterValue:not--qualified:C96584B6-F00A-464E-AD19-53AFF4B05118",
            "SSM parameter name \"not/qualified\" contains '/' but does not start with it",
        ),
        ("S/ImportedBad", "SSM parameter name \"a b\" contains ' '"),
    ] {
        assert!(
            errors.contains(path, message),
            "missing {path}: {message} in\n{errors}"
        );
    }
    assert_eq!(errors.errors().len(), 8, "{errors}");
}
