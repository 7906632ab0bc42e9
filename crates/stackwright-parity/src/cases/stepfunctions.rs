//! The reference data lake's state machine: raw Glue job (`.sync`) → conformed Glue job
//! (`.sync`) → status Lambda → SNS "succeeded" → Succeed, and any Glue failure caught
//! (`States.ALL`) → status Lambda → SNS "failed" → Fail; the Lambda steps retry Lambda's
//! service errors. The same tree as `apps/stepfunctions.js`: the `DefinitionString` must match
//! aws-cdk-lib's byte for byte, and the role may touch exactly those two jobs, that function
//! and that topic.
//!
//! The topic and the log group are L1 resources inside a construct named as aws-cdk-lib's L2s
//! (`Alerts/Resource`, `Logs/Resource`, with the log group's two-year retention and retain
//! policy), until their L2s exist.

use stackwright::cfn::{logs, sns};
use stackwright::lambda::{Code, Function, FunctionProps, Runtime};
use stackwright::prelude::*;
use stackwright::stepfunctions::{
    CatchProps, Definition, Fail, FailProps, Fields, GlueStartJobRun, IntegrationPattern,
    JsonPath, LambdaInvoke, LogLevel, LogOptions, SnsPublish, StateMachine, StateMachineProps,
    Succeed, SucceedProps, Task, TaskInput, TaskProps,
};

use crate::Ignore;

/// No accepted differences.
pub const IGNORED: &[Ignore] = &[];

/// Builds the app.
pub fn build(app: &App) {
    let env = Environment::new("111111111111", "us-east-2");
    let stack = Stack::new(app, "Lake", StackProps::default().env(env));
    let alerts = Construct::new(&stack, "Alerts");
    let topic = sns::CfnTopic::new(&alerts, "Resource", sns::CfnTopicProps::new());
    let status = Function::new(
        &stack,
        "Status",
        FunctionProps::new(
            Runtime::Python3_12,
            "index.handler",
            Code::from_inline("def handler(event, context):\n    return event\n"),
        ),
    );
    let log_scope = Construct::new(&stack, "Logs");
    let log_group = logs::CfnLogGroup::new(
        &log_scope,
        "Resource",
        logs::CfnLogGroupProps::new().retention_in_days(731),
    );
    log_group.apply_removal_policy(RemovalPolicy::Retain);

    let definition = Definition::new();
    let raw = Task::new(
        &definition,
        "RawJob",
        TaskProps::new(
            GlueStartJobRun::new("lake-raw")
                .integration_pattern(IntegrationPattern::RunJob)
                .arguments(TaskInput::object(
                    Fields::new().with("--run_date", JsonPath::at("$.run_date")),
                )),
        )
        .result_path("$.raw"),
    );
    let conformed = Task::new(
        &definition,
        "ConformedJob",
        TaskProps::new(
            GlueStartJobRun::new("lake-conformed").integration_pattern(IntegrationPattern::RunJob),
        )
        .result_path("$.conformed"),
    );
    let record_ok = Task::new(
        &definition,
        "RecordSuccess",
        TaskProps::new(LambdaInvoke::new(&status).payload(TaskInput::object(
            Fields::new()
                .with("status", "SUCCEEDED")
                .with("execution", JsonPath::execution_id()),
        )))
        .result_path(JsonPath::DISCARD),
    );
    let notify_ok = Task::new(
        &definition,
        "NotifySucceeded",
        TaskProps::new(
            SnsPublish::new(topic.ref_value(), TaskInput::text("succeeded"))
                .subject("Data lake run \"ok\""),
        ),
    );
    let record_fail = Task::new(
        &definition,
        "RecordFailure",
        TaskProps::new(LambdaInvoke::new(&status).payload(TaskInput::object(
            Fields::new()
                .with("status", "FAILED")
                .with("error", JsonPath::at("$.error.Error"))
                .with("cause", JsonPath::at("$.error.Cause")),
        )))
        .result_path(JsonPath::DISCARD),
    );
    let notify_fail = Task::new(
        &definition,
        "NotifyFailed",
        TaskProps::new(SnsPublish::new(topic.ref_value(), TaskInput::text("failed"))),
    );
    let failed = Fail::new(
        &definition,
        "Failed",
        FailProps::new().error("LakeRunFailed").cause("a Glue job failed"),
    );
    let on_failure = record_fail.next(&notify_fail).next(&failed);
    let caught = || CatchProps::new().errors(["States.ALL"]).result_path("$.error");
    raw.add_catch(&on_failure, caught());
    conformed.add_catch(&on_failure, caught());
    let chain = raw
        .next(&conformed)
        .next(&record_ok)
        .next(&notify_ok)
        .next(&Succeed::new(&definition, "Succeeded", SucceedProps::new()));

    StateMachine::new(
        &stack,
        "Pipeline",
        StateMachineProps::new(&chain)
            .timeout_seconds(6 * 3600)
            .tracing_enabled(true)
            .logs(
                LogOptions::new(log_group.attr_arn())
                    .level(LogLevel::All)
                    .include_execution_data(true),
            ),
    );
}
