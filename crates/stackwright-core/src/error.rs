//! Errors of synthesis: each names the construct path it comes from.

use std::fmt;

/// One problem found while building or synthesizing the app.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{path}: {kind}")]
pub struct SynthError {
    /// The construct path the problem belongs to.
    pub path: String,
    /// What is wrong.
    pub kind: ErrorKind,
}

impl SynthError {
    /// A problem at a path.
    pub fn new(path: impl Into<String>, kind: ErrorKind) -> Self {
        SynthError {
            path: path.into(),
            kind,
        }
    }
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A construct id is empty or contains `/`.
    #[error("invalid construct id {id:?}: {reason}")]
    InvalidId {
        /// The id given.
        id: String,
        /// Why it is invalid.
        reason: &'static str,
    },
    /// Two siblings share an id.
    #[error(
        "duplicate construct id {id:?}: a {existing} already has this path, so this {new} cannot"
    )]
    DuplicateId {
        /// The id.
        id: String,
        /// What the first node is.
        existing: String,
        /// What the second node is.
        new: String,
    },
    /// A construct is placed where it cannot be (an element outside a stack, a stage in a stack...).
    #[error("{0}")]
    Placement(String),
    /// An explicit or computed logical id is not `^[A-Za-z0-9]{{1,255}}$`.
    #[error("invalid logical id {0:?}: it must be 1 to 255 ASCII letters and digits")]
    InvalidLogicalId(String),
    /// Two elements of one template have the same logical id.
    #[error("logical id {logical_id:?} is also used by {other}")]
    DuplicateLogicalId {
        /// The logical id.
        logical_id: String,
        /// The path of the other element.
        other: String,
    },
    /// A stack has more resources than CloudFormation accepts.
    #[error("the stack has {count} resources; CloudFormation allows at most {limit}")]
    TooManyResources {
        /// How many.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// A template section has more entries than CloudFormation accepts.
    #[error("the template has {count} {section}; CloudFormation allows at most {limit}")]
    TooManyElements {
        /// `parameters`, `outputs` or `mappings`.
        section: &'static str,
        /// How many.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// A template is larger than CloudFormation accepts.
    #[error("the template is {bytes} bytes; CloudFormation accepts at most {limit}")]
    TemplateTooLarge {
        /// Its size.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// A value refers to an element of another app (or of an app that no longer exists).
    #[error("a value refers to {target}, which is not part of this app")]
    ForeignReference {
        /// What is referred to.
        target: String,
    },
    /// A value refers to something that cannot be referenced from here.
    #[error("cannot reference {target}: {reason}")]
    InvalidReference {
        /// The path of the referenced element.
        target: String,
        /// Why not.
        reason: String,
    },
    /// Stack dependencies form a cycle.
    #[error("stack dependencies form a cycle: {}", cycle.join(" -> "))]
    DependencyCycle {
        /// The stacks on the cycle, the first repeated at the end.
        cycle: Vec<String>,
    },
    /// An error recorded on a construct (by an aspect or a construct's own validation).
    #[error("{0}")]
    Annotation(String),
    /// A property override could not be applied.
    #[error("cannot apply override {path:?}: {reason}")]
    Override {
        /// The override path.
        path: String,
        /// Why.
        reason: String,
    },
    /// A stack name CloudFormation does not accept.
    #[error(
        "invalid stack name {name:?}: it must start with a letter, hold only ASCII letters, digits \
         and hyphens, and be at most 128 characters"
    )]
    InvalidStackName {
        /// The name (given, or derived from the path).
        name: String,
    },
    /// Two stacks of the app would be deployed under one name into one environment.
    #[error("stack name {name:?} is also used by stack {other} in {environment}; CloudFormation cannot hold both")]
    DuplicateStackName {
        /// The stack name.
        name: String,
        /// The path of the other stack.
        other: String,
        /// The environment of both (`aws://<account>/<region>`).
        environment: String,
    },
    /// An account or region that AWS does not have.
    #[error("invalid {what} {value:?}: {expected}")]
    InvalidEnvironment {
        /// `account` or `region`.
        what: &'static str,
        /// The value given.
        value: String,
        /// What a valid value looks like.
        expected: &'static str,
    },
    /// A number JSON cannot hold (NaN, an infinity).
    #[error("the number {0} cannot be written to a template: JSON has no NaN or infinities")]
    NonFiniteNumber(f64),
    /// The tree was changed while synthesis was reading it (from a `Lazy` value).
    #[error(
        "cannot {action} during synthesis{}: a Lazy value may read the construct tree but not change it \
         (make changes before synthesis, or in an aspect)",
        lazy_site(.site)
    )]
    ChangedDuringSynthesis {
        /// What was attempted.
        action: String,
        /// The path of the element whose `Lazy` value attempted it, when known.
        site: Option<String>,
    },
    /// Synthesis was started again while the app was being synthesized (from a `Lazy` value or
    /// an aspect).
    #[error("synthesis was started from inside a synthesis of the same app (from a Lazy value or an aspect)")]
    NestedSynthesis,
    /// Writing the assembly failed.
    #[error("cannot write the cloud assembly: {0}")]
    Io(String),
}

/// ` (from a Lazy value of <path>)`, or nothing.
fn lazy_site(site: &Option<String>) -> String {
    site.as_ref()
        .map(|s| format!(" (from a Lazy value used by {s})"))
        .unwrap_or_default()
}

/// Every problem found by one synthesis; it fails if there is at least one.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SynthErrors(pub Vec<SynthError>);

impl SynthErrors {
    /// The problems.
    pub fn errors(&self) -> &[SynthError] {
        &self.0
    }

    /// True when some problem's path and message contain both strings.
    pub fn contains(&self, path: &str, message_part: &str) -> bool {
        self.0
            .iter()
            .any(|e| e.path == path && e.kind.to_string().contains(message_part))
    }
}

impl fmt::Display for SynthErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "synthesis failed with {} error(s):", self.0.len())?;
        for e in &self.0 {
            writeln!(f, "  - {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for SynthErrors {}

impl From<SynthError> for SynthErrors {
    fn from(e: SynthError) -> Self {
        SynthErrors(vec![e])
    }
}
