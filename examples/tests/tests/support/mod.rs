//! What the example tests share: where their snapshots live, and finding a resource by the
//! start of its logical id. Each test binary uses part of it.
#![allow(dead_code)]

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
