//! Stages: units of deployment that become nested cloud assemblies.

use crate::environment::Environment;
use crate::tree::{Node, NodeId, NodeKind, Scope, TreeData};

/// What a stage node holds.
pub(crate) struct StageData {
    pub(crate) env: Environment,
}

/// Options of a [`Stage`].
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct StageProps {
    /// The default environment of the stacks inside (they may override it).
    pub env: Environment,
}

impl StageProps {
    /// Sets the default environment.
    pub fn env(mut self, env: Environment) -> Self {
        self.env = env;
        self
    }
}

/// A group of stacks deployed together; synthesized into `assembly-<path>/`. Stages nest.
#[derive(Clone, Debug, PartialEq)]
pub struct Stage {
    node: Node,
}

impl Scope for Stage {
    fn node(&self) -> &Node {
        &self.node
    }
}

impl Stage {
    /// Creates a stage under the app or another stage.
    pub fn new(scope: &impl Scope, id: &str, props: StageProps) -> Self {
        let node = scope
            .node()
            .add_child(id, NodeKind::Stage(StageData { env: props.env }));
        Stage { node }
    }

    /// Returns a handle if `node` is a stage.
    pub fn from_node(node: &Node) -> Option<Self> {
        node.with(|n| matches!(n.kind, NodeKind::Stage(_)))
            .then(|| Stage { node: node.clone() })
    }

    /// The stage name: the ids of the stages from the app down to this one, joined by `-`.
    pub fn stage_name(&self) -> String {
        stage_name(&self.node.data(), self.node.id)
    }

    /// The directory of the nested assembly, relative to its parent assembly.
    pub fn assembly_directory(&self) -> String {
        assembly_artifact_id(&self.node.path())
    }
}

/// The ids of the stages from the app down to `stage` (inclusive), joined by `-`.
pub(crate) fn stage_name(tree: &TreeData, stage: NodeId) -> String {
    let mut names: Vec<&str> = std::iter::once(stage)
        .chain(tree.ancestors(stage))
        .filter(|n| matches!(tree.node(*n).kind, NodeKind::Stage(_)))
        .map(|n| tree.node(n).id.as_str())
        .collect();
    names.reverse();
    names.join("-")
}

/// The artifact id (and directory name) of the nested assembly of the stage at `path`.
pub(crate) fn assembly_artifact_id(path: &str) -> String {
    format!("assembly-{}", path.replace('/', "-"))
}
