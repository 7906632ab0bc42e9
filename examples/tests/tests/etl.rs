//! The etl app: a snapshot of its template, what a user relies on in it (the rule's pattern and
//! target, the state machine's states with their retries and catches, the least-privilege S3
//! statements of the Glue job's role), the real validators over the written assembly, and the
//! example's Python files compile.

use serde_json::{json, Value as Json};
use stackwright::prelude::*;
use stackwright_assertions::tools::{files_ending, Tools};
use stackwright_assertions::{assert_template_snapshot, snapshot_name, Template};
use stackwright_examples::etl;

mod support;
use support::{actions, assert_python_compiles, resource, state_machine_definition, statements};

fn etl_app() -> App {
    let app = App::with_props(AppProps::default());
    etl::build(&app);
    app
}

fn template() -> Template {
    let assembly = etl_app().assemble().expect("the etl app synthesizes");
    Template::from_stack(&assembly, "Etl")
}

#[test]
fn template_matches_the_snapshot() {
    let assembly = etl_app().assemble().expect("the etl app synthesizes");
    support::in_snapshots_dir(|| {
        for stack in assembly.stacks() {
            let name = format!("etl__{}", snapshot_name(&stack.display_name));
            assert_template_snapshot!(assembly, &stack.display_name, name = name);
        }
    });
}

#[test]
fn new_objects_under_incoming_start_the_state_machine() {
    let template = template();
    let (raw, _) = resource(&template, "AWS::S3::Bucket", "Raw");
    template.has_resource_properties(
        "AWS::S3::Bucket",
        json!({"NotificationConfiguration": {"EventBridgeConfiguration": {"EventBridgeEnabled": true}}}),
    );
    let (machine, _) = resource(&template, "AWS::StepFunctions::StateMachine", "Pipeline");
    let (events_role, role) = resource(&template, "AWS::IAM::Role", "PipelineEventsRole");
    assert_eq!(
        role["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"],
        json!({"Service": "events.amazonaws.com"})
    );
    template.has_resource_properties(
        "AWS::Events::Rule",
        json!({
            "EventPattern": {
                "source": ["aws.s3"],
                "detail-type": ["Object Created"],
                "detail": {
                    "bucket": {"name": [{"Ref": raw}]},
                    "object": {"key": [{"prefix": "incoming/"}]}
                }
            },
            "State": "ENABLED",
            "Targets": [{
                "Arn": {"Ref": machine},
                "Id": "Target0",
                "RoleArn": {"Fn::GetAtt": [events_role, "Arn"]}
            }]
        }),
    );
    // EventBridge may start this state machine, and nothing else.
    let (_, policy) = resource(
        &template,
        "AWS::IAM::Policy",
        "PipelineEventsRoleDefaultPolicy",
    );
    assert_eq!(
        policy["Properties"]["PolicyDocument"]["Statement"],
        json!([{"Action": "states:StartExecution", "Effect": "Allow", "Resource": {"Ref": machine}}])
    );
}

#[test]
fn the_state_machine_runs_the_job_then_notifies_with_retries_and_catches() {
    let template = template();
    let definition = state_machine_definition(&template, "Pipeline");
    let (job, _) = resource(&template, "AWS::Glue::Job", "RawToCurated");
    let (function, _) = resource(&template, "AWS::Lambda::Function", "Notify");
    let (topic, _) = resource(&template, "AWS::SNS::Topic", "RunNotifications");
    assert_eq!(definition["StartAt"], "RunEtlJob");
    assert_eq!(definition["TimeoutSeconds"], 7200);
    let states = &definition["States"];
    let names: Vec<&String> = states.as_object().unwrap().keys().collect();
    assert_eq!(
        names,
        [
            "RunEtlJob",
            "NotifySuccess",
            "Done",
            "PublishFallback",
            "NotifyFailure",
            "EtlFailed",
            "NotificationFailed"
        ]
    );

    let run = &states["RunEtlJob"];
    assert!(
        run["Resource"]
            .as_str()
            .unwrap()
            .ends_with(":states:::glue:startJobRun.sync"),
        "{run}"
    );
    assert_eq!(
        run["Parameters"],
        json!({"JobName": format!("<Ref:{job}>"), "Arguments": {"--source_key.$": "$.detail.object.key"}, "Timeout": 60})
    );
    assert_eq!(run["Next"], "NotifySuccess");
    assert_eq!(
        run["Retry"],
        json!([{"ErrorEquals": ["Glue.ConcurrentRunsExceededException"], "IntervalSeconds": 60, "MaxAttempts": 5, "BackoffRate": 2}])
    );
    assert_eq!(
        run["Catch"],
        json!([{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "NotifyFailure"}])
    );

    for (name, next, status) in [
        ("NotifySuccess", "Done", "SUCCEEDED"),
        ("NotifyFailure", "EtlFailed", "FAILED"),
    ] {
        let state = &states[name];
        assert_eq!(state["Next"], next, "{name}");
        assert_eq!(
            state["Parameters"]["FunctionName"],
            format!("<GetAtt:{function}.Arn>")
        );
        assert_eq!(state["Parameters"]["Payload"]["status"], status);
        assert_eq!(
            state["Parameters"]["Payload"]["execution.$"],
            "$$.Execution.Id"
        );
        let retried: Vec<&Json> = state["Retry"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| &r["ErrorEquals"])
            .collect();
        assert!(
            retried.contains(&&json!(["States.TaskFailed"])),
            "{name}: {retried:?}"
        );
        assert!(
            retried
                .iter()
                .any(|e| e.to_string().contains("Lambda.ServiceException")),
            "{name}: {retried:?}"
        );
        assert_eq!(
            state["Catch"],
            json!([{"ErrorEquals": ["States.ALL"], "ResultPath": "$.notify_error", "Next": "PublishFallback"}]),
            "{name}"
        );
    }
    assert_eq!(
        states["NotifyFailure"]["Parameters"]["Payload"]["error.$"],
        "$.error"
    );
    assert_eq!(
        states["PublishFallback"]["Parameters"]["TopicArn"],
        format!("<Ref:{topic}>")
    );
    assert_eq!(states["PublishFallback"]["Next"], "NotificationFailed");
    assert_eq!(states["Done"]["Type"], "Succeed");
    assert_eq!(states["EtlFailed"]["Type"], "Fail");
    assert_eq!(states["NotificationFailed"]["Type"], "Fail");
}

