//! Context lookups: values a construct needs from the AWS account (availability zones, an AMI,
//! an SSM parameter...) that only the CDK CLI can look up, with the user's credentials.
//!
//! As in aws-cdk-lib: a construct asks for a value under a key derived from the provider and its
//! query ([`ContextQuery::key`]). When the app's context holds the key, that value is used.
//! Otherwise the construct gets a dummy value and the stack records a [`MissingContext`]
//! entry, which synthesis writes to the `missing` section of the manifest of the assembly
//! holding the stack (and of every enclosing assembly). The CDK CLI, running the app, sees
//! `missing`, performs the lookups, stores the results in `cdk.context.json` and runs the app
//! again with them in `CDK_CONTEXT_JSON`.

use serde_json::{Map as JsonMap, Value as Json};

use crate::stack::Stack;
use crate::tree::Scope;

/// The key under which the CDK CLI stores a lookup it could not perform (an object
/// `{"$providerError": "<message>", ...}` in place of the value).
pub const PROVIDER_ERROR_KEY: &str = "$providerError";

/// The context providers of the CDK CLI: the `provider` of a missing-context entry (the
/// `ContextProvider` enum of the cloud-assembly schema).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContextProvider {
    /// `ami`: the newest AMI matching filters.
    Ami,
    /// `availability-zones`: the availability zones of the account and region.
    AvailabilityZones,
    /// `hosted-zone`: a Route 53 hosted zone by domain name.
    HostedZone,
    /// `ssm`: the value of an SSM parameter.
    Ssm,
    /// `vpc-provider`: a VPC and its subnets.
    Vpc,
    /// `endpoint-service-availability-zones`: the zones of a VPC endpoint service.
    EndpointServiceAvailabilityZones,
    /// `load-balancer`: a load balancer.
    LoadBalancer,
    /// `load-balancer-listener`: a load balancer listener.
    LoadBalancerListener,
    /// `security-group`: a security group.
    SecurityGroup,
    /// `key-provider`: a KMS key by alias.
    Key,
    /// `cc-api-provider`: resources through the Cloud Control API.
    CcApi,
    /// `plugin`: a CLI plugin.
    Plugin,
}

impl ContextProvider {
    /// The name written to the manifest and used in context keys (`availability-zones`).
    pub fn as_str(self) -> &'static str {
        match self {
            ContextProvider::Ami => "ami",
            ContextProvider::AvailabilityZones => "availability-zones",
            ContextProvider::HostedZone => "hosted-zone",
            ContextProvider::Ssm => "ssm",
            ContextProvider::Vpc => "vpc-provider",
            ContextProvider::EndpointServiceAvailabilityZones => {
                "endpoint-service-availability-zones"
            }
            ContextProvider::LoadBalancer => "load-balancer",
            ContextProvider::LoadBalancerListener => "load-balancer-listener",
            ContextProvider::SecurityGroup => "security-group",
            ContextProvider::Key => "key-provider",
            ContextProvider::CcApi => "cc-api-provider",
            ContextProvider::Plugin => "plugin",
        }
    }
}

/// One lookup the app could not satisfy from its context: an item of the manifest's `missing`
/// section.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingContext {
    /// The context key the CLI stores the result under.
    pub key: String,
    /// The provider that performs the lookup.
    pub provider: ContextProvider,
    /// The provider's query: the dummy value, the account and region, the query's own
    /// properties and (in the manifest) the bootstrap lookup role.
    pub props: JsonMap<String, Json>,
}

impl MissingContext {
    /// The manifest item: `{"key", "provider", "props"}`.
    pub(crate) fn to_json(&self) -> Json {
        let mut out = JsonMap::new();
        out.insert("key".into(), Json::String(self.key.clone()));
        out.insert("provider".into(), self.provider.as_str().into());
        out.insert("props".into(), Json::Object(self.props.clone()));
        Json::Object(out)
    }
}

/// A value looked up through a context provider: the provider, its query properties, and how
/// the key is formed. Build one, then [`ContextQuery::lookup`] it from a construct.
///
/// ```
/// use serde_json::json;
/// use stackwright_core::{App, AppProps, ContextProvider, ContextQuery, Environment, Stack, StackProps};
///
/// let app = App::with_props(AppProps::default());
/// let env = Environment::new("111111111111", "us-east-2");
/// let stack = Stack::new(&app, "S", StackProps::default().env(env));
/// let query = ContextQuery::new(ContextProvider::Ssm).prop("parameterName", "/app/version");
/// assert_eq!(
///     query.key(&stack).unwrap(),
///     "ssm:account=111111111111:parameterName=/app/version:region=us-east-2"
/// );
/// // Not in the context: the dummy value, and the stack records the lookup for the CDK CLI.
/// let found = query.lookup(&stack, "dummy");
/// assert_eq!(found.value, json!("dummy"));
/// assert!(!found.from_context);
/// assert_eq!(stack.missing_context().len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct ContextQuery {
    provider: ContextProvider,
    props: JsonMap<String, Json>,
    include_environment: bool,
    additional_cache_key: Option<String>,
    ignore_error_on_missing_context: Option<bool>,
}

