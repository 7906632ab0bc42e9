//! Renders each stack's template: elements in tree order, tags and removal policies applied,
//! references resolved, exports and the bootstrap-version check added.

use std::collections::BTreeMap;

use serde_json::{json, Map as JsonMap, Value as Json};

use crate::element::{ElementKind, OutputProps, ParameterProps, ResourceData, TagFormat};
use crate::error::ErrorKind;
use crate::removal::RemovalPolicy;
use crate::stack::stack_data;
use crate::synthesizer::Synthesizer;
use crate::tags::merge_tags;
use crate::tree::{NodeId, NodeKind};
use crate::value::{Properties, Value};

use super::Synthesis;

/// CloudFormation's limits, checked at synthesis.
pub(crate) const MAX_RESOURCES: usize = 500;
pub(crate) const MAX_PARAMETERS: usize = 200;
pub(crate) const MAX_OUTPUTS: usize = 200;
pub(crate) const MAX_MAPPINGS: usize = 200;

/// The template sections, in the order the CDK writes them.
const SECTIONS: [&str; 10] = [
    "Description",
    "Transform",
    "AWSTemplateFormatVersion",
    "Metadata",
    "Parameters",
    "Mappings",
    "Conditions",
    "Rules",
    "Resources",
    "Outputs",
];

/// A template being built: one ordered map per section.
#[derive(Default)]
pub(crate) struct TemplateParts {
    sections: BTreeMap<&'static str, JsonMap<String, Json>>,
    scalars: BTreeMap<&'static str, Json>,
    /// `(construct path, logical id)` of every element, for the metadata file.
    pub(crate) logical_ids: Vec<(String, String)>,
}

impl TemplateParts {
    fn add(&mut self, section: &'static str, logical_id: &str, path: &str, body: Json) {
        self.sections
            .entry(section)
            .or_default()
            .insert(logical_id.to_owned(), body);
        self.logical_ids
            .push((path.to_owned(), logical_id.to_owned()));
    }

    fn count(&self, section: &str) -> usize {
        self.sections.get(section).map_or(0, JsonMap::len)
    }

    /// The template as JSON, sections in CDK order.
    pub(crate) fn into_json(mut self) -> Json {
        let mut out = JsonMap::new();
        for name in SECTIONS {
            if let Some(v) = self.scalars.remove(name) {
                out.insert(name.to_owned(), v);
            } else if let Some(section) = self.sections.remove(name) {
                out.insert(name.to_owned(), Json::Object(section));
            }
        }
        Json::Object(out)
    }
}

