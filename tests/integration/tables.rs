//! Tables in the shapes other offices use (fixtures/tables/): headers the vocabulary does not
//! know, merged goal and task columns, pipe-separated text, seven columns with leaders.

use fenjie::normalize::units::Role;
use fenjie::{Options, Report};

fn convert(name: &str) -> Report {
    let bytes = std::fs::read(crate::common::fixture_path(&format!("tables/{name}"))).unwrap();
    fenjie::convert(name, &bytes, &Options::default()).unwrap()
}

#[test]
fn unknown_headers_get_their_roles_from_content_and_say_so() {
    let r = convert("f-unknown-header.txt");
    assert_eq!(r.tasks.len(), 6);
    assert_eq!(r.tasks[0].deadline.raw.as_deref(), Some("1月份"));
    assert_eq!(
        r.tasks[0].deadline.date.map(|d| d.to_string()).as_deref(),
        Some("2023-01-31")
    );
    let names: Vec<&str> = r.tasks[0]
        .responsible
        .units
        .iter()
        .map(|u| u.name.as_str())
        .collect();
    assert_eq!(names, ["应急站", "派出所", "市场监管所"]);
    let notes: Vec<&str> = r
        .diagnostics
        .iter()
        .filter(|d| d.code == fenjie::Code::ColumnRole)
        .map(|d| d.message.as_str())
        .collect();
    assert!(
        notes.contains(&"column 2 \"检查安排\": deadline, by content (6 of 6 cells)"),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("column 1 \"督查重点\": requirement"))
    );
    // The workbook form, with a title row merged over the table, reads the same.
    let book = convert("f-unknown-header.xlsx");
    assert_eq!(
        crate::common::tasks_without_source(&book),
        crate::common::tasks_without_source(&r)
    );
}

#[test]
fn a_merged_goal_column_is_every_rows_section_and_the_task_column_keeps_its_role() {
    let text = convert("g-merged-goal-task.txt");
    assert_eq!(text.tasks.len(), 5);
    for t in &text.tasks {
        assert!(t.section.is_some(), "{t:?}");
        assert!(t.task.is_some(), "{t:?}");
        assert!(t.subsection.is_none(), "{t:?}");
    }
    assert_eq!(text.tasks[1].task.as_deref(), Some("（一）整治背街小巷"));
    assert_eq!(
        text.tasks[4]
            .section
            .as_ref()
            .and_then(|h| h.title.as_deref()),
        Some("优化公共服务")
    );
    for name in ["g-merged-goal-task.docx", "g-merged-goal-task.xlsx"] {
        assert_eq!(
            crate::common::tasks_without_source(&convert(name)),
            crate::common::tasks_without_source(&text),
            "{name}"
        );
    }
}

#[test]
fn pipe_separated_rows_with_lead_cooperate_and_leader_columns() {
    let r = convert("h-pipe-seven-columns.txt");
    assert_eq!(r.tasks.len(), 3);
    let t = &r.tasks[2];
    assert_eq!(t.number, Some(3));
    assert_eq!(t.task.as_deref(), Some("普惠托育服务"));
    assert_eq!(t.leaders, ["王芳"]);
    let roles: Vec<_> = t
        .responsible
        .units
        .iter()
        .map(|u| (u.name.as_str(), u.role))
        .collect();
    assert_eq!(
        roles,
        [
            // The table's title names its county (某县2023年…): its departments in full.
            ("某县卫生健康委员会", Role::Lead),
            ("某县教育局", Role::Cooperate),
            ("县妇联", Role::Cooperate)
        ]
    );
    assert_eq!(
        t.deadline.date.map(|d| d.to_string()).as_deref(),
        Some("2023-09-30")
    );
}

#[test]
fn a_header_over_two_columns_of_headings_and_items() {
    for name in ["i-span-two-columns.docx", "i-span-two-columns.xlsx"] {
        let r = convert(name);
        assert_eq!(r.tasks.len(), 6, "{name}");
        let t = &r.tasks[2];
        assert_eq!(t.number, Some(3));
        assert_eq!(t.requirement, "推进电子证照共享应用。");
        assert_eq!(
            t.section.as_ref().and_then(|h| h.title.as_deref()),
            Some("优化政务服务")
        );
        assert_eq!(
            t.subsection.as_ref().and_then(|h| h.title.as_deref()),
            Some("提升审批效率")
        );
        assert_eq!(t.deadline.raw.as_deref(), Some("9月底前"));
        assert_eq!(t.responsible.units[0].name, "市政务服务局");
        assert_eq!(
            r.tasks[3].subsection.as_ref().map(|h| h.ordinal),
            Some(2),
            "{name}"
        );
    }
}

