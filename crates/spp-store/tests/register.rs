//! The register's tables on a real SQLite file and on the PostgreSQL server: round trips,
//! idempotent saves, soft deletes, the audit log written with each change and refusing to be
//! changed, transactions that leave nothing behind, sessions and tokens; and a store holding
//! notices at schema 6 upgraded to the register's schema.

#[allow(dead_code)]
mod common;

use common::TestDb;
use spp_catalogue::Catalogue;
use spp_register::*;
use spp_store::register::{AuditAction, BuyerMapping, SaveResult, SubjectKind};
use spp_store::{Store, StoreError};

fn entity(code: &str) -> Entity {
    Entity::parse(&EntityInput {
        code: code.into(),
        name: format!("Entity {code}"),
        level: "flemish".into(),
        policy_domain: "Omgeving".into(),
        kbo: Some("0203.201.340".into()),
    })
    .unwrap()
}

fn contract(entity: &str, reference: &str, awarded: &str) -> Contract {
    let input = ContractInput {
        entity: entity.into(),
        reference: reference.into(),
        title: "Laptops".into(),
        procedure: "open".into(),
        threshold: Some("above".into()),
        award_date: Some("2025-03-01".into()),
        notice: Some("123456-2025".into()),
        framework_ceiling: Some("500000".into()),
        lots: vec![
            LotInput {
                cpv: "30213100".into(),
                awarded_value: Some(awarded.into()),
                criteria: vec!["ict-ts-energy".into(), "ict-ac-lcc@award".into()],
                labels: vec!["tco-certified".into()],
                social_clause: Some("yes".into()),
                circular: vec!["leasing".into(), "take_back".into()],
                innovation: Some("ppi".into()),
                winner_name: Some("Laptop NV".into()),
                winner_kbo: Some("0203201340".into()),
                winner_sme: Some("no".into()),
                e_submission: Some("yes".into()),
                ..Default::default()
            },
            LotInput {
                reference: "2".into(),
                cpv: "79110000".into(),
                ..Default::default()
            },
        ],
        call_offs: vec![CallOffInput {
            reference: "B1".into(),
            date: "2025-04-01".into(),
            value: "1000".into(),
        }],
        invoices: vec![InvoiceInput {
            reference: "F1".into(),
            amount: "1000".into(),
            received: "2025-05-01".into(),
            paid: None,
        }],
    };
    Contract::parse(&input, &Catalogue::bundled().unwrap()).unwrap()
}

