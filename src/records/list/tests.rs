use super::*;
use crate::diagnostic::Code;
use crate::syntax::units::RoleHint;

fn paragraphs(text: &str) -> Vec<Paragraph> {
    Paragraph::lines_of(text)
}

#[test]
fn brackets_say_units_or_not() {
    let units = |s: &str| info(s).map(|i| (i.units, i.deadline, i.leaders));
    assert_eq!(
        units("区市场监管局牵头，区税务局、区人社局、区级相关部门配合"),
        Some((
            vec!["区市场监管局牵头，区税务局、区人社局、区级相关部门配合".to_string()],
            None,
            vec![]
        ))
    );
    assert_eq!(
        units("牵头单位：区行政审批局；责任单位：各街道办事处，2023年6月底前完成"),
        Some((
            vec![
                "牵头单位：区行政审批局".to_string(),
                "责任单位：各街道办事处".to_string()
            ],
            Some("2023年6月底前完成".to_string()),
            vec![]
        ))
    );
    assert_eq!(
        units("責任單位:區司法局,持續推進"),
        Some((
            vec!["責任單位：區司法局".to_string()],
            Some("持續推進".to_string()),
            vec![]
        ))
    );
    assert_eq!(
        units("区司法局，持续推进"),
        Some((
            vec!["区司法局".to_string()],
            Some("持续推进".to_string()),
            vec![]
        ))
    );
    assert_eq!(units("试行"), None);
    assert_eq!(units("以下简称《方案》"), None);
    assert_eq!(units("2023—2025年"), None);
}

#[test]
fn items_with_brackets_and_label_lines() {
    let text = "关于印发方案的通知\n一、总体要求\n深入贯彻落实有关精神。\n二、重点任务\n（一）优化营商环境\n1. 优化企业开办流程。推行“一窗受理”。（区市场监管局牵头，区税务局配合）\n2. 推进审批改革。\n牵头单位：区行政审批局\n完成时限：2023年6月底前\n3. 其他指标不低于全市平均水平。\n附件：任务表";
    let split = split(&paragraphs(text));
    let r = &split.records;
    assert_eq!(r.len(), 3, "{r:#?}");
    assert_eq!(r[0].number, Some(1));
    assert_eq!(r[0].task.as_deref(), Some("优化企业开办流程"));
    assert_eq!(r[0].requirement, "推行“一窗受理”。");
    assert_eq!(r[1].task, None, "one sentence is the requirement");
    assert_eq!(r[0].section.as_ref().map(|h| h.ordinal), Some(2));
    assert_eq!(
        r[0].subsection.as_ref().and_then(|h| h.title.as_deref()),
        Some("优化营商环境")
    );
    assert_eq!(r[1].units[0].text, "牵头单位：区行政审批局");
    assert_eq!(
        r[1].deadline.as_ref().map(|d| d.value.text().into_owned()),
        Some("2023年6月底前".into())
    );
    assert_eq!(r[1].source.to_string(), "lines 7–9");
    assert_eq!(r[2].number, Some(3));
    assert!(r[2].units.is_empty());
}

#[test]
fn labels_at_the_end_of_an_items_own_paragraph() {
    let text = "一、重点任务\n1.推进标准化建设。完善清单。责任单位：区政务服务局、各街道办事处；完成时限：2023年6月底前。\n2.加强数据共享。牵头单位：区大数据局；配合单位：区直各部门。";
    let r = split(&paragraphs(text)).records;
    assert_eq!(r.len(), 2, "{r:#?}");
    assert_eq!(r[0].task.as_deref(), Some("推进标准化建设"));
    assert_eq!(r[0].requirement, "完善清单。");
    assert_eq!(
        r[0].deadline.as_ref().map(|d| d.value.text().into_owned()),
        Some("2023年6月底前".into())
    );
    assert_eq!(r[1].units[0].text, "牵头单位：区大数据局");
}

#[test]
fn a_pages_metadata_line_with_a_bracket_is_no_item() {
    let text = "某县人民政府办公室关于印发重点工作分工的通知\n• 信息来源: 县府办(县外事办)\n一、重点工作\n1.推进项目建设。（县发改局牵头）\n";
    let r = split(&paragraphs(text)).records;
    assert_eq!(r.len(), 1, "{r:#?}");
    assert_eq!(r[0].number, Some(1));
}

