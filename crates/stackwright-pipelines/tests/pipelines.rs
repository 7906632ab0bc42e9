//! The pipeline construct: the synthesized pipeline (stages, actions, run orders, roles,
//! buildspecs, bucket and key policies), its checks, the asset-only change, cfn-lint.

use serde_json::{json, Value as Json};
use stackwright_aws::codecommit::Repository;
use stackwright_aws::s3::{Bucket, BucketProps};
use stackwright_aws::sns::{Topic, TopicProps};
use stackwright_aws::{SecretValue, SecretsManagerSecretOptions};
use stackwright_core::{
    App, AppProps, CfnOutput, CfnResource, CloudAssembly, Environment, FileAsset, OutputProps,
    Stack, StackProps, Stage, StageProps, SynthErrors, Synthesizer,
};
use stackwright_pipelines::{
    AddStageOptions, CodePipeline, CodePipelineProps, CodePipelineSource, ManualApprovalStep,
    RustSynth, ShellStep,
};

const DEPLOY: &str = "111111111111";
const PROD: &str = "222222222222";
const REGION: &str = "us-east-2";

/// The parity shape: a pipeline stack, and a `Prod` stage of two stacks (`Compute` uses a
/// value of `Storage`) with one file asset.
fn shape(app: &App, asset: &std::path::Path) -> CodePipeline {
    let stack = Stack::new(
        app,
        "PipelineStack",
        StackProps::default().env(Environment::new(DEPLOY, REGION)),
    );
    let repo = Repository::from_repository_name(&stack, "Repo", "service");
    let pipeline = CodePipeline::new(
        &stack,
        "Pipeline",
        CodePipelineProps::new(
            CodePipelineSource::code_commit(&repo, "main"),
            RustSynth::example("pipeline"),
        ),
    );
    let prod = Stage::new(
        app,
        "Prod",
        StageProps::default().env(Environment::new(PROD, REGION)),
    );
    let storage = Stack::new(&prod, "Storage", StackProps::default().tag("team", "data"));
    let bucket = Bucket::new(&storage, "Data", BucketProps::new());
    let compute = Stack::new(&prod, "Compute", StackProps::default());
    let script = FileAsset::new(&compute, "Script", asset);
    Bucket::new(&compute, "Logs", BucketProps::new());
    let param = CfnResource::new(
        &compute,
        "Param",
        "AWS::SSM::Parameter",
        json!({"Type": "String", "Value": "-"}),
    );
    param.add_property_override("Value", bucket.bucket_name());
    CfnOutput::new(
        &compute,
        "ScriptUrl",
        OutputProps::new(script.s3_object_url()),
    );
    pipeline.add_stage(
        &prod,
        AddStageOptions::new()
            .pre(ManualApprovalStep::new("Approve"))
            .post(ShellStep::new("Smoke", ["echo ok"])),
    );
    pipeline
}

fn fixture() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/script.py")
}

fn synth(build: impl FnOnce(&App)) -> CloudAssembly {
    let app = App::with_props(AppProps::default());
    build(&app);
    app.assemble().unwrap_or_else(|e| panic!("{e}"))
}

/// The template of the stack holding the pipeline.
fn template(assembly: &CloudAssembly) -> Json {
    assembly
        .stacks()
        .iter()
        .find(|s| s.template["Resources"]["Pipeline9850B417"].is_object())
        .expect("a stack with the pipeline")
        .template
        .clone()
}

/// The pipeline resource's properties.
fn pipeline_props(template: &Json) -> &Json {
    &template["Resources"]["Pipeline9850B417"]["Properties"]
}

/// `(stage, [(action, run order)])` of the pipeline.
fn layout(template: &Json) -> Vec<(String, Vec<(String, i64)>)> {
    pipeline_props(template)["Stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let actions = s["Actions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|a| {
                    (
                        a["Name"].as_str().unwrap().to_owned(),
                        a["RunOrder"].as_i64().unwrap(),
                    )
                })
                .collect();
            (s["Name"].as_str().unwrap().to_owned(), actions)
        })
        .collect()
}

fn names(layout: &[(String, Vec<(String, i64)>)]) -> Vec<(&str, Vec<(&str, i64)>)> {
    layout
        .iter()
        .map(|(s, a)| {
            (
                s.as_str(),
                a.iter().map(|(n, r)| (n.as_str(), *r)).collect(),
            )
        })
        .collect()
}

mod structure {
    use super::*;

