//! The bound on a page's nesting, checked before the page is parsed.

use super::tag::{Tag, find, find_ignoring_case};
use crate::error::Error;

/// Elements without content, and those whose end tag a page may leave out: neither deepens the
/// nesting the pre-scan counts.
pub(super) const FLAT: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "p", "li", "td", "th", "tr", "tbody", "thead", "tfoot", "option", "dt", "dd",
    "colgroup", "caption", "html", "head", "body", "param", "keygen", "frame", "basefont",
    "bgsound",
];

/// Elements whose content is text, not markup, up to their end tag (raw text and escapable raw
/// text, and the legacy `xmp`, `noembed`, `noframes`).
pub(super) const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// The formatting elements of HTML but `a` (whose text tells a site's links from its article):
/// the tree builder re-creates every one left open in each block after it, so a page of a
/// hundred unclosed `<b><i><font>` before sixty thousand paragraphs would cost millions of
/// elements. They say nothing fenjie reads; the page is parsed without their tags.
pub(super) const FORMATTING: &[&str] = &[
    "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
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
///
/// Returns the byte ranges of the formatting elements' tags ([`FORMATTING`]), which do not count
/// towards the depth: the page is parsed without them.
pub(super) fn nesting(text: &str, limit: usize) -> Result<Vec<std::ops::Range<usize>>, Error> {
    let bytes = text.as_bytes();
    let mut formatting = Vec::new();
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
        if foreign.is_none() && FORMATTING.contains(&name.as_str()) {
            formatting.push(start - 1..tag.end);
            continue;
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
            return Ok(formatting);
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
    Ok(formatting)
}

/// The page without the tags at `ranges` (in order, not overlapping).
pub(super) fn without(text: &str, ranges: &[std::ops::Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in ranges {
        // invariant: each range runs from a `<` to just after a tag's end, both ASCII, so on
        // character boundaries.
        out.push_str(text.get(at..r.start).unwrap_or_default());
        at = r.end.min(text.len());
    }
    out.push_str(text.get(at..).unwrap_or_default());
    out
}
