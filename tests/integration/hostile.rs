//! Hostile and broken input: each gives a clear error naming the problem, within bounded time and
//! memory, and never a panic. Small files live in tests/hostile/; large ones are generated here.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use crate::common::error_with;
use fenjie::{Limits, Options, ReadOptions};

fn hostile(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/hostile")
            .join(name),
    )
    .unwrap()
}

fn error(bytes: &[u8]) -> String {
    error_with(bytes, &Options::default())
}

fn with_limits(limits: Limits) -> Options {
    Options {
        read: ReadOptions {
            limits,
            ..ReadOptions::default()
        },
        ..Options::default()
    }
}

#[test]
fn office_files_that_cannot_be_read_say_why() {
    let cases = [
        (
            "password-protected.xlsx",
            "the document is password-protected",
        ),
        (
            "password-protected.docx",
            "the document is password-protected",
        ),
        // LibreOffice's export of a notice on a machine without Chinese fonts: every Chinese
        // glyph is the font's missing-glyph box, mapped to one character.
        ("notice.pdf", "the PDF has no usable text layer"),
        ("password-protected.pdf", "the PDF is password-protected"),
        (
            "notice.odt",
            "OpenDocument text (.odt) is not supported; convert it first",
        ),
    ];
    for (name, want) in cases {
        let e = error(&hostile(name));
        assert!(e.starts_with(want), "{name}: {e}");
    }
    // A .doc that is really RTF, as sites serve them.
    let e = error(b"{\\rtf1\\ansi \\par}");
    assert!(e.starts_with("RTF is not supported"), "{e}");
    // The legacy Word file is read now.
    let report = fenjie::convert(
        "legacy-word.doc",
        &hostile("legacy-word.doc"),
        &fenjie::Options::default(),
    );
    assert!(report.is_ok_and(|r| !r.tasks.is_empty()));
}

#[test]
fn empty_random_and_tableless_inputs_are_refused() {
    assert_eq!(error(b""), "the file is empty");
    // Deterministic noise with NUL bytes and control characters.
    let noise: Vec<u8> = (0u32..4096)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    assert!(
        error(&noise).starts_with("expected a notice as"),
        "{}",
        error(&noise)
    );
    assert!(
        error("这是一封普通的信。\n没有表格。\n".as_bytes())
            .starts_with("no task table found: expected a header row")
    );
    let notice_without_table =
        "湖里区人民政府办公室\n关于做好政务公开工作的通知\n各单位：\n请认真落实。\n2022年7月28日\n";
    assert!(error(notice_without_table.as_bytes()).contains("the document has no table"));
}

#[test]
fn a_zip_bomb_stops_at_the_part_size_limit() {
    let zeros = vec![0u8; 8 << 20];
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    let bomb = crate::common::zip(&[
        ("_rels/.rels", rels.as_bytes()),
        ("word/document.xml", &zeros),
    ]);
    assert!(
        bomb.len() < 64 << 10,
        "the bomb is small: {} bytes",
        bomb.len()
    );
    let limits = Limits {
        part_bytes: 1 << 20,
        ..Limits::default()
    };
    let e = error_with(&bomb, &with_limits(limits));
    assert_eq!(
        e,
        "word/document.xml's uncompressed size (8388608 bytes) exceeds the limit of 1048576 (see README.md, Limits)"
    );
    // The same for a workbook part, before calamine inflates it.
    let book = crate::common::zip(&[
        ("xl/workbook.xml", b"<workbook/>".as_slice()),
        ("xl/worksheets/sheet1.xml", &zeros),
    ]);
    let e = error_with(&book, &with_limits(limits));
    assert!(
        e.starts_with("xl/worksheets/sheet1.xml's uncompressed size"),
        "{e}"
    );
}

#[test]
fn too_many_zip_entries_are_refused() {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut buf);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for i in 0..10_001 {
            w.start_file(format!("f{i}"), options).unwrap();
        }
        w.finish().unwrap();
    }
    let e = error(&buf.into_inner());
    assert_eq!(
        e,
        "the zip package's 10001 entries exceeds the limit of 10000 (see README.md, Limits)"
    );
}

