//! Turns [`Value`]s into template JSON for one consuming stack: references in the same stack
//! become `Ref`/`Fn::GetAtt`, references to other stacks become exports and imports.

use serde_json::{json, Map as JsonMap, Value as Json};

use crate::element::ElementKind;
use crate::error::ErrorKind;
use crate::logical_id::make_unique_id;
use crate::tree::{ElementRef, NodeId, NodeKind};
use crate::value::{Lazy, Value};

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
        self.resolve_at(value, consumer, path, 0)
    }

    fn resolve_at(&mut self, value: &Value, consumer: usize, path: &str, depth: usize) -> Json {
        match value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => Json::Number(n.clone()),
            Value::String(s) => Json::String(s.clone()),
            Value::List(items) => Json::Array(
                items
                    .iter()
                    .map(|v| self.resolve_at(v, consumer, path, depth))
                    .collect(),
            ),
            Value::Map(m) => Json::Object(
                m.iter()
                    .map(|(k, v)| (k.clone(), self.resolve_at(v, consumer, path, depth)))
                    .collect::<JsonMap<_, _>>(),
            ),
            Value::Intrinsic(name, args) => {
                let args = self.resolve_at(args, consumer, path, depth);
                let mut m = JsonMap::new();
                m.insert((*name).to_owned(), args);
                Json::Object(m)
            }
            Value::Lazy(lazy) => self.resolve_lazy(lazy, consumer, path, depth),
            Value::NonFiniteNumber(n) => {
                self.error(path, ErrorKind::NonFiniteNumber(*n));
                Json::Null
            }
            Value::Ref(target) => self.reference(target, None, consumer, path),
            Value::GetAtt(target, attr) => self.reference(target, Some(attr), consumer, path),
            Value::Condition(target) => {
                match self.local_logical_id(target, consumer, path, "conditions") {
                    Some(id) => json!({ "Condition": id }),
                    None => Json::Null,
                }
            }
            Value::LogicalId(target) => {
                match self.local_logical_id(target, consumer, path, "conditions and mappings") {
                    Some(id) => Json::String(id),
                    None => Json::Null,
                }
            }
        }
    }

    /// What `lazy` produces, resolved: produced once per synthesis (the first use runs it, later
    /// uses reuse the result), resolved for each use.
    fn resolve_lazy(&mut self, lazy: &Lazy, consumer: usize, path: &str, depth: usize) -> Json {
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
            return Json::Null;
        }
        let produced = match self.lazies.get(&key) {
            Some((_, value)) => value.clone(),
            None => {
                let site = self.state.lazy_site.replace(Some(path.to_owned()));
                let value = lazy.produce();
                self.state.lazy_site.replace(site);
                self.lazies.insert(key, (lazy.clone(), value.clone()));
                value
            }
        };
        self.producing.push(key);
        let resolved = self.resolve_at(&produced, consumer, path, depth + 1);
        self.producing.pop();
        resolved
    }

    /// Checks that `target` belongs to this app and is an element inside a stack.
    fn target(&mut self, target: &ElementRef, path: &str) -> Option<(NodeId, usize)> {
        if target.tree_id != self.tree_id {
            let what = target
                .path()
                .unwrap_or_else(|| "an element of a dropped app".into());
            self.error(path, ErrorKind::ForeignReference { target: what });
            return None;
        }
        let stack = self
            .tree
            .stack_of(target.node)
            .and_then(|s| self.stack_index.get(&s).copied());
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
    ) -> Option<String> {
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
        Some(self.logical_ids.get(&node).cloned().unwrap_or_default())
    }

    /// `Ref` or `Fn::GetAtt`, or an import of another stack's export.
    fn reference(
        &mut self,
        target: &ElementRef,
        attr: Option<&String>,
        consumer: usize,
        path: &str,
    ) -> Json {
        let Some((node, producer)) = self.target(target, path) else {
            return Json::Null;
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
            return self.invalid_reference(path, node, reason.into());
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
                return self.invalid_reference(path, node, reason);
            }
        }
        let logical_id = self.logical_ids.get(&node).cloned().unwrap_or_default();
        let local = match attr {
            None => json!({ "Ref": logical_id }),
            Some(a) => json!({ "Fn::GetAtt": [logical_id, a] }),
        };
        if producer == consumer {
            return local;
        }
        if let Err(reason) = self.check_cross_stack(producer, consumer) {
            return self.invalid_reference(path, node, reason);
        }
        self.add_dependency(consumer, producer, path);
        let name = self.export(producer, local);
        json!({ "Fn::ImportValue": name })
    }

    /// Records that the value at `path` cannot reference `target`; the value becomes null.
    fn invalid_reference(&mut self, path: &str, target: NodeId, reason: String) -> Json {
        let target = self.tree.node(target).path.clone();
        self.error(path, ErrorKind::InvalidReference { target, reason });
        Json::Null
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
