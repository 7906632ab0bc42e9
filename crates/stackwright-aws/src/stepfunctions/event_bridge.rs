//! EventBridge `putEvents`.

use stackwright_core::{Scope, Val};

use super::field::{Field, Fields, TaskInput};
use super::refs::EventBusRef;
use super::task::{
    check_pattern, check_task_token, integration_resource, IntegrationPattern, TaskIntegration,
};
use crate::arn::ArnParts;
use crate::iam::PolicyStatement;

/// One event of an [`EventBridgePutEvents`] task.
#[derive(Debug, Clone)]
#[must_use]
pub struct EventEntry {
    detail: TaskInput,
    detail_type: String,
    source: String,
    event_bus: Option<EventBusRef>,
}

impl EventEntry {
    /// An event with this detail, detail type and source (which may not start with `aws.`),
    /// sent to the account's default bus.
    pub fn new(
        detail: TaskInput,
        detail_type: impl Into<String>,
        source: impl Into<String>,
    ) -> Self {
        EventEntry {
            detail,
            detail_type: detail_type.into(),
            source: source.into(),
            event_bus: None,
        }
    }

    /// Sends the event to this bus (its ARN) instead of the default one.
    pub fn event_bus(mut self, bus: impl Into<EventBusRef>) -> Self {
        self.event_bus = Some(bus.into());
        self
    }
}

/// Sends events to EventBridge (`events:putEvents`). The role may put events on exactly the
/// buses the entries name (the account's default bus when an entry names none).
///
/// ```
/// use stackwright_aws::stepfunctions::{EventBridgePutEvents, EventEntry, Fields, JsonPath, TaskInput};
/// let announce = EventBridgePutEvents::new([EventEntry::new(
///     TaskInput::object(Fields::new().with("id", JsonPath::at("$.id"))),
///     "OrderSeen",
///     "lake.orders",
/// )]);
/// # let _ = announce;
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct EventBridgePutEvents {
    entries: Vec<EventEntry>,
    pattern: IntegrationPattern,
}

impl EventBridgePutEvents {
    /// Sends these events (at least one).
    pub fn new(entries: impl IntoIterator<Item = EventEntry>) -> Self {
        EventBridgePutEvents {
            entries: entries.into_iter().collect(),
            pattern: IntegrationPattern::RequestResponse,
        }
    }

    /// `RequestResponse` (default) or `WaitForTaskToken` (a detail must pass the token).
    pub fn integration_pattern(mut self, pattern: IntegrationPattern) -> Self {
        self.pattern = pattern;
        self
    }
}

impl TaskIntegration for EventBridgePutEvents {
    fn resource(&self) -> Val<String> {
        integration_resource("events", "putEvents", self.pattern)
    }

    fn parameters(&self, _timeout_seconds: Option<u32>) -> Option<Fields> {
        let entries: Vec<Field> = self
            .entries
            .iter()
            .map(|e| {
                let mut entry = Fields::new()
                    .with("Detail", e.detail.clone())
                    .with("DetailType", e.detail_type.as_str());
                if let Some(bus) = &e.event_bus {
                    entry.insert("EventBusName", bus.event_bus_arn());
                }
                entry.insert("Source", e.source.as_str());
                Field::Object(entry)
            })
            .collect();
        Some(Fields::new().with("Entries", entries))
    }

    fn integration_pattern(&self) -> IntegrationPattern {
        self.pattern
    }

    fn policy_statements(&self, scope: &dyn Scope) -> Vec<PolicyStatement> {
        let buses: Vec<Val<String>> = self
            .entries
            .iter()
            .map(|e| match &e.event_bus {
                Some(bus) => bus.event_bus_arn(),
                None => ArnParts::new("events", "event-bus/default").format(&scope),
            })
            .collect();
        vec![PolicyStatement::allow()
            .action("events:PutEvents")
            .resources(buses)]
    }

    fn validate(&self, _timeout_seconds: Option<u32>) -> Vec<String> {
        let mut problems: Vec<String> = check_pattern(
            "EventBridge putEvents",
            self.pattern,
            &[
                IntegrationPattern::RequestResponse,
                IntegrationPattern::WaitForTaskToken,
            ],
        )
        .into_iter()
        .collect();
        let reads_token = self
            .entries
            .iter()
            .any(|e| e.detail.field().reads_task_token());
        problems.extend(check_task_token(
            "EventBridge putEvents",
            self.pattern,
            reads_token,
            "event detail",
        ));
        if self.entries.is_empty() {
            problems.push("EventBridge putEvents needs at least one entry".into());
        }
        if self.entries.len() > 10 {
            problems.push(format!(
                "EventBridge putEvents sends at most 10 entries, not {}",
                self.entries.len()
            ));
        }
        for e in self.entries.iter().filter(|e| e.source.starts_with("aws.")) {
            problems.push(format!(
                "event source {:?} cannot start with \"aws.\" (reserved for AWS services)",
                e.source
            ));
        }
        problems
    }
}
