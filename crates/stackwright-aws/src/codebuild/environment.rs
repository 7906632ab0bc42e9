//! The build environment: image, compute type, privileged mode, and typed environment
//! variables (plain text, Parameter Store, Secrets Manager) with the IAM each kind needs.

use stackwright_core::{Scope, Stack, Val, Value};

use crate::arn::{concat, parse_arn, ArnParts};
use crate::iam::PolicyStatement;
use crate::secretsmanager::Secret;

/// The machine a build runs on (`BUILD_GENERAL1_*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComputeType {
    /// 2 vCPUs, 3 GB (x86) — the default of Linux images.
    Small,
    /// 4 vCPUs, 7 GB — the default of Windows images.
    Medium,
    /// 8 vCPUs, 15 GB — the default of ARM images.
    Large,
    /// 36 vCPUs, 70 GB.
    XLarge,
    /// 72 vCPUs, 145 GB.
    X2Large,
}

impl ComputeType {
    /// CodeBuild's name of the compute type.
    pub fn name(self) -> &'static str {
        match self {
            ComputeType::Small => "BUILD_GENERAL1_SMALL",
            ComputeType::Medium => "BUILD_GENERAL1_MEDIUM",
            ComputeType::Large => "BUILD_GENERAL1_LARGE",
            ComputeType::XLarge => "BUILD_GENERAL1_XLARGE",
            ComputeType::X2Large => "BUILD_GENERAL1_2XLARGE",
        }
    }
}

/// Who pulls the image: CodeBuild (its curated images) or the project's role (any other).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ImagePull {
    CodeBuild,
    ServiceRole,
}

/// A build image: one of CodeBuild's curated images, or any image of a Docker registry.
///
/// ```
/// use stackwright_aws::codebuild::BuildImage;
/// assert_eq!(BuildImage::standard_7_0().image_id().as_value().as_str(), Some("aws/codebuild/standard:7.0"));
/// let rust = BuildImage::from_docker_registry("rust:1");
/// # let _ = rust;
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct BuildImage {
    image_id: Val<String>,
    environment_type: &'static str,
    pull: ImagePull,
    default_compute_type: ComputeType,
    credentials: Option<Secret>,
}

impl BuildImage {
    /// A curated CodeBuild Linux (x86) image by id (`aws/codebuild/standard:7.0`).
    pub fn code_build_image(image_id: impl Into<String>) -> Self {
        BuildImage {
            image_id: Val::from(image_id.into()),
            environment_type: "LINUX_CONTAINER",
            pull: ImagePull::CodeBuild,
            default_compute_type: ComputeType::Small,
            credentials: None,
        }
    }

    /// Ubuntu standard image 7.0 (`aws/codebuild/standard:7.0`), the default.
    pub fn standard_7_0() -> Self {
        Self::code_build_image("aws/codebuild/standard:7.0")
    }

    /// Ubuntu standard image 6.0.
    pub fn standard_6_0() -> Self {
        Self::code_build_image("aws/codebuild/standard:6.0")
    }

    /// Amazon Linux 2 standard image 5.0 (`aws/codebuild/amazonlinux2-x86_64-standard:5.0`).
    pub fn amazon_linux_2_5() -> Self {
        Self::code_build_image("aws/codebuild/amazonlinux2-x86_64-standard:5.0")
    }

    /// Amazon Linux 2 standard image 4.0.
    pub fn amazon_linux_2_4() -> Self {
        Self::code_build_image("aws/codebuild/amazonlinux2-x86_64-standard:4.0")
    }

    /// Amazon Linux 2023 standard image 5.0 (`aws/codebuild/amazonlinux-x86_64-standard:5.0`).
    pub fn amazon_linux_2023_5() -> Self {
        Self::code_build_image("aws/codebuild/amazonlinux-x86_64-standard:5.0")
    }

    /// Amazon Linux 2 ARM image 3.0 (`aws/codebuild/amazonlinux2-aarch64-standard:3.0`),
    /// large by default.
    pub fn amazon_linux_2_arm_3() -> Self {
        BuildImage {
            environment_type: "ARM_CONTAINER",
            default_compute_type: ComputeType::Large,
            ..Self::code_build_image("aws/codebuild/amazonlinux2-aarch64-standard:3.0")
        }
    }

    /// An image of a Docker registry (Docker Hub's `rust:1`, `registry.example.com/img:tag`),
    /// pulled by the project's role.
    pub fn from_docker_registry(name: impl Into<Val<String>>) -> Self {
        BuildImage {
            image_id: name.into(),
            environment_type: "LINUX_CONTAINER",
            pull: ImagePull::ServiceRole,
            default_compute_type: ComputeType::Small,
            credentials: None,
        }
    }

