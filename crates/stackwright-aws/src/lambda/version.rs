//! `Version` (an immutable snapshot of a function) and `Alias` (a name pointing at a version).

use stackwright_cfn::lambda::{CfnAlias, CfnAliasProps, CfnVersion, CfnVersionProps};
use stackwright_core::{Construct, Node, Scope, Val};

use super::function::Function;
use crate::validate::{check_chars, check_literal, report};

/// Options of a [`Version`].
#[derive(Debug, Clone)]
#[must_use]
pub struct VersionProps {
    function: Function,
    description: Option<String>,
}

impl VersionProps {
    /// A version of `function`.
    pub fn new(function: &Function) -> Self {
        VersionProps {
            function: function.clone(),
            description: None,
        }
    }

    /// A description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }
}

/// A published version of a function.
#[derive(Debug, Clone)]
pub struct Version {
    construct: Construct,
    resource: CfnVersion,
    function: Function,
}

impl Scope for Version {
    fn node(&self) -> &Node {
        self.construct.node()
    }
}

impl Version {
    /// Publishes a version of the function.
    pub fn new(scope: &impl Scope, id: &str, props: VersionProps) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.lambda.Version");
        let mut cfn = CfnVersionProps::new(props.function.function_name());
        cfn.description = props.description.map(Val::from);
        let resource = CfnVersion::new(&construct, "Resource", cfn);
        // As the CDK marks it: `cdk refactor` must not move a version (it would publish anew).
        resource.add_resource_metadata("aws:cdk:do-not-refactor", true);
        Version {
            construct,
            resource,
            function: props.function,
        }
    }

    /// The version number.
    pub fn version(&self) -> Val<String> {
        self.resource.attr_version()
    }

    /// The function it is a version of.
    pub fn function(&self) -> &Function {
        &self.function
    }

    /// The L1 resource (escape hatch).
    pub fn resource(&self) -> &CfnVersion {
        &self.resource
    }
}

/// Options of an [`Alias`].
#[derive(Debug, Clone)]
#[must_use]
pub struct AliasProps {
    name: String,
    version: Version,
    description: Option<String>,
}

impl AliasProps {
    /// An alias `name` pointing at `version`.
    pub fn new(name: impl Into<String>, version: &Version) -> Self {
        AliasProps {
            name: name.into(),
            version: version.clone(),
            description: None,
        }
    }

    /// A description.
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }
}

/// A function alias.
#[derive(Debug, Clone)]
pub struct Alias {
    construct: Construct,
    resource: CfnAlias,
}

impl Scope for Alias {
    fn node(&self) -> &Node {
        self.construct.node()
    }
}

impl Alias {
    /// Creates the alias; a name Lambda refuses is reported with its path.
    pub fn new(scope: &impl Scope, id: &str, props: AliasProps) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.lambda.Alias");
        let name = Val::from(props.name.as_str());
        report(
            construct.node(),
            check_literal("alias name", &name, |s| {
                let starts_with_digit = s.chars().next().is_some_and(|c| c.is_ascii_digit());
                if starts_with_digit {
                    return Err("must not start with a digit".into());
                }
                check_chars(
                    s,
                    1,
                    128,
                    |c| c.is_ascii_alphanumeric() || c == '-' || c == '_',
                    "letters, digits, - and _",
                )
            }),
        );
        let mut cfn = CfnAliasProps::new(
            props.version.function().function_name(),
            props.version.version(),
            name,
        );
        cfn.description = props.description.map(Val::from);
        let resource = CfnAlias::new(&construct, "Resource", cfn);
        Alias {
            construct,
            resource,
        }
    }

    /// The alias ARN.
    pub fn alias_arn(&self) -> Val<String> {
        self.resource.ref_value()
    }

    /// The L1 resource (escape hatch).
    pub fn resource(&self) -> &CfnAlias {
        &self.resource
    }
}
