//! [`Match`]: patterns that a JSON value must satisfy, and the [`Mismatch`]es that say where
//! and how it does not.

use std::fmt;

use regex::Regex;
use serde_json::Value as Json;

/// How long a value or pattern may be in a message before it is cut.
const SHOWN_CHARS: usize = 100;

/// A pattern a JSON value must satisfy. Build one with the constructors (`Match::object_like`,
/// `Match::array_with`, `Match::absent`...) or convert plain JSON with `From`/`Into`.
///
/// Plain JSON means what it does in the CDK's `aws-cdk-lib/assertions`, depending on where it
/// sits: at the top of an assertion and inside [`Match::object_like`] a plain object matches any
/// superset of its keys (recursively), while inside [`Match::object_equals`], [`Match::exact`],
/// [`Match::array_with`], [`Match::array_equals`], [`Match::not`] and [`Match::serialized_json`]
/// it must match key for key. A plain array always matches element for element, with the same
/// length.
///
/// ```
/// use serde_json::json;
/// use stackwright_assertions::Match;
///
/// let pattern = Match::object_like([
///     ("BucketName", Match::string_like_regexp("^logs-")),
///     ("Tags", Match::array_with([json!({ "Key": "team", "Value": "data" })])),
///     ("WebsiteConfiguration", Match::absent()),
/// ]);
/// let bucket = json!({
///     "BucketName": "logs-2024",
///     "Tags": [{ "Key": "env", "Value": "prod" }, { "Key": "team", "Value": "data" }],
/// });
/// assert_eq!(pattern.matches(&bucket), Ok(()));
/// ```
#[derive(Debug, Clone)]
pub struct Match(Node);

#[derive(Debug, Clone)]
enum Node {
    /// Plain JSON: objects are partial or exact as the enclosing pattern says.
    Literal(Json),
    /// Plain JSON matched exactly, objects included.
    Exact(Json),
    Object {
        fields: Vec<(String, Match)>,
        partial: bool,
    },
    Array {
        items: Vec<Match>,
        subsequence: bool,
    },
    Absent,
    Any,
    Regex(Regex),
    SerializedJson(Box<Match>),
    Not(Box<Match>),
}

/// One place where a value differs from a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// Where, as a JSON pointer from the value tested (`/Properties/Tags/0/Value`; empty for the
    /// value itself). A `(json)` component steps into a string parsed by
    /// [`Match::serialized_json`].
    pub path: String,
    /// What differs, e.g. `expected "aws:kms", got "AES256"`.
    pub message: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// The fields of an object pattern: a JSON object, or `(key, pattern)` pairs.
pub trait IntoFields {
    /// The fields in order; `Err` describes a value that is not an object.
    fn into_fields(self) -> Result<Vec<(String, Match)>, String>;
}

/// The items of an array pattern: a JSON array, or patterns.
pub trait IntoItems {
    /// The items in order; `Err` describes a value that is not an array.
    fn into_items(self) -> Result<Vec<Match>, String>;
}

impl Match {
    /// Matches an object that has these keys with matching values; other keys may be present.
    /// Plain objects nested in `fields` match the same way.
    ///
    /// # Panics
    /// When `fields` is JSON but not an object.
    pub fn object_like(fields: impl IntoFields) -> Match {
        Match::object("object_like", fields, true)
    }

    /// Matches an object with exactly these keys, with matching values. Plain objects nested in
    /// `fields` must match exactly too.
    ///
    /// # Panics
    /// When `fields` is JSON but not an object.
    pub fn object_equals(fields: impl IntoFields) -> Match {
        Match::object("object_equals", fields, false)
    }

    /// Matches a value deeply equal to `value` (objects key for key, arrays element for element).
    pub fn exact(value: impl Into<Json>) -> Match {
        Match(Node::Exact(value.into()))
    }

    /// Matches an array containing these items in this order, not necessarily next to each other.
    /// Plain objects among `items` must match exactly: wrap them in [`Match::object_like`] to
    /// match a subset of keys. [`Match::absent`] cannot be an item.
    ///
    /// # Panics
    /// When `items` is JSON but not an array.
    pub fn array_with(items: impl IntoItems) -> Match {
        Match::array("array_with", items, true)
    }

