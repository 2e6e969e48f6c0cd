//! One input of a batch: read, converted, checked and written, and what became of it.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::incremental::Known;
use super::inputs::{Input, is_own_file, output_of};
use super::{FileSummary, Plan, Status};
use crate::files::{self, WriteError};
use crate::jurisdiction::{Jurisdiction, Source};
use crate::{Code, Diagnostic, Options, Report, Severity};

/// What became of one input, and its report while the database or the combined file need it.
pub(super) struct Converted {
    pub(super) summary: FileSummary,
    pub(super) report: Option<Report>,
}

/// Converts one input and writes its output (and data package); a failure is said in its
/// summary, never an error of the run. With `known` (`--incremental`), an input whose bytes an
/// earlier run converted is listed as unchanged instead.
pub(super) fn convert(
    input: &Input,
    plan: &Plan,
    options: &Options,
    known: Option<&Known>,
) -> Converted {
    let started = Instant::now();
    let mut summary = FileSummary::of(input.path.display().to_string());
    if let Some(known) = known
        && let Some(summary) = unchanged(input, plan, options, known, &summary.input)
    {
        return Converted {
            summary,
            report: None,
        };
    }
    let report = match read(input, &summary.input, options) {
        Ok(report) => write(report, input, plan, &mut summary),
        Err((skip, reason)) => {
            summary.status = if skip {
                Status::Skipped
            } else {
                Status::Failed
            };
            summary.reason = Some(reason);
            remove_stale(input, plan, &mut summary);
            None
        }
    };
    summary.millis = started.elapsed().as_millis() as u64;
    Converted { summary, report }
}

/// The summary of an input whose bytes `known` says an earlier run converted, its output still
/// in place; `None` when it is to be converted.
fn unchanged(
    input: &Input,
    plan: &Plan,
    options: &Options,
    known: &Known,
    shown: &str,
) -> Option<FileSummary> {
    let bytes = files::read_input(&input.path, options.read.limits.input_bytes).ok()?;
    let sha256 = crate::report::sha256(&bytes);
    let output = output_of(input, plan);
    let earlier = known.unchanged(shown, &sha256, &output)?;
    let mut summary = FileSummary::of(shown.to_string());
    summary.status = Status::Unchanged;
    summary.output = Some(output.display().to_string());
    summary.sha256 = Some(sha256);
    summary.earlier = earlier.earlier.map(|mut entry| {
        entry["status"] = serde_json::json!("unchanged");
        entry["millis"] = serde_json::json!(0);
        entry
    });
    Some(summary)
}

/// Reads and converts an input; the error says whether it is rather skipped than failed.
fn read(input: &Input, shown: &str, options: &Options) -> Result<Report, (bool, String)> {
    if is_own_file(&input.path) {
        return Err((
            true,
            "a file fenjie writes (a lock or a temporary file), not a notice".to_string(),
        ));
    }
    files::convert_file(&input.path, shown, options)
        .map(|(_, report)| with_sibling_jurisdiction(report, &input.path, shown, options))
        .map_err(|e| (e.is_not_a_notice(), e.to_string()))
}

/// A notice that names no jurisdiction (a bare workbook sent as an attachment) is converted
/// again in the jurisdiction of its sibling, the file of the same name beside it (`n.docx`
/// beside `n.xlsx`) whose notice names one, as `--jurisdiction` would give it; a diagnostic
/// says so. `--jurisdiction` itself comes first.
fn with_sibling_jurisdiction(
    report: Report,
    path: &Path,
    shown: &str,
    options: &Options,
) -> Report {
    if report.notice.jurisdiction.is_some() || options.jurisdiction.is_some() {
        return report;
    }
    let Some((sibling, jurisdiction)) = sibling_jurisdiction(path, options) else {
        return report;
    };
    let name = jurisdiction.name.clone();
    let given = Options {
        jurisdiction: Some(Jurisdiction {
            source: Source::Option,
            ..jurisdiction
        }),
        ..options.clone()
    };
    let Ok((_, mut again)) = files::convert_file(path, shown, &given) else {
        return report;
    };
    let file = sibling.file_name().map_or_else(
        || sibling.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    again.diagnostics.push(Diagnostic::info(
        Code::JurisdictionFromSibling,
        None,
        format!(
            "the notice names no jurisdiction: {name} is taken from {file}, the file of the same name beside it"
        ),
    ));
    again
}

/// The first file beside `path` with its name but another extension (in name order) whose
/// notice names its jurisdiction, and that jurisdiction.
fn sibling_jurisdiction(path: &Path, options: &Options) -> Option<(PathBuf, Jurisdiction)> {
    let stem = path.file_stem()?;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut siblings: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|p| {
            p.file_stem() == Some(stem)
                && p.file_name() != path.file_name()
                && p.is_file()
                && !is_own_file(p)
        })
        .collect();
    siblings.sort();
    siblings.into_iter().find_map(|sibling| {
        let shown = sibling.display().to_string();
        let (_, report) = files::convert_file(&sibling, &shown, options).ok()?;
        let jurisdiction = report.notice.jurisdiction?;
        (jurisdiction.source != Source::Option).then_some((sibling, jurisdiction))
    })
}

/// Writes a converted notice's output (and its data package) and fills in its summary; the
/// report is returned unless it violates the schema.
fn write(report: Report, input: &Input, plan: &Plan, summary: &mut FileSummary) -> Option<Report> {
    let path = output_of(input, plan);
    let output = files::Output {
        format: plan.format,
        encoding: plan.encoding,
        shape: plan.csv,
        datapackage: plan.datapackage,
    };
    let failure = match files::write_report(&report, &path, &output) {
        Ok(()) => None,
        Err(WriteError::Violation(v)) => {
            summary.reason = Some(v.to_string());
            remove_stale(input, plan, summary);
            return None;
        }
        Err(WriteError::Write(e)) => Some(format!("{}: cannot write: {e}", path.display())),
        Err(WriteError::DataPackage(e)) => {
            // A CSV without its data package is not a complete output: it goes too.
            let _ = std::fs::remove_file(&path);
            Some(format!(
                "{}: cannot write its data package: {e}; the CSV was removed",
                path.display()
            ))
        }
    };
    summary.status = Status::Converted;
    summary.output = Some(path.display().to_string());
    summary.format = Some(report.source.format);
    summary.sha256 = Some(report.source.sha256.clone());
    summary.tasks = report.tasks.len();
    summary.errors = report.count(Severity::Error);
    summary.warnings = report.count(Severity::Warning);
    summary.infos = report.count(Severity::Info);
    summary.diagnostics.clone_from(&report.diagnostics);
    if let Some(reason) = failure {
        summary.status = Status::Failed;
        summary.reason = Some(reason);
    }
    Some(report)
}

/// An output an earlier run wrote for an input that failed now would stand beside a summary
/// that says the input failed: it is removed, so what is in the folder is what the summary says.
fn remove_stale(input: &Input, plan: &Plan, summary: &mut FileSummary) {
    let stale = output_of(input, plan);
    if stale.is_file() && std::fs::remove_file(&stale).is_ok() {
        let reason = summary.reason.take().unwrap_or_default();
        summary.reason = Some(format!(
            "{reason} (the output of an earlier run, {}, was removed)",
            stale.display()
        ));
    }
}