#[test]
fn deep_nesting_is_refused() {
    let depth = 100_000;
    let body = format!(
        "{}{}",
        "<w:sdt><w:sdtContent>".repeat(depth),
        "</w:sdtContent></w:sdt>".repeat(depth)
    );
    let e = error(&crate::common::docx(&body));
    assert!(
        e.starts_with("word/document.xml: XML nesting depth exceeds the limit of 256"),
        "{e}"
    );
}

#[test]
fn a_huge_cell_is_refused() {
    // 50 MB of text in one line of a text file, and 2 MB in one Word cell.
    let mut text = String::from("工作任务\t工作要求\t责任单位\t时限\n一、甲\t");
    text.push_str(&"很长的要求".repeat(50 << 20 >> 4));
    text.push_str("\t司法局\t年底前\n");
    let e = error(text.as_bytes());
    assert!(
        e.starts_with("line 2: the line's ")
            && e.ends_with("exceeds the limit of 1048576 (see README.md, Limits)"),
        "{e}"
    );
    let cell = crate::common::cell(&"长".repeat(700_000));
    let bytes = crate::common::docx(&crate::common::tbl(
        "",
        4,
        &[
            crate::common::header4(),
            crate::common::tr(&[
                crate::common::cell("一、甲"),
                cell,
                crate::common::cell("司法局"),
                crate::common::cell("年底前"),
            ]),
        ],
    ));
    let e = error(&bytes);
    assert!(
        e.starts_with(
            "word/document.xml, table 1, row 2, column 2: text of one cell or paragraph exceeds"
        ),
        "{e}"
    );
}

#[test]
fn a_million_rows_stop_at_the_cell_limit() {
    let mut text = Vec::with_capacity(30 << 20);
    text.extend_from_slice("工作任务\t工作要求\t责任单位\t时限\n".as_bytes());
    for i in 0..1_000_000 {
        writeln!(text, "\t要求{i}\t司法局\t年底前").unwrap();
    }
    let started = std::time::Instant::now();
    let e = error(&text);
    assert!(
        e.starts_with("line 500001: the table's cells exceeds the limit of 2000000"),
        "{e}"
    );
    // Not a timed test of speed: a guard that the limit stops the work instead of finishing it.
    assert!(started.elapsed().as_secs() < 60);
}

#[test]
fn a_big_input_file_stops_at_the_input_limit() {
    let limits = Limits {
        input_bytes: 1000,
        ..Limits::default()
    };
    let e = error_with(&vec![b'a'; 1001], &with_limits(limits));
    assert_eq!(
        e,
        "the file's size (1001 bytes) exceeds the limit of 1000 (see README.md, Limits)"
    );
}

/// Found by fuzzing (fuzz/run.sh, target xlsx): a worksheet whose cell reference lies far off the
/// sheet (`QQQQ…QD9`) made calamine's dense range allocate until the process ran out of memory.
#[test]
fn a_cell_reference_far_off_the_sheet_stops_at_the_cell_limit() {
    let sheet = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/hostile/fuzz-xlsx-far-cell-reference.xml"),
    )
    .unwrap();
    let bytes = crate::common::zip(&[
        ("[Content_Types].xml", b"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>".as_slice()),
        ("_rels/.rels", b"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>".as_slice()),
        ("xl/workbook.xml", b"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Tasks\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>".as_slice()),
        ("xl/_rels/workbook.xml.rels", b"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>".as_slice()),
        ("xl/worksheets/sheet1.xml", &sheet),
    ]);
    let result =
        std::panic::catch_unwind(|| fenjie::convert("far.xlsx", &bytes, &Options::default()));
    match result {
        Err(panic) => std::panic::resume_unwind(panic),
        Ok(Ok(report)) => assert!(report.tasks.len() < 10),
        Ok(Err(e)) => {
            let e = fenjie::error::chain(&e);
            assert!(
                e.contains("exceeds the limit of 2000000")
                    || e.starts_with("cannot read the workbook")
                    || e.starts_with("no task table"),
                "{e}"
            );
        }
    }
}