    /// An image of a private registry whose credentials (`{"username":..,"password":..}`) are
    /// in a Secrets Manager secret; the project's role may read the secret.
    pub fn from_docker_registry_with_credentials(
        name: impl Into<Val<String>>,
        credentials: &Secret,
    ) -> Self {
        BuildImage {
            credentials: Some(credentials.clone()),
            ..Self::from_docker_registry(name)
        }
    }

    /// The image id or name.
    pub fn image_id(&self) -> &Val<String> {
        &self.image_id
    }

    pub(crate) fn environment_type(&self) -> &'static str {
        self.environment_type
    }

    pub(crate) fn default_compute_type(&self) -> ComputeType {
        self.default_compute_type
    }

    pub(crate) fn pulled_by_service_role(&self) -> bool {
        self.pull == ImagePull::ServiceRole
    }

    pub(crate) fn credentials(&self) -> Option<&Secret> {
        self.credentials.as_ref()
    }
}

/// Where a build runs: the image, the machine, and Docker's privileged mode.
#[derive(Debug, Clone)]
#[must_use]
pub struct BuildEnvironment {
    pub(crate) image: BuildImage,
    pub(crate) compute_type: Option<ComputeType>,
    pub(crate) privileged: bool,
}

impl Default for BuildEnvironment {
    fn default() -> Self {
        Self::new(BuildImage::standard_7_0())
    }
}

impl BuildEnvironment {
    /// Builds on `image`, on the image's default compute type, unprivileged.
    pub fn new(image: BuildImage) -> Self {
        BuildEnvironment {
            image,
            compute_type: None,
            privileged: false,
        }
    }

    /// The machine (default: the image's default, small for Linux x86).
    pub fn compute_type(mut self, compute_type: ComputeType) -> Self {
        self.compute_type = Some(compute_type);
        self
    }

    /// Privileged mode, needed to build Docker images (default: off).
    pub fn privileged(mut self, on: bool) -> Self {
        self.privileged = on;
        self
    }
}

/// The value of a project environment variable. Secrets are references CodeBuild resolves when
/// the build starts; the project's role is granted exactly what reading them needs.
///
/// ```
/// use stackwright_aws::codebuild::EnvironmentVariable;
/// let stage = EnvironmentVariable::plain_text("prod");
/// let token = EnvironmentVariable::secrets_manager("ci/token:value");
/// # let _ = (stage, token);
/// ```
#[derive(Debug, Clone)]
pub struct EnvironmentVariable {
    kind: VariableKind,
}

#[derive(Debug, Clone)]
pub(crate) enum VariableKind {
    PlainText(Val<String>),
    ParameterStore(String),
    SecretsManager(Val<String>),
    Secret(Box<Secret>, Option<String>),
}

impl EnvironmentVariable {
    /// A plain-text value, visible to anyone who can read the project. A dynamic reference to a
    /// secret here is refused at synthesis.
    pub fn plain_text(value: impl Into<Val<String>>) -> Self {
        Self::of(VariableKind::PlainText(value.into()))
    }

    /// An SSM parameter, by name (`/ci/token` or `ci-token`); the role may `ssm:GetParameters`
    /// it.
    pub fn parameter_store(parameter_name: impl Into<String>) -> Self {
        Self::of(VariableKind::ParameterStore(parameter_name.into()))
    }

    /// A Secrets Manager reference `<secret name or ARN>[:<json key>[:<stage>[:<version id>]]]`;
    /// the role may `secretsmanager:GetSecretValue` it (and decrypt it, for a secret of another
    /// account).
    pub fn secrets_manager(reference: impl Into<Val<String>>) -> Self {
        Self::of(VariableKind::SecretsManager(reference.into()))
    }

    /// A secret of this app (`field`: one JSON field of it); the role may read it, and decrypt
    /// it with its customer-managed key through Secrets Manager.
    pub fn secret(secret: &Secret, field: Option<&str>) -> Self {
        Self::of(VariableKind::Secret(
            Box::new(secret.clone()),
            field.map(str::to_owned),
        ))
    }

    fn of(kind: VariableKind) -> Self {
        EnvironmentVariable { kind }
    }

    pub(crate) fn kind(&self) -> &VariableKind {
        &self.kind
    }

