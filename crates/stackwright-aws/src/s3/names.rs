//! The naming rules of general purpose buckets.

/// Prefixes S3 reserves.
const RESERVED_PREFIXES: [&str; 3] = ["xn--", "sthree-", "amzn-s3-demo-"];
/// Suffixes S3 reserves (access point aliases, Object Lambda, directory and table buckets).
const RESERVED_SUFFIXES: [&str; 4] = ["-s3alias", "--ol-s3", "--x-s3", "--table-s3"];

/// Every rule a new bucket's name breaks, one message each.
pub(crate) fn bucket_name_problems(name: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let len = name.chars().count();
    if !(3..=63).contains(&len) {
        problems.push(format!("must be 3 to 63 characters long (it has {len})"));
    }
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-';
    if let Some(c) = name.chars().find(|c| !allowed(*c)) {
        problems.push(format!(
            "contains {c:?}; only lowercase letters, digits, '.' and '-' are allowed"
        ));
    }
    let edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if !edge(name.chars().next()) {
        problems.push("must start with a lowercase letter or a digit".to_owned());
    }
    if !edge(name.chars().last()) {
        problems.push("must end with a lowercase letter or a digit".to_owned());
    }
    if name.contains("..") {
        problems.push("must not contain two adjacent periods".to_owned());
    }
    if name.contains(".-") || name.contains("-.") {
        problems.push("must not have a period next to a hyphen".to_owned());
    }
    if looks_like_ip_address(name) {
        problems.push("must not be formatted as an IP address".to_owned());
    }
    for prefix in RESERVED_PREFIXES.iter().filter(|p| name.starts_with(**p)) {
        problems.push(format!("must not start with {prefix:?} (reserved)"));
    }
    for suffix in RESERVED_SUFFIXES.iter().filter(|s| name.ends_with(**s)) {
        problems.push(format!("must not end with {suffix:?} (reserved)"));
    }
    problems
}

/// The looser rules of existing buckets (older buckets may have capitals and underscores).
pub(crate) fn imported_bucket_name_problems(name: &str) -> Vec<String> {
    let len = name.chars().count();
    let allowed = |c: char| c.is_ascii_alphanumeric() || "._-".contains(c);
    if !(3..=255).contains(&len) {
        vec![format!("must be 3 to 255 characters long (it has {len})")]
    } else if let Some(c) = name.chars().find(|c| !allowed(*c)) {
        vec![format!(
            "contains {c:?}; only letters, digits, '.', '_' and '-' are allowed"
        )]
    } else {
        Vec::new()
    }
}

/// Four groups of one to three digits separated by periods.
fn looks_like_ip_address(name: &str) -> bool {
    let groups: Vec<&str> = name.split('.').collect();
    groups.len() == 4
        && groups
            .iter()
            .all(|g| (1..=3).contains(&g.len()) && g.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_names_pass() {
        for ok in ["abc", "my-data.bucket-1", "1bucket", &"a".repeat(63)] {
            assert!(bucket_name_problems(ok).is_empty(), "{ok}");
        }
    }

    #[test]
    fn each_broken_rule_is_reported() {
        let cases: [(&str, &str); 11] = [
            ("ab", "3 to 63 characters"),
            ("My_Bucket", "contains 'M'"),
            ("-bucket", "must start with"),
            ("bucket-", "must end with"),
            ("my..bucket", "two adjacent periods"),
            ("my.-bucket", "period next to a hyphen"),
            ("192.168.5.4", "IP address"),
            ("xn--bucket", "\"xn--\""),
            ("sthree-bucket", "\"sthree-\""),
            ("bucket-s3alias", "\"-s3alias\""),
            ("bucket--ol-s3", "\"--ol-s3\""),
        ];
        for (name, expected) in cases {
            let problems = bucket_name_problems(name);
            assert!(
                problems.iter().any(|p| p.contains(expected)),
                "{name}: {problems:?}"
            );
        }
        assert!(imported_bucket_name_problems("Legacy_Bucket").is_empty());
        assert!(!imported_bucket_name_problems("a/b").is_empty());
    }
}
