//! Context lookups: values from the context, dummy values and missing-context entries, the
//! `missing` section of each assembly's manifest (compared with what aws-cdk-lib 2.276 writes),
//! and the errors of lookups that cannot be made.

mod support;

use serde_json::{json, Value as Json};
use stackwright_core::*;
use support::app;

const AZ_DUMMY: [&str; 3] = ["dummy1a", "dummy1b", "dummy1c"];

fn azs(scope: &impl Scope) -> ContextValue {
    ContextQuery::new(ContextProvider::AvailabilityZones).lookup(scope, json!(AZ_DUMMY))
}

fn stack(scope: &impl Scope, id: &str, account: &str, region: &str) -> Stack {
    let env = Environment::new(account, region);
    Stack::new(scope, id, StackProps::default().env(env))
}

/// The twin of this aws-cdk-lib app (its manifests' `missing` sections are the expected values
/// below):
///
/// ```js
/// const azs = (scope) => cdk.ContextProvider.getValue(scope, { provider: 'availability-zones', dummyValue: ['dummy1a', 'dummy1b', 'dummy1c'] });
/// const direct = new cdk.Stack(app, 'Direct', { env: { account: '111111111111', region: 'us-east-2' } });
/// azs(direct);
/// cdk.ContextProvider.getValue(direct, { provider: 'ssm', props: { parameterName: '/app/version' }, dummyValue: 'dummy-value-for-/app/version', mustExist: false });
/// azs(new cdk.Stack(app, 'Direct2', { env: { account: '111111111111', region: 'us-east-2' } }));
/// azs(new cdk.Stack(app, 'Legacy', { env: { account: '222222222222', region: 'eu-west-1' }, synthesizer: new cdk.LegacyStackSynthesizer() }));
/// const qual = new cdk.Stack(app, 'Qualified', { env: { account: '222222222222', region: 'eu-west-2' }, synthesizer: new cdk.DefaultStackSynthesizer({ qualifier: 'abc' }) });
/// cdk.ContextProvider.getValue(qual, { provider: 'vpc-provider', props: { filter: { isDefault: 'true' }, returnAsymmetricSubnets: true }, additionalCacheKey: 'extra', dummyValue: { vpcId: 'vpc-12345' } });
/// const prod = new cdk.Stage(app, 'Prod', { env: { account: '333333333333', region: 'us-west-2' } });
/// azs(new cdk.Stack(prod, 'Net'));
/// const inner = new cdk.Stage(prod, 'Inner');
/// azs(new cdk.Stack(inner, 'Net2'));
/// cdk.ContextProvider.getValue(new cdk.Stack(inner, 'Zone', { env: { region: 'eu-central-1' } }), { provider: 'hosted-zone', props: { domainName: 'example.com' }, dummyValue: 'DUMMY' });
/// ```
fn build(app: &App) {
    let direct = stack(app, "Direct", "111111111111", "us-east-2");
    azs(&direct);
    ContextQuery::new(ContextProvider::Ssm)
        .prop("parameterName", "/app/version")
        .must_exist(false)
        .lookup(&direct, "dummy-value-for-/app/version");
    azs(&stack(app, "Direct2", "111111111111", "us-east-2"));
    let env = Environment::new("222222222222", "eu-west-1");
    let legacy = StackProps::default()
        .env(env)
        .synthesizer(Synthesizer::Bootstrapless);
    azs(&Stack::new(app, "Legacy", legacy));
    let env = Environment::new("222222222222", "eu-west-2");
    let qualified = StackProps::default()
        .env(env)
        .synthesizer(Synthesizer::bootstrapped("abc"));
    ContextQuery::new(ContextProvider::Vpc)
        .prop("filter", json!({"isDefault": "true"}))
        .prop("returnAsymmetricSubnets", true)
        .additional_cache_key("extra")
        .lookup(
            &Stack::new(app, "Qualified", qualified),
            json!({"vpcId": "vpc-12345"}),
        );
    let prod = Stage::new(
        app,
        "Prod",
        StageProps::default().env(Environment::new("333333333333", "us-west-2")),
    );
    azs(&Stack::new(&prod, "Net", StackProps::default()));
    let inner = Stage::new(&prod, "Inner", StageProps::default());
    azs(&Stack::new(&inner, "Net2", StackProps::default()));
    let zone = Environment {
        account: None,
        region: Some("eu-central-1".into()),
    };
    ContextQuery::new(ContextProvider::HostedZone)
        .prop("domainName", "example.com")
        .lookup(
            &Stack::new(&inner, "Zone", StackProps::default().env(zone)),
            "DUMMY",
        );
}

