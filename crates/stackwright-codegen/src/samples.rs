//! Populated sample values of every resource type of the default features, written as Rust
//! code against the generated API (`tests/generated/samples.rs` of stackwright-cfn). The test
//! `tests/lint_default_types.rs` synthesizes them and has cfn-lint judge the templates.
//!
//! Values come from the schema only: every required property, plus the optional ones of the
//! resource itself and of property types down to [`OPTIONAL_DEPTH`]. Strings take the first
//! `enum` value, a value for a known `format`, or the shortest string matching the `pattern`
//! within `minLength`/`maxLength`; numbers the `minimum` (or 1 within the bounds); lists one item
//! (or `minItems`); booleans `false` (a `true` tends to switch on dependent requirements). What
//! the schema cannot express (mutually exclusive properties, values that must be real-world
//! identifiers) goes into the small [`SKIP`] and [`OVERRIDE`] tables, each with its reason.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::Value as JsonValue;

use crate::features::OWN_FEATURE;
use crate::model::{strings, Field, Resource, Ty};
use crate::names;
use crate::schema::CFN_LINT_VERSION;

/// How deep below the resource optional properties are filled (0: the resource's own).
const OPTIONAL_DEPTH: usize = 1;

/// Optional properties left out of the samples: `(type, dotted CloudFormation path, reason)`.
/// These are constraints cfn-lint adds on top of the registry schemas (its own extension
/// schemas and rules), which the generator does not read.
const SKIP: &[(&str, &str, &str)] = &[
    (
        "AWS::DynamoDB::GlobalTable",
        "LocalSecondaryIndexes",
        "index keys must match AttributeDefinitions",
    ),
    (
        "AWS::DynamoDB::GlobalTable",
        "GlobalSecondaryIndexes",
        "index keys must match AttributeDefinitions",
    ),
    (
        "AWS::DynamoDB::Table",
        "LocalSecondaryIndexes",
        "index keys must match AttributeDefinitions",
    ),
    (
        "AWS::DynamoDB::Table",
        "GlobalSecondaryIndexes",
        "index keys must match AttributeDefinitions",
    ),
    (
        "AWS::DynamoDB::Table",
        "ProvisionedThroughput",
        "not with BillingMode PAY_PER_REQUEST",
    ),
    (
        "AWS::EC2::Instance",
        "NetworkInterfaces",
        "Primary and PrivateIpAddress exclude each other",
    ),
    (
        "AWS::Lambda::Function",
        "SnapStart",
        "SnapStart limits the runtimes",
    ),
    (
        "AWS::SQS::Queue",
        "ContentBasedDeduplication",
        "FIFO queues only",
    ),
    ("AWS::SQS::Queue", "DeduplicationScope", "FIFO queues only"),
    ("AWS::SQS::Queue", "FifoThroughputLimit", "FIFO queues only"),
];

