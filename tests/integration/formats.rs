//! The same notice as text, .docx and .xlsx gives the same work items, field for field apart
//! from where each came from.

use crate::common::tasks_without_source as tasks;
use fenjie::{Options, Report};

fn convert(name: &str) -> Report {
    let bytes = std::fs::read(crate::common::fixture_path(name)).unwrap();
    fenjie::convert(name, &bytes, &Options::default()).unwrap()
}

/// A workbook holds the table alone, without the notice that names its jurisdiction: the Huli
/// registry is given as `--units` gives it.
fn convert_with_registry(name: &str) -> Report {
    let bytes = std::fs::read(crate::common::fixture_path(name)).unwrap();
    let options = Options {
        registry: Some(crate::common::huli()),
        ..Options::default()
    };
    fenjie::convert(name, &bytes, &options).unwrap()
}

#[test]
fn a_table_without_its_notice_keeps_units_as_written() {
    let xlsx = convert("huli-2022.xlsx");
    assert!(xlsx.registry.is_none());
    assert!(xlsx.notice.jurisdiction.is_none());
    let json = serde_json::to_string(&xlsx).unwrap();
    assert!(!json.contains("湖里区"), "a name of 湖里区 was invented");
    assert!(
        xlsx.diagnostics
            .iter()
            .all(|d| d.code != fenjie::Code::UnknownUnit),
        "no registry, so no unit is unknown against one"
    );
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
    let xlsx = convert_with_registry("huli-2022.xlsx");
    assert_eq!(tasks(&xlsx), tasks(&text));
    assert_eq!(xlsx.notice.year, Some(2022));
}

#[test]
fn sources_name_places_in_each_documents_own_terms() {
    assert_eq!(convert("huli-2022.txt").tasks[0].source, "line 26");
    assert_eq!(convert("huli-2022.docx").tasks[0].source, "table 1, row 2");
    assert_eq!(convert("huli-2022.xlsx").tasks[0].source, "分解表!A3:D3");
}

#[test]
fn a_category_column_gives_the_section_and_leaves_the_task_column_to_tasks() {
    let text = "类别\t工作任务\t工作要求\t责任单位\t时限\n\
                一、决策公开\t推进决策公开\t公开决策目录。\t司法局\t3月底前\n\
                \t推进决策公开\t公开征求意见。\t政府办\t持续推进\n\
                平台建设\t优化网站\t优化专栏。\t政府办\t年底前\n\
                平台建设\t加强新媒体\t规范新媒体。\t政府办\t年底前\n";
    let report = fenjie::convert("c.txt", text.as_bytes(), &Options::default()).unwrap();
    let got: Vec<(u32, Option<&str>, Option<&str>)> = report
        .tasks
        .iter()
        .map(|t| {
            let s = t.section.as_ref().unwrap();
            (s.ordinal, s.title.as_deref(), t.task.as_deref())
        })
        .collect();
    assert_eq!(
        got,
        [
            (1, Some("决策公开"), Some("推进决策公开")),
            (1, Some("决策公开"), Some("推进决策公开")),
            (2, Some("平台建设"), Some("优化网站")),
            (2, Some("平台建设"), Some("加强新媒体")),
        ]
    );
}

#[test]
fn saved_web_pages_give_the_same_tasks_and_metadata_as_docx() {
    let docx = convert("huli-2022.docx");
    for name in ["huli-2022.html", "huli-2022.gb2312.html"] {
        let page = convert(name);
        assert_eq!(tasks(&page), tasks(&docx), "{name}");
        assert_eq!(page.notice, docx.notice, "{name}");
        assert_eq!(page.source.format, fenjie::Format::Html);
        // The site's chrome is no paragraph of the notice.
        let json = serde_json::to_string(&page).unwrap();
        assert!(
            !json.contains("浏览次数") && !json.contains("ICP"),
            "{name}"
        );
    }
}

#[test]
fn legacy_word_gives_the_same_tasks_and_metadata_as_docx() {
    let docx = convert("huli-2022.docx");
    let doc = convert("huli-2022.doc");
    assert_eq!(doc.source.format, fenjie::Format::Doc);
    assert_eq!(tasks(&doc), tasks(&docx));
    assert_eq!(doc.notice, docx.notice);
    // The same cells, numbered the same way.
    assert_eq!(doc.tasks[1].source, docx.tasks[1].source);
    // A .wps file in the Word binary format is read by its content, whatever its name.
    let bytes = std::fs::read(crate::common::fixture_path("huli-2022.doc")).unwrap();
    let wps = fenjie::convert("huli-2022.wps", &bytes, &Options::default()).unwrap();
    assert_eq!(tasks(&wps), tasks(&docx));
}

#[test]
fn utf16_without_a_byte_order_mark_and_cr_only_lines_are_text() {
    let text = std::fs::read_to_string(crate::common::fixture_path("huli-2022.txt")).unwrap();
    let reference = tasks(&convert("huli-2022.txt"));
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let cr = text.replace("\r\n", "\n").replace('\n', "\r").into_bytes();
    for (name, bytes) in [("le.txt", le), ("be.txt", be), ("cr.txt", cr)] {
        let report = fenjie::convert(name, &bytes, &Options::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(tasks(&report), reference, "{name}");
    }
}
