//! Synthesis, as a pipeline of phases over the tree: aspects → structure (stacks, placement,
//! logical ids) → templates (resolving references, adding exports) → dependencies → limits →
//! assembly files in memory. Only [`CloudAssembly::write_to`] touches the disk.

mod assembly;
mod json;
mod packed;
mod resolve;
mod template;
mod write;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::path::Path;
use std::rc::Rc;
use std::sync::{Arc, OnceLock};

use crate::context::MissingContext;
use crate::environment::Environment;
use crate::error::{ErrorKind, SynthError, SynthErrors};
use crate::logical_id::{is_valid_logical_id, is_valid_stack_name, make_unique_id};
use crate::stack::{artifact_id, environment, stack_data, stack_name};
use crate::synthesizer::Synthesizer;
use crate::tree::{
    display_path, Node, NodeId, NodeKind, Phase, SynthesisState, TreeData, ERROR_METADATA,
};
use crate::value::Lazy;

use packed::{PackedValue, Packer};
use resolve::Export;

/// The cloud assembly schema version written.
pub const ASSEMBLY_VERSION: &str = "55.0.0";

/// A synthesized cloud assembly, in memory: every file by its path relative to the output
/// directory (with `/` separators), plus a summary of each stack.
#[derive(Debug, Clone, Default)]
pub struct CloudAssembly {
    /// Shared with each stack's [`StackTemplate`].
    files: Arc<BTreeMap<String, Vec<u8>>>,
    stacks: Vec<StackArtifact>,
    missing: Vec<MissingContext>,
}

/// One synthesized stack.
#[derive(Debug, PartialEq)]
pub struct StackArtifact {
    /// The artifact id in its assembly's manifest.
    pub artifact_id: String,
    /// The display name: the construct path (`Prod/Storage`).
    pub display_name: String,
    /// The CloudFormation stack name.
    pub stack_name: String,
    /// The environment.
    pub environment: Environment,
    /// The template file, relative to the output directory.
    pub template_file: String,
    /// The artifact ids of the stacks deployed before this one.
    pub dependencies: Vec<String>,
    /// The template (read as a `serde_json::Value`: `artifact.template["Resources"]`).
    pub template: StackTemplate,
}

impl Clone for StackArtifact {
    fn clone(&self) -> Self {
        StackArtifact {
            artifact_id: self.artifact_id.clone(),
            display_name: self.display_name.clone(),
            stack_name: self.stack_name.clone(),
            environment: self.environment.clone(),
            template_file: self.template_file.clone(),
            dependencies: self.dependencies.clone(),
            template: StackTemplate::new(
                Arc::clone(&self.template.files),
                self.template.file.clone(),
            ),
        }
    }
}

/// A synthesized template: the JSON text written to the assembly, which reads as the template's
/// `serde_json::Value` (through `Deref`, parsed on first use: synthesis keeps only the text).
/// So `template["Resources"]` indexes the template, and `template.clone()` is a
/// `serde_json::Value` (this type is deliberately not `Clone`).
pub struct StackTemplate {
    /// The files of the assembly (shared with it), and the template's among them.
    files: Arc<BTreeMap<String, Vec<u8>>>,
    file: String,
    parsed: OnceLock<serde_json::Value>,
}

impl StackTemplate {
    /// The template in `file` of `files`.
    fn new(files: Arc<BTreeMap<String, Vec<u8>>>, file: String) -> Self {
        StackTemplate {
            files,
            file,
            parsed: OnceLock::new(),
        }
    }

    /// The template's JSON text, byte for byte as written to the assembly.
    pub fn text(&self) -> &[u8] {
        self.files.get(&self.file).map_or(&[], Vec::as_slice)
    }

    /// The template as JSON.
    pub fn json(&self) -> &serde_json::Value {
        self.parsed.get_or_init(|| {
            serde_json::from_slice(self.text()).expect("synthesis writes templates as valid JSON")
        })
    }
}

impl std::ops::Deref for StackTemplate {
    type Target = serde_json::Value;

    fn deref(&self) -> &serde_json::Value {
        self.json()
    }
}

/// Serializes as the template's JSON (what [`StackTemplate::json`] returns).
impl serde::Serialize for StackTemplate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.json().serialize(serializer)
    }
}

impl PartialEq for StackTemplate {
    fn eq(&self, other: &Self) -> bool {
        self.text() == other.text()
    }
}

impl std::fmt::Debug for StackTemplate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&String::from_utf8_lossy(self.text()))
    }
}

