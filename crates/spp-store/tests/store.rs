//! The store test-suite, run against SQLite and (when `$SPP_TEST_POSTGRES_URL` is set)
//! PostgreSQL, each test on a fresh database / schema.

mod common;

use common::{change_notice, date, notice, raw_execute, records, TestDb};
use spp_domain::codelist::FormType;
use spp_domain::CodeList;
use spp_store::{NoticeToSave, RecordFilter, SaveOutcome, Store, StoreCounts};

/// Generates a SQLite and a PostgreSQL test for each case.
macro_rules! both_backends {
    ($($case:ident),+ $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $case() {
                    let db = super::common::sqlite().await;
                    super::$case(&db.store).await;
                    db.cleanup().await;
                }
            )+
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $case() {
                    let Some(db) = super::common::postgres(stringify!($case)).await else { return };
                    super::$case(&db.store).await;
                    db.cleanup().await;
                }
            )+
        }
    };
}

both_backends!(
    round_trip,
    idempotent,
    versions,
    change_notice_supersedes,
    change_notice_before_original,
    filters,
    batch_with_two_versions,
    notices_without_lots,
    many_pages,
    current_notices_page_by_page,
);

/// Runs `case` with the test database itself (for tests that reach behind the store).
macro_rules! both_backends_db {
    ($($case:ident),+ $(,)?) => {
        mod sqlite_db {
            $(
                #[tokio::test]
                async fn $case() {
                    let db = super::common::sqlite().await;
                    super::$case(&db).await;
                    db.cleanup().await;
                }
            )+
        }
        mod postgres_db {
            $(
                #[tokio::test]
                async fn $case() {
                    let Some(db) = super::common::postgres(stringify!($case)).await else { return };
                    super::$case(&db).await;
                    db.cleanup().await;
                }
            )+
        }
    };
}

both_backends_db!(
    damaged_records,
    schema3_bodies_are_packed,
    damaged_body,
    concurrent_writers
);

const A: &str = "aaaaaaaa-0000-4000-8000-000000000001";
const B: &str = "bbbbbbbb-0000-4000-8000-000000000002";
const C: &str = "cccccccc-0000-4000-8000-000000000003";

async fn round_trip(store: &Store) {
    let n = notice(A, "01", 3);
    let recs = records(&n, "BEL", Some(date(2024, 6, 30)));
    assert_eq!(
        store.save_notice(&n, &recs, "h1").await.unwrap(),
        SaveOutcome::New
    );
    assert_eq!(store.notice(A).await.unwrap(), Some(n.clone()));
    assert_eq!(store.notice(B).await.unwrap(), None);
    assert_eq!(store.lot_records_of(A).await.unwrap(), recs);
    let all = store.lot_records(&RecordFilter::default()).await.unwrap();
    assert_eq!(all, recs);
    // The first record carries winners, flags, decimals and withheld money: check a few
    // values by hand besides the whole-struct equality.
    assert_eq!(all[0].winners[0].name.as_deref(), Some("Green IT SA"));
    assert_eq!(
        all[0].winners[0].tender_value.unwrap().to_string(),
        "9999.0"
    );
    assert_eq!(all[0].flags[0].field, "BT-805");
    assert_eq!(all[1].awarded_value, Some(spp_domain::Money::Withheld));
    assert_eq!(
        store.counts().await.unwrap(),
        StoreCounts {
            notices: 1,
            current_notices: 1,
            superseded_notices: 0,
            lots: 3,
            stored_lots: 3
        }
    );
    assert!(store.inconsistent_notices().await.unwrap().is_empty());
}

async fn idempotent(store: &Store) {
    let n = notice(A, "01", 2);
    let recs = records(&n, "BEL", None);
    assert_eq!(
        store.save_notice(&n, &recs, "h1").await.unwrap(),
        SaveOutcome::New
    );
    let before = store.notice_versions().await.unwrap();
    assert_eq!(
        store.save_notice(&n, &recs, "h1").await.unwrap(),
        SaveOutcome::Unchanged
    );
    assert_eq!(store.notice_versions().await.unwrap(), before);
    assert_eq!(store.counts().await.unwrap().lots, 2);
}

