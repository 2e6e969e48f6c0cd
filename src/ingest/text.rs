//! Text notices (copied from a web page or PDF, or exported): decoded to Unicode, then split into
//! body paragraphs, one a line, and grids of tab-separated rows (the form Excel copies a table
//! in). Each paragraph keeps its line number, so the blank lines between paragraphs stay known:
//! tables written as lines (bars, one cell per line, runs of spaces) are found by `layout`, for
//! text and for the paragraphs of every other format alike.

use encoding_rs::{Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};

use super::{Document, Format, Paragraph, ReadOptions};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, ErrorKind};
use crate::grid::{Cell, Grid, GridSource, Location, Row};

/// Reads a text notice.
///
/// # Errors
///
/// When the bytes are not text in any encoding fenjie knows, or a line or the table's cells
/// exceed the limits.
pub fn read(bytes: &[u8], options: &ReadOptions) -> Result<Document, Error> {
    let decoded = decode(bytes, options.encoding.as_deref())?;
    if let Some(kind) = super::sniff::other_kind(&decoded.text) {
        return Err(Error::from(ErrorKind::OtherText { kind }));
    }
    let mut lines = Lines {
        doc: Document {
            diagnostics: decoded.diagnostics,
            ..Document::new(Format::Text)
        },
        rows: Vec::new(),
        cells: 0,
    };
    // CR-only line endings (old Mac exports) are line breaks too.
    let text = if decoded.text.contains('\r') {
        std::borrow::Cow::Owned(decoded.text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(decoded.text.as_str())
    };
    let all: Vec<&str> = text.lines().collect();
    let mut index = 0;
    while index < all.len() {
        let line = all[index];
        let at = Location::Line {
            line: index as u32 + 1,
            column: None,
        };
        if line.len() > options.limits.cell_bytes {
            return Err(Error::limit(
                format!("the line's {} bytes", line.len()),
                options.limits.cell_bytes,
            )
            .at(Some(at)));
        }
        index += 1;
        if line.trim().is_empty() {
            continue;
        }
        // A line whose only tabs lead it is an indented paragraph, unless it stands among the
        // rows of a table (a row whose first cells are empty).
        let tabbed =
            line.trim_start().contains('\t') || !lines.rows.is_empty() && line.contains('\t');
        if tabbed {
            let (fields, used) = fields(&all[index - 1..]);
            index += used - 1;
            lines.row(fields, index as u32 + 1 - used as u32, options.limits.cells)?;
        } else {
            lines.paragraph(line, at);
        }
    }
    lines.end_table();
    Ok(lines.doc)
}

/// A text notice as it is read, line by line: the document so far and the table being read.
struct Lines {
    doc: Document,
    rows: Vec<Row>,
    cells: usize,
}

impl Lines {
    /// A row of the table being read.
    fn row(&mut self, fields: Vec<String>, number: u32, limit: usize) -> Result<(), Error> {
        let row = Row {
            cells: fields.into_iter().map(Cell::text).collect(),
            number,
            repeat_header: false,
            cut_off: false,
        };
        self.cells += row.cells.len();
        if self.cells > limit {
            return Err(
                Error::limit("the table's cells", limit).at(Some(Location::Line {
                    line: number,
                    column: None,
                })),
            );
        }
        self.rows.push(row);
        Ok(())
    }

    /// A paragraph of body text; it ends the table being read.
    fn paragraph(&mut self, line: &str, location: Location) {
        self.end_table();
        self.doc.push_paragraph(Paragraph {
            text: line.trim().to_string(),
            location,
        });
    }

    fn end_table(&mut self) {
        if !self.rows.is_empty() {
            self.doc.push_grid(Grid {
                source: GridSource::Text,
                rows: std::mem::take(&mut self.rows),
                headings: Vec::new(),
            });
        }
    }
}

/// How many lines a quoted field may run over before the quote is taken for a plain character.
const MAX_QUOTED_LINES: usize = 50;

/// Splits a tab-separated row into fields, starting at `lines[0]`. A field that begins with `"`
/// is quoted as Excel writes tab-separated text: it may hold tabs and line breaks, and `""` is a
/// quote. Returns the fields and how many lines the row took. A quote that does not close within
/// a few lines is an ordinary character.
fn fields(lines: &[&str]) -> (Vec<String>, usize) {
    let plain = |line: &str| line.split('\t').map(str::to_string).collect::<Vec<_>>();
    if !lines[0].split('\t').any(|f| f.starts_with('"')) {
        return (plain(lines[0]), 1);
    }
    let mut out = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut at_start = true;
    for (n, line) in lines.iter().enumerate().take(MAX_QUOTED_LINES) {
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' if at_start => {
                    quoted = true;
                    at_start = false;
                }
                '"' if quoted && chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' if quoted => quoted = false,
                '\t' if !quoted => {
                    out.push(std::mem::take(&mut field));
                    at_start = true;
                }
                c => {
                    field.push(c);
                    at_start = false;
                }
            }
        }
        if !quoted {
            out.push(field);
            return (out, n + 1);
        }
        field.push('\n');
    }
    // The quote never closed: read the first line as it stands.
    (plain(lines[0]), 1)
}