/// Properties given a hand-written Rust expression: `(type, path, expression, reason)`.
const OVERRIDE: &[(&str, &str, &str, &str)] = &[
    (
        "AWS::CodePipeline::Pipeline",
        "Stages",
        CODEPIPELINE_STAGES,
        "two stages: a source and a build action",
    ),
    (
        "AWS::DynamoDB::Table",
        "KeySchema.KeyType",
        "\"HASH\"",
        "the key types are fixed by the list's prefixItems, which the generator does not read",
    ),
    ("AWS::EC2::EIP", "Domain", "\"vpc\"", "cfn-lint enum"),
    (
        "AWS::EC2::IPAMPool",
        "AddressFamily",
        "\"ipv4\"",
        "cfn-lint enum",
    ),
    (
        "AWS::EC2::IPAMPool",
        "AwsService",
        "\"ec2\"",
        "cfn-lint enum",
    ),
    (
        "AWS::EC2::IPAMPool",
        "PublicIpSource",
        "\"amazon\"",
        "cfn-lint enum",
    ),
    (
        "AWS::EC2::IPAMPool",
        "SourceResource.ResourceType",
        "\"vpc\"",
        "cfn-lint enum",
    ),
    (
        "AWS::EC2::NetworkAclEntry",
        "RuleAction",
        "\"allow\"",
        "cfn-lint enum",
    ),
    (
        "AWS::EC2::TrafficMirrorFilterRule",
        "RuleAction",
        "\"accept\"",
        "cfn-lint enum",
    ),
    (
        "AWS::EC2::TrafficMirrorFilterRule",
        "TrafficDirection",
        "\"ingress\"",
        "cfn-lint enum",
    ),
    ("AWS::EC2::Volume", "VolumeType", "\"gp3\"", "cfn-lint enum"),
    (
        "AWS::Glue::Session",
        "Id",
        PSEUDO,
        "cfn-lint cannot compile the schema's pattern (Python re)",
    ),
    (
        "AWS::Glue::UserDefinedFunction",
        "DatabaseName",
        PSEUDO,
        "cfn-lint cannot compile the pattern",
    ),
    (
        "AWS::Glue::UserDefinedFunction",
        "FunctionName",
        PSEUDO,
        "cfn-lint cannot compile the pattern",
    ),
    (
        "AWS::Lambda::Function",
        "PackageType",
        "\"Zip\"",
        "Image packages exclude Handler and Runtime",
    ),
    (
        "AWS::Lambda::Function",
        "Runtime",
        "\"python3.12\"",
        "a current runtime",
    ),
    (
        "AWS::Lambda::Function",
        "LoggingConfig.LogFormat",
        "\"JSON\"",
        "log levels need JSON",
    ),
    (
        "AWS::S3::Bucket",
        "IntelligentTieringConfigurations.Tierings.Days",
        "90",
        "cfn-lint minimum",
    ),
    (
        "AWS::S3::BucketPolicy",
        "PolicyDocument",
        "resource_policy(\"s3:GetObject\", \"arn:aws:s3:::example-bucket/*\")",
        "a resource policy",
    ),
    (
        "AWS::SNS::TopicPolicy",
        "PolicyDocument",
        "resource_policy(\"sns:Publish\", \"arn:aws:sns:us-east-1:123456789012:example\")",
        "a resource policy",
    ),
    (
        "AWS::SQS::QueuePolicy",
        "PolicyDocument",
        "resource_policy(\"sqs:SendMessage\", \"arn:aws:sqs:us-east-1:123456789012:example\")",
        "a resource policy",
    ),
    (
        "AWS::SSM::Document",
        "Content",
        SSM_DOCUMENT,
        "an SSM command document",
    ),
];

/// `AWS::StackName`: a string cfn-lint does not check against patterns.
const PSEUDO: &str = "stackwright_core::Aws::stack_name()";

const CODEPIPELINE_STAGES: &str = "vec![\
    cfn::codepipeline::pipeline::StageDeclaration::new(vec![cfn::codepipeline::pipeline::ActionDeclaration::new(\
        cfn::codepipeline::pipeline::ActionTypeId::new(\"Source\", \"AWS\", \"S3\", \"1\"), \"Source\")\
        .output_artifacts(vec![cfn::codepipeline::pipeline::OutputArtifact::new(\"Src\")])], \"Source\"),\
    cfn::codepipeline::pipeline::StageDeclaration::new(vec![cfn::codepipeline::pipeline::ActionDeclaration::new(\
        cfn::codepipeline::pipeline::ActionTypeId::new(\"Build\", \"AWS\", \"CodeBuild\", \"1\"), \"Build\")\
        .input_artifacts(vec![cfn::codepipeline::pipeline::InputArtifact::new(\"Src\")])], \"Build\")]";

const SSM_DOCUMENT: &str = "Value::from_json(serde_json::json!({\"schemaVersion\": \"2.2\", \"description\": \"example\", \
    \"mainSteps\": [{\"action\": \"aws:runShellScript\", \"name\": \"run\", \"inputs\": {\"runCommand\": [\"true\"]}}]}))";

