//! The same notice as text, .docx and .xlsx gives the same work items, field for field apart
//! from where each came from.

mod common;

use common::tasks_without_source as tasks;
use fenjie::{Options, Report};

fn convert(name: &str) -> Report {
    let bytes = std::fs::read(common::fixture_path(name)).unwrap();
    fenjie::convert(name, &bytes, &Options::default()).unwrap()
}

#[test]
fn text_notice_has_28_items_numbered_1_to_28() {
    let report = convert("huli-2022.txt");
    let numbers: Vec<Option<u32>> = report.tasks.iter().map(|t| t.number).collect();
    let want: Vec<Option<u32>> = (1..=28).map(Some).collect();
    assert_eq!(numbers, want);
}

#[test]
fn docx_gives_the_same_tasks_and_metadata_as_text() {
    let text = convert("huli-2022.txt");
    let docx = convert("huli-2022.docx");
    assert_eq!(tasks(&docx), tasks(&text));
    assert_eq!(docx.notice, text.notice);
}

#[test]
fn xlsx_gives_the_same_tasks_as_text() {
    let text = convert("huli-2022.txt");
    let xlsx = convert("huli-2022.xlsx");
    assert_eq!(tasks(&xlsx), tasks(&text));
    assert_eq!(xlsx.notice.year, Some(2022));
}

#[test]
fn sources_name_places_in_each_documents_own_terms() {
    assert_eq!(convert("huli-2022.txt").tasks[0].source, "line 26");
    assert_eq!(convert("huli-2022.docx").tasks[0].source, "table 1, row 2");
    assert_eq!(convert("huli-2022.xlsx").tasks[0].source, "分解表!A3:D3");
}
