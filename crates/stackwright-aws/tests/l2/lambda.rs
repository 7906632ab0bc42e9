//! Lambda constructs: the CloudFormation they write (logical ids as aws-cdk-lib gives them),
//! code assets, VPC placement, log groups, grants and permissions, and validation errors.

use serde_json::json;
use stackwright_aws::ec2::{
    SecurityGroup, SecurityGroupProps, SubnetConfiguration, SubnetSelection, SubnetType, Vpc,
    VpcProps,
};
use stackwright_aws::iam::{PolicyStatement, Principal};
use stackwright_aws::lambda::{
    Alias, AliasProps, Architecture, Code, Function, FunctionProps, Permission, Runtime, Tracing,
    Version, VersionProps,
};
use stackwright_aws::logs::{LogGroup, LogGroupProps, RetentionDays};
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

fn inline() -> FunctionProps {
    FunctionProps::new(
        Runtime::Python3_12,
        "index.handler",
        Code::from_inline("def handler(e, c): return 1"),
    )
}

fn partition_policy(name: &str) -> serde_json::Value {
    json!({"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, format!(":iam::aws:policy/service-role/{name}")]]})
}

#[test]
fn a_function_in_a_vpc_gets_a_security_group_and_waits_for_the_routes() {
    let (app, stack) = app_and_stack();
    let vpc = Vpc::new(&stack, "Vpc", VpcProps::new().max_azs(2).nat_gateways(1));
    let function = Function::new(&stack, "Fn", inline().vpc(&vpc));
    // Added after the function exists: it still waits for the routes, as in the CDK.
    function.add_to_role_policy(
        PolicyStatement::allow()
            .action("s3:GetObject")
            .resource("arn:aws:s3:::data/*"),
    );
    assert_eq!(function.security_groups().len(), 1);
    let assembly = app.assemble().unwrap();
    let resources = &assembly.stack("A").unwrap().template["Resources"];
    let routes = json!([
        "VpcPrivateSubnet1DefaultRouteBE02A9ED",
        "VpcPrivateSubnet1RouteTableAssociation70C59FA6",
        "VpcPrivateSubnet2DefaultRoute060D2087",
        "VpcPrivateSubnet2RouteTableAssociationA89CAD56"
    ]);
    assert_eq!(
        resources["FnSecurityGroupB675AC26"],
        json!({
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": {
                "GroupDescription": "Automatic security group for Lambda Function AFn963E3C32",
                "SecurityGroupEgress": [{"CidrIp": "0.0.0.0/0", "Description": "Allow all outbound traffic by default", "IpProtocol": "-1"}],
                "VpcId": {"Ref": "Vpc8378EB38"}
            },
            "DependsOn": routes
        })
    );
    let properties = &resources["Fn9270CBC0"]["Properties"];
    assert_eq!(
        properties["VpcConfig"],
        json!({
            "SecurityGroupIds": [{"Fn::GetAtt": ["FnSecurityGroupB675AC26", "GroupId"]}],
            "SubnetIds": [{"Ref": "VpcPrivateSubnet1Subnet536B997A"}, {"Ref": "VpcPrivateSubnet2Subnet3788AAA1"}]
        })
    );
    let mut function_depends = routes.as_array().unwrap().clone();
    function_depends.insert(0, json!("FnServiceRoleDefaultPolicyC6A839BF"));
    assert_eq!(
        resources["Fn9270CBC0"]["DependsOn"],
        json!(function_depends)
    );
    for id in [
        "FnServiceRoleB9001A96",
        "FnServiceRoleDefaultPolicyC6A839BF",
    ] {
        assert_eq!(resources[id]["DependsOn"], routes, "{id}");
    }
    assert_eq!(
        resources["FnServiceRoleB9001A96"]["Properties"]["ManagedPolicyArns"],
        json!([
            partition_policy("AWSLambdaBasicExecutionRole"),
            partition_policy("AWSLambdaVPCAccessExecutionRole")
        ])
    );
    // Nothing outside the function waits.
    assert!(resources["Vpc8378EB38"].get("DependsOn").is_none());
}

#[test]
fn given_security_groups_and_subnets_are_used_as_they_are() {
    let (app, stack) = app_and_stack();
    let vpc = Vpc::new(
        &stack,
        "Vpc",
        VpcProps::new().max_azs(2).subnet_configuration([
            SubnetConfiguration::public("Public"),
            SubnetConfiguration::private_isolated("Data"),
        ]),
    );
    let group = SecurityGroup::new(&stack, "Group", SecurityGroupProps::new(&vpc));
    let role = stackwright_aws::iam::Role::new(
        &stack,
        "Own",
        stackwright_aws::iam::RoleProps::new(Principal::service("lambda.amazonaws.com")),
    );
    let function = Function::new(
        &stack,
        "Fn",
        inline()
            .vpc(&vpc)
            .vpc_subnets(SubnetSelection::group("Data"))
            .security_group(&group)
            .role(&role),
    );
    assert_eq!(function.security_groups(), [group]);
    let assembly = app.assemble().unwrap();
    let resources = &assembly.stack("A").unwrap().template["Resources"];
    assert_eq!(
        resources["Fn9270CBC0"]["Properties"]["VpcConfig"],
        json!({
            "SecurityGroupIds": [{"Fn::GetAtt": ["GroupC77FDACD", "GroupId"]}],
            "SubnetIds": [{"Ref": "VpcDataSubnet1Subnet8E3CA4ED"}, {"Ref": "VpcDataSubnet2Subnet25D1B0F6"}]
        })
    );
    // Isolated subnets reach the internet through nothing: only their route table associations.
    assert_eq!(
        resources["Fn9270CBC0"]["DependsOn"],
        json!([
            "VpcDataSubnet1RouteTableAssociationCD7515ED",
            "VpcDataSubnet2RouteTableAssociationF6BF0EC9"
        ])
    );
    // The role given is left alone.
    assert!(resources["Own30425842"]["Properties"]
        .get("ManagedPolicyArns")
        .is_none());
    assert!(resources.get("FnSecurityGroupB675AC26").is_none());
}

#[test]
fn a_retention_creates_the_log_group_the_function_writes_to() {
    let (app, stack) = app_and_stack();
    let function = Function::new(
        &stack,
        "Fn",
        inline().log_retention(RetentionDays::OneMonth),
    );
    assert!(function.log_group().is_some());
    let shared = LogGroup::new(&stack, "Shared", LogGroupProps::new());
    let other = Function::new(&stack, "Other", inline().log_group(&shared));
    assert_eq!(
        other.log_group().unwrap().log_group_arn(),
        shared.log_group_arn()
    );
    let plain = Function::new(&stack, "Plain", inline());
    assert!(plain.log_group().is_none());
    let assembly = app.assemble().unwrap();
    let resources = &assembly.stack("A").unwrap().template["Resources"];
    assert_eq!(
        resources["FnLogGroup27CC2AC8"],
        json!({
            "Type": "AWS::Logs::LogGroup",
            "Properties": {"RetentionInDays": 30},
            "UpdateReplacePolicy": "Retain",
            "DeletionPolicy": "Retain"
        })
    );
    assert_eq!(
        resources["Fn9270CBC0"]["Properties"]["LoggingConfig"],
        json!({"LogGroup": {"Ref": "FnLogGroup27CC2AC8"}})
    );
    assert_eq!(
        resources["Other34654A52"]["Properties"]["LoggingConfig"],
        json!({"LogGroup": {"Ref": "SharedDACC02AA"}})
    );
    assert!(resources["Plain295EB121"]["Properties"]
        .get("LoggingConfig")
        .is_none());
}

#[test]
fn vpc_and_logging_mistakes_are_reported_with_the_function_path() {
    let (app, stack) = app_and_stack();
    let vpc = Vpc::new(&stack, "Vpc", VpcProps::new().max_azs(1));
    let group = SecurityGroup::new(&stack, "Group", SecurityGroupProps::new(&vpc));
    Function::new(
        &stack,
        "NoVpc",
        inline()
            .vpc_subnets(SubnetSelection::of_type(SubnetType::Public))
            .security_group(&group)
            .allow_all_outbound(false),
    );
    Function::new(
        &stack,
        "PublicSubnets",
        inline()
            .vpc(&vpc)
            .vpc_subnets(SubnetSelection::of_type(SubnetType::Public)),
    );
    Function::new(
        &stack,
        "Outbound",
        inline()
            .vpc(&vpc)
            .security_group(&group)
            .allow_all_outbound(true),
    );
    let logs = LogGroup::new(&stack, "Logs", LogGroupProps::new());
    Function::new(
        &stack,
        "TwoLogs",
        inline()
            .log_group(&logs)
            .log_retention(RetentionDays::OneDay),
    );
    let errors = app.assemble().unwrap_err();
    for (path, message) in [
        (
            "A/NoVpc",
            "vpc_subnets can only be set for a function in a VPC",
        ),
        (
            "A/NoVpc",
            "security groups can only be set for a function in a VPC",
        ),
        (
            "A/NoVpc",
            "allow_all_outbound can only be set for a function in a VPC",
        ),
        (
            "A/PublicSubnets",
            "a function in a public subnet cannot reach the internet",
        ),
        (
            "A/Outbound",
            "allow_all_outbound applies to the security group created for the function",
        ),
        (
            "A/TwoLogs",
            "log_retention and log_group cannot both be set",
        ),
    ] {
        assert!(
            errors.contains(path, message),
            "missing {path}: {message} in\n{errors}"
        );
    }
    assert_eq!(errors.errors().len(), 6, "{errors}");
}
