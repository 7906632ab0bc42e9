//! `Project`: a CodeBuild project with a typed buildspec and environment, a role created with
//! exactly what the project needs (as aws-cdk-lib creates it), caches, logs, VPC access and an
//! encryption key; imports by name or ARN.

use std::cell::RefCell;
use std::rc::Rc;

use indexmap::IndexMap;
use stackwright_cfn::codebuild::project as cfn;
use stackwright_cfn::codebuild::{CfnProject, CfnProjectProps};
use stackwright_core::logical_id::make_unique_id;
use stackwright_core::{Aws, Construct, Lazy, Node, Scope, Stack, Val, Value};

use super::build_spec::{check_variable_name, holds_secret_reference, BuildSpec};
use super::cache::{Cache, LocalCacheMode};
use super::environment::{
    variable_statements, BuildEnvironment, EnvironmentVariable, VariableKind,
};
use super::source::Source;
use crate::arn::{concat, parse_arn, ArnParts};
use crate::ec2::{SecurityGroup, SecurityGroupProps, SubnetSelection, Vpc};
use crate::iam::{
    Condition, ConditionOperator, Grantable, Policy, PolicyProps, PolicyStatement, Principal, Role,
    RoleProps,
};
use crate::kms::Key;
use crate::logs::LogGroup;
use crate::s3::Bucket;
use crate::validate::{check_chars, check_literal, check_range, report};

/// The service CodeBuild's roles trust.
const SERVICE: &str = "codebuild.amazonaws.com";
/// What a project needs to write its own logs.
const LOG_ACTIONS: [&str; 3] = [
    "logs:CreateLogGroup",
    "logs:CreateLogStream",
    "logs:PutLogEvents",
];
/// What a project needs to write test and coverage reports.
const REPORT_ACTIONS: [&str; 5] = [
    "codebuild:CreateReportGroup",
    "codebuild:CreateReport",
    "codebuild:UpdateReport",
    "codebuild:BatchPutTestCases",
    "codebuild:BatchPutCodeCoverages",
];
/// What a project in a VPC needs to manage its network interfaces.
const VPC_ACTIONS: [&str; 7] = [
    "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DeleteNetworkInterface",
    "ec2:DescribeSubnets",
    "ec2:DescribeSecurityGroups",
    "ec2:DescribeDhcpOptions",
    "ec2:DescribeVpcs",
];
/// The key CodeBuild encrypts artifacts with when the project names none.
const DEFAULT_KEY: &str = "alias/aws/s3";

/// Where the buildspec comes from.
#[derive(Debug, Clone)]
enum Spec {
    Object(Box<BuildSpec>),
    File(String),
}

/// The project's VPC settings.
#[derive(Debug, Clone, Default)]
struct VpcSettings {
    vpc: Option<Vpc>,
    subnets: Option<SubnetSelection>,
    security_groups: Vec<SecurityGroup>,
    allow_all_outbound: Option<bool>,
}

/// Options of a [`Project`].
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct ProjectProps {
    project_name: Option<Val<String>>,
    description: Option<String>,
    source: Source,
    build_spec: Option<Spec>,
    environment: BuildEnvironment,
    variables: IndexMap<String, EnvironmentVariable>,
    role: Option<Role>,
    cache: Cache,
    cloud_watch_logs: Option<(Option<LogGroup>, Option<String>)>,
    s3_logs: Option<(Bucket, Option<String>)>,
    vpc: VpcSettings,
    timeout_minutes: Option<i64>,
    queued_timeout_minutes: Option<i64>,
    encryption_key: Option<Key>,
    report_group_permissions: Option<bool>,
}

impl ProjectProps {
    /// No source (give a buildspec), the standard 7.0 image on a small machine, a role created
    /// for the project.
    pub fn new() -> Self {
        Self::default()
    }

    /// The physical name (2 to 255 letters, digits, `-` and `_`, starting with a letter or
    /// digit; default: generated).
    pub fn project_name(mut self, name: impl Into<Val<String>>) -> Self {
        self.project_name = Some(name.into());
        self
    }

