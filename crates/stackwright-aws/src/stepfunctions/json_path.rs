//! JSON paths: typed references to a state's input, to the context object, or to intrinsic
//! functions, and the syntax checks synthesis runs on them.

use std::fmt;

/// A JSON path (`$.order.id`, `$$.Execution.Id`), an intrinsic function call
/// (`States.Format('{}', $.id)`), or [`JsonPath::DISCARD`].
///
/// As a value of [`Parameters`](super::Fields) it is written with a `.$` suffix on its key; as
/// `InputPath`, `OutputPath` or `ResultPath` it selects or places data. Paths are checked at
/// synthesis, where they are used (a `ResultPath` must be a reference path: names and indexes
/// only).
///
/// ```
/// use stackwright_aws::stepfunctions::{IntrinsicArg, JsonPath};
/// let label = JsonPath::format("order {}", [JsonPath::at("$.order.id").into()]);
/// assert_eq!(label.expression(), Some("States.Format('order {}', $.order.id)"));
/// assert_eq!(JsonPath::execution_id().expression(), Some("$$.Execution.Id"));
/// let _quoted: IntrinsicArg = "it's".into(); // written as 'it\'s'
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct JsonPath {
    expr: Option<String>,
}

impl JsonPath {
    /// JSON `null` as `InputPath` (the state gets `{}`), `OutputPath` (it passes on `{}`) or
    /// `ResultPath` (its result is dropped and its input passes on).
    pub const DISCARD: JsonPath = JsonPath { expr: None };

    /// The data at `path` (`$`, `$.a.b`, `$[0]`, `$$.Execution.Id`), or an intrinsic function
    /// call written out (`States.UUID()`).
    pub fn at(path: impl Into<String>) -> Self {
        JsonPath {
            expr: Some(path.into()),
        }
    }

    /// The whole input of the state (`$`).
    pub fn entire_payload() -> Self {
        Self::at("$")
    }

    /// The whole context object (`$$`).
    pub fn entire_context() -> Self {
        Self::at("$$")
    }

    /// The execution's ARN (`$$.Execution.Id`).
    pub fn execution_id() -> Self {
        Self::at("$$.Execution.Id")
    }

    /// The execution's input (`$$.Execution.Input`).
    pub fn execution_input() -> Self {
        Self::at("$$.Execution.Input")
    }

    /// The execution's name (`$$.Execution.Name`).
    pub fn execution_name() -> Self {
        Self::at("$$.Execution.Name")
    }

    /// When the execution started (`$$.Execution.StartTime`).
    pub fn execution_start_time() -> Self {
        Self::at("$$.Execution.StartTime")
    }

    /// When the current state was entered (`$$.State.EnteredTime`).
    pub fn state_entered_time() -> Self {
        Self::at("$$.State.EnteredTime")
    }

    /// The current state's name (`$$.State.Name`).
    pub fn state_name() -> Self {
        Self::at("$$.State.Name")
    }

    /// How many times the current state has been retried (`$$.State.RetryCount`).
    pub fn state_retry_count() -> Self {
        Self::at("$$.State.RetryCount")
    }

    /// The state machine's ARN (`$$.StateMachine.Id`).
    pub fn state_machine_id() -> Self {
        Self::at("$$.StateMachine.Id")
    }

    /// The state machine's name (`$$.StateMachine.Name`).
    pub fn state_machine_name() -> Self {
        Self::at("$$.StateMachine.Name")
    }

    /// The task token of a callback task (`$$.Task.Token`).
    pub fn task_token() -> Self {
        Self::at("$$.Task.Token")
    }

    /// In a `Map` item selector: the current item (`$$.Map.Item.Value`).
    pub fn map_item_value() -> Self {
        Self::at("$$.Map.Item.Value")
    }

    /// In a `Map` item selector: the current item's index (`$$.Map.Item.Index`).
    pub fn map_item_index() -> Self {
        Self::at("$$.Map.Item.Index")
    }

    /// `States.Format`: `template` with each `{}` replaced by the next argument.
    pub fn format(template: &str, args: impl IntoIterator<Item = IntrinsicArg>) -> Self {
        let all = std::iter::once(IntrinsicArg::from(template)).chain(args);
        call("Format", all)
    }

