//! A task table's rows, one at a time: the headings they stand under, the cells merged over
//! them carried down, and a record for each item row.

use std::collections::BTreeMap;

use super::Split;
use super::cells::{
    continue_above, read_number, read_section, read_shared, read_task, split_requirement,
};
use super::state::{Columns, Origin, State, take, without_requirement};
use crate::diagnostic::{Code, Diagnostic};
use crate::grid::Location;
use crate::layout::{RowKind, Slot, TableRow, TaskTable};
use crate::outline::{self, Level};
use crate::text::strip_tags;

pub(super) fn split_table(table: &TaskTable, out: &mut Split, accounted: &mut [bool]) {
    let cols = Columns::of(table);
    let mut state = State::default();
    // The last heading read, while no item stands under it yet: its level, place and text.
    let mut empty: Option<(Level, Location, String)> = None;
    let no_item_under = |heading: Option<(Level, Location, String)>, out: &mut Split| {
        if let Some((_, location, text)) = heading {
            out.diagnostics.push(Diagnostic::info(
                Code::ListText,
                Some(location),
                format!("a heading no item stands under: {:?}", text.trim()),
            ));
        }
    };
    for row in &table.rows {
        match row.kind {
            RowKind::Heading => {
                let Some(text) = take(&row.slots[0], accounted) else {
                    continue;
                };
                let text = strip_tags(&text);
                let (level, ordinal, title) = match outline::heading(&text) {
                    Some(h) => (h.level, Some(h.ordinal), h.title.to_string()),
                    None => (Level::Section, None, text.trim().to_string()),
                };
                // A heading followed by one of its own level or above has no item under it
                // (a notice copying its own rows out of a larger table keeps every section).
                let deeper =
                    matches!(&empty, Some((Level::Section, ..))) && level == Level::Subsection;
                if !deeper {
                    no_item_under(empty.take(), out);
                }
                empty = Some((level, row.slots[0].location.clone(), text.clone()));
                if state.set_heading(level, ordinal, &title, Origin::Row) {
                    out.diagnostics.push(Diagnostic::info(
                        Code::HeadingUnnumbered,
                        Some(row.slots[0].location.clone()),
                        format!(
                            "the heading {:?} has no ordinal; numbered by its order",
                            text.trim()
                        ),
                    ));
                }
                continue;
            }
            RowKind::Note => {
                if let Some(text) = take(&row.slots[0], accounted) {
                    out.diagnostics.push(Diagnostic::info(
                        Code::Note,
                        Some(row.slots[0].location.clone()),
                        format!("a note under the table, not a work item: {:?}", text.trim()),
                    ));
                }
                continue;
            }
            RowKind::Data => {}
        }
        empty = None;
        split_row(row, &cols, &mut state, out, accounted);
    }
    no_item_under(empty, out);
}

/// One data row: each column read by its own step, in the order the columns' meanings depend
/// on each other (the number may mark a heading; a section column's subsection waits for the
/// task column's section), then the requirement split into records.
pub(super) fn split_row(
    row: &TableRow,
    cols: &Columns,
    state: &mut State,
    out: &mut Split,
    accounted: &mut [bool],
) {
    let slot = |i: Option<usize>| i.and_then(|i| row.slots.get(i));
    let mut extra = BTreeMap::new();
    let (mut number, heading_from_number) = match slot(cols.number) {
        Some(s) => read_number(s, accounted, out, &mut extra),
        None => (None, None),
    };
    let pending_subsection = read_section(cols, slot(cols.section), state, out, accounted);
    let task = read_task(
        cols,
        slot(cols.task),
        heading_from_number,
        state,
        &mut number,
        out,
        accounted,
    );
    if let Some((ordinal, title, column)) = pending_subsection {
        state.set_heading(
            Level::Subsection,
            Some(ordinal),
            &title,
            Origin::Column(column),
        );
    }

    let requirement_slot = slot(cols.requirement);
    let requirement_text = requirement_slot.and_then(|s| take(s, accounted));
    let requirement_continued = requirement_slot.is_some_and(|s| s.continued);
    let shared = read_shared(row, cols, task, extra, accounted);
    if let Some(text) = requirement_text {
        split_requirement(&text, requirement_slot, number, shared, cols, state, out);
        return;
    }
    let has_own_task = shared.task.is_some() && slot(cols.task).is_some_and(Slot::is_own);
    // A number merged down from the row above is the item above's, no number of this row's own.
    let own_number = number.is_some() && slot(cols.number).is_some_and(Slot::is_own);
    if has_own_task
        || own_number
        || !(requirement_continued || cols.requirement.is_some())
        || !continue_above(row, requirement_continued, shared.clone(), state, out)
    {
        without_requirement(out, state, number, shared, cols);
    }
}
