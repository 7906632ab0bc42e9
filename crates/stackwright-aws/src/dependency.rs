//! Construct-level dependencies, as aws-cdk-lib's `node.addDependency(..)` on a construct: every
//! resource below a construct, including resources added to it later, depends on some resources.

use stackwright_core::{Aspects, CfnResource, Node, Scope};

/// Makes every resource below `scope` (now or added later) depend on `targets` (`DependsOn`;
/// a stack dependency when a target lives in another stack).
///
/// An aspect of `scope` does it just before synthesis. It keeps the targets' paths, not their
/// handles, so the tree holds no reference cycle.
pub(crate) fn depend_on_all(scope: &impl Scope, targets: &[CfnResource]) {
    let paths: Vec<String> = targets.iter().map(|t| t.node().path()).collect();
    if paths.is_empty() {
        return;
    }
    Aspects::of(scope.node()).add(move |node: &Node| {
        let Some(resource) = CfnResource::from_node(node) else {
            return;
        };
        for path in &paths {
            if let Some(target) = find_by_path(&node.root(), path) {
                resource.add_depends_on(&target);
            }
        }
    });
}

/// The resource at `path` (ids from the app, joined by `/`), if there is one.
fn find_by_path(root: &Node, path: &str) -> Option<CfnResource> {
    let mut node = root.clone();
    for id in path.split('/') {
        node = node.try_find_child(id)?;
    }
    CfnResource::from_node(&node)
}
