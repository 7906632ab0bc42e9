//! `BuildSpec`: a typed CodeBuild buildspec (version 0.2), written into the project as JSON text
//! exactly as aws-cdk-lib's `BuildSpec.fromObject` writes it (`JSON.stringify(spec, null, 2)`,
//! references joined in with `Fn::Join`).

use indexmap::IndexMap;
use stackwright_core::{Val, Value};

/// The version every buildspec written here declares.
pub const BUILD_SPEC_VERSION: &str = "0.2";

/// The `env` section: variables, parameters and secrets the build sees.
///
/// Values of [`BuildSpecEnv::variable`] are plain text in the project; secrets belong in
/// [`BuildSpecEnv::secrets_manager`] (or [`BuildSpecEnv::parameter_store`] for SecureString
/// parameters), which CodeBuild resolves when the build starts. The project's role needs read
/// access to them (`Project::add_to_role_policy`): aws-cdk-lib grants nothing for the buildspec's
/// `env`, and neither does stackwright (typed project environment variables grant themselves).
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct BuildSpecEnv {
    shell: Option<String>,
    variables: IndexMap<String, Val<String>>,
    parameter_store: IndexMap<String, String>,
    exported_variables: Vec<String>,
    secrets_manager: IndexMap<String, Val<String>>,
}

impl BuildSpecEnv {
    /// Nothing set yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The shell commands run in (`bash`, `/bin/sh`; default: CodeBuild's).
    pub fn shell(mut self, shell: impl Into<String>) -> Self {
        self.shell = Some(shell.into());
        self
    }

    /// A plain-text variable (never a secret: its value is visible in the project).
    pub fn variable(mut self, name: impl Into<String>, value: impl Into<Val<String>>) -> Self {
        self.variables.insert(name.into(), value.into());
        self
    }

    /// A variable read from the SSM parameter `parameter_name` when the build starts.
    pub fn parameter_store(
        mut self,
        name: impl Into<String>,
        parameter_name: impl Into<String>,
    ) -> Self {
        self.parameter_store
            .insert(name.into(), parameter_name.into());
        self
    }

    /// A variable read from Secrets Manager when the build starts: `reference` is
    /// `<secret id or ARN>[:<json key>[:<version stage>[:<version id>]]]`.
    pub fn secrets_manager(
        mut self,
        name: impl Into<String>,
        reference: impl Into<Val<String>>,
    ) -> Self {
        self.secrets_manager.insert(name.into(), reference.into());
        self
    }

    /// Variables exported to later pipeline actions.
    pub fn exported_variables<S: Into<String>>(
        mut self,
        names: impl IntoIterator<Item = S>,
    ) -> Self {
        self.exported_variables
            .extend(names.into_iter().map(Into::into));
        self
    }

    fn to_value(&self) -> Value {
        let mut out: Vec<(&str, Value)> = Vec::new();
        if let Some(shell) = &self.shell {
            out.push(("shell", Value::from(shell.as_str())));
        }
        if !self.variables.is_empty() {
            out.push(("variables", string_map(&self.variables)));
        }
        if !self.parameter_store.is_empty() {
            let entries = self
                .parameter_store
                .iter()
                .map(|(k, v)| (k.clone(), Value::from(v.as_str())));
            out.push(("parameter-store", Value::Map(entries.collect())));
        }
        if !self.exported_variables.is_empty() {
            let names = self.exported_variables.iter().map(String::as_str);
            out.push(("exported-variables", Value::list_of(names)));
        }
        if !self.secrets_manager.is_empty() {
            out.push(("secrets-manager", string_map(&self.secrets_manager)));
        }
        Value::map_of(out)
    }

    fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let names = self
            .variables
            .keys()
            .chain(self.parameter_store.keys())
            .chain(self.secrets_manager.keys())
            .chain(&self.exported_variables);
        for name in names {
            problems.extend(check_variable_name(name).err());
        }
        for (name, value) in &self.variables {
            if holds_secret_reference(value.as_value()) {
                problems.push(format!(
                    "buildspec variable {name:?} holds a secret reference in plain text: use \
                     BuildSpecEnv::secrets_manager (or parameter_store) instead"
                ));
            }
        }
        for (name, parameter) in &self.parameter_store {
            if parameter.is_empty() {
                problems.push(format!("buildspec parameter {name:?} names no parameter"));
            }
        }
        problems
    }
}

/// What a failing phase does to the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnFailure {
    /// Stop the build (CodeBuild's default).
    Abort,
    /// Go on with the next phase.
    Continue,
}

/// One phase of the build: its runtime versions (install phase only), commands and `finally`
/// commands.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct Phase {
    run_as: Option<String>,
    on_failure: Option<OnFailure>,
    runtime_versions: IndexMap<String, String>,
    commands: Vec<Val<String>>,
    finally: Vec<Val<String>>,
}

impl Phase {
    /// An empty phase; give it commands.
    pub fn new() -> Self {
        Self::default()
    }

    /// A phase running `commands`.
    pub fn commands<V: Into<Val<String>>>(commands: impl IntoIterator<Item = V>) -> Self {
        Self::new().command_list(commands)
    }

    /// Adds a command (a literal, or text with references such as a bucket name).
    pub fn command(mut self, command: impl Into<Val<String>>) -> Self {
        self.commands.push(command.into());
        self
    }

    /// Adds commands.
    pub fn command_list<V: Into<Val<String>>>(
        mut self,
        commands: impl IntoIterator<Item = V>,
    ) -> Self {
        self.commands.extend(commands.into_iter().map(Into::into));
        self
    }

    /// Commands run even when a command of the phase fails.
    pub fn finally<V: Into<Val<String>>>(mut self, commands: impl IntoIterator<Item = V>) -> Self {
        self.finally.extend(commands.into_iter().map(Into::into));
        self
    }

    /// A runtime the standard images install (`nodejs` → `20`, `python` → `3.12`); the
    /// install phase only.
    pub fn runtime_version(
        mut self,
        runtime: impl Into<String>,
        version: impl Into<String>,
    ) -> Self {
        self.runtime_versions.insert(runtime.into(), version.into());
        self
    }

    /// The Linux user the phase runs as.
    pub fn run_as(mut self, user: impl Into<String>) -> Self {
        self.run_as = Some(user.into());
        self
    }

    /// What a failure of the phase does (default: abort the build).
    pub fn on_failure(mut self, on_failure: OnFailure) -> Self {
        self.on_failure = Some(on_failure);
        self
    }

    fn to_value(&self) -> Value {
        let mut out: Vec<(&str, Value)> = Vec::new();
        if let Some(user) = &self.run_as {
            out.push(("run-as", Value::from(user.as_str())));
        }
        if let Some(on_failure) = self.on_failure {
            let name = match on_failure {
                OnFailure::Abort => "ABORT",
                OnFailure::Continue => "CONTINUE",
            };
            out.push(("on-failure", Value::from(name)));
        }
        if !self.runtime_versions.is_empty() {
            let entries = self
                .runtime_versions
                .iter()
                .map(|(k, v)| (k.clone(), Value::from(v.as_str())));
            out.push(("runtime-versions", Value::Map(entries.collect())));
        }
        if !self.commands.is_empty() {
            out.push(("commands", values(&self.commands)));
        }
        if !self.finally.is_empty() {
            out.push(("finally", values(&self.finally)));
        }
        Value::map_of(out)
    }

    fn problems(&self, name: &str) -> Vec<String> {
        let mut problems = Vec::new();
        if !self.runtime_versions.is_empty() && name != "install" {
            problems.push(format!(
                "the {name} phase sets runtime versions: only the install phase can"
            ));
        }
        if self.commands.is_empty() && (name != "install" || self.runtime_versions.is_empty()) {
            problems.push(format!("the {name} phase has no commands"));
        }
        if !self.finally.is_empty() && self.commands.is_empty() {
            problems.push(format!(
                "the {name} phase has finally commands but no commands"
            ));
        }
        problems
    }
}

