//! `cargo run --release --example scale -- --stacks N --units M`: writes the scale workload's
//! cloud assembly to `$CDK_OUTDIR` (default `cdk.out`). See docs/performance.md.

use clap::Parser;
use stackwright::prelude::*;

/// The scale workload: N stacks of M units (bucket, function, role, policy).
#[derive(Parser)]
struct Args {
    /// How many stacks.
    #[arg(long, default_value_t = 20)]
    stacks: usize,
    /// How many units per stack (4 resources each).
    #[arg(long, default_value_t = 100)]
    units: usize,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let app = App::new();
    stackwright_examples::scale::build(&app, args.stacks, args.units);
    let assembly = app.synth()?;
    // Counted in the tree: reading the templates back would parse them all.
    let resources = app
        .node()
        .find_all()
        .iter()
        .filter(|n| CfnResource::from_node(n).is_some())
        .count();
    println!(
        "scale: {} stacks, {resources} resources in {}",
        assembly.stacks().len(),
        app.outdir().display()
    );
    Ok(())
}

/// The app's allocator: synthesis makes many small allocations, which mimalloc serves faster
/// than the system's (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
