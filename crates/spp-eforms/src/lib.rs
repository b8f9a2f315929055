//! eForms XML notices into spp domain types (parsing only, no I/O).
//!
//! [`parse_notice`] reads one eForms notice (SDK 1.3–1.15, all subtypes, national extensions
//! such as Doffin's) into a [`spp_domain::Notice`]. Elements are matched on namespace URI and
//! local name, never on prefixes. Codes are typed; codes spp does not know are kept and listed
//! in `Notice::warnings`. Bad input gives a [`ParseError`] that says what and where; it never
//! panics. See docs/FORMAT.md for what is read.

mod build;
mod error;
mod exact;
mod lots;
mod names;
mod notice;
mod result;
mod scan;
mod tree;
mod values;

pub use error::{ParseError, Position};
pub use values::parse_date;

/// The largest input accepted, in bytes. The largest eForms notice seen (the SDK's 100-lot
/// example) is 1.8 MB; real TED notices are far smaller.
pub const MAX_NOTICE_BYTES: usize = 64 * 1024 * 1024;

/// Parse one eForms notice.
pub fn parse_notice(bytes: &[u8]) -> Result<spp_domain::Notice, ParseError> {
    if bytes.len() > MAX_NOTICE_BYTES {
        return Err(ParseError::TooLarge {
            size: bytes.len(),
            limit: MAX_NOTICE_BYTES,
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(ParseError::Encoding {
            at: Position { line: 1, column: 1 },
            message: "the file is UTF-16 (byte-order mark); only UTF-8 is read".into(),
        });
    }
    // SIMD validation (several times faster on real-size notices); the standard library's
    // only to locate an error.
    let src = match simdutf8::basic::from_utf8(bytes) {
        Ok(src) => src,
        Err(_) => std::str::from_utf8(bytes).map_err(|e| ParseError::Encoding {
            at: Position::at_bytes(bytes, e.valid_up_to()),
            message: "invalid UTF-8 byte sequence; only UTF-8 is read".into(),
        })?,
    };
    let start = src.trim_start();
    match start.chars().next() {
        None => return Err(ParseError::Empty),
        Some('<') => {}
        Some(c) => {
            let what = if c == '{' || c == '[' {
                "it looks like JSON (e.g. OCDS), not XML".to_string()
            } else {
                format!("it does not start with XML markup (found {c:?})")
            };
            return Err(ParseError::NotEforms(what));
        }
    }
    let doc = tree::Doc::parse(src)?;
    notice::read(doc.root(), &doc.root_uri)
}

#[cfg(test)]
mod tests;
