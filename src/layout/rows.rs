//! The rows under a header: data, headings and notes told apart, repeated header rows dropped,
//! each row's cells as slots that remember merges and continuation.

use super::content::{self, Kind};
use super::header::{header_keys, is_header, is_repeat_of};
use super::{Column, RowKind, Slot, TableRow, TaskTable};
use crate::diagnostic::{Code, Diagnostic};
use crate::grid::{Cell, Grid, GridSource, Merge, Value};
use crate::outline;
use crate::syntax::header::ColumnRole;

/// Takes the rows of `grid` from row `from` on into `table`: headings standing right before the
/// table first, then each row that is neither blank nor the header again, as a heading, a note
/// or a data row.
pub(super) fn take_rows(
    grid: &Grid,
    from: usize,
    table: &mut TaskTable,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let n = table.columns.len();
    // Headings standing as paragraphs right before this table head its rows.
    for (text, location) in &grid.headings {
        let mut slots = empty_slots(location, n.max(1));
        slots[0].value = Value::Text(text.clone());
        table.push(TableRow {
            kind: RowKind::Heading,
            slots,
            overflow: Vec::new(),
            location: location.clone(),
        });
    }
    let header = header_keys(&table.columns);
    let header_columns = header_columns(grid, from);
    for r in from..grid.rows.len() {
        let row = &grid.rows[r];
        if grid.is_blank_row(r)
            || only_continued(grid, r, from)
            || is_repeat_of(grid, r, &header)
            || (row.repeat_header && is_header(grid, r))
        {
            continue;
        }
        let mut slots = slots_of(grid, r, from);
        if let Some(columns) = &header_columns {
            slots = under_header(grid, r, slots, columns);
        }
        let own: Vec<usize> = (0..row.cells.len())
            .filter(|&c| !row.cells[c].is_covered() && !row.cells[c].value.is_blank())
            .collect();
        match kind_of(grid, r, &own, n) {
            RowKind::Data => {
                let above = table.rows.iter().rev().find(|t| t.kind == RowKind::Data);
                // A table continued under a header whose cells span grid columns: the slots
                // under the header's own cells are the table's columns.
                if let Some(columns) = header_columns.as_ref().filter(|c| c.len() == n)
                    && slots.len() > n
                {
                    slots = under_own_cells(grid, r, slots, columns);
                }
                let row = data_row(grid, r, slots, (&table.columns, above), diagnostics);
                table.push(row);
            }
            kind => {
                // A heading or note row: its one text sits in the first slot (a page's metadata
                // row, all its texts).
                let mut slot = slots[own[0]].clone();
                slot.continued = false;
                if own.len() > 1 {
                    let texts: Vec<String> = own
                        .iter()
                        .map(|&c| row.cells[c].value.text().trim().to_string())
                        .collect();
                    slot.value = Value::Text(texts.join(" "));
                }
                let mut lone_slots = empty_slots(&slot.location, n);
                lone_slots[0] = slot;
                table.push(TableRow {
                    kind,
                    slots: lone_slots,
                    overflow: Vec::new(),
                    location: grid.location(r, None),
                });
            }
        }
    }
}

/// The grid columns of the header's own cells, when a header cell spans several grid columns
/// (`工作要求` over two): None when every grid column has a header cell of its own.
pub(super) fn header_columns(grid: &Grid, from: usize) -> Option<Vec<usize>> {
    let header = grid.rows.get(from.checked_sub(1)?)?;
    let own: Vec<usize> = (0..header.cells.len())
        .filter(|&c| match header.cells[c].merge {
            // Covered from above in its own column (a header cell merged down): still a column.
            Merge::Covered { col, .. } => col as usize == c,
            _ => true,
        })
        .collect();
    (own.len() < header.cells.len()).then_some(own)
}

/// A row with as many cells as the header but at other boundaries (an office suite that joins
/// two tables standing one under the other keeps each row's own cell widths), and no region from
/// above, is read in order: its `k`-th cell under the header's `k`-th cell, as a person reading
/// the printed table does.
fn under_header(grid: &Grid, r: usize, slots: Vec<Slot>, columns: &[usize]) -> Vec<Slot> {
    let cells = &grid.rows[r].cells;
    let anchors: Vec<usize> = (0..cells.len())
        .filter(|&c| !cells[c].is_covered())
        .collect();
    // A region from a row above (a section merged down the first column) holds its column.
    let from_above = cells
        .iter()
        .any(|c| matches!(c.merge, Merge::Covered { row, .. } if (row as usize) < r));
    if from_above || anchors.len() != columns.len() || anchors == columns {
        return slots;
    }
    let mut placed: Vec<Slot> = (0..slots.len().max(columns.last().map_or(0, |c| c + 1)))
        .map(|c| Slot {
            id: 0,
            value: Value::Empty,
            location: grid.location(r, Some(c)),
            continued: false,
        })
        .collect();
    for (&from, &to) in anchors.iter().zip(columns) {
        placed[to] = slots[from].clone();
    }
    placed
}

