//! The one error of the register's parsers: which field, what was given, why it is refused.

use serde::Serialize;

/// A value refused at the boundary. `field` is the input's name for it (`lots[0].cpv`,
/// `kbo`), so a form, an API client or an import row can point at it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{field}: {reason} (got {value:?})")]
pub struct FieldError {
    pub field: String,
    pub value: String,
    pub reason: String,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        value: impl Into<String>,
        reason: impl Into<String>,
    ) -> FieldError {
        FieldError {
            field: field.into(),
            value: value.into(),
            reason: reason.into(),
        }
    }

    /// The same error for a field nested under `prefix` (`lots[2]`).
    pub fn under(mut self, prefix: &str) -> FieldError {
        self.field = format!("{prefix}.{}", self.field);
        self
    }
}

/// Parsers return this.
pub type FieldResult<T> = Result<T, FieldError>;

/// A required, trimmed, non-empty text of at most `max` characters.
pub fn text(field: &str, raw: &str, max: usize) -> FieldResult<String> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(FieldError::new(field, raw, "is required"));
    }
    if t.chars().count() > max {
        return Err(FieldError::new(
            field,
            raw,
            format!("is longer than {max} characters"),
        ));
    }
    if t.chars().any(|c| c.is_control()) {
        return Err(FieldError::new(field, raw, "contains control characters"));
    }
    Ok(t.to_string())
}

/// An optional text: blank is `None`.
pub fn opt_text(field: &str, raw: Option<&str>, max: usize) -> FieldResult<Option<String>> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => text(field, t, max).map(Some),
    }
}

/// An optional value: blank is `None`, anything else goes through `parse`.
pub fn opt<T>(
    raw: &Option<String>,
    parse: impl FnOnce(&str) -> FieldResult<T>,
) -> FieldResult<Option<T>> {
    match raw.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => parse(v).map(Some),
    }
}