async fn versions(store: &Store) {
    let v1 = notice(A, "01", 3);
    let v2 = notice(A, "02", 1);
    store
        .save_notice(&v1, &records(&v1, "BEL", None), "h1")
        .await
        .unwrap();
    assert_eq!(
        store
            .save_notice(&v2, &records(&v2, "FRA", None), "h2")
            .await
            .unwrap(),
        SaveOutcome::Updated
    );
    // The lower version arriving late is ignored.
    assert_eq!(
        store
            .save_notice(&v1, &records(&v1, "BEL", None), "h1")
            .await
            .unwrap(),
        SaveOutcome::Older
    );
    let recs = store.lot_records(&RecordFilter::default()).await.unwrap();
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0].notice_version, 2);
    assert_eq!(recs[0].buyer_country.as_deref(), Some("FRA"));
    assert_eq!(store.notice(A).await.unwrap().unwrap().version, "02");
    assert_eq!(
        store.notice_versions().await.unwrap(),
        vec![(A.to_string(), 2, "h2".to_string())]
    );
    assert!(store.inconsistent_notices().await.unwrap().is_empty());
}

async fn change_notice_supersedes(store: &Store) {
    let a = notice(A, "01", 2);
    let b = notice(B, "01", 1);
    store
        .save_notice(&a, &records(&a, "BEL", None), "ha")
        .await
        .unwrap();
    store
        .save_notice(&b, &records(&b, "BEL", None), "hb")
        .await
        .unwrap();
    let c = change_notice(C, &format!("{A}-01"), 3);
    store
        .save_notice(&c, &records(&c, "BEL", None), "hc")
        .await
        .unwrap();
    let recs = store.lot_records(&RecordFilter::default()).await.unwrap();
    let ids: Vec<&str> = recs.iter().map(|r| r.notice_id.as_str()).collect();
    assert_eq!(ids, vec![B, C, C, C]);
    let counts = store.counts().await.unwrap();
    assert_eq!(
        (
            counts.notices,
            counts.current_notices,
            counts.superseded_notices
        ),
        (3, 2, 1)
    );
    assert_eq!((counts.lots, counts.stored_lots), (4, 6));
    // The superseded notice itself stays readable.
    assert_eq!(store.lot_records_of(A).await.unwrap().len(), 2);
}

async fn change_notice_before_original(store: &Store) {
    let c = change_notice(C, &format!("{A}-01"), 1);
    store
        .save_notice(&c, &records(&c, "BEL", None), "hc")
        .await
        .unwrap();
    let a = notice(A, "01", 2);
    store
        .save_notice(&a, &records(&a, "BEL", None), "ha")
        .await
        .unwrap();
    let recs = store.lot_records(&RecordFilter::default()).await.unwrap();
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0].notice_id, C);
    // A later version of A (not the one the change names) is current again.
    let a2 = notice(A, "02", 2);
    store
        .save_notice(&a2, &records(&a2, "BEL", None), "ha2")
        .await
        .unwrap();
    assert_eq!(
        store
            .lot_records(&RecordFilter::default())
            .await
            .unwrap()
            .len(),
        3
    );
}

async fn filters(store: &Store) {
    let a = notice(A, "01", 2); // awarded 2024-06-30, Belgium
    let b = notice(B, "01", 1); // no award date: dispatch date 2024-03-05, France
    let c = notice(C, "01", 1); // awarded 2023-12-31, Belgium
    store
        .save_notice(&a, &records(&a, "BEL", Some(date(2024, 6, 30))), "ha")
        .await
        .unwrap();
    store
        .save_notice(&b, &records(&b, "FRA", None), "hb")
        .await
        .unwrap();
    store
        .save_notice(&c, &records(&c, "BEL", Some(date(2023, 12, 31))), "hc")
        .await
        .unwrap();
    let ids = |recs: Vec<spp_domain::LotRecord>| -> Vec<String> {
        recs.into_iter()
            .map(|r| format!("{}/{}", &r.notice_id[..1], r.lot_id))
            .collect()
    };
    let y2024 = RecordFilter {
        from: Some(date(2024, 1, 1)),
        to: Some(date(2024, 12, 31)),
        country: None,
    };
    assert_eq!(
        ids(store.lot_records(&y2024).await.unwrap()),
        vec!["a/LOT-0001", "a/LOT-0002", "b/LOT-0001"]
    );
    let bel = RecordFilter {
        country: Some("BEL".into()),
        ..Default::default()
    };
    assert_eq!(
        ids(store.lot_records(&bel).await.unwrap()),
        vec!["a/LOT-0001", "a/LOT-0002", "c/LOT-0001"]
    );
    // Inclusive bounds: exactly the award day.
    let day = RecordFilter {
        from: Some(date(2023, 12, 31)),
        to: Some(date(2023, 12, 31)),
        country: Some("BEL".into()),
    };
    assert_eq!(
        ids(store.lot_records(&day).await.unwrap()),
        vec!["c/LOT-0001"]
    );
    let upto = RecordFilter {
        to: Some(date(2024, 3, 4)),
        ..Default::default()
    };
    assert_eq!(
        ids(store.lot_records(&upto).await.unwrap()),
        vec!["c/LOT-0001"]
    );
}

