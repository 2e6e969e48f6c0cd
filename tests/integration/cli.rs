//! The real binary, run in a temporary folder: stdout, stderr and exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::binary::fenjie;

fn fixture(name: &str) -> PathBuf {
    crate::common::fixture_path(name)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn converts_text_to_schema_valid_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = fenjie(
        &["convert", fixture("huli-2022.txt").to_str().unwrap()],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["tasks"].as_array().unwrap().len(), 28);
    assert!(fenjie::validate::check(&json).is_ok());
    // Warnings go to stderr, one line each, naming the file.
    assert!(
        stderr(&out).lines().all(|l| l.starts_with("fenjie: ")),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("直属分局"));
}

#[test]
fn csv_has_one_row_per_task_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = fenjie(
        &[
            "convert",
            fixture("huli-2022.docx").to_str().unwrap(),
            "-f",
            "csv",
            "--bom",
            "-o",
            "out.csv",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let bytes = std::fs::read(dir.path().join("out.csv")).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "--bom writes a byte-order mark"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        fenjie::emit::columns::names(fenjie::emit::columns::COLUMNS).collect::<Vec<_>>()
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 28);
    let date = headers.iter().position(|h| h == "deadline_date").unwrap();
    assert_eq!(&rows[1][date], "2022-10-31");
}

#[test]
fn jsonl_has_one_task_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = fenjie(
        &[
            "convert",
            fixture("huli-2022.xlsx").to_str().unwrap(),
            "-f",
            "jsonl",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 28);
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v["task"]["requirement"].is_string());
    }
}