#[test]
fn the_glue_job_reads_raw_and_writes_curated_only() {
    let template = template();
    let (raw, _) = resource(&template, "AWS::S3::Bucket", "Raw");
    let (curated, _) = resource(&template, "AWS::S3::Bucket", "Curated");
    let (_, policy) = resource(
        &template,
        "AWS::IAM::Policy",
        "RawToCuratedServiceRoleDefaultPolicy",
    );
    let statements = statements(&policy);
    let s3: Vec<&Json> = statements
        .iter()
        .filter(|s| s["Action"].to_string().contains("s3:"))
        .collect();
    assert_eq!(s3.len(), 3, "the script, raw and curated: {s3:#?}");

    let mentions =
        |statement: &Json, bucket: &str| statement["Resource"].to_string().contains(bucket);
    let writes = |statement: &Json| {
        actions(statement)
            .iter()
            .any(|a| a.starts_with("s3:Put") || a.starts_with("s3:Delete") || a == "s3:Abort*")
    };

    let on_raw: Vec<&&Json> = s3.iter().filter(|s| mentions(s, &raw)).collect();
    assert_eq!(on_raw.len(), 1);
    assert_eq!(
        actions(on_raw[0]),
        ["s3:GetObject*", "s3:GetBucket*", "s3:List*"],
        "raw is read only"
    );
    assert_eq!(
        on_raw[0]["Resource"][1],
        json!({"Fn::Join": ["", [{"Fn::GetAtt": [raw, "Arn"]}, "/incoming/*"]]}),
        "only the objects under incoming/"
    );

    let on_curated: Vec<&&Json> = s3.iter().filter(|s| mentions(s, &curated)).collect();
    assert_eq!(on_curated.len(), 1);
    assert!(writes(on_curated[0]), "curated is written");
    assert_eq!(
        on_curated[0]["Resource"][1],
        json!({"Fn::Join": ["", [{"Fn::GetAtt": [curated, "Arn"]}, "/parquet/*"]]}),
        "only the objects under parquet/"
    );

    // Nothing else in S3 is written, and nothing is granted on every resource.
    for statement in &s3 {
        if writes(statement) {
            assert!(mentions(statement, &curated), "{statement}");
        }
    }
    assert!(
        statements.iter().all(|s| s["Resource"] != json!("*")),
        "{statements:#?}"
    );
}

#[test]
fn the_notifier_logs_for_a_month_and_may_only_publish_to_the_topic() {
    let template = template();
    let (group, log_group) = resource(&template, "AWS::Logs::LogGroup", "NotifyLogGroup");
    assert_eq!(log_group["Properties"]["RetentionInDays"], 30);
    let (topic, _) = resource(&template, "AWS::SNS::Topic", "RunNotifications");
    template.has_resource_properties(
        "AWS::Lambda::Function",
        json!({
            "Runtime": "python3.12",
            "Handler": "index.handler",
            "LoggingConfig": {"LogGroup": {"Ref": group}},
            "Environment": {"Variables": {"TOPIC_ARN": {"Ref": topic}}}
        }),
    );
    let (_, policy) = resource(
        &template,
        "AWS::IAM::Policy",
        "NotifyServiceRoleDefaultPolicy",
    );
    assert_eq!(
        policy["Properties"]["PolicyDocument"]["Statement"],
        json!([{"Action": "sns:Publish", "Effect": "Allow", "Resource": {"Ref": topic}}])
    );
}

#[test]
fn the_real_tools_accept_the_assembly() {
    let tools = Tools::discover().unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cdk.out");
    let app = App::with_props(AppProps::default().outdir(&out));
    etl::build(&app);
    app.synth().unwrap();
    // cfn-lint fails on any error or warning.
    let linted = tools.cfn_lint(&out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(linted, 1);
    tools
        .validate_assembly(&out)
        .unwrap_or_else(|e| panic!("{e}"));
    let stacks = tools.cdk_list(&out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stacks, ["Etl"]);
    // The script and the function's code are staged as assets.
    let staged: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("asset."))
        .collect();
    assert_eq!(staged.len(), 2, "{staged:?}");
    assert!(staged.iter().any(|n| n.ends_with(".py")), "{staged:?}");
}

#[test]
fn the_python_files_compile() {
    let files = files_ending(&etl::assets_dir(), ".py");
    assert_eq!(files.len(), 2, "{files:?}");
    assert_python_compiles(&files);
}

#[test]
fn synthesis_is_deterministic() {
    let first = etl_app().assemble().unwrap();
    let second = etl_app().assemble().unwrap();
    assert_eq!(first.files(), second.files());
}
