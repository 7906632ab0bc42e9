//! The etl app: a small event-driven pipeline in one stack, `Etl`.
//!
//! 1. A CSV object lands under `incoming/` in the raw bucket, which sends its events to
//!    EventBridge.
//! 2. A rule matching "Object Created" events of that prefix starts the state machine with the
//!    event.
//! 3. The state machine runs the Glue job `raw_to_curated.py` (and waits for it: `.sync`) on the
//!    new object; it writes Parquet into the curated bucket.
//! 4. A Lambda function (`etl/notify/`) publishes the outcome to an SNS topic, on success and on
//!    failure. Should the notifier itself fail, the state machine publishes to the topic
//!    directly before failing.
//!
//! Least privilege throughout: the Glue job reads the raw bucket's `incoming/` objects (and its
//! own script) and reads and writes the curated bucket's `parquet/` objects, nothing else; the
//! function may only publish to the topic; the state machine may run this job, invoke this
//! function and publish to this topic; EventBridge may only start this state machine.

use std::path::PathBuf;

use stackwright::events::{EventPattern, Rule, RuleProps, SfnStateMachineTarget};
use stackwright::glue::{Code as GlueCode, Job, JobProps, JobType, WorkerType};
use stackwright::lambda::{Code, Function, FunctionProps, Runtime};
use stackwright::logs::RetentionDays;
use stackwright::prelude::*;
use stackwright::s3::{Bucket, BucketAccess, BucketProps};
use stackwright::sns::{Topic, TopicProps};
use stackwright::stepfunctions::{
    CatchProps, Definition, Errors, Fail, FailProps, Fields, GlueStartJobRun, IntegrationPattern,
    JsonPath, LambdaInvoke, RetryProps, SnsPublish, StateMachine, StateMachineProps, Succeed,
    SucceedProps, Task, TaskInput, TaskProps,
};

/// The prefix of the raw bucket whose new objects start the pipeline.
pub const INCOMING_PREFIX: &str = "incoming/";
/// The prefix of the curated bucket the Glue job writes to.
pub const CURATED_PREFIX: &str = "parquet/";

/// The folder of the example's scripts and function code (`examples/etl`).
pub fn assets_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("etl")
}

/// Builds the etl app into `app`.
pub fn build(app: &App) {
    let env = Environment::new("111111111111", "us-east-2");
    let stack = Stack::new(
        app,
        "Etl",
        StackProps::default().env(env).description(
            "CSV to Parquet on arrival: S3, EventBridge, Step Functions, Glue, Lambda, SNS",
        ),
    );

    let raw = Bucket::new(&stack, "Raw", BucketProps::new().event_bridge_enabled(true));
    let curated = Bucket::new(&stack, "Curated", BucketProps::new());
    let topic = Topic::new(
        &stack,
        "RunNotifications",
        TopicProps::new().display_name("ETL runs"),
    );

    let job = Job::new(
        &stack,
        "RawToCurated",
        JobProps::new(
            JobType::SparkEtl,
            GlueCode::from_asset(assets_dir().join("raw_to_curated.py")),
        )
        .description("Converts one CSV object of the raw bucket into Parquet")
        .workers(WorkerType::G1X, 2)
        .timeout_minutes(60)
        .max_concurrent_runs(3)
        .argument("--raw_bucket", raw.bucket_name())
        .argument("--curated_bucket", curated.bucket_name()),
    );
    let incoming_objects = format!("{INCOMING_PREFIX}*");
    let curated_objects = format!("{CURATED_PREFIX}*");
    let _ = raw.grant_access(&job, BucketAccess::Read, &incoming_objects);
    // Spark lists and renames what it writes, so it reads its own output too.
    let _ = curated.grant_access(&job, BucketAccess::ReadWrite, &curated_objects);

    let notify = Function::new(
        &stack,
        "Notify",
        FunctionProps::new(
            Runtime::Python3_12,
            "index.handler",
            Code::from_asset(assets_dir().join("notify")),
        )
        .description("Publishes the outcome of an ETL run")
        .timeout_seconds(30)
        .log_retention(RetentionDays::OneMonth)
        .environment("TOPIC_ARN", topic.topic_arn()),
    );
    let _ = topic.grant_publish(&notify);

    let machine = state_machine(&stack, &job, &notify, &topic);

    let on_upload = Rule::new(
        &stack,
        "OnUpload",
        RuleProps::new()
            .description("Starts the ETL state machine for each new object under incoming/")
            .event_pattern(EventPattern::s3_object_created(
                raw.bucket_name(),
                Some(INCOMING_PREFIX),
            )),
    );
    on_upload.add_target(&SfnStateMachineTarget::new(&machine));
}

