//! What the rows of a task table carry from one to the next while they are read: the headings
//! they stand under, the task of a merged cell, the columns by role, and the cells an item
//! shares with the rows merged with it.

use std::collections::BTreeMap;

use super::{DeadlineCell, HeadingRef, RawRecord, Split, UnitCell};
use crate::diagnostic::{Code, Diagnostic};
use crate::grid::Location;
use crate::layout::{ColumnRole, Slot, TaskTable};
use crate::outline::Level;
use crate::syntax::units::RoleHint;

/// Where the current section heading came from; a heading that stood in a merged column ends
/// where that column next holds something else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Origin {
    Column(usize),
    Row,
}

#[derive(Debug, Default)]
pub(super) struct State {
    pub(super) section: Option<(HeadingRef, Origin)>,
    pub(super) subsection: Option<(HeadingRef, Origin)>,
    /// The task text of a merged task cell, carried to the rows it covers.
    pub(super) task: Option<String>,
    /// The last ordinal given per level (section, subsection): a heading without one continues
    /// the sequence.
    pub(super) last_ordinal: [u32; 2],
    /// What each heading's closing bracket names over all its items (`（牵头领导：张明）`), per
    /// level: the label and its text, for the `extra` of each item under it.
    pub(super) overall: [Option<(String, String)>; 2],
}

impl State {
    pub(super) fn set_heading(
        &mut self,
        level: Level,
        ordinal: Option<u32>,
        title: &str,
        origin: Origin,
    ) -> bool {
        let slot = match level {
            Level::Section => 0,
            Level::Subsection => 1,
        };
        // `主要经济指标（牵头领导：张明、李华）`: the bracket goes to each item, not the title.
        let overall = crate::syntax::heading::overall(title);
        self.overall[slot] = overall.map(|(_, label, text)| (label.to_string(), text.to_string()));
        if level == Level::Section {
            self.overall[1] = None;
        }
        let title = overall.map_or(title, |(at, _, _)| &title[..at]);
        let title = (!title.trim().is_empty()).then(|| title.trim().to_string());
        let inferred = ordinal.is_none();
        let ordinal = ordinal.unwrap_or(self.last_ordinal[slot] + 1);
        self.last_ordinal[slot] = ordinal;
        if level == Level::Section {
            // Subsections count again under each section.
            self.last_ordinal[1] = 0;
        }
        let heading = HeadingRef { ordinal, title };
        match level {
            Level::Section => {
                self.section = Some((heading, origin));
                self.subsection = None;
            }
            Level::Subsection => self.subsection = Some((heading, origin)),
        }
        self.task = None;
        inferred
    }

    /// A column that held a heading now holds something else: the merged heading cell ended.
    pub(super) fn end_headings_from(&mut self, column: usize) {
        if matches!(self.section, Some((_, Origin::Column(c))) if c == column) {
            self.section = None;
            self.subsection = None;
            self.overall = [None, None];
        }
        if matches!(self.subsection, Some((_, Origin::Column(c))) if c == column) {
            self.subsection = None;
            self.overall[1] = None;
        }
    }
}

/// Column indices by role.
pub(super) struct Columns {
    pub(super) number: Option<usize>,
    pub(super) section: Option<usize>,
    pub(super) task: Option<usize>,
    pub(super) requirement: Option<usize>,
    pub(super) units: Vec<(usize, RoleHint)>,
    pub(super) leaders: Option<usize>,
    pub(super) deadline: Option<usize>,
    pub(super) notes: Option<usize>,
    pub(super) extra: Vec<(usize, String)>,
}

impl Columns {
    pub(super) fn of(table: &TaskTable) -> Columns {
        let find = |role: ColumnRole| table.columns.iter().position(|c| c.role == role);
        let mut units = Vec::new();
        let mut extra = Vec::new();
        for (i, c) in table.columns.iter().enumerate() {
            match &c.role {
                ColumnRole::Units => units.push((i, RoleHint::InText)),
                ColumnRole::Lead => units.push((i, RoleHint::Lead)),
                ColumnRole::Cooperate => units.push((i, RoleHint::Cooperate)),
                ColumnRole::Extra(name) => extra.push((i, name.clone())),
                _ => {}
            }
        }
        Columns {
            number: find(ColumnRole::Number),
            section: find(ColumnRole::Section),
            task: find(ColumnRole::Task),
            requirement: find(ColumnRole::Requirement),
            units,
            leaders: find(ColumnRole::Leaders),
            deadline: find(ColumnRole::Deadline),
            notes: find(ColumnRole::Notes),
            extra,
        }
    }
}