    #[test]
    fn stages_and_actions_follow_cdk_pipelines_with_run_orders_by_dependency() {
        let assembly = synth(|app| {
            shape(app, &fixture());
        });
        let template = template(&assembly);
        assert_eq!(
            names(&layout(&template)),
            [
                ("Source", vec![("service", 1)]),
                ("Build", vec![("Synth", 1)]),
                ("UpdatePipeline", vec![("SelfMutate", 1)]),
                ("Assets", vec![("FileAsset", 1)]),
                (
                    "Prod",
                    vec![
                        ("Approve", 1),
                        ("Storage.Prepare", 2),
                        ("Storage.Deploy", 3),
                        ("Compute.Prepare", 4),
                        ("Compute.Deploy", 5),
                        ("Smoke", 6),
                    ]
                ),
            ]
        );
        assert_eq!(
            pipeline_props(&template)["RestartExecutionOnUpdate"],
            json!(true)
        );
        assert_eq!(pipeline_props(&template)["PipelineType"], json!("V2"));
    }

    #[test]
    fn deploy_actions_assume_the_target_deploy_role_and_pass_its_execution_role() {
        let assembly = synth(|app| {
            shape(app, &fixture());
        });
        let template = template(&assembly);
        let stages = pipeline_props(&template)["Stages"].as_array().unwrap();
        let prod = &stages[4]["Actions"];
        let role = |name: &str| {
            json!({"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"},
                format!(":iam::{PROD}:role/cdk-hnb659fds-{name}-role-{PROD}-{REGION}")]]})
        };
        assert_eq!(
            prod[1]["Configuration"],
            json!({
                "StackName": "Prod-Storage",
                "Capabilities": "CAPABILITY_NAMED_IAM,CAPABILITY_AUTO_EXPAND",
                "RoleArn": {"Fn::Sub": format!(
                    "arn:${{AWS::Partition}}:iam::{PROD}:role/cdk-hnb659fds-cfn-exec-role-{PROD}-{REGION}")},
                "TemplateConfiguration":
                    "Synth_Output::assembly-Prod/ProdStorage0EF194CB.template.json.config.json",
                "ActionMode": "CHANGE_SET_REPLACE",
                "ChangeSetName": "PipelineChange",
                "TemplatePath": "Synth_Output::assembly-Prod/ProdStorage0EF194CB.template.json"
            })
        );
        assert_eq!(prod[1]["RoleArn"], role("deploy"));
        assert_eq!(prod[1]["InputArtifacts"], json!([{"Name": "Synth_Output"}]));
        assert_eq!(
            prod[2]["Configuration"],
            json!({"StackName": "Prod-Storage", "ActionMode": "CHANGE_SET_EXECUTE",
                   "ChangeSetName": "PipelineChange"})
        );
        assert_eq!(prod[2]["RoleArn"], role("deploy"));
        // A stack without tags gets no template configuration.
        assert!(prod[3]["Configuration"]
            .get("TemplateConfiguration")
            .is_none());
        assert_eq!(
            assembly.json("assembly-Prod/ProdStorage0EF194CB.template.json.config.json"),
            Some(json!({"Tags": {"team": "data"}}))
        );
        assert!(assembly
            .file("assembly-Prod/ProdComputeE5A8C520.template.json.config.json")
            .is_none());
        // The template each Prepare reads is where synthesis writes it.
        assert!(assembly
            .file("assembly-Prod/ProdStorage0EF194CB.template.json")
            .is_some());
        assert!(assembly
            .file("assembly-Prod/ProdComputeE5A8C520.assets.json")
            .is_some());
    }
}

mod assets {
    use super::*;

    /// The pipeline stack's template, as bytes, for an asset with `contents`.
    fn pipeline_template_with_asset(contents: &str) -> (Vec<u8>, String) {
        let dir = tempfile::tempdir().unwrap();
        let asset = dir.path().join("script.py");
        std::fs::write(&asset, contents).unwrap();
        let assembly = synth(|app| {
            shape(app, &asset);
        });
        let bytes = assembly
            .file("PipelineStack.template.json")
            .unwrap()
            .to_vec();
        let manifest = String::from_utf8(
            assembly
                .file("assembly-Prod/ProdComputeE5A8C520.assets.json")
                .unwrap()
                .to_vec(),
        )
        .unwrap();
        (bytes, manifest)
    }

    #[test]
    fn an_asset_only_change_leaves_the_pipeline_template_byte_identical() {
        let (before, manifest_before) = pipeline_template_with_asset("print('v1')\n");
        let (after, manifest_after) = pipeline_template_with_asset("print('v2')\n");
        // The asset did change (its manifest names another hash)...
        assert_ne!(manifest_before, manifest_after);
        // ...and the pipeline did not.
        assert_eq!(
            String::from_utf8(before).unwrap(),
            String::from_utf8(after).unwrap()
        );
    }
}

