//! Notices written as numbered paragraphs, and units named within each notice's own
//! jurisdiction: the fixtures in fixtures/lists/ (golden JSON beside them) read as a clerk
//! would read them.

use fenjie::normalize::units::{Origin, Role};
use fenjie::{Options, Report};

fn convert(name: &str) -> Report {
    let path = crate::common::fixture_path(&format!("lists/{name}"));
    let bytes = std::fs::read(path).unwrap();
    fenjie::convert(name, &bytes, &Options::default()).unwrap()
}

fn units(report: &Report, item: usize) -> Vec<(String, Role)> {
    report.tasks[item]
        .responsible
        .units
        .iter()
        .map(|u| (u.name.clone(), u.role))
        .collect()
}

fn names(list: &[(&str, Role)]) -> Vec<(String, Role)> {
    list.iter().map(|(n, r)| (n.to_string(), *r)).collect()
}

#[test]
fn no_notice_gets_another_jurisdictions_names() {
    for name in [
        "a-brackets-district.txt",
        "b-label-lines-city.txt",
        "c-traditional-province.txt",
    ] {
        let report = convert(name);
        assert!(report.registry.is_none(), "{name}");
        let json = serde_json::to_string(&report).unwrap();
        assert!(!json.contains("湖里"), "{name}: a Huli name was invented");
        assert!(
            report
                .diagnostics
                .iter()
                .all(|d| d.code != fenjie::Code::UnknownUnit),
            "{name}: no registry, so no unit is unknown against one"
        );
    }
}

#[test]
fn bracketed_units_with_roles_deadlines_and_a_stated_convention() {
    let r = convert("a-brackets-district.txt");
    let j = r.notice.jurisdiction.as_ref().unwrap();
    assert_eq!(j.name, "成都市武侯区");
    assert_eq!(r.tasks.len(), 6);
    let numbers: Vec<_> = r.tasks.iter().map(|t| t.number).collect();
    assert_eq!(numbers, (1..=6).map(Some).collect::<Vec<_>>());
    let t = &r.tasks[0];
    assert_eq!(
        t.section.as_ref().and_then(|h| h.title.as_deref()),
        Some("重点任务")
    );
    assert_eq!(
        t.subsection.as_ref().and_then(|h| h.title.as_deref()),
        Some("提升政务服务效能")
    );
    // `5个工作日内办结` inside the requirement is not the item's deadline.
    assert!(t.requirement.contains("5个工作日内办结"));
    assert_eq!(t.deadline.raw, None);
    assert_eq!(
        units(&r, 0),
        names(&[
            ("武侯区市场监督管理局", Role::Lead),
            ("区税务局", Role::Cooperate),
            ("武侯区人力资源和社会保障局", Role::Cooperate),
            ("区级相关部门", Role::Cooperate),
        ])
    );
    assert_eq!(r.tasks[0].responsible.units[0].origin, Origin::Template);
    assert_eq!(r.tasks[0].responsible.units[1].origin, Origin::AsWritten);
    // Labels inside the bracket, and the deadline after the last unit.
    assert_eq!(
        units(&r, 1),
        names(&[
            ("武侯区行政审批局", Role::Lead),
            ("各街道办事处", Role::Responsible),
        ])
    );
    assert_eq!(
        r.tasks[1].deadline.date.map(|d| d.to_string()).as_deref(),
        Some("2023-06-30")
    );
    // 按职责分工负责 is the responsible role; half-width brackets and commas.
    assert_eq!(
        units(&r, 2),
        names(&[
            ("武侯区发展和改革委员会", Role::Lead),
            ("武侯区财政局", Role::Lead),
            ("区级有关部门", Role::Responsible),
        ])
    );
    // `（列第一位的为牵头单位，下同）`: the first unit of a list without roles leads, the others
    // cooperate.
    assert_eq!(units(&r, 3), names(&[("武侯区司法局", Role::Lead)]));
    assert_eq!(r.tasks[3].deadline.raw.as_deref(), Some("持续推进"));
    assert_eq!(units(&r, 5)[0].1, Role::Lead);
    assert_eq!(units(&r, 5)[1].1, Role::Cooperate);
    assert_eq!(units(&r, 5)[2].1, Role::Cooperate);
    // 【…】 brackets.
    assert_eq!(
        units(&r, 4)[1],
        ("武侯区人民法院".to_string(), Role::Cooperate)
    );
    // The plan's own paragraphs before the list are no item.
    assert!(
        r.tasks
            .iter()
            .all(|t| !t.requirement.contains("对标先进地区"))
    );
}

