//! The ETL app, per environment: the DynamoDB stack (the job audit table), the Glue stack (the
//! two PySpark jobs, their role, connection, catalog databases and temporary bucket) and the
//! Step Functions stack (the state machine, its two functions, the topic and the EventBridge
//! rule).
//!
//! The infrastructure comes in by export name (`Fn::ImportValue`): the infrastructure app
//! deploys first, on its own. Inside this app the Step Functions stack uses the audit table
//! and the jobs directly; stackwright turns those references into exports, imports and stack
//! dependencies.
//!
//! A run: a CSV object lands in the raw bucket → EventBridge → the trigger function records
//! the start in the audit table and starts the state machine → raw-to-conformed job (CSV to
//! partitioned Parquet and a catalog table) → conformed-to-purpose-built job (one SQL file per
//! table) → the status function records the outcome → SNS "succeeded". Any job failure goes
//! to the status function, then SNS "failed", then fails the execution.

use stackwright::dynamodb::{Attribute, AttributeType, BillingMode, Table, TableEncryption, TableProps};
use stackwright::ec2::{
    SecurityGroup, SecurityGroupImportOptions, SubnetSelection, SubnetType, Vpc, VpcAttributes,
};
use stackwright::events::{EventPattern, LambdaFunctionTarget, Rule, RuleProps};
use stackwright::glue::{
    Code as GlueCode, Connection, ConnectionProps, ConnectionType, Database, DatabaseProps,
    GlueVersion, Job, JobProps, JobType, SecurityConfiguration, SecurityConfigurationProps,
    WorkerType,
};
use stackwright::iam::{ManagedPolicy, PolicyStatement, Principal, Role, RoleProps};
use stackwright::kms::{Key, KeyProps};
use stackwright::lambda::{Code, Function, FunctionProps, Runtime};
use stackwright::logs::{LogGroup, LogGroupProps, RetentionDays};
use stackwright::prelude::*;
use stackwright::s3::{Bucket, BucketAccess, BucketEncryption};
use stackwright::sns::{Topic, TopicProps};
use stackwright::stepfunctions::{
    CatchProps, Definition, Errors, Fail, FailProps, Fields, GlueStartJobRun, IntegrationPattern,
    JsonPath, LambdaInvoke, LogLevel, LogOptions, SnsPublish, StateMachine, StateMachineProps,
    Succeed, SucceedProps, Task, TaskInput, TaskProps,
};

use super::config::{Config, Env, AZ_COUNT};
use super::infra::{lake_bucket_props, protect_from_deletion, removal_policy, Exports};
use super::{assets_dir, new_stack, skip_checks};

/// The table the raw-to-conformed job writes (and the purpose-built SQL reads).
pub const CONFORMED_TABLE: &str = "orders";
/// The prefix of the raw bucket the jobs read CSV objects from.
pub const RAW_PREFIX: &str = "orders/";
/// The KMS actions the jobs need with the zones' key.
const KEY_ACTIONS: [&str; 5] = [
    "kms:Decrypt",
    "kms:Encrypt",
    "kms:ReEncrypt*",
    "kms:GenerateDataKey*",
    "kms:DescribeKey",
];

/// The ETL app's stacks of `env`, built into `stage`.
pub fn build(stage: &Stage, config: &Config, env: Env) {
    let table = dynamodb_stack(stage, config, env);
    let jobs = glue_stack(stage, config, env);
    step_functions_stack(stage, config, env, &table, &jobs);
}

/// The infrastructure's exports, imported into one stack.
struct Imports {
    exports: Exports,
}

impl Imports {
    fn new(config: &Config, env: Env) -> Imports {
        Imports {
            exports: Exports::of(config, env),
        }
    }

    fn value(name: &str) -> Val<String> {
        Fn::import_value(name.to_owned())
    }

    fn zone_bucket(&self, stack: &Stack, index: usize, id: &str) -> Bucket {
        Bucket::from_bucket_name(stack, id, Self::value(&self.exports.zone_buckets[index]))
    }

    fn access_logs(&self, stack: &Stack) -> Bucket {
        Bucket::from_bucket_name(
            stack,
            "AccessLogsBucket",
            Self::value(&self.exports.access_log_bucket),
        )
    }

    fn kms_key_arn(&self) -> Val<String> {
        Self::value(&self.exports.kms_key_arn)
    }

