//! The command line of `cargo run --example datalake`: which configuration, which app, which
//! environment; the summary it prints.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use stackwright::prelude::*;

use super::config::{Config, Env};
use super::{build, AppKind, Selection};

/// Writes the data lake's cloud assembly: both apps in every environment and their
/// pipelines, or the part selected.
#[derive(Debug, Clone, clap::Parser)]
#[command(
    name = "datalake",
    about = "Writes the data lake's cloud assembly: both apps in Dev, Test and Prod, and the six pipelines that deploy them (docs/datalake.md)."
)]
pub struct Args {
    /// Only this app (its stages and its pipelines).
    #[arg(long, value_enum, env = "DATALAKE_APP")]
    pub app: Option<AppKind>,
    /// Only this environment (its stages and its pipelines).
    #[arg(long, value_enum, env = "DATALAKE_ENV")]
    pub env: Option<Env>,
    /// The configuration file [default: examples/datalake/datalake.toml].
    #[arg(long, env = "DATALAKE_CONFIG")]
    pub config: Option<PathBuf>,
    /// Prints the JSON Schema of the configuration file and writes nothing else.
    #[arg(long)]
    pub print_schema: bool,
}

/// What a synthesis wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// `(display name, CloudFormation stack name, resources)` per stack.
    pub stacks: Vec<(String, String, usize)>,
    /// The staged assets (files and directories named `asset.*`).
    pub assets: usize,
}

impl Summary {
    /// Counts the stacks, resources and assets of `app`'s assembly. Resources are counted in
    /// the construct tree: parsing every template back would cost more than synthesizing it.
    pub fn of(app: &App, assembly: &stackwright::core::CloudAssembly) -> Summary {
        let mut per_stack: BTreeMap<String, usize> = BTreeMap::new();
        for node in app.node().find_all() {
            if CfnResource::from_node(&node).is_some() {
                if let Some(stack) = Stack::of(&node) {
                    *per_stack.entry(stack.node().path()).or_default() += 1;
                }
            }
        }
        let stacks = assembly
            .stacks()
            .iter()
            .map(|s| {
                let resources = per_stack.get(&s.display_name).copied().unwrap_or(0);
                (s.display_name.clone(), s.stack_name.clone(), resources)
            })
            .collect();
        // Each staged asset is a directory `asset.<hash>` (in the assembly or a nested one),
        // written once however many stacks use it.
        let assets: BTreeSet<String> = assembly
            .files()
            .keys()
            .filter_map(|path| {
                let parts: Vec<&str> = path.split('/').collect();
                let staged = parts.iter().position(|p| p.starts_with("asset."))?;
                Some(parts[..=staged].join("/"))
            })
            .collect();
        Summary {
            stacks,
            assets: assets.len(),
        }
    }

    /// The lines printed after a synthesis into `outdir`.
    pub fn render(&self, outdir: &Path) -> String {
        let resources: usize = self.stacks.iter().map(|s| s.2).sum();
        let mut out = format!(
            "wrote {} stacks ({resources} resources) and {} assets to {}\n",
            self.stacks.len(),
            self.assets,
            outdir.display()
        );
        for (path, name, count) in &self.stacks {
            out.push_str(&format!("  {path:<56} {name:<40} {count:>3} resources\n"));
        }
        out
    }
}

/// Loads the configuration and builds the selection into a new app (which reads
/// `CDK_OUTDIR`).
///
/// # Errors
/// Every problem of the configuration.
pub fn app(args: &Args) -> Result<App, String> {
    let path = args.config.clone().unwrap_or_else(Config::default_path);
    let config = Config::load(&path).map_err(|e| e.to_string())?;
    let app = App::new();
    build(
        &app,
        &config,
        Selection {
            app: args.app,
            env: args.env,
        },
    );
    Ok(app)
}

/// The example's main function.
pub fn main(args: Args) -> ExitCode {
    if args.print_schema {
        print!("{}", Config::json_schema());
        return ExitCode::SUCCESS;
    }
    let app = match app(&args) {
        Ok(app) => app,
        Err(e) => {
            eprint!("{e}");
            eprintln!("nothing was written");
            return ExitCode::FAILURE;
        }
    };
    match app.synth() {
        Ok(assembly) => {
            print!("{}", Summary::of(&app, &assembly).render(&app.outdir()));
            ExitCode::SUCCESS
        }
        Err(errors) => {
            eprintln!("{errors}");
            eprintln!("nothing was written");
            ExitCode::FAILURE
        }
    }
}
