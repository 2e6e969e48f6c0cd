//! `fenjie schema`: the published JSON Schemas.

use super::print_stdout;
use crate::cli::{Failure, fail};

/// `fenjie schema [--record | --diff]`: the schema of the JSON document, of one JSON Lines
/// record, or of the diff document.
pub(crate) fn run(diff: bool, record: bool) -> Result<u8, Failure> {
    if record {
        let text = serde_json::to_string_pretty(&fenjie::validate::record_schema())
            .map_err(|e| fail(2, e.to_string()))?;
        print_stdout(format!("{text}\n").as_bytes())?;
    } else if diff {
        print_stdout(fenjie::validate::DIFF_SCHEMA.as_bytes())?;
    } else {
        print_stdout(fenjie::validate::SCHEMA.as_bytes())?;
    }
    Ok(0)
}
