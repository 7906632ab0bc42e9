//! The comparison: deep equality of two assemblies' stacks, reporting every difference with its
//! JSON path, minus the differences a case accepts.
//!
//! Paths start at a stack's document (see [`crate::assembly`]): `manifest.stackName`,
//! `template.Resources.Data.Properties.Tags[0].Value`. A key that is not made of ASCII letters,
//! digits and `_` is written quoted in brackets: `template.Outputs.X.Value["Fn::GetAtt"][0]`.
//! Objects are compared as maps (key order is irrelevant to CloudFormation), arrays element by
//! element.

use std::fmt;

use serde_json::Value as Json;

use crate::assembly::Stacks;

/// A difference a case accepts on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ignore {
    /// The stack's display name (`Prod/Storage`).
    pub stack: &'static str,
    /// The path of the difference, or of an object or array containing it (then every
    /// difference below it is accepted): `template.Resources.Data.Properties.BucketName`.
    pub path: &'static str,
    /// Why we differ from aws-cdk-lib here. Required.
    pub reason: &'static str,
}

impl Ignore {
    /// True when this entry accepts a difference at `path` of `stack`.
    fn covers(&self, stack: &str, path: &str) -> bool {
        self.stack == stack
            && path
                .strip_prefix(self.path)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
    }
}

/// One difference: the value at `path` of `stack` in ours and in aws-cdk-lib's assembly
/// (`None` where that side has nothing there).
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// The stack's display name.
    pub stack: String,
    /// The JSON path in the stack's document; empty for the whole stack.
    pub path: String,
    /// Our value.
    pub ours: Option<Json>,
    /// aws-cdk-lib's value.
    pub cdk: Option<Json>,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "(the whole stack)"
        } else {
            &self.path
        };
        write!(
            f,
            "{} {path}: ours {}, CDK's {}",
            self.stack,
            render(self.ours.as_ref()),
            render(self.cdk.as_ref())
        )
    }
}

/// A value on one line, cut after 300 characters; `<absent>` for none.
fn render(value: Option<&Json>) -> String {
    const LIMIT: usize = 300;
    let Some(value) = value else {
        return "<absent>".to_owned();
    };
    let text = value.to_string();
    match text.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}… ({} chars)", &text[..cut], text.chars().count()),
        None => text,
    }
}

/// The result of comparing one case.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The case's name.
    pub case: String,
    /// The display names of the stacks both sides have.
    pub stacks: Vec<String>,
    /// How many resources aws-cdk-lib's templates of those stacks hold.
    pub resources: usize,
    /// The differences no ignore entry accepts.
    pub differences: Vec<Difference>,
    /// The accepted differences, each with the entry that accepts it.
    pub ignored: Vec<(Difference, Ignore)>,
    /// Ignore entries that accept nothing (stale) or have no reason or path (invalid).
    pub bad_ignores: Vec<(Ignore, &'static str)>,
}

impl Report {
    /// True when nothing differs but what the case accepts, every ignore entry is used and
    /// valid, and something was compared.
    pub fn passed(&self) -> bool {
        self.differences.is_empty()
            && self.bad_ignores.is_empty()
            && !self.stacks.is_empty()
            && self.resources > 0
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "case {}: {} stacks and {} resources compared; {} differences, {} accepted",
            self.case,
            self.stacks.len(),
            self.resources,
            self.differences.len(),
            self.ignored.len()
        )?;
        if self.stacks.is_empty() || self.resources == 0 {
            writeln!(f, "  nothing was compared: a case must compare resources")?;
        }
        for d in &self.differences {
            writeln!(f, "  DIFFERS {d}")?;
        }
        for (ignore, problem) in &self.bad_ignores {
            writeln!(
                f,
                "  BAD IGNORE {} {}: {problem} (reason: {:?})",
                ignore.stack, ignore.path, ignore.reason
            )?;
        }
        for (d, ignore) in &self.ignored {
            writeln!(f, "  accepted {d} (because {})", ignore.reason)?;
        }
        Ok(())
    }
}

