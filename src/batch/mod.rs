//! Batch conversion: files and folders in, one output per notice (mirroring the input tree), an
//! optional combined file of all tasks, and `summary.json`. Files are spread over threads with
//! rayon; a failing file never stops the others.
//!
//! Unlike the pipeline, this module reads and writes files.

mod combined;
mod entries;
mod file;
mod incremental;
mod inputs;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::emit::{self, OutputEncoding, OutputFormat};
use crate::files::{Lock, remove_stale_temporaries};
use crate::{Options, Report};

use combined::Combined;
use entries::Entries;
pub use inputs::{Input, discover};
use inputs::{refuse_collisions, without_own_outputs};

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
    /// Convert only the inputs whose content an earlier run did not see (`--incremental`): one
    /// whose bytes hash as the database (with `sqlite`), else `summary.json`, last saw them at
    /// its path, and whose output is still there, is listed as unchanged.
    pub incremental: bool,
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
    /// With `--incremental`: the same bytes an earlier run converted; not converted again.
    Unchanged,
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
    /// The SHA-256 of the bytes read, for a converted or unchanged input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
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
    /// For an unchanged input: its entry of the run that converted it, listed again in its
    /// place (status `unchanged`).
    #[serde(skip)]
    pub earlier: Option<serde_json::Value>,
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
    /// Inputs not converted again with `--incremental`: an earlier run saw the same bytes.
    pub unchanged: usize,
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

/// The most worker threads a batch starts, whatever `--jobs` asks.
pub const MAX_JOBS: usize = 64;

impl FileSummary {
    /// An input not yet converted: failed until it is.
    fn of(input: String) -> FileSummary {
        FileSummary {
            input,
            output: None,
            status: Status::Failed,
            reason: None,
            format: None,
            sha256: None,
            tasks: 0,
            errors: 0,
            warnings: 0,
            infos: 0,
            diagnostics: Vec::new(),
            millis: 0,
            earlier: None,
        }
    }
}

impl Summary {
    /// Counts one input that is done.
    fn count(&mut self, file: &FileSummary) {
        match file.status {
            Status::Converted => self.converted += 1,
            Status::Failed => self.failed += 1,
            Status::Skipped => self.skipped += 1,
            Status::Unchanged => self.unchanged += 1,
        }
        self.tasks += file.tasks;
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
    let pool = worker_pool(plan.jobs, inputs.len())?;
    progress.start(inputs.len());
    let mut combined = Combined::open(plan)?;
    let mut database = open_database(plan)?;
    let mut entries = Entries::new(&plan.out_dir)?;
    let known = if plan.incremental {
        Some(incremental::Known::load(plan)?)
    } else {
        None
    };
    // A sink that fails (a locked database, a full disk) is given up and named in `incomplete`;
    // the other outputs and the summary are still written.
    let mut summary = Summary {
        schema_version: crate::report::SCHEMA_VERSION,
        converted: 0,
        failed: 0,
        skipped: 0,
        unchanged: 0,
        tasks: 0,
        incomplete: Vec::new(),
        combined_stdout: None,
    };
    // Chunks bound memory: only a few reports are held at once, whatever the number of files.
    // Each worker converts and writes its file; only the combined file is built in order here.
    let chunk = pool.current_num_threads().max(1) * 16;
    let keep_reports = combined.is_some() || database.is_some();
    for group in inputs.chunks(chunk) {
        let results: Vec<file::Converted> = pool.install(|| {
            group
                .par_iter()
                .map(|i| {
                    let mut result = file::convert(i, plan, options, known.as_ref());
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
                let incomplete = &mut summary.incomplete;
                store(report, plan, &mut slice, &mut combined, incomplete);
            }
            progress.done(&result.summary);
            summary.count(&result.summary);
            entries.push(&result.summary)?;
        }
        if let Some(sink) = combined.as_mut()
            && let Err(e) = sink.drain()
        {
            summary.incomplete.push(sink.given_up(&e));
            combined = None;
        }
        if let Some(writer) = database.as_mut()
            && !slice.is_empty()
            && let Err(e) = writer.send(slice)
        {
            summary.incomplete.push(database_failed(plan, &e));
            database = None;
        }
    }
    if let Some(writer) = database
        && let Err(e) = writer.finish()
    {
        summary.incomplete.push(database_failed(plan, &e));
    }
    if let Some(sink) = combined {
        summary.combined_stdout = sink.finish(plan).unwrap_or_else(|e| {
            summary.incomplete.push(e);
            None
        });
    }
    progress.finish();
    entries.finish(&summary, &plan.out_dir.join("summary.json"))?;
    Ok(summary)
}

/// The threads that convert: `jobs`, or one per core, but never more than [`MAX_JOBS`] or than
/// there are files (more only cost start-up time).
fn worker_pool(jobs: usize, files: usize) -> Result<rayon::ThreadPool, String> {
    let jobs = if jobs == 0 {
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
    } else {
        jobs
    };
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.clamp(1, MAX_JOBS).min(files.max(1)))
        .build()
        .map_err(|e| format!("cannot start worker threads: {e}"))
}

/// The database every notice is stored in (`--sqlite FILE`), if any.
fn open_database(plan: &Plan) -> Result<Option<emit::sqlite::Writer>, String> {
    let Some(path) = &plan.sqlite else {
        return Ok(None);
    };
    emit::sqlite::Writer::open(path)
        .map(Some)
        .map_err(|e| format!("{}: cannot open the database: {e}", path.display()))
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
