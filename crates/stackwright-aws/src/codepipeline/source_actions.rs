//! Source actions: CodeCommit (with the EventBridge rule aws-cdk-lib creates), CodeStar
//! connections (GitHub, Bitbucket, GitLab), GitHub with an OAuth token, and S3.

use stackwright_cfn::codepipeline::{webhook as cfn_webhook, CfnWebhook, CfnWebhookProps};
use stackwright_core::logical_id::make_unique_id;
use stackwright_core::{Scope, Stack, Val, Value};

use super::action::{
    put, text, Action, ActionBinding, ActionCategory, ActionConfiguration, ActionProperties,
    ArtifactBounds,
};
use super::artifact::Artifact;
use super::pipeline_target::PipelineTarget;
use crate::codecommit::Repository;
use crate::iam::{PolicyStatement, Role};
use crate::s3::{Bucket, BucketAccess};
use crate::SecretValue;

/// What CodePipeline needs on a CodeCommit repository to fetch it.
const CODECOMMIT_ACTIONS: [&str; 5] = [
    "codecommit:GetBranch",
    "codecommit:GetCommit",
    "codecommit:UploadArchive",
    "codecommit:GetUploadArchiveStatus",
    "codecommit:CancelUploadArchive",
];

/// How a source action learns of changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceTrigger {
    /// An EventBridge rule (CodeCommit) or a webhook (GitHub) starts the pipeline (default).
    Events,
    /// CodePipeline polls the source.
    Poll,
    /// Nothing: the pipeline runs when started.
    None,
}

/// The role of a bound AWS-owned action (always there: the pipeline creates one).
fn role_of(binding: &ActionBinding) -> Option<&Role> {
    binding.role()
}

/// Adds a statement to the action's role.
fn allow(binding: &ActionBinding, statement: PolicyStatement) {
    if let Some(role) = role_of(binding) {
        role.add_to_policy(statement);
    }
}

/// Source properties: one output, run order.
fn source_properties(
    name: &str,
    provider: &'static str,
    output: &Artifact,
    run_order: i64,
    role: Option<&Role>,
) -> ActionProperties {
    ActionProperties::new(
        name,
        ActionCategory::Source,
        provider,
        ArtifactBounds::SOURCE,
    )
    .output(output)
    .run_order(run_order)
    .role(role)
}

/// Fetches a branch of a CodeCommit repository; by default an EventBridge rule of the
/// repository (`<pipeline unique id>-<branch>-EventRule`, as aws-cdk-lib names it) starts the
/// pipeline on each commit.
///
/// The repository must be in the pipeline's stack (import it there by name if it lives
/// elsewhere): the rule, which belongs to the repository, targets the pipeline.
#[derive(Debug, Clone)]
pub struct CodeCommitSourceAction {
    name: String,
    repository: Repository,
    branch: String,
    output: Artifact,
    trigger: SourceTrigger,
    run_order: i64,
    role: Option<Role>,
}

impl CodeCommitSourceAction {
    /// Fetches `branch` of `repository` into `output`.
    pub fn new(name: &str, repository: &Repository, branch: &str, output: &Artifact) -> Self {
        CodeCommitSourceAction {
            name: name.to_owned(),
            repository: repository.clone(),
            branch: branch.to_owned(),
            output: output.clone(),
            trigger: SourceTrigger::Events,
            run_order: 1,
            role: None,
        }
    }

    /// How changes start the pipeline (default: an EventBridge rule).
    #[must_use]
    pub fn trigger(mut self, trigger: SourceTrigger) -> Self {
        self.trigger = trigger;
        self
    }

    /// The run order in the stage (default 1).
    #[must_use]
    pub fn run_order(mut self, run_order: i64) -> Self {
        self.run_order = run_order;
        self
    }

    /// The role the action runs as (default: a role created for it).
    #[must_use]
    pub fn role(mut self, role: &Role) -> Self {
        self.role = Some(role.clone());
        self
    }

    /// The rule's id, as aws-cdk-lib builds it.
    fn event_id(&self, binding: &ActionBinding) -> String {
        let path = binding.pipeline().node().path();
        let components: Vec<&str> = path.split('/').collect();
        let base = make_unique_id(&components);
        let branch = if self.branch == "master" {
            String::new()
        } else {
            format!("-{}-", self.branch.replace('/', "--"))
        };
        format!("{base}{branch}EventRule")
    }
}

impl Action for CodeCommitSourceAction {
    fn properties(&self) -> ActionProperties {
        source_properties(
            &self.name,
            "CodeCommit",
            &self.output,
            self.run_order,
            self.role.as_ref(),
        )
    }

