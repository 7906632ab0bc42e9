//! `Job`: a Glue ETL job, with a role that may read exactly its own scripts.

use indexmap::IndexMap;
use stackwright_cfn::glue::{CfnJob, CfnJobProps};
use stackwright_core::Properties;
use stackwright_core::{Construct, Node, Scope, Val, Value};

use super::code::Code;
use super::connection::Connection;
use super::security_configuration::SecurityConfiguration;
use crate::arn::ArnParts;
use crate::iam::{Grantable, ManagedPolicy, PolicyStatement, Principal, Role, RoleProps};
use crate::validate::report;

/// What kind of job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobType {
    /// Apache Spark ETL (`glueetl`).
    SparkEtl,
    /// Spark streaming (`gluestreaming`).
    SparkStreaming,
    /// A Python shell script (`pythonshell`), sized by [`PythonShellCapacity`].
    PythonShell,
    /// Ray (`glueray`), on `Z.2X` workers with Glue 4.0.
    Ray,
}

impl JobType {
    fn command_name(self) -> &'static str {
        match self {
            JobType::SparkEtl => "glueetl",
            JobType::SparkStreaming => "gluestreaming",
            JobType::PythonShell => "pythonshell",
            JobType::Ray => "glueray",
        }
    }
}

/// The Glue version (runtime) of a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[allow(missing_docs)] // The variants are the version numbers.
pub enum GlueVersion {
    V1_0,
    V2_0,
    V3_0,
    V4_0,
    V5_0,
}

impl GlueVersion {
    /// The version as written in the template.
    pub fn name(self) -> &'static str {
        match self {
            GlueVersion::V1_0 => "1.0",
            GlueVersion::V2_0 => "2.0",
            GlueVersion::V3_0 => "3.0",
            GlueVersion::V4_0 => "4.0",
            GlueVersion::V5_0 => "5.0",
        }
    }
}

/// The worker type of Spark and Ray jobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)] // The variants are the worker type names.
pub enum WorkerType {
    Standard,
    G025X,
    G1X,
    G2X,
    G4X,
    G8X,
    Z2X,
}

impl WorkerType {
    /// The worker type as written in the template.
    pub fn name(self) -> &'static str {
        match self {
            WorkerType::Standard => "Standard",
            WorkerType::G025X => "G.025X",
            WorkerType::G1X => "G.1X",
            WorkerType::G2X => "G.2X",
            WorkerType::G4X => "G.4X",
            WorkerType::G8X => "G.8X",
            WorkerType::Z2X => "Z.2X",
        }
    }
}

/// The capacity of a Python shell job, in DPUs: the only two values Glue accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PythonShellCapacity {
    /// 1/16 DPU (the default).
    OneSixteenthDpu,
    /// 1 DPU.
    OneDpu,
}

impl PythonShellCapacity {
    fn dpus(self) -> f64 {
        match self {
            PythonShellCapacity::OneSixteenthDpu => 0.0625,
            PythonShellCapacity::OneDpu => 1.0,
        }
    }
}

/// Options of a [`Job`].
#[derive(Debug, Clone)]
#[must_use]
pub struct JobProps {
    job_type: JobType,
    script: Code,
    job_name: Option<Val<String>>,
    description: Option<String>,
    glue_version: Option<GlueVersion>,
    worker_type: Option<WorkerType>,
    number_of_workers: Option<i64>,
    python_shell_capacity: Option<PythonShellCapacity>,
    timeout_minutes: Option<i64>,
    max_retries: i64,
    max_concurrent_runs: Option<i64>,
    arguments: IndexMap<String, Val<String>>,
    metrics: bool,
    extra_python_files: Vec<Code>,
    extra_jars: Vec<Code>,
    connections: Vec<Connection>,
    security_configuration: Option<SecurityConfiguration>,
    role: Option<Role>,
    tags: IndexMap<String, String>,
}

impl JobProps {
    /// A job of `job_type` running `script`. Defaults: Glue 4.0 (3.0 for Python shell), no
    /// retries, continuous logging and metrics on; Spark jobs on 10 `G.1X` workers.
    pub fn new(job_type: JobType, script: Code) -> Self {
        JobProps {
            job_type,
            script,
            job_name: None,
            description: None,
            glue_version: None,
            worker_type: None,
            number_of_workers: None,
            python_shell_capacity: None,
            timeout_minutes: None,
            max_retries: 0,
            max_concurrent_runs: None,
            arguments: IndexMap::new(),
            metrics: true,
            extra_python_files: Vec::new(),
            extra_jars: Vec::new(),
            connections: Vec::new(),
            security_configuration: None,
            role: None,
            tags: IndexMap::new(),
        }
    }

