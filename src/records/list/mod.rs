//! Work items written as numbered paragraphs (分工方案): body paragraphs in, the same
//! [`RawRecord`]s as a table gives out.
//!
//! An item is a numbered paragraph (`3.`, `（一）`, `（1）`, or none) whose units follow it: in a
//! bracket at its end (`（区发改局牵头，区财政局配合，6月底前完成）`, also `〔…〕` and `【…】`), or
//! on label lines after it (`牵头单位：…` / `责任单位：…` / `完成时限：…` / `责任领导：…`), or in a
//! bracket standing alone after sub-measures `（1）…（4）` that it covers as one item. Headings
//! `一、` and `（一）` above the items are their section and subsection. A numbered paragraph
//! without units is an item when items of its numbering and section carry units (with a
//! warning), else it is text of the plan (总体要求, 指导思想), not an item. A sentence such as
//! `列第一位的为牵头单位` makes the first unit of every later list its lead.

mod runs;

use std::sync::LazyLock;

use regex::Regex;

use super::{DeadlineCell, HeadingRef, RawRecord, Split, UnitCell};
use crate::diagnostic::{Code, Diagnostic};
use crate::grid::Paragraph;
use crate::grid::{Location, Value};
use crate::outline::{self, Level};
use crate::syntax::deadline::{self, Clause};
use crate::syntax::units::{self, RoleHint};
use crate::text::simplified;

/// How a paragraph is numbered, outermost first: `一、` › `（一）` › `1.` › `（1）` › `①`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Style {
    Chinese,
    ParenChinese,
    Arabic,
    ParenArabic,
    Circled,
}

#[derive(Debug, Clone, Copy)]
struct Marker {
    style: Style,
    number: u32,
    /// Byte offset of the text after the marker.
    rest: usize,
}

/// What a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LabelKind {
    Units,
    Deadline,
    Leaders,
}

/// Units, deadline and leaders an item's bracket or label lines give.
#[derive(Debug, Clone, Default)]
struct Info {
    units: Vec<String>,
    deadline: Option<String>,
    leaders: Vec<String>,
    /// Notes inside the units text on how to read it (`（列第一位的为牵头单位，下同）`).
    notes: Vec<String>,
}

impl Info {
    fn merge(&mut self, other: Info) {
        self.units.extend(other.units);
        self.notes.extend(other.notes);
        if self.deadline.is_none() {
            self.deadline = other.deadline;
        } else if let (Some(d), Some(o)) = (&mut self.deadline, other.deadline) {
            d.push('，');
            d.push_str(&o);
        }
        self.leaders.extend(other.leaders);
    }
}

struct Para<'a> {
    text: &'a str,
    location: &'a Location,
    marker: Option<Marker>,
    /// Units at the end (`…。（A牵头，B配合）`): where the bracket starts, and what it says.
    tail: Option<(usize, Info)>,
    /// The paragraph is nothing but units: a label line or a bracket standing alone.
    whole: Option<Info>,
    /// The paragraph states that the first unit of a list leads.
    convention: bool,
    /// A heading's bracket naming who leads all the measures under it
    /// (`一、提升政务服务效能（总牵头单位：区政务服务中心）`).
    overall: Option<Overall>,
}

/// What a heading names over all the measures under it, each of which names its own units.
#[derive(Debug, Clone)]
struct Overall {
    /// Where the bracket starts: the heading's title ends there.
    at: usize,
    /// The label as written, without its colon (`总牵头单位`).
    label: String,
    units: String,
}

impl Para<'_> {
    /// The text without a closing bracket of overall units.
    fn head(&self) -> &str {
        self.overall
            .as_ref()
            .map_or(self.text, |o| &self.text[..o.at])
    }
}

/// The words of a label before units, leaders or a time. Leader labels first: 牵头负责领导 is no
/// unit label 牵头.
static LABEL_WORDS: LazyLock<String> = LazyLock::new(|| {
    format!(
        r"(?:牵头|分管|联系|包联|挂点|责任)(?:省|市|区|县|州|镇|乡)?(?:负责)?领导|责任人|{}|完成时限|完成时间|时限要求|时间要求|时间节点|完成期限|办结时限|时限|进度安排",
        *crate::syntax::units::UNIT_LABELS
    )
});
/// A label: its words closed by a colon (`责任单位：`), or set in brackets (`【责任单位】`).
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    // invariant: the label words are plain words.
    Regex::new(&format!(
        r"[【〔\[]?({})(?:[】〕\]]\s*[:：]?|\s*[:：])",
        *LABEL_WORDS
    ))
    .expect("invariant: literal regex")
});
/// A bracket holding a label's words alone (`【牵头单位】`): a label, not units.
static LABEL_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^(?:{})$", *LABEL_WORDS)).expect("invariant: literal regex")
});
static CONVENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:列|排|放)在?(?:第一|首)位的?(?:单位)?(?:为|是)牵头|第一(?:个|家)?单位为牵头")
        .expect("invariant: literal regex")
});
static ROLE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"牵头|配合|负责|协办|协作|参与|会同|协助|承办").expect("invariant: literal regex")
});

fn label_kind(label: &str) -> LabelKind {
    if label.contains("领导") || label == "责任人" {
        LabelKind::Leaders
    } else if label.contains("时") || label.contains("期限") || label.contains("进度") {
        LabelKind::Deadline
    } else {
        LabelKind::Units
    }
}

fn is_unit_name(part: &str) -> bool {
    let part = part.trim();
    let n = part.chars().count();
    (2..=40).contains(&n)
        && !part.contains(['。', '“', '”', '《'])
        && (units::ends_as_unit(part, units::Place::UnitText) || units::is_group(part))
}

fn is_deadline(part: &str) -> bool {
    let part = part.trim();
    if part.is_empty() || part.chars().count() > 30 {
        return false;
    }
    let phrase = deadline::parse(part);
    !phrase.clauses.is_empty()
        && phrase
            .clauses
            .iter()
            .all(|c| !matches!(c, Clause::Unknown(_)))
}

/// True for a time a work is due by (`2022年6月底前`, `年底前`), not a way of working (`持续推进`,
/// `定期`).
fn is_point_in_time(part: &str) -> bool {
    is_deadline(part)
        && deadline::parse(part.trim())
            .clauses
            .iter()
            .all(|c| matches!(c, Clause::Due { .. } | Clause::Date(_)))
}