    fn security_group(&self, stack: &Stack) -> SecurityGroup {
        SecurityGroup::from_security_group_id(
            stack,
            "SharedSecurityGroup",
            Self::value(&self.exports.security_group),
            SecurityGroupImportOptions::new().mutable(false),
        )
    }

    fn vpc(&self, stack: &Stack) -> Vpc {
        let e = &self.exports;
        Vpc::from_attributes(
            stack,
            "Vpc",
            VpcAttributes::new(
                Self::value(&e.vpc_id),
                e.availability_zones.iter().map(|n| Self::value(n)),
            )
            .subnet_ids(
                SubnetType::PrivateWithEgress,
                e.private_subnets.iter().map(|n| Self::value(n)),
            )
            .subnet_route_table_ids(
                SubnetType::PrivateWithEgress,
                e.private_route_tables.iter().map(|n| Self::value(n)),
            ),
        )
    }
}

/// The audit table: one item per run, keyed by `execution_id`.
fn dynamodb_stack(stage: &Stage, config: &Config, env: Env) -> Table {
    let stack = new_stack(
        stage,
        config,
        env,
        "DynamoDb",
        "The ETL job audit table of the data lake",
    );
    let name = format!(
        "{}-{}-etl-job-audit",
        env.key(),
        config.naming.resource_name_prefix.replace('-', "_")
    );
    Table::new(
        &stack,
        "EtlJobAuditTable",
        TableProps::new(Attribute::new("execution_id", AttributeType::String))
            .table_name(name)
            .billing_mode(BillingMode::OnDemand)
            .point_in_time_recovery(true)
            .encryption(TableEncryption::CustomerManaged)
            .removal_policy(removal_policy(env)),
    )
}

/// The two jobs of the Glue stack.
struct Jobs {
    raw_to_conformed: Job,
    conformed_to_purpose_built: Job,
}

/// A Glue catalog database name: `<env>_<prefix with _ for ->_<name>`.
fn database_name(config: &Config, env: Env, name: &str) -> String {
    format!(
        "{}_{}_{name}",
        env.key(),
        config.naming.resource_name_prefix.replace('-', "_")
    )
}

