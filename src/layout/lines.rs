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
//! the original, which the table's rows reader pads.

use std::ops::Range;

use super::content::Kind;
use super::{blank_cells, pipes, spaced};
use crate::grid::{Block, Cell, Grid, GridSource, Location, Paragraph, Row};
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
/// The most columns a header written one cell a line names.
const MAX_HEADER_COLUMNS: usize = 30;

/// Finds the tables written as lines among a document's paragraphs, whichever reader made them,
/// and puts each in the document's order where its lines stood: `paragraphs`, `grids` and
/// `order` (see [`crate::ingest::Document`]) come back renumbered in document order. Only
/// paragraphs standing next to each other, with no table between, make one table.
pub fn take_tables(paragraphs: &mut Vec<Paragraph>, grids: &mut Vec<Grid>, order: &mut Vec<Block>) {
    let mut old_paragraphs: Vec<Option<Paragraph>> =
        std::mem::take(paragraphs).into_iter().map(Some).collect();
    let mut old_grids: Vec<Option<Grid>> = std::mem::take(grids).into_iter().map(Some).collect();
    let mut new_order = Vec::with_capacity(order.len());
    let mut run: Vec<Paragraph> = Vec::new();
    let flush = |run: &mut Vec<Paragraph>,
                 paragraphs: &mut Vec<Paragraph>,
                 grids: &mut Vec<Grid>,
                 order: &mut Vec<Block>| {
        let mut found = std::collections::VecDeque::from(tables(run));
        let mut inside = 0..0;
        for (i, p) in std::mem::take(run).into_iter().enumerate() {
            if found.front().is_some_and(|(_, range)| range.start == i) {
                // invariant: the front was just looked at.
                let (grid, range) = found.pop_front().expect("invariant: a table is found here");
                order.push(Block::Table(grids.len()));
                grids.push(grid);
                inside = range;
            }
            if !inside.contains(&i) {
                order.push(Block::Paragraph(paragraphs.len()));
                paragraphs.push(p);
            }
        }
    };
    for block in order.iter() {
        match *block {
            Block::Paragraph(i) => run.extend(old_paragraphs.get_mut(i).and_then(Option::take)),
            Block::Table(g) => {
                flush(&mut run, paragraphs, grids, &mut new_order);
                if let Some(grid) = old_grids.get_mut(g).and_then(Option::take) {
                    new_order.push(Block::Table(grids.len()));
                    grids.push(grid);
                }
            }
        }
    }
    flush(&mut run, paragraphs, grids, &mut new_order);
    *order = new_order;
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
    let Some((rows, end)) = pipes::rows_at(paragraphs, start)
        .or_else(|| spaced::rows_at(paragraphs, start, consecutive))
    else {
        return one_cell_per_line(paragraphs, start);
    };
    let rows = rows
        .into_iter()
        .map(|(at, cells)| row(cells, at, paragraphs))
        .collect();
    Some((grid(rows, paragraphs, start), end))
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
        && t.chars().count() <= HEADER_CHARS
        && !t.contains(['：', ':', '\t', '|', '。'])
        && !is_title(t)
        && role_of(t).is_some()
}

/// A short word that may name a column the vocabulary does not know: no punctuation, no digit.
fn is_column_word(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.chars().count() <= HEADER_CHARS / 2 + 1
        && t.chars().all(char::is_alphabetic)
        && !is_title(t)
}

/// A table's title standing right above its header (`重点工作清单`, `任务分解表`): no column.
fn is_title(text: &str) -> bool {
    ["清单", "分解表", "任务表", "一览表", "方案", "要点"]
        .iter()
        .any(|w| text.ends_with(w))
}

