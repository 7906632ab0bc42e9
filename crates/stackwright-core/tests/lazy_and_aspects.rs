//! What `Lazy` values and aspects may do with the tree: read it through every handle (always),
//! change it (aspects: yes; a `Lazy`: no, and the attempt is a synthesis error naming the path,
//! never a panic). A `Lazy` runs once per synthesis, an aspect visits a node once per app, so
//! synthesizing twice gives the same bytes.

mod support;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use serde_json::json;
use stackwright_core::*;
use support::{app, bare, BucketProps};

/// One handle of every kind, in one app.
struct Handles {
    app: App,
    stage: Stage,
    stack: Stack,
    other: Stack,
    construct: Construct,
    topic: CfnResource,
    bucket: CfnResource,
    parameter: CfnParameter,
    output: CfnOutput,
    condition: CfnCondition,
    mapping: CfnMapping,
    asset: FileAsset,
    _asset_source: tempfile::NamedTempFile,
}

fn handles() -> Rc<Handles> {
    let app = App::with_props(AppProps::default().context("k", "v"));
    let stage = Stage::new(
        &app,
        "Prod",
        StageProps::default().env(Environment::new("111111111111", "us-east-2")),
    );
    let stack = Stack::new(&stage, "S", StackProps::default().description("d"));
    let other = Stack::new(&stage, "Other", StackProps::default());
    let construct = Construct::new(&stack, "Group");
    let topic = CfnResource::new(
        &construct,
        "Topic",
        "AWS::SNS::Topic",
        Value::map_of([("TopicName", "t")]),
    );
    let bucket = CfnResource::from_props(&stack, "Bucket", BucketProps::default());
    let parameter = CfnParameter::new(&stack, "Env", ParameterProps::of_type("String"));
    let output = CfnOutput::new(&stack, "Out", OutputProps::new("x").export_name("exported"));
    let condition = CfnCondition::new(&stack, "IsProd", Fn::equals("a", "b"));
    let mapping = CfnMapping::new(&stack, "Map", [("a", vec![("b", "c")])]);
    let source = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(source.path(), b"contents").unwrap();
    let asset = FileAsset::new(&stack, "Asset", source.path());
    Rc::new(Handles {
        app,
        stage,
        stack,
        other,
        construct,
        topic,
        bucket,
        parameter,
        output,
        condition,
        mapping,
        asset,
        _asset_source: source,
    })
}

/// Calls every read-only method of every handle and summarizes what they return.
fn read_everything(h: &Handles) -> String {
    let node = h.topic.node();
    let stack_of = Stack::of(&h.topic).map(|s| s.stack_name());
    let mut out = vec![
        node.id(),
        node.path(),
        format!("{:?}", node.parent()),
        format!("{:?}", node.children()),
        format!("{:?}", h.stack.node().try_find_child("Group")),
        h.app.node().find_all().len().to_string(),
        format!("{:?}", node.root()),
        format!("{:?}", node.try_get_context("k")),
        format!("{:?}", node.metadata()),
        node.kind_name(),
        format!("{:?}", h.app.context("k")),
        h.stage.stage_name(),
        h.stage.assembly_directory(),
        format!("{:?}", Stage::from_node(h.stage.node())),
        h.stack.stack_name(),
        h.stack.artifact_id(),
        format!("{:?}", h.stack.environment()),
        format!("{:?}", h.stack.account()),
        format!("{:?}", h.stack.region()),
        format!("{:?}", h.stack.props().description),
        format!("{stack_of:?}"),
        format!("{:?}", Stack::from_node(h.other.node())),
        format!("{:?}", h.construct),
        h.topic.resource_type(),
        format!("{:?}", h.topic.rendered_properties()),
        format!("{:?}", h.bucket.rendered_properties()),
        format!("{:?}", CfnResource::from_node(h.bucket.node())),
        format!("{:?}", h.topic.ref_value()),
        format!("{:?}", h.bucket.get_att("Arn")),
        format!("{:?}", h.parameter.value_as_string()),
        format!("{:?}", h.parameter.value_as_number()),
        format!("{:?}", h.parameter.value_as_list()),
        format!("{:?}", h.output.import_value()),
        format!("{:?}", h.condition.reference()),
        format!("{:?}", h.mapping.find_in_map("a", "b")),
        h.asset.hash().to_owned(),
        format!("{:?}", h.asset.bucket_name()),
        format!("{:?}", h.asset.object_key()),
        format!("{:?}", h.asset.s3_object_url()),
    ];
    out.retain(|s| !s.is_empty());
    out.join("\n")
}