/// Splits on separators outside brackets (`各县（市、区）人民政府` stays whole).
fn parts(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '（' | '(' | '〔' | '【' | '[' => depth += 1,
            '）' | ')' | '〕' | '】' | ']' => depth = depth.saturating_sub(1),
            '，' | ',' | '；' | ';' | '、' | '。' if depth == 0 => {
                out.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out.into_iter().filter(|p| !p.trim().is_empty()).collect()
}

/// Reads units, deadline and leaders from a bracket's content or a label line; None when the
/// text is not about units (`（试行）`, `（以下简称《方案》）`).
fn info(written: &str) -> Option<Info> {
    let simple = simplified(written);
    if LABEL_ONLY.is_match(simple.trim()) {
        return None;
    }
    // Offsets in `simple` hold in `written` (see `text::simplified`).
    let written = if simple.len() == written.len() {
        written
    } else {
        simple.as_str()
    };
    if let Some(m) = CONVENTION.find(&simple) {
        // `责任单位：A、B、C（除标注“分别牵头”外，列第一位为牵头单位，下同）`: the note in brackets
        // says how to read the list (the paragraph's convention); the list is still units.
        let open = simple[..m.start()].rfind(['（', '('])?;
        let close = m.end() + simple[m.end()..].find(['）', ')'])?;
        let close = close + simple[close..].chars().next().map_or(0, char::len_utf8);
        let rest = format!("{}{}", &written[..open], &written[close..]);
        let mut out = (!CONVENTION.is_match(&rest))
            .then(|| info(&rest))
            .flatten()?;
        out.notes.push(format!(
            "a note in the units, read as the rule that the first unit named leads: {}",
            &written[open..close]
        ));
        return Some(out);
    }
    let labels: Vec<_> = LABEL.captures_iter(&simple).collect();
    let mut out = Info::default();
    if !labels.is_empty() {
        let first = labels[0].get(0).map_or(0, |m| m.start());
        if !written[..first].trim().is_empty() {
            unlabelled(&written[..first], &simple[..first], &mut out);
        }
        for (label, body) in crate::syntax::units::labelled_parts(&labels, simple.len()) {
            let body =
                written[body].trim_matches(|c: char| c.is_whitespace() || "；;，,。".contains(c));
            if body.is_empty() {
                continue;
            }
            match label_kind(&simple[label.clone()]) {
                LabelKind::Units => {
                    // `责任单位：A、B按职责分工负责。具体任务均涉及各市州，下同。`: a sentence after
                    // the list is a note on it.
                    let (body, note) = match body.split_once('。') {
                        Some((list, note)) if !note.trim().is_empty() => (list, Some(note.trim())),
                        _ => (body, None),
                    };
                    if let Some(note) = note {
                        out.notes
                            .push(format!("a note in the units, kept here: {note}"));
                    }
                    // `责任单位：各街道办事处，2023年6月底前完成`: a deadline may close the part.
                    let (units, deadline) = split_deadline(body);
                    if !units.is_empty() {
                        out.units.push(format!("{}：{units}", &written[label]));
                    }
                    if let Some(d) = deadline {
                        out.merge(Info {
                            deadline: Some(d.to_string()),
                            ..Info::default()
                        });
                    }
                }
                LabelKind::Deadline => out.merge(Info {
                    deadline: Some(body.to_string()),
                    ..Info::default()
                }),
                LabelKind::Leaders => out.leaders.push(body.to_string()),
            }
        }
        return (!out.units.is_empty() || out.deadline.is_some() || !out.leaders.is_empty())
            .then_some(out);
    }
    unlabelled(written, &simple, &mut out);
    (!out.units.is_empty()).then_some(out)
}

/// `A牵头，B配合，6月底前完成` without labels: units when every part is a unit list or a
/// deadline, and one part at least names a unit.
fn unlabelled(written: &str, simple: &str, out: &mut Info) {
    let simple_parts = parts(simple);
    let mut units = Vec::new();
    let mut deadline = Vec::new();
    for part in &simple_parts {
        let offset = part.as_ptr() as usize - simple.as_ptr() as usize;
        let original = written.get(offset..offset + part.len()).unwrap_or(part);
        if is_deadline(part) {
            deadline.push(original.trim());
        } else if is_unit_name(&ROLE_WORD.replace_all(part, ""))
            || ROLE_WORD.is_match(part) && part.chars().count() <= 60
        {
            units.push(original.trim());
        } else {
            return;
        }
    }
    if units.is_empty() {
        return;
    }
    // The units as one cell, separators as written, so roles read across parts.
    let first = units[0];
    let last = units[units.len() - 1];
    let start = first.as_ptr() as usize - written.as_ptr() as usize;
    let end = last.as_ptr() as usize - written.as_ptr() as usize + last.len();
    let cell = written.get(start..end).unwrap_or(first);
    // A deadline standing between units is cut out of the cell.
    let cell = deadline
        .iter()
        .fold(cell.to_string(), |acc, d| acc.replace(d, ""));
    out.units.push(cell);
    if !deadline.is_empty() {
        out.merge(Info {
            deadline: Some(deadline.join("，")),
            ..Info::default()
        });
    }
}

/// Cuts a closing deadline off a unit list: `各街道办事处，2023年6月底前完成`.
fn split_deadline(body: &str) -> (&str, Option<&str>) {
    let simple = simplified(body);
    if let Some(i) = simple.rfind(['，', ',', '；', ';', ' ']) {
        let tail = &simple[i..];
        let sep = tail.chars().next().map_or(1, char::len_utf8);
        if is_deadline(&tail[sep..]) && simple.len() == body.len() {
            return (body[..i].trim(), Some(body[i + sep..].trim()));
        }
    }
    if is_deadline(&simple) && !is_unit_name(&simple) {
        return ("", Some(body));
    }
    (body, None)
}

/// The numbering at the start of a paragraph.
fn marker(text: &str) -> Option<Marker> {
    let trimmed = text.trim_start();
    let lead = text.len() - trimmed.len();
    if let Some(h) = outline::heading(trimmed) {
        let rest = h.title.as_ptr() as usize - trimmed.as_ptr() as usize;
        let style = match h.level {
            Level::Section => Style::Chinese,
            Level::Subsection => Style::ParenChinese,
        };
        return Some(Marker {
            style,
            number: h.ordinal,
            rest: lead + rest,
        });
    }
    if let Some(c) = trimmed.chars().next()
        && ('\u{2460}'..='\u{2473}').contains(&c)
    {
        return Some(Marker {
            style: Style::Circled,
            number: c as u32 - 0x2460 + 1,
            rest: lead + c.len_utf8(),
        });
    }
    let (number, rest) = outline::item_number(trimmed)?;
    // A bare number or one followed by a space is a table's 序号, not a paragraph's numbering.
    let after = &trimmed[..trimmed.len() - rest.len()];
    if !after.contains(['.', '．', '﹒', '、', ')', '）']) {
        return None;
    }
    let style = if trimmed.starts_with(['(', '（']) {
        Style::ParenArabic
    } else {
        Style::Arabic
    };
    Some(Marker {
        style,
        number,
        rest: text.len() - rest.len(),
    })
}

/// The unit brackets closing the paragraph: where the first starts, and what they say. Two in a
/// row are read together: `……。（责任单位：区住建局）（完成时限：2023年12月底前）`.
fn tail(text: &str) -> Option<(usize, Info)> {
    let (mut at, mut info) = last_bracket(text)?;
    // A bracket right before, closing the text before it, says more of the same item.
    while text[..at].trim_end().ends_with(['）', ')', '〕', '】']) {
        let before = text[..at].trim_end();
        let Some((start, mut earlier)) = last_bracket(before).or_else(|| time_bracket(before))
        else {
            break;
        };
        earlier.merge(info);
        (at, info) = (start, earlier);
    }
    Some((at, info))
}

/// A bracket of a time alone closing the text (`（2023年9月底前完成）`), as it stands before the
/// item's bracket of units.
fn time_bracket(text: &str) -> Option<(usize, Info)> {
    let inner = text.strip_suffix(['）', ')'])?;
    let open = inner.rfind(['（', '('])?;
    let content = &inner[open..];
    let content = &content[content.chars().next()?.len_utf8()..];
    is_deadline(&simplified(content)).then(|| {
        (
            open,
            Info {
                deadline: Some(content.trim().to_string()),
                ..Info::default()
            },
        )
    })
}

/// The last unit bracket closing the text: where it starts, and what it says.
fn last_bracket(text: &str) -> Option<(usize, Info)> {
    let end = text.trim_end_matches(|c: char| c.is_whitespace() || "。；;，,.".contains(c));
    let close = end.chars().last()?;
    if !"）)〕】]］".contains(close) {
        return cut_off_bracket(end);
    }
    let open_for = |c: char| match c {
        '）' | ')' => Some(['（', '(']),
        '〕' => Some(['〔', '〔']),
        '】' => Some(['【', '【']),
        ']' | '］' => Some(['[', '［']),
        _ => None,
    };
    let opens = open_for(close)?;
    let closes = |c: char| open_for(c).is_some_and(|o| o == opens);
    let mut depth = 0usize;
    for (i, c) in end.char_indices().rev() {
        // Only brackets of the closing kind nest: `〔责任单位：各街道（功能区）〕`.
        if closes(c) {
            depth += 1;
        } else if opens.contains(&c) {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                let content = &end[i + c.len_utf8()..end.len() - close.len_utf8()];
                return info(content).map(|info| (i, info));
            }
        }
    }
    None
}

/// A paragraph cut off inside its units bracket (`……。（牵头单位：省发展改革委；责任单位：省财政厅、`,
/// the end of a page's copy): the bracket's labelled units as far as they go.
fn cut_off_bracket(text: &str) -> Option<(usize, Info)> {
    // The bracket left open: brackets closed inside it (`各县（区）人民`) are names.
    let mut opened = Vec::new();
    for (at, c) in text.char_indices() {
        if "（(〔【".contains(c) {
            opened.push(at);
        } else if "）)〕】".contains(c) {
            opened.pop();
        }
    }
    // Of the brackets left open, the outermost that opens with a label.
    let (open, content) = opened.into_iter().find_map(|open| {
        let content = &text[open..];
        let content = &content[content.chars().next()?.len_utf8()..];
        LABEL
            .find(&simplified(content))
            .is_some_and(|m| m.start() == 0)
            .then_some((open, content))
    })?;
    info(content.trim_end_matches(['、', '，', ',', '；', ';'])).map(|info| (open, info))
}

