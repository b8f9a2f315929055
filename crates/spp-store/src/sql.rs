//! Row preparation and the SQL of a save, shared by both backends.

use spp_domain::{LotRecord, Notice};

use crate::{code, NoticeToSave, StoreError};

/// Counts: stored notices, superseded notices, stored lot records, current lot records.
pub(crate) const COUNTS: &str = "SELECT \
    (SELECT COUNT(*) FROM notices), \
    (SELECT COUNT(*) FROM notices n WHERE EXISTS (SELECT 1 FROM notices c \
        WHERE c.changes_id = n.id AND c.id <> n.id AND c.changes_version >= n.version)), \
    (SELECT COUNT(*) FROM lot_records), \
    (SELECT COUNT(*) FROM lot_records r WHERE NOT EXISTS (SELECT 1 FROM notices c \
        WHERE c.changes_id = r.notice_id AND c.id <> r.notice_id \
        AND c.changes_version >= r.notice_version))";

/// Rows per multi-row INSERT of lot records (13 binds each; far below SQLite's 32,766).
pub(crate) const RECORD_CHUNK: usize = 500;

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
    pub body: String,
    pub records: Vec<RecordRow>,
}

/// One lot record as column values.
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
    pub record: String,
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
        let body = serde_json::to_string(n).map_err(|source| StoreError::Json {
            what: format!("notice {}", n.id),
            source,
        })?;
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
            sha: item.content_sha256.to_string(),
            procedure_id: n.procedure_id.clone(),
            form_type: code(&n.form_type),
            subtype: n.subtype.clone(),
            issue_date: n.issue_date.map(|d| d.to_string()),
            changes_id: changes.as_ref().map(|c| c.0.clone()),
            changes_version: changes.map(|c| c.1),
            lot_count: i32::try_from(records.len())
                .map_err(|_| range("lot count", records.len()))?,
            body,
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
            stage_date: r.award_date.or(r.issue_date).map(|d| d.to_string()),
            buyer_country: r.buyer_country.clone(),
            form_type: code(&r.form_type),
            subtype: r.subtype.clone(),
            product_group: r.product_group.clone(),
            main_cpv: r.main_cpv.as_ref().map(|c| c.as_str().to_string()),
            procedure_type: code(&r.procedure_type),
            record: encode_record(r)?,
        })
    }
}

/// A lot record as compact JSON: top-level `null` fields are left out (they read back as
/// `None`), which roughly halves the text to parse when loading.
pub(crate) fn encode_record(r: &LotRecord) -> Result<String, StoreError> {
    let err = |source| StoreError::Json {
        what: format!("lot record {} {}", r.notice_id, r.lot_id),
        source,
    };
    let mut value = serde_json::to_value(r).map_err(err)?;
    if let serde_json::Value::Object(map) = &mut value {
        map.retain(|_, v| !v.is_null());
    }
    serde_json::to_string(&value).map_err(err)
}

/// Parses chunks of newline-separated stored records, in order.
pub(crate) fn decode_chunks(chunks: &[String]) -> Result<Vec<LotRecord>, StoreError> {
    let lines: Vec<&str> = chunks
        .iter()
        .flat_map(|c| c.split('\n'))
        .filter(|l| !l.is_empty())
        .collect();
    decode_records(&lines)
}

/// Parses stored records; large sets are split over the available cores.
pub(crate) fn decode_records<S: AsRef<str> + Sync>(
    rows: &[S],
) -> Result<Vec<LotRecord>, StoreError> {
    let decode = |s: &S| {
        serde_json::from_str::<LotRecord>(s.as_ref()).map_err(|source| StoreError::Json {
            what: "a lot record".to_string(),
            source,
        })
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if rows.len() < 20_000 || threads < 2 {
        return rows.iter().map(decode).collect();
    }
    let chunk = rows.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = rows
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(decode).collect::<Result<Vec<_>, _>>()))
            .collect();
        let mut out = Vec::with_capacity(rows.len());
        for h in handles {
            match h.join() {
                Ok(part) => out.extend(part?),
                Err(_) => {
                    return Err(StoreError::Range("a decoding thread panicked".to_string()));
                }
            }
        }
        Ok(out)
    })
}

/// Saves one prepared notice inside the open transaction `$tx`; evaluates to its outcome.
macro_rules! sql_save {
    ($tx:ident, $p:expr) => {{
        let p: &$crate::sql::Prepared = $p;
        let existing: Option<(i32, String)> =
            sqlx::query_as("SELECT version, content_sha256 FROM notices WHERE id = $1")
                .bind(&p.id)
                .fetch_optional(&mut *$tx)
                .await?;
        let outcome = match &existing {
            Some((_, sha)) if *sha == p.sha => SaveOutcome::Unchanged,
            Some((v, _)) if *v > p.version => SaveOutcome::Older,
            Some(_) => SaveOutcome::Updated,
            None => SaveOutcome::New,
        };
        if outcome == SaveOutcome::Updated {
            sqlx::query("DELETE FROM lot_records WHERE notice_id = $1")
                .bind(&p.id)
                .execute(&mut *$tx)
                .await?;
        }
        if matches!(outcome, SaveOutcome::New | SaveOutcome::Updated) {
            // One upsert for both outcomes; valid SQL for SQLite (>= 3.24) and PostgreSQL.
            sqlx::query(
                "INSERT INTO notices (id, version, version_raw, content_sha256, procedure_id, \
                 form_type, subtype, issue_date, changes_id, changes_version, lot_count, body) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
                 ON CONFLICT (id) DO UPDATE SET version = excluded.version, \
                 version_raw = excluded.version_raw, content_sha256 = excluded.content_sha256, \
                 procedure_id = excluded.procedure_id, form_type = excluded.form_type, \
                 subtype = excluded.subtype, issue_date = excluded.issue_date, \
                 changes_id = excluded.changes_id, changes_version = excluded.changes_version, \
                 lot_count = excluded.lot_count, body = excluded.body",
            )
            .bind(&p.id)
            .bind(p.version)
            .bind(&p.version_raw)
            .bind(&p.sha)
            .bind(&p.procedure_id)
            .bind(&p.form_type)
            .bind(&p.subtype)
            .bind(&p.issue_date)
            .bind(&p.changes_id)
            .bind(p.changes_version)
            .bind(p.lot_count)
            .bind(&p.body)
            .execute(&mut *$tx)
            .await?;
        }
        if matches!(outcome, SaveOutcome::New | SaveOutcome::Updated) {
            for chunk in p.records.chunks($crate::sql::RECORD_CHUNK) {
                let mut qb = sqlx::QueryBuilder::new(
                    "INSERT INTO lot_records (notice_id, seq, lot_id, notice_version, year, \
                     stage_date, buyer_country, form_type, subtype, product_group, main_cpv, \
                     procedure_type, record) ",
                );
                qb.push_values(chunk, |mut b, r| {
                    b.push_bind(&p.id)
                        .push_bind(r.seq)
                        .push_bind(&r.lot_id)
                        .push_bind(p.version)
                        .push_bind(r.year)
                        .push_bind(&r.stage_date)
                        .push_bind(&r.buyer_country)
                        .push_bind(&r.form_type)
                        .push_bind(&r.subtype)
                        .push_bind(&r.product_group)
                        .push_bind(&r.main_cpv)
                        .push_bind(&r.procedure_type)
                        .push_bind(&r.record);
                });
                qb.build().execute(&mut *$tx).await?;
            }
        }
        outcome
    }};
}
