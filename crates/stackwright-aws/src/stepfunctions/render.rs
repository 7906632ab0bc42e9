//! Binding a definition to a state machine (which states belong to which graph, in the order
//! aws-cdk-lib writes them), checking the graph, and rendering it as Amazon States Language.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use stackwright_core::{Properties, Value};

use super::condition::check_timestamp;
use super::definition::{Graph, StateData, StateKind};
use super::json_path::{check_intrinsic_among, check_path, JsonPath, PathUse};
use super::retry::{ordered, path_value};
use super::states::WaitTime;

/// Intrinsic functions a `Fail` state's `ErrorPath`/`CausePath` may use.
const FAIL_INTRINSICS: [&str; 7] = [
    "Format",
    "JsonToString",
    "ArrayGetItem",
    "Base64Encode",
    "Base64Decode",
    "Hash",
    "UUID",
];

/// One graph of a state machine: the top level, a Parallel branch or a Map item processor.
#[derive(Debug, Clone)]
pub(crate) struct SubGraph {
    pub(crate) start: usize,
    /// The states in the order aws-cdk-lib writes them.
    pub(crate) states: Vec<usize>,
    /// Task states in the order their IAM statements are added (a branch's come after the
    /// states that follow its Parallel state, as in aws-cdk-lib).
    pub(crate) tasks: Vec<usize>,
    pub(crate) label: String,
    /// The Parallel or Map state and branch index it belongs to (`None`: the top level).
    key: GraphKey,
}

/// Which graph: the top level, or branch `i` of a Parallel state (the processor of a Map).
type GraphKey = Option<(usize, usize)>;

/// Which states a state machine has and how they are grouped into graphs.
#[derive(Debug, Clone)]
pub(crate) struct Binding {
    /// Graph 0 is the top level.
    pub(crate) graphs: Vec<SubGraph>,
    /// The graph each state was placed in, if any.
    pub(crate) owner: Vec<Option<usize>>,
    /// The graphs a Parallel or Map state starts, by state.
    pub(crate) children: BTreeMap<usize, Vec<usize>>,
}

enum Work {
    Visit(usize, usize),
    Register(usize, usize),
    Append(usize, usize),
}

/// Which graph each state reachable from `start` belongs to: the top level claims every
/// state it reaches first, then each branch (processor) claims what it reaches and nobody
/// claimed before.
fn claim(graph: &Graph, start: usize) -> Vec<Option<GraphKey>> {
    let mut claims: Vec<Option<GraphKey>> = vec![None; graph.states.len()];
    let mut pending = std::collections::VecDeque::from([(start, None)]);
    while let Some((first, key)) = pending.pop_front() {
        let mut queue = std::collections::VecDeque::from([first]);
        while let Some(s) = queue.pop_front() {
            if claims[s].is_some() {
                continue;
            }
            claims[s] = Some(key);
            for (i, sub) in graph.states[s].sub_graph_starts().into_iter().enumerate() {
                pending.push_back((sub, Some((s, i))));
            }
            queue.extend(graph.states[s].outgoing(true));
        }
    }
    claims
}

