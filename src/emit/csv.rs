//! CSV output: one task per row under fixed, documented columns (README.md, CSV columns).
//! Lists are joined with `、`; `extra` is a JSON object.

use std::io::{self, Write};

use super::lang::{self, Lang};
use crate::normalize::units::Role;
use crate::report::{Report, Task, spelling};

/// One CSV column: its name, its Chinese name (`--headers zh`) and what it holds, from which the
/// data package describes it. Names and order are written here once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The `snake_case` name.
    pub name: &'static str,
    /// The name in Chinese.
    pub chinese: &'static str,
    /// What the column holds.
    pub field: Field,
}

/// What a column holds, as a data package's Table Schema types it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Text that may be empty.
    Text,
    /// Text that is never empty.
    Required,
    /// A whole number from 1.
    Integer {
        /// Never empty.
        required: bool,
        /// What the number is.
        description: &'static str,
    },
    /// `true` or `false`.
    Boolean,
    /// An ISO date.
    Date,
    /// Names joined with [`LIST_SEPARATOR`].
    List(&'static str),
    /// A JSON object.
    Json(&'static str),
    /// A deadline kind's spelling.
    DeadlineKind,
    /// A recurrence period's spelling.
    Period,
}

/// The task columns, in order.
pub const COLUMNS: &[Column] = &[
    Column {
        name: "id",
        chinese: "任务编号",
        field: Field::Required,
    },
    Column {
        name: "seq",
        chinese: "顺序",
        field: Field::Integer {
            required: true,
            description: "1-based position of the task in its notice",
        },
    },
    Column {
        name: "number",
        chinese: "序号",
        field: Field::Integer {
            required: false,
            description: "the item number printed in the notice, or inferred",
        },
    },
    Column {
        name: "number_inferred",
        chinese: "序号为推断",
        field: Field::Boolean,
    },
    Column {
        name: "section_ordinal",
        chinese: "一级标题序号",
        field: Field::Integer {
            required: false,
            description: "",
        },
    },
    Column {
        name: "section_title",
        chinese: "一级标题",
        field: Field::Text,
    },
    Column {
        name: "subsection_ordinal",
        chinese: "二级标题序号",
        field: Field::Integer {
            required: false,
            description: "",
        },
    },
    Column {
        name: "subsection_title",
        chinese: "二级标题",
        field: Field::Text,
    },
    Column {
        name: "task",
        chinese: "工作任务",
        field: Field::Text,
    },
    Column {
        name: "requirement",
        chinese: "工作要求",
        field: Field::Text,
    },
    Column {
        name: "units",
        chinese: "全部单位",
        field: Field::List("all unit names (canonical where known)"),
    },
    Column {
        name: "lead_units",
        chinese: "牵头单位",
        field: Field::List("units with role lead (牵头)"),
    },
    Column {
        name: "cooperating_units",
        chinese: "配合单位",
        field: Field::List("units with role cooperate (配合)"),
    },
    Column {
        name: "responsible_units",
        chinese: "责任单位",
        field: Field::List("units with no role written"),
    },
    Column {
        name: "unknown_units",
        chinese: "未登记单位",
        field: Field::List("units not in the registry"),
    },
    Column {
        name: "leaders",
        chinese: "责任领导",
        field: Field::Text,
    },
    Column {
        name: "units_raw",
        chinese: "责任单位原文",
        field: Field::Text,
    },
    Column {
        name: "deadline_raw",
        chinese: "完成时限",
        field: Field::Text,
    },
    Column {
        name: "deadline_kind",
        chinese: "时限类型",
        field: Field::DeadlineKind,
    },
    Column {
        name: "deadline_date",
        chinese: "截止日期",
        field: Field::Date,
    },
    Column {
        name: "deadline_period",
        chinese: "周期",
        field: Field::Period,
    },
    Column {
        name: "deadline_ongoing",
        chinese: "持续推进",
        field: Field::Boolean,
    },
    Column {
        name: "notes",
        chinese: "备注",
        field: Field::Text,
    },
    Column {
        name: "extra",
        chinese: "其他列",
        field: Field::Json("cells of unrecognised columns, as a JSON object keyed by header"),
    },
    Column {
        name: "source",
        chinese: "来源",
        field: Field::Required,
    },
];

/// The column names of a list of columns.
pub fn names(columns: &[Column]) -> impl Iterator<Item = &'static str> + '_ {
    columns.iter().map(|c| c.name)
}

/// The separator of list values inside one CSV field.
pub const LIST_SEPARATOR: &str = "、";

fn unit_names(task: &Task, keep: impl Fn(&crate::normalize::units::Unit) -> bool) -> String {
    task.responsible
        .units
        .iter()
        .filter(|u| keep(u))
        .map(|u| u.name.as_str())
        .collect::<Vec<_>>()
        .join(LIST_SEPARATOR)
}

/// The fields of one task, in [`COLUMNS`] order: values as serde spells them (`ongoing`,
/// `true`), or in Chinese for people (`持续推进`, `是`, places as `表1 第2行`).
#[must_use]
pub fn row(task: &Task, lang: Lang) -> Vec<String> {
    let opt = |v: Option<String>| v.unwrap_or_default();
    let yes_no = |v: bool| match lang {
        Lang::En => v.to_string(),
        Lang::Zh => lang::yes_no(v).to_string(),
    };
    vec![
        task.id.clone(),
        task.seq.to_string(),
        opt(task.number.map(|n| n.to_string())),
        yes_no(task.number_inferred),
        opt(task.section.as_ref().map(|s| s.ordinal.to_string())),
        opt(task.section.as_ref().and_then(|s| s.title.clone())),
        opt(task.subsection.as_ref().map(|s| s.ordinal.to_string())),
        opt(task.subsection.as_ref().and_then(|s| s.title.clone())),
        opt(task.task.clone()),
        task.requirement.clone(),
        unit_names(task, |_| true),
        unit_names(task, |u| u.role == Role::Lead),
        unit_names(task, |u| u.role == Role::Cooperate),
        unit_names(task, |u| u.role == Role::Responsible),
        unit_names(task, |u| !u.known),
        task.leaders.join(LIST_SEPARATOR),
        task.responsible.raw.clone(),
        opt(task.deadline.raw.clone()),
        match lang {
            Lang::En => spelling(&task.deadline.kind),
            Lang::Zh => lang::deadline_kind(task.deadline.kind).to_string(),
        },
        opt(task.deadline.date.map(|d| d.to_string())),
        opt(task.deadline.period.map(|p| match lang {
            Lang::En => spelling(&p),
            Lang::Zh => lang::period(p).to_string(),
        })),
        yes_no(task.deadline.ongoing),
        opt(task.notes.clone()),
        if task.extra.is_empty() {
            String::new()
        } else {
            serde_json::to_string(&task.extra).unwrap_or_default()
        },
        lang::place(&task.source, lang),
    ]
}

/// The columns a notice's rows start with in combined output.
pub const NOTICE_COLUMNS: &[Column] = &[
    Column {
        name: "notice_key",
        chinese: "通知键",
        field: Field::Required,
    },
    Column {
        name: "notice_path",
        chinese: "文件",
        field: Field::Required,
    },
    Column {
        name: "notice_title",
        chinese: "通知标题",
        field: Field::Text,
    },
    Column {
        name: "notice_sha256",
        chinese: "文件SHA256",
        field: Field::Text,
    },
    Column {
        name: "notice_doc_number",
        chinese: "发文字号",
        field: Field::Text,
    },
];

/// The columns `--per-unit` adds: one row per task and unit.
pub const UNIT_COLUMNS: &[Column] = &[
    Column {
        name: "unit",
        chinese: "单位",
        field: Field::Text,
    },
    Column {
        name: "unit_role",
        chinese: "单位角色",
        field: Field::Text,
    },
    Column {
        name: "unit_kind",
        chinese: "单位类型",
        field: Field::Text,
    },
    Column {
        name: "unit_known",
        chinese: "已登记",
        field: Field::Text,
    },
];

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
    /// The language of values a person reads (kinds, roles, yes/no, places).
    pub lang: Lang,
}

