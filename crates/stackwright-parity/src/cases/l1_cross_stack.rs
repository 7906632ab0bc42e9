//! L1 resources only, in two stacks of a stage: a bucket and a topic in `Storage`, a queue
//! subscribed to the topic in `Compute`. The subscription's reference to the topic crosses
//! stacks, so `Storage` exports it, `Compute` imports it and depends on `Storage`: the export's
//! logical id and name must be aws-cdk-lib's.

use stackwright::cfn::{s3, sns, sqs};
use stackwright::prelude::*;

use crate::Ignore;

/// Nothing is accepted: manifests and templates must be equal.
pub const IGNORED: &[Ignore] = &[];

/// Builds the app (twin of `apps/l1_cross_stack.js`).
pub fn build(app: &App) {
    let prod = Stage::new(
        app,
        "Prod",
        StageProps::default().env(Environment::new("111111111111", "us-east-2")),
    );

    let storage = Stack::new(&prod, "Storage", StackProps::default());
    let encryption = s3::bucket::ServerSideEncryptionRule::new().server_side_encryption_by_default(
        s3::bucket::ServerSideEncryptionByDefault::new("AES256"),
    );
    s3::CfnBucket::new(
        &storage,
        "Data",
        s3::CfnBucketProps::new()
            .versioning_configuration(s3::bucket::VersioningConfiguration::new("Enabled"))
            .bucket_encryption(s3::bucket::BucketEncryption::new(vec![encryption])),
    );
    let topic = sns::CfnTopic::new(&storage, "Alerts", sns::CfnTopicProps::new());

    let compute = Stack::new(&prod, "Compute", StackProps::default());
    let queue = sqs::CfnQueue::new(&compute, "Jobs", sqs::CfnQueueProps::new());
    sns::CfnSubscription::new(
        &compute,
        "JobsSubscription",
        sns::CfnSubscriptionProps::new("sqs", topic.ref_value()).endpoint(queue.attr_arn()),
    );
}
