//! Files: reading inputs (regular files only, size bounded), walking folders, converting a file,
//! checking a report against the schema before anything of it is written, and writing through
//! a temporary file and a rename. `fenjie convert`, `batch`, `check` and `review` all go through
//! here, so each reads, converts, validates and writes the same way.
//!
//! Unlike the pipeline, this module reads and writes files.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::emit::{self, OutputEncoding};
use crate::error::chain;
use crate::{Error, Options, Registry, Report};

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

/// A report that violates the published schema: a bug in fenjie, never written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation(pub Vec<String>);

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "internal error: the output violates the schema: {}",
            self.0.join("; ")
        )
    }
}

impl std::error::Error for Violation {}

/// Reports with at least this many tasks are checked beside the writing, on a second thread;
/// for smaller ones starting a thread costs more than it saves.
const CHECK_BESIDE_FROM: usize = crate::validate::PARALLEL_FROM;

/// Checks `report` against the schema while `produce` renders it (a buffer, a temporary file, a
/// JSON value); the product is returned only when the check passes, so nothing of a report that
/// violates the schema is ever kept. Every command that writes a report goes through here.
///
/// # Errors
///
/// The schema's violations, when there are any.
pub fn validated<T: Send>(
    report: &Report,
    produce: impl FnOnce() -> T + Send,
) -> Result<T, Violation> {
    let check = || crate::validate::report(report);
    let (checked, product) = if report.tasks.len() >= CHECK_BESIDE_FROM {
        rayon::join(check, produce)
    } else {
        (check(), produce())
    };
    checked.map_err(Violation)?;
    Ok(product)
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

/// Writes a file through a temporary file in the same folder and a rename.
///
/// # Errors
///
/// When the folder cannot be created or the file written or renamed.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomically_with(path, |out| out.write_all(bytes))
}

/// Streams a file's content through a temporary file in the same folder and a rename, so a
/// reader never sees half of it and an interrupted run leaves no partial file.
///
/// # Errors
///
/// When the folder cannot be created, `fill` fails, or the rename fails.
pub fn write_atomically_with(
    path: &Path,
    fill: impl FnOnce(&mut std::io::BufWriter<&mut std::fs::File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    write_atomically_if(path, fill)?.persist()
}

/// A file written to its temporary place, not yet where it belongs.
pub enum Pending {
    /// Written to a temporary file in the destination's folder.
    Temporary {
        /// The temporary file.
        file: tempfile::NamedTempFile,
        /// Where it goes when persisted.
        path: PathBuf,
    },
    /// Written straight to a device or pipe (`/dev/null`, a FIFO), which cannot be replaced.
    Direct,
}

impl Pending {
    /// Moves the file where it belongs. Dropping a `Pending` instead deletes it.
    ///
    /// # Errors
    ///
    /// When the rename fails (the temporary file is then removed).
    pub fn persist(self) -> std::io::Result<()> {
        if let Pending::Temporary { file, path } = self {
            file.persist(&path).map_err(|e| e.error)?;
        }
        Ok(())
    }
}

/// How fenjie's temporary files start and end (`.fenjie-XXXXXX.tmp`).
pub const TEMP_PREFIX: &str = ".fenjie-";
/// See [`TEMP_PREFIX`].
pub const TEMP_SUFFIX: &str = ".tmp";

/// The start of this process's temporary files: `.fenjie-PID-`.
#[must_use]
pub fn own_prefix() -> String {
    format!("{TEMP_PREFIX}{}-", std::process::id())
}

/// Removes temporary files of fenjie's own naming that an interrupted run left under `dir`
/// (older than ten minutes, so a run writing beside this one keeps its own); returns how many.
#[allow(
    clippy::must_use_candidate,
    reason = "the count is for tests; callers clean up and go on"
)]
pub fn remove_stale_temporaries(dir: &Path) -> usize {
    let Ok(files) = files_under(dir, &|_| false) else {
        return 0;
    };
    let old = std::time::Duration::from_mins(10);
    files
        .iter()
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(TEMP_PREFIX) && n.ends_with(TEMP_SUFFIX))
        })
        .filter(|p| {
            std::fs::metadata(p)
                .and_then(|m| m.modified())
                .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > old))
        })
        .filter(|p| std::fs::remove_file(p).is_ok())
        .count()
}

