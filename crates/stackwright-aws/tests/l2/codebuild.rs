//! CodeBuild projects: the CloudFormation written (aws-cdk-lib's ids, role statements in its
//! order, the buildspec text), environment variables and the IAM they need, VPC access, grants
//! to and by projects, and validation errors with the construct path. The parity case
//! `cicd_build` compares whole templates with aws-cdk-lib's.

use crate::support;
use support::app;

use serde_json::json;
use stackwright_aws::codebuild::{
    BuildEnvironment, BuildImage, BuildSpec, BuildSpecArtifacts, BuildSpecEnv, Cache,
    EnvironmentVariable, Phase, Project, ProjectProps, Source,
};
use stackwright_aws::codecommit::{Repository, RepositoryProps};
use stackwright_aws::ec2::{SubnetSelection, SubnetType, Vpc, VpcProps};
use stackwright_aws::iam::{PolicyStatement, Principal, Role, RoleProps};
use stackwright_aws::kms::{Key, KeyProps};
use stackwright_aws::s3::{Bucket, BucketProps};
use stackwright_aws::SecretValue;
use stackwright_core::{App, Aws, Environment, Fn, Stack, StackProps, Val};

fn stack(app: &App, id: &str) -> Stack {
    let env = Environment::new("111111111111", "us-east-2");
    Stack::new(app, id, StackProps::default().env(env))
}

fn spec() -> BuildSpec {
    BuildSpec::new().build(Phase::commands(["make"]))
}

fn join(parts: serde_json::Value) -> serde_json::Value {
    json!({"Fn::Join": ["", parts]})
}

