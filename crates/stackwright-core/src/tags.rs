//! Tags applied to every taggable resource (and stack) below a scope, sorted by key.

use crate::tree::Scope;

/// One tag change recorded on a scope.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TagEdit {
    Add(String, String),
    Remove(String),
}

/// Adds or removes tags on everything below a scope.
pub struct Tags<'a, S: Scope>(&'a S);

impl<'a, S: Scope> Tags<'a, S> {
    /// The tags of a scope.
    pub fn of(scope: &'a S) -> Self {
        Tags(scope)
    }

    /// Tags every taggable resource below the scope (and every stack, in the manifest). A tag
    /// set closer to the resource wins over one set further up; both win over tags given in
    /// the resource's own properties.
    pub fn add(&self, key: impl Into<String>, value: impl Into<String>) -> &Self {
        let edit = TagEdit::Add(key.into(), value.into());
        self.0.node().with_mut(|n| n.tags.push(edit));
        self
    }

    /// Removes a tag (set further up) from everything below the scope.
    pub fn remove(&self, key: impl Into<String>) -> &Self {
        let edit = TagEdit::Remove(key.into());
        self.0.node().with_mut(|n| n.tags.push(edit));
        self
    }
}
