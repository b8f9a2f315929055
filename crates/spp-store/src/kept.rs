//! The [`Store`] side of the stored aggregates: plugging in the aggregator, reading the
//! aggregates, rebuilding them from the current notices.

use std::sync::Arc;

use crate::aggregates::{AggregateRows, AggregateStatus, Aggregator, Changes, Keeper, ViewRowSet};

/// `INSERT INTO $into VALUES (key, bytes, view)` for every row, in chunks.
macro_rules! insert_rows {
    ($tx:ident, $into:literal, $view:expr, $rows:expr) => {{
        let rows: &[(String, Vec<u8>)] = $rows;
        for chunk in rows.chunks(crate::aggregates::CHUNK) {
            let mut qb = sqlx::QueryBuilder::new(concat!("INSERT INTO ", $into, " "));
            qb.push_values(chunk, |mut b, (key, bytes)| {
                b.push_bind(key.as_str())
                    .push_bind(bytes.as_slice())
                    .push_bind($view);
            });
            qb.build().execute(&mut *$tx).await?;
        }
    }};
}
use crate::{Pool, Store, StoreError};

/// Notices read per page while rebuilding.
const REBUILD_PAGE: i64 = 2000;

impl Store {
    /// This store, keeping the stored aggregates with `aggregator` in every save.
    pub fn with_aggregator(mut self, aggregator: Arc<dyn Aggregator>) -> Store {
        self.keeper = Some(Keeper(aggregator));
        self
    }

    /// The fingerprint and generations of the stored aggregates.
    pub async fn aggregate_status(&self) -> Result<AggregateStatus, StoreError> {
        Ok(on_pool!(self, pool => aggregate_status!(pool)))
    }

    /// Every aggregate row of the full cube (view 0), from one snapshot (a save in between is
    /// not half seen).
    pub async fn aggregate_rows(&self) -> Result<AggregateRows, StoreError> {
        self.aggregate_rows_of(0).await
    }

    /// Every aggregate row of one view, from one snapshot.
    pub async fn aggregate_rows_of(&self, view: i64) -> Result<AggregateRows, StoreError> {
        macro_rules! read {
            ($tx:ident) => {{
                let status = aggregate_status!(&mut *$tx);
                AggregateRows {
                    // A derived view is exact for the generation it was derived for.
                    generation: if view == 0 {
                        status.generation
                    } else {
                        status.views_generation
                    },
                    cells: sqlx::query_as(
                        "SELECT cell, state FROM aggregate_cells WHERE view = $1",
                    )
                    .bind(view)
                    .fetch_all(&mut *$tx)
                    .await?,
                    spans: sqlx::query_scalar("SELECT span FROM aggregate_spans WHERE view = $1")
                        .bind(view)
                        .fetch_all(&mut *$tx)
                        .await?,
                    spanning: sqlx::query_as(
                        "SELECT entity, state FROM aggregate_procedures \
                         WHERE spanning = 1 AND view = $1",
                    )
                    .bind(view)
                    .fetch_all(&mut *$tx)
                    .await?,
                }
            }};
        }
        Ok(match &self.pool {
            Pool::Sqlite(pool) => {
                let mut tx = pool.begin().await?;
                let rows = read!(tx);
                tx.commit().await?;
                rows
            }
            Pool::Postgres(pool) => {
                let mut tx = pool
                    .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .await?;
                let rows = read!(tx);
                tx.commit().await?;
                rows
            }
        })
    }