    /// `States.Array`: an array of the arguments.
    pub fn array(items: impl IntoIterator<Item = IntrinsicArg>) -> Self {
        call("Array", items)
    }

    /// `States.ArrayPartition`: the array cut into chunks of `size`.
    pub fn array_partition(array: impl Into<IntrinsicArg>, size: impl Into<IntrinsicArg>) -> Self {
        call("ArrayPartition", [array.into(), size.into()])
    }

    /// `States.ArrayContains`: whether the array holds the value.
    pub fn array_contains(array: impl Into<IntrinsicArg>, value: impl Into<IntrinsicArg>) -> Self {
        call("ArrayContains", [array.into(), value.into()])
    }

    /// `States.ArrayRange`: the numbers from `start` to `end` by `step`.
    pub fn array_range(
        start: impl Into<IntrinsicArg>,
        end: impl Into<IntrinsicArg>,
        step: impl Into<IntrinsicArg>,
    ) -> Self {
        call("ArrayRange", [start.into(), end.into(), step.into()])
    }

    /// `States.ArrayGetItem`: the item at an index.
    pub fn array_get_item(array: impl Into<IntrinsicArg>, index: impl Into<IntrinsicArg>) -> Self {
        call("ArrayGetItem", [array.into(), index.into()])
    }

    /// `States.ArrayLength`: the number of items.
    pub fn array_length(array: impl Into<IntrinsicArg>) -> Self {
        call("ArrayLength", [array.into()])
    }

    /// `States.ArrayUnique`: the array without duplicates.
    pub fn array_unique(array: impl Into<IntrinsicArg>) -> Self {
        call("ArrayUnique", [array.into()])
    }

    /// `States.Base64Encode`.
    pub fn base64_encode(input: impl Into<IntrinsicArg>) -> Self {
        call("Base64Encode", [input.into()])
    }

    /// `States.Base64Decode`.
    pub fn base64_decode(input: impl Into<IntrinsicArg>) -> Self {
        call("Base64Decode", [input.into()])
    }

    /// `States.Hash` with an algorithm (`SHA-256`, `MD5`, ...).
    pub fn hash(data: impl Into<IntrinsicArg>, algorithm: impl Into<IntrinsicArg>) -> Self {
        call("Hash", [data.into(), algorithm.into()])
    }

    /// `States.JsonMerge` (shallow).
    pub fn json_merge(a: impl Into<IntrinsicArg>, b: impl Into<IntrinsicArg>) -> Self {
        call(
            "JsonMerge",
            [a.into(), b.into(), IntrinsicArg(Arg::Raw("false".into()))],
        )
    }

    /// `States.StringToJson`: parses a JSON string.
    pub fn string_to_json(input: impl Into<IntrinsicArg>) -> Self {
        call("StringToJson", [input.into()])
    }

    /// `States.JsonToString`: serializes the data at a path.
    pub fn json_to_string(path: JsonPath) -> Self {
        call("JsonToString", [IntrinsicArg::from(path)])
    }

    /// `States.MathAdd`.
    pub fn math_add(a: impl Into<IntrinsicArg>, b: impl Into<IntrinsicArg>) -> Self {
        call("MathAdd", [a.into(), b.into()])
    }

    /// `States.MathRandom`: a random integer from `start` to `end`.
    pub fn math_random(start: impl Into<IntrinsicArg>, end: impl Into<IntrinsicArg>) -> Self {
        call("MathRandom", [start.into(), end.into()])
    }

    /// `States.StringSplit`: the string cut at each delimiter.
    pub fn string_split(
        input: impl Into<IntrinsicArg>,
        delimiter: impl Into<IntrinsicArg>,
    ) -> Self {
        call("StringSplit", [input.into(), delimiter.into()])
    }

    /// `States.UUID`: a new v4 UUID.
    pub fn uuid() -> Self {
        call("UUID", [])
    }

    /// The expression as written into the definition; `None` for [`JsonPath::DISCARD`].
    pub fn expression(&self) -> Option<&str> {
        self.expr.as_deref()
    }