impl CloudAssembly {
    /// Every file, by relative path.
    pub fn files(&self) -> &BTreeMap<String, Vec<u8>> {
        &self.files
    }

    /// One file's bytes.
    pub fn file(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    /// One file parsed as JSON.
    pub fn json(&self, path: &str) -> Option<serde_json::Value> {
        self.file(path).and_then(|b| serde_json::from_slice(b).ok())
    }

    /// The stacks, in construct-tree order.
    pub fn stacks(&self) -> &[StackArtifact] {
        &self.stacks
    }

    /// The context lookups the app's context could not satisfy (the `missing` section of the
    /// root manifest, which includes those of every stage), each with the dummy value used in
    /// its place. Not empty: the assembly is incomplete, and deploying it would deploy the
    /// dummy values; let the CDK CLI run the app (`cdk synth --app "cargo run"`) so it looks
    /// them up, or give them as context.
    pub fn missing_context(&self) -> &[MissingContext] {
        &self.missing
    }

    /// A stack by display name (its construct path, e.g. `Prod/Storage`).
    pub fn stack(&self, display_name: &str) -> Option<&StackArtifact> {
        self.stacks.iter().find(|s| s.display_name == display_name)
    }

    /// Writes the assembly to `dir`, replacing what it held, so that a failure never loses the
    /// previous assembly. The sequence: every file is written to a sibling staging directory
    /// `.<name>.staging.<unique>` (with the CDK CLI's `*.lock` files of `dir` copied over); `dir`
    /// is renamed to `.<name>.old.<unique>`; the staging directory is renamed to `dir`; the old
    /// copy is moved into the new assembly as `dir/.previous`. Between the two renames (a
    /// moment) `dir` does not exist. The next write recycles `dir/.previous` as its staging
    /// directory: entries the new assembly does not have are deleted, files whose bytes are
    /// unchanged are kept, the others rewritten. That is several times faster than creating
    /// every file again where the file system makes new files expensive, and costs the disk
    /// space of one more assembly; tools that walk `dir` should skip `.previous` (the CDK CLI
    /// reads only what the manifests name). On failure: before the first rename `dir` is
    /// untouched and the staging directory is removed; if the second rename fails the old copy
    /// is renamed back, and if even that fails the error says where the previous assembly now
    /// is. A failure to keep the old copy after success is not an error (it is deleted instead).
    pub fn write_to(&self, dir: &Path) -> Result<(), SynthErrors> {
        write::write_atomically(&self.files, dir)
    }
}

/// The directory inside a written assembly that holds the assembly it replaced, recycled by
/// the next [`CloudAssembly::write_to`]. Tools walking an assembly directory skip it.
pub const PREVIOUS_ASSEMBLY_DIR: &str = ".previous";

/// What each `Lazy` produced, by [`Lazy::key`] (the address of its closure).
pub(crate) type LazyResults =
    HashMap<usize, (Lazy, PackedValue), BuildHasherDefault<AddressHasher>>;

/// Hashes an address: one multiplication instead of SipHash (the keys are addresses of live
/// closures, not input an attacker chooses).
#[derive(Default)]
pub(crate) struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(self.0 << 8 | u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        // The high bits of the product mixed into the low bits, which pick the bucket (the
        // low bits of an address are zero).
        let product = n.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        self.0 = product ^ (product >> 32);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// What synthesis knows about one stack.
pub(crate) struct StackInfo {
    pub(crate) node: NodeId,
    pub(crate) path: String,
    pub(crate) stack_name: String,
    pub(crate) artifact_id: String,
    pub(crate) assembly: NodeId,
    pub(crate) env: Environment,
    pub(crate) synthesizer: Synthesizer,
    pub(crate) elements: Vec<NodeId>,
    pub(crate) assets: Vec<NodeId>,
}

/// The state of one synthesis.
pub(crate) struct Synthesis<'t> {
    pub(crate) tree: &'t TreeData,
    /// The app's tree, to tell its nodes and element references from other apps' (a handle
    /// keeps its tree's allocation, so the address identifies the app).
    pub(crate) tree_ptr: *const crate::tree::Tree,
    pub(crate) state: &'t SynthesisState,
    /// What each `Lazy` produced in this synthesis (by [`Lazy::key`]), so each runs once.
    /// Kept packed: most are used once, and a `Value` tree of each would cost more memory
    /// than the rest of synthesis.
    pub(crate) lazies: LazyResults,
    /// Packs what the `Lazy` values produce.
    pub(crate) packer: Packer,
    /// The `Lazy` values whose results are being resolved (to catch one that contains itself).
    pub(crate) producing: Vec<usize>,
    pub(crate) stacks: Vec<StackInfo>,
    /// The index in `stacks` of each stack, by node index (a vector: looked up per reference).
    stack_index: Vec<Option<u32>>,
    /// The logical id of each element, by node index (empty for other nodes).
    pub(crate) logical_ids: Vec<String>,
    pub(crate) exports: Vec<Vec<Export>>,
    pub(crate) export_names: HashMap<(usize, String), String>,
    /// Per consumer stack, the producers it depends on.
    pub(crate) dependencies: Vec<BTreeSet<usize>>,
    pub(crate) errors: Vec<SynthError>,
    pub(crate) path_metadata: bool,
    /// The tag property value of a resource that sets none, by the nearest scope with tag
    /// edits and the tag format: the same for every resource below that scope.
    pub(crate) applied_tags: HashMap<(NodeId, crate::element::TagFormat), Option<Rc<crate::Value>>>,
}

/// Runs every phase and returns the assembly, or every problem found.
pub(crate) fn assemble(root: &Node) -> Result<CloudAssembly, SynthErrors> {
    let state = &root.tree.synthesis;
    if state.phase.get() != Phase::Idle {
        return Err(SynthError::new("<app>", ErrorKind::NestedSynthesis).into());
    }
    let _idle_again = PhaseGuard(state);
    state.phase.set(Phase::Aspects);
    crate::aspects::invoke_all(root);
    let validation_errors = run_validations(root);
    state.phase.set(Phase::Rendering);
    let result = render(root, validation_errors);
    let mut refused = state.refused.take();
    match result {
        Ok(_) if !refused.is_empty() => Err(SynthErrors(refused)),
        Ok(assembly) => Ok(assembly),
        Err(mut errors) => {
            errors.0.append(&mut refused);
            Err(errors)
        }
    }
}

/// Puts the app back to [`Phase::Idle`] when synthesis ends, however it ends.
struct PhaseGuard<'a>(&'a SynthesisState);

