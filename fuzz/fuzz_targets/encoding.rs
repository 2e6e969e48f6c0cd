//! Any bytes as the start of a web page: the encoding choice (byte-order mark, the `<meta>`
//! pre-scan of the first 1,024 bytes, then the content) and the nesting pre-scan must return,
//! never panic, and a page that converts gives a report valid against the schema.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = fenjie::Options::default();
    // As sent (a byte-order mark or markup of the fuzzer's own), and inside a page's head,
    // where the pre-scan looks for a declaration.
    let mut page = b"<html><head>".to_vec();
    page.extend_from_slice(data);
    for bytes in [data, page.as_slice()] {
        let _ = fenjie::ingest::read(bytes, &options.read);
        if let Ok(report) = fenjie::convert("fuzz.html", bytes, &options) {
            let value = serde_json::to_value(&report).expect("a report serialises");
            fenjie::validate::check(&value).expect("a report is valid");
        }
    }
});
