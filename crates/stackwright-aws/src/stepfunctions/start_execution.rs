//! Step Functions `startExecution`: a nested state machine.

use stackwright_core::{Scope, Val};

use super::field::{Field, Fields, TaskInput, TextValue};
use super::json_path::JsonPath;
use super::refs::StateMachineRef;
use super::state_machine::state_machine_name_from_arn;
use super::task::{check_task_token, integration_resource, IntegrationPattern, TaskIntegration};
use crate::arn::{concat, ArnParts};
use crate::iam::PolicyStatement;

/// Starts an execution of another state machine (`states:startExecution`); with
/// [`IntegrationPattern::RunJob`] the task waits for it (`.sync:2`). The role may start
/// executions of exactly that state machine (and, when waiting, describe and stop them, and
/// manage the rule Step Functions uses to watch them).
///
/// ```
/// use stackwright_aws::stepfunctions::{IntegrationPattern, StepFunctionsStartExecution};
/// let child = StepFunctionsStartExecution::new("arn:aws:states:us-east-2:111111111111:stateMachine:child")
///     .integration_pattern(IntegrationPattern::RunJob)
///     .associate_with_parent(true);
/// # let _ = child;
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct StepFunctionsStartExecution {
    state_machine: StateMachineRef,
    pattern: IntegrationPattern,
    input: Option<TaskInput>,
    name: Option<TextValue>,
    associate_with_parent: bool,
}

impl StepFunctionsStartExecution {
    /// Starts `state_machine` (a `&StateMachine`, or an ARN).
    pub fn new(state_machine: impl Into<StateMachineRef>) -> Self {
        StepFunctionsStartExecution {
            state_machine: state_machine.into(),
            pattern: IntegrationPattern::RequestResponse,
            input: None,
            name: None,
            associate_with_parent: false,
        }
    }

    /// `RequestResponse` (default), `RunJob` (waits for the execution) or `WaitForTaskToken`
    /// (the input must pass the token).
    pub fn integration_pattern(mut self, pattern: IntegrationPattern) -> Self {
        self.pattern = pattern;
        self
    }

    /// The execution's input (default: the state's whole input).
    pub fn input(mut self, input: TaskInput) -> Self {
        self.input = Some(input);
        self
    }

    /// The execution's name.
    pub fn name(mut self, name: impl Into<TextValue>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Links the child execution to this one in the console (adds
    /// `AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID` to an object input).
    pub fn associate_with_parent(mut self, on: bool) -> Self {
        self.associate_with_parent = on;
        self
    }
}

impl TaskIntegration for StepFunctionsStartExecution {
    fn resource(&self) -> Val<String> {
        let resource = integration_resource("states", "startExecution", self.pattern);
        match self.pattern {
            IntegrationPattern::RunJob => concat([resource, Val::from(":2")]),
            _ => resource,
        }
    }

    fn parameters(&self, _timeout_seconds: Option<u32>) -> Option<Fields> {
        let input: Field = match (&self.input, self.associate_with_parent) {
            (Some(input), false) => input.clone().into(),
            (None, false) => JsonPath::entire_payload().into(),
            (input, true) => {
                let mut fields = match input.as_ref().map(TaskInput::field) {
                    Some(Field::Object(f)) => f.clone(),
                    _ => Fields::new(),
                };
                fields.insert(
                    "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID",
                    JsonPath::execution_id(),
                );
                fields.into()
            }
        };
        let mut p = Fields::new()
            .with("Input", input)
            .with("StateMachineArn", self.state_machine.state_machine_arn());
        if let Some(name) = &self.name {
            p.insert("Name", name.clone());
        }
        Some(p)
    }

    fn integration_pattern(&self) -> IntegrationPattern {
        self.pattern
    }

    fn policy_statements(&self, scope: &dyn Scope) -> Vec<PolicyStatement> {
        let arn = self.state_machine.state_machine_arn();
        let mut statements = vec![PolicyStatement::allow()
            .action("states:StartExecution")
            .resource(arn.clone())];
        if self.pattern == IntegrationPattern::RunJob {
            let name = state_machine_name_from_arn(&arn);
            let executions = ArnParts::new(
                "states",
                concat([Val::from("execution:"), name, Val::from("*")]),
            )
            .format(&scope);
            let rule = ArnParts::new(
                "events",
                "rule/StepFunctionsGetEventsForStepFunctionsExecutionRule",
            )
            .format(&scope);
            statements.push(
                PolicyStatement::allow()
                    .actions(["states:DescribeExecution", "states:StopExecution"])
                    .resource(executions),
            );
            statements.push(
                PolicyStatement::allow()
                    .actions(["events:PutTargets", "events:PutRule", "events:DescribeRule"])
                    .resource(rule),
            );
        }
        statements
    }

    fn validate(&self, _timeout_seconds: Option<u32>) -> Vec<String> {
        let reads_token = self
            .input
            .as_ref()
            .is_some_and(|i| i.field().reads_task_token());
        let mut problems: Vec<String> = check_task_token(
            "Step Functions startExecution",
            self.pattern,
            reads_token,
            "input",
        )
        .into_iter()
        .collect();
        if self.associate_with_parent && self.input.as_ref().is_some_and(|i| !i.is_object()) {
            problems.push(
                "associate_with_parent needs an object input (TaskInput::object), not a path or text"
                    .into(),
            );
        }
        problems
    }
}
