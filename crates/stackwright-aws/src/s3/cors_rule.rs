//! CORS rules: which origins may call the bucket from a browser, with which methods and headers.

use stackwright_cfn::s3::bucket as cfn;

/// The HTTP methods a CORS rule allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `PUT`.
    Put,
    /// `HEAD`.
    Head,
    /// `POST`.
    Post,
    /// `DELETE`.
    Delete,
}

impl HttpMethod {
    /// The method's name, e.g. `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Head => "HEAD",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
        }
    }
}

/// One cross-origin resource sharing rule.
///
/// ```
/// use stackwright_aws::s3::{CorsRule, HttpMethod};
/// let rule = CorsRule::new([HttpMethod::Get, HttpMethod::Put], ["https://example.com"])
///     .allowed_headers(["*"])
///     .max_age_seconds(3000);
/// # let _ = rule;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct CorsRule {
    allowed_methods: Vec<HttpMethod>,
    allowed_origins: Vec<String>,
    allowed_headers: Vec<String>,
    exposed_headers: Vec<String>,
    id: Option<String>,
    max_age_seconds: Option<u32>,
}

impl CorsRule {
    /// Lets `allowed_origins` (each with at most one `*`) use `allowed_methods`.
    pub fn new<S: Into<String>>(
        allowed_methods: impl IntoIterator<Item = HttpMethod>,
        allowed_origins: impl IntoIterator<Item = S>,
    ) -> Self {
        CorsRule {
            allowed_methods: allowed_methods.into_iter().collect(),
            allowed_origins: allowed_origins.into_iter().map(Into::into).collect(),
            allowed_headers: Vec::new(),
            exposed_headers: Vec::new(),
            id: None,
            max_age_seconds: None,
        }
    }

    /// Headers a preflight request may ask for (each with at most one `*`).
    pub fn allowed_headers<S: Into<String>>(
        mut self,
        headers: impl IntoIterator<Item = S>,
    ) -> Self {
        self.allowed_headers
            .extend(headers.into_iter().map(Into::into));
        self
    }

    /// Response headers the browser may read.
    pub fn exposed_headers<S: Into<String>>(
        mut self,
        headers: impl IntoIterator<Item = S>,
    ) -> Self {
        self.exposed_headers
            .extend(headers.into_iter().map(Into::into));
        self
    }

    /// An id (up to 255 characters).
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// How long a browser may cache the preflight response.
    pub fn max_age_seconds(mut self, seconds: u32) -> Self {
        self.max_age_seconds = Some(seconds);
        self
    }

    /// What S3 would refuse in this rule.
    pub(crate) fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.allowed_methods.is_empty() {
            problems.push("allows no method; give at least one".to_owned());
        }
        if self.allowed_origins.is_empty() {
            problems.push("allows no origin; give at least one".to_owned());
        }
        for (what, values) in [
            ("origin", &self.allowed_origins),
            ("header", &self.allowed_headers),
        ] {
            for value in values.iter().filter(|v| v.matches('*').count() > 1) {
                problems.push(format!(
                    "allows the {what} {value:?}, which has more than one '*' wildcard"
                ));
            }
        }
        if self
            .id
            .as_ref()
            .is_some_and(|id| id.is_empty() || id.chars().count() > 255)
        {
            problems.push("must have an id of 1 to 255 characters".to_owned());
        }
        problems
    }

    /// The rule as CloudFormation's `CorsRule`.
    pub(crate) fn render(&self) -> cfn::CorsRule {
        let methods: Vec<&str> = self.allowed_methods.iter().map(|m| m.as_str()).collect();
        let mut rule = cfn::CorsRule::new(methods, self.allowed_origins.clone());
        rule.id = self.id.as_deref().map(Into::into);
        rule.max_age = self.max_age_seconds.map(Into::into);
        if !self.allowed_headers.is_empty() {
            rule.allowed_headers = Some(self.allowed_headers.clone().into());
        }
        if !self.exposed_headers.is_empty() {
            rule.exposed_headers = Some(self.exposed_headers.clone().into());
        }
        rule
    }
}
