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
    conditions: Vec<Condition>,
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
}

impl Principal {
    /// An AWS service, e.g. `glue.amazonaws.com`.
    pub fn service(name: impl Into<String>) -> Self {
        Principal {
            kind: Kind::Service(name.into()),
            account: None,
            conditions: Vec::new(),
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
            conditions: Vec::new(),
        }
    }

    /// The root of the account of the stack that contains `scope`.
    pub fn account_root(scope: &impl Scope) -> Self {
        let account = stackwright_core::Stack::of(scope).and_then(|s| s.environment().account);
        Principal {
            kind: Kind::Aws(account_root_arn(scope, None)),
            account,
            conditions: Vec::new(),
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
            conditions: Vec::new(),
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
            conditions: Vec::new(),
        }
    }

    /// Every identity of an AWS Organization (`aws:PrincipalOrgID`).
    pub fn organization(organization_id: impl Into<String>) -> Self {
        Principal {
            kind: Kind::Organization(organization_id.into()),
            account: None,
            conditions: Vec::new(),
        }
    }

    /// Anyone (`{"AWS": "*"}`); use with conditions.
    pub fn any() -> Self {
        Principal {
            kind: Kind::Aws(Val::from("*")),
            account: None,
            conditions: Vec::new(),
        }
    }

    /// Several principals; a trust policy gets one statement for each.
    pub fn composite(principals: impl IntoIterator<Item = Principal>) -> Self {
        let principals: Vec<Principal> = principals.into_iter().collect();
        Principal {
            kind: Kind::Composite(principals),
            account: None,
            conditions: Vec::new(),
        }
    }

    /// Adds conditions to every statement that names this principal (in a trust policy they
    /// restrict who may assume the role: a service principal limited to the source ARNs and
    /// account of the caller, for example).
    #[must_use]
    pub fn with_conditions(mut self, conditions: impl IntoIterator<Item = Condition>) -> Self {
        self.conditions.extend(conditions);
        self
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
        }
    }

    /// The principal as the CDK prints it (`ServicePrincipal(events.amazonaws.com)`), which the
    /// CDK hashes into some construct ids.
    pub(crate) fn cdk_display(&self) -> String {
        match &self.kind {
            Kind::Service(name) => format!("ServicePrincipal({name})"),
            Kind::Organization(id) => format!("OrganizationPrincipal({id})"),
            Kind::Federated { provider, .. } => format!("FederatedPrincipal({provider:?})"),
            Kind::Aws(arn) => match (arn.as_value().as_str(), &self.account) {
                (Some("*"), _) => "AnyPrincipal".to_owned(),
                (_, Some(account)) if self.is_account_root() => {
                    format!("AccountPrincipal({account})")
                }
                (Some(literal), _) => format!("ArnPrincipal({literal})"),
                (None, _) => format!("ArnPrincipal({arn:?})"),
            },
            Kind::Composite(all) => {
                let inner: Vec<String> = all.iter().map(Principal::cdk_display).collect();
                format!("CompositePrincipal({})", inner.join(","))
            }
        }
    }

    fn is_account_root(&self) -> bool {
        match (&self.kind, &self.account) {
            (Kind::Aws(arn), Some(account)) => match arn.as_value() {
                Value::String(s) => s.ends_with(&format!(":iam::{account}:root")),
                other => format!("{other:?}").contains(&format!(":iam::{account}:root")),
            },
            _ => false,
        }
    }

    /// Conditions the principal implies wherever it is used.
    pub(crate) fn conditions(&self) -> Vec<Condition> {
        let implied = match &self.kind {
            Kind::Organization(id) => {
                vec![Condition::string_equals("aws:PrincipalOrgID", id.as_str())]
            }
            Kind::Federated { conditions, .. } => conditions.clone(),
            Kind::Composite(all) => all.iter().flat_map(Principal::conditions).collect(),
            _ => Vec::new(),
        };
        implied.into_iter().chain(self.conditions.clone()).collect()
    }

    /// The principals a trust policy gets one statement each for, with their assume action.
    pub(crate) fn into_trust_parts(self) -> Vec<(Principal, String)> {
        match self.kind {
            Kind::Composite(all) => all
                .into_iter()
                .flat_map(Principal::into_trust_parts)
                .collect(),
            kind => {
                let action = match &kind {
                    Kind::Federated { assume_action, .. } => assume_action.clone(),
                    _ => "sts:AssumeRole".to_owned(),
                };
                let principal = Principal {
                    kind,
                    account: self.account,
                    conditions: self.conditions,
                };
                vec![(principal, action)]
            }
        }
    }
}
