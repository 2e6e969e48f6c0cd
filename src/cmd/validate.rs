//! `fenjie validate`: JSON documents and JSON Lines files against the schemas.

use std::path::PathBuf;

use super::read_stdin;
use crate::cli::Failure;
use fenjie::files;

#[allow(
    clippy::unnecessary_wraps,
    reason = "every command returns Result<u8, Failure> so main handles them alike"
)]
pub(crate) fn run(files: &[PathBuf]) -> Result<u8, Failure> {
    let mut code = 0;
    for path in files {
        let shown = path.display();
        let limit = fenjie::Limits::default().input_bytes;
        let bytes = if path.as_os_str() == "-" {
            read_stdin(limit).map_err(|f| f.message)
        } else {
            files::read_input(path, limit).map_err(|(reason, _)| reason)
        };
        let lines = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"));
        let result = bytes.and_then(|bytes| validate_bytes(&bytes, lines));
        match result {
            Ok(()) => println!("{shown}: valid"),
            Err(message) => {
                say!("fenjie: {shown}: {message}");
                code = 1;
            }
        }
    }
    Ok(code)
}

/// A JSON document against the notice schema, or JSON Lines (named `.jsonl`, or text that is
/// not one JSON value) line by line against the record schema.
fn validate_bytes(bytes: &[u8], lines: bool) -> Result<(), String> {
    if !lines && let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) {
        // One JSON Lines record alone is one JSON value too.
        return if value.get("task").is_some() && value.get("tasks").is_none() {
            fenjie::validate::check_record(&value)
        } else {
            fenjie::validate::check(&value)
        }
        .map_err(|errors| errors.join("; "));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8 text: {e}"))?;
    let mut found = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let checked = serde_json::from_str::<serde_json::Value>(line)
            .map_err(|e| vec![format!("not JSON: {e}")])
            .and_then(|value| fenjie::validate::check_record(&value));
        if let Err(errors) = checked {
            found.extend(errors.into_iter().map(|e| format!("line {}: {e}", i + 1)));
        }
    }
    if found.is_empty() {
        Ok(())
    } else {
        Err(found.join("; "))
    }
}