impl Drop for PhaseGuard<'_> {
    fn drop(&mut self) {
        self.0.phase.set(Phase::Idle);
        self.0.lazy_site.replace(None);
    }
}

/// The phases after the aspects and validations, under one shared borrow of the tree.
fn render(root: &Node, validation_errors: Vec<SynthError>) -> Result<CloudAssembly, SynthErrors> {
    let data = root.data();
    let path_metadata =
        data.context.get("aws:cdk:enable-path-metadata") == Some(&serde_json::Value::Bool(true));
    let mut synthesis = Synthesis {
        tree: &data,
        tree_ptr: Rc::as_ptr(&root.tree),
        state: &root.tree.synthesis,
        lazies: LazyResults::default(),
        packer: Packer::default(),
        producing: Vec::new(),
        stacks: Vec::new(),
        stack_index: vec![None; data.nodes.len()],
        logical_ids: vec![String::new(); data.nodes.len()],
        exports: Vec::new(),
        export_names: HashMap::new(),
        dependencies: Vec::new(),
        errors: data
            .problems
            .iter()
            .cloned()
            .chain(validation_errors)
            .collect(),
        path_metadata,
        applied_tags: HashMap::new(),
    };
    synthesis.collect_structure();
    synthesis.check_stack_names();
    synthesis.assign_logical_ids();
    let templates = synthesis.render_templates();
    // Nothing is resolved after the templates: free what the lazy values produced before the
    // files are rendered.
    synthesis.lazies = LazyResults::default();
    synthesis.explicit_dependencies();
    synthesis.check_cycles();
    let assembly = synthesis.build_assembly(templates);
    if synthesis.errors.is_empty() {
        Ok(assembly)
    } else {
        Err(SynthErrors(synthesis.errors))
    }
}

