//! **CMP-3 — price-only award.**
//!
//! - Numerator: lots whose award criteria (BT-539) are all `price`.
//! - Denominator: lots with at least one award criterion type.
//! - Coverage: lots with award criteria / all lots of the stage.
//! - Stages: call and award.

use spp_domain::codelist::AwardCriterionType;

use crate::indicator::{codes, lot_share_indicator, Judgement, Meta, Why};
use crate::prepared::{Prepared, Stage};

#[derive(Debug, Default, Clone, Copy)]
pub struct Cmp3;

impl Cmp3 {
    pub const META: Meta = Meta {
        id: "CMP-3",
        name: "price-only award",
        numerator: "lots whose award criteria (BT-539) are all price",
        denominator: "lots with award criteria",
        notes: "coverage = lots with BT-539 reported / all lots",
        target: None,
    };
    pub const STAGES: &'static [Stage] = &[Stage::Call, Stage::Award];

    pub fn judge(&self, p: &Prepared, _stage: Stage, explain: bool) -> Judgement {
        let types = &p.record.award_criterion_types;
        if types.is_empty() {
            return Judgement {
                reasons: Why::one(explain, || {
                    "BT-539 not reported: not in the denominator".into()
                }),
                ..Judgement::default()
            };
        }
        Judgement {
            reported: true,
            denominator: true,
            numerator: types.iter().all(|t| *t == AwardCriterionType::Price),
            reasons: Why::one(explain, || format!("BT-539 = {}", codes(types))),
        }
    }
}

lot_share_indicator!(Cmp3);
