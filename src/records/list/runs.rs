//! Paragraphs as a copy gives them, made back into the notice's own paragraphs before the list
//! is read.
//!
//! Pages of document-sharing sites cut a notice into chunks of a few hundred characters and
//! number them (`2、`) at the start of each line, in the middle of a sentence: those lines are
//! one text. Copies of web pages and PDFs lose line breaks, so items run on in one paragraph
//! (`1.修建村道3公里。 责任单位：县交通局 2.新建公厕5座。……`, `……（市食安办负责）依据……`):
//! such a paragraph is cut where the next item begins, on the evidence the text gives — the
//! next number of the item's own numbering, a section's `一、` after a sentence's end, or the
//! end of a bracket of units. Every rebuilt place is reported (`layout-guess`) with its evidence;
//! no text is dropped but the chunk numbers, which the report quotes.

use super::{Style, marker};
use crate::diagnostic::{Code, Diagnostic};
use crate::grid::Paragraph;
use crate::outline;
use crate::text::simplified;

/// The paragraphs with chunked lines joined and run-on items cut apart, and what was done;
/// `None` when the paragraphs need neither.
pub(super) fn rebuilt(paragraphs: &[Paragraph]) -> Option<(Vec<Paragraph>, Vec<Diagnostic>)> {
    let mut diagnostics = Vec::new();
    let chunked = join_chunks(paragraphs, &mut diagnostics);
    let source = chunked.as_deref().unwrap_or(paragraphs);
    let rejoined = join_broken_brackets(source, &mut diagnostics);
    let source = rejoined.as_deref().unwrap_or(source);
    let relabelled = join_broken_labels(source, &mut diagnostics);
    let source = relabelled.as_deref().unwrap_or(source);
    let mut out = Vec::with_capacity(source.len());
    let mut changed = chunked.is_some() || rejoined.is_some() || relabelled.is_some();
    for p in source {
        let cuts = with_titles(&p.text, cuts(&p.text));
        if cuts.is_empty() {
            out.push(p.clone());
            continue;
        }
        changed = true;
        let mut start = 0;
        for (at, why) in cuts {
            diagnostics.push(Diagnostic::info(
                Code::LayoutGuess,
                Some(p.location.clone()),
                format!(
                    "items ran on in one paragraph: {:?} is cut before {:?} ({why})",
                    window(&p.text, at),
                    preview(&p.text[at..])
                ),
            ));
            out.push(piece(p, start, at));
            start = at;
        }
        out.push(piece(p, start, p.text.len()));
    }
    changed.then_some((out, diagnostics))
}

fn piece(p: &Paragraph, start: usize, end: usize) -> Paragraph {
    Paragraph {
        text: p.text[start..end].trim().to_string(),
        location: p.location.clone(),
    }
}

/// The text around a cut, as written, for the reader to check the cut against.
fn window(text: &str, at: usize) -> &str {
    let from = text[..at]
        .char_indices()
        .rev()
        .nth(WINDOW_CHARS - 1)
        .map_or(0, |(i, _)| i);
    let to = text[at..]
        .char_indices()
        .nth(WINDOW_CHARS)
        .map_or(text.len(), |(i, _)| at + i);
    &text[from..to]
}

/// The characters quoted on each side of a cut.
const WINDOW_CHARS: usize = 20;

fn preview(text: &str) -> String {
    text.chars().take(12).collect()
}

