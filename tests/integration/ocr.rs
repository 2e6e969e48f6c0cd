//! Scanned pages read by OCR: a page of `fixtures/tables/g-merged-goal-task.docx`, printed to PDF,
//! rendered at 200 dpi, turned 0.5°, blurred and saved as JPEG (`tools/make-scan.sh`), as an
//! image and as a scanner's one-page PDF. Its items must hold at least 80 % of the characters of
//! the .docx's items with Tesseract. Where Tesseract is not installed, the tests that need it
//! say they were skipped; the errors without an engine are checked everywhere.

use std::path::PathBuf;
use std::sync::Arc;

use fenjie::ocr::Tesseract;
use fenjie::{ErrorKind, Options, ReadOptions, Report};

fn fixture(name: &str) -> (String, Vec<u8>) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name);
    let bytes = std::fs::read(&path).unwrap();
    (path.display().to_string(), bytes)
}

/// Options with Tesseract, or None (and a line saying the test is skipped) where it is not
/// installed with its Chinese model.
fn with_tesseract(test: &str) -> Option<Options> {
    let usable = Tesseract::find().filter(|_| {
        std::process::Command::new("tesseract")
            .arg("--list-langs")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains("chi_sim"))
    });
    let Some(tesseract) = usable else {
        eprintln!(
            "{test}: skipped, tesseract with its chi_sim model is not installed (apt install tesseract-ocr tesseract-ocr-chi-sim)"
        );
        return None;
    };
    Some(Options {
        read: ReadOptions {
            ocr: Some(Arc::new(tesseract)),
            images: true,
            ..ReadOptions::default()
        },
        ..Options::default()
    })
}

/// The fields of each item a person checks, in order.
fn fields(report: &Report) -> Vec<String> {
    report
        .tasks
        .iter()
        .flat_map(|t| {
            [
                t.section.as_ref().and_then(|h| h.title.clone()),
                t.subsection.as_ref().and_then(|h| h.title.clone()),
                t.task.clone(),
                Some(t.requirement.clone()),
                Some(t.responsible.raw.clone()),
                t.deadline.raw.clone(),
            ]
        })
        .map(Option::unwrap_or_default)
        .collect()
}

/// The share of the expected fields' characters read right: 1 − edit distance / length, over
/// all fields. A bracket's width cannot be seen in a scan (（一） and (一) print alike at this
/// size), so brackets and commas compare by their form, not their width.
fn accuracy(expected: &[String], read: &[String]) -> f64 {
    let fold = |s: &str| -> String {
        s.chars()
            .map(|c| match c {
                '(' => '（',
                ')' => '）',
                ',' => '，',
                ':' => '：',
                c => c,
            })
            .collect()
    };
    let total: usize = expected.iter().map(|s| s.chars().count()).sum();
    let wrong: usize = expected
        .iter()
        .zip(read.iter().chain(std::iter::repeat(&String::new())))
        .map(|(e, r)| strsim::levenshtein(&fold(e), &fold(r)).min(e.chars().count().max(1)))
        .sum();
    1.0 - wrong as f64 / total.max(1) as f64
}

fn expected() -> Vec<String> {
    let (path, bytes) = fixture("tables/g-merged-goal-task.docx");
    fields(&fenjie::convert(&path, &bytes, &Options::default()).unwrap())
}

fn check_scan(test: &str, name: &str) {
    let Some(options) = with_tesseract(test) else {
        return;
    };
    let (path, bytes) = fixture(name);
    let report = fenjie::convert(&path, &bytes, &options).unwrap();
    let expected = expected();
    let read = fields(&report);
    let accuracy = accuracy(&expected, &read);
    eprintln!(
        "{test}: {} items, {:.1} % of the characters right",
        report.tasks.len(),
        accuracy * 100.0
    );
    assert_eq!(report.tasks.len(), 5, "{read:#?}");
    assert!(accuracy >= 0.80, "{accuracy}: {read:#?}");
    // Text read by OCR says so: a diagnostic for the page, and the source names the page.
    let ocr = report
        .source
        .ocr
        .as_ref()
        .expect("the page was read by OCR");
    assert_eq!(ocr.pages, [1]);
    assert!(ocr.confidence > 0.5, "{ocr:?}");
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.code == fenjie::Code::Ocr && d.message.contains("page 1")),
        "{:?}",
        report.diagnostics
    );
    assert!(report.tasks.iter().all(|t| t.source.starts_with("page 1,")));
    let ocr_diagnostic = report
        .diagnostics
        .iter()
        .find(|d| d.code == fenjie::Code::Ocr)
        .unwrap();
    let chinese = ocr_diagnostic.chinese_message(&|place| place.to_string());
    assert!(
        chinese
            .as_deref()
            .is_some_and(|m| m.starts_with("第1页由 OCR 识别")),
        "{chinese:?}"
    );
    fenjie::validate::report(&report).unwrap();
}

