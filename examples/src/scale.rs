//! The scale workload: `stacks` stacks of `units` units, each unit an S3 bucket, a Lambda
//! function that reads it (a role and its default policy) — 4 resources — and, after the first
//! stack, a cross-stack reference to the first stack's first bucket. The same app is written with
//! aws-cdk-lib in `bench/scale.js` for the side-by-side comparison (docs/performance.md): there
//! the public access block is spelled out, here the TLS-only bucket policy is left out (4
//! resources a unit, as the workload is defined), so both programs write the same templates
//! (the parity suite's `scale` case checks it).

use stackwright::lambda::{Code, Function, FunctionProps, Runtime};
use stackwright::prelude::*;
use stackwright::s3::{Bucket, BucketEncryption, BucketProps};

/// The inline code of every function.
const HANDLER: &str = "def handler(event, context):\n    return event\n";

/// Builds `stacks` stacks (`Stack0`...) of `units` units each into `app`.
pub fn build(app: &App, stacks: usize, units: usize) {
    let env = Environment::new("111111111111", "us-east-2");
    let mut shared: Option<Bucket> = None;
    for s in 0..stacks {
        let stack = Stack::new(
            app,
            &format!("Stack{s}"),
            StackProps::default().env(env.clone()),
        );
        for u in 0..units {
            let bucket = Bucket::new(
                &stack,
                &format!("Bucket{u}"),
                BucketProps::new()
                    .encryption(BucketEncryption::KmsManaged)
                    .versioned(true)
                    .enforce_ssl(false),
            );
            let mut props = FunctionProps::new(
                Runtime::Python3_12,
                "index.handler",
                Code::from_inline(HANDLER),
            )
            .environment("BUCKET", bucket.bucket_name());
            if let (Some(first), true) = (&shared, s > 0) {
                props = props.environment("SHARED_BUCKET", first.bucket_name());
            }
            let function = Function::new(&stack, &format!("Fn{u}"), props);
            let _ = bucket.grant_read(&function);
            if shared.is_none() {
                shared = Some(bucket);
            }
        }
    }
}
