//! Intrinsic functions, pseudo parameters and dynamic references as typed values.

use crate::value::{Cond, Val, Value};

fn intrinsic<T>(name: &'static str, args: impl Into<Value>) -> Val<T> {
    Val::unchecked(Value::Intrinsic(name, Box::new(args.into())))
}

fn values<T>(items: impl IntoIterator<Item = Val<T>>) -> Value {
    Value::List(items.into_iter().map(Val::into_value).collect())
}

/// The CloudFormation intrinsic functions (`Fn::...`).
pub struct Fn;

impl Fn {
    /// `Fn::Join`: the strings joined by a separator.
    pub fn join<S: Into<Val<String>>>(
        separator: &str,
        items: impl IntoIterator<Item = S>,
    ) -> Val<String> {
        let list = values(items.into_iter().map(Into::into));
        intrinsic("Fn::Join", Value::list_of([Value::from(separator), list]))
    }

    /// `Fn::Join` over a list value (a parameter, `Fn::Split`, `Fn::GetAZs`...).
    pub fn join_list(separator: &str, list: impl Into<Val<Vec<String>>>) -> Val<String> {
        intrinsic(
            "Fn::Join",
            Value::list_of([Value::from(separator), list.into().into_value()]),
        )
    }

    /// `Fn::Sub` with no variables: `${AWS::Region}`, `${Param}` by logical id.
    pub fn sub(template: &str) -> Val<String> {
        intrinsic("Fn::Sub", template)
    }

    /// `Fn::Sub` with variables, whose values may be references to any construct.
    pub fn sub_with<K: Into<String>, V: Into<Val<String>>>(
        template: &str,
        variables: impl IntoIterator<Item = (K, V)>,
    ) -> Val<String> {
        let vars = Value::map_of(
            variables
                .into_iter()
                .map(|(k, v)| (k.into(), v.into().into_value())),
        );
        intrinsic("Fn::Sub", Value::list_of([Value::from(template), vars]))
    }

    /// `Fn::Select`: the item at an index of a list.
    pub fn select<T>(index: u32, list: impl Into<Val<Vec<T>>>) -> Val<T> {
        intrinsic(
            "Fn::Select",
            Value::list_of([Value::from(index), list.into().into_value()]),
        )
    }

    /// `Fn::Split`: a string split by a delimiter.
    pub fn split(delimiter: &str, source: impl Into<Val<String>>) -> Val<Vec<String>> {
        intrinsic(
            "Fn::Split",
            Value::list_of([Value::from(delimiter), source.into().into_value()]),
        )
    }

    /// `Fn::If`: one of two values, depending on a condition of the same template.
    pub fn if_<T>(
        condition: &crate::CfnCondition,
        then: impl Into<Val<T>>,
        otherwise: impl Into<Val<T>>,
    ) -> Val<T> {
        let name = Value::LogicalId(crate::Scope::node(condition).element_ref());
        intrinsic(
            "Fn::If",
            Value::list_of([
                name,
                then.into().into_value(),
                otherwise.into().into_value(),
            ]),
        )
    }

    /// `Fn::ImportValue`: the value exported by another stack under this name.
    pub fn import_value(export_name: impl Into<Val<String>>) -> Val<String> {
        intrinsic("Fn::ImportValue", export_name.into().into_value())
    }

    /// `Fn::Base64`.
    pub fn base64(s: impl Into<Val<String>>) -> Val<String> {
        intrinsic("Fn::Base64", s.into().into_value())
    }

    /// `Fn::GetAZs`: the availability zones of a region (`""` for the stack's region).
    pub fn get_azs(region: impl Into<Val<String>>) -> Val<Vec<String>> {
        intrinsic("Fn::GetAZs", region.into().into_value())
    }

    /// `Fn::Cidr`: `count` CIDR blocks of `cidr_bits` host bits within `ip_block`.
    pub fn cidr(
        ip_block: impl Into<Val<String>>,
        count: impl Into<Val<i64>>,
        cidr_bits: impl Into<Val<i64>>,
    ) -> Val<Vec<String>> {
        let args = [
            ip_block.into().into_value(),
            count.into().into_value(),
            cidr_bits.into().into_value(),
        ];
        intrinsic("Fn::Cidr", Value::list_of(args))
    }

    /// `Fn::FindInMap` by mapping logical id (prefer [`CfnMapping::find_in_map`](crate::CfnMapping::find_in_map)).
    pub fn find_in_map(
        mapping: &str,
        top: impl Into<Val<String>>,
        second: impl Into<Val<String>>,
    ) -> Val<String> {
        intrinsic(
            "Fn::FindInMap",
            Value::list_of([
                Value::from(mapping),
                top.into().into_value(),
                second.into().into_value(),
            ]),
        )
    }

    /// `Fn::Equals`.
    pub fn equals(a: impl Into<Value>, b: impl Into<Value>) -> Val<Cond> {
        intrinsic("Fn::Equals", Value::list_of([a.into(), b.into()]))
    }

    /// `Fn::And` (2 to 10 conditions).
    pub fn and(conditions: impl IntoIterator<Item = Val<Cond>>) -> Val<Cond> {
        intrinsic("Fn::And", values(conditions))
    }

