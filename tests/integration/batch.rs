//! `fenjie batch` over a folder of notices in every form and encoding, with a corrupt file and a
//! file that is no notice at all.

use std::path::{Path, PathBuf};

use crate::binary::fenjie;

fn fixture(name: &str) -> PathBuf {
    crate::common::fixture_path(name)
}

/// The shared notice as text, docx and xlsx; the text also as GB18030 and as UTF-16 with CRLF;
/// one corrupt docx; one PDF cut short.
fn notices(dir: &Path) {
    let inbox = dir.join("inbox");
    std::fs::create_dir_all(inbox.join("2022")).unwrap();
    for ext in ["txt", "docx", "xlsx"] {
        std::fs::copy(
            fixture(&format!("huli-2022.{ext}")),
            inbox.join(format!("notice.{ext}")),
        )
        .unwrap();
    }
    let text = std::fs::read_to_string(fixture("huli-2022.txt"))
        .unwrap()
        .replace('\n', "\r\n");
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    std::fs::write(inbox.join("2022/notice-gb18030.txt"), gb).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(inbox.join("2022/notice-utf16.txt"), utf16).unwrap();
    let docx = std::fs::read(fixture("huli-2022.docx")).unwrap();
    std::fs::write(inbox.join("2022/corrupt.docx"), &docx[..docx.len() / 3]).unwrap();
    std::fs::write(inbox.join("scan.pdf"), b"%PDF-1.7\n").unwrap();
}

