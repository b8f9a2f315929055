//! The error page: what went wrong in the reader's language, the use case's own message (in
//! English, marked as such) below it.

use axum::http::StatusCode;
use maud::{html, Markup};
use spp_app::{AppError, ErrorKind};

use super::layout::{page, Section};
use crate::i18n::Ui;

pub fn page_of(ui: &Ui, code: StatusCode, error: &AppError) -> Markup {
    let key = match error.kind() {
        ErrorKind::BadInput => "error_bad_input",
        ErrorKind::NotFound => "error_not_found",
        ErrorKind::Unavailable => "error_unavailable",
        ErrorKind::Internal => "error_internal",
        ErrorKind::Unauthenticated => "error_unauthenticated",
        ErrorKind::Forbidden => "error_forbidden",
        ErrorKind::TooManyRequests => "error_too_many",
    };
    let title = format!("{} ({})", ui.t(key), code.as_u16());
    page(
        ui,
        Section::None,
        &title,
        html! {
            div.error role="alert" {
                @if error.kind() == ErrorKind::Unavailable {
                    p { (ui.t("error_unavailable_hint")) }
                }
                p { strong { (ui.t("error_detail")) ": " } span lang="en" { (error.to_string()) } }
            }
            @if error.kind() == ErrorKind::Unauthenticated {
                p { a #login-link href={ "/login?next=" (crate::i18n::encode(&ui.path)) } { (ui.t("login")) } }
            }
            p { a href="/" { (ui.t("back_home")) } }
        },
    )
}
