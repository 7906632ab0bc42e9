//! `Artifact`: a named artifact actions produce and consume, and `ArtifactPath`: a file in one.

/// An artifact of a pipeline: the output of one action, the input of later ones. Its name is
/// 1 to 100 letters, digits, `_` and `-` (checked when an action using it is added).
///
/// ```
/// use stackwright_aws::codepipeline::Artifact;
/// let synth = Artifact::new("Synth");
/// assert_eq!(synth.at_path("app.template.json").location(), "Synth::app.template.json");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Artifact {
    name: String,
}

impl Artifact {
    /// An artifact named `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Artifact { name: name.into() }
    }

    /// The artifact's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The file `file_name` in this artifact.
    pub fn at_path(&self, file_name: impl Into<String>) -> ArtifactPath {
        ArtifactPath {
            artifact: self.clone(),
            file_name: file_name.into(),
        }
    }

    /// What CodePipeline refuses in the name, if anything.
    pub(crate) fn problem(&self) -> Option<String> {
        let valid = (1..=100).contains(&self.name.len())
            && self
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        (!valid).then(|| {
            format!(
                "artifact name {:?} must be 1 to 100 letters, digits, '_' and '-'",
                self.name
            )
        })
    }
}

/// A file inside an artifact (`<artifact>::<file>`), such as a CloudFormation template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArtifactPath {
    artifact: Artifact,
    file_name: String,
}

impl ArtifactPath {
    /// The artifact the file is in.
    pub fn artifact(&self) -> &Artifact {
        &self.artifact
    }

    /// The file's name inside the artifact.
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// `<artifact>::<file>`, as CodePipeline's actions take it.
    pub fn location(&self) -> String {
        format!("{}::{}", self.artifact.name, self.file_name)
    }
}
