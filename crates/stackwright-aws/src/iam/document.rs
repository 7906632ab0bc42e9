//! Policy documents: statements in order, identical statements written once, merging on request.

use std::borrow::Cow;

use stackwright_core::Value;

use super::lists::push_exact;
use super::statement::PolicyStatement;

/// A policy document (`{"Statement": [...], "Version": "2012-10-17"}`).
///
/// ```
/// use stackwright_aws::iam::{PolicyDocument, PolicyStatement};
/// let mut document = PolicyDocument::new();
/// let read = PolicyStatement::allow().action("s3:GetObject").resource("arn:aws:s3:::b/*");
/// document.add_statement(read.clone());
/// document.add_statement(read);
/// assert_eq!(document.statements().len(), 2);
/// assert_eq!(document.rendered_statements().len(), 1); // identical statements are written once
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PolicyDocument {
    statements: Vec<PolicyStatement>,
    minimize: bool,
    assign_sids: bool,
}

impl PolicyDocument {
    /// An empty document.
    pub fn new() -> Self {
        Self::default()
    }

    /// A document of these statements.
    pub fn from_statements(statements: impl IntoIterator<Item = PolicyStatement>) -> Self {
        PolicyDocument {
            statements: statements.into_iter().collect(),
            minimize: false,
            assign_sids: false,
        }
    }

    /// Merges statements that differ only in their actions, or only in their resources, when
    /// rendering (smaller policies; off by default, as in the CDK).
    #[must_use]
    pub fn minimize(mut self, on: bool) -> Self {
        self.minimize = on;
        self
    }

    /// Gives each written statement without a statement id its position (`"0"`, `"1"`, ...) as
    /// id, as the CDK does for the documents of topic and queue policies.
    #[must_use]
    pub fn assign_sids(mut self, on: bool) -> Self {
        self.assign_sids = on;
        self
    }

    /// Appends a statement.
    pub fn add_statement(&mut self, statement: PolicyStatement) {
        push_exact(&mut self.statements, statement);
    }

    /// The statements, in the order added.
    pub fn statements(&self) -> &[PolicyStatement] {
        &self.statements
    }

    /// True when there is no statement.
    pub fn is_empty(&self) -> bool {
        self.statements.is_empty()
    }

    /// The statements as written: merged if minimizing, duplicates removed.
    pub fn rendered_statements(&self) -> Vec<Value> {
        // Borrowed unless merged: every policy renders at each synthesis.
        let statements: Cow<'_, [PolicyStatement]> = if self.minimize {
            Cow::Owned(merge(&self.statements))
        } else {
            Cow::Borrowed(&self.statements)
        };
        let mut out: Vec<Value> = Vec::with_capacity(statements.len());
        for statement in statements.iter() {
            let value = statement.to_value();
            if !out.contains(&value) {
                out.push(value);
            }
        }
        if self.assign_sids {
            for (index, statement) in out.iter_mut().enumerate() {
                if let Value::Map(map) = statement {
                    map.entry("Sid".to_owned())
                        .or_insert_with(|| Value::from(index.to_string()));
                }
            }
        }
        out
    }

    /// The document as policy JSON.
    pub fn to_value(&self) -> Value {
        Value::map_of([
            ("Statement", Value::List(self.rendered_statements())),
            ("Version", Value::from("2012-10-17")),
        ])
    }
}

/// Merges statements that are equal but for their actions (union of actions), then those that
/// are equal but for their resources (union of resources); order of first appearance is kept.
fn merge(statements: &[PolicyStatement]) -> Vec<PolicyStatement> {
    let by_actions = merge_by(
        statements,
        |s| s.clone().with_actions(Vec::new()),
        |into, from| {
            let mut actions = into.action_list().to_vec();
            actions.extend(from.action_list().iter().cloned());
            into.clone().with_actions(actions)
        },
    );
    merge_by(
        &by_actions,
        |s| s.clone().with_resources(Vec::new()),
        |into, from| {
            let mut resources = into.resource_list().to_vec();
            resources.extend(from.resource_list().iter().cloned());
            into.clone().with_resources(resources)
        },
    )
}

fn merge_by(
    statements: &[PolicyStatement],
    key: impl Fn(&PolicyStatement) -> PolicyStatement,
    combine: impl Fn(&PolicyStatement, &PolicyStatement) -> PolicyStatement,
) -> Vec<PolicyStatement> {
    let mut out: Vec<(PolicyStatement, PolicyStatement)> = Vec::new();
    for statement in statements {
        let k = key(statement);
        match out.iter_mut().find(|(existing, _)| *existing == k) {
            Some((_, merged)) => *merged = combine(merged, statement),
            None => out.push((k, statement.clone())),
        }
    }
    out.into_iter().map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimizing_merges_actions_then_resources() {
        let document = PolicyDocument::from_statements([
            PolicyStatement::allow()
                .action("s3:GetObject")
                .resource("arn:aws:s3:::a/*"),
            PolicyStatement::allow()
                .action("s3:PutObject")
                .resource("arn:aws:s3:::a/*"),
            PolicyStatement::allow()
                .action("sqs:SendMessage")
                .resource("arn:aws:sqs:us-east-2:111111111111:q"),
            PolicyStatement::allow()
                .action("sqs:SendMessage")
                .resource("arn:aws:sqs:us-east-2:111111111111:r"),
        ])
        .minimize(true);
        let expected = serde_json::json!([
            {"Action": ["s3:GetObject", "s3:PutObject"], "Effect": "Allow", "Resource": "arn:aws:s3:::a/*"},
            {"Action": "sqs:SendMessage", "Effect": "Allow", "Resource": [
                "arn:aws:sqs:us-east-2:111111111111:q", "arn:aws:sqs:us-east-2:111111111111:r"]}
        ]);
        assert_eq!(
            Value::List(document.rendered_statements()),
            Value::from(expected)
        );
    }
}