/// Joins lines that a document site's chunk numbers (`1、`, `2、`, … at the start of each line)
/// cut in the middle of sentences. The evidence: the numbers run from 1, and every line before
/// a numbered one is a page of text (several sentences) that stops mid-sentence.
fn join_chunks(
    paragraphs: &[Paragraph],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<Paragraph>> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < paragraphs.len() {
        if chunk_number(&paragraphs[i].text, 1).is_some() {
            let mut j = i;
            while j + 1 < paragraphs.len()
                && is_cut_page(&paragraphs[j].text)
                && chunk_number(&paragraphs[j + 1].text, j + 2 - i).is_some()
            {
                j += 1;
            }
            if j > i {
                runs.push((i, j));
                i = j + 1;
                continue;
            }
        }
        i += 1;
    }
    if runs.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(paragraphs.len());
    let mut next = 0;
    for (first, last) in runs {
        out.extend_from_slice(&paragraphs[next..first]);
        let mut text = String::new();
        for (k, p) in paragraphs[first..=last].iter().enumerate() {
            let marker = chunk_number(&p.text, k + 1).unwrap_or(0);
            diagnostics.push(Diagnostic::info(
                Code::LayoutGuess,
                Some(p.location.clone()),
                format!(
                    "{:?} is a document site's chunk number inside a sentence, not an item's: dropped, and the line joined to the one before",
                    &p.text[..marker]
                ),
            ));
            text.push_str(p.text[marker..].trim_end());
        }
        out.push(Paragraph {
            text,
            location: paragraphs[first].location.clone(),
        });
        next = last + 1;
    }
    out.extend_from_slice(&paragraphs[next..]);
    Some(out)
}

/// Joins a line that ends inside a bracket to the next when that one closes it and is no item of
/// its own: a hard line break inside a units bracket (`（县农业农村局负责，2021年10月底` /
/// `前完成）`), as copies of PDFs and pages give.
fn join_broken_brackets(
    paragraphs: &[Paragraph],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<Paragraph>> {
    let mut out: Vec<Paragraph> = Vec::with_capacity(paragraphs.len());
    let mut changed = false;
    for p in paragraphs {
        if let Some(last) = out.last_mut()
            && depth(&last.text) > 0
            && depth(&p.text) < 0
            && marker(&p.text).is_none()
        {
            diagnostics.push(Diagnostic::info(
                Code::LayoutGuess,
                Some(p.location.clone()),
                format!(
                    "a line break inside a bracket: {:?} joined to the line before, whose bracket it closes",
                    preview(&p.text)
                ),
            ));
            last.text.push_str(p.text.trim());
            changed = true;
            continue;
        }
        out.push(p.clone());
    }
    changed.then_some(out)
}

static UNIT_LABEL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(&format!(
        r"^\s*(?:{})\s*[:：]",
        *crate::syntax::units::UNIT_LABELS
    ))
    .expect("invariant: the labels are literal words")
});

/// The most characters of the piece of a unit name a line break moved to the next line.
const BROKEN_NAME_CHARS: usize = 4;

/// Joins a units line (`协办单位：…、园区党工`) to the next when a line break cut its last
/// name: the name ends as no unit does, and the next line's first few characters (`委、…`)
/// complete it.
fn join_broken_labels(
    paragraphs: &[Paragraph],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Vec<Paragraph>> {
    use crate::syntax::units::{Place, ends_as_unit};
    let separators = ['、', '，', ',', '；', ';', '：', ':'];
    let mut out: Vec<Paragraph> = Vec::with_capacity(paragraphs.len());
    let mut changed = false;
    for p in paragraphs {
        if let Some(last) = out.last_mut()
            && UNIT_LABEL.is_match(&simplified(&last.text))
            && marker(&p.text).is_none()
        {
            let tail = last.text.trim_end();
            let cut = tail.rsplit(separators).next().unwrap_or(tail);
            let next = p.text.trim();
            let piece = next.split(separators).next().unwrap_or(next);
            let joined = format!("{cut}{piece}");
            // A line of its own label (`责任单位：…`, `完成时限：…`) completes nothing.
            let labelled = next[piece.len()..].starts_with(['：', ':']);
            if !cut.is_empty()
                && !labelled
                && !tail.ends_with(separators)
                && piece.chars().count() <= BROKEN_NAME_CHARS
                && !ends_as_unit(cut, Place::UnitText)
                && ends_as_unit(&joined, Place::UnitText)
            {
                diagnostics.push(Diagnostic::info(
                    Code::LayoutGuess,
                    Some(p.location.clone()),
                    format!(
                        "a line break inside a unit's name: {:?} joined to the line before, whose name {joined:?} it completes",
                        preview(next)
                    ),
                ));
                last.text = format!("{tail}{next}");
                changed = true;
                continue;
            }
        }
        out.push(p.clone());
    }
    changed.then_some(out)
}

/// Brackets opened and not closed in `text` (negative: closed and not opened).
fn depth(text: &str) -> i32 {
    text.chars()
        .map(|c| match c {
            '（' | '(' | '〔' | '【' => 1,
            '）' | ')' | '〕' | '】' => -1,
            _ => 0,
        })
        .sum()
}

/// The length of a chunk number `n、` at the start of `text`.
fn chunk_number(text: &str, n: usize) -> Option<usize> {
    let digits = n.to_string();
    let rest = text.strip_prefix(digits.as_str())?.strip_prefix('、')?;
    (!rest.starts_with(|c: char| c.is_ascii_digit())).then_some(text.len() - rest.len())
}

/// A line that is a page's worth of sentences and stops in the middle of one.
fn is_cut_page(text: &str) -> bool {
    let text = text.trim_end();
    text.chars().count() >= CHUNK_CHARS
        && text.matches(['。', '；']).count() >= 2
        && text
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() && !c.is_ascii_digit())
}

