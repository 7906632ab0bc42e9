//! `Function`: a Lambda function with its service role, environment, VPC placement, log group,
//! permissions and grants.

use stackwright_core::Properties;
use std::cell::RefCell;
use std::rc::Rc;

use base64::Engine as _;
use indexmap::IndexMap;
use sha2::{Digest, Sha256};
use stackwright_cfn::lambda::{
    function as cfn_function, CfnFunction, CfnFunctionProps, CfnPermission, CfnPermissionProps,
};
use stackwright_core::logical_id::make_unique_id;
use stackwright_core::{Construct, Lazy, Node, Scope, Stack, Val, Value};

use super::code::{Code, MAX_INLINE_BYTES};
use super::layer::LayerVersion;
use super::runtime::{Architecture, Runtime, Tracing};
use crate::arn::parse_arn;
use crate::dependency::depend_on_all;
use crate::ec2::{SecurityGroup, SecurityGroupProps, SubnetSelection, Vpc};
use crate::iam::{
    Grant, Grantable, ManagedPolicy, PolicyStatement, Principal, ResourceWithPolicy, Role,
    RoleProps,
};
use crate::logs::{LogGroup, LogGroupProps, RetentionDays};
use crate::validate::{check_chars, check_literal, check_range, report};

/// Environment variables Lambda sets itself; a function may not set them.
const RESERVED_VARIABLES: [&str; 16] = [
    "_HANDLER",
    "_X_AMZN_TRACE_ID",
    "AWS_DEFAULT_REGION",
    "AWS_REGION",
    "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_INITIALIZATION_TYPE",
    "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_LAMBDA_RUNTIME_API",
    "LAMBDA_TASK_ROOT",
];

/// Where failed asynchronous invocations go.
#[derive(Debug, Clone, PartialEq)]
pub enum DeadLetterTarget {
    /// An SQS queue, by ARN (the role may `sqs:SendMessage` to it).
    Queue(Val<String>),
    /// An SNS topic, by ARN (the role may `sns:Publish` to it).
    Topic(Val<String>),
}

/// Options of a [`Function`].
#[derive(Debug, Clone)]
#[must_use]
pub struct FunctionProps {
    runtime: Runtime,
    handler: String,
    code: Code,
    architecture: Option<Architecture>,
    memory_size_mb: Option<i64>,
    timeout_seconds: Option<i64>,
    ephemeral_storage_mb: Option<i64>,
    environment: IndexMap<String, Val<String>>,
    reserved_concurrency: Option<i64>,
    layers: Vec<LayerVersion>,
    dead_letter: Option<DeadLetterTarget>,
    tracing: Option<Tracing>,
    role: Option<Role>,
    description: Option<String>,
    function_name: Option<Val<String>>,
    vpc: Option<Vpc>,
    vpc_subnets: Option<SubnetSelection>,
    security_groups: Vec<SecurityGroup>,
    allow_all_outbound: Option<bool>,
    allow_public_subnet: bool,
    log_retention: Option<RetentionDays>,
    log_group: Option<LogGroup>,
}

impl FunctionProps {
    /// A function of `runtime` whose entry point is `handler` (`index.handler`; `bootstrap` for
    /// OS-only runtimes) in `code`.
    pub fn new(runtime: Runtime, handler: impl Into<String>, code: Code) -> Self {
        FunctionProps {
            runtime,
            handler: handler.into(),
            code,
            architecture: None,
            memory_size_mb: None,
            timeout_seconds: None,
            ephemeral_storage_mb: None,
            environment: IndexMap::new(),
            reserved_concurrency: None,
            layers: Vec::new(),
            dead_letter: None,
            tracing: None,
            role: None,
            description: None,
            function_name: None,
            vpc: None,
            vpc_subnets: None,
            security_groups: Vec::new(),
            allow_all_outbound: None,
            allow_public_subnet: false,
            log_retention: None,
            log_group: None,
        }
    }

