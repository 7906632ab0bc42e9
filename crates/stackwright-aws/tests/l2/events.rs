//! EventBridge rules: validation errors with the construct path, and what the state machine
//! and topic targets grant (what rules write is checked against aws-cdk-lib by the parity
//! suite's `events_lambda` and `events_targets` cases).

use indexmap::IndexMap;
use serde_json::json;
use stackwright_aws::events::{
    EventPattern, LambdaFunctionTarget, Rule, RuleProps, RuleTargetInput, Schedule,
    SfnStateMachineTarget, SnsTopicTarget, TargetOptions,
};
use stackwright_aws::iam::{Principal, Role, RoleProps};
use stackwright_aws::lambda::{Code, Function, FunctionProps, Runtime};
use stackwright_aws::sns::{Topic, TopicProps};
use stackwright_aws::stepfunctions::{
    Definition, Pass, PassProps, StateMachine, StateMachineProps,
};
use stackwright_core::{App, AppProps, Environment, Scope, Stack, StackProps, WARNING_METADATA};

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

fn machine(stack: &Stack) -> StateMachine {
    let definition = Definition::new();
    StateMachine::new(
        stack,
        "Machine",
        StateMachineProps::new(&Pass::new(&definition, "Start", PassProps::new())),
    )
}

#[test]
fn rules_share_the_state_machines_events_role_which_may_start_only_it() {
    let app = App::with_props(AppProps::default());
    let stack = Stack::new(
        &app,
        "S",
        StackProps::default().env(Environment::new("111111111111", "us-east-2")),
    );
    let machine = machine(&stack);
    for id in ["A", "B"] {
        let rule = Rule::new(
            &stack,
            id,
            RuleProps::new().schedule(Schedule::rate_hours(1)),
        );
        rule.add_target(&SfnStateMachineTarget::new(&machine));
    }
    let own = Role::new(
        &stack,
        "Own",
        RoleProps::new(Principal::service("events.amazonaws.com")),
    );
    let c = Rule::new(
        &stack,
        "C",
        RuleProps::new().schedule(Schedule::rate_hours(2)),
    );
    c.add_target(&SfnStateMachineTarget::new(&machine).role(&own));
    let assembly = app.assemble().unwrap();
    let resources = &assembly.stack("S").unwrap().template["Resources"];
    let roles: Vec<&String> = resources
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::IAM::Role")
        .map(|(id, _)| id)
        .collect();
    assert_eq!(
        roles,
        [
            "MachineRoleD2D3D395",
            "MachineEventsRoleC8089716",
            "Own30425842"
        ]
    );
    let start = json!([{"Action": "states:StartExecution", "Effect": "Allow", "Resource": {"Ref": "Machine6FC8AE80"}}]);
    assert_eq!(
        resources["MachineEventsRoleDefaultPolicy62529CC0"]["Properties"]["PolicyDocument"]
            ["Statement"],
        start
    );
    assert_eq!(
        resources["OwnDefaultPolicy498E40D6"]["Properties"]["PolicyDocument"]["Statement"],
        start
    );
    for (rule, role) in [
        ("ACCC8ACD5", "MachineEventsRoleC8089716"),
        ("B08E7C7AF", "MachineEventsRoleC8089716"),
        ("C375D67C5", "Own30425842"),
    ] {
        assert_eq!(
            resources[rule]["Properties"]["Targets"],
            json!([{"Arn": {"Ref": "Machine6FC8AE80"}, "Id": "Target0", "RoleArn": {"Fn::GetAtt": [role, "Arn"]}}]),
            "{rule}"
        );
    }
}

#[test]
fn a_topic_lets_eventbridge_publish_and_an_imported_one_warns() {
    let app = App::with_props(AppProps::default());
    let stack = Stack::new(&app, "S", StackProps::default());
    let topic = Topic::new(&stack, "Topic", TopicProps::new());
    let imported =
        Topic::from_topic_arn(&stack, "Imported", "arn:aws:sns:us-east-2:111111111111:ops");
    let rule = Rule::new(
        &stack,
        "Rule",
        RuleProps::new().schedule(Schedule::rate_days(1)),
    );
    rule.add_target(&SnsTopicTarget::new(&topic));
    rule.add_target(
        &SnsTopicTarget::new(&topic)
            .options(TargetOptions::new().input(RuleTargetInput::from_text("daily"))),
    );
    rule.add_target(&SnsTopicTarget::new(&imported));
    let assembly = app.assemble().unwrap();
    let resources = &assembly.stack("S").unwrap().template["Resources"];
    // One statement, however many targets publish to the topic.
    assert_eq!(
        resources["TopicPolicyA1747468"]["Properties"]["PolicyDocument"]["Statement"],
        json!([{"Action": "sns:Publish", "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
                "Resource": {"Ref": "TopicBFC7AF6E"}, "Sid": "0"}])
    );
    assert_eq!(
        resources["Rule4C995B7F"]["Properties"]["Targets"],
        json!([
            {"Arn": {"Ref": "TopicBFC7AF6E"}, "Id": "Target0"},
            {"Arn": {"Ref": "TopicBFC7AF6E"}, "Id": "Target1", "Input": "\"daily\""},
            {"Arn": "arn:aws:sns:us-east-2:111111111111:ops", "Id": "Target2"}
        ])
    );
    let warnings: Vec<String> = rule
        .node()
        .metadata()
        .into_iter()
        .filter(|m| m.kind == WARNING_METADATA)
        .map(|m| m.data.to_string())
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("S/Imported is imported: its policy must allow events.amazonaws.com"),
        "{warnings:?}"
    );
}
