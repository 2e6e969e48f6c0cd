use super::*;

/// The paragraphs left and the grids found in a text's lines.
fn tables_of(text: &str) -> (Vec<Paragraph>, Vec<Grid>) {
    let blocks = take_tables(Paragraph::lines_of(text).into_iter().map(Block::Paragraph));
    let parts = super::super::Parts::from_blocks(blocks);
    (parts.paragraphs, parts.grids)
}

/// Each row's cells as text, covered positions read through their anchor.
fn cells(grid: &Grid) -> Vec<Vec<String>> {
    (0..grid.rows.len())
        .map(|r| {
            (0..grid.rows[r].cells.len())
                .map(|c| grid.value(r, c).text().into_owned())
                .collect()
        })
        .collect()
}

#[test]
fn a_heading_after_a_rows_last_cell_heads_the_next_row() {
    // The last column names persons: no cell kind closes the rows, the numbers do.
    let text = "序号\n工作任务\n牵头单位\n责任单位\n责任人\n一、稳定增长\n1\n新增市场主体两千户。\n区市场监管局\n各乡镇\n王明\n2\n新增规上企业十家。\n区经信局\n各乡镇\n李华\n二、乡村振兴\n3\n新建高标准农田两万亩。\n区农业农村局\n区财政局、各乡镇\n赵刚";
    let (_, grids) = tables_of(text);
    let rows = cells(&grids[0]);
    assert_eq!(
        rows[3][..],
        ["2", "新增规上企业十家。", "区经信局", "各乡镇", "李华"],
        "{rows:?}"
    );
    assert_eq!(rows[4][0], "二、乡村振兴", "{rows:?}");
    assert_eq!(rows[5][0], "3", "{rows:?}");
}

#[test]
fn rows_are_anchored_by_the_item_numbers() {
    let text = "某镇重点工作清单\n序号\n工作任务\n责任单位\n完成时限\n1\n完善网格管理。\n综治办\n6月底前\n2\n推进议事协商，\n健全议事规则。\n民政办\n9月底前\n落款";
    let (rest, grids) = tables_of(text);
    assert_eq!(grids.len(), 1);
    let rows = cells(&grids[0]);
    assert_eq!(rows[0], ["序号", "工作任务", "责任单位", "完成时限"]);
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(
        rows[2][1], "推进议事协商，\n健全议事规则。",
        "a wrapped cell is joined: {rows:?}"
    );
    assert_eq!(rows[2][3], "9月底前");
    let rest: Vec<&str> = rest.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(rest, ["某镇重点工作清单", "落款"]);
}

#[test]
fn a_table_with_a_blank_line_after_every_line_is_read_as_without() {
    let text = "某局重点工作任务分解\n\n序号\n\n重 点 工 作 任 务\n\n主要责任单位\n\n协同配合单位\n\n一、主要预期目标\n\n3\n\n城乡居民收入稳步增长。\n\n区人社局\n\n区统计局、区农业农村局\n\n二、扩大有效投资\n\n三、建设宜居城市\n\n41\n\n新建公办幼儿园两所。\n\n区教育局\n\n区住建局\n\n42\n\n改造薄弱学校。\n\n区教育局\n\n各街道办事处\n\n附件：联系人";
    let (rest, grids) = tables_of(text);
    assert_eq!(grids.len(), 1);
    let rows = cells(&grids[0]);
    assert_eq!(
        rows[0],
        ["序号", "重 点 工 作 任 务", "主要责任单位", "协同配合单位"]
    );
    assert_eq!(rows[1][0], "一、主要预期目标", "{rows:?}");
    assert_eq!(
        rows[2],
        [
            "3",
            "城乡居民收入稳步增长。",
            "区人社局",
            "区统计局、区农业农村局"
        ]
    );
    assert_eq!(rows[3][0], "二、扩大有效投资", "{rows:?}");
    assert_eq!(rows[4][0], "三、建设宜居城市", "{rows:?}");
    assert_eq!(
        rows[5],
        ["41", "新建公办幼儿园两所。", "区教育局", "区住建局"]
    );
    assert_eq!(
        rows[6],
        ["42", "改造薄弱学校。", "区教育局", "各街道办事处"]
    );
    assert_eq!(rows.len(), 7, "{rows:?}");
    assert_eq!(
        grids[0].rows[2].number, 13,
        "rows keep their own line numbers"
    );
    let rest: Vec<&str> = rest.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(rest, ["某局重点工作任务分解", "附件：联系人"]);
}

#[test]
fn a_number_in_every_row_the_header_does_not_name_is_a_column_of_its_own() {
    let text = "工作任务\n|\n具体要求\n|\n责任科室\n|\n完成时限\n|\n做好公开\n|\n1\n|\n按时公开规范性文件。\n|\n办公室\n|\n年底前\n|\n2\n|\n做好年度报告。\n|\n综合科\n|\n持续推进\n|\n加强培训\n|\n3\n|\n组织业务培训。\n|\n各科室\n|\n6月底前\n|";
    let (_, grids) = tables_of(text);
    assert_eq!(grids.len(), 1);
    let rows = cells(&grids[0]);
    assert_eq!(
        rows[0],
        ["工作任务", "序号", "具体要求", "责任科室", "完成时限"]
    );
    assert_eq!(
        rows[1],
        ["做好公开", "1", "按时公开规范性文件。", "办公室", "年底前"]
    );
    assert_eq!(
        rows[2][1..],
        ["2", "做好年度报告。", "综合科", "持续推进"],
        "{rows:?}"
    );
    assert_eq!(
        rows[3],
        ["加强培训", "3", "组织业务培训。", "各科室", "6月底前"]
    );
}

