//! Splitting a task table into work items: table rows in, [`RawRecord`]s out. Sections and
//! subsections are tracked wherever their headings stand, merged task cells carry down, item
//! numbers are read (and, where the sequence makes them certain, inferred), and cells holding
//! several numbered items become several records. Text stays raw here; `normalize` cleans it.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::grid::{Location, Value};
use crate::layout::TaskTable;
use crate::syntax::units::RoleHint;
use checks::{check_accounted, infer_numbers, report_missing_sections};
pub use inline::{Segment, segments};
use table::split_table;

mod cells;
mod checks;
mod inline;
pub mod list;
mod state;
mod table;

/// A section or subsection heading as the table printed it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HeadingRef {
    pub ordinal: u32,
    /// Raw title text; None when the heading was a bare ordinal.
    pub title: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnitCell {
    pub text: String,
    pub hint: RoleHint,
    pub location: Location,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DeadlineCell {
    pub value: Value,
    pub location: Location,
}

/// One work item as the table wrote it: raw text, not yet normalised.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRecord {
    pub number: Option<u32>,
    pub number_inferred: bool,
    pub section: Option<HeadingRef>,
    pub subsection: Option<HeadingRef>,
    pub task: Option<String>,
    pub requirement: String,
    pub units: Vec<UnitCell>,
    /// Persons responsible (责任领导), as written; one entry per cell or label line.
    pub leaders: Vec<String>,
    pub deadline: Option<DeadlineCell>,
    pub notes: Option<String>,
    pub extra: BTreeMap<String, String>,
    pub source: Location,
}

/// Records of a document, with what was found while splitting.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    pub records: Vec<RawRecord>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Splits every task table of a document into records.
#[must_use]
pub fn split(tables: &[TaskTable]) -> Split {
    let mut out = Split {
        records: Vec::new(),
        diagnostics: Vec::new(),
    };
    for table in tables {
        // One mark per slot of the table, by slot id.
        let mut accounted = vec![false; table.slots];
        split_table(table, &mut out, &mut accounted);
        check_accounted(table, &accounted, &mut out.diagnostics);
    }
    infer_numbers(&mut out);
    report_missing_sections(&mut out);
    out
}

#[cfg(test)]
mod tests;
