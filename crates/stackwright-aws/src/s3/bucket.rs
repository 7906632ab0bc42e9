//! `Bucket`: an S3 bucket with secure defaults (encryption, public access blocked, TLS-only
//! policy), typed lifecycle and CORS rules, server access logs, EventBridge notifications and
//! grants; imports by name or ARN.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use stackwright_cfn::s3::bucket as cfn;
use stackwright_cfn::s3::{CfnBucket, CfnBucketProps};
use stackwright_core::{
    Aws, Construct, Fn, Lazy, Node, PropertyValue, RemovalPolicy, Scope, Stack, Val,
};

use super::bucket_policy::{BucketPolicy, BucketPolicyProps};
use super::cors_rule::CorsRule;
use super::lifecycle_rule::LifecycleRule;
use super::names::{bucket_name_problems, imported_bucket_name_problems};
use crate::arn::{concat, parse_arn, ArnParts};
use crate::iam::{
    Condition, ConditionOperator, Grant, Grantable, PolicyStatement, Principal, ResourceWithPolicy,
};
use crate::kms::{Key, KeyProps};

/// Reading objects and listing the bucket (aws-cdk-lib's `BUCKET_READ_ACTIONS`).
const READ_ACTIONS: [&str; 3] = ["s3:GetObject*", "s3:GetBucket*", "s3:List*"];
/// Writing objects (`BUCKET_PUT_ACTIONS`; without the ACL actions).
const PUT_ACTIONS: [&str; 6] = [
    "s3:PutObject",
    "s3:PutObjectLegalHold",
    "s3:PutObjectRetention",
    "s3:PutObjectTagging",
    "s3:PutObjectVersionTagging",
    "s3:Abort*",
];
/// Setting object ACLs (aws-cdk-lib's `grantPutAcl`).
const PUT_ACL_ACTIONS: [&str; 2] = ["s3:PutObjectAcl", "s3:PutObjectVersionAcl"];
/// Deleting objects (`BUCKET_DELETE_ACTIONS`).
const DELETE_ACTIONS: [&str; 1] = ["s3:DeleteObject*"];
/// Using the bucket's key to read (`KEY_READ_ACTIONS`).
const KEY_READ_ACTIONS: [&str; 2] = ["kms:Decrypt", "kms:DescribeKey"];
/// Using the bucket's key to write (`KEY_WRITE_ACTIONS`).
const KEY_WRITE_ACTIONS: [&str; 4] = [
    "kms:Encrypt",
    "kms:ReEncrypt*",
    "kms:GenerateDataKey*",
    "kms:Decrypt",
];
/// The service that delivers server access logs.
const LOG_DELIVERY_SERVICE: &str = "logging.s3.amazonaws.com";

/// How objects are encrypted at rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BucketEncryption {
    /// SSE-S3: keys managed by S3 (`AES256`). The default.
    S3Managed,
    /// SSE-KMS with the AWS-managed key `aws/s3`.
    KmsManaged,
    /// SSE-KMS with a customer-managed key: the one given with
    /// [`BucketProps::encryption_key`], or a key created as the child `Key` (rotation on).
    Kms,
}

/// The four switches of S3's public access block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockPublicAccess {
    /// Refuse requests that set public ACLs.
    pub block_public_acls: bool,
    /// Refuse bucket policies that grant public access.
    pub block_public_policy: bool,
    /// Ignore public ACLs on the bucket and its objects.
    pub ignore_public_acls: bool,
    /// Restrict access under a public policy to AWS services and the owner's account.
    pub restrict_public_buckets: bool,
}

impl BlockPublicAccess {
    /// All four on (our default).
    pub const BLOCK_ALL: BlockPublicAccess = BlockPublicAccess {
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
    };
    /// Public ACLs blocked and ignored; public policies allowed.
    pub const BLOCK_ACLS: BlockPublicAccess = BlockPublicAccess {
        block_public_acls: true,
        block_public_policy: false,
        ignore_public_acls: true,
        restrict_public_buckets: false,
    };
    /// All four off: the bucket may be made public.
    pub const OFF: BlockPublicAccess = BlockPublicAccess {
        block_public_acls: false,
        block_public_policy: false,
        ignore_public_acls: false,
        restrict_public_buckets: false,
    };

