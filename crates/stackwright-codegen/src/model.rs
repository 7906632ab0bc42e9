//! The intermediate model: what one resource type becomes in Rust, computed from its schema.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde_json::{Map as JsonMap, Value as JsonValue};

use crate::names;
use crate::schema::Schema;

/// The Rust type of a property value (the `T` of `Val<T>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ty {
    String,
    Integer,
    Number,
    Boolean,
    /// Free-form JSON: no usable type, an object without properties, or a union.
    Json,
    List(Box<Ty>),
    Map(Box<Ty>),
    /// A generated property type of the same resource module.
    Struct(String),
}

impl Ty {
    /// The Rust spelling.
    pub fn rust(&self) -> String {
        match self {
            Ty::String => "String".into(),
            Ty::Integer => "i64".into(),
            Ty::Number => "f64".into(),
            Ty::Boolean => "bool".into(),
            Ty::Json => "Json".into(),
            Ty::List(t) => format!("Vec<{}>", t.rust()),
            Ty::Map(t) => format!("Map<{}>", t.rust()),
            Ty::Struct(n) => n.clone(),
        }
    }

    /// A short description for doc comments.
    pub fn describe(&self) -> String {
        match self {
            Ty::String => "string".into(),
            Ty::Integer => "integer".into(),
            Ty::Number => "number".into(),
            Ty::Boolean => "boolean".into(),
            Ty::Json => "free-form JSON".into(),
            Ty::List(t) => format!("list of {}", t.describe()),
            Ty::Map(t) => format!("map of {}", t.describe()),
            Ty::Struct(n) => format!("[`{n}`]"),
        }
    }

    fn uses(&self, json: &mut bool, map: &mut bool) {
        match self {
            Ty::Json => *json = true,
            Ty::List(t) => t.uses(json, map),
            Ty::Map(t) => {
                *map = true;
                t.uses(json, map);
            }
            _ => {}
        }
    }
}

/// A property of a resource or of a property type.
#[derive(Debug, Clone)]
pub struct Field {
    pub cfn: String,
    pub rust: String,
    pub ty: Ty,
    pub required: bool,
    /// Changing it replaces the resource (top-level create-only properties).
    pub create_only: bool,
    /// The schema node (for sample values).
    pub schema: JsonValue,
}

/// A generated property type.
#[derive(Debug, Clone)]
pub struct StructDef {
    pub rust: String,
    /// The definition or property name it comes from.
    pub label: String,
    pub fields: Vec<Field>,
    /// The object schema node (for sample values).
    pub schema: JsonValue,
}

/// A `Fn::GetAtt` attribute.
#[derive(Debug, Clone)]
pub struct Attr {
    pub name: String,
    pub method: String,
    pub ty: Ty,
}

/// How the type takes tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagFormat {
    NotTaggable,
    KeyValueList(String),
    Map(String),
    AutoScalingGroupList(String),
}

impl TagFormat {
    pub fn rust(&self) -> String {
        match self {
            TagFormat::NotTaggable => "TagFormat::NotTaggable".into(),
            TagFormat::KeyValueList(p) => format!("TagFormat::KeyValueList({p:?})"),
            TagFormat::Map(p) => format!("TagFormat::Map({p:?})"),
            TagFormat::AutoScalingGroupList(p) => format!("TagFormat::AutoScalingGroupList({p:?})"),
        }
    }
}

/// One resource type.
#[derive(Debug, Clone)]
pub struct Resource {
    pub type_name: String,
    /// `S3` of `AWS::S3::Bucket`.
    pub service: String,
    /// `s3`: module and feature name.
    pub service_mod: String,
    /// `bucket`: module name of the resource.
    pub module: String,
    /// `CfnBucket`.
    pub handle: String,
    /// `CfnBucketProps`.
    pub props_name: String,
    pub props: Vec<Field>,
    /// Property types, sorted by Rust name.
    pub structs: Vec<StructDef>,
    pub attrs: Vec<Attr>,
    pub tag_format: TagFormat,
    /// Why a type whose schema says it is taggable is `NotTaggable` (see [`UNTAGGABLE`]).
    pub untaggable: Option<String>,
    pub create_only: Vec<String>,
    pub primary_identifier: Vec<String>,
    pub doc_url: String,
    /// The schema's definitions (for sample values).
    pub definitions: JsonValue,
    /// The schema's top level without definitions (for sample values).
    pub schema: JsonValue,
    /// The region whose cfn-lint check covers the type (us-east-1 when it has the type).
    pub lint_region: String,
    /// Uses `Json` / `Map` somewhere (for imports).
    pub uses_json: bool,
    pub uses_map: bool,
}

impl Resource {
    /// All structs by name, for sample generation.
    pub fn struct_by_name(&self, name: &str) -> Option<&StructDef> {
        self.structs.iter().find(|s| s.rust == name)
    }
}

