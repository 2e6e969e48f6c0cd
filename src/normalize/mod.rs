//! Normalisation: [`RawRecord`]s in, [`Task`]s out. Text is cleaned, units are resolved against
//! the registry, deadlines parsed and resolved with the notice's year. A value that cannot be
//! normalised keeps its raw text and gets a diagnostic.

pub mod deadline;
pub mod template;
pub mod units;

use std::collections::HashMap;

use crate::text;

use crate::diagnostic::{Code, Diagnostic};
use crate::grid::Value;
use crate::jurisdiction::Jurisdiction;
use crate::records::{DeadlineCell, HeadingRef, RawRecord};
use crate::report::{Heading, Responsible, Task};
use crate::syntax::units::{self as syntax_units, RoleHint};
use deadline::{Deadline, Problem};
use units::{Mention, Origin, Registry, Resolution, Unit, UnitKind};

/// What normalisation needs beyond the records.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The year for deadlines that name none; None leaves them unresolved.
    pub year: Option<i16>,
    /// The unit registry of the notice's jurisdiction, if one applies.
    pub registry: Option<&'a Registry>,
    /// The notice's jurisdiction: units without a registry entry are named within it.
    pub jurisdiction: Option<&'a Jurisdiction>,
    pub expand_groups: bool,
    /// Whether the table has a deadline column at all.
    pub has_deadline_column: bool,
    /// Whether the table has any unit column at all.
    pub has_unit_column: bool,
    /// Whether the table has a requirement column at all.
    pub has_requirement_column: bool,
}

fn heading(h: &Option<HeadingRef>) -> Option<Heading> {
    h.as_ref().map(|h| Heading {
        ordinal: h.ordinal,
        title: h
            .title
            .as_deref()
            .map(text::clean)
            .filter(|t| !t.is_empty()),
    })
}

/// Normalises every record; diagnostics come back in record order.
#[must_use]
pub fn tasks(records: Vec<RawRecord>, ctx: &Context<'_>) -> (Vec<Task>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut tasks = Vec::with_capacity(records.len());
    let mut no_year = 0usize;
    // Notices repeat the same unit cells and deadlines row after row: resolve each text once.
    let mut unit_cells: UnitMemo = Default::default();
    let mut deadlines: DeadlineMemo = HashMap::new();
    let named = named_alone(&records);
    for (i, record) in records.into_iter().enumerate() {
        let (responsible, leaders) =
            responsible(&record, ctx, &named, &mut unit_cells, &mut diagnostics);
        let deadline = match &record.deadline {
            None => {
                if ctx.has_deadline_column {
                    diagnostics.push(Diagnostic::warning(
                        Code::DeadlineMissing,
                        Some(record.source.clone()),
                        "the item has no deadline",
                    ));
                }
                Deadline::none()
            }
            Some(cell) => {
                let (deadline, problems) = deadline_of(cell, ctx, &mut deadlines, &mut diagnostics);
                no_year += report_problems(cell, problems, &mut diagnostics);
                deadline
            }
        };
        tasks.push(task(i, record, responsible, leaders, deadline));
    }
    if no_year > 0 {
        diagnostics.push(Diagnostic::warning(
            Code::YearUnknown,
            None,
            format!(
                "{no_year} deadline(s) name no year and the notice gives none; their dates stay empty (pass --year YYYY)"
            ),
        ));
    }
    report_missing_columns(ctx, &mut diagnostics);
    report_units_as_written(ctx, &tasks, &mut diagnostics);
    report_duplicates(&tasks, &mut diagnostics);
    (tasks, diagnostics)
}

/// Resolved deadlines by the cell's text.
type DeadlineMemo = HashMap<String, (Deadline, Vec<Problem>)>;

