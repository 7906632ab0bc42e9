//! A VPC's availability zones as a context lookup, the CDK way: without the zones in the
//! context the VPC uses the CDK's dummy zones and the manifests list the lookup as `missing`
//! (compared with what aws-cdk-lib 2.276 writes for the same app); with them (from code, or
//! from `cdk.context.json` through the real CDK CLI) the real zones are used and nothing is
//! missing. The written assembly passes the official schema and `cdk ls`.
//!
//! `tests/fixtures/ec2/missing_context.json` is the output of `missing_context.js` beside it
//! (the command to regenerate it is at its top); [`build`] is the same app in Rust.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{json, Value as Json};
use stackwright_assertions::tools::{files_ending, Tools};
use stackwright_aws::ec2::{Vpc, VpcProps};
use stackwright_core::{
    App, AppProps, CloudAssembly, Environment, Stack, StackProps, Stage, StageProps,
};

/// The twin of `tests/fixtures/ec2/missing_context.js`.
fn build(app: &App) {
    let stack = |id: &str, account: &str, region: &str| {
        let env = Environment::new(account, region);
        Stack::new(app, id, StackProps::default().env(env))
    };
    Vpc::new(
        &stack("Network", "111111111111", "us-east-2"),
        "Vpc",
        VpcProps::new(),
    );
    // The same environment again: one entry.
    Vpc::new(
        &stack("Network2", "111111111111", "us-east-2"),
        "Vpc",
        VpcProps::new().max_azs(2),
    );
    Vpc::new(
        &stack("Ireland", "111111111111", "eu-west-1"),
        "Vpc",
        VpcProps::new().availability_zones(["eu-west-1a"]),
    );
    // Agnostic: Fn::GetAZs, nothing missing.
    let agnostic = Stack::new(app, "Agnostic", StackProps::default());
    Vpc::new(&agnostic, "Vpc", VpcProps::new());
    let prod = Stage::new(
        app,
        "Prod",
        StageProps::default().env(Environment::new("222222222222", "us-west-2")),
    );
    Vpc::new(
        &Stack::new(&prod, "Network", StackProps::default()),
        "Vpc",
        VpcProps::new(),
    );
    let us_east_1 = Environment {
        account: None,
        region: Some("us-east-1".into()),
    };
    let dr = Stage::new(&prod, "Dr", StageProps::default().env(us_east_1));
    Vpc::new(
        &Stack::new(&dr, "Network", StackProps::default()),
        "Vpc",
        VpcProps::new(),
    );
}

/// The zones of every environment of [`build`], as the CDK CLI stores them in
/// `cdk.context.json` (the names of the region's available zones).
fn looked_up_zones() -> Json {
    let zones = |region: &str| {
        json!([
            format!("{region}a"),
            format!("{region}b"),
            format!("{region}c")
        ])
    };
    json!({
        "availability-zones:account=111111111111:region=us-east-2": zones("us-east-2"),
        "availability-zones:account=111111111111:region=eu-west-1": zones("eu-west-1"),
        "availability-zones:account=222222222222:region=us-west-2": zones("us-west-2"),
        "availability-zones:account=222222222222:region=us-east-1": zones("us-east-1"),
    })
}

fn app_with_context(context: &Json) -> App {
    let mut props = AppProps::default();
    for (key, value) in context.as_object().unwrap() {
        props = props.context(key.clone(), value.clone());
    }
    App::with_props(props)
}

/// The `AvailabilityZone` of each subnet of a stack's template.
fn subnet_zones(template: &Json) -> Vec<Json> {
    template["Resources"]
        .as_object()
        .unwrap()
        .values()
        .filter(|r| r["Type"] == "AWS::EC2::Subnet")
        .map(|r| r["Properties"]["AvailabilityZone"].clone())
        .collect()
}

/// The `missing` section of every manifest of an assembly (null when there is none), by path.
fn missing_sections(asm: &CloudAssembly) -> Json {
    let sections: serde_json::Map<String, Json> = asm
        .files()
        .keys()
        .filter(|f| f.ends_with("manifest.json"))
        .map(|f| {
            let manifest = asm.json(f).unwrap();
            (
                f.clone(),
                manifest.get("missing").cloned().unwrap_or(Json::Null),
            )
        })
        .collect();
    Json::Object(sections)
}

