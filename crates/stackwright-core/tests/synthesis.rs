//! Synthesis rules: names, references, exports, dependencies, tags, policies, overrides.

mod support;

use serde_json::json;
use stackwright_core::*;
use support::{app, bare};

fn template<'a>(asm: &'a CloudAssembly, stack: &str) -> &'a serde_json::Value {
    &asm.stack(stack)
        .unwrap_or_else(|| panic!("no stack {stack}"))
        .template
}

#[test]
fn a_stack_artifact_reads_its_template_file_as_json() {
    let app = app();
    let s = bare(&app, "S");
    CfnResource::new(
        &s,
        "Topic",
        "AWS::SNS::Topic",
        Value::map_of([("TopicName", "t")]),
    );
    let asm = app.assemble().unwrap();
    let artifact = asm.stack("S").unwrap();
    let file = asm.file(&artifact.template_file).unwrap();
    assert_eq!(artifact.template.text(), file);
    let parsed: serde_json::Value = serde_json::from_slice(file).unwrap();
    assert_eq!(*artifact.template, parsed);
    assert_eq!(
        artifact.template["Resources"]["Topic"]["Properties"]["TopicName"],
        "t"
    );
    // A clone of the template is its JSON; a clone of the artifact reads the same text.
    let owned: serde_json::Value = artifact.template.clone();
    assert_eq!(owned, parsed);
    assert_eq!(artifact.clone(), *artifact);
}

#[test]
fn stack_names_artifact_ids_and_assembly_directories_follow_the_cdk() {
    let app = app();
    let prod = Stage::new(&app, "Prod", StageProps::default());
    let inner = Stage::new(&prod, "Eu", StageProps::default());
    let top = bare(&app, "Top");
    let producer = bare(&prod, "Producer");
    let nested = bare(&inner, "Db");
    for s in [&top, &producer, &nested] {
        CfnResource::new(s, "Topic", "AWS::SNS::Topic", Value::Null);
    }
    assert_eq!(top.stack_name(), "Top");
    assert_eq!(top.artifact_id(), "Top");
    assert_eq!(producer.stack_name(), "Prod-Producer");
    assert_eq!(producer.artifact_id(), "ProdProducer15E88541");
    assert_eq!(nested.stack_name(), "Prod-Eu-Db");
    assert_eq!(inner.stage_name(), "Prod-Eu");
    assert_eq!(inner.assembly_directory(), "assembly-Prod-Eu");
    let asm = app.assemble().unwrap();
    assert_eq!(
        asm.stack("Prod/Producer").unwrap().template_file,
        "assembly-Prod/ProdProducer15E88541.template.json"
    );
    let nested_file = &asm.stack("Prod/Eu/Db").unwrap().template_file;
    assert!(
        nested_file.starts_with("assembly-Prod/assembly-Prod-Eu/"),
        "{nested_file}"
    );
    let root = asm.json("manifest.json").unwrap();
    assert_eq!(
        root["artifacts"]["assembly-Prod"]["type"],
        "cdk:cloud-assembly"
    );
    assert_eq!(
        root["artifacts"]["assembly-Prod"]["properties"]["directoryName"],
        "assembly-Prod"
    );
    let prod_manifest = asm.json("assembly-Prod/manifest.json").unwrap();
    assert_eq!(
        prod_manifest["artifacts"]["assembly-Prod-Eu"]["properties"]["displayName"],
        "Prod/Eu"
    );
    assert_eq!(
        prod_manifest["artifacts"]["ProdProducer15E88541"]["properties"]["stackName"],
        "Prod-Producer"
    );
    assert_eq!(
        prod_manifest["artifacts"]["ProdProducer15E88541"]["displayName"],
        "Prod/Producer"
    );
}

#[test]
fn logical_ids_come_from_the_path_below_the_stack() {
    let app = app();
    let stack = bare(&app, "S");
    let storage = Construct::new(&stack, "Storage");
    let bucket = Construct::new(&storage, "DataBucket");
    CfnResource::new(&bucket, "Resource", "AWS::S3::Bucket", Value::Null);
    let default = Construct::new(&stack, "Default");
    CfnResource::new(&default, "Plain", "AWS::SNS::Topic", Value::Null);
    let t = app.assemble().unwrap().stack("S").unwrap().template.clone();
    let ids: Vec<&String> = t["Resources"].as_object().unwrap().keys().collect();
    assert_eq!(ids, ["StorageDataBucketB1B922FA", "Plain"]);
}