impl Synthesis<'_> {
    /// Renders every stack, then adds the exports other stacks asked for.
    pub(crate) fn render_templates(&mut self) -> Vec<TemplateParts> {
        let mut parts: Vec<TemplateParts> = (0..self.stacks.len())
            .map(|s| self.render_stack(s))
            .collect();
        for s in 0..self.stacks.len() {
            self.explicit_exports(s);
        }
        for (s, part) in parts.iter_mut().enumerate() {
            for export in std::mem::take(&mut self.exports[s]) {
                let body = json!({ "Value": export.value, "Export": { "Name": export.name } });
                part.add("Outputs", &export.logical_id, &export.path, body);
            }
            self.check_counts(s, part);
        }
        parts
    }

    /// Exports the values given to `Stack::export_value`, named as automatic exports are.
    fn explicit_exports(&mut self, s: usize) {
        let path = self.stacks[s].path.clone();
        for value in &stack_data(self.tree, self.stacks[s].node).explicit_exports {
            let resolved = self.resolve(value, s, &path);
            let is_reference = resolved.as_object().is_some_and(|m| {
                m.len() == 1 && (m.contains_key("Ref") || m.contains_key("Fn::GetAtt"))
            });
            if is_reference {
                self.export(s, resolved);
            } else {
                let message =
                    format!("export_value takes a Ref or Fn::GetAtt of this stack, not {resolved}");
                self.error(&path, ErrorKind::Annotation(message));
            }
        }
    }

    fn render_stack(&mut self, s: usize) -> TemplateParts {
        let tree = self.tree;
        let mut parts = TemplateParts::default();
        let props = &stack_data(tree, self.stacks[s].node).props;
        let path = self.stacks[s].path.clone();
        if let Some(d) = &props.description {
            parts.scalars.insert("Description", Json::String(d.clone()));
        }
        match props.transforms.as_slice() {
            [] => {}
            [one] => {
                parts.scalars.insert("Transform", Json::String(one.clone()));
            }
            many => {
                parts.scalars.insert("Transform", json!(many));
            }
        }
        if let Some(v) = &props.template_format_version {
            parts
                .scalars
                .insert("AWSTemplateFormatVersion", Json::String(v.clone()));
        }
        if !props.template_metadata.is_empty() {
            let metadata = self.resolve(&Value::Map(props.template_metadata.clone()), s, &path);
            parts.scalars.insert("Metadata", metadata);
        }
        for element in self.stacks[s].elements.clone() {
            let node = tree.node(element);
            let NodeKind::Element(data) = &node.kind else {
                continue;
            };
            let logical_id = self.logical_ids[&element].clone();
            let path = node.path.as_str();
            let (section, body) = match &data.kind {
                ElementKind::Resource(r) => ("Resources", self.render_resource(element, r, s)),
                ElementKind::Parameter(p) => ("Parameters", self.render_parameter(p, s, path)),
                ElementKind::Output(o) => ("Outputs", self.render_output(o, s, path)),
                ElementKind::Condition(c) => ("Conditions", self.resolve(c, s, path)),
                ElementKind::Mapping(m) => {
                    let value = Value::Map(
                        m.iter()
                            .map(|(k, v)| (k.clone(), Value::Map(v.clone())))
                            .collect(),
                    );
                    ("Mappings", self.resolve(&value, s, path))
                }
                ElementKind::Rule(r) => ("Rules", self.resolve(r, s, path)),
            };
            parts.add(section, &logical_id, path, body);
        }
        if let Synthesizer::Bootstrapped {
            qualifier,
            generate_bootstrap_version_rule: true,
        } = self.stacks[s].synthesizer.clone()
        {
            self.add_bootstrap_check(&mut parts, s, &qualifier);
        }
        parts
    }

    /// The `BootstrapVersion` parameter and `CheckBootstrapVersion` rule of bootstrapped stacks.
    fn add_bootstrap_check(&mut self, parts: &mut TemplateParts, s: usize, qualifier: &str) {
        let path = self.stacks[s].path.clone();
        for (section, id) in [
            ("Parameters", "BootstrapVersion"),
            ("Rules", "CheckBootstrapVersion"),
        ] {
            if parts
                .sections
                .get(section)
                .is_some_and(|m| m.contains_key(id))
            {
                let user = parts.logical_ids.iter().find(|(_, l)| l == id);
                let user_path = user.map_or_else(|| path.clone(), |(p, _)| p.clone());
                let other = format!("the bootstrap-version check of the synthesizer ({path}/{id})");
                let kind = ErrorKind::DuplicateLogicalId {
                    logical_id: id.to_owned(),
                    other,
                };
                self.error(&user_path, kind);
                return;
            }
        }
        let parameter = json!({
            "Type": "AWS::SSM::Parameter::Value<String>",
            "Default": format!("/cdk-bootstrap/{qualifier}/version"),
            "Description": "Version of the CDK Bootstrap resources in this environment, automatically retrieved from SSM Parameter Store. [cdk:skip]"
        });
        let required = Synthesizer::REQUIRED_BOOTSTRAP_VERSION;
        let older: Vec<String> = (1..required).map(|v| v.to_string()).collect();
        let rule = json!({
            "Assertions": [{
                "Assert": { "Fn::Not": [{ "Fn::Contains": [older, { "Ref": "BootstrapVersion" }] }] },
                "AssertDescription": format!("CDK bootstrap stack version {required} required. Please run 'cdk bootstrap' with a recent version of the CDK CLI.")
            }]
        });
        parts.add(
            "Parameters",
            "BootstrapVersion",
            &format!("{path}/BootstrapVersion"),
            parameter,
        );
        parts.add(
            "Rules",
            "CheckBootstrapVersion",
            &format!("{path}/CheckBootstrapVersion"),
            rule,
        );
    }

    fn check_counts(&mut self, s: usize, parts: &TemplateParts) {
        let path = self.stacks[s].path.clone();
        let resources = parts.count("Resources");
        if resources > MAX_RESOURCES {
            self.error(
                &path,
                ErrorKind::TooManyResources {
                    count: resources,
                    limit: MAX_RESOURCES,
                },
            );
        }
        for (section, name, limit) in [
            ("Parameters", "parameters", MAX_PARAMETERS),
            ("Outputs", "outputs", MAX_OUTPUTS),
            ("Mappings", "mappings", MAX_MAPPINGS),
        ] {
            let count = parts.count(section);
            if count > limit {
                self.error(
                    &path,
                    ErrorKind::TooManyElements {
                        section: name,
                        count,
                        limit,
                    },
                );
            }
        }
    }

    fn render_resource(&mut self, element: NodeId, r: &ResourceData, s: usize) -> Json {
        let path = self.tree.node(element).path.clone();
        let mut properties = r.props.render();
        self.apply_tags(element, r.tag_format, &mut properties);
        let mut out = JsonMap::new();
        out.insert("Type".into(), Json::String(r.type_name.clone()));
        let rendered = self.resolve(&Value::Map(properties), s, &path);
        if rendered.as_object().is_some_and(|m| !m.is_empty()) {
            out.insert("Properties".into(), rendered);
        }
        let depends_on = self.depends_on(r, s, &path);
        if !depends_on.is_empty() {
            out.insert("DependsOn".into(), json!(depends_on));
        }
        if let Some(p) = &r.creation_policy {
            out.insert("CreationPolicy".into(), self.resolve(p, s, &path));
        }
        if let Some(p) = &r.update_policy {
            out.insert("UpdatePolicy".into(), self.resolve(p, s, &path));
        }
        if let Some(policy) = r
            .removal_policy
            .or_else(|| self.inherited_removal_policy(element))
            .or(r.default_removal_policy)
        {
            out.insert("UpdateReplacePolicy".into(), json!(policy.cfn_value()));
            out.insert("DeletionPolicy".into(), json!(policy.cfn_value()));
        }
        let mut metadata = r.metadata.clone();
        if self.path_metadata {
            metadata.insert("aws:cdk:path".into(), Value::String(path.clone()));
        }
        if !metadata.is_empty() {
            out.insert(
                "Metadata".into(),
                self.resolve(&Value::Map(metadata), s, &path),
            );
        }
        if let Some(c) = &r.condition {
            let condition = Value::LogicalId(c.element_ref());
            out.insert("Condition".into(), self.resolve(&condition, s, &path));
        }
        let mut out = Json::Object(out);
        for (override_path, value) in &r.overrides {
            let value = value.as_ref().map(|v| self.resolve(v, s, &path));
            if let Err(reason) = apply_override(&mut out, override_path, value) {
                self.error(
                    &path,
                    ErrorKind::Override {
                        path: override_path.join("."),
                        reason,
                    },
                );
            }
        }
        if out
            .get("Properties")
            .and_then(Json::as_object)
            .is_some_and(JsonMap::is_empty)
        {
            out.as_object_mut().map(|m| m.remove("Properties"));
        }
        out
    }

    /// Logical ids of same-stack dependencies (sorted); other stacks become stack dependencies.
    fn depends_on(&mut self, r: &ResourceData, s: usize, path: &str) -> Vec<String> {
        let mut ids = Vec::new();
        for target in &r.depends_on {
            if target.tree.tree_id != self.tree_id {
                self.error(
                    path,
                    ErrorKind::ForeignReference {
                        target: target.path(),
                    },
                );
                continue;
            }
            match self
                .tree
                .stack_of(target.id)
                .and_then(|st| self.stack_index.get(&st).copied())
            {
                Some(other) if other == s => ids.push(self.logical_ids[&target.id].clone()),
                Some(other) => self.add_dependency(s, other, path),
                None => {}
            }
        }
        ids.sort();
        ids.dedup();
        ids
    }

    fn inherited_removal_policy(&self, element: NodeId) -> Option<RemovalPolicy> {
        self.tree
            .ancestors(element)
            .find_map(|a| self.tree.node(a).removal_policy)
    }

    /// Tags set with `Tags::of` on the element and its ancestors, nearest last (so it wins).
    pub(crate) fn effective_tags(&self, element: NodeId) -> BTreeMap<String, String> {
        crate::tags::effective_tags(self.tree, element)
    }

    /// Merges the tags set with `Tags::of` into the resource's own, sorted by key.
    fn apply_tags(&self, element: NodeId, format: TagFormat, properties: &mut Properties) {
        let Some(property) = format.property() else {
            return;
        };
        let applied = self.effective_tags(element);
        if applied.is_empty() && !properties.contains_key(property) {
            return;
        }
        if let Some(merged) = merge_tags(format, properties.get(property), applied) {
            insert_sorted(properties, property, merged);
        }
    }

    fn render_parameter(&mut self, p: &ParameterProps, s: usize, path: &str) -> Json {
        let mut out = JsonMap::new();
        out.insert("Type".into(), Json::String(p.type_.clone()));
        if let Some(d) = &p.default {
            out.insert("Default".into(), self.resolve(d, s, path));
        }
        if let Some(v) = &p.allowed_pattern {
            out.insert("AllowedPattern".into(), json!(v));
        }
        if let Some(v) = &p.allowed_values {
            let values = Value::List(v.clone());
            out.insert("AllowedValues".into(), self.resolve(&values, s, path));
        }
        let optional = [
            (
                "ConstraintDescription",
                p.constraint_description.as_ref().map(|v| json!(v)),
            ),
            ("Description", p.description.as_ref().map(|v| json!(v))),
            ("MaxLength", p.max_length.map(|v| json!(v))),
            (
                "MaxValue",
                p.max_value.map(|v| self.resolve(&v.into(), s, path)),
            ),
            ("MinLength", p.min_length.map(|v| json!(v))),
            (
                "MinValue",
                p.min_value.map(|v| self.resolve(&v.into(), s, path)),
            ),
            ("NoEcho", p.no_echo.map(|v| json!(v))),
        ];
        for (key, value) in optional {
            if let Some(v) = value {
                out.insert(key.into(), v);
            }
        }
        Json::Object(out)
    }

    fn render_output(&mut self, o: &OutputProps, s: usize, path: &str) -> Json {
        let mut out = JsonMap::new();
        if let Some(d) = &o.description {
            out.insert("Description".into(), json!(d));
        }
        out.insert("Value".into(), self.resolve(&o.value, s, path));
        if let Some(name) = &o.export_name {
            out.insert(
                "Export".into(),
                json!({ "Name": self.resolve(name, s, path) }),
            );
        }
        if let Some(c) = &o.condition {
            let condition = Value::LogicalId(crate::Scope::node(c).element_ref());
            out.insert("Condition".into(), self.resolve(&condition, s, path));
        }
        Json::Object(out)
    }
}