/// Text decoded to Unicode, with what was found on the way.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    pub diagnostics: Vec<Diagnostic>,
}

/// Decodes text: a BOM decides first, then valid UTF-8, then UTF-16 without BOM (NUL bytes in
/// every other position), then a statistical guess tuned for Chinese (GB18030 on most Chinese
/// Windows machines). `label` overrides all of that.
pub fn decode(bytes: &[u8], label: Option<&str>) -> Result<Decoded, Error> {
    let mut diagnostics = Vec::new();
    let (encoding, body, how) = if let Some(label) = label {
        let enc = Encoding::for_label(label.trim().as_bytes())
            .ok_or_else(|| Error::from(ErrorKind::UnknownEncoding(label.to_string())))?;
        let body = match Encoding::for_bom(bytes) {
            Some((bom_enc, len)) if bom_enc == enc => &bytes[len..],
            _ => bytes,
        };
        (enc, body, "given")
    } else if let Some((enc, len)) = Encoding::for_bom(bytes) {
        (enc, &bytes[len..], "byte-order mark")
    } else if std::str::from_utf8(bytes).is_ok() {
        (UTF_8, bytes, "valid UTF-8")
    } else if super::html::mostly_utf8(bytes) {
        // One damaged byte in UTF-8 text spoils that character, not the whole file.
        (UTF_8, bytes, "UTF-8 but for a few bytes")
    } else if let Some(enc) = utf16_without_bom(bytes) {
        (enc, bytes, "NUL-byte pattern")
    } else {
        let mut detector = chardetng::EncodingDetector::new();
        detector.feed(bytes, true);
        // Chinese text is GBK far more often than Big5, so the guess leans to it; but text the
        // detector reads as Big5 on its own, and that Big5 decodes whole, is Big5 (a traditional
        // notice saved on a Big5 system): read as GBK it would be other characters, all valid.
        let unbiased = detector.guess(None, true);
        let encoding = if unbiased == encoding_rs::BIG5
            && encoding_rs::BIG5
                .decode_without_bom_handling_and_without_replacement(bytes)
                .is_some()
        {
            unbiased
        } else {
            detector.guess(Some(b"cn"), true)
        };
        (encoding, bytes, "detected")
    };
    // GBK is GB18030's subset: decode with the superset so no valid byte is refused.
    let encoding = if encoding == encoding_rs::GBK {
        GB18030
    } else {
        encoding
    };
    let is_utf16 = encoding == UTF_16LE || encoding == UTF_16BE;
    if !is_utf16 && looks_binary(body) {
        return Err(Error::from(ErrorKind::Binary));
    }
    let text = if let Some(text) =
        encoding.decode_without_bom_handling_and_without_replacement(body)
    {
        text.into_owned()
    } else {
        let (text, _) = encoding.decode_without_bom_handling(body);
        for (index, line) in text.lines().enumerate() {
            if line.contains('\u{FFFD}') {
                diagnostics.push(Diagnostic::error(
                    Code::InvalidEncoding,
                    Some(Location::Line { line: index as u32 + 1, column: None }),
                    format!(
                        "bytes that are not valid {} were replaced by U+FFFD; pass --input-encoding if the encoding is wrong",
                        encoding.name()
                    ),
                ));
            }
        }
        text.into_owned()
    };
    if is_utf16 && looks_binary(text.as_bytes()) {
        return Err(Error::from(ErrorKind::Binary));
    }
    if encoding != UTF_8 {
        diagnostics.insert(
            0,
            Diagnostic::info(
                Code::Encoding,
                None,
                format!("text decoded as {} ({how})", encoding.name()),
            ),
        );
    }
    Ok(Decoded {
        text,
        encoding,
        diagnostics,
    })
}

/// UTF-16 text without a BOM has a NUL in every other byte for ASCII-range characters.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_nul = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if odd_nul * 4 > pairs && even_nul * 20 < pairs {
        return Some(UTF_16LE);
    }
    if even_nul * 4 > pairs && odd_nul * 20 < pairs {
        return Some(UTF_16BE);
    }
    // Chinese text has few NUL bytes in UTF-16 (only its ASCII: tabs, line breaks, digits), but
    // all of them on one side of each pair; decoded that way it reads as text.
    let reads_as_text = |enc: &'static Encoding| {
        let (text, _, errors) = enc.decode(sample);
        let chars = text.chars().count().max(1);
        let good = text
            .chars()
            .filter(|c| crate::text::is_cjk(*c) || c.is_ascii_graphic() || c.is_whitespace())
            .count();
        !errors && good * 10 >= chars * 9
    };
    // (A few CJK characters end in a zero byte themselves: 一 is U+4E00.)
    if odd_nul > 0 && even_nul * 3 < odd_nul && reads_as_text(UTF_16LE) {
        Some(UTF_16LE)
    } else if even_nul > 0 && odd_nul * 3 < even_nul && reads_as_text(UTF_16BE) {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Binary data: NUL bytes or many control characters that no text file holds.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(1 << 16)];
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    sample.contains(&0) || controls * 100 > sample.len().max(1)
}