    /// True for [`JsonPath::DISCARD`].
    pub fn is_discard(&self) -> bool {
        self.expr.is_none()
    }

    /// Whether the expression reads the task token: `$$.Task.Token`, or `$$.Task` or `$$`
    /// whole (also as an intrinsic function's argument).
    pub(crate) fn reads_task_token(&self) -> bool {
        let Some(expr) = self.expr.as_deref() else {
            return false;
        };
        expr.contains("$$.Task.Token")
            || ["$$", "$$.Task"].iter().any(|parent| {
                expr.match_indices(parent).any(|(at, _)| {
                    let after = expr[at + parent.len()..].chars().next();
                    matches!(after, None | Some(',' | ')' | ' '))
                })
            })
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expr.as_deref().unwrap_or("null"))
    }
}

impl From<&str> for JsonPath {
    fn from(path: &str) -> Self {
        JsonPath::at(path)
    }
}

impl From<String> for JsonPath {
    fn from(path: String) -> Self {
        JsonPath::at(path)
    }
}

/// An argument of an intrinsic function: a JSON path, a string (written single-quoted) or a
/// number.
#[derive(Debug, Clone, PartialEq)]
pub struct IntrinsicArg(Arg);

#[derive(Debug, Clone, PartialEq)]
enum Arg {
    Path(JsonPath),
    Text(String),
    Raw(String),
}

impl IntrinsicArg {
    fn render(&self) -> String {
        match &self.0 {
            Arg::Path(p) => p.to_string(),
            Arg::Text(s) => single_quoted(s),
            Arg::Raw(s) => s.clone(),
        }
    }
}

impl From<JsonPath> for IntrinsicArg {
    fn from(path: JsonPath) -> Self {
        IntrinsicArg(Arg::Path(path))
    }
}

impl From<&str> for IntrinsicArg {
    fn from(text: &str) -> Self {
        IntrinsicArg(Arg::Text(text.to_owned()))
    }
}

impl From<String> for IntrinsicArg {
    fn from(text: String) -> Self {
        IntrinsicArg(Arg::Text(text))
    }
}

impl From<i64> for IntrinsicArg {
    fn from(n: i64) -> Self {
        IntrinsicArg(Arg::Raw(n.to_string()))
    }
}

impl From<i32> for IntrinsicArg {
    fn from(n: i32) -> Self {
        IntrinsicArg(Arg::Raw(n.to_string()))
    }
}

impl From<f64> for IntrinsicArg {
    fn from(n: f64) -> Self {
        IntrinsicArg(Arg::Raw(js_number(n)))
    }
}

fn call(name: &str, args: impl IntoIterator<Item = IntrinsicArg>) -> JsonPath {
    let args: Vec<String> = args.into_iter().map(|a| a.render()).collect();
    JsonPath::at(format!("States.{name}({})", args.join(", ")))
}

/// A number as JavaScript writes it (integral values without a fraction).
pub(crate) fn js_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// `'text'` with `'` and a lone `\` escaped (a `\` before `{` or `}` stays: it escapes the
/// braces of `States.Format`).
fn single_quoted(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::from("'");
    for (i, c) in chars.iter().enumerate() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' if !matches!(chars.get(i + 1), Some('{' | '}')) => out.push_str("\\\\"),
            _ => out.push(*c),
        }
    }
    out.push('\'');
    out
}

/// The intrinsic functions of Amazon States Language.
const INTRINSICS: [&str; 18] = [
    "Array",
    "ArrayPartition",
    "ArrayContains",
    "ArrayRange",
    "ArrayGetItem",
    "ArrayLength",
    "ArrayUnique",
    "Base64Encode",
    "Base64Decode",
    "Hash",
    "JsonMerge",
    "StringToJson",
    "JsonToString",
    "MathRandom",
    "MathAdd",
    "StringSplit",
    "UUID",
    "Format",
];

/// Where a path is used, which decides what it may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PathUse {
    /// `ResultPath`: names and indexes only, from `$`.
    Reference,
    /// `InputPath`, `OutputPath`, `ItemsPath`, a `Variable`, a `...Path` operand: any path.
    Path,
    /// A value in `Parameters`, `ResultSelector`, `ItemSelector`: a path or an intrinsic
    /// function.
    Value,
}

