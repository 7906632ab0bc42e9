#![doc = include_str!("../../../README.md")]
//!
//! This crate re-exports the others; most programs need only `use stackwright::prelude::*;`.

pub use stackwright_core as core;

/// Typed L1 resources, one per CloudFormation type (`cfn::s3::CfnBucket`); see the
/// `stackwright-cfn` crate. To enable more services than the default (data-lake) ones, depend on
/// `stackwright-cfn` with the feature of their family (`networking`, `containers`...), or
/// enable `full` here.
pub use stackwright_cfn as cfn;

/// Merges a service's L1 types (`CfnRole`) and L2 constructs (`Role`) into one module, as
/// aws-cdk-lib does (`aws_iam.CfnRole` beside `aws_iam.Role`).
macro_rules! service {
    ($($(#[$meta:meta])* $feature:literal => $name:ident),* $(,)?) => {$(
        $(#[$meta])*
        #[cfg(feature = $feature)]
        pub mod $name {
            pub use stackwright_aws::$name::*;
            pub use stackwright_cfn::$name::*;
        }
    )*};
}

service! {
    /// CodeBuild: L2 projects, typed buildspecs and build environments beside the L1 `Cfn*`
    /// types.
    "codebuild" => codebuild,
    /// CodeCommit: L2 repositories beside the L1 `Cfn*` types.
    "codecommit" => codecommit,
    /// CodePipeline: L2 pipelines, stages and actions beside the L1 `Cfn*` types.
    "codepipeline" => codepipeline,
    /// DynamoDB: L2 tables (keys, indexes, encryption, streams, grants) beside the L1 `Cfn*` types.
    "dynamodb" => dynamodb,
    /// EventBridge: L2 rules, schedules, patterns and targets beside the L1 `Cfn*` types.
    "events" => events,
    /// Glue: L2 jobs, connections, catalog and crawlers beside the L1 `Cfn*` types.
    "glue" => glue,
    /// EC2 networking: L2 VPCs, subnets, endpoints and security groups beside the L1 `Cfn*`
    /// types.
    "ec2" => ec2,
    /// IAM: L2 roles, policies, principals and grants beside the L1 `Cfn*` types.
    "iam" => iam,
    /// KMS: L2 keys and aliases beside the L1 `Cfn*` types.
    "kms" => kms,
    /// Lambda: L2 functions, versions, aliases and layers beside the L1 `Cfn*` types.
    "lambda" => lambda,
    /// S3: L2 buckets and bucket policies beside the L1 `Cfn*` types.
    "s3" => s3,
    /// Step Functions: L2 state machines, states and service integrations beside the L1 `Cfn*`
    /// types.
    "stepfunctions" => stepfunctions,
    /// CloudWatch Logs: L2 log groups beside the L1 `Cfn*` types.
    "logs" => logs,
    /// Secrets Manager: L2 secrets beside the L1 `Cfn*` types.
    "secretsmanager" => secretsmanager,
    /// SNS: L2 topics, topic policies and subscriptions beside the L1 `Cfn*` types.
    "sns" => sns,
    /// SSM: L2 string parameters beside the L1 `Cfn*` types.
    "ssm" => ssm,
}

pub use stackwright_aws::{SecretValue, SecretsManagerSecretOptions};

/// Self-mutating delivery pipelines for Rust apps, in the shape CDK Pipelines generates
/// (`CodePipeline`, `RustSynth`, `CodePipelineSource`, steps and waves); see `docs/pipelines.md`.
#[cfg(feature = "pipelines")]
pub use stackwright_pipelines as pipelines;

/// The names most programs use.
pub mod prelude {
    pub use stackwright_aws::SecretValue;
    pub use stackwright_core::{
        App, AppProps, Aspects, AssetPackaging, Aws, CfnCondition, CfnMapping, CfnOutput,
        CfnParameter, CfnResource, CfnRule, Construct, ContextProvider, ContextQuery,
        DynamicReference, Environment, FileAsset, Fn, Json, Lazy, Node, OutputProps,
        ParameterProps, RemovalPolicies, RemovalPolicy, Scope, Stack, StackProps, Stage,
        StageProps, Synthesizer, Tags, Val, Value,
    };
}
