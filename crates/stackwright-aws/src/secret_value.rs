//! `SecretValue`: how every construct takes a secret (a token, a password). The value is a
//! reference CloudFormation resolves at deployment (a Secrets Manager or SSM SecureString dynamic
//! reference, or a `NoEcho` template parameter), so no secret is written into a template; a
//! plain-text value exists only as a named escape hatch that warns at synthesis.

use std::fmt;

use stackwright_core::{CfnParameter, ParameterProps, Scope, Val};

use crate::arn::concat;

/// A secret, given to a construct without its plain text appearing in the template.
///
/// ```
/// use stackwright_aws::{SecretValue, SecretsManagerSecretOptions};
/// let token = SecretValue::secrets_manager(
///     "github-token",
///     SecretsManagerSecretOptions::new().json_field("token"),
/// );
/// assert!(!token.is_plain_text());
/// let password = SecretValue::ssm_secure("/prod/db/password", Some(3));
/// assert!(!password.is_plain_text());
/// ```
#[derive(Clone)]
pub struct SecretValue {
    value: Val<String>,
    plain_text: bool,
    problem: Option<String>,
}

/// Which secret of Secrets Manager, and which part of it, a [`SecretValue`] reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct SecretsManagerSecretOptions {
    json_field: Option<String>,
    version_stage: Option<String>,
    version_id: Option<String>,
}

impl SecretsManagerSecretOptions {
    /// The whole secret string, current version.
    pub fn new() -> Self {
        Self::default()
    }

    /// One field of a secret string that is a JSON object.
    pub fn json_field(mut self, field: impl Into<String>) -> Self {
        self.json_field = Some(field.into());
        self
    }

    /// A version stage (`AWSCURRENT`, `AWSPREVIOUS`, ...); replaces a version id.
    pub fn version_stage(mut self, stage: impl Into<String>) -> Self {
        self.version_stage = Some(stage.into());
        self.version_id = None;
        self
    }

    /// A version id; replaces a version stage.
    pub fn version_id(mut self, id: impl Into<String>) -> Self {
        self.version_id = Some(id.into());
        self.version_stage = None;
        self
    }
}

impl SecretValue {
    /// `{{resolve:secretsmanager:<secret>:SecretString:<field>:<stage>:<version id>}}`: a secret
    /// of Secrets Manager by name or ARN (which may be a reference, such as a created secret's
    /// ARN).
    pub fn secrets_manager(
        secret_id: impl Into<Val<String>>,
        options: SecretsManagerSecretOptions,
    ) -> Self {
        let secret_id = secret_id.into();
        let problem = match secret_id.as_value().as_str() {
            Some("") => Some("the secret id of a Secrets Manager reference is empty".to_owned()),
            Some(id) if id.contains("{{") || id.contains("}}") => Some(format!(
                "the secret id {id:?} of a Secrets Manager reference cannot contain {{{{ or }}}}"
            )),
            _ => None,
        };
        let suffix = format!(
            ":SecretString:{}:{}:{}}}}}",
            options.json_field.unwrap_or_default(),
            options.version_stage.unwrap_or_default(),
            options.version_id.unwrap_or_default()
        );
        SecretValue {
            value: concat([
                Val::from("{{resolve:secretsmanager:"),
                secret_id,
                Val::from(suffix),
            ]),
            plain_text: false,
            problem,
        }
    }

    /// `{{resolve:ssm-secure:<name>[:<version>]}}`: an SSM SecureString parameter (only some
    /// resource properties accept it; CloudFormation says which).
    pub fn ssm_secure(parameter_name: &str, version: Option<u32>) -> Self {
        let problem = if parameter_name.is_empty() {
            Some("the name of an SSM SecureString reference is empty".to_owned())
        } else if version == Some(0) {
            Some(format!(
                "the version of SSM SecureString {parameter_name:?} must be at least 1"
            ))
        } else {
            None
        };
        SecretValue {
            value: stackwright_core::DynamicReference::ssm_secure(parameter_name, version),
            plain_text: false,
            problem,
        }
    }

    /// A template parameter with `NoEcho` set (whatever `props` says), created in `scope`; the
    /// secret is given at deployment and never shown by CloudFormation.
    pub fn no_echo_parameter(scope: &impl Scope, id: &str, props: ParameterProps) -> Self {
        let props = ParameterProps {
            no_echo: Some(true),
            ..props
        };
        let parameter = CfnParameter::new(scope, id, props);
        SecretValue {
            value: parameter.value_as_string(),
            plain_text: false,
            problem: None,
        }
    }

    /// A secret written into the template in plain text, where anyone who can read the template
    /// (or the stack in the console) sees it. Each use records a warning on the construct that
    /// takes it. Prefer any other constructor.
    pub fn unsafe_plain_text(secret: impl Into<String>) -> Self {
        SecretValue {
            value: Val::from(secret.into()),
            plain_text: true,
            problem: None,
        }
    }

    /// True for [`SecretValue::unsafe_plain_text`].
    pub fn is_plain_text(&self) -> bool {
        self.plain_text
    }

    /// The value to put into a property of `used_by` (a construct or an L1 resource). A
    /// plain-text secret records a warning there, a malformed reference an error.
    pub fn to_val(&self, used_by: &impl Scope) -> Val<String> {
        let node = used_by.node();
        if let Some(problem) = &self.problem {
            node.add_error(problem.clone());
        }
        if self.plain_text {
            node.add_warning(
                "a secret is written into the template in plain text \
                 (SecretValue::unsafe_plain_text): use a Secrets Manager or SSM SecureString \
                 reference or a NoEcho parameter",
            );
        }
        self.value.clone()
    }
}

impl fmt::Debug for SecretValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.plain_text {
            f.write_str("SecretValue(<plain text, hidden>)")
        } else {
            f.debug_tuple("SecretValue").field(&self.value).finish()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use stackwright_core::{Aws, Fn};

    #[test]
    fn references_have_the_cdk_shape() {
        let whole = SecretValue::secrets_manager("db", SecretsManagerSecretOptions::new());
        assert_eq!(
            whole.value.as_value().as_str(),
            Some("{{resolve:secretsmanager:db:SecretString:::}}")
        );
        let field = SecretValue::secrets_manager(
            "foo",
            SecretsManagerSecretOptions::new()
                .json_field("a")
                .version_id("v1")
                .version_stage("AWSCURRENT"),
        );
        assert_eq!(
            field.value.as_value().as_str(),
            Some("{{resolve:secretsmanager:foo:SecretString:a:AWSCURRENT:}}")
        );
        let by_arn = SecretValue::secrets_manager(
            Fn::join("", [Val::from("arn:"), Aws::partition(), Val::from(":x")]),
            SecretsManagerSecretOptions::new(),
        );
        assert_eq!(
            by_arn.value,
            Fn::join(
                "",
                [
                    Val::from("{{resolve:secretsmanager:arn:"),
                    Aws::partition(),
                    Val::from(":x:SecretString:::}}"),
                ]
            )
        );
    }

    #[test]
    fn plain_text_is_hidden_from_debug_output() {
        let secret = SecretValue::unsafe_plain_text("hunter2");
        assert!(secret.is_plain_text());
        assert!(!format!("{secret:?}").contains("hunter2"));
    }
}