/// What [`ContextQuery::lookup`] found.
#[derive(Debug, Clone, PartialEq)]
pub struct ContextValue {
    /// The value from the context, or else the dummy value.
    pub value: Json,
    /// True when the value came from the context; false when it is the dummy value (the
    /// lookup was then recorded as missing, or could not be made at all).
    pub from_context: bool,
}

impl ContextQuery {
    /// A query of `provider`, with the stack's account and region included.
    pub fn new(provider: ContextProvider) -> Self {
        ContextQuery {
            provider,
            props: JsonMap::new(),
            include_environment: true,
            additional_cache_key: None,
            ignore_error_on_missing_context: None,
        }
    }

    /// Adds a property of the provider's query (`parameterName`, `filter`...). Nested objects
    /// and lists become dotted parts of the key (`filter.isDefault=true`, `owners.0=amazon`);
    /// a null is left out of the key, as the CDK leaves out what is undefined.
    pub fn prop(mut self, key: impl Into<String>, value: impl Into<Json>) -> Self {
        self.props.insert(key.into(), value.into());
        self
    }

    /// Whether the stack's `account` and `region` are part of the query (default true).
    pub fn include_environment(mut self, on: bool) -> Self {
        self.include_environment = on;
        self
    }

    /// An extra key part, so that two otherwise equal queries are cached apart.
    pub fn additional_cache_key(mut self, key: impl Into<String>) -> Self {
        self.additional_cache_key = Some(key.into());
        self
    }

    /// Whether the CLI must fail when the lookup finds nothing (`true`), or store the dummy
    /// value instead (`false`). Unset, the provider decides.
    pub fn must_exist(mut self, on: bool) -> Self {
        self.ignore_error_on_missing_context = Some(!on);
        self
    }

    /// The provider.
    pub fn provider(&self) -> ContextProvider {
        self.provider
    }

    /// The query's properties: account and region (when included and given), the additional
    /// cache key, then the properties given (which may override the account or region).
    fn query_props(&self, env: Option<(&str, &str)>) -> JsonMap<String, Json> {
        let mut props = JsonMap::new();
        if let Some((account, region)) = env.filter(|_| self.include_environment) {
            props.insert("account".into(), account.into());
            props.insert("region".into(), region.into());
        }
        if let Some(extra) = &self.additional_cache_key {
            props.insert("additionalCacheKey".into(), Json::String(extra.clone()));
        }
        for (k, v) in &self.props {
            props.insert(k.clone(), v.clone());
        }
        props
    }

    /// The context key the CDK CLI stores this query's result under, in the stack of `scope`:
    /// `<provider>:` then every property as `name=value`, sorted and joined by `:` (colons in
    /// values escaped as `$:`), e.g. `availability-zones:account=111111111111:region=us-east-2`.
    /// `None` when `scope` is in no stack, or the account and region are needed but not given.
    pub fn key(&self, scope: &impl Scope) -> Option<String> {
        let env = Stack::of(scope)?.environment();
        let pair = env.account.as_deref().zip(env.region.as_deref());
        if self.include_environment && pair.is_none() {
            return None;
        }
        Some(context_key(self.provider, &self.query_props(pair)))
    }

