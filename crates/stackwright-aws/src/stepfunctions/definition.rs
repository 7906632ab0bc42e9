//! The state graph: a [`Definition`] owns every state (an arena behind one shared pointer);
//! state handles and [`Chain`]s are indexes into it, so user code needs no lifetimes and a loop
//! in the graph is no reference cycle.

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

use stackwright_core::Value;

use super::condition::Condition;
use super::field::Fields;
use super::json_path::JsonPath;
use super::retry::{CatchProps, RetryProps};
use super::states::WaitTime;
use super::task::TaskIntegration;

/// The states of one or more state machines, and the problems found while wiring them.
///
/// Every state is created in a definition (`Pass::new(&definition, "Name", ...)`) and can only
/// move to states of the same definition. A state machine takes a chain of it and renders the
/// states reachable from the chain's start.
///
/// ```
/// use stackwright_aws::stepfunctions::{Definition, Pass, PassProps, Succeed, SucceedProps};
/// let definition = Definition::new();
/// let start = Pass::new(&definition, "Start", PassProps::new());
/// let chain = start.next(&Succeed::new(&definition, "Done", SucceedProps::new()));
/// # let _ = chain;
/// ```
#[derive(Clone, Default)]
pub struct Definition {
    pub(crate) graph: Rc<RefCell<Graph>>,
}

impl fmt::Debug for Definition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let graph = self.graph.borrow();
        let names: Vec<&str> = graph.states.iter().map(|s| s.name.as_str()).collect();
        f.debug_struct("Definition")
            .field("states", &names)
            .finish()
    }
}

impl Definition {
    /// An empty definition.
    pub fn new() -> Self {
        Self::default()
    }

    /// The names of its states, in the order created.
    pub fn state_names(&self) -> Vec<String> {
        self.graph
            .borrow()
            .states
            .iter()
            .map(|s| s.name.clone())
            .collect()
    }

    pub(crate) fn same(&self, other: &Definition) -> bool {
        Rc::ptr_eq(&self.graph, &other.graph)
    }

    pub(crate) fn add(&self, name: &str, kind: StateKind, io: Io) -> StateHandle {
        let mut graph = self.graph.borrow_mut();
        graph.states.push(StateData {
            name: name.to_owned(),
            kind,
            io,
            next: None,
            incoming: Vec::new(),
            retries: Vec::new(),
            catches: Vec::new(),
        });
        StateHandle {
            definition: self.clone(),
            index: graph.states.len() - 1,
        }
    }

    pub(crate) fn problem(&self, message: String) {
        self.graph.borrow_mut().problems.push(message);
    }

    pub(crate) fn name_of(&self, index: usize) -> String {
        self.graph.borrow().states[index].name.clone()
    }

    pub(crate) fn update(&self, index: usize, f: impl FnOnce(&mut StateData)) {
        f(&mut self.graph.borrow_mut().states[index]);
    }

    /// Checks that a chain to link in belongs here; records a problem if not.
    pub(crate) fn check_member(&self, from: usize, other: &Chain) -> bool {
        if self.same(&other.definition) {
            return true;
        }
        let target = other.definition.name_of(other.start);
        self.problem(format!(
            "state {:?} cannot move to state {target:?}: it belongs to another Definition (the states of a state machine must be created in one Definition)",
            self.name_of(from)
        ));
        false
    }

    /// `from` moves to `to` next (once).
    pub(crate) fn connect_next(&self, from: usize, to: usize) {
        let mut graph = self.graph.borrow_mut();
        if let Some(existing) = graph.states[from].next {
            let message = format!(
                "state {:?} already moves to {:?}; it cannot also move to {:?}",
                graph.states[from].name, graph.states[existing].name, graph.states[to].name
            );
            graph.problems.push(message);
            return;
        }
        graph.states[from].next = Some(to);
        graph.states[to].incoming.push(from);
    }

