//! Latency of the dashboard and of /api/v1/indicators on the bundled sample in a SQLite file,
//! through the whole router (request parsing, the report use case, rendering), without the
//! network. Figures in docs/PERFORMANCE.md.

use axum::body::Body;
use axum::http::Request;
use criterion::{criterion_group, criterion_main, Criterion};
use tower::ServiceExt;

fn pages(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("bench.sqlite").display());
    let router = rt.block_on(async {
        let app = spp_app::App::open(&db).await.unwrap();
        app.ingest_sample().await.unwrap();
        spp_web::router(spp_web::WebState::new(app).unwrap())
    });
    let mut group = c.benchmark_group("web");
    group.sample_size(30);
    for (name, uri) in [
        ("dashboard", "/?lang=nl"),
        ("dashboard_nuts_be2", "/?nuts=BE2&lang=nl"),
        ("api_indicators", "/api/v1/indicators"),
        ("api_indicators_country", "/api/v1/indicators?country=BEL"),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                rt.block_on(async {
                    let req = Request::get(uri).body(Body::empty()).unwrap();
                    let resp = router.clone().oneshot(req).await.unwrap();
                    assert_eq!(resp.status(), 200);
                    axum::body::to_bytes(resp.into_body(), usize::MAX)
                        .await
                        .unwrap()
                })
            })
        });
    }
    group.finish();
}

criterion_group!(benches, pages);
criterion_main!(benches);
