//! `Subscription`: one endpoint subscribed to a topic (`AWS::SNS::Subscription`), and the
//! [`TopicSubscription`] trait through which a topic subscribes endpoints of any kind.

use stackwright_cfn::sns::{CfnSubscription, CfnSubscriptionProps};
use stackwright_core::{CfnResource, Construct, Node, Scope, Val};

use super::topic::Topic;
use crate::arn::parse_arn;

/// How SNS delivers to an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubscriptionProtocol {
    /// An HTTP URL.
    Http,
    /// An HTTPS URL.
    Https,
    /// An email address (plain text; the owner confirms the subscription).
    Email,
    /// An email address (JSON; the owner confirms the subscription).
    EmailJson,
    /// A phone number.
    Sms,
    /// An SQS queue ARN.
    Sqs,
    /// A mobile application endpoint ARN.
    Application,
    /// A Lambda function ARN.
    Lambda,
    /// A Firehose delivery stream ARN.
    Firehose,
}

impl SubscriptionProtocol {
    /// The protocol's name in the template.
    pub fn name(self) -> &'static str {
        match self {
            SubscriptionProtocol::Http => "http",
            SubscriptionProtocol::Https => "https",
            SubscriptionProtocol::Email => "email",
            SubscriptionProtocol::EmailJson => "email-json",
            SubscriptionProtocol::Sms => "sms",
            SubscriptionProtocol::Sqs => "sqs",
            SubscriptionProtocol::Application => "application",
            SubscriptionProtocol::Lambda => "lambda",
            SubscriptionProtocol::Firehose => "firehose",
        }
    }

    /// True when the endpoint may receive the raw message instead of the JSON envelope.
    fn allows_raw_delivery(self) -> bool {
        matches!(
            self,
            SubscriptionProtocol::Http
                | SubscriptionProtocol::Https
                | SubscriptionProtocol::Sqs
                | SubscriptionProtocol::Firehose
        )
    }
}

/// Options of a [`Subscription`].
#[derive(Debug, Clone)]
#[must_use]
pub struct SubscriptionProps {
    topic: Topic,
    protocol: SubscriptionProtocol,
    endpoint: Val<String>,
    raw_message_delivery: bool,
    filter_policy: Option<serde_json::Value>,
}

impl SubscriptionProps {
    /// Subscribes `endpoint` (an address, a URL or an ARN, as `protocol` says) to `topic`.
    pub fn new(
        topic: &Topic,
        protocol: SubscriptionProtocol,
        endpoint: impl Into<Val<String>>,
    ) -> Self {
        SubscriptionProps {
            topic: topic.clone(),
            protocol,
            endpoint: endpoint.into(),
            raw_message_delivery: false,
            filter_policy: None,
        }
    }

    /// Delivers the message as published, without SNS's JSON envelope (HTTP(S), SQS and
    /// Firehose only).
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

/// An endpoint subscribed to a topic. Most programs call [`Topic::add_subscription`] instead,
/// which places it where the CDK does.
///
/// ```
/// use stackwright_aws::sns::{Subscription, SubscriptionProps, SubscriptionProtocol, Topic, TopicProps};
/// use stackwright_core::{App, Stack, StackProps};
/// let app = App::with_props(Default::default());
/// let stack = Stack::new(&app, "Alerts", StackProps::default());
/// let topic = Topic::new(&stack, "Topic", TopicProps::new());
/// Subscription::new(
///     &stack,
///     "Webhook",
///     SubscriptionProps::new(&topic, SubscriptionProtocol::Https, "https://hooks.example.com/sns")
///         .raw_message_delivery(true),
/// );
/// ```
#[derive(Debug, Clone)]
pub struct Subscription {
    construct: Construct,
    resource: CfnSubscription,
}

impl Scope for Subscription {
    fn node(&self) -> &Node {
        self.construct.node()
    }
}

impl Subscription {
    /// Creates the subscription; an endpoint that does not fit the protocol, raw delivery where
    /// it is not possible, or a FIFO topic delivering elsewhere than SQS is reported with its
    /// path.
    pub fn new(scope: &impl Scope, id: &str, props: SubscriptionProps) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.sns.Subscription");
        let node = construct.node().clone();
        validate(&node, &props);
        let mut cfn = CfnSubscriptionProps::new(props.protocol.name(), props.topic.topic_arn())
            .endpoint(props.endpoint);
        if props.raw_message_delivery {
            cfn = cfn.raw_message_delivery(true);
        }
        cfn.filter_policy = props.filter_policy.map(Val::unchecked);
        let resource = CfnSubscription::new(&construct, "Resource", cfn);
        Subscription {
            construct,
            resource,
        }
    }

    /// The subscription's ARN.
    pub fn subscription_arn(&self) -> Val<String> {
        self.resource.ref_value()
    }

    /// The L1 resource (escape hatch).
    pub fn resource(&self) -> &CfnSubscription {
        &self.resource
    }
}

