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
use crate::measure::{Measure, Variant};
use crate::prepared::{Prepared, Stage};

#[derive(Debug, Default, Clone, Copy)]
pub struct Sme3;

/// Procedure key → divided into lots? Merging ORs the flags, so the count is exact.
pub type Sme3Partial = PerStage<BTreeMap<String, bool>>;

impl Sme3 {
    pub const META: Meta = Meta {
        id: "SME-3",
        name: "lots for SMEs (procedures divided into lots)",
        numerator: "procedures divided into > 1 lot",
        denominator: "all procedures",
        notes: "procedure = BT-04 (else the notice); counted once per stage",
        target: None,
    };

    fn key(p: &Prepared) -> String {
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
        let Some(stage) = p.stage else { return };
        let divided = p.record.lots_in_notice > 1;
        let map = partial.get_mut(stage);
        // Look up by reference first: most records belong to a procedure already seen.
        let found = match p.record.procedure_id.as_deref().map(str::trim) {
            Some(id) if !id.is_empty() => map.get_mut(id),
            _ => None,
        };
        match found {
            Some(slot) => *slot |= divided,
            None => *map.entry(Self::key(p)).or_insert(false) |= divided,
        }
    }
    fn merge(&self, into: &mut Self::Partial, other: Self::Partial) {
        for stage in Stage::ALL {
            let mine = into.get_mut(stage);
            for (key, divided) in other.get(stage) {
                *mine.entry(key.clone()).or_insert(false) |= *divided;
            }
        }
    }
    fn finalize(&self, partial: &Self::Partial) -> Vec<Measure> {
        Stage::ALL
            .iter()
            .map(|s| {
                let procedures = partial.get(*s);
                Measure {
                    stage: *s,
                    variant: Variant::Count,
                    split: None,
                    unit: "procedures",
                    numerator: Decimal::from(procedures.values().filter(|d| **d).count()),
                    denominator: Some(Decimal::from(procedures.len())),
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