/// Builds the model of one schema.
pub fn build(schema: &Schema) -> Result<Resource, String> {
    let json = &schema.json;
    let type_name = schema.type_name.clone();
    let parts: Vec<&str> = type_name.split("::").collect();
    let [namespace, service, short] = parts[..] else {
        return Err(format!("{type_name}: not of the form A::B::C"));
    };
    let empty = JsonMap::new();
    let properties = json
        .get("properties")
        .and_then(JsonValue::as_object)
        .unwrap_or(&empty);
    let definitions = json
        .get("definitions")
        .and_then(JsonValue::as_object)
        .unwrap_or(&empty);
    let handle = format!("Cfn{}", names::type_name(short));
    let props_name = format!("{handle}Props");

    let mut b = Builder {
        properties,
        definitions,
        used_types: BTreeSet::from([handle.clone(), props_name.clone()]),
        def_names: BTreeMap::new(),
        shapes: BTreeMap::new(),
        queued: BTreeSet::new(),
        queue: VecDeque::new(),
        structs: Vec::new(),
    };
    // Definitions that become structs get their names first, so an inline type never takes a
    // definition's name.
    for (name, def) in sorted(definitions) {
        if let Some(node) = b.object_node(def) {
            let base = names::type_name(name);
            let rust = names::unique(&mut b.used_types, base.clone(), "");
            b.shapes.entry(base).or_default().push(Shape {
                node,
                rust: rust.clone(),
                label: name.clone(),
            });
            b.def_names.insert(name.clone(), rust);
        }
    }

    let read_only = string_list(json, "readOnlyProperties");
    let create_only: BTreeSet<String> = string_list(json, "createOnlyProperties")
        .into_iter()
        .collect();
    let required: BTreeSet<String> = string_list(json, "required").into_iter().collect();

    // Top-level properties: leave out the read-only ones (outputs), including objects all of
    // whose properties are read-only (`Endpoint` with read-only `Endpoint/Address`, `/Port`).
    let mut top = JsonMap::new();
    for (name, node) in sorted(properties) {
        let path = format!("/properties/{name}");
        if !required.contains(name) {
            if read_only.contains(&path) {
                continue;
            }
            if let Some(target) = b.deref(node) {
                if let Some(sub) = target.get("properties").and_then(JsonValue::as_object) {
                    if !sub.is_empty()
                        && sub
                            .keys()
                            .all(|k| read_only.contains(&format!("{path}/{k}")))
                    {
                        continue;
                    }
                }
            }
        }
        top.insert(name.clone(), node.clone());
    }
    let mut props = b.fields(&top, &required);
    for field in &mut props {
        field.create_only = create_only.contains(&format!("/properties/{}", field.cfn));
    }
    while let Some((rust, label, node)) = b.queue.pop_front() {
        let empty = JsonMap::new();
        let node_props = node
            .get("properties")
            .and_then(JsonValue::as_object)
            .unwrap_or(&empty);
        let node_required: BTreeSet<String> = string_list(&node, "required").into_iter().collect();
        let fields = b.fields(node_props, &node_required);
        b.structs.push(StructDef {
            rust,
            label,
            fields,
            schema: node,
        });
    }
    b.structs.sort_by(|x, y| x.rust.cmp(&y.rust));

    // Attributes: read-only properties, nested ones joined with dots; paths into lists are
    // not attributes.
    let mut attr_methods = BTreeSet::new();
    let mut attrs = Vec::new();
    for path in &read_only {
        let Some(rest) = path.strip_prefix("/properties/") else {
            continue;
        };
        if rest.contains('*') {
            continue;
        }
        let segments: Vec<&str> = rest.split('/').collect();
        let ty = b.attr_type(&segments);
        let name = segments.join(".");
        let method = segments
            .iter()
            .map(|s| names::value_name(s).trim_end_matches('_').to_owned())
            .collect::<Vec<_>>();
        let method = names::unique(&mut attr_methods, format!("attr_{}", method.join("_")), "_");
        attrs.push(Attr { name, method, ty });
    }

    let (tag_format, untaggable) = tag_format(json, &props, &b.structs);
    let strip = |p: &String| {
        p.strip_prefix("/properties/")
            .unwrap_or(p)
            .replace('/', ".")
    };
    let doc_resource = format!(
        "{}-{}-{}",
        if namespace == "AWS" {
            "aws-resource"
        } else {
            namespace
        },
        service,
        short
    )
    .to_ascii_lowercase();
    let (mut uses_json, mut uses_map) = (false, false);
    for f in props
        .iter()
        .chain(b.structs.iter().flat_map(|s| s.fields.iter()))
    {
        f.ty.uses(&mut uses_json, &mut uses_map);
    }
    for a in &attrs {
        a.ty.uses(&mut uses_json, &mut uses_map);
    }
    Ok(Resource {
        service: service.to_owned(),
        service_mod: names::service_name(service),
        module: names::module_name(short),
        handle,
        props_name,
        props,
        structs: b.structs,
        attrs,
        tag_format,
        untaggable,
        create_only: string_list(json, "createOnlyProperties")
            .iter()
            .map(strip)
            .collect(),
        primary_identifier: string_list(json, "primaryIdentifier")
            .iter()
            .map(strip)
            .collect(),
        doc_url: format!(
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/{doc_resource}.html"
        ),
        type_name,
        definitions: JsonValue::Object(definitions.clone()),
        schema: {
            let mut top = json.clone();
            if let Some(o) = top.as_object_mut() {
                o.remove("definitions");
            }
            top
        },
        lint_region: schema.lint_region.clone(),
        uses_json,
        uses_map,
    })
}

