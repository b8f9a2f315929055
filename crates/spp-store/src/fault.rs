//! Database faults: errors that say the database (not one notice) is the problem, and the
//! cheap health check a server calls before it answers.
//!
//! An ingest stops at the first fault instead of retrying notice by notice, and a front end
//! shows a fault as "unavailable, try again later" (HTTP 503) rather than as a bug.

use std::path::{Path, PathBuf};

use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection};

use crate::{Pool, Store, StoreError, POSTGRES_ACQUIRE_TIMEOUT};

/// Why the database cannot be used right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// The server or file cannot be reached or opened (connection refused or lost, pool
    /// timed out, I/O error).
    Unavailable,
    /// The database, its file or its folder cannot be written.
    ReadOnly,
    /// No room left: the disk, the file system or SQLite's `max_page_count`.
    Full,
    /// Another writer held the lock longer than the busy timeout.
    Busy,
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Fault::Unavailable => "the database cannot be reached",
            Fault::ReadOnly => "the database cannot be written",
            Fault::Full => "the disk or the database is full",
            Fault::Busy => "the database is locked by another writer",
        })
    }
}

/// What [`Store::health`] found.
#[derive(Debug, thiserror::Error)]
pub enum HealthError {
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    #[error("the database is read-only: {0}")]
    ReadOnly(String),
}

/// SQLite primary result codes (the low byte of an extended code).
const SQLITE_PERM: u32 = 3;
const SQLITE_BUSY: u32 = 5;
const SQLITE_LOCKED: u32 = 6;
const SQLITE_READONLY: u32 = 8;
const SQLITE_IOERR: u32 = 10;
const SQLITE_FULL: u32 = 13;
const SQLITE_CANTOPEN: u32 = 14;

impl StoreError {
    /// The fault this error is, or `None` when it is about the data (a bad value, a
    /// corrupt stored row) and other notices may still be written.
    pub fn fault(&self) -> Option<Fault> {
        match self {
            StoreError::Db(e) => db_fault(e),
            StoreError::Migrate(sqlx::migrate::MigrateError::Execute(e)) => db_fault(e),
            StoreError::Timeout(_) | StoreError::Lost(_) => Some(Fault::Unavailable),
            StoreError::NotWritable { .. } => Some(Fault::ReadOnly),
            _ => None,
        }
    }
}

fn db_fault(e: &sqlx::Error) -> Option<Fault> {
    match e {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => Some(Fault::Unavailable),
        sqlx::Error::Database(db) => {
            let code = db.code()?;
            match code.parse::<u32>() {
                Ok(n) => sqlite_fault(n & 0xff),
                Err(_) => postgres_fault(&code),
            }
        }
        _ => None,
    }
}

fn sqlite_fault(primary: u32) -> Option<Fault> {
    match primary {
        SQLITE_FULL => Some(Fault::Full),
        SQLITE_READONLY | SQLITE_PERM => Some(Fault::ReadOnly),
        SQLITE_BUSY | SQLITE_LOCKED => Some(Fault::Busy),
        SQLITE_IOERR | SQLITE_CANTOPEN => Some(Fault::Unavailable),
        _ => None,
    }
}

/// PostgreSQL SQLSTATE classes: 08 connection, 53 insufficient resources (53100 disk
/// full), 57P admin shutdown / crash / cannot connect now, 25006 read-only transaction,
/// 55P03 lock not available.
fn postgres_fault(sqlstate: &str) -> Option<Fault> {
    match sqlstate {
        "53100" => Some(Fault::Full),
        "25006" => Some(Fault::ReadOnly),
        "55P03" => Some(Fault::Busy),
        s if s.starts_with("08") || s.starts_with("57P") || s.starts_with("53") => {
            Some(Fault::Unavailable)
        }
        _ => None,
    }
}

/// Says why a SQLite file could not be opened or migrated when the reason is that the file
/// or its folder cannot be written (SQLite itself only says "unable to open database file").
pub(crate) fn explain_sqlite_open(file: &Path, err: StoreError) -> StoreError {
    if !matches!(err.fault(), Some(Fault::ReadOnly | Fault::Unavailable)) {
        return err;
    }
    let folder = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let probe = folder.join(format!(".spp-write-probe-{}", std::process::id()));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
        }
        Err(reason) if reason.kind() != std::io::ErrorKind::NotFound => {
            return StoreError::NotWritable {
                path: folder,
                reason,
            };
        }
        Err(_) => return err,
    }
    if file.exists() {
        if let Err(reason) = std::fs::OpenOptions::new().write(true).open(file) {
            return StoreError::NotWritable {
                path: file.to_path_buf(),
                reason,
            };
        }
    }
    err
}

