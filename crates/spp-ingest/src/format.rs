//! The reader seam: every input format that turns the bytes of one file into a domain
//! [`Notice`] is a [`NoticeFormat`], and [`read_notice`] sniffs which one a file is in.
//!
//! Formats: eForms XML ([`spp_eforms`]), TED XML ([`spp_ted`]) and OCDS JSON ([`spp_ocds`]:
//! packages, records, releases, JSON Lines; one file can hold many notices). A new format is
//! one more implementation of the trait and one more entry in [`FORMATS`]; the pipeline, the
//! store and the report do not change.

use spp_domain::Notice;

/// A format of notices.
pub trait NoticeFormat: Sync {
    /// What the format is called in messages.
    fn name(&self) -> &'static str;
    /// Whether `head` (the first bytes of a file, BOM and XML prolog included) looks like
    /// this format. Cheap: it reads at most the first element's name.
    fn sniff(&self, head: &Sniffed<'_>) -> bool;
    /// Read the notices of one file: `Err` when the file as a whole cannot be read, else one
    /// result per notice (XML formats hold one; an OCDS package many).
    fn read(&self, bytes: &[u8]) -> Result<Vec<Result<Notice, String>>, String>;
}

/// What the start of a file shows: the first element's local name, or JSON (from its first
/// `{` or `[` on, for a look at its top-level keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed<'a> {
    Element(&'a [u8]),
    Json(&'a [u8]),
    Unknown,
}

impl<'a> Sniffed<'a> {
    /// Skip a byte-order mark, whitespace, the XML declaration, comments, processing
    /// instructions and a DOCTYPE, and name the first element (prefix dropped).
    pub fn of(bytes: &'a [u8]) -> Sniffed<'a> {
        let mut b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        loop {
            let start = b.iter().position(|c| !c.is_ascii_whitespace());
            let Some(start) = start else {
                return Sniffed::Unknown;
            };
            b = &b[start..];
            match b {
                [b'{' | b'[', ..] => return Sniffed::Json(b),
                [b'<', b'?' | b'!', ..] => {
                    let end = if b.starts_with(b"<!--") {
                        &b"-->"[..]
                    } else {
                        &b">"[..]
                    };
                    match b.windows(end.len()).position(|w| w == end) {
                        Some(at) => b = &b[at + end.len()..],
                        None => return Sniffed::Unknown,
                    }
                }
                [b'<', rest @ ..] => {
                    let len = rest
                        .iter()
                        .position(|c| c.is_ascii_whitespace() || matches!(c, b'>' | b'/'))
                        .unwrap_or(rest.len());
                    let name = &rest[..len];
                    let local = match name.iter().rposition(|&c| c == b':') {
                        Some(i) => &name[i + 1..],
                        None => name,
                    };
                    return Sniffed::Element(local);
                }
                _ => return Sniffed::Unknown,
            }
        }
    }
}

struct Eforms;

impl NoticeFormat for Eforms {
    fn name(&self) -> &'static str {
        "eForms"
    }
    fn sniff(&self, head: &Sniffed<'_>) -> bool {
        matches!(
            head,
            Sniffed::Element(
                b"ContractNotice"
                    | b"ContractAwardNotice"
                    | b"PriorInformationNotice"
                    | b"BusinessRegistrationInformationNotice"
            )
        )
    }
    fn read(&self, bytes: &[u8]) -> Result<Vec<Result<Notice, String>>, String> {
        spp_eforms::parse_notice(bytes)
            .map(|n| vec![Ok(n)])
            .map_err(|e| e.to_string())
    }
}

struct TedXml;

impl NoticeFormat for TedXml {
    fn name(&self) -> &'static str {
        "TED XML"
    }
    fn sniff(&self, head: &Sniffed<'_>) -> bool {
        *head == Sniffed::Element(b"TED_EXPORT")
    }
    fn read(&self, bytes: &[u8]) -> Result<Vec<Result<Notice, String>>, String> {
        spp_ted::parse_notice(bytes)
            .map(|n| vec![Ok(n)])
            .map_err(|e| e.to_string())
    }
}

/// OCDS: a JSON document (or JSON Lines) whose first object has a top-level key of OCDS's.
struct Ocds;

impl NoticeFormat for Ocds {
    fn name(&self) -> &'static str {
        "OCDS"
    }
    fn sniff(&self, head: &Sniffed<'_>) -> bool {
        matches!(head, Sniffed::Json(b) if spp_ocds::looks_like_ocds(b))
    }
    fn read(&self, bytes: &[u8]) -> Result<Vec<Result<Notice, String>>, String> {
        let releases = spp_ocds::read_document(bytes).map_err(|e| e.to_string())?;
        Ok(releases
            .into_iter()
            .map(|r| r.map_err(|e| e.to_string()))
            .collect())
    }
}