/// A property type: the object node it is generated from, its Rust name, and the definition or
/// property name it comes from.
struct Shape {
    node: JsonValue,
    rust: String,
    label: String,
}

struct Builder<'a> {
    properties: &'a JsonMap<String, JsonValue>,
    definitions: &'a JsonMap<String, JsonValue>,
    used_types: BTreeSet<String>,
    /// Rust names of the definitions that become property types.
    def_names: BTreeMap<String, String>,
    /// Property types by the name their label gives before numbering: an identical schema node
    /// under the same label (a definition referenced twice, an inline copy of it) is one type.
    shapes: BTreeMap<String, Vec<Shape>>,
    /// Property types already queued for generation.
    queued: BTreeSet<String>,
    queue: VecDeque<(String, String, JsonValue)>,
    structs: Vec<StructDef>,
}

impl<'a> Builder<'a> {
    /// Follows `$ref`s to the node they name.
    fn deref<'n>(&'n self, mut node: &'n JsonValue) -> Option<&'n JsonValue> {
        for _ in 0..16 {
            let Some(r) = node.get("$ref").and_then(JsonValue::as_str) else {
                return Some(node);
            };
            node = if let Some(name) = r.strip_prefix("#/definitions/") {
                self.definitions.get(name)?
            } else if let Some(name) = r.strip_prefix("#/properties/") {
                self.properties.get(name)?
            } else {
                return None;
            };
        }
        None
    }

    fn fields(
        &mut self,
        props: &JsonMap<String, JsonValue>,
        required: &BTreeSet<String>,
    ) -> Vec<Field> {
        let mut used = BTreeSet::new();
        let mut fields = Vec::new();
        for (cfn, node) in sorted(props) {
            let ty = self.resolve(node, cfn, 0);
            let rust = names::unique(&mut used, names::value_name(cfn), "_");
            fields.push(Field {
                cfn: cfn.clone(),
                rust,
                ty,
                required: required.contains(cfn),
                create_only: false,
                schema: node.clone(),
            });
        }
        fields
    }

    fn resolve(&mut self, node: &JsonValue, hint: &str, depth: usize) -> Ty {
        if depth > 16 {
            return Ty::Json;
        }
        if let Some(r) = node.get("$ref").and_then(JsonValue::as_str) {
            if let Some(name) = r.strip_prefix("#/definitions/") {
                let Some(def) = self.definitions.get(name) else {
                    return Ty::Json;
                };
                if let Some(rust) = self.def_names.get(name).cloned() {
                    return self.queue_struct(&names::type_name(name), &rust);
                }
                return self.resolve(def, name, depth + 1);
            }
            if let Some(name) = r.strip_prefix("#/properties/") {
                let Some(prop) = self.properties.get(name) else {
                    return Ty::Json;
                };
                return self.resolve(prop, name, depth + 1);
            }
            return Ty::Json;
        }
        if let Some(object) = self.object_node(node) {
            return self.inline_struct(hint, object);
        }
        let kind = node_type(node);
        if let Some(t) = kind.as_deref().and_then(primitive) {
            return t;
        }
        if is_union(node) {
            if let Some(t) = self.union_type(node, hint, depth) {
                return t;
            }
        }
        match kind.as_deref() {
            Some("array") => match node.get("items") {
                Some(items) if items.is_object() => {
                    Ty::List(Box::new(self.resolve(items, hint, depth + 1)))
                }
                _ => Ty::List(Box::new(Ty::Json)),
            },
            Some("object") => {
                if let Some(pp) = node.get("patternProperties").and_then(JsonValue::as_object) {
                    let mut first: Option<Ty> = None;
                    let mut same = true;
                    for (_, v) in sorted(pp) {
                        let t = self.resolve(v, hint, depth + 1);
                        match &first {
                            None => first = Some(t),
                            Some(f) if *f == t => {}
                            Some(_) => same = false,
                        }
                    }
                    return match first {
                        Some(t) if same => Ty::Map(Box::new(t)),
                        _ => Ty::Map(Box::new(Ty::Json)),
                    };
                }
                if let Some(ap) = node.get("additionalProperties").filter(|a| a.is_object()) {
                    return Ty::Map(Box::new(self.resolve(ap, hint, depth + 1)));
                }
                Ty::Json
            }
            _ => Ty::Json,
        }
    }

    /// The property type made from `node` under `label`: an existing one when an identical node
    /// already has it, else a new one with the next free name.
    fn inline_struct(&mut self, label: &str, node: JsonValue) -> Ty {
        let base = names::type_name(label);
        let existing = self
            .shapes
            .get(&base)
            .and_then(|list| list.iter().find(|s| s.node == node))
            .map(|s| s.rust.clone());
        if let Some(rust) = existing {
            return self.queue_struct(&base, &rust);
        }
        let rust = names::unique(&mut self.used_types, base.clone(), "");
        self.shapes.entry(base.clone()).or_default().push(Shape {
            node,
            rust: rust.clone(),
            label: label.to_owned(),
        });
        self.queue_struct(&base, &rust)
    }

