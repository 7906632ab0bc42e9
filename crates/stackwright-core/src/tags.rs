//! Tags applied to every taggable resource (and stack) below a scope, sorted by key as the CDK
//! sorts them.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::element::TagFormat;
use crate::tree::{NodeId, Scope, TreeData};
use crate::value::{Properties, Value};

/// One tag change recorded on a scope.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum TagEdit {
    Add(String, String),
    Remove(String),
}

/// Tags set with `Tags::of` on `node` and its ancestors, the nearest last (so it wins).
pub(crate) fn effective_tags(tree: &TreeData, node: NodeId) -> BTreeMap<String, String> {
    let mut chain: Vec<NodeId> = std::iter::once(node).chain(tree.ancestors(node)).collect();
    chain.reverse();
    let mut tags = BTreeMap::new();
    for n in chain {
        for edit in tree.node(n).tags() {
            match edit {
                TagEdit::Add(k, v) => {
                    tags.insert(k.clone(), v.clone());
                }
                TagEdit::Remove(k) => {
                    tags.remove(k);
                }
            }
        }
    }
    tags
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
        self.0
            .node()
            .write(|| "add a tag".into(), |n| n.extra_mut().tags.push(edit));
        self
    }

    /// Removes a tag (set further up) from everything below the scope.
    pub fn remove(&self, key: impl Into<String>) -> &Self {
        let edit = TagEdit::Remove(key.into());
        self.0
            .node()
            .write(|| "remove a tag".into(), |n| n.extra_mut().tags.push(edit));
        self
    }
}

/// Merges `applied` tags into the `existing` value of a tag property (tags applied with
/// [`Tags::of`] win over the resource's own), sorted by key. Returns `None` when the existing
/// value is not literal tags (an intrinsic, say): it is then left as it is.
pub(crate) fn merge_tags(
    format: TagFormat,
    existing: Option<&Value>,
    applied: BTreeMap<String, String>,
) -> Option<Value> {
    if let TagFormat::Map(_) = format {
        let mut merged: BTreeMap<String, Value> = match existing {
            None => BTreeMap::new(),
            Some(Value::Map(m)) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            Some(_) => return None,
        };
        merged.extend(applied.into_iter().map(|(k, v)| (k, Value::String(v))));
        let mut entries: Vec<(String, Value)> = merged.into_iter().collect();
        entries.sort_by(|a, b| compare_tag_keys(&a.0, &b.0));
        return Some(Value::Map(entries.into_iter().collect()));
    }
    // A list of tag objects: keep each object's other fields (`PropagateAtLaunch`).
    let mut merged: BTreeMap<String, Properties> = BTreeMap::new();
    for item in existing.map(|v| v.as_list()).unwrap_or(Some(&[]))? {
        let tag = item.as_map()?;
        let key = tag.get("Key")?.as_str()?;
        merged.insert(key.to_owned(), tag.clone());
    }
    for (key, value) in applied {
        let tag = merged.entry(key.clone()).or_insert_with(|| {
            let mut tag = Properties::new();
            tag.insert("Key".into(), Value::String(key));
            if let TagFormat::AutoScalingGroupList(_) = format {
                tag.insert("PropagateAtLaunch".into(), Value::Bool(true));
            }
            tag
        });
        tag.insert("Value".into(), Value::String(value));
    }
    let mut entries: Vec<(String, Properties)> = merged.into_iter().collect();
    entries.sort_by(|a, b| compare_tag_keys(&a.0, &b.0));
    Some(Value::List(
        entries
            .into_iter()
            .map(|(_, tag)| Value::Map(tag))
            .collect(),
    ))
}

/// Punctuation and symbols in the order of the Unicode collation (CLDR root), which is what
/// the CDK's `localeCompare` sort of tag keys follows; they sort before digits and letters.
const COLLATED_PUNCTUATION: &str = " _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$";

