//! Golden tests: every document in fixtures/ with an expected JSON beside it converts to exactly
//! that JSON (through the same code as `fenjie check`). Set FENJIE_BLESS=1 to rewrite the expected
//! files, then review the change as a diff.

use std::path::PathBuf;

use fenjie::check::{self, Outcome};

#[test]
fn every_fixture_matches_its_expected_json() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let bless = std::env::var_os("FENJIE_BLESS").is_some();
    let documents = check::documents(&[root], bless).expect("fixtures/ is readable");
    assert!(
        documents.len() >= 3,
        "expected the fixtures, found {documents:?}"
    );
    let mut failures = Vec::new();
    for document in &documents {
        match check::check_document(document, &fenjie::Options::default(), bless) {
            Outcome::Same | Outcome::Blessed => {}
            Outcome::Differs(differences) => failures.push(format!(
                "{}:\n{}",
                document.display(),
                differences
                    .iter()
                    .map(|d| format!("  {d}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            )),
            Outcome::Failed(message) => failures.push(format!("{}: {message}", document.display())),
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture(s) differ (FENJIE_BLESS=1 cargo test --test golden rewrites them):\n{}",
        failures.len(),
        failures.join("\n")
    );
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
        let doc = fenjie::ingest::read(&bytes, &options.read).unwrap();
        let Ok(layout) = fenjie::layout::lay_out(&doc.grids) else {
            list_text_is_kept(document, &doc.paragraphs, &report, &all);
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
