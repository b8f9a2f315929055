//! How a use case's error reaches the user: `spp_app::ErrorKind` decides the status (bad
//! input 400, not found 404, unavailable 503, internal 500); pages answer with an HTML page in
//! the reader's language, the API with JSON. The message is the use case's own (it names the
//! parameter, the value and what is accepted).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use spp_app::{AppError, ErrorKind};

use crate::i18n::Ui;

/// The HTTP status of an error kind.
pub fn status(kind: ErrorKind) -> StatusCode {
    match kind {
        ErrorKind::BadInput => StatusCode::BAD_REQUEST,
        ErrorKind::NotFound => StatusCode::NOT_FOUND,
        ErrorKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        ErrorKind::Unauthenticated => StatusCode::UNAUTHORIZED,
        ErrorKind::Forbidden => StatusCode::FORBIDDEN,
        ErrorKind::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
    }
}

fn kind_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::BadInput => "bad_input",
        ErrorKind::NotFound => "not_found",
        ErrorKind::Unavailable => "unavailable",
        ErrorKind::Internal => "internal",
        ErrorKind::Unauthenticated => "unauthenticated",
        ErrorKind::Forbidden => "forbidden",
        ErrorKind::TooManyRequests => "too_many_requests",
    }
}

fn log(error: &AppError) {
    match error.kind() {
        ErrorKind::Internal | ErrorKind::Unavailable => tracing::error!("{error}"),
        _ => tracing::debug!("{error}"),
    }
}

/// An error on an HTML page (boxed: handlers return it in a `Result`).
pub struct PageError(Box<(AppError, Ui)>);

impl PageError {
    pub fn new(error: AppError, ui: Ui) -> PageError {
        PageError(Box::new((error, ui)))
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (error, ui) = *self.0;
        log(&error);
        let code = status(error.kind());
        let body = crate::pages::error::page_of(&ui, code, &error);
        with_retry_after(code, (code, body).into_response())
    }
}

/// `.or_page(&ui)?` in a page handler.
pub trait OrPage<T> {
    fn or_page(self, ui: &Ui) -> Result<T, PageError>;
}

impl<T> OrPage<T> for Result<T, AppError> {
    fn or_page(self, ui: &Ui) -> Result<T, PageError> {
        self.map_err(|error| PageError::new(error, ui.clone()))
    }
}

/// The JSON body of an API error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// The HTTP status.
    pub status: u16,
    /// `bad_input`, `not_found`, `unavailable`, `internal`, `unauthenticated`, `forbidden`
    /// or `too_many_requests`.
    pub kind: &'static str,
    /// The parameter at fault, for bad input.
    pub parameter: Option<String>,
    /// The value given, for bad input.
    pub value: Option<String>,
    /// What was wrong, in words.
    pub message: String,
}

/// An error of the JSON API.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        log(&self.0);
        let kind = self.0.kind();
        let (parameter, value) = match &self.0 {
            AppError::BadInput { field, value, .. } => (Some(field.clone()), Some(value.clone())),
            AppError::Field(e) => (Some(e.field.clone()), Some(e.value.clone())),
            _ => (None, None),
        };
        let body = ErrorBody {
            status: status(kind).as_u16(),
            kind: kind_name(kind),
            parameter,
            value,
            message: self.0.to_string(),
        };
        with_retry_after(status(kind), (status(kind), Json(body)).into_response())
    }
}

/// How long a client should wait before asking again after a 503 (the database is away).
const RETRY_AFTER_SECONDS: &str = "5";

/// A 503 says when to ask again (`Retry-After`).
fn with_retry_after(code: StatusCode, mut response: Response) -> Response {
    if code == StatusCode::SERVICE_UNAVAILABLE {
        response.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from_static(RETRY_AFTER_SECONDS),
        );
    }
    response
}
