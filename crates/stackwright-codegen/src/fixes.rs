//! Named fixes to upstream schemas. Each fix checks that the defect it repairs is still there
//! and fails the generation when it is not, so a fix never outlives the defect silently: when
//! a new cfn-lint release repairs the schema, the generator says which fix to delete.

use serde_json::Value as JsonValue;

use crate::schema::Schema;

/// A fix to one type's schema.
struct Fix {
    /// The type whose schema is fixed.
    type_name: &'static str,
    /// What is wrong upstream, for the error message.
    defect: &'static str,
    /// Applies the fix; returns an error when the defect is no longer present.
    apply: fn(&mut JsonValue) -> Result<(), String>,
}

const FIXES: &[Fix] = &[
    Fix {
        type_name: "AWS::AppStream::AppBlock",
        defect: "the Tag definition is a oneOf of {Key, Value} and the legacy {TagKey, TagValue}",
        apply: appstream_tag_key_value,
    },
    Fix {
        type_name: "AWS::AppStream::Application",
        defect: "the Tag definition is a oneOf of {Key, Value} and the legacy {TagKey, TagValue}",
        apply: appstream_tag_key_value,
    },
];

/// Applies every fix; fails when a fix's type is gone or its defect is repaired.
pub fn apply_all(schemas: &mut [Schema]) -> Result<(), String> {
    for fix in FIXES {
        let schema = schemas
            .iter_mut()
            .find(|s| s.type_name == fix.type_name)
            .ok_or_else(|| {
                format!(
                    "fix for {} ({}): the type is gone; delete the fix",
                    fix.type_name, fix.defect
                )
            })?;
        (fix.apply)(&mut schema.json).map_err(|e| {
            format!(
                "fix for {} ({}) no longer applies: {e}; delete the fix",
                fix.type_name, fix.defect
            )
        })?;
    }
    Ok(())
}

/// The AppStream `Tag` definition is `oneOf` two object shapes, `{Key, Value}` and the legacy
/// `{TagKey, TagValue}`, so it has no single type and would be free-form JSON, leaving the
/// (taggable) type without a typed tag list and without `Tags` support. Keeps the `{Key, Value}`
/// branch, which CloudFormation's tagging uses (as the AWS CDK's L1 does).
fn appstream_tag_key_value(schema: &mut JsonValue) -> Result<(), String> {
    let tag = schema
        .pointer_mut("/definitions/Tag")
        .ok_or("no Tag definition")?;
    let branches = tag
        .get("oneOf")
        .and_then(JsonValue::as_array)
        .ok_or("Tag is no longer a oneOf")?;
    let key_value = branches
        .iter()
        .find(|b| {
            b.pointer("/properties/Key").is_some() && b.pointer("/properties/Value").is_some()
        })
        .cloned()
        .ok_or("Tag has no {Key, Value} branch")?;
    *tag = key_value;
    Ok(())
}