#[test]
fn a_reference_across_stacks_becomes_an_export_an_import_and_a_dependency() {
    let app = app();
    let prod = Stage::new(
        &app,
        "Prod",
        StageProps::default().env(Environment::new("111111111111", "us-east-2")),
    );
    let producer = Stack::new(&prod, "Producer", StackProps::default());
    let storage = Construct::new(&producer, "Storage");
    let data_bucket = Construct::new(&storage, "DataBucket");
    let bucket = CfnResource::new(&data_bucket, "Resource", "AWS::S3::Bucket", Value::Null);
    let consumer = Stack::new(&prod, "Consumer", StackProps::default());
    CfnResource::new(
        &consumer,
        "Param",
        "AWS::SSM::Parameter",
        Value::map_of([
            ("Type", Value::from("String")),
            ("Value", bucket.get_att("Arn").into()),
        ]),
    );
    // A second use of the same value reuses the export.
    CfnOutput::new(&consumer, "Again", OutputProps::new(bucket.get_att("Arn")));

    let asm = app.assemble().unwrap();
    let name = "Prod-Producer:ExportsOutputFnGetAttStorageDataBucketB1B922FAArn2EBC4078";
    let p = template(&asm, "Prod/Producer");
    let outputs = p["Outputs"].as_object().unwrap();
    assert_eq!(outputs.len(), 1);
    assert_eq!(
        p["Outputs"]["ExportsOutputFnGetAttStorageDataBucketB1B922FAArn2EBC4078"],
        json!({ "Value": { "Fn::GetAtt": ["StorageDataBucketB1B922FA", "Arn"] }, "Export": { "Name": name } })
    );
    let c = template(&asm, "Prod/Consumer");
    assert_eq!(
        c["Resources"]["Param"]["Properties"]["Value"],
        json!({ "Fn::ImportValue": name })
    );
    assert_eq!(
        c["Outputs"]["Again"]["Value"],
        json!({ "Fn::ImportValue": name })
    );
    let consumer = asm.stack("Prod/Consumer").unwrap();
    assert_eq!(
        consumer.dependencies,
        vec!["ProdProducer15E88541".to_string()]
    );
    let manifest = asm.json("assembly-Prod/manifest.json").unwrap();
    let deps = &manifest["artifacts"][&consumer.artifact_id]["dependencies"];
    assert_eq!(
        deps,
        &json!([
            "ProdProducer15E88541",
            format!("{}.assets", consumer.artifact_id)
        ])
    );
    let metadata = asm
        .json(&format!(
            "assembly-Prod/{}.metadata.json",
            asm.stack("Prod/Producer").unwrap().artifact_id
        ))
        .unwrap();
    let export_path =
        "/Prod/Producer/Exports/Output{\"Fn::GetAtt\":[\"StorageDataBucketB1B922FA\",\"Arn\"]}";
    assert_eq!(
        metadata[export_path][0]["data"],
        "ExportsOutputFnGetAttStorageDataBucketB1B922FAArn2EBC4078"
    );
}

#[test]
fn sub_variables_and_lazy_values_resolve_references_late() {
    let app = app();
    let a = bare(&app, "A");
    let b = bare(&app, "B");
    let topic = CfnResource::new(&a, "Topic", "AWS::SNS::Topic", Value::Null);
    let later = topic.clone();
    let lazy = Lazy::new(move || later.ref_value().into());
    CfnResource::new(
        &b,
        "Param",
        "AWS::SSM::Parameter",
        Value::map_of([
            ("Type", Value::from("String")),
            (
                "Value",
                Fn::sub_with("${T}-${AWS::Region}", [("T", topic.ref_value())]).into(),
            ),
            ("Description", Value::Lazy(lazy)),
        ]),
    );
    let asm = app.assemble().unwrap();
    let props = &template(&asm, "B")["Resources"]["Param"]["Properties"];
    let export_id =
        stackwright_core::logical_id::make_unique_id(&["Exports", "Output{\"Ref\":\"Topic\"}"]);
    let import = json!({ "Fn::ImportValue": format!("A:{export_id}") });
    assert_eq!(
        props["Value"],
        json!({ "Fn::Sub": ["${T}-${AWS::Region}", { "T": import }] })
    );
    assert_eq!(props["Description"], import);
}

