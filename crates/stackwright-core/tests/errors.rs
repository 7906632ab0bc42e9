//! Every error case: the error names the construct path, and a failed synthesis writes nothing
//! (a previous assembly in the output directory stays exactly as it was).

use std::fs;
use std::path::Path;

use stackwright_core::*;

fn bare(scope: &impl Scope, id: &str) -> Stack {
    Stack::new(
        scope,
        id,
        StackProps::default().synthesizer(Synthesizer::Bootstrapless),
    )
}

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
    let other = App::with_props(AppProps::default());
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
    let app = App::with_props(AppProps::default());
    let s = bare(&app, "S");
    CfnResource::new(&s, "", "AWS::SNS::Topic", Value::Null);
    CfnResource::new(&app, "Loose", "AWS::SNS::Topic", Value::Null);
    CfnResource::new(&s, "T", "AWS::SNS::Topic", Value::Null).override_logical_id("bad-id");
    let err = app.assemble().unwrap_err();
    assert!(err.errors().len() >= 3, "{err}");
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
    assert_eq!(
        entries(&out),
        [
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
