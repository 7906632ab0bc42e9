//! The generic AWS SDK integration: any API action of any service.

use stackwright_core::{Scope, Val};

use super::field::Fields;
use super::task::{check_pattern, integration_resource, IntegrationPattern, TaskIntegration};
use crate::iam::PolicyStatement;

/// Services whose IAM prefix differs from their SDK name.
const IAM_PREFIXES: [(&str, &str); 7] = [
    ("bedrockagent", "bedrock"),
    ("cloudwatchlogs", "logs"),
    ("efs", "elasticfilesystem"),
    ("elasticloadbalancingv2", "elasticloadbalancing"),
    ("mediapackagevod", "mediapackage-vod"),
    ("mwaa", "airflow"),
    ("sfn", "states"),
];

/// Calls any AWS API action (`aws-sdk:<service>:<action>`). The role may perform the action
/// (`<service>:<Action>`, or the IAM action given) on exactly the IAM resources given.
///
/// ```
/// use stackwright_aws::stepfunctions::{CallAwsService, Fields, JsonPath};
/// let head = CallAwsService::new("s3", "headObject", ["arn:aws:s3:::lake-raw/*"])
///     .parameters(Fields::new().with("Bucket", "lake-raw").with("Key", JsonPath::at("$.key")))
///     .iam_action("s3:GetObject");
/// # let _ = head;
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct CallAwsService {
    service: String,
    action: String,
    iam_resources: Vec<Val<String>>,
    parameters: Option<Fields>,
    iam_action: Option<String>,
    additional_statements: Vec<PolicyStatement>,
    pattern: IntegrationPattern,
}

impl CallAwsService {
    /// Calls `action` (camelCase, as in the SDK: `headObject`) of `service` (`s3`); the role
    /// may call it on `iam_resources` (`*` for actions without resources).
    pub fn new<V: Into<Val<String>>>(
        service: impl Into<String>,
        action: impl Into<String>,
        iam_resources: impl IntoIterator<Item = V>,
    ) -> Self {
        CallAwsService {
            service: service.into(),
            action: action.into(),
            iam_resources: iam_resources.into_iter().map(Into::into).collect(),
            parameters: None,
            iam_action: None,
            additional_statements: Vec::new(),
            pattern: IntegrationPattern::RequestResponse,
        }
    }

    /// The API's parameters (PascalCase names, as in the API reference).
    pub fn parameters(mut self, parameters: Fields) -> Self {
        self.parameters = Some(parameters);
        self
    }

    /// The IAM action the role needs, when it is not `<service>:<Action>`.
    pub fn iam_action(mut self, action: impl Into<String>) -> Self {
        self.iam_action = Some(action.into());
        self
    }

    /// More statements the role needs for this call (a key to decrypt with, ...).
    pub fn additional_iam_statement(mut self, statement: PolicyStatement) -> Self {
        self.additional_statements.push(statement);
        self
    }

    /// `RequestResponse` (default) or `WaitForTaskToken`.
    pub fn integration_pattern(mut self, pattern: IntegrationPattern) -> Self {
        self.pattern = pattern;
        self
    }
}

impl TaskIntegration for CallAwsService {
    fn resource(&self) -> Val<String> {
        let api = format!("{}:{}", self.service.to_lowercase(), self.action);
        integration_resource("aws-sdk", &api, self.pattern)
    }

    fn parameters(&self, _timeout_seconds: Option<u32>) -> Option<Fields> {
        Some(self.parameters.clone().unwrap_or_default())
    }

    fn integration_pattern(&self) -> IntegrationPattern {
        self.pattern
    }

    fn policy_statements(&self, _scope: &dyn Scope) -> Vec<PolicyStatement> {
        let action = self.iam_action.clone().unwrap_or_else(|| {
            let prefix = IAM_PREFIXES
                .iter()
                .find(|(sdk, _)| *sdk == self.service)
                .map_or(self.service.as_str(), |(_, iam)| iam);
            format!("{prefix}:{}", self.action)
        });
        let mut statements = vec![PolicyStatement::allow()
            .action(action)
            .resources(self.iam_resources.clone())];
        statements.extend(self.additional_statements.iter().cloned());
        statements
    }

    fn validate(&self, _timeout_seconds: Option<u32>) -> Vec<String> {
        let mut problems: Vec<String> = check_pattern(
            "an AWS SDK call",
            self.pattern,
            &[
                IntegrationPattern::RequestResponse,
                IntegrationPattern::WaitForTaskToken,
            ],
        )
        .into_iter()
        .collect();
        if self.service.is_empty() {
            problems.push("the AWS SDK service is empty".into());
        }
        if !self
            .action
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_lowercase())
        {
            problems.push(format!(
                "the AWS SDK action {:?} must be camelCase (headObject, not HeadObject)",
                self.action
            ));
        }
        if self.iam_resources.is_empty() {
            problems.push(
                "an AWS SDK call needs at least one IAM resource (\"*\" for actions without resources)"
                    .into(),
            );
        }
        let lower: Vec<&String> = self
            .parameters
            .iter()
            .flat_map(Fields::iter)
            .map(|(k, _)| k)
            .filter(|k| !k.chars().next().is_some_and(char::is_uppercase))
            .collect();
        if !lower.is_empty() {
            problems.push(format!(
                "AWS SDK parameter names must be PascalCase, not {}",
                lower
                    .iter()
                    .map(|k| format!("{k:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        problems
    }
}
