//! The bootstrap template against the one the real CDK CLI prints (`cdk bootstrap
//! --show-template`): the same parameters, conditions, resources, outputs, role names and trust
//! policies; what cfn-lint says of both; and the command line of `cargo run --example bootstrap`.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde_json::{json, Map, Value as Json};
use stackwright_assertions::tools::Tools;
use stackwright_examples::bootstrap::{
    main_with, template, BootstrapOptions, AWS_MANAGED_KEY, BOOTSTRAP_VERSION,
};

mod support;

/// The CLI's template, printed once per test run (it takes a few seconds).
fn cli() -> &'static Json {
    static TEMPLATE: OnceLock<Json> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let tools = Tools::discover().unwrap_or_else(|e| panic!("{e}"));
        tools
            .cdk_bootstrap_template()
            .unwrap_or_else(|e| panic!("{e}"))
    })
}

fn ours(options: &BootstrapOptions) -> Json {
    let text = template(options).unwrap_or_else(|e| panic!("{e}"));
    serde_json::from_str(&text).expect("the template is JSON")
}

fn keys(section: &Json) -> Vec<&str> {
    section
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// Where two JSON values first differ (a path of keys and indexes), if they do.
fn first_difference(a: &Json, b: &Json, path: &str) -> Option<String> {
    match (a, b) {
        (Json::Object(x), Json::Object(y)) => {
            let names: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            names.into_iter().find_map(|k| {
                let (u, v) = (
                    x.get(k).unwrap_or(&Json::Null),
                    y.get(k).unwrap_or(&Json::Null),
                );
                first_difference(u, v, &format!("{path}/{k}"))
            })
        }
        (Json::Array(x), Json::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (u, v))| first_difference(u, v, &format!("{path}/{i}"))),
        _ if a == b => None,
        _ => Some(format!("at {path}:\n  ours: {a}\n  CLI's: {b}")),
    }
}

/// Asserts equality, naming the first difference rather than printing two whole templates.
#[track_caller]
fn assert_same(ours: &Json, theirs: &Json, what: &str) {
    if let Some(difference) = first_difference(ours, theirs, "") {
        panic!("{what} differs {difference}");
    }
}

/// Rewrites a template so that two templates CloudFormation and IAM read alike compare equal.
/// These are the only differences between ours and the CLI's, and they are differences of
/// spelling, not of meaning:
/// - the CLI's template is written by hand with `Fn::Sub` (`${StagingBucket.Arn}/*`), where
///   stackwright writes typed references (`Fn::GetAtt`, `Ref`, `Fn::Join`): an `Fn::Sub` without
///   variables becomes the `Fn::Join` of its text and references, and a `Fn::Join` with an empty
///   separator is flattened (literals merged, a single part standing for itself);
/// - the CLI writes some single actions, resources and condition values as one-item lists and
///   one principal as `"*"`; `PolicyStatement` writes single items as values and any principal
///   as `{"AWS": "*"}`, as aws-cdk-lib does. The IAM policy grammar takes either.
fn canonical(value: &Json) -> Json {
    match value {
        Json::Array(items) => Json::Array(items.iter().map(canonical).collect()),
        Json::Object(map) => {
            let mut out: Map<String, Json> =
                map.iter().map(|(k, v)| (k.clone(), canonical(v))).collect();
            if out.len() == 1 {
                if let Some(Json::String(text)) = out.get("Fn::Sub") {
                    return join(sub_parts(text));
                }
                if let Some(Json::Array(args)) = out.get("Fn::Join") {
                    if let [Json::String(separator), Json::Array(parts)] = args.as_slice() {
                        if separator.is_empty() {
                            return join(parts.clone());
                        }
                    }
                }
            }
            if out.contains_key("Effect") {
                canonical_statement(&mut out);
            }
            Json::Object(out)
        }
        other => other.clone(),
    }
}

/// The literal text and references of an `Fn::Sub` template.
fn sub_parts(text: &str) -> Vec<Json> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        parts.push(json!(rest[..start]));
        let end = rest[start..].find('}').expect("a closed ${...}") + start;
        let name = &rest[start + 2..end];
        parts.push(match name.split_once('.') {
            _ if name.starts_with('!') => json!(format!("${{{}}}", &name[1..])),
            Some((resource, attribute)) if !name.starts_with("AWS::") => {
                json!({"Fn::GetAtt": [resource, attribute]})
            }
            _ => json!({ "Ref": name }),
        });
        rest = &rest[end + 1..];
    }
    parts.push(json!(rest));
    parts
}

