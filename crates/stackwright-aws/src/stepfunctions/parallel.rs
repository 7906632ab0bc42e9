//! `Parallel` (branches run side by side) and `Map` (an item processor runs for each item).

use super::definition::{
    io_setters, nextable, retryable, state_handle, Chainable, Definition, Io, StateHandle,
    StateKind,
};
use super::field::Fields;
use super::json_path::JsonPath;

/// Options of a [`Parallel`] state.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct ParallelProps {
    io: Io,
}

impl ParallelProps {
    /// No options.
    pub fn new() -> Self {
        Self::default()
    }
}

io_setters!(ParallelProps: comment, input_path, output_path, result_path, result_selector);

/// A state that runs branches side by side; its result is the list of their outputs.
///
/// ```
/// use stackwright_aws::stepfunctions::{Definition, Parallel, ParallelProps, Pass, PassProps};
/// let definition = Definition::new();
/// let fanout = Parallel::new(&definition, "Fanout", ParallelProps::new().result_path("$.fanout"));
/// fanout
///     .branch(&Pass::new(&definition, "Left", PassProps::new()))
///     .branch(&Pass::new(&definition, "Right", PassProps::new()));
/// ```
#[derive(Debug, Clone)]
pub struct Parallel {
    state: StateHandle,
}

impl Parallel {
    /// Creates the state in `definition`, named `name`; add at least one branch.
    pub fn new(definition: &Definition, name: &str, props: ParallelProps) -> Self {
        let kind = StateKind::Parallel {
            branches: Vec::new(),
        };
        Parallel {
            state: definition.add(name, kind, props.io),
        }
    }

    /// Adds a branch: the chain's states form a graph of their own, which must end inside it.
    pub fn branch(&self, branch: &impl Chainable) -> &Self {
        let branch = branch.chain();
        let definition = &self.state.definition;
        if definition.check_member(self.state.index, &branch) {
            definition.update(self.state.index, |s| {
                if let StateKind::Parallel { branches } = &mut s.kind {
                    branches.push(branch.start);
                }
            });
        }
        self
    }
}

/// Options of a [`Map`] state.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct MapProps {
    io: Io,
    items_path: Option<JsonPath>,
    max_concurrency: Option<u32>,
    item_selector: Option<Fields>,
}

impl MapProps {
    /// Iterates over the input itself (which must be a list).
    pub fn new() -> Self {
        Self::default()
    }

    /// The list to iterate over (a JSON path; default `$`).
    pub fn items_path(mut self, path: impl Into<JsonPath>) -> Self {
        self.items_path = Some(path.into());
        self
    }

    /// How many items run at once (default 0: as many as possible).
    pub fn max_concurrency(mut self, n: u32) -> Self {
        self.max_concurrency = Some(n);
        self
    }

    /// The input of each iteration, built from the item (`$$.Map.Item.Value`) and the state's
    /// input (`ItemSelector`).
    pub fn item_selector(mut self, selector: Fields) -> Self {
        self.item_selector = Some(selector);
        self
    }
}

io_setters!(MapProps: comment, input_path, output_path, result_path, result_selector);

/// A state that runs an item processor for each item of a list; its result is the list of
/// the outputs.
///
/// ```
/// use stackwright_aws::stepfunctions::{Definition, Map, MapProps, Pass, PassProps};
/// let definition = Definition::new();
/// let each = Map::new(&definition, "EachFile", MapProps::new().items_path("$.files").max_concurrency(4));
/// each.item_processor(&Pass::new(&definition, "Inspect", PassProps::new()));
/// ```
#[derive(Debug, Clone)]
pub struct Map {
    state: StateHandle,
}

impl Map {
    /// Creates the state in `definition`, named `name`; set its item processor.
    pub fn new(definition: &Definition, name: &str, props: MapProps) -> Self {
        let kind = StateKind::Map {
            items_path: props.items_path,
            max_concurrency: props.max_concurrency,
            item_selector: props.item_selector,
            processor: None,
        };
        Map {
            state: definition.add(name, kind, props.io),
        }
    }

    /// The states run for each item (inline mode): a graph of their own, which must end
    /// inside it.
    pub fn item_processor(&self, processor: &impl Chainable) -> &Self {
        let processor = processor.chain();
        let definition = &self.state.definition;
        if !definition.check_member(self.state.index, &processor) {
            return self;
        }
        let name = self.state.name();
        let mut replaced = false;
        definition.update(self.state.index, |s| {
            if let StateKind::Map { processor: p, .. } = &mut s.kind {
                replaced = p.replace(processor.start).is_some();
            }
        });
        if replaced {
            definition.problem(format!("Map {name:?} already has an item processor"));
        }
        self
    }
}

state_handle!(Parallel, Map);
nextable!(Parallel, Map);
retryable!(Parallel, Map);
