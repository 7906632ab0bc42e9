//! Assertions for tests of stackwright apps: [`Template`] reads like the intent
//! (`has_resource_properties`), and [`tools`] runs the real validators over a written assembly.

pub mod tools;

use serde_json::Value as Json;
use stackwright_core::CloudAssembly;

/// A synthesized template, ready for assertions.
#[derive(Debug, Clone)]
pub struct Template {
    json: Json,
}

impl Template {
    /// The template of the stack with this display name (its construct path).
    ///
    /// # Panics
    /// When the assembly has no such stack.
    pub fn from_stack(assembly: &CloudAssembly, display_name: &str) -> Self {
        let stack = assembly.stack(display_name).unwrap_or_else(|| {
            let names: Vec<&str> = assembly
                .stacks()
                .iter()
                .map(|s| s.display_name.as_str())
                .collect();
            panic!("no stack {display_name:?}; the assembly has {names:?}")
        });
        Template {
            json: stack.template.clone(),
        }
    }

    /// A template from its JSON.
    pub fn from_json(json: Json) -> Self {
        Template { json }
    }

    /// The whole template.
    pub fn json(&self) -> &Json {
        &self.json
    }

    /// The resources of a type, as `(logical id, resource)` in template order.
    pub fn find_resources(&self, type_name: &str) -> Vec<(String, Json)> {
        self.json["Resources"]
            .as_object()
            .map(|m| {
                m.iter()
                    .filter(|(_, r)| r["Type"] == type_name)
                    .map(|(id, r)| (id.clone(), r.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Asserts how many resources of a type the template has.
    ///
    /// # Panics
    /// When the count differs.
    pub fn resource_count_is(&self, type_name: &str, count: usize) {
        let found = self.find_resources(type_name).len();
        assert_eq!(
            found, count,
            "expected {count} {type_name} resources, found {found}"
        );
    }

    /// Asserts that some resource of a type has properties that contain `expected` (objects
    /// match by subset, everything else exactly).
    ///
    /// # Panics
    /// When none matches.
    pub fn has_resource_properties(&self, type_name: &str, expected: &Json) {
        let resources = self.find_resources(type_name);
        let empty = Json::Object(serde_json::Map::new());
        let found = resources
            .iter()
            .any(|(_, r)| contains(r.get("Properties").unwrap_or(&empty), expected));
        assert!(
            found,
            "no {type_name} has properties matching {expected:#}; the template has {resources:#?}"
        );
    }

    /// Asserts that some resource of a type contains `expected` (type, properties, policies...).
    ///
    /// # Panics
    /// When none matches.
    pub fn has_resource(&self, type_name: &str, expected: &Json) {
        let resources = self.find_resources(type_name);
        let found = resources.iter().any(|(_, r)| contains(r, expected));
        assert!(
            found,
            "no {type_name} matches {expected:#}; the template has {resources:#?}"
        );
    }

    /// Asserts that an output with this logical id contains `expected`.
    ///
    /// # Panics
    /// When it is missing or differs.
    pub fn has_output(&self, logical_id: &str, expected: &Json) {
        let output = &self.json["Outputs"][logical_id];
        assert!(
            contains(output, expected),
            "output {logical_id} is {output:#}, expected it to contain {expected:#}"
        );
    }
}

/// True when `actual` contains `expected`: objects by subset (recursively), the rest equal.
pub fn contains(actual: &Json, expected: &Json) -> bool {
    match (actual, expected) {
        (Json::Object(a), Json::Object(e)) => e
            .iter()
            .all(|(k, v)| a.get(k).is_some_and(|av| contains(av, v))),
        (Json::Array(a), Json::Array(e)) => {
            a.len() == e.len() && a.iter().zip(e).all(|(x, y)| contains(x, y))
        }
        _ => actual == expected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn objects_match_by_subset_and_lists_exactly() {
        let actual = json!({ "A": 1, "B": { "C": [1, { "D": 2, "E": 3 }] } });
        assert!(contains(&actual, &json!({ "B": { "C": [1, { "D": 2 }] } })));
        assert!(!contains(&actual, &json!({ "B": { "C": [1] } })));
        assert!(!contains(&actual, &json!({ "A": 2 })));
        assert!(!contains(&actual, &json!({ "Z": 1 })));
    }
}