    fn render(self) -> cfn::PublicAccessBlockConfiguration {
        cfn::PublicAccessBlockConfiguration::new()
            .block_public_acls(self.block_public_acls)
            .block_public_policy(self.block_public_policy)
            .ignore_public_acls(self.ignore_public_acls)
            .restrict_public_buckets(self.restrict_public_buckets)
    }
}

/// The lowest TLS version the bucket policy lets clients use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsVersion {
    /// TLS 1.2.
    V1_2,
    /// TLS 1.3.
    V1_3,
}

impl TlsVersion {
    fn number(self) -> f64 {
        match self {
            TlsVersion::V1_2 => 1.2,
            TlsVersion::V1_3 => 1.3,
        }
    }
}

/// What a grant lets the grantee do with the bucket's objects (and its key, if any).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BucketAccess {
    /// Read objects and list the bucket; decrypt.
    Read,
    /// Put and delete objects; encrypt and decrypt.
    Write,
    /// Read and write.
    ReadWrite,
    /// Put objects (no delete, no list); encrypt and decrypt.
    Put,
    /// Delete objects.
    Delete,
}

impl BucketAccess {
    /// The S3 actions, in aws-cdk-lib's order.
    fn bucket_actions(self) -> Vec<&'static str> {
        let write = || DELETE_ACTIONS.iter().chain(&PUT_ACTIONS).copied();
        match self {
            BucketAccess::Read => READ_ACTIONS.to_vec(),
            BucketAccess::Write => write().collect(),
            BucketAccess::ReadWrite => READ_ACTIONS.iter().copied().chain(write()).collect(),
            BucketAccess::Put => PUT_ACTIONS.to_vec(),
            BucketAccess::Delete => DELETE_ACTIONS.to_vec(),
        }
    }

    /// The KMS actions on the bucket's key, in aws-cdk-lib's order, duplicates removed.
    fn key_actions(self) -> Vec<&'static str> {
        let all: Vec<&str> = match self {
            BucketAccess::Read => KEY_READ_ACTIONS.to_vec(),
            BucketAccess::Write | BucketAccess::Put => KEY_WRITE_ACTIONS.to_vec(),
            BucketAccess::ReadWrite => KEY_READ_ACTIONS
                .iter()
                .chain(&KEY_WRITE_ACTIONS)
                .copied()
                .collect(),
            BucketAccess::Delete => Vec::new(),
        };
        let mut unique = Vec::new();
        for action in all {
            if !unique.contains(&action) {
                unique.push(action);
            }
        }
        unique
    }

    /// Whether the grant covers the bucket itself (listing) besides its objects.
    fn includes_bucket(self) -> bool {
        matches!(
            self,
            BucketAccess::Read | BucketAccess::Write | BucketAccess::ReadWrite
        )
    }
}

/// Options of a [`Bucket`]. The defaults are secure: S3-managed encryption, every public access
/// block on, a bucket policy that denies requests without TLS, retained when removed.
#[derive(Debug, Clone)]
#[must_use]
pub struct BucketProps {
    bucket_name: Option<Val<String>>,
    encryption: Option<BucketEncryption>,
    encryption_key: Option<Key>,
    bucket_key_enabled: Option<bool>,
    versioned: bool,
    block_public_access: BlockPublicAccess,
    enforce_ssl: bool,
    minimum_tls_version: Option<TlsVersion>,
    lifecycle_rules: Vec<LifecycleRule>,
    cors_rules: Vec<CorsRule>,
    server_access_logs_bucket: Option<Bucket>,
    server_access_logs_prefix: Option<String>,
    event_bridge_enabled: bool,
    removal_policy: Option<RemovalPolicy>,
}

impl Default for BucketProps {
    fn default() -> Self {
        BucketProps {
            bucket_name: None,
            encryption: None,
            encryption_key: None,
            bucket_key_enabled: None,
            versioned: false,
            block_public_access: BlockPublicAccess::BLOCK_ALL,
            enforce_ssl: true,
            minimum_tls_version: None,
            lifecycle_rules: Vec::new(),
            cors_rules: Vec::new(),
            server_access_logs_bucket: None,
            server_access_logs_prefix: None,
            event_bridge_enabled: false,
            removal_policy: None,
        }
    }
}

