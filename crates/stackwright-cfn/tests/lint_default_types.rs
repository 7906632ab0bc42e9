//! Every resource type of the default features, populated from its schema through the typed
//! API (`generated/samples.rs`, written by stackwright-codegen), synthesized and judged by
//! cfn-lint: zero errors allowed. cfn-lint comes from `scripts/install-tools.sh` (found by
//! `stackwright_assertions::tools::Tools`); the test fails (never skips) when it is missing.
// Without its features this file would compile to zero tests and pass in silence: fail instead.
#[cfg(not(all(
    feature = "cloudformation",
    feature = "codebuild",
    feature = "codecommit",
    feature = "codepipeline",
    feature = "dynamodb",
    feature = "ec2",
    feature = "events",
    feature = "glue",
    feature = "iam",
    feature = "kms",
    feature = "lambda",
    feature = "logs",
    feature = "s3",
    feature = "secretsmanager",
    feature = "sns",
    feature = "sqs",
    feature = "ssm",
    feature = "stepfunctions"
)))]
compile_error!(
    "tests/lint_default_types.rs needs the features cloudformation, codebuild, codecommit, codepipeline, dynamodb, ec2, events, glue, iam, kms, lambda, logs, s3, secretsmanager, sns, sqs, ssm, stepfunctions of stackwright-cfn (the default features): run it with them"
);

use std::collections::BTreeMap;

use stackwright_assertions::tools::Tools;
use stackwright_core::{App, AppProps, Stack, StackProps, Synthesizer};

#[path = "generated/samples.rs"]
mod samples;

/// Resources per template: well under CloudFormation's 500, and small enough for quick lints.
const PER_STACK: usize = 150;

#[test]
fn every_default_type_synthesizes_and_cfn_lint_reports_no_error() {
    let tools = Tools::discover().unwrap_or_else(|e| panic!("{e}"));
    // One app per lint region (a few types exist only outside us-east-1), chunks of PER_STACK.
    let mut by_region: BTreeMap<&str, Vec<samples::Build>> = BTreeMap::new();
    for (_, region, build) in samples::SAMPLES {
        by_region.entry(region).or_default().push(*build);
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let mut errors = Vec::new();
    let mut linted = 0;
    for (region, samples) in &by_region {
        let app = App::with_props(AppProps::default());
        for (i, chunk) in samples.chunks(PER_STACK).enumerate() {
            let stack = Stack::new(
                &app,
                &format!("Samples{i}"),
                StackProps::default().synthesizer(Synthesizer::Bootstrapless),
            );
            for build in chunk {
                build(&stack);
            }
        }
        let assembly = app.assemble().expect("synthesis succeeds");
        let mut files = Vec::new();
        for stack in assembly.stacks() {
            let path = dir
                .path()
                .join(format!("{region}-{}.template.json", stack.display_name));
            std::fs::write(
                &path,
                serde_json::to_vec_pretty(&stack.template).expect("json"),
            )
            .expect("write template");
            let count = stack.template["Resources"]
                .as_object()
                .map_or(0, |r| r.len());
            assert!(
                count > 0 && count <= PER_STACK,
                "{count} resources in {}",
                stack.display_name
            );
            linted += count;
            files.push(path);
        }
        let output = tools
            .cfn_lint_command()
            .args(["-f", "json"])
            .args(&files)
            .args(["--regions", region])
            .output()
            .expect("cfn-lint runs");
        let findings: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| {
                panic!(
                    "cfn-lint output is not JSON ({e}): {}",
                    String::from_utf8_lossy(&output.stderr)
                )
            });
        errors.extend(findings.iter().filter(|f| f["Level"] == "Error").map(|f| {
            let path: Vec<String> = f["Location"]["Path"]
                .as_array()
                .map(|p| p.iter().map(|s| s.to_string()).collect())
                .unwrap_or_default();
            format!(
                "{} {}: {}",
                f["Rule"]["Id"].as_str().unwrap_or("?"),
                path.join("/"),
                f["Message"].as_str().unwrap_or("")
            )
        }));
    }
    assert_eq!(
        linted,
        samples::SAMPLES.len(),
        "every sample was synthesized and linted"
    );
    assert!(
        errors.is_empty(),
        "cfn-lint found {} errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
}
