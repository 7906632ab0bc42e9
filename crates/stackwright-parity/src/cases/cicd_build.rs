//! CodeCommit repositories and CodeBuild projects (twin of `apps/cicd_build.js`): a repository
//! with its pull, push and read grants and `onCommit` rules, an imported repository, and three
//! projects covering every buildspec section, the three kinds of environment variables (secrets
//! by name, by ARN of another account and of a secret of the app), local and S3 caches,
//! CloudWatch and S3 logs, a VPC with a created and a given security group, an encryption key,
//! a given role and a buildspec file of the source.
//!
//! Deliberate differences from aws-cdk-lib: none in the templates. The JavaScript app spells
//! out our secure defaults (bucket encryption, block public access, TLS-only bucket policy, key
//! rotation) and writes its buildspec objects in the key order stackwright writes.

use stackwright::codebuild::{
    BuildEnvironment, BuildImage, BuildSpec, BuildSpecArtifacts, BuildSpecEnv, Cache,
    ComputeType, EnvironmentVariable, LocalCacheMode, OnFailure, Phase, Project, ProjectProps,
    Report, ReportFormat, Source,
};
use stackwright::codecommit::{Repository, RepositoryProps};
use stackwright::ec2::{SecurityGroup, SecurityGroupProps, SubnetSelection, SubnetType, Vpc, VpcProps};
use stackwright::iam::{Principal, Role, RoleProps};
use stackwright::kms::{Key, KeyProps};
use stackwright::logs::{LogGroup, LogGroupProps};
use stackwright::prelude::*;
use stackwright::s3::{Bucket, BucketProps};
use stackwright::secretsmanager::{Secret, SecretProps};

use crate::Ignore;

/// Nothing is accepted: the templates must be equal.
pub const IGNORED: &[Ignore] = &[];

/// Builds the app (twin of `apps/cicd_build.js`).
pub fn build(app: &App) {
    let env = Environment::new("111111111111", "us-east-2");
    let stack = Stack::new(app, "CiBuild", StackProps::default().env(env));

    // CodeCommit
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
    let _ = repo.grant_pull(&developer);
    let _ = repo.grant_pull_push(&developer);
    let _ = repo.grant_read(&developer);
    let _ = shared.grant_pull(&developer);
    repo.on_commit("OnMain", &["main"]);
    repo.on_commit("OnAnyBranch", &[]);
    shared.on_commit("OnRelease", &["release", "hotfix"]);

    // A project building the repository, with every section of the buildspec.
    let token = Secret::new(&stack, "Token", SecretProps::new());
    let spec = BuildSpec::new()
        .env(
            BuildSpecEnv::new()
                .shell("bash")
                .variable("CARGO_TERM_COLOR", "never")
                .variable("REPO", repo.repository_name())
                .parameter_store("REGISTRY", "/ci/registry")
                .exported_variables(["VERSION"])
                .secrets_manager("NPM_TOKEN", "ci/npm:token"),
        )
        .install(
            Phase::new()
                .runtime_version("nodejs", "20")
                .runtime_version("python", "3.12")
                .command("npm ci"),
        )
        .pre_build(Phase::commands(["cargo fmt --check"]))
        .build(
            Phase::commands([
                "cargo test --locked",
                "cargo build --release",
                "echo \"built $REPO\"",
            ])
            .on_failure(OnFailure::Abort)
            .finally(["rm -rf target/debug"]),
        )
        .post_build(Phase::commands(["export VERSION=$(cat VERSION)"]))
        .report(
            "unit",
            Report::new(["junit.xml"])
                .base_directory("target/reports")
                .file_format(ReportFormat::JunitXml),
        )
        .artifacts(BuildSpecArtifacts::new(["**/*"]).base_directory("target/release"))
        .cache_paths(["/root/.cargo/registry/**/*", "target/**/*"]);
    Project::new(
        &stack,
        "Service",
        ProjectProps::new()
            .project_name("service-build")
            .description("Builds and tests the service")
            .source(Source::code_commit(&repo).branch_or_ref("main").clone_depth(1))
            .build_spec(spec)
            .environment(
                BuildEnvironment::new(BuildImage::standard_7_0())
                    .compute_type(ComputeType::Medium)
                    .privileged(true),
            )
            .environment_variable("STAGE", EnvironmentVariable::plain_text("prod"))
            .environment_variable(
                "REGISTRY_PARAM",
                EnvironmentVariable::parameter_store("/ci/registry"),
            )
            .environment_variable("NPM", EnvironmentVariable::secrets_manager("ci/npm:token"))
            .environment_variable(
                "PARTNER",
                EnvironmentVariable::secrets_manager(
                    "arn:aws:secretsmanager:us-east-2:222222222222:secret:partner-AbCdEf:key::",
                ),
            )
            .environment_variable("TOKEN", EnvironmentVariable::secret(&token, None))
            .cache(Cache::local([LocalCacheMode::DockerLayer, LocalCacheMode::Custom]))
            .timeout_minutes(30),
    );

    // A project with no source in a VPC: a Docker Hub image, an S3 cache, logs, a key.
    let vpc = Vpc::new(&stack, "Vpc", VpcProps::new().max_azs(2).nat_gateways(1));
    let cache_bucket = Bucket::new(&stack, "CacheBucket", BucketProps::new());
    let build_logs = LogGroup::new(&stack, "BuildLogs", LogGroupProps::new());
    let key = Key::new(&stack, "Key", KeyProps::new());
    let list = Fn::join(
        "",
        [Val::from("aws s3 ls s3://"), cache_bucket.bucket_name()],
    );
    let rust = Project::new(
        &stack,
        "Rust",
        ProjectProps::new()
            .build_spec(BuildSpec::new().build(Phase::commands([Val::from("cargo test"), list])))
            .environment(
                BuildEnvironment::new(BuildImage::from_docker_registry("rust:1"))
                    .compute_type(ComputeType::Large),
            )
            .cache(Cache::bucket(&cache_bucket, Some("rust")))
            .cloud_watch_logs(&build_logs, Some("rust"))
            .s3_logs(&cache_bucket, Some("logs"))
            .vpc(&vpc)
            .subnet_selection(SubnetSelection::of_type(SubnetType::PrivateWithEgress))
            .encryption_key(&key)
            .queued_timeout_minutes(120),
    );
    let _ = cache_bucket.grant_read(&rust);

    // A project run from an imported repository, with the security groups given and a role of
    // the app.
    let group = SecurityGroup::new(
        &stack,
        "BuildGroup",
        SecurityGroupProps::new(&vpc).allow_all_outbound(false),
    );
    let build_role = Role::new(
        &stack,
        "BuildRole",
        RoleProps::new(Principal::service("codebuild.amazonaws.com")),
    );
    Project::new(
        &stack,
        "Packager",
        ProjectProps::new()
            .source(Source::code_commit(&shared))
            .build_spec_file("ci/buildspec.yml")
            .environment(BuildEnvironment::new(BuildImage::amazon_linux_2_5()))
            .role(&build_role)
            .vpc(&vpc)
            .security_groups([group])
            .cache(Cache::bucket(&cache_bucket, None))
            .grant_report_group_permissions(false),
    );
}
