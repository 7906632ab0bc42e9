//! Lambda: functions (code from an asset, inline or a bucket; a `ServiceRole` with the basic
//! execution policy unless a role is given; in a VPC with a security group; logs kept for a
//! retention in a log group of their own), permissions, versions, aliases and layers.

mod code;
mod function;
mod layer;
mod runtime;
mod version;

pub use code::Code;
pub use function::{DeadLetterTarget, Function, FunctionProps, Permission};
pub use layer::{LayerVersion, LayerVersionProps};
pub use runtime::{Architecture, Runtime, Tracing};
pub use version::{Alias, AliasProps, Version, VersionProps};
