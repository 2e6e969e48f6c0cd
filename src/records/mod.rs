//! Splitting a task table into work items: table rows in, [`RawRecord`]s out. Sections and
//! subsections are tracked wherever their headings stand, merged task cells carry down, item
//! numbers are read (and, where the sequence makes them certain, inferred), and cells holding
//! several numbered items become several records. Text stays raw here; `normalize` cleans it.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Code, Diagnostic};
use crate::grid::{Location, Value};
use crate::layout::{ColumnRole, RowKind, Slot, TableRow, TaskTable};
use crate::outline::{self, Level};
use crate::syntax::units::RoleHint;
use crate::text::strip_tags;

pub mod list;

/// A section or subsection heading as the table printed it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HeadingRef {
    pub ordinal: u32,
    /// Raw title text; None when the heading was a bare ordinal.
    pub title: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnitCell {
    pub text: String,
    pub hint: RoleHint,
    pub location: Location,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DeadlineCell {
    pub value: Value,
    pub location: Location,
}

/// One work item as the table wrote it: raw text, not yet normalised.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRecord {
    pub number: Option<u32>,
    pub number_inferred: bool,
    pub section: Option<HeadingRef>,
    pub subsection: Option<HeadingRef>,
    pub task: Option<String>,
    pub requirement: String,
    pub units: Vec<UnitCell>,
    /// Persons responsible (责任领导), as written; one entry per cell or label line.
    pub leaders: Vec<String>,
    pub deadline: Option<DeadlineCell>,
    pub notes: Option<String>,
    pub extra: BTreeMap<String, String>,
    pub source: Location,
}

/// Records of a document, with what was found while splitting.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    pub records: Vec<RawRecord>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Where the current section heading came from; a heading that stood in a merged column ends
/// where that column next holds something else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    Column(usize),
    Row,
}

#[derive(Debug, Default)]
struct State {
    section: Option<(HeadingRef, Origin)>,
    subsection: Option<(HeadingRef, Origin)>,
    /// The task text of a merged task cell, carried to the rows it covers.
    task: Option<String>,
    /// The last ordinal given per level (section, subsection): a heading without one continues
    /// the sequence.
    last_ordinal: [u32; 2],
    /// What each heading's closing bracket names over all its items (`（牵头领导：张明）`), per
    /// level: the label and its text, for the `extra` of each item under it.
    overall: [Option<(String, String)>; 2],
}

