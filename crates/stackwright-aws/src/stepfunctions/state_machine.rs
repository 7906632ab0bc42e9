//! `StateMachine`: the definition rendered as aws-cdk-lib renders it, a role with exactly the
//! IAM its tasks need, logging, tracing, graph validation and grants.

use std::cell::RefCell;
use std::rc::Rc;

use stackwright_cfn::stepfunctions::{state_machine as cfn, CfnStateMachine, CfnStateMachineProps};
use stackwright_core::{Construct, Fn, Lazy, Node, RemovalPolicy, Scope, Stack, Val};

use super::definition::{Chain, Chainable, Definition, Graph, StateKind};
use super::refs::LogGroupRef;
use super::render::{bind, problems, render_definition, Binding};
use super::task::IntegrationPattern;
use crate::arn::{concat, parse_arn, ArnParts};
use crate::iam::{Condition, Grant, Grantable, PolicyStatement, Principal, Role, RoleProps};
use crate::json_text::to_json_string;
use crate::validate::{check_chars, check_literal, report};

/// Standard (durable, up to a year) or Express (fast, up to five minutes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateMachineType {
    /// Exactly-once, durable executions up to one year.
    Standard,
    /// At-least-once executions up to five minutes; request-response integrations only.
    Express,
}

impl StateMachineType {
    fn name(self) -> &'static str {
        match self {
            StateMachineType::Standard => "STANDARD",
            StateMachineType::Express => "EXPRESS",
        }
    }
}

/// Which execution events are logged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogLevel {
    /// None.
    Off,
    /// Every event.
    All,
    /// Errors (the default).
    Error,
    /// Fatal errors only.
    Fatal,
}

impl LogLevel {
    fn name(self) -> &'static str {
        match self {
            LogLevel::Off => "OFF",
            LogLevel::All => "ALL",
            LogLevel::Error => "ERROR",
            LogLevel::Fatal => "FATAL",
        }
    }
}

/// Where and what a state machine logs.
///
/// ```
/// use stackwright_aws::stepfunctions::{LogLevel, LogOptions};
/// let logs = LogOptions::new("arn:aws:logs:us-east-2:111111111111:log-group:/lake/pipeline:*")
///     .level(LogLevel::All)
///     .include_execution_data(true);
/// # let _ = logs;
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct LogOptions {
    destination: LogGroupRef,
    level: Option<LogLevel>,
    include_execution_data: Option<bool>,
}

impl LogOptions {
    /// Logs to this log group (its ARN).
    pub fn new(destination: impl Into<LogGroupRef>) -> Self {
        LogOptions {
            destination: destination.into(),
            level: None,
            include_execution_data: None,
        }
    }

    /// Which events (default `ERROR`).
    pub fn level(mut self, level: LogLevel) -> Self {
        self.level = Some(level);
        self
    }

    /// Whether the logs carry the states' input and output.
    pub fn include_execution_data(mut self, on: bool) -> Self {
        self.include_execution_data = Some(on);
        self
    }
}

/// Options of a [`StateMachine`].
#[derive(Debug, Clone)]
#[must_use]
pub struct StateMachineProps {
    definition: Chain,
    name: Option<Val<String>>,
    machine_type: Option<StateMachineType>,
    role: Option<Role>,
    logs: Option<LogOptions>,
    tracing: Option<bool>,
    timeout_seconds: Option<u32>,
    comment: Option<String>,
    removal_policy: Option<RemovalPolicy>,
}

impl StateMachineProps {
    /// A state machine running `definition` (a chain, or the state it starts with).
    pub fn new(definition: &impl Chainable) -> Self {
        StateMachineProps {
            definition: definition.chain(),
            name: None,
            machine_type: None,
            role: None,
            logs: None,
            tracing: None,
            timeout_seconds: None,
            comment: None,
            removal_policy: None,
        }
    }

