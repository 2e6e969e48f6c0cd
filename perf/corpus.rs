//! Generated notices in the shape of the real ones: a header block, then a four-column table
//! (工作任务 | 工作要求 | 责任单位 | 时限) whose section headings stand in the task column merged down
//! over their items, explicit and implicit item numbers, some cells holding two numbered items,
//! and the unit and deadline phrases real notices use. Deterministic from a seed. Written as
//! .docx (docx-rs), .xlsx (`rust_xlsxwriter`) and UTF-8 text.
//!
//! Shared by `examples/make_corpus.rs` and `benches/stages.rs`.

#![allow(dead_code)]

use std::fmt::Write as _;

const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

const TOPICS: &[&str] = &[
    "持续推进行政决策公开",
    "持续加强重点领域信息公开",
    "持续提升基层政务公开水平",
    "持续做好政策解读回应",
    "持续加强公开平台建设",
    "持续强化工作指导监管",
];

const REQUIREMENTS: &[&str] = &[
    "认真贯彻落实《重大行政决策程序暂行条例》，制定完善重大行政决策事项目录，根据决策事项的推进情况依法公开。",
    "在政府信息公开规范性文件专栏集中公开本单位所有现行有效的行政规范性文件，并及时动态更新。",
    "通过政府门户网站建设统一的智能化政策问答平台，围绕各类高频政策咨询事项，以视频、图解、文字等形式予以解答。",
    "严格执行疫情防控信息发布各项制度，及时更新发布防控政策和疫情防控进展信息，保护个人隐私。",
    "进一步加大受疫情影响重的餐饮、住宿、零售、文化、旅游等行业帮扶政策的公开力度，促进稳就业和消费恢复。",
    "建立市场主体反映投资和工程建设项目审批问题的办理和反馈机制，及时回应和解决“堵点”问题。",
    "系统梳理、集成发布、智能推送已出台的各项减税降费政策措施，帮助纳税人第一时间全面准确了解政策。",
    "持续加强基层政务公开专区建设，持续优化政府信息查询等服务，推动政务服务公开与社区务公开联动。",
];

const UNITS: &[&str] = &[
    "区政府办牵头、司法局配合",
    "司法局牵头，各街道办、区直各部门配合",
    "各街道办、区直各部门",
    "政府办",
    "工信局、审批局牵头，各街道办、区直各部门配合",
    "工信局、财政局、人社局、商务局、文旅局",
    "发改局、建设局",
    "教育局、卫健委",
    "市场监管局、人社局、民政局",
    "由司法局牵头，各有关单位按职责分工负责",
];

const DEADLINES: &[&str] = &[
    "持续推进",
    "10月底前",
    "年底前",
    "9月底前",
    "6月底前完成，长期坚持",
    "每季度",
    "按要求",
    "三季度末",
    "长期坚持",
    "2022年12月31日前",
];

/// One row of the table.
#[derive(Debug, Clone)]
pub struct Row {
    /// The section heading, on the first row of each section (merged down over the others).
    pub section: Option<String>,
    /// Number written in the task column (`7`), when the row carries one there.
    pub number_in_task: Option<u32>,
    /// Requirement paragraphs: one, or two numbered items sharing the row.
    pub items: Vec<String>,
    pub units: &'static str,
    pub deadline: &'static str,
    /// Rows the section cell spans, on its first row.
    pub span: usize,
}

/// `count` table rows: about one row in eight holds two numbered items; every third section
/// lost its heading and writes item numbers in the task column instead.
pub fn rows(count: usize, seed: u64) -> Vec<Row> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut out: Vec<Row> = Vec::new();
    let mut number = 1u32;
    let mut section = 0usize;
    while out.len() < count {
        let len = rng.usize(4..10);
        let numbered = section % 3 == 1;
        let first = out.len();
        for i in 0..len {
            if out.len() >= count {
                break;
            }
            let two = rng.u8(0..8) == 0;
            // Each requirement is unique, as in a real notice: a common clause and the item's own.
            let text = |n: u32, rng: &mut fastrand::Rng| {
                format!(
                    "{}第{n}项工作按月报送进展。",
                    REQUIREMENTS[rng.usize(0..REQUIREMENTS.len())]
                )
            };
            let req = |n: u32, rng: &mut fastrand::Rng| format!("{n} {}", text(n, rng));
            let items_here = if two {
                let a = req(number, &mut rng);
                let b = req(number + 1, &mut rng);
                number += 2;
                vec![a, b]
            } else {
                let one = text(number, &mut rng);
                number += 1;
                vec![one]
            };
            let n_here = number - items_here.len() as u32;
            out.push(Row {
                section: (i == 0 && !numbered).then(|| {
                    format!(
                        "{}、{}",
                        NUMERALS[section % 10],
                        TOPICS[section % TOPICS.len()]
                    )
                }),
                number_in_task: (numbered && items_here.len() == 1).then_some(n_here),
                items: items_here,
                units: UNITS[rng.usize(0..UNITS.len())],
                deadline: DEADLINES[rng.usize(0..DEADLINES.len())],
                span: 1,
            });
        }
        if !numbered {
            let span = out.len() - first;
            out[first].span = span;
        }
        section += 1;
    }
    out
}