/// Values by property name, for strings whose real constraint lives in cfn-lint rules rather
/// than the schema; used only when the schema has no `enum` and the value matches any `pattern`.
const BY_NAME: &[(&str, &str)] = &[
    (
        "KmsKeyId",
        "arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012",
    ),
    (
        "KmsMasterKeyId",
        "arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012",
    ),
    (
        "KmsKeyArn",
        "arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012",
    ),
    ("RoleArn", "arn:aws:iam::123456789012:role/example"),
    ("RoleARN", "arn:aws:iam::123456789012:role/example"),
    ("Role", "arn:aws:iam::123456789012:role/example"),
    ("IamFleetRole", "arn:aws:iam::123456789012:role/example"),
    ("InstanceType", "t3.micro"),
    ("ScheduleExpression", "rate(1 day)"),
    ("VirtualName", "ephemeral0"),
    ("CidrBlock", "10.0.0.0/16"),
    ("DestinationCidrBlock", "10.0.0.0/16"),
    ("CidrIp", "10.0.0.0/16"),
    ("Cidr", "10.0.0.0/16"),
    (
        "ResourceArn",
        "arn:aws:lambda:us-east-1:123456789012:function:example",
    ),
];

/// Policy documents for `Json` properties (cfn-lint validates IAM policy documents).
const HELPERS: &str = r#"
/// A small valid identity-based IAM policy document.
#[allow(dead_code)]
fn policy() -> Value {
    Value::from_json(serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*"}]}))
}

/// A small valid resource-based policy document.
#[allow(dead_code)]
fn resource_policy(action: &str, resource: &str) -> Value {
    Value::from_json(serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": action, "Resource": resource}]}))
}

/// A role trust policy.
#[allow(dead_code)]
fn trust_policy() -> Value {
    Value::from_json(serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))
}
"#;

/// The test file.
pub fn samples_file(services: &BTreeMap<String, Vec<&Resource>>) -> Result<String, String> {
    let mut out = format!(
        "// @generated by stackwright-codegen from cfn-lint {CFN_LINT_VERSION} schemas (default features). Do not edit.\n\
         //! Populated values of every resource type of the default features, built through the typed\n\
         //! API from the schemas (see crates/stackwright-codegen/src/samples.rs).\n\n\
         use stackwright_cfn as cfn;\nuse stackwright_core::{{Stack, Value}};\n\n",
    );
    let defaults: Vec<String> = OWN_FEATURE.iter().map(|s| names::service_name(s)).collect();
    let mut table = Vec::new();
    let mut bodies = String::new();
    for (service, resources) in services {
        if !defaults.contains(service) {
            continue;
        }
        for r in resources {
            let fname = format!("{}_{}", service, r.module.trim_end_matches('_'));
            let id = format!("{}{}", r.service, &r.handle[3..]);
            let mut g = Gen { r };
            let props = g.construct(
                &format!("cfn::{service}::{}", r.props_name),
                &r.props,
                &r.schema,
                "",
                0,
            );
            writeln!(bodies, "\nfn {fname}(scope: &Stack) {{").unwrap();
            writeln!(
                bodies,
                "    cfn::{service}::{}::new(scope, {id:?}, {props});\n}}",
                r.handle
            )
            .unwrap();
            table.push(format!(
                "    ({:?}, {:?}, {fname}),",
                r.type_name, r.lint_region
            ));
        }
    }
    for (t, p, _) in SKIP {
        if !services.values().flatten().any(|r| r.type_name == *t) {
            return Err(format!("samples: SKIP names unknown type {t} ({p})"));
        }
    }
    out.push_str(
        "/// Adds a populated resource of one type to a stack.\npub type Build = fn(&Stack);\n\n",
    );
    out.push_str("/// Each default-feature type, the region to lint it in, and its builder.\n");
    out.push_str("pub const SAMPLES: &[(&str, &str, Build)] = &[\n");
    out.push_str(&table.join("\n"));
    out.push_str("\n];\n");
    out.push_str(&bodies);
    out.push_str(HELPERS);
    Ok(out)
}

struct Gen<'a> {
    r: &'a Resource,
}

