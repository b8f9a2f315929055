//! The HTML pages, one module per page; each handler is a few lines: parse the request, call
//! one use case of `spp-app`, render.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::error::PageError;
use crate::i18n::Ui;
use crate::WebState;

pub mod charts;
pub mod dashboard;
pub mod error;
pub mod explorer;
pub mod figure;
pub mod filters;
pub mod guide;
pub mod health;
pub mod labels;
pub mod layout;
pub mod lcc;
pub mod lcc_form;
pub mod notice;
pub mod practice;
pub mod register;

/// The page routes (and `/healthz`, `/static/style.css`).
pub fn routes() -> Router<WebState> {
    Router::new()
        .route("/", get(dashboard::handler))
        .route("/lots", get(figure::handler))
        .route("/notices", get(explorer::search))
        .route("/notices/{id}", get(explorer::notice))
        .route("/notices/{id}/lots/{lot}", get(notice::lot))
        .route("/guide", get(guide::groups))
        .route("/guide/cpv", get(guide::cpv))
        .route("/guide/labels", get(guide::labels))
        .route("/guide/groups/{id}", get(guide::group))
        .route("/guide/groups/{id}/fiche.md", get(guide::fiche_download))
        .route("/guide/practices/{id}", get(practice::show))
        .route("/guide/practices/{id}/fiche.md", get(practice::download))
        .route("/lcc", get(lcc::form).post(lcc::submit))
        .route("/lcc/upload", post(lcc::upload))
        .route("/healthz", get(health::healthz))
        .route("/static/style.css", get(style))
        .merge(register::routes())
}

async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../assets/style.css"),
    )
        .into_response()
}

/// Any other path: a 404 page in the reader's language.
pub async fn not_found(ui: Ui) -> PageError {
    let what = format!("no page {}", ui.path);
    PageError::new(spp_app::AppError::NotFound(what), ui)
}
