//! The synth step: builds and runs the Rust app in CodeBuild, and hands its cloud assembly to
//! the rest of the pipeline.

use indexmap::IndexMap;
use stackwright_aws::codebuild::{BuildImage, ComputeType};

/// The default synth image: the official Rust image (Debian bookworm) from the Amazon ECR
/// Public mirror of Docker Hub's library. Why: it has exactly the toolchain the workspace
/// declares (`rust-version` 1.85) with `cargo`, `git` and a C toolchain, so nothing is
/// installed at build time; CodeBuild's standard images have no Rust; the ECR Public mirror
/// avoids Docker Hub's anonymous pull limits. Its `CARGO_HOME` is `/usr/local/cargo`, which
/// the default cache paths name.
pub const DEFAULT_RUST_IMAGE: &str = "public.ecr.aws/docker/library/rust:1.85-bookworm";

/// Where the image keeps cargo's registry and git checkouts (`CARGO_HOME` of the official image).
const CARGO_HOME: &str = "/usr/local/cargo";

/// What the synth step runs.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Program {
    Example(String),
    Bin(String),
}

/// How the synth step caches between builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SynthCache {
    /// In the pipeline's artifact bucket (encrypted with its key), under `synth-cache/`:
    /// survives between builds on any host (default).
    #[default]
    ArtifactBucket,
    /// On the build host (`LOCAL_CUSTOM_CACHE`): free, but only when CodeBuild reuses a host.
    Local,
    /// No cache.
    None,
}

/// The synth step of a Rust app: `cargo run --release --locked --example <name> -- <args>`
/// (or `--bin`) in CodeBuild, with cargo's registry and `target/` cached, and the cloud
/// assembly (`cdk.out`) as the output artifact.
///
/// Narrowing: the arguments after `--` reach the app, so an app defining several pipelines
/// can synthesize only the one being run (`.args(["--app", "infra", "--env", "dev"])`). The
/// narrowed app must build the same tree for that pipeline as the full app, or the pipeline
/// would mutate itself on every run.
///
/// ```
/// use stackwright_pipelines::RustSynth;
/// let synth = RustSynth::example("datalake").args(["--app", "infra", "--env", "dev"]);
/// assert_eq!(
///     synth.build_commands(),
///     ["cargo run --release --locked --example datalake -- --app infra --env dev"]
/// );
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct RustSynth {
    program: Program,
    args: Vec<String>,
    release: bool,
    locked: bool,
    commands: Option<Vec<String>>,
    install_commands: Vec<String>,
    env: IndexMap<String, String>,
    pub(crate) image: BuildImage,
    pub(crate) compute_type: Option<ComputeType>,
    pub(crate) output_directory: String,
    pub(crate) cache: SynthCache,
}

impl RustSynth {
    /// Runs the example `name` of the repository's workspace.
    pub fn example(name: &str) -> Self {
        Self::with_program(Program::Example(name.to_owned()))
    }

    /// Runs the binary `name`.
    pub fn bin(name: &str) -> Self {
        Self::with_program(Program::Bin(name.to_owned()))
    }

    fn with_program(program: Program) -> Self {
        RustSynth {
            program,
            args: Vec::new(),
            release: true,
            locked: true,
            commands: None,
            install_commands: Vec::new(),
            env: IndexMap::new(),
            image: BuildImage::from_docker_registry(DEFAULT_RUST_IMAGE),
            compute_type: None,
            output_directory: "cdk.out".to_owned(),
            cache: SynthCache::default(),
        }
    }

    /// Arguments passed to the app after `--` (shell-quoted in the buildspec when needed).
    pub fn args<S: Into<String>>(mut self, args: impl IntoIterator<Item = S>) -> Self {
        self.args = args.into_iter().map(Into::into).collect();
        self
    }

    /// Builds in release mode (default: on; off builds faster but runs slower).
    pub fn release(mut self, on: bool) -> Self {
        self.release = on;
        self
    }

