//! `fenjie diff` on files and folders: each side read as a notice (any format fenjie reads) or
//! a fenjie JSON document, the notices of two folders paired, one diff written per pair and a
//! summary beside them.
//!
//! Unlike the pipeline, this module reads and writes files.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::Options;
use crate::diff::{self, Diff, Side, Summary};
use crate::emit::diff::{DiffFormat, write};
use crate::files::{self, FileError};

/// Why one side could not be read; the message names no path (the caller puts it first).
#[derive(Debug)]
pub struct Unreadable {
    /// What went wrong.
    pub reason: String,
    /// True when the file is no notice at all (a picture, a PDF): a folder run skips it.
    pub not_a_notice: bool,
}

/// Reads one side of a diff: a fenjie JSON document (checked against the notice schema), else
/// a notice, converted.
///
/// # Errors
///
/// When the file cannot be read, is JSON but no fenjie document, or cannot be converted.
pub fn read(path: &Path, shown: &str, options: &Options) -> Result<Side, Unreadable> {
    let failed = |reason: String| Unreadable {
        reason,
        not_a_notice: false,
    };
    let bytes = files::read_input(path, options.read.limits.input_bytes).map_err(
        |(reason, not_a_notice)| Unreadable {
            reason,
            not_a_notice,
        },
    )?;
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if text.trim_ascii_start().starts_with(b"{") {
        let document: Value = serde_json::from_slice(text)
            .map_err(|e| failed(format!("not a JSON document: {e}")))?;
        crate::validate::check(&document).map_err(|errors| {
            failed(format!(
                "not a fenjie JSON document: {}",
                errors.into_iter().take(3).collect::<Vec<_>>().join("; ")
            ))
        })?;
        return Side::from_document(document)
            .map_err(|e| failed(format!("not a fenjie JSON document: {e}")));
    }
    let report = crate::convert(shown, &bytes, options).map_err(|e| {
        let error = FileError::Convert(e);
        Unreadable {
            not_a_notice: error.is_not_a_notice(),
            reason: error.to_string(),
        }
    })?;
    Side::from_report(&report).map_err(|e| {
        failed(format!(
            "internal error: the report does not read back: {e}"
        ))
    })
}

/// One pair of notices of two folders and their diff.
#[derive(Debug)]
pub struct PairDiff {
    /// The old notice's path under its folder.
    pub old: String,
    /// The new notice's path under its folder.
    pub new: String,
    /// The diff.
    pub diff: Diff,
}

/// What comparing two folders found.
#[derive(Debug, Default)]
pub struct FolderDiff {
    /// The notices paired, with their diffs.
    pub pairs: Vec<PairDiff>,
    /// Notices only in the old folder.
    pub only_old: Vec<String>,
    /// Notices only in the new folder.
    pub only_new: Vec<String>,
    /// Files that should be notices but could not be read, with the reason.
    pub failed: Vec<(String, String)>,
    /// Files that are no notice (skipped).
    pub skipped: Vec<String>,
}

impl FolderDiff {
    /// True when anything differs: a pair with changes, or a notice of one folder only.
    pub fn differs(&self) -> bool {
        !self.only_old.is_empty()
            || !self.only_new.is_empty()
            || self.pairs.iter().any(|p| p.diff.summary.differs())
    }
}

/// Every notice under a folder, read, by its path under the folder (sorted).
fn read_folder(
    root: &Path,
    options: &Options,
    out_dir: Option<&Path>,
    found: &mut FolderDiff,
) -> std::io::Result<Vec<(String, Side)>> {
    let mut out = Vec::new();
    // An output folder inside an input folder holds diffs, not notices.
    let out_dir = out_dir.and_then(|d| d.canonicalize().ok());
    let skip = |p: &Path| {
        out_dir
            .as_ref()
            .is_some_and(|d| p.canonicalize().is_ok_and(|p| p.starts_with(d)))
    };
    let mut paths = files::files_under(root, &skip)?;
    paths.sort();
    for path in paths {
        let under = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .into_owned();
        let shown = path.display().to_string();
        match read(&path, &shown, options) {
            Ok(side) => out.push((under, side)),
            Err(e) if e.not_a_notice => found.skipped.push(shown),
            Err(e) => found.failed.push((shown, e.reason)),
        }
    }
    Ok(out)
}

