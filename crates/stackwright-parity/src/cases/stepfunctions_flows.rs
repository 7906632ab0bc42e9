//! Every kind of state (`Pass`, `Choice`, `Wait`, `Parallel`, `Map`, `Succeed`, `Fail`), typed
//! conditions, retries and catches, and the DynamoDB, EventBridge, nested state machine and
//! AWS SDK integrations, with grants on the state machines: the same tree as
//! `apps/stepfunctions_flows.js`. The states are linked in the same order as there, since the
//! order of `States` and of the role's statements follows it.

use stackwright::iam::{Principal, Role, RoleProps};
use stackwright::prelude::*;
use stackwright::stepfunctions::{
    CallAwsService, CatchProps, Choice, ChoiceProps, Condition, Definition, DynamoAttributeValue,
    DynamoGetItem, DynamoPutItem, DynamoReturnValues, DynamoUpdateItem, EventBridgePutEvents,
    EventEntry, Fail, FailProps, Field, Fields, IntegrationPattern, JitterType, JsonPath, Map,
    MapProps, Parallel, ParallelProps, Pass, PassProps, RetryProps, StateMachine,
    StateMachineProps, StateMachineType, StepFunctionsStartExecution, Succeed, SucceedProps, Task,
    TaskInput, TaskProps, Wait, WaitProps, WaitTime,
};

use crate::Ignore;

/// No accepted differences.
pub const IGNORED: &[Ignore] = &[];