impl Gen<'_> {
    /// `Path::new(required..).optional(..)...`
    fn construct(
        &mut self,
        path: &str,
        fields: &[Field],
        node: &JsonValue,
        prefix: &str,
        depth: usize,
    ) -> String {
        let (fill, needed) = plan(node, fields, depth);
        let mut args = Vec::new();
        let mut setters = String::new();
        for f in fields {
            let fpath = if prefix.is_empty() {
                f.cfn.clone()
            } else {
                format!("{prefix}.{}", f.cfn)
            };
            let skipped = SKIP
                .iter()
                .any(|(t, p, _)| *t == self.r.type_name && *p == fpath);
            let value = if let Some((_, _, e, _)) = OVERRIDE
                .iter()
                .find(|(t, p, _, _)| *t == self.r.type_name && *p == fpath)
            {
                Some((*e).to_owned())
            } else if f.required || (fill.contains(&f.cfn) && !skipped) {
                self.value(&f.ty, &f.schema, &fpath, depth + 1, needed.contains(&f.cfn))
            } else {
                None
            };
            match (f.required, value) {
                (true, Some(v)) => args.push(v),
                (true, None) => args.push(self.fallback(&f.ty)),
                (false, Some(v)) => write!(setters, ".{}({v})", f.rust).unwrap(),
                (false, None) => {}
            }
        }
        format!("{path}::new({}){setters}", args.join(", "))
    }

    fn fallback(&self, ty: &Ty) -> String {
        match ty {
            Ty::String => "\"example\"".into(),
            Ty::Integer => "1".into(),
            Ty::Number => "1.0".into(),
            Ty::Boolean => "false".into(),
            Ty::List(_) => "stackwright_core::Val::unchecked(Value::List(Vec::new()))".into(),
            _ => "stackwright_core::Val::unchecked(Value::map())".into(),
        }
    }

    fn deref<'s>(&'s self, node: &'s JsonValue) -> &'s JsonValue {
        let defs = &self.r.definitions;
        let mut node = node;
        for _ in 0..8 {
            match node
                .get("$ref")
                .and_then(JsonValue::as_str)
                .and_then(|r| r.strip_prefix("#/definitions/"))
            {
                Some(name) => match defs.get(name) {
                    Some(n) => node = n,
                    None => break,
                },
                None => break,
            }
        }
        node
    }

    fn value(
        &mut self,
        ty: &Ty,
        schema: &JsonValue,
        path: &str,
        depth: usize,
        required: bool,
    ) -> Option<String> {
        let node = self.deref(schema).clone();
        match ty {
            Ty::String => {
                let name = path.rsplit('.').next().unwrap_or(path);
                let by_name = BY_NAME
                    .iter()
                    .find(|(n, _)| name == *n || (n.ends_with("Arn") && name.ends_with(n)));
                if let Some((_, v)) = by_name.filter(|_| node.get("enum").is_none()) {
                    let fits = node
                        .get("pattern")
                        .and_then(JsonValue::as_str)
                        .is_none_or(|p| {
                            regex::Regex::new(&strip_lookarounds(p))
                                .map_or(true, |re| re.is_match(v))
                        });
                    if fits {
                        return Some(format!("{v:?}"));
                    }
                }
                Some(format!("{:?}", string_value(&node)?))
            }
            Ty::Integer => Some(number_value(&node).to_string()),
            Ty::Number => Some(format!("{:.1}", number_value(&node) as f64)),
            Ty::Boolean => Some("false".into()),
            Ty::Json => {
                if !required {
                    return None;
                }
                let name = path.rsplit('.').next().unwrap_or(path);
                Some(if name == "AssumeRolePolicyDocument" {
                    "trust_policy()".into()
                } else if name.contains("Policy") {
                    "policy()".into()
                } else {
                    "Value::map()".into()
                })
            }
            Ty::List(item) => {
                let items = node.get("items").cloned().unwrap_or(JsonValue::Null);
                let v = self.value(item, &items, path, depth, required)?;
                let n = node
                    .get("minItems")
                    .and_then(JsonValue::as_u64)
                    .unwrap_or(1)
                    .clamp(1, 8);
                Some(format!("vec![{}]", vec![v; n as usize].join(", ")))
            }
            Ty::Map(item) => {
                let (key, item_schema) =
                    match node.get("patternProperties").and_then(JsonValue::as_object) {
                        Some(pp) if !pp.is_empty() => {
                            let (pattern, s) =
                                pp.iter().min_by(|a, b| a.0.cmp(b.0)).expect("not empty");
                            (
                                regex_string(pattern, 1, 64).unwrap_or_else(|| "Key".into()),
                                s.clone(),
                            )
                        }
                        _ => (
                            "Key".into(),
                            node.get("additionalProperties")
                                .cloned()
                                .unwrap_or(JsonValue::Null),
                        ),
                    };
                let v = self.value(item, &item_schema, path, depth, required)?;
                Some(format!("[({key:?}, {v})]"))
            }
            Ty::Struct(name) => {
                let s = self.r.struct_by_name(name)?.clone();
                let service = &self.r.service_mod;
                let type_path = format!("cfn::{service}::{}::{name}", self.r.module);
                if depth > 6 && !required {
                    return None;
                }
                Some(self.construct(&type_path, &s.fields, &s.schema, path, depth))
            }
        }
    }
}

