//! Typed JSON for `Parameters`, `ResultSelector`, `ItemSelector` and task inputs: literal values,
//! CloudFormation references and JSON paths, written as Step Functions reads them (a path's key
//! gets a `.$` suffix).

use indexmap::IndexMap;
use stackwright_core::Properties;
use stackwright_core::{Val, Value};

use super::json_path::{check_path, JsonPath, PathUse};

/// One JSON value of a state's input processing: a literal, a CloudFormation value (a function
/// ARN, a table name), or a [`JsonPath`] read when the state runs.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    /// JSON `null` (dropped from objects, as aws-cdk-lib drops it).
    Null,
    /// A boolean.
    Bool(bool),
    /// A number.
    Number(serde_json::Number),
    /// A string, literal or a CloudFormation reference.
    Text(Val<String>),
    /// Data read at run time: written as `"<key>.$": "<path>"`.
    Path(JsonPath),
    /// A list (its items may not be paths: Step Functions reads paths only as object values).
    List(Vec<Field>),
    /// An object.
    Object(Fields),
}

/// A JSON object of [`Field`]s, in insertion order.
///
/// ```
/// use stackwright_aws::stepfunctions::{Fields, JsonPath};
/// let payload = Fields::new()
///     .with("status", "FAILED")
///     .with("error", JsonPath::at("$.error.Error"))
///     .with("attempts", 3);
/// assert_eq!(payload.len(), 3);
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Fields(IndexMap<String, Field>);

impl Fields {
    /// An empty object.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) a key.
    #[must_use]
    pub fn with(mut self, key: impl Into<String>, value: impl Into<Field>) -> Self {
        self.insert(key, value);
        self
    }

    /// Adds (or replaces) a key in place.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<Field>) {
        self.0.insert(key.into(), value.into());
    }

    /// The number of keys.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there is no key.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The keys and values, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Field)> {
        self.0.iter()
    }

    /// The object as written into a definition: a path's key gets `.$`, nulls are dropped.
    pub(crate) fn render(&self) -> Value {
        let mut out = Properties::new();
        for (key, field) in &self.0 {
            match field {
                Field::Null => {}
                Field::Path(path) => {
                    let expr = path.expression().map_or(Value::Null, Value::from);
                    out.insert(format!("{key}.$"), expr);
                }
                other => {
                    out.insert(key.clone(), other.render());
                }
            }
        }
        Value::Map(out)
    }

    /// Problems of the paths inside, each located below `at` (`Parameters.Payload`).
    pub(crate) fn check(&self, at: &str, problems: &mut Vec<String>) {
        for (key, field) in &self.0 {
            field.check(&format!("{at}.{key}"), problems);
        }
    }

    /// Whether some path reads the task token.
    pub(crate) fn reads_task_token(&self) -> bool {
        self.0.values().any(Field::reads_task_token)
    }
}

impl<K: Into<String>, V: Into<Field>> FromIterator<(K, V)> for Fields {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        Fields(
            iter.into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }
}

impl Field {
    /// The value as written into a definition (a path at the top is its expression).
    pub(crate) fn render(&self) -> Value {
        match self {
            Field::Null => Value::Null,
            Field::Bool(b) => Value::Bool(*b),
            Field::Number(n) => Value::Number(n.clone()),
            Field::Text(t) => t.as_value().clone(),
            Field::Path(p) => p.expression().map_or(Value::Null, Value::from),
            Field::List(items) => Value::List(items.iter().map(Field::render).collect()),
            Field::Object(fields) => fields.render(),
        }
    }

    /// Problems of the paths inside, located at `at`.
    pub(crate) fn check(&self, at: &str, problems: &mut Vec<String>) {
        match self {
            Field::Path(path) => {
                if let Err(e) = check_path(path, PathUse::Value) {
                    problems.push(format!("{at}: {e}"));
                }
            }
            Field::List(items) => {
                for (i, item) in items.iter().enumerate() {
                    if let Field::Path(path) = item {
                        problems.push(format!(
                            "{at}[{i}]: the JSON path {path} cannot be an item of a list; Step Functions reads paths only as object values"
                        ));
                    } else {
                        item.check(&format!("{at}[{i}]"), problems);
                    }
                }
            }
            Field::Object(fields) => fields.check(at, problems),
            _ => {}
        }
    }

    /// Whether some path inside reads the task token.
    pub(crate) fn reads_task_token(&self) -> bool {
        match self {
            Field::Path(p) => p.reads_task_token(),
            Field::List(items) => items.iter().any(Field::reads_task_token),
            Field::Object(fields) => fields.reads_task_token(),
            _ => false,
        }
    }

    /// A number from a float, integral values written without a fraction.
    pub fn number(n: f64) -> Self {
        match Value::from(n) {
            Value::Number(n) => Field::Number(n),
            _ => Field::Null,
        }
    }
}

impl From<bool> for Field {
    fn from(b: bool) -> Self {
        Field::Bool(b)
    }
}

macro_rules! field_from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Field {
            fn from(n: $t) -> Self {
                Field::Number(n.into())
            }
        }
    )*};
}
field_from_int!(i32, i64, u32, u64, usize);

