fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let doc = fenjie::ingest::read(&bytes, &Default::default()).unwrap();
    println!("{:?} sheets={:?}", doc.format, doc.sheet_names);
    for p in doc.paragraphs() {
        println!(
            "P {} {}",
            p.location,
            p.text.chars().take(40).collect::<String>()
        );
    }
    for g in doc.grids() {
        println!("GRID {:?}", g.source);
        for (i, r) in g.rows.iter().enumerate() {
            let cells: Vec<String> = r
                .cells
                .iter()
                .map(|c| {
                    format!(
                        "{}{}",
                        match c.merge {
                            fenjie::grid::Merge::Single => String::new(),
                            m => format!("{m:?}"),
                        },
                        c.value.text().chars().take(12).collect::<String>()
                    )
                })
                .collect();
            println!("{i} #{} h={} {:?}", r.number, r.repeat_header, cells);
        }
    }
    for d in &doc.diagnostics {
        println!("D {d}");
    }
}
