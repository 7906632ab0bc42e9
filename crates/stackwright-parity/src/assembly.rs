//! Reading a cloud assembly into what the suite compares: per stack (by display name) one JSON
//! document `{"manifest": {...}, "template": {...}}`. Both sides go through the same reader —
//! aws-cdk-lib's assembly from disk, ours from memory — so our manifests are checked too.
//!
//! Normalizations, each because the difference carries no meaning for CloudFormation or the
//! CDK CLI:
//! - `dependencies` are sorted (the CLI treats them as a set);
//! - an absent `stackName` is the artifact id, and an absent `terminationProtection` is `false`
//!   (that is how the CLI reads them).
//!
//! Everything else in the manifest (bootstrap role ARNs, asset URLs, metadata) is the
//! synthesizer's business and has tests of its own; it is not compared here.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Value as Json};
use stackwright::core::CloudAssembly;

/// The stacks of an assembly, by display name, each as `{"manifest": …, "template": …}`.
pub type Stacks = BTreeMap<String, Json>;

/// Reads the assembly written in `dir` (following nested assemblies of stages).
///
/// # Errors
/// When a manifest or template is missing or not JSON.
pub fn read_dir(dir: &Path) -> Result<Stacks, String> {
    read_stacks(&|path| {
        std::fs::read(dir.join(path)).map_err(|e| format!("cannot read {path}: {e}"))
    })
}

/// Reads an assembly synthesized in memory.
///
/// # Errors
/// When a manifest or template is missing or not JSON.
pub fn from_assembly(assembly: &CloudAssembly) -> Result<Stacks, String> {
    read_stacks(&|path| {
        assembly
            .file(path)
            .map(<[u8]>::to_vec)
            .ok_or_else(|| format!("the assembly has no file {path}"))
    })
}

/// Reads the stacks of an assembly; `read` gives a file's bytes by its path relative to the
/// assembly's root (with `/` separators).
///
/// # Errors
/// When a file is missing or not JSON, or two stacks have the same display name.
pub fn read_stacks(read: &dyn Fn(&str) -> Result<Vec<u8>, String>) -> Result<Stacks, String> {
    let mut stacks = Stacks::new();
    read_manifest(read, "", &mut stacks)?;
    Ok(stacks)
}

fn read_json(read: &dyn Fn(&str) -> Result<Vec<u8>, String>, path: &str) -> Result<Json, String> {
    serde_json::from_slice(&read(path)?).map_err(|e| format!("{path} is not JSON: {e}"))
}

/// Reads the manifest of the assembly in directory `prefix` (empty or ending with `/`).
fn read_manifest(
    read: &dyn Fn(&str) -> Result<Vec<u8>, String>,
    prefix: &str,
    stacks: &mut Stacks,
) -> Result<(), String> {
    let manifest_path = format!("{prefix}manifest.json");
    let manifest = read_json(read, &manifest_path)?;
    let Some(artifacts) = manifest["artifacts"].as_object() else {
        return Ok(());
    };
    for (id, artifact) in artifacts {
        let properties = &artifact["properties"];
        match artifact["type"].as_str() {
            Some("cdk:cloud-assembly") => {
                let dir = properties["directoryName"]
                    .as_str()
                    .ok_or_else(|| format!("{manifest_path}: {id} has no directoryName"))?;
                read_manifest(read, &format!("{prefix}{dir}/"), stacks)?;
            }
            Some("aws:cloudformation:stack") => {
                let template_file = properties["templateFile"]
                    .as_str()
                    .ok_or_else(|| format!("{manifest_path}: {id} has no templateFile"))?;
                let template = read_json(read, &format!("{prefix}{template_file}"))?;
                let name = artifact["displayName"].as_str().unwrap_or(id).to_owned();
                let document = json!({
                    "manifest": stack_manifest(id, artifact),
                    "template": template,
                });
                if stacks.insert(name.clone(), document).is_some() {
                    return Err(format!("two stacks are displayed as {name}"));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The parts of a stack artifact that decide what is deployed where, and in which order.
fn stack_manifest(id: &str, artifact: &Json) -> Json {
    let properties = &artifact["properties"];
    let mut dependencies: Vec<&str> = artifact["dependencies"]
        .as_array()
        .map(|d| d.iter().filter_map(Json::as_str).collect())
        .unwrap_or_default();
    dependencies.sort_unstable();
    let mut manifest = json!({
        "artifactId": id,
        "stackName": properties["stackName"].as_str().unwrap_or(id),
        "environment": artifact["environment"],
        "dependencies": dependencies,
        "terminationProtection": properties["terminationProtection"].as_bool().unwrap_or(false),
    });
    if let Some(tags) = properties.get("tags") {
        manifest["tags"] = tags.clone();
    }
    manifest
}