async fn batch_with_two_versions(store: &Store) {
    let v1 = notice(A, "01", 1);
    let v2 = notice(A, "02", 2);
    let b = notice(B, "01", 1);
    let (r1, r2, rb) = (
        records(&v1, "BEL", None),
        records(&v2, "BEL", None),
        records(&b, "BEL", None),
    );
    let items = [
        NoticeToSave {
            notice: &v2,
            records: &r2,
            content_hash: "h2",
        },
        NoticeToSave {
            notice: &b,
            records: &rb,
            content_hash: "hb",
        },
        NoticeToSave {
            notice: &v1,
            records: &r1,
            content_hash: "h1",
        },
        NoticeToSave {
            notice: &b,
            records: &rb,
            content_hash: "hb",
        },
    ];
    let out = store.save_notices(&items).await.unwrap();
    assert_eq!(
        out,
        vec![
            SaveOutcome::New,
            SaveOutcome::New,
            SaveOutcome::Older,
            SaveOutcome::Unchanged
        ]
    );
    assert_eq!(store.counts().await.unwrap().lots, 3);
    assert!(store.inconsistent_notices().await.unwrap().is_empty());
}

/// A planning notice without lots is a current notice with no record; a lot-less notice that
/// a change notice superseded is not current; the date filter reads the dispatch date and a
/// country filter leaves lot-less notices out.
async fn notices_without_lots(store: &Store) {
    let mut a = notice(A, "01", 0);
    a.form_type = Some(FormType::parse("planning"));
    let b = notice(B, "01", 0);
    let c = change_notice(C, &format!("{B}-01"), 0);
    let with_lots = notice("dddddddd-0000-4000-8000-000000000004", "01", 2);
    for (n, h) in [(&a, "ha"), (&b, "hb"), (&c, "hc"), (&with_lots, "hd")] {
        store
            .save_notice(n, &records(n, "BEL", None), h)
            .await
            .unwrap();
    }
    let all = store
        .notices_without_lots(&RecordFilter::default())
        .await
        .unwrap();
    assert_eq!(
        all,
        vec![
            (A.to_string(), Some("planning".to_string())),
            (C.to_string(), Some("change".to_string())),
        ]
    );
    let later = RecordFilter {
        from: Some(date(2024, 3, 6)),
        ..RecordFilter::default()
    };
    assert!(store.notices_without_lots(&later).await.unwrap().is_empty());
    let belgian = RecordFilter {
        country: Some("BEL".into()),
        ..RecordFilter::default()
    };
    assert!(store
        .notices_without_lots(&belgian)
        .await
        .unwrap()
        .is_empty());
}

/// More notices than one page of the report's read (2,048): every current record comes back
/// once, by notice id, and a change notice on one page supersedes a notice on another.
async fn many_pages(store: &Store) {
    let ids: Vec<String> = (0..5000)
        .map(|i| format!("{:08x}-0000-4000-8000-{:012}", (i * 7919) % 5000, i))
        .collect();
    let notices: Vec<_> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| notice(id, "01", 1 + i % 3))
        .collect();
    let recs: Vec<_> = notices.iter().map(|n| records(n, "BEL", None)).collect();
    let hashes: Vec<String> = (0..notices.len()).map(|i| format!("h{i}")).collect();
    let items: Vec<NoticeToSave<'_>> = notices
        .iter()
        .zip(&recs)
        .zip(&hashes)
        .map(|((notice, records), sha)| NoticeToSave {
            notice,
            records,
            content_hash: sha,
        })
        .collect();
    for chunk in items.chunks(700) {
        store.save_notices(chunk).await.unwrap();
    }
    // The notice sorting first is changed by a notice sorting last.
    let mut sorted = ids.clone();
    sorted.sort();
    let change = change_notice(
        "ffffffff-ffff-4fff-8fff-ffffffffffff",
        &format!("{}-01", sorted[0]),
        1,
    );
    store
        .save_notice(&change, &records(&change, "BEL", None), "hc")
        .await
        .unwrap();

    let all = store.lot_records(&RecordFilter::default()).await.unwrap();
    let expected: usize = recs.iter().map(Vec::len).sum::<usize>() - recs_of(&recs, &sorted[0]) + 1;
    assert_eq!(all.len(), expected);
    let keys: Vec<(&str, &str)> = all
        .iter()
        .map(|r| (r.notice_id.as_str(), r.lot_id.as_str()))
        .collect();
    let mut sorted_keys = keys.clone();
    sorted_keys.sort();
    sorted_keys.dedup();
    assert_eq!(keys, sorted_keys, "records by notice id and lot, each once");
    assert!(!keys.iter().any(|(id, _)| *id == sorted[0]));
    assert_eq!(store.counts().await.unwrap().lots as usize, expected);
}

