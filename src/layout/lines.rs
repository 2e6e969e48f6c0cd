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

mod pairs;
mod place;

use super::content::Kind;
use super::{blank_cells, pipes, spaced};
use crate::grid::{Block, Cell, Grid, GridSource, Location, Paragraph, Place, Row};
use crate::syntax::header::{ColumnRole, role_of};

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
    let rows = rows
        .into_iter()
        .map(|(at, cells)| row(cells, at, paragraphs))
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

/// The table written one cell per line whose header starts at paragraph `start`, with the
/// index after its last line.
fn one_cell_per_line(paragraphs: &[Paragraph], start: usize) -> Option<(Grid, usize)> {
    let (first, _) = piece(&paragraphs[start].text);
    if !is_header_word(&first) {
        return None;
    }
    // A header names a few columns: a longer run of header words is a list of words, no header
    // (read from a window first, so a page of thousands of such words costs no more than one).
    let window = &paragraphs[..paragraphs.len().min(start + MAX_HEADER_COLUMNS + 2)];
    if pieces(window, start)
        .iter()
        .take_while(|p| is_header_word(&p.text) || is_column_word(&p.text))
        .count()
        > MAX_HEADER_COLUMNS
    {
        return None;
    }
    let pieces = pieces(paragraphs, start);
    let width = header_width(paragraphs, &pieces);
    let known = pieces[..width]
        .iter()
        .filter(|p| is_known_word(&p.text))
        .count();
    if known < MIN_COLUMNS || known * 3 < width * 2 {
        return None;
    }
    let header: Vec<&Piece> = pieces[..width].iter().collect();
    let barred = header.iter().all(|p| p.closed);
    let numbered = role_of(&header[0].text) == Some(ColumnRole::Number);
    if !barred
        && let Some((rows, end)) = blank_cells::rows(
            paragraphs,
            &header_texts(&header),
            header[0].at..header[width - 1].at + 1,
        )
    {
        let grid = Grid {
            source: GridSource::Export,
            rows,
            headings: Vec::new(),
        };
        return Some((grid, end));
    }
    let body = &pieces[width..];
    let cells = if barred {
        barred_cells(body, paragraphs)
    } else {
        body.iter()
            .map(|p| LineCell {
                at: p.at,
                text: p.text.clone(),
            })
            .collect()
    };
    // The header written again (a table continued on the next page) starts a table of its own.
    let cells: Vec<LineCell> = match cells.iter().position(|c| c.text == header[0].text) {
        Some(again) => cells.into_iter().take(again).collect(),
        None => cells,
    };
    let last = role_of(&header[width - 1].text);
    let mut unnamed_number = None;
    let (rows, consumed) = if numbered {
        let roles: Vec<Option<ColumnRole>> = header.iter().map(|p| role_of(&p.text)).collect();
        numbered_rows(&cells, &roles, paragraphs)
    } else if let Some(closes) = last.as_ref().and_then(closing_kind) {
        let (rows, consumed, number_at) = anchored_rows(&cells, width, closes, paragraphs);
        unnamed_number = number_at;
        (rows, consumed)
    } else {
        counted_rows(&cells, width, paragraphs)
    };
    if rows.is_empty() {
        return None;
    }
    let end = match consumed {
        0 => header.last().map_or(start, |p| p.at) + 1,
        n => cells[n - 1].at + 1,
    };
    let mut names = header_texts(&header);
    if let Some(p) = unnamed_number {
        names.insert(p, NUMBER_COLUMN.to_string());
    }
    let mut grid_rows = vec![row(names, header[0].at, paragraphs)];
    grid_rows.extend(rows);
    Some((grid(grid_rows, paragraphs, start), end))
}

