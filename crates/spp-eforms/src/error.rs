//! Why a notice could not be read. Every message says what went wrong and where (line and
//! column, or an element path); callers add the file name.

pub use spp_xml::Position;
use spp_xml::XmlError;

/// Why [`crate::parse_notice`] refused its input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// Not readable XML (size, encoding, syntax, no root).
    #[error(transparent)]
    Xml(XmlError),
    #[error("not an eForms notice: {0}")]
    NotEforms(String),
}

impl From<XmlError> for ParseError {
    fn from(e: XmlError) -> ParseError {
        match e {
            XmlError::NotMarkup(what) => ParseError::NotEforms(what),
            other => ParseError::Xml(other),
        }
    }
}