    /// Matches an array with exactly these items, in order.
    ///
    /// # Panics
    /// When `items` is JSON but not an array.
    pub fn array_equals(items: impl IntoItems) -> Match {
        Match::array("array_equals", items, false)
    }

    /// Matches any value except `null`; as an object field, the key must be present.
    pub fn any_value() -> Match {
        Match(Node::Any)
    }

    /// As an object field: the key must not be present. Anywhere else nothing matches it.
    pub fn absent() -> Match {
        Match(Node::Absent)
    }

    /// Matches a string in which the regular expression finds a match (unanchored; `^` and `$`
    /// also match at line breaks).
    ///
    /// # Panics
    /// When `pattern` is not a valid regular expression.
    pub fn string_like_regexp(pattern: &str) -> Match {
        let regex = regex::RegexBuilder::new(pattern)
            .multi_line(true)
            .build()
            .unwrap_or_else(|e| panic!("Match::string_like_regexp({pattern:?}): {e}"));
        Match(Node::Regex(regex))
    }

    /// Matches a string holding JSON whose parsed value matches `pattern` (plain objects in it
    /// match exactly), e.g. a state machine definition or an IAM policy given as a string.
    pub fn serialized_json(pattern: impl Into<Match>) -> Match {
        Match(Node::SerializedJson(Box::new(pattern.into())))
    }

    /// Matches any value that `pattern` does not match (plain objects in it match exactly).
    pub fn not(pattern: impl Into<Match>) -> Match {
        Match(Node::Not(Box::new(pattern.into())))
    }

    /// Checks `actual`, plain objects at the top matching like [`Match::object_like`].
    ///
    /// # Errors
    /// Every mismatch, one per line.
    pub fn matches(&self, actual: &Json) -> Result<(), String> {
        let mismatches = self.mismatches(actual);
        if mismatches.is_empty() {
            Ok(())
        } else {
            Err(render_lines(&mismatches, ""))
        }
    }

    /// Every place where `actual` differs, in document order (empty when it matches); plain
    /// objects at the top match like [`Match::object_like`].
    pub fn mismatches(&self, actual: &Json) -> Vec<Mismatch> {
        self.mismatches_under(actual, None)
    }

    /// Like [`Match::mismatches`], with paths starting at `key` (the value tested is the field
    /// `key` of an object).
    pub(crate) fn mismatches_under(&self, actual: &Json, key: Option<&str>) -> Vec<Mismatch> {
        let mut cx = Checker::default();
        if let Some(key) = key {
            cx.path.push(escape(key));
        }
        self.check(actual, true, &mut cx);
        cx.out
    }

    /// True for [`Match::absent`].
    pub(crate) fn is_absent(&self) -> bool {
        matches!(self.0, Node::Absent)
    }

    fn object(name: &str, fields: impl IntoFields, partial: bool) -> Match {
        let fields = fields
            .into_fields()
            .unwrap_or_else(|got| panic!("Match::{name} takes a JSON object, got {got}"));
        Match(Node::Object { fields, partial })
    }

    fn array(name: &str, items: impl IntoItems, subsequence: bool) -> Match {
        let items = items
            .into_items()
            .unwrap_or_else(|got| panic!("Match::{name} takes a JSON array, got {got}"));
        Match(Node::Array { items, subsequence })
    }
}

/// A pattern inside a larger one: plain JSON (whose objects are partial when `partial` is
/// set by the enclosing pattern) or a [`Match`].
trait Pattern: fmt::Display {
    fn check(&self, actual: &Json, partial: bool, cx: &mut Checker);
    fn is_absent(&self) -> bool;
}

impl Pattern for Json {
    fn check(&self, actual: &Json, partial: bool, cx: &mut Checker) {
        match self {
            Json::Object(fields) => match actual {
                Json::Object(actual) => check_fields(fields.iter(), !partial, partial, actual, cx),
                _ => cx.fail(format!("expected an object, got {}", shown(actual))),
            },
            Json::Array(items) => match actual {
                Json::Array(actual) => check_all_items(items, partial, actual, cx),
                _ => cx.fail(format!("expected an array, got {}", shown(actual))),
            },
            _ => {
                if !scalars_equal(self, actual) {
                    cx.fail(format!("expected {}, got {}", shown(self), shown(actual)));
                }
            }
        }
    }