#[test]
fn a_reference_across_environments_is_an_error_naming_both_ends() {
    let app = app();
    let east = Stack::new(
        &app,
        "East",
        StackProps::default().env(Environment::new("111111111111", "us-east-1")),
    );
    let west = Stack::new(
        &app,
        "West",
        StackProps::default().env(Environment::new("111111111111", "us-west-2")),
    );
    let topic = CfnResource::new(&east, "Topic", "AWS::SNS::Topic", Value::Null);
    CfnOutput::new(&west, "Arn", OutputProps::new(topic.ref_value()));
    let err = app.assemble().unwrap_err();
    let e = &err.errors()[0];
    assert_eq!(e.path, "West/Arn");
    let msg = e.to_string();
    assert!(
        msg.contains("East") && msg.contains("West") && msg.contains("different environments"),
        "{msg}"
    );
}

#[test]
fn a_reference_across_stages_is_an_error() {
    let app = app();
    let one = bare(&Stage::new(&app, "One", StageProps::default()), "S");
    let two = bare(&Stage::new(&app, "Two", StageProps::default()), "S");
    let topic = CfnResource::new(&one, "Topic", "AWS::SNS::Topic", Value::Null);
    CfnOutput::new(&two, "Arn", OutputProps::new(topic.ref_value()));
    let err = app.assemble().unwrap_err();
    assert!(err.contains("Two/S/Arn", "different stages"), "{err}");
}

#[test]
fn a_dependency_cycle_is_an_error_naming_the_stacks() {
    let app = app();
    let a = bare(&app, "A");
    let b = bare(&app, "B");
    let ta = CfnResource::new(&a, "Topic", "AWS::SNS::Topic", Value::Null);
    let tb = CfnResource::new(&b, "Topic", "AWS::SNS::Topic", Value::Null);
    CfnOutput::new(&a, "FromB", OutputProps::new(tb.ref_value()));
    CfnOutput::new(&b, "FromA", OutputProps::new(ta.ref_value()));
    let err = app.assemble().unwrap_err();
    let cycle = err
        .errors()
        .iter()
        .find(|e| matches!(e.kind, ErrorKind::DependencyCycle { .. }))
        .expect("a cycle error");
    let msg = cycle.to_string();
    assert!(
        msg.contains("A -> B -> A") || msg.contains("B -> A -> B"),
        "{msg}"
    );
}

#[test]
fn explicit_stack_dependencies_reach_the_manifest() {
    let app = app();
    let a = bare(&app, "A");
    let b = bare(&app, "B");
    CfnResource::new(&a, "Topic", "AWS::SNS::Topic", Value::Null);
    CfnResource::new(&b, "Topic", "AWS::SNS::Topic", Value::Null);
    b.add_dependency(&a);
    let asm = app.assemble().unwrap();
    assert_eq!(asm.stack("B").unwrap().dependencies, vec!["A".to_string()]);
    assert_eq!(
        asm.json("manifest.json").unwrap()["artifacts"]["B"]["dependencies"],
        json!(["A"])
    );
}

#[test]
fn depends_on_conditions_policies_and_overrides_render_in_cdk_order() {
    let app = app();
    let s = bare(&app, "S");
    let param = CfnParameter::new(
        &s,
        "Env",
        ParameterProps::of_type("String").default_value("dev"),
    );
    let cond = CfnCondition::new(&s, "IsProd", Fn::equals(param.value_as_string(), "prod"));
    let first = CfnResource::new(&s, "Zeta", "AWS::SNS::Topic", Value::Null);
    let second = CfnResource::new(&s, "Alpha", "AWS::SNS::Topic", Value::Null);
    let r = CfnResource::new(
        &s,
        "Queue",
        "AWS::SQS::Queue",
        Value::map_of([("DelaySeconds", 5)]),
    );
    r.add_depends_on(&first);
    r.add_depends_on(&second);
    r.set_condition(&cond);
    r.apply_removal_policy(RemovalPolicy::Snapshot);
    r.set_update_policy(Value::map_of([("UseOnlineResharding", true)]));
    r.add_resource_metadata("purpose", "test");
    r.add_property_override("RedrivePolicy.maxReceiveCount", 3);
    r.add_property_override("Tags\\.Name", "dotted");
    r.add_property_deletion_override("DelaySeconds");
    let asm = app.assemble().unwrap();
    let queue = &template(&asm, "S")["Resources"]["Queue"];
    let keys: Vec<&String> = queue.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "Type",
            "Properties",
            "DependsOn",
            "UpdatePolicy",
            "UpdateReplacePolicy",
            "DeletionPolicy",
            "Metadata",
            "Condition"
        ]
    );
    assert_eq!(queue["DependsOn"], json!(["Alpha", "Zeta"]));
    assert_eq!(queue["DeletionPolicy"], "Snapshot");
    assert_eq!(queue["Condition"], "IsProd");
    assert_eq!(
        queue["Properties"],
        json!({ "RedrivePolicy": { "maxReceiveCount": 3 }, "Tags.Name": "dotted" })
    );
}

