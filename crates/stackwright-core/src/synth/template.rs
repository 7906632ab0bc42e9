//! Renders each stack's template: elements in tree order, tags and removal policies applied,
//! references resolved, exports and the bootstrap-version check added.

use std::rc::Rc;

use serde_json::{json, Map as JsonMap, Value as Json};

use crate::element::{ElementKind, OutputProps, ParameterProps, ResourceData};
use crate::error::ErrorKind;
use crate::removal::RemovalPolicy;
use crate::stack::stack_data;
use crate::synthesizer::Synthesizer;
use crate::tags::{effective_tags, merge_tags};
use crate::tree::{NodeId, NodeKind};
use crate::value::Value;

use super::json::{JsonBuilder, JsonOut, JsonWriter};
use super::Synthesis;

/// CloudFormation's limits, checked at synthesis.
pub(crate) const MAX_RESOURCES: usize = 500;
pub(crate) const MAX_PARAMETERS: usize = 200;
pub(crate) const MAX_OUTPUTS: usize = 200;
pub(crate) const MAX_MAPPINGS: usize = 200;

/// The scalar sections of a template, in the order the CDK writes them (before the others).
const SCALARS: [&str; 4] = [
    "Description",
    "Transform",
    "AWSTemplateFormatVersion",
    "Metadata",
];

/// The sections holding elements by logical id, in the order the CDK writes them (after the
/// scalars).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    Parameters,
    Mappings,
    Conditions,
    Rules,
    Resources,
    Outputs,
}

impl Section {
    const ALL: [Section; 6] = [
        Section::Parameters,
        Section::Mappings,
        Section::Conditions,
        Section::Rules,
        Section::Resources,
        Section::Outputs,
    ];

    fn name(self) -> &'static str {
        match self {
            Section::Parameters => "Parameters",
            Section::Mappings => "Mappings",
            Section::Conditions => "Conditions",
            Section::Rules => "Rules",
            Section::Resources => "Resources",
            Section::Outputs => "Outputs",
        }
    }
}

/// The indentation of templates.
const TEMPLATE_INDENT: usize = 1;

/// A template being rendered: its scalar sections, and the entries of each other section
/// written as text (elements are rendered in tree order, each into its section).
pub(crate) struct TemplateParts {
    scalars: Vec<(&'static str, Json)>,
    sections: [JsonWriter; 6],
    /// The section and origin of every element, in the order rendered.
    elements: Vec<(Section, Origin)>,
}

/// Where an element of a template comes from.
enum Origin {
    /// An element of the tree (its path and logical id are looked up, not copied).
    Node(NodeId),
    /// An element synthesis adds (an export, the bootstrap-version check).
    Added { path: String, logical_id: String },
}

impl Default for TemplateParts {
    fn default() -> Self {
        TemplateParts {
            scalars: Vec::new(),
            sections: std::array::from_fn(|_| JsonWriter::entries(TEMPLATE_INDENT, 2)),
            elements: Vec::new(),
        }
    }
}

impl TemplateParts {
    /// The writer of a section's next entry (its key is written next).
    fn section(&mut self, section: Section) -> &mut JsonWriter {
        &mut self.sections[section as usize]
    }

    /// The path of the element with this logical id in this section, if there is one.
    fn find(&self, syn: &Synthesis<'_>, section: Section, logical_id: &str) -> Option<String> {
        self.elements(syn)
            .find(|(s, _, l)| *s == section && *l == logical_id)
            .map(|(_, p, _)| p.to_owned())
    }

    /// Adds an element given as JSON.
    fn add(&mut self, section: Section, logical_id: &str, path: &str, body: &Json) {
        let writer = self.section(section);
        writer.key(logical_id);
        writer.json(body);
        let (path, logical_id) = (path.to_owned(), logical_id.to_owned());
        self.elements
            .push((section, Origin::Added { path, logical_id }));
    }