    /// The instruction set (default `x86_64`).
    pub fn architecture(mut self, architecture: Architecture) -> Self {
        self.architecture = Some(architecture);
        self
    }

    /// Memory, 128 to 10,240 MB (default 128).
    pub fn memory_size_mb(mut self, mb: i64) -> Self {
        self.memory_size_mb = Some(mb);
        self
    }

    /// Timeout, 1 to 900 seconds (default 3).
    pub fn timeout_seconds(mut self, seconds: i64) -> Self {
        self.timeout_seconds = Some(seconds);
        self
    }

    /// Size of `/tmp`, 512 to 10,240 MB.
    pub fn ephemeral_storage_mb(mut self, mb: i64) -> Self {
        self.ephemeral_storage_mb = Some(mb);
        self
    }

    /// An environment variable; pass secrets as references (a dynamic reference or a
    /// secret's ARN to read at run time), never as text.
    pub fn environment(mut self, key: impl Into<String>, value: impl Into<Val<String>>) -> Self {
        self.environment.insert(key.into(), value.into());
        self
    }

    /// Concurrent executions reserved for (and limited to) this function.
    pub fn reserved_concurrency(mut self, executions: i64) -> Self {
        self.reserved_concurrency = Some(executions);
        self
    }

    /// Adds a layer (at most 5).
    pub fn layer(mut self, layer: &LayerVersion) -> Self {
        self.layers.push(layer.clone());
        self
    }

    /// Where failed asynchronous invocations go; the role gets permission to send there.
    pub fn dead_letter(mut self, target: DeadLetterTarget) -> Self {
        self.dead_letter = Some(target);
        self
    }

    /// X-Ray tracing.
    pub fn tracing(mut self, tracing: Tracing) -> Self {
        self.tracing = Some(tracing);
        self
    }

    /// The execution role (default: a `ServiceRole` child with the basic execution policy).
    pub fn role(mut self, role: &Role) -> Self {
        self.role = Some(role.clone());
        self
    }

    /// A description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// The physical name (1 to 64 letters, digits, `-` and `_`).
    pub fn function_name(mut self, name: impl Into<Val<String>>) -> Self {
        self.function_name = Some(name.into());
        self
    }

    /// Runs the function in a VPC: in its private subnets unless [`Self::vpc_subnets`] says
    /// otherwise, with a `SecurityGroup` child allowing all outbound traffic unless security
    /// groups are given. A created role also gets the `AWSLambdaVPCAccessExecutionRole` managed
    /// policy, and everything the function creates waits for the subnets' routes to the
    /// internet (as aws-cdk-lib does).
    pub fn vpc(mut self, vpc: &Vpc) -> Self {
        self.vpc = Some(vpc.clone());
        self
    }

    /// Which subnets of the VPC (default: the private ones, else the isolated, else the public).
    pub fn vpc_subnets(mut self, selection: SubnetSelection) -> Self {
        self.vpc_subnets = Some(selection);
        self
    }

    /// Adds a security group (instead of the one created for the function).
    pub fn security_group(mut self, group: &SecurityGroup) -> Self {
        self.security_groups.push(group.clone());
        self
    }

    /// Whether the security group created for the function allows all outbound traffic
    /// (default true, as in the CDK). Not with security groups of your own: set it on them.
    pub fn allow_all_outbound(mut self, on: bool) -> Self {
        self.allow_all_outbound = Some(on);
        self
    }

    /// Allows public subnets (default false: a function there cannot reach the internet, as it
    /// gets no public IP address; the CDK refuses them too).
    pub fn allow_public_subnet(mut self, on: bool) -> Self {
        self.allow_public_subnet = on;
        self
    }

    /// Keeps the function's logs for this long: a `LogGroup` child with this retention (retained
    /// when removed from the stack) becomes the function's log group (`LoggingConfig.LogGroup`).
    /// Without it (the default, as in the CDK) Lambda writes to `/aws/lambda/<name>`, which
    /// never expires. aws-cdk-lib's `logRetention` uses a custom resource instead; this needs
    /// none.
    pub fn log_retention(mut self, retention: RetentionDays) -> Self {
        self.log_retention = Some(retention);
        self
    }