    /// The physical name (1 to 255 characters).
    pub fn job_name(mut self, name: impl Into<Val<String>>) -> Self {
        self.job_name = Some(name.into());
        self
    }

    /// A description.
    pub fn description(mut self, d: impl Into<String>) -> Self {
        self.description = Some(d.into());
        self
    }

    /// The Glue version.
    pub fn glue_version(mut self, v: GlueVersion) -> Self {
        self.glue_version = Some(v);
        self
    }

    /// The worker type and how many workers (Spark and Ray jobs). The two go together: a worker
    /// count without a worker type cannot be written.
    pub fn workers(mut self, worker_type: WorkerType, count: i64) -> Self {
        self.worker_type = Some(worker_type);
        self.number_of_workers = Some(count);
        self
    }

    /// The capacity of a Python shell job.
    pub fn python_shell_capacity(mut self, capacity: PythonShellCapacity) -> Self {
        self.python_shell_capacity = Some(capacity);
        self
    }

    /// Stops a run after this many minutes (default 2,880).
    pub fn timeout_minutes(mut self, minutes: i64) -> Self {
        self.timeout_minutes = Some(minutes);
        self
    }

    /// Retries of a failed run (default 0).
    pub fn max_retries(mut self, retries: i64) -> Self {
        self.max_retries = retries;
        self
    }

    /// Runs allowed at once (default 1).
    pub fn max_concurrent_runs(mut self, runs: i64) -> Self {
        self.max_concurrent_runs = Some(runs);
        self
    }

    /// A default argument (`--target_database`); the key gets `--` when it lacks it.
    pub fn argument(mut self, key: impl Into<String>, value: impl Into<Val<String>>) -> Self {
        let key = key.into();
        let key = if key.starts_with("--") {
            key
        } else {
            format!("--{key}")
        };
        self.arguments.insert(key, value.into());
        self
    }

    /// Job bookmarks: process only new data on each run.
    pub fn job_bookmarks(self, on: bool) -> Self {
        let value = if on {
            "job-bookmark-enable"
        } else {
            "job-bookmark-disable"
        };
        self.argument("--job-bookmark-option", value)
    }

    /// Continuous CloudWatch logging (on by default).
    pub fn continuous_logging(self, on: bool) -> Self {
        self.argument(
            "--enable-continuous-cloudwatch-log",
            if on { "true" } else { "false" },
        )
    }

    /// Job metrics (on by default).
    pub fn metrics(mut self, on: bool) -> Self {
        self.metrics = on;
        self
    }

    /// The temporary directory (`s3://bucket/prefix/`).
    pub fn temp_dir(self, s3_url: impl Into<Val<String>>) -> Self {
        self.argument("--TempDir", s3_url)
    }

    /// The Spark UI, its event logs written to `s3_url`.
    pub fn spark_ui(self, s3_url: impl Into<Val<String>>) -> Self {
        self.argument("--enable-spark-ui", "true")
            .argument("--spark-event-logs-path", s3_url)
    }

    /// An extra Python file (`--extra-py-files`), shipped as an asset or from a bucket.
    pub fn extra_python_file(mut self, code: Code) -> Self {
        self.extra_python_files.push(code);
        self
    }

    /// An extra jar (`--extra-jars`).
    pub fn extra_jar(mut self, code: Code) -> Self {
        self.extra_jars.push(code);
        self
    }

    /// Runs in a connection's network (the job then depends on it).
    pub fn connection(mut self, connection: &Connection) -> Self {
        self.connections.push(connection.clone());
        self
    }

    /// Encrypts what the job writes (S3, logs, bookmarks).
    pub fn security_configuration(mut self, configuration: &SecurityConfiguration) -> Self {
        self.security_configuration = Some(configuration.clone());
        self
    }

    /// A tag of the job (tags set with `Tags::of` on a scope above are merged in too).
    pub fn tag(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.tags.insert(key.into(), value.into());
        self
    }

    /// The role (default: a `ServiceRole` child with the Glue service policy and read access to
    /// the job's own scripts).
    pub fn role(mut self, role: &Role) -> Self {
        self.role = Some(role.clone());
        self
    }
}

