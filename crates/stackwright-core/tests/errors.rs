//! Every error case: the error names the construct path, and a failed synthesis writes nothing
//! (a previous assembly in the output directory stays exactly as it was).

use std::fs;
use std::path::Path;

mod support;

use stackwright_core::*;
use support::{app, bare, BucketProps};

/// Synthesizes into a directory that holds a previous assembly; expects failure with an error
/// at `path` whose message contains `message`, and the directory untouched.
fn assert_fails(build: impl FnOnce(&App), path: &str, message: &str) -> SynthErrors {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("cdk.out");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("manifest.json"), b"previous").unwrap();
    let app = App::with_props(AppProps::default().outdir(&out));
    build(&app);
    let err = app.synth().expect_err("synthesis should fail");
    assert!(
        err.contains(path, message),
        "expected an error at {path:?} containing {message:?}, got:\n{err}"
    );
    assert_eq!(fs::read(out.join("manifest.json")).unwrap(), b"previous");
    assert_eq!(
        entries(parent.path()),
        ["cdk.out"],
        "nothing else is left next to the output"
    );
    assert_eq!(
        entries(&out),
        ["manifest.json"],
        "nothing is added to the output"
    );
    err
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn an_empty_id_is_an_error() {
    assert_fails(
        |app| drop(bare(app, "")),
        "/<empty id>",
        "must not be empty",
    );
}

#[test]
fn an_id_with_a_slash_is_an_error() {
    assert_fails(
        |app| {
            let s = bare(app, "S");
            CfnResource::new(&s, "a/b", "AWS::SNS::Topic", Value::Null);
        },
        "S/a/b",
        "must not contain '/'",
    );
}

#[test]
fn a_duplicate_id_is_an_error_naming_both_nodes() {
    assert_fails(
        |app| {
            let s = bare(app, "S");
            CfnResource::new(&s, "Thing", "AWS::SNS::Topic", Value::Null);
            Construct::new(&s, "Thing");
        },
        "S/Thing",
        "a AWS::SNS::Topic resource already has this path, so this stackwright.Construct cannot",
    );
}

#[test]
fn duplicate_ids_among_many_siblings_are_found_and_name_the_first_node() {
    // A scope with many children finds siblings by id through an index: duplicates added
    // before and after it exists are reported alike, naming the first node of the id.
    let dir = tempfile::tempdir().unwrap();
    let app = App::with_props(AppProps::default().outdir(dir.path().join("cdk.out")));
    let s = bare(&app, "S");
    CfnResource::new(&s, "Early", "AWS::SNS::Topic", Value::Null);
    Construct::new(&s, "Early");
    for i in 0..60 {
        Construct::new(&s, &format!("C{i}"));
    }
    Construct::new(&s, "Early");
    CfnResource::new(&s, "C40", "AWS::SNS::Topic", Value::Null);
    assert_eq!(
        s.node().try_find_child("Early").unwrap().kind_name(),
        "AWS::SNS::Topic resource"
    );
    assert_eq!(
        s.node().try_find_child("C40").unwrap().kind_name(),
        "stackwright.Construct"
    );
    assert_eq!(s.node().try_find_child("C59").unwrap().path(), "S/C59");
    assert!(s.node().try_find_child("C60").is_none());
    let err = app.synth().expect_err("synthesis should fail");
    let duplicates: Vec<String> = err
        .errors()
        .iter()
        .map(ToString::to_string)
        .filter(|e| e.contains("already has this path"))
        .collect();
    assert_eq!(duplicates.len(), 3, "{err}");
    assert!(err.contains(
        "S/Early",
        "a AWS::SNS::Topic resource already has this path, so this stackwright.Construct cannot"
    ));
    assert!(err.contains(
        "S/C40",
        "a stackwright.Construct already has this path, so this AWS::SNS::Topic resource cannot"
    ));
}

#[test]
fn a_resource_outside_a_stack_is_an_error() {
    assert_fails(
        |app| {
            drop(CfnResource::new(
                app,
                "Loose",
                "AWS::SNS::Topic",
                Value::Null,
            ))
        },
        "Loose",
        "must be placed inside a stack",
    );
}

#[test]
fn a_stack_inside_a_stack_and_a_stage_inside_a_stack_are_errors() {
    let err = assert_fails(
        |app| {
            let s = bare(app, "S");
            bare(&s, "Inner");
            Stage::new(&s, "Stage", StageProps::default());
        },
        "S/Inner",
        "inside another stack",
    );
    assert!(err.contains("S/Stage", "a stage cannot be placed inside a stack"));
}

