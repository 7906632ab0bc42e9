//! Steps a pipeline runs around a stage's deployment: shell commands in CodeBuild and manual
//! approvals.

use indexmap::IndexMap;
use stackwright_aws::codebuild::BuildImage;
use stackwright_aws::sns::Topic;

/// Shell commands run in a CodeBuild project, on the pipeline's source (a smoke test after a
/// deployment, a check before one).
///
/// ```
/// use stackwright_pipelines::ShellStep;
/// let smoke = ShellStep::new("Smoke", ["curl -fsS https://example.com/health"]);
/// # let _ = smoke;
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct ShellStep {
    pub(crate) id: String,
    pub(crate) install_commands: Vec<String>,
    pub(crate) commands: Vec<String>,
    pub(crate) env: IndexMap<String, String>,
    pub(crate) image: Option<BuildImage>,
}

impl ShellStep {
    /// A step named `id` running `commands`.
    pub fn new<S: Into<String>>(id: &str, commands: impl IntoIterator<Item = S>) -> Self {
        ShellStep {
            id: id.to_owned(),
            install_commands: Vec::new(),
            commands: commands.into_iter().map(Into::into).collect(),
            env: IndexMap::new(),
            image: None,
        }
    }

    /// Commands of the buildspec's `install` phase.
    pub fn install_commands<S: Into<String>>(
        mut self,
        commands: impl IntoIterator<Item = S>,
    ) -> Self {
        self.install_commands = commands.into_iter().map(Into::into).collect();
        self
    }

    /// A plain-text environment variable (never a secret: it is written in the template).
    pub fn env(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.env.insert(name.into(), value.into());
        self
    }

    /// The build image (default: `aws/codebuild/standard:7.0`).
    pub fn image(mut self, image: BuildImage) -> Self {
        self.image = Some(image);
        self
    }
}

/// Waits for a person to approve in the console before the pipeline goes on.
///
/// ```
/// use stackwright_pipelines::ManualApprovalStep;
/// let approve = ManualApprovalStep::new("PromoteToProd").comment("Check the test stage first");
/// # let _ = approve;
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct ManualApprovalStep {
    pub(crate) id: String,
    pub(crate) comment: Option<String>,
    pub(crate) topic: Option<Topic>,
}

impl ManualApprovalStep {
    /// An approval named `id`.
    pub fn new(id: &str) -> Self {
        ManualApprovalStep {
            id: id.to_owned(),
            comment: None,
            topic: None,
        }
    }

    /// Text shown to the approver (`CustomData`).
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// Notifies `topic` when the approval is waiting (the action's role may publish to it).
    pub fn notification_topic(mut self, topic: &Topic) -> Self {
        self.topic = Some(topic.clone());
        self
    }
}

/// A step before or after a stage's deployment: a [`ShellStep`] or a [`ManualApprovalStep`]
/// (both convert into it).
#[derive(Debug, Clone)]
pub struct Step(pub(crate) StepKind);

/// What a step is.
#[derive(Debug, Clone)]
pub(crate) enum StepKind {
    Shell(Box<ShellStep>),
    ManualApproval(Box<ManualApprovalStep>),
}

impl Step {
    /// The step's id (its action's name).
    pub fn id(&self) -> &str {
        match &self.0 {
            StepKind::Shell(s) => &s.id,
            StepKind::ManualApproval(a) => &a.id,
        }
    }
}

impl From<ShellStep> for Step {
    fn from(step: ShellStep) -> Self {
        Step(StepKind::Shell(Box::new(step)))
    }
}

impl From<ManualApprovalStep> for Step {
    fn from(step: ManualApprovalStep) -> Self {
        Step(StepKind::ManualApproval(Box::new(step)))
    }
}

/// Steps around one stage's deployment.
///
/// ```
/// use stackwright_pipelines::{AddStageOptions, ManualApprovalStep, ShellStep};
/// let options = AddStageOptions::new()
///     .pre(ManualApprovalStep::new("Approve"))
///     .post(ShellStep::new("Smoke", ["./smoke-test.sh"]));
/// # let _ = options;
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct AddStageOptions {
    pub(crate) pre: Vec<Step>,
    pub(crate) post: Vec<Step>,
}

impl AddStageOptions {
    /// No steps.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a step run before any stack of the stage is deployed (steps given together run in
    /// parallel).
    pub fn pre(mut self, step: impl Into<Step>) -> Self {
        self.pre.push(step.into());
        self
    }

    /// Adds a step run after every stack of the stage is deployed.
    pub fn post(mut self, step: impl Into<Step>) -> Self {
        self.post.push(step.into());
        self
    }
}
