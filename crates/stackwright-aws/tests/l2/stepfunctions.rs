//! Step Functions: the definition each state renders to (key and state order as aws-cdk-lib
//! writes them), retries and catches, the IAM each integration writes, the state machine's
//! resources, every graph and JSON path error with its path and state, and cfn-lint.

use serde_json::{json, Value as Json};
use stackwright_assertions::tools::Tools;
use stackwright_assertions::Template;
use stackwright_aws::iam::{Principal, Role, RoleProps};
use stackwright_aws::lambda::{Code, Function, FunctionProps, Runtime};
use stackwright_aws::stepfunctions::{
    CallAwsService, CatchProps, Chain, Choice, ChoiceProps, Condition, Definition,
    DynamoAttributeValue, DynamoGetItem, DynamoPutItem, DynamoUpdateItem, Errors,
    EventBridgePutEvents, EventEntry, Fail, FailProps, Field, Fields, GlueStartJobRun,
    IntegrationPattern, JitterType, JsonPath, LambdaInvoke, LogLevel, LogOptions, Map, MapProps,
    Parallel, ParallelProps, Pass, PassProps, RetryProps, SnsPublish, StateMachine,
    StateMachineProps, StateMachineType, StepFunctionsStartExecution, Succeed, SucceedProps, Task,
    TaskInput, TaskProps, Wait, WaitProps, WaitTime,
};
use stackwright_core::{
    App, AppProps, CloudAssembly, Environment, RemovalPolicy, Stack, StackProps,
};

fn app_and_stack() -> (App, Stack) {
    let app = App::with_props(AppProps::default());
    let stack = Stack::new(
        &app,
        "A",
        StackProps::default().env(Environment::new("111111111111", "us-east-2")),
    );
    (app, stack)
}

fn resources(assembly: &CloudAssembly, stack: &str, type_name: &str) -> Vec<(String, Json)> {
    Template::from_stack(assembly, stack)
        .find_resources(type_name, stackwright_assertions::Match::any_value())
}

