//! `Repository`: a CodeCommit Git repository, created or imported.

use stackwright_cfn::codecommit::{CfnRepository, CfnRepositoryProps};
use stackwright_core::{Aws, Construct, Node, Scope, Stack, Val};

use crate::arn::{concat, parse_arn, ArnParts};
use crate::events::{EventPattern, Rule, RuleProps};
use crate::iam::{Grant, Grantable};
use crate::validate::{check_chars, check_literal, report};

/// `git pull` (aws-cdk-lib's `pull` grant).
const PULL_ACTIONS: [&str; 1] = ["codecommit:GitPull"];
/// `git pull` and `git push` (aws-cdk-lib's `pullPush` grant).
const PULL_PUSH_ACTIONS: [&str; 2] = ["codecommit:GitPull", "codecommit:GitPush"];
/// Pull, and read the repository's metadata (aws-cdk-lib's `read` grant).
const READ_ACTIONS: [&str; 4] = [
    "codecommit:GitPull",
    "codecommit:EvaluatePullRequestApprovalRules",
    "codecommit:Get*",
    "codecommit:Describe*",
];
/// The event source and detail type of reference changes.
const SOURCE: &str = "aws.codecommit";
const STATE_CHANGE: &str = "CodeCommit Repository State Change";

/// Options of a [`Repository`].
#[derive(Debug, Clone)]
#[must_use]
pub struct RepositoryProps {
    repository_name: Val<String>,
    description: Option<String>,
}

impl RepositoryProps {
    /// A repository named `repository_name`: 1 to 100 letters, digits, `.`, `_` and `-`, not
    /// ending in `.git` (checked at synthesis when literal).
    pub fn new(repository_name: impl Into<Val<String>>) -> Self {
        RepositoryProps {
            repository_name: repository_name.into(),
            description: None,
        }
    }

    /// A description (up to 1,000 characters).
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }
}

/// A CodeCommit repository: created in a stack, or imported by name or ARN.
///
/// ```
/// use stackwright_aws::codecommit::{Repository, RepositoryProps};
/// use stackwright_core::{App, Environment, Stack, StackProps};
/// let app = App::with_props(Default::default());
/// let env = Environment::new("111111111111", "us-east-2");
/// let stack = Stack::new(&app, "Ci", StackProps::default().env(env));
/// let repo = Repository::new(&stack, "Repo", RepositoryProps::new("service"));
/// let shared = Repository::from_repository_name(&stack, "Shared", "shared-libs");
/// assert_eq!(
///     shared.repository_clone_url_grc().as_value().as_str(),
///     Some("codecommit::us-east-2://shared-libs")
/// );
/// let _ = repo.repository_clone_url_http();
/// ```
#[derive(Debug, Clone)]
pub struct Repository {
    construct: Construct,
    resource: Option<CfnRepository>,
    arn: Val<String>,
    name: Val<String>,
    clone_url_http: Val<String>,
    clone_url_ssh: Val<String>,
    region: Val<String>,
    account: Option<String>,
}

impl Scope for Repository {
    fn node(&self) -> &Node {
        self.construct.node()
    }
}