/// Checks a path for where it is used; the message names the problem and the allowed forms.
pub(crate) fn check_path(path: &JsonPath, used: PathUse) -> Result<(), String> {
    let Some(expr) = path.expression() else {
        return match used {
            PathUse::Value => Err(
                "JsonPath::DISCARD is only for InputPath, OutputPath and ResultPath, not a value"
                    .into(),
            ),
            _ => Ok(()),
        };
    };
    let result = if expr.starts_with('$') {
        check_json_path(expr, used == PathUse::Reference)
    } else if used == PathUse::Value && expr.starts_with("States.") {
        check_intrinsic(expr)
    } else if used == PathUse::Value {
        Err(
            "it must start with '$' (a path) or be an intrinsic function (States.Format(...), ...)"
                .into(),
        )
    } else {
        Err("it must start with '$'".into())
    };
    result.map_err(|e| format!("{expr:?} is not a valid JSON path: {e}"))
}

/// Checks an intrinsic function call whose name is one of `allowed`.
pub(crate) fn check_intrinsic_among(expr: &str, allowed: &[&str]) -> Result<(), String> {
    check_intrinsic(expr).map_err(|e| format!("{expr:?} is not a valid JSON path: {e}"))?;
    let name = expr
        .strip_prefix("States.")
        .and_then(|rest| rest.split('(').next())
        .unwrap_or_default();
    if allowed.contains(&name) {
        Ok(())
    } else {
        let names: Vec<String> = allowed.iter().map(|a| format!("States.{a}")).collect();
        Err(format!(
            "{expr:?} uses States.{name}; only {} are allowed here",
            names.join(", ")
        ))
    }
}

/// `$` or `$$`, then `.name`, `.*`, `..name`, or bracket steps.
fn check_json_path(expr: &str, reference: bool) -> Result<(), String> {
    let chars: Vec<char> = expr.chars().collect();
    let mut i = 1;
    if chars.get(1) == Some(&'$') {
        if reference {
            return Err("a result path cannot write into the context object ($$)".into());
        }
        i = 2;
    }
    while i < chars.len() {
        match chars[i] {
            '.' => {
                i += 1;
                if chars.get(i) == Some(&'.') {
                    if reference {
                        return Err("a reference path cannot use '..' (deep scan)".into());
                    }
                    i += 1;
                }
                if chars.get(i) == Some(&'*') {
                    if reference {
                        return Err("a reference path cannot use '*'".into());
                    }
                    i += 1;
                    continue;
                }
                let start = i;
                while i < chars.len() && !is_name_end(chars[i]) {
                    i += 1;
                }
                if i == start {
                    return Err(format!(
                        "a name must follow the '.' at position {}",
                        start - 1
                    ));
                }
            }
            '[' => {
                let end = closing_bracket(&chars, i)?;
                let inner: String = chars[i + 1..end].iter().collect();
                check_bracket(inner.trim(), reference)?;
                i = end + 1;
            }
            c => {
                return Err(format!(
                    "unexpected {c:?} at position {i}; expected '.' or '[' to continue the path"
                ))
            }
        }
    }
    Ok(())
}

fn is_name_end(c: char) -> bool {
    matches!(c, '.' | '[' | ']' | '\'' | '"' | '(' | ')' | ',') || c.is_whitespace()
}

/// The index of the `]` closing the `[` at `open`, skipping quoted text and parentheses.
fn closing_bracket(chars: &[char], open: usize) -> Result<usize, String> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut i = open + 1;
    while i < chars.len() {
        let c = chars[i];
        match quote {
            Some(_) if c == '\\' => i += 1,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '\'' | '"' => quote = Some(c),
                '(' | '[' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                ']' if depth > 0 => depth -= 1,
                ']' => return Ok(i),
                _ => {}
            },
        }
        i += 1;
    }
    Err(format!("the '[' at position {open} is never closed"))
}

fn is_index(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}

