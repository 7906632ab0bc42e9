//! Retries and catches of `Task`, `Parallel` and `Map` states, and the errors Step Functions
//! names.

use stackwright_core::Properties;
use stackwright_core::Value;

use super::json_path::{check_path, JsonPath, PathUse};

/// Error names Step Functions raises (for `add_retry`/`add_catch`).
#[derive(Debug, Clone, Copy)]
pub struct Errors;

impl Errors {
    /// Any error (must be alone in its list, and is tried last).
    pub const ALL: &'static str = "States.ALL";
    /// A task ran longer than its timeout, or missed its heartbeat.
    pub const TIMEOUT: &'static str = "States.Timeout";
    /// A task failed.
    pub const TASKS_FAILED: &'static str = "States.TaskFailed";
    /// The role lacks a permission the task needs.
    pub const PERMISSIONS: &'static str = "States.Permissions";
    /// The `ResultPath` cannot be applied to the input.
    pub const RESULT_PATH_MATCH_FAILURE: &'static str = "States.ResultPathMatchFailure";
    /// A path of `Parameters` matches nothing in the input.
    pub const PARAMETER_PATH_FAILURE: &'static str = "States.ParameterPathFailure";
    /// A branch of a `Parallel` state failed.
    pub const BRANCH_FAILED: &'static str = "States.BranchFailed";
    /// No rule of a `Choice` state matched and it has no default.
    pub const NO_CHOICE_MATCHED: &'static str = "States.NoChoiceMatched";
    /// An intrinsic function failed.
    pub const INTRINSIC_FAILURE: &'static str = "States.IntrinsicFailure";
    /// A task missed its heartbeat.
    pub const HEARTBEAT_TIMEOUT: &'static str = "States.HeartbeatTimeout";
}

/// How retry delays are randomized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JitterType {
    /// Full jitter: each delay is random between 0 and the computed delay.
    Full,
    /// No jitter.
    None,
}

impl JitterType {
    fn name(self) -> &'static str {
        match self {
            JitterType::Full => "FULL",
            JitterType::None => "NONE",
        }
    }
}

/// A retrier: which errors, how often, how far apart.
///
/// ```
/// use stackwright_aws::stepfunctions::{JitterType, RetryProps};
/// let retry = RetryProps::new()
///     .errors(["States.TaskFailed"])
///     .interval_seconds(3)
///     .max_attempts(2)
///     .backoff_rate(1.5)
///     .jitter(JitterType::Full);
/// # let _ = retry;
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct RetryProps {
    errors: Vec<String>,
    interval_seconds: Option<u32>,
    max_attempts: Option<u32>,
    backoff_rate: Option<f64>,
    max_delay_seconds: Option<u32>,
    jitter: Option<JitterType>,
}

impl RetryProps {
    /// Retries every error (`States.ALL`) with Step Functions' defaults (1 s, 3 attempts,
    /// backoff 2).
    pub fn new() -> Self {
        Self::default()
    }

    /// The errors retried (default `States.ALL`).
    pub fn errors<S: Into<String>>(mut self, errors: impl IntoIterator<Item = S>) -> Self {
        self.errors.extend(errors.into_iter().map(Into::into));
        self
    }

    /// Seconds before the first retry (at least 1).
    pub fn interval_seconds(mut self, seconds: u32) -> Self {
        self.interval_seconds = Some(seconds);
        self
    }