const HEADER: [&str; 4] = ["工作任务", "工作要求", "责任单位", "时限"];

/// A number told from the rows' text (FNV-1a), the same in every form: notices of different
/// seeds carry different document numbers, so they are different notices (a batch
/// into a database stores each of them), as the notices of a real folder are; the workbooks,
/// which carry the title alone, are one notice stored again (its rows replaced). Five digits, as a
/// document number has: of 1,000 notices, a few share one, as re-saved notices in a real folder
/// do.
fn serial(rows: &[Row]) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for row in rows {
        for byte in row.items.iter().flat_map(|t| t.bytes()) {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash % 100_000
}

fn preamble(rows: &[Row]) -> Vec<String> {
    vec![
        "厦门市湖里区人民政府办公室".into(),
        format!("厦湖府办函〔2022〕{}号", serial(rows)),
        "湖里区人民政府办公室关于印发2022年全区政务公开工作主要任务分解表的通知".into(),
        "各街道办事处，区直各部门，各有关单位：".into(),
        "现将《2022年全区政务公开工作主要任务分解表》印发给你们，请认真组织实施。".into(),
        "厦门市湖里区人民政府办公室".into(),
        "2022年7月28日".into(),
        "附件".into(),
        "2022年全区政务公开工作主要任务分解表".into(),
    ]
}

fn task_cell(row: &Row) -> String {
    match (&row.section, row.number_in_task) {
        (Some(s), _) => s.clone(),
        (None, Some(n)) => n.to_string(),
        (None, None) => String::new(),
    }
}

/// The notice as UTF-8 text, cells separated by tabs; the header repeats every 40 rows (page
/// breaks) and several items in one cell are written as `<p>…</p>`.
pub fn text(rows: &[Row]) -> String {
    let mut out = String::new();
    for line in preamble(rows) {
        out.push_str(&line);
        out.push_str("\n\n");
    }
    for (i, row) in rows.iter().enumerate() {
        if i % 40 == 0 {
            out.push_str(&HEADER.join("\t"));
            out.push('\n');
        }
        let requirement = if row.items.len() > 1 {
            row.items
                .iter()
                .map(|t| format!("<p>{t}</p>"))
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            row.items[0].clone()
        };
        let _ = writeln!(
            out,
            "{}\t{requirement}\t{}\t{}",
            task_cell(row),
            row.units,
            row.deadline
        );
    }
    out
}

/// The same items as a paragraph notice: each section a `一、` heading, each item a numbered
/// paragraph closed by its units and deadline in brackets (`1. ……（司法局牵头，10月底前）`).
pub fn list(rows: &[Row]) -> String {
    let mut out = String::new();
    for line in preamble(rows) {
        out.push_str(&line);
        out.push('\n');
    }
    let (mut section, mut item) = (0usize, 0u32);
    for row in rows {
        if let Some(title) = &row.section {
            section += 1;
            let numeral = NUMERALS[(section - 1) % NUMERALS.len()];
            let title = title.split_once('、').map_or(title.as_str(), |(_, t)| t);
            let _ = writeln!(out, "{numeral}、{title}");
        }
        for text in &row.items {
            item += 1;
            // Items sharing a table cell carry their number (`7 ……`); the paragraph has its own.
            let text = text
                .split_once(' ')
                .filter(|(n, _)| n.chars().all(|c| c.is_ascii_digit()))
                .map_or(text.as_str(), |(_, t)| t);
            let text = text.trim_end_matches('。');
            let _ = writeln!(out, "{item}. {text}。（{}，{}）", row.units, row.deadline);
        }
    }
    out
}

/// The notice as a web page: the preamble as paragraphs, the table with its section cells
/// spanning their rows (`rowspan`), as published pages carry it.
pub fn html(rows: &[Row]) -> String {
    let mut out = String::from(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>分解表</title></head><body><div class=\"article\">\n",
    );
    for line in preamble(rows) {
        let _ = writeln!(out, "<p>{line}</p>");
    }
    out.push_str("<table border=\"1\"><tr>");
    for h in HEADER {
        let _ = write!(out, "<td>{h}</td>");
    }
    out.push_str("</tr>\n");
    // Rows still under the section cell's rowspan have no task cell of their own.
    let mut covered = 0usize;
    for row in rows {
        out.push_str("<tr>");
        match (&row.section, row.number_in_task) {
            (Some(s), _) => {
                let _ = write!(out, "<td rowspan=\"{}\">{s}</td>", row.span.max(1));
                covered = row.span.saturating_sub(1);
            }
            (None, Some(n)) => {
                let _ = write!(out, "<td>{n}</td>");
            }
            (None, None) if covered > 0 => covered -= 1,
            (None, None) => out.push_str("<td></td>"),
        }
        out.push_str("<td>");
        for item in &row.items {
            let _ = write!(out, "<p>{item}</p>");
        }
        let _ = writeln!(
            out,
            "</td><td>{}</td><td>{}</td></tr>",
            row.units, row.deadline
        );
    }
    out.push_str("</table></div></body></html>\n");
    out
}

/// The notice as .docx: body paragraphs and one table, the section cells merged with w:vMerge,
/// the header row marked w:tblHeader.
pub fn docx(rows: &[Row]) -> Vec<u8> {
    use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow, VMergeType};
    let para = |t: &str| Paragraph::new().add_run(Run::new().add_text(t));
    let mut doc = Docx::new();
    for line in preamble(rows) {
        doc = doc.add_paragraph(para(&line));
    }
    let mut table_rows = vec![TableRow::new(
        HEADER
            .iter()
            .map(|h| TableCell::new().add_paragraph(para(h)))
            .collect(),
    )];
    let mut open_section = 0usize;
    for row in rows {
        let task = if row.section.is_some() {
            open_section = row.span.saturating_sub(1);
            let cell = TableCell::new().add_paragraph(para(&task_cell(row)));
            if row.span > 1 {
                cell.vertical_merge(VMergeType::Restart)
            } else {
                cell
            }
        } else if open_section > 0 {
            open_section -= 1;
            TableCell::new()
                .add_paragraph(Paragraph::new())
                .vertical_merge(VMergeType::Continue)
        } else {
            TableCell::new().add_paragraph(para(&task_cell(row)))
        };
        let mut requirement = TableCell::new();
        for item in &row.items {
            requirement = requirement.add_paragraph(para(item));
        }
        table_rows.push(TableRow::new(vec![
            task,
            requirement,
            TableCell::new().add_paragraph(para(row.units)),
            TableCell::new().add_paragraph(para(row.deadline)),
        ]));
    }
    doc = doc.add_table(Table::new(table_rows));
    let mut buf = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut buf).expect("an in-memory docx packs");
    deflate(&buf.into_inner())
}

