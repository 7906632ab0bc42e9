//! An app with file assets passes the real validators: the asset-manifest schema and the CDK CLI.

use stackwright::prelude::*;
use stackwright_assertions::tools::Tools;

#[test]
fn asset_manifests_with_file_assets_validate() {
    let tools = Tools::discover().unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("job.py");
    std::fs::write(&script, "print('etl')\n").unwrap();
    let out = dir.path().join("cdk.out");
    let app = App::with_props(AppProps::default().outdir(&out));
    let stage = Stage::new(
        &app,
        "Dev",
        StageProps::default().env(Environment::new("222222222222", "us-east-2")),
    );
    let stack = Stack::new(&stage, "Glue", StackProps::default());
    let asset = FileAsset::new(&stack, "Script", &script);
    CfnResource::new(
        &stack,
        "Location",
        "AWS::SSM::Parameter",
        Value::map_of([
            ("Type", Value::from("String")),
            ("Value", asset.s3_object_url().into()),
        ]),
    );
    app.synth().unwrap();
    assert!(out.join(format!("asset.{}.py", asset.hash())).is_file());
    tools
        .validate_assembly(&out)
        .unwrap_or_else(|e| panic!("{e}"));
    tools.cfn_lint(&out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        tools.cdk_list(&out).unwrap_or_else(|e| panic!("{e}")),
        ["Dev/Glue (Dev-Glue)"]
    );
}
