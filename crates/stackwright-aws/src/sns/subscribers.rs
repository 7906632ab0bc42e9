//! The endpoints a topic can subscribe: email addresses, SQS queues and Lambda functions.

use stackwright_cfn::sqs::{CfnQueue, CfnQueuePolicy, CfnQueuePolicyProps};
use stackwright_core::logical_id::make_unique_id;
use stackwright_core::{CfnResource, Scope, Val, Value};

use super::subscription::{SubscriptionConfig, SubscriptionProtocol, TopicSubscription};
use super::topic::Topic;
use crate::iam::{Condition, PolicyDocument, PolicyStatement, Principal};

/// An email address subscribed to a topic (its owner confirms the subscription by email).
///
/// ```
/// use stackwright_aws::sns::{EmailSubscription, Topic, TopicProps};
/// use stackwright_core::{App, Stack, StackProps};
/// let app = App::with_props(Default::default());
/// let stack = Stack::new(&app, "Alerts", StackProps::default());
/// let topic = Topic::new(&stack, "Topic", TopicProps::new());
/// topic.add_subscription(&EmailSubscription::new("ops@example.com"));
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct EmailSubscription {
    address: Val<String>,
    json: bool,
}

impl EmailSubscription {
    /// Sends plain-text notifications to `address`.
    pub fn new(address: impl Into<Val<String>>) -> Self {
        EmailSubscription {
            address: address.into(),
            json: false,
        }
    }

    /// Sends the JSON message instead (`email-json`).
    pub fn json(mut self, on: bool) -> Self {
        self.json = on;
        self
    }
}

impl TopicSubscription for EmailSubscription {
    fn bind(&self, _topic: &Topic) -> SubscriptionConfig {
        let protocol = if self.json {
            SubscriptionProtocol::EmailJson
        } else {
            SubscriptionProtocol::Email
        };
        literal_id(
            SubscriptionConfig::new(protocol, self.address.clone()),
            &self.address,
        )
    }
}

/// An SQS queue subscribed to a topic.
///
/// With an L1 queue of the app ([`SqsSubscription::cfn_queue`]) the subscription is created in
/// the queue, and the queue's policy (its child `Policy`, shared by every topic subscribing it)
/// lets the topic send to it, as the CDK does for its queues. A queue known only by ARN
/// ([`SqsSubscription::queue_arn`]) must already allow the topic to send.
///
/// ```
/// use stackwright_aws::sns::{SqsSubscription, Topic, TopicProps};
/// use stackwright_cfn::sqs::{CfnQueue, CfnQueueProps};
/// use stackwright_core::{App, Stack, StackProps};
/// let app = App::with_props(Default::default());
/// let stack = Stack::new(&app, "Jobs", StackProps::default());
/// let topic = Topic::new(&stack, "Topic", TopicProps::new());
/// let queue = CfnQueue::new(&stack, "Queue", CfnQueueProps::new());
/// topic.add_subscription(&SqsSubscription::cfn_queue(&queue).raw_message_delivery(true));
/// topic.add_subscription(&SqsSubscription::queue_arn("arn:aws:sqs:us-east-2:111111111111:audit"));
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct SqsSubscription {
    queue: QueueTarget,
    raw_message_delivery: bool,
    filter_policy: Option<serde_json::Value>,
}

#[derive(Debug, Clone)]
enum QueueTarget {
    Arn(Val<String>),
    Cfn(CfnQueue),
}

impl SqsSubscription {
    /// A queue by ARN; its policy must let the topic send (`sqs:SendMessage`).
    pub fn queue_arn(arn: impl Into<Val<String>>) -> Self {
        Self::of(QueueTarget::Arn(arn.into()))
    }

    /// An L1 queue of the app; its policy is extended to let the topic send.
    pub fn cfn_queue(queue: &CfnQueue) -> Self {
        Self::of(QueueTarget::Cfn(queue.clone()))
    }

    fn of(queue: QueueTarget) -> Self {
        SqsSubscription {
            queue,
            raw_message_delivery: false,
            filter_policy: None,
        }
    }

    /// Delivers the message as published, without SNS's JSON envelope.
    pub fn raw_message_delivery(mut self, on: bool) -> Self {
        self.raw_message_delivery = on;
        self
    }

    /// Delivers only messages whose attributes match this filter policy (a JSON object).
    pub fn filter_policy(mut self, policy: serde_json::Value) -> Self {
        self.filter_policy = Some(policy);
        self
    }
}

impl TopicSubscription for SqsSubscription {
    fn bind(&self, topic: &Topic) -> SubscriptionConfig {
        let endpoint = match &self.queue {
            QueueTarget::Arn(arn) => arn.clone(),
            QueueTarget::Cfn(queue) => queue.attr_arn(),
        };
        let config = SubscriptionConfig::new(SubscriptionProtocol::Sqs, endpoint.clone())
            .raw_message_delivery(self.raw_message_delivery)
            .filter_policy(self.filter_policy.clone());
        match &self.queue {
            QueueTarget::Arn(arn) => literal_id(config, arn),
            QueueTarget::Cfn(queue) => {
                let statement = PolicyStatement::allow()
                    .action("sqs:SendMessage")
                    .principal(Principal::service("sns.amazonaws.com"))
                    .resource(endpoint)
                    .condition(Condition::arn_equals(
                        "aws:SourceArn",
                        topic.topic_arn().into_value(),
                    ));
                let policy = add_to_queue_policy(queue, statement);
                let path = topic.node().path();
                let components: Vec<&str> = path.split('/').collect();
                config
                    .scope(queue)
                    .id(make_unique_id(&components))
                    .depends_on(&policy)
            }
        }
    }
}

