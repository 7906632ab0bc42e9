//! Template elements: resources, parameters, outputs, conditions, mappings and rules. Each is a
//! node of the construct tree whose logical id is computed from its path at synthesis.

use std::any::Any;
use std::borrow::Cow;

use indexmap::IndexMap;

use crate::removal::RemovalPolicy;
use crate::tree::{Node, NodeId, NodeKind, Scope};
use crate::value::{Cond, Properties, Val, Value};

/// How a resource type takes tags, so that [`Tags`](crate::Tags) can apply them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TagFormat {
    /// The type takes no tags.
    NotTaggable,
    /// A list of `{"Key": .., "Value": ..}` objects in the named property.
    KeyValueList(&'static str),
    /// A map of key to value in the named property.
    Map(&'static str),
    /// A list of `{"Key", "Value", "PropagateAtLaunch": true}` (auto scaling groups).
    AutoScalingGroupList(&'static str),
}

impl TagFormat {
    /// The property that holds the tags, if the type takes any.
    pub fn property(self) -> Option<&'static str> {
        match self {
            TagFormat::NotTaggable => None,
            TagFormat::KeyValueList(p) | TagFormat::Map(p) | TagFormat::AutoScalingGroupList(p) => {
                Some(p)
            }
        }
    }
}

/// Static facts about a CloudFormation resource type, as the generated L1 crate provides them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResourceSpec {
    /// The CloudFormation type name, e.g. `AWS::S3::Bucket`.
    pub type_name: &'static str,
    /// How the type takes tags.
    pub tag_format: TagFormat,
    /// Properties that force replacement when changed (create-only), by CloudFormation name.
    pub create_only_properties: &'static [&'static str],
    /// The properties making up the primary identifier.
    pub primary_identifier: &'static [&'static str],
    /// The attributes `Fn::GetAtt` accepts.
    pub attributes: &'static [&'static str],
    /// The AWS documentation page of the type.
    pub documentation: &'static str,
}

/// Typed properties of one resource type (implemented by the generated L1 props structs).
pub trait ResourceProps: Any {
    /// The facts of the type.
    const SPEC: &'static ResourceSpec;

    /// Calls `f` with each property that is set, CloudFormation name first, in the order the
    /// template lists them. Synthesis writes the properties from here, without copying them.
    fn for_each_property(&self, f: &mut dyn FnMut(&str, &Value));

    /// The properties as a map, CloudFormation names as keys; absent properties are left out.
    fn render(&self) -> Properties {
        collect_properties(|f| self.for_each_property(f))
    }
}

/// The properties a `for_each_property` visitor gives, copied into a map.
fn collect_properties(for_each: impl FnOnce(&mut dyn FnMut(&str, &Value))) -> Properties {
    let mut properties = Properties::new();
    for_each(&mut |key, value| {
        properties.insert(key.to_owned(), value.clone());
    });
    properties
}

/// Object-safe view of a resource's properties as stored in the tree.
pub(crate) trait StoredProps: Any {
    /// See [`ResourceProps::for_each_property`].
    fn for_each_property(&self, f: &mut dyn FnMut(&str, &Value));
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;

    /// See [`ResourceProps::render`].
    fn render(&self) -> Properties {
        collect_properties(|f| self.for_each_property(f))
    }
}