#[test]
fn without_the_zones_the_manifests_list_the_lookups_as_aws_cdk_lib_does() {
    let app = App::with_props(AppProps::default());
    build(&app);
    let asm = app.assemble().unwrap_or_else(|e| panic!("{e}"));
    let expected: Json =
        serde_json::from_str(include_str!("../fixtures/ec2/missing_context.json")).unwrap();
    assert_eq!(missing_sections(&asm), expected);
    // The dummy zones are used meanwhile, and no warning is added (aws-cdk-lib adds none).
    let network = &asm.stack("Network").unwrap().template;
    assert_eq!(
        subnet_zones(network)[..3],
        [json!("dummy1a"), json!("dummy1b"), json!("dummy1c")]
    );
    let metadata = asm.json("Network.metadata.json").unwrap();
    assert!(
        !metadata.to_string().contains("aws:cdk:warning"),
        "{metadata}"
    );
    assert_eq!(asm.missing_context().len(), 4);
}

#[test]
fn with_the_zones_in_the_context_they_are_used_and_nothing_is_missing() {
    let app = app_with_context(&looked_up_zones());
    build(&app);
    let asm = app.assemble().unwrap_or_else(|e| panic!("{e}"));
    assert!(asm.missing_context().is_empty());
    let sections = missing_sections(&asm);
    assert_eq!(sections.as_object().unwrap().len(), 3);
    assert!(
        sections.as_object().unwrap().values().all(Json::is_null),
        "{sections}"
    );
    let zones = |stack: &str| subnet_zones(&asm.stack(stack).unwrap().template);
    assert_eq!(
        zones("Network")[..3],
        [
            json!("us-east-2a"),
            json!("us-east-2b"),
            json!("us-east-2c")
        ]
    );
    let (a, b) = (json!("us-east-2a"), json!("us-east-2b"));
    assert_eq!(zones("Network2"), [a.clone(), b.clone(), a, b]);
    assert_eq!(zones("Ireland"), [json!("eu-west-1a"), json!("eu-west-1a")]);
    assert_eq!(zones("Prod/Network")[0], json!("us-west-2a"));
    assert_eq!(zones("Prod/Dr/Network")[2], json!("us-east-1c"));

    // Only some zones known: only the others are missing, from every enclosing assembly.
    let mut partial = looked_up_zones();
    partial
        .as_object_mut()
        .unwrap()
        .remove("availability-zones:account=222222222222:region=us-east-1");
    let app = app_with_context(&partial);
    build(&app);
    let asm = app.assemble().unwrap_or_else(|e| panic!("{e}"));
    let keys: Vec<&str> = asm
        .missing_context()
        .iter()
        .map(|m| m.key.as_str())
        .collect();
    assert_eq!(
        keys,
        ["availability-zones:account=222222222222:region=us-east-1"]
    );
    for manifest in [
        "manifest.json",
        "assembly-Prod/manifest.json",
        "assembly-Prod/assembly-Prod-Dr/manifest.json",
    ] {
        assert_eq!(
            asm.json(manifest).unwrap()["missing"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
    }
}

#[test]
fn zones_that_are_not_a_list_of_names_are_an_error_at_the_vpc() {
    let app = App::with_props(AppProps::default().context(
        "availability-zones:account=111111111111:region=us-east-2",
        json!("us-east-2a"),
    ));
    let env = Environment::new("111111111111", "us-east-2");
    let stack = Stack::new(&app, "S", StackProps::default().env(env));
    Vpc::new(&stack, "Vpc", VpcProps::new());
    let errors = app.assemble().unwrap_err();
    assert!(
        errors.contains(
            "S/Vpc",
            "the context value \"availability-zones:account=111111111111:region=us-east-2\" must be a list of availability zone names, not \"us-east-2a\""
        ),
        "{errors}"
    );
    assert_eq!(errors.errors().len(), 1, "{errors}");
}

/// The real CDK CLI reads an assembly with missing context: the schema accepts it, and
/// `cdk ls --app <dir>` lists every stack. (The CLI tries the lookups, cannot run the app
/// again from a directory, gives up and lists the assembly as it is.)
#[test]
fn the_official_schema_and_cdk_ls_accept_an_assembly_with_missing_context() {
    let tools = Tools::discover().unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cdk.out");
    let app = App::with_props(AppProps::default().outdir(&out));
    build(&app);
    let asm = app.synth().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(asm.missing_context().len(), 4);
    let schema = tools
        .validate_assembly(&out)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(schema.contains("valid"), "{schema}");
    let listed = tools.cdk_list(&out).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        listed,
        [
            "Network",
            "Network2",
            "Ireland",
            "Agnostic",
            "Prod/Network (Prod-Network)",
            "Prod/Dr/Network (Prod-Dr-Network)"
        ]
    );
    assert_eq!(files_ending(&out, "manifest.json").len(), 3);
}

/// The app the CDK CLI runs in [`the_cdk_cli_runs_the_app_with_the_zones_of_cdk_context_json`]:
/// this test binary, with `--ignored --exact context::cdk_cli_app`.
#[test]
#[ignore = "the CDK CLI runs it as its app (the_cdk_cli_runs_the_app_with_the_zones_of_cdk_context_json)"]
fn cdk_cli_app() {
    assert!(
        std::env::var_os("CDK_OUTDIR").is_some(),
        "the CDK CLI runs this app, and sets CDK_OUTDIR"
    );
    let app = App::new();
    build(&app);
    app.synth().unwrap_or_else(|e| panic!("{e}"));
}

/// `cdk synth --quiet --app "<this binary> cdk_cli_app"` from `dir`, without AWS credentials.
fn cdk_synth(tools: &Tools, dir: &Path) -> Output {
    let exe = std::env::current_exe().unwrap();
    // The test's name within the binary: this module's path without the crate's name.
    let module = module_path!().split_once("::").map_or("", |(_, m)| m);
    let app = format!(
        "{} --ignored --exact {module}::cdk_cli_app --test-threads 1",
        exe.display()
    );
    let mut command: Command = tools.cdk_command().unwrap_or_else(|e| panic!("{e}"));
    command
        .args(["synth", "--quiet", "--no-notices", "--app", &app])
        .current_dir(dir)
        .env("AWS_CONFIG_FILE", dir.join("no-aws-config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            dir.join("no-aws-credentials"),
        )
        .env("AWS_EC2_METADATA_DISABLED", "true");
    for var in [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "CDK_CONTEXT_JSON",
        "CDK_OUTDIR",
    ] {
        command.env_remove(var);
    }
    command.output().unwrap()
}

/// The whole loop with the real CDK CLI: it runs the app, passing the `cdk.context.json` of its
/// working directory in `CDK_CONTEXT_JSON`; the context keys are the CLI's, so the zones it
/// stored are used and nothing is missing. Without them (and without AWS credentials) the CLI
/// tries the lookups, runs the app again with the failures, and the app fails naming the VPC
/// and the CLI's reason.
#[test]
fn the_cdk_cli_runs_the_app_with_the_zones_of_cdk_context_json() {
    let tools = Tools::discover().unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().unwrap();
    let context = serde_json::to_string_pretty(&looked_up_zones()).unwrap();
    std::fs::write(dir.path().join("cdk.context.json"), context).unwrap();
    let out = cdk_synth(&tools, dir.path());
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "cdk synth failed:\n{printed}");
    let assembly = dir.path().join("cdk.out");
    for manifest in files_ending(&assembly, "manifest.json") {
        let json: Json = serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
        assert_eq!(json.get("missing"), None, "{}", manifest.display());
    }
    let in_memory = app_with_context(&looked_up_zones());
    build(&in_memory);
    let expected = in_memory.assemble().unwrap_or_else(|e| panic!("{e}"));
    let prod = expected.stack("Prod/Network").unwrap();
    let written = std::fs::read(assembly.join(&prod.template_file)).unwrap();
    let template: Json = serde_json::from_slice(&written).unwrap();
    // The CLI's context adds path metadata; the zones are those of cdk.context.json.
    assert_eq!(subnet_zones(&template), subnet_zones(&prod.template));
    assert_eq!(subnet_zones(&template)[0], json!("us-west-2a"));

    let dir = tempfile::tempdir().unwrap();
    let out = cdk_synth(&tools, dir.path());
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!out.status.success(), "cdk synth succeeded:\n{printed}");
    assert!(
        printed.contains("Network/Vpc: the CDK CLI could not look up the context \"availability-zones:account=111111111111:region=us-east-2\": Need to perform AWS calls for account 111111111111"),
        "{printed}"
    );
}
