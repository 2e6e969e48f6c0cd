//! Any bytes through the whole pipeline, as a file fenjie is asked to convert (the seeds are text
//! notices, so this mostly drives the text reader). A converted report must validate and lose no
//! cell.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(report) = fenjie::convert("fuzz.txt", data, &fenjie::Options::default()) {
        let value = serde_json::to_value(&report).expect("reports serialise");
        assert!(
            fenjie::validate::check(&value).is_ok(),
            "output violates the schema"
        );
        assert!(
            !report
                .diagnostics
                .iter()
                .any(|d| d.code == fenjie::Code::CellUnaccounted),
            "a cell was lost"
        );
    }
});