impl From<f64> for Field {
    fn from(n: f64) -> Self {
        Field::number(n)
    }
}

impl From<&str> for Field {
    fn from(s: &str) -> Self {
        Field::Text(Val::from(s))
    }
}

impl From<String> for Field {
    fn from(s: String) -> Self {
        Field::Text(Val::from(s))
    }
}

impl From<Val<String>> for Field {
    fn from(v: Val<String>) -> Self {
        Field::Text(v)
    }
}

impl From<&Val<String>> for Field {
    fn from(v: &Val<String>) -> Self {
        Field::Text(v.clone())
    }
}

impl From<JsonPath> for Field {
    fn from(p: JsonPath) -> Self {
        Field::Path(p)
    }
}

impl From<Fields> for Field {
    fn from(f: Fields) -> Self {
        Field::Object(f)
    }
}

impl From<Vec<Field>> for Field {
    fn from(items: Vec<Field>) -> Self {
        Field::List(items)
    }
}

/// Plain JSON: strings stay literal strings (a string starting with `$` is not a path; use
/// [`JsonPath`] for paths).
impl From<serde_json::Value> for Field {
    fn from(json: serde_json::Value) -> Self {
        match json {
            serde_json::Value::Null => Field::Null,
            serde_json::Value::Bool(b) => Field::Bool(b),
            serde_json::Value::Number(n) => Field::Number(n),
            serde_json::Value::String(s) => Field::Text(Val::from(s)),
            serde_json::Value::Array(items) => {
                Field::List(items.into_iter().map(Field::from).collect())
            }
            serde_json::Value::Object(map) => Field::Object(map.into_iter().collect()),
        }
    }
}

/// A string: literal, a CloudFormation reference, or a [`JsonPath`] read at run time.
#[derive(Debug, Clone, PartialEq)]
pub enum TextValue {
    /// A literal string or a CloudFormation reference.
    Text(Val<String>),
    /// A path read at run time.
    Path(JsonPath),
}

impl From<&str> for TextValue {
    fn from(s: &str) -> Self {
        TextValue::Text(Val::from(s))
    }
}

impl From<String> for TextValue {
    fn from(s: String) -> Self {
        TextValue::Text(Val::from(s))
    }
}

impl From<Val<String>> for TextValue {
    fn from(v: Val<String>) -> Self {
        TextValue::Text(v)
    }
}

impl From<JsonPath> for TextValue {
    fn from(p: JsonPath) -> Self {
        TextValue::Path(p)
    }
}

impl From<TextValue> for Field {
    fn from(t: TextValue) -> Self {
        match t {
            TextValue::Text(v) => Field::Text(v),
            TextValue::Path(p) => Field::Path(p),
        }
    }
}

/// The input of a task: text, an object, or the data at a path.
///
/// ```
/// use stackwright_aws::stepfunctions::{Fields, JsonPath, TaskInput};
/// let _text = TaskInput::text("succeeded");
/// let _object = TaskInput::object(Fields::new().with("id", JsonPath::at("$.id")));
/// let _whole = TaskInput::json_path_at("$");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct TaskInput(Field);

impl TaskInput {
    /// A string (literal, or a CloudFormation reference).
    pub fn text(text: impl Into<Val<String>>) -> Self {
        TaskInput(Field::Text(text.into()))
    }

    /// An object whose values may be paths.
    pub fn object(fields: Fields) -> Self {
        TaskInput(Field::Object(fields))
    }

    /// The data at a path of the state's input (or of the context object, `$$...`).
    pub fn json_path_at(path: impl Into<String>) -> Self {
        TaskInput(Field::Path(JsonPath::at(path)))
    }

    /// The data a [`JsonPath`] selects (an intrinsic function, a context value).
    pub fn from_json_path(path: JsonPath) -> Self {
        TaskInput(Field::Path(path))
    }

    /// Any JSON value.
    pub fn from_field(field: impl Into<Field>) -> Self {
        TaskInput(field.into())
    }

    /// The value.
    pub fn field(&self) -> &Field {
        &self.0
    }

    /// True when the input is an object.
    pub fn is_object(&self) -> bool {
        matches!(self.0, Field::Object(_))
    }
}

impl From<TaskInput> for Field {
    fn from(input: TaskInput) -> Self {
        input.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_get_the_suffix_and_nulls_vanish_from_objects() {
        let fields = Fields::new()
            .with("id", JsonPath::at("$.id"))
            .with("none", Field::Null)
            .with(
                "fixed",
                Field::from(serde_json::json!({"n": 1.5, "l": [1, null]})),
            );
        assert_eq!(
            fields.render(),
            Value::from(serde_json::json!({"id.$": "$.id", "fixed": {"n": 1.5, "l": [1, null]}}))
        );
        let mut problems = Vec::new();
        Fields::new()
            .with("l", vec![Field::from(JsonPath::at("$.a"))])
            .with("bad", JsonPath::at("a"))
            .check("Parameters", &mut problems);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("Parameters.l[0]: the JSON path $.a cannot be an item"));
        assert!(problems[1].starts_with("Parameters.bad: \"a\" is not a valid JSON path"));
    }
}
