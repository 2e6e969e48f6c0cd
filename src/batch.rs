//! Batch conversion: files and folders in, one output per notice (mirroring the input tree), an
//! optional combined file of all tasks, and `summary.json`. Files are spread over threads with
//! rayon; a failing file never stops the others.
//!
//! Unlike the pipeline, this module reads and writes files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use crate::emit::{self, OutputEncoding, OutputFormat};
use crate::files::{
    files_under, remove_stale_temporaries, temporary_for, write_atomically, write_atomically_with,
    write_datapackage,
};
use crate::{Options, Report, Severity};

/// What a batch run is asked to do.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Files and folders to convert.
    pub inputs: Vec<PathBuf>,
    /// The output folder.
    pub out_dir: PathBuf,
    /// The format of each output.
    pub format: OutputFormat,
    /// The text encoding of each output.
    pub encoding: OutputEncoding,
    /// All tasks of all notices in one CSV or JSON Lines file (by its extension).
    pub combined: Option<PathBuf>,
    /// Write a Frictionless `datapackage.json` beside every CSV.
    pub datapackage: bool,
    /// Threads; 0 lets rayon decide (one per core).
    pub jobs: usize,
    /// How CSV rows are laid out (`--headers`, `--per-unit`).
    pub csv: emit::csv::Shape,
    /// A `SQLite` database every converted notice is stored in (`--sqlite FILE`).
    pub sqlite: Option<PathBuf>,
}

/// One input file found under the inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The file to read.
    pub path: PathBuf,
    /// The output path relative to the output folder, before the format's extension.
    pub relative: PathBuf,
}

/// What became of one input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Converted and written.
    Converted,
    /// A notice that could not be converted or written.
    Failed,
    /// No notice fenjie reads (a folder, an image, a file without any table or list).
    Skipped,
}

/// One line of `summary.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileSummary {
    /// The input as given.
    pub input: String,
    /// The output written, if any.
    pub output: Option<String>,
    /// What became of it.
    pub status: Status,
    /// Why a file failed or was skipped.
    pub reason: Option<String>,
    /// The format the input was read as.
    pub format: Option<crate::Format>,
    /// Work items read.
    pub tasks: usize,
    /// Error-level diagnostics.
    pub errors: usize,
    /// Warning-level diagnostics.
    pub warnings: usize,
    /// Info-level diagnostics.
    pub infos: usize,
    /// Every diagnostic of the file, as the JSON document has them.
    pub diagnostics: Vec<crate::Diagnostic>,
    /// Time taken, in milliseconds: the one field that differs between runs.
    pub millis: u64,
}

/// What a batch run did: counts (`summary.json` adds one entry per input, written as the files
/// finish, so memory does not grow with their number).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// The version of the output contract (`report::SCHEMA_VERSION`).
    pub schema_version: &'static str,
    /// Inputs converted.
    pub converted: usize,
    /// Inputs that failed.
    pub failed: usize,
    /// Inputs skipped as no notice.
    pub skipped: usize,
    /// Work items read in all.
    pub tasks: usize,
    /// Outputs of the run as a whole (the database, the combined file) that could not be
    /// completed, each with why; absent when all were.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub incomplete: Vec<String>,
    /// With `--combined -`: the combined output, for the caller to write to standard output.
    #[serde(skip)]
    pub combined_stdout: Option<Vec<u8>>,
}

/// Lists the files under the inputs, sorted, each with the output path it mirrors. With several
/// inputs, each one's outputs go under its own name. Nothing under `exclude` (the output folder)
/// is an input.
///
/// # Errors
///
/// When an input cannot be read (a missing path, an unreadable top folder).
pub fn discover(inputs: &[PathBuf], exclude: &Path) -> std::io::Result<Vec<Input>> {
    let exclude = std::fs::canonicalize(exclude).ok();
    let excluded = |dir: &Path| {
        exclude
            .as_ref()
            .is_some_and(|ex| std::fs::canonicalize(dir).is_ok_and(|p| p == *ex))
    };
    let mut found = Vec::new();
    let nest = inputs.len() > 1;
    for input in inputs {
        let base = input
            .file_name()
            .map_or_else(|| PathBuf::from("input"), PathBuf::from);
        let prefix = if nest { base.clone() } else { PathBuf::new() };
        if input.is_dir() {
            for path in files_under(input, &excluded)? {
                let rel = path.strip_prefix(input).unwrap_or(&path).to_path_buf();
                found.push(Input {
                    relative: prefix.join(rel),
                    path,
                });
            }
        } else {
            found.push(Input {
                path: input.clone(),
                relative: if nest {
                    base
                } else {
                    PathBuf::from(input.file_name().unwrap_or_default())
                },
            });
        }
    }
    Ok(distinct(found))
}

