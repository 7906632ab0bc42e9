//! Removal policies: what CloudFormation does with a physical resource that leaves the stack.

use crate::tree::Scope;

/// What happens to a resource when it is removed from the stack or replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemovalPolicy {
    /// Delete it (`DeletionPolicy`/`UpdateReplacePolicy`: `Delete`).
    Destroy,
    /// Keep it, orphaned (`Retain`).
    Retain,
    /// Take a snapshot, then delete it (`Snapshot`), for types that support snapshots.
    Snapshot,
}

impl RemovalPolicy {
    /// The value of `DeletionPolicy` and `UpdateReplacePolicy`.
    pub fn cfn_value(self) -> &'static str {
        match self {
            RemovalPolicy::Destroy => "Delete",
            RemovalPolicy::Retain => "Retain",
            RemovalPolicy::Snapshot => "Snapshot",
        }
    }
}

/// Sets a default removal policy for every resource below a scope.
pub struct RemovalPolicies<'a, S: Scope>(&'a S);

impl<'a, S: Scope> RemovalPolicies<'a, S> {
    /// The removal policies of a scope.
    pub fn of(scope: &'a S) -> Self {
        RemovalPolicies(scope)
    }

    /// Applies `policy` to every resource below the scope that has no policy of its own
    /// (the nearest scope's policy wins).
    pub fn apply(&self, policy: RemovalPolicy) {
        self.0.node().write(
            || "apply a removal policy".into(),
            |n| n.extra_mut().removal_policy = Some(policy),
        );
    }
}
