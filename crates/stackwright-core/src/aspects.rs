//! Aspects: visitors applied to every node below a scope just before synthesis. They may add or
//! change nodes and record errors or warnings on them.

use std::rc::Rc;

use crate::tree::{Node, Scope};

/// A visitor applied by synthesis to every node below the scope it was added to.
pub trait Aspect {
    /// Called once for each node (including nodes that earlier visits added).
    fn visit(&self, node: &Node);
}

impl<F: Fn(&Node)> Aspect for F {
    fn visit(&self, node: &Node) {
        self(node)
    }
}

/// The aspects of a scope.
pub struct Aspects<'a, S: Scope>(&'a S);

impl<'a, S: Scope> Aspects<'a, S> {
    /// The aspects of a scope.
    pub fn of(scope: &'a S) -> Self {
        Aspects(scope)
    }

    /// Adds an aspect, applied to the scope and everything below it.
    pub fn add(&self, aspect: impl Aspect + 'static) {
        let aspect: Rc<dyn Aspect> = Rc::new(aspect);
        self.0.node().with_mut(|n| n.aspects.push(aspect));
    }
}
