//! `ManualApprovalAction`: waits for a person to approve or reject.

use stackwright_core::{Val, Value};

use super::action::{
    put, Action, ActionBinding, ActionCategory, ActionConfiguration, ActionProperties,
    ArtifactBounds,
};
use crate::sns::{EmailSubscription, Topic, TopicProps};

/// An approval takes and gives no artifact.
const BOUNDS: ArtifactBounds = ArtifactBounds {
    min_inputs: 0,
    max_inputs: 0,
    min_outputs: 0,
    max_outputs: 0,
};

/// Waits for a person to approve, optionally notifying a topic (given, or the `TopicResource`
/// child created for the emails given), with comments and a link to review.
///
/// ```
/// use stackwright_aws::codepipeline::ManualApprovalAction;
/// let approve = ManualApprovalAction::new("Approve")
///     .notify_emails(["release@example.com"])
///     .additional_information("Check the change set first")
///     .external_entity_link("https://example.com/release-notes")
///     .timeout_minutes(1440);
/// # let _ = approve;
/// ```
#[derive(Debug, Clone)]
pub struct ManualApprovalAction {
    name: String,
    topic: Option<Topic>,
    emails: Vec<Val<String>>,
    additional_information: Option<Val<String>>,
    external_entity_link: Option<Val<String>>,
    timeout_minutes: Option<i64>,
    run_order: i64,
}

impl ManualApprovalAction {
    /// An approval named `name`.
    pub fn new(name: &str) -> Self {
        ManualApprovalAction {
            name: name.to_owned(),
            topic: None,
            emails: Vec::new(),
            additional_information: None,
            external_entity_link: None,
            timeout_minutes: None,
            run_order: 1,
        }
    }

    /// Notifies `topic` when approval is needed (the action's role may publish to it).
    #[must_use]
    pub fn notification_topic(mut self, topic: &Topic) -> Self {
        self.topic = Some(topic.clone());
        self
    }

    /// Notifies these addresses, through the given topic or a `TopicResource` child.
    #[must_use]
    pub fn notify_emails<V: Into<Val<String>>>(
        mut self,
        emails: impl IntoIterator<Item = V>,
    ) -> Self {
        self.emails.extend(emails.into_iter().map(Into::into));
        self
    }

    /// Comments shown to the approver (`CustomData`).
    #[must_use]
    pub fn additional_information(mut self, text: impl Into<Val<String>>) -> Self {
        self.additional_information = Some(text.into());
        self
    }

    /// A link to what should be reviewed (`ExternalEntityLink`).
    #[must_use]
    pub fn external_entity_link(mut self, url: impl Into<Val<String>>) -> Self {
        self.external_entity_link = Some(url.into());
        self
    }

    /// How long to wait, 5 to 86,400 minutes (default: CodePipeline's seven days).
    #[must_use]
    pub fn timeout_minutes(mut self, minutes: i64) -> Self {
        self.timeout_minutes = Some(minutes);
        self
    }

    /// The run order in the stage (default 1).
    #[must_use]
    pub fn run_order(mut self, run_order: i64) -> Self {
        self.run_order = run_order;
        self
    }
}

impl Action for ManualApprovalAction {
    fn properties(&self) -> ActionProperties {
        ActionProperties::new(&self.name, ActionCategory::Approval, "Manual", BOUNDS)
            .run_order(self.run_order)
            .timeout_minutes(self.timeout_minutes)
    }

    fn bind(&self, binding: &ActionBinding) -> ActionConfiguration {
        let topic = match (&self.topic, self.emails.is_empty()) {
            (Some(topic), _) => Some(topic.clone()),
            (None, false) => Some(Topic::new(
                binding.scope(),
                "TopicResource",
                TopicProps::new(),
            )),
            (None, true) => None,
        };
        if let Some(topic) = &topic {
            if let Some(role) = binding.role() {
                let _ = topic.grant_publish(role);
            }
            for email in &self.emails {
                topic.add_subscription(&EmailSubscription::new(email.clone()));
            }
        }
        let mut config = ActionConfiguration::new();
        put(
            &mut config,
            "NotificationArn",
            topic.map(|t| Value::from(t.topic_arn())),
        );
        put(
            &mut config,
            "CustomData",
            self.additional_information.as_ref().map(Value::from),
        );
        put(
            &mut config,
            "ExternalEntityLink",
            self.external_entity_link.as_ref().map(Value::from),
        );
        config
    }
}
