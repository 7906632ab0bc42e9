//! The `Action` trait every pipeline action implements, what the pipeline reads from an action
//! before binding it, and what binding gives the action.

use indexmap::IndexMap;
use stackwright_core::{Construct, Val, Value};

use super::artifact::Artifact;
use super::pipeline::Pipeline;
use crate::iam::Role;
use crate::s3::Bucket;

/// The kind of an action, as CodePipeline names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionCategory {
    /// Fetches source code; only in the first stage, and only there.
    Source,
    /// Builds.
    Build,
    /// Tests.
    Test,
    /// Waits for a person.
    Approval,
    /// Deploys.
    Deploy,
    /// Invokes something (a function, a state machine).
    Invoke,
}

impl ActionCategory {
    /// CodePipeline's name of the category.
    pub fn name(self) -> &'static str {
        match self {
            ActionCategory::Source => "Source",
            ActionCategory::Build => "Build",
            ActionCategory::Test => "Test",
            ActionCategory::Approval => "Approval",
            ActionCategory::Deploy => "Deploy",
            ActionCategory::Invoke => "Invoke",
        }
    }
}

/// How many input and output artifacts an action type accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArtifactBounds {
    /// Fewest inputs.
    pub min_inputs: usize,
    /// Most inputs.
    pub max_inputs: usize,
    /// Fewest outputs.
    pub min_outputs: usize,
    /// Most outputs.
    pub max_outputs: usize,
}

impl ArtifactBounds {
    /// Source actions: no input, exactly one output.
    pub const SOURCE: ArtifactBounds = ArtifactBounds {
        min_inputs: 0,
        max_inputs: 0,
        min_outputs: 1,
        max_outputs: 1,
    };
}

/// What the pipeline reads from an action before binding it: its name, type, artifacts, run
/// order, and the role it runs as when one is given.
#[derive(Debug, Clone)]
#[must_use]
pub struct ActionProperties {
    pub(crate) name: String,
    pub(crate) category: ActionCategory,
    pub(crate) owner: &'static str,
    pub(crate) provider: &'static str,
    pub(crate) run_order: i64,
    pub(crate) inputs: Vec<Artifact>,
    pub(crate) outputs: Vec<Artifact>,
    pub(crate) role: Option<Role>,
    pub(crate) bounds: ArtifactBounds,
    pub(crate) timeout_minutes: Option<i64>,
}

impl ActionProperties {
    /// An AWS-owned action `name` of `category`, implemented by `provider`, run first in its
    /// stage, with the artifacts `bounds` allows.
    pub fn new(
        name: impl Into<String>,
        category: ActionCategory,
        provider: &'static str,
        bounds: ArtifactBounds,
    ) -> Self {
        ActionProperties {
            name: name.into(),
            category,
            owner: "AWS",
            provider,
            run_order: 1,
            inputs: Vec::new(),
            outputs: Vec::new(),
            role: None,
            bounds,
            timeout_minutes: None,
        }
    }

    /// A third-party action (GitHub OAuth sources): CodePipeline runs it without a role.
    pub fn third_party(mut self) -> Self {
        self.owner = "ThirdParty";
        self
    }

    /// The position in the stage (1 to 999; actions with the same number run in parallel).
    pub fn run_order(mut self, run_order: i64) -> Self {
        self.run_order = run_order;
        self
    }

    /// Adds an input artifact (once).
    pub fn input(mut self, artifact: &Artifact) -> Self {
        if !self.inputs.contains(artifact) {
            self.inputs.push(artifact.clone());
        }
        self
    }

    /// Adds an output artifact (once).
    pub fn output(mut self, artifact: &Artifact) -> Self {
        if !self.outputs.contains(artifact) {
            self.outputs.push(artifact.clone());
        }
        self
    }

    /// The role the action runs as (default: a `CodePipelineActionRole` child of the action that
    /// the pipeline's role may assume); a role of another account makes it a cross-account
    /// action, which needs the artifact bucket's customer-managed key.
    pub fn role(mut self, role: Option<&Role>) -> Self {
        self.role = role.cloned();
        self
    }

    /// How long the action may run (approvals: 5 to 86,400 minutes).
    pub fn timeout_minutes(mut self, minutes: Option<i64>) -> Self {
        self.timeout_minutes = minutes;
        self
    }

    /// The action's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The action's category.
    pub fn category(&self) -> ActionCategory {
        self.category
    }
}

/// What an action gets when it is added to a stage: its construct (the scope of anything it
/// creates), the role it runs as, the artifact bucket, the pipeline and the stage's name.
#[derive(Debug)]
pub struct ActionBinding {
    pub(crate) scope: Construct,
    pub(crate) role: Option<Role>,
    pub(crate) bucket: Bucket,
    pub(crate) pipeline: Pipeline,
    pub(crate) stage_name: String,
}

impl ActionBinding {
    /// The action's construct, `<pipeline>/<stage>/<action>`.
    pub fn scope(&self) -> &Construct {
        &self.scope
    }

    /// The role the action runs as (`None` for third-party actions).
    pub fn role(&self) -> Option<&Role> {
        self.role.as_ref()
    }

    /// The pipeline's artifact bucket.
    pub fn artifact_bucket(&self) -> &Bucket {
        &self.bucket
    }

    /// The pipeline.
    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    /// The name of the stage the action is in.
    pub fn stage_name(&self) -> &str {
        &self.stage_name
    }
}

/// The `Configuration` of an action, in the order its keys are written.
pub type ActionConfiguration = IndexMap<String, Value>;

/// A pipeline action. The pipeline reads its [`ActionProperties`], creates its role, then binds
/// it: the action grants what it needs (to the role, the artifact bucket's users, the resources
/// it drives), creates what it needs (event rules, webhooks, deployment roles) and returns its
/// configuration.
pub trait Action {
    /// The action's name, type, artifacts, run order and role.
    fn properties(&self) -> ActionProperties;

    /// Creates and grants what the action needs; returns its `Configuration`.
    fn bind(&self, binding: &ActionBinding) -> ActionConfiguration;
}

/// Adds `key` to a configuration when the value is set.
pub(crate) fn put(config: &mut ActionConfiguration, key: &str, value: Option<impl Into<Value>>) {
    if let Some(value) = value {
        config.insert(key.to_owned(), value.into());
    }
}

/// A configuration value from a string value.
pub(crate) fn text(value: &Val<String>) -> Value {
    value.as_value().clone()
}
