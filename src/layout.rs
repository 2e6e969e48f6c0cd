//! Finding the task table: grids in, [`TaskTable`]s out. A header row is recognised by its
//! vocabulary (kept as data in `data/headers.toml`), each column gets a [`ColumnRole`], repeated
//! header rows are dropped, tables split across pages are stitched, and every other grid is
//! reported as skipped.

use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, ErrorKind};
use crate::grid::Paragraph;
use crate::grid::{Cell, Grid, GridSource, Location, Merge, Value};
use crate::outline;
pub use crate::syntax::header::{ColumnRole, normalize_header, role_of};

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub role: ColumnRole,
    /// The header text as printed.
    pub header: String,
}

/// One cell of a table row, placed under its column.
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    /// The slot's index among all slots of its table, for bookkeeping without hashing.
    pub id: usize,
    pub value: Value,
    pub location: Location,
    /// Covered by a merged region that began in an earlier row (or column): the value is the
    /// anchor's, already accounted for there.
    pub continued: bool,
}

impl Slot {
    /// True when this slot holds text of its own (not blank, not a merge continuation).
    #[must_use]
    pub fn is_own(&self) -> bool {
        !self.continued && !self.value.is_blank()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// A work item row.
    Data,
    /// A heading standing alone: one cell across the table, or a lone `一、…` / `（一）…`.
    Heading,
    /// A lone remark such as `注：…` under the table.
    Note,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    pub kind: RowKind,
    /// One slot per column, in column order.
    pub slots: Vec<Slot>,
    /// Slots past the last column (a row longer than the header); kept so nothing is lost.
    pub overflow: Vec<Slot>,
    pub location: Location,
}

/// The task table of a document, stitched together from one or more grids.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskTable {
    pub columns: Vec<Column>,
    pub rows: Vec<TableRow>,
    /// How many slots the rows hold (ids run from 0 to this).
    pub slots: usize,
}

impl TaskTable {
    #[must_use]
    pub fn has(&self, role: &ColumnRole) -> bool {
        self.columns.iter().any(|c| &c.role == role)
    }

    /// Appends a row, numbering its slots after the table's others.
    pub fn push(&mut self, mut row: TableRow) {
        for slot in row.slots.iter_mut().chain(row.overflow.iter_mut()) {
            slot.id = self.slots;
            self.slots += 1;
        }
        self.rows.push(row);
    }
}

/// What the layout stage found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    pub tables: Vec<TaskTable>,
    /// Rows above a header inside a grid (a spreadsheet's title row), as paragraphs.
    pub preamble: Vec<Paragraph>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Layout {
    /// True when any task table has a column of one of these roles.
    pub fn has_column(&self, roles: &[ColumnRole]) -> bool {
        self.tables.iter().any(|t| roles.iter().any(|r| t.has(r)))
    }

    /// The worksheets no task table came from, said in one note (a workbook's other sheets
    /// hold summaries, instructions, contact lists).
    pub fn skipped_sheets(&self, sheet_names: &[String]) -> Option<Diagnostic> {
        if sheet_names.len() < 2 {
            return None;
        }
        let used: Vec<&str> = self
            .tables
            .iter()
            .filter_map(|t| t.rows.first())
            .filter_map(|r| match &r.location {
                Location::Sheet { sheet, .. } => Some(sheet.as_str()),
                _ => None,
            })
            .collect();
        let unused: Vec<&str> = sheet_names
            .iter()
            .map(String::as_str)
            .filter(|s| !used.contains(s))
            .collect();
        (!unused.is_empty()).then(|| {
            Diagnostic::info(
                Code::SheetsSkipped,
                None,
                format!(
                    "sheets without a task table were skipped: {}",
                    unused.join(", ")
                ),
            )
        })
    }
}

/// A header row found in a grid.
struct Header {
    /// Index of the last header row (a two-row header ends on its second row).
    last_row: usize,
    first_row: usize,
    columns: Vec<Column>,
    /// Columns whose role their content decided: (column, header, role, cells that fit, cells).
    by_content: Vec<(usize, String, ColumnRole, usize, usize)>,
}

