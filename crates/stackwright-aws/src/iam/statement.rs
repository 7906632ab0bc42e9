//! Policy statements: effect, actions, resources, principals and conditions, rendered as the CDK
//! renders them (one-item lists as a single value, duplicates removed).

use std::rc::Rc;

use indexmap::IndexMap;
use stackwright_core::{Properties, Val, Value};

use super::lists::{extend_exact, push_exact};
use super::principal::Principal;
use crate::arn::check_arn_value;

/// Whether a statement allows or denies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Effect {
    /// `Allow`.
    #[default]
    Allow,
    /// `Deny`.
    Deny,
}

impl Effect {
    fn as_str(self) -> &'static str {
        match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
    }
}

/// The condition operators of IAM policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)] // The variants are the IAM operator names.
pub enum ConditionOperator {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnNotEquals,
    ArnLike,
    ArnNotLike,
    Null,
}

impl ConditionOperator {
    /// The operator's name in a policy.
    pub fn name(self) -> &'static str {
        use ConditionOperator::*;
        match self {
            StringEquals => "StringEquals",
            StringNotEquals => "StringNotEquals",
            StringEqualsIgnoreCase => "StringEqualsIgnoreCase",
            StringNotEqualsIgnoreCase => "StringNotEqualsIgnoreCase",
            StringLike => "StringLike",
            StringNotLike => "StringNotLike",
            NumericEquals => "NumericEquals",
            NumericNotEquals => "NumericNotEquals",
            NumericLessThan => "NumericLessThan",
            NumericLessThanEquals => "NumericLessThanEquals",
            NumericGreaterThan => "NumericGreaterThan",
            NumericGreaterThanEquals => "NumericGreaterThanEquals",
            DateEquals => "DateEquals",
            DateNotEquals => "DateNotEquals",
            DateLessThan => "DateLessThan",
            DateLessThanEquals => "DateLessThanEquals",
            DateGreaterThan => "DateGreaterThan",
            DateGreaterThanEquals => "DateGreaterThanEquals",
            Bool => "Bool",
            BinaryEquals => "BinaryEquals",
            IpAddress => "IpAddress",
            NotIpAddress => "NotIpAddress",
            ArnEquals => "ArnEquals",
            ArnNotEquals => "ArnNotEquals",
            ArnLike => "ArnLike",
            ArnNotLike => "ArnNotLike",
            Null => "Null",
        }
    }
}

/// One condition: an operator (with its set and if-exists modifiers), a key and its values.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct Condition {
    operator: String,
    key: String,
    values: Vec<Value>,
}

impl Condition {
    /// `operator` applied to `key` with one value or several (any of them matches).
    pub fn new<V: Into<Value>>(
        operator: ConditionOperator,
        key: impl Into<String>,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        Condition {
            operator: operator.name().to_owned(),
            key: key.into(),
            values: values.into_iter().map(Into::into).collect(),
        }
    }

    /// `StringEquals`.
    pub fn string_equals(key: impl Into<String>, value: impl Into<Value>) -> Self {
        Self::new(ConditionOperator::StringEquals, key, [value])
    }

    /// `StringLike` (with `*` and `?` wildcards).
    pub fn string_like(key: impl Into<String>, value: impl Into<Value>) -> Self {
        Self::new(ConditionOperator::StringLike, key, [value])
    }

    /// `ArnLike`.
    pub fn arn_like(key: impl Into<String>, value: impl Into<Value>) -> Self {
        Self::new(ConditionOperator::ArnLike, key, [value])
    }

    /// `ArnEquals`.
    pub fn arn_equals(key: impl Into<String>, value: impl Into<Value>) -> Self {
        Self::new(ConditionOperator::ArnEquals, key, [value])
    }

    /// `Bool` (written as the strings `"true"`/`"false"`, as IAM documents them).
    pub fn bool(key: impl Into<String>, value: bool) -> Self {
        Self::new(ConditionOperator::Bool, key, [value.to_string()])
    }

    /// `NumericLessThan`.
    pub fn numeric_less_than(key: impl Into<String>, value: i64) -> Self {
        Self::new(ConditionOperator::NumericLessThan, key, [value])
    }

    /// `IpAddress` (a CIDR).
    pub fn ip_address(key: impl Into<String>, cidr: impl Into<Value>) -> Self {
        Self::new(ConditionOperator::IpAddress, key, [cidr])
    }

    /// `Null`: whether the key is absent (`true`) or present (`false`).
    pub fn null(key: impl Into<String>, absent: bool) -> Self {
        Self::new(ConditionOperator::Null, key, [absent.to_string()])
    }

    /// The operator with its modifiers (`ForAnyValue:StringLike`).
    pub fn operator_name(&self) -> &str {
        &self.operator
    }