    /// A description (up to 255 characters).
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Where the source comes from (default: none).
    pub fn source(mut self, source: Source) -> Self {
        self.source = source;
        self
    }

    /// The buildspec, written into the project as JSON text.
    pub fn build_spec(mut self, spec: BuildSpec) -> Self {
        self.build_spec = Some(Spec::Object(Box::new(spec)));
        self
    }

    /// The buildspec is a file of the source (default with a source: `buildspec.yml`).
    pub fn build_spec_file(mut self, file_name: impl Into<String>) -> Self {
        self.build_spec = Some(Spec::File(file_name.into()));
        self
    }

    /// The image, machine and privileged mode (default: standard 7.0, small, unprivileged).
    pub fn environment(mut self, environment: BuildEnvironment) -> Self {
        self.environment = environment;
        self
    }

    /// Adds an environment variable; secrets as [`EnvironmentVariable::secrets_manager`],
    /// [`EnvironmentVariable::secret`] or [`EnvironmentVariable::parameter_store`] (the role may
    /// read them), never as plain text.
    pub fn environment_variable(
        mut self,
        name: impl Into<String>,
        value: EnvironmentVariable,
    ) -> Self {
        self.variables.insert(name.into(), value);
        self
    }

    /// The role builds run as (default: a `Role` child that CodeBuild may assume, given what the
    /// project needs).
    pub fn role(mut self, role: &Role) -> Self {
        self.role = Some(role.clone());
        self
    }

    /// The cache (default: none).
    pub fn cache(mut self, cache: Cache) -> Self {
        self.cache = cache;
        self
    }

    /// Sends the build logs to `log_group` (streams under `prefix`) instead of the default
    /// `/aws/codebuild/<project>` group; the role may write there.
    pub fn cloud_watch_logs(mut self, log_group: &LogGroup, prefix: Option<&str>) -> Self {
        self.cloud_watch_logs = Some((Some(log_group.clone()), prefix.map(str::to_owned)));
        self
    }

    /// Turns CloudWatch logging off.
    pub fn disable_cloud_watch_logs(mut self) -> Self {
        self.cloud_watch_logs = Some((None, None));
        self
    }

    /// Also writes the build logs to `bucket` (under `prefix`); the role may write there.
    pub fn s3_logs(mut self, bucket: &Bucket, prefix: Option<&str>) -> Self {
        self.s3_logs = Some((bucket.clone(), prefix.map(str::to_owned)));
        self
    }

    /// Runs builds in `vpc` (default: outside any VPC); the role gets the network-interface
    /// permissions CodeBuild needs, and a security group is created unless given.
    pub fn vpc(mut self, vpc: &Vpc) -> Self {
        self.vpc.vpc = Some(vpc.clone());
        self
    }

    /// The subnets of the VPC builds run in (default: the VPC's default selection).
    pub fn subnet_selection(mut self, selection: SubnetSelection) -> Self {
        self.vpc.subnets = Some(selection);
        self
    }

    /// The security groups of builds in a VPC (default: a `SecurityGroup` child).
    pub fn security_groups(mut self, groups: impl IntoIterator<Item = SecurityGroup>) -> Self {
        self.vpc.security_groups.extend(groups);
        self
    }

    /// Whether the created security group allows all outbound traffic (default: yes).
    pub fn allow_all_outbound(mut self, on: bool) -> Self {
        self.vpc.allow_all_outbound = Some(on);
        self
    }

    /// The longest a build may run, 5 to 2,160 minutes (default: CodeBuild's 60).
    pub fn timeout_minutes(mut self, minutes: i64) -> Self {
        self.timeout_minutes = Some(minutes);
        self
    }

    /// The longest a build may wait in the queue, 5 to 480 minutes (default: CodeBuild's 480).
    pub fn queued_timeout_minutes(mut self, minutes: i64) -> Self {
        self.queued_timeout_minutes = Some(minutes);
        self
    }

    /// Encrypts build artifacts with a customer-managed key (the role may use it; default: the
    /// AWS-managed `alias/aws/s3`, or the pipeline's artifact key in a pipeline).
    pub fn encryption_key(mut self, key: &Key) -> Self {
        self.encryption_key = Some(key.clone());
        self
    }

