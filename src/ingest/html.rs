//! Web pages (`.html`, `.htm`, `.shtml`, saved "complete" or not): bytes decoded by their BOM,
//! `<meta charset>` or `http-equiv` declaration (GB2312/GBK/GB18030 are common on government
//! sites), parsed by html5ever (through `scraper`), then the article body found and read into the
//! same paragraphs and grids as the other readers give: `<table>` with `rowspan`/`colspan`
//! resolved, `<br>` and `<p>` inside a cell kept as line breaks, a nested table's text kept in its
//! cell. Site chrome (navigation, 浏览次数, share buttons, footers) is not content.

use std::sync::LazyLock;

use ego_tree::NodeRef;
use encoding_rs::{Encoding, GB18030, UTF_8};
use regex::Regex;
use scraper::{Html, Node};

use super::{Document, Format, Paragraph, ReadOptions};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, ErrorKind};
use crate::grid::{Cell, Grid, GridSource, Location, Merge, Row, Value};

/// True when the bytes are a web page: markup at the start, not text that mentions a tag.
#[must_use]
pub fn is_html(bytes: &[u8]) -> bool {
    // A UTF-16 page (with its byte-order mark) is looked at as the text it holds.
    if let Some((enc, bom)) = Encoding::for_bom(bytes)
        && enc != UTF_8
    {
        let end = (bom + 8192).min(bytes.len()) & !1;
        let (head, _) = enc.decode_without_bom_handling(&bytes[bom..end.max(bom)]);
        return is_html(head.as_bytes());
    }
    let head = &bytes[..bytes.len().min(1024)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(head.len());
    let head = head[start..].to_ascii_lowercase();
    [
        &b"<!doctype html"[..],
        b"<html",
        b"<head",
        b"<meta",
        b"<body",
        b"<!--",
        b"<table",
        b"<div",
    ]
    .iter()
    .any(|t| head.starts_with(t))
        && (head.starts_with(b"<!doctype html")
            || find(
                &bytes[..bytes.len().min(4096)].to_ascii_lowercase(),
                b"<html",
            )
            .is_some()
            || find(&head, b"<table").is_some()
            || find(&head, b"<body").is_some())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The page's encoding, decided as a browser decides it (WHATWG Encoding and HTML, "determine
/// the character encoding"): a byte-order mark, else the `<meta>` pre-scan of the first 1,024
/// bytes (comments, scripts and text skipped; a meta that says UTF-16 means UTF-8), else the
/// content: UTF-8 when it is UTF-8 but for a stray byte or two, else the statistical guess
/// browsers make (chardetng, tuned for Chinese). Also says how it was decided.
fn encoding(
    bytes: &[u8],
    forced: Option<&str>,
) -> Result<(&'static Encoding, &'static str), Error> {
    if let Some(label) = forced {
        let enc = Encoding::for_label(label.trim().as_bytes())
            .ok_or_else(|| Error::from(ErrorKind::UnknownEncoding(label.to_string())))?;
        return Ok((enc, "given"));
    }
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return Ok((enc, "byte-order mark"));
    }
    let superset = |enc: &'static Encoding| {
        // GB2312 and GBK pages hold GB18030's characters as often as not.
        if enc == encoding_rs::GBK {
            GB18030
        } else {
            enc
        }
    };
    if let Some(enc) = prescan(&bytes[..bytes.len().min(1024)]) {
        return Ok((superset(enc), "<meta> declaration"));
    }
    if mostly_utf8(bytes) {
        return Ok((UTF_8, "content"));
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    Ok((superset(detector.guess(Some(b"cn"), true)), "content"))
}

/// True when the bytes are UTF-8, or UTF-8 with a few invalid bytes among many valid
/// multi-byte characters (a page cut and pasted, one byte damaged): read as UTF-8, the damage
/// stays local instead of the whole page turning into other characters.
pub(crate) fn mostly_utf8(bytes: &[u8]) -> bool {
    if std::str::from_utf8(bytes).is_ok() {
        return true;
    }
    let (text, _) = UTF_8.decode_without_bom_handling(bytes);
    let (mut bad, mut wide) = (0usize, 0usize);
    for c in text.chars() {
        if c == '\u{FFFD}' {
            bad += 1;
        } else if !c.is_ascii() {
            wide += 1;
        }
    }
    // Text in another encoding read as UTF-8 is mostly invalid: GB18030's Chinese gives far
    // more bad sequences than good.
    wide >= 4 && bad * 10 <= wide
}

/// The WHATWG pre-scan: the encoding a `<meta charset>` or `<meta http-equiv="content-type"
/// content="…; charset=…">` declares, looking only at tags (not at text, comments or scripts).
fn prescan(head: &[u8]) -> Option<&'static Encoding> {
    let mut i = 0;
    while let Some(at) = memchr::memchr(b'<', &head[i..]) {
        let start = i + at + 1;
        let rest = &head[start..];
        if rest.starts_with(b"!--") {
            i = find(&head[start + 3..], b"-->").map_or(head.len(), |n| start + 3 + n + 3);
            continue;
        }
        if rest.starts_with(b"!") || rest.starts_with(b"?") {
            i = memchr::memchr(b'>', rest).map_or(head.len(), |n| start + n + 1);
            continue;
        }
        let closing = usize::from(rest.starts_with(b"/"));
        if !rest.get(closing).is_some_and(u8::is_ascii_alphabetic) {
            // `<` before anything but a letter is text.
            i = start;
            continue;
        }
        let name_len = rest[closing..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .map_or(rest.len(), |n| closing + n);
        let name = rest[closing..name_len].to_ascii_lowercase();
        let tag = Tag::scan(head, start + name_len);
        i = tag.end;
        if closing == 0 && (name == b"script" || name == b"style") {
            let close = [b"</".as_slice(), &name].concat();
            i = find_ignoring_case(&head[i..], &close).map_or(head.len(), |n| i + n);
            continue;
        }
        if closing == 1 || name != b"meta" {
            continue;
        }
        let attribute = |wanted: &[u8]| {
            tag.attributes
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(wanted))
                .map(|(_, v)| v.clone())
        };
        let declared = attribute(b"charset").or_else(|| {
            let equiv = attribute(b"http-equiv")?;
            if !equiv.eq_ignore_ascii_case(b"content-type") {
                return None;
            }
            let content = attribute(b"content")?.to_ascii_lowercase();
            let at = find(&content, b"charset")? + b"charset".len();
            let value = content[at..].trim_ascii_start().strip_prefix(b"=")?;
            let value = value.trim_ascii_start();
            let value = value
                .strip_prefix(b"\"")
                .or_else(|| value.strip_prefix(b"'"))
                .unwrap_or(value);
            let end = value
                .iter()
                .position(|b| b.is_ascii_whitespace() || b";\"'".contains(b))
                .unwrap_or(value.len());
            Some(value[..end].to_vec())
        });
        if let Some(enc) = declared.and_then(|label| Encoding::for_label(label.trim_ascii())) {
            // WHATWG: a page that reached this pre-scan is not UTF-16, whatever it says.
            return Some(
                if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                    UTF_8
                } else if enc == encoding_rs::X_USER_DEFINED {
                    encoding_rs::WINDOWS_1252
                } else {
                    enc
                },
            );
        }
    }
    None
}

