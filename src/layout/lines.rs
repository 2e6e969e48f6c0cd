//! Tables written as lines: a document's blocks in; the paragraphs that are no such table, and
//! the grids of those that are, out, each in the document's order where its lines stood. Read
//! the same way for every format, from whichever reader made the paragraphs: a text file's
//! lines and a Word document's, a page's or a PDF's paragraphs alike. Three shapes:
//!
//! - rows with bars, one row a paragraph (`pipes.rs`);
//! - rows of cells set apart by runs of spaces under a header row naming columns (`spaced.rs`);
//! - one cell per line, as a table copied from a web page or a PDF, or saved as text, often
//!   comes: with ` |` closing each cell or lone `|` lines between cells, cells of several lines
//!   (units one per line, text wrapped by the page), and, from an office suite's text export, a
//!   blank line for each empty or merged-over cell (`blank_cells.rs`, where the paragraphs are
//!   a text's lines and so say where blank lines stood).
//!
//! The header of a table one cell per line is a run of three or more short lines that each
//! name a column (`序号` / `工作任务` / `责任单位` / `完成时限`). Rows are anchored by what the
//! document gives: cells closed by a bar, the item numbers where the first column is 序号 (each
//! row starts at the next number), a last column of units or deadlines, else the header's column
//! count. A row with more lines than columns joins the lines that belong together (unit names
//! one per line, text wrapped mid-sentence); a row with fewer lacks the cells merged over it in
//! the original or the empty cells the copy left out: its cells go under the columns they fit
//! (`place.rs`), or the table's rows reader places them. Header words may open with the period
//! they speak of (`1-10月推进情况`).

use std::ops::Range;

mod cells;
mod pairs;
mod place;

use super::content::Kind;
use super::{pipes, spaced};
use crate::grid::{Block, Grid, GridSource, Location, Paragraph, Place, Row};
use crate::syntax::header::role_of;
use cells::{number_of, one_cell_per_line, row};

/// One cell's line: its text without the bars around it, and whether a bar closed it.
#[derive(Debug)]
struct Piece {
    /// Index of the paragraph the piece stands on.
    at: usize,
    text: String,
    closed: bool,
}

/// The longest a header word is, in characters.
const HEADER_CHARS: usize = 10;
/// The fewest columns a table written as lines has.
const MIN_COLUMNS: usize = 3;
/// The name given to a number column the header does not name.
const NUMBER_COLUMN: &str = "序号";
/// The most columns a header written one cell a line names.
const MAX_HEADER_COLUMNS: usize = 30;

/// Finds the tables written as lines among a document's paragraphs, whichever reader made them,
/// and puts each in the block stream where its lines stood. Only paragraphs standing next to
/// each other, with no table between, make one table.
pub fn take_tables(blocks: impl IntoIterator<Item = Block>) -> Vec<Block> {
    let mut out = Vec::new();
    let mut run: Vec<Paragraph> = Vec::new();
    let flush = |run: &mut Vec<Paragraph>, out: &mut Vec<Block>| {
        let mut found = std::collections::VecDeque::from(tables(run));
        let mut inside = 0..0;
        for (i, p) in std::mem::take(run).into_iter().enumerate() {
            if found.front().is_some_and(|(_, range)| range.start == i) {
                // invariant: the front was just looked at.
                let (grid, range) = found.pop_front().expect("invariant: a table is found here");
                out.push(Block::Table(grid));
                inside = range;
            }
            if !inside.contains(&i) {
                out.push(Block::Paragraph(p));
            }
        }
    };
    for block in blocks {
        match block {
            Block::Paragraph(p) => run.push(p),
            Block::Table(grid) => {
                flush(&mut run, &mut out);
                out.push(Block::Table(grid));
            }
        }
    }
    flush(&mut run, &mut out);
    out
}

