//! EventBridge: rules on a schedule or an event pattern, and their targets: Lambda functions,
//! Step Functions state machines (with the `stepfunctions` feature) and SNS topics (with the
//! `sns` feature). Each target grants EventBridge what it needs, as aws-cdk-lib's targets do;
//! implement [`RuleTarget`] for others.

mod input;
mod pattern;
mod rule;
mod schedule;
mod targets;

pub use input::RuleTargetInput;
pub use pattern::EventPattern;
pub use rule::{Rule, RuleProps, RuleTarget, TargetConfig, TargetOptions};
pub use schedule::{Cron, Schedule};
pub use targets::LambdaFunctionTarget;
#[cfg(feature = "stepfunctions")]
pub use targets::SfnStateMachineTarget;
#[cfg(feature = "sns")]
pub use targets::SnsTopicTarget;
