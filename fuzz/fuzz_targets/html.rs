//! Any bytes as a web page: the whole pipeline must return, never panic, and every report it
//! returns must be valid against the schema.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut page = b"<!DOCTYPE html><html><body>".to_vec();
    page.extend_from_slice(data);
    if let Ok(report) = fenjie::convert("fuzz.html", &page, &fenjie::Options::default()) {
        let value = serde_json::to_value(&report).expect("a report serialises");
        fenjie::validate::check(&value).expect("a report is valid");
    }
});