/// The definition of the stack's state machine with id `Machine` (or its only one) as JSON:
/// references written as `${LogicalId}`, `${LogicalId.Attribute}` or `${AWS::Partition}`.
fn definition(assembly: &CloudAssembly, stack: &str) -> Json {
    let machines = resources(assembly, stack, "AWS::StepFunctions::StateMachine");
    let (_, machine) = machines
        .iter()
        .find(|(id, _)| id.starts_with("Machine"))
        .unwrap_or(&machines[0]);
    let text = match &machine["Properties"]["DefinitionString"] {
        Json::String(s) => s.clone(),
        joined => joined["Fn::Join"][1]
            .as_array()
            .unwrap()
            .iter()
            .map(|piece| match piece {
                Json::String(s) => s.clone(),
                r if r.get("Ref").is_some() => format!("${{{}}}", r["Ref"].as_str().unwrap()),
                g if g.get("Fn::GetAtt").is_some() => format!(
                    "${{{}.{}}}",
                    g["Fn::GetAtt"][0].as_str().unwrap(),
                    g["Fn::GetAtt"][1].as_str().unwrap()
                ),
                i if i.get("Fn::ImportValue").is_some() => {
                    format!("${{import:{}}}", i["Fn::ImportValue"].as_str().unwrap())
                }
                other => panic!("unexpected piece {other}"),
            })
            .collect(),
    };
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The statements of the state machine role's default policy.
fn role_statements(assembly: &CloudAssembly, stack: &str) -> Json {
    let policies = resources(assembly, stack, "AWS::IAM::Policy");
    let (_, policy) = policies
        .iter()
        .find(|(id, _)| id.contains("RoleDefaultPolicy"))
        .expect("a default policy");
    policy["Properties"]["PolicyDocument"]["Statement"].clone()
}

/// Key order matters in a definition: compare the JSON text.
fn assert_same_text(actual: &Json, expected: &Json) {
    assert_eq!(
        serde_json::to_string(actual).unwrap(),
        serde_json::to_string(expected).unwrap()
    );
}

fn partition_arn(rest: &str) -> Json {
    json!({"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, rest]]})
}

#[test]
fn every_kind_of_state_renders_in_aws_cdk_lib_order() {
    // The same definition written with aws-cdk-lib 2.276 gives exactly this text.
    let (app, stack) = app_and_stack();
    let d = Definition::new();
    let start = Pass::new(
        &d,
        "Start",
        PassProps::new()
            .comment("c")
            .result(json!({"a": 1}))
            .result_path("$.r")
            .input_path("$.in")
            .output_path("$.out"),
    );
    let route = Choice::new(&d, "Route", ChoiceProps::new());
    let nap = Wait::new(&d, "Nap", WaitProps::new(WaitTime::seconds(5)));
    let each = Map::new(
        &d,
        "Each",
        MapProps::new()
            .items_path("$.items")
            .max_concurrency(2)
            .item_selector(Fields::new().with("v", JsonPath::map_item_value())),
    );
    let broken = Fail::new(&d, "Broken", FailProps::new().error("E").cause("C"));
    let both = Parallel::new(&d, "Both", ParallelProps::new().output_path("$[0]"));
    both.branch(&Pass::new(&d, "L", PassProps::new()))
        .branch(&Succeed::new(&d, "R", SucceedProps::new()));
    let done = Succeed::new(&d, "Done", SucceedProps::new());
    each.item_processor(&Pass::new(&d, "One", PassProps::new()));
    route
        .when(Condition::string_equals("$.kind", "wait"), &nap)
        .when(Condition::is_present("$.items"), &each)
        .otherwise(&broken);
    nap.next(&both).next(&done);
    each.next(&done);
    StateMachine::new(
        &stack,
        "Machine",
        StateMachineProps::new(&start.next(&route)),
    );
    let assembly = app.assemble().unwrap();
    let machines = resources(&assembly, "A", "AWS::StepFunctions::StateMachine");
    assert_eq!(machines[0].0, "Machine6FC8AE80");
    let expected = r#"{"StartAt":"Start","States":{"Start":{"Type":"Pass","Comment":"c","Result":{"a":1},"ResultPath":"$.r","InputPath":"$.in","OutputPath":"$.out","Next":"Route"},"Route":{"Type":"Choice","Choices":[{"Variable":"$.kind","StringEquals":"wait","Next":"Nap"},{"Variable":"$.items","IsPresent":true,"Next":"Each"}],"Default":"Broken"},"Broken":{"Type":"Fail","Error":"E","Cause":"C"},"Nap":{"Type":"Wait","Seconds":5,"Next":"Both"},"Both":{"Type":"Parallel","Next":"Done","OutputPath":"$[0]","Branches":[{"StartAt":"L","States":{"L":{"Type":"Pass","End":true}}},{"StartAt":"R","States":{"R":{"Type":"Succeed"}}}]},"Done":{"Type":"Succeed"},"Each":{"Type":"Map","Next":"Done","ItemsPath":"$.items","ItemSelector":{"v.$":"$$.Map.Item.Value"},"ItemProcessor":{"ProcessorConfig":{"Mode":"INLINE"},"StartAt":"One","States":{"One":{"Type":"Pass","End":true}}},"MaxConcurrency":2}}}"#;
    assert_eq!(
        machines[0].1["Properties"]["DefinitionString"],
        json!(expected),
        "no reference: a plain string"
    );
}

#[test]
fn wait_times_fail_paths_and_conditions_render() {
    let (app, stack) = app_and_stack();
    let d = Definition::new();
    let check = Choice::new(
        &d,
        "Check",
        ChoiceProps::new().comment("route").input_path("$.in"),
    );
    let until = Wait::new(
        &d,
        "Until",
        WaitProps::new(WaitTime::timestamp_path("$.at")),
    );
    let secs = Wait::new(&d, "Secs", WaitProps::new(WaitTime::seconds_path("$.s")));
    let stamp = Wait::new(
        &d,
        "Stamp",
        WaitProps::new(WaitTime::timestamp("2030-01-01T00:00:00Z")),
    );
    let failed = Fail::new(
        &d,
        "Failed",
        FailProps::new()
            .error_path("$.Error")
            .cause_path(JsonPath::json_to_string(JsonPath::at("$.Cause"))),
    );
    check
        .when(
            Condition::or([
                Condition::number_less_than("$.n", 1.5),
                Condition::timestamp_greater_than_equals_json_path("$.t", "$.limit"),
            ]),
            &until,
        )
        .when(Condition::not(Condition::is_boolean("$.b")), &secs)
        .when(Condition::string_greater_than("$.s", "m"), &stamp)
        .otherwise(&failed);
    for wait in [&until, &secs, &stamp] {
        wait.next(&Succeed::new(
            &d,
            &format!("{}Done", wait.name()),
            SucceedProps::new(),
        ));
    }
    StateMachine::new(&stack, "Machine", StateMachineProps::new(&check));
    let states = &definition(&app.assemble().unwrap(), "A")["States"];
    assert_same_text(
        &states["Check"],
        &json!({"Type": "Choice", "Comment": "route", "InputPath": "$.in", "Choices": [
            {"Or": [
                {"Variable": "$.n", "NumericLessThan": 1.5},
                {"Variable": "$.t", "TimestampGreaterThanEqualsPath": "$.limit"}
            ], "Next": "Until"},
            {"Not": {"Variable": "$.b", "IsBoolean": true}, "Next": "Secs"},
            {"Variable": "$.s", "StringGreaterThan": "m", "Next": "Stamp"}
        ], "Default": "Failed"}),
    );
    assert_same_text(
        &states["Until"],
        &json!({"Type": "Wait", "TimestampPath": "$.at", "Next": "UntilDone"}),
    );
    assert_same_text(&states["Secs"]["SecondsPath"], &json!("$.s"));
    assert_same_text(
        &states["Stamp"]["Timestamp"],
        &json!("2030-01-01T00:00:00Z"),
    );
    assert_same_text(
        &states["Failed"],
        &json!({"Type": "Fail", "ErrorPath": "$.Error", "CausePath": "States.JsonToString($.Cause)"}),
    );
}

fn status_function(stack: &Stack) -> Function {
    Function::new(
        stack,
        "Status",
        FunctionProps::new(
            Runtime::Python3_12,
            "index.handler",
            Code::from_inline("def handler(event, context):\n    return event\n"),
        ),
    )
}

#[test]
fn retries_and_catches_put_states_all_last_and_lambda_retries_service_errors() {
    let (app, stack) = app_and_stack();
    let function = status_function(&stack);
    let d = Definition::new();
    let invoke = Task::new(
        &d,
        "Invoke",
        TaskProps::new(LambdaInvoke::new(&function))
            .timeout_seconds(30)
            .heartbeat_seconds(10)
            .result_selector(Fields::new().with("body", JsonPath::at("$.Payload.body"))),
    );
    let handler = Pass::new(&d, "Handle", PassProps::new());
    invoke
        .add_retry(RetryProps::new().max_attempts(1))
        .add_retry(
            RetryProps::new()
                .errors([Errors::TIMEOUT])
                .interval_seconds(5)
                .backoff_rate(1.5)
                .max_delay_seconds(60)
                .jitter(JitterType::Full),
        )
        .add_catch(&handler, CatchProps::new().result_path("$.error"))
        .add_catch(
            &handler,
            CatchProps::new()
                .errors(["Custom.Error"])
                .result_path(JsonPath::DISCARD),
        );
    StateMachine::new(&stack, "Machine", StateMachineProps::new(&invoke));
    let states = &definition(&app.assemble().unwrap(), "A")["States"];
    assert_same_text(
        &states["Invoke"],
        &json!({
            "End": true,
            "Retry": [
                {"ErrorEquals": ["Lambda.ClientExecutionTimeoutException", "Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException"],
                 "IntervalSeconds": 2, "MaxAttempts": 6, "BackoffRate": 2},
                {"ErrorEquals": ["States.Timeout"], "IntervalSeconds": 5, "BackoffRate": 1.5, "MaxDelaySeconds": 60, "JitterStrategy": "FULL"},
                {"ErrorEquals": ["States.ALL"], "MaxAttempts": 1}
            ],
            "Catch": [
                {"ErrorEquals": ["Custom.Error"], "ResultPath": null, "Next": "Handle"},
                {"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Handle"}
            ],
            "Type": "Task",
            "TimeoutSeconds": 30,
            "HeartbeatSeconds": 10,
            "ResultSelector": {"body.$": "$.Payload.body"},
            "Resource": "arn:${AWS::Partition}:states:::lambda:invoke",
            "Parameters": {"FunctionName": "${Status274336EC.Arn}", "Payload.$": "$"}
        }),
    );
}

#[test]
fn the_lake_pipeline_gets_exactly_the_iam_it_needs() {
    let (app, stack) = app_and_stack();
    let function = status_function(&stack);
    let topic = "arn:aws:sns:us-east-2:111111111111:alerts";
    let d = Definition::new();
    let glue = |name: &str, job: &str| {
        Task::new(
            &d,
            name,
            TaskProps::new(
                GlueStartJobRun::new(job).integration_pattern(IntegrationPattern::RunJob),
            ),
        )
    };
    let record = |name: &str| Task::new(&d, name, TaskProps::new(LambdaInvoke::new(&function)));
    let notify = |name: &str, text: &str| {
        Task::new(
            &d,
            name,
            TaskProps::new(SnsPublish::new(topic, TaskInput::text(text))),
        )
    };
    let raw = glue("RawJob", "lake-raw");
    let conformed = glue("ConformedJob", "lake-conformed");
    let failure = record("RecordFailure")
        .next(&notify("NotifyFailed", "failed"))
        .next(&Fail::new(&d, "Failed", FailProps::new()));
    raw.add_catch(&failure, CatchProps::new().errors([Errors::ALL]));
    conformed.add_catch(&failure, CatchProps::new().errors([Errors::ALL]));
    let chain = raw
        .next(&conformed)
        .next(&record("RecordSuccess"))
        .next(&notify("NotifySucceeded", "succeeded"))
        .next(&Succeed::new(&d, "Succeeded", SucceedProps::new()));
    StateMachine::new(&stack, "Pipeline", StateMachineProps::new(&chain));
    let assembly = app.assemble().unwrap();
    let glue_actions = json!([
        "glue:StartJobRun",
        "glue:GetJobRun",
        "glue:GetJobRuns",
        "glue:BatchStopJobRun"
    ]);
    assert_eq!(
        role_statements(&assembly, "A"),
        json!([
            {"Action": glue_actions, "Effect": "Allow", "Resource": partition_arn(":glue:us-east-2:111111111111:job/lake-raw")},
            {"Action": glue_actions, "Effect": "Allow", "Resource": partition_arn(":glue:us-east-2:111111111111:job/lake-conformed")},
            {"Action": "lambda:InvokeFunction", "Effect": "Allow", "Resource": [
                {"Fn::GetAtt": ["Status274336EC", "Arn"]},
                {"Fn::Join": ["", [{"Fn::GetAtt": ["Status274336EC", "Arn"]}, ":*"]]}
            ]},
            {"Action": "sns:Publish", "Effect": "Allow", "Resource": topic}
        ])
    );
    let order: Vec<String> = definition(&assembly, "A")["States"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(
        order,
        [
            "RawJob",
            "ConformedJob",
            "RecordSuccess",
            "NotifySucceeded",
            "Succeeded",
            "RecordFailure",
            "NotifyFailed",
            "Failed"
        ]
    );
}

/// One state machine whose only state is a task of `integration`; returns the task's JSON and
/// the role's statements.
fn single_task(integration: TaskProps) -> (Json, Json) {
    let (app, stack) = app_and_stack();
    let d = Definition::new();
    let task = Task::new(&d, "T", integration);
    StateMachine::new(&stack, "Machine", StateMachineProps::new(&task));
    let assembly = app.assemble().unwrap_or_else(|e| panic!("{e}"));
    (
        definition(&assembly, "A")["States"]["T"].clone(),
        role_statements(&assembly, "A"),
    )
}

#[test]
fn glue_request_response_may_only_start_runs() {
    let (task, statements) = single_task(
        TaskProps::new(
            GlueStartJobRun::new("job")
                .arguments(TaskInput::object(
                    Fields::new().with("--day", JsonPath::at("$.day")),
                ))
                .workers("G.1X", 2)
                .notify_delay_after_minutes(5),
        )
        .timeout_seconds(600),
    );
    assert_same_text(
        &task,
        &json!({"End": true, "Type": "Task", "Resource": "arn:${AWS::Partition}:states:::glue:startJobRun",
            "Parameters": {"JobName": "job", "Arguments": {"--day.$": "$.day"}, "Timeout": 10,
                "NotificationProperty": {"NotifyDelayAfter": 5}, "WorkerType": "G.1X", "NumberOfWorkers": 2}}),
    );
    assert_eq!(
        statements,
        json!([{"Action": "glue:StartJobRun", "Effect": "Allow", "Resource": partition_arn(":glue:us-east-2:111111111111:job/job")}])
    );
}

#[test]
fn dynamodb_tasks_write_typed_attribute_values_and_table_scoped_iam() {
    let key = || {
        [(
            "pk",
            DynamoAttributeValue::from_string(JsonPath::at("$.id")),
        )]
    };
    let table_arn = partition_arn(":dynamodb:us-east-2:111111111111:table/orders");
    let (put, statements) = single_task(TaskProps::new(DynamoPutItem::new(
        "orders",
        [
            ("pk", DynamoAttributeValue::from_string("a")),
            ("n", DynamoAttributeValue::from_number(3.0)),
            ("ns", DynamoAttributeValue::from_number_set([1.0, 2.5])),
            (
                "m",
                DynamoAttributeValue::map_from_json_path(JsonPath::at("$.m")),
            ),
            (
                "b",
                DynamoAttributeValue::boolean_from_json_path(JsonPath::at("$.b")),
            ),
        ],
    )));
    assert_same_text(
        &put["Parameters"],
        &json!({"Item": {"pk": {"S": "a"}, "n": {"N": "3"}, "ns": {"NS": ["1", "2.5"]}, "m": {"M.$": "$.m"}, "b": {"BOOL.$": "$.b"}},
            "TableName": "orders"}),
    );
    assert_eq!(
        put["Resource"],
        json!("arn:${AWS::Partition}:states:::dynamodb:putItem")
    );
    assert_eq!(
        statements,
        json!([{"Action": "dynamodb:PutItem", "Effect": "Allow", "Resource": table_arn}])
    );

    let (get, statements) = single_task(TaskProps::new(
        DynamoGetItem::new("orders", key()).projection(["a", "b"]),
    ));
    assert_same_text(
        &get["Parameters"],
        &json!({"Key": {"pk": {"S.$": "$.id"}}, "TableName": "orders", "ConsistentRead": false, "ProjectionExpression": "a,b"}),
    );
    assert_eq!(statements[0]["Action"], json!("dynamodb:GetItem"));

    let (update, statements) = single_task(TaskProps::new(
        DynamoUpdateItem::new("orders", key())
            .update_expression("SET n = n + :one")
            .expression_attribute_values([(":one", DynamoAttributeValue::from_number(1.0))]),
    ));
    assert_same_text(
        &update["Parameters"],
        &json!({"Key": {"pk": {"S.$": "$.id"}}, "TableName": "orders", "ExpressionAttributeValues": {":one": {"N": "1"}}, "UpdateExpression": "SET n = n + :one"}),
    );
    assert_eq!(statements[0]["Action"], json!("dynamodb:UpdateItem"));
}

#[test]
fn nested_executions_event_bridge_and_sdk_calls_write_their_iam() {
    let (app, stack) = app_and_stack();
    let child_definition = Definition::new();
    let child = StateMachine::new(
        &stack,
        "Child",
        StateMachineProps::new(&Pass::new(&child_definition, "Echo", PassProps::new())),
    );
    let d = Definition::new();
    let run = Task::new(
        &d,
        "Run",
        TaskProps::new(
            StepFunctionsStartExecution::new(&child)
                .integration_pattern(IntegrationPattern::RunJob)
                .associate_with_parent(true),
        ),
    );
    let imported = Task::new(
        &d,
        "Kick",
        TaskProps::new(StepFunctionsStartExecution::new(
            "arn:aws:states:us-east-2:111111111111:stateMachine:other",
        )),
    );
    let events = Task::new(
        &d,
        "Emit",
        TaskProps::new(EventBridgePutEvents::new([EventEntry::new(
            TaskInput::text("hello"),
            "Greeting",
            "lake.test",
        )])),
    );
    let sdk = Task::new(
        &d,
        "Describe",
        TaskProps::new(CallAwsService::new("sfn", "describeExecution", ["*"])),
    );
    StateMachine::new(
        &stack,
        "Machine",
        StateMachineProps::new(&run.next(&imported).next(&events).next(&sdk)),
    );
    let assembly = app.assemble().unwrap();
    let states = &definition(&assembly, "A")["States"];
    assert_same_text(
        &states["Run"]["Parameters"],
        &json!({"Input": {"AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id"}, "StateMachineArn": "${ChildDAB30558}"}),
    );
    assert_eq!(
        states["Run"]["Resource"],
        json!("arn:${AWS::Partition}:states:::states:startExecution.sync:2")
    );
    assert_eq!(
        states["Describe"]["Resource"],
        json!("arn:${AWS::Partition}:states:::aws-sdk:sfn:describeExecution")
    );
    assert_eq!(states["Describe"]["Parameters"], json!({}));
    assert_same_text(
        &states["Emit"]["Parameters"],
        &json!({"Entries": [{"Detail": "hello", "DetailType": "Greeting", "Source": "lake.test"}]}),
    );
    let policies = resources(&assembly, "A", "AWS::IAM::Policy");
    let statements = &policies
        .iter()
        .find(|(id, _)| id.starts_with("MachineRole"))
        .unwrap()
        .1["Properties"]["PolicyDocument"]["Statement"];
    assert_eq!(
        *statements,
        json!([
            {"Action": "states:StartExecution", "Effect": "Allow", "Resource": {"Ref": "ChildDAB30558"}},
            {"Action": ["states:DescribeExecution", "states:StopExecution"], "Effect": "Allow", "Resource": {"Fn::Join": ["", [
                "arn:", {"Ref": "AWS::Partition"}, ":states:us-east-2:111111111111:execution:",
                {"Fn::Select": [6, {"Fn::Split": [":", {"Ref": "ChildDAB30558"}]}]}, "*"]]}},
            {"Action": ["events:PutTargets", "events:PutRule", "events:DescribeRule"], "Effect": "Allow",
             "Resource": partition_arn(":events:us-east-2:111111111111:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule")},
            {"Action": "states:StartExecution", "Effect": "Allow", "Resource": "arn:aws:states:us-east-2:111111111111:stateMachine:other"},
            {"Action": "events:PutEvents", "Effect": "Allow", "Resource": partition_arn(":events:us-east-2:111111111111:event-bus/default")},
            {"Action": "states:describeExecution", "Effect": "Allow", "Resource": "*"}
        ])
    );
}

#[test]
fn a_state_machine_has_a_scoped_role_logging_tracing_and_grants() {
    let (app, stack) = app_and_stack();
    let d = Definition::new();
    let machine = StateMachine::new(
        &stack,
        "Machine",
        StateMachineProps::new(&Pass::new(&d, "Only", PassProps::new()))
            .state_machine_name("lake-flow")
            .state_machine_type(StateMachineType::Express)
            .timeout_seconds(60)
            .comment("one state")
            .tracing_enabled(false)
            .logs(
                LogOptions::new("arn:aws:logs:us-east-2:111111111111:log-group:flow:*")
                    .level(LogLevel::Fatal),
            )
            .removal_policy(RemovalPolicy::Retain),
    );
    let ops = Role::new(
        &stack,
        "Ops",
        RoleProps::new(Principal::account("111111111111")),
    );
    let _ = machine.grant_start_execution(&ops);
    let _ = machine.grant_execution(&ops, &["states:StopExecution"]);
    let assembly = app.assemble().unwrap();
    let template = &assembly.stack("A").unwrap().template;
    let resources = &template["Resources"];
    assert_eq!(
        resources["MachineRoleD2D3D395"]["Properties"]["AssumeRolePolicyDocument"]["Statement"],
        json!([{
            "Action": "sts:AssumeRole",
            "Condition": {
                "ArnLike": {"aws:SourceArn": partition_arn(":states:us-east-2:111111111111:stateMachine:*")},
                "StringEquals": {"aws:SourceAccount": "111111111111"}
            },
            "Effect": "Allow",
            "Principal": {"Service": "states.amazonaws.com"}
        }])
    );
    let machine_json = &resources["Machine6FC8AE80"];
    assert_eq!(
        machine_json["Properties"],
        json!({
            "DefinitionString": "{\"StartAt\":\"Only\",\"States\":{\"Only\":{\"Type\":\"Pass\",\"End\":true}},\"TimeoutSeconds\":60,\"Comment\":\"one state\"}",
            "LoggingConfiguration": {
                "Destinations": [{"CloudWatchLogsLogGroup": {"LogGroupArn": "arn:aws:logs:us-east-2:111111111111:log-group:flow:*"}}],
                "Level": "FATAL"
            },
            "RoleArn": {"Fn::GetAtt": ["MachineRoleD2D3D395", "Arn"]},
            "StateMachineName": "lake-flow",
            "StateMachineType": "EXPRESS",
            "TracingConfiguration": {"Enabled": false}
        })
    );
    assert_eq!(machine_json["DeletionPolicy"], json!("Retain"));
    let depends: Vec<&str> = machine_json["DependsOn"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        depends.len(),
        1,
        "the role's default policy (the role itself is ordered by the reference): {depends:?}"
    );
    assert_eq!(
        role_statements(&assembly, "A"),
        json!([{"Action": [
            "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
            "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"
        ], "Effect": "Allow", "Resource": "*"}])
    );
    let ops_policy = resources
        .as_object()
        .unwrap()
        .iter()
        .find(|(id, _)| id.starts_with("OpsDefaultPolicy"))
        .unwrap()
        .1;
    assert_eq!(
        ops_policy["Properties"]["PolicyDocument"]["Statement"],
        json!([
            {"Action": "states:StartExecution", "Effect": "Allow", "Resource": {"Ref": "Machine6FC8AE80"}},
            {"Action": "states:StopExecution", "Effect": "Allow", "Resource": {"Fn::Join": ["", [
                "arn:", {"Ref": "AWS::Partition"}, ":states:us-east-2:111111111111:execution:",
                {"Fn::Select": [6, {"Fn::Split": [":", {"Ref": "Machine6FC8AE80"}]}]}, ":*"]]}}
        ])
    );
}

#[test]
fn a_function_in_another_stack_is_imported_into_the_definition() {
    let (app, stack) = app_and_stack();
    let other = Stack::new(
        &app,
        "B",
        StackProps::default().env(Environment::new("111111111111", "us-east-2")),
    );
    let function = status_function(&other);
    let d = Definition::new();
    let task = Task::new(
        &d,
        "Invoke",
        TaskProps::new(LambdaInvoke::new(&function).retry_on_service_exceptions(false)),
    );
    StateMachine::new(&stack, "Machine", StateMachineProps::new(&task));
    let assembly = app.assemble().unwrap();
    let machines = resources(&assembly, "A", "AWS::StepFunctions::StateMachine");
    let pieces = &machines[0].1["Properties"]["DefinitionString"]["Fn::Join"][1];
    assert_eq!(
        pieces[3],
        json!({"Fn::ImportValue": "B:ExportsOutputFnGetAttStatus274336ECArn1545101F"})
    );
    let invoke = &definition(&assembly, "A")["States"]["Invoke"];
    assert_eq!(
        invoke["Parameters"]["FunctionName"],
        json!("${import:B:ExportsOutputFnGetAttStatus274336ECArn1545101F}")
    );
    assert!(
        invoke.get("Retry").is_none(),
        "the service-error retry is off"
    );
}

#[test]
fn graph_errors_name_the_state_machine_and_the_state() {
    let (app, stack) = app_and_stack();
    let d = Definition::new();
    let start = Pass::new(&d, "Start", PassProps::new());
    let twin = Pass::new(&d, "Start", PassProps::new());
    let orphan = Pass::new(&d, "Orphan", PassProps::new());
    let stuck = Choice::new(&d, "Stuck", ChoiceProps::new());
    let empty = Parallel::new(&d, "Empty", ParallelProps::new());
    let no_items = Map::new(&d, "NoItems", MapProps::new());
    let outside = Pass::new(&d, "Outside", PassProps::new());
    let leaving = Pass::new(&d, "Leaving", PassProps::new());
    let fan = Parallel::new(&d, "Fan", ParallelProps::new());
    fan.branch(&leaving);
    leaving.next(&outside);
    orphan.next(&twin);
    Chain::start(&start)
        .next(&twin)
        .next(&empty)
        .next(&no_items)
        .next(&fan)
        .next(&outside)
        .next(&stuck);
    StateMachine::new(&stack, "Machine", StateMachineProps::new(&start));
    let errors = app.assemble().unwrap_err();
    for message in [
        "state name \"Start\" is used by 2 states",
        "state \"Orphan\" cannot be reached from \"Start\", the start of the state machine",
        "state \"Leaving\" has neither Next nor End in branch 1 of Parallel \"Fan\": it moves to \"Outside\", which belongs to the state machine",
        "state \"Stuck\": a Choice state needs a way out",
        "state \"Empty\": a Parallel state needs at least one branch",
        "state \"NoItems\": a Map state needs an item processor",
    ] {
        assert!(errors.contains("A/Machine", message), "missing {message:?} in\n{errors}");
    }
    assert_eq!(errors.errors().len(), 6, "{errors}");
}

#[test]
fn wiring_mistakes_are_reported_at_synthesis() {
    let (app, stack) = app_and_stack();
    let d = Definition::new();
    let other = Definition::new();
    let a = Pass::new(&d, "A", PassProps::new());
    let b = Pass::new(&d, "B", PassProps::new());
    let c = Pass::new(&d, "C", PassProps::new());
    let done = Succeed::new(&d, "Done", SucceedProps::new());
    a.next(&b);
    a.next(&c);
    b.next(&Pass::new(&other, "Elsewhere", PassProps::new()));
    b.next(&done).next(&c);
    StateMachine::new(&stack, "Machine", StateMachineProps::new(&a));
    let errors = app.assemble().unwrap_err();
    for message in [
        "state \"A\" already moves to \"B\"; it cannot also move to \"C\"",
        "state \"B\" cannot move to state \"Elsewhere\": it belongs to another Definition",
        "cannot continue after state \"Done\": a Succeed state does not move on",
    ] {
        assert!(
            errors.contains("A/Machine", message),
            "missing {message:?} in\n{errors}"
        );
    }
    assert_eq!(errors.errors().len(), 3, "{errors}");
}

#[test]
fn changes_after_the_state_machine_exists_are_reported() {
    let (app, stack) = app_and_stack();
    let d = Definition::new();
    let first = Pass::new(&d, "First", PassProps::new());
    StateMachine::new(&stack, "Machine", StateMachineProps::new(&first));
    // Another machine's states in the same definition change nothing for the first one.
    let other = Pass::new(&d, "Other", PassProps::new());
    StateMachine::new(&stack, "Second", StateMachineProps::new(&other));
    assert!(app.assemble().is_ok());
    first.next(&Pass::new(&d, "Later", PassProps::new()));
    let errors = app.assemble().unwrap_err();
    assert!(
        errors.contains(
            "A/Machine",
            "the definition changed after the state machine was created"
        ),
        "{errors}"
    );
    assert_eq!(errors.errors().len(), 1, "{errors}");
}

#[test]
fn json_paths_are_checked_where_they_are_used() {
    let (app, stack) = app_and_stack();
    let d = Definition::new();
    let first = Pass::new(
        &d,
        "First",
        PassProps::new()
            .input_path("in")
            .result_path("$.items[*]")
            .parameters(
                Fields::new()
                    .with("list", vec![Field::from(JsonPath::at("$.a"))])
                    .with("bad", JsonPath::at("$.a["))
                    .with("nope", JsonPath::DISCARD)
                    .with("call", JsonPath::at("States.Nope($.a)")),
            ),
    );
    let choose = Choice::new(&d, "Choose", ChoiceProps::new());
    let failed = Fail::new(
        &d,
        "Failed",
        FailProps::new()
            .error("E")
            .error_path("$.e")
            .cause_path(JsonPath::array([JsonPath::at("$.a").into()])),
    );
    let task = Task::new(
        &d,
        "Call",
        TaskProps::new(SnsPublish::new(
            "arn:aws:sns:us-east-2:111111111111:t",
            TaskInput::json_path_at("$$Execution"),
        ))
        .output_path("$.x y"),
    );
    task.add_catch(&failed, CatchProps::new().result_path("$..deep"));
    choose
        .when(Condition::string_equals("status", "ok"), &task)
        .when(Condition::timestamp_equals("$.t", "2030-13-01"), &failed);
    first.next(&choose);
    StateMachine::new(&stack, "Machine", StateMachineProps::new(&first));
    let errors = app.assemble().unwrap_err();
    for message in [
        "state \"First\": InputPath \"in\" is not a valid JSON path: it must start with '$'",
        "state \"First\": ResultPath \"$.items[*]\" is not a valid JSON path: a reference path takes only names and indexes, not [*]",
        "state \"First\": Parameters.list[0]: the JSON path $.a cannot be an item of a list",
        "state \"First\": Parameters.bad: \"$.a[\" is not a valid JSON path: the '[' at position 3 is never closed",
        "state \"First\": Parameters.nope: JsonPath::DISCARD is only for InputPath, OutputPath and ResultPath",
        "state \"First\": Parameters.call: \"States.Nope($.a)\" is not a valid JSON path: States.Nope is not an intrinsic function",
        "state \"Choose\": rule 1: StringEquals: variable \"status\" is not a valid JSON path",
        "state \"Choose\": rule 2: TimestampEquals: \"2030-13-01\" is not an RFC 3339 timestamp",
        "state \"Failed\": a Fail state takes an error or an error path, not both",
        "state \"Failed\": CausePath \"States.Array($.a)\" uses States.Array; only States.Format",
        "state \"Call\": OutputPath \"$.x y\" is not a valid JSON path",
        "state \"Call\": catch: ResultPath \"$..deep\" is not a valid JSON path: a reference path cannot use '..'",
        "state \"Call\": Parameters.Message: \"$$Execution\" is not a valid JSON path",
    ] {
        assert!(errors.contains("A/Machine", message), "missing {message:?} in\n{errors}");
    }
    assert_eq!(errors.errors().len(), 13, "{errors}");
}

#[test]
fn integration_and_state_machine_settings_are_checked() {
    let (app, stack) = app_and_stack();
    let d = Definition::new();
    let callback = Task::new(
        &d,
        "Callback",
        TaskProps::new(
            LambdaInvoke::new("arn:aws:lambda:us-east-2:111111111111:function:f")
                .integration_pattern(IntegrationPattern::WaitForTaskToken),
        ),
    );
    let glue = Task::new(
        &d,
        "Glue",
        TaskProps::new(GlueStartJobRun::new("j").integration_pattern(IntegrationPattern::RunJob))
            .timeout_seconds(90),
    );
    let sdk = Task::new(
        &d,
        "Sdk",
        TaskProps::new(
            CallAwsService::new("s3", "ListBuckets", Vec::<&str>::new())
                .parameters(Fields::new().with("bucket", "b")),
        )
        .timeout_seconds(10)
        .heartbeat_seconds(10),
    );
    let events = Task::new(
        &d,
        "Events",
        TaskProps::new(EventBridgePutEvents::new([EventEntry::new(
            TaskInput::text("x"),
            "T",
            "aws.s3",
        )])),
    );
    callback.add_retry(
        RetryProps::new()
            .errors([Errors::ALL, Errors::TIMEOUT])
            .backoff_rate(0.5),
    );
    callback.next(&glue).next(&sdk).next(&events);
    StateMachine::new(
        &stack,
        "Machine",
        StateMachineProps::new(&callback)
            .state_machine_type(StateMachineType::Express)
            .state_machine_name("no spaces")
            .timeout_seconds(600),
    );
    let errors = app.assemble().unwrap_err();
    for message in [
        "state machine name \"no spaces\" contains ' '",
        "an Express state machine runs at most 300 seconds",
        "state \"Callback\": Lambda invoke waits for a task token, so its payload must pass JsonPath::task_token()",
        "state \"Callback\": retry: States.ALL must appear alone in an error list",
        "state \"Callback\": retry: the backoff rate must be at least 1.0, not 0.5",
        "state \"Callback\": an Express state machine supports only request-response integrations",
        "state \"Glue\": a Glue job run's timeout is whole minutes; 90 seconds is not",
        "state \"Glue\": an Express state machine supports only request-response integrations",
        "state \"Sdk\": the AWS SDK action \"ListBuckets\" must be camelCase",
        "state \"Sdk\": an AWS SDK call needs at least one IAM resource",
        "state \"Sdk\": AWS SDK parameter names must be PascalCase, not \"bucket\"",
        "state \"Sdk\": the heartbeat (10 s) must be shorter than the timeout (10 s)",
        "state \"Events\": event source \"aws.s3\" cannot start with \"aws.\"",
    ] {
        assert!(errors.contains("A/Machine", message), "missing {message:?} in\n{errors}");
    }
}

#[test]
fn imported_state_machines_are_checked_and_can_be_started() {
    let (app, stack) = app_and_stack();
    let by_name = StateMachine::from_state_machine_name(&stack, "ByName", "flow");
    let ops = Role::new(
        &stack,
        "Ops",
        RoleProps::new(Principal::service("lambda.amazonaws.com")),
    );
    let _ = by_name.grant_start_execution(&ops);
    let assembly = app.assemble().unwrap();
    let policies = resources(&assembly, "A", "AWS::IAM::Policy");
    assert_eq!(
        policies[0].1["Properties"]["PolicyDocument"]["Statement"][0]["Resource"],
        partition_arn(":states:us-east-2:111111111111:stateMachine:flow")
    );
    let (app, stack) = app_and_stack();
    StateMachine::from_state_machine_arn(&stack, "Bad", "arn:aws:sns:us-east-2:111111111111:topic");
    let errors = app.assemble().unwrap_err();
    assert!(
        errors.contains("A/Bad", "is not the ARN of a state machine"),
        "{errors}"
    );
}

#[test]
fn cfn_lint_accepts_every_state_and_integration() {
    let tools = Tools::discover().unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cdk.out");
    let app = App::with_props(AppProps::default().outdir(&out));
    let stack = Stack::new(
        &app,
        "Lint",
        StackProps::default().env(Environment::new("111111111111", "us-east-2")),
    );
    let function = status_function(&stack);
    let child_definition = Definition::new();
    let child = StateMachine::new(
        &stack,
        "Child",
        StateMachineProps::new(&Pass::new(&child_definition, "Echo", PassProps::new()))
            .state_machine_type(StateMachineType::Express),
    );
    let d = Definition::new();
    let key = || {
        [(
            "pk",
            DynamoAttributeValue::from_string(JsonPath::at("$.id")),
        )]
    };
    let task = |name: &str, props: TaskProps| Task::new(&d, name, props);
    let glue = task(
        "Glue",
        TaskProps::new(
            GlueStartJobRun::new("lake-raw").integration_pattern(IntegrationPattern::RunJob),
        ),
    );
    let invoke = task("Invoke", TaskProps::new(LambdaInvoke::new(&function)));
    let publish = task(
        "Publish",
        TaskProps::new(SnsPublish::new(
            "arn:aws:sns:us-east-2:111111111111:alerts",
            TaskInput::text("hi"),
        )),
    );
    let put = task("Put", TaskProps::new(DynamoPutItem::new("orders", key())));
    let update = task(
        "Update",
        TaskProps::new(DynamoUpdateItem::new("orders", key()).update_expression("SET n = :n")),
    );
    let get = task("Get", TaskProps::new(DynamoGetItem::new("orders", key())));
    let nested = task(
        "Nested",
        TaskProps::new(StepFunctionsStartExecution::new(&child)),
    );
    let events = task(
        "Events",
        TaskProps::new(EventBridgePutEvents::new([EventEntry::new(
            TaskInput::text("x"),
            "T",
            "lake",
        )])),
    );
    let sdk = task(
        "Sdk",
        TaskProps::new(
            CallAwsService::new("s3", "listBuckets", ["*"]).iam_action("s3:ListAllMyBuckets"),
        ),
    );
    let wait = Wait::new(&d, "Wait", WaitProps::new(WaitTime::seconds(1)));
    let choice = Choice::new(&d, "Choice", ChoiceProps::new());
    let map = Map::new(&d, "Map", MapProps::new().items_path("$.items"));
    map.item_processor(&Pass::new(&d, "Item", PassProps::new()));
    let parallel = Parallel::new(&d, "Parallel", ParallelProps::new());
    parallel.branch(&put.next(&update)).branch(&get);
    let failed = Fail::new(&d, "Failed", FailProps::new().error("E"));
    glue.add_catch(&failed, CatchProps::new());
    choice
        .when(Condition::is_present("$.items"), &map)
        .otherwise(&Succeed::new(&d, "Done", SucceedProps::new()));
    let chain = glue
        .next(&invoke)
        .next(&publish)
        .next(&parallel)
        .next(&nested)
        .next(&events)
        .next(&sdk)
        .next(&wait)
        .next(&choice);
    let machine = StateMachine::new(
        &stack,
        "Machine",
        StateMachineProps::new(&chain).tracing_enabled(true).logs(
            LogOptions::new("arn:aws:logs:us-east-2:111111111111:log-group:flow:*")
                .level(LogLevel::All),
        ),
    );
    let ops = Role::new(
        &stack,
        "Ops",
        RoleProps::new(Principal::account("111111111111")),
    );
    let _ = machine.grant_read(&ops);
    app.synth().unwrap_or_else(|e| panic!("{e}"));
    let linted = tools.cfn_lint(&out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(linted, 1);
}