/// `{"Fn::Join": ["", ["arn:", partition, ":iam::<account>:role/cdk-hnb659fds-<kind>-role-<account>-<region>"]]}`.
fn bootstrap_role(account: &str, kind: &str) -> Json {
    json!({"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"},
        format!(":iam::{account}:role/cdk-hnb659fds-{kind}-role-{account}-{REGION}")]]})
}

fn resource<'a>(template: &'a Json, logical_id: &str) -> &'a Json {
    let r = &template["Resources"][logical_id];
    assert!(r.is_object(), "no resource {logical_id}");
    &r["Properties"]
}

fn statements(template: &Json, policy: &str) -> Vec<Json> {
    resource(template, policy)["PolicyDocument"]["Statement"]
        .as_array()
        .unwrap()
        .clone()
}

fn buildspec(template: &Json, project: &str) -> Json {
    serde_json::from_str(
        resource(template, project)["Source"]["BuildSpec"]
            .as_str()
            .unwrap(),
    )
    .unwrap()
}

mod roles_and_policies {
    use super::*;

    #[test]
    fn the_target_deploy_role_may_read_the_artifacts_through_the_bucket_and_key_policies() {
        let template = template(&synth(|app| {
            shape(app, &fixture());
        }));
        let bucket = json!([{"Fn::GetAtt": ["PipelineArtifactsBucketAEA9A052", "Arn"]},
            {"Fn::Join": ["", [{"Fn::GetAtt": ["PipelineArtifactsBucketAEA9A052", "Arn"]}, "/*"]]}]);
        assert_eq!(
            statements(&template, "PipelineArtifactsBucketPolicyF53CCC52"),
            [
                json!({"Action": "s3:*", "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                       "Effect": "Deny", "Principal": {"AWS": "*"}, "Resource": bucket}),
                json!({"Action": ["s3:GetObject*", "s3:GetBucket*", "s3:List*"], "Effect": "Allow",
                       "Principal": {"AWS": bootstrap_role(PROD, "deploy")}, "Resource": bucket}),
            ]
        );
        let key = resource(&template, "PipelineArtifactsBucketEncryptionKeyF5BF0670");
        assert_eq!(
            key["KeyPolicy"]["Statement"][1],
            json!({"Action": ["kms:Decrypt", "kms:DescribeKey"], "Effect": "Allow",
                   "Principal": {"AWS": bootstrap_role(PROD, "deploy")}, "Resource": "*"})
        );
        assert_eq!(key["EnableKeyRotation"], json!(true));
        // The pipeline's role may assume the action roles and the target's deploy role, nothing else.
        let assumed: Vec<Json> = statements(&template, "PipelineRoleDefaultPolicy7BDC1ABB")
            .into_iter()
            .filter(|s| s["Action"] == "sts:AssumeRole")
            .map(|s| s["Resource"].clone())
            .collect();
        assert_eq!(
            assumed,
            [
                json!({"Fn::GetAtt": ["PipelineSourceserviceCodePipelineActionRole4A0910FC", "Arn"]}),
                json!({"Fn::GetAtt": ["PipelineCodeBuildActionRole226DB0CB", "Arn"]}),
                json!({"Fn::GetAtt": ["PipelineProdApproveCodePipelineActionRole8F101007", "Arn"]}),
                bootstrap_role(PROD, "deploy"),
            ]
        );
    }

    #[test]
    fn one_code_build_action_role_trusted_by_the_pipeline_starts_exactly_the_pipeline_projects() {
        let template = template(&synth(|app| {
            shape(app, &fixture());
        }));
        assert_eq!(
            resource(&template, "PipelineCodeBuildActionRole226DB0CB")["AssumeRolePolicyDocument"]
                ["Statement"],
            json!([{"Action": "sts:AssumeRole", "Effect": "Allow",
                    "Principal": {"AWS": {"Fn::GetAtt": ["PipelineRoleB27FAA37", "Arn"]}}}])
        );
        let started: Vec<Json> = statements(
            &template,
            "PipelineCodeBuildActionRoleDefaultPolicy1D62A6FE",
        )
        .into_iter()
        .map(|s| {
            assert_eq!(
                s["Action"],
                json!([
                    "codebuild:BatchGetBuilds",
                    "codebuild:StartBuild",
                    "codebuild:StopBuild"
                ])
            );
            s["Resource"]["Fn::GetAtt"][0].clone()
        })
        .collect();
        assert_eq!(
            started,
            [
                "PipelineBuildSynthCdkBuildProject6BEFA8E6",
                "PipelineUpdatePipelineSelfMutationDAA41400",
                "PipelineAssetsFileAsset5D8C5DA6",
                "PipelineProdSmoke8CD850E1"
            ]
        );
    }

    #[test]
    fn self_mutation_may_assume_only_the_deployment_accounts_bootstrap_roles() {
        let template = template(&synth(|app| {
            shape(app, &fixture());
        }));
        let policy = statements(
            &template,
            "PipelineUpdatePipelineSelfMutationRoleDefaultPolicyA225DA4E",
        );
        assert!(policy.contains(&json!({
            "Action": "sts:AssumeRole",
            "Condition": {"ForAnyValue:StringEquals": {"iam:ResourceTag/aws-cdk:bootstrap-role":
                ["image-publishing", "file-publishing", "deploy"]}},
            "Effect": "Allow",
            "Resource": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, format!(":iam::{DEPLOY}:role/*")]]}
        })), "{policy:?}");
        assert!(policy.contains(
            &json!({"Action": "cloudformation:DescribeStacks", "Effect": "Allow", "Resource": "*"})
        ));
        // Read-only on the artifacts.
        assert!(policy
            .iter()
            .all(|s| !s["Action"].to_string().contains("s3:PutObject")));
        assert_eq!(
            buildspec(&template, "PipelineUpdatePipelineSelfMutationDAA41400"),
            json!({"version": "0.2", "phases": {
                "install": {"commands": ["npm install -g aws-cdk@2"]},
                "build": {"commands": ["cdk -a . deploy PipelineStack --require-approval=never --verbose"]}}})
        );
    }

    #[test]
    fn asset_publishing_assumes_each_target_file_publishing_role_and_publishes_by_manifest() {
        let template = template(&synth(|app| {
            shape(app, &fixture());
        }));
        let policy = statements(&template, "PipelineAssetsFileRoleDefaultPolicy14DB8755");
        assert_eq!(
            policy[0],
            json!({"Action": "sts:AssumeRole", "Effect": "Allow", "Resource": {"Fn::Sub":
                format!("arn:${{AWS::Partition}}:iam::{PROD}:role/cdk-hnb659fds-file-publishing-role-{PROD}-{REGION}")}})
        );
        assert!(policy
            .iter()
            .all(|s| s["Action"] != "sts:AssumeRole" || s == &policy[0]));
        assert_eq!(
            buildspec(&template, "PipelineAssetsFileAsset5D8C5DA6"),
            json!({"version": "0.2", "phases": {
                "install": {"commands": ["npm install -g cdk-assets@latest"]},
                "build": {"commands": ["cdk-assets --path assembly-Prod/ProdComputeE5A8C520.assets.json --verbose publish"]}}})
        );
    }
}