impl BucketProps {
    /// The secure defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// A physical name (default: generated by CloudFormation). Checked at synthesis: 3 to 63
    /// lowercase letters, digits, `.` and `-`, starting and ending with a letter or digit, not an
    /// IP address, no reserved prefix or suffix.
    pub fn bucket_name(mut self, name: impl Into<Val<String>>) -> Self {
        self.bucket_name = Some(name.into());
        self
    }

    /// How objects are encrypted (default: [`BucketEncryption::S3Managed`], or
    /// [`BucketEncryption::Kms`] when a key is given; the CDK's default writes no encryption).
    pub fn encryption(mut self, encryption: BucketEncryption) -> Self {
        self.encryption = Some(encryption);
        self
    }

    /// The customer-managed key of [`BucketEncryption::Kms`]; grants on the bucket also grant
    /// on it.
    pub fn encryption_key(mut self, key: &Key) -> Self {
        self.encryption_key = Some(key.clone());
        self
    }

    /// S3 Bucket Keys: fewer KMS requests (and lower cost) with SSE-KMS (default: not written).
    pub fn bucket_key_enabled(mut self, on: bool) -> Self {
        self.bucket_key_enabled = Some(on);
        self
    }

    /// Keeps every version of every object (default: off).
    pub fn versioned(mut self, on: bool) -> Self {
        self.versioned = on;
        self
    }

    /// The public access block (default: [`BlockPublicAccess::BLOCK_ALL`]; the CDK writes none).
    pub fn block_public_access(mut self, block: BlockPublicAccess) -> Self {
        self.block_public_access = block;
        self
    }

    /// A bucket policy statement denying every request made without TLS (default: on; the
    /// CDK's default is off).
    pub fn enforce_ssl(mut self, on: bool) -> Self {
        self.enforce_ssl = on;
        self
    }

    /// Also denies requests made with a TLS version below this one (needs `enforce_ssl`).
    pub fn minimum_tls_version(mut self, version: TlsVersion) -> Self {
        self.minimum_tls_version = Some(version);
        self
    }

    /// Adds a lifecycle rule.
    pub fn lifecycle_rule(mut self, rule: LifecycleRule) -> Self {
        self.lifecycle_rules.push(rule);
        self
    }

    /// Adds a CORS rule.
    pub fn cors_rule(mut self, rule: CorsRule) -> Self {
        self.cors_rules.push(rule);
        self
    }

    /// Delivers server access logs to `bucket`; a bucket of this app is given the log delivery
    /// ACL (`LogDeliveryWrite`, object ownership `ObjectWriter`) and, if it has a key, a key
    /// policy statement for the log delivery service, as the CDK does.
    pub fn server_access_logs_bucket(mut self, bucket: &Bucket) -> Self {
        self.server_access_logs_bucket = Some(bucket.clone());
        self
    }

    /// The key prefix of the server access logs; without a logs bucket, the bucket logs to
    /// itself.
    pub fn server_access_logs_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.server_access_logs_prefix = Some(prefix.into());
        self
    }

    /// Sends the bucket's events to Amazon EventBridge (default: off). Written in the bucket's
    /// `NotificationConfiguration`, where the CDK uses a custom resource.
    pub fn event_bridge_enabled(mut self, on: bool) -> Self {
        self.event_bridge_enabled = on;
        self
    }

    /// What happens to the bucket when it leaves the stack (default: retained, as in the CDK).
    pub fn removal_policy(mut self, policy: RemovalPolicy) -> Self {
        self.removal_policy = Some(policy);
        self
    }
}

