//! Self-mutating delivery pipelines for stackwright apps written in Rust, in the shape CDK
//! Pipelines generates: a [`CodePipeline`] in the deployment account fetches the repository
//! ([`CodePipelineSource`]), builds and runs the app in CodeBuild ([`RustSynth`]), updates
//! itself from the result, publishes the file assets, and deploys the stacks of each added app
//! [`Stage`](stackwright_core::Stage) into its account with the bootstrap roles there, with
//! [`ShellStep`]s and [`ManualApprovalStep`]s around them. See `docs/pipelines.md`.

mod build;
mod pipeline;
mod source;
mod steps;
mod synth;

pub use build::{CHANGE_SET_NAME, SYNTH_OUTPUT};
pub use pipeline::{CodePipeline, CodePipelineProps, Wave, DEPLOYED_BY_METADATA};
pub use source::{CodePipelineSource, DEFAULT_GITHUB_TOKEN_SECRET};
pub use steps::{AddStageOptions, ManualApprovalStep, ShellStep, Step};
pub use synth::{RustSynth, SynthCache, DEFAULT_RUST_IMAGE};
