//! DynamoDB `putItem`, `updateItem` and `getItem`, with typed attribute values.

use indexmap::IndexMap;
use stackwright_core::{Scope, Val};

use super::field::{Field, Fields, TextValue};
use super::json_path::{js_number, JsonPath};
use super::refs::TableRef;
use super::task::{integration_resource, IntegrationPattern, TaskIntegration};
use crate::arn::{concat, ArnParts};
use crate::iam::PolicyStatement;

/// A DynamoDB attribute value (`{"S": ..}`, `{"N": ..}`, ...), literal or read from the input.
///
/// ```
/// use stackwright_aws::stepfunctions::{DynamoAttributeValue, JsonPath};
/// let id = DynamoAttributeValue::from_string(JsonPath::at("$.id")); // {"S.$": "$.id"}
/// let total = DynamoAttributeValue::from_number(42.5); // {"N": "42.5"}
/// # let _ = (id, total);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct DynamoAttributeValue(Fields);

impl DynamoAttributeValue {
    fn of(key: &str, value: impl Into<Field>) -> Self {
        DynamoAttributeValue(Fields::new().with(key, value))
    }

    /// A string (`S`).
    pub fn from_string(value: impl Into<TextValue>) -> Self {
        Self::of("S", value.into())
    }

    /// A number (`N`, written as a string).
    pub fn from_number(value: f64) -> Self {
        Self::of("N", js_number(value))
    }

    /// A number given as a string, or read from the input (`N`).
    pub fn number_from_string(value: impl Into<TextValue>) -> Self {
        Self::of("N", value.into())
    }

    /// Base64-encoded binary (`B`).
    pub fn from_binary(value: impl Into<TextValue>) -> Self {
        Self::of("B", value.into())
    }

    /// A set of strings (`SS`).
    pub fn from_string_set<S: Into<String>>(values: impl IntoIterator<Item = S>) -> Self {
        Self::of("SS", strings(values.into_iter().map(Into::into)))
    }

    /// A set of numbers (`NS`).
    pub fn from_number_set(values: impl IntoIterator<Item = f64>) -> Self {
        Self::of("NS", strings(values.into_iter().map(js_number)))
    }

    /// A set of numbers given as strings (`NS`).
    pub fn number_set_from_strings<S: Into<String>>(values: impl IntoIterator<Item = S>) -> Self {
        Self::of("NS", strings(values.into_iter().map(Into::into)))
    }

    /// A set of base64-encoded binaries (`BS`).
    pub fn from_binary_set<S: Into<String>>(values: impl IntoIterator<Item = S>) -> Self {
        Self::of("BS", strings(values.into_iter().map(Into::into)))
    }

    /// A map of attribute values (`M`).
    pub fn from_map<K: Into<String>>(
        values: impl IntoIterator<Item = (K, DynamoAttributeValue)>,
    ) -> Self {
        Self::of("M", attribute_map(values))
    }

    /// A map read from the input (`M.$`).
    pub fn map_from_json_path(path: JsonPath) -> Self {
        Self::of("M", path)
    }

    /// A list of attribute values (`L`).
    pub fn from_list(values: impl IntoIterator<Item = DynamoAttributeValue>) -> Self {
        let items: Vec<Field> = values.into_iter().map(|v| Field::Object(v.0)).collect();
        Self::of("L", items)
    }

    /// A list read from the input (`L.$`).
    pub fn list_from_json_path(path: JsonPath) -> Self {
        Self::of("L", path)
    }

    /// Null (`NULL`).
    pub fn from_null(value: bool) -> Self {
        Self::of("NULL", value)
    }

    /// A boolean (`BOOL`).
    pub fn from_boolean(value: bool) -> Self {
        Self::of("BOOL", value)
    }

    /// A boolean read from the input (`BOOL.$`).
    pub fn boolean_from_json_path(path: JsonPath) -> Self {
        Self::of("BOOL", path)
    }
}

fn strings(values: impl Iterator<Item = String>) -> Field {
    Field::List(values.map(Field::from).collect())
}

fn attribute_map<K: Into<String>>(
    values: impl IntoIterator<Item = (K, DynamoAttributeValue)>,
) -> Fields {
    values
        .into_iter()
        .map(|(k, v)| (k, Field::Object(v.0)))
        .collect()
}

/// How much consumed capacity the response reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DynamoConsumedCapacity {
    /// Per table and index.
    Indexes,
    /// The total.
    Total,
    /// None.
    None,
}

/// Whether the response reports item collection metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DynamoItemCollectionMetrics {
    /// Reports them.
    Size,
    /// Does not.
    None,
}

