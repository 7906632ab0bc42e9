//! What a `Lazy` produced, kept for its later uses in a compact form: synthesis keeps every
//! produced value until the templates are rendered (a `Lazy` runs once per synthesis), and most
//! are used once, so holding them as [`Value`] trees (a hash map per map) cost more memory than
//! the rest of synthesis. A packed value is one byte string plus the handles it contains;
//! unpacking gives back an equal [`Value`].

use serde_json::Number;

use crate::tree::ElementRef;
use crate::value::{Lazy, Value};

/// A [`Value`], packed.
#[derive(Default)]
pub(crate) struct PackedValue {
    bytes: Vec<u8>,
    refs: Vec<ElementRef>,
    lazies: Vec<Lazy>,
    names: Vec<&'static str>,
    numbers: Vec<Number>,
}

const NULL: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const NUMBER: u8 = 3;
const STRING: u8 = 4;
const LIST: u8 = 5;
const MAP: u8 = 6;
const REF: u8 = 7;
const GET_ATT: u8 = 8;
const CONDITION: u8 = 9;
const LOGICAL_ID: u8 = 10;
const INTRINSIC: u8 = 11;
const LAZY: u8 = 12;
const NON_FINITE: u8 = 13;

/// Packs values: each is written into buffers kept from one value to the next, then copied
/// into buffers of exactly its size (no pass to measure it first, no growing).
#[derive(Default)]
pub(crate) struct Packer {
    scratch: PackedValue,
}

impl Packer {
    /// Packs `value`.
    pub(crate) fn pack(&mut self, value: &Value) -> PackedValue {
        let scratch = &mut self.scratch;
        scratch.put(value);
        let packed = PackedValue {
            bytes: scratch.bytes.as_slice().to_vec(),
            refs: take_exact(&mut scratch.refs),
            lazies: take_exact(&mut scratch.lazies),
            names: take_exact(&mut scratch.names),
            numbers: take_exact(&mut scratch.numbers),
        };
        scratch.bytes.clear();
        packed
    }
}

/// The items of `scratch`, moved into a vector of exactly their number (`scratch` keeps its
/// room for the next value).
fn take_exact<T>(scratch: &mut Vec<T>) -> Vec<T> {
    let mut exact = Vec::with_capacity(scratch.len());
    exact.append(scratch);
    exact
}

impl PackedValue {
    /// The value packed.
    pub(crate) fn unpack(&self) -> Value {
        let mut reader = Reader {
            packed: self,
            at: 0,
            refs: 0,
            lazies: 0,
            names: 0,
            numbers: 0,
        };
        reader.value()
    }