/// One tag's attributes and where it ends, read as the HTML tokenizer reads them: a quote opens
/// a value only after `=`, and `>` inside a quoted value does not end the tag.
struct Tag {
    attributes: Vec<(Vec<u8>, Vec<u8>)>,
    /// How many attributes the tag has (only the first [`Tag::KEPT`] are kept).
    count: usize,
    /// The byte after the tag's `>` (or the end of the input).
    end: usize,
    /// The tag ends with `/>`.
    self_closed: bool,
}

impl Tag {
    /// The most attributes kept per tag; the scan goes on counting past it.
    const KEPT: usize = 64;

    fn scan(bytes: &[u8], from: usize) -> Tag {
        let mut attributes: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
        let mut count = 0usize;
        let mut i = from;
        let mut last = 0u8;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'>' {
                return Tag {
                    attributes,
                    end: i + 1,
                    self_closed: last == b'/',
                    count,
                };
            }
            if b.is_ascii_whitespace() || b == b'/' {
                last = b;
                i += 1;
                continue;
            }
            // An attribute: its name, then `=` and a value, quoted or not.
            let name_end = bytes[i..]
                .iter()
                .position(|c| c.is_ascii_whitespace() || b"/>=".contains(c))
                .map_or(bytes.len(), |n| i + n);
            let name = &bytes[i..name_end];
            i = name_end;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value: &[u8] = b"";
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
                match bytes.get(i) {
                    Some(&q) if q == b'"' || q == b'\'' => {
                        let close =
                            memchr::memchr(q, &bytes[i + 1..]).map_or(bytes.len(), |n| i + 1 + n);
                        value = &bytes[i + 1..close];
                        i = (close + 1).min(bytes.len());
                    }
                    _ => {
                        let end = bytes[i..]
                            .iter()
                            .position(|c| c.is_ascii_whitespace() || *c == b'>')
                            .map_or(bytes.len(), |n| i + n);
                        value = &bytes[i..end];
                        i = end;
                    }
                }
            }
            count += 1;
            if attributes.len() < Self::KEPT {
                attributes.push((name.to_vec(), value.to_vec()));
            }
            last = 0;
        }
        Tag {
            attributes,
            end: bytes.len(),
            self_closed: false,
            count,
        }
    }
}

