//! Reading every current lot record, which is how `spp report` starts, fast.
//!
//! The record sets of the notices (see [`codec`](crate::codec)) come back in pages of
//! [`PAGE`] notices, each page one row holding the concatenated sets: the driver hands over
//! about fifty rows for 100k notices instead of one per record (with sqlx, the per-row
//! hand-over between threads cost more than the query itself). Pages are decoded on all
//! cores by a [`Decoder`] while the next pages are fetched. Sets of superseded notices are
//! skipped without being decoded, using the change targets read first ([`CHANGED`]).

use std::collections::HashMap;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use chrono::NaiveDate;
use spp_domain::LotRecord;

use crate::records::{DecodedPage, LotRecords};
use crate::{codec, Backend, RecordFilter, StoreError};

/// Notices per page.
pub(crate) const PAGE: i64 = 2048;

/// SQLite memory map while reading (the file is read once, front to back).
pub(crate) const MMAP_BYTES: u64 = 1 << 32;

/// For every notice id that another notice changes (BT-758), the highest version it is
/// changed at: a stored notice is superseded when that version is at least its own. The same
/// rule as [`CURRENT`](crate::sql::CURRENT), read once instead of probed per notice.
pub(crate) const CHANGED: &str = "SELECT changes_id, MAX(changes_version) FROM notices \
    WHERE changes_id IS NOT NULL AND changes_version IS NOT NULL AND changes_id <> id \
    GROUP BY changes_id";

/// The page query: the record sets of the next [`PAGE`] notices after sequence number `$1`,
/// concatenated (in any order: each set names its notice), with the last number of the page.
/// Sequence numbers are the table's key, in the order it was written (in SQLite the rowid:
/// the table's own order, no index to walk).
pub(crate) fn page_query(backend: Backend) -> String {
    let concat = match backend {
        Backend::Sqlite => "CAST(group_concat(p.records, '') AS BLOB)",
        Backend::Postgres => "string_agg(p.records, ''::bytea)",
    };
    format!(
        "SELECT max(p.notice_seq), {concat} FROM (SELECT notice_seq, records \
         FROM notice_records WHERE notice_seq > $1 ORDER BY notice_seq LIMIT {PAGE}) p"
    )
}

/// Reads every page on connection `$conn` into a started [`Decoder`]; evaluates to the
/// decoder and the number of pages. (A macro: the connection types of the backends differ.)
macro_rules! read_pages {
    ($conn:ident, $query:expr, $filter:expr) => {{
        let changed = sqlx::query_as($crate::load::CHANGED)
            .fetch_all(&mut *$conn)
            .await?;
        let decoder = $crate::load::Decoder::start(changed, $filter);
        let (mut after, mut pages) = (0_i32, 0_usize);
        loop {
            let (last, page) = sqlx::query_as::<_, (Option<i32>, Option<Vec<u8>>)>($query)
                .bind(after)
                .fetch_one(&mut *$conn)
                .await?;
            let (Some(last), Some(page)) = (last, page) else {
                break;
            };
            decoder.push(page);
            (after, pages) = (last, pages + 1);
        }
        (decoder, pages)
    }};
}

/// The date a record is filtered on: the award date when there is one, else the dispatch date.
pub(crate) fn stage_date(r: &LotRecord) -> Option<NaiveDate> {
    r.award_date.or(r.issue_date)
}

/// Whether `r` passes `filter` (see [`RecordFilter`]).
pub(crate) fn keep(r: &LotRecord, filter: &RecordFilter) -> bool {
    if filter.from.is_some() || filter.to.is_some() {
        let Some(d) = stage_date(r) else {
            return false;
        };
        if filter.from.is_some_and(|from| d < from) || filter.to.is_some_and(|to| d > to) {
            return false;
        }
    }
    match &filter.country {
        Some(c) => r.buyer_country.as_deref() == Some(c.as_str()),
        None => true,
    }
}