    /// Queues the property type `rust` (recorded under `base` in `shapes`) for generation once.
    fn queue_struct(&mut self, base: &str, rust: &str) -> Ty {
        if self.queued.insert(rust.to_owned()) {
            if let Some(shape) = self
                .shapes
                .get(base)
                .and_then(|list| list.iter().find(|s| s.rust == rust))
            {
                self.queue
                    .push_back((rust.to_owned(), shape.label.clone(), shape.node.clone()));
            }
        }
        Ty::Struct(rust.to_owned())
    }

    /// The object node a property type is generated from: the node itself when it is an object
    /// with properties, or the merge of a union of such objects (see [`Builder::merge_objects`]).
    fn object_node(&self, node: &JsonValue) -> Option<JsonValue> {
        if is_struct(node) {
            return Some(node.clone());
        }
        if node.get("$ref").is_some() || !is_union(node) {
            return None;
        }
        // A single branch is typed as itself (a definition keeps its name): see `union_type`.
        let branches = self.union_branches(node).filter(|b| b.len() > 1)?;
        self.merge_objects(node, &branches)
    }

    /// The branches of a `oneOf`/`anyOf` union, without those that only allow the whole value
    /// as a JSON document (`format: json`), which `Val::unchecked` still covers. None when the
    /// node has both keywords, a `$ref` that leads nowhere, or nothing but such branches.
    fn union_branches<'n>(&'n self, node: &'n JsonValue) -> Option<Vec<&'n JsonValue>> {
        let mut keys = ["oneOf", "anyOf"]
            .iter()
            .filter_map(|k| node.get(*k).and_then(JsonValue::as_array));
        let (Some(branches), None) = (keys.next(), keys.next()) else {
            return None;
        };
        let mut typed = Vec::new();
        for branch in branches {
            if self
                .deref(branch)?
                .get("format")
                .and_then(JsonValue::as_str)
                != Some("json")
            {
                typed.push(branch);
            }
        }
        (!typed.is_empty()).then_some(typed)
    }

    /// A union whose branches are all objects with properties becomes one property type with
    /// every branch's properties (as the AWS CDK's L1 types do): required are the properties
    /// the node or every branch requires, the rest optional. A property two branches declare
    /// differently must have the same scalar type in both, else there is no merge. The merged
    /// node keeps the branches as `oneOf`, so sample values fill one branch only.
    fn merge_objects(&self, node: &JsonValue, branches: &[&JsonValue]) -> Option<JsonValue> {
        let mut props = JsonMap::new();
        let mut every: Option<BTreeSet<String>> = None;
        let branches: Vec<&JsonValue> = branches
            .iter()
            .map(|b| self.deref(b))
            .collect::<Option<_>>()?;
        for branch in &branches {
            if !is_struct(branch) {
                return None;
            }
            let own = branch.get("properties").and_then(JsonValue::as_object)?;
            for (name, schema) in sorted(own) {
                match props.get(name) {
                    None => {
                        props.insert(name.clone(), schema.clone());
                    }
                    Some(seen) if self.same_type(seen, schema) => {}
                    Some(_) => return None,
                }
            }
            let required: BTreeSet<String> = string_list(branch, "required").into_iter().collect();
            every = Some(match every {
                None => required,
                Some(e) => e.intersection(&required).cloned().collect(),
            });
        }
        let mut required = every.unwrap_or_default();
        required.extend(string_list(node, "required"));
        required.retain(|r| props.contains_key(r));
        let mut merged = JsonMap::new();
        merged.insert("type".into(), "object".into());
        merged.insert("properties".into(), JsonValue::Object(props));
        merged.insert(
            "required".into(),
            required.into_iter().map(JsonValue::from).collect(),
        );
        merged.insert(
            "oneOf".into(),
            branches.iter().map(|b| (*b).clone()).collect(),
        );
        Some(JsonValue::Object(merged))
    }

    /// Two property schemas give the same Rust type: equal apart from documentation, or the
    /// same scalar (or list of scalars) type.
    fn same_type(&self, a: &JsonValue, b: &JsonValue) -> bool {
        if without_docs(a) == without_docs(b) {
            return true;
        }
        let ta = self.scalar_type(a, 0);
        ta != Ty::Json && ta == self.scalar_type(b, 0)
    }

    /// The type of a union that is not a union of objects: its one branch besides JSON
    /// documents (DynamoDB's `KeySchema`: a list of key elements, or a JSON document), or the
    /// scalar type all its branches share. None when the branches differ (a string or a number).
    fn union_type(&mut self, node: &JsonValue, hint: &str, depth: usize) -> Option<Ty> {
        let branches: Vec<JsonValue> = self.union_branches(node)?.into_iter().cloned().collect();
        if let [only] = &branches[..] {
            return Some(self.resolve(only, hint, depth + 1));
        }
        let first = self.scalar_type(&branches[0], 0);
        (first != Ty::Json && branches.iter().all(|b| self.scalar_type(b, 0) == first))
            .then_some(first)
    }

    /// The type of a read-only property path, without creating property types: scalars and
    /// lists of scalars are typed, anything else is JSON.
    fn attr_type(&self, segments: &[&str]) -> Ty {
        let mut map = self.properties;
        let mut node = None;
        for seg in segments {
            let Some(n) = map.get(*seg).and_then(|n| self.deref(n)) else {
                return Ty::Json;
            };
            node = Some(n);
            map = match n.get("properties").and_then(JsonValue::as_object) {
                Some(m) => m,
                None => self.properties_none(),
            };
        }
        node.map_or(Ty::Json, |n| self.scalar_type(n, 0))
    }

