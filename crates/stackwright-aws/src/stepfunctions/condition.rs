//! Typed conditions of a `Choice` state: comparisons of strings, numbers, booleans and
//! timestamps (with a literal or another path), type and presence tests, and `And`/`Or`/`Not`.

use stackwright_core::Properties;
use stackwright_core::Value;

use super::json_path::{check_path, JsonPath, PathUse};

/// A condition of a `Choice` rule.
///
/// ```
/// use stackwright_aws::stepfunctions::Condition;
/// let bulk = Condition::or([
///     Condition::string_equals("$.kind", "bulk"),
///     Condition::number_greater_than_equals("$.count", 100.0),
/// ]);
/// let ready = Condition::and([Condition::is_present("$.id"), Condition::not(Condition::is_null("$.id"))]);
/// # let _ = (bulk, ready);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Condition(Kind);

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Compare {
        variable: JsonPath,
        operator: &'static str,
        value: Operand,
    },
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
}

#[derive(Debug, Clone, PartialEq)]
enum Operand {
    Literal(Value),
    Timestamp(String),
    Path(JsonPath),
}

macro_rules! comparisons {
    ($($(#[$doc:meta])* $name:ident, $path_name:ident, $op:literal, $path_op:literal, $t:ty, $conv:expr;)*) => {$(
        $(#[$doc])*
        pub fn $name(variable: impl Into<JsonPath>, value: $t) -> Self {
            Self::compare(variable, $op, Operand::Literal(($conv)(value)))
        }

        #[doc = concat!("`", $path_op, "`: compares with the value at another path.")]
        pub fn $path_name(variable: impl Into<JsonPath>, path: impl Into<JsonPath>) -> Self {
            Self::compare(variable, $path_op, Operand::Path(path.into()))
        }
    )*};
}

macro_rules! timestamps {
    ($($(#[$doc:meta])* $name:ident, $path_name:ident, $op:literal, $path_op:literal;)*) => {$(
        $(#[$doc])*
        pub fn $name(variable: impl Into<JsonPath>, timestamp: impl Into<String>) -> Self {
            Self::compare(variable, $op, Operand::Timestamp(timestamp.into()))
        }

        #[doc = concat!("`", $path_op, "`: compares with the timestamp at another path.")]
        pub fn $path_name(variable: impl Into<JsonPath>, path: impl Into<JsonPath>) -> Self {
            Self::compare(variable, $path_op, Operand::Path(path.into()))
        }
    )*};
}

macro_rules! tests {
    ($($(#[$doc:meta])* $name:ident, $not_name:ident, $op:literal;)*) => {$(
        $(#[$doc])*
        pub fn $name(variable: impl Into<JsonPath>) -> Self {
            Self::compare(variable, $op, Operand::Literal(Value::Bool(true)))
        }

        #[doc = concat!("`", $op, ": false`.")]
        pub fn $not_name(variable: impl Into<JsonPath>) -> Self {
            Self::compare(variable, $op, Operand::Literal(Value::Bool(false)))
        }
    )*};
}

fn text(s: &str) -> Value {
    Value::from(s)
}

fn number(n: f64) -> Value {
    Value::from(n)
}

impl Condition {
    fn compare(variable: impl Into<JsonPath>, operator: &'static str, value: Operand) -> Self {
        Condition(Kind::Compare {
            variable: variable.into(),
            operator,
            value,
        })
    }

    comparisons! {
        /// `StringEquals`.
        string_equals, string_equals_json_path, "StringEquals", "StringEqualsPath", &str, text;
        /// `StringLessThan` (lexical order).
        string_less_than, string_less_than_json_path, "StringLessThan", "StringLessThanPath", &str, text;
        /// `StringLessThanEquals`.
        string_less_than_equals, string_less_than_equals_json_path, "StringLessThanEquals", "StringLessThanEqualsPath", &str, text;
        /// `StringGreaterThan`.
        string_greater_than, string_greater_than_json_path, "StringGreaterThan", "StringGreaterThanPath", &str, text;
        /// `StringGreaterThanEquals`.
        string_greater_than_equals, string_greater_than_equals_json_path, "StringGreaterThanEquals", "StringGreaterThanEqualsPath", &str, text;
        /// `NumericEquals`.
        number_equals, number_equals_json_path, "NumericEquals", "NumericEqualsPath", f64, number;
        /// `NumericLessThan`.
        number_less_than, number_less_than_json_path, "NumericLessThan", "NumericLessThanPath", f64, number;
        /// `NumericLessThanEquals`.
        number_less_than_equals, number_less_than_equals_json_path, "NumericLessThanEquals", "NumericLessThanEqualsPath", f64, number;
        /// `NumericGreaterThan`.
        number_greater_than, number_greater_than_json_path, "NumericGreaterThan", "NumericGreaterThanPath", f64, number;
        /// `NumericGreaterThanEquals`.
        number_greater_than_equals, number_greater_than_equals_json_path, "NumericGreaterThanEquals", "NumericGreaterThanEqualsPath", f64, number;
        /// `BooleanEquals`.
        boolean_equals, boolean_equals_json_path, "BooleanEquals", "BooleanEqualsPath", bool, Value::Bool;
    }

    timestamps! {
        /// `TimestampEquals` with an RFC 3339 timestamp (`2030-01-01T00:00:00Z`).
        timestamp_equals, timestamp_equals_json_path, "TimestampEquals", "TimestampEqualsPath";
        /// `TimestampLessThan`.
        timestamp_less_than, timestamp_less_than_json_path, "TimestampLessThan", "TimestampLessThanPath";
        /// `TimestampLessThanEquals`.
        timestamp_less_than_equals, timestamp_less_than_equals_json_path, "TimestampLessThanEquals", "TimestampLessThanEqualsPath";
        /// `TimestampGreaterThan`.
        timestamp_greater_than, timestamp_greater_than_json_path, "TimestampGreaterThan", "TimestampGreaterThanPath";
        /// `TimestampGreaterThanEquals`.
        timestamp_greater_than_equals, timestamp_greater_than_equals_json_path, "TimestampGreaterThanEquals", "TimestampGreaterThanEqualsPath";
    }

    tests! {
        /// `IsPresent: true`: the path exists in the input.
        is_present, is_not_present, "IsPresent";
        /// `IsNull: true`.
        is_null, is_not_null, "IsNull";
        /// `IsString: true`.
        is_string, is_not_string, "IsString";
        /// `IsNumeric: true`.
        is_numeric, is_not_numeric, "IsNumeric";
        /// `IsBoolean: true`.
        is_boolean, is_not_boolean, "IsBoolean";
        /// `IsTimestamp: true`.
        is_timestamp, is_not_timestamp, "IsTimestamp";
    }

    /// `StringMatches`: a pattern where `*` matches any text (`\*` a star, `\\` a backslash).
    pub fn string_matches(variable: impl Into<JsonPath>, pattern: &str) -> Self {
        Self::compare(variable, "StringMatches", Operand::Literal(text(pattern)))
    }

    /// `And`: every condition holds.
    pub fn and(conditions: impl IntoIterator<Item = Condition>) -> Self {
        Condition(Kind::All(conditions.into_iter().collect()))
    }

    /// `Or`: at least one condition holds.
    pub fn or(conditions: impl IntoIterator<Item = Condition>) -> Self {
        Condition(Kind::Any(conditions.into_iter().collect()))
    }

    /// `Not`: the condition does not hold.
    #[allow(clippy::should_implement_trait)]
    pub fn not(condition: Condition) -> Self {
        Condition(Kind::Not(Box::new(condition)))
    }

    /// The condition's keys of a choice rule (`Variable` and the operator, or `And`/`Or`/`Not`).
    pub(crate) fn render(&self) -> Properties {
        let mut out = Properties::new();
        match &self.0 {
            Kind::Compare {
                variable,
                operator,
                value,
            } => {
                let variable = variable.expression().map_or(Value::Null, Value::from);
                out.insert("Variable".to_owned(), variable);
                let value = match value {
                    Operand::Literal(v) => v.clone(),
                    Operand::Timestamp(t) => Value::from(t.as_str()),
                    Operand::Path(p) => p.expression().map_or(Value::Null, Value::from),
                };
                out.insert((*operator).to_owned(), value);
            }
            Kind::All(all) => {
                out.insert("And".to_owned(), list(all));
            }
            Kind::Any(any) => {
                out.insert("Or".to_owned(), list(any));
            }
            Kind::Not(inner) => {
                out.insert("Not".to_owned(), Value::Map(inner.render()));
            }
        }
        out
    }

    /// Problems: invalid paths and timestamps, empty `And`/`Or`.
    pub(crate) fn check(&self, problems: &mut Vec<String>) {
        match &self.0 {
            Kind::Compare {
                variable,
                operator,
                value,
            } => {
                if variable.is_discard() {
                    problems.push(format!(
                        "{operator}: the variable cannot be JsonPath::DISCARD"
                    ));
                } else if let Err(e) = check_path(variable, PathUse::Path) {
                    problems.push(format!("{operator}: variable {e}"));
                }
                match value {
                    Operand::Path(p) if p.is_discard() => {
                        problems.push(format!("{operator}: the path cannot be JsonPath::DISCARD"))
                    }
                    Operand::Path(p) => {
                        if let Err(e) = check_path(p, PathUse::Path) {
                            problems.push(format!("{operator}: {e}"));
                        }
                    }
                    Operand::Timestamp(t) => {
                        if let Err(e) = check_timestamp(t) {
                            problems.push(format!("{operator}: {e}"));
                        }
                    }
                    Operand::Literal(_) => {}
                }
            }
            Kind::All(inner) | Kind::Any(inner) => {
                if inner.is_empty() {
                    let name = if matches!(self.0, Kind::All(_)) {
                        "And"
                    } else {
                        "Or"
                    };
                    problems.push(format!("{name} needs at least one condition"));
                }
                for c in inner {
                    c.check(problems);
                }
            }
            Kind::Not(inner) => inner.check(problems),
        }
    }
}

fn list(conditions: &[Condition]) -> Value {
    Value::List(conditions.iter().map(|c| Value::Map(c.render())).collect())
}

/// An RFC 3339 timestamp as Step Functions compares them: `YYYY-MM-DDThh:mm:ss`, optional
/// fraction, then `Z` or `±hh:mm`.
pub(crate) fn check_timestamp(t: &str) -> Result<(), String> {
    let b = t.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range.clone())
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    let mut valid = b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19);
    if valid {
        let mut i = 19;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            valid = i > start;
        }
        let zone = &t[i.min(t.len())..];
        let offset = zone.len() == 6
            && (zone.starts_with('+') || zone.starts_with('-'))
            && zone.as_bytes()[3] == b':'
            && zone.as_bytes()[1..3].iter().all(u8::is_ascii_digit)
            && zone.as_bytes()[4..6].iter().all(u8::is_ascii_digit);
        valid = valid && (zone == "Z" || offset);
    }
    if valid {
        Ok(())
    } else {
        Err(format!(
            "{t:?} is not an RFC 3339 timestamp such as 2030-01-01T00:00:00Z"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_render_as_choice_rules() {
        let c = Condition::and([
            Condition::is_present("$.id"),
            Condition::not(Condition::number_less_than_json_path("$.a", "$.b")),
        ]);
        assert_eq!(
            Value::Map(c.render()),
            Value::from(serde_json::json!({"And": [
                {"Variable": "$.id", "IsPresent": true},
                {"Not": {"Variable": "$.a", "NumericLessThanPath": "$.b"}}
            ]}))
        );
        assert_eq!(
            Value::Map(Condition::number_equals("$.n", 3.0).render()),
            Value::from(serde_json::json!({"Variable": "$.n", "NumericEquals": 3}))
        );
    }

    #[test]
    fn bad_conditions_are_reported() {
        let mut problems = Vec::new();
        Condition::or([
            Condition::timestamp_less_than("$.due", "tomorrow"),
            Condition::string_equals("due", "x"),
            Condition::and([]),
        ])
        .check(&mut problems);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("\"tomorrow\" is not an RFC 3339 timestamp"));
        assert!(problems[1].contains("StringEquals: variable \"due\" is not a valid JSON path"));
        assert_eq!(problems[2], "And needs at least one condition");
        for ok in ["2030-01-01T00:00:00Z", "2030-01-01T00:00:00.123+02:00"] {
            assert!(check_timestamp(ok).is_ok(), "{ok}");
        }
    }
}
