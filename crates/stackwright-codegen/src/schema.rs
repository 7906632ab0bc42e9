//! Loading the registry schemas from the cfn-lint wheel's `cfnlint/data/schemas/` directory.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde_json::Value as JsonValue;

use crate::fixes;

/// The repository's tool versions (`KEY=value` lines), which scripts/install-tools.sh and
/// scripts/fetch-schemas.sh source too: the one place the cfn-lint version is written.
const VERSIONS_ENV: &str = include_str!("../../../scripts/versions.env");

/// The version of cfn-lint whose schemas are read: `CFN_LINT_VERSION` of scripts/versions.env,
/// taken when the generator is built (a missing key is a compile error).
pub const CFN_LINT_VERSION: &str = env_value(VERSIONS_ENV, "CFN_LINT_VERSION");

/// The non-empty value of `key` in `KEY=value` lines (`#` comments and other lines skipped).
/// Evaluated at compile time, so a missing key stops the build.
const fn env_value(text: &'static str, key: &str) -> &'static str {
    let bytes = text.as_bytes();
    let key = key.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        let mut end = start;
        while end < bytes.len() && bytes[end] != b'\n' {
            end += 1;
        }
        let mut matches = end > start + key.len() + 1 && bytes[start + key.len()] == b'=';
        let mut i = 0;
        while matches && i < key.len() {
            matches = bytes[start + i] == key[i];
            i += 1;
        }
        if matches {
            let (_, rest) = bytes.split_at(start + key.len() + 1);
            let (value, _) = rest.split_at(end - start - key.len() - 1);
            if let Ok(v) = std::str::from_utf8(value) {
                return v;
            }
        }
        start = end + 1;
    }
    panic!("scripts/versions.env lacks a KEY=value line the generator needs")
}

/// Fails unless `dir` holds the schemas of [`CFN_LINT_VERSION`]: scripts/fetch-schemas.sh
/// writes the version into `dir/.complete` after unpacking them.
fn check_version(dir: &Path) -> Result<(), String> {
    let marker = dir.join(".complete");
    let fetch = "run scripts/fetch-schemas.sh and pass the directory it prints \
                 (scripts/check-generated.sh does both)";
    let found = fs::read_to_string(&marker).map_err(|e| {
        format!(
            "{} is missing ({e}): {} was not filled by scripts/fetch-schemas.sh, or not completely; {fetch}",
            marker.display(),
            dir.display()
        )
    })?;
    let found = found.trim();
    if found != CFN_LINT_VERSION {
        return Err(format!(
            "the schemas in {} are from cfn-lint {found}, but scripts/versions.env pins \
             CFN_LINT_VERSION={CFN_LINT_VERSION} (as the generator was built): {fetch}",
            dir.display()
        ));
    }
    Ok(())
}

/// One resource type's schema, after the fixes.
pub struct Schema {
    pub type_name: String,
    pub json: JsonValue,
    /// us-east-1 when that region has the type, else the first region (by name) that has it.
    pub lint_region: String,
}

/// Reads every schema named in any region's provider file (the union over regions), sorted
/// by type name, and applies the named fixes. Fails first unless the directory holds the
/// schemas of the pinned cfn-lint version.
pub fn load(dir: &Path) -> Result<Vec<Schema>, String> {
    check_version(dir)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_version_comes_from_the_versions_file() {
        assert!(VERSIONS_ENV
            .lines()
            .any(|l| l == format!("CFN_LINT_VERSION={CFN_LINT_VERSION}")));
        assert!(
            CFN_LINT_VERSION
                .split('.')
                .all(|p| p.parse::<u32>().is_ok()),
            "{CFN_LINT_VERSION}"
        );
        const TEXT: &str = "# CFN_LINT_VERSION=0\nCFN_LINT=1\nCFN_LINT_VERSION=2.3.4\nX=5";
        assert_eq!(env_value(TEXT, "CFN_LINT_VERSION"), "2.3.4");
        assert_eq!(env_value(TEXT, "X"), "5");
    }

    #[test]
    fn schemas_of_another_version_or_unfinished_are_refused() {
        let dir = std::env::temp_dir().join(format!(
            "stackwright-codegen-version-{}",
            std::process::id()
        ));
        fs::create_dir_all(&dir).unwrap();
        let err = load(&dir).err().unwrap();
        assert!(err.contains(".complete is missing"), "{err}");
        assert!(err.contains("scripts/fetch-schemas.sh"), "{err}");
        fs::write(dir.join(".complete"), "0.0.1\n").unwrap();
        let err = load(&dir).err().unwrap();
        assert!(
            err.contains(
                "are from cfn-lint 0.0.1, but scripts/versions.env pins CFN_LINT_VERSION="
            ),
            "{err}"
        );
        fs::write(dir.join(".complete"), format!("{CFN_LINT_VERSION}\n")).unwrap();
        let err = load(&dir).err().unwrap();
        assert!(err.contains("providers"), "the version check passes: {err}");
        fs::remove_dir_all(&dir).unwrap();
    }
}
