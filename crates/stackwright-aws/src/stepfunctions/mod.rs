//! Step Functions: a typed state graph (`Pass`, `Task`, `Choice`, `Wait`, `Parallel`, `Map`,
//! `Succeed`, `Fail`), service integrations that write exactly the IAM their state machine
//! needs, and [`StateMachine`].
//!
//! States live in a [`Definition`] (an arena: handles are cheap to clone, loops are fine) and
//! are linked with `.next(..)`, `Choice::when`, `add_catch`, `Parallel::branch` and
//! `Map::item_processor`. The state machine renders its definition at synthesis exactly as
//! aws-cdk-lib renders the same definition (key order, state order, references as `Fn::Join`
//! pieces), and synthesis reports every problem of the graph with the state machine's path and
//! the state's name.
//!
//! ```
//! use stackwright_aws::stepfunctions::{
//!     CatchProps, Definition, Fail, FailProps, GlueStartJobRun, IntegrationPattern, JsonPath,
//!     SnsPublish, StateMachine, StateMachineProps, Succeed, SucceedProps, Task, TaskInput,
//!     TaskProps,
//! };
//! use stackwright_core::{App, Stack, StackProps};
//!
//! let app = App::with_props(Default::default());
//! let stack = Stack::new(&app, "Lake", StackProps::default());
//! let topic = "arn:aws:sns:us-east-2:111111111111:alerts";
//! let definition = Definition::new();
//! let glue = |name: &str, job: &str| {
//!     Task::new(
//!         &definition,
//!         name,
//!         TaskProps::new(GlueStartJobRun::new(job).integration_pattern(IntegrationPattern::RunJob))
//!             .result_path(JsonPath::DISCARD),
//!     )
//! };
//! let notify = |name: &str, text: &str| {
//!     Task::new(&definition, name, TaskProps::new(SnsPublish::new(topic, TaskInput::text(text))))
//! };
//! let raw = glue("RawJob", "lake-raw");
//! let conformed = glue("ConformedJob", "lake-conformed");
//! let on_failure = notify("NotifyFailed", "failed").next(&Fail::new(&definition, "Failed", FailProps::new()));
//! raw.add_catch(&on_failure, CatchProps::new().result_path("$.error"));
//! conformed.add_catch(&on_failure, CatchProps::new().result_path("$.error"));
//! let chain = raw
//!     .next(&conformed)
//!     .next(&notify("NotifySucceeded", "succeeded"))
//!     .next(&Succeed::new(&definition, "Succeeded", SucceedProps::new()));
//! StateMachine::new(&stack, "Pipeline", StateMachineProps::new(&chain));
//! app.assemble().unwrap();
//! ```

mod aws_sdk;
mod choice;
mod condition;
mod definition;
mod dynamodb;
mod event_bridge;
mod field;
mod glue;
mod json_path;
mod lambda_invoke;
mod parallel;
mod refs;
mod render;
mod retry;
mod sns_publish;
mod start_execution;
mod state_machine;
mod states;
mod task;

pub use aws_sdk::CallAwsService;
pub use choice::{Choice, ChoiceProps};
pub use condition::Condition;
pub use definition::{Chain, Chainable, Definition};
pub use dynamodb::{
    DynamoAttributeValue, DynamoConsumedCapacity, DynamoGetItem, DynamoItemCollectionMetrics,
    DynamoPutItem, DynamoReturnValues, DynamoUpdateItem,
};
pub use event_bridge::{EventBridgePutEvents, EventEntry};
pub use field::{Field, Fields, TaskInput, TextValue};
pub use glue::GlueStartJobRun;
pub use json_path::{IntrinsicArg, JsonPath};
pub use lambda_invoke::{LambdaInvocationType, LambdaInvoke};
pub use parallel::{Map, MapProps, Parallel, ParallelProps};
pub use refs::{
    EventBusRef, FunctionRef, GlueJobRef, LogGroupRef, StateMachineRef, TableRef, TopicRef,
};
pub use retry::{CatchProps, Errors, JitterType, RetryProps};
pub use sns_publish::SnsPublish;
pub use start_execution::StepFunctionsStartExecution;
pub use state_machine::{LogLevel, LogOptions, StateMachine, StateMachineProps, StateMachineType};
pub use states::{
    Fail, FailProps, Pass, PassProps, Succeed, SucceedProps, Wait, WaitProps, WaitTime,
};
pub use task::{integration_resource, IntegrationPattern, Task, TaskIntegration, TaskProps};