fn recs_of(recs: &[Vec<spp_domain::LotRecord>], id: &str) -> usize {
    recs.iter()
        .find(|r| r.first().is_some_and(|r| r.notice_id == id))
        .map_or(0, Vec::len)
}

/// Damaged stored records give an error naming the notice, never a panic; the rest of the
/// store still answers.
async fn damaged_records(db: &TestDb) {
    let store = &db.store;
    for (id, h) in [(A, "ha"), (B, "hb")] {
        let n = notice(id, "01", 2);
        store
            .save_notice(&n, &records(&n, "BEL", None), h)
            .await
            .unwrap();
    }
    truncate_stored(db, "notice_records", "records", B, 3).await;

    let err = store
        .lot_records(&RecordFilter::default())
        .await
        .expect_err("damaged records must not load");
    let text = err.to_string();
    assert!(
        text.contains(B) && text.contains("could not be read"),
        "{text}"
    );
    let err = store.lot_records_of(B).await.expect_err("damaged");
    assert!(err.to_string().contains(B), "{err}");
    assert_eq!(store.lot_records_of(A).await.unwrap().len(), 2);
}

/// A store written before schema 4 kept bodies as JSON text in `notice_bodies`: opening it
/// moves them, packed, to `notice_documents`, and they read back equal.
async fn schema3_bodies_are_packed(db: &TestDb) {
    let store = &db.store;
    let mut saved = Vec::new();
    for (i, id) in [A, B, C].into_iter().enumerate() {
        let n = notice(id, "01", i + 1);
        store
            .save_notice(&n, &records(&n, "BEL", None), id)
            .await
            .unwrap();
        saved.push(n);
    }
    // Put two bodies back the way schema 3 stored them.
    for n in &saved[..2] {
        let json = serde_json::to_string(n).unwrap().replace('\'', "''");
        raw_execute(
            db,
            &format!(
                "DELETE FROM notice_documents WHERE notice_seq = \
                 (SELECT seq FROM notices WHERE id = '{}')",
                n.id
            ),
        )
        .await;
        raw_execute(
            db,
            &format!(
                "INSERT INTO notice_bodies (notice_id, body) VALUES ('{}', '{json}')",
                n.id
            ),
        )
        .await;
    }
    assert_eq!(store.inconsistent_notices().await.unwrap(), [A, B]);

    let reopened = Store::connect(&db.url).await.unwrap();
    for n in &saved {
        assert_eq!(reopened.notice(&n.id).await.unwrap().as_ref(), Some(n));
    }
    assert!(reopened.inconsistent_notices().await.unwrap().is_empty());
    // Nothing is left to move: opening again changes nothing.
    let again = Store::connect(&db.url).await.unwrap();
    assert_eq!(again.notice(A).await.unwrap().as_ref(), Some(&saved[0]));
    reopened.close().await;
    again.close().await;
}

/// A damaged stored body is an error naming the notice; the other notices still read.
async fn damaged_body(db: &TestDb) {
    let store = &db.store;
    for id in [A, B] {
        let n = notice(id, "01", 1);
        store
            .save_notice(&n, &records(&n, "BEL", None), id)
            .await
            .unwrap();
    }
    truncate_stored(db, "notice_documents", "json_lz4", B, 5).await;
    let err = store.notice(B).await.expect_err("damaged body");
    assert!(err.to_string().contains(B), "{err}");
    assert!(store.notice(A).await.unwrap().is_some());
}

