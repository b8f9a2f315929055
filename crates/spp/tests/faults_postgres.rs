//! Faults met by `spp ingest` on PostgreSQL, with the real binary and the real server: a
//! closed port, wrong URLs, the connection cut mid-run by a TCP proxy in front of the server
//! (the shared server itself is never stopped), and two ingests into one database at once.
//! Each test works in a schema of its own.

mod support;

use std::time::Duration;

use spp_store::test_support::{CutProxy, PgSchema};
use support::*;

/// Where the shared server is (the brief's default when `$SPP_TEST_POSTGRES_URL` is unset).
fn base_url() -> String {
    std::env::var("SPP_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

const SERVER: &str = "127.0.0.1:5432";

/// A schema of its own for one test, dropped at the end.
fn schema(test: &str) -> PgSchema {
    PgSchema::create(&base_url(), &format!("fault_{test}"))
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

/// The connection to the server is cut mid-run: the ingest stops within seconds, names the
/// cause, keeps its committed batches; a rerun straight to the server completes the set.
#[test]
fn connection_cut_mid_ingest() {
    let schema = schema("cut");
    let direct = schema.url();
    create_store(&direct);
    let proxy = CutProxy::start(SERVER);
    let via_proxy = schema.url_via(SERVER, &proxy.addr());
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
    let schema = schema("two");
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
    let schema = schema("back");
    create_store(&schema.url());
    let mut proxy = CutProxy::start(SERVER);
    let url = schema.url_via(SERVER, &proxy.addr());
    let rt = runtime();
    let store = rt.block_on(spp_store::Store::connect(&url)).unwrap();
    rt.block_on(store.health())
        .expect("healthy through the proxy");

    proxy.cut();
    let started = std::time::Instant::now();
    match rt.block_on(store.health()) {
        Err(spp_store::HealthError::Unavailable(reason)) => {
            // A new connection is refused; one the pool kept is reset by the cut.
            let reason = reason.to_lowercase();
            assert!(
                ["refused", "reset", "broken pipe", "closed"]
                    .iter()
                    .any(|cause| reason.contains(cause)),
                "{reason}"
            )
        }
        other => panic!("expected unavailable, got {other:?}"),
    }
    let took = started.elapsed();
    assert!(took < Duration::from_secs(12), "{took:?}");

    proxy.restore();
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
    let schema = schema("ro");
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