#[test]
fn units_written_as_the_last_clauses_of_an_items_sentence() {
    let text = "一、整治行动\n1.清理河道垃圾。全面清理主要支流。由县水利局牵头，各乡镇配合，5月底前完成。\n2.更新路灯设施。县城管局负责，持续推进。\n3.组织志愿服务。县文明办牵头，团县委、县妇联参与。时间：8月。\n4.加强督导检查。各乡镇要明确专人负责。\n";
    let split = split(&paragraphs(text));
    let r = &split.records;
    assert_eq!(r.len(), 4, "{r:#?}");
    let units = |i: usize| {
        r[i].units
            .iter()
            .map(|u| u.text.as_str())
            .collect::<Vec<_>>()
    };
    let deadline = |i: usize| r[i].deadline.as_ref().map(|d| d.value.text().into_owned());
    assert_eq!(units(0), ["由县水利局牵头，各乡镇配合"]);
    assert_eq!(deadline(0).as_deref(), Some("5月底前完成"));
    assert_eq!(r[0].requirement, "全面清理主要支流。");
    assert_eq!(units(1), ["县城管局负责"]);
    assert_eq!(deadline(1).as_deref(), Some("持续推进"));
    assert_eq!(r[1].requirement, "更新路灯设施。");
    assert_eq!(units(2), ["县文明办牵头，团县委、县妇联参与"]);
    assert_eq!(deadline(2).as_deref(), Some("8月"));
    // A sentence whose subject is no unit names none: 专人 is a person to be named.
    assert!(units(3).is_empty(), "{:?}", units(3));
}

#[test]
fn a_note_on_roles_inside_the_units_line_is_the_lists_rule() {
    let text = "一、发展目标\n1﹒全年新增市场主体三千户以上。\n责任单位：县市场监管局、县税务局、各乡镇（除注明“分别牵头”外，列第一位的为牵头单位，下同）\n（一）稳住工业增长。\n2﹒推进技改项目二十个。\n责任单位：县工信局、县发改局\n";
    let split = split(&paragraphs(text));
    let r = &split.records;
    assert_eq!(r.len(), 2, "{r:#?}");
    assert_eq!(r[0].number, Some(1), "1﹒ numbers the item");
    assert_eq!(
        r[0].units[0].text,
        "责任单位：县市场监管局、县税务局、各乡镇"
    );
    assert_eq!(r[0].units[0].hint, RoleHint::FirstLeads);
    assert_eq!(
        r[1].units[0].hint,
        RoleHint::FirstLeads,
        "下同: the rule holds on"
    );
    assert!(
        split
            .diagnostics
            .iter()
            .any(|d| d.code == Code::Note && d.message.contains("分别牵头")),
        "the note is kept: {:#?}",
        split.diagnostics
    );
    // `（一）稳住工业增长。` closed by a full stop is still a heading.
    assert_eq!(
        r[1].subsection.as_ref().and_then(|h| h.title.as_deref()),
        Some("稳住工业增长")
    );
    assert_eq!(r[1].number, Some(2));
}

#[test]
fn the_paragraphs_after_a_headings_own_units_are_its_body() {
    let text = "一、整治河道垃圾\n由镇农业服务中心承办，镇水利站、各村委会配合。\n整治目标：\n河面无漂浮物，河岸无垃圾堆放。\n二、治理秸秆焚烧\n由镇农业服务中心承办，镇派出所配合。\n实现全年零火点。";
    let r = split(&paragraphs(text)).records;
    assert_eq!(r.len(), 2, "{r:#?}");
    assert_eq!(r[0].task.as_deref(), Some("整治河道垃圾"));
    assert_eq!(
        r[0].requirement,
        "整治目标：\n河面无漂浮物，河岸无垃圾堆放。"
    );
    assert_eq!(r[1].task.as_deref(), Some("治理秸秆焚烧"));
    assert_eq!(r[1].requirement, "实现全年零火点。");
}