    /// Whether the role may create and write report groups named `<project>-*` (default: yes,
    /// as in aws-cdk-lib).
    pub fn grant_report_group_permissions(mut self, on: bool) -> Self {
        self.report_group_permissions = Some(on);
        self
    }
}

/// A CodeBuild project: created in a stack, or imported by name or ARN.
///
/// The role is the child `Role` with its `DefaultPolicy` (unless one is given), and gets, in
/// aws-cdk-lib's order: what the source, the cache and the environment variables need, the
/// permissions to write the logs, to run in the VPC (with the `PolicyDocument` policy the
/// project depends on), to write its own log group and report groups, and to use the encryption
/// key. A project is [`Grantable`]: grants to it go to its role.
///
/// ```
/// use stackwright_aws::codebuild::{
///     BuildEnvironment, BuildImage, BuildSpec, ComputeType, EnvironmentVariable, Phase, Project,
///     ProjectProps,
/// };
/// use stackwright_core::{App, Environment, Stack, StackProps};
/// let app = App::with_props(Default::default());
/// let env = Environment::new("111111111111", "us-east-2");
/// let stack = Stack::new(&app, "Ci", StackProps::default().env(env));
/// let project = Project::new(
///     &stack,
///     "Test",
///     ProjectProps::new()
///         .build_spec(BuildSpec::new().build(Phase::commands(["cargo test --locked"])))
///         .environment(
///             BuildEnvironment::new(BuildImage::from_docker_registry("rust:1"))
///                 .compute_type(ComputeType::Large),
///         )
///         .environment_variable("TOKEN", EnvironmentVariable::secrets_manager("ci/token:value"))
///         .timeout_minutes(30),
/// );
/// let _ = project.project_arn();
/// ```
#[derive(Debug, Clone)]
pub struct Project {
    inner: Rc<ProjectInner>,
}

#[derive(Debug)]
struct ProjectInner {
    construct: Construct,
    resource: Option<CfnProject>,
    arn: Val<String>,
    name: Val<String>,
    role: Option<Role>,
    security_groups: Vec<SecurityGroup>,
    encryption_key: RefCell<Option<Key>>,
    /// The key ARN the `EncryptionKey` property is rendered from.
    key_arn: Rc<RefCell<Option<Val<String>>>>,
}

impl Scope for Project {
    fn node(&self) -> &Node {
        self.inner.construct.node()
    }
}

impl Project {
    /// Creates the project; invalid settings are reported with its path.
    pub fn new(scope: &impl Scope, id: &str, props: ProjectProps) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.codebuild.Project");
        let node = construct.node().clone();
        validate_props(&node, &props);
        let role = props.role.clone().unwrap_or_else(|| {
            Role::new(
                &construct,
                "Role",
                RoleProps::new(Principal::service(SERVICE)),
            )
        });

        // What the source, cache and environment need, in aws-cdk-lib's order.
        let (mut source, source_version) = props.source.render();
        if let Some(repository) = props.source.repository() {
            role.add_to_policy(
                PolicyStatement::allow()
                    .action("codecommit:GitPull")
                    .resource(repository.repository_arn()),
            );
        }
        if let Cache::Bucket { bucket, .. } = &props.cache {
            let _ = bucket.grant_read_write(&role);
        }
        let environment = render_environment(&construct, &role, &props);
        let security_groups = security_groups(&construct, &props.vpc);
        let logs_config = render_logging(&role, &props);

