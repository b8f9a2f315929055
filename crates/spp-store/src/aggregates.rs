//! Stored aggregates kept by the writer: when a save changes which notices are current, the
//! contributions of the notices that stop being current are subtracted and those of the
//! notices that become current are added, in the save's transaction. What a contribution is
//! and how states merge is the [`Aggregator`]'s (spp-app plugs in spp-monitoring's cube);
//! the store only keeps the bytes, so it depends on no indicator code.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use spp_domain::LotRecord;

use crate::StoreError;

/// What one current notice adds to the aggregates, encoded.
#[derive(Debug, Clone, Default)]
pub struct AggregateDelta {
    /// (cell key, state to add)
    pub cells: Vec<(String, Vec<u8>)>,
    /// What of the notice spans cells (kept per notice id).
    pub span: Option<Vec<u8>>,
    /// (entity, cell, lots, divided lots): the notice's part of cross-notice entities.
    pub entities: Vec<(String, String, i64, i64)>,
}

/// What a change to one entity does.
#[derive(Debug, Clone, Default)]
pub struct EntityChange {
    /// `None`: no part left.
    pub state: Option<Vec<u8>>,
    pub spanning: bool,
    /// Cell states to add.
    pub cells: Vec<(String, Vec<u8>)>,
}

/// The aggregates' arithmetic, given to the store by the application.
pub trait Aggregator: Send + Sync {
    /// Identifies what the states are computed with; stored states with another fingerprint
    /// are not used and not kept up to date until rebuilt.
    fn fingerprint(&self) -> String;
    /// The contribution of the records of one current notice (all its lots, in order).
    fn contribution(&self, records: &[LotRecord]) -> AggregateDelta;
    /// `stored + sign × delta` on cell states; `None` when nothing is left.
    fn merge_cell(
        &self,
        stored: Option<&[u8]>,
        delta: &[u8],
        sign: i64,
    ) -> Result<Option<Vec<u8>>, String>;
    /// Applies `sign × parts` (cell, lots, divided lots) to an entity's stored state.
    fn change_entity(
        &self,
        entity: &str,
        stored: Option<&[u8]>,
        parts: &[(String, i64, i64)],
        sign: i64,
    ) -> Result<EntityChange, String>;
}

/// The aggregator a store keeps its aggregates with.
#[derive(Clone)]
pub(crate) struct Keeper(pub Arc<dyn Aggregator>);

impl std::fmt::Debug for Keeper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Aggregator({})", self.0.fingerprint())
    }
}

/// `(fingerprint, generation, records generation)` of the stored aggregates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AggregateStatus {
    pub fingerprint: String,
    /// The generation of the notices the aggregates are exact for.
    pub generation: i64,
    /// The generation of the notices (one more per save that wrote).
    pub records_generation: i64,
    /// The generation the derived views were made for (-1: never).
    pub views_generation: i64,
}

impl AggregateStatus {
    /// Exact for the notices stored now, computed with `fingerprint`.
    pub fn is_current(&self, fingerprint: &str) -> bool {
        self.fingerprint == fingerprint && self.generation == self.records_generation
    }

    /// The derived views are those of the aggregates now.
    pub fn views_current(&self) -> bool {
        self.views_generation == self.generation
    }
}

/// The rows of one derived view (keys with the view's prefix).
#[derive(Debug, Clone, Default)]
pub struct ViewRowSet {
    pub view: i64,
    pub cells: Vec<(String, Vec<u8>)>,
    pub spans: Vec<(String, Vec<u8>)>,
    /// Procedures in several of the view's cells.
    pub spanning: Vec<(String, Vec<u8>)>,
}

/// Every stored aggregate row, read in one snapshot.
#[derive(Debug, Clone, Default)]
pub struct AggregateRows {
    pub generation: i64,
    pub cells: Vec<(String, Vec<u8>)>,
    pub spans: Vec<Vec<u8>>,
    /// Entities in more than one cell.
    pub spanning: Vec<(String, Vec<u8>)>,
}

fn failed(reason: String) -> StoreError {
    StoreError::Corrupt {
        what: "the stored aggregates".to_string(),
        reason,
    }
}

/// A stored row: key and state.
pub(crate) type Row = (String, Vec<u8>);