    /// Sends the function's logs to a log group of your own (`LoggingConfig.LogGroup`), as the
    /// CDK's `logGroup` does. Not with [`Self::log_retention`]: set the retention on the group.
    pub fn log_group(mut self, group: &LogGroup) -> Self {
        self.log_group = Some(group.clone());
        self
    }
}

/// Who may invoke a function (an `AWS::Lambda::Permission`).
#[derive(Debug, Clone)]
#[must_use]
pub struct Permission {
    principal: Principal,
    action: String,
    source_arn: Option<Val<String>>,
    source_account: Option<Val<String>>,
}

impl Permission {
    /// `principal` may `lambda:InvokeFunction`.
    pub fn new(principal: Principal) -> Self {
        Permission {
            principal,
            action: "lambda:InvokeFunction".to_owned(),
            source_arn: None,
            source_account: None,
        }
    }

    /// Another action (`lambda:InvokeFunctionUrl`, ...).
    pub fn action(mut self, action: impl Into<String>) -> Self {
        self.action = action.into();
        self
    }

    /// Only on behalf of this resource (a rule, a bucket, a topic).
    pub fn source_arn(mut self, arn: impl Into<Val<String>>) -> Self {
        self.source_arn = Some(arn.into());
        self
    }

    /// Only on behalf of this account.
    pub fn source_account(mut self, account: impl Into<Val<String>>) -> Self {
        self.source_account = Some(account.into());
        self
    }
}

/// A Lambda function, created or imported by ARN.
///
/// ```
/// use stackwright_aws::ec2::{Port, Vpc, VpcProps};
/// use stackwright_aws::lambda::{Code, Function, FunctionProps, Runtime};
/// use stackwright_aws::logs::RetentionDays;
/// use stackwright_core::{App, Stack, StackProps};
/// let app = App::with_props(Default::default());
/// let stack = Stack::new(&app, "Etl", StackProps::default());
/// let function = Function::new(
///     &stack,
///     "Trigger",
///     FunctionProps::new(Runtime::Python3_12, "index.handler", Code::from_inline("def handler(e, c): pass"))
///         .timeout_seconds(30)
///         .environment("STAGE", "dev")
///         .log_retention(RetentionDays::OneMonth),
/// );
/// let _arn = function.function_arn();
///
/// let vpc = Vpc::new(&stack, "Vpc", VpcProps::new().nat_gateways(1));
/// let in_vpc = Function::new(
///     &stack,
///     "Loader",
///     FunctionProps::new(Runtime::Python3_12, "index.handler", Code::from_inline("def handler(e, c): pass"))
///         .vpc(&vpc),
/// );
/// // The security group created for it, for rules of its own.
/// in_vpc.security_groups()[0].add_ingress_rule(&in_vpc.security_groups()[0], Port::tcp(8080), None);
/// ```
#[derive(Debug, Clone)]
pub struct Function {
    construct: Construct,
    resource: Option<CfnFunction>,
    role: Option<Role>,
    arn: Val<String>,
    name: Val<String>,
    runtime: Option<Runtime>,
    environment: Rc<RefCell<IndexMap<String, Val<String>>>>,
    permissions: Rc<RefCell<Vec<String>>>,
    security_groups: Vec<SecurityGroup>,
    log_group: Option<LogGroup>,
}

impl Scope for Function {
    fn node(&self) -> &Node {
        self.construct.node()
    }
}

