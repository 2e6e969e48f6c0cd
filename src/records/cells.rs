//! What an item row's cells say: its number, the section a heading cell opens, its task, the
//! units, deadline and leaders it shares with the rows merged with it, and its requirement.

use std::collections::BTreeMap;

use super::Split;
use super::inline::{lines, segments};
use super::state::{
    Columns, Origin, Shared, State, continue_record, first_line, note_number, take,
    without_requirement,
};
use super::{DeadlineCell, UnitCell};
use crate::diagnostic::{Code, Diagnostic};
use crate::grid::Value;
use crate::layout::{Slot, TableRow};
use crate::outline::{self, Level};
use crate::text::strip_tags;

/// 序号: an item number, or a heading ordinal (一 / （一）) marking a heading row. A cell that
/// is neither is kept in `extra`.
pub(super) fn read_number(
    s: &Slot,
    accounted: &mut [bool],
    out: &mut Split,
    extra: &mut BTreeMap<String, String>,
) -> (Option<u32>, Option<(Level, u32)>) {
    // A number merged down over the rows of one item (each row a measure of it) is each row's
    // number; its text is accounted for at its anchor.
    if s.continued {
        let text = s.value.text();
        let number = match &s.value {
            Value::Number(n) if n.fract() == 0.0 && *n >= 1.0 && *n < 1e6 => Some(*n as u32),
            _ => {
                outline::item_number(text.trim()).and_then(|(n, rest)| rest.is_empty().then_some(n))
            }
        };
        return (number, None);
    }
    let Some(text) = take(s, accounted) else {
        return (None, None);
    };
    let trimmed = text.trim();
    if let Value::Number(n) = &s.value
        && n.fract() == 0.0
        && *n >= 1.0
        && *n < 1e6
    {
        // In range (checked above): a whole number of at most six digits.
        return (Some(*n as u32), None);
    }
    if let Some((n, "")) = outline::item_number(trimmed) {
        (Some(n), None)
    } else if let Some(h) = outline::heading(trimmed).filter(|h| h.title.is_empty()) {
        (None, Some((h.level, h.ordinal)))
    } else if let Some(n) = outline::chinese_number(trimmed) {
        (None, Some((Level::Section, n)))
    } else {
        out.diagnostics.push(Diagnostic::warning(
            Code::NumberUnparsed,
            Some(s.location.clone()),
            format!("expected an item number such as 7, but found {trimmed:?}; kept in extra"),
        ));
        extra.insert("序号".to_string(), trimmed.to_string());
        (None, None)
    }
}

/// 类别: a section column. A heading with its ordinal, or a category named again row after row
/// (the same text keeps the same section), or a new category numbered by its order. A （一）
/// heading here stands under the row's 一、 heading in the task column, if the row has one: it
/// is returned, to be applied after that column.
pub(super) fn read_section(
    cols: &Columns,
    s: Option<&Slot>,
    state: &mut State,
    out: &mut Split,
    accounted: &mut [bool],
) -> Option<(u32, String, usize)> {
    let column = cols.section?;
    let text = take(s?, accounted)?;
    let text = strip_tags(&text);
    let text = text.trim();
    match outline::heading(text) {
        Some(h) if h.level == Level::Subsection => {
            return Some((h.ordinal, h.title.to_string(), column));
        }
        Some(h) => {
            state.set_heading(h.level, Some(h.ordinal), h.title, Origin::Column(column));
        }
        None => {
            let same = state
                .section
                .as_ref()
                .is_some_and(|(h, _)| h.title.as_deref() == Some(text));
            if !same && state.set_heading(Level::Section, None, text, Origin::Column(column)) {
                out.diagnostics.push(Diagnostic::info(
                    Code::HeadingUnnumbered,
                    s.map(|s| s.location.clone()),
                    format!("the category {text:?} has no ordinal; numbered by its order"),
                ));
            }
        }
    }
    None
}

/// 工作任务: a heading, a numbered task, or a task; empty or merged carries the one above.
pub(super) fn read_task(
    cols: &Columns,
    s: Option<&Slot>,
    heading_from_number: Option<(Level, u32)>,
    state: &mut State,
    number: &mut Option<u32>,
    out: &mut Split,
    accounted: &mut [bool],
) -> Option<String> {
    let Some(s) = s else {
        if let Some((level, ordinal)) = heading_from_number {
            state.set_heading(level, Some(ordinal), "", Origin::Row);
        }
        return None;
    };
    let column = cols.task.unwrap_or(0);
    let Some(text) = take(s, accounted) else {
        return state.task.clone();
    };
    let text = strip_tags(&text);
    let text = text.trim();
    let mut task = None;
    if let Some((level, ordinal)) = heading_from_number {
        state.set_heading(level, Some(ordinal), text, Origin::Column(column));
    } else if let Some(h) = outline::heading(text)
        && (cols.section.is_none() || h.level == Level::Section)
    {
        // With a section column beside it, a （一） heading here is the task itself
        // (目标 | 任务 with （一）… tasks): a column keeps the role its header gives it.
        let (first, rest) = first_line(h.title);
        state.set_heading(h.level, Some(h.ordinal), first, Origin::Column(column));
        if !rest.is_empty() {
            task = Some(rest.to_string());
            state.task.clone_from(&task);
        }
    } else {
        state.end_headings_from(column);
        match outline::item_number(text) {
            Some((n, rest)) => {
                note_number(number, n, &s.location, out);
                task = (!rest.is_empty()).then(|| rest.to_string());
            }
            None => task = Some(text.to_string()),
        }
        state.task.clone_from(&task);
    }
    task
}