    /// How many elements the section holds.
    fn count(&self, section: Section) -> usize {
        self.elements.iter().filter(|(s, _)| *s == section).count()
    }

    /// The `(section, construct path, logical id)` of every element.
    fn elements<'a>(
        &'a self,
        syn: &'a Synthesis<'_>,
    ) -> impl Iterator<Item = (Section, &'a str, &'a str)> {
        self.elements
            .iter()
            .map(move |(section, origin)| match origin {
                Origin::Node(id) => (
                    *section,
                    syn.tree.node(*id).path.as_str(),
                    syn.logical_id(*id),
                ),
                Origin::Added { path, logical_id } => {
                    (*section, path.as_str(), logical_id.as_str())
                }
            })
    }

    /// The `(construct path, logical id)` of every element, for the metadata file.
    pub(crate) fn logical_ids<'a>(
        &'a self,
        syn: &'a Synthesis<'_>,
    ) -> impl Iterator<Item = (&'a str, &'a str)> {
        self.elements(syn).map(|(_, path, id)| (path, id))
    }

    /// The template's text, sections in CDK order. Written around the text of `Resources`
    /// (most of a template), which is moved into place rather than copied to a new buffer.
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        let TemplateParts {
            scalars, sections, ..
        } = self;
        let mut out = JsonWriter::new(TEMPLATE_INDENT);
        out.begin_object();
        for name in SCALARS {
            if let Some((_, value)) = scalars.iter().find(|(n, _)| *n == name) {
                out.key(name);
                out.json(value);
            }
        }
        let mut resources = None;
        let mut head_len = 0;
        for (section, entries) in Section::ALL.into_iter().zip(sections) {
            if !entries.has_entries() {
                continue;
            }
            out.key(section.name());
            out.begin_object();
            if section == Section::Resources {
                out.open_for_entries(&entries);
                head_len = out.len();
                resources = Some(entries);
            } else {
                out.append_entries(&entries);
            }
            out.end_object();
        }
        out.end_object();
        let text = out.into_bytes();
        match resources {
            Some(entries) => entries.surround(&text[..head_len], &text[head_len..]),
            None => text,
        }
    }
}

