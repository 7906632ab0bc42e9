//! The one JSON writer: fixed indentation, keys in the order given, no trailing newline
//! (the CDK writes `JSON.stringify(value, undefined, indent)`).

use serde::Serialize;

/// Serializes with `indent` spaces per level.
pub(crate) fn to_bytes(value: &serde_json::Value, indent: usize) -> Vec<u8> {
    let spaces = vec![b' '; indent];
    let formatter = serde_json::ser::PrettyFormatter::with_indent(&spaces);
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
    value
        .serialize(&mut ser)
        .expect("serializing a JSON value into memory cannot fail");
    out
}

/// Compact JSON, as `JSON.stringify(value)` writes it.
pub(crate) fn compact(value: &serde_json::Value) -> String {
    serde_json::to_string(value).expect("serializing a JSON value into memory cannot fail")
}
