//! The data lake example: its configuration (schema, every validation), snapshots of every Dev
//! template and of the pipeline stacks, what a user relies on in them (encryption, TLS-only
//! policies, least privilege, lifecycle per environment, the state machine, the rule, the
//! Prod approval, no secret in plain text), the real validators (cfn-lint, the manifest
//! schemas, `cdk ls`, checkov) over the whole assembly, and the job code compiles.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value as Json};
use stackwright::core::CloudAssembly;
use stackwright::prelude::*;
use stackwright_assertions::tools::{files_ending, Tools};
use stackwright_assertions::{assert_template_snapshot, snapshot_name, Match, Template};
use stackwright_examples::datalake::cli::{self, Args};
use stackwright_examples::datalake::config::{Config, Env};
use stackwright_examples::datalake::{self, AppKind, Selection};

mod support;
use support::{actions, assert_python_compiles, resource, state_machine_definition, statements};

fn config() -> Config {
    Config::load(&Config::default_path()).unwrap_or_else(|e| panic!("{e}"))
}

fn assemble(selection: Selection) -> CloudAssembly {
    let app = App::with_props(AppProps::default());
    datalake::build(&app, &config(), selection);
    app.assemble().unwrap_or_else(|e| panic!("{e}"))
}

fn everything() -> CloudAssembly {
    assemble(Selection::default())
}

/// The whole assembly, written into `cdk.out` in a temporary directory: (the directory, `cdk.out`).
fn written() -> (tempfile::TempDir, PathBuf) {
    written_with(&config())
}

/// The whole assembly of `config`, written as [`written`] writes the shipped configuration's.
fn written_with(config: &Config) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cdk.out");
    let app = App::with_props(AppProps::default().outdir(&out));
    datalake::build(&app, config, Selection::default());
    app.synth().unwrap_or_else(|e| panic!("{e}"));
    (dir, out)
}

fn stack(assembly: &CloudAssembly, env: Env, app: AppKind, name: &str) -> Template {
    Template::from_stack(
        assembly,
        &format!("{}/{}/DataLakeCDKBlog{name}", env.title(), app.title()),
    )
}

mod configuration {
    use super::*;

    const GOOD: &str = include_str!("../../datalake/datalake.toml");

    fn problems(text: &str) -> Vec<String> {
        Config::parse(text, Path::new("datalake.toml"))
            .expect_err("the configuration is invalid")
            .problems
    }

    #[test]
    fn the_shipped_file_is_valid_and_complete() {
        let config = config();
        assert_eq!(config.env(Env::Dev).vpc_cidr, "10.20.0.0/24");
        assert_eq!(config.env(Env::Test).vpc_cidr, "10.10.0.0/24");
        assert_eq!(config.env(Env::Prod).vpc_cidr, "10.0.0.0/24");
        assert_eq!(
            config.bucket_name(Env::Dev, "raw"),
            "dev-cdkblog-e2e-222222222222-us-east-2-raw"
        );
        assert_eq!(
            config.availability_zones(Env::Prod),
            ["us-east-2a", "us-east-2b", "us-east-2c"]
        );
    }

