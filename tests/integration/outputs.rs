//! What integrators and clerks rely on in the outputs: stable notice keys and task ids, a
//! database updated in place, a versioned contract in every output, CSV that Excel opens, and
//! the command-line conventions (`-` for standard input and output, flags that do not apply
//! refused).

use std::path::Path;

use crate::binary::fenjie;

fn fixture(name: &str) -> std::path::PathBuf {
    crate::common::fixture_path(name)
}

fn convert(name: &str, bytes: &[u8]) -> fenjie::Report {
    fenjie::convert(name, bytes, &fenjie::Options::default()).unwrap()
}

fn ids(report: &fenjie::Report) -> Vec<String> {
    report.tasks.iter().map(|t| t.id.clone()).collect()
}

/// The notice re-saved: a blank line added at the end, so its bytes (and SHA-256) differ.
fn resaved(path: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(path).unwrap();
    bytes.extend_from_slice(b"\n\n");
    bytes
}

#[test]
fn task_ids_are_equal_across_runs_after_resaving_and_across_formats() {
    let original = std::fs::read(fixture("huli-2022.txt")).unwrap();
    let first = convert("a.txt", &original);
    let again = convert("b.txt", &original);
    let changed = convert("a.txt", &resaved(&fixture("huli-2022.txt")));
    assert_ne!(first.source.sha256, changed.source.sha256);
    assert_eq!(first.key, "doc:厦湖府办函〔2022〕80号");
    assert_eq!(first.key, changed.key);
    assert_eq!(ids(&first), ids(&again));
    assert_eq!(ids(&first), ids(&changed));
    let docx = convert("a.docx", &std::fs::read(fixture("huli-2022.docx")).unwrap());
    assert_eq!(ids(&first), ids(&docx));
    let distinct: std::collections::HashSet<_> = ids(&first).into_iter().collect();
    assert_eq!(distinct.len(), first.tasks.len());
}

#[test]
fn a_notice_without_a_document_number_is_keyed_by_issuer_title_and_year_else_by_its_hash() {
    let titled = convert(
        "t.txt",
        "湖里区禾山街道办事处关于印发2022年人居环境整治工作方案的通知\n工作任务\t工作要求\t责任单位\t时限\n一、甲\t要求。\t司法局\t年底前\n".as_bytes(),
    );
    assert!(titled.key.starts_with("title:"), "{}", titled.key);
    assert!(titled.key.ends_with("|2022"), "{}", titled.key);
    let bare = convert(
        "b.txt",
        "工作任务\t工作要求\t责任单位\t时限\n一、甲\t要求。\t司法局\t年底前\n".as_bytes(),
    );
    assert_eq!(bare.key, format!("sha256:{}", bare.source.sha256));
}