mod synth_step {
    use super::*;

    #[test]
    fn the_rust_synth_runs_the_example_in_the_rust_image_with_cargo_caching() {
        let template = template(&synth(|app| {
            shape(app, &fixture());
        }));
        let project = resource(&template, "PipelineBuildSynthCdkBuildProject6BEFA8E6");
        assert_eq!(
            project["Environment"]["Image"],
            json!(stackwright_pipelines::DEFAULT_RUST_IMAGE)
        );
        assert_eq!(
            project["Environment"]["ImagePullCredentialsType"],
            json!("SERVICE_ROLE")
        );
        assert_eq!(
            project["Cache"],
            json!({"Type": "S3", "Location": {"Fn::Join": ["/", [{"Ref": "PipelineArtifactsBucketAEA9A052"}, "synth-cache"]]}})
        );
        assert_eq!(
            buildspec(&template, "PipelineBuildSynthCdkBuildProject6BEFA8E6"),
            json!({"version": "0.2",
                "phases": {"build": {"commands": ["cargo run --release --locked --example pipeline"]}},
                "artifacts": {"base-directory": "cdk.out", "files": "**/*"},
                "cache": {"paths": ["/usr/local/cargo/registry/**/*", "/usr/local/cargo/git/**/*", "target/**/*"]}})
        );
        let stages = pipeline_props(&template)["Stages"].clone();
        assert_eq!(
            stages[1]["Actions"][0]["InputArtifacts"],
            json!([{"Name": "service_Source"}])
        );
        assert_eq!(
            stages[1]["Actions"][0]["OutputArtifacts"],
            json!([{"Name": "Synth_Output"}])
        );
    }

