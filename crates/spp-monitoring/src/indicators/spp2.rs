//! **SPP-2 — declared strategic procurement.**
//!
//! - Numerator: lots with BT-06 ∈ {`env-imp`, `soc-obj`, `inn-pur`}, or any BT-774 / BT-775 /
//!   BT-776 code, or BT-805 ∈ {`eu`, `national`, `other`} — counted only among the lots of the
//!   denominator, so the ratio stays a share.
//! - Denominator: lots with BT-06 reported (any code, `none` included).
//! - Coverage: lots with BT-06 reported / all lots of the stage (a lot without BT-06 has not
//!   reported; it is not a "no").
//! - Stages: call (competition notices, dispatch year; value = BT-27 estimated) and award
//!   (result notices, award year; value = awarded Σ BT-720 in EUR). Target: 100 %.

use spp_domain::codelist::{GppCriteria, StrategicProcurement};
use spp_domain::LotRecord;

use crate::indicator::{codes, lot_share_indicator, Judgement, Meta, Why};
use crate::prepared::{Prepared, Stage};

#[derive(Debug, Default, Clone, Copy)]
pub struct Spp2;

impl Spp2 {
    pub const META: Meta = Meta {
        id: "SPP-2",
        name: "declared strategic procurement",
        numerator: "lots with BT-06 ∈ {env-imp, soc-obj, inn-pur}, or any BT-774/775/776, or BT-805 ∈ {eu, national, other}",
        denominator: "lots with BT-06 reported",
        notes: "coverage = lots with BT-06 reported / all lots; numerator counted within the denominator; target 100 %",
        target: Some(1.0),
    };
    pub const STAGES: &'static [Stage] = &[Stage::Call, Stage::Award];

    pub fn judge(&self, p: &Prepared, _stage: Stage, explain: bool) -> Judgement {
        let r = p.record;
        let reported = !r.strategic.is_empty();
        let mut reasons = Why::new(explain);
        if !reported {
            reasons.push(|| "BT-06 not reported: not in the denominator".to_string());
        }
        let declared = declared_strategic(r, &mut reasons);
        if reported && !declared {
            reasons.push(|| {
                format!(
                    "BT-06 = {}; no BT-774/775/776; BT-805 {}",
                    codes(&r.strategic),
                    if r.gpp_criteria.is_empty() {
                        "not reported".to_string()
                    } else {
                        format!("= {}", codes(&r.gpp_criteria))
                    }
                )
            });
        }
        Judgement {
            reported,
            denominator: reported,
            numerator: declared,
            reasons: reasons.into_vec(),
        }
    }
}

/// True when any strategic field declares an objective; pushes the deciding fields.
pub(crate) fn declared_strategic(r: &LotRecord, reasons: &mut Why) -> bool {
    let mut hit = false;
    for code in &r.strategic {
        if matches!(
            code,
            StrategicProcurement::EnvImp
                | StrategicProcurement::SocObj
                | StrategicProcurement::InnPur
        ) {
            reasons.push(|| format!("BT-06 = {code}"));
            hit = true;
        }
    }
    if !r.environmental.is_empty() {
        reasons.push(|| format!("BT-774 = {}", codes(&r.environmental)));
        hit = true;
    }
    if !r.social.is_empty() {
        reasons.push(|| format!("BT-775 = {}", codes(&r.social)));
        hit = true;
    }
    if !r.innovative.is_empty() {
        reasons.push(|| format!("BT-776 = {}", codes(&r.innovative)));
        hit = true;
    }
    let established = |c: &&GppCriteria| {
        matches!(
            c,
            GppCriteria::Eu | GppCriteria::National | GppCriteria::Other
        )
    };
    if r.gpp_criteria.iter().any(|c| established(&c)) {
        reasons.push(|| {
            let criteria: Vec<&GppCriteria> = r.gpp_criteria.iter().filter(established).collect();
            format!("BT-805 = {}", codes(&criteria))
        });
        hit = true;
    }
    hit
}

lot_share_indicator!(Spp2);