impl<P: ResourceProps> StoredProps for P {
    fn for_each_property(&self, f: &mut dyn FnMut(&str, &Value)) {
        ResourceProps::for_each_property(self, f)
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// Untyped properties given in code.
struct UntypedProps(Properties);

impl StoredProps for UntypedProps {
    fn for_each_property(&self, f: &mut dyn FnMut(&str, &Value)) {
        for (key, value) in &self.0 {
            f(key, value);
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// Stands in for typed properties while [`CfnResource::update_props`] changes them outside the
/// tree (so that its closure may read the tree).
struct PropsInUse;

impl StoredProps for PropsInUse {
    fn for_each_property(&self, _: &mut dyn FnMut(&str, &Value)) {}
    fn as_any(&self) -> &dyn Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// An element of a template, as stored in the tree.
pub(crate) struct ElementData {
    pub(crate) logical_id_override: Option<String>,
    pub(crate) kind: ElementKind,
}

pub(crate) enum ElementKind {
    Resource(ResourceData),
    Parameter(ParameterProps),
    Output(OutputProps),
    Condition(Value),
    Mapping(IndexMap<String, IndexMap<String, Value>>),
    Rule(Value),
}

impl ElementData {
    pub(crate) fn describe(&self) -> String {
        let mut out = String::new();
        self.describe_into(&mut out);
        out
    }

    /// Appends [`ElementData::describe`] to `out`.
    pub(crate) fn describe_into(&self, out: &mut String) {
        match &self.kind {
            ElementKind::Resource(r) => {
                out.push_str(&r.type_name);
                out.push_str(" resource");
            }
            ElementKind::Parameter(_) => out.push_str("parameter"),
            ElementKind::Output(_) => out.push_str("output"),
            ElementKind::Condition(_) => out.push_str("condition"),
            ElementKind::Mapping(_) => out.push_str("mapping"),
            ElementKind::Rule(_) => out.push_str("rule"),
        }
    }
}

/// A resource as stored in the tree.
pub(crate) struct ResourceData {
    /// Borrowed from the [`ResourceSpec`] for typed resources (no copy per resource).
    pub(crate) type_name: Cow<'static, str>,
    /// The facts of the type, for resources created from typed properties.
    pub(crate) spec: Option<&'static ResourceSpec>,
    pub(crate) tag_format: TagFormat,
    pub(crate) props: Box<dyn StoredProps>,
    pub(crate) overrides: Vec<(Vec<String>, Option<Value>)>,
    pub(crate) depends_on: Vec<Node>,
    pub(crate) condition: Option<Node>,
    pub(crate) removal_policy: Option<RemovalPolicy>,
    pub(crate) default_removal_policy: Option<RemovalPolicy>,
    // Boxed: rarely set, and every resource of an app carries both (a `Value` is 40 bytes).
    pub(crate) update_policy: Option<Box<Value>>,
    pub(crate) creation_policy: Option<Box<Value>>,
    pub(crate) metadata: Properties,
}

/// Calls `f` with every value an element holds (what synthesis resolves), for finding its
/// references; the resources its `DependsOn` names go to `depends_on`.
pub(crate) fn for_each_element_value(
    element: &ElementData,
    f: &mut dyn FnMut(&Value),
    depends_on: &mut Vec<NodeId>,
) {
    match &element.kind {
        ElementKind::Resource(r) => {
            r.props.for_each_property(&mut |_, value| f(value));
            r.overrides
                .iter()
                .filter_map(|(_, v)| v.as_ref())
                .for_each(&mut *f);
            r.update_policy.iter().for_each(|p| f(p));
            r.creation_policy.iter().for_each(|p| f(p));
            r.metadata.values().for_each(&mut *f);
            depends_on.extend(r.depends_on.iter().map(|n| n.id));
        }
        ElementKind::Parameter(p) => p.default.iter().for_each(f),
        ElementKind::Output(o) => {
            f(&o.value);
            o.export_name.iter().for_each(f);
        }
        ElementKind::Condition(v) | ElementKind::Rule(v) => f(v),
        ElementKind::Mapping(m) => m.values().flat_map(|inner| inner.values()).for_each(f),
    }
}

fn add_element(scope: &impl Scope, id: &str, kind: ElementKind) -> Node {
    let data = ElementData {
        logical_id_override: None,
        kind,
    };
    scope
        .node()
        .add_child(id, NodeKind::Element(Box::new(data)))
}

/// Reads the element at `node` (element handles always point at elements).
fn read_element<R>(node: &Node, f: impl FnOnce(&ElementData) -> R) -> R {
    node.with(|n| match &n.kind {
        NodeKind::Element(e) => f(e),
        _ => unreachable!("element handles always point at elements"),
    })
}

macro_rules! element_handle {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name {
            node: Node,
        }

        impl Scope for $name {
            fn node(&self) -> &Node {
                &self.node
            }
        }

        impl $name {
            /// Sets the logical id explicitly, instead of the one computed from the path.
            pub fn override_logical_id(&self, logical_id: impl Into<String>) {
                let id = logical_id.into();
                self.write_element("override the logical id", |e| {
                    e.logical_id_override = Some(id);
                });
            }

            /// Changes the element, unless synthesis is reading the tree (then the change is
            /// refused and reported as a synthesis error naming this element).
            fn write_element<R>(
                &self,
                action: &str,
                f: impl FnOnce(&mut ElementData) -> R,
            ) -> Option<R> {
                self.node.write(
                    || action.to_owned(),
                    |n| match &mut n.kind {
                        NodeKind::Element(e) => f(e),
                        _ => unreachable!("element handles always point at elements"),
                    },
                )
            }
        }
    };
}

element_handle!(
    /// A CloudFormation resource. Typed L1 resources wrap one; any type can be created untyped.
    CfnResource
);
element_handle!(
    /// A template parameter.
    CfnParameter
);
element_handle!(
    /// A template output, optionally exported.
    CfnOutput
);
element_handle!(
    /// A template condition.
    CfnCondition
);
element_handle!(
    /// A template mapping.
    CfnMapping
);
element_handle!(
    /// A template rule.
    CfnRule
);

impl CfnResource {
    /// Creates a resource of any type from untyped properties (a map value, or `Value::Null`).
    pub fn new(
        scope: &impl Scope,
        id: &str,
        type_name: impl Into<String>,
        properties: impl Into<Value>,
    ) -> Self {
        let (props, problem) = match properties.into() {
            Value::Map(m) => (m, None),
            Value::Null => (Properties::new(), None),
            other => (
                Properties::new(),
                Some(format!("the properties must be a map, not {other:?}")),
            ),
        };
        let resource = Self::create(
            scope,
            id,
            Cow::Owned(type_name.into()),
            None,
            Box::new(UntypedProps(props)),
        );
        if let Some(p) = problem {
            resource.node.add_error(p);
        }
        resource
    }

    /// Creates a resource from typed properties. Synthesis checks the attributes that
    /// `Fn::GetAtt` asks of it against [`ResourceSpec::attributes`].
    pub fn from_props<P: ResourceProps>(scope: &impl Scope, id: &str, props: P) -> Self {
        Self::create(
            scope,
            id,
            Cow::Borrowed(P::SPEC.type_name),
            Some(P::SPEC),
            Box::new(props),
        )
    }

    /// Declares how this resource takes tags (for untyped resources of taggable types).
    pub fn set_tag_format(&self, format: TagFormat) {
        self.write_resource("set the tag format", |r| r.tag_format = format);
    }

    fn create(
        scope: &impl Scope,
        id: &str,
        type_name: Cow<'static, str>,
        spec: Option<&'static ResourceSpec>,
        props: Box<dyn StoredProps>,
    ) -> Self {
        let data = ResourceData {
            type_name,
            spec,
            tag_format: spec.map_or(TagFormat::NotTaggable, |s| s.tag_format),
            props,
            overrides: Vec::new(),
            depends_on: Vec::new(),
            condition: None,
            removal_policy: None,
            default_removal_policy: None,
            update_policy: None,
            creation_policy: None,
            metadata: Properties::new(),
        };
        CfnResource {
            node: add_element(scope, id, ElementKind::Resource(data)),
        }
    }

    /// Returns a handle if `node` is a resource.
    pub fn from_node(node: &Node) -> Option<Self> {
        let is_resource = node.with(|n| matches!(&n.kind, NodeKind::Element(e) if matches!(e.kind, ElementKind::Resource(_))));
        is_resource.then(|| CfnResource { node: node.clone() })
    }

    fn read_resource<R>(&self, f: impl FnOnce(&ResourceData) -> R) -> R {
        read_element(&self.node, |e| match &e.kind {
            ElementKind::Resource(r) => f(r),
            _ => unreachable!("resource handles always point at resources"),
        })
    }

    /// Changes the resource, unless synthesis is reading the tree (then the change is refused
    /// and reported as a synthesis error naming this resource).
    fn write_resource<R>(&self, action: &str, f: impl FnOnce(&mut ResourceData) -> R) -> Option<R> {
        self.write_element(action, |e| match &mut e.kind {
            ElementKind::Resource(r) => f(r),
            _ => unreachable!("resource handles always point at resources"),
        })
    }

    /// The CloudFormation type name.
    pub fn resource_type(&self) -> String {
        self.read_resource(|r| r.type_name.clone().into_owned())
    }

    /// Changes the typed properties in place; returns false if they are not of type `P`.
    ///
    /// The closure runs with the tree free, so it may read (and change) the tree. A change
    /// attempted during synthesis (from a `Lazy` value) is not made: synthesis reports it as an
    /// error naming this resource.
    pub fn update_props<P: ResourceProps>(&self, f: impl FnOnce(&mut P)) -> bool {
        enum Taken {
            Props(Box<dyn StoredProps>),
            OtherType,
            InUse,
        }
        let taken = self.write_resource("change the properties", |r| {
            let props = r.props.as_any();
            if props.is::<P>() {
                Taken::Props(std::mem::replace(&mut r.props, Box::new(PropsInUse)))
            } else if props.is::<PropsInUse>() {
                Taken::InUse
            } else {
                Taken::OtherType
            }
        });
        let mut props = match taken {
            Some(Taken::Props(props)) => props,
            Some(Taken::OtherType) => return false,
            Some(Taken::InUse) => {
                self.node.add_error(
                    "update_props was called on this resource from inside its own update_props; \
                     the inner change is not made",
                );
                return true;
            }
            // Refused (and reported): say whether the type would have matched.
            None => return self.read_resource(|r| r.props.as_any().is::<P>()),
        };
        if let Some(typed) = props.as_any_mut().downcast_mut::<P>() {
            f(typed);
        }
        self.write_resource("put back the changed properties", |r| r.props = props);
        true
    }

    /// The properties as they render now (before overrides, tags and reference resolution).
    pub fn rendered_properties(&self) -> Properties {
        self.read_resource(|r| r.props.render())
    }

    /// `{"Ref": <this resource>}`.
    pub fn ref_value(&self) -> Val<String> {
        Val::unchecked(Value::Ref(self.node.element_ref()))
    }

    /// `{"Fn::GetAtt": [<this resource>, attribute]}`, typed as a string.
    pub fn get_att(&self, attribute: &str) -> Val<String> {
        self.get_att_as(attribute)
    }

    /// `{"Fn::GetAtt": [<this resource>, attribute]}` of any type (lists, numbers).
    pub fn get_att_as<T>(&self, attribute: &str) -> Val<T> {
        Val::unchecked(Value::GetAtt(self.node.element_ref(), attribute.into()))
    }

    /// Sets a property by a dotted path (`"A.B.C"`, `\.` for a literal dot), after rendering.
    pub fn add_property_override(&self, path: &str, value: impl Into<Value>) {
        self.add_override(&format!("Properties.{path}"), value);
    }

    /// Removes a property by a dotted path, after rendering.
    pub fn add_property_deletion_override(&self, path: &str) {
        self.add_deletion_override(&format!("Properties.{path}"));
    }

    /// Sets any part of the resource by a dotted path from the resource (`"Properties.X"`,
    /// `"DependsOn"`, `"Metadata.key"`), applied after rendering.
    pub fn add_override(&self, path: &str, value: impl Into<Value>) {
        let value = value.into();
        self.write_resource("add an override", |r| {
            r.overrides.push((split_override_path(path), Some(value)));
        });
    }

    /// Removes any part of the resource by a dotted path, after rendering.
    pub fn add_deletion_override(&self, path: &str) {
        self.write_resource("add a deletion override", |r| {
            r.overrides.push((split_override_path(path), None));
        });
    }

    /// Makes this resource depend on another (`DependsOn`); across stacks it becomes a stack
    /// dependency instead.
    pub fn add_depends_on(&self, other: &CfnResource) {
        let other = other.node.clone();
        self.write_resource("add a dependency", |r| {
            if !r.depends_on.contains(&other) {
                r.depends_on.push(other);
            }
        });
    }

    /// Creates the resource only when the condition holds.
    pub fn set_condition(&self, condition: &CfnCondition) {
        let c = condition.node.clone();
        self.write_resource("set the condition", |r| r.condition = Some(c));
    }

    /// What happens to the physical resource when it leaves the stack or is replaced.
    pub fn apply_removal_policy(&self, policy: RemovalPolicy) {
        self.write_resource("apply a removal policy", |r| {
            r.removal_policy = Some(policy);
        });
    }

    /// The removal policy a construct gives its resource unless told otherwise: it applies only
    /// when neither [`CfnResource::apply_removal_policy`] nor
    /// [`RemovalPolicies::of`](crate::RemovalPolicies::of) on a scope above says anything (so a
    /// bucket retained by default is destroyed with a stack whose scope says so).
    pub fn apply_default_removal_policy(&self, policy: RemovalPolicy) {
        self.write_resource("apply a default removal policy", |r| {
            r.default_removal_policy = Some(policy);
        });
    }

    /// The `UpdatePolicy` attribute.
    pub fn set_update_policy(&self, policy: impl Into<Value>) {
        let policy = Box::new(policy.into());
        self.write_resource("set the update policy", |r| r.update_policy = Some(policy));
    }

    /// The `CreationPolicy` attribute.
    pub fn set_creation_policy(&self, policy: impl Into<Value>) {
        let policy = Box::new(policy.into());
        self.write_resource("set the creation policy", |r| {
            r.creation_policy = Some(policy);
        });
    }

    /// Adds an entry to the resource's `Metadata` attribute.
    pub fn add_resource_metadata(&self, key: impl Into<String>, value: impl Into<Value>) {
        let (key, value) = (key.into(), value.into());
        self.write_resource("add resource metadata", |r| {
            r.metadata.insert(key, value);
        });
    }
}

/// Splits `A.B\.C` into `["A", "B.C"]`.
fn split_override_path(path: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'.') => {
                chars.next();
                parts.last_mut().expect("never empty").push('.');
            }
            '.' => parts.push(String::new()),
            c => parts.last_mut().expect("never empty").push(c),
        }
    }
    parts
}

/// The properties of a [`CfnParameter`].
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct ParameterProps {
    /// The parameter type (`String`, `Number`, `List<Number>`, `AWS::EC2::VPC::Id`...).
    pub type_: String,
    /// The default value.
    pub default: Option<Value>,
    /// A regular expression the value must match.
    pub allowed_pattern: Option<String>,
    /// The values allowed.
    pub allowed_values: Option<Vec<Value>>,
    /// Shown when a constraint is violated.
    pub constraint_description: Option<String>,
    /// A description.
    pub description: Option<String>,
    /// Maximum length of a string value.
    pub max_length: Option<i64>,
    /// Maximum numeric value.
    pub max_value: Option<f64>,
    /// Minimum length of a string value.
    pub min_length: Option<i64>,
    /// Minimum numeric value.
    pub min_value: Option<f64>,
    /// Hide the value in the console and API.
    pub no_echo: Option<bool>,
}

/// Consuming setters of optional fields, one line each: `setter(field: Type)` defines
/// `fn setter(self, value: impl Into<Type>) -> Self` that sets `field` to `Some(value.into())`.
macro_rules! option_setters {
    ($props:ident { $($(#[$doc:meta])* $setter:ident($field:ident: $arg:ty)),* $(,)? }) => {
        impl $props {
            $(
                $(#[$doc])*
                pub fn $setter(mut self, value: impl Into<$arg>) -> Self {
                    self.$field = Some(value.into());
                    self
                }
            )*
        }
    };
}

option_setters!(ParameterProps {
    /// Sets the default value.
    default_value(default: Value),
    /// Sets the regular expression the value must match.
    allowed_pattern(allowed_pattern: String),
    /// Sets the message shown when a constraint is violated.
    constraint_description(constraint_description: String),
    /// Sets the description.
    description(description: String),
    /// Sets the maximum length of a string value.
    max_length(max_length: i64),
    /// Sets the maximum numeric value.
    max_value(max_value: f64),
    /// Sets the minimum length of a string value.
    min_length(min_length: i64),
    /// Sets the minimum numeric value.
    min_value(min_value: f64),
    /// Hides the value in the console and API.
    no_echo(no_echo: bool),
});

impl ParameterProps {
    /// A parameter of the given CloudFormation type.
    pub fn of_type(type_: impl Into<String>) -> Self {
        ParameterProps {
            type_: type_.into(),
            ..Default::default()
        }
    }

    /// Sets the allowed values.
    pub fn allowed_values<V: Into<Value>>(mut self, values: impl IntoIterator<Item = V>) -> Self {
        self.allowed_values = Some(values.into_iter().map(Into::into).collect());
        self
    }
}

impl CfnParameter {
    /// Creates a parameter.
    pub fn new(scope: &impl Scope, id: &str, props: ParameterProps) -> Self {
        CfnParameter {
            node: add_element(scope, id, ElementKind::Parameter(props)),
        }
    }

    /// Returns a handle if `node` is a parameter (to reuse one created earlier, found by id).
    pub fn from_node(node: &Node) -> Option<Self> {
        let is_parameter = node.with(|n| matches!(&n.kind, NodeKind::Element(e) if matches!(e.kind, ElementKind::Parameter(_))));
        is_parameter.then(|| CfnParameter { node: node.clone() })
    }

    /// The value as a string (`{"Ref": <parameter>}`).
    pub fn value_as_string(&self) -> Val<String> {
        Val::unchecked(Value::Ref(self.node.element_ref()))
    }

    /// The value as a number.
    pub fn value_as_number(&self) -> Val<f64> {
        Val::unchecked(Value::Ref(self.node.element_ref()))
    }

    /// The value as a list of strings (`List<..>` and `CommaDelimitedList` parameters).
    pub fn value_as_list(&self) -> Val<Vec<String>> {
        Val::unchecked(Value::Ref(self.node.element_ref()))
    }
}

/// The properties of a [`CfnOutput`].
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct OutputProps {
    /// The value.
    pub value: Value,
    /// A description.
    pub description: Option<String>,
    /// Export the value under this name.
    pub export_name: Option<Value>,
    /// Output only when the condition holds.
    pub condition: Option<CfnCondition>,
}

option_setters!(OutputProps {
    /// Sets the description.
    description(description: String),
    /// Exports the value under this name.
    export_name(export_name: Value),
});

impl OutputProps {
    /// An output of this value.
    pub fn new(value: impl Into<Value>) -> Self {
        OutputProps {
            value: value.into(),
            ..Default::default()
        }
    }

    /// Outputs only when the condition holds.
    pub fn condition(mut self, c: &CfnCondition) -> Self {
        self.condition = Some(c.clone());
        self
    }
}

impl CfnOutput {
    /// Creates an output.
    pub fn new(scope: &impl Scope, id: &str, props: OutputProps) -> Self {
        CfnOutput {
            node: add_element(scope, id, ElementKind::Output(props)),
        }
    }

    /// `{"Fn::ImportValue": <export name>}` for use in another template.
    pub fn import_value(&self) -> Option<Val<String>> {
        let name = read_element(&self.node, |e| match &e.kind {
            ElementKind::Output(o) => o.export_name.clone(),
            _ => None,
        })?;
        Some(Val::unchecked(Value::Intrinsic(
            "Fn::ImportValue",
            Box::new(name),
        )))
    }
}

impl CfnCondition {
    /// Creates a condition from an expression (`Fn::equals`, `Fn::and`...).
    pub fn new(scope: &impl Scope, id: &str, expression: Val<Cond>) -> Self {
        CfnCondition {
            node: add_element(scope, id, ElementKind::Condition(expression.into_value())),
        }
    }

    /// `{"Condition": <this condition>}`, for use inside other condition expressions.
    pub fn reference(&self) -> Val<Cond> {
        Val::unchecked(Value::Condition(self.node.element_ref()))
    }
}

impl From<&CfnCondition> for Val<Cond> {
    fn from(c: &CfnCondition) -> Self {
        c.reference()
    }
}

impl CfnMapping {
    /// Creates a mapping of top-level keys to second-level keys to values.
    pub fn new<K1, K2, V>(
        scope: &impl Scope,
        id: &str,
        mapping: impl IntoIterator<Item = (K1, Vec<(K2, V)>)>,
    ) -> Self
    where
        K1: Into<String>,
        K2: Into<String>,
        V: Into<Value>,
    {
        let mapping = mapping
            .into_iter()
            .map(|(k, inner)| {
                (
                    k.into(),
                    inner
                        .into_iter()
                        .map(|(k2, v)| (k2.into(), v.into()))
                        .collect(),
                )
            })
            .collect();
        CfnMapping {
            node: add_element(scope, id, ElementKind::Mapping(mapping)),
        }
    }

    /// `{"Fn::FindInMap": [<this mapping>, key1, key2]}`, typed as a string.
    pub fn find_in_map(
        &self,
        top_level_key: impl Into<Val<String>>,
        second_level_key: impl Into<Val<String>>,
    ) -> Val<String> {
        self.find_in_map_as(top_level_key, second_level_key)
    }

    /// `{"Fn::FindInMap": [<this mapping>, key1, key2]}` of any type (numbers, lists).
    pub fn find_in_map_as<T>(
        &self,
        top_level_key: impl Into<Val<String>>,
        second_level_key: impl Into<Val<String>>,
    ) -> Val<T> {
        let args = vec![
            Value::LogicalId(self.node.element_ref()),
            top_level_key.into().into_value(),
            second_level_key.into().into_value(),
        ];
        Val::unchecked(Value::Intrinsic(
            "Fn::FindInMap",
            Box::new(Value::List(args)),
        ))
    }
}

impl CfnRule {
    /// Creates a rule from its body (`{"RuleCondition": .., "Assertions": [..]}`).
    pub fn new(scope: &impl Scope, id: &str, body: impl Into<Value>) -> Self {
        CfnRule {
            node: add_element(scope, id, ElementKind::Rule(body.into())),
        }
    }
}

impl CfnResource {
    /// The resource's logical id as a string value, known only at synthesis (the CDK's
    /// `logicalId` token); usable in the template of the resource's own stack.
    pub fn logical_id_value(&self) -> Val<String> {
        Val::unchecked(Value::LogicalId(self.node.element_ref()))
    }
}