    fn is_absent(&self) -> bool {
        false
    }
}

impl Pattern for Match {
    fn check(&self, actual: &Json, partial: bool, cx: &mut Checker) {
        match &self.0 {
            Node::Literal(json) => json.check(actual, partial, cx),
            Node::Exact(json) => json.check(actual, false, cx),
            Node::Object { fields, partial } => match actual {
                Json::Object(actual) => check_fields(
                    fields.iter().map(|(k, m)| (k, m)),
                    !partial,
                    *partial,
                    actual,
                    cx,
                ),
                _ => cx.fail(format!("expected an object, got {}", shown(actual))),
            },
            Node::Array { items, subsequence } => match actual {
                Json::Array(actual) if *subsequence => check_subsequence(items, actual, cx),
                Json::Array(actual) => check_all_items(items, false, actual, cx),
                _ => cx.fail(format!("expected an array, got {}", shown(actual))),
            },
            Node::Absent => cx.fail(format!("expected absent, got {}", shown(actual))),
            Node::Any => {
                if actual.is_null() {
                    cx.fail("expected any value, got null".to_owned());
                }
            }
            Node::Regex(regex) => {
                if !actual.as_str().is_some_and(|s| regex.is_match(s)) {
                    cx.fail(format!(
                        "expected a string matching /{regex}/, got {}",
                        shown(actual)
                    ));
                }
            }
            Node::SerializedJson(inner) => {
                let Some(text) = actual.as_str() else {
                    return cx.fail(format!("expected a JSON string, got {}", shown(actual)));
                };
                match serde_json::from_str::<Json>(text) {
                    Ok(parsed) => cx.at("(json)".to_owned(), |cx| inner.check(&parsed, false, cx)),
                    Err(e) => cx.fail(format!(
                        "expected a JSON string, got {} (invalid JSON: {e})",
                        shown(actual)
                    )),
                }
            }
            Node::Not(inner) => {
                if Checker::passes(|cx| inner.check(actual, false, cx)) {
                    cx.fail(format!(
                        "expected anything but {}, got {}",
                        cut(inner.to_string()),
                        shown(actual)
                    ));
                }
            }
        }
    }

    fn is_absent(&self) -> bool {
        Match::is_absent(self)
    }
}

/// Collects mismatches while walking a value.
#[derive(Default)]
struct Checker {
    path: Vec<String>,
    out: Vec<Mismatch>,
}

impl Checker {
    fn fail(&mut self, message: String) {
        let path = self.path.iter().map(|c| format!("/{c}")).collect();
        self.out.push(Mismatch { path, message });
    }

    /// Runs `f` one component deeper.
    fn at(&mut self, component: String, f: impl FnOnce(&mut Checker)) {
        self.path.push(component);
        f(self);
        self.path.pop();
    }

    /// The mismatches `f` finds one component deeper, without recording them.
    fn try_at(&mut self, component: String, f: impl FnOnce(&mut Checker)) -> Vec<Mismatch> {
        let mut inner = Checker {
            path: self.path.clone(),
            out: Vec::new(),
        };
        inner.at(component, f);
        inner.out
    }

    /// True when `f` finds no mismatch.
    fn passes(f: impl FnOnce(&mut Checker)) -> bool {
        let mut inner = Checker::default();
        f(&mut inner);
        inner.out.is_empty()
    }
}

/// Checks an object's fields; `exact` also rejects keys the pattern lacks, and `partial` is the
/// context of plain objects among the field patterns.
fn check_fields<'p, P: Pattern + 'p>(
    fields: impl Iterator<Item = (&'p String, &'p P)> + Clone,
    exact: bool,
    partial: bool,
    actual: &serde_json::Map<String, Json>,
    cx: &mut Checker,
) {
    if exact {
        for (key, value) in actual {
            if !fields.clone().any(|(k, _)| k == key) {
                cx.at(escape(key), |cx| {
                    cx.fail(format!("unexpected key, got {}", shown(value)))
                });
            }
        }
    }
    for (key, pattern) in fields {
        match actual.get(key) {
            Some(value) => cx.at(escape(key), |cx| pattern.check(value, partial, cx)),
            None if pattern.is_absent() => {}
            None => cx.at(escape(key), |cx| {
                cx.fail(format!("missing (expected {})", cut(pattern.to_string())))
            }),
        }
    }
}

