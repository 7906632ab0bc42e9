//! `Alias`: a friendly name (`alias/...`) for a key.

use stackwright_cfn::kms::{CfnAlias, CfnAliasProps};
use stackwright_core::{Construct, Node, Scope, Val};

use super::key::Key;
use crate::validate::{check_chars, check_literal, report};

/// Options of an [`Alias`].
#[derive(Debug, Clone)]
#[must_use]
pub struct AliasProps {
    alias_name: String,
    target_key: Key,
}

impl AliasProps {
    /// An alias named `alias_name` (`alias/` is added when missing) for `target_key`.
    pub fn new(alias_name: impl Into<String>, target_key: &Key) -> Self {
        AliasProps {
            alias_name: alias_name.into(),
            target_key: target_key.clone(),
        }
    }
}

/// A KMS alias.
#[derive(Debug, Clone)]
pub struct Alias {
    construct: Construct,
    resource: CfnAlias,
    alias_name: String,
}

impl Scope for Alias {
    fn node(&self) -> &Node {
        self.construct.node()
    }
}

impl Alias {
    /// Creates the alias; a name that KMS refuses is reported with its path.
    pub fn new(scope: &impl Scope, id: &str, props: AliasProps) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.kms.Alias");
        let alias_name = if props.alias_name.starts_with("alias/") {
            props.alias_name
        } else {
            format!("alias/{}", props.alias_name)
        };
        report(construct.node(), check_alias_name(&alias_name));
        let resource = CfnAlias::new(
            &construct,
            "Resource",
            CfnAliasProps::new(alias_name.as_str(), props.target_key.key_arn()),
        );
        Alias {
            construct,
            resource,
            alias_name,
        }
    }

    /// The alias name, `alias/...`.
    pub fn alias_name(&self) -> &str {
        &self.alias_name
    }

    /// The L1 resource (escape hatch).
    pub fn resource(&self) -> &CfnAlias {
        &self.resource
    }
}

fn check_alias_name(name: &str) -> Result<(), String> {
    if name.starts_with("alias/aws/") {
        return Err(format!(
            "alias {name:?} cannot start with \"alias/aws/\" (reserved for AWS-managed keys)"
        ));
    }
    check_literal("alias", &Val::from(name), |s| {
        check_chars(
            s,
            7,
            256,
            |c| c.is_ascii_alphanumeric() || "/_-".contains(c),
            "letters, digits and /_-",
        )
    })
}