/// How many of `pieces` make the header: header words, and among them words the vocabulary
/// does not know (年度目标, 目前进展), up to the last known one. A header is written on
/// consecutive lines: a blank line ends it; lone bars between the words (`工作任务` / `|` /
/// `具体要求`) stand on lines of their own.
fn header_width(paragraphs: &[Paragraph], pieces: &[Piece]) -> usize {
    let adjacent = |a: usize, b: usize| {
        (a + 1..=b).all(|j| {
            !matches!(
                (&paragraphs[j - 1].location, &paragraphs[j].location),
                (Location::Line { line: x, .. }, Location::Line { line: y, .. }) if *y != x + 1
            )
        })
    };
    let run = pieces
        .iter()
        .enumerate()
        .take_while(|&(i, p)| {
            let follows = i == 0 || adjacent(pieces[i - 1].at, p.at);
            follows && (is_header_word(&p.text) || is_column_word(&p.text))
        })
        .count();
    pieces[..run]
        .iter()
        .rposition(|p| is_known_word(&p.text))
        .map_or(0, |last| last + 1)
}

fn header_texts(header: &[&Piece]) -> Vec<String> {
    header.iter().map(|p| p.text.clone()).collect()
}

/// The pieces from `start` on. A lone bar closes the piece before it, or, where that is closed
/// already, stands for an empty cell.
fn pieces(paragraphs: &[Paragraph], start: usize) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    for (at, p) in paragraphs.iter().enumerate().skip(start) {
        if ends(&p.text) {
            break;
        }
        let (text, closed) = piece(&p.text);
        if text.is_empty() {
            match out.last_mut() {
                Some(last) if !last.closed => last.closed = true,
                _ => out.push(Piece {
                    at,
                    text,
                    closed: true,
                }),
            }
            continue;
        }
        out.push(Piece { at, text, closed });
    }
    out
}

/// One cell of a table written as lines, at the paragraph of its first line.
#[derive(Debug, Clone)]
struct LineCell {
    at: usize,
    text: String,
}

/// Cells closed by bars: the lines up to each bar are one cell (a cell's text wrapped over
/// lines, or units one per line). Lines after the last bar are a cell only where they follow it
/// line after line to the end of the text, no date line among them (a copy cut off inside a
/// cell); else the table ends at the last bar, and the lines after it (the office's name, the
/// date) are no row's.
fn barred_cells(body: &[Piece], paragraphs: &[Paragraph]) -> Vec<LineCell> {
    let mut out = Vec::new();
    let mut open: Option<LineCell> = None;
    let key = |i: usize| ordinal(&paragraphs[i].location, i as u32);
    let after_bar = body.iter().rposition(|p| p.closed).map_or(0, |i| i + 1);
    let cut = after_bar > 0
        && body.last().is_some_and(|p| p.at + 1 == paragraphs.len())
        && body[after_bar - 1..]
            .windows(2)
            .all(|w| key(w[1].at) == key(w[0].at) + 1)
        && !body[after_bar..].iter().any(|p| is_date_line(&p.text));
    for p in body {
        match &mut open {
            Some(c) => {
                c.text.push('\n');
                c.text.push_str(&p.text);
            }
            None => {
                open = Some(LineCell {
                    at: p.at,
                    text: p.text.clone(),
                });
            }
        }
        if p.closed {
            out.extend(open.take());
        }
    }
    out.extend(open.filter(|_| cut));
    out
}

