//! Upgrading a store that holds data: a database written at schema 3 (notices keyed by id,
//! JSON bodies), on SQLite and on PostgreSQL (when `$SPP_TEST_POSTGRES_URL` is set), is opened
//! by the current store, which migrates it to sequential keys and packed bodies without losing
//! a notice, a record or a body.

#[allow(dead_code)]
mod common;

use common::{notice, records};
use spp_domain::{LotRecord, Notice};
use spp_store::{RecordFilter, SaveOutcome, Store};

const A: &str = "aaaaaaaa-0000-4000-8000-000000000001";
const B: &str = "bbbbbbbb-0000-4000-8000-000000000002";
const C: &str = "cccccccc-0000-4000-8000-000000000003";

/// The migrations up to and including `last` (by file name), as a migrator of their own; the
/// folder must live as long as it.
async fn migrator_up_to(last: &str) -> (tempfile::TempDir, sqlx::migrate::Migrator) {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let dir = tempfile::tempdir().unwrap();
    let mut names: Vec<_> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.as_str() <= last)
        .collect();
    names.sort();
    assert!(names.len() >= 3, "{names:?}");
    for n in &names {
        std::fs::copy(src.join(n), dir.path().join(n)).unwrap();
    }
    let migrator = sqlx::migrate::Migrator::new(dir.path()).await.unwrap();
    (dir, migrator)
}

/// The database at `$url` (pool type `$pool`) at schema 3, holding `$a` (with `$a_records`)
/// and `$b` (no lots), written the way schema 3 did.
macro_rules! write_schema3 {
    ($pool:ty, $url:expr, $a:expr, $a_records:expr, $b:expr) => {{
        let (_dir, migrator) = migrator_up_to("20261123000003_lotless_index.sql").await;
        let pool = <$pool>::connect($url).await.unwrap();
        migrator.run(&pool).await.unwrap();
        for (n, recs) in [($a, $a_records), ($b, &Vec::new())] {
            let version: i32 = n.version.parse().unwrap();
            sqlx::query(
                "INSERT INTO notices (id, version, version_raw, content_sha256, form_type, \
                 lot_count) VALUES ($1, $2, $3, $4, 'result', $5)",
            )
            .bind(&n.id)
            .bind(version)
            .bind(&n.version)
            .bind(format!("sha-{}", n.id))
            .bind(recs.len() as i32)
            .execute(&pool)
            .await
            .unwrap();
            sqlx::query("INSERT INTO notice_bodies (notice_id, body) VALUES ($1, $2)")
                .bind(&n.id)
                .bind(serde_json::to_string(n).unwrap())
                .execute(&pool)
                .await
                .unwrap();
            sqlx::query("INSERT INTO notice_records (notice_id, records) VALUES ($1, $2)")
                .bind(&n.id)
                .bind(spp_store::codec::encode_set(&n.id, version, recs))
                .execute(&pool)
                .await
                .unwrap();
            for (seq, r) in recs.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO lot_records (notice_id, seq, lot_id, notice_version, \
                     buyer_country) VALUES ($1, $2, $3, $4, 'BEL')",
                )
                .bind(&n.id)
                .bind(seq as i32)
                .bind(&r.lot_id)
                .bind(version)
                .execute(&pool)
                .await
                .unwrap();
            }
        }
        pool.close().await;
    }};
}

/// The numbers given to the notices, and the bodies left in the schema-3 table.
macro_rules! seqs_and_leftovers {
    ($pool:ty, $url:expr) => {{
        let pool = <$pool>::connect($url).await.unwrap();
        let seqs: Vec<(String, i32)> = sqlx::query_as("SELECT id, seq FROM notices ORDER BY seq")
            .fetch_all(&pool)
            .await
            .unwrap();
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notice_bodies")
            .fetch_one(&pool)
            .await
            .unwrap();
        pool.close().await;
        (seqs, left)
    }};
}

/// Opens the schema-3 database at `url` with the current store and checks everything is
/// there, then that the store goes on: a new notice, an unchanged one, a new version.
async fn upgraded_store_works(url: &str, a: &Notice, a_records: &[LotRecord], b: &Notice) {
    let store = Store::connect(url).await.unwrap();
    assert_eq!(store.notice(A).await.unwrap().as_ref(), Some(a));
    assert_eq!(store.notice(B).await.unwrap().as_ref(), Some(b));
    assert_eq!(store.lot_records_of(A).await.unwrap(), a_records);
    let all = store.lot_records(&RecordFilter::default()).await.unwrap();
    assert_eq!(all, a_records);
    assert!(store.inconsistent_notices().await.unwrap().is_empty());
    assert_eq!(
        store
            .notices_without_lots(&RecordFilter::default())
            .await
            .unwrap(),
        [(B.to_string(), Some("result".to_string()))]
    );

    let c = notice(C, "01", 1);
    let c_records = records(&c, "NLD", None);
    let saved = store.save_notice(&c, &c_records, "sha-c").await.unwrap();
    assert_eq!(saved, SaveOutcome::New);
    // Migration 6 marked the stored SHA-256 values `sha256:`; the same value is unchanged.
    let same = store
        .save_notice(a, a_records, &format!("sha256:sha-{A}"))
        .await;
    assert_eq!(same.unwrap(), SaveOutcome::Unchanged);
    let a3 = notice(A, "03", 1);
    let a3_records = records(&a3, "BEL", None);
    let saved = store.save_notice(&a3, &a3_records, "sha-a3").await.unwrap();
    assert_eq!(saved, SaveOutcome::Updated);
    let all = store.lot_records(&RecordFilter::default()).await.unwrap();
    assert_eq!(all, [a3_records, c_records].concat());
    assert!(store.inconsistent_notices().await.unwrap().is_empty());
    store.close().await;
}

fn expected_seqs() -> Vec<(String, i32)> {
    vec![(A.to_string(), 1), (B.to_string(), 2), (C.to_string(), 3)]
}

#[tokio::test]
async fn schema_3_sqlite_store_with_data_migrates() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("old.sqlite").display());
    let (a, b) = (notice(A, "02", 2), notice(B, "01", 0));
    let a_records = records(&a, "BEL", None);
    let create = format!("{url}?mode=rwc");
    write_schema3!(sqlx::SqlitePool, &create, &a, &a_records, &b);
    upgraded_store_works(&url, &a, &a_records, &b).await;
    let (seqs, left) = seqs_and_leftovers!(sqlx::SqlitePool, &url);
    assert_eq!(seqs, expected_seqs());
    assert_eq!(left, 0, "every body moved to notice_documents");
}

#[tokio::test]
async fn schema_3_postgres_store_with_data_migrates() {
    let Some(db) = spp_store::test_support::TestDatabase::postgres("schema3") else {
        return;
    };
    let url = db.url.clone();
    let (a, b) = (notice(A, "02", 2), notice(B, "01", 0));
    let a_records = records(&a, "BEL", None);
    write_schema3!(sqlx::PgPool, &url, &a, &a_records, &b);
    upgraded_store_works(&url, &a, &a_records, &b).await;
    let (seqs, left) = seqs_and_leftovers!(sqlx::PgPool, &url);
    db.remove().await;
    assert_eq!(seqs, expected_seqs());
    assert_eq!(left, 0, "every body moved to notice_documents");
}