/// Inputs without repeats and without two outputs of one name: a file given twice (by any path)
/// is converted once; inputs whose output names clash (`x/notice.txt`, `y/notice.txt`, or two
/// folders of one name) keep as much of their own path as tells them apart.
fn distinct(found: Vec<Input>) -> Vec<Input> {
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<Input> = found
        .into_iter()
        .filter(|i| seen.insert(std::fs::canonicalize(&i.path).unwrap_or_else(|_| i.path.clone())))
        .collect();
    let mut by_name: std::collections::HashMap<PathBuf, Vec<usize>> = Default::default();
    for (k, input) in out.iter().enumerate() {
        by_name.entry(input.relative.clone()).or_default().push(k);
    }
    for clash in by_name.into_values().filter(|v| v.len() > 1) {
        let full: Vec<Vec<std::ffi::OsString>> = clash
            .iter()
            .map(|&k| {
                let path =
                    std::fs::canonicalize(&out[k].path).unwrap_or_else(|_| out[k].path.clone());
                path.components()
                    .filter_map(|c| match c {
                        std::path::Component::Normal(s) => Some(s.to_os_string()),
                        _ => None,
                    })
                    .collect()
            })
            .collect();
        // Drop the leading folders all of them share.
        let shared = (0..full[0].len())
            .take_while(|&i| full.iter().all(|f| f.len() > i + 1 && f[i] == full[0][i]))
            .count();
        for (k, parts) in clash.iter().zip(&full) {
            out[*k].relative = parts[shared..].iter().collect();
        }
    }
    out
}

/// The path of an input's own output.
fn output_of(input: &Input, plan: &Plan) -> PathBuf {
    let mut name = input.relative.clone().into_os_string();
    name.push(".");
    name.push(extension(plan.format));
    plan.out_dir.join(PathBuf::from(name))
}

/// The files of this run that are not per-notice outputs: the combined file, the database and
/// `summary.json`, each with how it is named in messages.
fn run_outputs(plan: &Plan) -> Vec<(PathBuf, &'static str)> {
    let mut outputs = vec![(plan.out_dir.join("summary.json"), "summary.json")];
    if let Some(path) = plan.combined.as_ref().filter(|p| p.as_os_str() != "-") {
        outputs.push((path.clone(), "the combined file"));
        if plan.datapackage && path.extension().is_some_and(|e| e == "csv") {
            let mut name = path.file_name().unwrap_or_default().to_os_string();
            name.push(".datapackage.json");
            outputs.push((
                path.with_file_name(name),
                "the combined file's data package",
            ));
        }
    }
    if let Some(path) = &plan.sqlite {
        outputs.push((path.clone(), "the database"));
    }
    outputs
}

/// The inputs without the files this run writes (a combined file or database an earlier run
/// left inside an input folder): what a batch writes is never read back as a notice. A notice
/// at the place of an output is kept, and the run refused (see [`refuse_collisions`]).
fn without_own_outputs(inputs: Vec<Input>, plan: &Plan, options: &Options) -> Vec<Input> {
    let outputs: Vec<PathBuf> = run_outputs(plan)
        .iter()
        .map(|(p, _)| crate::files::resolved(p))
        .collect();
    let mut kept = Vec::with_capacity(inputs.len());
    for input in inputs {
        let at_output = outputs.contains(&crate::files::resolved(&input.path));
        if at_output && !is_notice(&input.path, options) {
            continue;
        }
        kept.push(input);
    }
    kept
}

