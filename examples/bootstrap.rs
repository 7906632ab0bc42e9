//! `cargo run --example bootstrap -- [--trust ACCOUNT]... [--cfn-execution-policy ARN]...
//! [--qualifier Q] [--out FILE]`: prints (or writes) the AWS CDK bootstrap template, for
//! bootstrapping an environment with `aws cloudformation deploy` instead of `cdk bootstrap`.
//! See `docs/bootstrap.md`.

fn main() -> std::process::ExitCode {
    let status = stackwright_examples::bootstrap::main_with(
        std::env::args_os(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    std::process::ExitCode::from(status)
}
