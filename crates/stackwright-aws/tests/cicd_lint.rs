//! cfn-lint, the CloudFormation schemas' judge, over an app using every CodeCommit and
//! CodeBuild construct and option: no error and no warning.

use stackwright_assertions::tools::Tools;
use stackwright_aws::codebuild::{
    BuildEnvironment, BuildImage, BuildSpec, BuildSpecArtifacts, BuildSpecEnv, Cache, ComputeType,
    EnvironmentVariable, LocalCacheMode, Phase, Project, ProjectProps, Report, ReportFormat,
    Source,
};
use stackwright_aws::codecommit::{Repository, RepositoryProps};
use stackwright_aws::ec2::{SubnetSelection, SubnetType, Vpc, VpcProps};
use stackwright_aws::iam::{Principal, Role, RoleProps};
use stackwright_aws::kms::{Key, KeyProps};
use stackwright_aws::logs::{LogGroup, LogGroupProps};
use stackwright_aws::s3::{Bucket, BucketProps};
use stackwright_aws::secretsmanager::{Secret, SecretProps};
use stackwright_core::{App, AppProps, Environment, Stack, StackProps};

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

#[test]
fn cfn_lint_accepts_every_construct() {
    let tools = Tools::discover().unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cdk.out");
    let app = App::with_props(AppProps::default().outdir(&out));
    build(&app);
    app.synth().unwrap_or_else(|e| panic!("{e}"));
    let linted = tools.cfn_lint(&out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(linted, 2);
}
