//! stackwright-codegen: generates the typed L1 resources of `stackwright-cfn` from the
//! CloudFormation resource provider schemas shipped in the cfn-lint wheel.
//!
//! ```text
//! cargo run -p stackwright-codegen -- --schemas "$(scripts/fetch-schemas.sh)" --out crates/stackwright-cfn
//! ```
//!
//! Stages: [`schema`] checks that the schemas are of the cfn-lint version pinned in
//! `scripts/versions.env` and loads them (union of the region provider files, sorted) and
//! applies the named [`fixes`]; [`model`] turns each into Rust types and names ([`names`]);
//! [`emit`] writes the crate's `src/` (one module per service, one file per type), `Cargo.toml`
//! (a feature per data-lake service and per service family, [`features`]) and [`samples`] writes the populated-value test of every type;
//! finally rustfmt formats the output. Everything iterates in sorted order, so the output
//! depends on the schemas only.

mod emit;
mod features;
mod fixes;
mod model;
mod names;
mod samples;
mod schema;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

struct Args {
    schemas: PathBuf,
    out: PathBuf,
    rustfmt_config: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut schemas = None;
    let mut out = None;
    let mut rustfmt_config = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--schemas" => schemas = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--rustfmt-config" => rustfmt_config = Some(PathBuf::from(value()?)),
            "-h" | "--help" => {
                return Err("usage: stackwright-codegen --schemas <cfnlint/data/schemas dir> --out <stackwright-cfn \
                            crate dir> [--rustfmt-config <dir with rustfmt.toml>]"
                    .into())
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(Args {
        schemas: schemas.ok_or("--schemas is required (run scripts/fetch-schemas.sh)")?,
        out: out.ok_or("--out is required")?,
        rustfmt_config,
    })
}

fn main() -> ExitCode {
    match parse_args().and_then(|a| run(&a)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("stackwright-codegen: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    let schemas = schema::load(&args.schemas)?;
    let resources = schemas
        .iter()
        .map(model::build)
        .collect::<Result<Vec<_>, _>>()?;
    model::check_untaggable(&resources)?;
    let mut services: BTreeMap<String, Vec<&model::Resource>> = BTreeMap::new();
    for r in &resources {
        services.entry(r.service_mod.clone()).or_default().push(r);
    }
    for list in services.values_mut() {
        list.sort_by(|a, b| a.module.cmp(&b.module));
        for pair in list.windows(2) {
            if pair[0].module == pair[1].module {
                return Err(format!(
                    "{} and {} share a module name",
                    pair[0].type_name, pair[1].type_name
                ));
            }
        }
    }

    let modules = services.keys().cloned().collect();
    let features = features::Features::new(&modules)?;

    let src = args.out.join("src");
    fs::create_dir_all(&src).map_err(|e| format!("creating {}: {e}", src.display()))?;
    // Remove what an earlier run generated: every service directory (hand-written code lives
    // in files directly under src/, never in subdirectories).
    for entry in fs::read_dir(&src).map_err(|e| format!("reading {}: {e}", src.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            fs::remove_dir_all(&path).map_err(|e| format!("removing {}: {e}", path.display()))?;
        }
    }
    let mut written = Vec::new();
    let mut write = |path: PathBuf, text: String| -> Result<(), String> {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
        }
        fs::write(&path, text).map_err(|e| format!("writing {}: {e}", path.display()))?;
        written.push(path);
        Ok(())
    };
    for (service_mod, list) in &services {
        let dir = src.join(service_mod);
        for r in list {
            write(dir.join(format!("{}.rs", r.module)), emit::resource_file(r))?;
        }
        write(
            dir.join("mod.rs"),
            emit::service_file(&list[0].service, list, features.of(service_mod)),
        )?;
    }
    write(src.join("lib.rs"), emit::lib_file(&services, &features))?;
    let samples_path = args.out.join("tests").join("generated").join("samples.rs");
    write(samples_path, samples::samples_file(&services)?)?;
    fs::write(args.out.join("Cargo.toml"), emit::cargo_toml(&features))
        .map_err(|e| e.to_string())?;
    rustfmt(&written, args.rustfmt_config.as_deref())?;
    eprintln!(
        "stackwright-codegen: {} types in {} services, {} files",
        resources.len(),
        services.len(),
        written.len()
    );
    Ok(())
}

/// Formats the output: rustfmt formats a crate root's modules too (whatever their `cfg`), so
/// the crate root and the test file are enough.
fn rustfmt(files: &[PathBuf], config: Option<&Path>) -> Result<(), String> {
    let roots = files
        .iter()
        .filter(|p| p.ends_with("src/lib.rs") || p.ends_with("generated/samples.rs"));
    let mut cmd = Command::new("rustfmt");
    cmd.args(["--edition", "2021"]);
    if let Some(dir) = config {
        cmd.arg("--config-path").arg(dir);
    }
    cmd.args(roots);
    let status = cmd.status().map_err(|e| format!("running rustfmt: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("rustfmt failed ({status})"))
    }
}
