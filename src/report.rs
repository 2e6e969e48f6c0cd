//! What a conversion returns: the notice, its normalised tasks and the diagnostics. This is the
//! JSON document described by `schemas/notice.schema.json`.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::ingest::Format;
use crate::notice::Notice;
pub use crate::syntax::deadline::Period;
pub use crate::syntax::units::Role;
use crate::syntax::units::{Mention, is_group};

/// The version of the output contract: the JSON document, the JSON Lines record, the CSV
/// columns and the database tables. The minor number grows when fields are added, the major one
/// when a field changes meaning or goes away (CHANGELOG.md).
pub const SCHEMA_VERSION: &str = "1.0";

/// The key of a notice, which survives re-saving it and converting it from another format: its
/// document number (`doc:厦湖府办函〔2022〕80号`, white space dropped and the year's brackets
/// written `〔〕`); else its issuer, title and year (`title:ISSUER|TITLE|YEAR`, when it has a
/// title and a year); else the SHA-256 of its bytes (`sha256:…`).
#[must_use]
pub fn notice_key(notice: &Notice, sha256: &str) -> String {
    let squeeze = |s: &str| s.split_whitespace().collect::<String>();
    if let Some(number) = notice.doc_number.as_deref().map(squeeze)
        && !number.is_empty()
    {
        return format!("doc:{}", year_brackets(&number));
    }
    let title = notice.title.as_ref().or(notice.attachment_title.as_ref());
    if let (Some(title), Some(year)) = (title, notice.year) {
        let issuer = notice.issuer.as_deref().map(squeeze).unwrap_or_default();
        return format!("title:{issuer}|{}|{year}", squeeze(title));
    }
    format!("sha256:{sha256}")
}

/// `厦湖府办函[2022]80号`, `（2022）`, `【2022】` → `厦湖府办函〔2022〕80号`.
fn year_brackets(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    let mut out = String::with_capacity(number.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let year = chars.get(i + 1..i + 5);
        let close = chars.get(i + 5).copied();
        if matches!(c, '[' | '［' | '【' | '(' | '（' | '〔')
            && year.is_some_and(|y| y.iter().all(char::is_ascii_digit))
            && matches!(close, Some(']' | '］' | '】' | ')' | '）' | '〕'))
        {
            out.push('〔');
            out.extend(&chars[i + 1..i + 5]);
            out.push('〕');
            i += 6;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The SHA-256 of an input's bytes, in hex, as `source.sha256` gives it: what the database and
/// `batch --incremental` know a file's content by.
#[must_use]
pub fn sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    use std::fmt::Write as _;
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        })
}

/// The stable id of a task: the first 16 hex digits of the SHA-256 of the notice key and the
/// item's place in the notice (its `seq`), so that the same item of the same notice has the same
/// id on every run, from every format the notice is saved in.
#[must_use]
pub fn task_id(notice_key: &str, seq: u32) -> String {
    use sha2::{Digest, Sha256};
    use std::fmt::Write as _;
    let digest = Sha256::digest(format!("{notice_key}\n{seq}").as_bytes());
    digest[..8]
        .iter()
        .fold(String::with_capacity(16), |mut hex, b| {
            let _ = write!(hex, "{b:02x}");
            hex
        })
}

/// The input a report was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The path as given on the command line.
    pub path: String,
    /// How the input was read.
    pub format: Format,
    /// SHA-256 of the input bytes, in hex.
    pub sha256: String,
    /// The pages read by OCR (a scanned PDF, an image): their text is the engine's reading.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ocr: Option<crate::ingest::ocr::Summary>,
}

/// A section or subsection heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Heading {
    /// The ordinal printed (`二` → 2; inferred for an unnumbered heading).
    pub ordinal: u32,
    /// The heading's text after its ordinal; None for a bare ordinal.
    pub title: Option<String>,
}

/// The responsible-units cell(s) of an item, raw and resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Responsible {
    /// The cell as written (cells of separate 牵头/配合 columns joined with `；`).
    pub raw: String,
    /// The units read from the cell, in the order written.
    pub units: Vec<Unit>,
}