        source.build_spec = match &props.build_spec {
            Some(Spec::Object(spec)) => Some(spec.to_json_string()),
            Some(Spec::File(name)) => Some(Val::from(name.as_str())),
            None => None,
        };
        let artifacts = if props.source.is_code_pipeline() {
            "CODEPIPELINE"
        } else {
            "NO_ARTIFACTS"
        };
        let key_arn: Rc<RefCell<Option<Val<String>>>> = Rc::default();
        let rendered_key = Rc::clone(&key_arn);
        let mut cfn = CfnProjectProps::new(
            cfn::Artifacts::new(artifacts),
            environment,
            role.role_arn(),
            source,
        );
        cfn.description = props.description.clone().map(Val::from);
        cfn.encryption_key = Some(Val::unchecked(Lazy::new(move || {
            rendered_key
                .borrow()
                .as_ref()
                .map_or_else(|| Value::from(DEFAULT_KEY), |arn| arn.as_value().clone())
        })));
        cfn.cache = Some(props.cache.render().into());
        cfn.name.clone_from(&props.project_name);
        cfn.timeout_in_minutes = props.timeout_minutes.map(Val::from);
        cfn.queued_timeout_in_minutes = props.queued_timeout_minutes.map(Val::from);
        cfn.source_version = source_version;
        cfn.logs_config = logs_config.map(Into::into);
        if let Some(vpc) = &props.vpc.vpc {
            let subnets = vpc.select_subnets(&props.vpc.subnets.clone().unwrap_or_default());
            let ids: Vec<Val<String>> = security_groups
                .iter()
                .map(SecurityGroup::security_group_id)
                .collect();
            cfn.vpc_config = Some(
                cfn::VpcConfig::new()
                    .vpc_id(vpc.vpc_id())
                    .subnets(subnets.subnet_ids())
                    .security_group_ids(ids)
                    .into(),
            );
        }
        let resource = CfnProject::new(&construct, "Resource", cfn);
        let project = Project {
            inner: Rc::new(ProjectInner {
                arn: resource.attr_arn(),
                name: resource.ref_value(),
                construct,
                resource: Some(resource),
                role: Some(role),
                security_groups,
                encryption_key: RefCell::new(None),
                key_arn,
            }),
        };
        project.add_vpc_permissions(&props.vpc);
        project.add_to_role_policy(project.logging_statement());
        if props.report_group_permissions != Some(false) {
            let arn = ArnParts::new(
                "codebuild",
                concat([
                    Val::from("report-group/"),
                    project.project_name(),
                    Val::from("-*"),
                ]),
            )
            .format(&project);
            project.add_to_role_policy(
                PolicyStatement::allow()
                    .actions(REPORT_ACTIONS)
                    .resource(arn),
            );
        }
        if let Some(key) = &props.encryption_key {
            project.set_encryption_key(key);
        }
        project
    }

    /// A project of the stack's account and region that exists outside the app, by name. It has
    /// no known role: grants to it are errors (grant to its role, imported, instead).
    pub fn from_project_name(scope: &impl Scope, id: &str, name: &str) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.codebuild.ImportedProject");
        report(construct.node(), check_project_name(&Val::from(name)));
        let arn = ArnParts::new("codebuild", format!("project/{name}")).format(&construct);
        Self::imported(construct, arn, Val::from(name))
    }

    /// A project that exists outside the app, by ARN
    /// (`arn:<partition>:codebuild:<region>:<account>:project/<name>`).
    pub fn from_project_arn(scope: &impl Scope, id: &str, arn: &str) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.codebuild.ImportedProject");
        let name = match parse_arn(arn) {
            Ok(p) if p.service == "codebuild" && p.resource.starts_with("project/") => {
                p.resource["project/".len()..].to_owned()
            }
            Ok(_) => {
                construct.node().add_error(format!(
                    "{arn:?} is not the ARN of a CodeBuild project \
                     (arn:<partition>:codebuild:<region>:<account>:project/<name>)"
                ));
                String::new()
            }
            Err(e) => {
                construct.node().add_error(e);
                String::new()
            }
        };
        Self::imported(construct, Val::from(arn), Val::from(name))
    }

    fn imported(construct: Construct, arn: Val<String>, name: Val<String>) -> Self {
        Project {
            inner: Rc::new(ProjectInner {
                construct,
                resource: None,
                arn,
                name,
                role: None,
                security_groups: Vec::new(),
                encryption_key: RefCell::new(None),
                key_arn: Rc::default(),
            }),
        }
    }

    /// The project's ARN.
    pub fn project_arn(&self) -> Val<String> {
        self.inner.arn.clone()
    }

    /// The project's name.
    pub fn project_name(&self) -> Val<String> {
        self.inner.name.clone()
    }

    /// The role builds run as (`None` for an imported project).
    pub fn role(&self) -> Option<&Role> {
        self.inner.role.as_ref()
    }

    /// The security groups of a project in a VPC (add ingress rules to reach databases...).
    pub fn security_groups(&self) -> &[SecurityGroup] {
        &self.inner.security_groups
    }

    /// The customer-managed key that encrypts the artifacts, if any.
    pub fn encryption_key(&self) -> Option<Key> {
        self.inner.encryption_key.borrow().clone()
    }

    /// The L1 resource of a created project (escape hatch).
    pub fn resource(&self) -> Option<&CfnProject> {
        self.inner.resource.as_ref()
    }

    /// Adds a statement to the role's policy; false for an imported project (whose role is
    /// unknown) or a role that cannot be changed.
    pub fn add_to_role_policy(&self, statement: PolicyStatement) -> bool {
        self.inner
            .role
            .as_ref()
            .is_some_and(|role| role.add_to_policy(statement))
    }

    /// Encrypts the artifacts with `key` (the role may use it).
    fn set_encryption_key(&self, key: &Key) {
        *self.inner.key_arn.borrow_mut() = Some(key.key_arn());
        *self.inner.encryption_key.borrow_mut() = Some(key.clone());
        let _ = key.grant_encrypt_decrypt(self);
    }

    /// Called when a pipeline action runs this project: a project without a key of its own
    /// encrypts with the pipeline's artifact key (when that key is in the project's account and
    /// region), as aws-cdk-lib does.
    #[cfg_attr(not(feature = "codepipeline"), allow(dead_code))]
    pub(crate) fn bind_to_code_pipeline(&self, artifact_key: Option<&Key>) {
        let Some(key) = artifact_key else {
            return;
        };
        if self.inner.resource.is_none() || self.inner.encryption_key.borrow().is_some() {
            return;
        }
        let key_env = Stack::of(key).map(|s| s.environment());
        let project_env = Stack::of(self).map(|s| s.environment());
        let elsewhere = key.resource().is_some()
            && key_env.as_ref().map(|e| (&e.account, &e.region))
                != project_env.as_ref().map(|e| (&e.account, &e.region));
        if !elsewhere {
            self.set_encryption_key(key);
        }
    }

    /// `logs:CreateLogGroup`, `CreateLogStream`, `PutLogEvents` on the project's default log
    /// group `/aws/codebuild/<name>` and its streams.
    fn logging_statement(&self) -> PolicyStatement {
        let group = ArnParts::new(
            "logs",
            concat([Val::from("log-group:/aws/codebuild/"), self.project_name()]),
        )
        .format(self);
        let streams = concat([group.clone(), Val::from(":*")]);
        PolicyStatement::allow()
            .actions(LOG_ACTIONS)
            .resources([group, streams])
    }

    /// The network-interface permissions of a project in a VPC: a statement of the default
    /// policy limited to the project's subnets, and the `PolicyDocument` policy the project
    /// depends on (so that CodeBuild can create interfaces when the project is created).
    fn add_vpc_permissions(&self, settings: &VpcSettings) {
        let (Some(vpc), Some(role), Some(resource)) =
            (&settings.vpc, &self.inner.role, &self.inner.resource)
        else {
            return;
        };
        let selected = vpc.select_subnets(&settings.subnets.clone().unwrap_or_default());
        let pseudo_arn = |resource: Val<String>| {
            concat([
                Val::from("arn:"),
                Aws::partition(),
                Val::from(":ec2:"),
                Aws::region(),
                Val::from(":"),
                Aws::account_id(),
                Val::from(":"),
                resource,
            ])
        };
        let subnet_arns: Vec<Value> = selected
            .subnet_ids()
            .into_iter()
            .map(|id| pseudo_arn(concat([Val::from("subnet/"), id])).into_value())
            .collect();
        role.add_to_policy(
            PolicyStatement::allow()
                .action("ec2:CreateNetworkInterfacePermission")
                .resource(pseudo_arn(Val::from("network-interface/*")))
                .condition(Condition::new(
                    ConditionOperator::StringEquals,
                    "ec2:Subnet",
                    // One list value: written as a list even for one subnet, as aws-cdk-lib does.
                    [Value::List(subnet_arns)],
                ))
                .condition(Condition::string_equals("ec2:AuthorizedService", SERVICE)),
        );
        let policy = Policy::new(
            self,
            "PolicyDocument",
            PolicyProps::new()
                .statement(
                    PolicyStatement::allow()
                        .actions(VPC_ACTIONS)
                        .all_resources(),
                )
                .role(role),
        );
        resource.add_depends_on(policy.resource());
    }
}

