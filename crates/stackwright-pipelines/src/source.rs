//! Where a pipeline's code comes from: a CodeCommit branch, a repository behind a CodeStar
//! connection (GitHub, Bitbucket, GitLab), or GitHub with an OAuth token kept in Secrets Manager.

use stackwright_aws::codecommit::Repository;
use stackwright_aws::codepipeline::{
    Artifact, CodeCommitSourceAction, CodeStarConnectionsSourceAction, GitHubSourceAction,
    SourceTrigger, Stage,
};
use stackwright_aws::{SecretValue, SecretsManagerSecretOptions};

/// The secret CDK Pipelines reads a GitHub token from unless told otherwise.
pub const DEFAULT_GITHUB_TOKEN_SECRET: &str = "github-token";

/// The source of a [`CodePipeline`](crate::CodePipeline): the repository and branch whose
/// pushes start it.
///
/// ```
/// use stackwright_pipelines::CodePipelineSource;
/// let source = CodePipelineSource::connection(
///     "acme/datalake",
///     "main",
///     "arn:aws:codestar-connections:us-east-2:111111111111:connection/0123",
/// );
/// assert_eq!(source.action_name(), "acme_datalake");
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct CodePipelineSource {
    kind: SourceKind,
}

#[derive(Debug, Clone)]
enum SourceKind {
    CodeCommit {
        repository: Box<Repository>,
        branch: String,
        trigger: SourceTrigger,
    },
    Connection {
        repo_string: String,
        branch: String,
        connection_arn: String,
        trigger_on_push: bool,
    },
    GitHub {
        repo_string: String,
        branch: String,
        token: SecretValue,
        trigger: SourceTrigger,
    },
}

impl CodePipelineSource {
    /// A branch of a CodeCommit repository, started by an EventBridge rule on its pushes.
    pub fn code_commit(repository: &Repository, branch: &str) -> Self {
        CodePipelineSource {
            kind: SourceKind::CodeCommit {
                repository: Box::new(repository.clone()),
                branch: branch.to_owned(),
                trigger: SourceTrigger::Events,
            },
        }
    }

    /// A branch of `owner/repo` reached through a CodeStar connection (GitHub, Bitbucket,
    /// GitLab), started on push.
    pub fn connection(repo_string: &str, branch: &str, connection_arn: &str) -> Self {
        CodePipelineSource {
            kind: SourceKind::Connection {
                repo_string: repo_string.to_owned(),
                branch: branch.to_owned(),
                connection_arn: connection_arn.to_owned(),
                trigger_on_push: true,
            },
        }
    }

    /// A branch of the GitHub repository `owner/repo`, authenticated with the OAuth token in
    /// the Secrets Manager secret `github-token` (change it with
    /// [`CodePipelineSource::authentication`]); a webhook starts the pipeline. Only a
    /// `{{resolve:secretsmanager:..}}` dynamic reference reaches the template.
    pub fn git_hub(repo_string: &str, branch: &str) -> Self {
        CodePipelineSource {
            kind: SourceKind::GitHub {
                repo_string: repo_string.to_owned(),
                branch: branch.to_owned(),
                token: SecretValue::secrets_manager(
                    DEFAULT_GITHUB_TOKEN_SECRET,
                    SecretsManagerSecretOptions::new(),
                ),
                trigger: SourceTrigger::Events,
            },
        }
    }

    /// The GitHub token (a [`SecretValue`], e.g. `SecretValue::secrets_manager(name, ..)`);
    /// ignored by the other sources.
    pub fn authentication(mut self, token: SecretValue) -> Self {
        if let SourceKind::GitHub { token: t, .. } = &mut self.kind {
            *t = token;
        }
        self
    }

    /// Polls for changes instead of reacting to events (CodeCommit, GitHub), or turns off
    /// the start on push (connections).
    pub fn polling(mut self) -> Self {
        match &mut self.kind {
            SourceKind::CodeCommit { trigger, .. } | SourceKind::GitHub { trigger, .. } => {
                *trigger = SourceTrigger::Poll;
            }
            SourceKind::Connection {
                trigger_on_push, ..
            } => *trigger_on_push = false,
        }
        self
    }

    /// The source action's name, as CDK Pipelines gives it: the repository name for
    /// CodeCommit (the repository's construct id when its name is not a literal), `owner_repo`
    /// otherwise.
    pub fn action_name(&self) -> String {
        match &self.kind {
            SourceKind::CodeCommit { repository, .. } => repository
                .repository_name()
                .as_value()
                .as_str()
                .map_or_else(
                    || stackwright_core::Scope::node(repository.as_ref()).id(),
                    str::to_owned,
                ),
            SourceKind::Connection { repo_string, .. } | SourceKind::GitHub { repo_string, .. } => {
                repo_string.replace('/', "_")
            }
        }
    }

    /// Problems with the source's description (an `owner/repo` that is not one).
    pub(crate) fn problems(&self) -> Vec<String> {
        match &self.kind {
            SourceKind::CodeCommit { .. } => Vec::new(),
            SourceKind::Connection { repo_string, .. } | SourceKind::GitHub { repo_string, .. } => {
                match split_repo(repo_string) {
                    Some(_) => Vec::new(),
                    None => vec![format!(
                        "the source repository {repo_string:?} must be written owner/repo"
                    )],
                }
            }
        }
    }

    /// Adds the source action to the pipeline's `Source` stage, writing `output`.
    pub(crate) fn add_to(&self, stage: &Stage, output: &Artifact) {
        let name = self.action_name();
        match &self.kind {
            SourceKind::CodeCommit {
                repository,
                branch,
                trigger,
            } => {
                stage.add_action(
                    &CodeCommitSourceAction::new(&name, repository, branch, output)
                        .trigger(*trigger),
                );
            }
            SourceKind::Connection {
                repo_string,
                branch,
                connection_arn,
                trigger_on_push,
            } => {
                let (owner, repo) = split_repo(repo_string).unwrap_or_default();
                stage.add_action(
                    &CodeStarConnectionsSourceAction::new(
                        &name,
                        connection_arn,
                        owner,
                        repo,
                        branch,
                        output,
                    )
                    .trigger_on_push(*trigger_on_push),
                );
            }
            SourceKind::GitHub {
                repo_string,
                branch,
                token,
                trigger,
            } => {
                let (owner, repo) = split_repo(repo_string).unwrap_or_default();
                stage.add_action(
                    &GitHubSourceAction::new(&name, owner, repo, branch, token.clone(), output)
                        .trigger(*trigger),
                );
            }
        }
    }
}

/// `owner/repo` → `(owner, repo)`, both non-empty.
fn split_repo(repo_string: &str) -> Option<(&str, &str)> {
    let (owner, repo) = repo_string.split_once('/')?;
    (!owner.is_empty() && !repo.is_empty() && !repo.contains('/')).then_some((owner, repo))
}
