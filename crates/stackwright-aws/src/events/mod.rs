//! EventBridge: rules on a schedule or an event pattern, and their targets (Lambda functions
//! here; state machines and topics implement [`RuleTarget`] in their own modules).

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