/// Lays out a document's grids.
pub fn lay_out(grids: &[Grid]) -> Result<Layout, Error> {
    let mut layout = Layout {
        tables: Vec::new(),
        preamble: Vec::new(),
        diagnostics: Vec::new(),
    };
    // The grid index the current table last took rows from, to stitch only adjacent grids.
    let mut last_taken: Option<usize> = None;
    let mut seen = Vec::new();
    for (g, grid) in grids.iter().enumerate() {
        if let Some(header) = find_header(grid) {
            for (c, text, role, fit, of) in &header.by_content {
                layout.diagnostics.push(Diagnostic::info(
                    Code::ColumnRole,
                    Some(grid.location(header.first_row, Some(*c))),
                    format!(
                        "column {} {text:?}: {}, by content ({fit} of {of} cells)",
                        c + 1,
                        role.name()
                    ),
                ));
            }
            for r in 0..header.first_row {
                let text = row_text(grid, r);
                if !text.is_empty() {
                    layout.preamble.push(Paragraph {
                        text,
                        location: grid.location(r, None),
                    });
                }
            }
            let same = layout
                .tables
                .last()
                .is_some_and(|t| roles(&t.columns) == roles(&header.columns));
            if same {
                layout.diagnostics.push(Diagnostic::info(
                    Code::TableStitched,
                    Some(grid.location(header.first_row, None)),
                    "the table continues here with its header repeated; read as one table",
                ));
            } else {
                if let Some(prev) = layout.tables.last() {
                    layout.diagnostics.push(Diagnostic::info(
                        Code::SecondTable,
                        Some(grid.location(header.first_row, None)),
                        format!(
                            "a second task table with other columns ({}) after one with ({})",
                            headers(&header.columns),
                            headers(&prev.columns)
                        ),
                    ));
                }
                layout.tables.push(TaskTable {
                    columns: header.columns.clone(),
                    rows: Vec::new(),
                    slots: 0,
                });
            }
            let table = layout.tables.last_mut();
            // invariant: a table was pushed above when none matched.
            let table = table.expect("invariant: current table exists");
            take_rows(grid, header.last_row + 1, table, &mut layout.diagnostics);
            last_taken = Some(g);
        } else {
            let follows = last_taken.is_some_and(|l| l + 1 == g);
            let fits = layout
                .tables
                .last()
                .is_some_and(|t| t.columns.len() == grid.width());
            if follows && fits && matches!(grid.source, GridSource::Table { .. } | GridSource::Text)
            {
                layout.diagnostics.push(Diagnostic::info(
                    Code::TableStitched,
                    Some(grid.location(0, None)),
                    "a table without header and with the same columns continues the task table",
                ));
                let table = layout.tables.last_mut();
                // invariant: `fits` holds only when a table exists.
                let table = table.expect("invariant: current table exists");
                take_rows(grid, 0, table, &mut layout.diagnostics);
                last_taken = Some(g);
            } else {
                let description = describe(grid);
                layout.diagnostics.push(Diagnostic::info(
                    Code::TableSkipped,
                    Some(grid.location(0, None)),
                    format!("not a task table, skipped: {description}"),
                ));
                seen.push(description);
            }
        }
    }
    if layout.tables.is_empty() {
        let tables_seen = !seen.is_empty();
        let seen = if seen.is_empty() {
            "the document has no table".to_string()
        } else {
            format!("found only {}", seen.join("; "))
        };
        return Err(Error::from(ErrorKind::NoTaskTable { seen, tables_seen }));
    }
    Ok(layout)
}

fn roles(columns: &[Column]) -> Vec<&ColumnRole> {
    columns.iter().map(|c| &c.role).collect()
}

fn headers(columns: &[Column]) -> String {
    columns
        .iter()
        .map(|c| c.header.as_str())
        .collect::<Vec<_>>()
        .join(" | ")
}

fn describe(grid: &Grid) -> String {
    let place = match &grid.source {
        GridSource::Text => "a tab-separated block".to_string(),
        GridSource::Table { index } => format!("table {index}"),
        GridSource::Sheet { name, .. } => format!("sheet {name}"),
    };
    // The header is the first row of several cells: a title above it spans the table.
    let own = |r: usize| {
        grid.rows[r]
            .cells
            .iter()
            .filter(|c| !c.is_covered() && !c.value.is_blank())
            .count()
    };
    let header = (0..grid.rows.len()).find(|&r| own(r) >= 2);
    let (what, r) = match header {
        Some(r) => ("header row", Some(r)),
        None => ("first row", (0..grid.rows.len()).find(|&r| own(r) >= 1)),
    };
    let text: String = r
        .map(|r| row_text(grid, r))
        .unwrap_or_default()
        .chars()
        .take(60)
        .collect();
    if text.is_empty() {
        format!("{place} (empty)")
    } else {
        format!("{place} ({what}: {text})")
    }
}

