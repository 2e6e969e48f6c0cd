//! `fenjie diff`: the fixtures in fixtures/diff give exactly the expected statuses and changes;
//! the JSON document follows its schema; the command's outputs, folders and exit codes; a
//! shuffled and renumbered copy of a notice is all the same.

use std::path::{Path, PathBuf};

use calamine::Reader as _;
use proptest::prelude::*;

use fenjie::diff::{self, Diff, Field, Side, Status};

use crate::binary::fenjie;

fn fixture(name: &str) -> PathBuf {
    crate::common::fixture_path(&format!("diff/{name}"))
}

fn side(name: &str) -> Side {
    let path = fixture(name);
    fenjie::compare::read(&path, name, &fenjie::Options::default())
        .unwrap_or_else(|e| panic!("{name}: {}", e.reason))
}

fn diff_of(old: &str, new: &str) -> Diff {
    diff::diff(side(old), side(new))
}

/// Each entry as `status old→new field, field…`, for comparing whole diffs at a glance.
fn entries(diff: &Diff) -> Vec<String> {
    diff.items
        .iter()
        .map(|e| {
            let seq = |s: Option<u32>| s.map_or("-".to_string(), |s| s.to_string());
            let fields: Vec<String> = e
                .changes
                .iter()
                .map(|c| fenjie::report::spelling(&c.field))
                .collect();
            format!(
                "{} {}→{} {}",
                fenjie::report::spelling(&e.status),
                seq(e.old),
                seq(e.new),
                fields.join(",")
            )
            .trim_end()
            .to_string()
        })
        .collect()
}

fn change_text(diff: &Diff, old: u32, field: Field) -> String {
    let entry = diff
        .items
        .iter()
        .find(|e| e.old == Some(old))
        .unwrap_or_else(|| panic!("no entry for old item {old}"));
    entry
        .changes
        .iter()
        .find(|c| c.field == field)
        .unwrap_or_else(|| panic!("old item {old} has no {field:?} change"))
        .text
        .clone()
}

#[test]
fn a_revision_gives_exactly_its_changes() {
    let diff = diff_of("qingshan-2023.txt", "qingshan-2023-revised.txt");
    assert_eq!(
        entries(&diff),
        [
            "same 1→1",
            "same 2→2",
            "same 3→3",
            "removed 4→-",
            "changed 10→4 section",
            "changed 5→5 units",
            "changed 6→6 deadline",
            "changed 7→7 requirement",
            // Swapped and renumbered: still the same items.
            "same 9→8",
            "same 8→9",
            "same 11→10",
            "same 12→11",
            "added -→12",
        ]
    );
    let s = diff.summary;
    assert_eq!((s.same, s.changed, s.added, s.removed), (7, 4, 1, 1));
    assert_eq!(diff.deadlines, diff::Deadlines::Absolute);
    assert_eq!(
        change_text(&diff, 5, Field::Units),
        "青山区财政局: cooperate → lead"
    );
    assert_eq!(
        change_text(&diff, 6, Field::Deadline),
        "2023-10-31 → 2023-12-31"
    );
    assert_eq!(
        change_text(&diff, 7, Field::Requirement),
        "…融资担保体系，扩大政府性融资担保业务规模{+，将融资担保费率降至1%以下+}。"
    );
    assert_eq!(
        change_text(&diff, 10, Field::Section),
        "加强法治保障 → 提升政务服务效能"
    );
    let moved = diff.items.iter().find(|e| e.old == Some(10)).unwrap();
    assert!(
        moved.similarity >= 0.85 && moved.similarity < 1.0,
        "{}",
        moved.similarity
    );
}

