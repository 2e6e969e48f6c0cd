//! Golden tests: every document in fixtures/ with an expected JSON beside it converts to exactly
//! that JSON (through the same code as `fenjie check`). Set `FENJIE_BLESS=1` to rewrite the expected
//! files, then review the change as a diff.

use std::path::PathBuf;

use fenjie::check::{self, Outcome};

/// One test per fixture, named after it, so a failure names its fixture; `FIXTURES` lists them
/// all and `every_fixture_has_a_case` keeps the list equal to what is in fixtures/.
macro_rules! golden {
    ($($name:ident => $path:literal,)*) => {
        $(
            #[test]
            fn $name() {
                matches_expected($path);
            }
        )*
        const FIXTURES: &[&str] = &[$($path),*];
    };
}

golden! {
    huli_2022_doc => "huli-2022.doc",
    huli_2022_docx => "huli-2022.docx",
    huli_2022_gb2312_html => "huli-2022.gb2312.html",
    huli_2022_html => "huli-2022.html",
    huli_2022_ods => "huli-2022.ods",
    huli_2022_txt => "huli-2022.txt",
    huli_2022_xls => "huli-2022.xls",
    huli_2022_xlsx => "huli-2022.xlsx",
    layouts_a_span_header_docx => "layouts/a-span-header.docx",
    layouts_a_span_header_xlsx => "layouts/a-span-header.xlsx",
    layouts_b_no_deadline_docx => "layouts/b-no-deadline.docx",
    layouts_b_no_deadline_txt => "layouts/b-no-deadline.txt",
    layouts_c_three_levels_docx => "layouts/c-three-levels.docx",
    layouts_c_three_levels_xlsx => "layouts/c-three-levels.xlsx",
    layouts_d_spaced_header_docx => "layouts/d-spaced-header.docx",
    layouts_d_spaced_header_gb18030_txt => "layouts/d-spaced-header.gb18030.txt",
    layouts_e_three_columns_txt => "layouts/e-three-columns.txt",
    layouts_h_web_copy_txt => "layouts/h-web-copy.txt",
    layouts_i_split_tables_docx => "layouts/i-split-tables.docx",
    layouts_m_pipe_paragraphs_doc => "layouts/m-pipe-paragraphs.doc",
    layouts_m_pipe_paragraphs_docx => "layouts/m-pipe-paragraphs.docx",
    layouts_m_pipe_paragraphs_html => "layouts/m-pipe-paragraphs.html",
    layouts_m_pipe_paragraphs_txt => "layouts/m-pipe-paragraphs.txt",
    layouts_n_spaced_columns_doc => "layouts/n-spaced-columns.doc",
    layouts_n_spaced_columns_docx => "layouts/n-spaced-columns.docx",
    layouts_n_spaced_columns_html => "layouts/n-spaced-columns.html",
    layouts_n_spaced_columns_txt => "layouts/n-spaced-columns.txt",
    layouts_p_tab_columns_doc => "layouts/p-tab-columns.doc",
    layouts_p_tab_columns_docx => "layouts/p-tab-columns.docx",
    layouts_p_tab_columns_html => "layouts/p-tab-columns.html",
    layouts_p_tab_columns_txt => "layouts/p-tab-columns.txt",
    layouts_q_double_spaced_txt => "layouts/q-double-spaced.txt",
    layouts_r_bar_lines_txt => "layouts/r-bar-lines.txt",
    layouts_s_field_forms_txt => "layouts/s-field-forms.txt",
    layouts_t_progress_lines_txt => "layouts/t-progress-lines.txt",
    layouts_u_cut_persons_txt => "layouts/u-cut-persons.txt",
    layouts_v_cut_description_txt => "layouts/v-cut-description.txt",
    lists_a_brackets_district_docx => "lists/a-brackets-district.docx",
    lists_a_brackets_district_html => "lists/a-brackets-district.html",
    lists_a_brackets_district_txt => "lists/a-brackets-district.txt",
    lists_b_label_lines_city_doc => "lists/b-label-lines-city.doc",
    lists_b_label_lines_city_docx => "lists/b-label-lines-city.docx",
    lists_b_label_lines_city_txt => "lists/b-label-lines-city.txt",
    lists_c_traditional_province_doc => "lists/c-traditional-province.doc",
    lists_c_traditional_province_docx => "lists/c-traditional-province.docx",
    lists_c_traditional_province_txt => "lists/c-traditional-province.txt",
    lists_d_sub_measures_town_docx => "lists/d-sub-measures-town.docx",
    lists_d_sub_measures_town_txt => "lists/d-sub-measures-town.txt",
    lists_e_plan_without_units_docx => "lists/e-plan-without-units.docx",
    lists_e_plan_without_units_txt => "lists/e-plan-without-units.txt",
    lists_f_units_first_county_docx => "lists/f-units-first-county.docx",
    lists_f_units_first_county_txt => "lists/f-units-first-county.txt",
    lists_g_run_on_copy_docx => "lists/g-run-on-copy.docx",
    lists_g_run_on_copy_html => "lists/g-run-on-copy.html",
    lists_g_run_on_copy_txt => "lists/g-run-on-copy.txt",
    lists_h_damaged_mirror_docx => "lists/h-damaged-mirror.docx",
    lists_h_damaged_mirror_html => "lists/h-damaged-mirror.html",
    lists_h_damaged_mirror_txt => "lists/h-damaged-mirror.txt",
    lists_i_page_metadata_html => "lists/i-page-metadata.html",
    lists_i_page_metadata_txt => "lists/i-page-metadata.txt",
    lists_j_list_then_table_docx => "lists/j-list-then-table.docx",
    lists_j_list_then_table_html => "lists/j-list-then-table.html",
    lists_j_list_then_table_txt => "lists/j-list-then-table.txt",
    lists_k_overall_lead_txt => "lists/k-overall-lead.txt",
    lists_l_letter_then_plan_txt => "lists/l-letter-then-plan.txt",
    lists_m_mirror_cut_item_txt => "lists/m-mirror-cut-item.txt",
    lists_n_headed_points_txt => "lists/n-headed-points.txt",
    lists_o_headed_units_txt => "lists/o-headed-units.txt",
    tables_f_unknown_header_txt => "tables/f-unknown-header.txt",
    tables_f_unknown_header_xlsx => "tables/f-unknown-header.xlsx",
    tables_g_merged_goal_task_docx => "tables/g-merged-goal-task.docx",
    tables_g_merged_goal_task_txt => "tables/g-merged-goal-task.txt",
    tables_g_merged_goal_task_xlsx => "tables/g-merged-goal-task.xlsx",
    tables_h_pipe_seven_columns_txt => "tables/h-pipe-seven-columns.txt",
    tables_i_span_two_columns_docx => "tables/i-span-two-columns.docx",
    tables_i_span_two_columns_xlsx => "tables/i-span-two-columns.xlsx",
    tables_j_one_cell_per_line_txt => "tables/j-one-cell-per-line.txt",
    tables_k_sub_rows_docx => "tables/k-sub-rows.docx",
    tables_k_sub_rows_xlsx => "tables/k-sub-rows.xlsx",
    tables_l_cut_copy_txt => "tables/l-cut-copy.txt",
    tables_o_two_row_header_docx => "tables/o-two-row-header.docx",
    tables_o_two_row_header_xlsx => "tables/o-two-row-header.xlsx",
    tables_q_merged_section_ods => "tables/q-merged-section.ods",
    tables_r_blank_cell_lines_doc => "tables/r-blank-cell-lines.doc",
    tables_r_blank_cell_lines_docx => "tables/r-blank-cell-lines.docx",
    tables_r_blank_cell_lines_html => "tables/r-blank-cell-lines.html",
    tables_r_blank_cell_lines_txt => "tables/r-blank-cell-lines.txt",
    tables_v_cut_pipe_row_txt => "tables/v-cut-pipe-row.txt",
    tables_w_pipe_lost_task_txt => "tables/w-pipe-lost-task.txt",
}

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Converts one fixture (through the same code as `fenjie check`) and compares it with its
/// expected JSON; with `FENJIE_BLESS` set, rewrites the expected file instead.
fn matches_expected(fixture: &str) {
    let document = fixtures().join(fixture);
    let bless = std::env::var_os("FENJIE_BLESS").is_some();
    match check::check_document(&document, &fenjie::Options::default(), bless) {
        Outcome::Same | Outcome::Blessed => {}
        Outcome::Differs(differences) => panic!(
            "{fixture} differs from its expected JSON (FENJIE_BLESS=1 cargo test --test integration golden rewrites it):\n{}",
            differences
                .iter()
                .map(|d| format!("  {d}"))
                .collect::<Vec<_>>()
                .join("\n")
        ),
        Outcome::Failed(message) => panic!("{fixture}: {message}"),
    }
}

