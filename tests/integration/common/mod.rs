//! Builders for edge-case documents, written byte for byte so each test controls the exact XML.
#![allow(dead_code)]

use std::io::Write;

/// A zip package from (name, content) pairs.
pub fn zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut buf);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in parts {
            w.start_file(*name, options).unwrap();
            w.write_all(content).unwrap();
        }
        w.finish().unwrap();
    }
    buf.into_inner()
}

pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

/// A .docx whose body is `body` (`WordprocessingML` inside `<w:body>`).
pub fn docx(body: &str) -> Vec<u8> {
    docx_at("word/document.xml", RELS, body)
}

/// A .docx with the main part at another path, named by the given relationships part.
pub fn docx_at(part: &str, rels: &str, body: &str) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{body}</w:body></w:document>"#
    );
    // The main part's own relationships (here: a hyperlink target), as office software writes them.
    let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
    let part_rels = format!("{dir}/_rels/{file}.rels");
    let links = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="http://www.huli.gov.cn/" TargetMode="External"/></Relationships>"#;
    zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", rels.as_bytes()),
        (part_rels.as_str(), links.as_bytes()),
        (part, document.as_bytes()),
    ])
}

/// A paragraph of plain text.
pub fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

/// A cell holding `inner` (paragraphs), with optional cell properties.
pub fn tc(props: &str, inner: &str) -> String {
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{inner}</w:tc>")
}

/// A cell with one paragraph of text.
pub fn cell(text: &str) -> String {
    tc("", &p(text))
}

pub fn tr(cells: &[String]) -> String {
    format!("<w:tr>{}</w:tr>", cells.concat())
}

pub fn tbl(props: &str, grid_cols: usize, rows: &[String]) -> String {
    let grid: String = (0..grid_cols)
        .map(|_| "<w:gridCol w:w=\"2000\"/>")
        .collect();
    format!(
        "<w:tbl><w:tblPr>{props}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{}</w:tbl>",
        rows.concat()
    )
}

/// The header row of the common four-column layout.
pub fn header4() -> String {
    tr(&[
        cell("工作任务"),
        cell("工作要求"),
        cell("责任单位"),
        cell("时限"),
    ])
}

/// Options for the documents these tests build: tables of the 2022 Huli notice without the
/// notice around them, so the Huli registry is given as `--units` would give it.
pub fn options() -> fenjie::Options {
    fenjie::Options {
        year: Some(2022),
        registry: Some(huli()),
        ..fenjie::Options::default()
    }
}

/// The bundled registry of 厦门市湖里区.
pub fn huli() -> std::sync::Arc<fenjie::Registry> {
    std::sync::Arc::new(fenjie::Registry::default_registry().clone())
}

pub fn convert(name: &str, bytes: &[u8]) -> Result<fenjie::Report, fenjie::Error> {
    fenjie::convert(name, bytes, &options())
}

/// A report's tasks as JSON, without where each came from (nor the id, which follows the notice
/// key, and a bare workbook has no 文号 to key it by): what must agree across forms.
pub fn tasks_without_source(report: &fenjie::Report) -> Vec<serde_json::Value> {
    report
        .tasks
        .iter()
        .map(|t| {
            let mut v = serde_json::to_value(t).unwrap();
            v.as_object_mut().unwrap().remove("source");
            v.as_object_mut().unwrap().remove("id");
            v
        })
        .collect()
}

/// The error text of a conversion that must fail, with its causes; a panic fails the test.
pub fn error_with(bytes: &[u8], options: &fenjie::Options) -> String {
    match std::panic::catch_unwind(|| fenjie::convert("x", bytes, options)) {
        Err(panic) => std::panic::resume_unwind(panic),
        Ok(Ok(report)) => panic!("expected an error, got {} tasks", report.tasks.len()),
        Ok(Err(e)) => fenjie::error::chain(&e),
    }
}

/// The fixture at `fixtures/NAME`.
pub fn fixture_path(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// A .docx whose main part's relationships name a numbering part with the given content.
pub fn docx_numbered(body: &str, numbering: &str) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#
    );
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>"#;
    zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("word/_rels/document.xml.rels", rels.as_bytes()),
        ("word/numbering.xml", numbering.as_bytes()),
        ("word/document.xml", document.as_bytes()),
    ])
}
