//! The columns of every tabular output, written once: each column's name, its Chinese name, what
//! it holds (from which the data package types it) and how its value is read from a record. The
//! CSV writer writes them all; the database's `tasks` table holds those that are not lists
//! (lists have tables of their own); the workbook shows those a person reads, under their Chinese
//! names (README.md, CSV columns).

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::lang::{self, Lang};
use crate::report::{DeadlineKind, Period, Report, Role, Task, Unit, UnitKind, spelling};

/// One column of records `R` (a task, a notice, a unit).
#[derive(Debug, Clone, Copy)]
pub struct Column<R: 'static> {
    /// The `snake_case` name.
    pub name: &'static str,
    /// The name in Chinese (`--headers zh`, the workbook).
    pub chinese: &'static str,
    /// What the column holds.
    pub field: Field,
    /// The column's value for one record.
    pub value: for<'r> fn(&'r R) -> Value<'r>,
    /// Held in the database's table of the record under this name (the lists, units and leaders,
    /// have tables of their own).
    pub stored: bool,
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

/// One value, typed: each writer spells it its own way (CSV as text in English or Chinese, the
/// database as SQL values, the workbook as numbers, dates and text).
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'r> {
    /// Nothing: an empty CSV field, SQL `NULL`.
    Empty,
    /// Text (possibly empty, which is not [`Value::Empty`]).
    Text(Cow<'r, str>),
    /// A whole number.
    Integer(u32),
    /// Yes or no.
    Bool(bool),
    /// A date.
    Date(jiff::civil::Date),
    /// A deadline kind.
    DeadlineKind(DeadlineKind),
    /// A recurrence period.
    Period(Period),
    /// A unit's role.
    Role(Role),
    /// A unit or a group of units.
    UnitKind(UnitKind),
    /// Cells of unrecognised columns: a JSON object (empty in CSV when there are none).
    Json(&'r BTreeMap<String, String>),
    /// A place in the input (`table 1, row 7`), which CSV for people writes in Chinese.
    Place(&'r str),
}

impl<'r> Value<'r> {
    /// Text borrowed from the record.
    pub fn text(text: &'r str) -> Value<'r> {
        Value::Text(Cow::Borrowed(text))
    }

    /// Text, or nothing.
    pub fn optional(text: Option<&'r str>) -> Value<'r> {
        text.map_or(Value::Empty, Value::text)
    }

    /// The value as a CSV field: as serde spells it (`ongoing`, `true`), or in Chinese for
    /// people (`持续推进`, `是`, places as `表1 第2行`).
    #[must_use]
    pub fn to_text(&self, lang: Lang) -> String {
        let words = |en: String, zh: &str| match lang {
            Lang::En => en,
            Lang::Zh => zh.to_string(),
        };
        match self {
            Value::Empty => String::new(),
            Value::Text(text) => text.to_string(),
            Value::Integer(n) => n.to_string(),
            Value::Bool(b) => words(b.to_string(), lang::yes_no(*b)),
            Value::Date(d) => d.to_string(),
            Value::DeadlineKind(k) => words(spelling(k), lang::deadline_kind(*k)),
            Value::Period(p) => words(spelling(p), lang::period(*p)),
            Value::Role(r) => words(spelling(r), lang::role(*r)),
            Value::UnitKind(k) => words(spelling(k), lang::unit_kind(*k)),
            Value::Json(map) if map.is_empty() => String::new(),
            Value::Json(map) => serde_json::to_string(map).unwrap_or_default(),
            Value::Place(place) => lang::place(place, lang),
        }
    }
}

/// The separator of list values inside one field.
pub const LIST_SEPARATOR: &str = "、";

/// The names of a task's units that `keep` keeps, joined.
fn unit_names(task: &Task, keep: impl Fn(&Unit) -> bool) -> Value<'_> {
    let names: Vec<&str> = (task.responsible.units.iter())
        .filter(|u| keep(u))
        .map(|u| u.name.as_str())
        .collect();
    Value::Text(Cow::Owned(names.join(LIST_SEPARATOR)))
}

/// The task columns, in order.
pub const COLUMNS: &[Column<Task>] = &[
    Column {
        name: "id",
        chinese: "任务编号",
        field: Field::Required,
        value: |t| Value::text(&t.id),
        stored: true,
    },
    Column {
        name: "seq",
        chinese: "顺序",
        field: Field::Integer {
            required: true,
            description: "1-based position of the task in its notice",
        },
        value: |t| Value::Integer(t.seq),
        stored: true,
    },
    Column {
        name: "number",
        chinese: "序号",
        field: Field::Integer {
            required: false,
            description: "the item number printed in the notice, or inferred",
        },
        value: |t| t.number.map_or(Value::Empty, Value::Integer),
        stored: true,
    },
    Column {
        name: "number_inferred",
        chinese: "序号为推断",
        field: Field::Boolean,
        value: |t| Value::Bool(t.number_inferred),
        stored: true,
    },
    Column {
        name: "section_ordinal",
        chinese: "一级标题序号",
        field: Field::Integer {
            required: false,
            description: "",
        },
        value: |t| {
            t.section
                .as_ref()
                .map_or(Value::Empty, |h| Value::Integer(h.ordinal))
        },
        stored: true,
    },
    Column {
        name: "section_title",
        chinese: "一级标题",
        field: Field::Text,
        value: |t| Value::optional(t.section.as_ref().and_then(|h| h.title.as_deref())),
        stored: true,
    },
    Column {
        name: "subsection_ordinal",
        chinese: "二级标题序号",
        field: Field::Integer {
            required: false,
            description: "",
        },
        value: |t| {
            t.subsection
                .as_ref()
                .map_or(Value::Empty, |h| Value::Integer(h.ordinal))
        },
        stored: true,
    },
    Column {
        name: "subsection_title",
        chinese: "二级标题",
        field: Field::Text,
        value: |t| Value::optional(t.subsection.as_ref().and_then(|h| h.title.as_deref())),
        stored: true,
    },
    Column {
        name: "task",
        chinese: "工作任务",
        field: Field::Text,
        value: |t| Value::optional(t.task.as_deref()),
        stored: true,
    },
    Column {
        name: "requirement",
        chinese: "工作要求",
        field: Field::Text,
        value: |t| Value::text(&t.requirement),
        stored: true,
    },
    Column {
        name: "units",
        chinese: "全部单位",
        field: Field::List("all unit names (canonical where known)"),
        value: |t| unit_names(t, |_| true),
        stored: false,
    },
    Column {
        name: "lead_units",
        chinese: "牵头单位",
        field: Field::List("units with role lead (牵头)"),
        value: |t| unit_names(t, |u| u.role == Role::Lead),
        stored: false,
    },
    Column {
        name: "cooperating_units",
        chinese: "配合单位",
        field: Field::List("units with role cooperate (配合)"),
        value: |t| unit_names(t, |u| u.role == Role::Cooperate),
        stored: false,
    },
    Column {
        name: "responsible_units",
        chinese: "责任单位",
        field: Field::List("units with no role written"),
        value: |t| unit_names(t, |u| u.role == Role::Responsible),
        stored: false,
    },
    Column {
        name: "unknown_units",
        chinese: "未登记单位",
        field: Field::List("units not in the registry"),
        value: |t| unit_names(t, |u| !u.known),
        stored: false,
    },
    Column {
        name: "leaders",
        chinese: "责任领导",
        field: Field::Text,
        value: |t| Value::Text(Cow::Owned(t.leaders.join(LIST_SEPARATOR))),
        stored: false,
    },
    Column {
        name: "units_raw",
        chinese: "责任单位原文",
        field: Field::Text,
        value: |t| Value::text(&t.responsible.raw),
        stored: true,
    },
    Column {
        name: "deadline_raw",
        chinese: "完成时限",
        field: Field::Text,
        value: |t| Value::optional(t.deadline.raw.as_deref()),
        stored: true,
    },
    Column {
        name: "deadline_kind",
        chinese: "时限类型",
        field: Field::DeadlineKind,
        value: |t| Value::DeadlineKind(t.deadline.kind),
        stored: true,
    },
    Column {
        name: "deadline_date",
        chinese: "截止日期",
        field: Field::Date,
        value: |t| t.deadline.date.map_or(Value::Empty, Value::Date),
        stored: true,
    },
    Column {
        name: "deadline_period",
        chinese: "周期",
        field: Field::Period,
        value: |t| t.deadline.period.map_or(Value::Empty, Value::Period),
        stored: true,
    },
    Column {
        name: "deadline_ongoing",
        chinese: "持续推进",
        field: Field::Boolean,
        value: |t| Value::Bool(t.deadline.ongoing),
        stored: true,
    },
    Column {
        name: "notes",
        chinese: "备注",
        field: Field::Text,
        value: |t| Value::optional(t.notes.as_deref()),
        stored: true,
    },
    Column {
        name: "extra",
        chinese: "其他列",
        field: Field::Json("cells of unrecognised columns, as a JSON object keyed by header"),
        value: |t| Value::Json(&t.extra),
        stored: true,
    },
    Column {
        name: "source",
        chinese: "来源",
        field: Field::Required,
        value: |t| Value::Place(&t.source),
        stored: true,
    },
];

/// The column named `name`.
#[must_use]
pub fn named(name: &str) -> Option<&'static Column<Task>> {
    COLUMNS.iter().find(|c| c.name == name)
}

/// The column names of a list of columns.
pub fn names<R>(columns: &[Column<R>]) -> impl Iterator<Item = &'static str> + '_ {
    columns.iter().map(|c| c.name)
}

/// The columns a notice's rows start with in combined output.
pub const NOTICE_COLUMNS: &[Column<Report>] = &[
    Column {
        name: "notice_key",
        chinese: "通知键",
        field: Field::Required,
        value: |r| Value::text(&r.key),
        stored: false,
    },
    Column {
        name: "notice_path",
        chinese: "文件",
        field: Field::Required,
        value: |r| Value::text(&r.source.path),
        stored: false,
    },
    Column {
        name: "notice_title",
        chinese: "通知标题",
        field: Field::Text,
        value: |r| {
            Value::optional(
                r.notice
                    .title
                    .as_deref()
                    .or(r.notice.attachment_title.as_deref()),
            )
        },
        stored: false,
    },
    Column {
        name: "notice_sha256",
        chinese: "文件SHA256",
        field: Field::Text,
        value: |r| Value::text(&r.source.sha256),
        stored: false,
    },
    Column {
        name: "notice_doc_number",
        chinese: "发文字号",
        field: Field::Text,
        value: |r| Value::optional(r.notice.doc_number.as_deref()),
        stored: false,
    },
];

/// The columns `--per-unit` adds: one row per task and unit.
pub const UNIT_COLUMNS: &[Column<Unit>] = &[
    Column {
        name: "unit",
        chinese: "单位",
        field: Field::Text,
        value: |u| Value::text(&u.name),
        stored: false,
    },
    Column {
        name: "unit_role",
        chinese: "单位角色",
        field: Field::Text,
        value: |u| Value::Role(u.role),
        stored: false,
    },
    Column {
        name: "unit_kind",
        chinese: "单位类型",
        field: Field::Text,
        value: |u| Value::UnitKind(u.kind),
        stored: false,
    },
    Column {
        name: "unit_known",
        chinese: "已登记",
        field: Field::Text,
        value: |u| Value::Bool(u.known),
        stored: false,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The database's `tasks` table has the notice's key and the stored columns, no more.
    #[test]
    fn the_database_stores_the_columns_that_are_not_lists() {
        let schema = super::super::sqlite::SCHEMA;
        let start = schema.find("CREATE TABLE IF NOT EXISTS tasks (").unwrap();
        let table = &schema[start..start + schema[start..].find(");").unwrap()];
        let mut in_schema: Vec<&str> = table
            .lines()
            .skip(1)
            .map(|l| l.split_whitespace().next().unwrap_or(""))
            .filter(|w| !w.is_empty() && *w != "UNIQUE" && *w != "notice")
            .collect();
        in_schema.sort_unstable();
        let mut stored: Vec<&str> = COLUMNS
            .iter()
            .filter(|c| c.stored)
            .map(|c| c.name)
            .collect();
        stored.sort_unstable();
        assert_eq!(in_schema, stored);
    }
}
