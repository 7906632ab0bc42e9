//! cfn-lint, the CloudFormation schemas' judge, over an app using every CodeCommit, CodeBuild
//! and CodePipeline construct and action: no error and no warning.

use crate::support;

use stackwright_aws::codebuild::{
    BuildEnvironment, BuildImage, BuildSpec, BuildSpecArtifacts, BuildSpecEnv, Cache, ComputeType,
    EnvironmentVariable, LocalCacheMode, Phase, Project, ProjectProps, Report, ReportFormat,
    Source,
};
use stackwright_aws::codecommit::{Repository, RepositoryProps};
use stackwright_aws::codepipeline::{
    Artifact, Capability, CloudFormationCreateReplaceChangeSetAction,
    CloudFormationCreateUpdateStackAction, CloudFormationExecuteChangeSetAction, CodeBuildAction,
    CodeCommitSourceAction, CodeStarConnectionsSourceAction, GitHubSourceAction,
    ManualApprovalAction, Pipeline, PipelineProps, S3SourceAction,
};
use stackwright_aws::ec2::{SubnetSelection, SubnetType, Vpc, VpcProps};
use stackwright_aws::iam::{Principal, Role, RoleProps};
use stackwright_aws::kms::{Key, KeyProps};
use stackwright_aws::logs::{LogGroup, LogGroupProps};
use stackwright_aws::s3::{Bucket, BucketProps};
use stackwright_aws::secretsmanager::{Secret, SecretProps};
use stackwright_aws::sns::{Topic, TopicProps};
use stackwright_aws::{SecretValue, SecretsManagerSecretOptions};
use stackwright_core::{App, Environment, Stack, StackProps};

fn build(app: &App) {
    let env = Environment::new("111111111111", "us-east-2");
    let stack = Stack::new(app, "Ci", StackProps::default().env(env));
    let repo = Repository::new(
        &stack,
        "Repo",
        RepositoryProps::new("service").description("The service"),
    );
    let shared = Repository::from_repository_name(&stack, "Shared", "shared-libs");
    let developer = Role::new(
        &stack,
        "Developer",
        RoleProps::new(Principal::account_root(&stack)),
    );
    let _ = repo.grant_read(&developer);
    let _ = shared.grant_pull_push(&developer);
    repo.on_commit("OnMain", &["main"]);
    let token = Secret::new(&stack, "Token", SecretProps::new());
    let spec = BuildSpec::new()
        .env(
            BuildSpecEnv::new()
                .variable("REPO", repo.repository_name())
                .parameter_store("REGISTRY", "/ci/registry")
                .secrets_manager("NPM_TOKEN", "ci/npm:token")
                .exported_variables(["VERSION"]),
        )
        .install(
            Phase::new()
                .runtime_version("nodejs", "20")
                .command("npm ci"),
        )
        .build(Phase::commands(["cargo test"]).finally(["echo done"]))
        .report(
            "unit",
            Report::new(["junit.xml"]).file_format(ReportFormat::JunitXml),
        )
        .artifacts(BuildSpecArtifacts::new(["**/*"]).base_directory("dist"))
        .cache_paths(["/root/.cargo/**/*"]);
    Project::new(
        &stack,
        "Service",
        ProjectProps::new()
            .project_name("service-build")
            .source(
                Source::code_commit(&repo)
                    .branch_or_ref("main")
                    .clone_depth(1)
                    .fetch_submodules(true),
            )
            .build_spec(spec)
            .environment(
                BuildEnvironment::new(BuildImage::amazon_linux_2023_5())
                    .compute_type(ComputeType::Medium)
                    .privileged(true),
            )
            .environment_variable("STAGE", EnvironmentVariable::plain_text("prod"))
            .environment_variable("REG", EnvironmentVariable::parameter_store("/ci/registry"))
            .environment_variable("TOKEN", EnvironmentVariable::secret(&token, Some("value")))
            .cache(Cache::local([
                LocalCacheMode::DockerLayer,
                LocalCacheMode::Source,
            ]))
            .timeout_minutes(30),
    );
    pipelines(&stack, &repo);

    // Environment-agnostic: the VPC's zones come from Fn::GetAZs (literal zones are W3010).
    let stack = Stack::new(app, "Network", StackProps::default());
    let vpc = Vpc::new(&stack, "Vpc", VpcProps::new().max_azs(2).nat_gateways(1));
    let bucket = Bucket::new(&stack, "Cache", BucketProps::new());
    let logs = LogGroup::new(&stack, "Logs", LogGroupProps::new());
    let key = Key::new(&stack, "Key", KeyProps::new());
    let credentials = Secret::new(&stack, "RegistryCredentials", SecretProps::new());
    Project::new(
        &stack,
        "Rust",
        ProjectProps::new()
            .build_spec(BuildSpec::new().build(Phase::commands(["cargo build"])))
            .environment(BuildEnvironment::new(
                BuildImage::from_docker_registry_with_credentials(
                    "registry.example.com/rust:1",
                    &credentials,
                ),
            ))
            .cache(Cache::bucket(&bucket, Some("rust")))
            .cloud_watch_logs(&logs, Some("rust"))
            .s3_logs(&bucket, None)
            .vpc(&vpc)
            .subnet_selection(SubnetSelection::of_type(SubnetType::PrivateWithEgress))
            .encryption_key(&key)
            .queued_timeout_minutes(60),
    );
    Project::new(
        &stack,
        "Arm",
        ProjectProps::new()
            .source(Source::code_pipeline())
            .environment(BuildEnvironment::new(BuildImage::amazon_linux_2_arm_3()))
            .disable_cloud_watch_logs(),
    );
}

