//! A table copied one cell per line: its header's width, the rows its numbers or a closing
//! column's kind mark, each row's cells (wrapped text and units one per line joined), and a
//! short row placed under the columns its cells fit.

use super::super::blank_cells;
use super::super::content::Kind;
use super::{
    MAX_HEADER_COLUMNS, MIN_COLUMNS, NUMBER_COLUMN, Piece, ends, grid, is_column_word,
    is_date_line, is_header_word, is_known_word, ordinal, piece, place,
};
use crate::grid::{Cell, Grid, GridSource, Location, Paragraph, Row};
use crate::syntax::header::{ColumnRole, role_of};

/// The table written one cell per line whose header starts at paragraph `start`, with the
/// index after its last line.
pub(super) fn one_cell_per_line(paragraphs: &[Paragraph], start: usize) -> Option<(Grid, usize)> {
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
pub(super) fn header_width(paragraphs: &[Paragraph], pieces: &[Piece]) -> usize {
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

pub(super) fn header_texts(header: &[&Piece]) -> Vec<String> {
    header.iter().map(|p| p.text.clone()).collect()
}

/// The pieces from `start` on. A lone bar closes the piece before it, or, where that is closed
/// already, stands for an empty cell.
pub(super) fn pieces(paragraphs: &[Paragraph], start: usize) -> Vec<Piece> {
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
pub(super) struct LineCell {
    at: usize,
    text: String,
}

/// Cells closed by bars: the lines up to each bar are one cell (a cell's text wrapped over
/// lines, or units one per line). Lines after the last bar are a cell only where they follow it
/// line after line to the end of the text, no date line among them (a copy cut off inside a
/// cell); else the table ends at the last bar, and the lines after it (the office's name, the
/// date) are no row's.
pub(super) fn barred_cells(body: &[Piece], paragraphs: &[Paragraph]) -> Vec<LineCell> {
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

pub(super) fn number_of(text: &str) -> Option<u32> {
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
pub(super) fn numbered_rows(
    cells: &[LineCell],
    roles: &[Option<ColumnRole>],
    paragraphs: &[Paragraph],
) -> (Vec<Row>, usize) {
    let width = roles.len();
    let closes = roles.last().and_then(Option::as_ref).and_then(closing_kind);
    // The column after the number holds text (the task), not names.
    let text_first = roles.get(1).is_some_and(|r| {
        r.as_ref()
            .is_none_or(|r| !super::super::rows::holds_names(r))
    });
    let number = |j: usize| number_of(&cells[j].text);
    let heading = |j: usize| crate::outline::heading(cells[j].text.trim()).is_some();
    let closing =
        |j: usize| closes.is_some_and(|kind| super::super::content::kind(&cells[j].text) == kind);
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
pub(super) fn placed(
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
pub(super) fn closing_kind(role: &ColumnRole) -> Option<Kind> {
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
pub(super) fn anchored_rows(
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
        if super::super::content::kind(&cell.text) == closes {
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
pub(super) fn unnamed_number_column(rows: &[(usize, Vec<String>)], width: usize) -> Option<usize> {
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
pub(super) fn counted_rows(
    cells: &[LineCell],
    width: usize,
    paragraphs: &[Paragraph],
) -> (Vec<Row>, usize) {
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
pub(super) fn fit(mut cells: Vec<String>, width: usize) -> Vec<String> {
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
pub(super) fn is_unit_line(text: &str) -> bool {
    let n = text.chars().count();
    (2..=20).contains(&n)
        && !text.contains(['。', '，', ','])
        && super::super::content::kind(text) == Kind::Units
}

pub(super) fn row(texts: Vec<String>, at: usize, paragraphs: &[Paragraph]) -> Row {
    Row {
        cells: texts.into_iter().map(Cell::text).collect(),
        number: ordinal(&paragraphs[at].location, at as u32 + 1),
        repeat_header: false,
        cut_off: false,
    }
}
