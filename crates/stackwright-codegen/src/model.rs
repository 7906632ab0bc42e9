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
        queued: BTreeSet::new(),
        queue: VecDeque::new(),
        structs: Vec::new(),
    };
    // Definitions that become structs get their names first, so an inline type never takes a
    // definition's name.
    for (name, def) in definitions {
        if is_struct(def) {
            let rust = names::unique(&mut b.used_types, names::type_name(name), "");
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

    let tag_format = tag_format(json, &props, &b.structs);
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

struct Builder<'a> {
    properties: &'a JsonMap<String, JsonValue>,
    definitions: &'a JsonMap<String, JsonValue>,
    used_types: BTreeSet<String>,
    def_names: BTreeMap<String, String>,
    queued: BTreeSet<String>,
    queue: VecDeque<(String, String, JsonValue)>,
    structs: Vec<StructDef>,
}

impl<'a> Builder<'a> {
    /// Follows `$ref`s to the node they name.
    fn deref(&self, mut node: &'a JsonValue) -> Option<&'a JsonValue> {
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
                    if self.queued.insert(rust.clone()) {
                        self.queue
                            .push_back((rust.clone(), name.to_owned(), def.clone()));
                    }
                    return Ty::Struct(rust);
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
        let kind = node_type(node);
        if let Some(t) = kind.as_deref().and_then(primitive) {
            return t;
        }
        match kind.as_deref() {
            Some("array") => match node.get("items") {
                Some(items) if items.is_object() => {
                    Ty::List(Box::new(self.resolve(items, hint, depth + 1)))
                }
                _ => Ty::List(Box::new(Ty::Json)),
            },
            Some("object") => {
                if is_struct(node) {
                    let rust = names::unique(&mut self.used_types, names::type_name(hint), "");
                    self.queued.insert(rust.clone());
                    self.queue
                        .push_back((rust.clone(), hint.to_owned(), node.clone()));
                    return Ty::Struct(rust);
                }
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

/// The tag format from the schema's `tagging` section (or the legacy `taggable`) and the tag
/// property's shape. `taggable` defaults to true and `tagProperty` to `/properties/Tags`, as in
/// the schema language; a nested tag property (`/properties/A/*/Tags`) or one of no known shape
/// is not taggable.
fn tag_format(json: &JsonValue, props: &[Field], structs: &[StructDef]) -> TagFormat {
    let tagging = json.get("tagging");
    let taggable = tagging
        .and_then(|t| t.get("taggable"))
        .or_else(|| json.get("taggable"))
        .and_then(JsonValue::as_bool)
        .unwrap_or(true);
    if !taggable {
        return TagFormat::NotTaggable;
    }
    let tag_property = match tagging.and_then(|t| t.get("tagProperty")) {
        Some(p) => p
            .as_str()
            .and_then(|p| p.strip_prefix("/properties/"))
            .unwrap_or("")
            .to_owned(),
        None if tagging.is_some() => String::new(),
        None => "Tags".to_owned(),
    };
    let Some(field) = props.iter().find(|f| f.cfn == tag_property) else {
        return TagFormat::NotTaggable;
    };
    match &field.ty {
        Ty::List(item) => {
            let Ty::Struct(name) = &**item else {
                return TagFormat::NotTaggable;
            };
            let Some(s) = structs.iter().find(|s| &s.rust == name) else {
                return TagFormat::NotTaggable;
            };
            let has = |n: &str| s.fields.iter().any(|f| f.cfn == n);
            if has("Key") && has("Value") && has("PropagateAtLaunch") {
                TagFormat::AutoScalingGroupList(tag_property)
            } else if has("Key") && has("Value") {
                TagFormat::KeyValueList(tag_property)
            } else {
                TagFormat::NotTaggable
            }
        }
        Ty::Map(_) | Ty::Json => TagFormat::Map(tag_property),
        _ => TagFormat::NotTaggable,
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
            TagFormat::NotTaggable,
            "a tagging section without tagProperty names no property"
        );
        let off = schema(
            json!({"typeName": "AWS::X::C", "properties": {"Tags": {"type": "object"}}, "tagging": {"taggable": false}}),
        );
        assert_eq!(off.tag_format, TagFormat::NotTaggable);
    }
}