/// The paragraphs standing right after a table written as lines that still belong to it: up to
/// the next table or the notice's closing matter (attachments, contacts, a date line), where an
/// item number among them — standing alone (`5`) or opening a line (`3.新增学位五百个。`,
/// `4 新建停车泊位 区城管局 12月底前`) — shows items the table's reading did not take. Text no
/// record takes, to be kept where no item takes it either.
#[must_use]
pub fn after_tables(paragraphs: &[Paragraph], order: &[Place], grids: &[Grid]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    let mut open = false;
    let numbered = |text: &str| {
        let (text, _) = piece(text);
        number_of(&text).is_some() || crate::outline::item_number(&text).is_some()
    };
    let mut flush = |run: &mut Vec<usize>| {
        if run.iter().any(|&i| numbered(&paragraphs[i].text)) {
            out.append(run);
        }
        run.clear();
    };
    for block in order {
        match *block {
            Place::Table(g) => {
                flush(&mut run);
                open = grids.get(g).is_some_and(|g| {
                    matches!(
                        g.source,
                        GridSource::Text | GridSource::Export | GridSource::Paragraphs
                    )
                });
            }
            Place::Paragraph(i) => {
                let Some(p) = paragraphs.get(i) else { continue };
                if ends(&p.text) || is_date_line(&p.text) {
                    flush(&mut run);
                    open = false;
                }
                if open {
                    run.push(i);
                }
            }
        }
    }
    flush(&mut run);
    out
}

/// A signature's date line (`2023年3月1日`), which closes the notice.
fn is_date_line(text: &str) -> bool {
    text.trim().chars().count() <= 16 && crate::notice::parse_date(text).is_some()
}

/// The tables written as lines among `paragraphs` (paragraphs standing next to each other),
/// each with the paragraphs it takes, in order.
#[must_use]
pub fn tables(paragraphs: &[Paragraph]) -> Vec<(Grid, Range<usize>)> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < paragraphs.len() {
        match table_at(paragraphs, i) {
            Some((grid, end)) => {
                found.push((grid, i..end));
                i = end;
            }
            None => i += 1,
        }
    }
    found
}

/// The table written as lines that starts at paragraph `start`, with the index after its last
/// paragraph: rows with bars, rows of spaced cells, or one cell per line.
fn table_at(paragraphs: &[Paragraph], start: usize) -> Option<(Grid, usize)> {
    let consecutive = |i: usize| {
        i > 0
            && ordinal(&paragraphs[i].location, i as u32)
                <= ordinal(&paragraphs[i - 1].location, 0) + 1
    };
    let Some((rows, end)) = pairs::rows_at(paragraphs, start)
        .or_else(|| pipes::rows_at(paragraphs, start))
        .or_else(|| spaced::rows_at(paragraphs, start, consecutive))
    else {
        return double_spaced(paragraphs, start).or_else(|| one_cell_per_line(paragraphs, start));
    };
    let closed = |i: usize| paragraphs[i].text.trim_end().ends_with(['|', '｜']);
    let last = rows.last().map_or(start, |(at, _)| *at);
    // The copy ends inside the last row when the rows close with a bar and it does not.
    let cut_off = last != start && last + 1 == paragraphs.len() && closed(start) && !closed(last);
    let rows = rows
        .into_iter()
        .map(|(at, cells)| {
            let mut row = row(cells, at, paragraphs);
            row.cut_off = cut_off && at == last;
            row
        })
        .collect();
    Some((grid(rows, paragraphs, start), end))
}

/// The table written one cell per line with a blank line after every line, as many web pages
/// copy (`序号` / blank / `工作任务` / blank / …), read as [`one_cell_per_line`] reads a table
/// without those blank lines: its header words stand on every other line. Between two cells,
/// each further pair of blank lines stands for one empty or merged-over cell.
fn double_spaced(paragraphs: &[Paragraph], start: usize) -> Option<(Grid, usize)> {
    let line = |p: &Paragraph| match p.location {
        Location::Line { line, column: None } => Some(line),
        _ => None,
    };
    let head = paragraphs.get(start..start + MIN_COLUMNS)?;
    let spaced = head
        .windows(2)
        .all(|w| matches!((line(&w[0]), line(&w[1])), (Some(a), Some(b)) if b == a + 2))
        && head
            .iter()
            .all(|p| is_header_word(&piece(&p.text).0) || is_column_word(&piece(&p.text).0));
    if !spaced {
        return None;
    }
    // The lines renumbered without the spacing, and the number each had.
    let mut closed = Vec::new();
    let mut numbers = Vec::new();
    let mut last: Option<(u32, u32)> = None;
    for p in &paragraphs[start..] {
        let Some(old) = line(p) else { break };
        let new = match last {
            None => old,
            Some((old_before, new_before)) => {
                new_before + (old.saturating_sub(old_before) / 2).max(1)
            }
        };
        last = Some((old, new));
        numbers.push((new, old));
        closed.push(Paragraph {
            text: p.text.clone(),
            location: Location::Line {
                line: new,
                column: None,
            },
        });
    }
    let (mut grid, end) = one_cell_per_line(&closed, 0)?;
    for row in &mut grid.rows {
        if let Ok(i) = numbers.binary_search_by_key(&row.number, |&(new, _)| new) {
            row.number = numbers[i].1;
        }
    }
    Some((grid, start + end))
}

