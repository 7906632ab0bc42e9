//! CloudFormation deploy actions: create or replace a change set, execute it, create or update
//! a stack; each with the role CloudFormation deploys as and exactly the statements aws-cdk-lib
//! gives the action's role.

use indexmap::IndexMap;
use stackwright_core::{Scope, Val, Value};

use super::action::{
    put, Action, ActionBinding, ActionCategory, ActionConfiguration, ActionProperties,
    ArtifactBounds,
};
use super::artifact::{Artifact, ArtifactPath};
use crate::arn::ArnParts;
use crate::iam::{Condition, PolicyStatement, Principal, Role, RoleProps};

/// A deploy action takes up to 10 inputs and gives at most one output.
const BOUNDS: ArtifactBounds = ArtifactBounds {
    min_inputs: 0,
    max_inputs: 10,
    min_outputs: 0,
    max_outputs: 1,
};

/// What CloudFormation may do with the IAM resources and macros of a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    /// `CAPABILITY_IAM`: IAM resources with generated names.
    Iam,
    /// `CAPABILITY_NAMED_IAM`: IAM resources with names.
    NamedIam,
    /// `CAPABILITY_AUTO_EXPAND`: macros and nested stacks.
    AutoExpand,
}

impl Capability {
    fn name(self) -> &'static str {
        match self {
            Capability::Iam => "CAPABILITY_IAM",
            Capability::NamedIam => "CAPABILITY_NAMED_IAM",
            Capability::AutoExpand => "CAPABILITY_AUTO_EXPAND",
        }
    }
}

/// The options every deploy action shares.
#[derive(Debug, Clone, Default)]
struct Deploy {
    deployment_role: Option<Role>,
    admin_permissions: bool,
    capabilities: Option<Vec<Capability>>,
    parameter_overrides: IndexMap<String, Val<String>>,
    template_configuration: Option<ArtifactPath>,
    extra_inputs: Vec<Artifact>,
}

/// The setters every deploy action shares.
macro_rules! deploy_setters {
    () => {
        /// The role CloudFormation deploys as (CDK: `deploymentRole`; default: the `Role` child,
        /// which CloudFormation may assume and which may read the artifact bucket).
        #[must_use]
        pub fn deployment_role(mut self, role: &Role) -> Self {
            self.deploy.deployment_role = Some(role.clone());
            self
        }

        /// Gives the created deployment role every permission (`*` on `*`), and the
        /// `CAPABILITY_NAMED_IAM` capability unless capabilities are given (default: off).
        #[must_use]
        pub fn admin_permissions(mut self, on: bool) -> Self {
            self.deploy.admin_permissions = on;
            self
        }

        /// The capabilities CloudFormation is given.
        #[must_use]
        pub fn capabilities(mut self, capabilities: impl IntoIterator<Item = Capability>) -> Self {
            self.deploy.capabilities = Some(capabilities.into_iter().collect());
            self
        }

        /// Overrides a template parameter (written as the JSON text of all overrides).
        #[must_use]
        pub fn parameter_override(
            mut self,
            name: impl Into<String>,
            value: impl Into<Val<String>>,
        ) -> Self {
            self.deploy
                .parameter_overrides
                .insert(name.into(), value.into());
            self
        }

        /// A template configuration file (parameters, tags, stack policy) in an artifact.
        #[must_use]
        pub fn template_configuration(mut self, path: &ArtifactPath) -> Self {
            self.deploy.template_configuration = Some(path.clone());
            self
        }

        /// Adds an input artifact the template's parameters read from.
        #[must_use]
        pub fn extra_input(mut self, artifact: &Artifact) -> Self {
            self.deploy.extra_inputs.push(artifact.clone());
            self
        }
    };
}

/// The setters of every CloudFormation action.
macro_rules! common_setters {
    () => {
        /// The role the action runs as, such as a deploy role of another account imported
        /// with `Role::from_role_arn` (default: a role created for the action).
        #[must_use]
        pub fn role(mut self, role: &Role) -> Self {
            self.role = Some(role.clone());
            self
        }

        /// The run order in the stage (default 1).
        #[must_use]
        pub fn run_order(mut self, run_order: i64) -> Self {
            self.run_order = run_order;
            self
        }
    };
}

