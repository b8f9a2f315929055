//! Reading the current notices page by page, with their lot records and (when asked) their
//! stored bodies, so that an export over a million notices holds one page at a time
//! ([`Store::current_notices`]). The same currency rule and record filter as
//! [`Store::current_records`](crate::Store::current_records).

use std::collections::HashMap;

use spp_domain::{LotRecord, Notice};

use crate::load::{keep, CHANGED};
use crate::{codec, document, Pool, RecordFilter, Store, StoreError};

/// Notices per page of the stream.
const STREAM_PAGE: i64 = 512;

/// One current notice: its kept lot records, in lot order, and its body when asked for.
#[derive(Debug, Clone)]
pub struct CurrentNotice {
    pub notice_id: String,
    pub notice: Option<Notice>,
    pub records: Vec<LotRecord>,
}

/// A cursor over the current notices in the order they were written.
pub struct CurrentNotices<'s> {
    store: &'s Store,
    filter: RecordFilter,
    changed: HashMap<String, i32>,
    bodies: bool,
    after: i32,
    done: bool,
}

impl Store {
    /// The current notices with at least one lot record passing `filter`, page by page;
    /// `bodies` also reads each notice's stored [`Notice`].
    pub async fn current_notices(
        &self,
        filter: &RecordFilter,
        bodies: bool,
    ) -> Result<CurrentNotices<'_>, StoreError> {
        let changed: Vec<(String, i32)> = match &self.pool {
            Pool::Sqlite(pool) => sqlx::query_as(CHANGED).fetch_all(pool).await?,
            Pool::Postgres(pool) => sqlx::query_as(CHANGED).fetch_all(pool).await?,
        };
        Ok(CurrentNotices {
            store: self,
            filter: filter.clone(),
            changed: changed.into_iter().collect(),
            bodies,
            after: 0,
            done: false,
        })
    }
}

impl CurrentNotices<'_> {
    /// The next page (`None` at the end); a page may be empty when none of its notices pass.
    pub async fn next_page(&mut self) -> Result<Option<Vec<CurrentNotice>>, StoreError> {
        if self.done {
            return Ok(None);
        }
        let body = if self.bodies { "d.json_lz4" } else { "NULL" };
        let query = format!(
            "SELECT r.notice_seq, r.records, {body} FROM notice_records r \
             LEFT JOIN notice_documents d ON d.notice_seq = r.notice_seq \
             WHERE r.notice_seq > $1 ORDER BY r.notice_seq LIMIT {STREAM_PAGE}"
        );
        type Row = (i32, Vec<u8>, Option<Vec<u8>>);
        let rows: Vec<Row> = match &self.store.pool {
            Pool::Sqlite(pool) => {
                sqlx::query_as(&query)
                    .bind(self.after)
                    .fetch_all(pool)
                    .await?
            }
            Pool::Postgres(pool) => {
                sqlx::query_as(&query)
                    .bind(self.after)
                    .fetch_all(pool)
                    .await?
            }
        };
        let Some(last) = rows.last().map(|r| r.0) else {
            self.done = true;
            return Ok(None);
        };
        self.after = last;
        let mut page = Vec::with_capacity(rows.len());
        for (_, set, body) in rows {
            let set = codec::decode_set(&set).map_err(|e| StoreError::Corrupt {
                what: "stored lot records".into(),
                reason: format!("byte {}: {}", e.at, e.reason),
            })?;
            let superseded = self
                .changed
                .get(&set.notice_id)
                .is_some_and(|&v| v >= set.version);
            let records: Vec<LotRecord> = set
                .records
                .into_iter()
                .filter(|r| keep(r, &self.filter))
                .collect();
            if superseded || records.is_empty() {
                continue;
            }
            let notice = match body {
                Some(b) if self.bodies => Some(document::unpack(&set.notice_id, &b)?),
                _ => None,
            };
            page.push(CurrentNotice {
                notice_id: set.notice_id,
                notice,
                records,
            });
        }
        Ok(Some(page))
    }
}
