//! `/healthz`: 200 `ok` when the database answers, 503 with the reason when it does not.

use axum::extract::State;
use axum::http::StatusCode;

use crate::WebState;

pub async fn healthz(State(state): State<WebState>) -> (StatusCode, String) {
    match state.app.health().await {
        Ok(()) => (StatusCode::OK, "ok\n".to_string()),
        Err(e) => {
            tracing::warn!("health check failed: {e}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                format!("database {} unreachable: {e}\n", state.app.db()),
            )
        }
    }
}
