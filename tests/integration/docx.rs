//! Word documents as office software writes them: each case builds the exact XML and checks the
//! records (or the error) that come out.

use crate::common::*;
use fenjie::Severity;

fn one_table(rows: &[String]) -> Vec<u8> {
    let mut all = vec![header4()];
    all.extend_from_slice(rows);
    docx(&tbl("", 4, &all))
}

fn requirements(bytes: &[u8]) -> Vec<String> {
    convert("t.docx", bytes)
        .unwrap()
        .tasks
        .into_iter()
        .map(|t| t.requirement)
        .collect()
}

#[test]
fn runs_split_mid_word_are_joined() {
    let units = tc(
        "",
        "<w:p><w:r><w:t>司法</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>局</w:t></w:r><w:r><w:t>牵头</w:t></w:r></w:p>",
    );
    let bytes = one_table(&[tr(&[
        cell("一、加强公开"),
        cell("公开文件。"),
        units,
        cell("10月底前"),
    ])]);
    let report = convert("t.docx", &bytes).unwrap();
    let unit = &report.tasks[0].responsible.units[0];
    assert_eq!((unit.name.as_str(), unit.known), ("湖里区司法局", true));
}

#[test]
fn tabs_breaks_and_paragraphs_separate_text() {
    let req = tc(
        "",
        "<w:p><w:r><w:t>第一句</w:t><w:br/><w:t>第二句</w:t><w:tab/><w:t>tab后</w:t></w:r></w:p><w:p><w:r><w:t>第二段</w:t></w:r></w:p>",
    );
    let bytes = one_table(&[tr(&[
        cell("一、加强公开"),
        req,
        cell("司法局"),
        cell("年底前"),
    ])]);
    assert_eq!(requirements(&bytes), ["第一句\n第二句 tab后\n第二段"]);
}

#[test]
fn text_inside_hyperlinks_smart_tags_content_controls_and_fields_is_kept() {
    let req = tc(
        "",
        concat!(
            "<w:p>",
            "<w:r><w:t>见</w:t></w:r>",
            "<w:hyperlink r:id=\"rId9\"><w:r><w:t>政府网站</w:t></w:r></w:hyperlink>",
            "<w:smartTag w:uri=\"x\" w:element=\"place\"><w:r><w:t>湖里</w:t></w:r></w:smartTag>",
            "<w:sdt><w:sdtPr><w:alias w:val=\"内容\"/></w:sdtPr><w:sdtContent><w:r><w:t>专栏</w:t></w:r></w:sdtContent></w:sdt>",
            "<w:fldSimple w:instr=\" PAGE \"><w:r><w:t>3</w:t></w:r></w:fldSimple>",
            "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>",
            "<w:r><w:instrText xml:space=\"preserve\"> HYPERLINK \"http://x\" </w:instrText></w:r>",
            "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>",
            "<w:r><w:t>链接</w:t></w:r>",
            "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>",
            "<w:r><w:t>。</w:t></w:r>",
            "</w:p>"
        ),
    );
    let bytes = one_table(&[tr(&[
        cell("一、加强公开"),
        req,
        cell("政府办"),
        cell("年底前"),
    ])]);
    assert_eq!(requirements(&bytes), ["见政府网站湖里专栏3链接。"]);
}

#[test]
fn tracked_insertions_are_kept_and_deletions_dropped() {
    let req = tc(
        "",
        concat!(
            "<w:p><w:r><w:t>公开</w:t></w:r>",
            "<w:ins w:id=\"1\" w:author=\"a\"><w:r><w:t>政策</w:t></w:r></w:ins>",
            "<w:del w:id=\"2\" w:author=\"a\"><w:r><w:delText>旧文</w:delText></w:r></w:del>",
            "<w:moveFrom w:id=\"3\" w:author=\"a\"><w:r><w:t>移走</w:t></w:r></w:moveFrom>",
            "<w:r><w:t>文件。</w:t></w:r></w:p>"
        ),
    );
    let bytes = one_table(&[tr(&[
        cell("一、加强公开"),
        req,
        cell("政府办"),
        cell("年底前"),
    ])]);
    assert_eq!(requirements(&bytes), ["公开政策文件。"]);
}

#[test]
fn entities_are_decoded() {
    let bytes = one_table(&[tr(&[
        cell("一、加强公开"),
        cell("A&amp;B &lt;公开&gt; &#x4E00;&#20108;"),
        cell("政府办"),
        cell("年底前"),
    ])]);
    assert_eq!(requirements(&bytes), ["A&B <公开> 一二"]);
}

