//! A batch's combined file (`--combined FILE` or `-`): every task of every notice in one CSV,
//! JSON Lines file or workbook.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::Plan;
use crate::emit::{self, OutputEncoding, OutputFormat};
use crate::files::{temporary_for, write_atomically_with, write_datapackage};
use crate::report::Report;

/// The combined output of a batch (`--combined FILE` or `-`): CSV and JSON Lines stream to a
/// temporary file beside FILE chunk by chunk, so memory does not grow with the number of
/// notices; a workbook is written at the end from every report (a workbook cannot stream);
/// standard output gets the whole text at the end.
pub(super) struct Combined {
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
    pub(super) fn open(plan: &Plan) -> Result<Option<Combined>, String> {
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

    pub(super) fn add(&mut self, report: &Report, shape: emit::csv::Shape) -> Result<(), String> {
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
    pub(super) fn given_up(&self, why: &str) -> String {
        format!(
            "{}: {why}; the combined file was not written",
            self.path.display()
        )
    }

    pub(super) fn drain(&mut self) -> Result<(), String> {
        if let Some((out, started)) = self.sink.as_mut() {
            drain_combined(&mut self.buffer, out, started, self.encoding)
                .map_err(|e| format!("cannot write the combined file: {e}"))?;
        }
        Ok(())
    }

    /// Puts the file in its place (and its data package beside it); returns the text for
    /// standard output with `--combined -`.
    pub(super) fn finish(mut self, plan: &Plan) -> Result<Option<Vec<u8>>, String> {
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