/// Places the states reachable from `start` into graphs, in aws-cdk-lib's order: depth first,
/// each state followed by the states that move to it, then those it moves to (next, default,
/// choice rules, catches); a Parallel's branches (a Map's processor) are bound before the
/// state itself. A state reached from several graphs stays in the one that claimed it.
pub(crate) fn bind(graph: &Graph, start: usize) -> Binding {
    let claims = claim(graph, start);
    let mut binding = Binding {
        graphs: vec![SubGraph {
            start,
            states: Vec::new(),
            tasks: Vec::new(),
            label: "the state machine".into(),
            key: None,
        }],
        owner: vec![None; graph.states.len()],
        children: BTreeMap::new(),
    };
    let mut stack = vec![Work::Visit(start, 0)];
    while let Some(work) = stack.pop() {
        match work {
            Work::Visit(s, g) => {
                let claimed_elsewhere = claims[s].is_some_and(|k| k != binding.graphs[g].key);
                if binding.owner[s].is_some() || claimed_elsewhere {
                    continue;
                }
                binding.owner[s] = Some(g);
                let state = &graph.states[s];
                let subs: Vec<usize> = state
                    .sub_graph_starts()
                    .into_iter()
                    .enumerate()
                    .map(|(i, sub_start)| {
                        binding.graphs.push(SubGraph {
                            start: sub_start,
                            states: Vec::new(),
                            tasks: Vec::new(),
                            label: sub_label(state, i),
                            key: Some((s, i)),
                        });
                        binding.graphs.len() - 1
                    })
                    .collect();
                for sub in subs.iter().rev() {
                    stack.push(Work::Append(*sub, g));
                }
                for out in state.outgoing(true).into_iter().rev() {
                    stack.push(Work::Visit(out, g));
                }
                for inc in state.incoming.iter().rev() {
                    stack.push(Work::Visit(*inc, g));
                }
                stack.push(Work::Register(s, g));
                for sub in subs.iter().rev() {
                    stack.push(Work::Visit(binding.graphs[*sub].start, *sub));
                }
                if !subs.is_empty() {
                    binding.children.insert(s, subs);
                }
            }
            Work::Register(s, g) => {
                binding.graphs[g].states.push(s);
                if matches!(graph.states[s].kind, StateKind::Task { .. }) {
                    binding.graphs[g].tasks.push(s);
                }
            }
            Work::Append(sub, g) => {
                let tasks = binding.graphs[sub].tasks.clone();
                binding.graphs[g].tasks.extend(tasks);
            }
        }
    }
    binding
}

fn sub_label(state: &StateData, i: usize) -> String {
    match state.kind {
        StateKind::Map { .. } => format!("the item processor of Map {:?}", state.name),
        _ => format!("branch {} of Parallel {:?}", i + 1, state.name),
    }
}

impl Binding {
    /// The task states, in the order their IAM statements are added to the role.
    pub(crate) fn tasks(&self) -> &[usize] {
        &self.graphs[0].tasks
    }

    fn bound(&self) -> impl Iterator<Item = usize> + '_ {
        self.graphs.iter().flat_map(|g| g.states.iter().copied())
    }
}

/// Every problem of the state machine's graph, each naming the state (the wiring problems the
/// definition recorded are reported apart, as they are at synthesis).
pub(crate) fn problems(graph: &Graph, binding: &Binding) -> Vec<String> {
    let mut problems = Vec::new();
    let mut names: IndexMap<&str, usize> = IndexMap::new();
    for s in binding.bound() {
        *names.entry(graph.states[s].name.as_str()).or_default() += 1;
    }
    for (name, count) in names {
        if count > 1 {
            problems.push(format!(
                "state name {name:?} is used by {count} states; state names must be unique in a state machine (its branches included)"
            ));
        }
    }
    for (g, sub) in binding.graphs.iter().enumerate() {
        let reachable = forward_reach(graph, sub.start);
        for &s in &sub.states {
            let state = &graph.states[s];
            if !reachable.contains(&s) {
                problems.push(format!(
                    "state {:?} cannot be reached from {:?}, the start of {}; move to it from a reachable state or remove it",
                    state.name, graph.states[sub.start].name, sub.label
                ));
            }
            for out in state.outgoing(true) {
                if let Some(h) = binding.owner[out].filter(|h| *h != g) {
                    problems.push(format!(
                        "state {:?} has neither Next nor End in {}: it moves to {:?}, which belongs to {}; a state can only move within its own graph",
                        state.name, sub.label, graph.states[out].name, binding.graphs[h].label
                    ));
                }
            }
        }
    }
    for s in binding.bound() {
        let state = &graph.states[s];
        problems.extend(
            check_state(state)
                .into_iter()
                .map(|p| format!("state {:?}: {p}", state.name)),
        );
    }
    problems
}

fn forward_reach(graph: &Graph, start: usize) -> Vec<usize> {
    let mut seen = vec![start];
    let mut i = 0;
    while i < seen.len() {
        for out in graph.states[seen[i]].outgoing(true) {
            if !seen.contains(&out) {
                seen.push(out);
            }
        }
        i += 1;
    }
    seen
}

fn check_io_path(what: &str, path: Option<&JsonPath>, used: PathUse, problems: &mut Vec<String>) {
    if let Some(path) = path {
        if let Err(e) = check_path(path, used) {
            problems.push(format!("{what} {e}"));
        }
    }
}