    /// `{<key>: <value or values>}` as JSON (literal values only; references print as null).
    pub(crate) fn keys_json(&self) -> serde_json::Value {
        let values: Vec<serde_json::Value> = self
            .values
            .iter()
            .map(|v| match v {
                Value::String(s) => serde_json::Value::String(s.clone()),
                Value::Bool(b) => serde_json::Value::Bool(*b),
                Value::Number(n) => serde_json::Value::Number(n.clone()),
                _ => serde_json::Value::Null,
            })
            .collect();
        let value = if values.len() == 1 {
            values.into_iter().next().unwrap_or_default()
        } else {
            serde_json::Value::Array(values)
        };
        serde_json::json!({ self.key.clone(): value })
    }

    /// Also matches when the key is absent from the request (`...IfExists`).
    pub fn if_exists(mut self) -> Self {
        if !self.operator.ends_with("IfExists") {
            self.operator.push_str("IfExists");
        }
        self
    }

    /// For multi-valued keys: matches when any value matches (`ForAnyValue:`).
    pub fn for_any_value(mut self) -> Self {
        self.operator = format!("ForAnyValue:{}", self.operator);
        self
    }

    /// For multi-valued keys: matches when every value matches (`ForAllValues:`).
    pub fn for_all_values(mut self) -> Self {
        self.operator = format!("ForAllValues:{}", self.operator);
        self
    }
}

/// One statement of a policy document.
///
/// ```
/// use stackwright_aws::iam::{Condition, PolicyStatement};
/// let statement = PolicyStatement::deny()
///     .action("s3:*")
///     .resource("arn:aws:s3:::my-bucket/*")
///     .condition(Condition::bool("aws:SecureTransport", false));
/// assert!(statement.validate_for_identity_policy().is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct PolicyStatement {
    /// Shared: a grant keeps the statement it added to a policy, and a statement is copied into
    /// each policy it goes to, so a clone is a reference count (changes copy it if shared).
    data: Rc<StatementData>,
}

/// What a [`PolicyStatement`] holds.
#[derive(Debug, Clone, PartialEq, Default)]
struct StatementData {
    sid: Option<String>,
    effect: Effect,
    actions: Vec<String>,
    not_actions: Vec<String>,
    principals: Vec<Principal>,
    not_principals: Vec<Principal>,
    resources: Vec<Val<String>>,
    not_resources: Vec<Val<String>>,
    conditions: IndexMap<String, IndexMap<String, Vec<Value>>>,
}

impl PolicyStatement {
    /// The data, for a change (copied first if another statement shares it).
    fn data_mut(&mut self) -> &mut StatementData {
        Rc::make_mut(&mut self.data)
    }

    /// An `Allow` statement with nothing in it yet.
    pub fn allow() -> Self {
        Self::default()
    }

    /// A `Deny` statement with nothing in it yet.
    pub fn deny() -> Self {
        let mut statement = Self::default();
        statement.data_mut().effect = Effect::Deny;
        statement
    }

    /// Sets the statement id.
    pub fn sid(mut self, sid: impl Into<String>) -> Self {
        self.data_mut().sid = Some(sid.into());
        self
    }

    /// Adds an action (`service:Action`, wildcards allowed).
    pub fn action(self, action: impl Into<String>) -> Self {
        self.actions([action])
    }

    /// Adds actions.
    pub fn actions<S: Into<String>>(mut self, actions: impl IntoIterator<Item = S>) -> Self {
        extend_exact(
            &mut self.data_mut().actions,
            actions.into_iter().map(Into::into),
        );
        self
    }

    /// Adds actions the statement does not apply to.
    pub fn not_actions<S: Into<String>>(mut self, actions: impl IntoIterator<Item = S>) -> Self {
        extend_exact(
            &mut self.data_mut().not_actions,
            actions.into_iter().map(Into::into),
        );
        self
    }

    /// Adds a resource ARN.
    pub fn resource(self, arn: impl Into<Val<String>>) -> Self {
        self.resources([arn])
    }

    /// Adds resource ARNs.
    pub fn resources<V: Into<Val<String>>>(mut self, arns: impl IntoIterator<Item = V>) -> Self {
        extend_exact(
            &mut self.data_mut().resources,
            arns.into_iter().map(Into::into),
        );
        self
    }

    /// Adds resource ARNs the statement does not apply to.
    pub fn not_resources<V: Into<Val<String>>>(
        mut self,
        arns: impl IntoIterator<Item = V>,
    ) -> Self {
        extend_exact(
            &mut self.data_mut().not_resources,
            arns.into_iter().map(Into::into),
        );
        self
    }

    /// Applies to every resource (`*`).
    pub fn all_resources(self) -> Self {
        self.resource("*")
    }