/// A deadline cell parsed and resolved: text by the grammar (each distinct text once), a date
/// typed as a date as it stands, an Excel serial day number as its date.
fn deadline_of(
    cell: &DeadlineCell,
    ctx: &Context<'_>,
    memo: &mut DeadlineMemo,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Deadline, Vec<Problem>) {
    let raw = cell.value.text().trim().to_string();
    match &cell.value {
        Value::Date(d) => deadline::resolve(Some(raw), &deadline::from_date(*d), ctx.year),
        Value::Text(t) => cached(memo, t, || {
            deadline::resolve(Some(raw), &deadline::parse(&text::simplified(t)), ctx.year)
        })
        .clone(),
        // A date stored as an Excel serial number (45291 = 2023-12-31), as workbooks whose
        // deadline cells lost their date format hold them. In range (checked): the cast is exact.
        Value::Number(n)
            if n.fract() == 0.0
                && (20_000.0..=80_000.0).contains(n)
                && let Some(d) = excel_serial(*n as i64) =>
        {
            deadline::resolve(Some(raw), &deadline::from_date(d), ctx.year)
        }
        other => {
            diagnostics.push(Diagnostic::warning(
                Code::DeadlineUnparsed,
                Some(cell.location.clone()),
                format!(
                    "expected a deadline such as 10月底前 or a date, but found the value {:?}",
                    other.text()
                ),
            ));
            let none = deadline::Phrase {
                clauses: Vec::new(),
            };
            deadline::resolve(Some(raw), &none, ctx.year)
        }
    }
}

/// Reports what kept a deadline from resolving; returns how often it lacked a year (those are
/// counted into one diagnostic for the notice).
fn report_problems(
    cell: &DeadlineCell,
    problems: Vec<Problem>,
    diagnostics: &mut Vec<Diagnostic>,
) -> usize {
    let raw = cell.value.text();
    let raw = raw.trim();
    let mut no_year = 0;
    for problem in problems {
        match problem {
            Problem::NoYear => no_year += 1,
            Problem::Unparsed(parts) => diagnostics.push(Diagnostic::warning(
                Code::DeadlineUnparsed,
                Some(cell.location.clone()),
                if parts.len() == 1 && parts[0] == raw {
                    format!("expected a deadline such as 10月底前, but found {raw:?}")
                } else {
                    format!(
                        "expected a deadline such as 10月底前, but found {:?} in {raw:?}",
                        parts.join("，")
                    )
                },
            )),
            Problem::NoSuchDay(what) => diagnostics.push(Diagnostic::warning(
                Code::DeadlineInvalid,
                Some(cell.location.clone()),
                format!("{raw:?} names a day no calendar has ({what})"),
            )),
        }
    }
    no_year
}

/// The task of the `i`-th record, its text cleaned.
fn task(
    i: usize,
    record: RawRecord,
    responsible: Responsible,
    leaders: Vec<String>,
    deadline: Deadline,
) -> Task {
    let cleaned = |t: Option<&str>| t.map(text::clean).filter(|t| !t.is_empty());
    Task {
        // Given once the notice's key is known (`report::task_id`).
        id: String::new(),
        seq: i as u32 + 1,
        number: record.number,
        number_inferred: record.number_inferred,
        section: heading(&record.section),
        subsection: heading(&record.subsection),
        task: cleaned(record.task.as_deref()),
        requirement: text::clean(&record.requirement),
        responsible,
        leaders,
        deadline,
        notes: cleaned(record.notes.as_deref()),
        extra: record
            .extra
            .iter()
            .map(|(k, v)| (k.clone(), text::clean(v)))
            .collect(),
        source: record.source.to_string(),
    }
}

/// One note per column the table lacks.
fn report_missing_columns(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    if !ctx.has_deadline_column {
        diagnostics.push(Diagnostic::info(
            Code::NoDeadlineColumn,
            None,
            "the table has no deadline column; every deadline is unknown",
        ));
    }
    if !ctx.has_requirement_column {
        diagnostics.push(Diagnostic::info(
            Code::NoRequirementColumn,
            None,
            "the table has no requirement column; each item's text is its task",
        ));
    }
    if !ctx.has_unit_column {
        diagnostics.push(Diagnostic::info(
            Code::NoUnitColumn,
            None,
            "the table has no responsible-unit column",
        ));
    }
}