/// The distinct texts of a row, joined with ` | `.
fn row_text(grid: &Grid, r: usize) -> String {
    grid.rows[r]
        .cells
        .iter()
        .filter(|c| !c.is_covered() && !c.value.is_blank())
        .map(|c| c.value.text().trim().to_string())
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The roles a row's cells name, one entry per grid column (None where unrecognised or covered).
fn row_roles(grid: &Grid, r: usize) -> Vec<Option<ColumnRole>> {
    grid.rows[r]
        .cells
        .iter()
        .map(|c| {
            if c.is_covered() {
                None
            } else {
                match &c.value {
                    Value::Text(t) => role_of(t),
                    _ => None,
                }
            }
        })
        .collect()
}

/// A header row: two or more distinct known roles, at least one of them the task or the
/// requirement, and at least half of its non-empty cells known.
fn is_header(grid: &Grid, r: usize) -> bool {
    let roles = row_roles(grid, r);
    let known: Vec<&ColumnRole> = roles.iter().flatten().collect();
    let mut distinct = known.clone();
    distinct.dedup();
    let own = grid.rows[r]
        .cells
        .iter()
        .filter(|c| !c.is_covered() && !c.value.is_blank())
        .count();
    let core = known
        .iter()
        .any(|r| matches!(r, ColumnRole::Task | ColumnRole::Requirement));
    distinct.len() >= 2 && core && known.len() * 2 >= own
}

fn find_header(grid: &Grid) -> Option<Header> {
    let first_row = (0..grid.rows.len())
        .find(|&r| is_header(grid, r))
        .or_else(|| (0..grid.rows.len().min(10)).find(|&r| is_header_by_content(grid, r)))?;
    let width = grid.width();
    let mut columns: Vec<Column> = Vec::with_capacity(width);
    let mut spanned = vec![false; width];
    let cells = &grid.rows[first_row].cells;
    for (c, spanned) in spanned.iter_mut().enumerate() {
        let cell = cells.get(c);
        let header = cell
            .map(|c| c.value.text().trim().to_string())
            .unwrap_or_default();
        let role = match cell {
            Some(Cell {
                merge: Merge::Covered { row, .. },
                ..
            }) if *row as usize == first_row => {
                *spanned = true;
                None
            }
            Some(cell) if !cell.is_covered() => role_of(&header),
            _ => None,
        };
        columns.push(Column {
            role: role.unwrap_or(ColumnRole::Extra(String::new())),
            header,
        });
    }
    // A second header row under spanning header cells (责任单位 over 牵头 | 配合).
    let mut last_row = first_row;
    if first_row + 1 < grid.rows.len() {
        let next = first_row + 1;
        let sub = row_roles(grid, next);
        let own: Vec<usize> = (0..grid.rows[next].cells.len())
            .filter(|&c| {
                let cell = &grid.rows[next].cells[c];
                !cell.is_covered() && !cell.value.is_blank()
            })
            .collect();
        if !own.is_empty() && own.iter().all(|&c| sub[c].is_some()) && !is_header(grid, next) {
            for &c in &own {
                if let Some(role) = &sub[c] {
                    columns[c].role = role.clone();
                    columns[c].header = grid.rows[next].cells[c].value.text().trim().to_string();
                    spanned[c] = false;
                }
            }
            last_row = next;
        } else if own.len() > 1 && is_repeat_of(grid, next, &header_keys(&columns)) {
            last_row = next;
        }
    }
    decide_spanned_columns(grid, last_row + 1, &spanned, &mut columns);
    let by_content = content::decide(grid, last_row + 1, &spanned, &mut columns);
    // A role named twice: the later column keeps its text under its header in `extra`.
    let mut taken: Vec<ColumnRole> = Vec::new();
    for (i, column) in columns.iter_mut().enumerate() {
        if matches!(column.role, ColumnRole::Extra(_)) {
            let name = if column.header.is_empty() {
                format!("column {}", i + 1)
            } else {
                column.header.clone()
            };
            column.role = ColumnRole::Extra(name);
            continue;
        }
        if taken.contains(&column.role) {
            column.role = ColumnRole::Extra(column.header.clone());
        } else {
            taken.push(column.role.clone());
        }
    }
    Some(Header {
        last_row,
        first_row,
        columns,
        by_content,
    })
}

/// A header whose words the vocabulary knows only in part (`检查内容 | 时间安排 | 责任单位`):
/// a row of short cells, one at least naming a role, over rows of as many cells whose content
/// gives the other columns their roles (a requirement among them).
fn is_header_by_content(grid: &Grid, r: usize) -> bool {
    let row = &grid.rows[r];
    let own: Vec<&Cell> = row
        .cells
        .iter()
        .filter(|c| !c.is_covered() && !c.value.is_blank())
        .collect();
    if own.len() < 3
        || own
            .iter()
            .any(|c| c.value.text().trim().chars().count() > 12)
    {
        return false;
    }
    if row_roles(grid, r).iter().flatten().next().is_none() {
        return false;
    }
    let body = &grid.rows[r + 1..];
    let full = body
        .iter()
        .filter(|b| b.cells.iter().filter(|c| !c.value.is_blank()).count() + 1 >= own.len())
        .count();
    if full < 2 {
        return false;
    }
    let mut columns: Vec<Column> = row
        .cells
        .iter()
        .map(|c| Column {
            role: role_of(c.value.text().trim()).unwrap_or(ColumnRole::Extra(String::new())),
            header: c.value.text().trim().to_string(),
        })
        .collect();
    content::decide(grid, r + 1, &vec![false; columns.len()], &mut columns);
    columns
        .iter()
        .any(|c| matches!(c.role, ColumnRole::Requirement | ColumnRole::Task))
}

/// Roles for columns whose header the vocabulary does not know, from what their cells hold.
mod content {
    use super::{Column, ColumnRole};
    use crate::grid::{Grid, Value};
    use crate::syntax::deadline::{self, Clause};
    use crate::syntax::units::{self, RoleHint};

    fn is_deadline(text: &str) -> bool {
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
        let mentions = units::mentions(text, RoleHint::InText);
        !mentions.is_empty()
            && text.chars().count() <= 80
            && !text.contains('。')
            && mentions.iter().all(|m| {
                units::is_group(&m.raw)
                    || units::is_person(&m.raw)
                    || [
                        "局", "委", "办", "厅", "院", "部", "处", "科", "室", "所", "站", "队",
                        "中心", "政府", "街道", "镇", "乡", "单位", "部门", "公司", "社区", "村",
                        "组", "馆", "会",
                    ]
                    .iter()
                    .any(|e| m.raw.trim().ends_with(e))
            })
    }

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
        for &c in &open {
            let values = cells(c);
            if values.len() < 2 {
                continue;
            }
            let n = values.len();
            let count = |f: &dyn Fn(&str) -> bool| values.iter().filter(|v| f(v)).count();
            let fits = |k: usize| k * 10 >= n * 7;
            let is_section = |t: &str| {
                crate::outline::heading(t)
                    .is_some_and(|h| h.level == crate::outline::Level::Section)
            };
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
        }
        out
    }
}