/// The fewest characters of a document site's chunk.
const CHUNK_CHARS: usize = 150;

/// Where, in one paragraph, further items begin: byte offsets, each with the evidence.
fn cuts(text: &str) -> Vec<(usize, &'static str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut own = marker(text);
    let mut section = own.filter(|m| m.style == Style::Chinese).map(|m| m.number);
    // Where the text after a bracket of units begins.
    let mut after_units = None;
    for (at, c) in text.char_indices() {
        if at <= start {
            continue;
        }
        let why = if after_units == Some(at) {
            Some(AFTER_UNITS)
        } else {
            let before = text[start..at].trim_end_matches([' ', '\u{3000}']);
            let spaced = before.len() < at - start;
            let sentence_end = before
                .chars()
                .last()
                .is_some_and(|p| "。；;：:！？）)".contains(p));
            match (sentence_end || spaced)
                .then(|| marker(&text[at..]))
                .flatten()
                .filter(|m| title_chars(&text[at + m.rest..]) >= MIN_TITLE_CHARS)
            {
                Some(m)
                    if m.style == Style::Chinese
                        && (section.map(|n| n + 1) == Some(m.number)
                            || sentence_end && section.is_none() && m.number == 1) =>
                {
                    section = Some(m.number);
                    own = Some(m);
                    Some("the next section's number")
                }
                Some(m) if own.is_some_and(|o| o.style == m.style && o.number + 1 == m.number) => {
                    own = Some(m);
                    Some("the next number of the item's own numbering")
                }
                // A heading's short sentence, then the first item of the list under it:
                // `二、持续开展村庄清洁行动。1.组织开展……`.
                Some(m)
                    if m.number == 1
                        && m.style > Style::Chinese
                        && sentence_end
                        && own.is_some_and(|o| o.style < m.style)
                        && outline::is_heading_line(&text[start..at]) =>
                {
                    own = Some(m);
                    Some("a heading's first item")
                }
                _ => None,
            }
        };
        if let Some(why) = why {
            out.push((at, why));
            start = at;
            continue;
        }
        let end = at + c.len_utf8();
        if "）)〕】".contains(c) && closes_units(&text[start..end]) {
            let rest = text[end..].trim_start_matches(['。', '；', ';', ' ', '\u{3000}']);
            // A comma after the bracket goes on with the sentence: `（区发改局负责），加快……`.
            // So does a second bracket of the item's units or time: `（责任单位：区住建局）
            // （完成时限：2023年12月底前）`.
            if rest.chars().count() >= MIN_ITEM_CHARS
                && !rest.starts_with(['，', ',', '、'])
                && marker(rest).is_none()
                && !opens_with_units(rest)
            {
                after_units = Some(text.len() - rest.len());
            }
        }
    }
    out
}

