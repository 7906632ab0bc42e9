//! ARNs as values: built from parts with the stack's partition, region and account (literal where
//! the stack's environment is known, pseudo parameters where not), and literal ARNs checked.

use stackwright_core::{Aws, Fn, Scope, Stack, Val, Value};

/// Concatenates string values as the CDK does: adjacent literals are merged, a part that is
/// itself an `Fn::Join` with an empty separator is spliced in, a result made only of literals
/// stays a literal, anything else becomes `Fn::Join` with an empty separator.
pub fn concat(parts: impl IntoIterator<Item = Val<String>>) -> Val<String> {
    let mut merged: Vec<Value> = Vec::new();
    for part in parts {
        match join_items(part.into_value()) {
            Ok(items) => items
                .into_iter()
                .for_each(|item| push_part(&mut merged, item)),
            Err(value) => push_part(&mut merged, value),
        }
    }
    match merged.len() {
        0 => Val::from(""),
        1 if merged[0].as_str().is_some() => Val::unchecked(merged.remove(0)),
        _ => Fn::join("", merged.into_iter().map(Val::<String>::unchecked)),
    }
}

/// Appends one part to a concatenation: a literal joins a literal before it, an empty one is
/// dropped.
fn push_part(merged: &mut Vec<Value>, part: Value) {
    match (merged.last_mut(), part) {
        (_, Value::String(s)) if s.is_empty() => {}
        (Some(Value::String(previous)), Value::String(s)) => previous.push_str(&s),
        (_, other) => merged.push(other),
    }
}

/// The items of `value` if it is an `Fn::Join` with an empty separator, else `value` back.
/// Taken apart by value: the items are moved, not copied.
fn join_items(value: Value) -> Result<Vec<Value>, Value> {
    let Value::Intrinsic("Fn::Join", args) = value else {
        return Err(value);
    };
    let args = match *args {
        Value::List(args) => args,
        other => return Err(Value::Intrinsic("Fn::Join", Box::new(other))),
    };
    match <[Value; 2]>::try_from(args) {
        Ok([Value::String(separator), Value::List(items)]) if separator.is_empty() => Ok(items),
        Ok(args) => Err(Value::Intrinsic(
            "Fn::Join",
            Box::new(Value::List(args.into())),
        )),
        Err(args) => Err(Value::Intrinsic("Fn::Join", Box::new(Value::List(args)))),
    }
}

/// The parts of an ARN: `arn:<partition>:<service>:<region>:<account>:<resource>`.
#[derive(Debug, Clone)]
#[must_use]
pub struct ArnParts {
    service: String,
    resource: Val<String>,
    region: Option<Val<String>>,
    account: Option<Val<String>>,
}

impl ArnParts {
    /// An ARN of `service` naming `resource` (everything after the account, e.g. `role/x`).
    pub fn new(service: &str, resource: impl Into<Val<String>>) -> Self {
        ArnParts {
            service: service.to_owned(),
            resource: resource.into(),
            region: None,
            account: None,
        }
    }

    /// Leaves the region empty (global services such as IAM and S3).
    pub fn no_region(mut self) -> Self {
        self.region = Some(Val::from(""));
        self
    }

    /// Leaves the account empty (S3 buckets).
    pub fn no_account(mut self) -> Self {
        self.account = Some(Val::from(""));
        self
    }

    /// Names the account (instead of the enclosing stack's).
    pub fn account(mut self, account: impl Into<Val<String>>) -> Self {
        self.account = Some(account.into());
        self
    }

    /// Formats the ARN for a construct in `scope`: the partition is `AWS::Partition`; the region
    /// and account, unless set, are the enclosing stack's.
    pub fn format(self, scope: &impl Scope) -> Val<String> {
        let stack = Stack::of(scope);
        let region = self
            .region
            .unwrap_or_else(|| stack.as_ref().map_or_else(Aws::region, Stack::region));
        let account = self
            .account
            .unwrap_or_else(|| stack.as_ref().map_or_else(Aws::account_id, Stack::account));
        concat([
            Val::from("arn:"),
            Aws::partition(),
            Val::from(format!(":{}:", self.service)),
            region,
            Val::from(":"),
            account,
            Val::from(":"),
            self.resource,
        ])
    }
}

/// `arn:<partition>:iam::<account>:root`: the root principal of an account (the stack's when
/// `account` is `None`).
pub fn account_root_arn(scope: &impl Scope, account: Option<&str>) -> Val<String> {
    let parts = ArnParts::new("iam", "root").no_region();
    match account {
        Some(a) => parts.account(a),
        None => parts,
    }
    .format(scope)
}

