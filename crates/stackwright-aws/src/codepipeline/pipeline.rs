//! `Pipeline`: a CodePipeline (V2) pipeline with its artifact bucket (and key), its role, stages
//! and actions, each action with a role of its own, validated at synthesis.

use std::cell::RefCell;
use std::rc::Rc;

use stackwright_cfn::codepipeline::{pipeline as cfn, CfnPipeline, CfnPipelineProps};
use stackwright_core::logical_id::make_unique_id;
use stackwright_core::{
    Construct, Lazy, Node, PropertyValue, RemovalPolicy, Scope, Stack, Val, Value,
};

use super::action::{Action, ActionBinding, ActionCategory, ActionProperties};
use crate::arn::ArnParts;
use crate::iam::{Grantable, PolicyStatement, Principal, Role, RoleProps};
use crate::kms::{Alias, AliasProps, Key, KeyProps};
use crate::s3::{Bucket, BucketEncryption, BucketProps};

/// The service pipelines' roles trust.
const SERVICE: &str = "codepipeline.amazonaws.com";
/// The prefix of the artifact key's alias.
const ALIAS_PREFIX: &str = "alias/codepipeline-";

/// Options of a [`Pipeline`].
#[derive(Debug, Clone)]
#[must_use]
pub struct PipelineProps {
    pipeline_name: Option<Val<String>>,
    artifact_bucket: Option<Bucket>,
    cross_account_keys: bool,
    enable_key_rotation: bool,
    restart_execution_on_update: Option<bool>,
    role: Option<Role>,
}

impl Default for PipelineProps {
    fn default() -> Self {
        PipelineProps {
            pipeline_name: None,
            artifact_bucket: None,
            cross_account_keys: true,
            enable_key_rotation: true,
            restart_execution_on_update: None,
            role: None,
        }
    }
}

impl PipelineProps {
    /// A V2 pipeline with an artifact bucket encrypted with a customer-managed key (rotated)
    /// and a role created for it.
    pub fn new() -> Self {
        Self::default()
    }

    /// The physical name (1 to 100 letters, digits and `.@_-`; default: generated).
    pub fn pipeline_name(mut self, name: impl Into<Val<String>>) -> Self {
        self.pipeline_name = Some(name.into());
        self
    }

    /// Stores artifacts in `bucket` (default: the `ArtifactsBucket` child).
    pub fn artifact_bucket(mut self, bucket: &Bucket) -> Self {
        self.artifact_bucket = Some(bucket.clone());
        self
    }

    /// Encrypts the created artifact bucket with a customer-managed key (the
    /// `ArtifactsBucketEncryptionKey` child and its alias), which actions in other accounts need
    /// (default: on, as aws-cdk-lib without feature flags; off: the AWS-managed `aws/s3` key).
    pub fn cross_account_keys(mut self, on: bool) -> Self {
        self.cross_account_keys = on;
        self
    }

    /// Rotates the artifact key yearly (default: on; aws-cdk-lib's default is off).
    pub fn enable_key_rotation(mut self, on: bool) -> Self {
        self.enable_key_rotation = on;
        self
    }

    /// Restarts the running execution when the pipeline itself is updated (a self-mutating
    /// pipeline's update step needs it; default: not written, which is off).
    pub fn restart_execution_on_update(mut self, on: bool) -> Self {
        self.restart_execution_on_update = Some(on);
        self
    }

    /// The role the pipeline runs as (default: the `Role` child CodePipeline may assume).
    pub fn role(mut self, role: &Role) -> Self {
        self.role = Some(role.clone());
        self
    }
}

/// An action as written into the template (values only: the rendering closure must hold no
/// construct handle).
#[derive(Debug, Clone)]
struct RenderedAction {
    name: String,
    category: ActionCategory,
    owner: &'static str,
    provider: &'static str,
    run_order: i64,
    inputs: Vec<String>,
    outputs: Vec<String>,
    min_max: [usize; 4],
    role_arn: Option<Val<String>>,
    timeout_minutes: Option<i64>,
    configuration: Value,
}

