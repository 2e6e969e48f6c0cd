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