/// An S3 bucket: created in a stack, or imported by name or ARN.
///
/// A created bucket has secure defaults (see [`BucketProps`]); its resource policy is the child
/// `Policy`, created on the first statement (the TLS-only statement, by default), and a key it
/// creates for [`BucketEncryption::Kms`] is the child `Key`, so logical ids match the CDK's.
/// Grants to a principal of another account also go to the bucket policy (and the key policy).
///
/// ```
/// use stackwright_aws::iam::{Principal, Role, RoleProps};
/// use stackwright_aws::s3::{Bucket, BucketEncryption, BucketProps, LifecycleRule};
/// use stackwright_core::{App, Environment, Stack, StackProps};
/// let app = App::with_props(Default::default());
/// let env = Environment::new("111111111111", "us-east-2");
/// let stack = Stack::new(&app, "Lake", StackProps::default().env(env));
/// let raw = Bucket::new(
///     &stack,
///     "Raw",
///     BucketProps::new()
///         .encryption(BucketEncryption::Kms)
///         .versioned(true)
///         .lifecycle_rule(
///             LifecycleRule::new()
///                 .expiration_days(60)
///                 .noncurrent_version_expiration_days(30),
///         ),
/// );
/// let etl = Role::new(&stack, "Etl", RoleProps::new(Principal::service("glue.amazonaws.com")));
/// let _ = raw.grant_read_write(&etl); // the role may also use the bucket's key
/// ```
#[derive(Debug, Clone)]
pub struct Bucket {
    inner: Rc<BucketInner>,
}

#[derive(Debug)]
struct BucketInner {
    construct: Construct,
    resource: Option<CfnBucket>,
    arn: Val<String>,
    name: Val<String>,
    domain_name: Val<String>,
    regional_domain_name: Val<String>,
    encryption_key: Option<Key>,
    account: Option<String>,
    state: BucketState,
}

/// What grows after construction.
#[derive(Debug, Default)]
struct BucketState {
    policy: RefCell<Option<BucketPolicy>>,
    lifecycle_rules: Rc<RefCell<Vec<LifecycleRule>>>,
    cors_rules: Rc<RefCell<Vec<CorsRule>>>,
    log_delivery: Cell<bool>,
    event_bridge: Cell<bool>,
}

impl Scope for Bucket {
    fn node(&self) -> &Node {
        self.inner.construct.node()
    }
}