#[test]
fn a_page_of_ten_thousand_nested_tables_is_refused_or_read_without_a_panic() {
    let mut page = String::from("<!DOCTYPE html><html><body>");
    for _ in 0..10_000 {
        page.push_str("<table><tr><td>");
    }
    page.push_str("工作任务");
    let result = fenjie::convert("deep.html", page.as_bytes(), &fenjie::Options::default());
    let err = result.expect_err("no task table in it");
    assert!(
        err.to_string().contains("limit") || err.to_string().contains("no task table"),
        "{err}"
    );
}

#[test]
fn a_page_of_deeply_nested_elements_is_bounded() {
    let page = format!("<!DOCTYPE html><html><body>{}x", "<div>".repeat(100_000));
    let result = fenjie::convert("deep.html", page.as_bytes(), &fenjie::Options::default());
    assert!(result.is_err());
}

/// The huli notice as Word 97–2003, written by `LibreOffice`.
fn legacy_word() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/huli-2022.doc"
    ))
    .unwrap()
}

#[test]
fn a_compound_file_whose_sector_chains_loop_is_an_error() {
    let mut bytes = legacy_word();
    // The first FAT sector (header DIFAT[0]); every chain link made to point at itself.
    let fat = u32::from_le_bytes(bytes[0x4C..0x50].try_into().unwrap()) as usize;
    let start = 512 + fat * 512;
    for i in 0..128 {
        let at = start + i * 4;
        let next = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
        if next < 0xFFFF_FFFA {
            bytes[at..at + 4].copy_from_slice(&(i as u32).to_le_bytes());
        }
    }
    let err = fenjie::convert("loop.doc", &bytes, &fenjie::Options::default()).unwrap_err();
    assert!(!err.to_string().is_empty());
}

#[test]
fn a_piece_table_outside_its_stream_is_an_error() {
    let bytes = legacy_word();
    let mut file = cfb::CompoundFile::open(std::io::Cursor::new(bytes)).unwrap();
    let mut word = Vec::new();
    std::io::Read::read_to_end(&mut file.open_stream("/WordDocument").unwrap(), &mut word).unwrap();
    // fcClx (FIB offset 0x1A2) far past the end of the table stream.
    word[0x1A2..0x1A6].copy_from_slice(&0x7FFF_FFF0u32.to_le_bytes());
    std::io::Write::write_all(&mut file.create_stream("/WordDocument").unwrap(), &word).unwrap();
    let bytes = file.into_inner().into_inner();
    let err = fenjie::convert("outside.doc", &bytes, &fenjie::Options::default()).unwrap_err();
    assert!(err.to_string().contains("piece table"), "{err}");
}

/// An `OpenDocument` spreadsheet whose one table is `rows` (XML of `<table:table-row>`s).
fn ods(rows: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:spreadsheet><table:table table:name="表1">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    crate::common::zip(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("content.xml", content.as_bytes()),
    ])
}

/// A row of string cells, as `LibreOffice` writes them.
fn ods_row(cells: &[&str]) -> String {
    let mut row = String::from("<table:table-row>");
    for c in cells {
        let _ = write!(
            row,
            r#"<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>"#
        );
    }
    row + "</table:table-row>"
}

fn ods_task_rows() -> String {
    ods_row(&["工作任务", "工作要求", "责任单位", "时限"])
        + &ods_row(&["一、公开", "及时公开政策文件。", "司法局", "10月底前"])
}

#[test]
fn a_stray_far_cell_in_an_ods_is_set_aside_and_named() {
    // A '.' in AMJ90000: 1,024 columns by 90,000 rows if it were laid out with the table.
    let far = format!(
        r#"{}<table:table-row table:number-rows-repeated="89997"><table:table-cell table:number-columns-repeated="1024"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="1023"/><table:table-cell office:value-type="string"><text:p>.</text:p></table:table-cell></table:table-row>"#,
        ods_task_rows()
    );
    let report = crate::common::convert("far.ods", &ods(&far)).unwrap();
    assert_eq!(report.tasks.len(), 1);
    let far: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == fenjie::Code::FarCell)
        .map(|d| format!("{} {}", d.location.as_ref().unwrap(), d.message))
        .collect();
    assert_eq!(far.len(), 1, "{:?}", report.diagnostics);
    assert!(far[0].starts_with("表1!AMJ90000 "), "{far:?}");
    assert!(far[0].ends_with("it holds \".\""), "{far:?}");
}