/// Elements whose text is never content.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "template", "head", "nav", "header", "footer", "iframe",
    "object", "svg", "button", "select", "input", "textarea",
];

/// Elements the article may be found in.
const CONTAINERS: &[&str] = &[
    "html", "body", "div", "section", "article", "main", "center", "form", "td", "span", "font",
];

/// Elements that end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "section",
    "article",
    "center",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "ul",
    "ol",
    "main",
    "caption",
    "td",
    "th",
    "table",
];

/// Lines of page chrome: where the page sits, when it was posted, how often it was read.
static CHROME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:当前位置|您现在的位置|您的位置|首页\s*[>＞»]|发布时间|发布日期|浏览次数|点击数|访问量|信息来源\s*[:：].{0,20}$|来源\s*[:：].{0,20}$|分享到|【\s*字体|字体\s*[:：]|打印本页|关闭窗口|【打印】|【关闭】|扫一扫|网站地图|版权所有|ICP备|网站标识码|技术支持)")
        .expect("invariant: literal regex")
});

/// Reads a web page.
pub fn read(bytes: &[u8], options: &ReadOptions) -> Result<Document, Error> {
    let (enc, how) = encoding(bytes, options.encoding.as_deref())?;
    let (text, _, had_errors) = enc.decode(bytes);
    let mut diagnostics = vec![Diagnostic::info(
        Code::Encoding,
        None,
        format!("the page was read as {} ({how})", enc.name()),
    )];
    if had_errors {
        diagnostics.push(Diagnostic::error(
            Code::InvalidEncoding,
            None,
            format!(
                "some bytes are not valid {} (decided by {how}); they read as U+FFFD; if the page is in another encoding, give it (--input-encoding)",
                enc.name()
            ),
        ));
    }
    nesting(&text, options.limits.xml_depth)?;
    let html = Html::parse_document(&text);
    let root = article(&html);
    let mut reader = Reader {
        limits: options.limits,
        doc: Document {
            diagnostics,
            ..Document::new(Format::Html)
        },
        line: String::new(),
        cells: 0,
        depth: 0,
        pre: 0,
    };
    reader.walk(root)?;
    reader.flush();
    Ok(reader.doc)
}

/// Elements without content, and those whose end tag a page may leave out: neither deepens the
/// nesting the pre-scan counts.
const FLAT: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "td", "th", "tr", "tbody", "thead", "tfoot", "option", "dt", "dd",
    "colgroup", "caption", "html", "head", "body", "param", "keygen", "frame", "basefont",
    "bgsound",
];

