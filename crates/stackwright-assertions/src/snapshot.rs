//! Snapshots of synthesized templates with insta: the template file exactly as the assembly
//! writes it (pretty JSON with one-space indentation, keys in template order), so a snapshot
//! changes only when the template does.

use stackwright_core::{CloudAssembly, StackArtifact};

/// The stack with this display name, or an error listing the stacks there are.
pub(crate) fn stack<'a>(
    assembly: &'a CloudAssembly,
    display_name: &str,
) -> Result<&'a StackArtifact, String> {
    assembly.stack(display_name).ok_or_else(|| {
        let names: Vec<&str> = assembly
            .stacks()
            .iter()
            .map(|s| s.display_name.as_str())
            .collect();
        format!("the assembly has no stack {display_name:?}; its stacks are {names:?}")
    })
}

/// The template file of the stack with this display name, byte for byte as the assembly
/// writes it.
///
/// # Panics
/// When the assembly has no such stack.
#[track_caller]
pub fn template_text(assembly: &CloudAssembly, display_name: &str) -> String {
    try_template_text(assembly, display_name).unwrap_or_else(|e| panic!("{e}"))
}

/// The template file of the stack with this display name, byte for byte.
///
/// # Errors
/// When the assembly has no such stack (listing the stacks it has) or lacks its template file.
pub fn try_template_text(assembly: &CloudAssembly, display_name: &str) -> Result<String, String> {
    let stack = stack(assembly, display_name)?;
    let bytes = assembly.file(&stack.template_file).ok_or_else(|| {
        format!(
            "the assembly has no template file {} for stack {display_name:?}",
            stack.template_file
        )
    })?;
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        format!(
            "the template file {} is not UTF-8: {e}",
            stack.template_file
        )
    })
}

/// The default snapshot name of a stack: its display name with `/` replaced by `-`
/// (`Prod/Storage` → `Prod-Storage`).
pub fn snapshot_name(display_name: &str) -> String {
    display_name.replace('/', "-")
}

/// Snapshots a stack's template with insta: `assert_template_snapshot!(assembly, "Prod/Storage")`
/// names the snapshot after the stack (`Prod-Storage`, see [`snapshot_name`]);
/// `assert_template_snapshot!(assembly, "Prod/Storage", name = "quickstart__Prod-Storage")`
/// names it explicitly. The snapshot is the template file byte for byte ([`template_text`]).
/// Where snapshots live follows the current `insta::Settings` (bind your own to choose a
/// directory or drop the module prefix); the calling crate needs no insta dependency of its own.
///
/// ```no_run
/// use stackwright_assertions::assert_template_snapshot;
/// use stackwright_core::{App, CfnResource, Stack, StackProps, Value};
///
/// let app = App::new();
/// let stack = Stack::new(&app, "Storage", StackProps::default());
/// CfnResource::new(&stack, "Topic", "AWS::SNS::Topic", Value::Null);
/// let assembly = app.assemble().unwrap();
/// assert_template_snapshot!(assembly, "Storage");
/// ```
///
/// # Panics
/// When the assembly has no such stack, or (in insta's way) when the snapshot differs.
#[macro_export]
macro_rules! assert_template_snapshot {
    ($assembly:expr, $display_name:expr, name = $name:expr $(,)?) => {{
        let text = $crate::template_text(&$assembly, $display_name);
        $crate::insta::assert_snapshot!($name, text);
    }};
    ($assembly:expr, $display_name:expr $(,)?) => {{
        let display_name: &str = $display_name;
        let text = $crate::template_text(&$assembly, display_name);
        $crate::insta::assert_snapshot!($crate::snapshot_name(display_name), text);
    }};
}
