use super::assemble::assemble;
use super::marks::{Glyph, Segment};
use super::*;
use crate::grid::Grid;
use crate::ingest::Block;

const SIZE: f64 = 10.0;

/// A page of A4's width whose text column runs from x = 50 to 550.
fn page() -> Marks {
    Marks {
        width: 600.0,
        height: 840.0,
        ..Marks::default()
    }
}

/// Writes `text` on the baseline `y` from `x`, a Chinese character an em wide.
fn write(marks: &mut Marks, text: &str, x: f64, y: f64) {
    let mut x = x;
    for c in text.chars() {
        let width = if c.is_ascii() { SIZE / 2.0 } else { SIZE };
        marks.glyphs.push(Glyph {
            text: c.to_string(),
            x,
            y,
            width,
            size: SIZE,
        });
        x += width;
    }
}

/// Draws a ruled table from `top` with columns at `xs`, rows 20 points high, and writes
/// each cell's text in it.
fn table(marks: &mut Marks, top: f64, xs: &[f64], rows: &[&[&str]]) {
    let bottom = top + 20.0 * rows.len() as f64;
    for r in 0..=rows.len() {
        let y = top + 20.0 * r as f64;
        marks.horizontal.push(Segment {
            at: y,
            from: xs[0],
            to: xs[xs.len() - 1],
        });
    }
    for &x in xs {
        marks.vertical.push(Segment {
            at: x,
            from: top,
            to: bottom,
        });
    }
    for (r, cells) in rows.iter().enumerate() {
        for (c, text) in cells.iter().enumerate() {
            write(marks, text, xs[c] + 2.0, top + 20.0 * r as f64 + 14.0);
        }
    }
}

fn document(pages: &[Marks]) -> Document {
    check_text(pages).expect("the pages hold text");
    let mut laid: Vec<PageContent> = pages
        .iter()
        .enumerate()
        .map(|(i, m)| lay_out(m, i as u32 + 1).expect("the test pages are small"))
        .collect();
    drop_furniture(&mut laid);
    assemble(laid, &ReadOptions::default())
}

fn rows(grid: &Grid) -> Vec<Vec<String>> {
    (0..grid.rows.len())
        .map(|r| {
            (0..grid.width())
                .map(|c| grid.value(r, c).text().into_owned())
                .collect()
        })
        .collect()
}

const XS: [f64; 4] = [50.0, 100.0, 400.0, 550.0];

#[test]
fn a_table_over_two_pages_is_one_grid_without_the_repeated_header() {
    let mut one = page();
    table(
        &mut one,
        100.0,
        &XS,
        &[
            &["序号", "工作任务", "责任单位"],
            &["1", "制定目录", "司法局"],
        ],
    );
    let mut two = page();
    table(
        &mut two,
        60.0,
        &XS,
        &[
            &["序号", "工作任务", "责任单位"],
            &["2", "公开文件", "财政局"],
        ],
    );
    let doc = document(&[one, two]);
    assert_eq!(doc.grid_count(), 1);
    let grid = &doc.grids().next().unwrap();
    assert_eq!(
        rows(grid),
        [
            ["序号", "工作任务", "责任单位"],
            ["1", "制定目录", "司法局"],
            ["2", "公开文件", "财政局"]
        ]
    );
    assert_eq!(
        grid.location(2, Some(1)).to_string(),
        "page 2, table 1, row 3, column 2"
    );
}

#[test]
fn a_row_cut_by_a_page_break_is_joined() {
    let mut one = page();
    table(
        &mut one,
        100.0,
        &XS,
        &[
            &["序号", "工作任务", "责任单位"],
            &["1", "制定目录", "司法局"],
        ],
    );
    let mut two = page();
    table(
        &mut two,
        60.0,
        &XS,
        &[&["", "并及时公开", ""], &["2", "公开文件", "财政局"]],
    );
    let doc = document(&[one, two]);
    assert_eq!(
        rows(doc.grids().next().unwrap()),
        [
            ["序号", "工作任务", "责任单位"],
            ["1", "制定目录并及时公开", "司法局"],
            ["2", "公开文件", "财政局"]
        ]
    );
}