/// The action's properties: a deploy action reading `inputs`.
fn deploy_properties(
    name: &str,
    inputs: &[&Artifact],
    run_order: i64,
    role: Option<&Role>,
) -> ActionProperties {
    let mut props = ActionProperties::new(name, ActionCategory::Deploy, "CloudFormation", BOUNDS)
        .run_order(run_order)
        .role(role);
    for artifact in inputs {
        props = props.input(artifact);
    }
    props
}

/// The inputs of a deploy action: the extra inputs, the template's, the configuration's.
fn deploy_inputs<'a>(deploy: &'a Deploy, template: &'a ArtifactPath) -> Vec<&'a Artifact> {
    let mut inputs: Vec<&Artifact> = deploy.extra_inputs.iter().collect();
    inputs.push(template.artifact());
    if let Some(config) = &deploy.template_configuration {
        inputs.push(config.artifact());
    }
    inputs
}

/// `arn:<partition>:cloudformation:<region>:<account>:stack/<name>/*`.
fn stack_arn(binding: &ActionBinding, stack_name: &str) -> Val<String> {
    ArnParts::new("cloudformation", format!("stack/{stack_name}/*")).format(binding.scope())
}

/// A statement on the stack, its actions sorted (as aws-cdk-lib sorts them), limited to the
/// change set when there is one.
fn stack_statement(
    binding: &ActionBinding,
    stack_name: &str,
    actions: &[&str],
    change_set: Option<&str>,
) -> PolicyStatement {
    let mut sorted = actions.to_vec();
    sorted.sort_unstable();
    let mut statement = PolicyStatement::allow()
        .actions(sorted)
        .resource(stack_arn(binding, stack_name));
    if let Some(name) = change_set {
        statement = statement
            .condition(Condition::string_equals("cloudformation:ChangeSetName", name).if_exists());
    }
    statement
}

/// Adds `statement` to the action's role (no-op for a role that cannot change).
fn allow(binding: &ActionBinding, statement: PolicyStatement) {
    if let Some(role) = binding.role() {
        role.add_to_policy(statement);
    }
}

/// Checks a stack or change set name: a letter, then letters, digits and `-`, at most 128.
fn check_name(binding: &ActionBinding, what: &str, name: &str) {
    let valid = name.len() <= 128
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !valid {
        binding.scope().node().add_error(format!(
            "{what} name {name:?} must start with a letter and have only letters, digits and \
             '-' (at most 128 characters)"
        ));
    }
}

/// Binds the deployment role (the one given, or the `Role` child reading the artifact bucket)
/// and lets the action's role pass it, then reads the artifact bucket; returns the
/// configuration every deploy action shares.
fn bind_deploy(
    binding: &ActionBinding,
    deploy: &Deploy,
    stack_name: &str,
    has_inputs: bool,
) -> ActionConfiguration {
    check_name(binding, "stack", stack_name);
    let bucket = binding.artifact_bucket();
    let deployment_role = deploy.deployment_role.clone().unwrap_or_else(|| {
        let role = Role::new(
            binding.scope(),
            "Role",
            RoleProps::new(Principal::service("cloudformation.amazonaws.com")),
        );
        let _ = bucket.grant_read(&role);
        if deploy.admin_permissions {
            role.add_to_policy(PolicyStatement::allow().action("*").all_resources());
        }
        role
    });
    allow(
        binding,
        PolicyStatement::allow()
            .action("iam:PassRole")
            .resource(deployment_role.role_arn()),
    );
    if has_inputs {
        if let Some(role) = binding.role() {
            let _ = bucket.grant_read(role);
        }
    }
    let capabilities = match (&deploy.capabilities, deploy.admin_permissions) {
        (None, true) => Some(vec![Capability::NamedIam]),
        (given, _) => given.clone(),
    };
    let mut config = ActionConfiguration::new();
    config.insert("StackName".into(), Value::from(stack_name));
    let capabilities = capabilities
        .filter(|c| !c.is_empty())
        .map(|c| c.iter().map(|c| c.name()).collect::<Vec<_>>().join(","));
    put(&mut config, "Capabilities", capabilities);
    config.insert("RoleArn".into(), deployment_role.role_arn().into_value());
    if !deploy.parameter_overrides.is_empty() {
        let overrides = deploy
            .parameter_overrides
            .iter()
            .map(|(k, v)| (k.clone(), v.as_value().clone()));
        let json = crate::json_text::to_json_string(&Value::Map(overrides.collect()));
        config.insert("ParameterOverrides".into(), json.into_value());
    }
    put(
        &mut config,
        "TemplateConfiguration",
        deploy
            .template_configuration
            .as_ref()
            .map(ArtifactPath::location),
    );
    config
}

