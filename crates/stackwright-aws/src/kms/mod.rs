//! KMS: customer-managed keys (rotation on, the CDK's default key policy) and aliases, with
//! grants that go to the key policy when the grantee is in another account.

mod alias;
pub(crate) mod key;
mod via_service;

pub use alias::{Alias, AliasProps};
pub use key::{Key, KeyProps};
pub use via_service::ViaServicePrincipal;