impl Function {
    /// Creates a function; invalid settings are reported with its path.
    pub fn new(scope: &impl Scope, id: &str, props: FunctionProps) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.lambda.Function");
        let node = construct.node().clone();
        validate(&node, &props);
        let role = props.role.clone().unwrap_or_else(|| {
            let mut role_props = RoleProps::new(Principal::service("lambda.amazonaws.com"))
                .managed_policy(ManagedPolicy::from_aws_managed_policy_name(
                    "service-role/AWSLambdaBasicExecutionRole",
                ));
            if props.vpc.is_some() {
                role_props =
                    role_props.managed_policy(ManagedPolicy::from_aws_managed_policy_name(
                        "service-role/AWSLambdaVPCAccessExecutionRole",
                    ));
            }
            Role::new(&construct, "ServiceRole", role_props)
        });
        let (vpc_config, security_groups) = configure_vpc(&construct, &props);
        let code = Value::map_of(props.code.render(&construct));
        let mut cfn = CfnFunctionProps::new(Val::unchecked(code), role.role_arn())
            .handler(props.handler)
            .runtime(props.runtime.name());
        if let Some(a) = props.architecture {
            cfn = cfn.architectures([a.name()]);
        }
        cfn.description = props.description.map(Val::from);
        cfn.function_name = props.function_name;
        cfn.memory_size = props.memory_size_mb.map(Val::from);
        cfn.timeout = props.timeout_seconds.map(Val::from);
        cfn.reserved_concurrent_executions = props.reserved_concurrency.map(Val::from);
        if let Some(mb) = props.ephemeral_storage_mb {
            cfn = cfn.ephemeral_storage(cfn_function::EphemeralStorage::new(mb));
        }
        if let Some(t) = props.tracing {
            cfn = cfn.tracing_config(cfn_function::TracingConfig::new().mode(t.mode()));
        }
        if !props.layers.is_empty() {
            let arns: Vec<Val<String>> = props
                .layers
                .iter()
                .map(LayerVersion::layer_version_arn)
                .collect();
            cfn = cfn.layers(arns);
        }
        if let Some(target) = &props.dead_letter {
            let arn = match target {
                DeadLetterTarget::Queue(a) | DeadLetterTarget::Topic(a) => a.clone(),
            };
            cfn = cfn.dead_letter_config(cfn_function::DeadLetterConfig::new().target_arn(arn));
        }
        cfn.vpc_config = vpc_config.map(Val::from);
        let resource = CfnFunction::new(&construct, "Resource", cfn);
        role.add_dependent(&resource);
        let log_group = configure_logging(
            &construct,
            &resource,
            props.log_group.as_ref(),
            props.log_retention,
        );
        let function = Function {
            construct,
            arn: resource.attr_arn(),
            name: resource.ref_value(),
            resource: Some(resource),
            role: Some(role),
            runtime: Some(props.runtime),
            environment: Rc::default(),
            permissions: Rc::default(),
            security_groups,
            log_group,
        };
        for (key, value) in props.environment {
            function.add_environment(key, value);
        }
        if props.tracing == Some(Tracing::Active) {
            function.add_to_role_policy(
                PolicyStatement::allow()
                    .actions(["xray:PutTraceSegments", "xray:PutTelemetryRecords"])
                    .all_resources(),
            );
        }
        match props.dead_letter {
            Some(DeadLetterTarget::Queue(arn)) => {
                function.add_to_role_policy(
                    PolicyStatement::allow()
                        .action("sqs:SendMessage")
                        .resource(arn),
                );
            }
            Some(DeadLetterTarget::Topic(arn)) => {
                function.add_to_role_policy(
                    PolicyStatement::allow().action("sns:Publish").resource(arn),
                );
            }
            None => {}
        }
        function
    }

    /// A function that exists outside the app, by ARN; grants to invoke it go to the grantee.
    pub fn from_function_arn(scope: &impl Scope, id: &str, arn: &str) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.lambda.ImportedFunction");
        let name = match parse_arn(arn) {
            Ok(p) if p.service == "lambda" && p.resource.starts_with("function:") => p.resource
                ["function:".len()..]
                .split(':')
                .next()
                .unwrap_or_default()
                .to_owned(),
            Ok(_) => {
                construct
                    .node()
                    .add_error(format!("{arn:?} is not the ARN of a Lambda function"));
                String::new()
            }
            Err(e) => {
                construct.node().add_error(e);
                String::new()
            }
        };
        Function {
            construct,
            resource: None,
            role: None,
            arn: Val::from(arn),
            name: Val::from(name),
            runtime: None,
            environment: Rc::default(),
            permissions: Rc::default(),
            security_groups: Vec::new(),
            log_group: None,
        }
    }

    /// The function's ARN.
    pub fn function_arn(&self) -> Val<String> {
        self.arn.clone()
    }

    /// The function's name.
    pub fn function_name(&self) -> Val<String> {
        self.name.clone()
    }

    /// The execution role of a created function.
    pub fn role(&self) -> Option<&Role> {
        self.role.as_ref()
    }

    /// The L1 resource of a created function (escape hatch).
    pub fn resource(&self) -> Option<&CfnFunction> {
        self.resource.as_ref()
    }

    /// The runtime of a created function.
    pub fn runtime(&self) -> Option<Runtime> {
        self.runtime
    }

    /// The security groups of a function in a VPC (the one created for it, or those given):
    /// add ingress and egress rules to them.
    pub fn security_groups(&self) -> &[SecurityGroup] {
        &self.security_groups
    }

    /// The log group the function writes to, when it is set (created for a retention, or
    /// given).
    pub fn log_group(&self) -> Option<&LogGroup> {
        self.log_group.as_ref()
    }

    /// Sets an environment variable (after construction, e.g. a name known later).
    pub fn add_environment(&self, key: impl Into<String>, value: impl Into<Val<String>>) {
        let Some(resource) = &self.resource else {
            return;
        };
        let key = key.into();
        report(self.node(), check_variable_name(&key));
        let mut environment = self.environment.borrow_mut();
        if environment.is_empty() {
            let rendered = Rc::clone(&self.environment);
            resource.update(|p| {
                p.environment = Some(Val::unchecked(Lazy::new(move || {
                    let variables = rendered
                        .borrow()
                        .iter()
                        .map(|(k, v)| (k.clone(), v.as_value().clone()))
                        .collect::<Properties>();
                    Value::map_of([("Variables", Value::Map(variables))])
                })));
            });
        }
        environment.insert(key, value.into());
    }

    /// Adds a statement to the execution role's policy.
    pub fn add_to_role_policy(&self, statement: PolicyStatement) {
        if let Some(role) = &self.role {
            role.add_to_policy(statement);
        }
    }

    /// Lets a principal invoke the function: an `AWS::Lambda::Permission` child with id `id`.
    pub fn add_permission(&self, id: &str, permission: Permission) {
        self.add_permission_in(self, id, permission);
    }

    /// Like [`Function::add_permission`], with the permission created in another scope (an
    /// event rule puts the permission that lets it invoke the function beside itself, as the
    /// CDK does).
    pub fn add_permission_in(&self, scope: &impl Scope, id: &str, permission: Permission) {
        if self.resource.is_none() {
            self.node().add_error(format!(
                "cannot add permission {id:?} to an imported function"
            ));
            return;
        }
        let principal = match permission.principal.policy_entries().first() {
            Some((_, Value::String(s))) if s.starts_with("arn:") => match parse_arn(s) {
                Ok(p) if p.resource == "root" => Value::from(p.account),
                _ => Value::from(s.as_str()),
            },
            Some((_, value)) => match permission.principal.account_id() {
                Some(account)
                    if permission
                        .principal
                        .cdk_display()
                        .starts_with("AccountPrincipal") =>
                {
                    Value::from(account)
                }
                _ => value.clone(),
            },
            None => Value::from("*"),
        };
        let mut props = CfnPermissionProps::new(
            permission.action.as_str(),
            self.function_arn(),
            Val::<String>::unchecked(principal),
        );
        props.source_arn = permission.source_arn;
        props.source_account = permission.source_account;
        CfnPermission::new(scope, id, props);
        self.permissions.borrow_mut().push(id.to_owned());
    }

    /// Lets `grantee` invoke the function: an identity-policy statement for a role of the
    /// account, or a permission (with the CDK's id) for a service or another account.
    pub fn grant_invoke(&self, grantee: &dyn Grantable) -> Grant {
        let arns = vec![
            self.function_arn(),
            crate::arn::concat([self.function_arn(), Val::from(":*")]),
        ];
        Grant::add_to_principal_or_resource(grantee, &["lambda:InvokeFunction"], arns, self, None)
    }
}

