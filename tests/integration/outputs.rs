//! What integrators rely on across runs: stable notice keys and task ids, a database that is
//! updated in place, and a versioned contract in every output.

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
        one("SELECT value FROM meta WHERE name = 'schema_version'"),
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
