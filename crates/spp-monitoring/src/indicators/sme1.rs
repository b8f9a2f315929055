//! **SME-1 — SME contractors.**
//!
//! - Unit: a winner, i.e. a distinct winning organisation of one result notice (the corpus
//!   fact `winners`): a consortium counts each member; an organisation winning several lots
//!   of the same notice counts once; tenders that no settled contract references never count.
//! - Numerator: winners whose BT-165 is `micro`, `small`, `medium` or `sme` (`winners_sme`).
//! - Denominator: winners with BT-165 known (`large` included).
//! - Coverage: winners with BT-165 known / all winners.
//! - Stage: award.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::indicator::{Finding, Indicator, Meta};
use crate::measure::{Coverage, Measure, Variant};
use crate::prepared::{Prepared, Stage};
use crate::winners::{WinnerCounts, WinnerSet};

#[derive(Debug, Default, Clone, Copy)]
pub struct Sme1;

/// (notice id, organisation id) → SME? The size counted is the first known one in record
/// order (`first_known`, `None` = size unknown). Sets merge exactly.
#[derive(Debug, Clone, Default)]
pub struct Sme1Partial {
    pub winners: WinnerSet,
    /// Winners counted beforehand, outside the set (stored aggregates).
    pub counted: WinnerCounts,
}

impl Sme1Partial {
    /// The set's counts and those counted beforehand.
    pub fn counts(&self) -> WinnerCounts {
        let mut counts = WinnerCounts::of(&self.winners);
        counts.merge(self.counted);
        counts
    }
}

impl Sme1 {
    pub const META: Meta = Meta {
        id: "SME-1",
        name: "SME contractors",
        numerator: "winners with BT-165 ∈ {micro, small, medium, sme}",
        denominator: "winners with BT-165 known",
        notes: "winner = distinct winning organisation per result notice (consortium members each count); coverage = winners with BT-165 known / all winners",
        target: None,
    };
}

impl Indicator for Sme1 {
    type Partial = Sme1Partial;
    fn meta(&self) -> &'static Meta {
        &Self::META
    }
    fn fold(&self, partial: &mut Self::Partial, p: &Prepared) {
        // Only result notices (the award stage) have winners in the set.
        partial.winners.add(p.record);
    }
    fn merge(&self, into: &mut Self::Partial, other: Self::Partial) {
        into.winners.merge(other.winners);
        into.counted.merge(other.counted);
    }
    fn finalize(&self, partial: &Self::Partial) -> Vec<Measure> {
        let counts = partial.counts();
        let (known, sme) = (counts.known, counts.sme);
        vec![Measure {
            stage: Stage::Award,
            variant: Variant::Count,
            split: None,
            unit: "winners",
            numerator: Decimal::from(sme),
            denominator: Some(Decimal::from(known)),
            coverage: Some(Coverage {
                reported: known,
                universe: counts.winners,
            }),
            value_unknown: 0,
            unconverted: BTreeMap::new(),
        }]
    }
    fn explain(&self, p: &Prepared) -> Vec<Finding> {
        if p.stage != Some(Stage::Award) {
            return Vec::new();
        }
        let winners = &p.record.winners;
        let mut reasons: Vec<String> = winners
            .iter()
            .map(|w| match &w.size {
                Some(size) => format!("winner {} BT-165 = {size}", w.organisation_id),
                None => format!("winner {} BT-165 not reported", w.organisation_id),
            })
            .collect();
        if winners.is_empty() {
            reasons.push("no winner reached through a settled contract".to_string());
        }
        vec![Finding {
            indicator: Self::META.id,
            stage: Stage::Award,
            in_denominator: winners
                .iter()
                .any(|w| w.size.as_ref().and_then(|s| s.is_sme()).is_some()),
            in_numerator: winners
                .iter()
                .any(|w| w.size.as_ref().and_then(|s| s.is_sme()) == Some(true)),
            reasons,
        }]
    }
}
