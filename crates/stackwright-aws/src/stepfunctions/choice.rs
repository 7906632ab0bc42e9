//! `Choice`: moves to the first rule whose condition holds, else to its default.

use super::condition::Condition;
use super::definition::{
    io_setters, state_handle, Chain, Chainable, Definition, Io, StateHandle, StateKind,
};

/// Options of a [`Choice`] state.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct ChoiceProps {
    io: Io,
}

impl ChoiceProps {
    /// No options.
    pub fn new() -> Self {
        Self::default()
    }
}

io_setters!(ChoiceProps: comment, input_path, output_path);

/// A state that branches on conditions of its input.
///
/// ```
/// use stackwright_aws::stepfunctions::{Choice, ChoiceProps, Condition, Definition, Pass, PassProps};
/// let definition = Definition::new();
/// let bulk = Pass::new(&definition, "Bulk", PassProps::new());
/// let single = Pass::new(&definition, "Single", PassProps::new());
/// let route = Choice::new(&definition, "Route", ChoiceProps::new());
/// route
///     .when(Condition::string_equals("$.kind", "bulk"), &bulk)
///     .otherwise(&single);
/// let after = Pass::new(&definition, "After", PassProps::new());
/// route.afterwards().next(&after); // both branches continue with After
/// ```
#[derive(Debug, Clone)]
pub struct Choice {
    state: StateHandle,
}

impl Choice {
    /// Creates the state in `definition`, named `name`.
    pub fn new(definition: &Definition, name: &str, props: ChoiceProps) -> Self {
        let kind = StateKind::Choice {
            rules: Vec::new(),
            default: None,
        };
        Choice {
            state: definition.add(name, kind, props.io),
        }
    }

    /// Moves to `next` when `condition` holds (rules are tried in the order added).
    pub fn when(&self, condition: Condition, next: &impl Chainable) -> &Self {
        let next = next.chain();
        let definition = &self.state.definition;
        if definition.check_member(self.state.index, &next) {
            let mut graph = definition.graph.borrow_mut();
            if let StateKind::Choice { rules, .. } = &mut graph.states[self.state.index].kind {
                rules.push((condition, next.start));
            }
            graph.states[next.start].incoming.push(self.state.index);
        }
        self
    }

    /// Moves to `next` when no rule holds (once).
    pub fn otherwise(&self, next: &impl Chainable) -> &Self {
        let next = next.chain();
        let definition = &self.state.definition;
        if !definition.check_member(self.state.index, &next) {
            return self;
        }
        let mut graph = definition.graph.borrow_mut();
        let name = graph.states[self.state.index].name.clone();
        let mut taken = None;
        if let StateKind::Choice { default, .. } = &mut graph.states[self.state.index].kind {
            match default {
                Some(existing) => taken = Some(*existing),
                None => *default = Some(next.start),
            }
        }
        if let Some(existing) = taken {
            let message = format!(
                "Choice {name:?} already has a default ({:?})",
                graph.states[existing].name
            );
            graph.problems.push(message);
        }
        self
    }

    /// A chain whose ends are the states the branches of this choice end in (so that
    /// `.next(..)` joins them).
    pub fn afterwards(&self) -> Chain {
        let ends = self.state.definition.reachable_ends(self.state.index);
        Chain {
            definition: self.state.definition.clone(),
            start: self.state.index,
            last: self.state.index,
            ends,
        }
    }
}

state_handle!(Choice);