/// Run the job, then notify; on any failure notify and fail; if notifying fails, publish
/// directly and fail.
fn state_machine(stack: &Stack, job: &Job, notify: &Function, topic: &Topic) -> StateMachine {
    let d = Definition::new();
    let source_key = JsonPath::at("$.detail.object.key");

    let run_job = Task::new(
        &d,
        "RunEtlJob",
        TaskProps::new(
            GlueStartJobRun::new(job)
                .integration_pattern(IntegrationPattern::RunJob)
                .arguments(TaskInput::object(
                    Fields::new().with("--source_key", source_key.clone()),
                )),
        )
        .timeout_seconds(3600)
        .result_path("$.glue"),
    );
    // Uploads in a burst can exceed the job's concurrent runs: wait and try again.
    run_job.add_retry(
        RetryProps::new()
            .errors(["Glue.ConcurrentRunsExceededException"])
            .interval_seconds(60)
            .max_attempts(5)
            .backoff_rate(2.0),
    );

    let notification = |name: &str, fields: Fields| {
        let task = Task::new(
            &d,
            name,
            TaskProps::new(
                LambdaInvoke::new(notify).payload(TaskInput::object(
                    fields
                        .with("execution", JsonPath::execution_id())
                        .with("source_key", source_key.clone()),
                )),
            )
            .result_path(JsonPath::DISCARD),
        );
        task.add_retry(
            RetryProps::new()
                .errors([Errors::TASKS_FAILED])
                .interval_seconds(5)
                .max_attempts(2)
                .backoff_rate(2.0),
        );
        task
    };
    let notify_success = notification(
        "NotifySuccess",
        Fields::new()
            .with("status", "SUCCEEDED")
            .with("job_run_id", JsonPath::at("$.glue.Id")),
    );
    let notify_failure = notification(
        "NotifyFailure",
        Fields::new()
            .with("status", "FAILED")
            .with("error", JsonPath::at("$.error")),
    );
    let publish_fallback = Task::new(
        &d,
        "PublishFallback",
        TaskProps::new(
            SnsPublish::new(
                topic,
                TaskInput::from_json_path(JsonPath::format(
                    "The ETL notifier failed for execution {}",
                    [JsonPath::execution_id().into()],
                )),
            )
            .subject("ETL notification failed"),
        ),
    );
    let etl_failed = Fail::new(
        &d,
        "EtlFailed",
        FailProps::new()
            .error("EtlFailed")
            .cause("the Glue job failed; see the notification"),
    );
    let notification_failed = Fail::new(
        &d,
        "NotificationFailed",
        FailProps::new()
            .error("NotificationFailed")
            .cause("the notifier function failed"),
    );

    run_job.add_catch(
        &notify_failure,
        CatchProps::new()
            .errors([Errors::ALL])
            .result_path("$.error"),
    );
    for task in [&notify_success, &notify_failure] {
        task.add_catch(
            &publish_fallback,
            CatchProps::new()
                .errors([Errors::ALL])
                .result_path("$.notify_error"),
        );
    }
    notify_failure.next(&etl_failed);
    publish_fallback.next(&notification_failed);
    let chain = run_job
        .next(&notify_success)
        .next(&Succeed::new(&d, "Done", SucceedProps::new()));

    StateMachine::new(
        stack,
        "Pipeline",
        StateMachineProps::new(&chain)
            .timeout_seconds(2 * 3600)
            .comment("Raw CSV to curated Parquet, with notifications"),
    )
}
