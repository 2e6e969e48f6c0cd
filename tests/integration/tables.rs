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

/// A task table broken by a section heading standing as a paragraph of its own (a Word table
/// split in two, or a row across the printed table that a text export writes as a line): the
/// rows after it, without a header of their own, continue the table under that heading, in every
/// format.
#[test]
fn a_heading_between_two_parts_of_a_table_heads_the_rows_after_it() {
    use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow};
    let head = ["工作任务", "责任单位", "完成时限"];
    let first = [["修订公开目录", "区政务服务中心", "6月底前"]];
    let second = [
        ["清理过期文件", "区司法局", "9月底前"],
        ["更新办事指南", "区行政审批局", "长期坚持"],
    ];
    let row = |cells: &[&str]| {
        TableRow::new(
            cells
                .iter()
                .map(|t| {
                    TableCell::new()
                        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(*t)))
                })
                .collect(),
        )
    };
    let mut rows = vec![row(&head)];
    rows.extend(first.iter().map(|r| row(r)));
    let docx = Docx::new()
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("某区政务公开任务分解表")))
        .add_table(Table::new(rows))
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("二、规范文件管理")))
        .add_table(Table::new(second.iter().map(|r| row(r)).collect()));
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut bytes).unwrap();

    let tabbed = |rows: &[[&str; 3]]| {
        rows.iter()
            .map(|r| r.join("\t"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let text = format!(
        "某区政务公开任务分解表\n{}\n{}\n二、规范文件管理\n{}\n",
        head.join("\t"),
        tabbed(&first),
        tabbed(&second)
    );
    let cells = |rows: &[[&str; 3]]| {
        rows.iter().fold(String::new(), |mut out, r| {
            out.push_str("<tr><td>");
            out.push_str(&r.join("</td><td>"));
            out.push_str("</td></tr>");
            out
        })
    };
    let page = format!(
        "<html><body><p>某区政务公开任务分解表</p><table><tr><td>{}</td></tr>{}</table><p>二、规范文件管理</p><table>{}</table></body></html>",
        head.join("</td><td>"),
        cells(&first),
        cells(&second)
    );
    let read =
        |name: &str, bytes: &[u8]| fenjie::convert(name, bytes, &Options::default()).unwrap();
    let from_text = read("split.txt", text.as_bytes());
    let sections: Vec<Option<(u32, &str)>> = from_text
        .tasks
        .iter()
        .map(|t| {
            t.section
                .as_ref()
                .map(|h| (h.ordinal, h.title.as_deref().unwrap_or_default()))
        })
        .collect();
    assert_eq!(
        sections,
        [None, Some((2, "规范文件管理")), Some((2, "规范文件管理"))]
    );
    assert_eq!(from_text.tasks[2].deadline.raw.as_deref(), Some("长期坚持"));
    for (name, bytes) in [
        ("split.docx", bytes.into_inner()),
        ("split.html", page.into_bytes()),
    ] {
        assert_eq!(
            crate::common::tasks_without_source(&read(name, &bytes)),
            crate::common::tasks_without_source(&from_text),
            "{name}"
        );
    }
}

/// A table saved as text one cell a line, with a blank line for each empty or merged-over cell,
/// reads the same wherever the lines stand: a text file, Word paragraphs (blank cells as empty
/// paragraphs) or a page's `<pre>`; and as the .docx it was saved from.
#[test]
fn blank_cells_written_as_blank_lines_read_alike_in_every_format() {
    let read = |path: &str| {
        let bytes = std::fs::read(crate::common::fixture_path(path)).unwrap();
        fenjie::convert(path, &bytes, &Options::default()).unwrap()
    };
    let original = crate::common::tasks_without_source(&read("tables/k-sub-rows.docx"));
    assert_eq!(original.len(), 4);
    for ext in ["txt", "docx", "doc", "html"] {
        assert_eq!(
            crate::common::tasks_without_source(&read(&format!("tables/r-blank-cell-lines.{ext}"))),
            original,
            "{ext}"
        );
    }
}

/// A table of numbered names and explanations with no column of units, leaders or deadlines
/// (the kind an article on how to write a plan shows) is no task table: nothing is made of it,
/// and the error names it. With a units column, the same rows are items.
#[test]
fn a_table_that_says_neither_who_nor_when_is_no_task_table() {
    let article = "计划书的写法\n序号 | 项目名称 | 内容说明 |\n1 | 标题 | 写明计划的名称和年度 |\n2 | 背景 | 交代制定计划的起因 |\n3 | 进度 | 列出各阶段的起止时间 |\n";
    let error = fenjie::convert("article.txt", article.as_bytes(), &Options::default())
        .unwrap_err()
        .to_string();
    assert!(error.contains("序号 | 项目名称 | 内容说明"), "{error}");
    let plan = "某镇重点工作分解表\n序号 | 项目名称 | 内容说明 | 责任单位 |\n1 | 道路硬化 | 完成三条村道硬化 | 镇建设办 |\n2 | 河道清淤 | 清理主要河道淤泥 | 镇水利站 |\n";
    let report = fenjie::convert("plan.txt", plan.as_bytes(), &Options::default()).unwrap();
    assert_eq!(report.tasks.len(), 2);
    // A time found only by its cells says no one does anything by then (a procurement list's
    // purchase month); a 时间 column of clock times is no time limit (an agenda), whatever
    // column of rooms stands beside it.
    for (name, text) in [
        (
            "purchases.txt",
            "序号\t采购项目名称\t采购需求概况\t预算金额（万元）\t预计采购时间\n1\t办公桌椅\t更换旧桌椅80套\t12\t2024年4月\n2\t档案柜\t新购档案柜20组\t6\t2024年7月\n",
        ),
        (
            "agenda.txt",
            "时间\t内容\t地点\t参加人员\n8:30\t签到\t二楼会议室\t全体人员\n9:00\t传达会议精神\t二楼会议室\t全体人员\n",
        ),
    ] {
        let error = fenjie::convert(name, text.as_bytes(), &Options::default());
        assert!(error.is_err(), "{name}: {:?}", error.map(|r| r.tasks));
    }
    // A plan of one office's own tasks, with a time limit column and no units, is a plan.
    let own = "序号\t工作任务\t完成时限\n1\t修订值班制度\t3月底前\n2\t清理过期文件\t长期坚持\n";
    let report = fenjie::convert("own.txt", own.as_bytes(), &Options::default()).unwrap();
    assert_eq!(report.tasks.len(), 2);
}

/// Rows copied from a workbook as tab-separated text keep a field for every column, the empty
/// 备注 at the end too: such a row stands as written, its units under the units column and its
/// deadline under the deadline column, not shifted as a row that lost merged cells.
#[test]
fn a_tab_separated_row_ending_in_an_empty_cell_stands_as_written() {
    let text = "某县重点工作分解表\n序号\t工作任务\t责任单位\t完成时限\t备注\n1\t修订办事指南\t县行政审批局\t6月底前\t\n2\t公开财政预算\t县财政局\t年底前\t\n3\t开展督查\t县政府督查室\t9月底前\t每月通报\n";
    let report = fenjie::convert("copied.txt", text.as_bytes(), &Options::default()).unwrap();
    let rows: Vec<(Option<&str>, &str, Option<&str>)> = report
        .tasks
        .iter()
        .map(|t| {
            (
                t.task.as_deref(),
                t.responsible.raw.as_str(),
                t.deadline.raw.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (Some("修订办事指南"), "县行政审批局", Some("6月底前")),
            (Some("公开财政预算"), "县财政局", Some("年底前")),
            (Some("开展督查"), "县政府督查室", Some("9月底前")),
        ]
    );
    assert!(
        !report
            .diagnostics
            .iter()
            .any(|d| d.code == fenjie::Code::ShortRow),
        "{:?}",
        report.diagnostics
    );
}

/// A 序号 merged down over the rows of one task, each row a measure of its own with its units
/// and deadline: every measure is a record numbered as the task, not a record without a number.
#[test]
fn a_number_merged_over_the_measures_of_a_task_numbers_each_of_them() {
    let page = "<html><body><table>\
        <tr><td>序号</td><td>重点任务</td><td>具体措施</td><td>责任单位</td><td>完成时限</td></tr>\
        <tr><td rowspan=\"2\">1</td><td rowspan=\"2\">改进窗口服务</td><td>设立综合受理窗口。</td><td>县政务服务中心</td><td>5月底前</td></tr>\
        <tr><td>推行延时错时服务。</td><td>县政务服务中心</td><td>8月底前</td></tr>\
        <tr><td>2</td><td>规范涉企收费</td><td>公布收费目录清单。</td><td>县市场监管局</td><td>年底前</td></tr>\
        </table></body></html>";
    let report = fenjie::convert("merged.html", page.as_bytes(), &Options::default()).unwrap();
    let numbers: Vec<(Option<u32>, bool)> = report
        .tasks
        .iter()
        .map(|t| (t.number, t.number_inferred))
        .collect();
    assert_eq!(
        numbers,
        [(Some(1), false), (Some(1), false), (Some(2), false)]
    );
    assert_eq!(report.tasks[1].requirement, "推行延时错时服务。");
    assert!(
        !report
            .diagnostics
            .iter()
            .any(|d| d.code == fenjie::Code::NumberUncertain),
        "{:?}",
        report.diagnostics
    );
}
