//! Writing reports: a pretty JSON document, JSON Lines (one task per line), or CSV (one task
//! per row, fixed columns). Writers are buffered by the caller.

pub mod columns;
pub mod csv;
pub mod datapackage;
pub mod diff;
pub mod json;
pub mod lang;
pub mod review;
pub mod sqlite;
pub mod xlsx;

use std::io::{self, Write};

use crate::report::Report;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// One pretty-printed JSON document (the schema's shape).
    Json,
    /// JSON Lines: one task per line, each with its notice (`schemas/record.schema.json`).
    Jsonl,
    /// CSV, one row per task (or per task and unit).
    Csv,
    /// An Excel workbook (tasks, diagnostics, notice).
    Xlsx,
    /// A `SQLite` database (written through `emit::sqlite`, not as a stream).
    Sqlite,
}

impl OutputFormat {
    /// The file name extension of the format.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            OutputFormat::Json => "json",
            OutputFormat::Jsonl => "jsonl",
            OutputFormat::Csv => "csv",
            OutputFormat::Xlsx => "xlsx",
            OutputFormat::Sqlite => "sqlite",
        }
    }

    /// The format a file name's extension names (`.json`, `.jsonl`/`.ndjson`, `.csv`, `.xlsx`).
    #[must_use]
    pub fn of_path(path: &std::path::Path) -> Option<OutputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "json" => OutputFormat::Json,
            "jsonl" | "ndjson" => OutputFormat::Jsonl,
            "csv" => OutputFormat::Csv,
            "xlsx" => OutputFormat::Xlsx,
            "sqlite" | "sqlite3" | "db" => OutputFormat::Sqlite,
            _ => return None,
        })
    }
}

/// How text output is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputEncoding {
    /// UTF-8 without a byte-order mark.
    #[default]
    Utf8,
    /// UTF-8 with a byte-order mark, which Excel needs to open UTF-8 CSV correctly.
    Utf8Bom,
    /// GB18030, for older Excel installations on Chinese Windows.
    Gb18030,
}

impl OutputEncoding {
    /// The encoding's name as data packages and Python name it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            OutputEncoding::Utf8 => "utf-8",
            OutputEncoding::Utf8Bom => "utf-8-sig",
            OutputEncoding::Gb18030 => "gb18030",
        }
    }
}

/// Writes one report in the given format. UTF-8 output streams into `out` (buffer it);
/// GB18030 is encoded from the whole UTF-8 text.
///
/// # Errors
///
/// When writing to `out` fails; `-f sqlite` is refused here (a database is written by
/// `emit::sqlite`).
pub fn write<W: Write>(
    report: &Report,
    format: OutputFormat,
    encoding: OutputEncoding,
    shape: csv::Shape,
    out: &mut W,
) -> io::Result<()> {
    let utf8 = |report: &Report, format: OutputFormat, mut out: &mut dyn Write| -> io::Result<()> {
        let out = &mut out;
        match format {
            OutputFormat::Json => json::document(&lang::report(report, shape.lang), out),
            OutputFormat::Jsonl => json::lines(report, out),
            OutputFormat::Csv => csv::write(std::slice::from_ref(report), false, shape, out),
            OutputFormat::Xlsx => xlsx::write(std::slice::from_ref(report), shape.lang, out),
            OutputFormat::Sqlite => Err(io::Error::other(
                "a database is not a stream: it is written with emit::sqlite",
            )),
        }
    };
    if format == OutputFormat::Xlsx {
        // A workbook has no text encoding of its own.
        return xlsx::write(std::slice::from_ref(report), shape.lang, out);
    }
    match encoding {
        OutputEncoding::Utf8 => utf8(report, format, out),
        OutputEncoding::Utf8Bom => {
            out.write_all(b"\xEF\xBB\xBF")?;
            utf8(report, format, out)
        }
        OutputEncoding::Gb18030 => {
            let mut buffer = Vec::new();
            utf8(report, format, &mut buffer)?;
            encode(&buffer, encoding, out)
        }
    }
}

/// Re-encodes UTF-8 output. GB18030 covers all of Unicode, so nothing is ever replaced.
///
/// # Errors
///
/// When writing to `out` fails, or the text has a character GB18030 cannot encode (it encodes all
/// of Unicode, so only invalid input).
pub fn encode<W: Write>(utf8: &[u8], encoding: OutputEncoding, out: &mut W) -> io::Result<()> {
    match encoding {
        OutputEncoding::Utf8 => out.write_all(utf8),
        OutputEncoding::Utf8Bom => {
            out.write_all(b"\xEF\xBB\xBF")?;
            out.write_all(utf8)
        }
        OutputEncoding::Gb18030 => {
            let text = std::str::from_utf8(utf8)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
            let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
            if unmappable {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "a value cannot be encoded in GB18030",
                ));
            }
            out.write_all(&bytes)
        }
    }
}
