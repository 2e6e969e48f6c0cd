use super::wording::{Piece, TABLE, found_times, pieces};
use super::*;

/// The codes README.md's table of diagnostics names, in its order.
fn readme_codes() -> Vec<String> {
    let readme = include_str!("../../README.md");
    let start = readme
        .find("## Diagnostics")
        .expect("README has a Diagnostics section");
    let section = &readme[start..];
    let end = section[3..].find("\n## ").map_or(section.len(), |e| e + 3);
    section[..end]
        .lines()
        .filter(|l| l.starts_with("| `"))
        .flat_map(|l| {
            let first = l.split('|').nth(1).unwrap_or("");
            first
                .split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn readme_lists_every_code_once_in_order() {
    let listed = readme_codes();
    let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(listed, codes);
}

#[test]
fn repeats_collapse_and_each_code_is_capped_but_text_is_never_dropped() {
    let at = |row| {
        Some(Location::Line {
            line: row,
            column: None,
        })
    };
    let mut many = Vec::new();
    for _ in 0..1000 {
        many.push(Diagnostic::warning(
            Code::MergeWithText,
            at(1),
            "hidden text",
        ));
    }
    for row in 0..1000 {
        many.push(Diagnostic::warning(Code::ShortRow, at(row), "short"));
        many.push(Diagnostic::info(Code::ListText, at(row), "甲"));
    }
    many.push(Diagnostic::error(Code::ShortRow, at(5000), "short"));
    let bounded = bound(many);
    let count = |code| bounded.iter().filter(|d| d.code == code).count();
    assert_eq!(count(Code::MergeWithText), 1);
    assert!(
        bounded[0].message.ends_with("(found 1000 times)"),
        "{}",
        bounded[0].message
    );
    assert_eq!(count(Code::ShortRow), PER_CODE);
    assert_eq!(count(Code::ListText), 1000);
    let omitted: Vec<_> = bounded.iter().filter(|d| d.code == Code::Omitted).collect();
    assert_eq!(omitted.len(), 1);
    assert_eq!(omitted[0].severity, Severity::Error);
    assert!(
        omitted[0]
            .message
            .starts_with("901 more short-row diagnostics")
    );
}

fn names(template: &str) -> Vec<&str> {
    let mut names: Vec<&str> = pieces(template)
        .into_iter()
        .filter_map(|p| match p {
            Piece::Value(name) => Some(name),
            Piece::Text(_) => None,
        })
        .collect();
    names.sort_unstable();
    names
}

#[test]
fn every_wording_says_the_same_values_in_both_languages() {
    let fragments = ["how", "role", "grid", "source", "where", "why"]
        .iter()
        .map(|n| fragments(n));
    let all = Code::ALL
        .iter()
        .map(|c| c.wordings())
        .chain(fragments)
        .chain([std::slice::from_ref(found_times())]);
    for wordings in all {
        assert!(!wordings.is_empty());
        for wording in wordings {
            assert_eq!(names(&wording.en), names(&wording.zh), "{wording:?}");
            let side_by_side = pieces(&wording.en)
                .windows(2)
                .any(|p| matches!(p, [Piece::Value(_), Piece::Value(_)]));
            assert!(!side_by_side, "{}", wording.en);
        }
    }
}

#[test]
fn messages_read_in_chinese_with_their_values_kept() {
    let place = |p: &str| format!("<{p}>");
    let cases = [
        (
            Code::UnknownUnit,
            "the unit \"直属分局\" is not in the registry (厦门市湖里区); kept as written",
            "单位 \"直属分局\" 不在单位名录（厦门市湖里区）中，按原文保留",
        ),
        (
            Code::UnknownUnit,
            "the unit \"区司法\" is not in the registry (厦门市湖里区); kept as written; did you mean 湖里区司法局?",
            "单位 \"区司法\" 不在单位名录（厦门市湖里区）中，按原文保留；是否为 湖里区司法局？",
        ),
        (
            Code::DuplicateRequirement,
            "items 3 and 9 have the same requirement text (table 1, row 4 and table 1, row 10)",
            "第3项与第9项的工作要求相同（<table 1, row 4>、<table 1, row 10>）",
        ),
        (
            Code::Encoding,
            "text decoded as GB18030 (detected)",
            "文本按 GB18030 解码（自动识别）",
        ),
        (
            Code::TableSkipped,
            "not a task table, skipped: table 1 (header row: 姓名 | 电话)",
            "不是任务分解表，已跳过：表1（表头行：姓名 | 电话）",
        ),
        (
            Code::ColumnRole,
            "column 3 \"单位\": units, by content (7 of 8 cells)",
            "第3列 \"单位\"：按内容判定为责任单位（8个单元格中7个相符）",
        ),
        (
            Code::MergeWithText,
            "a merged continuation cell holds its own text; read as a cell of its own (found 4 times)",
            "合并的续格有自己的文字：作为单独的单元格读取（共出现4次）",
        ),
        (
            Code::DeadlineUnparsed,
            "expected a deadline such as 10月底前, but found \"待定\"",
            "完成时限应如 10月底前，\"待定\" 无法识别",
        ),
        (
            Code::DeadlineUnparsed,
            "expected a deadline such as 10月底前, but found \"每旬\" in \"每旬，10月底前\"",
            "完成时限应如 10月底前，\"每旬，10月底前\" 中的 \"每旬\" 无法识别",
        ),
        (
            Code::JurisdictionFromSibling,
            "the notice names no jurisdiction: 厦门市湖里区 is taken from n.docx, the file of the same name beside it",
            "通知未写明行政区划：取旁边同名文件 n.docx 的行政区划 厦门市湖里区",
        ),
        (
            Code::Omitted,
            "901 more short-row diagnostics were left out: a report lists at most 100 of one code",
            "另有901条 short-row 诊断未列出：同一代码最多列出100条",
        ),
    ];
    for (code, en, zh) in cases {
        let d = Diagnostic::warning(code, None, en);
        assert_eq!(d.chinese_message(&place).as_deref(), Some(zh), "{en}");
    }
    let stranger = Diagnostic::warning(Code::UnitsMissing, None, "something else");
    assert_eq!(stranger.chinese_message(&place), None);
}

#[test]
fn the_schema_lists_every_code() {
    let schema: serde_json::Value = serde_json::from_str(crate::validate::SCHEMA).unwrap();
    let listed: Vec<&str> = schema["$defs"]["diagnostic"]["properties"]["code"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(listed, codes);
}

#[test]
fn codes_serialize_as_their_kebab_spelling() {
    for code in Code::ALL {
        let json = serde_json::to_string(code).unwrap();
        assert_eq!(json, format!("\"{}\"", code.as_str()));
        let words = code.as_str().split('-');
        assert!(
            words
                .clone()
                .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase()))
        );
    }
}

#[test]
fn the_wordings_table_holds_codes_and_fragments_only() {
    let fragments = ["how", "role", "grid", "source", "where", "why"];
    for code in TABLE.code.keys() {
        assert!(
            Code::ALL.iter().any(|c| c.as_str() == code),
            "data/wordings.toml words {code}, which is no code"
        );
    }
    for name in TABLE.fragment.keys() {
        assert!(
            fragments.contains(&name.as_str()),
            "data/wordings.toml words the fragment {name}, which no wording names"
        );
    }
    for wordings in TABLE.code.values().chain(TABLE.fragment.values()) {
        for (i, wording) in wordings.iter().enumerate() {
            assert!(
                !wordings[..i].iter().any(|w| w.en == wording.en),
                "written twice: {}",
                wording.en
            );
        }
    }
}
