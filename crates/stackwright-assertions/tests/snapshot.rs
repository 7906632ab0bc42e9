//! Template snapshots and templates taken from a synthesized assembly.

use serde_json::json;
use stackwright_assertions::{
    assert_template_snapshot, snapshot_name, template_text, try_template_text, Match, Template,
};
use stackwright_core::{
    App, CfnResource, CloudAssembly, Stack, StackProps, Stage, StageProps, Value,
};

fn assembly() -> CloudAssembly {
    let app = App::new();
    let stage = Stage::new(&app, "Prod", StageProps::default());
    let stack = Stack::new(&stage, "Storage", StackProps::default());
    let topic = CfnResource::new(
        &stack,
        "Alerts",
        "AWS::SNS::Topic",
        Value::from(json!({ "TopicName": "alerts" })),
    );
    let queue = CfnResource::new(&stack, "Queue", "AWS::SQS::Queue", Value::Null);
    queue.add_depends_on(&topic);
    app.assemble().expect("the app synthesizes")
}

#[test]
fn the_snapshot_text_is_the_template_file_byte_for_byte() {
    let assembly = assembly();
    let stack = assembly.stack("Prod/Storage").unwrap();
    let text = template_text(&assembly, "Prod/Storage");
    assert_eq!(
        text.as_bytes(),
        assembly.file(&stack.template_file).unwrap()
    );
    assert!(text.starts_with("{\n \"Parameters\": {\n  \"BootstrapVersion\": {\n   \"Type\""));
    assert_eq!(snapshot_name("Prod/Storage"), "Prod-Storage");
}

#[test]
fn templates_snapshot_under_the_stack_name_or_a_given_name() {
    let assembly = assembly();
    assert_template_snapshot!(assembly, "Prod/Storage");
    assert_template_snapshot!(&assembly, "Prod/Storage", name = "storage_by_name");
}

#[test]
fn a_missing_stack_is_an_error_listing_the_stacks() {
    let assembly = assembly();
    let expected = r#"the assembly has no stack "Storage"; its stacks are ["Prod/Storage"]"#;
    assert_eq!(
        try_template_text(&assembly, "Storage").unwrap_err(),
        expected
    );
    assert_eq!(
        Template::try_from_stack(&assembly, "Storage").unwrap_err(),
        expected
    );
}

#[test]
fn assertions_run_on_a_synthesized_stack() {
    let assembly = assembly();
    let template = Template::from_stack(&assembly, "Prod/Storage");
    template.resource_count_is("AWS::SNS::Topic", 1);
    template.has_resource_properties("AWS::SNS::Topic", json!({ "TopicName": "alerts" }));
    let topic = template.resource_id("AWS::SNS::Topic", Match::any_value());
    template.has_resource(
        "AWS::SQS::Queue",
        Match::object_like([
            ("DependsOn", Match::array_equals([topic.as_str()])),
            ("Properties", Match::absent()),
        ]),
    );
    template.has_parameter(
        "BootstrapVersion",
        json!({ "Type": "AWS::SSM::Parameter::Value<String>" }),
    );
}