/// A Glue job.
///
/// ```no_run
/// use stackwright_aws::glue::{Code, Job, JobProps, JobType, WorkerType};
/// use stackwright_core::{App, Environment, Stack, StackProps};
/// let app = App::with_props(Default::default());
/// let stack = Stack::new(&app, "Etl", StackProps::default().env(Environment::new("111111111111", "us-east-2")));
/// let job = Job::new(&stack, "RawToConformed", JobProps::new(JobType::SparkEtl, Code::from_asset("glue/raw_to_conformed.py"))
///     .job_name("dev-raw-to-conformed-job")
///     .workers(WorkerType::G1X, 2)
///     .job_bookmarks(true));
/// let _name = job.job_name();
/// ```
#[derive(Debug, Clone)]
pub struct Job {
    construct: Construct,
    resource: CfnJob,
    role: Role,
}

impl Scope for Job {
    fn node(&self) -> &Node {
        self.construct.node()
    }
}

impl Job {
    /// Creates the job; invalid settings are reported with its path.
    pub fn new(scope: &impl Scope, id: &str, props: JobProps) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.glue.Job");
        let node = construct.node().clone();
        let glue_version = props.glue_version.unwrap_or(match props.job_type {
            JobType::PythonShell => GlueVersion::V3_0,
            _ => GlueVersion::V4_0,
        });
        validate(&node, &props, glue_version);
        let script = props.script.locate(&construct, "Script");
        let mut readable = vec![script.object_arn.clone()];
        let mut arguments = Properties::new();
        arguments.insert("--job-language".into(), Value::from("python"));
        arguments.insert(
            "--enable-continuous-cloudwatch-log".into(),
            Value::from("true"),
        );
        arguments.insert("--enable-metrics".into(), Value::from(""));
        for (list, key, prefix) in [
            (
                &props.extra_python_files,
                "--extra-py-files",
                "ExtraPythonFile",
            ),
            (&props.extra_jars, "--extra-jars", "ExtraJar"),
        ] {
            if list.is_empty() {
                continue;
            }
            let mut urls = Vec::new();
            for (i, code) in list.iter().enumerate() {
                let located = code.locate(&construct, &format!("{prefix}{i}"));
                readable.push(located.object_arn);
                if i > 0 {
                    urls.push(Val::from(","));
                }
                urls.push(located.url);
            }
            arguments.insert(key.into(), crate::arn::concat(urls).into_value());
        }
        for (k, v) in props.arguments {
            arguments.insert(k, v.into_value());
        }
        if !props.metrics {
            arguments.shift_remove("--enable-metrics");
        }
        let role = props.role.clone().unwrap_or_else(|| {
            Role::new(
                &construct,
                "ServiceRole",
                RoleProps::new(Principal::service("glue.amazonaws.com")).managed_policy(
                    ManagedPolicy::from_aws_managed_policy_name("service-role/AWSGlueServiceRole"),
                ),
            )
        });
        role.add_to_policy(
            PolicyStatement::allow()
                .action("s3:GetObject*")
                .resources(readable),
        );
        let python_version = match props.job_type {
            JobType::PythonShell => "3.9",
            _ => "3",
        };
        let mut command = vec![
            ("Name", Value::from(props.job_type.command_name())),
            ("PythonVersion", Value::from(python_version)),
            ("ScriptLocation", script.url.into_value()),
        ];
        if props.job_type == JobType::Ray {
            command.push(("Runtime", Value::from("Ray2.4")));
        }
        let mut cfn = CfnJobProps::new(Val::unchecked(Value::map_of(command)), role.role_arn());
        cfn.default_arguments = Some(Val::unchecked(Value::Map(arguments)));
        cfn.glue_version = Some(Val::from(glue_version.name()));
        cfn.max_retries = Some(Val::from(props.max_retries));
        cfn.name = props.job_name;
        cfn.description = props.description.map(Val::from);
        cfn.timeout = props.timeout_minutes.map(Val::from);
        if let Some(runs) = props.max_concurrent_runs {
            cfn.execution_property =
                Some(Val::unchecked(Value::map_of([("MaxConcurrentRuns", runs)])));
        }
        match props.job_type {
            JobType::PythonShell => {
                let capacity = props
                    .python_shell_capacity
                    .unwrap_or(PythonShellCapacity::OneSixteenthDpu);
                cfn.max_capacity = Some(Val::from(capacity.dpus()));
            }
            JobType::Ray => {
                cfn.worker_type = Some(Val::from(
                    props.worker_type.unwrap_or(WorkerType::Z2X).name(),
                ));
                cfn.number_of_workers = Some(Val::from(props.number_of_workers.unwrap_or(3)));
            }
            _ => {
                cfn.worker_type = Some(Val::from(
                    props.worker_type.unwrap_or(WorkerType::G1X).name(),
                ));
                cfn.number_of_workers = Some(Val::from(props.number_of_workers.unwrap_or(10)));
            }
        }
        if !props.connections.is_empty() {
            let names: Vec<Value> = props
                .connections
                .iter()
                .map(|c| c.connection_name().into_value())
                .collect();
            cfn.connections = Some(Val::unchecked(Value::map_of([(
                "Connections",
                Value::List(names),
            )])));
        }
        cfn.security_configuration = props
            .security_configuration
            .as_ref()
            .map(SecurityConfiguration::name);
        if !props.tags.is_empty() {
            let tags = props.tags.into_iter().map(|(k, v)| (k, Value::from(v)));
            cfn.tags = Some(Val::unchecked(Value::Map(tags.collect())));
        }
        let resource = CfnJob::new(&construct, "Resource", cfn);
        role.add_dependent(&resource);
        Job {
            construct,
            resource,
            role,
        }
    }

    /// The job's name.
    pub fn job_name(&self) -> Val<String> {
        self.resource.ref_value()
    }

    /// The job's ARN (`arn:<partition>:glue:<region>:<account>:job/<name>`).
    pub fn job_arn(&self) -> Val<String> {
        ArnParts::new(
            "glue",
            crate::arn::concat([Val::from("job/"), self.job_name()]),
        )
        .format(self)
    }

    /// The job's role.
    pub fn role(&self) -> &Role {
        &self.role
    }

    /// The L1 resource (escape hatch).
    pub fn resource(&self) -> &CfnJob {
        &self.resource
    }
}

