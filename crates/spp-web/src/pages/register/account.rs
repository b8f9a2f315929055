//! Login, logout and the user's API tokens.

use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use spp_app::auth::SESSION_HOURS;
use spp_app::AppError;
use spp_store::register::ListedToken;

use super::{csrf_input, see_other};
use crate::error::{OrPage, PageError};
use crate::i18n::Ui;
use crate::pages::layout::{page, Section};
use crate::session::{set_cookie, Posted, Session, PRE_COOKIE, SESSION_COOKIE};
use crate::WebState;

/// Where to go after login: a path of this site only.
fn next_of(raw: Option<&str>) -> &str {
    raw.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\'))
        .unwrap_or("/register")
}

fn login_page(ui: &Ui, next: &str, email: &str, alert: Option<String>) -> Markup {
    page(
        ui,
        Section::Register,
        ui.t("login_title"),
        html! {
            @if let Some(a) = alert { div.error #login-error role="alert" { p { (a) } } }
            form.login method="post" action="/login" {
                (csrf_input(ui))
                input type="hidden" name="next" value=(next);
                p { label for="email" { (ui.t("email")) } br;
                    input #email type="email" name="email" value=(email) autocomplete="username" required; }
                p { label for="password" { (ui.t("password")) } br;
                    input #password type="password" name="password" autocomplete="current-password" required; }
                p { button #login-submit type="submit" { (ui.t("login")) } }
            }
        },
    )
}

pub async fn login_form(ui: Ui) -> Markup {
    let next = ui
        .query
        .iter()
        .find(|(k, _)| k == "next")
        .map(|(_, v)| v.as_str());
    login_page(&ui, next_of(next), "", None)
}

/// Checks the CSRF token, then the credentials (rate-limited); a wrong e-mail and a wrong
/// password get the same answer (401), too many failures 429.
pub async fn login(State(s): State<WebState>, p: Posted) -> Result<Response, PageError> {
    let (email, password) = (
        p.field("email").unwrap_or(""),
        p.field("password").unwrap_or(""),
    );
    let (session, ui) = (&p.session, p.ui.clone());
    let next = next_of(p.field("next"));
    match s
        .app
        .login(&s.auth.limiter, email, password, &session.ip)
        .await
    {
        Ok(done) => {
            let mut r = see_other(next);
            let h = r.headers_mut();
            let age = SESSION_HOURS * 3600;
            h.append(SET_COOKIE, set_cookie(&s, SESSION_COOKIE, &done.token, age));
            h.append(SET_COOKIE, set_cookie(&s, PRE_COOKIE, "", 0));
            Ok(r)
        }
        Err(e @ (AppError::Unauthenticated(_) | AppError::RateLimited(_))) => {
            let (code, alert) = match e {
                AppError::RateLimited(wait) => (
                    StatusCode::TOO_MANY_REQUESTS,
                    format!("{} ({wait} s)", ui.t("login_too_many")),
                ),
                _ => (StatusCode::UNAUTHORIZED, ui.t("login_wrong").to_string()),
            };
            Ok((code, login_page(&ui, next, email, Some(alert))).into_response())
        }
        Err(e) => Err(PageError::new(e, ui)),
    }
}

/// Ends the session and deletes the cookie.
pub async fn logout(State(s): State<WebState>, p: Posted) -> Result<Response, PageError> {
    if let Some(t) = &p.session.token {
        s.app.logout(t).await.or_page(&p.ui)?;
    }
    let mut r = see_other("/");
    r.headers_mut()
        .append(SET_COOKIE, set_cookie(&s, SESSION_COOKIE, "", 0));
    Ok(r)
}

fn tokens_page(ui: &Ui, tokens: &[ListedToken], new: Option<&str>) -> Markup {
    page(
        ui,
        Section::Register,
        ui.t("tokens_title"),
        html! {
            @if let Some(t) = new {
                div.notice role="status" {
                    p { (ui.t("token_shown_once")) }
                    p { code #new-token { (t) } }
                }
            }
            p { (ui.t("tokens_intro")) " " code { "Authorization: Bearer …" } }
            form method="post" action="/account/tokens" {
                (csrf_input(ui))
                label for="token-label" { (ui.t("token_label")) } " "
                input #token-label name="label" required maxlength="100";
                " " button #create-token type="submit" { (ui.t("token_create")) }
            }
            @if tokens.is_empty() { p { (ui.t("tokens_none")) } } @else {
                table #tokens {
                    thead { tr { th { (ui.t("token_label")) } th { (ui.t("created")) } th { (ui.t("state")) } th { } } }
                    tbody { @for t in tokens { tr {
                        td { (t.label) } td { (t.created_at.get(..10).unwrap_or(&t.created_at)) }
                        td { @if t.revoked { (ui.t("token_revoked")) } @else { (ui.t("token_live")) } }
                        td { @if !t.revoked {
                            form.inline method="post" action="/account/tokens/revoke" {
                                (csrf_input(ui))
                                input type="hidden" name="hash" value=(t.hash);
                                button type="submit" { (ui.t("token_revoke")) }
                            }
                        } }
                    } } }
                }
            }
        },
    )
}

pub async fn tokens(
    State(s): State<WebState>,
    session: Session,
    ui: Ui,
) -> Result<Markup, PageError> {
    let list = s.app.api_tokens(&session.actor).await.or_page(&ui)?;
    Ok(tokens_page(&ui, &list, None))
}

pub async fn create_token(State(s): State<WebState>, p: Posted) -> Result<Markup, PageError> {
    let (actor, ui) = (&p.session.actor, &p.ui);
    let label = p.field("label").unwrap_or("");
    let token = s.app.create_api_token(actor, label).await.or_page(ui)?;
    let list = s.app.api_tokens(actor).await.or_page(ui)?;
    Ok(tokens_page(ui, &list, Some(&token)))
}

pub async fn revoke_token(State(s): State<WebState>, p: Posted) -> Result<Response, PageError> {
    let hash = p.field("hash").unwrap_or("");
    s.app
        .revoke_api_token(&p.session.actor, hash)
        .await
        .or_page(&p.ui)?;
    Ok(see_other("/account/tokens"))
}
