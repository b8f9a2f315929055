//! **SME-3 — lots for SMEs (procedures divided into lots).**
//!
//! - Unit: a procedure (BT-04; a notice without BT-04 is its own procedure), counted once per
//!   stage however many of its lots or notices are in scope.
//! - Numerator: procedures divided into more than one lot (a notice of the procedure has > 1 lot).
//! - Denominator: all procedures.
//! - Stages: call (competition notices) and award (result notices).

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::indicator::{Finding, Indicator, Meta, PerStage};
use crate::keys::Interner;
use crate::measure::{Measure, Variant};
use crate::prepared::{Prepared, Stage};

#[derive(Debug, Default, Clone, Copy)]
pub struct Sme3;

/// The procedures of one stage.
pub type Sme3Partial = PerStage<Procedures>;

/// Procedure key → divided into lots? Merging ORs the flags, so the count is exact.
#[derive(Debug, Clone, Default)]
pub struct Procedures {
    keys: Interner,
    /// Per procedure id: divided into lots.
    divided: Vec<bool>,
    /// The id of the last BT-04 folded (the lots of a notice usually come one after another).
    last: Option<u32>,
    /// Procedures counted beforehand, outside the set (stored aggregates).
    pub counted: ProcedureCounts,
}

/// Counts of procedures: all, and those divided into lots.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProcedureCounts {
    pub procedures: u64,
    pub divided: u64,
}

impl Procedures {
    /// Procedures known only by their counts (stored aggregates).
    pub fn counted_only(counted: ProcedureCounts) -> Procedures {
        Procedures {
            counted,
            ..Procedures::default()
        }
    }

    fn add(&mut self, p: &Prepared) {
        let divided = p.record.lots_in_notice > 1;
        let id = p.record.procedure_id.as_deref().map(str::trim);
        let key = match (id.filter(|id| !id.is_empty()), self.last) {
            (Some(id), Some(last)) if self.keys.name(last) == Some(id) => last,
            (Some(id), _) => {
                let key = self.keys.intern(id);
                self.last = Some(key);
                key
            }
            (None, _) => self.keys.intern(&Sme3::key(p)),
        };
        self.set(key, divided);
    }

    fn set(&mut self, key: u32, divided: bool) {
        let index = key as usize;
        if index >= self.divided.len() {
            self.divided.resize(index + 1, false);
        }
        if let Some(flag) = self.divided.get_mut(index) {
            *flag |= divided;
        }
    }

    fn merge(&mut self, mut other: Procedures) {
        // OR is symmetric: take the smaller set into the larger one.
        if other.keys.len() > self.keys.len() {
            std::mem::swap(self, &mut other);
        }
        self.counted.procedures += other.counted.procedures;
        self.counted.divided += other.counted.divided;
        let remap = self.keys.absorb(&other.keys);
        for (theirs, divided) in other.divided.into_iter().enumerate() {
            if let Some(key) = remap.get(theirs) {
                self.set(*key, divided);
            }
        }
    }

    /// (procedures divided into lots, all procedures)
    fn counts(&self) -> (u64, u64) {
        let divided = self.divided.iter().filter(|d| **d).count() as u64;
        (
            divided + self.counted.divided,
            self.keys.len() as u64 + self.counted.procedures,
        )
    }
}

impl Sme3 {
    pub const META: Meta = Meta {
        id: "SME-3",
        name: "lots for SMEs (procedures divided into lots)",
        numerator: "procedures divided into > 1 lot",
        denominator: "all procedures",
        notes: "procedure = BT-04 (else the notice); counted once per stage",
        target: None,
    };

    /// The procedure a record belongs to.
    pub fn key(p: &Prepared) -> String {
        match &p.record.procedure_id {
            Some(id) if !id.trim().is_empty() => id.trim().to_string(),
            _ => format!("notice:{}", p.record.notice_id),
        }
    }
}

impl Indicator for Sme3 {
    type Partial = Sme3Partial;
    fn meta(&self) -> &'static Meta {
        &Self::META
    }
    fn fold(&self, partial: &mut Self::Partial, p: &Prepared) {
        if let Some(stage) = p.stage {
            partial.get_mut(stage).add(p);
        }
    }
    fn merge(&self, into: &mut Self::Partial, other: Self::Partial) {
        into.call.merge(other.call);
        into.award.merge(other.award);
    }
    fn finalize(&self, partial: &Self::Partial) -> Vec<Measure> {
        Stage::ALL
            .iter()
            .map(|s| {
                let (divided, procedures) = partial.get(*s).counts();
                Measure {
                    stage: *s,
                    variant: Variant::Count,
                    split: None,
                    unit: "procedures",
                    numerator: Decimal::from(divided),
                    denominator: Some(Decimal::from(procedures)),
                    coverage: None,
                    value_unknown: 0,
                    unconverted: BTreeMap::new(),
                }
            })
            .collect()
    }
    fn explain(&self, p: &Prepared) -> Vec<Finding> {
        let Some(stage) = p.stage else {
            return Vec::new();
        };
        vec![Finding {
            indicator: Self::META.id,
            stage,
            in_denominator: true,
            in_numerator: p.record.lots_in_notice > 1,
            reasons: vec![format!(
                "procedure {} has {} lot(s) in this notice",
                Self::key(p),
                p.record.lots_in_notice
            )],
        }]
    }
}