#[test]
fn next_years_notice_compares_deadlines_by_their_meaning() {
    let diff = diff_of("qingshan-2023.txt", "qingshan-2024.txt");
    assert_eq!(diff.deadlines, diff::Deadlines::Relative);
    assert_eq!((diff.old.year, diff.new.year), (Some(2023), Some(2024)));
    // 6月底前 in 2023 and in 2024 is the same deadline; only the one phrase that moved changed.
    let s = diff.summary;
    assert_eq!((s.same, s.changed, s.added, s.removed), (11, 1, 0, 0));
    assert_eq!(
        change_text(&diff, 6, Field::Deadline),
        "2023-10-31 → 2024-09-30"
    );
    let text = fenjie::emit::diff::text(&diff);
    assert!(
        text.contains("deadlines compared relative to each notice's year (2023 → 2024)"),
        "{text}"
    );
}

#[test]
fn the_same_notice_as_docx_and_text_is_all_the_same() {
    let diff = diff_of("qingshan-2023.txt", "qingshan-2023.docx");
    assert_eq!(diff.summary.same, 12, "{:?}", entries(&diff));
    assert!(!diff.summary.differs());
}

#[test]
fn a_json_document_compares_as_its_notice() {
    let dir = tempfile::tempdir().unwrap();
    let out = fenjie(
        &[
            "convert",
            fixture("qingshan-2023-revised.txt").to_str().unwrap(),
            "-o",
            "revised.json",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    let from_json = diff::diff(
        side("qingshan-2023.txt"),
        fenjie::compare::read(
            &dir.path().join("revised.json"),
            "revised.json",
            &fenjie::Options::default(),
        )
        .map_err(|e| e.reason)
        .unwrap(),
    );
    let from_text = diff_of("qingshan-2023.txt", "qingshan-2023-revised.txt");
    assert_eq!(entries(&from_json), entries(&from_text));
}

#[test]
fn the_json_document_follows_its_schema() {
    let dir = tempfile::tempdir().unwrap();
    for (old, new) in [
        ("qingshan-2023.txt", "qingshan-2023-revised.txt"),
        ("qingshan-2023.txt", "qingshan-2024.txt"),
    ] {
        let out = fenjie(
            &[
                "diff",
                fixture(old).to_str().unwrap(),
                fixture(new).to_str().unwrap(),
                "-f",
                "json",
            ],
            dir.path(),
        );
        assert_eq!(out.status.code(), Some(1));
        let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        fenjie::validate::check_diff(&value).unwrap();
        assert!(value["summary"]["changed"].as_u64().unwrap() >= 1);
    }
    // The published file is the one the binary prints.
    let printed = fenjie(&["schema", "--diff"], dir.path());
    let on_disk =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/diff.schema.json"))
            .unwrap();
    assert_eq!(printed.stdout, on_disk);
    // And it refuses what is not a diff.
    let wrong =
        serde_json::json!({"old": {}, "new": {}, "summary": {}, "items": [{"status": "moved"}]});
    assert!(fenjie::validate::check_diff(&wrong).is_err());
}

#[test]
fn text_output_is_a_summary_then_one_line_per_difference() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["qingshan-2023.txt", "qingshan-2023-revised.txt"] {
        std::fs::copy(fixture(name), dir.path().join(name)).unwrap();
    }
    let out = fenjie(
        &["diff", "qingshan-2023.txt", "qingshan-2023-revised.txt"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "qingshan-2023.txt → qingshan-2023-revised.txt: 7 same, 4 changed, 1 added, 1 removed",
            "removed 4 → –  建设政务服务“好差评”体系，差评整改率达到100%。",
            "changed 10 → 4  section: 加强法治保障 → 提升政务服务效能",
            "changed 5 → 5  units: 青山区财政局: cooperate → lead",
            "changed 6 → 6  deadline: 2023-10-31 → 2023-12-31",
            "changed 7 → 7  requirement: …融资担保体系，扩大政府性融资担保业务规模{+，将融资担保费率降至1%以下+}。",
            "added   – → 12  开展“万人助万企”活动，建立领导干部挂钩联系重点企业制度。",
        ]
    );
}

#[test]
fn exit_codes_say_same_differs_or_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = |n: &str| fixture(n).to_str().unwrap().to_string();
    let same = fenjie(
        &[
            "diff",
            &path("qingshan-2023.txt"),
            &path("qingshan-2023.docx"),
        ],
        dir.path(),
    );
    assert_eq!(same.status.code(), Some(0));
    let missing = fenjie(
        &["diff", &path("qingshan-2023.txt"), "gone.docx"],
        dir.path(),
    );
    assert_eq!(missing.status.code(), Some(2));
    let message = String::from_utf8_lossy(&missing.stderr);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(message.starts_with("fenjie: gone.docx: "), "{message}");

    std::fs::write(dir.path().join("broken.json"), "{\"tasks\": 3}").unwrap();
    let broken = fenjie(
        &["diff", &path("qingshan-2023.txt"), "broken.json"],
        dir.path(),
    );
    assert_eq!(broken.status.code(), Some(2));
    let message = String::from_utf8_lossy(&broken.stderr);
    assert!(
        message.starts_with("fenjie: broken.json: not a fenjie JSON document"),
        "{message}"
    );

    let contradicts = fenjie(
        &[
            "diff",
            &path("qingshan-2023.txt"),
            &path("qingshan-2024.txt"),
            "-f",
            "json",
            "-o",
            "d.xlsx",
        ],
        dir.path(),
    );
    assert_eq!(contradicts.status.code(), Some(2));
    assert!(!dir.path().join("d.xlsx").exists());

    let mixed = fenjie(&["diff", &path("qingshan-2023.txt"), "."], dir.path());
    assert_eq!(mixed.status.code(), Some(2));
}

