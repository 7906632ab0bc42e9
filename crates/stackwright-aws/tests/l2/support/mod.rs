//! Helpers shared by the test modules of this crate (`use crate::support;`).

use stackwright_assertions::tools::Tools;
use stackwright_core::{App, AppProps, Environment, Stack, StackProps};

/// An app that reads nothing from the environment.
pub fn app() -> App {
    App::with_props(AppProps::default())
}

/// A stack of account 111111111111 in us-east-2, directly under the app.
pub fn stack(app: &App, id: &str) -> Stack {
    Stack::new(
        app,
        id,
        StackProps::default().env(Environment::new("111111111111", "us-east-2")),
    )
}

/// Synthesizes the app `build` makes into a temporary directory and runs cfn-lint over its
/// templates: any error or warning fails. Returns how many templates were linted.
pub fn assert_cfn_lint_clean(build: impl FnOnce(&App)) -> usize {
    let tools = Tools::discover().unwrap_or_else(|e| panic!("{e}"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cdk.out");
    let app = App::with_props(AppProps::default().outdir(&out));
    build(&app);
    app.synth().unwrap_or_else(|e| panic!("{e}"));
    tools.cfn_lint(&out).unwrap_or_else(|e| panic!("{e}"))
}
