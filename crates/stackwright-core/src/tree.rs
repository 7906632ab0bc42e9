//! The construct tree: an arena of nodes owned by the [`App`](crate::App), reached through cheap
//! cloneable handles. Construction never fails at the call site: problems (a bad id, a duplicate
//! id, an element outside a stack) are recorded and reported together by synthesis.
//!
//! Borrow rules (they are what keeps every handle method panic-free):
//! - a mutable borrow of the arena is held only inside library code that runs no user code, so
//!   a shared borrow (every read) always succeeds, also inside a `Lazy` value or an aspect;
//! - synthesis holds a shared borrow while it renders (when `Lazy` values run). Every change goes
//!   through [`Node::data_mut`], which refuses it then and records the attempt, with the path of
//!   the node, in [`SynthesisState::refused`] (outside the arena); synthesis reports it as an error.

use std::cell::{Cell, Ref, RefCell, RefMut};
use std::collections::HashSet;
use std::fmt;
use std::hash::BuildHasher;
use std::rc::{Rc, Weak};

use hashbrown::HashTable;
use indexmap::IndexMap;

use crate::aspects::Aspect;
use crate::element::ElementData;
use crate::error::{ErrorKind, SynthError};
use crate::removal::RemovalPolicy;
use crate::stack::StackData;
use crate::stage::StageData;
use crate::tags::TagEdit;

/// Index of a node in its tree's arena.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct NodeId(pub(crate) u32);

/// The shared arena behind every handle of one app.
pub(crate) struct Tree {
    pub(crate) data: RefCell<TreeData>,
    pub(crate) synthesis: SynthesisState,
}

/// Everything the tree holds.
pub(crate) struct TreeData {
    pub(crate) nodes: Vec<NodeData>,
    pub(crate) context: IndexMap<String, serde_json::Value>,
    pub(crate) problems: Vec<SynthError>,
    /// `(aspect, node)` pairs already visited: an aspect visits each node once per app, however
    /// many times the app is synthesized.
    pub(crate) invoked_aspects: HashSet<(usize, NodeId)>,
}

/// What synthesis keeps outside the arena, so that it can change while synthesis holds a shared
/// borrow of the arena.
#[derive(Default)]
pub(crate) struct SynthesisState {
    pub(crate) phase: Cell<Phase>,
    /// The path of the element whose `Lazy` value is being produced, if any.
    pub(crate) lazy_site: RefCell<Option<String>>,
    /// Changes refused because synthesis was reading the tree; synthesis reports them.
    pub(crate) refused: RefCell<Vec<SynthError>>,
}

/// Where an app is in its synthesis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Phase {
    /// Not synthesizing: the tree may change.
    #[default]
    Idle,
    /// Running aspects: the tree may change (aspects add and configure nodes).
    Aspects,
    /// Rendering templates: the tree is read (and `Lazy` values run); changes are refused.
    Rendering,
}

/// One node of the tree.
pub(crate) struct NodeData {
    pub(crate) id: String,
    pub(crate) path: String,
    pub(crate) parent: Option<NodeId>,
    pub(crate) children: Vec<NodeId>,
    /// The children by id, once there are many (see [`TreeData::find_child`]).
    child_index: Option<Box<HashTable<NodeId>>>,
    pub(crate) kind: NodeKind,
    /// What few nodes have, allocated when the first of it is added: most nodes of a large app
    /// are resources and L2 constructs with none of it, and the tree's memory is page faults.
    extra: Option<Box<NodeExtra>>,
}

/// The rarely set parts of a node (see [`NodeData::extra_mut`]).
#[derive(Default)]
pub(crate) struct NodeExtra {
    pub(crate) metadata: Vec<MetadataEntry>,
    pub(crate) aspects: Vec<Rc<dyn Aspect>>,
    pub(crate) tags: Vec<TagEdit>,
    pub(crate) removal_policy: Option<RemovalPolicy>,
    pub(crate) validations: Vec<Validation>,
    /// Callbacks run once by synthesis after the aspects (see [`Node::add_prepare`]).
    pub(crate) prepares: Vec<Prepare>,
}