/// Elements whose content is text, not markup, up to their end tag (raw text and escapable raw
/// text, and the legacy `xmp`, `noembed`, `noframes`).
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// The most attributes one element may have.
pub const MAX_ATTRIBUTES: usize = 1_000;

/// Refuses a page nested deeper than the limit, or with an element of more than
/// [`MAX_ATTRIBUTES`] attributes, before parsing it: the HTML5 tree builder scans its stack of
/// open elements for many start tags, so a page of 100,000 nested `<div>`s would cost time with
/// the square of its depth. Read as the tokenizer reads it, in one pass: comments and raw text
/// (`<script>`, `<xmp>` …) are skipped to their end, a tag runs to the `>` outside its quoted
/// values, `<div/>` opens a `div` (only void elements and, inside `<svg>`/`<math>`, self-closed
/// tags open nothing), and `<plaintext>` makes the rest text.
fn nesting(text: &str, limit: usize) -> Result<(), Error> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    // The depth at which an `<svg>` or `<math>` was opened.
    let mut foreign: Option<usize> = None;
    let mut i = 0;
    while let Some(at) = memchr::memchr(b'<', &bytes[i..]) {
        let start = i + at + 1;
        let rest = &bytes[start..];
        if rest.starts_with(b"!--") {
            i = find(&rest[3..], b"-->").map_or(bytes.len(), |n| start + 3 + n + 3);
            continue;
        }
        if rest.starts_with(b"!") || rest.starts_with(b"?") {
            i = memchr::memchr(b'>', rest).map_or(bytes.len(), |n| start + n + 1);
            continue;
        }
        let closing = usize::from(rest.starts_with(b"/"));
        if !rest.get(closing).is_some_and(u8::is_ascii_alphabetic) {
            i = start;
            continue;
        }
        let name_end = rest[closing..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric() && *b != b'-' && *b != b':')
            .map_or(rest.len(), |n| closing + n);
        let name = String::from_utf8_lossy(&rest[closing..name_end]).to_ascii_lowercase();
        let tag = Tag::scan(bytes, start + name_end);
        i = tag.end;
        if tag.count > MAX_ATTRIBUTES {
            return Err(Error::limit(
                format!("the <{name}> element's {} attributes", tag.count),
                MAX_ATTRIBUTES,
            ));
        }
        if closing == 1 {
            if foreign == Some(depth) && (name == "svg" || name == "math") {
                foreign = None;
            }
            depth = depth.saturating_sub(1);
            continue;
        }
        if FLAT.contains(&name.as_str()) {
            continue;
        }
        if name == "plaintext" {
            return Ok(());
        }
        if RAW_TEXT.contains(&name.as_str()) && foreign.is_none() {
            let close = format!("</{name}");
            i = find_ignoring_case(&bytes[i..], close.as_bytes()).map_or(bytes.len(), |n| i + n);
            continue;
        }
        if tag.self_closed && foreign.is_some() {
            continue;
        }
        depth += 1;
        if foreign.is_none() && (name == "svg" || name == "math") {
            foreign = Some(depth);
        }
        if depth > limit {
            return Err(Error::limit("the page's element nesting", limit));
        }
    }
    Ok(())
}

/// Where `needle` (lowercase ASCII) first occurs in `hay`, ignoring ASCII case; linear.
fn find_ignoring_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle.first()?;
    let mut i = 0;
    while let Some(at) = memchr::memchr(*first, &hay[i..]) {
        let start = i + at;
        let candidate = hay.get(start..start + needle.len())?;
        if candidate.eq_ignore_ascii_case(needle) {
            return Some(start);
        }
        i = start + 1;
    }
    None
}

/// Text length of a subtree outside skipped elements, and the part of it inside links.
fn weigh(node: NodeRef<'_, Node>, in_link: bool, depth: usize) -> (usize, usize) {
    if depth > 200 {
        return (0, 0);
    }
    match node.value() {
        Node::Text(t) => {
            let n = t.text.trim().chars().count();
            (n, if in_link { n } else { 0 })
        }
        Node::Element(e) if SKIPPED.contains(&e.name()) => (0, 0),
        Node::Element(e) => {
            let link = in_link || e.name() == "a";
            node.children().fold((0, 0), |(t, l), c| {
                let (ct, cl) = weigh(c, link, depth + 1);
                (t + ct, l + cl)
            })
        }
        _ => node.children().fold((0, 0), |(t, l), c| {
            let (ct, cl) = weigh(c, in_link, depth + 1);
            (t + ct, l + cl)
        }),
    }
}

