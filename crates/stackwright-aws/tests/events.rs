//! EventBridge rules: validation errors with the construct path (what they write is checked
//! against aws-cdk-lib by the parity suite's `events_lambda` case).

use indexmap::IndexMap;
use stackwright_aws::events::{
    EventPattern, LambdaFunctionTarget, Rule, RuleProps, RuleTargetInput, Schedule, TargetOptions,
};
use stackwright_aws::lambda::{Code, Function, FunctionProps, Runtime};
use stackwright_core::{App, AppProps, Stack, StackProps};

#[test]
fn invalid_rules_and_targets_are_reported_with_the_rule_path() {
    let app = App::with_props(AppProps::default());
    let stack = Stack::new(&app, "S", StackProps::default());
    Rule::new(&stack, "Nothing", RuleProps::new());
    Rule::new(
        &stack,
        "EmptyPattern",
        RuleProps::new().event_pattern(EventPattern::new()),
    );
    Rule::new(
        &stack,
        "BadSchedule",
        RuleProps::new()
            .schedule(Schedule::expression("every day"))
            .rule_name("no spaces"),
    );
    let handler = Function::new(
        &stack,
        "Fn",
        FunctionProps::new(
            Runtime::Python3_12,
            "index.handler",
            Code::from_inline("x = 1"),
        ),
    );
    let busy = Rule::new(
        &stack,
        "Busy",
        RuleProps::new().schedule(Schedule::rate_minutes(5)),
    );
    let transformer = RuleTargetInput::Transformer {
        paths: IndexMap::from([("key".to_owned(), "detail.object.key".to_owned())]),
        template: "\"<key>\"".to_owned(),
    };
    let options = TargetOptions::new()
        .retry_attempts(200)
        .max_event_age_seconds(10)
        .input(transformer);
    busy.add_target(&LambdaFunctionTarget::new(&handler).options(options));
    for _ in 0..5 {
        busy.add_target(&LambdaFunctionTarget::new(&handler));
    }
    let errors = app.assemble().unwrap_err();
    for (path, message) in [
        ("S/Nothing", "a rule needs a schedule or an event pattern"),
        ("S/EmptyPattern", "the event pattern is empty"),
        (
            "S/BadSchedule",
            "\"every day\" is neither rate(...) nor cron(...)",
        ),
        ("S/BadSchedule", "rule name \"no spaces\" contains ' '"),
        (
            "S/Busy",
            "retry attempts must be between 0 and 185, not 200",
        ),
        (
            "S/Busy",
            "maximum event age (seconds) must be between 60 and 86400, not 10",
        ),
        (
            "S/Busy",
            "input transformer path \"detail.object.key\" must be a JSON path",
        ),
        ("S/Busy", "a rule takes at most 5 targets, not 6"),
    ] {
        assert!(
            errors.contains(path, message),
            "missing {path}: {message} in\n{errors}"
        );
    }
    assert_eq!(errors.errors().len(), 8, "{errors}");
}