/// True unless the file is no notice (an earlier run's output, a database, data of another kind).
fn is_notice(path: &Path, options: &Options) -> bool {
    let Ok(bytes) = crate::files::read_input(path, options.read.limits.input_bytes) else {
        return false;
    };
    !crate::ingest::read(&bytes, &options.read).is_err_and(|e| e.is_not_a_notice())
}

/// Refuses a run in which two outputs, or an output and an input, are the same file (`--sqlite
/// OUT/summary.json`, `--combined` naming one notice's output or an input), before anything is
/// written.
fn refuse_collisions(inputs: &[Input], plan: &Plan) -> Result<(), String> {
    let mut seen: std::collections::HashMap<PathBuf, String> = Default::default();
    let mut claim = |path: &Path, what: String| -> Result<(), String> {
        let key = crate::files::resolved(path);
        if let Some(earlier) = seen.get(&key) {
            return Err(format!(
                "{}: {what} and {earlier} would be the same file; name another",
                path.display()
            ));
        }
        seen.insert(key, what);
        Ok(())
    };
    for (path, what) in run_outputs(plan) {
        claim(&path, what.to_string())?;
    }
    for input in inputs {
        claim(
            &output_of(input, plan),
            format!("the output of {}", input.path.display()),
        )?;
    }
    for input in inputs {
        claim(&input.path, format!("the input {}", input.path.display()))?;
    }
    // A hard link is one file under two names.
    for (path, what) in run_outputs(plan) {
        if let Some(input) = inputs
            .iter()
            .find(|i| crate::files::same_file(&i.path, &path))
        {
            return Err(format!(
                "{}: {what} and the input {} are the same file; name another",
                path.display(),
                input.path.display()
            ));
        }
    }
    Ok(())
}

/// The most worker threads a batch starts, whatever `--jobs` asks.
pub const MAX_JOBS: usize = 64;

fn extension(format: OutputFormat) -> &'static str {
    match format {
        OutputFormat::Json => "json",
        OutputFormat::Jsonl => "jsonl",
        OutputFormat::Csv => "csv",
        OutputFormat::Xlsx => "xlsx",
        OutputFormat::Sqlite => "sqlite",
    }
}

/// A batch's claim on its output folder (`.fenjie.lock`, holding the process id), so that two
/// batches never write one `summary.json` over the other. The claim is the operating system's
/// lock on the open file, not the file's existence: it ends with the process however the
/// process ends, so there is no stale lock to take over and no race in taking one over. Released
/// (and the file removed) when dropped.
struct Lock {
    path: PathBuf,
    _file: std::fs::File,
}

/// The name of a batch's lock file in its output folder.
const LOCK_NAME: &str = ".fenjie.lock";

