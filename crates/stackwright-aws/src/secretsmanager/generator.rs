//! `SecretStringGenerator`: how Secrets Manager generates a secret's value.

use stackwright_cfn::secretsmanager::secret::GenerateSecretString;

/// How Secrets Manager generates a secret's value: a random password of letters, digits and
/// punctuation (32 characters unless set), alone or as one field of a JSON template.
///
/// ```
/// use serde_json::json;
/// use stackwright_aws::secretsmanager::SecretStringGenerator;
/// let generator = SecretStringGenerator::new()
///     .password_length(24)
///     .exclude_characters("\"@/\\")
///     .require_each_included_type(true)
///     .secret_string_template(json!({"username": "app"}), "password");
/// assert!(generator.problems().is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct SecretStringGenerator {
    password_length: Option<i64>,
    exclude_characters: Option<String>,
    exclude_punctuation: Option<bool>,
    exclude_uppercase: Option<bool>,
    exclude_lowercase: Option<bool>,
    exclude_numbers: Option<bool>,
    include_space: Option<bool>,
    require_each_included_type: Option<bool>,
    template: Option<(serde_json::Value, String)>,
}

impl SecretStringGenerator {
    /// Secrets Manager's defaults: 32 characters of letters, digits and punctuation.
    pub fn new() -> Self {
        Self::default()
    }

    /// The password length, 1 to 4,096 (default 32).
    pub fn password_length(mut self, length: i64) -> Self {
        self.password_length = Some(length);
        self
    }

    /// Characters never used (quotes, `@`, `/` and `\` often break connection strings).
    pub fn exclude_characters(mut self, characters: impl Into<String>) -> Self {
        self.exclude_characters = Some(characters.into());
        self
    }

    /// No punctuation (``!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~``).
    pub fn exclude_punctuation(mut self, on: bool) -> Self {
        self.exclude_punctuation = Some(on);
        self
    }

    /// No uppercase letters.
    pub fn exclude_uppercase(mut self, on: bool) -> Self {
        self.exclude_uppercase = Some(on);
        self
    }

    /// No lowercase letters.
    pub fn exclude_lowercase(mut self, on: bool) -> Self {
        self.exclude_lowercase = Some(on);
        self
    }

    /// No digits.
    pub fn exclude_numbers(mut self, on: bool) -> Self {
        self.exclude_numbers = Some(on);
        self
    }

    /// May include the space character.
    pub fn include_space(mut self, on: bool) -> Self {
        self.include_space = Some(on);
        self
    }

    /// At least one character of every included type.
    pub fn require_each_included_type(mut self, on: bool) -> Self {
        self.require_each_included_type = Some(on);
        self
    }

    /// Generates a JSON object: `template` (an object, such as `{"username": "admin"}`) with the
    /// generated password added under `generate_string_key`. The template and the key always go
    /// together, so neither can be forgotten.
    pub fn secret_string_template(
        mut self,
        template: serde_json::Value,
        generate_string_key: impl Into<String>,
    ) -> Self {
        self.template = Some((template, generate_string_key.into()));
        self
    }

    /// What Secrets Manager would refuse: a length out of range, a template that is not a JSON
    /// object, nothing left to generate from.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if let Some(length) = self.password_length {
            if let Err(e) = crate::validate::check_range("the password length", length, 1, 4096) {
                problems.push(e);
            }
        }
        if let Some(excluded) = &self.exclude_characters {
            if excluded.chars().count() > 4096 {
                problems.push("at most 4,096 characters can be excluded".to_owned());
            }
        }
        let all_classes_excluded = [
            self.exclude_punctuation,
            self.exclude_uppercase,
            self.exclude_lowercase,
            self.exclude_numbers,
        ]
        .iter()
        .all(|e| *e == Some(true));
        if all_classes_excluded && self.include_space != Some(true) {
            problems.push(
                "the generated value has no characters to use: punctuation, uppercase, \
                 lowercase and digits are all excluded"
                    .to_owned(),
            );
        }
        if let Some((template, key)) = &self.template {
            if !template.is_object() {
                problems.push(format!(
                    "the secret string template must be a JSON object, not {template}"
                ));
            }
            if key.is_empty() {
                problems.push("the generate string key is empty".to_owned());
            }
        }
        problems
    }

    /// The L1 property value.
    pub(crate) fn to_cfn(&self) -> GenerateSecretString {
        let mut cfn = GenerateSecretString::new();
        cfn.password_length = self.password_length.map(Into::into);
        cfn.exclude_characters = self.exclude_characters.clone().map(Into::into);
        cfn.exclude_punctuation = self.exclude_punctuation.map(Into::into);
        cfn.exclude_uppercase = self.exclude_uppercase.map(Into::into);
        cfn.exclude_lowercase = self.exclude_lowercase.map(Into::into);
        cfn.exclude_numbers = self.exclude_numbers.map(Into::into);
        cfn.include_space = self.include_space.map(Into::into);
        cfn.require_each_included_type = self.require_each_included_type.map(Into::into);
        if let Some((template, key)) = &self.template {
            cfn.secret_string_template = Some(template.to_string().into());
            cfn.generate_string_key = Some(key.clone().into());
        }
        cfn
    }
}
