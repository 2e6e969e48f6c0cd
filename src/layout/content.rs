//! Roles for columns whose header the vocabulary does not know, from what their cells hold:
//! deadlines, units, persons, section headings, and the longest text as the requirement.

use super::{Column, ColumnRole};
use crate::grid::{Grid, Value};
use crate::syntax::deadline::{self, Clause};
use crate::syntax::units::{self, RoleHint};

/// A cell that reads as a time limit, every clause of it.
pub(super) fn is_deadline(text: &str) -> bool {
    let phrase = deadline::parse(&crate::text::simplified(text.trim()));
    !phrase.clauses.is_empty()
        && phrase
            .clauses
            .iter()
            .all(|c| !matches!(c, Clause::Unknown(_)))
}

/// A cell of units: every name in it ends as unit names do, or is a group, or role words
/// join them (`A牵头，B配合`).
fn is_units(text: &str) -> bool {
    // A list closed by a full stop (`区教育局、各乡镇人民政府。`) is a list all the same.
    let text = text.trim().trim_end_matches(['。', '；', ';', '，', ',']);
    let mentions = units::mentions(text, RoleHint::InText);
    let named = |m: &units::Mention| {
        units::is_group(&m.raw)
            || units::is_person(&m.raw)
            || units::ends_as_unit(&m.raw, units::Place::Anywhere)
    };
    // A list cut off at the end of a copy (`市发改委、市财政局、人民银`) is still a list of units
    // when two names at least come before the cut.
    let listed = match mentions.split_last() {
        Some((_, before)) if before.len() >= 2 => before.iter().all(named),
        _ => false,
    };
    !mentions.is_empty()
        && text.chars().count() <= 80
        && !text.contains('。')
        && (mentions.iter().all(named) || listed)
}

/// What a cell holds, as far as placing a short row under its columns needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Empty,
    Number,
    Deadline,
    Units,
    /// A word or two such as 已完成 or 正常推进.
    Short,
    Text,
}

/// The kind of a cell's text.
pub(super) fn kind(text: &str) -> Kind {
    let t = text.trim();
    let n = t.chars().count();
    if t.is_empty() {
        Kind::Empty
    } else if n <= 4
        && t.trim_end_matches(['.', '、'])
            .chars()
            .all(|c| c.is_ascii_digit())
    {
        Kind::Number
    } else if is_deadline(t) {
        Kind::Deadline
    } else if is_units(t) {
        Kind::Units
    } else if n <= SHORT_CHARS {
        Kind::Short
    } else {
        Kind::Text
    }
}

/// The longest cell text of kind [`Kind::Short`].
const SHORT_CHARS: usize = 5;

fn is_person(text: &str) -> bool {
    let mentions = units::mentions(text, RoleHint::InText);
    !mentions.is_empty() && mentions.iter().all(|m| units::is_person(&m.raw))
}

/// Decides the columns left without a role; returns what it decided and on what evidence.
pub(super) fn decide(
    grid: &Grid,
    body: usize,
    spanned: &[bool],
    columns: &mut [Column],
) -> Vec<(usize, String, ColumnRole, usize, usize)> {
    let mut out = Vec::new();
    let cells = |c: usize| -> Vec<String> {
        grid.rows[body.min(grid.rows.len())..]
            .iter()
            .filter_map(|r| r.cells.get(c))
            .filter(|cell| !cell.is_covered() && !cell.value.is_blank())
            .map(|cell| match &cell.value {
                Value::Date(d) => d.to_string(),
                v => v.text().trim().to_string(),
            })
            .collect()
    };
    let has = |columns: &[Column], role: &ColumnRole| columns.iter().any(|c| &c.role == role);
    let open: Vec<usize> = (0..columns.len())
        .filter(|&c| !spanned.get(c).copied().unwrap_or(false))
        .filter(|&c| matches!(columns[c].role, ColumnRole::Extra(_)))
        .collect();
    let mut lengths: Vec<(usize, usize)> = Vec::new();
    let is_section = |t: &str| {
        crate::outline::heading(t).is_some_and(|h| h.level == crate::outline::Level::Section)
    };
    for &c in &open {
        let values = cells(c);
        // One heading merged down the whole column (目标 over every row) is a section column too.
        let one_heading = values.len() == 1 && is_section(&values[0]);
        if values.len() < 2 && !one_heading {
            continue;
        }
        let n = values.len();
        let count = |f: &dyn Fn(&str) -> bool| values.iter().filter(|v| f(v)).count();
        let fits = |k: usize| k * 10 >= n * 7;
        let role = if !has(columns, &ColumnRole::Section) && count(&is_section) == n {
            Some((ColumnRole::Section, n))
        } else if !has(columns, &ColumnRole::Deadline) && fits(count(&is_deadline)) {
            Some((ColumnRole::Deadline, count(&is_deadline)))
        } else if !has(columns, &ColumnRole::Leaders) && fits(count(&is_person)) {
            Some((ColumnRole::Leaders, count(&is_person)))
        } else if !has(columns, &ColumnRole::Units)
            && !has(columns, &ColumnRole::Lead)
            && fits(count(&is_units))
        {
            Some((ColumnRole::Units, count(&is_units)))
        } else {
            None
        };
        if let Some((role, fit)) = role {
            out.push((c, columns[c].header.clone(), role.clone(), fit, n));
            columns[c].role = role;
        } else {
            let mean = values.iter().map(|v| v.chars().count()).sum::<usize>() / n;
            lengths.push((c, mean));
        }
    }
    // The longest text is the requirement; a shorter text column left of it, the task.
    if !has(columns, &ColumnRole::Requirement)
        && let Some(&(c, mean)) = lengths.iter().max_by_key(|(_, m)| *m)
        && mean >= 8
    {
        let n = cells(c).len();
        out.push((c, columns[c].header.clone(), ColumnRole::Requirement, n, n));
        columns[c].role = ColumnRole::Requirement;
        if !has(columns, &ColumnRole::Task)
            && let Some(&(t, _)) = lengths
                .iter()
                .filter(|(t, _)| *t < c)
                .max_by_key(|(_, m)| *m)
        {
            let n = cells(t).len();
            out.push((t, columns[t].header.clone(), ColumnRole::Task, n, n));
            columns[t].role = ColumnRole::Task;
        }
    } else if !has(columns, &ColumnRole::Requirement)
        && !has(columns, &ColumnRole::Task)
        && (has(columns, &ColumnRole::Units) || has(columns, &ColumnRole::Lead))
        && let Some(&(c, _)) = lengths.first()
    {
        // Short names of what is to be done (`烟花爆竹 | 1月份 | 安监站`): the first text column
        // left names the items; it is their task.
        let n = cells(c).len();
        out.push((c, columns[c].header.clone(), ColumnRole::Task, n, n));
        columns[c].role = ColumnRole::Task;
    }
    // No time-limit column, and the remarks say when (备注: `10月底前完成`): the remarks are the
    // deadline column, under their own header.
    if !has(columns, &ColumnRole::Deadline)
        && let Some(c) = columns.iter().position(|col| col.role == ColumnRole::Notes)
    {
        let values = cells(c);
        let n = values.len();
        let fit = values.iter().filter(|v| is_deadline(v)).count();
        if n >= 2 && fit * 10 >= n * 7 {
            out.push((c, columns[c].header.clone(), ColumnRole::Deadline, fit, n));
            columns[c].role = ColumnRole::Deadline;
        }
    }
    out
}