/// `Fn::Join` with an empty separator, flattened: nested joins spliced in, adjacent literals
/// merged, empty literals dropped; a single part is itself.
fn join(parts: Vec<Json>) -> Json {
    let mut flat: Vec<Json> = Vec::new();
    let mut pending = parts;
    pending.reverse();
    while let Some(part) = pending.pop() {
        if let Some(Json::Array(args)) = part.get("Fn::Join") {
            if let [Json::String(separator), Json::Array(inner)] = args.as_slice() {
                if separator.is_empty() {
                    pending.extend(inner.iter().rev().cloned());
                    continue;
                }
            }
        }
        match (flat.last_mut(), &part) {
            (_, Json::String(s)) if s.is_empty() => {}
            (Some(Json::String(previous)), Json::String(s)) => previous.push_str(s),
            _ => flat.push(part),
        }
    }
    match flat.len() {
        0 => json!(""),
        1 => flat.remove(0),
        _ => json!({"Fn::Join": ["", flat]}),
    }
}

fn canonical_statement(statement: &mut Map<String, Json>) {
    fn single(value: &mut Json) {
        if let Json::Array(items) = value {
            if items.len() == 1 {
                *value = items.remove(0);
            }
        }
    }
    for key in ["Action", "NotAction", "Resource", "NotResource"] {
        if let Some(v) = statement.get_mut(key) {
            single(v);
        }
    }
    if let Some(principal) = statement.get_mut("Principal") {
        if principal == "*" {
            *principal = json!({"AWS": "*"});
        }
        if let Some(kinds) = principal.as_object_mut() {
            kinds.values_mut().for_each(single);
        }
    }
    if let Some(Json::Object(operators)) = statement.get_mut("Condition") {
        for keys in operators.values_mut() {
            if let Some(keys) = keys.as_object_mut() {
                keys.values_mut().for_each(single);
            }
        }
    }
}

#[test]
fn the_canonical_form_only_respells() {
    let sub = json!({"Fn::Sub": "arn:${AWS::Partition}:x:${Bucket.Arn}/*"});
    let typed = json!({"Fn::Join": ["", [
        {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}]]},
        ":x:", {"Fn::GetAtt": ["Bucket", "Arn"]}, "/*"]]});
    assert_eq!(canonical(&sub), canonical(&typed));
    assert_eq!(
        canonical(&json!({"Fn::Sub": "${Bucket}"})),
        json!({"Ref": "Bucket"})
    );
    assert_ne!(
        canonical(&json!({"Fn::Sub": "${Bucket}"})),
        canonical(&json!({"Fn::Sub": "${Bucket.Arn}"}))
    );
    let statement = |action: Json, principal: Json| json!({"Effect": "Allow", "Action": action, "Principal": principal, "Resource": "*"});
    assert_eq!(
        canonical(&statement(json!(["s3:*"]), json!("*"))),
        canonical(&statement(json!("s3:*"), json!({"AWS": "*"})))
    );
    assert_ne!(
        canonical(&statement(json!(["s3:*", "sqs:*"]), json!("*"))),
        canonical(&statement(json!("s3:*"), json!("*")))
    );
}

#[test]
fn the_template_matches_the_snapshot() {
    let text = template(&BootstrapOptions::default()).unwrap();
    support::in_snapshots_dir(|| insta::assert_snapshot!("bootstrap__CDKToolkit", text));
}

#[test]
fn the_sections_and_description_are_the_clis() {
    // `aws cloudformation deploy` passes a template of at most 51,200 bytes inline; a larger one
    // would need an S3 bucket, which is what bootstrapping creates.
    let text = template(&BootstrapOptions::default()).unwrap();
    assert!(text.len() <= 51_200, "{} bytes", text.len());
    let ours = ours(&BootstrapOptions::default());
    assert_eq!(keys(&ours), keys(cli()));
    assert_eq!(ours["Description"], cli()["Description"]);
}

#[test]
fn the_parameters_are_the_clis_with_the_same_defaults() {
    let ours = ours(&BootstrapOptions::default());
    assert_eq!(keys(&ours["Parameters"]), keys(&cli()["Parameters"]));
    // Type, Default, Description, AllowedValues, AllowedPattern, ConstraintDescription: all equal.
    assert_same(&ours["Parameters"], &cli()["Parameters"], "the parameters");
}