/// One work item, normalised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Task {
    /// A stable identity: the same for the same item of the same notice on every run and after
    /// the notice is re-saved ([`task_id`]).
    pub id: String,
    /// 1-based position in the document.
    pub seq: u32,
    /// The item number printed in the notice (or inferred, see `number_inferred`).
    pub number: Option<u32>,
    /// True when `number` was inferred from the sequence rather than printed.
    pub number_inferred: bool,
    /// The section heading (`一、…`) the item stands under.
    pub section: Option<Heading>,
    /// The subsection heading (`（一）…`) the item stands under.
    pub subsection: Option<Heading>,
    /// The task (工作任务) the item belongs to, cleaned.
    pub task: Option<String>,
    /// What is to be done (工作要求), cleaned.
    pub requirement: String,
    /// The responsible units (责任单位), as written and resolved.
    pub responsible: Responsible,
    /// Persons responsible for the item (责任领导, 牵头负责领导), as written.
    pub leaders: Vec<String>,
    /// The deadline (时限), as written and resolved.
    pub deadline: Deadline,
    /// Remarks (备注).
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
    /// The registry's name.
    pub name: String,
    /// The jurisdiction it covers.
    pub jurisdiction: String,
    /// How it was chosen.
    pub chosen_by: ChosenBy,
}

/// What a conversion returns: the notice, its work items and what was found while reading it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The version of the output contract ([`SCHEMA_VERSION`]).
    pub schema_version: &'static str,
    /// A key of the notice that survives re-saving it ([`notice_key`]).
    pub key: String,
    /// The input.
    pub source: Source,
    /// The notice's own metadata: title, issuer, number, jurisdiction, year.
    pub notice: Notice,
    /// The unit registry applied, or null when none covers the notice's jurisdiction (units
    /// are then kept as written or derived from the standard departments).
    pub registry: Option<RegistryUse>,
    /// The work items, in document order.
    pub tasks: Vec<Task>,
    /// Findings about the input, in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// How many diagnostics of each severity.
    #[must_use]
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// Whether a unit names one body or a group of them (`各街道办事处`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    /// One body (a bureau, an office, a street).
    Unit,
    /// Several bodies named together (`各街道办事处`, `区直各部门`).
    Group,
}

impl Unit {
    /// A unit kept as the notice writes it (white space inside the name dropped); a group when
    /// its name says so (`各街道办`, `区直各部门`).
    #[must_use]
    pub fn as_written(mention: &Mention) -> Unit {
        Unit {
            raw: mention.raw.clone(),
            name: mention.raw.split_whitespace().collect(),
            kind: if mention.shares_group || is_group(&mention.raw) {
                UnitKind::Group
            } else {
                UnitKind::Unit
            },
            role: mention.role,
            known: false,
            origin: Origin::AsWritten,
            group: None,
        }
    }
}

/// Where a unit's output name comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The unit registry of the notice's jurisdiction.
    Registry,
    /// The standard departments of the notice's level of government, named after its place.
    Template,
    /// Kept as the notice writes it.
    AsWritten,
}

/// A unit as output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    /// As written in the cell.
    pub raw: String,
    /// The canonical name, or the cleaned text when the unit is unknown.
    pub name: String,
    /// One body or a group.
    pub kind: UnitKind,
    /// Lead, cooperating or responsible.
    pub role: Role,
    /// Listed in the registry that applies to the notice.
    pub known: bool,
    /// Where `name` comes from.
    pub origin: Origin,
    /// With `--expand-groups`: the group this unit was expanded from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// The kind of a deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// Never done: 持续推进, 长期坚持.
    Ongoing,
    /// Due by a date.
    Due,
    /// Repeats: 每月, 每季度.
    Recurring,
    /// When required: 按要求, 及时.
    AsRequired,
    /// No deadline, or one outside the grammar (kept in `raw`).
    Unknown,
}

/// A deadline: the cell as written and what it resolved to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// The cell's text as written; None when the table has no deadline column or the cell is empty.
    pub raw: Option<String>,
    /// What kind of deadline it is.
    pub kind: DeadlineKind,
    /// For `due`: the date (the latest, when several are named).
    #[serde(serialize_with = "serialize_date")]
    pub date: Option<Date>,
    /// For `recurring`: how often.
    pub period: Option<Period>,
    /// True when the work never ends: every `ongoing` deadline, and a due date or period with an
    /// ongoing phrase beside it (`6月底前完成，长期坚持`).
    pub ongoing: bool,
}

fn serialize_date<S: serde::Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}

impl Deadline {
    /// No deadline column, or an empty cell.
    #[must_use]
    pub fn none() -> Deadline {
        Deadline {
            raw: None,
            kind: DeadlineKind::Unknown,
            date: None,
            period: None,
            ongoing: false,
        }
    }
}

/// The spelling serde gives a unit variant (`as_required`, `half_yearly`, `lead`): JSON, CSV,
/// the database and the data package all write this one.
pub fn spelling<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

impl DeadlineKind {
    /// Every kind, in the schema's order.
    pub const ALL: [DeadlineKind; 5] = [
        DeadlineKind::Ongoing,
        DeadlineKind::Due,
        DeadlineKind::Recurring,
        DeadlineKind::AsRequired,
        DeadlineKind::Unknown,
    ];
}