impl State {
    fn set_heading(
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
    fn end_headings_from(&mut self, column: usize) {
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

/// Splits every task table of a document into records.
#[must_use]
pub fn split(tables: &[TaskTable]) -> Split {
    let mut out = Split {
        records: Vec::new(),
        diagnostics: Vec::new(),
    };
    for table in tables {
        // One mark per slot of the table, by slot id.
        let mut accounted = vec![false; table.slots];
        split_table(table, &mut out, &mut accounted);
        check_accounted(table, &accounted, &mut out.diagnostics);
    }
    infer_numbers(&mut out);
    report_missing_sections(&mut out);
    out
}

/// Column indices by role.
struct Columns {
    number: Option<usize>,
    section: Option<usize>,
    task: Option<usize>,
    requirement: Option<usize>,
    units: Vec<(usize, RoleHint)>,
    leaders: Option<usize>,
    deadline: Option<usize>,
    notes: Option<usize>,
    extra: Vec<(usize, String)>,
}

impl Columns {
    fn of(table: &TaskTable) -> Columns {
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
fn take(slot: &Slot, accounted: &mut [bool]) -> Option<String> {
    if !slot.is_own() {
        return None;
    }
    accounted[slot.id] = true;
    Some(slot.value.text().into_owned())
}

fn split_table(table: &TaskTable, out: &mut Split, accounted: &mut [bool]) {
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
fn split_row(
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

/// 序号: an item number, or a heading ordinal (一 / （一）) marking a heading row. A cell that
/// is neither is kept in `extra`.
fn read_number(
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
fn read_section(
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
fn read_task(
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
fn read_shared(
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
fn continue_above(
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
fn split_requirement(
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

/// What every item of a row shares: the cells beside the requirement.
#[derive(Debug, Clone)]
struct Shared {
    task: Option<String>,
    units: Vec<UnitCell>,
    leaders: Vec<String>,
    deadline: Option<DeadlineCell>,
    notes: Option<String>,
    extra: BTreeMap<String, String>,
    source: Location,
}

impl Shared {
    /// True when the row has no cell of its own beside the task (and the requirement).
    fn is_empty(&self) -> bool {
        self.units.is_empty()
            && self.leaders.is_empty()
            && self.deadline.is_none()
            && self.notes.is_none()
            && self.extra.is_empty()
    }
}

impl State {
    /// A record under the current headings.
    fn record(&self, number: Option<u32>, requirement: String, shared: Shared) -> RawRecord {
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
fn without_requirement(
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
fn continue_record(last: &mut RawRecord, shared: Shared, diagnostics: &mut Vec<Diagnostic>) {
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
fn append(map: &mut BTreeMap<String, String>, key: &str, value: String) {
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

fn note_number(number: &mut Option<u32>, n: u32, location: &Location, out: &mut Split) {
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

fn first_line(text: &str) -> (&str, &str) {
    match text.split_once('\n') {
        Some((first, rest)) => (first.trim(), rest.trim()),
        None => (text.trim(), ""),
    }
}

/// One numbered (or unnumbered) part of a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub number: Option<u32>,
    pub text: String,
}

/// Inline numbering after a sentence end: `…。2.推进…`.
static INLINE_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[。；;]\s*(\d{1,2})\s*[.．﹒、]").expect("invariant: literal regex")
});

/// The non-empty lines of a cell, tags removed.
fn lines(text: &str) -> Vec<String> {
    strip_tags(text)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// Splits a cell into numbered items: a new item starts at a line (or, after `。`, inline)
/// whose number continues the sequence of the cell's first number. A cell whose first line is
/// not numbered is one item (a lead-in followed by numbered points).
#[must_use]
pub fn segments(text: &str) -> Vec<Segment> {
    let lines = lines(text);
    let mut out: Vec<Segment> = Vec::new();
    for line in &lines {
        let next = out.last().and_then(|s| s.number).map(|n| n + 1);
        match outline::item_number(line) {
            Some((n, rest)) if out.is_empty() || Some(n) == next => out.push(Segment {
                number: Some(n),
                text: rest.to_string(),
            }),
            _ if out.is_empty() => out.push(Segment {
                number: None,
                text: line.clone(),
            }),
            _ => {
                // invariant: `out` is not empty in this arm.
                let last = out.last_mut().expect("invariant: not empty");
                last.text.push('\n');
                last.text.push_str(line);
            }
        }
    }
    if out.first().is_some_and(|s| s.number.is_none()) {
        return vec![Segment {
            number: None,
            text: lines.join("\n"),
        }];
    }
    // Inline numbering inside one line: `1.加强…。2.推进…。`
    let mut expanded = Vec::with_capacity(out.len());
    for seg in out {
        expanded.extend(split_inline(seg));
    }
    expanded
}

fn split_inline(seg: Segment) -> Vec<Segment> {
    let Some(first) = seg.number else {
        return vec![seg];
    };
    let mut cuts = Vec::new();
    let mut expect = first + 1;
    for caps in INLINE_ITEM.captures_iter(&seg.text) {
        let (Some(whole), Some(digits)) = (caps.get(0), caps.get(1)) else {
            continue;
        };
        if digits.as_str().parse::<u32>().ok() == Some(expect) {
            // Cut after the sentence end, keep the punctuation with the earlier item.
            let end_of_sentence =
                whole.start() + whole.as_str().chars().next().map_or(0, char::len_utf8);
            cuts.push((end_of_sentence, whole.end(), expect));
            expect += 1;
        }
    }
    if cuts.is_empty() {
        return vec![seg];
    }
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    let mut number = first;
    for (cut, next_start, next_number) in cuts {
        out.push(Segment {
            number: Some(number),
            text: seg.text[start..cut].trim().to_string(),
        });
        start = next_start;
        number = next_number;
    }
    out.push(Segment {
        number: Some(number),
        text: seg.text[start..].trim().to_string(),
    });
    out
}

/// Gives unnumbered records the numbers their neighbours make certain: a run between item p
/// and item q with exactly q − p − 1 records, a run at the start that ends just before item
/// k + 1 with k records, or a run after the last numbered item.
fn infer_numbers(out: &mut Split) {
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

fn report_missing_sections(out: &mut Split) {
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
fn check_accounted(table: &TaskTable, accounted: &[bool], diagnostics: &mut Vec<Diagnostic>) {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(n: Option<u32>, t: &str) -> Segment {
        Segment {
            number: n,
            text: t.to_string(),
        }
    }

    #[test]
    fn a_cell_no_record_took_is_reported() {
        use crate::layout::{Column, TableRow};
        let location = Location::Line {
            line: 3,
            column: Some(2),
        };
        let mut table = TaskTable {
            columns: vec![Column {
                role: ColumnRole::Requirement,
                header: "工作要求".into(),
            }],
            rows: Vec::new(),
            slots: 0,
        };
        table.push(TableRow {
            kind: RowKind::Data,
            slots: vec![Slot {
                id: 0,
                value: Value::Text("要求甲".into()),
                location: location.clone(),
                continued: false,
            }],
            overflow: Vec::new(),
            location: Location::Line {
                line: 3,
                column: None,
            },
        });
        let mut diagnostics = Vec::new();
        check_accounted(&table, &[false], &mut diagnostics);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(
            (diagnostics[0].code, diagnostics[0].location.clone()),
            (Code::CellUnaccounted, Some(location.clone()))
        );
        let mut diagnostics = Vec::new();
        check_accounted(&table, &[true], &mut diagnostics);
        assert!(diagnostics.is_empty());
    }

    fn text_table(rows: &[&[&str]]) -> TaskTable {
        use crate::layout::Column;
        let roles = [
            ColumnRole::Task,
            ColumnRole::Requirement,
            ColumnRole::Units,
            ColumnRole::Deadline,
            ColumnRole::Notes,
        ];
        let mut table = TaskTable {
            columns: roles
                .iter()
                .map(|r| Column {
                    role: r.clone(),
                    header: String::new(),
                })
                .collect(),
            rows: Vec::new(),
            slots: 0,
        };
        for (r, cells) in rows.iter().enumerate() {
            let slots = cells
                .iter()
                .enumerate()
                .map(|(c, t)| Slot {
                    id: 0,
                    value: if t.is_empty() {
                        Value::Empty
                    } else {
                        Value::Text(t.to_string())
                    },
                    location: Location::Line {
                        line: r as u32 + 1,
                        column: Some(c as u32 + 1),
                    },
                    continued: false,
                })
                .collect();
            table.push(TableRow {
                kind: RowKind::Data,
                slots,
                overflow: Vec::new(),
                location: Location::Line {
                    line: r as u32 + 1,
                    column: None,
                },
            });
        }
        table
    }

    #[test]
    fn a_row_without_requirement_adds_its_cells_to_the_item_above_and_keeps_both_deadlines() {
        let table = text_table(&[
            &["一、甲", "要求甲。", "司法局", "3月底前", "注一"],
            &["", "", "财政局", "6月底前", "注二"],
        ]);
        let split = split(&[table]);
        assert_eq!(split.records.len(), 1);
        let r = &split.records[0];
        let units: Vec<&str> = r.units.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(units, ["司法局", "财政局"]);
        assert_eq!(r.extra.get("时限 (2)").map(String::as_str), Some("6月底前"));
        assert_eq!(r.notes.as_deref(), Some("注一\n注二"));
        assert!(
            !split
                .diagnostics
                .iter()
                .any(|d| d.code == Code::CellUnaccounted)
        );
    }

    #[test]
    fn a_heading_only_requirement_keeps_the_rows_other_cells() {
        let table = text_table(&[&["", "（一）聚焦重点", "发改局", "年底前", ""]]);
        let split = split(&[table]);
        assert_eq!(split.records.len(), 1);
        assert_eq!(
            split.records[0].subsection.as_ref().map(|h| h.ordinal),
            Some(1)
        );
        assert_eq!(split.records[0].units[0].text, "发改局");
        assert!(
            split
                .diagnostics
                .iter()
                .any(|d| d.code == Code::RequirementMissing)
        );
    }

    #[test]
    fn cells_split_into_numbered_items() {
        let cases: Vec<(&str, Vec<Segment>)> = vec![
            ("加强领导", vec![seg(None, "加强领导")]),
            ("23 进一步提升", vec![seg(Some(23), "进一步提升")]),
            (
                "<p>23 进一步提升。</p> <p>24 规范办理。</p>",
                vec![seg(Some(23), "进一步提升。"), seg(Some(24), "规范办理。")],
            ),
            (
                "25 支持IPv6。\n26 做好公报。",
                vec![seg(Some(25), "支持IPv6。"), seg(Some(26), "做好公报。")],
            ),
            (
                "1.加强领导。2.完善制度。3.强化督查。",
                vec![
                    seg(Some(1), "加强领导。"),
                    seg(Some(2), "完善制度。"),
                    seg(Some(3), "强化督查。"),
                ],
            ),
            (
                "做好以下工作：\n1.加强领导\n2.完善制度",
                vec![seg(None, "做好以下工作：\n1.加强领导\n2.完善制度")],
            ),
            (
                "1.加强领导\n续写一行",
                vec![seg(Some(1), "加强领导\n续写一行")],
            ),
            ("3.加强领导\n5.跳号", vec![seg(Some(3), "加强领导\n5.跳号")]),
            ("2022年底前完成", vec![seg(None, "2022年底前完成")]),
        ];
        for (text, want) in cases {
            assert_eq!(segments(text), want, "{text}");
        }
    }
}