/// The problems of one state's own settings.
fn check_state(state: &StateData) -> Vec<String> {
    let mut problems = Vec::new();
    let length = state.name.chars().count();
    if length == 0 || length > 80 {
        problems.push(format!(
            "a state name must be 1 to 80 characters (it has {length})"
        ));
    }
    let io = &state.io;
    check_io_path(
        "InputPath",
        io.input_path.as_ref(),
        PathUse::Path,
        &mut problems,
    );
    check_io_path(
        "OutputPath",
        io.output_path.as_ref(),
        PathUse::Path,
        &mut problems,
    );
    check_io_path(
        "ResultPath",
        io.result_path.as_ref(),
        PathUse::Reference,
        &mut problems,
    );
    if let Some(p) = &io.parameters {
        p.check("Parameters", &mut problems);
    }
    if let Some(r) = &io.result_selector {
        r.check("ResultSelector", &mut problems);
    }
    for retry in &state.retries {
        retry.check(&mut problems);
    }
    for (catch, _) in &state.catches {
        catch.check(&mut problems);
    }
    if state.retries.iter().filter(|r| r.matches_all()).count() > 1 {
        problems.push("only one retrier may match States.ALL (it is tried last)".into());
    }
    if state
        .catches
        .iter()
        .filter(|(c, _)| c.matches_all())
        .count()
        > 1
    {
        problems.push("only one catcher may match States.ALL (it is tried last)".into());
    }
    match &state.kind {
        StateKind::Fail {
            error,
            cause,
            error_path,
            cause_path,
        } => {
            if error.is_some() && error_path.is_some() {
                problems.push("a Fail state takes an error or an error path, not both".into());
            }
            if cause.is_some() && cause_path.is_some() {
                problems.push("a Fail state takes a cause or a cause path, not both".into());
            }
            for (what, path) in [("ErrorPath", error_path), ("CausePath", cause_path)] {
                if let Some(e) = path.as_ref().and_then(|p| check_fail_path(p).err()) {
                    problems.push(format!("{what} {e}"));
                }
            }
        }
        StateKind::Wait { time } => match time {
            WaitTime::Timestamp(t) => {
                if let Err(e) = check_timestamp(t) {
                    problems.push(format!("Timestamp {e}"));
                }
            }
            WaitTime::SecondsPath(p) | WaitTime::TimestampPath(p) => {
                check_required_path("the wait path", p, &mut problems);
            }
            WaitTime::Seconds(_) => {}
        },
        StateKind::Choice { rules, default } => {
            if rules.is_empty() && default.is_none() {
                problems.push(
                    "a Choice state needs a way out: add a rule with when(..) or a default with otherwise(..)"
                        .into(),
                );
            }
            for (i, (condition, _)) in rules.iter().enumerate() {
                let mut found = Vec::new();
                condition.check(&mut found);
                problems.extend(found.into_iter().map(|p| format!("rule {}: {p}", i + 1)));
            }
        }
        StateKind::Parallel { branches } => {
            if branches.is_empty() {
                problems.push(
                    "a Parallel state needs at least one branch: add one with branch(..)".into(),
                );
            }
        }
        StateKind::Map {
            items_path,
            item_selector,
            processor,
            ..
        } => {
            if processor.is_none() {
                problems.push(
                    "a Map state needs an item processor: set one with item_processor(..)".into(),
                );
            }
            if let Some(p) = items_path {
                check_required_path("ItemsPath", p, &mut problems);
            }
            if let Some(s) = item_selector {
                s.check("ItemSelector", &mut problems);
            }
        }
        StateKind::Task {
            integration,
            timeout_seconds,
            heartbeat_seconds,
        } => {
            problems.extend(integration.validate(*timeout_seconds));
            if let Some(parameters) = integration.parameters(*timeout_seconds) {
                parameters.check("Parameters", &mut problems);
            }
            if *timeout_seconds == Some(0) {
                problems.push("the timeout must be at least 1 second".into());
            }
            if *heartbeat_seconds == Some(0) {
                problems.push("the heartbeat must be at least 1 second".into());
            }
            if let (Some(t), Some(h)) = (timeout_seconds, heartbeat_seconds) {
                if h >= t {
                    problems.push(format!(
                        "the heartbeat ({h} s) must be shorter than the timeout ({t} s)"
                    ));
                }
            }
        }
        StateKind::Pass { .. } | StateKind::Succeed => {}
    }
    problems
}

