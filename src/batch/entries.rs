//! `summary.json`: the run's counts, then one entry per input, written as the files finish so
//! that memory does not grow with their number.

use std::io::Write;
use std::path::Path;

use super::{FileSummary, Summary};
use crate::files::{temporary_for, write_atomically_with};

/// The `files` of `summary.json`, written to a temporary file as each input finishes, then
/// placed after the counts.
pub(super) struct Entries {
    file: std::io::BufWriter<tempfile::NamedTempFile>,
    count: usize,
}

impl Entries {
    pub(super) fn new(dir: &Path) -> Result<Entries, String> {
        let cannot = |e: std::io::Error| format!("{}: cannot write: {e}", dir.display());
        let file = temporary_for(&dir.join("summary.json.files"), dir).map_err(cannot)?;
        Ok(Entries {
            file: std::io::BufWriter::new(file),
            count: 0,
        })
    }

    /// Appends one entry, pretty-printed and indented as an element of `files`.
    pub(super) fn push(&mut self, entry: &FileSummary) -> Result<(), String> {
        let text = match &entry.earlier {
            Some(earlier) => serde_json::to_string_pretty(earlier),
            None => serde_json::to_string_pretty(entry),
        }
        .map_err(|e| e.to_string())?;
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
    pub(super) fn finish(self, summary: &Summary, path: &Path) -> Result<(), String> {
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