/// Decoding threads fed with pages as they are fetched.
pub(crate) struct Decoder {
    pages: Sender<Vec<u8>>,
    workers: Vec<JoinHandle<Result<Vec<DecodedPage>, StoreError>>>,
}

impl Decoder {
    /// Starts one thread per core. `changed` is what [`CHANGED`] returned.
    pub(crate) fn start(changed: Vec<(String, i32)>, filter: &RecordFilter) -> Decoder {
        let (pages, rx) = channel::<Vec<u8>>();
        let rx = Arc::new(Mutex::new(rx));
        let changed: Arc<HashMap<String, i32>> = Arc::new(changed.into_iter().collect());
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let workers = (0..threads)
            .map(|_| {
                let (rx, changed, filter) = (rx.clone(), changed.clone(), filter.clone());
                std::thread::spawn(move || decode_pages(&rx, &changed, &filter))
            })
            .collect();
        Decoder { pages, workers }
    }

    /// Hands a page to the threads.
    pub(crate) fn push(&self, page: Vec<u8>) {
        // A send fails only when every thread has stopped on an error, which `finish` reports.
        let _ = self.pages.send(page);
    }

    /// Waits for the threads: the kept records, in the vectors they were decoded into, in
    /// notice id order (byte order) and lot position.
    pub(crate) fn finish(self) -> Result<LotRecords, StoreError> {
        drop(self.pages);
        let mut decoded = Vec::new();
        let mut error = None;
        for worker in self.workers {
            match worker.join() {
                Ok(Ok(part)) => decoded.extend(part),
                Ok(Err(e)) => error = error.or(Some(e)),
                Err(_) => {
                    error = error.or(Some(StoreError::Range("a decoding thread panicked".into())))
                }
            }
        }
        if let Some(e) = error {
            return Err(e);
        }
        Ok(LotRecords::from_pages(decoded))
    }
}

/// One decoding thread: takes pages until the channel closes.
fn decode_pages(
    rx: &Mutex<Receiver<Vec<u8>>>,
    changed: &HashMap<String, i32>,
    filter: &RecordFilter,
) -> Result<Vec<DecodedPage>, StoreError> {
    let filtering = *filter != RecordFilter::default();
    let mut done = Vec::new();
    loop {
        let next = match rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return Err(StoreError::Range("the page queue was poisoned".into())),
        };
        let Ok(page) = next else {
            return Ok(done);
        };
        let mut headers = Vec::new();
        codec::read_headers(&page, &mut headers).map_err(corrupt)?;
        let mut records = Vec::with_capacity(headers.iter().map(|h| h.count).sum());
        let mut runs = Vec::with_capacity(headers.len());
        for h in &headers {
            let superseded = changed.get(h.notice_id).is_some_and(|&v| v >= h.version);
            if h.count == 0 || superseded {
                continue;
            }
            let start = records.len();
            codec::decode_body(h, &mut records).map_err(corrupt)?;
            if filtering {
                // Keep the notice's records that pass, in order.
                let mut kept = start;
                for i in start..records.len() {
                    if keep(&records[i], filter) {
                        records.swap(kept, i);
                        kept += 1;
                    }
                }
                records.truncate(kept);
            }
            if records.len() > start {
                runs.push((start as u32, (records.len() - start) as u32));
            }
        }
        done.push((records, runs));
    }
}

/// The records of one stored set (of notice `id`).
pub(crate) fn decode_one(id: &str, bytes: &[u8]) -> Result<Vec<LotRecord>, StoreError> {
    let set = codec::decode_set(bytes).map_err(corrupt)?;
    if set.notice_id != id {
        return Err(StoreError::Corrupt {
            what: format!("the stored lot records of notice {id}"),
            reason: format!("they belong to notice {}", set.notice_id),
        });
    }
    Ok(set.records)
}

fn corrupt(e: codec::CodecError) -> StoreError {
    StoreError::Corrupt {
        what: match &e.notice {
            Some(id) => format!("the stored lot records of notice {id}"),
            None => "stored lot records".to_string(),
        },
        reason: format!("byte {}: {}", e.at, e.reason),
    }
}