/// A check a construct runs at synthesis, returning its problems.
pub(crate) type Validation = Rc<dyn Fn() -> Vec<String>>;

/// A callback synthesis runs once, after the aspects, with the node it was added to.
pub(crate) type Prepare = Box<dyn FnOnce(&Node)>;

/// What a node is.
pub(crate) enum NodeKind {
    App,
    Stage(StageData),
    Stack(Box<StackData>),
    Construct(&'static str),
    Element(Box<ElementData>),
    Asset(Box<crate::asset::AssetData>),
}

impl NodeKind {
    /// A short description used in error messages and `tree.json`.
    pub(crate) fn describe(&self) -> String {
        match self {
            NodeKind::App => "App".into(),
            NodeKind::Stage(_) => "Stage".into(),
            NodeKind::Stack(_) => "Stack".into(),
            NodeKind::Construct(fqn) => (*fqn).into(),
            NodeKind::Element(e) => e.describe(),
            NodeKind::Asset(_) => "file asset".into(),
        }
    }
}

/// A metadata entry attached to a node (written to `<artifact>.metadata.json`).
#[derive(Debug, Clone, PartialEq)]
pub struct MetadataEntry {
    /// The entry type, e.g. `aws:cdk:warning`.
    pub kind: String,
    /// The entry data.
    pub data: serde_json::Value,
}

/// Metadata type of warnings (the CDK CLI prints them).
pub const WARNING_METADATA: &str = "aws:cdk:warning";
/// Metadata type of informational messages.
pub const INFO_METADATA: &str = "aws:cdk:info";
/// Metadata type of errors (synthesis fails when any is present).
pub const ERROR_METADATA: &str = "aws:cdk:error";

impl Tree {
    pub(crate) fn new_root(context: IndexMap<String, serde_json::Value>) -> Rc<Tree> {
        let root = NodeData::new(String::new(), String::new(), None, NodeKind::App);
        Rc::new(Tree {
            data: RefCell::new(TreeData {
                nodes: vec![root],
                context,
                problems: Vec::new(),
                invoked_aspects: HashSet::new(),
            }),
            synthesis: SynthesisState::default(),
        })
    }

    /// Records that `action` on `node` was refused because synthesis is reading the tree.
    fn refuse(&self, node: NodeId, action: String) {
        // A shared borrow always succeeds (see the borrow rules); `try_` only for certainty.
        let path = self
            .data
            .try_borrow()
            .map_or_else(|_| "<app>".to_owned(), |d| display_path(&d.node(node).path));
        let site = self.synthesis.lazy_site.borrow().clone();
        let kind = ErrorKind::ChangedDuringSynthesis { action, site };
        self.synthesis
            .refused
            .borrow_mut()
            .push(SynthError::new(path, kind));
    }
}

/// The path shown for a node in errors: `<app>` for the root.
pub(crate) fn display_path(path: &str) -> String {
    if path.is_empty() {
        "<app>".into()
    } else {
        path.to_owned()
    }
}

/// The hash of a construct id in a node's child index.
fn id_hash(id: &str) -> u64 {
    crate::value::PropertyHasher::default().hash_one(id)
}

/// The path of a child `id` of the node at `parent`.
fn child_path(parent: &str, id: &str) -> String {
    if parent.is_empty() {
        id.to_owned()
    } else {
        // Not `format!`: this runs for every node, and the formatting machinery costs more.
        let mut path = String::with_capacity(parent.len() + 1 + id.len());
        path.push_str(parent);
        path.push('/');
        path.push_str(id);
        path
    }
}

impl NodeData {
    fn new(id: String, path: String, parent: Option<NodeId>, kind: NodeKind) -> Self {
        NodeData {
            id,
            path,
            parent,
            children: Vec::new(),
            child_index: None,
            kind,
            extra: None,
        }
    }