/// Columns under a header cell that spans several columns take no role from the header; their
/// content decides. A column of item numbers is the number column; any other keeps its text in
/// `extra`.
fn decide_spanned_columns(grid: &Grid, body: usize, spanned: &[bool], columns: &mut [Column]) {
    for c in (0..columns.len()).filter(|&c| spanned[c]) {
        let values: Vec<&Value> = grid.rows[body.min(grid.rows.len())..]
            .iter()
            .filter_map(|r| r.cells.get(c))
            .filter(|cell| !cell.is_covered() && !cell.value.is_blank())
            .map(|cell| &cell.value)
            .collect();
        let numbers = !values.is_empty()
            && values.iter().all(|v| match v {
                Value::Number(n) => n.fract() == 0.0 && *n >= 1.0,
                Value::Text(t) => outline::item_number(t).is_some_and(|(_, rest)| rest.is_empty()),
                _ => false,
            });
        // Under one header cell, a column of headings (merged （一）…) then a column of the
        // items themselves: the items take the header's role, the headings head them.
        let anchor = (0..c).rev().find(|&a| !spanned[a]);
        let texts = values.iter().all(|v| matches!(v, Value::Text(_)));
        if let Some(a) = anchor
            && texts
            && !numbers
            && is_heading_column(grid, body, a)
            && !matches!(columns[a].role, ColumnRole::Extra(_) | ColumnRole::Section)
        {
            columns[c].role = columns[a].role.clone();
            #[allow(clippy::assigning_clones, reason = "two elements of one slice")]
            {
                columns[c].header = columns[a].header.clone();
            }
            columns[a].role = if columns.iter().any(|col| col.role == ColumnRole::Section) {
                ColumnRole::Extra(columns[a].header.clone())
            } else {
                ColumnRole::Section
            };
            continue;
        }
        if numbers && !columns.iter().any(|col| col.role == ColumnRole::Number) {
            columns[c].role = ColumnRole::Number;
        } else {
            columns[c].role =
                ColumnRole::Extra(format!("{} (column {})", columns[c].header, c + 1));
        }
    }
}

