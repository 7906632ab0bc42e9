//! Event patterns: which events a rule matches.

use stackwright_core::{Properties, Val, Value};

/// An event pattern. Each field matches when the event's field is one of the values given.
///
/// ```
/// use stackwright_aws::events::EventPattern;
/// let pattern = EventPattern::s3_object_created("raw-bucket", Some("incoming/"));
/// assert!(pattern.to_value().as_map().unwrap().contains_key("detail-type"));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct EventPattern {
    fields: Properties,
    detail: Properties,
}

impl EventPattern {
    /// Matches every event, until fields are added.
    pub fn new() -> Self {
        Self::default()
    }

    /// The event sources (`aws.s3`, `my.app`).
    pub fn source<S: Into<String>>(self, sources: impl IntoIterator<Item = S>) -> Self {
        self.field("source", sources)
    }

    /// The detail types (`Object Created`).
    pub fn detail_type<S: Into<String>>(self, types: impl IntoIterator<Item = S>) -> Self {
        self.field("detail-type", types)
    }

    /// The ARNs of the resources the events are about (a repository, a project); references
    /// are allowed.
    pub fn resources<V: Into<Val<String>>>(mut self, arns: impl IntoIterator<Item = V>) -> Self {
        let values = arns.into_iter().map(|v| v.into().into_value());
        self.fields
            .insert("resources".to_owned(), Value::List(values.collect()));
        self
    }

    /// The accounts the events come from.
    pub fn account<S: Into<String>>(self, accounts: impl IntoIterator<Item = S>) -> Self {
        self.field("account", accounts)
    }

    /// The regions the events come from.
    pub fn region<S: Into<String>>(self, regions: impl IntoIterator<Item = S>) -> Self {
        self.field("region", regions)
    }

    /// A top-level field of the `detail` object, matched by a JSON pattern (a list of values
    /// or filter objects such as `{"prefix": "in/"}`, possibly nested).
    pub fn detail(mut self, key: impl Into<String>, pattern: impl Into<Value>) -> Self {
        self.detail.insert(key.into(), pattern.into());
        self
    }

    fn field<S: Into<String>>(mut self, key: &str, values: impl IntoIterator<Item = S>) -> Self {
        let values = values.into_iter().map(|v| Value::from(v.into()));
        self.fields
            .insert(key.to_owned(), Value::List(values.collect()));
        self
    }

    /// S3's "Object Created" events of one bucket (which must send its events to
    /// EventBridge), optionally only for keys under a prefix.
    pub fn s3_object_created(bucket_name: impl Into<Val<String>>, prefix: Option<&str>) -> Self {
        let bucket = Value::map_of([("name", Value::list_of([bucket_name.into().into_value()]))]);
        let mut pattern = Self::new()
            .source(["aws.s3"])
            .detail_type(["Object Created"])
            .detail("bucket", bucket);
        if let Some(prefix) = prefix {
            let key = Value::map_of([("prefix", prefix)]);
            pattern = pattern.detail("object", Value::map_of([("key", Value::list_of([key]))]));
        }
        pattern
    }

    /// True when nothing is set (such a pattern is refused by EventBridge).
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.detail.is_empty()
    }

    /// The pattern as template JSON.
    pub fn to_value(&self) -> Value {
        let mut out = self.fields.clone();
        if !self.detail.is_empty() {
            out.insert("detail".to_owned(), Value::Map(self.detail.clone()));
        }
        Value::Map(out)
    }
}
