//! What a conversion returns: the notice, its normalised tasks and the diagnostics. This is the
//! JSON document described by `schemas/notice.schema.json`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::ingest::Format;
use crate::normalize::deadline::Deadline;
use crate::normalize::units::Unit;
use crate::notice::Notice;

/// The input a report was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The path as given on the command line.
    pub path: String,
    pub format: Format,
    /// SHA-256 of the input bytes, in hex.
    pub sha256: String,
}

/// A section or subsection heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    pub ordinal: u32,
    pub title: Option<String>,
}

/// The responsible-units cell(s) of an item, raw and resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Responsible {
    /// The cell as written (cells of separate 牵头/配合 columns joined with `；`).
    pub raw: String,
    pub units: Vec<Unit>,
}

/// One work item, normalised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Task {
    /// 1-based position in the document.
    pub seq: u32,
    /// The item number printed in the notice (or inferred, see `number_inferred`).
    pub number: Option<u32>,
    pub number_inferred: bool,
    pub section: Option<Heading>,
    pub subsection: Option<Heading>,
    pub task: Option<String>,
    pub requirement: String,
    pub responsible: Responsible,
    pub deadline: Deadline,
    pub notes: Option<String>,
    /// Cells of columns the header vocabulary does not know, by header text.
    pub extra: BTreeMap<String, String>,
    /// Where the item's row is: `line 26`, `table 1, row 7`, `分解表!A3:D3`.
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub source: Source,
    pub notice: Notice,
    pub tasks: Vec<Task>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// How many diagnostics of each severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}