/// Checks an array element for element; `partial` is the context of plain objects among the items.
fn check_all_items<P: Pattern>(items: &[P], partial: bool, actual: &[Json], cx: &mut Checker) {
    if items.len() != actual.len() {
        cx.fail(format!(
            "expected {}, got {}",
            counted(items.len(), "element"),
            actual.len()
        ));
    }
    for (i, (pattern, value)) in items.iter().zip(actual).enumerate() {
        cx.at(i.to_string(), |cx| pattern.check(value, partial, cx));
    }
}

/// Checks that the items match elements in order (a subsequence), taking for each item the
/// first matching element after the previous item's; on failure reports the closest element.
fn check_subsequence(items: &[Match], actual: &[Json], cx: &mut Checker) {
    let mut next = 0;
    for (i, item) in items.iter().enumerate() {
        if item.is_absent() {
            return cx.fail(format!(
                "array_with item {i} is absent(), which no array element can match"
            ));
        }
        let mut closest: Option<(usize, Vec<Mismatch>)> = None;
        let mut found = None;
        for (j, value) in actual.iter().enumerate().skip(next) {
            let mismatches = cx.try_at(j.to_string(), |cx| item.check(value, false, cx));
            if mismatches.is_empty() {
                found = Some(j);
                break;
            }
            if closest
                .as_ref()
                .is_none_or(|(_, c)| mismatches.len() < c.len())
            {
                closest = Some((j, mismatches));
            }
        }
        if let Some(j) = found {
            next = j + 1;
            continue;
        }
        let mut message = format!(
            "no element matches array_with item {i}: {}",
            cut(item.to_string())
        );
        if next > 0 {
            message += &format!(
                " (after element {}, which matched item {})",
                next - 1,
                i - 1
            );
        }
        match closest {
            Some((j, mismatches)) => {
                message += &format!("; the closest is element {j}");
                cx.fail(message);
                cx.out.extend(mismatches);
            }
            None => {
                message += &format!("; the array has {}", counted(actual.len(), "element"));
                cx.fail(message);
            }
        }
        return;
    }
}

/// Scalars compare as JSON does (so `1` equals `1.0`); anything else never equals a scalar.
fn scalars_equal(expected: &Json, actual: &Json) -> bool {
    match (expected, actual) {
        (Json::Number(e), Json::Number(a)) => {
            e == a || (e.is_f64() || a.is_f64()) && e.as_f64() == a.as_f64()
        }
        _ => expected == actual,
    }
}

/// `1 element`, `2 elements`, `2 mismatches`.
pub(crate) fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else if noun.ends_with("ch") {
        format!("{n} {noun}es")
    } else {
        format!("{n} {noun}s")
    }
}

/// A JSON pointer component (RFC 6901).
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// A value as compact JSON, cut when long.
fn shown(value: &Json) -> String {
    cut(value.to_string())
}

fn cut(mut text: String) -> String {
    if let Some((at, _)) = text.char_indices().nth(SHOWN_CHARS) {
        text.truncate(at);
        text.push_str("...");
    }
    text
}

/// Mismatches one per line, each after `indent`.
pub(crate) fn render_lines(mismatches: &[Mismatch], indent: &str) -> String {
    mismatches
        .iter()
        .map(|m| format!("{indent}{m}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl fmt::Display for Match {
    /// The pattern as one would write it: plain JSON, or `object_like({...})` and so on.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Node::Literal(json) => write!(f, "{json}"),
            Node::Exact(json) => write!(f, "exact({json})"),
            Node::Object { fields, partial } => {
                let name = if *partial {
                    "object_like"
                } else {
                    "object_equals"
                };
                write!(f, "{name}({{")?;
                for (n, (key, pattern)) in fields.iter().enumerate() {
                    let sep = if n == 0 { "" } else { "," };
                    write!(f, "{sep}{}:{pattern}", Json::from(key.as_str()))?;
                }
                write!(f, "}})")
            }
            Node::Array { items, subsequence } => {
                let name = if *subsequence {
                    "array_with"
                } else {
                    "array_equals"
                };
                write!(f, "{name}([")?;
                for (n, pattern) in items.iter().enumerate() {
                    let sep = if n == 0 { "" } else { "," };
                    write!(f, "{sep}{pattern}")?;
                }
                write!(f, "])")
            }
            Node::Absent => write!(f, "absent()"),
            Node::Any => write!(f, "any_value()"),
            Node::Regex(regex) => write!(f, "string_like_regexp({:?})", regex.as_str()),
            Node::SerializedJson(inner) => write!(f, "serialized_json({inner})"),
            Node::Not(inner) => write!(f, "not({inner})"),
        }
    }
}