/// Creates or replaces a change set of a stack from a template in an artifact
/// (`CHANGE_SET_REPLACE`), for a later [`CloudFormationExecuteChangeSetAction`] or an approval
/// to review.
///
/// ```
/// use stackwright_aws::codepipeline::{Artifact, Capability, CloudFormationCreateReplaceChangeSetAction};
/// let synth = Artifact::new("Synth");
/// let prepare = CloudFormationCreateReplaceChangeSetAction::new(
///     "Prepare",
///     "Prod-Api",
///     "PipelineChange",
///     &synth.at_path("ProdApi.template.json"),
/// )
/// .capabilities([Capability::NamedIam, Capability::AutoExpand]);
/// # let _ = prepare;
/// ```
#[derive(Debug, Clone)]
pub struct CloudFormationCreateReplaceChangeSetAction {
    name: String,
    stack_name: String,
    change_set_name: String,
    template_path: ArtifactPath,
    deploy: Deploy,
    role: Option<Role>,
    run_order: i64,
}

impl CloudFormationCreateReplaceChangeSetAction {
    /// Creates or replaces change set `change_set_name` of stack `stack_name` from the template
    /// at `template_path`.
    pub fn new(
        name: &str,
        stack_name: &str,
        change_set_name: &str,
        template_path: &ArtifactPath,
    ) -> Self {
        CloudFormationCreateReplaceChangeSetAction {
            name: name.to_owned(),
            stack_name: stack_name.to_owned(),
            change_set_name: change_set_name.to_owned(),
            template_path: template_path.clone(),
            deploy: Deploy::default(),
            role: None,
            run_order: 1,
        }
    }

    deploy_setters!();
    common_setters!();
}

impl Action for CloudFormationCreateReplaceChangeSetAction {
    fn properties(&self) -> ActionProperties {
        let inputs = deploy_inputs(&self.deploy, &self.template_path);
        deploy_properties(&self.name, &inputs, self.run_order, self.role.as_ref())
    }

    fn bind(&self, binding: &ActionBinding) -> ActionConfiguration {
        check_name(binding, "change set", &self.change_set_name);
        let mut config = bind_deploy(binding, &self.deploy, &self.stack_name, true);
        allow(
            binding,
            stack_statement(
                binding,
                &self.stack_name,
                &[
                    "cloudformation:CreateChangeSet",
                    "cloudformation:DeleteChangeSet",
                    "cloudformation:DescribeChangeSet",
                    "cloudformation:DescribeStacks",
                ],
                Some(&self.change_set_name),
            ),
        );
        config.insert("ActionMode".into(), Value::from("CHANGE_SET_REPLACE"));
        config.insert(
            "ChangeSetName".into(),
            Value::from(self.change_set_name.as_str()),
        );
        config.insert(
            "TemplatePath".into(),
            Value::from(self.template_path.location()),
        );
        config
    }
}

/// Executes a change set (`CHANGE_SET_EXECUTE`) created by an earlier action.
#[derive(Debug, Clone)]
pub struct CloudFormationExecuteChangeSetAction {
    name: String,
    stack_name: String,
    change_set_name: String,
    role: Option<Role>,
    run_order: i64,
}