    /// The physical name (1 to 80 letters, digits and `+!@.()-=_'`; default: generated).
    pub fn state_machine_name(mut self, name: impl Into<Val<String>>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Standard or Express (default: not written, which is Standard).
    pub fn state_machine_type(mut self, machine_type: StateMachineType) -> Self {
        self.machine_type = Some(machine_type);
        self
    }

    /// The role executions run as (default: a `Role` child that Step Functions of this
    /// account may assume, for state machines of this account and region only).
    pub fn role(mut self, role: &Role) -> Self {
        self.role = Some(role.clone());
        self
    }

    /// Logs executions to a log group (the role gets the log-delivery permissions, which IAM
    /// only grants on `*`).
    pub fn logs(mut self, logs: LogOptions) -> Self {
        self.logs = Some(logs);
        self
    }

    /// X-Ray tracing (the role may send traces when on).
    pub fn tracing_enabled(mut self, on: bool) -> Self {
        self.tracing = Some(on);
        self
    }

    /// The longest an execution may run (`TimeoutSeconds` of the definition).
    pub fn timeout_seconds(mut self, seconds: u32) -> Self {
        self.timeout_seconds = Some(seconds);
        self
    }

    /// A comment written into the definition.
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// What CloudFormation does with the state machine when it leaves the stack (default:
    /// delete it, as aws-cdk-lib does).
    pub fn removal_policy(mut self, policy: RemovalPolicy) -> Self {
        self.removal_policy = Some(policy);
        self
    }
}

/// A Step Functions state machine.
///
/// The definition is read when the state machine is created, as aws-cdk-lib reads it: the
/// role gets each task's statements then, and the definition is rendered at synthesis into
/// `DefinitionString` exactly as aws-cdk-lib writes it (references become `Fn::Join` pieces).
/// Synthesis reports every problem of the graph with this construct's path and the state's
/// name: duplicate names, unreachable states, states leaving their branch, empty `Parallel`
/// states and `Choice` states with no way out, invalid JSON paths, and changes made to the
/// definition after the state machine was created.
///
/// ```
/// use stackwright_aws::stepfunctions::{
///     Definition, Fail, FailProps, GlueStartJobRun, IntegrationPattern, StateMachine,
///     StateMachineProps, Succeed, SucceedProps, Task, TaskProps,
/// };
/// use stackwright_core::{App, Stack, StackProps};
/// let app = App::with_props(Default::default());
/// let stack = Stack::new(&app, "Lake", StackProps::default());
/// let definition = Definition::new();
/// let raw = Task::new(
///     &definition,
///     "RawJob",
///     TaskProps::new(GlueStartJobRun::new("lake-raw").integration_pattern(IntegrationPattern::RunJob)),
/// );
/// let done = Succeed::new(&definition, "Done", SucceedProps::new());
/// let machine = StateMachine::new(&stack, "Pipeline", StateMachineProps::new(&raw.next(&done)).timeout_seconds(3600));
/// let _arn = machine.state_machine_arn();
/// # let _ = Fail::new(&definition, "Unused", FailProps::new()); // never linked: not part of the machine
/// ```
#[derive(Debug, Clone)]
pub struct StateMachine {
    construct: Construct,
    resource: Option<CfnStateMachine>,
    role: Option<Role>,
    arn: Val<String>,
    name: Val<String>,
    /// The role EventBridge assumes to start executions (its child `EventsRole`), once a rule
    /// targets the state machine.
    #[cfg_attr(not(feature = "events"), allow(dead_code))]
    events_role: Rc<RefCell<Option<Role>>>,
}

impl Scope for StateMachine {
    fn node(&self) -> &Node {
        self.construct.node()
    }
}

impl StateMachine {
    /// Creates the state machine (and its role, unless one is given).
    pub fn new(scope: &impl Scope, id: &str, props: StateMachineProps) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.stepfunctions.StateMachine");
        let node = construct.node().clone();
        validate_props(&node, &props);
        let role = props.role.clone().unwrap_or_else(|| {
            Role::new(
                &construct,
                "Role",
                RoleProps::new(states_principal(&construct)),
            )
        });
        let definition = props.definition.definition().clone();
        let start = props.definition.start;
        let snapshot = Rc::new(definition.graph.borrow().clone());
        let binding = Rc::new(bind(&snapshot, start));
        for &task in binding.tasks() {
            if let StateKind::Task { integration, .. } = &snapshot.states[task].kind {
                for statement in integration.policy_statements(&construct) {
                    role.add_to_policy(statement);
                }
            }
        }
        let mut cfn_props = CfnStateMachineProps::new(role.role_arn());
        if let Some(logs) = &props.logs {
            role.add_to_policy(
                PolicyStatement::allow()
                    .actions([
                        "logs:CreateLogDelivery",
                        "logs:GetLogDelivery",
                        "logs:UpdateLogDelivery",
                        "logs:DeleteLogDelivery",
                        "logs:ListLogDeliveries",
                        "logs:PutResourcePolicy",
                        "logs:DescribeResourcePolicies",
                        "logs:DescribeLogGroups",
                    ])
                    .all_resources(),
            );
            cfn_props = cfn_props.logging_configuration(logging_configuration(logs));
        }
        if let Some(on) = props.tracing {
            if on {
                role.add_to_policy(
                    PolicyStatement::allow()
                        .actions([
                            "xray:PutTraceSegments",
                            "xray:PutTelemetryRecords",
                            "xray:GetSamplingRules",
                            "xray:GetSamplingTargets",
                        ])
                        .all_resources(),
                );
            }
            cfn_props =
                cfn_props.tracing_configuration(cfn::TracingConfiguration::new().enabled(on));
        }
        cfn_props.state_machine_name = props.name.clone();
        cfn_props.state_machine_type = props.machine_type.map(|t| Val::from(t.name()));
        let (rendered_graph, rendered_binding) = (Rc::clone(&snapshot), Rc::clone(&binding));
        let (timeout, comment) = (props.timeout_seconds, props.comment.clone());
        // The snapshot never changes, so neither does its rendering: it is kept for the next
        // synthesis and for a pipeline reading the stack's references before this one.
        let rendered = std::cell::OnceCell::new();
        cfn_props.definition_string = Some(Val::unchecked(Lazy::new(move || {
            rendered
                .get_or_init(|| {
                    let definition = render_definition(
                        &rendered_graph,
                        &rendered_binding,
                        timeout,
                        comment.as_deref(),
                    );
                    to_json_string(&definition).into_value()
                })
                .clone()
        })));
        let resource = CfnStateMachine::new(&construct, "Resource", cfn_props);
        match props.removal_policy {
            Some(policy) => resource.apply_removal_policy(policy),
            None => resource.apply_default_removal_policy(RemovalPolicy::Destroy),
        }
        role.add_dependent(&resource);
        let express = props.machine_type == Some(StateMachineType::Express);
        node.add_validation(move || {
            let mut found = definition.graph.borrow().problems.clone();
            found.extend(problems(&snapshot, &binding));
            if express {
                found.extend(express_problems(&snapshot, &binding));
            }
            if changed_since(&definition, start, &snapshot, &binding) {
                found.push("the definition changed after the state machine was created; create the state machine once its states are complete (its role's permissions come from the states as they were then)".into());
            }
            found
        });
        StateMachine {
            construct,
            arn: resource.ref_value(),
            name: resource.attr_name(),
            resource: Some(resource),
            role: Some(role),
            events_role: Rc::default(),
        }
    }