/// A grid of `rows` found among `paragraphs`, its source told by where they stand.
fn grid(rows: Vec<Row>, paragraphs: &[Paragraph], start: usize) -> Grid {
    let source = match paragraphs[start].location {
        Location::Line { .. } => GridSource::Text,
        _ => GridSource::Paragraphs,
    };
    Grid {
        source,
        rows,
        headings: Vec::new(),
    }
}

/// The line or paragraph number a location stands at, as a grid row numbers it.
fn ordinal(location: &Location, fallback: u32) -> u32 {
    match location {
        Location::Line { line, .. } => *line,
        Location::Paragraph { index } => *index,
        Location::Page { within, .. } => ordinal(within, fallback),
        _ => fallback,
    }
}

/// A cell's text without the bars that mark its edges, and whether a bar closed it.
fn piece(text: &str) -> (String, bool) {
    let t = text.trim();
    let closed = t.ends_with(['|', '｜']);
    let t = t.trim_end_matches(['|', '｜']).trim();
    let t = t.strip_prefix(['|', '｜']).unwrap_or(t).trim();
    (t.to_string(), closed)
}

fn is_header_word(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.chars().filter(|c| !c.is_whitespace()).count() <= HEADER_CHARS
        && !t.contains(['：', ':', '\t', '|', '。'])
        && !is_title(t)
        && role_of(t).is_some()
}

/// A short word that may name a column the vocabulary does not know: no punctuation, no digit
/// but in the period it may open with (`1-10月推进情况`, `2023年目标`: a column of progress
/// or goals for that period).
fn is_column_word(text: &str) -> bool {
    let t = text.trim();
    let words = without_period(t);
    let letters = || words.chars().filter(|c| !c.is_whitespace());
    !words.is_empty()
        && letters().count() <= HEADER_CHARS / 2 + 1
        && letters().all(char::is_alphabetic)
        && !is_title(t)
        && (words.len() == t.len() || super::content::kind(t) != Kind::Deadline)
}

/// A word that names a column for sure: one the vocabulary knows, or one opening with the
/// period it speaks of (`1-10月推进情况`), as only a header is written.
fn is_known_word(text: &str) -> bool {
    is_header_word(text)
        || (without_period(text.trim()).len() < text.trim().len() && is_column_word(text))
}

/// The words after the period a header word opens with (`1-10月`, `2023年`, `2023年1-11月份`);
/// the word itself where it opens with none.
fn without_period(text: &str) -> &str {
    let mut rest = text;
    loop {
        let after = rest.trim_start_matches(|c: char| {
            c.is_ascii_digit() || ('０'..='９').contains(&c) || "-－—–~～至到、".contains(c)
        });
        if after.len() == rest.len() {
            return rest;
        }
        let Some(after) = ["季度", "年度", "月份", "年", "月"]
            .iter()
            .find_map(|unit| after.strip_prefix(unit))
        else {
            return text;
        };
        rest = after;
    }
}

/// A table's title standing right above its header (`重点工作清单`, `任务分解表`): no column.
fn is_title(text: &str) -> bool {
    [
        "清单",
        "分解表",
        "分解",
        "任务表",
        "一览表",
        "方案",
        "要点",
        "台账",
        "计划",
    ]
    .iter()
    .any(|w| text.ends_with(w))
}

/// A line that ends a table written as lines: the notice's attachments, contacts, copies.
fn ends(text: &str) -> bool {
    let t = text.trim();
    ["附件", "联系人", "抄送", "印发", "（此件", "(此件"]
        .iter()
        .any(|w| t.starts_with(w))
}

#[cfg(test)]
mod tests;