#[test]
fn every_fixture_has_a_case() {
    let root = fixtures();
    let on_disk: Vec<String> = check::documents(std::slice::from_ref(&root), false)
        .expect("fixtures/ is readable")
        .iter()
        .map(|d| {
            d.strip_prefix(&root)
                .unwrap_or(d)
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    let mut listed: Vec<String> = FIXTURES
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    listed.sort();
    let mut on_disk = on_disk;
    on_disk.sort();
    assert_eq!(listed, on_disk, "add a golden! case for each new fixture");
}

/// All string values of a JSON document, joined.
fn strings(v: &serde_json::Value, out: &mut String) {
    match v {
        serde_json::Value::String(s) => {
            out.push_str(s);
            out.push('\n');
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

/// Nothing lost, checked independently of the records stage: the text of every non-empty cell of
/// every task table (less its heading or item number) appears in some field or diagnostic.
#[test]
fn nothing_is_lost_in_any_fixture() {
    use fenjie::text::clean;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let documents = check::documents(&[root], false).expect("fixtures/ is readable");
    for document in &documents {
        let options = check::options_for(document, &fenjie::Options::default()).unwrap();
        let bytes = std::fs::read(document).unwrap();
        let report = fenjie::convert("x", &bytes, &options).unwrap();
        assert!(
            !report
                .diagnostics
                .iter()
                .any(|d| d.code == fenjie::Code::CellUnaccounted),
            "{}: {:?}",
            document.display(),
            report.diagnostics
        );
        let mut all = String::new();
        strings(&serde_json::to_value(&report).unwrap(), &mut all);
        let all: String = all.chars().filter(|c| !c.is_whitespace()).collect();
        let mut doc = fenjie::ingest::read(&bytes, &options.read).unwrap();
        let parts = fenjie::layout::Parts::from_blocks(fenjie::layout::lines::take_tables(
            doc.take_blocks(),
        ));
        let separated = fenjie::layout::separated(&parts.paragraphs, &parts.order);
        let Ok(layout) = fenjie::layout::lay_out_between(&parts.grids, &separated) else {
            list_text_is_kept(document, &parts.paragraphs, &report, &all);
            continue;
        };
        let mut checked = 0;
        for table in &layout.tables {
            for row in &table.rows {
                for slot in row.slots.iter().chain(&row.overflow).filter(|s| s.is_own()) {
                    for line in clean(&slot.value.text()).lines() {
                        let rest = match (
                            fenjie::outline::heading(line),
                            fenjie::outline::item_number(line),
                        ) {
                            (Some(h), _) => h.title,
                            (None, Some((_, rest))) => rest,
                            (None, None) => line,
                        };
                        let rest: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
                        assert!(
                            all.contains(&rest),
                            "{}: {} lost: {rest:?}",
                            document.display(),
                            slot.location
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(
            checked > 10,
            "{}: only {checked} cells checked",
            document.display()
        );
    }
}

/// A notice written as paragraphs: every phrase of every paragraph from the first item to the
/// last (between punctuation, less numbering and labels) appears in some field or diagnostic.
fn list_text_is_kept(
    document: &std::path::Path,
    paragraphs: &[fenjie::ingest::Paragraph],
    report: &fenjie::Report,
    all: &str,
) {
    // The paragraph an item's source starts at: `line 9`, `lines 9–12`, `paragraph 14`, `paragraphs 14–15`.
    let starts = |source: &str, p: &fenjie::ingest::Paragraph| {
        let here = p.location.to_string();
        let (word, n) = here.split_once(' ').unwrap_or((&here, ""));
        source == here || source.starts_with(&format!("{word}s {n}–"))
    };
    let first = report.tasks.first().expect("a list fixture has items");
    let last = report.tasks.last().expect("a list fixture has items");
    let start = paragraphs
        .iter()
        .position(|p| starts(&first.source, p))
        .unwrap_or(0);
    let end = paragraphs
        .iter()
        .position(|p| starts(&last.source, p))
        .unwrap_or(0);
    let labels = [
        "单位",
        "部门",
        "时限",
        "时间",
        "领导",
        "責任單位",
        "牽頭單位",
        "配合单位",
    ];
    let mut checked = 0;
    for p in &paragraphs[start..=end.max(start)] {
        let text = fenjie::text::clean(&p.text);
        let text = match fenjie::outline::heading(&text) {
            Some(h) => h.title.to_string(),
            None => {
                fenjie::outline::item_number(&text).map_or(text.clone(), |(_, r)| r.to_string())
            }
        };
        for phrase in text.split(|c: char| "，。；、：:,;（）()【】〔〕".contains(c)) {
            let phrase: String = phrase.chars().filter(|c| !c.is_whitespace()).collect();
            if phrase.chars().count() < 2 || labels.iter().any(|l| phrase.ends_with(l)) {
                continue;
            }
            if report
                .tasks
                .last()
                .is_some_and(|t| !all.contains(&phrase) && p.location.to_string() > t.source)
            {
                continue;
            }
            assert!(
                all.contains(&phrase),
                "{}: {} lost: {phrase:?}",
                document.display(),
                p.location
            );
            checked += 1;
        }
    }
    assert!(
        checked > 10,
        "{}: only {checked} phrases checked",
        document.display()
    );
}
