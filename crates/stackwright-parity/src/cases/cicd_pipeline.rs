//! CodePipeline pipelines (twin of `apps/cicd_pipeline.js`): one with a customer-managed
//! artifact key (rotated), `RestartExecutionOnUpdate` and every action — CodeCommit (with its
//! EventBridge rule and events role), CodeStar connection, GitHub with an OAuth token from
//! Secrets Manager (and its webhook) and S3 sources; CodeBuild build and test actions with
//! several inputs; a manual approval notifying a topic; a change set created with
//! capabilities, parameter overrides and a template configuration, then executed; a stack
//! deployed by a role of another account passing a deployment role of that account (the
//! artifact bucket and key policies let it read); an approval notifying an address — and one
//! with the AWS-managed key, a name, an imported repository on `master`, and an administrator
//! deployment replacing a failed stack.
//!
//! Deliberate differences from aws-cdk-lib: none in the templates. The JavaScript app asks for
//! V2 pipelines and artifact key rotation, stackwright's defaults.

use stackwright::codebuild::{BuildSpec, BuildSpecArtifacts, Phase, Project, ProjectProps, Source};
use stackwright::codecommit::{Repository, RepositoryProps};
use stackwright::codepipeline::{
    Artifact, Capability, CloudFormationCreateReplaceChangeSetAction,
    CloudFormationCreateUpdateStackAction, CloudFormationExecuteChangeSetAction, CodeBuildAction,
    CodeCommitSourceAction, CodeStarConnectionsSourceAction, GitHubSourceAction,
    ManualApprovalAction, Pipeline, PipelineProps, S3SourceAction,
};
use stackwright::iam::Role;
use stackwright::prelude::*;
use stackwright::s3::{Bucket, BucketProps};
use stackwright::sns::{Topic, TopicProps};
use stackwright::SecretsManagerSecretOptions;

use crate::Ignore;

/// Nothing is accepted: the templates must be equal.
pub const IGNORED: &[Ignore] = &[];

/// Builds the app (twin of `apps/cicd_pipeline.js`).
pub fn build(app: &App) {
    let env = Environment::new("111111111111", "us-east-2");
    let stack = Stack::new(app, "CiPipeline", StackProps::default().env(env));

    let repo = Repository::new(&stack, "Repo", RepositoryProps::new("service"));
    let build = Project::new(
        &stack,
        "Build",
        ProjectProps::new().source(Source::code_pipeline()).build_spec(
            BuildSpec::new()
                .build(Phase::commands(["cargo build --release"]))
                .artifacts(BuildSpecArtifacts::new(["**/*"]).base_directory("cdk.out")),
        ),
    );
    let tests = Project::new(
        &stack,
        "Tests",
        ProjectProps::new().source(Source::code_pipeline()),
    );
    let source_bucket = Bucket::new(&stack, "SourceBucket", BucketProps::new().versioned(true));
    let approvals = Topic::new(&stack, "Approvals", TopicProps::new());

    // A pipeline with a customer-managed artifact key and every action.
    let src = Artifact::new("Src");
    let app_src = Artifact::new("App");
    let lib = Artifact::new("Lib");
    let zip = Artifact::new("Zip");
    let built = Artifact::new("Built");
    let pipeline = Pipeline::new(
        &stack,
        "Pipeline",
        PipelineProps::new().restart_execution_on_update(true),
    );
    let token = SecretValue::secrets_manager(
        "github-token",
        SecretsManagerSecretOptions::new().json_field("token"),
    );
    pipeline
        .add_stage("Source")
        .add_action(&CodeCommitSourceAction::new("Code", &repo, "main", &src))
        .add_action(
            &CodeStarConnectionsSourceAction::new(
                "GitHubApp",
                "arn:aws:codestar-connections:us-east-2:111111111111:connection/0123",
                "acme",
                "app",
                "main",
                &app_src,
            )
            .trigger_on_push(true),
        )
        .add_action(&GitHubSourceAction::new(
            "OAuth", "acme", "lib", "main", token, &lib,
        ))
        .add_action(
            &S3SourceAction::new("Zip", &source_bucket, "source.zip", &zip)
                .poll_for_source_changes(true),
        );
    pipeline
        .add_stage("Build")
        .add_action(&CodeBuildAction::new("Compile", &build, &src).output(&built))
        .add_action(
            &CodeBuildAction::test("Unit", &tests, &src)
                .extra_input(&lib)
                .extra_input(&app_src)
                .run_order(2),
        );
    let deploy_role = Role::from_role_arn(&stack, "DeployRole", "arn:aws:iam::222222222222:role/deploy");
    let exec_role = Role::from_role_arn(&stack, "ExecRole", "arn:aws:iam::222222222222:role/exec");
    pipeline
        .add_stage("Deploy")
        .add_action(
            &ManualApprovalAction::new("Approve")
                .notification_topic(&approvals)
                .additional_information("Review the change set")
                .external_entity_link("https://example.com/changes"),
        )
        .add_action(
            &CloudFormationCreateReplaceChangeSetAction::new(
                "Prepare",
                "Prod-Api",
                "PipelineChange",
                &built.at_path("ProdApi.template.json"),
            )
            .capabilities([Capability::NamedIam, Capability::AutoExpand])
            .parameter_override("Stage", "prod")
            .parameter_override("Bucket", source_bucket.bucket_name())
            .template_configuration(&built.at_path("ProdApi.config.json"))
            .run_order(2),
        )
        .add_action(
            &CloudFormationExecuteChangeSetAction::new("Execute", "Prod-Api", "PipelineChange")
                .run_order(3),
        )
        .add_action(
            &CloudFormationCreateUpdateStackAction::new(
                "Partner",
                "Partner-Api",
                &zip.at_path("partner.template.json"),
            )
            .role(&deploy_role)
            .deployment_role(&exec_role)
            .run_order(4),
        )
        .add_action(
            &ManualApprovalAction::new("Notify")
                .notify_emails(["release@example.com"])
                .timeout_minutes(60)
                .run_order(5),
        );

    // A pipeline with the AWS-managed artifact key, an imported repository on `master`, and an
    // administrator stack deployment.
    let shared = Repository::from_repository_name(&stack, "Shared", "shared-libs");
    let out = Artifact::new("Out");
    let shared_src = Artifact::new("SharedSrc");
    let simple = Pipeline::new(
        &stack,
        "Simple",
        PipelineProps::new()
            .cross_account_keys(false)
            .pipeline_name("simple-pipeline"),
    );
    simple.add_stage("Source").add_action(&CodeCommitSourceAction::new(
        "Shared",
        &shared,
        "master",
        &shared_src,
    ));
    simple
        .add_stage("Build")
        .add_action(&CodeBuildAction::new("Package", &build, &shared_src).output(&out));
    simple.add_stage("Deploy").add_action(
        &CloudFormationCreateUpdateStackAction::new(
            "Stack",
            "Shared-Libs",
            &out.at_path("template.json"),
        )
        .admin_permissions(true)
        .replace_on_failure(true),
    );
}
