//! CSV output: one task per row under fixed, documented columns (README.md, CSV columns).
//! Lists are joined with `、`; `extra` is a JSON object.

use std::io::{self, Write};

use crate::normalize::deadline::{Kind, Period};
use crate::normalize::units::Role;
use crate::report::{Report, Task};

/// The columns, in order. With `with_notice`, `notice_path` and `notice_title` come first.
pub const COLUMNS: &[&str] = &[
    "seq",
    "number",
    "number_inferred",
    "section_ordinal",
    "section_title",
    "subsection_ordinal",
    "subsection_title",
    "task",
    "requirement",
    "units",
    "lead_units",
    "cooperating_units",
    "responsible_units",
    "unknown_units",
    "units_raw",
    "deadline_raw",
    "deadline_kind",
    "deadline_date",
    "deadline_period",
    "deadline_ongoing",
    "notes",
    "extra",
    "source",
];

/// The separator of list values inside one CSV field.
pub const LIST_SEPARATOR: &str = "、";

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Ongoing => "ongoing",
        Kind::Due => "due",
        Kind::Recurring => "recurring",
        Kind::AsRequired => "as_required",
        Kind::Unknown => "unknown",
    }
}

fn period_name(period: Period) -> &'static str {
    match period {
        Period::Daily => "daily",
        Period::Weekly => "weekly",
        Period::Monthly => "monthly",
        Period::Quarterly => "quarterly",
        Period::HalfYearly => "half_yearly",
        Period::Yearly => "yearly",
        Period::Regular => "regular",
    }
}

fn names(task: &Task, keep: impl Fn(&crate::normalize::units::Unit) -> bool) -> String {
    task.responsible
        .units
        .iter()
        .filter(|u| keep(u))
        .map(|u| u.name.as_str())
        .collect::<Vec<_>>()
        .join(LIST_SEPARATOR)
}

/// The fields of one task, in [`COLUMNS`] order.
pub fn row(task: &Task) -> Vec<String> {
    let opt = |v: Option<String>| v.unwrap_or_default();
    vec![
        task.seq.to_string(),
        opt(task.number.map(|n| n.to_string())),
        task.number_inferred.to_string(),
        opt(task.section.as_ref().map(|s| s.ordinal.to_string())),
        opt(task.section.as_ref().and_then(|s| s.title.clone())),
        opt(task.subsection.as_ref().map(|s| s.ordinal.to_string())),
        opt(task.subsection.as_ref().and_then(|s| s.title.clone())),
        opt(task.task.clone()),
        task.requirement.clone(),
        names(task, |_| true),
        names(task, |u| u.role == Role::Lead),
        names(task, |u| u.role == Role::Cooperate),
        names(task, |u| u.role == Role::Responsible),
        names(task, |u| !u.known),
        task.responsible.raw.clone(),
        opt(task.deadline.raw.clone()),
        kind_name(task.deadline.kind).to_string(),
        opt(task.deadline.date.map(|d| d.to_string())),
        opt(task.deadline.period.map(|p| period_name(p).to_string())),
        task.deadline.ongoing.to_string(),
        opt(task.notes.clone()),
        if task.extra.is_empty() {
            String::new()
        } else {
            serde_json::to_string(&task.extra).unwrap_or_default()
        },
        task.source.clone(),
    ]
}

/// Writes the tasks of one or more reports. `with_notice` adds the notice's path and title to
/// each row (for combined output).
pub fn write<W: Write>(reports: &[Report], with_notice: bool, out: &mut W) -> io::Result<()> {
    let mut writer = ::csv::WriterBuilder::new().from_writer(out);
    let mut header: Vec<&str> = Vec::new();
    if with_notice {
        header.extend(["notice_path", "notice_title"]);
    }
    header.extend(COLUMNS);
    writer.write_record(&header)?;
    for report in reports {
        let title = report
            .notice
            .title
            .clone()
            .or_else(|| report.notice.attachment_title.clone())
            .unwrap_or_default();
        for task in &report.tasks {
            let mut fields = Vec::with_capacity(header.len());
            if with_notice {
                fields.push(report.source.path.clone());
                fields.push(title.clone());
            }
            fields.extend(row(task));
            writer.write_record(&fields)?;
        }
    }
    writer.flush()
}
