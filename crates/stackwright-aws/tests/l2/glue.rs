//! Glue constructs: jobs (script assets, the role reading exactly its scripts, defaults as the
//! CDK's Glue constructs write them), connections, the catalog, crawlers, and validation.

use serde_json::json;
use stackwright_aws::events::{Cron, Schedule};
use stackwright_aws::glue::{
    Code, Column, ColumnType, Connection, ConnectionProps, ConnectionType, Crawler, CrawlerProps,
    DataFormat, Database, DatabaseProps, GlueVersion, Job, JobProps, JobType, PythonShellCapacity,
    SecurityConfiguration, SecurityConfigurationProps, Table, TableProps, WorkerType,
};
use stackwright_core::{App, AppProps, CloudAssembly, Environment, Stack, StackProps, Val};

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/glue/raw.py");
const HELPERS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/glue/helpers.py"
);

fn app_and_stack() -> (App, Stack) {
    let app = App::with_props(AppProps::default());
    let stack = Stack::new(
        &app,
        "Etl",
        StackProps::default().env(Environment::new("111111111111", "us-east-2")),
    );
    (app, stack)
}

fn resource<'a>(assembly: &'a CloudAssembly, logical_id: &str) -> &'a serde_json::Value {
    &assembly.stack("Etl").unwrap().template["Resources"][logical_id]
}

