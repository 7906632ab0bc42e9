//! `Key`: a customer-managed KMS key.

use std::cell::RefCell;
use std::rc::Rc;

use stackwright_cfn::kms::{CfnKey, CfnKeyProps};
use stackwright_core::{Construct, Lazy, Node, RemovalPolicy, Scope, Stack, Val};

use super::alias::{Alias, AliasProps};
use super::via_service::ViaServicePrincipal;
use crate::iam::{
    Grant, Grantable, PolicyDocument, PolicyStatement, Principal, ResourceWithPolicy,
};
use crate::validate::{check_range, report};

const ADMIN_ACTIONS: [&str; 14] = [
    "kms:Create*",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Put*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:Delete*",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
];
pub(crate) const ENCRYPT_ACTIONS: [&str; 3] =
    ["kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"];
pub(crate) const DECRYPT_ACTIONS: [&str; 1] = ["kms:Decrypt"];

/// Options of a [`Key`].
#[derive(Debug, Clone)]
#[must_use]
pub struct KeyProps {
    description: Option<String>,
    alias: Option<String>,
    enable_key_rotation: bool,
    admins: Vec<Principal>,
    removal_policy: Option<RemovalPolicy>,
    pending_window_days: Option<i64>,
    policy: Option<PolicyDocument>,
}

impl Default for KeyProps {
    fn default() -> Self {
        KeyProps {
            description: None,
            alias: None,
            enable_key_rotation: true,
            admins: Vec::new(),
            removal_policy: None,
            pending_window_days: None,
            policy: None,
        }
    }
}

impl KeyProps {
    /// Rotation on, the default key policy, retained when removed from the stack.
    pub fn new() -> Self {
        Self::default()
    }

    /// A description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Creates an alias (`alias/` is added when missing), as the child `Alias`.
    pub fn alias(mut self, alias: impl Into<String>) -> Self {
        self.alias = Some(alias.into());
        self
    }

    /// Yearly automatic rotation (on by default; the CDK's default is off).
    pub fn enable_key_rotation(mut self, on: bool) -> Self {
        self.enable_key_rotation = on;
        self
    }

    /// Principals that may administer (not use) the key, added to the key policy.
    pub fn admin(mut self, principal: Principal) -> Self {
        self.admins.push(principal);
        self
    }

    /// What happens to the key when it leaves the stack (default: retained).
    pub fn removal_policy(mut self, policy: RemovalPolicy) -> Self {
        self.removal_policy = Some(policy);
        self
    }

    /// Days (7 to 30) between scheduling the deletion and the deletion.
    pub fn pending_window_days(mut self, days: i64) -> Self {
        self.pending_window_days = Some(days);
        self
    }

    /// Replaces the default key policy (which lets the account's IAM policies grant use).
    pub fn policy(mut self, document: PolicyDocument) -> Self {
        self.policy = Some(document);
        self
    }
}

/// A customer-managed KMS key, created or imported by ARN.
///
/// ```
/// use stackwright_aws::kms::{Key, KeyProps};
/// use stackwright_core::{App, Environment, Stack, StackProps};
/// let app = App::with_props(Default::default());
/// let stack = Stack::new(&app, "Lake", StackProps::default().env(Environment::new("111111111111", "us-east-2")));
/// let key = Key::new(&stack, "Key", KeyProps::new().alias("alias/dev-lake"));
/// let _arn = key.key_arn();
/// ```
#[derive(Debug, Clone)]
pub struct Key {
    construct: Construct,
    resource: Option<CfnKey>,
    arn: Val<String>,
    id: Val<String>,
    policy: Rc<RefCell<PolicyDocument>>,
    aliases: Rc<RefCell<Vec<Alias>>>,
}

impl Scope for Key {
    fn node(&self) -> &Node {
        self.construct.node()
    }
}

