//! spp storage: SQLite (embedded default) and PostgreSQL via sqlx, with migrations.
//!
//! One [`Store`] type serves both backends. The schema (`migrations/`) is portable SQL that
//! runs unchanged on both. Each notice id keeps one row: its highest version (BT-757), the
//! full [`Notice`] as JSON, and its [`LotRecord`]s. A notice is *current* unless a change
//! notice (BT-758 `<id>-<version>`) names it at its stored version or later.
//!
//! Writes: [`Store::save_notice`] saves one notice in one transaction; [`Store::save_notices`]
//! saves a small batch of whole notices in one transaction (all or nothing, so every notice
//! stays atomic), which is what the ingest pipeline uses for speed.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use serde::Serialize;
use spp_domain::{CodeList, LotRecord, Notice};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::Row;

#[macro_use]
pub mod aggregates;
pub mod codec;
mod fault;
mod file_watch;
#[macro_use]
mod document;
#[macro_use]
mod load;
#[macro_use]
mod sql;
mod migrations;
mod reclassify;
mod records;
pub mod register;
mod stream;
#[cfg(feature = "test-support")]
pub mod test_support;

pub use aggregates::{
    AggregateDelta, AggregateRows, AggregateStatus, Aggregator, EntityChange, ViewRowSet,
};
pub use fault::{Fault, HealthError};
pub use reclassify::Reclassified;
pub use records::LotRecords;
pub use stream::{CurrentNotice, CurrentNotices};

/// How long a SQLite connection waits for another writer's lock before it answers
/// `database is locked` (SQLite's busy timeout). A batch of 1,000 notices holds the lock
/// for well under a second, so two ingests on one file take turns instead of failing.
pub const SQLITE_BUSY_TIMEOUT_MS: u64 = 30_000;

/// Longest wait for a PostgreSQL connection (a new one includes the TCP connect and the
/// handshake): a server that is gone fails within this time.
pub const POSTGRES_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// Longest a batch write may take, lock waits included, before it is abandoned (rolled
/// back) as a fault: a server that stops answering without closing the connection.
pub const WRITE_DEADLINE: Duration = Duration::from_secs(30);

/// Longest [`Store::close`] waits for connections to finish.
const CLOSE_DEADLINE: Duration = Duration::from_secs(5);

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database URL {0:?} (expected sqlite:PATH or postgres://…)")]
    Url(String),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored JSON of {what} could not be read: {source}")]
    Json {
        what: String,
        #[source]
        source: serde_json::Error,
    },
    #[error("{what} could not be read: {reason}")]
    Corrupt { what: String, reason: String },
    #[error("value out of range for the database: {0}")]
    Range(String),
    #[error("the database did not answer within {0:?}")]
    Timeout(Duration),
    /// The pool found no working connection and a new one fails this way.
    #[error("the connection to the database is lost and cannot be made again: {0}")]
    Lost(sqlx::Error),
    /// SQLite writes its file and, beside it, the `-wal` and `-shm` files.
    #[error("cannot write {}: {reason} (SQLite needs to write the database file and its folder)", path.display())]
    NotWritable {
        path: std::path::PathBuf,
        reason: std::io::Error,
    },
    /// A register write that would break a rule of the tables (a grant or contract naming an
    /// entity that does not exist); nothing was written.
    #[error("{0}")]
    Refused(String),
}

/// What [`Store::save_notice`] did with a notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SaveOutcome {
    /// First time this notice id is seen.
    New,
    /// A higher version (or the same version with other content) replaced the stored one.
    Updated,
    /// Same content as stored (same content hash): nothing written.
    Unchanged,
    /// A lower version than the stored one: ignored.
    Older,
}

/// Which lot records to load. Dates compare with the record's stage date: the award date
/// when there is one, else the dispatch date (records with neither are left out as soon as
/// `from` or `to` is set). Both bounds are inclusive.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// ISO 3166-1 alpha-3 country of the lead buyer.
    pub country: Option<String>,
}

/// Sizes of the store.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StoreCounts {
    /// Notice ids stored (one row each, highest version).
    pub notices: u64,
    /// Of those, not superseded by a change notice.
    pub current_notices: u64,
    /// Notices superseded by a change notice.
    pub superseded_notices: u64,
    /// Lot records of current notices.
    pub lots: u64,
    /// All stored lot records (current and superseded).
    pub stored_lots: u64,
}

