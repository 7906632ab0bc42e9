//! Stacks: the unit of deployment, one CloudFormation template each.

use std::collections::BTreeMap;
use std::rc::Rc;

use indexmap::IndexMap;

use crate::context::MissingContext;
use crate::environment::Environment;
use crate::logical_id::make_stack_name;
use crate::synthesizer::Synthesizer;
use crate::tree::{Node, NodeId, NodeKind, Scope, TreeData};
use crate::value::{Lazy, Properties, Val, Value};

/// What a stack node holds.
pub(crate) struct StackData {
    pub(crate) props: StackProps,
    pub(crate) dependencies: Vec<Node>,
    pub(crate) explicit_exports: Vec<Value>,
    /// Context lookups the app's context could not satisfy, first report of each key only.
    pub(crate) missing_context: Vec<MissingContext>,
    /// Write `<template>.config.json` with the stack's tags (see
    /// [`Stack::write_template_configuration`]).
    pub(crate) template_configuration: bool,
}

/// Options of a [`Stack`].
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct StackProps {
    /// The environment; what is left open is taken from the enclosing stage, else agnostic.
    pub env: Environment,
    /// The CloudFormation stack name (default: derived from the path, as the CDK does).
    pub stack_name: Option<String>,
    /// The template description.
    pub description: Option<String>,
    /// Refuse to delete the stack.
    pub termination_protection: bool,
    /// Stack-level tags, passed to CloudFormation at deployment.
    pub tags: BTreeMap<String, String>,
    /// How templates and assets reach the account (default: the bootstrap-aware synthesizer).
    pub synthesizer: Synthesizer,
    /// Template transforms (`AWS::Serverless-2016-10-31`, `AWS::LanguageExtensions`...).
    pub transforms: Vec<String>,
    /// The `AWSTemplateFormatVersion` to write, if any.
    pub template_format_version: Option<String>,
    /// Template-level `Metadata`.
    pub template_metadata: Properties,
}

impl StackProps {
    /// Sets the environment.
    pub fn env(mut self, env: Environment) -> Self {
        self.env = env;
        self
    }

    /// Sets the stack name.
    pub fn stack_name(mut self, name: impl Into<String>) -> Self {
        self.stack_name = Some(name.into());
        self
    }

    /// Sets the description.
    pub fn description(mut self, d: impl Into<String>) -> Self {
        self.description = Some(d.into());
        self
    }

    /// Turns termination protection on or off.
    pub fn termination_protection(mut self, on: bool) -> Self {
        self.termination_protection = on;
        self
    }

    /// Adds a stack-level tag.
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.insert(key.into(), value.into());
        self
    }

    /// Sets the synthesizer.
    pub fn synthesizer(mut self, s: Synthesizer) -> Self {
        self.synthesizer = s;
        self
    }

    /// Adds a template transform.
    pub fn transform(mut self, t: impl Into<String>) -> Self {
        self.transforms.push(t.into());
        self
    }
}

/// A CloudFormation stack.
#[derive(Clone, Debug, PartialEq)]
pub struct Stack {
    node: Node,
}

impl Scope for Stack {
    fn node(&self) -> &Node {
        &self.node
    }
}

impl Stack {
    /// Creates a stack under the app, a stage or a plain construct.
    pub fn new(scope: &impl Scope, id: &str, props: StackProps) -> Self {
        let data = StackData {
            explicit_exports: Vec::new(),
            template_configuration: false,
            missing_context: Vec::new(),
            props,
            dependencies: Vec::new(),
        };
        Stack {
            node: scope.node().add_child(id, NodeKind::Stack(Box::new(data))),
        }
    }

    /// Returns a handle if `node` is a stack.
    pub fn from_node(node: &Node) -> Option<Self> {
        node.with(|n| matches!(n.kind, NodeKind::Stack(_)))
            .then(|| Stack { node: node.clone() })
    }

    /// The stack that contains `scope` (or `scope` itself if it is a stack).
    pub fn of(scope: &impl Scope) -> Option<Stack> {
        let node = scope.node();
        let stack = node.data().stack_of(node.id)?;
        Some(Stack {
            node: node.handle(stack),
        })
    }

    /// Exports a value of this stack (a `Ref` or `Fn::GetAtt` of one of its resources) under the
    /// name an automatic cross-stack reference would give it, whether or not another stack still
    /// uses it. This is the remedy for the "deadly embrace": when the last consumer stops
    /// importing a value, keep exporting it explicitly for one deployment, so that the consumer is
    /// updated before the producer removes the export.
    pub fn export_value(&self, value: impl Into<Value>) {
        let value = value.into();
        self.write_data("export a value", |d| d.explicit_exports.push(value));
    }