#[test]
fn a_cell_or_a_row_repeated_a_billion_times_in_an_ods_is_refused_at_once() {
    let started = std::time::Instant::now();
    let cell = format!(
        r#"{}<table:table-row><table:table-cell table:number-columns-repeated="1000000000" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#,
        ods_task_rows()
    );
    let e = error(&ods(&cell));
    assert_eq!(
        e,
        "cells in worksheets (at sheet 表1) exceeds the limit of 2000000 (see README.md, Limits)"
    );
    let row = format!(
        r#"{}<table:table-row table:number-rows-repeated="1000000000"><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell><table:table-cell table:number-columns-repeated="3"/></table:table-row>"#,
        ods_task_rows()
    );
    let e = error(&ods(&row));
    assert_eq!(
        e,
        "cells in worksheets (at sheet 表1) exceeds the limit of 2000000 (see README.md, Limits)"
    );
    // Rows and cells repeated beyond any sheet, empty, only move the position.
    let empty = format!(
        r#"{}<table:table-row table:number-rows-repeated="99999999999999"><table:table-cell table:number-columns-repeated="99999999999999"/></table:table-row>"#,
        ods_task_rows()
    );
    let report = crate::common::convert("empty.ods", &ods(&empty)).unwrap();
    assert_eq!(report.tasks.len(), 1);
    // A cell holding something past the last row a position can name is refused.
    let beyond = format!(
        r#"{}<table:table-row table:number-rows-repeated="99999999999999"/>{}"#,
        ods_task_rows(),
        ods_row(&["x"])
    );
    let e = error(&ods(&beyond));
    assert!(e.contains("exceeds the limit"), "{e}");
    // Not a timed test of speed: a guard that the limit stops the work instead of finishing it.
    assert!(started.elapsed().as_secs() < 10);
}

#[test]
fn a_broken_or_deep_ods_is_an_error_naming_its_part() {
    let broken = format!("{}<table:table-row><table:table-cell>", ods_task_rows());
    let e = error(&ods(&broken));
    assert!(e.starts_with("content.xml"), "{e}");
    let deep = format!(
        r#"{}<table:table-row><table:table-cell office:value-type="string"><text:p>{}x{}</text:p></table:table-cell></table:table-row>"#,
        ods_task_rows(),
        "<text:span>".repeat(1000),
        "</text:span>".repeat(1000)
    );
    let e = error(&ods(&deep));
    assert_eq!(
        e,
        "content.xml: XML nesting depth exceeds the limit of 256 (see README.md, Limits)"
    );
    let spaces = format!(
        r#"{}<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="99999999999"/>b</text:p></table:table-cell></table:table-row>"#,
        ods_task_rows()
    );
    let e = error(&ods(&spaces));
    assert!(e.contains("text of one cell exceeds the limit"), "{e}");
}