    fn type_name(&self) -> &'static str {
        match self.kind {
            VariableKind::PlainText(_) => "PLAINTEXT",
            VariableKind::ParameterStore(_) => "PARAMETER_STORE",
            VariableKind::SecretsManager(_) | VariableKind::Secret(..) => "SECRETS_MANAGER",
        }
    }

    /// The value written into the project.
    pub(crate) fn value(&self) -> Val<String> {
        match &self.kind {
            VariableKind::PlainText(v) | VariableKind::SecretsManager(v) => v.clone(),
            VariableKind::ParameterStore(name) => Val::from(name.as_str()),
            VariableKind::Secret(secret, None) => secret.secret_arn(),
            VariableKind::Secret(secret, Some(field)) => {
                concat([secret.secret_arn(), Val::from(format!(":{field}"))])
            }
        }
    }

    /// The `{Name, Type, Value}` entry of the project's environment.
    pub(crate) fn render(
        &self,
        name: &str,
    ) -> stackwright_cfn::codebuild::project::EnvironmentVariable {
        stackwright_cfn::codebuild::project::EnvironmentVariable::new(name, self.value())
            .type_(self.type_name())
    }
}

/// The statements a project's role needs to read its environment variables, in aws-cdk-lib's
/// order: `ssm:GetParameters`, `secretsmanager:GetSecretValue`, `kms:Decrypt` (secrets of
/// another account), each on every resource of its kind.
pub(crate) fn variable_statements<'a>(
    scope: &impl Scope,
    variables: impl IntoIterator<Item = &'a EnvironmentVariable>,
) -> Vec<PolicyStatement> {
    let stack_account = Stack::of(scope).and_then(|s| s.environment().account);
    let mut parameters: Vec<Val<String>> = Vec::new();
    let mut secrets: Vec<Val<String>> = Vec::new();
    let mut keys: Vec<Val<String>> = Vec::new();
    let push = |list: &mut Vec<Val<String>>, v: Val<String>| {
        if !list.contains(&v) {
            list.push(v);
        }
    };
    for variable in variables {
        match variable.kind() {
            VariableKind::PlainText(_) => {}
            VariableKind::ParameterStore(name) => {
                let name = name.strip_prefix('/').unwrap_or(name);
                parameters.push(ArnParts::new("ssm", format!("parameter/{name}")).format(scope));
            }
            VariableKind::Secret(secret, _) => push(&mut secrets, secret.arn_for_policies()),
            VariableKind::SecretsManager(reference) => match reference.as_value().as_str() {
                Some(literal) if literal.starts_with("arn:") => {
                    if let Ok(arn) = parse_arn(literal) {
                        let name = arn
                            .resource
                            .strip_prefix("secret:")
                            .unwrap_or(&arn.resource)
                            .split(':')
                            .next()
                            .unwrap_or_default();
                        let prefix = format!(
                            "arn:{}:secretsmanager:{}:{}:secret:",
                            arn.partition, arn.region, arn.account
                        );
                        push(&mut secrets, Val::from(format!("{prefix}{name}*")));
                        if stack_account.as_deref().is_some_and(|a| a != arn.account) {
                            let key = format!(
                                "arn:{}:kms:{}:{}:key/*",
                                arn.partition, arn.region, arn.account
                            );
                            push(&mut keys, Val::from(key));
                        }
                    }
                }
                Some(literal) => {
                    let name = literal.split(':').next().unwrap_or_default();
                    let arn = ArnParts::new("secretsmanager", format!("secret:{name}-??????"))
                        .format(scope);
                    push(&mut secrets, arn);
                }
                None => push(&mut secrets, before_first_colon(reference)),
            },
        }
    }
    let mut statements = Vec::new();
    if !parameters.is_empty() {
        statements.push(
            PolicyStatement::allow()
                .action("ssm:GetParameters")
                .resources(parameters),
        );
    }
    if !secrets.is_empty() {
        statements.push(
            PolicyStatement::allow()
                .action("secretsmanager:GetSecretValue")
                .resources(secrets),
        );
    }
    if !keys.is_empty() {
        statements.push(
            PolicyStatement::allow()
                .action("kms:Decrypt")
                .resources(keys),
        );
    }
    statements
}

/// The secret part of a reference with references in it: the pieces of an `Fn::Join` up to the
/// first `:` of a literal piece (`<arn>:<field>` → `<arn>`); any other value as it is.
fn before_first_colon(reference: &Val<String>) -> Val<String> {
    let Value::Intrinsic("Fn::Join", args) = reference.as_value() else {
        return reference.clone();
    };
    let Some([Value::String(separator), Value::List(parts)]) = args.as_list() else {
        return reference.clone();
    };
    let arn_literal = matches!(parts.first(), Some(Value::String(s)) if s.starts_with("arn:"));
    if !separator.is_empty() || arn_literal {
        return reference.clone();
    }
    let mut kept = Vec::new();
    for part in parts {
        if let Value::String(s) = part {
            if let Some((head, _)) = s.split_once(':') {
                kept.push(Val::from(head));
                break;
            }
        }
        kept.push(Val::<String>::unchecked(part.clone()));
    }
    concat(kept)
}
