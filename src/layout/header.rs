//! Header rows: found by their words (or, failing that, by what the cells below hold), one
//! role per column, two-row headers, columns under a spanning header cell, and repeated headers.

use super::{Column, ColumnRole, content, normalize_header, role_of};
use crate::grid::{Cell, Grid, Merge, Value};
use crate::outline;

/// A header row found in a grid.
pub(super) struct Header {
    /// Index of the last header row (a two-row header ends on its second row).
    pub(super) last_row: usize,
    pub(super) first_row: usize,
    pub(super) columns: Vec<Column>,
    /// Columns whose role their content decided: (column, header, role, cells that fit, cells).
    pub(super) by_content: Vec<(usize, String, ColumnRole, usize, usize)>,
}

impl Header {
    /// True when the table says who does the work, or by when: a column of units, lead or
    /// cooperating units or leaders that the header names; or a column of deadlines, some cell
    /// of which reads as a time limit, with the header naming it or a column of units found by
    /// its cells beside it. A table of numbered names and explanations (`序号 | 项目名称 | 内容说明`,
    /// an article on writing plans), a procurement list whose only time is a purchase month
    /// found by content, or an agenda whose `时间` column holds clock times is no breakdown of
    /// work.
    pub(super) fn says_who_or_when(&self, grid: &Grid) -> bool {
        let by_content = |c: usize| self.by_content.iter().any(|(col, ..)| *col == c);
        let who = |role: &ColumnRole| {
            matches!(
                role,
                ColumnRole::Units | ColumnRole::Lead | ColumnRole::Cooperate | ColumnRole::Leaders
            )
        };
        let columns = || self.columns.iter().enumerate();
        if columns().any(|(c, column)| who(&column.role) && !by_content(c)) {
            return true;
        }
        let who_by_content = columns().any(|(c, column)| who(&column.role) && by_content(c));
        columns().any(|(c, column)| {
            column.role == ColumnRole::Deadline
                && (who_by_content || !by_content(c))
                && (self.last_row + 1..grid.rows.len())
                    .any(|r| content::is_deadline(&grid.value(r, c).text()))
        })
    }
}

/// The roles a row's cells name, one entry per grid column (None where unrecognised or covered).
pub(super) fn row_roles(grid: &Grid, r: usize) -> Vec<Option<ColumnRole>> {
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
pub(super) fn is_header(grid: &Grid, r: usize) -> bool {
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

pub(super) fn find_header(grid: &Grid) -> Option<Header> {
    let first_row = (0..grid.rows.len())
        .find(|&r| is_header(grid, r))
        .or_else(|| (0..grid.rows.len().min(10)).find(|&r| is_header_by_content(grid, r)))?;
    let width = grid.width();
    let mut columns: Vec<Column> = Vec::with_capacity(width);
    let mut spanned = vec![false; width];
    let cells = &grid.rows[first_row].cells;
    for (c, spanned) in spanned.iter_mut().enumerate() {
        let cell = cells.get(c);
        // A position under a spanning header cell reads the anchor's text.
        let header = grid.value(first_row, c).text().trim().to_string();
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
        } else if !own.is_empty() && own.iter().all(|&c| under_span(grid, first_row, c)) {
            // Sub-headers under a header cell spanning columns (年度目标 over 数量 | 单位):
            // each column is named by both, and keeps the role it had.
            for &c in &own {
                let sub = grid.rows[next].cells[c].value.text().trim().to_string();
                columns[c].header = format!("{}·{sub}", columns[c].header);
                spanned[c] = false;
            }
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

/// True when header cell (`row`, `c`) is part of a cell spanning several columns, and the row
/// below has short cells only under such cells (every other position covered from above).
fn under_span(grid: &Grid, row: usize, c: usize) -> bool {
    let spans = match grid.rows[row].cells.get(c).map(|cell| &cell.merge) {
        Some(Merge::Anchor { cols, .. }) => *cols > 1,
        Some(Merge::Covered { row: r, .. }) => *r as usize == row,
        _ => false,
    };
    let next = &grid.rows[row + 1];
    spans
        && next.cells.iter().enumerate().all(|(k, cell)| {
            cell.is_covered()
                || cell.value.is_blank()
                || cell.value.text().trim().chars().count() <= SUB_HEADER_CHARS
                    && matches!(
                        grid.rows[row].cells.get(k).map(|h| &h.merge),
                        Some(Merge::Anchor { cols: 2.., .. } | Merge::Covered { .. })
                    )
        })
}

/// The most characters of a sub-header under a spanning header cell.
pub(super) const SUB_HEADER_CHARS: usize = 8;

/// A header whose words the vocabulary knows only in part (`检查内容 | 时间安排 | 责任单位`):
/// a row of short cells, one at least naming a role, over rows of as many cells whose content
/// gives the other columns their roles (a requirement among them).
pub(super) fn is_header_by_content(grid: &Grid, r: usize) -> bool {
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
    // One word at least must name what is done or who does it: a number and a time limit
    // head many tables that are not task lists (公开时限 over a disclosure catalogue).
    let names_work = row_roles(grid, r).iter().flatten().any(|role| {
        !matches!(
            role,
            ColumnRole::Number | ColumnRole::Deadline | ColumnRole::Notes | ColumnRole::Extra(_)
        )
    });
    if !names_work {
        return false;
    }
    let shown = |b: usize| {
        (0..grid.rows[b].cells.len())
            .filter(|&c| !grid.value(b, c).is_blank())
            .count()
    };
    let full = (r + 1..grid.rows.len())
        .filter(|&b| shown(b) + 1 >= own.len())
        .count();
    if full < 2 {
        return false;
    }
    let mut columns: Vec<Column> = (0..row.cells.len())
        .map(|c| grid.value(r, c).text().trim().to_string())
        .map(|header| Column {
            role: role_of(&header).unwrap_or(ColumnRole::Extra(String::new())),
            header,
        })
        .collect();
    content::decide(grid, r + 1, &vec![false; columns.len()], &mut columns);
    columns
        .iter()
        .any(|c| matches!(c.role, ColumnRole::Requirement | ColumnRole::Task))
}

pub(super) fn decide_spanned_columns(
    grid: &Grid,
    body: usize,
    spanned: &[bool],
    columns: &mut [Column],
) {
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
pub(super) fn is_heading_column(grid: &Grid, body: usize, c: usize) -> bool {
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
pub(super) fn header_keys(columns: &[Column]) -> Vec<String> {
    columns
        .iter()
        .map(|c| normalize_header(&c.header))
        .collect()
}

/// A row that repeats the header (a header typed again where the printed table broke).
pub(super) fn is_repeat_of(grid: &Grid, r: usize, header: &[String]) -> bool {
    // A cell much longer than its header word is data: compare only the short ones.
    // Positions covered from the row above (a header cell spanning two rows) are not typed again.
    let matches = (0..grid.rows[r].cells.len())
        .map(|c| (grid.rows[r].cells[c].is_covered(), grid.value(r, c)))
        .zip(header)
        .filter(|((covered, v), h)| {
            !covered
                && !h.is_empty()
                && matches!(v, Value::Text(t) if t.len() <= h.len() * 3 + 12 && normalize_header(t) == **h)
        })
        .count();
    matches >= 2 && matches * 2 >= header.iter().filter(|h| !h.is_empty()).count()
}
