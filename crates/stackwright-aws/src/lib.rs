//! L2 constructs: the everyday AWS building blocks with secure defaults, typed references and
//! grants, built on the typed L1 resources of `stackwright-cfn`.
//!
//! Each construct is a [`Construct`](stackwright_core::Construct) named with its kind whose L1
//! resource is the child with id `Resource`; other children take the ids aws-cdk-lib gives them
//! (`DefaultPolicy`, `Policy`, `Alias`, ...), so the same construct tree gives the same logical ids
//! as the AWS CDK. Each service is a module behind a cargo feature of the same name as the L1
//! crate's. Most programs reach both levels through the facade: `stackwright::s3::Bucket` beside
//! `stackwright::s3::CfnBucket`.
//!
//! State that grows after construction (policy statements, resource policies, rules) lives in the
//! construct and reaches the template through a [`Lazy`](stackwright_core::Lazy) value installed
//! in the L1 property when the state first exists: unused parts never appear in a template.
//! Invalid values known at synthesis (names, ARNs, action syntax, ranges) are recorded on the
//! construct and reported by synthesis with its path.
//!
//! Secrets (passwords, tokens) are [`SecretValue`]s: dynamic references or `NoEcho` parameters
//! that CloudFormation resolves at deployment, so no secret is written into a template.

pub mod arn;
#[cfg(feature = "lambda")]
mod dependency;
mod json_text;
mod secret_value;
mod validate;

#[cfg(feature = "codebuild")]
pub mod codebuild;
#[cfg(feature = "codecommit")]
pub mod codecommit;
#[cfg(feature = "codepipeline")]
pub mod codepipeline;
#[cfg(feature = "dynamodb")]
pub mod dynamodb;
#[cfg(feature = "ec2")]
pub mod ec2;
#[cfg(feature = "events")]
pub mod events;
#[cfg(feature = "glue")]
pub mod glue;
pub use secret_value::{SecretValue, SecretsManagerSecretOptions};

#[cfg(feature = "iam")]
pub mod iam;
#[cfg(feature = "kms")]
pub mod kms;
#[cfg(feature = "lambda")]
pub mod lambda;
#[cfg(feature = "logs")]
pub mod logs;
#[cfg(feature = "s3")]
pub mod s3;
#[cfg(feature = "secretsmanager")]
pub mod secretsmanager;
#[cfg(feature = "sns")]
pub mod sns;
#[cfg(feature = "ssm")]
pub mod ssm;
#[cfg(feature = "stepfunctions")]
pub mod stepfunctions;
