//! A namespace-resolved XML element tree for the notice readers, with the element names passed
//! in by the reader as a [`Vocabulary`].
//!
//! Elements are identified by (namespace, local name); prefixes never matter. A reader says
//! which namespaces and names it asks for ([`Vocabulary`]: small `Copy` ids, usually enums made
//! with [`names!`]), so matching an element is an integer compare. Text is kept per element
//! (mixed content is concatenated) and borrowed from the input unless it held a reference.
//!
//! [`Doc::parse`] first tries a fast byte scanner for ordinary well-formed documents that gives
//! up on anything unusual, then quick-xml's `Reader`, which reads everything else and says
//! exactly what is wrong with a bad input. Both feed the same builder, so they build the same
//! tree. [`decode`] checks the bytes before (size, byte-order marks, UTF-8, markup at all).
//! Nothing here panics on any input.

mod build;
mod error;
mod exact;
mod names;
mod scan;
mod tree;

pub use error::{Position, XmlError};
pub use names::NameTable;
pub use tree::{Children, Doc, El, Vocabulary};

/// Check `bytes` before parsing: at most `limit` bytes, UTF-8 (a UTF-8 byte-order mark is
/// skipped, UTF-16 is refused), and starting with markup.
pub fn decode(bytes: &[u8], limit: usize) -> Result<&str, XmlError> {
    if bytes.len() > limit {
        return Err(XmlError::TooLarge {
            size: bytes.len(),
            limit,
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(XmlError::Encoding {
            at: Position { line: 1, column: 1 },
            message: "the file is UTF-16 (byte-order mark); only UTF-8 is read".into(),
        });
    }
    // SIMD validation (several times faster on real-size notices); the standard library's
    // only to locate an error.
    let src = match simdutf8::basic::from_utf8(bytes) {
        Ok(src) => src,
        Err(_) => std::str::from_utf8(bytes).map_err(|e| XmlError::Encoding {
            at: Position::at_bytes(bytes, e.valid_up_to()),
            message: "invalid UTF-8 byte sequence; only UTF-8 is read".into(),
        })?,
    };
    match src.trim_start().chars().next() {
        None => Err(XmlError::Empty),
        Some('<') => Ok(src),
        Some(c) if c == '{' || c == '[' => Err(XmlError::NotMarkup(
            "it looks like JSON (e.g. OCDS), not XML".to_string(),
        )),
        Some(c) => Err(XmlError::NotMarkup(format!(
            "it does not start with XML markup (found {c:?})"
        ))),
    }
}
