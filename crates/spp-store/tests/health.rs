//! `Store::health`: healthy, busy (still healthy, and at once), read-only, and on PostgreSQL.
//! A lost PostgreSQL connection and its recovery are tested in crates/spp/tests/faults_postgres.rs
//! (through a proxy that can be cut).

#[allow(dead_code)] // the store suite's helpers, of which this file needs two
mod common;

use std::time::{Duration, Instant};

use spp_store::{HealthError, Store};

#[tokio::test]
async fn sqlite_healthy_busy_and_read_only() {
    let db = common::sqlite().await;
    db.store.health().await.expect("a fresh file is healthy");

    // Another connection holds the write lock: healthy, and answered without waiting for
    // the busy timeout.
    let other = Store::connect(&db.url).await.unwrap();
    let holder = sqlx::SqlitePool::connect(&db.url).await.unwrap();
    let mut conn = holder.acquire().await.unwrap();
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut *conn)
        .await
        .unwrap();
    let started = Instant::now();
    other.health().await.expect("busy is healthy");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    sqlx::query("ROLLBACK").execute(&mut *conn).await.unwrap();
    drop(conn);
    holder.close().await;
    // The busy timeout is back after the probe: a write waits for a lock again.
    other.counts().await.unwrap();
    other.close().await;

    // Opened read-only: the probe cannot take the write lock.
    let read_only = Store::connect(&format!("{}?mode=ro", db.url))
        .await
        .unwrap();
    match read_only.health().await {
        Err(HealthError::ReadOnly(reason)) => assert!(reason.contains("readonly"), "{reason}"),
        other => panic!("expected read-only, got {other:?}"),
    }
    read_only.close().await;
    db.cleanup().await;
}

#[tokio::test]
async fn postgres_healthy() {
    let Some(db) = common::postgres("health").await else {
        return;
    };
    db.store.health().await.expect("the server is healthy");
    db.cleanup().await;
}