fn glue_stack(stage: &Stage, config: &Config, env: Env) -> Jobs {
    let stack = new_stack(
        stage,
        config,
        env,
        "Glue",
        "The data lake's Glue jobs: raw to conformed, conformed to purpose-built",
    );
    let imports = Imports::new(config, env);
    let raw = imports.zone_bucket(&stack, 0, "RawBucket");
    let conformed = imports.zone_bucket(&stack, 1, "ConformedBucket");
    let purpose_built = imports.zone_bucket(&stack, 2, "PurposeBuiltBucket");
    let key_arn = imports.kms_key_arn();

    // Glue's scratch space: encrypted (with a key of its own: the zones' key is imported by
    // ARN and a bucket's key must be a construct), versioned, logged like the zones.
    let temp_name = config.bucket_name(env, "glue-temp");
    let access_logs = imports.access_logs(&stack);
    let temp = Bucket::new(
        &stack,
        "GlueTempBucket",
        lake_bucket_props(env, &temp_name, None, &access_logs).encryption(BucketEncryption::Kms),
    );
    protect_from_deletion(&temp, env);
    if let Some(key) = temp.encryption_key() {
        if let Some(resource) = key.resource() {
            resource.apply_removal_policy(removal_policy(env));
        }
    }

    let role = Role::new(
        &stack,
        "GlueRole",
        RoleProps::new(Principal::service("glue.amazonaws.com"))
            .description("Runs the data lake's Glue jobs")
            .managed_policy(ManagedPolicy::from_aws_managed_policy_name(
                "service-role/AWSGlueServiceRole",
            )),
    );
    // Least privilege: the zones and the temporary bucket, nothing else in S3 (the scripts'
    // assets are granted by the jobs); the zones' key.
    let _ = raw.grant_access(&role, BucketAccess::Read, "*");
    let _ = conformed.grant_access(&role, BucketAccess::ReadWrite, "*");
    let _ = purpose_built.grant_access(&role, BucketAccess::ReadWrite, "*");
    let _ = temp.grant_access(&role, BucketAccess::ReadWrite, "*");
    role.add_to_policy(
        PolicyStatement::allow()
            .sid("UseTheZonesKey")
            .actions(KEY_ACTIONS)
            .resource(key_arn.clone()),
    );

    // The security configuration encrypts the jobs' logs: Glue associates the key with them.
    role.add_to_policy(
        PolicyStatement::allow()
            .sid("EncryptTheJobLogs")
            .action("logs:AssociateKmsKey")
            .resource(Fn::join(
                "",
                [
                    Val::from("arn:"),
                    Aws::partition(),
                    Val::from(":logs:"),
                    Val::from(config.env(env).region.clone()),
                    Val::from(":"),
                    Val::from(config.env(env).account.clone()),
                    Val::from(":log-group:/aws-glue/*"),
                ],
            )),
    );
    let security_group = imports.security_group(&stack);
    let connection = Connection::new(
        &stack,
        "NetworkConnection",
        ConnectionProps::new(
            ConnectionType::Network,
            Imports::value(&imports.exports.private_subnets[0]),
            Imports::value(&imports.exports.availability_zones[0]),
            vec![security_group.security_group_id()],
        )
        .connection_name(config.resource_name(env, "network-connection"))
        .description("The private subnet of the first zone, with the shared security group"),
    );
    let encryption = SecurityConfiguration::new(
        &stack,
        "SecurityConfiguration",
        SecurityConfigurationProps::new(config.resource_name(env, "glue-security"))
            .s3_key(key_arn.clone())
            .cloud_watch_key(key_arn.clone())
            .bookmarks_key(key_arn),
    );

    let conformed_db = Database::new(
        &stack,
        "ConformedDatabase",
        DatabaseProps::new(database_name(config, env, "conformed"))
            .description("Tables of the conformed zone, written by the raw-to-conformed job"),
    );
    let purpose_built_db = Database::new(
        &stack,
        "PurposeBuiltDatabase",
        DatabaseProps::new(database_name(config, env, "purpose_built"))
            .description("Tables of the purpose-built zone, one per SQL file"),
    );

    let temp_dir = Fn::join("", [Val::from("s3://"), temp.bucket_name(), Val::from("/temp/")]);
    let job = |id: &str, name: &str, script: &str, description: &str| {
        JobProps::new(
            JobType::SparkEtl,
            GlueCode::from_asset(assets_dir().join("glue").join(script)),
        )
        .job_name(config.resource_name(env, name))
        .description(description)
        .glue_version(GlueVersion::V4_0)
        .workers(WorkerType::G1X, 2)
        .max_retries(0)
        .timeout_minutes(60)
        .max_concurrent_runs(1)
        .job_bookmarks(false)
        .continuous_logging(true)
        .connection(&connection)
        .security_configuration(&encryption)
        .role(&role)
        .temp_dir(temp_dir.clone())
        .tag(config.tag_key("job"), id)
    };
    let raw_to_conformed = Job::new(
        &stack,
        "RawToConformedJob",
        job(
            "RawToConformedJob",
            "raw-to-conformed-job",
            "raw_to_conformed.py",
            "Raw CSV to partitioned Parquet in the conformed zone, with its catalog table",
        )
        .argument("--source_bucket", raw.bucket_name())
        .argument("--source_prefix", RAW_PREFIX)
        .argument("--target_bucket", conformed.bucket_name())
        .argument("--target_database", conformed_db.database_name())
        .argument("--table_name", CONFORMED_TABLE),
    );

    // The SQL files travel as one zipped asset; the job reads it with its role.
    let sql = FileAsset::new(&stack, "PurposeBuiltSql", assets_dir().join("glue/sql"));
    let sql_key = sql
        .object_key()
        .as_value()
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let conformed_to_purpose_built = Job::new(
        &stack,
        "ConformedToPurposeBuiltJob",
        job(
            "ConformedToPurposeBuiltJob",
            "conformed-to-purpose-built-job",
            "conformed_to_purpose_built.py",
            "Runs one SQL file per purpose-built table over the conformed zone",
        )
        .argument("--source_database", conformed_db.database_name())
        .argument("--source_table", CONFORMED_TABLE)
        .argument("--target_bucket", purpose_built.bucket_name())
        .argument("--target_database", purpose_built_db.database_name())
        .argument("--sql_archive", sql.s3_object_url()),
    );
    let assets = Bucket::from_bucket_name(&stack, "AssetsBucket", sql.bucket_name());
    let _ = assets.grant_access(&role, BucketAccess::Read, &sql_key);

    Jobs {
        raw_to_conformed,
        conformed_to_purpose_built,
    }
}

