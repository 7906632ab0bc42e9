//! File assets: local files or directories (Lambda code, Glue scripts) staged into the cloud
//! assembly and published by the CDK CLI (or a pipeline) to the bootstrap bucket of the stack's
//! environment. The hash is of the contents only, so it is the same on every machine.

use std::fs;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::intrinsics::Fn;
use crate::stack::Stack;
use crate::synthesizer::{BootstrapNames, Synthesizer};
use crate::tree::{Node, NodeKind, Scope};
use crate::value::Val;

/// How an asset is uploaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssetPackaging {
    /// A single file, uploaded as it is.
    File,
    /// A directory, zipped at publication.
    ZipDirectory,
}

impl AssetPackaging {
    /// The value of `packaging` in the asset manifest.
    pub fn manifest_value(self) -> &'static str {
        match self {
            AssetPackaging::File => "file",
            AssetPackaging::ZipDirectory => "zip",
        }
    }
}

/// What an asset node holds: the contents read when the asset was created.
pub(crate) struct AssetData {
    pub(crate) packaging: AssetPackaging,
    pub(crate) hash: String,
    /// The file name the asset gets inside the assembly (`asset.<hash>.<ext>` or `asset.<hash>`).
    pub(crate) staged_name: String,
    /// `(path relative to the staged name, contents)`; one entry with an empty path for a file.
    pub(crate) files: Vec<(String, Vec<u8>)>,
    pub(crate) object_key: String,
}

/// A local file or directory published with the stack that contains it.
#[derive(Clone, Debug, PartialEq)]
pub struct FileAsset {
    node: Node,
    hash: String,
    object_key: String,
    bucket_name: Val<String>,
}

impl Scope for FileAsset {
    fn node(&self) -> &Node {
        &self.node
    }
}

impl FileAsset {
    /// Stages a file (uploaded as is) or a directory (zipped). Problems (a missing path, a stack
    /// that is not bootstrapped) are reported by synthesis with this construct's path.
    pub fn new(scope: &impl Scope, id: &str, path: impl AsRef<Path>) -> Self {
        let path = path.as_ref();
        let (data, problem) = match read_source(path) {
            Ok(data) => (data, None),
            Err(e) => {
                let empty = AssetData {
                    packaging: AssetPackaging::File,
                    hash: String::new(),
                    staged_name: String::new(),
                    files: Vec::new(),
                    object_key: String::new(),
                };
                (
                    empty,
                    Some(format!(
                        "cannot read the asset source {}: {e}",
                        path.display()
                    )),
                )
            }
        };
        let (hash, object_key) = (data.hash.clone(), data.object_key.clone());
        let node = scope.node().add_child(id, NodeKind::Asset(Box::new(data)));
        if let Some(p) = problem {
            node.add_error(p);
        }
        let bucket_name = match Stack::of(&node) {
            Some(stack) => match stack.props().synthesizer {
                Synthesizer::Bootstrapped { qualifier, .. } => {
                    let names = BootstrapNames::new(&qualifier, &stack.environment());
                    if names.is_concrete() {
                        Val::from(names.bucket_name())
                    } else {
                        Fn::sub(&names.bucket_name())
                    }
                }
                Synthesizer::Bootstrapless => {
                    node.add_error("file assets need a bootstrapped stack (the bootstrapless synthesizer has no asset bucket)");
                    Val::from("")
                }
            },
            None => Val::from(""),
        };
        FileAsset {
            node,
            hash,
            object_key,
            bucket_name,
        }
    }

    /// The SHA-256 of the contents (hex).
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// The bootstrap bucket the asset is published to.
    pub fn bucket_name(&self) -> Val<String> {
        self.bucket_name.clone()
    }

    /// The object key in that bucket (`<hash>.<ext>`, or `<hash>.zip` for a directory).
    pub fn object_key(&self) -> Val<String> {
        Val::from(self.object_key.clone())
    }

    /// `s3://<bucket>/<key>`.
    pub fn s3_object_url(&self) -> Val<String> {
        Fn::join(
            "",
            [
                Val::from("s3://"),
                self.bucket_name(),
                Val::from(format!("/{}", self.object_key)),
            ],
        )
    }
}

/// Reads a file or a directory and hashes its contents.
fn read_source(path: &Path) -> std::io::Result<AssetData> {
    let mut hasher = Sha256::new();
    if path.is_dir() {
        let mut files = Vec::new();
        collect_dir(path, "", &mut files)?;
        files.sort();
        for (relative, contents) in &files {
            hasher.update(relative.as_bytes());
            hasher.update([0]);
            hasher.update(Sha256::digest(contents));
        }
        let hash = hex::encode(hasher.finalize());
        Ok(AssetData {
            packaging: AssetPackaging::ZipDirectory,
            staged_name: format!("asset.{hash}"),
            object_key: format!("{hash}.zip"),
            hash,
            files,
        })
    } else {
        let contents = fs::read(path)?;
        hasher.update(&contents);
        let hash = hex::encode(hasher.finalize());
        let extension = path
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy()))
            .unwrap_or_default();
        Ok(AssetData {
            packaging: AssetPackaging::File,
            staged_name: format!("asset.{hash}{extension}"),
            object_key: format!("{hash}{extension}"),
            hash,
            files: vec![(String::new(), contents)],
        })
    }
}

fn collect_dir(dir: &Path, prefix: &str, out: &mut Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let relative = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        let path = entry.path();
        if path.is_dir() {
            collect_dir(&path, &relative, out)?;
        } else {
            out.push((relative, fs::read(&path)?));
        }
    }
    Ok(())
}