/// The `artifacts` section: the files the build uploads.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct BuildSpecArtifacts {
    base_directory: Option<Val<String>>,
    files: Vec<Val<String>>,
    name: Option<Val<String>>,
    discard_paths: Option<bool>,
}

impl BuildSpecArtifacts {
    /// The files matching `files` (glob patterns such as `**/*`), relative to the source
    /// directory or to [`BuildSpecArtifacts::base_directory`]. One pattern is written as a
    /// string, several as a list (as CDK Pipelines writes them).
    pub fn new<V: Into<Val<String>>>(files: impl IntoIterator<Item = V>) -> Self {
        BuildSpecArtifacts {
            base_directory: None,
            files: files.into_iter().map(Into::into).collect(),
            name: None,
            discard_paths: None,
        }
    }

    /// The directory the file patterns are relative to (`cdk.out`, `target/release`).
    pub fn base_directory(mut self, directory: impl Into<Val<String>>) -> Self {
        self.base_directory = Some(directory.into());
        self
    }

    /// The name of the artifact (S3 artifacts).
    pub fn name(mut self, name: impl Into<Val<String>>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Flattens the directory structure of the artifact.
    pub fn discard_paths(mut self, on: bool) -> Self {
        self.discard_paths = Some(on);
        self
    }

    fn to_value(&self) -> Value {
        let mut out: Vec<(&str, Value)> = Vec::new();
        if let Some(dir) = &self.base_directory {
            out.push(("base-directory", dir.as_value().clone()));
        }
        out.push(("files", one_or_list(&self.files)));
        if let Some(name) = &self.name {
            out.push(("name", name.as_value().clone()));
        }
        if let Some(discard) = self.discard_paths {
            out.push(("discard-paths", Value::from(yes_no(discard))));
        }
        Value::map_of(out)
    }
}

/// The format of a test or coverage report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)] // The variants are CodeBuild's report formats.
pub enum ReportFormat {
    JunitXml,
    CucumberJson,
    NunitXml,
    Nunit3Xml,
    TestNgXml,
    VisualStudioTrx,
    CloverXml,
    CoberturaXml,
    JacocoXml,
    SimpleCovJson,
}

impl ReportFormat {
    fn name(self) -> &'static str {
        use ReportFormat::*;
        match self {
            JunitXml => "JUNITXML",
            CucumberJson => "CUCUMBERJSON",
            NunitXml => "NUNITXML",
            Nunit3Xml => "NUNIT3XML",
            TestNgXml => "TESTNGXML",
            VisualStudioTrx => "VISUALSTUDIOTRX",
            CloverXml => "CLOVERXML",
            CoberturaXml => "COBERTURAXML",
            JacocoXml => "JACOCOXML",
            SimpleCovJson => "SIMPLECOV",
        }
    }
}

/// A report group the build writes test or coverage results into.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct Report {
    files: Vec<Val<String>>,
    base_directory: Option<Val<String>>,
    discard_paths: Option<bool>,
    file_format: Option<ReportFormat>,
}

impl Report {
    /// The report files matching `files` (glob patterns).
    pub fn new<V: Into<Val<String>>>(files: impl IntoIterator<Item = V>) -> Self {
        Report {
            files: files.into_iter().map(Into::into).collect(),
            base_directory: None,
            discard_paths: None,
            file_format: None,
        }
    }

    /// The directory the patterns are relative to.
    pub fn base_directory(mut self, directory: impl Into<Val<String>>) -> Self {
        self.base_directory = Some(directory.into());
        self
    }

    /// Flattens the directory structure.
    pub fn discard_paths(mut self, on: bool) -> Self {
        self.discard_paths = Some(on);
        self
    }

    /// The format (default: JUnit XML).
    pub fn file_format(mut self, format: ReportFormat) -> Self {
        self.file_format = Some(format);
        self
    }