#[test]
fn more_than_500_resources_is_an_error() {
    assert_fails(
        |app| {
            let s = bare(app, "Big");
            for i in 0..501 {
                CfnResource::new(&s, &format!("T{i}"), "AWS::SNS::Topic", Value::Null);
            }
        },
        "Big",
        "501 resources; CloudFormation allows at most 500",
    );
}

#[test]
fn more_than_200_parameters_outputs_or_mappings_are_errors() {
    let err = assert_fails(
        |app| {
            let s = bare(app, "S");
            CfnResource::new(&s, "T", "AWS::SNS::Topic", Value::Null);
            for i in 0..201 {
                CfnParameter::new(&s, &format!("P{i}"), ParameterProps::of_type("String"));
                CfnOutput::new(&s, &format!("O{i}"), OutputProps::new("x"));
                CfnMapping::new(&s, &format!("M{i}"), [("a", vec![("b", "c")])]);
            }
        },
        "S",
        "201 parameters",
    );
    assert!(err.contains("S", "201 outputs"));
    assert!(err.contains("S", "201 mappings"));
}

#[test]
fn a_template_over_a_million_bytes_is_an_error() {
    assert_fails(
        |app| {
            let s = bare(app, "Huge");
            for i in 0..3 {
                let big = "x".repeat(400_000);
                CfnResource::new(
                    &s,
                    &format!("P{i}"),
                    "AWS::SSM::Parameter",
                    Value::map_of([("Type", "String"), ("Value", big.as_str())]),
                );
            }
        },
        "Huge",
        "CloudFormation accepts at most 1000000",
    );
}

#[test]
fn an_invalid_logical_id_override_is_an_error() {
    assert_fails(
        |app| {
            let s = bare(app, "S");
            CfnResource::new(&s, "T", "AWS::SNS::Topic", Value::Null)
                .override_logical_id("not-valid");
        },
        "S/T",
        "invalid logical id \"not-valid\"",
    );
}

#[test]
fn a_duplicate_logical_id_is_an_error_naming_the_other_element() {
    assert_fails(
        |app| {
            let s = bare(app, "S");
            CfnResource::new(&s, "A", "AWS::SNS::Topic", Value::Null).override_logical_id("Same");
            CfnResource::new(&s, "B", "AWS::SNS::Topic", Value::Null).override_logical_id("Same");
        },
        "S/B",
        "logical id \"Same\" is also used by S/A",
    );
}

#[test]
fn a_reference_to_another_apps_construct_is_an_error() {
    let other = app();
    let foreign = bare(&other, "Elsewhere");
    let topic = CfnResource::new(&foreign, "Topic", "AWS::SNS::Topic", Value::Null);
    assert_fails(
        |app| {
            let s = bare(app, "S");
            CfnOutput::new(&s, "Out", OutputProps::new(topic.ref_value()));
        },
        "S/Out",
        "refers to Elsewhere/Topic, which is not part of this app",
    );
}

#[test]
fn a_condition_of_another_stack_is_an_error() {
    assert_fails(
        |app| {
            let a = bare(app, "A");
            let b = bare(app, "B");
            let c = CfnCondition::new(&a, "C", Fn::equals("a", "b"));
            CfnResource::new(&b, "T", "AWS::SNS::Topic", Value::Null).set_condition(&c);
        },
        "B/T",
        "conditions and mappings can only be used in the template of their own stack",
    );
}