/// Every format spp reads, in the order they are tried.
pub static FORMATS: &[&dyn NoticeFormat] = &[&Eforms, &TedXml, &Ocds];

/// Read the notices of one file in whatever format it is: `Err` with the reason when the
/// file cannot be read at all, else one result per notice in it. A file no format claims is
/// read as eForms, whose error says what the root element was.
pub fn read_notices(bytes: &[u8]) -> Result<Vec<Result<Notice, String>>, String> {
    let head = Sniffed::of(&bytes[..bytes.len().min(64 * 1024)]);
    let Some(format) = FORMATS.iter().find(|f| f.sniff(&head)).copied() else {
        if let Sniffed::Json(b) = head {
            let keys = spp_ocds::split::top_level_keys(b);
            return Err(format!(
                "a JSON file that is not OCDS (no releases, records, compiledRelease, ocid, tag or tender at the top; its keys: {})",
                if keys.is_empty() { "none".to_string() } else { keys.join(", ") }
            ));
        }
        return Eforms
            .read(bytes)
            .map_err(|e| format!("not a readable eForms notice: {e}"));
    };
    format
        .read(bytes)
        .map_err(|e| format!("not a readable {} notice: {e}", format.name()))
}

/// Read a file that holds one notice (the first, for an OCDS package of several).
pub fn read_notice(bytes: &[u8]) -> Result<Notice, String> {
    read_notices(bytes)?
        .into_iter()
        .next()
        .unwrap_or_else(|| Err("the file holds no notice (an empty package)".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_the_first_element() {
        let s = |b: &'static [u8]| Sniffed::of(b);
        assert_eq!(s(b"<a/>"), Sniffed::Element(b"a"));
        assert_eq!(
            s(b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- x > y --><!DOCTYPE q><can:ContractAwardNotice xmlns:can=\"u\">"),
            Sniffed::Element(b"ContractAwardNotice")
        );
        assert_eq!(
            s(b"  <TED_EXPORT VERSION=\"R2.0.9\">"),
            Sniffed::Element(b"TED_EXPORT")
        );
        assert_eq!(s(b" {\"ocid\":1}"), Sniffed::Json(b"{\"ocid\":1}"));
        assert_eq!(s(b"<!-- unterminated"), Sniffed::Unknown);
        assert_eq!(s(b"hello"), Sniffed::Unknown);
        assert_eq!(s(b""), Sniffed::Unknown);
    }

    #[test]
    fn reads_each_format_and_names_it_in_errors() {
        let ted = read_notice(b"<TED_EXPORT xmlns=\"urn:x\"/>").unwrap_err();
        assert!(
            ted.starts_with("not a readable TED XML notice: not a TED XML notice"),
            "{ted}"
        );
        let eforms = read_notice(b"<Other/>").unwrap_err();
        assert!(
            eforms.starts_with(
                "not a readable eForms notice: not an eForms notice: root element Other"
            ),
            "{eforms}"
        );
        let json = read_notice(b"{\"a\": 1}").unwrap_err();
        assert!(json.starts_with("a JSON file that is not OCDS"), "{json}");
        assert!(json.ends_with("its keys: a)"), "{json}");
        let ocds = read_notices(br#"{"releases":[{"ocid":"o","id":"r1"},{"ocid":"o"}]}"#).unwrap();
        assert_eq!(ocds.len(), 2);
        assert_eq!(ocds[0].as_ref().unwrap().id, "r1");
        let err = ocds[1].as_ref().unwrap_err();
        assert!(
            err.contains("ocid \"o\" at releases[1]") && err.contains("no id"),
            "{err}"
        );
        let bad = read_notice(b"{\"ocid\": ").unwrap_err();
        assert!(
            bad.starts_with("not a readable OCDS notice: not valid JSON"),
            "{bad}"
        );
    }
}