fn lookup_role(account: &str, region: &str, qualifier: &str) -> String {
    format!("arn:${{AWS::Partition}}:iam::{account}:role/cdk-{qualifier}-lookup-role-{account}-{region}")
}

fn az_entry(account: &str, region: &str, role: bool) -> Json {
    let mut props = json!({"dummyValue": AZ_DUMMY, "account": account, "region": region});
    if role {
        props["lookupRoleArn"] = json!(lookup_role(account, region, "hnb659fds"));
    }
    json!({
        "key": format!("availability-zones:account={account}:region={region}"),
        "provider": "availability-zones",
        "props": props
    })
}

/// What aws-cdk-lib writes in the stages' manifests (`assembly-Prod` and
/// `assembly-Prod/assembly-Prod-Inner` alike: Prod's own lookup repeats Inner's key).
fn stage_missing() -> Vec<Json> {
    vec![
        az_entry("333333333333", "us-west-2", true),
        json!({
            "key": "hosted-zone:account=333333333333:domainName=example.com:region=eu-central-1",
            "provider": "hosted-zone",
            "props": {
                "dummyValue": "DUMMY",
                "account": "333333333333",
                "region": "eu-central-1",
                "domainName": "example.com",
                "lookupRoleArn": lookup_role("333333333333", "eu-central-1", "hnb659fds")
            }
        }),
    ]
}

#[test]
fn the_missing_sections_equal_aws_cdk_libs_for_stacks_under_the_app_and_in_nested_stages() {
    let app = app();
    build(&app);
    let asm = app.assemble().unwrap();
    let missing = |file: &str| asm.json(file).unwrap()["missing"].clone();
    // Nested stages first (each stage's nested stages before its own stacks), then the app's
    // stacks in tree order; the first entry of each key only.
    let mut root = stage_missing();
    root.extend([
        az_entry("111111111111", "us-east-2", true),
        json!({
            "key": "ssm:account=111111111111:parameterName=/app/version:region=us-east-2",
            "provider": "ssm",
            "props": {
                "dummyValue": "dummy-value-for-/app/version",
                "ignoreErrorOnMissingContext": true,
                "account": "111111111111",
                "region": "us-east-2",
                "parameterName": "/app/version",
                "lookupRoleArn": lookup_role("111111111111", "us-east-2", "hnb659fds")
            }
        }),
        // No bootstrap roles, no lookup role (the CLI uses its own credentials).
        az_entry("222222222222", "eu-west-1", false),
        json!({
            "key": "vpc-provider:account=222222222222:additionalCacheKey=extra:filter.isDefault=true:region=eu-west-2:returnAsymmetricSubnets=true",
            "provider": "vpc-provider",
            "props": {
                "dummyValue": {"vpcId": "vpc-12345"},
                "additionalCacheKey": "extra",
                "account": "222222222222",
                "region": "eu-west-2",
                "filter": {"isDefault": "true"},
                "returnAsymmetricSubnets": true,
                "lookupRoleArn": lookup_role("222222222222", "eu-west-2", "abc")
            }
        }),
    ]);
    assert_eq!(missing("manifest.json"), Json::Array(root.clone()));
    assert_eq!(
        missing("assembly-Prod/manifest.json"),
        Json::Array(stage_missing())
    );
    assert_eq!(
        missing("assembly-Prod/assembly-Prod-Inner/manifest.json"),
        Json::Array(stage_missing())
    );
    // The key order of the manifest (version, artifacts, missing), exactly as JSON.
    let text = String::from_utf8(asm.file("manifest.json").unwrap().to_vec()).unwrap();
    let at = |key: &str| text.find(&format!("\n  \"{key}\": ")).unwrap();
    assert!(at("version") < at("artifacts") && at("artifacts") < at("missing"));
    // The same entries through the API.
    let listed: Vec<Json> = asm
        .missing_context()
        .iter()
        .map(|m| json!({"key": m.key, "provider": m.provider.as_str(), "props": m.props}))
        .collect();
    assert_eq!(listed, root);
    // Deterministic: a second synthesis writes the same bytes.
    assert_eq!(app.assemble().unwrap().files(), asm.files());
}

#[test]
fn values_in_the_context_are_used_and_nothing_is_missing() {
    let zones = json!(["us-east-2a", "us-east-2b", "us-east-2c"]);
    let key = "availability-zones:account=111111111111:region=us-east-2";
    let app = App::with_props(AppProps::default().context(key, zones.clone()));
    let s = stack(&app, "S", "111111111111", "us-east-2");
    let found = azs(&s);
    assert_eq!(
        found,
        ContextValue {
            value: zones,
            from_context: true
        }
    );
    assert!(s.missing_context().is_empty());
    let asm = app.assemble().unwrap();
    assert!(asm.missing_context().is_empty());
    assert_eq!(asm.json("manifest.json").unwrap().get("missing"), None);
}