#[test]
fn removal_policies_map_to_deletion_and_update_replace_policies() {
    let app = app();
    let s = bare(&app, "S");
    let group = Construct::new(&s, "Group");
    RemovalPolicies::of(&group).apply(RemovalPolicy::Destroy);
    CfnResource::new(&group, "Inherits", "AWS::SNS::Topic", Value::Null);
    let own = CfnResource::new(&group, "Own", "AWS::SNS::Topic", Value::Null);
    own.apply_removal_policy(RemovalPolicy::Retain);
    CfnResource::new(&s, "None", "AWS::SNS::Topic", Value::Null);
    let asm = app.assemble().unwrap();
    let r = &template(&asm, "S")["Resources"];
    let inherits = stackwright_core::logical_id::make_unique_id(&["Group", "Inherits"]);
    let own = stackwright_core::logical_id::make_unique_id(&["Group", "Own"]);
    assert_eq!(r[&inherits]["DeletionPolicy"], "Delete");
    assert_eq!(r[&inherits]["UpdateReplacePolicy"], "Delete");
    assert_eq!(r[&own]["DeletionPolicy"], "Retain");
    assert!(r["None"].get("DeletionPolicy").is_none());
}

#[test]
fn tags_are_applied_below_their_scope_sorted_nearest_wins_and_stack_tags_reach_the_manifest() {
    let app = app();
    let s = Stack::new(&app, "S", StackProps::default().tag("owner", "data"));
    Tags::of(&app).add("team", "platform").add("env", "dev");
    let group = Construct::new(&s, "Group");
    Tags::of(&group).add("env", "prod").remove("team");
    let tagged = CfnResource::new(
        &group,
        "Bucket",
        "AWS::S3::Bucket",
        Value::map_of([(
            "Tags",
            Value::list_of([Value::map_of([("Key", "zzz"), ("Value", "mine")])]),
        )]),
    );
    tagged.set_tag_format(TagFormat::KeyValueList("Tags"));
    let other = CfnResource::new(
        &s,
        "Topic",
        "AWS::SNS::Topic",
        Value::map_of([("TopicName", "t"), ("TracingConfig", "Active")]),
    );
    other.set_tag_format(TagFormat::KeyValueList("Tags"));
    CfnResource::new(&s, "Untaggable", "AWS::SNS::Topic", Value::Null);
    let asm = app.assemble().unwrap();
    let r = &template(&asm, "S")["Resources"];
    let bucket_id = stackwright_core::logical_id::make_unique_id(&["Group", "Bucket"]);
    assert_eq!(
        r[&bucket_id]["Properties"]["Tags"],
        json!([{ "Key": "env", "Value": "prod" }, { "Key": "zzz", "Value": "mine" }])
    );
    let topic_keys: Vec<&String> = r["Topic"]["Properties"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(
        topic_keys,
        ["Tags", "TopicName", "TracingConfig"],
        "Tags is inserted in alphabetical position"
    );
    assert_eq!(
        r["Topic"]["Properties"]["Tags"],
        json!([{ "Key": "env", "Value": "dev" }, { "Key": "team", "Value": "platform" }])
    );
    assert!(r["Untaggable"].get("Properties").is_none());
    let manifest = asm.json("manifest.json").unwrap();
    assert_eq!(
        manifest["artifacts"]["S"]["properties"]["tags"],
        json!({ "env": "dev", "owner": "data", "team": "platform" })
    );
}

/// A resource's own tag property is replaced where it stands, even when a property before it
/// sorts after it (untyped properties keep the order given); it is neither moved nor written
/// twice.
#[test]
fn applied_tags_replace_the_own_tag_property_in_place() {
    let app = app();
    let s = bare(&app, "S");
    Tags::of(&s).add("team", "platform");
    let topic = CfnResource::new(
        &s,
        "Topic",
        "AWS::SNS::Topic",
        Value::map_of([
            ("Zeta", Value::from("z")),
            (
                "Tags",
                Value::list_of([Value::map_of([("Key", "own"), ("Value", "x")])]),
            ),
            ("Alpha", Value::from("a")),
        ]),
    );
    topic.set_tag_format(TagFormat::KeyValueList("Tags"));
    let asm = app.assemble().unwrap();
    let properties = &template(&asm, "S")["Resources"]["Topic"]["Properties"];
    let keys: Vec<&String> = properties.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["Zeta", "Tags", "Alpha"]);
    assert_eq!(
        properties["Tags"],
        json!([{ "Key": "own", "Value": "x" }, { "Key": "team", "Value": "platform" }])
    );
}