fn validate(node: &Node, props: &SubscriptionProps) {
    let protocol = props.protocol;
    if props.raw_message_delivery && !protocol.allows_raw_delivery() {
        node.add_error(format!(
            "raw message delivery is only possible for HTTP, HTTPS, SQS and Firehose \
             subscriptions, not {}",
            protocol.name()
        ));
    }
    if props.topic.is_fifo() && protocol != SubscriptionProtocol::Sqs {
        node.add_error(format!(
            "a FIFO topic delivers only to SQS queues, not to {} endpoints",
            protocol.name()
        ));
    }
    if props.filter_policy.as_ref().is_some_and(|p| !p.is_object()) {
        node.add_error("the filter policy must be a JSON object");
    }
    let Some(endpoint) = props.endpoint.as_value().as_str() else {
        return;
    };
    let problem = match protocol {
        SubscriptionProtocol::Email | SubscriptionProtocol::EmailJson => {
            let valid = endpoint.split_once('@').is_some_and(|(user, domain)| {
                !user.is_empty() && domain.contains('.') && !domain.contains('@')
            }) && !endpoint.contains(char::is_whitespace);
            (!valid).then(|| format!("{endpoint:?} is not an email address"))
        }
        SubscriptionProtocol::Http | SubscriptionProtocol::Https => {
            let scheme = format!("{}://", protocol.name());
            (!endpoint.starts_with(&scheme))
                .then(|| format!("{endpoint:?} is not a URL starting with {scheme}"))
        }
        SubscriptionProtocol::Sqs => match parse_arn(endpoint) {
            Ok(arn) if arn.service == "sqs" && !arn.region.is_empty() => None,
            Ok(_) => Some(format!("{endpoint:?} is not the ARN of an SQS queue")),
            Err(e) => Some(e),
        },
        SubscriptionProtocol::Lambda
        | SubscriptionProtocol::Firehose
        | SubscriptionProtocol::Application => parse_arn(endpoint).err(),
        SubscriptionProtocol::Sms => None,
    };
    if let Some(problem) = problem {
        node.add_error(format!("subscription endpoint {problem}"));
    }
}

/// What a subscriber tells the topic when it subscribes: the protocol and endpoint, and where
/// the [`Subscription`] goes (by default in the topic, with the endpoint as id, as the CDK does).
#[derive(Debug, Clone)]
#[must_use]
pub struct SubscriptionConfig {
    protocol: SubscriptionProtocol,
    endpoint: Val<String>,
    scope: Option<Node>,
    id: Option<String>,
    raw_message_delivery: bool,
    filter_policy: Option<serde_json::Value>,
    depends_on: Vec<CfnResource>,
}

impl SubscriptionConfig {
    /// `protocol` to `endpoint`.
    pub fn new(protocol: SubscriptionProtocol, endpoint: impl Into<Val<String>>) -> Self {
        SubscriptionConfig {
            protocol,
            endpoint: endpoint.into(),
            scope: None,
            id: None,
            raw_message_delivery: false,
            filter_policy: None,
            depends_on: Vec::new(),
        }
    }

    /// Creates the subscription in `scope` (the CDK puts a queue's or function's subscriptions
    /// in the queue or function) instead of the topic.
    pub fn scope(mut self, scope: &impl Scope) -> Self {
        self.scope = Some(scope.node().clone());
        self
    }

    /// The subscription's id (default: `TokenSubscription:<n>`, as the CDK names subscriptions
    /// whose endpoint is a reference).
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Raw message delivery.
    pub fn raw_message_delivery(mut self, on: bool) -> Self {
        self.raw_message_delivery = on;
        self
    }

    /// A filter policy.
    pub fn filter_policy(mut self, policy: Option<serde_json::Value>) -> Self {
        self.filter_policy = policy;
        self
    }

    /// A resource the subscription must be created after (the queue policy that lets SNS send).
    pub fn depends_on(mut self, resource: &CfnResource) -> Self {
        self.depends_on.push(resource.clone());
        self
    }
}

/// An endpoint that can subscribe to a topic: email addresses, SQS queues, and (later) Lambda
/// functions and L2 queues. [`Topic::add_subscription`] calls `bind` once and creates the
/// [`Subscription`] it describes.
pub trait TopicSubscription {
    /// Prepares the endpoint (a queue policy letting the topic send, say) and says how to
    /// subscribe it to `topic`.
    fn bind(&self, topic: &Topic) -> SubscriptionConfig;
}

impl Topic {
    /// Subscribes an endpoint: creates the [`Subscription`] where the subscriber asks (in the
    /// topic by default, with the CDK's ids).
    pub fn add_subscription(&self, subscriber: &dyn TopicSubscription) -> Subscription {
        let config = subscriber.bind(self);
        let scope = config.scope.unwrap_or_else(|| self.node().clone());
        let id = config.id.unwrap_or_else(|| next_token_id(&scope));
        let mut props = SubscriptionProps::new(self, config.protocol, config.endpoint)
            .raw_message_delivery(config.raw_message_delivery);
        props.filter_policy = config.filter_policy;
        let subscription = Subscription::new(&scope, &id, props);
        for dependency in &config.depends_on {
            subscription.resource.add_depends_on(dependency);
        }
        subscription
    }
}

/// `TokenSubscription:<n>`, `n` one more than the highest such id in `scope`.
fn next_token_id(scope: &Node) -> String {
    let highest = scope
        .children()
        .iter()
        .filter_map(|c| {
            c.id()
                .strip_prefix("TokenSubscription:")
                .and_then(|n| n.parse::<u32>().ok())
        })
        .max()
        .unwrap_or(0);
    format!("TokenSubscription:{}", highest + 1)
}
