//! Build caches: none, an S3 bucket (with a prefix), or the build host's local caches.

use stackwright_cfn::codebuild::project::ProjectCache;
use stackwright_core::{Aws, Fn, Val};

use crate::s3::Bucket;

/// A local cache kept on the build host between builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalCacheMode {
    /// The Git metadata of the source.
    Source,
    /// Docker image layers (needs privileged mode).
    DockerLayer,
    /// The directories of the buildspec's `cache.paths`.
    Custom,
}

impl LocalCacheMode {
    fn name(self) -> &'static str {
        match self {
            LocalCacheMode::Source => "LOCAL_SOURCE_CACHE",
            LocalCacheMode::DockerLayer => "LOCAL_DOCKER_LAYER_CACHE",
            LocalCacheMode::Custom => "LOCAL_CUSTOM_CACHE",
        }
    }
}

/// How a project caches between builds.
///
/// ```
/// use stackwright_aws::codebuild::{Cache, LocalCacheMode};
/// let cache = Cache::local([LocalCacheMode::DockerLayer, LocalCacheMode::Custom]);
/// # let _ = cache;
/// ```
#[derive(Debug, Clone, Default)]
pub enum Cache {
    /// No cache (the default).
    #[default]
    None,
    /// The buildspec's `cache.paths` in an S3 bucket, under a prefix (the project's role may
    /// read and write the bucket).
    Bucket {
        /// The bucket.
        bucket: Bucket,
        /// The key prefix.
        prefix: Option<String>,
    },
    /// Caches on the build host.
    Local(Vec<LocalCacheMode>),
}

impl Cache {
    /// Caches in `bucket`, under `prefix`.
    pub fn bucket(bucket: &Bucket, prefix: Option<&str>) -> Self {
        Cache::Bucket {
            bucket: bucket.clone(),
            prefix: prefix.map(str::to_owned),
        }
    }

    /// Caches on the build host.
    pub fn local(modes: impl IntoIterator<Item = LocalCacheMode>) -> Self {
        Cache::Local(modes.into_iter().collect())
    }

    /// The `Cache` property, as aws-cdk-lib writes it (an S3 location is the bucket name and
    /// the prefix joined with `/`, `AWS::NoValue` without a prefix).
    pub(crate) fn render(&self) -> ProjectCache {
        match self {
            Cache::None => ProjectCache::new("NO_CACHE"),
            Cache::Bucket { bucket, prefix } => {
                let prefix = prefix.as_deref().map_or_else(Aws::no_value, Val::from);
                ProjectCache::new("S3").location(Fn::join("/", [bucket.bucket_name(), prefix]))
            }
            Cache::Local(modes) => ProjectCache::new("LOCAL").modes(
                modes
                    .iter()
                    .map(|m| Val::from(m.name()))
                    .collect::<Vec<Val<String>>>(),
            ),
        }
    }
}