    /// The rarely set parts, to add to (allocated on first use).
    pub(crate) fn extra_mut(&mut self) -> &mut NodeExtra {
        self.extra.get_or_insert_with(Box::default)
    }

    /// The node's metadata entries.
    pub(crate) fn metadata(&self) -> &[MetadataEntry] {
        self.extra.as_ref().map_or(&[], |e| &e.metadata)
    }

    /// The aspects added to the node.
    pub(crate) fn aspects(&self) -> &[Rc<dyn Aspect>] {
        self.extra.as_ref().map_or(&[], |e| &e.aspects)
    }

    /// The tag edits made on the node, in order.
    pub(crate) fn tags(&self) -> &[TagEdit] {
        self.extra.as_ref().map_or(&[], |e| &e.tags)
    }

    /// The removal policy set on the node itself.
    pub(crate) fn removal_policy(&self) -> Option<RemovalPolicy> {
        self.extra.as_ref().and_then(|e| e.removal_policy)
    }

    /// The node's validations.
    pub(crate) fn validations(&self) -> &[Validation] {
        self.extra.as_ref().map_or(&[], |e| &e.validations)
    }

    /// Whether prepare callbacks wait on the node.
    pub(crate) fn has_prepares(&self) -> bool {
        self.extra.as_ref().is_some_and(|e| !e.prepares.is_empty())
    }

    /// The prepare callbacks, taken (each runs once).
    pub(crate) fn take_prepares(&mut self) -> Vec<Prepare> {
        self.extra
            .as_mut()
            .map(|e| std::mem::take(&mut e.prepares))
            .unwrap_or_default()
    }
}

impl TreeData {
    pub(crate) fn node(&self, id: NodeId) -> &NodeData {
        &self.nodes[id.0 as usize]
    }

    pub(crate) fn node_mut(&mut self, id: NodeId) -> &mut NodeData {
        &mut self.nodes[id.0 as usize]
    }

    /// The first child of `parent` with this id.
    pub(crate) fn find_child(&self, parent: NodeId, id: &str) -> Option<NodeId> {
        let parent = self.node(parent);
        match &parent.child_index {
            Some(index) => self.find_child_in(index, id),
            None => parent
                .children
                .iter()
                .copied()
                .find(|c| self.node(*c).id == id),
        }
    }

    /// Appends `child` to the children of `parent`; `first_of_its_id` says that no earlier child
    /// has its id (the index keeps the first child of each id, as a scan finds it).
    fn push_child(&mut self, parent: NodeId, child: NodeId, first_of_its_id: bool) {
        // A node with many children (a stack of hundreds of resources) gets an index: without
        // it, adding n children compares ids n²/2 times. A few children are scanned instead.
        const INDEX_FROM: usize = 32;
        let node = self.node_mut(parent);
        node.children.push(child);
        let mut index = node.child_index.take();
        if let Some(index) = &mut index {
            if first_of_its_id {
                self.index_child(index, child);
            }
        } else if self.node(parent).children.len() >= INDEX_FROM {
            let mut built = HashTable::new();
            for &c in &self.node(parent).children {
                if self.find_child_in(&built, &self.node(c).id).is_none() {
                    self.index_child(&mut built, c);
                }
            }
            index = Some(Box::new(built));
        }
        self.node_mut(parent).child_index = index;
    }

    fn find_child_in(&self, index: &HashTable<NodeId>, id: &str) -> Option<NodeId> {
        index.find(id_hash(id), |c| self.node(*c).id == id).copied()
    }

    fn index_child(&self, index: &mut HashTable<NodeId>, child: NodeId) {
        let hash = id_hash(&self.node(child).id);
        index.insert_unique(hash, child, |c| id_hash(&self.node(*c).id));
    }

