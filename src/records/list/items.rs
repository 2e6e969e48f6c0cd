//! Items from the paragraphs' blocks: each block's title, body, units and deadline as a
//! [`RawRecord`], with the headings it stands under, and what the blocks leave (text of the
//! plan, units over a heading's measures) said in diagnostics.

use super::bracket::is_point_in_time;
use super::{Block, Para, Style};
use crate::diagnostic::{Code, Diagnostic};
use crate::grid::{Location, Value};
use crate::records::{DeadlineCell, HeadingRef, RawRecord, Split, UnitCell};
use crate::syntax::heading;
use crate::syntax::units::RoleHint;
use crate::text::visible_len;

/// Turns blocks into records: blocks with units, and numbered blocks without units among
/// siblings with units; the text from the first item on that is neither is reported.
pub(super) fn records(paras: &[Para<'_>], mut blocks: Vec<Block>) -> Split {
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
    let plan = if with_units.is_empty() {
        plan_start(paras)
    } else {
        None
    };
    let is_item: Vec<bool> = blocks
        .iter()
        .map(|b| {
            b.info.is_some()
                || b.style(paras).is_some()
                    && (plan.is_some_and(|start| b.paras.first().is_some_and(|&i| i > start))
                        && is_measure(b, paras)
                        || with_units.contains(&(
                            b.style(paras),
                            b.section.as_ref(),
                            b.subsection.as_ref(),
                        )))
        })
        .collect();
    let is_item = headed_measures(paras, &mut blocks, is_item, plan);
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
        && crate::notice::parse_date(paras[title].text.trim()).is_none()
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
            .push(record(paras, block, plan.is_some(), &mut out.diagnostics));
    }
    out
}

