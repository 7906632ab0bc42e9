//! Grants: permissions given to anything that has a principal (a role, or a construct that owns
//! one), written into the grantee's identity policy, or into the resource's policy when the
//! grantee is in another account.

use stackwright_core::Val;

use super::principal::Principal;
use super::statement::PolicyStatement;

/// Anything permissions can be granted to: roles, and constructs that own a role (functions,
/// Glue jobs, state machines, build projects).
pub trait Grantable {
    /// The principal named in resource policies.
    fn grant_principal(&self) -> Principal;

    /// Adds a statement to the principal's identity policy; false when it has none that can be
    /// changed (a service principal, a role of another account).
    fn add_to_principal_policy(&self, statement: PolicyStatement) -> bool;
}

/// A bare principal (a service, an account) has no identity policy here: granting to it writes
/// the resource's policy (a bucket policy, a Lambda permission).
impl Grantable for Principal {
    fn grant_principal(&self) -> Principal {
        self.clone()
    }

    fn add_to_principal_policy(&self, _statement: PolicyStatement) -> bool {
        false
    }
}

/// A resource with a resource policy (a bucket, a key, a topic, a secret).
pub trait ResourceWithPolicy {
    /// Adds a statement to the resource policy (created on first use); false when the resource
    /// is imported and its policy cannot be changed.
    fn add_to_resource_policy(&self, statement: PolicyStatement) -> bool;

    /// The account the resource lives in, when known.
    fn resource_account(&self) -> Option<String>;
}

/// The result of a grant: the statements added, and where.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use = "a grant tells whether the permission could be added"]
pub struct Grant {
    principal_statement: Option<PolicyStatement>,
    resource_statement: Option<PolicyStatement>,
}

impl Grant {
    /// Grants `actions` on `resource_arns` in the grantee's identity policy.
    pub fn add_to_principal(
        grantee: &dyn Grantable,
        actions: &[&str],
        resource_arns: Vec<Val<String>>,
    ) -> Grant {
        let statement = PolicyStatement::allow()
            .actions(actions.iter().copied())
            .resources(resource_arns);
        Grant::add_statement_to_principal(grantee, statement)
    }

    /// Adds a statement built by the caller (with conditions, say) to the grantee's identity
    /// policy.
    pub fn add_statement_to_principal(
        grantee: &dyn Grantable,
        statement: PolicyStatement,
    ) -> Grant {
        let added = grantee.add_to_principal_policy(statement.clone());
        Grant {
            principal_statement: added.then_some(statement),
            resource_statement: None,
        }
    }

    /// Grants `actions` on `resource_arns`: in the grantee's identity policy when the grantee is
    /// in the resource's account, else (also) in the resource's policy, naming the grantee's
    /// principal; `resource_self_arns` are the resources written there (`*` for a key policy).
    pub fn add_to_principal_or_resource(
        grantee: &dyn Grantable,
        actions: &[&str],
        resource_arns: Vec<Val<String>>,
        resource: &dyn ResourceWithPolicy,
        resource_self_arns: Option<Vec<Val<String>>>,
    ) -> Grant {
        let principal = grantee.grant_principal();
        let same_account = match (principal.account_id(), resource.resource_account()) {
            (Some(p), Some(r)) => p == r,
            _ => true,
        };
        let mut grant = Grant::add_to_principal(grantee, actions, resource_arns.clone());
        if grant.success() && same_account {
            return grant;
        }
        let statement = PolicyStatement::allow()
            .actions(actions.iter().copied())
            .resources(resource_self_arns.unwrap_or(resource_arns))
            .with_principals(vec![principal])
            .with_principal_conditions();
        if resource.add_to_resource_policy(statement.clone()) {
            grant.resource_statement = Some(statement);
        }
        grant
    }

    /// True when a statement was added somewhere.
    pub fn success(&self) -> bool {
        self.principal_statement.is_some() || self.resource_statement.is_some()
    }

    /// The statement added to the grantee's identity policy, if any.
    pub fn principal_statement(&self) -> Option<&PolicyStatement> {
        self.principal_statement.as_ref()
    }

    /// The statement added to the resource's policy, if any.
    pub fn resource_statement(&self) -> Option<&PolicyStatement> {
        self.resource_statement.as_ref()
    }
}
