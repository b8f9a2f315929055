//! **GPP-1 — green procurement (declared).**
//!
//! - Numerator: lots with BT-06 = `env-imp`, or any BT-774 code, or a BT-805 code other than
//!   `none` — counted within the denominator.
//! - Denominator: as SPP-2, lots with BT-06 reported.
//! - Coverage: lots with BT-06 reported / all lots of the stage.
//! - Stages: call and award, count and EUR value variants.

use spp_domain::codelist::{GppCriteria, StrategicProcurement};

use crate::indicator::{codes, lot_share_indicator, Judgement, Meta, Why};
use crate::prepared::{Prepared, Stage};

#[derive(Debug, Default, Clone, Copy)]
pub struct Gpp1;

impl Gpp1 {
    pub const META: Meta = Meta {
        id: "GPP-1",
        name: "green procurement (declared)",
        numerator: "lots with BT-06 = env-imp, or any BT-774, or BT-805 ≠ none",
        denominator: "lots with BT-06 reported (as SPP-2)",
        notes: "coverage = lots with BT-06 reported / all lots; numerator counted within the denominator",
        target: None,
    };
    pub const STAGES: &'static [Stage] = &[Stage::Call, Stage::Award];

    pub fn judge(&self, p: &Prepared, _stage: Stage, explain: bool) -> Judgement {
        let r = p.record;
        let reported = !r.strategic.is_empty();
        let mut reasons = Why::new(explain);
        if !reported {
            reasons.push(|| "BT-06 not reported: not in the denominator".to_string());
        }
        let mut green = false;
        if r.strategic.contains(&StrategicProcurement::EnvImp) {
            reasons.push(|| "BT-06 = env-imp".to_string());
            green = true;
        }
        if !r.environmental.is_empty() {
            reasons.push(|| format!("BT-774 = {}", codes(&r.environmental)));
            green = true;
        }
        let criterion = |c: &&GppCriteria| **c != GppCriteria::None;
        if r.gpp_criteria.iter().any(|c| criterion(&c)) {
            reasons.push(|| {
                let criteria: Vec<&GppCriteria> = r.gpp_criteria.iter().filter(criterion).collect();
                format!("BT-805 = {}", codes(&criteria))
            });
            green = true;
        }
        if reported && !green {
            reasons.push(|| {
                format!(
                    "BT-06 = {}; no BT-774; no BT-805 other than none",
                    codes(&r.strategic)
                )
            });
        }
        Judgement {
            reported,
            denominator: reported,
            numerator: green,
            reasons: reasons.into_vec(),
        }
    }
}

lot_share_indicator!(Gpp1);