/// A stray cell far from the table in an Excel 97–2003 workbook (here the title, moved to
/// IV65536) is set aside before the sheet is laid out, and named with its text: the table
/// converts, in little memory, as it does from .xlsx and .ods.
#[test]
fn a_far_cell_in_an_xls_is_set_aside_and_named() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/huli-2022.xls"
    ))
    .unwrap();
    let mut file = cfb::CompoundFile::open(std::io::Cursor::new(bytes)).unwrap();
    let mut book = Vec::new();
    std::io::Read::read_to_end(&mut file.open_stream("/Workbook").unwrap(), &mut book).unwrap();
    // The first LABELSST cell moved to IV65536 (row 65535, column 255).
    let mut at = 0;
    while at + 4 <= book.len() {
        let kind = u16::from_le_bytes([book[at], book[at + 1]]);
        let len = u16::from_le_bytes([book[at + 2], book[at + 3]]) as usize;
        if kind == 0x00FD {
            book[at + 4..at + 6].copy_from_slice(&65535u16.to_le_bytes());
            book[at + 6..at + 8].copy_from_slice(&255u16.to_le_bytes());
            break;
        }
        at += 4 + len;
    }
    std::io::Write::write_all(&mut file.create_stream("/Workbook").unwrap(), &book).unwrap();
    let bytes = file.into_inner().into_inner();
    let report = crate::common::convert("far.xls", &bytes).unwrap();
    assert_eq!(report.tasks.len(), 28);
    let far: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == fenjie::Code::FarCell)
        .map(|d| format!("{} {}", d.location.as_ref().unwrap(), d.message))
        .collect();
    assert_eq!(far.len(), 1, "{:?}", report.diagnostics);
    assert!(far[0].contains("!IV65536 "), "{far:?}");
    assert!(
        far[0].ends_with("it holds \"2022年全区政务公开工作主要任务分解表\""),
        "{far:?}"
    );
}

#[test]
fn a_table_drawn_with_box_characters_is_named_in_the_error() {
    let text = "某市政府工作任务分解表\n┌────┬────┬────┐\n│工作任务│牵头单位│完成时限│\n├────┼────┼────┤\n│抓好财税工作│市财政局│年内│\n└────┴────┴────┘\n";
    let e = error(text.as_bytes());
    assert!(e.starts_with("no task table found"), "{e}");
    assert!(e.contains("box characters"), "{e}");
}

/// A workbook of one sheet given as its XML.
fn workbook(sheet: &[u8]) -> Vec<u8> {
    crate::common::zip(&[
        ("[Content_Types].xml", b"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>".as_slice()),
        ("_rels/.rels", b"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>".as_slice()),
        ("xl/workbook.xml", b"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Tasks\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>".as_slice()),
        ("xl/_rels/workbook.xml.rels", b"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>".as_slice()),
        ("xl/worksheets/sheet1.xml", sheet),
    ])
}

#[test]
fn one_merged_region_listed_many_times_gives_a_bounded_report() {
    let cell = |r: usize, c: char, text: &str| {
        format!("<c r=\"{c}{r}\" t=\"inlineStr\"><is><t>{text}</t></is></c>")
    };
    let mut rows = String::new();
    rows.push_str(&format!(
        "<row r=\"1\">{}{}{}{}</row>",
        cell(1, 'A', "工作任务"),
        cell(1, 'B', "工作要求"),
        cell(1, 'C', "责任单位"),
        cell(1, 'D', "时限")
    ));
    for r in 2..=400 {
        rows.push_str(&format!(
            "<row r=\"{r}\">{}{}{}{}</row>",
            cell(r, 'A', "加强监管"),
            cell(r, 'B', &format!("要求{r}")),
            cell(r, 'C', "司法局"),
            cell(r, 'D', "2022年12月底前")
        ));
    }
    let merges = "<mergeCell ref=\"B2:C400\"/>".repeat(30);
    let sheet = format!(
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{rows}</sheetData><mergeCells count=\"30\">{merges}</mergeCells></worksheet>"
    );
    let report = fenjie::convert(
        "merges.xlsx",
        &workbook(sheet.as_bytes()),
        &Options::default(),
    )
    .unwrap();
    let merge_warnings = report
        .diagnostics
        .iter()
        .filter(|d| d.code == fenjie::Code::MergeWithText)
        .count();
    assert!(
        merge_warnings <= fenjie::diagnostic::PER_CODE,
        "{merge_warnings}"
    );
    assert!(
        report.diagnostics.len() < 400,
        "{}",
        report.diagnostics.len()
    );
    let omitted = report
        .diagnostics
        .iter()
        .find(|d| d.code == fenjie::Code::Omitted)
        .expect("the rest are counted");
    assert!(
        omitted.message.contains("more merge-with-text diagnostics"),
        "{}",
        omitted.message
    );
}

