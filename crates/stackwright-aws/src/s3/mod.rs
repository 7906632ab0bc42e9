//! S3: buckets with secure defaults (S3-managed encryption, every public access block on, a
//! TLS-only bucket policy), typed lifecycle and CORS rules, server access logs, EventBridge
//! notifications and grants (to the bucket policy and the key policy across accounts); bucket
//! policies; imports by name or ARN.
//!
//! ```
//! use stackwright_aws::s3::{Bucket, BucketProps, LifecycleRule, StorageClass, Transition};
//! use stackwright_core::{App, Stack, StackProps};
//!
//! let app = App::with_props(Default::default());
//! let stack = Stack::new(&app, "Storage", StackProps::default());
//! let logs = Bucket::new(&stack, "AccessLogs", BucketProps::new());
//! Bucket::new(
//!     &stack,
//!     "Raw",
//!     BucketProps::new()
//!         .versioned(true)
//!         .server_access_logs_bucket(&logs)
//!         .server_access_logs_prefix("raw/")
//!         .event_bridge_enabled(true)
//!         .lifecycle_rule(
//!             LifecycleRule::new()
//!                 .transition(Transition::after_days(StorageClass::Glacier, 365))
//!                 .expiration_days(2555),
//!         ),
//! );
//! ```

mod bucket;
mod bucket_policy;
mod cors_rule;
mod lifecycle_rule;
mod names;

pub use bucket::{
    BlockPublicAccess, Bucket, BucketAccess, BucketEncryption, BucketProps, TlsVersion,
};
pub use bucket_policy::{BucketPolicy, BucketPolicyProps};
pub use cors_rule::{CorsRule, HttpMethod};
pub use lifecycle_rule::{LifecycleRule, NoncurrentVersionTransition, StorageClass, Transition};
