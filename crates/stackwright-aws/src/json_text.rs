//! JSON text with CloudFormation references inside, as aws-cdk-lib's `Stack.toJsonString`
//! writes it: literal text pieces and references joined with `Fn::Join`, adjacent literals
//! merged, nested `Fn::Join`s with an empty separator spliced in. The core resolves the
//! references of the result (same stack, or an import of another stack's export). Compact
//! (`JSON.stringify(v)`, state machine definitions) or indented (`JSON.stringify(v, null, 2)`,
//! CodeBuild buildspecs).

use stackwright_core::{Val, Value};

enum Piece {
    Text(String),
    Reference(Value),
}

/// The JSON text of `value`: a literal string when it holds no reference, else an `Fn::Join`
/// of the text around each reference (a reference in a string position is written between
/// quotes, its literal parts JSON-escaped).
#[cfg_attr(
    not(any(feature = "stepfunctions", feature = "codepipeline")),
    allow(dead_code)
)]
pub(crate) fn to_json_string(value: &Value) -> Val<String> {
    joined(value, None)
}

/// The JSON text of `value` indented with `indent` spaces per level, as JavaScript's
/// `JSON.stringify(value, null, indent)` writes it; references as in [`to_json_string`].
#[cfg_attr(not(feature = "codebuild"), allow(dead_code))]
pub(crate) fn to_json_string_indented(value: &Value, indent: usize) -> Val<String> {
    joined(value, Some(&" ".repeat(indent)))
}

fn joined(value: &Value, indent: Option<&str>) -> Val<String> {
    let mut pieces = Vec::new();
    Writer { indent }.write(value, &mut pieces, 0);
    let mut parts: Vec<Value> = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Text(t) => parts.push(Value::String(t)),
            Piece::Reference(r) => splice(r, &mut parts),
        }
    }
    let parts = merge_literals(parts);
    match parts.as_slice() {
        [] => Val::from(""),
        [Value::String(s)] => Val::from(s.as_str()),
        _ => Val::unchecked(Value::Intrinsic(
            "Fn::Join",
            Box::new(Value::list_of([Value::from(""), Value::List(parts)])),
        )),
    }
}

fn text(pieces: &mut Vec<Piece>, s: &str) {
    if let Some(Piece::Text(last)) = pieces.last_mut() {
        last.push_str(s);
    } else {
        pieces.push(Piece::Text(s.to_owned()));
    }
}

/// Writes JSON text, compact or indented.
struct Writer<'a> {
    indent: Option<&'a str>,
}

impl Writer<'_> {
    /// A line break and the indentation of `level` (nothing when compact).
    fn newline(&self, pieces: &mut Vec<Piece>, level: usize) {
        if let Some(indent) = self.indent {
            text(pieces, &format!("\n{}", indent.repeat(level)));
        }
    }

    fn write(&self, value: &Value, pieces: &mut Vec<Piece>, level: usize) {
        match value {
            Value::Null => text(pieces, "null"),
            Value::Bool(b) => text(pieces, if *b { "true" } else { "false" }),
            Value::Number(n) => text(pieces, &n.to_string()),
            Value::String(s) => text(pieces, &quoted(s)),
            Value::List(items) if items.is_empty() => text(pieces, "[]"),
            Value::List(items) => {
                text(pieces, "[");
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        text(pieces, ",");
                    }
                    self.newline(pieces, level + 1);
                    self.write(item, pieces, level + 1);
                }
                self.newline(pieces, level);
                text(pieces, "]");
            }
            Value::Map(entries) if entries.is_empty() => text(pieces, "{}"),
            Value::Map(entries) => {
                text(pieces, "{");
                let colon = if self.indent.is_some() { ": " } else { ":" };
                for (i, (key, item)) in entries.iter().enumerate() {
                    if i > 0 {
                        text(pieces, ",");
                    }
                    self.newline(pieces, level + 1);
                    text(pieces, &quoted(key));
                    text(pieces, colon);
                    self.write(item, pieces, level + 1);
                }
                self.newline(pieces, level);
                text(pieces, "}");
            }
            Value::Lazy(lazy) => self.write(&lazy.produce(), pieces, level),
            reference => {
                text(pieces, "\"");
                pieces.push(Piece::Reference(escape_literals(reference)));
                text(pieces, "\"");
            }
        }
    }
}

