//! `Tags::of` reaches typed L1 resources through their tag format, merging with the tags given
//! in their own properties, sorted by key.

use serde_json::json;
use stackwright_cfn::{sns, ssm};
use stackwright_core::{App, AppProps, Stack, StackProps, Synthesizer, Tags};

#[test]
fn tags_merge_into_list_and_map_tag_properties() {
    let app = App::with_props(AppProps::default());
    let stack = Stack::new(
        &app,
        "S",
        StackProps::default().synthesizer(Synthesizer::Bootstrapless),
    );
    Tags::of(&app).add("team", "data").add("owner", "platform");
    sns::CfnTopic::new(
        &stack,
        "Topic",
        sns::CfnTopicProps::new().topic_name("alerts").tags(vec![
            sns::topic::Tag::new("owner", "me"),
            sns::topic::Tag::new("cost", "42"),
        ]),
    );
    ssm::CfnParameter::new(
        &stack,
        "Param",
        ssm::CfnParameterProps::new("String", "v").tags([("zone", "raw")]),
    );
    let assembly = app.assemble().unwrap();
    let resources = &assembly.stack("S").unwrap().template["Resources"];
    assert_eq!(
        resources["Topic"]["Properties"],
        json!({
            "Tags": [
                { "Key": "cost", "Value": "42" },
                { "Key": "owner", "Value": "platform" },
                { "Key": "team", "Value": "data" }
            ],
            "TopicName": "alerts"
        })
    );
    assert_eq!(
        resources["Param"]["Properties"]["Tags"],
        json!({ "owner": "platform", "team": "data", "zone": "raw" })
    );
}

/// `AWS::ManagedBlockchain::Accessor`'s `tagging` section names neither `taggable` nor
/// `tagProperty`; both default (to true and `/properties/Tags`), so `Tags::of` reaches it.
#[cfg(feature = "other")]
#[test]
fn tags_reach_a_type_whose_tagging_section_leaves_the_tag_property_to_its_default() {
    use stackwright_cfn::managedblockchain;
    use stackwright_core::TagFormat;
    assert_eq!(
        managedblockchain::accessor::SPEC.tag_format,
        TagFormat::KeyValueList("Tags")
    );
    let app = App::with_props(AppProps::default());
    let stack = Stack::new(
        &app,
        "S",
        StackProps::default().synthesizer(Synthesizer::Bootstrapless),
    );
    Tags::of(&app).add("team", "chain");
    managedblockchain::CfnAccessor::new(
        &stack,
        "Accessor",
        managedblockchain::CfnAccessorProps::new("BILLING_TOKEN"),
    );
    let assembly = app.assemble().unwrap();
    assert_eq!(
        assembly.stack("S").unwrap().template["Resources"]["Accessor"]["Properties"],
        json!({ "AccessorType": "BILLING_TOKEN", "Tags": [{ "Key": "team", "Value": "chain" }] })
    );
}
