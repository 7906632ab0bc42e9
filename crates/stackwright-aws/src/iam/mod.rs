//! IAM: typed policy statements and documents, principals, roles, policies, managed policies,
//! and grants (the [`Grantable`] trait and [`Grant`]).
//!
//! ```
//! use stackwright_aws::iam::{PolicyStatement, Principal, Role, RoleProps};
//! use stackwright_core::{App, Stack, StackProps};
//!
//! let app = App::with_props(Default::default());
//! let stack = Stack::new(&app, "Etl", StackProps::default());
//! let role = Role::new(&stack, "Worker", RoleProps::new(Principal::service("glue.amazonaws.com")));
//! role.add_to_policy(
//!     PolicyStatement::allow().action("ssm:GetParameter").resource("arn:aws:ssm:us-east-2:111111111111:parameter/etl/*"),
//! );
//! ```

mod document;
mod grant;
mod lists;
mod managed_policy;
mod policy;
mod principal;
mod role;
mod statement;

pub use document::PolicyDocument;
pub use grant::{Grant, Grantable, ResourceWithPolicy};
pub use managed_policy::{ManagedPolicy, ManagedPolicyProps};
pub use policy::{Policy, PolicyProps};
pub use principal::Principal;
pub use role::{Role, RoleProps};
pub use statement::{Condition, ConditionOperator, Effect, PolicyStatement};