impl RenderedAction {
    fn render(&self) -> cfn::ActionDeclaration {
        let type_id = cfn::ActionTypeId::new(self.category.name(), self.owner, self.provider, "1");
        let artifacts = |names: &[String]| -> Option<Val<Vec<cfn::InputArtifact>>> {
            (!names.is_empty()).then(|| {
                names
                    .iter()
                    .map(|n| cfn::InputArtifact::new(n.as_str()))
                    .collect::<Vec<_>>()
                    .into()
            })
        };
        let mut action =
            cfn::ActionDeclaration::new(type_id, self.name.as_str()).run_order(self.run_order);
        if self.configuration.as_map().is_some_and(|m| !m.is_empty()) {
            action.configuration = Some(Val::unchecked(self.configuration.clone()));
        }
        action.input_artifacts = artifacts(&self.inputs);
        if !self.outputs.is_empty() {
            let outputs: Vec<cfn::OutputArtifact> = self
                .outputs
                .iter()
                .map(|n| cfn::OutputArtifact::new(n.as_str()))
                .collect();
            action.output_artifacts = Some(outputs.into());
        }
        action.role_arn.clone_from(&self.role_arn);
        action.timeout_in_minutes = self.timeout_minutes.map(Val::from);
        action
    }
}

/// A stage as written into the template.
#[derive(Debug, Clone, Default)]
struct StageState {
    name: String,
    actions: Vec<RenderedAction>,
}

type Stages = Rc<RefCell<Vec<StageState>>>;

/// A CodePipeline pipeline (type V2).
///
/// Children take aws-cdk-lib's ids: the `ArtifactsBucketEncryptionKey` and its
/// `ArtifactsBucketEncryptionKeyAlias` (`alias/codepipeline-<unique id>`), the
/// `ArtifactsBucket` (encrypted, public access blocked, TLS only, retained), the `Role` and its
/// `DefaultPolicy`, the `Resource`, one construct per stage and per action, each action with
/// its `CodePipelineActionRole` that the pipeline's role may assume, and the `EventsRole` that
/// starts the pipeline on source events.
///
/// Synthesis checks the pipeline as a whole, with its path: at least two stages, source actions
/// in the first stage and only there, stages with actions, each action's number of artifacts,
/// artifacts produced once and before they are used.
///
/// ```
/// use stackwright_aws::codebuild::{Project, ProjectProps, Source};
/// use stackwright_aws::codecommit::{Repository, RepositoryProps};
/// use stackwright_aws::codepipeline::{
///     Artifact, CodeBuildAction, CodeCommitSourceAction, Pipeline, PipelineProps,
/// };
/// use stackwright_core::{App, Environment, Stack, StackProps};
/// let app = App::with_props(Default::default());
/// let env = Environment::new("111111111111", "us-east-2");
/// let stack = Stack::new(&app, "Ci", StackProps::default().env(env));
/// let repo = Repository::new(&stack, "Repo", RepositoryProps::new("service"));
/// let project = Project::new(&stack, "Build", ProjectProps::new().source(Source::code_pipeline()));
/// let source = Artifact::new("Source");
/// let pipeline = Pipeline::new(&stack, "Pipeline", PipelineProps::new());
/// pipeline
///     .add_stage("Source")
///     .add_action(&CodeCommitSourceAction::new("Code", &repo, "main", &source));
/// pipeline
///     .add_stage("Build")
///     .add_action(&CodeBuildAction::new("Compile", &project, &source));
/// assert!(app.assemble().is_ok());
/// ```
#[derive(Debug, Clone)]
pub struct Pipeline {
    inner: Rc<PipelineInner>,
}

#[derive(Debug)]
struct PipelineInner {
    construct: Construct,
    resource: CfnPipeline,
    role: Role,
    bucket: Bucket,
    stages: Stages,
    /// The stages' constructs, in order (not `Stage` handles, which hold the pipeline).
    stage_scopes: RefCell<Vec<Construct>>,
    /// Constructs made by [`Stage::action_scope`] for actions not added yet.
    reserved_scopes: RefCell<Vec<Construct>>,
    events_role: RefCell<Option<Role>>,
}

impl Scope for Pipeline {
    fn node(&self) -> &Node {
        self.inner.construct.node()
    }
}