/// A heading's closing bracket that names who leads all its measures
/// (`二、加强要素保障（总牵头单位：区发改局）`, `（牵头领导：张明）`): the heading stays a heading.
fn overall(text: &str, marker: Option<Marker>) -> Option<Overall> {
    if !marker.is_some_and(|m| matches!(m.style, Style::Chinese | Style::ParenChinese)) {
        return None;
    }
    let (at, label, units) = crate::syntax::heading::overall(text)?;
    Some(Overall {
        at,
        label: label.to_string(),
        units: units.to_string(),
    })
}

/// Units labelled at the end of an item's own paragraph, without a bracket:
/// `……持续推进。责任单位：区发改局、区财政局。` — the first unit label after a sentence's end,
/// after a space (`……全覆盖 牵头单位：县卫健委 配合单位：……`) or set in brackets
/// (`……学位五百个。【牵头单位】县教育局【配合单位】……`).
fn label_tail(text: &str, simple: &str) -> Option<(usize, Info)> {
    let m = LABEL.find_iter(simple).find(|m| {
        let spaced = simple[..m.start()].ends_with(char::is_whitespace)
            || simple[m.start()..].starts_with(['【', '〔', '[']);
        let before = simple[..m.start()].trim_end();
        !before.is_empty()
            && (before.ends_with(['。', '；', ';', '！']) || spaced)
            && label_kind(
                simple[m.start()..m.end()]
                    .trim_end_matches([':', '：'])
                    .trim(),
            ) != LabelKind::Deadline
    })?;
    let rest = text.get(m.start()..)?;
    info(rest.trim_end_matches(['。', '；', ';'])).map(|i| (m.start(), i))
}

/// Units written as the last clauses of an item's own sentence, without bracket or label:
/// `……。由区应急局牵头，各街道配合，6月底前完成。`, `……，区总工会负责，持续推进。`. The clauses
/// from the end that each name units before a role word (`区应急局牵头`) or say when (`6月底前完成`,
/// `时间：6月`), one naming units at least, with the item's own words before them.
fn sentence_tail(text: &str, simple: &str) -> Option<(usize, Info)> {
    if simple.len() != text.len() || simple.contains(['“', '《']) {
        return None;
    }
    let end = simple.trim_end_matches(['。', '；', ';', ' ']).len();
    let clauses = clauses(&simple[..end]);
    let mut start = None;
    // Where the clauses naming units end, and the time said after them.
    let mut units_end = None;
    let mut time = None;
    for &(at, clause) in clauses.iter().rev().take(TAIL_CLAUSES) {
        let clause = clause.trim();
        // `时间：6月` as well as the labels of a time limit (`完成时限：`).
        let label = clause
            .strip_prefix("时间")
            .and_then(|t| t.strip_prefix([':', '：']))
            .map(|t| clause.len() - t.len())
            .or_else(|| {
                LABEL
                    .find(clause)
                    .filter(|m| {
                        m.start() == 0
                            && label_kind(clause[..m.end()].trim_end_matches([':', '：']).trim())
                                == LabelKind::Deadline
                    })
                    .map(|m| m.end())
            });
        let when = &clause[label.unwrap_or(0)..];
        if is_deadline(when) {
            if units_end.is_none() {
                time = Some(when.trim().to_string());
            }
        } else if label.is_none() && is_units_clause(clause) {
            units_end = units_end.or(Some(at + clause.len()));
        } else {
            break;
        }
        start = Some(at);
    }
    let start = start.filter(|&at| !simple[..at].trim().is_empty())?;
    let mut info = info(&text[start..units_end?])?;
    if info.deadline.is_none() {
        info.deadline = time;
    }
    Some((start, info))
}

/// The most clauses a sentence's units and time take.
const TAIL_CLAUSES: usize = 4;

/// Clauses of a sentence (split at `，。；` outside brackets), each with where it starts.
fn clauses(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            '，' | ',' | '；' | ';' | '。' if depth == 0 => {
                out.push((start, &text[start..i]));
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push((start, &text[start..]));
    out
}

/// A clause that names units before the role word ending it (`由区应急局牵头`, `各街道配合`,
/// `区委宣传部、各街道参与`), every name a unit's or a group's.
fn is_units_clause(clause: &str) -> bool {
    let Some(role) = ROLE_WORD.find_iter(clause).last() else {
        return false;
    };
    let names = clause[..role.start()].trim_start_matches('由').trim();
    // A group named in a few characters (`各地`, `各县（市、区）`) or ending as units do; not a
    // sentence that opens with one (`各乡镇要明确专人负责`).
    let named = |n: &str| {
        let n = n.trim();
        n.is_empty()
            || units::ends_as_unit(n, units::Place::UnitText)
            || units::is_group(n) && n.chars().count() <= SHORT_GROUP_CHARS
    };
    role.end() == clause.len() && !names.is_empty() && names.split(['、', '和', '及']).all(named)
}

/// The most characters of a group named without a unit's ending (`各县（市、区）`).
const SHORT_GROUP_CHARS: usize = 7;

fn read_para(p: &Paragraph) -> Para<'_> {
    let text = p.text.trim();
    let simple = simplified(text);
    let convention = CONVENTION.is_match(&simple);
    let marker = marker(text);
    if let Some(overall) = overall(text, marker) {
        return Para {
            text,
            location: &p.location,
            marker,
            tail: None,
            whole: None,
            convention,
            overall: Some(overall),
        };
    }
    // A label line, bracketed or not, is nothing but units.
    let bare = text
        .strip_prefix(['（', '(', '〔', '【'])
        .and_then(|t| t.strip_suffix(['）', ')', '〕', '】']))
        .unwrap_or(text);
    // `bare` lies inside `text`; its simplified form lies at the same offsets of `simple` when
    // the conversion kept every character's length (it does for the CJK it converts).
    let offset = bare.as_ptr() as usize - text.as_ptr() as usize;
    let bare_simple = if simple.len() == text.len() {
        std::borrow::Cow::Borrowed(&simple[offset..offset + bare.len()])
    } else {
        std::borrow::Cow::Owned(simplified(bare))
    };
    let starts_with_label = LABEL.find(&bare_simple).is_some_and(|m| m.start() == 0);
    let whole = if marker.is_none() && starts_with_label {
        info(bare)
    } else if marker.is_none() && is_units_sentence(&simple) {
        info(text.trim_end_matches(['。', '；', ';']))
    } else {
        tail(text)
            .filter(|(at, _)| text[..*at].trim().is_empty())
            .map(|(_, i)| i)
    };
    // A page's metadata line copied with the notice (`• 信息来源: 市府办(市外事办)`) names who
    // published it, not who does an item.
    let metadata = text
        .trim_start_matches(['•', '·', '●', ' ', '\u{3000}'])
        .split_once([':', '：'])
        .is_some_and(|(label, _)| crate::layout::is_metadata_label(label));
    let tail = if whole.is_some() || metadata {
        None
    } else {
        tail(text)
            .or_else(|| label_tail(text, &simple))
            .or_else(|| marker.and_then(|_| sentence_tail(text, &simple)))
    };
    Para {
        text,
        location: &p.location,
        marker,
        tail,
        whole,
        convention,
        overall: None,
    }
}

/// A sentence that only says who does the item, as its own paragraph:
/// `由乡农业服务中心承办，乡畜牧站、派出所配合。`
fn is_units_sentence(simple: &str) -> bool {
    let sentence = simple.trim_end_matches(['。', '；', ';', ' ']);
    sentence.chars().count() <= UNITS_SENTENCE_CHARS
        && ROLE_WORD
            .find_iter(sentence)
            .last()
            .is_some_and(|m| m.end() == sentence.len() && m.start() > 0)
        && !simple.contains(['“', '《'])
        && info(simple.trim_end_matches(['。', '；', ';'])).is_some_and(|i| !i.units.is_empty())
}

/// The longest paragraph read as a sentence of units alone.
const UNITS_SENTENCE_CHARS: usize = 80;

/// A paragraph that heads the items under it: `一、…` or `（一）…`, short, no sentence. A short
/// sentence (`（一）规范审批，提高效能。`) heads the paragraphs numbered deeper right below it.
fn is_heading(p: &Para<'_>, next: Option<&Para<'_>>) -> bool {
    let Some(Marker {
        style: style @ (Style::Chinese | Style::ParenChinese),
        ..
    }) = p.marker
    else {
        return false;
    };
    if p.tail.is_some() {
        return false;
    }
    outline::is_heading_line(p.head())
        || outline::is_short_sentence(p.head())
            && next.and_then(|n| n.marker).is_some_and(|m| m.style > style)
}

