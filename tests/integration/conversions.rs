//! The same notice in another format gives the same records: every .docx fixture of
//! `fixtures/{tables,layouts,lists}` saved by `LibreOffice` as Word 97–2003 (`NAME.docx.doc`), as a web
//! page (`NAME.docx.html`), as text (`NAME.docx.txt`) and as PDF (`NAME.docx.pdf`) converts to the
//! .docx's records, every field but `source` and `number_inferred`; so does the PDF of
//! `fixtures/huli-2022.docx`, a table over several pages. `tools/make-fixtures.sh converted`
//! writes the files.
//! The differences still known are listed in `KNOWN`, each with its reason; a listed case that
//! comes out equal fails too, so the list stays true.

use std::path::{Path, PathBuf};

use fenjie::check;

/// (fixture, form, why its records differ from the .docx's).
const KNOWN: &[(&str, &str, &str)] = &[
    (
        "tables/r-blank-cell-lines.docx",
        "pdf",
        "a table saved as text one cell a line, printed: the PDF reader numbers the lines it shows and not the blank ones (a gap between two lines), so the blank cells that line up the rows are gone",
    ),
    (
        "layouts/n-spaced-columns.docx",
        "pdf",
        "the PDF reader joins a row's wrapped line to the row (the row's line runs to the text's edge), so the wrapped words go to the row's last cell",
    ),
    (
        "layouts/p-tab-columns.docx",
        "pdf",
        "columns set at tab stops without rulings: the aligned-table reader takes the rows for two columns of one row, and the header line stays a paragraph",
    ),
];

const FORMS: &[&str] = &["doc", "html", "txt", "pdf"];

/// Fixtures outside those folders, each with the forms it is saved in.
const OTHERS: &[(&str, &[&str])] = &[("huli-2022.docx", &["pdf"])];

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// The records of a document read with the options of `original`, without `source`,
/// `number_inferred` and `id`; or the error's text.
fn records(document: &Path, original: &Path) -> Result<Vec<serde_json::Value>, String> {
    let options = check::options_for(original, &fenjie::Options::default())?;
    let bytes = std::fs::read(document).map_err(|e| e.to_string())?;
    let report = fenjie::convert(&document.to_string_lossy(), &bytes, &options)
        .map_err(|e| e.to_string())?;
    let mut tasks = serde_json::to_value(&report.tasks).map_err(|e| e.to_string())?;
    let tasks = tasks.as_array_mut().map(std::mem::take).unwrap_or_default();
    Ok(tasks
        .into_iter()
        .map(|mut t| {
            if let Some(o) = t.as_object_mut() {
                o.remove("source");
                o.remove("number_inferred");
                // The id follows the notice key, which the sha256 of each form's bytes may be.
                o.remove("id");
            }
            t
        })
        .collect())
}

#[test]
fn each_format_libreoffice_writes_gives_the_docx_records() {
    let root = fixtures();
    let mut originals: Vec<PathBuf> = ["tables", "layouts", "lists"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).expect("fixture folders are readable"))
        .map(|entry| entry.expect("fixture folders are readable").path())
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    originals.sort();
    assert!(!originals.is_empty());
    let mut cases: Vec<(PathBuf, &[&str])> = originals.into_iter().map(|o| (o, FORMS)).collect();
    cases.extend(OTHERS.iter().map(|(name, forms)| (root.join(name), *forms)));
    let mut failures = Vec::new();
    for (original, forms) in &cases {
        let name = original
            .strip_prefix(&root)
            .unwrap_or(original)
            .to_string_lossy()
            .replace('\\', "/");
        let want = records(original, original).expect("the .docx fixtures convert");
        for form in *forms {
            let converted = PathBuf::from(format!("{}.{form}", original.display()));
            if !converted.is_file() {
                failures.push(format!(
                    "{name}.{form} is missing: run tools/make-fixtures.sh converted"
                ));
                continue;
            }
            let got = records(&converted, original);
            let same = got.as_ref().is_ok_and(|got| *got == want);
            if !same && std::env::var_os("FENJIE_SHOW").is_some() {
                eprintln!("== {name}.{form}");
                match &got {
                    Err(e) => eprintln!("error: {e}"),
                    Ok(got) => {
                        eprintln!("{} records, want {}", got.len(), want.len());
                        for (g, w) in got.iter().zip(&want) {
                            if g != w {
                                eprintln!("got  {g}\nwant {w}");
                            }
                        }
                    }
                }
            }
            let known = KNOWN.iter().any(|(f, k, _)| *f == name && k == form);
            match (same, known) {
                (false, false) => {
                    failures.push(format!("{name}.{form}: records differ from the .docx's"));
                }
                (true, true) => failures.push(format!(
                    "{name}.{form}: records now equal the .docx's; take it off KNOWN"
                )),
                _ => {}
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
