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

static CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    // invariant: literal pattern.
    Regex::new(r#"(?i)charset\s*=\s*["']?\s*([a-z0-9_\-]+)"#).expect("invariant: literal regex")
});

/// The page's encoding: its BOM, else the charset its head declares, else UTF-8 when the bytes
/// are valid UTF-8, else GB18030 (what pages without a declaration on Chinese sites are).
fn encoding(bytes: &[u8], forced: Option<&str>) -> Result<&'static Encoding, Error> {
    if let Some(label) = forced {
        return Encoding::for_label(label.as_bytes())
            .ok_or_else(|| Error::from(ErrorKind::UnknownEncoding(label.to_string())));
    }
    if let Some((enc, _)) = Encoding::for_bom(bytes) {
        return Ok(enc);
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    if let Some(c) = CHARSET.captures(&head)
        && let Some(enc) = Encoding::for_label(c[1].as_bytes())
    {
        // GB2312 and GBK pages hold GB18030's characters as often as not.
        if enc == encoding_rs::GBK {
            return Ok(GB18030);
        }
        return Ok(enc);
    }
    Ok(if std::str::from_utf8(bytes).is_ok() {
        UTF_8
    } else {
        GB18030
    })
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
    let enc = encoding(bytes, options.encoding.as_deref())?;
    let (text, _, had_errors) = enc.decode(bytes);
    let mut diagnostics = vec![Diagnostic::info(
        Code::Encoding,
        None,
        format!("the page was read as {}", enc.name()),
    )];
    if had_errors {
        diagnostics.push(Diagnostic::error(
            Code::InvalidEncoding,
            None,
            format!(
                "some bytes are not valid {}; they read as U+FFFD",
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
    "colgroup", "caption", "html", "head", "body", "!doctype",
];

/// Refuses a page nested deeper than the limit before parsing it: the HTML5 tree builder scans
/// its stack of open elements for many start tags, so a page of 100,000 nested `<div>`s would
/// cost time with the square of its depth.
fn nesting(text: &str, limit: usize) -> Result<(), Error> {
    let bytes = text.as_bytes();
    // ASCII lowercasing keeps every byte offset.
    let lower = text.to_ascii_lowercase();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(at) = memchr::memchr(b'<', &bytes[i..]) {
        let start = i + at + 1;
        let closing = bytes.get(start) == Some(&b'/');
        let name_start = if closing { start + 1 } else { start };
        let name_end = bytes[name_start..]
            .iter()
            .position(|b| !b.is_ascii_alphanumeric() && *b != b'!')
            .map_or(bytes.len(), |n| name_start + n);
        let name = text
            .get(name_start..name_end)
            .unwrap_or("")
            .to_ascii_lowercase();
        i = name_end.max(start);
        if name.is_empty() || name.starts_with('!') || FLAT.contains(&name.as_str()) {
            continue;
        }
        if !closing && matches!(name.as_str(), "script" | "style" | "textarea" | "title") {
            // Raw text: a `<` inside (`i<n`) is no tag. Skip to the element's end tag.
            let close = format!("</{name}");
            i = lower[i..]
                .find(&close)
                .map_or(bytes.len(), |n| i + n + close.len());
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            // A self-closed tag (`<span/>`) opens nothing.
            let end = memchr::memchr(b'>', &bytes[i..]).map_or(bytes.len(), |n| i + n);
            if end > 0 && bytes.get(end - 1) == Some(&b'/') {
                continue;
            }
            depth += 1;
            if depth > limit {
                return Err(Error::limit("the page's element nesting", limit));
            }
        }
    }
    Ok(())
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
    // Descend while one child holds most of the content.
    'down: loop {
        for child in best.children() {
            let Node::Element(e) = child.value() else {
                continue;
            };
            // Containers only: a data table is read whole, never entered; a table that lays out
            // the page is.
            let layout = matches!(e.name(), "table" | "tbody" | "tr") && is_layout_table(child);
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
