//! Rust names for CloudFormation names, by explicit tables rather than clever rules.
//!
//! The CloudFormation name is always kept next to the Rust name and is what the generated code
//! renders, so a field name never has to convert back: `SSESpecification` becomes
//! `sse_specification` and still renders as `SSESpecification`.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust keywords (strict, reserved and weak ones that matter) and method names the generated
/// types already use, mapped to the name with a trailing underscore (`type` -> `type_`).
const RESERVED_VALUE_NAMES: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "default", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "new", "override", "priv",
    "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names the generated modules import or that the prelude defines; a property type of
/// the same name gets the suffix `Property` (`Value` -> `ValueProperty`).
const RESERVED_TYPE_NAMES: &[&str] = &[
    "Box",
    "CfnResource",
    "Clone",
    "Debug",
    "Default",
    "Deref",
    "Json",
    "Map",
    "None",
    "Node",
    "Option",
    "PartialEq",
    "Properties",
    "PropertyValue",
    "ResourceProps",
    "ResourceSpec",
    "Result",
    "Scope",
    "Self",
    "Some",
    "String",
    "TagFormat",
    "Val",
    "Value",
    "Vec",
];

/// Word fixes applied before snake-casing, where the mixed-case spelling would split badly
/// (`IPv6` would become `i_pv6`).
const WORD_FIXES: &[(&str, &str)] = &[("IPv4", "Ipv4"), ("IPv6", "Ipv6"), ("IPv", "Ipv")];

/// The snake_case Rust name of a CloudFormation property name (not yet de-duplicated).
pub fn value_name(cfn: &str) -> String {
    let mut s = cfn.to_owned();
    for (from, to) in WORD_FIXES {
        s = s.replace(from, to);
    }
    let mut snake = s.to_snake_case();
    if snake.is_empty() {
        snake = "value".to_owned();
    }
    if snake.starts_with(|c: char| c.is_ascii_digit()) {
        snake.insert(0, '_');
    }
    if RESERVED_VALUE_NAMES.contains(&snake.as_str()) {
        snake.push('_');
    }
    snake
}

/// The module name of a resource (`DBInstance` -> `db_instance`).
pub fn module_name(cfn: &str) -> String {
    value_name(cfn)
}

/// The module and feature name of a service (`StepFunctions` -> `stepfunctions`).
pub fn service_name(cfn: &str) -> String {
    let lower = cfn.to_ascii_lowercase();
    if RESERVED_VALUE_NAMES.contains(&lower.as_str()) {
        format!("{lower}_")
    } else {
        lower
    }
}

/// The UpperCamelCase Rust name of a property type (not yet de-duplicated).
pub fn type_name(cfn: &str) -> String {
    let mut s = cfn.to_owned();
    for (from, to) in WORD_FIXES {
        s = s.replace(from, to);
    }
    let mut camel = s.to_upper_camel_case();
    if camel.is_empty() || camel.starts_with(|c: char| c.is_ascii_digit()) {
        camel.insert_str(0, "Type");
    }
    if RESERVED_TYPE_NAMES.contains(&camel.as_str()) {
        camel.push_str("Property");
    }
    camel
}

/// Makes `name` unique within `used` by appending 2, 3, ... (in the order names are asked
/// for, which the callers keep deterministic: sorted CloudFormation names), and records it.
pub fn unique(used: &mut BTreeSet<String>, name: String, separator: &str) -> String {
    if used.insert(name.clone()) {
        return name;
    }
    (2..)
        .map(|i| format!("{name}{separator}{i}"))
        .find(|candidate| used.insert(candidate.clone()))
        .expect("some suffix is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_and_keywords() {
        assert_eq!(value_name("SSESpecification"), "sse_specification");
        assert_eq!(value_name("BucketName"), "bucket_name");
        assert_eq!(value_name("Type"), "type_");
        assert_eq!(value_name("IPv6CidrBlock"), "ipv6_cidr_block");
        assert_eq!(value_name("DBInstanceIdentifier"), "db_instance_identifier");
        assert_eq!(value_name("S3Bucket"), "s3_bucket");
        assert_eq!(type_name("Value"), "ValueProperty");
        assert_eq!(service_name("StepFunctions"), "stepfunctions");
    }

    #[test]
    fn collisions_get_numbered() {
        let mut used = BTreeSet::new();
        assert_eq!(unique(&mut used, "id".into(), "_"), "id");
        assert_eq!(unique(&mut used, "id".into(), "_"), "id_2");
    }
}
