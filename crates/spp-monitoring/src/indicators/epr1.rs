//! **EPR-1 — e-submission.**
//!
//! - Numerator: lots with BT-17 = `required`.
//! - Denominator: lots with BT-17 reported.
//! - Coverage: lots with BT-17 reported / all lots of the stage.
//! - Stages: call and award (BT-17 is a call-stage field; result notices repeat it when the
//!   publisher includes it).

use spp_domain::codelist::ESubmission;

use crate::indicator::{lot_share_indicator, Judgement, Meta, Why};
use crate::prepared::{Prepared, Stage};

#[derive(Debug, Default, Clone, Copy)]
pub struct Epr1;

impl Epr1 {
    pub const META: Meta = Meta {
        id: "EPR-1",
        name: "e-submission",
        numerator: "lots with BT-17 = required",
        denominator: "lots with BT-17 reported",
        notes: "coverage = lots with BT-17 reported / all lots",
        target: None,
    };
    pub const STAGES: &'static [Stage] = &[Stage::Call, Stage::Award];

    pub fn judge(&self, p: &Prepared, _stage: Stage, explain: bool) -> Judgement {
        match &p.record.esubmission {
            None => Judgement {
                reasons: Why::one(explain, || {
                    "BT-17 not reported: not in the denominator".into()
                }),
                ..Judgement::default()
            },
            Some(code) => Judgement {
                reported: true,
                denominator: true,
                numerator: *code == ESubmission::Required,
                reasons: Why::one(explain, || format!("BT-17 = {code}")),
            },
        }
    }
}

lot_share_indicator!(Epr1);
