//! Validation shared by the constructs: each check returns a message, and [`report`] records it
//! on the construct so that synthesis reports it with the construct path.

use stackwright_core::{Node, Val};

/// Records `result`'s error, if any, on `node`.
pub(crate) fn report(node: &Node, result: Result<(), String>) {
    if let Err(message) = result {
        node.add_error(message);
    }
}

/// A literal value's length and characters, if the value is a literal (references pass).
pub(crate) fn check_literal(
    what: &str,
    value: &Val<String>,
    check: impl FnOnce(&str) -> Result<(), String>,
) -> Result<(), String> {
    match value.as_value().as_str() {
        Some(literal) => check(literal).map_err(|e| format!("{what} {literal:?} {e}")),
        None => Ok(()),
    }
}

/// Length between `min` and `max` characters, every character allowed by `allowed`.
pub(crate) fn check_chars(
    literal: &str,
    min: usize,
    max: usize,
    allowed: impl Fn(char) -> bool,
    allowed_text: &str,
) -> Result<(), String> {
    let len = literal.chars().count();
    if len < min || len > max {
        return Err(format!(
            "must be {min} to {max} characters long (it has {len})"
        ));
    }
    match literal.chars().find(|c| !allowed(*c)) {
        Some(c) => Err(format!("contains {c:?}; only {allowed_text} are allowed")),
        None => Ok(()),
    }
}

/// A number within `min..=max`.
pub(crate) fn check_range(what: &str, value: i64, min: i64, max: i64) -> Result<(), String> {
    if (min..=max).contains(&value) {
        Ok(())
    } else {
        Err(format!(
            "{what} must be between {min} and {max}, not {value}"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_say_what_is_wrong() {
        let name = Val::from("bad name!");
        let err = check_literal("role name", &name, |s| {
            check_chars(
                s,
                1,
                64,
                |c| c.is_ascii_alphanumeric(),
                "letters and digits",
            )
        })
        .unwrap_err();
        assert_eq!(
            err,
            "role name \"bad name!\" contains ' '; only letters and digits are allowed"
        );
        assert!(check_range("memory", 64, 128, 10240).is_err());
        assert!(check_range("memory", 128, 128, 10240).is_ok());
    }
}