    /// `Fn::Or` (2 to 10 conditions).
    pub fn or(conditions: impl IntoIterator<Item = Val<Cond>>) -> Val<Cond> {
        intrinsic("Fn::Or", values(conditions))
    }

    /// `Fn::Not`.
    pub fn not(condition: impl Into<Val<Cond>>) -> Val<Cond> {
        intrinsic("Fn::Not", Value::list_of([condition.into().into_value()]))
    }

    /// `Fn::Contains` (rules only): whether a list contains a value.
    pub fn contains(list: impl Into<Value>, value: impl Into<Value>) -> Val<Cond> {
        intrinsic("Fn::Contains", Value::list_of([list.into(), value.into()]))
    }

    /// `Fn::Length`: the number of items of a list (needs the `AWS::LanguageExtensions` transform).
    pub fn length(list: impl Into<Value>) -> Val<i64> {
        intrinsic("Fn::Length", list.into())
    }

    /// `Fn::ToJsonString` (needs the `AWS::LanguageExtensions` transform).
    pub fn to_json_string(value: impl Into<Value>) -> Val<String> {
        intrinsic("Fn::ToJsonString", value.into())
    }
}

/// The pseudo parameters (`AWS::...`).
pub struct Aws;

fn pseudo<T>(name: &str) -> Val<T> {
    intrinsic("Ref", name)
}

impl Aws {
    /// `AWS::AccountId`.
    pub fn account_id() -> Val<String> {
        pseudo("AWS::AccountId")
    }
    /// `AWS::Region`.
    pub fn region() -> Val<String> {
        pseudo("AWS::Region")
    }
    /// `AWS::Partition`.
    pub fn partition() -> Val<String> {
        pseudo("AWS::Partition")
    }
    /// `AWS::URLSuffix`.
    pub fn url_suffix() -> Val<String> {
        pseudo("AWS::URLSuffix")
    }
    /// `AWS::StackName`.
    pub fn stack_name() -> Val<String> {
        pseudo("AWS::StackName")
    }
    /// `AWS::StackId`.
    pub fn stack_id() -> Val<String> {
        pseudo("AWS::StackId")
    }
    /// `AWS::NotificationARNs`.
    pub fn notification_arns() -> Val<Vec<String>> {
        pseudo("AWS::NotificationARNs")
    }
    /// `AWS::NoValue`: removes the property it is assigned to (useful inside `Fn::If`).
    pub fn no_value<T>() -> Val<T> {
        pseudo("AWS::NoValue")
    }
}

/// Dynamic references, resolved by CloudFormation at deploy time; secrets never appear in the
/// template in plain text.
pub struct DynamicReference;

impl DynamicReference {
    /// `{{resolve:ssm:<name>}}` (optionally `:<version>`).
    pub fn ssm(parameter_name: &str, version: Option<u32>) -> Val<String> {
        let version = version.map(|v| format!(":{v}")).unwrap_or_default();
        Val::unchecked(format!("{{{{resolve:ssm:{parameter_name}{version}}}}}"))
    }

    /// `{{resolve:ssm-secure:<name>}}` (only some properties accept it).
    pub fn ssm_secure(parameter_name: &str, version: Option<u32>) -> Val<String> {
        let version = version.map(|v| format!(":{v}")).unwrap_or_default();
        Val::unchecked(format!(
            "{{{{resolve:ssm-secure:{parameter_name}{version}}}}}"
        ))
    }

    /// `{{resolve:secretsmanager:<secret id>:SecretString:<json key>::}}`; an empty JSON key
    /// takes the whole secret string.
    pub fn secrets_manager(secret_id: &str, json_key: Option<&str>) -> Val<String> {
        let key = json_key.unwrap_or("");
        Val::unchecked(format!(
            "{{{{resolve:secretsmanager:{secret_id}:SecretString:{key}::}}}}"
        ))
    }

    /// `{{resolve:secretsmanager:..}}` for a secret whose ARN or name is itself a value (for
    /// example a reference to a secret created in this app).
    pub fn secrets_manager_value(
        secret_id: impl Into<Val<String>>,
        json_key: Option<&str>,
    ) -> Val<String> {
        let suffix = format!(":SecretString:{}::}}}}", json_key.unwrap_or(""));
        Fn::join(
            "",
            [
                Val::from("{{resolve:secretsmanager:"),
                secret_id.into(),
                Val::from(suffix),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dynamic_references_have_the_documented_shape() {
        assert_eq!(
            DynamicReference::ssm("/a/b", None).as_value().as_str(),
            Some("{{resolve:ssm:/a/b}}")
        );
        assert_eq!(
            DynamicReference::ssm("/a/b", Some(3)).as_value().as_str(),
            Some("{{resolve:ssm:/a/b:3}}")
        );
        assert_eq!(
            DynamicReference::secrets_manager("github-token", None)
                .as_value()
                .as_str(),
            Some("{{resolve:secretsmanager:github-token:SecretString:::}}")
        );
        assert_eq!(
            DynamicReference::secrets_manager("db", Some("password"))
                .as_value()
                .as_str(),
            Some("{{resolve:secretsmanager:db:SecretString:password::}}")
        );
    }
}
