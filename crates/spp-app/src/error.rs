//! What a use case can answer instead of a result. Every variant says what was wrong in words
//! a user can act on; [`AppError::kind`] tells a front end how to present it (the CLI's exit
//! status, the web server's HTTP status).

use std::path::PathBuf;

/// How a front end should treat an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The request itself is wrong (an unknown filter value, a malformed file): 400.
    BadInput,
    /// The thing asked for does not exist (an unknown notice id, product group): 404.
    NotFound,
    /// The database cannot be reached or written right now: 503.
    Unavailable,
    /// Anything else: a fault of spp or of its data, 500.
    Internal,
}

/// An error of a use case.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A value given by the user is not acceptable.
    #[error("{field}: {reason} (got {value:?})")]
    BadInput {
        field: String,
        value: String,
        reason: String,
    },
    /// An input file could not be used.
    #[error("{}: {reason}", file.display())]
    BadFile { file: PathBuf, reason: String },
    /// The thing asked for is not there.
    #[error("{0}")]
    NotFound(String),
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] spp_store::StoreError),
    #[error(transparent)]
    Catalogue(#[from] spp_catalogue::CatalogueError),
    #[error(transparent)]
    Monitoring(#[from] spp_monitoring::MonitoringError),
    #[error(transparent)]
    Ingest(#[from] spp_ingest::IngestError),
    #[error("cannot write JSON: {0}")]
    Json(#[from] serde_json::Error),
}

impl AppError {
    /// A [`AppError::BadInput`].
    pub fn bad_input(
        field: impl Into<String>,
        value: impl Into<String>,
        reason: impl Into<String>,
    ) -> AppError {
        AppError::BadInput {
            field: field.into(),
            value: value.into(),
            reason: reason.into(),
        }
    }

    /// How a front end should present this error.
    pub fn kind(&self) -> ErrorKind {
        match self {
            AppError::BadInput { .. } | AppError::BadFile { .. } => ErrorKind::BadInput,
            AppError::NotFound(_) => ErrorKind::NotFound,
            AppError::Monitoring(spp_monitoring::MonitoringError::UnknownOption { .. }) => {
                ErrorKind::BadInput
            }
            AppError::Store(e) | AppError::Ingest(spp_ingest::IngestError::Store(e)) => {
                store_kind(e)
            }
            AppError::Io { .. }
            | AppError::Write { .. }
            | AppError::Catalogue(_)
            | AppError::Monitoring(_)
            | AppError::Ingest(_)
            | AppError::Json(_) => ErrorKind::Internal,
        }
    }
}

/// Connection-level database errors mean "try again later"; the rest are faults.
fn store_kind(e: &spp_store::StoreError) -> ErrorKind {
    use spp_store::StoreError;
    match e {
        StoreError::Url(_) => ErrorKind::BadInput,
        StoreError::Db(
            sqlx::Error::Io(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Tls(_)
            | sqlx::Error::WorkerCrashed,
        ) => ErrorKind::Unavailable,
        _ => ErrorKind::Internal,
    }
}

/// The result of a use case.
pub type AppResult<T> = Result<T, AppError>;
