//! Any bytes as a text file: telling a notice from JSON, JSON Lines, TOML, CSV, Markdown and
//! text without Chinese must return, never panic, and agree with itself: text without a Chinese
//! character is never a notice.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let kind = fenjie::ingest::sniff::other_kind(&text);
    if !text.chars().any(fenjie::text::is_cjk) {
        assert!(kind.is_some(), "text without Chinese taken for a notice");
    }
    let _ = fenjie::ingest::read(data, &fenjie::ReadOptions::default());
});