fn is_signed_index(s: &str) -> bool {
    is_index(s.strip_prefix('-').unwrap_or(s))
}

fn is_quoted(s: &str) -> bool {
    let mut chars = s.chars();
    match (chars.next(), s.chars().last()) {
        (Some(q @ ('\'' | '"')), Some(end)) => s.len() >= 2 && end == q,
        _ => false,
    }
}

fn check_bracket(inner: &str, reference: bool) -> Result<(), String> {
    if inner.is_empty() {
        return Err("empty brackets '[]'".into());
    }
    if is_quoted(inner) || is_index(inner) {
        return Ok(());
    }
    if reference {
        return Err(format!(
            "a reference path takes only names and indexes, not [{inner}]"
        ));
    }
    let slice = inner.contains(':')
        && inner.split(':').count() <= 3
        && inner
            .split(':')
            .all(|p| p.trim().is_empty() || is_signed_index(p.trim()));
    let union = inner.contains(',')
        && inner
            .split(',')
            .all(|p| is_signed_index(p.trim()) || is_quoted(p.trim()));
    let filter = (inner.starts_with("?(") || inner.starts_with('(')) && inner.ends_with(')');
    if inner == "*" || is_signed_index(inner) || slice || union || filter {
        Ok(())
    } else {
        Err(format!(
            "[{inner}] is not an index, a quoted name, '*', a slice, a union or a filter"
        ))
    }
}

/// `States.<Name>(<arg>, ...)` with string, number, boolean, null, path or nested call
/// arguments.
fn check_intrinsic(expr: &str) -> Result<(), String> {
    let chars: Vec<char> = expr.chars().collect();
    let end = parse_call(&chars, 0)?;
    if end != chars.len() {
        return Err(format!(
            "unexpected text after the function call at position {end}"
        ));
    }
    Ok(())
}

/// Parses a call starting at `start`; returns the position after its `)`.
fn parse_call(chars: &[char], start: usize) -> Result<usize, String> {
    let text: String = chars[start..].iter().collect();
    let Some(rest) = text.strip_prefix("States.") else {
        return Err(format!("expected States.<function> at position {start}"));
    };
    let name: String = rest
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    if !INTRINSICS.contains(&name.as_str()) {
        return Err(format!(
            "States.{name} is not an intrinsic function (known: States.{})",
            INTRINSICS.join(", States.")
        ));
    }
    let mut i = start + "States.".len() + name.chars().count();
    if chars.get(i) != Some(&'(') {
        return Err(format!("expected '(' after States.{name}"));
    }
    i += 1;
    i = skip_spaces(chars, i);
    if chars.get(i) == Some(&')') {
        return Ok(i + 1);
    }
    loop {
        i = skip_spaces(chars, i);
        i = parse_arg(chars, i)?;
        i = skip_spaces(chars, i);
        match chars.get(i) {
            Some(',') => i += 1,
            Some(')') => return Ok(i + 1),
            Some(c) => {
                return Err(format!(
                    "unexpected {c:?} at position {i} in the arguments of States.{name}"
                ))
            }
            None => {
                return Err(format!(
                    "the arguments of States.{name} are never closed with ')'"
                ))
            }
        }
    }
}

fn skip_spaces(chars: &[char], mut i: usize) -> usize {
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    i
}