/// A string satisfying the node's constraints, or None when none is known. A node whose
/// constraints sit in `anyOf`/`oneOf` branches (formats of KMS key ids) takes the first branch.
fn string_value(node: &JsonValue) -> Option<String> {
    let constrained = |n: &JsonValue| {
        ["enum", "format", "pattern"]
            .iter()
            .any(|k| n.get(*k).is_some())
    };
    if !constrained(node) {
        for key in ["anyOf", "oneOf"] {
            if let Some(branch) = node
                .get(key)
                .and_then(JsonValue::as_array)
                .and_then(|b| b.iter().find(|b| constrained(b)))
            {
                let mut merged = node.clone();
                if let (Some(m), Some(b)) = (merged.as_object_mut(), branch.as_object()) {
                    m.remove(key);
                    for (k, v) in b {
                        m.insert(k.clone(), v.clone());
                    }
                }
                return string_value(&merged);
            }
        }
    }
    if let Some(first) = node
        .get("enum")
        .and_then(JsonValue::as_array)
        .and_then(|e| e.first())
    {
        return first.as_str().map(str::to_owned);
    }
    let min = node
        .get("minLength")
        .and_then(JsonValue::as_u64)
        .unwrap_or(0) as usize;
    let max = node
        .get("maxLength")
        .and_then(JsonValue::as_u64)
        .unwrap_or(256) as usize;
    if let Some(v) = node
        .get("format")
        .and_then(JsonValue::as_str)
        .and_then(format_value)
    {
        return Some(v.to_owned());
    }
    if let Some(pattern) = node.get("pattern").and_then(JsonValue::as_str) {
        return regex_string(pattern, min, max);
    }
    let base = "example";
    let mut s: String = base.chars().take(max.max(1)).collect();
    while s.len() < min {
        s.push('x');
    }
    Some(s)
}

fn number_value(node: &JsonValue) -> i64 {
    let min = node.get("minimum").and_then(JsonValue::as_f64);
    let max = node.get("maximum").and_then(JsonValue::as_f64);
    let mut v = min.map_or(1.0, |m| m.ceil().max(1.0));
    if let Some(max) = max {
        if v > max {
            v = max.floor();
        }
    }
    v as i64
}

/// Values for the string formats of the schemas (cfn-lint checks these).
fn format_value(format: &str) -> Option<&'static str> {
    Some(match format {
        "date-time" | "timestamp" => "2024-01-01T00:00:00Z",
        "AWS::IAM::Role.Arn" => "arn:aws:iam::123456789012:role/example",
        "AWS::KMS::Key.Arn" => {
            "arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012"
        }
        "AWS::KMS::Key.Id" => "12345678-1234-1234-1234-123456789012",
        "AWS::KMS::Alias.AliasName" => "alias/example",
        "json" => "{}",
        "AWS::EC2::SecurityGroup.Id" | "AWS::EC2::SecurityGroup.Ids" => "sg-12345678",
        "AWS::S3::Bucket.Name" => "example-bucket",
        "AWS::EC2::Subnet.Id" | "AWS::EC2::Subnet.Ids" => "subnet-12345678",
        "AWS::EC2::VPC.Id" => "vpc-12345678",
        "ipv4-network" => "10.0.0.0/16",
        "ipv6-network" => "2001:db8::/56",
        "AWS::Lambda::Function.Arn" => "arn:aws:lambda:us-east-1:123456789012:function:example",
        "AWS::SNS::Topic.Arn" => "arn:aws:sns:us-east-1:123456789012:example",
        "AWS::Logs::LogGroup.Name" => "example-log-group",
        "AWS::ACM::Certificate.Arn" => {
            "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"
        }
        "AWS::EC2::SecurityGroup.Name" | "AWS::EC2::SecurityGroup.Names" => "example",
        "AWS::Route53::AliasTarget.HostedZoneId" | "AWS::Route53::HostedZone.Id" => {
            "Z2FDTNDATAQYW2"
        }
        "AWS::EC2::Image.Id" => "ami-12345678",
        "AWS::SQS::Queue.Arn" => "arn:aws:sqs:us-east-1:123456789012:example",
        "uri" => "https://example.com",
        _ => return None,
    })
}