#[test]
fn a_project_is_written_with_the_role_and_statements_the_cdk_gives_it() {
    let app = app();
    let s = stack(&app, "S");
    Project::new(&s, "Build", ProjectProps::new().build_spec(spec()));
    let assembly = app.assemble().unwrap();
    let resources = &assembly.stack("S").unwrap().template["Resources"];
    assert_eq!(
        resources["Build45A36621"]["Properties"],
        json!({
            "Artifacts": {"Type": "NO_ARTIFACTS"},
            "Cache": {"Type": "NO_CACHE"},
            "EncryptionKey": "alias/aws/s3",
            "Environment": {"ComputeType": "BUILD_GENERAL1_SMALL",
                            "Image": "aws/codebuild/standard:7.0",
                            "ImagePullCredentialsType": "CODEBUILD",
                            "PrivilegedMode": false, "Type": "LINUX_CONTAINER"},
            "ServiceRole": {"Fn::GetAtt": ["BuildRoleB7C66CB2", "Arn"]},
            "Source": {"BuildSpec": "{\n  \"version\": \"0.2\",\n  \"phases\": {\n    \"build\": {\n      \"commands\": [\n        \"make\"\n      ]\n    }\n  }\n}",
                       "Type": "NO_SOURCE"}
        })
    );
    let name = json!({"Ref": "Build45A36621"});
    let log_group = join(json!(["arn:", {"Ref": "AWS::Partition"},
        ":logs:us-east-2:111111111111:log-group:/aws/codebuild/", name]));
    let log_streams = join(json!(["arn:", {"Ref": "AWS::Partition"},
        ":logs:us-east-2:111111111111:log-group:/aws/codebuild/", name, ":*"]));
    assert_eq!(
        resources["BuildRoleDefaultPolicyEAC4E6D6"]["Properties"]["PolicyDocument"]["Statement"],
        json!([
            {"Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
             "Effect": "Allow", "Resource": [log_group, log_streams]},
            {"Action": ["codebuild:CreateReportGroup", "codebuild:CreateReport",
                        "codebuild:UpdateReport", "codebuild:BatchPutTestCases",
                        "codebuild:BatchPutCodeCoverages"],
             "Effect": "Allow",
             "Resource": join(json!(["arn:", {"Ref": "AWS::Partition"},
                 ":codebuild:us-east-2:111111111111:report-group/", name, "-*"]))},
        ])
    );
    assert_eq!(
        resources["BuildRoleB7C66CB2"]["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]
            ["Principal"],
        json!({"Service": "codebuild.amazonaws.com"})
    );
}

#[test]
fn the_buildspec_is_json_text_in_a_fixed_key_order_with_references_joined_in() {
    let app = app();
    let s = stack(&app, "S");
    let bucket = Bucket::new(&s, "Bucket", BucketProps::new());
    let spec = BuildSpec::new()
        .cache_paths(["/root/.cargo/**/*"])
        .artifacts(BuildSpecArtifacts::new(["**/*"]).base_directory("dist"))
        .build(Phase::commands([Fn::join(
            "",
            [Val::from("aws s3 cp out s3://"), bucket.bucket_name()],
        )]))
        .env(BuildSpecEnv::new().variable("A", "1"))
        .install(Phase::new().runtime_version("nodejs", "20"));
    Project::new(&s, "Build", ProjectProps::new().build_spec(spec));
    let assembly = app.assemble().unwrap();
    let text = &assembly.stack("S").unwrap().template["Resources"]["Build45A36621"]["Properties"]
        ["Source"]["BuildSpec"];
    assert_eq!(
        *text,
        join(json!([
            "{\n  \"version\": \"0.2\",\n  \"env\": {\n    \"variables\": {\n      \"A\": \"1\"\n    }\n  },\n  \"phases\": {\n    \"install\": {\n      \"runtime-versions\": {\n        \"nodejs\": \"20\"\n      }\n    },\n    \"build\": {\n      \"commands\": [\n        \"aws s3 cp out s3://",
            {"Ref": "Bucket83908E77"},
            "\"\n      ]\n    }\n  },\n  \"artifacts\": {\n    \"base-directory\": \"dist\",\n    \"files\": \"**/*\"\n  },\n  \"cache\": {\n    \"paths\": [\n      \"/root/.cargo/**/*\"\n    ]\n  }\n}"
        ]))
    );
}

#[test]
fn environment_variables_grant_what_reading_them_needs() {
    let app = app();
    let s = stack(&app, "S");
    let key = Key::new(&s, "Key", KeyProps::new());
    let secret = stackwright_aws::secretsmanager::Secret::new(
        &s,
        "Secret",
        stackwright_aws::secretsmanager::SecretProps::new().encryption_key(&key),
    );
    Project::new(
        &s,
        "Build",
        ProjectProps::new()
            .build_spec(spec())
            .environment_variable("PLAIN", EnvironmentVariable::plain_text("v"))
            .environment_variable("P1", EnvironmentVariable::parameter_store("/ci/a"))
            .environment_variable("P2", EnvironmentVariable::parameter_store("b"))
            .environment_variable("S1", EnvironmentVariable::secrets_manager("ci/token:field"))
            .environment_variable(
                "S2",
                EnvironmentVariable::secrets_manager(
                    "arn:aws:secretsmanager:us-east-2:222222222222:secret:x-AbCdEf:k::",
                ),
            )
            .environment_variable("S3", EnvironmentVariable::secret(&secret, Some("password"))),
    );
    let assembly = app.assemble().unwrap();
    let resources = &assembly.stack("S").unwrap().template["Resources"];
    assert_eq!(
        resources["Build45A36621"]["Properties"]["Environment"]["EnvironmentVariables"],
        json!([
            {"Name": "PLAIN", "Type": "PLAINTEXT", "Value": "v"},
            {"Name": "P1", "Type": "PARAMETER_STORE", "Value": "/ci/a"},
            {"Name": "P2", "Type": "PARAMETER_STORE", "Value": "b"},
            {"Name": "S1", "Type": "SECRETS_MANAGER", "Value": "ci/token:field"},
            {"Name": "S2", "Type": "SECRETS_MANAGER",
             "Value": "arn:aws:secretsmanager:us-east-2:222222222222:secret:x-AbCdEf:k::"},
            {"Name": "S3", "Type": "SECRETS_MANAGER",
             "Value": join(json!([{"Ref": "SecretA720EF05"}, ":password"]))},
        ])
    );
    let statements =
        &resources["BuildRoleDefaultPolicyEAC4E6D6"]["Properties"]["PolicyDocument"]["Statement"];
    let partition = || json!({"Ref": "AWS::Partition"});
    assert_eq!(
        statements[0],
        json!({"Action": "ssm:GetParameters", "Effect": "Allow", "Resource": [
            join(json!(["arn:", partition(), ":ssm:us-east-2:111111111111:parameter/ci/a"])),
            join(json!(["arn:", partition(), ":ssm:us-east-2:111111111111:parameter/b"])),
        ]})
    );
    assert_eq!(
        statements[1],
        json!({"Action": "secretsmanager:GetSecretValue", "Effect": "Allow", "Resource": [
            join(json!(["arn:", partition(), ":secretsmanager:us-east-2:111111111111:secret:ci/token-??????"])),
            "arn:aws:secretsmanager:us-east-2:222222222222:secret:x-AbCdEf*",
            {"Ref": "SecretA720EF05"},
        ]})
    );
    assert_eq!(
        statements[2],
        json!({"Action": "kms:Decrypt", "Effect": "Allow",
               "Resource": "arn:aws:kms:us-east-2:222222222222:key/*"})
    );
    // The secret's customer key: decrypt through Secrets Manager, in the key policy.
    let key_policy = resources["Key961B73FD"]["Properties"]["KeyPolicy"]["Statement"].to_string();
    assert!(key_policy.contains("kms:ViaService"), "{key_policy}");
    assert!(key_policy.contains("BuildRoleB7C66CB2"), "{key_policy}");
}

#[test]
fn a_project_in_a_vpc_gets_a_security_group_and_the_network_interface_policy() {
    let app = app();
    let s = stack(&app, "S");
    let vpc = Vpc::new(&s, "Vpc", VpcProps::new().max_azs(2).nat_gateways(1));
    let project = Project::new(
        &s,
        "Rust",
        ProjectProps::new()
            .build_spec(spec())
            .vpc(&vpc)
            .subnet_selection(SubnetSelection::of_type(SubnetType::PrivateWithEgress)),
    );
    assert_eq!(project.security_groups().len(), 1);
    let assembly = app.assemble().unwrap();
    let resources = &assembly.stack("S").unwrap().template["Resources"];
    assert_eq!(
        resources["RustSecurityGroup8548FC53"]["Properties"]["GroupDescription"],
        json!("Automatic generated security group for CodeBuild SRustD431DA96")
    );
    let project_resource = &resources["Rust159E9EC5"];
    assert_eq!(
        project_resource["DependsOn"],
        json!(["RustPolicyDocument5B2C1A05"])
    );
    assert_eq!(
        project_resource["Properties"]["VpcConfig"],
        json!({"SecurityGroupIds": [{"Fn::GetAtt": ["RustSecurityGroup8548FC53", "GroupId"]}],
               "Subnets": [{"Ref": "VpcPrivateSubnet1Subnet536B997A"},
                           {"Ref": "VpcPrivateSubnet2Subnet3788AAA1"}],
               "VpcId": {"Ref": "Vpc8378EB38"}})
    );
    let policy = &resources["RustPolicyDocument5B2C1A05"]["Properties"];
    assert_eq!(policy["Roles"], json!([{"Ref": "RustRole03D4E52E"}]));
    assert_eq!(
        policy["PolicyDocument"]["Statement"][0]["Resource"],
        json!("*")
    );
    let first =
        &resources["RustRoleDefaultPolicy1A80AAB9"]["Properties"]["PolicyDocument"]["Statement"][0];
    assert_eq!(
        first["Action"],
        json!("ec2:CreateNetworkInterfacePermission")
    );
    assert_eq!(
        first["Condition"]["StringEquals"]["ec2:AuthorizedService"],
        json!("codebuild.amazonaws.com")
    );
    assert_eq!(
        first["Condition"]["StringEquals"]["ec2:Subnet"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
}

#[test]
fn one_subnet_is_still_a_list_in_the_network_interface_condition() {
    let app = app();
    let s = stack(&app, "S");
    let vpc = Vpc::new(&s, "Vpc", VpcProps::new().max_azs(1).nat_gateways(1));
    Project::new(&s, "Rust", ProjectProps::new().build_spec(spec()).vpc(&vpc));
    let assembly = app.assemble().unwrap();
    let first = &assembly.stack("S").unwrap().template["Resources"]
        ["RustRoleDefaultPolicy1A80AAB9"]["Properties"]["PolicyDocument"]["Statement"][0];
    assert_eq!(
        first["Condition"]["StringEquals"]["ec2:Subnet"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}

#[test]
fn grants_to_a_project_go_to_its_role_and_sources_of_other_stacks_are_imported() {
    let app = app();
    let source = stack(&app, "Source");
    let repo = Repository::new(&source, "Repo", RepositoryProps::new("service"));
    let builds = stack(&app, "Builds");
    let bucket = Bucket::new(&builds, "Out", BucketProps::new());
    let project = Project::new(
        &builds,
        "Build",
        ProjectProps::new()
            .source(Source::code_commit(&repo))
            .cache(Cache::bucket(&bucket, None)),
    );
    let _ = bucket.grant_put(&project);
    assert!(project.add_to_role_policy(
        PolicyStatement::allow()
            .action("sts:GetCallerIdentity")
            .all_resources()
    ));
    let assembly = app.assemble().unwrap();
    let resources = &assembly.stack("Builds").unwrap().template["Resources"];
    let props = &resources["Build45A36621"]["Properties"];
    assert_eq!(
        props["Source"],
        json!({"Location": {"Fn::ImportValue": "Source:ExportsOutputFnGetAttRepo02AC86CFCloneUrlHttp7D7FC802"},
               "Type": "CODECOMMIT"})
    );
    assert_eq!(
        props["Cache"],
        json!({"Location": {"Fn::Join": ["/", [{"Ref": "OutB8D7CCDD"}, {"Ref": "AWS::NoValue"}]]},
               "Type": "S3"})
    );
    let statements =
        &resources["BuildRoleDefaultPolicyEAC4E6D6"]["Properties"]["PolicyDocument"]["Statement"];
    assert_eq!(
        statements[0],
        json!({"Action": "codecommit:GitPull", "Effect": "Allow",
               "Resource": {"Fn::ImportValue": "Source:ExportsOutputFnGetAttRepo02AC86CFArn39FFAA30"}})
    );
    assert_eq!(statements[1]["Action"][0], json!("s3:GetObject*"));
    let actions: Vec<&serde_json::Value> = statements
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["Action"])
        .collect();
    assert!(actions.contains(&&json!("sts:GetCallerIdentity")));
    assert!(actions.iter().any(|a| a[0] == json!("s3:PutObject")));
}

#[test]
fn a_given_role_is_used_and_an_imported_project_cannot_be_granted_to() {
    let app = app();
    let s = stack(&app, "S");
    let role = Role::new(
        &s,
        "Mine",
        RoleProps::new(Principal::service("codebuild.amazonaws.com")),
    );
    let project = Project::new(
        &s,
        "Build",
        ProjectProps::new()
            .build_spec(spec())
            .role(&role)
            .grant_report_group_permissions(false),
    );
    assert!(project.role().is_some());
    let imported = Project::from_project_name(&s, "Imported", "legacy-build");
    assert_eq!(
        imported.project_arn(),
        Fn::join(
            "",
            [
                Val::from("arn:"),
                Aws::partition(),
                Val::from(":codebuild:us-east-2:111111111111:project/legacy-build"),
            ]
        )
    );
    let bucket = Bucket::new(&s, "Bucket", BucketProps::new());
    let _ = bucket.grant_read(&imported);
    let errors = app.assemble().unwrap_err();
    assert!(
        errors.contains(
            "S/Imported",
            "cannot grant permissions to an imported project"
        ),
        "{errors}"
    );
    assert_eq!(errors.errors().len(), 1, "{errors}");
}

#[test]
fn invalid_projects_are_reported_with_the_construct_path() {
    let app = app();
    let s = stack(&app, "S");
    let vpc_less = ProjectProps::new().build_spec(spec());
    Project::new(&s, "NoSpec", ProjectProps::new());
    Project::new(
        &s,
        "FileNoSource",
        ProjectProps::new().build_spec_file("buildspec.yml"),
    );
    Project::new(
        &s,
        "BadSpec",
        ProjectProps::new().build_spec(
            BuildSpec::new()
                .pre_build(Phase::new().runtime_version("nodejs", "20"))
                .build(Phase::new())
                .env(BuildSpecEnv::new().variable(
                    "TOKEN",
                    SecretValue::secrets_manager("t", Default::default()).to_val(&s),
                )),
        ),
    );
    Project::new(
        &s,
        "Empty",
        ProjectProps::new().build_spec(BuildSpec::new()),
    );
    Project::new(
        &s,
        "BadVars",
        vpc_less
            .clone()
            .environment_variable("CODEBUILD_X", EnvironmentVariable::plain_text("1"))
            .environment_variable(
                "LEAK",
                EnvironmentVariable::plain_text(
                    SecretValue::ssm_secure("/db/password", None).to_val(&s),
                ),
            ),
    );
    Project::new(
        &s,
        "Limits",
        vpc_less
            .clone()
            .project_name("-bad")
            .timeout_minutes(3000)
            .queued_timeout_minutes(1),
    );
    Project::new(&s, "NoVpc", vpc_less.allow_all_outbound(false));
    Project::from_project_arn(&s, "BadArn", "arn:aws:s3:::bucket");
    let _ = BuildEnvironment::new(BuildImage::standard_6_0());
    let errors = app.assemble().unwrap_err();
    for (path, message) in [
        (
            "S/NoSpec",
            "a project with no source needs a buildspec object",
        ),
        ("S/FileNoSource", "the project has no source"),
        (
            "S/BadSpec",
            "buildspec: the pre_build phase sets runtime versions",
        ),
        (
            "S/BadSpec",
            "buildspec: the pre_build phase has no commands",
        ),
        ("S/BadSpec", "buildspec: the build phase has no commands"),
        (
            "S/BadSpec",
            "buildspec variable \"TOKEN\" holds a secret reference",
        ),
        ("S/Empty", "buildspec: the buildspec has no phase"),
        ("S/BadVars", "\"CODEBUILD_X\" is reserved"),
        (
            "S/BadVars",
            "plain-text environment variable \"LEAK\" holds a secret",
        ),
        (
            "S/Limits",
            "project name \"-bad\" must start with a letter or digit",
        ),
        (
            "S/Limits",
            "the timeout (minutes) must be between 5 and 2160, not 3000",
        ),
        (
            "S/Limits",
            "the queued timeout (minutes) must be between 5 and 480, not 1",
        ),
        ("S/NoVpc", "need a VPC"),
        ("S/BadArn", "is not the ARN of a CodeBuild project"),
    ] {
        assert!(
            errors.contains(path, message),
            "expected {path}: {message} in\n{errors}"
        );
    }
    assert_eq!(errors.errors().len(), 14, "{errors}");
}
