//! The value model: every property of every element is a [`Value`] tree, which may hold
//! references and intrinsic functions that are resolved only at synthesis. [`Val<T>`] gives a
//! value a static type, so an L1 field of type `Val<String>` accepts a string literal or any
//! intrinsic that yields a string, and rejects a number at compile time.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::rc::Rc;

use indexmap::IndexMap;

use crate::tree::ElementRef;

mod properties;
pub use properties::{Properties, PropertyHasher, PropertyMap};

/// An untyped value: JSON data, possibly containing references and intrinsic functions.
#[derive(Clone, PartialEq, Default)]
pub enum Value {
    /// JSON `null`.
    #[default]
    Null,
    /// A boolean.
    Bool(bool),
    /// A number (integers stay integers).
    Number(serde_json::Number),
    /// A string.
    String(String),
    /// A list.
    List(Vec<Value>),
    /// A map, in insertion order.
    Map(Properties),
    /// `{"Ref": <logical id>}` of an element (resource or parameter) of the construct tree.
    Ref(ElementRef),
    /// `{"Fn::GetAtt": [<logical id>, <attribute>]}` of a resource of the construct tree.
    GetAtt(ElementRef, Rc<str>),
    /// `{"Condition": <logical id>}` of a condition of the construct tree.
    Condition(ElementRef),
    /// The bare logical id of an element, as a string (a mapping in `Fn::FindInMap`, a
    /// condition in `Fn::If`).
    LogicalId(ElementRef),
    /// Any other intrinsic, `{<name>: <arguments>}`; the arguments may contain references.
    Intrinsic(&'static str, Box<Value>),
    /// A value computed at synthesis time (for constructs that accumulate state).
    Lazy(Lazy),
    /// A number JSON cannot hold (NaN or an infinity, from an `f64`); synthesis reports it as
    /// an error naming the element whose property holds it.
    NonFiniteNumber(f64),
}

impl Value {
    /// A string value.
    pub fn string(s: impl Into<String>) -> Self {
        Value::String(s.into())
    }

    /// An empty map.
    pub fn map() -> Self {
        Value::Map(Properties::new())
    }

    /// Builds a map from `(key, value)` pairs, keeping their order.
    pub fn map_of<K: Into<String>, V: Into<Value>>(
        entries: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        )
    }

    /// Builds a list.
    pub fn list_of<V: Into<Value>>(items: impl IntoIterator<Item = V>) -> Self {
        Value::List(items.into_iter().map(Into::into).collect())
    }

    /// Returns the string if this is a literal string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// Returns the map if this is a literal map.
    pub fn as_map(&self) -> Option<&Properties> {
        match self {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// Returns the list if this is a literal list.
    pub fn as_list(&self) -> Option<&[Value]> {
        match self {
            Value::List(l) => Some(l),
            _ => None,
        }
    }

    /// True when the value (or anything inside it) is not plain JSON data.
    pub fn has_tokens(&self) -> bool {
        match self {
            Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => false,
            Value::List(items) => items.iter().any(Value::has_tokens),
            Value::Map(m) => m.values().any(Value::has_tokens),
            _ => true,
        }
    }

    /// Converts plain JSON data into a value.
    pub fn from_json(json: serde_json::Value) -> Self {
        json.into()
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) => write!(f, "{n}"),
            Value::String(s) => write!(f, "{s:?}"),
            Value::List(l) => f.debug_list().entries(l).finish(),
            Value::Map(m) => f.debug_map().entries(m).finish(),
            Value::Ref(r) => write!(f, "Ref({r:?})"),
            Value::GetAtt(r, a) => write!(f, "GetAtt({r:?}, {a:?})"),
            Value::Condition(r) => write!(f, "Condition({r:?})"),
            Value::LogicalId(r) => write!(f, "LogicalId({r:?})"),
            Value::Intrinsic(name, args) => write!(f, "{name}({args:?})"),
            Value::Lazy(_) => f.write_str("Lazy(..)"),
            Value::NonFiniteNumber(n) => write!(f, "{n}"),
        }
    }
}

