//! Credentials → an actor: password login with its rate limit, sessions, API tokens.

use std::time::Instant;

use serde::Serialize;
use spp_store::register::StoredUser;

use super::secret::{new_token, token_hash, verify_nothing, verify_password};
use super::{Actor, RateLimiter};
use crate::error::{AppError, AppResult};
use crate::App;

/// How long a session lasts.
pub const SESSION_HOURS: i64 = 12;

/// An open session: the token goes into the cookie (HttpOnly, SameSite=Strict, Secure over
/// TLS) and is never stored; the store keeps its hash.
#[derive(Debug, Clone, Serialize)]
pub struct LoggedIn {
    #[serde(skip)]
    pub token: String,
    pub expires_at: String,
    pub actor: Actor,
}

const WRONG: &str = "wrong e-mail or password";

fn actor_of(u: StoredUser) -> Actor {
    Actor::User {
        id: u.id,
        email: u.user.email.as_str().to_string(),
        role: u.user.role,
        grants: u.user.grants,
    }
}

pub(super) async fn login(
    app: &App,
    limiter: &RateLimiter,
    email: &str,
    password: &str,
    ip: &str,
    now: Instant,
) -> AppResult<LoggedIn> {
    if let Err(wait) = limiter.check(email, ip, now) {
        return Err(AppError::RateLimited(wait.as_secs().max(1)));
    }
    let email_key = email.trim().to_lowercase();
    let mut tx = app.store().register_read().await?;
    let user = tx.user_by_email(&email_key).await?.filter(|u| !u.deleted);
    drop(tx);
    let ok = match user.as_ref().and_then(|u| u.password_hash.as_deref()) {
        Some(hash) => verify_password(hash, password),
        None => {
            verify_nothing(password);
            false
        }
    };
    let Some(user) = user.filter(|_| ok) else {
        limiter.failed(email, ip, now);
        return Err(AppError::Unauthenticated(WRONG.into()));
    };
    limiter.succeeded(email);
    let (token, hash) = new_token()?;
    let expires = chrono::Utc::now() + chrono::Duration::hours(SESSION_HOURS);
    let expires_at = expires.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let mut tx = app.store().register_write().await?;
    tx.insert_session(&hash, user.id, &expires_at).await?;
    tx.commit().await?;
    Ok(LoggedIn {
        token,
        expires_at,
        actor: actor_of(user),
    })
}

pub(super) async fn session_actor(app: &App, token: &str) -> AppResult<Actor> {
    let mut tx = app.store().register_read().await?;
    let Some(user_id) = tx.session_user(&token_hash(token)).await? else {
        return Err(AppError::Unauthenticated(
            "no session, or it has expired".into(),
        ));
    };
    match tx.user_by_id(user_id).await?.filter(|u| !u.deleted) {
        Some(u) => Ok(actor_of(u)),
        None => Err(AppError::Unauthenticated(
            "the session's user is gone".into(),
        )),
    }
}

pub(super) async fn token_actor(app: &App, token: &str) -> AppResult<Actor> {
    let mut tx = app.store().register_read().await?;
    let stored = tx.token(&token_hash(token)).await?;
    let live =
        stored.filter(|t| !t.revoked && t.expires_at.as_deref().is_none_or(|e| e > tx.now()));
    let Some(t) = live else {
        return Err(AppError::Unauthenticated(
            "unknown or revoked API token".into(),
        ));
    };
    match tx.user_by_id(t.user_id).await?.filter(|u| !u.deleted) {
        Some(u) => Ok(actor_of(u)),
        None => Err(AppError::Unauthenticated("the token's user is gone".into())),
    }
}