#[test]
fn an_error_recorded_by_a_construct_fails_synthesis() {
    assert_fails(
        |app| {
            let s = bare(app, "S");
            Construct::new(&s, "Checked")
                .node()
                .add_error("bucket names must be lowercase");
        },
        "S/Checked",
        "bucket names must be lowercase",
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let app = app();
    let s = bare(&app, "S");
    CfnResource::new(&s, "", "AWS::SNS::Topic", Value::Null);
    CfnResource::new(&app, "Loose", "AWS::SNS::Topic", Value::Null);
    CfnResource::new(&s, "T", "AWS::SNS::Topic", Value::Null).override_logical_id("bad-id");
    let err = app.assemble().unwrap_err();
    let found: Vec<(String, String)> = err
        .errors()
        .iter()
        .map(|e| (e.path.clone(), e.kind.to_string()))
        .collect();
    let expected = [
        (
            "S/<empty id>",
            "invalid construct id \"\": ids must not be empty",
        ),
        (
            "Loose",
            "a AWS::SNS::Topic resource must be placed inside a stack",
        ),
        (
            "S/",
            "invalid logical id \"\": it must be 1 to 255 ASCII letters and digits",
        ),
        (
            "S/T",
            "invalid logical id \"bad-id\": it must be 1 to 255 ASCII letters and digits",
        ),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(p, m)| (p.to_string(), m.to_string()))
        .collect();
    assert_eq!(found, expected, "{err}");
}

#[test]
fn an_override_through_a_non_object_is_an_error() {
    assert_fails(
        |app| {
            let s = bare(app, "S");
            let t = CfnResource::new(
                &s,
                "T",
                "AWS::SNS::Topic",
                Value::map_of([("TopicName", "x")]),
            );
            t.add_property_override("TopicName.Inner", 1);
        },
        "S/T",
        "cannot apply override",
    );
}

#[test]
fn a_successful_synthesis_replaces_the_previous_assembly_whole() {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("out");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("stale.template.json"), b"{}").unwrap();
    fs::write(out.join("synth.lock"), b"cli").unwrap();
    let app = App::with_props(AppProps::default().outdir(&out));
    let s = bare(&app, "S");
    CfnResource::new(&s, "T", "AWS::SNS::Topic", Value::Null);
    app.synth().unwrap();
    // The replaced assembly is kept (whole) for the next synthesis to recycle.
    assert_eq!(
        entries(&out.join(stackwright_core::PREVIOUS_ASSEMBLY_DIR)),
        ["stale.template.json", "synth.lock"]
    );
    assert_eq!(
        entries(&out),
        [
            ".previous",
            "S.metadata.json",
            "S.template.json",
            "cdk.out",
            "manifest.json",
            "synth.lock",
            "tree.json"
        ]
    );
    assert_eq!(entries(parent.path()), ["out"]);
}

#[test]
fn untyped_properties_that_are_not_a_map_are_an_error() {
    assert_fails(
        |app| {
            let s = bare(app, "S");
            CfnResource::new(&s, "T", "AWS::SNS::Topic", Value::from("oops"));
        },
        "S/T",
        "the properties must be a map",
    );
}

#[test]
fn a_logical_id_the_bootstrapped_synthesizer_needs_is_an_error() {
    assert_fails(
        |app| {
            let s = Stack::new(app, "S", StackProps::default());
            CfnParameter::new(&s, "BootstrapVersion", ParameterProps::of_type("String"));
        },
        "S/BootstrapVersion",
        "logical id \"BootstrapVersion\" is also used by the bootstrap-version check",
    );
}