impl Pipeline {
    /// Creates a pipeline; add stages with [`Pipeline::add_stage`].
    pub fn new(scope: &impl Scope, id: &str, props: PipelineProps) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.codepipeline.Pipeline");
        let node = construct.node().clone();
        if let Some(name) = props
            .pipeline_name
            .as_ref()
            .and_then(|n| n.as_value().as_str())
        {
            if let Some(problem) = name_problem("pipeline", name) {
                node.add_error(problem);
            }
        }
        if props.artifact_bucket.is_some() && !props.cross_account_keys {
            node.add_warning(
                "cross_account_keys applies to the artifact bucket the pipeline creates; an \
                 artifact bucket is given",
            );
        }
        let bucket = props
            .artifact_bucket
            .clone()
            .unwrap_or_else(|| artifact_bucket(&construct, &props));
        let role = props.role.clone().unwrap_or_else(|| {
            Role::new(
                &construct,
                "Role",
                RoleProps::new(Principal::service(SERVICE)),
            )
        });
        let stages: Stages = Rc::default();
        let rendered = Rc::clone(&stages);
        let mut store = cfn::ArtifactStore::new(bucket.bucket_name(), "S3");
        if let Some(key) = bucket.encryption_key() {
            store = store.encryption_key(cfn::EncryptionKey::new(key.key_arn(), "KMS"));
        }
        let mut cfn_props = CfnPipelineProps::new(
            role.role_arn(),
            Val::unchecked(Lazy::new(move || {
                Value::list_of(rendered.borrow().iter().map(render_stage))
            })),
        )
        .artifact_store(store)
        .pipeline_type("V2");
        cfn_props.name = props.pipeline_name.clone();
        cfn_props.restart_execution_on_update = props.restart_execution_on_update.map(Val::from);
        let resource = CfnPipeline::new(&construct, "Resource", cfn_props);
        role.add_dependent(&resource);
        let _ = bucket.grant_read_write(&role);
        let checked = Rc::clone(&stages);
        node.add_validation(move || validate(&checked.borrow()));
        Pipeline {
            inner: Rc::new(PipelineInner {
                construct,
                resource,
                role,
                bucket,
                stages,
                stage_scopes: RefCell::default(),
                reserved_scopes: RefCell::default(),
                events_role: RefCell::new(None),
            }),
        }
    }

    /// Adds a stage named `name` (1 to 100 letters, digits and `.@_-`), after the others.
    /// A name used twice is reported, and the existing stage returned.
    pub fn add_stage(&self, name: &str) -> Stage {
        if let Some(existing) = self.stages().into_iter().find(|s| s.name == name) {
            self.node()
                .add_error(format!("the pipeline already has a stage named {name:?}"));
            return existing;
        }
        let construct = Construct::new(self, name);
        if let Some(problem) = name_problem("stage", name) {
            construct.node().add_error(problem);
        }
        let mut stages = self.inner.stages.borrow_mut();
        stages.push(StageState {
            name: name.to_owned(),
            actions: Vec::new(),
        });
        let index = stages.len() - 1;
        drop(stages);
        self.inner.stage_scopes.borrow_mut().push(construct.clone());
        Stage {
            pipeline: self.clone(),
            construct,
            name: name.to_owned(),
            index,
        }
    }

    /// The stages, in order.
    pub fn stages(&self) -> Vec<Stage> {
        self.inner
            .stage_scopes
            .borrow()
            .iter()
            .enumerate()
            .map(|(index, construct)| Stage {
                pipeline: self.clone(),
                name: construct.node().id(),
                construct: construct.clone(),
                index,
            })
            .collect()
    }

    /// The pipeline's name.
    pub fn pipeline_name(&self) -> Val<String> {
        self.inner.resource.ref_value()
    }

    /// The pipeline's ARN (`arn:<partition>:codepipeline:<region>:<account>:<name>`).
    pub fn pipeline_arn(&self) -> Val<String> {
        ArnParts::new("codepipeline", self.pipeline_name()).format(self)
    }

    /// The role the pipeline runs as.
    pub fn role(&self) -> &Role {
        &self.inner.role
    }

    /// The artifact bucket.
    pub fn artifact_bucket(&self) -> &Bucket {
        &self.inner.bucket
    }

    /// The L1 resource (escape hatch).
    pub fn resource(&self) -> &CfnPipeline {
        &self.inner.resource
    }

    /// Adds a statement to the pipeline role's policy.
    pub fn add_to_role_policy(&self, statement: PolicyStatement) -> bool {
        self.inner.role.add_to_policy(statement)
    }

    /// The role EventBridge assumes to start the pipeline: the `EventsRole` child, created on
    /// first use, allowed `codepipeline:StartPipelineExecution` on this pipeline.
    pub(crate) fn events_role(&self) -> Role {
        let mut slot = self.inner.events_role.borrow_mut();
        let role = slot.get_or_insert_with(|| {
            Role::new(
                self,
                "EventsRole",
                RoleProps::new(Principal::service("events.amazonaws.com")),
            )
        });
        role.add_to_policy(
            PolicyStatement::allow()
                .action("codepipeline:StartPipelineExecution")
                .resource(self.pipeline_arn()),
        );
        role.clone()
    }

    /// The account of the pipeline's stack, when known.
    fn account(&self) -> Option<String> {
        Stack::of(self).and_then(|s| s.environment().account)
    }
}

