//! Any bytes as the main document part of a Word package.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;

const RELS: &[u8] = br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

fuzz_target!(|data: &[u8]| {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut buf);
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        w.start_file("_rels/.rels", stored).unwrap();
        w.write_all(RELS).unwrap();
        w.start_file("word/document.xml", stored).unwrap();
        w.write_all(data).unwrap();
        w.finish().unwrap();
    }
    let _ = fenjie::convert("fuzz.docx", &buf.into_inner(), &fenjie::Options::default());
});