fn pipelines(stack: &Stack, repo: &Repository) {
    let build = Project::new(
        stack,
        "PipelineBuild",
        ProjectProps::new().source(Source::code_pipeline()),
    );
    let bucket = Bucket::new(stack, "SourceBucket", BucketProps::new().versioned(true));
    let topic = Topic::new(stack, "Approvals", TopicProps::new());
    let (src, app, lib, zip, built) = (
        Artifact::new("Src"),
        Artifact::new("App"),
        Artifact::new("Lib"),
        Artifact::new("Zip"),
        Artifact::new("Built"),
    );
    let pipeline = Pipeline::new(
        stack,
        "Pipeline",
        PipelineProps::new().restart_execution_on_update(true),
    );
    let token = SecretValue::secrets_manager(
        "github-token",
        SecretsManagerSecretOptions::new().json_field("token"),
    );
    pipeline
        .add_stage("Source")
        .add_action(&CodeCommitSourceAction::new("Code", repo, "main", &src))
        .add_action(&CodeStarConnectionsSourceAction::new(
            "Connection",
            "arn:aws:codestar-connections:us-east-2:111111111111:connection/0123",
            "acme",
            "app",
            "main",
            &app,
        ))
        .add_action(&GitHubSourceAction::new(
            "OAuth", "acme", "lib", "main", token, &lib,
        ))
        .add_action(&S3SourceAction::new("Zip", &bucket, "source.zip", &zip));
    pipeline
        .add_stage("Build")
        .add_action(&CodeBuildAction::new("Compile", &build, &src).output(&built))
        .add_action(
            &CodeBuildAction::test("Unit", &build, &src)
                .extra_input(&lib)
                .run_order(2),
        );
    let partner = Role::from_role_arn(stack, "Partner", "arn:aws:iam::222222222222:role/deploy");
    pipeline
        .add_stage("Deploy")
        .add_action(
            &ManualApprovalAction::new("Approve")
                .notification_topic(&topic)
                .notify_emails(["release@example.com"])
                .additional_information("Review the change set")
                .timeout_minutes(60),
        )
        .add_action(
            &CloudFormationCreateReplaceChangeSetAction::new(
                "Prepare",
                "Prod-Api",
                "PipelineChange",
                &built.at_path("ProdApi.template.json"),
            )
            .capabilities([Capability::NamedIam, Capability::AutoExpand])
            .parameter_override("Bucket", bucket.bucket_name())
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
            .role(&partner)
            .admin_permissions(true)
            .replace_on_failure(true)
            .run_order(4),
        );
    let simple = Pipeline::new(
        stack,
        "Simple",
        PipelineProps::new()
            .cross_account_keys(false)
            .pipeline_name("simple-pipeline"),
    );
    let out = Artifact::new("Out");
    simple
        .add_stage("Source")
        .add_action(&CodeCommitSourceAction::new("Code", repo, "master", &src));
    simple
        .add_stage("Build")
        .add_action(&CodeBuildAction::new("Package", &build, &src).output(&out));
}

#[test]
fn cfn_lint_accepts_every_construct() {
    assert_eq!(support::assert_cfn_lint_clean(build), 2);
}