#[test]
fn tables_apart_on_one_page_stay_apart() {
    let mut one = page();
    table(&mut one, 100.0, &XS, &[&["序号", "工作任务", "责任单位"]]);
    write(&mut one, "二、其他任务", 50.0, 160.0);
    table(&mut one, 200.0, &XS, &[&["序号", "工作任务", "责任单位"]]);
    let doc = document(&[one]);
    assert_eq!(doc.grid_count(), 2);
    assert_eq!(doc.paragraphs().next().unwrap().text, "二、其他任务");
    let kinds: Vec<bool> = doc.blocks().map(|b| matches!(b, Block::Table(_))).collect();
    assert_eq!(kinds, [true, false, true]);
}

#[test]
fn page_numbers_and_running_heads_are_dropped() {
    let mut pages = Vec::new();
    for (n, body) in [(1, "第一页正文。"), (2, "第二页正文。")] {
        let mut p = page();
        write(&mut p, "湖里区人民政府办公室文件", 50.0, 40.0);
        write(&mut p, body, 50.0, 200.0);
        write(&mut p, &format!("— {n} —"), 280.0, 810.0);
        pages.push(p);
    }
    let doc = document(&pages);
    let texts: Vec<&str> = doc.paragraphs().map(|p| p.text.as_str()).collect();
    assert_eq!(texts, ["第一页正文。", "第二页正文。"]);
    assert_eq!(
        doc.paragraphs().nth(1).unwrap().location.to_string(),
        "page 2, paragraph 2"
    );
}

#[test]
fn a_paragraph_goes_on_over_a_page_break() {
    let full = "为进一步加强全区政务公开工作明确任务落实责任有效提升政务公开规范化水平现将分解表印发给你们";
    assert_eq!(full.chars().count(), 45);
    let mut one = page();
    // Two full lines: the text column is known to end at 550.
    write(&mut one, "一二三四五", 70.0, 100.0);
    write(&mut one, &"政务公开".repeat(13)[..150], 50.0, 120.0);
    write(&mut one, &format!("{full}工作分解表"), 50.0, 780.0);
    let mut two = page();
    write(&mut two, "请认真组织实施。", 50.0, 80.0);
    let doc = document(&[one, two]);
    let last = doc.paragraphs().last().unwrap();
    assert_eq!(last.text, format!("{full}工作分解表请认真组织实施。"));
    assert_eq!(last.location.to_string(), "page 1, paragraph 3");
}

#[test]
fn pages_without_text_or_with_one_repeated_character_need_ocr() {
    let mut scan = page();
    scan.horizontal.push(Segment {
        at: 10.0,
        from: 0.0,
        to: 100.0,
    });
    let e = check_text(&[scan]).unwrap_err();
    assert!(e.to_string().contains("scanned images"), "{e}");
    let mut boxes = page();
    write(&mut boxes, &"厦".repeat(30), 50.0, 100.0);
    write(&mut boxes, "2022年", 50.0, 120.0);
    let e = check_text(&[boxes]).unwrap_err();
    assert!(e.to_string().contains("one character repeated"), "{e}");
    assert!(e.to_string().contains("OCR"), "{e}");
}

#[test]
fn a_table_without_rulings_is_read_from_its_columns() {
    let mut one = page();
    write(&mut one, "附件", 50.0, 80.0);
    for (y, cells) in [
        (100.0, ["序号", "工作任务", "责任单位"]),
        (120.0, ["1", "制定目录", "司法局"]),
        (154.0, ["2", "公开文件", "财政局"]),
    ] {
        for (x, text) in [50.0, 100.0, 400.0].into_iter().zip(cells) {
            write(&mut one, text, x, y);
        }
    }
    // A second line of item 1's task (it stops short of the column's edge: a line break).
    write(&mut one, "并公开", 100.0, 134.0);
    let doc = document(&[one]);
    assert_eq!(doc.grid_count(), 1);
    assert_eq!(
        rows(doc.grids().next().unwrap()),
        [
            ["序号", "工作任务", "责任单位"],
            ["1", "制定目录\n并公开", "司法局"],
            ["2", "公开文件", "财政局"]
        ]
    );
    assert_eq!(doc.paragraphs().next().unwrap().text, "附件");
}

#[test]
fn blocks_come_in_page_order() {
    let mut one = page();
    write(&mut one, "附件", 50.0, 80.0);
    table(&mut one, 100.0, &XS, &[&["序号", "工作任务", "责任单位"]]);
    let doc = document(&[one]);
    let kinds: Vec<&str> = doc
        .blocks()
        .map(|b| match b {
            Block::Paragraph(_) => "paragraph",
            Block::Table(_) => "table",
        })
        .collect();
    assert_eq!(kinds, ["paragraph", "table"]);
}