impl Lock {
    fn take(dir: &Path) -> Result<Lock, String> {
        let path = dir.join(LOCK_NAME);
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

/// The result of converting one input, before anything is written.
struct Converted {
    summary: FileSummary,
    report: Option<Report>,
    output: Option<(PathBuf, Vec<u8>)>,
}

fn convert_one(input: &Input, plan: &Plan, options: &Options) -> Converted {
    let started = Instant::now();
    let shown = input.path.display().to_string();
    let mut summary = FileSummary {
        input: shown.clone(),
        output: None,
        status: Status::Failed,
        reason: None,
        format: None,
        tasks: 0,
        errors: 0,
        warnings: 0,
        infos: 0,
        diagnostics: Vec::new(),
        millis: 0,
    };
    let result = if is_own_file(&input.path) {
        Err((
            true,
            "a file fenjie writes (a lock or a temporary file), not a notice".to_string(),
        ))
    } else {
        crate::files::convert_file(&input.path, &shown, options)
            .map_err(|e| (e.is_not_a_notice(), e.to_string()))
    };
    let mut converted = Converted {
        summary: FileSummary { ..summary.clone() },
        report: None,
        output: None,
    };
    match result {
        Err((skip, reason)) => {
            summary.status = if skip {
                Status::Skipped
            } else {
                Status::Failed
            };
            summary.reason = Some(reason);
        }
        Ok((_, report)) => {
            let rendered = crate::files::validated(&report, || {
                let mut bytes = Vec::new();
                emit::write(&report, plan.format, plan.encoding, plan.csv, &mut bytes)
                    .map(|()| bytes)
            });
            match rendered
                .map_err(|v| v.to_string())
                .and_then(|written| written.map_err(|e| format!("internal error: {e}")))
            {
                Ok(bytes) => {
                    let out = output_of(input, plan);
                    summary.status = Status::Converted;
                    summary.output = Some(out.display().to_string());
                    summary.format = Some(report.source.format);
                    summary.tasks = report.tasks.len();
                    summary.errors = report.count(Severity::Error);
                    summary.warnings = report.count(Severity::Warning);
                    summary.infos = report.count(Severity::Info);
                    summary.diagnostics.clone_from(&report.diagnostics);
                    converted.output = Some((out, bytes));
                    converted.report = Some(report);
                }
                Err(e) => summary.reason = Some(e),
            }
        }
    }
    if summary.status != Status::Converted {
        // An output an earlier run wrote for this input would stand beside a summary that says
        // the input failed: it is removed, so what is in the folder is what the summary says.
        let stale = output_of(input, plan);
        if stale.is_file() && std::fs::remove_file(&stale).is_ok() {
            let reason = summary.reason.take().unwrap_or_default();
            summary.reason = Some(format!(
                "{reason} (the output of an earlier run, {}, was removed)",
                stale.display()
            ));
        }
    }
    summary.millis = started.elapsed().as_millis() as u64;
    converted.summary = summary;
    converted
}

/// A batch's lock or a temporary file of fenjie's naming, known by its name.
fn is_own_file(path: &Path) -> bool {
    use crate::files::{TEMP_PREFIX, TEMP_SUFFIX};
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n == LOCK_NAME || n.starts_with(TEMP_PREFIX) && n.ends_with(TEMP_SUFFIX))
}

/// Writes a converted file's output (and its data package), marking the file failed when the
/// write fails.
fn write_output(result: &mut Converted, plan: &Plan) {
    let Some((path, bytes)) = result.output.take() else {
        return;
    };
    let mut failure = write_atomically(&path, &bytes)
        .err()
        .map(|e| format!("{}: cannot write: {e}", path.display()));
    if failure.is_none()
        && plan.datapackage
        && plan.format == OutputFormat::Csv
        && let Err(e) = write_datapackage(&path, false, plan.encoding)
    {
        // A CSV without its data package is not a complete output: it goes too.
        let _ = std::fs::remove_file(&path);
        failure = Some(format!(
            "{}: cannot write its data package: {e}; the CSV was removed",
            path.display()
        ));
    }
    if let Some(reason) = failure {
        result.summary.status = Status::Failed;
        result.summary.reason = Some(reason);
    }
}

/// How a batch run reports progress.
pub trait Progress: Sync {
    /// Called once before the first file, with the number of files.
    fn start(&self, total: usize);
    /// Called as each file is done.
    fn done(&self, file: &FileSummary);
    /// Called after the last file.
    fn finish(&self);
}

/// Runs a batch: converts every input, writes outputs, the combined file and `summary.json`.
///
/// # Errors
///
/// When the output folder cannot be created or locked, or `summary.json` or a combined file
/// cannot be written; a file that fails is reported in the summary instead.
pub fn run(plan: &Plan, options: &Options, progress: &dyn Progress) -> Result<Summary, String> {
    let inputs = discover(&plan.inputs, &plan.out_dir)
        .map_err(|e| format!("cannot list the inputs: {e}"))?;
    let inputs = without_own_outputs(inputs, plan, options);
    refuse_collisions(&inputs, plan)?;
    std::fs::create_dir_all(&plan.out_dir)
        .map_err(|e| format!("{}: cannot create: {e}", plan.out_dir.display()))?;
    let _lock = Lock::take(&plan.out_dir)?;
    remove_stale_temporaries(&plan.out_dir);
    convert_all(plan, options, progress, &inputs).map_err(|e| {
        // Outputs of this run may be written by now: a summary.json of an earlier run would
        // describe other outputs than the folder holds.
        let old = plan.out_dir.join("summary.json");
        if old.is_file() && std::fs::remove_file(&old).is_ok() {
            format!(
                "{e}; the run stopped, and {} of an earlier run was removed (it described other outputs)",
                old.display()
            )
        } else {
            format!("{e}; the run stopped, and wrote no summary")
        }
    })
}

/// Converts and writes every input, then the run's own outputs; see [`run`].
fn convert_all(
    plan: &Plan,
    options: &Options,
    progress: &dyn Progress,
    inputs: &[Input],
) -> Result<Summary, String> {
    // More threads than files or than a machine runs at once only cost start-up time.
    let jobs = if plan.jobs == 0 {
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
    } else {
        plan.jobs
    };
    let jobs = jobs.clamp(1, MAX_JOBS).min(inputs.len().max(1));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| format!("cannot start worker threads: {e}"))?;
    progress.start(inputs.len());

