//! Turns [`Value`]s into template JSON for one consuming stack: references in the same stack
//! become `Ref`/`Fn::GetAtt`, references to other stacks become exports and imports.

use serde_json::Value as Json;

use crate::element::ElementKind;
use crate::error::ErrorKind;
use crate::logical_id::make_unique_id;
use crate::tree::{ElementRef, NodeId, NodeKind};
use crate::value::{Lazy, Value};

use super::json::{JsonBuilder, JsonOut};
use super::Synthesis;

/// How deep lazy values may nest before we call it a cycle.
const MAX_LAZY_DEPTH: usize = 64;

/// One export a producing stack must offer.
#[derive(Debug, Clone)]
pub(crate) struct Export {
    pub(crate) logical_id: String,
    pub(crate) path: String,
    pub(crate) name: String,
    pub(crate) value: Json,
}

impl Synthesis<'_> {
    /// Resolves `value` as used by an element of stack `consumer`, recording problems against
    /// `path`.
    pub(crate) fn resolve(&mut self, value: &Value, consumer: usize, path: &str) -> Json {
        let mut out = JsonBuilder::default();
        self.resolve_into(value, consumer, path, &mut out);
        out.finish()
    }

    /// [`Synthesis::resolve`], written to `out` (a problem writes `null`).
    pub(crate) fn resolve_into(
        &mut self,
        value: &Value,
        consumer: usize,
        path: &str,
        out: &mut impl JsonOut,
    ) {
        self.resolve_at(value, consumer, path, 0, out);
    }

    fn resolve_at(
        &mut self,
        value: &Value,
        consumer: usize,
        path: &str,
        depth: usize,
        out: &mut impl JsonOut,
    ) {
        match value {
            Value::Null => out.null(),
            Value::Bool(b) => out.bool(*b),
            Value::Number(n) => out.number(n),
            Value::String(s) => out.string(s),
            Value::List(items) => {
                out.begin_array();
                for item in items {
                    self.resolve_at(item, consumer, path, depth, out);
                }
                out.end_array();
            }
            Value::Map(m) => {
                out.begin_object();
                for (k, v) in m {
                    out.key(k);
                    self.resolve_at(v, consumer, path, depth, out);
                }
                out.end_object();
            }
            Value::Intrinsic(name, args) => {
                out.begin_object();
                out.key(name);
                self.resolve_at(args, consumer, path, depth, out);
                out.end_object();
            }
            Value::Lazy(lazy) => self.resolve_lazy(lazy, consumer, path, depth, out),
            Value::NonFiniteNumber(n) => {
                self.error(path, ErrorKind::NonFiniteNumber(*n));
                out.null();
            }
            Value::Ref(target) => self.reference(target, None, consumer, path, out),
            Value::GetAtt(target, attr) => {
                self.reference(target, Some(&**attr), consumer, path, out)
            }
            Value::Condition(target) => {
                match self.local_logical_id(target, consumer, path, "conditions") {
                    Some(id) => {
                        out.begin_object();
                        out.entry_str("Condition", id);
                        out.end_object();
                    }
                    None => out.null(),
                }
            }
            Value::LogicalId(target) => {
                match self.local_logical_id(target, consumer, path, "conditions and mappings") {
                    Some(id) => out.string(id),
                    None => out.null(),
                }
            }
        }
    }

    /// What `lazy` produces, resolved: produced once per synthesis (the first use runs it, later
    /// uses reuse the result), resolved for each use.
    fn resolve_lazy(
        &mut self,
        lazy: &Lazy,
        consumer: usize,
        path: &str,
        depth: usize,
        out: &mut impl JsonOut,
    ) {
        let key = lazy.key();
        let problem = if self.producing.contains(&key) {
            Some("a Lazy value produces a value that contains itself")
        } else if depth >= MAX_LAZY_DEPTH {
            Some("Lazy values nest too deeply (each produces another)")
        } else {
            None
        };
        if let Some(message) = problem {
            self.error(path, ErrorKind::Annotation(message.into()));
            out.null();
            return;
        }
        let (produced, fresh) = match self.lazies.get(&key) {
            Some((_, packed)) => (packed.unpack(), false),
            None => {
                let site = self.state.lazy_site.replace(Some(path.to_owned()));
                let value = lazy.produce();
                self.state.lazy_site.replace(site);
                (value, true)
            }
        };
        self.producing.push(key);
        self.resolve_at(&produced, consumer, path, depth + 1, out);
        self.producing.pop();
        if fresh {
            // Kept for the other uses of this value in this synthesis, if any.
            let packed = self.packer.pack(&produced);
            self.lazies.insert(key, (lazy.clone(), packed));
        }
    }

    /// Checks that `target` belongs to this app and is an element inside a stack.
    fn target(&mut self, target: &ElementRef, path: &str) -> Option<(NodeId, usize)> {
        if !target.is_in(self.tree_ptr) {
            let what = target
                .path()
                .unwrap_or_else(|| "an element of a dropped app".into());
            self.error(path, ErrorKind::ForeignReference { target: what });
            return None;
        }
        let stack = self
            .tree
            .stack_of(target.node)
            .and_then(|s| self.stack_number(s));
        match stack {
            Some(s) => Some((target.node, s)),
            None => {
                let what = self.tree.node(target.node).path.clone();
                self.error(
                    path,
                    ErrorKind::InvalidReference {
                        target: what,
                        reason: "it is not inside a stack".into(),
                    },
                );
                None
            }
        }
    }

    /// The logical id of a condition or mapping, which must be in the consumer's own stack.
    fn local_logical_id(
        &mut self,
        target: &ElementRef,
        consumer: usize,
        path: &str,
        what: &str,
    ) -> Option<&str> {
        let (node, stack) = self.target(target, path)?;
        if stack != consumer {
            let target_path = self.tree.node(node).path.clone();
            let reason = format!("{what} can only be used in the template of their own stack");
            self.error(
                path,
                ErrorKind::InvalidReference {
                    target: target_path,
                    reason,
                },
            );
            return None;
        }
        Some(self.logical_id(node))
    }

    /// `Ref` or `Fn::GetAtt`, or an import of another stack's export.
    fn reference(
        &mut self,
        target: &ElementRef,
        attr: Option<&str>,
        consumer: usize,
        path: &str,
        out: &mut impl JsonOut,
    ) {
        let Some((node, producer)) = self.target(target, path) else {
            return out.null();
        };
        let (referable, spec) = match &self.tree.node(node).kind {
            NodeKind::Element(e) => match (&e.kind, attr) {
                (ElementKind::Resource(r), _) => (true, r.spec),
                (ElementKind::Parameter(_), None) => (true, None),
                _ => (false, None),
            },
            _ => (false, None),
        };
        if !referable {
            let reason = "only resources (Ref, Fn::GetAtt) and parameters (Ref) can be referenced";
            return self.invalid_reference(path, node, reason.into(), out);
        }
        if let (Some(spec), Some(attr)) = (spec, attr) {
            if !crate::getatt::accepts(spec, attr) {
                let known = if spec.attributes.is_empty() {
                    "none".to_owned()
                } else {
                    spec.attributes.join(", ")
                };
                let reason = format!(
                    "{} has no attribute {attr:?} for Fn::GetAtt (its attributes: {known})",
                    spec.type_name
                );
                return self.invalid_reference(path, node, reason, out);
            }
        }
        if producer == consumer {
            return local_reference(self.logical_id(node), attr, out);
        }
        if let Err(reason) = self.check_cross_stack(producer, consumer) {
            return self.invalid_reference(path, node, reason, out);
        }
        self.add_dependency(consumer, producer, path);
        let mut local = JsonBuilder::default();
        local_reference(self.logical_id(node), attr, &mut local);
        let name = self.export(producer, local.finish());
        out.begin_object();
        out.entry_str("Fn::ImportValue", &name);
        out.end_object();
    }

    /// Records that the value at `path` cannot reference `target`; the value becomes null.
    fn invalid_reference(
        &mut self,
        path: &str,
        target: NodeId,
        reason: String,
        out: &mut impl JsonOut,
    ) {
        let target = self.tree.node(target).path.clone();
        self.error(path, ErrorKind::InvalidReference { target, reason });
        out.null();
    }

    /// Why stack `consumer` may not import from `producer`, if it may not.
    fn check_cross_stack(&self, producer: usize, consumer: usize) -> Result<(), String> {
        let (p, c) = (&self.stacks[producer], &self.stacks[consumer]);
        if p.assembly != c.assembly {
            return Err(format!(
                "stack {} and stack {} are in different stages; references cannot cross stage boundaries",
                p.path, c.path
            ));
        }
        if p.env != c.env {
            return Err(format!(
                "stack {} ({}) and stack {} ({}) are in different environments; cross-account or cross-region \
                 references need a weak reference (an explicit name or an SSM parameter)",
                p.path,
                p.env.uri(),
                c.path,
                c.env.uri()
            ));
        }
        Ok(())
    }

    /// Registers (once) an export of `value` in stack `producer` and returns its name, named as
    /// the CDK names it: `<stack name>:` + the unique id of `Exports/Output<json>`.
    pub(crate) fn export(&mut self, producer: usize, value: Json) -> String {
        let key = super::json::compact(&value);
        if let Some(name) = self.export_names.get(&(producer, key.clone())) {
            return name.clone();
        }
        let id = format!("Output{key}");
        let logical_id = make_unique_id(&["Exports", &id]);
        let prefix = format!("{}:", self.stacks[producer].stack_name);
        let keep = 255usize.saturating_sub(prefix.len());
        let local = &logical_id[logical_id.len().saturating_sub(keep)..];
        let name = format!("{prefix}{local}");
        let path = format!("{}/Exports/{}", self.stacks[producer].path, id);
        self.exports[producer].push(Export {
            logical_id,
            path,
            name: name.clone(),
            value,
        });
        self.export_names.insert((producer, key), name.clone());
        name
    }
}

/// `{"Ref": <logical id>}`, or `{"Fn::GetAtt": [<logical id>, <attribute>]}`.
fn local_reference(logical_id: &str, attr: Option<&str>, out: &mut impl JsonOut) {
    out.begin_object();
    match attr {
        None => out.entry_str("Ref", logical_id),
        Some(a) => {
            out.key("Fn::GetAtt");
            out.begin_array();
            out.string(logical_id);
            out.string(a);
            out.end_array();
        }
    }
    out.end_object();
}
