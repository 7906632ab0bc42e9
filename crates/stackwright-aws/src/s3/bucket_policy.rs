//! `BucketPolicy`: the resource policy of a bucket (`AWS::S3::BucketPolicy`). A bucket has one:
//! a created bucket makes its own (the child `Policy`) on its first resource-policy statement;
//! an explicit one is for buckets whose policy the app manages without creating them.

use std::cell::RefCell;
use std::rc::Rc;

use stackwright_cfn::s3::{CfnBucketPolicy, CfnBucketPolicyProps};
use stackwright_core::{Construct, Lazy, Node, RemovalPolicy, Scope};

use super::bucket::Bucket;
use crate::iam::{PolicyDocument, PolicyStatement};

/// Options of a [`BucketPolicy`].
#[derive(Debug, Clone)]
#[must_use]
pub struct BucketPolicyProps {
    bucket: Bucket,
    statements: Vec<PolicyStatement>,
    removal_policy: Option<RemovalPolicy>,
}

impl BucketPolicyProps {
    /// The policy of `bucket`.
    pub fn new(bucket: &Bucket) -> Self {
        BucketPolicyProps {
            bucket: bucket.clone(),
            statements: Vec::new(),
            removal_policy: None,
        }
    }

    /// Adds a statement (it must name a principal).
    pub fn statement(mut self, statement: PolicyStatement) -> Self {
        self.statements.push(statement);
        self
    }

    /// What happens to the policy when it leaves the stack (default: deleted).
    pub fn removal_policy(mut self, policy: RemovalPolicy) -> Self {
        self.removal_policy = Some(policy);
        self
    }
}

/// The resource policy of a bucket. Statements added later are written as they are at
/// synthesis; the bucket's own grants to other accounts land here too.
///
/// ```
/// use stackwright_aws::iam::{PolicyStatement, Principal};
/// use stackwright_aws::s3::{Bucket, BucketPolicy, BucketPolicyProps};
/// use stackwright_core::{App, Stack, StackProps};
/// let app = App::with_props(Default::default());
/// let stack = Stack::new(&app, "Shared", StackProps::default());
/// let bucket = Bucket::from_bucket_name(&stack, "Existing", "existing-reports");
/// let policy = BucketPolicy::new(&stack, "ReportsPolicy", BucketPolicyProps::new(&bucket));
/// policy.add_statement(
///     PolicyStatement::allow()
///         .action("s3:GetObject")
///         .resource(bucket.arn_for_objects("*"))
///         .principal(Principal::account("222222222222")),
/// );
/// ```
#[derive(Debug, Clone)]
pub struct BucketPolicy {
    construct: Construct,
    resource: CfnBucketPolicy,
    document: Rc<RefCell<PolicyDocument>>,
}

impl Scope for BucketPolicy {
    fn node(&self) -> &Node {
        self.construct.node()
    }
}

impl BucketPolicy {
    /// Creates the policy of `props`' bucket; a bucket that already has one is an error (S3
    /// keeps one policy per bucket: add statements to the existing one).
    pub fn new(scope: &impl Scope, id: &str, props: BucketPolicyProps) -> Self {
        let construct = Construct::with_type(scope, id, "stackwright.s3.BucketPolicy");
        let document = Rc::new(RefCell::new(PolicyDocument::new()));
        let rendered = Rc::clone(&document);
        let resource = CfnBucketPolicy::new(
            &construct,
            "Resource",
            CfnBucketPolicyProps::new(
                props.bucket.bucket_name(),
                Lazy::new(move || rendered.borrow().to_value()),
            ),
        );
        if let Some(policy) = props.removal_policy {
            resource.apply_removal_policy(policy);
        }
        let checked = Rc::clone(&document);
        construct.node().add_validation(move || {
            if checked.borrow().is_empty() {
                vec!["the bucket policy has no statement".to_owned()]
            } else {
                Vec::new()
            }
        });
        let policy = BucketPolicy {
            construct,
            resource,
            document,
        };
        for statement in props.statements {
            policy.add_statement(statement);
        }
        if let Some(existing) = props.bucket.attach_policy(&policy) {
            policy.node().add_error(format!(
                "the bucket already has a policy ({}); a bucket has one policy: add statements \
                 to it with Bucket::add_to_resource_policy",
                existing.node().path()
            ));
        }
        policy
    }

    /// Adds a statement; one that is invalid in a resource policy (no principal, bad action or
    /// resource) is reported with this policy's path.
    pub fn add_statement(&self, statement: PolicyStatement) {
        for problem in statement.validate_for_resource_policy() {
            self.node().add_error(problem);
        }
        self.document.borrow_mut().add_statement(statement);
    }

    /// A copy of the document as it is now.
    pub fn document(&self) -> PolicyDocument {
        self.document.borrow().clone()
    }

    /// The L1 resource (escape hatch).
    pub fn resource(&self) -> &CfnBucketPolicy {
        &self.resource
    }
}
