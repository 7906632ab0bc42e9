//! SNS `publish`.

use stackwright_core::{Scope, Val};

use super::field::{Fields, TaskInput};
use super::refs::TopicRef;
use super::task::{
    check_pattern, check_task_token, integration_resource, IntegrationPattern, TaskIntegration,
};
use crate::iam::PolicyStatement;

/// Publishes a message to an SNS topic (`sns:publish`). The role may publish to exactly this
/// topic.
///
/// ```
/// use stackwright_aws::stepfunctions::{SnsPublish, TaskInput};
/// let notify = SnsPublish::new("arn:aws:sns:us-east-2:111111111111:alerts", TaskInput::text("succeeded"))
///     .subject("Data lake run");
/// # let _ = notify;
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct SnsPublish {
    topic: TopicRef,
    message: TaskInput,
    pattern: IntegrationPattern,
    subject: Option<String>,
    message_group_id: Option<String>,
    message_deduplication_id: Option<String>,
    message_per_subscription_type: bool,
}

impl SnsPublish {
    /// Publishes `message` to `topic` (its ARN).
    pub fn new(topic: impl Into<TopicRef>, message: TaskInput) -> Self {
        SnsPublish {
            topic: topic.into(),
            message,
            pattern: IntegrationPattern::RequestResponse,
            subject: None,
            message_group_id: None,
            message_deduplication_id: None,
            message_per_subscription_type: false,
        }
    }

    /// `RequestResponse` (default) or `WaitForTaskToken` (the message must pass the token).
    pub fn integration_pattern(mut self, pattern: IntegrationPattern) -> Self {
        self.pattern = pattern;
        self
    }

    /// The subject of e-mail deliveries (up to 100 characters, one line).
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    /// The message group of a FIFO topic (up to 128 characters).
    pub fn message_group_id(mut self, id: impl Into<String>) -> Self {
        self.message_group_id = Some(id.into());
        self
    }

    /// The deduplication id of a FIFO topic (up to 128 characters).
    pub fn message_deduplication_id(mut self, id: impl Into<String>) -> Self {
        self.message_deduplication_id = Some(id.into());
        self
    }

    /// The message is an object with one text per protocol (`MessageStructure: json`).
    pub fn message_per_subscription_type(mut self, on: bool) -> Self {
        self.message_per_subscription_type = on;
        self
    }
}

impl TaskIntegration for SnsPublish {
    fn resource(&self) -> Val<String> {
        integration_resource("sns", "publish", self.pattern)
    }

    fn parameters(&self, _timeout_seconds: Option<u32>) -> Option<Fields> {
        let mut p = Fields::new()
            .with("TopicArn", self.topic.topic_arn())
            .with("Message", self.message.clone());
        if let Some(id) = &self.message_deduplication_id {
            p.insert("MessageDeduplicationId", id.as_str());
        }
        if let Some(id) = &self.message_group_id {
            p.insert("MessageGroupId", id.as_str());
        }
        if self.message_per_subscription_type {
            p.insert("MessageStructure", "json");
        }
        if let Some(subject) = &self.subject {
            p.insert("Subject", subject.as_str());
        }
        Some(p)
    }

    fn integration_pattern(&self) -> IntegrationPattern {
        self.pattern
    }

    fn policy_statements(&self, _scope: &dyn Scope) -> Vec<PolicyStatement> {
        vec![PolicyStatement::allow()
            .action("sns:Publish")
            .resource(self.topic.topic_arn())]
    }

    fn validate(&self, _timeout_seconds: Option<u32>) -> Vec<String> {
        let mut problems: Vec<String> = check_pattern(
            "SNS publish",
            self.pattern,
            &[
                IntegrationPattern::RequestResponse,
                IntegrationPattern::WaitForTaskToken,
            ],
        )
        .into_iter()
        .collect();
        problems.extend(check_task_token(
            "SNS publish",
            self.pattern,
            self.message.field().reads_task_token(),
            "message",
        ));
        if let Some(subject) = &self.subject {
            if subject.is_empty() || subject.chars().count() > 100 || subject.contains('\n') {
                problems.push(format!(
                    "SNS subject {subject:?} must be 1 to 100 characters on one line"
                ));
            }
        }
        for (what, id) in [
            ("message group id", &self.message_group_id),
            ("message deduplication id", &self.message_deduplication_id),
        ] {
            if let Some(id) = id.as_ref().filter(|id| id.chars().count() > 128) {
                problems.push(format!(
                    "the {what} must be at most 128 characters (it has {})",
                    id.chars().count()
                ));
            }
        }
        problems
    }
}