    /// Builds with `--locked`: exactly the versions of the committed `Cargo.lock`, failing
    /// when it is missing or out of date (default: on; off lets cargo resolve anew).
    pub fn locked(mut self, on: bool) -> Self {
        self.locked = on;
        self
    }

    /// Replaces the commands (the app must still write its assembly to the output directory).
    pub fn commands<S: Into<String>>(mut self, commands: impl IntoIterator<Item = S>) -> Self {
        self.commands = Some(commands.into_iter().map(Into::into).collect());
        self
    }

    /// Commands of the buildspec's `install` phase (system packages the build needs).
    pub fn install_commands<S: Into<String>>(
        mut self,
        commands: impl IntoIterator<Item = S>,
    ) -> Self {
        self.install_commands = commands.into_iter().map(Into::into).collect();
        self
    }

    /// A plain-text environment variable of the build (never a secret).
    pub fn env(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.env.insert(name.into(), value.into());
        self
    }

    /// The build image (default: [`DEFAULT_RUST_IMAGE`]). Another image needs a Rust
    /// toolchain on its `PATH` (or install commands that add one).
    pub fn image(mut self, image: BuildImage) -> Self {
        self.image = image;
        self
    }

    /// The machine (default: the image's, small). Large apps compile faster on larger ones.
    pub fn compute_type(mut self, compute_type: ComputeType) -> Self {
        self.compute_type = Some(compute_type);
        self
    }

    /// The directory the app writes its cloud assembly to, relative to the repository
    /// (default `cdk.out`; set `CDK_OUTDIR` with [`RustSynth::env`] to match another).
    pub fn output_directory(mut self, directory: impl Into<String>) -> Self {
        self.output_directory = directory.into();
        self
    }

    /// How builds are cached (default: in the artifact bucket).
    pub fn cache(mut self, cache: SynthCache) -> Self {
        self.cache = cache;
        self
    }

    /// The commands of the buildspec's `build` phase.
    pub fn build_commands(&self) -> Vec<String> {
        if let Some(commands) = &self.commands {
            return commands.clone();
        }
        let mut command = String::from("cargo run");
        if self.release {
            command.push_str(" --release");
        }
        if self.locked {
            command.push_str(" --locked");
        }
        match &self.program {
            Program::Example(name) => command.push_str(&format!(" --example {}", quote(name))),
            Program::Bin(name) => command.push_str(&format!(" --bin {}", quote(name))),
        }
        if !self.args.is_empty() {
            command.push_str(" --");
            for arg in &self.args {
                command.push(' ');
                command.push_str(&quote(arg));
            }
        }
        vec![command]
    }

    /// The commands of the buildspec's `install` phase.
    pub(crate) fn install(&self) -> &[String] {
        &self.install_commands
    }

    /// The build's environment variables.
    pub(crate) fn variables(&self) -> &IndexMap<String, String> {
        &self.env
    }

    /// The paths cached between builds: cargo's registry and git checkouts, and `target/`.
    pub(crate) fn cache_paths(&self) -> Vec<String> {
        vec![
            format!("{CARGO_HOME}/registry/**/*"),
            format!("{CARGO_HOME}/git/**/*"),
            "target/**/*".to_owned(),
        ]
    }
}

/// Quotes `arg` for a POSIX shell when it holds anything but safe characters.
pub(crate) fn quote(arg: &str) -> String {
    let safe = !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,@%+".contains(c));
    if safe {
        arg.to_owned()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_quote_what_the_shell_would_split() {
        let synth = RustSynth::bin("app")
            .release(false)
            .args(["--env", "dev env", "it's"]);
        assert_eq!(
            synth.build_commands(),
            [r"cargo run --locked --bin app -- --env 'dev env' 'it'\''s'"]
        );
        let unlocked = RustSynth::example("app").locked(false);
        assert_eq!(
            unlocked.build_commands(),
            ["cargo run --release --example app"]
        );
    }
}
