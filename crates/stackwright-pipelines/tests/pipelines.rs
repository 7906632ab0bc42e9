//! The pipeline construct: the synthesized pipeline (stages, actions, run orders, roles,
//! buildspecs, bucket and key policies), its checks, the asset-only change, cfn-lint.

use serde_json::{json, Value as Json};
use stackwright_aws::codecommit::Repository;
use stackwright_aws::s3::{Bucket, BucketProps};
use stackwright_core::{
    App, AppProps, CfnOutput, CloudAssembly, Environment, FileAsset, OutputProps, Stack,
    StackProps, Stage, StageProps,
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
    CfnOutput::new(
        &compute,
        "BucketName",
        OutputProps::new(bucket.bucket_name()),
    );
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

fn template(assembly: &CloudAssembly) -> Json {
    assembly.stack("PipelineStack").unwrap().template.clone()
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
                "RoleArn": role("cfn-exec"),
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
