//! **SOC-1 — social procurement.**
//!
//! - Numerator: lots with BT-06 = `soc-obj`, or any BT-775 code, or reserved procurement
//!   (a BT-71 code other than `none`).
//! - Denominator: all lots of the stage.
//! - Also the "reported" variant (split `bt06-reported`): the same numerator restricted to,
//!   and divided by, the lots with BT-06 reported.
//! - Coverage: lots with BT-06 reported / all lots.
//! - Stages: call and award.

use spp_domain::codelist::{ReservedProcurement, StrategicProcurement};

use crate::indicator::{codes, Finding, Indicator, Judgement, Meta, PerStage, ShareTally, Why};
use crate::measure::Measure;
use crate::prepared::{Prepared, Stage};

#[derive(Debug, Default, Clone, Copy)]
pub struct Soc1;

/// Over all lots, and over lots with BT-06 reported.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Soc1Partial {
    pub all: ShareTally,
    pub reported: ShareTally,
}

impl Soc1 {
    pub const META: Meta = Meta {
        id: "SOC-1",
        name: "social procurement",
        numerator:
            "lots with BT-06 = soc-obj, or any BT-775, or reserved procurement (BT-71 ≠ none)",
        denominator: "all lots (split bt06-reported: lots with BT-06 reported)",
        notes: "coverage = lots with BT-06 reported / all lots",
        target: None,
    };

    pub fn judge(&self, p: &Prepared, explain: bool) -> Judgement {
        let r = p.record;
        let mut reasons = Why::new(explain);
        let mut social = false;
        if r.strategic.contains(&StrategicProcurement::SocObj) {
            reasons.push(|| "BT-06 = soc-obj".to_string());
            social = true;
        }
        if !r.social.is_empty() {
            reasons.push(|| format!("BT-775 = {}", codes(&r.social)));
            social = true;
        }
        let reservation = |c: &&ReservedProcurement| **c != ReservedProcurement::None;
        if r.reserved.iter().any(|c| reservation(&c)) {
            reasons.push(|| {
                let reserved: Vec<&ReservedProcurement> =
                    r.reserved.iter().filter(reservation).collect();
                format!("BT-71 = {}", codes(&reserved))
            });
            social = true;
        }
        if !social {
            reasons.push(|| "no BT-06 soc-obj, no BT-775, no reservation (BT-71)".to_string());
        }
        Judgement {
            reported: !r.strategic.is_empty(),
            denominator: true,
            numerator: social,
            reasons: reasons.into_vec(),
        }
    }
}

impl Indicator for Soc1 {
    type Partial = PerStage<Soc1Partial>;
    fn meta(&self) -> &'static Meta {
        &Self::META
    }
    fn fold(&self, partial: &mut Self::Partial, p: &Prepared) {
        let Some(stage) = p.stage else { return };
        let judgement = self.judge(p, false);
        let part = partial.get_mut(stage);
        part.all.add(p, &judgement);
        let reported_only = Judgement {
            denominator: judgement.reported,
            numerator: judgement.numerator && judgement.reported,
            ..judgement
        };
        part.reported.add(p, &reported_only);
    }
    fn merge(&self, into: &mut Self::Partial, other: Self::Partial) {
        into.call.all.merge(other.call.all);
        into.call.reported.merge(other.call.reported);
        into.award.all.merge(other.award.all);
        into.award.reported.merge(other.award.reported);
    }
    fn finalize(&self, partial: &Self::Partial) -> Vec<Measure> {
        Stage::ALL
            .iter()
            .flat_map(|s| {
                let part = partial.get(*s);
                let mut m = part.all.measures(*s, "lots", None).to_vec();
                m.extend(part.reported.measures(*s, "lots", Some("bt06-reported")));
                m
            })
            .collect()
    }
    fn explain(&self, p: &Prepared) -> Vec<Finding> {
        p.stage
            .map(|s| self.judge(p, true).finding(Self::META.id, s))
            .into_iter()
            .collect()
    }
}