    #[test]
    fn a_narrowed_synth_with_a_custom_image_local_cache_and_variables() {
        let template = template(&synth(|app| {
            let stack = Stack::new(
                app,
                "Pipe",
                StackProps::default().env(Environment::new(DEPLOY, REGION)),
            );
            CodePipeline::new(
                &stack,
                "Pipeline",
                CodePipelineProps::new(
                    CodePipelineSource::connection(
                        "acme/datalake",
                        "test",
                        "arn:aws:codestar-connections:us-east-2:111111111111:connection/0123",
                    ),
                    RustSynth::bin("datalake")
                        .args(["--app", "infra", "--env", "test"])
                        .image(
                            stackwright_aws::codebuild::BuildImage::from_docker_registry(
                                "rust:1.85",
                            ),
                        )
                        .install_commands(["apt-get update"])
                        .env("RUST_LOG", "info")
                        .cache(stackwright_pipelines::SynthCache::Local),
                )
                .self_mutation(false),
            );
        }));
        let project = resource(&template, "PipelineBuildSynthCdkBuildProject6BEFA8E6");
        assert_eq!(project["Environment"]["Image"], json!("rust:1.85"));
        assert_eq!(
            project["Environment"]["EnvironmentVariables"],
            json!([{"Name": "RUST_LOG", "Type": "PLAINTEXT", "Value": "info"}])
        );
        assert_eq!(
            project["Cache"],
            json!({"Type": "LOCAL", "Modes": ["LOCAL_CUSTOM_CACHE"]})
        );
        let spec = buildspec(&template, "PipelineBuildSynthCdkBuildProject6BEFA8E6");
        assert_eq!(
            spec["phases"]["install"]["commands"],
            json!(["apt-get update"])
        );
        assert_eq!(
            spec["phases"]["build"]["commands"],
            json!(["cargo run --release --locked --bin datalake -- --app infra --env test"])
        );
        let names: Vec<String> = layout(&template).into_iter().map(|(s, _)| s).collect();
        assert_eq!(
            names,
            ["Source", "Build"],
            "no self-mutation, nothing to deploy"
        );
        assert_eq!(
            pipeline_props(&template)["Stages"][0]["Actions"][0]["Name"],
            json!("acme_datalake")
        );
    }
}

mod steps_and_waves {
    use super::*;

    fn pipeline_in(app: &App) -> CodePipeline {
        let stack = Stack::new(
            app,
            "Pipe",
            StackProps::default().env(Environment::new(DEPLOY, REGION)),
        );
        CodePipeline::new(
            &stack,
            "Pipeline",
            CodePipelineProps::new(
                CodePipelineSource::git_hub("acme/service", "main").authentication(
                    SecretValue::secrets_manager(
                        "ci/github",
                        SecretsManagerSecretOptions::new().json_field("token"),
                    ),
                ),
                RustSynth::example("service"),
            ),
        )
    }

    fn app_stage(app: &App, id: &str, account: &str) -> Stage {
        let stage = Stage::new(
            app,
            id,
            StageProps::default().env(Environment::new(account, REGION)),
        );
        let first = Stack::new(&stage, "Network", StackProps::default());
        let second = Stack::new(&stage, "Service", StackProps::default());
        second.add_dependency(&first);
        Bucket::new(&first, "B", BucketProps::new());
        Bucket::new(&second, "B", BucketProps::new());
        stage
    }

