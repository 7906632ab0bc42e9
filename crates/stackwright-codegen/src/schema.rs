//! Loading the registry schemas from the cfn-lint wheel's `cfnlint/data/schemas/` directory.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde_json::Value as JsonValue;

use crate::fixes;

/// The version of cfn-lint whose schemas are read (scripts/fetch-schemas.sh pins its wheel).
pub const CFN_LINT_VERSION: &str = "1.58.0";

/// One resource type's schema, after the fixes.
pub struct Schema {
    pub type_name: String,
    pub json: JsonValue,
    /// us-east-1 when that region has the type, else the first region (by name) that has it.
    pub lint_region: String,
}

/// Reads every schema named in any region's provider file (the union over regions), sorted
/// by type name, and applies the named fixes.
pub fn load(dir: &Path) -> Result<Vec<Schema>, String> {
    let providers = dir.join("providers");
    let mut files: Vec<_> = fs::read_dir(&providers)
        .map_err(|e| format!("reading {}: {e}", providers.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no provider files in {}", providers.display()));
    }
    let mut ids: BTreeMap<String, String> = BTreeMap::new();
    let mut regions: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in &files {
        let region = file
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let text =
            fs::read_to_string(file).map_err(|e| format!("reading {}: {e}", file.display()))?;
        let map: BTreeMap<String, String> = parse_map(&text)
            .ok_or_else(|| format!("{} is not a map of type name to file id", file.display()))?;
        for (type_name, id) in map {
            match ids.get(&type_name) {
                Some(existing) if existing != &id => {
                    return Err(format!(
                        "{type_name} maps to schema {existing} in one region and {id} in {}: the generator \
                         assumes one schema per type",
                        file.display()
                    ))
                }
                _ => {
                    regions.entry(type_name.clone()).or_default().push(region.clone());
                    ids.insert(type_name, id);
                }
            }
        }
    }
    let mut schemas = Vec::with_capacity(ids.len());
    for (type_name, id) in ids {
        let path = dir.join("resources").join(format!("{id}.json"));
        let text =
            fs::read_to_string(&path).map_err(|e| format!("reading {}: {e}", path.display()))?;
        let json: JsonValue =
            serde_json::from_str(&text).map_err(|e| format!("parsing {}: {e}", path.display()))?;
        if json.get("typeName").and_then(JsonValue::as_str) != Some(type_name.as_str()) {
            return Err(format!("{} does not describe {type_name}", path.display()));
        }
        let list = &regions[&type_name];
        let lint_region = if list.iter().any(|r| r == "us-east-1") {
            "us-east-1".to_owned()
        } else {
            list[0].clone()
        };
        schemas.push(Schema {
            type_name,
            json,
            lint_region,
        });
    }
    fixes::apply_all(&mut schemas)?;
    Ok(schemas)
}

fn parse_map(text: &str) -> Option<BTreeMap<String, String>> {
    let json: JsonValue = serde_json::from_str(text).ok()?;
    json.as_object()?
        .iter()
        .map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
        .collect()
}
