//! Row preparation and the SQL of a save, shared by both backends.

use std::collections::HashMap;

use spp_domain::{LotRecord, Notice};

use crate::{code, NoticeToSave, StoreError};
use crate::{codec, document};

/// Counts: stored notices, superseded notices, stored lot records, current lot records.
pub(crate) const COUNTS: &str = "SELECT \
    (SELECT COUNT(*) FROM notices), \
    (SELECT COUNT(*) FROM notices n WHERE EXISTS (SELECT 1 FROM notices c \
        WHERE c.changes_id = n.id AND c.id <> n.id AND c.changes_version >= n.version)), \
    (SELECT COUNT(*) FROM lot_records), \
    (SELECT COUNT(*) FROM lot_records r WHERE NOT EXISTS (SELECT 1 FROM notices c \
        WHERE c.changes_id = r.notice_id AND c.id <> r.notice_id \
        AND c.changes_version >= r.notice_version))";

/// The condition "notice `n` is current": not superseded by a change notice.
pub(crate) const CURRENT: &str = "NOT EXISTS (SELECT 1 FROM notices c \
    WHERE c.changes_id = n.id AND c.id <> n.id AND c.changes_version >= n.version)";

/// Rows per multi-row INSERT of lot records (13 binds each; far below SQLite's 32,766 and
/// PostgreSQL's 65,535 bind parameters).
pub(crate) const RECORD_CHUNK: usize = 1000;
/// Rows per multi-row INSERT of notices (12 binds each).
pub(crate) const NOTICE_CHUNK: usize = 256;

/// A notice turned into column values, ready to bind.
pub(crate) struct Prepared {
    pub id: String,
    pub version: i32,
    pub version_raw: String,
    pub sha: String,
    pub procedure_id: Option<String>,
    pub form_type: Option<String>,
    pub subtype: Option<String>,
    pub issue_date: Option<String>,
    pub changes_id: Option<String>,
    pub changes_version: Option<i32>,
    pub lot_count: i32,
    /// The notice as packed JSON ([`document`](crate::document)).
    pub body: Vec<u8>,
    /// The lot records in the store's binary layout.
    pub encoded: Vec<u8>,
    pub records: Vec<RecordRow>,
}

/// One lot record as the scalar columns of `lot_records`.
pub(crate) struct RecordRow {
    pub seq: i32,
    pub lot_id: String,
    pub year: Option<i32>,
    pub stage_date: Option<String>,
    pub buyer_country: Option<String>,
    pub form_type: Option<String>,
    pub subtype: Option<String>,
    pub product_group: Option<String>,
    pub main_cpv: Option<String>,
    pub procedure_type: Option<String>,
}

fn range(what: &str, v: impl std::fmt::Display) -> StoreError {
    StoreError::Range(format!("{what} {v}"))
}

impl Prepared {
    pub(crate) fn new(item: &NoticeToSave<'_>) -> Result<Self, StoreError> {
        let n: &Notice = item.notice;
        let version =
            i32::try_from(n.version_number()).map_err(|_| range("version", &n.version))?;
        let changes = n
            .change
            .as_ref()
            .and_then(|c| c.changed_id_and_version())
            .and_then(|(id, v)| Some((id.to_string(), v.parse::<i32>().ok()?)));
        let body = document::pack(n)?;
        let records = item
            .records
            .iter()
            .enumerate()
            .map(|(i, r)| RecordRow::new(i, r))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Prepared {
            id: n.id.clone(),
            version,
            version_raw: n.version.clone(),
            sha: item.content_hash.to_string(),
            procedure_id: n.procedure_id.clone(),
            form_type: code(&n.form_type),
            subtype: n.subtype.clone(),
            issue_date: n.issue_date.map(|d| d.to_string()),
            changes_id: changes.as_ref().map(|c| c.0.clone()),
            changes_version: changes.map(|c| c.1),
            lot_count: i32::try_from(records.len())
                .map_err(|_| range("lot count", records.len()))?,
            body,
            encoded: codec::encode_set(&n.id, version, item.records),
            records,
        })
    }
}

