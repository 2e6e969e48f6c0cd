//! A table saved as text by an office suite (`LibreOffice`'s "save as text"): one cell a line, a
//! blank line for each empty or merged-over cell, so every row takes as many lines as the
//! table has columns. Rows are anchored by what the document itself gives: the header's column
//! count (a header cell spanning two columns, where the rows are one cell wider), the 序号
//! sequence, the units and deadlines under the columns that name them.

use std::ops::Range;

use super::content::{Kind, kind};
use crate::grid::{Cell, Location, Merge, Paragraph, Row};
use crate::syntax::header::{ColumnRole, role_of};

/// The most blank lines that may end a text after its table's last row: a row's width.
const MAX_SPAN_WIDTH: u32 = 12;

/// A reading of the lines: (rows lined up, rows whose unnamed column is filled), row width,
/// the header cell spanning two columns, and the lines of a sub-header row to skip.
type Reading = ((usize, usize), usize, Option<usize>, usize);

/// One line after the header: its line number, the paragraph it is (none for a blank line),
/// and its text.
struct Line {
    number: u32,
    at: Option<usize>,
    text: String,
}

/// Where a paragraph stands among all of its document's lines or paragraphs, blank ones too: a
/// text's line, a word processor's paragraph (whose readers count the empty ones). `true` for a
/// line.
fn position(location: &Location) -> Option<(bool, u32)> {
    match *location {
        Location::Line { line, .. } => Some((true, line)),
        Location::Paragraph { index } => Some((false, index)),
        _ => None,
    }
}

/// The rows (the header first) of a table written one cell a line with blank lines for blank
/// cells, whose header stands at `header` among `paragraphs`, and the index after its last
/// paragraph; `None` when the lines are no such table (no blank line inside it, or rows that
/// do not line up under the header).
pub(super) fn rows(
    paragraphs: &[Paragraph],
    header: &[String],
    at: Range<usize>,
) -> Option<(Vec<Row>, usize)> {
    let lines = lines_after(paragraphs, at.end - 1)?;
    let roles: Vec<Option<ColumnRole>> = header.iter().map(|h| role_of(h)).collect();
    // The header as it stands, or with one of its cells spanning two columns: the reading
    // that lines up the most rows.
    // Between readings that line up as many rows, the one whose column without a header word
    // of its own is filled in more rows (a column merged down is a heading column, which has a
    // header of its own).
    let mut best: Option<Reading> = None;
    for span in std::iter::once(None).chain((0..header.len()).map(Some)) {
        let width = header.len() + usize::from(span.is_some());
        // The spanning cell's own sub-headers (年度目标 over 数量 | 单位) make a second header row.
        let skip = if span.is_some_and(|s| is_sub_header(&lines, width, s)) {
            width
        } else {
            0
        };
        let count = read(&lines[skip..], &columns(&roles, span));
        let used = &lines[skip..skip + count * width];
        // A blank line between two lines of the table, not only after its last.
        let last_own = used.iter().rposition(|l| l.at.is_some()).unwrap_or(0);
        let inner_blank = used[..last_own].iter().any(|l| l.at.is_none());
        let filled = span.map_or(0, |s| {
            used.chunks(width)
                .filter(|row| !row[s + 1].text.is_empty())
                .count()
        });
        if inner_blank && count > 0 && best.is_none_or(|(b, ..)| b < (count, filled)) {
            best = Some(((count, filled), width, span, skip));
        }
    }
    let ((count, _), width, span, skip) = best?;
    let sub = span.filter(|_| skip > 0);
    let used = &lines[skip..skip + count * width];
    let end = used.iter().filter_map(|l| l.at).max()? + 1;
    let number = |i: usize| match paragraphs[i].location {
        Location::Line { line, .. } => line,
        _ => i as u32 + 1,
    };
    let mut out = vec![header_row(header, span, number(at.start))];
    if let Some(s) = sub {
        let row = sub_header_row(&mut out[0], &lines[..width], s);
        out.push(row);
    }
    out.extend(used.chunks(width).map(|row| Row {
        number: row[0].number,
        cells: row.iter().map(|l| Cell::text(l.text.clone())).collect(),
        repeat_header: false,
        cut_off: false,
    }));
    if let Some(c) = columns(&roles, span)
        .iter()
        .position(|r| *r == Some(ColumnRole::Number))
    {
        merge_sub_rows(&mut out, c);
    }
    Some((out, end))
}

