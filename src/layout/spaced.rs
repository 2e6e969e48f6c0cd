//! Tables whose cells are separated by runs of spaces, one row a paragraph: a header row naming
//! columns (`序号  工作任务  责任单位  完成时限`), then rows whose cells stand two spaces or more
//! apart (or a full-width space, or a tab), as a table typed with aligned columns or copied from
//! a page prints it. A row's long cell may wrap onto the next line, which then holds no gap.
//! A paragraph merely indented is no row: its text was trimmed before, and only a gap between
//! two cells separates them. A table flattened with one space between cells is read when its
//! header names four columns or more, 序号 first, and each row holds one long sentence to anchor
//! its cells at (see [`single_spaced`]).

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
    if header.len() < MIN_COLUMNS {
        return single_spaced(paragraphs, start);
    }
    // A header naming some of its columns in words the vocabulary does not know (专项整治行业名称
    // beside 时间安排 and 责任单位) heads rows of exactly its width only.
    let width = if named == header.len() {
        None
    } else if named >= 2 && header.iter().all(|f| is_short_word(f)) {
        Some(header.len())
    } else {
        return single_spaced(paragraphs, start);
    };
    let numbered = role_of(&header[0]) == Some(ColumnRole::Number);
    let mut rows = vec![(start, header)];
    let mut end = start + 1;
    while let Some(p) = paragraphs.get(end) {
        let cells = fields(&p.text);
        let opens = if numbered {
            cells.len() >= 2 && number(&cells[0]).is_some_and(|n| n == rows.len() as u32)
        } else {
            cells.len() >= 2 && width.is_none_or(|w| cells.len() == w)
        };
        if opens {
            rows.push((end, cells));
        } else if rows.len() > 1
            && consecutive(end)
            && !ends_a_sentence(&rows, &cells)
            && crate::outline::heading(&p.text).is_none()
        {
            // A long cell wrapped onto the next line: its words go on in the cell it wraps.
            let (_, last) = rows.last_mut()?;
            wrap(last, &cells.join(""));
        } else {
            break;
        }
        end += 1;
    }
    let fewest = if width.is_some() { 3 } else { 2 };
    (rows.len() >= fewest).then_some((rows, end))
}