/// A body column whose own cells are all headings (`（一）…`, `一、…`).
fn is_heading_column(grid: &Grid, body: usize, c: usize) -> bool {
    let mut any = false;
    for cell in grid.rows[body.min(grid.rows.len())..]
        .iter()
        .filter_map(|r| r.cells.get(c))
        .filter(|cell| !cell.is_covered() && !cell.value.is_blank())
    {
        if outline::heading(cell.value.text().trim()).is_none() {
            return false;
        }
        any = true;
    }
    any
}

/// The header texts as lookup keys, to recognise the header typed again.
fn header_keys(columns: &[Column]) -> Vec<String> {
    columns
        .iter()
        .map(|c| normalize_header(&c.header))
        .collect()
}

/// A row that repeats the header (a header typed again where the printed table broke).
fn is_repeat_of(grid: &Grid, r: usize, header: &[String]) -> bool {
    // A cell much longer than its header word is data: compare only the short ones.
    let matches = grid.rows[r]
        .cells
        .iter()
        .zip(header)
        .filter(|(c, h)| {
            !h.is_empty()
                && matches!(&c.value, Value::Text(t) if t.len() <= h.len() * 3 + 12 && normalize_header(t) == **h)
        })
        .count();
    matches >= 2 && matches * 2 >= header.iter().filter(|h| !h.is_empty()).count()
}

