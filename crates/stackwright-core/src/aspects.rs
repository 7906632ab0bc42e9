//! Aspects: visitors applied to every node below a scope just before synthesis. They may read,
//! add or change nodes and record errors or warnings on them. Each aspect visits each node once
//! per app, so synthesizing again does not repeat what it did.

use std::rc::Rc;

use crate::error::ErrorKind;
use crate::tree::{Node, NodeId, Scope};

/// A visitor applied by synthesis to every node below the scope it was added to.
pub trait Aspect {
    /// Called once for each node (including nodes that earlier visits added), once per app: a
    /// later synthesis visits only nodes added since.
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
        self.0.node().write(
            || "add an aspect".into(),
            |n| n.extra_mut().aspects.push(aspect),
        );
    }
}

/// How many passes over the tree before giving up on aspects that keep adding aspects.
const MAX_ASPECT_PASSES: usize = 100;

/// Applies the aspects (see [`invoke_aspects`]), then runs the prepare callbacks waiting in the
/// tree (see [`Node::add_prepare`]), in tree order, each once, with no borrow held; aspects
/// then visit what the callbacks added, until neither adds anything.
pub(crate) fn invoke_all(root: &Node) {
    for _ in 0..MAX_ASPECT_PASSES {
        invoke_aspects(root);
        if root.data().nodes.iter().all(|n| !n.has_prepares()) {
            return;
        }
        let pending: Vec<(NodeId, Vec<crate::tree::Prepare>)> = {
            let Some(mut data) = root.data_mut(|| "run the prepare callbacks".to_owned()) else {
                return;
            };
            let ids = data.descendants(root.id);
            ids.into_iter()
                .filter_map(|id| {
                    let callbacks = data.node_mut(id).take_prepares();
                    (!callbacks.is_empty()).then_some((id, callbacks))
                })
                .collect()
        };
        if pending.is_empty() {
            return;
        }
        for (id, callbacks) in pending {
            let node = root.handle(id);
            for callback in callbacks {
                callback(&node);
            }
        }
    }
    let message =
        format!("prepare callbacks kept adding callbacks after {MAX_ASPECT_PASSES} passes");
    root.tree
        .data
        .borrow_mut()
        .problem("<app>", ErrorKind::Annotation(message));
}

/// Applies every aspect to every node below the scope it was added to, until no visit adds
/// anything new. Each aspect visits each node once per app: the pairs visited are remembered in
/// the tree, so synthesizing again visits only nodes (or aspects) added since.
fn invoke_aspects(root: &Node) {
    let any = root.data().nodes.iter().any(|n| !n.aspects().is_empty());
    if !any {
        return;
    }
    for _ in 0..MAX_ASPECT_PASSES {
        let mut visited_any = false;
        let mut pending: Vec<(NodeId, Vec<Rc<dyn Aspect>>)> = vec![(root.id, Vec::new())];
        while let Some((id, mut aspects)) = pending.pop() {
            aspects.extend(root.data().node(id).aspects().iter().cloned());
            let handle = root.handle(id);
            for aspect in &aspects {
                let key = (Rc::as_ptr(aspect).cast::<()>() as usize, id);
                // No user code runs while this borrow is held, so it cannot conflict.
                let first_visit = root.tree.data.borrow_mut().invoked_aspects.insert(key);
                if first_visit {
                    aspect.visit(&handle);
                    visited_any = true;
                }
            }
            let children = root.data().node(id).children.clone();
            pending.extend(children.into_iter().rev().map(|c| (c, aspects.clone())));
        }
        if !visited_any {
            return;
        }
    }
    let message = format!("aspects kept changing the tree after {MAX_ASPECT_PASSES} passes");
    root.tree
        .data
        .borrow_mut()
        .problem("<app>", ErrorKind::Annotation(message));
}
