//! Writes an assembly so that a failure never loses the previous one: every file goes into a
//! staging directory next to the output directory; then two renames swap it in (the previous
//! output moved aside first), and the previous output is deleted. See
//! [`CloudAssembly::write_to`](crate::CloudAssembly::write_to) for the exact sequence and what
//! each failure leaves behind.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use crate::error::{ErrorKind, SynthError, SynthErrors};

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// Writes `files` (relative paths with `/`) as the whole content of `dir`.
pub(crate) fn write_atomically(
    files: &BTreeMap<String, Vec<u8>>,
    dir: &Path,
) -> Result<(), SynthErrors> {
    write_with(files, dir, |from, to| fs::rename(from, to))
}

/// [`write_atomically`] with the rename operation given (tests make it fail).
fn write_with(
    files: &BTreeMap<String, Vec<u8>>,
    dir: &Path,
    rename: impl Fn(&Path, &Path) -> io::Result<()>,
) -> Result<(), SynthErrors> {
    let fail =
        |message: String| SynthErrors::from(SynthError::new("<app>", ErrorKind::Io(message)));
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "cdk.out".into());
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if dir.exists() && !dir.is_dir() {
        let e = io::Error::other("it is not a directory");
        return Err(fail(failure("cannot replace", dir, e)));
    }
    fs::create_dir_all(&parent).map_err(|e| fail(failure("cannot create", &parent, e)))?;
    let unique = format!(
        "{}.{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let staging = parent.join(format!(".{name}.staging.{unique}"));
    let old = parent.join(format!(".{name}.old.{unique}"));
    let result = stage(files, dir, &staging).and_then(|()| swap(dir, &staging, &old, rename));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result.map_err(fail)
}

/// `<what> <path>: <error>`.
fn failure(what: &str, path: &Path, e: io::Error) -> String {
    format!("{what} {}: {e}", path.display())
}

/// Writes every file into the staging directory, keeping the CLI's lock files of `dir`.
fn stage(files: &BTreeMap<String, Vec<u8>>, dir: &Path, staging: &Path) -> Result<(), String> {
    if staging.exists() {
        fs::remove_dir_all(staging).map_err(|e| failure("cannot clear", staging, e))?;
    }
    fs::create_dir_all(staging).map_err(|e| failure("cannot create", staging, e))?;
    for (relative, bytes) in files {
        let target = staging.join(relative);
        if let Some(p) = target.parent() {
            fs::create_dir_all(p).map_err(|e| failure("cannot create", p, e))?;
        }
        fs::write(&target, bytes).map_err(|e| failure("cannot write", &target, e))?;
    }
    // The CDK CLI keeps `*.lock` files in the output directory while it runs the app.
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.flatten() {
            let file_name = entry.file_name();
            if file_name.to_string_lossy().ends_with(".lock") && entry.path().is_file() {
                let target = staging.join(&file_name);
                fs::copy(entry.path(), &target).map_err(|e| failure("cannot copy", &target, e))?;
            }
        }
    }
    Ok(())
}

