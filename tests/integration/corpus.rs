//! The generated benchmark notices (perf/corpus.rs) convert to the same tasks in every form,
//! numbered without a gap: the corpus measures real work, not error paths.

#[path = "../../perf/corpus.rs"]
mod generated;

fn tasks(name: &str, bytes: &[u8]) -> Vec<serde_json::Value> {
    let options = fenjie::Options {
        registry: Some(crate::common::huli()),
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
    crate::common::tasks_without_source(&report)
}

#[test]
fn generated_notices_read_the_same_in_every_form() {
    let rows = generated::rows(300, 7);
    let text = tasks("n.txt", generated::text(&rows).as_bytes());
    assert_eq!(tasks("n.docx", &generated::docx(&rows)), text);
    assert_eq!(tasks("n.xlsx", &generated::xlsx(&rows)), text);
    assert_eq!(tasks("n.html", generated::html(&rows).as_bytes()), text);
    // The paragraph form says the same items, units and deadlines (its headings carry no
    // lost-heading rows, so sections are compared apart).
    let key = |t: &serde_json::Value| {
        (
            t["number"].clone(),
            t["requirement"].clone(),
            t["responsible"].clone(),
            t["deadline"].clone(),
        )
    };
    let list = tasks("n.list.txt", generated::list(&rows).as_bytes());
    assert_eq!(list.len(), text.len());
    for (l, t) in list.iter().zip(&text) {
        assert_eq!(key(l), key(t));
    }
    let numbers: Vec<u64> = text.iter().map(|t| t["number"].as_u64().unwrap()).collect();
    let want: Vec<u64> = (1..=numbers.len() as u64).collect();
    assert_eq!(numbers, want);
    assert!(numbers.len() > 300, "some rows hold two items");
}
