//! Side by side: docx-rs's reader and fenjie's streaming reader on the same documents. Run with
//! `cargo run --release --example docx_reader_comparison`; it prints what each reader does with a
//! table width in centimetres, a hyperlink in a cell, a `w:tblHeader` row, and a 3,000-row table.
//! Peak memory: run it under `/usr/bin/time -v` with the argument `docx-rs`, `fenjie`, or `build`
//! (only building the document, the baseline to subtract).

#[path = "../tests/integration/common/mod.rs"]
mod common;

use std::time::Instant;

use common::{cell, docx, header4, p, tbl, tc, tr};

fn row(i: usize) -> String {
    tr(&[
        if i.is_multiple_of(6) {
            tc(
                "<w:vMerge w:val=\"restart\"/>",
                &p(&format!("{}、任务", i / 6 + 1)),
            )
        } else {
            tc("<w:vMerge/>", "<w:p/>")
        },
        cell(&format!(
            "第{i}项要求：持续推进政务公开，及时发布政策文件并做好解读。"
        )),
        cell("司法局牵头，各街道办、区直各部门配合"),
        cell("10月底前"),
    ])
}

fn big(rows: usize) -> Vec<u8> {
    let mut all = vec![header4()];
    all.extend((0..rows).map(row));
    docx(&tbl("", 4, &all))
}

/// All text docx-rs's reader exposes for a document, through its JSON form.
fn docx_rs_text(bytes: &[u8]) -> Result<String, String> {
    match std::panic::catch_unwind(|| docx_rs::read_docx(bytes)) {
        Ok(Ok(doc)) => Ok(doc.json()),
        Ok(Err(e)) => Err(format!("error: {e}")),
        Err(_) => Err("panicked".into()),
    }
}

/// fenjie's grids in a form the same needles find (`repeat_header: true` → `eader":true`).
fn fenjie_text(bytes: &[u8]) -> Result<String, String> {
    fenjie::ingest::read(bytes, &Default::default())
        .map(|d| {
            format!("{:?}", d.grids().collect::<Vec<_>>())
                .replace("repeat_header: true", "header\":true")
        })
        .map_err(|e| e.to_string())
}

fn main() {
    let which = std::env::args().nth(1);
    let table = big(3_000);
    match which.as_deref() {
        Some("docx-rs") => {
            let _ = docx_rs::read_docx(&table).map(|d| d.document.children.len());
            return;
        }
        Some("build") => return,
        Some("fenjie") => {
            let _ = fenjie::ingest::read(&table, &Default::default()).map(|d| d.grid_count());
            return;
        }
        _ => {}
    }
    std::panic::set_hook(Box::new(|_| {}));
    let rows = |props: &str, req: String| {
        docx(&tbl(
            props,
            4,
            &[
                header4(),
                tr(&[cell("一、甲"), tc("", &req), cell("司法局"), cell("年底前")]),
            ],
        ))
    };
    let cm = rows("<w:tblW w:w=\"15cm\" w:type=\"dxa\"/>", p("普通文字"));
    let link = rows(
        "",
        "<w:p><w:hyperlink r:id=\"rId9\"><w:r><w:t>超链接里的字</w:t></w:r></w:hyperlink></w:p>"
            .into(),
    );
    let header_row = docx(&tbl(
        "",
        4,
        &[format!(
            "<w:tr><w:trPr><w:tblHeader/></w:trPr>{}</w:tr>",
            [
                cell("工作任务"),
                cell("工作要求"),
                cell("责任单位"),
                cell("时限")
            ]
            .concat()
        )],
    ));
    for (what, bytes, needle) in [
        ("table width 15cm", &cm, "普通文字"),
        ("hyperlink in a cell", &link, "超链接里的字"),
        ("w:tblHeader row", &header_row, "eader\":true"),
    ] {
        let show = |r: Result<String, String>| match r {
            Ok(text) if text.contains(needle) => format!("read, {needle:?} present"),
            Ok(_) => format!("read, {needle:?} absent"),
            Err(e) => e,
        };
        println!(
            "{what:22} docx-rs: {:32} fenjie: {}",
            show(docx_rs_text(bytes)),
            show(fenjie_text(bytes))
        );
    }
    let runs = 5;
    let time = |f: &dyn Fn()| {
        let mut best = f64::MAX;
        for _ in 0..runs {
            let t = Instant::now();
            f();
            best = best.min(t.elapsed().as_secs_f64());
        }
        best
    };
    let a = time(&|| {
        let _ = docx_rs::read_docx(&table);
    });
    let b = time(&|| {
        let _ = fenjie::ingest::read(&table, &Default::default());
    });
    println!(
        "3,000-row table ({} KB): docx-rs {:.1} ms, fenjie {:.1} ms ({:.1}×), best of {runs}",
        table.len() / 1024,
        a * 1e3,
        b * 1e3,
        a / b
    );
}
