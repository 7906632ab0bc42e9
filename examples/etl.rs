//! `cargo run --example etl`: writes the etl app's cloud assembly (a raw bucket whose new
//! objects start a state machine running a Glue job and a notifier function) to `cdk.out` (or
//! `$CDK_OUTDIR`) and prints what it wrote.

fn main() -> std::process::ExitCode {
    stackwright_examples::run(stackwright_examples::etl::build)
}
