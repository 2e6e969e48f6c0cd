//! A batch's claim on its output folder, and what an interrupted run removes before it ends.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::write::{TEMP_SUFFIX, own_prefix, remove_temporaries};

/// The name of a batch's lock file in its output folder.
pub const LOCK_NAME: &str = ".fenjie.lock";

/// A batch's claim on its output folder (`.fenjie.lock`, holding the process id), so that two
/// batches never write one `summary.json` over the other. The claim is the operating system's
/// lock on the open file, not the file's existence: it ends with the process however the
/// process ends, so there is no stale lock to take over and no race in taking one over. Released
/// (and the file removed) when dropped.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    _file: std::fs::File,
}

impl Lock {
    /// Takes the lock on `dir`.
    ///
    /// # Errors
    ///
    /// When another process holds it (the message names that process), or the file cannot be
    /// made.
    pub fn take(dir: &Path) -> Result<Lock, String> {
        let path = dir.join(LOCK_NAME);
        *TAKING
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(path.clone());
        let cannot = |e: std::io::Error| format!("{}: cannot take the lock: {e}", path.display());
        // A holder that is done removes the file: the file locked must be the one at the path.
        for _ in 0..100 {
            let mut file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(cannot)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    // Another batch's file, not this process's to remove.
                    *TAKING
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner) = None;
                    let holder = std::fs::read_to_string(&path).unwrap_or_default();
                    let holder = holder.trim();
                    return Err(format!(
                        "{}: another fenjie batch (process {}) is writing to this folder; wait for it to finish",
                        dir.display(),
                        if holder.is_empty() { "?" } else { holder }
                    ));
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(cannot(e)),
            }
            if !same_inode(&file, &path) {
                continue;
            }
            file.set_len(0).map_err(cannot)?;
            write!(file, "{}", std::process::id()).map_err(cannot)?;
            return Ok(Lock { path, _file: file });
        }
        Err(cannot(std::io::Error::other(
            "the lock file keeps changing",
        )))
    }
}

/// True when `file` is still the file at `path` (not one removed and created again since).
fn same_inode(file: &std::fs::File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = file;
        path.exists()
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still locked: a batch waiting on this file sees it gone and retries.
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Removes this process's temporary files (`.fenjie-PID-*.tmp`) in `dir` (and below it, for a
/// batch's output folder), and a batch's lock: for an interrupt handler, just before the process
/// exits.
pub fn clean_up(dir: &Path, is_batch: bool) {
    remove_temporaries();
    let files = if is_batch {
        super::files_under(dir, &|_| false).unwrap_or_default()
    } else {
        std::fs::read_dir(dir)
            .map(|entries| entries.flatten().map(|e| e.path()).collect())
            .unwrap_or_default()
    };
    let prefix = own_prefix();
    for file in files {
        let ours = file
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(TEMP_SUFFIX));
        if ours {
            let _ = std::fs::remove_file(&file);
        }
    }
    if is_batch {
        release_interrupted_lock();
    }
}

/// The lock file this process is taking or holds, for [`release_interrupted_lock`].
static TAKING: std::sync::Mutex<Option<std::path::PathBuf>> = std::sync::Mutex::new(None);

/// Removes the lock of a batch this process runs. An interrupt may come between creating the
/// file and writing the process id in it: an empty lock file this process was taking goes too.
fn release_interrupted_lock() {
    let taking = TAKING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(path) = taking.as_ref() {
        let holder = std::fs::read_to_string(path).unwrap_or_default();
        let holder = holder.trim();
        if holder.is_empty() || holder == std::process::id().to_string() {
            let _ = std::fs::remove_file(path);
        }
    }
}