/// A row without a number of its own under a numbered one is a sub-row of that item: the blank
/// cells before its first own cell are the item's cells merged down over it (its number, its
/// task, its measure), as the office suite's export leaves them blank.
fn merge_sub_rows(rows: &mut [Row], number: usize) {
    for r in 2..rows.len() {
        let blank = |cell: &Cell| cell.value.is_blank() && !cell.is_covered();
        if !rows[r].cells.get(number).is_some_and(blank) {
            continue;
        }
        let first_own = rows[r].cells.iter().position(|c| !blank(c)).unwrap_or(0);
        for c in 0..first_own {
            let anchor = match rows[r - 1].cells[c].merge {
                Merge::Covered { row, col } => (row as usize, col as usize),
                _ if rows[r - 1].cells[c].value.is_blank() => continue,
                _ => (r - 1, c),
            };
            rows[r].cells[c] = Cell::covered(anchor.0, anchor.1);
            let height = (r - anchor.0 + 1) as u32;
            rows[anchor.0].cells[anchor.1].extend_merge(height, 1);
        }
    }
}

/// The lines after paragraph `last`, a blank line for each line number (or paragraph index)
/// skipped; `None` unless the paragraphs are a text's lines or a word processor's paragraphs,
/// all of one kind.
fn lines_after(paragraphs: &[Paragraph], last: usize) -> Option<Vec<Line>> {
    let (kind, mut previous) = position(&paragraphs[last].location)?;
    let mut out = Vec::new();
    for (at, p) in paragraphs.iter().enumerate().skip(last + 1) {
        let (k, line) = position(&p.location)?;
        if k != kind || line <= previous {
            return None;
        }
        // The notice's attachments, contacts and copies follow the table.
        let text = p.text.trim();
        if ["附件", "联系人", "抄送"]
            .iter()
            .any(|w| text.starts_with(w))
        {
            break;
        }
        out.extend((previous + 1..line).map(|number| Line {
            number,
            at: None,
            text: String::new(),
        }));
        out.push(Line {
            number: line,
            at: Some(at),
            text: text.to_string(),
        });
        previous = line;
    }
    // The blank cells ending the last row may be the text's last lines, which no paragraph
    // follows.
    out.extend((1..=MAX_SPAN_WIDTH).map(|k| Line {
        number: previous + k,
        at: None,
        text: String::new(),
    }));
    Some(out)
}

/// The role of each grid column: the header's, with the cell at `span` over two columns (the
/// second one's role left to its content).
fn columns(roles: &[Option<ColumnRole>], span: Option<usize>) -> Vec<Option<ColumnRole>> {
    let mut out = Vec::with_capacity(roles.len() + 1);
    for (i, role) in roles.iter().enumerate() {
        out.push(role.clone());
        if span == Some(i) {
            out.push(None);
        }
    }
    out
}

/// True when the first row after the header holds only two short words, under the header cell
/// spanning columns `span` and `span + 1`.
fn is_sub_header(lines: &[Line], width: usize, span: usize) -> bool {
    lines.len() >= width
        && lines[..width].iter().enumerate().all(|(c, l)| {
            let under = c == span || c == span + 1;
            under != l.text.is_empty() && l.text.chars().count() <= super::header::SUB_HEADER_CHARS
        })
}

/// The second header row: the two sub-headers under the spanning cell, every other position
/// covered by the header cell above it, which now spans both rows.
fn sub_header_row(header: &mut Row, lines: &[Line], span: usize) -> Row {
    let cells = lines
        .iter()
        .enumerate()
        .map(|(c, l)| {
            if c == span || c == span + 1 {
                Cell::text(l.text.clone())
            } else {
                let anchor = match header.cells[c].merge {
                    Merge::Covered { col, .. } => col as usize,
                    _ => c,
                };
                header.cells[anchor].extend_merge(2, 1);
                Cell::covered(0, anchor)
            }
        })
        .collect();
    Row {
        number: lines[0].number,
        cells,
        repeat_header: false,
        cut_off: false,
    }
}

fn header_row(header: &[String], span: Option<usize>, number: u32) -> Row {
    let mut cells = Vec::with_capacity(header.len() + 1);
    for (i, text) in header.iter().enumerate() {
        cells.push(Cell::text(text.clone()));
        if span == Some(i) {
            let anchor = cells.len() - 1;
            cells[anchor].extend_merge(1, 2);
            cells.push(Cell::covered(0, anchor));
        }
    }
    Row {
        cells,
        number,
        repeat_header: false,
        cut_off: false,
    }
}

