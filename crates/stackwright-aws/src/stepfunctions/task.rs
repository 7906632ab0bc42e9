//! `Task`: a state that calls a service through an integration, which also says what IAM the
//! state machine's role needs for it.

use std::fmt;
use std::rc::Rc;

use stackwright_core::{Aws, Scope, Val};

use super::definition::{
    io_setters, nextable, retryable, state_handle, Definition, Io, StateHandle, StateKind,
};
use super::field::Fields;
use super::retry::RetryProps;
use crate::arn::concat;
use crate::iam::PolicyStatement;

/// How a task waits for the service it calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IntegrationPattern {
    /// Calls the API and moves on with its response (the default).
    #[default]
    RequestResponse,
    /// Calls the API and waits for the job it starts to finish (`.sync`).
    RunJob,
    /// Calls the API with a task token and waits until something returns the token
    /// (`.waitForTaskToken`).
    WaitForTaskToken,
}

impl IntegrationPattern {
    /// The suffix of the resource ARN.
    pub fn suffix(self) -> &'static str {
        match self {
            IntegrationPattern::RequestResponse => "",
            IntegrationPattern::RunJob => ".sync",
            IntegrationPattern::WaitForTaskToken => ".waitForTaskToken",
        }
    }

    fn name(self) -> &'static str {
        match self {
            IntegrationPattern::RequestResponse => "RequestResponse",
            IntegrationPattern::RunJob => "RunJob",
            IntegrationPattern::WaitForTaskToken => "WaitForTaskToken",
        }
    }
}

/// `arn:<partition>:states:::<service>:<api><pattern suffix>`: the resource of an optimized
/// integration.
pub fn integration_resource(service: &str, api: &str, pattern: IntegrationPattern) -> Val<String> {
    concat([
        Val::from("arn:"),
        Aws::partition(),
        Val::from(format!(":states:::{service}:{api}{}", pattern.suffix())),
    ])
}

/// A problem when `pattern` is not one of `supported`.
pub(crate) fn check_pattern(
    integration: &str,
    pattern: IntegrationPattern,
    supported: &[IntegrationPattern],
) -> Option<String> {
    (!supported.contains(&pattern)).then(|| {
        let names: Vec<&str> = supported.iter().map(|p| p.name()).collect();
        format!(
            "{integration} does not support the {} integration pattern (supported: {})",
            pattern.name(),
            names.join(", ")
        )
    })
}

/// A problem when a callback task's input does not pass the task token.
pub(crate) fn check_task_token(
    integration: &str,
    pattern: IntegrationPattern,
    input_reads_token: bool,
    input_name: &str,
) -> Option<String> {
    (pattern == IntegrationPattern::WaitForTaskToken && !input_reads_token).then(|| {
        format!(
            "{integration} waits for a task token, so its {input_name} must pass JsonPath::task_token()"
        )
    })
}

/// A service integration of a [`Task`]: what it calls, with which parameters, and the IAM its
/// state machine's role needs. Implemented by [`GlueStartJobRun`](super::GlueStartJobRun),
/// [`LambdaInvoke`](super::LambdaInvoke), [`SnsPublish`](super::SnsPublish), the DynamoDB
/// item tasks, [`StepFunctionsStartExecution`](super::StepFunctionsStartExecution),
/// [`EventBridgePutEvents`](super::EventBridgePutEvents) and
/// [`CallAwsService`](super::CallAwsService); implement it for other services.
pub trait TaskIntegration: fmt::Debug {
    /// The state's `Resource` (see [`integration_resource`]).
    fn resource(&self) -> Val<String>;

    /// The state's `Parameters` (`None` writes none). `timeout_seconds` is the task's timeout,
    /// for APIs that take it as a parameter (see [`Self::timeout_is_parameter`]).
    fn parameters(&self, timeout_seconds: Option<u32>) -> Option<Fields>;

    /// Whether the task's timeout goes into the parameters instead of `TimeoutSeconds` (Glue
    /// job runs take it in minutes).
    fn timeout_is_parameter(&self) -> bool {
        false
    }

    /// The statements the state machine's role needs; `scope` is the state machine (for ARNs
    /// in its stack's account and region).
    fn policy_statements(&self, scope: &dyn Scope) -> Vec<PolicyStatement>;

    /// How the task waits for the service (Express state machines support only
    /// `RequestResponse`).
    fn integration_pattern(&self) -> IntegrationPattern {
        IntegrationPattern::RequestResponse
    }

    /// Retries the integration always adds (Lambda's transient service errors).
    fn default_retries(&self) -> Vec<RetryProps> {
        Vec::new()
    }

    /// Problems of the integration's settings (`timeout_seconds`: the task's timeout),
    /// reported at synthesis with the state's name.
    fn validate(&self, timeout_seconds: Option<u32>) -> Vec<String> {
        let _ = timeout_seconds;
        Vec::new()
    }
}

/// Options of a [`Task`] state: the integration and the state's own settings.
#[derive(Debug, Clone)]
#[must_use]
pub struct TaskProps {
    integration: Rc<dyn TaskIntegration>,
    io: Io,
    timeout_seconds: Option<u32>,
    heartbeat_seconds: Option<u32>,
}

impl TaskProps {
    /// A task calling `integration`.
    pub fn new(integration: impl TaskIntegration + 'static) -> Self {
        TaskProps {
            integration: Rc::new(integration),
            io: Io::default(),
            timeout_seconds: None,
            heartbeat_seconds: None,
        }
    }

    /// Fails the task with `States.Timeout` after this many seconds (default: the state
    /// machine's limit).
    pub fn timeout_seconds(mut self, seconds: u32) -> Self {
        self.timeout_seconds = Some(seconds);
        self
    }

    /// Fails the task with `States.Timeout` when no heartbeat comes for this many seconds
    /// (less than the timeout).
    pub fn heartbeat_seconds(mut self, seconds: u32) -> Self {
        self.heartbeat_seconds = Some(seconds);
        self
    }
}

io_setters!(TaskProps: comment, input_path, output_path, result_path, result_selector);

/// A state that calls a service.
///
/// ```
/// use stackwright_aws::stepfunctions::{Definition, GlueStartJobRun, IntegrationPattern, Task, TaskProps};
/// let definition = Definition::new();
/// let raw = Task::new(
///     &definition,
///     "RawJob",
///     TaskProps::new(GlueStartJobRun::new("lake-raw").integration_pattern(IntegrationPattern::RunJob))
///         .result_path("$.raw"),
/// );
/// # let _ = raw;
/// ```
#[derive(Debug, Clone)]
pub struct Task {
    state: StateHandle,
}

impl Task {
    /// Creates the state in `definition`, named `name`, with the integration's default
    /// retries.
    pub fn new(definition: &Definition, name: &str, props: TaskProps) -> Self {
        let retries = props.integration.default_retries();
        let kind = StateKind::Task {
            integration: props.integration,
            timeout_seconds: props.timeout_seconds,
            heartbeat_seconds: props.heartbeat_seconds,
        };
        let task = Task {
            state: definition.add(name, kind, props.io),
        };
        for retry in retries {
            task.state.add_retry(retry);
        }
        task
    }
}

state_handle!(Task);
nextable!(Task);
retryable!(Task);