/// One notice to save: the parsed notice, its lot records, and the content hash of the bytes
/// it was parsed from (`blake3:<hex>`, compared as text).
#[derive(Debug, Clone, Copy)]
pub struct NoticeToSave<'a> {
    pub notice: &'a Notice,
    pub records: &'a [LotRecord],
    pub content_hash: &'a str,
}

/// A notice turned into column values and JSON, ready to save. Preparing is the CPU-heavy
/// part of a save (JSON encoding); do it where the parsing happens.
pub struct PreparedNotice(sql::Prepared);

impl PreparedNotice {
    pub fn new(item: &NoticeToSave<'_>) -> Result<PreparedNotice, StoreError> {
        sql::Prepared::new(item).map(PreparedNotice)
    }

    /// BT-701 of the notice.
    pub fn id(&self) -> &str {
        &self.0.id
    }

    /// Number of lot records.
    pub fn lot_count(&self) -> usize {
        self.0.records.len()
    }
}

/// Which database a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, Clone)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// The notice store, on SQLite or PostgreSQL.
#[derive(Debug, Clone)]
pub struct Store {
    pool: Pool,
    /// Keeps the stored aggregates in the save transactions, when set.
    keeper: Option<aggregates::Keeper>,
    /// SQLite: the file at the database path, watched for being moved or replaced.
    watch: Option<file_watch::FileWatch>,
}

/// Runs the same code against whichever pool the store holds (the SQL is portable).
macro_rules! on_pool {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.pool {
            Pool::Sqlite($pool) => $body,
            Pool::Postgres($pool) => $body,
        }
    };
}

mod kept;
pub mod usage;

