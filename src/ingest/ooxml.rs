//! The Open Packaging Conventions under a Word package (ECMA-376 Part 2): parts read with their
//! size bounded, relationships followed to the main document and its numbering, namespace
//! prefixes resolved.

use std::io::{Read, Seek};

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::NsReader;

use super::Limits;
use crate::error::{Error, ErrorKind};
use crate::grid::Location;

pub(super) const W_NS: [&str; 2] = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
const OFFICE_DOCUMENT: [&str; 2] = [
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
];
pub(super) fn read_part<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    name: &str,
    limits: Limits,
) -> Result<String, Error> {
    let entry = match archive.by_name(name) {
        Ok(entry) => entry,
        Err(zip::result::ZipError::FileNotFound) => {
            return Err(Error::from(ErrorKind::MissingPart { part: name.into() }));
        }
        Err(e) => return Err(Error::from(ErrorKind::Zip(e))),
    };
    if entry.size() > limits.part_bytes {
        return Err(Error::limit(
            format!("{name}'s uncompressed size ({} bytes)", entry.size()),
            limits.part_bytes,
        ));
    }
    let mut bytes = Vec::with_capacity(entry.size().min(limits.part_bytes) as usize);
    entry
        .take(limits.part_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::from(ErrorKind::Zip(zip::result::ZipError::Io(e))))?;
    if bytes.len() as u64 > limits.part_bytes {
        return Err(Error::limit(
            format!("{name}'s uncompressed size"),
            limits.part_bytes,
        ));
    }
    // XML parts are UTF-8 in practice; a UTF-16 part announces itself with a BOM.
    match encoding_rs::Encoding::for_bom(&bytes) {
        Some((enc, _)) if enc != encoding_rs::UTF_8 => {
            Ok(enc.decode_with_bom_removal(&bytes).0.into_owned())
        }
        _ => {
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            std::str::from_utf8(body).map(str::to_owned).map_err(|e| {
                Error::from(ErrorKind::Invalid(format!(
                    "expected UTF-8 XML, but found an invalid byte at {}",
                    e.valid_up_to()
                )))
                .in_part(name)
                .at(None)
            })
        }
    }
}

/// The numbering part, from the main part's relationships (`word/_rels/document.xml.rels`), or
/// `word/numbering.xml` where those say nothing.
pub(super) fn numbering_part<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    main: &str,
    limits: Limits,
) -> Option<String> {
    let (dir, file) = main.rsplit_once('/').unwrap_or(("", main));
    let rels_name = if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    };
    let from_rels = read_part(archive, &rels_name, limits)
        .ok()
        .and_then(|rels| {
            let mut reader = NsReader::from_str(&rels);
            loop {
                match reader.read_event() {
                    Ok(Event::Start(e) | Event::Empty(e))
                        if e.local_name().as_ref() == "Relationship" =>
                    {
                        let kind = attribute(&e, "Type").unwrap_or_default();
                        if kind.ends_with("/numbering") {
                            let target = attribute(&e, "Target").unwrap_or_default();
                            return Some(match target.strip_prefix('/') {
                                Some(absolute) => absolute.to_string(),
                                None if dir.is_empty() => target,
                                None => format!("{dir}/{target}"),
                            });
                        }
                    }
                    Ok(Event::Eof) | Err(_) => return None,
                    _ => {}
                }
            }
        });
    from_rels.or_else(|| {
        archive
            .by_name("word/numbering.xml")
            .is_ok()
            .then(|| "word/numbering.xml".to_string())
    })
}

/// The main document's part name, from the package relationships (ECMA-376 Part 2, §9.3).
pub(super) fn main_part<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    limits: Limits,
) -> Result<Option<String>, Error> {
    let rels = match read_part(archive, "_rels/.rels", limits) {
        Ok(rels) => rels,
        Err(e) if matches!(e.kind(), ErrorKind::MissingPart { .. }) => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut reader = NsReader::from_str(&rels);
    loop {
        let event = reader.read_event().map_err(|source| {
            Error::from(ErrorKind::Xml(source))
                .in_part("_rels/.rels")
                .at(Some(Location::Byte {
                    offset: reader.error_position(),
                }))
        })?;
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let kind = attribute(&e, "Type").unwrap_or_default();
                if OFFICE_DOCUMENT.contains(&kind.as_str()) {
                    let target = attribute(&e, "Target").unwrap_or_default();
                    let target = target.trim_start_matches('/').to_string();
                    return Ok((!target.is_empty()).then_some(target));
                }
            }
            Event::Eof => return Ok(None),
            _ => {}
        }
    }
}

/// The value of the attribute with this local name, entities resolved.
pub(super) fn attribute(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_or_else(|_| a.value.to_string(), std::borrow::Cow::into_owned)
        })
    })
}

/// The namespace prefixes in scope, declared by `xmlns`/`xmlns:p` attributes. Office documents
/// declare them on the root element; a later declaration shadows an earlier one until its element
/// ends (Namespaces in XML 1.0, §6.1).
#[derive(Debug, Default)]
pub(super) struct Scopes {
    /// (depth of the declaring element, prefix, namespace)
    bindings: Vec<(usize, String, Ns)>,
    /// The last prefix resolved: nearly every element of a document is `w:`.
    last: Option<(String, Ns)>,
}

impl Scopes {
    pub(super) fn enter(&mut self, depth: usize, e: &BytesStart<'_>) {
        if memchr::memmem::find(e.attributes_raw().as_bytes(), b"xmlns").is_none() {
            return;
        }
        self.last = None;
        for a in e.attributes().flatten() {
            let key = a.key.as_ref();
            let prefix = match key.strip_prefix("xmlns") {
                Some("") => "",
                Some(p) if p.starts_with(':') => &p[1..],
                _ => continue,
            };
            let uri = a.value.as_ref();
            let ns = if W_NS.contains(&uri) {
                Ns::Word
            } else if uri == MC_NS {
                Ns::Compatibility
            } else {
                Ns::Other
            };
            self.bindings.push((depth, prefix.to_string(), ns));
        }
    }

    pub(super) fn leave(&mut self, depth: usize) {
        while self.bindings.last().is_some_and(|(d, _, _)| *d >= depth) {
            self.bindings.pop();
            self.last = None;
        }
    }

    /// The namespace of a qualified name, and its local part.
    pub(super) fn resolve<'n>(&mut self, qname: &'n str) -> (Ns, &'n str) {
        let (prefix, local) = match qname.bytes().position(|b| b == b':') {
            Some(i) => (&qname[..i], &qname[i + 1..]),
            None => ("", qname),
        };
        (self.namespace(prefix), local)
    }

    fn namespace(&mut self, prefix: &str) -> Ns {
        if let Some((p, ns)) = &self.last
            && p == prefix
        {
            return *ns;
        }
        let ns = self
            .bindings
            .iter()
            .rev()
            .find(|(_, p, _)| p == prefix)
            .map_or(Ns::Other, |(_, _, ns)| *ns);
        self.last = Some((prefix.to_string(), ns));
        ns
    }
}

/// The namespaces whose elements matter here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ns {
    Word,
    Compatibility,
    Other,
}