/// A value produced by a closure when the template is synthesized, for constructs whose state
/// grows after construction (policy statements, rules, targets).
///
/// The closure runs at most once per synthesis, however many properties use the value (or its
/// clones): synthesis keeps what it produced and resolves that in each place. Each synthesis
/// runs it again, so it sees the state of that moment. It may read the construct tree through
/// any handle, but not change it: synthesis is reading the tree, so a change (adding a node, a
/// warning, a tag, updating properties) is not made and synthesis fails with an error naming
/// the node it was attempted on.
#[derive(Clone)]
pub struct Lazy(Rc<dyn Fn() -> Value>);

impl Lazy {
    /// Wraps a closure; synthesis runs it once (see [`Lazy`]).
    pub fn new(f: impl Fn() -> Value + 'static) -> Self {
        Lazy(Rc::new(f))
    }

    /// Runs the closure now and returns what it produces (synthesis calls this once per
    /// synthesis; a direct call runs the closure each time).
    pub fn produce(&self) -> Value {
        (self.0)()
    }

    /// Identifies the closure: clones of one `Lazy` share it.
    pub(crate) fn key(&self) -> usize {
        Rc::as_ptr(&self.0).cast::<()>() as usize
    }
}

impl PartialEq for Lazy {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl From<serde_json::Value> for Value {
    fn from(json: serde_json::Value) -> Self {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => Value::Number(n),
            serde_json::Value::String(s) => Value::String(s),
            serde_json::Value::Array(a) => Value::List(a.into_iter().map(Value::from).collect()),
            serde_json::Value::Object(o) => {
                Value::Map(o.into_iter().map(|(k, v)| (k, Value::from(v))).collect())
            }
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}
impl From<&String> for Value {
    fn from(s: &String) -> Self {
        Value::String(s.clone())
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}
macro_rules! value_from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(n: $t) -> Self { Value::Number(n.into()) }
        }
    )*};
}
value_from_int!(i8, i16, i32, i64, u8, u16, u32, u64, usize);
impl From<f64> for Value {
    fn from(n: f64) -> Self {
        number_from_f64(n)
    }
}
impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(items: Vec<T>) -> Self {
        Value::List(items.into_iter().map(Into::into).collect())
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}
impl From<Properties> for Value {
    fn from(m: Properties) -> Self {
        Value::Map(m)
    }
}
impl From<Lazy> for Value {
    fn from(l: Lazy) -> Self {
        Value::Lazy(l)
    }
}

/// Integral floats are written as integers (as JavaScript would); NaN and infinities, which
/// JSON cannot hold, become [`Value::NonFiniteNumber`] (an error at synthesis).
fn number_from_f64(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        // In range, so the conversion is exact.
        Value::Number((n as i64).into())
    } else {
        serde_json::Number::from_f64(n).map_or(Value::NonFiniteNumber(n), Value::Number)
    }
}

/// A [`Value`] with a static type `T`: a literal of that type, or an intrinsic that yields one.
///
/// `T` is a marker: `String`, `i64`, `f64`, `bool`, `Vec<T>`, `Map<T>`, [`Json`], [`Cond`], or
/// a generated property struct.
pub struct Val<T> {
    value: Value,
    _type: PhantomData<fn() -> T>,
}

impl<T> Val<T> {
    /// Wraps an untyped value, trusting the caller that it yields a `T` (an escape hatch).
    pub fn unchecked(value: impl Into<Value>) -> Self {
        Val {
            value: value.into(),
            _type: PhantomData,
        }
    }

    /// The untyped value.
    pub fn into_value(self) -> Value {
        self.value
    }

    /// The untyped value, borrowed.
    pub fn as_value(&self) -> &Value {
        &self.value
    }

    /// Reinterprets the value as free-form JSON.
    pub fn into_json(self) -> Val<Json> {
        Val::unchecked(self.value)
    }
}

impl<T> Clone for Val<T> {
    fn clone(&self) -> Self {
        Val::unchecked(self.value.clone())
    }
}

impl<T> PartialEq for Val<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<T> fmt::Debug for Val<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

impl<T> From<Val<T>> for Value {
    fn from(v: Val<T>) -> Self {
        v.value
    }
}