fn take_rows(grid: &Grid, from: usize, table: &mut TaskTable, diagnostics: &mut Vec<Diagnostic>) {
    let n = table.columns.len();
    // Headings standing as paragraphs right before this table head its rows.
    for (text, location) in &grid.headings {
        let mut slots = vec![
            Slot {
                id: 0,
                value: Value::Empty,
                location: location.clone(),
                continued: false,
            };
            n.max(1)
        ];
        slots[0].value = Value::Text(text.clone());
        table.push(TableRow {
            kind: RowKind::Heading,
            slots,
            overflow: Vec::new(),
            location: location.clone(),
        });
    }
    let header = header_keys(&table.columns);
    for r in from..grid.rows.len() {
        let row = &grid.rows[r];
        if row.cells.iter().all(|c| c.value.is_blank()) {
            continue;
        }
        if is_repeat_of(grid, r, &header) || (row.repeat_header && is_header(grid, r)) {
            continue;
        }
        let own: Vec<usize> = (0..row.cells.len())
            .filter(|&c| !row.cells[c].is_covered() && !row.cells[c].value.is_blank())
            .collect();
        let mut slots: Vec<Slot> = row
            .cells
            .iter()
            .enumerate()
            .map(|(c, cell)| Slot {
                id: 0,
                value: cell.value.clone(),
                location: grid.location(r, Some(c)),
                continued: match cell.merge {
                    Merge::Covered { row: ar, .. } => (ar as usize) < r,
                    _ => false,
                },
            })
            .collect();
        // Horizontally covered positions repeat their anchor's text; they are not text of
        // their own. Nor is a header cell merged down over body rows (`责任单位` spanning the
        // header and the first row): its text is the header's, not the row's.
        for (c, cell) in row.cells.iter().enumerate() {
            if let Merge::Covered { row: ar, .. } = cell.merge
                && (ar as usize == r || (ar as usize) < from)
            {
                slots[c].value = Value::Empty;
                slots[c].continued = false;
            }
        }
        let lone = own.len() == 1;
        let lone_text = own
            .first()
            .map(|&c| row.cells[c].value.text().trim().to_string())
            .unwrap_or_default();
        // One cell merged across (nearly) the whole table is a heading row whatever it says.
        let spans_row = lone
            && n >= 2
            && matches!(row.cells[own[0]].merge, Merge::Anchor { cols, .. } if cols as usize + 1 >= n);
        let kind = if lone && is_note(&lone_text) {
            RowKind::Note
        } else if spans_row || (lone && outline::heading(&lone_text).is_some()) {
            RowKind::Heading
        } else {
            RowKind::Data
        };
        if kind != RowKind::Data {
            // A heading or note row: its one text sits in the first slot.
            let c = own[0];
            let mut slot = slots[c].clone();
            slot.continued = false;
            let mut lone_slots = vec![
                Slot {
                    id: 0,
                    value: Value::Empty,
                    location: slot.location.clone(),
                    continued: false,
                };
                n
            ];
            lone_slots[0] = slot;
            table.push(TableRow {
                kind,
                slots: lone_slots,
                overflow: Vec::new(),
                location: grid.location(r, None),
            });
            continue;
        }
        // A row copied from a web page misses the cells of merged regions it passes through:
        // it is shorter than the header, and its cells sit at its right end.
        if slots.len() < n && slots.len() > 1 && matches!(grid.source, GridSource::Text) {
            let missing = n - slots.len();
            let mut padded: Vec<Slot> = (0..missing)
                .map(|c| Slot {
                    id: 0,
                    value: Value::Empty,
                    location: grid.location(r, Some(c)),
                    continued: true,
                })
                .collect();
            for (i, mut slot) in slots.into_iter().enumerate() {
                slot.location = grid.location(r, Some(i));
                padded.push(slot);
            }
            slots = padded;
            diagnostics.push(Diagnostic::info(
                Code::ShortRow,
                Some(grid.location(r, None)),
                format!(
                    "the row has {} cells for {n} columns; read as the last {} columns, the first {missing} continuing from the row above",
                    n - missing,
                    n - missing
                ),
            ));
        }
        let overflow = if slots.len() > n {
            slots.split_off(n)
        } else {
            Vec::new()
        };
        while slots.len() < n {
            slots.push(Slot {
                id: 0,
                value: Value::Empty,
                location: grid.location(r, Some(slots.len())),
                continued: false,
            });
        }
        table.push(TableRow {
            kind: RowKind::Data,
            slots,
            overflow,
            location: grid.location(r, None),
        });
    }
}

fn is_note(text: &str) -> bool {
    ["注：", "注:", "备注", "说明：", "说明:", "附注"]
        .iter()
        .any(|p| text.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_words_map_to_roles() {
        let cases = [
            ("工作任务", Some(ColumnRole::Task)),
            ("主要工作任务", Some(ColumnRole::Task)),
            ("工作要求", Some(ColumnRole::Requirement)),
            ("具体要求", Some(ColumnRole::Requirement)),
            ("任务内容", Some(ColumnRole::Requirement)),
            ("责任单位", Some(ColumnRole::Units)),
            ("责任科室", Some(ColumnRole::Units)),
            ("責任單位", Some(ColumnRole::Units)),
            ("牵 头 部 门", Some(ColumnRole::Lead)),
            ("配合部门", Some(ColumnRole::Cooperate)),
            ("时限", Some(ColumnRole::Deadline)),
            ("完成時限", Some(ColumnRole::Deadline)),
            ("时限要求", Some(ColumnRole::Deadline)),
            ("完成时限（月）", Some(ColumnRole::Deadline)),
            ("序号", Some(ColumnRole::Number)),
            ("备注", Some(ColumnRole::Notes)),
            ("联系电话", None),
            ("", None),
        ];
        for (text, want) in cases {
            assert_eq!(role_of(text), want, "{text}");
        }
    }
}
