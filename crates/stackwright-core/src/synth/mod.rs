//! Synthesis (work in progress stub).
use std::collections::BTreeMap;
use std::path::Path;

use crate::environment::Environment;
use crate::error::SynthErrors;
use crate::tree::Node;

/// The cloud assembly schema version written.
pub const ASSEMBLY_VERSION: &str = "55.0.0";

/// A synthesized cloud assembly, in memory.
#[derive(Debug, Clone, Default)]
pub struct CloudAssembly {
    files: BTreeMap<String, Vec<u8>>,
    stacks: Vec<StackArtifact>,
}

/// One synthesized stack.
#[derive(Debug, Clone)]
pub struct StackArtifact {
    /// The artifact id.
    pub artifact_id: String,
    /// The display name (the construct path).
    pub display_name: String,
    /// The CloudFormation stack name.
    pub stack_name: String,
    /// The environment.
    pub environment: Environment,
    /// The template.
    pub template: serde_json::Value,
}

impl CloudAssembly {
    /// Writes the assembly.
    pub fn write_to(&self, _dir: &Path) -> Result<(), SynthErrors> {
        Ok(())
    }
    /// The stacks.
    pub fn stacks(&self) -> &[StackArtifact] {
        let _ = &self.files;
        &self.stacks
    }
}

pub(crate) fn assemble(_root: &Node) -> Result<CloudAssembly, SynthErrors> {
    Ok(CloudAssembly::default())
}
