//! `spp serve` when its database goes away (issue #16, item 3): the real app on a random
//! port over a real SQLite file or the real PostgreSQL, with the fault injected while it
//! serves. Reads keep answering while the database is only read-only; while it is gone every
//! page that needs it answers 503 with a clear body (HTML for pages, JSON for the API and
//! `/healthz`) within a bounded time, pages that do not need it still answer, and once the
//! database is back the same server answers 200 again without a restart. Every request has
//! a client timeout ([`common::REQUEST_TIMEOUT`]), so a hang fails the test.

mod common;

use std::time::{Duration, Instant};

use spp_store::test_support::fs::Unwritable;
use spp_store::test_support::{postgres_base, CutProxy, PgSchema};

/// A 503 must come within this (the PostgreSQL pool's acquire timeout is 5 s).
const FAULT_ANSWER_WITHIN: Duration = Duration::from_secs(12);

/// What one GET answered, and how long it took.
struct Answer {
    status: u16,
    content_type: String,
    retry_after: Option<String>,
    body: String,
    took: Duration,
}

async fn fetch(url: String) -> Answer {
    let client = reqwest::Client::builder()
        .timeout(common::REQUEST_TIMEOUT)
        .build()
        .unwrap();
    let started = Instant::now();
    let resp = client
        .get(&url)
        .header("Accept-Language", "nl-BE")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{url}: {e} (a hang fails the test)"));
    let header = |name| {
        resp.headers()
            .get(name)
            .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
            .map(str::to_string)
    };
    let content_type = header(reqwest::header::CONTENT_TYPE).unwrap_or_default();
    let retry_after = header(reqwest::header::RETRY_AFTER);
    let status = resp.status().as_u16();
    let body = resp.text().await.expect("body");
    Answer {
        status,
        content_type,
        retry_after,
        body,
        took: started.elapsed(),
    }
}

/// The routes the test asks, at once: a page and the API that read the database, `/healthz`,
/// and a page that does not need it.
struct Round {
    dashboard: Answer,
    search: Answer,
    api: Answer,
    health: Answer,
    guide: Answer,
}

async fn round(server: &common::Server) -> Round {
    let (dashboard, search, api, health, guide) = tokio::join!(
        fetch(server.url("/")),
        fetch(server.url("/notices?q=30213100")),
        fetch(server.url("/api/v1/indicators")),
        fetch(server.url("/healthz")),
        fetch(server.url("/guide")),
    );
    Round {
        dashboard,
        search,
        api,
        health,
        guide,
    }
}

impl Round {
    fn slowest(&self) -> Duration {
        [&self.dashboard, &self.search, &self.api, &self.health]
            .iter()
            .map(|a| a.took)
            .max()
            .unwrap_or_default()
    }

    /// Every route answers 200 (the database answers reads).
    fn assert_serving(&self, when: &str) {
        for (name, a) in self.named() {
            assert_eq!(a.status, 200, "{when}: {name}: {}", a.body);
        }
        assert!(self.dashboard.body.contains("data-indicator="), "{when}");
        assert!(self.api.content_type.starts_with("application/json"));
    }

    /// The routes that need the database answer 503 with a clear body and `Retry-After`;
    /// the guide, which does not, still answers; `/healthz` says why (`cause`).
    fn assert_unavailable(&self, cause: &str) {
        for (name, a) in [
            ("dashboard", &self.dashboard),
            ("search", &self.search),
            ("api", &self.api),
        ] {
            assert_eq!(a.status, 503, "{name}: {}", a.body);
            assert_eq!(a.retry_after.as_deref(), Some("5"), "{name}");
            assert!(a.took < FAULT_ANSWER_WITHIN, "{name} took {:?}", a.took);
        }
        for page in [&self.dashboard, &self.search] {
            assert!(page.content_type.starts_with("text/html"));
            assert!(
                page.body.contains("De databank is niet bereikbaar")
                    && page.body.contains("zodra de databank terug is"),
                "{}",
                page.body
            );
        }
        let api: serde_json::Value = serde_json::from_str(&self.api.body).expect("JSON");
        assert_eq!(
            (api["status"].as_u64(), &api["kind"]),
            (Some(503), &"unavailable".into())
        );
        assert!(!api["message"].as_str().unwrap().is_empty(), "{api}");
        let health: serde_json::Value = serde_json::from_str(&self.health.body).expect("JSON");
        assert_eq!(self.health.status, 503, "{health}");
        assert_eq!(health["status"], "unavailable");
        let message = health["message"].as_str().unwrap().to_lowercase();
        assert!(message.contains(cause), "{cause}? {message}");
        assert!(self.health.took < FAULT_ANSWER_WITHIN);
        assert_eq!(self.guide.status, 200, "the guide needs no database");
    }

