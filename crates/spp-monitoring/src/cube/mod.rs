//! Stored aggregates that merge: the indicators' partial results per *cell* of a cube whose
//! dimensions are the report's filters and groupings (stage-date year, stage year, buyer
//! country, NUTS code, product group, procedure type, CPV division). A notice adds its
//! lots' contributions to its cells when it becomes current and subtracts them when it
//! stops being current, so every stored part is an integer (counts, amounts as mantissas per
//! scale) that adds and subtracts exactly ([`flat`]).
//!
//! Distinct counts do not add across cells: a winner (per notice), a notice and a procedure
//! (per stage) are *entities*. An entity that falls in one cell is counted in that cell; one
//! that spans cells is kept beside the cells with its part in each, and a query counts it once
//! if any of its cells is selected ([`loaded`]). Flagged lots are listed per notice with their
//! position, so the report lists them in record order.
//!
//! The store keeps the bytes ([`contribution`] makes them, [`entity`] merges procedures);
//! [`loaded::LoadedCube`] answers a report from them.

pub mod contribution;
pub mod derive;
pub mod entity;
pub mod flat;
pub mod flatten;
pub mod loaded;
pub mod memory;
pub mod view;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use spp_domain::{CodeList, LotRecord};

use crate::facts::LotFacts;
use crate::group::{GroupBy, UNKNOWN};
use crate::indicators::Partials;
use flat::{Flat, FlatReader};
use flatten::Flatten;

/// Why the cube cannot answer (the report is then computed from the records).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CubeError {
    #[error("stored aggregates unreadable: {0}")]
    Corrupt(&'static str),
    #[error("a stored count is negative")]
    Negative,
    #[error("a sum is out of the exact range of Decimal")]
    OutOfRange,
    #[error("the stored aggregates do not keep {0}")]
    Unanswerable(&'static str),
}

impl CubeError {
    pub(crate) fn corrupt(what: &'static str) -> CubeError {
        CubeError::Corrupt(what)
    }
}

/// The version of the cube's layout (part of the fingerprint: a new layout rebuilds).
pub const LAYOUT: u32 = 2;

/// A cell: the record's values of every dimension, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CellKey {
    /// Year of the stage date (award date, else dispatch date): what date filters read.
    pub date_year: Option<i32>,
    /// The stage year (`year` grouping).
    pub year: Option<i32>,
    pub country: Option<String>,
    pub nuts: Option<String>,
    pub product_group: Option<String>,
    pub procedure_type: Option<String>,
    pub cpv_division: Option<String>,
}

impl CellKey {
    pub fn of(r: &LotRecord) -> CellKey {
        CellKey {
            date_year: r
                .award_date
                .or(r.issue_date)
                .map(|d| chrono::Datelike::year(&d)),
            year: r.year,
            country: r.buyer_country.clone(),
            nuts: r.buyer_nuts.clone(),
            product_group: r.product_group.clone(),
            procedure_type: r.procedure_type.as_ref().map(|p| p.as_str().to_string()),
            cpv_division: r.main_cpv.as_ref().map(|c| c.division().to_string()),
        }
    }

    /// The key as stored (a JSON array).
    pub fn text(&self) -> String {
        serde_json::to_string(&(
            self.date_year,
            self.year,
            &self.country,
            &self.nuts,
            &self.product_group,
            &self.procedure_type,
            &self.cpv_division,
        ))
        .unwrap_or_default()
    }

    pub fn parse(text: &str) -> Result<CellKey, CubeError> {
        type Tuple = (
            Option<i32>,
            Option<i32>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let t: Tuple = serde_json::from_str(text).map_err(|_| CubeError::corrupt("cell key"))?;
        Ok(CellKey {
            date_year: t.0,
            year: t.1,
            country: t.2,
            nuts: t.3,
            product_group: t.4,
            procedure_type: t.5,
            cpv_division: t.6,
        })
    }

    /// The cell's group under `by`, named as [`GroupBy::key`] names a record's; `None` for
    /// the buyer, which the cube does not keep.
    pub fn group(&self, by: GroupBy) -> Option<String> {
        let key = match by {
            GroupBy::Year => self.year.map(|y| y.to_string()),
            GroupBy::Country => self.country.clone(),
            GroupBy::Nuts => self.nuts.clone(),
            GroupBy::Buyer => return None,
            GroupBy::ProductGroup => self.product_group.clone(),
            GroupBy::CpvDivision => self.cpv_division.clone(),
            GroupBy::Procedure => self.procedure_type.clone(),
        };
        Some(
            key.filter(|k| !k.trim().is_empty())
                .unwrap_or_else(|| UNKNOWN.to_string()),
        )
    }
}

/// What a cell holds, unflattened: the indicators' partial results, the lot facts and the
/// notices counted in it by form type.
#[derive(Debug, Clone, Default)]
pub struct CellParts {
    pub partials: Partials,
    pub facts: LotFacts,
    pub notices_by_form: BTreeMap<String, u64>,
}

impl Flatten for CellParts {
    fn flatten(&self, out: &mut Flat) {
        self.partials.flatten(out);
        self.facts.flatten(out);
        out.map(&self.notices_by_form);
    }
    fn unflatten(r: &mut FlatReader) -> Result<Self, CubeError> {
        Ok(CellParts {
            partials: Partials::unflatten(r)?,
            facts: LotFacts::unflatten(r)?,
            notices_by_form: r.map()?,
        })
    }
}

impl CellParts {
    pub fn to_flat(&self) -> Flat {
        let mut flat = Flat::default();
        self.flatten(&mut flat);
        flat
    }
}

/// A cell's stored state: the figures with flagged values left out, and what changes when
/// they are counted (`--include-implausible`; zero for almost every cell).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CellState {
    pub base: Flat,
    pub include_delta: Flat,
}

impl CellState {
    pub fn add(&mut self, other: &CellState, sign: i64) {
        self.base.add(&other.base, sign);
        self.include_delta.add(&other.include_delta, sign);
    }

    pub fn is_zero(&self) -> bool {
        self.base.is_zero() && self.include_delta.is_zero()
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.base.encode(&mut out);
        self.include_delta.encode(&mut out);
        out
    }

    pub fn decode(bytes: &[u8]) -> Result<CellState, CubeError> {
        let (base, rest) = Flat::decode(bytes)?;
        let (include_delta, rest) = Flat::decode(rest)?;
        if !rest.is_empty() {
            return Err(CubeError::corrupt("trailing bytes"));
        }
        Ok(CellState {
            base,
            include_delta,
        })
    }

    /// `a + sign × b` on encoded states; `None` when nothing is left.
    pub fn merge_encoded(
        stored: Option<&[u8]>,
        delta: &[u8],
        sign: i64,
    ) -> Result<Option<Vec<u8>>, CubeError> {
        let mut state = match stored {
            Some(bytes) => CellState::decode(bytes)?,
            None => CellState::default(),
        };
        state.add(&CellState::decode(delta)?, sign);
        Ok((!state.is_zero()).then(|| state.encode()))
    }
}
