//! What every handler shares.

use std::sync::Arc;

use spp_app::auth::{Csrf, Limits, RateLimiter};
use spp_app::{App, AppResult, CataloguePolicy};

/// The application (database and catalogue), the SPP-1 policy the figures use, and the
/// register's login state: the rate limiter, the CSRF secret, whether cookies are `Secure`.
#[derive(Clone)]
pub struct WebState {
    pub app: App,
    pub policy: Arc<CataloguePolicy>,
    pub auth: Arc<WebAuth>,
}

/// Login state shared by every request.
#[derive(Debug)]
pub struct WebAuth {
    pub limiter: RateLimiter,
    pub csrf: Csrf,
    /// Mark cookies `Secure` (served over TLS, or behind a TLS proxy: `--secure-cookies`).
    pub secure_cookies: bool,
}

impl WebState {
    /// The state over an opened app, with the bundled default policy, a fresh CSRF secret,
    /// the default login limits and cookies without `Secure` (plain HTTP).
    pub fn new(app: App) -> AppResult<WebState> {
        WebState::with_auth(app, Limits::default(), false)
    }

    /// The same with the login limits and cookie security given.
    pub fn with_auth(app: App, limits: Limits, secure_cookies: bool) -> AppResult<WebState> {
        let policy = CataloguePolicy::bundled(spp_app::policy::DEFAULT)?;
        Ok(WebState {
            app,
            policy: Arc::new(policy),
            auth: Arc::new(WebAuth {
                limiter: RateLimiter::new(limits),
                csrf: Csrf::random()?,
                secure_cookies,
            }),
        })
    }
}