/// A temporary file in `dir` that will become `path`: named so a later run knows it as
/// fenjie's own, created 0666 less the umask as any new file, or with the mode of the file it
/// replaces.
pub(crate) fn temporary_for(path: &Path, dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    // Created and recorded under the lock, so an interrupt (see `remove_temporaries`) finds
    // every temporary file that exists, even one made a moment before it.
    let mut live = LIVE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let file = create_temporary(path, dir)?;
    if live.len() >= 1024 && live.len().is_power_of_two() {
        live.retain(|p| p.exists());
    }
    live.push(file.path().to_path_buf());
    Ok(file)
}

/// The temporary files this process has made (some since persisted or removed).
static LIVE: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

/// Removes every temporary file this process made and has not yet put in place, and holds the
/// lock on them for good, so no other thread makes one after: for an interrupt handler, just
/// before the process exits.
pub fn remove_temporaries() {
    let live = LIVE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    for path in live.iter() {
        let _ = std::fs::remove_file(path);
    }
    // Never released: the process ends next, and no temporary file may be made before.
    std::mem::forget(live);
}

fn create_temporary(path: &Path, dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    let prefix = own_prefix();
    builder.prefix(&prefix).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o666, |m| m.permissions().mode() & 0o7777);
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let file = builder.tempfile_in(dir)?;
    #[cfg(unix)]
    if let Ok(existing) = std::fs::metadata(path) {
        // The umask applied at creation; a replaced file keeps exactly its mode.
        std::fs::set_permissions(file.path(), existing.permissions())?;
    }
    Ok(file)
}

/// Streams a file's content to a temporary file in the same folder; the caller decides whether
/// to [`Pending::persist`] it.
///
/// # Errors
///
/// When the folder cannot be created or `fill` fails.
pub fn write_atomically_if(
    path: &Path,
    fill: impl FnOnce(&mut std::io::BufWriter<&mut std::fs::File>) -> std::io::Result<()>,
) -> std::io::Result<Pending> {
    // A folder (`-o out/`) is no file to write: say so, not the rename's "Not a directory".
    if path.is_dir()
        || path
            .as_os_str()
            .to_string_lossy()
            .ends_with(std::path::MAIN_SEPARATOR)
    {
        return Err(std::io::Error::other(
            "is a folder; name the output file (a path inside it)",
        ));
    }
    // A device or a pipe is written in place: renaming over it would replace it.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, &mut file);
        fill(&mut out)?;
        out.flush()?;
        return Ok(Pending::Direct);
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let mut file = temporary_for(path, dir)?;
    {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file.as_file_mut());
        fill(&mut out)?;
        out.flush()?;
    }
    // No fsync: the rename already keeps an interrupted run from leaving half a file, and
    // syncing each of a thousand outputs would make batches disk-bound.
    Ok(Pending::Temporary {
        file,
        path: path.to_path_buf(),
    })
}

/// Writes a Frictionless data package describing `csv` beside it, as `NAME.datapackage.json`
/// (several CSV files may share a folder).
///
/// # Errors
///
/// When the package cannot be written.
pub fn write_datapackage(
    csv: &Path,
    with_notice: bool,
    encoding: OutputEncoding,
) -> std::io::Result<()> {
    let name = csv
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let package = emit::datapackage::describe(&name, with_notice, encoding.label());
    let mut text = serde_json::to_vec_pretty(&package).map_err(std::io::Error::other)?;
    text.push(b'\n');
    let path = csv.with_file_name(format!("{name}.datapackage.json"));
    write_atomically(&path, &text)
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
