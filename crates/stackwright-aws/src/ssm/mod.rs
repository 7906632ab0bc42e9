//! SSM Parameter Store: `String` parameters with validated names and values, grants, and the
//! values of existing parameters read at deployment (a template parameter, as the CDK does, or a
//! dynamic reference to one version).
//!
//! Secrets belong in SecureString parameters, which CloudFormation cannot create: read one with
//! [`SecretValue::ssm_secure`](crate::SecretValue::ssm_secure).

mod string_parameter;

pub use string_parameter::{ParameterTier, StringParameter, StringParameterProps};
