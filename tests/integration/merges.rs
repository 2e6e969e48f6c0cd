//! Merged regions and padding cost what the file holds: a small file whose one cell is merged
//! over a million positions, or whose rows span far more columns than they fill, is read (or
//! refused at a limit) in bounded time and memory. Each case runs the real binary and watches its
//! peak resident memory.

use std::fmt::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::{docx, header4, p, tbl, tc, tr};

/// Peak memory a case may use.
const MEMORY_KIB: u64 = 200 * 1024;
/// Time a case may take. The issue's bound is 2 s for an optimised build; the tests run
/// unoptimised, several at once, on shared machines, so they allow more.
const TIME: Duration = Duration::from_secs(20);

/// Converts `bytes` (saved as `name`) with the binary; returns its exit code, its time and its
/// peak resident memory (`VmHWM`) as last seen while it ran.
fn run_watched(name: &str, bytes: &[u8]) -> (Option<i32>, Duration, u64) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join(name);
    std::fs::write(&input, bytes).unwrap();
    let started = Instant::now();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_fenjie"))
        .args(["convert", name, "-o", "out.json"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the binary runs");
    let status = Path::new("/proc")
        .join(child.id().to_string())
        .join("status");
    let mut peak = 0u64;
    let code = loop {
        if let Ok(text) = std::fs::read_to_string(&status)
            && let Some(kib) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            peak = peak.max(kib);
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if started.elapsed() > TIME * 3 {
            let _ = child.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    (code, started.elapsed(), peak)
}

fn assert_bounded(name: &str, bytes: &[u8]) -> Option<i32> {
    let (code, elapsed, peak) = run_watched(name, bytes);
    assert!(code.is_some(), "{name}: did not finish in {:?}", TIME * 3);
    assert!(elapsed < TIME, "{name}: took {elapsed:?}");
    assert!(
        peak < MEMORY_KIB,
        "{name}: peak memory {} MiB of {} MiB",
        peak / 1024,
        MEMORY_KIB / 1024
    );
    code
}

#[test]
fn one_string_merged_over_a_million_sheet_cells_is_held_once() {
    // As long as a spreadsheet cell holds (32,767 characters): 94 KB, a million times over
    // were every covered cell a copy.
    let big = "公开重大行政决策事项目录。".repeat(2500);
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["工作任务", "工作要求", "责任单位", "时限"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    // A2:ALL1001: 1000 rows by 1000 columns.
    sheet
        .merge_range(1, 0, 1000, 999, &big, &rust_xlsxwriter::Format::new())
        .unwrap();
    // A note under the region makes the sheet's used range the whole region.
    sheet.write_string(1001, 998, "注：以上任务").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    assert!(bytes.len() < 100_000, "{} bytes", bytes.len());
    // No item is read from the region (a no-items error, exit 1); what is tested is the bound.
    assert_eq!(assert_bounded("merged.xlsx", &bytes), Some(1));
}

#[test]
fn a_cell_spanning_the_grid_and_merged_down_a_thousand_rows_is_held_once() {
    let text = "公开重大行政决策事项目录。".repeat(200);
    let mut rows = vec![header4()];
    rows.push(tr(&[tc(
        r#"<w:gridSpan w:val="1000"/><w:vMerge w:val="restart"/>"#,
        &p(&text),
    )]));
    let covered = tr(&[tc(r#"<w:gridSpan w:val="1000"/><w:vMerge/>"#, "<w:p/>")]);
    rows.extend(std::iter::repeat_n(covered, 1500));
    let bytes = docx(&tbl("", 1000, &rows));
    assert!(bytes.len() < 100_000, "{} bytes", bytes.len());
    assert_bounded("merged.docx", &bytes);
}

#[test]
fn rowspans_and_colspans_past_the_table_cost_nothing() {
    // Each row's cell spans 1000 rows and 100 columns: a browser stops the rows at the table's
    // end, and the regions push each row's cell to the right of those above it.
    let mut page = String::from(
        "<html><body><table><tr><td>工作任务</td><td>工作要求</td><td>责任单位</td><td>时限</td></tr>",
    );
    for i in 0..3000 {
        write!(
            page,
            r#"<tr><td rowspan="1000" colspan="100">任务{i}</td></tr>"#
        )
        .unwrap();
    }
    page.push_str("</table></body></html>");
    assert!(page.len() < 200_000);
    assert_bounded("spans.html", page.as_bytes());
}

#[test]
fn a_rowspan_past_the_last_row_invents_no_rows() {
    let page = r#"<html><body><table>
<tr><td>工作任务</td><td>工作要求</td><td>责任单位</td><td>时限</td></tr>
<tr><td rowspan="1000">一、公开</td><td>要求甲</td><td>司法局</td><td>6月底前</td></tr>
<tr><td>要求乙</td><td>财政局</td><td>年底前</td></tr>
</table></body></html>"#;
    let report = crate::common::convert("rowspan.html", page.as_bytes()).unwrap();
    assert_eq!(report.tasks.len(), 2);
    assert_eq!(report.tasks[1].requirement, "要求乙");
}

#[test]
fn wide_rows_over_many_empty_rows_are_not_padded() {
    // One row of 1000 grid columns, then 20,000 rows of one empty cell: padding every row to
    // the widest would make twenty million positions.
    let wide: Vec<String> = (0..1000)
        .map(|i| crate::common::cell(&format!("{i}")))
        .collect();
    let mut rows = vec![header4(), tr(&wide)];
    rows.extend(std::iter::repeat_n(tr(&[tc("", "<w:p/>")]), 20_000));
    let bytes = docx(&tbl("", 1000, &rows));
    assert_bounded("wide.docx", &bytes);
}

#[test]
fn colspans_that_do_not_line_up_with_the_header_are_read_in_order() {
    // Two tables joined into one by an office suite: the header spans grid columns the rows
    // below split differently.
    let page = r#"<html><body><table>
<tr><td>工作任务</td><td colspan="2">工作要求</td><td colspan="2">责任单位</td><td>时限</td></tr>
<tr><td>一、公开</td><td colspan="2">要求甲</td><td colspan="2">司法局</td><td>6月底前</td></tr>
<tr><td colspan="2">二、解读</td><td colspan="2">要求乙</td><td>财政局</td><td>年底前</td></tr>
</table></body></html>"#;
    let report = crate::common::convert("joined.html", page.as_bytes()).unwrap();
    assert_eq!(report.tasks.len(), 2);
    let last = &report.tasks[1];
    assert_eq!(last.requirement, "要求乙");
    assert_eq!(last.responsible.raw, "财政局");
    assert_eq!(last.deadline.raw.as_deref(), Some("年底前"));
    assert!(last.extra.is_empty(), "{:?}", last.extra);
}

#[test]
fn a_table_without_header_after_a_paragraph_does_not_continue_the_one_before() {
    let page = r"<html><body><table>
<tr><td>工作任务</td><td>工作要求</td><td>责任单位</td><td>时限</td></tr>
<tr><td>一、公开</td><td>要求甲</td><td>司法局</td><td>6月底前</td></tr>
</table><p>附件2：联系人名单</p><table>
<tr><td>办公室</td><td>张三</td><td>电话</td><td>1234567</td></tr>
</table></body></html>";
    let report = crate::common::convert("two.html", page.as_bytes()).unwrap();
    assert_eq!(report.tasks.len(), 1);
}

#[test]
fn a_header_repeated_over_other_grid_columns_continues_the_table() {
    let page = r#"<html><body><table>
<tr><td>工作任务</td><td>工作要求</td><td>责任单位</td><td>时限</td></tr>
<tr><td>一、公开</td><td>要求甲</td><td>司法局</td><td>6月底前</td></tr>
</table><p>（续表）</p><table>
<tr><td>工作任务</td><td colspan="2">工作要求</td><td colspan="3">责任单位</td><td>时限</td></tr>
<tr><td></td><td colspan="2">要求乙</td><td colspan="3">财政局</td><td>年底前</td></tr>
<tr><td colspan="2">二、解读</td><td colspan="2">要求丙</td><td>商务局</td><td colspan="2">9月底前</td></tr>
<tr><td colspan="2">三、平台</td><td colspan="2">要求丁</td><td>政府办</td></tr>
</table></body></html>"#;
    let report = crate::common::convert("continued.html", page.as_bytes()).unwrap();
    let requirements: Vec<&str> = report
        .tasks
        .iter()
        .map(|t| t.requirement.as_str())
        .collect();
    // The last row lines up with neither the header nor the row above: each cell goes under
    // the header cell spanning it.
    assert_eq!(requirements, ["要求甲", "要求乙", "要求丙", "要求丁"]);
    assert_eq!(report.tasks[3].responsible.raw, "政府办");
    assert_eq!(report.tasks[1].section.as_ref().map(|s| s.ordinal), Some(1));
    assert_eq!(report.tasks[2].responsible.raw, "商务局");
    assert_eq!(report.tasks[2].deadline.raw.as_deref(), Some("9月底前"));
}