    /// Deploy `other` before this stack.
    pub fn add_dependency(&self, other: &Stack) {
        let other = other.node.clone();
        self.write_data("add a stack dependency", |d| {
            if !d.dependencies.contains(&other) {
                d.dependencies.push(other);
            }
        });
    }

    /// Records a context lookup the app's context could not satisfy (what
    /// [`ContextQuery::lookup`](crate::ContextQuery::lookup) does). Synthesis writes it to the
    /// `missing` section of the manifest of the assembly holding this stack, and of every
    /// enclosing assembly, adding the stack's bootstrap lookup role; the CDK CLI then performs
    /// the lookup and runs the app again. A key already recorded here is ignored.
    pub fn report_missing_context(&self, missing: MissingContext) {
        self.write_data("record a missing context value", |d| {
            if d.missing_context.iter().all(|m| m.key != missing.key) {
                d.missing_context.push(missing);
            }
        });
    }

    /// The context lookups recorded on this stack, in the order reported (without the lookup
    /// role, which synthesis adds).
    pub fn missing_context(&self) -> Vec<MissingContext> {
        stack_data(&self.node.data(), self.node.id)
            .missing_context
            .clone()
    }

    /// Changes the stack, unless synthesis is reading the tree (then the change is refused and
    /// reported as a synthesis error naming this stack).
    fn write_data(&self, action: &str, f: impl FnOnce(&mut StackData)) {
        self.node.write(
            || action.to_owned(),
            |n| match &mut n.kind {
                NodeKind::Stack(s) => f(s),
                _ => unreachable!("stack handles always point at stacks"),
            },
        );
    }

    /// The CloudFormation stack name.
    pub fn stack_name(&self) -> String {
        stack_name(&self.node.data(), self.node.id)
    }

    /// The artifact id in the cloud assembly.
    pub fn artifact_id(&self) -> String {
        artifact_id(&self.node.data(), self.node.id)
    }

    /// The environment, with what the stack leaves open taken from its stages.
    pub fn environment(&self) -> Environment {
        environment(&self.node.data(), self.node.id)
    }

    /// The account as a value: the literal account when known, else `AWS::AccountId`.
    pub fn account(&self) -> Val<String> {
        match self.environment().account {
            Some(a) => a.into(),
            None => crate::intrinsics::Aws::account_id(),
        }
    }

    /// The region as a value: the literal region when known, else `AWS::Region`.
    pub fn region(&self) -> Val<String> {
        match self.environment().region {
            Some(r) => r.into(),
            None => crate::intrinsics::Aws::region(),
        }
    }

    /// The stacks this stack is deployed after, as synthesis will find them: those added with
    /// [`Stack::add_dependency`], then the stacks owning the elements its elements refer to
    /// (references in properties, overrides, policies, outputs, conditions and rules, with
    /// `Lazy` values produced now), each once, in that order. For constructs that need the
    /// deployment order before synthesis (a pipeline ordering its deploy actions); the
    /// manifest's `dependencies` are computed by synthesis itself. Foreign references
    /// (another app's elements) are left out: synthesis reports them.
    pub fn dependencies(&self) -> Vec<Stack> {
        let tree = Rc::as_ptr(&self.node.tree);
        // What the held values refer to, read under one borrow of the tree; the `Lazy` values
        // among them are produced after it ends (producing one may read the tree).
        let mut targets: Vec<NodeId> = Vec::new();
        let mut found = Vec::new();
        let explicit = {
            let data = self.node.data();
            for id in data.descendants(self.node.id) {
                if id != self.node.id && data.stack_of(id) != Some(self.node.id) {
                    continue;
                }
                if let NodeKind::Element(element) = &data.node(id).kind {
                    crate::element::for_each_element_value(
                        element,
                        &mut |value| find_references(value, tree, &mut found),
                        &mut targets,
                    );
                }
            }
            stack_data(&data, self.node.id).dependencies.clone()
        };
        // Depth first, in the order the values are held: what a `Lazy` produces is searched
        // where the `Lazy` was.
        let mut pending: Vec<Found> = found.into_iter().rev().collect();
        let mut produced = 0usize;
        while let Some(next) = pending.pop() {
            match next {
                Found::Target(node) => targets.push(node),
                // A bound on how many Lazy values run, against one that produces itself.
                Found::Lazy(lazy) if produced < 100_000 => {
                    produced += 1;
                    let mut inner = Vec::new();
                    find_references(&lazy.produce(), tree, &mut inner);
                    pending.extend(inner.into_iter().rev());
                }
                Found::Lazy(_) => {}
            }
        }
        let data = self.node.data();
        let mut out: Vec<Stack> = Vec::new();
        let explicit = explicit
            .into_iter()
            .filter(|n| Rc::ptr_eq(&n.tree, &self.node.tree))
            .map(|n| n.id);
        let referenced = targets.into_iter().filter_map(|t| data.stack_of(t));
        for id in explicit.chain(referenced) {
            if id != self.node.id && out.iter().all(|s| s.node.id != id) {
                out.push(Stack {
                    node: self.node.handle(id),
                });
            }
        }
        out
    }

