//! Writing: a report checked against the schema beside its writing and kept only when the check
//! passes ([`write_report`]); every file written through a temporary file in its folder and a
//! rename, so a reader never sees half of one and an interrupted run leaves no partial file.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::emit::{self, OutputEncoding};
use crate::report::Report;

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
    let Ok(files) = super::files_under(dir, &|_| false) else {
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

/// How a report is written: the format, the text encoding, the shape of CSV rows, and whether
/// a Frictionless data package goes beside a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Output {
    /// The output format (any but `SQLite`, which is a database, not a stream).
    pub format: emit::OutputFormat,
    /// The text encoding.
    pub encoding: OutputEncoding,
    /// How CSV rows are laid out, and the language of the values a person reads.
    pub shape: emit::csv::Shape,
    /// Write `NAME.datapackage.json` beside a CSV file.
    pub datapackage: bool,
}

/// Why a report was not written, each step's failure apart so that the caller can say what is
/// left (the file is kept when only its data package failed).
#[derive(Debug)]
pub enum WriteError {
    /// The report violates the schema: nothing of it was kept.
    Violation(Violation),
    /// The output could not be written (nothing was replaced).
    Write(std::io::Error),
    /// The output was written, but its data package could not be.
    DataPackage(std::io::Error),
}

/// Checks, writes and describes one report: the check against the schema runs beside the
/// writing to a temporary file, which is put in place only when the check passes; then the data
/// package beside a CSV file. `fenjie convert` and every notice of a batch are written here.
///
/// # Errors
///
/// The step that failed; see [`WriteError`].
pub fn write_report(report: &Report, path: &Path, output: &Output) -> Result<(), WriteError> {
    let pending = validated(report, || {
        write_atomically_if(path, |out| {
            emit::write(report, output.format, output.encoding, output.shape, out)
        })
    })
    .map_err(WriteError::Violation)?
    .map_err(WriteError::Write)?;
    pending.persist().map_err(WriteError::Write)?;
    if output.datapackage && output.format == emit::OutputFormat::Csv {
        write_datapackage(path, false, output.encoding).map_err(WriteError::DataPackage)?;
    }
    Ok(())
}

/// One report checked and rendered in memory (for standard output): the bytes only when the
/// check passes.
///
/// # Errors
///
/// The schema's violations, or the writer's error.
pub fn rendered(report: &Report, output: &Output) -> Result<Vec<u8>, WriteError> {
    validated(report, || {
        let mut bytes = Vec::new();
        emit::write(
            report,
            output.format,
            output.encoding,
            output.shape,
            &mut bytes,
        )
        .map(|()| bytes)
    })
    .map_err(WriteError::Violation)?
    .map_err(WriteError::Write)
}
