//! `cargo run --example pipeline`: writes the pipeline app's cloud assembly (a self-mutating
//! pipeline and the `Prod` stage it deploys) to `cdk.out` (or `$CDK_OUTDIR`). Deploy the
//! pipeline stack once by hand (`cdk deploy --app cdk.out PipelineExample`); from then on the
//! pipeline runs this same command on every push. See `docs/pipelines.md`.

fn main() -> std::process::ExitCode {
    stackwright_examples::run(stackwright_examples::pipeline::build)
}
