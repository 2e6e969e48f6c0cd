//! CSV output: one task per row under fixed, documented columns (README.md, CSV columns).
//! Lists are joined with `、`; `extra` is a JSON object.

use std::io::{self, Write};

use crate::normalize::units::Role;
use crate::report::{DeadlineKind, UnitKind};
use crate::report::{Report, Task};
use crate::syntax::deadline::Period;

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
    "leaders",
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

fn kind_name(kind: DeadlineKind) -> &'static str {
    match kind {
        DeadlineKind::Ongoing => "ongoing",
        DeadlineKind::Due => "due",
        DeadlineKind::Recurring => "recurring",
        DeadlineKind::AsRequired => "as_required",
        DeadlineKind::Unknown => "unknown",
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
#[must_use]
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
        task.leaders.join(LIST_SEPARATOR),
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

/// The columns a notice's rows start with in combined output.
pub const NOTICE_COLUMNS: &[&str] = &[
    "notice_path",
    "notice_title",
    "notice_sha256",
    "notice_doc_number",
];

/// The columns `--per-unit` adds: one row per task and unit.
pub const UNIT_COLUMNS: &[&str] = &["unit", "unit_role", "unit_kind", "unit_known"];

/// Which names the header row uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Headers {
    /// `snake_case` English (`deadline_date`), for machines.
    #[default]
    English,
    /// Chinese (`截止日期`), for people.
    Chinese,
}

/// How CSV rows are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Shape {
    /// Column names in English or Chinese.
    pub headers: Headers,
    /// One row per task and unit, the unit and its role in columns of their own.
    pub per_unit: bool,
}

/// A column's Chinese name.
#[must_use]
pub fn chinese(column: &str) -> &str {
    match column {
        "notice_path" => "文件",
        "notice_title" => "通知标题",
        "notice_sha256" => "文件SHA256",
        "notice_doc_number" => "发文字号",
        "seq" => "顺序",
        "number" => "序号",
        "number_inferred" => "序号为推断",
        "section_ordinal" => "一级标题序号",
        "section_title" => "一级标题",
        "subsection_ordinal" => "二级标题序号",
        "subsection_title" => "二级标题",
        "task" => "工作任务",
        "requirement" => "工作要求",
        "units" => "全部单位",
        "lead_units" => "牵头单位",
        "cooperating_units" => "配合单位",
        "responsible_units" => "责任单位",
        "unknown_units" => "未登记单位",
        "leaders" => "责任领导",
        "units_raw" => "责任单位原文",
        "deadline_raw" => "完成时限",
        "deadline_kind" => "时限类型",
        "deadline_date" => "截止日期",
        "deadline_period" => "周期",
        "deadline_ongoing" => "持续推进",
        "notes" => "备注",
        "extra" => "其他列",
        "source" => "来源",
        "unit" => "单位",
        "unit_role" => "单位角色",
        "unit_kind" => "单位类型",
        "unit_known" => "已登记",
        other => other,
    }
}

/// The header row for a shape.
pub fn header(with_notice: bool, shape: Shape) -> Vec<&'static str> {
    let mut header: Vec<&str> = Vec::new();
    if with_notice {
        header.extend(NOTICE_COLUMNS);
    }
    header.extend(COLUMNS);
    if shape.per_unit {
        header.extend(UNIT_COLUMNS);
    }
    if shape.headers == Headers::Chinese {
        header = header.into_iter().map(chinese).collect();
    }
    header
}

/// Writes the tasks of one or more reports. `with_notice` adds the notice's path, title,
/// SHA-256 and document number to each row (for combined output).
///
/// # Errors
///
/// When writing to `out` fails.
pub fn write<W: Write>(
    reports: &[Report],
    with_notice: bool,
    shape: Shape,
    out: &mut W,
) -> io::Result<()> {
    let mut writer = ::csv::WriterBuilder::new().from_writer(out);
    let header = header(with_notice, shape);
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
                fields.push(report.source.sha256.clone());
                fields.push(report.notice.doc_number.clone().unwrap_or_default());
            }
            fields.extend(row(task));
            if !shape.per_unit {
                writer.write_record(&fields)?;
                continue;
            }
            if task.responsible.units.is_empty() {
                fields.extend(std::iter::repeat_n(String::new(), UNIT_COLUMNS.len()));
                writer.write_record(&fields)?;
                continue;
            }
            for unit in &task.responsible.units {
                let mut row = fields.clone();
                row.push(unit.name.clone());
                row.push(
                    match unit.role {
                        Role::Lead => "lead",
                        Role::Cooperate => "cooperate",
                        Role::Responsible => "responsible",
                    }
                    .to_string(),
                );
                row.push(
                    match unit.kind {
                        UnitKind::Unit => "unit",
                        UnitKind::Group => "group",
                    }
                    .to_string(),
                );
                row.push(unit.known.to_string());
                writer.write_record(&row)?;
            }
        }
    }
    writer.flush()
}