/// The primary collation weight of a character: punctuation, then digits, then letters with
/// case ignored; anything else after them, by code point.
fn primary_weight(c: char) -> u32 {
    // Letters and digits first: they are most of every key.
    if c.is_ascii_alphabetic() {
        return 200 + (u32::from(c.to_ascii_lowercase()) - u32::from('a'));
    }
    if c.is_ascii_digit() {
        return 100 + (u32::from(c) - u32::from('0'));
    }
    if let Some(i) = COLLATED_PUNCTUATION.chars().position(|p| p == c) {
        return u32::try_from(i).unwrap_or(u32::MAX);
    }
    1000 + u32::from(c)
}

/// Orders tag keys as the CDK does (JavaScript `localeCompare`, the Unicode collation):
/// `aws-cdk:subnet-name` before `Name`, `team` before `Team` before `zone`. First by letters,
/// digits and punctuation with case ignored, then lowercase before uppercase at the first
/// difference, then by code point so that the order is total. (Compares lazily: sorting calls
/// it many times per resource.)
pub(crate) fn compare_tag_keys(a: &str, b: &str) -> Ordering {
    let primary = a
        .chars()
        .map(primary_weight)
        .cmp(b.chars().map(primary_weight));
    primary
        .then_with(|| {
            let case = |s: &str| s.chars().map(char::is_uppercase).collect::<Vec<_>>();
            case(a).cmp(&case(b))
        })
        .then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(key: &str, value: &str, extra: Option<bool>) -> Value {
        let mut m = Properties::new();
        m.insert("Key".into(), key.into());
        m.insert("Value".into(), value.into());
        if let Some(p) = extra {
            m.insert("PropagateAtLaunch".into(), p.into());
        }
        Value::Map(m)
    }

    #[test]
    fn applied_tags_win_and_the_result_is_sorted() {
        let existing = Value::List(vec![tag("z", "own", None), tag("a", "own", None)]);
        let applied = BTreeMap::from([
            ("a".to_owned(), "applied".to_owned()),
            ("m".to_owned(), "new".to_owned()),
        ]);
        let merged = merge_tags(TagFormat::KeyValueList("Tags"), Some(&existing), applied);
        let expected = vec![
            tag("a", "applied", None),
            tag("m", "new", None),
            tag("z", "own", None),
        ];
        assert_eq!(merged, Some(Value::List(expected)));
    }

    #[test]
    fn tag_keys_sort_as_javascript_locale_compare_does() {
        // The order Node.js gives with `keys.sort((a, b) => a.localeCompare(b))`.
        let expected = [
            "a",
            "A",
            "a_b",
            "a-b",
            "a1",
            "A1",
            "ab",
            "aB",
            "Ab",
            "ab-",
            "aws-cdk:subnet-name",
            "aws-cdk:subnet-type",
            "aws-x",
            "aws:x",
            "awsx",
            "name",
            "Name",
            "team",
            "Team",
            "zeta",
            "Zeta",
        ];
        let mut keys = expected;
        keys.reverse();
        keys.sort_by(|a, b| compare_tag_keys(a, b));
        assert_eq!(keys, expected);
    }

    #[test]
    fn auto_scaling_group_tags_keep_their_own_propagation() {
        let existing = Value::List(vec![tag("a", "own", Some(false))]);
        let applied = BTreeMap::from([
            ("a".to_owned(), "x".to_owned()),
            ("b".to_owned(), "y".to_owned()),
        ]);
        let merged = merge_tags(
            TagFormat::AutoScalingGroupList("Tags"),
            Some(&existing),
            applied,
        );
        assert_eq!(
            merged,
            Some(Value::List(vec![
                tag("a", "x", Some(false)),
                tag("b", "y", Some(true))
            ]))
        );
    }

    #[test]
    fn map_tags_merge_and_non_literal_tags_are_left_alone() {
        let existing = Value::map_of([("b", "own")]);
        let applied = BTreeMap::from([("a".to_owned(), "x".to_owned())]);
        let merged = merge_tags(TagFormat::Map("Tags"), Some(&existing), applied.clone());
        assert_eq!(merged, Some(Value::map_of([("a", "x"), ("b", "own")])));
        let intrinsic = Value::Intrinsic("Fn::If", Box::new(Value::Null));
        assert_eq!(
            merge_tags(TagFormat::KeyValueList("Tags"), Some(&intrinsic), applied),
            None
        );
    }
}
