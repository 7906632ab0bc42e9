//! Helpers shared by the integration tests of this crate (`mod support;` in each test file).
// Each test file uses a different subset of these helpers.
#![allow(dead_code)]

use stackwright_core::*;

/// An app that does not read the CDK CLI's environment variables.
pub fn app() -> App {
    App::with_props(AppProps::default())
}

/// A stack with the bootstrapless synthesizer: its template has no bootstrap parameter or rule.
pub fn bare(scope: &impl Scope, id: &str) -> Stack {
    Stack::new(
        scope,
        id,
        StackProps::default().synthesizer(Synthesizer::Bootstrapless),
    )
}

/// Typed properties of `AWS::S3::Bucket` (a stand-in for the generated L1 props).
#[derive(Debug, Clone, Default)]
pub struct BucketProps {
    /// `BucketName`.
    pub bucket_name: Option<Val<String>>,
}

/// The facts of the stand-in bucket type.
pub const BUCKET_SPEC: ResourceSpec = ResourceSpec {
    type_name: "AWS::S3::Bucket",
    tag_format: TagFormat::KeyValueList("Tags"),
    create_only_properties: &["BucketName"],
    primary_identifier: &["BucketName"],
    attributes: &["Arn", "DomainName"],
    documentation: "",
};

impl ResourceProps for BucketProps {
    const SPEC: &'static ResourceSpec = &BUCKET_SPEC;

    fn for_each_property(&self, f: &mut dyn FnMut(&str, &Value)) {
        if let Some(name) = &self.bucket_name {
            f("BucketName", name.as_value());
        }
    }
}

/// Typed properties of another type, to check that `update_props` tells types apart.
#[derive(Debug, Clone, Default)]
pub struct NotBucketProps;

impl ResourceProps for NotBucketProps {
    const SPEC: &'static ResourceSpec = &ResourceSpec {
        type_name: "AWS::SNS::Topic",
        tag_format: TagFormat::NotTaggable,
        create_only_properties: &[],
        primary_identifier: &[],
        attributes: &[],
        documentation: "",
    };

    fn for_each_property(&self, _: &mut dyn FnMut(&str, &Value)) {}
}