impl Key {
    /// Creates a key.
    pub fn new(scope: &impl Scope, id: &str, props: KeyProps) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.kms.Key");
        let node = construct.node().clone();
        if let Some(days) = props.pending_window_days {
            report(&node, check_range("the pending window (days)", days, 7, 30));
        }
        if props.description.as_ref().is_some_and(|d| d.len() > 8192) {
            node.add_error("the key description must be at most 8,192 characters");
        }
        let policy = props.policy.unwrap_or_else(|| {
            PolicyDocument::from_statements([PolicyStatement::allow()
                .action("kms:*")
                .principal(Principal::account_root(&construct))
                .all_resources()])
        });
        let policy = Rc::new(RefCell::new(policy));
        let rendered = Rc::clone(&policy);
        let mut cfn =
            CfnKeyProps::new().key_policy(Lazy::new(move || rendered.borrow().to_value()));
        if props.enable_key_rotation {
            cfn = cfn.enable_key_rotation(true);
        }
        cfn.description = props.description.map(Val::from);
        cfn.pending_window_in_days = props.pending_window_days.map(Val::from);
        let resource = CfnKey::new(&construct, "Resource", cfn);
        match props.removal_policy {
            Some(policy) => resource.apply_removal_policy(policy),
            None => resource.apply_default_removal_policy(RemovalPolicy::Retain),
        }
        let key = Key {
            construct,
            arn: resource.attr_arn(),
            id: resource.ref_value(),
            resource: Some(resource),
            policy,
            aliases: Rc::default(),
        };
        for admin in props.admins {
            key.add_to_resource_policy(
                PolicyStatement::allow()
                    .actions(ADMIN_ACTIONS)
                    .principal(admin)
                    .all_resources(),
            );
        }
        if let Some(alias) = props.alias {
            key.add_alias(alias);
        }
        key
    }

    /// A key that exists outside the app, by ARN; grants go to the grantee's policy only.
    pub fn from_key_arn(scope: &impl Scope, id: &str, arn: &str) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.kms.ImportedKey");
        match crate::arn::parse_arn(arn) {
            Ok(p) if p.service == "kms" && p.resource.starts_with("key/") => {}
            Ok(_) => construct
                .node()
                .add_error(format!("{arn:?} is not the ARN of a KMS key")),
            Err(e) => construct.node().add_error(e),
        }
        let key_id = arn.rsplit('/').next().unwrap_or_default().to_owned();
        Key {
            construct,
            resource: None,
            arn: Val::from(arn),
            id: Val::from(key_id),
            policy: Rc::default(),
            aliases: Rc::default(),
        }
    }

    /// The key's ARN.
    pub fn key_arn(&self) -> Val<String> {
        self.arn.clone()
    }

    /// The key's id.
    pub fn key_id(&self) -> Val<String> {
        self.id.clone()
    }

    /// The L1 resource of a created key (escape hatch).
    pub fn resource(&self) -> Option<&CfnKey> {
        self.resource.as_ref()
    }

    /// Adds an alias: the first is the child `Alias`, later ones `Alias<name>` (CDK ids).
    pub fn add_alias(&self, alias_name: impl Into<String>) -> Alias {
        let alias_name = alias_name.into();
        let count = self.aliases.borrow().len();
        let id = if count == 0 {
            "Alias".to_owned()
        } else {
            format!("Alias{alias_name}")
        };
        let alias = Alias::new(self, &id, AliasProps::new(alias_name, self));
        self.aliases.borrow_mut().push(alias.clone());
        alias
    }

    /// The key policy as it is now.
    pub fn policy(&self) -> PolicyDocument {
        self.policy.borrow().clone()
    }

    /// Lets `grantee` perform `actions` with the key: through its own policy in the key's
    /// account (the default key policy delegates to IAM), through the key policy (and its own
    /// policy, on `*`) from another account.
    pub fn grant(&self, grantee: &dyn Grantable, actions: &[&str]) -> Grant {
        let principal_account = grantee.grant_principal().account_id().map(str::to_owned);
        let cross_account = matches!(
            (principal_account, self.resource_account()),
            (Some(p), Some(k)) if p != k
        );
        let resource_arns = if cross_account && self.resource.is_some() {
            vec![Val::from("*")]
        } else {
            vec![self.key_arn()]
        };
        Grant::add_to_principal_or_resource(
            grantee,
            actions,
            resource_arns,
            self,
            Some(vec![Val::from("*")]),
        )
    }

    /// Lets `grantee` perform `actions` with the key only through `service` in the key's region
    /// (`kms:ViaService`), as services that encrypt on a caller's behalf need (Secrets Manager,
    /// SSM): a key-policy statement naming the grantee for a created key, as the CDK writes it;
    /// a statement in the grantee's own policy for an imported key, whose policy cannot change.
    pub fn grant_via_service(
        &self,
        grantee: &dyn Grantable,
        service: &str,
        actions: &[&str],
    ) -> Grant {
        let via = ViaServicePrincipal::regional(self, service, grantee.grant_principal());
        if self.resource.is_some() {
            return self.grant(&via, actions);
        }
        Grant::add_statement_to_principal(
            grantee,
            PolicyStatement::allow()
                .actions(actions.iter().copied())
                .resource(self.key_arn())
                .condition(via.condition()),
        )
    }

    /// `kms:Decrypt`.
    pub fn grant_decrypt(&self, grantee: &dyn Grantable) -> Grant {
        self.grant(grantee, &DECRYPT_ACTIONS)
    }

    /// `kms:Encrypt`, `kms:ReEncrypt*`, `kms:GenerateDataKey*`.
    pub fn grant_encrypt(&self, grantee: &dyn Grantable) -> Grant {
        self.grant(grantee, &ENCRYPT_ACTIONS)
    }

    /// Decrypt and encrypt.
    pub fn grant_encrypt_decrypt(&self, grantee: &dyn Grantable) -> Grant {
        let actions: Vec<&str> = DECRYPT_ACTIONS
            .iter()
            .chain(&ENCRYPT_ACTIONS)
            .copied()
            .collect();
        self.grant(grantee, &actions)
    }

    /// Administration (not use) of the key.
    pub fn grant_admin(&self, grantee: &dyn Grantable) -> Grant {
        self.grant(grantee, &ADMIN_ACTIONS)
    }
}

impl ResourceWithPolicy for Key {
    fn add_to_resource_policy(&self, statement: PolicyStatement) -> bool {
        if self.resource.is_none() {
            return false;
        }
        for problem in statement.validate_for_resource_policy() {
            self.node().add_error(format!("key policy: {problem}"));
        }
        self.policy.borrow_mut().add_statement(statement);
        true
    }

    fn resource_account(&self) -> Option<String> {
        Stack::of(self).and_then(|s| s.environment().account)
    }
}
