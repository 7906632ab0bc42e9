//! Glue `startJobRun`: starts a job run and, with the `RunJob` pattern, waits for it.

use stackwright_core::{Scope, Val};

use super::field::{Field, Fields, TaskInput};
use super::refs::GlueJobRef;
use super::task::{check_pattern, integration_resource, IntegrationPattern, TaskIntegration};
use crate::arn::{concat, ArnParts};
use crate::iam::PolicyStatement;

/// Starts a Glue job run (`glue:startJobRun`); with [`IntegrationPattern::RunJob`] the task
/// waits for the run to finish (`.sync`). The role may start (and, when waiting, get and stop)
/// runs of exactly this job.
///
/// ```
/// use stackwright_aws::stepfunctions::{Fields, GlueStartJobRun, IntegrationPattern, JsonPath, TaskInput};
/// let raw = GlueStartJobRun::new("lake-raw")
///     .integration_pattern(IntegrationPattern::RunJob)
///     .arguments(TaskInput::object(Fields::new().with("--run_date", JsonPath::at("$.run_date"))));
/// # let _ = raw;
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct GlueStartJobRun {
    job: GlueJobRef,
    pattern: IntegrationPattern,
    arguments: Option<TaskInput>,
    security_configuration: Option<String>,
    notify_delay_after_minutes: Option<u32>,
    worker_type: Option<String>,
    number_of_workers: Option<u32>,
}

impl GlueStartJobRun {
    /// Starts a run of `job` (its name).
    pub fn new(job: impl Into<GlueJobRef>) -> Self {
        GlueStartJobRun {
            job: job.into(),
            pattern: IntegrationPattern::RequestResponse,
            arguments: None,
            security_configuration: None,
            notify_delay_after_minutes: None,
            worker_type: None,
            number_of_workers: None,
        }
    }

    /// `RequestResponse` (default) or `RunJob` (waits for the run).
    pub fn integration_pattern(mut self, pattern: IntegrationPattern) -> Self {
        self.pattern = pattern;
        self
    }

    /// The job arguments (`--name` keys), literal or read from the input.
    pub fn arguments(mut self, arguments: TaskInput) -> Self {
        self.arguments = Some(arguments);
        self
    }

    /// The security configuration of the run.
    pub fn security_configuration(mut self, name: impl Into<String>) -> Self {
        self.security_configuration = Some(name.into());
        self
    }

    /// Minutes after the run starts before a delay notification is sent.
    pub fn notify_delay_after_minutes(mut self, minutes: u32) -> Self {
        self.notify_delay_after_minutes = Some(minutes);
        self
    }

    /// The workers of the run (`G.1X`, `G.2X`, ...) and how many.
    pub fn workers(mut self, worker_type: impl Into<String>, number_of_workers: u32) -> Self {
        self.worker_type = Some(worker_type.into());
        self.number_of_workers = Some(number_of_workers);
        self
    }
}

impl TaskIntegration for GlueStartJobRun {
    fn resource(&self) -> Val<String> {
        integration_resource("glue", "startJobRun", self.pattern)
    }

    fn parameters(&self, timeout_seconds: Option<u32>) -> Option<Fields> {
        let mut p = Fields::new().with("JobName", self.job.job_name());
        if let Some(arguments) = &self.arguments {
            p.insert("Arguments", arguments.clone());
        }
        if let Some(seconds) = timeout_seconds {
            p.insert("Timeout", seconds / 60);
        }
        if let Some(name) = &self.security_configuration {
            p.insert("SecurityConfiguration", name.as_str());
        }
        if let Some(minutes) = self.notify_delay_after_minutes {
            p.insert(
                "NotificationProperty",
                Fields::new().with("NotifyDelayAfter", minutes),
            );
        }
        if let Some(worker_type) = &self.worker_type {
            p.insert("WorkerType", worker_type.as_str());
        }
        if let Some(n) = self.number_of_workers {
            p.insert("NumberOfWorkers", Field::from(n));
        }
        Some(p)
    }

    fn timeout_is_parameter(&self) -> bool {
        true
    }

    fn integration_pattern(&self) -> IntegrationPattern {
        self.pattern
    }

    fn policy_statements(&self, scope: &dyn Scope) -> Vec<PolicyStatement> {
        let actions: &[&str] = match self.pattern {
            IntegrationPattern::RunJob => &[
                "glue:StartJobRun",
                "glue:GetJobRun",
                "glue:GetJobRuns",
                "glue:BatchStopJobRun",
            ],
            _ => &["glue:StartJobRun"],
        };
        let arn =
            ArnParts::new("glue", concat([Val::from("job/"), self.job.job_name()])).format(&scope);
        vec![PolicyStatement::allow()
            .actions(actions.iter().copied())
            .resource(arn)]
    }

    fn validate(&self, timeout_seconds: Option<u32>) -> Vec<String> {
        let mut problems: Vec<String> = check_pattern(
            "Glue startJobRun",
            self.pattern,
            &[
                IntegrationPattern::RequestResponse,
                IntegrationPattern::RunJob,
            ],
        )
        .into_iter()
        .collect();
        if let Some(seconds) = timeout_seconds.filter(|s| s % 60 != 0) {
            problems.push(format!(
                "a Glue job run's timeout is whole minutes; {seconds} seconds is not"
            ));
        }
        if let Some(arguments) = &self.arguments {
            if !matches!(arguments.field(), Field::Object(_) | Field::Path(_)) {
                problems.push("Glue job arguments must be an object (or a path to one)".into());
            }
        }
        problems
    }
}