#[test]
fn vertical_merges_carry_the_section_to_each_covered_row() {
    let restart = "<w:vMerge w:val=\"restart\"/>";
    let bytes = one_table(&[
        tr(&[
            tc(restart, &p("一、持续推进决策公开")),
            cell("要求甲。"),
            cell("司法局"),
            cell("10月底前"),
        ]),
        // A bare <w:vMerge/> continues the merge (ECMA-376 §17.4.84).
        tr(&[
            tc("<w:vMerge/>", &p("")),
            cell("要求乙。"),
            cell("政府办"),
            cell("年底前"),
        ]),
        tr(&[
            tc("<w:vMerge w:val=\"continue\"/>", "<w:p/>"),
            cell("要求丙。"),
            cell("财政局"),
            cell("持续推进"),
        ]),
        tr(&[
            cell("二、加强平台建设"),
            cell("要求丁。"),
            cell("政府办"),
            cell("持续推进"),
        ]),
    ]);
    let report = convert("t.docx", &bytes).unwrap();
    let sections: Vec<(u32, Option<String>)> = report
        .tasks
        .iter()
        .map(|t| {
            let s = t.section.as_ref().unwrap();
            (s.ordinal, s.title.clone())
        })
        .collect();
    assert_eq!(
        sections,
        [
            (1, Some("持续推进决策公开".into())),
            (1, Some("持续推进决策公开".into())),
            (1, Some("持续推进决策公开".into())),
            (2, Some("加强平台建设".into()))
        ]
    );
    assert!(
        !report
            .diagnostics
            .iter()
            .any(|d| d.code == fenjie::Code::CellUnaccounted)
    );
}

#[test]
fn a_header_spanning_two_columns_finds_the_number_column_by_content() {
    // 工作任务 | 序号 | 具体要求 | 责任科室 | 时限要求, the first header cell spanning two columns and the
    // task cell merged down over its items.
    let header = tr(&[
        tc("<w:gridSpan w:val=\"2\"/>", &p("工作任务")),
        cell("具体要求"),
        cell("责任科室"),
        cell("时限要求"),
    ]);
    let rows = [
        tr(&[
            tc("<w:vMerge w:val=\"restart\"/>", &p("推进决策公开")),
            cell("1"),
            cell("制定目录。"),
            cell("办公室"),
            cell("6月底前"),
        ]),
        tr(&[
            tc("<w:vMerge/>", "<w:p/>"),
            cell("2"),
            cell("公开草案。"),
            cell("法规科"),
            cell("持续推进"),
        ]),
        tr(&[
            cell("加强平台建设"),
            cell("3"),
            cell("优化网站。"),
            cell("信息科"),
            cell("年底前"),
        ]),
    ];
    let mut all = vec![header];
    all.extend(rows);
    let report = convert("t.docx", &docx(&tbl("", 5, &all))).unwrap();
    let got: Vec<(Option<u32>, Option<String>, String)> = report
        .tasks
        .iter()
        .map(|t| (t.number, t.task.clone(), t.requirement.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (Some(1), Some("推进决策公开".into()), "制定目录。".into()),
            (Some(2), Some("推进决策公开".into()), "公开草案。".into()),
            (Some(3), Some("加强平台建设".into()), "优化网站。".into()),
        ]
    );
    assert!(report.tasks.iter().all(|t| !t.number_inferred));
}

