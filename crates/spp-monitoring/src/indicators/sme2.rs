//! **SME-2 — SME bids.**
//!
//! - Numerator: Σ BT-759 for BT-760 = `t-sme` (tenders received from SMEs).
//! - Denominator: Σ BT-759 for BT-760 = `tenders`, over the same lots.
//! - Lots: award-stage lots that report both counts; a lot reporting only the total is not
//!   in the denominator (unknown is not zero).
//! - Coverage: lots reporting both counts / all award-stage lots.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::indicator::{Finding, Indicator, Meta};
use crate::measure::{Coverage, Measure, Variant};
use crate::prepared::{Prepared, Stage};

#[derive(Debug, Default, Clone, Copy)]
pub struct Sme2;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sme2Partial {
    pub lots: u64,
    pub lots_reported: u64,
    pub sme_tenders: u64,
    pub tenders: u64,
}

impl Sme2 {
    pub const META: Meta = Meta {
        id: "SME-2",
        name: "SME bids",
        numerator: "Σ BT-759 of type t-sme",
        denominator: "Σ BT-759 of type tenders, same lots",
        notes: "award stage; only lots reporting both counts; coverage = those lots / all award-stage lots",
        target: None,
    };

    fn pair(p: &Prepared) -> Option<(u64, u64)> {
        Some((p.record.sme_tenders_received?, p.record.tenders_received?))
    }
}

impl Indicator for Sme2 {
    type Partial = Sme2Partial;
    fn meta(&self) -> &'static Meta {
        &Self::META
    }
    fn fold(&self, partial: &mut Self::Partial, p: &Prepared) {
        if p.stage != Some(Stage::Award) {
            return;
        }
        partial.lots += 1;
        if let Some((sme, all)) = Self::pair(p) {
            partial.lots_reported += 1;
            partial.sme_tenders += sme;
            partial.tenders += all;
        }
    }
    fn merge(&self, into: &mut Self::Partial, other: Self::Partial) {
        into.lots += other.lots;
        into.lots_reported += other.lots_reported;
        into.sme_tenders += other.sme_tenders;
        into.tenders += other.tenders;
    }
    fn finalize(&self, partial: &Self::Partial) -> Vec<Measure> {
        vec![Measure {
            stage: Stage::Award,
            variant: Variant::Count,
            split: None,
            unit: "tenders",
            numerator: Decimal::from(partial.sme_tenders),
            denominator: Some(Decimal::from(partial.tenders)),
            coverage: Some(Coverage {
                reported: partial.lots_reported,
                universe: partial.lots,
            }),
            value_unknown: 0,
            unconverted: BTreeMap::new(),
        }]
    }
    fn explain(&self, p: &Prepared) -> Vec<Finding> {
        if p.stage != Some(Stage::Award) {
            return Vec::new();
        }
        let r = p.record;
        let show = |v: Option<u64>| v.map_or("not reported".to_string(), |n| n.to_string());
        let pair = Self::pair(p);
        vec![Finding {
            indicator: Self::META.id,
            stage: Stage::Award,
            in_denominator: pair.is_some_and(|(_, all)| all > 0),
            in_numerator: pair.is_some_and(|(sme, _)| sme > 0),
            reasons: vec![format!(
                "BT-759 tenders = {}, t-sme = {}",
                show(r.tenders_received),
                show(r.sme_tenders_received)
            )],
        }]
    }
}