fn check_required_path(what: &str, path: &JsonPath, problems: &mut Vec<String>) {
    if path.is_discard() {
        problems.push(format!("{what} cannot be JsonPath::DISCARD"));
    } else {
        check_io_path(what, Some(path), PathUse::Path, problems);
    }
}

fn check_fail_path(path: &JsonPath) -> Result<(), String> {
    match path.expression() {
        None => Err("cannot be JsonPath::DISCARD".into()),
        Some(e) if e.starts_with('$') => check_path(path, PathUse::Path),
        Some(e) => check_intrinsic_among(e, &FAIL_INTRINSICS),
    }
}

/// Adds `key` when there is a value.
fn put(map: &mut Properties, key: &str, value: Option<Value>) {
    if let Some(v) = value {
        map.insert(key.to_owned(), v);
    }
}

/// The state machine's definition: `StartAt`, `States`, then `TimeoutSeconds` and `Comment`.
pub(crate) fn render_definition(
    graph: &Graph,
    binding: &Binding,
    timeout_seconds: Option<u32>,
    comment: Option<&str>,
) -> Value {
    let mut out = render_graph(graph, binding, 0);
    put(&mut out, "TimeoutSeconds", timeout_seconds.map(Value::from));
    put(&mut out, "Comment", comment.map(Value::from));
    Value::Map(out)
}

fn render_graph(graph: &Graph, binding: &Binding, g: usize) -> Properties {
    let sub = &binding.graphs[g];
    let states = sub
        .states
        .iter()
        .map(|s| {
            (
                graph.states[*s].name.clone(),
                render_state(graph, binding, *s),
            )
        })
        .collect();
    Properties::from_iter([
        (
            "StartAt".to_owned(),
            Value::from(graph.states[sub.start].name.as_str()),
        ),
        ("States".to_owned(), Value::Map(states)),
    ])
}