impl Grantable for Job {
    fn grant_principal(&self) -> Principal {
        self.role.grant_principal()
    }

    fn add_to_principal_policy(&self, statement: PolicyStatement) -> bool {
        self.role.add_to_policy(statement)
    }
}

fn validate(node: &Node, props: &JobProps, version: GlueVersion) {
    let mut problems = Vec::new();
    if let Some(name) = props.job_name.as_ref().and_then(|n| n.as_value().as_str()) {
        let len = name.chars().count();
        if len == 0 || len > 255 || name.chars().any(char::is_control) {
            problems.push(format!(
                "job name {name:?} must be 1 to 255 characters with no control characters"
            ));
        }
    }
    match props.job_type {
        JobType::PythonShell => {
            if props.worker_type.is_some() || props.number_of_workers.is_some() {
                problems.push(
                    "a Python shell job takes a capacity (python_shell_capacity), not workers"
                        .to_owned(),
                );
            }
            if !matches!(version, GlueVersion::V1_0 | GlueVersion::V3_0) {
                problems.push(format!(
                    "a Python shell job runs on Glue 1.0 or 3.0, not {}",
                    version.name()
                ));
            }
        }
        JobType::Ray => {
            if props.worker_type.is_some_and(|w| w != WorkerType::Z2X) {
                problems.push("a Ray job runs on Z.2X workers".to_owned());
            }
            if version < GlueVersion::V4_0 {
                problems.push(format!(
                    "a Ray job needs Glue 4.0 or later, not {}",
                    version.name()
                ));
            }
        }
        JobType::SparkEtl | JobType::SparkStreaming => {
            if props.python_shell_capacity.is_some() {
                problems.push("only Python shell jobs take a python_shell_capacity".to_owned());
            }
            match props.worker_type {
                Some(WorkerType::Z2X) => problems.push("Z.2X workers are for Ray jobs".to_owned()),
                Some(WorkerType::G025X) if props.job_type != JobType::SparkStreaming => {
                    problems.push("G.025X workers are for streaming jobs".to_owned());
                }
                Some(WorkerType::G025X | WorkerType::G4X | WorkerType::G8X)
                    if version < GlueVersion::V3_0 =>
                {
                    problems.push(format!(
                        "{} workers need Glue 3.0 or later",
                        props.worker_type.map_or("", WorkerType::name)
                    ));
                }
                Some(WorkerType::Standard) if version >= GlueVersion::V3_0 => {
                    problems.push("Standard workers are not available from Glue 3.0".to_owned());
                }
                _ => {}
            }
            if let Some(n) = props.number_of_workers {
                if n < 2 {
                    problems.push(format!("a Spark job needs at least 2 workers, not {n}"));
                }
            }
        }
    }
    if props.max_retries < 0 {
        problems.push(format!(
            "max retries must not be negative, not {}",
            props.max_retries
        ));
    }
    if let Some(t) = props.timeout_minutes {
        if t < 1 {
            problems.push(format!("the timeout must be at least 1 minute, not {t}"));
        }
    }
    if let Some(r) = props.max_concurrent_runs {
        if r < 1 {
            problems.push(format!("max concurrent runs must be at least 1, not {r}"));
        }
    }
    for p in problems {
        report(node, Err(p));
    }
}