/// The changes a save makes to the aggregates, gathered before they are written.
pub(crate) struct Changes<'a> {
    agg: &'a dyn Aggregator,
    pub cells: HashMap<String, Vec<u8>>,
    pub span_deletes: Vec<String>,
    pub span_inserts: BTreeMap<String, Vec<u8>>,
    pub entities: BTreeMap<String, Vec<(String, i64, i64)>>,
}

impl<'a> Changes<'a> {
    pub(crate) fn new(agg: &'a dyn Aggregator) -> Changes<'a> {
        Changes {
            agg,
            cells: HashMap::new(),
            span_deletes: Vec::new(),
            span_inserts: BTreeMap::new(),
            entities: BTreeMap::new(),
        }
    }

    /// Adds (1) or takes out (-1) the contribution of notice `id`'s current records.
    pub(crate) fn notice(
        &mut self,
        id: &str,
        records: &[LotRecord],
        sign: i64,
    ) -> Result<(), StoreError> {
        let delta = self.agg.contribution(records);
        for (cell, state) in &delta.cells {
            self.cell(cell, state, sign)?;
        }
        if sign < 0 {
            self.span_deletes.push(id.to_string());
            self.span_inserts.remove(id);
        } else if let Some(span) = delta.span {
            self.span_inserts.insert(id.to_string(), span);
        }
        for (entity, cell, lots, divided) in delta.entities {
            self.entities
                .entry(entity)
                .or_default()
                .push((cell, sign * lots, sign * divided));
        }
        Ok(())
    }

    pub(crate) fn cell(&mut self, cell: &str, delta: &[u8], sign: i64) -> Result<(), StoreError> {
        let merged = self
            .agg
            .merge_cell(self.cells.get(cell).map(Vec::as_slice), delta, sign)
            .map_err(failed)?;
        match merged {
            Some(state) => self.cells.insert(cell.to_string(), state),
            None => self.cells.remove(cell),
        };
        Ok(())
    }

    /// The new state of each entity given its stored one; the cell changes it makes are
    /// added to the cells'.
    pub(crate) fn entities(
        &mut self,
        stored: &HashMap<String, Vec<u8>>,
    ) -> Result<Vec<(String, EntityChange)>, StoreError> {
        let entities = std::mem::take(&mut self.entities);
        let mut out = Vec::with_capacity(entities.len());
        for (entity, parts) in entities {
            let old = stored.get(&entity).map(Vec::as_slice);
            let change = self
                .agg
                .change_entity(&entity, old, &parts, 1)
                .map_err(failed)?;
            for (cell, state) in &change.cells {
                self.cell(cell, state, 1)?;
            }
            out.push((entity, change));
        }
        Ok(out)
    }

    /// The stored state of each changed cell merged with its change: upserts and deletes.
    pub(crate) fn cell_rows(
        &self,
        stored: &HashMap<String, Vec<u8>>,
    ) -> Result<(Vec<Row>, Vec<String>), StoreError> {
        let mut upserts = Vec::new();
        let mut deletes = Vec::new();
        let mut cells: Vec<(&String, &Vec<u8>)> = self.cells.iter().collect();
        cells.sort();
        for (cell, delta) in cells {
            let old = stored.get(cell).map(Vec::as_slice);
            match self.agg.merge_cell(old, delta, 1).map_err(failed)? {
                Some(state) => upserts.push((cell.clone(), state)),
                None if old.is_some() => deletes.push(cell.clone()),
                None => {}
            }
        }
        Ok((upserts, deletes))
    }
}

impl AggregateStatus {
    /// The aggregates can be kept by a writer with `fingerprint`: they are exact now, for
    /// that fingerprint or for an empty store.
    pub(crate) fn in_step(&self, fingerprint: &str) -> bool {
        self.generation == self.records_generation
            && (self.fingerprint == fingerprint || self.records_generation == 0)
    }
}

/// What [`aggregates_before!`] read.
pub(crate) struct Before {
    pub keeper: Keeper,
    pub affected: Vec<String>,
    /// The record sets of the affected notices current before the batch.
    pub records: HashMap<String, Vec<u8>>,
}

impl Before {
    /// Takes out the notices no longer current as they were, adds those current now.
    pub(crate) fn changes(
        &self,
        after: &HashMap<String, Vec<u8>>,
        changes: &mut Changes,
    ) -> Result<(), StoreError> {
        let mut gone: Vec<(&String, &Vec<u8>)> = self
            .records
            .iter()
            .filter(|(id, bytes)| after.get(*id) != Some(*bytes))
            .collect();
        gone.sort();
        for (id, bytes) in gone {
            changes.notice(id, &crate::load::decode_one(id, bytes)?, -1)?;
        }
        let mut came: Vec<(&String, &Vec<u8>)> = after
            .iter()
            .filter(|(id, bytes)| self.records.get(*id) != Some(*bytes))
            .collect();
        came.sort();
        for (id, bytes) in came {
            changes.notice(id, &crate::load::decode_one(id, bytes)?, 1)?;
        }
        Ok(())
    }
}

/// Rows per multi-row statement of the aggregate tables.
pub(crate) const CHUNK: usize = 500;

/// The status row, on connection or transaction `$conn`.
macro_rules! aggregate_status {
    ($conn:expr) => {{
        let (fingerprint, generation, records_generation, views_generation): (
            String,
            i64,
            i64,
            i64,
        ) = sqlx::query_as(
            "SELECT fingerprint, generation, records_generation, views_generation \
             FROM aggregate_meta WHERE id = 1",
        )
        .fetch_one($conn)
        .await?;
        $crate::aggregates::AggregateStatus {
            fingerprint,
            generation,
            records_generation,
            views_generation,
        }
    }};
}

/// `(key, value)` rows of `$sql … IN (keys)`, as a map.
macro_rules! select_in {
    ($tx:ident, $sql:expr, $keys:expr) => {{
        let mut out: std::collections::HashMap<String, Vec<u8>> = std::collections::HashMap::new();
        let keys: Vec<&str> = $keys;
        for chunk in keys.chunks($crate::aggregates::CHUNK) {
            let mut qb = sqlx::QueryBuilder::new($sql);
            let mut list = qb.separated(", ");
            for key in chunk {
                list.push_bind(*key);
            }
            qb.push(")");
            let rows: Vec<(String, Vec<u8>)> = qb.build_query_as().fetch_all(&mut *$tx).await?;
            out.extend(rows);
        }
        out
    }};
}

/// `DELETE FROM $table WHERE $column IN (keys)`.
macro_rules! delete_in {
    ($tx:ident, $table:literal, $column:literal, $keys:expr) => {{
        let keys: Vec<&str> = $keys;
        for chunk in keys.chunks($crate::aggregates::CHUNK) {
            let mut qb = sqlx::QueryBuilder::new(concat!(
                "DELETE FROM ",
                $table,
                " WHERE ",
                $column,
                " IN ("
            ));
            let mut list = qb.separated(", ");
            for key in chunk {
                list.push_bind(*key);
            }
            qb.push(")");
            qb.build().execute(&mut *$tx).await?;
        }
    }};
}

/// The current notices among `ids` with their record sets.
macro_rules! current_records_in {
    ($tx:ident, $ids:expr) => {{
        select_in!(
            $tx,
            format!(
                "SELECT n.id, r.records FROM notices n JOIN notice_records r \
                 ON r.notice_seq = n.seq WHERE {} AND n.id IN (",
                $crate::sql::CURRENT
            ),
            $ids
        )
    }};
}

/// Writes gathered [`Changes`] in transaction `$tx`.
macro_rules! write_changes {
    ($tx:ident, $changes:expr) => {{
        let changes: &mut $crate::aggregates::Changes = $changes;
        let deletes: Vec<&str> = changes.span_deletes.iter().map(String::as_str).collect();
        delete_in!($tx, "aggregate_spans", "notice_id", deletes);
        let spans: Vec<(&String, &Vec<u8>)> = changes.span_inserts.iter().collect();
        for chunk in spans.chunks($crate::aggregates::CHUNK) {
            let mut qb = sqlx::QueryBuilder::new("INSERT INTO aggregate_spans (notice_id, span) ");
            qb.push_values(chunk, |mut b, (id, span)| {
                b.push_bind(id.as_str()).push_bind(span.as_slice());
            });
            qb.build().execute(&mut *$tx).await?;
        }
        let keys: Vec<String> = changes.entities.keys().cloned().collect();
        let stored = select_in!(
            $tx,
            "SELECT entity, state FROM aggregate_procedures WHERE entity IN (",
            keys.iter().map(String::as_str).collect()
        );
        let entities = changes.entities(&stored)?;
        let (kept, gone): (Vec<_>, Vec<_>) =
            entities.into_iter().partition(|(_, c)| c.state.is_some());
        delete_in!(
            $tx,
            "aggregate_procedures",
            "entity",
            gone.iter().map(|(e, _)| e.as_str()).collect()
        );
        for chunk in kept.chunks($crate::aggregates::CHUNK) {
            let mut qb = sqlx::QueryBuilder::new(
                "INSERT INTO aggregate_procedures (entity, state, spanning) ",
            );
            qb.push_values(chunk, |mut b, (entity, change)| {
                b.push_bind(entity.as_str())
                    .push_bind(change.state.clone().unwrap_or_default())
                    .push_bind(i32::from(change.spanning));
            });
            qb.push(
                " ON CONFLICT (entity) DO UPDATE SET state = excluded.state, \
                 spanning = excluded.spanning",
            );
            qb.build().execute(&mut *$tx).await?;
        }
        let stored = select_in!(
            $tx,
            "SELECT cell, state FROM aggregate_cells WHERE cell IN (",
            changes.cells.keys().map(String::as_str).collect()
        );
        let (upserts, deletes) = changes.cell_rows(&stored)?;
        delete_in!(
            $tx,
            "aggregate_cells",
            "cell",
            deletes.iter().map(String::as_str).collect()
        );
        for chunk in upserts.chunks($crate::aggregates::CHUNK) {
            let mut qb = sqlx::QueryBuilder::new("INSERT INTO aggregate_cells (cell, state) ");
            qb.push_values(chunk, |mut b, (cell, state)| {
                b.push_bind(cell.as_str()).push_bind(state.as_slice());
            });
            qb.push(" ON CONFLICT (cell) DO UPDATE SET state = excluded.state");
            qb.build().execute(&mut *$tx).await?;
        }
    }};
}

/// Before a batch is written: when the aggregates are kept and in step, the notices whose
/// currency the batch can change (its ids, the notices they change now and changed before)
/// with the record sets of those that are current. Evaluates to `Option<Before>`.
macro_rules! aggregates_before {
    ($tx:ident, $items:expr, $keeper:expr) => {{
        let status = aggregate_status!(&mut *$tx);
        match $keeper {
            Some(keeper) if status.in_step(&keeper.0.fingerprint()) => {
                let items: &[&$crate::sql::Prepared] = $items;
                let ids: Vec<&str> = items.iter().map(|p| p.id.as_str()).collect();
                let mut affected: std::collections::BTreeSet<String> =
                    ids.iter().map(|id| id.to_string()).collect();
                affected.extend(items.iter().filter_map(|p| p.changes_id.clone()));
                for chunk in ids.chunks($crate::aggregates::CHUNK) {
                    let mut qb = sqlx::QueryBuilder::new(
                        "SELECT changes_id FROM notices WHERE changes_id IS NOT NULL AND id IN (",
                    );
                    let mut list = qb.separated(", ");
                    for id in chunk {
                        list.push_bind(*id);
                    }
                    qb.push(")");
                    let targets: Vec<(String,)> = qb.build_query_as().fetch_all(&mut *$tx).await?;
                    affected.extend(targets.into_iter().map(|t| t.0));
                }
                let affected: Vec<String> = affected.into_iter().collect();
                let records =
                    current_records_in!($tx, affected.iter().map(String::as_str).collect());
                Some($crate::aggregates::Before {
                    keeper: keeper.clone(),
                    affected,
                    records,
                })
            }
            _ => None,
        }
    }};
}

/// After a batch is written: the aggregates follow the notices whose currency changed, and
/// the generations move on.
macro_rules! aggregates_after {
    ($tx:ident, $before:expr) => {{
        let before: Option<$crate::aggregates::Before> = $before;
        match before {
            Some(before) => {
                let after =
                    current_records_in!($tx, before.affected.iter().map(String::as_str).collect());
                let mut changes = $crate::aggregates::Changes::new(before.keeper.0.as_ref());
                before.changes(&after, &mut changes)?;
                write_changes!($tx, &mut changes);
                sqlx::query(
                    "UPDATE aggregate_meta SET fingerprint = $1, generation = generation + 1, \
                     records_generation = records_generation + 1 WHERE id = 1",
                )
                .bind(before.keeper.0.fingerprint())
                .execute(&mut *$tx)
                .await?;
            }
            None => {
                sqlx::query(
                    "UPDATE aggregate_meta SET records_generation = records_generation + 1 \
                     WHERE id = 1",
                )
                .execute(&mut *$tx)
                .await?;
            }
        }
    }};
}