    fn properties_none(&self) -> &'a JsonMap<String, JsonValue> {
        static EMPTY: std::sync::OnceLock<JsonMap<String, JsonValue>> = std::sync::OnceLock::new();
        EMPTY.get_or_init(JsonMap::new)
    }

    fn scalar_type(&self, node: &JsonValue, depth: usize) -> Ty {
        let Some(node) = self.deref(node) else {
            return Ty::Json;
        };
        let kind = node_type(node);
        if let Some(t) = kind.as_deref().and_then(primitive) {
            return t;
        }
        match kind.as_deref() {
            Some("array") if depth == 0 => match node.get("items") {
                Some(items) => match self.scalar_type(items, depth + 1) {
                    Ty::Json => Ty::Json,
                    t => Ty::List(Box::new(t)),
                },
                None => Ty::Json,
            },
            _ => Ty::Json,
        }
    }
}

/// The Rust type of a primitive JSON type name.
fn primitive(json_type: &str) -> Option<Ty> {
    match json_type {
        "string" => Some(Ty::String),
        "integer" => Some(Ty::Integer),
        "number" => Some(Ty::Number),
        "boolean" => Some(Ty::Boolean),
        _ => None,
    }
}

/// The single JSON type of a node: `type` when it names one type (ignoring `null`), implied
/// `object`/`array`/`string` from `properties`/`items`/a string `enum`; None for unions and
/// untyped nodes.
fn node_type(node: &JsonValue) -> Option<String> {
    match node.get("type") {
        Some(JsonValue::String(t)) => Some(t.clone()),
        Some(JsonValue::Array(ts)) => {
            let ts: Vec<&str> = ts
                .iter()
                .filter_map(JsonValue::as_str)
                .filter(|t| *t != "null")
                .collect();
            (ts.len() == 1).then(|| ts[0].to_owned())
        }
        Some(_) => None,
        None => {
            if node
                .get("properties")
                .and_then(JsonValue::as_object)
                .is_some_and(|p| !p.is_empty())
                || node
                    .get("patternProperties")
                    .is_some_and(JsonValue::is_object)
                || node
                    .get("additionalProperties")
                    .is_some_and(JsonValue::is_object)
            {
                Some("object".into())
            } else if node.get("items").is_some() {
                Some("array".into())
            } else if node
                .get("enum")
                .and_then(JsonValue::as_array)
                .is_some_and(|e| e.iter().all(JsonValue::is_string))
            {
                Some("string".into())
            } else {
                None
            }
        }
    }
}

/// A node whose type is a `oneOf`/`anyOf` of branches: no single JSON type, or `object` with
/// nothing that says what is in it.
fn is_union(node: &JsonValue) -> bool {
    if node.get("oneOf").is_none() && node.get("anyOf").is_none() {
        return false;
    }
    match node_type(node).as_deref() {
        None => true,
        Some("object") => {
            !is_struct(node)
                && ["patternProperties", "additionalProperties"]
                    .iter()
                    .all(|k| !node.get(*k).is_some_and(JsonValue::is_object))
        }
        Some(_) => false,
    }
}

/// A schema node without its documentation keywords.
fn without_docs(node: &JsonValue) -> JsonValue {
    match node {
        JsonValue::Object(map) => JsonValue::Object(
            map.iter()
                .filter(|(k, _)| {
                    !matches!(k.as_str(), "description" | "markdownDescription" | "title")
                })
                .map(|(k, v)| (k.clone(), without_docs(v)))
                .collect(),
        ),
        JsonValue::Array(items) => items.iter().map(without_docs).collect(),
        other => other.clone(),
    }
}

/// An object node with properties, which becomes a property type.
fn is_struct(node: &JsonValue) -> bool {
    node.get("$ref").is_none()
        && node_type(node).as_deref() == Some("object")
        && node
            .get("properties")
            .and_then(JsonValue::as_object)
            .is_some_and(|p| !p.is_empty())
}

fn sorted(map: &JsonMap<String, JsonValue>) -> Vec<(&String, &JsonValue)> {
    let mut v: Vec<_> = map.iter().collect();
    v.sort_by(|a, b| a.0.cmp(b.0));
    v
}

fn string_list(json: &JsonValue, key: &str) -> Vec<String> {
    json.get(key).map(strings).unwrap_or_default()
}