impl From<Json> for Match {
    /// Plain JSON; see [`Match`] for how its objects match.
    fn from(json: Json) -> Match {
        Match(Node::Literal(json))
    }
}

impl From<&Json> for Match {
    fn from(json: &Json) -> Match {
        Match(Node::Literal(json.clone()))
    }
}

impl From<&Match> for Match {
    fn from(pattern: &Match) -> Match {
        pattern.clone()
    }
}

macro_rules! literal_from {
    ($($t:ty),*) => {$(
        impl From<$t> for Match {
            fn from(value: $t) -> Match {
                Match(Node::Literal(Json::from(value)))
            }
        }
    )*};
}
literal_from!(&str, String, bool, i32, i64, u32, u64, usize, f64);

impl IntoFields for Json {
    fn into_fields(self) -> Result<Vec<(String, Match)>, String> {
        match self {
            Json::Object(map) => map.into_fields(),
            other => Err(shown(&other)),
        }
    }
}

impl IntoFields for &Json {
    fn into_fields(self) -> Result<Vec<(String, Match)>, String> {
        self.clone().into_fields()
    }
}

impl IntoFields for serde_json::Map<String, Json> {
    fn into_fields(self) -> Result<Vec<(String, Match)>, String> {
        Ok(self.into_iter().map(|(k, v)| (k, Match::from(v))).collect())
    }
}

impl<K: Into<String>, V: Into<Match>> IntoFields for Vec<(K, V)> {
    /// A key given twice keeps its last pattern, at its first position.
    fn into_fields(self) -> Result<Vec<(String, Match)>, String> {
        let mut fields: Vec<(String, Match)> = Vec::with_capacity(self.len());
        for (key, pattern) in self {
            let (key, pattern) = (key.into(), pattern.into());
            match fields.iter_mut().find(|(k, _)| *k == key) {
                Some(field) => field.1 = pattern,
                None => fields.push((key, pattern)),
            }
        }
        Ok(fields)
    }
}

impl<K: Into<String>, V: Into<Match>, const N: usize> IntoFields for [(K, V); N] {
    fn into_fields(self) -> Result<Vec<(String, Match)>, String> {
        Vec::from(self).into_fields()
    }
}

impl IntoItems for Json {
    fn into_items(self) -> Result<Vec<Match>, String> {
        match self {
            Json::Array(items) => Ok(items.into_iter().map(Match::from).collect()),
            other => Err(shown(&other)),
        }
    }
}

impl IntoItems for &Json {
    fn into_items(self) -> Result<Vec<Match>, String> {
        self.clone().into_items()
    }
}

impl<T: Into<Match>> IntoItems for Vec<T> {
    fn into_items(self) -> Result<Vec<Match>, String> {
        Ok(self.into_iter().map(Into::into).collect())
    }
}

