//! Files: reading inputs (regular files only, size bounded), walking folders and converting a
//! file; writing (see [`write_report`]: checking a report against the schema before anything of
//! it is kept, then writing through a temporary file and a rename); and a batch's claim on its
//! output folder ([`Lock`]) and what an interrupted run leaves ([`clean_up`]). `fenjie convert`, `batch`, `check`
//! and `review` all go through here, so each reads, converts, validates and writes the same way.
//!
//! Unlike the pipeline, this module reads and writes files.

mod lock;
mod write;

use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::chain;
use crate::{Error, Options, Registry, Report};

pub use lock::{LOCK_NAME, Lock, clean_up};
pub(crate) use write::temporary_for;
pub use write::{
    Output, Pending, TEMP_PREFIX, TEMP_SUFFIX, Violation, WriteError, own_prefix,
    remove_stale_temporaries, remove_temporaries, rendered, validated, write_atomically,
    write_atomically_if, write_atomically_with, write_datapackage, write_report,
};

/// Why a file could not be converted.
#[derive(Debug)]
pub enum FileError {
    /// The file could not be read; `not_a_notice` when it is no file to convert at all (a
    /// folder, a device, a link to nothing).
    Read {
        /// What went wrong, without the path.
        reason: String,
        /// True when the file is rather skipped than failed.
        not_a_notice: bool,
    },
    /// The file was read but could not be converted.
    Convert(Error),
}

impl FileError {
    /// True when the input is no notice fenjie reads, rather than a notice that failed.
    #[must_use]
    pub fn is_not_a_notice(&self) -> bool {
        match self {
            FileError::Read { not_a_notice, .. } => *not_a_notice,
            FileError::Convert(e) => e.is_not_a_notice(),
        }
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::Read { reason, .. } => f.write_str(reason),
            FileError::Convert(e) => f.write_str(&chain(e)),
        }
    }
}

/// Reads and converts one file; the report names it `shown`.
///
/// # Errors
///
/// When the file cannot be read (see [`read_input`]) or converted (see [`crate::convert`]).
pub fn convert_file(
    path: &Path,
    shown: &str,
    options: &Options,
) -> Result<(Vec<u8>, Report), FileError> {
    let bytes = read_input(path, options.read.limits.input_bytes).map_err(|(reason, skip)| {
        FileError::Read {
            reason,
            not_a_notice: skip,
        }
    })?;
    let report = crate::convert(shown, &bytes, options).map_err(FileError::Convert)?;
    Ok((bytes, report))
}

/// Reads an input file: a regular file (a link to one is followed) of at most `limit` bytes.
/// A FIFO, a device or a folder is refused before it is opened, so nothing blocks or reads
/// without end. The error says why, and whether the file is rather skipped (not a notice) than
/// failed.
///
/// # Errors
///
/// The reason, and whether the file is rather skipped than failed: a missing or unreadable file,
/// a folder, a device or FIFO, a file over `limit`.
pub fn read_input(path: &Path, limit: u64) -> Result<Vec<u8>, (String, bool)> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| {
        // A link to nothing, or a loop of links, is no notice: skipped, with the reason.
        let link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        if link {
            (format!("a link that leads to no file: {e}"), true)
        } else {
            (format!("cannot read the file: {e}"), false)
        }
    })?;
    if meta.is_dir() {
        return Err(match std::fs::read_dir(path) {
            Err(e) => (format!("cannot list the folder: {e}"), false),
            Ok(_) => ("is a folder".into(), true),
        });
    }
    if !meta.is_file() {
        return Err((
            "is not a regular file (a FIFO, socket or device); only files are read".into(),
            true,
        ));
    }
    if meta.len() > limit {
        return Err((
            format!(
                "the file's size ({} bytes) exceeds the limit of {limit} (see README.md, Limits)",
                meta.len()
            ),
            false,
        ));
    }
    let file =
        std::fs::File::open(path).map_err(|e| (format!("cannot read the file: {e}"), false))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow after it was measured: read no more than the limit allows.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| (format!("cannot read the file: {e}"), false))?;
    if bytes.len() as u64 > limit {
        return Err((
            format!("the file exceeds the limit of {limit} bytes (see README.md, Limits)"),
            false,
        ));
    }
    Ok(bytes)
}

