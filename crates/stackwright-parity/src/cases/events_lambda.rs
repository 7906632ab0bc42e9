//! EventBridge rules targeting Lambda functions, one across stacks: the same tree as
//! `apps/events_lambda.js`.

use stackwright::events::{Cron, EventPattern, LambdaFunctionTarget, Rule, RuleProps, RuleTargetInput, Schedule, TargetOptions};
use stackwright::lambda::{Code, Function, FunctionProps, Runtime};
use stackwright::prelude::*;

use crate::Ignore;

/// No accepted differences.
pub const IGNORED: &[Ignore] = &[];

/// Builds the app.
pub fn build(app: &App) {
    let env = Environment::new("111111111111", "us-east-2");
    let stack = Stack::new(app, "Events", StackProps::default().env(env.clone()));
    let handler = Function::new(
        &stack,
        "Handler",
        FunctionProps::new(Runtime::Python3_12, "index.handler", Code::from_inline("def handler(event, context):\n    return event\n")),
    );
    let on_raw = Rule::new(
        &stack,
        "OnRaw",
        RuleProps::new().event_pattern(EventPattern::s3_object_created("dev-lake-raw", Some("incoming/"))),
    );
    on_raw.add_target(
        &LambdaFunctionTarget::new(&handler).options(TargetOptions::new().retry_attempts(2).max_event_age_seconds(3600)),
    );
    let nightly = Rule::new(
        &stack,
        "Nightly",
        RuleProps::new()
            .schedule(Schedule::cron(Cron::new().minute("0").hour("2")))
            .description("nightly compaction"),
    );
    nightly.add_target(
        &LambdaFunctionTarget::new(&handler)
            .options(TargetOptions::new().input(RuleTargetInput::from_object(serde_json::json!({"mode": "compact"})))),
    );
    let other = Stack::new(app, "Other", StackProps::default().env(env));
    let hourly = Rule::new(&other, "Hourly", RuleProps::new().schedule(Schedule::rate_hours(1)).enabled(false));
    hourly.add_target(&LambdaFunctionTarget::new(&handler));
}