/// A field as spreadsheet programs will show it: one that starts with `=`, `+`, `-`, `@`, a tab
/// or a carriage return would be run as a formula by Excel, WPS and `LibreOffice` (`=HYPERLINK(…)`,
/// `+cmd|' /C calc'!A0`), so it is written after a single quote, which they show as text
/// (OWASP, CSV injection). The JSON output keeps the value as it is.
#[must_use]
pub fn guard(field: &str) -> std::borrow::Cow<'_, str> {
    if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{field}"))
    } else {
        std::borrow::Cow::Borrowed(field)
    }
}

/// The header row for a shape.
pub fn header(with_notice: bool, shape: Shape) -> Vec<&'static str> {
    let mut columns: Vec<&Column> = Vec::new();
    if with_notice {
        columns.extend(NOTICE_COLUMNS);
    }
    columns.extend(COLUMNS);
    if shape.per_unit {
        columns.extend(UNIT_COLUMNS);
    }
    columns
        .into_iter()
        .map(|c| match shape.headers {
            Headers::English => c.name,
            Headers::Chinese => c.chinese,
        })
        .collect()
}

/// Writes the tasks of one or more reports. `with_notice` adds the notice's key, path, title,
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
                fields.push(report.key.clone());
                fields.push(report.source.path.clone());
                fields.push(title.clone());
                fields.push(report.source.sha256.clone());
                fields.push(report.notice.doc_number.clone().unwrap_or_default());
            }
            fields.extend(row(task, shape.lang));
            for field in &mut fields {
                if let std::borrow::Cow::Owned(guarded) = guard(field) {
                    *field = guarded;
                }
            }
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
                row.push(guard(&unit.name).into_owned());
                match shape.lang {
                    Lang::En => {
                        row.push(spelling(&unit.role));
                        row.push(spelling(&unit.kind));
                        row.push(unit.known.to_string());
                    }
                    Lang::Zh => {
                        row.push(lang::role(unit.role).to_string());
                        let kind = match unit.kind {
                            crate::report::UnitKind::Unit => "单位",
                            crate::report::UnitKind::Group => "单位群",
                        };
                        row.push(kind.to_string());
                        row.push(lang::yes_no(unit.known).to_string());
                    }
                }
                writer.write_record(&row)?;
            }
        }
    }
    writer.flush()
}
