//! The page's encoding, decided as a browser decides it.

use encoding_rs::{Encoding, GB18030, UTF_8};

use super::tag::{Tag, find, find_ignoring_case};
use crate::error::{Error, ErrorKind};

/// The page's encoding, decided as a browser decides it (WHATWG Encoding and HTML, "determine
/// the character encoding"): a byte-order mark, else the `<meta>` pre-scan of the first 1,024
/// bytes (comments, scripts and text skipped; a meta that says UTF-16 means UTF-8), else the
/// content: UTF-8 when it is UTF-8 but for a stray byte or two, else the statistical guess
/// browsers make (chardetng, tuned for Chinese). Also says how it was decided.
pub(super) fn encoding(
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
pub(super) fn prescan(head: &[u8]) -> Option<&'static Encoding> {
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