/// Without a registry, one note says units are kept as written (and how many were named from
/// the standard departments), instead of an `unknown-unit` warning per unit.
fn report_units_as_written(ctx: &Context<'_>, tasks: &[Task], diagnostics: &mut Vec<Diagnostic>) {
    if ctx.registry.is_some() || tasks.iter().all(|t| t.responsible.units.is_empty()) {
        return;
    }
    let derived = tasks
        .iter()
        .flat_map(|t| &t.responsible.units)
        .filter(|u| u.origin == Origin::Template)
        .count();
    let whose = ctx.jurisdiction.map_or_else(
        || "the notice names no jurisdiction".to_string(),
        |j| format!("no unit registry covers {}", j.name),
    );
    diagnostics.push(Diagnostic::info(
        Code::UnitsAsWritten,
        None,
        format!(
            "{whose}: units are kept as written; {derived} named in full from the standard departments of its government"
        ),
    ));
}

/// The date of an Excel serial day number (1900 date system, as Excel counts it past 1900-02-28).
fn excel_serial(days: i64) -> Option<jiff::civil::Date> {
    let epoch = jiff::civil::date(1899, 12, 30);
    epoch
        .checked_add(jiff::Span::new().try_days(days).ok()?)
        .ok()
}

/// Names typeset to one width, a two-character name with a space inside (`陆 明`), read apart
/// even where no separator stands between them (`陆 明俞 悦` is 陆明 and 俞悦); text without a
/// lone character between spaces stays as it is.
fn padded_names(text: &str) -> Vec<String> {
    let tokens: Vec<&str> = text.split_whitespace().collect();
    let lone = |t: &str| t.chars().count() == 1 && t.chars().all(crate::text::is_cjk);
    if !tokens.iter().any(|t| lone(t)) {
        return vec![text.to_string()];
    }
    let mut names = Vec::new();
    let mut open: Option<String> = None;
    for token in tokens {
        let mut rest = token;
        if let Some(mut first) = open.take() {
            let mut chars = rest.chars();
            first.extend(chars.next());
            names.push(first);
            rest = chars.as_str();
        }
        if rest.is_empty() {
            continue;
        }
        if lone(rest) {
            open = Some(rest.to_string());
        } else {
            names.push(rest.to_string());
        }
    }
    names.extend(open);
    names
}

/// What a unit cell resolves to: units, leaders named in it, and the unknown units' hints.
#[derive(Debug, Clone, Default)]
struct Resolved {
    units: Vec<Unit>,
    leaders: Vec<String>,
    unknown: Vec<(String, Option<String>)>,
    /// Names of two units written together, with where the second begins.
    glued: Vec<(String, usize)>,
}

/// Resolved unit cells by text; one map per role hint (in text, lead column, cooperate column).
type UnitMemo = [HashMap<String, Resolved>; 4];

/// The value cached under `key`, made on first use; a hit costs no allocation.
fn cached<'m, V>(map: &'m mut HashMap<String, V>, key: &str, make: impl FnOnce() -> V) -> &'m V {
    if !map.contains_key(key) {
        let value = make();
        map.insert(key.to_string(), value);
    }
    // invariant: inserted just above when missing.
    map.get(key).expect("invariant: present")
}

/// One mention: the registry's entry, else the name the template derives in the notice's
/// jurisdiction, else the name as written. Only with a registry is an unlisted unit unknown.
fn resolve(ctx: &Context<'_>, mention: &Mention, out: &mut Resolved) {
    if let Some(registry) = ctx.registry {
        let (unit, hint) = match registry.resolve(mention, ctx.expand_groups) {
            Resolution::Known(units) => {
                out.units.extend(units);
                return;
            }
            Resolution::Unknown { unit, hint } => (unit, hint),
        };
        if let Some(unit) = derived(ctx, mention) {
            out.units.push(unit);
            return;
        }
        out.unknown.push((mention.raw.clone(), hint));
        out.units.push(unit);
        return;
    }
    let unit = derived(ctx, mention).unwrap_or_else(|| Unit::as_written(mention));
    out.units.push(unit);
}