impl CloudFormationExecuteChangeSetAction {
    /// Executes change set `change_set_name` of stack `stack_name`.
    pub fn new(name: &str, stack_name: &str, change_set_name: &str) -> Self {
        CloudFormationExecuteChangeSetAction {
            name: name.to_owned(),
            stack_name: stack_name.to_owned(),
            change_set_name: change_set_name.to_owned(),
            role: None,
            run_order: 1,
        }
    }

    common_setters!();
}

impl Action for CloudFormationExecuteChangeSetAction {
    fn properties(&self) -> ActionProperties {
        deploy_properties(&self.name, &[], self.run_order, self.role.as_ref())
    }

    fn bind(&self, binding: &ActionBinding) -> ActionConfiguration {
        check_name(binding, "stack", &self.stack_name);
        check_name(binding, "change set", &self.change_set_name);
        allow(
            binding,
            stack_statement(
                binding,
                &self.stack_name,
                &[
                    "cloudformation:DescribeStacks",
                    "cloudformation:DescribeStackEvents",
                    "cloudformation:DescribeChangeSet",
                    "cloudformation:ExecuteChangeSet",
                ],
                Some(&self.change_set_name),
            ),
        );
        let mut config = ActionConfiguration::new();
        config.insert("StackName".into(), Value::from(self.stack_name.as_str()));
        config.insert("ActionMode".into(), Value::from("CHANGE_SET_EXECUTE"));
        config.insert(
            "ChangeSetName".into(),
            Value::from(self.change_set_name.as_str()),
        );
        config
    }
}

/// Creates a stack, or updates it, from a template in an artifact (`CREATE_UPDATE`, or
/// `REPLACE_ON_FAILURE`).
#[derive(Debug, Clone)]
pub struct CloudFormationCreateUpdateStackAction {
    name: String,
    stack_name: String,
    template_path: ArtifactPath,
    replace_on_failure: bool,
    deploy: Deploy,
    role: Option<Role>,
    run_order: i64,
}

impl CloudFormationCreateUpdateStackAction {
    /// Creates or updates stack `stack_name` from the template at `template_path`.
    pub fn new(name: &str, stack_name: &str, template_path: &ArtifactPath) -> Self {
        CloudFormationCreateUpdateStackAction {
            name: name.to_owned(),
            stack_name: stack_name.to_owned(),
            template_path: template_path.clone(),
            replace_on_failure: false,
            deploy: Deploy::default(),
            role: None,
            run_order: 1,
        }
    }

    /// Deletes and recreates a stack left in a failed state (`REPLACE_ON_FAILURE`; the role
    /// may then delete the stack).
    #[must_use]
    pub fn replace_on_failure(mut self, on: bool) -> Self {
        self.replace_on_failure = on;
        self
    }

    deploy_setters!();
    common_setters!();
}

impl Action for CloudFormationCreateUpdateStackAction {
    fn properties(&self) -> ActionProperties {
        let inputs = deploy_inputs(&self.deploy, &self.template_path);
        deploy_properties(&self.name, &inputs, self.run_order, self.role.as_ref())
    }

    fn bind(&self, binding: &ActionBinding) -> ActionConfiguration {
        let mut config = bind_deploy(binding, &self.deploy, &self.stack_name, true);
        let mut actions = vec![
            "cloudformation:DescribeStack*",
            "cloudformation:CreateStack",
            "cloudformation:UpdateStack",
            "cloudformation:GetTemplate*",
            "cloudformation:ValidateTemplate",
            "cloudformation:GetStackPolicy",
            "cloudformation:SetStackPolicy",
        ];
        if self.replace_on_failure {
            actions.push("cloudformation:DeleteStack");
        }
        allow(
            binding,
            stack_statement(binding, &self.stack_name, &actions, None),
        );
        let mode = if self.replace_on_failure {
            "REPLACE_ON_FAILURE"
        } else {
            "CREATE_UPDATE"
        };
        config.insert("ActionMode".into(), Value::from(mode));
        config.insert(
            "TemplatePath".into(),
            Value::from(self.template_path.location()),
        );
        config
    }
}
