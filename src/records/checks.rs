//! What the records of all tables say together: numbers a sequence makes certain, items under
//! no section heading, and cells no record took.

use super::{RawRecord, Split};
use crate::diagnostic::{Code, Diagnostic};
use crate::layout::TaskTable;

/// Gives unnumbered records the numbers their neighbours make certain: a run between item p
/// and item q with exactly q − p − 1 records, a run at the start that ends just before item
/// k + 1 with k records, or a run after the last numbered item.
pub(super) fn infer_numbers(out: &mut Split) {
    let explicit: Vec<(usize, u32)> = out
        .records
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.number.map(|n| (i, n)))
        .collect();
    if explicit.is_empty() {
        return;
    }
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < out.records.len() {
        if out.records[i].number.is_none() {
            let start = i;
            while i < out.records.len() && out.records[i].number.is_none() {
                i += 1;
            }
            runs.push((start, i));
        } else {
            i += 1;
        }
    }
    for (start, end) in runs {
        let prev = explicit.iter().rev().find(|(i, _)| *i < start);
        let next = explicit.iter().find(|(i, _)| *i >= end);
        let first = match (prev, next) {
            (Some(&(pi, p)), Some(&(ni, q))) => {
                (q.checked_sub(p) == Some((ni - pi) as u32)).then_some(p + (start - pi) as u32)
            }
            (None, Some(&(ni, q))) => (q as usize == ni + 1).then_some(1),
            (Some(&(pi, p)), None) => Some(p + (start - pi) as u32),
            (None, None) => None,
        };
        let location = Some(out.records[start].source.clone());
        match first {
            Some(first) => {
                for (k, record) in out.records[start..end].iter_mut().enumerate() {
                    record.number = Some(first + k as u32);
                    record.number_inferred = true;
                }
                let last = first + (end - start) as u32 - 1;
                let which = if first == last {
                    format!("item {first} carries")
                } else {
                    format!("items {first}–{last} carry")
                };
                out.diagnostics.push(Diagnostic::info(
                    Code::NumberInferred,
                    location,
                    format!("{which} no number in the table; numbered from the sequence around them"),
                ));
            }
            None => out.diagnostics.push(Diagnostic::warning(
                Code::NumberUncertain,
                location,
                format!(
                    "{} unnumbered item(s) where the numbers around them do not say which; left without a number",
                    end - start
                ),
            )),
        }
    }
}

pub(super) fn report_missing_sections(out: &mut Split) {
    if out.records.iter().all(|r| r.section.is_none()) {
        return;
    }
    let mut i = 0;
    while i < out.records.len() {
        if out.records[i].section.is_some() {
            i += 1;
            continue;
        }
        let start = i;
        while i < out.records.len() && out.records[i].section.is_none() {
            i += 1;
        }
        let label = |r: &RawRecord| r.number.map_or("?".to_string(), |n| n.to_string());
        let (a, b) = (label(&out.records[start]), label(&out.records[i - 1]));
        let which = if start + 1 == i {
            format!("item {a} stands")
        } else {
            format!("items {a}–{b} stand")
        };
        out.diagnostics.push(Diagnostic::warning(
            Code::SectionMissing,
            Some(out.records[start].source.clone()),
            format!("{which} under no section heading (the heading may have been lost in export)"),
        ));
    }
}

/// Every cell with text of its own must have reached a record or a diagnostic.
pub(super) fn check_accounted(
    table: &TaskTable,
    accounted: &[bool],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for row in &table.rows {
        for slot in row.slots.iter().chain(&row.overflow) {
            if slot.is_own() && !accounted.get(slot.id).copied().unwrap_or(false) {
                let text: String = slot.value.text().chars().take(40).collect();
                diagnostics.push(Diagnostic::error(
                    Code::CellUnaccounted,
                    Some(slot.location.clone()),
                    format!("the cell's text reached no record: {text:?}"),
                ));
            }
        }
    }
}
