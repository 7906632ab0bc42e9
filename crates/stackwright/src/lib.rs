#![doc = include_str!("../../../README.md")]
//!
//! This crate re-exports the others; most programs need only `use stackwright::prelude::*;`.

pub use stackwright_core as core;

/// Typed L1 resources, one per CloudFormation type (`cfn::s3::CfnBucket`), a feature per
/// service; see the `stackwright-cfn` crate. To enable more services than the default ones,
/// depend on `stackwright-cfn` with their features (or enable `full` here).
pub use stackwright_cfn as cfn;

/// The names most programs use.
pub mod prelude {
    pub use stackwright_core::{
        App, AppProps, Aspects, AssetPackaging, Aws, CfnCondition, CfnMapping, CfnOutput,
        CfnParameter, CfnResource, CfnRule, Construct, DynamicReference, Environment, FileAsset,
        Fn, Json, Lazy, Node, OutputProps, ParameterProps, RemovalPolicies, RemovalPolicy, Scope,
        Stack, StackProps, Stage, StageProps, Synthesizer, Tags, Val, Value,
    };
}
