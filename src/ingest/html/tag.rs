//! One tag read as the HTML tokenizer reads it, for the scans that run before the page is parsed.

/// One tag's attributes and where it ends, read as the HTML tokenizer reads them: a quote opens
/// a value only after `=`, and `>` inside a quoted value does not end the tag.
pub(super) struct Tag {
    pub(super) attributes: Vec<(Vec<u8>, Vec<u8>)>,
    /// How many attributes the tag has (only the first [`Tag::KEPT`] are kept).
    pub(super) count: usize,
    /// The byte after the tag's `>` (or the end of the input).
    pub(super) end: usize,
    /// The tag ends with `/>`.
    pub(super) self_closed: bool,
}

impl Tag {
    /// The most attributes kept per tag; the scan goes on counting past it.
    const KEPT: usize = 64;

    pub(super) fn scan(bytes: &[u8], from: usize) -> Tag {
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

/// Where `needle` (lowercase ASCII) first occurs in `hay`, ignoring ASCII case; linear.
pub(super) fn find_ignoring_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
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

pub(super) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
