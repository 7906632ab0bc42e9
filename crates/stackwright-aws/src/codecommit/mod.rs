//! CodeCommit: Git repositories (names checked), imports by name or ARN, the EventBridge rules
//! aws-cdk-lib's `onCommit` creates, and the pull, push and read grants.
//!
//! ```
//! use stackwright_aws::codecommit::{Repository, RepositoryProps};
//! use stackwright_aws::iam::{Principal, Role, RoleProps};
//! use stackwright_core::{App, Stack, StackProps};
//!
//! let app = App::with_props(Default::default());
//! let stack = Stack::new(&app, "Ci", StackProps::default());
//! let repo = Repository::new(&stack, "Repo", RepositoryProps::new("service").description("the service"));
//! let builder = Role::new(&stack, "Builder", RoleProps::new(Principal::service("codebuild.amazonaws.com")));
//! let _ = repo.grant_pull(&builder);
//! let _on_main = repo.on_commit("OnMain", &["main"]);
//! ```

mod repository;

pub use repository::{Repository, RepositoryProps};
