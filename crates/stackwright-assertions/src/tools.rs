//! The real validators, installed by `scripts/install-tools.sh` into `.tools/`: cfn-lint, the
//! official cloud-assembly JSON schema, and the AWS CDK CLI. A missing tool is an error telling
//! how to install it; nothing is skipped in silence.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Where the tools live.
#[derive(Debug, Clone)]
pub struct Tools {
    root: PathBuf,
}

impl Tools {
    /// Finds `.tools/` above the current directory (the workspace root in tests).
    ///
    /// # Errors
    /// When it is missing or incomplete, with the command that installs it.
    pub fn discover() -> Result<Tools, String> {
        let start = std::env::current_dir().map_err(|e| e.to_string())?;
        let root = start
            .ancestors()
            .map(|d| d.join(".tools"))
            .find(|d| d.is_dir())
            .ok_or_else(|| {
                format!(
                    "no .tools directory above {}: run scripts/install-tools.sh",
                    start.display()
                )
            })?;
        let tools = Tools { root };
        for needed in [
            tools.root.join("../scripts/validate-assembly.py"),
            tools.cfn_lint_path(),
            tools.cdk_path(),
            tools.python_path(),
            tools.schema_dir(),
        ] {
            installed(needed)?;
        }
        Ok(tools)
    }

    fn cfn_lint_path(&self) -> PathBuf {
        self.root.join("venv/bin/cfn-lint")
    }

    fn python_path(&self) -> PathBuf {
        self.root.join("venv/bin/python")
    }

    fn cdk_path(&self) -> PathBuf {
        self.root.join("node/node_modules/.bin/cdk")
    }

    fn schema_dir(&self) -> PathBuf {
        self.root
            .join("node/node_modules/@aws-cdk/cloud-assembly-schema/schema")
    }

    /// `.tools/cdk-lib/node_modules`, where aws-cdk-lib and constructs are installed for the
    /// parity suite (`crates/stackwright-parity`).
    ///
    /// # Errors
    /// When aws-cdk-lib is not installed there, with the command that installs it.
    pub fn cdk_lib_modules(&self) -> Result<PathBuf, String> {
        let modules = self.root.join("cdk-lib/node_modules");
        installed(modules.join("aws-cdk-lib/package.json"))?;
        Ok(modules)
    }

    /// Runs cfn-lint over every `*.template.json` below `dir`.
    ///
    /// # Errors
    /// With cfn-lint's findings when it reports any error or warning.
    pub fn cfn_lint(&self, dir: &Path) -> Result<usize, String> {
        let templates = files_ending(dir, ".template.json");
        if templates.is_empty() {
            return Err(format!("no templates below {}", dir.display()));
        }
        run(
            "cfn-lint",
            self.cfn_lint_command()
                .args(["--format", "parseable", "--"])
                .args(&templates),
        )?;
        Ok(templates.len())
    }

    /// The validators' Python (3.11, with `jsonschema`), for checks of other files against
    /// a JSON Schema.
    pub fn python_command(&self) -> Command {
        Command::new(self.python_path())
    }

    /// A `cfn-lint` command, for checks with other options (regions, JSON output).
    pub fn cfn_lint_command(&self) -> Command {
        Command::new(self.cfn_lint_path())
    }

    /// Validates every `manifest.json` and `*.assets.json` below `dir` against the official
    /// schemas.
    ///
    /// # Errors
    /// With every schema violation.
    pub fn validate_assembly(&self, dir: &Path) -> Result<String, String> {
        let out = run(
            "the assembly schema check",
            self.python_command()
                .arg(self.root.join("../scripts/validate-assembly.py"))
                .arg(self.schema_dir())
                .arg(dir),
        )?;
        Ok(out.trim().to_owned())
    }

    /// `cdk ls --app <dir>`: the stacks the real CLI sees in the assembly. The CLI runs in a
    /// scratch directory: when the assembly lists missing context it tries the lookups and
    /// writes `cdk.context.json` into its working directory (it cannot run the app again from a
    /// directory, so it then lists the assembly as it is).
    ///
    /// # Errors
    /// When the CLI rejects the assembly.
    pub fn cdk_list(&self, dir: &Path) -> Result<Vec<String>, String> {
        let dir = std::path::absolute(dir).map_err(|e| e.to_string())?;
        let scratch = scratch_dir("cdk-ls")?;
        let result = run(
            "cdk ls",
            self.cdk_command()?
                .args(["ls", "--no-notices", "--app"])
                .arg(&dir)
                .current_dir(&scratch),
        );
        // Best effort: a scratch directory left behind in the temporary directory is harmless.
        let _ = std::fs::remove_dir_all(&scratch);
        Ok(result?.lines().map(str::to_owned).collect())
    }

    /// A `cdk` command (the CDK CLI of `.tools/`) with a writable `HOME` of its own, no
    /// version check and `CI=true`, for checks with other subcommands or options (e.g.
    /// `cdk synth --app "<command>"` run from a directory holding a `cdk.context.json`).
    ///
    /// # Errors
    /// When the CLI's home directory cannot be created.
    pub fn cdk_command(&self) -> Result<Command, String> {
        let home = std::env::temp_dir().join("stackwright-cdk-home");
        std::fs::create_dir_all(&home).map_err(|e| e.to_string())?;
        let mut command = Command::new(self.cdk_path());
        command
            .env("HOME", &home)
            .env("CDK_DISABLE_VERSION_CHECK", "1")
            .env("CI", "true");
        Ok(command)
    }