    /// Replaces the derived views (every view but 0) with `views`, derived from the full cube
    /// at `generation`. Nothing is written, and `false` returned, when a save moved the
    /// aggregates on in the meantime.
    pub async fn replace_views(
        &self,
        generation: i64,
        views: &[ViewRowSet],
    ) -> Result<bool, StoreError> {
        macro_rules! replace {
            ($tx:ident) => {{
                let status = aggregate_status!(&mut *$tx);
                if status.generation != generation || status.records_generation != generation {
                    false
                } else {
                    for table in ["aggregate_cells", "aggregate_spans", "aggregate_procedures"] {
                        sqlx::query(&format!("DELETE FROM {table} WHERE view <> 0"))
                            .execute(&mut *$tx)
                            .await?;
                    }
                    for v in views {
                        insert_rows!($tx, "aggregate_cells (cell, state, view)", v.view, &v.cells);
                        insert_rows!(
                            $tx,
                            "aggregate_spans (notice_id, span, view)",
                            v.view,
                            &v.spans
                        );
                        let spanning: Vec<(String, Vec<u8>)> = v.spanning.clone();
                        for chunk in spanning.chunks(crate::aggregates::CHUNK) {
                            let mut qb = sqlx::QueryBuilder::new(
                                "INSERT INTO aggregate_procedures (entity, state, spanning, view) ",
                            );
                            qb.push_values(chunk, |mut b, (entity, state)| {
                                b.push_bind(entity.as_str())
                                    .push_bind(state.as_slice())
                                    .push_bind(1_i32)
                                    .push_bind(v.view);
                            });
                            qb.build().execute(&mut *$tx).await?;
                        }
                    }
                    sqlx::query("UPDATE aggregate_meta SET views_generation = $1 WHERE id = 1")
                        .bind(generation)
                        .execute(&mut *$tx)
                        .await?;
                    true
                }
            }};
        }
        Ok(match &self.pool {
            Pool::Sqlite(pool) => {
                let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                let done = replace!(tx);
                tx.commit().await?;
                done
            }
            Pool::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                sqlx::query("LOCK TABLE aggregate_meta IN SHARE ROW EXCLUSIVE MODE")
                    .execute(&mut *tx)
                    .await?;
                let done = replace!(tx);
                tx.commit().await?;
                done
            }
        })
    }

    /// Computes the aggregates again from the current notices with this store's aggregator,
    /// in one transaction (writers wait). Returns the number of notices read.
    pub async fn rebuild_aggregates(&self) -> Result<u64, StoreError> {
        let Some(keeper) = self.keeper.clone() else {
            return Err(StoreError::Range(
                "no aggregator: the store cannot rebuild its aggregates".into(),
            ));
        };
        macro_rules! rebuild {
            ($tx:ident) => {{
                for table in ["aggregate_cells", "aggregate_spans", "aggregate_procedures"] {
                    sqlx::query(&format!("DELETE FROM {table}"))
                        .execute(&mut *$tx)
                        .await?;
                }
                let mut changes = Changes::new(keeper.0.as_ref());
                let query = format!(
                    "SELECT n.seq, n.id, r.records FROM notices n JOIN notice_records r \
                     ON r.notice_seq = n.seq WHERE n.seq > $1 AND {} ORDER BY n.seq LIMIT {}",
                    crate::sql::CURRENT,
                    REBUILD_PAGE
                );
                let (mut after, mut notices) = (0_i32, 0_u64);
                loop {
                    let page: Vec<(i32, String, Vec<u8>)> = sqlx::query_as(&query)
                        .bind(after)
                        .fetch_all(&mut *$tx)
                        .await?;
                    let Some(last) = page.last().map(|r| r.0) else {
                        break;
                    };
                    for (_, id, bytes) in &page {
                        changes.notice(id, &crate::load::decode_one(id, bytes)?, 1)?;
                    }
                    notices += page.len() as u64;
                    after = last;
                }
                write_changes!($tx, &mut changes);
                sqlx::query(
                    "UPDATE aggregate_meta SET fingerprint = $1, \
                     generation = records_generation, views_generation = -1 WHERE id = 1",
                )
                .bind(keeper.0.fingerprint())
                .execute(&mut *$tx)
                .await?;
                notices
            }};
        }
        Ok(match &self.pool {
            Pool::Sqlite(pool) => {
                let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                let n = rebuild!(tx);
                tx.commit().await?;
                n
            }
            Pool::Postgres(pool) => {
                let mut tx = pool.begin().await?;
                sqlx::query("LOCK TABLE notices IN SHARE ROW EXCLUSIVE MODE")
                    .execute(&mut *tx)
                    .await?;
                let n = rebuild!(tx);
                tx.commit().await?;
                n
            }
        })
    }
}