impl Synthesis<'_> {
    /// Renders every stack, then adds the exports other stacks asked for.
    pub(crate) fn render_templates(&mut self) -> Vec<TemplateParts> {
        let mut parts: Vec<TemplateParts> = (0..self.stacks.len())
            .map(|s| {
                let mut part = self.render_stack(s);
                // Every stack's parts are kept until the exports are known: no spare room.
                for writer in &mut part.sections {
                    writer.shrink_to_fit();
                }
                part
            })
            .collect();
        for s in 0..self.stacks.len() {
            self.explicit_exports(s);
        }
        for (s, part) in parts.iter_mut().enumerate() {
            for export in std::mem::take(&mut self.exports[s]) {
                if let Some(other) = part.find(self, Section::Outputs, &export.logical_id) {
                    let kind = ErrorKind::DuplicateLogicalId {
                        logical_id: export.logical_id.clone(),
                        other: format!("the export {}", export.path),
                    };
                    self.error(&other, kind);
                    continue;
                }
                let body = json!({ "Value": export.value, "Export": { "Name": export.name } });
                part.add(Section::Outputs, &export.logical_id, &export.path, &body);
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
            parts.scalars.push(("Description", Json::String(d.clone())));
        }
        match props.transforms.as_slice() {
            [] => {}
            [one] => parts.scalars.push(("Transform", Json::String(one.clone()))),
            many => parts.scalars.push(("Transform", json!(many))),
        }
        if let Some(v) = &props.template_format_version {
            parts
                .scalars
                .push(("AWSTemplateFormatVersion", Json::String(v.clone())));
        }
        if !props.template_metadata.is_empty() {
            let metadata = self.resolve(&Value::Map(props.template_metadata.clone()), s, &path);
            parts.scalars.push(("Metadata", metadata));
        }
        for &element in &self.stacks[s].elements.clone() {
            let node = tree.node(element);
            let NodeKind::Element(data) = &node.kind else {
                continue;
            };
            let path = node.path.as_str();
            let section = match &data.kind {
                ElementKind::Resource(_) => Section::Resources,
                ElementKind::Parameter(_) => Section::Parameters,
                ElementKind::Output(_) => Section::Outputs,
                ElementKind::Condition(_) => Section::Conditions,
                ElementKind::Mapping(_) => Section::Mappings,
                ElementKind::Rule(_) => Section::Rules,
            };
            let out = parts.section(section);
            out.key(self.logical_id(element));
            match &data.kind {
                ElementKind::Resource(r) => self.render_resource(element, r, s, out),
                ElementKind::Parameter(p) => self.render_parameter(p, s, path, out),
                ElementKind::Output(o) => self.render_output(o, s, path, out),
                ElementKind::Condition(c) | ElementKind::Rule(c) => {
                    self.resolve_into(c, s, path, out);
                }
                ElementKind::Mapping(m) => {
                    out.begin_object();
                    for (key, entries) in m {
                        out.key(key);
                        out.begin_object();
                        for (name, value) in entries {
                            out.key(name);
                            self.resolve_into(value, s, path, out);
                        }
                        out.end_object();
                    }
                    out.end_object();
                }
            }
            parts.elements.push((section, Origin::Node(element)));
        }
        if let Synthesizer::Bootstrapped {
            qualifier,
            generate_bootstrap_version_rule: true,
        } = &self.stacks[s].synthesizer.clone()
        {
            self.add_bootstrap_check(&mut parts, s, qualifier);
        }
        parts
    }

    /// The `BootstrapVersion` parameter and `CheckBootstrapVersion` rule of bootstrapped stacks.
    fn add_bootstrap_check(&mut self, parts: &mut TemplateParts, s: usize, qualifier: &str) {
        let path = self.stacks[s].path.clone();
        for (section, id) in [
            (Section::Parameters, "BootstrapVersion"),
            (Section::Rules, "CheckBootstrapVersion"),
        ] {
            if let Some(user_path) = parts.find(self, section, id) {
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
            Section::Parameters,
            "BootstrapVersion",
            &format!("{path}/BootstrapVersion"),
            &parameter,
        );
        parts.add(
            Section::Rules,
            "CheckBootstrapVersion",
            &format!("{path}/CheckBootstrapVersion"),
            &rule,
        );
    }

    fn check_counts(&mut self, s: usize, parts: &TemplateParts) {
        let path = self.stacks[s].path.clone();
        let resources = parts.count(Section::Resources);
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
            (Section::Parameters, "parameters", MAX_PARAMETERS),
            (Section::Outputs, "outputs", MAX_OUTPUTS),
            (Section::Mappings, "mappings", MAX_MAPPINGS),
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

    /// Writes a resource: straight to text, or (when it has overrides, which edit the rendered
    /// JSON) through a `serde_json::Value`.
    fn render_resource(
        &mut self,
        element: NodeId,
        r: &ResourceData,
        s: usize,
        out: &mut JsonWriter,
    ) {
        if r.overrides.is_empty() {
            return self.write_resource(element, r, s, out);
        }
        let mut built = JsonBuilder::default();
        self.write_resource(element, r, s, &mut built);
        let mut resource = built.finish();
        let tree = self.tree;
        let path = tree.node(element).path.as_str();
        for (override_path, value) in &r.overrides {
            let value = value.as_ref().map(|v| self.resolve(v, s, path));
            if let Err(reason) = apply_override(&mut resource, override_path, value) {
                self.error(
                    path,
                    ErrorKind::Override {
                        path: override_path.join("."),
                        reason,
                    },
                );
            }
        }
        if resource
            .get("Properties")
            .and_then(Json::as_object)
            .is_some_and(JsonMap::is_empty)
        {
            resource.as_object_mut().map(|m| m.remove("Properties"));
        }
        out.json(&resource);
    }

    /// Writes a resource, without its overrides.
    fn write_resource(
        &mut self,
        element: NodeId,
        r: &ResourceData,
        s: usize,
        out: &mut impl JsonOut,
    ) {
        let tree = self.tree;
        let path = tree.node(element).path.as_str();
        out.begin_object();
        out.entry_str("Type", &r.type_name);
        self.write_properties(element, r, s, path, out);
        let depends_on = self.depends_on(r, s, path);
        if !depends_on.is_empty() {
            out.key("DependsOn");
            out.begin_array();
            for id in &depends_on {
                out.string(id);
            }
            out.end_array();
        }
        if let Some(p) = &r.creation_policy {
            out.key("CreationPolicy");
            self.resolve_into(p, s, path, out);
        }
        if let Some(p) = &r.update_policy {
            out.key("UpdatePolicy");
            self.resolve_into(p, s, path, out);
        }
        if let Some(policy) = r
            .removal_policy
            .or_else(|| self.inherited_removal_policy(element))
            .or(r.default_removal_policy)
        {
            out.entry_str("UpdateReplacePolicy", policy.cfn_value());
            out.entry_str("DeletionPolicy", policy.cfn_value());
        }
        // `aws:cdk:path` (when path metadata is on) replaces an entry of that name in place,
        // or comes last.
        const PATH_KEY: &str = "aws:cdk:path";
        let own_path_entry = r.metadata.contains_key(PATH_KEY);
        if !r.metadata.is_empty() || self.path_metadata {
            out.key("Metadata");
            out.begin_object();
            for (key, value) in &r.metadata {
                if self.path_metadata && key == PATH_KEY {
                    out.entry_str(key, path);
                } else {
                    out.key(key);
                    self.resolve_into(value, s, path, out);
                }
            }
            if self.path_metadata && !own_path_entry {
                out.entry_str(PATH_KEY, path);
            }
            out.end_object();
        }
        if let Some(c) = &r.condition {
            out.key("Condition");
            let condition = Value::LogicalId(c.element_ref());
            self.resolve_into(&condition, s, path, out);
        }
        out.end_object();
    }

    /// Logical ids of same-stack dependencies (sorted); other stacks become stack dependencies.
    fn depends_on(&mut self, r: &ResourceData, s: usize, path: &str) -> Vec<String> {
        let mut ids = Vec::new();
        for target in &r.depends_on {
            if !std::ptr::eq(Rc::as_ptr(&target.tree), self.tree_ptr) {
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
                .and_then(|st| self.stack_number(st))
            {
                Some(other) if other == s => ids.push(self.logical_id(target.id).to_owned()),
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
            .find_map(|a| self.tree.node(a).removal_policy())
    }

    /// Writes a resource's `Properties` (left out when there are none) straight from its props,
    /// with the tags that apply merged into its tag property: replaced where the props have
    /// it, else inserted before the first property whose name sorts after it.
    fn write_properties(
        &mut self,
        element: NodeId,
        r: &ResourceData,
        s: usize,
        path: &str,
        out: &mut impl JsonOut,
    ) {
        let mut tags = self.merged_tags(element, r);
        let mut any = tags.is_some();
        if !any {
            r.props.for_each_property(&mut |_, _| any = true);
        }
        if !any {
            return;
        }
        out.key("Properties");
        out.begin_object();
        r.props.for_each_property(&mut |key, value| {
            if let Some(t) =
                tags.take_if(|t| key == t.property || (!t.replaces && key > t.property))
            {
                out.key(t.property);
                self.resolve_into(&t.value, s, path, out);
                if key == t.property {
                    return;
                }
            }
            out.key(key);
            self.resolve_into(value, s, path, out);
        });
        if let Some(t) = tags {
            out.key(t.property);
            self.resolve_into(&t.value, s, path, out);
        }
        out.end_object();
    }

    /// The tag property of a resource with the tags that apply merged in, when that changes it.
    fn merged_tags(&mut self, element: NodeId, r: &ResourceData) -> Option<MergedTags> {
        let property = r.tag_format.property()?;
        let mut existing = None;
        r.props.for_each_property(&mut |key, value| {
            if key == property {
                existing = Some(value.clone());
            }
        });
        // The tags that apply are those of the nearest scope (the element or an ancestor)
        // where tags were added or removed.
        let tree = self.tree;
        let scope = std::iter::once(element)
            .chain(tree.ancestors(element))
            .find(|n| !tree.node(*n).tags().is_empty());
        let replaces = existing.is_some();
        let value = match (existing, scope) {
            (None, None) => return None,
            (Some(existing), scope) => {
                let applied = scope.map(|s| effective_tags(tree, s)).unwrap_or_default();
                Rc::new(merge_tags(r.tag_format, Some(&existing), applied)?)
            }
            (None, Some(scope)) => self
                .applied_tags
                .entry((scope, r.tag_format))
                .or_insert_with(|| {
                    let applied = effective_tags(tree, scope);
                    if applied.is_empty() {
                        return None;
                    }
                    merge_tags(r.tag_format, None, applied).map(Rc::new)
                })
                .clone()?,
        };
        Some(MergedTags {
            property,
            value,
            replaces,
        })
    }

    fn render_parameter(
        &mut self,
        p: &ParameterProps,
        s: usize,
        path: &str,
        out: &mut impl JsonOut,
    ) {
        out.begin_object();
        out.entry_str("Type", &p.type_);
        if let Some(d) = &p.default {
            out.key("Default");
            self.resolve_into(d, s, path, out);
        }
        if let Some(v) = &p.allowed_pattern {
            out.entry_str("AllowedPattern", v);
        }
        if let Some(v) = &p.allowed_values {
            out.key("AllowedValues");
            out.begin_array();
            for value in v {
                self.resolve_into(value, s, path, out);
            }
            out.end_array();
        }
        if let Some(v) = &p.constraint_description {
            out.entry_str("ConstraintDescription", v);
        }
        if let Some(v) = &p.description {
            out.entry_str("Description", v);
        }
        if let Some(v) = p.max_length {
            out.key("MaxLength");
            out.number(&v.into());
        }
        if let Some(v) = p.max_value {
            out.key("MaxValue");
            self.resolve_into(&v.into(), s, path, out);
        }
        if let Some(v) = p.min_length {
            out.key("MinLength");
            out.number(&v.into());
        }
        if let Some(v) = p.min_value {
            out.key("MinValue");
            self.resolve_into(&v.into(), s, path, out);
        }
        if let Some(v) = p.no_echo {
            out.key("NoEcho");
            out.bool(v);
        }
        out.end_object();
    }

    fn render_output(&mut self, o: &OutputProps, s: usize, path: &str, out: &mut impl JsonOut) {
        out.begin_object();
        if let Some(d) = &o.description {
            out.entry_str("Description", d);
        }
        out.key("Value");
        self.resolve_into(&o.value, s, path, out);
        if let Some(name) = &o.export_name {
            out.key("Export");
            out.begin_object();
            out.key("Name");
            self.resolve_into(name, s, path, out);
            out.end_object();
        }
        if let Some(c) = &o.condition {
            out.key("Condition");
            let condition = Value::LogicalId(crate::Scope::node(c).element_ref());
            self.resolve_into(&condition, s, path, out);
        }
        out.end_object();
    }
}

/// A resource's tag property with the applied tags merged in (see `write_properties`).
struct MergedTags {
    property: &'static str,
    value: Rc<Value>,
    /// Whether the props set the property (the merged value then takes its place).
    replaces: bool,
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