    /// `cdk bootstrap --show-template --json`: the CLI's own bootstrap template (it needs no
    /// credentials, account or region).
    ///
    /// # Errors
    /// When the CLI fails or prints something that is not JSON.
    pub fn cdk_bootstrap_template(&self) -> Result<serde_json::Value, String> {
        let mut command = self.cdk_command()?;
        let out = run(
            "cdk bootstrap --show-template",
            command.args(["bootstrap", "--show-template", "--json", "--no-notices"]),
        )?;
        serde_json::from_str(&out)
            .map_err(|e| format!("cdk bootstrap --show-template printed no JSON template: {e}"))
    }
}

/// `path` when it exists, else an error naming it and the command that installs it.
fn installed(path: PathBuf) -> Result<PathBuf, String> {
    if path.exists() {
        Ok(path)
    } else {
        Err(format!(
            "{} is missing: run scripts/install-tools.sh",
            path.display()
        ))
    }
}

/// A new empty directory in the temporary directory, named after `what`, the process and a
/// counter.
fn scratch_dir(what: &str) -> Result<PathBuf, String> {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("stackwright-{what}-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(dir)
}

/// One failed checkov check: the check id, the resource (`AWS::S3::Bucket.Logs`), its
/// template and what the check wants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckovFinding {
    /// The template, as checkov names it.
    pub file: String,
    /// The check id (`CKV_AWS_18`).
    pub check_id: String,
    /// `<type>.<logical id>`.
    pub resource: String,
    /// What the check wants.
    pub check_name: String,
}

impl Tools {
    /// `.tools/checkov/bin/checkov`.
    fn checkov_path(&self) -> PathBuf {
        self.root.join("checkov/bin/checkov")
    }

    /// Runs checkov over one CloudFormation template, or every template below a directory
    /// (`--framework cloudformation --skip-download`, JSON output), and returns the failed
    /// checks. Checks suppressed in a
    /// resource's `Metadata` (`checkov: {skip: [{id, comment}]}`) are not failures.
    ///
    /// # Errors
    /// When checkov is not installed (with the command that installs it), cannot run, or
    /// prints no report.
    pub fn checkov(&self, template: &Path) -> Result<Vec<CheckovFinding>, String> {
        let out = Command::new(installed(self.checkov_path())?)
            .arg(if template.is_dir() { "-d" } else { "-f" })
            .arg(template)
            .args([
                "--framework",
                "cloudformation",
                "--skip-download",
                "--compact",
                "--quiet",
                "-o",
                "json",
            ])
            .output()
            .map_err(|e| format!("cannot run checkov: {e}"))?;
        // checkov exits with 1 when a check fails; the report says which.
        let stdout = String::from_utf8_lossy(&out.stdout);
        let report: serde_json::Value = serde_json::from_str(&stdout).map_err(|e| {
            format!(
                "checkov printed no JSON report for {} ({e}; {}):\n{stdout}{}",
                template.display(),
                out.status,
                String::from_utf8_lossy(&out.stderr)
            )
        })?;
        let reports = match report {
            serde_json::Value::Array(all) => all,
            one => vec![one],
        };
        let checked: u64 = reports
            .iter()
            .filter_map(|r| r["summary"]["resource_count"].as_u64())
            .sum();
        if checked == 0 {
            return Err(format!(
                "checkov checked no resource in {}: is it a CloudFormation template?",
                template.display()
            ));
        }
        let mut findings = Vec::new();
        for report in &reports {
            if let Some(failed) = report["results"]["failed_checks"].as_array() {
                for check in failed {
                    let text = |k: &str| check[k].as_str().unwrap_or_default().to_owned();
                    findings.push(CheckovFinding {
                        file: text("file_path"),
                        check_id: text("check_id"),
                        resource: text("resource"),
                        check_name: text("check_name"),
                    });
                }
            }
        }
        Ok(findings)
    }
}

impl Tools {
    /// Every check of a written assembly: cfn-lint over its templates, the official schemas
    /// over its manifests, and `cdk ls`. The one definition of "the real tools accept it",
    /// used by tests and (through the `check-assembly` binary) by `scripts/check-cli.sh`.
    ///
    /// # Errors
    /// With the first tool's findings.
    pub fn check_assembly(&self, dir: &Path) -> Result<String, String> {
        let templates = self.cfn_lint(dir)?;
        let schema = self.validate_assembly(dir)?;
        let stacks = self.cdk_list(dir)?;
        Ok(format!(
            "cfn-lint accepts {templates} templates; schema check: {schema}; cdk ls lists {} stacks",
            stacks.len()
        ))
    }
}

/// Runs a command; its standard output on success, else what it printed and its status.
fn run(what: &str, command: &mut Command) -> Result<String, String> {
    let out = command
        .output()
        .map_err(|e| format!("cannot run {what}: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if out.status.success() {
        Ok(stdout)
    } else {
        let stderr = String::from_utf8_lossy(&out.stderr);
        Err(format!("{what} failed ({}):\n{stdout}{stderr}", out.status))
    }
}

/// Files below `dir` whose names end with `suffix`, sorted; the replaced assembly an assembly
/// directory keeps ([`stackwright_core::PREVIOUS_ASSEMBLY_DIR`]) is skipped.
pub fn files_ending(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if entry.file_name() != stackwright_core::PREVIOUS_ASSEMBLY_DIR {
                    pending.push(path);
                }
            } else if path.to_string_lossy().ends_with(suffix) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}