    let mut combined = Combined::open(plan)?;
    let mut database = match &plan.sqlite {
        Some(path) => Some(
            emit::sqlite::Writer::open(path)
                .map_err(|e| format!("{}: cannot open the database: {e}", path.display()))?,
        ),
        None => None,
    };
    let mut entries = Entries::new(&plan.out_dir)?;
    let (mut converted, mut failed, mut skipped, mut tasks) = (0, 0, 0, 0);
    // A sink that fails (a locked database, a full disk) is given up and named here; the other
    // outputs and the summary are still written.
    let mut incomplete = Vec::new();
    // Chunks bound memory: only a few reports are held at once, whatever the number of files.
    // Each worker converts and writes its file; only the combined file is built in order here.
    let chunk = pool.current_num_threads().max(1) * 16;
    let keep_reports = combined.is_some() || database.is_some();
    for group in inputs.chunks(chunk) {
        let results: Vec<Converted> = pool.install(|| {
            group
                .par_iter()
                .map(|i| {
                    let mut result = convert_one(i, plan, options);
                    write_output(&mut result, plan);
                    if !keep_reports {
                        result.report = None;
                    }
                    result
                })
                .collect()
        });
        // The chunk's reports go to the database's own thread, in input order.
        let mut slice = Vec::new();
        for mut result in results {
            if let Some(report) = result.report.take()
                && result.summary.status == Status::Converted
            {
                store(report, plan, &mut slice, &mut combined, &mut incomplete);
            }
            progress.done(&result.summary);
            match result.summary.status {
                Status::Converted => converted += 1,
                Status::Failed => failed += 1,
                Status::Skipped => skipped += 1,
            }
            tasks += result.summary.tasks;
            entries.push(&result.summary)?;
        }
        if let Some(sink) = combined.as_mut()
            && let Err(e) = sink.drain()
        {
            incomplete.push(sink.given_up(&e));
            combined = None;
        }
        if let Some(writer) = database.as_mut()
            && !slice.is_empty()
            && let Err(e) = writer.send(slice)
        {
            incomplete.push(database_failed(plan, &e));
            database = None;
        }
    }
    if let Some(writer) = database
        && let Err(e) = writer.finish()
    {
        incomplete.push(database_failed(plan, &e));
    }
    let stdout = match combined {
        Some(sink) => sink.finish(plan).unwrap_or_else(|e| {
            incomplete.push(e);
            None
        }),
        None => None,
    };
    progress.finish();
    let summary = Summary {
        schema_version: crate::report::SCHEMA_VERSION,
        converted,
        failed,
        skipped,
        tasks,
        incomplete,
        combined_stdout: stdout,
    };
    entries.finish(&summary, &plan.out_dir.join("summary.json"))?;
    Ok(summary)
}

/// Adds a converted notice to the combined file and to the database's slice; a combined file
/// that fails is given up (set to `None`) and said in `incomplete`.
fn store(
    report: Report,
    plan: &Plan,
    slice: &mut Vec<Report>,
    combined: &mut Option<Combined>,
    incomplete: &mut Vec<String>,
) {
    if let Some(sink) = combined.as_mut()
        && let Err(e) = sink.add(&report, plan.csv)
    {
        incomplete.push(sink.given_up(&e));
        *combined = None;
    }
    if plan.sqlite.is_some() {
        slice.push(report);
    }
}

/// The line of `incomplete` for a database given up.
fn database_failed(plan: &Plan, e: &emit::sqlite::BatchError) -> String {
    format!(
        "{}: {e}",
        plan.sqlite.as_deref().unwrap_or(Path::new("")).display()
    )
}

