//! `SecurityConfiguration`: KMS encryption of what jobs and crawlers write.

use stackwright_cfn::glue::{CfnSecurityConfiguration, CfnSecurityConfigurationProps};
use stackwright_core::{Construct, Node, Scope, Val, Value};

/// Options of a [`SecurityConfiguration`]: each kind of output encrypted with a KMS key.
#[derive(Debug, Clone)]
#[must_use]
pub struct SecurityConfigurationProps {
    name: String,
    s3_key_arn: Option<Val<String>>,
    cloud_watch_key_arn: Option<Val<String>>,
    bookmarks_key_arn: Option<Val<String>>,
}

impl SecurityConfigurationProps {
    /// A configuration named `name`, encrypting nothing until keys are given.
    pub fn new(name: impl Into<String>) -> Self {
        SecurityConfigurationProps {
            name: name.into(),
            s3_key_arn: None,
            cloud_watch_key_arn: None,
            bookmarks_key_arn: None,
        }
    }

    /// Encrypts the S3 output with this KMS key (SSE-KMS).
    pub fn s3_key(mut self, key_arn: impl Into<Val<String>>) -> Self {
        self.s3_key_arn = Some(key_arn.into());
        self
    }

    /// Encrypts the CloudWatch logs with this KMS key.
    pub fn cloud_watch_key(mut self, key_arn: impl Into<Val<String>>) -> Self {
        self.cloud_watch_key_arn = Some(key_arn.into());
        self
    }

    /// Encrypts job bookmarks with this KMS key.
    pub fn bookmarks_key(mut self, key_arn: impl Into<Val<String>>) -> Self {
        self.bookmarks_key_arn = Some(key_arn.into());
        self
    }
}

/// A Glue security configuration.
#[derive(Debug, Clone)]
pub struct SecurityConfiguration {
    construct: Construct,
    resource: CfnSecurityConfiguration,
}

impl Scope for SecurityConfiguration {
    fn node(&self) -> &Node {
        self.construct.node()
    }
}

impl SecurityConfiguration {
    /// Creates the configuration; one that encrypts nothing is an error.
    pub fn new(scope: &impl Scope, id: &str, props: SecurityConfigurationProps) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.glue.SecurityConfiguration");
        let mut encryption: Vec<(&str, Value)> = Vec::new();
        if let Some(k) = props.cloud_watch_key_arn {
            encryption.push((
                "CloudWatchEncryption",
                Value::map_of([
                    ("CloudWatchEncryptionMode", Value::from("SSE-KMS")),
                    ("KmsKeyArn", k.into_value()),
                ]),
            ));
        }
        if let Some(k) = props.bookmarks_key_arn {
            encryption.push((
                "JobBookmarksEncryption",
                Value::map_of([
                    ("JobBookmarksEncryptionMode", Value::from("CSE-KMS")),
                    ("KmsKeyArn", k.into_value()),
                ]),
            ));
        }
        if let Some(k) = props.s3_key_arn {
            let item = Value::map_of([
                ("KmsKeyArn", k.into_value()),
                ("S3EncryptionMode", Value::from("SSE-KMS")),
            ]);
            encryption.push(("S3Encryptions", Value::list_of([item])));
        }
        if encryption.is_empty() {
            construct.node().add_error(
                "a security configuration must encrypt at least one of S3, CloudWatch or bookmarks",
            );
        }
        if props.name.is_empty() || props.name.chars().count() > 255 {
            construct
                .node()
                .add_error("the security configuration name must be 1 to 255 characters");
        }
        let resource = CfnSecurityConfiguration::new(
            &construct,
            "Resource",
            CfnSecurityConfigurationProps::new(
                Val::unchecked(Value::map_of(encryption)),
                props.name.as_str(),
            ),
        );
        SecurityConfiguration {
            construct,
            resource,
        }
    }

    /// The configuration's name.
    pub fn name(&self) -> Val<String> {
        self.resource.ref_value()
    }

    /// The L1 resource (escape hatch).
    pub fn resource(&self) -> &CfnSecurityConfiguration {
        &self.resource
    }
}
