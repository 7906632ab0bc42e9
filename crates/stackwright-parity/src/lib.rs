//! The parity suite: proof that stackwright synthesizes what aws-cdk-lib synthesizes.
//!
//! Each case is one app written twice: `apps/<case>.js` with aws-cdk-lib (the version pinned in
//! `scripts/install-tools.sh`, installed into `.tools/cdk-lib`) and `src/cases/<case>.rs` with
//! stackwright. `tests/parity.rs` synthesizes the Rust app in memory, runs the JavaScript app
//! with `node`, and compares the two cloud assemblies stack by stack (matched by display name):
//! the manifest's artifact id, stack name, environment, dependencies, tags and termination
//! protection, and the whole template — the logical ids of every section and every resource's
//! type, properties, `DependsOn`, policies and condition — by deep equality. The only
//! exceptions are the JSON paths a case lists in its `IGNORED`, each with the reason we differ
//! on purpose. An ignore entry that no longer matches a difference fails the case too, so the
//! list cannot go stale.
//!
//! Adding a case: write `apps/<case>.js`, write `src/cases/<case>.rs` with
//! `pub fn build(app: &App)` and `pub const IGNORED: &[Ignore]`, and add `<case>` to the list in
//! `src/cases/mod.rs`. See `docs/parity.md`.

pub mod assembly;
pub mod cases;
pub mod cdk;
pub mod compare;
pub mod pipelines;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use stackwright::prelude::{App, AppProps};

pub use assembly::Stacks;
pub use cases::CASES;
pub use cdk::CdkLib;
pub use compare::{compare, Difference, Ignore, Report};

/// One parity case: an app written with aws-cdk-lib in `apps/<name>.js` and with stackwright in
/// `build`.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    /// The case's name: its module in `src/cases/` and its app `apps/<name>.js`.
    pub name: &'static str,
    /// Builds the stackwright app into an empty [`App`].
    pub build: fn(&App),
    /// The differences we accept, each with its reason.
    pub ignored: &'static [Ignore],
}

impl Case {
    /// The aws-cdk-lib app of this case, `apps/<name>.js`.
    pub fn app_path(&self) -> PathBuf {
        apps_dir().join(format!("{}.js", self.name))
    }

    /// Synthesizes the stackwright app in memory (no context from the environment).
    ///
    /// # Errors
    /// With every synthesis error.
    pub fn synthesize(&self) -> Result<Stacks, String> {
        let app = App::with_props(AppProps::default());
        (self.build)(&app);
        let assembly = app
            .assemble()
            .map_err(|e| format!("the stackwright app does not synthesize: {e}"))?;
        assembly::from_assembly(&assembly)
    }

    /// Synthesizes both apps and compares them.
    ///
    /// # Errors
    /// When either app fails to synthesize or aws-cdk-lib's app has no stack (a case that
    /// compares nothing must not pass).
    pub fn run(&self, cdk: &CdkLib) -> Result<Report, String> {
        let ours = self.synthesize()?;
        let work = tempfile::tempdir().map_err(|e| format!("cannot create a temp dir: {e}"))?;
        let outdir = cdk.synth(&self.app_path(), work.path())?;
        let theirs = assembly::read_dir(&outdir)?;
        if theirs.is_empty() {
            return Err(format!(
                "{} synthesized no stack: there is nothing to compare",
                self.app_path().display()
            ));
        }
        Ok(compare(self.name, &ours, &theirs, self.ignored))
    }
}

/// `apps/` of this crate, where the aws-cdk-lib apps are.
pub fn apps_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("apps")
}

/// The outcome of one case, with how long it took.
#[derive(Debug)]
pub struct Outcome {
    /// The case.
    pub case: Case,
    /// The comparison, or why there is none.
    pub result: Result<Report, String>,
    /// Wall-clock time of both syntheses and the comparison.
    pub elapsed: Duration,
}

impl Outcome {
    /// True when the comparison ran and found no unaccepted difference.
    pub fn passed(&self) -> bool {
        self.result.as_ref().is_ok_and(Report::passed)
    }
}

/// Runs cases on `workers` threads at once (each runs its own `node`), in the given order.
pub fn run_all(cases: &[Case], cdk: &CdkLib, workers: usize) -> Vec<Outcome> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::with_capacity(cases.len()));
    std::thread::scope(|scope| {
        for _ in 0..workers.clamp(1, cases.len().max(1)) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(case) = cases.get(i) else { break };
                let start = Instant::now();
                let result = case.run(cdk);
                let outcome = Outcome {
                    case: *case,
                    result,
                    elapsed: start.elapsed(),
                };
                results
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .push((i, outcome));
            });
        }
    });
    let mut results = results
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, o)| o).collect()
}