#[cfg(test)]
mod tests {
    use super::super::Block;
    use super::*;

    #[test]
    fn encodings_are_detected() {
        let text =
            "工作任务\t工作要求\t责任单位\t时限\r\n一、持续推进\t认真贯彻\t司法局\t持续推进\r\n";
        let gb = GB18030.encode(text).0.into_owned();
        let mut utf16le = vec![0xFF, 0xFE];
        utf16le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let mut utf16be = vec![0xFE, 0xFF];
        utf16be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        let mut utf8_bom = vec![0xEF, 0xBB, 0xBF];
        utf8_bom.extend(text.as_bytes());
        for (bytes, name) in [
            (text.as_bytes().to_vec(), "UTF-8"),
            (utf8_bom, "UTF-8"),
            (gb, "gb18030"),
            (utf16le, "UTF-16LE"),
            (utf16be, "UTF-16BE"),
        ] {
            let decoded = decode(&bytes, None).unwrap();
            assert_eq!(decoded.text, text, "{name}");
            assert_eq!(decoded.encoding.name(), name);
        }
        // Traditional script saved as Big5 is Big5; the same saved as GBK stays GBK.
        let traditional = "某市二〇二四年營商環境重點任務清單\n（一）推進政務服務「一網通辦」，實現高頻事項全程網上辦理。\n責任單位：市政務服務局、市大數據中心；完成時限：二〇二四年六月底前。\n（二）優化企業開辦流程，壓縮開辦時間至一個工作日。\n牽頭單位：市市場監管局；配合單位：市公安局、市稅務局。\n";
        let big5 = encoding_rs::BIG5.encode(traditional).0.into_owned();
        let decoded = decode(&big5, None).unwrap();
        assert_eq!(decoded.encoding.name(), "Big5");
        assert_eq!(decoded.text, traditional);
        let gb = GB18030.encode(traditional).0.into_owned();
        assert_eq!(decode(&gb, None).unwrap().encoding.name(), "gb18030");
    }

    #[test]
    fn invalid_bytes_are_reported_by_line() {
        let mut bytes = "第一行\n".as_bytes().to_vec();
        bytes.extend(b"\xff\xfe\xfd ok\n");
        let decoded = decode(&bytes, Some("utf-8")).unwrap();
        assert_eq!(decoded.diagnostics.len(), 1);
        assert_eq!(
            decoded.diagnostics[0].location,
            Some(Location::Line {
                line: 2,
                column: None
            })
        );
    }

    #[test]
    fn binary_is_refused() {
        let error = decode(b"\x00\x01\x02\x03binary", None).unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::Binary));
    }

    #[test]
    fn unknown_label_is_an_error() {
        let error = decode(b"abc", Some("klingon")).unwrap_err();
        assert!(matches!(error.kind(), ErrorKind::UnknownEncoding(_)));
    }

    #[test]
    fn quoted_fields_hold_line_breaks_as_excel_writes_them() {
        let cases: &[(&[&str], &[&str], usize)] = &[
            (&["甲\t乙\t丙"], &["甲", "乙", "丙"], 1),
            (
                &["甲\t\"23 第一项", "24 第二项\"\t丙"],
                &["甲", "23 第一项\n24 第二项", "丙"],
                2,
            ),
            (&["\"说\"\"明\"\"\"\t乙"], &["说\"明\"", "乙"], 1),
            (&["甲\t\"未闭合", "下一行"], &["甲", "\"未闭合"], 1),
            (&["甲\t乙\"中间\"\t丙"], &["甲", "乙\"中间\"", "丙"], 1),
        ];
        for (lines, want, used) in cases {
            let (got, n) = fields(lines);
            assert_eq!(
                (got.iter().map(String::as_str).collect::<Vec<_>>(), n),
                (want.to_vec(), *used),
                "{lines:?}"
            );
        }
    }

    #[test]
    fn a_heading_line_among_tab_rows_is_a_paragraph_between_two_tables() {
        let text = "说明\n工作任务\t工作要求\t责任单位\n二、加强监管\n\t要求甲\t司法局\n落款\n";
        let doc = read(text.as_bytes(), &ReadOptions::default()).unwrap();
        let kinds: Vec<String> = doc
            .blocks()
            .map(|b| match b {
                Block::Paragraph(p) => p.text.clone(),
                Block::Table(g) => format!("{} rows", g.rows.len()),
            })
            .collect();
        assert_eq!(kinds, ["说明", "1 rows", "二、加强监管", "1 rows", "落款"]);
    }

    #[test]
    fn a_line_indented_with_tabs_is_a_paragraph_outside_a_table() {
        let text = "\t各单位要高度重视。\n工作任务\t工作要求\t责任单位\n\t要求甲\t司法局\n";
        let doc = read(text.as_bytes(), &ReadOptions::default()).unwrap();
        assert_eq!(doc.paragraph_count(), 1);
        assert_eq!(doc.paragraphs().next().unwrap().text, "各单位要高度重视。");
        assert_eq!(doc.grids().next().unwrap().rows.len(), 2);
    }
}
