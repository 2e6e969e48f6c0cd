//! Workbooks as offices circulate them: the task sheet anywhere, with or without a title row,
//! merged cells, typed numbers and dates, booleans and error values.

use crate::common::tasks_without_source;
use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(crate::common::fixture_path(name)).unwrap()
}

/// The shared workbook rewritten: a notes sheet first, the task sheet second, no title row.
fn task_sheet_second_without_title() -> Vec<u8> {
    let mut source: Xlsx<_> = Xlsx::new(std::io::Cursor::new(fixture("huli-2022.xlsx"))).unwrap();
    let range = source.worksheet_range("分解表").unwrap();
    let merges = source.merge_cells_by_sheet_name("分解表").unwrap();
    let mut book = Workbook::new();
    book.add_worksheet()
        .set_name("说明")
        .unwrap()
        .write_string(0, 0, "本表由各单位填报。")
        .unwrap();
    let sheet = book.add_worksheet().set_name("任务").unwrap();
    let wrap = Format::new().set_text_wrap();
    // Row 1 of the source is the title: drop it and move everything up one row.
    for (r, row) in range.rows().enumerate().skip(1) {
        for (c, value) in row.iter().enumerate() {
            if let Data::String(s) = value {
                sheet
                    .write_string_with_format(r as u32 - 1, c as u16, s, &wrap)
                    .unwrap();
            }
        }
    }
    for m in merges.iter().filter(|m| m.start.0 > 0) {
        let (r0, c0, r1, c1) = (m.start.0 - 1, m.start.1 as u16, m.end.0 - 1, m.end.1 as u16);
        let text = match range.get_value((m.start.0, m.start.1)) {
            Some(Data::String(s)) => s.clone(),
            _ => String::new(),
        };
        sheet.merge_range(r0, c0, r1, c1, &text, &wrap).unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn the_shared_workbook_gives_the_text_notices_tasks() {
    let text = fenjie::convert(
        "n.txt",
        &fixture("huli-2022.txt"),
        &fenjie::Options::default(),
    )
    .unwrap();
    for name in ["huli-2022.xlsx", "huli-2022.xls", "huli-2022.ods"] {
        // A workbook holds the table alone: the registry the text notice names is given.
        let options = fenjie::Options {
            registry: Some(crate::common::huli()),
            ..fenjie::Options::default()
        };
        let book = fenjie::convert(name, &fixture(name), &options).unwrap();
        assert_eq!(
            tasks_without_source(&book),
            tasks_without_source(&text),
            "{name}"
        );
    }
}

#[test]
fn task_sheet_second_without_a_title_converts_the_same_given_the_year() {
    let bytes = task_sheet_second_without_title();
    let text = fenjie::convert(
        "n.txt",
        &fixture("huli-2022.txt"),
        &fenjie::Options::default(),
    )
    .unwrap();
    let book = crate::common::convert("second.xlsx", &bytes).unwrap();
    assert_eq!(tasks_without_source(&book), tasks_without_source(&text));
    assert_eq!(book.tasks[0].source, "任务!A2:D2");
    let skipped = book
        .diagnostics
        .iter()
        .find(|d| d.code == fenjie::Code::SheetsSkipped)
        .unwrap();
    assert!(skipped.message.contains("说明"));
}

#[test]
fn without_a_year_deadlines_stay_unresolved() {
    let bytes = task_sheet_second_without_title();
    let book = fenjie::convert("second.xlsx", &bytes, &fenjie::Options::default()).unwrap();
    assert_eq!(book.notice.year, None);
    let due: Vec<_> = book
        .tasks
        .iter()
        .filter(|t| t.deadline.kind == fenjie::normalize::deadline::DeadlineKind::Due)
        .collect();
    assert!(!due.is_empty());
    assert!(due.iter().all(|t| t.deadline.date.is_none()));
    assert!(
        book.diagnostics
            .iter()
            .any(|d| d.code == fenjie::Code::YearUnknown)
    );
}

#[test]
fn typed_values_are_read_as_typed() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("2023年分解表").unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in [
        "序号",
        "工作任务",
        "工作要求",
        "责任单位",
        "完成时限",
        "备注",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_number(1, 0, 1.0).unwrap();
    sheet.write_string(1, 1, "一、优化营商环境").unwrap();
    sheet.write_string(1, 2, "公开涉企政策。").unwrap();
    sheet.write_string(1, 3, "发改局").unwrap();
    sheet
        .write_datetime_with_format(1, 4, ExcelDateTime::from_ymd(2023, 10, 31).unwrap(), &date)
        .unwrap();
    sheet.write_boolean(1, 5, true).unwrap();
    sheet.write_number(2, 0, 2.0).unwrap();
    sheet.write_string(2, 2, "解读惠企政策。").unwrap();
    sheet.write_string(2, 3, "工信局").unwrap();
    sheet
        .write_formula(2, 4, Formula::new("=NA()").set_result("#N/A"))
        .unwrap();
    sheet.write_string(2, 5, "").unwrap();
    sheet.write_number(3, 0, 3.0).unwrap();
    sheet.write_string(3, 2, "年底前完成评估。").unwrap();
    sheet.write_string(3, 3, "财政局").unwrap();
    sheet.write_string(3, 4, "年底前").unwrap();
    sheet
        .merge_range(4, 0, 4, 5, "注：请于每月5日前报送进展。", &Format::new())
        .unwrap();
    let bytes = book.save_to_buffer().unwrap();

    let report = fenjie::convert("typed.xlsx", &bytes, &fenjie::Options::default()).unwrap();
    assert_eq!(
        report.notice.year,
        Some(2023),
        "the year comes from the sheet name"
    );
    let numbers: Vec<_> = report
        .tasks
        .iter()
        .map(|t| (t.number, t.number_inferred))
        .collect();
    assert_eq!(
        numbers,
        [(Some(1), false), (Some(2), false), (Some(3), false)]
    );
    let first = &report.tasks[0];
    assert_eq!(
        first.deadline.kind,
        fenjie::normalize::deadline::DeadlineKind::Due
    );
    assert_eq!(
        first.deadline.date.map(|d| d.to_string()).as_deref(),
        Some("2023-10-31")
    );
    assert_eq!(first.notes.as_deref(), Some("TRUE"));
    assert_eq!(
        report.tasks[1].section.as_ref().unwrap().title.as_deref(),
        Some("优化营商环境")
    );
    assert_eq!(
        report.tasks[1].deadline.kind,
        fenjie::normalize::deadline::DeadlineKind::Unknown
    );
    assert_eq!(report.tasks[1].deadline.raw.as_deref(), Some("#N/A"));
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.code == fenjie::Code::DeadlineUnparsed
                && d.location.as_ref().unwrap().to_string() == "2023年分解表!E3")
    );
    assert_eq!(
        report.tasks[2]
            .deadline
            .date
            .map(|d| d.to_string())
            .as_deref(),
        Some("2023-12-31")
    );
    let note = report
        .diagnostics
        .iter()
        .find(|d| d.code == fenjie::Code::Note)
        .unwrap();
    assert!(note.message.contains("每月5日前报送进展"));
    assert!(
        !report
            .diagnostics
            .iter()
            .any(|d| d.code == fenjie::Code::CellUnaccounted)
    );
}

