//! eForms XML notices into spp domain types (parsing only, no I/O).
//!
//! [`parse_notice`] reads one eForms notice (SDK 1.3–1.15, all subtypes, national extensions
//! such as Doffin's) into a [`spp_domain::Notice`]. Elements are matched on namespace URI and
//! local name, never on prefixes. Codes are typed; codes spp does not know are kept and listed
//! in `Notice::warnings`. Bad input gives a [`ParseError`] that says what and where; it never
//! panics. See docs/FORMAT.md for what is read. The XML tree is [`spp_xml`]'s, with the eForms
//! names of `tree.rs`.

mod error;
mod lots;
mod names;
mod notice;
mod result;
mod tree;
mod values;

pub use error::{ParseError, Position};
pub use values::parse_date;

/// The largest input accepted, in bytes. The largest eForms notice seen (the SDK's 100-lot
/// example) is 1.8 MB; real TED notices are far smaller.
pub const MAX_NOTICE_BYTES: usize = 64 * 1024 * 1024;

/// Parse one eForms notice.
pub fn parse_notice(bytes: &[u8]) -> Result<spp_domain::Notice, ParseError> {
    let src = spp_xml::decode(bytes, MAX_NOTICE_BYTES)?;
    let doc = tree::Doc::parse(src)?;
    notice::read(doc.root(), &doc.root_uri)
}

#[cfg(test)]
mod tests;
