//! The library on its own: convert a notice, print each task's stable id, deadline and units,
//! and write the CSV a clerk opens in Excel. Run with
//! `cargo run --example library -- fixtures/huli-2022.docx`.

use fenjie::emit::{self, OutputEncoding, OutputFormat, csv::Headers, csv::Shape, lang::Lang};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "fixtures/huli-2022.docx".into());
    let bytes = std::fs::read(&path)?;
    let report = fenjie::convert(&path, &bytes, &fenjie::Options::default())?;
    println!(
        "{} (schema {}): {} tasks, {} diagnostics",
        report.key,
        report.schema_version,
        report.tasks.len(),
        report.diagnostics.len()
    );
    for task in report.tasks.iter().take(3) {
        let units: Vec<&str> = task
            .responsible
            .units
            .iter()
            .map(|u| u.name.as_str())
            .collect();
        println!(
            "{} {:?} {:?} {}",
            task.id,
            task.deadline.kind,
            task.deadline.date.map(|d| d.to_string()),
            units.join("、")
        );
    }
    // CSV for people: Chinese headers and values, with the BOM Excel needs.
    let shape = Shape {
        headers: Headers::Chinese,
        per_unit: false,
        lang: Lang::Zh,
    };
    let mut csv = Vec::new();
    emit::write(
        &report,
        OutputFormat::Csv,
        OutputEncoding::Utf8Bom,
        shape,
        &mut csv,
    )?;
    println!("{} bytes of CSV", csv.len());
    Ok(())
}
