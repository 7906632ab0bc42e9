//! `Policy`: an inline identity policy (`AWS::IAM::Policy`) attached to roles; the default policy
//! of a role is one of these, created on its first statement.

use std::cell::RefCell;
use std::rc::Rc;

use stackwright_cfn::iam::{CfnPolicy, CfnPolicyProps};
use stackwright_core::{Construct, Lazy, Node, Scope, Val, Value};

use super::document::PolicyDocument;
use super::lists::push_exact;
use super::role::Role;
use super::statement::PolicyStatement;

/// Options of a [`Policy`].
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct PolicyProps {
    statements: Vec<PolicyStatement>,
    roles: Vec<Role>,
    policy_name: Option<String>,
}

impl PolicyProps {
    /// No statements or roles yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a statement.
    pub fn statement(mut self, statement: PolicyStatement) -> Self {
        self.statements.push(statement);
        self
    }

    /// Attaches the policy to a role.
    pub fn role(mut self, role: &Role) -> Self {
        self.roles.push(role.clone());
        self
    }

    /// The policy name (default: its logical id, as the CDK names it).
    pub fn policy_name(mut self, name: impl Into<String>) -> Self {
        self.policy_name = Some(name.into());
        self
    }
}

/// An inline IAM policy attached to roles.
///
/// ```
/// use stackwright_aws::iam::{Policy, PolicyProps, PolicyStatement, Principal, Role, RoleProps};
/// use stackwright_core::{App, Stack, StackProps};
/// let app = App::with_props(Default::default());
/// let stack = Stack::new(&app, "S", StackProps::default());
/// let role = Role::new(&stack, "R", RoleProps::new(Principal::service("lambda.amazonaws.com")));
/// let policy = Policy::new(&stack, "ReadParams", PolicyProps::new().role(&role));
/// policy.add_statement(PolicyStatement::allow().action("ssm:GetParameter").all_resources());
/// ```
#[derive(Debug, Clone)]
pub struct Policy {
    construct: Construct,
    resource: CfnPolicy,
    document: Rc<RefCell<PolicyDocument>>,
    roles: Rc<RefCell<Vec<Val<String>>>>,
}

impl Scope for Policy {
    fn node(&self) -> &Node {
        self.construct.node()
    }
}

impl Policy {
    /// Creates the policy; its document and role list are written as they are at synthesis.
    pub fn new(scope: &impl Scope, id: &str, props: PolicyProps) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.iam.Policy");
        let document = Rc::new(RefCell::new(PolicyDocument::new()));
        let roles: Rc<RefCell<Vec<Val<String>>>> = Rc::default();
        let rendered_document = Rc::clone(&document);
        let rendered_roles = Rc::clone(&roles);
        let resource = CfnPolicy::new(
            &construct,
            "Resource",
            CfnPolicyProps::new(Lazy::new(move || rendered_document.borrow().to_value()), "")
                .roles(Val::<Vec<String>>::unchecked(Lazy::new(move || {
                    Value::list_of(rendered_roles.borrow().iter().map(Val::as_value).cloned())
                }))),
        );
        let name = match props.policy_name {
            Some(name) => Val::from(name),
            None => resource.logical_id_value(),
        };
        resource.update(|p| p.policy_name = name);
        let (checked_document, checked_roles) = (Rc::clone(&document), Rc::clone(&roles));
        construct.node().add_validation(move || {
            let mut problems = Vec::new();
            if checked_document.borrow().is_empty() {
                problems.push("the policy has no statement".to_owned());
            }
            if checked_roles.borrow().is_empty() {
                problems.push("the policy is not attached to any role".to_owned());
            }
            problems
        });
        let policy = Policy {
            construct,
            resource,
            document,
            roles,
        };
        for statement in props.statements {
            policy.add_statement(statement);
        }
        for role in &props.roles {
            policy.attach_to_role(role);
        }
        policy
    }

    /// Adds a statement; an invalid one is reported with this policy's path.
    pub fn add_statement(&self, statement: PolicyStatement) {
        for problem in statement.validate_for_identity_policy() {
            self.node().add_error(problem);
        }
        self.document.borrow_mut().add_statement(statement);
    }

    /// Attaches the policy to a role (once).
    pub fn attach_to_role(&self, role: &Role) {
        self.attach_to_role_name(role.role_name());
    }

    pub(crate) fn attach_to_role_name(&self, name: Val<String>) {
        let mut roles = self.roles.borrow_mut();
        if !roles.contains(&name) {
            push_exact(&mut roles, name);
        }
    }

    /// A copy of the document as it is now.
    pub fn document(&self) -> PolicyDocument {
        self.document.borrow().clone()
    }

    /// The L1 resource (escape hatch).
    pub fn resource(&self) -> &CfnPolicy {
        &self.resource
    }
}