/// A header cell that may name a column the vocabulary does not know: a few words, no
/// punctuation.
fn is_short_word(text: &str) -> bool {
    text.chars().count() <= 12 && text.chars().all(char::is_alphanumeric)
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

/// A table flattened with one space between cells, as pages rendered from a worksheet copy it:
/// a header of [`MIN_SINGLE_COLUMNS`] or more column names, a 序号 column first, and rows
/// opening with the next number. Cells hold spaces of their own (a word wrapped in the cell
/// reads `水资源保 护`), so a row is anchored by its content: the requirement column's cell is
/// the row's one long sentence, the columns after it take the cells after it one each, and the
/// columns between the number and it share the cells before it (two spaces in a row leave a
/// column empty, as a cell merged from the row above; a fragment of two characters or fewer
/// goes on the cell before it; the last of those columns takes what is left).
fn single_spaced(paragraphs: &[Paragraph], start: usize) -> Option<super::WrittenRows> {
    let header: Vec<String> = paragraphs[start]
        .text
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    let columns = header.len();
    if columns < MIN_SINGLE_COLUMNS
        || !header.iter().all(|h| is_column_name(h))
        || role_of(&header[0]) != Some(ColumnRole::Number)
    {
        return None;
    }
    let requirement = header
        .iter()
        .position(|h| role_of(h) == Some(ColumnRole::Requirement))?;
    let mut rows = vec![(start, header)];
    let mut end = start + 1;
    while let Some(p) = paragraphs.get(end) {
        let tokens: Vec<&str> = p.text.trim_end().split(' ').collect();
        if number(tokens[0]) != Some(rows.len() as u32) {
            break;
        }
        rows.push((
            end,
            anchored(tokens[0], &tokens[1..], columns, requirement)?,
        ));
        end += 1;
    }
    (rows.len() > 1).then_some((rows, end))
}

/// A single-spaced row's cells (its number first), anchored at its long sentence.
fn anchored(
    number: &str,
    tokens: &[&str],
    columns: usize,
    requirement: usize,
) -> Option<Vec<String>> {
    let sentence =
        |t: &&str| t.chars().count() >= SENTENCE_CHARS && t.contains(['。', '，', ',', '；']);
    let at = tokens.iter().position(sentence)?;
    let mut cells = vec![String::new(); columns];
    cells[0] = number.to_string();
    cells[requirement] = tokens[at].to_string();
    // After the sentence: one cell a column; the last takes what is left, and a cut-off row
    // leaves the last ones empty.
    let last = columns - 1;
    for (k, t) in tokens[at + 1..]
        .iter()
        .filter(|t| !t.is_empty())
        .enumerate()
    {
        let column = (requirement + 1 + k).min(last);
        if column == requirement {
            break;
        }
        cells[column].push_str(t);
    }
    // Before it: leading empty tokens are empty columns (merged from the row above); a
    // fragment a wrapped word left goes on the piece before it; the columns left take a piece
    // each, the last of them what remains.
    let before = &tokens[..at];
    let empty = before.iter().take_while(|t| t.is_empty()).count();
    let mut pieces: Vec<String> = Vec::new();
    for t in before[empty..].iter().filter(|t| !t.is_empty()) {
        match pieces.last_mut() {
            Some(p) if t.chars().count() <= WRAP_FRAGMENT_CHARS => p.push_str(t),
            _ => pieces.push((*t).to_string()),
        }
    }
    let first = (1 + empty).min(requirement.saturating_sub(1).max(1));
    let last_before = requirement.saturating_sub(1);
    if last_before < first {
        return (pieces.is_empty()).then_some(cells);
    }
    for (k, piece) in pieces.into_iter().enumerate() {
        let column = (first + k).min(last_before);
        cells[column].push_str(&piece);
    }
    Some(cells)
}

/// The fewest characters of the long sentence a single-spaced row is anchored at.
const SENTENCE_CHARS: usize = 15;
/// The fewest columns a single-spaced header names.
const MIN_SINGLE_COLUMNS: usize = 4;
/// The most characters of a piece of a cell that a wrapped word left on its own line.
const WRAP_FRAGMENT_CHARS: usize = 2;

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
    fn a_single_spaced_table_is_anchored_at_each_rows_sentence() {
        let text = "序号 类别 主要任务 工作措施 牵头单位 配合单位\n\
            1 改善农村人居 环境 推进厕所改造 新建农村户用卫生厕所八百座，同步建立管护档案。 县农业农村局 县卫生健康局、各乡镇\n\
            2  开展村庄 清洁行动 每季度组织一次集中清理，清除村内生活垃圾。 县住建局 各乡镇\n\
            3   建立保洁员队伍，每个行政村不少于两名保洁员。 各乡镇\n\
            各乡镇要加强组织领导。";
        let paragraphs = Paragraph::lines_of(text);
        let (rows, end) = rows_at(&paragraphs, 0, |_| true).unwrap();
        assert_eq!(end, 4);
        assert_eq!(
            rows[1].1,
            [
                "1",
                "改善农村人居环境",
                "推进厕所改造",
                "新建农村户用卫生厕所八百座，同步建立管护档案。",
                "县农业农村局",
                "县卫生健康局、各乡镇"
            ]
        );
        // Two spaces leave the category empty (merged from above); the task's pieces join.
        assert_eq!(rows[2].1[1], "");
        assert_eq!(rows[2].1[2], "开展村庄清洁行动");
        assert_eq!(rows[3].1[..3], ["3", "", ""]);
        assert_eq!(rows[3].1[4], "各乡镇");
    }

    #[test]
    fn a_header_with_a_word_of_its_own_heads_rows_of_its_width_only() {
        let text = "检查行业领域\t时间安排\t责任单位\n燃气经营场所\t1月份\t镇安监站 镇市场监管所\n\
            在建工程工地\t3月份\t镇村建办\n二、工作要求\n（一）各单位按月报送。\t\t";
        let paragraphs = Paragraph::lines_of(text);
        let (rows, end) = rows_at(&paragraphs, 0, |_| true).unwrap();
        // The heading after the last row is no wrapped cell of it.
        assert_eq!(end, 3);
        assert_eq!(
            rows[1].1,
            ["燃气经营场所", "1月份", "镇安监站 镇市场监管所"]
        );
        // One row is not enough to tell such a header from a line of text.
        let one =
            Paragraph::lines_of("检查行业领域\t时间安排\t责任单位\n燃气经营场所\t1月份\t镇安监站");
        assert!(rows_at(&one, 0, |_| true).is_none());
        // Rows of another width end it.
        let ragged = Paragraph::lines_of(
            "检查行业领域\t时间安排\t责任单位\n燃气经营场所\t1月份\n在建工程工地\t3月份",
        );
        assert!(rows_at(&ragged, 0, |_| true).is_none());
    }

    #[test]
    fn an_indented_paragraph_is_no_header() {
        let paragraphs = Paragraph::lines_of("　　各单位要高度重视，  认真落实。");
        assert!(rows_at(&paragraphs, 0, |_| true).is_none());
    }
}
