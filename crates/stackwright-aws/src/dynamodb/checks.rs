//! DynamoDB's naming rules and limits, as messages.

use stackwright_core::Val;

use crate::validate::{check_chars, check_literal};

/// Global secondary indexes per table (DynamoDB's default quota).
pub(super) const MAX_GLOBAL_INDEXES: usize = 20;
/// Non-key attributes projected into all of a table's indexes, counted per index.
pub(super) const MAX_PROJECTED_ATTRIBUTES: usize = 100;

fn name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_.-".contains(c)
}

const NAME_CHARS: &str = "letters, digits and _.-";

/// A table name: 3 to 255 letters, digits and `_.-` (a reference passes).
pub(super) fn check_table_name(name: &Val<String>) -> Result<(), String> {
    check_literal("table name", name, |s| {
        check_chars(s, 3, 255, name_char, NAME_CHARS)
    })
}

/// An index name: 3 to 255 letters, digits and `_.-`.
pub(super) fn check_index_name(name: &str) -> Result<(), String> {
    check_chars(name, 3, 255, name_char, NAME_CHARS).map_err(|e| format!("index name {name:?} {e}"))
}

/// A key, projected or time-to-live attribute name: 1 to 255 characters.
pub(super) fn check_attribute_name(name: &str) -> Result<(), String> {
    check_chars(name, 1, 255, |_| true, "any characters")
        .map_err(|e| format!("attribute name {name:?} {e}"))
}

/// Provisioned capacity units: at least 1.
pub(super) fn check_capacity(what: &str, units: i64) -> Result<(), String> {
    if units >= 1 {
        Ok(())
    } else {
        Err(format!(
            "{what} capacity must be at least 1 unit, not {units}"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_dynamodb_rules() {
        assert!(check_table_name(&Val::from("orders.v2_prod-1")).is_ok());
        assert!(check_table_name(&Val::from("ab")).is_err());
        assert!(check_table_name(&Val::from("a".repeat(256))).is_err());
        assert!(check_table_name(&Val::from("has space")).is_err());
        assert!(check_index_name("by-status").is_ok());
        assert!(check_index_name("by/status").is_err());
        assert!(check_attribute_name("x").is_ok());
        assert!(check_attribute_name("ünïcode with spaces").is_ok());
        assert!(check_attribute_name("").is_err());
        assert!(check_attribute_name(&"é".repeat(255)).is_ok());
        assert!(check_attribute_name(&"é".repeat(256)).is_err());
        assert!(check_capacity("read", 1).is_ok());
        assert_eq!(
            check_capacity("read", 0).unwrap_err(),
            "read capacity must be at least 1 unit, not 0"
        );
    }
}