/// Which attributes a write returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DynamoReturnValues {
    /// Nothing.
    None,
    /// The item as it was before.
    AllOld,
    /// The updated attributes as they were before.
    UpdatedOld,
    /// The item as it is after.
    AllNew,
    /// The updated attributes as they are after.
    UpdatedNew,
}

impl DynamoConsumedCapacity {
    fn name(self) -> &'static str {
        match self {
            DynamoConsumedCapacity::Indexes => "INDEXES",
            DynamoConsumedCapacity::Total => "TOTAL",
            DynamoConsumedCapacity::None => "NONE",
        }
    }
}

impl DynamoItemCollectionMetrics {
    fn name(self) -> &'static str {
        match self {
            DynamoItemCollectionMetrics::Size => "SIZE",
            DynamoItemCollectionMetrics::None => "NONE",
        }
    }
}

impl DynamoReturnValues {
    fn name(self) -> &'static str {
        match self {
            DynamoReturnValues::None => "NONE",
            DynamoReturnValues::AllOld => "ALL_OLD",
            DynamoReturnValues::UpdatedOld => "UPDATED_OLD",
            DynamoReturnValues::AllNew => "ALL_NEW",
            DynamoReturnValues::UpdatedNew => "UPDATED_NEW",
        }
    }
}

/// What the three item tasks share: the table, the key or item, and the request options.
#[derive(Debug, Clone)]
struct ItemRequest {
    table: TableRef,
    attributes: Fields,
    condition_expression: Option<String>,
    names: Option<IndexMap<String, String>>,
    values: Option<Fields>,
    consumed_capacity: Option<DynamoConsumedCapacity>,
    item_collection_metrics: Option<DynamoItemCollectionMetrics>,
    return_values: Option<DynamoReturnValues>,
}

impl ItemRequest {
    fn new<K: Into<String>>(
        table: TableRef,
        attributes: impl IntoIterator<Item = (K, DynamoAttributeValue)>,
    ) -> Self {
        ItemRequest {
            table,
            attributes: attribute_map(attributes),
            condition_expression: None,
            names: None,
            values: None,
            consumed_capacity: None,
            item_collection_metrics: None,
            return_values: None,
        }
    }

    fn names_field(&self) -> Option<Fields> {
        self.names
            .as_ref()
            .map(|n| n.iter().map(|(k, v)| (k.clone(), v.as_str())).collect())
    }

    fn statement(&self, scope: &dyn Scope, action: &str) -> Vec<PolicyStatement> {
        let arn = ArnParts::new(
            "dynamodb",
            concat([Val::from("table/"), self.table.table_name()]),
        )
        .format(&scope);
        vec![PolicyStatement::allow()
            .action(format!("dynamodb:{action}"))
            .resource(arn)]
    }

    fn validate(&self, what: &str) -> Vec<String> {
        let mut problems = Vec::new();
        if self.attributes.is_empty() {
            problems.push(format!("DynamoDB {what} is empty"));
        }
        for key in self.names.iter().flat_map(IndexMap::keys) {
            if !key.starts_with('#') {
                problems.push(format!(
                    "expression attribute name {key:?} must start with '#'"
                ));
            }
        }
        for (key, _) in self.values.iter().flat_map(Fields::iter) {
            if !key.starts_with(':') {
                problems.push(format!(
                    "expression attribute value {key:?} must start with ':'"
                ));
            }
        }
        problems
    }
}

/// Setters of the options the item tasks share.
macro_rules! request_setters {
    ($ty:ident: $($setter:ident),*) => {
        impl $ty {
            $(request_setters!(@one $setter);)*
        }
    };
    (@one condition_expression) => {
        /// The write happens only when this condition holds.
        pub fn condition_expression(mut self, expression: impl Into<String>) -> Self {
            self.request.condition_expression = Some(expression.into());
            self
        }
    };
    (@one expression_attribute_names) => {
        /// Placeholders (`#name`) for attribute names in the expressions.
        pub fn expression_attribute_names<K: Into<String>, V: Into<String>>(
            mut self,
            names: impl IntoIterator<Item = (K, V)>,
        ) -> Self {
            self.request.names = Some(names.into_iter().map(|(k, v)| (k.into(), v.into())).collect());
            self
        }
    };
    (@one expression_attribute_values) => {
        /// Placeholders (`:value`) for values in the expressions.
        pub fn expression_attribute_values<K: Into<String>>(
            mut self,
            values: impl IntoIterator<Item = (K, DynamoAttributeValue)>,
        ) -> Self {
            self.request.values = Some(attribute_map(values));
            self
        }
    };
    (@one return_consumed_capacity) => {
        /// How much consumed capacity the response reports.
        pub fn return_consumed_capacity(mut self, c: DynamoConsumedCapacity) -> Self {
            self.request.consumed_capacity = Some(c);
            self
        }
    };
    (@one return_item_collection_metrics) => {
        /// Whether the response reports item collection metrics.
        pub fn return_item_collection_metrics(mut self, m: DynamoItemCollectionMetrics) -> Self {
            self.request.item_collection_metrics = Some(m);
            self
        }
    };
    (@one return_values) => {
        /// Which attributes the write returns.
        pub fn return_values(mut self, r: DynamoReturnValues) -> Self {
            self.request.return_values = Some(r);
            self
        }
    };
}