    /// Records what is wrong with the id of a child about to be added under `parent` at
    /// `path`: empty, containing `/`, or taken by the child `duplicate`.
    fn report_bad_id(
        &mut self,
        parent: NodeId,
        id: &str,
        path: &str,
        duplicate: Option<NodeId>,
        kind: &NodeKind,
    ) {
        let shown_path = if id.is_empty() {
            format!("{}/<empty id>", self.node(parent).path)
        } else {
            path.to_owned()
        };
        let reason = if id.is_empty() {
            Some("ids must not be empty")
        } else if id.contains('/') {
            Some("ids must not contain '/'")
        } else {
            None
        };
        if let Some(reason) = reason {
            let kind = ErrorKind::InvalidId {
                id: id.into(),
                reason,
            };
            self.problem(&shown_path, kind);
        }
        if let Some(existing) = duplicate {
            let kind = ErrorKind::DuplicateId {
                id: id.into(),
                existing: self.node(existing).kind.describe(),
                new: kind.describe(),
            };
            self.problem(&shown_path, kind);
        }
    }

    /// Ancestors of a node, nearest first, excluding the node.
    pub(crate) fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.node(id).parent, move |p| self.node(*p).parent)
    }

    /// The nearest enclosing stack (the node itself if it is one).
    pub(crate) fn stack_of(&self, id: NodeId) -> Option<NodeId> {
        std::iter::once(id)
            .chain(self.ancestors(id))
            .find(|n| matches!(self.node(*n).kind, NodeKind::Stack(_)))
    }

    /// The nearest enclosing stage, or the app (the root) when there is none.
    pub(crate) fn assembly_of(&self, id: NodeId) -> NodeId {
        self.ancestors(id)
            .find(|n| matches!(self.node(*n).kind, NodeKind::Stage(_) | NodeKind::App))
            .unwrap_or(NodeId(0))
    }

    /// All nodes below (and including) `root`, depth first, children in creation order.
    pub(crate) fn descendants(&self, root: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            out.push(n);
            stack.extend(self.node(n).children.iter().rev());
        }
        out
    }

    /// Construct ids from `from` (exclusive) down to `to` (inclusive).
    pub(crate) fn ids_between(&self, from: NodeId, to: NodeId) -> Vec<&str> {
        let mut ids: Vec<&str> = std::iter::once(to)
            .chain(self.ancestors(to))
            .take_while(|n| *n != from)
            .map(|n| self.node(n).id.as_str())
            .collect();
        ids.reverse();
        ids
    }

    pub(crate) fn problem(&mut self, path: &str, kind: ErrorKind) {
        self.problems.push(SynthError::new(path, kind));
    }
}

/// A handle to one node of the construct tree. Cloning it is cheap.
#[derive(Clone)]
pub struct Node {
    pub(crate) tree: Rc<Tree>,
    pub(crate) id: NodeId,
}

impl fmt::Debug for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Node({:?})", self.path())
    }
}

impl PartialEq for Node {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.tree, &other.tree) && self.id == other.id
    }
}

/// Anything that can hold children in the construct tree: the app, stages, stacks, constructs.
pub trait Scope {
    /// The node of this scope.
    fn node(&self) -> &Node;
}

impl Scope for Node {
    fn node(&self) -> &Node {
        self
    }
}

impl<S: Scope + ?Sized> Scope for &S {
    fn node(&self) -> &Node {
        (**self).node()
    }
}