    /// The value of this query from the app's context. When the context lacks it, the stack of
    /// `scope` records a [`MissingContext`] entry (written to the manifest, so that the CDK CLI
    /// performs the lookup and runs the app again) and `dummy_value` is returned.
    ///
    /// Errors at `scope`'s path, reported by synthesis: `scope` is in no stack; the stack's
    /// account or region is not given (a lookup needs a concrete environment); the CLI could
    /// not perform the lookup (the context then holds its error, which is reported, and the
    /// lookup is recorded as missing again).
    pub fn lookup(&self, scope: &impl Scope, dummy_value: impl Into<Json>) -> ContextValue {
        let dummy_value = dummy_value.into();
        let node = scope.node();
        let provider = self.provider.as_str();
        let dummy = |value: Json| ContextValue {
            value,
            from_context: false,
        };
        let Some(stack) = Stack::of(scope) else {
            node.add_error(format!(
                "cannot look up {provider} context outside a stack: place the construct in a stack"
            ));
            return dummy(dummy_value);
        };
        let env = stack.environment();
        let Some(pair) = env.account.as_deref().zip(env.region.as_deref()) else {
            node.add_error(format!(
                "cannot look up {provider} context: the account and region of stack {} are not \
                 given; set them with StackProps::env or StageProps::env",
                stack.node().path()
            ));
            return dummy(dummy_value);
        };
        let props = self.query_props(Some(pair));
        let key = context_key(self.provider, &props);
        let found = node.try_get_context(&key);
        let provider_error = found
            .as_ref()
            .and_then(|v| v.get(PROVIDER_ERROR_KEY))
            .map(|e| e.as_str().map_or_else(|| e.to_string(), str::to_owned));
        match found {
            Some(value) if provider_error.is_none() => ContextValue {
                value,
                from_context: true,
            },
            _ => {
                if let Some(error) = provider_error {
                    node.add_error(format!(
                        "the CDK CLI could not look up the context {key:?}: {error}"
                    ));
                }
                stack.report_missing_context(MissingContext {
                    key,
                    provider: self.provider,
                    props: self.missing_props(&dummy_value, props),
                });
                dummy(dummy_value)
            }
        }
    }

    /// The `props` of the missing-context entry, in the CDK's order: the dummy value, whether
    /// errors are ignored, the additional cache key, then the query's properties.
    fn missing_props(
        &self,
        dummy_value: &Json,
        query: JsonMap<String, Json>,
    ) -> JsonMap<String, Json> {
        let mut props = JsonMap::new();
        props.insert("dummyValue".into(), dummy_value.clone());
        if let Some(ignore) = self.ignore_error_on_missing_context {
            props.insert("ignoreErrorOnMissingContext".into(), Json::Bool(ignore));
        }
        if let Some(extra) = &self.additional_cache_key {
            props.insert("additionalCacheKey".into(), Json::String(extra.clone()));
        }
        for (k, v) in query {
            props.insert(k, v);
        }
        props
    }
}

/// `<provider>:<part>:<part>...`, the parts sorted as JavaScript sorts strings.
fn context_key(provider: ContextProvider, props: &JsonMap<String, Json>) -> String {
    let mut parts = Vec::new();
    key_parts(props, "", &mut parts);
    parts.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
    let mut key = provider.as_str().to_owned();
    for part in parts {
        key.push(':');
        key.push_str(&part);
    }
    key
}

/// `name=value` for each property; objects and lists contribute their members under
/// `name.member` / `name.index`; nulls nothing.
fn key_parts(props: &JsonMap<String, Json>, prefix: &str, out: &mut Vec<String>) {
    for (name, value) in props {
        let name = format!("{prefix}{name}");
        match value {
            Json::Null => {}
            Json::Object(members) => key_parts(members, &format!("{name}."), out),
            Json::Array(items) => {
                let members: JsonMap<String, Json> = items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (i.to_string(), v.clone()))
                    .collect();
                key_parts(&members, &format!("{name}."), out);
            }
            Json::String(s) => out.push(format!("{name}={}", s.replace(':', "$:"))),
            Json::Bool(b) => out.push(format!("{name}={b}")),
            Json::Number(n) => out.push(format!("{name}={}", js_number(n))),
        }
    }
}