/// `s` as a JSON string literal (JavaScript's `JSON.stringify` escapes the same characters).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
}

/// The literal strings inside a reference, JSON-escaped (without quotes), since they end up
/// inside the JSON text once CloudFormation joins the pieces.
fn escape_literals(value: &Value) -> Value {
    match value {
        Value::String(s) => {
            let q = quoted(s);
            Value::String(q[1..q.len() - 1].to_owned())
        }
        Value::List(items) => Value::List(items.iter().map(escape_literals).collect()),
        Value::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), escape_literals(v)))
                .collect(),
        ),
        Value::Intrinsic(name, args) => Value::Intrinsic(name, Box::new(escape_literals(args))),
        Value::Lazy(lazy) => escape_literals(&lazy.produce()),
        other => other.clone(),
    }
}

/// Appends a reference; an `Fn::Join` with an empty separator is spliced into its parts.
fn splice(reference: Value, parts: &mut Vec<Value>) {
    if let Value::Intrinsic("Fn::Join", args) = &reference {
        if let Some([Value::String(separator), Value::List(items)]) = args.as_list() {
            if separator.is_empty() {
                for item in items {
                    match item {
                        Value::String(_) => parts.push(item.clone()),
                        Value::Number(n) => parts.push(Value::String(n.to_string())),
                        other => splice(other.clone(), parts),
                    }
                }
                return;
            }
        }
    }
    parts.push(reference);
}

fn merge_literals(parts: Vec<Value>) -> Vec<Value> {
    let mut out: Vec<Value> = Vec::new();
    for part in parts {
        match (out.last_mut(), part) {
            (Some(Value::String(previous)), Value::String(s)) => previous.push_str(&s),
            (_, part) => out.push(part),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use stackwright_core::{Aws, Fn};

    #[test]
    fn plain_json_stays_a_string() {
        let value = Value::from(serde_json::json!({"a": [1, "x\"y", null, true], "b": {}}));
        assert_eq!(
            to_json_string(&value).as_value().as_str(),
            Some(r#"{"a":[1,"x\"y",null,true],"b":{}}"#)
        );
    }

    #[test]
    fn indented_json_is_written_as_javascript_writes_it() {
        let value = Value::from(
            serde_json::json!({"version": "0.2", "phases": {"build": {"commands": ["make", "echo \"hi\""]}}, "empty": [], "none": {}}),
        );
        assert_eq!(
            to_json_string_indented(&value, 2).as_value().as_str(),
            Some("{\n  \"version\": \"0.2\",\n  \"phases\": {\n    \"build\": {\n      \"commands\": [\n        \"make\",\n        \"echo \\\"hi\\\"\"\n      ]\n    }\n  },\n  \"empty\": [],\n  \"none\": {}\n}")
        );
        let with_ref = Value::map_of([("bucket", Aws::region().into_value())]);
        assert_eq!(
            to_json_string_indented(&with_ref, 2),
            Fn::join(
                "",
                [
                    Val::from("{\n  \"bucket\": \""),
                    Aws::region(),
                    Val::from("\"\n}")
                ]
            )
        );
    }

    #[test]
    fn references_become_join_pieces_with_nested_joins_spliced() {
        let resource = Fn::join(
            "",
            [
                Val::from("arn:"),
                Aws::partition(),
                Val::from(":states:::x"),
            ],
        );
        let value = Value::map_of([
            ("Resource", resource.into_value()),
            (
                "Quote",
                Fn::join("-", [Val::from("a\"b"), Aws::region()]).into_value(),
            ),
        ]);
        let expected = Fn::join(
            "",
            [
                Val::from("{\"Resource\":\"arn:"),
                Aws::partition(),
                Val::from(":states:::x\",\"Quote\":\""),
                Fn::join("-", [Val::from("a\\\"b"), Aws::region()]),
                Val::from("\"}"),
            ],
        );
        assert_eq!(to_json_string(&value), expected);
    }
}