impl Grantable for Function {
    fn grant_principal(&self) -> Principal {
        match &self.role {
            Some(role) => role.grant_principal(),
            None => Principal::arn(self.function_arn()),
        }
    }

    fn add_to_principal_policy(&self, statement: PolicyStatement) -> bool {
        self.role
            .as_ref()
            .is_some_and(|r| r.add_to_policy(statement))
    }
}

impl ResourceWithPolicy for Function {
    /// Writes the statement's principal as a permission, named as the CDK names invoke grants.
    fn add_to_resource_policy(&self, statement: PolicyStatement) -> bool {
        let Some(principal) = statement.principal_list().first().cloned() else {
            return false;
        };
        let id = invoke_permission_id(&principal);
        if self.permissions.borrow().contains(&id) {
            return true;
        }
        let action = statement.action_list().first().cloned().unwrap_or_default();
        self.add_permission(&id, Permission::new(principal).action(action));
        self.resource.is_some()
    }

    fn resource_account(&self) -> Option<String> {
        Stack::of(self).and_then(|s| s.environment().account)
    }
}

/// The `VpcConfig` of a function in a VPC, and its security groups: the `SecurityGroup` child
/// created unless groups are given. Everything below the function then depends on the selected
/// subnets' routes to the internet, as aws-cdk-lib makes it. Settings that need a VPC without
/// one are errors at the function's path.
fn configure_vpc(
    construct: &Construct,
    props: &FunctionProps,
) -> (Option<cfn_function::VpcConfig>, Vec<SecurityGroup>) {
    let node = construct.node();
    let Some(vpc) = &props.vpc else {
        for (set, what) in [
            (props.vpc_subnets.is_some(), "vpc_subnets"),
            (!props.security_groups.is_empty(), "security groups"),
            (props.allow_all_outbound.is_some(), "allow_all_outbound"),
        ] {
            if set {
                node.add_error(format!(
                    "{what} can only be set for a function in a VPC (FunctionProps::vpc)"
                ));
            }
        }
        return (None, Vec::new());
    };
    let groups = if props.security_groups.is_empty() {
        let path = node.path();
        let components: Vec<&str> = path.split('/').collect();
        let description = format!(
            "Automatic security group for Lambda Function {}",
            make_unique_id(&components)
        );
        vec![SecurityGroup::new(
            construct,
            "SecurityGroup",
            SecurityGroupProps::new(vpc)
                .description(description)
                .allow_all_outbound(props.allow_all_outbound.unwrap_or(true)),
        )]
    } else {
        if props.allow_all_outbound.is_some() {
            node.add_error(
                "allow_all_outbound applies to the security group created for the function; \
                 set it on the security groups given instead",
            );
        }
        props.security_groups.clone()
    };
    let selected = vpc.select_subnets(&props.vpc_subnets.clone().unwrap_or_default());
    if selected.has_public() && !props.allow_public_subnet {
        node.add_error(
            "a function in a public subnet cannot reach the internet (it gets no public IP \
             address); choose private subnets, or allow_public_subnet(true) if that is meant",
        );
    }
    let connectivity: Vec<_> = selected
        .subnets()
        .iter()
        .flat_map(|s| s.internet_connectivity())
        .collect();
    depend_on_all(construct, &connectivity);
    let group_ids: Vec<Val<String>> = groups
        .iter()
        .map(SecurityGroup::security_group_id)
        .collect();
    let config = cfn_function::VpcConfig::new()
        .security_group_ids(group_ids)
        .subnet_ids(selected.subnet_ids());
    (Some(config), groups)
}