impl RecordRow {
    fn new(seq: usize, r: &LotRecord) -> Result<Self, StoreError> {
        Ok(RecordRow {
            seq: i32::try_from(seq).map_err(|_| range("lot position", seq))?,
            lot_id: r.lot_id.clone(),
            year: r.year,
            stage_date: crate::load::stage_date(r).map(|d| d.to_string()),
            buyer_country: r.buyer_country.clone(),
            form_type: code(&r.form_type),
            subtype: r.subtype.clone(),
            product_group: r.product_group.clone(),
            main_cpv: r.main_cpv.as_ref().map(|c| c.as_str().to_string()),
            procedure_type: code(&r.procedure_type),
        })
    }
}

/// What a batch does with each notice: decided in order against the stored versions, so
/// a later item sees the effect of an earlier one.
pub(crate) struct Plan {
    pub outcomes: Vec<crate::SaveOutcome>,
    /// Items to write (the last new/updated item per id), by index, with the notice's
    /// sequence number (`notices.seq`): the stored one for an update, the next free one for
    /// a new notice.
    pub writes: Vec<(usize, i32)>,
    /// Sequence numbers of stored notices whose rows are replaced.
    pub replaced: Vec<i32>,
}

/// `(id, version, content_hash, seq)` of a stored notice.
pub(crate) type Stored = (String, i32, String, i32);

impl Plan {
    /// `next_seq` is the first sequence number not yet used.
    pub(crate) fn new(items: &[&Prepared], stored: &[Stored], next_seq: i32) -> Plan {
        use crate::SaveOutcome::*;
        let mut state: HashMap<&str, (i32, &str)> = stored
            .iter()
            .map(|(id, v, sha, _)| (id.as_str(), (*v, sha.as_str())))
            .collect();
        let mut last_write: HashMap<&str, usize> = HashMap::new();
        let mut outcomes = Vec::with_capacity(items.len());
        for (i, p) in items.iter().enumerate() {
            let outcome = match state.get(p.id.as_str()) {
                Some((_, sha)) if *sha == p.sha => Unchanged,
                Some((v, _)) if *v > p.version => Older,
                Some(_) => Updated,
                None => New,
            };
            if matches!(outcome, New | Updated) {
                state.insert(&p.id, (p.version, &p.sha));
                last_write.insert(&p.id, i);
            }
            outcomes.push(outcome);
        }
        let mut writes: Vec<usize> = last_write.into_values().collect();
        writes.sort_unstable();
        let stored_seq: HashMap<&str, i32> = stored
            .iter()
            .map(|(id, _, _, seq)| (id.as_str(), *seq))
            .collect();
        let mut next = next_seq;
        let mut replaced = Vec::new();
        let writes = writes
            .into_iter()
            .map(|i| match stored_seq.get(items[i].id.as_str()) {
                Some(&seq) => {
                    replaced.push(seq);
                    (i, seq)
                }
                None => {
                    next += 1;
                    (i, next - 1)
                }
            })
            .collect();
        Plan {
            outcomes,
            writes,
            replaced,
        }
    }
}

