//! `fenjie diff` on two generated 2,000-row notices (perf/corpus.rs): last year's notice and a
//! revision of it in which every tenth deadline moved, every fifteenth requirement was edited
//! and every twenty-fifth row was dropped. Times the diff of the two converted notices, and the
//! whole command's work (both conversions and the diff). Run with `cargo bench --bench diff`.

#[path = "../perf/corpus.rs"]
mod corpus;

use std::sync::LazyLock;

use divan::{Bencher, black_box};
use fenjie::Options;
use fenjie::diff::{self, Side};

const ROWS: usize = 2_000;

struct Notices {
    old: Vec<u8>,
    new: Vec<u8>,
}

static NOTICES: LazyLock<Notices> = LazyLock::new(|| {
    let rows = corpus::rows(ROWS, 2022);
    let mut revised = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        if i % 25 == 24 && row.section.is_none() {
            continue;
        }
        let mut row = row.clone();
        if i % 10 == 3 {
            row.deadline = "12月底前";
        }
        if i % 15 == 7 {
            for item in &mut row.items {
                item.push_str("每季度报送工作进展。");
            }
        }
        revised.push(row);
    }
    Notices {
        old: corpus::text(&rows).into_bytes(),
        new: corpus::text(&revised).into_bytes(),
    }
});

fn main() {
    divan::main();
}

fn side(bytes: &[u8]) -> Side {
    let report = fenjie::convert("n.txt", bytes, &Options::default()).unwrap();
    Side::from_report(&report).unwrap()
}

/// The diff alone: matching and changes of two converted notices.
#[divan::bench]
fn diff_two_notices(bencher: Bencher) {
    let (old, new) = (side(&NOTICES.old), side(&NOTICES.new));
    bencher
        .with_inputs(|| (old.clone(), new.clone()))
        .bench_values(|(old, new)| diff::diff(black_box(old), black_box(new)));
}

/// What `fenjie diff OLD NEW` does: convert both, then diff.
#[divan::bench]
fn convert_and_diff(bencher: Bencher) {
    bencher.bench(|| diff::diff(side(black_box(&NOTICES.old)), side(black_box(&NOTICES.new))));
}