/// The shortest readable string matching `pattern` with a length in `min..=max`, checked with
/// the regex crate; None for patterns it cannot parse (look-arounds) or satisfy.
pub fn regex_string(pattern: &str, min: usize, max: usize) -> Option<String> {
    // The regex crate has no look-arounds; the schemas use them for "must not start with aws:"
    // and the like, which the generated strings (letters and digits) do not trip.
    let pattern = strip_lookarounds(pattern);
    let pattern = pattern.as_str();
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .ok()?;
    let re = regex::Regex::new(pattern).ok()?;
    for extra in [0, 1, 2, 4, 8, 16, 32, 64] {
        let s = gen(&hir, extra);
        let len = s.chars().count();
        if len >= min && len <= max && re.is_match(&s) {
            return Some(s);
        }
        // Patterns that only forbid something (`^(?!aws:)`) generate too little: pad.
        let padded = format!("{s}{}", "a".repeat(min.saturating_sub(len)));
        if padded.chars().count() <= max && re.is_match(&padded) {
            return Some(padded);
        }
    }
    None
}

fn gen(hir: &Hir, extra: u32) -> String {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => String::new(),
        HirKind::Literal(l) => String::from_utf8_lossy(&l.0).into_owned(),
        HirKind::Class(Class::Unicode(c)) => {
            let ranges = c.ranges();
            for pref in ['a', 'A', '0', '-', '_', '.', '/'] {
                if ranges.iter().any(|r| r.start() <= pref && pref <= r.end()) {
                    return pref.to_string();
                }
            }
            ranges
                .iter()
                .map(|r| r.start())
                .find(|c| c.is_ascii_graphic())
                .map(String::from)
                .unwrap_or_default()
        }
        HirKind::Class(Class::Bytes(c)) => c
            .ranges()
            .first()
            .map(|r| char::from(r.start()).to_string())
            .unwrap_or_default(),
        HirKind::Repetition(rep) => {
            let base = rep.min;
            let n = match rep.max {
                Some(max) => (base + extra).min(max),
                None => base + extra,
            };
            let n = n.max(rep.min);
            gen(&rep.sub, extra).repeat(n as usize)
        }
        HirKind::Capture(c) => gen(&c.sub, extra),
        HirKind::Concat(parts) => parts.iter().map(|p| gen(p, extra)).collect(),
        HirKind::Alternation(alts) => alts.first().map(|a| gen(a, extra)).unwrap_or_default(),
    }
}