/// The function's log group: a `LogGroup` child for a retention, or the group given, written
/// into `LoggingConfig.LogGroup`.
fn configure_logging(
    construct: &Construct,
    resource: &CfnFunction,
    given: Option<&LogGroup>,
    retention: Option<RetentionDays>,
) -> Option<LogGroup> {
    let group = match (given, retention) {
        (Some(_), Some(_)) => {
            construct.node().add_error(
                "log_retention and log_group cannot both be set: set the retention on the log group",
            );
            return None;
        }
        (Some(group), None) => group.clone(),
        (None, Some(retention)) => LogGroup::new(
            construct,
            "LogGroup",
            LogGroupProps::new().retention(retention),
        ),
        (None, None) => return None,
    };
    let name = group.log_group_name();
    resource.update(|p| {
        p.logging_config = Some(cfn_function::LoggingConfig::new().log_group(name).into());
    });
    Some(group)
}

/// `Invoke` + base64(SHA-256 of `{"principal":..,"conditions":..}`), the CDK's id of an invoke
/// grant's permission (its non-alphanumerics vanish from the logical id).
fn invoke_permission_id(principal: &Principal) -> String {
    let conditions: serde_json::Map<String, serde_json::Value> = principal
        .conditions()
        .iter()
        .map(|c| (c.operator_name().to_owned(), c.keys_json()))
        .collect();
    let json = serde_json::json!({"principal": principal.cdk_display(), "conditions": conditions});
    let digest = Sha256::digest(json.to_string().as_bytes());
    // The CDK turns a `/` in a construct id into `--`.
    let encoded = base64::engine::general_purpose::STANDARD.encode(digest);
    format!("Invoke{}", encoded.replace('/', "--"))
}

