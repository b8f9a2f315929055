//! The cube kept in memory, the way the store keeps it in tables: for tests, and to see what
//! the store must do with a [`Contribution`].

use std::collections::BTreeMap;

use super::contribution::Contribution;
use super::entity::change_procedure;
use super::loaded::LoadedCube;
use super::{CellState, CubeError};

/// Cells, notice spans and procedures, by key.
#[derive(Debug, Clone, Default)]
pub struct MemoryCube {
    pub cells: BTreeMap<String, CellState>,
    pub spans: BTreeMap<String, Vec<u8>>,
    /// entity → (state, spanning)
    pub procedures: BTreeMap<String, (Vec<u8>, bool)>,
}

impl MemoryCube {
    /// Adds (sign 1) or takes out (-1) one notice's contribution.
    pub fn apply(&mut self, c: &Contribution, sign: i64) -> Result<(), CubeError> {
        for (key, state) in &c.cells {
            self.add_cell(key, state, sign);
        }
        if let Some(span) = &c.span {
            if sign > 0 {
                let bytes = serde_json::to_vec(span).map_err(|_| CubeError::corrupt("span"))?;
                self.spans.insert(span.notice_id.clone(), bytes);
            } else {
                self.spans.remove(&span.notice_id);
            }
        }
        for part in &c.procedures {
            let stored = self.procedures.get(&part.entity).map(|p| p.0.as_slice());
            let parts = [(part.cell.clone(), part.records, part.divided)];
            let change = change_procedure(&part.entity, stored, &parts, sign)?;
            for (key, state) in &change.cells {
                self.add_cell(key, state, 1);
            }
            match change.state {
                Some(state) => {
                    self.procedures
                        .insert(part.entity.clone(), (state, change.spanning));
                }
                None => {
                    self.procedures.remove(&part.entity);
                }
            }
        }
        Ok(())
    }

    fn add_cell(&mut self, key: &str, state: &CellState, sign: i64) {
        let cell = self.cells.entry(key.to_string()).or_default();
        cell.add(state, sign);
        if cell.is_zero() {
            self.cells.remove(key);
        }
    }

    /// Read as the store's rows would be read.
    pub fn load(&self) -> Result<LoadedCube, CubeError> {
        LoadedCube::from_rows(
            self.cells.iter().map(|(k, s)| (k.clone(), s.encode())),
            self.spans.values().cloned(),
            self.procedures
                .iter()
                .filter(|(_, (_, spanning))| *spanning)
                .map(|(k, (s, _))| (k.clone(), s.clone())),
        )
    }
}