    /// How many retries at most (0 never retries).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = Some(attempts);
        self
    }

    /// The factor the delay grows by after each attempt (at least 1.0).
    pub fn backoff_rate(mut self, rate: f64) -> Self {
        self.backoff_rate = Some(rate);
        self
    }

    /// The longest delay between attempts, in seconds.
    pub fn max_delay_seconds(mut self, seconds: u32) -> Self {
        self.max_delay_seconds = Some(seconds);
        self
    }

    /// Randomizes the delays.
    pub fn jitter(mut self, jitter: JitterType) -> Self {
        self.jitter = Some(jitter);
        self
    }

    pub(crate) fn matches_all(&self) -> bool {
        self.errors.is_empty() || self.errors.iter().any(|e| e == Errors::ALL)
    }

    pub(crate) fn render(&self) -> Value {
        let mut out = Properties::new();
        out.insert("ErrorEquals".to_owned(), error_list(&self.errors));
        let mut put = |key: &str, value: Option<Value>| {
            if let Some(v) = value {
                out.insert(key.to_owned(), v);
            }
        };
        put("IntervalSeconds", self.interval_seconds.map(Value::from));
        put("MaxAttempts", self.max_attempts.map(Value::from));
        put("BackoffRate", self.backoff_rate.map(Value::from));
        put("MaxDelaySeconds", self.max_delay_seconds.map(Value::from));
        put("JitterStrategy", self.jitter.map(|j| Value::from(j.name())));
        Value::Map(out)
    }

    pub(crate) fn check(&self, problems: &mut Vec<String>) {
        check_errors("retry", &self.errors, problems);
        if self.interval_seconds == Some(0) {
            problems.push("retry: the interval must be at least 1 second".into());
        }
        if let Some(attempts) = self.max_attempts {
            if attempts > 99_999_999 {
                problems.push(format!("retry: at most 99999999 attempts, not {attempts}"));
            }
        }
        if let Some(rate) = self.backoff_rate {
            if !rate.is_finite() || rate < 1.0 {
                problems.push(format!(
                    "retry: the backoff rate must be at least 1.0, not {rate}"
                ));
            }
        }
        if let Some(delay) = self.max_delay_seconds {
            if !(1..=31_622_400).contains(&delay) {
                problems.push(format!(
                    "retry: the maximum delay must be 1 to 31622400 seconds, not {delay}"
                ));
            }
        }
    }
}

/// A catcher: which errors, where the error goes in the input, and the state to go to.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct CatchProps {
    errors: Vec<String>,
    result_path: Option<JsonPath>,
}

impl CatchProps {
    /// Catches every error (`States.ALL`); the error output replaces the input.
    pub fn new() -> Self {
        Self::default()
    }

    /// The errors caught (default `States.ALL`).
    pub fn errors<S: Into<String>>(mut self, errors: impl IntoIterator<Item = S>) -> Self {
        self.errors.extend(errors.into_iter().map(Into::into));
        self
    }

    /// Where the error output goes in the input (a reference path; default `$`, the whole
    /// input is replaced).
    pub fn result_path(mut self, path: impl Into<JsonPath>) -> Self {
        self.result_path = Some(path.into());
        self
    }

    pub(crate) fn matches_all(&self) -> bool {
        self.errors.is_empty() || self.errors.iter().any(|e| e == Errors::ALL)
    }

    pub(crate) fn render(&self, next: &str) -> Value {
        let mut out = Properties::new();
        out.insert("ErrorEquals".to_owned(), error_list(&self.errors));
        if let Some(path) = &self.result_path {
            out.insert("ResultPath".to_owned(), path_value(path));
        }
        out.insert("Next".to_owned(), Value::from(next));
        Value::Map(out)
    }

    pub(crate) fn check(&self, problems: &mut Vec<String>) {
        check_errors("catch", &self.errors, problems);
        if let Some(path) = &self.result_path {
            if let Err(e) = check_path(path, PathUse::Reference) {
                problems.push(format!("catch: ResultPath {e}"));
            }
        }
    }
}

/// A path as written for `InputPath`, `OutputPath`, `ResultPath`: its expression, or `null`
/// for [`JsonPath::DISCARD`].
pub(crate) fn path_value(path: &JsonPath) -> Value {
    path.expression().map_or(Value::Null, Value::from)
}

fn error_list(errors: &[String]) -> Value {
    if errors.is_empty() {
        Value::list_of([Errors::ALL])
    } else {
        Value::list_of(errors.iter().map(String::as_str))
    }
}

fn check_errors(what: &str, errors: &[String], problems: &mut Vec<String>) {
    if errors.len() > 1 && errors.iter().any(|e| e == Errors::ALL) {
        problems.push(format!(
            "{what}: {} must appear alone in an error list",
            Errors::ALL
        ));
    }
    if errors.iter().any(String::is_empty) {
        problems.push(format!("{what}: an error name is empty"));
    }
}

/// Retriers (or catchers) in the order written: those matching `States.ALL` last, the rest in
/// the order added. More than one matching `States.ALL` is an error.
pub(crate) fn ordered<T>(items: &[T], matches_all: impl Fn(&T) -> bool) -> Vec<&T> {
    let (all, rest): (Vec<&T>, Vec<&T>) = items.iter().partition(|i| matches_all(i));
    rest.into_iter().chain(all).collect()
}
