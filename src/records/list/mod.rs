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

mod bracket;
mod items;
mod runs;

use super::{HeadingRef, Split};
use crate::grid::{Location, Paragraph};
use crate::outline::{self, Level};
use crate::text::simplified;
use bracket::{CONVENTION, Info, LABEL, ROLE_WORD, info, label_tail, sentence_tail, tail};
use items::{overall_units, records, unheaded};

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
    // The numbering of the last numbered paragraph that opened a block (no heading).
    let mut item_style = None;
    for (i, p) in paras.iter().enumerate() {
        r.convention |= p.convention;
        if let Some(info) = &p.whole {
            r.units_alone(i, info.clone(), paras);
            continue;
        }
        // The last paragraph numbered as the items before it (`（三）大力推行“首席服`, where a
        // copy ends) begins an item, though it reads as a heading: it heads nothing.
        let last_item = i + 1 == paras.len() && p.marker.map(|m| m.style) == item_style;
        if is_heading(p, paras.get(i + 1)) && !last_item {
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
                    item_style = Some(m.style);
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

#[cfg(test)]
mod tests;