#[test]
fn an_output_with_the_logical_id_of_an_automatic_export_is_an_error() {
    let export_id = logical_id::make_unique_id(&["Exports", r#"Output{"Ref":"Topic"}"#]);
    assert_fails(
        move |app| {
            let producer = bare(app, "Producer");
            let topic = CfnResource::new(&producer, "Topic", "AWS::SNS::Topic", Value::map());
            topic.override_logical_id("Topic");
            let consumer = bare(app, "Consumer");
            CfnOutput::new(&consumer, "Arn", OutputProps::new(topic.ref_value()));
            let own = CfnOutput::new(&producer, "Own", OutputProps::new("mine"));
            own.override_logical_id(export_id);
        },
        "Producer/Own",
        r#"is also used by the export Producer/Exports/Output{"Ref":"Topic"}"#,
    );
}

#[test]
fn a_number_json_cannot_hold_is_an_error_naming_the_element() {
    let err = assert_fails(
        |app| {
            let s = bare(app, "S");
            CfnResource::new(
                &s,
                "Queue",
                "AWS::SQS::Queue",
                Value::map_of([("DelaySeconds", f64::NAN)]),
            );
            CfnParameter::new(
                &s,
                "Size",
                ParameterProps::of_type("Number").max_value(f64::INFINITY),
            );
            let lazy = Lazy::new(|| Value::from(f64::NEG_INFINITY));
            CfnOutput::new(&s, "Out", OutputProps::new(lazy));
        },
        "S/Queue",
        "the number NaN cannot be written to a template",
    );
    assert!(err.contains("S/Size", "the number inf cannot"), "{err}");
    assert!(err.contains("S/Out", "the number -inf cannot"), "{err}");
    assert_eq!(err.errors().len(), 3, "{err}");
}

#[test]
fn a_stack_name_cloudformation_rejects_is_an_error_naming_the_stack() {
    let err = assert_fails(
        |app| {
            bare(app, "my_stack");
            Stack::new(app, "Explicit", StackProps::default().stack_name("1st"));
            let long = "a".repeat(129);
            Stack::new(app, "Long", StackProps::default().stack_name(long));
            bare(&Stage::new(app, "Pro_d", StageProps::default()), "S");
            Stack::new(app, "Fine", StackProps::default().stack_name("a-B-1"));
        },
        "my_stack",
        "invalid stack name \"my_stack\": it must start with a letter",
    );
    assert!(
        err.contains("Explicit", "invalid stack name \"1st\""),
        "{err}"
    );
    assert!(err.contains("Long", "at most 128 characters"), "{err}");
    assert!(
        err.contains("Pro_d/S", "invalid stack name \"Pro_d-S\""),
        "{err}"
    );
    assert_eq!(err.errors().len(), 4, "{err}");
}

#[test]
fn two_stacks_with_one_name_in_one_environment_are_an_error_naming_both() {
    let env = Environment::new("111111111111", "us-east-2");
    let err = assert_fails(
        |app| {
            let one = Stage::new(app, "One", StageProps::default().env(env.clone()));
            let two = Stage::new(app, "Two", StageProps::default().env(env.clone()));
            let shared = || StackProps::default().stack_name("Shared");
            Stack::new(&one, "A", shared());
            Stack::new(&two, "B", shared());
            // Derived names can meet too: `Prod-S` at the top, and `S` in stage `Prod`.
            Stack::new(app, "Prod-S", StackProps::default().env(env.clone()));
            let prod = Stage::new(app, "Prod", StageProps::default().env(env.clone()));
            Stack::new(&prod, "S", StackProps::default());
            // Another environment (or another name) is fine.
            let elsewhere = StackProps::default()
                .stack_name("Shared")
                .env(Environment::new("111111111111", "eu-west-1"));
            Stack::new(app, "Elsewhere", elsewhere);
        },
        "Two/B",
        "stack name \"Shared\" is also used by stack One/A in aws://111111111111/us-east-2",
    );
    assert!(
        err.contains(
            "Prod/S",
            "stack name \"Prod-S\" is also used by stack Prod-S"
        ),
        "{err}"
    );
    assert_eq!(err.errors().len(), 2, "{err}");
}

#[test]
fn get_att_of_an_attribute_a_typed_resource_lacks_is_an_error_at_the_user() {
    let err = assert_fails(
        |app| {
            let s = bare(app, "S");
            let bucket = CfnResource::from_props(&s, "Bucket", BucketProps::default());
            CfnOutput::new(&s, "Bad", OutputProps::new(bucket.get_att("NoSuchAttr")));
            CfnOutput::new(&s, "Good", OutputProps::new(bucket.get_att("Arn")));
            // Untyped resources are not checked: their attributes are not known.
            let untyped = CfnResource::new(&s, "Untyped", "AWS::S3::Bucket", Value::Null);
            CfnOutput::new(&s, "Free", OutputProps::new(untyped.get_att("Anything")));
        },
        "S/Bad",
        "cannot reference S/Bucket: AWS::S3::Bucket has no attribute \"NoSuchAttr\" for \
         Fn::GetAtt (its attributes: Arn, DomainName)",
    );
    assert_eq!(err.errors().len(), 1, "{err}");
}

#[test]
fn a_malformed_account_or_region_is_an_error_naming_the_stack_or_stage() {
    let err = assert_fails(
        |app| {
            let stage = Stage::new(
                app,
                "Prod",
                StageProps::default().env(Environment::new("111111111111", "US-East")),
            );
            // The stack's own region wins, so only the stage's is wrong; its account is wrong.
            let env = Environment {
                account: Some("1234".into()),
                region: Some("us-gov-west-1".into()),
            };
            bare(&stage, "S");
            Stack::new(&stage, "T", StackProps::default().env(env));
            Stack::new(
                app,
                "U",
                StackProps::default().env(Environment::new("111111111111", "useast2")),
            );
        },
        "Prod",
        "invalid region \"US-East\"",
    );
    assert!(
        err.contains(
            "Prod/T",
            "invalid account \"1234\": an AWS account id is 12 digits"
        ),
        "{err}"
    );
    assert!(err.contains("U", "invalid region \"useast2\""), "{err}");
    assert_eq!(err.errors().len(), 3, "{err}");
}

#[test]
fn a_file_where_the_output_directory_should_be_is_an_error_and_is_left_alone() {
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("cdk.out");
    fs::write(&out, b"a file").unwrap();
    let app = App::with_props(AppProps::default().outdir(&out));
    CfnResource::new(&bare(&app, "S"), "T", "AWS::SNS::Topic", Value::Null);
    let err = app.synth().unwrap_err();
    assert!(err.contains("<app>", "it is not a directory"), "{err}");
    assert_eq!(fs::read(&out).unwrap(), b"a file");
    assert_eq!(entries(parent.path()), ["cdk.out"]);
}
