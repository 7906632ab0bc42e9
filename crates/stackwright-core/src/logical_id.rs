//! Logical ids, stack names and artifact ids, computed exactly as the AWS CDK does, so that an
//! app moved from the CDK keeps every physical resource.

use md5::{Digest, Md5};

/// Path component hidden from ids entirely.
const HIDDEN_ID: &str = "Default";
/// Path component hidden from the readable part of ids (but kept in the hash).
const HIDDEN_FROM_HUMAN_ID: &str = "Resource";
/// Longest logical id.
const MAX_ID_LEN: usize = 255;
/// Longest readable part before the hash.
const MAX_HUMAN_LEN: usize = 240;
const HASH_LEN: usize = 8;

/// The CDK's `makeUniqueId`: a logical id from the construct ids below the stack.
///
/// Returns an empty string for an empty path (only `Default` components).
pub fn make_unique_id(components: &[&str]) -> String {
    hashed_name(components, MAX_ID_LEN, "", |mut human| {
        human.truncate(MAX_HUMAN_LEN);
        human
    })
}

/// The CDK's `makeUniqueResourceName` as used for stack names and artifact ids (at most 128
/// characters, cut in the middle when longer).
pub fn make_stack_name(components: &[&str]) -> String {
    const MAX_LEN: usize = 128;
    if let [only] = components {
        return (*only).to_owned();
    }
    hashed_name(components, MAX_LEN, "", |human| {
        split_in_middle(human, MAX_LEN - HASH_LEN)
    })
}

/// The CDK's `Names.uniqueResourceName`: a physical name from the stack's name followed by the
/// construct ids below the stack, each reduced to ASCII letters and digits, joined by
/// `separator` and followed by it and the path hash; at most `max_len` characters, cut in the
/// middle when longer. A single short component stands alone.
pub fn make_unique_resource_name(components: &[&str], max_len: usize, separator: &str) -> String {
    hashed_name(components, max_len, separator, |human| {
        split_in_middle(human, max_len.saturating_sub(HASH_LEN))
    })
}

/// The first and last `max / 2` characters of `human` when it is longer than `max` (the CDK's
/// `splitInMiddle`, which rounds both halves down).
fn split_in_middle(human: String, max: usize) -> String {
    if human.len() <= max {
        return human;
    }
    let half = max / 2;
    format!("{}{}", &human[..half], &human[human.len() - half..])
}

/// The shared algorithm: drop `Default`; a single short component stands alone; otherwise a
/// readable part (the components reduced to letters and digits, each followed by `separator`,
/// shortened by `shorten`) followed by the path hash. Written into one buffer (this runs once
/// per element of the app).
fn hashed_name(
    components: &[&str],
    max_len: usize,
    separator: &str,
    shorten: impl FnOnce(String) -> String,
) -> String {
    let kept = || components.iter().copied().filter(|c| *c != HIDDEN_ID);
    let mut rest = kept();
    let Some(first) = rest.next() else {
        return String::new();
    };
    if rest.next().is_none() {
        let candidate = remove_non_alphanumeric(first);
        if candidate.len() <= max_len {
            return candidate;
        }
    }
    let room: usize = kept().map(|c| c.len() + separator.len()).sum();
    let mut human = String::with_capacity(room + HASH_LEN);
    // A component that the previously kept component ends with is dropped (`Pipeline/Pipeline`).
    let mut previous: Option<&str> = None;
    for c in kept() {
        if previous.is_some_and(|last| last.ends_with(c)) {
            continue;
        }
        previous = Some(c);
        if c == HIDDEN_FROM_HUMAN_ID {
            continue;
        }
        let before = human.len();
        push_alphanumeric(&mut human, c);
        if human.len() > before {
            human.push_str(separator);
        }
    }
    let mut name = shorten(human);
    push_path_hash(&mut name, kept());
    name
}

/// True when `name` is a valid CloudFormation stack name: `^[A-Za-z][A-Za-z0-9-]*$`, at most
/// 128 characters.
pub fn is_valid_stack_name(name: &str) -> bool {
    name.len() <= 128
        && name.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// True when `id` is a valid CloudFormation logical id.
pub fn is_valid_logical_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_ID_LEN && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Appends the path hash: the first bytes of the MD5 of the components joined with `/`, in
/// upper-case hex.
fn push_path_hash<'a>(out: &mut String, components: impl Iterator<Item = &'a str>) {
    let mut md5 = Md5::new();
    for (i, c) in components.enumerate() {
        if i > 0 {
            md5.update(b"/");
        }
        md5.update(c.as_bytes());
    }
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in &md5.finalize()[..HASH_LEN / 2] {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xf)]));
    }
}

