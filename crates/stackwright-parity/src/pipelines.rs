//! CDK Pipelines parity, structurally: `structural/pipelines.js` builds a `pipelines.CodePipeline`
//! with aws-cdk-lib, [`build`] the same app shape with `stackwright::pipelines`, and
//! [`structure`] reduces either pipeline template to what must agree: the stages, their
//! actions (name, kind, run order, inputs and outputs, the role each runs as and the role it
//! passes to CloudFormation) and the roles (logical id and who may assume them). The synth
//! commands, the build images and caching, policies' exact statements and the asset stage's
//! action names differ by design (see `docs/parity.md` and [`ASSET_STAGE`]).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{json, Value as Json};
use stackwright::codecommit::Repository;
use stackwright::pipelines::{
    AddStageOptions, CodePipeline, CodePipelineProps, CodePipelineSource, ManualApprovalStep,
    RustSynth, ShellStep,
};
use stackwright::prelude::*;
use stackwright::s3::{Bucket, BucketProps};

/// The pipeline stage whose action names differ by design: aws-cdk-lib names one action per
/// asset after the asset (`Script`), stackwright publishes every asset manifest in one
/// `FileAsset` action, so that no asset hash (nor asset name) is in the pipeline's template.
pub const ASSET_STAGE: &str = "Assets";

/// `structural/` of this crate, where the aws-cdk-lib twin and its asset are.
pub fn structural_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("structural")
}

/// The stackwright twin of `structural/pipelines.js`.
pub fn build(app: &App) {
    let stack = Stack::new(
        app,
        "PipelineStack",
        StackProps::default().env(Environment::new("111111111111", "us-east-2")),
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
        StageProps::default().env(Environment::new("222222222222", "us-east-2")),
    );
    let storage = Stack::new(&prod, "Storage", StackProps::default().tag("team", "data"));
    let bucket = Bucket::new(&storage, "Data", BucketProps::new());
    let compute = Stack::new(&prod, "Compute", StackProps::default());
    FileAsset::new(&compute, "Script", structural_dir().join("asset/script.py"));
    let param = CfnResource::new(
        &compute,
        "Param",
        "AWS::SSM::Parameter",
        json!({"Type": "String", "Value": "-"}),
    );
    param.add_property_override("Value", bucket.bucket_name());
    pipeline.add_stage(
        &prod,
        AddStageOptions::new()
            .pre(ManualApprovalStep::new("Approve"))
            .post(ShellStep::new("Smoke", ["echo ok"])),
    );
}

/// What must agree between two pipeline templates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Structure {
    /// Per stage, its name and its actions (see [`Structure`]'s module docs), in order.
    pub stages: Vec<(String, Vec<Json>)>,
    /// Every IAM role created: logical id → the principals of its trust policy.
    pub roles: BTreeMap<String, Json>,
}

/// Reduces a template holding one `AWS::CodePipeline::Pipeline` to its [`Structure`].
///
/// # Errors
/// When the template has no pipeline.
pub fn structure(template: &Json) -> Result<Structure, String> {
    let resources = template["Resources"]
        .as_object()
        .ok_or("the template has no resources")?;
    let pipeline = resources
        .values()
        .find(|r| r["Type"] == "AWS::CodePipeline::Pipeline")
        .ok_or("the template has no pipeline")?;
    let stages = pipeline["Properties"]["Stages"]
        .as_array()
        .ok_or("the pipeline has no stages")?
        .iter()
        .map(|stage| {
            let name = stage["Name"].as_str().unwrap_or_default().to_owned();
            let actions = stage["Actions"]
                .as_array()
                .map(|a| a.iter().map(|a| action(a, name == ASSET_STAGE)).collect())
                .unwrap_or_default();
            (name, actions)
        })
        .collect();
    let roles = resources
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::IAM::Role")
        .map(|(id, r)| {
            let principals: Vec<Json> = r["Properties"]["AssumeRolePolicyDocument"]["Statement"]
                .as_array()
                .map(|s| s.iter().map(|s| role_ref(&s["Principal"])).collect())
                .unwrap_or_default();
            (id.clone(), Json::Array(principals))
        })
        .collect();
    Ok(Structure { stages, roles })
}

/// An action reduced to what must agree (its name left out in the asset stage).
fn action(action: &Json, asset_stage: bool) -> Json {
    let names = |key: &str| -> Vec<Json> {
        action[key]
            .as_array()
            .map(|a| a.iter().map(|a| a["Name"].clone()).collect())
            .unwrap_or_default()
    };
    let config = &action["Configuration"];
    json!({
        "Name": if asset_stage { Json::Null } else { action["Name"].clone() },
        "Type": format!(
            "{}/{}",
            action["ActionTypeId"]["Category"].as_str().unwrap_or_default(),
            action["ActionTypeId"]["Provider"].as_str().unwrap_or_default()
        ),
        "RunOrder": action["RunOrder"],
        "Inputs": names("InputArtifacts"),
        "Outputs": names("OutputArtifacts"),
        "Role": role_ref(&action["RoleArn"]),
        "PassedRole": role_ref(&config["RoleArn"]),
        "StackName": config["StackName"],
        "ActionMode": config["ActionMode"],
        "ChangeSetName": config["ChangeSetName"],
        "Capabilities": config["Capabilities"],
        "TemplatePath": config["TemplatePath"],
        "TemplateConfiguration": config["TemplateConfiguration"],
    })
}

/// A role (or principal) reduced to a name: `GetAtt` → the logical id, an ARN written with
/// `Fn::Join` or `Fn::Sub` → its text after the partition (`:iam::<account>:role/<name>`).
fn role_ref(value: &Json) -> Json {
    if let Some(service) = value.get("Service") {
        return json!({ "Service": service });
    }
    if let Some(aws) = value.get("AWS") {
        return json!({ "AWS": role_ref(aws) });
    }
    if let Some([id, _]) = value["Fn::GetAtt"].as_array().map(Vec::as_slice) {
        return id.clone();
    }
    if let Some(text) = value["Fn::Sub"].as_str() {
        return json!(text.replace("arn:${AWS::Partition}", ""));
    }
    if let Some(parts) = value["Fn::Join"][1].as_array() {
        let text: String = parts.iter().filter_map(Json::as_str).collect();
        return json!(text.trim_start_matches("arn:"));
    }
    value.clone()
}