    fn bind(&self, binding: &ActionBinding) -> ActionConfiguration {
        if self.branch.is_empty() {
            binding
                .scope()
                .node()
                .add_error("the branch of a CodeCommit source is empty");
        }
        if self.trigger == SourceTrigger::Events {
            let same_stack = Stack::of(&self.repository).map(|s| s.node().path())
                == Stack::of(binding.pipeline()).map(|s| s.node().path());
            let id = self.event_id(binding);
            if same_stack && self.repository.node().try_find_child(&id).is_none() {
                let rule = self.repository.on_commit(&id, &[self.branch.as_str()]);
                rule.add_target(&PipelineTarget::new(binding.pipeline()));
            } else if !same_stack {
                binding.scope().node().add_error(
                    "the repository of a CodeCommit source started by events must be in the \
                     pipeline's stack (import it there with Repository::from_repository_name), \
                     or the trigger must be Poll or None",
                );
            }
        }
        if let Some(role) = role_of(binding) {
            let _ = binding.artifact_bucket().grant_read_write(role);
            let pipeline_account =
                Stack::of(binding.pipeline()).and_then(|s| s.environment().account);
            if matches!((self.repository.account(), pipeline_account.as_deref()), (Some(r), Some(p)) if r != p)
            {
                let _ = binding.artifact_bucket().grant_put_acl(role, "*");
            }
        }
        allow(
            binding,
            PolicyStatement::allow()
                .actions(CODECOMMIT_ACTIONS)
                .resource(self.repository.repository_arn()),
        );
        let mut config = ActionConfiguration::new();
        config.insert(
            "RepositoryName".into(),
            text(&self.repository.repository_name()),
        );
        config.insert("BranchName".into(), Value::from(self.branch.as_str()));
        config.insert(
            "PollForSourceChanges".into(),
            Value::from(self.trigger == SourceTrigger::Poll),
        );
        config
    }
}

/// Fetches a repository of GitHub, Bitbucket or GitLab through a CodeStar connection (by ARN).
#[derive(Debug, Clone)]
pub struct CodeStarConnectionsSourceAction {
    name: String,
    connection_arn: Val<String>,
    owner: String,
    repo: String,
    branch: String,
    output: Artifact,
    trigger_on_push: Option<bool>,
    run_order: i64,
}

impl CodeStarConnectionsSourceAction {
    /// Fetches `branch` of `owner/repo` through the connection `connection_arn` into `output`.
    pub fn new(
        name: &str,
        connection_arn: impl Into<Val<String>>,
        owner: &str,
        repo: &str,
        branch: &str,
        output: &Artifact,
    ) -> Self {
        CodeStarConnectionsSourceAction {
            name: name.to_owned(),
            connection_arn: connection_arn.into(),
            owner: owner.to_owned(),
            repo: repo.to_owned(),
            branch: branch.to_owned(),
            output: output.clone(),
            trigger_on_push: None,
            run_order: 1,
        }
    }

    /// Whether a push starts the pipeline (default: not written, which is yes).
    #[must_use]
    pub fn trigger_on_push(mut self, on: bool) -> Self {
        self.trigger_on_push = Some(on);
        self
    }

    /// The run order in the stage (default 1).
    #[must_use]
    pub fn run_order(mut self, run_order: i64) -> Self {
        self.run_order = run_order;
        self
    }
}

impl Action for CodeStarConnectionsSourceAction {
    fn properties(&self) -> ActionProperties {
        source_properties(
            &self.name,
            "CodeStarSourceConnection",
            &self.output,
            self.run_order,
            None,
        )
    }

    fn bind(&self, binding: &ActionBinding) -> ActionConfiguration {
        let node = binding.scope().node();
        if let Some(arn) = self.connection_arn.as_value().as_str() {
            match crate::arn::parse_arn(arn) {
                Ok(p) if p.service == "codestar-connections" || p.service == "codeconnections" => {}
                Ok(_) => node.add_error(format!(
                    "{arn:?} is not the ARN of a CodeStar connection \
                     (arn:<partition>:codestar-connections:<region>:<account>:connection/<id>)"
                )),
                Err(e) => node.add_error(e),
            }
        }
        if self.owner.is_empty() || self.repo.is_empty() || self.branch.is_empty() {
            node.add_error("the owner, repository and branch of a connection source must be set");
        }
        allow(
            binding,
            PolicyStatement::allow()
                .action("codestar-connections:UseConnection")
                .resource(self.connection_arn.clone()),
        );
        if let Some(role) = role_of(binding) {
            let _ = binding.artifact_bucket().grant_read_write(role);
            let _ = binding.artifact_bucket().grant_put_acl(role, "*");
        }
        let mut config = ActionConfiguration::new();
        config.insert("ConnectionArn".into(), text(&self.connection_arn));
        config.insert(
            "FullRepositoryId".into(),
            Value::from(format!("{}/{}", self.owner, self.repo)),
        );
        config.insert("BranchName".into(), Value::from(self.branch.as_str()));
        put(&mut config, "DetectChanges", self.trigger_on_push);
        config
    }
}

