//! Rewriting the classification of stored notices (after a catalogue change) and the store's
//! settings.

use spp_domain::LotRecord;

use crate::{codec, Pool, Store, StoreError};

/// A notice's lot records classified again: `(notice id, version, records)`.
pub type Reclassified = (String, u32, Vec<LotRecord>);

macro_rules! replace_in {
    ($tx:expr, $items:expr) => {{
        for (id, version, records) in $items {
            let seq: Option<i32> = sqlx::query_scalar("SELECT seq FROM notices WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *$tx)
                .await?;
            let Some(seq) = seq else { continue };
            let version = i32::try_from(*version)
                .map_err(|_| StoreError::Range(format!("version {version}")))?;
            sqlx::query("UPDATE notice_records SET records = $1 WHERE notice_seq = $2")
                .bind(codec::encode_set(id, version, records))
                .bind(seq)
                .execute(&mut *$tx)
                .await?;
            for (i, r) in records.iter().enumerate() {
                sqlx::query(
                    "UPDATE lot_records SET product_group = $1 WHERE notice_seq = $2 AND seq = $3",
                )
                .bind(r.product_group.clone())
                .bind(seq)
                .bind(i as i32)
                .execute(&mut *$tx)
                .await?;
            }
        }
    }};
}

impl Store {
    /// Replaces the stored lot records of notices (same notice, same version, new
    /// classification) in one transaction.
    pub async fn replace_records(&self, items: &[Reclassified]) -> Result<(), StoreError> {
        match &self.pool {
            Pool::Sqlite(pool) => {
                let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                replace_in!(tx, items);
                tx.commit().await?;
            }
            Pool::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                sqlx::query("LOCK TABLE notices IN SHARE ROW EXCLUSIVE MODE")
                    .execute(&mut *tx)
                    .await?;
                replace_in!(tx, items);
                tx.commit().await?;
            }
        }
        Ok(())
    }

    /// A setting of the store (`None` when never set).
    pub async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        let q = "SELECT value FROM store_settings WHERE key = $1";
        Ok(match &self.pool {
            Pool::Sqlite(p) => sqlx::query_scalar(q).bind(key).fetch_optional(p).await?,
            Pool::Postgres(p) => sqlx::query_scalar(q).bind(key).fetch_optional(p).await?,
        })
    }

    pub async fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        let q = "INSERT INTO store_settings (key, value) VALUES ($1, $2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        let _rows = match &self.pool {
            Pool::Sqlite(p) => sqlx::query(q)
                .bind(key)
                .bind(value)
                .execute(p)
                .await?
                .rows_affected(),
            Pool::Postgres(p) => sqlx::query(q)
                .bind(key)
                .bind(value)
                .execute(p)
                .await?
                .rows_affected(),
        };
        Ok(())
    }
}