impl Bucket {
    /// Creates a bucket.
    pub fn new(scope: &impl Scope, id: &str, props: BucketProps) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.s3.Bucket");
        let node = construct.node().clone();
        if let Some(name) = &props.bucket_name {
            report_name_problems(&node, name, bucket_name_problems);
        }
        let (encryption, encryption_key) = encryption(&construct, &props);
        let mut cfn = CfnBucketProps::new();
        cfn.bucket_name = props.bucket_name.clone();
        cfn.bucket_encryption = Some(encryption.into());
        if props.versioned {
            cfn.versioning_configuration =
                Some(cfn::VersioningConfiguration::new("Enabled").into());
        }
        cfn.public_access_block_configuration = Some(props.block_public_access.render().into());
        cfn.logging_configuration = logging_configuration(&node, &props).map(Into::into);
        let resource = CfnBucket::new(&construct, "Resource", cfn);
        match props.removal_policy {
            Some(policy) => resource.apply_removal_policy(policy),
            None => resource.apply_default_removal_policy(RemovalPolicy::Retain),
        }
        let bucket = Bucket {
            inner: Rc::new(BucketInner {
                arn: resource.attr_arn(),
                name: resource.ref_value(),
                domain_name: resource.attr_domain_name(),
                regional_domain_name: resource.attr_regional_domain_name(),
                account: Stack::of(&construct).and_then(|s| s.environment().account),
                construct,
                resource: Some(resource),
                encryption_key,
                state: BucketState::default(),
            }),
        };
        bucket.add_tls_statements(&props);
        bucket.set_up_log_delivery(&props);
        for rule in props.cors_rules {
            bucket.add_cors_rule(rule);
        }
        for rule in props.lifecycle_rules {
            bucket.add_lifecycle_rule(rule);
        }
        if props.event_bridge_enabled {
            bucket.enable_event_bridge_notification();
        }
        bucket
    }

    /// A bucket that exists outside the app, by name (a literal or a value such as an import).
    /// Grants go to the grantee's policy only, unless the app gives the bucket a
    /// [`BucketPolicy`].
    pub fn from_bucket_name(scope: &impl Scope, id: &str, name: impl Into<Val<String>>) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.s3.ImportedBucket");
        let name = name.into();
        report_name_problems(construct.node(), &name, imported_bucket_name_problems);
        let arn = ArnParts::new("s3", name.clone())
            .no_region()
            .no_account()
            .format(&construct);
        Self::imported(construct, arn, name)
    }

    /// A bucket that exists outside the app, by ARN (`arn:<partition>:s3:::<name>`, a literal
    /// or a value such as an import).
    pub fn from_bucket_arn(scope: &impl Scope, id: &str, arn: impl Into<Val<String>>) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.s3.ImportedBucket");
        let arn = arn.into();
        let name = match arn.as_value().as_str() {
            Some(literal) => {
                let name = bucket_name_of_arn(literal).unwrap_or_else(|problem| {
                    construct.node().add_error(problem);
                    String::new()
                });
                Val::from(name)
            }
            None => Fn::select(
                0,
                Fn::split("/", Fn::select(5, Fn::split(":", arn.clone()))),
            ),
        };
        Self::imported(construct, arn, name)
    }

    fn imported(construct: Construct, arn: Val<String>, name: Val<String>) -> Self {
        let stack = Stack::of(&construct);
        let region = stack.as_ref().map_or_else(Aws::region, Stack::region);
        let suffix = match region.as_value().as_str() {
            Some(r) if r.starts_with("cn-") => Val::from("amazonaws.com.cn"),
            Some(_) => Val::from("amazonaws.com"),
            None => Aws::url_suffix(),
        };
        let domain_name = concat([name.clone(), Val::from(".s3."), suffix.clone()]);
        let regional_domain_name = concat([
            name.clone(),
            Val::from(".s3."),
            region,
            Val::from("."),
            suffix,
        ]);
        Bucket {
            inner: Rc::new(BucketInner {
                account: stack.and_then(|s| s.environment().account),
                construct,
                resource: None,
                arn,
                name,
                domain_name,
                regional_domain_name,
                encryption_key: None,
                state: BucketState::default(),
            }),
        }
    }

    /// The bucket's ARN.
    pub fn bucket_arn(&self) -> Val<String> {
        self.inner.arn.clone()
    }

    /// The bucket's name.
    pub fn bucket_name(&self) -> Val<String> {
        self.inner.name.clone()
    }

    /// `<name>.s3.amazonaws.com`.
    pub fn bucket_domain_name(&self) -> Val<String> {
        self.inner.domain_name.clone()
    }

    /// `<name>.s3.<region>.amazonaws.com`.
    pub fn bucket_regional_domain_name(&self) -> Val<String> {
        self.inner.regional_domain_name.clone()
    }

    /// The ARN of the objects whose keys match `key_pattern` (`*` for all, `raw/*`...).
    pub fn arn_for_objects(&self, key_pattern: &str) -> Val<String> {
        concat([self.bucket_arn(), Val::from(format!("/{key_pattern}"))])
    }

    /// The L1 resource of a created bucket (escape hatch).
    pub fn resource(&self) -> Option<&CfnBucket> {
        self.inner.resource.as_ref()
    }

    /// The customer-managed key that encrypts the bucket, if any.
    pub fn encryption_key(&self) -> Option<&Key> {
        self.inner.encryption_key.as_ref()
    }

    /// The bucket's policy, once it has one.
    pub fn policy(&self) -> Option<BucketPolicy> {
        self.inner.state.policy.borrow().clone()
    }

    /// Adds a statement to the bucket policy: a created bucket makes its `Policy` child on the
    /// first one; an imported bucket only has a policy the app gave it. Returns false when the
    /// statement could not be added.
    pub fn add_to_resource_policy(&self, statement: PolicyStatement) -> bool {
        if self.inner.state.policy.borrow().is_none() {
            if self.inner.resource.is_none() {
                return false;
            }
            BucketPolicy::new(self, "Policy", BucketPolicyProps::new(self));
        }
        let policy = self.inner.state.policy.borrow().clone();
        policy.is_some_and(|policy| {
            policy.add_statement(statement);
            true
        })
    }

    /// Makes `policy` this bucket's policy; returns the existing one if there is already one.
    pub(crate) fn attach_policy(&self, policy: &BucketPolicy) -> Option<BucketPolicy> {
        let mut slot = self.inner.state.policy.borrow_mut();
        match &*slot {
            Some(existing) => Some(existing.clone()),
            None => {
                *slot = Some(policy.clone());
                None
            }
        }
    }

    /// Adds a lifecycle rule; one S3 would refuse is reported with the bucket's path.
    pub fn add_lifecycle_rule(&self, rule: LifecycleRule) {
        let Some(resource) = self.created("add a lifecycle rule to") else {
            return;
        };
        let mut rules = self.inner.state.lifecycle_rules.borrow_mut();
        let label = match rule.rule_id() {
            Some(id) => format!("lifecycle rule {id:?}"),
            None => format!("lifecycle rule #{}", rules.len() + 1),
        };
        for problem in rule.problems() {
            self.node().add_error(format!("{label} {problem}"));
        }
        if let Some(id) = rule.rule_id() {
            if rules.iter().any(|r| r.rule_id() == Some(id)) {
                self.node()
                    .add_error(format!("{label} is not unique: rule ids must be"));
            }
        }
        if rules.len() == 1000 {
            self.node()
                .add_error("a bucket has at most 1,000 lifecycle rules");
        }
        if rules.is_empty() {
            let rendered = Rc::clone(&self.inner.state.lifecycle_rules);
            resource.update(|p| {
                p.lifecycle_configuration = Some(Val::unchecked(Lazy::new(move || {
                    let rules: Vec<cfn::Rule> = rendered
                        .borrow()
                        .iter()
                        .map(LifecycleRule::render)
                        .collect();
                    cfn::LifecycleConfiguration::new(rules).into_value()
                })));
            });
        }
        rules.push(rule);
    }

    /// Adds a CORS rule; one S3 would refuse is reported with the bucket's path.
    pub fn add_cors_rule(&self, rule: CorsRule) {
        let Some(resource) = self.created("add a CORS rule to") else {
            return;
        };
        let mut rules = self.inner.state.cors_rules.borrow_mut();
        for problem in rule.problems() {
            self.node()
                .add_error(format!("CORS rule #{} {problem}", rules.len() + 1));
        }
        if rules.len() == 100 {
            self.node().add_error("a bucket has at most 100 CORS rules");
        }
        if rules.is_empty() {
            let rendered = Rc::clone(&self.inner.state.cors_rules);
            resource.update(|p| {
                p.cors_configuration = Some(Val::unchecked(Lazy::new(move || {
                    let rules: Vec<cfn::CorsRule> =
                        rendered.borrow().iter().map(CorsRule::render).collect();
                    cfn::CorsConfiguration::new(rules).into_value()
                })));
            });
        }
        rules.push(rule);
    }

    /// Sends the bucket's events to Amazon EventBridge (`NotificationConfiguration`).
    pub fn enable_event_bridge_notification(&self) {
        let Some(resource) = self.created("enable EventBridge notifications on") else {
            return;
        };
        if !self.inner.state.event_bridge.replace(true) {
            resource.update(|p| {
                let notifications = cfn::NotificationConfiguration::new()
                    .event_bridge_configuration(cfn::EventBridgeConfiguration::new(true));
                p.notification_configuration = Some(notifications.into());
            });
        }
    }

    /// Lets `grantee` read objects and list the bucket (and decrypt with its key).
    pub fn grant_read(&self, grantee: &dyn Grantable) -> Grant {
        self.grant_access(grantee, BucketAccess::Read, "*")
    }

    /// Lets `grantee` put and delete objects (and use its key).
    pub fn grant_write(&self, grantee: &dyn Grantable) -> Grant {
        self.grant_access(grantee, BucketAccess::Write, "*")
    }

    /// Lets `grantee` read, put and delete objects (and use its key).
    pub fn grant_read_write(&self, grantee: &dyn Grantable) -> Grant {
        self.grant_access(grantee, BucketAccess::ReadWrite, "*")
    }

    /// Lets `grantee` put objects (and use its key), without reading or deleting.
    pub fn grant_put(&self, grantee: &dyn Grantable) -> Grant {
        self.grant_access(grantee, BucketAccess::Put, "*")
    }

    /// Lets `grantee` delete objects.
    pub fn grant_delete(&self, grantee: &dyn Grantable) -> Grant {
        self.grant_access(grantee, BucketAccess::Delete, "*")
    }

    /// Lets `grantee` set the ACLs of the objects whose keys match `key_pattern`
    /// (`s3:PutObjectAcl`, `s3:PutObjectVersionAcl`), as a pipeline's source actions need to
    /// hand artifacts to other accounts.
    pub fn grant_put_acl(&self, grantee: &dyn Grantable, key_pattern: &str) -> Grant {
        Grant::add_to_principal_or_resource(
            grantee,
            &PUT_ACL_ACTIONS,
            vec![self.arn_for_objects(key_pattern)],
            self,
            None,
        )
    }

    /// Grants `access` to the objects whose keys match `key_pattern` (`raw/*`...): S3 actions
    /// in the grantee's policy (and in the bucket policy for a grantee of another account), KMS
    /// actions on the bucket's key, with aws-cdk-lib's action lists.
    pub fn grant_access(
        &self,
        grantee: &dyn Grantable,
        access: BucketAccess,
        key_pattern: &str,
    ) -> Grant {
        let mut resources = Vec::new();
        if access.includes_bucket() {
            resources.push(self.bucket_arn());
        }
        resources.push(self.arn_for_objects(key_pattern));
        let grant = Grant::add_to_principal_or_resource(
            grantee,
            &access.bucket_actions(),
            resources,
            self,
            None,
        );
        let key_actions = access.key_actions();
        if let (Some(key), false) = (&self.inner.encryption_key, key_actions.is_empty()) {
            let _ = key.grant(grantee, &key_actions);
        }
        grant
    }

    /// The L1 resource of a created bucket; for an imported one, records an error saying what
    /// cannot be done and returns `None`.
    fn created(&self, what: &str) -> Option<&CfnBucket> {
        if self.inner.resource.is_none() {
            self.node().add_error(format!(
                "cannot {what} an imported bucket (it is not managed by this app)"
            ));
        }
        self.inner.resource.as_ref()
    }

    /// The deny statements of the TLS-only policy.
    fn add_tls_statements(&self, props: &BucketProps) {
        if !props.enforce_ssl {
            if props.minimum_tls_version.is_some() {
                self.node().add_error(
                    "a minimum TLS version needs enforce_ssl (the policy denies older TLS only \
                     when it denies plain HTTP)",
                );
            }
            return;
        }
        let deny = || {
            PolicyStatement::deny()
                .action("s3:*")
                .resources([self.bucket_arn(), self.arn_for_objects("*")])
                .principal(Principal::any())
        };
        self.add_to_resource_policy(
            deny().condition(Condition::bool("aws:SecureTransport", false)),
        );
        if let Some(version) = props.minimum_tls_version {
            let condition = Condition::new(
                ConditionOperator::NumericLessThan,
                "s3:TlsVersion",
                [version.number()],
            );
            self.add_to_resource_policy(deny().condition(condition));
        }
    }

    /// Lets S3 deliver this bucket's access logs to their target, as the CDK does without
    /// feature flags: the target (a bucket of this app) gets the log delivery ACL, and its key
    /// a statement for the log delivery service.
    fn set_up_log_delivery(&self, props: &BucketProps) {
        match (
            &props.server_access_logs_bucket,
            &props.server_access_logs_prefix,
        ) {
            (None, None) => {}
            (None, Some(_)) => self.allow_log_delivery(),
            (Some(target), _) => {
                if let Some(key) = target.encryption_key() {
                    let _ = key.grant_encrypt_decrypt(&Principal::service(LOG_DELIVERY_SERVICE));
                }
                if target.resource().is_some() {
                    target.allow_log_delivery();
                } else {
                    self.node().add_warning(format!(
                        "the server access logs go to the imported bucket {}: give the log \
                         delivery service ({LOG_DELIVERY_SERVICE}) permission to write there",
                        target.node().path()
                    ));
                }
            }
        }
    }

    /// The log delivery ACL on this (created) bucket, once.
    fn allow_log_delivery(&self) {
        let Some(resource) = &self.inner.resource else {
            return;
        };
        if !self.inner.state.log_delivery.replace(true) {
            resource.update(|p| {
                p.access_control = Some("LogDeliveryWrite".into());
                let rule = cfn::OwnershipControlsRule::new().object_ownership("ObjectWriter");
                p.ownership_controls = Some(cfn::OwnershipControls::new(vec![rule]).into());
            });
        }
    }
}

