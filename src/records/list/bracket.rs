//! What an item's units say, wherever they are written: a bracket closing its paragraph
//! (`（区发改局牵头，区财政局配合，6月底前完成）`), label lines (`责任单位：…`), the last clauses of
//! its sentence (`由区应急局牵头，各街道配合。`), a bracket cut off by the end of a copy.

use std::sync::LazyLock;

use regex::Regex;

use crate::syntax::deadline::{self, Clause};
use crate::syntax::units;
use crate::text::simplified;

/// What a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LabelKind {
    Units,
    Deadline,
    Leaders,
}

/// Units, deadline and leaders an item's bracket or label lines give.
#[derive(Debug, Clone, Default)]
pub(super) struct Info {
    pub(super) units: Vec<String>,
    pub(super) deadline: Option<String>,
    pub(super) leaders: Vec<String>,
    /// Notes inside the units text on how to read it (`（列第一位的为牵头单位，下同）`).
    pub(super) notes: Vec<String>,
}

impl Info {
    pub(super) fn merge(&mut self, other: Info) {
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

/// The words of a label before units, leaders or a time. Leader labels first: 牵头负责领导 is no
/// unit label 牵头.
pub(super) static LABEL_WORDS: LazyLock<String> = LazyLock::new(|| {
    format!(
        r"(?:牵头|分管|联系|包联|挂点|责任)(?:省|市|区|县|州|镇|乡)?(?:负责)?领导|责任人|{}|完成时限|完成时间|时限要求|时间要求|时间节点|完成期限|办结时限|时限|进度安排",
        *crate::syntax::units::UNIT_LABELS
    )
});

/// A label: its words closed by a colon (`责任单位：`), or set in brackets (`【责任单位】`).
pub(super) static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    // invariant: the label words are plain words.
    Regex::new(&format!(
        r"[【〔\[]?({})(?:[】〕\]]\s*[:：]?|\s*[:：])",
        *LABEL_WORDS
    ))
    .expect("invariant: literal regex")
});

/// A bracket holding a label's words alone (`【牵头单位】`): a label, not units.
pub(super) static LABEL_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^(?:{})$", *LABEL_WORDS)).expect("invariant: literal regex")
});

pub(super) static CONVENTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:列|排|放)在?(?:第一|首)位的?(?:单位)?(?:为|是)牵头|第一(?:个|家)?单位为牵头")
        .expect("invariant: literal regex")
});

pub(super) static ROLE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"牵头|配合|负责|协办|协作|参与|会同|协助|承办").expect("invariant: literal regex")
});

pub(super) fn label_kind(label: &str) -> LabelKind {
    if label.contains("领导") || label == "责任人" {
        LabelKind::Leaders
    } else if label.contains("时") || label.contains("期限") || label.contains("进度") {
        LabelKind::Deadline
    } else {
        LabelKind::Units
    }
}

pub(super) fn is_unit_name(part: &str) -> bool {
    let part = part.trim();
    let n = part.chars().count();
    (2..=40).contains(&n)
        && !part.contains(['。', '“', '”', '《'])
        && (units::ends_as_unit(part, units::Place::UnitText) || units::is_group(part))
}

pub(super) fn is_deadline(part: &str) -> bool {
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
pub(super) fn is_point_in_time(part: &str) -> bool {
    is_deadline(part)
        && deadline::parse(part.trim())
            .clauses
            .iter()
            .all(|c| matches!(c, Clause::Due { .. } | Clause::Date(_)))
}

/// Splits on separators outside brackets (`各县（市、区）人民政府` stays whole).
pub(super) fn parts(text: &str) -> Vec<&str> {
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
pub(super) fn info(written: &str) -> Option<Info> {
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
pub(super) fn unlabelled(written: &str, simple: &str, out: &mut Info) {
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
pub(super) fn split_deadline(body: &str) -> (&str, Option<&str>) {
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

/// The unit brackets closing the paragraph: where the first starts, and what they say. Two in a
/// row are read together: `……。（责任单位：区住建局）（完成时限：2023年12月底前）`.
pub(super) fn tail(text: &str) -> Option<(usize, Info)> {
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
pub(super) fn time_bracket(text: &str) -> Option<(usize, Info)> {
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
pub(super) fn last_bracket(text: &str) -> Option<(usize, Info)> {
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
pub(super) fn cut_off_bracket(text: &str) -> Option<(usize, Info)> {
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

/// Units labelled at the end of an item's own paragraph, without a bracket:
/// `……持续推进。责任单位：区发改局、区财政局。` — the first unit label after a sentence's end,
/// after a space (`……全覆盖 牵头单位：县卫健委 配合单位：……`) or set in brackets
/// (`……学位五百个。【牵头单位】县教育局【配合单位】……`).
pub(super) fn label_tail(text: &str, simple: &str) -> Option<(usize, Info)> {
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
pub(super) fn sentence_tail(text: &str, simple: &str) -> Option<(usize, Info)> {
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
pub(super) const TAIL_CLAUSES: usize = 4;

/// Clauses of a sentence (split at `，。；` outside brackets), each with where it starts.
pub(super) fn clauses(text: &str) -> Vec<(usize, &str)> {
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
pub(super) fn is_units_clause(clause: &str) -> bool {
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
pub(super) const SHORT_GROUP_CHARS: usize = 7;
