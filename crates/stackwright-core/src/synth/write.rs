//! Writes an assembly atomically: into a temporary sibling directory first, which then
//! replaces the output directory in one rename.

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
    let fail = |what: &str, path: &Path, e: io::Error| {
        SynthErrors::from(SynthError::new(
            "<app>",
            ErrorKind::Io(format!("{what} {}: {e}", path.display())),
        ))
    };
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "cdk.out".into());
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if dir.exists() && !dir.is_dir() {
        return Err(fail(
            "cannot replace",
            dir,
            io::Error::other("it is not a directory"),
        ));
    }
    fs::create_dir_all(&parent).map_err(|e| fail("cannot create", &parent, e))?;
    let unique = format!(
        "{}.{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let staging = parent.join(format!(".{name}.staging.{unique}"));
    let result = stage(files, dir, &staging)
        .and_then(|()| swap(dir, &staging, &parent.join(format!(".{name}.old.{unique}"))));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result.map_err(|(what, path, e)| fail(what, &path, e))
}

type Failure = (&'static str, PathBuf, io::Error);

/// Writes every file into the staging directory, keeping the CLI's lock files of `dir`.
fn stage(files: &BTreeMap<String, Vec<u8>>, dir: &Path, staging: &Path) -> Result<(), Failure> {
    if staging.exists() {
        fs::remove_dir_all(staging).map_err(|e| ("cannot clear", staging.to_path_buf(), e))?;
    }
    fs::create_dir_all(staging).map_err(|e| ("cannot create", staging.to_path_buf(), e))?;
    for (relative, bytes) in files {
        let target = staging.join(relative);
        if let Some(p) = target.parent() {
            fs::create_dir_all(p).map_err(|e| ("cannot create", p.to_path_buf(), e))?;
        }
        fs::write(&target, bytes).map_err(|e| ("cannot write", target.clone(), e))?;
    }
    // The CDK CLI keeps `*.lock` files in the output directory while it runs the app.
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.flatten() {
            let file_name = entry.file_name();
            if file_name.to_string_lossy().ends_with(".lock") && entry.path().is_file() {
                let target = staging.join(&file_name);
                fs::copy(entry.path(), &target).map_err(|e| ("cannot copy", target.clone(), e))?;
            }
        }
    }
    Ok(())
}

/// Replaces `dir` by `staging`; on failure puts the previous `dir` back.
fn swap(dir: &Path, staging: &Path, old: &Path) -> Result<(), Failure> {
    let had_previous = dir.exists();
    if had_previous {
        fs::rename(dir, old).map_err(|e| ("cannot move aside", dir.to_path_buf(), e))?;
    }
    if let Err(e) = fs::rename(staging, dir) {
        if had_previous {
            let _ = fs::rename(old, dir);
        }
        return Err(("cannot move into place", dir.to_path_buf(), e));
    }
    if had_previous {
        let _ = fs::remove_dir_all(old);
    }
    Ok(())
}