#[test]
fn legacy_horizontal_merges_and_skipped_grid_columns_are_placed() {
    // WPS writes rows that skip grid columns with w:gridBefore / w:gridAfter.
    let before = "<w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>";
    let rows = [
        tr(&[
            cell("一、加强公开"),
            cell("要求甲。"),
            cell("司法局"),
            cell("10月底前"),
        ]),
        format!(
            "<w:tr>{before}{}{}{}</w:tr>",
            cell("要求乙。"),
            cell("政府办"),
            cell("年底前")
        ),
        tr(&[
            tc("<w:hMerge w:val=\"restart\"/>", &p("二、加强平台建设")),
            tc("<w:hMerge/>", "<w:p/>"),
            tc("<w:hMerge/>", "<w:p/>"),
            tc("<w:hMerge/>", "<w:p/>"),
        ]),
        tr(&[cell(""), cell("要求丙。"), cell("财政局"), cell("持续推进")]),
    ];
    let report = convert("t.docx", &one_table(&rows)).unwrap();
    let got: Vec<(u32, String, String)> = report
        .tasks
        .iter()
        .map(|t| {
            (
                t.section.as_ref().unwrap().ordinal,
                t.requirement.clone(),
                t.responsible.raw.clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (1, "要求甲。".into(), "司法局".into()),
            (1, "要求乙。".into(), "政府办".into()),
            (2, "要求丙。".into(), "财政局".into()),
        ]
    );
}

#[test]
fn header_rows_repeated_mid_table_are_skipped() {
    let header = "<w:trPr><w:tblHeader/></w:trPr>";
    let rows = [
        format!(
            "<w:tr>{header}{}{}{}{}</w:tr>",
            cell("工作任务"),
            cell("工作要求"),
            cell("责任单位"),
            cell("时限")
        ),
        tr(&[
            cell("一、加强公开"),
            cell("要求甲。"),
            cell("司法局"),
            cell("10月底前"),
        ]),
        tr(&[
            cell("工作任务"),
            cell("工作要求"),
            cell("责任单位"),
            cell("时限"),
        ]),
        tr(&[cell(""), cell("要求乙。"), cell("政府办"), cell("年底前")]),
    ];
    let report = convert("t.docx", &docx(&tbl("", 4, &rows))).unwrap();
    assert_eq!(report.tasks.len(), 2);
    assert_eq!(report.tasks[1].section.as_ref().unwrap().ordinal, 1);
}

#[test]
fn tables_split_across_pages_are_stitched() {
    let first = tbl(
        "",
        4,
        &[
            header4(),
            tr(&[
                cell("一、加强公开"),
                cell("要求甲。"),
                cell("司法局"),
                cell("10月底前"),
            ]),
        ],
    );
    let repeated = tbl(
        "",
        4,
        &[
            header4(),
            tr(&[cell(""), cell("要求乙。"), cell("政府办"), cell("年底前")]),
        ],
    );
    let headerless = tbl(
        "",
        4,
        &[tr(&[
            cell("二、加强平台"),
            cell("要求丙。"),
            cell("财政局"),
            cell("持续推进"),
        ])],
    );
    let body = format!("{}{first}{}{repeated}{headerless}", p("附件"), p(""));
    let report = convert("t.docx", &docx(&body)).unwrap();
    let got: Vec<(u32, &str)> = report
        .tasks
        .iter()
        .map(|t| (t.section.as_ref().unwrap().ordinal, t.requirement.as_str()))
        .collect();
    assert_eq!(got, [(1, "要求甲。"), (1, "要求乙。"), (2, "要求丙。")]);
    assert_eq!(report.tasks[2].source, "table 3, row 1");
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.code == fenjie::Code::TableStitched)
    );
}

#[test]
fn a_contact_table_is_skipped_and_reported() {
    let contacts = tbl(
        "",
        3,
        &[
            tr(&[cell("单位"), cell("联系人"), cell("电话")]),
            tr(&[cell("司法局"), cell("张三"), cell("123")]),
        ],
    );
    let task = tbl(
        "",
        4,
        &[
            header4(),
            tr(&[
                cell("一、加强公开"),
                cell("要求甲。"),
                cell("司法局"),
                cell("10月底前"),
            ]),
        ],
    );
    let report = convert("t.docx", &docx(&format!("{task}{}{contacts}", p("附件2")))).unwrap();
    assert_eq!(report.tasks.len(), 1);
    let skipped = report
        .diagnostics
        .iter()
        .find(|d| d.code == fenjie::Code::TableSkipped)
        .unwrap();
    assert!(
        skipped
            .message
            .contains("table 2 (header row: 单位 | 联系人 | 电话)"),
        "{}",
        skipped.message
    );
}

#[test]
fn nested_tables_keep_their_text_in_the_cell() {
    let inner = tbl("", 2, &[tr(&[cell("子项甲"), cell("子项乙")])]);
    let req = tc("", &format!("{}{inner}", p("主要要求：")));
    let report = convert(
        "t.docx",
        &one_table(&[tr(&[
            cell("一、加强公开"),
            req,
            cell("司法局"),
            cell("年底前"),
        ])]),
    )
    .unwrap();
    assert_eq!(report.tasks[0].requirement, "主要要求：\n子项甲\n子项乙");
    let d = report
        .diagnostics
        .iter()
        .find(|d| d.code == fenjie::Code::NestedTable)
        .unwrap();
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(
        d.location.as_ref().unwrap().to_string(),
        "table 1, row 2, column 2"
    );
}

