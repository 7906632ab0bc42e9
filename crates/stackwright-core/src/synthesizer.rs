//! Stack synthesizers: how a stack's template (and assets) reach its account.

use serde_json::{json, Map as JsonMap, Value as Json};

use crate::environment::Environment;

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

/// The name of the bootstrap role `kind` (`deploy`, `cfn-exec`, `file-publishing`, `lookup`,
/// `image-publishing`) of an environment: `cdk-<qualifier>-<kind>-role-<account>-<region>`, as
/// the CDK's modern bootstrap template names it.
pub fn bootstrap_role_name(qualifier: &str, kind: &str, account: &str, region: &str) -> String {
    format!("cdk-{qualifier}-{kind}-role-{account}-{region}")
}

/// The ARN of the bootstrap role `kind` of an environment as `Fn::Sub` text
/// (`arn:${AWS::Partition}:iam::<account>:role/<name>`, the name from [`bootstrap_role_name`]).
pub fn bootstrap_role_arn_sub(qualifier: &str, kind: &str, account: &str, region: &str) -> String {
    let name = bootstrap_role_name(qualifier, kind, account, region);
    format!("arn:${{AWS::Partition}}:iam::{account}:role/{name}")
}

/// The names of the bootstrap resources of one environment.
pub(crate) struct BootstrapNames<'a> {
    qualifier: &'a str,
    account: String,
    region: String,
    concrete: bool,
}

impl<'a> BootstrapNames<'a> {
    pub(crate) fn new(qualifier: &'a str, env: &Environment) -> Self {
        BootstrapNames {
            qualifier,
            account: env
                .account
                .clone()
                .unwrap_or_else(|| "${AWS::AccountId}".into()),
            region: env
                .region
                .clone()
                .unwrap_or_else(|| "${AWS::Region}".into()),
            concrete: env.account.is_some() && env.region.is_some(),
        }
    }

    /// The `Fn::Sub` text of the ARN of the bootstrap role `kind` (see [`bootstrap_role_name`]).
    pub(crate) fn role_arn(&self, kind: &str) -> String {
        bootstrap_role_arn_sub(self.qualifier, kind, &self.account, &self.region)
    }

    pub(crate) fn bucket_name(&self) -> String {
        format!(
            "cdk-{}-assets-{}-{}",
            self.qualifier, self.account, self.region
        )
    }

    /// True when both account and region are known (no placeholders in the names).
    pub(crate) fn is_concrete(&self) -> bool {
        self.concrete
    }

    pub(crate) fn destination_id(&self) -> String {
        if self.concrete {
            format!("{}-{}", self.account, self.region)
        } else {
            "current_account-current_region".into()
        }
    }

    pub(crate) fn destination(&self, object_key: &str) -> Json {
        let mut d = JsonMap::new();
        d.insert("bucketName".into(), json!(self.bucket_name()));
        d.insert("objectKey".into(), json!(object_key));
        if self.concrete {
            d.insert("region".into(), json!(self.region));
        }
        d.insert(
            "assumeRoleArn".into(),
            json!(self.role_arn("file-publishing")),
        );
        Json::Object(d)
    }
}