#[test]
fn a_workbook_named_txt_is_still_a_workbook() {
    let report = fenjie::convert(
        "notice.txt",
        &fixture("huli-2022.xlsx"),
        &fenjie::Options::default(),
    )
    .unwrap();
    assert_eq!(report.source.format, fenjie::Format::Xlsx);
    let report = fenjie::convert(
        "notice.txt",
        &fixture("huli-2022.xls"),
        &fenjie::Options::default(),
    )
    .unwrap();
    assert_eq!(report.source.format, fenjie::Format::Xls);
    let report = fenjie::convert(
        "notice.xlsx",
        &fixture("huli-2022.ods"),
        &fenjie::Options::default(),
    )
    .unwrap();
    assert_eq!(report.source.format, fenjie::Format::Ods);
}

fn error(_name: &str, bytes: &[u8]) -> String {
    crate::common::error_with(bytes, &fenjie::Options::default())
}

#[test]
fn bad_workbooks_get_clear_errors() {
    let good = fixture("huli-2022.xlsx");
    assert!(error("t.xlsx", &good[..good.len() - 200]).starts_with("cannot open the zip package"));
    let mut book = Workbook::new();
    book.add_worksheet().write_string(0, 0, "联系人").unwrap();
    let no_table = book.save_to_buffer().unwrap();
    let e = error("none.xlsx", &no_table);
    assert!(e.starts_with("no task table found"), "{e}");
    assert!(e.contains("sheet Sheet1 (first row: 联系人)"), "{e}");
    // A workbook whose sheet part is not XML.
    let broken = crate::common::zip(&[
        ("[Content_Types].xml", b"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>".as_slice()),
        ("xl/workbook.xml", b"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>".as_slice()),
        ("xl/_rels/workbook.xml.rels", b"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>".as_slice()),
        ("xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row><c r=\"A1\" t=\"inlineStr\"><is><t>x</t></is></c></row>".as_slice()),
    ]);
    let e = error("broken.xlsx", &broken);
    assert!(
        e.starts_with("cannot read the workbook") || e.starts_with("no task table"),
        "{e}"
    );
}