#[test]
fn labels_in_brackets_or_after_a_space_close_an_item() {
    let text = "一、教育\n1.新建城区幼儿园两所，新增学位五百个。【牵头单位】县教育局【配合单位】县住建局、县财政局【完成时限】2024年8月底前\n2.实施中小学食堂改造十所。\n【责任单位】县教育局\n【完成时限】2024年12月底前\n3.推进县域医共体建设，实现乡镇卫生院全覆盖 牵头单位：县卫健委 配合单位：县医保局 完成时限：2024年底";
    let r = split(&paragraphs(text)).records;
    assert_eq!(r.len(), 3, "{r:#?}");
    assert_eq!(r[0].requirement, "新建城区幼儿园两所，新增学位五百个。");
    let units = |k: usize| {
        r[k].units
            .iter()
            .map(|u| u.text.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        units(0),
        ["牵头单位：县教育局", "配合单位：县住建局、县财政局"]
    );
    assert_eq!(
        r[0].deadline.as_ref().map(|d| d.value.text().into_owned()),
        Some("2024年8月底前".to_string())
    );
    assert_eq!(r[1].requirement, "实施中小学食堂改造十所。");
    assert_eq!(units(1), ["责任单位：县教育局"]);
    assert_eq!(r[2].requirement, "推进县域医共体建设，实现乡镇卫生院全覆盖");
    assert_eq!(units(2), ["牵头单位：县卫健委", "配合单位：县医保局"]);
}

#[test]
fn points_numbered_deeper_after_an_item_are_its_body() {
    let text = "一、规范审批\n4.开展审批中介服务清理。（市发展改革委、市司法局按职责分工负责，上半年完成）\n（1）梳理中介服务事项清单；\n（2）公布保留事项及收费标准。\n5.推行告知承诺制。（市司法局牵头，6月底前）";
    let r = split(&paragraphs(text)).records;
    assert_eq!(r.len(), 2, "{r:#?}");
    // The numbered line over its points is the task (without its stop), as
    // `1.完善应急预案体系` / `（1）…` is.
    assert_eq!(r[0].task.as_deref(), Some("开展审批中介服务清理"));
    assert_eq!(
        r[0].requirement,
        "（1）梳理中介服务事项清单；\n（2）公布保留事项及收费标准。"
    );
    assert_eq!(r[0].source, Location::Lines { first: 2, last: 4 });
    // Measures `1.` under a `（一）` item with units of its own, none with units.
    let text = "一、稳住经济大盘\n（一）扩大有效投资。（县发改局牵头，县财政局配合）\n1.谋划储备一批重大项目。\n2.加快专项债券项目建设。\n（二）促进消费回升。（县商务局牵头）\n1.开展促消费活动。";
    let r = split(&paragraphs(text)).records;
    assert_eq!(r.len(), 2, "{r:#?}");
    assert_eq!(r[0].task.as_deref(), Some("扩大有效投资"));
    assert_eq!(
        r[0].requirement,
        "1.谋划储备一批重大项目。\n2.加快专项债券项目建设。"
    );
    assert_eq!(r[1].requirement, "1.开展促消费活动。");
}

#[test]
fn two_brackets_closing_an_item_are_read_together() {
    let text = "一、城市更新\n1.改造老旧小区二十个。（责任单位：区住建局、各街道）（完成时限：2023年12月底前）\n2.新建口袋公园八处。（2023年9月底前完成）（区园林中心牵头，各街道配合）";
    let r = split(&paragraphs(text)).records;
    assert_eq!(r.len(), 2, "{r:#?}");
    assert_eq!(r[0].requirement, "改造老旧小区二十个。");
    assert_eq!(r[0].units.len(), 1);
    assert_eq!(
        r[0].deadline.as_ref().map(|d| d.value.text().into_owned()),
        Some("2023年12月底前".to_string())
    );
    assert_eq!(r[1].requirement, "新建口袋公园八处。");
    assert_eq!(
        r[1].deadline.as_ref().map(|d| d.value.text().into_owned()),
        Some("2023年9月底前完成".to_string())
    );
    // A bracket that says nothing of units stays in the text: `（试行）`.
    let r = split(&paragraphs(
        "1.推行首问负责制度（试行）。（区政务中心负责）",
    ))
    .records;
    assert_eq!(r[0].requirement, "推行首问负责制度（试行）。");
}

#[test]
fn a_headings_overall_lead_goes_to_each_measure_under_it() {
    let text = "一、办好群众身边事（总牵头单位：区民政局）\n1.新建社区食堂五处。（区民政局牵头，各街道配合，9月底前完成）\n2.改造无障碍设施。（区住建局牵头，区残联配合，11月底前完成）\n二、稳住就业（总负责：区人社局）\n3.开发公益岗位二百个。（区人社局牵头，各街道配合，6月底前完成）";
    let r = split(&paragraphs(text)).records;
    assert_eq!(r.len(), 3, "{r:#?}");
    let section = |k: usize| r[k].section.as_ref().and_then(|h| h.title.as_deref());
    assert_eq!(section(0), Some("办好群众身边事"));
    assert_eq!(section(2), Some("稳住就业"));
    assert_eq!(r[0].requirement, "新建社区食堂五处。");
    assert_eq!(
        r[1].extra.get("总牵头单位").map(String::as_str),
        Some("区民政局")
    );
    assert_eq!(
        r[2].extra.get("总负责").map(String::as_str),
        Some("区人社局")
    );
    // Leaders over all the measures go the same way.
    let r = split(&paragraphs(
        "一、办好群众身边事（牵头领导：王明）\n1.新建社区食堂五处。（区民政局负责）",
    ))
    .records;
    assert_eq!(r[0].extra.get("牵头领导").map(String::as_str), Some("王明"));
    // A heading's bracket of plain units (no overall label) is still the item's own.
    let r = split(&paragraphs("一、办好群众身边事（区民政局负责）")).records;
    assert_eq!(r.len(), 1);
    assert!(r[0].extra.is_empty());
}

#[test]
fn a_numbered_title_over_its_measures_is_the_task() {
    let text = "（一）应急体系\n1.完善应急预案体系\n（1）修订总体预案。\n（2）开展应急演练。\n（责任单位：市应急局、各县区人民政府）\n2.健全指挥机制\n（1）建立会商制度。\n（责任单位：市应急局）";
    let r = split(&paragraphs(text)).records;
    assert_eq!(r.len(), 2, "{r:#?}");
    assert_eq!(r[0].task.as_deref(), Some("完善应急预案体系"));
    assert!(
        r[0].requirement.starts_with("（1）修订总体预案。"),
        "{}",
        r[0].requirement
    );
    assert_eq!(r[1].task.as_deref(), Some("健全指挥机制"));
}

#[test]
fn bulleted_lines_after_an_item_are_its_body() {
    let text = "一、稳定经济增长\n1、加强运行调度，确保完成主要指标。（牵头单位：区发改委、区统计局）\n▲地区生产总值增长6%左右\n▲固定资产投资增长8%\n2、做好项目储备。（牵头单位：区发改委）\n▲新增储备项目二十个";
    let split = split(&paragraphs(text));
    let r = &split.records;
    assert_eq!(r.len(), 2, "{r:#?}");
    assert_eq!(
        r[0].requirement,
        "加强运行调度，确保完成主要指标。\n▲地区生产总值增长6%左右\n▲固定资产投资增长8%"
    );
    assert!(r[1].requirement.ends_with("▲新增储备项目二十个"), "{r:#?}");
}

#[test]
fn a_bracket_cut_off_after_a_name_in_brackets_keeps_every_role() {
    let text = "（一）优化准入。推行登记一网通办。〔牵头单位：市市场监管局；配合单位：市公安局，各县（区）人民";
    let r = split(&paragraphs(text)).records;
    assert_eq!(r.len(), 1, "{r:#?}");
    assert_eq!(r[0].requirement, "推行登记一网通办。");
    let texts: Vec<&str> = r[0].units.iter().map(|u| u.text.as_str()).collect();
    assert!(
        texts.iter().any(|t| t.contains("市市场监管局")),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t.contains("市公安局")), "{texts:?}");
}