/// The element that holds the article: the deepest block whose text, less its links, is nearly
/// all the page's, as readers of such pages find it.
fn article(html: &Html) -> NodeRef<'_, Node> {
    let root = html.tree.root();
    let score = |n: NodeRef<'_, Node>| {
        let (text, links) = weigh(n, false, 0);
        text.saturating_sub(2 * links)
    };
    let total = score(root);
    let mut best = root;
    // Whether each table lays out the page, found once per table: asked of every row, the
    // answer would cost the square of the rows.
    let mut layout_tables: std::collections::HashMap<ego_tree::NodeId, bool> =
        std::collections::HashMap::new();
    let mut is_layout = |node: NodeRef<'_, Node>| {
        let table = if is_element(node, &["tr", "tbody"]) {
            match node.ancestors().find(|a| is_element(*a, &["table"])) {
                Some(t) => t,
                None => return false,
            }
        } else {
            node
        };
        *layout_tables
            .entry(table.id())
            .or_insert_with(|| is_layout_table(table))
    };
    // Descend while one child holds most of the content.
    'down: loop {
        for child in best.children() {
            let Node::Element(e) = child.value() else {
                continue;
            };
            // Containers only: a data table is read whole, never entered; a table that lays out
            // the page is.
            let layout = matches!(e.name(), "table" | "tbody" | "tr") && is_layout(child);
            if !CONTAINERS.contains(&e.name()) && !layout {
                continue;
            }
            let s = score(child);
            if total > 0 && s * 10 >= total * 8 && s > 0 {
                best = child;
                continue 'down;
            }
        }
        break;
    }
    best
}

struct Reader {
    limits: super::Limits,
    doc: Document,
    line: String,
    cells: usize,
    depth: usize,
    /// How many `<pre>` elements enclose the node being read: inside one, a line break in the
    /// source is a line break on the page.
    pre: usize,
}

impl Reader {
    fn flush(&mut self) {
        let text = self.line.trim();
        if !text.is_empty() && !CHROME.is_match(text) {
            let index = self.doc.paragraphs.len() as u32 + 1;
            self.doc.push_paragraph(Paragraph {
                text: text.to_string(),
                location: Location::Paragraph { index },
            });
        }
        self.line.clear();
    }