/// Opens one PostgreSQL connection on its own, within [`POSTGRES_ACQUIRE_TIMEOUT`], so that
/// "connection refused" or a wrong database is named (a pool only says it timed out).
pub(crate) async fn first_postgres_connection(opts: &PgConnectOptions) -> Result<(), StoreError> {
    let connect = opts.connect();
    let conn = tokio::time::timeout(POSTGRES_ACQUIRE_TIMEOUT, connect)
        .await
        .map_err(|_| StoreError::Timeout(POSTGRES_ACQUIRE_TIMEOUT))??;
    let _ = conn.close().await;
    Ok(())
}

impl Store {
    /// A PostgreSQL pool that timed out says nothing of why; one direct connection attempt
    /// names the cause (refused, reset, no such database).
    pub(crate) async fn explain_pool_timeout(&self, err: StoreError) -> StoreError {
        let (StoreError::Db(sqlx::Error::PoolTimedOut), Pool::Postgres(pool)) = (&err, &self.pool)
        else {
            return err;
        };
        let opts = pool.connect_options();
        match tokio::time::timeout(POSTGRES_ACQUIRE_TIMEOUT, opts.connect()).await {
            Ok(Err(cause)) => StoreError::Lost(cause),
            Ok(Ok(conn)) => {
                let _ = conn.close().await;
                err
            }
            Err(_) => err,
        }
    }

    /// A cheap check that the database answers and can be written: one round trip, and
    /// on SQLite a write lock taken and released without waiting for another writer (a
    /// busy database is healthy). On SQLite a database file that is no longer at its path
    /// (moved, deleted) is unavailable, named. For a server's readiness probe.
    pub async fn health(&self) -> Result<(), HealthError> {
        let classify = |e: StoreError| match e.fault() {
            Some(Fault::ReadOnly) => HealthError::ReadOnly(e.to_string()),
            _ => HealthError::Unavailable(e.to_string()),
        };
        match &self.pool {
            Pool::Sqlite(pool) => {
                if let Some(missing) = self.watch.as_ref().and_then(|w| w.missing()) {
                    return Err(HealthError::Unavailable(missing));
                }
                let mut conn = pool.acquire().await.map_err(|e| classify(e.into()))?;
                let probe = sqlite_write_probe(&mut conn).await;
                // Back to the store's busy timeout whatever the probe found.
                let restore = format!("PRAGMA busy_timeout = {}", crate::SQLITE_BUSY_TIMEOUT_MS);
                let restored = sqlx::query(&restore).execute(&mut *conn).await;
                match probe {
                    Err(e) if e.fault() == Some(Fault::Busy) => {}
                    Err(e) => return Err(classify(e)),
                    Ok(()) => {}
                }
                restored.map_err(|e| classify(e.into()))?;
            }
            Pool::Postgres(pool) => {
                let answer = sqlx::query_scalar("SHOW transaction_read_only")
                    .fetch_one(pool)
                    .await;
                let read_only: String = match answer {
                    Ok(v) => v,
                    Err(e) => return Err(classify(self.explain_pool_timeout(e.into()).await)),
                };
                if read_only == "on" {
                    return Err(HealthError::ReadOnly(
                        "the server has transaction_read_only on (a standby?)".into(),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// `BEGIN IMMEDIATE` takes SQLite's write lock, rewriting `user_version` with its own value
/// writes a page (which fails on a file opened read-only), and `ROLLBACK` undoes it all;
/// with no busy wait, another writer answers "busy" at once.
async fn sqlite_write_probe(conn: &mut sqlx::SqliteConnection) -> Result<(), StoreError> {
    sqlx::query("PRAGMA busy_timeout = 0")
        .execute(&mut *conn)
        .await?;
    let version: i64 = sqlx::query_scalar("PRAGMA user_version")
        .fetch_one(&mut *conn)
        .await?;
    sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await?;
    let written = sqlx::query(&format!("PRAGMA user_version = {version}"))
        .execute(&mut *conn)
        .await;
    let rolled_back = sqlx::query("ROLLBACK").execute(&mut *conn).await;
    written?;
    rolled_back?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(sqlite_fault(13), Some(Fault::Full));
        assert_eq!(sqlite_fault(8), Some(Fault::ReadOnly));
        assert_eq!(sqlite_fault(5), Some(Fault::Busy));
        assert_eq!(sqlite_fault(19), None); // constraint: about the data
        assert_eq!(postgres_fault("08006"), Some(Fault::Unavailable));
        assert_eq!(postgres_fault("57P01"), Some(Fault::Unavailable));
        assert_eq!(postgres_fault("53100"), Some(Fault::Full));
        assert_eq!(postgres_fault("25006"), Some(Fault::ReadOnly));
        assert_eq!(postgres_fault("23505"), None);
        let io = StoreError::Db(sqlx::Error::Io(std::io::Error::other("reset")));
        assert_eq!(io.fault(), Some(Fault::Unavailable));
        assert_eq!(StoreError::Url("x".into()).fault(), None);
    }
}