#[test]
fn the_conditions_are_the_clis() {
    let ours = ours(&BootstrapOptions::default());
    assert_eq!(keys(&ours["Conditions"]), keys(&cli()["Conditions"]));
    assert_same(&ours["Conditions"], &cli()["Conditions"], "the conditions");
}

#[test]
fn the_resources_have_the_clis_logical_ids_types_conditions_and_policies() {
    let ours = ours(&BootstrapOptions::default());
    let (mine, theirs) = (&ours["Resources"], &cli()["Resources"]);
    assert_eq!(keys(mine), keys(theirs), "logical ids, in the CLI's order");
    for id in keys(theirs) {
        for attribute in ["Type", "Condition", "DeletionPolicy", "UpdateReplacePolicy"] {
            assert_eq!(
                mine[id][attribute], theirs[id][attribute],
                "{attribute} of {id}"
            );
        }
    }
}

#[test]
fn every_resource_means_what_the_clis_does() {
    let ours = ours(&BootstrapOptions::default());
    for (id, theirs) in cli()["Resources"].as_object().unwrap() {
        assert_same(
            &canonical(&ours["Resources"][id]),
            &canonical(theirs),
            &format!("resource {id}"),
        );
    }
}

#[test]
fn role_names_and_trust_policies_are_exactly_the_clis() {
    let ours = ours(&BootstrapOptions::default());
    let roles: Vec<&str> = cli()["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::IAM::Role")
        .map(|(id, _)| id.as_str())
        .collect();
    assert_eq!(
        roles,
        [
            "FilePublishingRole",
            "ImagePublishingRole",
            "LookupRole",
            "DeploymentActionRole",
            "CloudFormationExecutionRole"
        ]
    );
    for id in roles {
        let (mine, theirs) = (
            &ours["Resources"][id]["Properties"],
            &cli()["Resources"][id]["Properties"],
        );
        // Exactly: no canonical form here.
        for property in ["RoleName", "AssumeRolePolicyDocument", "Tags"] {
            assert_same(
                &mine[property],
                &theirs[property],
                &format!("{property} of {id}"),
            );
        }
    }
    assert_eq!(
        ours["Resources"]["DeploymentActionRole"]["Properties"]["RoleName"],
        json!({"Fn::Sub": "cdk-${Qualifier}-deploy-role-${AWS::AccountId}-${AWS::Region}"})
    );
}

#[test]
fn the_outputs_and_the_version_are_the_clis() {
    let ours = ours(&BootstrapOptions::default());
    assert_eq!(keys(&ours["Outputs"]), keys(&cli()["Outputs"]));
    assert_same(
        &canonical(&ours["Outputs"]),
        &canonical(&cli()["Outputs"]),
        "the outputs",
    );
    let version = BOOTSTRAP_VERSION.to_string();
    assert_eq!(
        cli()["Resources"]["CdkBootstrapVersion"]["Properties"]["Value"],
        json!(version),
        "the CLI's bootstrap template has moved on: update BOOTSTRAP_VERSION and the template"
    );
    assert_eq!(
        ours["Resources"]["CdkBootstrapVersion"]["Properties"]["Value"],
        json!(version)
    );
    assert_eq!(ours["Outputs"]["BootstrapVersion"]["Value"], json!(version));
}

/// The CLI's template with these parameter defaults changed.
fn cli_with_defaults(defaults: &[(&str, &str)]) -> Json {
    let mut expected = cli().clone();
    for (name, default) in defaults {
        expected["Parameters"][name]["Default"] = json!(default);
    }
    expected
}

#[test]
fn options_change_only_the_parameter_defaults_as_the_cli_passes_them() {
    let options = BootstrapOptions {
        trusted_accounts: vec!["111111111111".into(), "222222222222".into()],
        trusted_accounts_for_lookup: vec!["333333333333".into()],
        cloudformation_execution_policies: vec![
            "arn:aws:iam::aws:policy/AdministratorAccess".into(),
            "arn:aws:iam::111111111111:policy/team/Boundary".into(),
        ],
        qualifier: Some("team1".into()),
        file_assets_bucket_kms_key_id: Some(AWS_MANAGED_KEY.into()),
    };
    let expected = cli_with_defaults(&[
        ("TrustedAccounts", "111111111111,222222222222"),
        ("TrustedAccountsForLookup", "333333333333"),
        (
            "CloudFormationExecutionPolicies",
            "arn:aws:iam::aws:policy/AdministratorAccess,arn:aws:iam::111111111111:policy/team/Boundary",
        ),
        ("Qualifier", "team1"),
        ("FileAssetsBucketKmsKeyId", AWS_MANAGED_KEY),
    ]);
    let ours = ours(&options);
    assert_eq!(ours["Parameters"], expected["Parameters"]);
    assert_same(&canonical(&ours), &canonical(&expected), "the template");
}

