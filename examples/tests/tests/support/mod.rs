//! What the example tests share: where their snapshots live, finding a resource by the start
//! of its logical id, reading a state machine's definition and a policy's statements. Each test binary uses part of
//! it.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

use serde_json::Value as Json;
use stackwright_assertions::{Match, Template};

/// Runs `f` with insta reading and writing snapshots in the workspace's `snapshots/`
/// directory, named without the test module's prefix (`etl__Etl`, `bootstrap__CDKToolkit`).
pub fn in_snapshots_dir<R>(f: impl FnOnce() -> R) -> R {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/../../snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(f)
}

/// The one resource of `type_name` whose logical id starts with `prefix`: (id, resource).
///
/// # Panics
/// When there is none or more than one, listing what was found.
#[track_caller]
pub fn resource(template: &Template, type_name: &str, prefix: &str) -> (String, Json) {
    let found: Vec<(String, Json)> = template
        .find_resources(type_name, Match::any_value())
        .into_iter()
        .filter(|(id, _)| id.starts_with(prefix))
        .collect();
    assert_eq!(found.len(), 1, "one {type_name} named {prefix}*: {found:?}");
    found.into_iter().next().unwrap()
}

/// The definition of the one state machine whose logical id starts with `prefix`, as JSON: the
/// pieces of its `Fn::Join` joined, each reference written `<Ref:Id>`, `<GetAtt:Id.Attr>` or
/// `<Import>`.
///
/// # Panics
/// When there is no such state machine or its definition is not JSON.
#[track_caller]
pub fn state_machine_definition(template: &Template, prefix: &str) -> Json {
    let (_, machine) = resource(template, "AWS::StepFunctions::StateMachine", prefix);
    let pieces = &machine["Properties"]["DefinitionString"]["Fn::Join"][1];
    let text: String = pieces
        .as_array()
        .expect("the definition is joined from pieces")
        .iter()
        .map(|piece| match piece {
            Json::String(s) => s.clone(),
            Json::Object(o) if o.contains_key("Ref") => {
                format!("<Ref:{}>", o["Ref"].as_str().unwrap())
            }
            Json::Object(o) if o.contains_key("Fn::GetAtt") => {
                let att = &o["Fn::GetAtt"];
                format!(
                    "<GetAtt:{}.{}>",
                    att[0].as_str().unwrap(),
                    att[1].as_str().unwrap()
                )
            }
            Json::Object(o) if o.contains_key("Fn::ImportValue") => "<Import>".to_owned(),
            other => panic!("unexpected piece {other}"),
        })
        .collect();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The statements of an `AWS::IAM::Policy` resource (or any `{"Properties": {"PolicyDocument"}}`).
///
/// # Panics
/// When it has no statement list.
#[track_caller]
pub fn statements(policy: &Json) -> Vec<Json> {
    policy["Properties"]["PolicyDocument"]["Statement"]
        .as_array()
        .expect("a policy document with a statement list")
        .clone()
}

/// A statement's actions, whether written as one string or a list.
///
/// # Panics
/// When `Action` is neither.
#[track_caller]
pub fn actions(statement: &Json) -> Vec<String> {
    match &statement["Action"] {
        Json::String(a) => vec![a.clone()],
        Json::Array(all) => all.iter().map(|a| a.as_str().unwrap().to_owned()).collect(),
        other => panic!("a statement's Action is a string or a list, not {other}"),
    }
}

/// Byte-compiles `files` with `python3 -m py_compile`. The byte code goes to a temporary
/// folder: a `__pycache__` next to an asset's code would change the asset (and the snapshot).
///
/// # Panics
/// When python3 cannot run or a file does not compile, with its error.
#[track_caller]
pub fn assert_python_compiles(files: &[impl AsRef<Path>]) {
    let cache = tempfile::tempdir().unwrap();
    let out = Command::new("python3")
        .args(["-m", "py_compile"])
        .args(files.iter().map(AsRef::as_ref))
        .env("PYTHONPYCACHEPREFIX", cache.path())
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
