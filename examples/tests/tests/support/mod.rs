//! What the example tests share: where their snapshots live.

/// Runs `f` with insta reading and writing snapshots in the workspace's `snapshots/`
/// directory, named without the test module's prefix (`etl__Etl`, `bootstrap__CDKToolkit`).
pub fn in_snapshots_dir<R>(f: impl FnOnce() -> R) -> R {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/../../snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(f)
}