    /// Adds a principal (resource policies and trust policies only).
    pub fn principal(mut self, principal: impl Into<Principal>) -> Self {
        push_exact(&mut self.data_mut().principals, principal.into());
        self
    }

    /// Adds a principal the statement does not apply to.
    pub fn not_principal(mut self, principal: impl Into<Principal>) -> Self {
        push_exact(&mut self.data_mut().not_principals, principal.into());
        self
    }

    /// Adds a condition; conditions with the same operator share its block.
    pub fn condition(mut self, condition: Condition) -> Self {
        self.data_mut()
            .conditions
            .entry(condition.operator)
            .or_default()
            .insert(condition.key, condition.values);
        self
    }

    /// The effect.
    pub fn effect(&self) -> Effect {
        self.data.effect
    }

    /// The actions, in the order added.
    pub fn action_list(&self) -> &[String] {
        &self.data.actions
    }

    /// The resources, in the order added.
    pub fn resource_list(&self) -> &[Val<String>] {
        &self.data.resources
    }

    /// The principals.
    pub fn principal_list(&self) -> &[Principal] {
        &self.data.principals
    }

    /// True when the statement names principals (so it belongs in a resource policy).
    pub fn has_principal(&self) -> bool {
        !self.data.principals.is_empty() || !self.data.not_principals.is_empty()
    }

    /// Problems that make the statement invalid anywhere: no actions, both actions and
    /// not-actions, malformed action names, literal resources that are not ARNs.
    pub fn validate(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.data.actions.is_empty() && self.data.not_actions.is_empty() {
            problems.push("a policy statement must have at least one action".to_owned());
        }
        if !self.data.actions.is_empty() && !self.data.not_actions.is_empty() {
            problems.push("a policy statement cannot have both actions and not-actions".into());
        }
        if !self.data.resources.is_empty() && !self.data.not_resources.is_empty() {
            problems.push("a policy statement cannot have both resources and not-resources".into());
        }
        for action in self.data.actions.iter().chain(&self.data.not_actions) {
            if let Err(e) = check_action(action) {
                problems.push(e);
            }
        }
        for resource in self.data.resources.iter().chain(&self.data.not_resources) {
            if let Err(e) = check_arn_value(resource) {
                problems.push(format!("resource {e}"));
            }
        }
        problems
    }

    /// Problems that make it invalid in an identity policy (of a role, user or group): it names
    /// principals or has no resources.
    pub fn validate_for_identity_policy(&self) -> Vec<String> {
        let mut problems = self.validate();
        if self.has_principal() {
            problems.push(
                "a statement in an identity policy cannot name principals (that is for resource policies)"
                    .into(),
            );
        }
        if self.data.resources.is_empty() && self.data.not_resources.is_empty() {
            problems
                .push("a statement in an identity policy must name at least one resource".into());
        }
        problems
    }

    /// Problems that make it invalid in a resource policy: it names no principal.
    pub fn validate_for_resource_policy(&self) -> Vec<String> {
        let mut problems = self.validate();
        if !self.has_principal() {
            problems
                .push("a statement in a resource policy must name at least one principal".into());
        }
        problems
    }

    /// The statement as policy JSON, keys and normalization as the CDK writes them.
    pub fn to_value(&self) -> Value {
        let mut out = Properties::new();
        let strings = |items: &[String]| {
            let mut unique: Vec<Value> = Vec::new();
            for item in items {
                let v = Value::from(item.as_str());
                if !unique.contains(&v) {
                    unique.push(v);
                }
            }
            unique
        };
        let values = |items: &[Val<String>]| {
            let mut unique: Vec<Value> = Vec::new();
            for item in items {
                if !unique.contains(item.as_value()) {
                    unique.push(item.as_value().clone());
                }
            }
            unique
        };
        put_list(&mut out, "Action", strings(&self.data.actions));
        put_list(&mut out, "NotAction", strings(&self.data.not_actions));
        if !self.data.conditions.is_empty() {
            let conditions = self.data.conditions.iter().map(|(op, keys)| {
                let keys = keys
                    .iter()
                    .map(|(k, vals)| (k.clone(), single_or_list(vals.clone())));
                (op.clone(), Value::Map(keys.collect()))
            });
            out.insert("Condition".to_owned(), Value::Map(conditions.collect()));
        }
        out.insert("Effect".to_owned(), Value::from(self.data.effect.as_str()));
        if let Some(p) = principal_block(&self.data.principals) {
            out.insert("Principal".to_owned(), p);
        }
        if let Some(p) = principal_block(&self.data.not_principals) {
            out.insert("NotPrincipal".to_owned(), p);
        }
        put_list(&mut out, "Resource", values(&self.data.resources));
        put_list(&mut out, "NotResource", values(&self.data.not_resources));
        if let Some(sid) = &self.data.sid {
            out.insert("Sid".to_owned(), Value::from(sid.as_str()));
        }
        Value::Map(out)
    }

