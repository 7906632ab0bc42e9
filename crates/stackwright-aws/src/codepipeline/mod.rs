//! CodePipeline: V2 pipelines with their artifact bucket (and customer-managed key for
//! cross-account actions), roles, stages and actions, each action given its own role with
//! exactly what it needs, as aws-cdk-lib creates them; source actions (CodeCommit with its
//! EventBridge rule, CodeStar connections, GitHub with an OAuth token kept secret, S3),
//! CodeBuild build and test actions, CloudFormation change-set and stack actions, manual
//! approvals. Synthesis validates the pipeline as a whole.
//!
//! ```
//! use stackwright_aws::codebuild::{BuildSpec, BuildSpecArtifacts, Phase, Project, ProjectProps, Source};
//! use stackwright_aws::codepipeline::{
//!     Artifact, CloudFormationCreateReplaceChangeSetAction, CloudFormationExecuteChangeSetAction,
//!     CodeBuildAction, CodeStarConnectionsSourceAction, ManualApprovalAction, Pipeline,
//!     PipelineProps,
//! };
//! use stackwright_core::{App, Environment, Stack, StackProps};
//!
//! let app = App::with_props(Default::default());
//! let env = Environment::new("111111111111", "us-east-2");
//! let stack = Stack::new(&app, "Delivery", StackProps::default().env(env));
//! let synth_project = Project::new(
//!     &stack,
//!     "Synth",
//!     ProjectProps::new().source(Source::code_pipeline()).build_spec(
//!         BuildSpec::new()
//!             .build(Phase::commands(["cargo run --release --bin app"]))
//!             .artifacts(BuildSpecArtifacts::new(["**/*"]).base_directory("cdk.out")),
//!     ),
//! );
//! let (source, synth) = (Artifact::new("Source"), Artifact::new("Synth"));
//! let pipeline = Pipeline::new(&stack, "Pipeline", PipelineProps::new().restart_execution_on_update(true));
//! pipeline.add_stage("Source").add_action(&CodeStarConnectionsSourceAction::new(
//!     "GitHub",
//!     "arn:aws:codestar-connections:us-east-2:111111111111:connection/0123",
//!     "acme",
//!     "service",
//!     "main",
//!     &source,
//! ));
//! pipeline
//!     .add_stage("Build")
//!     .add_action(&CodeBuildAction::new("Synth", &synth_project, &source).output(&synth));
//! let template = synth.at_path("ProdApi.template.json");
//! pipeline
//!     .add_stage("Prod")
//!     .add_action(&ManualApprovalAction::new("Approve"))
//!     .add_action(
//!         &CloudFormationCreateReplaceChangeSetAction::new("Prepare", "Prod-Api", "PipelineChange", &template)
//!             .run_order(2),
//!     )
//!     .add_action(
//!         &CloudFormationExecuteChangeSetAction::new("Deploy", "Prod-Api", "PipelineChange").run_order(3),
//!     );
//! assert!(app.assemble().is_ok());
//! ```

mod action;
mod artifact;
mod cloud_formation_actions;
mod code_build_action;
mod manual_approval_action;
mod pipeline;
mod pipeline_target;
mod source_actions;

pub use action::{
    Action, ActionBinding, ActionCategory, ActionConfiguration, ActionProperties, ArtifactBounds,
};
pub use artifact::{Artifact, ArtifactPath};
pub use cloud_formation_actions::{
    Capability, CloudFormationCreateReplaceChangeSetAction, CloudFormationCreateUpdateStackAction,
    CloudFormationExecuteChangeSetAction,
};
pub use code_build_action::CodeBuildAction;
pub use manual_approval_action::ManualApprovalAction;
pub use pipeline::{Pipeline, PipelineProps, Stage};
pub use pipeline_target::PipelineTarget;
pub use source_actions::{
    CodeCommitSourceAction, CodeStarConnectionsSourceAction, GitHubSourceAction, S3SourceAction,
    SourceTrigger,
};
