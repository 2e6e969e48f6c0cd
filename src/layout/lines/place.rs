//! A short row of a table written one cell per line (fewer cells than the header names) placed
//! under the columns its cells fit: a copy leaves out the cells merged over a row from above
//! (right after its number) and the empty cells closing a row (a blank 说明), and a copy cut off
//! stops inside its last row. Each cell goes under a column its kind fits — a sentence under no
//! column of names, a unit name under a column of units, a person under a column of persons —
//! judged by the header's roles and by what the table's full rows hold in each column; the
//! columns it lacks stay empty.

use super::super::content::{self, Kind};
use crate::outline;
use crate::syntax::header::ColumnRole;
use crate::syntax::units::{self, RoleHint};

/// What a cell holds, as placing it needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Fit {
    Number,
    Deadline,
    Units,
    Person,
    Heading,
    /// A sentence (closed by `。` or `；`) or a long text.
    Sentence,
    /// A few words: a task's title, a status such as 是 or 已完成.
    Phrase,
}

/// A cell that fits no column of its kind costs this much placed under it.
const MISFIT: u32 = 10;
/// A name, number or date under a column of text.
const NAME_IN_TEXT: u32 = 4;
/// Text under a column of text whose full cells were of other kinds (a sentence where the rows
/// hold 是 or 否).
const OTHER_TEXT: u32 = 3;
/// A gap (a column left empty) right after the row's number: a cell merged over it from above.
const LEADING_GAP: u32 = 1;
/// A gap between two of the row's cells.
const INNER_GAP: u32 = 2;

/// The kind of a cell's text.
pub(super) fn fit(text: &str) -> Fit {
    let t = text.trim();
    match content::kind(t) {
        Kind::Number => Fit::Number,
        Kind::Deadline => Fit::Deadline,
        Kind::Units => {
            let mentions = units::mentions(t, RoleHint::InText);
            if !mentions.is_empty() && mentions.iter().all(|m| units::is_person(&m.raw)) {
                Fit::Person
            } else {
                Fit::Units
            }
        }
        _ if outline::heading(t).is_some() => Fit::Heading,
        _ if t.contains(['。', '；', ';']) || t.chars().count() > 60 => Fit::Sentence,
        _ => Fit::Phrase,
    }
}

/// A cell of names, a number or a time, which no task is.
pub(super) fn is_name(text: &str) -> bool {
    matches!(
        fit(text),
        Fit::Number | Fit::Deadline | Fit::Units | Fit::Person
    )
}

/// What each column holds in the rows that have a cell for every column.
pub(super) fn seen(full_rows: &[&[String]], width: usize) -> Vec<Vec<Fit>> {
    let mut out = vec![Vec::new(); width];
    for row in full_rows {
        for (c, text) in row.iter().take(width).enumerate() {
            let f = fit(text);
            if !text.trim().is_empty() && !out[c].contains(&f) {
                out[c].push(f);
            }
        }
    }
    out
}

/// What a cell of kind `f` costs under a column of `role` whose full cells were `seen`.
fn cost(f: Fit, role: Option<&ColumnRole>, seen: &[Fit]) -> u32 {
    let expected = match role {
        Some(ColumnRole::Number) => Some(Fit::Number),
        Some(ColumnRole::Units | ColumnRole::Lead | ColumnRole::Cooperate) => Some(Fit::Units),
        Some(ColumnRole::Leaders) => Some(Fit::Person),
        Some(ColumnRole::Deadline) => Some(Fit::Deadline),
        _ => None,
    };
    let text = matches!(f, Fit::Heading | Fit::Sentence | Fit::Phrase);
    match expected {
        Some(e) if e == f => 0,
        Some(_) if seen.contains(&f) => 1,
        Some(_) => MISFIT,
        None if seen.contains(&f) || seen.is_empty() && text => 0,
        None if text => OTHER_TEXT,
        None => NAME_IN_TEXT,
    }
}