/// Cuts a section's title from the item glued to it: a piece numbered `一、` with units of its
/// own, run on into unnumbered items with units, is a heading over them whose line break the
/// copy lost (`一、切实加强食品安全工作制定出台……。（市食安办负责）依据……`).
fn with_titles(text: &str, cuts: Vec<(usize, &'static str)>) -> Vec<(usize, &'static str)> {
    let mut out = Vec::with_capacity(cuts.len());
    let mut start = 0;
    for (k, &(at, why)) in cuts.iter().enumerate() {
        let piece = &text[start..at];
        let heads_items = why == AFTER_UNITS && (k == 0 || cuts[k - 1].1 != AFTER_UNITS);
        if heads_items
            && let Some(m) = marker(piece).filter(|m| m.style == Style::Chinese)
            && let Some(end) = crate::syntax::heading::glued_title_end(&piece[m.rest..])
        {
            out.push((
                start + m.rest + end,
                "a section's title glued to its first item",
            ));
        } else if heads_items
            && let Some(m) =
                marker(piece).filter(|m| matches!(m.style, Style::Chinese | Style::ParenChinese))
            && let Some(end) = title_sentence_end(&piece[m.rest..])
        {
            // `（一）围绕重点工作做好公开。制定……（市规划委负责）推进……（市发改委负责）`: the
            // heading's short sentence stands over the measures its units brackets close.
            out.push((
                start + m.rest + end,
                "a heading's sentence over the measures after it",
            ));
        }
        out.push((at, why));
        start = at;
    }
    out
}

/// Where a heading's title sentence ends (`围绕重点工作做好公开。`): a first sentence short as
/// titles are, with more text after it.
fn title_sentence_end(text: &str) -> Option<usize> {
    let end = text.find('。')? + '。'.len_utf8();
    let title = &text[..end];
    (title.chars().count() <= MAX_TITLE_SENTENCE_CHARS
        && !title.contains(['（', '('])
        && text[end..].trim().chars().count() >= MIN_ITEM_CHARS)
        .then_some(end)
}

/// The most characters of a heading's title sentence.
const MAX_TITLE_SENTENCE_CHARS: usize = 40;

/// The reason of a cut after a bracket of units.
const AFTER_UNITS: &str = "the text after a bracket of units";

/// The characters of an item's first phrase, up to a space or a punctuation mark.
fn title_chars(text: &str) -> usize {
    text.chars().take_while(|c| c.is_alphanumeric()).count()
}

/// True when `text` ends with a bracket of units that closes a sentence: `……措施。（市食安办
///牵头，市食安委成员单位协作）`, or a labelled one (`（责任单位：县农业局）`). A bracket inside a
/// name (`各镇（街道）`) or a sentence (`各责任（配合）单位`) is none.
fn closes_units(text: &str) -> bool {
    let Some((open, info)) = super::tail(text) else {
        return false;
    };
    let content = simplified(&text[open..]);
    let labelled = super::LABEL.is_match(&content);
    let after_sentence = text[..open]
        .trim_end()
        .ends_with(['。', '；', ';', '！', '!']);
    !info.units.is_empty() && (labelled || after_sentence && super::ROLE_WORD.is_match(&content))
}

/// True when `text` opens with a bracket of units or of a time (`（完成时限：6月底前）……`).
fn opens_with_units(text: &str) -> bool {
    let Some(open) = text.chars().next().filter(|c| "（(〔【".contains(*c)) else {
        return false;
    };
    let inner = &text[open.len_utf8()..];
    inner
        .find(['）', ')', '〕', '】'])
        .is_some_and(|close| super::info(&inner[..close]).is_some())
}

/// The fewest characters of the text after a bracket of units for it to be an item of its own.
const MIN_ITEM_CHARS: usize = 8;

/// The fewest characters of an item's first phrase after its number, below which a number
/// inside a sentence (`分两步：一、摸底 二、整改`) is not taken for a new item.
const MIN_TITLE_CHARS: usize = 4;

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        let paragraphs = Paragraph::lines_of(text);
        match rebuilt(&paragraphs) {
            Some((out, _)) => out.into_iter().map(|p| p.text).collect(),
            None => paragraphs.into_iter().map(|p| p.text).collect(),
        }
    }

    #[test]
    fn items_on_one_line_are_cut_at_the_next_number() {
        let got = texts(
            "1.修建通村道路三公里，年内通车。 牵头领导：李某 责任单位：县交通局 2.新建公共厕所五座，年底前完工。责任单位：县住建局",
        );
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[1].starts_with("2.新建公共厕所"), "{got:?}");
    }

    #[test]
    fn text_after_a_bracket_of_units_is_the_next_item() {
        let got = texts(
            "一、加强组织保障。明确各成员单位的职责分工并报送备案。（县农业局负责）根据工作需要，调整领导小组成员名单并及时公布。（县农业局牵头，县财政局配合）",
        );
        // The heading's short sentence stands over both measures.
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0], "一、加强组织保障。", "{got:?}");
        assert!(got[2].starts_with("根据工作需要"), "{got:?}");
    }

    #[test]
    fn a_second_bracket_of_the_same_item_is_no_item_of_its_own() {
        let got = texts(
            "1.完成十处口袋公园建设并向公众开放。（责任单位：区园林中心）（完成时限：2023年9月底前）2.整治背街小巷三十条。（责任单位：区城管局）（完成时限：2023年11月底前）",
        );
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].ends_with("（完成时限：2023年9月底前）"), "{got:?}");
        assert!(got[1].starts_with("2.整治背街小巷"), "{got:?}");
    }

    #[test]
    fn a_section_title_glued_to_its_first_item_is_cut_off() {
        let got = texts(
            "现将有关事项安排如下：一、持续抓好农村供水保障工作完成十处集中供水工程的管网改造。（县水利局负责）开展农村饮水水质的季度抽检并公布结果。（县卫健局牵头，县水利局配合）",
        );
        assert_eq!(
            got[..3],
            [
                "现将有关事项安排如下：",
                "一、持续抓好农村供水保障工作",
                "完成十处集中供水工程的管网改造。（县水利局负责）"
            ],
            "{got:?}"
        );
        assert_eq!(got.len(), 4, "{got:?}");
    }

    #[test]
    fn a_line_break_inside_a_bracket_is_joined() {
        let got = texts(
            "（三）新建高标准农田两万亩。（县农业农村局负责，2021年10月底\n前完成）\n（四）培育龙头企业三家。（县农业农村局牵头）",
        );
        assert_eq!(
            got,
            [
                "（三）新建高标准农田两万亩。（县农业农村局负责，2021年10月底前完成）",
                "（四）培育龙头企业三家。（县农业农村局牵头）"
            ]
        );
    }

    #[test]
    fn a_line_break_inside_a_unit_name_after_a_label_is_joined() {
        let got = texts(
            "1.完善街道议事协调机制。\n牵头单位：区委组织部\n配合单位：区民政局、开发区党工\n委、各街道党工委\n2.推进社区减负。\n责任单位：区民政局、区财\n各街道要抓好落实。",
        );
        assert_eq!(
            got,
            [
                "1.完善街道议事协调机制。",
                "牵头单位：区委组织部",
                "配合单位：区民政局、开发区党工委、各街道党工委",
                "2.推进社区减负。",
                // `区财` ends as no unit, but `区财各街道要…` does not complete a name either.
                "责任单位：区民政局、区财",
                "各街道要抓好落实。"
            ]
        );
        let got =
            texts("1.推进改造。\n牵头单位：市发改委、市住建局分别牵头\n责任单位：各县区人民政府");
        assert_eq!(got.len(), 3, "{got:?}");
    }

    #[test]
    fn chunk_numbers_of_a_document_site_are_joined_away() {
        let page = "这是一段足够长的正文，用来模拟文档网站切分出来的一页文字。".repeat(6);
        let text = format!("1、{page}其中一个词被切\n2、开了。后面还有内容。");
        let got = texts(&text);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].contains("被切开了"), "{got:?}");
        assert!(!got[0].starts_with("1、"), "{got:?}");
    }

    #[test]
    fn numbers_inside_a_sentence_and_ordinary_lists_stay() {
        for text in [
            "1.完成第1、2号泵站改造，6月底前完工。（县水利局负责）",
            "一、总体要求\n（一）指导思想。坚持问题导向。\n1.加强领导。（县政府办负责）\n2.强化督查。（县督查室负责）",
            "分两步推进：一、摸底 二、整改。（县住建局负责）",
            "1、加强组织领导\n2、强化督促检查",
        ] {
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(texts(text), lines, "{text}");
        }
    }
}