/// Compares our stacks with aws-cdk-lib's, accepting the differences `ignored` covers.
pub fn compare(case: &str, ours: &Stacks, cdk: &Stacks, ignored: &[Ignore]) -> Report {
    let mut all = Vec::new();
    let mut stacks = Vec::new();
    let mut resources = 0;
    for (name, theirs) in cdk {
        match ours.get(name) {
            Some(mine) => {
                stacks.push(name.clone());
                resources += theirs["template"]["Resources"]
                    .as_object()
                    .map_or(0, serde_json::Map::len);
                let mut found = Vec::new();
                let (mine, theirs) = (normalized(mine), normalized(theirs));
                diff_json(String::new(), Some(&mine), Some(&theirs), &mut found);
                all.extend(found.into_iter().map(|(path, ours, cdk)| Difference {
                    stack: name.clone(),
                    path,
                    ours,
                    cdk,
                }));
            }
            None => all.push(Difference {
                stack: name.clone(),
                path: String::new(),
                ours: None,
                cdk: Some(stack_summary(theirs)),
            }),
        }
    }
    for (name, mine) in ours {
        if !cdk.contains_key(name) {
            all.push(Difference {
                stack: name.clone(),
                path: String::new(),
                ours: Some(stack_summary(mine)),
                cdk: None,
            });
        }
    }

    let mut bad_ignores = Vec::new();
    let mut valid = Vec::new();
    for ignore in ignored {
        if ignore.reason.trim().is_empty() {
            bad_ignores.push((*ignore, "an ignore entry needs a reason"));
        } else if ignore.path.is_empty() {
            bad_ignores.push((*ignore, "an ignore entry needs a path inside the stack"));
        } else if protected(ignore.path) {
            bad_ignores.push((
                *ignore,
                "logical ids, resource types, export names and stack names may not be ignored",
            ));
        } else {
            valid.push(*ignore);
        }
    }
    let mut differences = Vec::new();
    let mut accepted = Vec::new();
    for d in all {
        match valid.iter().find(|i| i.covers(&d.stack, &d.path)) {
            Some(ignore) => accepted.push((d, *ignore)),
            None => differences.push(d),
        }
    }
    for ignore in valid {
        if !accepted.iter().any(|(_, i)| *i == ignore) {
            bad_ignores.push((ignore, "matches no difference: remove it"));
        }
    }
    Report {
        case: case.to_owned(),
        stacks,
        resources,
        differences,
        ignored: accepted,
        bad_ignores,
    }
}

/// The stack document with each resource's `DependsOn` reduced to what it adds: sorted (the
/// order means nothing to CloudFormation; aws-cdk-lib keeps the order dependencies were added,
/// stackwright sorts), and without the resources the resource already references with `Ref` or
/// `Fn::GetAtt` (CloudFormation orders those anyway; aws-cdk-lib lists a function's role
/// there too, which cfn-lint flags as W3005, and stackwright does not).
fn normalized(document: &Json) -> Json {
    let mut document = document.clone();
    if let Some(resources) = document["template"]["Resources"].as_object_mut() {
        for resource in resources.values_mut() {
            let mut referenced = Vec::new();
            collect_references(
                resource.get("Properties").unwrap_or(&Json::Null),
                &mut referenced,
            );
            let Some(list) = resource.get_mut("DependsOn").and_then(Json::as_array_mut) else {
                continue;
            };
            list.retain(|d| {
                !d.as_str()
                    .is_some_and(|id| referenced.contains(&id.to_owned()))
            });
            list.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
            if list.is_empty() {
                resource.as_object_mut().map(|r| r.remove("DependsOn"));
            }
        }
    }
    document
}

/// The logical ids a value references with `Ref` or `Fn::GetAtt`.
fn collect_references(value: &Json, out: &mut Vec<String>) {
    match value {
        Json::Object(map) => {
            if let Some(Json::String(id)) = map.get("Ref") {
                out.push(id.clone());
            }
            if let Some(Json::String(id)) = map.get("Fn::GetAtt").and_then(|a| a.get(0)) {
                out.push(id.clone());
            }
            map.values().for_each(|v| collect_references(v, out));
        }
        Json::Array(items) => items.iter().for_each(|v| collect_references(v, out)),
        _ => {}
    }
}

/// True for a path whose difference would make CloudFormation replace a resource or break an
/// import: a whole section or element of a template (its logical id), a resource's type, an
/// output's export, the stack's name or artifact id.
fn protected(path: &str) -> bool {
    const SECTIONS: [&str; 6] = [
        "Resources",
        "Outputs",
        "Parameters",
        "Conditions",
        "Mappings",
        "Rules",
    ];
    let parts: Vec<&str> = path.split(['.', '[']).collect();
    match parts.as_slice() {
        ["template" | "manifest"] | ["manifest", "artifactId" | "stackName"] => true,
        ["template", section] | ["template", section, _] => SECTIONS.contains(section),
        ["template", "Resources", _, "Type", ..] => true,
        ["template", "Outputs", _, "Export", ..] => true,
        _ => false,
    }
}