/// Parses one argument at `i`; returns the position after it.
fn parse_arg(chars: &[char], i: usize) -> Result<usize, String> {
    match chars.get(i) {
        Some('\'') => {
            let mut j = i + 1;
            while j < chars.len() {
                match chars[j] {
                    '\\' => j += 2,
                    '\'' => return Ok(j + 1),
                    _ => j += 1,
                }
            }
            Err(format!(
                "the string starting at position {i} is never closed"
            ))
        }
        Some('$') => {
            let mut j = i;
            let mut depth = 0usize;
            let mut quote: Option<char> = None;
            while j < chars.len() {
                let c = chars[j];
                match quote {
                    Some(_) if c == '\\' => j += 1,
                    Some(q) if c == q => quote = None,
                    Some(_) => {}
                    None => match c {
                        '\'' | '"' => quote = Some(c),
                        '[' | '(' => depth += 1,
                        ']' => depth = depth.saturating_sub(1),
                        ')' if depth > 0 => depth -= 1,
                        ',' | ')' if depth == 0 => break,
                        _ => {}
                    },
                }
                j += 1;
            }
            let path: String = chars[i..j].iter().collect();
            check_json_path(path.trim_end(), false)
                .map_err(|e| format!("argument {:?}: {e}", path.trim_end()))?;
            Ok(j)
        }
        Some('S') => parse_call(chars, i),
        Some(_) => {
            let mut j = i;
            while j < chars.len() && !matches!(chars[j], ',' | ')') && !chars[j].is_whitespace() {
                j += 1;
            }
            let word: String = chars[i..j].iter().collect();
            if matches!(word.as_str(), "true" | "false" | "null") || word.parse::<f64>().is_ok() {
                Ok(j)
            } else {
                Err(format!(
                    "argument {word:?} at position {i} is not a quoted string, a number, a path or a function call"
                ))
            }
        }
        None => Err("an argument is missing before the end".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(p: &str, used: PathUse) -> bool {
        check_path(&JsonPath::at(p), used).is_ok()
    }

    #[test]
    fn paths_are_checked_for_where_they_are_used() {
        for p in [
            "$",
            "$.a",
            "$.a.b[0]",
            "$['a b'].c",
            "$.run-date",
            "$$.Execution.Id",
            "$.items[*].id",
            "$..price",
            "$.a[?(@.x > 1)]",
            "$.a[1:3]",
            "$.a[0,1]",
        ] {
            assert!(ok(p, PathUse::Path), "{p}");
        }
        for p in ["a.b", "$.", "$.a[", "$.a]", "$.a[]", "$ .a", "$.a[x y]"] {
            assert!(!ok(p, PathUse::Path), "{p}");
        }
        assert!(ok("$.result", PathUse::Reference));
        assert!(ok("$['x'][2]", PathUse::Reference));
        for p in ["$..a", "$.a[*]", "$.a.*", "$$.Execution", "$.a[?(@.x)]"] {
            assert!(!ok(p, PathUse::Reference), "{p}");
        }
        let e = check_path(&JsonPath::at("raw"), PathUse::Reference).unwrap_err();
        assert_eq!(
            e,
            "\"raw\" is not a valid JSON path: it must start with '$'"
        );
        assert!(check_path(&JsonPath::DISCARD, PathUse::Reference).is_ok());
        assert!(check_path(&JsonPath::DISCARD, PathUse::Value).is_err());
    }

    #[test]
    fn intrinsic_functions_are_parsed() {
        for f in [
            JsonPath::format("a {} b {}", [JsonPath::at("$.x").into(), 3.into()]),
            JsonPath::uuid(),
            JsonPath::array([JsonPath::at("$.a").into(), "it's \\ {}".into()]),
            JsonPath::json_merge(JsonPath::at("$.a"), JsonPath::at("$.b")),
            JsonPath::at("States.Format('{}', States.JsonToString($.a[0]))"),
        ] {
            assert!(check_path(&f, PathUse::Value).is_ok(), "{f}");
        }
        assert_eq!(
            JsonPath::array([JsonPath::at("$.a").into(), "it's \\ \\{".into()]).to_string(),
            "States.Array($.a, 'it\\'s \\\\ \\{')"
        );
        for bad in [
            "States.Nope($.a)",
            "States.Format('x'",
            "States.Format('x)",
            "States.Format(x)",
            "States.UUID() tail",
            "Format('x')",
        ] {
            assert!(
                check_path(&JsonPath::at(bad), PathUse::Value).is_err(),
                "{bad}"
            );
        }
        assert!(check_intrinsic_among("States.UUID()", &["UUID"]).is_ok());
        assert!(check_intrinsic_among("States.Array(1)", &["UUID"]).is_err());
    }

    #[test]
    fn the_task_token_is_found() {
        assert!(JsonPath::task_token().reads_task_token());
        assert!(JsonPath::entire_context().reads_task_token());
        assert!(!JsonPath::execution_id().reads_task_token());
    }
}
