//! CSV output: one task per row under the columns of [`super::columns`] (README.md, CSV
//! columns). Lists are joined with `、`; `extra` is a JSON object.

use std::io::{self, Write};

use super::columns::{COLUMNS, Column, NOTICE_COLUMNS, UNIT_COLUMNS};
use super::lang::Lang;
use crate::report::{Report, Task};

/// The fields of one task, in [`COLUMNS`] order: values as serde spells them (`ongoing`,
/// `true`), or in Chinese for people (`持续推进`, `是`, places as `表1 第2行`).
#[must_use]
pub fn row(task: &Task, lang: Lang) -> Vec<String> {
    COLUMNS
        .iter()
        .map(|c| (c.value)(task).to_text(lang))
        .collect()
}

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
    fn names<R>(columns: &[Column<R>], headers: Headers) -> impl Iterator<Item = &'static str> {
        columns.iter().map(move |c| match headers {
            Headers::English => c.name,
            Headers::Chinese => c.chinese,
        })
    }
    let notice = if with_notice { NOTICE_COLUMNS } else { &[] };
    let units = if shape.per_unit { UNIT_COLUMNS } else { &[] };
    names(notice, shape.headers)
        .chain(names(COLUMNS, shape.headers))
        .chain(names(units, shape.headers))
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
        for task in &report.tasks {
            let mut fields = Vec::with_capacity(header.len());
            if with_notice {
                fields.extend(
                    NOTICE_COLUMNS
                        .iter()
                        .map(|c| (c.value)(report).to_text(shape.lang)),
                );
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
                for column in UNIT_COLUMNS {
                    let value = (column.value)(unit).to_text(shape.lang);
                    row.push(guard(&value).into_owned());
                }
                writer.write_record(&row)?;
            }
        }
    }
    writer.flush()
}