/// Compares the notices of two folders: pairs them (see [`diff::pair_notices`]) and diffs each
/// pair. Files under `out_dir` (where the diffs go) are not read.
///
/// # Errors
///
/// When a folder cannot be listed.
pub fn folders(
    old: &Path,
    new: &Path,
    out_dir: Option<&Path>,
    options: &Options,
) -> std::io::Result<FolderDiff> {
    let mut found = FolderDiff::default();
    let mut olds = read_folder(old, options, out_dir, &mut found)?;
    let mut news = read_folder(new, options, out_dir, &mut found)?;
    let (pairs, only_old, only_new) = {
        let a: Vec<&Side> = olds.iter().map(|(_, s)| s).collect();
        let b: Vec<&Side> = news.iter().map(|(_, s)| s).collect();
        diff::pair_notices(&a, &b)
    };
    found.only_old = only_old.iter().map(|&i| olds[i].0.clone()).collect();
    found.only_new = only_new.iter().map(|&j| news[j].0.clone()).collect();
    let empty = || Side {
        key: String::new(),
        path: String::new(),
        issuer: None,
        title: None,
        year: None,
        items: Vec::new(),
    };
    for (i, j) in pairs {
        let (old_name, old_side) = std::mem::replace(&mut olds[i], (String::new(), empty()));
        let (new_name, new_side) = std::mem::replace(&mut news[j], (String::new(), empty()));
        found.pairs.push(PairDiff {
            old: old_name,
            new: new_name,
            diff: diff::diff(old_side, new_side),
        });
    }
    found.pairs.sort_by(|a, b| a.new.cmp(&b.new));
    Ok(found)
}

/// The name of a pair's diff in the output folder: the new notice's path with
/// `.diff.EXT` added.
pub fn output_name(pair: &PairDiff, format: DiffFormat) -> PathBuf {
    PathBuf::from(format!("{}.diff.{}", pair.new, format.extension()))
}

/// A line of `summary.json` per pair.
#[derive(Serialize)]
struct PairLine<'a> {
    old: &'a str,
    new: &'a str,
    status: &'static str,
    summary: Summary,
    output: Option<String>,
}

/// A file that could not be read.
#[derive(Serialize)]
struct FailedLine<'a> {
    path: &'a str,
    reason: &'a str,
}

/// `summary.json` of a folder run.
#[derive(Serialize)]
struct FolderSummary<'a> {
    old: String,
    new: String,
    pairs: Vec<PairLine<'a>>,
    only_old: &'a [String],
    only_new: &'a [String],
    failed: Vec<FailedLine<'a>>,
    skipped: &'a [String],
}

/// Writes one diff per pair into `out_dir` (each through a temporary file and a rename) and
/// `summary.json` beside them; with no folder, only renders the summary.
///
/// # Errors
///
/// When a diff or the summary cannot be written, naming the file.
pub fn write_folder(
    found: &FolderDiff,
    roots: (&Path, &Path),
    format: DiffFormat,
    out_dir: Option<&Path>,
) -> Result<Vec<u8>, String> {
    let mut lines = Vec::new();
    for pair in &found.pairs {
        let output = match out_dir {
            Some(dir) => {
                let path = dir.join(output_name(pair, format));
                let mut bytes = Vec::new();
                render(&pair.diff, format, &mut bytes)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)
                        .map_err(|e| format!("{}: cannot create: {e}", parent.display()))?;
                }
                files::write_atomically(&path, &bytes)
                    .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
                Some(path.display().to_string())
            }
            None => None,
        };
        lines.push(PairLine {
            old: &pair.old,
            new: &pair.new,
            status: if pair.diff.summary.differs() {
                "differs"
            } else {
                "same"
            },
            summary: pair.diff.summary,
            output,
        });
    }
    let summary = FolderSummary {
        old: roots.0.display().to_string(),
        new: roots.1.display().to_string(),
        pairs: lines,
        only_old: &found.only_old,
        only_new: &found.only_new,
        failed: found
            .failed
            .iter()
            .map(|(path, reason)| FailedLine { path, reason })
            .collect(),
        skipped: &found.skipped,
    };
    let mut bytes = serde_json::to_vec_pretty(&summary).map_err(|e| e.to_string())?;
    bytes.push(b'\n');
    if let Some(dir) = out_dir {
        let path = dir.join("summary.json");
        files::write_atomically(&path, &bytes)
            .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
    }
    Ok(bytes)
}

/// Renders a diff; a JSON document is checked against the diff schema first, and one that
/// fails is never written.
///
/// # Errors
///
/// When the diff violates its schema (a bug) or writing fails.
pub fn render(diff: &Diff, format: DiffFormat, out: &mut Vec<u8>) -> Result<(), String> {
    if format == DiffFormat::Json {
        let value = serde_json::to_value(diff).map_err(|e| e.to_string())?;
        crate::validate::check_diff(&value).map_err(|errors| {
            format!(
                "internal error: the diff violates its schema: {}",
                errors.join("; ")
            )
        })?;
    }
    write(diff, format, out).map_err(|e| e.to_string())
}
