//! Tables written with bars, one row a paragraph: `1 | 压缩审批时限 | 区审批局 | 6月底前 |`, with
//! or without the outer bars, half- or full-width, a `|---|` rule under the header. Copied from
//! a web page or a Markdown table into a text file, a Word document or a page alike.

use crate::grid::Paragraph;
use crate::outline;

/// The rows of a table written with bars that starts at paragraph `start`: each row's
/// paragraph and cells, and the index after the table's last paragraph.
pub(super) fn rows_at(paragraphs: &[Paragraph], start: usize) -> Option<super::WrittenRows> {
    let first = fields(&paragraphs[start].text, 2).filter(|f| f.len() >= 2)?;
    let mut rows = vec![(start, first)];
    let mut end = start + 1;
    while let Some(p) = paragraphs.get(end) {
        let text = p.text.as_str();
        if is_rule(text) {
            end += 1;
            continue;
        }
        // Inside a table one bar is enough: the last row of a copy cut off after its second
        // cell; and a heading that spanned the printed table stands alone on its line.
        match fields(text, 1) {
            Some(cells) => rows.push((end, cells)),
            None if outline::heading(text).is_some() => {
                rows.push((end, vec![text.trim().to_string()]));
            }
            None => break,
        }
        end += 1;
    }
    // A lone line with bars is a paragraph (a page's `发布时间：… | 来源：…` line).
    (rows.len() >= 2).then_some((rows, end))
}

/// A row of a table copied as `a | b | c`: its cells, when the line has `least` bars at least
/// and no tab (a tab-separated row is a row of its own kind).
fn fields(line: &str, least: usize) -> Option<Vec<String>> {
    let bars = line.chars().filter(|&c| c == '|' || c == '｜').count();
    if bars < least.max(1) || line.contains('\t') {
        return None;
    }
    let trimmed = line.trim();
    let inner = trimmed.strip_prefix(['|', '｜']).unwrap_or(trimmed);
    let inner = inner.strip_suffix(['|', '｜']).unwrap_or(inner);
    Some(
        inner
            .split(['|', '｜'])
            .map(|f| f.trim().to_string())
            .collect(),
    )
}

/// A line of a table written with bars that only draws (`|---|:---:|`).
fn is_rule(line: &str) -> bool {
    let t = line.trim();
    t.contains('-') && t.contains('|') && t.chars().all(|c| "|-: ".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(rows: &[(usize, Vec<String>)]) -> Vec<Vec<&str>> {
        rows.iter()
            .map(|(_, cells)| cells.iter().map(String::as_str).collect())
            .collect()
    }

    #[test]
    fn one_bar_continues_a_table_cut_off_mid_row() {
        let text = "前言 | 不是表格\n序号 | 工作任务 | 责任单位 |\n|---|---|---|\n1 | 任务甲 | 区财政局 |\n任务乙的要求，写到一半 | 后面的字被截断\n落款";
        let paragraphs = Paragraph::lines_of(text);
        assert!(
            rows_at(&paragraphs, 0).is_none(),
            "one bar outside a table is text"
        );
        let lone = Paragraph::lines_of("发布时间：2024-02-20 | 来源：区政府办 | 浏览次数：12");
        assert!(rows_at(&lone, 0).is_none(), "a lone line with bars is text");
        let (rows, end) = rows_at(&paragraphs, 1).unwrap();
        assert_eq!(
            texts(&rows),
            [
                vec!["序号", "工作任务", "责任单位"],
                vec!["1", "任务甲", "区财政局"],
                vec!["任务乙的要求，写到一半", "后面的字被截断"],
            ]
        );
        assert_eq!(
            end, 5,
            "the rule is part of the table, the closing line is not"
        );
    }
}