#[test]
fn every_read_only_method_works_inside_a_lazy_value_and_an_aspect() {
    let h = handles();
    let in_lazy = h.clone();
    let lazy = Lazy::new(move || Value::from(read_everything(&in_lazy)));
    CfnOutput::new(&h.other, "Read", OutputProps::new(lazy));
    let expected = read_everything(&h);
    let seen_by_aspect = Rc::new(RefCell::new(Vec::new()));
    let (in_aspect, seen) = (h.clone(), seen_by_aspect.clone());
    Aspects::of(&h.stack).add(move |node: &Node| {
        if node == in_aspect.topic.node() {
            seen.borrow_mut().push(read_everything(&in_aspect));
        }
    });

    let assembly = h.app.assemble().unwrap_or_else(|e| panic!("{e}"));
    let template = &assembly.stack("Prod/Other").unwrap().template;
    assert_eq!(template["Outputs"]["Read"]["Value"], json!(expected));
    assert_eq!(*seen_by_aspect.borrow(), [expected]);
}

#[test]
fn a_change_from_a_lazy_value_is_a_synthesis_error_naming_the_path_and_is_not_made() {
    let h = handles();
    let (in_lazy, calls) = (h.clone(), Rc::new(Cell::new(0)));
    let counted = calls.clone();
    let lazy = Lazy::new(move || {
        counted.set(counted.get() + 1);
        let h = &in_lazy;
        h.topic.node().add_warning("late");
        Construct::new(&h.stack, "Late");
        let late = CfnResource::new(&h.stack, "LateTopic", "AWS::SNS::Topic", Value::Null);
        late.node().add_info("a detached handle still works");
        let matched = h
            .bucket
            .update_props::<BucketProps>(|p| p.bucket_name = Some("late".into()));
        assert!(
            matched,
            "the type matches even though the change is refused"
        );
        Tags::of(&h.stack).add("k", "v");
        Aspects::of(&h.stack).add(|_: &Node| {});
        RemovalPolicies::of(&h.stack).apply(RemovalPolicy::Retain);
        h.app.set_context("k", "changed");
        h.stack.add_dependency(&h.other);
        h.stack.export_value(h.topic.ref_value());
        h.topic.override_logical_id("Renamed");
        h.topic.add_property_override("A", 1);
        h.topic.add_depends_on(&h.bucket);
        h.topic.apply_removal_policy(RemovalPolicy::Destroy);
        Value::from("produced")
    });
    CfnOutput::new(&h.other, "Writes", OutputProps::new(lazy));

    let err = h.app.assemble().unwrap_err();
    let found: Vec<(String, String)> = err
        .errors()
        .iter()
        .map(|e| (e.path.clone(), e.kind.to_string()))
        .collect();
    let expected = [
        ("Prod/S/Group/Topic", "add a warning"),
        ("Prod/S", "add the child \"Late\" (a stackwright.Construct)"),
        (
            "Prod/S",
            "add the child \"LateTopic\" (a AWS::SNS::Topic resource)",
        ),
        ("Prod/S/Bucket", "change the properties"),
        ("Prod/S", "add a tag"),
        ("Prod/S", "add an aspect"),
        ("Prod/S", "apply a removal policy"),
        ("<app>", "set the context value \"k\""),
        ("Prod/S", "add a stack dependency"),
        ("Prod/S", "export a value"),
        ("Prod/S/Group/Topic", "override the logical id"),
        ("Prod/S/Group/Topic", "add an override"),
        ("Prod/S/Group/Topic", "add a dependency"),
        ("Prod/S/Group/Topic", "apply a removal policy"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(path, action)| {
            let message = format!(
                "cannot {action} during synthesis (from a Lazy value used by Prod/Other/Writes): \
                 a Lazy value may read the construct tree but not change it (make changes before \
                 synthesis, or in an aspect)"
            );
            (path.to_string(), message)
        })
        .collect();
    assert_eq!(found, expected, "{err}");
    assert_eq!(calls.get(), 1);

    // Nothing was changed.
    assert!(h.stack.node().try_find_child("Late").is_none());
    assert!(h.topic.node().metadata().is_empty());
    assert_eq!(h.app.context("k"), Some(json!("v")));
    assert!(h.bucket.rendered_properties().is_empty());

    // The next synthesis runs the Lazy again and reports the same, and changes work again
    // once synthesis is over.
    assert_eq!(h.app.assemble().unwrap_err(), err);
    assert_eq!(calls.get(), 2);
    h.topic.node().add_warning("after synthesis");
    assert_eq!(h.topic.node().metadata().len(), 1);
}

#[test]
fn update_props_may_read_the_tree_and_a_nested_update_is_an_error() {
    let app = app();
    let stack = bare(&app, "S");
    let bucket = CfnResource::from_props(&stack, "Bucket", BucketProps::default());
    let updated = bucket.update_props::<BucketProps>(|p| {
        // Reading the tree (even this very resource) inside the closure works.
        let name = format!("{}-{}", stack.stack_name(), bucket.resource_type());
        p.bucket_name = Some(name.into());
    });
    assert!(updated);
    assert_eq!(
        bucket.rendered_properties()["BucketName"],
        Value::from("S-AWS::S3::Bucket")
    );
    assert!(!bucket.update_props::<support::NotBucketProps>(|_| {}));

    let inner = bucket.clone();
    bucket.update_props::<BucketProps>(|p| {
        p.bucket_name = Some("outer".into());
        inner.update_props::<BucketProps>(|q| q.bucket_name = Some("inner".into()));
    });
    assert_eq!(
        bucket.rendered_properties()["BucketName"],
        Value::from("outer")
    );
    let err = app.assemble().unwrap_err();
    assert!(
        err.contains(
            "S/Bucket",
            "update_props was called on this resource from inside its own update_props"
        ),
        "{err}"
    );
}

#[test]
fn a_lazy_value_runs_once_per_synthesis_however_many_places_use_it() {
    let app = app();
    let stack = bare(&app, "S");
    // Policy-like state that grows after the construct is created, rendered late.
    let statements: Rc<RefCell<Vec<String>>> = Rc::default();
    let runs = Rc::new(Cell::new(0));
    let (state, counter) = (statements.clone(), runs.clone());
    let document = Lazy::new(move || {
        counter.set(counter.get() + 1);
        Value::list_of(state.borrow().iter().map(String::as_str))
    });
    for id in ["A", "B"] {
        CfnResource::new(
            &stack,
            id,
            "AWS::SNS::Topic",
            Value::map_of([("Document", document.clone())]),
        );
    }
    CfnOutput::new(
        &stack,
        "Out",
        OutputProps::new(Fn::join_list(",", Val::unchecked(document))),
    );
    statements.borrow_mut().push("first".into());

    let assembly = app.assemble().unwrap();
    assert_eq!(runs.get(), 1, "one run for three uses");
    let t = &assembly.stack("S").unwrap().template;
    assert_eq!(
        t["Resources"]["A"]["Properties"]["Document"],
        json!(["first"])
    );
    assert_eq!(
        t["Resources"]["B"]["Properties"]["Document"],
        json!(["first"])
    );
    assert_eq!(
        t["Outputs"]["Out"]["Value"],
        json!({ "Fn::Join": [",", ["first"]] })
    );

    statements.borrow_mut().push("second".into());
    let again = app.assemble().unwrap();
    assert_eq!(runs.get(), 2, "a fresh synthesis recomputes");
    assert_eq!(
        again.stack("S").unwrap().template["Resources"]["B"]["Properties"]["Document"],
        json!(["first", "second"])
    );
}

#[test]
fn a_lazy_value_that_contains_itself_is_an_error() {
    let app = app();
    let stack = bare(&app, "S");
    let slot: Rc<RefCell<Option<Lazy>>> = Rc::default();
    let inner = slot.clone();
    let lazy = Lazy::new(move || Value::list_of([inner.borrow().clone().map(Value::Lazy)]));
    *slot.borrow_mut() = Some(lazy.clone());
    CfnOutput::new(&stack, "Loop", OutputProps::new(lazy));
    let err = app.assemble().unwrap_err();
    assert!(
        err.contains(
            "S/Loop",
            "a Lazy value produces a value that contains itself"
        ),
        "{err}"
    );
}

#[test]
fn synthesis_started_from_inside_a_synthesis_is_an_error_not_a_panic() {
    let app = app();
    let stack = bare(&app, "S");
    let inner_result = Rc::new(RefCell::new(None));
    let (again, result) = (app.clone(), inner_result.clone());
    let lazy = Lazy::new(move || {
        *result.borrow_mut() = Some(again.assemble().map(|_| ()));
        Value::from("x")
    });
    CfnOutput::new(&stack, "Out", OutputProps::new(lazy));
    app.assemble().expect("the outer synthesis is not affected");
    let inner = inner_result.borrow_mut().take().unwrap().unwrap_err();
    assert!(
        inner.contains("<app>", "synthesis was started from inside a synthesis"),
        "{inner}"
    );
}

#[test]
fn an_aspect_visits_each_node_once_per_app_so_two_syntheses_are_byte_identical() {
    let app = app();
    let stack = Stack::new(&app, "S", StackProps::default());
    CfnResource::new(&stack, "Topic", "AWS::SNS::Topic", Value::Null);
    let visits = Rc::new(Cell::new(0));
    let counter = visits.clone();
    Aspects::of(&app).add(move |node: &Node| {
        counter.set(counter.get() + 1);
        if let Some(r) = CfnResource::from_node(node) {
            node.add_warning(format!("checked {}", r.resource_type()));
        }
        if let Some(stack) = Stack::from_node(node) {
            // Not idempotent on purpose: a second visit would add a duplicate id.
            CfnResource::new(&stack, "Added", "AWS::SQS::Queue", Value::Null);
        }
    });

    let first = app.assemble().unwrap_or_else(|e| panic!("{e}"));
    let visits_after_first = visits.get();
    let second = app.assemble().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(visits.get(), visits_after_first, "no node is visited twice");
    assert_eq!(first.files(), second.files());
    let metadata = second.json("S.metadata.json").unwrap();
    for path in ["/S/Topic", "/S/Added"] {
        let warnings: Vec<&serde_json::Value> = metadata[path]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["type"] == WARNING_METADATA)
            .collect();
        assert_eq!(warnings.len(), 1, "{path}: {metadata}");
    }

    // A node added after a synthesis is visited by the next one.
    CfnResource::new(&stack, "Later", "AWS::SNS::Topic", Value::Null);
    let third = app.assemble().unwrap();
    let metadata = third.json("S.metadata.json").unwrap();
    assert_eq!(metadata["/S/Later"][0]["data"], "checked AWS::SNS::Topic");
}

