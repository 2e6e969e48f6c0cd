//! JSON output: the whole report as one pretty document, or one task per line.

use std::io::{self, Write};

use crate::report::Report;

/// The report as one pretty-printed JSON document, ending in a newline.
///
/// # Errors
///
/// When writing to `out` fails.
pub fn document<W: Write>(report: &Report, out: &mut W) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    out.write_all(b"\n")
}

/// One task per line (JSON Lines), each a record with the contract's version and the notice it
/// came from (`schemas/record.schema.json`):
/// `{"schema_version", "notice": {"key", "path", "sha256", "title", "doc_number", "year"}, "task": {…}}`.
///
/// # Errors
///
/// When writing to `out` fails.
pub fn lines<W: Write>(report: &Report, out: &mut W) -> io::Result<()> {
    let notice = serde_json::json!({
        "key": report.key,
        "path": report.source.path,
        "sha256": report.source.sha256,
        "title": report.notice.title.as_ref().or(report.notice.attachment_title.as_ref()),
        "doc_number": report.notice.doc_number,
        "year": report.notice.year,
    });
    for task in &report.tasks {
        serde_json::to_writer(
            &mut *out,
            &serde_json::json!({
                "schema_version": report.schema_version,
                "notice": notice,
                "task": task,
            }),
        )?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