/// The parts of a literal ARN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedArn {
    /// `aws`, `aws-cn`, `aws-us-gov`, ...
    pub partition: String,
    /// The service namespace, e.g. `iam`.
    pub service: String,
    /// The region (empty for global services).
    pub region: String,
    /// The account (empty for S3 buckets and AWS-managed resources).
    pub account: String,
    /// Everything after the account, e.g. `role/path/name`.
    pub resource: String,
}

/// Parses a literal ARN.
///
/// # Errors
/// A message saying what is wrong with it.
pub fn parse_arn(arn: &str) -> Result<ParsedArn, String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [prefix, partition, service, region, account, resource] = parts[..] else {
        return Err(format!(
            "{arn:?} is not an ARN: expected arn:<partition>:<service>:<region>:<account>:<resource>"
        ));
    };
    let valid_partition = partition.starts_with("aws")
        && partition
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '-');
    let problem = if prefix != "arn" {
        Some("it must start with \"arn:\"")
    } else if !valid_partition {
        Some("the partition must be aws, aws-cn, aws-us-gov, ...")
    } else if service.is_empty()
        || !service
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        Some("the service must be letters, digits and hyphens")
    } else if !(account.is_empty()
        || account == "aws"
        || account == "*"
        || (account.len() == 12 && account.chars().all(|c| c.is_ascii_digit())))
    {
        Some("the account must be 12 digits")
    } else if resource.is_empty() {
        Some("the resource part is empty")
    } else {
        None
    };
    match problem {
        Some(p) => Err(format!("{arn:?} is not a valid ARN: {p}")),
        None => Ok(ParsedArn {
            partition: partition.into(),
            service: service.into(),
            region: region.into(),
            account: account.into(),
            resource: resource.into(),
        }),
    }
}

/// Checks a value used as an ARN: a literal must parse (or be `*`); references pass.
///
/// # Errors
/// A message saying what is wrong with the literal.
pub fn check_arn_value(value: &Val<String>) -> Result<(), String> {
    match value.as_value().as_str() {
        Some("*") | None => Ok(()),
        Some(literal) => parse_arn(literal).map(|_| ()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_account_replaces_the_stacks_in_the_arn() {
        use stackwright_core::{App, AppProps, Environment, StackProps};
        let app = App::with_props(AppProps::default());
        let stack = Stack::new(
            &app,
            "S",
            StackProps::default().env(Environment::new("111111111111", "us-east-2")),
        );
        let expected = |tail: &str| concat([Val::from("arn:"), Aws::partition(), Val::from(tail)]);
        let role = ArnParts::new("iam", "role/x")
            .no_region()
            .account("222222222222")
            .format(&stack);
        assert_eq!(role, expected(":iam::222222222222:role/x"));
        assert_eq!(
            account_root_arn(&stack, Some("333333333333")),
            expected(":iam::333333333333:root")
        );
        assert_eq!(
            account_root_arn(&stack, None),
            expected(":iam::111111111111:root")
        );
    }

    #[test]
    fn adjacent_literals_merge_and_all_literal_stays_literal() {
        let v = concat([Val::from("a"), Val::from("b"), Val::from("c")]);
        assert_eq!(v.as_value().as_str(), Some("abc"));
        let joined = concat([
            Val::from("arn:"),
            Aws::partition(),
            Val::from(":x"),
            Val::from(":y"),
        ]);
        let expected = Fn::join("", [Val::from("arn:"), Aws::partition(), Val::from(":x:y")]);
        assert_eq!(joined, expected);
        let objects = concat([joined, Val::from("/*")]);
        let flat = Fn::join(
            "",
            [Val::from("arn:"), Aws::partition(), Val::from(":x:y/*")],
        );
        assert_eq!(
            objects, flat,
            "a nested join with no separator is spliced in"
        );
        let spaced = Fn::join(",", [Aws::partition(), Aws::region()]);
        let kept = concat([spaced.clone(), Val::from("!")]);
        assert_eq!(kept, Fn::join("", [spaced, Val::from("!")]));
    }

    #[test]
    fn literal_arns_are_parsed_and_checked() {
        let parsed = parse_arn("arn:aws:iam::444444444444:role/path/ext").unwrap();
        assert_eq!(parsed.account, "444444444444");
        assert_eq!(parsed.resource, "role/path/ext");
        assert!(parse_arn("arn:aws:s3:::bucket/*").is_ok());
        for bad in [
            "not-an-arn",
            "arn:aws:iam::12:role/x",
            "arx:aws:iam::444444444444:role/x",
            "arn:aws:iam::444444444444:",
        ] {
            assert!(parse_arn(bad).is_err(), "{bad} should be rejected");
        }
        assert!(check_arn_value(&Val::from("*")).is_ok());
        assert!(check_arn_value(&Aws::account_id()).is_ok());
    }
}