#[test]
fn an_error_added_by_an_aspect_is_reported_once_however_often_the_app_is_synthesized() {
    let app = app();
    let stack = bare(&app, "S");
    CfnResource::new(&stack, "Open", "AWS::S3::Bucket", Value::Null);
    Aspects::of(&app).add(|node: &Node| {
        if CfnResource::from_node(node).is_some() {
            node.add_error("buckets must be configured");
        }
    });
    let first = app.assemble().unwrap_err();
    let second = app.assemble().unwrap_err();
    assert_eq!(first.errors().len(), 1, "{first}");
    assert_eq!(first, second);
}

#[test]
fn a_prepare_callback_runs_once_after_every_aspect_and_may_add_constructs_that_aspects_visit() {
    let app = app();
    let stack = bare(&app, "S");
    let seen_by_aspect = Rc::new(RefCell::new(Vec::<String>::new()));
    let log = seen_by_aspect.clone();
    // The aspect adds a topic; the callback must see it (it runs after the aspects).
    Aspects::of(&app).add(move |node: &Node| {
        log.borrow_mut().push(node.path());
        if let Some(stack) = Stack::from_node(node) {
            CfnResource::new(&stack, "FromAspect", "AWS::SNS::Topic", Value::Null);
        }
    });
    let runs = Rc::new(Cell::new(0));
    let counter = runs.clone();
    let target = stack.clone();
    stack.node().add_prepare(move |node: &Node| {
        counter.set(counter.get() + 1);
        assert_eq!(node.path(), "S");
        let children: Vec<String> = target.node().children().iter().map(Node::id).collect();
        CfnResource::new(
            &target,
            "FromPrepare",
            "AWS::SQS::Queue",
            Value::Map(Properties::from_iter([(
                "QueueName".to_owned(),
                Value::string(children.join(",")),
            )])),
        );
    });
    let first = app.assemble().unwrap_or_else(|e| panic!("{e}"));
    let second = app.assemble().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(runs.get(), 1, "a prepare callback runs once per app");
    assert_eq!(first.files(), second.files());
    let template = first.json("S.template.json").unwrap();
    assert_eq!(
        template["Resources"]["FromPrepare"]["Properties"]["QueueName"],
        json!("FromAspect")
    );
    assert!(
        seen_by_aspect
            .borrow()
            .contains(&"S/FromPrepare".to_owned()),
        "aspects visit what the callback added: {:?}",
        seen_by_aspect.borrow()
    );
}

