//! The simple states: `Pass`, `Succeed`, `Fail` and `Wait`.

use stackwright_core::Value;

use super::definition::{
    io_setters, nextable, state_handle, Definition, Io, StateHandle, StateKind,
};
use super::json_path::JsonPath;

/// Options of a [`Pass`] state.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct PassProps {
    io: Io,
    result: Option<Value>,
}

impl PassProps {
    /// Passes its input on unchanged.
    pub fn new() -> Self {
        Self::default()
    }

    /// A fixed result (plain JSON, written as is: paths in it are not read), placed at the
    /// result path.
    pub fn result(mut self, result: impl Into<Value>) -> Self {
        self.result = Some(result.into());
        self
    }
}

io_setters!(PassProps: comment, input_path, output_path, result_path, parameters);

/// A state that passes its input on, possibly reshaped (`Parameters`) or with a fixed result.
///
/// ```
/// use stackwright_aws::stepfunctions::{Definition, Fields, JsonPath, Pass, PassProps};
/// let definition = Definition::new();
/// let prepare = Pass::new(
///     &definition,
///     "Prepare",
///     PassProps::new()
///         .parameters(Fields::new().with("id", JsonPath::at("$.order.id")))
///         .result_path("$.prepared"),
/// );
/// assert_eq!(prepare.name(), "Prepare");
/// ```
#[derive(Debug, Clone)]
pub struct Pass {
    state: StateHandle,
}

impl Pass {
    /// Creates the state in `definition`, named `name`.
    pub fn new(definition: &Definition, name: &str, props: PassProps) -> Self {
        let kind = StateKind::Pass {
            result: props.result,
        };
        Pass {
            state: definition.add(name, kind, props.io),
        }
    }
}

/// Options of a [`Succeed`] state.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct SucceedProps {
    io: Io,
}

impl SucceedProps {
    /// No options.
    pub fn new() -> Self {
        Self::default()
    }
}

io_setters!(SucceedProps: comment, input_path, output_path);

/// A state that ends the execution (or its branch) successfully.
///
/// ```
/// use stackwright_aws::stepfunctions::{Definition, Succeed, SucceedProps};
/// let definition = Definition::new();
/// let _done = Succeed::new(&definition, "Done", SucceedProps::new().comment("all good"));
/// ```
#[derive(Debug, Clone)]
pub struct Succeed {
    state: StateHandle,
}

impl Succeed {
    /// Creates the state in `definition`, named `name`.
    pub fn new(definition: &Definition, name: &str, props: SucceedProps) -> Self {
        Succeed {
            state: definition.add(name, StateKind::Succeed, props.io),
        }
    }
}

/// Options of a [`Fail`] state.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct FailProps {
    io: Io,
    error: Option<String>,
    cause: Option<String>,
    error_path: Option<JsonPath>,
    cause_path: Option<JsonPath>,
}

impl FailProps {
    /// A failure with no error name or cause.
    pub fn new() -> Self {
        Self::default()
    }

    /// The error name (not with `error_path`).
    pub fn error(mut self, error: impl Into<String>) -> Self {
        self.error = Some(error.into());
        self
    }

    /// A human-readable cause (not with `cause_path`).
    pub fn cause(mut self, cause: impl Into<String>) -> Self {
        self.cause = Some(cause.into());
        self
    }

    /// The error name, read from the input (a path, or `States.Format`, `States.JsonToString`,
    /// `States.ArrayGetItem`, `States.Base64Encode`, `States.Base64Decode`, `States.Hash`,
    /// `States.UUID`).
    pub fn error_path(mut self, path: impl Into<JsonPath>) -> Self {
        self.error_path = Some(path.into());
        self
    }

    /// The cause, read from the input (as `error_path`).
    pub fn cause_path(mut self, path: impl Into<JsonPath>) -> Self {
        self.cause_path = Some(path.into());
        self
    }
}

io_setters!(FailProps: comment);

/// A state that ends the execution (or its branch) with a failure.
///
/// ```
/// use stackwright_aws::stepfunctions::{Definition, Fail, FailProps};
/// let definition = Definition::new();
/// let _failed = Fail::new(&definition, "Failed", FailProps::new().error("LakeRunFailed").cause("a Glue job failed"));
/// ```
#[derive(Debug, Clone)]
pub struct Fail {
    state: StateHandle,
}

impl Fail {
    /// Creates the state in `definition`, named `name`.
    pub fn new(definition: &Definition, name: &str, props: FailProps) -> Self {
        let kind = StateKind::Fail {
            error: props.error,
            cause: props.cause,
            error_path: props.error_path,
            cause_path: props.cause_path,
        };
        Fail {
            state: definition.add(name, kind, props.io),
        }
    }
}

/// How long a [`Wait`] state waits.
#[derive(Debug, Clone, PartialEq)]
pub enum WaitTime {
    /// A number of seconds.
    Seconds(u32),
    /// Until an RFC 3339 timestamp (`2030-01-01T00:00:00Z`).
    Timestamp(String),
    /// The number of seconds at a path of the input.
    SecondsPath(JsonPath),
    /// Until the timestamp at a path of the input.
    TimestampPath(JsonPath),
}

impl WaitTime {
    /// A number of seconds.
    pub fn seconds(seconds: u32) -> Self {
        WaitTime::Seconds(seconds)
    }

    /// Until an RFC 3339 timestamp.
    pub fn timestamp(timestamp: impl Into<String>) -> Self {
        WaitTime::Timestamp(timestamp.into())
    }

    /// The number of seconds at a path.
    pub fn seconds_path(path: impl Into<JsonPath>) -> Self {
        WaitTime::SecondsPath(path.into())
    }

    /// Until the timestamp at a path.
    pub fn timestamp_path(path: impl Into<JsonPath>) -> Self {
        WaitTime::TimestampPath(path.into())
    }
}

/// Options of a [`Wait`] state.
#[derive(Debug, Clone)]
#[must_use]
pub struct WaitProps {
    io: Io,
    time: WaitTime,
}

impl WaitProps {
    /// Waits for `time`.
    pub fn new(time: WaitTime) -> Self {
        WaitProps {
            io: Io::default(),
            time,
        }
    }
}

io_setters!(WaitProps: comment, input_path, output_path);

/// A state that waits, then moves on.
///
/// ```
/// use stackwright_aws::stepfunctions::{Definition, Wait, WaitProps, WaitTime};
/// let definition = Definition::new();
/// let _hold = Wait::new(&definition, "Hold", WaitProps::new(WaitTime::seconds_path("$.delay")));
/// ```
#[derive(Debug, Clone)]
pub struct Wait {
    state: StateHandle,
}

impl Wait {
    /// Creates the state in `definition`, named `name`.
    pub fn new(definition: &Definition, name: &str, props: WaitProps) -> Self {
        Wait {
            state: definition.add(name, StateKind::Wait { time: props.time }, props.io),
        }
    }
}

state_handle!(Pass, Succeed, Fail, Wait);
nextable!(Pass, Wait);
