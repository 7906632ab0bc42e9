//! `GlobalSecondaryIndexProps`: an index with its own partition (and sort) key, and
//! `Projection`: which attributes it copies.

use stackwright_core::Value;

use super::attribute::Attribute;
use super::checks::{check_attribute_name, check_capacity, check_index_name};

/// The attributes an index copies from the table.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Projection {
    /// Every attribute (the default).
    #[default]
    All,
    /// Only the table's and the index's key attributes.
    KeysOnly,
    /// The key attributes and these others (at most 100 across all the table's indexes).
    Include(Vec<String>),
}

impl Projection {
    /// The key attributes and `attributes`.
    pub fn include<S: Into<String>>(attributes: impl IntoIterator<Item = S>) -> Self {
        Projection::Include(attributes.into_iter().map(Into::into).collect())
    }

    /// The number of non-key attributes it names.
    pub(super) fn non_key_count(&self) -> usize {
        match self {
            Projection::Include(attributes) => attributes.len(),
            _ => 0,
        }
    }

    fn to_value(&self) -> Value {
        match self {
            Projection::All => Value::map_of([("ProjectionType", "ALL")]),
            Projection::KeysOnly => Value::map_of([("ProjectionType", "KEYS_ONLY")]),
            Projection::Include(attributes) => Value::map_of([
                ("NonKeyAttributes", Value::list_of(attributes.iter())),
                ("ProjectionType", Value::from("INCLUDE")),
            ]),
        }
    }
}

/// Options of a global secondary index (see
/// [`Table::add_global_secondary_index`](super::Table::add_global_secondary_index)).
///
/// ```
/// use stackwright_aws::dynamodb::{Attribute, GlobalSecondaryIndexProps, Projection};
/// let by_status = GlobalSecondaryIndexProps::new("by-status", Attribute::string("status"))
///     .sort_key(Attribute::number("created"))
///     .projection(Projection::include(["total"]));
/// assert_eq!(by_status.index_name(), "by-status");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct GlobalSecondaryIndexProps {
    index_name: String,
    partition_key: Attribute,
    sort_key: Option<Attribute>,
    projection: Projection,
    capacity: Option<(i64, i64)>,
}

impl GlobalSecondaryIndexProps {
    /// An index named `index_name` (3 to 255 letters, digits and `_.-`) keyed by
    /// `partition_key`, projecting every attribute.
    pub fn new(index_name: impl Into<String>, partition_key: Attribute) -> Self {
        GlobalSecondaryIndexProps {
            index_name: index_name.into(),
            partition_key,
            sort_key: None,
            projection: Projection::All,
            capacity: None,
        }
    }

    /// A sort key (must differ from the partition key).
    pub fn sort_key(mut self, sort_key: Attribute) -> Self {
        self.sort_key = Some(sort_key);
        self
    }

    /// Which attributes the index copies (default: all).
    pub fn projection(mut self, projection: Projection) -> Self {
        self.projection = projection;
        self
    }

    /// Read and write capacity units of the index, at least 1 each. Only for a table in
    /// provisioned mode (an error on an on-demand table); there an index without them gets 5
    /// and 5, as in the CDK.
    pub fn capacity(mut self, read_capacity: i64, write_capacity: i64) -> Self {
        self.capacity = Some((read_capacity, write_capacity));
        self
    }

    /// The index's name.
    pub fn index_name(&self) -> &str {
        &self.index_name
    }

    /// The key attributes, partition key first.
    pub(super) fn keys(&self) -> impl Iterator<Item = &Attribute> {
        std::iter::once(&self.partition_key).chain(&self.sort_key)
    }

    pub(super) fn projection_ref(&self) -> &Projection {
        &self.projection
    }

    pub(super) fn has_capacity(&self) -> bool {
        self.capacity.is_some()
    }

    /// Problems with the index itself (its name, keys, projection and capacity).
    pub(super) fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let name = &self.index_name;
        problems.extend(check_index_name(name).err());
        for key in self.keys() {
            problems.extend(
                check_attribute_name(key.name())
                    .err()
                    .map(|e| format!("index {name:?}: {e}")),
            );
        }
        if let Some(sort) = &self.sort_key {
            if sort.name() == self.partition_key.name() {
                problems.push(format!(
                    "index {name:?}: the partition key and the sort key are both {:?}; they must be different attributes",
                    sort.name()
                ));
            }
        }
        if let Projection::Include(attributes) = &self.projection {
            if attributes.is_empty() {
                problems.push(format!(
                    "index {name:?}: an INCLUDE projection must name at least one non-key attribute"
                ));
            }
            for attribute in attributes {
                problems.extend(
                    check_attribute_name(attribute)
                        .err()
                        .map(|e| format!("index {name:?}: projected {e}")),
                );
            }
        }
        if let Some((read, write)) = self.capacity {
            for (what, units) in [("read", read), ("write", write)] {
                problems.extend(
                    check_capacity(what, units)
                        .err()
                        .map(|e| format!("index {name:?}: {e}")),
                );
            }
        }
        problems
    }

    /// The `GlobalSecondaryIndexes` entry; `provisioned` adds the index's capacity (5 and 5
    /// unless given).
    pub(super) fn to_value(&self, provisioned: bool) -> Value {
        let mut index = Value::map_of([
            ("IndexName", Value::from(self.index_name.as_str())),
            (
                "KeySchema",
                super::attribute::key_schema(&self.partition_key, self.sort_key.as_ref()),
            ),
            ("Projection", self.projection.to_value()),
        ]);
        if provisioned {
            let (read, write) = self.capacity.unwrap_or((5, 5));
            if let Value::Map(entries) = &mut index {
                entries.insert("ProvisionedThroughput".into(), throughput(read, write));
            }
        }
        index
    }
}

/// `{"ReadCapacityUnits": r, "WriteCapacityUnits": w}`.
pub(super) fn throughput(read: i64, write: i64) -> Value {
    Value::map_of([("ReadCapacityUnits", read), ("WriteCapacityUnits", write)])
}
