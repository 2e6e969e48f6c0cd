//! Tables whose cells are separated by runs of spaces, one row a paragraph: a header row naming
//! columns (`序号  工作任务  责任单位  完成时限`), then rows whose cells stand two spaces or more
//! apart (or a full-width space, or a tab), as a table typed with aligned columns or copied from
//! a page prints it. A row's long cell may wrap onto the next line, which then holds no gap.
//! A paragraph merely indented is no row: its text was trimmed before, and only a gap between
//! two cells separates them.

use crate::grid::Paragraph;
use crate::syntax::header::{ColumnRole, role_of};

/// The fewest columns a header row of spaced cells names.
const MIN_COLUMNS: usize = 3;

/// The rows of a table of spaced cells whose header is paragraph `start`: each row's paragraph
/// and cells (the header first), and the index after the table's last paragraph.
pub(super) fn rows_at(
    paragraphs: &[Paragraph],
    start: usize,
    consecutive: impl Fn(usize) -> bool,
) -> Option<super::WrittenRows> {
    let header = fields(&paragraphs[start].text);
    let named = header.iter().filter(|f| is_column_name(f)).count();
    if header.len() < MIN_COLUMNS || named < header.len() {
        return None;
    }
    let numbered = role_of(&header[0]) == Some(ColumnRole::Number);
    let mut rows = vec![(start, header)];
    let mut end = start + 1;
    while let Some(p) = paragraphs.get(end) {
        let cells = fields(&p.text);
        let opens = if numbered {
            cells.len() >= 2 && number(&cells[0]).is_some_and(|n| n == rows.len() as u32)
        } else {
            cells.len() >= 2
        };
        if opens {
            rows.push((end, cells));
        } else if rows.len() > 1 && consecutive(end) && !ends_a_sentence(&rows, &cells) {
            // A long cell wrapped onto the next line: its words go on in the cell it wraps.
            let (_, last) = rows.last_mut()?;
            wrap(last, &cells.join(""));
        } else {
            break;
        }
        end += 1;
    }
    (rows.len() > 1).then_some((rows, end))
}

/// A paragraph's cells: its text split at each run of two spaces or more, a full-width space or
/// a tab.
fn fields(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut gap = String::new();
    for c in text.trim().chars() {
        if c == ' ' || c == '\u{3000}' || c == '\t' {
            gap.push(c);
            continue;
        }
        if !gap.is_empty() {
            if gap.chars().count() >= 2 || gap != " " {
                out.push(std::mem::take(&mut field));
            } else {
                field.push(' ');
            }
            gap.clear();
        }
        field.push(c);
    }
    if !field.is_empty() {
        out.push(field);
    }
    out
}

/// A header cell that names a column, spaced out for print or not (`牵 头 单 位`).
fn is_column_name(text: &str) -> bool {
    text.chars().count() <= 12 && !text.contains(['：', ':', '。']) && role_of(text).is_some()
}

fn number(text: &str) -> Option<u32> {
    let t = text.trim_end_matches(['.', '．', '、']);
    (!t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

/// True when the line after a row is no wrapped cell: the row's cell it would continue ended its
/// sentence, or the line holds a gap of its own.
fn ends_a_sentence(rows: &[(usize, Vec<String>)], cells: &[String]) -> bool {
    cells.len() != 1
        || rows
            .last()
            .and_then(|(_, row)| longest(row))
            .is_none_or(|c| c.ends_with(['。', '；', ';', '！']))
}

fn longest(row: &[String]) -> Option<&String> {
    row.iter().max_by_key(|c| c.chars().count())
}

/// Joins a wrapped line to the row's longest cell, where a line of a cell wraps.
fn wrap(row: &mut [String], line: &str) {
    let at = row
        .iter()
        .enumerate()
        .max_by_key(|(_, c)| c.chars().count())
        .map_or(0, |(i, _)| i);
    row[at].push_str(line);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_split_at_gaps_not_at_single_spaces() {
        let cases: &[(&str, &[&str])] = &[
            (
                "序号  工作任务  责任单位",
                &["序号", "工作任务", "责任单位"],
            ),
            (
                "序号\u{3000}工作任务\t责任单位",
                &["序号", "工作任务", "责任单位"],
            ),
            ("牵 头 单 位   完成时限", &["牵 头 单 位", "完成时限"]),
            ("各单位要高度重视。", &["各单位要高度重视。"]),
        ];
        for (text, want) in cases {
            assert_eq!(fields(text), *want, "{text}");
        }
    }

    #[test]
    fn a_wrapped_cell_continues_and_a_sentence_after_the_table_ends_it() {
        let text = "序号  工作任务  责任单位  完成时限\n1  压缩企业开办时间，推行  区市场监管局  6月底前\n全程网上办理。\n2  清理证明事项。  区司法局  9月底前\n各单位要认真落实。";
        let paragraphs = Paragraph::lines_of(text);
        let (rows, end) = rows_at(&paragraphs, 0, |_| true).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1].1[1], "压缩企业开办时间，推行全程网上办理。");
        assert_eq!(rows[2].1, ["2", "清理证明事项。", "区司法局", "9月底前"]);
        assert_eq!(end, 4);
    }

    #[test]
    fn an_indented_paragraph_is_no_header() {
        let paragraphs = Paragraph::lines_of("　　各单位要高度重视，  认真落实。");
        assert!(rows_at(&paragraphs, 0, |_| true).is_none());
    }
}