/// `cells` (fewer than `roles`) spread over the columns: in order, each under the column that
/// costs least, a gap right after the number costing a little (a merged cell) and one between
/// two cells more, gaps at the row's end nothing (empty cells the copy left out, or a row cut
/// off). An item number opening the row stays under a number column opening the header.
pub(super) fn place(
    cells: Vec<String>,
    roles: &[Option<ColumnRole>],
    seen: &[Vec<Fit>],
) -> Vec<String> {
    let width = roles.len();
    let count = cells.len();
    if count >= width || count == 0 {
        return cells;
    }
    let pinned =
        usize::from(matches!(roles[0], Some(ColumnRole::Number)) && fit(&cells[0]) == Fit::Number);
    let fits: Vec<Fit> = cells.iter().map(|c| fit(c)).collect();
    let at = |i: usize, j: usize| cost(fits[i], roles[j].as_ref(), &seen[j]);
    // best[i][j]: the least cost of cells pinned..=i with cell i under column j, and the column
    // of cell i - 1 there.
    let mut best = vec![vec![(u32::MAX, 0usize); width]; count];
    for i in pinned..count {
        // Cell i needs i columns before it and count - 1 - i after it.
        for j in i..width - (count - 1 - i) {
            if i == pinned {
                best[i][j] = (at(i, j) + LEADING_GAP * (j - pinned) as u32, j);
                continue;
            }
            for p in i - 1..j {
                let (before, _) = best[i - 1][p];
                if before == u32::MAX {
                    continue;
                }
                let total = before + at(i, j) + INNER_GAP * (j - p - 1) as u32;
                if total < best[i][j].0 {
                    best[i][j] = (total, p);
                }
            }
        }
    }
    if pinned == count {
        let mut out = cells;
        out.resize(width, String::new());
        return out;
    }
    // The last cell's column: the least cost, the earliest among equals (gaps at the end).
    let Some(mut j) = (count - 1..width).min_by_key(|&j| (best[count - 1][j].0, j)) else {
        return cells;
    };
    // A cell that fits no column it could stand under (a description the header gave no
    // column, where only columns of names are left): the row stays as written, for the table's
    // rows reader to keep that cell aside.
    if best[count - 1][j].0 >= MISFIT {
        return cells;
    }
    let mut columns = vec![0; count];
    for i in (pinned..count).rev() {
        columns[i] = j;
        j = best[i][j].1;
    }
    let mut out = vec![String::new(); width];
    for (i, text) in cells.into_iter().enumerate() {
        out[columns[i]] = text;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::header::role_of;

    fn placed(header: &[&str], cells: &[&str], full: &[&[&str]]) -> Vec<String> {
        let roles: Vec<Option<ColumnRole>> = header.iter().map(|h| role_of(h)).collect();
        let full: Vec<Vec<String>> = full
            .iter()
            .map(|r| r.iter().map(|t| (*t).to_string()).collect())
            .collect();
        let full: Vec<&[String]> = full.iter().map(Vec::as_slice).collect();
        let seen = seen(&full, header.len());
        place(
            cells.iter().map(|t| (*t).to_string()).collect(),
            &roles,
            &seen,
        )
    }

    #[test]
    fn a_row_cut_off_after_its_units_keeps_the_persons_column_empty() {
        let header = ["序号", "工作任务", "牵头单位", "配合单位", "责任人"];
        let got = placed(&header, &["1", "新增就业岗位三千个。", "区人社局"], &[]);
        assert_eq!(got, ["1", "新增就业岗位三千个。", "区人社局", "", ""]);
    }

    #[test]
    fn a_row_without_the_task_merged_over_it_lacks_that_cell() {
        let header = ["序号", "工作任务", "具体措施", "责任单位", "完成时限"];
        let full: &[&[&str]] = &[&["1", "优化营商环境", "推行一窗受理。", "区审批局", "6月底前"]];
        let got = placed(
            &header,
            &["2", "压缩审批时限。", "区审批局", "年底前"],
            full,
        );
        assert_eq!(got, ["2", "", "压缩审批时限。", "区审批局", "年底前"]);
    }

    #[test]
    fn empty_cells_left_out_at_a_rows_end_stay_empty_there() {
        let header = [
            "序号",
            "主要任务",
            "分管领导",
            "牵头单位",
            "1-10月推进情况",
            "是否达序",
            "说明",
        ];
        let full: &[&[&str]] = &[&[
            "1",
            "修缮校舍",
            "王明",
            "区教育局",
            "已完成八成。",
            "是",
            "资金到位。",
        ]];
        let got = placed(
            &header,
            &["2", "新建公园", "李华", "区城管局", "已开工。"],
            full,
        );
        assert_eq!(
            got,
            ["2", "新建公园", "李华", "区城管局", "已开工。", "", ""]
        );
    }
}
