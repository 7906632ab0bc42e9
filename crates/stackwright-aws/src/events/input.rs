//! What a rule sends to a target.

use indexmap::IndexMap;
use stackwright_core::Value;

/// The input a target receives instead of the whole event.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleTargetInput {
    /// A constant JSON document (written as a JSON string).
    Object(serde_json::Value),
    /// A constant text (written as a JSON string).
    Text(String),
    /// Part of the event, by JSON path (`$.detail`).
    EventPath(String),
    /// A template filled from parts of the event: `paths` names JSON paths, the template uses
    /// them as `<name>`.
    Transformer {
        /// Name → JSON path in the event.
        paths: IndexMap<String, String>,
        /// The template.
        template: String,
    },
}

impl RuleTargetInput {
    /// A constant JSON document.
    pub fn from_object(value: serde_json::Value) -> Self {
        RuleTargetInput::Object(value)
    }

    /// A constant text.
    pub fn from_text(text: impl Into<String>) -> Self {
        RuleTargetInput::Text(text.into())
    }

    /// Part of the event.
    pub fn from_event_path(path: impl Into<String>) -> Self {
        RuleTargetInput::EventPath(path.into())
    }

    /// The `(key, value)` entries this input adds to a target.
    pub(crate) fn entries(&self) -> Vec<(&'static str, Value)> {
        match self {
            RuleTargetInput::Object(v) => vec![("Input", Value::from(v.to_string()))],
            RuleTargetInput::Text(t) => {
                vec![(
                    "Input",
                    Value::from(serde_json::Value::from(t.as_str()).to_string()),
                )]
            }
            RuleTargetInput::EventPath(p) => vec![("InputPath", Value::from(p.as_str()))],
            RuleTargetInput::Transformer { paths, template } => {
                let map = paths
                    .iter()
                    .map(|(k, v)| (k.clone(), Value::from(v.as_str())));
                vec![(
                    "InputTransformer",
                    Value::map_of([
                        ("InputPathsMap", Value::Map(map.collect())),
                        ("InputTemplate", Value::from(template.as_str())),
                    ]),
                )]
            }
        }
    }

    /// A JSON path that does not start with `$`, if any.
    pub(crate) fn problem(&self) -> Option<String> {
        let bad = |p: &String| !(p == "$" || p.starts_with("$.") || p.starts_with("$["));
        match self {
            RuleTargetInput::EventPath(p) if bad(p) => Some(format!(
                "input path {p:?} must be a JSON path starting with '$'"
            )),
            RuleTargetInput::Transformer { paths, .. } => {
                paths.values().find(|p| bad(p)).map(|p| {
                    format!("input transformer path {p:?} must be a JSON path starting with '$'")
                })
            }
            _ => None,
        }
    }
}
