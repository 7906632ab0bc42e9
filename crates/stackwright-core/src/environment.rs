//! Target environments (account and region) of stacks.

/// Where a stack is deployed. A missing account or region makes the stack
/// environment-agnostic in that respect (resolved by CloudFormation at deploy time).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
#[must_use]
pub struct Environment {
    /// The 12-digit account id.
    pub account: Option<String>,
    /// The region, e.g. `us-east-2`.
    pub region: Option<String>,
}

impl Environment {
    /// A concrete environment.
    pub fn new(account: impl Into<String>, region: impl Into<String>) -> Self {
        Environment {
            account: Some(account.into()),
            region: Some(region.into()),
        }
    }

    /// The environment the CDK CLI runs in (`CDK_DEFAULT_ACCOUNT`, `CDK_DEFAULT_REGION`);
    /// what is not set stays agnostic.
    pub fn from_cli() -> Self {
        Self::from_variables(|k| std::env::var(k).ok())
    }

    fn from_variables(var: impl Fn(&str) -> Option<String>) -> Self {
        let var = |k: &str| var(k).filter(|v| !v.is_empty());
        Environment {
            account: var("CDK_DEFAULT_ACCOUNT"),
            region: var("CDK_DEFAULT_REGION"),
        }
    }

    /// True when neither account nor region is set.
    pub fn is_agnostic(&self) -> bool {
        self.account.is_none() && self.region.is_none()
    }

    /// Fills what this environment leaves open from `parent`.
    pub(crate) fn or(&self, parent: &Environment) -> Environment {
        Environment {
            account: self.account.clone().or_else(|| parent.account.clone()),
            region: self.region.clone().or_else(|| parent.region.clone()),
        }
    }

    /// `aws://<account>/<region>` with `unknown-account` / `unknown-region` for what is open.
    pub fn uri(&self) -> String {
        format!(
            "aws://{}/{}",
            self.account.as_deref().unwrap_or("unknown-account"),
            self.region.as_deref().unwrap_or("unknown-region")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cli_environment_comes_from_its_variables() {
        let env = Environment::from_variables(|k| match k {
            "CDK_DEFAULT_ACCOUNT" => Some("123456789012".into()),
            "CDK_DEFAULT_REGION" => Some(String::new()),
            _ => None,
        });
        assert_eq!(
            env,
            Environment {
                account: Some("123456789012".into()),
                region: None
            }
        );
        assert_eq!(env.uri(), "aws://123456789012/unknown-region");
    }

    #[test]
    fn a_stage_fills_what_a_stack_leaves_open() {
        let stack = Environment {
            account: None,
            region: Some("eu-west-1".into()),
        };
        let stage = Environment::new("111111111111", "us-east-2");
        assert_eq!(
            stack.or(&stage),
            Environment::new("111111111111", "eu-west-1")
        );
    }
}
