//! Writes generated notices for benchmarks (see perf/corpus.rs):
//!
//! - `make_corpus --rows N --out DIR [--seed S]` writes DIR/notice-N.txt, .docx, .xlsx, the same
//!   items as a paragraph notice (.list.txt) and as a web page (.html);
//! - `make_corpus --rows N --count K --out DIR` writes K notices of N rows, seeds S…S+K−1, the
//!   formats taking turns (DIR/notice-N-0001.txt, notice-N-0002.docx, …), for batch runs.

#[path = "../perf/corpus.rs"]
mod corpus;

use std::path::PathBuf;

fn main() {
    let mut rows = 30usize;
    let mut out = PathBuf::from("target/corpus");
    let mut seed = 2022u64;
    let mut count: Option<u64> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().unwrap_or_else(|| {
            eprintln!("make_corpus: {arg} needs a value");
            std::process::exit(2);
        });
        let number = || -> u64 {
            value.parse().unwrap_or_else(|_| {
                eprintln!("make_corpus: {arg}: expected a whole number, but found {value:?}");
                std::process::exit(2);
            })
        };
        match arg.as_str() {
            "--rows" => rows = number() as usize,
            "--seed" => seed = number(),
            "--count" => count = Some(number()),
            "--out" => out = PathBuf::from(&value),
            _ => {
                eprintln!(
                    "make_corpus: unknown argument {arg}; expected --rows N --out DIR [--seed S] [--count K]"
                );
                std::process::exit(2);
            }
        }
    }
    if let Err(e) = std::fs::create_dir_all(&out) {
        eprintln!("make_corpus: {}: {e}", out.display());
        std::process::exit(1);
    }
    if let Some(count) = count {
        for k in 0..count {
            let table = corpus::rows(rows, seed + k);
            let (ext, bytes) = match k % 3 {
                0 => ("txt", corpus::text(&table).into_bytes()),
                1 => ("docx", corpus::docx(&table)),
                _ => ("xlsx", corpus::xlsx(&table)),
            };
            let path = out.join(format!("notice-{rows}-{:04}.{ext}", k + 1));
            if let Err(e) = std::fs::write(&path, &bytes) {
                eprintln!("make_corpus: {}: {e}", path.display());
                std::process::exit(1);
            }
        }
        println!("{} notices of {rows} rows in {}", count, out.display());
        return;
    }
    let table = corpus::rows(rows, seed);
    for (ext, bytes) in [
        ("txt", corpus::text(&table).into_bytes()),
        ("docx", corpus::docx(&table)),
        ("xlsx", corpus::xlsx(&table)),
        ("list.txt", corpus::list(&table).into_bytes()),
        ("html", corpus::html(&table).into_bytes()),
    ] {
        let path = out.join(format!("notice-{rows}.{ext}"));
        if let Err(e) = std::fs::write(&path, &bytes) {
            eprintln!("make_corpus: {}: {e}", path.display());
            std::process::exit(1);
        }
        println!("{} ({} bytes)", path.display(), bytes.len());
    }
}
