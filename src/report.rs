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
    /// Persons responsible for the item (责任领导, 牵头负责领导), as written.
    pub leaders: Vec<String>,
    pub deadline: Deadline,
    pub notes: Option<String>,
    /// Cells of columns the header vocabulary does not know, by header text.
    pub extra: BTreeMap<String, String>,
    /// Where the item's row is: `line 26`, `table 1, row 7`, `分解表!A3:D3`.
    pub source: String,
}

/// How the unit registry that applied to a notice was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChosenBy {
    /// `--units FILE`.
    Option,
    /// A bundled registry of the notice's own jurisdiction.
    Jurisdiction,
    /// A bundled registry whose document-number prefix the notice's number carries.
    DocNumber,
}

/// The unit registry that applied to a notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistryUse {
    pub name: String,
    pub jurisdiction: String,
    pub chosen_by: ChosenBy,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub source: Source,
    pub notice: Notice,
    /// The unit registry applied, or null when none covers the notice's jurisdiction (units
    /// are then kept as written or derived from the standard departments).
    pub registry: Option<RegistryUse>,
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