impl<T> From<&Val<T>> for Value {
    fn from(v: &Val<T>) -> Self {
        v.value.clone()
    }
}

/// Marker for free-form JSON properties (policy documents, definitions): accepts anything.
#[derive(Debug, Clone, Copy)]
pub enum Json {}

/// Marker for condition expressions (`Fn::Equals`, `Fn::And`, a condition reference...).
#[derive(Debug, Clone, Copy)]
pub enum Cond {}

/// A string-keyed map property, written in key order given.
pub type Map<T> = IndexMap<String, T>;

/// A generated property struct (or any typed value) that renders itself as a [`Value`].
pub trait PropertyValue {
    /// Renders the value.
    fn into_value(self) -> Value;
}

impl<T: PropertyValue> From<T> for Val<T> {
    fn from(v: T) -> Self {
        Val::unchecked(v.into_value())
    }
}

impl From<&str> for Val<String> {
    fn from(s: &str) -> Self {
        Val::unchecked(s)
    }
}
impl From<String> for Val<String> {
    fn from(s: String) -> Self {
        Val::unchecked(s)
    }
}
impl From<&String> for Val<String> {
    fn from(s: &String) -> Self {
        Val::unchecked(s.clone())
    }
}
impl From<&Val<String>> for Val<String> {
    fn from(v: &Val<String>) -> Self {
        v.clone()
    }
}
impl From<bool> for Val<bool> {
    fn from(b: bool) -> Self {
        Val::unchecked(b)
    }
}
macro_rules! val_from_number {
    ($target:ty: $($t:ty),*) => {$(
        impl From<$t> for Val<$target> {
            fn from(n: $t) -> Self { Val::unchecked(n) }
        }
    )*};
}
val_from_number!(i64: i8, i16, i32, i64, u8, u16, u32);
val_from_number!(f64: i8, i16, i32, i64, u8, u16, u32, f64);
impl From<f32> for Val<f64> {
    fn from(n: f32) -> Self {
        Val::unchecked(f64::from(n))
    }
}

impl<T, U: Into<Val<T>>> From<Vec<U>> for Val<Vec<T>> {
    fn from(items: Vec<U>) -> Self {
        Val::unchecked(Value::List(
            items.into_iter().map(|i| i.into().value).collect(),
        ))
    }
}
impl<T, U: Into<Val<T>>, const N: usize> From<[U; N]> for Val<Vec<T>> {
    fn from(items: [U; N]) -> Self {
        Val::unchecked(Value::List(
            items.into_iter().map(|i| i.into().value).collect(),
        ))
    }
}
impl<T, K: Into<String>, U: Into<Val<T>>> From<IndexMap<K, U>> for Val<Map<T>> {
    fn from(entries: IndexMap<K, U>) -> Self {
        Val::unchecked(Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| (k.into(), v.into().value))
                .collect(),
        ))
    }
}
impl<T, K: Into<String>, U: Into<Val<T>>> From<BTreeMap<K, U>> for Val<Map<T>> {
    fn from(entries: BTreeMap<K, U>) -> Self {
        Val::unchecked(Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| (k.into(), v.into().value))
                .collect(),
        ))
    }
}
impl<T, K: Into<String>, U: Into<Val<T>>, const N: usize> From<[(K, U); N]> for Val<Map<T>> {
    fn from(entries: [(K, U); N]) -> Self {
        Val::unchecked(Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| (k.into(), v.into().value))
                .collect(),
        ))
    }
}

impl From<Value> for Val<Json> {
    fn from(v: Value) -> Self {
        Val::unchecked(v)
    }
}
impl From<serde_json::Value> for Val<Json> {
    fn from(v: serde_json::Value) -> Self {
        Val::unchecked(v)
    }
}
impl From<&str> for Val<Json> {
    fn from(s: &str) -> Self {
        Val::unchecked(s)
    }
}
impl From<String> for Val<Json> {
    fn from(s: String) -> Self {
        Val::unchecked(s)
    }
}
impl From<Lazy> for Val<Json> {
    fn from(l: Lazy) -> Self {
        Val::unchecked(l)
    }
}
