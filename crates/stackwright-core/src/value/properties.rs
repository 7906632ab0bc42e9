//! [`Properties`]: the ordered map of a [`Value::Map`](super::Value::Map), kept behind one
//! pointer so that a `Value` (and so every optional L1 field) stays small.

use std::fmt;
use std::hash::BuildHasher;
use std::ops::{Deref, DerefMut};

use indexmap::IndexMap;

use super::Value;

/// The map a [`Properties`] derefs to.
pub type PropertyMap = IndexMap<String, Value, PropertyHasher>;

/// The hasher of [`PropertyMap`] keys: fast and fixed (keys come from code, not from an
/// adversary, and the order written is the insertion order whatever the hashes).
#[derive(Clone, Default, Debug)]
pub struct PropertyHasher(foldhash::fast::FixedState);

impl BuildHasher for PropertyHasher {
    type Hasher = foldhash::fast::FoldHasher<'static>;

    fn build_hasher(&self) -> Self::Hasher {
        self.0.build_hasher()
    }
}

/// An ordered map of property names to values; insertion order is the order written.
///
/// It derefs to an [`IndexMap`] ([`PropertyMap`]), so every map method (`insert`, `get`,
/// `iter`, `entry`, ...) is available. The map lives on the heap and is allocated only when
/// the first entry goes in, which keeps [`Value`] at 40 bytes (an inline map needs 72) and an
/// empty map free.
#[derive(Clone, Default)]
pub struct Properties(Option<Box<PropertyMap>>);

impl Properties {
    /// An empty map (allocates nothing).
    pub fn new() -> Self {
        Properties(None)
    }

    /// An empty map with room for `capacity` entries.
    pub fn with_capacity(capacity: usize) -> Self {
        Properties(Some(Box::new(PropertyMap::with_capacity_and_hasher(
            capacity,
            PropertyHasher::default(),
        ))))
    }

    /// The map, unboxed.
    pub fn into_inner(self) -> PropertyMap {
        self.0.map(|m| *m).unwrap_or_default()
    }
}

thread_local! {
    /// What an unallocated [`Properties`] derefs to: one empty map per thread, never dropped.
    static EMPTY: &'static PropertyMap = Box::leak(Box::default());
}

impl Deref for Properties {
    type Target = PropertyMap;

    fn deref(&self) -> &PropertyMap {
        match &self.0 {
            Some(map) => map,
            None => EMPTY.with(|empty| *empty),
        }
    }
}

impl DerefMut for Properties {
    fn deref_mut(&mut self) -> &mut PropertyMap {
        self.0.get_or_insert_with(Box::default)
    }
}

impl PartialEq for Properties {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<S> From<IndexMap<String, Value, S>> for Properties {
    fn from(map: IndexMap<String, Value, S>) -> Self {
        map.into_iter().collect()
    }
}

impl<K: Into<String>, V: Into<Value>> FromIterator<(K, V)> for Properties {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        let mut properties = Properties::new();
        properties.extend(entries);
        properties
    }
}

impl<K: Into<String>, V: Into<Value>> Extend<(K, V)> for Properties {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, entries: I) {
        let mut entries = entries.into_iter().peekable();
        if entries.peek().is_some() {
            (**self).extend(entries.map(|(k, v)| (k.into(), v.into())));
        }
    }
}

impl IntoIterator for Properties {
    type Item = (String, Value);
    type IntoIter = indexmap::map::IntoIter<String, Value>;

    fn into_iter(self) -> Self::IntoIter {
        self.into_inner().into_iter()
    }
}

impl<'a> IntoIterator for &'a Properties {
    type Item = (&'a String, &'a Value);
    type IntoIter = indexmap::map::Iter<'a, String, Value>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a> IntoIterator for &'a mut Properties {
    type Item = (&'a String, &'a mut Value);
    type IntoIter = indexmap::map::IterMut<'a, String, Value>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

impl fmt::Debug for Properties {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_map_allocates_nothing_until_an_entry_goes_in_and_equals_an_emptied_one() {
        let mut empty = Properties::new();
        assert!(empty.0.is_none());
        assert!(empty.is_empty() && empty.get("Key").is_none());
        let mut emptied: Properties = [("Key", "v")].into_iter().collect();
        emptied.shift_remove("Key");
        assert_eq!(empty, emptied);
        empty.insert("B".into(), Value::from(1));
        empty.insert("A".into(), Value::from(2));
        assert!(empty.0.is_some());
        let keys: Vec<_> = empty.keys().map(String::as_str).collect();
        assert_eq!(keys, ["B", "A"], "insertion order is kept");
        let none: Properties = Vec::<(String, Value)>::new().into_iter().collect();
        assert!(none.0.is_none(), "collecting nothing allocates nothing");
    }

    #[test]
    fn a_value_and_an_optional_typed_field_stay_five_words() {
        // Every optional L1 field is an `Option<Val<_>>`, and a large app holds tens of
        // thousands of them: a variant that grows `Value` grows the whole tree (and its page
        // faults). Box the new variant's payload instead.
        assert_eq!(std::mem::size_of::<Value>(), 40);
        assert_eq!(std::mem::size_of::<Option<crate::Val<String>>>(), 40);
        assert_eq!(std::mem::size_of::<Properties>(), 8);
    }
}
