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

#[derive(Debug, Default, Clone, Copy)]
pub struct Sme1;

/// notice id → organisation id → SME? (`None` = size unknown). Sets merge exactly.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sme1Partial {
    pub winners: BTreeMap<String, BTreeMap<String, Option<bool>>>,
}

impl Sme1Partial {
    fn sizes(&self) -> impl Iterator<Item = &Option<bool>> {
        self.winners.values().flat_map(|orgs| orgs.values())
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
        if p.stage != Some(Stage::Award) {
            return;
        }
        if p.record.winners.is_empty() {
            return;
        }
        let orgs = match partial.winners.get_mut(p.record.notice_id.as_str()) {
            Some(orgs) => orgs,
            None => partial
                .winners
                .entry(p.record.notice_id.clone())
                .or_default(),
        };
        for w in &p.record.winners {
            let sme = w.size.as_ref().and_then(|s| s.is_sme());
            match orgs.get_mut(w.organisation_id.as_str()) {
                Some(slot) => *slot = slot.or(sme),
                None => {
                    orgs.insert(w.organisation_id.clone(), sme);
                }
            }
        }
    }
    fn merge(&self, into: &mut Self::Partial, other: Self::Partial) {
        for (notice, orgs) in other.winners {
            let mine = into.winners.entry(notice).or_default();
            for (org, sme) in orgs {
                let slot = mine.entry(org).or_insert(sme);
                *slot = slot.or(sme);
            }
        }
    }
    fn finalize(&self, partial: &Self::Partial) -> Vec<Measure> {
        let known = partial.sizes().filter(|s| s.is_some()).count() as u64;
        let sme = partial.sizes().filter(|s| **s == Some(true)).count() as u64;
        vec![Measure {
            stage: Stage::Award,
            variant: Variant::Count,
            split: None,
            unit: "winners",
            numerator: Decimal::from(sme),
            denominator: Some(Decimal::from(known)),
            coverage: Some(Coverage {
                reported: known,
                universe: partial.sizes().count() as u64,
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