/// Removes `(?!..)`, `(?=..)`, `(?<!..)` and `(?<=..)` groups (balanced parentheses).
fn strip_lookarounds(pattern: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let rest: String = chars[i..chars.len().min(i + 4)].iter().collect();
        let opener = ["(?<!", "(?<=", "(?!", "(?="]
            .iter()
            .find(|o| rest.starts_with(**o));
        if opener.is_some() {
            let mut level = 0;
            let mut j = i;
            while j < chars.len() {
                match chars[j] {
                    '\\' => j += 1,
                    '(' => level += 1,
                    ')' => {
                        level -= 1;
                        if level == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            i = j + 1;
            continue;
        }
        if chars[i] == '\\' && i + 1 < chars.len() {
            out.push(chars[i]);
            out.push(chars[i + 1]);
            i += 2;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Which properties of an object node a sample fills: the required ones; the first branch of
/// `oneOf`/`anyOf` lists of `required` or of object shapes (and of cfn-lint's `requiredXor`),
/// never the properties only other branches require or declare; above [`OPTIONAL_DEPTH`] every
/// other property too; then
/// `dependentExcluded`, `maxProperties` and `minProperties` are honoured. Also returns the
/// properties the value needs (the required ones and those the chosen branch requires).
fn plan(node: &JsonValue, fields: &[Field], depth: usize) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut fill: BTreeSet<String> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.cfn.clone())
        .collect();
    let mut excluded = BTreeSet::new();
    let mut min_properties = node.get("minProperties").and_then(JsonValue::as_u64);
    for key in ["oneOf", "anyOf"] {
        let Some(branches) = node.get(key).and_then(JsonValue::as_array) else {
            continue;
        };
        // A branch's names: what it requires and what it declares (the branches of a union of
        // object shapes declare their own properties).
        let names = |b: &JsonValue| {
            let mut n = b.get("required").map(strings).unwrap_or_default();
            if let Some(props) = b.get("properties").and_then(JsonValue::as_object) {
                n.extend(props.keys().cloned());
            }
            n
        };
        let mut branches = branches
            .iter()
            .filter(|b| b.get("required").is_some() || b.get("properties").is_some());
        if let Some(first) = branches.next() {
            fill.extend(first.get("required").map(strings).unwrap_or_default());
            let own = names(first);
            excluded.extend(branches.flat_map(names).filter(|n| !own.contains(n)));
            min_properties =
                min_properties.max(first.get("minProperties").and_then(JsonValue::as_u64));
        }
    }
    if let Some(xor) = node.get("requiredXor") {
        let xor = strings(xor);
        if let Some((first, others)) = xor.split_first() {
            if !xor.iter().any(|n| fill.contains(n)) {
                fill.insert(first.clone());
            }
            let chosen: Vec<String> = xor.iter().filter(|n| fill.contains(*n)).cloned().collect();
            excluded.extend(
                others
                    .iter()
                    .chain(std::iter::once(first))
                    .filter(|n| !chosen.contains(n))
                    .cloned(),
            );
        }
    }
    let required: BTreeSet<String> = fill.clone();
    let optional: Vec<&Field> = fields
        .iter()
        .filter(|f| !required.contains(&f.cfn) && !excluded.contains(&f.cfn))
        .collect();
    if depth <= OPTIONAL_DEPTH {
        fill.extend(optional.iter().map(|f| f.cfn.clone()));
    }
    if let Some(dep) = node.get("dependentExcluded").and_then(JsonValue::as_object) {
        for (a, bs) in dep {
            if fill.contains(a) {
                for b in strings(bs) {
                    if !required.contains(&b) {
                        fill.remove(&b);
                    }
                }
            }
        }
    }
    for key in ["dependentRequired", "dependencies"] {
        let Some(dep) = node.get(key).and_then(JsonValue::as_object) else {
            continue;
        };
        loop {
            let drop: Vec<String> = dep
                .iter()
                .filter(|(a, bs)| {
                    fill.contains(*a)
                        && !required.contains(*a)
                        && strings(bs).iter().any(|b| !fill.contains(b))
                })
                .map(|(a, _)| a.clone())
                .collect();
            if drop.is_empty() {
                break;
            }
            for a in drop {
                fill.remove(&a);
            }
        }
    }
    if let Some(max) = node.get("maxProperties").and_then(JsonValue::as_u64) {
        let removable: Vec<String> = fill
            .iter()
            .filter(|n| !required.contains(*n))
            .cloned()
            .collect();
        for n in removable.iter().rev() {
            if fill.len() as u64 <= max {
                break;
            }
            fill.remove(n);
        }
    }
    if let Some(min) = min_properties {
        for f in &optional {
            if fill.len() as u64 >= min {
                break;
            }
            fill.insert(f.cfn.clone());
        }
    }
    (fill, required)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_for_patterns() {
        assert_eq!(regex_string("^[a-z]{3,8}$", 1, 64).as_deref(), Some("aaa"));
        assert_eq!(regex_string("^(?!aws:).*", 1, 10).as_deref(), Some("a"));
        assert_eq!(
            regex_string("^arn:aws[a-zA-Z-]*:iam::\\d{12}:role/.+$", 1, 200).as_deref(),
            Some("arn:aws:iam::000000000000:role/a")
        );
    }
}
