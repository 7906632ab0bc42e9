//! CodeBuild: projects with a typed buildspec (rendered as aws-cdk-lib renders
//! `BuildSpec.fromObject`), build images and compute types, typed environment variables that
//! keep secrets out of the template and grant exactly what reading them needs, sources
//! (CodeCommit, a pipeline, none), caches, logs, VPC access and encryption keys.
//!
//! ```
//! use stackwright_aws::codebuild::{
//!     BuildSpec, BuildSpecArtifacts, Cache, LocalCacheMode, Phase, Project, ProjectProps, Source,
//! };
//! use stackwright_aws::codecommit::{Repository, RepositoryProps};
//! use stackwright_core::{App, Stack, StackProps};
//!
//! let app = App::with_props(Default::default());
//! let stack = Stack::new(&app, "Ci", StackProps::default());
//! let repo = Repository::new(&stack, "Repo", RepositoryProps::new("service"));
//! Project::new(
//!     &stack,
//!     "Build",
//!     ProjectProps::new()
//!         .source(Source::code_commit(&repo).branch_or_ref("main"))
//!         .build_spec(
//!             BuildSpec::new()
//!                 .build(Phase::commands(["cargo build --release"]))
//!                 .artifacts(BuildSpecArtifacts::new(["service"]).base_directory("target/release")),
//!         )
//!         .cache(Cache::local([LocalCacheMode::Custom])),
//! );
//! ```

mod build_spec;
mod cache;
mod environment;
mod project;
mod source;

pub use build_spec::{
    BuildSpec, BuildSpecArtifacts, BuildSpecEnv, OnFailure, Phase, Report, ReportFormat,
    BUILD_SPEC_VERSION,
};
pub use cache::{Cache, LocalCacheMode};
pub use environment::{BuildEnvironment, BuildImage, ComputeType, EnvironmentVariable};
pub use project::{Project, ProjectProps};
pub use source::Source;
