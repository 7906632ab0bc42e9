//! CodePipeline pipelines: the CloudFormation written (aws-cdk-lib's ids for the artifact key,
//! alias, bucket, roles and event rules), grants across accounts, custom actions through the
//! `Action` trait, and every validation error with its construct path. The parity case
//! `cicd_pipeline` compares whole templates with aws-cdk-lib's.

use crate::support;
use support::app;

use serde_json::json;
use stackwright_aws::codebuild::{Project, ProjectProps, Source};
use stackwright_aws::codecommit::{Repository, RepositoryProps};
use stackwright_aws::codepipeline::{
    Action, ActionBinding, ActionCategory, ActionConfiguration, ActionProperties, Artifact,
    ArtifactBounds, CloudFormationCreateReplaceChangeSetAction,
    CloudFormationCreateUpdateStackAction, CodeBuildAction, CodeCommitSourceAction,
    CodeStarConnectionsSourceAction, GitHubSourceAction, ManualApprovalAction, Pipeline,
    PipelineProps, PipelineTarget, S3SourceAction, SourceTrigger,
};
use stackwright_aws::events::{Rule, RuleProps, Schedule};
use stackwright_aws::iam::{PolicyStatement, Role};
use stackwright_aws::s3::{Bucket, BucketProps};
use stackwright_aws::SecretValue;
use stackwright_core::{
    App, AppProps, Environment, Scope, Stack, StackProps, Value, WARNING_METADATA,
};

fn stack(app: &App, id: &str) -> Stack {
    let env = Environment::new("111111111111", "us-east-2");
    Stack::new(app, id, StackProps::default().env(env))
}

fn project(stack: &Stack, id: &str) -> Project {
    Project::new(
        stack,
        id,
        ProjectProps::new().source(Source::code_pipeline()),
    )
}

/// A valid two-stage pipeline: CodeCommit `main` → CodeBuild.
fn two_stages(stack: &Stack, props: PipelineProps) -> Pipeline {
    let repo = Repository::new(stack, "Repo", RepositoryProps::new("service"));
    let build = project(stack, "Build");
    let source = Artifact::new("Source");
    let pipeline = Pipeline::new(stack, "Pipeline", props);
    pipeline
        .add_stage("Source")
        .add_action(&CodeCommitSourceAction::new("Code", &repo, "main", &source));
    pipeline
        .add_stage("Build")
        .add_action(&CodeBuildAction::new("Compile", &build, &source));
    pipeline
}

