//! The rows under a header: data, headings and notes told apart, repeated header rows dropped,
//! each row's cells as slots that remember merges and continuation.

use super::header::{header_keys, is_header, is_repeat_of};
use super::{RowKind, Slot, TableRow, TaskTable};
use crate::diagnostic::{Code, Diagnostic};
use crate::grid::{Grid, GridSource, Merge, Value};
use crate::outline;

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
    for r in from..grid.rows.len() {
        let row = &grid.rows[r];
        if row.cells.iter().all(|c| c.value.is_blank())
            || is_repeat_of(grid, r, &header)
            || (row.repeat_header && is_header(grid, r))
        {
            continue;
        }
        let slots = slots_of(grid, r, from);
        let own: Vec<usize> = (0..row.cells.len())
            .filter(|&c| !row.cells[c].is_covered() && !row.cells[c].value.is_blank())
            .collect();
        match kind_of(grid, r, &own, n) {
            RowKind::Data => table.push(data_row(grid, r, slots, n, diagnostics)),
            kind => {
                // A heading or note row: its one text sits in the first slot.
                let mut slot = slots[own[0]].clone();
                slot.continued = false;
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
    // Horizontally covered positions repeat their anchor's text; they are not text of their
    // own. Nor is a header cell merged down over body rows (`责任单位` spanning the header and
    // the first row): its text is the header's, not the row's.
    for (c, cell) in row.cells.iter().enumerate() {
        if let Merge::Covered { row: ar, .. } = cell.merge
            && (ar as usize == r || (ar as usize) < from)
        {
            slots[c].value = Value::Empty;
            slots[c].continued = false;
        }
    }
    slots
}

/// A row with one cell of its own is a note (`注：…`) or a heading (a numbered heading, or one
/// cell merged across the whole table); any other row is data.
fn kind_of(grid: &Grid, r: usize, own: &[usize], n: usize) -> RowKind {
    let row = &grid.rows[r];
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

/// A data row of `n` slots: a row copied from a web page that misses the cells of merged
/// regions it passes through is padded at its start; cells past the header's width overflow.
fn data_row(
    grid: &Grid,
    r: usize,
    mut slots: Vec<Slot>,
    n: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> TableRow {
    if slots.len() < n
        && slots.len() > 1
        && matches!(grid.source, GridSource::Text | GridSource::Paragraphs)
    {
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
    TableRow {
        kind: RowKind::Data,
        slots,
        overflow,
        location: grid.location(r, None),
    }
}

/// A note under the table (`注：`, `备注`, `说明：`).
fn is_note(text: &str) -> bool {
    ["注：", "注:", "备注", "说明：", "说明:", "附注"]
        .iter()
        .any(|p| text.starts_with(p))
}