    #[test]
    fn a_wave_deploys_its_stages_in_parallel_with_prefixed_names_and_its_steps_around_them() {
        let template = template(&synth(|app| {
            let pipeline = pipeline_in(app);
            let wave = pipeline.add_wave("Targets");
            wave.add_pre(ManualApprovalStep::new("Go").comment("ok?"));
            wave.add_stage(&app_stage(app, "Dev", PROD), AddStageOptions::new());
            wave.add_stage(
                &app_stage(app, "Test", "333333333333"),
                AddStageOptions::new()
                    .pre(ManualApprovalStep::new("Approve"))
                    .post(ShellStep::new("Smoke", ["echo ok"])),
            );
            wave.add_post(ShellStep::new("Report", ["echo done"]));
        }));
        let layout = layout(&template);
        assert_eq!(
            names(&layout)[3],
            (
                "Targets",
                vec![
                    ("Go", 1),
                    ("Dev.Network.Prepare", 2),
                    ("Test.Approve", 2),
                    ("Dev.Network.Deploy", 3),
                    ("Test.Network.Prepare", 3),
                    ("Dev.Service.Prepare", 4),
                    ("Test.Network.Deploy", 4),
                    ("Dev.Service.Deploy", 5),
                    ("Test.Service.Prepare", 5),
                    ("Test.Service.Deploy", 6),
                    ("Test.Smoke", 7),
                    ("Report", 8),
                ]
            )
        );
        let stages = pipeline_props(&template)["Stages"].clone();
        assert_eq!(
            stages[3]["Actions"][0]["Configuration"],
            json!({"CustomData": "ok?"})
        );
        // The GitHub token is a dynamic reference, never the token.
        assert_eq!(
            stages[0]["Actions"][0]["Configuration"]["OAuthToken"],
            json!("{{resolve:secretsmanager:ci/github:SecretString:token::}}")
        );
        assert_eq!(stages[0]["Actions"][0]["Name"], json!("acme_service"));
        // No file asset: no Assets stage.
        assert_eq!(
            names(&layout).iter().map(|(s, _)| *s).collect::<Vec<_>>(),
            ["Source", "Build", "UpdatePipeline", "Targets"]
        );
    }

    #[test]
    fn an_approval_may_notify_a_topic_and_the_stage_of_each_added_stack_gets_its_actions() {
        let template = template(&synth(|app| {
            let pipeline = pipeline_in(app);
            let topic = Topic::new(pipeline.pipeline(), "Approvals", TopicProps::new());
            let prod = app_stage(app, "Prod", PROD);
            pipeline.add_stage(
                &prod,
                AddStageOptions::new().pre(
                    ManualApprovalStep::new("Promote")
                        .comment("Release?")
                        .notification_topic(&topic),
                ),
            );
            // Added after add_stage, still deployed: the pipeline reads the stage at synthesis.
            Stack::new(&prod, "Late", StackProps::default());
        }));
        let stage = &pipeline_props(&template)["Stages"][3];
        assert_eq!(
            stage["Actions"][0]["Configuration"],
            json!({"NotificationArn": {"Ref": "PipelineApprovalsC08D3BCD"}, "CustomData": "Release?"})
        );
        let actions: Vec<&str> = stage["Actions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["Name"].as_str().unwrap())
            .collect();
        assert_eq!(
            actions,
            [
                "Promote",
                "Network.Prepare",
                "Late.Prepare",
                "Network.Deploy",
                "Late.Deploy",
                "Service.Prepare",
                "Service.Deploy"
            ]
        );
    }
}

mod errors {
    use super::*;

    fn errors(build: impl FnOnce(&App)) -> SynthErrors {
        let app = App::with_props(AppProps::default());
        build(&app);
        app.assemble().expect_err("synthesis must fail")
    }

    fn check(err: &SynthErrors, path: &str, message: &str) {
        assert!(
            err.contains(path, message),
            "no error {message:?} at {path}:\n{err}"
        );
    }

    fn minimal(app: &App, env: Option<Environment>) -> CodePipeline {
        let props = match env {
            Some(env) => StackProps::default().env(env),
            None => StackProps::default(),
        };
        let stack = Stack::new(app, "Pipe", props);
        let repo = Repository::from_repository_name(&stack, "Repo", "service");
        CodePipeline::new(
            &stack,
            "Pipeline",
            CodePipelineProps::new(
                CodePipelineSource::code_commit(&repo, "main"),
                RustSynth::example("x"),
            ),
        )
    }

    fn deploy_env() -> Option<Environment> {
        Some(Environment::new(DEPLOY, REGION))
    }

    #[test]
    fn a_pipeline_stack_or_deployed_stack_without_account_and_region_is_an_error() {
        let err = errors(|app| {
            minimal(app, None);
        });
        check(
            &err,
            "Pipe/Pipeline",
            "the pipeline's stack needs an explicit account and region",
        );
        let err = errors(|app| {
            let pipeline = minimal(app, deploy_env());
            let stage = Stage::new(app, "Prod", StageProps::default());
            Stack::new(&stage, "Api", StackProps::default());
            pipeline.add_stage(&stage, AddStageOptions::new());
        });
        check(&err, "Prod/Api", "the pipeline Pipe/Pipeline deploys this stack: it needs an explicit account and region");
    }