#[test]
fn a_table_copied_one_cell_per_line_is_read_by_its_header_and_item_numbers() {
    let r = convert("j-one-cell-per-line.txt");
    assert_eq!(r.tasks.len(), 3);
    // Row 2 lacks the task cell merged over it in the page: the section carries on.
    assert_eq!(r.tasks[1].requirement, "推进社区议事协商。");
    assert_eq!(
        r.tasks[1].section.as_ref().and_then(|h| h.title.as_deref()),
        Some("基层治理")
    );
    assert_eq!(r.tasks[1].responsible.units[0].name, "民政办");
    // Sources are the lines of the file as it is.
    assert_eq!(r.tasks[0].source, "line 7");
    assert_eq!(r.tasks[2].deadline.raw.as_deref(), Some("年底前"));
}

#[test]
fn a_measure_with_sub_rows_per_unit_gives_a_record_per_sub_row() {
    for name in ["k-sub-rows.docx", "k-sub-rows.xlsx"] {
        let r = convert(name);
        assert_eq!(r.tasks.len(), 4, "{name}");
        let deadlines: Vec<_> = r.tasks[..3]
            .iter()
            .map(|t| t.deadline.raw.as_deref().unwrap_or(""))
            .collect();
        assert_eq!(deadlines, ["6月底前", "9月底前", "年底前"], "{name}");
        for t in &r.tasks[..3] {
            assert_eq!(t.number, Some(1));
            assert_eq!(t.requirement, "完成农村户厕改造和生活污水治理。");
            assert_eq!(t.leaders, ["李明"], "{name}");
            assert_eq!(t.responsible.units.len(), 1);
        }
        assert_eq!(r.tasks[2].notes.as_deref(), Some("按月报送进度"));
        assert!(
            r.diagnostics
                .iter()
                .all(|d| d.code != fenjie::Code::DuplicateRequirement)
        );
    }
}

/// A two-row header: 年度目标 spanning 数量 | 单位, the other header cells spanning both rows;
/// the remarks hold the deadlines; the table's title names the county and the year. Each form
/// the office suite writes gives the same records.
#[test]
fn a_two_row_header_names_its_sub_columns_and_remarks_that_say_when_are_the_deadline() {
    let forms = [
        "docx",
        "xlsx",
        "docx.doc",
        "docx.html",
        "docx.txt",
        "docx.pdf",
    ];
    let first = convert("o-two-row-header.docx");
    for form in forms {
        let name = format!("o-two-row-header.{form}");
        let r = convert(&name);
        assert_eq!(r.notice.year, Some(2023), "{name}");
        assert_eq!(r.tasks.len(), 4, "{name}");
        let t = &r.tasks[2];
        assert_eq!(
            t.extra.get("年度目标·数量").map(String::as_str),
            Some("4.5"),
            "{name}"
        );
        assert_eq!(
            t.extra.get("年度目标·单位").map(String::as_str),
            Some("万人"),
            "{name}"
        );
        assert_eq!(
            t.extra.get("目前进展").map(String::as_str),
            Some("已体检2.1万人"),
            "{name}"
        );
        assert_eq!(
            t.deadline.date.map(|d| d.to_string()).as_deref(),
            Some("2023-12-31"),
            "{name}"
        );
        assert_eq!(t.responsible.units[0].name, "云岭县卫生健康局", "{name}");
        assert_eq!(
            crate::common::tasks_without_source(&r),
            crate::common::tasks_without_source(&first),
            "{name}"
        );
    }
}

/// A table written as lines inside the paragraphs of a page, a Word file or a text reads the
/// same from each: rows with bars, rows of cells set apart by runs of spaces, and rows set apart
/// by tabs under a header with a word the vocabulary does not know (检查行业领域), the heading
/// and paragraphs after it left out of the table.
#[test]
fn tables_written_as_lines_read_alike_in_every_format() {
    for (name, items) in [
        ("m-pipe-paragraphs", 5),
        ("n-spaced-columns", 4),
        ("p-tab-columns", 6),
    ] {
        let read = |ext: &str| {
            let path = format!("layouts/{name}.{ext}");
            let bytes = std::fs::read(crate::common::fixture_path(&path)).unwrap();
            fenjie::convert(&path, &bytes, &Options::default()).unwrap()
        };
        let text = read("txt");
        assert_eq!(text.tasks.len(), items, "{name}");
        for ext in ["html", "docx", "doc"] {
            assert_eq!(
                crate::common::tasks_without_source(&read(ext)),
                crate::common::tasks_without_source(&text),
                "{name}.{ext}"
            );
        }
    }
}