impl<T: Into<Match>, const N: usize> IntoItems for [T; N] {
    fn into_items(self) -> Result<Vec<Match>, String> {
        Vec::from(self).into_items()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The mismatches of `pattern` against `actual`, one per line.
    fn failure(pattern: impl Into<Match>, actual: Json) -> String {
        pattern
            .into()
            .matches(&actual)
            .expect_err("the pattern should not match")
    }

    fn ok(pattern: impl Into<Match>, actual: Json) {
        let pattern = pattern.into();
        if let Err(e) = pattern.matches(&actual) {
            panic!("{pattern} should match {actual}:\n{e}");
        }
    }

    #[test]
    fn plain_objects_at_the_top_match_a_subset_of_keys_recursively() {
        let actual = json!({ "A": 1, "B": { "C": [1, { "D": 2, "E": 3 }] } });
        ok(json!({ "B": { "C": [1, { "D": 2 }] } }), actual.clone());
        ok(json!({}), actual.clone());
        assert_eq!(
            failure(json!({ "A": 2 }), actual.clone()),
            "/A: expected 2, got 1"
        );
        assert_eq!(
            failure(json!({ "Z": { "Y": 1 } }), actual.clone()),
            r#"/Z: missing (expected {"Y":1})"#
        );
        assert_eq!(
            failure(json!({ "B": "x" }), actual),
            r#"/B: expected "x", got {"C":[1,{"D":2,"E":3}]}"#
        );
    }

    #[test]
    fn plain_arrays_match_element_for_element() {
        ok(json!([1, { "a": 1 }]), json!([1, { "a": 1, "b": 2 }]));
        assert_eq!(
            failure(json!({ "L": [1, 2] }), json!({ "L": [2] })),
            "/L: expected 2 elements, got 1\n/L/0: expected 1, got 2"
        );
        assert_eq!(
            failure(json!({ "L": [1] }), json!({ "L": { "0": 1 } })),
            r#"/L: expected an array, got {"0":1}"#
        );
    }

    #[test]
    fn object_like_is_partial_and_so_are_plain_objects_inside_it() {
        let actual = json!({ "A": { "B": 1, "C": 2 }, "D": 3 });
        ok(
            Match::object_like(json!({ "A": { "B": 1 } })),
            actual.clone(),
        );
        ok(
            Match::object_like([("A", Match::object_like(json!({ "C": 2 })))]),
            actual.clone(),
        );
        assert_eq!(
            failure(Match::object_like(json!({ "A": { "B": 2 } })), actual),
            "/A/B: expected 2, got 1"
        );
        assert_eq!(
            failure(Match::object_like(json!({})), json!([1])),
            "expected an object, got [1]"
        );
    }

    #[test]
    fn object_equals_and_exact_reject_extra_keys_at_every_depth() {
        let actual = json!({ "A": { "B": 1, "C": 2 }, "D": 3 });
        ok(
            Match::object_equals(json!({ "A": { "B": 1, "C": 2 }, "D": 3 })),
            actual.clone(),
        );
        ok(Match::exact(actual.clone()), actual.clone());
        assert_eq!(
            failure(
                Match::object_equals(json!({ "A": { "B": 1, "C": 2 } })),
                actual.clone()
            ),
            "/D: unexpected key, got 3"
        );
        assert_eq!(
            failure(
                Match::exact(json!({ "A": { "B": 1 }, "D": 3 })),
                actual.clone()
            ),
            "/A/C: unexpected key, got 2"
        );
        // A matcher inside object_equals keeps its own meaning.
        ok(
            Match::object_equals([
                ("A", Match::object_like(json!({ "B": 1 }))),
                ("D", Match::any_value()),
            ]),
            actual,
        );
        assert_eq!(
            failure(Match::exact("a"), json!("b")),
            r#"expected "a", got "b""#
        );
    }

    #[test]
    fn numbers_compare_by_value() {
        ok(json!({ "N": 1 }), json!({ "N": 1.0 }));
        ok(Match::exact(2.5), json!(2.5));
        assert_eq!(
            failure(Match::exact(1), json!("1")),
            r#"expected 1, got "1""#
        );
    }

    #[test]
    fn array_with_finds_items_in_order_not_necessarily_adjacent() {
        let actual = json!(["a", "b", "c", "d"]);
        ok(Match::array_with(json!(["b", "d"])), actual.clone());
        ok(Match::array_with(json!([])), actual.clone());
        ok(Match::array_with(["a", "c", "d"]), actual.clone());
        assert_eq!(
            failure(Match::array_with(json!(["c", "b"])), actual.clone()),
            r#"no element matches array_with item 1: "b" (after element 2, which matched item 0); the closest is element 3"#
                .to_owned()
                + "\n/3: expected \"b\", got \"d\""
        );
        assert_eq!(
            failure(Match::array_with(json!(["d", "a"])), actual.clone()),
            r#"no element matches array_with item 1: "a" (after element 3, which matched item 0); the array has 4 elements"#
        );
        assert_eq!(
            failure(Match::array_with(json!([1])), json!({ "a": 1 })),
            r#"expected an array, got {"a":1}"#
        );
        assert_eq!(
            failure(Match::array_with([Match::absent()]), actual),
            "array_with item 0 is absent(), which no array element can match"
        );
    }

    #[test]
    fn array_with_reports_the_closest_element_with_its_mismatches() {
        let tags = json!({ "Tags": [
            { "Key": "env", "Value": "prod" },
            { "Key": "team", "Value": "web" },
        ] });
        let pattern = Match::object_like([(
            "Tags",
            Match::array_with([json!({ "Key": "team", "Value": "data" })]),
        )]);
        assert_eq!(
            failure(pattern, tags.clone()),
            [
                r#"/Tags: no element matches array_with item 0: {"Key":"team","Value":"data"}; the closest is element 1"#,
                r#"/Tags/1/Value: expected "data", got "web""#,
            ]
            .join("\n")
        );
        // Plain objects inside array_with match exactly, as in the CDK; object_like relaxes that.
        let partial = Match::object_like([("Tags", Match::array_with([json!({ "Key": "team" })]))]);
        assert_eq!(
            failure(partial, tags.clone()),
            [
                r#"/Tags: no element matches array_with item 0: {"Key":"team"}; the closest is element 1"#,
                r#"/Tags/1/Value: unexpected key, got "web""#,
            ]
            .join("\n")
        );
        ok(
            Match::object_like([(
                "Tags",
                Match::array_with([Match::object_like(json!({ "Key": "team" }))]),
            )]),
            tags,
        );
    }

    #[test]
    fn array_equals_needs_every_item_in_order() {
        ok(Match::array_equals(json!([1, 2])), json!([1, 2]));
        ok(
            Match::array_equals([Match::any_value(), Match::from(2)]),
            json!([{ "x": 1 }, 2]),
        );
        assert_eq!(
            failure(Match::array_equals(json!([1, 2])), json!([2, 1])),
            "/0: expected 1, got 2\n/1: expected 2, got 1"
        );
        assert_eq!(
            failure(
                Match::array_equals(json!([{ "a": 1 }])),
                json!([{ "a": 1, "b": 2 }])
            ),
            "/0/b: unexpected key, got 2"
        );
        assert_eq!(
            failure(Match::array_equals(json!([1])), json!([1, 2, 3])),
            "expected 1 element, got 3"
        );
    }

    #[test]
    fn any_value_needs_a_non_null_value() {
        ok(
            Match::object_like([("A", Match::any_value())]),
            json!({ "A": [] }),
        );
        ok(Match::any_value(), json!(false));
        assert_eq!(
            failure(
                Match::object_like([("A", Match::any_value())]),
                json!({ "B": 1 })
            ),
            "/A: missing (expected any_value())"
        );
        assert_eq!(
            failure(
                Match::object_like([("A", Match::any_value())]),
                json!({ "A": null })
            ),
            "/A: expected any value, got null"
        );
    }

    #[test]
    fn absent_needs_the_key_to_be_missing() {
        let pattern = Match::object_like([("A", Match::absent())]);
        ok(pattern.clone(), json!({ "B": 1 }));
        assert_eq!(
            failure(pattern, json!({ "A": { "x": 1 } })),
            r#"/A: expected absent, got {"x":1}"#
        );
        assert_eq!(failure(Match::absent(), json!(1)), "expected absent, got 1");
        // A key with an absent pattern is still allowed by object_equals.
        ok(
            Match::object_equals([("A", Match::from(1)), ("B", Match::absent())]),
            json!({ "A": 1 }),
        );
    }

    #[test]
    fn string_like_regexp_searches_strings() {
        let pattern = Match::string_like_regexp("^arn:aws:s3:::logs-[0-9]+$");
        ok(pattern.clone(), json!("arn:aws:s3:::logs-42"));
        ok(Match::string_like_regexp("^b$"), json!("a\nb\nc"));
        ok(Match::string_like_regexp("ogs"), json!("logs"));
        assert_eq!(
            failure(pattern.clone(), json!("arn:aws:s3:::data")),
            r#"expected a string matching /^arn:aws:s3:::logs-[0-9]+$/, got "arn:aws:s3:::data""#
        );
        assert_eq!(
            failure(pattern, json!({ "Ref": "X" })),
            r#"expected a string matching /^arn:aws:s3:::logs-[0-9]+$/, got {"Ref":"X"}"#
        );
    }

    #[test]
    #[should_panic(expected = "Match::string_like_regexp(\"(\")")]
    fn an_invalid_regexp_is_reported_where_it_is_written() {
        Match::string_like_regexp("(");
    }

    #[test]
    fn serialized_json_parses_then_matches_exactly() {
        let policy =
            json!({ "Doc": r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}"# });
        ok(
            Match::object_like([(
                "Doc",
                Match::serialized_json(Match::object_like(
                    json!({ "Statement": [{ "Effect": "Allow" }] }),
                )),
            )]),
            policy.clone(),
        );
        assert_eq!(
            failure(
                Match::object_like([(
                    "Doc",
                    Match::serialized_json(json!({ "Statement": [{ "Effect": "Deny" }] }))
                )]),
                policy
            ),
            [
                r#"/Doc/(json)/Version: unexpected key, got "2012-10-17""#,
                r#"/Doc/(json)/Statement/0/Effect: expected "Deny", got "Allow""#,
            ]
            .join("\n")
        );
        assert_eq!(
            failure(Match::serialized_json(json!({})), json!({ "a": 1 })),
            r#"expected a JSON string, got {"a":1}"#
        );
        assert_eq!(
            failure(Match::serialized_json(json!({})), json!("{nope")),
            r#"expected a JSON string, got "{nope" (invalid JSON: key must be a string at line 1 column 2)"#
        );
    }

    #[test]
    fn not_inverts_its_pattern() {
        ok(Match::not("a"), json!("b"));
        ok(
            Match::object_like([("A", Match::not(json!({ "x": 1 })))]),
            json!({ "A": { "x": 1, "y": 2 } }),
        );
        assert_eq!(
            failure(
                Match::object_like([("A", Match::not(Match::any_value()))]),
                json!({ "A": 3 })
            ),
            "/A: expected anything but any_value(), got 3"
        );
        assert_eq!(
            failure(Match::object_like([("A", Match::not(1))]), json!({})),
            "/A: missing (expected not(1))"
        );
    }

    #[test]
    fn paths_are_json_pointers() {
        assert_eq!(
            failure(
                json!({ "a/b": { "c~d": 1 } }),
                json!({ "a/b": { "c~d": 2 } })
            ),
            "/a~1b/c~0d: expected 1, got 2"
        );
        let m = Match::object_like(json!({ "A": 1 })).mismatches(&json!({ "A": 2 }));
        assert_eq!(
            m,
            [Mismatch {
                path: "/A".into(),
                message: "expected 1, got 2".into()
            }]
        );
    }

    #[test]
    fn long_values_are_cut_in_messages() {
        let long = "x".repeat(150);
        let message = failure(Match::exact(1), json!(long));
        assert_eq!(message, format!("expected 1, got \"{}...", "x".repeat(99)));
    }

    #[test]
    fn patterns_display_as_written() {
        let pattern = Match::object_like([
            (
                "A",
                Match::array_with([Match::from(1), Match::exact(json!({ "b": 2 }))]),
            ),
            ("B", Match::not(Match::absent())),
            (
                "C",
                Match::serialized_json(Match::array_equals(json!(["x"]))),
            ),
            ("D", Match::string_like_regexp("^a")),
            ("E", Match::object_equals(json!({ "f": null }))),
            ("G", Match::any_value()),
        ]);
        assert_eq!(
            pattern.to_string(),
            r#"object_like({"A":array_with([1,exact({"b":2})]),"B":not(absent()),"C":serialized_json(array_equals(["x"])),"D":string_like_regexp("^a"),"E":object_equals({"f":null}),"G":any_value()})"#
        );
    }

    #[test]
    fn a_key_given_twice_keeps_the_last_pattern() {
        let pattern = Match::object_like([("A", 1), ("B", 2), ("A", 3)]);
        assert_eq!(pattern.to_string(), r#"object_like({"A":3,"B":2})"#);
    }

    #[test]
    #[should_panic(expected = "Match::object_like takes a JSON object, got [1]")]
    fn object_patterns_need_objects() {
        Match::object_like(json!([1]));
    }

    #[test]
    #[should_panic(expected = "Match::array_with takes a JSON array, got {}")]
    fn array_patterns_need_arrays() {
        Match::array_with(json!({}));
    }
}
