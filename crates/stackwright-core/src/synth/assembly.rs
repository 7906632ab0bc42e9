//! Lays out the cloud assembly: per assembly (the app and each stage) a `manifest.json`, and
//! per stack its template, asset manifest and metadata file; `tree.json` at the root.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use indexmap::IndexMap;

use serde_json::{json, Map as JsonMap, Value as Json};
use sha2::{Digest, Sha256};

use crate::context::MissingContext;
use crate::error::ErrorKind;
use crate::stack::{stack_data, stack_tags};
use crate::synthesizer::{BootstrapNames, Synthesizer};
use crate::tree::{MetadataEntry, NodeId, NodeKind, ERROR_METADATA};

use super::json::{self, JsonOut, JsonWriter};
use super::template::TemplateParts;
use super::{CloudAssembly, StackArtifact, StackTemplate, Synthesis, ASSEMBLY_VERSION};

/// The largest template CloudFormation accepts (from S3).
pub(crate) const MAX_TEMPLATE_BYTES: usize = 1_000_000;

/// One assembly directory being built.
struct AssemblyDir {
    /// The app or the stage.
    node: NodeId,
    dir: String,
    artifacts: JsonMap<String, Json>,
}

impl Synthesis<'_> {
    /// Renders every file of the assembly.
    pub(crate) fn build_assembly(&mut self, templates: Vec<TemplateParts>) -> CloudAssembly {
        let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        let mut stacks = Vec::new();
        let mut dirs: Vec<AssemblyDir> = Vec::new();
        let mut dir_index: BTreeMap<NodeId, usize> = BTreeMap::new();
        let mut templates: Vec<Option<TemplateParts>> = templates.into_iter().map(Some).collect();
        // First, while the templates' parts are all that is held: each stack's parts are
        // dropped as its files are written.
        files.insert("tree.json".into(), self.tree_json());

        for id in self.tree.descendants(NodeId(0)) {
            match &self.tree.node(id).kind {
                NodeKind::App => {
                    dir_index.insert(id, dirs.len());
                    dirs.push(AssemblyDir {
                        node: id,
                        dir: String::new(),
                        artifacts: JsonMap::new(),
                    });
                }
                NodeKind::Stage(_) => {
                    let parent_assembly = self.tree.assembly_of(id);
                    let Some(&parent) = dir_index.get(&parent_assembly) else {
                        continue;
                    };
                    let path = self.tree.node(id).path.clone();
                    let artifact_id = crate::stage::assembly_artifact_id(&path);
                    let dir = join(&dirs[parent].dir, &artifact_id);
                    dirs[parent].artifacts.insert(
                        artifact_id.clone(),
                        json!({
                            "type": "cdk:cloud-assembly",
                            "properties": { "directoryName": artifact_id, "displayName": path }
                        }),
                    );
                    dir_index.insert(id, dirs.len());
                    dirs.push(AssemblyDir {
                        node: id,
                        dir,
                        artifacts: JsonMap::new(),
                    });
                }
                NodeKind::Stack(_) => {
                    let Some(s) = self.stack_number(id) else {
                        continue;
                    };
                    let Some(&d) = dir_index.get(&self.stacks[s].assembly) else {
                        continue;
                    };
                    let Some(parts) = templates[s].take() else {
                        continue;
                    };
                    let artifact = self.write_stack(s, parts, &mut dirs[d], &mut files);
                    stacks.push(artifact);
                }
                _ => {}
            }
        }
        if let Some(root) = dirs.first_mut() {
            root.artifacts.insert(
                "Tree".into(),
                json!({ "type": "cdk:tree", "properties": { "file": "tree.json" } }),
            );
        }
        let mut missing = HashMap::new();
        let root_missing = self.collect_missing(NodeId(0), &mut missing);
        for d in dirs {
            let mut manifest = JsonMap::new();
            manifest.insert("version".into(), json!(ASSEMBLY_VERSION));
            manifest.insert("artifacts".into(), Json::Object(d.artifacts));
            if let Some(entries) = missing.get(&d.node).filter(|m| !m.is_empty()) {
                let entries = entries.iter().map(MissingContext::to_json).collect();
                manifest.insert("missing".into(), Json::Array(entries));
            }
            let manifest = Json::Object(manifest);
            files.insert(join(&d.dir, "manifest.json"), json::to_bytes(&manifest, 2));
            files.insert(
                join(&d.dir, "cdk.out"),
                json::compact(&json!({ "version": ASSEMBLY_VERSION })).into_bytes(),
            );
        }
        let files = Arc::new(files);
        for stack in &mut stacks {
            stack.template = StackTemplate::new(Arc::clone(&files), stack.template_file.clone());
        }
        CloudAssembly {
            files,
            stacks,
            missing: root_missing,
        }
    }

    /// The context lookups missing in the assembly of `assembly` (the app or a stage), as
    /// aws-cdk-lib reports them: those of the nested stages first (in tree order, each with its
    /// own nested stages before its stacks, as stages are synthesized before their parent),
    /// then those of the assembly's own stacks in tree order; the first entry of each key only.
    /// Every assembly's list goes into `lists`.
    fn collect_missing(
        &self,
        assembly: NodeId,
        lists: &mut HashMap<NodeId, Vec<MissingContext>>,
    ) -> Vec<MissingContext> {
        let mut all = Vec::new();
        let mut pending: Vec<NodeId> = self.tree.node(assembly).children.clone();
        pending.reverse();
        while let Some(id) = pending.pop() {
            let node = self.tree.node(id);
            if matches!(node.kind, NodeKind::Stage(_)) {
                all.extend(self.collect_missing(id, lists));
            } else {
                pending.extend(node.children.iter().rev());
            }
        }
        for info in self.stacks.iter().filter(|s| s.assembly == assembly) {
            for entry in &stack_data(self.tree, info.node).missing_context {
                let mut entry = entry.clone();
                match &info.synthesizer {
                    Synthesizer::Bootstrapped { qualifier, .. } => {
                        let role = BootstrapNames::new(qualifier, &info.env).role_arn("lookup");
                        entry.props.insert("lookupRoleArn".into(), json!(role));
                    }
                    Synthesizer::Bootstrapless => {
                        entry.props.shift_remove("lookupRoleArn");
                    }
                }
                all.push(entry);
            }
        }
        let mut seen = HashSet::new();
        all.retain(|m| seen.insert(m.key.clone()));
        lists.insert(assembly, all.clone());
        all
    }

    /// Writes one stack's template, asset manifest and metadata, and its manifest artifacts.
    fn write_stack(
        &mut self,
        s: usize,
        parts: TemplateParts,
        dir: &mut AssemblyDir,
        files: &mut BTreeMap<String, Vec<u8>>,
    ) -> StackArtifact {
        let info = &self.stacks[s];
        let artifact_id = info.artifact_id.clone();
        let path = info.path.clone();
        let env = info.env.clone();
        let template_name = format!("{artifact_id}.template.json");
        let metadata = self.stack_metadata(s, &parts);
        let bytes = parts.into_bytes();
        if bytes.len() > MAX_TEMPLATE_BYTES {
            self.error(
                &path,
                ErrorKind::TemplateTooLarge {
                    bytes: bytes.len(),
                    limit: MAX_TEMPLATE_BYTES,
                },
            );
        }
        let template_hash = hex::encode(Sha256::digest(&bytes));
        files.insert(join(&dir.dir, &template_name), bytes);

        let mut dependencies: Vec<String> = self.dependencies[s]
            .iter()
            .map(|p| self.stacks[*p].artifact_id.clone())
            .collect();
        dependencies.sort();
        let stack_dependencies = dependencies.clone();

        let props = &stack_data(self.tree, self.stacks[s].node).props;
        let mut properties = JsonMap::new();
        properties.insert("templateFile".into(), json!(template_name));
        properties.insert(
            "terminationProtection".into(),
            json!(props.termination_protection),
        );
        let tags: JsonMap<String, Json> = stack_tags(self.tree, self.stacks[s].node)
            .into_iter()
            .map(|(key, value)| (key, Json::String(value)))
            .collect();
        if !tags.is_empty() {
            if stack_data(self.tree, self.stacks[s].node).template_configuration {
                let config = json!({ "Tags": tags });
                let name = format!("{template_name}.config.json");
                files.insert(join(&dir.dir, &name), json::to_bytes(&config, 2));
            }
            properties.insert("tags".into(), json!(tags));
        }
        properties.insert("validateOnSynth".into(), json!(false));
        if let Synthesizer::Bootstrapped { qualifier, .. } = &self.stacks[s].synthesizer {
            let assets_id = format!("{artifact_id}.assets");
            let assets_file = format!("{artifact_id}.assets.json");
            let roles = BootstrapNames::new(qualifier, &env);
            let version_parameter = format!("/cdk-bootstrap/{qualifier}/version");
            let mut entries = self.stage_assets(s, &dir.dir, &roles, files);
            entries.insert(
                template_hash.clone(),
                json!({
                    "displayName": format!("{path} Template"),
                    "source": { "path": template_name, "packaging": "file" },
                    "destinations": { roles.destination_id(): roles.destination(&format!("{template_hash}.json")) }
                }),
            );
            let asset_manifest =
                json!({ "version": ASSEMBLY_VERSION, "files": entries, "dockerImages": {} });
            files.insert(
                join(&dir.dir, &assets_file),
                json::to_bytes(&asset_manifest, 1),
            );
            dir.artifacts.insert(
                assets_id.clone(),
                json!({
                    "type": "cdk:asset-manifest",
                    "properties": {
                        "file": assets_file,
                        "requiresBootstrapStackVersion": Synthesizer::REQUIRED_BOOTSTRAP_VERSION,
                        "bootstrapStackVersionSsmParameter": version_parameter
                    }
                }),
            );
            properties.insert("assumeRoleArn".into(), json!(roles.role_arn("deploy")));
            properties.insert(
                "cloudFormationExecutionRoleArn".into(),
                json!(roles.role_arn("cfn-exec")),
            );
            properties.insert(
                "stackTemplateAssetObjectUrl".into(),
                json!(format!("s3://{}/{template_hash}.json", roles.bucket_name())),
            );
            properties.insert(
                "requiresBootstrapStackVersion".into(),
                json!(Synthesizer::REQUIRED_BOOTSTRAP_VERSION),
            );
            properties.insert(
                "bootstrapStackVersionSsmParameter".into(),
                json!(version_parameter),
            );
            properties.insert("additionalDependencies".into(), json!([assets_id]));
            properties.insert(
                "lookupRole".into(),
                json!({
                    "arn": roles.role_arn("lookup"),
                    "requiresBootstrapStackVersion": Synthesizer::LOOKUP_BOOTSTRAP_VERSION,
                    "bootstrapStackVersionSsmParameter": version_parameter
                }),
            );
            dependencies.push(assets_id);
        }
        let stack_name = self.stacks[s].stack_name.clone();
        if stack_name != artifact_id {
            properties.insert("stackName".into(), json!(stack_name));
        }
        let metadata_file = format!("{artifact_id}.metadata.json");
        files.insert(join(&dir.dir, &metadata_file), metadata);
        let mut artifact = JsonMap::new();
        artifact.insert("type".into(), json!("aws:cloudformation:stack"));
        artifact.insert("environment".into(), json!(env.uri()));
        artifact.insert("properties".into(), Json::Object(properties));
        if !dependencies.is_empty() {
            artifact.insert("dependencies".into(), json!(dependencies));
        }
        artifact.insert("additionalMetadataFile".into(), json!(metadata_file));
        artifact.insert("displayName".into(), json!(path));
        dir.artifacts
            .insert(artifact_id.clone(), Json::Object(artifact));

        StackArtifact {
            artifact_id,
            display_name: path,
            stack_name,
            environment: env,
            template_file: join(&dir.dir, &template_name),
            dependencies: stack_dependencies,
            // The assembly's files, once they are all rendered (see `build_assembly`).
            template: StackTemplate::new(Arc::default(), join(&dir.dir, &template_name)),
        }
    }

    /// Copies the stack's file assets to the root of the assembly and returns their entries
    /// for the asset manifest of an assembly in directory `dir`.
    fn stage_assets(
        &self,
        s: usize,
        dir: &str,
        roles: &BootstrapNames<'_>,
        files: &mut BTreeMap<String, Vec<u8>>,
    ) -> JsonMap<String, Json> {
        let up = "../".repeat(dir.split('/').filter(|c| !c.is_empty()).count());
        let mut entries = JsonMap::new();
        for &asset in &self.stacks[s].assets {
            let node = self.tree.node(asset);
            let NodeKind::Asset(data) = &node.kind else {
                continue;
            };
            if data.hash.is_empty() {
                continue;
            }
            for (relative, contents) in &data.files {
                let target = if relative.is_empty() {
                    data.staged_name.clone()
                } else {
                    join(&data.staged_name, relative)
                };
                files.insert(target, contents.clone());
            }
            entries.insert(
                data.hash.clone(),
                json!({
                    "displayName": node.path,
                    "source": { "path": format!("{up}{}", data.staged_name), "packaging": data.packaging.manifest_value() },
                    "destinations": { roles.destination_id(): roles.destination(&data.object_key) }
                }),
            );
        }
        entries
    }

    /// The metadata file: `/<path>` → entries: each node's own metadata, plus the logical id
    /// of every element (added to its node's entries, or after the others).
    fn stack_metadata(&self, s: usize, parts: &TemplateParts) -> Vec<u8> {
        /// The entries of one path: its node's own (without errors), then logical ids (one,
        /// except where an error is reported anyway; kept apart so that one needs no vector).
        #[derive(Default)]
        struct Entries<'a> {
            node: &'a [MetadataEntry],
            logical_id: Option<&'a str>,
            more_logical_ids: Vec<&'a str>,
        }
        let own = |m: &&MetadataEntry| m.kind != ERROR_METADATA;
        // By construct path (the file's keys are the paths with a leading `/`).
        let mut paths: IndexMap<&str, Entries<'_>> = IndexMap::new();
        let stack = self.stacks[s].node;
        for id in self.tree.descendants(stack) {
            if id != stack && self.stack_number(id).is_some() {
                continue;
            }
            let node = self.tree.node(id);
            if node.metadata().iter().any(|m| own(&m)) {
                let entries = Entries {
                    node: node.metadata(),
                    ..Entries::default()
                };
                paths.insert(&node.path, entries);
            }
        }
        for (path, logical_id) in parts.logical_ids(self) {
            let entries = paths.entry(path).or_default();
            match entries.logical_id {
                None => entries.logical_id = Some(logical_id),
                Some(_) => entries.more_logical_ids.push(logical_id),
            }
        }
        // About 80 bytes an entry besides the path: reserved once instead of grown by copies.
        let size = paths
            .iter()
            .map(|(path, entries)| path.len() + 96 + 80 * entries.node.len())
            .sum();
        let mut out = JsonWriter::with_capacity(1, size);
        out.begin_object();
        for (path, entries) in &paths {
            out.key_prefixed("/", path);
            out.begin_array();
            for m in entries.node.iter().filter(own) {
                out.begin_object();
                out.entry_str("type", &m.kind);
                out.key("data");
                out.json(&m.data);
                out.end_object();
            }
            let ids = entries.logical_id.iter().chain(&entries.more_logical_ids);
            for id in ids {
                out.begin_object();
                out.entry_str("type", "aws:cdk:logicalId");
                out.entry_str("data", id);
                out.end_object();
            }
            out.end_array();
        }
        out.end_object();
        out.into_bytes()
    }

    /// `tree.json`: the construct tree with each node's kind.
    fn tree_json(&self) -> Vec<u8> {
        /// `fqn`: a buffer for the names of elements.
        fn write_node(syn: &Synthesis<'_>, id: NodeId, out: &mut JsonWriter, fqn: &mut String) {
            let node = syn.tree.node(id);
            out.begin_object();
            out.entry_str("id", if id == NodeId(0) { "App" } else { &node.id });
            out.entry_str("path", &node.path);
            if !node.children.is_empty() {
                out.key("children");
                out.begin_object();
                for &child in &node.children {
                    out.key(&syn.tree.node(child).id);
                    write_node(syn, child, out, fqn);
                }
                out.end_object();
            }
            if let NodeKind::Element(e) = &node.kind {
                if let crate::element::ElementKind::Resource(r) = &e.kind {
                    out.key("attributes");
                    out.begin_object();
                    out.entry_str("aws:cdk:cloudformation:type", &r.type_name);
                    out.end_object();
                }
            }
            out.key("constructInfo");
            out.begin_object();
            match &node.kind {
                NodeKind::App => out.entry_str("fqn", "stackwright.App"),
                NodeKind::Stage(_) => out.entry_str("fqn", "stackwright.Stage"),
                NodeKind::Stack(_) => out.entry_str("fqn", "stackwright.Stack"),
                NodeKind::Construct(fqn) => out.entry_str("fqn", fqn),
                NodeKind::Asset(_) => out.entry_str("fqn", "stackwright.FileAsset"),
                NodeKind::Element(e) => {
                    fqn.clear();
                    fqn.push_str("stackwright.");
                    e.describe_into(fqn);
                    out.entry_str("fqn", fqn);
                }
            }
            out.entry_str("version", env!("CARGO_PKG_VERSION"));
            out.end_object();
            out.end_object();
        }
        // About 200 bytes a node: reserved once instead of grown by copies.
        let mut out = JsonWriter::with_capacity(1, self.tree.nodes.len() * 200);
        out.begin_object();
        out.entry_str("version", "tree-0.1");
        out.key("tree");
        write_node(self, NodeId(0), &mut out, &mut String::new());
        out.end_object();
        out.into_bytes()
    }
}

/// Joins relative paths with `/`.
fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_owned()
    } else {
        format!("{dir}/{name}")
    }
}
