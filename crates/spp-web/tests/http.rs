//! HTTP tests of every route and error case, against the real app on a real SQLite file and
//! on the real PostgreSQL.

mod common;

use common::{get, get_json, servers};

#[tokio::test]
async fn healthz_answers_ok_on_both_databases() {
    for s in servers() {
        let (status, _, body) = get(&s.url("/healthz"), None).await;
        assert_eq!((status, body.as_str()), (200, "ok\n"), "{}", s.db);
    }
}

#[tokio::test]
async fn healthz_is_503_with_the_reason_when_the_database_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("gone.sqlite").display());
    let app = spp_app::App::open(&db).await.unwrap();
    let listener = spp_web::bind("127.0.0.1:0".parse().unwrap()).await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = spp_web::WebState::new(app.clone()).unwrap();
    app.close().await;
    tokio::spawn(spp_web::serve(listener, state, std::future::pending()));
    let (status, _, body) = get(&format!("{base}/healthz"), None).await;
    assert_eq!(status, 503, "{body}");
    assert!(
        body.contains("unreachable") && body.contains("gone.sqlite"),
        "{body}"
    );
}

#[tokio::test]
async fn unknown_pages_are_404_in_the_readers_language_and_unknown_api_routes_json() {
    for s in servers() {
        let (status, ctype, body) = get(&s.url("/no-such-page"), Some("fr-BE,fr;q=0.9")).await;
        assert_eq!(status, 404);
        assert!(ctype.starts_with("text/html"), "{ctype}");
        assert!(
            body.contains("<html lang=\"fr\"") && body.contains("Introuvable"),
            "{body}"
        );
        let (status, json) = get_json(&s.url("/api/v1/no-such-route")).await;
        assert_eq!(status, 404);
        assert_eq!(json["kind"], "not_found");
        assert!(json["message"].as_str().unwrap().contains("/no-such-route"));
    }
}

#[tokio::test]
async fn the_openapi_document_is_openapi_3_1() {
    for s in servers() {
        let (status, json) = get_json(&s.url("/api/v1/openapi.json")).await;
        assert_eq!(status, 200);
        assert_eq!(json["openapi"], "3.1.0");
        assert!(json["paths"]["/openapi.json"].is_object());
    }
}