impl ResourceWithPolicy for Bucket {
    fn add_to_resource_policy(&self, statement: PolicyStatement) -> bool {
        Bucket::add_to_resource_policy(self, statement)
    }

    fn resource_account(&self) -> Option<String> {
        self.inner.account.clone()
    }
}

/// The `BucketEncryption` property and the customer-managed key, created as the child `Key` when
/// KMS is asked for without one.
fn encryption(construct: &Construct, props: &BucketProps) -> (cfn::BucketEncryption, Option<Key>) {
    let node = construct.node();
    let kind = props
        .encryption
        .unwrap_or(if props.encryption_key.is_some() {
            BucketEncryption::Kms
        } else {
            BucketEncryption::S3Managed
        });
    if props.encryption_key.is_some() && kind != BucketEncryption::Kms {
        node.add_error(format!(
            "an encryption key is given, so the encryption must be BucketEncryption::Kms (not {kind:?})"
        ));
    }
    let key = match kind {
        BucketEncryption::Kms => Some(props.encryption_key.clone().unwrap_or_else(|| {
            let description = format!("Created by {}", node.path());
            Key::new(construct, "Key", KeyProps::new().description(description))
        })),
        _ => None,
    };
    let by_default = match (&key, kind) {
        (Some(key), _) => {
            cfn::ServerSideEncryptionByDefault::new("aws:kms").kms_master_key_id(key.key_arn())
        }
        (None, BucketEncryption::KmsManaged) => cfn::ServerSideEncryptionByDefault::new("aws:kms"),
        (None, _) => cfn::ServerSideEncryptionByDefault::new("AES256"),
    };
    let mut rule =
        cfn::ServerSideEncryptionRule::new().server_side_encryption_by_default(by_default);
    rule.bucket_key_enabled = props.bucket_key_enabled.map(Into::into);
    (cfn::BucketEncryption::new(vec![rule]), key)
}

