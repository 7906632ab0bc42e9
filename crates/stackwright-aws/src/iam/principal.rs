//! Principals: who a trust policy or resource policy is about, rendered as the CDK renders them.

use stackwright_core::{Aws, Scope, Val, Value};

use super::statement::Condition;
use crate::arn::{account_root_arn, concat, parse_arn};

/// A principal: a service, an account, an ARN, a federated identity, an organization, anyone, or
/// several of these.
///
/// ```
/// use stackwright_aws::iam::Principal;
/// let trust = Principal::composite([
///     Principal::service("lambda.amazonaws.com"),
///     Principal::account("222222222222"),
/// ]);
/// assert_eq!(trust.account_id(), None);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Principal {
    kind: Kind,
    account: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// `{"AWS": <arn>}`.
    Aws(Val<String>),
    /// `{"Service": <name>}`.
    Service(String),
    /// `{"Federated": <provider>}` with its assume-role action.
    Federated {
        provider: Val<String>,
        assume_action: String,
        conditions: Vec<Condition>,
    },
    /// `{"AWS": "*"}` restricted to an organization.
    Organization(String),
    /// Several principals.
    Composite(Vec<Principal>),
    /// A principal that applies only under extra conditions.
    Conditional {
        base: Box<Principal>,
        conditions: Vec<Condition>,
    },
}

impl Principal {
    /// An AWS service, e.g. `glue.amazonaws.com`.
    pub fn service(name: impl Into<String>) -> Self {
        Principal {
            kind: Kind::Service(name.into()),
            account: None,
        }
    }

    /// Every identity of an account (whose policies allow it): `arn:<partition>:iam::<id>:root`.
    pub fn account(account_id: impl Into<String>) -> Self {
        let account_id = account_id.into();
        let arn = concat([
            Val::from("arn:"),
            Aws::partition(),
            Val::from(format!(":iam::{account_id}:root")),
        ]);
        Principal {
            kind: Kind::Aws(arn),
            account: Some(account_id),
        }
    }

    /// The root of the account of the stack that contains `scope`.
    pub fn account_root(scope: &impl Scope) -> Self {
        let account = stackwright_core::Stack::of(scope).and_then(|s| s.environment().account);
        Principal {
            kind: Kind::Aws(account_root_arn(scope, None)),
            account,
        }
    }

    /// An IAM identity by ARN (a role, a user, an account root); a literal ARN's account is
    /// known for cross-account grants.
    pub fn arn(arn: impl Into<Val<String>>) -> Self {
        let arn = arn.into();
        let account = arn
            .as_value()
            .as_str()
            .and_then(|a| parse_arn(a).ok())
            .map(|p| p.account)
            .filter(|a| !a.is_empty());
        Principal {
            kind: Kind::Aws(arn),
            account,
        }
    }

    /// An identity of a web-identity (OIDC) or SAML provider. `assume_action` is
    /// `sts:AssumeRoleWithWebIdentity` or `sts:AssumeRoleWithSAML`; `conditions` restrict it
    /// (audience, subject).
    pub fn federated(
        provider: impl Into<Val<String>>,
        assume_action: impl Into<String>,
        conditions: impl IntoIterator<Item = Condition>,
    ) -> Self {
        Principal {
            kind: Kind::Federated {
                provider: provider.into(),
                assume_action: assume_action.into(),
                conditions: conditions.into_iter().collect(),
            },
            account: None,
        }
    }

    /// Every identity of an AWS Organization (`aws:PrincipalOrgID`).
    pub fn organization(organization_id: impl Into<String>) -> Self {
        Principal {
            kind: Kind::Organization(organization_id.into()),
            account: None,
        }
    }

    /// Anyone (`{"AWS": "*"}`); use with conditions.
    pub fn any() -> Self {
        Principal {
            kind: Kind::Aws(Val::from("*")),
            account: None,
        }
    }

    /// Several principals; a trust policy gets one statement for each.
    pub fn composite(principals: impl IntoIterator<Item = Principal>) -> Self {
        let principals: Vec<Principal> = principals.into_iter().collect();
        Principal {
            kind: Kind::Composite(principals),
            account: None,
        }
    }

    /// The same principal, only under `conditions` (added to every statement that names it), as
    /// the CDK's `PrincipalWithConditions`.
    #[must_use]
    pub fn with_conditions(self, conditions: impl IntoIterator<Item = Condition>) -> Self {
        let account = self.account.clone();
        Principal {
            kind: Kind::Conditional {
                base: Box::new(self),
                conditions: conditions.into_iter().collect(),
            },
            account,
        }
    }

    /// The account the principal belongs to, when it is known (used to decide whether a grant
    /// crosses accounts).
    pub fn account_id(&self) -> Option<&str> {
        self.account.as_deref()
    }

    /// Sets the account the principal belongs to (for principals of constructs).
    pub(crate) fn in_account(mut self, account: Option<String>) -> Self {
        self.account = account;
        self
    }

    /// `(kind, value)` entries of the `Principal` block of a statement.
    pub(crate) fn policy_entries(&self) -> Vec<(&'static str, Value)> {
        match &self.kind {
            Kind::Aws(arn) => vec![("AWS", arn.as_value().clone())],
            Kind::Service(name) => vec![("Service", Value::from(name.as_str()))],
            Kind::Federated { provider, .. } => vec![("Federated", provider.as_value().clone())],
            Kind::Organization(_) => vec![("AWS", Value::from("*"))],
            Kind::Composite(all) => all.iter().flat_map(Principal::policy_entries).collect(),
            Kind::Conditional { base, .. } => base.policy_entries(),
        }
    }

    /// Conditions the principal implies wherever it is used.
    pub(crate) fn conditions(&self) -> Vec<Condition> {
        match &self.kind {
            Kind::Organization(id) => {
                vec![Condition::string_equals("aws:PrincipalOrgID", id.as_str())]
            }
            Kind::Federated { conditions, .. } => conditions.clone(),
            Kind::Composite(all) => all.iter().flat_map(Principal::conditions).collect(),
            Kind::Conditional { base, conditions } => {
                let mut all = base.conditions();
                all.extend(conditions.iter().cloned());
                all
            }
            _ => Vec::new(),
        }
    }

    /// The principals a trust policy gets one statement each for, with their assume action.
    pub(crate) fn trust_parts(&self) -> Vec<(Principal, String)> {
        match &self.kind {
            Kind::Composite(all) => all.iter().flat_map(Principal::trust_parts).collect(),
            Kind::Federated { assume_action, .. } => vec![(self.clone(), assume_action.clone())],
            Kind::Conditional { base, conditions } => base
                .trust_parts()
                .into_iter()
                .map(|(part, action)| (part.with_conditions(conditions.clone()), action))
                .collect(),
            _ => vec![(self.clone(), "sts:AssumeRole".to_owned())],
        }
    }
}