fn put_opt(p: &mut Fields, key: &str, value: Option<impl Into<Field>>) {
    if let Some(v) = value {
        p.insert(key, v);
    }
}

/// Writes an item (`dynamodb:putItem`). The role may put items into exactly this table.
///
/// ```
/// use stackwright_aws::stepfunctions::{DynamoAttributeValue, DynamoPutItem, JsonPath};
/// let save = DynamoPutItem::new("orders", [
///     ("pk", DynamoAttributeValue::from_string(JsonPath::at("$.id"))),
///     ("total", DynamoAttributeValue::from_number(42.5)),
/// ])
/// .condition_expression("attribute_not_exists(pk)");
/// # let _ = save;
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct DynamoPutItem {
    request: ItemRequest,
}

impl DynamoPutItem {
    /// Puts `item` into `table` (its name).
    pub fn new<K: Into<String>>(
        table: impl Into<TableRef>,
        item: impl IntoIterator<Item = (K, DynamoAttributeValue)>,
    ) -> Self {
        DynamoPutItem {
            request: ItemRequest::new(table.into(), item),
        }
    }
}

request_setters!(DynamoPutItem: condition_expression, expression_attribute_names, expression_attribute_values, return_consumed_capacity, return_item_collection_metrics, return_values);

impl TaskIntegration for DynamoPutItem {
    fn resource(&self) -> Val<String> {
        integration_resource("dynamodb", "putItem", IntegrationPattern::RequestResponse)
    }

    fn parameters(&self, _timeout_seconds: Option<u32>) -> Option<Fields> {
        let r = &self.request;
        let mut p = Fields::new()
            .with("Item", r.attributes.clone())
            .with("TableName", r.table.table_name());
        put_opt(
            &mut p,
            "ConditionExpression",
            r.condition_expression.as_deref(),
        );
        put_opt(&mut p, "ExpressionAttributeNames", r.names_field());
        put_opt(&mut p, "ExpressionAttributeValues", r.values.clone());
        put_opt(
            &mut p,
            "ReturnConsumedCapacity",
            r.consumed_capacity.map(|c| c.name()),
        );
        put_opt(
            &mut p,
            "ReturnItemCollectionMetrics",
            r.item_collection_metrics.map(|m| m.name()),
        );
        put_opt(&mut p, "ReturnValues", r.return_values.map(|v| v.name()));
        Some(p)
    }

    fn policy_statements(&self, scope: &dyn Scope) -> Vec<PolicyStatement> {
        self.request.statement(scope, "PutItem")
    }

    fn validate(&self, _timeout_seconds: Option<u32>) -> Vec<String> {
        self.request.validate("item")
    }
}

/// Updates an item (`dynamodb:updateItem`). The role may update items of exactly this table.
///
/// ```
/// use stackwright_aws::stepfunctions::{DynamoAttributeValue, DynamoUpdateItem, JsonPath};
/// let touch = DynamoUpdateItem::new("orders", [("pk", DynamoAttributeValue::from_string(JsonPath::at("$.id")))])
///     .update_expression("SET #s = :s")
///     .expression_attribute_names([("#s", "status")])
///     .expression_attribute_values([(":s", DynamoAttributeValue::from_string("seen"))]);
/// # let _ = touch;
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct DynamoUpdateItem {
    request: ItemRequest,
    update_expression: Option<String>,
}

impl DynamoUpdateItem {
    /// Updates the item of `table` with this `key`.
    pub fn new<K: Into<String>>(
        table: impl Into<TableRef>,
        key: impl IntoIterator<Item = (K, DynamoAttributeValue)>,
    ) -> Self {
        DynamoUpdateItem {
            request: ItemRequest::new(table.into(), key),
            update_expression: None,
        }
    }