    fn to_value(&self) -> Value {
        let mut out: Vec<(&str, Value)> = vec![("files", values(&self.files))];
        if let Some(dir) = &self.base_directory {
            out.push(("base-directory", dir.as_value().clone()));
        }
        if let Some(discard) = self.discard_paths {
            out.push(("discard-paths", Value::from(yes_no(discard))));
        }
        if let Some(format) = self.file_format {
            out.push(("file-format", Value::from(format.name())));
        }
        Value::map_of(out)
    }
}

/// A buildspec, version 0.2. Sections are written in the order of CodeBuild's documentation
/// (`version`, `run-as`, `env`, `phases`, `reports`, `artifacts`, `cache`), phases in the
/// order they run; aws-cdk-lib writes an object's keys in the order the app wrote them, so a
/// JavaScript app writing its object in this order gets the same text.
///
/// ```
/// use stackwright_aws::codebuild::{BuildSpec, BuildSpecArtifacts, BuildSpecEnv, Phase};
/// let spec = BuildSpec::new()
///     .env(BuildSpecEnv::new().variable("CARGO_TERM_COLOR", "never"))
///     .install(Phase::new().runtime_version("nodejs", "20").command("npm ci"))
///     .build(Phase::commands(["cargo test --locked", "cargo build --release"]))
///     .artifacts(BuildSpecArtifacts::new(["**/*"]).base_directory("target/release"))
///     .cache_paths(["/root/.cargo/registry/**/*"]);
/// assert!(spec.problems().is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct BuildSpec {
    run_as: Option<String>,
    env: Option<BuildSpecEnv>,
    install: Option<Phase>,
    pre_build: Option<Phase>,
    build: Option<Phase>,
    post_build: Option<Phase>,
    reports: IndexMap<String, Report>,
    artifacts: Option<BuildSpecArtifacts>,
    cache_paths: Vec<Val<String>>,
}

impl BuildSpec {
    /// An empty buildspec; give it at least one phase.
    pub fn new() -> Self {
        Self::default()
    }

    /// The Linux user every command runs as.
    pub fn run_as(mut self, user: impl Into<String>) -> Self {
        self.run_as = Some(user.into());
        self
    }

    /// The `env` section.
    pub fn env(mut self, env: BuildSpecEnv) -> Self {
        self.env = Some(env);
        self
    }

    /// The install phase (runtime versions, tool installation).
    pub fn install(mut self, phase: Phase) -> Self {
        self.install = Some(phase);
        self
    }

    /// The pre-build phase.
    pub fn pre_build(mut self, phase: Phase) -> Self {
        self.pre_build = Some(phase);
        self
    }

    /// The build phase.
    pub fn build(mut self, phase: Phase) -> Self {
        self.build = Some(phase);
        self
    }

    /// The post-build phase.
    pub fn post_build(mut self, phase: Phase) -> Self {
        self.post_build = Some(phase);
        self
    }

    /// Adds a report group (by name, or by ARN for an existing group).
    pub fn report(mut self, name: impl Into<String>, report: Report) -> Self {
        self.reports.insert(name.into(), report);
        self
    }

    /// The `artifacts` section.
    pub fn artifacts(mut self, artifacts: BuildSpecArtifacts) -> Self {
        self.artifacts = Some(artifacts);
        self
    }

    /// Paths cached between builds (with an S3 or local custom cache on the project).
    pub fn cache_paths<V: Into<Val<String>>>(mut self, paths: impl IntoIterator<Item = V>) -> Self {
        self.cache_paths.extend(paths.into_iter().map(Into::into));
        self
    }

    /// The phases that are set, in the order they run.
    fn phases(&self) -> impl Iterator<Item = (&'static str, &Phase)> {
        [
            ("install", &self.install),
            ("pre_build", &self.pre_build),
            ("build", &self.build),
            ("post_build", &self.post_build),
        ]
        .into_iter()
        .filter_map(|(name, phase)| phase.as_ref().map(|p| (name, p)))
    }

