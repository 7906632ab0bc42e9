//! `check-assembly <dir>`: runs every real validator over a written cloud assembly
//! ([`Tools::check_assembly`]), from the workspace root (where `.tools/` is found). This is how
//! `scripts/check-cli.sh` checks what the CDK CLI synthesized, so the validators are invoked in
//! one place only.

use std::path::PathBuf;
use std::process::ExitCode;

use stackwright_assertions::tools::Tools;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir] = args.as_slice() else {
        eprintln!("usage: check-assembly <cloud assembly directory>");
        return ExitCode::from(2);
    };
    match Tools::discover().and_then(|tools| tools.check_assembly(&PathBuf::from(dir))) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("check-assembly: {e}");
            ExitCode::FAILURE
        }
    }
}