    /// A state machine that exists outside the app, by ARN
    /// (`arn:aws:states:<region>:<account>:stateMachine:<name>`).
    pub fn from_state_machine_arn(scope: &impl Scope, id: &str, arn: &str) -> Self {
        let construct =
            Construct::with_type(scope, id, "stackwright.stepfunctions.ImportedStateMachine");
        let name = match parse_arn(arn) {
            Ok(p) if p.service == "states" && p.resource.starts_with("stateMachine:") => {
                p.resource["stateMachine:".len()..].to_owned()
            }
            Ok(_) => {
                construct
                    .node()
                    .add_error(format!("{arn:?} is not the ARN of a state machine"));
                String::new()
            }
            Err(e) => {
                construct.node().add_error(e);
                String::new()
            }
        };
        Self::imported(construct, Val::from(arn), Val::from(name))
    }

    /// A state machine of the stack's account and region, by name.
    pub fn from_state_machine_name(scope: &impl Scope, id: &str, name: &str) -> Self {
        let construct =
            Construct::with_type(scope, id, "stackwright.stepfunctions.ImportedStateMachine");
        let arn = ArnParts::new("states", format!("stateMachine:{name}")).format(&construct);
        Self::imported(construct, arn, Val::from(name))
    }

    fn imported(construct: Construct, arn: Val<String>, name: Val<String>) -> Self {
        StateMachine {
            construct,
            resource: None,
            role: None,
            arn,
            name,
            events_role: Rc::default(),
        }
    }