fn derived(ctx: &Context<'_>, mention: &Mention) -> Option<Unit> {
    if mention.shares_group {
        return None;
    }
    let name = template::derive(&mention.raw, ctx.jurisdiction?)?;
    Some(Unit {
        raw: mention.raw.clone(),
        name,
        kind: UnitKind::Unit,
        role: mention.role,
        known: false,
        origin: Origin::Template,
        group: None,
    })
}

/// The unit names the notice writes, in simplified script, with how often.
fn named_alone(records: &[RawRecord]) -> HashMap<String, usize> {
    let mut named = HashMap::new();
    for cell in records.iter().flat_map(|r| &r.units) {
        for m in units::mentions(&cell.text, cell.hint) {
            *named.entry(text::simplified(&m.raw)).or_insert(0) += 1;
        }
    }
    named
}

/// Two unit names written together without a separator (`派出所工商质监所`), told apart by the
/// notice itself: both parts end as unit names do, and one stands on its own elsewhere in it. None for a name the notice never writes otherwise (`区财政局国库支付中心` stays whole).
fn glued<'a>(raw: &'a str, named: &HashMap<String, usize>) -> Option<(&'a str, &'a str)> {
    let simple = text::simplified(raw);
    // A name written so more than once is one name; so is a group (`各社区居委会`: 各 reads over
    // the whole name, even where the notice names 各社区 on its own elsewhere).
    if simple.len() != raw.len()
        || named.get(&simple).is_some_and(|&n| n > 1)
        || syntax_units::is_group(&simple)
    {
        return None;
    }
    let min = GLUED_PART_CHARS;
    raw.char_indices().skip(min).find_map(|(at, _)| {
        let (a, b) = (&simple[..at], &simple[at..]);
        let long_enough = b.chars().count() >= min;
        let unit = |s: &str| syntax_units::ends_as_unit(s, syntax_units::Place::UnitText);
        let alone = |s: &str| named.contains_key(s);
        (long_enough && unit(a) && unit(b) && (alone(a) || alone(b)))
            .then(|| (&raw[..at], &raw[at..]))
    })
}

/// The fewest characters of each of two glued unit names.
const GLUED_PART_CHARS: usize = 3;

fn responsible(
    record: &RawRecord,
    ctx: &Context<'_>,
    named: &HashMap<String, usize>,
    memo: &mut UnitMemo,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Responsible, Vec<String>) {
    let raw = record
        .units
        .iter()
        .map(|c| c.text.trim())
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("；");
    let mut resolved = Vec::new();
    // A leaders cell or label may name several (`杜新国、丁玲`): one entry each.
    let mut leaders: Vec<String> = record
        .leaders
        .iter()
        .flat_map(|l| {
            l.split(['、', '，', ',', '；', ';', '／', '/', '\n'])
                .flat_map(padded_names)
                .map(|p| text::clean(&p).trim().to_string())
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
        })
        .collect();
    for cell in &record.units {
        let hint = match cell.hint {
            RoleHint::InText => 0,
            RoleHint::Lead => 1,
            RoleHint::Cooperate => 2,
            RoleHint::FirstLeads => 3,
        };
        let found = cached(&mut memo[hint], &cell.text, || {
            let mut out = Resolved::default();
            for mention in units::mentions(&cell.text, cell.hint) {
                if let Some((a, b)) = glued(&mention.raw, named) {
                    out.glued.push((mention.raw.clone(), a.len()));
                    for raw in [a, b] {
                        let part = Mention {
                            raw: raw.to_string(),
                            role: mention.role,
                            shares_group: false,
                        };
                        resolve(ctx, &part, &mut out);
                    }
                } else if units::is_person(&mention.raw) {
                    out.leaders.push(mention.raw);
                } else {
                    resolve(ctx, &mention, &mut out);
                }
            }
            out
        });
        for (raw, hint) in &found.unknown {
            let hint = hint
                .as_ref()
                .map(|h| format!("; did you mean {h}?"))
                .unwrap_or_default();
            diagnostics.push(Diagnostic::warning(
                Code::UnknownUnit,
                Some(cell.location.clone()),
                format!(
                    "the unit {raw:?} is not in the registry ({}); kept as written{hint}",
                    ctx.registry.map_or("", |r| r.name())
                ),
            ));
        }
        for (raw, at) in &found.glued {
            diagnostics.push(Diagnostic::info(
                Code::LayoutGuess,
                Some(cell.location.clone()),
                format!(
                    "two unit names written together: {raw:?} read as {:?} and {:?}, since the notice names one of them on its own elsewhere",
                    &raw[..*at],
                    &raw[*at..]
                ),
            ));
        }
        resolved.extend(found.units.iter().cloned());
        leaders.extend(found.leaders.iter().cloned());
    }
    if resolved.is_empty() && ctx.has_unit_column {
        diagnostics.push(Diagnostic::warning(
            Code::UnitsMissing,
            Some(record.source.clone()),
            "the item names no responsible unit",
        ));
    }
    (
        Responsible {
            raw,
            units: resolved,
        },
        leaders,
    )
}

