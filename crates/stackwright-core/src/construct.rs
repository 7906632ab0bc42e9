//! Plain constructs: named scopes that group other constructs (the base of L2 constructs).

use crate::tree::{Node, NodeKind, Scope};

/// A scope with no template element of its own; L2 constructs are built from these.
#[derive(Clone, Debug, PartialEq)]
pub struct Construct {
    node: Node,
}

impl Scope for Construct {
    fn node(&self) -> &Node {
        &self.node
    }
}

impl Construct {
    /// Creates a plain construct.
    pub fn new(scope: &impl Scope, id: &str) -> Self {
        Self::with_type(scope, id, "stackwright.Construct")
    }

    /// Creates a construct that names its kind (shown in `tree.json` and errors), such as
    /// `stackwright.s3.Bucket`.
    pub fn with_type(scope: &impl Scope, id: &str, fqn: &'static str) -> Self {
        Construct {
            node: scope.node().add_child(id, NodeKind::Construct(fqn)),
        }
    }
}
