use super::*;
use crate::diagnostic::Code;
use crate::layout::{ColumnRole, RowKind, Slot, TableRow};

fn seg(n: Option<u32>, t: &str) -> Segment {
    Segment {
        number: n,
        text: t.to_string(),
    }
}

#[test]
fn a_cell_no_record_took_is_reported() {
    use crate::layout::{Column, TableRow};
    let location = Location::Line {
        line: 3,
        column: Some(2),
    };
    let mut table = TaskTable {
        columns: vec![Column {
            role: ColumnRole::Requirement,
            header: "工作要求".into(),
        }],
        rows: Vec::new(),
        slots: 0,
    };
    table.push(TableRow {
        kind: RowKind::Data,
        slots: vec![Slot {
            id: 0,
            value: Value::Text("要求甲".into()),
            location: location.clone(),
            continued: false,
        }],
        overflow: Vec::new(),
        location: Location::Line {
            line: 3,
            column: None,
        },
    });
    let mut diagnostics = Vec::new();
    check_accounted(&table, &[false], &mut diagnostics);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(
        (diagnostics[0].code, diagnostics[0].location.clone()),
        (Code::CellUnaccounted, Some(location.clone()))
    );
    let mut diagnostics = Vec::new();
    check_accounted(&table, &[true], &mut diagnostics);
    assert!(diagnostics.is_empty());
}

fn text_table(rows: &[&[&str]]) -> TaskTable {
    use crate::layout::Column;
    let roles = [
        ColumnRole::Task,
        ColumnRole::Requirement,
        ColumnRole::Units,
        ColumnRole::Deadline,
        ColumnRole::Notes,
    ];
    let mut table = TaskTable {
        columns: roles
            .iter()
            .map(|r| Column {
                role: r.clone(),
                header: String::new(),
            })
            .collect(),
        rows: Vec::new(),
        slots: 0,
    };
    for (r, cells) in rows.iter().enumerate() {
        let slots = cells
            .iter()
            .enumerate()
            .map(|(c, t)| Slot {
                id: 0,
                value: if t.is_empty() {
                    Value::Empty
                } else {
                    Value::Text(t.to_string())
                },
                location: Location::Line {
                    line: r as u32 + 1,
                    column: Some(c as u32 + 1),
                },
                continued: false,
            })
            .collect();
        table.push(TableRow {
            kind: RowKind::Data,
            slots,
            overflow: Vec::new(),
            location: Location::Line {
                line: r as u32 + 1,
                column: None,
            },
        });
    }
    table
}

#[test]
fn a_row_without_requirement_adds_its_cells_to_the_item_above_and_keeps_both_deadlines() {
    let table = text_table(&[
        &["一、甲", "要求甲。", "司法局", "3月底前", "注一"],
        &["", "", "财政局", "6月底前", "注二"],
    ]);
    let split = split(&[table]);
    assert_eq!(split.records.len(), 1);
    let r = &split.records[0];
    let units: Vec<&str> = r.units.iter().map(|u| u.text.as_str()).collect();
    assert_eq!(units, ["司法局", "财政局"]);
    assert_eq!(r.extra.get("时限 (2)").map(String::as_str), Some("6月底前"));
    assert_eq!(r.notes.as_deref(), Some("注一\n注二"));
    assert!(
        !split
            .diagnostics
            .iter()
            .any(|d| d.code == Code::CellUnaccounted)
    );
}

#[test]
fn a_heading_only_requirement_keeps_the_rows_other_cells() {
    let table = text_table(&[&["", "（一）聚焦重点", "发改局", "年底前", ""]]);
    let split = split(&[table]);
    assert_eq!(split.records.len(), 1);
    assert_eq!(
        split.records[0].subsection.as_ref().map(|h| h.ordinal),
        Some(1)
    );
    assert_eq!(split.records[0].units[0].text, "发改局");
    assert!(
        split
            .diagnostics
            .iter()
            .any(|d| d.code == Code::RequirementMissing)
    );
}

#[test]
fn cells_split_into_numbered_items() {
    let cases: Vec<(&str, Vec<Segment>)> = vec![
        ("加强领导", vec![seg(None, "加强领导")]),
        ("23 进一步提升", vec![seg(Some(23), "进一步提升")]),
        (
            "<p>23 进一步提升。</p> <p>24 规范办理。</p>",
            vec![seg(Some(23), "进一步提升。"), seg(Some(24), "规范办理。")],
        ),
        (
            "25 支持IPv6。\n26 做好公报。",
            vec![seg(Some(25), "支持IPv6。"), seg(Some(26), "做好公报。")],
        ),
        (
            "1.加强领导。2.完善制度。3.强化督查。",
            vec![
                seg(Some(1), "加强领导。"),
                seg(Some(2), "完善制度。"),
                seg(Some(3), "强化督查。"),
            ],
        ),
        (
            "做好以下工作：\n1.加强领导\n2.完善制度",
            vec![seg(None, "做好以下工作：\n1.加强领导\n2.完善制度")],
        ),
        (
            "1.加强领导\n续写一行",
            vec![seg(Some(1), "加强领导\n续写一行")],
        ),
        ("3.加强领导\n5.跳号", vec![seg(Some(3), "加强领导\n5.跳号")]),
        ("2022年底前完成", vec![seg(None, "2022年底前完成")]),
    ];
    for (text, want) in cases {
        assert_eq!(segments(text), want, "{text}");
    }
}
