//! `fenjie check`: documents converted again and compared with their expected files.

use std::path::PathBuf;

use super::print_stdout;
use crate::cli::{Failure, fail};
use fenjie::Options;

pub(crate) fn run(paths: &[PathBuf], bless: bool) -> Result<u8, Failure> {
    use fenjie::check::Outcome;
    let documents = fenjie::check::documents(paths, bless)
        .map_err(|e| fail(2, format!("cannot list the folders: {e}")))?;
    if documents.is_empty() {
        return Err(fail(
            2,
            "no document with an expected file (NAME.expected.json) beside it",
        ));
    }
    let base = Options::default();
    let (mut same, mut differ, mut failed) = (0, 0, 0);
    let mut out = String::new();
    for document in &documents {
        let shown = document.display();
        match fenjie::check::check_document(document, &base, bless) {
            Outcome::Same => same += 1,
            Outcome::Blessed => {
                // Only a file that changed is written, and only it is named.
                same += 1;
                out.push_str(&format!("{shown}: expected file written\n"));
            }
            Outcome::Differs(differences) => {
                differ += 1;
                out.push_str(&format!("{shown}: {} difference(s)\n", differences.len()));
                for d in differences {
                    out.push_str(&format!("  {d}\n"));
                }
            }
            Outcome::Failed(message) => {
                failed += 1;
                say!("fenjie: {shown}: {message}");
            }
        }
    }
    if !bless {
        let (orphans, unchecked) = fenjie::check::strays(paths)
            .map_err(|e| fail(2, format!("cannot list the folders: {e}")))?;
        for orphan in &orphans {
            failed += 1;
            out.push_str(&format!(
                "{}: an expected file whose document is gone\n",
                orphan.display()
            ));
        }
        for document in &unchecked {
            out.push_str(&format!(
                "{}: not checked: no expected file (fenjie check --bless writes one)\n",
                document.display()
            ));
        }
    }
    out.push_str(&format!(
        "{same} same, {differ} different, {failed} failed\n"
    ));
    print_stdout(out.as_bytes())?;
    Ok(u8::from(differ + failed > 0))
}
