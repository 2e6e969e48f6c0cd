//! Any bytes as a PDF (the `%PDF` header put in front where they lack it): the reader must
//! return, never panic, within its bounds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = Vec::with_capacity(data.len() + 9);
    if !data.starts_with(b"%PDF") {
        bytes.extend_from_slice(b"%PDF-1.7\n");
    }
    bytes.extend_from_slice(data);
    let _ = fenjie::convert("fuzz.pdf", &bytes, &fenjie::Options::default());
});
