//! Who is asking: the session cookie resolved once per request (by [`resolve`], a
//! middleware) into a [`Session`] that handlers extract, and the CSRF check of every form
//! POST. Cookies are `HttpOnly; SameSite=Strict`, and `Secure` when the server is told it is
//! behind TLS (`spp serve --secure-cookies`). Before login, the login form's CSRF token is
//! bound to a random pre-session cookie (`spp_pre`) instead of the session.

use std::convert::Infallible;
use std::net::SocketAddr;

use axum::extract::connect_info::ConnectInfo;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use axum::Form;
use spp_app::auth::{new_token, Actor};
use spp_app::{AppError, AppResult};

use crate::error::PageError;
use crate::i18n::Ui;
use crate::WebState;

/// The session cookie.
pub const SESSION_COOKIE: &str = "spp_session";
/// The pre-session cookie the login form's CSRF token is bound to.
pub const PRE_COOKIE: &str = "spp_pre";
/// The name of the CSRF field of every form.
pub const CSRF_FIELD: &str = "csrf";

/// The actor of a request and what its forms need.
#[derive(Debug, Clone)]
pub struct Session {
    pub actor: Actor,
    /// The session token (from the cookie), when the session is live.
    pub token: Option<String>,
    /// The pre-session token (from its cookie), before login.
    pub pre: Option<String>,
    /// The CSRF token to put in this request's forms (`None`: no session or pre-session).
    pub csrf: Option<String>,
    /// The client address (for the login rate limit).
    pub ip: String,
}

impl Session {
    /// The logged-in user's e-mail and role, for the header.
    pub fn user(&self) -> Option<(&str, &'static str)> {
        match &self.actor {
            Actor::User { email, role, .. } => Some((email.as_str(), role.as_str())),
            _ => None,
        }
    }

    /// `Ok` when `token` is this session's CSRF token (or, before login, the pre-session's);
    /// otherwise 403. Every form POST calls this before its use case.
    pub fn check_csrf(&self, state: &WebState, token: Option<&str>) -> AppResult<()> {
        let bound = self.token.as_deref().or(self.pre.as_deref());
        match (bound, token) {
            (Some(b), Some(t)) if state.auth.csrf.verify(b, t) => Ok(()),
            _ => Err(AppError::Forbidden(
                "missing or wrong CSRF token: reload the form and send it again".into(),
            )),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Session {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Session>()
            .cloned()
            .unwrap_or(Session {
                actor: Actor::Anonymous,
                token: None,
                pre: None,
                csrf: None,
                ip: "unknown".into(),
            }))
    }
}

/// The value of cookie `name`.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .filter(|v| !v.is_empty())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Strict, Path=/, Secure when configured;
/// `max_age` 0 deletes it.
pub fn set_cookie(state: &WebState, name: &str, value: &str, max_age: i64) -> HeaderValue {
    let secure = if state.auth.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let text =
        format!("{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Strict{secure}");
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("spp_bad=; Max-Age=0"))
}

/// Resolves the session cookie (one store read, only when the cookie is there) and puts the
/// [`Session`] into the request; gives a browser without a session a pre-session cookie, so
/// the login form can carry a CSRF token.
pub async fn resolve(State(state): State<WebState>, mut req: Request, next: Next) -> Response {
    let headers = req.headers();
    let token = cookie(headers, SESSION_COOKIE);
    let mut pre = cookie(headers, PRE_COOKIE).filter(|p| p.len() == 64);
    let actor = match &token {
        Some(t) => state.app.session_actor(t).await.unwrap_or(Actor::Anonymous),
        None => Actor::Anonymous,
    };
    let token = token.filter(|_| actor != Actor::Anonymous);
    let mut new_pre = None;
    let page = !req.uri().path().starts_with("/api/") && !req.uri().path().starts_with("/static/");
    if token.is_none() && pre.is_none() && page {
        if let Ok((t, _)) = new_token() {
            new_pre = Some(t.clone());
            pre = Some(t);
        }
    }
    let bound = token.as_deref().or(pre.as_deref());
    let ip = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or("unknown".to_string(), |c| c.0.ip().to_string());
    let session = Session {
        csrf: bound.map(|b| state.auth.csrf.token(b)),
        actor,
        token,
        pre,
        ip,
    };
    req.extensions_mut().insert(session);
    let mut response = next.run(req).await;
    if let Some(p) = new_pre {
        response
            .headers_mut()
            .append(SET_COOKIE, set_cookie(&state, PRE_COOKIE, &p, 86_400));
    }
    response
}

/// A form POST whose CSRF token was checked: the session, the request's [`Ui`] and the
/// fields. Every form handler takes this, so no form can skip the check.
pub struct Posted {
    pub session: Session,
    pub ui: Ui,
    pub pairs: Vec<(String, String)>,
}

impl Posted {
    /// The first value of field `name`.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

impl FromRequest<WebState> for Posted {
    type Rejection = PageError;

    async fn from_request(req: Request, state: &WebState) -> Result<Posted, PageError> {
        let (mut parts, body) = req.into_parts();
        let Ok(ui) = Ui::from_request_parts(&mut parts, state).await;
        let Ok(session) = Session::from_request_parts(&mut parts, state).await;
        let req = Request::from_parts(parts, body);
        let pairs = match Form::<Vec<(String, String)>>::from_request(req, state).await {
            Ok(Form(p)) => p,
            Err(e) => {
                let e = AppError::bad_input("form", "", e.body_text());
                return Err(PageError::new(e, ui));
            }
        };
        let posted = Posted { session, ui, pairs };
        match posted.session.check_csrf(state, posted.field(CSRF_FIELD)) {
            Ok(()) => Ok(posted),
            Err(e) => Err(PageError::new(e, posted.ui)),
        }
    }
}