/// A stage of a [`Pipeline`]: the construct `<pipeline>/<stage name>`, holding its actions.
#[derive(Debug, Clone)]
pub struct Stage {
    pipeline: Pipeline,
    construct: Construct,
    name: String,
    index: usize,
}

impl Scope for Stage {
    fn node(&self) -> &Node {
        self.construct.node()
    }
}

impl Stage {
    /// The stage's name.
    pub fn stage_name(&self) -> &str {
        &self.name
    }

    /// Adds an action: creates its construct and its role (unless it has one, or is a
    /// third-party action), lets the pipeline's role assume that role, and binds the action.
    /// Invalid names and run orders, and a name used twice in the stage, are reported with the
    /// stage's or the action's path.
    pub fn add_action(&self, action: &dyn Action) -> &Self {
        let props = action.properties();
        let duplicate = self.pipeline.inner.stages.borrow()[self.index]
            .actions
            .iter()
            .any(|a| a.name == props.name);
        if duplicate {
            self.node().add_error(format!(
                "stage {:?} already has an action named {:?}",
                self.name, props.name
            ));
            return self;
        }
        let scope = self
            .take_reserved_scope(&props.name)
            .unwrap_or_else(|| Construct::new(self, &props.name));
        check_action(&scope, &props);
        let role = self.action_role(&scope, &props);
        let binding = ActionBinding {
            scope,
            role: role.clone(),
            bucket: self.pipeline.inner.bucket.clone(),
            pipeline: self.pipeline.clone(),
            stage_name: self.name.clone(),
        };
        let configuration = action.bind(&binding);
        let rendered = RenderedAction {
            name: props.name.clone(),
            category: props.category,
            owner: props.owner,
            provider: props.provider,
            run_order: props.run_order,
            inputs: props.inputs.iter().map(|a| a.name().to_owned()).collect(),
            outputs: props.outputs.iter().map(|a| a.name().to_owned()).collect(),
            min_max: [
                props.bounds.min_inputs,
                props.bounds.max_inputs,
                props.bounds.min_outputs,
                props.bounds.max_outputs,
            ],
            role_arn: role.as_ref().map(Role::role_arn),
            timeout_minutes: props.timeout_minutes,
            configuration: Value::Map(configuration.into_iter().collect()),
        };
        self.pipeline.inner.stages.borrow_mut()[self.index]
            .actions
            .push(rendered);
        self
    }

    /// The construct `<stage>/<name>` that the action named `name` will live in once added,
    /// created now so that what the action needs (a CodeBuild project) can be created inside
    /// it first, under the ids aws-cdk-lib gives them (`Build/Synth/CdkBuildProject`).
    pub fn action_scope(&self, name: &str) -> Construct {
        let path = format!("{}/{name}", self.node().path());
        let reserved = self.pipeline.inner.reserved_scopes.borrow();
        if let Some(existing) = reserved.iter().find(|c| c.node().path() == path) {
            return existing.clone();
        }
        drop(reserved);
        let scope = Construct::new(self, name);
        self.pipeline
            .inner
            .reserved_scopes
            .borrow_mut()
            .push(scope.clone());
        scope
    }

