//! The register's pages: login and logout, API tokens, the contract list, a contract with
//! its lots, facts and history, the contract form (create, edit, soft delete), file import
//! (check, then import), template and export downloads, the figures of register and notices
//! together. Handlers parse the request, call one `spp-app` use case with the request's
//! [`crate::session::Session`] actor and render; authorization is
//! `spp_app::auth::authorize`, called by the use cases. Every form POST takes
//! [`crate::session::Posted`], which checks the CSRF token first (the multipart import checks
//! it itself).

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use maud::{html, Markup};

use crate::i18n::{encode, Ui};
use crate::session::CSRF_FIELD;
use crate::WebState;

pub mod account;
pub mod contract;
pub mod figures;
pub mod files;
pub mod form;
pub mod form_criteria;
pub mod form_input;
pub mod list;

/// The largest file the import page takes (the server's default for other bodies is 2 MiB).
pub const MAX_UPLOAD: usize = 32 * 1024 * 1024;

/// The register's routes.
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/login", get(account::login_form).post(account::login))
        .route("/logout", post(account::logout))
        .route(
            "/account/tokens",
            get(account::tokens).post(account::create_token),
        )
        .route("/account/tokens/revoke", post(account::revoke_token))
        .route("/register", get(list::handler))
        .route("/register/new", get(form::new))
        .route("/register/figures", get(figures::handler))
        .route("/register/contracts", post(form::submit))
        .route(
            "/register/contracts/{entity}/{reference}",
            get(contract::handler),
        )
        .route(
            "/register/contracts/{entity}/{reference}/edit",
            get(form::edit),
        )
        .route(
            "/register/contracts/{entity}/{reference}/delete",
            post(contract::delete),
        )
        .route(
            "/register/import",
            get(files::import_form)
                .post(files::import)
                .layer(DefaultBodyLimit::max(MAX_UPLOAD)),
        )
        .route("/register/template", get(files::template))
        .route("/register/export", get(files::export))
}

/// The form fields of a POST, in order (repeated names kept: checkboxes).
pub type Pairs = Vec<(String, String)>;

/// The hidden CSRF field of a form.
pub fn csrf_input(ui: &Ui) -> Markup {
    html! { input type="hidden" name=(CSRF_FIELD) value=[ui.csrf.as_deref()]; }
}

/// The page of a contract.
pub fn contract_href(key: &str) -> String {
    let (entity, reference) = key.split_once('/').unwrap_or((key, ""));
    format!(
        "/register/contracts/{}/{}",
        encode(entity),
        encode(reference)
    )
}

/// `303 See Other` to `to` (after a POST that changed something).
pub fn see_other(to: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// A file download.
pub fn download(bytes: Vec<u8>, ext: &str, name: &str) -> Response {
    let ctype = match ext {
        "csv" => "text/csv; charset=utf-8",
        _ => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };
    let disposition = format!("attachment; filename=\"{name}.{ext}\"");
    (
        [
            (header::CONTENT_TYPE, ctype.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}
