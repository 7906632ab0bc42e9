//! The action lists of the grants, in aws-cdk-lib's order (aws-dynamodb/lib/perms.js), so
//! that policies match the CDK's statement for statement.

/// Item reads a resource policy can grant.
pub(super) const RESOURCE_READ_DATA_ACTIONS: [&str; 5] = [
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:GetItem",
    "dynamodb:Scan",
    "dynamodb:ConditionCheckItem",
];
/// Stream reads granted through the table's ARNs, in the grantee's policy only.
pub(super) const PRINCIPAL_ONLY_READ_DATA_ACTIONS: [&str; 2] =
    ["dynamodb:GetRecords", "dynamodb:GetShardIterator"];
/// Item writes.
pub(super) const WRITE_DATA_ACTIONS: [&str; 4] = [
    "dynamodb:BatchWriteItem",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
];
/// Reads of a stream.
pub(super) const READ_STREAM_DATA_ACTIONS: [&str; 3] = [
    "dynamodb:DescribeStream",
    "dynamodb:GetRecords",
    "dynamodb:GetShardIterator",
];
/// Decrypting with the table's key.
pub(super) const KEY_READ_ACTIONS: [&str; 2] = ["kms:Decrypt", "kms:DescribeKey"];
/// Decrypting and encrypting with the table's key.
pub(super) const KEY_READ_WRITE_ACTIONS: [&str; 5] = [
    "kms:Decrypt",
    "kms:DescribeKey",
    "kms:Encrypt",
    "kms:ReEncrypt*",
    "kms:GenerateDataKey*",
];
const DESCRIBE_TABLE: &str = "dynamodb:DescribeTable";

/// `actions` followed by `dynamodb:DescribeTable`, as every data grant ends.
pub(super) fn with_describe<'a>(actions: &[&'a str]) -> Vec<&'a str> {
    let mut all = actions.to_vec();
    all.push(DESCRIBE_TABLE);
    all
}