/// The cells every record of the row shares: units, deadline, notes, leaders, unknown columns
/// and cells beyond the header's width. Units and deadline cells merged down from the row above
/// are read again (they are the row's too), but accounted for once.
pub(super) fn read_shared(
    row: &TableRow,
    cols: &Columns,
    task: Option<String>,
    mut extra: BTreeMap<String, String>,
    accounted: &mut [bool],
) -> Shared {
    let slot = |i: Option<usize>| i.and_then(|i| row.slots.get(i));
    let units: Vec<UnitCell> = cols
        .units
        .iter()
        .filter_map(|&(i, hint)| {
            let s = row.slots.get(i)?;
            if s.value.is_blank() {
                return None;
            }
            if !s.continued {
                accounted[s.id] = true;
            }
            Some(UnitCell {
                text: s.value.text().into_owned(),
                hint,
                location: s.location.clone(),
            })
        })
        .collect();
    let deadline = slot(cols.deadline).and_then(|s| {
        if s.value.is_blank() {
            return None;
        }
        if !s.continued {
            accounted[s.id] = true;
        }
        Some(DeadlineCell {
            value: s.value.clone(),
            location: s.location.clone(),
        })
    });
    let notes = slot(cols.notes).and_then(|s| take(s, accounted));
    let leaders = slot(cols.leaders)
        .and_then(|s| take(s, accounted))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .into_iter()
        .collect();
    for (i, name) in &cols.extra {
        if let Some(text) = row.slots.get(*i).and_then(|s| take(s, accounted)) {
            // Two columns of one name (under one spanning header cell) keep both values.
            let mut key = name.clone();
            let mut n = 2;
            while extra.contains_key(&key) {
                key = format!("{name} ({n})");
                n += 1;
            }
            extra.insert(key, text.trim().to_string());
        }
    }
    for (k, s) in row.overflow.iter().enumerate() {
        if let Some(text) = take(s, accounted) {
            extra.insert(
                format!("column {}", row.slots.len() + k + 1),
                text.trim().to_string(),
            );
        }
    }
    Shared {
        task,
        units,
        leaders,
        deadline,
        notes,
        extra,
        source: row.location.clone(),
    }
}

/// A row without a requirement of its own under a merged requirement cell (or with no
/// requirement column at all): a sub-row with its own unit and deadline becomes a record sharing
/// the measure; any other row adds its cells to the item above. False when there is no item
/// above.
pub(super) fn continue_above(
    row: &TableRow,
    requirement_continued: bool,
    shared: Shared,
    state: &State,
    out: &mut Split,
) -> bool {
    if requirement_continued
        && shared.deadline.is_some()
        && !shared.units.is_empty()
        && let Some(last) = out.records.last()
        && last.deadline.is_some()
    {
        let leaders = last.leaders.clone();
        let mut record = state.record(last.number, last.requirement.clone(), shared);
        // A leader cell merged over the sub-rows is every sub-row's.
        if record.leaders.is_empty() {
            record.leaders = leaders;
        }
        out.diagnostics.push(Diagnostic::info(
            Code::SubRow,
            Some(row.location.clone()),
            "the measure merged over this row has a unit and deadline of its own here: a record of its own, sharing the measure",
        ));
        out.records.push(record);
        return true;
    }
    let Some(last) = out.records.last_mut() else {
        return false;
    };
    if !shared.is_empty() {
        out.diagnostics.push(Diagnostic::info(
            Code::RowContinues,
            Some(row.location.clone()),
            "the row has no requirement of its own; its cells were added to the item above",
        ));
        continue_record(last, shared, &mut out.diagnostics);
    }
    true
}

/// 工作要求: one item, or several numbered items in one cell, each a record sharing the row's
/// other cells; a heading at the start of the text (（一）聚焦…) is taken as the heading.
pub(super) fn split_requirement(
    requirement_text: &str,
    requirement_slot: Option<&Slot>,
    mut number: Option<u32>,
    shared: Shared,
    cols: &Columns,
    state: &mut State,
    out: &mut Split,
) {
    let mut segments = segments(requirement_text);
    if let Some(first) = segments.first()
        && first.number.is_none()
        && let Some(h) = outline::heading(&first.text)
    {
        let (title, rest) = first_line(h.title);
        state.set_heading(h.level, Some(h.ordinal), title, Origin::Row);
        let rest = rest.to_string();
        if rest.is_empty() {
            segments.remove(0);
        } else {
            segments[0].text = rest;
            let resplit = self::segments(&segments[0].text);
            segments.splice(0..1, resplit);
        }
        if segments.is_empty() {
            // Only a heading: the row's other cells, if any, make an item without requirement.
            without_requirement(out, state, number, shared, cols);
            return;
        }
    }

    let numbered = segments.len() > 1 && segments.iter().all(|s| s.number.is_some());
    if numbered && number.is_none_or(|n| Some(n) == segments[0].number) {
        let count = segments.len();
        out.diagnostics.push(Diagnostic::info(
            Code::ItemsSplit,
            requirement_slot.map(|s| s.location.clone()),
            format!(
                "one cell holds {count} numbered items ({}–{}); each became a record sharing the row's units and deadline",
                segments[0].number.unwrap_or(0),
                segments[count - 1].number.unwrap_or(0)
            ),
        ));
        for seg in segments {
            out.records
                .push(state.record(seg.number, seg.text, shared.clone()));
        }
        return;
    }
    // One item. Its own leading number counts when the row has none elsewhere (or the same).
    let requirement = match segments.as_slice() {
        [only] if only.number.is_some() && number.is_none_or(|n| Some(n) == only.number) => {
            number = only.number;
            only.text.clone()
        }
        _ => lines(requirement_text).join("\n"),
    };
    out.records.push(state.record(number, requirement, shared));
}