/// A run of paragraphs read as one candidate item.
#[derive(Debug, Default)]
struct Block {
    paras: Vec<usize>,
    info: Option<Info>,
    /// Paragraphs that were nothing but units (label lines), part of the item's span.
    info_paras: Vec<usize>,
    section: Option<HeadingRef>,
    subsection: Option<HeadingRef>,
    /// The number of the heading whose measures the block gathers.
    number: Option<u32>,
    /// The heading right above whose sub-measures this block gathers (shape `（一）title`,
    /// `（1）…（4）`, `（责任单位：…）`).
    task: Option<String>,
    convention: bool,
    /// A heading with its units right below it: the text after the units, up to the next
    /// heading or item, is its body.
    units_first: bool,
}

impl Block {
    fn style(&self, paras: &[Para<'_>]) -> Option<Style> {
        self.paras
            .first()
            .and_then(|&i| paras[i].marker.map(|m| m.style))
    }
}

/// Reads the work items among a document's body paragraphs.
pub fn split(paragraphs: &[Paragraph]) -> Split {
    let rebuilt = runs::rebuilt(paragraphs);
    let paragraphs = rebuilt.as_ref().map_or(paragraphs, |(p, _)| p.as_slice());
    let paras: Vec<Para<'_>> = paragraphs.iter().map(read_para).collect();
    let (blocks, headings) = blocks(&paras);
    let mut split = records(&paras, blocks);
    unheaded(&paras, &headings, &mut split);
    overall_units(&paras, &headings, &mut split);
    // What was rebuilt matters only where items were found.
    if let Some((_, notes)) = rebuilt
        && !split.records.is_empty()
    {
        split.diagnostics.extend(notes);
    }
    split
}

struct Reader {
    blocks: Vec<Block>,
    /// The heading paragraphs, each with what it heads.
    headings: Vec<(usize, HeadingRef)>,
    pending: Block,
    section: Option<HeadingRef>,
    subsection: Option<HeadingRef>,
    /// The heading paragraph just read, and the blocks after it without units since.
    parent: Option<(usize, usize)>,
    convention: bool,
}

impl Reader {
    fn close(&mut self) {
        if !self.pending.paras.is_empty() || self.pending.info.is_some() {
            let block = std::mem::take(&mut self.pending);
            self.blocks.push(block);
        }
    }

    fn open(&mut self, i: usize) {
        self.close();
        self.pending = Block {
            paras: vec![i],
            section: self.section.clone(),
            subsection: self.subsection.clone(),
            convention: self.convention,
            ..Block::default()
        };
    }

