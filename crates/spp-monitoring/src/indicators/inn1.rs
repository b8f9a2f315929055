//! **INN-1 — innovative procurement (the 3 % norm).**
//!
//! - Numerator: awarded value (EUR) of lots with BT-06 = `inn-pur`, or any BT-776 code, or
//!   procedure type BT-105 = `innovation` (innovation partnership).
//! - Denominator: total awarded value (EUR) of all lots of the same scope.
//! - The value variant at the award stage is the headline, against the 3 % norm; the count
//!   variant and the call stage (BT-27 estimated value) are reported too.
//! - Lots without a known EUR value (withheld, partial, framework ceiling only, no rate) are
//!   left out of both sides and counted apart.
//! - Coverage: lots with BT-06 reported / all lots.

use spp_domain::codelist::{ProcedureType, StrategicProcurement};

use crate::indicator::{codes, lot_share_indicator, Judgement, Meta, Why};
use crate::prepared::{Prepared, Stage};

#[derive(Debug, Default, Clone, Copy)]
pub struct Inn1;

impl Inn1 {
    pub const META: Meta = Meta {
        id: "INN-1",
        name: "innovative procurement (3 % norm)",
        numerator: "awarded value of lots with BT-06 = inn-pur, or any BT-776, or BT-105 = innovation",
        denominator: "total awarded value, same scope",
        notes: "headline = value variant at award stage, target 3 %; coverage = lots with BT-06 reported / all lots",
        target: Some(0.03),
    };
    pub const STAGES: &'static [Stage] = &[Stage::Call, Stage::Award];

    pub fn judge(&self, p: &Prepared, _stage: Stage, explain: bool) -> Judgement {
        let r = p.record;
        let mut reasons = Why::new(explain);
        let mut innovative = false;
        if r.strategic.contains(&StrategicProcurement::InnPur) {
            reasons.push(|| "BT-06 = inn-pur".to_string());
            innovative = true;
        }
        if !r.innovative.is_empty() {
            reasons.push(|| format!("BT-776 = {}", codes(&r.innovative)));
            innovative = true;
        }
        if r.procedure_type == Some(ProcedureType::Innovation) {
            reasons.push(|| "BT-105 = innovation".to_string());
            innovative = true;
        }
        if !innovative {
            reasons.push(|| "no BT-06 inn-pur, no BT-776, BT-105 ≠ innovation".to_string());
        }
        Judgement {
            reported: !r.strategic.is_empty(),
            denominator: true,
            numerator: innovative,
            reasons: reasons.into_vec(),
        }
    }
}

lot_share_indicator!(Inn1);
