//! The core of stackwright: the construct tree (app, stages, stacks, constructs, template
//! elements), typed values and intrinsics, and synthesis to a cloud assembly that the AWS CDK
//! CLI accepts, with logical ids, stack names and export names computed as the CDK does.
//!
//! The core knows no AWS service: typed L1 resources (`stackwright-cfn`) and L2 constructs
//! build on [`CfnResource`], [`ResourceProps`] and [`Val`].

mod app;
mod aspects;
mod asset;
mod construct;
mod context;
mod element;
mod environment;
mod error;
mod getatt;
mod intrinsics;
pub mod logical_id;
mod removal;
mod stack;
mod stage;
mod synth;
mod synthesizer;
mod tags;
mod tree;
mod value;

pub use app::{App, AppProps, CONTEXT_ENV, CONTEXT_OVERFLOW_ENV, OUTDIR_ENV};
pub use aspects::{Aspect, Aspects};
pub use asset::{AssetPackaging, FileAsset};
pub use construct::Construct;
pub use context::{
    ContextProvider, ContextQuery, ContextValue, MissingContext, PROVIDER_ERROR_KEY,
};
pub use element::{
    CfnCondition, CfnMapping, CfnOutput, CfnParameter, CfnResource, CfnRule, OutputProps,
    ParameterProps, ResourceProps, ResourceSpec, TagFormat,
};
pub use environment::Environment;
pub use error::{ErrorKind, SynthError, SynthErrors};
pub use intrinsics::{Aws, DynamicReference, Fn};
pub use removal::{RemovalPolicies, RemovalPolicy};
pub use stack::{Stack, StackProps};
pub use stage::{Stage, StageProps};
pub use synth::{
    CloudAssembly, StackArtifact, StackTemplate, ASSEMBLY_VERSION, PREVIOUS_ASSEMBLY_DIR,
};
pub use synthesizer::{
    bootstrap_role_arn_sub, bootstrap_role_name, Synthesizer, DEFAULT_QUALIFIER,
};
pub use tags::Tags;
pub use tree::{
    ElementRef, MetadataEntry, Node, Scope, ERROR_METADATA, INFO_METADATA, WARNING_METADATA,
};
pub use value::{
    Cond, Json, Lazy, Map, Properties, PropertyHasher, PropertyMap, PropertyValue, Val, Value,
};