#[test]
fn invalid_options_are_all_reported_with_the_parameter_they_set() {
    let options = BootstrapOptions {
        trusted_accounts: vec!["12345".into()],
        trusted_accounts_for_lookup: vec!["33333333333a".into()],
        cloudformation_execution_policies: vec!["AdministratorAccess".into()],
        qualifier: Some("Team_1".into()),
        file_assets_bucket_kms_key_id: None,
    };
    let errors = template(&options).unwrap_err().to_string();
    for expected in [
        "CDKToolkit/TrustedAccounts: \"12345\" is not an AWS account id (12 digits)",
        "CDKToolkit/TrustedAccountsForLookup: \"33333333333a\" is not an AWS account id",
        "CDKToolkit/CloudFormationExecutionPolicies: \"AdministratorAccess\" is not the ARN of a managed policy",
        "CDKToolkit/Qualifier: the qualifier \"Team_1\" must be 1 to 10 lowercase letters and digits",
    ] {
        assert!(errors.contains(expected), "{expected:?} missing in:\n{errors}");
    }
    let no_policy = BootstrapOptions {
        trusted_accounts: vec!["111111111111".into()],
        ..BootstrapOptions::default()
    };
    let errors = template(&no_policy).unwrap_err().to_string();
    assert!(
        errors.contains("CDKToolkit/CloudFormationExecutionPolicies: trusting other accounts needs at least one execution policy"),
        "{errors}"
    );
}

/// `cargo run --example bootstrap -- <args>`: the status, standard output and standard error.
fn run(args: &[&str]) -> (u8, String, String) {
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let argv = std::iter::once("bootstrap").chain(args.iter().copied());
    let status = main_with(argv, &mut stdout, &mut stderr);
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (status, text(stdout), text(stderr))
}

#[test]
fn the_command_prints_what_cdk_bootstrap_would_deploy() {
    let (status, stdout, stderr) = run(&[]);
    assert_eq!((status, stderr.as_str()), (0, ""));
    let printed: Json = serde_json::from_str(&stdout).unwrap();
    // `cdk bootstrap` on a new environment passes FileAssetsBucketKmsKeyId=AWS_MANAGED_KEY
    // unless told `--bootstrap-customer-key` or `--bootstrap-kms-key-id`.
    let expected = cli_with_defaults(&[("FileAssetsBucketKmsKeyId", AWS_MANAGED_KEY)]);
    assert_same(&canonical(&printed), &canonical(&expected), "the template");

    let (status, stdout, _) = run(&["--bootstrap-customer-key"]);
    assert_eq!(status, 0);
    let printed: Json = serde_json::from_str(&stdout).unwrap();
    assert_same(&canonical(&printed), &canonical(cli()), "the template");

    let (_, again, _) = run(&["--bootstrap-customer-key"]);
    assert_eq!(stdout, again, "the output is deterministic");
}