/// The endpoint as the subscription's id when it is a literal (the CDK's choice for addresses
/// and URLs), else the default `TokenSubscription:<n>`.
fn literal_id(config: SubscriptionConfig, endpoint: &Val<String>) -> SubscriptionConfig {
    match endpoint.as_value().as_str() {
        Some(literal) => config.id(literal),
        None => config,
    }
}

/// Adds `statement` to the queue's policy, the child `Policy` of the queue, created on first use.
fn add_to_queue_policy(queue: &CfnQueue, statement: PolicyStatement) -> CfnResource {
    let existing = queue
        .node()
        .try_find_child("Policy")
        .and_then(|n| CfnResource::from_node(&n));
    if let Some(policy) = existing {
        let updated = policy.update_props::<CfnQueuePolicyProps>(|p| {
            p.policy_document =
                Val::unchecked(with_statement(p.policy_document.as_value(), &statement));
        });
        if !updated {
            queue.node().add_error(
                "the queue's child \"Policy\" is not an AWS::SQS::QueuePolicy: the topic \
                 subscription cannot allow itself to send to the queue",
            );
        }
        return policy;
    }
    let document = PolicyDocument::from_statements([statement]).to_value();
    let policy = CfnQueuePolicy::new(
        queue,
        "Policy",
        CfnQueuePolicyProps::new(
            Val::unchecked(document),
            Val::<Vec<String>>::unchecked(Value::list_of([queue.ref_value().into_value()])),
        ),
    );
    policy.resource().clone()
}

/// `document` (a rendered policy document) with `statement` appended, unless already there.
fn with_statement(document: &Value, statement: &PolicyStatement) -> Value {
    let mut document = document.clone();
    if let Value::Map(map) = &mut document {
        if let Some(Value::List(statements)) = map.get_mut("Statement") {
            let rendered = statement.to_value();
            if !statements.contains(&rendered) {
                statements.push(rendered);
            }
        }
    }
    document
}

/// A Lambda function subscribed to a topic, as aws-cdk-lib's `LambdaSubscription` writes it: the
/// function gets a permission letting SNS invoke it for this topic (its child
/// `AllowInvoke:<topic's unique id>`) and the subscription is created in the function, with the
/// topic's id as its id.
///
/// ```
/// use stackwright_aws::lambda::{Code, Function, FunctionProps, Runtime};
/// use stackwright_aws::sns::{LambdaSubscription, Topic, TopicProps};
/// use stackwright_core::{App, Stack, StackProps};
/// let app = App::with_props(Default::default());
/// let stack = Stack::new(&app, "Alerts", StackProps::default());
/// let topic = Topic::new(&stack, "Topic", TopicProps::new());
/// let handler = Function::new(
///     &stack,
///     "Handler",
///     FunctionProps::new(Runtime::Python3_12, "index.handler", Code::from_inline("def handler(e, c): pass")),
/// );
/// topic.add_subscription(&LambdaSubscription::new(&handler));
/// ```
#[cfg(feature = "lambda")]
#[derive(Debug, Clone)]
#[must_use]
pub struct LambdaSubscription {
    function: crate::lambda::Function,
    filter_policy: Option<serde_json::Value>,
}

#[cfg(feature = "lambda")]
impl LambdaSubscription {
    /// Invokes `function` with each message.
    pub fn new(function: &crate::lambda::Function) -> Self {
        LambdaSubscription {
            function: function.clone(),
            filter_policy: None,
        }
    }

    /// Invokes the function only for messages whose attributes match this filter policy (a
    /// JSON object).
    pub fn filter_policy(mut self, policy: serde_json::Value) -> Self {
        self.filter_policy = Some(policy);
        self
    }
}

#[cfg(feature = "lambda")]
impl TopicSubscription for LambdaSubscription {
    fn bind(&self, topic: &Topic) -> SubscriptionConfig {
        let path = topic.node().path();
        let components: Vec<&str> = path.split('/').collect();
        let permission_id = format!("AllowInvoke:{}", make_unique_id(&components));
        if self
            .function
            .node()
            .try_find_child(&permission_id)
            .is_none()
        {
            self.function.add_permission(
                &permission_id,
                crate::lambda::Permission::new(Principal::service("sns.amazonaws.com"))
                    .source_arn(topic.topic_arn()),
            );
        }
        SubscriptionConfig::new(SubscriptionProtocol::Lambda, self.function.function_arn())
            .filter_policy(self.filter_policy.clone())
            .scope(&self.function)
            .id(topic.node().id())
    }
}