/// A page that hides deep nesting from a careless pre-scan: each must be refused at the nesting
/// limit, quickly, not parsed for seconds.
#[test]
fn nesting_hidden_from_the_pre_scan_is_still_bounded() {
    let deep = "<div>".repeat(100_000);
    let pages = [
        // `<div/>` opens a div in HTML: the slash is ignored.
        format!("<!DOCTYPE html><html><body>{}x", "<div/>".repeat(100_000)),
        // A `<script>` in a comment or an attribute is no script.
        format!("<!DOCTYPE html><html><body><!-- <script> -->{deep}x"),
        format!("<!DOCTYPE html><html><body><p title=\"<script>\">{deep}x"),
        format!("<!DOCTYPE html><html><body><p title='a>b'>{deep}x"),
    ];
    for page in &pages {
        let started = std::time::Instant::now();
        let error = crate::common::error_with(page.as_bytes(), &Options::default());
        assert!(
            error.contains("nesting exceeds the limit of 256"),
            "{error}"
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
    // `<xmp>` and `<plaintext>` hold text: tags inside them nest nothing.
    for page in [
        format!("<html><body><xmp>{deep}</xmp><p>x</p></body></html>"),
        format!("<html><body><plaintext>{deep}"),
    ] {
        let error = crate::common::error_with(page.as_bytes(), &Options::default());
        assert!(!error.contains("nesting"), "{error}");
    }
}

#[test]
fn an_element_with_a_hundred_thousand_attributes_is_refused() {
    let mut attributes = String::new();
    for i in 0..100_000 {
        attributes.push_str(&format!(" a{i}=\"1\""));
    }
    let page = format!("<!DOCTYPE html><html><body><div{attributes}>工作任务</div></body></html>");
    let started = std::time::Instant::now();
    let error = crate::common::error_with(page.as_bytes(), &Options::default());
    assert!(
        error.contains("100000 attributes exceeds the limit of 1000"),
        "{error}"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

/// `bytes` with `words` in UTF-16 after them, padded to a whole sector: what a document whose
/// text mentions those words holds somewhere in its streams.
fn mentioning(bytes: &[u8], words: &str) -> Vec<u8> {
    let mut out = bytes.to_vec();
    out.extend(words.encode_utf16().flat_map(u16::to_le_bytes));
    out.resize(out.len().next_multiple_of(512), 0);
    out
}

#[test]
fn compound_files_are_known_by_their_directory_not_by_words_in_them() {
    let doc = legacy_word();
    let xls = std::fs::read(crate::common::fixture_path("huli-2022.xls")).unwrap();
    let options = fenjie::Options::default();
    let report = fenjie::convert("n.doc", &mentioning(&doc, "EncryptionInfo"), &options)
        .expect("a document that mentions EncryptionInfo is not password-protected");
    assert_eq!(report.source.format, fenjie::Format::Doc);
    let report = fenjie::convert("n.xls", &mentioning(&xls, "WordDocument"), &options)
        .expect("a workbook with a cell saying WordDocument is a workbook");
    assert_eq!(report.source.format, fenjie::Format::Xls);
    let e = error(&doc[..doc.len() / 2]);
    assert!(
        e.starts_with("cannot read the legacy Word document: the file is damaged or cut short"),
        "{e}"
    );
}

#[test]
fn a_stray_field_mark_in_a_legacy_word_file_ends_at_its_paragraph() {
    let mut doc = legacy_word();
    let word: Vec<u8> = "关于".encode_utf16().flat_map(u16::to_le_bytes).collect();
    let at = doc.windows(4).position(|w| w == word.as_slice()).unwrap();
    // A field-begin mark (0x13) in place of 关, never closed.
    doc[at..at + 2].copy_from_slice(&[0x13, 0x00]);
    let report = fenjie::convert("stray.doc", &doc, &fenjie::Options::default()).unwrap();
    assert_eq!(report.tasks.len(), 28);
    let warning = report
        .diagnostics
        .iter()
        .find(|d| d.code == fenjie::Code::FieldUnbalanced)
        .expect("the unclosed field is said");
    assert!(
        warning.message.contains("湖里区人民政府办公室于印发"),
        "{}",
        warning.message
    );
}

#[test]
fn pieces_that_all_name_the_same_text_are_refused() {
    let bytes = legacy_word();
    let mut file = cfb::CompoundFile::open(std::io::Cursor::new(bytes)).unwrap();
    let read = |file: &mut cfb::CompoundFile<_>, name: &str| {
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut file.open_stream(name).unwrap(), &mut out).unwrap();
        out
    };
    let mut word = read(&mut file, "/WordDocument");
    let flags = u16::from_le_bytes([word[0x0A], word[0x0B]]);
    let table_name = if flags & 0x0200 != 0 {
        "/1Table"
    } else {
        "/0Table"
    };
    let mut table = read(&mut file, table_name);
    // Ten pieces, each naming the same quarter of the stream: 2.5 times the text it holds.
    let n = 10u32;
    let chars = (word.len() / 8) as u32;
    let mut clx = vec![0x02];
    let mut plc = Vec::new();
    for i in 0..=n {
        plc.extend((i * chars).to_le_bytes());
    }
    for _ in 0..n {
        plc.extend([0, 0]);
        plc.extend(0u32.to_le_bytes());
        plc.extend([0, 0]);
    }
    clx.extend((plc.len() as u32).to_le_bytes());
    clx.extend(plc);
    let at = table.len() as u32;
    table.extend(&clx);
    // FibBase, csw and FibRgW97, cslw and FibRgLw97 (ccpText its fourth), then fcClx/lcbClx,
    // the 34th pair of FibRgFcLcb97.
    let csw = u16::from_le_bytes([word[32], word[33]]) as usize;
    let lw = 34 + csw * 2;
    let cslw = u16::from_le_bytes([word[lw], word[lw + 1]]) as usize;
    word[lw + 2 + 12..lw + 2 + 16].copy_from_slice(&(n * chars).to_le_bytes());
    let pair = lw + 2 + cslw * 4 + 2 + 33 * 8;
    word[pair..pair + 4].copy_from_slice(&at.to_le_bytes());
    word[pair + 4..pair + 8].copy_from_slice(&(clx.len() as u32).to_le_bytes());
    std::io::Write::write_all(&mut file.create_stream("/WordDocument").unwrap(), &word).unwrap();
    std::io::Write::write_all(&mut file.create_stream(table_name).unwrap(), &table).unwrap();
    let bytes = file.into_inner().into_inner();
    let err = error(&bytes);
    assert!(err.contains("its pieces overlap"), "{err}");
}

/// A layout table of 20,000 rows: whether it lays out the page is decided once, not per row.
#[test]
fn a_long_layout_table_is_read_in_linear_time() {
    let mut page = String::from("<!DOCTYPE html><html><body><table>");
    for i in 0..20_000 {
        page.push_str(&format!("<tr><td>第{i}段文字</td></tr>"));
    }
    page.push_str("</table></body></html>");
    let started = std::time::Instant::now();
    let result = fenjie::convert("long.html", page.as_bytes(), &Options::default());
    assert!(result.is_err(), "no task table in it");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
}

/// A one-page PDF that draws `content` and holds no font: what a scanner's PDF is to a reader
/// of text (its image aside). No cross-reference table: readers rebuild it.
fn pdf_page(content: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n\
         2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n\
         3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>> endobj\n\
         4 0 obj <</Length {}>> stream\n{content}\nendstream endobj\n\
         trailer <</Root 1 0 R>>\n%%EOF\n",
        content.len()
    )
    .into_bytes()
}

#[test]
fn a_pdf_without_text_is_a_scan_that_needs_ocr() {
    let e = error(&pdf_page("0 0 m 300 300 l S"));
    assert!(
        e.starts_with("the PDF has no usable text layer (its pages are scanned images)"),
        "{e}"
    );
    assert!(e.contains("OCR"), "{e}");
}

#[test]
fn a_pdf_restricted_only_in_printing_or_copying_is_read() {
    // Encrypted with an empty user password (an owner password guards printing), as many
    // published notices are.
    let options = Options::default();
    let report = fenjie::convert("n.pdf", &hostile("print-restricted.pdf"), &options).unwrap();
    assert_eq!(report.tasks.len(), 6);
}

#[test]
fn a_pdf_cut_short_or_damaged_anywhere_fails_cleanly() {
    let whole = std::fs::read(crate::common::fixture_path(
        "lists/a-brackets-district.docx.pdf",
    ))
    .unwrap();
    let options = Options::default();
    let started = std::time::Instant::now();
    // Cut at many places, and with runs of bytes overwritten: a report or an error, never a
    // panic.
    let mut inputs: Vec<Vec<u8>> = (1..40)
        .map(|i| whole[..whole.len() * i / 40].to_vec())
        .collect();
    let mut rng = fastrand::Rng::with_seed(26);
    for _ in 0..40 {
        let mut damaged = whole.clone();
        let at = rng.usize(..damaged.len());
        let len = rng.usize(1..64).min(damaged.len() - at);
        for b in &mut damaged[at..at + len] {
            *b = rng.u8(..);
        }
        inputs.push(damaged);
    }
    for bytes in &inputs {
        let outcome = std::panic::catch_unwind(|| fenjie::convert("x.pdf", bytes, &options));
        assert!(
            outcome.is_ok(),
            "a damaged PDF of {} bytes panicked",
            bytes.len()
        );
    }
    assert!(
        error(b"%PDF-1.7\n").starts_with("cannot read the PDF: the file is damaged"),
        "{}",
        error(b"%PDF-1.7\n")
    );
    assert!(started.elapsed() < std::time::Duration::from_mins(1));
}

#[test]
fn a_pdf_page_drawing_too_much_stops_at_the_limit() {
    let content = "BT ET ".repeat(10) + &"0 0 m 1 1 l S ".repeat(5_000);
    let options = with_limits(Limits {
        page_marks: 1_000,
        ..Limits::default()
    });
    let e = error_with(&pdf_page(&content), &options);
    assert!(e.contains("exceeds the limit of 1000"), "{e}");
    let options = with_limits(Limits {
        pages: 0,
        ..Limits::default()
    });
    let e = error_with(&pdf_page("0 0 m 1 1 l S"), &options);
    assert!(
        e.contains("the PDF's 1 pages exceeds the limit of 0"),
        "{e}"
    );
}

/// Formatting elements left open (`<b><i><font>` a hundred times) are re-created by the tree
/// builder in every later block: the page is parsed without their tags, so sixty thousand
/// paragraphs after them cost what they cost alone, and formatted items still read.
#[test]
fn formatting_elements_left_open_before_many_paragraphs_stay_bounded() {
    let page = format!(
        "<html><body>{}<p>1.推进农村公路建设。（县交通运输局负责，年底前完成）</p>{}</body></html>",
        "<b><i><font color=red><u><s>".repeat(100),
        "<p>工作进展情况</p>".repeat(60_000)
    );
    let started = std::time::Instant::now();
    let report = fenjie::convert("page.html", page.as_bytes(), &Options::default()).unwrap();
    assert_eq!(report.tasks.len(), 1);
    assert_eq!(report.tasks[0].responsible.units[0].name, "县交通运输局");
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}

/// Thousands of lines that each could name a column (`工作任务` again and again) are no header:
/// each is looked at within a window, not against the rest of the text.
#[test]
fn thousands_of_header_words_in_a_row_stay_bounded() {
    let text = "工作任务\n".repeat(20_000);
    let page = format!(
        "<html><body>{}</body></html>",
        "<p>工作任务</p>".repeat(20_000)
    );
    for (name, bytes) in [("text", text.as_bytes()), ("page", page.as_bytes())] {
        let started = std::time::Instant::now();
        let error = crate::common::error_with(bytes, &Options::default());
        assert!(error.contains("no task table"), "{name}: {error}");
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "{name}"
        );
    }
}
