//! **CMP-1 — single bidder.**
//!
//! - Numerator: awarded lots with exactly one tender received (BT-759 for BT-760 `tenders` = 1).
//! - Denominator: awarded lots with BT-759 `tenders` known.
//! - Coverage: awarded lots with BT-759 known / awarded lots.
//! - Stage: award only (result notices; a lot is awarded when a lot result says `selec-w` or a
//!   settled contract names a winning tender).

use crate::indicator::{Judgement, Meta, Why};
use crate::prepared::{Prepared, Stage};

#[derive(Debug, Default, Clone, Copy)]
pub struct Cmp1;

impl Cmp1 {
    pub const META: Meta = Meta {
        id: "CMP-1",
        name: "single bidder",
        numerator: "awarded lots with exactly one tender received (BT-759 tenders = 1)",
        denominator: "awarded lots with BT-759 tenders known",
        notes: "award stage; lots not awarded are outside the universe",
        target: None,
    };
    pub const STAGES: &'static [Stage] = &[Stage::Award];

    pub fn judge(&self, p: &Prepared, _stage: Stage, explain: bool) -> Judgement {
        let r = p.record;
        if !r.awarded {
            return Judgement {
                reasons: Why::one(explain, || "lot not awarded: outside the universe".into()),
                ..Judgement::default()
            };
        }
        match r.tenders_received {
            None => Judgement {
                reasons: Why::one(explain, || {
                    "BT-759 (tenders) not reported: not in the denominator".into()
                }),
                ..Judgement::default()
            },
            Some(n) => Judgement {
                reported: true,
                denominator: true,
                numerator: n == 1,
                reasons: Why::one(explain, || format!("BT-759 tenders = {n}")),
            },
        }
    }
}

// Lots that were not awarded are outside the universe altogether (not only outside the
// denominator), so the generic tally is fed only with awarded lots.
impl crate::indicator::Indicator for Cmp1 {
    type Partial = crate::indicator::ShareTally;
    fn meta(&self) -> &'static Meta {
        &Self::META
    }
    fn fold(&self, partial: &mut Self::Partial, p: &Prepared) {
        if p.stage == Some(Stage::Award) && p.record.awarded {
            partial.add(p, &self.judge(p, Stage::Award, false));
        }
    }
    fn merge(&self, into: &mut Self::Partial, other: Self::Partial) {
        into.merge(other);
    }
    fn finalize(&self, partial: &Self::Partial) -> Vec<crate::measure::Measure> {
        partial.measures(Stage::Award, "lots", None).into()
    }
    fn explain(&self, p: &Prepared) -> Vec<crate::indicator::Finding> {
        if p.stage != Some(Stage::Award) {
            return Vec::new();
        }
        vec![self
            .judge(p, Stage::Award, true)
            .finding(Self::META.id, Stage::Award)]
    }
}
