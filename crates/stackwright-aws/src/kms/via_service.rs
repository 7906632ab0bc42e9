//! `ViaServicePrincipal`: a principal that may use a key only through one AWS service.

use stackwright_core::{Scope, Stack, Val};

use crate::arn::concat;
use crate::iam::{Condition, Grantable, PolicyStatement, Principal};

/// A principal that may use a key only in requests made through an AWS service on its behalf
/// (condition `kms:ViaService`), as the CDK's `kms.ViaServicePrincipal`. Granting a key to it
/// writes the key policy: it has no identity policy of its own.
///
/// ```
/// use stackwright_aws::iam::Principal;
/// use stackwright_aws::kms::{Key, KeyProps, ViaServicePrincipal};
/// use stackwright_core::{App, Environment, Stack, StackProps};
/// let app = App::with_props(Default::default());
/// let stack = Stack::new(&app, "S", StackProps::default().env(Environment::new("111111111111", "us-east-2")));
/// let key = Key::new(&stack, "Key", KeyProps::new());
/// let via = ViaServicePrincipal::regional(&stack, "secretsmanager", Principal::account("111111111111"));
/// let _ = key.grant_decrypt(&via); // a key-policy statement with kms:ViaService secretsmanager.us-east-2.amazonaws.com
/// ```
#[derive(Debug, Clone)]
pub struct ViaServicePrincipal {
    service: Val<String>,
    base: Principal,
}

impl ViaServicePrincipal {
    /// `base`, through the service endpoint `service_name` (`secretsmanager.us-east-2.amazonaws.com`).
    pub fn new(service_name: impl Into<Val<String>>, base: Principal) -> Self {
        ViaServicePrincipal {
            service: service_name.into(),
            base,
        }
    }

    /// `base`, through `<service>.<region>.amazonaws.com` in the region of the stack of `scope`.
    pub fn regional(scope: &impl Scope, service: &str, base: Principal) -> Self {
        let region = Stack::of(scope).map_or_else(stackwright_core::Aws::region, |s| s.region());
        let name = concat([
            Val::from(format!("{service}.")),
            region,
            Val::from(".amazonaws.com"),
        ]);
        Self::new(name, base)
    }
}

impl ViaServicePrincipal {
    /// `StringEquals kms:ViaService <service endpoint>`.
    pub fn condition(&self) -> Condition {
        Condition::string_equals("kms:ViaService", self.service.as_value().clone())
    }
}

impl Grantable for ViaServicePrincipal {
    fn grant_principal(&self) -> Principal {
        self.base.clone().with_conditions([self.condition()])
    }

    fn add_to_principal_policy(&self, _statement: PolicyStatement) -> bool {
        false
    }
}