/// The combined output of a batch (`--combined FILE` or `-`): CSV and JSON Lines stream to a
/// temporary file beside FILE chunk by chunk, so memory does not grow with the number of
/// notices; a workbook is written at the end from every report (a workbook cannot stream);
/// standard output gets the whole text at the end.
struct Combined {
    path: PathBuf,
    format: OutputFormat,
    encoding: OutputEncoding,
    /// Text gathered since the last drain.
    buffer: Vec<u8>,
    header_written: bool,
    /// The temporary file, and whether anything was written to it yet.
    sink: Option<(std::io::BufWriter<tempfile::NamedTempFile>, bool)>,
    workbook: Vec<Report>,
}

impl Combined {
    fn open(plan: &Plan) -> Result<Option<Combined>, String> {
        let Some(path) = &plan.combined else {
            return Ok(None);
        };
        let to_stdout = path.as_path() == Path::new("-");
        let format = if to_stdout {
            // `--combined -`: standard output, in the batch's format (JSON as JSON Lines).
            match plan.format {
                OutputFormat::Csv => OutputFormat::Csv,
                _ => OutputFormat::Jsonl,
            }
        } else {
            match path.extension().and_then(|e| e.to_str()) {
                Some("csv") => OutputFormat::Csv,
                Some("jsonl") => OutputFormat::Jsonl,
                Some("xlsx") => OutputFormat::Xlsx,
                _ => {
                    return Err(format!(
                        "{}: the combined file must end in .csv, .jsonl or .xlsx",
                        path.display()
                    ));
                }
            }
        };
        let encoding = if format == OutputFormat::Csv {
            plan.encoding
        } else {
            OutputEncoding::Utf8
        };
        let sink = if format == OutputFormat::Xlsx || to_stdout {
            None
        } else {
            let dir = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("{}: cannot create: {e}", dir.display()))?;
            let file = temporary_for(path, dir)
                .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
            Some((std::io::BufWriter::new(file), false))
        };
        Ok(Some(Combined {
            path: path.clone(),
            format,
            encoding,
            buffer: Vec::new(),
            header_written: false,
            sink,
            workbook: Vec::new(),
        }))
    }

    fn add(&mut self, report: &Report, shape: emit::csv::Shape) -> Result<(), String> {
        if self.format == OutputFormat::Xlsx {
            self.workbook.push(report.clone());
            return Ok(());
        }
        append_combined(
            &mut self.buffer,
            &mut self.header_written,
            report,
            self.format,
            shape,
        )
        .map_err(|e| format!("cannot write the combined file: {e}"))
    }

    /// Why the combined file was given up: it is not written (an earlier run's stays as it was).
    fn given_up(&self, why: &str) -> String {
        format!(
            "{}: {why}; the combined file was not written",
            self.path.display()
        )
    }

    fn drain(&mut self) -> Result<(), String> {
        if let Some((out, started)) = self.sink.as_mut() {
            drain_combined(&mut self.buffer, out, started, self.encoding)
                .map_err(|e| format!("cannot write the combined file: {e}"))?;
        }
        Ok(())
    }

    /// Puts the file in its place (and its data package beside it); returns the text for
    /// standard output with `--combined -`.
    fn finish(mut self, plan: &Plan) -> Result<Option<Vec<u8>>, String> {
        let path = self.path.clone();
        let cannot = |e: &dyn std::fmt::Display| format!("{}: cannot write: {e}", path.display());
        if self.format == OutputFormat::Xlsx {
            write_atomically_with(&path, |out| {
                emit::xlsx::write(&self.workbook, plan.csv.lang, out)
            })
            .map_err(|e| cannot(&e))?;
            return Ok(None);
        }
        if self.format == OutputFormat::Csv && !self.header_written {
            append_combined_header(&mut self.buffer, plan.csv).map_err(|e| e.to_string())?;
        }
        let Some((mut out, mut started)) = self.sink.take() else {
            // `--combined -`: the text goes to standard output.
            let mut encoded = Vec::new();
            emit::encode(&self.buffer, self.encoding, &mut encoded)
                .map_err(|e| format!("{}: {e}", path.display()))?;
            return Ok(Some(encoded));
        };
        drain_combined(&mut self.buffer, &mut out, &mut started, self.encoding)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let file = out.into_inner().map_err(|e| cannot(&e))?;
        file.persist(&path).map_err(|e| cannot(&e.error))?;
        if plan.datapackage && self.format == OutputFormat::Csv {
            write_datapackage(&path, true, self.encoding)
                .map_err(|e| format!("cannot write datapackage.json: {e}"))?;
        }
        Ok(None)
    }
}