/// The `LoggingConfiguration` property, if the bucket logs.
fn logging_configuration(node: &Node, props: &BucketProps) -> Option<cfn::LoggingConfiguration> {
    let target = props.server_access_logs_bucket.as_ref();
    let prefix = props.server_access_logs_prefix.as_deref();
    if target.is_none() && prefix.is_none() {
        return None;
    }
    if target.is_none() && props.encryption == Some(BucketEncryption::KmsManaged) {
        node.add_error(
            "a bucket encrypted with the AWS-managed key (KmsManaged) cannot receive its own \
             server access logs: give a logs bucket",
        );
    }
    let mut logging = cfn::LoggingConfiguration::new();
    logging.destination_bucket_name = target.map(Bucket::bucket_name);
    logging.log_file_prefix = prefix.map(Into::into);
    Some(logging)
}

/// Records each problem of a literal bucket name on `node`.
fn report_name_problems(node: &Node, name: &Val<String>, problems: fn(&str) -> Vec<String>) {
    if let Some(literal) = name.as_value().as_str() {
        for problem in problems(literal) {
            node.add_error(format!("bucket name {literal:?} {problem}"));
        }
    }
}

/// The bucket name in a literal S3 bucket ARN.
fn bucket_name_of_arn(arn: &str) -> Result<String, String> {
    let parsed = parse_arn(arn)?;
    let name_problems = imported_bucket_name_problems(&parsed.resource);
    if parsed.service != "s3"
        || !parsed.region.is_empty()
        || !parsed.account.is_empty()
        || !name_problems.is_empty()
    {
        return Err(format!(
            "{arn:?} is not the ARN of a bucket (arn:<partition>:s3:::<bucket name>)"
        ));
    }
    Ok(parsed.resource)
}