    #[test]
    fn the_checked_in_schema_is_up_to_date() {
        let path = datalake::assets_dir().join("datalake.schema.json");
        let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            checked_in == Config::json_schema(),
            "{} is stale: run `cargo run --example datalake -- --print-schema > \
             examples/datalake/datalake.schema.json`",
            path.display()
        );
        let schema: Json = serde_json::from_str(&checked_in).unwrap();
        assert_eq!(
            schema["required"],
            json!([
                "naming",
                "tags",
                "deployment",
                "environments",
                "source",
                "repositories"
            ])
        );
    }

    /// Validates TOML text against the checked-in schema, as an editor would: the error, if
    /// any.
    fn schema_error(text: &str) -> Option<String> {
        let tools = Tools::discover().unwrap_or_else(|e| panic!("{e}"));
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("datalake.toml");
        std::fs::write(&file, text).unwrap();
        let out = tools
            .python_command()
            .args([
                "-c",
                "import json, sys, tomllib, jsonschema\n\
                 schema = json.load(open(sys.argv[1]))\n\
                 jsonschema.Draft202012Validator.check_schema(schema)\n\
                 jsonschema.validate(tomllib.load(open(sys.argv[2], 'rb')), schema)",
            ])
            .arg(datalake::assets_dir().join("datalake.schema.json"))
            .arg(&file)
            .output()
            .unwrap();
        (!out.status.success()).then(|| String::from_utf8_lossy(&out.stderr).into_owned())
    }

    #[test]
    fn editors_accept_the_shipped_file_and_reject_an_unknown_environment() {
        assert_eq!(schema_error(GOOD), None);
        let staging = GOOD.replace("[environments.test]", "[environments.staging]");
        let error = schema_error(&staging).expect("rejected");
        assert!(error.contains("staging"), "{error}");
    }

    #[test]
    fn every_invalid_value_is_reported_together_with_its_key() {
        let bad = GOOD
            .replace("account = \"222222222222\"", "account = \"2222\"")
            .replace("10.10.0.0/24", "10.10.0.0/26")
            .replace("10.0.0.0/24", "10.0.0.1/24")
            .replace("\"DataLakeCDKBlog\"", "\"9Lake\"")
            .replace("\"cdkblog-e2e\"", "\"-Bad_Prefix\"")
            .replace("branch = \"test\"", "branch = \"main\"")
            .replace("region = \"us-east-2\"\nvpc_cidr = \"10.0.0.1", "region = \"mars\"\nvpc_cidr = \"10.0.0.1")
            .replace("[environments.prod]", "[environments.staging]\naccount = \"555555555555\"\nregion = \"us-east-2\"\nvpc_cidr = \"10.30.0.0/24\"\nbranch = \"staging\"\n\n[environments.prod]");
        let problems = problems(&bad);
        let expected = [
            "naming.logical_id_prefix: \"9Lake\" is not a logical-id prefix",
            "naming.resource_name_prefix: \"-Bad_Prefix\" is not a resource-name prefix",
            "environments.staging: unknown environment \"staging\"",
            "environments.dev.account: \"2222\" is not an AWS account id: an account id is exactly 12 digits",
            "environments.test.vpc_cidr: \"10.10.0.0/26\" cannot hold the VPC's 6 /27 subnets",
            "environments.test.branch: the branch \"main\" is mapped twice, to dev and to test",
            "environments.prod.region: \"mars\" is not an AWS region name",
            "environments.prod.vpc_cidr: \"10.0.0.1/24\" has host bits set: the block of this address is 10.0.0.0/24",
        ];
        for message in expected {
            assert!(
                problems.iter().any(|p| p.starts_with(message)),
                "missing {message:?} in {problems:#?}"
            );
        }
        assert_eq!(problems.len(), expected.len(), "{problems:#?}");
    }

    #[test]
    fn a_missing_environment_a_long_prefix_and_other_regions_are_rejected() {
        let start = GOOD.find("[environments.test]").unwrap();
        let end = GOOD.find("[environments.prod]").unwrap();
        let without_test = format!("{}{}", &GOOD[..start], &GOOD[end..]);
        assert_eq!(
            problems(&without_test),
            ["environments: the environment \"test\" is missing: add a table [environments.test]"]
        );
        let long = GOOD.replace("\"cdkblog-e2e\"", "\"a-very-long-resource-name-prefix\"");
        let problems_long = problems(&long);
        assert!(
            problems_long[0]
                .starts_with("naming.resource_name_prefix: too long for the bucket names of dev"),
            "{problems_long:?}"
        );
        let elsewhere = GOOD.replacen(
            "account = \"333333333333\"\nregion = \"us-east-2\"",
            "account = \"333333333333\"\nregion = \"eu-west-1\"",
            1,
        );
        assert_eq!(
            problems(&elsewhere),
            ["environments.test.region: \"eu-west-1\" differs from the deployment region \"us-east-2\": the pipelines deploy into their own region only"]
        );
        let zones = GOOD.replace(
            "branch = \"main\"",
            "branch = \"main\"\navailability_zones = [\"us-east-2a\", \"us-west-2b\"]",
        );
        assert_eq!(
            problems(&zones),
            ["environments.dev.availability_zones: 2 zones given: the VPC spans exactly 3"]
        );
    }

    #[test]
    fn a_github_source_needs_a_secret_name_not_a_token() {
        let github = GOOD.replace(
            "kind = \"codecommit\"",
            "kind = \"github\"\nowner = \"acme\"\ntoken_secret_name = \"ghp_abcdefabcdef\"",
        );
        let found = problems(&github);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("source.token_secret_name: this looks like a GitHub token"));
    }

    #[test]
    fn syntax_errors_and_unknown_keys_name_the_line() {
        let found = problems(&GOOD.replace("[tags]", "[tags]\ncolour = \"blue\""));
        assert!(found[0].starts_with("line "), "{found:?}");
        assert!(found[0].contains("unknown field `colour`"), "{found:?}");
        let found = problems(&GOOD.replace("[repositories]", "[repositories"));
        assert!(found[0].starts_with("line "), "{found:?}");
    }

    #[test]
    fn an_invalid_configuration_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("bad.toml");
        std::fs::write(&file, GOOD.replace("111111111111", "1")).unwrap();
        let args = Args {
            app: None,
            env: None,
            config: Some(file.clone()),
            print_schema: false,
        };
        let error = cli::app(&args).expect_err("invalid");
        assert!(
            error.contains(&format!(
                "{}: deployment.account: \"1\" is not an AWS account id",
                file.display()
            )),
            "{error}"
        );
    }
}

mod apps {
    use super::*;

    #[test]
    fn dev_templates_and_pipeline_stacks_match_the_snapshots() {
        let assembly = everything();
        support::in_snapshots_dir(|| {
            for stack in assembly.stacks() {
                let path = &stack.display_name;
                if !path.starts_with("Dev/") && path.contains('/') {
                    continue;
                }
                let name = format!("datalake__{}", snapshot_name(path));
                assert_template_snapshot!(assembly, path, name = name);
            }
        });
    }