fn remove_non_alphanumeric(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_alphanumeric(&mut out, s);
    out
}

/// Appends the ASCII letters and digits of `s`. Byte by byte: no byte of a multi-byte UTF-8
/// character is an ASCII letter or digit, so this keeps what filtering the characters keeps.
fn push_alphanumeric(out: &mut String, s: &str) {
    out.extend(s.bytes().filter(u8::is_ascii_alphanumeric).map(char::from));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Vectors observed from aws-cdk-lib (docs/cdk-compatibility.md describes the algorithm).
    #[test]
    fn logical_id_vectors() {
        let cases: &[(&[&str], &str)] = &[
            (
                &["Storage", "DataBucket", "Resource"],
                "StorageDataBucketB1B922FA",
            ),
            (&["Fn", "Resource"], "Fn9270CBC0"),
            (&["MyBucket", "Bucket", "Resource"], "MyBucketCB5E0479"),
            (
                &["Default", "Bucket", "Default", "Resource"],
                "Bucket83908E77",
            ),
            (&["a-b"], "ab"),
            (
                &["Lambda", "ServiceRole", "DefaultPolicy", "Resource"],
                "LambdaServiceRoleDefaultPolicyDAE46E21",
            ),
            (
                &["Exports", "Output{\"Ref\":\"X\"}"],
                "ExportsOutputRefXB26F2652",
            ),
        ];
        for (path, expected) in cases {
            assert_eq!(make_unique_id(path), *expected, "path {path:?}");
        }
    }

    #[test]
    fn non_ascii_characters_are_dropped_whole() {
        for id in ["Bücket", "é✓😀x", "Ab-9_z", "", "ÀÉÎ"] {
            let by_char: String = id.chars().filter(char::is_ascii_alphanumeric).collect();
            assert_eq!(remove_non_alphanumeric(id), by_char, "{id}");
        }
        let hash = {
            let digest = Md5::digest("Bücket/Résource".as_bytes());
            hex::encode_upper(&digest[..HASH_LEN / 2])
        };
        assert_eq!(
            make_unique_id(&["Bücket", "Résource"]),
            format!("BcketRsource{hash}")
        );
    }

    #[test]
    fn unique_resource_name_vector() {
        // FIFO topics without a name: aws-cdk-lib names `S/Fifo` `S-Fifo-EC142D2F.fifo`, and
        // the same topic in the stack `Prod-S` (stage `Prod`) `ProdS-Fifo-BA44CD38.fifo`.
        assert_eq!(
            make_unique_resource_name(&["S", "Fifo"], 251, "-"),
            "S-Fifo-EC142D2F"
        );
        assert_eq!(
            make_unique_resource_name(&["Prod-S", "Fifo"], 251, "-"),
            "ProdS-Fifo-BA44CD38"
        );
        assert_eq!(make_unique_resource_name(&["Only"], 251, "-"), "Only");
        let long = "x".repeat(300);
        let name = make_unique_resource_name(&["S", &long], 251, "-");
        assert_eq!(name.len(), 250);
        assert!(name.starts_with("S-xxx") && name.ends_with(&name[name.len() - 8..]));
    }

    #[test]
    fn artifact_id_vector() {
        assert_eq!(
            make_stack_name(&["Prod", "Producer"]),
            "ProdProducer15E88541"
        );
        assert_eq!(make_stack_name(&["Storage"]), "Storage");
    }

    #[test]
    fn long_ids_are_cut_and_hashed() {
        let long = "x".repeat(300);
        let id = make_unique_id(&[&long]);
        assert_eq!(id.len(), MAX_HUMAN_LEN + HASH_LEN);
        assert!(is_valid_logical_id(&id));
        let name = make_stack_name(&[&long, "Stack"]);
        assert_eq!(name.len(), 128);
    }

    #[test]
    fn stack_name_validity() {
        for valid in ["S", "Prod-Storage", "a1-b2", &"a".repeat(128)] {
            assert!(is_valid_stack_name(valid), "{valid}");
        }
        for invalid in ["", "1abc", "-a", "my_stack", "a.b", "a b", &"a".repeat(129)] {
            assert!(!is_valid_stack_name(invalid), "{invalid}");
        }
    }

    #[test]
    fn logical_id_validity() {
        assert!(is_valid_logical_id("Bucket83908E77"));
        assert!(!is_valid_logical_id("my-bucket"));
        assert!(!is_valid_logical_id(""));
        assert!(!is_valid_logical_id(&"a".repeat(256)));
    }
}