    /// The state machine's ARN.
    pub fn state_machine_arn(&self) -> Val<String> {
        self.arn.clone()
    }

    /// The state machine's name.
    pub fn state_machine_name(&self) -> Val<String> {
        self.name.clone()
    }

    /// The role executions run as (created state machines).
    pub fn role(&self) -> Option<&Role> {
        self.role.as_ref()
    }

    /// The L1 resource of a created state machine (escape hatch).
    pub fn resource(&self) -> Option<&CfnStateMachine> {
        self.resource.as_ref()
    }

    /// The role EventBridge rules assume to start executions: the child `EventsRole`, created
    /// on first use and shared by every rule targeting the state machine (aws-cdk-lib's
    /// singleton events role).
    #[cfg(feature = "events")]
    pub(crate) fn events_role(&self) -> Role {
        self.events_role
            .borrow_mut()
            .get_or_insert_with(|| {
                Role::new(
                    &self.construct,
                    "EventsRole",
                    RoleProps::new(Principal::service("events.amazonaws.com")),
                )
            })
            .clone()
    }

    /// Adds a statement to the role's policy.
    pub fn add_to_role_policy(&self, statement: PolicyStatement) {
        if let Some(role) = &self.role {
            role.add_to_policy(statement);
        }
    }

    /// Lets `grantee` perform `actions` on the state machine.
    pub fn grant(&self, grantee: &dyn Grantable, actions: &[&str]) -> Grant {
        Grant::add_to_principal(grantee, actions, vec![self.state_machine_arn()])
    }

    /// Lets `grantee` start executions (`states:StartExecution`).
    pub fn grant_start_execution(&self, grantee: &dyn Grantable) -> Grant {
        self.grant(grantee, &["states:StartExecution"])
    }

    /// Lets `grantee` start synchronous executions of an Express state machine
    /// (`states:StartSyncExecution`).
    pub fn grant_start_sync_execution(&self, grantee: &dyn Grantable) -> Grant {
        self.grant(grantee, &["states:StartSyncExecution"])
    }

    /// Lets `grantee` report the outcome of callback tasks (`states:SendTask*`).
    pub fn grant_task_response(&self, grantee: &dyn Grantable) -> Grant {
        self.grant(
            grantee,
            &[
                "states:SendTaskSuccess",
                "states:SendTaskFailure",
                "states:SendTaskHeartbeat",
            ],
        )
    }

    /// Lets `grantee` perform `actions` on the state machine's executions.
    pub fn grant_execution(&self, grantee: &dyn Grantable, actions: &[&str]) -> Grant {
        Grant::add_to_principal(grantee, actions, vec![self.execution_arns()])
    }

    /// Lets `grantee` read the state machine and its executions (three statements, as
    /// aws-cdk-lib writes them); returns the last grant.
    pub fn grant_read(&self, grantee: &dyn Grantable) -> Grant {
        let _ = self.grant(
            grantee,
            &["states:ListExecutions", "states:ListStateMachines"],
        );
        let _ = self.grant_execution(
            grantee,
            &[
                "states:DescribeExecution",
                "states:DescribeStateMachineForExecution",
                "states:GetExecutionHistory",
            ],
        );
        Grant::add_to_principal(
            grantee,
            &[
                "states:ListActivities",
                "states:DescribeStateMachine",
                "states:DescribeActivity",
            ],
            vec![Val::from("*")],
        )
    }

    /// `arn:<partition>:states:<region>:<account>:execution:<name>:*`.
    fn execution_arns(&self) -> Val<String> {
        let name = state_machine_name_from_arn(&self.arn);
        let arn = ArnParts::new("states", concat([Val::from("execution:"), name]))
            .format(&self.construct);
        concat([arn, Val::from(":*")])
    }
}

