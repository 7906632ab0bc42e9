//! Target environments (account and region) of stacks.

use crate::error::ErrorKind;

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

    /// What is wrong with the account and region given (checked by synthesis, which reports
    /// each problem at the stack or stage that sets the environment).
    pub(crate) fn problems(&self) -> Vec<ErrorKind> {
        let mut out = Vec::new();
        if let Some(account) = self.account.as_ref().filter(|a| !is_account(a)) {
            out.push(ErrorKind::InvalidEnvironment {
                what: "account",
                value: account.clone(),
                expected: "an AWS account id is 12 digits",
            });
        }
        if let Some(region) = self.region.as_ref().filter(|r| !is_region(r)) {
            out.push(ErrorKind::InvalidEnvironment {
                what: "region",
                value: region.clone(),
                expected: "a region is lowercase words and a number joined by hyphens, such as \
                           us-east-2, eu-central-1 or us-gov-west-1",
            });
        }
        out
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

/// Twelve ASCII digits.
fn is_account(account: &str) -> bool {
    account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit())
}

/// A partition prefix (`us`, `cn`, `eusc`), one or more lowercase words (`gov`, `west`), and a
/// number, joined by hyphens.
fn is_region(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    let lowercase = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase());
    match parts.as_slice() {
        [prefix, words @ .., number] => {
            (2..=4).contains(&prefix.len())
                && lowercase(prefix)
                && !words.is_empty()
                && words.iter().all(|w| lowercase(w))
                && !number.is_empty()
                && number.bytes().all(|b| b.is_ascii_digit())
        }
        _ => false,
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

    #[test]
    fn accounts_are_twelve_digits_and_regions_look_like_aws_regions() {
        for region in [
            "us-east-2",
            "eu-central-1",
            "us-gov-west-1",
            "cn-north-1",
            "ap-southeast-5",
            "us-isob-east-1",
            "eusc-de-east-1",
        ] {
            assert!(is_region(region), "{region}");
        }
        for region in [
            "US-East",
            "useast2",
            "us-east",
            "us-east-2a",
            "us--1",
            "",
            "u-east-1",
        ] {
            assert!(!is_region(region), "{region}");
        }
        assert!(is_account("123456789012"));
        for account in ["12345678901", "1234567890123", "12345678901a", ""] {
            assert!(!is_account(account), "{account}");
        }
        let bad = Environment::new("1234", "US-East");
        let problems: Vec<String> = bad.problems().iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].starts_with("invalid account \"1234\""),
            "{problems:?}"
        );
        assert!(
            problems[1].starts_with("invalid region \"US-East\""),
            "{problems:?}"
        );
        assert!(Environment::new("123456789012", "us-east-2")
            .problems()
            .is_empty());
        assert!(Environment::default().problems().is_empty());
    }
}
