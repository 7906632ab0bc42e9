//! `cargo run --example datalake`: writes the data lake's cloud assembly (both apps in Dev,
//! Test and Prod, and their pipelines) to `cdk.out` (or `$CDK_OUTDIR`) and prints a summary.
//! `--app infra|etl` and `--env dev|test|prod` (or `DATALAKE_APP`, `DATALAKE_ENV`) narrow it:
//! each pipeline's synth step runs `cargo run --example datalake -- --app <app> --env <env>`.
//! See `docs/datalake.md`.

use clap::Parser;

fn main() -> std::process::ExitCode {
    stackwright_examples::datalake::cli::main(stackwright_examples::datalake::cli::Args::parse())
}

/// The app's allocator: synthesis makes many small allocations, which mimalloc serves faster
/// than the system's (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