#[test]
fn a_verb_opening_the_item_is_no_deadline() {
    let text = "（一）优化准入。持续推进服务码应用，推动一企一码。（牵头单位：市市场监管局）\n（二）公开目录。定期公布事项目录，公开办事指南。（牵头单位：市政务服务中心）\n（三）建设平台。2023年6月底前，完成平台建设。（牵头单位：市数据局）";
    let r = split(&paragraphs(text)).records;
    assert_eq!(r.len(), 3, "{r:#?}");
    let deadline = |i: usize| r[i].deadline.as_ref().map(|d| d.value.text().into_owned());
    assert_eq!(deadline(0), None);
    assert_eq!(deadline(1), None);
    assert_eq!(deadline(2), Some("2023年6月底前".into()));
}

#[test]
fn a_plan_without_units_has_its_numbered_measures_as_items() {
    let body = "一、总体要求\n（一）指导思想。以便民为导向，推进服务标准化。\n二、工作目标\n（一）2024年9月底前，建成全镇统一的便民服务目录。\n（二）2025年6月底前，村级服务站点全部达标，服务事项全部网上可办。\n三、主要措施\n1.梳理服务事项。逐项核对镇村两级事项，形成清单。\n四、保障措施\n（一）加强组织领导。成立工作专班。";
    let plan = format!("某镇便民服务标准化工作方案\n为方便群众办事，制定本方案。\n{body}");
    let split = split(&paragraphs(&plan));
    let r = &split.records;
    assert_eq!(r.len(), 3, "{r:#?}");
    assert_eq!(
        r[0].deadline.as_ref().map(|d| d.value.text().into_owned()),
        Some("2024年9月底前".into()),
        "a time opening the item is its deadline"
    );
    assert!(r[0].requirement.starts_with("2024年9月底前，建成"));
    assert!(r.iter().all(|r| r.units.is_empty()));
    assert_eq!(r[2].task.as_deref(), Some("梳理服务事项"));
    assert!(
        split
            .diagnostics
            .iter()
            .any(|d| d.code == Code::ItemWithoutUnits)
    );
    // Rules of a meeting, numbered the same way, are no plan of measures.
    let rules = format!("某镇例会制度\n{body}");
    assert!(super::split(&paragraphs(&rules)).records.is_empty());
}

