//! Faults met by `spp ingest` on PostgreSQL, with the real binary and the real server: a
//! closed port, wrong URLs, the connection cut mid-run by a TCP proxy in front of the server
//! (the shared server itself is never stopped), and two ingests into one database at once.
//! Each test works in a schema of its own.

mod support;

use std::sync::Arc;
use std::time::Duration;

use support::*;
use tokio::io::copy_bidirectional;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// Where the shared server is (the brief's default when `$SPP_TEST_POSTGRES_URL` is unset).
fn base_url() -> String {
    std::env::var("SPP_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

const SERVER: &str = "127.0.0.1:5432";

/// A schema of its own for one test, dropped at the end.
struct Schema {
    name: String,
}

impl Schema {
    fn new(test: &str) -> Schema {
        let name = format!("spp_fault_{test}_{}", std::process::id());
        admin(&format!(
            "DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}"
        ));
        Schema { name }
    }

    /// The URL of the schema, through `server` (`host:port`).
    fn url_via(&self, server: &str) -> String {
        let base = base_url();
        assert!(
            base.contains(SERVER),
            "the tests expect the server at {SERVER}: {base}"
        );
        let base = base.replace(SERVER, server);
        let sep = if base.contains('?') { '&' } else { '?' };
        format!("{base}{sep}options=-c%20search_path%3D{}", self.name)
    }

    fn url(&self) -> String {
        self.url_via(SERVER)
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        admin(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
    }
}

fn admin(sql: &str) {
    runtime().block_on(async {
        let pool = sqlx::PgPool::connect(&base_url())
            .await
            .expect("PostgreSQL is up");
        sqlx::raw_sql(sql).execute(&pool).await.expect(sql);
        pool.close().await;
    });
}

#[test]
fn closed_port() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("postgres://postgres@127.0.0.1:{port}/test");
    let out = run(ingest(&url));
    assert_failed_clearly(&out, "connection refused", 0);
}

#[test]
fn wrong_urls() {
    let missing = base_url().replace("/test", "/spp_no_such_database");
    let cases = [
        (missing, "does not exist"),
        (
            "postgres://postgres@127.0.0.1:notaport/test".into(),
            "invalid port",
        ),
        (
            "mysql://root@127.0.0.1/test".into(),
            "unsupported database URL",
        ),
    ];
    for (url, cause) in cases {
        let out = run(ingest(&url));
        assert_failed_clearly(&out, cause, 0);
    }
}

/// A TCP proxy in front of the server; `cut` closes every connection through it and stops
/// accepting new ones (the port then refuses).
struct Proxy {
    port: u16,
    cut: watch::Sender<bool>,
    _runtime: tokio::runtime::Runtime,
}

impl Proxy {
    fn start() -> Proxy {
        Proxy::start_on(0)
    }

    /// On `port` (0: any free port).
    fn start_on(port: u16) -> Proxy {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = rt.block_on(TcpListener::bind(("127.0.0.1", port))).unwrap();
        let port = listener.local_addr().unwrap().port();
        let (cut, rx) = watch::channel(false);
        rt.spawn(accept(listener, rx));
        Proxy {
            port,
            cut,
            _runtime: rt,
        }
    }

    fn cut(&self) {
        self.cut.send_replace(true);
    }
}

async fn accept(listener: TcpListener, mut cut: watch::Receiver<bool>) {
    let cut_now = Arc::new(cut.clone());
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((client, _)) = accepted else { return };
                let mut rx = (*cut_now).clone();
                tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect(SERVER).await else { return };
                    let mut client = client;
                    tokio::select! {
                        _ = copy_bidirectional(&mut client, &mut server) => {}
                        _ = rx.wait_for(|c| *c) => {}
                    }
                    // Both sockets are dropped here: the connection is gone.
                });
            }
            _ = cut.wait_for(|c| *c) => return,
        }
    }
}