#[test]
fn a_spark_job_reads_exactly_its_own_scripts_and_uses_its_connection() {
    let (app, stack) = app_and_stack();
    let connection = Connection::new(
        &stack,
        "Network",
        ConnectionProps::new(
            ConnectionType::Network,
            "subnet-1",
            "us-east-2a",
            vec![Val::from("sg-1")],
        ),
    );
    let job = Job::new(
        &stack,
        "Raw",
        JobProps::new(JobType::SparkEtl, Code::from_asset(SCRIPT))
            .job_name("dev-raw-job")
            .workers(WorkerType::G1X, 2)
            .argument("target", "x")
            .extra_python_file(Code::from_asset(HELPERS))
            .connection(&connection),
    );
    let assembly = app.assemble().unwrap();
    let properties = &resource(&assembly, "Raw72517081")["Properties"];
    let script_hash = assembly.json("Etl.assets.json").unwrap()["files"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, f)| f["displayName"] == "Etl/Raw/Script")
        .map(|(h, _)| h.clone())
        .expect("the script is an asset of the stack");
    let bucket = "cdk-hnb659fds-assets-111111111111-us-east-2";
    assert_eq!(
        properties["Command"],
        json!({"Name": "glueetl", "PythonVersion": "3", "ScriptLocation": format!("s3://{bucket}/{script_hash}.py")})
    );
    assert_eq!(properties["DefaultArguments"]["--target"], "x");
    assert_eq!(
        properties["DefaultArguments"]["--enable-continuous-cloudwatch-log"],
        "true"
    );
    assert_eq!(properties["GlueVersion"], "4.0");
    assert_eq!(properties["WorkerType"], "G.1X");
    assert_eq!(properties["NumberOfWorkers"], 2);
    assert_eq!(properties["MaxRetries"], 0);
    assert_eq!(
        properties["Connections"],
        json!({"Connections": [{"Ref": "Network1C6012B5"}]})
    );
    let statements = &resource(&assembly, "RawServiceRoleDefaultPolicy7FA986BC")["Properties"]
        ["PolicyDocument"]["Statement"];
    assert_eq!(statements.as_array().unwrap().len(), 1);
    assert_eq!(statements[0]["Action"], "s3:GetObject*");
    let objects = statements[0]["Resource"].as_array().unwrap();
    assert_eq!(
        objects.len(),
        2,
        "the script and the extra file, nothing else"
    );
    assert_eq!(
        objects[0],
        json!({"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, format!(":s3:::{bucket}/{script_hash}.py")]]})
    );
    let role = &resource(&assembly, "RawServiceRoleDBBBAF81")["Properties"];
    assert_eq!(
        role["ManagedPolicyArns"][0]["Fn::Join"][1][2],
        ":iam::aws:policy/service-role/AWSGlueServiceRole"
    );
    assert!(job.job_arn().as_value().has_tokens());
}

#[test]
fn python_shell_jobs_take_a_capacity_and_glue_3() {
    let (app, stack) = app_and_stack();
    Job::new(
        &stack,
        "Shell",
        JobProps::new(
            JobType::PythonShell,
            Code::from_bucket("scripts", "shell.py"),
        )
        .python_shell_capacity(PythonShellCapacity::OneDpu)
        .max_concurrent_runs(2)
        .metrics(false),
    );
    let assembly = app.assemble().unwrap();
    let properties = &resource(&assembly, "Shell50E06A23")["Properties"];
    assert_eq!(
        properties["Command"],
        json!({"Name": "pythonshell", "PythonVersion": "3.9", "ScriptLocation": "s3://scripts/shell.py"})
    );
    assert_eq!(properties["MaxCapacity"], 1);
    assert_eq!(properties["GlueVersion"], "3.0");
    assert_eq!(
        properties["ExecutionProperty"],
        json!({"MaxConcurrentRuns": 2})
    );
    assert!(properties["DefaultArguments"]
        .get("--enable-metrics")
        .is_none());
    assert!(properties.get("WorkerType").is_none());
}

#[test]
fn catalog_crawler_and_security_configuration() {
    let (app, stack) = app_and_stack();
    let database = Database::new(&stack, "Db", DatabaseProps::new("lake"));
    Table::new(
        &stack,
        "Sales",
        TableProps::new(
            &database,
            "sales",
            "s3://conformed/sales/",
            DataFormat::Parquet,
        )
        .column(Column::new("id", ColumnType::BigInt))
        .column(Column::new("amount", ColumnType::Decimal(12, 2)))
        .partition_key(Column::new("year", ColumnType::Int)),
    );
    Crawler::new(
        &stack,
        "Crawl",
        CrawlerProps::new(&database)
            .s3_target("s3://raw/sales/", ["*.tmp"])
            .schedule(Schedule::cron(Cron::new().minute("0").hour("3"))),
    );
    SecurityConfiguration::new(
        &stack,
        "Encryption",
        SecurityConfigurationProps::new("lake-encryption")
            .s3_key("arn:aws:kms:us-east-2:111111111111:key/abc"),
    );
    let assembly = app.assemble().unwrap();
    assert_eq!(
        resource(&assembly, "Db5D02A0A9")["Properties"],
        json!({"CatalogId": "111111111111", "DatabaseInput": {"Name": "lake"}})
    );
    let table = &resource(&assembly, "Sales1863061C")["Properties"];
    assert_eq!(table["DatabaseName"], json!({"Ref": "Db5D02A0A9"}));
    assert_eq!(
        table["TableInput"]["StorageDescriptor"]["Columns"][1],
        json!({"Name": "amount", "Type": "decimal(12,2)"})
    );
    assert_eq!(
        table["TableInput"]["PartitionKeys"],
        json!([{"Name": "year", "Type": "int"}])
    );
    assert_eq!(
        table["TableInput"]["Parameters"],
        json!({"classification": "parquet"})
    );
    let crawler = &resource(&assembly, "CrawlD1C0914D")["Properties"];
    assert_eq!(
        crawler["Schedule"],
        json!({"ScheduleExpression": "cron(0 3 * * ? *)"})
    );
    assert_eq!(
        crawler["Targets"],
        json!({"S3Targets": [{"Exclusions": ["*.tmp"], "Path": "s3://raw/sales/"}]})
    );
    assert_eq!(
        crawler["Role"],
        json!({"Fn::GetAtt": ["CrawlRole1F1632F0", "Arn"]})
    );
}

#[test]
fn invalid_glue_settings_are_reported_with_their_path() {
    let (app, stack) = app_and_stack();
    Job::new(
        &stack,
        "ShellWithWorkers",
        JobProps::new(JobType::PythonShell, Code::from_bucket("b", "k.py"))
            .workers(WorkerType::G1X, 2)
            .glue_version(GlueVersion::V4_0),
    );
    Job::new(
        &stack,
        "TinySpark",
        JobProps::new(JobType::SparkEtl, Code::from_bucket("b", "k.py"))
            .workers(WorkerType::G025X, 1)
            .glue_version(GlueVersion::V2_0),
    );
    Job::new(
        &stack,
        "RayOld",
        JobProps::new(JobType::Ray, Code::from_bucket("b", "k.py")).glue_version(GlueVersion::V3_0),
    );
    Job::new(
        &stack,
        "Dir",
        JobProps::new(
            JobType::SparkEtl,
            Code::from_asset(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/glue")),
        )
        .max_retries(-1),
    );
    Database::new(&stack, "BadDb", DatabaseProps::new("Bad Name"));
    let db = Database::new(&stack, "Db", DatabaseProps::new("lake"));
    Table::new(
        &stack,
        "NoColumns",
        TableProps::new(&db, "t", "https://x", DataFormat::Csv),
    );
    Crawler::new(
        &stack,
        "Idle",
        CrawlerProps::new(&db).schedule(Schedule::rate_hours(1)),
    );
    SecurityConfiguration::new(&stack, "Nothing", SecurityConfigurationProps::new("none"));
    let errors = app.assemble().unwrap_err();
    for (path, message) in [
        (
            "Etl/ShellWithWorkers",
            "a Python shell job takes a capacity",
        ),
        (
            "Etl/ShellWithWorkers",
            "a Python shell job runs on Glue 1.0 or 3.0, not 4.0",
        ),
        ("Etl/TinySpark", "G.025X workers are for streaming jobs"),
        (
            "Etl/TinySpark",
            "a Spark job needs at least 2 workers, not 1",
        ),
        ("Etl/RayOld", "a Ray job needs Glue 4.0 or later, not 3.0"),
        ("Etl/Dir", "is a directory: a Glue script"),
        ("Etl/Dir", "max retries must not be negative, not -1"),
        ("Etl/BadDb", "database name \"Bad Name\" contains 'B'"),
        ("Etl/NoColumns", "a table needs at least one column"),
        (
            "Etl/NoColumns",
            "table location \"https://x\" must be an s3:// URL",
        ),
        (
            "Etl/Idle",
            "a crawler runs on a cron schedule, not rate(1 hour)",
        ),
        (
            "Etl/Idle",
            "a crawler needs at least one S3 or catalog target",
        ),
        (
            "Etl/Nothing",
            "must encrypt at least one of S3, CloudWatch or bookmarks",
        ),
    ] {
        assert!(
            errors.contains(path, message),
            "missing {path}: {message} in\n{errors}"
        );
    }
}

#[test]
fn a_connection_in_a_vpc_subnet_takes_its_id_and_zone_and_jobs_keep_their_tags() {
    use stackwright_aws::ec2::{
        SecurityGroup, SecurityGroupProps, SubnetSelection, SubnetType, Vpc, VpcProps,
    };
    let (app, stack) = app_and_stack();
    let vpc = Vpc::new(&stack, "Vpc", VpcProps::new().cidr("10.20.0.0/24"));
    let shared = SecurityGroup::new(&stack, "Shared", SecurityGroupProps::new(&vpc));
    let private = vpc.select_subnets(&SubnetSelection::of_type(SubnetType::PrivateWithEgress));
    let connection = Connection::new(
        &stack,
        "Network",
        ConnectionProps::in_subnet(
            ConnectionType::Network,
            &vpc.private_subnets()[0],
            &[&shared],
        ),
    );
    Job::new(
        &stack,
        "Raw",
        JobProps::new(JobType::SparkEtl, Code::from_bucket("b", "k.py"))
            .connection(&connection)
            .tag("team", "data"),
    );
    let assembly = app.assemble().unwrap();
    let requirements = &resource(&assembly, "Network1C6012B5")["Properties"]["ConnectionInput"]
        ["PhysicalConnectionRequirements"];
    assert!(requirements["SubnetId"]["Ref"]
        .as_str()
        .unwrap()
        .starts_with("VpcPrivateSubnet1Subnet"));
    assert_eq!(
        private.subnet_ids()[0],
        vpc.private_subnets()[0].subnet_id()
    );
    assert_eq!(requirements["AvailabilityZone"], "dummy1a");
    assert_eq!(
        requirements["SecurityGroupIdList"][0]["Fn::GetAtt"][1],
        "GroupId"
    );
    let job = &resource(&assembly, "Raw72517081")["Properties"];
    assert_eq!(job["Tags"], json!({"team": "data"}), "{job}");
}