/// The text of a slot that holds text of its own, marking it as accounted for.
pub(super) fn take(slot: &Slot, accounted: &mut [bool]) -> Option<String> {
    if !slot.is_own() {
        return None;
    }
    accounted[slot.id] = true;
    Some(slot.value.text().into_owned())
}

/// What every item of a row shares: the cells beside the requirement.
#[derive(Debug, Clone)]
pub(super) struct Shared {
    pub(super) task: Option<String>,
    pub(super) units: Vec<UnitCell>,
    pub(super) leaders: Vec<String>,
    pub(super) deadline: Option<DeadlineCell>,
    pub(super) notes: Option<String>,
    pub(super) extra: BTreeMap<String, String>,
    pub(super) source: Location,
}

impl Shared {
    /// True when the row has no cell of its own beside the task (and the requirement).
    pub(super) fn is_empty(&self) -> bool {
        self.units.is_empty()
            && self.leaders.is_empty()
            && self.deadline.is_none()
            && self.notes.is_none()
            && self.extra.is_empty()
    }
}

impl State {
    /// A record under the current headings.
    pub(super) fn record(
        &self,
        number: Option<u32>,
        requirement: String,
        shared: Shared,
    ) -> RawRecord {
        let mut extra = shared.extra;
        for (label, text) in self.overall.iter().flatten() {
            extra.entry(label.clone()).or_insert_with(|| text.clone());
        }
        RawRecord {
            number,
            number_inferred: false,
            section: self.section.as_ref().map(|(h, _)| h.clone()),
            subsection: self.subsection.as_ref().map(|(h, _)| h.clone()),
            task: shared.task,
            requirement,
            units: shared.units,
            leaders: shared.leaders,
            deadline: shared.deadline,
            notes: shared.notes,
            extra,
            source: shared.source,
        }
    }
}

/// A row without requirement text: an item of its task, units and deadline (with a warning), or
/// nothing when the row holds nothing else.
pub(super) fn without_requirement(
    out: &mut Split,
    state: &State,
    number: Option<u32>,
    shared: Shared,
    cols: &Columns,
) {
    if shared.task.is_none() && shared.is_empty() && number.is_none() {
        return;
    }
    if cols.requirement.is_some() {
        out.diagnostics.push(Diagnostic::warning(
            Code::RequirementMissing,
            Some(shared.source.clone()),
            "the row has no requirement text",
        ));
    }
    out.records
        .push(state.record(number, String::new(), shared));
}

/// Adds a continuation row's cells to the item above. Nothing is dropped: a second deadline and
/// text under a key the item already has are kept beside the first.
pub(super) fn continue_record(
    last: &mut RawRecord,
    shared: Shared,
    diagnostics: &mut Vec<Diagnostic>,
) {
    last.units.extend(shared.units);
    match (&last.deadline, shared.deadline) {
        (None, d) => last.deadline = d,
        (Some(_), Some(d)) => {
            diagnostics.push(Diagnostic::warning(
                Code::DeadlineIgnored,
                Some(d.location.clone()),
                format!(
                    "a second deadline for the item above, kept in extra: {:?}",
                    d.value.text()
                ),
            ));
            append(&mut last.extra, "时限 (2)", d.value.text().into_owned());
        }
        (Some(_), None) => {}
    }
    for (k, v) in shared.extra {
        append(&mut last.extra, &k, v);
    }
    last.leaders.extend(shared.leaders);
    if let Some(n) = shared.notes {
        last.notes = Some(match last.notes.take() {
            Some(old) => format!("{old}\n{n}"),
            None => n,
        });
    }
}

/// Puts `value` under `key`, after what is there already.
pub(super) fn append(map: &mut BTreeMap<String, String>, key: &str, value: String) {
    match map.get_mut(key) {
        Some(old) if *old != value => {
            old.push('\n');
            old.push_str(&value);
        }
        Some(_) => {}
        None => {
            map.insert(key.to_string(), value);
        }
    }
}

pub(super) fn note_number(number: &mut Option<u32>, n: u32, location: &Location, out: &mut Split) {
    match number {
        Some(existing) if *existing != n => out.diagnostics.push(Diagnostic::warning(
            Code::NumberConflict,
            Some(location.clone()),
            format!(
                "the 序号 column says {existing} but the task cell starts with {n}; kept {existing}"
            ),
        )),
        Some(_) => {}
        None => *number = Some(n),
    }
}

pub(super) fn first_line(text: &str) -> (&str, &str) {
    match text.split_once('\n') {
        Some((first, rest)) => (first.trim(), rest.trim()),
        None => (text.trim(), ""),
    }
}