    /// A label line or bracket standing alone: the units of the open block. Sub-measures
    /// `（1）…（4）` numbered from 1 right under a heading, none with units, become one item with
    /// it.
    fn units_alone(&mut self, i: usize, info: Info, paras: &[Para<'_>]) {
        if self.pending.paras.is_empty() {
            // Further label lines of the item just closed.
            if let Some(last) = self.blocks.last_mut()
                && last.info.is_some()
                && last.info_paras.last().is_some_and(|&l| l + 1 == i)
            {
                if let Some(have) = &mut last.info {
                    have.merge(info);
                }
                last.info_paras.push(i);
                last.convention |= self.convention;
                return;
            }
        }
        self.close();
        if let Some((heading, first_block)) = self.parent {
            let run = &self.blocks[first_block..];
            let first = run
                .first()
                .and_then(|b| b.paras.first())
                .and_then(|&p| paras[p].marker);
            // Measures numbered （1）/① from one, or several numbered 1., 2. … under the heading.
            let measures = first.is_some_and(|m| {
                m.number == 1
                    && (matches!(m.style, Style::ParenArabic | Style::Circled) || run.len() >= 2)
            });
            if measures && run.iter().all(|b| b.info.is_none()) {
                let mut merged = Block {
                    section: run[0].section.clone(),
                    subsection: run[0].subsection.clone(),
                    convention: self.convention,
                    ..Block::default()
                };
                let gathered: Vec<Block> = self.blocks.drain(first_block..).collect();
                for b in gathered {
                    merged.paras.extend(b.paras);
                }
                let title = paras[heading].marker.map_or(paras[heading].text, |m| {
                    paras[heading].text[m.rest..].trim()
                });
                merged.task = Some(title.to_string());
                merged.number = paras[heading].marker.map(|m| m.number);
                merged.info = Some(info);
                merged.info_paras.push(i);
                self.blocks.push(merged);
                self.parent = None;
                return;
            }
        }
        // A heading with its units right below it and nothing between (`（一）地区生产总值增长7%
        // 以上` / `责任单位：区发改局`) is itself the item, not a heading over an empty one.
        if let Some((heading, first_block)) = self.parent
            && first_block == self.blocks.len()
            && heading + 1 == i
        {
            let own = paras[heading].marker.map(|m| m.style);
            self.blocks.push(Block {
                paras: vec![heading],
                info: Some(info),
                info_paras: vec![i],
                section: self.section.clone().filter(|_| own != Some(Style::Chinese)),
                subsection: self
                    .subsection
                    .clone()
                    .filter(|_| own != Some(Style::ParenChinese)),
                convention: self.convention,
                units_first: true,
                ..Block::default()
            });
            self.parent = None;
            return;
        }
        match self.blocks.last_mut() {
            Some(last) if last.info.is_none() && last.paras.last().is_some_and(|&l| l + 1 == i) => {
                last.info = Some(info);
                last.info_paras.push(i);
                // A note in this very units line (`列第一位的为牵头单位，下同`) applies to it.
                last.convention |= self.convention;
            }
            _ => self.blocks.push(Block {
                info: Some(info),
                info_paras: vec![i],
                section: self.section.clone(),
                subsection: self.subsection.clone(),
                convention: self.convention,
                ..Block::default()
            }),
        }
        self.parent = None;
    }
}

fn blocks(paras: &[Para<'_>]) -> (Vec<Block>, Vec<(usize, HeadingRef)>) {
    let mut r = Reader {
        blocks: Vec::new(),
        headings: Vec::new(),
        pending: Block::default(),
        section: None,
        subsection: None,
        parent: None,
        convention: false,
    };
    for (i, p) in paras.iter().enumerate() {
        r.convention |= p.convention;
        if let Some(info) = &p.whole {
            r.units_alone(i, info.clone(), paras);
            continue;
        }
        if is_heading(p, paras.get(i + 1)) {
            r.close();
            if let Some(m) = p.marker {
                let title = p.head()[m.rest..].trim().trim_end_matches('。');
                let heading = HeadingRef {
                    ordinal: m.number,
                    title: (!title.is_empty()).then(|| title.to_string()),
                };
                r.headings.push((i, heading.clone()));
                if m.style == Style::Chinese {
                    r.section = Some(heading);
                    r.subsection = None;
                } else {
                    r.subsection = Some(heading);
                }
            }
            r.parent = Some((i, r.blocks.len()));
            continue;
        }
        match p.marker {
            Some(m) => {
                let deeper = r.pending.style(paras).is_some_and(|s| m.style > s);
                // A first deeper paragraph with units of its own is the first item of a list
                // under a numbered paragraph, not a point of the item that paragraph opens.
                let own_item = p.tail.is_some() && r.pending.paras.len() == 1;
                if deeper && r.pending.info.is_none() && !own_item {
                    r.pending.paras.push(i);
                } else {
                    r.open(i);
                }
            }
            None if !r.pending.paras.is_empty() && r.pending.info.is_none() => {
                r.pending.paras.push(i);
            }
            None => r.open(i),
        }
        if let Some((_, info)) = &p.tail {
            r.pending.info = Some(info.clone());
            r.close();
            r.parent = None;
        }
    }
    r.close();
    (r.blocks, r.headings)
}

/// Turns blocks into records: blocks with units, and numbered blocks without units among
/// siblings with units; the text from the first item on that is neither is reported.
fn records(paras: &[Para<'_>], blocks: Vec<Block>) -> Split {
    let mut out = Split {
        records: Vec::new(),
        diagnostics: Vec::new(),
    };
    // Numberings that items with units use, under each heading: a numbered block without units
    // among them is an item too.
    let with_units: std::collections::HashSet<(
        Option<Style>,
        Option<&HeadingRef>,
        Option<&HeadingRef>,
    )> = blocks
        .iter()
        .filter(|b| b.info.is_some())
        .map(|b| (b.style(paras), b.section.as_ref(), b.subsection.as_ref()))
        .collect();
    // A plan that names no unit for any of its measures (`……工作方案`, `……工作要点`): every
    // numbered measure is an item, without units.
    let plan = with_units.is_empty() && is_plan(paras);
    let is_item: Vec<bool> = blocks
        .iter()
        .map(|b| {
            b.info.is_some()
                || b.style(paras).is_some()
                    && (plan && is_measure(b, paras)
                        || with_units.contains(&(
                            b.style(paras),
                            b.section.as_ref(),
                            b.subsection.as_ref(),
                        )))
        })
        .collect();
    let (blocks, is_item) = bodies_after_units(paras, blocks, is_item);
    let Some(first) = is_item.iter().position(|&x| x) else {
        return out;
    };
    let last = is_item.iter().rposition(|&x| x).unwrap_or(first);
    // Text under the first item's heading, before it, is in the items' region too.
    let mut start = (0..first)
        .find(|&k| blocks[first].section.is_some() && blocks[k].section == blocks[first].section)
        .unwrap_or(first);
    // And so is text of the paragraph the region starts in, which a copy ran on into it.
    let at = |i: Option<&usize>| i.map(|&i| paras[i].location);
    while start > 0
        && at(blocks[start].paras.first()).is_some()
        && at(blocks[start - 1].paras.last()) == at(blocks[start].paras.first())
    {
        start -= 1;
    }
    // So is the list's own title standing right above its first heading (`“十三五”应急体系9个
    // 具体建设任务`): one short line, no sentence, ending the text before.
    if let Some(k) = start.checked_sub(1)
        && blocks[k].info.is_none()
        && let Some(&title) = blocks[k].paras.last()
        && paras[title].text.chars().count() <= 40
        && !paras[title].text.contains(['。', '，', ','])
    {
        out.diagnostics.push(Diagnostic::info(
            Code::ListText,
            Some(paras[title].location.clone()),
            format!("the list's title, no item: {:?}", paras[title].text),
        ));
    }
    for (k, block) in blocks.iter().enumerate() {
        if !is_item[k] {
            if k >= start {
                let text: Vec<&str> = block.paras.iter().map(|&i| paras[i].text).collect();
                let place = if k < first {
                    "text before the first item"
                } else if k < last {
                    "text between the items"
                } else {
                    "text after the last item"
                };
                out.diagnostics.push(Diagnostic::info(
                    Code::ListText,
                    Some(span(paras, &block.paras)),
                    format!(
                        "{place} names no unit and is no item: {:?}",
                        text.join("\n")
                    ),
                ));
            }
            continue;
        }
        out.records
            .push(record(paras, block, plan, &mut out.diagnostics));
    }
    out
}

/// Reports the headings after the first one an item stands under that no item stands under (a section whose items
/// the copy cut off, a heading after the last item): they are in no record.
fn unheaded(paras: &[Para<'_>], headings: &[(usize, HeadingRef)], split: &mut Split) {
    let used: std::collections::HashSet<&HeadingRef> = split
        .records
        .iter()
        .flat_map(|r| [r.section.as_ref(), r.subsection.as_ref()])
        .flatten()
        .collect();
    let Some(first) = headings.iter().position(|(_, h)| used.contains(h)) else {
        return;
    };
    for (i, heading) in &headings[first..] {
        if !used.contains(heading) {
            split.diagnostics.push(Diagnostic::info(
                Code::ListText,
                Some(paras[*i].location.clone()),
                format!("a heading no item stands under: {:?}", paras[*i].text),
            ));
        }
    }
}

/// Gives each item the units its heading names over all its measures
/// (`（总牵头单位：区发改局）`), in `extra` under the label as written; the item's own units stay
/// its lead and cooperating units.
fn overall_units(paras: &[Para<'_>], headings: &[(usize, HeadingRef)], split: &mut Split) {
    for (i, heading) in headings {
        let Some(overall) = &paras[*i].overall else {
            continue;
        };
        for record in &mut split.records {
            if record.section.as_ref() == Some(heading)
                || record.subsection.as_ref() == Some(heading)
            {
                record
                    .extra
                    .insert(overall.label.clone(), overall.units.clone());
            }
        }
    }
}

/// A document whose title, before its first numbered paragraph, names a plan of measures:
/// `……工作方案`, `……实施方案`, `……工作要点`, `……工作计划`, `……工作安排` (the notice's own title,
/// `关于印发……方案的通知`, too).
fn is_plan(paras: &[Para<'_>]) -> bool {
    paras.iter().take_while(|p| p.marker.is_none()).any(|p| {
        let t = simplified(p.text);
        let t = t
            .trim()
            .trim_end_matches(|c: char| "》”\"』」 ".contains(c))
            .trim_end_matches("的通知")
            .trim_end_matches(|c: char| "》”\"』」 ".contains(c));
        t.chars().count() <= PLAN_TITLE_CHARS
            && !t.contains(['。', '，', ','])
            && ["方案", "要点", "工作计划", "工作安排"]
                .iter()
                .any(|w| t.ends_with(w))
    })
}

/// A numbered block of a plan that is one of its measures, not the plan's frame: neither under
/// a frame heading (`三、保障措施`) nor itself a frame part (`（一）指导思想。以……为指导`).
fn is_measure(block: &Block, paras: &[Para<'_>]) -> bool {
    let frame = |title: &str| {
        let t = title.trim().trim_end_matches('。');
        PLAN_FRAME.contains(&t)
    };
    let under_frame = [&block.section, &block.subsection]
        .into_iter()
        .flatten()
        .any(|h| h.title.as_deref().is_some_and(frame));
    let own = block.paras.first().map(|&i| &paras[i]).and_then(|p| {
        let rest = p.marker.map_or(p.text, |m| &p.text[m.rest..]);
        Some(rest.split(['。', '：', ':']).next()?.trim())
    });
    !under_frame && !own.is_some_and(frame)
}

/// The parts of a plan around its measures: what guides it and what backs it.
const PLAN_FRAME: &[&str] = &[
    "指导思想",
    "基本原则",
    "工作原则",
    "总体要求",
    "总体思路",
    "保障措施",
    "组织保障",
    "工作要求",
    "组织实施",
];

/// The longest line read as a plan's title.
const PLAN_TITLE_CHARS: usize = 60;

/// The paragraphs right after a heading's own units line (`一、治理畜牧业产品污染` / `由乡农技站承办，
/// 乡卫生院配合。` / `工作目标：` / …) are that item's body, up to the next heading or item; so are
/// lines marked with a bullet right after an item (`▲增加值增长8%左右`, its targets one a line)
/// and its points numbered deeper (`（1）…`, `①…`) that name no units of their own.
fn bodies_after_units(
    paras: &[Para<'_>],
    blocks: Vec<Block>,
    is_item: Vec<bool>,
) -> (Vec<Block>, Vec<bool>) {
    let bulleted = |block: &Block| {
        block.paras.iter().all(|&i| {
            paras[i].text.trim_start().starts_with([
                '▲', '△', '●', '○', '■', '□', '◆', '◇', '★', '☆', '•', '·', '※',
            ])
        })
    };
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut flags: Vec<bool> = Vec::with_capacity(is_item.len());
    for (block, item) in blocks.into_iter().zip(is_item) {
        let after_item =
            flags.last() == Some(&true) && (bulleted(&block) || deeper(out.last(), &block, paras));
        if !item
            && let (Some(last), Some(&first)) = (out.last_mut(), block.paras.first())
            && (last.units_first || after_item)
            && last
                .paras
                .iter()
                .chain(&last.info_paras)
                .max()
                .is_some_and(|&end| end + 1 == first)
        {
            last.paras.extend(block.paras);
            continue;
        }
        out.push(block);
        flags.push(item);
    }
    (out, flags)
}

/// True when `block` is numbered deeper than the item before it (`（1）梳理清单；` after `4.开展
/// 清理。（A负责）`, `1.谋划项目。` after `（一）扩大有效投资。（A牵头）`): one of that item's
/// points.
fn deeper(item: Option<&Block>, block: &Block, paras: &[Para<'_>]) -> bool {
    let item = item.and_then(|b| b.style(paras));
    let own = block.style(paras);
    matches!((item, own), (Some(i), Some(o)) if o > i)
}

/// An item's title: the short first sentence of a numbered paragraph that goes on
/// (`优化企业开办流程。推行“一窗受理”……`), as a table's 任务 column names it. A sentence with a
/// comma or semicolon is body, not a title; so is a paragraph that is one sentence.
fn title(text: &str) -> Option<(&str, &str)> {
    let end = text.find(['。', '！'])?;
    let title = text[..end].trim();
    let body = text[end..].trim_start_matches(['。', '！']).trim();
    let n = title.chars().count();
    let plain = !title.contains(['，', ',', '；', ';', '：', ':']);
    ((2..=TITLE_CHARS).contains(&n) && plain && !body.is_empty()).then_some((title, body))
}

/// A numbered paragraph that is only a title: short, no sentence and no clause in it.
fn is_title_line(text: &str) -> bool {
    let t = text.trim_end_matches(['。', '！']);
    let n = t.chars().count();
    (2..=TITLE_CHARS).contains(&n)
        && !t.contains(['。', '，', ',', '；', ';', '：', ':', '（', '('])
}

/// The longest first sentence read as an item's title; longer ones are body text.
const TITLE_CHARS: usize = 30;

/// Where a run of paragraphs is: `paragraphs 12–15`, `lines 30–33`, or one of them.
fn span(paras: &[Para<'_>], indices: &[usize]) -> Location {
    let first = indices.first().map(|&i| paras[i].location.clone());
    let last = indices.last().map(|&i| paras[i].location.clone());
    match (first, last) {
        (Some(a), Some(b)) => between(a, b),
        (Some(a), None) => a,
        (None, _) => Location::Paragraphs { first: 0, last: 0 },
    }
}

/// The place from `a` to `b`: a run of lines or paragraphs, on the page it starts on.
fn between(a: Location, b: Location) -> Location {
    match (a, b) {
        (a, b) if a == b => a,
        (Location::Line { line: a, .. }, Location::Line { line: b, .. }) => {
            Location::Lines { first: a, last: b }
        }
        (Location::Paragraph { index: a }, Location::Paragraph { index: b }) => {
            Location::Paragraphs { first: a, last: b }
        }
        (Location::Page { page, within: a }, Location::Page { within: b, .. }) => Location::Page {
            page,
            within: Box::new(between(*a, *b)),
        },
        (a, _) => a,
    }
}

fn record(
    paras: &[Para<'_>],
    block: &Block,
    plan: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> RawRecord {
    let mut all = block.paras.clone();
    all.extend(&block.info_paras);
    all.sort_unstable();
    let source = span(paras, &all);
    let mut lines = Vec::new();
    let mut number = None;
    for (n, &i) in block.paras.iter().enumerate() {
        let p = &paras[i];
        let mut text = p.text;
        if n == 0
            && let Some(m) = p.marker
        {
            number = Some(m.number);
            text = &text[m.rest..];
        }
        if let Some((at, _)) = &p.tail {
            let cut = at.saturating_sub(p.text.len() - text.len());
            // Units written as the sentence's last clauses leave its comma behind.
            text = text[..cut.min(text.len())].trim_end_matches(['，', ',', '、']);
        }
        let text = text.trim();
        if !text.is_empty() {
            lines.push(text);
        }
    }
    let mut task = block.task.clone();
    if task.is_some() {
        // The heading over the sub-measures is the task and numbers the item; the measures keep
        // their own numbers.
        number = block.number;
        lines = block.paras.iter().map(|&i| paras[i].text.trim()).collect();
    } else if let Some((title, body)) = lines.first().and_then(|l| title(l)) {
        task = Some(title.to_string());
        lines[0] = body;
    } else if lines.len() > 1 && is_title_line(lines[0]) {
        // `1.完善应急预案体系` on a line of its own, its measures on the lines below.
        task = Some(lines.remove(0).trim_end_matches(['。', '！']).to_string());
    }
    let info = block.info.clone().unwrap_or_default();
    let info_location = block
        .info_paras
        .first()
        .or(block.paras.last())
        .map_or(source.clone(), |&i| paras[i].location.clone());
    for note in &info.notes {
        diagnostics.push(Diagnostic::info(
            Code::Note,
            Some(info_location.clone()),
            note.clone(),
        ));
    }
    if block.info.is_none() {
        diagnostics.push(Diagnostic::info(
            Code::ItemWithoutUnits,
            Some(source.clone()),
            if plan {
                "a numbered measure of a plan that names units for none of its measures: taken as an item without units"
            } else {
                "a numbered paragraph names no unit, but items numbered alike under the same heading do: taken as an item"
            },
        ));
    }
    // `（二）2022年6月底前，制定完成……`: a time opening the item is its deadline; a verb that
    // says how (`持续推进……`, `定期公布……`) is no time.
    let deadline = info.deadline.clone().or_else(|| {
        let first = lines.first()?;
        let clause = first.split(['，', ',']).next()?;
        (clause.len() < first.len() && is_point_in_time(clause)).then(|| clause.trim().to_string())
    });
    // The rule reads one list of units; labelled lists (`牵头单位：…；责任单位：…`) name roles.
    let hint = if block.convention && info.units.len() == 1 {
        RoleHint::FirstLeads
    } else {
        RoleHint::InText
    };
    RawRecord {
        number,
        number_inferred: false,
        section: block.section.clone(),
        subsection: block.subsection.clone(),
        task,
        requirement: lines.join("\n"),
        units: info
            .units
            .into_iter()
            .map(|text| UnitCell {
                text,
                hint,
                location: info_location.clone(),
            })
            .collect(),
        leaders: info.leaders,
        deadline: deadline.map(|d| DeadlineCell {
            value: Value::Text(d),
            location: info_location.clone(),
        }),
        notes: None,
        extra: Default::default(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraphs(text: &str) -> Vec<Paragraph> {
        Paragraph::lines_of(text)
    }

    #[test]
    fn brackets_say_units_or_not() {
        let units = |s: &str| info(s).map(|i| (i.units, i.deadline, i.leaders));
        assert_eq!(
            units("区市场监管局牵头，区税务局、区人社局、区级相关部门配合"),
            Some((
                vec!["区市场监管局牵头，区税务局、区人社局、区级相关部门配合".to_string()],
                None,
                vec![]
            ))
        );
        assert_eq!(
            units("牵头单位：区行政审批局；责任单位：各街道办事处，2023年6月底前完成"),
            Some((
                vec![
                    "牵头单位：区行政审批局".to_string(),
                    "责任单位：各街道办事处".to_string()
                ],
                Some("2023年6月底前完成".to_string()),
                vec![]
            ))
        );
        assert_eq!(
            units("責任單位:區司法局,持續推進"),
            Some((
                vec!["責任單位：區司法局".to_string()],
                Some("持續推進".to_string()),
                vec![]
            ))
        );
        assert_eq!(
            units("区司法局，持续推进"),
            Some((
                vec!["区司法局".to_string()],
                Some("持续推进".to_string()),
                vec![]
            ))
        );
        assert_eq!(units("试行"), None);
        assert_eq!(units("以下简称《方案》"), None);
        assert_eq!(units("2023—2025年"), None);
    }

    #[test]
    fn items_with_brackets_and_label_lines() {
        let text = "关于印发方案的通知\n一、总体要求\n深入贯彻落实有关精神。\n二、重点任务\n（一）优化营商环境\n1. 优化企业开办流程。推行“一窗受理”。（区市场监管局牵头，区税务局配合）\n2. 推进审批改革。\n牵头单位：区行政审批局\n完成时限：2023年6月底前\n3. 其他指标不低于全市平均水平。\n附件：任务表";
        let split = split(&paragraphs(text));
        let r = &split.records;
        assert_eq!(r.len(), 3, "{r:#?}");
        assert_eq!(r[0].number, Some(1));
        assert_eq!(r[0].task.as_deref(), Some("优化企业开办流程"));
        assert_eq!(r[0].requirement, "推行“一窗受理”。");
        assert_eq!(r[1].task, None, "one sentence is the requirement");
        assert_eq!(r[0].section.as_ref().map(|h| h.ordinal), Some(2));
        assert_eq!(
            r[0].subsection.as_ref().and_then(|h| h.title.as_deref()),
            Some("优化营商环境")
        );
        assert_eq!(r[1].units[0].text, "牵头单位：区行政审批局");
        assert_eq!(
            r[1].deadline.as_ref().map(|d| d.value.text().into_owned()),
            Some("2023年6月底前".into())
        );
        assert_eq!(r[1].source.to_string(), "lines 7–9");
        assert_eq!(r[2].number, Some(3));
        assert!(r[2].units.is_empty());
    }

    #[test]
    fn labels_at_the_end_of_an_items_own_paragraph() {
        let text = "一、重点任务\n1.推进标准化建设。完善清单。责任单位：区政务服务局、各街道办事处；完成时限：2023年6月底前。\n2.加强数据共享。牵头单位：区大数据局；配合单位：区直各部门。";
        let r = split(&paragraphs(text)).records;
        assert_eq!(r.len(), 2, "{r:#?}");
        assert_eq!(r[0].task.as_deref(), Some("推进标准化建设"));
        assert_eq!(r[0].requirement, "完善清单。");
        assert_eq!(
            r[0].deadline.as_ref().map(|d| d.value.text().into_owned()),
            Some("2023年6月底前".into())
        );
        assert_eq!(r[1].units[0].text, "牵头单位：区大数据局");
    }

    #[test]
    fn a_pages_metadata_line_with_a_bracket_is_no_item() {
        let text = "某县人民政府办公室关于印发重点工作分工的通知\n• 信息来源: 县府办(县外事办)\n一、重点工作\n1.推进项目建设。（县发改局牵头）\n";
        let r = split(&paragraphs(text)).records;
        assert_eq!(r.len(), 1, "{r:#?}");
        assert_eq!(r[0].number, Some(1));
    }

    #[test]
    fn units_written_as_the_last_clauses_of_an_items_sentence() {
        let text = "一、整治行动\n1.清理河道垃圾。全面清理主要支流。由县水利局牵头，各乡镇配合，5月底前完成。\n2.更新路灯设施。县城管局负责，持续推进。\n3.组织志愿服务。县文明办牵头，团县委、县妇联参与。时间：8月。\n4.加强督导检查。各乡镇要明确专人负责。\n";
        let split = split(&paragraphs(text));
        let r = &split.records;
        assert_eq!(r.len(), 4, "{r:#?}");
        let units = |i: usize| {
            r[i].units
                .iter()
                .map(|u| u.text.as_str())
                .collect::<Vec<_>>()
        };
        let deadline = |i: usize| r[i].deadline.as_ref().map(|d| d.value.text().into_owned());
        assert_eq!(units(0), ["由县水利局牵头，各乡镇配合"]);
        assert_eq!(deadline(0).as_deref(), Some("5月底前完成"));
        assert_eq!(r[0].requirement, "全面清理主要支流。");
        assert_eq!(units(1), ["县城管局负责"]);
        assert_eq!(deadline(1).as_deref(), Some("持续推进"));
        assert_eq!(r[1].requirement, "更新路灯设施。");
        assert_eq!(units(2), ["县文明办牵头，团县委、县妇联参与"]);
        assert_eq!(deadline(2).as_deref(), Some("8月"));
        // A sentence whose subject is no unit names none: 专人 is a person to be named.
        assert!(units(3).is_empty(), "{:?}", units(3));
    }

    #[test]
    fn a_note_on_roles_inside_the_units_line_is_the_lists_rule() {
        let text = "一、发展目标\n1﹒全年新增市场主体三千户以上。\n责任单位：县市场监管局、县税务局、各乡镇（除注明“分别牵头”外，列第一位的为牵头单位，下同）\n（一）稳住工业增长。\n2﹒推进技改项目二十个。\n责任单位：县工信局、县发改局\n";
        let split = split(&paragraphs(text));
        let r = &split.records;
        assert_eq!(r.len(), 2, "{r:#?}");
        assert_eq!(r[0].number, Some(1), "1﹒ numbers the item");
        assert_eq!(
            r[0].units[0].text,
            "责任单位：县市场监管局、县税务局、各乡镇"
        );
        assert_eq!(r[0].units[0].hint, RoleHint::FirstLeads);
        assert_eq!(
            r[1].units[0].hint,
            RoleHint::FirstLeads,
            "下同: the rule holds on"
        );
        assert!(
            split
                .diagnostics
                .iter()
                .any(|d| d.code == Code::Note && d.message.contains("分别牵头")),
            "the note is kept: {:#?}",
            split.diagnostics
        );
        // `（一）稳住工业增长。` closed by a full stop is still a heading.
        assert_eq!(
            r[1].subsection.as_ref().and_then(|h| h.title.as_deref()),
            Some("稳住工业增长")
        );
        assert_eq!(r[1].number, Some(2));
    }

    #[test]
    fn the_paragraphs_after_a_headings_own_units_are_its_body() {
        let text = "一、整治河道垃圾\n由镇农业服务中心承办，镇水利站、各村委会配合。\n整治目标：\n河面无漂浮物，河岸无垃圾堆放。\n二、治理秸秆焚烧\n由镇农业服务中心承办，镇派出所配合。\n实现全年零火点。";
        let r = split(&paragraphs(text)).records;
        assert_eq!(r.len(), 2, "{r:#?}");
        assert_eq!(r[0].task.as_deref(), Some("整治河道垃圾"));
        assert_eq!(
            r[0].requirement,
            "整治目标：\n河面无漂浮物，河岸无垃圾堆放。"
        );
        assert_eq!(r[1].task.as_deref(), Some("治理秸秆焚烧"));
        assert_eq!(r[1].requirement, "实现全年零火点。");
    }

    #[test]
    fn labels_in_brackets_or_after_a_space_close_an_item() {
        let text = "一、教育\n1.新建城区幼儿园两所，新增学位五百个。【牵头单位】县教育局【配合单位】县住建局、县财政局【完成时限】2024年8月底前\n2.实施中小学食堂改造十所。\n【责任单位】县教育局\n【完成时限】2024年12月底前\n3.推进县域医共体建设，实现乡镇卫生院全覆盖 牵头单位：县卫健委 配合单位：县医保局 完成时限：2024年底";
        let r = split(&paragraphs(text)).records;
        assert_eq!(r.len(), 3, "{r:#?}");
        assert_eq!(r[0].requirement, "新建城区幼儿园两所，新增学位五百个。");
        let units = |k: usize| {
            r[k].units
                .iter()
                .map(|u| u.text.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            units(0),
            ["牵头单位：县教育局", "配合单位：县住建局、县财政局"]
        );
        assert_eq!(
            r[0].deadline.as_ref().map(|d| d.value.text().into_owned()),
            Some("2024年8月底前".to_string())
        );
        assert_eq!(r[1].requirement, "实施中小学食堂改造十所。");
        assert_eq!(units(1), ["责任单位：县教育局"]);
        assert_eq!(r[2].requirement, "推进县域医共体建设，实现乡镇卫生院全覆盖");
        assert_eq!(units(2), ["牵头单位：县卫健委", "配合单位：县医保局"]);
    }

    #[test]
    fn points_numbered_deeper_after_an_item_are_its_body() {
        let text = "一、规范审批\n4.开展审批中介服务清理。（市发展改革委、市司法局按职责分工负责，上半年完成）\n（1）梳理中介服务事项清单；\n（2）公布保留事项及收费标准。\n5.推行告知承诺制。（市司法局牵头，6月底前）";
        let r = split(&paragraphs(text)).records;
        assert_eq!(r.len(), 2, "{r:#?}");
        // The numbered line over its points is the task (without its stop), as
        // `1.完善应急预案体系` / `（1）…` is.
        assert_eq!(r[0].task.as_deref(), Some("开展审批中介服务清理"));
        assert_eq!(
            r[0].requirement,
            "（1）梳理中介服务事项清单；\n（2）公布保留事项及收费标准。"
        );
        assert_eq!(r[0].source, Location::Lines { first: 2, last: 4 });
        // Measures `1.` under a `（一）` item with units of its own, none with units.
        let text = "一、稳住经济大盘\n（一）扩大有效投资。（县发改局牵头，县财政局配合）\n1.谋划储备一批重大项目。\n2.加快专项债券项目建设。\n（二）促进消费回升。（县商务局牵头）\n1.开展促消费活动。";
        let r = split(&paragraphs(text)).records;
        assert_eq!(r.len(), 2, "{r:#?}");
        assert_eq!(r[0].task.as_deref(), Some("扩大有效投资"));
        assert_eq!(
            r[0].requirement,
            "1.谋划储备一批重大项目。\n2.加快专项债券项目建设。"
        );
        assert_eq!(r[1].requirement, "1.开展促消费活动。");
    }

    #[test]
    fn two_brackets_closing_an_item_are_read_together() {
        let text = "一、城市更新\n1.改造老旧小区二十个。（责任单位：区住建局、各街道）（完成时限：2023年12月底前）\n2.新建口袋公园八处。（2023年9月底前完成）（区园林中心牵头，各街道配合）";
        let r = split(&paragraphs(text)).records;
        assert_eq!(r.len(), 2, "{r:#?}");
        assert_eq!(r[0].requirement, "改造老旧小区二十个。");
        assert_eq!(r[0].units.len(), 1);
        assert_eq!(
            r[0].deadline.as_ref().map(|d| d.value.text().into_owned()),
            Some("2023年12月底前".to_string())
        );
        assert_eq!(r[1].requirement, "新建口袋公园八处。");
        assert_eq!(
            r[1].deadline.as_ref().map(|d| d.value.text().into_owned()),
            Some("2023年9月底前完成".to_string())
        );
        // A bracket that says nothing of units stays in the text: `（试行）`.
        let r = split(&paragraphs(
            "1.推行首问负责制度（试行）。（区政务中心负责）",
        ))
        .records;
        assert_eq!(r[0].requirement, "推行首问负责制度（试行）。");
    }

    #[test]
    fn a_headings_overall_lead_goes_to_each_measure_under_it() {
        let text = "一、办好群众身边事（总牵头单位：区民政局）\n1.新建社区食堂五处。（区民政局牵头，各街道配合，9月底前完成）\n2.改造无障碍设施。（区住建局牵头，区残联配合，11月底前完成）\n二、稳住就业（总负责：区人社局）\n3.开发公益岗位二百个。（区人社局牵头，各街道配合，6月底前完成）";
        let r = split(&paragraphs(text)).records;
        assert_eq!(r.len(), 3, "{r:#?}");
        let section = |k: usize| r[k].section.as_ref().and_then(|h| h.title.as_deref());
        assert_eq!(section(0), Some("办好群众身边事"));
        assert_eq!(section(2), Some("稳住就业"));
        assert_eq!(r[0].requirement, "新建社区食堂五处。");
        assert_eq!(
            r[1].extra.get("总牵头单位").map(String::as_str),
            Some("区民政局")
        );
        assert_eq!(
            r[2].extra.get("总负责").map(String::as_str),
            Some("区人社局")
        );
        // Leaders over all the measures go the same way.
        let r = split(&paragraphs(
            "一、办好群众身边事（牵头领导：王明）\n1.新建社区食堂五处。（区民政局负责）",
        ))
        .records;
        assert_eq!(r[0].extra.get("牵头领导").map(String::as_str), Some("王明"));
        // A heading's bracket of plain units (no overall label) is still the item's own.
        let r = split(&paragraphs("一、办好群众身边事（区民政局负责）")).records;
        assert_eq!(r.len(), 1);
        assert!(r[0].extra.is_empty());
    }

    #[test]
    fn a_numbered_title_over_its_measures_is_the_task() {
        let text = "（一）应急体系\n1.完善应急预案体系\n（1）修订总体预案。\n（2）开展应急演练。\n（责任单位：市应急局、各县区人民政府）\n2.健全指挥机制\n（1）建立会商制度。\n（责任单位：市应急局）";
        let r = split(&paragraphs(text)).records;
        assert_eq!(r.len(), 2, "{r:#?}");
        assert_eq!(r[0].task.as_deref(), Some("完善应急预案体系"));
        assert!(
            r[0].requirement.starts_with("（1）修订总体预案。"),
            "{}",
            r[0].requirement
        );
        assert_eq!(r[1].task.as_deref(), Some("健全指挥机制"));
    }

    #[test]
    fn bulleted_lines_after_an_item_are_its_body() {
        let text = "一、稳定经济增长\n1、加强运行调度，确保完成主要指标。（牵头单位：区发改委、区统计局）\n▲地区生产总值增长6%左右\n▲固定资产投资增长8%\n2、做好项目储备。（牵头单位：区发改委）\n▲新增储备项目二十个";
        let split = split(&paragraphs(text));
        let r = &split.records;
        assert_eq!(r.len(), 2, "{r:#?}");
        assert_eq!(
            r[0].requirement,
            "加强运行调度，确保完成主要指标。\n▲地区生产总值增长6%左右\n▲固定资产投资增长8%"
        );
        assert!(r[1].requirement.ends_with("▲新增储备项目二十个"), "{r:#?}");
    }

    #[test]
    fn a_bracket_cut_off_after_a_name_in_brackets_keeps_every_role() {
        let text = "（一）优化准入。推行登记一网通办。〔牵头单位：市市场监管局；配合单位：市公安局，各县（区）人民";
        let r = split(&paragraphs(text)).records;
        assert_eq!(r.len(), 1, "{r:#?}");
        assert_eq!(r[0].requirement, "推行登记一网通办。");
        let texts: Vec<&str> = r[0].units.iter().map(|u| u.text.as_str()).collect();
        assert!(
            texts.iter().any(|t| t.contains("市市场监管局")),
            "{texts:?}"
        );
        assert!(texts.iter().any(|t| t.contains("市公安局")), "{texts:?}");
    }

    #[test]
    fn a_verb_opening_the_item_is_no_deadline() {
        let text = "（一）优化准入。持续推进服务码应用，推动一企一码。（牵头单位：市市场监管局）\n（二）公开目录。定期公布事项目录，公开办事指南。（牵头单位：市政务服务中心）\n（三）建设平台。2023年6月底前，完成平台建设。（牵头单位：市数据局）";
        let r = split(&paragraphs(text)).records;
        assert_eq!(r.len(), 3, "{r:#?}");
        let deadline = |i: usize| r[i].deadline.as_ref().map(|d| d.value.text().into_owned());
        assert_eq!(deadline(0), None);
        assert_eq!(deadline(1), None);
        assert_eq!(deadline(2), Some("2023年6月底前".into()));
    }

    #[test]
    fn a_plan_without_units_has_its_numbered_measures_as_items() {
        let body = "一、总体要求\n（一）指导思想。以便民为导向，推进服务标准化。\n二、工作目标\n（一）2024年9月底前，建成全镇统一的便民服务目录。\n（二）2025年6月底前，村级服务站点全部达标，服务事项全部网上可办。\n三、主要措施\n1.梳理服务事项。逐项核对镇村两级事项，形成清单。\n四、保障措施\n（一）加强组织领导。成立工作专班。";
        let plan = format!("某镇便民服务标准化工作方案\n为方便群众办事，制定本方案。\n{body}");
        let split = split(&paragraphs(&plan));
        let r = &split.records;
        assert_eq!(r.len(), 3, "{r:#?}");
        assert_eq!(
            r[0].deadline.as_ref().map(|d| d.value.text().into_owned()),
            Some("2024年9月底前".into()),
            "a time opening the item is its deadline"
        );
        assert!(r[0].requirement.starts_with("2024年9月底前，建成"));
        assert!(r.iter().all(|r| r.units.is_empty()));
        assert_eq!(r[2].task.as_deref(), Some("梳理服务事项"));
        assert!(
            split
                .diagnostics
                .iter()
                .any(|d| d.code == Code::ItemWithoutUnits)
        );
        // Rules of a meeting, numbered the same way, are no plan of measures.
        let rules = format!("某镇例会制度\n{body}");
        assert!(super::split(&paragraphs(&rules)).records.is_empty());
    }

    #[test]
    fn a_heading_with_its_units_right_below_is_the_item() {
        let text = "一、主要预期目标\n（一）城镇新增就业八千人以上\n责任单位：区人社局\n（二）粮食产量稳定在上年水平\n牵头单位：区农业农村局\n配合单位：各镇人民政府\n（三）做好防汛准备\n1.汛前排查重点堤段。\n责任单位：区水务局";
        let r = split(&paragraphs(text)).records;
        assert_eq!(r.len(), 3, "{r:#?}");
        assert_eq!(r[0].number, Some(1));
        assert_eq!(r[0].requirement, "城镇新增就业八千人以上");
        assert_eq!(r[0].subsection, None);
        assert_eq!(r[0].section.as_ref().map(|h| h.ordinal), Some(1));
        assert_eq!(r[0].source, Location::Lines { first: 2, last: 3 });
        assert_eq!(r[1].requirement, "粮食产量稳定在上年水平");
        assert_eq!(r[1].units.len(), 2);
        // With text between the heading and its units, the heading stays a heading.
        assert_eq!(r[2].requirement, "汛前排查重点堤段。");
        assert_eq!(r[2].subsection.as_ref().map(|h| h.ordinal), Some(3));
    }

    #[test]
    fn sub_measures_under_a_heading_are_one_item() {
        let text = "（一）加强组织保障\n（1）建立工作专班。\n（2）定期调度进展。\n（责任单位：区发改局、区财政局）\n（二）强化督查考核\n（1）纳入年度考核。\n（责任单位：区委督查室）";
        let r = split(&paragraphs(text)).records;
        assert_eq!(r.len(), 2, "{r:#?}");
        assert_eq!(r[0].task.as_deref(), Some("加强组织保障"));
        assert_eq!(r[0].requirement, "（1）建立工作专班。\n（2）定期调度进展。");
        assert_eq!(r[1].task.as_deref(), Some("强化督查考核"));
    }
}