#[test]
fn storing_a_resaved_notice_again_replaces_its_tasks_under_the_same_ids() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("huli-2022.txt"), dir.path().join("n.txt")).unwrap();
    std::fs::write(
        dir.path().join("resaved.txt"),
        resaved(&fixture("huli-2022.txt")),
    )
    .unwrap();
    let db = dir.path().join("tasks.db");
    let ids = || -> Vec<String> {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let mut stmt = conn.prepare("SELECT id FROM tasks ORDER BY seq").unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let out = fenjie(&["convert", "n.txt", "-o", "tasks.db"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let before = ids();
    let out = fenjie(&["convert", "resaved.txt", "-o", "tasks.db"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(before.len(), 28);
    assert_eq!(ids(), before);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let one = |sql: &str| -> String { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(one("SELECT CAST(COUNT(*) AS TEXT) FROM notices"), "1");
    assert_eq!(one("SELECT path FROM notices"), "resaved.txt");
    assert_eq!(
        one("SELECT value FROM meta WHERE key = 'schema_version'"),
        fenjie::report::SCHEMA_VERSION
    );
}

#[test]
fn a_database_of_an_earlier_contract_is_refused_and_left_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("huli-2022.txt"), dir.path().join("n.txt")).unwrap();
    let conn = rusqlite::Connection::open(dir.path().join("old.db")).unwrap();
    conn.execute_batch("CREATE TABLE notices (sha256 TEXT PRIMARY KEY, path TEXT NOT NULL);")
        .unwrap();
    drop(conn);
    let out = fenjie(&["convert", "n.txt", "-o", "old.db"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("schema version"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let conn = rusqlite::Connection::open(dir.path().join("old.db")).unwrap();
    let tables: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tables, 1);
}

#[test]
fn every_output_carries_the_schema_version_and_the_ids() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("huli-2022.txt"), dir.path().join("n.txt")).unwrap();
    let version = fenjie::report::SCHEMA_VERSION;

    let out = fenjie(&["convert", "n.txt"], dir.path());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["schema_version"], version);
    let schema: serde_json::Value = serde_json::from_str(fenjie::validate::SCHEMA).unwrap();
    assert_eq!(
        schema["$id"],
        format!("urn:fenjie:schema:notice:{version}").as_str()
    );
    assert_eq!(schema["$defs"]["schema_version"]["const"], version);

    let out = fenjie(&["convert", "n.txt", "-f", "jsonl"], dir.path());
    let lines = String::from_utf8(out.stdout).unwrap();
    assert_eq!(lines.lines().count(), 28);
    for line in lines.lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(record["schema_version"], version);
        assert_eq!(record["notice"]["key"], json["key"]);
        fenjie::validate::check_record(&record).unwrap();
    }

    let out = fenjie(
        &["convert", "n.txt", "-o", "n.csv", "--datapackage"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    let mut csv = csv::Reader::from_path(dir.path().join("n.csv")).unwrap();
    assert_eq!(&csv.headers().unwrap()[0], "id");
    let first = csv.records().next().unwrap().unwrap();
    assert_eq!(&first[0], json["tasks"][0]["id"].as_str().unwrap());
    let package: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("n.csv.datapackage.json")).unwrap())
            .unwrap();
    assert_eq!(package["version"], version);
    assert_eq!(
        package["resources"][0]["schema"]["primaryKey"],
        serde_json::json!(["id"])
    );

    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::copy(fixture("huli-2022.txt"), dir.path().join("in/n.txt")).unwrap();
    let out = fenjie(&["batch", "in", "-o", "out"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/summary.json")).unwrap())
            .unwrap();
    assert_eq!(summary["schema_version"], version);
}

#[test]
fn the_published_record_schema_is_the_notice_schemas_record_definition() {
    let published: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/record.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    assert_eq!(published, fenjie::validate::record_schema());
}

#[test]
fn every_ongoing_deadline_is_ongoing() {
    let report = convert("n.txt", &std::fs::read(fixture("huli-2022.txt")).unwrap());
    let ongoing: Vec<_> = report
        .tasks
        .iter()
        .filter(|t| t.deadline.kind == fenjie::report::DeadlineKind::Ongoing)
        .collect();
    assert!(!ongoing.is_empty());
    assert!(ongoing.iter().all(|t| t.deadline.ongoing));
}

fn run_with_stdin(args: &[&str], dir: &Path, input: &[u8]) -> std::process::Output {
    use std::io::Write as _;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_fenjie"))
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn csv_for_people_starts_with_a_bom_unless_told_not_to() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("huli-2022.txt"), dir.path().join("n.txt")).unwrap();
    let read = |name: &str| std::fs::read(dir.path().join(name)).unwrap();
    let out = fenjie(
        &["convert", "n.txt", "-o", "zh.csv", "--headers", "zh"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(read("zh.csv").starts_with("\u{feff}任务编号,".as_bytes()));
    let out = fenjie(
        &[
            "convert",
            "n.txt",
            "-o",
            "plain.csv",
            "--headers",
            "zh",
            "--no-bom",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(read("plain.csv").starts_with("任务编号,".as_bytes()));
    let out = fenjie(
        &["convert", "n.txt", "-o", "lang.csv", "--lang", "zh"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(read("lang.csv").starts_with("\u{feff}id,".as_bytes()));
    // CSV for machines has none unless asked.
    let out = fenjie(&["convert", "n.txt", "-o", "en.csv"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(read("en.csv").starts_with(b"id,"));
    let out = fenjie(&["convert", "--help"], dir.path());
    assert!(String::from_utf8_lossy(&out.stdout).contains("--no-bom"));
}

#[test]
fn a_dash_is_standard_output_and_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("huli-2022.txt"), dir.path().join("n.txt")).unwrap();
    let out = fenjie(&["convert", "n.txt", "-o", "-", "-q"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(!dir.path().join("-").exists());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["tasks"].as_array().unwrap().len(), 28);
    let out = fenjie(&["review", "n.txt", "-o", "-", "-q"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(!dir.path().join("-").exists());
    assert!(String::from_utf8_lossy(&out.stdout).contains("<html"));

    // validate - reads a document or JSON Lines from standard input.
    let out = run_with_stdin(
        &["validate", "-"],
        dir.path(),
        &serde_json::to_vec(&json).unwrap(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = fenjie(&["convert", "n.txt", "-f", "jsonl", "-q"], dir.path()).stdout;
    let out = run_with_stdin(&["validate", "-"], dir.path(), &lines);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(dir.path().join("tasks.jsonl"), &lines).unwrap();
    let out = fenjie(&["validate", "tasks.jsonl"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let broken = String::from_utf8(lines)
        .unwrap()
        .replacen("\"seq\":1,", "\"seq\":0,", 1);
    let out = run_with_stdin(&["validate", "-"], dir.path(), broken.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 1: /task/seq"));

    // batch - takes the paths to convert from standard input, one per line.
    std::fs::copy(
        fixture("lists/b-label-lines-city.txt"),
        dir.path().join("b.txt"),
    )
    .unwrap();
    let out = run_with_stdin(
        &["batch", "-", "-o", "out", "-q"],
        dir.path(),
        b"n.txt\r\nb.txt\n",
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/summary.json")).unwrap())
            .unwrap();
    assert_eq!(summary["converted"], 2);
    assert_eq!(summary["tasks"], 28 + 5);
}

#[test]
fn review_refuses_the_flags_of_a_conversion() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("huli-2022.txt"), dir.path().join("n.txt")).unwrap();
    for args in [
        &["review", "n.txt", "-f", "csv", "-o", "rv.csv"][..],
        &["review", "n.txt", "-o", "rv.csv"],
        &["review", "n.txt", "--headers", "zh"],
        &["review", "n.txt", "--bom"],
        &["review", "n.txt", "--per-unit"],
    ] {
        let out = fenjie(args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("review writes one HTML page"),
            "{args:?}"
        );
    }
    assert!(!dir.path().join("rv.csv").exists());
}

/// The XML of a workbook part, for what calamine does not read (page setup, widths, heights).
fn part(xlsx: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    std::io::read_to_string(zip.by_name(name).unwrap()).unwrap()
}

#[test]
fn the_workbook_prints_on_landscape_a4_sorts_by_number_and_holds_every_field() {
    use calamine::{Data, DataType as _, Reader};
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("huli-2022.docx"), dir.path().join("n.docx")).unwrap();
    let out = fenjie(&["convert", "n.docx", "-o", "tasks.xlsx"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let path = dir.path().join("tasks.xlsx");
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let tasks = book.worksheet_range("任务").unwrap();
    // 序号 is a number, so the filter sorts 1, 2, …, 10 rather than 1, 10, 11.
    let numbers: Vec<&Data> = tasks.rows().skip(1).map(|r| &r[0]).collect();
    assert_eq!(numbers.len(), 28);
    assert!(
        numbers
            .iter()
            .all(|n| matches!(n, Data::Float(_) | Data::Int(_))),
        "{numbers:?}"
    );
    assert_eq!(numbers[9].as_f64(), Some(10.0));

    // The header row repeats on every printed page.
    let names = book.defined_names().to_vec();
    assert!(
        names
            .iter()
            .any(|(n, v)| n == "_xlnm.Print_Titles" && v.contains("$1:$1")),
        "{names:?}"
    );
    let sheet = part(&path, "xl/worksheets/sheet1.xml");
    // A4 landscape, as wide as one page, as long as it takes.
    assert!(sheet.contains(r#"paperSize="9""#), "{sheet}");
    assert!(sheet.contains(r#"orientation="landscape""#));
    assert!(sheet.contains(r#"fitToPage="1""#));
    assert!(sheet.contains(r#"fitToHeight="0""#));
    // Rows are as tall as their wrapped text: the long requirements take several lines.
    let heights: Vec<f64> = sheet
        .split("<row ")
        .skip(2)
        .map(|row| {
            let ht = row
                .split("ht=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            ht.parse().unwrap()
        })
        .collect();
    assert_eq!(heights.len(), 28);
    assert!(heights.iter().all(|h| *h >= 18.0), "{heights:?}");
    assert!(heights.iter().any(|h| *h >= 60.0), "{heights:?}");
    // Columns are as wide as their content, within limits: 序号 narrow, 工作要求 wide.
    let widths: Vec<f64> = sheet
        .split("<col ")
        .skip(1)
        .map(|c| {
            let w = c
                .split("width=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            w.parse().unwrap()
        })
        .collect();
    assert!(widths[0] < 10.0 && widths[4] > 40.0, "{widths:?}");
}

#[test]
fn the_workbook_holds_the_notes_and_the_notices_own_columns() {
    use calamine::Reader;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("n.txt"),
        "工作任务\t工作要求\t责任单位\t完成时限\t备注\t督办科室\n\
         一、甲\t要求一。\t司法局\t年底前\t每月报送\t督查室\n\
         二、乙\t要求二。\t财政局\t6月底前\t\t法制科\n",
    )
    .unwrap();
    let out = fenjie(&["convert", "n.txt", "-o", "tasks.xlsx", "-q"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value =
        serde_json::from_slice(&fenjie(&["convert", "n.txt", "-q"], dir.path()).stdout).unwrap();
    assert_eq!(json["tasks"][0]["extra"]["督办科室"], "督查室");
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(dir.path().join("tasks.xlsx")).unwrap();
    let tasks = book.worksheet_range("任务").unwrap();
    let header: Vec<String> = tasks
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row1: Vec<String> = tasks
        .rows()
        .nth(1)
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(row1[at("备注")], "每月报送");
    assert_eq!(row1[at("督办科室")], "督查室");
    assert_eq!(
        row1[at("任务编号")],
        json["tasks"][0]["id"].as_str().unwrap()
    );
}

#[test]
fn people_read_chinese_places_and_values_and_machines_english() {
    use calamine::Reader;
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("huli-2022.docx"), dir.path().join("n.docx")).unwrap();
    let run = |args: &[&str]| {
        let out = fenjie(args, dir.path());
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let records = |name: &str| -> Vec<csv::StringRecord> {
        let text = std::fs::read_to_string(dir.path().join(name)).unwrap();
        let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        reader.records().map(Result::unwrap).collect()
    };
    // Chinese headers: Chinese values and places.
    run(&["convert", "n.docx", "-o", "zh.csv", "--headers", "zh", "-q"]);
    let zh = records("zh.csv");
    let last = zh[0].len() - 1;
    assert_eq!(&zh[1][last], "表1 第3行");
    assert!(zh.iter().any(|r| r.iter().any(|f| f == "持续推进")));
    assert!(
        zh.iter()
            .all(|r| !r.iter().any(|f| f == "ongoing" || f == "true"))
    );
    // English headers: serde's spellings, unless --lang zh.
    run(&["convert", "n.docx", "-o", "en.csv", "-q"]);
    let en = records("en.csv");
    assert_eq!(&en[1][last], "table 1, row 3");
    assert!(en.iter().any(|r| r.iter().any(|f| f == "ongoing")));
    run(&["convert", "n.docx", "-o", "mixed.csv", "--lang", "zh", "-q"]);
    assert_eq!(&records("mixed.csv")[1][last], "表1 第3行");
    run(&[
        "convert",
        "n.docx",
        "-o",
        "zh-en.csv",
        "--headers",
        "zh",
        "--lang",
        "en",
        "-q",
    ]);
    assert_eq!(&records("zh-en.csv")[1][last], "table 1, row 3");

    // The workbook is Chinese by default, English places with --lang en.
    run(&["convert", "n.docx", "-o", "zh.xlsx", "-q"]);
    run(&["convert", "n.docx", "-o", "en.xlsx", "--lang", "en", "-q"]);
    let source = |name: &str| -> String {
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(dir.path().join(name)).unwrap();
        let tasks = book.worksheet_range("任务").unwrap();
        let header: Vec<String> = tasks
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(ToString::to_string)
            .collect();
        let at = header.iter().position(|h| h == "来源").unwrap();
        tasks.rows().nth(2).unwrap()[at].to_string()
    };
    assert_eq!(source("zh.xlsx"), "表1 第3行");
    assert_eq!(source("en.xlsx"), "table 1, row 3");

    // JSON is English unless --lang zh words its diagnostics' messages; JSON Lines and the
    // database are always English: --lang is refused there.
    let messages = |args: &[&str]| -> Vec<String> {
        let out = fenjie(args, dir.path());
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["message"].as_str().unwrap().to_string())
            .collect()
    };
    let english = messages(&["convert", "n.docx", "-q"]);
    let chinese = messages(&["convert", "n.docx", "-q", "--lang", "zh"]);
    assert!(
        english
            .iter()
            .any(|m| m.starts_with("the unit \"直属分局\" is not in the registry"))
    );
    assert!(
        chinese
            .iter()
            .any(|m| m.starts_with("单位 \"直属分局\" 不在单位名录"))
    );
    assert_eq!(english.len(), chinese.len());
    for args in [
        ["convert", "n.docx", "-f", "jsonl", "--lang", "zh"],
        ["convert", "n.docx", "-o", "n.db", "--lang", "zh"],
    ] {
        assert_eq!(fenjie(&args, dir.path()).status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn the_diagnostics_sheet_says_each_problem_in_chinese_with_a_chinese_place() {
    use calamine::Reader;
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("huli-2022.txt"), dir.path().join("n.txt")).unwrap();
    let out = fenjie(&["convert", "n.txt", "-o", "n.xlsx", "-q"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(dir.path().join("n.xlsx")).unwrap();
    let notes = book.worksheet_range("诊断").unwrap();
    let header: Vec<String> = notes
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(header, ["文件", "级别", "代码", "问题", "位置", "说明"]);
    let unknown = notes.rows().find(|r| r[2] == "unknown-unit").unwrap();
    assert_eq!(unknown[1].to_string(), "警告");
    assert_eq!(unknown[3].to_string(), fenjie::Code::UnknownUnit.chinese());
    assert_eq!(unknown[4].to_string(), "第46行 第3列");
    // The detail in Chinese from the same table, the unit's name as written.
    assert!(
        unknown[5]
            .to_string()
            .starts_with("单位 \"直属分局\" 不在单位名录"),
        "{}",
        unknown[5]
    );
    let out = fenjie(
        &["convert", "n.txt", "-o", "en.xlsx", "--lang", "en", "-q"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(dir.path().join("en.xlsx")).unwrap();
    let notes = book.worksheet_range("诊断").unwrap();
    let unknown = notes.rows().find(|r| r[2] == "unknown-unit").unwrap();
    assert_eq!(unknown[1].to_string(), "warning");
    assert!(
        unknown[5]
            .to_string()
            .starts_with("the unit \"直属分局\" is not in the registry"),
        "{}",
        unknown[5]
    );
    // Every code has its Chinese wording.
    for code in fenjie::Code::ALL {
        assert!(
            code.chinese()
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{}",
            code.as_str()
        );
    }
}

#[test]
fn the_review_page_opens_with_a_summary_and_filters_to_flagged_items_without_script() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("huli-2022.docx"), dir.path().join("n.docx")).unwrap();
    let out = fenjie(&["review", "n.docx", "-o", "review.html", "-q"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let page = std::fs::read_to_string(dir.path().join("review.html")).unwrap();
    let html = scraper::Html::parse_document(&page);
    let select = |s: &str| scraper::Selector::parse(s).unwrap();
    let summary: String = html
        .select(&select("p.summary"))
        .next()
        .expect("a summary")
        .text()
        .collect();
    let flagged = html.select(&select("tbody tr.warned")).count();
    assert!(flagged > 0 && flagged < 28, "{flagged}");
    assert!(summary.contains("条目 28"), "{summary}");
    assert!(
        summary.contains(&format!("有警告或未登记单位的条目 {flagged}")),
        "{summary}"
    );
    assert!(summary.contains("直属分局"), "{summary}");
    // The filter is a checkbox before the table and a style rule: no script.
    assert!(
        html.select(&select("input#only-warned ~ table"))
            .next()
            .is_some()
    );
    assert!(page.contains("#only-warned:checked~table tbody tr:not(.warned){display:none}"));
    assert!(!page.contains("<script"));
    // Diagnostics in Chinese, in English with --lang en.
    assert!(page.contains("单位 &quot;直属分局&quot; 不在单位名录"));
    let out = fenjie(
        &["review", "n.docx", "-o", "en.html", "--lang", "en", "-q"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    let page = std::fs::read_to_string(dir.path().join("en.html")).unwrap();
    assert!(page.contains("the unit &quot;直属分局&quot; is not in the registry"));
}

#[test]
fn the_progress_bar_shows_rate_eta_and_failures_and_names_each_failed_file_as_it_happens() {
    // A terminal is needed for the bar: script(1) gives the run one.
    if !Path::new("/usr/bin/script").exists() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::copy(fixture("huli-2022.txt"), dir.path().join("in/n.txt")).unwrap();
    std::fs::write(dir.path().join("in/bad.docx"), b"PK\x03\x04garbage").unwrap();
    let command = format!("{} batch in -o out", env!("CARGO_BIN_EXE_fenjie"));
    let out = std::process::Command::new("/usr/bin/script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir.path())
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(screen.contains("ETA"), "{screen}");
    assert!(screen.contains("/s"), "{screen}");
    assert!(screen.contains("1 failed"), "{screen}");
    assert!(screen.contains("fenjie: in/bad.docx: failed:"), "{screen}");
}

#[test]
fn a_bare_workbook_given_its_jurisdiction_names_units_as_its_notice_does() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("huli-2022.xlsx"), dir.path().join("n.xlsx")).unwrap();
    std::fs::copy(fixture("huli-2022.docx"), dir.path().join("n.docx")).unwrap();
    let units = |args: &[&str]| -> Vec<String> {
        let out = fenjie(args, dir.path());
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|t| t["responsible"]["units"].as_array().unwrap().clone())
            .map(|u| u["name"].as_str().unwrap().to_string())
            .collect()
    };
    let notice = units(&["convert", "n.docx", "-q"]);
    let bare = units(&["convert", "n.xlsx", "-q"]);
    let given = units(&["convert", "n.xlsx", "-q", "--jurisdiction", "厦门市湖里区"]);
    assert!(notice.contains(&"湖里区司法局".to_string()));
    assert_ne!(bare, notice);
    assert_eq!(given, notice);
    // A notice that names its own keeps it.
    assert_eq!(
        units(&["convert", "n.docx", "-q", "--jurisdiction", "厦门市思明区"]),
        notice
    );
    let out = fenjie(&["convert", "n.xlsx", "--jurisdiction", "火星"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_review_page_gives_a_paragraph_notices_tasks_a_wide_column_and_shows_a_split_cell_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("lists/a-brackets-district.txt"),
        dir.path().join("list.txt"),
    )
    .unwrap();
    std::fs::copy(fixture("huli-2022.docx"), dir.path().join("n.docx")).unwrap();
    let page = |input: &str| -> String {
        let out = fenjie(&["review", input, "-o", "rv.html", "-q"], dir.path());
        assert_eq!(out.status.code(), Some(0), "{input}");
        std::fs::read_to_string(dir.path().join("rv.html")).unwrap()
    };
    let select = |s: &str| scraper::Selector::parse(s).unwrap();
    let text = |e: scraper::ElementRef| e.text().collect::<String>();

    // A paragraph notice's task (the item's title) stands in a column of its own, kept wide.
    let list = page("list.txt");
    let html = scraper::Html::parse_document(&list);
    let headers: Vec<String> = html.select(&select("thead th")).map(text).collect();
    assert!(headers.contains(&"工作任务".to_string()), "{headers:?}");
    assert!(list.contains("td.task{min-width:10em}"));
    let task = html
        .select(&select("tr#item-2 td.task"))
        .next()
        .expect("item 2 has a task cell");
    assert_eq!(text(task), "深化工程建设项目审批改革");

    // Two items split from one cell: the cell once beside both, each part marked, the split's
    // diagnostic once.
    let huli = page("n.docx");
    let html = scraper::Html::parse_document(&huli);
    let sources: Vec<_> = html
        .select(&select("td.src"))
        .filter(|td| text(*td).starts_with("表1 第24行"))
        .collect();
    assert_eq!(sources.len(), 1);
    assert_eq!(sources[0].value().attr("rowspan"), Some("2"));
    for (item, part) in [("item-23", "拆分 1/2"), ("item-24", "拆分 2/2")] {
        let mark = html
            .select(&select(&format!("tr#{item} .part")))
            .next()
            .unwrap_or_else(|| panic!("{item} is marked"));
        assert_eq!(text(mark), part);
    }
    assert_eq!(huli.matches("（23–24）").count(), 1);
    // Every row still has its cells: 28 items, the source cells 25.
    assert_eq!(html.select(&select("tbody tr")).count(), 28);
    assert_eq!(html.select(&select("td.src")).count(), 25);
}