/// Resources below the same tagged scope share its tags whatever their number, each in its own
/// tag format; one with tags of its own keeps them; below a scope that removes every tag, a
/// resource gets none.
#[test]
fn resources_below_one_tagged_scope_each_get_its_tags_in_their_own_format() {
    let app = app();
    let s = bare(&app, "S");
    Tags::of(&s).add("team", "platform").add("Name", "lake");
    let taggable = |scope: &Construct, id: &str, format: TagFormat, props: Value| {
        CfnResource::new(scope, id, "AWS::SNS::Topic", props).set_tag_format(format);
    };
    let group = Construct::new(&s, "Here");
    let quiet = Construct::new(&s, "Quiet");
    Tags::of(&quiet).remove("team").remove("Name");
    for (id, format, props) in [
        ("List1", TagFormat::KeyValueList("Tags"), Value::Null),
        ("Map1", TagFormat::Map("Tags"), Value::Null),
        ("List2", TagFormat::KeyValueList("Tags"), Value::Null),
        (
            "Own",
            TagFormat::KeyValueList("Tags"),
            Value::map_of([(
                "Tags",
                Value::list_of([Value::map_of([("Key", "own"), ("Value", "x")])]),
            )]),
        ),
        ("List3", TagFormat::KeyValueList("Tags"), Value::Null),
    ] {
        taggable(&group, id, format, props);
    }
    taggable(
        &quiet,
        "Untagged",
        TagFormat::KeyValueList("Tags"),
        Value::Null,
    );
    let asm = app.assemble().unwrap();
    let r = &template(&asm, "S")["Resources"];
    let tags = |path: &[&str]| {
        let id = stackwright_core::logical_id::make_unique_id(path);
        r[&id]["Properties"]["Tags"].clone()
    };
    let list = json!([{ "Key": "Name", "Value": "lake" }, { "Key": "team", "Value": "platform" }]);
    for id in ["List1", "List2", "List3"] {
        assert_eq!(tags(&["Here", id]), list, "{id}");
    }
    assert_eq!(
        tags(&["Here", "Map1"]),
        json!({ "Name": "lake", "team": "platform" })
    );
    assert_eq!(
        tags(&["Here", "Own"]),
        json!([
            { "Key": "Name", "Value": "lake" },
            { "Key": "own", "Value": "x" },
            { "Key": "team", "Value": "platform" }
        ])
    );
    let untagged = stackwright_core::logical_id::make_unique_id(&["Quiet", "Untagged"]);
    assert!(r[&untagged].get("Properties").is_none(), "{}", r[&untagged]);
}