#[test]
fn outputs_are_written_in_the_format_their_extension_names() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (
        fixture("qingshan-2023.txt"),
        fixture("qingshan-2023-revised.txt"),
    );
    for name in ["d.json", "d.xlsx", "d.html", "d.txt"] {
        let out = fenjie(
            &[
                "diff",
                old.to_str().unwrap(),
                new.to_str().unwrap(),
                "-o",
                name,
            ],
            dir.path(),
        );
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert!(out.stdout.is_empty());
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("d.json")).unwrap()).unwrap();
    assert_eq!(json["summary"]["removed"], 1);
    let book = std::fs::read(dir.path().join("d.xlsx")).unwrap();
    assert!(book.starts_with(b"PK"));
    let page = std::fs::read_to_string(dir.path().join("d.html")).unwrap();
    assert!(
        page.contains("<td>删除</td>") && page.contains("<ins>"),
        "{page}"
    );
    let text = std::fs::read_to_string(dir.path().join("d.txt")).unwrap();
    assert!(text.starts_with(&format!("{} → ", old.display())));

    // The output never replaces an input.
    std::fs::copy(&old, dir.path().join("old.txt")).unwrap();
    let out = fenjie(
        &["diff", "old.txt", new.to_str().unwrap(), "-o", "old.txt"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read(dir.path().join("old.txt")).unwrap(),
        std::fs::read(&old).unwrap()
    );
}

#[test]
fn the_workbook_has_a_coloured_status_per_item() {
    let diff = diff_of("qingshan-2023.txt", "qingshan-2023-revised.txt");
    let mut bytes = Vec::new();
    fenjie::emit::diff::write(&diff, fenjie::emit::diff::DiffFormat::Xlsx, &mut bytes).unwrap();
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("对照").unwrap();
    let statuses: Vec<String> = sheet.rows().skip(1).map(|r| r[0].to_string()).collect();
    assert_eq!(statuses.len(), 13);
    assert_eq!(statuses.iter().filter(|s| *s == "未变").count(), 7);
    assert_eq!(statuses.iter().filter(|s| *s == "变更").count(), 4);
    assert_eq!(statuses[3], "删除");
    assert_eq!(statuses[12], "新增");
}