#[test]
fn table_widths_in_any_unit_are_accepted() {
    for props in [
        "<w:tblW w:w=\"15cm\" w:type=\"dxa\"/>",
        "<w:tblW w:w=\"5000\" w:type=\"pct\"/>",
        "<w:tblW w:w=\"100%\" w:type=\"pct\"/>",
        "<w:tblW w:w=\"0\" w:type=\"auto\"/>",
    ] {
        let rows = [
            header4(),
            tr(&[
                cell("一、加强公开"),
                cell("要求甲。"),
                cell("司法局"),
                cell("10月底前"),
            ]),
        ];
        let report = convert("t.docx", &docx(&tbl(props, 4, &rows))).unwrap();
        assert_eq!(report.tasks.len(), 1, "{props}");
    }
}

#[test]
fn alternate_content_is_read_once() {
    let req = tc(
        "",
        "<w:p><w:r><w:t>正文</w:t></w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:r><w:t>框</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>框</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>",
    );
    assert_eq!(
        requirements(&one_table(&[tr(&[
            cell("一、甲"),
            req,
            cell("司法局"),
            cell("年底前")
        ])])),
        ["正文框"]
    );
}

#[test]
fn the_main_part_is_found_through_the_package_relationships() {
    let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/main.xml"/></Relationships>"#;
    let rows = [
        header4(),
        tr(&[
            cell("一、加强公开"),
            cell("要求甲。"),
            cell("司法局"),
            cell("10月底前"),
        ]),
    ];
    let bytes = docx_at("word/main.xml", rels, &tbl("", 4, &rows));
    assert_eq!(requirements(&bytes), ["要求甲。"]);
}

#[test]
fn a_docx_named_xlsx_or_txt_is_still_word() {
    let rows = [
        header4(),
        tr(&[
            cell("一、加强公开"),
            cell("要求甲。"),
            cell("司法局"),
            cell("10月底前"),
        ]),
    ];
    let bytes = docx(&tbl("", 4, &rows));
    for name in ["notice.xlsx", "notice.txt", "notice"] {
        let report = fenjie::convert(name, &bytes, &options()).unwrap();
        assert_eq!(report.source.format, fenjie::Format::Docx, "{name}");
    }
}

fn error(bytes: &[u8]) -> String {
    error_with(bytes, &options())
}

#[test]
fn bad_documents_get_errors_naming_the_part() {
    let good = one_table(&[tr(&[
        cell("一、加强公开"),
        cell("要求甲。"),
        cell("司法局"),
        cell("10月底前"),
    ])]);
    // Truncated: the zip directory at the end is gone.
    assert!(error(&good[..good.len() / 2]).starts_with("cannot open the zip package"));
    // Malformed XML.
    let broken = docx("<w:tbl><w:tr><w:tc><w:p></w:tc></w:tr></w:tbl>");
    assert!(
        error(&broken).starts_with("word/document.xml, near byte "),
        "{}",
        error(&broken)
    );
    // No main document part.
    let missing = zip(&[
        ("_rels/.rels", b"<Relationships xmlns=\"x\"/>".as_slice()),
        ("word/styles.xml", b"<x/>".as_slice()),
    ]);
    assert_eq!(
        error(&missing),
        "the package has no main document (officeDocument relationship in _rels/.rels) part"
    );
    // An attribute value that is not a number.
    let bad_span = one_table(&[tr(&[
        tc("<w:gridSpan w:val=\"two\"/>", &p("一、甲")),
        cell("要求"),
        cell("时限"),
    ])]);
    assert_eq!(
        error(&bad_span),
        "word/document.xml, table 1, row 2, column 1: expected a whole number for w:gridSpan, but found \"two\""
    );
    // A zip that is no office document.
    let other = zip(&[("readme.txt", b"hello".as_slice())]);
    assert!(error(&other).starts_with("expected an office document"));
}

#[test]
fn entity_expansion_is_refused() {
    let laughs = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"#;
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let bytes = zip(&[
        ("_rels/.rels", rels.as_bytes()),
        ("word/document.xml", laughs.as_bytes()),
    ]);
    assert!(
        error(&bytes).contains("document type declaration"),
        "{}",
        error(&bytes)
    );
}

