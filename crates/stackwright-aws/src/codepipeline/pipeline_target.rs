//! `PipelineTarget`: a pipeline as the target of an EventBridge rule.

use super::pipeline::Pipeline;
use crate::events::{Rule, RuleTarget, TargetConfig, TargetOptions};

/// Starts a pipeline when a rule matches, through the pipeline's `EventsRole` (created on first
/// use, allowed `codepipeline:StartPipelineExecution` on the pipeline).
///
/// ```
/// use stackwright_aws::codepipeline::{Pipeline, PipelineProps, PipelineTarget};
/// use stackwright_aws::events::{Rule, RuleProps, Schedule};
/// use stackwright_core::{App, Stack, StackProps};
/// let app = App::with_props(Default::default());
/// let stack = Stack::new(&app, "Ci", StackProps::default());
/// let pipeline = Pipeline::new(&stack, "Pipeline", PipelineProps::new());
/// let nightly = Rule::new(&stack, "Nightly", RuleProps::new().schedule(Schedule::rate_minutes(1440)));
/// nightly.add_target(&PipelineTarget::new(&pipeline));
/// ```
#[derive(Debug, Clone)]
pub struct PipelineTarget {
    pipeline: Pipeline,
    options: TargetOptions,
}

impl PipelineTarget {
    /// Starts `pipeline`.
    pub fn new(pipeline: &Pipeline) -> Self {
        PipelineTarget {
            pipeline: pipeline.clone(),
            options: TargetOptions::new(),
        }
    }

    /// Sets the retries and dead-letter queue.
    #[must_use]
    pub fn options(mut self, options: TargetOptions) -> Self {
        self.options = options;
        self
    }
}

impl RuleTarget for PipelineTarget {
    fn bind(&self, _rule: &Rule) -> TargetConfig {
        let role = self.pipeline.events_role();
        TargetConfig::new(self.pipeline.pipeline_arn(), self.options.clone())
            .role_arn(role.role_arn())
    }
}
