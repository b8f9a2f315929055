//! The real app on a random port of 127.0.0.1, over a real SQLite file or a fresh schema of
//! the real PostgreSQL (`$SPP_TEST_POSTGRES_URL`), filled with the bundled sample. One server
//! per backend and test binary, on a thread of its own (a test's runtime ends with the test).

#![allow(dead_code)]

use std::sync::OnceLock;

use spp_app::App;
use spp_store::test_support::{postgres_base, PgSchema};
use spp_web::WebState;

pub struct Server {
    pub base: String,
    pub db: String,
    _dir: Option<tempfile::TempDir>,
}

impl Server {
    /// A server started by a test itself (`base` where it listens, `db` its database).
    pub fn at(base: String, db: String) -> Server {
        Server {
            base,
            db,
            _dir: None,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// Starts the app over `db`, filled with the sample, on its own thread; returns once it
/// listens.
pub fn start(db: String, dir: Option<tempfile::TempDir>) -> Server {
    start_with(db, dir, true)
}

/// Like [`start`], filling the database with the sample only when `fill`.
pub fn start_with(db: String, dir: Option<tempfile::TempDir>, fill: bool) -> Server {
    let (tx, rx) = std::sync::mpsc::channel();
    let db_for_thread = db.clone();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let app = App::open(&db_for_thread).await.expect("open the database");
            if fill {
                app.ingest_sample().await.expect("ingest the sample");
            }
            let listener = spp_web::bind("127.0.0.1:0".parse().unwrap())
                .await
                .expect("bind");
            let addr = listener.local_addr().unwrap();
            tx.send(addr).unwrap();
            spp_web::serve(
                listener,
                WebState::new(app).unwrap(),
                std::future::pending(),
            )
            .await
            .expect("serve");
        });
    });
    let addr = rx
        .recv_timeout(std::time::Duration::from_secs(120))
        .expect("the server started");
    Server {
        base: format!("http://{addr}"),
        db,
        _dir: dir,
    }
}

/// The app on a SQLite file in a temporary folder.
pub fn sqlite() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = format!("sqlite:{}", dir.path().join("web.sqlite").display());
        start(db, Some(dir))
    })
}

/// The app on a schema of its own in the test PostgreSQL; `None` (with a message) when
/// `$SPP_TEST_POSTGRES_URL` is not set. The schema lives as long as the test binary.
pub fn postgres() -> Option<&'static Server> {
    static SERVER: OnceLock<Option<(Server, PgSchema)>> = OnceLock::new();
    SERVER
        .get_or_init(|| {
            let base = postgres_base("the PostgreSQL half")?;
            let schema = PgSchema::create(&base, &binary_name());
            Some((start(schema.url(), None), schema))
        })
        .as_ref()
        .map(|(server, _)| server)
}

/// The name of the test binary (`http`, `api`, …), for schema names.
pub fn binary_name() -> String {
    let exe = std::env::current_exe().ok();
    let stem = exe
        .as_ref()
        .and_then(|p| p.file_stem())
        .and_then(|s| s.to_str());
    let stem = stem.unwrap_or("t");
    stem.split('-').next().unwrap_or("t").to_string()
}

/// Every server of this run: SQLite always, PostgreSQL when configured.
pub fn servers() -> Vec<&'static Server> {
    let mut out = vec![sqlite()];
    out.extend(postgres());
    out
}

/// The longest any request of the tests may take: past it the test fails as a hang.
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// GET with an optional `Accept-Language`; returns status, content type and body.
pub async fn get(url: &str, lang: Option<&str>) -> (u16, String, String) {
    let client = reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .build()
        .expect("client");
    let mut req = client.get(url);
    if let Some(l) = lang {
        req = req.header("Accept-Language", l);
    }
    let resp = req.send().await.expect("request");
    let status = resp.status().as_u16();
    let ctype = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    (status, ctype, resp.text().await.expect("body"))
}

/// GET and parse JSON.
pub async fn get_json(url: &str) -> (u16, serde_json::Value) {
    let (status, ctype, body) = get(url, None).await;
    assert!(
        ctype.starts_with("application/json"),
        "{url}: {ctype}: {body}"
    );
    (status, serde_json::from_str(&body).expect("JSON"))
}
pub mod chrome;
pub mod reg;