#[test]
fn a_missing_value_gives_the_dummy_and_is_recorded_once_per_stack() {
    let app = app();
    let s = stack(&app, "S", "111111111111", "us-east-2");
    let c = Construct::new(&s, "Deep");
    let query = ContextQuery::new(ContextProvider::AvailabilityZones);
    assert_eq!(
        query.key(&c).as_deref(),
        Some("availability-zones:account=111111111111:region=us-east-2")
    );
    let found = query.lookup(&c, json!(AZ_DUMMY));
    assert_eq!(found.value, json!(AZ_DUMMY));
    assert!(!found.from_context);
    query.lookup(&s, json!(AZ_DUMMY));
    let recorded = s.missing_context();
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].provider, ContextProvider::AvailabilityZones);
    // The lookup role is added by synthesis, not recorded.
    assert_eq!(
        Json::Object(recorded[0].props.clone()),
        json!({"dummyValue": AZ_DUMMY, "account": "111111111111", "region": "us-east-2"})
    );
    // An incomplete assembly is still a valid one (the CLI reads it and performs the lookups).
    assert_eq!(app.assemble().unwrap().missing_context().len(), 1);
}

#[test]
fn a_lookup_the_cli_could_not_make_is_an_error_and_stays_missing() {
    // What the CDK CLI passes back when the lookup failed (it does not save it).
    let failed = json!({
        "$providerError": "Need to perform AWS calls for account 111111111111, but no credentials have been configured",
        "$dontSaveContext": true
    });
    let key = "availability-zones:account=111111111111:region=us-east-2";
    let app = App::with_props(AppProps::default().context(key, failed));
    let s = stack(&app, "S", "111111111111", "us-east-2");
    let vpc = Construct::new(&s, "Vpc");
    let found = azs(&vpc);
    assert_eq!(found.value, json!(AZ_DUMMY));
    assert!(!found.from_context);
    assert_eq!(s.missing_context().len(), 1);
    let errors = app.assemble().unwrap_err();
    assert_eq!(errors.errors().len(), 1, "{errors}");
    assert!(
        errors.contains(
            "S/Vpc",
            "the CDK CLI could not look up the context \"availability-zones:account=111111111111:region=us-east-2\": Need to perform AWS calls for account 111111111111, but no credentials have been configured"
        ),
        "{errors}"
    );
}

#[test]
fn a_lookup_needs_a_stack_with_an_account_and_a_region() {
    let app = app();
    let agnostic = Stack::new(&app, "Agnostic", StackProps::default());
    let only_region = Stack::new(
        &app,
        "OnlyRegion",
        StackProps::default().env(Environment {
            account: None,
            region: Some("us-east-2".into()),
        }),
    );
    let outside = Construct::new(&app, "Loose");
    for scope in [agnostic.node(), only_region.node(), outside.node()] {
        let found = azs(scope);
        assert_eq!(found.value, json!(AZ_DUMMY));
        assert!(!found.from_context);
    }
    assert_eq!(
        ContextQuery::new(ContextProvider::AvailabilityZones).key(&agnostic),
        None
    );
    // Without the environment in the query, the key needs no account or region.
    let zone = ContextQuery::new(ContextProvider::HostedZone)
        .include_environment(false)
        .prop("domainName", "example.com");
    assert_eq!(
        zone.key(&agnostic).as_deref(),
        Some("hosted-zone:domainName=example.com")
    );
    let errors = app.assemble().unwrap_err();
    assert_eq!(errors.errors().len(), 3, "{errors}");
    for path in ["Agnostic", "OnlyRegion"] {
        assert!(
            errors.contains(
                path,
                &format!("cannot look up availability-zones context: the account and region of stack {path} are not given")
            ),
            "{errors}"
        );
    }
    assert!(
        errors.contains(
            "Loose",
            "cannot look up availability-zones context outside a stack"
        ),
        "{errors}"
    );
}

#[test]
fn a_query_property_overrides_the_stacks_region_in_place() {
    let app = app();
    let s = stack(&app, "S", "111111111111", "us-east-2");
    let query = ContextQuery::new(ContextProvider::Ssm)
        .prop("parameterName", "p")
        .prop("region", "eu-west-1");
    assert_eq!(
        query.key(&s).as_deref(),
        Some("ssm:account=111111111111:parameterName=p:region=eu-west-1")
    );
    query.lookup(&s, "x");
    let keys: Vec<String> = s.missing_context()[0].props.keys().cloned().collect();
    assert_eq!(keys, ["dummyValue", "account", "region", "parameterName"]);
}