/// Two stores writing into one database at once (two `spp ingest` runs): every notice gets
/// its own sequence number and nothing is lost or mixed up.
async fn concurrent_writers(db: &TestDb) {
    let other = Store::connect(&db.url).await.unwrap();
    let write = |store: &Store, writer: u32| {
        let store = store.clone();
        async move {
            for batch in 0..10_u32 {
                let notices: Vec<_> = (0..5_u32)
                    .map(|i| {
                        let id = format!("{writer:08x}-0000-4000-8000-{:012x}", batch * 5 + i);
                        let n = notice(&id, "01", 1 + (i as usize % 2));
                        let recs = records(&n, "BEL", None);
                        (n, recs)
                    })
                    .collect();
                let items: Vec<NoticeToSave> = notices
                    .iter()
                    .map(|(n, recs)| NoticeToSave {
                        notice: n,
                        records: recs,
                        content_hash: &n.id,
                    })
                    .collect();
                let outcomes = store.save_notices(&items).await.unwrap();
                assert!(outcomes.iter().all(|o| *o == SaveOutcome::New));
            }
        }
    };
    tokio::join!(write(&db.store, 1), write(&other, 2));
    let counts = db.store.counts().await.unwrap();
    assert_eq!(counts.notices, 100);
    assert_eq!(counts.lots, 140);
    assert!(db.store.inconsistent_notices().await.unwrap().is_empty());
    assert_eq!(
        db.store
            .lot_records(&RecordFilter::default())
            .await
            .unwrap()
            .len(),
        140
    );
    other.close().await;
}

/// Cuts the last `bytes` bytes off binary column `column` of `table` for notice `id`, behind
/// the store's back.
async fn truncate_stored(db: &TestDb, table: &str, column: &str, id: &str, bytes: u32) {
    let cut = if db.url.starts_with("sqlite:") {
        format!("substr({column}, 1, length({column}) - {bytes})")
    } else {
        format!("substring({column} from 1 for length({column}) - {bytes})")
    };
    raw_execute(
        db,
        &format!(
            "UPDATE {table} SET {column} = {cut} \
             WHERE notice_seq = (SELECT seq FROM notices WHERE id = '{id}')"
        ),
    )
    .await;
}

/// The export cursor: the same current records as `lot_records`, page by page (1,300
/// notices: three pages), without the superseded notice, bodies when asked, filters applied.
async fn current_notices_page_by_page(store: &Store) {
    let ids: Vec<String> = (0..1300)
        .map(|i| format!("{i:08x}-0000-4000-8000-000000000000"))
        .collect();
    for chunk in ids.chunks(400) {
        let notices: Vec<_> = chunk
            .iter()
            .enumerate()
            .map(|(i, id)| notice(id, "01", 1 + i % 2))
            .collect();
        let recs: Vec<_> = notices
            .iter()
            .enumerate()
            .map(|(i, n)| records(n, if i % 3 == 0 { "NLD" } else { "BEL" }, None))
            .collect();
        let items: Vec<NoticeToSave<'_>> = notices
            .iter()
            .zip(&recs)
            .map(|(notice, records)| NoticeToSave {
                notice,
                records,
                content_hash: "h",
            })
            .collect();
        store.save_notices(&items).await.unwrap();
    }
    let change = change_notice(C, &format!("{}-01", ids[5]), 1);
    store
        .save_notice(&change, &records(&change, "BEL", None), "hc")
        .await
        .unwrap();

    let mut cursor = store
        .current_notices(&RecordFilter::default(), true)
        .await
        .unwrap();
    let (mut pages, mut streamed) = (0, Vec::new());
    while let Some(page) = cursor.next_page().await.unwrap() {
        pages += 1;
        for current in page {
            let body = current.notice.expect("bodies were asked for");
            assert_eq!(body.id, current.notice_id);
            assert_eq!(body.lots.len(), current.records.len());
            streamed.extend(current.records.into_iter().map(|r| (r.notice_id, r.lot_id)));
        }
    }
    assert_eq!(pages, 3);
    let mut all: Vec<(String, String)> = store
        .lot_records(&RecordFilter::default())
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.notice_id, r.lot_id))
        .collect();
    streamed.sort();
    all.sort();
    assert_eq!(streamed, all);
    assert!(!streamed.iter().any(|(id, _)| *id == ids[5]));

    let dutch = RecordFilter {
        country: Some("NLD".into()),
        ..RecordFilter::default()
    };
    let mut cursor = store.current_notices(&dutch, false).await.unwrap();
    let mut n = 0;
    while let Some(page) = cursor.next_page().await.unwrap() {
        for current in page {
            assert!(current.notice.is_none());
            assert!(current
                .records
                .iter()
                .all(|r| r.buyer_country.as_deref() == Some("NLD")));
            n += 1;
        }
    }
    assert_eq!(
        n,
        store
            .lot_records(&dutch)
            .await
            .unwrap()
            .iter()
            .map(|r| &r.notice_id)
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    );
    assert!(n > 400);
}