    fn len(&mut self, n: usize) {
        // LEB128: 7 bits a byte, low bits first.
        let mut n = n;
        while n >= 0x80 {
            self.bytes.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.bytes.push(n as u8);
    }

    fn text(&mut self, s: &str) {
        self.len(s.len());
        self.bytes.extend_from_slice(s.as_bytes());
    }

    fn put(&mut self, value: &Value) {
        match value {
            Value::Null => self.bytes.push(NULL),
            Value::Bool(false) => self.bytes.push(FALSE),
            Value::Bool(true) => self.bytes.push(TRUE),
            Value::Number(n) => {
                self.bytes.push(NUMBER);
                self.numbers.push(n.clone());
            }
            Value::String(s) => {
                self.bytes.push(STRING);
                self.text(s);
            }
            Value::List(items) => {
                self.bytes.push(LIST);
                self.len(items.len());
                for item in items {
                    self.put(item);
                }
            }
            Value::Map(map) => {
                self.bytes.push(MAP);
                self.len(map.len());
                for (k, v) in map {
                    self.text(k);
                    self.put(v);
                }
            }
            Value::Ref(r) => {
                self.bytes.push(REF);
                self.refs.push(r.clone());
            }
            Value::GetAtt(r, attribute) => {
                self.bytes.push(GET_ATT);
                self.refs.push(r.clone());
                self.text(attribute);
            }
            Value::Condition(r) => {
                self.bytes.push(CONDITION);
                self.refs.push(r.clone());
            }
            Value::LogicalId(r) => {
                self.bytes.push(LOGICAL_ID);
                self.refs.push(r.clone());
            }
            Value::Intrinsic(name, args) => {
                self.bytes.push(INTRINSIC);
                self.names.push(name);
                self.put(args);
            }
            Value::Lazy(lazy) => {
                self.bytes.push(LAZY);
                self.lazies.push(lazy.clone());
            }
            Value::NonFiniteNumber(n) => {
                self.bytes.push(NON_FINITE);
                self.bytes.extend_from_slice(&n.to_le_bytes());
            }
        }
    }
}

/// Reads a packed value back, in the order it was written.
struct Reader<'a> {
    packed: &'a PackedValue,
    at: usize,
    refs: usize,
    lazies: usize,
    names: usize,
    numbers: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.packed.bytes[self.at];
        self.at += 1;
        b
    }

    fn len(&mut self) -> usize {
        let mut n = 0usize;
        let mut shift = 0;
        loop {
            let b = self.byte();
            n |= usize::from(b & 0x7f) << shift;
            if b < 0x80 {
                return n;
            }
            shift += 7;
        }
    }

    fn text(&mut self) -> String {
        let len = self.len();
        let bytes = &self.packed.bytes[self.at..self.at + len];
        self.at += len;
        String::from_utf8(bytes.to_vec()).expect("packed from a string")
    }

    fn element(&mut self) -> ElementRef {
        self.refs += 1;
        self.packed.refs[self.refs - 1].clone()
    }

    fn value(&mut self) -> Value {
        match self.byte() {
            NULL => Value::Null,
            FALSE => Value::Bool(false),
            TRUE => Value::Bool(true),
            NUMBER => {
                self.numbers += 1;
                Value::Number(self.packed.numbers[self.numbers - 1].clone())
            }
            STRING => Value::String(self.text()),
            LIST => {
                let len = self.len();
                Value::List((0..len).map(|_| self.value()).collect())
            }
            MAP => {
                let len = self.len();
                Value::Map(
                    (0..len)
                        .map(|_| {
                            let key = self.text();
                            (key, self.value())
                        })
                        .collect(),
                )
            }
            REF => Value::Ref(self.element()),
            GET_ATT => {
                let target = self.element();
                Value::GetAtt(target, self.text().into())
            }
            CONDITION => Value::Condition(self.element()),
            LOGICAL_ID => Value::LogicalId(self.element()),
            INTRINSIC => {
                self.names += 1;
                let name = self.packed.names[self.names - 1];
                Value::Intrinsic(name, Box::new(self.value()))
            }
            LAZY => {
                self.lazies += 1;
                Value::Lazy(self.packed.lazies[self.lazies - 1].clone())
            }
            NON_FINITE => {
                let bytes: [u8; 8] = self.packed.bytes[self.at..self.at + 8]
                    .try_into()
                    .expect("8 bytes");
                self.at += 8;
                Value::NonFiniteNumber(f64::from_le_bytes(bytes))
            }
            tag => unreachable!("no value is packed with tag {tag}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{App, AppProps, CfnResource, Stack, StackProps};

    #[test]
    fn unpacking_gives_back_an_equal_value() {
        let app = App::with_props(AppProps::default());
        let stack = Stack::new(&app, "S", StackProps::default());
        let resource = CfnResource::new(&stack, "R", "AWS::SNS::Topic", Value::map());
        let target = crate::Scope::node(&resource).element_ref();
        let lazy = Lazy::new(|| Value::from("later"));
        let long = "x".repeat(300);
        let value = Value::map_of([
            ("null", Value::Null),
            ("bools", Value::list_of([true, false])),
            (
                "numbers",
                Value::list_of([Value::from(-3), Value::from(1.5)]),
            ),
            ("text", Value::from("é ✓ \"quoted\"")),
            ("long", Value::from(long)),
            ("empty map", Value::map()),
            ("empty list", Value::List(Vec::new())),
            ("ref", Value::Ref(target.clone())),
            ("get att", Value::GetAtt(target.clone(), "Arn".into())),
            ("condition", Value::Condition(target.clone())),
            ("logical id", Value::LogicalId(target)),
            (
                "intrinsic",
                Value::Intrinsic("Fn::Join", Box::new(Value::list_of(["", "a"]))),
            ),
            ("lazy", Value::Lazy(lazy)),
            ("non-finite", Value::NonFiniteNumber(f64::INFINITY)),
        ]);
        let mut packer = Packer::default();
        assert_eq!(packer.pack(&value).unpack(), value);
        // The buffers kept between values leave nothing of one value in the next.
        let other = Value::list_of(["a", "b"]);
        assert_eq!(packer.pack(&other).unpack(), other);
        assert_eq!(packer.pack(&value).unpack(), value);
    }
}