    #[test]
    fn the_assembly_holds_three_stages_of_five_stacks_and_six_pipelines() {
        let assembly = everything();
        let names: Vec<&str> = assembly
            .stacks()
            .iter()
            .map(|s| s.display_name.as_str())
            .collect();
        assert_eq!(names.len(), 21, "{names:?}");
        for env in Env::ALL {
            for app in AppKind::ALL {
                let id = datalake::pipelines::pipeline_stack_id(&config(), app, env);
                let pipeline = assembly.stacks().iter().find(|s| s.display_name == id);
                let pipeline = pipeline.unwrap_or_else(|| panic!("{id} in {names:?}"));
                assert_eq!(
                    pipeline.environment.account.as_deref(),
                    Some("111111111111")
                );
            }
        }
        let narrowed = assemble(Selection {
            app: Some(AppKind::Etl),
            env: Some(Env::Test),
        });
        let narrowed: Vec<&str> = narrowed
            .stacks()
            .iter()
            .map(|s| s.display_name.as_str())
            .collect();
        assert_eq!(
            narrowed,
            [
                "Test/Etl/DataLakeCDKBlogDynamoDb",
                "Test/Etl/DataLakeCDKBlogGlue",
                "Test/Etl/DataLakeCDKBlogStepFunctions",
                "DataLakeCDKBlogEtlTestPipeline"
            ]
        );
    }

    #[test]
    fn every_stack_has_the_four_tags() {
        let (_dir, out) = written();
        for stack in everything().stacks() {
            let environment = stack
                .display_name
                .split('/')
                .next()
                .filter(|_| stack.display_name.contains('/'))
                .unwrap_or("Deployment");
            let manifest = find_manifest_entry(&out, &stack.artifact_id);
            assert_eq!(
                manifest["tags"],
                json!({
                    "cdkblog-e2e:application": "data-lake",
                    "cdkblog-e2e:cost-center": "data-platform",
                    "cdkblog-e2e:environment": environment,
                    "cdkblog-e2e:team": "data-engineering"
                }),
                "{}",
                stack.display_name
            );
        }
    }

    /// The `properties` of the stack artifact `id` in any manifest below `out`.
    fn find_manifest_entry(out: &Path, id: &str) -> Json {
        for manifest in files_ending(out, "manifest.json") {
            let json: Json =
                serde_json::from_str(&std::fs::read_to_string(manifest).unwrap()).unwrap();
            if let Some(artifact) = json["artifacts"].get(id) {
                return artifact["properties"].clone();
            }
        }
        panic!("no artifact {id}");
    }