#[test]
fn two_folders_pair_notices_by_title_with_the_year_masked() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = (dir.path().join("old"), dir.path().join("new"));
    std::fs::create_dir_all(&old).unwrap();
    std::fs::create_dir_all(&new).unwrap();
    std::fs::copy(fixture("qingshan-2023.txt"), old.join("a.txt")).unwrap();
    std::fs::copy(fixture("qingshan-2024.txt"), new.join("b.txt")).unwrap();
    // The same bytes under another name pair by key.
    std::fs::copy(fixture("qingshan-2023-revised.txt"), old.join("r.txt")).unwrap();
    std::fs::copy(fixture("qingshan-2023-revised.txt"), new.join("r2.txt")).unwrap();
    std::fs::write(old.join("readme.md"), "not a notice").unwrap();

    let out = fenjie(
        &["diff", "old", "new", "-o", "out", "-f", "json"],
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/summary.json")).unwrap())
            .unwrap();
    let pairs: Vec<(String, String, String)> = summary["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["old"].as_str().unwrap().to_string(),
                p["new"].as_str().unwrap().to_string(),
                p["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("a.txt".into(), "b.txt".into(), "differs".into()),
            ("r.txt".into(), "r2.txt".into(), "same".into()),
        ]
    );
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/b.txt.diff.json")).unwrap())
            .unwrap();
    assert_eq!(written["deadlines"], "relative");

    // Without an output folder: each pair's text and a summary line, on standard output.
    let out = fenjie(&["diff", "old", "new"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.ends_with(
            "2 pairs: 1 same, 1 differ; 0 only in the old folder, 0 only in the new, 0 failed\n"
        ),
        "{stdout}"
    );
}

/// A notice of `items` (requirement, units, deadline) as a tab-separated table, numbered in order.
fn notice(items: &[(String, &str, &str)]) -> String {
    let mut text = String::from(
        "江城市青山区人民政府办公室关于印发2023年重点工作任务分解表的通知\n\n序号\t工作要求\t责任单位\t完成时限\n",
    );
    for (n, (requirement, units, deadline)) in items.iter().enumerate() {
        text.push_str(&format!("{}\t{requirement}\t{units}\t{deadline}\n", n + 1));
    }
    text
}

const VERBS: &[&str] = &[
    "推进", "完善", "建立", "深化", "落实", "开展", "加强", "优化",
];
const OBJECTS: &[&str] = &[
    "政务公开标准化建设",
    "企业开办全程网办",
    "重点项目用地保障",
    "中小企业融资担保体系",
    "政策解读回应机制",
    "基层公开专区建设",
    "涉企行政执法监督",
    "诉求快速响应机制",
    "营商环境专项监督",
    "水电气报装一站式服务",
];
const UNITS: &[&str] = &[
    "区发改局牵头，区财政局配合",
    "区司法局",
    "区市场监管局牵头，各街道办配合",
    "区人社局、区教育局",
];
const DEADLINES: &[&str] = &["6月底前", "年底前", "持续推进", "每季度", "10月底前"];

fn item() -> impl Strategy<Value = (String, &'static str, &'static str)> {
    (
        0..VERBS.len(),
        0..OBJECTS.len(),
        0..OBJECTS.len(),
        0..UNITS.len(),
        0..DEADLINES.len(),
    )
        .prop_map(|(v, o, p, u, d)| {
            (
                format!(
                    "{}{}，同步做好{}相关工作。",
                    VERBS[v], OBJECTS[o], OBJECTS[p]
                ),
                UNITS[u],
                DEADLINES[d],
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Items moved about and numbered anew are still the same items, duplicates included.
    #[test]
    fn a_shuffled_and_renumbered_copy_is_all_the_same(
        (items, order) in proptest::collection::vec(item(), 1..30)
            .prop_flat_map(|items| {
                let n = items.len();
                (Just(items), Just((0..n).collect::<Vec<usize>>()).prop_shuffle())
            })
    ) {
        let shuffled: Vec<(String, &str, &str)> = order.iter().map(|&i| items[i].clone()).collect();
        let options = fenjie::Options::default();
        let read = |text: String| {
            let report = fenjie::convert("n.txt", text.as_bytes(), &options).unwrap();
            Side::from_report(&report).unwrap()
        };
        let diff = diff::diff(read(notice(&items)), read(notice(&shuffled)));
        prop_assert_eq!(diff.summary.same, items.len(), "{:?}", entries(&diff));
        prop_assert!(diff.items.iter().all(|e| e.status == Status::Same));
    }
}