fn summary(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn a_folder_of_notices_converts_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    notices(dir.path());
    // The workbook holds the table alone: the registry the text notice names is given.
    let registry = concat!(env!("CARGO_MANIFEST_DIR"), "/data/units/huli.toml");
    let out = fenjie(
        &[
            "batch",
            "inbox",
            "-o",
            "out",
            "-f",
            "json",
            "--combined",
            "out/all.jsonl",
            "--units",
            registry,
        ],
        dir.path(),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "two files failed: {stderr}");
    assert!(out.stdout.is_empty(), "nothing on stdout");
    assert!(
        stderr.contains("inbox/2022/corrupt.docx: failed: cannot open the zip package"),
        "{stderr}"
    );
    assert!(
        stderr.contains("inbox/scan.pdf: failed: cannot read the PDF"),
        "{stderr}"
    );

    let s = summary(&dir.path().join("out/summary.json"));
    assert_eq!(
        (
            s["converted"].as_u64(),
            s["failed"].as_u64(),
            s["skipped"].as_u64()
        ),
        (Some(5), Some(2), Some(0))
    );
    assert_eq!(s["tasks"], 140);
    let files = s["files"].as_array().unwrap();
    let status: Vec<(&str, &str)> = files
        .iter()
        .map(|f| (f["input"].as_str().unwrap(), f["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        status,
        [
            ("inbox/2022/corrupt.docx", "failed"),
            ("inbox/2022/notice-gb18030.txt", "converted"),
            ("inbox/2022/notice-utf16.txt", "converted"),
            ("inbox/notice.docx", "converted"),
            ("inbox/notice.txt", "converted"),
            ("inbox/notice.xlsx", "converted"),
            ("inbox/scan.pdf", "failed"),
        ]
    );
    // Every good file gives the same 28 tasks.
    let tasks = |name: &str| -> Vec<serde_json::Value> {
        let v = summary(&dir.path().join("out").join(name));
        v["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                let mut t = t.clone();
                t.as_object_mut().unwrap().remove("source");
                // The workbook has no 文号: its notice key, and so its ids, differ.
                t.as_object_mut().unwrap().remove("id");
                t
            })
            .collect()
    };
    let reference = tasks("notice.txt.json");
    assert_eq!(reference.len(), 28);
    for name in [
        "notice.docx.json",
        "notice.xlsx.json",
        "2022/notice-gb18030.txt.json",
        "2022/notice-utf16.txt.json",
    ] {
        assert_eq!(tasks(name), reference, "{name}");
    }
    let combined = std::fs::read_to_string(dir.path().join("out/all.jsonl")).unwrap();
    assert_eq!(combined.lines().count(), 140);
    let first: serde_json::Value = serde_json::from_str(combined.lines().next().unwrap()).unwrap();
    assert_eq!(first["notice"]["path"], "inbox/2022/notice-gb18030.txt");
}

#[test]
fn reruns_and_thread_counts_give_byte_identical_outputs() {
    let dir = tempfile::tempdir().unwrap();
    notices(dir.path());
    for (out, jobs) in [("one", "1"), ("two", "2"), ("again", "2")] {
        fenjie(
            &[
                "batch",
                "inbox",
                "-o",
                out,
                "-f",
                "csv",
                "--jobs",
                jobs,
                "--combined",
                &format!("{out}/all.csv"),
            ],
            dir.path(),
        );
    }
    for name in ["notice.docx.csv", "2022/notice-utf16.txt.csv", "all.csv"] {
        let a = std::fs::read(dir.path().join("one").join(name)).unwrap();
        assert_eq!(
            a,
            std::fs::read(dir.path().join("two").join(name)).unwrap(),
            "{name}"
        );
        assert_eq!(
            a,
            std::fs::read(dir.path().join("again").join(name)).unwrap(),
            "{name}"
        );
    }
    // The summary differs only in timings.
    let strip = |p: &str| {
        let mut s = summary(&dir.path().join(p).join("summary.json"));
        for f in s["files"].as_array_mut().unwrap() {
            f.as_object_mut().unwrap().remove("millis");
            let out = f["output"]
                .as_str()
                .map(|o| o.split_once('/').unwrap().1.to_string());
            f["output"] = serde_json::json!(out);
        }
        s
    };
    assert_eq!(strip("one"), strip("two"));
}

#[test]
fn csv_outputs_come_with_data_packages() {
    let dir = tempfile::tempdir().unwrap();
    notices(dir.path());
    let out = fenjie(
        &[
            "batch",
            "inbox/notice.xlsx",
            "-o",
            "out",
            "-f",
            "csv",
            "--datapackage",
            "--combined",
            "out/all.csv",
        ],
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for name in [
        "notice.xlsx.csv.datapackage.json",
        "all.csv.datapackage.json",
    ] {
        let package = summary(&dir.path().join("out").join(name));
        let resource = &package["resources"][0];
        assert_eq!(resource["profile"], "tabular-data-resource");
        let fields = resource["schema"]["fields"].as_array().unwrap();
        let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
        let mut csv = csv::Reader::from_path(
            dir.path()
                .join("out")
                .join(resource["path"].as_str().unwrap()),
        )
        .unwrap();
        assert_eq!(
            csv.headers().unwrap().iter().collect::<Vec<_>>(),
            names,
            "{name}"
        );
        let kind = fields
            .iter()
            .find(|f| f["name"] == "deadline_kind")
            .unwrap();
        assert_eq!(kind["constraints"]["enum"].as_array().unwrap().len(), 5);
    }
}

#[test]
fn the_output_folder_inside_the_input_is_not_read() {
    let dir = tempfile::tempdir().unwrap();
    notices(dir.path());
    fenjie(&["batch", "inbox", "-o", "inbox/out"], dir.path());
    let out = fenjie(&["batch", "inbox", "-o", "inbox/out"], dir.path());
    let s = summary(&dir.path().join("inbox/out/summary.json"));
    assert_eq!(
        s["files"].as_array().unwrap().len(),
        7,
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn clashing_output_names_are_told_apart_and_a_repeated_file_is_converted_once() {
    let dir = tempfile::tempdir().unwrap();
    for (folder, fixture) in [
        ("x", "huli-2022.txt"),
        ("y", "lists/b-label-lines-city.txt"),
    ] {
        std::fs::create_dir_all(dir.path().join(folder)).unwrap();
        std::fs::copy(
            crate::common::fixture_path(fixture),
            dir.path().join(folder).join("notice.txt"),
        )
        .unwrap();
    }
    let out = fenjie(
        &[
            "batch",
            "x/notice.txt",
            "y/notice.txt",
            "x/notice.txt",
            "./x/../x/notice.txt",
            "-o",
            "out",
            "--combined",
            "out/all.jsonl",
        ],
        dir.path(),
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = |p: &str| std::fs::read_to_string(dir.path().join("out").join(p)).unwrap();
    let x: serde_json::Value = serde_json::from_str(&read("x/notice.txt.json")).unwrap();
    let y: serde_json::Value = serde_json::from_str(&read("y/notice.txt.json")).unwrap();
    assert_eq!(x["tasks"].as_array().unwrap().len(), 28);
    assert_eq!(y["tasks"].as_array().unwrap().len(), 5);
    assert_eq!(read("all.jsonl").lines().count(), 33);
}

#[cfg(unix)]
#[test]
fn links_fifos_and_unreadable_folders_are_listed_never_dropped() {
    use std::os::unix::fs::{PermissionsExt, symlink};
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("in");
    std::fs::create_dir_all(inbox.join("sub")).unwrap();
    std::fs::create_dir_all(inbox.join("locked")).unwrap();
    std::fs::copy(
        crate::common::fixture_path("huli-2022.txt"),
        inbox.join("a.txt"),
    )
    .unwrap();
    std::fs::copy(
        crate::common::fixture_path("huli-2022.txt"),
        inbox.join("locked/b.txt"),
    )
    .unwrap();
    symlink("../a.txt", inbox.join("sub/elsewhere.txt")).unwrap();
    std::fs::copy(
        crate::common::fixture_path("lists/b-label-lines-city.txt"),
        dir.path().join("c.txt"),
    )
    .unwrap();
    symlink("../c.txt", inbox.join("c-link.txt")).unwrap();
    symlink("..", inbox.join("sub/up")).unwrap();
    symlink("nowhere.txt", inbox.join("dangling.txt")).unwrap();
    symlink("/dev/zero", inbox.join("zero.txt")).unwrap();
    let _ = std::process::Command::new("mkfifo")
        .arg(inbox.join("fifo.txt"))
        .status();
    std::fs::set_permissions(inbox.join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    // As root a folder without permissions still reads; then that case says nothing.
    let locked = std::fs::read_dir(inbox.join("locked")).is_err();
    let out = fenjie(&["batch", "in", "-o", "out"], dir.path());
    std::fs::set_permissions(inbox.join("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let summary = summary(&dir.path().join("out/summary.json"));
    let status: Vec<(String, String)> = summary["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["input"].as_str().unwrap().to_string(),
                f["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let has = |input: &str, want: &str| status.iter().any(|(i, s)| i == input && s == want);
    assert!(has("in/a.txt", "converted"), "{status:?}");
    assert!(has("in/c-link.txt", "converted"), "{status:?}");
    assert!(has("in/dangling.txt", "skipped"), "{status:?}");
    assert!(has("in/zero.txt", "skipped"), "{status:?}");
    // The link back up the tree is followed once; in/a.txt by another path is converted once.
    assert!(!status.iter().any(|(i, _)| i.contains("up/")), "{status:?}");
    assert!(
        !status.iter().any(|(i, _)| i.ends_with("elsewhere.txt")),
        "{status:?}"
    );
    if locked {
        assert!(has("in/locked", "failed"), "{status:?}");
        assert_eq!(out.status.code(), Some(1));
    }
}

#[test]
fn a_failed_rerun_removes_the_earlier_output_it_would_contradict() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::copy(
        crate::common::fixture_path("huli-2022.txt"),
        dir.path().join("in/n.txt"),
    )
    .unwrap();
    let out = fenjie(&["batch", "in", "-o", "out"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(dir.path().join("out/n.txt.json").exists());
    // The same name now holds a document that fails.
    std::fs::write(dir.path().join("in/n.txt"), "PK\u{3}\u{4}broken").unwrap();
    let out = fenjie(&["batch", "in", "-o", "out"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.path().join("out/n.txt.json").exists());
    let summary = summary(&dir.path().join("out/summary.json"));
    let reason = summary["files"][0]["reason"].as_str().unwrap();
    assert!(reason.contains("was removed"), "{reason}");
}

#[test]
fn a_second_batch_into_the_same_folder_is_refused_and_a_stale_lock_taken_over() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::create_dir(dir.path().join("out")).unwrap();
    std::fs::copy(
        crate::common::fixture_path("huli-2022.txt"),
        dir.path().join("in/n.txt"),
    )
    .unwrap();
    // A lock held by a live process (this test's).
    std::fs::write(
        dir.path().join("out/.fenjie.lock"),
        std::process::id().to_string(),
    )
    .unwrap();
    let held = std::fs::File::open(dir.path().join("out/.fenjie.lock")).unwrap();
    held.try_lock().unwrap();
    let out = fenjie(&["batch", "in", "-o", "out"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "another fenjie batch (process {})",
            std::process::id()
        )),
        "{stderr}"
    );
    assert!(!dir.path().join("out/summary.json").exists());
    drop(held);
    // A lock whose process is gone.
    std::fs::write(dir.path().join("out/.fenjie.lock"), "4194303").unwrap();
    let out = fenjie(&["batch", "in", "-o", "out"], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !dir.path().join("out/.fenjie.lock").exists(),
        "released at the end"
    );
}

/// A folder holding one notice beside data of every kind: fenjie's own outputs of an earlier
/// run, a unit registry, documentation, a CSV export, English text.
fn notice_among_data(dir: &Path) {
    let inbox = dir.join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::copy(fixture("huli-2022.txt"), inbox.join("notice.txt")).unwrap();
    let earlier = fenjie(
        &["convert", "inbox/notice.txt", "-o", "inbox/notice.json"],
        dir,
    );
    assert_eq!(earlier.status.code(), Some(0));
    let lines = fenjie(&["convert", "inbox/notice.txt", "-f", "jsonl"], dir);
    std::fs::write(inbox.join("all.jsonl"), &lines.stdout).unwrap();
    let csv = fenjie(&["convert", "inbox/notice.txt", "-f", "csv"], dir);
    std::fs::write(inbox.join("all.csv"), &csv.stdout).unwrap();
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/data/units/huli.toml"),
        inbox.join("huli.toml"),
    )
    .unwrap();
    std::fs::copy(fixture("README.md"), inbox.join("README.md")).unwrap();
    std::fs::write(inbox.join("notes.txt"), "call the office on Monday\n").unwrap();
    std::fs::write(
        inbox.join(".fenjie-1-abc.tmp"),
        "工作任务\t责任单位\n加强\t司法局\n",
    )
    .unwrap();
}

#[test]
fn data_files_and_earlier_outputs_are_skipped_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    notice_among_data(dir.path());
    let out = fenjie(&["batch", "inbox", "-o", "out"], dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let s = summary(&dir.path().join("out/summary.json"));
    assert_eq!(
        (s["converted"].as_u64(), s["skipped"].as_u64()),
        (Some(1), Some(7)),
        "{stderr}"
    );
    assert_eq!(s["tasks"], 28);
    let reason = |name: &str| {
        let files = s["files"].as_array().unwrap();
        let entry = files
            .iter()
            .find(|f| f["input"].as_str().unwrap().ends_with(name))
            .unwrap();
        entry["reason"].as_str().unwrap().to_string()
    };
    for (name, kind) in [
        ("notice.json", "JSON"),
        ("all.jsonl", "JSON Lines"),
        ("all.csv", "CSV"),
        ("huli.toml", "TOML"),
        ("README.md", "Markdown"),
        ("notes.txt", "text without Chinese"),
        (".fenjie-1-abc.tmp", "a file fenjie writes"),
    ] {
        assert!(reason(name).contains(kind), "{name}: {}", reason(name));
    }
}

#[test]
fn a_combined_file_inside_the_input_is_never_read_back() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("inbox")).unwrap();
    std::fs::copy(fixture("huli-2022.txt"), dir.path().join("inbox/n.txt")).unwrap();
    for combined in ["inbox/all.jsonl", "inbox/all.csv", "inbox/all.xlsx"] {
        for run in 0..2 {
            let out = fenjie(
                &["batch", "inbox", "-o", "out", "--combined", combined],
                dir.path(),
            );
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(
                out.status.code(),
                Some(0),
                "{combined}, run {run}: {stderr}"
            );
            let s = summary(&dir.path().join("out/summary.json"));
            assert_eq!(s["tasks"], 28, "{combined}, run {run}: {stderr}");
        }
    }
}

#[test]
fn outputs_that_are_one_file_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::copy(fixture("huli-2022.txt"), dir.path().join("in/n.txt")).unwrap();
    let run = |args: &[&str]| {
        let mut all = vec!["batch", "in", "-o", "out"];
        all.extend_from_slice(args);
        fenjie(&all, dir.path())
    };
    for args in [
        &["--sqlite", "out/summary.json"][..],
        &["--combined", "out/summary.json"],
        &["-f", "csv", "--combined", "out/../out/n.txt.csv"],
        &["--combined", "all.csv", "--sqlite", "./all.csv"],
        &["--sqlite", "in/n.txt"],
    ] {
        let out = run(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("would be the same file"),
            "{args:?}: {stderr}"
        );
        assert!(
            !dir.path().join("out").exists(),
            "{args:?}: nothing written"
        );
        assert!(!dir.path().join("all.csv").exists(), "{args:?}");
    }
    let notice = std::fs::read(fixture("huli-2022.txt")).unwrap();
    assert_eq!(std::fs::read(dir.path().join("in/n.txt")).unwrap(), notice);
}

#[test]
fn a_failing_database_is_named_and_the_other_outputs_and_the_summary_are_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::copy(fixture("huli-2022.txt"), dir.path().join("in/a.txt")).unwrap();
    std::fs::copy(
        fixture("lists/b-label-lines-city.txt"),
        dir.path().join("in/b.txt"),
    )
    .unwrap();
    // A fenjie database that refuses every task, as a full disk or another writer would.
    let made = fenjie(&["convert", "in/a.txt", "-o", "tasks.db"], dir.path());
    assert_eq!(made.status.code(), Some(0));
    let conn = rusqlite::Connection::open(dir.path().join("tasks.db")).unwrap();
    conn.execute_batch(
        "CREATE TRIGGER full BEFORE INSERT ON tasks BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END;",
    )
    .unwrap();
    drop(conn);
    let out = fenjie(
        &[
            "batch",
            "in",
            "-o",
            "out",
            "--sqlite",
            "tasks.db",
            "--combined",
            "out/all.csv",
        ],
        dir.path(),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("not complete: tasks.db: cannot store"),
        "{stderr}"
    );
    let s = summary(&dir.path().join("out/summary.json"));
    assert_eq!(s["converted"], 2);
    let incomplete = s["incomplete"].as_array().unwrap();
    assert_eq!(incomplete.len(), 1);
    assert!(
        incomplete[0]
            .as_str()
            .unwrap()
            .contains("database or disk is full")
    );
    for output in ["out/a.txt.json", "out/b.txt.json", "out/all.csv"] {
        assert!(dir.path().join(output).is_file(), "{output}");
    }
}

/// Batches started into one folder at the same moment: exactly one runs, every time.
#[test]
fn batches_started_together_into_one_folder_never_both_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::copy(fixture("huli-2022.txt"), dir.path().join("in/n.txt")).unwrap();
    for round in 0..12 {
        let out = dir.path().join(format!("out{round}"));
        std::fs::create_dir(&out).unwrap();
        // A lock left by a process that has ended: both may try to take it over.
        std::fs::write(out.join(".fenjie.lock"), "4194303").unwrap();
        let start = |_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_fenjie"))
                .args(["batch", "in", "-o", &format!("out{round}"), "-q"])
                .current_dir(dir.path())
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let children: Vec<_> = (0..4).map(start).collect();
        let codes: Vec<Option<i32>> = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap().status.code())
            .collect();
        // One ran (0); the others were refused (2) or started after it ended (0): never two at
        // once, which the lock's holder count shows.
        assert!(
            codes.iter().all(|c| matches!(c, Some(0 | 2))),
            "round {round}: {codes:?}"
        );
        assert!(codes.contains(&Some(0)), "round {round}: {codes:?}");
        assert!(!out.join(".fenjie.lock").exists(), "round {round}");
    }
}

#[test]
fn a_csv_whose_data_package_cannot_be_written_is_not_left_without_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::copy(fixture("huli-2022.txt"), dir.path().join("in/n.txt")).unwrap();
    // The package's place is taken by a folder, as a full disk would refuse it.
    std::fs::create_dir_all(dir.path().join("out/n.txt.csv.datapackage.json")).unwrap();
    let out = fenjie(
        &["batch", "in", "-o", "out", "-f", "csv", "--datapackage"],
        dir.path(),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!dir.path().join("out/n.txt.csv").exists(), "{stderr}");
    let s = summary(&dir.path().join("out/summary.json"));
    let reason = s["files"][0]["reason"].as_str().unwrap();
    assert!(
        reason.contains("cannot write its data package") && reason.contains("the CSV was removed"),
        "{reason}"
    );
}

/// `count` different notices (the shared text notice under document numbers 1…count) in `dir`.
fn numbered_notices(dir: &Path, count: usize) {
    std::fs::create_dir_all(dir).unwrap();
    let text = std::fs::read_to_string(fixture("huli-2022.txt")).unwrap();
    for k in 1..=count {
        let own = text.replace("〔2022〕80号", &format!("〔2022〕{k}号"));
        std::fs::write(dir.join(format!("n{k:03}.txt")), own).unwrap();
    }
}

/// Every row of every table of fenjie's database, in key order, and its indexes.
fn database_rows(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut rows = Vec::new();
    for (table, order) in [
        ("meta", "key"),
        ("notices", "key"),
        ("tasks", "id"),
        ("task_units", "task, position"),
        ("leaders", "task, position"),
        ("diagnostics", "notice, position"),
    ] {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY {order}"))
            .unwrap();
        let columns = stmt.column_count();
        let mut found = stmt.query([]).unwrap();
        while let Some(row) = found.next().unwrap() {
            let values: Vec<String> = (0..columns)
                .map(|i| match row.get_ref(i).unwrap() {
                    rusqlite::types::ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
                    other => format!("{other:?}"),
                })
                .collect();
            rows.push(format!("{table}: {}", values.join(" | ")));
        }
    }
    let mut stmt = conn
        .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name")
        .unwrap();
    let schema = stmt
        .query_map([], |r| {
            Ok(format!(
                "schema: {} {} {} {:?}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?
            ))
        })
        .unwrap()
        .map(Result::unwrap);
    rows.extend(schema);
    rows
}

#[test]
fn a_batch_into_a_database_stores_the_rows_that_storing_each_notice_alone_does() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("in");
    // More notices than one slice of a transaction holds, and the same notice twice (the text
    // and the .docx share a document number): the later input's rows replace the earlier's.
    numbered_notices(&inbox, 70);
    std::fs::copy(fixture("huli-2022.docx"), inbox.join("a-huli.docx")).unwrap();
    std::fs::copy(fixture("huli-2022.txt"), inbox.join("z-huli.txt")).unwrap();
    std::fs::copy(fixture("lists/b-label-lines-city.txt"), inbox.join("b.txt")).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(&inbox)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    for name in &names {
        let out = fenjie(
            &["convert", &format!("in/{name}"), "-o", "alone.db"],
            dir.path(),
        );
        assert_eq!(out.status.code(), Some(0), "{name}");
    }
    let alone = database_rows(&dir.path().join("alone.db"));
    assert!(alone.iter().any(|r| r.contains("z-huli.txt")));
    assert!(!alone.iter().any(|r| r.contains("a-huli.docx")));
    for jobs in ["1", "2"] {
        let db = format!("batch{jobs}.db");
        let out = fenjie(
            &[
                "batch", "in", "-o", "out", "--jobs", jobs, "-q", "--sqlite", &db,
            ],
            dir.path(),
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // The database is one file again, in the journal mode it was created in.
        assert!(!dir.path().join(format!("{db}-wal")).exists());
        let conn = rusqlite::Connection::open(dir.path().join(&db)).unwrap();
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "delete");
        drop(conn);
        let batch = database_rows(&dir.path().join(&db));
        assert_eq!(batch.len(), alone.len(), "--jobs {jobs}");
        for (a, b) in alone.iter().zip(&batch) {
            assert_eq!(a, b, "--jobs {jobs}");
        }
        // Into a database that already holds the notices, the rows are the same again.
        let out = fenjie(
            &[
                "batch", "in", "-o", "out", "--jobs", jobs, "-q", "--sqlite", &db,
            ],
            dir.path(),
        );
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(database_rows(&dir.path().join(&db)), alone, "--jobs {jobs}");
    }
}

/// A batch killed part-way leaves a database whose every notice is whole, and a run again
/// completes it.
#[test]
fn a_batch_killed_part_way_leaves_whole_notices_and_a_run_again_completes_it() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    numbered_notices(&dir.path().join("in"), 200);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_fenjie"))
        .args([
            "batch", "in", "-o", "out", "--jobs", "2", "--sqlite", "tasks.db",
        ])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // One line per file done: kill it when about half are.
    let lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
    for _ in lines.take(100) {}
    child.kill().unwrap();
    child.wait().unwrap();

    let conn = rusqlite::Connection::open(dir.path().join("tasks.db")).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let partial: Vec<i64> = conn
        .prepare("SELECT (SELECT COUNT(*) FROM tasks t WHERE t.notice = n.key) FROM notices n")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(partial.len() < 200, "{} notices", partial.len());
    assert!(partial.iter().all(|&tasks| tasks == 28), "{partial:?}");
    drop(conn);

    let out = fenjie(
        &["batch", "in", "-o", "out", "-q", "--sqlite", "tasks.db"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    let conn = rusqlite::Connection::open(dir.path().join("tasks.db")).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT COUNT(*) FROM notices"), 200);
    assert_eq!(count("SELECT COUNT(*) FROM tasks"), 200 * 28);
    assert_eq!(
        count("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"),
        4
    );
}

#[test]
fn a_bare_workbook_takes_the_jurisdiction_of_the_notice_of_the_same_name_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("in");
    std::fs::create_dir_all(inbox.join("alone")).unwrap();
    std::fs::copy(fixture("huli-2022.xlsx"), inbox.join("n.xlsx")).unwrap();
    std::fs::copy(fixture("huli-2022.docx"), inbox.join("n.docx")).unwrap();
    std::fs::copy(fixture("huli-2022.xlsx"), inbox.join("alone/m.xlsx")).unwrap();
    let out = fenjie(&["batch", "in", "-o", "out", "-q"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let report = |name: &str| summary(&dir.path().join("out").join(name));
    let units = |report: &serde_json::Value| -> Vec<String> {
        report["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|t| t["responsible"]["units"].as_array().unwrap().clone())
            .map(|u| u["name"].as_str().unwrap().to_string())
            .collect()
    };
    let (workbook, notice, alone) = (
        report("n.xlsx.json"),
        report("n.docx.json"),
        report("alone/m.xlsx.json"),
    );
    assert_eq!(workbook["notice"]["jurisdiction"]["name"], "厦门市湖里区");
    assert_eq!(workbook["notice"]["jurisdiction"]["source"], "option");
    assert_eq!(units(&workbook), units(&notice));
    let said: Vec<&serde_json::Value> = workbook["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "jurisdiction-from-sibling")
        .collect();
    assert_eq!(said.len(), 1);
    assert_eq!(
        said[0]["message"],
        "the notice names no jurisdiction: 厦门市湖里区 is taken from n.docx, the file of the same name beside it"
    );
    // Without a sibling, and with --jurisdiction, nothing is taken.
    assert!(alone["notice"]["jurisdiction"].is_null());
    assert!(units(&alone).contains(&"司法局".to_string()));
    let out = fenjie(
        &[
            "batch",
            "in",
            "-o",
            "given",
            "-q",
            "--jurisdiction",
            "厦门市思明区",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    let given = summary(&dir.path().join("given/n.xlsx.json"));
    assert_eq!(given["notice"]["jurisdiction"]["name"], "厦门市思明区");
    assert!(
        !given["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "jurisdiction-from-sibling")
    );
}

#[test]
fn an_incremental_batch_skips_unchanged_notices_and_reads_a_changed_one_again() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("in");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::copy(fixture("huli-2022.txt"), inbox.join("a.txt")).unwrap();
    std::fs::copy(
        fixture("lists/a-brackets-district.txt"),
        inbox.join("b.txt"),
    )
    .unwrap();
    let run = || {
        let out = fenjie(
            &[
                "batch",
                "in",
                "-o",
                "out",
                "--sqlite",
                "tasks.db",
                "--incremental",
            ],
            dir.path(),
        );
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let all = summary(&dir.path().join("out/summary.json"));
        let status = |input: &str| -> String {
            let entry = all["files"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["input"] == input)
                .unwrap_or_else(|| panic!("{input} listed"));
            entry["status"].as_str().unwrap().to_string()
        };
        (
            all["converted"].as_u64().unwrap(),
            all["unchanged"].as_u64().unwrap(),
            status("in/a.txt"),
            status("in/b.txt"),
            all,
        )
    };
    let tasks = || -> i64 {
        rusqlite::Connection::open(dir.path().join("tasks.db"))
            .unwrap()
            .query_row("SELECT COUNT(*) FROM tasks", [], |r| r.get(0))
            .unwrap()
    };

    let (converted, unchanged, a, b, first) = run();
    assert_eq!((converted, unchanged), (2, 0));
    assert_eq!((a.as_str(), b.as_str()), ("converted", "converted"));
    let stored = tasks();

    // Nothing changed: nothing is converted, each entry listed again as it was.
    let (converted, unchanged, a, b, second) = run();
    assert_eq!((converted, unchanged), (0, 2));
    assert_eq!((a.as_str(), b.as_str()), ("unchanged", "unchanged"));
    let entry = |all: &serde_json::Value, i: usize| all["files"][i].clone();
    for i in 0..2 {
        let (was, now) = (entry(&first, i), entry(&second, i));
        assert_eq!(was["tasks"], now["tasks"]);
        assert_eq!(was["sha256"], now["sha256"]);
        assert_eq!(was["diagnostics"], now["diagnostics"]);
    }
    assert!(dir.path().join("out/a.txt.json").is_file());
    assert_eq!(tasks(), stored);

    // One file changed: it alone is read again, and stored in place of its earlier rows.
    let text = std::fs::read_to_string(inbox.join("a.txt")).unwrap();
    std::fs::write(
        inbox.join("a.txt"),
        text.replacen("政务公开", "政务公开 ", 1),
    )
    .unwrap();
    let (converted, unchanged, a, b, _) = run();
    assert_eq!((converted, unchanged), (1, 1));
    assert_eq!((a.as_str(), b.as_str()), ("converted", "unchanged"));
    assert_eq!(tasks(), stored);

    // Without a database, summary.json is what the last run saw.
    let plain = |dir_name: &str| {
        let out = fenjie(
            &["batch", "in", "-o", dir_name, "--incremental", "-f", "csv"],
            dir.path(),
        );
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let all = summary(&dir.path().join(dir_name).join("summary.json"));
        (all["converted"].as_u64(), all["unchanged"].as_u64())
    };
    assert_eq!(plain("csv"), (Some(2), Some(0)));
    assert_eq!(plain("csv"), (Some(0), Some(2)));
    // An output removed since is written again.
    std::fs::remove_file(dir.path().join("csv/b.txt.csv")).unwrap();
    assert_eq!(plain("csv"), (Some(1), Some(1)));

    // A combined file holds every notice: --incremental does not go with it.
    let out = fenjie(
        &[
            "batch",
            "in",
            "-o",
            "out",
            "--incremental",
            "--combined",
            "all.csv",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
}
