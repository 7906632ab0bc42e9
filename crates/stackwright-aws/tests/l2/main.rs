//! The tests of the L2 constructs, one module per service (and the cfn-lint runs), in one
//! test binary: a binary per file linked the large L1 crate once each, which cost link time
//! and most of the CI machine's disk.

mod support;

mod cicd_lint;
mod codebuild;
mod codecommit;
mod codepipeline;
mod context;
mod dynamodb;
mod ec2;
mod events;
mod glue;
mod iam_kms;
mod lambda;
mod lint;
mod logs;
mod s3;
mod secretsmanager;
mod small_services_lint;
mod sns;
mod ssm;
mod stepfunctions;