#[test]
fn label_lines_give_units_deadlines_and_leaders() {
    let r = convert("b-label-lines-city.txt");
    assert_eq!(r.tasks.len(), 5);
    let t = &r.tasks[0];
    assert_eq!(t.number, Some(1));
    assert_eq!(t.requirement, "地区生产总值增长6%左右。");
    assert_eq!(t.leaders, ["王立新"]);
    assert_eq!(
        units(&r, 0),
        names(&[
            ("盘锦市发展和改革委员会", Role::Lead),
            ("盘锦市统计局", Role::Cooperate),
            ("各县、区人民政府", Role::Cooperate),
        ])
    );
    assert_eq!(t.source, "lines 9–12");
    assert_eq!(
        r.tasks[1].deadline.date.map(|d| d.to_string()).as_deref(),
        Some("2021-12-31")
    );
    // `A、B分别牵头`: each leads; `各县、市、区人民政府` is one group.
    assert_eq!(
        units(&r, 3),
        names(&[
            ("盘锦市发展和改革委员会", Role::Lead),
            ("盘锦市住房和城乡建设局", Role::Lead),
            ("各县、市、区人民政府", Role::Responsible),
        ])
    );
    assert_eq!(r.tasks[3].leaders, ["赵红"]);
    assert_eq!(
        r.tasks[4].deadline.kind,
        fenjie::normalize::deadline::DeadlineKind::Ongoing
    );
}

#[test]
fn traditional_script_reads_as_simplified_and_keeps_what_was_written() {
    let r = convert("c-traditional-province.txt");
    let j = r.notice.jurisdiction.as_ref().unwrap();
    assert_eq!(j.name, "湖南省商務廳");
    assert_eq!(r.tasks.len(), 4);
    assert_eq!(r.tasks[0].number, Some(1));
    assert_eq!(r.tasks[0].responsible.units[0].raw, "省商務廳");
    assert_eq!(r.tasks[0].responsible.units[0].name, "湖南省商务厅");
    assert_eq!(units(&r, 1)[0].1, Role::Lead);
    assert_eq!(
        r.tasks[1].deadline.date.map(|d| d.to_string()).as_deref(),
        Some("2022-09-30")
    );
    assert_eq!(
        r.tasks[2].deadline.kind,
        fenjie::normalize::deadline::DeadlineKind::Ongoing
    );
    assert_eq!(r.tasks[0].task.as_deref(), Some("培育外貿市場主體"));
    assert!(r.tasks[0].requirement.starts_with("開展外貿主體培育行動"));
}

#[test]
fn sub_measures_under_one_unit_line_are_one_item() {
    let r = convert("d-sub-measures-town.txt");
    assert_eq!(r.tasks.len(), 3);
    assert_eq!(r.tasks[0].task.as_deref(), Some("开展环境卫生集中整治"));
    assert_eq!(r.tasks[0].requirement.lines().count(), 3);
    assert_eq!(
        r.tasks[2].deadline.kind,
        fenjie::normalize::deadline::DeadlineKind::Recurring
    );
    // A town's own sections keep their names as written: no registry of the district applies.
    assert!(r.registry.is_none());
    assert_eq!(r.tasks[0].responsible.units[0].name, "城建科");
}

#[test]
fn a_document_of_prose_only_is_a_clear_error() {
    let text = "某市人民政府办公室关于做好安全生产工作的通知\n各区人民政府：\n请认真做好安全生产工作。\n一、提高认识\n安全生产事关人民群众生命财产安全。\n某市人民政府办公室\n2023年1月5日\n";
    let err = fenjie::convert("prose.txt", text.as_bytes(), &Options::default()).unwrap_err();
    let message = err.to_string();
    assert!(message.starts_with("no task table found"), "{message}");
    assert!(message.contains("no numbered paragraph"), "{message}");
}