/// A row's slots gathered under the header's own cells at grid `columns`: each slot goes under
/// the header cell spanning its grid column; two texts under one header cell are joined, so
/// nothing is lost.
fn under_own_cells(grid: &Grid, r: usize, slots: Vec<Slot>, columns: &[usize]) -> Vec<Slot> {
    let mut out: Vec<Option<Slot>> = vec![None; columns.len()];
    for (c, slot) in slots.into_iter().enumerate() {
        let k = columns.partition_point(|&h| h <= c).saturating_sub(1);
        match &mut out[k] {
            kept @ None => *kept = Some(slot),
            Some(kept) if !kept.is_own() && slot.is_own() => *kept = slot,
            Some(kept) if kept.is_own() && slot.is_own() => {
                kept.value = Value::Text(format!("{}\n{}", kept.value.text(), slot.value.text()));
            }
            Some(_) => {}
        }
    }
    out.into_iter()
        .zip(columns)
        .map(|(slot, &c)| {
            slot.unwrap_or_else(|| Slot {
                id: 0,
                value: Value::Empty,
                location: grid.location(r, Some(c)),
                continued: false,
            })
        })
        .collect()
}

/// `n` empty slots at one place.
fn empty_slots(location: &crate::grid::Location, n: usize) -> Vec<Slot> {
    vec![
        Slot {
            id: 0,
            value: Value::Empty,
            location: location.clone(),
            continued: false,
        };
        n
    ]
}

/// The slots of row `r`, each with its place and whether a merge continues it from above.
fn slots_of(grid: &Grid, r: usize, from: usize) -> Vec<Slot> {
    let row = &grid.rows[r];
    row.cells
        .iter()
        .enumerate()
        .map(|(c, cell)| {
            // A position covered from a row above continues its anchor's value. Horizontally
            // covered positions are not text of their own; nor is a header cell merged down
            // over body rows (`责任单位` spanning the header and the first row): its text is
            // the header's, not the row's.
            let continued = match cell.merge {
                Merge::Covered { row: ar, .. } => (ar as usize) < r && (ar as usize) >= from,
                _ => false,
            };
            Slot {
                id: 0,
                value: if continued || !cell.is_covered() {
                    grid.value(r, c).clone()
                } else {
                    Value::Empty
                },
                location: grid.location(r, Some(c)),
                continued,
            }
        })
        .collect()
}

/// A row every cell of which is empty or continues a region from a row above: it holds
/// nothing the rows above did not.
fn only_continued(grid: &Grid, r: usize, from: usize) -> bool {
    let row = &grid.rows[r];
    row.cells.iter().any(Cell::is_covered)
        && row.cells.iter().all(|c| match c.merge {
            Merge::Covered { row: ar, .. } => (ar as usize) < r && (ar as usize) >= from,
            _ => c.value.is_blank(),
        })
}

/// A row with one cell of its own is a note (`注：…`) or a heading (a numbered heading, or one
/// cell merged across the whole table); any other row is data.
fn kind_of(grid: &Grid, r: usize, own: &[usize], n: usize) -> RowKind {
    let row = &grid.rows[r];
    // A page's metadata row inside the table (`索引号： | … | 成文日期： | …`) is no item.
    if let Some(&first) = own.first()
        && is_metadata_label(&row.cells[first].value.text())
    {
        return RowKind::Note;
    }
    let [only] = own else {
        return RowKind::Data;
    };
    let text = row.cells[*only].value.text();
    let text = text.trim();
    let spans_row = n >= 2
        && matches!(row.cells[*only].merge, Merge::Anchor { cols, .. } if cols as usize + 1 >= n);
    if is_note(text) {
        RowKind::Note
    } else if spans_row || outline::heading(text).is_some() {
        RowKind::Heading
    } else {
        RowKind::Data
    }
}