fn report_duplicates(tasks: &[Task], diagnostics: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, &Task> = HashMap::new();
    for task in tasks {
        if task.requirement.is_empty() {
            continue;
        }
        match first.get(task.requirement.as_str()) {
            // Sub-rows of one measure (one unit and deadline each) share it by design.
            Some(earlier) if earlier.number.is_some() && earlier.number == task.number => {}
            Some(earlier) => {
                let label = |t: &Task| t.number.map_or(format!("#{}", t.seq), |n| n.to_string());
                diagnostics.push(Diagnostic::warning(
                    Code::DuplicateRequirement,
                    None,
                    format!(
                        "items {} and {} have the same requirement text ({} and {})",
                        label(earlier),
                        label(task),
                        earlier.source,
                        task.source
                    ),
                ));
            }
            None => {
                first.insert(&task.requirement, task);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_typeset_to_one_width_are_read_apart() {
        assert_eq!(padded_names("陆 明俞 悦"), ["陆明", "俞悦"]);
        assert_eq!(padded_names("张小明 王 伟"), ["张小明", "王伟"]);
        assert_eq!(padded_names("王　伟张小明"), ["王伟", "张小明"]);
        assert_eq!(padded_names("张三 副县长"), ["张三 副县长"]);
        assert_eq!(padded_names("李华"), ["李华"]);
    }

    #[test]
    fn names_written_together_are_told_apart_by_the_notice_itself() {
        let named: HashMap<String, usize> =
            [("工商质监所", 2), ("派出所工商质监所", 1), ("人民银", 1)]
                .into_iter()
                .map(|(n, c)| (n.to_string(), c))
                .collect();
        assert_eq!(
            glued("派出所工商质监所", &named),
            Some(("派出所", "工商质监所"))
        );
        // A name never written otherwise stays whole, and so does one whose part is no unit.
        assert_eq!(glued("区财政局国库支付中心", &named), None);
        assert_eq!(glued("人民银行潍坊市中心支行", &named), None);
        // A group is one name, whatever the notice names on its own elsewhere.
        let named: HashMap<String, usize> = [("各社区".to_string(), 1)].into();
        assert_eq!(glued("各社区居委会", &named), None);
    }

    #[test]
    fn excel_serial_days_are_dates() {
        for (days, want) in [
            (45291, "2023-12-31"),
            (45292, "2024-01-01"),
            (44742, "2022-06-30"),
        ] {
            assert_eq!(
                super::excel_serial(days).unwrap().to_string(),
                want,
                "{days}"
            );
        }
    }
}
