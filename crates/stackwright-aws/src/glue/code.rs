//! Scripts, extra Python files and jars: a local file shipped as an asset, or an object in a
//! bucket.

use std::path::PathBuf;

use stackwright_core::{Aws, FileAsset, Scope, Val};

use crate::arn::concat;

/// Where a script (or an extra file) comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Code {
    /// A local file, shipped as a file asset published with the stack.
    Asset(PathBuf),
    /// An object in a bucket.
    Bucket {
        /// The bucket name.
        bucket: Val<String>,
        /// The object key.
        key: Val<String>,
    },
}

/// A located script: its `s3://` URL and the object ARN a role needs to read it.
pub(crate) struct Located {
    pub(crate) url: Val<String>,
    pub(crate) object_arn: Val<String>,
}

impl Code {
    /// A local file (a `.py` script, a `.zip` of Python modules, a `.jar`).
    pub fn from_asset(path: impl Into<PathBuf>) -> Self {
        Code::Asset(path.into())
    }

    /// An object in a bucket.
    pub fn from_bucket(bucket: impl Into<Val<String>>, key: impl Into<Val<String>>) -> Self {
        Code::Bucket {
            bucket: bucket.into(),
            key: key.into(),
        }
    }

    /// Stages an asset as the child `id` of `scope` (or takes the bucket object) and returns
    /// where it is.
    pub(crate) fn locate(&self, scope: &impl Scope, id: &str) -> Located {
        let (bucket, key) = match self {
            Code::Asset(path) => {
                if path.is_dir() {
                    scope.node().add_error(format!(
                        "{} is a directory: a Glue script or extra file must be a single file",
                        path.display()
                    ));
                }
                let asset = FileAsset::new(scope, id, path);
                (asset.bucket_name(), asset.object_key())
            }
            Code::Bucket { bucket, key } => (bucket.clone(), key.clone()),
        };
        Located {
            url: concat([
                Val::from("s3://"),
                bucket.clone(),
                Val::from("/"),
                key.clone(),
            ]),
            object_arn: concat([
                Val::from("arn:"),
                Aws::partition(),
                Val::from(":s3:::"),
                bucket,
                Val::from("/"),
                key,
            ]),
        }
    }
}