#[test]
fn rows_a_copied_table_leaves_after_it_are_kept_in_notes() {
    // A row copied apart from the table, its number on a line of its own: no row lines it up.
    let text = "某镇重点工作清单\n序号\n工作任务\n责任单位\n1\n完善网格管理。\n综治办\n2\n推进议事协商。\n民政办\n\n以下一项另行安排：\n5\n\n整治背街小巷环境，城管办负责。\n";
    let r = fenjie::convert("copy.txt", text.as_bytes(), &fenjie::Options::default()).unwrap();
    assert_eq!(r.tasks.len(), 2);
    let notes: Vec<&str> = r
        .diagnostics
        .iter()
        .filter(|d| d.code == fenjie::Code::ListText)
        .map(|d| d.message.as_str())
        .collect();
    for text in ["以下一项另行安排", "\"5\"", "整治背街小巷环境"] {
        assert!(notes.iter().any(|n| n.contains(text)), "{text}: {notes:?}");
    }
    // Closing text after a table is no left-over row.
    let closing = "某镇重点工作清单\n序号\n工作任务\n责任单位\n1\n完善网格管理。\n综治办\n\n二、工作要求\n各村要明确专人负责。\n某镇人民政府\n";
    let r = fenjie::convert("plan.txt", closing.as_bytes(), &fenjie::Options::default()).unwrap();
    assert!(
        r.diagnostics
            .iter()
            .all(|d| d.code != fenjie::Code::ListText),
        "{:?}",
        r.diagnostics
    );
}

#[test]
fn a_heading_rows_leaders_go_to_each_item_under_it() {
    let text = "序号\n工作任务\n牵头单位\n责任人\n一、稳定增长（牵头领导：王明、李华）\n1\n新增市场主体两千户。\n区市场监管局\n周强\n2\n新增规上企业十家。\n区经信局\n吴刚\n二、乡村振兴（牵头领导：赵刚）\n3\n新建高标准农田两万亩。\n区农业农村局\n钱勇\n";
    let r = fenjie::convert("leaders.txt", text.as_bytes(), &Options::default()).unwrap();
    assert_eq!(r.tasks.len(), 3);
    let section = |k: usize| r.tasks[k].section.as_ref().and_then(|h| h.title.as_deref());
    assert_eq!(section(0), Some("稳定增长"));
    assert_eq!(section(2), Some("乡村振兴"));
    let leaders = |k: usize| r.tasks[k].extra.get("牵头领导").map(String::as_str);
    assert_eq!(leaders(1), Some("王明、李华"));
    assert_eq!(leaders(2), Some("赵刚"));
    assert_eq!(r.tasks[2].leaders, ["钱勇"]);
}

#[test]
fn numbered_lines_after_a_table_with_bars_are_kept_in_notes() {
    // Items typed under a table as numbered lines (no units bracket, cells set apart by single
    // spaces): no row of the table and no item of a list, yet never dropped.
    let text = "某区便民服务分工\n| 序号 | 工作任务 | 牵头单位 | 完成时限 |\n| 1 | 开通夜间办事窗口 | 区政务中心 | 5月底前 |\n| 2 | 增设自助服务终端 | 区数据局 | 8月底前 |\n3.推行证明事项告知承诺制。\n4 延长窗口午间服务 区政务中心 6月底前\n";
    let r = fenjie::convert("bars.txt", text.as_bytes(), &Options::default()).unwrap();
    assert_eq!(r.tasks.len(), 2);
    let notes: Vec<&str> = r
        .diagnostics
        .iter()
        .filter(|d| d.code == fenjie::Code::ListText)
        .map(|d| d.message.as_str())
        .collect();
    for text in ["推行证明事项告知承诺制", "延长窗口午间服务"] {
        assert!(notes.iter().any(|n| n.contains(text)), "{text}: {notes:?}");
    }
}

#[test]
fn a_page_metadata_row_inside_a_table_is_a_note_and_a_matter_name_is_the_task() {
    let text = "类别 | 民生事项名称 | 年度任务目标 | 责任单位 | 分管市领导 |\n一、教育 | 3.新建城区幼儿园 | 建成幼儿园两所并招生。 | 教育局 | 王明 |\n4.改造农村校舍 | 完成十所学校校舍改造。 | 教育局 | 王明 |\n索引号: | 000000/2022-00001 | 成文日期: | 2022-10-08 |\n";
    let r = fenjie::convert("shishi.txt", text.as_bytes(), &Options::default()).unwrap();
    assert_eq!(r.tasks.len(), 2, "{:#?}", r.tasks);
    assert_eq!(r.tasks[0].task.as_deref(), Some("新建城区幼儿园"));
    assert_eq!(r.tasks[1].number, Some(4));
    assert!(r.tasks.iter().all(|t| t.leaders == ["王明"]));
    let note = r
        .diagnostics
        .iter()
        .find(|d| d.code == fenjie::Code::Note)
        .expect("the metadata row is a note");
    assert!(
        note.message.contains("000000/2022-00001"),
        "{}",
        note.message
    );
}