    /// A copy whose principals are replaced (used to put a grant into a resource policy).
    pub(crate) fn with_principals(mut self, principals: Vec<Principal>) -> Self {
        self.data_mut().principals = principals;
        self
    }

    /// A copy whose actions are replaced.
    pub(crate) fn with_actions(mut self, actions: Vec<String>) -> Self {
        self.data_mut().actions = actions;
        self
    }

    /// A copy whose resources are replaced.
    pub(crate) fn with_resources(mut self, resources: Vec<Val<String>>) -> Self {
        self.data_mut().resources = resources;
        self
    }

    /// Adds the conditions a principal carries (an organization principal's org id).
    pub(crate) fn with_principal_conditions(mut self) -> Self {
        let conditions: Vec<Condition> = self
            .data
            .principals
            .iter()
            .flat_map(Principal::conditions)
            .collect();
        for c in conditions {
            self = self.condition(c);
        }
        self
    }
}

/// `service:Action` with `*`/`?` wildcards, or `*`.
fn check_action(action: &str) -> Result<(), String> {
    if action == "*" {
        return Ok(());
    }
    let valid = action.split_once(':').is_some_and(|(service, name)| {
        !service.is_empty()
            && service
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '*' || c == '?')
    });
    if valid {
        Ok(())
    } else {
        Err(format!(
            "action {action:?} is not of the form \"service:Action\" (letters, digits, * and ?)"
        ))
    }
}

fn single_or_list(mut items: Vec<Value>) -> Value {
    if items.len() == 1 {
        items.remove(0)
    } else {
        Value::List(items)
    }
}

fn put_list(out: &mut Properties, key: &str, items: Vec<Value>) {
    if !items.is_empty() {
        out.insert(key.to_owned(), single_or_list(items));
    }
}

/// `{"AWS": .., "Service": ..}` of several principals, each kind's values merged in order.
fn principal_block(principals: &[Principal]) -> Option<Value> {
    if principals.is_empty() {
        return None;
    }
    let mut block: IndexMap<String, Vec<Value>> = IndexMap::new();
    for principal in principals {
        for (kind, value) in principal.policy_entries() {
            let entry = block.entry(kind.to_owned()).or_default();
            if !entry.contains(&value) {
                entry.push(value);
            }
        }
    }
    if block.is_empty() {
        return None;
    }
    let block = block.into_iter().map(|(k, v)| (k, single_or_list(v)));
    Some(Value::Map(block.collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_items_are_written_as_values_and_duplicates_dropped() {
        let statement = PolicyStatement::allow()
            .actions(["s3:GetObject", "s3:GetObject"])
            .resource("*");
        assert_eq!(
            statement.to_value(),
            Value::from(
                serde_json::json!({"Action": "s3:GetObject", "Effect": "Allow", "Resource": "*"})
            )
        );
    }

    #[test]
    fn conditions_group_by_operator_in_cdk_key_order() {
        let statement = PolicyStatement::deny()
            .action("s3:*")
            .condition(Condition::bool("aws:SecureTransport", false))
            .condition(Condition::string_equals("aws:RequestedRegion", "us-east-2").if_exists())
            .principal(super::super::Principal::any())
            .sid("TlsOnly")
            .resources(["arn:aws:s3:::b", "arn:aws:s3:::b/*"]);
        let expected = serde_json::json!({
            "Action": "s3:*",
            "Condition": {
                "Bool": {"aws:SecureTransport": "false"},
                "StringEqualsIfExists": {"aws:RequestedRegion": "us-east-2"}
            },
            "Effect": "Deny",
            "Principal": {"AWS": "*"},
            "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
            "Sid": "TlsOnly"
        });
        assert_eq!(statement.to_value(), Value::from(expected));
    }

    #[test]
    fn invalid_statements_say_why() {
        let problems = PolicyStatement::allow()
            .action("s3 GetObject")
            .resource("bucket")
            .validate_for_identity_policy();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("\"s3 GetObject\" is not of the form"));
        assert!(problems[1].contains("\"bucket\" is not an ARN"));
        let empty = PolicyStatement::allow().validate_for_identity_policy();
        assert!(empty.iter().any(|p| p.contains("at least one action")));
        assert!(empty.iter().any(|p| p.contains("at least one resource")));
        let no_principal = PolicyStatement::allow().action("s3:*").all_resources();
        assert!(no_principal
            .validate_for_resource_policy()
            .iter()
            .any(|p| p.contains("principal")));
        for ok in [
            "s3:Get*",
            "kms:ReEncrypt*",
            "*",
            "ec2:Describe?pc*",
            "execute-api:Invoke",
        ] {
            assert!(check_action(ok).is_ok(), "{ok}");
        }
    }
}