#[test]
fn a_broken_sheet_is_an_error_naming_the_workbook_part() {
    let sheet = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>工作任务</t></is></c></row></sheetData";
    let bytes = crate::common::zip(&[
        ("[Content_Types].xml", b"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>".as_slice()),
        ("_rels/.rels", b"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>".as_slice()),
        ("xl/workbook.xml", b"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>".as_slice()),
        ("xl/_rels/workbook.xml.rels", b"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>".as_slice()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ]);
    let e = error("broken.xlsx", &bytes);
    assert!(e.starts_with("cannot read the workbook, sheet S: "), "{e}");
}

#[test]
fn hidden_sheets_are_not_read_and_are_named() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let rows = [
        ["工作任务", "工作要求", "责任单位", "时限"],
        ["一、公开", "及时公开政策文件。", "司法局", "10月底前"],
    ];
    let hidden = book.add_worksheet();
    hidden.set_name("旧表").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            hidden.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    hidden.write_string(2, 1, "已作废的旧任务。").unwrap();
    hidden.set_hidden(true);
    let shown = book.add_worksheet();
    shown.set_name("任务").unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            shown.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    shown.set_active(true);
    let bytes = book.save_to_buffer().unwrap();
    let report = crate::common::convert("hidden.xlsx", &bytes).unwrap();
    assert_eq!(report.tasks.len(), 1);
    assert!(report.tasks[0].source.starts_with("任务!"));
    let note = report
        .diagnostics
        .iter()
        .find(|d| d.code == fenjie::Code::SheetsHidden)
        .expect("the hidden sheet is named");
    assert!(note.message.contains("旧表"));
    assert!(!serde_json::to_string(&report).unwrap().contains("已作废"));
}

#[test]
fn stray_far_cells_are_set_aside_and_named_not_laid_out() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows = [
        ["工作任务", "工作要求", "责任单位", "时限"],
        ["一、公开", "及时公开政策文件。", "司法局", "10月底前"],
        ["", "做好政策解读。", "财政局", "年底前"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    sheet.write_string(1_048_575, 0, ".").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let report = crate::common::convert("far.xlsx", &bytes).unwrap();
    assert_eq!(report.tasks.len(), 2);
    let far: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == fenjie::Code::FarCell)
        .map(|d| d.location.as_ref().unwrap().to_string())
        .collect();
    assert_eq!(far.len(), 2, "{:?}", report.diagnostics);
    assert!(far.iter().any(|l| l.ends_with("XFD1048576")), "{far:?}");
}

#[test]
fn a_formula_without_a_stored_value_is_said_not_silently_merged() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows = [
        ["工作任务", "工作要求", "责任单位", "时限"],
        ["一、公开", "及时公开政策文件。", "司法局", "10月底前"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *text).unwrap();
        }
    }
    // rust_xlsxwriter stores a formula with no computed value, as programs that do not
    // calculate write them.
    sheet.set_formula_result_default("");
    sheet.write_formula(2, 1, "=B2&\"（续）\"").unwrap();
    sheet.write_string(2, 2, "财政局").unwrap();
    sheet.write_string(2, 3, "年底前").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let report = crate::common::convert("formula.xlsx", &bytes).unwrap();
    let warning = report
        .diagnostics
        .iter()
        .find(|d| d.code == fenjie::Code::FormulaWithoutValue)
        .expect("the formula cell is named");
    assert_eq!(warning.location.as_ref().unwrap().to_string(), "Sheet1!B3");
    assert!(warning.message.contains("B2&"), "{}", warning.message);
}

fn table(name: &str) -> fenjie::Report {
    let path = format!("tables/{name}");
    fenjie::convert(&path, &fixture(&path), &fenjie::Options::default()).unwrap()
}