impl Repository {
    /// Creates a repository.
    pub fn new(scope: &impl Scope, id: &str, props: RepositoryProps) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.codecommit.Repository");
        let node = construct.node();
        report(node, check_repository_name(&props.repository_name));
        if props
            .description
            .as_ref()
            .is_some_and(|d| d.chars().count() > 1000)
        {
            node.add_error("the repository description must be at most 1,000 characters");
        }
        let mut cfn = CfnRepositoryProps::new(props.repository_name);
        cfn.repository_description = props.description.map(Val::from);
        let resource = CfnRepository::new(&construct, "Resource", cfn);
        let stack = Stack::of(&construct);
        Repository {
            arn: resource.attr_arn(),
            name: resource.attr_name(),
            clone_url_http: resource.attr_clone_url_http(),
            clone_url_ssh: resource.attr_clone_url_ssh(),
            region: stack.as_ref().map_or_else(Aws::region, Stack::region),
            account: stack.and_then(|s| s.environment().account),
            resource: Some(resource),
            construct,
        }
    }

    /// A repository of the stack's account and region that exists outside the app, by name.
    pub fn from_repository_name(scope: &impl Scope, id: &str, name: &str) -> Self {
        let construct =
            Construct::with_type(scope, id, "stackwright.codecommit.ImportedRepository");
        report(construct.node(), check_repository_name(&Val::from(name)));
        let arn = ArnParts::new("codecommit", name).format(&construct);
        let stack = Stack::of(&construct);
        let region = stack.as_ref().map_or_else(Aws::region, Stack::region);
        let account = stack.and_then(|s| s.environment().account);
        Self::imported(construct, arn, name, region, account)
    }

    /// A repository that exists outside the app, by ARN
    /// (`arn:<partition>:codecommit:<region>:<account>:<name>`); it may be in another account
    /// or region.
    pub fn from_repository_arn(scope: &impl Scope, id: &str, arn: &str) -> Self {
        let construct =
            Construct::with_type(scope, id, "stackwright.codecommit.ImportedRepository");
        let (name, region, account) = match parse_arn(arn) {
            Ok(p) if p.service == "codecommit" && !p.resource.contains(['/', ':']) => {
                (p.resource, Val::from(p.region), Some(p.account))
            }
            Ok(_) => {
                construct.node().add_error(format!(
                    "{arn:?} is not the ARN of a CodeCommit repository \
                     (arn:<partition>:codecommit:<region>:<account>:<name>)"
                ));
                (String::new(), Aws::region(), None)
            }
            Err(e) => {
                construct.node().add_error(e);
                (String::new(), Aws::region(), None)
            }
        };
        Self::imported(construct, Val::from(arn), &name, region, account)
    }

    fn imported(
        construct: Construct,
        arn: Val<String>,
        name: &str,
        region: Val<String>,
        account: Option<String>,
    ) -> Self {
        let clone_url = |protocol: &str| {
            concat([
                Val::from(format!("{protocol}://git-codecommit.")),
                region.clone(),
                Val::from("."),
                Aws::url_suffix(),
                Val::from(format!("/v1/repos/{name}")),
            ])
        };
        Repository {
            arn,
            name: Val::from(name),
            clone_url_http: clone_url("https"),
            clone_url_ssh: clone_url("ssh"),
            region,
            account,
            resource: None,
            construct,
        }
    }

    /// The repository's ARN.
    pub fn repository_arn(&self) -> Val<String> {
        self.arn.clone()
    }

    /// The repository's name.
    pub fn repository_name(&self) -> Val<String> {
        self.name.clone()
    }

    /// The HTTPS clone URL.
    pub fn repository_clone_url_http(&self) -> Val<String> {
        self.clone_url_http.clone()
    }

    /// The SSH clone URL.
    pub fn repository_clone_url_ssh(&self) -> Val<String> {
        self.clone_url_ssh.clone()
    }

    /// The clone URL of the `git-remote-codecommit` helper: `codecommit::<region>://<name>`.
    pub fn repository_clone_url_grc(&self) -> Val<String> {
        concat([
            Val::from("codecommit::"),
            self.region.clone(),
            Val::from("://"),
            self.repository_name(),
        ])
    }

    /// The account the repository lives in, when known.
    pub fn account(&self) -> Option<&str> {
        self.account.as_deref()
    }

    /// The L1 resource of a created repository (escape hatch).
    pub fn resource(&self) -> Option<&CfnRepository> {
        self.resource.as_ref()
    }

    /// An EventBridge rule (a child `id` of the repository) matching this repository's
    /// events; `pattern` adds fields to the `source` and `resources` fields every such rule has.
    pub fn on_event(&self, id: &str, pattern: EventPattern) -> Rule {
        Rule::new(self, id, RuleProps::new().event_pattern(pattern))
    }

    /// An EventBridge rule (a child `id` of the repository) matching commits: a branch or tag
    /// created or updated, on the branches named (every branch when `branches` is empty), with
    /// the pattern aws-cdk-lib's `onCommit` writes. Add targets to the rule returned.
    pub fn on_commit(&self, id: &str, branches: &[&str]) -> Rule {
        Rule::new(
            self,
            id,
            RuleProps::new().event_pattern(self.commit_pattern(branches)),
        )
    }

    /// The event pattern of [`Repository::on_commit`].
    pub(crate) fn commit_pattern(&self, branches: &[&str]) -> EventPattern {
        let mut pattern = EventPattern::new()
            .source([SOURCE])
            .resources([self.repository_arn()])
            .detail_type([STATE_CHANGE])
            .detail(
                "event",
                stackwright_core::Value::list_of(["referenceCreated", "referenceUpdated"]),
            );
        if !branches.is_empty() {
            pattern = pattern.detail(
                "referenceName",
                stackwright_core::Value::list_of(branches.iter().copied()),
            );
        }
        pattern
    }

    /// Lets `grantee` perform `actions` on the repository (in the grantee's policy).
    pub fn grant(&self, grantee: &dyn Grantable, actions: &[&str]) -> Grant {
        Grant::add_to_principal(grantee, actions, vec![self.repository_arn()])
    }

    /// Lets `grantee` `git pull` (`codecommit:GitPull`).
    pub fn grant_pull(&self, grantee: &dyn Grantable) -> Grant {
        self.grant(grantee, &PULL_ACTIONS)
    }

    /// Lets `grantee` `git pull` and `git push`.
    pub fn grant_pull_push(&self, grantee: &dyn Grantable) -> Grant {
        self.grant(grantee, &PULL_PUSH_ACTIONS)
    }

    /// Lets `grantee` pull and read the repository (`GitPull`,
    /// `EvaluatePullRequestApprovalRules`, `Get*`, `Describe*`).
    pub fn grant_read(&self, grantee: &dyn Grantable) -> Grant {
        self.grant(grantee, &READ_ACTIONS)
    }
}

/// CodeCommit's rules for repository names.
fn check_repository_name(name: &Val<String>) -> Result<(), String> {
    check_literal("repository name", name, |s| {
        check_chars(
            s,
            1,
            100,
            |c| c.is_ascii_alphanumeric() || "._-".contains(c),
            "letters, digits, '.', '_' and '-'",
        )?;
        if s.to_ascii_lowercase().ends_with(".git") {
            return Err("cannot end in \".git\"".to_owned());
        }
        if s == "." || s == ".." {
            return Err("cannot be \".\" or \"..\"".to_owned());
        }
        Ok(())
    })
}