#[test]
fn gb18030_output_encodes_every_character() {
    let dir = tempfile::tempdir().unwrap();
    let out = fenjie(
        &[
            "convert",
            fixture("huli-2022.txt").to_str().unwrap(),
            "-f",
            "csv",
            "--output-encoding",
            "gb18030",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    let (text, _, bad) = encoding_rs::GB18030.decode(&out.stdout);
    assert!(!bad);
    assert!(text.contains("湖里区人民政府办公室"));
}

#[test]
fn bad_inputs_get_one_line_errors_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.txt"), b"").unwrap();
    std::fs::write(
        dir.path().join("random.bin"),
        [0u8, 159, 146, 150, 1, 2, 3, 0, 255, 7],
    )
    .unwrap();
    std::fs::write(
        dir.path().join("letter.txt"),
        "各位同事：\n明天上午开会。\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("contacts.txt"),
        "单位\t联系人\t电话\n司法局\t张三\t123\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("fake.docx"),
        b"PK\x03\x04 this is not really a zip",
    )
    .unwrap();
    std::fs::write(dir.path().join("cut.pdf"), b"%PDF-1.7\n1 0 obj\n").unwrap();
    let hostile = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    std::fs::copy(
        hostile.join("password-protected.pdf"),
        dir.path().join("locked.pdf"),
    )
    .unwrap();
    std::fs::copy(hostile.join("notice.pdf"), dir.path().join("boxes.pdf")).unwrap();
    let cases = [
        ("missing.txt", "missing.txt: cannot read the file"),
        ("empty.txt", "empty.txt: the file is empty"),
        (
            "random.bin",
            "random.bin: expected a notice as .docx, .xlsx, .xls, .ods, PDF or text, but found binary data",
        ),
        ("letter.txt", "letter.txt: no task table found"),
        ("contacts.txt", "contacts.txt: no task table found"),
        ("fake.docx", "fake.docx: cannot open the zip package"),
        (
            "cut.pdf",
            "cut.pdf: cannot read the PDF: the file is damaged",
        ),
        ("locked.pdf", "locked.pdf: the PDF is password-protected"),
        ("boxes.pdf", "boxes.pdf: the PDF has no usable text layer"),
        (
            ".",
            ".: is a folder; convert the notices in it with: fenjie batch . -o OUTDIR",
        ),
    ];
    for (name, want) in cases {
        let out = fenjie(&["convert", name], dir.path());
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        assert_eq!(err.lines().count(), 1, "{name}: one line: {err}");
        assert!(err.starts_with(&format!("fenjie: {want}")), "{name}: {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        assert!(out.stdout.is_empty());
    }
    // The table a text holds is named in the error.
    let out = fenjie(&["convert", "contacts.txt"], dir.path());
    assert!(
        stderr(&out).contains("单位 | 联系人 | 电话"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["convert"],
        vec!["convert", "x.txt", "-f", "xml"],
        vec!["frobnicate"],
        vec!["convert", "x", "--year", "22"],
    ] {
        let out = fenjie(&args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn schema_and_validate() {
    let dir = tempfile::tempdir().unwrap();
    let out = fenjie(&["schema"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );

    let good = fenjie(
        &[
            "convert",
            fixture("huli-2022.txt").to_str().unwrap(),
            "-o",
            "good.json",
        ],
        dir.path(),
    );
    assert_eq!(good.status.code(), Some(0));
    std::fs::write(dir.path().join("bad.json"), r#"{"tasks": []}"#).unwrap();
    let out = fenjie(&["validate", "good.json"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = fenjie(&["validate", "good.json", "bad.json"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("bad.json"));
}

#[test]
fn check_passes_on_fixtures_and_shows_edited_fields() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("huli-2022.txt"), dir.path().join("n.txt")).unwrap();
    let expected = std::fs::read_to_string(fixture("huli-2022.txt.expected.json")).unwrap();
    std::fs::write(dir.path().join("n.txt.expected.json"), &expected).unwrap();
    let out = fenjie(&["check", "."], dir.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        stderr(&out)
    );

    let edited = expected.replacen("\"2022-10-31\"", "\"2022-09-30\"", 1);
    std::fs::write(dir.path().join("n.txt.expected.json"), edited).unwrap();
    let out = fenjie(&["check", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("item 2 · deadline.date: 2022-09-30 → 2022-10-31"),
        "{stdout}"
    );

    let out = fenjie(&["check", ".", "--bless"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let out = fenjie(&["check", "."], dir.path());
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn units_prints_and_checks_registries() {
    let dir = tempfile::tempdir().unwrap();
    let out = fenjie(&["units"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let printed = String::from_utf8(out.stdout).unwrap();
    assert!(printed.contains("湖里区司法局"));
    std::fs::write(dir.path().join("printed.toml"), &printed).unwrap();
    let out = fenjie(&["units", "--check", "printed.toml"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    std::fs::write(dir.path().join("broken.toml"), "name = \"x\"\n[[units]\n").unwrap();
    let out = fenjie(&["units", "--check", "broken.toml"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("broken.toml, line 2: "),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fenjie"))
        .args([
            "convert",
            fixture("huli-2022.txt").to_str().unwrap(),
            "-f",
            "jsonl",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn writing_to_a_device_writes_in_place() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let out = fenjie(
        &[
            "convert",
            fixture("huli-2022.txt").to_str().unwrap(),
            "-o",
            "/dev/null",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let kind = std::fs::metadata("/dev/null").unwrap().file_type();
    assert!(kind.is_char_device(), "/dev/null must stay a device");
}

#[test]
fn expand_groups_and_another_registry() {
    let dir = tempfile::tempdir().unwrap();
    let out = fenjie(
        &[
            "convert",
            fixture("huli-2022.txt").to_str().unwrap(),
            "--expand-groups",
            "-f",
            "jsonl",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    let second: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&out.stdout).lines().nth(1).unwrap()).unwrap();
    let names: Vec<(&str, Option<&str>)> = second["task"]["responsible"]["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["name"].as_str().unwrap(),
                u.get("group").and_then(|g| g.as_str()),
            )
        })
        .collect();
    assert_eq!(names[0], ("湖里区司法局", None));
    assert_eq!(names[1], ("湖里街道办事处", Some("各街道办事处")));
    assert_eq!(
        names.len(),
        1 + 5 + 1,
        "司法局, five sub-district offices, 区直各部门 (no members)"
    );

    let notice = fixture("layouts/b-no-deadline.txt");
    let registry = fixture("mouqu-units.toml");
    let out = fenjie(
        &[
            "convert",
            notice.to_str().unwrap(),
            "--units",
            registry.to_str().unwrap(),
            "-f",
            "csv",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("某区财政局"));
    assert!(!stderr(&out).contains("unknown-unit"), "{}", stderr(&out));
}

#[test]
fn the_output_never_overwrites_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read(fixture("huli-2022.docx")).unwrap();
    std::fs::write(dir.path().join("n.docx"), &original).unwrap();
    std::fs::create_dir(dir.path().join("d")).unwrap();
    std::fs::hard_link(dir.path().join("n.docx"), dir.path().join("d/hard.docx")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("n.docx", dir.path().join("sym.docx")).unwrap();
    for output in ["n.docx", "./d/../n.docx", "d/hard.docx", "sym.docx"] {
        if output == "sym.docx" && !cfg!(unix) {
            continue;
        }
        let out = fenjie(&["convert", "n.docx", "-o", output], dir.path());
        assert_eq!(out.status.code(), Some(2), "{output}");
        assert!(
            stderr(&out).contains("the output would overwrite the input"),
            "{output}: {}",
            stderr(&out)
        );
        assert_eq!(std::fs::read(dir.path().join("n.docx")).unwrap(), original);
    }
}

#[cfg(unix)]
#[test]
fn fifos_and_devices_are_refused_without_reading() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("x.txt");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let out = fenjie(&["convert", "x.txt"], dir.path());
        assert_eq!(out.status.code(), Some(1));
        assert!(
            stderr(&out).contains("not a regular file"),
            "{}",
            stderr(&out)
        );
    }
    let out = fenjie(&["convert", "/dev/zero"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("not a regular file"),
        "{}",
        stderr(&out)
    );
}

/// Settings files are read as inputs are: a FIFO or a device is refused, never read without end.
#[cfg(unix)]
#[test]
fn settings_files_that_are_fifos_or_devices_are_refused_without_reading() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("huli-2022.txt"), dir.path().join("n.txt")).unwrap();
    let fifo = dir.path().join("units.toml");
    let made = Command::new("mkfifo").arg(&fifo).status();
    let mut runs: Vec<Vec<&str>> = vec![
        vec!["convert", "n.txt", "--units", "/dev/zero"],
        vec!["units", "--check", "/dev/zero"],
    ];
    if made.is_ok_and(|s| s.success()) {
        runs.push(vec!["convert", "n.txt", "--units", "units.toml"]);
        runs.push(vec!["units", "--check", "units.toml"]);
    }
    for args in &runs {
        let mut child = Command::new(env!("CARGO_BIN_EXE_fenjie"))
            .args(args)
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Reading a FIFO with no writer, or /dev/zero, never ends: give it ten seconds.
        let started = std::time::Instant::now();
        while child.try_wait().unwrap().is_none() {
            if started.elapsed() > std::time::Duration::from_secs(10) {
                child.kill().unwrap();
                panic!("{args:?} still reading after ten seconds");
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        let out = child.wait_with_output().unwrap();
        assert!(out.status.code().is_some_and(|c| c > 0), "{args:?}");
        assert!(
            stderr(&out).contains("not a regular file"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    // A fixture's options file linked to /dev/zero.
    std::fs::write(dir.path().join("n.txt.expected.json"), "{}").unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("n.txt.options.toml")).unwrap();
    let out = fenjie(&["check", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("not a regular file"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_closed_standard_error_does_not_stop_a_batch() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("huli-2022.txt"), dir.path().join("a.txt")).unwrap();
    std::fs::copy(fixture("huli-2022.docx"), dir.path().join("b.docx")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_fenjie"))
        .args(["batch", ".", "-o", "out", "--jobs", "100000"])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close the reading end at once, as `2>&1 | head -0` would.
    drop(child.stderr.take());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert!(dir.path().join("out/summary.json").exists());
}

#[test]
fn units_for_a_notice_names_its_jurisdiction_and_registry() {
    let dir = tempfile::tempdir().unwrap();
    let out = fenjie(
        &["units", "--for", fixture("huli-2022.txt").to_str().unwrap()],
        dir.path(),
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("# jurisdiction: 厦门市湖里区"), "{text}");
    assert!(text.contains("# registry: 厦门市湖里区"), "{text}");
    let other = fixture("lists/b-label-lines-city.txt");
    let out = fenjie(&["units", "--for", other.to_str().unwrap()], dir.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("# jurisdiction: 盘锦市"), "{text}");
    assert!(text.contains("# registry: none"), "{text}");
    assert!(!text.contains("湖里"), "{text}");
}

#[test]
fn a_batch_that_converted_nothing_says_so_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::write(dir.path().join("in/scan.pdf"), b"%PDF-1.4\n").unwrap();
    std::fs::write(dir.path().join("in/empty.txt"), b"").unwrap();
    let out = fenjie(&["batch", "in", "-o", "out"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no notice was converted"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_workbook_for_the_clerk_reads_back_with_chinese_columns_and_real_dates() {
    use calamine::{Data, Reader};
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("huli-2022.docx"), dir.path().join("n.docx")).unwrap();
    let out = fenjie(&["convert", "n.docx", "-o", "tasks.xlsx"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(dir.path().join("tasks.xlsx")).unwrap();
    assert_eq!(book.sheet_names(), ["任务", "诊断", "通知"]);
    let tasks = book.worksheet_range("任务").unwrap();
    let header: Vec<String> = tasks
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    assert_eq!(
        header,
        [
            "序号",
            "一级标题",
            "二级标题",
            "工作任务",
            "工作要求",
            "牵头单位",
            "配合单位",
            "责任单位",
            "责任领导",
            "完成时限",
            "截止日期",
            "备注",
            "来源",
            "任务编号"
        ]
    );
    assert_eq!(tasks.height(), 29);
    let row2: Vec<&Data> = tasks.rows().nth(2).unwrap().iter().collect();
    assert_eq!(row2[1].to_string(), "持续推进行政决策公开");
    assert_eq!(row2[5].to_string(), "湖里区司法局");
    assert_eq!(row2[9].to_string(), "10月底前");
    let Data::DateTime(due) = row2[10] else {
        panic!("a real date, not {:?}", row2[10]);
    };
    let (y, m, d, ..) = due.to_ymd_hms_milli();
    assert_eq!((y, m, d), (2022, 10, 31));
    let row1: Vec<&Data> = tasks.rows().nth(1).unwrap().iter().collect();
    assert_eq!(row1[10].to_string(), "持续推进");
    let notice = book.worksheet_range("通知").unwrap();
    assert!(notice.rows().any(|r| r[1] == "厦湖府办函〔2022〕80号"));
}

#[test]
fn the_output_format_follows_the_extension_and_a_contradiction_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("huli-2022.txt"), dir.path().join("n.txt")).unwrap();
    let out = fenjie(&["convert", "n.txt", "-o", "n.csv"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let csv = std::fs::read_to_string(dir.path().join("n.csv")).unwrap();
    assert!(csv.starts_with("id,seq,"), "{csv}");
    let out = fenjie(
        &["convert", "n.txt", "-f", "json", "-o", "n.xlsx"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("contradicts"), "{}", stderr(&out));
    assert!(!dir.path().join("n.xlsx").exists());
    let out = fenjie(&["convert", "n.txt", "-o", "n.xlsx", "--bom"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn csv_cells_that_spreadsheets_would_run_as_formulas_are_written_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let text = "工作任务\t工作要求\t责任单位\t时限\n\
=HYPERLINK(\"http://x\",\"点击\")\t+cmd|' /C calc'!A0 加强监管\t@司法局\t-1\n\
推进公开\t落实要求\t财政局\t2022年12月底前\n";
    std::fs::write(dir.path().join("n.txt"), text).unwrap();
    let out = fenjie(&["convert", "n.txt", "-f", "csv"], dir.path());
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        stderr(&out)
    );
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let fields: Vec<String> = reader
        .records()
        .flat_map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
        .collect();
    for field in &fields {
        assert!(
            !field.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{field:?}"
        );
    }
    assert!(
        fields.contains(&"'=HYPERLINK(\"http://x\",\"点击\")".to_string()),
        "{fields:?}"
    );
    // JSON keeps the value as written.
    let out = fenjie(&["convert", "n.txt", "-f", "json"], dir.path());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        report["tasks"][0]["task"],
        "=HYPERLINK(\"http://x\",\"点击\")"
    );
}

#[test]
fn a_table_with_a_header_and_no_rows_is_an_error_not_silence() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("n.txt"),
        "工作任务\t工作要求\t责任单位\t时限\n",
    )
    .unwrap();
    let out = fenjie(&["convert", "n.txt", "-f", "csv"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("n.txt: error[no-items] expected rows of items"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_output_that_is_a_folder_is_named_as_one() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("huli-2022.txt"), dir.path().join("n.txt")).unwrap();
    std::fs::create_dir(dir.path().join("somedir")).unwrap();
    for output in ["somedir/", "somedir"] {
        let out = fenjie(&["convert", "n.txt", "-o", output], dir.path());
        assert_eq!(out.status.code(), Some(2), "{output}");
        assert!(
            stderr(&out).contains(&format!(
                "{output}: cannot write: is a folder; name the output file"
            )),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn text_past_excels_cell_limit_is_cut_and_named_in_the_workbook_and_whole_in_json() {
    use calamine::{Data, Reader};
    let dir = tempfile::tempdir().unwrap();
    let long = "加强监管".repeat(10_000);
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::write(
        dir.path().join("in/n.txt"),
        format!("工作任务\t工作要求\t责任单位\t时限\n一、监管\t{long}\t司法局\t2022年12月底前\n"),
    )
    .unwrap();
    let out = fenjie(&["convert", "in/n.txt", "-o", "n.xlsx"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = fenjie(
        &["batch", "in", "-o", "out", "--combined", "out/all.xlsx"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for path in ["n.xlsx", "out/all.xlsx"] {
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(dir.path().join(path)).unwrap();
        let tasks = book.worksheet_range("任务").unwrap();
        let Some(Data::String(cell)) = tasks.get_value((1, 4)) else {
            panic!("{path}: no requirement cell");
        };
        assert_eq!(cell.chars().count(), 32_767, "{path}");
        assert!(cell.ends_with("〔截断：全文见 JSON 输出〕"), "{path}");
        let notes = book.worksheet_range("诊断").unwrap();
        let cut = notes
            .rows()
            .find(|r| {
                r.get(2)
                    .is_some_and(|c| *c == Data::String("cell-truncated".into()))
            })
            .unwrap_or_else(|| panic!("{path}: the cut is named"));
        assert_eq!(cut[4].to_string(), "第2行", "{path}");
        assert!(cut[5].to_string().contains("40000个字符"), "{path}");
    }
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/n.txt.json")).unwrap()).unwrap();
    assert_eq!(report["tasks"][0]["requirement"], long.as_str());
}

/// The README's query: tasks per lead unit due before a date.
const TASKS_PER_LEAD_UNIT: &str = "SELECT u.name, COUNT(*) AS tasks
FROM task_units u JOIN tasks t ON t.id = u.task
WHERE u.role = 'lead' AND t.deadline_date < '2022-12-31'
GROUP BY u.name ORDER BY tasks DESC, u.name";

#[test]
fn a_database_answers_the_readmes_query_and_a_notice_stored_again_replaces_its_rows() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("huli-2022.docx"), dir.path().join("n.docx")).unwrap();
    for _ in 0..2 {
        let out = fenjie(&["convert", "n.docx", "-o", "tasks.db"], dir.path());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    let conn = rusqlite::Connection::open(dir.path().join("tasks.db")).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT COUNT(*) FROM notices"), 1);
    assert_eq!(count("SELECT COUNT(*) FROM tasks"), 28);
    let mut stmt = conn.prepare(TASKS_PER_LEAD_UNIT).unwrap();
    let rows: Vec<(String, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows[0], ("湖里区司法局".to_string(), 2));
    // A batch stores every notice; the same notice under another name or format is one notice.
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::copy(fixture("huli-2022.txt"), dir.path().join("in/a.txt")).unwrap();
    std::fs::copy(
        fixture("lists/b-label-lines-city.txt"),
        dir.path().join("in/b.txt"),
    )
    .unwrap();
    let out = fenjie(
        &["batch", "in", "-o", "out", "--sqlite", "tasks.db"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The .txt is the notice the .docx is (the same 文号): its rows replace the .docx's.
    assert_eq!(count("SELECT COUNT(*) FROM notices"), 2);
    assert_eq!(count("SELECT COUNT(*) FROM tasks"), 28 + 5);
    assert_eq!(count("SELECT COUNT(*) FROM leaders"), 2);
    // A file that is no database is never overwritten.
    std::fs::write(dir.path().join("notes.db"), "my notes").unwrap();
    let out = fenjie(&["convert", "n.docx", "-o", "notes.db"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.db")).unwrap(),
        "my notes"
    );
}

#[test]
fn a_database_of_another_program_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("huli-2022.txt"), dir.path().join("n.txt")).unwrap();
    let path = dir.path().join("other.db");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "CREATE TABLE tasks (title TEXT, done INTEGER); INSERT INTO tasks VALUES ('buy milk', 0);",
    )
    .unwrap();
    drop(conn);
    let before = std::fs::read(&path).unwrap();
    let out = fenjie(&["convert", "n.txt", "-o", "other.db"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("other.db: cannot open the database: expected a fenjie database"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read(&path).unwrap(), before, "not a byte changed");
    // fenjie's own database, and an empty one, are used.
    for name in ["tasks.db", "empty.db"] {
        if name == "empty.db" {
            std::fs::write(dir.path().join(name), b"").unwrap();
        }
        for _ in 0..2 {
            let out = fenjie(&["convert", "n.txt", "-o", name], dir.path());
            assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        }
    }
}

#[test]
fn standard_input_that_is_the_output_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("n.docx");
    std::fs::copy(fixture("huli-2022.docx"), &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    for args in [
        &["convert", "-", "-o", "n.docx"][..],
        &["review", "-", "-o", "n.docx"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_fenjie"))
            .args(args)
            .current_dir(dir.path())
            .stdin(std::fs::File::open(&path).unwrap())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains("would overwrite the input"),
            "{}",
            stderr(&out)
        );
        assert_eq!(std::fs::read(&path).unwrap(), before, "{args:?}");
    }
}

#[test]
fn a_notice_on_standard_input_and_quiet_runs() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_fenjie"))
        .args(["convert", "-", "-q"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let text = std::fs::read(fixture("huli-2022.txt")).unwrap();
    child.stdin.take().unwrap().write_all(&text).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["tasks"].as_array().unwrap().len(), 28);
    assert_eq!(report["source"]["path"], "-");
}

#[test]
fn a_batch_summary_keeps_every_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::copy(fixture("huli-2022.txt"), dir.path().join("in/a.txt")).unwrap();
    let out = fenjie(&["batch", "in", "-o", "out", "-f", "csv"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    let summary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/summary.json")).unwrap(),
    )
    .unwrap();
    let diagnostics = summary["files"][0]["diagnostics"].as_array().unwrap();
    assert!(
        diagnostics
            .iter()
            .any(|d| d["code"] == "unknown-unit" && d["location"] == "line 46, column 3"),
        "{diagnostics:?}"
    );
}

#[cfg(unix)]
#[test]
fn outputs_take_the_usual_permissions_and_stale_temporaries_are_removed() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("huli-2022.txt"), dir.path().join("n.txt")).unwrap();
    let bin = env!("CARGO_BIN_EXE_fenjie");
    let run = |umask: &str, out: &str| {
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {umask}; exec \"{bin}\" convert n.txt -q -o {out}"
            ))
            .current_dir(dir.path())
            .status()
            .unwrap();
        assert!(status.success());
        std::fs::metadata(dir.path().join(out))
            .unwrap()
            .permissions()
            .mode()
            & 0o777
    };
    assert_eq!(run("022", "a.json"), 0o644);
    assert_eq!(run("077", "b.json"), 0o600);
    std::fs::write(dir.path().join("c.json"), "").unwrap();
    std::fs::set_permissions(
        dir.path().join("c.json"),
        std::fs::Permissions::from_mode(0o640),
    )
    .unwrap();
    assert_eq!(
        run("022", "c.json"),
        0o640,
        "an existing file keeps its mode"
    );
    // A temporary file an interrupted run left behind is removed by the next batch.
    std::fs::create_dir_all(dir.path().join("out")).unwrap();
    let stale = dir.path().join("out/.fenjie-AbCdEf.tmp");
    let file = std::fs::File::create(&stale).unwrap();
    file.set_modified(std::time::SystemTime::now() - std::time::Duration::from_hours(1))
        .unwrap();
    drop(file);
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::copy(fixture("huli-2022.txt"), dir.path().join("in/n.txt")).unwrap();
    let out = fenjie(&["batch", "in", "-o", "out", "-q"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(!stale.exists());
}

#[test]
fn check_marks_the_changed_part_and_names_strays() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("huli-2022.txt"), dir.path().join("n.txt")).unwrap();
    let expected = std::fs::read_to_string(fixture("huli-2022.txt.expected.json")).unwrap();
    // A change late in a long requirement.
    let edited = expected.replacen(
        "纳入政府信息公开工作年度报告予以公开。",
        "纳入政府信息公开工作年度报告予以通报。",
        1,
    );
    assert_ne!(edited, expected);
    std::fs::write(dir.path().join("n.txt.expected.json"), &edited).unwrap();
    std::fs::write(dir.path().join("gone.docx.expected.json"), "{}").unwrap();
    std::fs::copy(fixture("huli-2022.txt"), dir.path().join("new.txt")).unwrap();
    let out = fenjie(&["check", "."], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("[-通报-]{+公开+}"), "{text}");
    assert!(
        text.contains("gone.docx.expected.json: an expected file whose document is gone"),
        "{text}"
    );
    assert!(
        text.contains("new.txt: not checked: no expected file"),
        "{text}"
    );
    // --bless writes and names only what changed.
    let out = fenjie(&["check", "--bless", "n.txt"], dir.path());
    assert!(String::from_utf8_lossy(&out.stdout).contains("n.txt: expected file written"));
    let out = fenjie(&["check", "--bless", "n.txt"], dir.path());
    assert!(!String::from_utf8_lossy(&out.stdout).contains("written"));
}

#[test]
fn a_review_page_shows_each_items_source_beside_its_fields() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("huli-2022.docx"), dir.path().join("n.docx")).unwrap();
    let out = fenjie(&["review", "n.docx", "-o", "review.html", "-q"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = std::fs::read_to_string(dir.path().join("review.html")).unwrap();
    let html = scraper::Html::parse_document(&page);
    let select = |s: &str| scraper::Selector::parse(s).unwrap();
    let rows: Vec<_> = html.select(&select("tbody tr")).collect();
    assert_eq!(rows.len(), 28);
    // The source row of item 2, beside what was read from it.
    let second: String = rows[1].text().collect();
    assert!(second.contains("表1 第3行"), "{second}");
    assert!(second.contains("参照规章集中公开的要求"), "{second}");
    assert!(second.contains("湖里区司法局（牵头）"), "{second}");
    // The unit no registry knows is highlighted, and its warning stands in its row.
    let unknown: Vec<String> = html
        .select(&select(".unknown"))
        .map(|e| e.text().collect())
        .collect();
    assert!(
        unknown.iter().any(|u| u.contains("直属分局")),
        "{unknown:?}"
    );
    // Self-contained: no script and nothing fetched.
    assert!(!page.contains("<script") && !page.contains("src=") && !page.contains("http"));
}

#[test]
fn csv_for_people_and_for_pivot_tables() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("huli-2022.txt"), dir.path().join("n.txt")).unwrap();
    let out = fenjie(
        &["convert", "n.txt", "-o", "zh.csv", "--headers", "zh"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let zh = std::fs::read_to_string(dir.path().join("zh.csv")).unwrap();
    assert!(
        zh.starts_with("\u{feff}任务编号,顺序,序号,序号为推断,一级标题序号,一级标题,"),
        "{zh}"
    );
    let out = fenjie(
        &["convert", "n.txt", "-o", "units.csv", "--per-unit"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut reader = csv::Reader::from_path(dir.path().join("units.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let unit = headers.iter().position(|h| h == "unit").unwrap();
    let role = headers.iter().position(|h| h == "unit_role").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // One row per task and unit: the 28 tasks name 55 units.
    assert_eq!(rows.len(), 55);
    assert_eq!((&rows[2][unit], &rows[2][role]), ("湖里区司法局", "lead"));
    // The combined file carries each notice's key.
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::copy(fixture("huli-2022.txt"), dir.path().join("in/a.txt")).unwrap();
    let out = fenjie(
        &["batch", "in", "-o", "out", "--combined", "out/all.csv"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    let all = std::fs::read_to_string(dir.path().join("out/all.csv")).unwrap();
    assert!(
        all.starts_with(
            "notice_key,notice_path,notice_title,notice_sha256,notice_doc_number,id,seq"
        )
    );
    assert!(all.contains("厦湖府办函〔2022〕80号"));
    let out = fenjie(
        &["convert", "n.txt", "-f", "json", "--per-unit"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn completions_examples_and_a_combined_file_on_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = fenjie(&["completions", "bash"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("_fenjie()"));
    let out = fenjie(&["--help"], dir.path());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Examples:"));
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::copy(fixture("huli-2022.txt"), dir.path().join("in/a.txt")).unwrap();
    let out = fenjie(
        &[
            "batch",
            "in",
            "-o",
            "out",
            "--combined",
            "-",
            "-f",
            "csv",
            "-q",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("notice_key,notice_path,"), "{text}");
    assert_eq!(text.lines().count(), 29);
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn an_interrupted_batch_leaves_no_temporary_file_and_no_lock() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    for i in 0..200 {
        std::fs::copy(
            fixture("huli-2022.docx"),
            dir.path().join(format!("in/{i}.docx")),
        )
        .unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_fenjie"))
        .args([
            "batch",
            "in",
            "-o",
            "out",
            "-q",
            "--combined",
            "out/all.jsonl",
        ])
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
    let left: Vec<_> = walk(&dir.path().join("out"))
        .into_iter()
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.starts_with(".fenjie")
        })
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// Interrupts at many moments of a batch: none leaves a temporary file or the lock behind.
#[cfg(unix)]
#[test]
fn interrupts_at_any_moment_leave_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    for i in 0..40 {
        std::fs::copy(
            fixture("huli-2022.txt"),
            dir.path().join(format!("in/{i}.txt")),
        )
        .unwrap();
    }
    for round in 0..30u64 {
        let out = format!("out{round}");
        let mut child = Command::new(env!("CARGO_BIN_EXE_fenjie"))
            .args([
                "batch",
                "in",
                "-o",
                &out,
                "-q",
                "--combined",
                &format!("{out}/all.csv"),
            ])
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(5 + round * 7));
        let _ = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let _ = child.wait();
        let left: Vec<_> = walk(&dir.path().join(&out))
            .into_iter()
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(".fenjie")
            })
            .collect();
        assert!(left.is_empty(), "round {round}: {left:?}");
    }
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn a_huge_sparse_file_is_refused_by_its_size_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = std::fs::File::create(dir.path().join("big.txt")).unwrap();
    file.set_len(2 << 30).unwrap();
    drop(file);
    let out = fenjie(&["convert", "big.txt"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("exceeds the limit"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn f_sqlite_without_a_file_is_refused_before_the_notice_is_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        crate::common::fixture_path("huli-2022.txt"),
        dir.path().join("n.txt"),
    )
    .unwrap();
    for args in [
        &["convert", "n.txt", "-f", "sqlite"][..],
        &["convert", "n.txt", "-f", "sqlite", "-o", "-"][..],
    ] {
        let out = fenjie(args, dir.path());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            stderr.trim(),
            "fenjie: -f sqlite writes a database: name it with -o FILE",
            "{args:?}"
        );
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn wps_documents_and_spreadsheets_are_read_by_their_content() {
    let dir = tempfile::tempdir().unwrap();
    for (fixture, name, format) in [
        ("huli-2022.doc", "n.wps", "doc"),
        ("huli-2022.xls", "n.et", "xls"),
        ("huli-2022.xlsx", "m.et", "xlsx"),
    ] {
        std::fs::copy(crate::common::fixture_path(fixture), dir.path().join(name)).unwrap();
        let out = fenjie(&["convert", name, "-q"], dir.path());
        assert_eq!(out.status.code(), Some(0), "{name}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["source"]["format"], format, "{name}");
        assert_eq!(json["tasks"].as_array().unwrap().len(), 28, "{name}");
    }
}

#[test]
fn the_readme_command_table_names_every_command_of_the_help() {
    let dir = tempfile::tempdir().unwrap();
    let help = String::from_utf8(fenjie(&["--help"], dir.path()).stdout).unwrap();
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.contains(&"completions"), "{commands:?}");
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let table = &readme[readme.find("## Commands\n\n| command").unwrap() + 13..];
    let table = &table[..table.find("\n\n").unwrap_or(table.len())];
    for command in commands {
        assert!(
            table.contains(&format!("| `fenjie {command}")),
            "README.md's command table lacks {command}"
        );
    }
}