/// Stack tags in the manifest come in the order aws-cdk-lib 2.276 writes them for the same tags
/// (its `localeCompare` sort), not in byte order.
#[test]
fn stack_tags_reach_the_manifest_in_the_cdk_order_of_keys() {
    let app = app();
    let s = Stack::new(
        &app,
        "S",
        StackProps::default().tag("team", "a").tag("Name", "b"),
    );
    Tags::of(&s)
        .add("Team", "c")
        .add("aws-cdk:x", "d")
        .add("_z", "e")
        .add("9lives", "f");
    CfnResource::new(&s, "T", "AWS::SNS::Topic", Value::Null);
    let expected = ["_z", "9lives", "aws-cdk:x", "Name", "team", "Team"];
    assert_eq!(s.tags().keys().collect::<Vec<_>>(), expected);
    let asm = app.assemble().unwrap();
    let manifest = asm.json("manifest.json").unwrap();
    let keys: Vec<&String> = manifest["artifacts"]["S"]["properties"]["tags"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(keys, expected);
}

#[test]
fn aspects_visit_every_node_and_may_add_nodes_and_errors() {
    let app = app();
    let s = bare(&app, "S");
    CfnResource::new(&s, "Open", "AWS::S3::Bucket", Value::Null);
    Aspects::of(&app).add(|node: &Node| {
        if let Some(r) = CfnResource::from_node(node) {
            if r.resource_type() == "AWS::S3::Bucket" && r.rendered_properties().is_empty() {
                node.add_error("buckets must be configured");
            }
        }
        if let Some(stack) = Stack::from_node(node) {
            if stack.node().try_find_child("Added").is_none() {
                CfnResource::new(&stack, "Added", "AWS::SNS::Topic", Value::Null);
            }
        }
    });
    let err = app.assemble().unwrap_err();
    assert!(
        err.contains("S/Open", "buckets must be configured"),
        "{err}"
    );
    assert!(s.node().try_find_child("Added").is_some());
}

#[test]
fn warnings_and_logical_ids_go_to_the_metadata_file() {
    let app = app();
    let s = Stack::new(&app, "S", StackProps::default());
    let t = CfnResource::new(&s, "Topic", "AWS::SNS::Topic", Value::Null);
    t.node().add_warning("check me");
    let asm = app.assemble().unwrap();
    let manifest = asm.json("manifest.json").unwrap();
    assert_eq!(
        manifest["artifacts"]["S"]["additionalMetadataFile"],
        "S.metadata.json"
    );
    let metadata = asm.json("S.metadata.json").unwrap();
    assert_eq!(
        metadata["/S/Topic"],
        json!([{ "type": "aws:cdk:warning", "data": "check me" }, { "type": "aws:cdk:logicalId", "data": "Topic" }])
    );
    assert_eq!(
        metadata["/S/BootstrapVersion"][0]["data"],
        "BootstrapVersion"
    );
    assert_eq!(
        metadata["/S/CheckBootstrapVersion"][0]["data"],
        "CheckBootstrapVersion"
    );
}

#[test]
fn the_bootstrapped_synthesizer_adds_the_version_check_and_deploy_roles() {
    let app = app();
    let agnostic = Stack::new(&app, "Agnostic", StackProps::default());
    let custom = Stack::new(
        &app,
        "Custom",
        StackProps::default()
            .env(Environment::new("222222222222", "eu-west-1"))
            .synthesizer(Synthesizer::bootstrapped("myqual")),
    );
    let plain = bare(&app, "Plain");
    for s in [&agnostic, &custom, &plain] {
        CfnResource::new(s, "Topic", "AWS::SNS::Topic", Value::Null);
    }
    let asm = app.assemble().unwrap();
    let a = template(&asm, "Agnostic");
    assert_eq!(
        a["Parameters"]["BootstrapVersion"]["Default"],
        "/cdk-bootstrap/hnb659fds/version"
    );
    assert_eq!(
        a["Rules"]["CheckBootstrapVersion"]["Assertions"][0]["Assert"]["Fn::Not"][0]
            ["Fn::Contains"][0],
        json!(["1", "2", "3", "4", "5"])
    );
    assert!(template(&asm, "Plain").get("Parameters").is_none());
    let m = asm.json("manifest.json").unwrap();
    let agnostic_props = &m["artifacts"]["Agnostic"]["properties"];
    assert_eq!(
        m["artifacts"]["Agnostic"]["environment"],
        "aws://unknown-account/unknown-region"
    );
    assert_eq!(agnostic_props["assumeRoleArn"], "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-hnb659fds-deploy-role-${AWS::AccountId}-${AWS::Region}");
    let custom_props = &m["artifacts"]["Custom"]["properties"];
    assert_eq!(custom_props["cloudFormationExecutionRoleArn"], "arn:${AWS::Partition}:iam::222222222222:role/cdk-myqual-cfn-exec-role-222222222222-eu-west-1");
    assert_eq!(
        custom_props["bootstrapStackVersionSsmParameter"],
        "/cdk-bootstrap/myqual/version"
    );
    let hash = custom_props["stackTemplateAssetObjectUrl"]
        .as_str()
        .unwrap()
        .trim_start_matches("s3://cdk-myqual-assets-222222222222-eu-west-1/")
        .trim_end_matches(".json")
        .to_owned();
    let assets = asm.json("Custom.assets.json").unwrap();
    let dest = &assets["files"][&hash]["destinations"]["222222222222-eu-west-1"];
    assert_eq!(
        dest["bucketName"],
        "cdk-myqual-assets-222222222222-eu-west-1"
    );
    assert_eq!(dest["objectKey"], format!("{hash}.json"));
    use sha2_check::sha256_hex;
    assert_eq!(sha256_hex(asm.file("Custom.template.json").unwrap()), hash);
    assert!(m["artifacts"].get("Plain.assets").is_none());
    assert!(m["artifacts"]["Plain"]["properties"]
        .get("assumeRoleArn")
        .is_none());
}

mod sha2_check {
    /// SHA-256 as lowercase hex, via the system's `sha256sum` so the test does not reuse our code.
    pub fn sha256_hex(bytes: &[u8]) -> String {
        use std::io::Write;
        use std::process::{Command, Stdio};
        let mut child = Command::new("sha256sum")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("sha256sum");
        child.stdin.take().unwrap().write_all(bytes).unwrap();
        let out = child.wait_with_output().unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap()
            .to_owned()
    }
}

#[test]
fn context_values_are_readable() {
    let app = App::with_props(AppProps::default().context("env", "dev"));
    app.set_context("flag", true);
    assert_eq!(app.context("env"), Some(json!("dev")));
    assert_eq!(app.context("flag"), Some(json!(true)));
    assert_eq!(app.context("missing"), None);
}

#[test]
fn templates_are_written_with_one_space_indentation_and_section_order() {
    let app = app();
    let s = Stack::new(
        &app,
        "S",
        StackProps::default()
            .description("d")
            .transform("AWS::Serverless-2016-10-31"),
    );
    CfnMapping::new(&s, "M", [("a", vec![("b", "c")])]);
    CfnResource::new(&s, "Topic", "AWS::SNS::Topic", Value::Null);
    let asm = app.assemble().unwrap();
    let text = std::str::from_utf8(asm.file("S.template.json").unwrap()).unwrap();
    assert!(text.starts_with("{\n \"Description\": \"d\",\n \"Transform\": \"AWS::Serverless-2016-10-31\",\n \"Parameters\""), "{text}");
    let keys: Vec<&String> = template(&asm, "S").as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "Description",
            "Transform",
            "Parameters",
            "Mappings",
            "Rules",
            "Resources"
        ]
    );
}

