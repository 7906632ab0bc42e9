//! Function and layer code: a local directory or `.zip` file shipped as an asset, inline source,
//! or an object in a bucket.

use std::path::PathBuf;

use stackwright_core::{FileAsset, Scope, Val, Value};

/// Where a function's (or layer's) code comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Code {
    /// A directory (zipped when published) or a `.zip` file, shipped as a file asset.
    Asset(PathBuf),
    /// Source code written into the template (Python and Node.js only, up to 4 KiB).
    Inline(String),
    /// An object in a bucket.
    Bucket {
        /// The bucket name.
        bucket: Val<String>,
        /// The object key.
        key: Val<String>,
        /// The object version, for versioned buckets.
        version: Option<Val<String>>,
    },
}

/// The largest inline code Lambda accepts.
pub(crate) const MAX_INLINE_BYTES: usize = 4096;

impl Code {
    /// A directory or a `.zip` file, shipped as a file asset published with the stack.
    pub fn from_asset(path: impl Into<PathBuf>) -> Self {
        Code::Asset(path.into())
    }

    /// Inline source code.
    pub fn from_inline(source: impl Into<String>) -> Self {
        Code::Inline(source.into())
    }

    /// An object in a bucket.
    pub fn from_bucket(bucket: impl Into<Val<String>>, key: impl Into<Val<String>>) -> Self {
        Code::Bucket {
            bucket: bucket.into(),
            key: key.into(),
            version: None,
        }
    }

    /// The `S3Bucket`/`S3Key`/`S3ObjectVersion` (or `ZipFile`) entries, staging an asset as the
    /// child `Code` of `scope` (the CDK's id).
    pub(crate) fn render(&self, scope: &impl Scope) -> Vec<(&'static str, Value)> {
        match self {
            Code::Asset(path) => {
                let asset = FileAsset::new(scope, "Code", path);
                vec![
                    ("S3Bucket", asset.bucket_name().into_value()),
                    ("S3Key", asset.object_key().into_value()),
                ]
            }
            Code::Inline(source) => vec![("ZipFile", Value::from(source.as_str()))],
            Code::Bucket {
                bucket,
                key,
                version,
            } => {
                let mut out = vec![
                    ("S3Bucket", bucket.as_value().clone()),
                    ("S3Key", key.as_value().clone()),
                ];
                if let Some(v) = version {
                    out.push(("S3ObjectVersion", v.as_value().clone()));
                }
                out
            }
        }
    }
}