/// Saves a batch of prepared notices inside the open transaction `$tx` with a handful of
/// statements; evaluates to the [`Plan`].
macro_rules! sql_save_batch {
    ($tx:ident, $items:expr) => {{
        let items: &[&$crate::sql::Prepared] = $items;
        let mut ids: Vec<&str> = items.iter().map(|p| p.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        let mut stored: Vec<$crate::sql::Stored> = Vec::new();
        for chunk in ids.chunks($crate::sql::RECORD_CHUNK) {
            let mut qb = sqlx::QueryBuilder::new(
                "SELECT id, version, content_hash, seq FROM notices WHERE id IN (",
            );
            let mut list = qb.separated(", ");
            for id in chunk {
                list.push_bind(*id);
            }
            qb.push(")");
            stored.extend(qb.build_query_as().fetch_all(&mut *$tx).await?);
        }
        let next_seq: i32 = sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM notices")
            .fetch_one(&mut *$tx)
            .await?;
        let plan = $crate::sql::Plan::new(items, &stored, next_seq);
        for table in ["lot_records", "notice_records", "notice_documents"] {
            for chunk in plan.replaced.chunks($crate::sql::RECORD_CHUNK) {
                let mut qb =
                    sqlx::QueryBuilder::new(format!("DELETE FROM {table} WHERE notice_seq IN ("));
                let mut list = qb.separated(", ");
                for seq in chunk {
                    list.push_bind(*seq);
                }
                qb.push(")");
                qb.build().execute(&mut *$tx).await?;
            }
        }
        let writes: Vec<(&$crate::sql::Prepared, i32)> = plan
            .writes
            .iter()
            .map(|&(i, seq)| (items[i], seq))
            .collect();
        for chunk in writes.chunks($crate::sql::NOTICE_CHUNK) {
            // One upsert for new and updated notices; valid SQL for SQLite (>= 3.24) and
            // PostgreSQL. Each id appears once per statement (the plan keeps the last).
            let mut qb = sqlx::QueryBuilder::new(
                "INSERT INTO notices (seq, id, version, version_raw, content_hash, \
                 procedure_id, form_type, subtype, issue_date, changes_id, changes_version, \
                 lot_count) ",
            );
            qb.push_values(chunk, |mut b, (p, seq)| {
                b.push_bind(*seq)
                    .push_bind(&p.id)
                    .push_bind(p.version)
                    .push_bind(&p.version_raw)
                    .push_bind(&p.sha)
                    .push_bind(&p.procedure_id)
                    .push_bind(&p.form_type)
                    .push_bind(&p.subtype)
                    .push_bind(&p.issue_date)
                    .push_bind(&p.changes_id)
                    .push_bind(p.changes_version)
                    .push_bind(p.lot_count);
            });
            qb.push(
                " ON CONFLICT (id) DO UPDATE SET version = excluded.version, \
                 version_raw = excluded.version_raw, content_hash = excluded.content_hash, \
                 procedure_id = excluded.procedure_id, form_type = excluded.form_type, \
                 subtype = excluded.subtype, issue_date = excluded.issue_date, \
                 changes_id = excluded.changes_id, changes_version = excluded.changes_version, \
                 lot_count = excluded.lot_count",
            );
            qb.build().execute(&mut *$tx).await?;
            let mut qb =
                sqlx::QueryBuilder::new("INSERT INTO notice_records (notice_seq, records) ");
            qb.push_values(chunk, |mut b, (p, seq)| {
                b.push_bind(*seq).push_bind(&p.encoded);
            });
            qb.build().execute(&mut *$tx).await?;
            let mut qb =
                sqlx::QueryBuilder::new("INSERT INTO notice_documents (notice_seq, json_lz4) ");
            qb.push_values(chunk, |mut b, (p, seq)| {
                b.push_bind(*seq).push_bind(&p.body);
            });
            qb.build().execute(&mut *$tx).await?;
        }
        let rows: Vec<(&$crate::sql::Prepared, i32, &$crate::sql::RecordRow)> = writes
            .iter()
            .flat_map(|&(p, seq)| p.records.iter().map(move |r| (p, seq, r)))
            .collect();
        for chunk in rows.chunks($crate::sql::RECORD_CHUNK) {
            let mut qb = sqlx::QueryBuilder::new(
                "INSERT INTO lot_records (notice_seq, seq, notice_id, lot_id, notice_version, \
                 year, stage_date, buyer_country, form_type, subtype, product_group, main_cpv, \
                 procedure_type) ",
            );
            qb.push_values(chunk, |mut b, (p, seq, r)| {
                b.push_bind(*seq)
                    .push_bind(r.seq)
                    .push_bind(&p.id)
                    .push_bind(&r.lot_id)
                    .push_bind(p.version)
                    .push_bind(r.year)
                    .push_bind(&r.stage_date)
                    .push_bind(&r.buyer_country)
                    .push_bind(&r.form_type)
                    .push_bind(&r.subtype)
                    .push_bind(&r.product_group)
                    .push_bind(&r.main_cpv)
                    .push_bind(&r.procedure_type);
            });
            qb.build().execute(&mut *$tx).await?;
        }
        plan
    }};
}