/// Fetches a branch of a GitHub repository with an OAuth token (a third-party action, run
/// without a role); by default a webhook (`WebhookResource`, signed with the token) starts the
/// pipeline. The token is a [`SecretValue`], so only a dynamic reference reaches the template.
/// Prefer [`CodeStarConnectionsSourceAction`], which needs no token.
#[derive(Debug, Clone)]
pub struct GitHubSourceAction {
    name: String,
    owner: String,
    repo: String,
    branch: String,
    oauth_token: SecretValue,
    output: Artifact,
    trigger: SourceTrigger,
    run_order: i64,
}

impl GitHubSourceAction {
    /// Fetches `branch` of `owner/repo` into `output`, authenticated by `oauth_token`.
    pub fn new(
        name: &str,
        owner: &str,
        repo: &str,
        branch: &str,
        oauth_token: SecretValue,
        output: &Artifact,
    ) -> Self {
        GitHubSourceAction {
            name: name.to_owned(),
            owner: owner.to_owned(),
            repo: repo.to_owned(),
            branch: branch.to_owned(),
            oauth_token,
            output: output.clone(),
            trigger: SourceTrigger::Events,
            run_order: 1,
        }
    }

    /// How changes start the pipeline (default: a webhook).
    #[must_use]
    pub fn trigger(mut self, trigger: SourceTrigger) -> Self {
        self.trigger = trigger;
        self
    }

    /// The run order in the stage (default 1).
    #[must_use]
    pub fn run_order(mut self, run_order: i64) -> Self {
        self.run_order = run_order;
        self
    }
}

impl Action for GitHubSourceAction {
    fn properties(&self) -> ActionProperties {
        source_properties(&self.name, "GitHub", &self.output, self.run_order, None).third_party()
    }

    fn bind(&self, binding: &ActionBinding) -> ActionConfiguration {
        let scope = binding.scope();
        let token = self.oauth_token.to_val(scope);
        if self.trigger == SourceTrigger::Events {
            let auth = cfn_webhook::WebhookAuthConfiguration::new().secret_token(token.clone());
            let filter =
                cfn_webhook::WebhookFilterRule::new("$.ref").match_equals("refs/heads/{Branch}");
            let props = CfnWebhookProps::new(
                "GITHUB_HMAC",
                auth,
                vec![filter],
                self.name.as_str(),
                binding.pipeline().pipeline_name(),
            )
            .register_with_third_party(true)
            .target_pipeline_version(1);
            CfnWebhook::new(scope, "WebhookResource", props);
        }
        let mut config = ActionConfiguration::new();
        config.insert("Owner".into(), Value::from(self.owner.as_str()));
        config.insert("Repo".into(), Value::from(self.repo.as_str()));
        config.insert("Branch".into(), Value::from(self.branch.as_str()));
        config.insert("OAuthToken".into(), text(&token));
        config.insert(
            "PollForSourceChanges".into(),
            Value::from(self.trigger == SourceTrigger::Poll),
        );
        config
    }
}

/// Fetches an object (a zip file) of an S3 bucket, which should be versioned.
#[derive(Debug, Clone)]
pub struct S3SourceAction {
    name: String,
    bucket: Bucket,
    key: String,
    output: Artifact,
    poll: Option<bool>,
    run_order: i64,
}

impl S3SourceAction {
    /// Fetches the object `key` of `bucket` into `output`.
    pub fn new(name: &str, bucket: &Bucket, key: &str, output: &Artifact) -> Self {
        S3SourceAction {
            name: name.to_owned(),
            bucket: bucket.clone(),
            key: key.to_owned(),
            output: output.clone(),
            poll: None,
            run_order: 1,
        }
    }

    /// Whether CodePipeline polls the object for changes (default: not written, which is yes).
    #[must_use]
    pub fn poll_for_source_changes(mut self, on: bool) -> Self {
        self.poll = Some(on);
        self
    }

    /// The run order in the stage (default 1).
    #[must_use]
    pub fn run_order(mut self, run_order: i64) -> Self {
        self.run_order = run_order;
        self
    }
}

impl Action for S3SourceAction {
    fn properties(&self) -> ActionProperties {
        source_properties(&self.name, "S3", &self.output, self.run_order, None)
    }

    fn bind(&self, binding: &ActionBinding) -> ActionConfiguration {
        if self.key.is_empty() {
            binding
                .scope()
                .node()
                .add_error("the object key of an S3 source is empty");
        }
        if let Some(role) = role_of(binding) {
            let _ = self
                .bucket
                .grant_access(role, BucketAccess::Read, &self.key);
            let _ = binding.artifact_bucket().grant_write(role);
        }
        let mut config = ActionConfiguration::new();
        config.insert("S3Bucket".into(), text(&self.bucket.bucket_name()));
        config.insert("S3ObjectKey".into(), Value::from(self.key.as_str()));
        put(&mut config, "PollForSourceChanges", self.poll);
        config
    }
}
