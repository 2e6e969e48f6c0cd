//! Items written as a form, each field a label and its value: `具体任务` / `完善网格化管理机制。` /
//! `责任单位` / `街道综治中心` / `完成时限` / `6月底前`, then the next item's `具体任务` … (a table
//! turned on its side, as a page shows one item a block), or with bars, label and value on one
//! line (`重点工作: | 135.统筹违法建设治理。 |` / `牵头单位: | 市城管执法局 |`) or after a colon
//! (`工作任务：完善网格管理。` / `责任单位：综治中心`, item after item). Read as the table it
//! stands for: the labels of the first item are the header, each item a row.

use crate::grid::Paragraph;
use crate::outline;
use crate::syntax::header::{ColumnRole, role_of};

/// The most characters of a label that ends with a colon and names no known column.
const LABEL_CHARS: usize = 20;
/// The most labels one item of a form has.
const MAX_LABELS: usize = 30;

/// One line's cells: the line alone, or its cells between bars.
fn cells(text: &str) -> Vec<String> {
    let t = text.trim();
    if !t.contains(['|', '｜']) {
        return vec![t.to_string()];
    }
    t.split(['|', '｜'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

/// A field's label: a known column word standing alone (`责任单位`), or a short phrase closed by
/// a colon (`年度阶段性工作目标：`); the label without its colon.
fn label(cell: &str) -> Option<String> {
    let t = cell.trim();
    let bare = t.trim_end_matches([':', '：']).trim();
    let colon = bare.len() < t.len();
    let known = role_of(bare).is_some()
        && bare.chars().count() <= super::HEADER_CHARS
        && !bare.contains([':', '：']);
    let phrase = colon
        && (1..=LABEL_CHARS).contains(&bare.chars().count())
        && !bare.contains(['。', '，', ',', '；', ';', ':', '：']);
    (!bare.is_empty() && (known || phrase)).then(|| bare.to_string())
}

/// The rows of a form of labelled fields starting at paragraph `start`: the header (the first
/// item's labels), each item's values, and a heading standing between items as a row of its
/// own; with the index after the form's last paragraph.
pub(super) fn rows_at(paragraphs: &[Paragraph], start: usize) -> Option<super::super::WrittenRows> {
    let fields = fields(paragraphs, start);
    let first = fields.first()?;
    if first.at != start {
        return None;
    }
    let mut header: Vec<String> = Vec::new();
    let mut items: Vec<(usize, Vec<String>)> = Vec::new();
    let mut end = start;
    for field in &fields {
        if let Some(heading) = &field.heading {
            items.push((field.at, vec![heading.clone()]));
            end = field.end;
            continue;
        }
        let column = match header.iter().position(|h| *h == field.label) {
            Some(c) => c,
            // Labels are the header's while the first item lasts.
            None if items.iter().filter(|(_, v)| v.len() > 1).count() <= 1 => {
                header.push(field.label.clone());
                header.len() - 1
            }
            None => break,
        };
        // The field fills the item open, or opens the next one where its column is taken.
        let open = items
            .last()
            .is_some_and(|(_, v)| v.len() > 1 && v.get(column).is_none_or(String::is_empty));
        if !open {
            items.push((field.at, vec![String::new(); 2]));
        }
        let Some((_, values)) = items.last_mut() else {
            break;
        };
        if values.len() <= column {
            values.resize(column + 1, String::new());
        }
        values[column].clone_from(&field.value);
        end = field.end;
    }
    // Labels with their values after a colon stand under a list's items too (`责任单位：…`):
    // they make a form only where the same labels come item after item.
    let rows_of_items = items.iter().filter(|(_, v)| v.len() > 1).count();
    if !is_form(&header) || fields.iter().any(|f| f.inline) && rows_of_items < 2 {
        return None;
    }
    let width = header.len();
    let mut rows = vec![(start, header)];
    for (at, mut values) in items {
        if values.len() > 1 {
            values.resize(width, String::new());
        }
        rows.push((at, values));
    }
    Some((rows, end))
}

/// The labels of a form of work items: one names the task or the requirement, another the
/// units or the time, two at least.
fn is_form(header: &[String]) -> bool {
    let roles: Vec<ColumnRole> = header.iter().filter_map(|h| role_of(h)).collect();
    let work = roles
        .iter()
        .any(|r| matches!(r, ColumnRole::Task | ColumnRole::Requirement));
    let who = roles.iter().any(|r| {
        matches!(
            r,
            ColumnRole::Units | ColumnRole::Lead | ColumnRole::Cooperate | ColumnRole::Deadline
        )
    });
    header.len() >= 2 && work && who
}

/// One field: its label and value, or a heading standing between items.
#[derive(Debug)]
struct Field {
    at: usize,
    end: usize,
    label: String,
    value: String,
    heading: Option<String>,
    /// Label and value on one line after a colon, with no bar (`工作任务：完善网格管理。`).
    inline: bool,
}

/// A line holding a known column's label and its value after a colon:
/// `工作任务：完善网格化管理机制。`, `序号：1`.
fn inline_field(cell: &str) -> Option<(String, String)> {
    let (label, value) = cell.split_once(['：', ':'])?;
    let label = label.trim();
    let value = value.trim();
    let known = role_of(label).is_some() && label.chars().count() <= super::HEADER_CHARS;
    (known && !value.is_empty()).then(|| (label.to_string(), value.to_string()))
}

/// The fields from `start` on, as long as labels and values alternate: a label, then its value
/// on the same line after a bar or on the line below (one line, no label).
fn fields(paragraphs: &[Paragraph], start: usize) -> Vec<Field> {
    let mut out: Vec<Field> = Vec::new();
    // The first item's labels: once one comes again they must make a form, which bounds the
    // lines looked at from a start that is none.
    let mut first: Vec<String> = Vec::new();
    let mut first_done = false;
    let mut i = start;
    while let Some(p) = paragraphs.get(i) {
        let line = cells(&p.text);
        if !out.is_empty() && outline::heading(p.text.trim()).is_some() && line.len() == 1 {
            out.push(Field {
                at: i,
                end: i + 1,
                label: String::new(),
                value: String::new(),
                heading: Some(p.text.trim().to_string()),
                inline: false,
            });
            i += 1;
            continue;
        }
        let inline = match line.as_slice() {
            [only] if label(only).is_none() => inline_field(only),
            _ => None,
        };
        let Some(name) = inline
            .as_ref()
            .map(|(l, _)| l.clone())
            .or_else(|| line.first().and_then(|c| label(c)))
        else {
            break;
        };
        let (value, end) = match line.len() {
            _ if inline.is_some() => (inline.clone().map(|(_, v)| v).unwrap_or_default(), i + 1),
            1 => {
                let Some(next) = paragraphs.get(i + 1) else {
                    break;
                };
                let below = cells(&next.text);
                if below.len() != 1 || label(&below[0]).is_some() {
                    break;
                }
                (below[0].clone(), i + 2)
            }
            2 => (line[1].clone(), i + 1),
            _ => break,
        };
        if !first_done {
            if first.contains(&name) {
                if !is_form(&first) {
                    return Vec::new();
                }
                first_done = true;
            } else if first.len() >= MAX_LABELS {
                return Vec::new();
            } else {
                first.push(name.clone());
            }
        }
        out.push(Field {
            at: i,
            end,
            label: name,
            value,
            heading: None,
            inline: inline.is_some(),
        });
        i = end;
    }
    // A heading after the last field belongs to what follows.
    while out.last().is_some_and(|f| f.heading.is_some()) {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Option<(Vec<Vec<String>>, usize)> {
        let paragraphs = Paragraph::lines_of(text);
        rows_at(&paragraphs, 0).map(|(rows, end)| (rows.into_iter().map(|(_, r)| r).collect(), end))
    }

    #[test]
    fn labels_on_their_own_lines_are_the_header_and_each_item_a_row() {
        let text = "具体任务\n修缮村级文化广场三处。\n责任单位\n镇文化站\n完成时限\n8月底前\n具体任务\n组织送戏下乡演出十场。\n责任单位\n镇文化站、各村委会\n完成时限\n年底前\n联系人：王某";
        let (rows, end) = rows(text).expect("a form");
        assert_eq!(rows[0], ["具体任务", "责任单位", "完成时限"]);
        assert_eq!(rows[1], ["修缮村级文化广场三处。", "镇文化站", "8月底前"]);
        assert_eq!(rows[2][1], "镇文化站、各村委会");
        assert_eq!(end, 12);
    }

    #[test]
    fn a_label_and_its_value_on_one_line_between_bars() {
        let text = "重点工作： | 12.整治城区积水点位。 |\n牵头单位： | 区水务局 |\n年度目标： | 汛前完成全部整治。 |";
        let (rows, _) = rows(text).expect("a form");
        assert_eq!(rows[0], ["重点工作", "牵头单位", "年度目标"]);
        assert_eq!(
            rows[1],
            ["12.整治城区积水点位。", "区水务局", "汛前完成全部整治。"]
        );
    }

    #[test]
    fn labels_with_values_after_a_colon_item_after_item() {
        let text = "序号：1\n工作任务：完善网格化管理机制。\n责任单位：街道综治中心\n完成时限：6月底前\n序号：2\n工作任务：开展矛盾纠纷排查。\n责任单位：街道司法所\n完成时限：持续推进";
        let (got, end) = rows(text).expect("a form");
        assert_eq!(got[0], ["序号", "工作任务", "责任单位", "完成时限"]);
        assert_eq!(
            got[2],
            ["2", "开展矛盾纠纷排查。", "街道司法所", "持续推进"]
        );
        assert_eq!(end, 8);
        // One item so written is a list's item with its label lines, not a form.
        assert!(rows("工作任务：完善网格化管理机制。\n责任单位：街道综治中心").is_none());
    }

    #[test]
    fn a_heading_between_items_is_a_row_of_its_own() {
        let text = "工作任务\n建成养老服务站两处。\n牵头单位\n区民政局\n二、教育\n工作任务\n新增学位三百个。\n牵头单位\n区教育局";
        let (rows, _) = rows(text).expect("a form");
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[2], ["二、教育"]);
        assert_eq!(rows[3], ["新增学位三百个。", "区教育局"]);
    }

    #[test]
    fn label_lines_under_a_numbered_item_are_no_form() {
        // The list reader reads these: the item itself carries no label.
        assert!(rows("牵头单位：区发改局\n责任单位：各街道").is_none());
        // A table's header one cell a line: labels without values between.
        assert!(rows("序号\n工作任务\n责任单位\n完成时限\n1\n修路\n区交通局\n年底前").is_none());
        // Labels naming no work.
        assert!(rows("发布时间：\n2023年5月\n来源：\n区政府办").is_none());
    }
}
