//! Any string as a deadline cell, parsed and resolved with and without a year.
#![no_main]

use fenjie::normalize::deadline;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let phrase = deadline::parse(text);
    for year in [None, Some(2022), Some(-9999), Some(9999), Some(i16::MAX)] {
        let (d, _) = deadline::resolve(Some(text.to_string()), &phrase, year);
        assert!(d.date.is_none() || d.kind == deadline::DeadlineKind::Due);
    }
});