    /// True when the stack holds file assets (its own, not those of stacks nested in it): its
    /// asset manifest then lists files besides the template.
    pub fn has_file_assets(&self) -> bool {
        let data = self.node.data();
        data.descendants(self.node.id).into_iter().any(|id| {
            matches!(data.node(id).kind, NodeKind::Asset(_))
                && data.stack_of(id) == Some(self.node.id)
        })
    }

    /// The stack-level tags as deployment passes them: those of [`StackProps::tag`], then
    /// those set with `Tags::of` on the stack or above (which win), in the CDK's order of tag
    /// keys (`localeCompare`: punctuation, digits, then letters with case ignored, lowercase
    /// first), as the manifest and the template configuration list them.
    pub fn tags(&self) -> IndexMap<String, String> {
        stack_tags(&self.node.data(), self.node.id)
    }

    /// Has synthesis write, when the stack has tags, the CloudFormation template configuration
    /// file `<template file>.config.json` (`{"Tags": {..}}`) beside the template, as CDK
    /// Pipelines does: a pipeline's CloudFormation action passes it as `TemplateConfiguration`,
    /// so the stack gets its tags (the action has no other way to pass them).
    pub fn write_template_configuration(&self) {
        self.write_data("ask for a template configuration file", |d| {
            d.template_configuration = true;
        });
    }

    /// The stack's options.
    pub fn props(&self) -> StackProps {
        stack_data(&self.node.data(), self.node.id).props.clone()
    }
}

pub(crate) fn stack_data(tree: &TreeData, stack: NodeId) -> &StackData {
    match &tree.node(stack).kind {
        NodeKind::Stack(s) => s,
        _ => unreachable!("not a stack"),
    }
}

/// The stack-level tags: those of the props, then those of `Tags::of` (which win).
pub(crate) fn stack_tags(tree: &TreeData, stack: NodeId) -> IndexMap<String, String> {
    let mut tags = stack_data(tree, stack).props.tags.clone();
    tags.extend(crate::tags::effective_tags(tree, stack));
    let mut sorted: Vec<(String, String)> = tags.into_iter().collect();
    sorted.sort_by(|a, b| crate::tags::compare_tag_keys(&a.0, &b.0));
    sorted.into_iter().collect()
}

/// The stack name as the CDK computes it: `<stage name>-<id path below the stage>`.
pub(crate) fn stack_name(tree: &TreeData, stack: NodeId) -> String {
    if let Some(name) = &stack_data(tree, stack).props.stack_name {
        return name.clone();
    }
    let assembly = tree.assembly_of(stack);
    let ids = tree.ids_between(assembly, stack);
    let local = make_stack_name(&ids);
    if assembly == NodeId(0) {
        local
    } else {
        format!("{}-{}", crate::stage::stage_name(tree, assembly), local)
    }
}

/// The artifact id: the unique-id algorithm over the path from the app.
pub(crate) fn artifact_id(tree: &TreeData, stack: NodeId) -> String {
    let ids = tree.ids_between(NodeId(0), stack);
    make_stack_name(&ids)
}

/// The environment of a stack, filled from its stages.
pub(crate) fn environment(tree: &TreeData, stack: NodeId) -> Environment {
    let mut env = stack_data(tree, stack).props.env.clone();
    for n in tree.ancestors(stack) {
        if let NodeKind::Stage(s) = &tree.node(n).kind {
            env = env.or(&s.env);
        }
    }
    env
}

/// What [`Stack::dependencies`] finds in a value: an element of the app, or a `Lazy` to produce.
enum Found {
    Target(NodeId),
    Lazy(Lazy),
}

/// Appends the same-app elements `value` refers to and the `Lazy` values it holds, in the
/// order they are held.
fn find_references(value: &Value, tree: *const crate::tree::Tree, found: &mut Vec<Found>) {
    let mut pending = vec![value];
    while let Some(value) = pending.pop() {
        match value {
            Value::List(items) => pending.extend(items.iter().rev()),
            Value::Map(m) => pending.extend(m.values().rev()),
            Value::Intrinsic(_, args) => pending.push(args),
            Value::Lazy(lazy) => found.push(Found::Lazy(lazy.clone())),
            Value::Ref(target)
            | Value::GetAtt(target, _)
            | Value::Condition(target)
            | Value::LogicalId(target)
                if target.is_in(tree) =>
            {
                found.push(Found::Target(target.node));
            }
            _ => {}
        }
    }
}