    /// The nextable states at the ends of the paths leaving `start` (without error handlers).
    pub(crate) fn reachable_ends(&self, start: usize) -> Vec<usize> {
        let graph = self.graph.borrow();
        let mut visited = vec![false; graph.states.len()];
        let mut queue = std::collections::VecDeque::from([start]);
        let mut ends = Vec::new();
        while let Some(s) = queue.pop_front() {
            if std::mem::replace(&mut visited[s], true) {
                continue;
            }
            let outgoing = graph.states[s].outgoing(false);
            if outgoing.is_empty() {
                if graph.states[s].kind.is_nextable() {
                    ends.push(s);
                }
            } else {
                queue.extend(outgoing);
            }
        }
        ends
    }
}

/// One state's data in the arena.
#[derive(Debug, Clone)]
pub(crate) struct StateData {
    pub(crate) name: String,
    pub(crate) kind: StateKind,
    pub(crate) io: Io,
    pub(crate) next: Option<usize>,
    /// States that move here (next, choice rules, catches), in the order linked; aws-cdk-lib
    /// visits them when it orders the states of a definition.
    pub(crate) incoming: Vec<usize>,
    pub(crate) retries: Vec<RetryProps>,
    pub(crate) catches: Vec<(CatchProps, usize)>,
}

impl StateData {
    /// Where the state may go: next, default, choice rules, then (optionally) catch handlers.
    pub(crate) fn outgoing(&self, with_error_handlers: bool) -> Vec<usize> {
        let mut out: Vec<usize> = self.next.into_iter().collect();
        if let StateKind::Choice { rules, default } = &self.kind {
            out.extend(default);
            out.extend(rules.iter().map(|(_, to)| *to));
        }
        if with_error_handlers {
            out.extend(self.catches.iter().map(|(_, to)| *to));
        }
        out
    }

    /// The states that start this state's own graphs (Parallel branches, a Map's processor).
    pub(crate) fn sub_graph_starts(&self) -> Vec<usize> {
        match &self.kind {
            StateKind::Parallel { branches } => branches.clone(),
            StateKind::Map { processor, .. } => processor.iter().copied().collect(),
            _ => Vec::new(),
        }
    }
}

/// What kind of state, with the data only that kind has.
#[derive(Debug, Clone)]
pub(crate) enum StateKind {
    Pass {
        result: Option<Value>,
    },
    Succeed,
    Fail {
        error: Option<String>,
        cause: Option<String>,
        error_path: Option<JsonPath>,
        cause_path: Option<JsonPath>,
    },
    Wait {
        time: WaitTime,
    },
    Choice {
        rules: Vec<(Condition, usize)>,
        default: Option<usize>,
    },
    Parallel {
        branches: Vec<usize>,
    },
    Map {
        items_path: Option<JsonPath>,
        max_concurrency: Option<u32>,
        item_selector: Option<Fields>,
        processor: Option<usize>,
    },
    Task {
        integration: Rc<dyn TaskIntegration>,
        timeout_seconds: Option<u32>,
        heartbeat_seconds: Option<u32>,
    },
}

impl StateKind {
    /// Whether a state of this kind can have a next state.
    pub(crate) fn is_nextable(&self) -> bool {
        !matches!(
            self,
            StateKind::Succeed | StateKind::Fail { .. } | StateKind::Choice { .. }
        )
    }

    /// The kind's name in a definition (`Type`).
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            StateKind::Pass { .. } => "Pass",
            StateKind::Succeed => "Succeed",
            StateKind::Fail { .. } => "Fail",
            StateKind::Wait { .. } => "Wait",
            StateKind::Choice { .. } => "Choice",
            StateKind::Parallel { .. } => "Parallel",
            StateKind::Map { .. } => "Map",
            StateKind::Task { .. } => "Task",
        }
    }
}

