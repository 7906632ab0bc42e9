//! `Attribute`: a key attribute of a table or an index, with its DynamoDB type.

/// The type of a key attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttributeType {
    /// A string (`S`).
    String,
    /// A number (`N`).
    Number,
    /// Binary data (`B`).
    Binary,
}

impl AttributeType {
    /// The code DynamoDB uses: `S`, `N` or `B`.
    pub fn code(self) -> &'static str {
        match self {
            AttributeType::String => "S",
            AttributeType::Number => "N",
            AttributeType::Binary => "B",
        }
    }

    /// A readable name, for messages.
    fn describe(self) -> &'static str {
        match self {
            AttributeType::String => "a string (S)",
            AttributeType::Number => "a number (N)",
            AttributeType::Binary => "binary (B)",
        }
    }
}

/// A key attribute: a name and a type. Its name must be 1 to 255 characters (checked when the
/// table is built).
///
/// ```
/// use stackwright_aws::dynamodb::{Attribute, AttributeType};
/// let key = Attribute::string("customer");
/// assert_eq!(key, Attribute::new("customer", AttributeType::String));
/// assert_eq!(key.attribute_type().code(), "S");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Attribute {
    name: String,
    attribute_type: AttributeType,
}

impl Attribute {
    /// An attribute named `name` of type `attribute_type`.
    pub fn new(name: impl Into<String>, attribute_type: AttributeType) -> Self {
        Attribute {
            name: name.into(),
            attribute_type,
        }
    }

    /// A string attribute.
    pub fn string(name: impl Into<String>) -> Self {
        Self::new(name, AttributeType::String)
    }

    /// A number attribute.
    pub fn number(name: impl Into<String>) -> Self {
        Self::new(name, AttributeType::Number)
    }

    /// A binary attribute.
    pub fn binary(name: impl Into<String>) -> Self {
        Self::new(name, AttributeType::Binary)
    }

    /// The attribute's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The attribute's type.
    pub fn attribute_type(&self) -> AttributeType {
        self.attribute_type
    }

    /// A message when `other` names this attribute with another type.
    pub(super) fn type_conflict(&self, other: &Attribute) -> Option<String> {
        (self.name == other.name && self.attribute_type != other.attribute_type).then(|| {
            format!(
                "attribute {:?} is {} here but was already defined as {}; an attribute has one type in a table and its indexes",
                other.name,
                other.attribute_type.describe(),
                self.attribute_type.describe()
            )
        })
    }
}

/// A `KeySchema` list: the partition key (`HASH`), then the sort key (`RANGE`).
pub(super) fn key_schema(
    partition: &Attribute,
    sort: Option<&Attribute>,
) -> stackwright_core::Value {
    use stackwright_core::Value;
    let element = |attribute: &Attribute, key_type: &str| {
        Value::map_of([
            ("AttributeName", Value::from(attribute.name())),
            ("KeyType", Value::from(key_type)),
        ])
    };
    Value::list_of(
        std::iter::once(element(partition, "HASH")).chain(sort.map(|s| element(s, "RANGE"))),
    )
}