/// docx-rs stores its parts uncompressed; Word deflates them. Repack so the files have the size
/// and the inflating cost of real ones.
fn deflate(stored: &[u8]) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(stored)).expect("docx-rs writes a zip");
    let mut out = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut out);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("an entry");
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("a readable entry");
        writer
            .start_file(
                String::from_utf8_lossy(entry.name_raw()).into_owned(),
                options,
            )
            .expect("a new entry");
        writer.write_all(&bytes).expect("written");
    }
    writer.finish().expect("a finished zip");
    out.into_inner()
}

/// The notice as .xlsx: a title row merged across, the header, section cells merged down, two
/// items in one cell separated by a line break.
pub fn xlsx(rows: &[Row]) -> Vec<u8> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("分解表").expect("a valid sheet name");
    let plain = Format::new();
    sheet
        .merge_range(0, 0, 0, 3, "2022年全区政务公开工作主要任务分解表", &plain)
        .expect("a valid merge");
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).expect("a valid cell");
    }
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 2;
        if row.section.is_some() && row.span > 1 {
            sheet
                .merge_range(r, 0, r + row.span as u32 - 1, 0, &task_cell(row), &plain)
                .expect("a valid merge");
        } else if row.section.is_some() || row.number_in_task.is_some() {
            sheet
                .write_string(r, 0, task_cell(row))
                .expect("a valid cell");
        }
        sheet
            .write_string(r, 1, row.items.join("\n"))
            .expect("a valid cell");
        sheet.write_string(r, 2, row.units).expect("a valid cell");
        sheet
            .write_string(r, 3, row.deadline)
            .expect("a valid cell");
    }
    book.save_to_buffer().expect("an in-memory workbook saves")
}
