//! The floor for whole-command benchmarks: the least work that reads a notice's table, with
//! nothing else. `floor FILE` unzips a .docx or .xlsx and streams its table part counting cells
//! (quick-xml, no allocation per event), parses a web page (html5ever) counting its cells, or
//! reads a text file and splits lines and tabs. Prints
//! the count. perf/run.sh times it beside fenjie on the same files.

use std::io::Read;

use quick_xml::events::Event;

fn count_xml(xml: &[u8], cell: &str) -> usize {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut cells = 0;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.name().as_ref() == cell => cells += 1,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    cells
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("floor: expected a file");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("floor: {path}: {e}");
        std::process::exit(1);
    });
    let cells = if bytes.starts_with(b"PK") {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("a zip package");
        let (part, cell): (&str, &str) = if zip.by_name("word/document.xml").is_ok() {
            ("word/document.xml", "w:tc")
        } else {
            ("xl/worksheets/sheet1.xml", "c")
        };
        let mut xml = Vec::new();
        zip.by_name(part)
            .expect("the table part")
            .read_to_end(&mut xml)
            .expect("readable");
        count_xml(&xml, cell)
    } else if bytes.trim_ascii_start().starts_with(b"<") {
        // A web page: the HTML5 parse alone, counting table cells.
        let page = scraper::Html::parse_document(&String::from_utf8_lossy(&bytes));
        page.tree
            .values()
            .filter(|node| node.as_element().is_some_and(|e| e.name() == "td"))
            .count()
    } else {
        let text = String::from_utf8_lossy(&bytes);
        text.lines().map(|l| l.split('\t').count()).sum()
    };
    println!("{cells}");
}