/// Replaces `dir` by `staging`: `dir` → `old`, `staging` → `dir`, then deletes `old`. When the
/// second rename fails, `old` is renamed back; when that fails too, the error says where the
/// previous assembly is.
fn swap(
    dir: &Path,
    staging: &Path,
    old: &Path,
    rename: impl Fn(&Path, &Path) -> io::Result<()>,
) -> Result<(), String> {
    let had_previous = dir.exists();
    if had_previous {
        rename(dir, old).map_err(|e| failure("cannot move aside", dir, e))?;
    }
    if let Err(e) = rename(staging, dir) {
        let mut message = failure("cannot move the new assembly to", dir, e);
        if had_previous {
            if let Err(back) = rename(old, dir) {
                message.push_str(&format!(
                    "; moving the previous assembly back failed too ({back}): it is now at {}",
                    old.display()
                ));
            }
        }
        return Err(message);
    }
    if had_previous {
        // The new assembly is in place; a leftover old copy is harmless.
        let _ = fs::remove_dir_all(old);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// A parent directory holding `out/manifest.json` = "previous".
    fn previous() -> (tempfile::TempDir, PathBuf) {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("out");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("manifest.json"), b"previous").unwrap();
        (parent, out)
    }

    fn files() -> BTreeMap<String, Vec<u8>> {
        BTreeMap::from([("manifest.json".to_owned(), b"new".to_vec())])
    }

    /// A rename that fails on the calls numbered in `failing` (1-based).
    fn failing_rename(failing: &'static [u32]) -> impl Fn(&Path, &Path) -> io::Result<()> {
        let calls = Cell::new(0);
        move |from, to| {
            calls.set(calls.get() + 1);
            if failing.contains(&calls.get()) {
                Err(io::Error::other("injected failure"))
            } else {
                fs::rename(from, to)
            }
        }
    }

    #[test]
    fn a_staging_failure_leaves_the_previous_assembly_and_nothing_else() {
        let (parent, out) = previous();
        // "a" is written as a file, so the directory "a" of "a/b" cannot be created.
        let clashing = BTreeMap::from([
            ("a".to_owned(), b"file".to_vec()),
            ("a/b".to_owned(), b"under a file".to_vec()),
        ]);
        let err = write_atomically(&clashing, &out).unwrap_err();
        assert!(err.to_string().contains("cannot create"), "{err}");
        assert_eq!(fs::read(out.join("manifest.json")).unwrap(), b"previous");
        assert_eq!(entries(parent.path()), ["out"]);
    }

    #[test]
    fn a_failure_to_move_aside_leaves_the_previous_assembly() {
        let (parent, out) = previous();
        let err = write_with(&files(), &out, failing_rename(&[1])).unwrap_err();
        assert!(err.to_string().contains("cannot move aside"), "{err}");
        assert_eq!(fs::read(out.join("manifest.json")).unwrap(), b"previous");
        assert_eq!(entries(parent.path()), ["out"]);
    }

    #[test]
    fn a_failure_to_move_into_place_puts_the_previous_assembly_back() {
        let (parent, out) = previous();
        let err = write_with(&files(), &out, failing_rename(&[2])).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("cannot move the new assembly to"),
            "{message}"
        );
        assert!(!message.contains("moving the previous assembly back failed"));
        assert_eq!(fs::read(out.join("manifest.json")).unwrap(), b"previous");
        assert_eq!(entries(parent.path()), ["out"]);
    }

    #[test]
    fn a_failed_rollback_is_an_error_saying_where_the_previous_assembly_is() {
        let (parent, out) = previous();
        let err = write_with(&files(), &out, failing_rename(&[2, 3])).unwrap_err();
        let message = err.to_string();
        let moved = entries(parent.path());
        assert_eq!(
            moved.len(),
            1,
            "only the moved-aside copy is left: {moved:?}"
        );
        assert!(moved[0].starts_with(".out.old."), "{moved:?}");
        let old = parent.path().join(&moved[0]);
        assert!(
            message.contains(&format!("it is now at {}", old.display())),
            "{message}"
        );
        assert_eq!(fs::read(old.join("manifest.json")).unwrap(), b"previous");
    }

    #[test]
    fn a_parent_that_is_a_file_is_an_error() {
        let parent = tempfile::tempdir().unwrap();
        let file = parent.path().join("file");
        fs::write(&file, b"x").unwrap();
        let err = write_atomically(&files(), &file.join("out")).unwrap_err();
        assert!(err.to_string().contains("cannot create"), "{err}");
        assert_eq!(fs::read(&file).unwrap(), b"x");
        assert_eq!(entries(parent.path()), ["file"]);
    }

    #[test]
    fn a_file_where_the_directory_should_be_is_left_alone() {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("out");
        fs::write(&out, b"not a directory").unwrap();
        let err = write_atomically(&files(), &out).unwrap_err();
        assert!(err.to_string().contains("it is not a directory"), "{err}");
        assert_eq!(fs::read(&out).unwrap(), b"not a directory");
        assert_eq!(entries(parent.path()), ["out"]);
    }
}