    #[test]
    fn every_bucket_is_encrypted_versioned_private_and_tls_only() {
        let assembly = everything();
        for env in Env::ALL {
            for (app, name) in [(AppKind::Infra, "S3Zones"), (AppKind::Etl, "Glue")] {
                let template = stack(&assembly, env, app, name);
                let buckets = template.find_resources("AWS::S3::Bucket", Match::any_value());
                assert!(!buckets.is_empty());
                for (id, bucket) in &buckets {
                    let p = &bucket["Properties"];
                    let sse = &p["BucketEncryption"]["ServerSideEncryptionConfiguration"][0];
                    if id.starts_with("AccessLogs") {
                        assert_eq!(
                            sse["ServerSideEncryptionByDefault"]["SSEAlgorithm"],
                            "AES256"
                        );
                    } else {
                        assert_eq!(
                            sse["ServerSideEncryptionByDefault"]["SSEAlgorithm"], "aws:kms",
                            "{id}"
                        );
                        assert!(
                            sse["ServerSideEncryptionByDefault"]["KMSMasterKeyID"].is_object(),
                            "{id}"
                        );
                        assert_eq!(sse["BucketKeyEnabled"], true, "{id}");
                        assert_eq!(
                            p["LoggingConfiguration"]["LogFilePrefix"],
                            json!(format!("{}/", p["BucketName"].as_str().unwrap()))
                        );
                    }
                    assert_eq!(p["VersioningConfiguration"]["Status"], "Enabled", "{id}");
                    assert_eq!(
                        p["PublicAccessBlockConfiguration"],
                        json!({"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true})
                    );
                    // The bucket policy denies every request without TLS.
                    let policies =
                        template.find_resources("AWS::S3::BucketPolicy", Match::any_value());
                    let policy = policies
                        .iter()
                        .find(|(_, b)| b["Properties"]["Bucket"] == json!({"Ref": id}))
                        .unwrap_or_else(|| panic!("{id} has a policy"));
                    assert!(
                        statements(&policy.1).iter().any(|s| s["Effect"] == "Deny"
                            && s["Condition"] == json!({"Bool": {"aws:SecureTransport": "false"}})
                            && s["Action"] == "s3:*"),
                        "{id}: {:?}",
                        policy.1
                    );
                }
            }
        }
    }

    #[test]
    fn the_zones_key_rotates_and_the_deployment_account_may_use_it() {
        let assembly = everything();
        let template = stack(&assembly, Env::Dev, AppKind::Infra, "S3Zones");
        let (_, key) = resource(&template, "AWS::KMS::Key", "ZonesKey");
        assert_eq!(key["Properties"]["EnableKeyRotation"], true);
        let policy =
            statements(&json!({"Properties": {"PolicyDocument": key["Properties"]["KeyPolicy"]}}));
        assert!(
            policy.iter().any(
                |s| s["Principal"]["AWS"].to_string().contains("111111111111")
                    && actions(s).contains(&"kms:Decrypt".to_owned())
            ),
            "{policy:#?}"
        );
        template.has_resource_properties(
            "AWS::KMS::Alias",
            json!({"AliasName": "alias/dev-cdkblog-e2e-kms-key"}),
        );
    }

    #[test]
    fn lifecycle_and_removal_follow_the_environment() {
        let assembly = everything();
        let rule = |env| {
            let template = stack(&assembly, env, AppKind::Infra, "S3Zones");
            let (_, raw) = resource(&template, "AWS::S3::Bucket", "RawBucket");
            (
                raw["Properties"]["LifecycleConfiguration"]["Rules"][0].clone(),
                raw["DeletionPolicy"].clone(),
                template,
            )
        };
        for env in [Env::Dev, Env::Test] {
            let (rule, _, _) = rule(env);
            assert_eq!(rule["ExpirationInDays"], 60);
            assert_eq!(rule["NoncurrentVersionExpiration"]["NoncurrentDays"], 30);
            assert!(rule.get("Transitions").is_none());
        }
        let (prod_rule, prod_deletion, prod) = rule(Env::Prod);
        assert_eq!(prod_rule["ExpirationInDays"], 2555);
        assert_eq!(
            prod_rule["Transitions"],
            json!([{"StorageClass": "GLACIER", "TransitionInDays": 365}])
        );
        assert_eq!(
            prod_rule["NoncurrentVersionExpiration"]["NoncurrentDays"],
            90
        );
        assert_eq!(prod_deletion, "Retain");
        let (_, dev_deletion, dev) = rule(Env::Dev);
        assert_eq!(dev_deletion, "Delete");
        // Test and Prod buckets cannot be deleted by anybody; Dev's can.
        let denies_delete = |template: &Template| {
            template
                .find_resources("AWS::S3::BucketPolicy", Match::any_value())
                .iter()
                .filter(|(_, p)| {
                    statements(p)
                        .iter()
                        .any(|s| s["Action"] == "s3:DeleteBucket" && s["Effect"] == "Deny")
                })
                .count()
        };
        assert_eq!(denies_delete(&prod), 4);
        assert_eq!(denies_delete(&dev), 0);
        let (_, key) = resource(&dev, "AWS::KMS::Key", "ZonesKey");
        assert_eq!(key["DeletionPolicy"], "Delete");
    }

    #[test]
    fn the_vpc_has_three_zones_endpoints_and_eleven_exports() {
        let assembly = everything();
        let template = stack(&assembly, Env::Dev, AppKind::Infra, "Vpc");
        template.resource_count_is("AWS::EC2::Subnet", 6);
        template.resource_count_is("AWS::EC2::NatGateway", 3);
        template.resource_count_is("AWS::EC2::VPCEndpoint", 7);
        for (_, subnet) in template.find_resources("AWS::EC2::Subnet", Match::any_value()) {
            let block = subnet["Properties"]["CidrBlock"].as_str().unwrap();
            assert!(
                block.starts_with("10.20.0.") && block.ends_with("/27"),
                "{block}"
            );
        }
        let outputs = template.json()["Outputs"].as_object().unwrap();
        assert_eq!(outputs.len(), 11);
        assert_eq!(outputs["VpcId"]["Export"]["Name"], "dev-cdkblog-e2e-vpc-id");
        let (_, group) = resource(&template, "AWS::EC2::SecurityGroup", "SharedSecurityGroup");
        assert_eq!(
            group["Properties"]["SecurityGroupIngress"][0]["FromPort"],
            443
        );
        template.has_resource_properties(
            "AWS::EC2::SecurityGroupIngress",
            json!({"IpProtocol": "-1"}),
        );
    }

    #[test]
    fn the_etl_app_imports_the_infrastructure_by_name_and_the_table_across_stacks() {
        let assembly = everything();
        let infra_exports: Vec<String> = ["Vpc", "S3Zones"]
            .iter()
            .flat_map(|name| {
                let t = stack(&assembly, Env::Dev, AppKind::Infra, name);
                t.json()["Outputs"]
                    .as_object()
                    .unwrap()
                    .values()
                    .map(|o| o["Export"]["Name"].as_str().unwrap().to_owned())
                    .collect::<Vec<_>>()
            })
            .collect();
        for name in ["Glue", "StepFunctions"] {
            let text = stack(&assembly, Env::Dev, AppKind::Etl, name)
                .json()
                .to_string();
            let mut imports = 0;
            for piece in text.split("\"Fn::ImportValue\":\"").skip(1) {
                let imported = &piece[..piece.find('"').unwrap()];
                if imported.starts_with("dev-cdkblog-e2e-") {
                    assert!(
                        infra_exports.iter().any(|e| e == imported),
                        "{imported} is exported"
                    );
                    imports += 1;
                }
            }
            assert!(imports > 3, "{name} imports the infrastructure");
        }
        let machine = assembly
            .stacks()
            .iter()
            .find(|s| s.display_name == "Dev/Etl/DataLakeCDKBlogStepFunctions")
            .unwrap();
        // The table through an automatic cross-stack reference; the jobs by name, after them.
        assert_eq!(machine.dependencies.len(), 2, "{:?}", machine.dependencies);
        assert!(machine.dependencies.iter().any(|d| d.contains("DynamoDb")));
        assert!(machine.dependencies.iter().any(|d| d.contains("Glue")));
        let sfn = stack(&assembly, Env::Dev, AppKind::Etl, "StepFunctions");
        assert!(sfn
            .json()
            .to_string()
            .contains("\"Fn::ImportValue\":\"DevDataLakeCDKBlogDynamoDb:ExportsOutput"));
        let table = stack(&assembly, Env::Dev, AppKind::Etl, "DynamoDb");
        table.has_resource_properties(
            "AWS::DynamoDB::Table",
            json!({
                "TableName": "dev-cdkblog_e2e-etl-job-audit",
                "KeySchema": [{"AttributeName": "execution_id", "KeyType": "HASH"}],
                "BillingMode": "PAY_PER_REQUEST",
            }),
        );
    }

    #[test]
    fn the_glue_role_reaches_only_the_lake_and_its_code() {
        let assembly = everything();
        let template = stack(&assembly, Env::Dev, AppKind::Etl, "Glue");
        let (role, role_json) = resource(&template, "AWS::IAM::Role", "GlueRole");
        assert!(role_json["Properties"]["ManagedPolicyArns"]
            .to_string()
            .contains("service-role/AWSGlueServiceRole"));
        let (_, policy) = resource(&template, "AWS::IAM::Policy", "GlueRoleDefaultPolicy");
        assert_eq!(policy["Properties"]["Roles"], json!([{"Ref": role}]));
        let allowed_buckets = [
            "dev-cdkblog-e2e-raw-bucket",
            "dev-cdkblog-e2e-conformed-bucket",
            "dev-cdkblog-e2e-purpose-built-bucket",
            "GlueTempBucket",
            "cdk-hnb659fds-assets-222222222222-us-east-2/",
            "cdk-hnb659fds-assets-222222222222-us-east-2\"",
        ];
        for statement in statements(&policy) {
            assert_ne!(statement["Resource"], json!("*"), "{statement}");
            let resources = statement["Resource"].to_string();
            if actions(&statement).iter().any(|a| a.starts_with("s3:")) {
                assert!(
                    allowed_buckets.iter().any(|b| resources.contains(b)),
                    "{statement}"
                );
                assert!(!resources.contains(":s3:::*"), "{statement}");
            }
            let writes = actions(&statement)
                .iter()
                .any(|a| a.starts_with("s3:Put") || a.starts_with("s3:Delete"));
            if writes {
                assert!(
                    !resources.contains("raw-bucket") && !resources.contains("cdk-hnb659fds"),
                    "raw and the code are read only: {statement}"
                );
            }
        }
        template.all_resources_properties(
            "AWS::Glue::Job",
            json!({
                "Command": {"Name": "glueetl", "PythonVersion": "3"},
                "WorkerType": "G.1X",
                "MaxRetries": 0,
                "Role": {"Fn::GetAtt": [role, "Arn"]},
            }),
        );
        template.has_resource_properties(
            "AWS::Glue::Job",
            json!({"Name": "dev-cdkblog-e2e-raw-to-conformed-job"}),
        );
        template.has_resource_properties(
            "AWS::Glue::Job",
            json!({"Name": "dev-cdkblog-e2e-conformed-to-purpose-built-job"}),
        );
        template.has_resource_properties(
            "AWS::Glue::Connection",
            json!({"ConnectionInput": {"ConnectionType": "NETWORK"}}),
        );
    }

    #[test]
    fn the_state_machine_runs_both_jobs_then_records_and_notifies() {
        let assembly = everything();
        let template = stack(&assembly, Env::Dev, AppKind::Etl, "StepFunctions");
        let definition = state_machine_definition(&template, "EtlStateMachine");
        let (status, _) = resource(&template, "AWS::Lambda::Function", "StatusFunction");
        let (topic, _) = resource(&template, "AWS::SNS::Topic", "NotificationsTopic");
        assert_eq!(definition["StartAt"], "RawToConformed");
        let states = &definition["States"];
        let flow = |name: &str| states[name]["Next"].as_str().unwrap_or("").to_owned();
        assert_eq!(flow("RawToConformed"), "ConformedToPurposeBuilt");
        assert_eq!(flow("ConformedToPurposeBuilt"), "UpdateStatusSucceeded");
        assert_eq!(flow("UpdateStatusSucceeded"), "NotifySucceeded");
        assert_eq!(flow("NotifySucceeded"), "EtlSucceeded");
        assert_eq!(flow("UpdateStatusFailed"), "NotifyFailed");
        assert_eq!(flow("NotifyFailed"), "EtlFailed");
        assert_eq!(states["EtlSucceeded"]["Type"], "Succeed");
        assert_eq!(states["EtlFailed"]["Type"], "Fail");
        for job in ["RawToConformed", "ConformedToPurposeBuilt"] {
            assert!(states[job]["Resource"]
                .as_str()
                .unwrap()
                .ends_with(":states:::glue:startJobRun.sync"));
            assert_eq!(
                states[job]["Catch"],
                json!([{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "UpdateStatusFailed"}])
            );
        }
        for (name, outcome) in [
            ("UpdateStatusSucceeded", "SUCCEEDED"),
            ("UpdateStatusFailed", "FAILED"),
        ] {
            let state = &states[name];
            assert_eq!(
                state["Parameters"]["FunctionName"],
                format!("<GetAtt:{status}.Arn>")
            );
            assert_eq!(state["Parameters"]["Payload"]["status"], outcome);
            assert_eq!(
                state["Retry"],
                json!([{"ErrorEquals": ["Lambda.ClientExecutionTimeoutException", "Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException"], "IntervalSeconds": 2, "MaxAttempts": 6, "BackoffRate": 2}])
            );
        }
        // The subjects are not swapped.
        assert_eq!(
            states["NotifySucceeded"]["Parameters"]["Subject"],
            "Data lake ETL run succeeded"
        );
        assert_eq!(
            states["NotifyFailed"]["Parameters"]["Subject"],
            "Data lake ETL run failed"
        );
        assert_eq!(
            states["NotifyFailed"]["Parameters"]["TopicArn"],
            format!("<Ref:{topic}>")
        );
        template.has_resource_properties(
            "AWS::StepFunctions::StateMachine",
            json!({"StateMachineName": "dev-cdkblog-e2e-etl-state-machine"}),
        );
    }

    #[test]
    fn the_state_machine_may_run_its_jobs_invoke_its_function_and_publish_to_its_topic() {
        let assembly = everything();
        let template = stack(&assembly, Env::Dev, AppKind::Etl, "StepFunctions");
        let (status, _) = resource(&template, "AWS::Lambda::Function", "StatusFunction");
        let (topic, _) = resource(&template, "AWS::SNS::Topic", "NotificationsTopic");
        let (_, policy) = resource(
            &template,
            "AWS::IAM::Policy",
            "EtlStateMachineRoleDefaultPolicy",
        );
        let mut granted = Vec::new();
        for statement in statements(&policy) {
            let resources = statement["Resource"].to_string();
            for action in actions(&statement) {
                if statement["Resource"] == json!("*") {
                    // Log delivery and tracing take no resource.
                    assert!(
                        action.starts_with("logs:") || action.starts_with("xray:"),
                        "{statement}"
                    );
                    continue;
                }
                let target = if resources.contains(":job/dev-cdkblog-e2e-raw-to-conformed-job\"") {
                    "raw job"
                } else if resources
                    .contains(":job/dev-cdkblog-e2e-conformed-to-purpose-built-job\"")
                {
                    "conformed job"
                } else if resources.contains(&status) {
                    "status function"
                } else if resources.contains(&topic) {
                    "topic"
                } else if resources.contains("NotificationsKey") {
                    "topic key"
                } else {
                    panic!("unexpected resource {statement}")
                };
                granted.push(format!("{action} {target}"));
            }
        }
        assert_eq!(
            granted,
            [
                "glue:StartJobRun raw job",
                "glue:GetJobRun raw job",
                "glue:GetJobRuns raw job",
                "glue:BatchStopJobRun raw job",
                "glue:StartJobRun conformed job",
                "glue:GetJobRun conformed job",
                "glue:GetJobRuns conformed job",
                "glue:BatchStopJobRun conformed job",
                "lambda:InvokeFunction status function",
                "sns:Publish topic",
                "kms:Decrypt topic key",
                "kms:GenerateDataKey* topic key",
            ]
        );
    }

    #[test]
    fn new_raw_objects_trigger_the_function_which_starts_the_machine() {
        let assembly = everything();
        let template = stack(&assembly, Env::Dev, AppKind::Etl, "StepFunctions");
        let (trigger, _) = resource(&template, "AWS::Lambda::Function", "TriggerFunction");
        let (machine, _) = resource(
            &template,
            "AWS::StepFunctions::StateMachine",
            "EtlStateMachine",
        );
        template.has_resource_properties("AWS::Events::Rule", json!({
            "EventPattern": {
                "source": ["aws.s3"],
                "detail-type": ["Object Created"],
                "detail": {"bucket": {"name": [{"Fn::ImportValue": "dev-cdkblog-e2e-raw-bucket"}]}, "object": {"key": [{"prefix": "orders/"}]}}
            },
            "State": "ENABLED",
            "Targets": [{"Arn": {"Fn::GetAtt": [trigger.clone(), "Arn"]}, "Id": "Target0"}]
        }));
        template.has_resource_properties("AWS::Lambda::Permission", json!({"Principal": "events.amazonaws.com", "FunctionName": {"Fn::GetAtt": [trigger.clone(), "Arn"]}}));
        let (_, policy) = resource(
            &template,
            "AWS::IAM::Policy",
            "TriggerFunctionServiceRoleDefaultPolicy",
        );
        assert!(statements(&policy).contains(&json!({"Action": "states:StartExecution", "Effect": "Allow", "Resource": {"Ref": machine}})));
        template.all_resources_properties("AWS::Lambda::Function", json!({
            "Runtime": "python3.12",
            "VpcConfig": {"SubnetIds": [
                {"Fn::ImportValue": "dev-cdkblog-e2e-private-subnet-1"},
                {"Fn::ImportValue": "dev-cdkblog-e2e-private-subnet-2"},
                {"Fn::ImportValue": "dev-cdkblog-e2e-private-subnet-3"}
            ], "SecurityGroupIds": [{"Fn::ImportValue": "dev-cdkblog-e2e-shared-security-group"}]}
        }));
    }

    #[test]
    fn prod_waits_for_an_approval_and_the_synth_steps_are_narrowed() {
        let assembly = everything();
        for env in Env::ALL {
            for app in AppKind::ALL {
                let id = datalake::pipelines::pipeline_stack_id(&config(), app, env);
                let template = Template::from_stack(&assembly, &id);
                let (_, pipeline) = resource(&template, "AWS::CodePipeline::Pipeline", "Pipeline");
                let stages: Vec<&Json> = pipeline["Properties"]["Stages"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .collect();
                let names: Vec<&str> = stages.iter().map(|s| s["Name"].as_str().unwrap()).collect();
                // The infrastructure app has no file assets: no Assets stage.
                let stage = format!("{}-{}", env.title(), app.title());
                let mut expected = vec!["Source", "Build", "UpdatePipeline"];
                if app == AppKind::Etl {
                    expected.push("Assets");
                }
                expected.push(&stage);
                assert_eq!(names, expected, "{id}");
                let deploy = stages.last().unwrap()["Actions"].as_array().unwrap();
                let approvals: Vec<&Json> = deploy
                    .iter()
                    .filter(|a| a["ActionTypeId"]["Category"] == "Approval")
                    .collect();
                assert_eq!(approvals.len(), usize::from(env == Env::Prod), "{id}");
                if let Some(approval) = approvals.first() {
                    assert_eq!(approval["Name"], datalake::pipelines::PROD_APPROVAL);
                    assert_eq!(approval["RunOrder"], 1);
                    assert!(deploy
                        .iter()
                        .all(|a| a == *approval || a["RunOrder"].as_i64() > Some(1)));
                }
                let source = &stages[0]["Actions"][0]["Configuration"];
                assert_eq!(source["BranchName"], config().env(env).branch);
                let text = template.json().to_string();
                let narrowed = format!("--app {} --env {}", app.key(), env.key());
                assert!(text.contains(&narrowed), "{id} synthesizes {narrowed}");
            }
        }
    }

    #[test]
    fn each_synth_step_reproduces_its_own_pipeline_stack() {
        // What a pipeline's synth step writes (its app and environment only) holds the
        // pipeline stack exactly as the full assembly does: deploying either is the same, and
        // self-mutation after the first deployment changes nothing.
        let full = everything();
        for env in Env::ALL {
            for app in AppKind::ALL {
                let id = datalake::pipelines::pipeline_stack_id(&config(), app, env);
                let narrowed = assemble(Selection {
                    app: Some(app),
                    env: Some(env),
                });
                let template = |assembly: &CloudAssembly| {
                    let stack = assembly
                        .stacks()
                        .iter()
                        .find(|s| s.display_name == id)
                        .unwrap();
                    assembly.file(&stack.template_file).unwrap().to_vec()
                };
                assert!(template(&full) == template(&narrowed), "{id} differs");
                let stages: Vec<&str> = narrowed
                    .stacks()
                    .iter()
                    .filter(|s| s.display_name != id)
                    .map(|s| s.display_name.as_str())
                    .collect();
                assert!(
                    stages.iter().all(|s| s.starts_with(&format!(
                        "{}/{}/",
                        env.title(),
                        app.title()
                    ))),
                    "{id}: {stages:?}"
                );
            }
        }
    }

    #[test]
    fn no_secret_appears_in_plain_text() {
        let github = std::fs::read_to_string(Config::default_path())
            .unwrap()
            .replace(
            "kind = \"codecommit\"",
            "kind = \"github\"\nowner = \"acme\"\ntoken_secret_name = \"datalake/github-token\"",
        );
        let config = Config::parse(&github, Path::new("github.toml")).unwrap();
        let (_dir, out) = written_with(&config);
        let mut files = files_ending(&out, ".json");
        files.retain(|f| !f.to_string_lossy().contains("/asset."));
        assert!(files.len() > 20);
        let mut resolved = 0;
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for marker in [
                "ghp_",
                "github_pat_",
                "-----BEGIN",
                "aws_secret_access_key",
                "AKIA",
            ] {
                assert!(
                    !text.contains(marker),
                    "{} contains {marker}",
                    file.display()
                );
            }
            for (i, _) in text.match_indices("OAuthToken") {
                assert!(text[i..].starts_with("OAuthToken\": \"{{resolve:secretsmanager:datalake/github-token:SecretString:::}}\""), "{}: {}", file.display(), &text[i..i + 120]);
                resolved += 1;
            }
        }
        assert_eq!(
            resolved, 6,
            "every GitHub source action resolves its token at deployment"
        );
    }

    #[test]
    fn synthesis_is_deterministic() {
        assert_eq!(everything().files(), everything().files());
    }
}

mod validators {
    use super::*;

    /// cfn-lint's warnings that docs/datalake.md explains: availability zones from the
    /// configuration (W3010), and the access-log bucket's `LogDeliveryWrite` ACL (W3045).
    const EXPLAINED_WARNINGS: [&str; 2] = ["W3010", "W3045"];

    #[test]
    fn cfn_lint_finds_no_error_and_only_explained_warnings() {
        let tools = Tools::discover().unwrap_or_else(|e| panic!("{e}"));
        let (_dir, out) = written();
        let templates = files_ending(&out, ".template.json");
        assert_eq!(templates.len(), 21);
        let result = tools
            .cfn_lint_command()
            .args(["--format", "parseable", "--"])
            .args(&templates)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&result.stdout);
        // 0: no finding, 4: warnings only. Anything else (an error, or cfn-lint failing to
        // run and printing nothing to parse) fails here.
        assert!(
            matches!(result.status.code(), Some(0 | 4)),
            "cfn-lint exited with {}:\n{text}{}",
            result.status,
            String::from_utf8_lossy(&result.stderr)
        );
        for line in text.lines() {
            let rule = line.split(':').nth(5).unwrap_or_default();
            assert!(
                EXPLAINED_WARNINGS.contains(&rule),
                "unexplained cfn-lint finding: {line}"
            );
        }
    }

    #[test]
    fn the_manifests_validate_and_cdk_lists_every_stack() {
        let tools = Tools::discover().unwrap_or_else(|e| panic!("{e}"));
        let (_dir, out) = written();
        tools
            .validate_assembly(&out)
            .unwrap_or_else(|e| panic!("{e}"));
        let listed = tools.cdk_list(&out).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(listed.len(), 21, "{listed:?}");
        assert!(
            listed.contains(&"Dev/Infra/DataLakeCDKBlogVpc (DevDataLakeCDKBlogVpc)".to_owned()),
            "{listed:?}"
        );
        assert!(
            listed.contains(&"DataLakeCDKBlogEtlProdPipeline".to_owned()),
            "{listed:?}"
        );
    }

    #[test]
    fn checkov_finds_nothing_unexplained() {
        let tools = Tools::discover().unwrap_or_else(|e| panic!("{e}"));
        let (_dir, out) = written();
        // One run over every template of the assembly; suppressions live in the resources'
        // Metadata, each with its reason (docs/datalake.md lists them).
        let failed = tools.checkov(&out).unwrap_or_else(|e| panic!("{e}"));
        assert!(failed.is_empty(), "{failed:#?}");
        // The suppressions are explained where they are.
        for template in files_ending(&out, ".template.json") {
            let json: Json =
                serde_json::from_str(&std::fs::read_to_string(&template).unwrap()).unwrap();
            for (id, resource) in json["Resources"].as_object().unwrap() {
                if let Some(skips) = resource["Metadata"]["checkov"]["skip"].as_array() {
                    for skip in skips {
                        assert!(
                            skip["comment"].as_str().is_some_and(|c| c.len() > 20),
                            "{id}: {skip}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_job_code_and_the_functions_compile_and_the_handlers_pass_their_tests() {
        let root = datalake::assets_dir();
        let files = [
            "glue/raw_to_conformed.py",
            "glue/conformed_to_purpose_built.py",
            "lambda/trigger/index.py",
            "lambda/status/index.py",
            "lambda/tests/test_handlers.py",
        ];
        assert_python_compiles(&files.map(|f| root.join(f)));
        let handlers = Command::new("python3")
            .arg(root.join("lambda/tests/test_handlers.py"))
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .output()
            .expect("python3 runs");
        assert!(
            handlers.status.success(),
            "the handlers' tests fail:\n{}",
            String::from_utf8_lossy(&handlers.stderr)
        );
        let sql: Vec<PathBuf> = files_ending(&root.join("glue/sql"), ".sql");
        assert_eq!(sql.len(), 2);
        for file in sql {
            let text = std::fs::read_to_string(&file).unwrap();
            assert!(
                text.contains("FROM orders"),
                "{} queries the conformed table",
                file.display()
            );
        }
    }
}

/// The summary `cargo run --example datalake` prints counts what the templates and the staged
/// assets hold.
#[test]
fn the_summary_counts_the_stacks_resources_and_assets_written() {
    let app = App::with_props(AppProps::default());
    datalake::build(&app, &config(), Selection::default());
    let assembly = app.assemble().unwrap_or_else(|e| panic!("{e}"));
    let summary = cli::Summary::of(&app, &assembly);
    let expected: Vec<(String, String, usize)> = assembly
        .stacks()
        .iter()
        .map(|s| {
            let resources = s.template["Resources"].as_object().map_or(0, |r| r.len());
            (s.display_name.clone(), s.stack_name.clone(), resources)
        })
        .collect();
    assert_eq!(summary.stacks, expected);
    // The Glue scripts, the SQL folder and the two functions, each staged once for the
    // three environments.
    assert_eq!(summary.assets, 5);
}
