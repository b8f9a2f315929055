//! Errors of the catalogue crate.

use std::path::PathBuf;

/// Why the catalogue or a policy could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error("{file}: cannot read: {source}")]
    Io {
        file: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}: not valid catalogue TOML: {message}")]
    Toml { file: PathBuf, message: String },
    #[error("{file}: {entry}: {reason}")]
    Invalid {
        file: PathBuf,
        entry: String,
        reason: String,
    },
    #[error("no policy named {0:?} is bundled (known: declared-strategic, flanders-essential)")]
    UnknownPolicy(String),
}

impl CatalogueError {
    pub(crate) fn invalid(
        file: impl Into<PathBuf>,
        entry: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        CatalogueError::Invalid {
            file: file.into(),
            entry: entry.into(),
            reason: reason.into(),
        }
    }
}