/// Input and output processing shared by the kinds of state (each kind's props expose the
/// fields it supports).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Io {
    pub(crate) comment: Option<String>,
    pub(crate) input_path: Option<JsonPath>,
    pub(crate) output_path: Option<JsonPath>,
    pub(crate) result_path: Option<JsonPath>,
    pub(crate) parameters: Option<Fields>,
    pub(crate) result_selector: Option<Fields>,
}

/// Generates the input/output setters a props type supports.
macro_rules! io_setters {
    ($props:ident: $($field:ident),* $(,)?) => {
        impl $props {
            $(crate::stepfunctions::definition::io_setters!(@one $field);)*
        }
    };
    (@one comment) => {
        /// A comment written into the state.
        pub fn comment(mut self, comment: impl Into<String>) -> Self {
            self.io.comment = Some(comment.into());
            self
        }
    };
    (@one input_path) => {
        /// The part of the input the state works on (a JSON path; default `$`, all of it;
        /// `JsonPath::DISCARD` gives it `{}`).
        pub fn input_path(mut self, path: impl Into<crate::stepfunctions::JsonPath>) -> Self {
            self.io.input_path = Some(path.into());
            self
        }
    };
    (@one output_path) => {
        /// The part of the state's output passed on (a JSON path; default `$`).
        pub fn output_path(mut self, path: impl Into<crate::stepfunctions::JsonPath>) -> Self {
            self.io.output_path = Some(path.into());
            self
        }
    };
    (@one result_path) => {
        /// Where the result goes in the input (a reference path such as `$.result`; default
        /// `$`, the result replaces the input; `JsonPath::DISCARD` drops the result).
        pub fn result_path(mut self, path: impl Into<crate::stepfunctions::JsonPath>) -> Self {
            self.io.result_path = Some(path.into());
            self
        }
    };
    (@one parameters) => {
        /// The state's input, built from literals and paths of its input (`Parameters`).
        pub fn parameters(mut self, parameters: crate::stepfunctions::Fields) -> Self {
            self.io.parameters = Some(parameters);
            self
        }
    };
    (@one result_selector) => {
        /// Reshapes the result before `ResultPath` applies (`ResultSelector`; paths read the
        /// result).
        pub fn result_selector(mut self, selector: crate::stepfunctions::Fields) -> Self {
            self.io.result_selector = Some(selector);
            self
        }
    };
}
pub(crate) use io_setters;

/// A state in a definition: the shared part of every state handle.
#[derive(Debug, Clone)]
pub(crate) struct StateHandle {
    pub(crate) definition: Definition,
    pub(crate) index: usize,
}

impl StateHandle {
    /// The chain of this one state; `ends` says whether it can move on.
    pub(crate) fn chain(&self) -> Chain {
        let nextable = self.definition.graph.borrow().states[self.index]
            .kind
            .is_nextable();
        Chain {
            definition: self.definition.clone(),
            start: self.index,
            ends: if nextable {
                vec![self.index]
            } else {
                Vec::new()
            },
            last: self.index,
        }
    }

    pub(crate) fn name(&self) -> String {
        self.definition.name_of(self.index)
    }

    pub(crate) fn add_retry(&self, retry: RetryProps) {
        self.definition
            .update(self.index, |s| s.retries.push(retry));
    }

    pub(crate) fn add_catch(&self, handler: &Chain, props: CatchProps) {
        if !self.definition.check_member(self.index, handler) {
            return;
        }
        let mut graph = self.definition.graph.borrow_mut();
        graph.states[self.index]
            .catches
            .push((props, handler.start));
        graph.states[handler.start].incoming.push(self.index);
    }
}

/// Something a chain can be made of: a state or a chain.
pub trait Chainable {
    /// The chain this is (a state is a chain of one state).
    fn chain(&self) -> Chain;
}

