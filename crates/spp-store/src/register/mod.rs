//! The contract register's tables (migration 15): entities, buyer mappings, users, grants,
//! sessions, API tokens, contracts with lots, applied criteria, call-offs and invoices, and
//! the append-only audit log.
//!
//! Everything goes through a [`RegisterTx`]: one transaction, on either backend, with the
//! SQL written once (values are bound as [`Val`]s; the tables are portable). A write
//! transaction holds the register's write lock from its start (SQLite `BEGIN IMMEDIATE`,
//! PostgreSQL a lock on `audit_log` that excludes other writers, not readers), so the ids it
//! assigns are free and every change and its audit row commit together or not at all.

use std::collections::HashMap;

use crate::{Pool, Store, StoreError};

mod accounts;
mod audit;
mod contract_write;
mod contracts;
mod decode;
mod entities;
mod practices;

pub use accounts::{ListedToken, StoredToken, StoredUser};
pub use audit::{AuditAction, AuditEntry, SubjectKind};
pub use contracts::{SaveResult, StoredContract};
pub use entities::{BuyerMapping, StoredEntity};
pub use practices::StoredPractice;

/// A bound value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val {
    Int(Option<i64>),
    Text(Option<String>),
}

impl Val {
    pub fn text(s: impl Into<String>) -> Val {
        Val::Text(Some(s.into()))
    }
    pub fn opt_text(s: Option<impl Into<String>>) -> Val {
        Val::Text(s.map(Into::into))
    }
    pub fn int(i: i64) -> Val {
        Val::Int(Some(i))
    }
    pub fn flag(b: Option<bool>) -> Val {
        Val::Int(b.map(i64::from))
    }
}

/// The type of a column read.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind {
    Int,
    Text,
}

/// A row read, by column position.
#[derive(Debug)]
pub(crate) struct Row(Vec<Val>);

impl Row {
    pub fn int(&self, i: usize) -> Option<i64> {
        match self.0.get(i) {
            Some(Val::Int(v)) => *v,
            _ => None,
        }
    }
    pub fn text(&self, i: usize) -> Option<String> {
        match self.0.get(i) {
            Some(Val::Text(v)) => v.clone(),
            _ => None,
        }
    }
    pub fn flag(&self, i: usize) -> Option<bool> {
        self.int(i).map(|v| v != 0)
    }
}

enum Inner {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// One transaction over the register's tables.
pub struct RegisterTx {
    inner: Inner,
    next_ids: HashMap<&'static str, i64>,
    /// Entity ids by code, as looked up in this transaction.
    entity_ids: HashMap<String, i64>,
    /// The transaction's time, RFC 3339 UTC: every row it writes carries it.
    now: String,
}

impl Store {
    /// A transaction that writes: it waits for (and holds) the register's write lock.
    pub async fn register_write(&self) -> Result<RegisterTx, StoreError> {
        let inner = match &self.pool {
            Pool::Sqlite(pool) => Inner::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Pool::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                sqlx::query("LOCK TABLE audit_log IN SHARE ROW EXCLUSIVE MODE")
                    .execute(&mut *tx)
                    .await?;
                Inner::Postgres(tx)
            }
        };
        Ok(RegisterTx::new(inner))
    }

    /// A transaction that only reads (one consistent view).
    pub async fn register_read(&self) -> Result<RegisterTx, StoreError> {
        let inner = match &self.pool {
            Pool::Sqlite(pool) => Inner::Sqlite(pool.begin().await?),
            Pool::Postgres(pool) => Inner::Postgres(pool.begin().await?),
        };
        Ok(RegisterTx::new(inner))
    }
}

macro_rules! bound {
    ($sql:expr, $binds:expr) => {{
        let mut q = sqlx::query($sql);
        for b in $binds {
            q = match b {
                Val::Int(v) => q.bind(*v),
                Val::Text(v) => q.bind(v.clone()),
            };
        }
        q
    }};
}

macro_rules! fetch {
    ($tx:expr, $sql:expr, $binds:expr, $kinds:expr) => {{
        use sqlx::Row as _;
        let rows = bound!($sql, $binds).fetch_all(&mut **$tx).await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let mut vals = Vec::with_capacity($kinds.len());
            for (i, k) in $kinds.iter().enumerate() {
                vals.push(match k {
                    Kind::Int => Val::Int(row.try_get::<Option<i64>, _>(i)?),
                    Kind::Text => Val::Text(row.try_get::<Option<String>, _>(i)?),
                });
            }
            out.push(Row(vals));
        }
        out
    }};
}

impl RegisterTx {
    fn new(inner: Inner) -> RegisterTx {
        RegisterTx {
            inner,
            next_ids: HashMap::new(),
            entity_ids: HashMap::new(),
            now: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        }
    }

    /// Commits every change and its audit rows.
    pub async fn commit(self) -> Result<(), StoreError> {
        match self.inner {
            Inner::Sqlite(tx) => tx.commit().await?,
            Inner::Postgres(tx) => tx.commit().await?,
        }
        Ok(())
    }

    /// The transaction's time (RFC 3339, UTC).
    pub fn now(&self) -> &str {
        &self.now
    }

    pub(crate) async fn exec(&mut self, sql: &str, binds: &[Val]) -> Result<u64, StoreError> {
        Ok(match &mut self.inner {
            Inner::Sqlite(tx) => bound!(sql, binds).execute(&mut **tx).await?.rows_affected(),
            Inner::Postgres(tx) => bound!(sql, binds).execute(&mut **tx).await?.rows_affected(),
        })
    }

    pub(crate) async fn rows(
        &mut self,
        sql: &str,
        binds: &[Val],
        kinds: &[Kind],
    ) -> Result<Vec<Row>, StoreError> {
        Ok(match &mut self.inner {
            Inner::Sqlite(tx) => fetch!(tx, sql, binds, kinds),
            Inner::Postgres(tx) => fetch!(tx, sql, binds, kinds),
        })
    }

    /// The next free id of `table` (whose key is `id`); valid under the write lock.
    pub(crate) async fn next_id(&mut self, table: &'static str) -> Result<i64, StoreError> {
        if let Some(id) = self.next_ids.get_mut(table) {
            *id += 1;
            return Ok(*id);
        }
        let sql = format!("SELECT COALESCE(MAX(id), 0) + 1 FROM {table}");
        let id = self.rows(&sql, &[], &[Kind::Int]).await?[0]
            .int(0)
            .unwrap_or(1);
        self.next_ids.insert(table, id);
        Ok(id)
    }
}

/// A stored value that does not read back as its type.
pub(crate) fn corrupt(what: impl Into<String>, reason: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        what: what.into(),
        reason: reason.to_string(),
    }
}