#[test]
fn a_pipeline_gets_the_artifact_key_bucket_roles_and_event_rule_aws_cdk_lib_creates() {
    let app = app();
    let s = stack(&app, "S");
    two_stages(&s, PipelineProps::new().restart_execution_on_update(true));
    let assembly = app.assemble().unwrap();
    let resources = &assembly.stack("S").unwrap().template["Resources"];
    let key = json!({"Fn::GetAtt": ["PipelineArtifactsBucketEncryptionKey01D58D69", "Arn"]});
    assert_eq!(
        resources["PipelineArtifactsBucketEncryptionKey01D58D69"]["DeletionPolicy"],
        json!("Delete")
    );
    assert_eq!(
        resources["PipelineArtifactsBucketEncryptionKey01D58D69"]["Properties"]
            ["EnableKeyRotation"],
        json!(true)
    );
    assert_eq!(
        resources["PipelineArtifactsBucketEncryptionKeyAlias5C510EEE"],
        json!({"Type": "AWS::KMS::Alias",
               "Properties": {"AliasName": "alias/codepipeline-spipeline44391d78", "TargetKeyId": key},
               "UpdateReplacePolicy": "Delete", "DeletionPolicy": "Delete"})
    );
    let bucket = &resources["PipelineArtifactsBucket22248F97"];
    assert_eq!(bucket["DeletionPolicy"], json!("Retain"));
    assert_eq!(
        bucket["Properties"]["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
            ["ServerSideEncryptionByDefault"],
        json!({"KMSMasterKeyID": key, "SSEAlgorithm": "aws:kms"})
    );
    assert_eq!(
        bucket["Properties"]["PublicAccessBlockConfiguration"]["RestrictPublicBuckets"],
        json!(true)
    );
    assert_eq!(
        resources["PipelineArtifactsBucketPolicyD4F9712A"]["Properties"]["PolicyDocument"]
            ["Statement"][0]["Condition"],
        json!({"Bool": {"aws:SecureTransport": "false"}})
    );
    let pipeline = &resources["PipelineC660917D"];
    // The role is referenced (RoleArn); its policy must exist before the pipeline runs.
    assert_eq!(
        pipeline["DependsOn"],
        json!(["PipelineRoleDefaultPolicyC7A05455"])
    );
    let props = &pipeline["Properties"];
    assert_eq!(props["PipelineType"], json!("V2"));
    assert_eq!(props["RestartExecutionOnUpdate"], json!(true));
    assert_eq!(
        props["ArtifactStore"],
        json!({"EncryptionKey": {"Id": key, "Type": "KMS"},
               "Location": {"Ref": "PipelineArtifactsBucket22248F97"}, "Type": "S3"})
    );
    assert_eq!(
        props["Stages"][0]["Actions"][0]["RoleArn"],
        json!({"Fn::GetAtt": ["PipelineSourceCodeCodePipelineActionRole7D518F12", "Arn"]})
    );
    assert_eq!(
        resources["PipelineSourceCodeCodePipelineActionRole7D518F12"]["Properties"]
            ["AssumeRolePolicyDocument"]["Statement"][0]["Principal"],
        json!({"AWS": {"Fn::GetAtt": ["PipelineRoleD68726F7", "Arn"]}})
    );
    let rule = &resources["RepoSPipeline44391D78mainEventRule9EA1D12F"]["Properties"];
    assert_eq!(
        rule["EventPattern"]["detail"]["referenceName"],
        json!(["main"])
    );
    assert_eq!(
        rule["Targets"][0]["RoleArn"],
        json!({"Fn::GetAtt": ["PipelineEventsRole46BEEA7C", "Arn"]})
    );
    assert_eq!(
        resources["PipelineEventsRoleDefaultPolicyFF4FCCE0"]["Properties"]["PolicyDocument"]
            ["Statement"][0]["Action"],
        json!("codepipeline:StartPipelineExecution")
    );
}

#[test]
fn without_cross_account_keys_the_bucket_uses_the_aws_managed_key() {
    let app = app();
    let s = stack(&app, "S");
    two_stages(&s, PipelineProps::new().cross_account_keys(false));
    let assembly = app.assemble().unwrap();
    let resources = &assembly.stack("S").unwrap().template["Resources"];
    assert!(resources
        .get("PipelineArtifactsBucketEncryptionKey01D58D69")
        .is_none());
    assert_eq!(
        resources["PipelineArtifactsBucket22248F97"]["Properties"]["BucketEncryption"],
        json!({"ServerSideEncryptionConfiguration": [
            {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms"}}]})
    );
    assert_eq!(
        resources["PipelineC660917D"]["Properties"]["ArtifactStore"],
        json!({"Location": {"Ref": "PipelineArtifactsBucket22248F97"}, "Type": "S3"})
    );
}

#[test]
fn a_github_token_reaches_the_template_only_as_a_dynamic_reference() {
    let app = app();
    let s = stack(&app, "S");
    let build = project(&s, "Build");
    let source = Artifact::new("Source");
    let pipeline = Pipeline::new(&s, "Pipeline", PipelineProps::new());
    let token = SecretValue::secrets_manager("github-token", Default::default());
    pipeline
        .add_stage("Source")
        .add_action(&GitHubSourceAction::new(
            "GitHub", "acme", "service", "main", token, &source,
        ));
    pipeline
        .add_stage("Build")
        .add_action(&CodeBuildAction::new("Build", &build, &source));
    let assembly = app.assemble().unwrap();
    let resources = &assembly.stack("S").unwrap().template["Resources"];
    let reference = json!("{{resolve:secretsmanager:github-token:SecretString:::}}");
    let action = &resources["PipelineC660917D"]["Properties"]["Stages"][0]["Actions"][0];
    assert_eq!(action["Configuration"]["OAuthToken"], reference);
    assert_eq!(action["ActionTypeId"]["Owner"], json!("ThirdParty"));
    assert!(
        action.get("RoleArn").is_none(),
        "third-party actions run without a role"
    );
    let webhook = &resources["PipelineSourceGitHubWebhookResource60875CAB"]["Properties"];
    assert_eq!(
        webhook["AuthenticationConfiguration"]["SecretToken"],
        reference
    );
    assert_eq!(
        webhook["TargetPipeline"],
        json!({"Ref": "PipelineC660917D"})
    );

    // A plain-text token is written, but the action warns.
    let app = App::with_props(AppProps::default());
    let s = stack(&app, "S");
    let pipeline = Pipeline::new(&s, "Pipeline", PipelineProps::new());
    pipeline.add_stage("Source").add_action(
        &GitHubSourceAction::new(
            "GitHub",
            "acme",
            "service",
            "main",
            SecretValue::unsafe_plain_text("ghp_secret"),
            &source,
        )
        .trigger(SourceTrigger::Poll),
    );
    let build = project(&s, "Build");
    pipeline
        .add_stage("Build")
        .add_action(&CodeBuildAction::new("Build", &build, &source));
    assert!(app.assemble().is_ok());
    let warned: Vec<String> = s
        .node()
        .find_all()
        .into_iter()
        .filter(|n| {
            n.metadata()
                .iter()
                .any(|m| m.kind == WARNING_METADATA && m.data.to_string().contains("plain text"))
        })
        .map(|n| n.path())
        .collect();
    assert_eq!(warned, ["S/Pipeline/Source/GitHub"]);
}

#[test]
fn an_action_role_of_another_account_reads_artifacts_through_the_bucket_and_key_policies() {
    let app = app();
    let s = stack(&app, "S");
    let repo = Repository::new(&s, "Repo", RepositoryProps::new("service"));
    let source = Artifact::new("Source");
    let pipeline = Pipeline::new(&s, "Pipeline", PipelineProps::new());
    pipeline
        .add_stage("Source")
        .add_action(&CodeCommitSourceAction::new("Code", &repo, "main", &source));
    let deploy = Role::from_role_arn(&s, "Deploy", "arn:aws:iam::222222222222:role/deploy");
    pipeline.add_stage("Deploy").add_action(
        &CloudFormationCreateUpdateStackAction::new("Stack", "App", &source.at_path("t.json"))
            .role(&deploy),
    );
    let assembly = app.assemble().unwrap();
    let resources = &assembly.stack("S").unwrap().template["Resources"];
    let principal = json!({"AWS": "arn:aws:iam::222222222222:role/deploy"});
    let bucket_statements = &resources["PipelineArtifactsBucketPolicyD4F9712A"]["Properties"]
        ["PolicyDocument"]["Statement"];
    assert_eq!(bucket_statements[1]["Principal"], principal);
    assert_eq!(bucket_statements[1]["Action"][0], json!("s3:GetObject*"));
    let key_statements = &resources["PipelineArtifactsBucketEncryptionKey01D58D69"]["Properties"]
        ["KeyPolicy"]["Statement"];
    assert_eq!(
        key_statements[1],
        json!({"Action": ["kms:Decrypt", "kms:DescribeKey"], "Effect": "Allow",
               "Principal": principal, "Resource": "*"})
    );
    let action = &resources["PipelineC660917D"]["Properties"]["Stages"][1]["Actions"][0];
    assert_eq!(
        action["RoleArn"],
        json!("arn:aws:iam::222222222222:role/deploy")
    );
    assert_eq!(
        action["Configuration"]["RoleArn"],
        json!({"Fn::GetAtt": ["PipelineDeployStackRoleD5A66AFA", "Arn"]})
    );
}

/// An action written outside the crate, through the public trait.
struct InvokeFunction {
    function_arn: String,
}

impl Action for InvokeFunction {
    fn properties(&self) -> ActionProperties {
        let bounds = ArtifactBounds {
            min_inputs: 0,
            max_inputs: 5,
            min_outputs: 0,
            max_outputs: 5,
        };
        ActionProperties::new("Invoke", ActionCategory::Invoke, "Lambda", bounds).run_order(2)
    }

    fn bind(&self, binding: &ActionBinding) -> ActionConfiguration {
        if let Some(role) = binding.role() {
            role.add_to_policy(
                PolicyStatement::allow()
                    .action("lambda:InvokeFunction")
                    .resource(self.function_arn.as_str()),
            );
        }
        ActionConfiguration::from([(
            "FunctionName".to_owned(),
            Value::from(self.function_arn.as_str()),
        )])
    }
}

#[test]
fn custom_actions_and_rule_targets_plug_in() {
    let app = app();
    let s = stack(&app, "S");
    let pipeline = two_stages(&s, PipelineProps::new());
    pipeline.stages()[1].add_action(&InvokeFunction {
        function_arn: "arn:aws:lambda:us-east-2:111111111111:function:notify".to_owned(),
    });
    let nightly = Rule::new(
        &s,
        "Nightly",
        RuleProps::new().schedule(Schedule::rate_minutes(1440)),
    );
    nightly.add_target(&PipelineTarget::new(&pipeline));
    let assembly = app.assemble().unwrap();
    let resources = &assembly.stack("S").unwrap().template["Resources"];
    let action = &resources["PipelineC660917D"]["Properties"]["Stages"][1]["Actions"][1];
    assert_eq!(action["ActionTypeId"]["Category"], json!("Invoke"));
    assert_eq!(action["RunOrder"], json!(2));
    assert_eq!(
        resources["PipelineBuildInvokeCodePipelineActionRoleDefaultPolicy02142D7F"]["Properties"]
            ["PolicyDocument"]["Statement"][0]["Action"],
        json!("lambda:InvokeFunction")
    );
    // The schedule and the commit rule share the one events role; its statement is written once.
    assert_eq!(
        resources["NightlyC44EE0A7"]["Properties"]["Targets"][0]["RoleArn"],
        json!({"Fn::GetAtt": ["PipelineEventsRole46BEEA7C", "Arn"]})
    );
    assert_eq!(
        resources["PipelineEventsRoleDefaultPolicyFF4FCCE0"]["Properties"]["PolicyDocument"]
            ["Statement"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}

#[test]
fn invalid_pipelines_are_reported_with_the_construct_path() {
    let app = app();
    let s = stack(&app, "S");
    let repo = Repository::new(&s, "Repo", RepositoryProps::new("service"));
    let build = project(&s, "Build");
    let (a, b, never) = (
        Artifact::new("A"),
        Artifact::new("B"),
        Artifact::new("Never"),
    );

    // One stage only, and a build in it.
    let lonely = Pipeline::new(&s, "Lonely", PipelineProps::new().pipeline_name("bad name"));
    lonely
        .add_stage("Only")
        .add_action(&CodeBuildAction::new("Build", &build, &a));

    // Names, duplicates, run orders, artifacts used early or never produced.
    let p = Pipeline::new(&s, "P", PipelineProps::new().cross_account_keys(false));
    p.add_stage("Source")
        .add_action(&CodeCommitSourceAction::new("Code", &repo, "main", &a))
        .add_action(&CodeCommitSourceAction::new("Code", &repo, "dev", &b))
        .add_action(&S3SourceAction::new(
            "Twice",
            &Bucket::new(&s, "Src", BucketProps::new()),
            "x.zip",
            &a,
        ));
    p.add_stage("Build")
        .add_action(&CodeBuildAction::new("Early", &build, &b).run_order(1))
        .add_action(
            &CodeBuildAction::new("Late", &build, &a)
                .output(&b)
                .run_order(2),
        )
        .add_action(&CodeBuildAction::new("Missing", &build, &never))
        .add_action(&CodeBuildAction::new("Zero", &build, &a).run_order(0))
        .add_action(&CodeBuildAction::new("bad/name", &build, &a))
        .add_action(&CodeCommitSourceAction::new(
            "LateSource",
            &repo,
            "main",
            &Artifact::new("bad artifact"),
        ));
    p.add_stage("Build");
    p.add_stage("Empty");
    p.add_stage("Deploy")
        .add_action(
            &CloudFormationCreateReplaceChangeSetAction::new(
                "Prepare",
                "1stack",
                "cs",
                &a.at_path("t.json"),
            )
            .run_order(1000),
        )
        .add_action(&ManualApprovalAction::new("Wait").timeout_minutes(1))
        .add_action(&CodeStarConnectionsSourceAction::new(
            "Conn",
            "arn:aws:s3:::bucket",
            "acme",
            "app",
            "main",
            &Artifact::new("C"),
        ))
        .add_action(
            &CloudFormationCreateUpdateStackAction::new("Partner", "Partner", &a.at_path("t.json"))
                .role(&Role::from_role_arn(
                    &s,
                    "Other",
                    "arn:aws:iam::222222222222:role/deploy",
                )),
        );

    // A repository of another stack started by events.
    let other = stack(&app, "Other");
    let remote = Repository::new(&other, "Remote", RepositoryProps::new("remote"));
    let cross = Pipeline::new(&s, "Cross", PipelineProps::new());
    cross
        .add_stage("Source")
        .add_action(&CodeCommitSourceAction::new("Remote", &remote, "main", &a));
    cross
        .add_stage("Build")
        .add_action(&CodeBuildAction::new("Build", &build, &a));

    let errors = app.assemble().unwrap_err();
    let expected = [
        ("S/Lonely", "pipeline name \"bad name\" must be 1 to 100 letters"),
        ("S/Lonely", "a pipeline needs at least two stages (it has 1)"),
        ("S/Lonely", "action \"Build\" of stage \"Only\": the first stage may only contain source actions"),
        ("S/Lonely", "action \"Build\" of stage \"Only\" uses artifact \"A\", which no action of the pipeline produces"),
        ("S/P/Source", "stage \"Source\" already has an action named \"Code\""),
        ("S/P", "artifact \"A\" is produced by both action \"Code\" and action \"Twice\""),
        ("S/P", "action \"Early\" of stage \"Build\" (run order 1) uses artifact \"B\" before action \"Late\" of stage \"Build\" (run order 2) produces it"),
        ("S/P", "the pipeline already has a stage named \"Build\""),
        ("S/P", "stage \"Empty\" has no action"),
        ("S/P", "action \"Missing\" of stage \"Build\" uses artifact \"Never\", which no action of the pipeline produces"),
        ("S/P", "action \"LateSource\" of stage \"Build\": source actions may only be in the first stage"),
        ("S/P", "action \"Conn\" of stage \"Deploy\": source actions may only be in the first stage"),
        ("S/P", "action \"Partner\" runs in another account: the artifact bucket needs a customer-managed key"),
        ("S/P/Build/Zero", "the run order must be between 1 and 999, not 0"),
        ("S/P/Build/bad/name", "action name \"bad/name\" must be 1 to 100 letters"),
        ("S/P/Build/LateSource", "artifact name \"bad artifact\" must be 1 to 100 letters"),
        ("S/P/Deploy/Prepare", "the run order must be between 1 and 999, not 1000"),
        ("S/P/Deploy/Prepare", "stack name \"1stack\" must start with a letter"),
        ("S/P/Deploy/Wait", "the timeout must be between 5 and 86,400 minutes, not 1"),
        ("S/P/Deploy/Conn", "\"arn:aws:s3:::bucket\" is not the ARN of a CodeStar connection"),
        ("S/Cross/Source/Remote", "the repository of a CodeCommit source started by events must be in the pipeline's stack"),
    ];
    for (path, message) in expected {
        assert!(
            errors.contains(path, message),
            "expected {path}: {message} in\n{errors}"
        );
    }
    assert_eq!(errors.errors().len(), expected.len() + 1, "{errors}");
}

#[test]
fn a_shared_code_build_role_an_action_scope_and_an_immutable_same_account_role() {
    let app = app();
    let s = stack(&app, "S");
    let repo = Repository::new(&s, "Repo", RepositoryProps::new("service"));
    let source = Artifact::new("Source");
    let pipeline = Pipeline::new(&s, "Pipeline", PipelineProps::new());
    pipeline
        .add_stage("Source")
        .add_action(&CodeCommitSourceAction::new("Code", &repo, "main", &source));
    let shared = Role::new(
        &s,
        "Shared",
        stackwright_aws::iam::RoleProps::new(stackwright_aws::iam::Principal::arn(
            pipeline.role().role_arn(),
        )),
    );
    let build = pipeline.add_stage("Build");
    // The project lives inside the construct of the action that runs it.
    let scope = build.action_scope("Compile");
    let compile = project(&s, "Compile");
    let inner = Project::new(
        &scope,
        "Project",
        ProjectProps::new().source(Source::code_pipeline()),
    );
    build
        .add_action(&CodeBuildAction::new("Compile", &inner, &source).role(&shared))
        .add_action(&CodeBuildAction::new("Other", &compile, &source).role(&shared));
    // A role of the stack's own account that grants never change: reading the artifacts goes
    // to the bucket's policy, not to a policy attached to the role.
    let deploy = Role::from_role_arn_immutable(
        &s,
        "Deploy",
        stackwright_aws::arn::concat([
            stackwright_core::Val::from("arn:"),
            stackwright_core::Aws::partition(),
            stackwright_core::Val::from(":iam::111111111111:role/deploy"),
        ]),
        "deploy",
        "111111111111",
    );
    pipeline.add_stage("Deploy").add_action(
        &CloudFormationCreateUpdateStackAction::new("Stack", "App", &source.at_path("t.json"))
            .role(&deploy),
    );
    let assembly = app.assemble().unwrap_or_else(|e| panic!("{e}"));
    let template = &assembly.stack("S").unwrap().template;
    let resources = template["Resources"].as_object().unwrap();
    assert!(
        resources
            .keys()
            .any(|k| k.starts_with("PipelineBuildCompileProject")),
        "the project is at Pipeline/Build/Compile/Project: {:?}",
        resources.keys()
    );
    let actions = &resources["PipelineC660917D"]["Properties"]["Stages"][1]["Actions"];
    let shared_arn = json!({"Fn::GetAtt": ["SharedDACC02AA", "Arn"]});
    assert_eq!(actions[0]["RoleArn"], shared_arn);
    assert_eq!(actions[1]["RoleArn"], shared_arn);
    // No action role was created for the CodeBuild actions, and the pipeline's role may assume
    // the shared one (once).
    assert!(!resources
        .keys()
        .any(|k| k.starts_with("PipelineBuildCompileCodePipelineActionRole")));
    let pipeline_policy = resources
        .iter()
        .find(|(k, _)| k.starts_with("PipelineRoleDefaultPolicy"))
        .unwrap()
        .1["Properties"]["PolicyDocument"]["Statement"]
        .as_array()
        .unwrap()
        .clone();
    let assumes_shared = pipeline_policy
        .iter()
        .filter(|st| st["Action"] == "sts:AssumeRole" && st["Resource"] == shared_arn)
        .count();
    assert_eq!(assumes_shared, 1);
    let deploy_arn = json!({"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::111111111111:role/deploy"]]});
    let bucket_policy = resources
        .iter()
        .find(|(_, r)| r["Type"] == "AWS::S3::BucketPolicy")
        .unwrap()
        .1["Properties"]["PolicyDocument"]["Statement"]
        .clone();
    assert_eq!(bucket_policy[1]["Principal"], json!({"AWS": deploy_arn}));
    assert!(
        !resources.keys().any(|k| k.starts_with("DeployPolicy")),
        "an immutable role gets no policy: {:?}",
        resources.keys()
    );
}