#[test]
fn the_command_writes_the_file_with_the_trust_flags_as_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bootstrap.json");
    let (status, stdout, stderr) = run(&[
        "--trust",
        "111111111111",
        "--trust",
        "222222222222,333333333333",
        "--trust-for-lookup",
        "444444444444",
        "--cfn-execution-policy",
        "arn:aws:iam::aws:policy/AdministratorAccess",
        "--cloudformation-execution-policies",
        "arn:aws:iam::111111111111:policy/Deploy",
        "--qualifier",
        "team1",
        "--bootstrap-kms-key-id",
        "alias/assets",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!((status, stdout.as_str(), stderr.as_str()), (0, "", ""));
    let written: Json = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let expected = cli_with_defaults(&[
        ("TrustedAccounts", "111111111111,222222222222,333333333333"),
        ("TrustedAccountsForLookup", "444444444444"),
        (
            "CloudFormationExecutionPolicies",
            "arn:aws:iam::aws:policy/AdministratorAccess,arn:aws:iam::111111111111:policy/Deploy",
        ),
        ("Qualifier", "team1"),
        ("FileAssetsBucketKmsKeyId", "alias/assets"),
    ]);
    assert_same(&canonical(&written), &canonical(&expected), "the template");
}

#[test]
fn bad_arguments_fail_with_every_reason_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bootstrap.json");
    let out_arg = out.to_str().unwrap();
    let (status, stdout, stderr) = run(&[
        "--trust",
        "1234",
        "--qualifier",
        "Prod",
        "--cfn-execution-policy",
        "arn:aws:s3:::bucket",
        "--out",
        out_arg,
    ]);
    assert_eq!(status, 1, "{stderr}");
    assert_eq!(stdout, "");
    assert!(!out.exists(), "nothing is written");
    assert!(
        stderr.starts_with("error: synthesis failed with 3 error(s)"),
        "{stderr}"
    );
    for expected in [
        "CDKToolkit/TrustedAccounts: \"1234\" is not an AWS account id (12 digits)",
        "CDKToolkit/Qualifier: the qualifier \"Prod\" must be 1 to 10 lowercase letters and digits",
        "CDKToolkit/CloudFormationExecutionPolicies: \"arn:aws:s3:::bucket\" is not the ARN of a managed policy",
    ] {
        assert!(stderr.contains(expected), "{expected:?} missing in:\n{stderr}");
    }

    let (status, stdout, stderr) = run(&["--trust", "111111111111", "--out", out_arg]);
    assert_eq!((status, stdout.as_str()), (1, ""));
    assert!(
        stderr.contains("needs at least one execution policy"),
        "{stderr}"
    );
    assert!(!out.exists());

    // The command line itself: clap's usage errors (status 2).
    let (status, _, stderr) = run(&[
        "--bootstrap-customer-key",
        "--bootstrap-kms-key-id",
        "k",
        "--out",
        out_arg,
    ]);
    assert_eq!(status, 2);
    assert!(stderr.contains("cannot be used with"), "{stderr}");
    let (status, _, stderr) = run(&["--trust"]);
    assert_eq!(status, 2);
    assert!(stderr.contains("--trust <ACCOUNT>"), "{stderr}");
    assert!(!out.exists());

    let unwritable = dir.path().join("missing-dir").join("t.json");
    let (status, _, stderr) = run(&["--out", unwritable.to_str().unwrap()]);
    assert_eq!(status, 1);
    assert!(stderr.contains("cannot write"), "{stderr}");

    let (status, stdout, _) = run(&["--help"]);
    assert_eq!(status, 0);
    assert!(stdout.contains("aws cloudformation deploy"), "{stdout}");
}

/// cfn-lint's findings (level, rule, path) per file.
fn lint(files: &[&std::path::Path]) -> Vec<BTreeSet<(String, String, String)>> {
    let tools = Tools::discover().unwrap_or_else(|e| panic!("{e}"));
    let output = tools
        .cfn_lint_command()
        .args(["--format", "json", "--"])
        .args(files)
        .output()
        .expect("cfn-lint runs");
    let findings: Vec<Json> = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "cfn-lint printed no JSON ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    files
        .iter()
        .map(|file| {
            findings
                .iter()
                .filter(|f| f["Filename"] == file.to_str().unwrap())
                .map(|f| {
                    (
                        f["Level"].as_str().unwrap().to_owned(),
                        f["Rule"]["Id"].as_str().unwrap().to_owned(),
                        f["Location"]["Path"].to_string(),
                    )
                })
                .collect()
        })
        .collect()
}

#[test]
fn cfn_lint_finds_no_error_and_only_what_it_finds_in_the_clis() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("stackwright.template.json");
    let theirs = dir.path().join("cli.template.json");
    let text = template(&BootstrapOptions::default()).unwrap();
    std::fs::write(&mine, text).unwrap();
    std::fs::write(&theirs, serde_json::to_string_pretty(cli()).unwrap()).unwrap();
    let found = lint(&[&mine, &theirs]);
    assert!(
        found[0].iter().all(|(level, _, _)| level != "Error"),
        "{:?}",
        found[0]
    );
    // The CLI's template gets two warnings: BootstrapVariant is read by the CLI, not the
    // template (W2001), and the bucket sets the legacy AccessControl (W3045).
    let rules: BTreeSet<&str> = found[1].iter().map(|(_, rule, _)| rule.as_str()).collect();
    assert_eq!(rules, BTreeSet::from(["W2001", "W3045"]));
    assert_eq!(found[0], found[1]);
}
