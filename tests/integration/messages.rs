//! The messages people read, pinned: the one-line errors for inputs fenjie cannot read and the
//! diagnostics of small notices (each in English and in Chinese), each beside its input in
//! `messages.snapshot`. A change in
//! wording shows as a diff of that file; `FENJIE_BLESS=1` rewrites it.

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::common::{cell, docx, header4, tbl, tr};

fn error(bytes: &[u8]) -> String {
    match fenjie::convert("x", bytes, &fenjie::Options::default()) {
        Ok(report) => format!("converted, {} tasks", report.tasks.len()),
        Err(e) => fenjie::error::chain(&e),
    }
}

fn diagnostics(name: &str, text: &str) -> Vec<String> {
    match fenjie::convert(name, text.as_bytes(), &fenjie::Options::default()) {
        // Each in English, then in Chinese.
        Ok(report) => report
            .diagnostics
            .iter()
            .flat_map(|d| [d.to_string(), fenjie::emit::lang::diagnostic(d)])
            .collect(),
        Err(e) => vec![format!("error: {}", fenjie::error::chain(&e))],
    }
}

fn snapshot() -> String {
    let mut out = String::new();
    let mut errors: Vec<(&str, Vec<u8>)> = vec![
        ("empty file", Vec::new()),
        ("binary bytes", vec![0, 1, 2, 3, 0xff, 0xfe, 0, 0]),
        ("pdf", b"%PDF-1.7\n1 0 obj\n".to_vec()),
        ("rtf", b"{\\rtf1\\ansi hello}".to_vec()),
        (
            "zip without office parts",
            crate::common::zip(&[("a.txt", b"hi".as_slice())]),
        ),
        (
            "prose without a table",
            "关于做好工作的通知\n各单位：\n请认真做好有关工作。\n"
                .as_bytes()
                .to_vec(),
        ),
        ("truncated docx", {
            let whole = docx(&tbl("", 4, &[header4()]));
            whole[..whole.len() / 2].to_vec()
        }),
        (
            "malformed docx xml",
            docx("<w:tbl><w:tr><w:tc><w:p></w:tc></w:tr></w:tbl>"),
        ),
    ];
    errors.push((
        "a table that is no task table",
        docx(&tbl(
            "",
            2,
            &[
                tr(&[cell("姓名"), cell("电话")]),
                tr(&[cell("张三"), cell("123")]),
            ],
        )),
    ));
    let _ = writeln!(out, "# errors");
    for (what, bytes) in &errors {
        let _ = writeln!(out, "{what}\n  {}", error(bytes));
    }
    let notices = [
        (
            "table with an unknown deadline and a missing unit",
            "工作任务\t工作要求\t责任单位\t时限\n一、甲\t要求一。\t区司法局\t待定\n\t要求二。\t\t10月底前\n",
        ),
        (
            "table whose deadlines name no year",
            "工作任务\t工作要求\t责任单位\t时限\n一、甲\t要求一。\t区司法局\t10月底前\n",
        ),
        (
            "paragraph list with an item without units",
            "一、加强领导\n1.建立工作机制。（区发改局牵头，区财政局配合，6月底前完成）\n2.完善制度。\n3.开展督查。（区政府办，年底前）\n",
        ),
    ];
    let _ = writeln!(out, "\n# diagnostics");
    for (what, text) in notices {
        let _ = writeln!(out, "{what}");
        for line in diagnostics("notice.txt", text) {
            let _ = writeln!(out, "  {line}");
        }
    }
    out
}

#[test]
fn messages_match_their_snapshot() {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/integration/messages.snapshot");
    let now = snapshot();
    if std::env::var_os("FENJIE_BLESS").is_some() {
        std::fs::write(&path, &now).unwrap();
        return;
    }
    let pinned = std::fs::read_to_string(&path).unwrap_or_default();
    if pinned != now {
        let diff: Vec<String> = pinned
            .lines()
            .zip(now.lines())
            .filter(|(a, b)| a != b)
            .map(|(a, b)| format!("- {a}\n+ {b}"))
            .collect();
        panic!(
            "messages changed (FENJIE_BLESS=1 cargo test --test integration messages rewrites the snapshot):\n{}\n({} lines pinned, {} now)",
            diff.join("\n"),
            pinned.lines().count(),
            now.lines().count()
        );
    }
}

/// Every diagnostic of every fixture's expected output has its Chinese wording in the table of
/// codes: none reads as the code's meaning followed by the English.
#[test]
fn every_fixture_diagnostic_has_a_chinese_wording() {
    fn walk(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.to_string_lossy().ends_with(".expected.json") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        &mut files,
    );
    assert!(files.len() > 20, "{} expected files", files.len());
    let mut missing = Vec::new();
    let mut seen = 0;
    for file in files {
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        for d in json["diagnostics"].as_array().into_iter().flatten() {
            let code = fenjie::Code::ALL
                .iter()
                .find(|c| c.as_str() == d["code"])
                .copied()
                .unwrap_or_else(|| panic!("{}: unknown code {}", file.display(), d["code"]));
            let diagnostic =
                fenjie::Diagnostic::info(code, None, d["message"].as_str().unwrap_or_default());
            seen += 1;
            match diagnostic.chinese_message(&|p: &str| p.to_string()) {
                Some(zh) if !zh.contains(" the ") => {}
                other => missing.push(format!(
                    "{}: [{code}] {} → {other:?}",
                    file.display(),
                    diagnostic.message
                )),
            }
        }
    }
    assert!(seen > 50, "{seen} diagnostics");
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
