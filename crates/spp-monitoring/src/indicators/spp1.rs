//! **SPP-1 — sustainable by policy.**
//!
//! - Numerator: lots/records that meet the configured policy (for example: the product
//!   group's essential criteria are applied).
//! - Denominator: lots/records in the product groups the policy covers.
//! - Coverage: lots the policy covers / all lots of the stage.
//! - The policy is data (TOML in the catalogue), evaluated once per record before folding;
//!   without a policy the indicator is reported empty.

use crate::indicator::{lot_share_indicator, Judgement, Meta, Why};
use crate::prepared::{PolicyOutcome, Prepared, Stage};

#[derive(Debug, Default, Clone, Copy)]
pub struct Spp1;

impl Spp1 {
    pub const META: Meta = Meta {
        id: "SPP-1",
        name: "sustainable by policy",
        numerator: "lots/records that meet the configured policy",
        denominator: "lots/records in product groups the policy covers",
        notes: "policy is data (TOML), not code; coverage = covered lots / all lots; target 100 %",
        target: Some(1.0),
    };
    pub const STAGES: &'static [Stage] = &[Stage::Call, Stage::Award];

    pub fn judge(&self, p: &Prepared, _stage: Stage, explain: bool) -> Judgement {
        match &p.policy {
            None => Judgement {
                reasons: Why::one(explain, || "no policy configured".into()),
                ..Judgement::default()
            },
            Some(PolicyOutcome::NotCovered) => Judgement {
                reasons: Why::one(explain, || {
                    format!(
                        "product group {} not covered by the policy",
                        p.record.product_group.as_deref().unwrap_or("(none)")
                    )
                }),
                ..Judgement::default()
            },
            Some(PolicyOutcome::Covered { met, reasons }) => Judgement {
                reported: true,
                denominator: true,
                numerator: *met,
                reasons: if explain { reasons.clone() } else { Vec::new() },
            },
        }
    }
}

lot_share_indicator!(Spp1);
