//! The parity suite: every case's stackwright app against its aws-cdk-lib twin (see
//! `docs/parity.md`). Needs `node` and `scripts/install-tools.sh`; fails, never skips, without
//! them. `PARITY_CASE=<name>` runs one case; `-- --nocapture` shows the timings.

use std::collections::BTreeSet;
use std::time::Instant;

use stackwright_parity::{apps_dir, run_all, CdkLib, CASES};

#[test]
fn every_case_matches_aws_cdk_lib() {
    let cdk = CdkLib::discover()
        .unwrap_or_else(|e| panic!("the parity suite needs node and aws-cdk-lib: {e}"));
    let only = std::env::var("PARITY_CASE").ok().filter(|v| !v.is_empty());
    let cases: Vec<_> = CASES
        .iter()
        .copied()
        .filter(|c| only.as_deref().is_none_or(|name| c.name == name))
        .collect();
    assert!(!cases.is_empty(), "PARITY_CASE={only:?} names no case");
    let workers = std::thread::available_parallelism().map_or(2, usize::from);

    let start = Instant::now();
    let outcomes = run_all(&cases, &cdk, workers);
    let mut failures = Vec::new();
    for outcome in &outcomes {
        let status = if outcome.passed() { "ok" } else { "FAILED" };
        eprintln!(
            "parity {:<24} {status} in {:.1} s",
            outcome.case.name,
            outcome.elapsed.as_secs_f64()
        );
        match &outcome.result {
            Ok(report) if report.passed() => {}
            Ok(report) => failures.push(report.to_string()),
            Err(e) => failures.push(format!("case {}: {e}\n", outcome.case.name)),
        }
    }
    eprintln!(
        "parity: {} cases against aws-cdk-lib {} (node {}) on {workers} threads in {:.1} s",
        outcomes.len(),
        cdk.version(),
        cdk.node_version(),
        start.elapsed().as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases differ from aws-cdk-lib {}:\n{}",
        failures.len(),
        outcomes.len(),
        cdk.version(),
        failures.concat()
    );
}

#[test]
fn every_app_has_a_case_and_every_case_an_app() {
    let apps: BTreeSet<String> = std::fs::read_dir(apps_dir())
        .expect("apps/ exists")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".js").map(str::to_owned)
        })
        .collect();
    let cases: BTreeSet<String> = CASES.iter().map(|c| c.name.to_owned()).collect();
    assert_eq!(
        apps, cases,
        "each apps/<case>.js needs <case> in src/cases/mod.rs, and each case an app"
    );
}

/// CDK Pipelines, compared structurally (see `stackwright_parity::pipelines` and
/// `docs/parity.md`): the same stages, actions, run orders, artifacts, action roles, passed
/// roles and created roles with their trust.
#[test]
fn the_pipeline_construct_has_the_structure_of_cdk_pipelines() {
    use stackwright::prelude::{App, AppProps};
    use stackwright_parity::pipelines::{build, structural_dir, structure};

    let cdk = CdkLib::discover()
        .unwrap_or_else(|e| panic!("the parity suite needs node and aws-cdk-lib: {e}"));
    let work = tempfile::tempdir().unwrap();
    let outdir = cdk
        .synth(&structural_dir().join("pipelines.js"), work.path())
        .unwrap_or_else(|e| panic!("{e}"));
    let file = "PipelineStack.template.json";
    let theirs: serde_json::Value =
        serde_json::from_slice(&std::fs::read(outdir.join(file)).unwrap()).unwrap();
    let app = App::with_props(AppProps::default());
    build(&app);
    let assembly = app.assemble().unwrap_or_else(|e| panic!("{e}"));
    let ours = assembly.json(file).unwrap();
    let (ours, theirs) = (structure(&ours).unwrap(), structure(&theirs).unwrap());
    assert_eq!(
        ours.stages.iter().map(|(s, _)| s).collect::<Vec<_>>(),
        theirs.stages.iter().map(|(s, _)| s).collect::<Vec<_>>(),
        "stages"
    );
    for ((stage, ours), (_, theirs)) in ours.stages.iter().zip(&theirs.stages) {
        assert_eq!(ours, theirs, "the actions of stage {stage}");
    }
    assert_eq!(ours.roles, theirs.roles, "the roles and their trust");
    // The template configuration a deploy action reads is where both put it, and the same.
    let config = "assembly-Prod/ProdStorage0EF194CB.template.json.config.json";
    let theirs: serde_json::Value =
        serde_json::from_slice(&std::fs::read(outdir.join(config)).unwrap()).unwrap();
    assert_eq!(assembly.json(config), Some(theirs), "{config}");
}
