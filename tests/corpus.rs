//! The generated benchmark notices (bench/corpus.rs) convert to the same tasks in all three forms,
//! numbered without a gap: the corpus measures real work, not error paths.

mod common;
#[path = "../bench/corpus.rs"]
mod corpus;

fn tasks(name: &str, bytes: &[u8]) -> Vec<serde_json::Value> {
    let options = fenjie::Options {
        registry: Some(common::huli()),
        ..fenjie::Options::default()
    };
    let report = fenjie::convert(name, bytes, &options).unwrap();
    assert!(
        !report
            .diagnostics
            .iter()
            .any(|d| d.severity == fenjie::Severity::Error),
        "{name}: {:?}",
        report.diagnostics
    );
    common::tasks_without_source(&report)
}

#[test]
fn generated_notices_read_the_same_in_every_form() {
    let rows = corpus::rows(300, 7);
    let text = tasks("n.txt", corpus::text(&rows).as_bytes());
    assert_eq!(tasks("n.docx", &corpus::docx(&rows)), text);
    assert_eq!(tasks("n.xlsx", &corpus::xlsx(&rows)), text);
    let numbers: Vec<u64> = text.iter().map(|t| t["number"].as_u64().unwrap()).collect();
    let want: Vec<u64> = (1..=numbers.len() as u64).collect();
    assert_eq!(numbers, want);
    assert!(numbers.len() > 300, "some rows hold two items");
}