/// A sequence of states: where it starts and the states that can move on from its end.
///
/// ```
/// use stackwright_aws::stepfunctions::{Chain, Definition, Pass, PassProps};
/// let definition = Definition::new();
/// let a = Pass::new(&definition, "A", PassProps::new());
/// let b = Pass::new(&definition, "B", PassProps::new());
/// let c = Pass::new(&definition, "C", PassProps::new());
/// let chain = Chain::start(&a).next(&b).next(&c);
/// assert_eq!(chain.start_state_name(), "A");
/// ```
#[derive(Debug, Clone)]
pub struct Chain {
    pub(crate) definition: Definition,
    pub(crate) start: usize,
    pub(crate) ends: Vec<usize>,
    pub(crate) last: usize,
}

impl Chain {
    /// A chain beginning with `state`.
    pub fn start(state: &impl Chainable) -> Chain {
        state.chain()
    }

    /// Continues every end of this chain with `next`. A chain that ends in a `Succeed`,
    /// `Fail` or `Choice` state cannot continue: that is reported at synthesis.
    pub fn next(&self, next: &impl Chainable) -> Chain {
        let next = next.chain();
        if !self.definition.check_member(self.last, &next) {
            return self.clone();
        }
        if self.ends.is_empty() {
            let (name, kind) = {
                let graph = self.definition.graph.borrow();
                let last = &graph.states[self.last];
                (last.name.clone(), last.kind.type_name())
            };
            self.definition.problem(format!(
                "cannot continue after state {name:?}: a {kind} state does not move on with a next state"
            ));
            return self.clone();
        }
        for end in &self.ends {
            self.definition.connect_next(*end, next.start);
        }
        Chain {
            definition: self.definition.clone(),
            start: self.start,
            ends: next.ends,
            last: next.last,
        }
    }

    /// The name of the state the chain starts with.
    pub fn start_state_name(&self) -> String {
        self.definition.name_of(self.start)
    }

    /// The definition the chain's states belong to.
    pub fn definition(&self) -> &Definition {
        &self.definition
    }
}

impl Chainable for Chain {
    fn chain(&self) -> Chain {
        self.clone()
    }
}

/// Gives a state handle type its `Chainable` implementation and its `name()`.
macro_rules! state_handle {
    ($($ty:ident),*) => {$(
        impl crate::stepfunctions::Chainable for $ty {
            fn chain(&self) -> crate::stepfunctions::Chain {
                self.state.chain()
            }
        }

        impl $ty {
            /// The state's name.
            pub fn name(&self) -> String {
                self.state.name()
            }
        }
    )*};
}
pub(crate) use state_handle;

/// Gives a state handle type `next` (it moves on to another state).
macro_rules! nextable {
    ($($ty:ident),*) => {$(
        impl $ty {
            /// Moves on to `next` after this state; returns the chain of both.
            pub fn next(&self, next: &impl crate::stepfunctions::Chainable) -> crate::stepfunctions::Chain {
                crate::stepfunctions::Chain::start(self).next(next)
            }
        }
    )*};
}
pub(crate) use nextable;

/// Gives a state handle type `add_retry` and `add_catch`.
macro_rules! retryable {
    ($($ty:ident),*) => {$(
        impl $ty {
            /// Retries the state on errors. Retriers matching `States.ALL` are written last.
            pub fn add_retry(&self, retry: crate::stepfunctions::RetryProps) -> &Self {
                self.state.add_retry(retry);
                self
            }

            /// On errors, moves to `handler` (with the error output at the catch's result
            /// path). Catchers matching `States.ALL` are written last.
            pub fn add_catch(
                &self,
                handler: &impl crate::stepfunctions::Chainable,
                props: crate::stepfunctions::CatchProps,
            ) -> &Self {
                self.state.add_catch(&handler.chain(), props);
                self
            }
        }
    )*};
}
pub(crate) use retryable;

/// The arena: every state of a definition, and the problems found while wiring them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Graph {
    pub(crate) states: Vec<StateData>,
    pub(crate) problems: Vec<String>,
}