fn check_variable_name(key: &str) -> Result<(), String> {
    let valid = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return Err(format!(
            "environment variable {key:?} must start with a letter and hold only letters, digits and _"
        ));
    }
    if RESERVED_VARIABLES.contains(&key) {
        return Err(format!(
            "environment variable {key:?} is reserved by Lambda"
        ));
    }
    Ok(())
}

fn validate(node: &Node, props: &FunctionProps) {
    if let Some(mb) = props.memory_size_mb {
        report(node, check_range("memory size (MB)", mb, 128, 10240));
    }
    if let Some(s) = props.timeout_seconds {
        report(node, check_range("timeout (seconds)", s, 1, 900));
    }
    if let Some(mb) = props.ephemeral_storage_mb {
        report(node, check_range("ephemeral storage (MB)", mb, 512, 10240));
    }
    if let Some(n) = props.reserved_concurrency {
        if n < 0 {
            node.add_error(format!(
                "reserved concurrency must not be negative, not {n}"
            ));
        }
    }
    if props.handler.is_empty() || props.handler.len() > 128 {
        node.add_error("the handler must be 1 to 128 characters");
    }
    if props.layers.len() > 5 {
        node.add_error(format!(
            "a function takes at most 5 layers, not {}",
            props.layers.len()
        ));
    }
    if let Some(name) = &props.function_name {
        report(
            node,
            check_literal("function name", name, |s| {
                check_chars(
                    s,
                    1,
                    64,
                    |c| c.is_ascii_alphanumeric() || c == '-' || c == '_',
                    "letters, digits, - and _",
                )
            }),
        );
    }
    match &props.code {
        Code::Inline(source) if !props.runtime.supports_inline_code() => node.add_error(format!(
            "inline code needs a Python or Node.js runtime, not {}",
            props.runtime.name()
        )),
        Code::Inline(source) if source.len() > MAX_INLINE_BYTES => node.add_error(format!(
            "inline code is {} bytes; Lambda accepts at most {MAX_INLINE_BYTES}",
            source.len()
        )),
        Code::Inline(source) if source.trim().is_empty() => node.add_error("inline code is empty"),
        _ => {}
    }
}
