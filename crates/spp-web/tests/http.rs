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

#[tokio::test]
async fn the_dashboard_shows_every_indicator_and_rejects_unknown_filter_values() {
    let ids = spp_app::figure::indicator_ids();
    for s in servers() {
        let (status, _, body) = get(&s.url("/?lang=en"), None).await;
        assert_eq!(status, 200);
        for id in &ids {
            assert!(
                body.contains(&format!("data-indicator=\"{id}\"")),
                "{id} missing"
            );
        }
        assert!(body.contains("<svg") && body.contains("n=") && body.contains("100 %"));
        assert!(body.contains("id=\"history-table\"") && body.contains("TED XML"));
        let (status, _, body) = get(&s.url("/?country=XX"), None).await;
        assert_eq!(status, 400);
        assert!(
            body.contains("country") && body.contains("alpha-3"),
            "{body}"
        );
        let (status, _, body) = get(&s.url("/?procedure_type=auction"), None).await;
        assert_eq!(status, 400);
        assert!(body.contains("procedure_type") && body.contains("open, restricted"));
        let (status, _, body) = get(&s.url("/?colour=red"), None).await;
        assert_eq!(status, 400);
        assert!(body.contains("unknown filter"), "{body}");
        let (status, _, body) = get(&s.url("/?nuts=BE2&year_from=2020&year_to=2024"), None).await;
        assert_eq!(status, 200);
        assert!(body.contains("nuts=BE2"), "the filter is echoed");
    }
}

#[tokio::test]
async fn every_figure_links_to_its_lots_and_they_add_up() {
    for s in servers() {
        let (_, _, body) = get(&s.url("/?lang=en"), None).await;
        let link = "/lots?indicator=SPP-2&amp;stage=award";
        assert!(body.contains(link), "dashboard links to the lots of SPP-2");
        let (status, _, lots) =
            get(&s.url("/lots?indicator=SPP-2&stage=award&lang=en"), None).await;
        assert_eq!(status, 200);
        assert!(lots.contains("class=\"lot-link\""), "lots are listed");
        // The dashboard's SPP-2 award count row and the lots page agree.
        let row = body
            .split("<tr data-indicator=\"SPP-2\" data-stage=\"award\" data-variant=\"count\">")
            .nth(1)
            .unwrap();
        let cell = row.split("<td class=\"num\"><a href=").nth(1).unwrap();
        let numerator = cell.split("\">").nth(1).unwrap().split('<').next().unwrap();
        assert!(
            lots.contains(&format!("<strong>{numerator}</strong>")),
            "{numerator}"
        );
        let (status, _, body) = get(&s.url("/lots?indicator=NOPE-1"), None).await;
        assert_eq!(status, 400);
        assert!(body.contains("indicator") && body.contains("SPP-2"));
        let (status, _, _) = get(&s.url("/lots?indicator=SPP-2&stage=soon"), None).await;
        assert_eq!(status, 400);
    }
}

#[tokio::test]
async fn the_explorer_finds_notices_and_shows_lots_with_flags_and_findings() {
    for s in servers() {
        let (status, _, body) = get(&s.url("/notices?q=00599533-2024&lang=en"), None).await;
        assert_eq!(status, 200);
        assert!(body.contains("<strong>1</strong> results"), "one hit");
        let id = body
            .split("class=\"notice-link\" href=\"/notices/")
            .nth(1)
            .unwrap();
        let id = id.split('"').next().unwrap().to_string();
        assert!(id.starts_with("ddbec186"), "{id}");
        let (status, _, notice) = get(&s.url(&format!("/notices/{id}")), None).await;
        assert_eq!(status, 200);
        let lot = notice.split("class=\"lot-link\" href=\"").nth(1).unwrap();
        let lot = lot.split('"').next().unwrap().to_string();
        let (status, _, page) = get(&s.url(&format!("{lot}?lang=en")), None).await;
        assert_eq!(status, 200);
        for part in [
            "id=\"flag-table\"",
            "id=\"finding-table\"",
            "BT-06",
            "Fulfilment of social objectives",
            "BGN",
        ] {
            assert!(page.contains(part), "{part} on the lot page");
        }
        let (status, _, _) = get(&s.url("/notices/no-such-notice"), None).await;
        assert_eq!(status, 404);
        let (status, _, _) = get(&s.url(&format!("/notices/{id}/lots/LOT-9999")), None).await;
        assert_eq!(status, 404);
        let (status, _, body) = get(&s.url("/notices?q=%20"), None).await;
        assert_eq!(status, 400);
        assert!(body.contains("empty search"));
        let (status, _, body) = get(&s.url("/notices?q=30213100"), None).await;
        assert_eq!(status, 200);
        assert!(body.contains("results"));
    }
}
