//! Where a project's source comes from: a CodeCommit repository, a pipeline, or nowhere (the
//! buildspec does everything).

use stackwright_cfn::codebuild::project as cfn;
use stackwright_core::Val;

use crate::codecommit::Repository;

/// The kind of source, as CodeBuild names it.
#[derive(Debug, Clone)]
enum Kind {
    None,
    CodePipeline,
    CodeCommit {
        repository: Box<Repository>,
        branch_or_ref: Option<Val<String>>,
        clone_depth: Option<i64>,
        fetch_submodules: bool,
    },
}

/// A project's source.
///
/// ```
/// use stackwright_aws::codebuild::Source;
/// use stackwright_aws::codecommit::{Repository, RepositoryProps};
/// use stackwright_core::{App, Stack, StackProps};
/// let app = App::with_props(Default::default());
/// let stack = Stack::new(&app, "Ci", StackProps::default());
/// let repo = Repository::new(&stack, "Repo", RepositoryProps::new("service"));
/// let source = Source::code_commit(&repo).branch_or_ref("main").clone_depth(1);
/// # let _ = source;
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct Source {
    kind: Kind,
}

impl Default for Source {
    fn default() -> Self {
        Self::none()
    }
}

impl Source {
    /// No source: the buildspec (which must then be given as an object) does everything.
    pub fn none() -> Self {
        Source { kind: Kind::None }
    }

    /// The input artifact of a CodePipeline action (the project's artifacts then go back to
    /// the pipeline too).
    pub fn code_pipeline() -> Self {
        Source {
            kind: Kind::CodePipeline,
        }
    }

    /// A CodeCommit repository (the project's role may `git pull` it).
    pub fn code_commit(repository: &Repository) -> Self {
        Source {
            kind: Kind::CodeCommit {
                repository: Box::new(repository.clone()),
                branch_or_ref: None,
                clone_depth: None,
                fetch_submodules: false,
            },
        }
    }

    /// The branch, tag or commit built (CodeCommit; default: the default branch).
    pub fn branch_or_ref(mut self, reference: impl Into<Val<String>>) -> Self {
        if let Kind::CodeCommit { branch_or_ref, .. } = &mut self.kind {
            *branch_or_ref = Some(reference.into());
        }
        self
    }

    /// A shallow clone of this many commits (CodeCommit; default: the full history).
    pub fn clone_depth(mut self, depth: i64) -> Self {
        if let Kind::CodeCommit { clone_depth, .. } = &mut self.kind {
            *clone_depth = Some(depth);
        }
        self
    }

    /// Also fetches Git submodules (CodeCommit).
    pub fn fetch_submodules(mut self, on: bool) -> Self {
        if let Kind::CodeCommit {
            fetch_submodules, ..
        } = &mut self.kind
        {
            *fetch_submodules = on;
        }
        self
    }

    /// CodeBuild's name of the source type.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            Kind::None => "NO_SOURCE",
            Kind::CodePipeline => "CODEPIPELINE",
            Kind::CodeCommit { .. } => "CODECOMMIT",
        }
    }

    pub(crate) fn is_none(&self) -> bool {
        matches!(self.kind, Kind::None)
    }

    pub(crate) fn is_code_pipeline(&self) -> bool {
        matches!(self.kind, Kind::CodePipeline)
    }

    pub(crate) fn repository(&self) -> Option<&Repository> {
        match &self.kind {
            Kind::CodeCommit { repository, .. } => Some(repository),
            _ => None,
        }
    }

    pub(crate) fn clone_depth_value(&self) -> Option<i64> {
        match &self.kind {
            Kind::CodeCommit { clone_depth, .. } => *clone_depth,
            _ => None,
        }
    }

    /// The `Source` property (without the buildspec) and the `SourceVersion`.
    pub(crate) fn render(&self) -> (cfn::Source, Option<Val<String>>) {
        let mut source = cfn::Source::new(self.type_name());
        let mut version = None;
        if let Kind::CodeCommit {
            repository,
            branch_or_ref,
            clone_depth,
            fetch_submodules,
        } = &self.kind
        {
            source.location = Some(repository.repository_clone_url_http());
            source.git_clone_depth = clone_depth.map(Val::from);
            if *fetch_submodules {
                source.git_submodules_config = Some(cfn::GitSubmodulesConfig::new(true).into());
            }
            version.clone_from(branch_or_ref);
        }
        (source, version)
    }
}