    #[test]
    fn cross_region_and_bootstrapless_deployments_are_errors() {
        let err = errors(|app| {
            let pipeline = minimal(app, deploy_env());
            let stage = Stage::new(
                app,
                "Prod",
                StageProps::default().env(Environment::new(PROD, "eu-west-1")),
            );
            Stack::new(&stage, "Api", StackProps::default());
            Stack::new(
                &stage,
                "Plain",
                StackProps::default()
                    .env(Environment::new(PROD, REGION))
                    .synthesizer(Synthesizer::Bootstrapless),
            );
            pipeline.add_stage(&stage, AddStageOptions::new());
        });
        check(
            &err,
            "Prod/Api",
            "cross-region deployment needs an artifact bucket replicated to eu-west-1",
        );
        check(&err, "Prod/Plain", "it needs the bootstrapped synthesizer");
    }

    #[test]
    fn a_pipeline_outside_any_stack_is_an_error_at_its_path() {
        let err = errors(|app| {
            let stack = Stack::new(app, "Repos", StackProps::default());
            let repo = Repository::from_repository_name(&stack, "Repo", "service");
            CodePipeline::new(
                app,
                "Loose",
                CodePipelineProps::new(
                    CodePipelineSource::code_commit(&repo, "main"),
                    RustSynth::example("x"),
                ),
            );
        });
        check(&err, "Loose", "a pipeline must be created inside a stack");
    }

    #[test]
    fn two_pipeline_stages_with_one_name_are_an_error() {
        let err = errors(|app| {
            let pipeline = minimal(app, deploy_env());
            let outer = Stage::new(
                app,
                "Outer",
                StageProps::default().env(Environment::new(PROD, REGION)),
            );
            let nested = Stage::new(&outer, "Prod", StageProps::default());
            let flat = Stage::new(
                app,
                "Outer-Prod",
                StageProps::default().env(Environment::new(PROD, REGION)),
            );
            pipeline.add_stage(&nested, AddStageOptions::new());
            pipeline.add_stage(&flat, AddStageOptions::new());
            pipeline.add_wave("Build");
        });
        check(
            &err,
            "Pipe/Pipeline",
            "two pipeline stages are named \"Outer-Prod\" (stage Outer/Prod and stage Outer-Prod)",
        );
        check(
            &err,
            "Pipe/Pipeline",
            "a deployment stage cannot be named \"Build\"",
        );
    }

    #[test]
    fn a_stage_added_to_two_pipelines_or_twice_is_an_error_at_the_stage() {
        let err = errors(|app| {
            let first = minimal(app, deploy_env());
            let other_stack = Stack::new(
                app,
                "Pipe2",
                StackProps::default().env(Environment::new(DEPLOY, REGION)),
            );
            let repo = Repository::from_repository_name(&other_stack, "Repo", "service");
            let second = CodePipeline::new(
                &other_stack,
                "Pipeline",
                CodePipelineProps::new(
                    CodePipelineSource::code_commit(&repo, "main"),
                    RustSynth::example("x"),
                ),
            );
            let stage = Stage::new(
                app,
                "Prod",
                StageProps::default().env(Environment::new(PROD, REGION)),
            );
            Stack::new(&stage, "Api", StackProps::default());
            first.add_stage(&stage, AddStageOptions::new());
            second.add_stage(&stage, AddStageOptions::new());
            first.add_stage(&stage, AddStageOptions::new());
        });
        check(
            &err,
            "Prod",
            "the stage is added to two pipelines, Pipe/Pipeline and Pipe2/Pipeline",
        );
        check(
            &err,
            "Prod",
            "the stage is added twice to the pipeline Pipe/Pipeline",
        );
    }

    #[test]
    fn a_stack_depending_on_a_stack_deployed_later_is_an_error_naming_both() {
        let err = errors(|app| {
            let pipeline = minimal(app, deploy_env());
            let env = StageProps::default().env(Environment::new(PROD, REGION));
            let test = Stage::new(app, "Test", env.clone());
            let prod = Stage::new(app, "Prod", env);
            let early = Stack::new(&test, "Api", StackProps::default());
            let late = Stack::new(&prod, "Data", StackProps::default());
            early.add_dependency(&late);
            pipeline.add_stage(&test, AddStageOptions::new());
            pipeline.add_stage(&prod, AddStageOptions::new());
        });
        check(&err, "Test/Api", "this stack depends on the stack Prod/Data, which the pipeline Pipe/Pipeline deploys later or not at all");
    }