/// The strings of a JSON array (other items and non-arrays give nothing).
pub(crate) fn strings(array: &JsonValue) -> Vec<String> {
    array
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(JsonValue::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

/// The tag format from the schema's `tagging` section (or the legacy top-level `taggable`) and
/// the tag property's shape, following the registry schema language: `taggable` defaults to
/// true and `tagProperty` to `/properties/Tags`, also when a `tagging` section leaves them out.
///
/// A type the schema calls taggable is only marked taggable when its tag property is a
/// top-level property of a known shape (a list of `{Key, Value}`, a map); otherwise it is
/// `NotTaggable` and the second value says why, which [`check_untaggable`] holds against the
/// reviewed [`UNTAGGABLE`] table.
fn tag_format(
    json: &JsonValue,
    props: &[Field],
    structs: &[StructDef],
) -> (TagFormat, Option<String>) {
    let tagging = json.get("tagging");
    let taggable = tagging
        .and_then(|t| t.get("taggable"))
        .or_else(|| json.get("taggable"))
        .and_then(JsonValue::as_bool)
        .unwrap_or(true);
    if !taggable {
        return (TagFormat::NotTaggable, None);
    }
    let pointer = tagging
        .and_then(|t| t.get("tagProperty"))
        .and_then(JsonValue::as_str)
        .unwrap_or("/properties/Tags");
    let unsupported = |why: &str| (TagFormat::NotTaggable, Some(format!("{pointer}: {why}")));
    let Some(tag_property) = pointer.strip_prefix("/properties/") else {
        return unsupported("not a property path");
    };
    if tag_property.contains('/') {
        return unsupported("a nested tag property");
    }
    let Some(field) = props.iter().find(|f| f.cfn == tag_property) else {
        // A schema that says nothing about tags and has no `Tags` claims nothing.
        if tagging.is_none() && json.get("taggable").is_none() {
            return (TagFormat::NotTaggable, None);
        }
        return unsupported("no such property");
    };
    let tag_property = tag_property.to_owned();
    match &field.ty {
        Ty::List(item) => {
            let Some(s) = (match &**item {
                Ty::Struct(name) => structs.iter().find(|s| &s.rust == name),
                _ => None,
            }) else {
                return unsupported("a list of something other than tag objects");
            };
            let has = |n: &str| s.fields.iter().any(|f| f.cfn == n);
            if has("Key") && has("Value") && has("PropagateAtLaunch") {
                (TagFormat::AutoScalingGroupList(tag_property), None)
            } else if has("Key") && has("Value") {
                (TagFormat::KeyValueList(tag_property), None)
            } else {
                unsupported("tag objects without Key and Value")
            }
        }
        Ty::Map(_) | Ty::Json => (TagFormat::Map(tag_property), None),
        _ => unsupported("neither a list of tags nor a map"),
    }
}

/// Types whose schema says they are taggable but whose tags `Tags::of` cannot reach, each with
/// the reason; reviewed by hand (the AWS CDK's L1 classes leave them untaggable too). The
/// generation fails when another type lands here or one of these is no longer the case.
const UNTAGGABLE: &[(&str, &str)] = &[
    (
        "AWS::CloudFront::AnycastIpList",
        "Tags is an object {Items: [{Key, Value}]}, a shape Tags::of does not write",
    ),
    (
        "AWS::EC2::CapacityReservation",
        "tags sit in TagSpecifications/*/Tags, per resource type",
    ),
    (
        "AWS::EC2::CapacityReservationFleet",
        "tags sit in TagSpecifications/*/Tags, per resource type",
    ),
    (
        "AWS::Lightsail::Alarm",
        "legacy taggable: true, but no Tags property",
    ),
    (
        "AWS::Lightsail::LoadBalancerTlsCertificate",
        "legacy taggable: true, but no Tags property",
    ),
    (
        "AWS::Lightsail::StaticIp",
        "legacy taggable: true, but no Tags property",
    ),
];

/// Fails unless the types that claim to be taggable but are not are exactly [`UNTAGGABLE`].
pub fn check_untaggable(resources: &[Resource]) -> Result<(), String> {
    let mut problems = Vec::new();
    for r in resources {
        let listed = UNTAGGABLE.iter().any(|(t, _)| *t == r.type_name);
        match (&r.untaggable, listed) {
            (Some(why), false) => problems.push(format!(
                "{} claims to be taggable, but its tag property is unusable ({why}): fix the \
                 generator, or add it to UNTAGGABLE in model.rs with the reason",
                r.type_name
            )),
            (None, true) => problems.push(format!(
                "{} is listed in UNTAGGABLE but is no longer an untaggable type that claims \
                 tags: delete the entry",
                r.type_name
            )),
            _ => {}
        }
    }
    for (t, _) in UNTAGGABLE {
        if !resources.iter().any(|r| r.type_name == *t) {
            problems.push(format!(
                "UNTAGGABLE names unknown type {t}: delete the entry"
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema(json: JsonValue) -> Resource {
        let type_name = json["typeName"].as_str().unwrap().to_owned();
        build(&Schema {
            type_name,
            json,
            lint_region: "us-east-1".into(),
        })
        .unwrap()
    }

    #[test]
    fn fields_keep_their_cloudformation_names_and_collisions_are_numbered() {
        let r = schema(json!({
            "typeName": "AWS::X::Thing",
            "properties": {
                "SSESpecification": {"$ref": "#/definitions/SSESpecification"},
                "Type": {"type": "string"},
                "Id": {"type": "string"},
                "ID": {"type": "integer"},
                "Policy": {"type": ["object", "string"]},
                "Labels": {"type": "object", "patternProperties": {"^.+$": {"type": "string"}}},
                "Arn": {"type": "string"}
            },
            "definitions": {"SSESpecification": {"type": "object", "properties": {"SSEEnabled": {"type": "boolean"}}, "required": ["SSEEnabled"]}},
            "required": ["Type"],
            "readOnlyProperties": ["/properties/Arn"]
        }));
        let names: Vec<(&str, &str)> = r
            .props
            .iter()
            .map(|f| (f.cfn.as_str(), f.rust.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("ID", "id"),
                ("Id", "id_2"),
                ("Labels", "labels"),
                ("Policy", "policy"),
                ("SSESpecification", "sse_specification"),
                ("Type", "type_")
            ]
        );
        assert_eq!(r.props[2].ty, Ty::Map(Box::new(Ty::String)));
        assert_eq!(r.props[3].ty, Ty::Json);
        assert_eq!(r.props[4].ty, Ty::Struct("SseSpecification".into()));
        assert!(r.props[5].required);
        assert_eq!(r.structs[0].fields[0].cfn, "SSEEnabled");
        assert_eq!(r.attrs[0].name, "Arn");
        assert_eq!(r.attrs[0].method, "attr_arn");
        assert_eq!(r.handle, "CfnThing");
        assert_eq!(r.doc_url, "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-x-thing.html");
    }

    #[test]
    fn tag_formats_follow_the_tag_property_shape() {
        let list = schema(json!({
            "typeName": "AWS::X::A",
            "properties": {"Tags": {"type": "array", "items": {"$ref": "#/definitions/Tag"}}},
            "definitions": {"Tag": {"type": "object", "properties": {"Key": {"type": "string"}, "Value": {"type": "string"}}}},
            "tagging": {"taggable": true, "tagProperty": "/properties/Tags"}
        }));
        assert_eq!(list.tag_format, TagFormat::KeyValueList("Tags".into()));
        let map = schema(json!({
            "typeName": "AWS::X::B",
            "properties": {"Tags": {"type": "object", "patternProperties": {".*": {"type": "string"}}}},
            "tagging": {"taggable": true}
        }));
        assert_eq!(
            map.tag_format,
            TagFormat::Map("Tags".into()),
            "tagProperty defaults to /properties/Tags inside a tagging section too"
        );
        let off = schema(
            json!({"typeName": "AWS::X::C", "properties": {"Tags": {"type": "object"}}, "tagging": {"taggable": false}}),
        );
        assert_eq!(off.tag_format, TagFormat::NotTaggable);
        assert_eq!(off.untaggable, None);
    }

    #[test]
    fn a_tagging_section_with_neither_key_means_taggable_by_tags() {
        // AWS::ManagedBlockchain::Accessor's section: taggable and tagProperty both left out.
        let r = schema(json!({
            "typeName": "AWS::X::Accessor",
            "properties": {"Tags": {"type": "array", "items": {"$ref": "#/definitions/Tag"}}},
            "definitions": {"Tag": {"type": "object", "properties": {"Key": {"type": "string"}, "Value": {"type": "string"}}}},
            "tagging": {"tagOnCreate": true, "tagUpdatable": true, "cloudFormationSystemTags": true}
        }));
        assert_eq!(r.tag_format, TagFormat::KeyValueList("Tags".into()));
        assert_eq!(r.untaggable, None);
    }

    #[test]
    fn a_claimed_tag_property_that_is_missing_or_nested_is_reported() {
        let missing = schema(json!({
            "typeName": "AWS::X::Missing",
            "properties": {"Name": {"type": "string"}},
            "tagging": {"taggable": true}
        }));
        assert_eq!(missing.tag_format, TagFormat::NotTaggable);
        assert_eq!(
            missing.untaggable.as_deref(),
            Some("/properties/Tags: no such property")
        );
        let nested = schema(json!({
            "typeName": "AWS::X::Nested",
            "properties": {"TagSpecifications": {"type": "array", "items": {"type": "object", "properties": {"Tags": {"type": "array"}}}}},
            "tagging": {"taggable": true, "tagProperty": "/properties/TagSpecifications/*/Tags"}
        }));
        assert_eq!(nested.tag_format, TagFormat::NotTaggable);
        assert!(nested.untaggable.as_deref().unwrap().contains("nested"));
        let silent = schema(
            json!({"typeName": "AWS::X::Silent", "properties": {"Name": {"type": "string"}}}),
        );
        assert_eq!(
            (silent.tag_format, silent.untaggable),
            (TagFormat::NotTaggable, None),
            "a schema that says nothing about tags claims nothing"
        );
        let err = check_untaggable(&[missing]).unwrap_err();
        assert!(
            err.contains("AWS::X::Missing claims to be taggable"),
            "{err}"
        );
        assert!(err.contains("UNTAGGABLE names unknown type"), "{err}");
    }

    fn field<'r>(fields: &'r [Field], cfn: &str) -> &'r Field {
        fields.iter().find(|f| f.cfn == cfn).unwrap()
    }

    #[test]
    fn a_union_with_a_json_document_branch_takes_the_other_branch_and_identical_types_are_shared() {
        // AWS::DynamoDB::Table: KeySchema is a list of key elements or a JSON document; the
        // index's key schema is an inline copy of the same list, the local index refers to it.
        let element = json!({"type": "object", "properties": {"AttributeName": {"type": "string"}, "KeyType": {"type": "string"}}, "required": ["KeyType", "AttributeName"]});
        let r = schema(json!({
            "typeName": "AWS::X::Table",
            "properties": {
                "KeySchema": {"oneOf": [
                    {"$ref": "#/definitions/KeySchema", "maxItems": 2},
                    {"format": "json", "type": ["object", "string"]}
                ]},
                "GlobalSecondaryIndexes": {"type": "array", "items": {"$ref": "#/definitions/GlobalSecondaryIndex"}},
                "LocalSecondaryIndexes": {"type": "array", "items": {"$ref": "#/definitions/LocalSecondaryIndex"}}
            },
            "definitions": {
                "KeySchema": {"type": "array", "items": element.clone()},
                "GlobalSecondaryIndex": {"type": "object", "properties": {"KeySchema": {"type": "array", "items": element}}},
                "LocalSecondaryIndex": {"type": "object", "properties": {"KeySchema": {"$ref": "#/definitions/KeySchema"}}}
            },
            "required": ["KeySchema"]
        }));
        let list = Ty::List(Box::new(Ty::Struct("KeySchema".into())));
        assert_eq!(field(&r.props, "KeySchema").ty, list);
        for index in ["GlobalSecondaryIndex", "LocalSecondaryIndex"] {
            let s = r.struct_by_name(index).unwrap();
            assert_eq!(field(&s.fields, "KeySchema").ty, list, "{index}");
        }
        let names: Vec<&str> = r.structs.iter().map(|s| s.rust.as_str()).collect();
        assert_eq!(
            names,
            ["GlobalSecondaryIndex", "KeySchema", "LocalSecondaryIndex"]
        );
    }

    #[test]
    fn a_union_with_a_json_document_branch_keeps_the_definition_type_of_the_other() {
        let r = schema(json!({
            "typeName": "AWS::X::Doc",
            "properties": {
                "Config": {"oneOf": [{"$ref": "#/definitions/Config"}, {"format": "json", "type": "string"}]},
                "Other": {"$ref": "#/definitions/Config"}
            },
            "definitions": {"Config": {"type": "object", "properties": {"Name": {"type": "string"}}}}
        }));
        assert_eq!(field(&r.props, "Config").ty, Ty::Struct("Config".into()));
        assert_eq!(field(&r.props, "Other").ty, Ty::Struct("Config".into()));
        assert_eq!(r.structs.len(), 1);
    }

    #[test]
    fn a_union_of_object_shapes_is_one_type_with_every_branch_property() {
        let r = schema(json!({
            "typeName": "AWS::X::Grant",
            "properties": {
                "Principal": {"$ref": "#/definitions/Principal"},
                "Inline": {"type": "object", "oneOf": [
                    {"type": "object", "properties": {"A": {"type": "string"}, "Kind": {"type": "string", "enum": ["A"]}}, "required": ["A", "Kind"]},
                    {"type": "object", "properties": {"B": {"type": "integer"}, "Kind": {"type": "string", "enum": ["B"]}}, "required": ["B", "Kind"]}
                ]},
                "Clash": {"oneOf": [
                    {"type": "object", "properties": {"V": {"type": "string"}}},
                    {"type": "object", "properties": {"V": {"type": "array", "items": {"type": "object", "properties": {"X": {"type": "string"}}}}}}
                ]}
            },
            "definitions": {
                "Principal": {"oneOf": [
                    {"type": "object", "properties": {"User": {"$ref": "#/definitions/User"}}, "required": ["User"]},
                    {"type": "object", "properties": {"Group": {"type": "string"}}, "required": ["Group"]}
                ]},
                "User": {"type": "object", "properties": {"Id": {"type": "string"}}}
            }
        }));
        assert_eq!(
            field(&r.props, "Principal").ty,
            Ty::Struct("Principal".into())
        );
        let principal = r.struct_by_name("Principal").unwrap();
        let fields: Vec<(&str, bool, Ty)> = principal
            .fields
            .iter()
            .map(|f| (f.cfn.as_str(), f.required, f.ty.clone()))
            .collect();
        assert_eq!(
            fields,
            [
                ("Group", false, Ty::String),
                ("User", false, Ty::Struct("User".into()))
            ]
        );
        let inline = r.struct_by_name("Inline").unwrap();
        let required: Vec<&str> = inline
            .fields
            .iter()
            .filter(|f| f.required)
            .map(|f| f.cfn.as_str())
            .collect();
        assert_eq!(required, ["Kind"], "required by every branch");
        assert_eq!(inline.fields.len(), 3);
        assert_eq!(
            field(&r.props, "Clash").ty,
            Ty::Json,
            "V is a string in one branch and a list in the other"
        );
    }

    #[test]
    fn scalar_unions_are_typed_only_when_every_branch_agrees() {
        let r = schema(json!({
            "typeName": "AWS::X::Scalars",
            "properties": {
                "Same": {"anyOf": [{"type": "string"}, {"$ref": "#/definitions/Name"}]},
                "StringOrNumber": {"anyOf": [{"type": "string"}, {"type": "number"}]},
                "ObjectOrInteger": {"anyOf": [{"type": "object"}, {"type": "integer"}]},
                "ObjectOrString": {"type": ["object", "string"]}
            },
            "definitions": {"Name": {"type": "string", "maxLength": 8}}
        }));
        assert_eq!(field(&r.props, "Same").ty, Ty::String);
        for json_field in ["StringOrNumber", "ObjectOrInteger", "ObjectOrString"] {
            assert_eq!(field(&r.props, json_field).ty, Ty::Json, "{json_field}");
        }
    }
}