/// What a stack present on one side only is shown as: its logical ids by section.
fn stack_summary(document: &Json) -> Json {
    let mut summary = serde_json::Map::new();
    if let Some(template) = document["template"].as_object() {
        for (section, content) in template {
            if let Some(ids) = content.as_object() {
                let ids: Vec<Json> = ids.keys().map(|k| Json::from(k.as_str())).collect();
                summary.insert(section.clone(), Json::Array(ids));
            }
        }
    }
    Json::Object(summary)
}

/// Appends to `out` every `(path, ours, cdk)` where the two values differ, as deep as possible.
pub fn diff_json(
    path: String,
    ours: Option<&Json>,
    cdk: Option<&Json>,
    out: &mut Vec<(String, Option<Json>, Option<Json>)>,
) {
    match (ours, cdk) {
        (Some(Json::Object(a)), Some(Json::Object(b))) => {
            for (key, theirs) in b {
                diff_json(key_path(&path, key), a.get(key), Some(theirs), out);
            }
            for (key, mine) in a {
                if !b.contains_key(key) {
                    out.push((key_path(&path, key), Some(mine.clone()), None));
                }
            }
        }
        (Some(Json::Array(a)), Some(Json::Array(b))) => {
            for i in 0..a.len().max(b.len()) {
                diff_json(format!("{path}[{i}]"), a.get(i), b.get(i), out);
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push((path, a.cloned(), b.cloned())),
    }
}

/// `path.key`, or `path["key"]` when the key is not a plain word.
fn key_path(path: &str, key: &str) -> String {
    let plain = !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    match (plain, path.is_empty()) {
        (true, true) => key.to_owned(),
        (true, false) => format!("{path}.{key}"),
        (false, _) => format!("{path}[{}]", Json::from(key)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn stacks(template: Json) -> Stacks {
        Stacks::from([(
            "Prod/Storage".to_owned(),
            json!({"manifest": {"stackName": "Prod-Storage"}, "template": template}),
        )])
    }

    fn storage(encryption: &str, extra_output: bool) -> Json {
        let mut template = json!({
            "Resources": {
                "Data": {
                    "Type": "AWS::S3::Bucket",
                    "Properties": {
                        "BucketEncryption": {"ServerSideEncryptionConfiguration": [
                            {"ServerSideEncryptionByDefault": {"SSEAlgorithm": encryption}}
                        ]},
                        "VersioningConfiguration": {"Status": "Enabled"}
                    },
                    "DeletionPolicy": "Retain"
                }
            },
            "Outputs": {
                "ExportsOutputRefData": {"Value": {"Ref": "Data"}, "Export": {"Name": "Prod-Storage:X"}}
            }
        });
        if extra_output {
            template["Outputs"]["Arn"] = json!({"Value": {"Fn::GetAtt": ["Data", "Arn"]}});
        }
        template
    }

    #[test]
    fn equal_templates_pass_whatever_their_key_order() {
        let cdk = storage("AES256", false);
        // The same template with every object's keys reversed.
        fn reversed(v: &Json) -> Json {
            match v {
                Json::Object(m) => Json::Object(
                    m.iter()
                        .rev()
                        .map(|(k, v)| (k.clone(), reversed(v)))
                        .collect(),
                ),
                Json::Array(a) => Json::Array(a.iter().map(reversed).collect()),
                other => other.clone(),
            }
        }
        let ours = reversed(&cdk);
        assert_ne!(ours.to_string(), cdk.to_string());
        let report = compare("t", &stacks(ours), &stacks(cdk), &[]);
        assert!(report.passed(), "{report}");
        assert_eq!(report.resources, 1);
        assert_eq!(report.stacks, ["Prod/Storage"]);
    }

    #[test]
    fn a_changed_property_and_an_extra_output_are_reported_with_their_paths() {
        let report = compare(
            "t",
            &stacks(storage("aws:kms", true)),
            &stacks(storage("AES256", false)),
            &[],
        );
        assert!(!report.passed());
        let found: Vec<String> = report.differences.iter().map(ToString::to_string).collect();
        assert_eq!(
            found,
            [
                "Prod/Storage template.Resources.Data.Properties.BucketEncryption\
                 .ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault\
                 .SSEAlgorithm: ours \"aws:kms\", CDK's \"AES256\"",
                "Prod/Storage template.Outputs.Arn: ours {\"Value\":{\"Fn::GetAtt\":[\"Data\",\"Arn\"]}}, CDK's <absent>",
            ]
        );
        let text = report.to_string();
        assert!(text.contains("2 differences"), "{text}");
    }

    #[test]
    fn intrinsic_keys_are_quoted_and_array_lengths_compared() {
        let mut out = Vec::new();
        diff_json(
            String::new(),
            Some(&json!({"V": {"Fn::Join": ["", ["a", "b"]]}})),
            Some(&json!({"V": {"Fn::Join": ["", ["a"]]}})),
            &mut out,
        );
        assert_eq!(
            out,
            [("V[\"Fn::Join\"][1][1]".to_owned(), Some(json!("b")), None)]
        );
    }

    #[test]
    fn a_missing_stack_is_a_difference() {
        let mut ours = stacks(storage("AES256", false));
        let cdk = stacks(storage("AES256", false));
        ours.insert("Prod/Extra".into(), cdk["Prod/Storage"].clone());
        let report = compare("t", &ours, &cdk, &[]);
        assert!(!report.passed());
        assert_eq!(report.differences.len(), 1);
        assert_eq!(
            report.differences[0].to_string(),
            "Prod/Extra (the whole stack): ours {\"Resources\":[\"Data\"],\"Outputs\":[\"ExportsOutputRefData\"]}, CDK's <absent>"
        );
    }

    #[test]
    fn ignore_entries_accept_what_they_cover_and_fail_when_stale_or_unreasoned() {
        let ours = stacks(storage("aws:kms", false));
        let cdk = stacks(storage("AES256", false));
        let covering = Ignore {
            stack: "Prod/Storage",
            path: "template.Resources.Data.Properties.BucketEncryption",
            reason: "we encrypt with KMS on purpose",
        };
        let report = compare("t", &ours, &cdk, &[covering]);
        assert!(report.passed(), "{report}");
        assert_eq!(report.ignored.len(), 1);
        assert!(report.to_string().contains("because we encrypt with KMS"));

        // A path that only shares a prefix of a key does not cover it.
        let sibling = Ignore {
            path: "template.Resources.Data.Properties.Bucket",
            ..covering
        };
        let report = compare("t", &ours, &cdk, &[sibling]);
        assert!(!report.passed());
        assert_eq!(report.differences.len(), 1);
        assert_eq!(
            report.bad_ignores,
            [(sibling, "matches no difference: remove it")]
        );

        let other_stack = Ignore {
            stack: "Prod/Compute",
            ..covering
        };
        assert!(!compare("t", &ours, &cdk, &[other_stack]).passed());

        let unreasoned = Ignore {
            reason: " ",
            ..covering
        };
        let report = compare("t", &ours, &cdk, &[unreasoned]);
        assert!(!report.passed());
        assert_eq!(report.differences.len(), 1);
        assert_eq!(report.bad_ignores[0].1, "an ignore entry needs a reason");
    }

    #[test]
    fn identity_cannot_be_ignored() {
        let ours = stacks(storage("aws:kms", true));
        let cdk = stacks(storage("AES256", false));
        for path in [
            "template.Resources",
            "template.Outputs.Arn",
            "template.Resources.Data.Type",
            "template.Outputs.ExportsOutputRefData.Export.Name",
            "manifest.stackName",
        ] {
            let ignore = Ignore {
                stack: "Prod/Storage",
                path,
                reason: "we want to",
            };
            let report = compare("t", &ours, &cdk, &[ignore]);
            assert!(!report.passed(), "{path} must not be ignorable");
            assert!(
                report.bad_ignores[0].1.contains("may not be ignored"),
                "{path}"
            );
        }
        assert!(!protected("template.Resources.Data.Properties"));
        assert!(!protected("template.Description"));
    }

    #[test]
    fn comparing_nothing_does_not_pass() {
        let empty = Stacks::new();
        let report = compare("t", &empty, &empty, &[]);
        assert!(!report.passed());
        assert!(report.to_string().contains("nothing was compared"));
    }
}
