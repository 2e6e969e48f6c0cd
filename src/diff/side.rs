//! One notice as the diff reads it from its JSON document: its items, and what each item's
//! deadline means relative to the notice's year.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One notice as the diff sees it: what names it, and its items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Side {
    /// The notice key: SHA-256 of the input bytes, as the database keys notices.
    pub key: String,
    /// The input path as given.
    pub path: String,
    /// The issuing office (发文机关).
    pub issuer: Option<String>,
    /// The notice's title.
    pub title: Option<String>,
    /// The year the notice's tasks belong to.
    pub year: Option<i16>,
    /// The work items, in document order.
    pub items: Vec<Item>,
}

/// The parts of a notice's JSON document the diff reads.
#[derive(Deserialize)]
pub(super) struct Document {
    pub(super) source: DocumentSource,
    pub(super) notice: DocumentNotice,
    pub(super) tasks: Vec<Item>,
}

#[derive(Deserialize)]
pub(super) struct DocumentSource {
    pub(super) path: String,
    pub(super) sha256: String,
}

#[derive(Deserialize)]
pub(super) struct DocumentNotice {
    pub(super) issuer: Option<String>,
    pub(super) title: Option<String>,
    pub(super) year: Option<i16>,
}

impl Side {
    /// The side of a notice's JSON document (the schema's shape; other fields are ignored).
    ///
    /// # Errors
    ///
    /// When the document lacks a field the diff reads, or holds it in another type.
    pub fn from_document(document: Value) -> Result<Side, serde_json::Error> {
        let document: Document = serde_json::from_value(document)?;
        Ok(Side {
            key: document.source.sha256,
            path: document.source.path,
            issuer: document.notice.issuer,
            title: document.notice.title,
            year: document.notice.year,
            items: document.tasks,
        })
    }

    /// The side of a converted report, read through the JSON document it serialises to, so a
    /// report and its JSON file compare alike.
    ///
    /// # Errors
    ///
    /// Only if the report does not serialise to the schema's shape (a bug).
    pub fn from_report(report: &crate::report::Report) -> Result<Side, serde_json::Error> {
        Side::from_document(serde_json::to_value(report)?)
    }
}

/// A work item as the diff reads it from the JSON document.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Item {
    /// 1-based position in its notice.
    pub seq: u32,
    /// The printed item number.
    pub number: Option<u32>,
    /// The section heading.
    pub section: Option<Heading>,
    /// The subsection heading.
    pub subsection: Option<Heading>,
    /// The task (工作任务).
    pub task: Option<String>,
    /// The requirement (工作要求).
    pub requirement: String,
    /// The responsible units.
    pub responsible: Responsible,
    /// Persons responsible.
    pub leaders: Vec<String>,
    /// The deadline.
    pub deadline: Deadline,
    /// Where the item stands in its document.
    pub source: String,
}

/// A heading as the JSON document holds it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Heading {
    /// The ordinal printed or inferred.
    pub ordinal: u32,
    /// The heading's text.
    pub title: Option<String>,
}

/// The units of an item.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Responsible {
    /// The units in the order written.
    pub units: Vec<Unit>,
}

/// A unit with its role, as the JSON document spells them (`lead`, `cooperate`, `responsible`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
pub struct Unit {
    /// The unit's name (canonical where a registry knows it).
    pub name: String,
    /// Its role in the item.
    pub role: String,
}

/// A deadline as the JSON document holds it; kinds and periods in their JSON spelling.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct Deadline {
    /// As written.
    pub raw: Option<String>,
    /// `ongoing`, `due`, `recurring`, `as_required`, `unknown`.
    pub kind: String,
    /// For `due`: the ISO date.
    pub date: Option<String>,
    /// For `recurring`: how often.
    pub period: Option<String>,
    /// An ongoing phrase beside a due date.
    pub ongoing: bool,
}

impl Item {
    /// The headings the item stands under, as one text (`持续推进行政决策公开 / 完善制度`): the
    /// titles, or `section 2` for a heading without one, so renumbered sections stay the same.
    pub fn place(&self) -> Option<String> {
        let show = |h: &Heading| {
            h.title
                .clone()
                .unwrap_or_else(|| format!("section {}", h.ordinal))
        };
        match (&self.section, &self.subsection) {
            (None, None) => None,
            (Some(s), None) => Some(show(s)),
            (None, Some(sub)) => Some(show(sub)),
            (Some(s), Some(sub)) => Some(format!("{} / {}", show(s), show(sub))),
        }
    }

    /// Task and requirement, the text items are matched by.
    pub fn text(&self) -> String {
        match &self.task {
            Some(task) => format!("{task}\n{}", self.requirement),
            None => self.requirement.clone(),
        }
    }

    /// The units sorted by name, so the order they are written in is no change.
    pub(super) fn units_sorted(&self) -> Vec<Unit> {
        let mut units = self.responsible.units.clone();
        units.sort();
        units.dedup();
        units
    }
}

/// How deadlines of the two notices are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Deadlines {
    /// As dates: the notices are of one year (or a year is unknown).
    Absolute,
    /// Relative to each notice's year: `10月底前` in 2022 and in 2023 is the same deadline.
    Relative,
}

/// What a deadline means, for comparing: its kind, its date (relative to the notice's year
/// when the notices are of different years), its period and whether it is also ongoing; the
/// raw text only where nothing else was understood.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Meaning {
    pub(super) kind: String,
    pub(super) date: Option<String>,
    pub(super) period: Option<String>,
    pub(super) ongoing: bool,
    pub(super) unparsed: Option<String>,
}

pub(super) fn meaning(d: &Deadline, year: Option<i16>, deadlines: Deadlines) -> Meaning {
    let date = d.date.as_ref().map(|date| match (deadlines, year) {
        (Deadlines::Relative, Some(year)) => {
            // An ISO date: the year before the first '-', month and day after it.
            let (y, rest) = date.split_once('-').unwrap_or((date, ""));
            match y.parse::<i32>() {
                Ok(y) => format!("{:+}-{rest}", y - i32::from(year)),
                Err(_) => date.clone(),
            }
        }
        _ => date.clone(),
    });
    Meaning {
        kind: d.kind.clone(),
        date,
        period: d.period.clone(),
        ongoing: d.ongoing,
        unparsed: (d.kind == "unknown").then(|| d.raw.clone()).flatten(),
    }
}

/// An item reduced to what the diff compares; two items with equal facets are the same.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Facets {
    pub(super) task: Option<String>,
    pub(super) requirement: String,
    pub(super) place: Option<String>,
    pub(super) units: Vec<Unit>,
    pub(super) leaders: Vec<String>,
    pub(super) deadline: Meaning,
}

impl Facets {
    pub(super) fn of(item: &Item, year: Option<i16>, deadlines: Deadlines) -> Facets {
        Facets {
            task: item.task.clone(),
            requirement: item.requirement.clone(),
            place: item.place(),
            units: item.units_sorted(),
            leaders: item.leaders.clone(),
            deadline: meaning(&item.deadline, year, deadlines),
        }
    }
}