#[test]
fn a_scanned_page_image_gives_the_items_of_its_docx() {
    check_scan(
        "a_scanned_page_image_gives_the_items_of_its_docx",
        "scans/g-merged-goal-task.jpg",
    );
}

#[test]
fn a_scanned_pdf_gives_the_items_of_its_docx() {
    check_scan(
        "a_scanned_pdf_gives_the_items_of_its_docx",
        "scans/g-merged-goal-task.jpg.pdf",
    );
}

#[test]
fn without_an_engine_a_scan_is_refused_saying_what_to_install() {
    let (path, bytes) = fixture("scans/g-merged-goal-task.jpg.pdf");
    let e = fenjie::convert(&path, &bytes, &Options::default()).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::NoTextLayer(_)), "{e}");
    assert!(e.to_string().contains("apt install tesseract-ocr"), "{e}");
    let (path, bytes) = fixture("scans/g-merged-goal-task.jpg");
    let e = fenjie::convert(&path, &bytes, &Options::default()).unwrap_err();
    assert!(e.is_not_a_notice(), "{e}");
    assert!(e.to_string().contains("found an image (JPEG)"), "{e}");
}

#[test]
fn images_are_read_only_when_asked() {
    let Some(mut options) = with_tesseract("images_are_read_only_when_asked") else {
        return;
    };
    options.read.images = false;
    let (path, bytes) = fixture("scans/g-merged-goal-task.jpg");
    let e = fenjie::convert(&path, &bytes, &options).unwrap_err();
    assert!(e.is_not_a_notice(), "{e}");
    assert!(e.to_string().contains("only when asked"), "{e}");
}

/// A batch reads images only with `--ocr`: without it a folder's image is skipped with the
/// reason (a logo or a screenshot is no notice); with it, the scan is converted.
#[test]
fn a_batch_reads_images_only_with_ocr() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let (_, scan) = fixture("scans/g-merged-goal-task.jpg");
    std::fs::write(inbox.join("scan.jpg"), scan).unwrap();
    let (_, notice) = fixture("huli-2022.txt");
    std::fs::write(inbox.join("notice.txt"), notice).unwrap();
    let out = crate::binary::fenjie(&["batch", "inbox", "-o", "out", "-q"], dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/summary.json")).unwrap())
            .unwrap();
    let scan = summary["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["input"].as_str().unwrap().ends_with("scan.jpg"))
        .unwrap();
    assert_eq!(scan["status"], "skipped", "{scan}");
    assert!(
        scan["reason"]
            .as_str()
            .unwrap()
            .contains("found an image (JPEG)"),
        "{scan}"
    );
    if with_tesseract("a_batch_reads_images_only_with_ocr (--ocr)").is_none() {
        let out = crate::binary::fenjie(&["batch", "inbox", "-o", "out2", "--ocr"], dir.path());
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("apt install tesseract-ocr"));
        return;
    }
    let out = crate::binary::fenjie(&["batch", "inbox", "-o", "out2", "--ocr", "-q"], dir.path());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out2/summary.json")).unwrap())
            .unwrap();
    assert_eq!(summary["converted"], 2, "{summary}");
    let written: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out2/scan.jpg.json")).unwrap())
            .unwrap();
    assert_eq!(written["source"]["format"], "image");
    assert_eq!(written["source"]["ocr"]["pages"], serde_json::json!([1]));
    assert_eq!(written["tasks"].as_array().unwrap().len(), 5);
}
