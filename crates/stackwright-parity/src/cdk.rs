//! Running an aws-cdk-lib app with `node`, against the copy `scripts/install-tools.sh` installs
//! into `.tools/cdk-lib`. A missing `node` or aws-cdk-lib is an error naming the install
//! command: the suite never skips.

use std::path::{Path, PathBuf};
use std::process::Command;

use stackwright_assertions::tools::Tools;

/// Context every aws-cdk-lib app of the suite gets (through `CDK_CONTEXT_JSON`, as the CDK CLI
/// passes it), so that the app itself stays a plain `new App()`: no `CDKMetadata` resource
/// (version reporting), no `aws:cdk:path` or asset metadata on resources. stackwright emits
/// none of these. No feature flag is set: aws-cdk-lib's defaults apply.
pub const CONTEXT: &str = r#"{"aws:cdk:version-reporting":false,"aws:cdk:enable-path-metadata":false,"aws:cdk:enable-asset-metadata":false}"#;

/// Environment variables of the caller that would change what an app synthesizes.
const CLEARED_ENV: [&str; 4] = [
    "CONTEXT_OVERFLOW_LOCATION_ENV",
    "CDK_DEFAULT_ACCOUNT",
    "CDK_DEFAULT_REGION",
    "NODE_OPTIONS",
];

/// The installed aws-cdk-lib, and `node` to run apps with it.
#[derive(Debug, Clone)]
pub struct CdkLib {
    modules: PathBuf,
    version: String,
    node_version: String,
}

impl CdkLib {
    /// Finds `.tools/cdk-lib` above the current directory and checks that `node` runs.
    ///
    /// # Errors
    /// When either is missing, saying how to install it.
    pub fn discover() -> Result<CdkLib, String> {
        let modules = Tools::discover()?.cdk_lib_modules()?;
        let package = modules.join("aws-cdk-lib/package.json");
        let version = std::fs::read(&package)
            .ok()
            .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
            .and_then(|p| p["version"].as_str().map(str::to_owned))
            .ok_or_else(|| {
                format!(
                    "{} has no version: run scripts/install-tools.sh",
                    package.display()
                )
            })?;
        let node = Command::new("node")
            .arg("--version")
            .output()
            .map_err(|e| {
                format!("cannot run node ({e}): install Node.js, then run scripts/install-tools.sh")
            })?;
        if !node.status.success() {
            return Err(format!("node --version failed ({})", node.status));
        }
        Ok(CdkLib {
            modules,
            version,
            node_version: String::from_utf8_lossy(&node.stdout).trim().to_owned(),
        })
    }

    /// aws-cdk-lib's version.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// `node --version`.
    pub fn node_version(&self) -> &str {
        &self.node_version
    }

    /// Runs `node <app>` with `$CDK_OUTDIR` set to `<work>/cdk.out`, `$HOME` to `<work>/home`,
    /// `$NODE_PATH` to the installed modules and the suite's [`CONTEXT`]; returns the output
    /// directory.
    ///
    /// # Errors
    /// When the app fails, with what it printed.
    pub fn synth(&self, app: &Path, work: &Path) -> Result<PathBuf, String> {
        let outdir = work.join("cdk.out");
        let home = work.join("home");
        std::fs::create_dir_all(&home).map_err(|e| format!("cannot create {home:?}: {e}"))?;
        let mut command = Command::new("node");
        command
            .arg(app)
            .env("NODE_PATH", &self.modules)
            .env("CDK_OUTDIR", &outdir)
            .env("CDK_CONTEXT_JSON", CONTEXT)
            .env("HOME", &home)
            .env("CDK_DISABLE_VERSION_CHECK", "1")
            // aws-cdk-lib's built-in template validation (a WebAssembly rule engine) only
            // reports, never changes a template, and costs about 5 s of CPU per app; the
            // suite's templates are linted by cfn-lint elsewhere.
            .env("CDK_VALIDATION", "false");
        for name in CLEARED_ENV {
            command.env_remove(name);
        }
        let out = command
            .output()
            .map_err(|e| format!("cannot run node {}: {e}", app.display()))?;
        if !out.status.success() {
            return Err(format!(
                "node {} failed ({}):\n{}{}",
                app.display(),
                out.status,
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        Ok(outdir)
    }
}
