//! Any bytes as the WordDocument stream of a Word 97–2003 file, beside the table stream of a real
//! one: the reader must return, never panic.
#![no_main]

use std::io::{Cursor, Write};

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut file = match cfb::CompoundFile::create(Cursor::new(Vec::new())) {
        Ok(f) => f,
        Err(_) => return,
    };
    // Split the input: the first half is the WordDocument stream, the rest the table stream.
    let (word, table) = data.split_at(data.len() / 2);
    let mut w = Vec::from(&b"\xEC\xA5"[..]);
    w.extend_from_slice(word);
    if let Ok(mut s) = file.create_stream("/WordDocument") {
        let _ = s.write_all(&w);
    }
    if let Ok(mut s) = file.create_stream("/1Table") {
        let _ = s.write_all(table);
    }
    if let Ok(mut s) = file.create_stream("/0Table") {
        let _ = s.write_all(table);
    }
    let bytes = file.into_inner().into_inner();
    let _ = fenjie::convert("fuzz.doc", &bytes, &fenjie::Options::default());
});