/// A number as JavaScript's `JSON.stringify` writes it: integral values without a fraction,
/// exponents from 1e21 and below 1e-6 (`1e+21`, `1.5e-7`).
fn js_number(n: &serde_json::Number) -> String {
    if n.is_i64() || n.is_u64() {
        return n.to_string();
    }
    let f = n.as_f64().unwrap_or_default();
    let magnitude = f.abs();
    if magnitude != 0.0 && !(1e-6..1e21).contains(&magnitude) {
        let text = format!("{f:e}");
        match text.split_once('e') {
            Some((mantissa, exponent)) if !exponent.starts_with('-') => {
                format!("{mantissa}e+{exponent}")
            }
            _ => text,
        }
    } else if f.fract() == 0.0 {
        format!("{f:.0}")
    } else {
        format!("{f}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn props(value: Json) -> JsonMap<String, Json> {
        match value {
            Json::Object(m) => m,
            _ => unreachable!(),
        }
    }

    /// Keys aws-cdk-lib 2.276's `ContextProvider.getKey` gives for the same queries.
    #[test]
    fn keys_are_formed_as_the_cdk_forms_them() {
        let cases = [
            (
                ContextProvider::AvailabilityZones,
                json!({"account": "111111111111", "region": "us-east-2"}),
                "availability-zones:account=111111111111:region=us-east-2",
            ),
            (
                ContextProvider::Ssm,
                json!({"account": "111111111111", "region": "us-east-2", "parameterName": "/my/param:with$colon"}),
                "ssm:account=111111111111:parameterName=/my/param$:with$colon:region=us-east-2",
            ),
            (
                ContextProvider::Ami,
                json!({"account": "111111111111", "region": "us-east-2",
                       "owners": ["amazon", "self"],
                       "filters": {"name": ["al2023-*"], "image-type": ["machine"]},
                       "flag": true, "n": 3, "z": "Zed", "a": "lower"}),
                "ami:a=lower:account=111111111111:filters.image-type.0=machine:filters.name.0=al2023-*:flag=true:n=3:owners.0=amazon:owners.1=self:region=us-east-2:z=Zed",
            ),
            (
                ContextProvider::HostedZone,
                json!({"domainName": "example.com", "privateZone": false}),
                "hosted-zone:domainName=example.com:privateZone=false",
            ),
            (
                ContextProvider::Vpc,
                json!({"account": "111111111111", "additionalCacheKey": "extra", "region": "us-east-2",
                       "filter": {"isDefault": "true"}, "returnAsymmetricSubnets": true}),
                "vpc-provider:account=111111111111:additionalCacheKey=extra:filter.isDefault=true:region=us-east-2:returnAsymmetricSubnets=true",
            ),
        ];
        for (provider, query, expected) in cases {
            assert_eq!(context_key(provider, &props(query)), expected);
        }
    }

    #[test]
    fn numbers_in_keys_are_written_as_javascript_writes_them() {
        for (value, expected) in [
            (json!(3), "3"),
            (json!(-7), "-7"),
            (json!(1.5), "1.5"),
            (json!(3.0), "3"),
            (json!(1e21), "1e+21"),
            (json!(1.5e-7), "1.5e-7"),
            (json!(0.000001), "0.000001"),
            (json!(0.0), "0"),
        ] {
            let Json::Number(n) = value else {
                unreachable!()
            };
            assert_eq!(js_number(&n), expected);
        }
    }

    #[test]
    fn values_the_cdk_cli_passes_in_its_variable_are_used() {
        let props = crate::AppProps {
            read_cli_context: true,
            ..Default::default()
        };
        let cli = |k: &str| {
            (k == crate::CONTEXT_ENV).then(|| {
                r#"{"availability-zones:account=111111111111:region=us-east-2": ["us-east-2a", "us-east-2b"]}"#
                    .to_owned()
            })
        };
        let app = crate::App::with_props_and_variables(props, cli);
        let env = crate::Environment::new("111111111111", "us-east-2");
        let stack = Stack::new(&app, "S", crate::StackProps::default().env(env));
        let found = ContextQuery::new(ContextProvider::AvailabilityZones).lookup(&stack, "dummy");
        assert_eq!(found.value, json!(["us-east-2a", "us-east-2b"]));
        assert!(found.from_context);
        assert!(stack.missing_context().is_empty());
    }

    #[test]
    fn nulls_are_left_out_of_keys() {
        let query = props(json!({"a": null, "b": [null, "x"], "c": {}}));
        assert_eq!(context_key(ContextProvider::Plugin, &query), "plugin:b.1=x");
    }

    #[test]
    fn every_provider_has_the_schema_name() {
        let names: Vec<&str> = [
            ContextProvider::Ami,
            ContextProvider::AvailabilityZones,
            ContextProvider::HostedZone,
            ContextProvider::Ssm,
            ContextProvider::Vpc,
            ContextProvider::EndpointServiceAvailabilityZones,
            ContextProvider::LoadBalancer,
            ContextProvider::LoadBalancerListener,
            ContextProvider::SecurityGroup,
            ContextProvider::Key,
            ContextProvider::CcApi,
            ContextProvider::Plugin,
        ]
        .map(ContextProvider::as_str)
        .to_vec();
        // The `ContextProvider` enum of cloud-assembly-schema 55, in its order.
        assert_eq!(
            names,
            [
                "ami",
                "availability-zones",
                "hosted-zone",
                "ssm",
                "vpc-provider",
                "endpoint-service-availability-zones",
                "load-balancer",
                "load-balancer-listener",
                "security-group",
                "key-provider",
                "cc-api-provider",
                "plugin"
            ]
        );
    }
}
