//! Errors of the LCC crate.

/// Why an evaluation could not be read or computed.
///
/// Every variant names the field (as a path such as `offers[1] ("B").consumption[0].carrier`)
/// and the reason, so a caller can prefix the file name and show it as is.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LccError {
    /// The text is not valid TOML or does not match the schema (unknown or missing field,
    /// wrong type). The message from the TOML parser carries line, column and field.
    #[error("{0}")]
    Syntax(String),
    /// A value is present but not acceptable.
    #[error("{field}: {reason}")]
    Invalid {
        /// Path of the offending field.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A number grew beyond the range of the decimal type (about 7.9 × 10^28).
    #[error("arithmetic overflow while computing {0}")]
    Overflow(String),
}

impl LccError {
    /// Shorthand for [`LccError::Invalid`].
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        LccError::Invalid {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

/// Result alias of this crate.
pub type Result<T> = std::result::Result<T, LccError>;