impl Store {
    /// Opens (and migrates) a store. `sqlite:PATH` (the file is created when missing; a
    /// bare path without a scheme is taken as a SQLite file) or `postgres://…`
    /// (`postgresql://` too; `?options=-c search_path=…` selects a schema).
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        let store = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let opts = PgConnectOptions::from_str(url)?;
            fault::first_postgres_connection(&opts).await?;
            let pool = PgPoolOptions::new()
                .max_connections(4)
                .acquire_timeout(POSTGRES_ACQUIRE_TIMEOUT)
                .connect_with(opts)
                .await?;
            Store {
                pool: Pool::Postgres(pool),
                keeper: None,
                watch: None,
            }
        } else {
            let opts = sqlite_options(url)?;
            let file = opts.get_filename().to_path_buf();
            let opened = std::time::Instant::now();
            let watch = Arc::new(std::sync::OnceLock::<file_watch::FileWatch>::new());
            let hook = watch.clone();
            let pool = SqlitePoolOptions::new()
                .max_connections(4)
                .acquire_timeout(Duration::from_secs(30))
                .before_acquire(move |_, meta| {
                    let current = hook.get().is_none_or(|w| w.is_current(meta.age));
                    Box::pin(async move { Ok(current) })
                })
                .connect_with(opts.clone())
                .await
                .map_err(|e| fault::explain_sqlite_open(&file, e.into()))?;
            let store = Store {
                pool: Pool::Sqlite(pool),
                keeper: None,
                watch: None,
            };
            store
                .migrate()
                .await
                .map_err(|e| fault::explain_sqlite_open(&file, e))?;
            // From now on a missing file is a fault, not a new empty database.
            if let Pool::Sqlite(pool) = &store.pool {
                pool.set_connect_options(opts.create_if_missing(false));
            }
            let w = watch.get_or_init(|| file_watch::FileWatch::new(&file, opened));
            Store {
                watch: Some(w.clone()),
                ..store
            }
        };
        if store.backend() == Backend::Postgres {
            store.migrate().await?;
        }
        let moved = on_pool!(store, pool => move_legacy_bodies!(pool));
        if moved > 0 {
            tracing::info!(moved, "notice bodies packed (schema 4)");
        }
        Ok(store)
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Runs the migrations. Two processes opening a new SQLite file at once can both try
    /// the first migration (SQLite has no migration lock); the loser retries and finds it
    /// applied.
    async fn migrate(&self) -> Result<(), StoreError> {
        let mut attempt = 0;
        loop {
            let result: Result<(), StoreError> = {
                let migrator = migrations::migrator(self.backend()).await?;
                on_pool!(self, pool => migrator.run(pool).await.map_err(StoreError::from))
            };
            match result {
                Err(e) if self.backend() == Backend::Sqlite && attempt < 5 => {
                    tracing::debug!(error = %e, attempt, "migration raced another process; retrying");
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(100 << attempt)).await;
                }
                other => return other,
            }
        }
    }

    /// Closes the pool (waits for connections to finish, at most a few seconds; SQLite
    /// checkpoints its WAL).
    pub async fn close(&self) {
        let closing = async { on_pool!(self, pool => pool.close().await) };
        if tokio::time::timeout(CLOSE_DEADLINE, closing).await.is_err() {
            tracing::warn!("the database connections did not close in time");
        }
    }

    /// Saves one notice with its lot records in one transaction.
    pub async fn save_notice(
        &self,
        notice: &Notice,
        records: &[LotRecord],
        content_hash: &str,
    ) -> Result<SaveOutcome, StoreError> {
        let item = NoticeToSave {
            notice,
            records,
            content_hash,
        };
        let outcomes = self.save_notices(&[item]).await?;
        Ok(outcomes.first().copied().unwrap_or(SaveOutcome::Unchanged))
    }

    /// Saves several whole notices in ONE transaction: either all of them are written or
    /// none, so no notice is ever half written. Outcomes are in input order; a later item
    /// sees the effect of an earlier one (two versions of one notice in a batch work).
    pub async fn save_notices(
        &self,
        items: &[NoticeToSave<'_>],
    ) -> Result<Vec<SaveOutcome>, StoreError> {
        let prepared = items
            .iter()
            .map(PreparedNotice::new)
            .collect::<Result<Vec<_>, _>>()?;
        self.save_prepared(&prepared).await
    }

    /// Like [`Store::save_notices`] for notices already turned into rows (which can be done
    /// on other threads with [`PreparedNotice::new`]).
    pub async fn save_prepared(
        &self,
        items: &[PreparedNotice],
    ) -> Result<Vec<SaveOutcome>, StoreError> {
        // Dropping the write at the deadline rolls its transaction back.
        match tokio::time::timeout(WRITE_DEADLINE, self.save_prepared_now(items)).await {
            Err(_) => Err(StoreError::Timeout(WRITE_DEADLINE)),
            Ok(Err(e)) => Err(self.explain_pool_timeout(e).await),
            Ok(saved) => saved,
        }
    }

    async fn save_prepared_now(
        &self,
        items: &[PreparedNotice],
    ) -> Result<Vec<SaveOutcome>, StoreError> {
        let items: Vec<&sql::Prepared> = items.iter().map(|p| &p.0).collect();
        // One writer at a time: new notices are numbered after the highest stored number
        // (`notices.seq`), so a batch holds the write lock from its first read. SQLite: an
        // immediate transaction (waits for the lock, up to the busy timeout); PostgreSQL: a
        // lock on `notices` that excludes other writers, not readers.
        let keeper = self.keeper.as_ref();
        // A connection whose write failed is closed rather than reused: after a failed
        // COMMIT (a full disk) SQLite has rolled back by itself while sqlx still counts an
        // open transaction, and every later BEGIN on it would fail.
        let plan = match &self.pool {
            Pool::Sqlite(pool) => {
                let mut conn = pool.acquire().await?;
                let written = async {
                    let mut tx =
                        sqlx::Connection::begin_with(&mut *conn, "BEGIN IMMEDIATE").await?;
                    let before = aggregates_before!(tx, &items, keeper);
                    let plan = sql_save_batch!(tx, &items);
                    aggregates_after!(tx, before);
                    tx.commit().await?;
                    Ok::<_, StoreError>(plan)
                }
                .await;
                close_if_failed(&mut conn, written)?
            }
            Pool::Postgres(pool) => {
                let mut conn = pool.acquire().await?;
                let written = async {
                    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
                    sqlx::query("LOCK TABLE notices IN SHARE ROW EXCLUSIVE MODE")
                        .execute(&mut *tx)
                        .await?;
                    let before = aggregates_before!(tx, &items, keeper);
                    let plan = sql_save_batch!(tx, &items);
                    aggregates_after!(tx, before);
                    tx.commit().await?;
                    Ok::<_, StoreError>(plan)
                }
                .await;
                close_if_failed(&mut conn, written)?
            }
        };
        Ok(plan.outcomes)
    }

    /// Lot records of current notices (highest version, not superseded by a change notice)
    /// matching `filter`, ordered by notice id and lot position.
    pub async fn lot_records(&self, filter: &RecordFilter) -> Result<Vec<LotRecord>, StoreError> {
        Ok(self.current_records(filter).await?.into_vec())
    }

    /// The same records as [`Store::lot_records`], in the same order, left in the vectors
    /// they were decoded into: for reading them by reference (a report) without moving them.
    pub async fn current_records(&self, filter: &RecordFilter) -> Result<LotRecords, StoreError> {
        // Pages of record sets, one row each, on one connection; currency and filters are
        // decided in Rust.
        let started = std::time::Instant::now();
        let query = load::page_query(self.backend());
        let (decoder, pages) = match &self.pool {
            Pool::Sqlite(pool) => {
                let mut conn = pool.acquire().await?;
                // Read the file through a memory map rather than copying every page in; only
                // for this read, so that ingests keep their memory bound.
                sqlx::query(&format!("PRAGMA mmap_size = {}", load::MMAP_BYTES))
                    .execute(&mut *conn)
                    .await?;
                let read = read_pages!(conn, &query, filter);
                sqlx::query("PRAGMA mmap_size = 0")
                    .execute(&mut *conn)
                    .await?;
                read
            }
            Pool::Postgres(pool) => {
                let mut conn = pool.acquire().await?;
                read_pages!(conn, &query, filter)
            }
        };
        let fetched = started.elapsed();
        let records = decoder.finish()?;
        tracing::debug!(
            pages,
            records = records.len(),
            fetched_ms = fetched.as_millis() as u64,
            total_ms = started.elapsed().as_millis() as u64,
            "loaded lot records"
        );
        Ok(records)
    }

    /// The stored (highest) version of notice `id`, also when a change notice superseded it.
    pub async fn notice(&self, id: &str) -> Result<Option<Notice>, StoreError> {
        let body: Option<Vec<u8>> = on_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT d.json_lz4 FROM notice_documents d JOIN notices n \
                 ON n.seq = d.notice_seq WHERE n.id = $1",
            )
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        body.map(|b| document::unpack(id, &b)).transpose()
    }

    /// The lot records of the stored version of notice `notice_id`, in lot order (also
    /// when a change notice superseded it).
    pub async fn lot_records_of(&self, notice_id: &str) -> Result<Vec<LotRecord>, StoreError> {
        let row: Option<Vec<u8>> = on_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT r.records FROM notice_records r JOIN notices n \
                 ON n.seq = r.notice_seq WHERE n.id = $1",
            )
                .bind(notice_id)
                .fetch_optional(pool)
                .await?
        });
        row.map_or(Ok(Vec::new()), |bytes| load::decode_one(notice_id, &bytes))
    }

    /// Counts of notices and lot records.
    pub async fn counts(&self) -> Result<StoreCounts, StoreError> {
        let row: (i64, i64, i64, i64) = on_pool!(self, pool => {
            let row = sqlx::query(sql::COUNTS).fetch_one(pool).await?;
            (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?, row.try_get(3)?)
        });
        let n = |v: i64| u64::try_from(v).unwrap_or(0);
        let (notices, superseded, stored_lots, lots) = row;
        Ok(StoreCounts {
            notices: n(notices),
            current_notices: n(notices - superseded),
            superseded_notices: n(superseded),
            lots: n(lots),
            stored_lots: n(stored_lots),
        })
    }

    /// `(id, form type)` of the current notices that have no lot (planning notices that
    /// describe parts, business registrations, some change notices): they count as notices
    /// in the corpus facts although they give no lot record. `from`/`to` apply to the
    /// dispatch date; with a `country` filter none is returned, as a notice without lots
    /// has no record carrying the buyer's country.
    pub async fn notices_without_lots(
        &self,
        filter: &RecordFilter,
    ) -> Result<Vec<(String, Option<String>)>, StoreError> {
        if filter.country.is_some() {
            return Ok(Vec::new());
        }
        let from = filter.from.map(|d| d.to_string());
        let to = filter.to.map(|d| d.to_string());
        Ok(on_pool!(self, pool => {
            let mut qb = sqlx::QueryBuilder::new(format!(
                "SELECT n.id, n.form_type FROM notices n WHERE n.lot_count = 0 AND {}",
                sql::CURRENT
            ));
            if let Some(from) = &from {
                qb.push(" AND n.issue_date >= ").push_bind(from.clone());
            }
            if let Some(to) = &to {
                qb.push(" AND n.issue_date <= ").push_bind(to.clone());
            }
            qb.push(" ORDER BY n.id");
            qb.build_query_as().fetch_all(pool).await?
        }))
    }

    /// Checks that every stored notice has exactly the lot rows it was written with and its
    /// record set; returns the ids of notices that do not (empty = consistent).
    pub async fn inconsistent_notices(&self) -> Result<Vec<String>, StoreError> {
        Ok(on_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT n.id FROM notices n WHERE n.lot_count <> \
                 (SELECT COUNT(*) FROM lot_records r WHERE r.notice_seq = n.seq \
                  AND r.notice_id = n.id AND r.notice_version = n.version) \
                 OR NOT EXISTS (SELECT 1 FROM notice_records s WHERE s.notice_seq = n.seq) \
                 OR NOT EXISTS (SELECT 1 FROM notice_documents b WHERE b.notice_seq = n.seq) \
                 ORDER BY n.id",
            )
            .fetch_all(pool)
            .await?
        }))
    }

    /// `(id, version, content_hash)` of every stored notice, by id: a fingerprint of the
    /// store's content for comparing two stores.
    pub async fn notice_versions(&self) -> Result<Vec<(String, i32, String)>, StoreError> {
        Ok(on_pool!(self, pool => {
            sqlx::query_as("SELECT id, version, content_hash FROM notices ORDER BY id")
                .fetch_all(pool)
                .await?
        }))
    }
}