/// A line that ends a table written as lines: the notice's attachments, contacts, copies.
fn ends(text: &str) -> bool {
    let t = text.trim();
    t.starts_with("附件") || t.starts_with("联系人") || t.starts_with("抄送")
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
    // Header words the vocabulary does not know (年度目标, 目前进展) stand among known ones.
    // A header is written on consecutive lines: a blank line ends it.
    let line = |p: &Piece| match paragraphs[p.at].location {
        Location::Line { line, .. } => Some(line),
        _ => None,
    };
    let run = pieces
        .iter()
        .enumerate()
        .take_while(|&(i, p)| {
            let follows = i == 0
                || !matches!((line(&pieces[i - 1]), line(p)), (Some(a), Some(b)) if b != a + 1);
            follows && (is_header_word(&p.text) || is_column_word(&p.text))
        })
        .count();
    let width = pieces[..run]
        .iter()
        .rposition(|p| is_header_word(&p.text))
        .map_or(0, |last| last + 1);
    let known = pieces[..width]
        .iter()
        .filter(|p| is_header_word(&p.text))
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
        barred_cells(body)
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
    let (rows, consumed) = if numbered {
        numbered_rows(
            &cells,
            (width, last.as_ref().and_then(closing_kind)),
            paragraphs,
        )
    } else if let Some(closes) = last.as_ref().and_then(closing_kind) {
        anchored_rows(&cells, width, closes, paragraphs)
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
    let mut grid_rows = vec![row(
        header.iter().map(|p| p.text.clone()).collect(),
        header[0].at,
        paragraphs,
    )];
    grid_rows.extend(rows);
    Some((grid(grid_rows, paragraphs, start), end))
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
/// lines, or units one per line).
fn barred_cells(body: &[Piece]) -> Vec<LineCell> {
    let mut out = Vec::new();
    let mut open: Option<LineCell> = None;
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
    out.extend(open);
    out
}

fn number_of(text: &str) -> Option<u32> {
    let t = text.trim().trim_end_matches(['.', '．', '、']);
    (!t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

/// Rows that start at the next item number. A row runs until the next number; the table ends
/// where no next number follows a complete row within a row's reach.
fn numbered_rows(
    cells: &[LineCell],
    (width, closes): (usize, Option<Kind>),
    paragraphs: &[Paragraph],
) -> (Vec<Row>, usize) {
    let mut rows = Vec::new();
    let mut k = 0;
    let mut expected: Option<u32> = None;
    while k < cells.len() {
        let Some(n) = number_of(&cells[k].text) else {
            break;
        };
        if expected.is_some_and(|e| e != n) {
            break;
        }
        // The row's cells: up to the next number, or to a row's width where none follows.
        let reach = (k + 1..cells.len().min(k + 1 + 2 * width))
            .find(|&j| number_of(&cells[j].text) == Some(n + 1));
        let next = match reach {
            Some(j) => j,
            // The last row: up to its cell of the last column's kind where that column names
            // units or a deadline, else a row's width of cells.
            None => closes
                .and_then(|kind| {
                    (k + 1..cells.len().min(k + 2 * width))
                        .find(|&j| super::content::kind(&cells[j].text) == kind)
                })
                .map_or(cells.len().min(k + width), |j| j + 1),
        };
        let mut texts: Vec<String> = cells[k..next].iter().map(|c| c.text.clone()).collect();
        if texts.len() < width && texts.len() >= 2 {
            // The cell merged over this row in the original stood after its number.
            let missing = width - texts.len();
            texts.splice(1..1, std::iter::repeat_n(String::new(), missing));
        }
        rows.push(row(fit(texts, width), cells[k].at, paragraphs));
        expected = Some(n + 1);
        k = next;
        if reach.is_none() {
            break;
        }
    }
    (rows, k)
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
/// of cells passes without one.
fn anchored_rows(
    cells: &[LineCell],
    width: usize,
    closes: Kind,
    paragraphs: &[Paragraph],
) -> (Vec<Row>, usize) {
    let mut rows = Vec::new();
    let mut start = 0;
    for (k, cell) in cells.iter().enumerate() {
        // A row may run to twice the header's width: cells wrapped over several lines.
        if k - start >= 2 * width {
            break;
        }
        if super::content::kind(&cell.text) == closes {
            let texts = cells[start..=k].iter().map(|c| c.text.clone()).collect();
            rows.push(row(fit(texts, width), cells[start].at, paragraphs));
            start = k + 1;
        }
    }
    // The text stops inside the last row (a copy cut off): its cells are still a row.
    let rest = &cells[start..];
    if !rows.is_empty()
        && !rest.is_empty()
        && rest.len() <= width
        && rest.last().is_some_and(|c| c.at + 1 == paragraphs.len())
    {
        let texts = rest.iter().map(|c| c.text.clone()).collect();
        rows.push(row(texts, rest[0].at, paragraphs));
        start = cells.len();
    }
    (rows, start)
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
        let mut paragraphs = Paragraph::lines_of(text);
        let mut order = (0..paragraphs.len()).map(Block::Paragraph).collect();
        let mut grids = Vec::new();
        take_tables(&mut paragraphs, &mut grids, &mut order);
        (paragraphs, grids)
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
    fn short_lines_that_name_no_columns_are_no_table() {
        let text = "一、总体要求\n二、重点任务\n三、保障措施\n各单位要高度重视。";
        let (rest, grids) = tables_of(text);
        assert!(grids.is_empty());
        assert_eq!(rest.len(), 4);
    }
}