impl Synthesis<'_> {
    /// The logical id of an element (empty for a node that is not one).
    pub(crate) fn logical_id(&self, element: NodeId) -> &str {
        self.logical_ids
            .get(element.0 as usize)
            .map_or("", String::as_str)
    }

    /// The index in `stacks` of a stack node (`None` for other nodes).
    pub(crate) fn stack_number(&self, node: NodeId) -> Option<usize> {
        let index = self.stack_index.get(node.0 as usize).copied().flatten()?;
        Some(index as usize)
    }

    pub(crate) fn error(&mut self, path: &str, kind: ErrorKind) {
        self.errors.push(SynthError::new(path, kind));
    }

    /// Finds the stacks and their elements, checks placement, and collects recorded errors.
    fn collect_structure(&mut self) {
        for id in self.tree.descendants(NodeId(0)) {
            let node = self.tree.node(id);
            for entry in node.metadata().iter().filter(|m| m.kind == ERROR_METADATA) {
                let message = entry
                    .data
                    .as_str()
                    .map_or_else(|| entry.data.to_string(), str::to_owned);
                self.error(&display_path(&node.path), ErrorKind::Annotation(message));
            }
            let enclosing_stack = node.parent.and_then(|p| self.tree.stack_of(p));
            let own_env = match &node.kind {
                NodeKind::Stage(s) => Some(&s.env),
                NodeKind::Stack(s) => Some(&s.props.env),
                _ => None,
            };
            for problem in own_env.map(Environment::problems).unwrap_or_default() {
                self.error(&node.path, problem);
            }
            match &node.kind {
                NodeKind::App => {}
                NodeKind::Stage(_) if enclosing_stack.is_some() => {
                    self.error(
                        &node.path,
                        ErrorKind::Placement("a stage cannot be placed inside a stack".into()),
                    );
                }
                NodeKind::Stack(_) if enclosing_stack.is_some() => {
                    self.error(
                        &node.path,
                        ErrorKind::Placement(
                            "a stack cannot be placed inside another stack".into(),
                        ),
                    );
                }
                NodeKind::Stack(_) => self.add_stack(id),
                NodeKind::Element(_) => match enclosing_stack.and_then(|s| self.stack_number(s)) {
                    Some(s) => self.stacks[s].elements.push(id),
                    None => {
                        let what = node.kind.describe();
                        self.error(
                            &node.path,
                            ErrorKind::Placement(format!("a {what} must be placed inside a stack")),
                        );
                    }
                },
                NodeKind::Asset(_) => match enclosing_stack.and_then(|s| self.stack_number(s)) {
                    Some(s) => self.stacks[s].assets.push(id),
                    None => self.error(
                        &node.path,
                        ErrorKind::Placement("a file asset must be placed inside a stack".into()),
                    ),
                },
                NodeKind::Stage(_) | NodeKind::Construct(_) => {}
            }
        }
    }

    fn add_stack(&mut self, id: NodeId) {
        let tree = self.tree;
        let info = StackInfo {
            node: id,
            path: tree.node(id).path.clone(),
            stack_name: stack_name(tree, id),
            artifact_id: artifact_id(tree, id),
            assembly: tree.assembly_of(id),
            env: environment(tree, id),
            synthesizer: stack_data(tree, id).props.synthesizer.clone(),
            elements: Vec::new(),
            assets: Vec::new(),
        };
        if !is_valid_stack_name(&info.stack_name) {
            let name = info.stack_name.clone();
            self.error(&info.path, ErrorKind::InvalidStackName { name });
        }
        self.stack_index[id.0 as usize] = u32::try_from(self.stacks.len()).ok();
        self.stacks.push(info);
        self.exports.push(Vec::new());
        self.dependencies.push(BTreeSet::new());
    }

    /// Two stacks deployed under one name into one environment (whatever their stages) cannot
    /// both exist: reported at the later stack, naming the earlier.
    fn check_stack_names(&mut self) {
        let mut seen: HashMap<(&str, &Environment), usize> = HashMap::new();
        let mut duplicates = Vec::new();
        for (s, info) in self.stacks.iter().enumerate() {
            if let Some(&first) = seen.get(&(info.stack_name.as_str(), &info.env)) {
                duplicates.push((first, s));
            } else {
                seen.insert((&info.stack_name, &info.env), s);
            }
        }
        for (first, s) in duplicates {
            let kind = ErrorKind::DuplicateStackName {
                name: self.stacks[s].stack_name.clone(),
                other: self.stacks[first].path.clone(),
                environment: self.stacks[s].env.uri(),
            };
            let path = self.stacks[s].path.clone();
            self.error(&path, kind);
        }
    }

    /// Computes every element's logical id and checks validity and uniqueness per stack.
    fn assign_logical_ids(&mut self) {
        let tree = self.tree;
        let mut problems = Vec::new();
        for info in &self.stacks {
            for &element in &info.elements {
                let logical_id = match &tree.node(element).kind {
                    NodeKind::Element(e) => e.logical_id_override.clone(),
                    _ => None,
                }
                .unwrap_or_else(|| make_unique_id(&tree.ids_between(info.node, element)));
                self.logical_ids[element.0 as usize] = logical_id;
            }
            // Checked once the stack's ids are in place, borrowing them (no copies).
            let mut seen: HashMap<&str, NodeId> = HashMap::with_capacity(info.elements.len());
            for &element in &info.elements {
                let logical_id = self.logical_ids[element.0 as usize].as_str();
                let path = &tree.node(element).path;
                if !is_valid_logical_id(logical_id) {
                    let kind = ErrorKind::InvalidLogicalId(logical_id.to_owned());
                    problems.push(SynthError::new(path, kind));
                } else if let Some(other) = seen.get(logical_id) {
                    let kind = ErrorKind::DuplicateLogicalId {
                        logical_id: logical_id.to_owned(),
                        other: tree.node(*other).path.clone(),
                    };
                    problems.push(SynthError::new(path, kind));
                } else {
                    seen.insert(logical_id, element);
                }
            }
        }
        self.errors.append(&mut problems);
    }

    /// Records that stack `consumer` must be deployed after `producer`.
    pub(crate) fn add_dependency(&mut self, consumer: usize, producer: usize, path: &str) {
        if consumer == producer {
            return;
        }
        if self.stacks[consumer].assembly != self.stacks[producer].assembly {
            let reason = format!(
                "stack {} cannot depend on stack {}: dependencies cannot cross stage boundaries",
                self.stacks[consumer].path, self.stacks[producer].path
            );
            self.error(path, ErrorKind::Placement(reason));
            return;
        }
        self.dependencies[consumer].insert(producer);
    }

    /// Adds the dependencies declared with `Stack::add_dependency`.
    fn explicit_dependencies(&mut self) {
        for consumer in 0..self.stacks.len() {
            let declared = stack_data(self.tree, self.stacks[consumer].node)
                .dependencies
                .clone();
            for other in declared {
                let path = self.stacks[consumer].path.clone();
                if !std::ptr::eq(Rc::as_ptr(&other.tree), self.tree_ptr) {
                    self.error(
                        &path,
                        ErrorKind::ForeignReference {
                            target: format!("stack {}", other.path()),
                        },
                    );
                    continue;
                }
                if let Some(producer) = self.stack_number(other.id) {
                    self.add_dependency(consumer, producer, &path);
                }
            }
        }
    }

    /// Reports every dependency cycle among stacks (once per cycle).
    fn check_cycles(&mut self) {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Active,
            Done,
        }
        let mut marks = vec![Mark::New; self.stacks.len()];
        let mut cycles = Vec::new();
        for start in 0..self.stacks.len() {
            if marks[start] != Mark::New {
                continue;
            }
            // Iterative depth-first search keeping the active path.
            let mut path: Vec<(usize, Vec<usize>)> =
                vec![(start, self.dependencies[start].iter().copied().collect())];
            marks[start] = Mark::Active;
            while let Some((node, rest)) = path.last_mut() {
                let node = *node;
                match rest.pop() {
                    Some(next) if marks[next] == Mark::Active => {
                        let from = path.iter().position(|(n, _)| *n == next).unwrap_or(0);
                        let mut cycle: Vec<String> = path[from..]
                            .iter()
                            .map(|(n, _)| self.stacks[*n].path.clone())
                            .collect();
                        cycle.push(self.stacks[next].path.clone());
                        cycles.push((self.stacks[node].path.clone(), cycle));
                    }
                    Some(next) if marks[next] == Mark::New => {
                        marks[next] = Mark::Active;
                        path.push((next, self.dependencies[next].iter().copied().collect()));
                    }
                    Some(_) => {}
                    None => {
                        marks[node] = Mark::Done;
                        path.pop();
                    }
                }
            }
        }
        for (path, cycle) in cycles {
            self.error(&path, ErrorKind::DependencyCycle { cycle });
        }
    }
}

/// Runs every node's validations, in tree order, with no borrow of the tree held.
fn run_validations(root: &Node) -> Vec<SynthError> {
    let checks: Vec<(String, crate::tree::Validation)> = {
        let data = root.data();
        data.descendants(NodeId(0))
            .into_iter()
            .flat_map(|id| {
                let node = data.node(id);
                let path = display_path(&node.path);
                node.validations()
                    .iter()
                    .map(move |v| (path.clone(), v.clone()))
            })
            .collect()
    };
    checks
        .into_iter()
        .flat_map(|(path, check)| {
            check()
                .into_iter()
                .map(move |message| SynthError::new(path.clone(), ErrorKind::Annotation(message)))
        })
        .collect()
}
