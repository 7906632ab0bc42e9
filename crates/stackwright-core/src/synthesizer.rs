//! Stack synthesizers: how a stack's template (and assets) reach its account.

/// The bootstrap qualifier the CDK uses unless told otherwise.
pub const DEFAULT_QUALIFIER: &str = "hnb659fds";

/// How a stack is synthesized and deployed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Synthesizer {
    /// Like the CDK's `DefaultStackSynthesizer`: the template and assets are published to the
    /// bootstrap bucket, and deployment assumes the bootstrap roles. Adds the
    /// `BootstrapVersion` parameter and `CheckBootstrapVersion` rule.
    Bootstrapped {
        /// The bootstrap qualifier (default `hnb659fds`).
        qualifier: String,
        /// Add the bootstrap-version parameter and rule to the template (default true).
        generate_bootstrap_version_rule: bool,
    },
    /// Plain templates for `aws cloudformation deploy`: no bootstrap, no roles, no parameter.
    Bootstrapless,
}

impl Default for Synthesizer {
    fn default() -> Self {
        Synthesizer::bootstrapped(DEFAULT_QUALIFIER)
    }
}

impl Synthesizer {
    /// The bootstrap-aware synthesizer with a qualifier.
    pub fn bootstrapped(qualifier: impl Into<String>) -> Self {
        Synthesizer::Bootstrapped {
            qualifier: qualifier.into(),
            generate_bootstrap_version_rule: true,
        }
    }

    /// The minimum bootstrap stack version deployments need.
    pub const REQUIRED_BOOTSTRAP_VERSION: u32 = 6;
    /// The minimum bootstrap stack version lookups need.
    pub const LOOKUP_BOOTSTRAP_VERSION: u32 = 8;
}