/// True when `output` names the same file as `input` (the same path once resolved, or the same
/// device and inode: a hard link), so writing it would destroy the input.
#[must_use]
pub fn same_file(input: &Path, output: &Path) -> bool {
    let (Ok(a), Ok(b)) = (std::fs::metadata(input), std::fs::metadata(output)) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if a.dev() == b.dev() && a.ino() == b.ino() {
            return true;
        }
    }
    let _ = (a, b);
    matches!(
        (std::fs::canonicalize(input), std::fs::canonicalize(output)),
        (Ok(x), Ok(y)) if x == y
    )
}

/// True when standard input is the file `output` names (`convert - -o n.docx < n.docx`), so
/// writing it would destroy the input.
#[must_use]
pub fn stdin_is(output: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        use std::os::unix::fs::MetadataExt;
        let Ok(fd) = std::io::stdin().as_fd().try_clone_to_owned() else {
            return false;
        };
        let (Ok(input), Ok(out)) = (
            std::fs::File::from(fd).metadata(),
            std::fs::metadata(output),
        ) else {
            return false;
        };
        // A pipe or terminal is never the output file; a regular file may be.
        input.is_file() && input.dev() == out.dev() && input.ino() == out.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = output;
        false
    }
}

/// The file `path` names, whether or not it exists yet: resolved through links and `..` as far
/// as its folders exist, so two spellings of one place compare equal.
#[must_use]
pub fn resolved(path: &Path) -> PathBuf {
    use std::path::Component;
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => {
                out.push(other);
                // What exists is resolved at once, so a later `..` leaves the real folder.
                if let Ok(real) = std::fs::canonicalize(&out) {
                    out = real;
                }
            }
        }
    }
    out
}

/// The files under `root`, recursively and sorted, not descending into folders `skip` names.
///
/// # Errors
///
/// When `root` cannot be read; unreadable subfolders are listed as files so reading them reports
/// why.
pub fn files_under(root: &Path, skip: &dyn Fn(&Path) -> bool) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    // Folders already entered, resolved: a link back up the tree is followed once, not forever.
    let mut visited = std::collections::HashSet::new();
    if let Ok(real) = std::fs::canonicalize(root) {
        visited.insert(real);
    }
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(entries) => entries,
            // The top folder must be readable; a subfolder that is not is listed, and reading
            // it reports why, so the rest of the batch goes on.
            Err(e) if dir == root => return Err(e),
            Err(_) => {
                files.push(dir);
                continue;
            }
        };
        for entry in entries {
            let Ok(entry) = entry else { continue };
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                files.push(path);
                continue;
            };
            if kind.is_dir() {
                if !skip(&path) {
                    stack.push(path);
                }
            } else if kind.is_symlink() {
                // A link is followed: to a folder once, to anything else as that thing is read
                // (a notice, or a device or dangling link that reading refuses with its reason).
                match std::fs::metadata(&path) {
                    Ok(meta) if meta.is_dir() => {
                        let real = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
                        if !skip(&path) && visited.insert(real) {
                            stack.push(path);
                        }
                    }
                    _ => files.push(path),
                }
            } else {
                // Files, and FIFOs, sockets and devices: reading lists the latter as skipped.
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// The most bytes of a settings file fenjie reads: a unit registry (`--units`), a fixture's
/// `NAME.options.toml`.
pub const SETTINGS_BYTES: u64 = 16 << 20;

/// Reads a UTF-8 text file as inputs are read ([`read_input`]): a regular file of at most
/// `limit` bytes, so a FIFO or `/dev/zero` is refused rather than read without end.
///
/// # Errors
///
/// Why the file cannot be read, or that it is not UTF-8.
pub fn read_text(path: &Path, limit: u64) -> Result<String, String> {
    let bytes = read_input(path, limit).map_err(|(reason, _)| reason)?;
    String::from_utf8(bytes).map_err(|e| format!("expected UTF-8 text, but found {e}"))
}

/// Reads a unit registry file; the error names the file (and the line where there is one).
///
/// # Errors
///
/// When the file cannot be read, or is not a valid registry (the message names the line).
pub fn read_registry(path: &Path) -> Result<Registry, String> {
    let text = read_text(path, SETTINGS_BYTES)
        .map_err(|e| format!("{}: cannot read the unit registry: {e}", path.display()))?;
    Registry::from_toml(&text, &path.display().to_string()).map_err(|e| crate::error::chain(&e))
}