    /// What to change (`SET #s = :s`).
    pub fn update_expression(mut self, expression: impl Into<String>) -> Self {
        self.update_expression = Some(expression.into());
        self
    }
}

request_setters!(DynamoUpdateItem: condition_expression, expression_attribute_names, expression_attribute_values, return_consumed_capacity, return_item_collection_metrics, return_values);

impl TaskIntegration for DynamoUpdateItem {
    fn resource(&self) -> Val<String> {
        integration_resource(
            "dynamodb",
            "updateItem",
            IntegrationPattern::RequestResponse,
        )
    }

    fn parameters(&self, _timeout_seconds: Option<u32>) -> Option<Fields> {
        let r = &self.request;
        let mut p = Fields::new()
            .with("Key", r.attributes.clone())
            .with("TableName", r.table.table_name());
        put_opt(
            &mut p,
            "ConditionExpression",
            r.condition_expression.as_deref(),
        );
        put_opt(&mut p, "ExpressionAttributeNames", r.names_field());
        put_opt(&mut p, "ExpressionAttributeValues", r.values.clone());
        put_opt(
            &mut p,
            "ReturnConsumedCapacity",
            r.consumed_capacity.map(|c| c.name()),
        );
        put_opt(
            &mut p,
            "ReturnItemCollectionMetrics",
            r.item_collection_metrics.map(|m| m.name()),
        );
        put_opt(&mut p, "ReturnValues", r.return_values.map(|v| v.name()));
        put_opt(
            &mut p,
            "UpdateExpression",
            self.update_expression.as_deref(),
        );
        Some(p)
    }

    fn policy_statements(&self, scope: &dyn Scope) -> Vec<PolicyStatement> {
        self.request.statement(scope, "UpdateItem")
    }

    fn validate(&self, _timeout_seconds: Option<u32>) -> Vec<String> {
        self.request.validate("key")
    }
}

/// Reads an item (`dynamodb:getItem`). The role may get items of exactly this table.
///
/// ```
/// use stackwright_aws::stepfunctions::{DynamoAttributeValue, DynamoGetItem, JsonPath};
/// let load = DynamoGetItem::new("orders", [("pk", DynamoAttributeValue::from_string(JsonPath::at("$.id")))])
///     .consistent_read(true);
/// # let _ = load;
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct DynamoGetItem {
    request: ItemRequest,
    consistent_read: bool,
    projection: Vec<String>,
}

impl DynamoGetItem {
    /// Reads the item of `table` with this `key`.
    pub fn new<K: Into<String>>(
        table: impl Into<TableRef>,
        key: impl IntoIterator<Item = (K, DynamoAttributeValue)>,
    ) -> Self {
        DynamoGetItem {
            request: ItemRequest::new(table.into(), key),
            consistent_read: false,
            projection: Vec::new(),
        }
    }

    /// A strongly consistent read (default false, written as aws-cdk-lib writes it).
    pub fn consistent_read(mut self, on: bool) -> Self {
        self.consistent_read = on;
        self
    }

    /// The attributes to read (joined with `,` into `ProjectionExpression`).
    pub fn projection<S: Into<String>>(mut self, attributes: impl IntoIterator<Item = S>) -> Self {
        self.projection
            .extend(attributes.into_iter().map(Into::into));
        self
    }
}

request_setters!(DynamoGetItem: expression_attribute_names, return_consumed_capacity);

impl TaskIntegration for DynamoGetItem {
    fn resource(&self) -> Val<String> {
        integration_resource("dynamodb", "getItem", IntegrationPattern::RequestResponse)
    }

    fn parameters(&self, _timeout_seconds: Option<u32>) -> Option<Fields> {
        let r = &self.request;
        let mut p = Fields::new()
            .with("Key", r.attributes.clone())
            .with("TableName", r.table.table_name())
            .with("ConsistentRead", self.consistent_read);
        put_opt(&mut p, "ExpressionAttributeNames", r.names_field());
        if !self.projection.is_empty() {
            p.insert("ProjectionExpression", self.projection.join(","));
        }
        put_opt(
            &mut p,
            "ReturnConsumedCapacity",
            r.consumed_capacity.map(|c| c.name()),
        );
        Some(p)
    }

    fn policy_statements(&self, scope: &dyn Scope) -> Vec<PolicyStatement> {
        self.request.statement(scope, "GetItem")
    }

    fn validate(&self, _timeout_seconds: Option<u32>) -> Vec<String> {
        self.request.validate("key")
    }
}
