//! `cargo run --example quickstart`: writes the quickstart app's cloud assembly to `cdk.out`
//! (or `$CDK_OUTDIR`) and prints what it wrote.

use stackwright::prelude::*;

fn main() -> std::process::ExitCode {
    let app = App::new();
    stackwright_examples::quickstart::build(&app);
    match app.synth() {
        Ok(assembly) => {
            println!(
                "wrote {} files to {}",
                assembly.files().len(),
                app.outdir().display()
            );
            for stack in assembly.stacks() {
                println!(
                    "  {:<18} {:<16} {}",
                    stack.display_name, stack.stack_name, stack.template_file
                );
            }
            std::process::ExitCode::SUCCESS
        }
        Err(errors) => {
            eprintln!("{errors}");
            std::process::ExitCode::FAILURE
        }
    }
}