impl Grantable for Project {
    fn grant_principal(&self) -> Principal {
        match &self.inner.role {
            Some(role) => role.grant_principal(),
            None => Principal::account_root(self),
        }
    }

    fn add_to_principal_policy(&self, statement: PolicyStatement) -> bool {
        match &self.inner.role {
            Some(role) => role.add_to_policy(statement),
            None => {
                self.node().add_error(
                    "cannot grant permissions to an imported project: its role is not known \
                     (grant to the role, imported with Role::from_role_arn, instead)",
                );
                false
            }
        }
    }
}

/// The `Environment` property; grants what the registry credentials and the environment
/// variables need.
fn render_environment(
    construct: &Construct,
    role: &Role,
    props: &ProjectProps,
) -> cfn::Environment {
    let env = &props.environment;
    let image = &env.image;
    let mut rendered = cfn::Environment::new(
        env.compute_type
            .unwrap_or_else(|| image.default_compute_type())
            .name(),
        image.image_id().clone(),
        image.environment_type(),
    )
    .image_pull_credentials_type(if image.pulled_by_service_role() {
        "SERVICE_ROLE"
    } else {
        "CODEBUILD"
    })
    .privileged_mode(env.privileged);
    if let Some(secret) = image.credentials() {
        if image.pulled_by_service_role() {
            let _ = secret.grant_read(role);
        }
        let credential = secret
            .secret_full_arn()
            .unwrap_or_else(|| secret.secret_name());
        rendered = rendered
            .registry_credential(cfn::RegistryCredential::new(credential, "SECRETS_MANAGER"));
    }
    if !props.variables.is_empty() {
        let variables: Vec<cfn::EnvironmentVariable> = props
            .variables
            .iter()
            .map(|(name, variable)| variable.render(name))
            .collect();
        rendered = rendered.environment_variables(variables);
        for statement in variable_statements(construct, props.variables.values()) {
            role.add_to_policy(statement);
        }
        for variable in props.variables.values() {
            if let VariableKind::Secret(secret, _) = variable.kind() {
                if let Some(key) = secret.encryption_key() {
                    let _ = key.grant_via_service(role, "secretsmanager", &["kms:Decrypt"]);
                }
            }
        }
    }
    rendered
}

