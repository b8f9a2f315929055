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
    /// No one is logged in, or the credentials are wrong: 401.
    Unauthenticated,
    /// The actor may not do this: 403.
    Forbidden,
    /// Too many failed logins: 429.
    TooManyRequests,
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
    /// A register value refused at the boundary.
    #[error(transparent)]
    Field(#[from] spp_register::FieldError),
    /// The actor is not allowed to do this.
    #[error("not allowed: {0}")]
    Forbidden(String),
    /// Wrong or missing credentials (the message never says which part was wrong).
    #[error("{0}")]
    Unauthenticated(String),
    /// Too many failed logins for this user or address.
    #[error("too many failed logins; try again in {0} s")]
    RateLimited(u64),
    /// The database does not answer now (why); try again later.
    #[error("{0}")]
    Unavailable(String),
    /// A fault that is no one's input.
    #[error("{0}")]
    Internal(String),
    /// A report could not be rendered (workbook, PDF).
    #[error("{0}")]
    Output(String),
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
            AppError::BadInput { .. } | AppError::BadFile { .. } | AppError::Field(_) => {
                ErrorKind::BadInput
            }
            AppError::Forbidden(_) => ErrorKind::Forbidden,
            AppError::Unauthenticated(_) => ErrorKind::Unauthenticated,
            AppError::RateLimited(_) => ErrorKind::TooManyRequests,
            AppError::Store(spp_store::StoreError::Refused(_)) => ErrorKind::BadInput,
            AppError::NotFound(_) => ErrorKind::NotFound,
            AppError::Unavailable(_) => ErrorKind::Unavailable,
            AppError::Monitoring(spp_monitoring::MonitoringError::UnknownOption { .. }) => {
                ErrorKind::BadInput
            }
            AppError::Store(e)
            | AppError::Ingest(spp_ingest::IngestError::Store { cause: e, .. }) => store_kind(e),
            AppError::Io { .. }
            | AppError::Write { .. }
            | AppError::Catalogue(_)
            | AppError::Monitoring(_)
            | AppError::Ingest(_)
            | AppError::Json(_)
            | AppError::Internal(_)
            | AppError::Output(_) => ErrorKind::Internal,
        }
    }
}

/// Database faults (unreachable, read-only, full, locked) mean "try again later"; the rest
/// are faults of spp or of its data.
fn store_kind(e: &spp_store::StoreError) -> ErrorKind {
    match e {
        spp_store::StoreError::Url(_) => ErrorKind::BadInput,
        e if e.fault().is_some() => ErrorKind::Unavailable,
        _ => ErrorKind::Internal,
    }
}

/// The result of a use case.
pub type AppResult<T> = Result<T, AppError>;