/// Builds the app.
pub fn build(app: &App) {
    let env = Environment::new("111111111111", "us-east-2");
    let stack = Stack::new(app, "Flows", StackProps::default().env(env));

    let child_definition = Definition::new();
    let child = StateMachine::new(
        &stack,
        "Child",
        StateMachineProps::new(&Pass::new(&child_definition, "Echo", PassProps::new()))
            .state_machine_type(StateMachineType::Express)
            .state_machine_name("lake-child"),
    );

    let table = "orders";
    let bus = "arn:aws:events:us-east-2:111111111111:event-bus/lake";
    let d = Definition::new();
    let id = || JsonPath::at("$.id");

    let prepare = Pass::new(
        &d,
        "Prepare",
        PassProps::new()
            .parameters(
                Fields::new()
                    .with("id", JsonPath::at("$.order.id"))
                    .with(
                        "label",
                        JsonPath::format(
                            "order {} of {}",
                            [JsonPath::at("$.order.id").into(), JsonPath::at("$.customer").into()],
                        ),
                    )
                    .with("items", JsonPath::at("$.order.items"))
                    .with(
                        "fixed",
                        Field::from(serde_json::json!({
                            "nested": true, "count": 3, "ratio": 1.5, "none": null,
                            "list": [1, "two", {"three.$": "$.x"}]
                        })),
                    )
                    .with("started", JsonPath::state_entered_time()),
            )
            .result_path("$.prepared")
            .comment("Prepare the order"),
    );
    let check = Choice::new(
        &d,
        "Check",
        ChoiceProps::new().comment("Route the order").input_path("$.prepared"),
    );
    let wait = Wait::new(
        &d,
        "Hold",
        WaitProps::new(WaitTime::seconds_path("$.delay")).output_path("$.prepared"),
    );
    let wait_until = Wait::new(
        &d,
        "HoldUntil",
        WaitProps::new(WaitTime::timestamp("2030-01-01T00:00:00Z")),
    );
    let wait10 = Wait::new(&d, "Pause", WaitProps::new(WaitTime::seconds(10)));
    let rejected = Fail::new(
        &d,
        "Rejected",
        FailProps::new()
            .error_path("$.error")
            .cause_path(JsonPath::format("bad order {}", [id().into()])),
    );

    let save = Task::new(
        &d,
        "Save",
        TaskProps::new(
            DynamoPutItem::new(
                table,
                [
                    ("pk", DynamoAttributeValue::from_string(id())),
                    ("total", DynamoAttributeValue::from_number(42.5)),
                    ("open", DynamoAttributeValue::from_boolean(true)),
                    ("tags", DynamoAttributeValue::from_string_set(["a", "b"])),
                    (
                        "meta",
                        DynamoAttributeValue::from_map([
                            ("by", DynamoAttributeValue::from_string("lake")),
                            ("n", DynamoAttributeValue::number_from_string(JsonPath::at("$.n"))),
                        ]),
                    ),
                    ("list", DynamoAttributeValue::from_list([DynamoAttributeValue::from_null(true)])),
                ],
            )
            .condition_expression("attribute_not_exists(pk)")
            .return_values(DynamoReturnValues::None),
        )
        .result_path(JsonPath::DISCARD),
    );
    let update = Task::new(
        &d,
        "Touch",
        TaskProps::new(
            DynamoUpdateItem::new(table, [("pk", DynamoAttributeValue::from_string(id()))])
                .update_expression("SET #s = :s")
                .expression_attribute_names([("#s", "status")])
                .expression_attribute_values([(":s", DynamoAttributeValue::from_string("seen"))]),
        )
        .result_path(JsonPath::DISCARD),
    );
    let get = Task::new(
        &d,
        "Load",
        TaskProps::new(
            DynamoGetItem::new(table, [("pk", DynamoAttributeValue::from_string(id()))])
                .consistent_read(true),
        )
        .result_selector(Fields::new().with("item", JsonPath::at("$.Item")))
        .result_path("$.loaded"),
    );
    let announce = Task::new(
        &d,
        "Announce",
        TaskProps::new(EventBridgePutEvents::new([
            EventEntry::new(
                TaskInput::object(Fields::new().with("id", id())),
                "OrderSeen",
                "lake.orders",
            )
            .event_bus(bus),
            EventEntry::new(TaskInput::json_path_at("$.loaded"), "OrderLoaded", "lake.orders"),
        ]))
        .result_path(JsonPath::DISCARD),
    );
    let fanout = Parallel::new(
        &d,
        "Fanout",
        ParallelProps::new()
            .result_selector(Fields::new().with("first", JsonPath::at("$[0]")))
            .result_path("$.fanout"),
    );
    fanout.branch(&get.next(&announce));
    fanout.branch(&update);
    fanout.add_retry(
        RetryProps::new()
            .errors(["States.TaskFailed"])
            .interval_seconds(3)
            .max_attempts(2)
            .backoff_rate(1.5)
            .max_delay_seconds(30)
            .jitter(JitterType::Full),
    );
    fanout.add_retry(RetryProps::new().max_attempts(1));
    fanout.add_catch(
        &rejected,
        CatchProps::new().errors(["States.ALL"]).result_path("$.error"),
    );
    fanout.add_catch(&rejected, CatchProps::new().errors(["Custom.Error"]));

    let describe = Task::new(
        &d,
        "Describe",
        TaskProps::new(
            CallAwsService::new("s3", "headObject", ["arn:aws:s3:::lake-raw/*"])
                .parameters(
                    Fields::new()
                        .with("Bucket", "lake-raw")
                        .with("Key", JsonPath::at("$.key")),
                )
                .iam_action("s3:GetObject"),
        )
        .result_selector(Fields::new().with("size", JsonPath::at("$.ContentLength"))),
    );
    let list_buckets = Task::new(
        &d,
        "ListBuckets",
        TaskProps::new(CallAwsService::new("s3", "listBuckets", ["*"])),
    );
    let each = Map::new(
        &d,
        "EachFile",
        MapProps::new()
            .items_path("$.files")
            .max_concurrency(4)
            .item_selector(
                Fields::new()
                    .with("key", JsonPath::map_item_value())
                    .with("index", JsonPath::map_item_index()),
            )
            .result_path(JsonPath::DISCARD),
    );
    each.item_processor(&describe);
    let start = Task::new(
        &d,
        "RunChild",
        TaskProps::new(
            StepFunctionsStartExecution::new(&child)
                .integration_pattern(IntegrationPattern::RunJob)
                .input(TaskInput::object(Fields::new().with("id", id())))
                .name(id()),
        )
        .timeout_seconds(300)
        .heartbeat_seconds(60),
    );
    let start_async = Task::new(
        &d,
        "KickChild",
        TaskProps::new(StepFunctionsStartExecution::new(&child)),
    );
    let done = Succeed::new(&d, "Done", SucceedProps::new().comment("all good"));

    check
        .when(
            Condition::and([
                Condition::is_present("$.id"),
                Condition::not(Condition::is_null("$.id")),
            ]),
            &save,
        )
        .when(
            Condition::or([
                Condition::string_equals("$.kind", "bulk"),
                Condition::number_greater_than_equals("$.count", 100.0),
            ]),
            &wait,
        )
        .when(
            Condition::timestamp_less_than("$.due", "2030-01-01T00:00:00Z"),
            &wait_until,
        )
        .when(Condition::boolean_equals("$.skip", true), &done)
        .when(Condition::string_matches("$.name", "log-*.txt"), &wait10)
        .when(
            Condition::number_less_than_json_path("$.a", "$.b"),
            &list_buckets,
        )
        .otherwise(&rejected);
    save.next(&fanout);
    wait.next(&fanout);
    wait_until.next(&fanout);
    wait10.next(&each);
    list_buckets.next(&each);
    fanout
        .next(&each)
        .next(&start)
        .next(&start_async)
        .next(&done);

    let machine = StateMachine::new(
        &stack,
        "OrderFlow",
        StateMachineProps::new(&prepare.next(&check)).comment("Order flow"),
    );
    let ops = Role::new(
        &stack,
        "Ops",
        RoleProps::new(Principal::account("111111111111")),
    );
    let _ = machine.grant_start_execution(&ops);
    let _ = machine.grant_read(&ops);
    let _ = machine.grant_task_response(&ops);
    let _ = child.grant_start_sync_execution(&ops);
}