/// A data row of `n` slots. A row copied from a web page or text that misses the cells of
/// merged regions it passes through is placed where its cells fit: its number stays first, and
/// its last cell goes under the rightmost column whose cell in the row `above` is of the same
/// kind (a status, a deadline, units); the columns it lacks continue from the row above. Cells
/// past the header's width overflow.
fn data_row(
    grid: &Grid,
    r: usize,
    mut slots: Vec<Slot>,
    (columns, above): (&[Column], Option<&TableRow>),
    diagnostics: &mut Vec<Diagnostic>,
) -> TableRow {
    let n = columns.len();
    let written = matches!(grid.source, GridSource::Text | GridSource::Paragraphs);
    let own = slots
        .iter()
        .rposition(|s| !s.value.is_blank())
        .map_or(0, |last| last + 1);
    // A row that has a cell, blank or not, for every column (a tab-separated row ending in an
    // empty 备注) stands as written, unless its cells do not fit their columns there (a copy
    // that lost the cells of merged columns and ends in empty bars).
    let complete = slots.len() >= n && fits_as_written(&slots[..own], columns);
    let mut set_aside = Vec::new();
    if written && own < n && own > 1 && !complete {
        let Some(columns) = columns_for(&slots[..own], columns, above) else {
            // Prose at the row's end that no column of text after its place takes (a
            // description the header gave no name, `1 / 联动共建科学城 / 推动……` under
            // `序号 / 工作任务 / 牵头单位 / 配合单位`): kept beside the row, never read as names.
            set_aside = set_aside_prose(grid, r, &mut slots, columns, diagnostics);
            return finish_row(grid, r, slots, n, set_aside);
        };
        if columns.iter().enumerate().any(|(i, &c)| i != c) || slots.len() < n {
            slots.truncate(own);
            let placed: Vec<String> = columns.iter().map(|c| (c + 1).to_string()).collect();
            slots = place(grid, r, slots, &columns, (n, above));
            diagnostics.push(Diagnostic::info(
                Code::ShortRow,
                Some(grid.location(r, None)),
                format!(
                    "the row has {own} cells for {n} columns; read as columns {}, the other {} continuing from the row above",
                    placed.join(", "),
                    n - own
                ),
            ));
        }
    }
    // A short row whose cells were lined up by the column that closes each row (units) may
    // still hold prose under a column of names with an empty column of names before it (a
    // description the header gave no column, where the row was cut off before its units): kept
    // beside the row, never read as names.
    let of_units = |c: &Column| {
        matches!(
            c.role,
            ColumnRole::Units | ColumnRole::Lead | ColumnRole::Cooperate
        )
    };
    let units_gap = slots
        .iter()
        .zip(columns)
        .position(|(s, c)| of_units(c) && s.value.is_blank());
    let prose_after_gap = units_gap.is_some_and(|gap| {
        slots.iter().zip(columns).skip(gap + 1).any(|(s, c)| {
            let text = s.value.text();
            of_units(c) && (is_prose(&text) || content::kind(&text) == Kind::Text)
        })
    });
    if written && prose_after_gap && set_aside.is_empty() {
        set_aside = set_aside_prose(grid, r, &mut slots, columns, diagnostics);
    }
    finish_row(grid, r, slots, n, set_aside)
}

/// The row's slots, `n` of them (empty ones added), the cells past the header's width and
/// those `set_aside` its overflow.
fn finish_row(
    grid: &Grid,
    r: usize,
    mut slots: Vec<Slot>,
    n: usize,
    set_aside: Vec<Slot>,
) -> TableRow {
    let mut overflow = if slots.len() > n {
        slots.split_off(n)
    } else {
        Vec::new()
    };
    overflow.extend(set_aside);
    while slots.len() < n {
        slots.push(Slot {
            id: 0,
            value: Value::Empty,
            location: grid.location(r, Some(slots.len())),
            continued: false,
        });
    }
    TableRow {
        kind: RowKind::Data,
        slots,
        overflow,
        location: grid.location(r, None),
    }
}

/// The columns a short row's `cells` stand under, among `columns`: its last cell under the
/// rightmost column whose cell in the row `above` is of the same kind, the others right before
/// it; an item number stays in the first column. Prose (a sentence, or a long text) never goes
/// under a column of names, numbers or dates: None when no column after its place takes it.
fn columns_for(cells: &[Slot], columns: &[Column], above: Option<&TableRow>) -> Option<Vec<usize>> {
    let n = columns.len();
    let k = cells.len();
    let kind = |v: &Value| content::kind(&v.text());
    let above_kind = |j: usize| above.and_then(|a| a.slots.get(j)).map(|s| kind(&s.value));
    let numbered =
        kind(&cells[0].value) == Kind::Number && above_kind(0).is_none_or(|k| k == Kind::Number);
    let last = kind(&cells[k - 1].value);
    // Text that reads as neither names nor a time (a task cut off by the end of a copy) is no
    // name either.
    let prose = is_prose(&cells[k - 1].value.text()) || last == Kind::Text;
    let fits = |j: usize| !prose || !holds_names(&columns[j].role);
    let end = (k - 1..n)
        .rev()
        .find(|&j| above_kind(j) == Some(last) && fits(j))
        .or_else(|| (k - 1..n).rev().find(|&j| fits(j)))?;
    Some(if numbered {
        std::iter::once(0).chain(end + 2 - k..=end).collect()
    } else {
        (end + 1 - k..=end).collect()
    })
}