/// The connection to the server is cut mid-run: the ingest stops within seconds, names the
/// cause, keeps its committed batches; a rerun straight to the server completes the set.
#[test]
fn connection_cut_mid_ingest() {
    let schema = Schema::new("cut");
    let direct = schema.url();
    create_store(&direct);
    let proxy = Proxy::start();
    let via_proxy = schema.url_via(&format!("127.0.0.1:{}", proxy.port));
    let mut running = spawn(ingest(&via_proxy));
    running.wait_for_notices(&direct, 150);
    let cut_at = std::time::Instant::now();
    proxy.cut();
    let out = running.wait();
    let took = cut_at.elapsed();
    let kept = fingerprint(&direct).counts.notices;
    assert!(kept < NOTICES, "the cut came after the end");
    let lower = out.stderr.to_lowercase();
    // Cut during a write: the socket's end; cut between batches: no new connection.
    let named = ["communicating with database", "connection refused"]
        .iter()
        .any(|cause| lower.contains(cause));
    assert!(named, "the cause is not named: {}", out.stderr);
    assert_failed_clearly(&out, "the database cannot be reached", kept);
    assert!(
        took < Duration::from_secs(10),
        "took {took:?} after the cut"
    );
    eprintln!(
        "connection cut: exit after {:.2} s, {kept} notices kept",
        took.as_secs_f64()
    );
    rerun_matches_clean_run(&direct);
}

/// Two ingests of the same corpus into one database at once: both succeed, each notice is
/// new in exactly one of them, the database holds a clean run.
#[test]
fn two_ingests_on_one_database() {
    let schema = Schema::new("two");
    let url = schema.url();
    two_ingests_at_once(&url);
    assert_eq!(fingerprint(&url), *clean_run());
}

/// The server "restarts" under an open store (the proxy cuts every connection and refuses
/// new ones, then comes back on the same port): `Store::health` says unavailable within
/// seconds, naming the refused connection, and the store recovers by itself once the
/// server is back (sqlx replaces broken connections; no restart of spp needed).
#[test]
fn store_recovers_when_the_server_comes_back() {
    let schema = Schema::new("back");
    create_store(&schema.url());
    let proxy = Proxy::start();
    let port = proxy.port;
    let url = schema.url_via(&format!("127.0.0.1:{port}"));
    let rt = runtime();
    let store = rt.block_on(spp_store::Store::connect(&url)).unwrap();
    rt.block_on(store.health())
        .expect("healthy through the proxy");

    proxy.cut();
    drop(proxy);
    let started = std::time::Instant::now();
    match rt.block_on(store.health()) {
        Err(spp_store::HealthError::Unavailable(reason)) => {
            assert!(reason.to_lowercase().contains("refused"), "{reason}")
        }
        other => panic!("expected unavailable, got {other:?}"),
    }
    let took = started.elapsed();
    assert!(took < Duration::from_secs(12), "{took:?}");

    let _back = Proxy::start_on(port);
    rt.block_on(store.health()).expect("healthy again");
    let counts = rt.block_on(store.counts()).expect("reads work again");
    assert_eq!(counts.notices, 0);
    rt.block_on(store.close());
    eprintln!(
        "server gone: unavailable after {:.2} s; back: healthy at once",
        took.as_secs_f64()
    );
}

/// A server that only allows reads (a standby, or `default_transaction_read_only`): the
/// ingest fails at once saying so and writes nothing.
#[test]
fn read_only_server() {
    let schema = Schema::new("ro");
    create_store(&schema.url());
    let read_only = format!("{}%20-c%20default_transaction_read_only%3Don", schema.url());
    let out = run(ingest(&read_only));
    assert_failed_clearly(&out, "read-only transaction", 0);
    let rt = runtime();
    let store = rt
        .block_on(spp_store::Store::connect(&schema.url()))
        .unwrap();
    assert_eq!(rt.block_on(store.counts()).unwrap().notices, 0);
    rt.block_on(store.close());
    rerun_matches_clean_run(&schema.url());
}
