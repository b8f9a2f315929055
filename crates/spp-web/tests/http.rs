//! HTTP tests of every route and error case, against the real app on a real SQLite file and
//! on the real PostgreSQL.

mod common;

use common::{get, get_json, servers};

#[tokio::test]
async fn healthz_answers_ok_on_both_databases() {
    for s in servers() {
        let (status, json) = get_json(&s.url("/healthz")).await;
        assert_eq!((status, &json["status"]), (200, &"ok".into()), "{}", s.db);
        assert!(json.get("message").is_none(), "{json}");
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
    let (status, json) = get_json(&format!("{base}/healthz")).await;
    assert_eq!(status, 503, "{json}");
    assert_eq!(json["status"], "unavailable");
    assert!(
        json["database"].as_str().unwrap().ends_with("gone.sqlite")
            && json["message"].as_str().unwrap().contains("unavailable"),
        "{json}"
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

#[tokio::test]
async fn the_guide_lists_groups_shows_fiches_finds_cpv_codes_and_downloads() {
    let s = common::sqlite();
    let (status, _, body) = get(&s.url("/guide?lang=fr"), None).await;
    assert_eq!(status, 200);
    assert!(body.contains("/guide/groups/ict-end-user"));
    let (status, _, fiche) = get(&s.url("/guide/groups/ict-end-user?level=1&lang=nl"), None).await;
    assert_eq!(status, 200);
    assert!(fiche.contains("Technische specificatie") && fiche.contains("1 — basis"));
    assert!(!fiche.contains("2 — uitgebreid</p>"), "level 1 only");
    let (status, _, found) = get(&s.url("/guide/cpv?code=30213100-6&lang=en"), None).await;
    assert_eq!(status, 200);
    assert!(
        found.contains("30213100-6"),
        "matched code with its check digit"
    );
    let (status, _, wrong) = get(&s.url("/guide/cpv?code=30213100-5"), None).await;
    assert_eq!(status, 400);
    assert!(wrong.contains("check digit 6"), "{wrong}");
    let (status, _, _) = get(&s.url("/guide/cpv?code=72230000"), None).await;
    assert_eq!(status, 404);
    let (status, _, _) = get(&s.url("/guide/groups/spaceships"), None).await;
    assert_eq!(status, 404);
    let (status, _, _) = get(&s.url("/guide/groups/ict-end-user?level=9"), None).await;
    assert_eq!(status, 400);
    let resp = reqwest::get(s.url("/guide/groups/ict-end-user/fiche.md?lang=fr"))
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let disposition = resp.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.contains("attachment") && disposition.contains(".md"));
    assert!(resp.text().await.unwrap().starts_with('#'));
    let (status, _, labels) = get(&s.url("/guide/labels?lang=en"), None).await;
    assert_eq!(status, 200);
    assert!(labels.contains("EU Ecolabel"));
}

#[tokio::test]
async fn the_lcc_form_computes_downloads_and_uploads_with_the_engine_of_spp_lcc() {
    let s = common::sqlite();
    let client = reqwest::Client::new();
    let (status, _, form) = get(&s.url("/lcc?preset=vehicle&lang=en"), None).await;
    assert_eq!(status, 200);
    assert!(form.contains("value=\"Diesel van\"") && form.contains("<label for=\"o1_price\">"));
    let preset = [
        ("offers", "2"),
        ("title", "Vans"),
        ("years", "6"),
        ("discount", "4"),
        ("co2_price", "100"),
        ("energy_escalation", "1"),
        ("km_per_year", "20000"),
        ("vehicle_category", "N1"),
        ("o1_name", "Diesel van"),
        ("o1_price", "30000"),
        ("o1_energy_unit", "l"),
        ("o1_energy_price", "1,70"),
        ("o1_co2_per_unit", "2.64"),
        ("o1_energy_per_km", "0.065"),
        ("o1_maintenance", "900"),
        ("o1_residual", "25"),
        ("o2_name", "Battery-electric van"),
        ("o2_price", "42000"),
        ("o2_energy_unit", "kWh"),
        ("o2_energy_price", "0.30"),
        ("o2_co2_per_unit", "0.15"),
        ("o2_energy_per_km", "0.22"),
        ("o2_maintenance", "500"),
        ("o2_residual", "30"),
    ];
    let mut calc: Vec<(&str, &str)> = preset.to_vec();
    calc.push(("action", "calculate"));
    let page = client
        .post(s.url("/lcc?lang=en"))
        .form(&calc)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let page = page.text().await.unwrap();
    // data/lcc/vans.toml: A internal 40,655.70 / societal 42,454.80; B 41,749.97 / 42,095.96.
    for figure in ["40,656", "42,455", "41,750", "42,096"] {
        assert!(page.contains(figure), "{figure} in the result");
    }
    assert!(page.contains("id=\"lcc-table\"") && page.contains("<svg"));
    let mut download: Vec<(&str, &str)> = preset.to_vec();
    download.push(("action", "download"));
    let toml = client
        .post(s.url("/lcc"))
        .form(&download)
        .send()
        .await
        .unwrap();
    assert!(toml.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("spp-lcc.toml"));
    let toml = toml.text().await.unwrap();
    let part = reqwest::multipart::Part::text(toml.clone()).file_name("spp-lcc.toml");
    let uploaded = client
        .post(s.url("/lcc/upload?lang=en"))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status().as_u16(), 200);
    let uploaded = uploaded.text().await.unwrap();
    assert!(uploaded.contains("42,455") && uploaded.contains("42,096"));
    let mut bad = preset.to_vec();
    bad[9] = ("o1_price", "cheap");
    let resp = client.post(s.url("/lcc")).form(&bad).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    assert!(resp.text().await.unwrap().contains("o1_price"));
    let part = reqwest::multipart::Part::text("[evaluation]\nnonsense = 1\n").file_name("x.toml");
    let resp = client
        .post(s.url("/lcc/upload"))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
}