#[test]
fn a_table_and_a_list_in_one_document_are_both_read() {
    let text = "某县人民政府办公室关于印发工作方案的通知\n\
                一、重点项目\n\
                序号\t工作任务\t责任单位\t完成时限\n\
                1\t建成县城污水处理厂。\t县住建局\t6月底前\n\
                二、其他任务\n\
                2.完善农村道路。（县交通运输局牵头，各乡镇配合）\n";
    let r = fenjie::convert("mixed.txt", text.as_bytes(), &Options::default()).unwrap();
    assert_eq!(r.tasks.len(), 2, "{:#?}", r.tasks);
    assert_eq!(r.tasks[1].number, Some(2));
    assert_eq!(r.tasks[1].responsible.units[1].name, "各乡镇");
}

#[test]
fn word_automatic_numbering_gives_the_same_items_as_text() {
    let text = convert("a-brackets-district.txt");
    let docx = convert("a-brackets-district.docx");
    assert_eq!(
        crate::common::tasks_without_source(&docx),
        crate::common::tasks_without_source(&text)
    );
    assert_eq!(docx.tasks[0].source, "paragraph 14");
    assert_eq!(docx.notice.jurisdiction, text.notice.jurisdiction);
}

#[test]
fn a_web_page_of_the_list_gives_the_same_items_as_text() {
    let text = convert("a-brackets-district.txt");
    let page = convert("a-brackets-district.html");
    assert_eq!(
        crate::common::tasks_without_source(&page),
        crate::common::tasks_without_source(&text)
    );
}

#[test]
fn word_and_legacy_word_lists_give_the_same_items_as_text() {
    for name in [
        "b-label-lines-city.doc",
        "b-label-lines-city.docx",
        "c-traditional-province.doc",
        "c-traditional-province.docx",
        "d-sub-measures-town.docx",
    ] {
        let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
        let text = convert(&format!("{stem}.txt"));
        let word = convert(name);
        assert_eq!(
            crate::common::tasks_without_source(&word),
            crate::common::tasks_without_source(&text),
            "{name}"
        );
        assert_eq!(word.notice, text.notice, "{name}");
    }
}

/// A notice's own numbered points (`三、加强督导，……`) come before the list they hand out; the
/// list's first item, with its own units, is an item, not a point of the paragraph above it.
#[test]
fn a_first_item_with_its_own_units_is_not_glued_to_the_paragraph_above() {
    let text = "某县人民政府办公室关于印发重点任务分工的通知\n\
        三、强化调度，确保落实。县政府办要定期调度进展。\n\
        1. 建成农产品冷链物流中心，年内投入使用。（牵头单位：县商务局；配合单位：县财政局）\n\
        2. 改造老旧供水管网十公里。（县水利局牵头，各乡镇配合，10月底前完成）\n";
    let report = fenjie::convert("a.txt", text.as_bytes(), &Options::default()).unwrap();
    assert_eq!(report.tasks.len(), 2);
    assert_eq!(report.tasks[0].number, Some(1));
    let first = &report.tasks[0].requirement;
    assert!(first.starts_with("建成农产品冷链物流中心"), "{first}");
    assert!(!first.contains("定期调度"), "{first}");
    assert_eq!(report.tasks[0].responsible.units[0].name, "某县商务局");
}

/// A mirror's copy of a joint party and government notice: the place is the county (units are
/// never named in `中共某县`), pinyin inside a units bracket and a bracket broken over two lines
/// keep the item's units and deadline, and the page marker between items is reported, not lost.
#[test]
fn a_damaged_mirror_copy_keeps_its_items_units_and_deadlines() {
    let report = convert("h-damaged-mirror.txt");
    let jurisdiction = report.notice.jurisdiction.as_ref().unwrap();
    assert_eq!(jurisdiction.name, "永和县");
    assert_eq!(report.tasks.len(), 4);
    for task in &report.tasks {
        for unit in &task.responsible.units {
            assert!(!unit.name.starts_with("中共"), "{}", unit.name);
        }
    }
    assert_eq!(
        report.tasks[0].responsible.units[0].name,
        "永和县乡村振兴局"
    );
    let third = &report.tasks[2];
    assert_eq!(third.responsible.units[0].name, "永和县农业农村局");
    assert_eq!(
        third.deadline.date.map(|d| d.to_string()).as_deref(),
        Some("2021-10-31")
    );
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.message.contains("— 2 —"))
    );
}

