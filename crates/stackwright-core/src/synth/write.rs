//! Writes an assembly so that a failure never loses the previous one: every file goes into a
//! staging directory next to the output directory; then two renames swap it in (the previous
//! output moved aside first), and the previous output is kept inside the new one as
//! `.previous`, for the next write to recycle as its staging directory: files are rewritten in
//! place (only where their bytes changed) instead of deleted and created again, which on some
//! file systems costs more than synthesis itself. See
//! [`CloudAssembly::write_to`](crate::CloudAssembly::write_to) for the exact sequence and what
//! each failure leaves behind.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use super::PREVIOUS_ASSEMBLY_DIR as PREVIOUS;
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
    let previous = dir.join(PREVIOUS);
    // Recycled as the staging directory if it is a real directory (a symbolic link there would
    // have the write prune and fill whatever it points to); if the rename fails, staging
    // starts empty.
    if fs::symlink_metadata(&previous).is_ok_and(|m| m.is_dir()) {
        let _ = rename(&previous, &staging);
    }
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

/// Writes every file into the staging directory, keeping the CLI's lock files of `dir`. A
/// staging directory recycled from an earlier assembly is first pruned to the entries `files`
/// still has; a file whose bytes are already right is left alone.
fn stage(files: &BTreeMap<String, Vec<u8>>, dir: &Path, staging: &Path) -> Result<(), String> {
    let mut dirs: BTreeSet<PathBuf> = BTreeSet::new();
    for relative in files.keys() {
        let mut p = Path::new(relative.as_str());
        while let Some(parent) = p.parent() {
            if parent.as_os_str().is_empty() || !dirs.insert(parent.to_path_buf()) {
                break;
            }
            p = parent;
        }
    }
    let recycled = staging.is_dir();
    if recycled {
        let wanted: BTreeSet<&Path> = files.keys().map(Path::new).collect();
        prune(staging, Path::new(""), &wanted, &dirs)?;
    } else {
        fs::create_dir(staging).map_err(|e| failure("cannot create", staging, e))?;
    }
    for d in &dirs {
        let target = staging.join(d);
        match fs::create_dir(&target) {
            Ok(()) => {}
            Err(e) if recycled && e.kind() == io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(failure("cannot create", &target, e)),
        }
    }
    let mut buffer = vec![0; COMPARE_CHUNK];
    for (relative, bytes) in files {
        let target = staging.join(relative);
        if recycled && holds(&target, bytes, &mut buffer) {
            continue;
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

/// How much of a recycled file [`holds`] reads at a time.
const COMPARE_CHUNK: usize = 64 * 1024;

/// True when the file at `path` holds exactly `bytes`: its length first, then its contents
/// chunk by chunk through `buffer` (one buffer for every file, and a changed file is usually
/// told apart by its length without reading it).
fn holds(path: &Path, bytes: &[u8], buffer: &mut [u8]) -> bool {
    let Ok(mut file) = fs::File::open(path) else {
        return false;
    };
    if file.metadata().map(|m| m.len()).ok() != u64::try_from(bytes.len()).ok() {
        return false;
    }
    let mut rest = bytes;
    loop {
        match file.read(buffer) {
            Ok(0) => return rest.is_empty(),
            Ok(n) => match rest.split_at_checked(n) {
                Some((head, tail)) if head == &buffer[..n] => rest = tail,
                _ => return false,
            },
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// Removes from `root/relative` every entry that is neither a file of `files` nor one of
/// their directories (symbolic links always go: a write must not follow one).
fn prune(
    root: &Path,
    relative: &Path,
    files: &BTreeSet<&Path>,
    dirs: &BTreeSet<PathBuf>,
) -> Result<(), String> {
    let here = root.join(relative);
    let entries = fs::read_dir(&here).map_err(|e| failure("cannot read", &here, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| failure("cannot read", &here, e))?;
        let path = entry.path();
        let kind = entry
            .file_type()
            .map_err(|e| failure("cannot read", &path, e))?;
        let name = relative.join(entry.file_name());
        if kind.is_dir() && dirs.contains(&name) {
            prune(root, &name, files, dirs)?;
        } else if kind.is_file() && files.contains(name.as_path()) {
            // Rewritten (or kept) by `stage`.
        } else if kind.is_dir() {
            fs::remove_dir_all(&path).map_err(|e| failure("cannot remove", &path, e))?;
        } else {
            fs::remove_file(&path).map_err(|e| failure("cannot remove", &path, e))?;
        }
    }
    Ok(())
}

/// Replaces `dir` by `staging`: `dir` → `old`, `staging` → `dir`, then `old` → `dir/.previous`
/// (deleted if that fails). When the second rename fails, `old` is renamed back; when that
/// fails too, the error says where the previous assembly is.
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
        // The new assembly is in place. The old copy is kept inside it for the next write to
        // recycle; failing that it is deleted, and a leftover is harmless.
        let nested = old.join(PREVIOUS);
        if nested.exists() {
            let _ = fs::remove_dir_all(&nested);
        }
        if rename(old, &dir.join(PREVIOUS)).is_err() {
            let _ = fs::remove_dir_all(old);
        }
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
        // "a" is created as the directory of "a/b", so the file "a" cannot be written.
        let clashing = BTreeMap::from([
            ("a".to_owned(), b"file".to_vec()),
            ("a/b".to_owned(), b"under a file".to_vec()),
        ]);
        let err = write_atomically(&clashing, &out).unwrap_err();
        assert!(err.to_string().contains("cannot write"), "{err}");
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

    fn tree(entries: &[(&str, &str)]) -> BTreeMap<String, Vec<u8>> {
        entries
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.as_bytes().to_vec()))
            .collect()
    }

    /// Every file below `dir` with its text, paths relative with `/`.
    fn contents(dir: &Path) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        let mut pending = vec![PathBuf::new()];
        while let Some(relative) = pending.pop() {
            for entry in fs::read_dir(dir.join(&relative)).unwrap() {
                let entry = entry.unwrap();
                let name = relative.join(entry.file_name());
                if entry.file_type().unwrap().is_dir() {
                    pending.push(name);
                } else {
                    let text = fs::read_to_string(dir.join(&name)).unwrap();
                    out.insert(name.to_string_lossy().replace('\\', "/"), text);
                }
            }
        }
        out
    }

    fn expected(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
        entries
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn the_replaced_assembly_is_kept_and_recycled_by_the_next_write() {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("out");
        let first = [
            ("manifest.json", "1"),
            ("a/stale.json", "gone"),
            ("asset.x/f", "x"),
        ];
        let second = [
            ("manifest.json", "2"),
            ("asset.x/f", "x"),
            ("b/c/new.json", "c"),
        ];
        let third = [
            ("manifest.json", "3"),
            ("asset.x", "now a file"),
            ("a", "a file"),
        ];
        write_atomically(&tree(&first), &out).unwrap();
        assert_eq!(contents(&out), expected(&first));
        write_atomically(&tree(&second), &out).unwrap();
        let mut want = expected(&second);
        for (k, v) in first {
            want.insert(format!("{PREVIOUS}/{k}"), v.to_owned());
        }
        assert_eq!(contents(&out), want);
        // The third write recycles the first assembly: what the third does not have is gone,
        // files became directories and directories files, and only the second is kept.
        write_atomically(&tree(&third), &out).unwrap();
        let mut want = expected(&third);
        for (k, v) in second {
            want.insert(format!("{PREVIOUS}/{k}"), v.to_owned());
        }
        assert_eq!(contents(&out), want);
        assert_eq!(entries(parent.path()), ["out"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_in_the_recycled_assembly_is_removed_not_written_through() {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("out");
        let outside = parent.path().join("outside");
        fs::write(&outside, b"untouched").unwrap();
        write_atomically(&tree(&[("manifest.json", "1")]), &out).unwrap();
        write_atomically(&tree(&[("manifest.json", "2")]), &out).unwrap();
        let link = out.join(PREVIOUS).join("template.json");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        let files = [("manifest.json", "3"), ("template.json", "new")];
        write_atomically(&tree(&files), &out).unwrap();
        assert_eq!(fs::read(&outside).unwrap(), b"untouched");
        assert_eq!(fs::read(out.join("template.json")).unwrap(), b"new");
        assert!(!out.join("template.json").is_symlink());
    }

    #[cfg(unix)]
    #[test]
    fn a_previous_assembly_that_is_a_symbolic_link_is_not_recycled_through() {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("out");
        let elsewhere = parent.path().join("elsewhere");
        fs::create_dir(&elsewhere).unwrap();
        fs::write(elsewhere.join("keep.txt"), b"untouched").unwrap();
        write_atomically(&tree(&[("manifest.json", "1")]), &out).unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join(PREVIOUS)).unwrap();
        write_atomically(&tree(&[("manifest.json", "2")]), &out).unwrap();
        assert_eq!(fs::read(elsewhere.join("keep.txt")).unwrap(), b"untouched");
        assert_eq!(entries(&elsewhere), ["keep.txt"]);
        assert_eq!(fs::read(out.join("manifest.json")).unwrap(), b"2");
        assert_eq!(entries(parent.path()), ["elsewhere", "out"]);
    }

    #[test]
    fn stale_lock_files_of_the_recycled_assembly_are_dropped_and_current_ones_copied() {
        let parent = tempfile::tempdir().unwrap();
        let out = parent.path().join("out");
        write_atomically(&files(), &out).unwrap();
        fs::write(out.join("read.1.lock"), b"old lock").unwrap();
        write_atomically(&files(), &out).unwrap();
        assert!(out.join(PREVIOUS).join("read.1.lock").exists());
        fs::remove_file(out.join("read.1.lock")).unwrap();
        fs::write(out.join("read.2.lock"), b"lock").unwrap();
        write_atomically(&files(), &out).unwrap();
        assert_eq!(fs::read(out.join("read.2.lock")).unwrap(), b"lock");
        assert!(!out.join("read.1.lock").exists());
    }

    #[test]
    fn holds_compares_length_and_every_chunk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let contents: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        fs::write(&path, &contents).unwrap();
        let mut buffer = vec![0; COMPARE_CHUNK];
        assert!(holds(&path, &contents, &mut buffer));
        let mut changed = contents.clone();
        changed[150_000] ^= 1;
        assert!(
            !holds(&path, &changed, &mut buffer),
            "a change in a later chunk"
        );
        assert!(!holds(&path, &contents[..199_999], &mut buffer), "shorter");
        assert!(!holds(&dir.path().join("missing"), b"", &mut buffer));
        assert!(
            !holds(dir.path(), b"", &mut buffer),
            "a directory holds no bytes"
        );
    }
}