/// Inserts `key` before the first key that sorts after it (keeps alphabetical maps sorted).
fn insert_sorted(properties: &mut Properties, key: &str, value: Value) {
    if let Some(slot) = properties.get_mut(key) {
        *slot = value;
        return;
    }
    let index = properties
        .keys()
        .position(|k| k.as_str() > key)
        .unwrap_or(properties.len());
    properties.shift_insert(index, key.to_owned(), value);
}

/// Sets (or, with `None`, deletes) the part of `target` at `path`, creating maps on the way.
fn apply_override(target: &mut Json, path: &[String], value: Option<Json>) -> Result<(), String> {
    let (last, parents) = path.split_last().ok_or("the path is empty")?;
    let mut current = target;
    for key in parents {
        let map = current
            .as_object_mut()
            .ok_or_else(|| format!("{key:?} is not inside an object"))?;
        if value.is_none() && !map.contains_key(key) {
            return Ok(());
        }
        current = map
            .entry(key.clone())
            .or_insert_with(|| Json::Object(JsonMap::new()));
    }
    let map = current
        .as_object_mut()
        .ok_or_else(|| format!("{last:?} is not inside an object"))?;
    match value {
        Some(v) => {
            map.insert(last.clone(), v);
        }
        None => {
            map.remove(last);
        }
    }
    Ok(())
}