/// The security groups of a project in a VPC: those given, or a `SecurityGroup` child.
fn security_groups(construct: &Construct, settings: &VpcSettings) -> Vec<SecurityGroup> {
    let Some(vpc) = &settings.vpc else {
        return Vec::new();
    };
    if !settings.security_groups.is_empty() {
        return settings.security_groups.clone();
    }
    let path = construct.node().path();
    let components: Vec<&str> = path.split('/').collect();
    let mut props = SecurityGroupProps::new(vpc).description(format!(
        "Automatic generated security group for CodeBuild {}",
        make_unique_id(&components)
    ));
    if let Some(on) = settings.allow_all_outbound {
        props = props.allow_all_outbound(on);
    }
    vec![SecurityGroup::new(construct, "SecurityGroup", props)]
}

/// The `LogsConfig` property; grants writing to the bucket and the log group.
fn render_logging(role: &Role, props: &ProjectProps) -> Option<cfn::LogsConfig> {
    if props.cloud_watch_logs.is_none() && props.s3_logs.is_none() {
        return None;
    }
    let mut config = cfn::LogsConfig::new();
    if let Some((bucket, prefix)) = &props.s3_logs {
        let location = match prefix {
            Some(prefix) => concat([bucket.bucket_name(), Val::from(format!("/{prefix}"))]),
            None => bucket.bucket_name(),
        };
        config = config.s3_logs(cfn::S3LogsConfig::new("ENABLED").location(location));
        let _ = bucket.grant_write(role);
    }
    if let Some((group, prefix)) = &props.cloud_watch_logs {
        let mut cloud_watch = cfn::CloudWatchLogsConfig::new(if group.is_some() {
            "ENABLED"
        } else {
            "DISABLED"
        });
        if let Some(group) = group {
            let _ = group.grant_write(role);
            cloud_watch = cloud_watch.group_name(group.log_group_name());
        }
        cloud_watch.stream_name = prefix.as_deref().map(Val::from);
        config = config.cloud_watch_logs(cloud_watch);
    }
    Some(config)
}