    /// Takes the construct reserved for the action `name` of this stage, if any.
    fn take_reserved_scope(&self, name: &str) -> Option<Construct> {
        let path = format!("{}/{name}", self.node().path());
        let mut reserved = self.pipeline.inner.reserved_scopes.borrow_mut();
        let index = reserved.iter().position(|c| c.node().path() == path)?;
        Some(reserved.remove(index))
    }

    /// The role an action runs as: the one given, or a `CodePipelineActionRole` child for
    /// AWS-owned actions; the pipeline's role may assume it.
    fn action_role(&self, scope: &Construct, props: &ActionProperties) -> Option<Role> {
        let pipeline = &self.pipeline;
        let role = match (&props.role, props.owner) {
            (Some(_), owner) if owner != "AWS" => {
                scope.node().add_error(format!(
                    "a role can be given only to actions owned by AWS, not {owner:?} ones"
                ));
                None
            }
            (Some(role), _) => Some(role.clone()),
            (None, "AWS") => Some(Role::new(
                scope,
                "CodePipelineActionRole",
                RoleProps::new(Principal::arn(pipeline.role().role_arn())),
            )),
            (None, _) => None,
        }?;
        let _ = role.grant_assume_role(pipeline.role());
        let role_account = role.grant_principal().account_id().map(str::to_owned);
        let cross_account = matches!(
            (role_account, pipeline.account()),
            (Some(a), Some(p)) if a != p
        );
        if cross_account && pipeline.artifact_bucket().encryption_key().is_none() {
            pipeline.node().add_error(format!(
                "action {:?} runs in another account: the artifact bucket needs a \
                 customer-managed key (PipelineProps::cross_account_keys, or a bucket with a key)",
                props.name
            ));
        }
        Some(role)
    }
}

/// The `ArtifactsBucket` child, with the key and alias aws-cdk-lib creates for cross-account
/// keys.
fn artifact_bucket(construct: &Construct, props: &PipelineProps) -> Bucket {
    let mut bucket_props = BucketProps::new();
    if props.cross_account_keys {
        let key = Key::new(
            construct,
            "ArtifactsBucketEncryptionKey",
            KeyProps::new()
                .removal_policy(RemovalPolicy::Destroy)
                .enable_key_rotation(props.enable_key_rotation),
        );
        let alias = Alias::new(
            construct,
            "ArtifactsBucketEncryptionKeyAlias",
            AliasProps::new(key_alias_name(construct.node()), &key),
        );
        alias
            .resource()
            .apply_removal_policy(RemovalPolicy::Destroy);
        bucket_props = bucket_props.encryption_key(&key);
    } else {
        bucket_props = bucket_props.encryption(BucketEncryption::KmsManaged);
    }
    Bucket::new(construct, "ArtifactsBucket", bucket_props)
}

/// `alias/codepipeline-<the pipeline's unique id, lowercase>`, cut to KMS's 256 characters.
fn key_alias_name(node: &Node) -> String {
    let path = node.path();
    let components: Vec<&str> = path.split('/').collect();
    let unique = make_unique_id(&components).to_lowercase();
    let room = 256 - ALIAS_PREFIX.len();
    let start = unique.len().saturating_sub(room);
    format!("{ALIAS_PREFIX}{}", &unique[start..])
}

/// `[A-Za-z0-9.@_-]{1,100}`: CodePipeline's rule for pipeline, stage and action names.
fn name_problem(what: &str, name: &str) -> Option<String> {
    let valid = (1..=100).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".@_-".contains(c));
    (!valid).then(|| {
        format!("{what} name {name:?} must be 1 to 100 letters, digits and '.', '@', '_', '-'")
    })
}

