//! The stored aggregates as the application keeps and reads them: spp-monitoring's cube
//! (the arithmetic) plugged into the store (the tables), computed with the bundled exchange
//! rates and the default SPP-1 policy, and read into memory once per generation.
//!
//! A report is answered from the cube when every filter it has is one the cube keeps (whole
//! years, country, NUTS prefix, product group, procedure type, CPV division), no grouping is
//! by buyer, and its policy is the one the cube was computed with; any other report is
//! computed from the records (docs/STORE.md, "Stored aggregates").

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::Mutex;

use spp_domain::LotRecord;
use spp_monitoring::cube::contribution::contribution;
use spp_monitoring::cube::derive::derive;
use spp_monitoring::cube::entity::change_procedure;
use spp_monitoring::cube::loaded::LoadedCube;
use spp_monitoring::cube::view::View;
use spp_monitoring::cube::{CellState, LAYOUT};
use spp_monitoring::{plausibility, FxTable, Report};
use spp_store::{AggregateDelta, Aggregator, EntityChange, ViewRowSet};

use crate::policy::CataloguePolicy;

/// The cube's arithmetic for one policy.
pub struct CubeAggregator {
    policy: CataloguePolicy,
    fingerprint: String,
}

impl CubeAggregator {
    pub fn new(policy: CataloguePolicy) -> CubeAggregator {
        let fingerprint = fingerprint(&policy);
        CubeAggregator {
            policy,
            fingerprint,
        }
    }
}

/// What the cube's states depend on: its layout, the policy (its rules), the exchange rates
/// and the plausibility thresholds.
pub fn fingerprint(policy: &CataloguePolicy) -> String {
    let rules = format!("{:?}", policy.policy.rules);
    let fx = FxTable::bundled();
    let text = format!(
        "layout {LAYOUT}; policy {} {rules}; fx {:?}; plausibility {} {} {} {} {}",
        policy.name,
        fx.span(),
        plausibility::VALUE_CEILING_EUR,
        plausibility::AWARD_OVER_ESTIMATE,
        plausibility::AWARD_OVER_ESTIMATE_MIN_EUR,
        plausibility::VEHICLES_BOUND,
        plausibility::REPEATED_VEHICLES_MIN,
    );
    // FNV-1a: stable across builds and platforms.
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("cube-{LAYOUT}-{}-{hash:016x}", policy.name)
}

impl Aggregator for CubeAggregator {
    fn fingerprint(&self) -> String {
        self.fingerprint.clone()
    }

    fn contribution(&self, records: &[LotRecord]) -> AggregateDelta {
        let c = contribution(records, FxTable::bundled(), Some(&self.policy));
        AggregateDelta {
            cells: c
                .cells
                .into_iter()
                .map(|(cell, state)| (cell, state.encode()))
                .collect(),
            span: c.span.and_then(|s| serde_json::to_vec(&s).ok()),
            entities: c
                .procedures
                .into_iter()
                .map(|p| (p.entity, p.cell, p.records, p.divided))
                .collect(),
        }
    }

    fn merge_cell(
        &self,
        stored: Option<&[u8]>,
        delta: &[u8],
        sign: i64,
    ) -> Result<Option<Vec<u8>>, String> {
        CellState::merge_encoded(stored, delta, sign).map_err(|e| e.to_string())
    }

    fn change_entity(
        &self,
        entity: &str,
        stored: Option<&[u8]>,
        parts: &[(String, i64, i64)],
        sign: i64,
    ) -> Result<EntityChange, String> {
        let change = change_procedure(entity, stored, parts, sign).map_err(|e| e.to_string())?;
        Ok(EntityChange {
            state: change.state,
            spanning: change.spanning,
            cells: change
                .cells
                .into_iter()
                .map(|(cell, state)| (cell, state.encode()))
                .collect(),
        })
    }
}

/// The views last read, each with the generation it is exact for.
pub(crate) struct CubeCache {
    /// Of the aggregates the store keeps.
    pub(crate) fingerprint: String,
    pub(crate) loaded: Mutex<HashMap<u8, (i64, Arc<LoadedCube>)>>,
    /// Held while the views are derived: one derivation at a time per process.
    pub(crate) deriving: tokio::sync::Mutex<()>,
    /// Reports answered from the views, by query, for the generation they were computed at:
    /// a dashboard asks the same few queries again and again, and the answer of a
    /// generation never changes.
    pub(crate) answers: Mutex<HashMap<String, (i64, Report)>>,
}

/// Reports kept per process (the oldest are all dropped when it is full).
pub(crate) const ANSWERS_KEPT: usize = 512;

impl CubeCache {
    pub(crate) fn new(fingerprint: String) -> CubeCache {
        CubeCache {
            fingerprint,
            loaded: Mutex::new(HashMap::new()),
            deriving: tokio::sync::Mutex::new(()),
            answers: Mutex::new(HashMap::new()),
        }
    }
}

impl crate::App {
    /// Derives the views when they are out of date and reads every one into memory, so that
    /// the first reports of a server do not wait for them. The number of views read.
    pub async fn warm_views(&self) -> crate::AppResult<usize> {
        if !self.refresh_views().await? {
            return Ok(0);
        }
        let generation = self.store().aggregate_status().await?.views_generation;
        let mut read = 0;
        for view in View::all().into_iter().filter(|v| *v != View::FULL) {
            if self.loaded_cube(view, generation).await?.is_some() {
                read += 1;
            }
        }
        Ok(read)
    }

    /// Derives the views of the cube from the full cube and stores them, when the stored
    /// ones are not those of the aggregates now (after an ingest, a rebuild). Returns whether
    /// the stored views are current afterwards (`false`: the aggregates are out of date, or a
    /// save came in between; reports then read the full cube).
    pub async fn refresh_views(&self) -> crate::AppResult<bool> {
        let _one = self.cube.deriving.lock().await;
        let status = self.store().aggregate_status().await?;
        if !status.is_current(&self.cube.fingerprint) {
            return Ok(false);
        }
        if status.views_current() {
            return Ok(true);
        }
        let started = std::time::Instant::now();
        let full = self.store().aggregate_rows().await?;
        if full.generation != status.generation {
            return Ok(false);
        }
        let views = View::all();
        let derived = derive(&views, &full.cells, &full.spans, &full.spanning).map_err(|e| {
            spp_store::StoreError::Corrupt {
                what: "the stored aggregates".into(),
                reason: e.to_string(),
            }
        })?;
        drop(full);
        let sets: Vec<ViewRowSet> = derived
            .into_iter()
            .map(|v| ViewRowSet {
                view: i64::from(v.view),
                cells: v.cells,
                spans: v.spans,
                spanning: v.spanning,
            })
            .collect();
        let done = self.store().replace_views(status.generation, &sets).await?;
        tracing::info!(
            ms = started.elapsed().as_millis() as u64,
            views = sets.len(),
            cells = sets.iter().map(|v| v.cells.len()).sum::<usize>(),
            done,
            "views of the stored aggregates derived"
        );
        Ok(done)
    }
}
