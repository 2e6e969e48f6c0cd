//! Per-stage benchmarks on a generated 2,000-row notice (perf/corpus.rs): each reader, layout,
//! record splitting, normalisation, schema validation, JSON and CSV writing, and the whole
//! conversion per format. Run with `cargo bench`; whole-command timings are in perf/run.sh.

#[path = "../perf/corpus.rs"]
mod corpus;

use std::sync::LazyLock;

use divan::{Bencher, black_box};
use fenjie::emit::{self, OutputEncoding, OutputFormat};
use fenjie::{Options, ingest, layout, normalize, records};

const ROWS: usize = 2_000;

struct Inputs {
    text: Vec<u8>,
    docx: Vec<u8>,
    xlsx: Vec<u8>,
}

static INPUTS: LazyLock<Inputs> = LazyLock::new(|| {
    let rows = corpus::rows(ROWS, 2022);
    Inputs {
        text: corpus::text(&rows).into_bytes(),
        docx: corpus::docx(&rows),
        xlsx: corpus::xlsx(&rows),
    }
});

fn main() {
    divan::main();
}

fn input(format: &str) -> &'static [u8] {
    match format {
        "text" => &INPUTS.text,
        "docx" => &INPUTS.docx,
        _ => &INPUTS.xlsx,
    }
}

#[divan::bench(args = ["text", "docx", "xlsx"])]
fn read(bencher: Bencher, format: &str) {
    let bytes = input(format);
    let options = ingest::ReadOptions::default();
    bencher.bench(|| ingest::read(black_box(bytes), &options).unwrap());
}

#[divan::bench]
fn lay_out(bencher: Bencher) {
    let doc = ingest::read(&INPUTS.docx, &Default::default()).unwrap();
    let grids: Vec<_> = doc.grids().cloned().collect();
    bencher.bench(|| layout::lay_out(black_box(&grids)).unwrap());
}

#[divan::bench]
fn split(bencher: Bencher) {
    let doc = ingest::read(&INPUTS.docx, &Default::default()).unwrap();
    let grids: Vec<_> = doc.grids().cloned().collect();
    let laid = layout::lay_out(&grids).unwrap();
    bencher.bench(|| records::split(black_box(&laid.tables)));
}

#[divan::bench]
fn normalize_units_and_deadlines(bencher: Bencher) {
    let doc = ingest::read(&INPUTS.docx, &Default::default()).unwrap();
    let grids: Vec<_> = doc.grids().cloned().collect();
    let laid = layout::lay_out(&grids).unwrap();
    let split = records::split(&laid.tables);
    let context = normalize::Context {
        year: Some(2022),
        registry: Some(fenjie::Registry::default_registry()),
        jurisdiction: None,
        expand_groups: false,
        has_deadline_column: true,
        has_unit_column: true,
        has_requirement_column: true,
    };
    bencher
        .with_inputs(|| split.records.clone())
        .bench_values(|records| normalize::tasks(records, &context));
}

fn report() -> fenjie::Report {
    fenjie::convert("n.docx", &INPUTS.docx, &Options::default()).unwrap()
}

#[divan::bench]
fn validate(bencher: Bencher) {
    let report = report();
    bencher.bench(|| {
        let value = serde_json::to_value(black_box(&report)).unwrap();
        fenjie::validate::check(&value).unwrap();
    });
}

#[divan::bench(args = ["json", "csv"])]
fn write(bencher: Bencher, format: &str) {
    let report = report();
    let format = if format == "json" {
        OutputFormat::Json
    } else {
        OutputFormat::Csv
    };
    bencher.bench(|| {
        let mut out = Vec::with_capacity(1 << 20);
        emit::write(
            black_box(&report),
            format,
            OutputEncoding::Utf8,
            Default::default(),
            &mut out,
        )
        .unwrap();
        out
    });
}

#[divan::bench(args = ["text", "docx", "xlsx"])]
fn convert(bencher: Bencher, format: &str) {
    let bytes = input(format);
    let options = Options::default();
    bencher.bench(|| fenjie::convert("n", black_box(bytes), &options).unwrap());
}