/// A measure written as a `（一）` heading on a line of its own with its body below
/// (`（一）进一步推进清单公开` / `对清单进行动态调整，公布本年版清单。（牵头单位：…）`): the body,
/// numbered by nothing of its own, is the item the heading numbers and names — whether its
/// units close it or it is a measure of a plan that names units for none.
fn headed_measures(
    paras: &[Para<'_>],
    blocks: &mut [Block],
    is_item: Vec<bool>,
    plan: Option<usize>,
) -> Vec<bool> {
    blocks
        .iter_mut()
        .zip(is_item)
        .map(|(block, item)| {
            if block.style(paras).is_some() || block.task.is_some() {
                return item;
            }
            let heading = block
                .paras
                .first()
                .and_then(|&first| first.checked_sub(1))
                .filter(|&h| {
                    paras[h]
                        .marker
                        .is_some_and(|m| m.style == Style::ParenChinese)
                });
            let Some((h, title)) =
                heading.zip(block.subsection.as_ref().and_then(|s| s.title.clone()))
            else {
                return item;
            };
            let measure = item && block.info.is_some()
                || !item
                    && block.info.is_none()
                    && plan.is_some_and(|start| h > start)
                    && is_measure(block, paras);
            if measure {
                block.task = Some(title);
                block.number = paras[h].marker.map(|m| m.number);
            }
            item || measure
        })
        .collect()
}

/// Reports the headings after the first one an item stands under that no item stands under (a section whose items
/// the copy cut off, a heading after the last item): they are in no record.
pub(super) fn unheaded(paras: &[Para<'_>], headings: &[(usize, HeadingRef)], split: &mut Split) {
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
pub(super) fn overall_units(
    paras: &[Para<'_>],
    headings: &[(usize, HeadingRef)],
    split: &mut Split,
) {
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

/// Where the measures of a plan that names no unit for any of them begin: the plan's own title
/// (`……工作方案`, `……工作要点`, the notice's `关于印发……方案的通知` too) before the first numbered
/// paragraph; after a covering letter's own points (`并就有关事项通知如下`), the plan's title
/// written again after them, or nowhere when the copy does not hold it. None when the
/// paragraphs are no such plan.
pub(super) fn plan_start(paras: &[Para<'_>]) -> Option<usize> {
    let title = paras
        .iter()
        .take_while(|p| p.marker.is_none())
        .position(|p| heading::is_plan_title(p.text))?;
    let unnumbered = |p: &&Para<'_>| p.marker.is_none();
    match paras
        .iter()
        .position(|p| unnumbered(&p) && heading::announces_letter_points(p.text))
    {
        Some(letter) => paras[letter + 1..]
            .iter()
            .position(|p| unnumbered(&p) && heading::is_plan_title(p.text))
            .map(|k| letter + 1 + k),
        None => Some(title),
    }
}

/// A numbered block of a plan that is one of its measures, not the plan's frame: neither under
/// a frame heading (`三、保障措施`) nor itself a frame part (`（一）指导思想。以……为指导`).
pub(super) fn is_measure(block: &Block, paras: &[Para<'_>]) -> bool {
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
pub(super) const PLAN_FRAME: &[&str] = &[
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

/// The paragraphs right after a heading's own units line (`一、治理畜牧业产品污染` / `由乡农技站承办，
/// 乡卫生院配合。` / `工作目标：` / …) are that item's body, up to the next heading or item; so are
/// lines marked with a bullet right after an item (`▲增加值增长8%左右`, its targets one a line)
/// and its points numbered deeper (`（1）…`, `①…`) that name no units of their own.
pub(super) fn bodies_after_units(
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
pub(super) fn deeper(item: Option<&Block>, block: &Block, paras: &[Para<'_>]) -> bool {
    let item = item.and_then(|b| b.style(paras));
    let own = block.style(paras);
    matches!((item, own), (Some(i), Some(o)) if o > i)
}

/// An item's title: the short first sentence of a numbered paragraph that goes on
/// (`优化企业开办流程。推行“一窗受理”……`), as a table's 任务 column names it. A sentence with a
/// comma or semicolon is body, not a title; so is a paragraph that is one sentence.
pub(super) fn title(text: &str) -> Option<(&str, &str)> {
    let end = text.find(['。', '！'])?;
    let title = text[..end].trim();
    let body = text[end..].trim_start_matches(['。', '！']).trim();
    // A quoted name is one word of the title, whatever it holds
    // (`全面深化“在甲地看见美丽乙国、在甲地享受健康生活”主题实践`).
    let words = unquoted(title);
    let n = visible_len(&words);
    let plain = !words.contains(['，', ',', '；', ';', '：', ':']);
    ((2..=TITLE_CHARS).contains(&n) && plain && !body.is_empty() && title.len() <= TITLE_BYTES)
        .then_some((title, body))
}

/// The text with each quoted span (`“…”`) written as its opening mark alone.
fn unquoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '“' => {
                if depth == 0 {
                    out.push(c);
                }
                depth += 1;
            }
            '”' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The most bytes of a title with its quoted names (twenty-five characters quoted, say).
const TITLE_BYTES: usize = 180;

/// A numbered paragraph that is only a title: short, no sentence and no clause in it.
pub(super) fn is_title_line(text: &str) -> bool {
    let t = text.trim_end_matches(['。', '！']);
    let n = visible_len(t);
    (2..=TITLE_CHARS).contains(&n)
        && !t.contains(['。', '，', ',', '；', ';', '：', ':', '（', '('])
}

/// The longest first sentence read as an item's title; longer ones are body text.
pub(super) const TITLE_CHARS: usize = 30;

/// Where a run of paragraphs is: `paragraphs 12–15`, `lines 30–33`, or one of them.
pub(super) fn span(paras: &[Para<'_>], indices: &[usize]) -> Location {
    let first = indices.first().map(|&i| paras[i].location.clone());
    let last = indices.last().map(|&i| paras[i].location.clone());
    match (first, last) {
        (Some(a), Some(b)) => between(a, b),
        (Some(a), None) => a,
        (None, _) => Location::Paragraphs { first: 0, last: 0 },
    }
}

/// The place from `a` to `b`: a run of lines or paragraphs, on the page it starts on.
pub(super) fn between(a: Location, b: Location) -> Location {
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

pub(super) fn record(
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
        // The heading over the sub-measures (or over a body numbered by nothing) is the task
        // and numbers the item; the measures keep their own numbers.
        number = block.number;
        if block
            .paras
            .first()
            .is_some_and(|&i| paras[i].marker.is_some())
        {
            lines = block.paras.iter().map(|&i| paras[i].text.trim()).collect();
        }
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
