//! Secrets Manager: secrets with generated values, imported secrets, grants (with the secret's
//! key, through Secrets Manager only) and dynamic references to their values.
//!
//! Secrets reach other constructs as [`SecretValue`](crate::SecretValue)s, never as strings.

mod generator;
mod secret;

pub use generator::SecretStringGenerator;
pub use secret::{Secret, SecretAttributes, SecretProps};