    fn named(&self) -> [(&'static str, &Answer); 5] {
        [
            ("dashboard", &self.dashboard),
            ("search", &self.search),
            ("api", &self.api),
            ("healthz", &self.health),
            ("guide", &self.guide),
        ]
    }
}

/// Asks until every route answers 200 again (at most `within`); how long that took.
async fn until_serving(server: &common::Server, within: Duration) -> Duration {
    let started = Instant::now();
    loop {
        let r = round(server).await;
        if r.named().iter().all(|(_, a)| a.status == 200) {
            r.assert_serving("recovered");
            return started.elapsed();
        }
        assert!(
            started.elapsed() < within,
            "not serving again after {within:?}: {}",
            r.dashboard.body
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// SQLite: the file and its folder made unwritable while the server runs, then the file
/// moved away, then moved back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_read_only_then_gone_then_back() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("faults.sqlite");
    let server = common::start(format!("sqlite:{}", file.display()), None);
    round(&server).await.assert_serving("at the start");

    {
        let _file = Unwritable::make(&file);
        let _folder = Unwritable::make(dir.path());
        let r = round(&server).await;
        r.assert_serving("read-only");
        let health: serde_json::Value = serde_json::from_str(&r.health.body).unwrap();
        // The pooled connections were opened before: SQLite may still write through them.
        assert!(
            ["ok", "read_only"].contains(&health["status"].as_str().unwrap()),
            "{health}"
        );
        eprintln!(
            "sqlite read-only: every route 200 (slowest {:?}); /healthz {health}",
            r.slowest()
        );
    }

    let away = dir.path().join("moved-away.sqlite");
    std::fs::rename(&file, &away).unwrap();
    let r = round(&server).await;
    r.assert_unavailable("faults.sqlite is missing");
    eprintln!(
        "sqlite file moved away: 503 (slowest {:?}); /healthz {}",
        r.slowest(),
        r.health.body
    );

    std::fs::rename(&away, &file).unwrap();
    let back = until_serving(&server, Duration::from_secs(10)).await;
    eprintln!("sqlite file back: 200 again after {back:?}");
}

/// SQLite opened read-only (`?mode=ro`, as a replica or a read-only mount), with stored
/// aggregates out of date: the server reads (the dashboard from the records), `/healthz`
/// says `read_only` (200), and a write through the app fails at once naming the cause. No
/// route of `spp serve` writes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_opened_read_only_serves_reads_and_refuses_writes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ro.sqlite");
    let url = format!("sqlite:{}", file.display());
    let app = spp_app::App::open(&url).await.unwrap();
    app.ingest_sample().await.unwrap();
    app.close().await;
    // Stored aggregates out of date: a read-only server cannot rebuild them and computes the
    // figures from the records instead.
    let raw = sqlx::SqlitePool::connect(&url).await.unwrap();
    sqlx::query("UPDATE aggregate_meta SET generation = generation - 1 WHERE id = 1")
        .execute(&raw)
        .await
        .unwrap();
    raw.close().await;

    let ro = format!("{url}?mode=ro");
    let server = common::start_with(ro.clone(), None, false);
    let r = round(&server).await;
    r.assert_serving("opened read-only");
    let health: serde_json::Value = serde_json::from_str(&r.health.body).unwrap();
    assert_eq!(health["status"], "read_only", "{health}");
    assert!(health["message"].as_str().unwrap().contains("readonly"));

    let writer = spp_app::App::open(&ro).await.unwrap();
    let started = Instant::now();
    let err = writer.ingest_sample().await.expect_err("a read-only write");
    assert_eq!(err.kind(), spp_app::ErrorKind::Unavailable, "{err}");
    assert!(err.to_string().contains("readonly"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(10));
    eprintln!(
        "sqlite read-only write refused after {:?}: {err}",
        started.elapsed()
    );
    writer.close().await;
}

/// PostgreSQL through a proxy that is cut (every connection dropped, new ones refused) and
/// restored; the shared server itself is never stopped.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_cut_then_restored() {
    let Some(base) = postgres_base("postgres_cut_then_restored") else {
        return;
    };
    let server_addr = "127.0.0.1:5432";
    let mut proxy = CutProxy::start(server_addr);
    let schema = PgSchema::create(&base, "web_faults_cut");
    let db = schema.url_via(server_addr, &proxy.addr());
    let server = common::start(db, None);
    round(&server).await.assert_serving("at the start");

    proxy.cut();
    let r = round(&server).await;
    r.assert_unavailable("refused");
    eprintln!(
        "postgres cut: 503 after at most {:?} (dashboard {:?}, api {:?}, healthz {:?}); /healthz {}",
        r.slowest(),
        r.dashboard.took,
        r.api.took,
        r.health.took,
        r.health.body
    );
    let again = round(&server).await;
    again.assert_unavailable("refused");

    proxy.restore();
    let back = until_serving(&server, Duration::from_secs(15)).await;
    eprintln!("postgres restored: 200 again after {back:?}");
}
