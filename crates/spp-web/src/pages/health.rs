//! `/healthz`, as JSON: 200 `ok` when the database answers and can be written, 200
//! `read_only` when it answers reads only (the pages and the API still work), 503
//! `unavailable` with the reason when it does not answer. The same probe as
//! `spp_app::App::health` (one round trip).

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use spp_app::Health;

use crate::WebState;

/// The body of `/healthz`.
#[derive(Debug, Serialize)]
pub struct HealthBody {
    /// `ok`, `read_only` or `unavailable`.
    pub status: &'static str,
    /// The database, without a password.
    pub database: String,
    /// What is wrong, in words (absent when `ok`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

pub async fn healthz(State(state): State<WebState>) -> (StatusCode, Json<HealthBody>) {
    let database = without_password(state.app.db());
    let (code, status, message) = match state.app.health().await {
        Ok(Health::Ok) => (StatusCode::OK, "ok", None),
        Ok(Health::ReadOnly(reason)) => {
            tracing::warn!("health check: read-only: {reason}");
            let message = format!("reads work, writes fail: {reason}");
            (StatusCode::OK, "read_only", Some(message))
        }
        Err(e) => {
            tracing::warn!("health check failed: {e}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                Some(e.to_string()),
            )
        }
    };
    let body = HealthBody {
        status,
        database,
        message,
    };
    (code, Json(body))
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
fn without_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_string();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_password_is_not_shown() {
        use super::without_password;
        assert_eq!(
            without_password("postgres://u:pw@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(without_password("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(without_password("sqlite:a.sqlite"), "sqlite:a.sqlite");
    }
}
