//! Lambda `invoke`, with aws-cdk-lib's default retry on Lambda's transient service errors.

use stackwright_core::{Scope, Val};

use super::field::{Field, Fields, TaskInput};
use super::refs::FunctionRef;
use super::retry::RetryProps;
use super::task::{
    check_pattern, check_task_token, integration_resource, IntegrationPattern, TaskIntegration,
};
use crate::arn::concat;
use crate::iam::PolicyStatement;

/// How Lambda runs an invocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LambdaInvocationType {
    /// Waits for the function's response (the default).
    RequestResponse,
    /// Queues the event and returns at once.
    Event,
    /// Checks the parameters and permissions only.
    DryRun,
}

impl LambdaInvocationType {
    fn name(self) -> &'static str {
        match self {
            LambdaInvocationType::RequestResponse => "RequestResponse",
            LambdaInvocationType::Event => "Event",
            LambdaInvocationType::DryRun => "DryRun",
        }
    }
}

/// Invokes a Lambda function (`lambda:invoke`). The role may invoke exactly this function (and
/// its versions and aliases). Unless turned off, the task retries Lambda's transient service
/// errors (`Lambda.ServiceException`, ...) 6 times, 2 s apart, backoff 2, as aws-cdk-lib does.
///
/// ```
/// use stackwright_aws::stepfunctions::{Fields, JsonPath, LambdaInvoke, TaskInput};
/// let invoke = LambdaInvoke::new("arn:aws:lambda:us-east-2:111111111111:function:status")
///     .payload(TaskInput::object(Fields::new().with("status", "SUCCEEDED").with("execution", JsonPath::execution_id())));
/// # let _ = invoke;
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct LambdaInvoke {
    function: FunctionRef,
    pattern: IntegrationPattern,
    payload: Option<TaskInput>,
    invocation_type: Option<LambdaInvocationType>,
    client_context: Option<String>,
    qualifier: Option<String>,
    payload_response_only: bool,
    retry_on_service_exceptions: bool,
}

impl LambdaInvoke {
    /// Invokes `function` (a `&lambda::Function`, or an ARN).
    pub fn new(function: impl Into<FunctionRef>) -> Self {
        LambdaInvoke {
            function: function.into(),
            pattern: IntegrationPattern::RequestResponse,
            payload: None,
            invocation_type: None,
            client_context: None,
            qualifier: None,
            payload_response_only: false,
            retry_on_service_exceptions: true,
        }
    }

    /// `RequestResponse` (default) or `WaitForTaskToken` (the payload must pass the token).
    pub fn integration_pattern(mut self, pattern: IntegrationPattern) -> Self {
        self.pattern = pattern;
        self
    }

    /// The event passed to the function (default: the state's whole input).
    pub fn payload(mut self, payload: TaskInput) -> Self {
        self.payload = Some(payload);
        self
    }

    /// How Lambda runs the invocation.
    pub fn invocation_type(mut self, invocation_type: LambdaInvocationType) -> Self {
        self.invocation_type = Some(invocation_type);
        self
    }

    /// Client context passed to the function (base64 JSON).
    pub fn client_context(mut self, context: impl Into<String>) -> Self {
        self.client_context = Some(context.into());
        self
    }

    /// A version or alias to invoke.
    pub fn qualifier(mut self, qualifier: impl Into<String>) -> Self {
        self.qualifier = Some(qualifier.into());
        self
    }

    /// Calls the function directly (its ARN as the resource): the result is the function's
    /// response only, without Lambda's metadata. Not with a pattern, invocation type, client
    /// context or qualifier.
    pub fn payload_response_only(mut self, on: bool) -> Self {
        self.payload_response_only = on;
        self
    }

    /// Whether to add the retry on Lambda's transient service errors (default true).
    pub fn retry_on_service_exceptions(mut self, on: bool) -> Self {
        self.retry_on_service_exceptions = on;
        self
    }
}

impl TaskIntegration for LambdaInvoke {
    fn resource(&self) -> Val<String> {
        if self.payload_response_only {
            self.function.function_arn()
        } else {
            integration_resource("lambda", "invoke", self.pattern)
        }
    }

    fn parameters(&self, _timeout_seconds: Option<u32>) -> Option<Fields> {
        if self.payload_response_only {
            return match self.payload.as_ref().map(TaskInput::field) {
                Some(Field::Object(fields)) => Some(fields.clone()),
                _ => None,
            };
        }
        let payload = self
            .payload
            .clone()
            .unwrap_or_else(|| TaskInput::json_path_at("$"));
        let mut p = Fields::new()
            .with("FunctionName", self.function.function_arn())
            .with("Payload", payload);
        if let Some(t) = self.invocation_type {
            p.insert("InvocationType", t.name());
        }
        if let Some(c) = &self.client_context {
            p.insert("ClientContext", c.as_str());
        }
        if let Some(q) = &self.qualifier {
            p.insert("Qualifier", q.as_str());
        }
        Some(p)
    }

    fn integration_pattern(&self) -> IntegrationPattern {
        self.pattern
    }

    fn policy_statements(&self, _scope: &dyn Scope) -> Vec<PolicyStatement> {
        let arn = self.function.function_arn();
        vec![PolicyStatement::allow()
            .action("lambda:InvokeFunction")
            .resources([arn.clone(), concat([arn, Val::from(":*")])])]
    }

    fn default_retries(&self) -> Vec<RetryProps> {
        if !self.retry_on_service_exceptions {
            return Vec::new();
        }
        vec![RetryProps::new()
            .errors([
                "Lambda.ClientExecutionTimeoutException",
                "Lambda.ServiceException",
                "Lambda.AWSLambdaException",
                "Lambda.SdkClientException",
            ])
            .interval_seconds(2)
            .max_attempts(6)
            .backoff_rate(2.0)]
    }

    fn validate(&self, _timeout_seconds: Option<u32>) -> Vec<String> {
        let mut problems: Vec<String> = check_pattern(
            "Lambda invoke",
            self.pattern,
            &[
                IntegrationPattern::RequestResponse,
                IntegrationPattern::WaitForTaskToken,
            ],
        )
        .into_iter()
        .collect();
        let reads_token = self
            .payload
            .as_ref()
            .is_some_and(|p| p.field().reads_task_token());
        problems.extend(check_task_token(
            "Lambda invoke",
            self.pattern,
            reads_token,
            "payload",
        ));
        if self.payload_response_only {
            let conflicting = self.pattern != IntegrationPattern::RequestResponse
                || self.invocation_type.is_some()
                || self.client_context.is_some()
                || self.qualifier.is_some();
            if conflicting {
                problems.push("payload_response_only cannot be used with an integration pattern, invocation type, client context or qualifier".into());
            }
            if self.payload.as_ref().is_some_and(|p| !p.is_object()) {
                problems.push("payload_response_only takes an object payload (or none)".into());
            }
        }
        problems
    }
}