    fn walk(&mut self, node: NodeRef<'_, Node>) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > self.limits.xml_depth {
            return Err(Error::limit(
                "the page's element nesting",
                self.limits.xml_depth,
            ));
        }
        match node.value() {
            Node::Text(t) if self.pre > 0 => {
                // HTML: in `<pre>` white space is kept, so each source line is a line.
                let mut lines = t.text.split('\n').peekable();
                while let Some(line) = lines.next() {
                    push_text(&mut self.line, line);
                    if lines.peek().is_some() {
                        self.flush();
                    }
                }
            }
            Node::Text(t) => {
                push_text(&mut self.line, &t.text);
                if self.line.len() > self.limits.cell_bytes {
                    return Err(
                        Error::limit("the paragraph's text", self.limits.cell_bytes).at(Some(
                            Location::Paragraph {
                                index: self.doc.paragraphs.len() as u32 + 1,
                            },
                        )),
                    );
                }
            }
            Node::Element(e) if SKIPPED.contains(&e.name()) => {}
            Node::Element(e) if e.name() == "table" && !is_layout_table(node) => {
                self.flush();
                self.table(node)?;
            }
            Node::Element(e) if e.name() == "br" => self.flush(),
            Node::Element(e) if e.name() == "ol" => {
                // A browser numbers the items of an ordered list: so does the text read here.
                self.flush();
                let mut n = e
                    .attr("start")
                    .and_then(|v| v.trim().parse::<u32>().ok())
                    .unwrap_or(1);
                for child in node.children() {
                    if is_element(child, &["li"]) {
                        self.flush();
                        self.line.push_str(&format!("{n}."));
                        n = n.saturating_add(1);
                    }
                    self.walk(child)?;
                }
                self.flush();
            }
            Node::Element(e) => {
                let block = BLOCKS.contains(&e.name());
                if block {
                    self.flush();
                }
                let pre = usize::from(e.name() == "pre");
                self.pre += pre;
                for child in node.children() {
                    self.walk(child)?;
                }
                self.pre -= pre;
                if block {
                    self.flush();
                }
            }
            _ => {
                for child in node.children() {
                    self.walk(child)?;
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// A table into a grid: each `<tr>` a row, each cell at the first position no cell above
    /// reaches into, `rowspan`/`colspan` as its region. As in a browser (HTML, "processing
    /// model" of tables), a `rowspan` stops at the table's last row (`0` runs to it) and a
    /// `colspan` past 1000 counts as 1000.
    fn table(&mut self, table: NodeRef<'_, Node>) -> Result<(), Error> {
        let index = self.doc.grids.len() as u32 + 1;
        let trs = rows_of(table);
        let height = trs.len();
        let mut rows: Vec<Row> = Vec::with_capacity(height);
        // For each column, the first row no region placed so far reaches.
        let mut reach: Vec<usize> = Vec::new();
        for (r, tr) in trs.into_iter().enumerate() {
            if rows.len() <= r {
                rows.push(Row {
                    cells: Vec::new(),
                    number: r as u32 + 1,
                    repeat_header: false,
                });
            }
            let mut col = 0usize;
            for td in tr.children().filter(|c| is_element(*c, &["td", "th"])) {
                while reach.get(col).is_some_and(|&until| until > r) {
                    col += 1;
                }
                let span = |name: &str, max: usize| {
                    element_attr(td, name)
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(1)
                        .clamp(1, max)
                };
                // `rowspan="0"` runs to the table's end, as in a browser.
                let zero = element_attr(td, "rowspan").is_some_and(|v| v.trim() == "0");
                let rowspan = if zero {
                    height - r
                } else {
                    span("rowspan", 65_534).min(height - r)
                };
                let colspan = span("colspan", 1000);
                let at = Location::Table {
                    table: index,
                    row: r as u32 + 1,
                    column: Some(col as u32 + 1),
                };
                // Positions, not cells, are what a region costs: count them before placing.
                self.cells = self.cells.saturating_add(rowspan * colspan);
                if self.cells > self.limits.cells {
                    return Err(
                        Error::limit("the page's table cells", self.limits.cells).at(Some(at))
                    );
                }
                let text = cell_text(td);
                if text.len() > self.limits.cell_bytes {
                    return Err(
                        Error::limit("the cell's text", self.limits.cell_bytes).at(Some(at))
                    );
                }
                if reach.len() < col + colspan {
                    reach.resize(col + colspan, 0);
                }
                for until in &mut reach[col..col + colspan] {
                    *until = r + rowspan;
                }
                let value = if text.trim().is_empty() {
                    Value::Empty
                } else {
                    Value::Text(text)
                };
                place(&mut rows, (r, col), (rowspan, colspan), value);
                col += colspan;
            }
        }
        // Rows that show nothing at the table's end are no part of it.
        while rows.last().is_some_and(|row| {
            row.cells
                .iter()
                .all(|c| !c.is_covered() && c.value.is_blank())
        }) {
            rows.pop();
        }
        if !rows.is_empty() {
            self.doc.push_grid(Grid {
                source: GridSource::Table { index },
                rows,
                headings: Vec::new(),
            });
        }
        Ok(())
    }
}

/// A cell at `(r, col)` spanning `rowspan` × `colspan` positions: the first holds the value as
/// an anchor, the others point at it. Rows below are reached as they are read, so a region
/// covers positions of rows that already exist (its rows are clipped to the table).
fn place(
    rows: &mut Vec<Row>,
    (r, col): (usize, usize),
    (rowspan, colspan): (usize, usize),
    value: Value,
) {
    let anchor = Cell {
        value,
        merge: if rowspan > 1 || colspan > 1 {
            Merge::Anchor {
                rows: rowspan as u32,
                cols: colspan as u32,
            }
        } else {
            Merge::Single
        },
    };
    for rr in r..r + rowspan {
        while rows.len() <= rr {
            rows.push(Row {
                cells: Vec::new(),
                number: rows.len() as u32 + 1,
                repeat_header: false,
            });
        }
        let cells = &mut rows[rr].cells;
        if cells.len() < col + colspan {
            cells.resize(col + colspan, Cell::new(Value::Empty));
        }
        for cell in &mut cells[col..col + colspan] {
            *cell = Cell::covered(r, col);
        }
    }
    rows[r].cells[col] = anchor;
}

/// A table that lays out the page rather than holding data: one column, or a table inside one
/// of its cells (old sites place the whole article in a cell of a layout table).
fn is_layout_table(node: NodeRef<'_, Node>) -> bool {
    let table = if is_element(node, &["tr", "tbody"]) {
        match node.ancestors().find(|a| is_element(*a, &["table"])) {
            Some(t) => t,
            None => return false,
        }
    } else {
        node
    };
    let rows = rows_of(table);
    let one_column = rows.iter().all(|r| {
        r.children()
            .filter(|c| is_element(*c, &["td", "th"]))
            .count()
            <= 1
    });
    let nested = table
        .descendants()
        .skip(1)
        .any(|d| is_element(d, &["table"]));
    one_column || nested
}

fn is_element(node: NodeRef<'_, Node>, names: &[&str]) -> bool {
    matches!(node.value(), Node::Element(e) if names.contains(&e.name()))
}

fn element_attr<'a>(node: NodeRef<'a, Node>, name: &str) -> Option<&'a str> {
    match node.value() {
        Node::Element(e) => e.attr(name),
        _ => None,
    }
}

/// The rows of a table, through `<thead>`/`<tbody>`/`<tfoot>`, not those of tables nested in it.
fn rows_of(table: NodeRef<'_, Node>) -> Vec<NodeRef<'_, Node>> {
    let mut out = Vec::new();
    for child in table.children() {
        if is_element(child, &["tr"]) {
            out.push(child);
        } else if is_element(child, &["thead", "tbody", "tfoot"]) {
            out.extend(child.children().filter(|c| is_element(*c, &["tr"])));
        }
    }
    out
}

/// A cell's text: `<br>` and block elements as line breaks, a nested table's cells on lines.
fn cell_text(node: NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    collect(node, &mut out, 0, false);
    let lines: Vec<&str> = out
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    lines.join("\n")
}

fn collect(node: NodeRef<'_, Node>, out: &mut String, depth: usize, pre: bool) {
    if depth > 100 {
        return;
    }
    for child in node.children() {
        match child.value() {
            Node::Text(t) if pre => {
                let mut lines = t.text.split('\n').peekable();
                while let Some(line) = lines.next() {
                    push_text(out, line);
                    if lines.peek().is_some() {
                        out.push('\n');
                    }
                }
            }
            Node::Text(t) => push_text(out, &t.text),
            Node::Element(e) if SKIPPED.contains(&e.name()) => {}
            Node::Element(e) if e.name() == "br" => out.push('\n'),
            Node::Element(e) => {
                let block = BLOCKS.contains(&e.name()) || matches!(e.name(), "td" | "th" | "table");
                if block && !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                collect(child, out, depth + 1, pre || e.name() == "pre");
                if block && !out.ends_with('\n') {
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
}

/// Appends text as a browser shows it: runs of white space are one space; `&nbsp;` is a space.
fn push_text(out: &mut String, text: &str) {
    for c in text.chars() {
        let c = if c == '\u{a0}' { ' ' } else { c };
        if c.is_whitespace() && c != '\u{3000}' {
            if !out.is_empty() && !out.ends_with([' ', '\n']) {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(page: &str) -> Document {
        read(page.as_bytes(), &ReadOptions::default()).unwrap()
    }

    #[test]
    fn pages_are_recognised_by_their_markup() {
        assert!(is_html(b"<!DOCTYPE html><html><body></body></html>"));
        assert!(is_html(
            b"\xEF\xBB\xBF\n  <html lang=\"zh\"><body>x</body></html>"
        ));
        assert!(!is_html("工作任务\t工作要求\n<p>一</p>".as_bytes()));
    }

    #[test]
    fn the_article_is_read_without_the_sites_chrome() {
        let page = r##"<html><head><meta charset="utf-8"><title>t</title><script>var x = "工作任务";</script></head><body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></div>
<div class="article"><h1>关于印发方案的通知</h1><p>当前位置：首页 &gt; 通知公告</p><p>发布时间：2023-03-01 浏览次数：100</p>
<p>一、重点任务</p><p>1.优化服务。（区发改局牵头）</p>
<table><tr><th>工作任务</th><th>责任单位</th></tr><tr><td rowspan="2">一、公开<br>政策</td><td>司法局</td></tr><tr><td>财政局</td></tr></table></div>
<div class="footer">版权所有：某区人民政府 <a href="#">网站地图</a></div></body></html>"##;
        let doc = read_str(page);
        let texts: Vec<&str> = doc.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "关于印发方案的通知",
                "一、重点任务",
                "1.优化服务。（区发改局牵头）"
            ]
        );
        let grid = &doc.grids[0];
        assert_eq!(grid.rows.len(), 3);
        assert_eq!(grid.rows[1].cells[0].value.text(), "一、公开\n政策");
        assert_eq!(grid.value(2, 0).text(), "一、公开\n政策");
        assert!(grid.rows[2].cells[0].is_covered());
        assert!(grid.rows[2].cells[0].value.is_blank());
        assert_eq!(grid.rows[2].cells[1].value.text(), "财政局");
    }

    #[test]
    fn a_rowspan_stops_at_the_tables_last_row() {
        let page = r#"<html><body><table><tr><td rowspan="1000" colspan="2">一</td><td>二</td></tr><tr><td>三</td></tr></table></body></html>"#;
        let grid = &read_str(page).grids[0];
        assert_eq!(grid.rows.len(), 2);
        assert_eq!(
            grid.rows[0].cells[0].merge,
            Merge::Anchor { rows: 2, cols: 2 }
        );
        assert_eq!(grid.value(1, 1).text(), "一");
        assert_eq!(grid.value(1, 2).text(), "三");
        let zero = r#"<html><body><table><tr><td rowspan="0">一</td><td>二</td></tr><tr><td>三</td></tr><tr><td>四</td></tr></table></body></html>"#;
        let grid = &read_str(zero).grids[0];
        assert_eq!(grid.value(2, 0).text(), "一");
        assert_eq!(grid.value(2, 1).text(), "四");
    }

    #[test]
    fn line_breaks_in_pre_are_kept() {
        let page = "<html><body><pre>1.推进改革，6月底前\n2.优化营商环境，年底前</pre><table><tr><td><pre>甲\n乙</pre></td><td>丙</td></tr></table></body></html>";
        let doc = read_str(page);
        let texts: Vec<&str> = doc.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["1.推进改革，6月底前", "2.优化营商环境，年底前"]);
        assert_eq!(doc.grids[0].value(0, 0).text(), "甲\n乙");
    }

    #[test]
    fn scripts_and_comments_do_not_count_as_nesting() {
        let script = "<script>for (var i=0;i<n;i++) { if (a<b) {} }</script>".repeat(500);
        let page =
            format!("<!DOCTYPE html><html><!-- x --><body>{script}<p>责任单位</p></body></html>");
        assert!(nesting(&page, 256).is_ok());
        assert!(nesting(&"<div>".repeat(300), 256).is_err());
    }

    #[test]
    fn a_declared_gb2312_page_is_decoded() {
        let (bytes, _, _) = GB18030.encode(
            r#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><p>责任单位</p></body></html>"#,
        );
        let doc = read(&bytes, &ReadOptions::default()).unwrap();
        assert_eq!(doc.paragraphs[0].text, "责任单位");
    }
}