/// The checks of one action that need nothing else: name, run order, artifact names, timeout.
fn check_action(scope: &Construct, props: &ActionProperties) {
    let node = scope.node();
    if let Some(problem) = name_problem("action", &props.name) {
        node.add_error(problem);
    }
    if !(1..=999).contains(&props.run_order) {
        node.add_error(format!(
            "the run order must be between 1 and 999, not {}",
            props.run_order
        ));
    }
    for artifact in props.inputs.iter().chain(&props.outputs) {
        if let Some(problem) = artifact.problem() {
            node.add_error(problem);
        }
    }
    if let Some(minutes) = props.timeout_minutes {
        if !(5..=86_400).contains(&minutes) {
            node.add_error(format!(
                "the timeout must be between 5 and 86,400 minutes, not {minutes}"
            ));
        }
    }
}

fn render_stage(stage: &StageState) -> Value {
    let actions: Vec<cfn::ActionDeclaration> =
        stage.actions.iter().map(RenderedAction::render).collect();
    cfn::StageDeclaration::new(actions, stage.name.as_str()).into_value()
}

/// The checks of the pipeline as a whole.
fn validate(stages: &[StageState]) -> Vec<String> {
    let mut problems = Vec::new();
    if stages.len() < 2 {
        problems.push(format!(
            "a pipeline needs at least two stages (it has {})",
            stages.len()
        ));
    }
    for (index, stage) in stages.iter().enumerate() {
        if stage.actions.is_empty() {
            problems.push(format!("stage {:?} has no action", stage.name));
        }
        for action in &stage.actions {
            let is_source = action.category == ActionCategory::Source;
            let place = format!("action {:?} of stage {:?}", action.name, stage.name);
            if index == 0 && !is_source {
                problems.push(format!(
                    "{place}: the first stage may only contain source actions"
                ));
            }
            if index > 0 && is_source {
                problems.push(format!(
                    "{place}: source actions may only be in the first stage"
                ));
            }
            let kind = format!("{}/{}", action.category.name(), action.provider);
            let [min_in, max_in, min_out, max_out] = action.min_max;
            for (what, count, min, max) in [
                ("input", action.inputs.len(), min_in, max_in),
                ("output", action.outputs.len(), min_out, max_out),
            ] {
                if count < min {
                    problems.push(format!(
                        "{place} ({kind}) needs at least {min} {what} artifacts, not {count}"
                    ));
                }
                if count > max {
                    problems.push(format!(
                        "{place} ({kind}) takes at most {max} {what} artifacts, not {count}"
                    ));
                }
            }
        }
    }
    problems.extend(artifact_problems(stages));
    problems
}

/// Artifacts produced twice, used but never produced, or used before they are produced (an
/// earlier stage, or the same stage at a run order not after the producer's).
fn artifact_problems(stages: &[StageState]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut producers: indexmap::IndexMap<&str, (usize, &RenderedAction, &str)> =
        indexmap::IndexMap::new();
    for (index, stage) in stages.iter().enumerate() {
        for action in &stage.actions {
            for output in &action.outputs {
                if let Some((_, first, _)) = producers.get(output.as_str()) {
                    problems.push(format!(
                        "artifact {output:?} is produced by both action {:?} and action {:?}: \
                         each artifact is produced once",
                        first.name, action.name
                    ));
                } else {
                    producers.insert(output, (index, action, &stage.name));
                }
            }
        }
    }
    for (index, stage) in stages.iter().enumerate() {
        for action in &stage.actions {
            for input in &action.inputs {
                match producers.get(input.as_str()) {
                    None => problems.push(format!(
                        "action {:?} of stage {:?} uses artifact {input:?}, which no action of \
                         the pipeline produces",
                        action.name, stage.name
                    )),
                    Some((producer_index, producer, producer_stage)) => {
                        let before = index < *producer_index
                            || (index == *producer_index && action.run_order <= producer.run_order);
                        if before {
                            problems.push(format!(
                                "action {:?} of stage {:?} (run order {}) uses artifact \
                                 {input:?} before action {:?} of stage {:?} (run order {}) \
                                 produces it",
                                action.name,
                                stage.name,
                                action.run_order,
                                producer.name,
                                producer_stage,
                                producer.run_order
                            ));
                        }
                    }
                }
            }
        }
    }
    problems
}
