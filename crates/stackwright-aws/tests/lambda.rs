//! Lambda constructs: the CloudFormation they write (logical ids as aws-cdk-lib gives them),
//! code assets, grants and permissions, and validation errors.

use serde_json::json;
use stackwright_aws::iam::{PolicyStatement, Principal};
use stackwright_aws::lambda::{
    Alias, AliasProps, Architecture, Code, Function, FunctionProps, Permission, Runtime, Tracing,
    Version, VersionProps,
};
use stackwright_core::{App, AppProps, Environment, Stack, StackProps};

fn app_and_stack() -> (App, Stack) {
    let app = App::with_props(AppProps::default());
    let stack = Stack::new(
        &app,
        "A",
        StackProps::default().env(Environment::new("111111111111", "us-east-2")),
    );
    (app, stack)
}

#[test]
fn a_function_gets_a_service_role_and_depends_on_its_policy() {
    let (app, stack) = app_and_stack();
    let function = Function::new(
        &stack,
        "Fn",
        FunctionProps::new(
            Runtime::Python3_12,
            "index.handler",
            Code::from_inline("def handler(e, c): return 1"),
        )
        .environment("A", "b")
        .memory_size_mb(256)
        .timeout_seconds(30),
    );
    // Granted after the function exists: the function still depends on the new policy.
    function.add_to_role_policy(
        PolicyStatement::allow()
            .action("s3:GetObject")
            .resource("arn:aws:s3:::data/*"),
    );
    let assembly = app.assemble().unwrap();
    let resources = &assembly.stack("A").unwrap().template["Resources"];
    assert_eq!(
        resources["Fn9270CBC0"],
        json!({
            "Type": "AWS::Lambda::Function",
            "Properties": {
                "Code": {"ZipFile": "def handler(e, c): return 1"},
                "Environment": {"Variables": {"A": "b"}},
                "Handler": "index.handler",
                "MemorySize": 256,
                "Role": {"Fn::GetAtt": ["FnServiceRoleB9001A96", "Arn"]},
                "Runtime": "python3.12",
                "Timeout": 30
            },
            "DependsOn": ["FnServiceRoleDefaultPolicyC6A839BF"]
        })
    );
    assert_eq!(
        resources["FnServiceRoleB9001A96"]["Properties"]["ManagedPolicyArns"],
        json!([{"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]]}])
    );
    assert_eq!(
        resources["FnServiceRoleDefaultPolicyC6A839BF"]["Properties"]["Roles"],
        json!([{"Ref": "FnServiceRoleB9001A96"}])
    );
}

#[test]
fn asset_code_tracing_and_architecture() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bootstrap"), b"binary").unwrap();
    let (app, stack) = app_and_stack();
    Function::new(
        &stack,
        "Asset",
        FunctionProps::new(
            Runtime::ProvidedAl2023,
            "bootstrap",
            Code::from_asset(dir.path()),
        )
        .architecture(Architecture::Arm64)
        .tracing(Tracing::Active)
        .reserved_concurrency(2),
    );
    let assembly = app.assemble().unwrap();
    let resources = &assembly.stack("A").unwrap().template["Resources"];
    let properties = &resources["Asset7D9300EC"]["Properties"];
    assert_eq!(properties["Architectures"], json!(["arm64"]));
    assert_eq!(properties["TracingConfig"], json!({"Mode": "Active"}));
    assert_eq!(
        properties["Code"]["S3Bucket"],
        "cdk-hnb659fds-assets-111111111111-us-east-2"
    );
    let key = properties["Code"]["S3Key"].as_str().unwrap();
    assert!(key.ends_with(".zip"), "{key}");
    let manifest = assembly.json("A.assets.json").unwrap();
    let hash = key.trim_end_matches(".zip");
    assert_eq!(manifest["files"][hash]["source"]["packaging"], "zip");
    assert_eq!(manifest["files"][hash]["displayName"], "A/Asset/Code");
    assert_eq!(
        resources["AssetServiceRoleDefaultPolicy85E4EEBA"]["Properties"]["PolicyDocument"]
            ["Statement"],
        json!([{"Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], "Effect": "Allow", "Resource": "*"}])
    );
}

#[test]
fn permissions_versions_and_aliases_have_the_cdk_ids() {
    let (app, stack) = app_and_stack();
    let function = Function::new(
        &stack,
        "Fn",
        FunctionProps::new(
            Runtime::Python3_12,
            "index.handler",
            Code::from_inline("x = 1"),
        ),
    );
    let grant = function.grant_invoke(&Principal::service("events.amazonaws.com"));
    assert!(grant.resource_statement().is_some());
    function.add_permission(
        "S3",
        Permission::new(Principal::service("s3.amazonaws.com"))
            .source_arn("arn:aws:s3:::data")
            .source_account("111111111111"),
    );
    let version = Version::new(&stack, "V", VersionProps::new(&function));
    Alias::new(&stack, "Live", AliasProps::new("live", &version));
    let assembly = app.assemble().unwrap();
    let resources = &assembly.stack("A").unwrap().template["Resources"];
    assert_eq!(
        resources["FnInvoke1fBIBwkGKTIwSRmFV8O1yjU9AKdA1Znl7HToNrxfAB9616757"]["Properties"],
        json!({"Action": "lambda:InvokeFunction", "FunctionName": {"Fn::GetAtt": ["Fn9270CBC0", "Arn"]}, "Principal": "events.amazonaws.com"})
    );
    assert_eq!(
        resources["FnS3045A6777"]["Properties"],
        json!({"Action": "lambda:InvokeFunction", "FunctionName": {"Fn::GetAtt": ["Fn9270CBC0", "Arn"]},
               "Principal": "s3.amazonaws.com", "SourceAccount": "111111111111", "SourceArn": "arn:aws:s3:::data"})
    );
    assert_eq!(
        resources["Live848578DF"]["Properties"],
        json!({"FunctionName": {"Ref": "Fn9270CBC0"}, "FunctionVersion": {"Fn::GetAtt": ["V293ADB39", "Version"]}, "Name": "live"})
    );
}

#[test]
fn invalid_functions_are_reported_with_their_path() {
    let (app, stack) = app_and_stack();
    Function::new(
        &stack,
        "Bad",
        FunctionProps::new(Runtime::Java21, "", Code::from_inline("class X {}"))
            .memory_size_mb(64)
            .timeout_seconds(901)
            .ephemeral_storage_mb(100)
            .function_name("no spaces allowed")
            .environment("AWS_REGION", "x")
            .environment("1X", "y"),
    );
    let errors = app.assemble().unwrap_err();
    for message in [
        "memory size (MB) must be between 128 and 10240, not 64",
        "timeout (seconds) must be between 1 and 900, not 901",
        "ephemeral storage (MB) must be between 512 and 10240, not 100",
        "the handler must be 1 to 128 characters",
        "function name \"no spaces allowed\" contains ' '",
        "inline code needs a Python or Node.js runtime, not java21",
        "environment variable \"AWS_REGION\" is reserved by Lambda",
        "environment variable \"1X\" must start with a letter",
    ] {
        assert!(
            errors.contains("A/Bad", message),
            "missing {message:?} in\n{errors}"
        );
    }
    assert_eq!(errors.errors().len(), 8, "{errors}");
}