/// An `OpenDocument` sheet's merged cells are read as merged regions: the 类别 cell spanning
/// rows gives each of its rows its section; the 责任单位 header spanning 牵头单位 and 配合单位
/// below it, and the header cells spanning both header rows, make one two-row header.
#[test]
fn merged_cells_of_an_ods_give_each_row_its_section() {
    let r = table("q-merged-section.ods");
    assert_eq!(r.tasks.len(), 5);
    let sections: Vec<Option<&str>> = r
        .tasks
        .iter()
        .map(|t| t.section.as_ref().and_then(|h| h.title.as_deref()))
        .collect();
    assert_eq!(
        sections,
        [
            Some("市容整治"),
            Some("市容整治"),
            Some("市容整治"),
            Some("绿化提升"),
            Some("绿化提升")
        ]
    );
    let units: Vec<(&str, fenjie::Role)> = r.tasks[1]
        .responsible
        .units
        .iter()
        .map(|u| (u.name.as_str(), u.role))
        .collect();
    assert_eq!(
        units,
        [
            ("区城管局", fenjie::Role::Lead),
            ("区市场监管局", fenjie::Role::Cooperate)
        ]
    );
    assert_eq!(
        r.tasks[2].deadline.date.map(|d| d.to_string()).as_deref(),
        Some("2024-10-31")
    );
    // The same sheet saved as .xlsx by the same office suite gives the same records.
    assert_eq!(
        tasks_without_source(&r),
        tasks_without_source(&table("q-merged-section.ods.xlsx"))
    );
}

/// Each workbook of `tables/` saved as `OpenDocument` by `LibreOffice` (`NAME.xlsx.ods`) gives the
/// records of the .xlsx: merged regions, two-row headers and sub-rows alike.
#[test]
fn tables_saved_as_ods_read_as_their_xlsx() {
    for name in [
        "f-unknown-header",
        "g-merged-goal-task",
        "i-span-two-columns",
        "k-sub-rows",
        "o-two-row-header",
    ] {
        let xlsx = table(&format!("{name}.xlsx"));
        let ods = table(&format!("{name}.xlsx.ods"));
        assert!(!ods.tasks.is_empty(), "{name}");
        assert_eq!(
            tasks_without_source(&ods),
            tasks_without_source(&xlsx),
            "{name}"
        );
        let sources = |r: &fenjie::Report| -> Vec<String> {
            r.tasks.iter().map(|t| t.source.clone()).collect()
        };
        assert_eq!(sources(&ods), sources(&xlsx), "{name}");
    }
}

/// A stray cell 16,000 columns and a million rows from the table, in a sheet `LibreOffice` wrote
/// (`tests/hostile/ods-far-cell.fods`): the table converts and the cell is named with its text.
#[test]
fn a_stray_far_cell_in_an_ods_is_set_aside_with_its_text() {
    let bytes = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile/ods-far-cell.ods"),
    )
    .unwrap();
    let report = crate::common::convert("far.ods", &bytes).unwrap();
    assert_eq!(report.tasks.len(), 2);
    let far: Vec<(String, &str)> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == fenjie::Code::FarCell)
        .map(|d| (d.location.as_ref().unwrap().to_string(), d.message.as_str()))
        .collect();
    assert_eq!(far.len(), 1, "{:?}", report.diagnostics);
    assert_eq!(far[0].0, "任务!WQN1048003");
    assert!(far[0].1.ends_with("it holds \"此格远离表格\""), "{far:?}");
}

#[test]
fn hidden_sheets_of_an_ods_are_not_read_and_are_named() {
    let styles = r#"<office:automatic-styles><style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style><style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style></office:automatic-styles>"#;
    let rows = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>工作任务</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>工作要求</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>责任单位</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>时限</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>一、公开</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>及时公开<text:span>政策</text:span>文件。</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>司法局</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2024-10-31"><text:p>10/31/24</text:p></table:table-cell></table:table-row>"#;
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">{styles}<office:body><office:spreadsheet><table:table table:name="旧表" table:style-name="ta2">{rows}<table:table-row><table:table-cell/><table:table-cell office:value-type="string"><text:p>已作废的旧任务。</text:p></table:table-cell></table:table-row></table:table><table:table table:name="任务" table:style-name="ta1">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let bytes = crate::common::zip(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("content.xml", content.as_bytes()),
    ]);
    let report = crate::common::convert("hidden.ods", &bytes).unwrap();
    assert_eq!(report.tasks.len(), 1);
    assert!(report.tasks[0].source.starts_with("任务!"));
    assert_eq!(report.tasks[0].requirement, "及时公开政策文件。");
    assert_eq!(
        report.tasks[0]
            .deadline
            .date
            .map(|d| d.to_string())
            .as_deref(),
        Some("2024-10-31")
    );
    let note = report
        .diagnostics
        .iter()
        .find(|d| d.code == fenjie::Code::SheetsHidden)
        .expect("the hidden sheet is named");
    assert!(note.message.contains("旧表"));
    assert!(!serde_json::to_string(&report).unwrap().contains("已作废"));
}