fn number_of(text: &str) -> Option<u32> {
    let t = text.trim().trim_end_matches(['.', '．', '、']);
    (!t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

/// Rows that start at the next item number. A row runs until the next number; the table ends
/// where no next number follows a complete row within a row's reach. Where a notice copies the
/// rows of its own out of a larger table, the numbers go up with gaps (`3`, `68`, `69`): a
/// higher number after a cell of the closing kind starts the next row too. A section heading
/// (`一、…`) between rows is a row of its own.
fn numbered_rows(
    cells: &[LineCell],
    roles: &[Option<ColumnRole>],
    paragraphs: &[Paragraph],
) -> (Vec<Row>, usize) {
    let width = roles.len();
    let closes = roles.last().and_then(Option::as_ref).and_then(closing_kind);
    // The column after the number holds text (the task), not names.
    let text_first = roles
        .get(1)
        .is_some_and(|r| r.as_ref().is_none_or(|r| !super::rows::holds_names(r)));
    let number = |j: usize| number_of(&cells[j].text);
    let heading = |j: usize| crate::outline::heading(cells[j].text.trim()).is_some();
    let closing =
        |j: usize| closes.is_some_and(|kind| super::content::kind(&cells[j].text) == kind);
    // Each row's texts, the paragraph it starts at, and whether a short row is placed here.
    let mut rows: Vec<(Vec<String>, usize, bool)> = Vec::new();
    // Headings read since the last row, kept once a row follows them.
    let mut headings: Vec<(Vec<String>, usize, bool)> = Vec::new();
    let mut k = 0;
    let mut end = 0;
    let mut last: Option<u32> = None;
    while k < cells.len() {
        if heading(k) {
            headings.push((vec![cells[k].text.clone()], cells[k].at, false));
            k += 1;
            continue;
        }
        let Some(n) = number(k) else {
            break;
        };
        if last.is_some_and(|l| n <= l) {
            break;
        }
        // The row's cells: up to the next number, or to a row's width where none follows.
        let within = k + 1..cells.len().min(k + 1 + 2 * width);
        // A heading standing where the row has its cells (`二、乡村振兴` before row 3) heads the
        // next row; one among the first cells is the row's own text (`（一）整治背街小巷`).
        let heads_next = |j: usize| heading(j) && j + 1 >= k + width;
        // A count reading as the next number (`2` under 全年目标任务) is followed by names (a
        // person, a unit), where a row's number is followed by its text.
        let next_number = |j: usize| number(j) == Some(n + 1);
        let text_after =
            |j: usize| !text_first || cells.get(j + 1).is_none_or(|c| !place::is_name(&c.text));
        let reach = within
            .clone()
            .find(|&j| (next_number(j) && text_after(j)) || heads_next(j))
            .or_else(|| within.clone().find(|&j| next_number(j)))
            .or_else(|| {
                within
                    .clone()
                    .skip(1)
                    .find(|&j| (number(j).is_some_and(|m| m > n) || heading(j)) && closing(j - 1))
            });
        let next = match reach {
            Some(j) => j,
            // The last row: up to its cell of the last column's kind where that column names
            // units or a deadline, else a row's width of cells.
            // Where the last columns both name units, the row ends at the last of them.
            None => closes
                .and_then(|_| (k + 1..cells.len().min(k + 2 * width)).find(|&j| closing(j)))
                .map(|j| {
                    (j..cells.len().min(k + width))
                        .take_while(|&i| closing(i))
                        .last()
                        .unwrap_or(j)
                })
                .map_or(cells.len().min(k + width), |j| j + 1),
        };
        let texts: Vec<String> = cells[k..next].iter().map(|c| c.text.clone()).collect();
        // A row short of cells inside a table whose rows close with units or a deadline, not
        // ending so, lacks its last cells merged down from the row above: the table's rows
        // reader places it by its cells' kinds and carries those down (`rows::data_row`).
        let placed = reach.is_none() || closes.is_none() || closing(next - 1);
        rows.append(&mut headings);
        rows.push((texts, cells[k].at, placed));
        last = Some(n);
        k = next;
        end = next;
        if reach.is_none() {
            break;
        }
    }
    (placed(rows, roles, paragraphs), end)
}

/// Rows read between item numbers, as grid rows: a row with more lines than columns joins
/// those that belong together, one with fewer has its cells placed under the columns they fit
/// (`place.rs`), judged by the rows that have a cell for every column.
fn placed(
    rows: Vec<(Vec<String>, usize, bool)>,
    roles: &[Option<ColumnRole>],
    paragraphs: &[Paragraph],
) -> Vec<Row> {
    let width = roles.len();
    let full: Vec<&[String]> = rows
        .iter()
        .filter(|(texts, ..)| texts.len() == width)
        .map(|(texts, ..)| texts.as_slice())
        .collect();
    let seen = place::seen(&full, width);
    rows.into_iter()
        .map(|(texts, at, placed)| {
            let texts = if placed && texts.len() >= 2 && texts.len() < width {
                place::place(texts, roles, &seen)
            } else {
                fit(texts, width)
            };
            row(texts, at, paragraphs)
        })
        .collect()
}

/// What a row's last cell holds when the last column names units or a deadline: such a cell
/// closes each row, however many of the row's cells a merge took away.
fn closing_kind(role: &ColumnRole) -> Option<Kind> {
    match role {
        ColumnRole::Units | ColumnRole::Lead | ColumnRole::Cooperate => Some(Kind::Units),
        ColumnRole::Deadline => Some(Kind::Deadline),
        _ => None,
    }
}

/// Rows that each end at a cell of the `closes` kind; the table ends where twice a row's width
/// of cells passes without one. Where the rows hold one cell more than the header names, a
/// number standing at one place in each (a 序号 column the header does not name, its header
/// cell spanning the number and the text after it), that place is a number column of its own:
/// its index comes back, and rows short of it lack the cells before the number (merged over
/// them from above).
fn anchored_rows(
    cells: &[LineCell],
    width: usize,
    closes: Kind,
    paragraphs: &[Paragraph],
) -> (Vec<Row>, usize, Option<usize>) {
    let mut found: Vec<(usize, Vec<String>)> = Vec::new();
    let mut start = 0;
    for (k, cell) in cells.iter().enumerate() {
        // A row may run to twice the header's width: cells wrapped over several lines.
        if k - start >= 2 * width {
            break;
        }
        if super::content::kind(&cell.text) == closes {
            found.push((
                cells[start].at,
                cells[start..=k].iter().map(|c| c.text.clone()).collect(),
            ));
            start = k + 1;
        }
    }
    // The text stops inside the last row (a copy cut off): its cells are still a row.
    let rest = &cells[start..];
    let mut cut = None;
    if !found.is_empty()
        && !rest.is_empty()
        && rest.len() <= width
        && rest.last().is_some_and(|c| c.at + 1 == paragraphs.len())
    {
        cut = Some((rest[0].at, rest.iter().map(|c| c.text.clone()).collect()));
        start = cells.len();
    }
    let number_at = unnamed_number_column(&found, width);
    let width = width + usize::from(number_at.is_some());
    let mut rows: Vec<Row> = found
        .into_iter()
        .map(|(at, mut texts)| {
            if let Some(p) = number_at
                && texts.len() < width
                && let Some(q) = texts.iter().position(|t| number_of(t).is_some())
                && q < p
            {
                texts.splice(0..0, std::iter::repeat_n(String::new(), p - q));
            }
            row(fit(texts, width), at, paragraphs)
        })
        .collect();
    rows.extend(cut.map(|(at, texts)| row(texts, at, paragraphs)));
    (rows, start, number_at)
}

/// The place of a number column the header does not name: in most rows, and two at least,
/// one cell more than the header's `width`, a bare number at the same place.
fn unnamed_number_column(rows: &[(usize, Vec<String>)], width: usize) -> Option<usize> {
    let mut counts = vec![0usize; width + 1];
    for (_, texts) in rows {
        if texts.len() == width + 1
            && let Some(q) = texts.iter().position(|t| number_of(t).is_some())
        {
            counts[q] += 1;
        }
    }
    let (p, &n) = counts.iter().enumerate().max_by_key(|&(_, n)| *n)?;
    (n >= 2 && n * 2 > rows.len()).then_some(p)
}

/// Rows of the header's width each, until a line that ends the table or a gap in the document
/// (a blank line where a row is complete).
fn counted_rows(cells: &[LineCell], width: usize, paragraphs: &[Paragraph]) -> (Vec<Row>, usize) {
    let mut rows = Vec::new();
    let mut k = 0;
    while k + width <= cells.len() {
        let run = &cells[k..k + width];
        let texts = run.iter().map(|c| c.text.clone()).collect();
        rows.push(row(texts, run[0].at, paragraphs));
        k += width;
        let gap = cells.get(k).is_some_and(|c| {
            let last = run[width - 1].at;
            let key = |i: usize| ordinal(&paragraphs[i].location, i as u32);
            key(c.at) > key(last) + 1
        });
        if gap {
            break;
        }
    }
    (rows, k)
}

/// A row's cells fitted to `width`: extra lines joined where they belong together (unit names
/// one per line first, then a line wrapped mid-sentence into the line before it).
fn fit(mut cells: Vec<String>, width: usize) -> Vec<String> {
    while cells.len() > width {
        let pair = (1..cells.len() - 1)
            .find(|&j| is_unit_line(&cells[j]) && is_unit_line(&cells[j + 1]))
            .or_else(|| {
                (1..cells.len() - 1)
                    .find(|&j| !cells[j].ends_with(['。', '；', ';', '！', '）', ')']))
            })
            .unwrap_or(cells.len() - 2);
        let next = cells.remove(pair + 1);
        cells[pair].push('\n');
        cells[pair].push_str(&next);
    }
    cells
}

/// A short line naming a unit (`区发改局`, `各街道办事处`), as units one per line are written.
fn is_unit_line(text: &str) -> bool {
    let n = text.chars().count();
    (2..=20).contains(&n)
        && !text.contains(['。', '，', ','])
        && super::content::kind(text) == Kind::Units
}

fn row(texts: Vec<String>, at: usize, paragraphs: &[Paragraph]) -> Row {
    Row {
        cells: texts.into_iter().map(Cell::text).collect(),
        number: ordinal(&paragraphs[at].location, at as u32 + 1),
        repeat_header: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The paragraphs left and the grids found in a text's lines.
    fn tables_of(text: &str) -> (Vec<Paragraph>, Vec<Grid>) {
        let blocks = take_tables(Paragraph::lines_of(text).into_iter().map(Block::Paragraph));
        let parts = super::super::Parts::from_blocks(blocks);
        (parts.paragraphs, parts.grids)
    }

    /// Each row's cells as text, covered positions read through their anchor.
    fn cells(grid: &Grid) -> Vec<Vec<String>> {
        (0..grid.rows.len())
            .map(|r| {
                (0..grid.rows[r].cells.len())
                    .map(|c| grid.value(r, c).text().into_owned())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_heading_after_a_rows_last_cell_heads_the_next_row() {
        // The last column names persons: no cell kind closes the rows, the numbers do.
        let text = "序号\n工作任务\n牵头单位\n责任单位\n责任人\n一、稳定增长\n1\n新增市场主体两千户。\n区市场监管局\n各乡镇\n王明\n2\n新增规上企业十家。\n区经信局\n各乡镇\n李华\n二、乡村振兴\n3\n新建高标准农田两万亩。\n区农业农村局\n区财政局、各乡镇\n赵刚";
        let (_, grids) = tables_of(text);
        let rows = cells(&grids[0]);
        assert_eq!(
            rows[3][..],
            ["2", "新增规上企业十家。", "区经信局", "各乡镇", "李华"],
            "{rows:?}"
        );
        assert_eq!(rows[4][0], "二、乡村振兴", "{rows:?}");
        assert_eq!(rows[5][0], "3", "{rows:?}");
    }

    #[test]
    fn rows_are_anchored_by_the_item_numbers() {
        let text = "某镇重点工作清单\n序号\n工作任务\n责任单位\n完成时限\n1\n完善网格管理。\n综治办\n6月底前\n2\n推进议事协商，\n健全议事规则。\n民政办\n9月底前\n落款";
        let (rest, grids) = tables_of(text);
        assert_eq!(grids.len(), 1);
        let rows = cells(&grids[0]);
        assert_eq!(rows[0], ["序号", "工作任务", "责任单位", "完成时限"]);
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert_eq!(
            rows[2][1], "推进议事协商，\n健全议事规则。",
            "a wrapped cell is joined: {rows:?}"
        );
        assert_eq!(rows[2][3], "9月底前");
        let rest: Vec<&str> = rest.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(rest, ["某镇重点工作清单", "落款"]);
    }

    #[test]
    fn a_table_with_a_blank_line_after_every_line_is_read_as_without() {
        let text = "某局重点工作任务分解\n\n序号\n\n重 点 工 作 任 务\n\n主要责任单位\n\n协同配合单位\n\n一、主要预期目标\n\n3\n\n城乡居民收入稳步增长。\n\n区人社局\n\n区统计局、区农业农村局\n\n二、扩大有效投资\n\n三、建设宜居城市\n\n41\n\n新建公办幼儿园两所。\n\n区教育局\n\n区住建局\n\n42\n\n改造薄弱学校。\n\n区教育局\n\n各街道办事处\n\n附件：联系人";
        let (rest, grids) = tables_of(text);
        assert_eq!(grids.len(), 1);
        let rows = cells(&grids[0]);
        assert_eq!(
            rows[0],
            ["序号", "重 点 工 作 任 务", "主要责任单位", "协同配合单位"]
        );
        assert_eq!(rows[1][0], "一、主要预期目标", "{rows:?}");
        assert_eq!(
            rows[2],
            [
                "3",
                "城乡居民收入稳步增长。",
                "区人社局",
                "区统计局、区农业农村局"
            ]
        );
        assert_eq!(rows[3][0], "二、扩大有效投资", "{rows:?}");
        assert_eq!(rows[4][0], "三、建设宜居城市", "{rows:?}");
        assert_eq!(
            rows[5],
            ["41", "新建公办幼儿园两所。", "区教育局", "区住建局"]
        );
        assert_eq!(
            rows[6],
            ["42", "改造薄弱学校。", "区教育局", "各街道办事处"]
        );
        assert_eq!(rows.len(), 7, "{rows:?}");
        assert_eq!(
            grids[0].rows[2].number, 13,
            "rows keep their own line numbers"
        );
        let rest: Vec<&str> = rest.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(rest, ["某局重点工作任务分解", "附件：联系人"]);
    }

    #[test]
    fn a_number_in_every_row_the_header_does_not_name_is_a_column_of_its_own() {
        let text = "工作任务\n|\n具体要求\n|\n责任科室\n|\n完成时限\n|\n做好公开\n|\n1\n|\n按时公开规范性文件。\n|\n办公室\n|\n年底前\n|\n2\n|\n做好年度报告。\n|\n综合科\n|\n持续推进\n|\n加强培训\n|\n3\n|\n组织业务培训。\n|\n各科室\n|\n6月底前\n|";
        let (_, grids) = tables_of(text);
        assert_eq!(grids.len(), 1);
        let rows = cells(&grids[0]);
        assert_eq!(
            rows[0],
            ["工作任务", "序号", "具体要求", "责任科室", "完成时限"]
        );
        assert_eq!(
            rows[1],
            ["做好公开", "1", "按时公开规范性文件。", "办公室", "年底前"]
        );
        assert_eq!(
            rows[2][1..],
            ["2", "做好年度报告。", "综合科", "持续推进"],
            "{rows:?}"
        );
        assert_eq!(
            rows[3],
            ["加强培训", "3", "组织业务培训。", "各科室", "6月底前"]
        );
    }

    #[test]
    fn cells_closed_by_bars_are_cells() {
        let text = "工作任务 |\n工作要求 |\n责任单位 |\n加强公开 |\n公开决策目录。 |\n司法局 |\n做好解读 |\n解读重要政策。 |\n政府办 |";
        let (_, grids) = tables_of(text);
        assert_eq!(grids.len(), 1);
        let rows = cells(&grids[0]);
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert_eq!(rows[1], ["加强公开", "公开决策目录。", "司法局"]);
        assert_eq!(rows[2], ["做好解读", "解读重要政策。", "政府办"]);
    }

    #[test]
    fn without_numbers_a_row_ends_at_its_units_and_a_cut_off_row_stays() {
        let text = "工作任务\n工作要求\n责任单位\n优化服务\n推行一窗受理，\n压缩办理时间。\n区行政审批局\n加强监管\n开展双随机抽查";
        let (_, grids) = tables_of(text);
        assert_eq!(grids.len(), 1);
        let rows = cells(&grids[0]);
        assert_eq!(
            rows[1],
            ["优化服务", "推行一窗受理，\n压缩办理时间。", "区行政审批局"]
        );
        assert_eq!(
            rows.len(),
            3,
            "the row cut off at the end is kept: {rows:?}"
        );
        assert_eq!(rows[2][..2], ["加强监管", "开展双随机抽查"]);
    }

    #[test]
    fn header_words_opening_with_months_and_empty_cells_left_out_at_a_rows_end() {
        let text = "序号 |\n重点任务 |\n牵头单位 |\n1-5月进展 |\n1-6月进展 |\n是否达序 |\n说明 |\n1 |\n修缮中小学校舍 |\n区教育局 |\n开工三所。 |\n完工两所。 |\n是 |\n2 |\n新建口袋公园 |\n区城管局 |\n完成选址。 |\n开工建设。 |\n否 |\n征地未完成。 |\n3 |\n改造老旧管网 |\n区住建局 |\n完成设计。 |\n完成招标。 |\n区住建局\n2023年7月5日";
        let (rest, grids) = tables_of(text);
        assert_eq!(grids.len(), 1);
        let rows = cells(&grids[0]);
        assert_eq!(rows[0][3], "1-5月进展", "{rows:?}");
        assert_eq!(rows[0].len(), 7, "{rows:?}");
        assert_eq!(
            rows[1],
            [
                "1",
                "修缮中小学校舍",
                "区教育局",
                "开工三所。",
                "完工两所。",
                "是",
                ""
            ]
        );
        assert_eq!(rows[2][6], "征地未完成。", "{rows:?}");
        assert_eq!(
            rows[3],
            [
                "3",
                "改造老旧管网",
                "区住建局",
                "完成设计。",
                "完成招标。",
                "",
                ""
            ]
        );
        let rest: Vec<&str> = rest.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            rest,
            ["区住建局", "2023年7月5日"],
            "after the last bar: no row's"
        );
    }

    #[test]
    fn a_count_reading_as_the_next_number_inside_a_row_starts_no_row() {
        let text = "序号 |\n主要任务 |\n全年目标 |\n牵头单位 |\n1-9月进展 |\n1 |\n新建学校 |\n2 |\n区教育局 |\n主体完工。 |\n2 |\n改造公厕 |\n20 |\n区城管局 |\n完成12座。 |";
        let (_, grids) = tables_of(text);
        let rows = cells(&grids[0]);
        assert_eq!(rows[1], ["1", "新建学校", "2", "区教育局", "主体完工。"]);
        assert_eq!(rows[2], ["2", "改造公厕", "20", "区城管局", "完成12座。"]);
    }

    #[test]
    fn a_row_cut_off_where_persons_close_the_rows_keeps_its_cells_where_they_fit() {
        let text = "序号\n工作任务\n牵头单位\n责任单位\n责任人\n一、主要预期目标\n1\n★城镇新增就业三千人。\n区人社局";
        let (_, grids) = tables_of(text);
        assert_eq!(grids.len(), 1);
        let rows = cells(&grids[0]);
        assert_eq!(
            rows.last().map(Vec::as_slice),
            Some(&["1", "★城镇新增就业三千人。", "区人社局", "", ""].map(String::from)[..]),
            "{rows:?}"
        );
    }

    #[test]
    fn short_lines_that_name_no_columns_are_no_table() {
        let text = "一、总体要求\n二、重点任务\n三、保障措施\n各单位要高度重视。";
        let (rest, grids) = tables_of(text);
        assert!(grids.is_empty());
        assert_eq!(rest.len(), 4);
    }
}