/// A Python 3.12 function of the VPC's private subnets with the shared security group.
fn vpc_function(
    code_dir: &str,
    description: &str,
    vpc: &Vpc,
    security_group: &SecurityGroup,
) -> FunctionProps {
    FunctionProps::new(
        Runtime::Python3_12,
        "index.handler",
        Code::from_asset(assets_dir().join("lambda").join(code_dir)),
    )
    .description(description)
    .timeout_seconds(60)
    .memory_size_mb(256)
    .log_retention(RetentionDays::OneYear)
    .vpc(vpc)
    .vpc_subnets(SubnetSelection::of_type(SubnetType::PrivateWithEgress))
    .security_group(security_group)
}

fn step_functions_stack(stage: &Stage, config: &Config, env: Env, table: &Table, jobs: &Jobs) {
    let stack = new_stack(
        stage,
        config,
        env,
        "StepFunctions",
        "The data lake's ETL state machine, its functions, topic and trigger rule",
    );
    let imports = Imports::new(config, env);
    let vpc = imports.vpc(&stack);
    let security_group = imports.security_group(&stack);
    let raw_bucket = Imports::value(&imports.exports.zone_buckets[0]);
    debug_assert_eq!(imports.exports.private_subnets.len(), AZ_COUNT);

    let topic_key = Key::new(
        &stack,
        "NotificationsKey",
        KeyProps::new()
            .description(format!("Encrypts the {env} data lake's ETL notifications"))
            .enable_key_rotation(true)
            .removal_policy(removal_policy(env)),
    );
    let topic = Topic::new(
        &stack,
        "NotificationsTopic",
        TopicProps::new()
            .topic_name(config.resource_name(env, "etl-notifications"))
            .display_name("Data lake ETL runs")
            .master_key(&topic_key),
    );

    let status = Function::new(
        &stack,
        "StatusFunction",
        vpc_function(
            "status",
            "Records the outcome of an ETL run in the audit table",
            &vpc,
            &security_group,
        )
        .environment("AUDIT_TABLE", table.table_name()),
    );
    let _ = table.grant_write_data(&status);

    let machine = state_machine(&stack, config, env, jobs, &status, &topic);
    // Publishing to the encrypted topic uses its key.
    let _ = topic_key.grant(&machine, &["kms:Decrypt", "kms:GenerateDataKey*"]);

    let trigger = Function::new(
        &stack,
        "TriggerFunction",
        vpc_function(
            "trigger",
            "Records the start of an ETL run in the audit table and starts the state machine",
            &vpc,
            &security_group,
        )
        .environment("AUDIT_TABLE", table.table_name())
        .environment("STATE_MACHINE_ARN", machine.state_machine_arn()),
    );
    let _ = table.grant_write_data(&trigger);
    let _ = machine.grant_start_execution(&trigger);

    let rule = Rule::new(
        &stack,
        "RawObjectCreatedRule",
        RuleProps::new()
            .description("Starts an ETL run for each new CSV object of the raw zone")
            .event_pattern(EventPattern::s3_object_created(raw_bucket, Some(RAW_PREFIX))),
    );
    rule.add_target(&LambdaFunctionTarget::new(&trigger));

    for function in [&status, &trigger] {
        suppress_function_checks(function);
    }
}

/// The checkov findings on the functions that are deliberate, with their reasons.
fn suppress_function_checks(function: &Function) {
    if let Some(resource) = function.resource() {
        skip_checks(
            resource,
            &[
                (
                    "CKV_AWS_116",
                    "no dead-letter queue: the state machine retries the status function and \
                     records failures; a failed trigger leaves no STARTED row and EventBridge \
                     retries it for 24 hours",
                ),
                (
                    "CKV_AWS_115",
                    "no reserved concurrency: runs are bounded by the Glue jobs' single \
                     concurrent run, and reserving would take from the account's pool",
                ),
                (
                    "CKV_AWS_173",
                    "the variables hold resource names only, no secret; Lambda encrypts them \
                     at rest with its AWS managed key",
                ),
            ],
        );
    }
    if let Some(resource) = function.log_group().and_then(|g| g.resource()) {
        skip_checks(resource, &[LOG_GROUP_KMS_SKIP]);
    }
}

