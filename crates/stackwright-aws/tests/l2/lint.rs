//! cfn-lint (the real validator, installed by scripts/install-tools.sh) over an app that uses
//! every L2 construct: zero errors and zero warnings.

use crate::support;

use stackwright_aws::ec2::{Vpc, VpcProps};
use stackwright_aws::events::{
    Cron, EventPattern, LambdaFunctionTarget, Rule, RuleProps, Schedule, SfnStateMachineTarget,
    SnsTopicTarget,
};
use stackwright_aws::glue::{
    Code as GlueCode, Column, ColumnType, Connection, ConnectionProps, ConnectionType, Crawler,
    CrawlerProps, DataFormat, Database, DatabaseProps, Job, JobProps, JobType,
    SecurityConfiguration, SecurityConfigurationProps, Table, TableProps, WorkerType,
};
use stackwright_aws::iam::{
    ManagedPolicy, ManagedPolicyProps, PolicyStatement, Principal, Role, RoleProps,
};
use stackwright_aws::kms::{Key, KeyProps};
use stackwright_aws::lambda::{
    Alias, AliasProps, Code, Function, FunctionProps, Runtime, Tracing, Version, VersionProps,
};
use stackwright_aws::logs::RetentionDays;
use stackwright_aws::sns::{LambdaSubscription, Topic, TopicProps};
use stackwright_aws::stepfunctions::{
    Definition, GlueStartJobRun, IntegrationPattern, LambdaInvoke, SnsPublish, StateMachine,
    StateMachineProps, Task, TaskInput, TaskProps,
};
use stackwright_core::{App, Environment, Fn, Scope, Stack, StackProps, Val};

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/glue/raw.py");

fn build(app: &App) {
    let env = Environment::new("111111111111", "us-east-2");
    let shared = Stack::new(app, "Shared", StackProps::default().env(env.clone()));
    let key = Key::new(
        &shared,
        "Key",
        KeyProps::new().alias("alias/lake").description("lake data"),
    );
    let deployer = Role::from_role_arn(
        &shared,
        "Deployer",
        "arn:aws:iam::222222222222:role/deployer",
    );
    let _ = key.grant_decrypt(&deployer);
    let managed = ManagedPolicy::new(
        &shared,
        "ReadParameters",
        ManagedPolicyProps::new().statement(
            PolicyStatement::allow()
                .action("ssm:GetParameter")
                .resource("arn:aws:ssm:us-east-2:111111111111:parameter/lake/*"),
        ),
    );

    let etl = Stack::new(app, "Etl", StackProps::default().env(env));
    let role = Role::new(
        &etl,
        "Worker",
        RoleProps::new(Principal::service("glue.amazonaws.com"))
            .managed_policy(managed)
            .path("/etl/"),
    );
    let _ = key.grant_encrypt_decrypt(&role);
    let function = Function::new(
        &etl,
        "Trigger",
        FunctionProps::new(
            Runtime::Python3_12,
            "index.handler",
            Code::from_inline("def handler(event, context):\n    return event\n"),
        )
        .timeout_seconds(30)
        .tracing(Tracing::Active)
        .environment("STAGE", "dev"),
    );
    let _ = key.grant_decrypt(&function);
    let version = Version::new(&etl, "TriggerVersion", VersionProps::new(&function));
    Alias::new(&etl, "Live", AliasProps::new("live", &version));
    let on_raw = Rule::new(
        &etl,
        "OnRaw",
        RuleProps::new().event_pattern(EventPattern::s3_object_created("dev-raw", Some("in/"))),
    );
    on_raw.add_target(&LambdaFunctionTarget::new(&function));
    let nightly = Rule::new(
        &etl,
        "Nightly",
        RuleProps::new().schedule(Schedule::cron(Cron::new().minute("0").hour("2"))),
    );
    nightly.add_target(&LambdaFunctionTarget::new(&function));

    let connection = Connection::new(
        &etl,
        "Network",
        ConnectionProps::new(
            ConnectionType::Network,
            "subnet-0123456789abcdef0",
            Fn::select(0, Fn::get_azs("")),
            vec![Val::from("sg-0123456789abcdef0")],
        ),
    );
    let encryption = SecurityConfiguration::new(
        &etl,
        "Encryption",
        SecurityConfigurationProps::new("lake-encryption")
            .s3_key(key.key_arn())
            .cloud_watch_key(key.key_arn()),
    );
    let job = Job::new(
        &etl,
        "RawToConformed",
        JobProps::new(JobType::SparkEtl, GlueCode::from_asset(SCRIPT))
            .job_name("dev-raw-to-conformed-job")
            .workers(WorkerType::G1X, 2)
            .job_bookmarks(true)
            .temp_dir("s3://dev-temp/glue/")
            .connection(&connection)
            .security_configuration(&encryption),
    );
    let database = Database::new(&etl, "Db", DatabaseProps::new("lake"));
    Table::new(
        &etl,
        "Sales",
        TableProps::new(
            &database,
            "sales",
            "s3://dev-conformed/sales/",
            DataFormat::Parquet,
        )
        .column(Column::new("id", ColumnType::BigInt))
        .partition_key(Column::new("year", ColumnType::Int)),
    );
    Crawler::new(
        &etl,
        "Crawl",
        CrawlerProps::new(&database).s3_target("s3://dev-raw/sales/", Vec::<String>::new()),
    );
    pipeline(&etl, &job);
}

/// Functions with a log group (one in a VPC) subscribed to a topic, a state machine that rules
/// start, and a rule publishing to the topic.
fn pipeline(etl: &Stack, job: &Job) {
    let handler = || {
        FunctionProps::new(
            Runtime::Python3_12,
            "index.handler",
            Code::from_inline("def handler(event, context):\n    return event\n"),
        )
        .log_retention(RetentionDays::TwoWeeks)
    };
    // In a stack of no particular environment, whose zones are not literal (cfn-lint's W3010
    // is about the VPC, not the function).
    let network = Stack::new(&etl.node().root(), "Network", StackProps::default());
    let vpc = Vpc::new(&network, "Vpc", VpcProps::new().nat_gateways(1));
    let in_vpc = Function::new(&network, "InVpc", handler().vpc(&vpc));
    let notify = Function::new(etl, "Notify", handler());
    let topic = Topic::new(etl, "Runs", TopicProps::new());
    topic.add_subscription(&LambdaSubscription::new(&notify));
    let network_topic = Topic::new(&network, "Changes", TopicProps::new());
    network_topic.add_subscription(&LambdaSubscription::new(&in_vpc));
    let definition = Definition::new();
    let run = Task::new(
        &definition,
        "Run",
        TaskProps::new(GlueStartJobRun::new(job).integration_pattern(IntegrationPattern::RunJob)),
    );
    let chain = run
        .next(&Task::new(
            &definition,
            "Notify",
            TaskProps::new(LambdaInvoke::new(&notify)),
        ))
        .next(&Task::new(
            &definition,
            "Publish",
            TaskProps::new(SnsPublish::new(&topic, TaskInput::text("done"))),
        ));
    let machine = StateMachine::new(etl, "Pipeline", StateMachineProps::new(&chain));
    let on_raw = Rule::new(
        etl,
        "StartPipeline",
        RuleProps::new().event_pattern(EventPattern::s3_object_created("dev-raw", Some("in/"))),
    );
    on_raw.add_target(&SfnStateMachineTarget::new(&machine));
    on_raw.add_target(&SnsTopicTarget::new(&topic));
}

#[test]
fn every_construct_passes_cfn_lint() {
    assert_eq!(support::assert_cfn_lint_clean(build), 3);
}