impl Grantable for StateMachine {
    /// The role's principal; an imported state machine names the Step Functions service.
    fn grant_principal(&self) -> Principal {
        match &self.role {
            Some(role) => role.grant_principal(),
            None => Principal::service("states.amazonaws.com"),
        }
    }

    fn add_to_principal_policy(&self, statement: PolicyStatement) -> bool {
        self.role
            .as_ref()
            .is_some_and(|r| r.add_to_policy(statement))
    }
}

/// The name in a state machine's ARN: the text after `stateMachine:` of a literal ARN, else
/// `Fn::Select(6, Fn::Split(":", arn))` as aws-cdk-lib writes it.
pub(crate) fn state_machine_name_from_arn(arn: &Val<String>) -> Val<String> {
    match arn.as_value().as_str().map(parse_arn) {
        Some(Ok(parsed)) => {
            let name = parsed
                .resource
                .strip_prefix("stateMachine:")
                .unwrap_or(&parsed.resource);
            Val::from(name.split(':').next().unwrap_or_default())
        }
        _ => Fn::select(6, Fn::split(":", arn.clone())),
    }
}

/// Step Functions, for state machines of this stack's account and region only.
fn states_principal(scope: &Construct) -> Principal {
    let source_arn = ArnParts::new("states", "stateMachine:*").format(scope);
    let account = Stack::of(scope).map_or_else(stackwright_core::Aws::account_id, |s| s.account());
    Principal::service("states.amazonaws.com").with_conditions([
        Condition::arn_like("aws:SourceArn", source_arn),
        Condition::string_equals("aws:SourceAccount", account),
    ])
}

fn logging_configuration(logs: &LogOptions) -> cfn::LoggingConfiguration {
    let destination = cfn::LogDestination::new().cloud_watch_logs_log_group(
        cfn::CloudWatchLogsLogGroup::new().log_group_arn(logs.destination.log_group_arn()),
    );
    let mut config = cfn::LoggingConfiguration::new().destinations(vec![destination]);
    if let Some(on) = logs.include_execution_data {
        config = config.include_execution_data(on);
    }
    config.level(logs.level.unwrap_or(LogLevel::Error).name())
}

fn validate_props(node: &Node, props: &StateMachineProps) {
    if let Some(name) = &props.name {
        report(
            node,
            check_literal("state machine name", name, |s| {
                check_chars(
                    s,
                    1,
                    80,
                    |c| c.is_ascii_alphanumeric() || "+!@.()-=_'".contains(c),
                    "letters, digits and +!@.()-=_'",
                )
            }),
        );
    }
    match (props.timeout_seconds, props.machine_type) {
        (Some(0), _) => node.add_error("the state machine's timeout must be at least 1 second"),
        (Some(t), Some(StateMachineType::Express)) if t > 300 => node.add_error(format!(
            "an Express state machine runs at most 300 seconds; the timeout is {t}"
        )),
        (Some(t), _) if t > 31_536_000 => node.add_error(format!(
            "a state machine runs at most one year (31536000 seconds); the timeout is {t}"
        )),
        _ => {}
    }
}

/// Express state machines support request-response integrations only.
fn express_problems(graph: &Graph, binding: &Binding) -> Vec<String> {
    binding
        .graphs
        .iter()
        .flat_map(|g| g.states.iter())
        .filter_map(|&s| match &graph.states[s].kind {
            StateKind::Task { integration, .. }
                if integration.integration_pattern() != IntegrationPattern::RequestResponse =>
            {
                Some(format!(
                    "state {:?}: an Express state machine supports only request-response integrations, not {:?}",
                    graph.states[s].name,
                    integration.integration_pattern()
                ))
            }
            _ => None,
        })
        .collect()
}

/// Whether the states reachable from `start` render differently now than when the state
/// machine was created.
fn changed_since(
    definition: &Definition,
    start: usize,
    snapshot: &Graph,
    binding: &Binding,
) -> bool {
    let live = definition.graph.borrow();
    let live_binding = bind(&live, start);
    render_definition(&live, &live_binding, None, None)
        != render_definition(snapshot, binding, None, None)
}