#[test]
fn a_two_row_header_names_the_columns_under_a_spanning_cell() {
    // 序号 | 工作任务 | 责任单位 (over 牵头单位 | 配合单位) | 完成时限, merged as Word writes it.
    let restart = "<w:vMerge w:val=\"restart\"/>";
    let rows = [
        tr(&[
            tc(restart, &p("序号")),
            tc(restart, &p("工作任务")),
            tc("<w:gridSpan w:val=\"2\"/>", &p("责任单位")),
            tc(restart, &p("完成时限")),
        ]),
        tr(&[
            tc("<w:vMerge/>", "<w:p/>"),
            tc("<w:vMerge/>", "<w:p/>"),
            cell("牵头单位"),
            cell("配合单位"),
            tc("<w:vMerge/>", "<w:p/>"),
        ]),
        tr(&[
            cell("1"),
            cell("编制年度报告。"),
            cell("政府办"),
            cell("区直各部门"),
            cell("1月31日前"),
        ]),
        tr(&[
            cell("2"),
            cell("更新公开指南。"),
            cell("政府办"),
            cell(""),
            cell("3月底前"),
        ]),
    ];
    let report = convert("t.docx", &docx(&tbl("", 5, &rows))).unwrap();
    let got: Vec<(Option<u32>, Option<&str>)> = report
        .tasks
        .iter()
        .map(|t| (t.number, t.task.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (Some(1), Some("编制年度报告。")),
            (Some(2), Some("更新公开指南。"))
        ]
    );
    let roles: Vec<_> = report.tasks[0]
        .responsible
        .units
        .iter()
        .map(|u| (u.name.as_str(), u.role))
        .collect();
    assert_eq!(
        roles,
        [
            ("湖里区人民政府办公室", fenjie::normalize::units::Role::Lead),
            ("区直各部门", fenjie::normalize::units::Role::Cooperate)
        ]
    );
}

#[test]
fn headings_between_tables_head_the_rows_of_the_table_after_them() {
    // One table per section, each section's heading a paragraph of its own.
    let first = tbl(
        "",
        4,
        &[
            header4(),
            tr(&[cell(""), cell("要求甲。"), cell("司法局"), cell("10月底前")]),
        ],
    );
    let second = tbl(
        "",
        4,
        &[
            header4(),
            tr(&[cell(""), cell("要求乙。"), cell("政府办"), cell("年底前")]),
        ],
    );
    let body = format!(
        "{}{}{}{first}{}{second}",
        p("附件"),
        p("2022年政务公开任务分解表"),
        p("一、持续推进决策公开"),
        p("二、加强平台建设")
    );
    let report = convert("t.docx", &docx(&body)).unwrap();
    let got: Vec<(u32, Option<&str>, &str)> = report
        .tasks
        .iter()
        .map(|t| {
            let s = t.section.as_ref().unwrap();
            (s.ordinal, s.title.as_deref(), t.requirement.as_str())
        })
        .collect();
    assert_eq!(
        got,
        [
            (1, Some("持续推进决策公开"), "要求甲。"),
            (2, Some("加强平台建设"), "要求乙。")
        ]
    );
    // A sentence in the body that starts like a heading is not one.
    let body = format!("{}{first}", p("一、加强组织领导。各单位要高度重视。"));
    let report = convert("t.docx", &docx(&body)).unwrap();
    assert!(report.tasks[0].section.is_none());
}

#[test]
fn automatic_list_numbers_are_read_as_written() {
    // The 序号 column numbered by Word's lists (1, 2, …), and a requirement cell whose two items
    // are auto-numbered paragraphs (1. / 2.), as offices often make them.
    let numbering = format!(
        r#"<w:numbering xmlns:w="{W}">
        <w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/></w:lvl></w:abstractNum>
        <w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="7"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
        <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
        <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
        </w:numbering>"#
    );
    let numbered = |num: u32, text: &str| {
        format!(
            "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"{num}\"/></w:numPr></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
        )
    };
    let header = tr(&[
        cell("序号"),
        cell("工作任务"),
        cell("工作要求"),
        cell("责任单位"),
        cell("时限"),
    ]);
    let rows = [
        header,
        tr(&[
            tc("", &numbered(1, "")),
            cell("公开目录"),
            cell("编制目录。"),
            cell("司法局"),
            cell("3月底前"),
        ]),
        tr(&[
            tc("", &numbered(1, "")),
            cell("公开意见"),
            cell("征求意见。"),
            cell("政府办"),
            cell("持续推进"),
        ]),
        tr(&[
            tc("", &numbered(1, "")),
            cell("两项工作"),
            tc(
                "",
                &format!("{}{}", numbered(2, "甲事项。"), numbered(2, "乙事项。")),
            ),
            cell("财政局"),
            cell("年底前"),
        ]),
    ];
    let report = convert("t.docx", &docx_numbered(&tbl("", 5, &rows), &numbering)).unwrap();
    let got: Vec<(Option<u32>, &str)> = report
        .tasks
        .iter()
        .map(|t| (t.number, t.requirement.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (Some(1), "编制目录。"),
            (Some(2), "征求意见。"),
            (Some(3), "7. 甲事项。\n8. 乙事项。")
        ]
    );
}

