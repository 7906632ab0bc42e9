//! Assertions for tests of stackwright apps, in the manner of the CDK's `aws-cdk-lib/assertions`:
//! [`Template`] states the intent (`has_resource_properties`, `resource_count_is`,
//! `has_output`...), [`Match`] builds patterns (`object_like`, `array_with`, `absent`...),
//! [`assert_template_snapshot!`] snapshots a stack's template with insta, and [`tools`] runs the
//! real validators over a written assembly.
//!
//! A failed assertion panics with what differs: the closest candidate and each mismatch with
//! its JSON path, e.g.
//!
//! ```text
//! the template has 1 resource of type AWS::S3::Bucket, but it does not match.
//! The closest is DataBucketE3889A50 (1 mismatch):
//!   /Properties/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm: expected "aws:kms", got "AES256"
//! ```
//!
//! Every assertion has a `try_` form returning that message as an error instead.

mod matcher;
mod snapshot;
mod template;
pub mod tools;

pub use matcher::{IntoFields, IntoItems, Match, Mismatch};
pub use snapshot::{snapshot_name, template_text, try_template_text};
pub use template::Template;

/// insta, for [`assert_template_snapshot!`].
#[doc(hidden)]
pub use insta;
