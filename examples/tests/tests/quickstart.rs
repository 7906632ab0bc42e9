//! The quickstart app: snapshots of every template, what a user relies on in them, and the
//! real validators (cfn-lint, the cloud-assembly schema, the CDK CLI) over the written assembly.

use serde_json::json;
use stackwright::prelude::*;
use stackwright_assertions::tools::Tools;
use stackwright_assertions::{assert_template_snapshot, snapshot_name, Template};

mod support;

fn quickstart() -> App {
    let app = App::with_props(AppProps::default());
    stackwright_examples::quickstart::build(&app);
    app
}

#[test]
fn templates_match_the_snapshots() {
    let assembly = quickstart().assemble().expect("the quickstart synthesizes");
    support::in_snapshots_dir(|| {
        for stack in assembly.stacks() {
            let name = format!("quickstart__{}", snapshot_name(&stack.display_name));
            assert_template_snapshot!(assembly, &stack.display_name, name = name);
        }
    });
}

#[test]
fn compute_imports_from_storage_and_deploys_after_it() {
    let assembly = quickstart().assemble().unwrap();
    let compute = assembly.stack("Prod/Compute").unwrap();
    let storage = assembly.stack("Prod/Storage").unwrap();
    assert_eq!(compute.dependencies, vec![storage.artifact_id.clone()]);
    assert_eq!(compute.stack_name, "Prod-Compute");
    let template = Template::from_stack(&assembly, "Prod/Compute");
    template.has_resource_properties(
        "AWS::SNS::Subscription",
        json!({ "TopicArn": { "Fn::ImportValue": "Prod-Storage:ExportsOutputRefAlertsEC9E0A9B" } }),
    );
    Template::from_stack(&assembly, "Prod/Storage").has_output(
        "ExportsOutputFnGetAttDataBucketArn8D876988",
        json!({ "Export": { "Name": "Prod-Storage:ExportsOutputFnGetAttDataBucketArn8D876988" } }),
    );
}

#[test]
fn the_real_tools_accept_the_assembly() {
    let tools = Tools::discover().unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cdk.out");
    let app = App::with_props(AppProps::default().outdir(&out));
    stackwright_examples::quickstart::build(&app);
    app.synth().unwrap();
    let linted = tools.cfn_lint(&out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(linted, 3);
    tools
        .validate_assembly(&out)
        .unwrap_or_else(|e| panic!("{e}"));
    let stacks = tools.cdk_list(&out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        stacks,
        [
            "Shared",
            "Prod/Storage (Prod-Storage)",
            "Prod/Compute (Prod-Compute)"
        ]
    );
}

#[test]
fn synthesis_is_deterministic() {
    let first = quickstart().assemble().unwrap();
    let second = quickstart().assemble().unwrap();
    assert_eq!(first.files(), second.files());
}
