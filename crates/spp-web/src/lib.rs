//! `spp serve`: the web front end of spp. Server-rendered HTML pages (maud; readable without
//! JavaScript) and a JSON API under `/api/v1/` with its OpenAPI 3.1 document, both thin
//! layers over the use cases of `spp-app`: a handler parses the request into the typed input
//! of one use case, calls it, and renders the typed output.
//!
//! | module | job |
//! |---|---|
//! | [`state`] | what every handler shares: the [`spp_app::App`] and the SPP-1 policy |
//! | [`error`] | `spp_app::ErrorKind` → HTTP status, as an HTML page or JSON |
//! | [`session`] | the session cookie → the request's actor; cookies; the CSRF check of forms |
//! | [`i18n`] | the language of a request (`?lang=`, cookie, `Accept-Language`) and the UI texts |
//! | [`pages`] | one module per page |
//! | [`api`] | the JSON API and its OpenAPI document |

use std::net::SocketAddr;

use axum::Router;
use tokio::net::TcpListener;

pub mod api;
pub mod error;
pub mod i18n;
pub mod pages;
pub mod session;
pub mod state;

pub use state::WebState;

/// Every route: the pages, the API, the OpenAPI document, `/healthz`, with request logs.
pub fn router(state: WebState) -> Router {
    let (api, _) = api::routes().split_for_parts();
    Router::new()
        .merge(pages::routes())
        .nest("/api/v1", api.fallback(api::not_found))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            session::resolve,
        ))
        .layer(axum::middleware::from_fn(i18n::remember_language))
        .layer(
            tower_http::trace::TraceLayer::new_for_http()
                .make_span_with(|req: &axum::http::Request<_>| {
                    tracing::info_span!("request", method = %req.method(), uri = %req.uri())
                })
                .on_response(
                    tower_http::trace::DefaultOnResponse::new().level(tracing::Level::INFO),
                ),
        )
        .with_state(state)
}

/// Binds `addr` (port 0 picks a free one).
pub async fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    TcpListener::bind(addr).await
}

/// Serves until `shutdown` resolves, then finishes the requests in flight.
pub async fn serve(
    listener: TcpListener,
    state: WebState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = state.app.clone();
    tokio::spawn(async move {
        let started = std::time::Instant::now();
        match app.warm_views().await {
            Ok(n) => tracing::info!(
                views = n,
                ms = started.elapsed().as_millis() as u64,
                "stored aggregates read"
            ),
            Err(e) => tracing::warn!("stored aggregates not read ahead: {e}"),
        }
    });
    let service = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!("cannot listen for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!("cannot listen for SIGTERM: {e}");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down: finishing the requests in flight");
}