/// Takes the prose out of the columns of names a short row's cells stand under as written
/// (says so in a `short-row` note): the taken cells, to keep beside the row.
fn set_aside_prose(
    grid: &Grid,
    r: usize,
    slots: &mut [Slot],
    columns: &[Column],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Slot> {
    let mut taken = Vec::new();
    for (slot, column) in slots.iter_mut().zip(columns) {
        let text = slot.value.text();
        if holds_names(&column.role) && (is_prose(&text) || content::kind(&text) == Kind::Text) {
            let empty = Slot {
                id: 0,
                value: Value::Empty,
                location: slot.location.clone(),
                continued: false,
            };
            taken.push(std::mem::replace(slot, empty));
        }
    }
    if !taken.is_empty() {
        diagnostics.push(Diagnostic::info(
            Code::ShortRow,
            Some(grid.location(r, None)),
            format!(
                "the row has fewer cells than columns and text no column of text takes; {} cell(s) kept as extra columns, not as names",
                taken.len()
            ),
        ));
    }
    taken
}

/// True when each of a row's cells fits the column it stands under: no prose, nor text that
/// reads as neither names nor a time, under a column of names, numbers or dates; and no unit
/// list under the task or requirement while the row leaves its units column empty (a copy that
/// lost the task merged over the row: `2.清点库房案卷。 | 综合科 | |`).
fn fits_as_written(cells: &[Slot], columns: &[Column]) -> bool {
    let units_left_empty = columns.iter().skip(cells.len()).any(|c| {
        matches!(
            c.role,
            ColumnRole::Units | ColumnRole::Lead | ColumnRole::Cooperate
        )
    });
    cells.iter().zip(columns).all(|(cell, column)| {
        let text = cell.value.text();
        let kind = content::kind(&text);
        let prose = is_prose(&text) || kind == Kind::Text;
        let units_in_text = units_left_empty
            && kind == Kind::Units
            && matches!(column.role, ColumnRole::Task | ColumnRole::Requirement);
        cell.value.is_blank() || !(prose && holds_names(&column.role) || units_in_text)
    })
}

/// A sentence, or text longer than any unit list or deadline is written.
fn is_prose(text: &str) -> bool {
    let t = text.trim();
    t.contains(['。', '；']) || t.chars().count() > 60
}

/// A column whose cells are names, numbers or dates, not prose.
pub(super) fn holds_names(role: &ColumnRole) -> bool {
    matches!(
        role,
        ColumnRole::Number
            | ColumnRole::Units
            | ColumnRole::Lead
            | ColumnRole::Cooperate
            | ColumnRole::Leaders
            | ColumnRole::Deadline
    )
}

/// The row's `cells` placed under `columns`, every other column continuing from the row above.
fn place(
    grid: &Grid,
    r: usize,
    cells: Vec<Slot>,
    columns: &[usize],
    (n, above): (usize, Option<&TableRow>),
) -> Vec<Slot> {
    let mut out: Vec<Slot> = (0..n)
        .map(|c| Slot {
            id: 0,
            value: Value::Empty,
            location: grid.location(r, Some(c)),
            continued: true,
        })
        .collect();
    let end = columns.last().copied().unwrap_or(0);
    for (mut slot, &c) in cells.into_iter().zip(columns) {
        slot.location = grid.location(r, Some(c));
        out[c] = slot;
    }
    // A cell merged down the last columns (the units of every sub-row) holds the value above;
    // a row the copy cut off has no such cells, only missing ones.
    if let Some(above) = above.filter(|_| !grid.rows[r].cut_off) {
        for (slot, s) in out.iter_mut().zip(&above.slots).skip(end + 1) {
            slot.value = s.value.clone();
        }
    }
    out
}

/// A label of a page's metadata (`索引号：`, `成文日期`, `发布机构：`), standing for itself.
pub(crate) fn is_metadata_label(text: &str) -> bool {
    let key: String = crate::text::simplified(text.trim())
        .trim_end_matches([':', '：'])
        .split_whitespace()
        .collect();
    [
        "索引号",
        "成文日期",
        "发布日期",
        "发文日期",
        "发布机构",
        "发文机关",
        "发文单位",
        "文号",
        "发文字号",
        "主题分类",
        "有效性",
        "公开方式",
        "信息来源",
    ]
    .contains(&key.as_str())
}

/// A note under the table (`注：`, `备注`, `说明：`).
fn is_note(text: &str) -> bool {
    ["注：", "注:", "备注", "说明：", "说明:", "附注"]
        .iter()
        .any(|p| text.starts_with(p))
}
