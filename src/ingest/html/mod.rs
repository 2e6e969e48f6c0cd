//! Web pages (`.html`, `.htm`, `.shtml`, saved "complete" or not): bytes decoded by their BOM,
//! `<meta charset>` or `http-equiv` declaration (GB2312/GBK/GB18030 are common on government
//! sites), parsed by html5ever (through `scraper`), then the article body found and read into the
//! same paragraphs and grids as the other readers give: `<table>` with `rowspan`/`colspan`
//! resolved, `<br>` and `<p>` inside a cell kept as line breaks, a nested table's text kept in its
//! cell. Site chrome (navigation, 浏览次数, share buttons, footers) is not content.

use std::sync::LazyLock;

use ego_tree::NodeRef;
use encoding_rs::{Encoding, UTF_8};
use regex::Regex;
use scraper::{Html, Node};

use super::{Document, Format, Paragraph, ReadOptions};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::Error;
use crate::grid::{Cell, Grid, GridSource, Location, Merge, Row, Value};
use crate::text::simplified;

mod charset;
mod nesting;
mod tag;
#[cfg(test)]
mod tests;

use charset::encoding;
pub(crate) use charset::mostly_utf8;
pub use nesting::MAX_ATTRIBUTES;
use nesting::nesting;
use tag::find;

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

/// Lines of page chrome: where the page sits, when it was posted, how often it was read. Matched
/// on the simplified text, so a page in traditional script (`當前位置`, Taiwan's `列印本頁`) is
/// read the same.
static CHROME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:当前位置|您现在的位置|您的位置|首页\s*[>＞»]|发布时间|发布日期|浏览次数|点击数|访问量|信息来源\s*[:：].{0,20}$|来源\s*[:：].{0,20}$|分享到|【\s*字体|字体\s*[:：]|【?(?:打印|列印)本页|关闭窗口|【(?:打印|列印)】|【关闭】|扫一扫|网站地图|版权所有|ICP备|网站标识码|技术支持)")
        .expect("invariant: literal regex")
});

/// The most lines of a page's chrome kept beside its body.
const MAX_CHROME_LINES: usize = 32;

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
    let formatting = nesting(&text, options.limits.xml_depth)?;
    let text = if formatting.is_empty() {
        text
    } else {
        nesting::without(&text, &formatting).into()
    };
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
        lines: 0,
    };
    reader.walk(root)?;
    reader.flush();
    Ok(reader.doc)
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
    /// The lines the page shows so far, blank ones too (an empty line of a `<pre>`, a `<br>`
    /// after a `<br>`): a paragraph's index says where it stands, so layout sees the blank
    /// lines between two (a table saved as text one cell a line, blank cells as blank lines).
    lines: u32,
}

impl Reader {
    /// A line break the page shows: a blank line counts among the lines.
    fn line_break(&mut self) {
        if self.line.trim().is_empty() {
            self.lines += 1;
        }
        self.flush();
    }

    fn flush(&mut self) {
        let text = self.line.trim();
        if !text.is_empty() {
            let paragraph = Paragraph {
                text: text.to_string(),
                // A line of chrome is located by the body paragraph it stands before.
                location: Location::Paragraph {
                    index: self.lines + 1,
                },
            };
            if !CHROME.is_match(&simplified(text)) {
                self.lines += 1;
                self.doc.push_paragraph(paragraph);
            } else if self.doc.chrome.len() < MAX_CHROME_LINES {
                self.doc.chrome.push(paragraph);
            }
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
                        self.line_break();
                    }
                }
            }
            Node::Text(t) => {
                push_text(&mut self.line, &t.text);
                if self.line.len() > self.limits.cell_bytes {
                    return Err(
                        Error::limit("the paragraph's text", self.limits.cell_bytes).at(Some(
                            Location::Paragraph {
                                index: self.lines + 1,
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
            Node::Element(e) if e.name() == "br" => self.line_break(),
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
        let index = self.doc.grid_count() as u32 + 1;
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
                    cut_off: false,
                });
            }
            let mut col = 0usize;
            for td in tr.children().filter(|c| is_element(*c, &["td", "th"])) {
                while reach.get(col).is_some_and(|&until| until > r) {
                    col += 1;
                }
                let (rowspan, colspan) = spans(td, height - r);
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

/// A cell's `rowspan` and `colspan`, as a browser reads them: a `rowspan` stops at the table's
/// last row (`below` rows from this one on; `0` runs to it) and a `colspan` past 1000 counts as
/// 1000.
fn spans(td: NodeRef<'_, Node>, below: usize) -> (usize, usize) {
    let span = |name: &str, max: usize| {
        element_attr(td, name)
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap_or(1)
            .clamp(1, max)
    };
    // `rowspan="0"` runs to the table's end, as in a browser.
    let zero = element_attr(td, "rowspan").is_some_and(|v| v.trim() == "0");
    let rowspan = if zero {
        below
    } else {
        span("rowspan", 65_534).min(below)
    };
    (rowspan, span("colspan", 1000))
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
                cut_off: false,
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

/// Appends text as a browser shows it: runs of white space are one space, and each `&nbsp;` a
/// space of its own (a page aligns columns with them). A tab between two words on one source
/// line is kept: it sets cells apart, as in the document the page was saved from.
fn push_text(out: &mut String, text: &str) {
    let mut gap: Option<char> = None;
    for c in text.chars() {
        if c == '\u{a0}' {
            gap = None;
            out.push(' ');
        } else if c.is_whitespace() && c != '\u{3000}' {
            gap = Some(match (gap, c) {
                (_, '\n' | '\r') | (Some('\n'), _) => '\n',
                (Some('\t'), _) | (_, '\t') => '\t',
                _ => ' ',
            });
        } else {
            if let Some(g) = gap.take()
                && !out.is_empty()
                && !out.ends_with([' ', '\n', '\t'])
            {
                out.push(if g == '\t' { '\t' } else { ' ' });
            }
            out.push(c);
        }
    }
    if let Some(g) = gap
        && !out.is_empty()
        && !out.ends_with([' ', '\n', '\t'])
    {
        out.push(if g == '\t' { '\t' } else { ' ' });
    }
}
