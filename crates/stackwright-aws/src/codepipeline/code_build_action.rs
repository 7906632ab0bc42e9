//! `CodeBuildAction`: runs a CodeBuild project as a build or test action.

use stackwright_core::Value;

use super::action::{
    text, Action, ActionBinding, ActionCategory, ActionConfiguration, ActionProperties,
    ArtifactBounds,
};
use super::artifact::Artifact;
use crate::codebuild::Project;
use crate::iam::{PolicyStatement, Role};

/// What CodePipeline needs to run a build.
const BUILD_ACTIONS: [&str; 3] = [
    "codebuild:BatchGetBuilds",
    "codebuild:StartBuild",
    "codebuild:StopBuild",
];
/// A CodeBuild action takes 1 to 5 inputs and gives up to 5 outputs.
const BOUNDS: ArtifactBounds = ArtifactBounds {
    min_inputs: 1,
    max_inputs: 5,
    min_outputs: 0,
    max_outputs: 5,
};

/// Runs a CodeBuild project (whose source should be [`Source::code_pipeline`]) on the input
/// artifacts. The action's role may start and watch the project's builds; the project's role
/// may read the artifact bucket (and write it when the action has outputs), and a project
/// without its own key encrypts with the pipeline's artifact key.
///
/// [`Source::code_pipeline`]: crate::codebuild::Source::code_pipeline
///
/// ```
/// use stackwright_aws::codebuild::{Project, ProjectProps, Source};
/// use stackwright_aws::codepipeline::{Artifact, CodeBuildAction};
/// use stackwright_core::{App, Stack, StackProps};
/// let app = App::with_props(Default::default());
/// let stack = Stack::new(&app, "Ci", StackProps::default());
/// let project = Project::new(&stack, "Tests", ProjectProps::new().source(Source::code_pipeline()));
/// let action = CodeBuildAction::test("Unit", &project, &Artifact::new("Source")).run_order(2);
/// # let _ = action;
/// ```
#[derive(Debug, Clone)]
pub struct CodeBuildAction {
    name: String,
    project: Project,
    input: Artifact,
    extra_inputs: Vec<Artifact>,
    outputs: Vec<Artifact>,
    category: ActionCategory,
    run_order: i64,
    role: Option<Role>,
}

impl CodeBuildAction {
    /// A build action running `project` on `input`.
    pub fn new(name: &str, project: &Project, input: &Artifact) -> Self {
        CodeBuildAction {
            name: name.to_owned(),
            project: project.clone(),
            input: input.clone(),
            extra_inputs: Vec::new(),
            outputs: Vec::new(),
            category: ActionCategory::Build,
            run_order: 1,
            role: None,
        }
    }

    /// A test action running `project` on `input`.
    pub fn test(name: &str, project: &Project, input: &Artifact) -> Self {
        CodeBuildAction {
            category: ActionCategory::Test,
            ..Self::new(name, project, input)
        }
    }

    /// Adds an input besides the primary one (the `PrimarySource` is the first input).
    #[must_use]
    pub fn extra_input(mut self, artifact: &Artifact) -> Self {
        self.extra_inputs.push(artifact.clone());
        self
    }

    /// Adds an output artifact (the buildspec's `artifacts`).
    #[must_use]
    pub fn output(mut self, artifact: &Artifact) -> Self {
        self.outputs.push(artifact.clone());
        self
    }

    /// The run order in the stage (default 1).
    #[must_use]
    pub fn run_order(mut self, run_order: i64) -> Self {
        self.run_order = run_order;
        self
    }

    /// The role the action runs as, which may start builds of the project (default: a
    /// `CodePipelineActionRole` created for the action). CDK Pipelines shares one role among
    /// all its CodeBuild actions this way.
    #[must_use]
    pub fn role(mut self, role: &Role) -> Self {
        self.role = Some(role.clone());
        self
    }
}

impl Action for CodeBuildAction {
    fn properties(&self) -> ActionProperties {
        let mut props = ActionProperties::new(&self.name, self.category, "CodeBuild", BOUNDS)
            .run_order(self.run_order)
            .role(self.role.as_ref())
            .input(&self.input);
        for artifact in &self.extra_inputs {
            props = props.input(artifact);
        }
        for artifact in &self.outputs {
            props = props.output(artifact);
        }
        props
    }

    fn bind(&self, binding: &ActionBinding) -> ActionConfiguration {
        if let Some(role) = binding.role() {
            role.add_to_policy(
                PolicyStatement::allow()
                    .actions(BUILD_ACTIONS)
                    .resource(self.project.project_arn()),
            );
        }
        let bucket = binding.artifact_bucket();
        if self.project.role().is_some() {
            let _ = if self.outputs.is_empty() {
                bucket.grant_read(&self.project)
            } else {
                bucket.grant_read_write(&self.project)
            };
        }
        self.project.bind_to_code_pipeline(bucket.encryption_key());
        let mut config = ActionConfiguration::new();
        config.insert("ProjectName".into(), text(&self.project.project_name()));
        let inputs = self.properties().inputs;
        if inputs.len() > 1 {
            config.insert("PrimarySource".into(), Value::from(self.input.name()));
        }
        config
    }
}