    #[test]
    fn adding_a_stage_after_synthesis_is_an_error_not_silently_ignored() {
        let app = App::with_props(AppProps::default());
        let pipeline = minimal(&app, deploy_env());
        let stage = Stage::new(
            &app,
            "Prod",
            StageProps::default().env(Environment::new(PROD, REGION)),
        );
        Stack::new(&stage, "Api", StackProps::default());
        app.assemble().unwrap_or_else(|e| panic!("{e}"));
        pipeline.add_stage(&stage, AddStageOptions::new());
        let err = app.assemble().unwrap_err();
        check(
            &err,
            "Pipe/Pipeline",
            "the pipeline was built by an earlier synthesis of the app",
        );
        // A step added to a wave recorded before synthesis is refused the same way.
        let app = App::with_props(AppProps::default());
        let pipeline = minimal(&app, deploy_env());
        let wave_before = pipeline.add_wave("Targets");
        wave_before.add_pre(ManualApprovalStep::new("Go"));
        app.assemble().unwrap_or_else(|e| panic!("{e}"));
        wave_before.add_pre(ManualApprovalStep::new("Late"));
        let err = app.assemble().unwrap_err();
        check(
            &err,
            "Pipe/Pipeline",
            "the pipeline was built by an earlier synthesis of the app",
        );
    }

    #[test]
    fn deploying_to_another_account_without_cross_account_keys_is_an_error() {
        let err = errors(|app| {
            let stack = Stack::new(
                app,
                "Pipe",
                StackProps::default().env(Environment::new(DEPLOY, REGION)),
            );
            let repo = Repository::from_repository_name(&stack, "Repo", "service");
            let pipeline = CodePipeline::new(
                &stack,
                "Pipeline",
                CodePipelineProps::new(
                    CodePipelineSource::code_commit(&repo, "main"),
                    RustSynth::example("x"),
                )
                .cross_account_keys(false),
            );
            let stage = Stage::new(
                app,
                "Prod",
                StageProps::default().env(Environment::new(PROD, REGION)),
            );
            Stack::new(&stage, "Api", StackProps::default());
            pipeline.add_stage(&stage, AddStageOptions::new());
        });
        check(
            &err,
            "Pipe/Pipeline/Pipeline",
            "action \"Api.Prepare\" runs in another account: the artifact bucket needs a \
             customer-managed key",
        );
    }

    #[test]
    fn a_github_source_must_name_owner_and_repo() {
        let err = errors(|app| {
            let stack = Stack::new(
                app,
                "Pipe",
                StackProps::default().env(Environment::new(DEPLOY, REGION)),
            );
            CodePipeline::new(
                &stack,
                "Pipeline",
                CodePipelineProps::new(
                    CodePipelineSource::git_hub("service", "main"),
                    RustSynth::example("x"),
                ),
            );
        });
        check(
            &err,
            "Pipe/Pipeline",
            "the source repository \"service\" must be written owner/repo",
        );
    }
}

mod real_tools {
    use super::*;
    use stackwright_assertions::tools::Tools;

    #[test]
    fn cfn_lint_the_assembly_schemas_and_cdk_ls_accept_the_pipeline_and_its_stages() {
        let tools = Tools::discover().unwrap_or_else(|e| panic!("{e}"));
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("cdk.out");
        let app = App::with_props(AppProps::default().outdir(&out));
        let pipeline = shape(&app, &fixture());
        let wave = pipeline.add_wave("Later");
        wave.add_pre(ManualApprovalStep::new("Go"));
        for (id, account) in [("Eu", "333333333333"), ("Us", "444444444444")] {
            let stage = Stage::new(
                &app,
                id,
                StageProps::default().env(Environment::new(account, REGION)),
            );
            let stack = Stack::new(&stage, "Api", StackProps::default().tag("env", id));
            Bucket::new(&stack, "B", BucketProps::new());
            wave.add_stage(
                &stage,
                AddStageOptions::new().post(ShellStep::new("Check", ["echo ok"]).env("STAGE", id)),
            );
        }
        app.synth().unwrap_or_else(|e| panic!("{e}"));
        let report = tools.check_assembly(&out).unwrap_or_else(|e| panic!("{e}"));
        assert!(report.contains("cdk ls lists 5 stacks"), "{report}");
        // The self-mutation's `cdk -a . deploy PipelineStack` selects exactly the pipeline's
        // stack of the assembly: the CLI lists that one for the same pattern.
        let listed = tools
            .cdk_command()
            .unwrap()
            .args(["ls", "--no-notices", "-a", "."])
            .arg("PipelineStack")
            .current_dir(&out)
            .output()
            .unwrap();
        assert!(
            listed.status.success(),
            "{}",
            String::from_utf8_lossy(&listed.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&listed.stdout).trim(),
            "PipelineStack"
        );
    }
}
