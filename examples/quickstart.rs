//! `cargo run --example quickstart`: writes the quickstart app's cloud assembly to `cdk.out`
//! (or `$CDK_OUTDIR`) and prints what it wrote.

fn main() -> std::process::ExitCode {
    stackwright_examples::run(stackwright_examples::quickstart::build)
}
