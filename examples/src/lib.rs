//! The example apps as functions, so that tests can synthesize them in memory; the binaries
//! in this folder call them through [`run`] and write the assembly.

pub mod bootstrap;
pub mod datalake;
pub mod etl;
pub mod quickstart;
pub mod scale;

use stackwright::prelude::*;

/// The main function of an example binary: builds the app with `build`, synthesizes it into
/// `cdk.out` (or `$CDK_OUTDIR`, when the CDK CLI runs the example), and prints what it wrote,
/// or every error.
pub fn run(build: fn(&App)) -> std::process::ExitCode {
    let app = App::new();
    build(&app);
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
