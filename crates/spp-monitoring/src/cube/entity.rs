//! Procedures in the cube. A procedure (per stage, SME-3's unit) may gather lots of several
//! notices in several cells, so the store keeps each one's lots per cell over all its current
//! notices. A procedure in one cell is counted in that cell's state; one in several cells is
//! read beside the cells and counted once per query ([`loaded`](super::loaded)).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{CellParts, CellState, CubeError};
use crate::indicators::sme3::{ProcedureCounts, Procedures};
use crate::prepared::Stage;

/// A procedure's lots per cell: (lots, lots of notices divided into lots).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcedureState {
    pub cells: BTreeMap<String, (i64, i64)>,
}

impl ProcedureState {
    pub fn decode(bytes: &[u8]) -> Result<ProcedureState, CubeError> {
        serde_json::from_slice(bytes).map_err(|_| CubeError::corrupt("procedure"))
    }

    pub fn encode(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// The one cell and whether it is divided into lots, when the procedure is in one cell.
    fn single(&self) -> Option<(&str, bool)> {
        match self.cells.len() {
            1 => self
                .cells
                .iter()
                .next()
                .map(|(c, (_, d))| (c.as_str(), *d > 0)),
            _ => None,
        }
    }
}

/// The stage of an entity key (`call:…`, `award:…`).
pub fn stage_of(entity: &str) -> Option<Stage> {
    match super::view::strip_view(entity).split_once(':')?.0 {
        "call" => Some(Stage::Call),
        "award" => Some(Stage::Award),
        _ => None,
    }
}

/// What a change to one procedure does.
#[derive(Debug, Clone, Default)]
pub struct ProcedureChange {
    /// The new state; `None` when no current lot is left.
    pub state: Option<Vec<u8>>,
    /// In more than one cell.
    pub spanning: bool,
    /// Cell states to add (the procedure's count moving in or out of a cell).
    pub cells: Vec<(String, CellState)>,
}

/// Applies `sign × parts` (cell, lots, divided lots) to the stored state of procedure
/// `entity`.
pub fn change_procedure(
    entity: &str,
    stored: Option<&[u8]>,
    parts: &[(String, i64, i64)],
    sign: i64,
) -> Result<ProcedureChange, CubeError> {
    let stage = stage_of(entity).ok_or(CubeError::corrupt("procedure key"))?;
    let old = stored
        .map(ProcedureState::decode)
        .transpose()?
        .unwrap_or_default();
    let mut new = old.clone();
    for (cell, records, divided) in parts {
        let entry = new.cells.entry(cell.clone()).or_default();
        entry.0 += sign * records;
        entry.1 += sign * divided;
        if entry.0 < 0 || entry.1 < 0 {
            return Err(CubeError::Negative);
        }
        if *entry == (0, 0) {
            new.cells.remove(cell);
        }
    }
    let mut cells = Vec::new();
    if old.single() != new.single() {
        if let Some((cell, divided)) = old.single() {
            cells.push((cell.to_string(), counted(stage, divided, -1)));
        }
        if let Some((cell, divided)) = new.single() {
            cells.push((cell.to_string(), counted(stage, divided, 1)));
        }
    }
    Ok(ProcedureChange {
        spanning: new.cells.len() > 1,
        state: (!new.cells.is_empty()).then(|| new.encode()),
        cells,
    })
}

/// One procedure counted (sign 1) or taken out (-1) of a cell.
pub(crate) fn counted(stage: Stage, divided: bool, sign: i64) -> CellState {
    let mut parts = CellParts::default();
    *parts.partials.sme3.get_mut(stage) = Procedures::counted_only(ProcedureCounts {
        procedures: 1,
        divided: u64::from(divided),
    });
    let mut state = CellState::default();
    state.base.add(&parts.to_flat(), sign);
    state
}