/// Marks the connection to be closed, not reused, when the write on it failed.
fn close_if_failed<DB: sqlx::Database, T>(
    conn: &mut sqlx::pool::PoolConnection<DB>,
    written: Result<T, StoreError>,
) -> Result<T, StoreError> {
    if written.is_err() {
        conn.close_on_drop();
    }
    written
}

/// SQLite options: WAL, synchronous=NORMAL (durable at checkpoints, never corrupt),
/// foreign keys on, file created when missing.
/// `?max_page_count=N` (spp's, not sqlx's) caps the file at N pages of 4 KiB: writes past
/// it fail as on a full disk ("database or disk is full").
fn sqlite_options(url: &str) -> Result<SqliteConnectOptions, StoreError> {
    let (url, max_pages) = split_max_page_count(url)?;
    let opts = if url.starts_with("sqlite:") {
        SqliteConnectOptions::from_str(url)?
    } else if url.contains("://") {
        return Err(StoreError::Url(url.to_string()));
    } else {
        SqliteConnectOptions::new().filename(url)
    };
    let opts = match max_pages {
        Some(n) => opts.pragma("max_page_count", n.to_string()),
        None => opts,
    };
    Ok(opts
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_millis(SQLITE_BUSY_TIMEOUT_MS))
        .pragma("cache_size", "-32768")
        .pragma("wal_autocheckpoint", "16384")
        .statement_cache_capacity(64))
}

/// Takes a trailing `max_page_count=N` query parameter off a SQLite URL.
fn split_max_page_count(url: &str) -> Result<(&str, Option<u64>), StoreError> {
    let Some((head, value)) = url.rsplit_once("max_page_count=") else {
        return Ok((url, None));
    };
    let pages = value
        .parse::<u64>()
        .map_err(|_| StoreError::Url(url.to_string()))?;
    let head = head.trim_end_matches(['?', '&']);
    Ok((head, Some(pages)))
}

/// A code list value as stored text.
fn code<T: CodeList>(v: &Option<T>) -> Option<String> {
    v.as_ref().map(|c| c.as_str().to_string())
}
