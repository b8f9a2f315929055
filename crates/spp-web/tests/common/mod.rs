//! The real app on a random port of 127.0.0.1, over a real SQLite file or a fresh schema of
//! the real PostgreSQL (`$SPP_TEST_POSTGRES_URL`), filled with the bundled sample. One server
//! per backend and test binary, on a thread of its own (a test's runtime ends with the test).

#![allow(dead_code)]

use std::sync::OnceLock;

use spp_app::App;
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

/// Starts the app over `db` on its own thread; returns once it listens.
fn start(db: String, dir: Option<tempfile::TempDir>) -> Server {
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
            app.ingest_sample().await.expect("ingest the sample");
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
/// `$SPP_TEST_POSTGRES_URL` is not set.
pub fn postgres() -> Option<&'static Server> {
    static SERVER: OnceLock<Option<Server>> = OnceLock::new();
    SERVER
        .get_or_init(|| {
            let Ok(base) = std::env::var("SPP_TEST_POSTGRES_URL") else {
                eprintln!("SKIPPED the PostgreSQL half: set SPP_TEST_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/test)");
                return None;
            };
            let schema = new_schema(&base);
            let sep = if base.contains('?') { '&' } else { '?' };
            let db = format!("{base}{sep}options=-c%20search_path%3D{schema}");
            Some(start(db, None))
        })
        .as_ref()
}

/// A fresh schema, named after the test binary, the process and the time.
pub fn new_schema(base: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let exe = std::env::current_exe().ok();
    let binary = exe
        .as_ref()
        .and_then(|p| p.file_stem())
        .and_then(|s| s.to_str())
        .unwrap_or("t")
        .split('-')
        .next()
        .unwrap_or("t")
        .to_string();
    let schema = format!("spp_web_{binary}_{}_{nanos}", std::process::id());
    let base = base.to_string();
    let create = schema.clone();
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async move {
                let admin = sqlx::PgPool::connect(&base)
                    .await
                    .expect("connect postgres");
                sqlx::query(&format!("CREATE SCHEMA {create}"))
                    .execute(&admin)
                    .await
                    .expect("create schema");
                admin.close().await;
            })
    })
    .join()
    .expect("schema created");
    schema
}

/// Every server of this run: SQLite always, PostgreSQL when configured.
pub fn servers() -> Vec<&'static Server> {
    let mut out = vec![sqlite()];
    out.extend(postgres());
    out
}

/// GET with an optional `Accept-Language`; returns status, content type and body.
pub async fn get(url: &str, lang: Option<&str>) -> (u16, String, String) {
    let client = reqwest::Client::new();
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