#[test]
fn export_value_keeps_an_export_without_consumers_under_the_automatic_name() {
    let automatic = {
        let app = app();
        let a = bare(&app, "A");
        let b = bare(&app, "B");
        let topic = CfnResource::new(&a, "Topic", "AWS::SNS::Topic", Value::Null);
        CfnOutput::new(&b, "Use", OutputProps::new(topic.get_att("TopicName")));
        app.assemble().unwrap().stack("A").unwrap().template["Outputs"].clone()
    };
    let app = app();
    let a = bare(&app, "A");
    bare(&app, "B");
    let topic = CfnResource::new(&a, "Topic", "AWS::SNS::Topic", Value::Null);
    a.export_value(topic.get_att("TopicName"));
    let explicit = app.assemble().unwrap().stack("A").unwrap().template["Outputs"].clone();
    assert_eq!(explicit, automatic);
    assert_eq!(explicit.as_object().unwrap().len(), 1);

    let bad = self::app();
    let s = bare(&bad, "S");
    s.export_value("literal");
    let err = bad.assemble().unwrap_err();
    assert!(
        err.contains("S", "export_value takes a Ref or Fn::GetAtt"),
        "{err}"
    );
}

#[test]
fn integral_floats_are_written_as_integers_and_others_as_they_are() {
    let app = app();
    let s = bare(&app, "S");
    CfnResource::new(
        &s,
        "Queue",
        "AWS::SQS::Queue",
        Value::map_of([
            ("DelaySeconds", Value::from(5.0)),
            ("Ratio", Value::from(2.5)),
        ]),
    );
    CfnParameter::new(
        &s,
        "Size",
        ParameterProps::of_type("Number")
            .min_value(1.0)
            .max_value(10.5),
    );
    let asm = app.assemble().unwrap();
    let text = std::str::from_utf8(asm.file("S.template.json").unwrap()).unwrap();
    assert!(text.contains("\"DelaySeconds\": 5,"), "{text}");
    assert!(text.contains("\"Ratio\": 2.5"), "{text}");
    assert!(text.contains("\"MaxValue\": 10.5,"), "{text}");
    assert!(text.contains("\"MinValue\": 1\n"), "{text}");
}