/// Rows of as many lines as there are columns, while each is anchored: its number the next
/// of the 序号 sequence, or a deadline or units where the header names them. A row all blank,
/// or one that does not line up, ends the table.
fn read(lines: &[Line], columns: &[Option<ColumnRole>]) -> usize {
    let width = columns.len();
    let mut count = 0;
    let mut expected: Option<u32> = None;
    for row in lines.chunks_exact(width) {
        if row.iter().all(|l| l.text.is_empty()) {
            break;
        }
        match anchored(row, columns, expected) {
            Some(Anchor::Number(n)) => expected = Some(n + 1),
            Some(Anchor::Cells) => {}
            None => break,
        }
        count += 1;
    }
    count
}

enum Anchor {
    /// The row's own item number.
    Number(u32),
    /// A deadline or units under the columns that name them (a sub-row, or a table without 序号).
    Cells,
}

fn anchored(row: &[Line], columns: &[Option<ColumnRole>], expected: Option<u32>) -> Option<Anchor> {
    let mut anchor = None;
    for (line, role) in row.iter().zip(columns) {
        let text = line.text.as_str();
        if text.is_empty() {
            continue;
        }
        match role {
            Some(ColumnRole::Number) => {
                let n = number(text)?;
                if expected.is_some_and(|e| e != n) {
                    return None;
                }
                anchor = Some(Anchor::Number(n));
            }
            Some(ColumnRole::Deadline) => {
                if kind(text) != Kind::Deadline {
                    return None;
                }
                anchor = anchor.or(Some(Anchor::Cells));
            }
            Some(ColumnRole::Units | ColumnRole::Lead | ColumnRole::Cooperate) => {
                match kind(text) {
                    Kind::Deadline | Kind::Number => return None,
                    Kind::Units => anchor = anchor.or(Some(Anchor::Cells)),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    anchor
}

fn number(text: &str) -> Option<u32> {
    let t = text.trim_end_matches(['.', '．', '、']);
    (!t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grid::{Grid, GridSource};

    /// The rows read from a text's lines, the header being its first `width` lines; each row's
    /// cells as text (covered positions read through their anchor).
    fn read_text(text: &str, width: usize) -> Option<Vec<Vec<String>>> {
        let paragraphs = Paragraph::lines_of(text);
        let header: Vec<String> = paragraphs[..width].iter().map(|p| p.text.clone()).collect();
        let (rows, _) = rows(&paragraphs, &header, 0..width)?;
        let grid = Grid {
            source: GridSource::Export,
            rows,
            headings: Vec::new(),
        };
        Some(
            (0..grid.rows.len())
                .map(|r| {
                    (0..grid.rows[r].cells.len())
                        .map(|c| grid.value(r, c).text().into_owned())
                        .collect()
                })
                .collect(),
        )
    }

    #[test]
    fn blank_lines_are_blank_cells_and_sub_rows_share_their_item() {
        let text = "序号\n工作任务\n责任单位\n完成时限\n1\n整治背街小巷\n区城管局\n6月底前\n\n\n区住建局\n9月底前\n2\n更新路灯\n\n年底前\n\n联系人：张三";
        let rows = read_text(text, 4).unwrap();
        assert_eq!(rows.len(), 4, "{rows:?}");
        assert_eq!(
            rows[2],
            ["1", "整治背街小巷", "区住建局", "9月底前"],
            "a sub-row"
        );
        assert_eq!(rows[3], ["2", "更新路灯", "", "年底前"], "an empty cell");
    }

    #[test]
    fn rows_one_cell_wider_than_the_header_have_a_header_cell_spanning_two_columns() {
        let text = "工作任务\n具体要求\n责任科室\n时限要求\n推进公开\n1\n公开决策目录。\n法制科\n3月底前\n\n2\n公开决策结果。\n办公室\n持续推进";
        let rows = read_text(text, 4).unwrap();
        assert_eq!(
            rows[0],
            ["工作任务", "工作任务", "具体要求", "责任科室", "时限要求"]
        );
        assert_eq!(rows[2][1..], ["2", "公开决策结果。", "办公室", "持续推进"]);
    }

    #[test]
    fn without_a_blank_line_inside_the_table_this_is_no_export() {
        let text = "序号\n工作任务\n责任单位\n完成时限\n1\n整治背街小巷\n区城管局\n6月底前\n\n落款";
        assert!(read_text(text, 4).is_none());
    }
}
