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
use spp_monitoring::cube::contribution::contributions;
use spp_monitoring::cube::entity::change_procedure;
use spp_monitoring::cube::loaded::LoadedCube;
use spp_monitoring::cube::view::{view_of_key, View};
use spp_monitoring::cube::{CellState, LAYOUT};
use spp_monitoring::{plausibility, FxTable};
use spp_store::{AggregateDelta, Aggregator, EntityChange};

use crate::policy::CataloguePolicy;

/// The cube's arithmetic for one policy.
pub struct CubeAggregator {
    policy: CataloguePolicy,
    fingerprint: String,
    /// The views kept: the full cube and its projections (spp-monitoring's `cube::view`).
    views: Vec<View>,
}

impl CubeAggregator {
    pub fn new(policy: CataloguePolicy) -> CubeAggregator {
        let fingerprint = fingerprint(&policy);
        CubeAggregator {
            policy,
            fingerprint,
            views: View::all(),
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
        let mut delta = AggregateDelta::default();
        let views = &self.views;
        let all = contributions(records, FxTable::bundled(), Some(&self.policy), views);
        for (view, c) in views.iter().zip(all) {
            delta.cells.extend(
                c.cells
                    .into_iter()
                    .map(|(cell, state)| (cell, state.encode())),
            );
            if let Some(bytes) = c.span.and_then(|s| serde_json::to_vec(&s).ok()) {
                delta.spans.push((view.prefix(), bytes));
            }
            delta.entities.extend(
                c.procedures
                    .into_iter()
                    .map(|p| (p.entity, p.cell, p.records, p.divided)),
            );
        }
        delta
    }

    fn view_of(&self, key: &str) -> i64 {
        i64::from(view_of_key(key))
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
}

impl CubeCache {
    pub(crate) fn new(fingerprint: String) -> CubeCache {
        CubeCache {
            fingerprint,
            loaded: Mutex::new(HashMap::new()),
        }
    }
}