#[test]
fn a_header_cell_merged_down_over_the_first_row_is_no_unit_of_it() {
    let restart = "<w:vMerge w:val=\"restart\"/>";
    let body = tbl(
        "",
        4,
        &[
            tr(&[
                cell("工作任务"),
                cell("工作要求"),
                tc(restart, &p("责任单位")),
                cell("时限"),
            ]),
            tr(&[
                cell("一、公开"),
                cell("要求甲。"),
                tc("<w:vMerge/>", &p("")),
                cell("10月底前"),
            ]),
            tr(&[cell(""), cell("要求乙。"), cell("司法局"), cell("年底前")]),
        ],
    );
    let report = convert("merged-header.docx", &docx(&body)).unwrap();
    assert_eq!(report.tasks.len(), 2);
    assert!(
        report.tasks[0].responsible.units.is_empty(),
        "{:?}",
        report.tasks[0].responsible
    );
    assert_eq!(report.tasks[1].responsible.units[0].name, "湖里区司法局");
}

#[test]
fn symbols_inserted_from_symbol_fonts_keep_their_character() {
    let sym = |font: &str, code: &str| {
        tc(
            "",
            &format!("<w:p><w:r><w:sym w:font=\"{font}\" w:char=\"{code}\"/></w:r></w:p>"),
        )
    };
    let body = tbl(
        "",
        5,
        &[
            tr(&[
                cell("工作任务"),
                cell("工作要求"),
                cell("责任单位"),
                cell("时限"),
                cell("是否完成"),
            ]),
            tr(&[
                cell("一、公开"),
                cell("要求甲。"),
                cell("司法局"),
                cell("10月底前"),
                sym("Wingdings", "F0FC"),
            ]),
            tr(&[
                cell(""),
                cell("要求乙。"),
                cell("财政局"),
                cell("年底前"),
                sym("Some Font", "F0A9"),
            ]),
        ],
    );
    let report = convert("symbols.docx", &docx(&body)).unwrap();
    assert_eq!(
        report.tasks[0].extra.get("是否完成").map(String::as_str),
        Some("✓")
    );
    assert_eq!(
        report.tasks[1].extra.get("是否完成").map(String::as_str),
        Some("\u{FFFD}")
    );
    let unknown = report
        .diagnostics
        .iter()
        .find(|d| d.code == fenjie::Code::SymbolUnknown)
        .unwrap();
    assert_eq!(
        unknown
            .location
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some("table 1, row 3, column 5")
    );
}

/// Merge diagnostics name the grid column, as every later stage numbers columns: after a cell
/// spanning two grid columns, the next cell is column 3, not the second cell.
#[test]
fn merge_diagnostics_name_the_grid_column() {
    let rows = [
        header4(),
        tr(&[
            tc("<w:gridSpan w:val=\"2\"/>", &p("一、甲 要求一。")),
            tc("<w:vMerge w:val=\"restart\"/>", &p("司法局")),
            cell("年底前"),
        ]),
        tr(&[
            tc("<w:gridSpan w:val=\"2\"/>", &p("要求二。")),
            tc("<w:vMerge/>", &p("另写的单位")),
            cell("年底前"),
        ]),
    ];
    let report = fenjie::convert("x.docx", &docx(&tbl("", 4, &rows)), &options()).unwrap();
    let merge = report
        .diagnostics
        .iter()
        .find(|d| d.code == fenjie::Code::MergeWithText)
        .expect("a merge-with-text warning");
    assert_eq!(
        merge.location,
        Some(fenjie::Location::Table {
            table: 1,
            row: 3,
            column: Some(3)
        })
    );
}