#[test]
fn a_heading_with_its_units_right_below_is_the_item() {
    let text = "一、主要预期目标\n（一）城镇新增就业八千人以上\n责任单位：区人社局\n（二）粮食产量稳定在上年水平\n牵头单位：区农业农村局\n配合单位：各镇人民政府\n（三）做好防汛准备\n1.汛前排查重点堤段。\n责任单位：区水务局";
    let r = split(&paragraphs(text)).records;
    assert_eq!(r.len(), 3, "{r:#?}");
    assert_eq!(r[0].number, Some(1));
    assert_eq!(r[0].requirement, "城镇新增就业八千人以上");
    assert_eq!(r[0].subsection, None);
    assert_eq!(r[0].section.as_ref().map(|h| h.ordinal), Some(1));
    assert_eq!(r[0].source, Location::Lines { first: 2, last: 3 });
    assert_eq!(r[1].requirement, "粮食产量稳定在上年水平");
    assert_eq!(r[1].units.len(), 2);
    // With text between the heading and its units, the heading stays a heading.
    assert_eq!(r[2].requirement, "汛前排查重点堤段。");
    assert_eq!(r[2].subsection.as_ref().map(|h| h.ordinal), Some(3));
}

#[test]
fn sub_measures_under_a_heading_are_one_item() {
    let text = "（一）加强组织保障\n（1）建立工作专班。\n（2）定期调度进展。\n（责任单位：区发改局、区财政局）\n（二）强化督查考核\n（1）纳入年度考核。\n（责任单位：区委督查室）";
    let r = split(&paragraphs(text)).records;
    assert_eq!(r.len(), 2, "{r:#?}");
    assert_eq!(r[0].task.as_deref(), Some("加强组织保障"));
    assert_eq!(r[0].requirement, "（1）建立工作专班。\n（2）定期调度进展。");
    assert_eq!(r[1].task.as_deref(), Some("强化督查考核"));
}

#[test]
fn a_plans_last_measure_cut_after_its_number_is_an_item() {
    let text = "某县2023年政务公开工作要点\n一、做好信息发布\n（一）及时发布惠农政策。通过网站和公示栏发布补贴标准和发放进度。\n（二）加强涉企信息推";
    let split = split(&paragraphs(text));
    assert_eq!(split.records.len(), 2, "{:?}", split.records);
    assert_eq!(split.records[1].number, Some(2));
    assert!(split.records[1].requirement.contains("加强涉企信息推"));
    assert!(split.records[1].units.is_empty());
}