impl Node {
    /// The tree, for reading. Never fails (see the module's borrow rules).
    pub(crate) fn data(&self) -> Ref<'_, TreeData> {
        self.tree.data.borrow()
    }

    /// The tree, for a change described by `action` (`"add a warning"`), or `None` when
    /// synthesis is reading it: the change is then refused and recorded as a synthesis error at
    /// this node's path.
    pub(crate) fn data_mut(&self, action: impl FnOnce() -> String) -> Option<RefMut<'_, TreeData>> {
        if self.tree.synthesis.phase.get() != Phase::Rendering {
            if let Ok(data) = self.tree.data.try_borrow_mut() {
                return Some(data);
            }
        }
        self.tree.refuse(self.id, action());
        None
    }

    /// Reads this node.
    pub(crate) fn with<R>(&self, f: impl FnOnce(&NodeData) -> R) -> R {
        f(self.data().node(self.id))
    }

    /// Changes this node, unless synthesis is reading the tree (see [`Node::data_mut`]).
    pub(crate) fn write<R>(
        &self,
        action: impl FnOnce() -> String,
        f: impl FnOnce(&mut NodeData) -> R,
    ) -> Option<R> {
        self.data_mut(action).map(|mut d| f(d.node_mut(self.id)))
    }

    pub(crate) fn handle(&self, id: NodeId) -> Node {
        Node {
            tree: self.tree.clone(),
            id,
        }
    }

    /// Adds a child node. An invalid or duplicate id is recorded as a problem naming the path.
    ///
    /// During synthesis the tree cannot grow: the attempt is reported as an error at this node,
    /// and the handle returned belongs to a detached tree of its own (it works, but nothing done
    /// with it reaches this app).
    pub(crate) fn add_child(&self, id: &str, kind: NodeKind) -> Node {
        let Some(mut data) =
            self.data_mut(|| format!("add the child {id:?} (a {})", kind.describe()))
        else {
            return self.detached_child(id, kind);
        };
        let path = child_path(&data.node(self.id).path, id);
        let duplicate = data.find_child(self.id, id);
        // The messages are built only when there is a problem: this runs for every node.
        if id.is_empty() || id.contains('/') || duplicate.is_some() {
            data.report_bad_id(self.id, id, &path, duplicate, &kind);
        }
        let new_id =
            NodeId(u32::try_from(data.nodes.len()).expect("more than 4 billion constructs"));
        data.nodes
            .push(NodeData::new(id.to_owned(), path, Some(self.id), kind));
        data.push_child(self.id, new_id, duplicate.is_none());
        drop(data);
        self.handle(new_id)
    }

    /// A node `id` under the root of a new tree of its own, with the path it would have had here.
    fn detached_child(&self, id: &str, kind: NodeKind) -> Node {
        let path = child_path(&self.path(), id);
        let tree = Tree::new_root(IndexMap::new());
        {
            let mut data = tree.data.borrow_mut();
            data.nodes
                .push(NodeData::new(id.to_owned(), path, Some(NodeId(0)), kind));
            data.node_mut(NodeId(0)).children.push(NodeId(1));
        }
        Node {
            tree,
            id: NodeId(1),
        }
    }

    /// The construct id (empty for the app).
    pub fn id(&self) -> String {
        self.with(|n| n.id.clone())
    }

    /// The path from the app, ids joined by `/` (empty for the app).
    pub fn path(&self) -> String {
        self.with(|n| n.path.clone())
    }

    /// The parent scope, if any.
    pub fn parent(&self) -> Option<Node> {
        self.with(|n| n.parent).map(|p| self.handle(p))
    }

    /// The children, in creation order.
    pub fn children(&self) -> Vec<Node> {
        self.with(|n| n.children.iter().map(|c| self.handle(*c)).collect())
    }

    /// The child with this id, if any.
    pub fn try_find_child(&self, id: &str) -> Option<Node> {
        let found = self.data().find_child(self.id, id);
        found.map(|c| self.handle(c))
    }

    /// This node and everything below it, depth first, children in creation order.
    pub fn find_all(&self) -> Vec<Node> {
        let ids = self.data().descendants(self.id);
        ids.into_iter().map(|n| self.handle(n)).collect()
    }

    /// The root (app) node.
    pub fn root(&self) -> Node {
        self.handle(NodeId(0))
    }

    /// A context value of the app: set in code, or passed by the CDK CLI.
    pub fn try_get_context(&self, key: &str) -> Option<serde_json::Value> {
        self.data().context.get(key).cloned()
    }

    /// Adds a metadata entry to this node.
    pub fn add_metadata(&self, kind: impl Into<String>, data: impl Into<serde_json::Value>) {
        let entry = MetadataEntry {
            kind: kind.into(),
            data: data.into(),
        };
        let action = match entry.kind.as_str() {
            WARNING_METADATA => "add a warning",
            ERROR_METADATA => "add an error",
            INFO_METADATA => "add an informational message",
            _ => "add metadata",
        };
        self.write(|| action.to_owned(), |n| n.extra_mut().metadata.push(entry));
    }

    /// The metadata entries of this node.
    pub fn metadata(&self) -> Vec<MetadataEntry> {
        self.with(|n| n.metadata().to_vec())
    }

    /// Records a warning; the CDK CLI shows it after synthesis.
    pub fn add_warning(&self, message: impl Into<String>) {
        self.add_metadata(WARNING_METADATA, serde_json::Value::String(message.into()));
    }

    /// Records an informational message.
    pub fn add_info(&self, message: impl Into<String>) {
        self.add_metadata(INFO_METADATA, serde_json::Value::String(message.into()));
    }

    /// Records an error; synthesis fails and reports it with this node's path.
    pub fn add_error(&self, message: impl Into<String>) {
        self.add_metadata(ERROR_METADATA, serde_json::Value::String(message.into()));
    }

    /// Adds a check that synthesis runs once the tree is complete (after aspects, before
    /// rendering), with no borrow of the tree held: each message it returns is an error at this
    /// node's path. Constructs use it for problems that depend on their final state (a policy
    /// with no statement, a state machine whose graph has unreachable states).
    pub fn add_validation(&self, check: impl Fn() -> Vec<String> + 'static) {
        let check: Validation = Rc::new(check);
        self.write(
            || "add a validation".to_owned(),
            |n| n.extra_mut().validations.push(check),
        );
    }

    /// Adds a callback that synthesis runs once per app, with this node, when the tree is
    /// complete: after every aspect, before the validations, with no borrow of the tree held.
    /// Unlike a validation it may change the tree (add constructs, set properties); aspects
    /// then visit what it added. Callbacks run in tree order (a node's in the order added);
    /// one added by a callback runs in the same synthesis. Constructs whose content follows
    /// from the rest of the tree use it (a pipeline adds an action per stack of the stages it
    /// deploys). A callback is dropped once it has run, so what it captures is released.
    pub fn add_prepare(&self, callback: impl FnOnce(&Node) + 'static) {
        let callback: Prepare = Box::new(callback);
        self.write(
            || "add a prepare callback".to_owned(),
            |n| n.extra_mut().prepares.push(callback),
        );
    }

    /// A short name of what this node is (`Stack`, `AWS::S3::Bucket resource`, ...).
    pub fn kind_name(&self) -> String {
        self.with(|n| n.kind.describe())
    }

    pub(crate) fn element_ref(&self) -> ElementRef {
        ElementRef {
            tree: Rc::downgrade(&self.tree),
            node: self.id,
        }
    }
}

/// A reference to an element of some app's tree, held inside [`Value`](crate::Value)s.
#[derive(Clone)]
pub struct ElementRef {
    pub(crate) tree: Weak<Tree>,
    pub(crate) node: NodeId,
}

impl ElementRef {
    /// Whether the element belongs to `tree` (the weak handle keeps the tree's allocation, so
    /// its address identifies the app for as long as this reference exists).
    pub(crate) fn is_in(&self, tree: *const Tree) -> bool {
        std::ptr::eq(self.tree.as_ptr(), tree)
    }

    /// The path of the referenced element, if its app still exists.
    pub fn path(&self) -> Option<String> {
        let tree = self.tree.upgrade()?;
        let data = tree.data.borrow();
        Some(data.node(self.node).path.clone())
    }
}

impl PartialEq for ElementRef {
    fn eq(&self, other: &Self) -> bool {
        Weak::ptr_eq(&self.tree, &other.tree) && self.node == other.node
    }
}

impl fmt::Debug for ElementRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.path() {
            Some(p) => f.write_str(&p),
            None => write!(f, "<dropped app>#{}", self.node.0),
        }
    }
}