/// One state, keys in the order aws-cdk-lib writes them for its kind.
fn render_state(graph: &Graph, binding: &Binding, s: usize) -> Value {
    let state = &graph.states[s];
    let io = &state.io;
    let name_of = |i: usize| Value::from(graph.states[i].name.as_str());
    let next_end = |out: &mut Properties| match state.next {
        Some(n) => {
            out.insert("Next".into(), name_of(n));
        }
        None => {
            out.insert("End".into(), Value::Bool(true));
        }
    };
    let retry_catch = |out: &mut Properties| {
        let retries = ordered(&state.retries, |r| r.matches_all());
        if !retries.is_empty() {
            out.insert(
                "Retry".into(),
                Value::List(retries.into_iter().map(|r| r.render()).collect()),
            );
        }
        let catches = ordered(&state.catches, |(c, _)| c.matches_all());
        if !catches.is_empty() {
            let rendered = catches
                .into_iter()
                .map(|(c, to)| c.render(&graph.states[*to].name))
                .collect();
            out.insert("Catch".into(), Value::List(rendered));
        }
    };
    let ty = Some(Value::from(state.kind.type_name()));
    let comment = io.comment.as_deref().map(Value::from);
    let input_path = io.input_path.as_ref().map(path_value);
    let output_path = io.output_path.as_ref().map(path_value);
    let result_path = io.result_path.as_ref().map(path_value);
    let parameters = io.parameters.as_ref().map(|p| p.render());
    let result_selector = io.result_selector.as_ref().map(|r| r.render());
    let mut out = Properties::new();
    match &state.kind {
        StateKind::Pass { result } => {
            put(&mut out, "Type", ty);
            put(&mut out, "Comment", comment);
            put(&mut out, "Result", result.clone());
            put(&mut out, "ResultPath", result_path);
            put(&mut out, "InputPath", input_path);
            put(&mut out, "Parameters", parameters);
            put(&mut out, "OutputPath", output_path);
            next_end(&mut out);
        }
        StateKind::Succeed => {
            put(&mut out, "Type", ty);
            put(&mut out, "Comment", comment);
            put(&mut out, "InputPath", input_path);
            put(&mut out, "OutputPath", output_path);
        }
        StateKind::Fail {
            error,
            cause,
            error_path,
            cause_path,
        } => {
            put(&mut out, "Type", ty);
            put(&mut out, "Comment", comment);
            put(&mut out, "Error", error.as_deref().map(Value::from));
            put(&mut out, "ErrorPath", error_path.as_ref().map(path_value));
            put(&mut out, "Cause", cause.as_deref().map(Value::from));
            put(&mut out, "CausePath", cause_path.as_ref().map(path_value));
        }
        StateKind::Wait { time } => {
            put(&mut out, "Type", ty);
            put(&mut out, "Comment", comment);
            let (key, value) = match time {
                WaitTime::Seconds(n) => ("Seconds", Value::from(*n)),
                WaitTime::Timestamp(t) => ("Timestamp", Value::from(t.as_str())),
                WaitTime::SecondsPath(p) => ("SecondsPath", path_value(p)),
                WaitTime::TimestampPath(p) => ("TimestampPath", path_value(p)),
            };
            out.insert(key.into(), value);
            put(&mut out, "InputPath", input_path);
            put(&mut out, "OutputPath", output_path);
            next_end(&mut out);
        }
        StateKind::Choice { rules, default } => {
            put(&mut out, "Type", ty);
            put(&mut out, "Comment", comment);
            put(&mut out, "InputPath", input_path);
            put(&mut out, "OutputPath", output_path);
            if !rules.is_empty() {
                let rendered = rules
                    .iter()
                    .map(|(condition, to)| {
                        let mut rule = condition.render();
                        rule.insert("Next".into(), name_of(*to));
                        Value::Map(rule)
                    })
                    .collect();
                out.insert("Choices".into(), Value::List(rendered));
            }
            put(&mut out, "Default", default.map(name_of));
        }
        StateKind::Parallel { .. } => {
            put(&mut out, "Type", ty);
            put(&mut out, "Comment", comment);
            put(&mut out, "ResultPath", result_path);
            next_end(&mut out);
            put(&mut out, "InputPath", input_path);
            put(&mut out, "OutputPath", output_path);
            retry_catch(&mut out);
            let branches = binding
                .children
                .get(&s)
                .map(|subs| {
                    subs.iter()
                        .map(|g| Value::Map(render_graph(graph, binding, *g)))
                        .collect()
                })
                .unwrap_or_default();
            out.insert("Branches".into(), Value::List(branches));
            put(&mut out, "ResultSelector", result_selector);
        }
        StateKind::Map {
            items_path,
            max_concurrency,
            item_selector,
            ..
        } => {
            put(&mut out, "Type", ty);
            put(&mut out, "Comment", comment);
            put(&mut out, "ResultPath", result_path);
            next_end(&mut out);
            put(&mut out, "InputPath", input_path);
            put(&mut out, "OutputPath", output_path);
            put(&mut out, "ResultSelector", result_selector);
            retry_catch(&mut out);
            put(&mut out, "ItemsPath", items_path.as_ref().map(path_value));
            put(
                &mut out,
                "ItemSelector",
                item_selector.as_ref().map(|s| s.render()),
            );
            if let Some(sub) = binding.children.get(&s).and_then(|subs| subs.first()) {
                let mut processor = Properties::from_iter([(
                    "ProcessorConfig".to_owned(),
                    Value::map_of([("Mode", "INLINE")]),
                )]);
                processor.extend(render_graph(graph, binding, *sub));
                out.insert("ItemProcessor".into(), Value::Map(processor));
            }
            put(
                &mut out,
                "MaxConcurrency",
                max_concurrency.filter(|n| *n > 0).map(Value::from),
            );
        }
        StateKind::Task {
            integration,
            timeout_seconds,
            heartbeat_seconds,
        } => {
            next_end(&mut out);
            retry_catch(&mut out);
            put(&mut out, "Type", ty);
            put(&mut out, "Comment", comment);
            if !integration.timeout_is_parameter() {
                put(&mut out, "TimeoutSeconds", timeout_seconds.map(Value::from));
            }
            put(
                &mut out,
                "HeartbeatSeconds",
                heartbeat_seconds.map(Value::from),
            );
            put(&mut out, "InputPath", input_path);
            put(&mut out, "OutputPath", output_path);
            put(&mut out, "ResultPath", result_path);
            put(&mut out, "ResultSelector", result_selector);
            out.insert("Resource".into(), integration.resource().into_value());
            put(
                &mut out,
                "Parameters",
                integration.parameters(*timeout_seconds).map(|p| p.render()),
            );
        }
    }
    Value::Map(out)
}
