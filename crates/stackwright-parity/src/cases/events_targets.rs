//! EventBridge rules targeting a Step Functions state machine (EventBridge assumes the state
//! machine's `EventsRole`, shared by every rule) and SNS topics (the topic policy lets EventBridge
//! publish; a topic encrypted with a key also gets the key), one rule in another stack: the same
//! tree as `apps/events_targets.js`. No deliberate differences (the JavaScript app asks for key
//! rotation, which is our default).

use stackwright::events::{
    Cron, EventPattern, Rule, RuleProps, RuleTargetInput, Schedule, SfnStateMachineTarget,
    SnsTopicTarget, TargetOptions,
};
use stackwright::kms::{Key, KeyProps};
use stackwright::prelude::*;
use stackwright::sns::{Topic, TopicProps};
use stackwright::stepfunctions::{Definition, Pass, PassProps, StateMachine, StateMachineProps};

use crate::Ignore;

/// No accepted differences.
pub const IGNORED: &[Ignore] = &[];

/// Builds the app (twin of `apps/events_targets.js`).
pub fn build(app: &App) {
    let env = Environment::new("111111111111", "us-east-2");
    let stack = Stack::new(app, "Targets", StackProps::default().env(env.clone()));
    let definition = Definition::new();
    let machine = StateMachine::new(
        &stack,
        "Pipeline",
        StateMachineProps::new(&Pass::new(&definition, "Start", PassProps::new())),
    );
    let alerts = Topic::new(&stack, "Alerts", TopicProps::new());
    let key = Key::new(&stack, "Key", KeyProps::new());
    let secure = Topic::new(&stack, "Secure", TopicProps::new().master_key(&key));

    let on_raw = Rule::new(
        &stack,
        "OnRaw",
        RuleProps::new().event_pattern(EventPattern::s3_object_created("dev-raw", Some("incoming/"))),
    );
    on_raw.add_target(
        &SfnStateMachineTarget::new(&machine)
            .options(TargetOptions::new().retry_attempts(3).max_event_age_seconds(7200)),
    );
    on_raw.add_target(
        &SnsTopicTarget::new(&alerts)
            .options(TargetOptions::new().input(RuleTargetInput::from_text("new raw object"))),
    );

    let nightly = Rule::new(
        &stack,
        "Nightly",
        RuleProps::new().schedule(Schedule::cron(Cron::new().minute("0").hour("2"))),
    );
    nightly.add_target(&SfnStateMachineTarget::new(&machine).options(
        TargetOptions::new().input(RuleTargetInput::from_object(serde_json::json!({"mode": "full"}))),
    ));
    nightly.add_target(&SnsTopicTarget::new(&alerts));
    nightly.add_target(&SnsTopicTarget::new(&secure));

    let other = Stack::new(app, "Other", StackProps::default().env(env));
    let hourly = Rule::new(&other, "Hourly", RuleProps::new().schedule(Schedule::rate_hours(1)));
    hourly.add_target(&SfnStateMachineTarget::new(&machine));
    hourly.add_target(&SnsTopicTarget::new(&alerts));
}
