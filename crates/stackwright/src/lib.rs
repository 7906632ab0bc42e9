#![doc = include_str!("../../../README.md")]
//!
//! This crate re-exports the others; most programs need only `use stackwright::prelude::*;`.

pub use stackwright_core as core;

/// The names most programs use.
pub mod prelude {
    pub use stackwright_core::{
        App, AppProps, Aspects, AssetPackaging, Aws, CfnCondition, CfnMapping, CfnOutput,
        CfnParameter, CfnResource, CfnRule, Construct, DynamicReference, Environment, FileAsset,
        Fn, OutputProps, ParameterProps, RemovalPolicies, RemovalPolicy, Scope, Stack, StackProps,
        Stage, StageProps, Synthesizer, Tags, Val, Value,
    };
}