    /// The buildspec as a JSON value, keys in the order they are written.
    pub fn to_value(&self) -> Value {
        let mut out: Vec<(&str, Value)> = vec![("version", Value::from(BUILD_SPEC_VERSION))];
        if let Some(user) = &self.run_as {
            out.push(("run-as", Value::from(user.as_str())));
        }
        if let Some(env) = &self.env {
            out.push(("env", env.to_value()));
        }
        let phases: Vec<(&str, Value)> = self.phases().map(|(n, p)| (n, p.to_value())).collect();
        out.push(("phases", Value::map_of(phases)));
        if !self.reports.is_empty() {
            let reports = self.reports.iter().map(|(k, r)| (k.clone(), r.to_value()));
            out.push(("reports", Value::Map(reports.collect())));
        }
        if let Some(artifacts) = &self.artifacts {
            out.push(("artifacts", artifacts.to_value()));
        }
        if !self.cache_paths.is_empty() {
            out.push((
                "cache",
                Value::map_of([("paths", values(&self.cache_paths))]),
            ));
        }
        Value::map_of(out)
    }

    /// The JSON text written into the project (`Source.BuildSpec`).
    pub fn to_json_string(&self) -> Val<String> {
        crate::json_text::to_json_string_indented(&self.to_value(), 2)
    }

    /// What CodeBuild would refuse: no phase, a phase without commands, runtime versions
    /// outside the install phase, invalid variable names, secrets in plain-text variables,
    /// reports or artifacts without files.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.phases().next().is_none() {
            problems.push("the buildspec has no phase: set at least the build phase".to_owned());
        }
        for (name, phase) in self.phases() {
            problems.extend(phase.problems(name));
        }
        if let Some(env) = &self.env {
            problems.extend(env.problems());
        }
        for (name, report) in &self.reports {
            if report.files.is_empty() {
                problems.push(format!("report {name:?} has no file pattern"));
            }
            if name.is_empty() {
                problems.push("a report has an empty name".to_owned());
            }
        }
        if self.artifacts.as_ref().is_some_and(|a| a.files.is_empty()) {
            problems.push("the artifacts have no file pattern".to_owned());
        }
        problems
    }
}

/// Environment variable names CodeBuild accepts: letters, digits and `_`, not starting with a
/// digit, and not in CodeBuild's own `CODEBUILD_` namespace.
pub(crate) fn check_variable_name(name: &str) -> Result<(), String> {
    let valid = !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return Err(format!(
            "environment variable name {name:?} must be letters, digits and '_', not starting \
             with a digit"
        ));
    }
    if name.to_ascii_uppercase().starts_with("CODEBUILD_") {
        return Err(format!(
            "environment variable name {name:?} is reserved: names starting with CODEBUILD_ \
             belong to CodeBuild"
        ));
    }
    Ok(())
}

/// True when a value contains a dynamic reference to a secret (`{{resolve:secretsmanager:..}}`
/// or `{{resolve:ssm-secure:..}}`), which would put the secret into a plain-text setting.
pub(crate) fn holds_secret_reference(value: &Value) -> bool {
    match value {
        Value::String(s) => {
            s.contains("{{resolve:secretsmanager:") || s.contains("{{resolve:ssm-secure:")
        }
        Value::List(items) => items.iter().any(holds_secret_reference),
        Value::Map(entries) => entries.values().any(holds_secret_reference),
        Value::Intrinsic(_, args) => holds_secret_reference(args),
        _ => false,
    }
}

fn yes_no(on: bool) -> &'static str {
    if on {
        "yes"
    } else {
        "no"
    }
}

fn values(items: &[Val<String>]) -> Value {
    Value::list_of(items.iter().map(|v| v.as_value().clone()))
}

fn one_or_list(items: &[Val<String>]) -> Value {
    match items {
        [one] => one.as_value().clone(),
        _ => values(items),
    }
}

fn string_map(map: &IndexMap<String, Val<String>>) -> Value {
    Value::Map(
        map.iter()
            .map(|(k, v)| (k.clone(), v.as_value().clone()))
            .collect(),
    )
}