async fn round_trip(store: &Store) {
    let mut tx = store.register_write().await.unwrap();
    let (action, _) = tx
        .save_entity("cli:test", &entity("dep-a"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(action, AuditAction::Create);
    assert_eq!(
        tx.save_entity("cli:test", &entity("dep-a")).await.unwrap(),
        None
    );
    let c = contract("dep-a", "2025/1", "1234,56");
    let saved = tx.save_contract("cli:test", &c, None).await.unwrap();
    let SaveResult::Created(id) = saved else {
        panic!("{saved:?}")
    };
    tx.commit().await.unwrap();

    let mut tx = store.register_write().await.unwrap();
    let stored = tx.contract("dep-a", "2025/1").await.unwrap().unwrap();
    assert_eq!(stored.contract, c, "everything reads back");
    assert_eq!((stored.id, stored.version), (id, 1));
    let again = tx
        .save_contract("cli:test", &c, Some(&stored))
        .await
        .unwrap();
    assert_eq!(again, SaveResult::Unchanged(id));
    let changed = contract("dep-a", "2025/1", "2000");
    let r = tx
        .save_contract("an@example.be", &changed, Some(&stored))
        .await
        .unwrap();
    assert_eq!(r, SaveResult::Updated(id));
    let stored = tx.contract("dep-a", "2025/1").await.unwrap().unwrap();
    assert_eq!((stored.version, &stored.contract), (2, &changed));
    assert!(tx.delete_contract("an@example.be", &stored).await.unwrap());
    tx.commit().await.unwrap();

    let mut tx = store.register_read().await.unwrap();
    assert!(
        tx.contracts(None, false).await.unwrap().is_empty(),
        "soft-deleted"
    );
    let all = tx.contracts(Some("dep-a"), true).await.unwrap();
    assert_eq!(all.len(), 1);
    assert!(all[0].deleted);
    let history = tx.history(Some((SubjectKind::Contract, id))).await.unwrap();
    let actions: Vec<_> = history.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(
        actions,
        ["create", "update", "delete"],
        "no row for the unchanged save"
    );
    assert_eq!(history[1].actor, "an@example.be");
    assert_eq!(history[1].subject, "dep-a/2025/1");
    let awarded =
        |v: &Option<serde_json::Value>| v.as_ref().unwrap()["lots"][0]["awarded_value"].clone();
    assert_eq!(awarded(&history[1].before), 123_456);
    assert_eq!(awarded(&history[1].after), 200_000);
    assert!(history[2].after.is_none());
}

async fn refusals_leave_nothing(store: &Store) {
    let mut tx = store.register_write().await.unwrap();
    let e = tx
        .save_contract("cli:test", &contract("dep-x", "1", "1"), None)
        .await;
    assert!(
        matches!(e, Err(StoreError::Refused(ref m)) if m.contains("dep-x")),
        "{e:?}"
    );
    tx.save_entity("cli:test", &entity("dep-b")).await.unwrap();
    tx.save_contract("cli:test", &contract("dep-b", "1", "1"), None)
        .await
        .unwrap();
    drop(tx); // not committed: rolled back, audit rows too
    let mut tx = store.register_read().await.unwrap();
    assert!(tx.entity_by_code("dep-b").await.unwrap().is_none());
    assert!(tx
        .history(None)
        .await
        .unwrap()
        .iter()
        .all(|h| h.subject != "dep-b"));
}

async fn audit_cannot_change(db: &TestDb) {
    let mut tx = db.store.register_write().await.unwrap();
    tx.save_entity("cli:test", &entity("dep-c")).await.unwrap();
    tx.commit().await.unwrap();
    for sql in [
        "UPDATE audit_log SET actor = 'someone else'",
        "DELETE FROM audit_log",
    ] {
        let err = raw_result(db, sql).await.expect_err(sql);
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
    let mut tx = db.store.register_read().await.unwrap();
    let rows = tx.history(None).await.unwrap();
    assert!(rows
        .iter()
        .all(|r| r.actor == "cli:test" || r.actor.contains('@')));
    assert!(rows.iter().any(|r| r.subject == "dep-c"));
}

async fn raw_result(db: &TestDb, sql: &str) -> Result<u64, String> {
    if db.url.starts_with("postgres") {
        let pool = sqlx::PgPool::connect(&db.url).await.unwrap();
        let r = sqlx::query(sql).execute(&pool).await;
        pool.close().await;
        r.map(|r| r.rows_affected()).map_err(|e| e.to_string())
    } else {
        let pool = sqlx::SqlitePool::connect(&db.url).await.unwrap();
        let r = sqlx::query(sql).execute(&pool).await;
        pool.close().await;
        r.map(|r| r.rows_affected()).map_err(|e| e.to_string())
    }
}

async fn accounts(store: &Store) {
    let mut tx = store.register_write().await.unwrap();
    tx.save_entity("cli:test", &entity("dep-d")).await.unwrap();
    let user = User::parse(&UserInput {
        email: "buyer@example.be".into(),
        role: "buyer".into(),
        grants: vec!["dep-d".into()],
        ..Default::default()
    })
    .unwrap();
    let (_, uid) = tx
        .save_user("cli:test", &user, Some("$argon2id$x"))
        .await
        .unwrap();
    let mut ghost = user.clone();
    ghost.email = Email::parse("e", "ghost@example.be").unwrap();
    ghost.grants = vec![EntityCode::parse("g", "dep-nowhere").unwrap()];
    assert!(matches!(
        tx.save_user("cli:test", &ghost, None).await,
        Err(StoreError::Refused(_))
    ));
    tx.insert_session("hash-1", uid, "2999-01-01T00:00:00Z")
        .await
        .unwrap();
    tx.insert_session("hash-old", uid, "2000-01-01T00:00:00Z")
        .await
        .unwrap();
    tx.insert_token("tok-1", uid, "ci", None).await.unwrap();
    let m = BuyerMapping {
        entity_id: 1,
        registration_number: Some("0203201340".into()),
        buyer_name: None,
    };
    tx.map_buyer("cli:test", &m).await.unwrap();
    tx.commit().await.unwrap();

    let mut tx = store.register_write().await.unwrap();
    let u = tx.user_by_email("buyer@example.be").await.unwrap().unwrap();
    assert_eq!(u.user, user);
    assert_eq!(u.password_hash.as_deref(), Some("$argon2id$x"));
    assert_eq!(tx.session_user("hash-1").await.unwrap(), Some(uid));
    assert_eq!(tx.session_user("hash-old").await.unwrap(), None, "expired");
    assert_eq!(tx.token("tok-1").await.unwrap().unwrap().user_id, uid);
    assert_eq!(tx.buyer_mappings().await.unwrap(), [m]);
    assert!(tx
        .delete_user("cli:test", "buyer@example.be")
        .await
        .unwrap());
    assert_eq!(
        tx.session_user("hash-1").await.unwrap(),
        None,
        "sessions end with the user"
    );
    assert!(tx.token("tok-1").await.unwrap().unwrap().revoked);
    tx.commit().await.unwrap();
}

async fn all(db: &TestDb) {
    round_trip(&db.store).await;
    refusals_leave_nothing(&db.store).await;
    audit_cannot_change(db).await;
    accounts(&db.store).await;
}

#[tokio::test]
async fn register_on_sqlite() {
    let db = common::sqlite().await;
    all(&db).await;
    db.cleanup().await;
}

#[tokio::test]
async fn register_on_postgres() {
    let Some(db) = common::postgres("register").await else {
        return;
    };
    all(&db).await;
    db.cleanup().await;
}

/// A database at schema 6 (before the register) holding a notice, opened by the current
/// store: the notice and its records are kept, and the register works beside them.
async fn upgrade_from_schema_6(url: &str, pg: bool) {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(&src).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        if name.as_str() <= "20261203000006_content_hash.sql" {
            std::fs::copy(src.join(&name), dir.path().join(&name)).unwrap();
        }
    }
    let migrator = sqlx::migrate::Migrator::new(dir.path()).await.unwrap();
    let n = common::notice("aaaaaaaa-0000-4000-8000-000000000001", "01", 2);
    let recs = common::records(&n, "BEL", None);
    let insert_notice = "INSERT INTO notices (id, version, version_raw, content_hash, form_type, \
                         lot_count, seq) VALUES ($1, 1, '01', 'blake3:x', 'result', 2, 1)";
    let insert_records = "INSERT INTO notice_records (notice_seq, records) VALUES (1, $1)";
    let encoded = spp_store::codec::encode_set(&n.id, 1, &recs);
    macro_rules! write6 {
        ($pool:ty) => {{
            let pool = <$pool>::connect(url).await.unwrap();
            migrator.run(&pool).await.unwrap();
            sqlx::query(insert_notice)
                .bind(&n.id)
                .execute(&pool)
                .await
                .unwrap();
            sqlx::query(insert_records)
                .bind(&encoded)
                .execute(&pool)
                .await
                .unwrap();
            pool.close().await;
        }};
    }
    if pg {
        write6!(sqlx::PgPool)
    } else {
        write6!(sqlx::SqlitePool)
    }
    let store = Store::connect(url).await.unwrap();
    assert_eq!(store.counts().await.unwrap().notices, 1);
    assert_eq!(store.lot_records_of(&n.id).await.unwrap(), recs);
    round_trip(&store).await;
    store.close().await;
}

#[tokio::test]
async fn upgrade_with_notices_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite:{}", dir.path().join("s6.sqlite").display());
    std::fs::File::create(dir.path().join("s6.sqlite")).unwrap();
    upgrade_from_schema_6(&url, false).await;
}

#[tokio::test]
async fn upgrade_with_notices_on_postgres() {
    let Some(db) = common::postgres("register_upgrade").await else {
        return;
    };
    // The schema again empty: what the fresh store made goes.
    let url = db.url.clone();
    db.store.close().await;
    db.db.schema().expect("a schema").recreate().await;
    upgrade_from_schema_6(&url, true).await;
    db.cleanup().await;
}