/// A notice as its site shows it: the page's metadata (lines in the text, a table of label and
/// value pairs in the page) gives the issuer, the date of issue written `13.03.2020` and the
/// traditional 文号; the page's label before the title is left out of it; items that open with
/// their deadline keep it.
#[test]
fn a_pages_metadata_gives_the_issuer_date_and_document_number() {
    for name in ["i-page-metadata.txt", "i-page-metadata.html"] {
        let r = convert(name);
        let n = &r.notice;
        assert_eq!(n.issuer.as_deref(), Some("云岭县人民政府办公室"), "{name}");
        assert_eq!(
            n.doc_number.as_deref(),
            Some("雲府辦〔2020〕12號"),
            "{name}"
        );
        assert_eq!(
            n.issued_on.map(|d| d.to_string()).as_deref(),
            Some("2020-03-13"),
            "{name}"
        );
        assert!(
            n.title.as_deref().is_some_and(|t| t.starts_with("云岭县")),
            "{name}: {:?}",
            n.title
        );
        assert_eq!(r.tasks.len(), 3, "{name}");
        assert_eq!(
            r.tasks[0].deadline.date.map(|d| d.to_string()).as_deref(),
            Some("2020-06-30"),
            "{name}"
        );
        assert_eq!(
            r.tasks[0].responsible.units[0].name, "云岭县交通运输局",
            "{name}"
        );
    }
}

/// A plan's numbered items followed by its attached task table of the same tasks: one record
/// per item (the paragraphs', which hold the requirement and the roles), the table said to
/// repeat them; in every form.
#[test]
fn a_table_repeating_the_numbered_items_gives_no_second_records() {
    for name in [
        "j-list-then-table.txt",
        "j-list-then-table.html",
        "j-list-then-table.docx",
    ] {
        let r = convert(name);
        assert_eq!(r.tasks.len(), 3, "{name}");
        let seqs: Vec<u32> = r.tasks.iter().map(|t| t.seq).collect();
        assert_eq!(seqs, [1, 2, 3], "{name}");
        assert_eq!(r.tasks[0].responsible.units.len(), 2, "{name}");
        assert_eq!(r.tasks[0].responsible.units[0].role, Role::Lead, "{name}");
        assert!(r.tasks[0].requirement.starts_with("推行企业开办"), "{name}");
        assert!(
            r.diagnostics
                .iter()
                .any(|d| d.code == fenjie::Code::TableSkipped
                    && d.message.contains("repeats 3 items")),
            "{name}: {:?}",
            r.diagnostics
        );
        assert_eq!(r.notice.year, Some(2023), "{name}");
    }
}

/// Leaders named together in a `责任领导：` label are one entry each, as the database's `leaders`
/// table (one row per person) expects.
#[test]
fn leaders_named_together_are_one_entry_each() {
    let text = "某区2023年重点工作任务责任分解方案\n1.地区生产总值增长6%以上。（责任领导：王明、李华；牵头单位：区发改局）\n2.城镇登记失业率控制在4.5%以内。（责任领导：赵刚；牵头单位：区人社局）\n";
    let r = fenjie::convert("plan.txt", text.as_bytes(), &Options::default()).unwrap();
    assert_eq!(r.tasks.len(), 2);
    assert_eq!(r.tasks[0].leaders, ["王明", "李华"]);
    assert_eq!(r.tasks[1].leaders, ["赵刚"]);
    assert_eq!(r.tasks[0].responsible.units[0].name, "某区发展和改革局");
}

#[test]
fn a_pages_publisher_gives_the_place_when_the_notice_names_none() {
    let page = "<html><head><meta charset=\"utf-8\"></head><body><div class=\"article\">\
<p>发布时间：2024-02-20 来源：某某区教育局 浏览次数：12</p>\
<h1>关于印发2024年教育重点工作任务分解的通知</h1>\
<p>1.推进学前教育普惠发展。（牵头单位：区教育局；责任单位：区财政局）</p>\
<p>2.加强校园安全管理。（牵头单位：区教育局）</p></div></body></html>";
    let report = fenjie::convert("page.html", page.as_bytes(), &Options::default()).unwrap();
    let j = report.notice.jurisdiction.as_ref().unwrap();
    assert_eq!(j.name, "某某区");
    assert_eq!(j.source, fenjie::JurisdictionSource::Page);
    assert_eq!(units(&report, 0)[0].0, "某某区教育局");
}