#[test]
fn cells_closed_by_bars_are_cells() {
    let text = "工作任务 |\n工作要求 |\n责任单位 |\n加强公开 |\n公开决策目录。 |\n司法局 |\n做好解读 |\n解读重要政策。 |\n政府办 |";
    let (_, grids) = tables_of(text);
    assert_eq!(grids.len(), 1);
    let rows = cells(&grids[0]);
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(rows[1], ["加强公开", "公开决策目录。", "司法局"]);
    assert_eq!(rows[2], ["做好解读", "解读重要政策。", "政府办"]);
}

#[test]
fn without_numbers_a_row_ends_at_its_units_and_a_cut_off_row_stays() {
    let text = "工作任务\n工作要求\n责任单位\n优化服务\n推行一窗受理，\n压缩办理时间。\n区行政审批局\n加强监管\n开展双随机抽查";
    let (_, grids) = tables_of(text);
    assert_eq!(grids.len(), 1);
    let rows = cells(&grids[0]);
    assert_eq!(
        rows[1],
        ["优化服务", "推行一窗受理，\n压缩办理时间。", "区行政审批局"]
    );
    assert_eq!(
        rows.len(),
        3,
        "the row cut off at the end is kept: {rows:?}"
    );
    assert_eq!(rows[2][..2], ["加强监管", "开展双随机抽查"]);
}

#[test]
fn header_words_opening_with_months_and_empty_cells_left_out_at_a_rows_end() {
    let text = "序号 |\n重点任务 |\n牵头单位 |\n1-5月进展 |\n1-6月进展 |\n是否达序 |\n说明 |\n1 |\n修缮中小学校舍 |\n区教育局 |\n开工三所。 |\n完工两所。 |\n是 |\n2 |\n新建口袋公园 |\n区城管局 |\n完成选址。 |\n开工建设。 |\n否 |\n征地未完成。 |\n3 |\n改造老旧管网 |\n区住建局 |\n完成设计。 |\n完成招标。 |\n区住建局\n2023年7月5日";
    let (rest, grids) = tables_of(text);
    assert_eq!(grids.len(), 1);
    let rows = cells(&grids[0]);
    assert_eq!(rows[0][3], "1-5月进展", "{rows:?}");
    assert_eq!(rows[0].len(), 7, "{rows:?}");
    assert_eq!(
        rows[1],
        [
            "1",
            "修缮中小学校舍",
            "区教育局",
            "开工三所。",
            "完工两所。",
            "是",
            ""
        ]
    );
    assert_eq!(rows[2][6], "征地未完成。", "{rows:?}");
    assert_eq!(
        rows[3],
        [
            "3",
            "改造老旧管网",
            "区住建局",
            "完成设计。",
            "完成招标。",
            "",
            ""
        ]
    );
    let rest: Vec<&str> = rest.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        rest,
        ["区住建局", "2023年7月5日"],
        "after the last bar: no row's"
    );
}

#[test]
fn a_count_reading_as_the_next_number_inside_a_row_starts_no_row() {
    let text = "序号 |\n主要任务 |\n全年目标 |\n牵头单位 |\n1-9月进展 |\n1 |\n新建学校 |\n2 |\n区教育局 |\n主体完工。 |\n2 |\n改造公厕 |\n20 |\n区城管局 |\n完成12座。 |";
    let (_, grids) = tables_of(text);
    let rows = cells(&grids[0]);
    assert_eq!(rows[1], ["1", "新建学校", "2", "区教育局", "主体完工。"]);
    assert_eq!(rows[2], ["2", "改造公厕", "20", "区城管局", "完成12座。"]);
}

#[test]
fn a_row_cut_off_where_persons_close_the_rows_keeps_its_cells_where_they_fit() {
    let text = "序号\n工作任务\n牵头单位\n责任单位\n责任人\n一、主要预期目标\n1\n★城镇新增就业三千人。\n区人社局";
    let (_, grids) = tables_of(text);
    assert_eq!(grids.len(), 1);
    let rows = cells(&grids[0]);
    assert_eq!(
        rows.last().map(Vec::as_slice),
        Some(&["1", "★城镇新增就业三千人。", "区人社局", "", ""].map(String::from)[..]),
        "{rows:?}"
    );
}

#[test]
fn short_lines_that_name_no_columns_are_no_table() {
    let text = "一、总体要求\n二、重点任务\n三、保障措施\n各单位要高度重视。";
    let (rest, grids) = tables_of(text);
    assert!(grids.is_empty());
    assert_eq!(rest.len(), 4);
}