/// Why the log groups use CloudWatch's default encryption rather than a customer key.
const LOG_GROUP_KMS_SKIP: (&str, &str) = (
    "CKV_AWS_158",
    "the logs hold run metadata, no data of the lake; CloudWatch Logs encrypts them at rest, \
     and a customer key would need a key policy for the logs service in every account",
);

/// raw job → conformed job → status → "succeeded"; any job failure → status → "failed" →
/// Fail.
fn state_machine(
    stack: &Stack,
    config: &Config,
    env: Env,
    jobs: &Jobs,
    status: &Function,
    topic: &Topic,
) -> StateMachine {
    let d = Definition::new();
    let glue_task = |name: &str, job: &Job, arguments: Option<Fields>| {
        let mut run = GlueStartJobRun::new(job).integration_pattern(IntegrationPattern::RunJob);
        if let Some(arguments) = arguments {
            run = run.arguments(TaskInput::object(arguments));
        }
        Task::new(
            &d,
            name,
            TaskProps::new(run)
                .timeout_seconds(3600)
                .result_path(JsonPath::DISCARD),
        )
    };
    let raw_job = glue_task(
        "RawToConformed",
        &jobs.raw_to_conformed,
        Some(
            Fields::new()
                .with("--source_key", JsonPath::at("$.source_key"))
                .with("--execution_id", JsonPath::at("$.execution_id")),
        ),
    );
    let conformed_job = glue_task(
        "ConformedToPurposeBuilt",
        &jobs.conformed_to_purpose_built,
        Some(Fields::new().with("--execution_id", JsonPath::at("$.execution_id"))),
    );

    let update_status = |name: &str, outcome: &str, error: bool| {
        let mut payload = Fields::new()
            .with("execution_id", JsonPath::at("$.execution_id"))
            .with("status", outcome);
        if error {
            payload = payload.with("error", JsonPath::at("$.error"));
        }
        Task::new(
            &d,
            name,
            TaskProps::new(LambdaInvoke::new(status).payload(TaskInput::object(payload)))
                .result_path(JsonPath::DISCARD),
        )
    };
    let status_succeeded = update_status("UpdateStatusSucceeded", "SUCCEEDED", false);
    let status_failed = update_status("UpdateStatusFailed", "FAILED", true);

    let notify = |name: &str, subject: &str, outcome: &str| {
        Task::new(
            &d,
            name,
            TaskProps::new(
                SnsPublish::new(
                    topic,
                    TaskInput::from_json_path(JsonPath::format(
                        &format!("ETL run {{}} {outcome}"),
                        [JsonPath::at("$.execution_id").into()],
                    )),
                )
                .subject(subject),
            )
            .result_path(JsonPath::DISCARD),
        )
    };
    let notify_succeeded = notify("NotifySucceeded", "Data lake ETL run succeeded", "succeeded");
    let notify_failed = notify("NotifyFailed", "Data lake ETL run failed", "failed");

    for job in [&raw_job, &conformed_job] {
        job.add_catch(
            &status_failed,
            CatchProps::new().errors([Errors::ALL]).result_path("$.error"),
        );
    }
    status_failed
        .next(&notify_failed)
        .next(&Fail::new(
            &d,
            "EtlFailed",
            FailProps::new()
                .error("EtlJobFailed")
                .cause("a Glue job failed; the audit table and the topic have the details"),
        ));
    let chain = raw_job
        .next(&conformed_job)
        .next(&status_succeeded)
        .next(&notify_succeeded)
        .next(&Succeed::new(&d, "EtlSucceeded", SucceedProps::new()));

    let logs = LogGroup::new(
        stack,
        "StateMachineLogs",
        LogGroupProps::new()
            .retention(RetentionDays::OneYear)
            .removal_policy(removal_policy(env)),
    );
    if let Some(resource) = logs.resource() {
        skip_checks(resource, &[LOG_GROUP_KMS_SKIP]);
    }
    let machine = StateMachine::new(
        stack,
        "EtlStateMachine",
        StateMachineProps::new(&chain)
            .state_machine_name(config.resource_name(env, "etl-state-machine"))
            .comment("Raw to conformed to purpose-built, with an audit trail and notifications")
            .timeout_seconds(3 * 3600)
            .tracing_enabled(true)
            .logs(LogOptions::new(&logs).level(LogLevel::All)),
    );
    machine
}