/// The `files` of `summary.json`, written to a temporary file as each input finishes, then
/// placed after the counts.
struct Entries {
    file: std::io::BufWriter<tempfile::NamedTempFile>,
    count: usize,
}

impl Entries {
    fn new(dir: &Path) -> Result<Entries, String> {
        let cannot = |e: std::io::Error| format!("{}: cannot write: {e}", dir.display());
        let file = temporary_for(&dir.join("summary.json.files"), dir).map_err(cannot)?;
        Ok(Entries {
            file: std::io::BufWriter::new(file),
            count: 0,
        })
    }

    /// Appends one entry, pretty-printed and indented as an element of `files`.
    fn push(&mut self, entry: &FileSummary) -> Result<(), String> {
        let text = serde_json::to_string_pretty(entry).map_err(|e| e.to_string())?;
        let mut out = String::with_capacity(text.len() + 64);
        out.push_str(if self.count == 0 { "\n" } else { ",\n" });
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str("    ");
            out.push_str(line);
        }
        self.count += 1;
        self.file
            .write_all(out.as_bytes())
            .map_err(|e| format!("cannot write summary.json: {e}"))
    }

    /// Writes `summary.json`: the counts, then the entries, through a temporary file.
    fn finish(self, summary: &Summary, path: &Path) -> Result<(), String> {
        use std::io::{Seek, SeekFrom};
        let cannot = |e: std::io::Error| format!("{}: cannot write: {e}", path.display());
        let mut entries = self.file.into_inner().map_err(|e| cannot(e.into_error()))?;
        entries.seek(SeekFrom::Start(0)).map_err(cannot)?;
        let head = serde_json::to_string_pretty(summary).map_err(|e| e.to_string())?;
        // `head` is `{ …counts… }`: the files go in before its closing brace.
        let head = head.trim_end().trim_end_matches('}').trim_end();
        write_atomically_with(path, |out| {
            out.write_all(head.as_bytes())?;
            out.write_all(b",\n  \"files\": [")?;
            std::io::copy(&mut entries, out)?;
            out.write_all(if self.count == 0 {
                b"]\n}\n"
            } else {
                b"\n  ]\n}\n"
            })
        })
        .map_err(cannot)
    }
}

/// Moves the combined text gathered so far to the file, encoded; a byte-order mark only at the
/// start of the file.
fn drain_combined(
    combined: &mut Vec<u8>,
    out: &mut impl Write,
    started: &mut bool,
    encoding: OutputEncoding,
) -> std::io::Result<()> {
    let encoding = match encoding {
        OutputEncoding::Utf8Bom if *started => OutputEncoding::Utf8,
        e => e,
    };
    emit::encode(combined, encoding, out)?;
    combined.clear();
    *started = true;
    Ok(())
}

fn append_combined_header(out: &mut Vec<u8>, shape: emit::csv::Shape) -> std::io::Result<()> {
    emit::csv::write(&[], true, shape, out)
}

fn append_combined(
    out: &mut Vec<u8>,
    header_written: &mut bool,
    report: &Report,
    format: OutputFormat,
    shape: emit::csv::Shape,
) -> std::io::Result<()> {
    match format {
        OutputFormat::Csv => {
            let mut part = Vec::new();
            emit::csv::write(std::slice::from_ref(report), true, shape, &mut part)?;
            if *header_written {
                // Drop this part's header line; the first part wrote it.
                let cut = part
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(part.len(), |i| i + 1);
                out.extend_from_slice(&part[cut..]);
            } else {
                out.extend_from_slice(&part);
                *header_written = true;
            }
        }
        _ => emit::json::lines(report, out)?,
    }
    Ok(())
}