fn validate_props(node: &Node, props: &ProjectProps) {
    if let Some(name) = &props.project_name {
        report(node, check_project_name(name));
    }
    if props
        .description
        .as_ref()
        .is_some_and(|d| d.chars().count() > 255)
    {
        node.add_error("the project description must be at most 255 characters");
    }
    match &props.build_spec {
        Some(Spec::Object(spec)) => {
            for problem in spec.problems() {
                node.add_error(format!("buildspec: {problem}"));
            }
        }
        Some(Spec::File(name)) if props.source.is_none() => node.add_error(format!(
            "the buildspec file {name:?} cannot be read: the project has no source (give the \
             buildspec as an object)"
        )),
        Some(Spec::File(name)) if name.is_empty() => {
            node.add_error("the buildspec file name is empty");
        }
        None if props.source.is_none() => node.add_error(
            "a project with no source needs a buildspec object (ProjectProps::build_spec)",
        ),
        _ => {}
    }
    for (name, variable) in &props.variables {
        report(node, check_variable_name(name));
        if let VariableKind::PlainText(value) = variable.kind() {
            if holds_secret_reference(value.as_value()) {
                node.add_error(format!(
                    "plain-text environment variable {name:?} holds a secret, visible to anyone \
                     who can read the project: use EnvironmentVariable::secrets_manager, \
                     ::secret or ::parameter_store"
                ));
            }
        }
        if let VariableKind::ParameterStore(parameter) = variable.kind() {
            if parameter.is_empty() {
                node.add_error(format!("environment variable {name:?} names no parameter"));
            }
        }
    }
    if let Some(minutes) = props.timeout_minutes {
        report(node, check_range("the timeout (minutes)", minutes, 5, 2160));
    }
    if let Some(minutes) = props.queued_timeout_minutes {
        report(
            node,
            check_range("the queued timeout (minutes)", minutes, 5, 480),
        );
    }
    if let Some(depth) = props.source.clone_depth_value() {
        report(node, check_range("the clone depth", depth, 0, 1_000_000));
    }
    let vpc = &props.vpc;
    if vpc.vpc.is_none()
        && (!vpc.security_groups.is_empty()
            || vpc.allow_all_outbound.is_some()
            || vpc.subnets.is_some())
    {
        node.add_error(
            "security groups, subnets and allow_all_outbound need a VPC (ProjectProps::vpc)",
        );
    }
    if !vpc.security_groups.is_empty() && vpc.allow_all_outbound.is_some() {
        node.add_error(
            "allow_all_outbound applies to the security group the project creates; set it on \
             the security groups given instead",
        );
    }
    if let Cache::Local(modes) = &props.cache {
        if modes.contains(&LocalCacheMode::DockerLayer) && !props.environment.privileged {
            node.add_warning(
                "the Docker layer cache is used only in privileged mode \
                 (BuildEnvironment::privileged)",
            );
        }
    }
}

/// CodeBuild's rules for project names.
fn check_project_name(name: &Val<String>) -> Result<(), String> {
    check_literal("project name", name, |s| {
        check_chars(
            s,
            2,
            255,
            |c| c.is_ascii_alphanumeric() || "-_".contains(c),
            "letters, digits, '-' and '_'",
        )?;
        if s.starts_with(['-', '_']) {
            return Err("must start with a letter or digit".to_owned());
        }
        Ok(())
    })
}
