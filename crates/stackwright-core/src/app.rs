//! The app: the root of the construct tree, and where synthesis starts.

use std::path::PathBuf;
use std::rc::Rc;

use indexmap::IndexMap;

use crate::error::{ErrorKind, SynthErrors};
use crate::synth::CloudAssembly;
use crate::tree::{Node, NodeId, Scope, Tree};

/// Environment variable through which the CDK CLI passes context values.
pub const CONTEXT_ENV: &str = "CDK_CONTEXT_JSON";
/// Environment variable naming a JSON file with context values too large for [`CONTEXT_ENV`].
pub const CONTEXT_OVERFLOW_ENV: &str = "CONTEXT_OVERFLOW_LOCATION_ENV";
/// Environment variable through which the CDK CLI names the output directory.
pub const OUTDIR_ENV: &str = "CDK_OUTDIR";

/// Options of an [`App`].
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct AppProps {
    /// Context values set in code (the CLI's values win over these).
    pub context: IndexMap<String, serde_json::Value>,
    /// Where to write the assembly (default: `$CDK_OUTDIR`, else `cdk.out`).
    pub outdir: Option<PathBuf>,
    /// Read context from the CDK CLI's environment variables (default true with [`App::new`]).
    pub read_cli_context: bool,
}

impl AppProps {
    /// Adds a context value.
    pub fn context(mut self, key: impl Into<String>, value: impl Into<serde_json::Value>) -> Self {
        self.context.insert(key.into(), value.into());
        self
    }

    /// Sets the output directory.
    pub fn outdir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.outdir = Some(dir.into());
        self
    }
}

/// The root of a construct tree.
#[derive(Clone, Debug)]
pub struct App {
    node: Node,
    outdir: Option<PathBuf>,
}

impl Scope for App {
    fn node(&self) -> &Node {
        &self.node
    }
}

impl Default for App {
    fn default() -> Self {
        App::new()
    }
}

impl App {
    /// An app that reads the CDK CLI's context and output directory from the environment.
    pub fn new() -> Self {
        App::with_props(AppProps {
            read_cli_context: true,
            ..Default::default()
        })
    }

    /// An app with options.
    pub fn with_props(props: AppProps) -> Self {
        App::with_props_and_variables(props, |k| std::env::var(k).ok())
    }

    /// [`App::with_props`], reading the CLI's variables through `var` (tests pass their own).
    pub(crate) fn with_props_and_variables(
        props: AppProps,
        var: impl Fn(&str) -> Option<String>,
    ) -> Self {
        let mut context = props.context;
        let mut problems = Vec::new();
        if props.read_cli_context {
            for (source, json) in cli_context_sources(var) {
                match json {
                    Ok(serde_json::Value::Object(map)) => context.extend(map),
                    Ok(_) => problems.push(format!("{source} must hold a JSON object")),
                    Err(e) => problems.push(format!("{source} is not valid JSON: {e}")),
                }
            }
        }
        let tree = Tree::new_root(context);
        for p in problems {
            tree.data
                .borrow_mut()
                .problem("<app>", ErrorKind::Annotation(p));
        }
        App {
            node: Node {
                tree: Rc::clone(&tree),
                id: NodeId(0),
            },
            outdir: props.outdir,
        }
    }

    /// A context value (from the CDK CLI or set in code).
    pub fn context(&self, key: &str) -> Option<serde_json::Value> {
        self.node.try_get_context(key)
    }

    /// Sets a context value.
    pub fn set_context(&self, key: impl Into<String>, value: impl Into<serde_json::Value>) {
        let key = key.into();
        if let Some(mut data) = self
            .node
            .data_mut(|| format!("set the context value {key:?}"))
        {
            data.context.insert(key, value.into());
        }
    }

    /// The directory [`App::synth`] writes to.
    pub fn outdir(&self) -> PathBuf {
        self.outdir
            .clone()
            .or_else(|| {
                std::env::var_os(OUTDIR_ENV)
                    .filter(|v| !v.is_empty())
                    .map(PathBuf::from)
            })
            .unwrap_or_else(|| PathBuf::from("cdk.out"))
    }

    /// Synthesizes the app in memory, without writing anything.
    pub fn assemble(&self) -> Result<CloudAssembly, SynthErrors> {
        crate::synth::assemble(&self.node)
    }

    /// Synthesizes the app and writes the cloud assembly to [`App::outdir`] with
    /// [`CloudAssembly::write_to`]: when synthesis fails nothing is written; when the write
    /// fails the previous assembly stays in place (or the error says where it is).
    pub fn synth(&self) -> Result<CloudAssembly, SynthErrors> {
        let assembly = self.assemble()?;
        assembly.write_to(&self.outdir())?;
        Ok(assembly)
    }
}

/// The context the CLI passes: the JSON in `CDK_CONTEXT_JSON`, then the overflow file.
fn cli_context_sources(
    var: impl Fn(&str) -> Option<String>,
) -> Vec<(String, Result<serde_json::Value, String>)> {
    let mut out = Vec::new();
    if let Some(json) = var(CONTEXT_ENV).filter(|v| !v.trim().is_empty()) {
        out.push((
            CONTEXT_ENV.to_owned(),
            serde_json::from_str(&json).map_err(|e| e.to_string()),
        ));
    }
    if let Some(file) = var(CONTEXT_OVERFLOW_ENV).filter(|v| !v.is_empty()) {
        let parsed = std::fs::read_to_string(&file)
            .map_err(|e| e.to_string())
            .and_then(|s| serde_json::from_str(&s).map_err(|e| e.to_string()));
        out.push((format!("the context file {file}"), parsed));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cli_context_is_read_from_the_variable_and_the_overflow_file() {
        let dir = tempfile::tempdir().unwrap();
        let overflow = dir.path().join("overflow.json");
        std::fs::write(&overflow, r#"{"big": [1, 2]}"#).unwrap();
        let overflow_path = overflow.to_string_lossy().into_owned();
        let sources = cli_context_sources(|k| match k {
            CONTEXT_ENV => Some(r#"{"env": "dev"}"#.to_owned()),
            CONTEXT_OVERFLOW_ENV => Some(overflow_path.clone()),
            _ => None,
        });
        let values: Vec<serde_json::Value> = sources.into_iter().map(|(_, v)| v.unwrap()).collect();
        assert_eq!(
            values,
            [
                serde_json::json!({"env": "dev"}),
                serde_json::json!({"big": [1, 2]})
            ]
        );
    }

    #[test]
    fn malformed_cli_context_is_a_synthesis_error_at_the_app() {
        let props = AppProps {
            read_cli_context: true,
            ..Default::default()
        };
        let not_json = |k: &str| (k == CONTEXT_ENV).then(|| "{not json".to_owned());
        let err = App::with_props_and_variables(props.clone(), not_json)
            .assemble()
            .unwrap_err();
        assert_eq!(err.errors().len(), 1, "{err}");
        assert!(
            err.contains(
                "<app>",
                "CDK_CONTEXT_JSON is not valid JSON: key must be a string"
            ),
            "{err}"
        );
        let not_an_object = |k: &str| (k == CONTEXT_ENV).then(|| "[1]".to_owned());
        let err = App::with_props_and_variables(props, not_an_object)
            .assemble()
            .unwrap_err();
        assert!(
            err.contains("<app>", "CDK_CONTEXT_JSON must hold a JSON object"),
            "{err}"
        );
    }
}
