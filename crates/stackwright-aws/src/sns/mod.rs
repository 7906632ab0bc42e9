//! SNS: standard and FIFO topics (names checked, a FIFO name generated as the CDK does), topic
//! policies created on the first resource-policy statement, grants to publish (cross-account
//! through the topic policy), and subscriptions of email addresses and SQS queues.
//!
//! Subscribers implement [`TopicSubscription`]: email addresses, SQS queues and (with the
//! `lambda` feature) Lambda functions; new kinds plug into [`Topic::add_subscription`] without
//! changing the topic.

mod subscribers;
mod subscription;
mod topic;
mod topic_policy;

#[cfg(feature = "lambda")]
pub use subscribers::LambdaSubscription;
pub use subscribers::{EmailSubscription, SqsSubscription};
pub use subscription::{
    Subscription, SubscriptionConfig, SubscriptionProps, SubscriptionProtocol, TopicSubscription,
};
pub use topic::{Topic, TopicProps};
pub use topic_policy::{TopicPolicy, TopicPolicyProps};
