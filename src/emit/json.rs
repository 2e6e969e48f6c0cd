//! JSON output: the whole report as one pretty document, or one task per line.

use std::io::{self, Write};

use crate::report::Report;

/// The report as one pretty-printed JSON document, ending in a newline.
pub fn document(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    out.write_all(b"\n")
}

/// One task per line (JSON Lines).
pub fn lines(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for task in &report.tasks {
        serde_json::to_writer(&mut *out, task)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