#[test]
fn a_prepare_callback_may_add_another_and_errors_it_records_are_reported() {
    let app = app();
    let stack = bare(&app, "S");
    let inner = stack.clone();
    stack.node().add_prepare(move |node: &Node| {
        let target = inner.clone();
        node.add_prepare(move |_| {
            CfnResource::new(&target, "Late", "AWS::SNS::Topic", Value::Null);
        });
        node.add_error("checked at prepare");
    });
    let err = app.assemble().unwrap_err();
    assert!(err.contains("S", "checked at prepare"), "{err}");
    assert_eq!(err.errors().len(), 1, "{err}");
    let ok = App::with_props(AppProps::default());
    let s = bare(&ok, "S");
    let target = s.clone();
    s.node().add_prepare(move |node: &Node| {
        let target = target.clone();
        node.add_prepare(move |_| {
            CfnResource::new(&target, "Late", "AWS::SNS::Topic", Value::Null);
        });
    });
    let assembly = ok.assemble().unwrap_or_else(|e| panic!("{e}"));
    assert!(assembly.json("S.template.json").unwrap()["Resources"]["Late"].is_object());
}

#[test]
fn stack_dependencies_are_the_explicit_ones_then_the_stacks_referenced_also_through_lazies() {
    let app = app();
    let producer = bare(&app, "Producer");
    let topic = CfnResource::new(&producer, "Topic", "AWS::SNS::Topic", Value::Null);
    let other = bare(&app, "Other");
    let queue = CfnResource::new(&other, "Queue", "AWS::SQS::Queue", Value::Null);
    let explicit = bare(&app, "Explicit");
    let consumer = bare(&app, "Consumer");
    consumer.add_dependency(&explicit);
    let arn = topic.ref_value();
    CfnResource::new(
        &consumer,
        "Sub",
        "AWS::SNS::Subscription",
        Value::Map(Properties::from_iter([(
            "TopicArn".to_owned(),
            Value::Lazy(Lazy::new(move || arn.clone().into_value())),
        )])),
    );
    CfnOutput::new(&consumer, "QueueUrl", OutputProps::new(queue.ref_value()));
    CfnResource::new(&consumer, "Local", "AWS::SNS::Topic", Value::Null);
    let deps: Vec<String> = consumer
        .dependencies()
        .iter()
        .map(Stack::stack_name)
        .collect();
    assert_eq!(deps, ["Explicit", "Producer", "Other"]);
    assert!(producer.dependencies().is_empty());
    // What synthesis finds agrees.
    let assembly = app.assemble().unwrap_or_else(|e| panic!("{e}"));
    let mut manifest = assembly.stack("Consumer").unwrap().dependencies.clone();
    manifest.sort();
    assert_eq!(manifest, ["Explicit", "Other", "Producer"]);
}

#[test]
fn has_file_assets_counts_only_the_stacks_own_assets() {
    let app = app();
    let with = bare(&app, "With");
    let without = bare(&app, "Without");
    let source = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(source.path(), "x").unwrap();
    FileAsset::new(&with, "Script", source.path());
    assert!(with.has_file_assets());
    assert!(!without.has_file_assets());
}
