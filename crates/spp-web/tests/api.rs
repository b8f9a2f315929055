//! The JSON API on the real app (SQLite file and PostgreSQL): every route, its errors, and
//! the OpenAPI document, which must list every route the API answers.

mod common;

use common::{get_json, servers};

/// Every API route with a request that exercises it.
const ROUTES: [(&str, &str, &str); 15] = [
    ("get", "/openapi.json", "/openapi.json"),
    ("get", "/indicators", "/indicators?country=BEL"),
    ("get", "/lots", "/lots?indicator=GPP-1&stage=call&limit=3"),
    ("get", "/notices", "/notices?q=00599533-2024"),
    ("get", "/notices/{id}", "/notices/ID"),
    ("get", "/guide", "/guide?lang=fr"),
    (
        "get",
        "/guide/groups/{group}",
        "/guide/groups/ict-end-user?level=1",
    ),
    ("get", "/guide/cpv/{code}", "/guide/cpv/30213100-6"),
    ("get", "/guide/labels", "/guide/labels"),
    ("post", "/lcc", "/lcc"),
    // The register, as the admin's API token; in this order: create, list, read, change,
    // delete.
    ("post", "/register/contracts", "/register/contracts"),
    (
        "get",
        "/register/contracts",
        "/register/contracts?entity=dep-a",
    ),
    (
        "get",
        "/register/contracts/{entity}/{reference}",
        "/register/contracts/dep-a/OPENAPI-1",
    ),
    (
        "put",
        "/register/contracts/{entity}/{reference}",
        "/register/contracts/dep-a/OPENAPI-1",
    ),
    (
        "delete",
        "/register/contracts/{entity}/{reference}",
        "/register/contracts/dep-a/OPENAPI-1",
    ),
];

async fn post(url: &str, body: &str) -> (u16, serde_json::Value) {
    let resp = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/toml")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap())
}

fn vans() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/lcc/vans.toml"
    ))
    .unwrap()
}

#[tokio::test]
async fn the_openapi_document_lists_exactly_the_routes_the_api_answers() {
    let doc = serde_json::to_value(spp_web::api::openapi()).unwrap();
    let mut documented: Vec<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.clone(), path.clone()))
        })
        .collect();
    documented.sort();
    let mut tested: Vec<(String, String)> = ROUTES
        .iter()
        .map(|(m, p, _)| (m.to_string(), p.to_string()))
        .collect();
    tested.sort();
    assert_eq!(documented, tested, "documented routes = routes under test");
    for s in servers() {
        let (_, served) = get_json(&s.url("/api/v1/openapi.json")).await;
        assert_eq!(served, doc, "the served document is the generated one");
        let (_, found) = get_json(&s.url("/api/v1/notices?q=00599533-2024")).await;
        let id = found["hits"][0]["notice_id"].as_str().unwrap();
        common::reg::seed(s);
        let mut admin = common::reg::Visitor::new(s);
        admin.login(common::reg::ADMIN).await;
        let token = admin.api_token().await;
        let contract =
            serde_json::to_value(common::reg::contract("dep-a", "OPENAPI-1", "Documented"))
                .unwrap();
        for (method, _, example) in ROUTES {
            let url = s.url(&format!("/api/v1{}", example.replace("ID", id)));
            let (status, body) = if example.starts_with("/register/") {
                let body = ["post", "put"].contains(&method).then_some(&contract);
                common::reg::api(s, method, example, Some(&token), body).await
            } else if method == "post" {
                post(&url, &vans()).await
            } else {
                get_json(&url).await
            };
            assert_eq!(status, 200, "{method} {url}: {body}");
        }
    }
}

#[tokio::test]
async fn indicators_and_lots_answer_with_the_figures_and_clear_errors() {
    for s in servers() {
        let (status, report) = get_json(&s.url("/api/v1/indicators")).await;
        assert_eq!(status, 200);
        assert!(report["facts"]["notices"].as_u64().unwrap() > 300);
        let row = report["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| {
                r["id"] == "GPP-1"
                    && r["stage"] == "call"
                    && r["variant"] == "count"
                    && r["group_by"].is_null()
            })
            .unwrap()
            .clone();
        let (_, lots) = get_json(&s.url("/api/v1/lots?indicator=GPP-1&stage=call&limit=3")).await;
        assert_eq!(
            lots["numerator_lots"].to_string(),
            row["numerator"].as_str().unwrap()
        );
        assert_eq!(
            lots["denominator_lots"].to_string(),
            row["denominator"].as_str().unwrap()
        );
        assert!(lots["numerator"].as_array().unwrap().len() <= 3);
        for (url, parameter) in [
            ("/api/v1/indicators?country=Belgium", "country"),
            (
                "/api/v1/indicators?product_group=spaceships",
                "product_group",
            ),
            ("/api/v1/indicators?year_from=2025&year_to=2020", "to"),
            ("/api/v1/indicators?flavour=green", "filter"),
            ("/api/v1/lots?indicator=ZZZ-1", "indicator"),
            ("/api/v1/lots?indicator=SPP-2&limit=many", "limit"),
            ("/api/v1/notices?q=", "q"),
            ("/api/v1/guide/cpv/30213100-5", "cpv"),
            ("/api/v1/guide?level=7", "level"),
        ] {
            let (status, body) = get_json(&s.url(url)).await;
            assert_eq!(status, 400, "{url}: {body}");
            assert_eq!(body["kind"], "bad_input");
            assert_eq!(body["parameter"], parameter, "{url}: {body}");
        }
        let (status, body) = get_json(&s.url("/api/v1/indicators?product_group=spaceships")).await;
        assert_eq!(status, 400);
        assert!(
            body["message"].as_str().unwrap().contains("ict-end-user"),
            "allowed values listed"
        );
        for url in [
            "/api/v1/notices/nope",
            "/api/v1/guide/groups/spaceships",
            "/api/v1/guide/cpv/72230000",
        ] {
            let (status, body) = get_json(&s.url(url)).await;
            assert_eq!(status, 404, "{url}: {body}");
        }
    }
}

#[tokio::test]
async fn lcc_is_the_engine_of_spp_lcc_and_bad_evaluations_are_400() {
    let s = common::sqlite();
    let (status, result) = post(&s.url("/api/v1/lcc"), &vans()).await;
    assert_eq!(status, 200);
    let expected = spp_app::lcc::render::to_json(
        &spp_app::lcc::evaluate_toml(&vans(), std::path::Path::new("vans")).unwrap(),
    )
    .unwrap();
    assert_eq!(result, expected);
    let (status, body) = post(
        &s.url("/api/v1/lcc"),
        "[evaluation]\nstudy_period_years = \"six\"\n",
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("the request body"));
}
